/* `cvd osv affected`: evaluate one OSV record for one package version. All logic is in
 * include/cvd/osv.h; this file reads the record and prints the verdict. */
#include <stdbool.h>
#include <string.h>

#include "cli.h"
#include "cvd/arena.h"
#include "cvd/json.h"
#include "cvd/limits.h"
#include "cvd/osv.h"

static const char usage[] =
    "usage: cvd osv affected [--json] [--any-release] RECORD.json ECOSYSTEM NAME VERSION\n"
    "\n"
    "Decide whether package NAME at VERSION in ECOSYSTEM (an OSV ecosystem, with its release\n"
    "suffix where it has one: PyPI, npm, Go, crates.io, Debian:12, AlmaLinux:9, ...) is\n"
    "affected by the OSV record in RECORD.json ('-' is standard input), as the OSV schema\n"
    "specifies: SEMVER and ECOSYSTEM ranges ordered by the ecosystem's version scheme,\n"
    "versions[] compared with the ecosystem's equality, GIT ranges only through versions[],\n"
    "withdrawn records never affected. Prints one line:\n"
    "  affected | not affected | unknown: REASON\n"
    "'unknown' means the record could not be evaluated for this query (no version scheme for\n"
    "the ecosystem, or a version the scheme cannot read); it is never reported as 'not\n"
    "affected'.\n"
    "\n"
    "  --json          print one JSON object instead: {\"id\",\"verdict\",\"basis\",\n"
    "                  \"entries_matched\",\"git_ranges_skipped\"} plus, where they apply,\n"
    "                  \"affected_index\", \"range_index\", \"range_type\", \"event_index\",\n"
    "                  \"event\" {kind: version}, \"version_index\", \"version\", \"pointer\"\n"
    "                  (JSON pointer of the deciding value) and \"reason\"\n"
    "  --any-release   a bare ECOSYSTEM (\"Debian\") also matches records for a release\n"
    "                  (\"Debian:12\"); by default it matches only records without a suffix\n"
    "  -h, --help      show this help\n"
    "\n"
    "Exit status: 0 evaluated (affected or not affected), 1 unknown or the record is\n"
    "unreadable or invalid, 2 usage error.\n";

static const char cmd_name[] = "osv";

static void pointer(const struct cvd_osv_result *res, char *out, size_t cap)
{
    out[0] = '\0';
    if (res->affected_index == CVD_OSV_NONE)
        return;
    if (res->version_index != CVD_OSV_NONE) {
        (void)snprintf(out, cap, "/affected/%zu/versions/%zu", res->affected_index,
                       res->version_index);
    } else if (res->event_index != CVD_OSV_NONE) {
        (void)snprintf(out, cap, "/affected/%zu/ranges/%zu/events/%zu", res->affected_index,
                       res->range_index, res->event_index);
    } else if (res->range_index != CVD_OSV_NONE) {
        (void)snprintf(out, cap, "/affected/%zu/ranges/%zu", res->affected_index, res->range_index);
    } else {
        (void)snprintf(out, cap, "/affected/%zu", res->affected_index);
    }
}

static void kv_index(struct cvd_json_writer *w, const char *key, size_t i)
{
    if (i == CVD_OSV_NONE)
        return;
    (void)cvd_json_write_key(w, cvd_str_from_cstr(key));
    (void)cvd_json_write_u64(w, i);
}

static int print_json(struct cli_ctx *ctx, const struct cvd_osv_record *rec,
                      const struct cvd_osv_result *res)
{
    struct cvd_buf b;
    struct cvd_json_writer w;
    char ptr[128];
    cvd_buf_init(&b, 0);
    cvd_json_writer_init(&w, &b, 0);
    (void)cvd_json_write_object_begin(&w);
    (void)cvd_json_write_key(&w, CVD_STR("id"));
    (void)cvd_json_write_string(&w, rec->id);
    (void)cvd_json_write_kv_cstr(&w, "verdict", cvd_osv_verdict_name(res->verdict));
    (void)cvd_json_write_kv_cstr(&w, "basis", cvd_osv_basis_name(res->basis));
    kv_index(&w, "affected_index", res->affected_index);
    kv_index(&w, "range_index", res->range_index);
    if (res->affected_index != CVD_OSV_NONE && res->range_index != CVD_OSV_NONE) {
        const struct cvd_osv_range *rg =
            &rec->affected[res->affected_index].ranges[res->range_index];
        (void)cvd_json_write_kv_cstr(&w, "range_type", cvd_osv_range_type_name(rg->type));
        if (res->event_index != CVD_OSV_NONE) {
            const struct cvd_osv_event *e = &rg->events[res->event_index];
            kv_index(&w, "event_index", res->event_index);
            (void)cvd_json_write_key(&w, CVD_STR("event"));
            (void)cvd_json_write_object_begin(&w);
            (void)cvd_json_write_key(&w, cvd_str_from_cstr(cvd_osv_event_kind_name(e->kind)));
            (void)cvd_json_write_string(&w, e->version);
            (void)cvd_json_write_object_end(&w);
        }
    }
    if (res->affected_index != CVD_OSV_NONE && res->version_index != CVD_OSV_NONE) {
        kv_index(&w, "version_index", res->version_index);
        (void)cvd_json_write_key(&w, CVD_STR("version"));
        (void)cvd_json_write_string(
            &w, rec->affected[res->affected_index].versions[res->version_index]);
    }
    pointer(res, ptr, sizeof(ptr));
    if (ptr[0])
        (void)cvd_json_write_kv_cstr(&w, "pointer", ptr);
    (void)cvd_json_write_key(&w, CVD_STR("entries_matched"));
    (void)cvd_json_write_u64(&w, res->entries_matched);
    (void)cvd_json_write_key(&w, CVD_STR("git_ranges_skipped"));
    (void)cvd_json_write_u64(&w, res->git_ranges_skipped);
    if (res->verdict == CVD_OSV_UNKNOWN)
        (void)cvd_json_write_kv_cstr(&w, "reason", res->why.msg);
    (void)cvd_json_write_object_end(&w);
    int rc = cvd_json_writer_finish(&w);
    int status = CLI_OK;
    if (rc != 0)
        status = cli_fail(ctx, cmd_name, "cannot write the report: %s", cvd_strerror(rc));
    else if (fwrite(b.ptr, 1, b.len, ctx->out) != b.len || fputc('\n', ctx->out) == EOF)
        status = cli_fail(ctx, cmd_name, "cannot write output");
    cvd_buf_release(&b);
    return status;
}

static int affected(int argc, char **argv, struct cli_ctx *ctx)
{
    bool json = false;
    unsigned flags = 0;
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
        } else if (strcmp(a, "--any-release") == 0) {
            flags |= CVD_OSV_ANY_RELEASE;
        } else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(usage, ctx->out);
            return CLI_OK;
        } else {
            return cli_usage_error(ctx, cmd_name, "unknown option '%s'", a);
        }
    }
    if (argc - i != 4)
        return cli_usage_error(ctx, cmd_name,
                               "expected RECORD.json ECOSYSTEM NAME VERSION, got %d argument%s",
                               argc - i, argc - i == 1 ? "" : "s");
    const char *path = argv[i];
    struct cvd_osv_query q = {
        .ecosystem = cvd_str_from_cstr(argv[i + 1]),
        .name = cvd_str_from_cstr(argv[i + 2]),
        .version = cvd_str_from_cstr(argv[i + 3]),
    };

    struct cvd_buf in;
    struct cvd_arena a;
    struct cvd_diag d = {0};
    const struct cvd_osv_record *rec = NULL;
    int status = CLI_OK;
    cvd_buf_init(&in, 0);
    cvd_arena_init(&a, 0);
    int rc = cli_read_file(ctx, path, cvd_limits_default.input_bytes, &in, &d);
    if (rc != 0) {
        status = cli_fail(ctx, cmd_name, "%s", d.msg);
        goto out;
    }
    rc = cvd_osv_parse(&a, in.ptr, in.len, NULL, &rec, &d);
    if (rc != 0) {
        if (d.line > 0)
            fprintf(ctx->err, "%s:%u:%u: %s\n", path, d.line, d.column, d.msg);
        else
            fprintf(ctx->err, "%s: %s\n", path, d.msg);
        status = CLI_FAIL;
        goto out;
    }
    struct cvd_osv_eval_opts opts = {.flags = flags, .find_scheme = NULL};
    struct cvd_osv_result res;
    rc = cvd_osv_evaluate(rec, &q, &opts, &res);
    if (rc != 0) {
        status = cli_fail(ctx, cmd_name, "cannot evaluate: %s", cvd_strerror(rc));
        goto out;
    }
    if (json) {
        status = print_json(ctx, rec, &res);
    } else if (res.verdict == CVD_OSV_UNKNOWN) {
        fprintf(ctx->out, "unknown: %s\n", res.why.msg);
    } else {
        fprintf(ctx->out, "%s\n", cvd_osv_verdict_name(res.verdict));
    }
    if (status == CLI_OK && res.verdict == CVD_OSV_UNKNOWN)
        status = CLI_FAIL;
    if (fflush(ctx->out) != 0)
        status = cli_fail(ctx, cmd_name, "cannot write output");
out:
    cvd_arena_release(&a);
    cvd_buf_release(&in);
    return status;
}

int cmd_osv(int argc, char **argv, struct cli_ctx *ctx)
{
    if (argc < 2)
        return cli_usage_error(ctx, cmd_name, "no subcommand given (affected)");
    if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
        fputs(usage, ctx->out);
        return CLI_OK;
    }
    if (strcmp(argv[1], "affected") == 0)
        return affected(argc, argv, ctx);
    return cli_usage_error(ctx, cmd_name, "unknown subcommand '%s'", argv[1]);
}
