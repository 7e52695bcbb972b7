/* `cvd securitytxt`: lint a security.txt file (RFC 9116, rule set of standards.md §1.8),
 * optionally verifying its OpenPGP signature with a given keyring, and generate one from a
 * small configuration. All logic is in libcvd (include/cvd/securitytxt.h). */
#include <stdbool.h>
#include <string.h>

#include "cli.h"
#include "cvd/arena.h"
#include "cvd/json.h"
#include "cvd/securitytxt.h"
#include "cvd/utf8.h"

static const char usage[] =
    "usage: cvd securitytxt lint [--json] [--now RFC3339-TIME] [--soon-days N] [--keyring-dir GNUPGHOME] FILE|-\n"
    "   or: cvd securitytxt generate --config FILE [--sign-key ID --gnupghome DIR] [--now RFC3339-TIME]\n"
    "\n"
    "lint: parse FILE ('-' is standard input) and print one finding per line, sorted by\n"
    "line, as 'LINE: CODE: message' ('-' as LINE for file-level findings), then a summary.\n"
    "Codes are ST-E-* (error), ST-W-* (warning), ST-I-* (information).\n"
    "generate: write a security.txt for the 'key = value' configuration FILE to standard\n"
    "output (keys: contact, encryption, canonical, acknowledgments, policy, hiring,\n"
    "preferred-languages, csaf, expires-days); the result is linted before it is written.\n"
    "\n"
    "  --json                  lint: write the model and findings as one JSON object\n"
    "  --now T                 the current time for Expires checks (default: the clock)\n"
    "  --soon-days N           lint: warn when Expires is within N days (default 30)\n"
    "  --keyring-dir DIR       lint: verify the signature with the keys in GNUPGHOME DIR\n"
    "  --config FILE           generate: the configuration\n"
    "  --sign-key ID           generate: clear-sign with this secret key from --gnupghome\n"
    "  --gnupghome DIR         generate: the GNUPGHOME holding --sign-key\n"
    "  -h, --help              show this help\n"
    "\n"
    "Exit status: 0 no errors (warnings and information allowed) or file generated, 1\n"
    "errors found or failure, 2 usage error.\n";

static const char cmd_name[] = "securitytxt";

struct opts {
    bool json;
    const char *now;
    const char *soon;
    const char *keyring;
    const char *config;
    const char *sign_key;
    const char *gnupghome;
};

static const char *sev_name(enum cvd_securitytxt_severity s)
{
    return s == CVD_SECURITYTXT_ERROR ? "error" : s == CVD_SECURITYTXT_WARNING ? "warning" : "info";
}

static void count(const struct cvd_securitytxt *doc, size_t n[3])
{
    n[0] = n[1] = n[2] = 0;
    for (size_t i = 0; i < doc->n_findings; i++)
        n[doc->findings[i].severity]++;
}

static void print_findings(FILE *f, const struct cvd_securitytxt *doc)
{
    for (size_t i = 0; i < doc->n_findings; i++) {
        const struct cvd_securitytxt_finding *x = &doc->findings[i];
        if (x->line)
            fprintf(f, "%u: %s: %s\n", x->line, x->code, x->msg);
        else
            fprintf(f, "-: %s: %s\n", x->code, x->msg);
    }
    if (doc->dropped_findings)
        fprintf(f, "-: (%zu more findings not shown)\n", doc->dropped_findings);
}

static void write_str_or_null(struct cvd_json_writer *w, const char *key, struct cvd_str s)
{
    (void)cvd_json_write_key(w, cvd_str_from_cstr(key));
    if (cvd_utf8_is_valid(s.ptr, s.len))
        (void)cvd_json_write_string(w, s);
    else
        (void)cvd_json_write_null(w);
}

static int report_json(struct cli_ctx *ctx, const char *path, const struct cvd_securitytxt *doc,
                       const struct cvd_securitytxt_sig *sig)
{
    size_t n[3];
    count(doc, n);
    struct cvd_buf b;
    struct cvd_json_writer w;
    cvd_buf_init(&b, 0);
    cvd_json_writer_init(&w, &b, CVD_JSON_PRETTY);
    (void)cvd_json_write_object_begin(&w);
    write_str_or_null(&w, "file", cvd_str_from_cstr(path));
    (void)cvd_json_write_kv_bool(&w, "valid", n[0] == 0);
    (void)cvd_json_write_kv_i64(&w, "errors", (int64_t)n[0]);
    (void)cvd_json_write_kv_i64(&w, "warnings", (int64_t)n[1]);
    (void)cvd_json_write_kv_i64(&w, "info", (int64_t)n[2]);
    (void)cvd_json_write_kv_bool(&w, "signed", doc->is_signed);
    (void)cvd_json_write_key(&w, CVD_STR("signature"));
    (void)cvd_json_write_object_begin(&w);
    (void)cvd_json_write_kv_cstr(&w, "status", cvd_securitytxt_sig_status_name(sig->status));
    if (sig->fpr[0])
        (void)cvd_json_write_kv_cstr(&w, "fingerprint", sig->fpr);
    if (sig->detail[0])
        write_str_or_null(&w, "detail", cvd_str_from_cstr(sig->detail));
    (void)cvd_json_write_object_end(&w);
    char when[CVD_RFC3339_LEN + 1];
    (void)cvd_json_write_kv_cstr(
        &w, "expires", doc->has_expires && cvd_time_format(doc->expires, when) == 0 ? when : NULL);
    (void)cvd_json_write_key(&w, CVD_STR("fields"));
    (void)cvd_json_write_array_begin(&w);
    for (size_t i = 0; i < doc->n_fields; i++) {
        const struct cvd_securitytxt_field *f = &doc->fields[i];
        (void)cvd_json_write_object_begin(&w);
        write_str_or_null(&w, "name", f->name);
        (void)cvd_json_write_kv_cstr(&w, "kind",
                                     f->kind ? cvd_securitytxt_kind_name(f->kind) : NULL);
        write_str_or_null(&w, "value", f->value);
        (void)cvd_json_write_kv_i64(&w, "line", f->line);
        (void)cvd_json_write_object_end(&w);
    }
    (void)cvd_json_write_array_end(&w);
    (void)cvd_json_write_key(&w, CVD_STR("findings"));
    (void)cvd_json_write_array_begin(&w);
    for (size_t i = 0; i < doc->n_findings; i++) {
        const struct cvd_securitytxt_finding *x = &doc->findings[i];
        (void)cvd_json_write_object_begin(&w);
        (void)cvd_json_write_kv_cstr(&w, "rule", x->code);
        (void)cvd_json_write_kv_cstr(&w, "severity", sev_name(x->severity));
        (void)cvd_json_write_key(&w, CVD_STR("line"));
        if (x->line)
            (void)cvd_json_write_i64(&w, x->line);
        else
            (void)cvd_json_write_null(&w);
        write_str_or_null(&w, "message", cvd_str_from_cstr(x->msg));
        (void)cvd_json_write_object_end(&w);
    }
    (void)cvd_json_write_array_end(&w);
    (void)cvd_json_write_kv_i64(&w, "dropped_findings", (int64_t)doc->dropped_findings);
    (void)cvd_json_write_object_end(&w);
    int rc = cvd_json_writer_finish(&w);
    if (rc == 0)
        rc = cvd_buf_add_char(&b, '\n');
    if (rc == 0)
        fwrite(b.ptr, 1, b.len, ctx->out);
    cvd_buf_release(&b);
    return rc ? cli_fail(ctx, cmd_name, "cannot write JSON: %s", cvd_strerror(rc)) : CLI_OK;
}

static int get_clock(struct cli_ctx *ctx, const struct opts *o, struct cvd_clock *fixed,
                     const struct cvd_clock **ret)
{
    *ret = ctx->clock;
    if (o->now == NULL)
        return CLI_OK;
    int64_t t;
    if (cvd_time_parse(cvd_str_from_cstr(o->now), &t) != 0)
        return cli_usage_error(ctx, cmd_name, "--now '%s' is not an RFC 3339 date-time", o->now);
    *fixed = cvd_clock_fixed(t);
    *ret = fixed;
    return CLI_OK;
}

static int cmd_lint(int argc, char **argv, const struct opts *o, struct cli_ctx *ctx)
{
    if (argc != 1)
        return cli_usage_error(ctx, cmd_name, "lint takes one FILE");
    if (o->config || o->sign_key || o->gnupghome)
        return cli_usage_error(ctx, cmd_name,
                               "--config, --sign-key and --gnupghome are for "
                               "'generate'");
    struct cvd_clock fixed;
    const struct cvd_clock *clock;
    int rc = get_clock(ctx, o, &fixed, &clock);
    if (rc)
        return rc;
    uint64_t soon = 0;
    if (o->soon && (cvd_str_to_u64(cvd_str_from_cstr(o->soon), 3650, &soon) != 0 || soon == 0))
        return cli_usage_error(ctx, cmd_name, "--soon-days '%s' is not a number from 1 to 3650",
                               o->soon);
    const char *path = argv[0];
    struct cvd_buf in;
    struct cvd_diag diag = {0};
    struct cvd_arena a;
    cvd_buf_init(&in, 0);
    cvd_arena_init(&a, 0);
    int status = CLI_FAIL;
    rc = cli_read_file(ctx, path, CVD_SECURITYTXT_MAX_BYTES, &in, &diag);
    if (rc) {
        status = cli_fail(ctx, cmd_name, "%s", diag.msg);
        goto out;
    }
    struct cvd_str text = cvd_buf_str(&in);
    if (text.ptr == NULL)
        text = (struct cvd_str){"", 0};
    struct cvd_securitytxt *doc;
    rc = cvd_securitytxt_parse(&a, text, &doc, &diag);
    if (rc) {
        status = cli_fail(ctx, cmd_name, "'%s': %s", path, diag.msg);
        goto out;
    }
    struct cvd_securitytxt_sig sig = {.status = CVD_SECURITYTXT_SIG_UNCHECKED};
    if (o->keyring && doc->is_signed) {
        if (doc->sig_armor_ok) {
            rc = cvd_securitytxt_verify(text, o->keyring, &sig, &diag);
            if (rc) {
                status = cli_fail(ctx, cmd_name, "'%s': %s", path, diag.msg);
                goto out;
            }
        } else {
            sig.status = CVD_SECURITYTXT_SIG_ERROR;
        }
    }
    struct cvd_securitytxt_lint_opts lo = {
        .clock = clock, .soon_days = (uint32_t)soon, .sig_status = sig.status};
    rc = cvd_securitytxt_lint(doc, &lo);
    if (rc) {
        status = cli_fail(ctx, cmd_name, "'%s': cannot lint: %s", path, cvd_strerror(rc));
        goto out;
    }
    size_t n[3];
    count(doc, n);
    if (o->json) {
        status = report_json(ctx, path, doc, &sig);
    } else {
        print_findings(ctx->out, doc);
        /* "-:" starts file-level findings, so standard input gets a name of its own here. */
        fprintf(ctx->out, "%s: %s: %zu error%s, %zu warning%s, %zu info; signature %s\n",
                strcmp(path, "-") == 0 ? "<stdin>" : path, n[0] ? "invalid" : "valid", n[0],
                n[0] == 1 ? "" : "s", n[1], n[1] == 1 ? "" : "s", n[2],
                doc->is_signed ? cvd_securitytxt_sig_status_name(sig.status) : "none");
        status = CLI_OK;
    }
    if (status == CLI_OK && n[0])
        status = CLI_FAIL;
out:
    cvd_arena_release(&a);
    cvd_buf_release(&in);
    return status;
}

static int cmd_generate(int argc, char **argv, const struct opts *o, struct cli_ctx *ctx)
{
    (void)argv;
    if (argc != 0)
        return cli_usage_error(ctx, cmd_name, "generate takes no operands");
    if (o->config == NULL)
        return cli_usage_error(ctx, cmd_name, "generate needs --config FILE");
    if ((o->sign_key == NULL) != (o->gnupghome == NULL))
        return cli_usage_error(ctx, cmd_name, "--sign-key and --gnupghome go together");
    if (o->json || o->keyring || o->soon)
        return cli_usage_error(ctx, cmd_name,
                               "--json, --keyring-dir and --soon-days are for "
                               "'lint'");
    struct cvd_clock fixed;
    const struct cvd_clock *clock;
    int rc = get_clock(ctx, o, &fixed, &clock);
    if (rc)
        return rc;
    struct cvd_buf cfg, txt, signed_txt;
    struct cvd_diag diag = {0};
    struct cvd_arena a;
    cvd_buf_init(&cfg, 0);
    cvd_buf_init(&txt, 0);
    cvd_buf_init(&signed_txt, 0);
    cvd_arena_init(&a, 0);
    int status = CLI_FAIL;
    rc = cli_read_file(ctx, o->config, CVD_SECURITYTXT_MAX_BYTES, &cfg, &diag);
    if (rc) {
        status = cli_fail(ctx, cmd_name, "%s", diag.msg);
        goto out;
    }
    struct cvd_securitytxt_gen g;
    struct cvd_str cs = cvd_buf_str(&cfg);
    if (cs.ptr == NULL)
        cs = (struct cvd_str){"", 0};
    rc = cvd_securitytxt_config_parse(&a, cs, &g, &diag);
    if (rc == 0)
        rc = cvd_securitytxt_generate(&g, clock, &txt, &diag);
    if (rc) {
        status = cli_fail(ctx, cmd_name, "'%s': %s", o->config, diag.msg);
        goto out;
    }
    /* The generated text must lint without errors before anyone signs or publishes it. */
    struct cvd_securitytxt *doc;
    rc = cvd_securitytxt_parse(&a, cvd_buf_str(&txt), &doc, &diag);
    struct cvd_securitytxt_lint_opts lo = {.clock = clock, .sig_status = CVD_SECURITYTXT_SIG_GOOD};
    if (rc == 0)
        rc = cvd_securitytxt_lint(doc, &lo);
    if (rc) {
        status = cli_fail(ctx, cmd_name, "cannot lint the generated file: %s", cvd_strerror(rc));
        goto out;
    }
    if (cvd_securitytxt_error_count(doc)) {
        print_findings(ctx->err, doc);
        status = cli_fail(ctx, cmd_name, "'%s': the generated file has errors", o->config);
        goto out;
    }
    const struct cvd_buf *result = &txt;
    if (o->sign_key) {
        rc = cvd_securitytxt_sign(cvd_buf_str(&txt), o->gnupghome, o->sign_key, &signed_txt, &diag);
        if (rc) {
            status = cli_fail(ctx, cmd_name, "%s", diag.msg);
            goto out;
        }
        result = &signed_txt;
    }
    if (fwrite(result->ptr, 1, result->len, ctx->out) != result->len) {
        status = cli_fail(ctx, cmd_name, "cannot write output");
        goto out;
    }
    status = CLI_OK;
out:
    cvd_arena_release(&a);
    cvd_buf_release(&signed_txt);
    cvd_buf_release(&txt);
    cvd_buf_release(&cfg);
    return status;
}

/* "--name VALUE" or "--name=VALUE"; returns 1 when argv[*i] is that option. */
static int take_value(int argc, char **argv, int *i, const char *name, const char **ret,
                      struct cli_ctx *ctx, int *ret_status)
{
    const char *a = argv[*i];
    size_t n = strlen(name);
    if (strncmp(a, name, n) != 0)
        return 0;
    if (a[n] == '=') {
        *ret = a + n + 1;
        return 1;
    }
    if (a[n] != '\0')
        return 0;
    if (*i + 1 >= argc) {
        *ret_status = cli_usage_error(ctx, cmd_name, "%s needs a value", name);
        return 1;
    }
    *ret = argv[++*i];
    return 1;
}

int cmd_securitytxt(int argc, char **argv, struct cli_ctx *ctx)
{
    struct opts o = {0};
    int n_ops = 0;
    bool only_operands = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int status = CLI_OK;
        if (only_operands || a[0] != '-' || a[1] == '\0') {
            argv[1 + n_ops++] = argv[i];
            continue;
        }
        if (strcmp(a, "--") == 0) {
            only_operands = true;
        } else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(usage, ctx->out);
            return CLI_OK;
        } else if (strcmp(a, "--json") == 0) {
            o.json = true;
        } else if (take_value(argc, argv, &i, "--now", &o.now, ctx, &status) ||
                   take_value(argc, argv, &i, "--soon-days", &o.soon, ctx, &status) ||
                   take_value(argc, argv, &i, "--keyring-dir", &o.keyring, ctx, &status) ||
                   take_value(argc, argv, &i, "--config", &o.config, ctx, &status) ||
                   take_value(argc, argv, &i, "--sign-key", &o.sign_key, ctx, &status) ||
                   take_value(argc, argv, &i, "--gnupghome", &o.gnupghome, ctx, &status)) {
            if (status != CLI_OK)
                return status;
        } else {
            return cli_usage_error(ctx, cmd_name, "unknown option '%s'", a);
        }
    }
    if (n_ops == 0)
        return cli_usage_error(ctx, cmd_name, "missing subcommand: lint or generate");
    const char *sub = argv[1];
    if (strcmp(sub, "lint") == 0)
        return cmd_lint(n_ops - 1, argv + 2, &o, ctx);
    if (strcmp(sub, "generate") == 0)
        return cmd_generate(n_ops - 1, argv + 2, &o, ctx);
    if (strcmp(sub, "help") == 0) {
        fputs(usage, ctx->out);
        return CLI_OK;
    }
    return cli_usage_error(ctx, cmd_name, "unknown subcommand '%s'; use lint or generate", sub);
}
