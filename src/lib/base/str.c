#include "cvd/str.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cvd/alloc.h"
#include "cvd/checked.h"
#include "cvd/err.h"

struct cvd_str cvd_str_from_cstr(const char *s)
{
    return (struct cvd_str){s, s ? strlen(s) : 0};
}

bool cvd_str_eq(struct cvd_str a, struct cvd_str b)
{
    return a.len == b.len && (a.len == 0 || memcmp(a.ptr, b.ptr, a.len) == 0);
}

bool cvd_str_eq_cstr(struct cvd_str a, const char *s)
{
    return cvd_str_eq(a, cvd_str_from_cstr(s));
}

bool cvd_str_starts_with(struct cvd_str s, struct cvd_str prefix)
{
    return s.len >= prefix.len && (prefix.len == 0 || memcmp(s.ptr, prefix.ptr, prefix.len) == 0);
}

bool cvd_str_eq_nocase(struct cvd_str a, struct cvd_str b)
{
    if (a.len != b.len)
        return false;
    for (size_t i = 0; i < a.len; i++) {
        if (cvd_ascii_lower((unsigned char)a.ptr[i]) != cvd_ascii_lower((unsigned char)b.ptr[i]))
            return false;
    }
    return true;
}

int cvd_str_to_u64(struct cvd_str s, uint64_t max, uint64_t *ret)
{
    if (s.len == 0)
        return CVD_EPARSE;
    if (s.ptr[0] == '0' && s.len > 1)
        return CVD_EPARSE;
    uint64_t v = 0;
    for (size_t i = 0; i < s.len; i++) {
        unsigned char c = (unsigned char)s.ptr[i];
        if (!cvd_ascii_is_digit(c))
            return CVD_EPARSE;
        if (v > (max - (uint64_t)(c - '0')) / 10)
            return CVD_ERANGE;
        v = v * 10 + (uint64_t)(c - '0');
    }
    *ret = v;
    return 0;
}

void cvd_buf_init(struct cvd_buf *b, size_t max)
{
    *b = (struct cvd_buf){.max = max ? max : CVD_BUF_DEFAULT_MAX};
}

void cvd_buf_release(struct cvd_buf *b)
{
    size_t max = b->max;
    cvd_free(b->ptr);
    cvd_buf_init(b, max);
}

void cvd_buf_reset(struct cvd_buf *b)
{
    b->len = 0;
    if (b->ptr)
        b->ptr[0] = '\0';
}

int cvd_buf_grow(struct cvd_buf *b, size_t extra)
{
    size_t want;
    if (cvd_size_add(b->len, extra, &want) || want > b->max)
        return CVD_ELIMIT;
    if (want < b->cap) /* cap counts the NUL */
        return 0;
    size_t cap = b->cap ? b->cap : 64;
    while (cap <= want) {
        if (cvd_size_mul(cap, 2, &cap))
            return CVD_ELIMIT;
    }
    /* Never reserve far beyond the cap: max + 1 bytes hold any allowed content. */
    if (cap > b->max + 1)
        cap = b->max + 1;
    char *p = cvd_realloc(b->ptr, cap);
    if (p == NULL)
        return CVD_ENOMEM;
    b->ptr = p;
    b->cap = cap;
    return 0;
}

int cvd_buf_add(struct cvd_buf *b, const void *p, size_t len)
{
    int rc = cvd_buf_grow(b, len);
    if (rc)
        return rc;
    if (len)
        memcpy(b->ptr + b->len, p, len);
    b->len += len;
    b->ptr[b->len] = '\0';
    return 0;
}

int cvd_buf_add_str(struct cvd_buf *b, struct cvd_str s)
{
    return cvd_buf_add(b, s.ptr, s.len);
}

int cvd_buf_add_cstr(struct cvd_buf *b, const char *s)
{
    return cvd_buf_add(b, s, strlen(s));
}

int cvd_buf_add_char(struct cvd_buf *b, char c)
{
    return cvd_buf_add(b, &c, 1);
}

int cvd_buf_printf(struct cvd_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return CVD_EINVAL;
    int rc = cvd_buf_grow(b, (size_t)n);
    if (rc)
        return rc;
    va_start(ap, fmt);
    vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return 0;
}

struct cvd_str cvd_buf_str(const struct cvd_buf *b)
{
    return (struct cvd_str){b->ptr ? b->ptr : "", b->len};
}

char *cvd_buf_detach(struct cvd_buf *b, size_t *ret_len)
{
    char *p = b->ptr;
    if (ret_len)
        *ret_len = b->len;
    cvd_buf_init(b, b->max);
    return p;
}
