/* vers/alpine: every line of the osv-scalibr Alpine fixtures through the lenient comparison,
 * and every line whose two versions are valid through the scheme (all of the generated file,
 * which holds real versions from OSV records); the edge cases of matching.md §3.8 by name; what
 * the scheme rejects; the lenient rules for invalid strings by name. */
#include "test-vers-util.h"

#include "vers/alpine-int.h"

static const struct cvd_version_scheme *scheme(void)
{
    return tv_scheme("Alpine");
}

static int cmp(const char *a, const char *b)
{
    return tv_order(scheme(), a, b);
}

static int lenient(const char *a, const char *b)
{
    int c = cvd__apk_compare_lenient(cvd_str_from_cstr(a), cvd_str_from_cstr(b));
    int back = cvd__apk_compare_lenient(cvd_str_from_cstr(b), cvd_str_from_cstr(a));
    if (back != -c)
        fail_msg("lenient not antisymmetric: '%s' '%s' gives %d, reversed %d", a, b, c, back);
    return c;
}

static int scheme_lines, skipped_lines;

/* Through the scheme when both are valid; otherwise the scheme must refuse one of them, and
 * the answer expected by the fixture is returned so the line counts as checked elsewhere. */
static int scheme_if_valid(const char *a, const char *b)
{
    int va = cvd__apk_check(cvd_str_from_cstr(a), NULL) == 0;
    int vb = cvd__apk_check(cvd_str_from_cstr(b), NULL) == 0;
    if (va && vb) {
        scheme_lines++;
        return cmp(a, b);
    }
    skipped_lines++;
    int c = 0;
    assert_int_equal(
        cvd_version_compare(scheme(), cvd_str_from_cstr(a), cvd_str_from_cstr(b), &c, NULL),
        CVD_EPARSE);
    return lenient(a, b);
}

static void scalibr_lenient(void **state)
{
    (void)state;
    tv_run_fixture("versions/osv-scalibr/alpine-versions.txt", lenient);
    tv_run_fixture("versions/osv-scalibr/alpine-versions-generated.txt", lenient);
}

static void scalibr_scheme(void **state)
{
    (void)state;
    scheme_lines = skipped_lines = 0;
    tv_run_fixture("versions/osv-scalibr/alpine-versions-generated.txt", scheme_if_valid);
    /* Real versions: every one is valid. */
    assert_int_equal(skipped_lines, 0);
    assert_int_equal(scheme_lines, 13979);
    scheme_lines = skipped_lines = 0;
    tv_run_fixture("versions/osv-scalibr/alpine-versions.txt", scheme_if_valid);
    print_message("alpine-versions.txt: %d lines through the scheme, %d with an invalid version\n",
                  scheme_lines, skipped_lines);
    assert_true(scheme_lines > 700);
}

/* matching.md §3.8, by name. */
static const struct tv_edge edges[] = {
    {"first component numeric", "10.0", "9.0", 1},
    {"later components numeric", "1.10", "1.9", 1},
    {"fraction rule: leading zero compares as string", "1.05", "1.1", -1},
    {"fraction rule: 1.010 before 1.02", "1.010", "1.02", -1},
    {"fraction rule: 1.001 before 1.01", "1.001", "1.01", -1},
    {"first component leading zeros numeric", "01.0", "1.0", 0},
    {"missing component sorts lower", "1.2", "1.2.1", -1},
    {"missing component sorts lower than 0", "1.2", "1.2.0", -1},
    {"fewer components, letter", "1.2a", "1.2.0", -1},
    {"fewer components, post suffix", "1.2_p1", "1.2.0", -1},
    {"fraction rule stays transitive", "0.0", "0.00", -1},
    {"no letter before letter", "1.2", "1.2a", -1},
    {"letters lexical", "1.2a", "1.2b", -1},
    {"letter after more components", "1.2a", "1.2.1", -1},
    {"letter number", "6.6.2p1", "6.6.2p2", -1},
    {"letter without number first", "6.6.2p", "6.6.2p1", -1},
    {"alpha before beta", "1.0_alpha", "1.0_beta", -1},
    {"beta before pre", "1.0_beta", "1.0_pre", -1},
    {"pre before rc", "1.0_pre", "1.0_rc", -1},
    {"rc before none", "1.0_rc1", "1.0", -1},
    {"none before cvs", "1.0", "1.0_cvs", -1},
    {"cvs before svn", "1.0_cvs", "1.0_svn", -1},
    {"svn before git", "1.0_svn", "1.0_git", -1},
    {"git before hg", "1.0_git", "1.0_hg", -1},
    {"hg before p", "1.0_hg", "1.0_p", -1},
    {"suffix numbers numeric", "1.0_rc10", "1.0_rc9", 1},
    {"suffix without number is 0", "1.0_rc", "1.0_rc0", 0},
    {"several suffixes", "1.0_alpha1_p2", "1.0_alpha1", 1},
    {"several suffixes, pre-release second", "1.0_p1_rc1", "1.0_p1", -1},
    {"letter before suffix", "6.6.2p1", "6.6.2_p1", 1},
    {"hash ignored", "1.0~abc123", "1.0~def456", 0},
    {"hash then revision", "1.0~abc-r2", "1.0-r1", 1},
    {"missing revision is r0", "1.0", "1.0-r0", 0},
    {"revision numeric", "1.0-r10", "1.0-r9", 1},
    {"revision leading zeros", "1-r01", "1-r1", 0},
    {"revision after suffixes", "1.0_rc1-r5", "1.0-r0", -1},
    {"numbers beyond 64 bits", "1.99999999999999999999999", "1.100000000000000000000000", -1},
};

static void edge_cases(void **state)
{
    (void)state;
    tv_run_edges(edges, sizeof(edges) / sizeof(edges[0]), cmp);
}

/* The lenient comparison's rules for invalid strings, by name. */
static const struct tv_edge lenient_edges[] = {
    {"osv-scalibr: a missing component is 0", "1.2", "1.2.0", 0},
    {"both invalid: byte order", "a", "b", -1},
    {"both invalid: equal bytes", "c", "c", 0},
    {"valid beats the same version with junk", "1", "1-ruff", 1},
    {"unknown suffix is junk", "1.2", "1.2_blah", 1},
    {"empty revision number is r0", "1-r", "1-r0", 0},
    {"leading dot", ".1", "1", -1},
    {"upper-case letter is junk", "1.2.0A", "1.2.0d", -1},
};

static void lenient_cases(void **state)
{
    (void)state;
    tv_run_edges(lenient_edges, sizeof(lenient_edges) / sizeof(lenient_edges[0]), lenient);
}

static const struct tv_reject rejected[] = {
    {"", "version string is empty"},
    {"a", "a numeric component is expected"},
    {".1", "a numeric component is expected"},
    {"1..2", "'.' must be followed by a number component"},
    {"1.", "'.' must be followed by a number component"},
    {"1.2_blah", "unknown suffix"},
    {"1.2_", "unknown suffix"},
    {"1.0~", "commit hash"},
    {"1.0~XYZ", "commit hash"},
    {"1-ruff", "revision '-r' needs a number"},
    {"1-r", "revision '-r' needs a number"},
    {"1-2", "'-' must start a revision"},
    {"1.2.0A", "unexpected character"},
    {"1.0bc", "unexpected character"},
    {"1.0-r1-r2", "unexpected character"},
    {"1.0 ", "unexpected character"},
};

static void rejects(void **state)
{
    (void)state;
    tv_run_rejects(scheme(), rejected, sizeof(rejected) / sizeof(rejected[0]), "1.0");
}

static void not_nul_terminated(void **state)
{
    (void)state;
    tv_len_only(scheme(), "1.0-r1XXXX", 6, "1.0-r1");
}

static void no_allocation(void **state)
{
    (void)state;
    cvd_alloc_fail_at(1);
    assert_int_equal(cmp("1.2.3_rc1-r0", "1.2.3-r0"), -1);
    assert_int_equal(lenient("x", "1"), -1);
    cvd_alloc_fail_at(0);
}

static void registry(void **state)
{
    (void)state;
    assert_string_equal(scheme()->name, "alpine");
    assert_null(scheme()->satisfies);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(scalibr_lenient), cmocka_unit_test(scalibr_scheme),
        cmocka_unit_test(edge_cases),      cmocka_unit_test(lenient_cases),
        cmocka_unit_test(rejects),         cmocka_unit_test(not_nul_terminated),
        cmocka_unit_test(no_allocation),   cmocka_unit_test(registry),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
