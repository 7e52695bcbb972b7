/* `cvd version`: compare versions and check ranges with one ecosystem's rules. The rules are in
 * libcvd (include/cvd/version.h); this file reads arguments or batch lines and prints. */
#include <stdbool.h>
#include <string.h>

#include "cli.h"
#include "cvd/arena.h"
#include "cvd/json.h"
#include "cvd/limits.h"
#include "cvd/vers.h"
#include "cvd/version.h"

static const char usage[] =
    "usage: cvd version compare|satisfies|schemes [--scheme S] [--json] [ARGS...]\n"
    "\n"
    "  cvd version compare --scheme S A B\n"
    "      print -1, 0 or 1: A is older than, equal to or newer than B\n"
    "  cvd version satisfies --scheme S VERSION RANGE\n"
    "      print true or false: VERSION is in RANGE, written in the ecosystem's own range\n"
    "      syntax (npm ranges, PEP 440 specifiers, RubyGems requirements, ...) or as a\n"
    "      vers: range (\"vers:deb/>=1.2|<1.4\"), which names its scheme itself: then\n"
    "      --scheme may be left out, and when given must agree\n"
    "  cvd version schemes\n"
    "      list the scheme names (the OSV ecosystem names in lower case, plus semver)\n"
    "\n"
    "Without A B (or VERSION RANGE), read one pair per line from standard input, the two\n"
    "separated by a TAB in the same order, and print one answer per line; a line that\n"
    "cannot be evaluated prints error<TAB>reason and the run goes on.\n"
    "\n"
    "  --scheme S    the version scheme (required, except for vers: ranges)\n"
    "  --json        one JSON object per answer\n"
    "  -h, --help    show this help\n"
    "\n"
    "Exit status: 0 every answer computed, 1 some input invalid, 2 usage error.\n";

static const char cmd_name[] = "version";

enum op { OP_COMPARE, OP_SATISFIES };

struct run {
    enum op op;
    const struct cvd_version_scheme *scheme; /* NULL: only vers: ranges */
    bool json;
    bool any_invalid;
    struct cli_out *o;
    struct cvd_buf jbuf;
    struct cvd_diag diag; /* read only after a failure, which sets it: not cleared per line */
};

static void print_json(struct run *r, struct cvd_str a, struct cvd_str b, int rc, int cmp, bool sat,
                       const struct cvd_diag *diag)
{
    struct cvd_json_writer w;
    cvd_buf_reset(&r->jbuf);
    cvd_json_writer_init(&w, &r->jbuf, 0);
    cvd_json_write_object_begin(&w);
    cvd_json_write_kv_cstr(&w, "scheme", r->scheme ? r->scheme->name : NULL);
    if (r->op == OP_COMPARE) {
        cvd_json_write_key(&w, CVD_STR("a"));
        cvd_json_write_string(&w, a);
        cvd_json_write_key(&w, CVD_STR("b"));
        cvd_json_write_string(&w, b);
    } else {
        cvd_json_write_key(&w, CVD_STR("version"));
        cvd_json_write_string(&w, a);
        cvd_json_write_key(&w, CVD_STR("range"));
        cvd_json_write_string(&w, b);
    }
    if (rc != 0)
        cvd_json_write_kv_cstr(&w, "error", diag->msg);
    else if (r->op == OP_COMPARE)
        cvd_json_write_kv_i64(&w, "cmp", cmp);
    else
        cvd_json_write_kv_bool(&w, "satisfies", sat);
    cvd_json_write_object_end(&w);
    if (cvd_json_writer_finish(&w) != 0) {
        /* Input that is not UTF-8 cannot be a JSON string; say so instead. */
        cli_out_cstr(r->o, "{\"error\":\"input is not valid UTF-8\"}\n");
        return;
    }
    cli_out_add(r->o, r->jbuf.ptr, r->jbuf.len);
    cli_out_add(r->o, "\n", 1);
}

/* A vers: range carries its own scheme; --scheme, when given, must be the one it maps to. */
static int vers_satisfies(const struct cvd_version_scheme *scheme, struct cvd_str version,
                          struct cvd_str range, bool *ret, struct cvd_diag *diag)
{
    struct cvd_arena arena;
    struct cvd_vers v;
    cvd_arena_init(&arena, (size_t)1 << 20);
    int rc = cvd_vers_parse(&arena, range, 0, &v, diag);
    if (rc == 0 && scheme != NULL && v.impl != NULL && v.impl != scheme)
        rc = cvd_diag_set(diag, CVD_EINVAL, "range is for scheme '%s', not '%s'", v.impl->name,
                          scheme->name);
    if (rc == 0)
        rc = cvd_vers_contains(&v, version, ret, diag);
    cvd_arena_release(&arena);
    return rc;
}

/* Evaluate one pair and print its answer line. */
static void answer(struct run *r, struct cvd_str a, struct cvd_str b)
{
    struct cvd_diag *diag = &r->diag;
    int cmp = 0;
    bool sat = false;
    int rc;
    if (r->op == OP_COMPARE)
        rc = cvd_version_compare(r->scheme, a, b, &cmp, diag);
    else if (cvd_str_starts_with(b, CVD_STR("vers:")))
        rc = vers_satisfies(r->scheme, a, b, &sat, diag);
    else if (r->scheme == NULL)
        rc = cvd_diag_set(diag, CVD_EINVAL, "not a vers: range, and no --scheme given");
    else
        rc = cvd_version_satisfies(r->scheme, a, b, &sat, diag);
    if (rc != 0)
        r->any_invalid = true;
    if (r->json) {
        print_json(r, a, b, rc, cmp, sat, diag);
    } else if (rc != 0) {
        cli_out_cstr(r->o, "error\t");
        cli_out_field(r->o, cvd_str_from_cstr(diag->msg));
        cli_out_add(r->o, "\n", 1);
    } else if (r->op == OP_COMPARE) {
        cli_out_cstr(r->o, cmp < 0 ? "-1\n" : cmp > 0 ? "1\n" : "0\n");
    } else {
        cli_out_cstr(r->o, sat ? "true\n" : "false\n");
    }
}

static int batch_line(void *arg, struct cvd_str line, bool too_long)
{
    struct run *r = arg;
    const char *tab = too_long ? NULL : memchr(line.ptr, '\t', line.len);
    if (tab == NULL) {
        r->any_invalid = true;
        cli_out_cstr(r->o, too_long ? "error\tline longer than the limit\n"
                                    : "error\texpected two fields separated by a TAB\n");
    } else {
        struct cvd_str a = {line.ptr, (size_t)(tab - line.ptr)};
        struct cvd_str b = {tab + 1, line.len - a.len - 1};
        answer(r, a, b);
    }
    return r->o->failed ? CVD_EIO : 0;
}

static int list_schemes(struct cli_ctx *ctx, bool json)
{
    if (!json) {
        for (size_t i = 0; cvd_version_scheme_name(i); i++) {
            const char *name = cvd_version_scheme_name(i);
            const struct cvd_version_scheme *s = cvd_version_scheme_find(cvd_str_from_cstr(name));
            fprintf(ctx->out, "%s\t%s\n", name, s->satisfies ? "compare, ranges" : "compare");
        }
        return CLI_OK;
    }
    struct cvd_buf buf;
    cvd_buf_init(&buf, 0);
    struct cvd_json_writer w;
    cvd_json_writer_init(&w, &buf, 0);
    cvd_json_write_array_begin(&w);
    for (size_t i = 0; cvd_version_scheme_name(i); i++) {
        const char *name = cvd_version_scheme_name(i);
        const struct cvd_version_scheme *s = cvd_version_scheme_find(cvd_str_from_cstr(name));
        cvd_json_write_object_begin(&w);
        cvd_json_write_kv_cstr(&w, "name", name);
        cvd_json_write_kv_cstr(&w, "scheme", s->name);
        cvd_json_write_kv_bool(&w, "ranges", s->satisfies != NULL);
        cvd_json_write_object_end(&w);
    }
    cvd_json_write_array_end(&w);
    int rc = cvd_json_writer_finish(&w);
    if (rc == 0)
        fprintf(ctx->out, "%s\n", buf.ptr);
    cvd_buf_release(&buf);
    return rc == 0 ? CLI_OK : cli_fail(ctx, cmd_name, "%s", cvd_strerror(rc));
}

int cmd_version(int argc, char **argv, struct cli_ctx *ctx)
{
    static struct cli_out o; /* static: 64 KiB is too much for the stack */
    const char *scheme_name = NULL;
    bool json = false;
    const char *verb = NULL;
    const char *args[2];
    int nargs = 0;
    bool options_done = false;

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!options_done && strcmp(a, "--") == 0) {
            options_done = true;
        } else if (!options_done && (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0)) {
            fputs(usage, ctx->out);
            return CLI_OK;
        } else if (!options_done && strcmp(a, "--json") == 0) {
            json = true;
        } else if (!options_done && strcmp(a, "--scheme") == 0) {
            if (++i == argc)
                return cli_usage_error(ctx, cmd_name, "--scheme needs a value");
            scheme_name = argv[i];
        } else if (!options_done && strncmp(a, "--scheme=", 9) == 0) {
            scheme_name = a + 9;
        } else if (!options_done && a[0] == '-' && a[1] != '\0') {
            return cli_usage_error(ctx, cmd_name, "unknown option '%s'", a);
        } else if (verb == NULL) {
            verb = a;
        } else if (nargs < 2) {
            args[nargs++] = a;
        } else {
            return cli_usage_error(ctx, cmd_name, "too many arguments");
        }
    }
    if (verb == NULL)
        return cli_usage_error(ctx, cmd_name, "say compare, satisfies or schemes");
    if (strcmp(verb, "schemes") == 0) {
        if (nargs > 0)
            return cli_usage_error(ctx, cmd_name, "schemes takes no arguments");
        return list_schemes(ctx, json);
    }
    struct run r = {.json = json, .o = &o};
    if (strcmp(verb, "compare") == 0)
        r.op = OP_COMPARE;
    else if (strcmp(verb, "satisfies") == 0)
        r.op = OP_SATISFIES;
    else
        return cli_usage_error(ctx, cmd_name, "unknown verb '%s' (compare, satisfies, schemes)",
                               verb);
    if (scheme_name == NULL && r.op == OP_COMPARE)
        return cli_usage_error(ctx, cmd_name, "%s needs --scheme", verb);
    if (scheme_name != NULL) {
        r.scheme = cvd_version_scheme_find(cvd_str_from_cstr(scheme_name));
        if (r.scheme == NULL)
            return cli_usage_error(ctx, cmd_name,
                                   "unknown scheme '%s'; 'cvd version schemes' lists them",
                                   scheme_name);
    }
    /* A scheme without native ranges still takes vers: ranges; say so only when the
     * arguments show a native one. */
    if (r.op == OP_SATISFIES && r.scheme != NULL && r.scheme->satisfies == NULL && nargs == 2 &&
        strncmp(args[1], "vers:", 5) != 0)
        return cli_usage_error(ctx, cmd_name,
                               "the %s scheme has no range syntax of its own; use a vers: range",
                               r.scheme->name);
    if (nargs == 1)
        return cli_usage_error(ctx, cmd_name, "%s needs two arguments, or none to read stdin",
                               verb);

    cli_out_init(&o, ctx->out);
    cvd_buf_init(&r.jbuf, 0);
    int ret = CLI_OK;
    if (nargs == 2) {
        answer(&r, cvd_str_from_cstr(args[0]), cvd_str_from_cstr(args[1]));
    } else {
        int rc = cli_each_line(ctx->in, cvd_limits_default.line_bytes, batch_line, &r);
        if (rc < 0 && !o.failed)
            ret = cli_fail(ctx, cmd_name, "cannot read standard input: %s", cvd_strerror(rc));
    }
    if (cli_out_flush(&o) != 0 && ret == CLI_OK)
        ret = cli_fail(ctx, cmd_name, "cannot write output");
    cvd_buf_release(&r.jbuf);
    if (ret == CLI_OK && r.any_invalid)
        ret = CLI_FAIL;
    return ret;
}
