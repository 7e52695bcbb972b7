/* Helpers shared by the RubyGems, NuGet, Packagist, Hackage, CRAN and Pub schemes: numbers of
 * any length compared as digit strings (no bignum, no allocation), and the quoting of a version in
 * diagnostics. */
#ifndef CVD_VERS_DIGITS_INT_H
#define CVD_VERS_DIGITS_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "cvd/str.h"

/* Diagnostics quote at most this many bytes of the subject, so a hostile megabyte-long version
 * cannot push the reason out of the 256-byte message. */
#define CVD__VERS_QUOTE_MAX 64

/* printf arguments for "%.*s%s": the subject cut to CVD__VERS_QUOTE_MAX bytes, and "..." when cut.
 */
#define CVD__VERS_QUOTE(s)                                                                         \
    (int)((s).len > CVD__VERS_QUOTE_MAX ? CVD__VERS_QUOTE_MAX : (s).len), (s).ptr,                 \
        ((s).len > CVD__VERS_QUOTE_MAX ? "..." : "")

/* Skip leading zeros: "007" -> "7", "000" -> "" (zero is the empty digit string). */
static inline struct cvd_str cvd__digits_trim(const char *p, size_t len)
{
    while (len > 0 && *p == '0') {
        p++;
        len--;
    }
    return (struct cvd_str){p, len};
}

/* Compare two digit strings without leading zeros: longer is greater, else lexical. -1, 0, 1. */
static inline int cvd__digits_cmp(struct cvd_str a, struct cvd_str b)
{
    if (a.len != b.len)
        return a.len < b.len ? -1 : 1;
    if (a.len == 0)
        return 0;
    int c = memcmp(a.ptr, b.ptr, a.len);
    return (c > 0) - (c < 0);
}

/* A digit string without leading zeros, read as its value + 1 when plus (the upper bound of a
 * "next minor" range), digit by digit so nothing is allocated. */
struct cvd__digits_plus {
    struct cvd_str d;
    bool plus;
    bool carry;  /* plus and every digit is 9 (or the value is 0): one digit more */
    size_t last; /* plus and not carry: the last digit that is not 9 */
    size_t len;  /* digits of the result */
};

static inline void cvd__digits_plus_init(struct cvd__digits_plus *n, struct cvd_str d, bool plus)
{
    n->d = d;
    n->plus = plus;
    n->carry = false;
    n->last = 0;
    n->len = d.len;
    if (!plus)
        return;
    size_t i = d.len;
    while (i > 0 && d.ptr[i - 1] == '9')
        i--;
    if (i == 0) {
        n->carry = true;
        n->len = d.len + 1;
    } else {
        n->last = i - 1;
    }
}

static inline char cvd__digits_plus_at(const struct cvd__digits_plus *n, size_t i)
{
    if (!n->plus)
        return n->d.ptr[i];
    if (n->carry)
        return i == 0 ? '1' : '0';
    if (i < n->last)
        return n->d.ptr[i];
    if (i == n->last)
        return (char)(n->d.ptr[i] + 1);
    return '0';
}

/* cvd__digits_cmp with either side optionally read as value + 1. */
static inline int cvd__digits_cmp_plus(struct cvd_str a, bool pa, struct cvd_str b, bool pb)
{
    struct cvd__digits_plus x, y;
    cvd__digits_plus_init(&x, a, pa);
    cvd__digits_plus_init(&y, b, pb);
    if (x.len != y.len)
        return x.len < y.len ? -1 : 1;
    for (size_t i = 0; i < x.len; i++) {
        char cx = cvd__digits_plus_at(&x, i), cy = cvd__digits_plus_at(&y, i);
        if (cx != cy)
            return cx < cy ? -1 : 1;
    }
    return 0;
}

/* Byte-wise lexical comparison, a proper prefix first (Ruby String#<=>, Go strings.Compare). */
static inline int cvd__bytes_cmp(struct cvd_str a, struct cvd_str b)
{
    size_t n = a.len < b.len ? a.len : b.len;
    int c = n ? memcmp(a.ptr, b.ptr, n) : 0;
    if (c != 0)
        return (c > 0) - (c < 0);
    return (a.len > b.len) - (a.len < b.len);
}

#endif
