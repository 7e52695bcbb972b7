/* Helpers shared by the RubyGems, NuGet, Packagist, Hackage, CRAN and Pub schemes: numbers of
 * any length compared as digit strings (no bignum, no allocation), and the quoting of a version in
 * diagnostics. */
#ifndef CVD_VERS_DIGITS_INT_H
#define CVD_VERS_DIGITS_INT_H

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
