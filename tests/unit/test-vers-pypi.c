/* vers: pypi — PEP 440 order on the packaging 23.0 oracle and the osv-scalibr fixtures (whose
 * pre-PEP 440 "legacy" strings packaging >= 22 rejects: they must be exactly the ones listed in
 * pypi-not-pep440.txt), every edge case of matching.md §3.2 by name, specifier sets, errors,
 * and no allocation. */
#include "test-vers-util.h"

#include "vers/pypi-int.h"

static const struct cvd_version_scheme *pypi(void)
{
    return tv_scheme("PyPI");
}

static int cmp(const char *a, const char *b, struct cvd_diag *diag)
{
    return tv_cmp(pypi(), a, b, diag);
}

static void expect(const char *a, const char *b, int want)
{
    tv_expect(pypi(), a, b, want);
}

static bool valid(const char *v)
{
    return cmp(v, "0", NULL) != TV_ERROR;
}

static void test_oracle(void **state)
{
    (void)state;
    assert_int_equal(tv_compare_tsv(pypi(), "versions/oracle/pypi.tsv"), 5000);
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

struct fixture {
    const struct legacy *l;
    int rejected;
};

/* Both sides PEP 440 and the order agrees, or a side is rejected with CVD_EPARSE and is listed
 * (packaging 23.0 raises InvalidVersion for exactly those). */
static void fixture_row(const struct tv_row *row, void *ctx)
{
    struct fixture *fx = ctx;
    const char *a = row->a;
    const char *b = row->b;
    bool va = valid(a);
    bool vb = valid(b);
    if (va == listed(fx->l, a) || vb == listed(fx->l, b))
        fail_msg("%s: '%s' (%d) / '%s' (%d) disagree with pypi-not-pep440.txt", row->where, a, va,
                 b, vb);
    if (!va || !vb) {
        struct cvd_diag d = {0};
        assert_int_equal(cmp(a, b, &d), 99);
        assert_non_null(strstr(d.msg, "not PEP 440"));
        fx->rejected++;
        return;
    }
    expect(a, b, row->want);
}

static void fixture(const char *rel, const struct legacy *l, int want_rows, int want_rejected)
{
    struct fixture fx = {l, 0};
    assert_int_equal(tv_rows(rel, TV_SCALIBR, fixture_row, &fx), want_rows);
    assert_int_equal(fx.rejected, want_rejected);
}

static void test_scalibr(void **state)
{
    (void)state;
    struct legacy l;
    l.buf = tv_slurp("versions/pypi-not-pep440.txt", &l.len);
    fixture("versions/osv-scalibr/pypi-versions.txt", &l, 37, 11);
    fixture("versions/osv-scalibr/pypi-versions-generated.txt", &l, 12375, 69);
    free(l.buf);
}

/* The lenient order (packaging < 22: LegacyVersion for non-PEP 440 strings, sorting first)
 * answers every row of both fixtures, legacy rows included. */
static void lenient_row(const struct tv_row *row, void *ctx)
{
    (void)ctx;
    int ab = 9;
    int ba = 9;
    struct cvd_diag d = {0};
    assert_int_equal(
        cvd__pypi_compare_lenient(cvd_str_from_cstr(row->a), cvd_str_from_cstr(row->b), &ab, &d),
        0);
    assert_int_equal(
        cvd__pypi_compare_lenient(cvd_str_from_cstr(row->b), cvd_str_from_cstr(row->a), &ba, &d),
        0);
    if (ab != row->want || ba != -row->want)
        fail_msg("%s: lenient('%s', '%s') = %d / %d, want %d", row->where, row->a, row->b, ab, ba,
                 row->want);
}

static void test_scalibr_lenient(void **state)
{
    (void)state;
    assert_int_equal(
        tv_rows("versions/osv-scalibr/pypi-versions.txt", TV_SCALIBR, lenient_row, NULL), 37);
    assert_int_equal(
        tv_rows("versions/osv-scalibr/pypi-versions-generated.txt", TV_SCALIBR, lenient_row, NULL),
        12375);
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
    tv_chain(pypi(), chain, sizeof(chain) / sizeof(chain[0]));
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
