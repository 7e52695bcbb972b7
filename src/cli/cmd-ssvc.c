/* `cvd ssvc`: list the SSVC decision tables and evaluate them. All logic is in libcvd
 * (include/cvd/ssvc.h); this file parses the command line and prints. */
#include <string.h>

#include "cli.h"
#include "cvd/arena.h"
#include "cvd/json.h"
#include "cvd/limits.h"
#include "cvd/ssvc.h"

static const char usage[] =
    "usage: cvd ssvc list [--json] [TABLE]\n"
    "   or: cvd ssvc eval [--json] TABLE POINT=VALUE[,VALUE...]...\n"
    "   or: cvd ssvc eval [--json] TABLE --vector 'SSVCv2/KEY:VALUES/.../'\n"
    "   or: cvd ssvc eval [--json] TABLE --vulnrichment FILE [POINT=VALUE...]\n"
    "\n"
    "TABLE is a table id (ssvc:DT_SP:1.0.0) or an alias: supplier, deployer,\n"
    "coordinator-triage, coordinator-publish, cisa, bod2604 (and the derived tables\n"
    "utility, human-impact, public-safety-impact, mwi).\n"
    "POINT is a decision point id (ssvc:E:1.1.0), its key (E) or its name; VALUE a value key\n"
    "(A) or name (active). Several values (U=L,E) give the range of possible outcomes.\n"
    "A derived input (Utility, Human Impact, Public Safety Impact, Mission and Well-Being\n"
    "Impact) may be given directly or through its own inputs.\n"
    "--vector reads the registry-key form of the legacy vector string (see docs).\n"
    "\n"
    "  --json        write the result as JSON\n"
    "  --vector V    take the values from vector string V (may be combined with POINT=VALUE)\n"
    "  --vulnrichment FILE\n"
    "                take the values from the CISA Vulnrichment SSVC metric in FILE (a CVE JSON 5\n"
    "                record, its SSVC 'content' or 'options'; '-' is stdin); add MWI=... for cisa\n"
    "  -h, --help    show this help\n"
    "\n"
    "Exit status: 0 decided, 1 evaluation error, 2 usage error.\n";

static const char cmd_name[] = "ssvc";

/* ---- output helpers ---- */

static void write_value(struct cvd_json_writer *w, const struct cvd_ssvc_value *v)
{
    cvd_json_write_object_begin(w);
    cvd_json_write_kv_cstr(w, "key", v->key);
    cvd_json_write_kv_cstr(w, "name", v->name);
    cvd_json_write_object_end(w);
}

static void write_point(struct cvd_json_writer *w, const struct cvd_ssvc_point *p, uint32_t mask)
{
    cvd_json_write_kv_cstr(w, "id", p->id);
    cvd_json_write_kv_cstr(w, "name", p->name);
    cvd_json_write_key(w, CVD_STR("values"));
    cvd_json_write_array_begin(w);
    for (size_t i = 0; i < p->n_values; i++) {
        if (mask & ((uint32_t)1 << i))
            write_value(w, &p->values[i]);
    }
    cvd_json_write_array_end(w);
}

static int emit_json(struct cli_ctx *ctx, struct cvd_buf *buf)
{
    int rc = cvd_buf_add_char(buf, '\n');
    if (rc)
        return cli_fail(ctx, cmd_name, "cannot write JSON: %s", cvd_strerror(rc));
    fwrite(buf->ptr, 1, buf->len, ctx->out);
    return CLI_OK;
}

/* ---- list ---- */

static void list_text(struct cli_ctx *ctx, const struct cvd_ssvc_table *t)
{
    const char *alias = cvd_ssvc_table_alias(t);
    fprintf(ctx->out, "%s%s%s%s: %s%s\n", t->id, alias ? " (" : "", alias ? alias : "",
            alias ? ")" : "", t->name, t->derived ? " [derived]" : "");
    for (size_t i = 0; i <= t->n_inputs; i++) {
        const struct cvd_ssvc_point *p = i < t->n_inputs ? t->inputs[i] : t->outcome;
        fprintf(ctx->out, "  %s %s %s:", i < t->n_inputs ? "in " : "out", p->id, p->name);
        for (size_t v = 0; v < p->n_values; v++)
            fprintf(ctx->out, "%s %s=%s", v ? "," : "", p->values[v].key, p->values[v].name);
        const struct cvd_ssvc_table *d = i < t->n_inputs ? cvd_ssvc_deriving_table(p) : NULL;
        if (d != NULL)
            fprintf(ctx->out, " (or derived by %s)", d->id);
        fputc('\n', ctx->out);
    }
}

static void list_json(struct cvd_json_writer *w, const struct cvd_ssvc_table *t)
{
    uint32_t all = 0xffffffffu;
    cvd_json_write_object_begin(w);
    cvd_json_write_kv_cstr(w, "id", t->id);
    cvd_json_write_kv_cstr(w, "alias", cvd_ssvc_table_alias(t));
    cvd_json_write_kv_cstr(w, "name", t->name);
    cvd_json_write_kv_bool(w, "derived", t->derived);
    cvd_json_write_key(w, CVD_STR("inputs"));
    cvd_json_write_array_begin(w);
    for (size_t i = 0; i < t->n_inputs; i++) {
        cvd_json_write_object_begin(w);
        write_point(w, t->inputs[i], all);
        const struct cvd_ssvc_table *d = cvd_ssvc_deriving_table(t->inputs[i]);
        if (d != NULL)
            cvd_json_write_kv_cstr(w, "derived_by", d->id);
        cvd_json_write_object_end(w);
    }
    cvd_json_write_array_end(w);
    cvd_json_write_key(w, CVD_STR("outcome"));
    cvd_json_write_object_begin(w);
    write_point(w, t->outcome, all);
    cvd_json_write_object_end(w);
    cvd_json_write_object_end(w);
}

static int cmd_list(int argc, char **argv, bool json, struct cli_ctx *ctx)
{
    const struct cvd_ssvc_table *only = NULL;
    if (argc > 1)
        return cli_usage_error(ctx, cmd_name, "list takes at most one TABLE");
    if (argc == 1) {
        only = cvd_ssvc_table_find(cvd_str_from_cstr(argv[0]));
        if (only == NULL)
            return cli_fail(ctx, cmd_name, "unknown table '%s'; see 'cvd ssvc list'", argv[0]);
    }
    struct cvd_buf buf;
    struct cvd_json_writer w;
    cvd_buf_init(&buf, 0);
    cvd_json_writer_init(&w, &buf, CVD_JSON_PRETTY);
    if (json)
        cvd_json_write_array_begin(&w);
    for (size_t i = 0; i < cvd_ssvc_table_count(); i++) {
        const struct cvd_ssvc_table *t = cvd_ssvc_table_at(i);
        if (only != NULL && t != only)
            continue;
        if (json)
            list_json(&w, t);
        else
            list_text(ctx, t);
    }
    int rc = CLI_OK;
    if (json) {
        cvd_json_write_array_end(&w);
        int err = cvd_json_writer_finish(&w);
        rc = err ? cli_fail(ctx, cmd_name, "cannot write JSON: %s", cvd_strerror(err))
                 : emit_json(ctx, &buf);
    }
    cvd_buf_release(&buf);
    return rc;
}

/* ---- eval ---- */

/* Write used[*i] and, if it was derived, its inputs (the following deeper entries). */
static void write_used(struct cvd_json_writer *w, const struct cvd_ssvc_result *res, size_t *i)
{
    const struct cvd_ssvc_used *u = &res->used[*i];
    (*i)++;
    cvd_json_write_object_begin(w);
    write_point(w, u->point, u->mask);
    cvd_json_write_kv_bool(w, "derived", u->via != NULL);
    if (u->via != NULL) {
        cvd_json_write_kv_cstr(w, "derived_by", u->via->id);
        cvd_json_write_key(w, CVD_STR("from"));
        cvd_json_write_array_begin(w);
        while (*i < res->n_used && res->used[*i].depth > u->depth)
            write_used(w, res, i);
        cvd_json_write_array_end(w);
    }
    cvd_json_write_object_end(w);
}

static int eval_json(struct cli_ctx *ctx, const struct cvd_ssvc_selection *sel,
                     const struct cvd_ssvc_result *res, struct cvd_str timestamp)
{
    const struct cvd_ssvc_point *o = res->table->outcome;
    struct cvd_buf buf;
    struct cvd_buf vec;
    struct cvd_json_writer w;
    cvd_buf_init(&buf, 0);
    cvd_buf_init(&vec, 0);
    int err = cvd_ssvc_vector_format(sel, &vec);
    cvd_json_writer_init(&w, &buf, CVD_JSON_PRETTY);
    cvd_json_write_object_begin(&w);
    cvd_json_write_kv_cstr(&w, "table", res->table->id);
    cvd_json_write_kv_cstr(&w, "table_name", res->table->name);
    cvd_json_write_key(&w, CVD_STR("inputs"));
    cvd_json_write_array_begin(&w);
    for (size_t i = 0; i < res->n_used;)
        write_used(&w, res, &i);
    cvd_json_write_array_end(&w);
    cvd_json_write_kv_cstr(&w, "outcome_point", o->id);
    cvd_json_write_kv_cstr(&w, "outcome_point_name", o->name);
    cvd_json_write_key(&w, CVD_STR("outcome"));
    if (res->lowest == res->highest)
        write_value(&w, &o->values[res->lowest]);
    else
        cvd_json_write_null(&w);
    cvd_json_write_key(&w, CVD_STR("outcomes"));
    cvd_json_write_array_begin(&w);
    for (size_t i = 0; i < o->n_values; i++) {
        if (res->outcomes & ((uint32_t)1 << i))
            write_value(&w, &o->values[i]);
    }
    cvd_json_write_array_end(&w);
    cvd_json_write_key(&w, CVD_STR("lowest"));
    write_value(&w, &o->values[res->lowest]);
    cvd_json_write_key(&w, CVD_STR("highest"));
    write_value(&w, &o->values[res->highest]);
    if (err == 0) {
        cvd_json_write_key(&w, CVD_STR("vector"));
        cvd_json_write_string(&w, cvd_buf_str(&vec));
    }
    if (timestamp.ptr != NULL) {
        cvd_json_write_key(&w, CVD_STR("timestamp"));
        cvd_json_write_string(&w, timestamp);
    }
    cvd_json_write_object_end(&w);
    if (err == 0)
        err = cvd_json_writer_finish(&w);
    int rc = err ? cli_fail(ctx, cmd_name, "cannot write JSON: %s", cvd_strerror(err))
                 : emit_json(ctx, &buf);
    cvd_buf_release(&vec);
    cvd_buf_release(&buf);
    return rc;
}

static void eval_text(struct cli_ctx *ctx, const struct cvd_ssvc_result *res)
{
    const struct cvd_ssvc_point *o = res->table->outcome;
    const struct cvd_ssvc_value *lo = &o->values[res->lowest];
    const struct cvd_ssvc_value *hi = &o->values[res->highest];
    if (res->lowest == res->highest) {
        fprintf(ctx->out, "%s (%s)\n", lo->name, lo->key);
        return;
    }
    fprintf(ctx->out, "%s (%s) .. %s (%s)", lo->name, lo->key, hi->name, hi->key);
    uint32_t range = 0;
    for (unsigned i = res->lowest; i <= res->highest; i++)
        range |= (uint32_t)1 << i;
    if (range != res->outcomes) {
        /* not every outcome between the two is possible: list those that are */
        fputs(" [possible:", ctx->out);
        for (size_t i = 0; i < o->n_values; i++) {
            if (res->outcomes & ((uint32_t)1 << i))
                fprintf(ctx->out, " %s", o->values[i].key);
        }
        fputc(']', ctx->out);
    }
    fputc('\n', ctx->out);
}

static int add_pair(struct cli_ctx *ctx, struct cvd_ssvc_selection *sel, const char *arg)
{
    const char *eq = strchr(arg, '=');
    if (eq == NULL || eq == arg || eq[1] == '\0')
        return cli_usage_error(ctx, cmd_name, "'%s' is not POINT=VALUE", arg);
    struct cvd_str point = {arg, (size_t)(eq - arg)};
    const char *p = eq + 1;
    for (;;) {
        const char *comma = strchr(p, ',');
        struct cvd_str value = {p, comma ? (size_t)(comma - p) : strlen(p)};
        struct cvd_diag diag = {0};
        if (cvd_ssvc_selection_add(sel, point, value, &diag))
            return cli_fail(ctx, cmd_name, "%s", diag.msg);
        if (comma == NULL)
            break;
        p = comma + 1;
    }
    return CLI_OK;
}

/* Add the Vulnrichment SSVC options of file path to sel. */
static int add_vulnrichment(struct cli_ctx *ctx, struct cvd_ssvc_selection *sel, const char *path)
{
    struct cvd_buf buf;
    struct cvd_arena arena;
    struct cvd_diag diag = {0};
    const struct cvd_json *root = NULL;
    int rc = CLI_OK;
    cvd_buf_init(&buf, 0);
    cvd_arena_init(&arena, 0);
    if (cli_read_file(ctx, path, cvd_limits_default.input_bytes, &buf, &diag)) {
        rc = cli_fail(ctx, cmd_name, "%s", diag.msg);
        goto out;
    }
    if (cvd_json_parse(&arena, buf.ptr, buf.len, NULL, 0, &root, &diag)) {
        rc = cli_fail(ctx, cmd_name, "'%s': %u:%u: %s", path, diag.line, diag.column, diag.msg);
        goto out;
    }
    /* The timestamp view would point into the arena: not kept. */
    if (cvd_ssvc_vulnrichment_add(sel, root, NULL, &diag))
        rc = cli_fail(ctx, cmd_name, "'%s': %s", path, diag.msg);
out:
    cvd_arena_release(&arena);
    cvd_buf_release(&buf);
    return rc;
}

static int cmd_eval(int argc, char **argv, bool json, const char *vector, const char *vr,
                    struct cli_ctx *ctx)
{
    if (argc < 1)
        return cli_usage_error(ctx, cmd_name, "eval needs a TABLE");
    const struct cvd_ssvc_table *t = cvd_ssvc_table_find(cvd_str_from_cstr(argv[0]));
    if (t == NULL)
        return cli_fail(ctx, cmd_name, "unknown table '%s'; see 'cvd ssvc list'", argv[0]);
    if (argc < 2 && vector == NULL && vr == NULL)
        return cli_usage_error(ctx, cmd_name, "eval needs POINT=VALUE arguments or --vector");
    struct cvd_ssvc_selection sel;
    cvd_ssvc_selection_init(&sel, t);
    struct cvd_str timestamp = {NULL, 0};
    if (vector != NULL) {
        struct cvd_diag diag = {0};
        if (cvd_ssvc_vector_parse(&sel, vector, strlen(vector), &timestamp, &diag))
            return cli_fail(ctx, cmd_name, "%s", diag.msg);
    }
    if (vr != NULL) {
        int rc = add_vulnrichment(ctx, &sel, vr);
        if (rc != CLI_OK)
            return rc;
    }
    for (int i = 1; i < argc; i++) {
        int rc = add_pair(ctx, &sel, argv[i]);
        if (rc != CLI_OK)
            return rc;
    }
    struct cvd_ssvc_result res;
    struct cvd_diag diag = {0};
    if (cvd_ssvc_eval(&sel, &res, &diag))
        return cli_fail(ctx, cmd_name, "%s", diag.msg);
    if (json)
        return eval_json(ctx, &sel, &res, timestamp);
    eval_text(ctx, &res);
    return CLI_OK;
}

int cmd_ssvc(int argc, char **argv, struct cli_ctx *ctx)
{
    bool json = false;
    const char *vector = NULL;
    const char *vr = NULL;
    /* Options may appear anywhere; the operands keep their order. argv is ours to reorder. */
    int n_ops = 0;
    bool only_operands = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (only_operands || a[0] != '-' || a[1] == '\0') {
            argv[1 + n_ops++] = argv[i];
        } else if (strcmp(a, "--") == 0) {
            only_operands = true;
        } else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(usage, ctx->out);
            return CLI_OK;
        } else if (strcmp(a, "--json") == 0) {
            json = true;
        } else if (strcmp(a, "--vector") == 0) {
            if (i + 1 >= argc)
                return cli_usage_error(ctx, cmd_name, "--vector needs a value");
            vector = argv[++i];
        } else if (strncmp(a, "--vector=", 9) == 0) {
            vector = a + 9;
        } else if (strcmp(a, "--vulnrichment") == 0) {
            if (i + 1 >= argc)
                return cli_usage_error(ctx, cmd_name, "--vulnrichment needs a FILE");
            vr = argv[++i];
        } else if (strncmp(a, "--vulnrichment=", 15) == 0) {
            vr = a + 15;
        } else {
            return cli_usage_error(ctx, cmd_name, "unknown option '%s'", a);
        }
    }
    if (n_ops == 0)
        return cli_usage_error(ctx, cmd_name, "missing subcommand: list or eval");
    const char *sub = argv[1];
    if (strcmp(sub, "list") == 0) {
        if (vector != NULL || vr != NULL)
            return cli_usage_error(ctx, cmd_name, "--vector and --vulnrichment are for 'eval'");
        return cmd_list(n_ops - 1, argv + 2, json, ctx);
    }
    if (strcmp(sub, "eval") == 0)
        return cmd_eval(n_ops - 1, argv + 2, json, vector, vr, ctx);
    if (strcmp(sub, "help") == 0) {
        fputs(usage, ctx->out);
        return CLI_OK;
    }
    return cli_usage_error(ctx, cmd_name, "unknown subcommand '%s'", sub);
}
