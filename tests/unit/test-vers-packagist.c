/* packagist: PHP 8.2 version_compare answers (oracle/packagist.tsv), the osv-scalibr fixtures
 * (hand-written and PHP-generated), the rules of matching.md §3.9 by name, and the Composer
 * constraint subset. */
#include "test-vers-util.h"

static const struct cvd_version_scheme *php(void)
{
    return tv_scheme("packagist");
}

static void oracle_compare(void **state)
{
    (void)state;
    size_t rows = 0;
    int failures = tv_pairs_tsv(php(), "versions/oracle/packagist.tsv", &rows);
    assert_int_equal(rows, 5000);
    assert_int_equal(failures, 0);
}

static void scalibr_fixtures(void **state)
{
    (void)state;
    size_t rows = 0, rows2 = 0;
    int failures =
        tv_pairs_scalibr(php(), "versions/osv-scalibr/packagist-versions.txt", NULL, &rows);
    failures += tv_pairs_scalibr(php(), "versions/osv-scalibr/packagist-versions-generated.txt",
                                 NULL, &rows2);
    printf("packagist fixtures: %zu + %zu rows\n", rows, rows2);
    assert_int_equal(rows, 95);
    assert_int_equal(rows2, 10630);
    assert_int_equal(failures, 0);
}

static void edge_canonical_separators(void **state)
{
    (void)state;
    int f = 0;
    /* -, _, + become '.'; '.' goes between digits and letters */
    f += tv_check_pair(php(), "sep", "1.0.0rc2", "1.0.0.rc2", 0);
    f += tv_check_pair(php(), "sep", "1.0-rc_2", "1.0.rc.2", 0);
    f += tv_check_pair(php(), "sep", "1+2", "1.2", 0);
    f += tv_check_pair(php(), "sep", "1..2", "1.2", 0);
    f += tv_check_pair(php(), "sep", "1.25.0beta2.1", "1.25.0-b2.1", 0);
    assert_int_equal(f, 0);
}

static void edge_special_forms(void **state)
{
    (void)state;
    int f = 0;
    /* (other) < dev < alpha = a < beta = b < RC = rc < # < pl = p */
    f += tv_check_pair(php(), "forms", "1.0-foo", "1.0-dev", -1);
    f += tv_check_pair(php(), "forms", "1.0-dev", "1.0-alpha", -1);
    f += tv_check_pair(php(), "forms", "1.0-alpha", "1.0-a", 0);
    f += tv_check_pair(php(), "forms", "1.0a1", "1.0b1", -1);
    f += tv_check_pair(php(), "forms", "1.0-beta", "1.0-b", 0);
    f += tv_check_pair(php(), "forms", "1.0b1", "1.0RC1", -1);
    f += tv_check_pair(php(), "forms", "1.0RC1", "1.0rc1", 0);
    f += tv_check_pair(php(), "forms", "1.0rc1", "1.0", -1);
    f += tv_check_pair(php(), "forms", "1.0", "1.0pl1", -1);
    f += tv_check_pair(php(), "forms", "1.0pl1", "1.0p1", 0);
    f += tv_check_pair(php(), "forms", "1.0patch1", "1.0p1", 0); /* prefix match */
    f += tv_check_pair(php(), "forms", "1.0Rc", "1.0-foo", 0);   /* only RC and rc */
    f += tv_check_pair(php(), "forms", "1.0Beta", "1.0-foo", 0); /* case-sensitive */
    assert_int_equal(f, 0);
}

static void edge_longer_list(void **state)
{
    (void)state;
    int f = 0;
    f += tv_check_pair(php(), "longer", "1.0", "1.0rc1", 1);
    f += tv_check_pair(php(), "longer", "1.0", "1.0pl1", -1);
    f += tv_check_pair(php(), "longer", "1.0", "1.0.1", -1);
    f += tv_check_pair(php(), "longer", "1.0", "1.0.0", -1); /* not Composer's normalisation */
    f += tv_check_pair(php(), "longer", "dev-foo", "1.26.0", -1);
    assert_int_equal(f, 0);
}

static void edge_leading_v_and_hash(void **state)
{
    (void)state;
    int f = 0;
    f += tv_check_pair(php(), "v", "v1.0.0", "V1.0.0", 0);
    f += tv_check_pair(php(), "v", "vV1.2", "1.2", 0); /* ltrim($v, "vV") */
    /* '#' inside is a separator (PHP); a final '#' is the element '#' (osv-scalibr) */
    f += tv_check_pair(php(), "#", "2#1", "2.1", 0);
    f += tv_check_pair(php(), "#", "1.2.3.#", "1.2.3", 0);
    f += tv_check_pair(php(), "#", "1.2.3.#", "1.2.3.#", 0);
    f += tv_check_pair(php(), "#", "1.2.3.#.beta", "1.2.3", -1);
    f += tv_check_pair(php(), "bignum", "999999999999999999999999999991",
                       "999999999999999999999999999999", -1);
    assert_int_equal(f, 0);
}

static void invalid_versions(void **state)
{
    (void)state;
    int f = 0;
    f += tv_bad(php(), "", "1", CVD_EPARSE, "''", "empty");
    f += tv_bad(php(), "v", "1", CVD_EPARSE, "'v'", "empty");
    f += tv_bad(php(), "1.0 beta", "1", CVD_EPARSE, "'1.0 beta'", "printable ASCII");
    f += tv_bad(php(), "-1", "1", CVD_EPARSE, "'-1'", "starts with a letter or digit");
    f += tv_bad(php(), "#1", "1", CVD_EPARSE, "'#1'", "starts with a letter or digit");
    f += tv_bad(php(), "1.0.", "1", CVD_EPARSE, "'1.0.'", "separator");
    f += tv_bad(php(), "1.0\xc3\xa9", "1", CVD_EPARSE, "'1.0", "printable ASCII");
    assert_int_equal(f, 0);
}

static void constraints_basic(void **state)
{
    (void)state;
    int f = 0;
    f += tv_sat(php(), "1.2.3", "1.2.3", 0, true);
    f += tv_sat(php(), "1.2", "=1.2.0", 0, true); /* both padded to 4 numbers */
    f += tv_sat(php(), "1.2.3", "==1.2.3.0", 0, true);
    f += tv_sat(php(), "1.2.3", "!=1.2.3", 0, false);
    f += tv_sat(php(), "1.2.3", "<>1.2.4", 0, true);
    f += tv_sat(php(), "1.2.4", ">1.2.3", 0, true);
    f += tv_sat(php(), "1.2.3", "<=1.2.3", 0, true);
    f += tv_sat(php(), "1.2.3", ">= 1.2.3", 0, true);
    f += tv_sat(php(), "1.5", ">=1.0 <2.0", 0, true);
    f += tv_sat(php(), "1.5", ">=1.0, <1.4", 0, false);
    f += tv_sat(php(), "1.5", ">=1.0,<1.4 || >=1.5", 0, true);
    f += tv_sat(php(), "1.5", "<1.0 | 1.5", 0, true);
    f += tv_sat(php(), "1.5-beta", "*", 0, true);
    assert_int_equal(f, 0);
}

static void constraints_dev_suffix(void **state)
{
    (void)state;
    int f = 0;
    /* >= and < get Composer's "-dev": pre-releases of the lower bound are in, of the upper out */
    f += tv_sat(php(), "2.0.0-beta", ">=2.0", 0, true);
    f += tv_sat(php(), "2.0.0-dev", ">=2.0", 0, true);
    f += tv_sat(php(), "2.0.0-beta", "<2.0", 0, false);
    f += tv_sat(php(), "1.9.9", "<2.0", 0, true);
    f += tv_sat(php(), "2.0.0-beta", ">2.0", 0, false);
    f += tv_sat(php(), "2.0.0-beta", "<=2.0", 0, true);
    f += tv_sat(php(), "2.0.0-alpha", ">=2.0-beta", 0, false); /* explicit stability kept */
    assert_int_equal(f, 0);
}

static void constraints_tilde_caret(void **state)
{
    (void)state;
    int f = 0;
    f += tv_sat(php(), "1.9", "~1.2", 0, true); /* >=1.2 <2.0-dev */
    f += tv_sat(php(), "2.0", "~1.2", 0, false);
    f += tv_sat(php(), "2.0-beta", "~1.2", 0, false);
    f += tv_sat(php(), "1.2.9", "~1.2.3", 0, true); /* >=1.2.3 <1.3-dev */
    f += tv_sat(php(), "1.3.0", "~1.2.3", 0, false);
    f += tv_sat(php(), "1.9", "~1", 0, true); /* ~1 = >=1 <2-dev */
    f += tv_sat(php(), "2", "~1", 0, false);
    f += tv_sat(php(), "1.9.9", "^1.2.3", 0, true); /* >=1.2.3 <2.0-dev */
    f += tv_sat(php(), "2.0.0", "^1.2.3", 0, false);
    f += tv_sat(php(), "0.3.9", "^0.3.1", 0, true); /* <0.4-dev */
    f += tv_sat(php(), "0.4.0", "^0.3.1", 0, false);
    f += tv_sat(php(), "0.0.3", "^0.0.3", 0, true); /* <0.0.4-dev */
    f += tv_sat(php(), "0.0.4", "^0.0.3", 0, false);
    f += tv_sat(php(), "0.9", "^0", 0, true);    /* <1-dev */
    f += tv_sat(php(), "0.1", "^0.0", 0, false); /* <0.1-dev */
    f += tv_sat(php(), "9.99", "~9.99.1", 0, false);
    f += tv_sat(php(), "9.99.5", "~9.99.1", 0, true);
    f += tv_sat(php(), "10.0", "^9.99", 0, false); /* carry: <10-dev */
    assert_int_equal(f, 0);
}

static void constraints_wildcard_hyphen(void **state)
{
    (void)state;
    int f = 0;
    f += tv_sat(php(), "1.2.9", "1.2.*", 0, true);
    f += tv_sat(php(), "1.3", "1.2.*", 0, false);
    f += tv_sat(php(), "1.2.0-beta", "1.2.x", 0, true); /* >=1.2.0.0-dev */
    f += tv_sat(php(), "1.99", "1.*", 0, true);
    f += tv_sat(php(), "2.0", "1.*", 0, false);
    f += tv_sat(php(), "2.0.5", "1.0 - 2.0", 0, true); /* partial upper: <2.1-dev */
    f += tv_sat(php(), "2.1", "1.0 - 2.0", 0, false);
    f += tv_sat(php(), "2.9", "1.0 - 2", 0, true);          /* <3-dev */
    f += tv_sat(php(), "2.0.1", "1.0.0 - 2.0.0", 0, false); /* full upper: <=2.0.0 */
    f += tv_sat(php(), "2.0.0", "1.0.0 - 2.0.0", 0, true);
    f += tv_sat(php(), "0.9", "1.0.0 - 2.0.0", 0, false);
    assert_int_equal(f, 0);
}

static void constraints_invalid(void **state)
{
    (void)state;
    int f = 0;
    f += tv_sat(php(), "1", "", CVD_EPARSE, false);
    f += tv_sat(php(), "1", ">=", CVD_EPARSE, false);
    f += tv_sat(php(), "1", ">=1.0<2", CVD_EPARSE, false);
    f += tv_sat(php(), "1", ">=1.0,,<2", CVD_EPARSE, false);
    f += tv_sat(php(), "1", "|| 1", CVD_EPARSE, false);
    f += tv_sat(php(), "1", "1 ||", CVD_EPARSE, false);
    f += tv_sat(php(), "1", "~", CVD_EPARSE, false);
    f += tv_sat(php(), "1", "^dev", CVD_EPARSE, false);
    f += tv_sat(php(), "1", "dev.*", CVD_EPARSE, false);
    f += tv_sat(php(), "1", "1.0 - ", CVD_EPARSE, false);
    f += tv_sat(php(), "1", "1.0@dev", CVD_EPARSE, false);
    f += tv_sat(php(), "", ">=1", CVD_EPARSE, false);
    struct cvd_diag diag = {0};
    bool got;
    assert_int_equal(cvd_version_satisfies(php(), CVD_STR("1"), CVD_STR(">=1 <x."), &got, &diag),
                     CVD_EPARSE);
    assert_non_null(strstr(diag.msg, "'x.'"));
    assert_int_equal(f, 0);
}

/* Compare and satisfies never allocate (fixed stack storage or cursors over the input). */
static void no_allocation(void **state)
{
    (void)state;
    tv_no_alloc(php(), "v1.2.3-RC1", "1.2.3.#", "1.2.3", "^1.2 || ~2.0, >=2.0.5 || 3.*");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(no_allocation),           cmocka_unit_test(oracle_compare),
        cmocka_unit_test(scalibr_fixtures),        cmocka_unit_test(edge_canonical_separators),
        cmocka_unit_test(edge_special_forms),      cmocka_unit_test(edge_longer_list),
        cmocka_unit_test(edge_leading_v_and_hash), cmocka_unit_test(invalid_versions),
        cmocka_unit_test(constraints_basic),       cmocka_unit_test(constraints_dev_suffix),
        cmocka_unit_test(constraints_tilde_caret), cmocka_unit_test(constraints_wildcard_hyphen),
        cmocka_unit_test(constraints_invalid),
    };
    return cmocka_run_group_tests_name("vers-packagist", tests, NULL, NULL);
}
