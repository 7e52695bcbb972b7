/* Unit and data tests of src/lib/formats/cvss*.c: every row of every file in tests/data/cvss,
 * every column, the reason code of every invalid vector, and round trips parse -> format ->
 * parse over random vectors of all four versions. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cvd/cvss.h"

/* ---- data files ---- */

struct table {
    char *text;    /* the whole file, split in place */
    char **fields; /* nrows * MAXF */
    size_t nrows;
};

#define MAXF 12

static void table_free(struct table *t)
{
    free(t->text);
    free(t->fields);
    memset(t, 0, sizeof(*t));
}

/* Load tests/data/cvss/<name>: comment lines ("# ") and empty lines skipped, TAB-split. */
static void table_load(const char *name, struct table *t)
{
    const char *dir = getenv("CVD_TEST_DATA");
    char path[1024];
    if (dir == NULL)
        dir = "tests/data";
    int n = snprintf(path, sizeof(path), "%s/cvss/%s", dir, name);
    assert_true(n > 0 && (size_t)n < sizeof(path));
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        fail_msg("cannot open %s", path);
    assert_int_equal(fseek(f, 0, SEEK_END), 0);
    long size = ftell(f);
    assert_true(size >= 0);
    assert_int_equal(fseek(f, 0, SEEK_SET), 0);
    t->text = malloc((size_t)size + 1);
    assert_non_null(t->text);
    assert_int_equal(fread(t->text, 1, (size_t)size, f), (size_t)size);
    fclose(f);
    t->text[size] = '\0';

    size_t lines = 1;
    for (long i = 0; i < size; i++)
        lines += t->text[i] == '\n';
    t->fields = calloc(lines * MAXF, sizeof(char *));
    assert_non_null(t->fields);
    t->nrows = 0;
    char *p = t->text;
    while (*p != '\0') {
        char *nl = strchr(p, '\n');
        if (nl != NULL)
            *nl = '\0';
        if (*p != '\0' && strncmp(p, "# ", 2) != 0) {
            char **row = &t->fields[t->nrows * MAXF];
            unsigned k = 0;
            char *q = p;
            row[k++] = q;
            while ((q = strchr(q, '\t')) != NULL && k < MAXF) {
                *q++ = '\0';
                row[k++] = q;
            }
            t->nrows++;
        }
        if (nl == NULL)
            break;
        p = nl + 1;
    }
}

static char **row_of(const struct table *t, size_t i)
{
    return &t->fields[i * MAXF];
}

/* "9.8" -> 98, "10.0" -> 100, "5" -> 50, "-" -> -1. */
static int tenths(const char *s)
{
    if (s == NULL || strcmp(s, "-") == 0)
        return -1;
    int v = 0;
    int frac = -1;
    for (const char *p = s; *p; p++) {
        if (*p == '.') {
            frac = 0;
            continue;
        }
        assert_true(*p >= '0' && *p <= '9');
        if (frac >= 0) {
            if (frac++ == 0)
                v = v * 10 + (*p - '0');
        } else {
            v = v * 10 + (*p - '0');
        }
    }
    return frac < 0 ? v * 10 : v;
}

static struct cvd_str S(const char *s) {
    return (struct cvd_str){s, strlen(s)};
}

/* parse -> format -> parse gives the same metrics and the same score. */
static int
check_roundtrip(const struct cvd_cvss *c, unsigned flags, const char *vec)
{
    char out[CVD_CVSS_FORMAT_MAX];
    int n = cvd_cvss_format(c, out, sizeof(out));
    if (n < 0 || (size_t)n != strlen(out)) {
        print_error("format failed for %s: %d\n", vec, n);
        return 1;
    }
    struct cvd_cvss d;
    struct cvd_diag diag;
    if (cvd_cvss_eval((struct cvd_str){out, (size_t)n}, flags, &d, &diag) != 0) {
        print_error("re-parse of %s (from %s) failed: %s\n", out, vec, diag.msg);
        return 1;
    }
    if (memcmp(d.metric, c->metric, sizeof(d.metric)) != 0 || d.version != c->version ||
        d.score != c->score || d.base != c->base || d.temporal != c->temporal ||
        d.environmental != c->environmental || strcmp(d.macrovector, c->macrovector) != 0) {
        print_error("round trip of %s via %s changed the result\n", vec, out);
        return 1;
    }
    /* Formatting is idempotent. */
    char out2[CVD_CVSS_FORMAT_MAX];
    int n2 = cvd_cvss_format(&d, out2, sizeof(out2));
    if (n2 != n || strcmp(out, out2) != 0) {
        print_error("format not idempotent: %s vs %s\n", out, out2);
        return 1;
    }
    return 0;
}

#define CHECK_EQ(what, got, want)                                                                  \
    do {                                                                                           \
        if ((got) != (want)) {                                                                     \
            print_error("%s:%zu %s: %s got %d want %d\n", file, i + 1, r[0], what, (int)(got),     \
                        (int)(want));                                                              \
            bad++;                                                                                 \
        }                                                                                          \
    } while (0)

#define CHECK_STR(what, got, want)                                                                 \
    do {                                                                                           \
        if (strcmp((got), (want)) != 0) {                                                          \
            print_error("%s:%zu %s: %s got '%s' want '%s'\n", file, i + 1, r[0], what, (got),      \
                        (want));                                                                   \
            bad++;                                                                                 \
        }                                                                                          \
    } while (0)

/* ---- v3.1 ---- */

static void check_v31_file(const char *file, size_t want_rows)
{
    struct table t;
    table_load(file, &t);
    assert_int_equal(t.nrows, want_rows);
    size_t bad = 0;
    for (size_t i = 0; i < t.nrows; i++) {
        char **r = row_of(&t, i);
        assert_non_null(r[8]);
        struct cvd_cvss c;
        struct cvd_diag diag;
        if (cvd_cvss_eval(S(r[0]), 0, &c, &diag) != 0) {
            print_error("%s:%zu %s rejected: %s\n", file, i + 1, r[0], diag.msg);
            bad++;
            continue;
        }
        CHECK_EQ("version", c.version, CVD_CVSS_V31);
        CHECK_EQ("score", c.score, tenths(r[1]));
        CHECK_STR("severity", cvd_cvss_severity_name(c.score), r[2]);
        CHECK_EQ("base", c.base, tenths(r[3]));
        CHECK_STR("base severity", cvd_cvss_severity_name(c.base), r[4]);
        CHECK_EQ("temporal", c.temporal, tenths(r[5]));
        CHECK_STR("temporal severity", cvd_cvss_severity_name(c.temporal), r[6]);
        CHECK_EQ("environmental", c.environmental, tenths(r[7]));
        CHECK_STR("environmental severity", cvd_cvss_severity_name(c.environmental), r[8]);
        bad += (size_t)check_roundtrip(&c, 0, r[0]);
    }
    print_message("%s: %zu rows checked\n", file, t.nrows);
    table_free(&t);
    assert_int_equal(bad, 0);
}

static void test_v31_official(void **state)
{
    (void)state;
    check_v31_file("cvss31-official.tsv", 2592);
}

static void test_v31_random(void **state)
{
    (void)state;
    check_v31_file("cvss31-random.tsv", 2000);
}

static void test_v31_edge_cases(void **state)
{
    (void)state;
    check_v31_file("cvss31-edge-cases.tsv", 75);
}

/* ---- v4.0 ---- */

static void check_v40_file(const char *file, size_t want_rows)
{
    struct table t;
    table_load(file, &t);
    assert_int_equal(t.nrows, want_rows);
    size_t bad = 0;
    for (size_t i = 0; i < t.nrows; i++) {
        char **r = row_of(&t, i);
        assert_non_null(r[4]);
        struct cvd_cvss c;
        struct cvd_diag diag;
        if (cvd_cvss_eval(S(r[0]), 0, &c, &diag) != 0) {
            print_error("%s:%zu %s rejected: %s\n", file, i + 1, r[0], diag.msg);
            bad++;
            continue;
        }
        CHECK_EQ("version", c.version, CVD_CVSS_V40);
        CHECK_EQ("score", c.score, tenths(r[1]));
        CHECK_STR("severity", cvd_cvss_severity_name(c.score), r[2]);
        CHECK_STR("nomenclature", cvd_cvss_nomenclature_name(c.nomenclature), r[3]);
        CHECK_STR("macrovector", c.macrovector, r[4]);
        bad += (size_t)check_roundtrip(&c, 0, r[0]);
    }
    print_message("%s: %zu rows checked\n", file, t.nrows);
    table_free(&t);
    assert_int_equal(bad, 0);
}

static void test_v40_official(void **state)
{
    (void)state;
    check_v40_file("cvss40-official.tsv", 1974);
}

static void test_v40_random(void **state)
{
    (void)state;
    check_v40_file("cvss40-random.tsv", 2000);
}

static void test_v40_rounding_ties(void **state)
{
    (void)state;
    check_v40_file("cvss40-rounding-ties.tsv", 4818);
}

static void test_v40_edge_cases(void **state)
{
    (void)state;
    check_v40_file("cvss40-edge-cases.tsv", 174);
}

/* ---- v3.0 and v2.0 (RedHatProductSecurity/cvss test vectors) ---- */

static void check_old_file(const char *file, unsigned flags, enum cvd_cvss_version v,
                           size_t want_rows)
{
    struct table t;
    table_load(file, &t);
    assert_int_equal(t.nrows, want_rows);
    size_t bad = 0;
    for (size_t i = 0; i < t.nrows; i++) {
        char **r = row_of(&t, i);
        assert_non_null(r[3]);
        struct cvd_cvss c;
        struct cvd_diag diag;
        if (cvd_cvss_eval(S(r[0]), flags, &c, &diag) != 0) {
            print_error("%s:%zu %s rejected: %s\n", file, i + 1, r[0], diag.msg);
            bad++;
            continue;
        }
        CHECK_EQ("version", c.version, v);
        CHECK_EQ("base", c.base, tenths(r[1]));
        if (tenths(r[2]) >= 0)
            CHECK_EQ("temporal", c.temporal, tenths(r[2]));
        if (tenths(r[3]) >= 0)
            CHECK_EQ("environmental", c.environmental, tenths(r[3]));
        bad += (size_t)check_roundtrip(&c, flags, r[0]);
    }
    print_message("%s: %zu rows checked\n", file, t.nrows);
    table_free(&t);
    assert_int_equal(bad, 0);
}

static void test_v30_redhat(void **state)
{
    (void)state;
    check_old_file("cvss30-redhat.tsv", 0, CVD_CVSS_V30, 112);
}

static void test_v2_redhat(void **state)
{
    (void)state;
    check_old_file("cvss20-redhat.tsv", CVD_CVSS_PARSE_V2, CVD_CVSS_V2, 103);
}

/* ---- invalid vectors ---- */

/*
 * Every vector must be rejected. The file's CODE is the first problem a strict left-to-right
 * parser meets; cvd's parser is such a parser, so the codes must agree except for the rows
 * listed here (vector, our code), each explained.
 */
struct code_exception {
    const char *vector;
    const char *ours;
};

static void check_invalid_file(const char *file, size_t want_rows, const struct code_exception *exc,
                               size_t nexc)
{
    struct table t;
    table_load(file, &t);
    assert_int_equal(t.nrows, want_rows);
    size_t bad = 0;
    size_t agree = 0;
    size_t excepted = 0;
    for (size_t i = 0; i < t.nrows; i++) {
        char **r = row_of(&t, i);
        assert_non_null(r[1]);
        struct cvd_cvss c;
        struct cvd_diag diag;
        memset(&diag, 0, sizeof(diag));
        int rc = cvd_cvss_parse(S(r[0]), 0, &c, &diag);
        if (rc == 0) {
            print_error("%s:%zu '%s' accepted (%s)\n", file, i + 1, r[0], r[1]);
            bad++;
            continue;
        }
        if (rc >= 0 || diag.code != rc) {
            print_error("%s:%zu bad return %d / diag code %d\n", file, i + 1, rc, diag.code);
            bad++;
        }
        const char *want_end = strchr(r[1], ':');
        assert_non_null(want_end);
        size_t wlen = (size_t)(want_end - r[1]);
        const char *ours = cvd_cvss_reason_name(cvd_cvss_diag_reason(&diag));
        if (strlen(ours) == wlen && strncmp(ours, r[1], wlen) == 0) {
            agree++;
            continue;
        }
        bool listed = false;
        for (size_t k = 0; k < nexc; k++) {
            if (strcmp(exc[k].vector, r[0]) == 0 && strcmp(exc[k].ours, ours) == 0)
                listed = true;
        }
        if (listed) {
            excepted++;
            continue;
        }
        print_error("%s:%zu '%s': reason %s, file says %s\n", file, i + 1, r[0], diag.msg, r[1]);
        bad++;
    }
    print_message("%s: %zu rows rejected, reason code equal on %zu, %zu listed exceptions\n", file,
                  t.nrows, agree, excepted);
    assert_int_equal(excepted, nexc);
    table_free(&t);
    assert_int_equal(bad, 0);
}

static void test_v31_invalid(void **state)
{
    (void)state;
    check_invalid_file("cvss31-invalid.tsv", 530, NULL, 0);
}

static void test_v40_invalid(void **state)
{
    (void)state;
    check_invalid_file("cvss40-invalid.tsv", 761, NULL, 0);
}

/* ---- API details ---- */

static enum cvd_cvss_reason reason_of(const char *vec, unsigned flags)
{
    struct cvd_cvss c;
    struct cvd_diag diag;
    memset(&diag, 0, sizeof(diag));
    int rc = cvd_cvss_parse(S(vec), flags, &c, &diag);
    if (rc == 0)
        return CVD_CVSS_OK;
    return cvd_cvss_diag_reason(&diag);
}

static void test_reasons(void **state)
{
    (void)state;
    const char *v2 = "AV:N/AC:L/Au:N/C:P/I:P/A:P";
    assert_int_equal(reason_of(v2, 0), CVD_CVSS_MISSING_PREFIX);
    assert_int_equal(reason_of(v2, CVD_CVSS_PARSE_V2), CVD_CVSS_OK);
    assert_int_equal(reason_of("(AV:N/AC:L/Au:N/C:P/I:P/A:P)", CVD_CVSS_PARSE_V2),
                     CVD_CVSS_UNKNOWN_METRIC);
    assert_int_equal(reason_of("AC:L/AV:N/Au:N/C:P/I:P/A:P", CVD_CVSS_PARSE_V2), CVD_CVSS_ORDER);
    assert_int_equal(reason_of("AV:N/AC:L/Au:N/C:P/I:P/A:P/E:X", CVD_CVSS_PARSE_V2),
                     CVD_CVSS_INVALID_VALUE);
    assert_int_equal(reason_of("AV:N/AC:L/Au:N/C:P/I:P/A:P/E:ND/RL:ND/RC:ND/CDP:ND/TD:ND/CR:ND/"
                               "IR:ND/AR:ND",
                               CVD_CVSS_PARSE_V2),
                     CVD_CVSS_OK);
    assert_int_equal(reason_of("AV:N/AC:L/Au:N/C:P/I:P", CVD_CVSS_PARSE_V2),
                     CVD_CVSS_MISSING_METRIC);
    assert_int_equal(reason_of("", 0), CVD_CVSS_MISSING_PREFIX);
    assert_int_equal(reason_of("", CVD_CVSS_PARSE_V2), CVD_CVSS_MISSING_PREFIX);
    assert_int_equal(reason_of("CVSS:", 0), CVD_CVSS_BAD_VERSION);
    assert_int_equal(reason_of("CVSS:3.0", 0), CVD_CVSS_MISSING_METRIC);
    assert_int_equal(reason_of("CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 0), CVD_CVSS_OK);
    assert_int_equal(reason_of("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/:H", 0),
                     CVD_CVSS_UNKNOWN_METRIC);
    assert_int_equal(reason_of("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/ABCD:H", 0),
                     CVD_CVSS_UNKNOWN_METRIC);
    assert_int_equal(reason_of("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/"
                               "U:Clear",
                               0),
                     CVD_CVSS_OK);
    assert_int_equal(reason_of("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/"
                               "U:Clearer",
                               0),
                     CVD_CVSS_INVALID_VALUE);
}

static void test_diag(void **state)
{
    (void)state;
    struct cvd_cvss c;
    struct cvd_diag diag;
    const char *vec = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/AV:L";
    assert_int_equal(cvd_cvss_parse(S(vec), 0, &c, &diag), CVD_EDUP);
    assert_int_equal(diag.code, CVD_EDUP);
    assert_string_equal(diag.msg, "DUPLICATE_METRIC: metric 'AV' given twice");
    assert_int_equal(diag.offset, 45);
    assert_int_equal(cvd_cvss_parse(S(vec), 0, &c, NULL), CVD_EDUP);

    /* Untrusted bytes are quoted safely: no TAB or newline reaches the message. */
    const char bad[] = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:\t\n\x01\xff";
    assert_int_equal(cvd_cvss_parse((struct cvd_str){bad, sizeof(bad) - 1}, 0, &c, &diag),
                     CVD_ERANGE);
    assert_null(strchr(diag.msg, '\t'));
    assert_null(strchr(diag.msg, '\n'));
    assert_int_equal(cvd_cvss_diag_reason(&diag), CVD_CVSS_INVALID_VALUE);

    /* Not NUL-terminated: the parser stops at len. */
    const char *longer = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:HXXXX";
    assert_int_equal(cvd_cvss_parse((struct cvd_str){longer, strlen(longer) - 4}, 0, &c, &diag), 0);

    assert_int_equal(cvd_cvss_parse(S(vec), 0, NULL, &diag), CVD_EINVAL);
    assert_int_equal(cvd_cvss_parse((struct cvd_str){NULL, 3}, 0, &c, &diag), CVD_EINVAL);
    assert_int_equal(cvd_cvss_diag_reason(NULL), CVD_CVSS_OK);
}

static void test_names_and_format(void **state)
{
    (void)state;
    assert_string_equal(cvd_cvss_severity_name(0), "None");
    assert_string_equal(cvd_cvss_severity_name(1), "Low");
    assert_string_equal(cvd_cvss_severity_name(39), "Low");
    assert_string_equal(cvd_cvss_severity_name(40), "Medium");
    assert_string_equal(cvd_cvss_severity_name(69), "Medium");
    assert_string_equal(cvd_cvss_severity_name(70), "High");
    assert_string_equal(cvd_cvss_severity_name(89), "High");
    assert_string_equal(cvd_cvss_severity_name(90), "Critical");
    assert_string_equal(cvd_cvss_severity_name(100), "Critical");
    assert_string_equal(cvd_cvss_version_name(CVD_CVSS_V2), "2.0");
    assert_string_equal(cvd_cvss_version_name(CVD_CVSS_V40), "4.0");
    assert_string_equal(cvd_cvss_reason_name(CVD_CVSS_ORDER), "ORDER");
    assert_string_equal(cvd_cvss_reason_name((enum cvd_cvss_reason)99), "?");
    assert_string_equal(cvd_cvss_metric_name(CVD_CVSS_V40, 0), "AV");
    assert_null(cvd_cvss_metric_name(CVD_CVSS_V40, 32));
    assert_string_equal(cvd_cvss_value_name(CVD_CVSS_V40, 31, 4), "Red");

    /* The longest vector any version can format fits CVD_CVSS_FORMAT_MAX with its NUL. */
    static const enum cvd_cvss_version all[] = {CVD_CVSS_V2, CVD_CVSS_V30, CVD_CVSS_V31,
                                                CVD_CVSS_V40};
    for (unsigned k = 0; k < 4; k++) {
        size_t worst = strlen("CVSS:4.0/");
        for (unsigned i = 0; cvd_cvss_metric_name(all[k], i) != NULL; i++) {
            size_t longest = 0;
            for (unsigned j = 0; cvd_cvss_value_name(all[k], i, j) != NULL; j++) {
                size_t l = strlen(cvd_cvss_value_name(all[k], i, j));
                longest = l > longest ? l : longest;
            }
            worst += 2 + strlen(cvd_cvss_metric_name(all[k], i)) + longest;
        }
        assert_true(worst + 1 <= CVD_CVSS_FORMAT_MAX);
    }

    struct cvd_cvss c;
    /* Any order in, spec order out; X dropped. */
    assert_int_equal(
        cvd_cvss_eval(S("CVSS:3.1/MAV:X/A:H/I:H/C:H/S:U/UI:N/PR:N/AC:L/AV:N/E:P"), 0, &c, NULL), 0);
    char out[CVD_CVSS_FORMAT_MAX];
    assert_int_equal(cvd_cvss_format(&c, out, sizeof(out)), 48);
    assert_string_equal(out, "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:P");
    assert_int_equal(c.score, 93); /* Roundup(9.8 * 0.94 = 9.212) */
    assert_true(c.has_temporal);
    assert_false(c.has_environmental);
    char small[10];
    assert_int_equal(cvd_cvss_format(&c, small, sizeof(small)), CVD_ELIMIT);
    assert_string_equal(small, "");
    assert_int_equal(cvd_cvss_format(&c, out, 48), CVD_ELIMIT);
    assert_int_equal(cvd_cvss_format(&c, out, 49), 48);
    struct cvd_cvss bogus = c;
    bogus.metric[0] = 200;
    assert_int_equal(cvd_cvss_format(&bogus, out, sizeof(out)), CVD_EINVAL);
    bogus.version = (enum cvd_cvss_version)7;
    assert_int_equal(cvd_cvss_format(&bogus, out, sizeof(out)), CVD_EINVAL);

    assert_int_equal(
        cvd_cvss_eval(S("AV:N/AC:L/Au:N/C:P/I:P/A:P/E:ND/RC:C"), CVD_CVSS_PARSE_V2, &c, NULL), 0);
    assert_int_equal(cvd_cvss_format(&c, out, sizeof(out)), 31);
    assert_string_equal(out, "AV:N/AC:L/Au:N/C:P/I:P/A:P/RC:C");
    assert_int_equal(c.base, 75);
    assert_int_equal(c.score, 75);
}

/* ---- random round trips ---- */

static uint64_t rng_state = 0x9e3779b97f4a7c15u;

static uint32_t rnd(uint32_t n)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (uint32_t)((rng_state >> 11) % n);
}

static unsigned nvalues(enum cvd_cvss_version v, unsigned i)
{
    unsigned j = 0;
    while (cvd_cvss_value_name(v, i, j) != NULL)
        j++;
    return j;
}

/*
 * Build random vectors from the public tables (explicit X/ND sometimes, v3 in shuffled order),
 * parse them, and check that parse -> format -> parse is stable and that the written-out X
 * metrics and the order do not change the result.
 */
static void test_random_roundtrip(void **state)
{
    (void)state;
    static const enum cvd_cvss_version versions[] = {CVD_CVSS_V2, CVD_CVSS_V30, CVD_CVSS_V31,
                                                     CVD_CVSS_V40};
    size_t bad = 0;
    for (unsigned iter = 0; iter < 40000; iter++) {
        enum cvd_cvss_version v = versions[iter % 4];
        unsigned flags = v == CVD_CVSS_V2 ? CVD_CVSS_PARSE_V2 : 0;
        char *comps[CVD_CVSS_MAX_METRICS];
        char store[CVD_CVSS_MAX_METRICS][16];
        unsigned nc = 0;
        unsigned nm = 0;
        while (cvd_cvss_metric_name(v, nm) != NULL)
            nm++;
        for (unsigned i = 0; i < nm; i++) {
            unsigned nv = nvalues(v, i);
            const char *x = cvd_cvss_value_name(v, i, 0);
            bool optional = strcmp(x, "X") == 0 || strcmp(x, "ND") == 0;
            if (optional && rnd(3) == 0)
                continue;
            int n = snprintf(store[nc], sizeof(store[nc]), "%s:%s", cvd_cvss_metric_name(v, i),
                             cvd_cvss_value_name(v, i, rnd(nv)));
            assert_true(n > 0 && (size_t)n < sizeof(store[nc]));
            comps[nc] = store[nc];
            nc++;
        }
        if (v == CVD_CVSS_V30 || v == CVD_CVSS_V31) {
            for (unsigned i = nc; i > 1; i--) {
                unsigned j = rnd(i);
                char *tmp = comps[i - 1];
                comps[i - 1] = comps[j];
                comps[j] = tmp;
            }
        }
        char vec[512];
        size_t len = 0;
        if (v != CVD_CVSS_V2) {
            int n = snprintf(vec, sizeof(vec), "CVSS:%s/", cvd_cvss_version_name(v));
            len = (size_t)n;
        }
        for (unsigned i = 0; i < nc; i++) {
            int n = snprintf(vec + len, sizeof(vec) - len, "%s%s", i ? "/" : "", comps[i]);
            len += (size_t)n;
        }
        struct cvd_cvss c;
        struct cvd_diag diag;
        if (cvd_cvss_eval((struct cvd_str){vec, len}, flags, &c, &diag) != 0) {
            print_error("random vector %s rejected: %s\n", vec, diag.msg);
            bad++;
            continue;
        }
        if (c.score < 0 || c.score > 100 || c.base < 0 || c.base > 100 || c.temporal < 0 ||
            c.temporal > 100 || c.environmental < 0 || c.environmental > 100) {
            print_error("score out of range for %s\n", vec);
            bad++;
        }
        bad += (size_t)check_roundtrip(&c, flags, vec);
        if (bad > 20)
            break;
    }
    assert_int_equal(bad, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_v31_official),
        cmocka_unit_test(test_v31_random),
        cmocka_unit_test(test_v31_edge_cases),
        cmocka_unit_test(test_v31_invalid),
        cmocka_unit_test(test_v40_official),
        cmocka_unit_test(test_v40_random),
        cmocka_unit_test(test_v40_rounding_ties),
        cmocka_unit_test(test_v40_edge_cases),
        cmocka_unit_test(test_v40_invalid),
        cmocka_unit_test(test_v30_redhat),
        cmocka_unit_test(test_v2_redhat),
        cmocka_unit_test(test_reasons),
        cmocka_unit_test(test_diag),
        cmocka_unit_test(test_names_and_format),
        cmocka_unit_test(test_random_roundtrip),
    };
    return cmocka_run_group_tests_name("cvss", tests, NULL, NULL);
}
