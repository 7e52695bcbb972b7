/* Checked size arithmetic: every size computed from input goes through these. */
#ifndef CVD_CHECKED_H
#define CVD_CHECKED_H

#include <stddef.h>
#include <stdint.h>

#include "cvd/compiler.h"
#include "cvd/err.h"

/** *ret = a + b; returns 0, or CVD_EOVERFLOW leaving *ret untouched. */
static inline CVD_MUST_CHECK int cvd_size_add(size_t a, size_t b, size_t *ret)
{
    size_t r;
    if (__builtin_add_overflow(a, b, &r))
        return CVD_EOVERFLOW;
    *ret = r;
    return 0;
}

/** *ret = a * b; returns 0, or CVD_EOVERFLOW leaving *ret untouched. */
static inline CVD_MUST_CHECK int cvd_size_mul(size_t a, size_t b, size_t *ret)
{
    size_t r;
    if (__builtin_mul_overflow(a, b, &r))
        return CVD_EOVERFLOW;
    *ret = r;
    return 0;
}

/** *ret = a + b for signed 64-bit values; CVD_EOVERFLOW on overflow. */
static inline CVD_MUST_CHECK int cvd_i64_add(int64_t a, int64_t b, int64_t *ret)
{
    int64_t r;
    if (__builtin_add_overflow(a, b, &r))
        return CVD_EOVERFLOW;
    *ret = r;
    return 0;
}

/** *ret = a * b for signed 64-bit values; CVD_EOVERFLOW on overflow. */
static inline CVD_MUST_CHECK int cvd_i64_mul(int64_t a, int64_t b, int64_t *ret)
{
    int64_t r;
    if (__builtin_mul_overflow(a, b, &r))
        return CVD_EOVERFLOW;
    *ret = r;
    return 0;
}

#endif
