/* Shared by test-vers-debian.c, test-vers-rpm.c, test-vers-alpine.c and test-vers-maven.c: read
 * the comparison data files (oracle TSV, osv-scalibr fixtures), run named edge-case tables and
 * rejection tables. Include after <cmocka.h>. */
#ifndef CVD_TEST_VERS_CMP_UTIL_H
#define CVD_TEST_VERS_CMP_UTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cvd/err.h"
#include "cvd/str.h"
#include "cvd/version.h"

static inline FILE *open_data(const char *rel)
{
    const char *dir = getenv("CVD_TEST_DATA");
    char path[1024];
    snprintf(path, sizeof(path), "%s/%s", dir ? dir : "tests/data", rel);
    FILE *f = fopen(path, "r");
    if (f == NULL)
        fail_msg("cannot open '%s'", path);
    return f;
}

/* Oracle file: a TAB b TAB -1|0|1. */
static inline void run_tsv(const char *rel, int (*fn)(const char *, const char *))
{
    FILE *f = open_data(rel);
    char line[4096];
    int n = 0, bad = 0;
    while (fgets(line, sizeof(line), f)) {
        line[strcspn(line, "\r\n")] = '\0';
        char *t1 = strchr(line, '\t');
        char *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
        assert_non_null(t2);
        *t1 = *t2 = '\0';
        int want = (int)strtol(t2 + 1, NULL, 10), got = fn(line, t1 + 1);
        n++;
        if (got != want) {
            print_error("%s: '%s' vs '%s': want %d, got %d\n", rel, line, t1 + 1, want, got);
            bad++;
        }
    }
    fclose(f);
    print_message("%s: %d lines\n", rel, n);
    assert_true(n > 0);
    assert_int_equal(bad, 0);
}

struct edge {
    const char *name, *a, *b;
    int want;
};

/* osv-scalibr fixture: "A op B" per line; blank, "# " and "// " lines skipped. A line whose
 * (A, B) is in known[] must give known[i].want instead of the fixture's answer (a documented
 * disagreement with the oracle implementation), and every known[] entry must be met. */
static inline void run_fixture_known(const char *rel, int (*fn)(const char *, const char *),
                                     const struct edge *known, size_t nknown)
{
    FILE *f = open_data(rel);
    char line[4096];
    int n = 0, bad = 0;
    size_t hits = 0;
    while (fgets(line, sizeof(line), f)) {
        line[strcspn(line, "\r\n")] = '\0';
        if (line[0] == '\0' || strncmp(line, "# ", 2) == 0 || strncmp(line, "// ", 3) == 0)
            continue;
        char *s1 = strchr(line, ' ');
        assert_non_null(s1);
        char *s2 = strchr(s1 + 1, ' ');
        assert_non_null(s2);
        *s1 = *s2 = '\0';
        int want = s1[1] == '<' ? -1 : s1[1] == '>' ? 1 : 0, got = fn(line, s2 + 1);
        for (size_t k = 0; k < nknown; k++) {
            if (strcmp(known[k].a, line) == 0 && strcmp(known[k].b, s2 + 1) == 0) {
                print_message("%s: '%s' %s '%s': expecting %d instead (%s)\n", rel, line, s1 + 1,
                              s2 + 1, known[k].want, known[k].name);
                want = known[k].want;
                hits++;
            }
        }
        n++;
        if (got != want) {
            print_error("%s: '%s' %s '%s': got %d\n", rel, line, s1 + 1, s2 + 1, got);
            bad++;
        }
    }
    fclose(f);
    print_message("%s: %d comparisons\n", rel, n);
    assert_true(n > 0);
    assert_int_equal(bad, 0);
    assert_int_equal(hits, nknown);
}

static inline void run_fixture(const char *rel, int (*fn)(const char *, const char *))
{
    run_fixture_known(rel, fn, NULL, 0);
}

static inline void run_edges(const struct edge *e, size_t n, int (*fn)(const char *, const char *))
{
    for (size_t i = 0; i < n; i++) {
        int got = fn(e[i].a, e[i].b);
        if (got != e[i].want)
            fail_msg("%s: '%s' vs '%s': want %d, got %d", e[i].name, e[i].a, e[i].b, e[i].want,
                     got);
    }
}

struct reject {
    const char *v, *rule;
};

/* Each string is refused with CVD_EPARSE, as first or second argument, and the message names
 * the version and the rule. */
static inline void run_rejects(const struct cvd_version_scheme *s, const struct reject *r, size_t n,
                               const char *good)
{
    for (size_t i = 0; i < n; i++) {
        struct cvd_diag diag = {0};
        int c = 7;
        int rc =
            cvd_version_compare(s, cvd_str_from_cstr(r[i].v), cvd_str_from_cstr(good), &c, &diag);
        if (rc != CVD_EPARSE || diag.code != CVD_EPARSE)
            fail_msg("'%s' not rejected (rc %d)", r[i].v, rc);
        if (strstr(diag.msg, r[i].rule) == NULL)
            fail_msg("'%s': message '%s' lacks '%s'", r[i].v, diag.msg, r[i].rule);
        char quoted[160];
        snprintf(quoted, sizeof(quoted), "'%s", r[i].v);
        if (strstr(diag.msg, quoted) == NULL)
            fail_msg("'%s': message '%s' does not name the version", r[i].v, diag.msg);
        assert_int_equal(c, 7);
        rc = cvd_version_compare(s, cvd_str_from_cstr(good), cvd_str_from_cstr(r[i].v), &c, &diag);
        if (rc != CVD_EPARSE)
            fail_msg("'%s' as second argument not rejected (rc %d)", r[i].v, rc);
    }
}

#endif
