/* JSON (RFC 8259): a strict reader that builds a read-only tree in an arena, and a writer.
 *
 * Reader: the whole document is parsed at once; limits (size, depth, string bytes, array items,
 * object members, total values) come from a struct cvd_limits; text must be UTF-8 (no BOM);
 * strings are unescaped and validated (lone surrogates are errors); duplicate object keys are an
 * error (CVD_EDUP) unless CVD_JSON_ALLOW_DUPLICATES is given; numbers keep the exact text they
 * were written with, plus checked accessors. Errors carry byte offset, line and column.
 *
 * Ownership: every string, key and number text is copied into the arena and NUL-terminated
 * (text.ptr[text.len] == '\0'; a string holding U+0000 still needs its length). The tree never
 * points into the input, so the input buffer may be freed as soon as cvd_json_parse returns.
 * (Borrowing unescaped strings from the input was measured as unnecessary: with the copy the
 * reader runs at over 10x jansson's speed.) The reader uses no recursion and no global state;
 * parses into different arenas may run in parallel.
 *
 * Writer: appends compact (or indented) JSON to a struct cvd_buf; escapes what RFC 8259 requires
 * (and U+007F, U+2028, U+2029 so the output is safe inside HTML <script> and JavaScript);
 * deterministic: the same calls give the same bytes, and tree values can be written with object
 * keys sorted (byte order, which equals Unicode code point order). */
#ifndef CVD_JSON_H
#define CVD_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cvd/arena.h"
#include "cvd/compiler.h"
#include "cvd/err.h"
#include "cvd/limits.h"
#include "cvd/str.h"

enum cvd_json_type {
    CVD_JSON_NULL,
    CVD_JSON_FALSE,
    CVD_JSON_TRUE,
    CVD_JSON_NUMBER,
    CVD_JSON_STRING,
    CVD_JSON_ARRAY,
    CVD_JSON_OBJECT,
};

struct cvd_json_member;

/** One value of a parsed tree. Read-only; lives as long as the arena it was parsed into. */
struct cvd_json {
    enum cvd_json_type type;
    size_t offset; /* byte offset of the value in the input */
    union {
        struct cvd_str text; /* STRING: decoded UTF-8 (may hold U+0000); NUMBER: as written */
        struct {
            struct cvd_json *items; /* contiguous, document order */
            size_t len;
        } array;
        struct {
            struct cvd_json_member *members; /* contiguous, document order */
            size_t len;
        } object;
    } u;
};

struct cvd_json_member {
    struct cvd_str key; /* decoded UTF-8 */
    struct cvd_json value;
};

enum cvd_json_parse_flags {
    CVD_JSON_ALLOW_DUPLICATES = 1u << 0, /* keep every member of a repeated key */
};

/**
 * Parse in[0..len) into arena a. lim NULL means cvd_limits_default. On success *ret_root points
 * into the arena. On failure returns CVD_EPARSE, CVD_EUTF8, CVD_EDUP, CVD_ELIMIT or CVD_ENOMEM
 * and fills diag (offset, line, column, message naming what was found and expected).
 */
CVD_MUST_CHECK int cvd_json_parse(struct cvd_arena *a, const char *in, size_t len,
                                  const struct cvd_limits *lim, unsigned flags,
                                  const struct cvd_json **ret_root, struct cvd_diag *diag);

/** Number of items (array) or members (object); 0 for other types. */
size_t cvd_json_len(const struct cvd_json *v);
/** Item i of an array, NULL if v is not an array or i is out of range. */
const struct cvd_json *cvd_json_at(const struct cvd_json *v, size_t i);
/** Member i of an object, NULL if v is not an object or i is out of range. */
const struct cvd_json_member *cvd_json_member_at(const struct cvd_json *v, size_t i);
/** Value of the (first) member named key, NULL if v is not an object or has no such member. */
const struct cvd_json *cvd_json_get(const struct cvd_json *v, const char *key);
const struct cvd_json *cvd_json_get_str(const struct cvd_json *v, struct cvd_str key);

static inline bool cvd_json_is(const struct cvd_json *v, enum cvd_json_type t)
{
    return v != NULL && v->type == t;
}

/** The text of a string value; {NULL, 0} for other types. */
struct cvd_str cvd_json_string(const struct cvd_json *v);

/**
 * Checked number accessors. CVD_ETYPE if v is not a number; for the integer ones CVD_ERANGE if
 * the number has a fraction or exponent that leaves a non-integer, or does not fit; for the
 * double one CVD_ERANGE if it overflows to infinity (underflow to 0 is accepted).
 */
CVD_MUST_CHECK int cvd_json_to_i64(const struct cvd_json *v, int64_t *ret);
CVD_MUST_CHECK int cvd_json_to_u64(const struct cvd_json *v, uint64_t *ret);
CVD_MUST_CHECK int cvd_json_to_double(const struct cvd_json *v, double *ret);

/* ---- writer ---- */

enum cvd_json_write_flags {
    CVD_JSON_PRETTY = 1u << 0,    /* two-space indentation, one member per line */
    CVD_JSON_SORT_KEYS = 1u << 1, /* cvd_json_write_value: object keys in byte order */
};

#define CVD_JSON_WRITER_MAX_DEPTH 256u

struct cvd_json_writer {
    /* private */
    struct cvd_buf *out;
    unsigned flags;
    uint32_t depth;
    bool need_comma;
    bool after_key;
    int err; /* first error; every later call is a no-op returning it */
    uint8_t kind[CVD_JSON_WRITER_MAX_DEPTH]; /* '[' or '{' per open level */
};

/** Start writing to out (appending). */
void cvd_json_writer_init(struct cvd_json_writer *w, struct cvd_buf *out, unsigned flags);

/*
 * Each call appends one token and returns 0 or the writer's first error (sticky): CVD_EINVAL
 * for a call that would make invalid JSON (a value where a key is due, end of the wrong
 * container), CVD_EUTF8 for text that is not UTF-8, CVD_ERANGE for non-finite doubles,
 * CVD_ELIMIT / CVD_ENOMEM from the buffer.
 */
int cvd_json_write_object_begin(struct cvd_json_writer *w);
int cvd_json_write_object_end(struct cvd_json_writer *w);
int cvd_json_write_array_begin(struct cvd_json_writer *w);
int cvd_json_write_array_end(struct cvd_json_writer *w);
int cvd_json_write_key(struct cvd_json_writer *w, struct cvd_str key);
int cvd_json_write_string(struct cvd_json_writer *w, struct cvd_str s);
int cvd_json_write_cstr(struct cvd_json_writer *w, const char *s); /* NULL writes null */
int cvd_json_write_i64(struct cvd_json_writer *w, int64_t n);
int cvd_json_write_u64(struct cvd_json_writer *w, uint64_t n);
/** Shortest text that reads back as the same double ("%.17g" fallback). */
int cvd_json_write_double(struct cvd_json_writer *w, double d);
/** A number written as given; CVD_EINVAL unless text is a valid JSON number. */
int cvd_json_write_number_text(struct cvd_json_writer *w, struct cvd_str text);
/** A fixed-point number given in tenths: 73 -> 7.3, 100 -> 10.0 (CVSS scores). */
int cvd_json_write_tenths(struct cvd_json_writer *w, int64_t tenths);
int cvd_json_write_bool(struct cvd_json_writer *w, bool b);
int cvd_json_write_null(struct cvd_json_writer *w);
/** A whole parsed value; flags may add CVD_JSON_SORT_KEYS. */
int cvd_json_write_value(struct cvd_json_writer *w, const struct cvd_json *v, unsigned flags);

/** Convenience: key then value. */
int cvd_json_write_kv_cstr(struct cvd_json_writer *w, const char *key, const char *s);
int cvd_json_write_kv_i64(struct cvd_json_writer *w, const char *key, int64_t n);
int cvd_json_write_kv_bool(struct cvd_json_writer *w, const char *key, bool b);

/** 0 if the document is complete and no error happened, else the error (CVD_EINVAL if open). */
int cvd_json_writer_finish(struct cvd_json_writer *w);

#endif
