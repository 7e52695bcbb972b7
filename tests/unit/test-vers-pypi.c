/* vers: pypi — PEP 440 order on the packaging 23.0 oracle and the osv-scalibr fixtures (whose
 * pre-PEP 440 "legacy" strings packaging >= 22 rejects: they must be exactly the ones listed in
 * pypi-not-pep440.txt), every edge case of matching.md §3.2 by name, specifier sets, errors,
 * and no allocation. */
#include <setjmp.h>
#include <stdarg.h>
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
#include "vers/pypi-int.h"

static const struct cvd_version_scheme *pypi(void)
{
    const struct cvd_version_scheme *s = cvd_version_scheme_find(CVD_STR("PyPI"));
    assert_non_null(s);
    return s;
}

static int cmp(const char *a, const char *b, struct cvd_diag *diag)
{
    int c = 0;
    struct cvd_diag d = {0};
    int rc = cvd_version_compare(pypi(), cvd_str_from_cstr(a), cvd_str_from_cstr(b), &c,
                                 diag ? diag : &d);
    return rc ? 99 : c;
}

static void expect(const char *a, const char *b, int want)
{
    struct cvd_diag d = {0};
    int got = cmp(a, b, &d);
    if (got != want)
        fail_msg("compare('%s', '%s') = %d, want %d (%s)", a, b, got, want, d.msg);
    got = cmp(b, a, &d);
    if (got != -want)
        fail_msg("compare('%s', '%s') = %d, want %d", b, a, got, -want);
}

static bool valid(const char *v)
{
    return cmp(v, "0", NULL) != 99;
}

static char *slurp(const char *rel, size_t *ret_len)
{
    const char *dir = getenv("CVD_TEST_DATA");
    char path[1024];
    snprintf(path, sizeof(path), "%s/%s", dir ? dir : "tests/data", rel);
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
            assert_non_null(buf);
        }
        size_t n = fread(buf + len, 1, cap - len - 1, f);
        if (n == 0)
            break;
        len += n;
    }
    fclose(f);
    buf[len] = '\0';
    *ret_len = len;
    return buf;
}

static char *next_line(char **cursor, char *end)
{
    if (*cursor >= end)
        return NULL;
    char *line = *cursor;
    char *nl = memchr(line, '\n', (size_t)(end - line));
    if (nl == NULL)
        nl = end;
    *nl = '\0';
    *cursor = nl + 1;
    return line;
}

static void test_oracle(void **state)
{
    (void)state;
    size_t len;
    char *buf = slurp("versions/oracle/pypi.tsv", &len);
    char *cur = buf;
    int rows = 0;
    for (char *line; (line = next_line(&cur, buf + len)) != NULL; rows++) {
        char *t1 = strchr(line, '\t');
        char *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
        assert_non_null(t2);
        *t1 = *t2 = '\0';
        int want = strcmp(t2 + 1, "-1") == 0 ? -1 : strcmp(t2 + 1, "1") == 0;
        struct cvd_diag d = {0};
        int got = cmp(line, t1 + 1, &d);
        if (got != want)
            fail_msg("row %d: compare('%s', '%s') = %d, want %d (%s)", rows + 1, line, t1 + 1, got,
                     want, d.msg);
    }
    free(buf);
    assert_int_equal(rows, 5000);
}

struct legacy {
    char *buf;
    size_t len;
};

static bool listed(const struct legacy *l, const char *v)
{
    size_t n = strlen(v);
    for (const char *p = l->buf; p < l->buf + l->len;) {
        const char *nl = memchr(p, '\n', (size_t)(l->buf + l->len - p));
        size_t k = nl ? (size_t)(nl - p) : (size_t)(l->buf + l->len - p);
        if (k == n && memcmp(p, v, n) == 0)
            return true;
        p += k + 1;
    }
    return false;
}

/* Every fixture row: both sides PEP 440 and the order agrees, or a side is rejected with
 * CVD_EPARSE and is listed (packaging 23.0 raises InvalidVersion for exactly those). */
static void fixture(const char *rel, const struct legacy *l, int want_rows, int want_rejected)
{
    size_t len;
    char *buf = slurp(rel, &len);
    char *cur = buf;
    int rows = 0;
    int rejected = 0;
    for (char *line; (line = next_line(&cur, buf + len)) != NULL;) {
        if (line[0] == '\0' || strncmp(line, "# ", 2) == 0 || strncmp(line, "// ", 3) == 0)
            continue;
        char *s1 = strchr(line, ' ');
        char *s2 = s1 ? strchr(s1 + 1, ' ') : NULL;
        if (s1 == NULL || s2 != s1 + 2)
            fail_msg("%s: bad line '%s'", rel, line);
        *s1 = '\0';
        const char *a = line;
        const char *b = s2 + 1;
        int want = s1[1] == '<' ? -1 : s1[1] == '>' ? 1 : 0;
        rows++;
        bool va = valid(a);
        bool vb = valid(b);
        if (va == listed(l, a) || vb == listed(l, b))
            fail_msg("%s: '%s' (%d) / '%s' (%d) disagree with pypi-not-pep440.txt", rel, a, va, b,
                     vb);
        if (!va || !vb) {
            struct cvd_diag d = {0};
            assert_int_equal(cmp(a, b, &d), 99);
            assert_non_null(strstr(d.msg, "not PEP 440"));
            rejected++;
            continue;
        }
        expect(a, b, want);
    }
    free(buf);
    assert_int_equal(rows, want_rows);
    assert_int_equal(rejected, want_rejected);
}

static void test_scalibr(void **state)
{
    (void)state;
    struct legacy l;
    l.buf = slurp("versions/pypi-not-pep440.txt", &l.len);
    fixture("versions/osv-scalibr/pypi-versions.txt", &l, 37, 11);
    fixture("versions/osv-scalibr/pypi-versions-generated.txt", &l, 12375, 69);
    free(l.buf);
}

/* The lenient order (packaging < 22: LegacyVersion for non-PEP 440 strings, sorting first)
 * answers every row of both fixtures, legacy rows included. */
static int lenient_fixture(const char *rel)
{
    size_t len;
    char *buf = slurp(rel, &len);
    char *cur = buf;
    int rows = 0;
    for (char *line; (line = next_line(&cur, buf + len)) != NULL;) {
        if (line[0] == '\0' || strncmp(line, "# ", 2) == 0 || strncmp(line, "// ", 3) == 0)
            continue;
        char *s1 = strchr(line, ' ');
        char *s2 = s1 ? strchr(s1 + 1, ' ') : NULL;
        if (s1 == NULL || s2 != s1 + 2)
            fail_msg("%s: bad line '%s'", rel, line);
        *s1 = '\0';
        int want = s1[1] == '<' ? -1 : s1[1] == '>' ? 1 : 0;
        int ab = 9;
        int ba = 9;
        struct cvd_diag d = {0};
        assert_int_equal(
            cvd__pypi_compare_lenient(cvd_str_from_cstr(line), cvd_str_from_cstr(s2 + 1), &ab, &d),
            0);
        assert_int_equal(
            cvd__pypi_compare_lenient(cvd_str_from_cstr(s2 + 1), cvd_str_from_cstr(line), &ba, &d),
            0);
        if (ab != want || ba != -want)
            fail_msg("%s: lenient('%s', '%s') = %d / %d, want %d", rel, line, s2 + 1, ab, ba, want);
        rows++;
    }
    free(buf);
    return rows;
}

static void test_scalibr_lenient(void **state)
{
    (void)state;
    assert_int_equal(lenient_fixture("versions/osv-scalibr/pypi-versions.txt"), 37);
    assert_int_equal(lenient_fixture("versions/osv-scalibr/pypi-versions-generated.txt"), 12375);
    /* LegacyVersion details: '-' before a pre-release tag and trailing zero runs drop out. */
    int c = 0;
    assert_int_equal(cvd__pypi_compare_lenient(CVD_STR("1.0-SNAPSHOT"), CVD_STR("0.1"), &c, NULL),
                     0);
    assert_int_equal(c, -1);
    assert_int_equal(cvd__pypi_compare_lenient(CVD_STR("2004d"), CVD_STR("2004.0d"), &c, NULL), 0);
    assert_int_equal(c, 0);
    assert_int_equal(cvd__pypi_compare_lenient(CVD_STR("1.0-pre1"), CVD_STR("1.0pre1"), &c, NULL),
                     0);
    assert_int_equal(c, 0);
}

static void test_chain_and_normalisation(void **state)
{
    (void)state;
    /* matching.md §3.2 example chain */
    static const char *const chain[] = {
        "1.0.dev0", "1.0a1.dev0", "1.0a1",          "1.0a1.post0.dev0", "1.0a1.post0", "1.0",
        "1.0+abc",  "1.0+5",      "1.0.post0.dev0", "1.0.post0",        "1.1.dev0",    "1!0.1"};
    size_t n = sizeof(chain) / sizeof(chain[0]);
    for (size_t i = 0; i < n; i++) {
        for (size_t k = 0; k < n; k++)
            expect(chain[i], chain[k], i < k ? -1 : i > k);
    }
    expect("1.0", "1.0.0", 0); /* trailing zeros */
    expect("1.0.0.0.0", "1", 0);
    expect("01.0", "1.0", 0); /* leading zeros */
    expect("v1.0", "1.0", 0); /* v dropped */
    expect("V1.0", "1.0", 0);
    expect(" 1.0\t", "1.0", 0); /* surrounding whitespace */
    expect("1.0alpha1", "1.0a1", 0);
    expect("1.0beta2", "1.0b2", 0);
    expect("1.0c3", "1.0rc3", 0);
    expect("1.0pre3", "1.0rc3", 0);
    expect("1.0preview3", "1.0rc3", 0);
    expect("1.0-rc-3", "1.0rc3", 0);
    expect("1.0RC_3", "1.0rc3", 0);
    expect("1.0a", "1.0a0", 0); /* missing numbers are 0 */
    expect("1.0a.", "1.0a0", 0);
    expect("1.0-1", "1.0.post1", 0); /* implicit post */
    expect("1.0rev1", "1.0.post1", 0);
    expect("1.0r1", "1.0.post1", 0);
    expect("1.0post", "1.0.post0", 0);
    expect("1.0-dev", "1.0.dev0", 0);
    expect("1.0+ubuntu-1", "1.0+ubuntu.1", 0); /* local separators */
    expect("1.0+Ubuntu_01", "1.0+ubuntu.1", 0);
    expect("0!1.0", "1.0", 0);
    expect("1!0.1", "2.0", 1); /* epochs first */
    expect("1.0a1", "1.0b1", -1);
    expect("1.0b1", "1.0rc1", -1);
    expect("1.0+abc.5", "1.0+abc.10", -1); /* numeric local segments by value */
    expect("1.0+5", "1.0+abc", 1);         /* numeric segments after strings */
    expect("1.0+abc", "1.0+abc.0", -1);    /* a shorter prefix first */
    expect("1.0.dev456", "1.0a1", -1);
    expect("1.0.post1.dev1", "1.0.post1", -1);
    expect("99999999999999999999999.0", "99999999999999999999998.1", 1);
}

static void test_errors(void **state)
{
    (void)state;
    static const char *const bad[] = {"",     "2004d", "1.0-SNAPSHOT", "1.0+",    "1.0+a..b",
                                      "1..0", "1.0.",  "a1",           "1.0a1a1", "1.0 dev",
                                      "!1.0", "1!",    "1.0-",         "1.0+a b", "1.0_post_x"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        struct cvd_diag d = {0};
        if (cmp(bad[i], "1.0", &d) != 99)
            fail_msg("'%s' accepted", bad[i]);
        char quoted[64];
        snprintf(quoted, sizeof(quoted), "'%s'", bad[i]);
        if (strstr(d.msg, quoted) == NULL || strstr(d.msg, "PEP 440") == NULL)
            fail_msg("message for '%s': '%s'", bad[i], d.msg);
    }
}

/* (specifier set, version, expected): expected answers are packaging 23.0's
 * SpecifierSet(spec).contains(version). */
static void test_specifiers(void **state)
{
    (void)state;
    static const struct {
        const char *spec, *version;
        int want;
    } rows[] = {
        {">=1.0", "1.0", 1},
        {">=1.0", "0.9", 0},
        {">=1.0,<2.0", "1.5", 1},
        {">=1.0, <2.0", "2.0", 0},
        {"~=1.4.2", "1.4.5", 1},
        {"~=1.4.2", "1.5.0", 0},
        {"~=1.4.2", "1.4.1", 0},
        {"~=1.4", "1.9", 1},
        {"~=1.4", "2.0", 0},
        {"~=1.4.5a4", "1.4.5", 1},
        {"~=2.2.post3", "2.3", 1},
        {"~=2.2.post3", "2.2.post2", 0},
        {"==1.0", "1.0.0", 1},
        {"==1.0", "1.0+local", 1},
        {"==1.0+local", "1.0", 0},
        {"==1.0+local", "1.0+LOCAL", 1},
        {"==1.*", "1.5.2", 1},
        {"==1.*", "2.0", 0},
        {"==1.1.*", "1.1", 1},
        {"==1.1.*", "1.1.0.0.1", 1},
        {"==1.1.*", "1.10", 0},
        {"==1.1.*", "1.1.post1", 1},
        {"!=1.1.*", "1.1.5", 0},
        {"!=1.1.*", "1.2", 1},
        {"!=1.0", "1.0.0", 0},
        {"===1.0", "1.0", 1},
        {"===1.0", "1.0.0", 0},
        {"===1.0", "v1.0", 1},
        {"===1.0+Local", "1.0+local", 1},
        {"<2.0", "2.0a1", 0},
        {"<2.0", "1.9", 1},
        {"<2.0rc1", "2.0b1", 0},
        {"<=2.0", "2.0+local", 1},
        {">1.0", "1.0.post1", 0},
        {">1.0.post1", "1.0.post2", 1},
        {">1.0", "1.0+local", 0},
        {">1.0", "1.1", 1},
        /* pre-releases: excluded unless a specifier names one (==, >=, <=, ~=, ===) */
        {">=1.0", "2.0a1", 0},
        {">=1.0a1", "2.0a1", 1},
        {">=1.0, <=2.0b1", "1.5a1", 1},
        {"<2.0a1", "1.0a1", 0},
        {"!=1.0a1", "1.5a1", 0},
        {"", "1.0", 1},
        {"", "1.0a1", 0},
        {"", "1.0.post1", 1},
        {">=1.0", "1.1.dev1", 0},
        {">=1.0.dev1", "1.1.dev1", 1},
        {" >= 1.0 , < 2 ", "1.5", 1},
        {">=1!1.0", "2.0", 0},
        {">=1!1.0", "1!1.0", 1},
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        bool r = false;
        struct cvd_diag d = {0};
        int rc = cvd_version_satisfies(pypi(), cvd_str_from_cstr(rows[i].version),
                                       cvd_str_from_cstr(rows[i].spec), &r, &d);
        if (rc != 0 || r != (rows[i].want == 1))
            fail_msg("'%s' in '%s': rc %d, %d, want %d (%s)", rows[i].version, rows[i].spec, rc, r,
                     rows[i].want, d.msg);
    }
}

static void test_specifier_errors(void **state)
{
    (void)state;
    static const struct {
        const char *spec;
        const char *needle;
    } rows[] = {
        {"1.0", "expected an operator"},
        {"=>1.0", "expected an operator"},
        {">=1.0+local", "only == and != take a local version"},
        {"~=1", "~= needs at least two release numbers"},
        {">=1.*", "not PEP 440"},
        {"==1.0a1.*", "'.*' only follows a release"},
        {"==1. 0", "space inside the version"},
        {">=1.0,<2.0,foo", "expected an operator"},
        {"== ", "not PEP 440"},
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        bool r;
        struct cvd_diag d = {0};
        int rc =
            cvd_version_satisfies(pypi(), CVD_STR("1.0"), cvd_str_from_cstr(rows[i].spec), &r, &d);
        if (rc != CVD_EPARSE || strstr(d.msg, rows[i].needle) == NULL)
            fail_msg("'%s': rc %d, message '%s', want '%s'", rows[i].spec, rc, d.msg,
                     rows[i].needle);
    }
    bool r;
    struct cvd_diag d = {0};
    assert_int_equal(cvd_version_satisfies(pypi(), CVD_STR("2004d"), CVD_STR(">=1"), &r, &d),
                     CVD_EPARSE);
    assert_non_null(strstr(d.msg, "'2004d'"));
}

static void test_no_allocation(void **state)
{
    (void)state;
    cvd_alloc_fail_at(1);
    expect("1.0a1.post0.dev0", "1.0a1.post0", -1);
    bool r = false;
    struct cvd_diag d = {0};
    assert_int_equal(cvd_version_satisfies(pypi(), CVD_STR("1.4.5+x"),
                                           CVD_STR("~=1.4.2, !=1.4.3, ===1.4.5+x"), &r, &d),
                     0);
    assert_true(r);
    assert_int_equal(cvd_alloc_count(), 0);
    cvd_alloc_fail_at(0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_oracle),           cmocka_unit_test(test_scalibr),
        cmocka_unit_test(test_scalibr_lenient),  cmocka_unit_test(test_chain_and_normalisation),
        cmocka_unit_test(test_errors),           cmocka_unit_test(test_specifiers),
        cmocka_unit_test(test_specifier_errors), cmocka_unit_test(test_no_allocation),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
