/* rubygems: Gem::Version ordering and Gem::Requirement lists against RubyGems 3.3.15 answers
 * (oracle/rubygems.tsv, oracle/rubygems-range.tsv), the osv-scalibr fixtures, every real
 * requirement from ruby-advisory-db, and the edge cases of matching.md §3.6 by name. */
#include "test-vers-util.h"

static const struct cvd_version_scheme *gem(void)
{
    return tv_scheme("rubygems");
}

static void oracle_compare(void **state)
{
    (void)state;
    size_t rows = 0;
    int failures = tv_pairs_tsv(gem(), "versions/oracle/rubygems.tsv", &rows);
    assert_int_equal(rows, 5000);
    assert_int_equal(failures, 0);
}

static void oracle_range(void **state)
{
    (void)state;
    size_t rows = 0;
    int failures = tv_ranges_tsv(gem(), "versions/oracle/rubygems-range.tsv", &rows);
    assert_int_equal(rows, 5000);
    assert_int_equal(failures, 0);
}

static void scalibr_fixtures(void **state)
{
    (void)state;
    size_t rows = 0, rows2 = 0;
    int failures =
        tv_pairs_scalibr(gem(), "versions/osv-scalibr/rubygems-versions.txt", NULL, &rows);
    failures += tv_pairs_scalibr(gem(), "versions/osv-scalibr/rubygems-versions-generated.txt",
                                 NULL, &rows2);
    assert_int_equal(rows, 25);
    assert_int_equal(rows2, 4098);
    assert_int_equal(failures, 0);
}

/* Every patched_versions / unaffected_versions entry of ruby-advisory-db parses. */
static void real_requirements_parse(void **state)
{
    (void)state;
    size_t len;
    char *buf = tv_slurp("versions/ranges-real/rubygems-reqs-real.txt", &len);
    char *cur = buf;
    size_t rows = 0;
    int failures = 0;
    for (char *line; (line = tv_next_line(&cur, buf + len)) != NULL;) {
        if (line[0] == '\0')
            continue;
        rows++;
        const char *versions[] = {"0", "1.2.3", "99.0.0.rc1"};
        for (size_t i = 0; i < 3; i++) {
            struct cvd_diag diag = {0};
            bool got;
            int rc = cvd_version_satisfies(gem(), cvd_str_from_cstr(versions[i]),
                                           cvd_str_from_cstr(line), &got, &diag);
            if (rc != 0) {
                printf("'%s': %s: %s\n", line, cvd_err_name(rc), diag.msg);
                failures++;
            }
        }
    }
    free(buf);
    assert_int_equal(rows, 1212);
    assert_int_equal(failures, 0);
}

static void edge_hyphen_is_pre(void **state)
{
    (void)state;
    int f = 0;
    f += tv_check_pair(gem(), "hyphen", "1.0-beta", "1.0.pre.beta", 0);
    f += tv_check_pair(gem(), "hyphen", "4-0.56", "4.pre.0.56", 0);
    f += tv_check_pair(gem(), "hyphen", "1.0-1", "1.0", -1);
    f += tv_check_pair(gem(), "hyphen", "1.0-a-b", "1.0.pre.a.pre.b", 0);
    assert_int_equal(f, 0);
}

static void edge_segments_split_digits_letters(void **state)
{
    (void)state;
    int f = 0;
    f += tv_check_pair(gem(), "segments", "1.0.b1", "1.0.b.1", 0);
    f += tv_check_pair(gem(), "segments", "1.0.a2", "1.0.a.2", 0);
    f += tv_check_pair(gem(), "segments", "1.0.a10", "1.0.a9", 1);
    f += tv_check_pair(gem(), "segments", "1.2.0b1.0", "1.2.0b1", 0);
    /* leniency (osv-scalibr): letters right after the first number */
    f += tv_check_pair(gem(), "segments", "1beta", "1.beta", 0);
    f += tv_check_pair(gem(), "segments", "1beta", "1", -1);
    assert_int_equal(f, 0);
}

static void edge_trailing_zeros(void **state)
{
    (void)state;
    int f = 0;
    f += tv_check_pair(gem(), "zeros", "1.0.0", "1", 0);
    f += tv_check_pair(gem(), "zeros", "1.0.a", "1.a", 0);
    f += tv_check_pair(gem(), "zeros", "1.a.0.0", "1.a", 0);
    f += tv_check_pair(gem(), "zeros", "0.0.0", "0", 0);
    f += tv_check_pair(gem(), "zeros", "05.0.24", "5.0.24", 0);
    f += tv_check_pair(gem(), "zeros", "", "0", 0); /* Gem::Version.new("") is 0 */
    f += tv_check_pair(gem(), "zeros", "  1.2 ", "1.2", 0);
    assert_int_equal(f, 0);
}

static void edge_string_below_number(void **state)
{
    (void)state;
    int f = 0;
    f += tv_check_pair(gem(), "string<int", "1.a", "1", -1);
    f += tv_check_pair(gem(), "string<int", "1.0.b1", "1.0", -1);
    f += tv_check_pair(gem(), "string<int", "1.a", "1.0.1", -1);
    f += tv_check_pair(gem(), "string<int", "0.a", "0", -1);
    f += tv_check_pair(gem(), "lexical", "1.0.a.9", "1.0.b.9", -1);
    f += tv_check_pair(gem(), "lexical", "1.RC1", "1.rc1", -1); /* byte order: 'R' < 'r' */
    f += tv_check_pair(gem(), "lexical", "1.b", "1.beta", -1);
    f += tv_check_pair(gem(), "bignum", "999999999999999999999999999991",
                       "999999999999999999999999999999", -1);
    assert_int_equal(f, 0);
}

static void edge_requirement_operators(void **state)
{
    (void)state;
    int f = 0;
    f += tv_sat(gem(), "1.2.3", "= 1.2.3", 0, true);
    f += tv_sat(gem(), "1.2.3", "1.2.3.0", 0, true); /* no operator means = */
    f += tv_sat(gem(), "1.2.3", "!= 1.2.3", 0, false);
    f += tv_sat(gem(), "1.2.4", "> 1.2.3", 0, true);
    f += tv_sat(gem(), "1.2.3", "< 1.2.3", 0, false);
    f += tv_sat(gem(), "1.2.3", ">=1.2.3", 0, true);
    f += tv_sat(gem(), "1.2.3.a", "<= 1.2.3", 0, true);
    f += tv_sat(gem(), "2.0", ">= 1.0, < 2.0", 0, false); /* a list is an AND */
    f += tv_sat(gem(), "1.5", ">= 1.0, < 2.0", 0, true);
    f += tv_sat(gem(), "3", "", 0, true); /* no requirement = ">= 0" */
    assert_int_equal(f, 0);
}

static void edge_pessimistic_bump(void **state)
{
    (void)state;
    int f = 0;
    /* ~> 1.2.3 = >= 1.2.3, < 1.3 */
    f += tv_sat(gem(), "1.2.9", "~> 1.2.3", 0, true);
    f += tv_sat(gem(), "1.3", "~> 1.2.3", 0, false);
    f += tv_sat(gem(), "1.3.a", "~> 1.2.3", 0, false); /* release 1.3 is not below the bump 1.3 */
    f += tv_sat(gem(), "1.2.2", "~> 1.2.3", 0, false);
    /* ~> 1.2 = >= 1.2, < 2 */
    f += tv_sat(gem(), "1.99", "~> 1.2", 0, true);
    f += tv_sat(gem(), "2.0", "~> 1.2", 0, false);
    /* one segment: ~> 1 = >= 1, < 2 */
    f += tv_sat(gem(), "1.9", "~> 1", 0, true);
    f += tv_sat(gem(), "2", "~> 1", 0, false);
    /* the bump drops pre-release segments first: ~> 1.2.3.rc1 = >= 1.2.3.rc1, < 1.3 */
    f += tv_sat(gem(), "1.2.9", "~> 1.2.3.rc1", 0, true);
    f += tv_sat(gem(), "1.3.0", "~> 1.2.3.rc1", 0, false);
    /* carries: ~> 1.9.9 = < 1.10; ~> 9.99 = < 10; digit strings of any length */
    f += tv_sat(gem(), "1.10", "~> 1.9.9", 0, false);
    f += tv_sat(gem(), "1.9.99", "~> 1.9.9", 0, true);
    f += tv_sat(gem(), "9.999", "~> 9.99", 0, true);
    f += tv_sat(gem(), "10", "~> 9.99", 0, false);
    f += tv_sat(gem(), "99999999999999999999999.5", "~> 99999999999999999999999.1", 0, true);
    f += tv_sat(gem(), "100000000000000000000000", "~> 99999999999999999999999.1", 0, false);
    f += tv_sat(gem(), "0.1", "~> 0.0", 0, true);
    f += tv_sat(gem(), "1", "~> 0.0", 0, false);
    assert_int_equal(f, 0);
}

static void invalid_versions(void **state)
{
    (void)state;
    int f = 0;
    f += tv_bad(gem(), "a1", "1", CVD_EPARSE, "'a1'", "starts with a digit");
    f += tv_bad(gem(), "1..2", "1", CVD_EPARSE, "'1..2'", "'.'");
    f += tv_bad(gem(), "1.2-", "1", CVD_EPARSE, "'1.2-'", "pre-release");
    f += tv_bad(gem(), "1.2_3", "1", CVD_EPARSE, "'1.2_3'", "only digits");
    f += tv_bad(gem(), "1.0-a.b.", "1", CVD_EPARSE, "'1.0-a.b.'", "pre-release");
    f += tv_bad(gem(), "1 2", "1", CVD_EPARSE, "'1 2'", "only digits");
    f += tv_bad(gem(), "v1.0", "1", CVD_EPARSE, "'v1.0'", "starts with a digit");
    assert_int_equal(f, 0);
}

static void invalid_requirements(void **state)
{
    (void)state;
    int f = 0;
    f += tv_sat(gem(), "1", "=> 1.0", CVD_EPARSE, false);
    f += tv_sat(gem(), "1", ">= 1.0,, < 2", CVD_EPARSE, false);
    f += tv_sat(gem(), "1", ", >= 1", CVD_EPARSE, false);
    f += tv_sat(gem(), "1", ">=", CVD_EPARSE, false);
    f += tv_sat(gem(), "1", "~> 1.0 beta", CVD_EPARSE, false);
    f += tv_sat(gem(), "1", ">= 1, ", CVD_EPARSE, false);
    f += tv_sat(gem(), "1", ">= 1,", 0, true); /* String#split drops trailing empty pieces */
    f += tv_sat(gem(), "x", ">= 1", CVD_EPARSE, false);
    struct cvd_diag diag = {0};
    bool got;
    int rc = cvd_version_satisfies(gem(), CVD_STR("1"), CVD_STR(">= 1, ~> x"), &got, &diag);
    assert_int_equal(rc, CVD_EPARSE);
    assert_non_null(strstr(diag.msg, "' ~> x'"));
    assert_non_null(strstr(diag.msg, "'>= 1, ~> x'"));
    assert_int_equal(f, 0);
}

/* Segments live in a fixed array: 64 are fine, 65 are CVD_ELIMIT naming the limit. */
static void segment_limit(void **state)
{
    (void)state;
    char buf[512];
    size_t n = 0;
    for (int i = 0; i < 64; i++)
        n += (size_t)snprintf(buf + n, sizeof(buf) - n, i ? ".%d" : "%d", i % 10);
    int cmp = 9;
    struct cvd_diag diag = {0};
    assert_int_equal(tv_compare(gem(), buf, buf, &cmp, &diag), 0);
    assert_int_equal(cmp, 0);
    n += (size_t)snprintf(buf + n, sizeof(buf) - n, ".7");
    assert_int_equal(tv_compare(gem(), buf, "1", &cmp, &diag), CVD_ELIMIT);
    assert_non_null(strstr(diag.msg, "more than 64 segments"));
    assert_int_equal(tv_compare(gem(), "1", buf, &cmp, &diag), CVD_ELIMIT);
}

/* Compare and satisfies never allocate (fixed stack storage or cursors over the input). */
static void no_allocation(void **state)
{
    (void)state;
    tv_no_alloc(gem(), "1.2.3.rc.99999999999999999999", "1.2-beta", "1.2.3", "~> 1.2, != 1.2.1");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(no_allocation),
        cmocka_unit_test(oracle_compare),
        cmocka_unit_test(oracle_range),
        cmocka_unit_test(scalibr_fixtures),
        cmocka_unit_test(real_requirements_parse),
        cmocka_unit_test(edge_hyphen_is_pre),
        cmocka_unit_test(edge_segments_split_digits_letters),
        cmocka_unit_test(edge_trailing_zeros),
        cmocka_unit_test(edge_string_below_number),
        cmocka_unit_test(edge_requirement_operators),
        cmocka_unit_test(edge_pessimistic_bump),
        cmocka_unit_test(invalid_versions),
        cmocka_unit_test(invalid_requirements),
        cmocka_unit_test(segment_limit),
    };
    return cmocka_run_group_tests_name("vers-rubygems", tests, NULL, NULL);
}
