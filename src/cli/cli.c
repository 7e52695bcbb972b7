/* Helpers shared by the subcommands: messages, reading files and lines. */
#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <string.h>

#include "cvd/alloc.h"

int cli_usage_error(struct cli_ctx *ctx, const char *cmd, const char *fmt, ...)
{
    va_list ap;
    fprintf(ctx->err, "cvd %s: ", cmd);
    va_start(ap, fmt);
    vfprintf(ctx->err, fmt, ap);
    va_end(ap);
    fprintf(ctx->err, "\ntry 'cvd %s --help'\n", cmd);
    return CLI_USAGE;
}

int cli_fail(struct cli_ctx *ctx, const char *cmd, const char *fmt, ...)
{
    va_list ap;
    fprintf(ctx->err, "cvd %s: ", cmd);
    va_start(ap, fmt);
    vfprintf(ctx->err, fmt, ap);
    va_end(ap);
    fputc('\n', ctx->err);
    return CLI_FAIL;
}

int cli_read_file(struct cli_ctx *ctx, const char *path, size_t max, struct cvd_buf *out,
                  struct cvd_diag *diag)
{
    bool is_stdin = strcmp(path, "-") == 0;
    FILE *f = is_stdin ? ctx->in : fopen(path, "rb");
    if (f == NULL)
        return cvd_diag_set(diag, CVD_EIO, "cannot open '%s': %s", path, strerror(errno));
    int rc = 0;
    char chunk[65536];
    for (;;) {
        size_t n = fread(chunk, 1, sizeof(chunk), f);
        if (n > 0 && out->len + n > max) {
            rc = cvd_diag_set(diag, CVD_ELIMIT, "cannot read '%s': larger than %zu bytes", path,
                              max);
            break;
        }
        rc = cvd_buf_add(out, chunk, n);
        if (rc) {
            cvd_diag_set(diag, rc, "cannot read '%s': %s", path, cvd_strerror(rc));
            break;
        }
        if (n < sizeof(chunk)) {
            if (ferror(f))
                rc = cvd_diag_set(diag, CVD_EIO, "cannot read '%s': %s", path, strerror(errno));
            break;
        }
    }
    if (!is_stdin)
        fclose(f);
    /* An empty file still yields a NUL-terminated buffer. */
    if (rc == 0 && out->ptr == NULL)
        rc = cvd_buf_add(out, "", 0);
    return rc;
}

void cli_out_init(struct cli_out *o, FILE *f)
{
    o->f = f;
    o->len = 0;
    o->failed = false;
}

int cli_out_flush(struct cli_out *o)
{
    if (o->len > 0 && fwrite(o->buf, 1, o->len, o->f) != o->len)
        o->failed = true;
    o->len = 0;
    return o->failed ? CVD_EIO : 0;
}

void cli_out_add(struct cli_out *o, const void *p, size_t n)
{
    if (CLI_OUT_CAP - o->len < n) {
        (void)cli_out_flush(o);
        if (n > CLI_OUT_CAP) {
            if (fwrite(p, 1, n, o->f) != n)
                o->failed = true;
            return;
        }
    }
    memcpy(o->buf + o->len, p, n);
    o->len += n;
}

void cli_out_cstr(struct cli_out *o, const char *s)
{
    cli_out_add(o, s, strlen(s));
}

void cli_out_field(struct cli_out *o, struct cvd_str s)
{
    size_t start = 0;
    for (size_t i = 0; i < s.len; i++) {
        unsigned char ch = (unsigned char)s.ptr[i];
        if (ch < 0x20 || ch == 0x7f) {
            cli_out_add(o, s.ptr + start, i - start);
            cli_out_add(o, "?", 1);
            start = i + 1;
        }
    }
    cli_out_add(o, s.ptr + start, s.len - start);
}

#define IN_CAP ((size_t)1 << 20)

int cli_each_line(FILE *in, size_t max_line, cli_line_fn fn, void *arg)
{
    /* Lines up to max_line must fit in the block with room to read more. */
    if (max_line >= IN_CAP / 2)
        max_line = IN_CAP / 2;
    char *buf = cvd_malloc(IN_CAP);
    if (buf == NULL)
        return CVD_ENOMEM;
    size_t have = 0;
    bool skipping = false; /* inside a line already reported as too long */
    bool eof = false;
    int rc = 0;

    while (!eof && rc == 0) {
        size_t n = fread(buf + have, 1, IN_CAP - have, in);
        if (n == 0) {
            if (ferror(in)) {
                rc = CVD_EIO;
                break;
            }
            eof = true;
        }
        have += n;
        size_t pos = 0;
        while (pos < have && rc == 0) {
            char *nl = memchr(buf + pos, '\n', have - pos);
            if (nl == NULL && !eof)
                break;
            size_t end = nl ? (size_t)(nl - buf) : have;
            size_t len = end - pos;
            if (skipping) {
                skipping = false;
            } else if (len > max_line) {
                rc = fn(arg, (struct cvd_str){buf + pos, max_line}, true);
            } else {
                if (len > 0 && buf[pos + len - 1] == '\r')
                    len--;
                rc = fn(arg, (struct cvd_str){buf + pos, len}, false);
            }
            pos = end + (nl ? 1 : 0);
        }
        /* Keep the unfinished line; one longer than the limit is reported now and skipped. */
        size_t rest = have - pos;
        if (rc == 0 && !skipping && rest > max_line) {
            rc = fn(arg, (struct cvd_str){buf + pos, max_line}, true);
            skipping = true;
        }
        if (skipping)
            rest = 0;
        memmove(buf, buf + pos, rest);
        have = rest;
    }
    cvd_free(buf);
    return rc;
}
