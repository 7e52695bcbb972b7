/* Parsers for what a request carries besides JSON: media types (Content-Type), percent
 * encoding, application/x-www-form-urlencoded bodies and query strings, multipart/form-data
 * bodies (RFC 7578) with file parts, and Cookie headers. Pure: bytes in, arena structs out;
 * every input is hostile, bounded by struct srv_form_limits, and fuzzed (fuzz/http-form). */
#ifndef CVD_SERVER_FORM_H
#define CVD_SERVER_FORM_H

#include <stddef.h>

#include "cvd/arena.h"
#include "cvd/compiler.h"
#include "cvd/err.h"
#include "cvd/str.h"
#include "server/srv.h"

struct srv_form_limits {
    size_t fields;       /* text fields in one body or query */
    size_t files;        /* file parts in one body */
    size_t name_bytes;   /* one field name (and file name) */
    size_t header_bytes; /* the headers of one multipart part */
};

#define SRV_FORM_FIELDS       256u
#define SRV_FORM_FILES        16u
#define SRV_FORM_NAME_BYTES   256u
#define SRV_FORM_HEADER_BYTES 4096u

extern const struct srv_form_limits srv_form_limits_default;

/**
 * Parse a Content-Type value: "type/subtype" (returned lower-cased in the arena) and the
 * parameters charset and boundary (NULL-ptr views when absent; quoted values unquoted).
 * CVD_EPARSE for anything that is not a media type; CVD_ENOMEM.
 */
CVD_MUST_CHECK int srv_media_type_parse(struct cvd_arena *a, struct cvd_str value,
                                        struct cvd_str *ret_type, struct cvd_str *ret_charset,
                                        struct cvd_str *ret_boundary);

/**
 * Percent-decode in into the arena (NUL-terminated); '+' becomes a space when plus_space.
 * CVD_EPARSE for a '%' without two hex digits.
 */
CVD_MUST_CHECK int srv_pct_decode(struct cvd_arena *a, struct cvd_str in, bool plus_space,
                                  struct cvd_str *ret);

/**
 * Parse an application/x-www-form-urlencoded body or a query string into fields (decoded,
 * UTF-8 without NUL; empty names are skipped). Errors: CVD_EPARSE (bad escape), CVD_EUTF8,
 * CVD_ELIMIT (too many fields, too long a name), CVD_ENOMEM; *ret_field names the field
 * when known (else NULL) and diag says why.
 */
CVD_MUST_CHECK int srv_form_parse_urlencoded(struct cvd_arena *a, const char *p, size_t len,
                                             const struct srv_form_limits *lim,
                                             struct srv_field **ret, size_t *ret_n,
                                             const char **ret_field, struct cvd_diag *diag);

/**
 * Parse a multipart/form-data body with this boundary. Text parts become fields (UTF-8
 * without NUL), parts with a filename become files (any bytes); a file input left empty
 * (filename "" and no bytes) is dropped. Strict: CRLF line ends, a Content-Disposition of
 * form-data with a name in every part, the closing delimiter present. Errors as above.
 */
CVD_MUST_CHECK int srv_form_parse_multipart(struct cvd_arena *a, const char *p, size_t len,
                                            struct cvd_str boundary,
                                            const struct srv_form_limits *lim,
                                            struct srv_field **ret_fields, size_t *ret_nfields,
                                            struct srv_file **ret_files, size_t *ret_nfiles,
                                            const char **ret_field, struct cvd_diag *diag);

/**
 * Parse a Cookie header ("a=b; c=d") into name/value pairs, at most max of them (the rest is
 * ignored). Malformed pairs are skipped; values are not decoded. Only CVD_ENOMEM fails.
 */
CVD_MUST_CHECK int srv_cookie_parse(struct cvd_arena *a, struct cvd_str header, size_t max,
                                    struct srv_field **ret, size_t *ret_n);

/** Is c a token character of RFC 9110 (tchar)? */
bool srv_is_tchar(int c);

#endif
