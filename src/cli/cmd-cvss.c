/* `cvd cvss`: score and validate CVSS vectors given as arguments or, one per line, on standard
 * input. All CVSS logic is in libcvd (include/cvd/cvss.h); this file parses the command line and
 * prints. The batch mode is built for millions of lines: block reads, one output buffer, no
 * allocation and no flush per line. */
#include <stdbool.h>
#include <string.h>

#include "cli.h"
#include "cvd/cvss.h"
#include "cvd/json.h"
#include "cvd/limits.h"
#include "cvd/utf8.h"

static const char usage[] =
    "usage: cvd cvss [--json] [--v2] [VECTOR...]\n"
    "\n"
    "Score and validate CVSS v4.0, v3.1 and v3.0 vectors (and v2.0 with --v2).\n"
    "With VECTOR arguments, write one line per vector:\n"
    "  VECTOR<TAB>SCORE<TAB>SEVERITY            (v2.0, v3.0, v3.1)\n"
    "  VECTOR<TAB>SCORE<TAB>SEVERITY<TAB>NOM    (v4.0; NOM is CVSS-B, -BT, -BE or -BTE)\n"
    "  VECTOR<TAB>error<TAB>REASON: detail      (invalid vector)\n"
    "Without VECTOR, read one vector per line from standard input and write exactly\n"
    "  VECTOR<TAB>SCORE<TAB>SEVERITY  or  VECTOR<TAB>error<TAB>REASON: detail\n"
    "per input line, in input order. SCORE has one decimal. For v2/v3 it is the\n"
    "environmental score if an environmental metric is set, else the temporal score if\n"
    "a temporal metric is set, else the base score.\n"
    "\n"
    "  --json        one JSON object per vector and line, with all sub-scores\n"
    "  --v2          also accept CVSS v2.0 vectors (they have no CVSS: prefix)\n"
    "  -h, --help    show this help\n"
    "\n"
    "Exit status: 0 all vectors valid, 1 some vector invalid or an input error,\n"
    "2 usage error.\n";

static const char cmd_name[] = "cvss";

/* A score in tenths with one decimal ("9.8", "10.0") into b; returns its length (at most 4). */
static size_t fmt_tenths(char *b, int t)
{
    size_t n = 0;
    if (t >= 100)
        b[n++] = (char)('0' + t / 100);
    b[n++] = (char)('0' + t / 10 % 10);
    b[n++] = '.';
    b[n++] = (char)('0' + t % 10);
    return n;
}

static void out_tenths(struct cli_out *o, int t)
{
    char b[8];
    cli_out_add(o, b, fmt_tenths(b, t));
}

/*
 * "\t9.8\tCritical\n" for every score, made once from the same fmt_tenths() and
 * cvd_cvss_severity_name() as the general path: a valid line of batch output is then the vector
 * and one fixed-size copy, with no formatting per line.
 */
struct score_text {
    char s[16]; /* the longest, "\t10.0\tCritical\n", has 15 bytes */
    uint8_t len;
};
static struct score_text score_texts[101];

static void score_texts_init(void)
{
    for (int t = 0; t <= 100; t++) {
        struct score_text *st = &score_texts[t];
        const char *sev = cvd_cvss_severity_name(t);
        size_t n = 0;
        st->s[n++] = '\t';
        n += fmt_tenths(st->s + n, t);
        st->s[n++] = '\t';
        memcpy(st->s + n, sev, strlen(sev));
        n += strlen(sev);
        st->s[n++] = '\n';
        st->len = (uint8_t)n;
    }
}

/* The line of a valid vector without a fourth column. A valid vector is made of table names and
 * values only, so it has no control bytes and needs no cli_out_field() scan. */
static void out_valid_line(struct cli_out *o, struct cvd_str vec, int score)
{
    const struct score_text *st = &score_texts[score];
    if (CLI_OUT_CAP - o->len < vec.len + sizeof(st->s)) {
        (void)cli_out_flush(o); /* a failure stays recorded in o->failed */
        if (CLI_OUT_CAP < vec.len + sizeof(st->s)) {
            cli_out_add(o, vec.ptr, vec.len);
            cli_out_add(o, st->s, st->len);
            return;
        }
    }
    memcpy(o->buf + o->len, vec.ptr, vec.len);
    memcpy(o->buf + o->len + vec.len, st->s, sizeof(st->s)); /* whole array: a fixed-size copy */
    o->len += vec.len + st->len;
}

/* ---- one vector ---- */

struct opts {
    bool json;
    unsigned flags;
    bool nomenclature; /* text mode: a fourth column for v4.0 */
};

static void text_result(struct cli_out *o, const struct opts *op, struct cvd_str vec, int rc,
                        const struct cvd_cvss *c, const struct cvd_diag *diag)
{
    if (rc == 0 && !(op->nomenclature && c->version == CVD_CVSS_V40) && (unsigned)c->score <= 100) {
        out_valid_line(o, vec, c->score);
        return;
    }
    cli_out_field(o, vec);
    if (rc != 0) {
        cli_out_add(o, "\terror\t", 7);
        cli_out_cstr(o, diag->msg);
    } else {
        cli_out_add(o, "\t", 1);
        out_tenths(o, c->score);
        cli_out_add(o, "\t", 1);
        cli_out_cstr(o, cvd_cvss_severity_name(c->score));
        if (op->nomenclature && c->version == CVD_CVSS_V40) {
            cli_out_add(o, "\t", 1);
            cli_out_cstr(o, cvd_cvss_nomenclature_name(c->nomenclature));
        }
    }
    cli_out_add(o, "\n", 1);
}

static void json_score(struct cvd_json_writer *w, const char *key, int tenths)
{
    cvd_json_write_key(w, cvd_str_from_cstr(key));
    cvd_json_write_object_begin(w);
    cvd_json_write_key(w, CVD_STR("score"));
    cvd_json_write_tenths(w, tenths);
    cvd_json_write_kv_cstr(w, "severity", cvd_cvss_severity_name(tenths));
    cvd_json_write_object_end(w);
}

/* One JSON object and a newline. Returns 0 or the writer's error. */
static int json_result(struct cli_out *o, struct cvd_buf *buf, struct cvd_str vec, int rc,
                       const struct cvd_cvss *c, const struct cvd_diag *diag)
{
    char safe[512];
    struct cvd_json_writer w;
    cvd_buf_reset(buf);
    cvd_json_writer_init(&w, buf, 0);
    cvd_json_write_object_begin(&w);
    cvd_json_write_key(&w, CVD_STR("vector"));
    if (cvd_utf8_is_valid(vec.ptr, vec.len)) {
        cvd_json_write_string(&w, vec);
    } else {
        /* Only an invalid vector can hold invalid UTF-8; show it with '?' for the bad bytes. */
        size_t n = 0;
        for (size_t i = 0; i < vec.len && n < sizeof(safe); i++) {
            unsigned char ch = (unsigned char)vec.ptr[i];
            safe[n++] = ch < 0x80 ? (char)ch : '?';
        }
        cvd_json_write_string(&w, (struct cvd_str){safe, n});
    }
    cvd_json_write_kv_bool(&w, "valid", rc == 0);
    if (rc != 0) {
        cvd_json_write_key(&w, CVD_STR("error"));
        cvd_json_write_object_begin(&w);
        cvd_json_write_kv_cstr(&w, "reason", cvd_cvss_reason_name(cvd_cvss_diag_reason(diag)));
        cvd_json_write_kv_cstr(&w, "message", diag->msg);
        cvd_json_write_kv_i64(&w, "offset", (int64_t)diag->offset);
        cvd_json_write_object_end(&w);
    } else {
        char norm[CVD_CVSS_FORMAT_MAX];
        int n = cvd_cvss_format(c, norm, sizeof(norm));
        cvd_json_write_kv_cstr(&w, "version", cvd_cvss_version_name(c->version));
        cvd_json_write_kv_cstr(&w, "normalized", n >= 0 ? norm : NULL);
        cvd_json_write_key(&w, CVD_STR("score"));
        cvd_json_write_tenths(&w, c->score);
        cvd_json_write_kv_cstr(&w, "severity", cvd_cvss_severity_name(c->score));
        if (c->version == CVD_CVSS_V40) {
            cvd_json_write_kv_cstr(&w, "nomenclature", cvd_cvss_nomenclature_name(c->nomenclature));
            cvd_json_write_kv_cstr(&w, "macrovector", c->macrovector);
        } else {
            json_score(&w, "base", c->base);
            json_score(&w, "temporal", c->temporal);
            json_score(&w, "environmental", c->environmental);
        }
        cvd_json_write_kv_bool(&w, "has_temporal", c->has_temporal);
        cvd_json_write_kv_bool(&w, "has_environmental", c->has_environmental);
    }
    cvd_json_write_object_end(&w);
    int wrc = cvd_json_writer_finish(&w);
    if (wrc == 0)
        wrc = cvd_buf_add_char(buf, '\n');
    if (wrc == 0)
        cli_out_add(o, buf->ptr, buf->len);
    return wrc;
}

/* Score one vector and write its line. Returns 0 valid, 1 invalid, <0 an output error. */
static int one(struct cli_out *o, struct cvd_buf *jbuf, const struct opts *op, struct cvd_str vec)
{
    struct cvd_cvss c;
    struct cvd_diag diag;
    int rc = cvd_cvss_eval(vec, op->flags, &c, &diag);
    if (op->json) {
        int wrc = json_result(o, jbuf, vec, rc, &c, &diag);
        if (wrc < 0)
            return wrc;
    } else {
        text_result(o, op, vec, rc, &c, &diag);
    }
    return rc == 0 ? 0 : 1;
}

/* ---- batch mode ---- */

struct batch {
    struct cli_out *o;
    struct cvd_buf *jbuf;
    const struct opts *op;
    bool any_invalid;
};

static int batch_line(void *arg, struct cvd_str line, bool too_long)
{
    struct batch *b = arg;
    if (too_long) {
        /* Reported by its first 64 bytes. */
        cli_out_field(b->o, (struct cvd_str){line.ptr, line.len < 64 ? line.len : 64});
        cli_out_cstr(b->o, "...\terror\tMALFORMED: line longer than the limit of ");
        char num[24];
        int k = snprintf(num, sizeof(num), "%zu", line.len);
        cli_out_add(b->o, num, k > 0 ? (size_t)k : 0);
        cli_out_cstr(b->o, " bytes\n");
        b->any_invalid = true;
        return 0;
    }
    int rc = one(b->o, b->jbuf, b->op, line);
    if (rc > 0)
        b->any_invalid = true;
    if (b->o->failed)
        return CVD_EIO;
    return rc < 0 ? rc : 0;
}

int cmd_cvss(int argc, char **argv, struct cli_ctx *ctx)
{
    static struct cli_out o; /* static: 64 KiB is too much for the stack */
    struct opts op = {.json = false, .flags = 0, .nomenclature = true};
    int first = 1;
    for (; first < argc; first++) {
        const char *a = argv[first];
        if (strcmp(a, "--") == 0) {
            first++;
            break;
        }
        if (a[0] != '-' || a[1] == '\0')
            break;
        if (strcmp(a, "--json") == 0) {
            op.json = true;
        } else if (strcmp(a, "--v2") == 0) {
            op.flags |= CVD_CVSS_PARSE_V2;
        } else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(usage, ctx->out);
            return CLI_OK;
        } else {
            return cli_usage_error(ctx, cmd_name, "unknown option '%s'", a);
        }
    }

    score_texts_init();
    cli_out_init(&o, ctx->out);
    struct cvd_buf jbuf;
    cvd_buf_init(&jbuf, 0);
    bool any_invalid = false;
    int ret = CLI_OK;

    if (first < argc) {
        for (int i = first; i < argc; i++) {
            int rc = one(&o, &jbuf, &op, cvd_str_from_cstr(argv[i]));
            if (rc < 0) {
                ret = cli_fail(ctx, cmd_name, "cannot write output: %s", cvd_strerror(rc));
                goto out;
            }
            if (rc > 0)
                any_invalid = true;
        }
    } else {
        op.nomenclature = false;
        struct batch b = {.o = &o, .jbuf = &jbuf, .op = &op};
        int rc = cli_each_line(ctx->in, cvd_limits_default.line_bytes, batch_line, &b);
        any_invalid = b.any_invalid;
        if (rc == CVD_EIO && !o.failed) {
            ret = cli_fail(ctx, cmd_name, "cannot read standard input");
            goto out;
        }
        if (rc < 0 && rc != CVD_EIO) {
            ret = cli_fail(ctx, cmd_name, "%s", cvd_strerror(rc));
            goto out;
        }
    }
    if (cli_out_flush(&o) != 0 || fflush(ctx->out) != 0) {
        ret = cli_fail(ctx, cmd_name, "cannot write output");
        goto out;
    }
    ret = any_invalid ? CLI_FAIL : CLI_OK;
out:
    (void)cli_out_flush(&o);
    cvd_buf_release(&jbuf);
    return ret;
}
