/* Limits applied to input from outside. Compile-time defaults; callers may lower them. */
#ifndef CVD_LIMITS_H
#define CVD_LIMITS_H

#include <stddef.h>
#include <stdint.h>

struct cvd_limits {
    size_t input_bytes;    /* a whole document */
    uint32_t depth;        /* nesting of arrays/objects */
    size_t string_bytes;   /* one string or key, decoded */
    size_t array_items;    /* one array */
    size_t object_members; /* one object */
    size_t total_nodes;    /* values in one document */
    size_t line_bytes;     /* one line of a line-oriented input (vectors, lists) */
};

#define CVD_LIMIT_INPUT_BYTES    ((size_t)256 << 20)
#define CVD_LIMIT_DEPTH          64u
#define CVD_LIMIT_STRING_BYTES   ((size_t)16 << 20)
#define CVD_LIMIT_ARRAY_ITEMS    ((size_t)16 << 20)
#define CVD_LIMIT_OBJECT_MEMBERS ((size_t)1 << 20)
#define CVD_LIMIT_TOTAL_NODES    ((size_t)64 << 20)
#define CVD_LIMIT_LINE_BYTES     ((size_t)64 << 10)

/** The defaults above. */
extern const struct cvd_limits cvd_limits_default;

#endif
