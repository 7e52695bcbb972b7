/* vers/maven: every line of the Maven 3.8.7 oracle (maven.tsv) and the osv-scalibr Maven
 * fixtures, the edge cases of matching.md §3.5 by name, the item limit, what is rejected, and
 * that comparing allocates nothing. */
#include "test-vers-util.h"

#include "vers/maven-int.h"

static const struct cvd_version_scheme *scheme(void)
{
    return tv_scheme("Maven");
}

static int cmp(const char *a, const char *b)
{
    return tv_order(scheme(), a, b);
}

static void oracle_tsv(void **state)
{
    (void)state;
    tv_run_tsv("versions/oracle/maven.tsv", cmp);
}

/* The fixture lines on which Maven 3.8.7 answers differently (the fixtures were generated with a
 * later Maven), as answered by Maven 3.8.7 itself: oracle/maven-3.8.7-vs-osv-scalibr.tsv. */
static size_t load_known(const char *file, struct tv_edge *out, size_t max)
{
    static char store[64][2][256];
    size_t len;
    char *buf = tv_slurp("versions/oracle/maven-3.8.7-vs-osv-scalibr.tsv", &len);
    char *cur = buf;
    size_t n = 0;
    for (char *line; (line = tv_next_line(&cur, buf + len)) != NULL;) {
        if (line[0] == '#')
            continue;
        char *col[5];
        col[0] = line;
        for (int k = 1; k < 5; k++) {
            col[k] = strchr(col[k - 1], '\t');
            assert_non_null(col[k]);
            *col[k]++ = '\0';
        }
        if (strcmp(col[0], file) != 0)
            continue;
        assert_true(n < max && n < 64);
        snprintf(store[n][0], sizeof(store[n][0]), "%s", col[1]);
        snprintf(store[n][1], sizeof(store[n][1]), "%s", col[2]);
        out[n] = (struct tv_edge){"maven 3.8.7 answer", store[n][0], store[n][1],
                                  (int)strtol(col[4], NULL, 10)};
        n++;
    }
    free(buf);
    return n;
}

static void scalibr_fixtures(void **state)
{
    (void)state;
    static const char *const files[] = {"maven-versions.txt", "maven-versions-generated.txt"};
    size_t total = 0;
    for (size_t i = 0; i < 2; i++) {
        struct tv_edge known[64];
        size_t n = load_known(files[i], known, 64);
        char rel[128];
        snprintf(rel, sizeof(rel), "versions/osv-scalibr/%s", files[i]);
        tv_run_fixture_known(rel, cmp, known, n);
        total += n;
    }
    /* Among them 1-1 > 1-ga-1: 3.8.7 parses 1-ga-1 as [1, [[1]]]. */
    assert_int_equal(total, 19);
    assert_int_equal(cmp("1-1", "1-ga-1"), 1);
}

/* matching.md §3.5, by name. */
static const struct tv_edge edges[] = {
    {"trailing zeros are null", "1.0.0", "1", 0},
    {"ga is release", "1-ga", "1", 0},
    {"final is release", "1.0.FINAL", "1", 0},
    {"release is release", "1.0.RELEASE", "1", 0},
    {"case-insensitive", "1.0-RC1", "1.0-rc1", 0},
    {"cr is rc", "1.0-cr1", "1.0-rc1", 0},
    {"a before digit is alpha", "1a1", "1-alpha-1", 0},
    {"b before digit is beta", "1b1", "1-beta-1", 0},
    {"m before digit is milestone", "1m1", "1-milestone-1", 0},
    {"a alone is unknown", "1-a", "1-alpha", 1},
    {"digit-letter transition is a list", "1.0alpha1", "1.0-alpha-1", 0},
    {"alpha before beta", "1-alpha", "1-beta", -1},
    {"beta before milestone", "1-beta", "1-milestone", -1},
    {"milestone before rc", "1-milestone", "1-rc", -1},
    {"rc before snapshot", "1-rc", "1-SNAPSHOT", -1},
    {"snapshot before release", "1-SNAPSHOT", "1", -1},
    {"release before sp", "1", "1-sp", -1},
    {"sp before unknown", "1-sp", "1-foo", -1},
    {"unknown lexical", "1-bar", "1-foo", -1},
    {"unknown before number", "1-foo", "1-1", -1},
    {"list before next number", "1-1", "1.1", -1},
    {"1.0.1 after 1.0-sp", "1.0.1", "1.0-sp", 1},
    {"int after string", "1.1", "1.foo", 1},
    {"missing int is 0", "1.0.0.0.1", "1", 1},
    {"null items before a list are trimmed", "1.0-1", "1-1", 0},
    {"null qualifier before a list trimmed, nesting stays", "1-ga-1", "1-1", -1},
    {"leading zeros", "1.01", "1.1", 0},
    {"arbitrary size integers", "1.99999999999999999999999999", "1.100000000000000000000000000",
     -1},
    {"longer than long", "1.1234567890123456789", "1.1234567890123456788", 1},
    {"empty component is 0", "1..1", "1.0.1", 0},
    {"leading dash", "-1", "0-1", 0},
    {"trailing dash", "1-", "1", 0},
    {"snapshot of a release before it", "1.0.5-2-SNAPSHOT", "1.0.5-2", -1},
    {"milestone spelled out", "2.0.0.M1", "2.0.0-milestone-1", 0},
    {"empty list vs release", "1-0", "1", 0},
};

static void edge_cases(void **state)
{
    (void)state;
    tv_run_edges(edges, sizeof(edges) / sizeof(edges[0]), cmp);
}

static const struct tv_reject rejected[] = {
    {"", "version string is empty"},
    {"1.0 beta", "printable ascii"},
    {"1.0\t", "printable ascii"},
    {"1.\xc3\xa9", "printable ascii"},
};

static void rejects(void **state)
{
    (void)state;
    tv_run_rejects(scheme(), rejected, sizeof(rejected) / sizeof(rejected[0]), "1.0");
}

/* CVD_MAVEN_MAX_ITEMS items fit; one more is CVD_ELIMIT with a message. */
static void item_limit(void **state)
{
    (void)state;
    char buf[2 * CVD_MAVEN_MAX_ITEMS + 8];
    size_t n = 0;
    for (int i = 0; i < CVD_MAVEN_MAX_ITEMS; i++) {
        buf[n++] = '1';
        buf[n++] = '.';
    }
    n--; /* exactly CVD_MAVEN_MAX_ITEMS items */
    int c = 9;
    struct cvd_diag diag = {0};
    assert_int_equal(
        cvd_version_compare(scheme(), (struct cvd_str){buf, n}, CVD_STR("1"), &c, &diag), 0);
    assert_int_equal(c, 1);
    buf[n++] = '.';
    buf[n++] = '1';
    assert_int_equal(
        cvd_version_compare(scheme(), CVD_STR("1"), (struct cvd_str){buf, n}, &c, &diag),
        CVD_ELIMIT);
    assert_int_equal(diag.code, CVD_ELIMIT);
    assert_non_null(strstr(diag.msg, "more than " CVD_MAVEN_MAX_ITEMS_TEXT " items"));
    assert_non_null(strstr(diag.msg, "'1.1.1"));
    /* Sub-list markers count too: "1-1-1-..." */
    n = 0;
    for (int i = 0; i < CVD_MAVEN_MAX_ITEMS; i++) {
        buf[n++] = '1';
        buf[n++] = '-';
    }
    assert_int_equal(
        cvd_version_compare(scheme(), (struct cvd_str){buf, n}, CVD_STR("1"), &c, &diag),
        CVD_ELIMIT);
}

static void not_nul_terminated(void **state)
{
    (void)state;
    tv_len_only(scheme(), "1.0-rc1XXXX", 7, "1.0-rc1");
}

static void no_allocation(void **state)
{
    (void)state;
    cvd_alloc_fail_at(1);
    assert_int_equal(cmp("1.0-alpha-1", "1.0"), -1);
    cvd_alloc_fail_at(0);
}

static void registry(void **state)
{
    (void)state;
    assert_string_equal(scheme()->name, "maven");
    assert_null(scheme()->satisfies);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(oracle_tsv),    cmocka_unit_test(scalibr_fixtures),
        cmocka_unit_test(edge_cases),    cmocka_unit_test(rejects),
        cmocka_unit_test(item_limit),    cmocka_unit_test(not_nul_terminated),
        cmocka_unit_test(no_allocation), cmocka_unit_test(registry),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
