/* What the version-scheme suites (tests/unit/test-vers-<scheme>.c) share: scheme lookup, reading
 * the data files under $CVD_TEST_DATA (oracle TSV files "A<TAB>B<TAB>answer", osv-scalibr
 * fixtures "A op B", plain line lists), comparing both ways round, ordered chains, named edge-case
 * and rejection tables, and the counting drivers that print every failing row with its input, the
 * expected and the actual value and return the number of failures, so one run shows them all. */
#ifndef CVD_TEST_VERS_UTIL_H
#define CVD_TEST_VERS_UTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cvd/alloc.h"
#include "cvd/err.h"
#include "cvd/str.h"
#include "cvd/version.h"

/* tv_cmp's answer when the comparison fails. */
#define TV_ERROR 99

static inline const struct cvd_version_scheme *tv_scheme(const char *name)
{
    const struct cvd_version_scheme *s = cvd_version_scheme_find(cvd_str_from_cstr(name));
    if (s == NULL)
        fail_msg("scheme '%s' is not registered", name);
    return s;
}

/* ---- data files ---- */

/* The whole of rel (a path under $CVD_TEST_DATA, default tests/data), NUL-terminated; free() it. */
static inline char *tv_slurp(const char *rel, size_t *ret_len)
{
    const char *dir = getenv("CVD_TEST_DATA");
    char path[4096];
    int n = snprintf(path, sizeof(path), "%s/%s", dir ? dir : "tests/data", rel);
    if (n < 0 || (size_t)n >= sizeof(path))
        fail_msg("path too long: '%s'", rel);
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        fail_msg("cannot open '%s'", path);
    char *buf = NULL;
    size_t len = 0;
    size_t cap = 0;
    for (;;) {
        if (len + 4096 + 1 > cap) {
            cap = cap ? cap * 2 : 65536;
            buf = realloc(buf, cap);
            if (buf == NULL)
                fail_msg("out of memory reading '%s'", path);
        }
        size_t got = fread(buf + len, 1, cap - len - 1, f);
        if (got == 0)
            break;
        len += got;
    }
    fclose(f);
    buf[len] = '\0';
    *ret_len = len;
    return buf;
}

/* The next line of a tv_slurp buffer, NUL-terminated in place without its "\n" or "\r\n"; NULL
 * at the end. */
static inline char *tv_next_line(char **cursor, char *end)
{
    if (*cursor >= end)
        return NULL;
    char *line = *cursor;
    char *nl = memchr(line, '\n', (size_t)(end - line));
    if (nl == NULL)
        nl = end;
    *nl = '\0';
    *cursor = nl + 1;
    if (nl > line && nl[-1] == '\r')
        nl[-1] = '\0';
    return line;
}

enum tv_format {
    TV_TSV,     /* A<TAB>B<TAB>answer: -1, 0, 1, or true (1) / false (0); blank lines skipped */
    TV_SCALIBR, /* osv-scalibr "A op B", op one of < = >; blank, "#", "# " and "//" lines skipped */
};

/* One row of a data file. */
struct tv_row {
    const char *a, *b;
    int want;          /* -1, 0 or 1 */
    char op;           /* TV_SCALIBR: '<', '=' or '>'; TV_TSV: 0 */
    const char *where; /* "file:line" */
};

/* Call fn(row, ctx) for each row of rel; a malformed row fails the test. Returns the rows. */
static inline size_t tv_rows(const char *rel, enum tv_format format,
                             void (*fn)(const struct tv_row *, void *), void *ctx)
{
    size_t len;
    char *buf = tv_slurp(rel, &len);
    char *cur = buf;
    size_t rows = 0, lineno = 0;
    for (char *line; (line = tv_next_line(&cur, buf + len)) != NULL;) {
        lineno++;
        if (line[0] == '\0')
            continue;
        struct tv_row row = {0};
        char where[512];
        snprintf(where, sizeof(where), "%s:%zu", rel, lineno);
        row.where = where;
        if (format == TV_TSV) {
            char *t1 = strchr(line, '\t');
            char *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
            if (t2 == NULL)
                fail_msg("%s: malformed row", where);
            *t1 = *t2 = '\0';
            const char *w = t2 + 1;
            row.want = strcmp(w, "-1") == 0 ? -1 : strcmp(w, "1") == 0 || strcmp(w, "true") == 0;
            row.b = t1 + 1;
        } else {
            if (strncmp(line, "# ", 2) == 0 || strncmp(line, "//", 2) == 0 ||
                strcmp(line, "#") == 0)
                continue;
            char *s1 = strchr(line, ' ');
            char *s2 = s1 ? strchr(s1 + 1, ' ') : NULL;
            if (s2 == NULL || s2 != s1 + 2 || (s1[1] != '<' && s1[1] != '=' && s1[1] != '>'))
                fail_msg("%s: malformed row '%s'", where, line);
            row.op = s1[1];
            row.want = row.op == '<' ? -1 : row.op == '>';
            *s1 = *s2 = '\0';
            row.b = s2 + 1;
        }
        row.a = line;
        fn(&row, ctx);
        rows++;
    }
    free(buf);
    return rows;
}

/* ---- comparing ---- */

/* cvd_version_compare on C strings. */
static inline int tv_compare(const struct cvd_version_scheme *s, const char *a, const char *b,
                             int *ret, struct cvd_diag *diag)
{
    return cvd_version_compare(s, cvd_str_from_cstr(a), cvd_str_from_cstr(b), ret, diag);
}

/* compare(a, b): -1, 0, 1, or TV_ERROR with diag (when not NULL) filled. */
static inline int tv_cmp(const struct cvd_version_scheme *s, const char *a, const char *b,
                         struct cvd_diag *diag)
{
    int c = 0;
    struct cvd_diag d = {0};
    return tv_compare(s, a, b, &c, diag ? diag : &d) ? TV_ERROR : c;
}

/* compare(a, b), checked against compare(b, a); an error or asymmetry fails the test. */
static inline int tv_order(const struct cvd_version_scheme *s, const char *a, const char *b)
{
    struct cvd_diag diag = {0};
    int c = 99, back = 99;
    int rc = tv_compare(s, a, b, &c, &diag);
    if (rc)
        fail_msg("compare '%s' '%s': %s", a, b, diag.msg);
    rc = tv_compare(s, b, a, &back, &diag);
    if (rc || back != -c)
        fail_msg("not antisymmetric: '%s' '%s' gives %d, reversed %d", a, b, c, back);
    return c;
}

/* Check compare(a, b) == want and compare(b, a) == -want; prints and counts a failure. */
static inline int tv_check_pair(const struct cvd_version_scheme *s, const char *where,
                                const char *a, const char *b, int want)
{
    struct cvd_diag diag = {0};
    int got = 9, back = 9;
    int rc = tv_compare(s, a, b, &got, &diag);
    if (rc == 0)
        rc = tv_compare(s, b, a, &back, &diag);
    if (rc != 0) {
        printf("%s: '%s' vs '%s': error %s: %s\n", where, a, b, cvd_err_name(rc), diag.msg);
        return 1;
    }
    if (got != want || back != -want) {
        printf("%s: '%s' vs '%s': want %d, got %d (reversed %d)\n", where, a, b, want, got, back);
        return 1;
    }
    return 0;
}

/* tv_check_pair that fails the test at once. */
static inline void tv_expect(const struct cvd_version_scheme *s, const char *a, const char *b,
                             int want)
{
    if (tv_check_pair(s, s->name, a, b, want) != 0)
        fail_msg("%s: compare('%s', '%s'), want %d both ways round", s->name, a, b, want);
}

/* Input is (ptr, len): the first len bytes of buf (followed by other bytes, no NUL) compare
 * equal to the NUL-terminated same. */
static inline void tv_len_only(const struct cvd_version_scheme *s, const char *buf, size_t len,
                               const char *same)
{
    int c = 9;
    assert_int_equal(
        cvd_version_compare(s, (struct cvd_str){buf, len}, cvd_str_from_cstr(same), &c, NULL), 0);
    assert_int_equal(c, 0);
}

/* chain[] is in ascending order: every pair (i, k) compares as i and k do. */
static inline void tv_chain(const struct cvd_version_scheme *s, const char *const *chain, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        for (size_t k = 0; k < n; k++)
            tv_expect(s, chain[i], chain[k], i < k ? -1 : i > k);
    }
}

static inline void tv_compare_row(const struct tv_row *r, void *ctx)
{
    const struct cvd_version_scheme *const *s = ctx;
    struct cvd_diag d = {0};
    int got = tv_cmp(*s, r->a, r->b, &d);
    if (got != r->want)
        fail_msg("%s: compare('%s', '%s') = %d, want %d (%s)", r->where, r->a, r->b, got, r->want,
                 d.msg);
}

/* Every row of an oracle TSV file compared once, a against b; the first wrong answer fails the
 * test. Returns the rows. */
static inline size_t tv_compare_tsv(const struct cvd_version_scheme *s, const char *rel)
{
    return tv_rows(rel, TV_TSV, tv_compare_row, &s);
}

/* ---- drivers for a comparison function fn(a, b) that fails the test on its own errors ---- */

struct tv_edge {
    const char *name, *a, *b;
    int want;
};

struct tv_fn_run {
    int (*fn)(const char *, const char *);
    const struct tv_edge *known; /* fixtures: rows answered differently on purpose */
    size_t nknown, hits;
    int bad;
};

static inline void tv_tsv_row(const struct tv_row *r, void *ctx)
{
    struct tv_fn_run *k = ctx;
    int got = k->fn(r->a, r->b);
    if (got != r->want) {
        print_error("%s: '%s' vs '%s': want %d, got %d\n", r->where, r->a, r->b, r->want, got);
        k->bad++;
    }
}

/* Every row of an oracle TSV file: fn(a, b) == answer. */
static inline void tv_run_tsv(const char *rel, int (*fn)(const char *, const char *))
{
    struct tv_fn_run k = {fn, NULL, 0, 0, 0};
    size_t n = tv_rows(rel, TV_TSV, tv_tsv_row, &k);
    print_message("%s: %zu lines\n", rel, n);
    assert_true(n > 0);
    assert_int_equal(k.bad, 0);
}

static inline void tv_fixture_row(const struct tv_row *r, void *ctx)
{
    struct tv_fn_run *k = ctx;
    int want = r->want;
    int got = k->fn(r->a, r->b);
    for (size_t i = 0; i < k->nknown; i++) {
        if (strcmp(k->known[i].a, r->a) == 0 && strcmp(k->known[i].b, r->b) == 0) {
            print_message("%s: '%s' %c '%s': expecting %d instead (%s)\n", r->where, r->a, r->op,
                          r->b, k->known[i].want, k->known[i].name);
            want = k->known[i].want;
            k->hits++;
        }
    }
    if (got != want) {
        print_error("%s: '%s' %c '%s': got %d\n", r->where, r->a, r->op, r->b, got);
        k->bad++;
    }
}

/* Every row of an osv-scalibr fixture: fn(a, b) == the fixture's answer. A row whose (A, B) is in
 * known[] must give known[i].want instead (a documented disagreement with the oracle
 * implementation), and every known[] entry must be met. */
static inline void tv_run_fixture_known(const char *rel, int (*fn)(const char *, const char *),
                                        const struct tv_edge *known, size_t nknown)
{
    struct tv_fn_run k = {fn, known, nknown, 0, 0};
    size_t n = tv_rows(rel, TV_SCALIBR, tv_fixture_row, &k);
    print_message("%s: %zu comparisons\n", rel, n);
    assert_true(n > 0);
    assert_int_equal(k.bad, 0);
    assert_int_equal(k.hits, nknown);
}

static inline void tv_run_fixture(const char *rel, int (*fn)(const char *, const char *))
{
    tv_run_fixture_known(rel, fn, NULL, 0);
}

/* Named edge cases: fn(a, b) == want. */
static inline void tv_run_edges(const struct tv_edge *e, size_t n,
                                int (*fn)(const char *, const char *))
{
    for (size_t i = 0; i < n; i++) {
        int got = fn(e[i].a, e[i].b);
        if (got != e[i].want)
            fail_msg("%s: '%s' vs '%s': want %d, got %d", e[i].name, e[i].a, e[i].b, e[i].want,
                     got);
    }
}

struct tv_reject {
    const char *v, *rule;
};

/* Each string is refused with CVD_EPARSE, as first or second argument, and the message names
 * the version and the rule. */
static inline void tv_run_rejects(const struct cvd_version_scheme *s, const struct tv_reject *r,
                                  size_t n, const char *good)
{
    for (size_t i = 0; i < n; i++) {
        struct cvd_diag diag = {0};
        int c = 7;
        int rc = tv_compare(s, r[i].v, good, &c, &diag);
        if (rc != CVD_EPARSE || diag.code != CVD_EPARSE)
            fail_msg("'%s' not rejected (rc %d)", r[i].v, rc);
        if (strstr(diag.msg, r[i].rule) == NULL)
            fail_msg("'%s': message '%s' lacks '%s'", r[i].v, diag.msg, r[i].rule);
        char quoted[160];
        snprintf(quoted, sizeof(quoted), "'%s", r[i].v);
        if (strstr(diag.msg, quoted) == NULL)
            fail_msg("'%s': message '%s' does not name the version", r[i].v, diag.msg);
        assert_int_equal(c, 7);
        rc = tv_compare(s, good, r[i].v, &c, &diag);
        if (rc != CVD_EPARSE)
            fail_msg("'%s' as second argument not rejected (rc %d)", r[i].v, rc);
    }
}

/* ---- counting drivers through a scheme: each returns the failures, *ret_rows the rows ---- */

struct tv_count {
    const struct cvd_version_scheme *s;
    const char *const *skip;
    int failures;
};

static inline void tv_pair_row(const struct tv_row *r, void *ctx)
{
    struct tv_count *c = ctx;
    for (size_t k = 0; c->skip && c->skip[k]; k++) {
        char text[1024];
        snprintf(text, sizeof(text), "%s %c %s", r->a, r->op, r->b);
        if (strcmp(c->skip[k], text) == 0)
            return;
    }
    c->failures += tv_check_pair(c->s, r->where, r->a, r->b, r->want);
}

/* Every row of an oracle TSV file through tv_check_pair. */
static inline int tv_pairs_tsv(const struct cvd_version_scheme *s, const char *rel,
                               size_t *ret_rows)
{
    struct tv_count c = {s, NULL, 0};
    *ret_rows = tv_rows(rel, TV_TSV, tv_pair_row, &c);
    return c.failures;
}

/* Every row of an osv-scalibr fixture through tv_check_pair. A row whose "A <op> B" text is listed
 * in skip (NULL-terminated) is counted but not asserted here: its test checks it by name. */
static inline int tv_pairs_scalibr(const struct cvd_version_scheme *s, const char *rel,
                                   const char *const *skip, size_t *ret_rows)
{
    struct tv_count c = {s, skip, 0};
    *ret_rows = tv_rows(rel, TV_SCALIBR, tv_pair_row, &c);
    return c.failures;
}

/* One satisfies case; prints and counts a failure. want_rc != 0 expects that error. */
static inline int tv_sat(const struct cvd_version_scheme *s, const char *version, const char *range,
                         int want_rc, bool want)
{
    struct cvd_diag diag = {0};
    bool got = !want;
    int rc =
        cvd_version_satisfies(s, cvd_str_from_cstr(version), cvd_str_from_cstr(range), &got, &diag);
    if (rc != want_rc) {
        printf("%s: '%s' satisfies '%s': want rc %s, got %s (%s)\n", s->name, version, range,
               cvd_err_name(want_rc), cvd_err_name(rc), diag.msg);
        return 1;
    }
    if (rc == 0 && got != want) {
        printf("%s: '%s' satisfies '%s': want %s, got %s\n", s->name, version, range,
               want ? "true" : "false", got ? "true" : "false");
        return 1;
    }
    return 0;
}

static inline void tv_range_row(const struct tv_row *r, void *ctx)
{
    struct tv_count *c = ctx;
    c->failures += tv_sat(c->s, r->b, r->a, 0, r->want == 1);
}

/* range<TAB>version<TAB>true|false files through tv_sat. */
static inline int tv_ranges_tsv(const struct cvd_version_scheme *s, const char *rel,
                                size_t *ret_rows)
{
    struct tv_count c = {s, NULL, 0};
    *ret_rows = tv_rows(rel, TV_TSV, tv_range_row, &c);
    return c.failures;
}

/* compare(a, good) and compare(good, a) must fail with want_rc and a message containing both
 * needles (the version and the rule). */
static inline int tv_bad(const struct cvd_version_scheme *s, const char *a, const char *good,
                         int want_rc, const char *needle1, const char *needle2)
{
    struct cvd_diag diag = {0};
    int got = 9;
    int rc = tv_compare(s, a, good, &got, &diag);
    int rc2 = tv_compare(s, good, a, &got, NULL);
    if (rc != want_rc || rc2 != want_rc || diag.code != want_rc ||
        (needle1 && strstr(diag.msg, needle1) == NULL) ||
        (needle2 && strstr(diag.msg, needle2) == NULL)) {
        printf("%s: '%s': want %s naming '%s' and '%s', got %s / %s: '%s'\n", s->name, a,
               cvd_err_name(want_rc), needle1 ? needle1 : "", needle2 ? needle2 : "",
               cvd_err_name(rc), cvd_err_name(rc2), diag.msg);
        return 1;
    }
    return 0;
}

/* compare(a, b) and satisfies(version, range) (when range is not NULL) make no allocation:
 * the allocation counter stays at 0. */
static inline void tv_no_alloc(const struct cvd_version_scheme *s, const char *a, const char *b,
                               const char *version, const char *range)
{
    int cmp;
    bool sat;
    cvd_alloc_fail_at(0);
    assert_int_equal(tv_compare(s, a, b, &cmp, NULL), 0);
    if (range)
        assert_int_equal(cvd_version_satisfies(s, cvd_str_from_cstr(version),
                                               cvd_str_from_cstr(range), &sat, NULL),
                         0);
    assert_int_equal(cvd_alloc_count(), 0);
}

#endif
