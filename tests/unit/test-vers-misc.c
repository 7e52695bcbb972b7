/* hackage, cran, pub: the osv-scalibr fixtures, each scheme's rules by name, Cabal ranges and pub
 * constraints. */
#include "test-vers-util.h"

static const struct cvd_version_scheme *hackage(void)
{
    return tv_scheme("hackage");
}

static const struct cvd_version_scheme *cran(void)
{
    return tv_scheme("cran");
}

static const struct cvd_version_scheme *pub(void)
{
    return tv_scheme("pub");
}

static void hackage_fixtures(void **state)
{
    (void)state;
    size_t rows = 0;
    int failures =
        tv_pairs_scalibr(hackage(), "versions/osv-scalibr/hackage-versions.txt", NULL, &rows);
    assert_int_equal(rows, 11);
    assert_int_equal(failures, 0);
}

static void hackage_rules(void **state)
{
    (void)state;
    int f = 0;
    f += tv_check_pair(hackage(), "longer", "1.0", "1.0.0", -1); /* no zero padding */
    f += tv_check_pair(hackage(), "longer", "1", "1.0", -1);
    f += tv_check_pair(hackage(), "numeric", "1.10", "1.9", 1);
    f +=
        tv_check_pair(hackage(), "bignum", "1.123456789012345678901", "1.123456789012345678900", 1);
    f += tv_bad(hackage(), "01.0", "1", CVD_EPARSE, "'01.0'", "leading zero");
    f += tv_bad(hackage(), "1.0-foo", "1", CVD_EPARSE, "'1.0-foo'", "numbers separated by '.'");
    f += tv_bad(hackage(), "1..0", "1", CVD_EPARSE, "'1..0'", "numbers separated by '.'");
    f += tv_bad(hackage(), "", "1", CVD_EPARSE, "''", "empty");
    assert_int_equal(f, 0);
}

static void hackage_ranges(void **state)
{
    (void)state;
    int f = 0;
    f += tv_sat(hackage(), "1.2.5", ">=1.2 && <1.3", 0, true);
    f += tv_sat(hackage(), "1.3", ">=1.2 && <1.3", 0, false);
    f += tv_sat(hackage(), "0.9", "<1 || >=2", 0, true);
    f += tv_sat(hackage(), "1.5", "<1 || >=2", 0, false);
    f += tv_sat(hackage(), "1.2", "== 1.2", 0, true);
    f += tv_sat(hackage(), "1.2.0", "==1.2", 0, false);
    f += tv_sat(hackage(), "1.2.9.9", "==1.2.*", 0, true);
    f += tv_sat(hackage(), "1.3", "==1.2.*", 0, false);
    f += tv_sat(hackage(), "1.2", "==1.2.*", 0, true);
    f += tv_sat(hackage(), "1.2.7", "^>=1.2.3", 0, true); /* >=1.2.3 && <1.3 */
    f += tv_sat(hackage(), "1.3", "^>=1.2.3", 0, false);
    f += tv_sat(hackage(), "1.2.2", "^>=1.2.3", 0, false);
    f += tv_sat(hackage(), "1.0.5", "^>=1", 0, true); /* >=1 && <1.1 */
    f += tv_sat(hackage(), "1.1", "^>=1", 0, false);
    f += tv_sat(hackage(), "2", "^>=1", 0, false);
    f += tv_sat(hackage(), "1.9.9", "^>=1.9", 0, true); /* <1.10 */
    f += tv_sat(hackage(), "1.10", "^>=1.9", 0, false);
    f += tv_sat(hackage(), "7", "-any", 0, true);
    f += tv_sat(hackage(), "7", "-none", 0, false);
    f += tv_sat(hackage(), "1", "", CVD_EPARSE, false);
    f += tv_sat(hackage(), "1", "(>=1)", CVD_EPARSE, false);
    f += tv_sat(hackage(), "1", ">=1 <2", CVD_EPARSE, false);
    f += tv_sat(hackage(), "1", ">=1 &&", CVD_EPARSE, false);
    f += tv_sat(hackage(), "1", ">=1.*", CVD_EPARSE, false);
    f += tv_sat(hackage(), "1", "~1", CVD_EPARSE, false);
    assert_int_equal(f, 0);
}

static void cran_fixtures(void **state)
{
    (void)state;
    size_t rows = 0, rows2 = 0;
    int failures = tv_pairs_scalibr(cran(), "versions/osv-scalibr/cran-versions.txt", NULL, &rows);
    failures +=
        tv_pairs_scalibr(cran(), "versions/osv-scalibr/cran-versions-generated.txt", NULL, &rows2);
    printf("cran fixtures: %zu + %zu rows\n", rows, rows2);
    assert_int_equal(rows, 21);
    assert_int_equal(rows2, 57);
    assert_int_equal(failures, 0);
}

static void cran_rules(void **state)
{
    (void)state;
    int f = 0;
    f += tv_check_pair(cran(), "dash=dot", "1.0-1", "1.0.1", 0);
    f += tv_check_pair(cran(), "zeros", "0.01", "0.1", 0);
    f += tv_check_pair(cran(), "longer", "0.1.0", "0.1.0.0", -1);
    f += tv_check_pair(cran(), "numeric", "0.9", "0.75", -1);
    f += tv_bad(cran(), "1", "1.0", CVD_EPARSE, "'1'", "at least two");
    f += tv_bad(cran(), "1.0a", "1.0", CVD_EPARSE, "'1.0a'", "separated by '.' or '-'");
    f += tv_bad(cran(), "1.-0", "1.0", CVD_EPARSE, "'1.-0'", "separated by '.' or '-'");
    bool got;
    struct cvd_diag diag = {0};
    assert_int_equal(cvd_version_satisfies(cran(), CVD_STR("1.0"), CVD_STR(">=1"), &got, &diag),
                     CVD_ENOTSUP);
    assert_int_equal(f, 0);
}

/* osv-scalibr reads "1.1.3.4.5" as 1.1.3 with the rest as a build-like suffix; pub_semver
 * rejects it, and so do we (more than three numbers). */
static const char *const pub_skip[] = {"1.1.3.4.5 = 1.1.3.4.5", NULL};

static void pub_fixtures(void **state)
{
    (void)state;
    size_t rows = 0;
    int failures =
        tv_pairs_scalibr(pub(), "versions/osv-scalibr/pub-versions.txt", pub_skip, &rows);
    printf("pub fixtures: %zu rows\n", rows);
    assert_int_equal(rows, 100);
    assert_int_equal(failures, 0);
    /* the skipped row, by name */
    int cmp;
    struct cvd_diag diag = {0};
    assert_int_equal(tv_compare(pub(), "1.1.3.4.5", "1.1.3.4.5", &cmp, &diag), CVD_EPARSE);
    assert_non_null(strstr(diag.msg, "more than three numbers"));
}

static void pub_rules(void **state)
{
    (void)state;
    int f = 0;
    f += tv_check_pair(pub(), "pre<release", "1.0.0-alpha", "1.0.0", -1);
    f += tv_check_pair(pub(), "pre", "1.0.0-alpha", "1.0.0-alpha.1", -1);
    f += tv_check_pair(pub(), "pre", "1.0.0-alpha.1", "1.0.0-alpha.beta", -1);
    f += tv_check_pair(pub(), "pre", "1.0.0-beta.2", "1.0.0-beta.11", -1);
    f += tv_check_pair(pub(), "pre", "1.2.3-5-foo", "1.2.3-5", 1); /* word above number */
    f += tv_check_pair(pub(), "pre", "1.2.3-r100", "1.2.3-R2", 1); /* bytes, case-sensitive */
    f += tv_check_pair(pub(), "build>none", "1.0.0", "1.0.0+build", -1);
    f += tv_check_pair(pub(), "build", "1.2.3+9", "1.2.3+900", -1);
    f += tv_check_pair(pub(), "build", "1.2.3+9", "1.2.3+a", -1);
    f += tv_check_pair(pub(), "build", "1.0.0-pre+build", "1.0.0", -1);
    f += tv_check_pair(pub(), "lenient", "v1.2.3", "1.2.3", 0);
    f += tv_check_pair(pub(), "lenient", "1.2", "1.2.0", 0);
    f += tv_check_pair(pub(), "zeros", "01.2.3", "1.2.3", 0);
    f += tv_bad(pub(), "1.2.3-", "1.0.0", CVD_EPARSE, "'1.2.3-'", "pre-release");
    f += tv_bad(pub(), "1.2.3+", "1.0.0", CVD_EPARSE, "'1.2.3+'", "build");
    f += tv_bad(pub(), "1.2.3.4", "1.0.0", CVD_EPARSE, "'1.2.3.4'", "more than three");
    f += tv_bad(pub(), "x", "1.0.0", CVD_EPARSE, "'x'", "MAJOR.MINOR.PATCH");
    f += tv_bad(pub(), "1.2.3 ", "1.0.0", CVD_EPARSE, "'1.2.3 '", "followed only by");
    assert_int_equal(f, 0);
}

static void pub_constraints(void **state)
{
    (void)state;
    int f = 0;
    f += tv_sat(pub(), "1.2.3", "any", 0, true);
    f += tv_sat(pub(), "1.2.3", "1.2.3", 0, true);
    f += tv_sat(pub(), "1.2.4", "1.2.3", 0, false);
    f += tv_sat(pub(), "1.5.0", ">=1.2.3 <2.0.0", 0, true);
    f += tv_sat(pub(), "2.0.0-dev", ">=1.2.3 <2.0.0", 0, false); /* < V means < V-0 */
    f += tv_sat(pub(), "2.0.0-dev", "<2.0.0-zz", 0, true);
    f += tv_sat(pub(), "1.9.9", "^1.2.3", 0, true);
    f += tv_sat(pub(), "2.0.0-beta", "^1.2.3", 0, false);
    f += tv_sat(pub(), "1.2.2", "^1.2.3", 0, false);
    f += tv_sat(pub(), "0.2.9", "^0.2.3", 0, true);
    f += tv_sat(pub(), "0.3.0", "^0.2.3", 0, false);
    f += tv_sat(pub(), "0.0.3+1", "^0.0.3", 0, true);
    f += tv_sat(pub(), "0.0.4", "^0.0.3", 0, false);
    f += tv_sat(pub(), "1.0.0", ">= 1.0.0 <= 1.0.0", 0, true);
    f += tv_sat(pub(), "1.0.1", ">1.0.0", 0, true);
    f += tv_sat(pub(), "1.0.0", "", CVD_EPARSE, false);
    f += tv_sat(pub(), "1.0.0", ">=", CVD_EPARSE, false);
    f += tv_sat(pub(), "1.0.0", ">=1.0.0 || <0.5.0", CVD_EPARSE, false);
    f += tv_sat(pub(), "1.0.0", "~1.0.0", CVD_EPARSE, false);
    assert_int_equal(f, 0);
}

/* Compare and satisfies never allocate (fixed stack storage or cursors over the input). */
static void no_allocation(void **state)
{
    (void)state;
    tv_no_alloc(tv_scheme("hackage"), "1.2.3", "1.2", "1.2.3", ">=1 && <2 || ^>=3.1");
    tv_no_alloc(tv_scheme("cran"), "1.2-3", "1.2", "", NULL);
    tv_no_alloc(tv_scheme("pub"), "1.2.3-a+b", "v1.2", "1.2.3", ">=1.0.0 <2.0.0 ^1.2.0");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(no_allocation),   cmocka_unit_test(hackage_fixtures),
        cmocka_unit_test(hackage_rules),   cmocka_unit_test(hackage_ranges),
        cmocka_unit_test(cran_fixtures),   cmocka_unit_test(cran_rules),
        cmocka_unit_test(pub_fixtures),    cmocka_unit_test(pub_rules),
        cmocka_unit_test(pub_constraints),
    };
    return cmocka_run_group_tests_name("vers-misc", tests, NULL, NULL);
}
