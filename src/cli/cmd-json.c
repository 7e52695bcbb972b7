/* `cvd json`: check JSON documents with libcvd's strict reader and, on request, write them back
 * compact with sorted keys (canonical) or indented. All JSON logic is in include/cvd/json.h. */
#include <stdbool.h>
#include <string.h>

#include "cli.h"
#include "cvd/arena.h"
#include "cvd/json.h"
#include "cvd/limits.h"

static const char usage[] =
    "usage: cvd json [--canonical] [--pretty] [--json] FILE...\n"
    "\n"
    "Check that each FILE ('-' is standard input) is one strict JSON document (RFC 8259):\n"
    "UTF-8 without BOM, no lone surrogates, no duplicate object keys, nesting at most 64\n"
    "levels. An invalid document is reported on standard error as\n"
    "  FILE:LINE:COLUMN: message\n"
    "\n"
    "  --canonical   write each valid document to standard output, compact, object keys\n"
    "                sorted by bytes, numbers as written, one document per line\n"
    "  --pretty      write each valid document indented by two spaces (with --canonical:\n"
    "                keys sorted too)\n"
    "  --json        instead, write one JSON object per FILE to standard output:\n"
    "                {\"file\":...,\"valid\":true} or {\"file\":...,\"valid\":false,\"error\":{\"code\":...,\n"
    "                \"line\":...,\"column\":...,\"offset\":...,\"message\":...}}\n"
    "  -h, --help    show this help\n"
    "\n"
    "Exit status: 0 every document valid, 1 some document invalid or unreadable, 2 usage\n"
    "error.\n";

static const char cmd_name[] = "json";

struct opts {
    bool canonical;
    bool pretty;
    bool json;
};

static int write_out(struct cli_ctx *ctx, const struct cvd_buf *b)
{
    if (fwrite(b->ptr, 1, b->len, ctx->out) != b->len || fputc('\n', ctx->out) == EOF)
        return cli_fail(ctx, cmd_name, "cannot write output");
    return CLI_OK;
}

/* The --json report line of one file. */
static int report_json(struct cli_ctx *ctx, const char *path, int rc, const struct cvd_diag *d)
{
    struct cvd_buf b;
    cvd_buf_init(&b, 0);
    struct cvd_json_writer w;
    cvd_json_writer_init(&w, &b, 0);
    (void)cvd_json_write_object_begin(&w);
    /* File names need not be UTF-8; such a name is reported as null rather than mangled. */
    if (cvd_json_write_kv_cstr(&w, "file", path) == CVD_EUTF8) {
        cvd_json_writer_init(&w, &b, 0);
        cvd_buf_reset(&b);
        (void)cvd_json_write_object_begin(&w);
        (void)cvd_json_write_kv_cstr(&w, "file", NULL);
    }
    (void)cvd_json_write_kv_bool(&w, "valid", rc == 0);
    if (rc != 0) {
        (void)cvd_json_write_key(&w, CVD_STR("error"));
        (void)cvd_json_write_object_begin(&w);
        (void)cvd_json_write_kv_cstr(&w, "code", cvd_err_name(rc));
        if (d->line > 0) {
            (void)cvd_json_write_kv_i64(&w, "line", d->line);
            (void)cvd_json_write_kv_i64(&w, "column", d->column);
            (void)cvd_json_write_key(&w, CVD_STR("offset"));
            (void)cvd_json_write_u64(&w, d->offset);
        }
        /* messages quote input bytes as \xNN, so they are ASCII */
        (void)cvd_json_write_kv_cstr(&w, "message", d->msg);
        (void)cvd_json_write_object_end(&w);
    }
    (void)cvd_json_write_object_end(&w);
    int status = cvd_json_writer_finish(&w);
    if (status == 0)
        status = write_out(ctx, &b);
    else
        status = cli_fail(ctx, cmd_name, "cannot write report: %s", cvd_strerror(status));
    cvd_buf_release(&b);
    return status;
}

/* Check one file; returns CLI_OK or CLI_FAIL. */
static int check_file(struct cli_ctx *ctx, const struct opts *o, const char *path)
{
    struct cvd_buf in;
    struct cvd_buf out;
    struct cvd_arena a;
    struct cvd_diag d = {0};
    const struct cvd_json *root = NULL;
    int status = CLI_OK;
    cvd_buf_init(&in, 0);
    cvd_buf_init(&out, 0);
    cvd_arena_init(&a, 0);

    int rc = cli_read_file(ctx, path, cvd_limits_default.input_bytes, &in, &d);
    if (rc != 0) {
        d.line = 0; /* no position: the file itself could not be read */
        if (o->json)
            (void)report_json(ctx, path, rc, &d);
        else
            fprintf(ctx->err, "cvd %s: %s\n", cmd_name, d.msg);
        status = CLI_FAIL;
        goto out;
    }
    rc = cvd_json_parse(&a, in.ptr, in.len, NULL, 0, &root, &d);
    if (o->json) {
        status = report_json(ctx, path, rc, &d);
        if (rc != 0)
            status = CLI_FAIL;
        goto out;
    }
    if (rc != 0) {
        if (d.line > 0)
            fprintf(ctx->err, "%s:%u:%u: %s\n", path, d.line, d.column, d.msg);
        else
            fprintf(ctx->err, "%s: %s\n", path, d.msg);
        status = CLI_FAIL;
        goto out;
    }
    if (o->canonical || o->pretty) {
        struct cvd_json_writer w;
        cvd_json_writer_init(&w, &out, o->pretty ? CVD_JSON_PRETTY : 0);
        rc = cvd_json_write_value(&w, root, o->canonical ? CVD_JSON_SORT_KEYS : 0);
        if (rc == 0)
            rc = cvd_json_writer_finish(&w);
        if (rc != 0) {
            status = cli_fail(ctx, cmd_name, "cannot write '%s': %s", path, cvd_strerror(rc));
            goto out;
        }
        status = write_out(ctx, &out);
    }
out:
    cvd_arena_release(&a);
    cvd_buf_release(&out);
    cvd_buf_release(&in);
    return status;
}

int cmd_json(int argc, char **argv, struct cli_ctx *ctx)
{
    struct opts o = {false, false, false};
    int i = 1;
    for (; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--") == 0) {
            i++;
            break;
        }
        if (a[0] != '-' || strcmp(a, "-") == 0)
            break;
        if (strcmp(a, "--canonical") == 0) {
            o.canonical = true;
        } else if (strcmp(a, "--pretty") == 0) {
            o.pretty = true;
        } else if (strcmp(a, "--json") == 0) {
            o.json = true;
        } else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(usage, ctx->out);
            return CLI_OK;
        } else {
            return cli_usage_error(ctx, cmd_name, "unknown option '%s'", a);
        }
    }
    if (o.json && (o.canonical || o.pretty))
        return cli_usage_error(ctx, cmd_name,
                               "--json cannot be combined with --canonical or "
                               "--pretty");
    if (i == argc)
        return cli_usage_error(ctx, cmd_name, "no FILE given (use '-' for standard input)");
    int status = CLI_OK;
    for (; i < argc; i++) {
        if (check_file(ctx, &o, argv[i]) != CLI_OK)
            status = CLI_FAIL;
    }
    if (fflush(ctx->out) != 0)
        status = cli_fail(ctx, cmd_name, "cannot write output");
    return status;
}
