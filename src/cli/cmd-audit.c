/* `cvd audit`: check the hub's hash-chained audit log. The chain logic is in
 * include/cvd/store.h (cvd_store_audit_verify). */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cvd/json.h"
#include "cvd/store.h"

static const char usage[] =
    "usage: cvd audit verify [--db PATH] [--json]\n"
    "\n"
    "Recompute the hash chain of the hub's audit log (PATH, else $CVD_DB, else ./cvd.db)\n"
    "without trusting the database: every event's hash, each event's link to the one\n"
    "before, numbering without gaps, and the recorded head, so an edited, deleted or\n"
    "truncated event is found. Prints the head (latest event number and hash): keep it\n"
    "elsewhere to detect later a rewrite of the whole log.\n"
    "\n"
    "  --db PATH     the database file (opened read-only)\n"
    "  --json        print {\"intact\":...,\"events\":...,\"head_seq\":...,\"head_hash\":...}\n"
    "                or {\"intact\":false,\"events\":...,\"first_bad_seq\":...,\"reason\":...}\n"
    "  -h, --help    show this help\n"
    "\n"
    "Exit status: 0 intact, 1 broken or unreadable, 2 usage error.\n";

static const char cmd_name[] = "audit";

static const char *default_db(void)
{
    const char *env = getenv("CVD_DB");
    return env != NULL && env[0] != '\0' ? env : "./cvd.db";
}

static void to_hex(const unsigned char *p, size_t n, char *out)
{
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = digits[p[i] >> 4];
        out[2 * i + 1] = digits[p[i] & 15];
    }
    out[2 * n] = '\0';
}

/* The head as of now: printed with an intact result (every event up to it was verified). */
static int read_head(struct cvd_store *s, int64_t *seq, char hex[2 * CVD_EVENT_HASH_BYTES + 1],
                     struct cvd_diag *d)
{
    struct cvd_store_tx *tx;
    int rc = cvd_store_read_begin(s, &tx, d);
    if (rc)
        return rc;
    unsigned char hash[CVD_EVENT_HASH_BYTES];
    rc = cvd_store_audit_head(tx, seq, hash);
    cvd_store_read_end(tx);
    if (rc == 0)
        to_hex(hash, sizeof(hash), hex);
    return rc;
}

static int print_json(struct cli_ctx *ctx, bool intact, int64_t rows, int64_t head, const char *hex,
                      int64_t bad, const char *reason)
{
    struct cvd_buf b;
    struct cvd_json_writer w;
    cvd_buf_init(&b, 0);
    cvd_json_writer_init(&w, &b, 0);
    (void)cvd_json_write_object_begin(&w);
    (void)cvd_json_write_kv_bool(&w, "intact", intact);
    (void)cvd_json_write_kv_i64(&w, "events", rows);
    if (intact) {
        (void)cvd_json_write_kv_i64(&w, "head_seq", head);
        (void)cvd_json_write_kv_cstr(&w, "head_hash", hex);
    } else {
        (void)cvd_json_write_kv_i64(&w, "first_bad_seq", bad);
        (void)cvd_json_write_kv_cstr(&w, "reason", reason);
    }
    (void)cvd_json_write_object_end(&w);
    int rc = cvd_json_writer_finish(&w);
    if (rc == 0)
        rc = cvd_buf_add_char(&b, '\n');
    if (rc == 0)
        fwrite(b.ptr, 1, b.len, ctx->out);
    cvd_buf_release(&b);
    return rc ? cli_fail(ctx, cmd_name, "cannot write JSON: %s", cvd_strerror(rc)) : CLI_OK;
}

static int verify(struct cli_ctx *ctx, const char *db, bool json)
{
    struct cvd_store *s = NULL;
    struct cvd_diag d = {0};
    int rc = cvd_store_open(db, ctx->clock, CVD_STORE_READONLY, &s, &d);
    if (rc)
        return cli_fail(ctx, cmd_name, "%s", d.msg);
    int64_t head = 0;
    char hex[2 * CVD_EVENT_HASH_BYTES + 1] = "";
    int64_t rows = 0;
    int64_t bad = 0;
    int status;
    rc = read_head(s, &head, hex, &d);
    if (rc == 0) {
        memset(&d, 0, sizeof(d));
        rc = cvd_store_audit_verify(s, &rows, &bad, &d);
    }
    if (rc == 0 || bad > 0) {
        /* A finding, not an error: the result goes to stdout. The reason follows the
         * "audit log broken at event N: " prefix of the diag. */
        const char *reason = strstr(d.msg, ": ");
        reason = reason != NULL ? reason + 2 : d.msg;
        if (json)
            status = print_json(ctx, rc == 0, rows, head, hex, bad, reason);
        else if (rc == 0)
            status = fprintf(ctx->out, "audit log intact: %lld events, head %lld sha256:%s\n",
                             (long long)rows, (long long)head, hex) < 0
                         ? CLI_FAIL
                         : CLI_OK;
        else
            status = fprintf(ctx->out, "audit log broken at event %lld: %s (%lld events intact)\n",
                             (long long)bad, reason, (long long)rows) < 0
                         ? CLI_FAIL
                         : CLI_OK;
        if (rc != 0)
            status = CLI_FAIL;
    } else {
        status = cli_fail(ctx, cmd_name, "cannot verify '%s': %s", db, d.msg);
    }
    cvd_store_close(s);
    return status;
}

int cmd_audit(int argc, char **argv, struct cli_ctx *ctx)
{
    const char *db = NULL;
    const char *verb = NULL;
    bool json = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(usage, ctx->out);
            return CLI_OK;
        } else if (strcmp(a, "--json") == 0) {
            json = true;
        } else if (strcmp(a, "--db") == 0) {
            if (i + 1 >= argc || argv[i + 1][0] == '\0')
                return cli_usage_error(ctx, cmd_name, "--db needs a PATH");
            db = argv[++i];
        } else if (strncmp(a, "--db=", 5) == 0 && a[5] != '\0') {
            db = a + 5;
        } else if (a[0] == '-') {
            return cli_usage_error(ctx, cmd_name, "unknown option '%s'", a);
        } else if (verb == NULL) {
            verb = a;
        } else {
            return cli_usage_error(ctx, cmd_name, "unexpected argument '%s'", a);
        }
    }
    if (verb == NULL)
        return cli_usage_error(ctx, cmd_name, "no subcommand given (verify)");
    if (strcmp(verb, "verify") != 0)
        return cli_usage_error(ctx, cmd_name, "unknown subcommand '%s'", verb);
    return verify(ctx, db != NULL ? db : default_db(), json);
}
