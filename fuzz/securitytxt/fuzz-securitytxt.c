/* libFuzzer target for the security.txt parser and linter: any bytes, a fixed clock and each
 * signature verdict. Checks: parse fails only with a limit, findings are sorted by line,
 * within the cap and the file's lines, every code comes from the rule table, fields have
 * names and values. The generator's config reader is fed the same bytes. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cvd/arena.h"
#include "cvd/securitytxt.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(const uint8_t *data, size_t size, enum cvd_securitytxt_sig_status sig)
{
    struct cvd_arena a;
    struct cvd_securitytxt *doc = NULL;
    struct cvd_diag diag;
    cvd_arena_init(&a, (size_t)64 << 20);
    int rc = cvd_securitytxt_parse(&a, (struct cvd_str){(const char *)data, size}, &doc, &diag);
    if (rc != 0) {
        if (rc != CVD_ELIMIT || size <= 65536)
            abort(); /* below both caps the parser always answers */
        goto out;
    }
    struct cvd_clock c = cvd_clock_fixed(1767225600); /* 2026-01-01T00:00:00Z */
    struct cvd_securitytxt_lint_opts o = {.clock = &c, .sig_status = sig};
    if (cvd_securitytxt_lint(doc, &o) != 0)
        abort();
    if (doc->n_findings > CVD_SECURITYTXT_MAX_FINDINGS)
        abort();
    for (size_t i = 0; i < doc->n_findings; i++) {
        const struct cvd_securitytxt_finding *f = &doc->findings[i];
        if (i && doc->findings[i - 1].line > f->line)
            abort();
        if (f->line > doc->n_lines || f->msg == NULL ||
            strcmp(f->code, cvd_securitytxt_rule_code(f->rule)) != 0 ||
            f->severity != cvd_securitytxt_rule_severity(f->rule))
            abort();
    }
    for (size_t i = 0; i < doc->n_fields; i++) {
        const struct cvd_securitytxt_field *f = &doc->fields[i];
        if (f->name.len == 0 || f->value.len == 0 || f->line == 0 || f->line > doc->n_lines ||
            strlen(f->value.ptr) > f->value.len)
            abort();
    }
    if (!doc->is_signed && doc->sig_armor_ok)
        abort();
out:
    cvd_arena_release(&a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    check(data, size, CVD_SECURITYTXT_SIG_UNCHECKED);
    check(data, size, CVD_SECURITYTXT_SIG_BAD);
    struct cvd_arena a;
    struct cvd_securitytxt_gen g;
    cvd_arena_init(&a, (size_t)64 << 20);
    if (cvd_securitytxt_config_parse(&a, (struct cvd_str){(const char *)data, size}, &g, NULL) ==
            0 &&
        g.n_contact > 0) {
        struct cvd_buf out;
        struct cvd_clock c = cvd_clock_fixed(1767225600);
        cvd_buf_init(&out, 0);
        if (cvd_securitytxt_generate(&g, &c, &out, NULL) == 0 && out.len == 0)
            abort();
        cvd_buf_release(&out);
    }
    cvd_arena_release(&a);
    return 0;
}
