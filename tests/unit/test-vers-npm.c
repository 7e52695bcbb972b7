/* vers: npm — node-semver compare on npm.tsv, satisfies on all 5,000 npm-range.tsv rows, the
 * real security-wg ranges, every desugaring and pre-release rule of matching.md §3.1 by name,
 * limits, messages, and no allocation. */
#include "test-vers-util.h"

#include "vers/npm-int.h"

static const struct cvd_version_scheme *npm(void)
{
    return tv_scheme("npm");
}

/* 1 true, 0 false, -1 error (diag filled). */
static int sat(const char *version, const char *range, struct cvd_diag *diag)
{
    bool r = false;
    struct cvd_diag d = {0};
    int rc = cvd_version_satisfies(npm(), cvd_str_from_cstr(version), cvd_str_from_cstr(range), &r,
                                   diag ? diag : &d);
    return rc ? -1 : r;
}

static void expect_sat(const char *range, const char *version, int want)
{
    struct cvd_diag d = {0};
    int got = sat(version, range, &d);
    if (got != want)
        fail_msg("satisfies('%s', '%s') = %d, want %d (%s)", version, range, got, want, d.msg);
}

static void expect_range_error(const char *range, int code, const char *needle)
{
    struct cvd_diag d = {0};
    bool r;
    int rc = cvd_version_satisfies(npm(), CVD_STR("1.0.0"), cvd_str_from_cstr(range), &r, &d);
    if (rc != code)
        fail_msg("range '%s': rc %d, want %d (%s)", range, rc, code, d.msg);
    if (strstr(d.msg, needle) == NULL)
        fail_msg("range '%s': message '%s' lacks '%s'", range, d.msg, needle);
}

static int cmp(const char *a, const char *b, struct cvd_diag *diag)
{
    return tv_cmp(npm(), a, b, diag);
}

static void test_oracle_compare(void **state)
{
    (void)state;
    assert_int_equal(tv_compare_tsv(npm(), "versions/oracle/npm.tsv"), 5000);
}

/* node-semver's satisfies() answers false for an invalid range or version; we answer
 * CVD_EPARSE, so an error only ever stands for a "false" row. */
struct range_counts {
    int errors, trues;
};

static void range_row(const struct tv_row *row, void *ctx)
{
    struct range_counts *n = ctx;
    struct cvd_diag d = {0};
    int got = sat(row->b, row->a, &d);
    if (got == -1 && row->want == 0) {
        n->errors++;
        return;
    }
    if (got != row->want)
        fail_msg("%s: satisfies('%s', '%s') = %d, want %d (%s)", row->where, row->b, row->a, got,
                 row->want, d.msg);
    n->trues += row->want;
}

static void test_oracle_ranges(void **state)
{
    (void)state;
    struct range_counts n = {0, 0};
    assert_int_equal(tv_rows("versions/oracle/npm-range.tsv", TV_TSV, range_row, &n), 5000);
    assert_int_equal(n.errors, 0); /* every oracle range and version is valid */
    assert_true(n.trues > 1000);
}

static void test_real_ranges_parse(void **state)
{
    (void)state;
    size_t len;
    char *buf = tv_slurp("versions/ranges-real/npm-ranges-real.txt", &len);
    char *cur = buf;
    int rows = 0;
    for (char *line; (line = tv_next_line(&cur, buf + len)) != NULL; rows++) {
        struct cvd__npm_range r;
        struct cvd_diag d = {0};
        if (cvd__npm_range_parse(cvd_str_from_cstr(line), &r, &d) != 0)
            fail_msg("real range '%s' rejected: %s", line, d.msg);
    }
    free(buf);
    assert_int_equal(rows, 479); /* semver 7.8.5 accepts all 479 */
}

/* matching.md §3.1, by name: (range, version, expected) around each desugared bound. */
static void test_desugaring(void **state)
{
    (void)state;
    static const struct {
        const char *range, *version;
        int want;
    } rows[] = {
        /* "*", "x", "" -> any version, still under the pre-release rule */
        {"*", "1.0.0", 1},
        {"*", "1.0.0-alpha", 0},
        {"x", "0.0.0", 1},
        {"", "999.0.0", 1},
        {"", "1.0.0-alpha", 0},
        /* 1.x / 1 -> >=1.0.0 <2.0.0-0 */
        {"1.x", "1.0.0", 1},
        {"1.x", "1.99.99", 1},
        {"1.x", "2.0.0-0", 0},
        {"1.x", "0.9.9", 0},
        {"1", "1.5.0", 1},
        {"1", "2.0.0", 0},
        /* 1.2.x -> >=1.2.0 <1.3.0-0 */
        {"1.2.x", "1.2.0", 1},
        {"1.2.x", "1.3.0", 0},
        {"1.2.X", "1.2.9", 1},
        {"1.2.*", "1.1.9", 0},
        /* ~1.2.3 -> >=1.2.3 <1.3.0-0; ~1.2; ~1 */
        {"~1.2.3", "1.2.3", 1},
        {"~1.2.3", "1.2.99", 1},
        {"~1.2.3", "1.3.0", 0},
        {"~1.2.3", "1.2.2", 0},
        {"~1.2", "1.2.0", 1},
        {"~1.2", "1.3.0", 0},
        {"~1", "1.9.0", 1},
        {"~1", "2.0.0", 0},
        {"~>1.2", "1.2.5", 1},
        /* ^1.2.3 -> >=1.2.3 <2.0.0-0; ^0.2.3; ^0.0.3; ^0.0; ^0.x */
        {"^1.2.3", "1.9.9", 1},
        {"^1.2.3", "2.0.0", 0},
        {"^1.2.3", "1.2.2", 0},
        {"^0.2.3", "0.2.9", 1},
        {"^0.2.3", "0.3.0", 0},
        {"^0.0.3", "0.0.3", 1},
        {"^0.0.3", "0.0.4", 0},
        {"^0.0", "0.0.9", 1},
        {"^0.0", "0.1.0", 0},
        {"^0.x", "0.9.0", 1},
        {"^0.x", "1.0.0", 0},
        /* <1.2 -> <1.2.0-0 */
        {"<1.2", "1.1.9", 1},
        {"<1.2", "1.2.0", 0},
        {"<1.2", "1.2.0-0", 0},
        /* hyphen ranges: missing parts of A are 0, partial B is "<" the next */
        {"1.2.3 - 2.3.4", "2.3.4", 1},
        {"1.2.3 - 2.3.4", "2.3.5", 0},
        {"1.2.3 - 2.3", "2.3.9", 1},
        {"1.2.3 - 2.3", "2.4.0", 0},
        {"1.2 - 2", "1.2.0", 1},
        {"1.2 - 2", "1.1.9", 0},
        {"1.2 - 2", "2.9.9", 1},
        {"1.2 - 2", "3.0.0", 0},
        /* >1.2 -> >=1.3.0; <=1.2 -> <1.3.0-0; =1.2 -> >=1.2.0 <1.3.0-0 */
        {">1.2", "1.2.9", 0},
        {">1.2", "1.3.0", 1},
        {"<=1.2", "1.2.9", 1},
        {"<=1.2", "1.3.0", 0},
        {"=1.2", "1.2.5", 1},
        {"=1.2", "1.3.0", 0},
        /* || is OR, whitespace is AND; whitespace after an operator; leading v and = */
        {"<1.0.0 || >=2.0.0", "1.5.0", 0},
        {"<1.0.0 || >=2.0.0", "2.0.0", 1},
        {">=1.0.0 <2.0.0", "1.5.0", 1},
        {">= 1.2.3", "1.2.3", 1},
        {"<  2.0.5", "2.0.4", 1},
        {"< 2.0.5", "2.0.5", 0},
        {"v1.2.3", "1.2.3", 1},
        {"=1.2.3", "1.2.3", 1},
        {"=v1.2.3", "1.2.3", 1},
        {">=v1.2.3", "1.2.4", 1},
        {"1.2.3", "v1.2.3", 1},
        {"  1.2.3  ", " 1.2.3 ", 1},
        {"2.1.0-M1 || 2.1.0-M2", "2.1.0-M2", 1},
        {"<0.0.0", "0.0.0", 0},
        /* build metadata is stripped from ranges and ignored in versions */
        {"1.2.3+build", "1.2.3", 1},
        {"1.2.3", "1.2.3+other", 1},
        /* the pre-release rule */
        {">=1.0.0 <2", "2.0.0-rc1", 0},
        {"^1.2.3", "1.2.4-beta", 0},
        {">=1.0.0-alpha <2", "1.0.1-alpha", 0},
        {">=1.0.0-alpha <2", "1.0.0-alpha", 1},
        {">=1.0.0-alpha <2", "1.0.0-beta", 1},
        {"^1.2.3-pr.1", "1.2.3-pr.2", 1},
        {"^1.2.3-pr.1", "1.2.4-alpha", 0},
        {"~1.2.3-beta.2", "1.2.3-beta.4", 1},
        /* "x || pre" is just "x": a set that is any swallows the others */
        {"x || 10.9.0-pre", "10.9.0-pre", 0},
        {"1.x || 10.9.0-pre", "10.9.0-pre", 1},
        /* ">=0.0.0" is any, not a comparator */
        {">=0.0.0 <=0.0.0-z", "0.0.0-x", 1},
        {">=v0.0.0 <=0.0.0-z", "0.0.0-x", 0},
        /* numbers up to 2^53 - 1 */
        {"9007199254740991.0.0", "9007199254740991.0.0", 1},
        {"^9007199254740990.1.1", "9007199254740990.5.0", 1},
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
        expect_sat(rows[i].range, rows[i].version, rows[i].want);
}

static void test_errors(void **state)
{
    (void)state;
    expect_range_error("1.2.3.4", CVD_EPARSE, "'1.2.3.4' is not a comparator");
    expect_range_error(">=01.2.3", CVD_EPARSE, "not a comparator");
    expect_range_error(">= <1", CVD_EPARSE, "'>='");
    expect_range_error("1.2.3 - ", CVD_EPARSE, "'-'");
    expect_range_error("^9007199254740991.0.0", CVD_EPARSE, "plus one is greater than 2^53 - 1");
    expect_range_error("9007199254740992.0.0", CVD_EPARSE, "greater than 2^53 - 1");
    expect_range_error("1.x.3", CVD_EPARSE, "not a comparator");
    /* limits */
    char big[2048];
    memset(big, '1', sizeof(big) - 1);
    big[sizeof(big) - 1] = '\0';
    expect_range_error(big, CVD_ELIMIT, "longer than 1024 bytes");
    char sets[256] = "";
    for (int i = 0; i < 33; i++)
        strcat(sets, i ? "||1" : "1");
    expect_range_error(sets, CVD_ELIMIT, "more than 32 sets");
    char comps[512] = "";
    for (int i = 0; i < 33; i++)
        strcat(comps, "1.x ");
    expect_range_error(comps, CVD_ELIMIT, "more than 64 comparators");
    /* versions */
    struct cvd_diag d = {0};
    assert_int_equal(sat("1.2", "*", &d), -1);
    assert_non_null(strstr(d.msg, "'1.2'"));
    assert_non_null(strstr(d.msg, "MAJOR.MINOR.PATCH"));
    assert_int_equal(cmp("1.0.0", "9007199254740992.0.0", &d), 99);
    assert_non_null(strstr(d.msg, "2^53 - 1"));
    assert_int_equal(cmp("=1.0.0", "1.0.0", &d), 99);
    char longv[300];
    memset(longv, '1', sizeof(longv) - 1);
    longv[sizeof(longv) - 1] = '\0';
    assert_int_equal(cmp(longv, "1.0.0", &d), 99);
    assert_non_null(strstr(d.msg, "longer than 256 bytes"));
}

static void test_compare_edges(void **state)
{
    (void)state;
    struct cvd_diag d = {0};
    assert_int_equal(cmp("v1.2.3", "1.2.3", &d), 0);
    assert_int_equal(cmp("1.0.0+a", "1.0.0+b", &d), 0);
    assert_int_equal(cmp("1.0.0-alpha", "1.0.0-alpha.1", &d), -1);
    assert_int_equal(cmp("1.0.0-2", "1.0.0-10", &d), -1);
    /* long numeric pre-release identifiers compare as JavaScript doubles */
    assert_int_equal(cmp("1.0.0-9007199254740993", "1.0.0-9007199254740992", &d), 0);
    assert_int_equal(cmp("1.0.0-19007199254740993", "1.0.0-9007199254740992", &d), 1);
}

static void test_compiled_range_reuse(void **state)
{
    (void)state;
    struct cvd__npm_range r;
    struct cvd_diag d = {0};
    assert_int_equal(cvd__npm_range_parse(CVD_STR(">=1.2.7 <1.3.0 || ^2"), &r, &d), 0);
    static const struct {
        const char *v;
        bool want;
    } rows[] = {{"1.2.7", true}, {"1.2.8", true},  {"1.3.0", false},
                {"2.5.0", true}, {"3.0.0", false}, {"2.0.0-rc.1", false}};
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        struct cvd__npm_version v;
        assert_int_equal(cvd__npm_version_parse(cvd_str_from_cstr(rows[i].v), &v, &d), 0);
        if (cvd__npm_range_test(&r, &v) != rows[i].want)
            fail_msg("'%s' against the compiled range: want %d", rows[i].v, rows[i].want);
    }
}

static void test_no_allocation(void **state)
{
    (void)state;
    cvd_alloc_fail_at(1);
    expect_sat(">=1.0.0-alpha <2 || ~3.1 || 4.x - 5", "4.1.0", 1);
    struct cvd_diag d = {0};
    assert_int_equal(cmp("1.0.0-beta.11", "1.0.0-beta.2", &d), 1);
    assert_int_equal(cvd_alloc_count(), 0);
    cvd_alloc_fail_at(0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_oracle_compare),
        cmocka_unit_test(test_oracle_ranges),
        cmocka_unit_test(test_real_ranges_parse),
        cmocka_unit_test(test_desugaring),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_compare_edges),
        cmocka_unit_test(test_compiled_range_reuse),
        cmocka_unit_test(test_no_allocation),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
