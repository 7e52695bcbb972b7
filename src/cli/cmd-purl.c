/* `cvd purl`: validate Package URLs and print their canonical form (or, with --json, their
 * components). All purl logic is in include/cvd/purl.h. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cvd/arena.h"
#include "cvd/json.h"
#include "cvd/purl.h"

static const char usage[] =
    "usage: cvd purl [--json] [--strict] [PURL...]\n"
    "\n"
    "Validate each Package URL (ECMA-427) and print its canonical form: type and\n"
    "case-insensitive parts in lower case, per-type name rules applied (pypi '_' -> '-',\n"
    "...), qualifiers sorted, percent-encoding normalised. With no PURL, read one per line\n"
    "from standard input and print, for each line, the canonical form or\n"
    "  error<TAB>reason\n"
    "\n"
    "  --json        print one JSON object per purl instead: {\"purl\":...,\"valid\":true,\n"
    "                \"canonical\":...,\"type\":...,\"namespace\":...,\"name\":...,\"version\":...,\n"
    "                \"qualifiers\":{...},\"subpath\":...} or {\"purl\":...,\"valid\":false,\n"
    "                \"error\":{\"code\":...,\"offset\":...,\"message\":...}}\n"
    "  --strict      reject qualifier keys that are not lower case\n"
    "  -h, --help    show this help\n"
    "\n"
    "Exit status: 0 every purl valid, 1 some purl invalid, 2 usage error.\n";

static const char cmd_name[] = "purl";

struct run {
    struct cli_ctx *ctx;
    struct cli_out out;
    bool json;
    unsigned flags;
    bool any_invalid;
};

static void put_str(struct cvd_json_writer *w, const char *key, struct cvd_str s)
{
    (void)cvd_json_write_key(w, cvd_str_from_cstr(key));
    if (s.ptr == NULL)
        (void)cvd_json_write_null(w);
    else
        (void)cvd_json_write_string(w, s);
}

static void report_json(struct run *r, struct cvd_str in, int rc, const struct cvd_purl *p,
                        struct cvd_str canonical, const struct cvd_diag *d)
{
    struct cvd_buf b;
    cvd_buf_init(&b, 0);
    struct cvd_json_writer w;
    cvd_json_writer_init(&w, &b, 0);
    (void)cvd_json_write_object_begin(&w);
    (void)cvd_json_write_key(&w, CVD_STR("purl"));
    /* input that is not UTF-8 is reported as null rather than mangled */
    if (cvd_json_write_string(&w, in) == CVD_EUTF8) {
        cvd_buf_reset(&b);
        cvd_json_writer_init(&w, &b, 0);
        (void)cvd_json_write_object_begin(&w);
        (void)cvd_json_write_key(&w, CVD_STR("purl"));
        (void)cvd_json_write_null(&w);
    }
    (void)cvd_json_write_kv_bool(&w, "valid", rc == 0);
    if (rc == 0) {
        put_str(&w, "canonical", canonical);
        put_str(&w, "type", p->type);
        put_str(&w, "namespace", p->ns);
        put_str(&w, "name", p->name);
        put_str(&w, "version", p->version);
        (void)cvd_json_write_key(&w, CVD_STR("qualifiers"));
        (void)cvd_json_write_object_begin(&w);
        for (size_t i = 0; i < p->n_qualifiers; i++)
            put_str(&w, p->qualifiers[i].key.ptr, p->qualifiers[i].value);
        (void)cvd_json_write_object_end(&w);
        put_str(&w, "subpath", p->subpath);
    } else {
        (void)cvd_json_write_key(&w, CVD_STR("error"));
        (void)cvd_json_write_object_begin(&w);
        (void)cvd_json_write_kv_cstr(&w, "code", cvd_err_name(rc));
        (void)cvd_json_write_key(&w, CVD_STR("offset"));
        (void)cvd_json_write_u64(&w, d->offset);
        (void)cvd_json_write_kv_cstr(&w, "message", d->msg);
        (void)cvd_json_write_object_end(&w);
    }
    (void)cvd_json_write_object_end(&w);
    if (cvd_json_writer_finish(&w) == 0) {
        cli_out_add(&r->out, b.ptr, b.len);
        cli_out_add(&r->out, "\n", 1);
    } else {
        r->out.failed = true;
    }
    cvd_buf_release(&b);
}

static int one(struct run *r, struct cvd_str in)
{
    struct cvd_arena a;
    cvd_arena_init(&a, (size_t)1 << 20);
    struct cvd_purl p;
    struct cvd_diag d = {0};
    struct cvd_buf canon;
    cvd_buf_init(&canon, 0);
    int rc = cvd_purl_parse(&a, in, r->flags, &p, &d);
    if (rc == 0)
        rc = cvd_purl_format(&p, &canon);
    if (rc != 0) {
        r->any_invalid = true;
        if (d.msg[0] == '\0')
            cvd_diag_set(&d, rc, "%s", cvd_strerror(rc));
    }
    if (r->json) {
        report_json(r, in, rc, &p, cvd_buf_str(&canon), &d);
    } else if (rc == 0) {
        cli_out_add(&r->out, canon.ptr, canon.len);
        cli_out_add(&r->out, "\n", 1);
    } else {
        cli_out_cstr(&r->out, "error\t");
        cli_out_field(&r->out, cvd_str_from_cstr(d.msg));
        cli_out_add(&r->out, "\n", 1);
    }
    cvd_buf_release(&canon);
    cvd_arena_release(&a);
    return 0;
}

static int on_line(void *arg, struct cvd_str line, bool too_long)
{
    struct run *r = arg;
    if (too_long) {
        r->any_invalid = true;
        if (r->json) {
            struct cvd_diag d = {0};
            cvd_diag_set(&d, CVD_ELIMIT, "line longer than %zu bytes", CVD_PURL_MAX_LEN);
            report_json(r, CVD_STR(""), CVD_ELIMIT, NULL, CVD_STR(""), &d);
        } else {
            cli_out_cstr(&r->out, "error\tline too long\n");
        }
        return 0;
    }
    return one(r, line);
}

int cmd_purl(int argc, char **argv, struct cli_ctx *ctx)
{
    struct run *r = malloc(sizeof(*r)); /* struct cli_out holds a 64 KiB buffer */
    if (r == NULL)
        return cli_fail(ctx, cmd_name, "out of memory");
    *r = (struct run){.ctx = ctx};
    int first = argc;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--json") == 0) {
            r->json = true;
        } else if (strcmp(a, "--strict") == 0) {
            r->flags |= CVD_PURL_STRICT;
        } else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(usage, ctx->out);
            free(r);
            return CLI_OK;
        } else if (strcmp(a, "--") == 0) {
            first = i + 1;
            break;
        } else if (a[0] == '-' && a[1] != '\0') {
            free(r);
            return cli_usage_error(ctx, cmd_name, "unknown option '%s'", a);
        } else {
            first = i;
            break;
        }
    }
    cli_out_init(&r->out, ctx->out);
    int status = CLI_OK;
    if (first >= argc) {
        if (cli_each_line(ctx->in, CVD_PURL_MAX_LEN, on_line, r) != 0)
            status = cli_fail(ctx, cmd_name, "cannot read standard input");
    } else {
        for (int i = first; i < argc; i++)
            one(r, cvd_str_from_cstr(argv[i]));
    }
    if (cli_out_flush(&r->out) != 0)
        status = cli_fail(ctx, cmd_name, "cannot write output");
    if (status == CLI_OK && r->any_invalid)
        status = CLI_FAIL;
    free(r);
    return status;
}
