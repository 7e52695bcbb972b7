/* vers/rpm: every line of the rpm oracle (rpm.tsv, python3-rpm labelCompare) through the scheme,
 * every line of osv-scalibr's redhat-versions.txt through the unvalidated whole-string compare,
 * rpmvercmp itself, the edge cases of matching.md §3.4 by name, the missing-release policy, what
 * is rejected, and the registry names. */
#include "test-vers-util.h"

#include "vers/rpm-int.h"

static const struct cvd_version_scheme *scheme(void)
{
    return tv_scheme("rpm");
}

/* Compare through the registry, both ways; fails the test on an error or asymmetry. */
static int cmp(const char *a, const char *b)
{
    return tv_order(scheme(), a, b);
}

static int label(const char *a, const char *b)
{
    int c = cvd__rpm_labelcmp(cvd_str_from_cstr(a), cvd_str_from_cstr(b));
    int back = cvd__rpm_labelcmp(cvd_str_from_cstr(b), cvd_str_from_cstr(a));
    if (back != -c)
        fail_msg("not antisymmetric: '%s' '%s' gives %d, reversed %d", a, b, c, back);
    return c;
}

static int vercmp(const char *a, const char *b)
{
    int c = cvd__rpmvercmp(a, strlen(a), b, strlen(b));
    if (cvd__rpmvercmp(b, strlen(b), a, strlen(a)) != -c)
        fail_msg("rpmvercmp not antisymmetric: '%s' '%s'", a, b);
    return c;
}

static void oracle_tsv(void **state)
{
    (void)state;
    tv_run_tsv("versions/oracle/rpm.tsv", cmp);
    /* The same answers without validation. */
    tv_run_tsv("versions/oracle/rpm.tsv", label);
}

/* redhat-versions.txt holds whole strings, many of them not valid EVRs ("+ = _", "a:1", UTF-8),
 * so it goes through the unvalidated compare. Its epoch lines ("3 < 1:2") and its release lines
 * ("1 < 1-") need rpm's EVR split: plain rpmvercmp gets those wrong (see whole_string_vercmp). */
static void scalibr_redhat(void **state)
{
    (void)state;
    tv_run_fixture("versions/osv-scalibr/redhat-versions.txt", label);
}

/* Plain rpmvercmp, no split, on the lines of redhat-versions.txt that do not involve an epoch
 * or a bare trailing '-'. */
static void whole_string_vercmp(void **state)
{
    (void)state;
    static const struct tv_edge e[] = {
        {"equal", "1.0", "1.0", 0},
        {"numbers", "2.0.1", "2.0", 1},
        {"letter after number", "2.0.1a", "2.0.1", 1},
        {"p-level", "5.5p10", "5.5p1", 1},
        {"alpha before number", "xyz.4", "8", -1},
        {"segment counts", "10xyz", "10.1xyz", -1},
        {"rc segment is newer", "6.0.rc1", "6.0", 1},
        {"leading zeros", "10.0001", "10.1", 0},
        {"separators equivalent", "2_0", "2.0", 0},
        {"only separators", "+", "_", 0},
        {"tilde", "1.0~rc1", "1.0", -1},
        {"tilde tilde", "1.0~rc1~git123", "1.0~rc1", -1},
        {"caret empty", "1.0^", "1.0", 1},
        {"caret before next", "1.0^git1", "1.01", -1},
        {"caret then tilde", "1.0^git1~pre", "1.0^git1", -1},
        {"non-ascii is a separator", "1.1.\xce\xb1", "1.1.\xce\xb2", 0},
        {"non-ascii before letters", "1.1.\xce\xb1", "1.1.a", -1},
        {"no split: colon is a separator", "1:2", "1.2", 0},
        {"no split: epoch not numeric", "3", "1:2", 1},
        {"no split: trailing hyphen", "1", "1-", 0},
        {"case-sensitive letters", "1.0A", "1.0a", -1},
        {"long numbers", "1.123456789012345678901234567890", "1.123456789012345678901234567891",
         -1},
    };
    tv_run_edges(e, sizeof(e) / sizeof(e[0]), vercmp);
}

/* matching.md §3.4, by name, through the validating scheme. */
static const struct tv_edge edges[] = {
    {"all separators equivalent", "1.0-1", "1_0-1", 0},
    {"plus is a separator", "1+0-1", "1.0-1", 0},
    {"tilde before release", "1.0~rc1-1", "1.0-1", -1},
    {"caret after base", "1.0^post1-1", "1.0-1", 1},
    {"caret before next version", "1.0^post1-1", "1.0.1-1", -1},
    {"letter segment makes newer", "1.0a-1", "1.0-1", 1},
    {"numeric not lexical", "10-1", "9-1", 1},
    {"leading zeros", "1.01-1", "1.1-1", 0},
    {"el9_6.1 after el9_6", "1-1.el9_6.1", "1-1.el9_6", 1},
    {"module release plain rpmvercmp", "1-1.module+el8.5.0+123+abc", "1-1.module+el8.4.0+999+abc",
     1},
    {"missing epoch is 0", "0:1.0-1", "1.0-1", 0},
    {"epoch leading zeros", "007:1-1", "7:1-1", 0},
    {"epoch wins", "1:0.1-1", "9.9-9", 1},
    {"epoch numeric", "10:1-1", "9:1-1", 1},
    {"release after last hyphen", "1.0-1.el9", "1.0-1.el8", 1},
    {"version before release", "1.1-1", "1.0-9", 1},
    {"numeric beats alpha segment", "1.1-1", "1.a-1", 1},
    {"numbers beyond 64 bits", "1.99999999999999999999999-1", "1.100000000000000000000000-1", -1},
    {"missing release before any release", "1.0", "1.0-1", -1},
    {"missing release before release 0", "1.0", "1.0-0", -1},
    {"missing releases equal", "1.0", "1.0", 0},
    {"missing release, newer version", "1.1", "1.0-9", 1},
};

static void edge_cases(void **state)
{
    (void)state;
    tv_run_edges(edges, sizeof(edges) / sizeof(edges[0]), cmp);
}

static const struct tv_reject rejected[] = {
    {"", "version string is empty"},
    {":1-1", "epoch is empty"},
    {"1:", "version is empty"},
    {"1:-1", "version is empty"},
    {"-1", "version is empty"},
    {"1.0-", "release is empty"},
    {"1-2-3", "version contains '-'"},
    {"a:1-1", "epoch is not a number"},
    {"1:2:3-1", "epoch is not a number"},
    {"1.0 -1", "invalid character"},
    {"1.0-1\xce\xb1", "invalid character"},
    {"1,0-1", "invalid character"},
    {"1.0-1/2", "invalid character"},
};

static void rejects(void **state)
{
    (void)state;
    size_t n = sizeof(rejected) / sizeof(rejected[0]);
    tv_run_rejects(scheme(), rejected, n, "1.0-1");
    for (size_t i = 0; i < n; i++)
        assert_int_equal(cvd__rpm_check(cvd_str_from_cstr(rejected[i].v), NULL), CVD_EPARSE);
    assert_int_equal(cvd__rpm_check(CVD_STR("0:a_b+c~d^e.f-1"), NULL), 0);
}

static void not_nul_terminated(void **state)
{
    (void)state;
    tv_len_only(scheme(), "1.0-1XXXX", 5, "1.0-1");
    int c = 9;
    const char nul[] = "1.0\0-1";
    assert_int_equal(
        cvd_version_compare(scheme(), (struct cvd_str){nul, 6}, CVD_STR("1.0-1"), &c, NULL),
        CVD_EPARSE);
}

static void no_allocation(void **state)
{
    (void)state;
    cvd_alloc_fail_at(1);
    assert_int_equal(cmp("1:2.3~rc1-4.el9", "1:2.3-4.el9"), -1);
    cvd_alloc_fail_at(0);
}

static void registry(void **state)
{
    (void)state;
    static const char *const names[] = {"rpm",  "AlmaLinux", "Rocky Linux", "Red Hat",  "openSUSE",
                                        "SUSE", "fedora",    "Mageia",      "Photon OS"};
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        if (cvd_version_scheme_find(cvd_str_from_cstr(names[i])) != scheme())
            fail_msg("'%s' is not the rpm scheme", names[i]);
    }
    assert_string_equal(scheme()->name, "rpm");
    assert_null(scheme()->satisfies);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(oracle_tsv),
        cmocka_unit_test(scalibr_redhat),
        cmocka_unit_test(whole_string_vercmp),
        cmocka_unit_test(edge_cases),
        cmocka_unit_test(rejects),
        cmocka_unit_test(not_nul_terminated),
        cmocka_unit_test(no_allocation),
        cmocka_unit_test(registry),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
