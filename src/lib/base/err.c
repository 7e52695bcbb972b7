#include "cvd/err.h"

#include <stdio.h>

#define CVD__ERR_NAME(name, msg) #name,
static const char *const err_names[] = {CVD_ERR_MAP(CVD__ERR_NAME)};
#undef CVD__ERR_NAME

#define CVD__ERR_MSG(name, msg) msg,
static const char *const err_msgs[] = {CVD_ERR_MAP(CVD__ERR_MSG)};
#undef CVD__ERR_MSG

static int err_index(int rc)
{
    if (rc >= 0 || rc < -(int)CVD__ERR_COUNT)
        return -1;
    return -rc - 1;
}

const char *cvd_err_name(int rc)
{
    if (rc == 0)
        return "OK";
    int i = err_index(rc);
    return i < 0 ? "EUNKNOWN" : err_names[i];
}

const char *cvd_strerror(int rc)
{
    if (rc == 0)
        return "success";
    int i = err_index(rc);
    return i < 0 ? "unknown error" : err_msgs[i];
}

int cvd_diag_vset(struct cvd_diag *d, int code, const char *fmt, va_list ap)
{
    if (d == NULL)
        return code;
    d->code = code;
    /* A message longer than the buffer is truncated on purpose; it stays NUL-terminated. */
    if (vsnprintf(d->msg, sizeof(d->msg), fmt, ap) < 0)
        d->msg[0] = '\0';
    return code;
}

int cvd_diag_set(struct cvd_diag *d, int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    cvd_diag_vset(d, code, fmt, ap);
    va_end(ap);
    return code;
}

int cvd_diag_vset_at(struct cvd_diag *d, int code, size_t offset, const char *fmt, va_list ap)
{
    if (d == NULL)
        return code;
    cvd_diag_vset(d, code, fmt, ap);
    d->offset = offset;
    return code;
}

int cvd_diag_set_at(struct cvd_diag *d, int code, size_t offset, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    cvd_diag_vset_at(d, code, offset, fmt, ap);
    va_end(ap);
    return code;
}

const char *cvd_diag_quote(const char *p, size_t len, size_t max, char *out)
{
    size_t n = len > max ? max : len;
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)p[i];
        out[o++] = (ch >= 0x20 && ch < 0x7f) ? (char)ch : '?';
    }
    if (n < len) {
        out[o++] = '.';
        out[o++] = '.';
        out[o++] = '.';
    }
    out[o] = '\0';
    return out;
}
