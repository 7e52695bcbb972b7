/* Borrowed string views and owned, capped, growable buffers. Input is never assumed to be
 * NUL-terminated: lengths travel with pointers. */
#ifndef CVD_STR_H
#define CVD_STR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cvd/compiler.h"

/** A borrowed view: valid as long as the bytes it points to. */
struct cvd_str {
    const char *ptr;
    size_t len;
};

#define CVD_STR(lit) ((struct cvd_str){(lit), sizeof(lit) - 1})

struct cvd_str cvd_str_from_cstr(const char *s);
bool cvd_str_eq(struct cvd_str a, struct cvd_str b);
bool cvd_str_eq_cstr(struct cvd_str a, const char *s);
bool cvd_str_starts_with(struct cvd_str s, struct cvd_str prefix);

/**
 * Parse all of s as a decimal unsigned integer no greater than max: digits only, no sign, no
 * space, no leading zero unless s is "0". Returns 0, CVD_EPARSE or CVD_ERANGE.
 */
CVD_MUST_CHECK int cvd_str_to_u64(struct cvd_str s, uint64_t max, uint64_t *ret);

/** Locale-free ASCII classes (the <ctype.h> ones depend on the locale). */
static inline bool cvd_ascii_is_digit(int c)
{
    return c >= '0' && c <= '9';
}
static inline bool cvd_ascii_is_alpha(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
static inline bool cvd_ascii_is_space(int c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
static inline int cvd_ascii_lower(int c)
{
    return (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c;
}
bool cvd_str_eq_nocase(struct cvd_str a, struct cvd_str b);

/**
 * Owned, growable byte buffer, always NUL-terminated after the first successful add. Never grows
 * beyond `max` bytes of content (CVD_ELIMIT); on any failure its content is left as it was.
 */
struct cvd_buf {
    char *ptr;  /* read-only for users; NULL until something was added */
    size_t len; /* read-only: bytes of content, excluding the NUL */
    size_t cap; /* private */
    size_t max; /* private */
};

#define CVD_BUF_DEFAULT_MAX ((size_t)1 << 30)

/** Empty buffer holding at most `max` bytes (0 = CVD_BUF_DEFAULT_MAX). */
void cvd_buf_init(struct cvd_buf *b, size_t max);
/** Free the bytes; the buffer is empty and usable again with the same max. */
void cvd_buf_release(struct cvd_buf *b);
/** Forget the content but keep the memory. */
void cvd_buf_reset(struct cvd_buf *b);
/** Make room for `extra` more bytes (plus the NUL). 0, CVD_ENOMEM or CVD_ELIMIT. */
CVD_MUST_CHECK int cvd_buf_grow(struct cvd_buf *b, size_t extra);
CVD_MUST_CHECK int cvd_buf_add(struct cvd_buf *b, const void *p, size_t len);
CVD_MUST_CHECK int cvd_buf_add_str(struct cvd_buf *b, struct cvd_str s);
CVD_MUST_CHECK int cvd_buf_add_cstr(struct cvd_buf *b, const char *s);
CVD_MUST_CHECK int cvd_buf_add_char(struct cvd_buf *b, char c);
CVD_MUST_CHECK int cvd_buf_printf(struct cvd_buf *b, const char *fmt, ...) CVD_PRINTF(2, 3);
/** The content as a view (valid until the next change of the buffer). */
struct cvd_str cvd_buf_str(const struct cvd_buf *b);
/** Hand the bytes to the caller (free with cvd_free); the buffer is empty afterwards. */
char *cvd_buf_detach(struct cvd_buf *b, size_t *ret_len);

#endif
