/* `cvd csaf validate`: run the CSAF 2.0 mandatory tests that libcvd implements on documents and
 * report the findings. All CSAF logic is in include/cvd/csaf.h. The JSON Schema and the tests
 * not yet implemented are NOT checked, and every report says so. */
#include <dirent.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "cvd/arena.h"
#include "cvd/csaf.h"
#include "cvd/json.h"
#include "cvd/limits.h"

static const char usage[] =
    "usage: cvd csaf validate [--json] FILE...|DIR\n"
    "\n"
    "Check CSAF 2.0 documents (OASIS CSAF v2.0 section 6.1, mandatory tests). A DIR is\n"
    "replaced by its *.json files (not recursive, sorted by name); '-' is standard input.\n"
    "\n"
    "Checked: 40 of the 43 mandatory tests: 6.1.1-6.1.7, 6.1.9, 6.1.10, 6.1.13-6.1.33\n"
    "(with 6.1.27.1-6.1.27.11).\n"
    "NOT checked: the JSON Schema, mandatory tests 6.1.8 (CVSS schema), 6.1.11 (CWE),\n"
    "6.1.12 (language), and the optional (6.2) and informative (6.3) tests.\n"
    "A document without findings has passed the checked tests only; it is not shown to be\n"
    "a valid CSAF document.\n"
    "\n"
    "Text output: one line per finding, FILE: TEST error POINTER: message, then one line\n"
    "per file, FILE: N errors, or FILE: no findings in the checked tests.\n"
    "\n"
    "  --json        instead, one JSON object per file on standard output:\n"
    "                {\"file\":...,\"valid\":true|false,\"errors\":[{\"test\":\"6.1.1\",\n"
    "                \"pointer\":\"/...\",\"message\":...}],\"warnings\":[],\"not_checked\":[...]}\n"
    "                (valid: no finding in the checked tests; not_checked lists \"schema\"\n"
    "                and the mandatory tests not run)\n"
    "  -h, --help    show this help\n"
    "\n"
    "Exit status: 0 no finding, 1 some document has an error (or is not JSON), 2 usage or\n"
    "input/output error.\n";

static const char cmd_name[] = "csaf";

static const char *const all_mandatory[CVD_CSAF_MANDATORY_TESTS] = {
    "6.1.1",     "6.1.2",     "6.1.3",    "6.1.4",    "6.1.5",    "6.1.6",    "6.1.7",
    "6.1.8",     "6.1.9",     "6.1.10",   "6.1.11",   "6.1.12",   "6.1.13",   "6.1.14",
    "6.1.15",    "6.1.16",    "6.1.17",   "6.1.18",   "6.1.19",   "6.1.20",   "6.1.21",
    "6.1.22",    "6.1.23",    "6.1.24",   "6.1.25",   "6.1.26",   "6.1.27.1", "6.1.27.2",
    "6.1.27.3",  "6.1.27.4",  "6.1.27.5", "6.1.27.6", "6.1.27.7", "6.1.27.8", "6.1.27.9",
    "6.1.27.10", "6.1.27.11", "6.1.28",   "6.1.29",   "6.1.30",   "6.1.31",   "6.1.32",
    "6.1.33",
};

static bool is_checked(const char *id)
{
    size_t n = 0;
    const char *const *t = cvd_csaf_checked_tests(&n);
    for (size_t i = 0; i < n; i++)
        if (strcmp(t[i], id) == 0)
            return true;
    return false;
}

static void write_findings(struct cvd_json_writer *w, const char *key,
                           const struct cvd_csaf_report *rep, enum cvd_csaf_severity sev)
{
    (void)cvd_json_write_key(w, cvd_str_from_cstr(key));
    (void)cvd_json_write_array_begin(w);
    for (size_t i = 0; i < rep->len; i++) {
        const struct cvd_csaf_finding *f = &rep->items[i];
        if (f->severity != sev)
            continue;
        (void)cvd_json_write_object_begin(w);
        (void)cvd_json_write_kv_cstr(w, "test", f->test);
        (void)cvd_json_write_kv_cstr(w, "pointer", f->pointer);
        (void)cvd_json_write_kv_cstr(w, "message", f->message);
        (void)cvd_json_write_object_end(w);
    }
    (void)cvd_json_write_array_end(w);
}

/* One --json line. rep NULL: the document could not be checked (d says why). */
static int report_json(struct cli_ctx *ctx, const char *path, const struct cvd_csaf_report *rep,
                       int rc, const struct cvd_diag *d)
{
    struct cvd_buf b;
    cvd_buf_init(&b, 0);
    struct cvd_json_writer w;
    cvd_json_writer_init(&w, &b, 0);
    (void)cvd_json_write_object_begin(&w);
    if (cvd_json_write_kv_cstr(&w, "file", path) == CVD_EUTF8) {
        cvd_json_writer_init(&w, &b, 0);
        cvd_buf_reset(&b);
        (void)cvd_json_write_object_begin(&w);
        (void)cvd_json_write_kv_cstr(&w, "file", NULL);
    }
    (void)cvd_json_write_kv_bool(&w, "valid", rc == 0 && rep->errors == 0);
    if (rc != 0) {
        (void)cvd_json_write_key(&w, CVD_STR("errors"));
        (void)cvd_json_write_array_begin(&w);
        (void)cvd_json_write_object_begin(&w);
        (void)cvd_json_write_kv_cstr(&w, "test", "json");
        (void)cvd_json_write_kv_cstr(&w, "pointer", "");
        (void)cvd_json_write_kv_cstr(&w, "message", d->msg);
        (void)cvd_json_write_object_end(&w);
        (void)cvd_json_write_array_end(&w);
        (void)cvd_json_write_key(&w, CVD_STR("warnings"));
        (void)cvd_json_write_array_begin(&w);
        (void)cvd_json_write_array_end(&w);
    } else {
        write_findings(&w, "errors", rep, CVD_CSAF_ERROR);
        write_findings(&w, "warnings", rep, CVD_CSAF_WARNING);
        if (rep->truncated)
            (void)cvd_json_write_kv_bool(&w, "truncated", true);
    }
    (void)cvd_json_write_key(&w, CVD_STR("not_checked"));
    (void)cvd_json_write_array_begin(&w);
    (void)cvd_json_write_cstr(&w, "schema");
    for (size_t i = 0; i < CVD_CSAF_MANDATORY_TESTS; i++)
        if (!is_checked(all_mandatory[i]))
            (void)cvd_json_write_cstr(&w, all_mandatory[i]);
    (void)cvd_json_write_array_end(&w);
    (void)cvd_json_write_object_end(&w);
    int status = cvd_json_writer_finish(&w);
    if (status == 0) {
        if (fwrite(b.ptr, 1, b.len, ctx->out) != b.len || fputc('\n', ctx->out) == EOF)
            status = cli_fail(ctx, cmd_name, "cannot write output");
    } else {
        status = cli_fail(ctx, cmd_name, "cannot write report: %s", cvd_strerror(status));
    }
    cvd_buf_release(&b);
    return status;
}

/* Check one file: CLI_OK (no errors), CLI_FAIL (errors or not JSON), CLI_USAGE (cannot read). */
static int check_file(struct cli_ctx *ctx, bool json, const char *path)
{
    struct cvd_buf in;
    struct cvd_arena a;
    struct cvd_diag d = {0};
    struct cvd_csaf_report rep = {0};
    int status = CLI_OK;
    cvd_buf_init(&in, 0);
    cvd_arena_init(&a, 0);
    int rc = cli_read_file(ctx, path, cvd_limits_default.input_bytes, &in, &d);
    if (rc != 0) {
        fprintf(ctx->err, "cvd %s: %s\n", cmd_name, d.msg);
        status = CLI_USAGE;
        goto out;
    }
    rc = cvd_csaf_check_buf(&a, in.ptr, in.len, NULL, &rep, &d);
    if (rc == CVD_ENOMEM) {
        status = cli_fail(ctx, cmd_name, "%s: %s", path, d.msg);
        goto out;
    }
    if (json) {
        status = report_json(ctx, path, &rep, rc, &d);
    } else if (rc != 0) {
        if (d.line > 0)
            fprintf(ctx->out, "%s:%u:%u: %s\n", path, d.line, d.column, d.msg);
        else
            fprintf(ctx->out, "%s: %s\n", path, d.msg);
    } else {
        for (size_t i = 0; i < rep.len; i++)
            fprintf(ctx->out, "%s: %s %s %s: %s\n", path, rep.items[i].test,
                    rep.items[i].severity == CVD_CSAF_ERROR ? "error" : "warning",
                    rep.items[i].pointer[0] ? rep.items[i].pointer : "/", rep.items[i].message);
        if (rep.truncated)
            fprintf(ctx->out, "%s: more than %u findings; the rest are not shown\n", path,
                    CVD_CSAF_MAX_FINDINGS);
        if (rep.errors > 0)
            fprintf(ctx->out, "%s: %zu error%s\n", path, rep.errors, rep.errors == 1 ? "" : "s");
        else
            fprintf(ctx->out, "%s: no findings in the checked tests\n", path);
    }
    if (status == CLI_OK && (rc != 0 || rep.errors > 0))
        status = CLI_FAIL;
out:
    cvd_arena_release(&a);
    cvd_buf_release(&in);
    return status;
}

static int json_name(const struct dirent *e)
{
    size_t n = strlen(e->d_name);
    return e->d_name[0] != '.' && n > 5 && strcmp(e->d_name + n - 5, ".json") == 0;
}

static int worse(int a, int b)
{
    return a == CLI_USAGE || b == CLI_USAGE ? CLI_USAGE : a == CLI_FAIL ? a : b;
}

static int check_path(struct cli_ctx *ctx, bool json, const char *path)
{
    struct stat st;
    if (strcmp(path, "-") == 0 || stat(path, &st) != 0 || !S_ISDIR(st.st_mode))
        return check_file(ctx, json, path);
    struct dirent **list = NULL;
    int n = scandir(path, &list, json_name, alphasort);
    if (n < 0) {
        fprintf(ctx->err, "cvd %s: cannot read directory '%s'\n", cmd_name, path);
        return CLI_USAGE;
    }
    int status = CLI_OK;
    for (int i = 0; i < n; i++) {
        struct cvd_buf p;
        cvd_buf_init(&p, 0);
        if (cvd_buf_printf(&p, "%s/%s", path, list[i]->d_name) == 0 && cvd_buf_add_char(&p, 0) == 0)
            status = worse(status, check_file(ctx, json, p.ptr));
        else
            status = worse(status, cli_fail(ctx, cmd_name, "out of memory"));
        cvd_buf_release(&p);
        free(list[i]);
    }
    free(list);
    return status;
}

int cmd_csaf(int argc, char **argv, struct cli_ctx *ctx)
{
    if (argc >= 2 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)) {
        fputs(usage, ctx->out);
        return CLI_OK;
    }
    if (argc < 2 || strcmp(argv[1], "validate") != 0)
        return cli_usage_error(ctx, cmd_name, "expected the subcommand 'validate'");
    bool json = false;
    int i = 2;
    for (; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--") == 0) {
            i++;
            break;
        }
        if (a[0] != '-' || strcmp(a, "-") == 0)
            break;
        if (strcmp(a, "--json") == 0) {
            json = true;
        } else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(usage, ctx->out);
            return CLI_OK;
        } else {
            return cli_usage_error(ctx, cmd_name, "unknown option '%s'", a);
        }
    }
    if (i == argc)
        return cli_usage_error(ctx, cmd_name, "no FILE or DIR given (use '-' for standard input)");
    int status = CLI_OK;
    for (; i < argc; i++)
        status = worse(status, check_path(ctx, json, argv[i]));
    if (fflush(ctx->out) != 0)
        status = worse(status, cli_fail(ctx, cmd_name, "cannot write output"));
    return status;
}
