/* Error codes of libcvd: one table, each code with its name and message. */
#ifndef CVD_ERR_H
#define CVD_ERR_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "cvd/compiler.h"

/* XX(NAME, message). Codes are negative, in table order; 0 is success. */
#define CVD_ERR_MAP(XX)                                                                            \
    XX(ENOMEM, "out of memory")                                                                    \
    XX(EINVAL, "invalid argument")                                                                 \
    XX(EPARSE, "syntax error")                                                                     \
    XX(ELIMIT, "limit exceeded")                                                                   \
    XX(EOVERFLOW, "arithmetic overflow")                                                           \
    XX(ERANGE, "value out of range")                                                               \
    XX(EUTF8, "invalid UTF-8")                                                                     \
    XX(EDUP, "duplicate entry")                                                                    \
    XX(ETYPE, "wrong type")                                                                        \
    XX(ENOTFOUND, "not found")                                                                     \
    XX(EMISSING, "required item missing")                                                          \
    XX(EORDER, "items out of order")                                                               \
    XX(EIO, "input/output error")                                                                  \
    XX(ENOTSUP, "not supported")                                                                   \
    XX(EDB, "storage error")                                                                       \
    XX(ESTATE, "not allowed in the current state")                                                 \
    XX(EDENIED, "permission denied")                                                               \
    XX(EAUTH, "authentication required")                                                           \
    XX(ERATE, "too many requests")

#define CVD__ERR_INDEX(name, msg) CVD__IDX_##name,
enum cvd__err_index { CVD_ERR_MAP(CVD__ERR_INDEX) CVD__ERR_COUNT };
#undef CVD__ERR_INDEX

#define CVD__ERR_VALUE(name, msg) CVD_##name = -1 - CVD__IDX_##name,
enum cvd_err { CVD_OK = 0, CVD_ERR_MAP(CVD__ERR_VALUE) };
#undef CVD__ERR_VALUE

/** Symbolic name of an error code ("ENOMEM"), "OK" for 0, "EUNKNOWN" otherwise. Static storage. */
const char *cvd_err_name(int rc);

/** Human message for an error code ("out of memory"). Static storage. */
const char *cvd_strerror(int rc);

/**
 * Where and why a parser or validator failed. Filled by the callee on error only; callers may
 * pass NULL wherever a `struct cvd_diag *` is taken.
 */
struct cvd_diag {
    int code;        /* a CVD_E* code */
    size_t offset;   /* byte offset into the input, when known */
    uint32_t line;   /* 1-based, 0 when unknown */
    uint32_t column; /* 1-based byte column, 0 when unknown */
    char msg[256];   /* lower-case message, no final full stop; always NUL-terminated */
};

/** Set code and a formatted message (truncated to fit). Accepts a NULL diag. Returns code. */
int cvd_diag_set(struct cvd_diag *d, int code, const char *fmt, ...) CVD_PRINTF(3, 4);
int cvd_diag_vset(struct cvd_diag *d, int code, const char *fmt, va_list ap) CVD_PRINTF(3, 0);

/**
 * cvd_diag_set, and record the byte offset into the input where the problem lies. line and
 * column are left as they are (callers that know them set them). Accepts a NULL diag. Returns
 * code.
 */
int cvd_diag_set_at(struct cvd_diag *d, int code, size_t offset, const char *fmt, ...)
    CVD_PRINTF(4, 5);
int cvd_diag_vset_at(struct cvd_diag *d, int code, size_t offset, const char *fmt, va_list ap)
    CVD_PRINTF(4, 0);

/**
 * Copy untrusted bytes into out as the subject of a message: printable ASCII (0x20-0x7e) as is,
 * every other byte '?', so a message never carries a control character or invalid UTF-8. At
 * most max bytes are copied; "..." is appended when the input is longer. out must hold max + 4
 * bytes; it is always NUL-terminated. p may be NULL when len is 0. Returns out.
 */
const char *cvd_diag_quote(const char *p, size_t len, size_t max, char *out);

#endif
