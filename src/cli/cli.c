/* Helpers shared by the subcommands: messages, reading files and lines. */
#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <string.h>

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

int cli_read_line(FILE *f, struct cvd_buf *line, size_t max)
{
    cvd_buf_reset(line);
    bool too_long = false;
    bool any = false;
    int c;
    /* getc_unlocked: this runs once per byte of million-line batch inputs. */
    while ((c = getc_unlocked(f)) != EOF) {
        any = true;
        if (c == '\n')
            break;
        if (too_long)
            continue;
        if (line->len >= max) {
            too_long = true;
            continue;
        }
        int rc = cvd_buf_add_char(line, (char)c);
        if (rc)
            return rc;
    }
    if (ferror(f))
        return CVD_EIO;
    if (!any)
        return 0;
    if (too_long)
        return CVD_ELIMIT;
    if (line->len > 0 && line->ptr[line->len - 1] == '\r')
        line->ptr[--line->len] = '\0';
    if (line->ptr == NULL) {
        int rc = cvd_buf_add(line, "", 0);
        if (rc)
            return rc;
    }
    return 1;
}
