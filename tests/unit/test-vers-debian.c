/* vers/debian: every line of the dpkg oracle (debian.tsv) and the osv-scalibr Debian fixtures,
 * the edge cases of matching.md §3.3 by name, what is rejected and why, antisymmetry, and the
 * registry names "debian" and "ubuntu". */
#include "test-vers-util.h"

#include "vers/debian-int.h"

static const struct cvd_version_scheme *scheme(void)
{
    return tv_scheme("debian");
}

/* Compare through the registry; fails the test on an error. */
static int cmp(const char *a, const char *b)
{
    return tv_order(scheme(), a, b);
}

static void oracle_tsv(void **state)
{
    (void)state;
    tv_run_tsv("versions/oracle/debian.tsv", cmp);
}

static void scalibr_fixtures(void **state)
{
    (void)state;
    tv_run_fixture("versions/osv-scalibr/debian-versions.txt", cmp);
    tv_run_fixture("versions/osv-scalibr/debian-versions-generated.txt", cmp);
}

/* matching.md §3.3, by name. */
static const struct tv_edge edges[] = {
    {"tilde before end of string", "1.0~rc1", "1.0", -1},
    {"double tilde before single tilde", "1.0~~", "1.0~", -1},
    {"tilde before everything", "1.0~", "1.0", -1},
    {"letters before plus", "1.0a", "1.0+", -1},
    {"letters before dot", "1.0a", "1.0.", -1},
    {"end of string before letters", "1.0", "1.0a", -1},
    {"leading zeros ignored", "1.0", "1.00", 0},
    {"missing epoch is zero", "0:1.0", "1.0", 0},
    {"missing revision equals revision 0", "1.0", "1.0-0", 0},
    {"revision 00 equals 0", "1.0-00", "1.0-0", 0},
    {"plus deb after nothing", "1.0-1+deb12u1", "1.0-1", 1},
    {"tilde deb before nothing", "1.0-1~deb12u1", "1.0-1", -1},
    {"binNMU after original", "2.3-4+b1", "2.3-4", 1},
    {"ubuntu suffix after debian revision", "1.2-3ubuntu0.1", "1.2-3", 1},
    {"backport before release", "1.2-3~bpo11+1", "1.2-3", -1},
    {"plus really", "2.0+really1.9-1", "2.0-1", 1},
    {"dfsg repack", "1.0+dfsg-1", "1.0-1", 1},
    {"epoch wins over upstream", "1:0.1", "9.9", 1},
    {"epoch compared numerically", "10:1", "9:1", 1},
    {"epoch leading zeros", "007:1", "7:1", 0},
    {"revision after last hyphen", "1.0-2-3", "1.0-2-10", -1},
    {"hyphen in upstream", "1.0-2-3", "1.0-3", 1},
    {"colon in upstream after epoch", "1:2:3-1", "1:2:4-1", -1},
    {"digit runs compared numerically", "1.9", "1.10", -1},
    {"long digit runs", "1.123456789012345678901234567890", "1.123456789012345678901234567891", -1},
    {"longer digit run wins", "1.99999999999999999999", "1.100000000000000000000", -1},
    {"upper case letters before lower", "1.0A", "1.0a", -1},
    {"surrounding blanks trimmed", " \t1.0-1 ", "1.0-1", 0},
    {"prefix inside a digit run", "10", "100", -1},
    {"prefix then leading zeros", "1.01", "1.1", 0},
};

static void edge_cases(void **state)
{
    (void)state;
    tv_run_edges(edges, sizeof(edges) / sizeof(edges[0]), cmp);
}

/* What dpkg's parseversion refuses (errors and warnings alike: this scheme is strict). */
static const struct tv_reject rejected[] = {
    {"", "version string is empty"},
    {" \t ", "version string is empty"},
    {"1.0 1", "version string has embedded spaces"},
    {":1.0", "epoch in version is empty"},
    {"a:1.0", "epoch in version is empty"},
    {"1a:1.0", "epoch in version is not number"},
    {"-1:1.0", "epoch in version must be digits, no sign"},
    {"+1:1.0", "epoch in version must be digits, no sign"},
    {"2147483648:1", "epoch in version is too big"},
    {"99999999999:1", "epoch in version is too big"},
    {"1:", "nothing after colon in version number"},
    {"1.0-", "revision number is empty"},
    {"-1", "upstream version is empty"},
    {"1:-1", "upstream version is empty"},
    {"a1.0", "version number does not start with digit"},
    {"~1", "version number does not start with digit"},
    {"1.0_1", "invalid character in version number"},
    {"1.0\xc3\xa9", "invalid character in version number"},
    {"1:1.0-a:b", "invalid character in revision number"},
    {"1.0-a:b", "epoch in version is not number"},
    {"1.0-a_b", "invalid character in revision number"},
    {"1.0-1-", "revision number is empty"},
    {"1:1.0-a-b:c", "invalid character in revision number"},
    {"1:1.0-a:b_c", "invalid character in revision number"},
    {"1.0-a_b 1", "version string has embedded spaces"},
};

static void rejects(void **state)
{
    (void)state;
    size_t n = sizeof(rejected) / sizeof(rejected[0]);
    tv_run_rejects(scheme(), rejected, n, "1.0");
    for (size_t i = 0; i < n; i++)
        assert_int_equal(cvd__dpkg_check(cvd_str_from_cstr(rejected[i].v), NULL), CVD_EPARSE);
    /* Accepted at the limits. */
    assert_int_equal(cmp("2147483647:1", "2147483646:1"), 1);
    assert_int_equal(cvd__dpkg_check(CVD_STR("0:0"), NULL), 0);
    /* A colon before the last hyphen is part of the upstream version (epoch present). */
    assert_int_equal(cvd__dpkg_check(CVD_STR("1:1.0-a:b-c"), NULL), 0);
    assert_int_equal(cmp("1:1.0-a:b-c", "1:1.0-a-c"), 1);
}

/* Input is (ptr, len): bytes past len are never read, NUL inside is invalid. */
static void not_nul_terminated(void **state)
{
    (void)state;
    tv_len_only(scheme(), "1.0-1XXXX", 5, "1.0-1");
    int c = 9;
    const char nul[] = "1.0\0-1";
    assert_int_equal(
        cvd_version_compare(scheme(), (struct cvd_str){nul, 6}, CVD_STR("1.0"), &c, NULL),
        CVD_EPARSE);
}

static void no_allocation(void **state)
{
    (void)state;
    cvd_alloc_fail_at(1);
    assert_int_equal(cmp("1:2.3~rc1-4+deb12u1", "1:2.3-4"), -1);
    cvd_alloc_fail_at(0);
}

static void registry(void **state)
{
    (void)state;
    const struct cvd_version_scheme *u = cvd_version_scheme_find(CVD_STR("Ubuntu"));
    assert_ptr_equal(u, scheme());
    assert_string_equal(scheme()->name, "debian");
    assert_null(scheme()->satisfies);
    bool ok;
    assert_int_equal(cvd_version_satisfies(scheme(), CVD_STR("1"), CVD_STR("1"), &ok, NULL),
                     CVD_ENOTSUP);
}

static void verrevcmp_direct(void **state)
{
    (void)state;
    assert_true(cvd__dpkg_verrevcmp("", 0, "", 0) == 0);
    assert_true(cvd__dpkg_verrevcmp("~", 1, "", 0) < 0);
    assert_true(cvd__dpkg_verrevcmp("a", 1, "", 0) > 0);
    assert_true(cvd__dpkg_verrevcmp("0", 1, "", 0) == 0);
    assert_true(cvd__dpkg_verrevcmp("1", 1, "0", 1) > 0);
    assert_true(cvd__dpkg_verrevcmp("1.", 2, "1", 1) > 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(oracle_tsv),         cmocka_unit_test(scalibr_fixtures),
        cmocka_unit_test(edge_cases),         cmocka_unit_test(rejects),
        cmocka_unit_test(not_nul_terminated), cmocka_unit_test(no_allocation),
        cmocka_unit_test(registry),           cmocka_unit_test(verrevcmp_direct),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
