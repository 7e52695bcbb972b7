/* csaf: every OASIS validator case of tests/data/csaf/manifest.tsv for the tests cvd implements
 * (an invalid case must produce a finding of its test, a valid one none of it), the official
 * examples (no finding at all), pointers, severities, limits and bad input. */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cvd/arena.h"
#include "cvd/csaf.h"
#include "cvd/err.h"
#include "cvd/str.h"

static const char *data_root(void)
{
    const char *root = getenv("CVD_TEST_DATA");
    return root != NULL ? root : "tests/data";
}

static char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    char *buf = malloc(1u << 22);
    assert_non_null(buf);
    *len = fread(buf, 1, (1u << 22) - 1, f);
    assert_true(feof(f));
    fclose(f);
    return buf;
}

static int check_file(struct cvd_arena *a, const char *path, struct cvd_csaf_report *rep)
{
    size_t len = 0;
    char *buf = read_all(path, &len);
    struct cvd_diag d = {0};
    memset(rep, 0, sizeof *rep);
    int rc = cvd_csaf_check_buf(a, buf, len, NULL, rep, &d);
    free(buf);
    return rc;
}

static bool implemented(const char *test)
{
    size_t n = 0;
    const char *const *t = cvd_csaf_checked_tests(&n);
    for (size_t i = 0; i < n; i++)
        if (strcmp(t[i], test) == 0)
            return true;
    return false;
}

static void manifest(void **state)
{
    (void)state;
    char path[4096];
    snprintf(path, sizeof path, "%s/csaf/manifest.tsv", data_root());
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    char line[1024];
    size_t rows = 0;
    size_t failed = 0;
    size_t ids_seen = 0;
    char last[32] = "";
    while (fgets(line, sizeof line, f) != NULL) {
        if (line[0] == '#')
            continue;
        char *file = strtok(line, "\t\n");
        (void)strtok(NULL, "\t\n");
        char *test = strtok(NULL, "\t\n");
        char *expect = strtok(NULL, "\t\n");
        assert_non_null(expect);
        assert_true(implemented(test));
        if (strcmp(last, test) != 0) {
            ids_seen++;
            snprintf(last, sizeof last, "%s", test);
        }
        snprintf(path, sizeof path, "%s/csaf/%s", data_root(), file);
        struct cvd_arena a;
        cvd_arena_init(&a, 0);
        struct cvd_csaf_report rep;
        assert_int_equal(check_file(&a, path, &rep), 0);
        bool has = cvd_csaf_report_has(&rep, test);
        bool want = strcmp(expect, "invalid") == 0;
        if (has != want) {
            failed++;
            print_message("FAIL %s: %s expected %s\n", file, test, expect);
            for (size_t i = 0; i < rep.len; i++)
                print_message("  %s %s %s\n", rep.items[i].test, rep.items[i].pointer,
                              rep.items[i].message);
        }
        cvd_arena_release(&a);
        rows++;
    }
    fclose(f);
    print_message("csaf manifest: %zu rows, %zu failed\n", rows, failed);
    assert_int_equal(rows, 138);
    assert_int_equal(ids_seen, 40);
    assert_int_equal(failed, 0);
}

static void examples_dir(const char *dir, size_t *count)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        size_t n = strlen(e->d_name);
        if (n < 6 || strcmp(e->d_name + n - 5, ".json") != 0)
            continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        struct cvd_arena a;
        cvd_arena_init(&a, 0);
        struct cvd_csaf_report rep;
        assert_int_equal(check_file(&a, path, &rep), 0);
        for (size_t i = 0; i < rep.len; i++)
            print_message("%s: %s %s %s\n", e->d_name, rep.items[i].test, rep.items[i].pointer,
                          rep.items[i].message);
        assert_int_equal(rep.len, 0);
        cvd_arena_release(&a);
        (*count)++;
    }
    closedir(d);
}

static void examples_valid(void **state)
{
    (void)state;
    char dir[4096];
    size_t count = 0;
    snprintf(dir, sizeof dir, "%s/csaf/examples", data_root());
    examples_dir(dir, &count);
    snprintf(dir, sizeof dir, "%s/csaf/examples/csaf_vex", data_root());
    examples_dir(dir, &count);
    assert_int_equal(count, 19);
}

static void run(const char *json, struct cvd_arena *a, struct cvd_csaf_report *rep)
{
    struct cvd_diag d = {0};
    memset(rep, 0, sizeof *rep);
    assert_int_equal(cvd_csaf_check_buf(a, json, strlen(json), NULL, rep, &d), 0);
}

static void findings_detail(void **state)
{
    (void)state;
    struct cvd_arena a;
    cvd_arena_init(&a, 0);
    struct cvd_csaf_report rep;
    run("{\"product_tree\":{\"full_product_names\":[{\"name\":\"x\",\"product_id\":\"A\"}]},"
        "\"vulnerabilities\":[{\"product_status\":{\"fixed\":[\"A\",\"B\"],"
        "\"known_affected\":[\"A\"]}}]}",
        &a, &rep);
    assert_int_equal(rep.errors, 2);
    assert_int_equal(rep.warnings, 0);
    assert_string_equal(rep.items[0].test, "6.1.1");
    assert_string_equal(rep.items[0].pointer, "/vulnerabilities/0/product_status/fixed/1");
    assert_int_equal(rep.items[0].severity, CVD_CSAF_ERROR);
    assert_non_null(strstr(rep.items[0].message, "'B'"));
    assert_string_equal(rep.items[1].test, "6.1.6");
    assert_true(cvd_csaf_report_has(&rep, "6.1.6"));
    assert_false(cvd_csaf_report_has(&rep, "6.1.2"));
    cvd_arena_release(&a);
}

/* Interpretations where the standard's text, not the npm oracle, decides. */
static void interpretations(void **state)
{
    (void)state;
    struct cvd_arena a;
    cvd_arena_init(&a, 0);
    struct cvd_csaf_report rep;
    /* 6.1.24: the same instant written with different offsets is the same date */
    run("{\"vulnerabilities\":[{\"involvements\":["
        "{\"party\":\"vendor\",\"status\":\"open\",\"date\":\"2021-04-23T10:00:00Z\"},"
        "{\"party\":\"vendor\",\"status\":\"completed\",\"date\":\"2021-04-23T12:00:00.000+02:00\"},"
        "{\"party\":\"vendor\",\"status\":\"open\",\"date\":\"2021-04-23T10:00:00.5Z\"}]}]}",
        &a, &rep);
    assert_int_equal(rep.len, 1);
    assert_string_equal(rep.items[0].test, "6.1.24");
    assert_string_equal(rep.items[0].pointer, "/vulnerabilities/0/involvements/1");
    /* 6.1.26: a profile value without separators is prohibited; a free name is not */
    run("{\"document\":{\"category\":\"CSAF-Security Advisory\"}}", &a, &rep);
    assert_true(cvd_csaf_report_has(&rep, "6.1.26"));
    run("{\"document\":{\"category\":\"Security Advisory Digest\"}}", &a, &rep);
    assert_false(cvd_csaf_report_has(&rep, "6.1.26"));
    /* 6.1.31: words are tokens, operators are characters */
    run("{\"product_tree\":{\"branches\":[{\"category\":\"product_version\",\"name\":"
        "\"after-eight\"},{\"category\":\"product_version\",\"name\":\"1.0 LATER\"},"
        "{\"category\":\"product_version\",\"name\":\"v>2\"}]}}",
        &a, &rep);
    assert_int_equal(rep.len, 2);
    assert_string_equal(rep.items[0].pointer, "/product_tree/branches/1/name");
    assert_string_equal(rep.items[1].pointer, "/product_tree/branches/2/name");
    /* 6.1.3: a cycle through two relationships */
    run("{\"product_tree\":{\"relationships\":["
        "{\"product_reference\":\"B\",\"relates_to_product_reference\":\"X\","
        "\"full_product_name\":{\"product_id\":\"A\"}},"
        "{\"product_reference\":\"A\",\"relates_to_product_reference\":\"X\","
        "\"full_product_name\":{\"product_id\":\"B\"}}]}}",
        &a, &rep);
    assert_true(cvd_csaf_report_has(&rep, "6.1.3"));
    /* 6.1.14 / 6.1.21: equal dates are ordered by number */
    run("{\"document\":{\"tracking\":{\"status\":\"final\",\"version\":\"2\","
        "\"revision_history\":[{\"number\":\"2\",\"date\":\"2021-07-21T10:00:00Z\"},"
        "{\"number\":\"1\",\"date\":\"2021-07-21T12:00:00+02:00\"}]}}}",
        &a, &rep);
    assert_int_equal(rep.len, 0);
    run("{\"document\":{\"tracking\":{\"status\":\"final\",\"version\":\"1\","
        "\"revision_history\":[{\"number\":\"2\",\"date\":\"2021-07-21T09:00:00Z\"},"
        "{\"number\":\"1\",\"date\":\"2021-07-21T10:00:00Z\"}]}}}",
        &a, &rep);
    assert_true(cvd_csaf_report_has(&rep, "6.1.14"));
    cvd_arena_release(&a);
}

static void bad_input(void **state)
{
    (void)state;
    struct cvd_arena a;
    cvd_arena_init(&a, 0);
    struct cvd_csaf_report rep = {0};
    struct cvd_diag d = {0};
    assert_int_equal(cvd_csaf_check_buf(&a, "[1]", 3, NULL, &rep, &d), CVD_ETYPE);
    assert_int_equal(cvd_csaf_check_buf(&a, "{", 1, NULL, &rep, &d), CVD_EPARSE);
    assert_int_equal(rep.len, 0);
    cvd_arena_release(&a);
}

/* Branches nested deeper than CVD_CSAF_MAX_DEPTH fail with CVD_ELIMIT (the JSON reader's own
 * depth limit is raised for this test so the walker's bound is the one hit). */
static void deep_branches(void **state)
{
    (void)state;
    struct cvd_buf b;
    cvd_buf_init(&b, 0);
    const char *open = "{\"branches\":[";
    assert_int_equal(cvd_buf_add_cstr(&b, "{\"product_tree\":"), 0);
    for (unsigned i = 0; i < CVD_CSAF_MAX_DEPTH + 1; i++)
        assert_int_equal(cvd_buf_add_cstr(&b, open), 0);
    assert_int_equal(cvd_buf_add_cstr(&b, "{}"), 0);
    for (unsigned i = 0; i < CVD_CSAF_MAX_DEPTH + 1; i++)
        assert_int_equal(cvd_buf_add_cstr(&b, "]}"), 0);
    assert_int_equal(cvd_buf_add_cstr(&b, "}"), 0);
    struct cvd_limits lim = cvd_limits_default;
    lim.depth = 1000;
    struct cvd_arena a;
    cvd_arena_init(&a, 0);
    struct cvd_csaf_report rep = {0};
    struct cvd_diag d = {0};
    struct cvd_str s = cvd_buf_str(&b);
    assert_int_equal(cvd_csaf_check_buf(&a, s.ptr, s.len, &lim, &rep, &d), CVD_ELIMIT);
    cvd_arena_release(&a);
    cvd_buf_release(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(manifest),        cmocka_unit_test(examples_valid),
        cmocka_unit_test(findings_detail), cmocka_unit_test(interpretations),
        cmocka_unit_test(bad_input),       cmocka_unit_test(deep_branches),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
