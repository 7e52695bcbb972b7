/* nuget: the osv-scalibr fixtures (no NuGet oracle runs here), the rules of matching.md §3.7 by
 * name, and NuGet's interval notation. */
#include "test-vers-util.h"

static const struct cvd_version_scheme *nuget(void)
{
    return tv_scheme("nuget");
}

static void scalibr_fixtures(void **state)
{
    (void)state;
    size_t rows = 0;
    int failures =
        tv_pairs_scalibr(nuget(), "versions/osv-scalibr/nuget-versions.txt", NULL, &rows);
    assert_int_equal(rows, 35);
    assert_int_equal(failures, 0);
}

static void edge_missing_parts_are_zero(void **state)
{
    (void)state;
    int f = 0;
    f += tv_check_pair(nuget(), "parts", "1.0", "1.0.0.0", 0);
    f += tv_check_pair(nuget(), "parts", "1", "1.0.0", 0);
    f += tv_check_pair(nuget(), "parts", "1.0", "1.0.0.1", -1);
    f += tv_check_pair(nuget(), "parts", "1.0.0", "1.0.0.1-alpha", -1);
    assert_int_equal(f, 0);
}

static void edge_leading_zeros_ignored(void **state)
{
    (void)state;
    int f = 0;
    f += tv_check_pair(nuget(), "zeros", "1.01", "1.1", 0);
    f += tv_check_pair(nuget(), "zeros", "1.0.01", "1.0.1.0", 0);
    f += tv_check_pair(nuget(), "zeros", "1.0.0-rc.01", "1.0.0-rc.1", 0);
    assert_int_equal(f, 0);
}

static void edge_labels(void **state)
{
    (void)state;
    int f = 0;
    f += tv_check_pair(nuget(), "release>pre", "1.0.0", "1.0.0-rc.1", 1);
    f += tv_check_pair(nuget(), "nocase", "1.0.0-BETA", "1.0.0-beta", 0);
    f += tv_check_pair(nuget(), "nocase", "1.0.0-Alpha.X", "1.0.0-alpha.x", 0);
    f += tv_check_pair(nuget(), "numeric", "1.0.0-beta.2", "1.0.0-beta.11", -1);
    f += tv_check_pair(nuget(), "num<alpha", "1.0.0-1", "1.0.0-a", -1);
    f += tv_check_pair(nuget(), "more>fewer", "1.0.0-beta", "1.0.0-beta.1", -1);
    f += tv_check_pair(nuget(), "ordinal", "1.0.0-beta2", "1.0.0-beta10", 1);
    f += tv_check_pair(nuget(), "metadata", "1.0.0+abc", "1.0.0+XYZ", 0);
    f += tv_check_pair(nuget(), "metadata", "1.0.0-rc+abc", "1.0.0-RC", 0);
    f += tv_check_pair(nuget(), "bignum", "1.99999999999999999999", "1.99999999999999999998", 1);
    assert_int_equal(f, 0);
}

static void invalid_versions(void **state)
{
    (void)state;
    int f = 0;
    f += tv_bad(nuget(), "", "1", CVD_EPARSE, "''", "empty");
    f += tv_bad(nuget(), "1.2.3.4.5", "1", CVD_EPARSE, "'1.2.3.4.5'", "more than four");
    f += tv_bad(nuget(), "v1.0", "1", CVD_EPARSE, "'v1.0'", "numbers separated by '.'");
    f += tv_bad(nuget(), "1..0", "1", CVD_EPARSE, "'1..0'", "numbers separated by '.'");
    f += tv_bad(nuget(), "1.0-", "1", CVD_EPARSE, "'1.0-'", "release label");
    f += tv_bad(nuget(), "1.0-a..b", "1", CVD_EPARSE, "'1.0-a..b'", "release label");
    f += tv_bad(nuget(), "1.0+", "1", CVD_EPARSE, "'1.0+'", "metadata");
    f += tv_bad(nuget(), "1.0-a_b", "1", CVD_EPARSE, "'1.0-a_b'", "release label");
    f += tv_bad(nuget(), "1.0 ", "1", CVD_EPARSE, "'1.0 '", "followed only by");
    assert_int_equal(f, 0);
}

static void ranges(void **state)
{
    (void)state;
    int f = 0;
    f += tv_sat(nuget(), "1.0", "1.0", 0, true); /* bare = minimum, inclusive */
    f += tv_sat(nuget(), "3.0", "1.0", 0, true);
    f += tv_sat(nuget(), "0.9", "1.0", 0, false);
    f += tv_sat(nuget(), "1.0.0.0", "[1.0]", 0, true);
    f += tv_sat(nuget(), "1.0.1", "[1.0]", 0, false);
    f += tv_sat(nuget(), "1.0", "(1.0,)", 0, false);
    f += tv_sat(nuget(), "1.0.1", "(1.0,)", 0, true);
    f += tv_sat(nuget(), "1.0", "(,1.0]", 0, true);
    f += tv_sat(nuget(), "1.0", "(,1.0)", 0, false);
    f += tv_sat(nuget(), "1.0-rc", "(,1.0)", 0, true);
    f += tv_sat(nuget(), "1.0", "[1.0,2.0)", 0, true);
    f += tv_sat(nuget(), "2.0", "[1.0,2.0)", 0, false);
    f += tv_sat(nuget(), "2.0", "[1.0,2.0]", 0, true);
    f += tv_sat(nuget(), "1.0", "(1.0,2.0)", 0, false);
    f += tv_sat(nuget(), "1.5", "( 1.0 , 2.0 )", 0, true);
    f += tv_sat(nuget(), "1.5-beta", "[1.5-alpha, 1.5]", 0, true);
    assert_int_equal(f, 0);
}

static void ranges_invalid(void **state)
{
    (void)state;
    int f = 0;
    f += tv_sat(nuget(), "1.0", "", CVD_EPARSE, false);
    f += tv_sat(nuget(), "1.0", "(1.0)", CVD_EPARSE, false);
    f += tv_sat(nuget(), "1.0", "[1.0)", CVD_EPARSE, false);
    f += tv_sat(nuget(), "1.0", "[1.0", CVD_EPARSE, false);
    f += tv_sat(nuget(), "1.0", "[,]", CVD_EPARSE, false);
    f += tv_sat(nuget(), "1.0", "[2.0,1.0]", CVD_EPARSE, false);
    f += tv_sat(nuget(), "1.0", "[1.0,2.0,3.0]", CVD_EPARSE, false);
    f += tv_sat(nuget(), "1.0", "1.*", CVD_EPARSE, false);
    f += tv_sat(nuget(), "1.0", "[1.x,2.0]", CVD_EPARSE, false);
    f += tv_sat(nuget(), "x", "[1.0,2.0]", CVD_EPARSE, false);
    struct cvd_diag diag = {0};
    bool got;
    assert_int_equal(
        cvd_version_satisfies(nuget(), CVD_STR("1.0"), CVD_STR("[1.0, 2.0.x]"), &got, &diag),
        CVD_EPARSE);
    assert_non_null(strstr(diag.msg, "'2.0.x'"));
    assert_int_equal(diag.offset, 6 + 4);
    assert_int_equal(f, 0);
}

/* Compare and satisfies never allocate (fixed stack storage or cursors over the input). */
static void no_allocation(void **state)
{
    (void)state;
    tv_no_alloc(nuget(), "1.0.0.1-beta.2+x", "1.0.0-BETA", "1.5", "[1.0, 2.0)");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(no_allocation),
        cmocka_unit_test(scalibr_fixtures),
        cmocka_unit_test(edge_missing_parts_are_zero),
        cmocka_unit_test(edge_leading_zeros_ignored),
        cmocka_unit_test(edge_labels),
        cmocka_unit_test(invalid_versions),
        cmocka_unit_test(ranges),
        cmocka_unit_test(ranges_invalid),
    };
    return cmocka_run_group_tests_name("vers-nuget", tests, NULL, NULL);
}
