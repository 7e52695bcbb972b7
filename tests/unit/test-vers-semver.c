/* vers: the SemVer family — strict "semver" (crates.io, hex), lenient "go", "bitnami" — on
 * the osv-scalibr fixtures, the npm.tsv precedence oracle, and every edge case of
 * matching.md §3.1 by name. */
#include "test-vers-util.h"

/* compare under scheme: -1/0/1, or 99 with the diag filled on error. */
static int cmp(const char *name, const char *a, const char *b, struct cvd_diag *diag)
{
    return tv_cmp(tv_scheme(name), a, b, diag);
}

static void expect(const char *name, const char *a, const char *b, int want)
{
    tv_expect(tv_scheme(name), a, b, want);
}

static void expect_error(const char *name, const char *v, const char *needle)
{
    struct cvd_diag d = {0};
    int c = 0;
    int rc = cvd_version_compare(tv_scheme(name), cvd_str_from_cstr(v), CVD_STR("1.0.0"), &c, &d);
    if (rc != CVD_EPARSE)
        fail_msg("%s: '%s' accepted (rc %d), want CVD_EPARSE", name, v, rc);
    if (strstr(d.msg, v) == NULL || strstr(d.msg, needle) == NULL)
        fail_msg("%s: message for '%s' is '%s', want the version and '%s'", name, v, d.msg, needle);
}

struct strict_ctx {
    int agreed;
    int rejected;
};

/* The strict scheme either agrees or rejects a string that is not SemVer 2.0.0: a leading
 * 'v', a single number, or more than three numbers. Nothing else may be rejected. */
static bool lenient_only(const char *v)
{
    if (v[0] == 'v')
        return true;
    if (strchr(v, '.') == NULL)
        return true;
    return strcmp(v, "1.1.3.4.5") == 0;
}

static void strict_row(const struct tv_row *row, void *vctx)
{
    struct strict_ctx *ctx = vctx;
    const char *a = row->a;
    const char *b = row->b;
    int want = row->want;
    struct cvd_diag d = {0};
    int got = cmp("semver", a, b, &d);
    if (got == 99) {
        if (!lenient_only(a) && !lenient_only(b))
            fail_msg("semver rejected '%s' vs '%s': %s", a, b, d.msg);
        ctx->rejected++;
        return;
    }
    if (lenient_only(a) || lenient_only(b))
        fail_msg("semver accepted lenient '%s' vs '%s'", a, b);
    if (got != want)
        fail_msg("semver: '%s' vs '%s' = %d, want %d", a, b, got, want);
    ctx->agreed++;
}

static void test_scalibr_semver_strict(void **state)
{
    (void)state;
    struct strict_ctx ctx = {0, 0};
    size_t rows = tv_rows("versions/osv-scalibr/semver-versions.txt", TV_SCALIBR, strict_row, &ctx);
    assert_int_equal(rows, 86);
    /* 29 rows carry a 'v' prefix, one compares lone 30-digit numbers, one is "1.1.3.4.5". */
    assert_int_equal(ctx.rejected, 31);
    assert_int_equal(ctx.agreed, 55);
}

static void go_row(const struct tv_row *row, void *ctx)
{
    (void)ctx;
    expect("go", row->a, row->b, row->want);
}

static void test_scalibr_semver_go(void **state)
{
    (void)state;
    assert_int_equal(tv_rows("versions/osv-scalibr/semver-versions.txt", TV_SCALIBR, go_row, NULL),
                     86);
}

static void test_scalibr_semver_bitnami(void **state)
{
    (void)state;
    /* Bitnami drops an all-numeric "-N"; the fixture's "1.2.3-4" lines then differ, so only
     * check the rows without a numeric first pre-release identifier. */
    expect("bitnami", "1.2.3-4", "1.2.3", 0);
    expect("bitnami", "1.2.3-5", "1.2.3-4", 0);
    expect("bitnami", "1.2.3-4", "1.2.4-1", -1);
    expect("bitnami", "1.2.3-r1", "1.2.3", -1);
    expect("bitnami", "10.0.1-0", "9.9.9-99", 1);
}

/* npm.tsv: strict SemVer strings; semver, go and npm must all agree with node-semver. */
static void precedence_row(const struct tv_row *row, void *ctx)
{
    (void)ctx;
    expect("semver", row->a, row->b, row->want);
    expect("go", row->a, row->b, row->want);
}

static void test_npm_oracle_precedence(void **state)
{
    (void)state;
    assert_int_equal(tv_rows("versions/oracle/npm.tsv", TV_TSV, precedence_row, NULL), 5000);
}

static void test_spec_chain(void **state)
{
    (void)state;
    static const char *const chain[] = {"1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta",
                                        "1.0.0-beta",  "1.0.0-beta.2",  "1.0.0-beta.11",
                                        "1.0.0-rc.1",  "1.0.0",         "1.0.1",
                                        "1.1.0",       "2.0.0"};
    const char *const names[] = {"semver", "crates.io", "hex", "go", "npm"};
    for (size_t n = 0; n < 5; n++)
        tv_chain(tv_scheme(names[n]), chain, sizeof(chain) / sizeof(chain[0]));
}

static void test_edge_cases(void **state)
{
    (void)state;
    /* build metadata is ignored by precedence */
    expect("semver", "1.0.0+a", "1.0.0+b", 0);
    expect("semver", "1.0.0-rc.1+x", "1.0.0-rc.1", 0);
    /* arbitrary size numbers: length, then digits */
    expect("semver", "99999999999999999999999.0.0", "100000000000000000000000.0.0", -1);
    expect("semver", "1.0.0-99999999999999999999999", "1.0.0-100000000000000000000000", -1);
    /* numeric < alphanumeric; ASCII order for alphanumerics */
    expect("semver", "1.0.0-9", "1.0.0-a", -1);
    expect("semver", "1.0.0-Z", "1.0.0-a", -1);
    expect("semver", "1.0.0-alpha", "1.0.0-alpha.0", -1);
    /* malformed: CVD_EPARSE naming the version and the rule */
    expect_error("semver", "01.2.3", "leading zero");
    expect_error("semver", "1.2.03", "leading zero");
    expect_error("semver", "1.2.3-01", "leading zero");
    expect_error("semver", "1.2", "MAJOR.MINOR.PATCH");
    expect_error("semver", "1.2.3.4", "more than three");
    expect_error("semver", "v1.2.3", "leading 'v'");
    expect_error("semver", "=1.2.3", "leading 'v' or '='");
    expect_error("semver", "1.2.3-", "empty identifier");
    expect_error("semver", "1.2.3-a..b", "empty identifier");
    expect_error("semver", "1.2.3+", "empty identifier");
    expect_error("semver", "1.2.3 ", "unexpected character");
    expect_error("semver", "1.2.3-a_b", "unexpected character");
    expect_error("semver", "", "empty version");
}

static void test_go(void **state)
{
    (void)state;
    /* leading v, fewer parts, +incompatible */
    expect("go", "v1.2.3", "1.2.3", 0);
    expect("go", "v1.2", "v1.2.0", 0);
    expect("go", "1", "1.0.0", 0);
    expect("go", "=1.2.3", "1.2.3", 0);
    expect("go", "01.02.003", "1.2.3", 0); /* lenient leading zeros */
    expect("go", "1.2.3-01", "1.2.3-1", 0);
    expect("go", "1.1.3.4.5", "1.1.3.9", 0); /* parts after the third are build metadata */
    expect("go", "v2.0.0+incompatible", "v2.0.0", 0);
    expect("go", "v2.0.0+incompatible", "v2.0.1", -1);
    /* pseudo-versions are ordinary pre-releases */
    expect("go", "v0.0.0-20200131131040-a1b2c3d4e5f6", "v0.0.0-20210131131040-a1b2c3d4e5f6", -1);
    expect("go", "v0.0.0-20200131131040-a1b2c3d4e5f6", "v0.0.0", -1);
    expect("go", "v1.2.4-0.20191109021931-daa7c04131f5", "v1.2.3", 1);
    expect("go", "v1.2.4-0.20191109021931-daa7c04131f5", "v1.2.4", -1);
    expect("go", "v1.2.4-pre.0.20191109021931-daa7c04131f5", "v1.2.4-pre", 1);
    /* toolchain versions */
    expect("go", "go1.21rc2", "1.21.0-rc.2", 0);
    expect("go", "go1.21rc2", "go1.21rc10", -1);
    expect("go", "go1.21rc10", "go1.21.0", -1);
    expect("go", "go1.21", "1.21.0", 0);
    expect("go", "go1.21.3", "v1.21.3", 0);
    expect("go", "go1.9beta2", "1.9.0-beta.2", 0);
    expect("go", "go1.9beta2", "go1.9rc1", -1);
    expect("go", "go1", "1.0.0", 0);
    expect_error("go", "go1.21.0rc1", "toolchain");
    expect_error("go", "go1.21xx", "toolchain");
    expect_error("go", "go01.2", "toolchain");
    expect_error("go", "v1.2.3-", "empty identifier");
    expect_error("go", "x1.2.3", "MAJOR.MINOR.PATCH");
}

static void test_registry(void **state)
{
    (void)state;
    assert_ptr_equal(tv_scheme("crates.io"), tv_scheme("semver"));
    assert_ptr_equal(tv_scheme("hex"), tv_scheme("semver"));
    assert_ptr_equal(tv_scheme("Crates.IO"), tv_scheme("semver"));
    assert_string_equal(tv_scheme("go")->name, "go");
    assert_string_equal(tv_scheme("bitnami")->name, "bitnami");
    assert_null(tv_scheme("semver")->satisfies);
    bool r;
    struct cvd_diag d = {0};
    assert_int_equal(
        cvd_version_satisfies(tv_scheme("go"), CVD_STR("1.0.0"), CVD_STR(">=1"), &r, &d),
        CVD_ENOTSUP);
}

static void test_no_allocation(void **state)
{
    (void)state;
    cvd_alloc_fail_at(1);
    expect("semver", "1.0.0-alpha.1", "1.0.0-alpha.beta", -1);
    expect("go", "go1.21rc2", "v1.21.0", -1);
    expect("bitnami", "1.2.3-4", "1.2.3", 0);
    assert_int_equal(cvd_alloc_count(), 0);
    cvd_alloc_fail_at(0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_scalibr_semver_strict),
        cmocka_unit_test(test_scalibr_semver_go),
        cmocka_unit_test(test_scalibr_semver_bitnami),
        cmocka_unit_test(test_npm_oracle_precedence),
        cmocka_unit_test(test_spec_chain),
        cmocka_unit_test(test_edge_cases),
        cmocka_unit_test(test_go),
        cmocka_unit_test(test_registry),
        cmocka_unit_test(test_no_allocation),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
