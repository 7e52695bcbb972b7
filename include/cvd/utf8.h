/* UTF-8 validation (RFC 3629: no overlongs, no surrogates, nothing above U+10FFFF). Invalid
 * text is an error, never repaired. */
#ifndef CVD_UTF8_H
#define CVD_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/** Length of the longest valid UTF-8 prefix of p[0..len); equals len when all of it is valid. */
size_t cvd_utf8_valid_prefix(const char *p, size_t len);

static inline bool cvd_utf8_is_valid(const char *p, size_t len)
{
    return cvd_utf8_valid_prefix(p, len) == len;
}

/**
 * Decode one code point at p[0..len): returns the bytes used (1-4) and sets *ret_cp, or 0 when
 * the bytes there are not valid UTF-8 (len == 0 included).
 */
size_t cvd_utf8_decode(const char *p, size_t len, uint32_t *ret_cp);

/** Encode cp into out (4 bytes room); returns 1-4, or 0 for surrogates and cp > 0x10FFFF. */
size_t cvd_utf8_encode(uint32_t cp, char out[4]);

#endif
