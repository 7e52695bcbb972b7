/* Table drivers shared by the RubyGems, NuGet, Packagist and Hackage/CRAN/Pub suites: oracle
 * TSV files, osv-scalibr "A op B" fixtures and range TSV files under $CVD_TEST_DATA/versions.
 * Every failing row is printed with its input, the expected and the actual value; a driver
 * returns the number of failures so one run shows them all. */
#ifndef TEST_VERS_GNP_UTIL_H
#define TEST_VERS_GNP_UTIL_H

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

static inline const struct cvd_version_scheme *gnp_scheme(const char *name)
{
    const struct cvd_version_scheme *s = cvd_version_scheme_find(cvd_str_from_cstr(name));
    if (s == NULL)
        fail_msg("scheme '%s' is not registered", name);
    return s;
}

static inline FILE *gnp_open(const char *rel)
{
    const char *dir = getenv("CVD_TEST_DATA");
    char path[4096];
    int n = snprintf(path, sizeof(path), "%s/versions/%s", dir ? dir : "tests/data", rel);
    assert_true(n > 0 && (size_t)n < sizeof(path));
    FILE *f = fopen(path, "r");
    if (f == NULL)
        fail_msg("cannot open '%s'", path);
    return f;
}

/* Read one line without its newline; false at the end. */
static inline bool gnp_line(FILE *f, char *buf, size_t cap)
{
    if (fgets(buf, (int)cap, f) == NULL)
        return false;
    size_t n = strlen(buf);
    while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
        buf[--n] = '\0';
    return true;
}

static inline int gnp_cmp(const struct cvd_version_scheme *s, const char *a, const char *b,
                          int *ret, struct cvd_diag *diag)
{
    return cvd_version_compare(s, cvd_str_from_cstr(a), cvd_str_from_cstr(b), ret, diag);
}

/* Check compare(a, b) == want and compare(b, a) == -want; prints and counts a failure. */
static inline int gnp_check_pair(const struct cvd_version_scheme *s, const char *where,
                                 const char *a, const char *b, int want)
{
    struct cvd_diag diag = {0};
    int got = 9, back = 9;
    int rc = gnp_cmp(s, a, b, &got, &diag);
    if (rc == 0)
        rc = gnp_cmp(s, b, a, &back, &diag);
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

/* a<TAB>b<TAB>-1|0|1 files; returns failures, *ret_rows the number of rows checked. */
static inline int gnp_run_tsv(const struct cvd_version_scheme *s, const char *rel, size_t *ret_rows)
{
    FILE *f = gnp_open(rel);
    char line[8192];
    int failures = 0;
    size_t rows = 0, lineno = 0;
    while (gnp_line(f, line, sizeof(line))) {
        lineno++;
        if (line[0] == '\0')
            continue;
        char *t1 = strchr(line, '\t');
        char *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
        if (t2 == NULL)
            fail_msg("%s:%zu: malformed row", rel, lineno);
        *t1 = *t2 = '\0';
        char where[512];
        snprintf(where, sizeof(where), "%s:%zu", rel, lineno);
        int want = strcmp(t2 + 1, "-1") == 0 ? -1 : strcmp(t2 + 1, "1") == 0 ? 1 : 0;
        failures += gnp_check_pair(s, where, line, t1 + 1, want);
        rows++;
    }
    fclose(f);
    *ret_rows = rows;
    return failures;
}

/* The osv-scalibr fixture format: "A <op> B", skipping blank, "# " and "// " lines. A row whose
 * "A <op> B" text is listed in skip (NULL-terminated) is not asserted here: its test checks it by
 * name. */
static inline int gnp_run_scalibr(const struct cvd_version_scheme *s, const char *rel,
                                  const char *const *skip, size_t *ret_rows)
{
    FILE *f = gnp_open(rel);
    char line[8192];
    int failures = 0;
    size_t rows = 0, lineno = 0;
    while (gnp_line(f, line, sizeof(line))) {
        lineno++;
        if (line[0] == '\0' || strncmp(line, "# ", 2) == 0 || strncmp(line, "//", 2) == 0 ||
            strcmp(line, "#") == 0)
            continue;
        bool skipped = false;
        for (size_t k = 0; skip && skip[k]; k++) {
            if (strcmp(skip[k], line) == 0)
                skipped = true;
        }
        if (skipped) {
            rows++;
            continue;
        }
        char *sp1 = strchr(line, ' ');
        char *sp2 = sp1 ? strchr(sp1 + 1, ' ') : NULL;
        if (sp2 == NULL || sp2 != sp1 + 2)
            fail_msg("%s:%zu: malformed row '%s'", rel, lineno, line);
        char op = sp1[1];
        *sp1 = *sp2 = '\0';
        int want = op == '<' ? -1 : op == '>' ? 1 : 0;
        if (op != '<' && op != '>' && op != '=')
            fail_msg("%s:%zu: unknown operator", rel, lineno);
        char where[512];
        snprintf(where, sizeof(where), "%s:%zu", rel, lineno);
        failures += gnp_check_pair(s, where, line, sp2 + 1, want);
        rows++;
    }
    fclose(f);
    *ret_rows = rows;
    return failures;
}

/* range<TAB>version<TAB>true|false files. */
static inline int gnp_run_range_tsv(const struct cvd_version_scheme *s, const char *rel,
                                    size_t *ret_rows)
{
    FILE *f = gnp_open(rel);
    char line[8192];
    int failures = 0;
    size_t rows = 0, lineno = 0;
    while (gnp_line(f, line, sizeof(line))) {
        lineno++;
        if (line[0] == '\0')
            continue;
        char *t1 = strchr(line, '\t');
        char *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
        if (t2 == NULL)
            fail_msg("%s:%zu: malformed row", rel, lineno);
        *t1 = *t2 = '\0';
        bool want = strcmp(t2 + 1, "true") == 0;
        bool got = !want;
        struct cvd_diag diag = {0};
        int rc = cvd_version_satisfies(s, cvd_str_from_cstr(t1 + 1), cvd_str_from_cstr(line), &got,
                                       &diag);
        if (rc != 0) {
            printf("%s:%zu: '%s' satisfies '%s': error %s: %s\n", rel, lineno, t1 + 1, line,
                   cvd_err_name(rc), diag.msg);
            failures++;
        } else if (got != want) {
            printf("%s:%zu: '%s' satisfies '%s': want %s, got %s\n", rel, lineno, t1 + 1, line,
                   want ? "true" : "false", got ? "true" : "false");
            failures++;
        }
        rows++;
    }
    fclose(f);
    *ret_rows = rows;
    return failures;
}

/* One satisfies case; prints and counts a failure. want_rc != 0 expects that error. */
static inline int gnp_sat(const struct cvd_version_scheme *s, const char *version,
                          const char *range, int want_rc, bool want)
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

/* compare(a, good) and compare(good, a) must fail with want_rc and a message containing both
 * needles (the version and the rule). */
static inline int gnp_bad(const struct cvd_version_scheme *s, const char *a, const char *good,
                          int want_rc, const char *needle1, const char *needle2)
{
    struct cvd_diag diag = {0};
    int got = 9;
    int rc = gnp_cmp(s, a, good, &got, &diag);
    int rc2 = gnp_cmp(s, good, a, &got, NULL);
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
static inline void gnp_no_alloc(const struct cvd_version_scheme *s, const char *a, const char *b,
                                const char *version, const char *range)
{
    int cmp;
    bool sat;
    cvd_alloc_fail_at(0);
    assert_int_equal(gnp_cmp(s, a, b, &cmp, NULL), 0);
    if (range)
        assert_int_equal(cvd_version_satisfies(s, cvd_str_from_cstr(version),
                                               cvd_str_from_cstr(range), &sat, NULL),
                         0);
    assert_int_equal(cvd_alloc_count(), 0);
}

#endif
