/* vers ranges: parsing, validation (sorting, duplicates, comparator sequences), canonical
 * form, membership with the generic scheme and with whichever ecosystem schemes are
 * registered, the scheme name map, errors, limits and out-of-memory paths; and the generic
 * scheme's ordering. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cvd/alloc.h"
#include "cvd/arena.h"
#include "cvd/err.h"
#include "cvd/str.h"
#include "cvd/vers.h"
#include "cvd/version.h"

struct cmp_row {
    const char *a;
    const char *b;
    int want;
};

static void test_generic_order(void **state)
{
    (void)state;
    static const struct cmp_row rows[] = {
        {"1.0", "1.0", 0},
        {"1.0", "1.0.0", 0},
        {"1.2.3", "1-2-3", 0},
        {"1.2.3", "1_2_3", 0},
        {"01.002", "1.2", 0},
        {"1.0", "1.0.1", -1},
        {"1.9", "1.10", -1},
        {"1.0rc1", "1.0", -1},
        {"1.0.alpha", "1.0", -1},
        {"1.0alpha", "1.0beta", -1},
        {"1.0RC1", "1.0rc1", 0},
        {"1.0rc1", "1.0rc2", -1},
        {"1.0.rc1", "1.0.1", -1},
        {"2.0", "10.0", -1},
        {"99999999999999999999999", "100000000000000000000000", -1},
        {"1.0a", "1.0.a", 0},
        {"v1.0", "1.0", -1},
        {"2024.01.05", "2024.1.5", 0},
        {"..", "0", 0},
    };
    const struct cvd_version_scheme *s = cvd_version_scheme_find(CVD_STR("generic"));
    assert_non_null(s);
    for (size_t i = 0; i < CVD_ARRAY_LEN(rows); i++) {
        int cmp = 99;
        struct cvd_diag d = {0};
        int rc = cvd_version_compare(s, cvd_str_from_cstr(rows[i].a), cvd_str_from_cstr(rows[i].b),
                                     &cmp, &d);
        if (rc != 0 || cmp != rows[i].want)
            fail_msg("generic '%s' vs '%s': want %d, got %d (rc %s %s)", rows[i].a, rows[i].b,
                     rows[i].want, cmp, cvd_err_name(rc), d.msg);
        /* antisymmetric */
        int back = 99;
        assert_int_equal(cvd_version_compare(s, cvd_str_from_cstr(rows[i].b),
                                             cvd_str_from_cstr(rows[i].a), &back, &d),
                         0);
        if (back != -rows[i].want)
            fail_msg("generic '%s' vs '%s' reversed: want %d, got %d", rows[i].b, rows[i].a,
                     -rows[i].want, back);
    }
    int cmp;
    struct cvd_diag d = {0};
    assert_int_equal(cvd_version_compare(s, CVD_STR(""), CVD_STR("1"), &cmp, &d), CVD_EPARSE);
    assert_non_null(strstr(d.msg, "must not be empty"));
    char big[1100];
    memset(big, '1', sizeof(big));
    assert_int_equal(
        cvd_version_compare(s, (struct cvd_str){big, sizeof(big)}, CVD_STR("1"), &cmp, &d),
        CVD_ELIMIT);
}

struct canon_row {
    const char *in;
    const char *canonical;
};

static void test_canonical(void **state)
{
    (void)state;
    static const struct canon_row rows[] = {
        {"vers:generic/1.0", "vers:generic/1.0"},
        {"vers:generic/*", "vers:generic/*"},
        {"vers:all/*", "vers:all/*"},
        {"vers:none/*", "vers:none/*"},
        {" vers : generic / >= 1.0 | < 2.0 ", "vers:generic/>=1.0|<2.0"},
        {"vers:generic/<2.0|>=1.0", "vers:generic/>=1.0|<2.0"},
        {"vers:generic/||>=1.0||<2.0||", "vers:generic/>=1.0|<2.0"},
        {"vers:generic/=1.0", "vers:generic/1.0"},
        {"vers:generic/!=1.5|>=1.0|<2.0", "vers:generic/>=1.0|!=1.5|<2.0"},
        {"vers:generic/1.0%7C2", "vers:generic/1.0%7C2"},
        {"vers:generic/>=1.0.0-beta1|<=1.7.5|>=7.0.0-M1|<=7.0.7",
         "vers:generic/>=1.0.0-beta1|<=1.7.5|>=7.0.0-M1|<=7.0.7"},
        /* an unknown scheme: syntax only, order kept */
        {"vers:nosuch/<2|>1", "vers:nosuch/<2|>1"},
    };
    for (size_t i = 0; i < CVD_ARRAY_LEN(rows); i++) {
        struct cvd_arena a;
        cvd_arena_init(&a, 0);
        struct cvd_vers v;
        struct cvd_diag d = {0};
        struct cvd_buf out;
        cvd_buf_init(&out, 0);
        int rc = cvd_vers_parse(&a, cvd_str_from_cstr(rows[i].in), 0, &v, &d);
        if (rc != 0)
            fail_msg("'%s': %s %s", rows[i].in, cvd_err_name(rc), d.msg);
        assert_int_equal(cvd_vers_format(&v, &out), 0);
        if (strcmp(out.ptr, rows[i].canonical) != 0)
            fail_msg("'%s': want '%s', got '%s'", rows[i].in, rows[i].canonical, out.ptr);
        cvd_buf_release(&out);
        cvd_arena_release(&a);
    }
}

struct err_row {
    const char *in;
    unsigned flags;
    int code;
    const char *msg;
};

static void test_errors(void **state)
{
    (void)state;
    static const struct err_row rows[] = {
        {"", 0, CVD_EPARSE, "must start with 'vers:'"},
        {"VERS:generic/1", 0, CVD_EPARSE, "must start with 'vers:'"},
        {"vers:generic", 0, CVD_EPARSE, "no '/' after the versioning scheme"},
        {"vers:/1", 0, CVD_EPARSE, "versioning scheme: must not be empty"},
        {"vers:Generic/1", 0, CVD_EPARSE, "versioning scheme 'Generic'"},
        {"vers:generic/", 0, CVD_EPARSE, "constraints: must not be empty"},
        {"vers:generic/|||", 0, CVD_EPARSE, "constraints: must not be empty"},
        {"vers:generic/*|1", 0, CVD_EPARSE, "'*' must be alone"},
        {"vers:generic/>=", 0, CVD_EPARSE, "constraint '>=': has no version"},
        {"vers:generic/>=1|<=", 0, CVD_EPARSE, "constraint '<=': has no version"},
        {"vers:generic/>=1%2", 0, CVD_EPARSE, "percent-escape"},
        {"vers:generic/>>1", 0, CVD_EPARSE, "must be percent-encoded"},
        {"vers:generic/1\x01", 0, CVD_EPARSE, "not printable ASCII"},
        {"vers:generic/1.0|1.0.0", 0, CVD_EDUP, "given twice"},
        {"vers:generic/>=1.0|!=1.0", 0, CVD_EDUP, "given twice"},
        {"vers:generic/<1|<2", 0, CVD_EPARSE, "must alternate"},
        {"vers:generic/>1|>=2", 0, CVD_EPARSE, "must alternate"},
        {"vers:generic/1|<2", 0, CVD_EPARSE, "cannot follow '1'"},
        {"vers:generic/<2|>=1", CVD_VERS_STRICT, CVD_EORDER, "must be sorted"},
        {"vers:none/1", 0, CVD_EPARSE, "only valid range is '*'"},
    };
    for (size_t i = 0; i < CVD_ARRAY_LEN(rows); i++) {
        struct cvd_arena a;
        cvd_arena_init(&a, 0);
        struct cvd_vers v;
        struct cvd_diag d = {0};
        int rc = cvd_vers_parse(&a, cvd_str_from_cstr(rows[i].in), rows[i].flags, &v, &d);
        if (rc != rows[i].code || strstr(d.msg, rows[i].msg) == NULL)
            fail_msg("'%s': want %s '%s', got %s '%s'", rows[i].in, cvd_err_name(rows[i].code),
                     rows[i].msg, cvd_err_name(rc), d.msg);
        cvd_arena_release(&a);
    }
}

struct in_row {
    const char *range;
    const char *version;
    bool want;
};

/* Rows for a scheme that is not registered yet are skipped (and counted). */
static void run_contains(const struct in_row *rows, size_t n, int *skipped)
{
    for (size_t i = 0; i < n; i++) {
        struct cvd_arena a;
        cvd_arena_init(&a, 0);
        struct cvd_vers v;
        struct cvd_diag d = {0};
        int rc = cvd_vers_parse(&a, cvd_str_from_cstr(rows[i].range), 0, &v, &d);
        if (rc != 0)
            fail_msg("'%s': %s %s", rows[i].range, cvd_err_name(rc), d.msg);
        bool in = !rows[i].want;
        rc = cvd_vers_contains(&v, cvd_str_from_cstr(rows[i].version), &in, &d);
        if (rc == CVD_ENOTFOUND && !v.star && v.impl == NULL) {
            (*skipped)++;
        } else if (rc != 0 || in != rows[i].want) {
            fail_msg("'%s' contains '%s': want %d, got %d (rc %s %s)", rows[i].range,
                     rows[i].version, rows[i].want, in, cvd_err_name(rc), d.msg);
        }
        cvd_arena_release(&a);
    }
}

static void test_contains(void **state)
{
    (void)state;
    static const struct in_row rows[] = {
        {"vers:generic/*", "7", true},
        {"vers:all/*", "7", true},
        {"vers:none/*", "7", false},
        {"vers:generic/1.0", "1.0", true},
        {"vers:generic/1.0", "1.0.0", true},
        {"vers:generic/1.0", "1.1", false},
        {"vers:generic/1.0|2.0", "2.0", true},
        {"vers:generic/!=1.0", "1.0", false},
        {"vers:generic/!=1.0", "1.1", true},
        {"vers:generic/<2.0", "1.9", true},
        {"vers:generic/<2.0", "2.0", false},
        {"vers:generic/<=2.0", "2.0", true},
        {"vers:generic/>2.0", "2.0", false},
        {"vers:generic/>2.0", "2.0.1", true},
        {"vers:generic/>=2.0", "2.0", true},
        {"vers:generic/>=1.0|<2.0", "0.9", false},
        {"vers:generic/>=1.0|<2.0", "1.0", true},
        {"vers:generic/>=1.0|<2.0", "1.5", true},
        {"vers:generic/>=1.0|<2.0", "2.0", false},
        {"vers:generic/>=1.0|!=1.5|<2.0", "1.5", false},
        {"vers:generic/>=1.0|!=1.5|<2.0", "1.6", true},
        /* two intervals and an open end */
        {"vers:generic/<1.0|>=2.0|<3.0|>=4.0", "0.5", true},
        {"vers:generic/<1.0|>=2.0|<3.0|>=4.0", "1.5", false},
        {"vers:generic/<1.0|>=2.0|<3.0|>=4.0", "2.5", true},
        {"vers:generic/<1.0|>=2.0|<3.0|>=4.0", "3.5", false},
        {"vers:generic/<1.0|>=2.0|<3.0|>=4.0", "4.0", true},
        {"vers:generic/<1.0|>=2.0|<3.0|>=4.0", "9", true},
        /* an "=" inside a gap */
        {"vers:generic/<1.0|1.5|>=2.0", "1.5", true},
        {"vers:generic/<1.0|1.5|>=2.0", "1.6", false},
        /* the vers-spec TomEE example */
        {"vers:generic/>=1.0.0-beta1|<=1.7.5|>=7.0.0-M1|<=7.0.7|>=7.1.0|<=7.1.2", "7.0.3", true},
        {"vers:generic/>=1.0.0-beta1|<=1.7.5|>=7.0.0-M1|<=7.0.7|>=7.1.0|<=7.1.2", "7.0.9", false},
        {"vers:generic/>=1.0.0-beta1|<=1.7.5|>=7.0.0-M1|<=7.0.7|>=7.1.0|<=7.1.2", "1.0.0", true},
        {"vers:generic/>=1.0.0-beta1|<=1.7.5|>=7.0.0-M1|<=7.0.7|>=7.1.0|<=7.1.2", "0.9", false},
    };
    int skipped = 0;
    run_contains(rows, CVD_ARRAY_LEN(rows), &skipped);
    assert_int_equal(skipped, 0);
}

/* Ecosystem schemes through the vers names that map to them; rows of a scheme not yet in
 * schemes.def are skipped, and the test says how many. */
static void test_contains_ecosystems(void **state)
{
    (void)state;
    static const struct in_row rows[] = {
        {"vers:deb/>=1:1.0-1|<1:2.0", "1:1.5-3", true},
        {"vers:deb/>=1:1.0-1|<1:2.0", "1.5-3", false},
        {"vers:deb/<1.0~rc1", "1.0~beta", true},
        {"vers:deb/>=2.0|<2.1", "2.0~rc1", false},
        {"vers:rpm/>=1.0-1|<1.2-1", "1.1-5.el9", true},
        {"vers:rpm/<1.0", "1.0~rc1", true},
        {"vers:gem/>=2.2.0|!=2.2.1|<2.3.0", "2.2.1", false},
        {"vers:gem/>=2.2.0|!=2.2.1|<2.3.0", "2.2.5", true},
        {"vers:gem/>=2.2.0|!=2.2.1|<2.3.0", "2.3.0.pre", true},
        {"vers:npm/>=1.0.0|<2.0.0", "1.5.0", true},
        {"vers:npm/>=1.0.0|<2.0.0", "2.0.0-rc.1", true},
        {"vers:npm/>=1.0.0|<2.0.0", "2.0.0", false},
        {"vers:semver/>=1.0.0|<2.0.0", "1.0.0-rc.1", false},
        {"vers:pypi/>=1.0|<2.0", "1.5.post1", true},
        {"vers:pypi/>=1.0|<2.0", "2.0rc1", true},
        {"vers:maven/>=1.0|<2.0", "2.0-SNAPSHOT", true},
        {"vers:golang/>=v1.2.0|<v1.3.0", "v1.2.9", true},
        {"vers:cargo/>=1.0.0|<1.1.0", "1.0.5", true},
        {"vers:composer/>=1.0|<2.0", "1.5", true},
        {"vers:nuget/>=1.0|<2.0", "1.5.0", true},
        {"vers:apk/>=1.0-r0|<1.2-r0", "1.1-r3", true},
    };
    int skipped = 0;
    run_contains(rows, CVD_ARRAY_LEN(rows), &skipped);
    print_message("ecosystem rows: %zu, skipped for schemes not registered yet: %d\n",
                  CVD_ARRAY_LEN(rows), skipped);
}

static void test_scheme_map(void **state)
{
    (void)state;
    static const struct {
        const char *vers;
        const char *cvd;
    } rows[] = {
        {"deb", "debian"},    {"gem", "rubygems"},    {"composer", "packagist"},
        {"golang", "go"},     {"cargo", "crates.io"}, {"apk", "alpine"},
        {"npm", "npm"},       {"pypi", "pypi"},       {"generic", "generic"},
        {"semver", "semver"},
    };
    for (size_t i = 0; i < CVD_ARRAY_LEN(rows); i++) {
        struct cvd_str got = cvd_vers_scheme_map(cvd_str_from_cstr(rows[i].vers));
        if (!cvd_str_eq_cstr(got, rows[i].cvd))
            fail_msg("map '%s': want '%s', got '%.*s'", rows[i].vers, rows[i].cvd, (int)got.len,
                     got.ptr);
    }
    /* an unknown scheme parses, and evaluation names it */
    struct cvd_arena a;
    cvd_arena_init(&a, 0);
    struct cvd_vers v;
    struct cvd_diag d = {0};
    assert_int_equal(cvd_vers_parse(&a, CVD_STR("vers:nosuch/>=1|<2"), 0, &v, &d), 0);
    assert_null(v.impl);
    bool in;
    assert_int_equal(cvd_vers_contains(&v, CVD_STR("1.5"), &in, &d), CVD_ENOTFOUND);
    assert_non_null(strstr(d.msg, "vers scheme 'nosuch'"));
    /* an invalid version of the scheme is the scheme's error */
    assert_int_equal(cvd_vers_parse(&a, CVD_STR("vers:generic/>=1"), 0, &v, &d), 0);
    assert_int_equal(cvd_vers_contains(&v, CVD_STR(""), &in, &d), CVD_EPARSE);
    assert_int_equal(cvd_vers_parse(&a, CVD_STR("vers:generic/>=1|<"), 0, &v, &d), CVD_EPARSE);
    cvd_arena_release(&a);
}

static void test_limits(void **state)
{
    (void)state;
    struct cvd_arena a;
    cvd_arena_init(&a, 0);
    struct cvd_vers v;
    struct cvd_diag d = {0};
    size_t n = CVD_VERS_MAX_LEN + 1;
    char *big = malloc(n);
    assert_non_null(big);
    memset(big, '1', n);
    memcpy(big, "vers:generic/", 13);
    assert_int_equal(cvd_vers_parse(&a, (struct cvd_str){big, n}, 0, &v, &d), CVD_ELIMIT);
    /* 1025 constraints */
    size_t len = (size_t)snprintf(big, n, "vers:generic/");
    for (int i = 0; i < 1025; i++)
        len += (size_t)snprintf(big + len, n - len, "|%d", i);
    assert_int_equal(cvd_vers_parse(&a, (struct cvd_str){big, len}, 0, &v, &d), CVD_ELIMIT);
    /* 1024 equalities in reverse order: sorted */
    len = (size_t)snprintf(big, n, "vers:generic/");
    for (int i = 1023; i >= 0; i--)
        len += (size_t)snprintf(big + len, n - len, "|%d", i);
    assert_int_equal(cvd_vers_parse(&a, (struct cvd_str){big, len}, 0, &v, &d), 0);
    assert_int_equal(v.n_constraints, 1024);
    assert_true(cvd_str_eq_cstr(v.constraints[0].version, "0"));
    free(big);
    assert_int_equal(cvd_vers_parse(NULL, CVD_STR("vers:generic/1"), 0, &v, &d), CVD_EINVAL);
    cvd_arena_release(&a);
}

static void test_out_of_memory(void **state)
{
    (void)state;
    struct cvd_str in = CVD_STR("vers:generic/<2|>=1|!=1.5");
    for (long nth = 1; nth < 10; nth++) {
        struct cvd_arena a;
        cvd_arena_init(&a, 0);
        struct cvd_vers v;
        struct cvd_diag d = {0};
        cvd_alloc_fail_at(nth);
        int rc = cvd_vers_parse(&a, in, 0, &v, &d);
        cvd_alloc_fail_at(0);
        assert_true(rc == 0 || rc == CVD_ENOMEM);
        cvd_arena_release(&a);
        if (rc == 0)
            break;
    }
    struct cvd_arena a;
    cvd_arena_init(&a, 0);
    struct cvd_vers v;
    assert_int_equal(cvd_vers_parse(&a, in, 0, &v, NULL), 0);
    struct cvd_buf out;
    cvd_buf_init(&out, 0);
    cvd_alloc_fail_at(1);
    assert_int_equal(cvd_vers_format(&v, &out), CVD_ENOMEM);
    cvd_alloc_fail_at(0);
    assert_int_equal(cvd_vers_format(&v, &out), 0);
    assert_string_equal(out.ptr, "vers:generic/>=1|!=1.5|<2");
    cvd_buf_release(&out);
    cvd_arena_release(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_generic_order),
        cmocka_unit_test(test_canonical),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_contains),
        cmocka_unit_test(test_contains_ecosystems),
        cmocka_unit_test(test_scheme_map),
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_out_of_memory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
