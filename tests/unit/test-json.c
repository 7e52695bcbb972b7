/* Tests of the JSON reader and writer (src/lib/json): JSONTestSuite conformance, round trips,
 * a differential test against jansson as the oracle, limits, out-of-memory paths, the number
 * accessors and the writer. */
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>
#include <jansson.h>

#include "cvd/alloc.h"
#include "cvd/json.h"

#include "test-json-util.h"

/* ---- helpers ---- */

static const char *data_dir(void)
{
    const char *d = getenv("CVD_TEST_DATA");
    return d != NULL ? d : "tests/data";
}

static int parse_cstr(struct cvd_arena *a, const char *s, const struct cvd_json **root,
                      struct cvd_diag *d)
{
    return parse(a, s, strlen(s), 0, root, d);
}

/* Structural equality of two cvd trees (numbers by text). */
static bool tree_eq(const struct cvd_json *x, const struct cvd_json *y)
{
    if (x->type != y->type)
        return false;
    switch (x->type) {
    case CVD_JSON_NUMBER:
    case CVD_JSON_STRING:
        return x->u.text.len == y->u.text.len &&
               memcmp(x->u.text.ptr, y->u.text.ptr, x->u.text.len) == 0;
    case CVD_JSON_ARRAY:
        if (x->u.array.len != y->u.array.len)
            return false;
        for (size_t i = 0; i < x->u.array.len; i++) {
            if (!tree_eq(&x->u.array.items[i], &y->u.array.items[i]))
                return false;
        }
        return true;
    case CVD_JSON_OBJECT:
        if (x->u.object.len != y->u.object.len)
            return false;
        for (size_t i = 0; i < x->u.object.len; i++) {
            const struct cvd_json_member *a = &x->u.object.members[i];
            const struct cvd_json_member *b = &y->u.object.members[i];
            if (a->key.len != b->key.len || memcmp(a->key.ptr, b->key.ptr, a->key.len) != 0 ||
                !tree_eq(&a->value, &b->value))
                return false;
        }
        return true;
    default:
        return true;
    }
}

/* Write v with flags, parse the output again and check the trees are equal; with sort keys
 * the second tree is compared after writing it again (the bytes must be the same). */
static void check_round_trip(const struct cvd_json *v, unsigned parse_flags, const char *name)
{
    static const unsigned modes[] = {0, CVD_JSON_PRETTY, CVD_JSON_SORT_KEYS,
                                     CVD_JSON_PRETTY | CVD_JSON_SORT_KEYS};
    for (size_t m = 0; m < sizeof(modes) / sizeof(modes[0]); m++) {
        struct cvd_buf out;
        cvd_buf_init(&out, 0);
        struct cvd_json_writer w;
        cvd_json_writer_init(&w, &out, modes[m] & CVD_JSON_PRETTY);
        int rc = cvd_json_write_value(&w, v, modes[m] & CVD_JSON_SORT_KEYS);
        if (rc == 0)
            rc = cvd_json_writer_finish(&w);
        if (rc != 0)
            fail_msg("%s: writing (mode %u) failed: %s", name, modes[m], cvd_err_name(rc));
        struct cvd_arena a;
        cvd_arena_init(&a, 0);
        const struct cvd_json *back;
        struct cvd_diag d;
        rc = parse(&a, out.ptr, out.len, parse_flags, &back, &d);
        if (rc != 0)
            fail_msg("%s: output of mode %u does not parse: %s (%s)", name, modes[m], d.msg,
                     out.ptr);
        if (modes[m] & CVD_JSON_SORT_KEYS) {
            struct cvd_buf again;
            cvd_buf_init(&again, 0);
            cvd_json_writer_init(&w, &again, modes[m] & CVD_JSON_PRETTY);
            assert_int_equal(cvd_json_write_value(&w, back, CVD_JSON_SORT_KEYS), 0);
            assert_int_equal(cvd_json_writer_finish(&w), 0);
            if (again.len != out.len || memcmp(again.ptr, out.ptr, out.len) != 0)
                fail_msg("%s: sorted output is not stable", name);
            cvd_buf_release(&again);
        } else if (!tree_eq(v, back)) {
            fail_msg("%s: round trip (mode %u) changed the tree", name, modes[m]);
        }
        cvd_arena_release(&a);
        cvd_buf_release(&out);
    }
}

static char *write_compact(const struct cvd_json *v, unsigned flags)
{
    struct cvd_buf out;
    cvd_buf_init(&out, 0);
    struct cvd_json_writer w;
    cvd_json_writer_init(&w, &out, flags & CVD_JSON_PRETTY);
    assert_int_equal(cvd_json_write_value(&w, v, flags), 0);
    assert_int_equal(cvd_json_writer_finish(&w), 0);
    size_t len;
    char *s = cvd_buf_detach(&out, &len);
    assert_non_null(s);
    return s;
}

/* ---- JSONTestSuite (tests/data/json/test_parsing) ---- */

/* The documented choice for every i_ file (tests/data/json/README.md). */
static const struct {
    const char *name;
    int rc;
} i_choices[] = {
    {"i_number_double_huge_neg_exp.json", 0},
    {"i_number_huge_exp.json", 0},
    {"i_number_neg_int_huge_exp.json", 0},
    {"i_number_pos_double_huge_exp.json", 0},
    {"i_number_real_neg_overflow.json", 0},
    {"i_number_real_pos_overflow.json", 0},
    {"i_number_real_underflow.json", 0},
    {"i_number_too_big_neg_int.json", 0},
    {"i_number_too_big_pos_int.json", 0},
    {"i_number_very_big_negative_int.json", 0},
    {"i_object_key_lone_2nd_surrogate.json", CVD_EUTF8},
    {"i_string_1st_surrogate_but_2nd_missing.json", CVD_EUTF8},
    {"i_string_1st_valid_surrogate_2nd_invalid.json", CVD_EUTF8},
    {"i_string_UTF-16LE_with_BOM.json", CVD_EPARSE},
    {"i_string_UTF-8_invalid_sequence.json", CVD_EUTF8},
    {"i_string_UTF8_surrogate_U+D800.json", CVD_EUTF8},
    {"i_string_incomplete_surrogate_and_escape_valid.json", CVD_EUTF8},
    {"i_string_incomplete_surrogate_pair.json", CVD_EUTF8},
    {"i_string_incomplete_surrogates_escape_valid.json", CVD_EUTF8},
    {"i_string_invalid_lonely_surrogate.json", CVD_EUTF8},
    {"i_string_invalid_surrogate.json", CVD_EUTF8},
    {"i_string_invalid_utf-8.json", CVD_EUTF8},
    {"i_string_inverted_surrogates_U+1D11E.json", CVD_EUTF8},
    {"i_string_iso_latin_1.json", CVD_EUTF8},
    {"i_string_lone_second_surrogate.json", CVD_EUTF8},
    {"i_string_lone_utf8_continuation_byte.json", CVD_EUTF8},
    {"i_string_not_in_unicode_range.json", CVD_EUTF8},
    {"i_string_overlong_sequence_2_bytes.json", CVD_EUTF8},
    {"i_string_overlong_sequence_6_bytes.json", CVD_EUTF8},
    {"i_string_overlong_sequence_6_bytes_null.json", CVD_EUTF8},
    {"i_string_truncated-utf-8.json", CVD_EUTF8},
    {"i_string_utf16BE_no_BOM.json", CVD_EPARSE},
    {"i_string_utf16LE_no_BOM.json", CVD_EPARSE},
    {"i_structure_500_nested_arrays.json", CVD_ELIMIT},
    {"i_structure_UTF-8_BOM_empty_object.json", CVD_EPARSE},
};

/* y_ files cvd rejects by default (duplicate keys); they are accepted with
 * CVD_JSON_ALLOW_DUPLICATES. */
static bool is_y_duplicate(const char *name)
{
    return strcmp(name, "y_object_duplicated_key.json") == 0 ||
           strcmp(name, "y_object_duplicated_key_and_value.json") == 0;
}

static void test_suite_parsing(void **state)
{
    (void)state;
    char *dir = path_join(data_dir(), "json/test_parsing");
    struct names files = {0};
    list_dir(&files, dir, ".json", false, NULL);
    size_t counts[3] = {0, 0, 0};
    size_t i_seen = 0;
    assert_true(files.len > 300);
    for (size_t i = 0; i < files.len; i++) {
        const char *name = base_name(files.v[i]);
        struct file f = read_file(files.v[i]);
        struct cvd_arena a;
        cvd_arena_init(&a, 0);
        const struct cvd_json *root = NULL;
        struct cvd_diag d;
        int rc = parse(&a, f.data, f.len, 0, &root, &d);
        if (name[0] == 'y') {
            counts[0]++;
            if (is_y_duplicate(name)) {
                assert_int_equal(rc, CVD_EDUP);
                assert_non_null(strstr(d.msg, "duplicate key 'a'"));
                cvd_arena_release(&a);
                rc = parse(&a, f.data, f.len, CVD_JSON_ALLOW_DUPLICATES, &root, &d);
            }
            if (rc != 0)
                fail_msg("%s rejected: %s at %u:%u", name, d.msg, d.line, d.column);
            check_round_trip(root, CVD_JSON_ALLOW_DUPLICATES, name);
        } else if (name[0] == 'n') {
            counts[1]++;
            if (rc == 0)
                fail_msg("%s accepted", name);
            if (rc != CVD_EPARSE && rc != CVD_EUTF8 && rc != CVD_ELIMIT)
                fail_msg("%s: unexpected error %s", name, cvd_err_name(rc));
            assert_true(d.line >= 1 && d.column >= 1);
            assert_true(d.offset <= f.len);
            assert_int_equal(d.code, rc);
            assert_true(d.msg[0] != '\0');
        } else {
            counts[2]++;
            size_t k;
            for (k = 0; k < sizeof(i_choices) / sizeof(i_choices[0]); k++) {
                if (strcmp(i_choices[k].name, name) == 0)
                    break;
            }
            if (k == sizeof(i_choices) / sizeof(i_choices[0]))
                fail_msg("%s: no documented choice", name);
            i_seen++;
            if (rc != i_choices[k].rc)
                fail_msg("%s: got %s, documented %s (%s)", name, cvd_err_name(rc),
                         cvd_err_name(i_choices[k].rc), d.msg);
            if (rc == 0)
                check_round_trip(root, 0, name);
        }
        cvd_arena_release(&a);
        free(f.data);
    }
    assert_int_equal(i_seen, sizeof(i_choices) / sizeof(i_choices[0]));
    print_message("JSONTestSuite: %zu y_, %zu n_, %zu i_ files\n", counts[0], counts[1], counts[2]);
    names_free(&files);
    free(dir);
}

/* test_transform: what cvd does with each edge case; accepted ones are written back compact. */
static void test_suite_transform(void **state)
{
    (void)state;
    static const struct {
        const char *name;
        int rc;
        const char *out; /* compact output, for rc == 0 */
    } cases[] = {
        {"number_-9223372036854775808.json", 0, "[-9223372036854775808]"},
        {"number_-9223372036854775809.json", 0, "[-9223372036854775809]"},
        {"number_1.0.json", 0, "[1.0]"},
        {"number_1.000000000000000005.json", 0, "[1.000000000000000005]"},
        {"number_1000000000000000.json", 0, "[1000000000000000]"},
        {"number_10000000000000000999.json", 0, "[10000000000000000999]"},
        {"number_1e-999.json", 0, "[1E-999]"},
        {"number_1e6.json", 0, "[1E6]"},
        {"number_9223372036854775807.json", 0, "[9223372036854775807]"},
        {"number_9223372036854775808.json", 0, "[9223372036854775808]"},
        {"object_key_nfc_nfd.json", 0, "{\"\xC3\xA9\":\"NFC\",\"e\xCC\x81\":\"NFD\"}"},
        {"object_key_nfd_nfc.json", 0, "{\"e\xCC\x81\":\"NFD\",\"\xC3\xA9\":\"NFC\"}"},
        {"object_same_key_different_values.json", CVD_EDUP, NULL},
        {"object_same_key_same_value.json", CVD_EDUP, NULL},
        {"object_same_key_unclear_values.json", CVD_EDUP, NULL},
        {"string_1_escaped_invalid_codepoint.json", CVD_EUTF8, NULL},
        {"string_1_invalid_codepoint.json", CVD_EUTF8, NULL},
        {"string_2_escaped_invalid_codepoints.json", CVD_EUTF8, NULL},
        {"string_2_invalid_codepoints.json", CVD_EUTF8, NULL},
        {"string_3_escaped_invalid_codepoints.json", CVD_EUTF8, NULL},
        {"string_3_invalid_codepoints.json", CVD_EUTF8, NULL},
        {"string_with_escaped_NULL.json", 0, "[\"A\\u0000B\"]"},
    };
    char *dir = path_join(data_dir(), "json/test_transform");
    struct names files = {0};
    list_dir(&files, dir, ".json", false, NULL);
    assert_int_equal(files.len, sizeof(cases) / sizeof(cases[0]));
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char *path = path_join(dir, cases[i].name);
        struct file f = read_file(path);
        struct cvd_arena a;
        cvd_arena_init(&a, 0);
        const struct cvd_json *root;
        struct cvd_diag d;
        int rc = parse(&a, f.data, f.len, 0, &root, &d);
        if (rc != cases[i].rc)
            fail_msg("%s: got %s, expected %s", cases[i].name, cvd_err_name(rc),
                     cvd_err_name(cases[i].rc));
        if (rc == 0) {
            char *out = write_compact(root, 0);
            if (strcmp(out, cases[i].out) != 0)
                fail_msg("%s: wrote %s, expected %s", cases[i].name, out, cases[i].out);
            cvd_free(out);
        }
        /* Duplicates are kept, in order, when allowed. */
        if (rc == CVD_EDUP) {
            assert_int_equal(parse(&a, f.data, f.len, CVD_JSON_ALLOW_DUPLICATES, &root, &d), 0);
            assert_int_equal(cvd_json_len(root), 2);
            char *out = write_compact(root, CVD_JSON_SORT_KEYS);
            assert_true(strncmp(out, "{\"a\":", 5) == 0);
            cvd_free(out);
        }
        cvd_arena_release(&a);
        free(f.data);
        free(path);
    }
    names_free(&files);
    free(dir);
}

static void test_differential_suite(void **state)
{
    (void)state;
    size_t counts[3] = {0, 0, 0};
    char *dir = path_join(data_dir(), "json/test_parsing");
    run_differential_dir(dir, NULL, counts);
    print_message("jansson vs cvd on JSONTestSuite: %zu both accept, %zu both reject, %zu "
                  "documented differences\n",
                  counts[0], counts[1], counts[2]);
    /* The differences: 8 i_number files (too big integer / real overflow), the 500 nested
     * arrays, n_multidigit_number_then_00 (NUL after the document) and
     * y_object_escaped_null_in_key (NUL in a key). */
    assert_int_equal(counts[2], 11);
    free(dir);
}

static void test_differential_corpus(void **state)
{
    (void)state;
    size_t counts[3] = {0, 0, 0};
    char *dir = path_join(data_dir(), "json/corpus");
    run_differential_dir(dir, NULL, counts);
    print_message("jansson vs cvd on tests/data/json/corpus: %zu accepted, %zu rejected\n",
                  counts[0], counts[1]);
    assert_true(counts[0] >= 20);
    assert_int_equal(counts[1], 2); /* the two files with trailing garbage */
    assert_int_equal(counts[2], 0);
    free(dir);
}

/* ---- reader details ---- */

static void expect_error(const char *text, int code, uint32_t line, uint32_t column,
                         const char *msg)
{
    struct cvd_arena a;
    cvd_arena_init(&a, 0);
    const struct cvd_json *root = NULL;
    struct cvd_diag d;
    int rc = parse_cstr(&a, text, &root, &d);
    if (rc != code || d.code != code || d.line != line || d.column != column ||
        strstr(d.msg, msg) == NULL)
        fail_msg("input %s: got %s %u:%u '%s', expected %s %u:%u '%s'", text, cvd_err_name(rc),
                 d.line, d.column, d.msg, cvd_err_name(code), line, column, msg);
    cvd_arena_release(&a);
}

static void test_errors(void **state)
{
    (void)state;
    expect_error("{\"a\":1 x}", CVD_EPARSE, 1, 8,
                 "expected ',' or '}' after object member, found 'x'");
    expect_error("[1,\n 2\n,,]", CVD_EPARSE, 3, 2, "expected value, found ','");
    expect_error("[1 2]", CVD_EPARSE, 1, 4, "expected ',' or ']' after array item, found '2'");
    expect_error("{\"a\" 1}", CVD_EPARSE, 1, 6, "expected ':' after object key, found '1'");
    expect_error("{1:2}", CVD_EPARSE, 1, 2, "expected '\"' to start an object key, found '1'");
    expect_error("[", CVD_EPARSE, 1, 2, "expected value, found end of input");
    expect_error("", CVD_EPARSE, 1, 1, "expected value, found end of input");
    expect_error("[1]x", CVD_EPARSE, 1, 4, "unexpected 'x' after the document");
    expect_error("\"abc", CVD_EPARSE, 1, 1, "unterminated string");
    expect_error("\"a\tb\"", CVD_EPARSE, 1, 3, "unescaped control character 0x09");
    expect_error("\"\\x\"", CVD_EPARSE, 1, 2, "invalid escape '\\x'");
    expect_error("\"\\u12G4\"", CVD_EPARSE, 1, 6, "expected hex digit in \\u escape, found 'G'");
    expect_error("\"\\uDC00\"", CVD_EUTF8, 1, 2, "lone low surrogate \\uDC00");
    expect_error("\"\\uD800x\"", CVD_EUTF8, 1, 2, "high surrogate \\uD800 not followed");
    expect_error("\"\xC3\"", CVD_EUTF8, 1, 2, "invalid UTF-8 in string at byte 0xC3");
    expect_error("\xEF\xBB\xBF{}", CVD_EPARSE, 1, 1, "byte order mark");
    expect_error("-", CVD_EPARSE, 1, 2, "expected digit after '-', found end of input");
    expect_error("01", CVD_EPARSE, 1, 1, "leading zero");
    expect_error("1.", CVD_EPARSE, 1, 3, "expected digit after '.'");
    expect_error("1e+", CVD_EPARSE, 1, 4, "expected digit in exponent");
    expect_error("tru", CVD_EPARSE, 1, 1, "expected value, found 't'");
    expect_error("\x01", CVD_EPARSE, 1, 1, "expected value, found byte 0x01");
    expect_error("{\"id\":1,\"x\":{},\n  \"id\":2}", CVD_EDUP, 2, 3, "duplicate key 'id'");
    expect_error("{\"k\\u0000\":1,\"k\\u0000\":2}", CVD_EDUP, 1, 14, "duplicate key 'k\\x00'");
}

static void test_duplicates_large_object(void **state)
{
    (void)state;
    /* More than 16 members takes the hash-set path. */
    struct cvd_buf b;
    cvd_buf_init(&b, 0);
    assert_int_equal(cvd_buf_add_char(&b, '{'), 0);
    for (int i = 0; i < 1000; i++)
        assert_int_equal(cvd_buf_printf(&b, "%s\"key%d\":%d", i ? "," : "", i, i), 0);
    assert_int_equal(cvd_buf_add_cstr(&b, "}"), 0);
    struct cvd_arena a;
    cvd_arena_init(&a, 0);
    const struct cvd_json *root;
    struct cvd_diag d;
    assert_int_equal(parse(&a, b.ptr, b.len, 0, &root, &d), 0);
    assert_int_equal(cvd_json_len(root), 1000);
    int64_t n;
    assert_int_equal(cvd_json_to_i64(cvd_json_get(root, "key777"), &n), 0);
    assert_int_equal(n, 777);
    b.len--; /* drop '}' */
    assert_int_equal(cvd_buf_add_cstr(&b, ",\"key500\":0}"), 0);
    assert_int_equal(parse(&a, b.ptr, b.len, 0, &root, &d), CVD_EDUP);
    assert_non_null(strstr(d.msg, "duplicate key 'key500'"));
    assert_int_equal(d.offset, b.len - 11);
    assert_int_equal(parse(&a, b.ptr, b.len, CVD_JSON_ALLOW_DUPLICATES, &root, &d), 0);
    assert_int_equal(cvd_json_len(root), 1001);
    assert_int_equal(cvd_json_to_i64(cvd_json_get(root, "key500"), &n), 0);
    assert_int_equal(n, 500); /* the first one */
    cvd_arena_release(&a);
    cvd_buf_release(&b);
}

static void test_tree_access(void **state)
{
    (void)state;
    const char *text =
        " {\"s\":\"a\\u00e9\\ud83d\\ude00\\n\", \"n\":-1.5e3, \"a\":[true,false,null,"
        "[],{}], \"e\":\"\"} ";
    struct cvd_arena a;
    cvd_arena_init(&a, 0);
    const struct cvd_json *root;
    struct cvd_diag d;
    assert_int_equal(parse_cstr(&a, text, &root, &d), 0);
    assert_true(cvd_json_is(root, CVD_JSON_OBJECT));
    assert_int_equal(root->offset, 1);
    assert_int_equal(cvd_json_len(root), 4);
    struct cvd_str s = cvd_json_string(cvd_json_get(root, "s"));
    assert_int_equal(s.len, 8);
    assert_memory_equal(s.ptr, "a\xC3\xA9\xF0\x9F\x98\x80\n", 8);
    assert_int_equal(s.ptr[s.len], '\0');
    const struct cvd_json *n = cvd_json_get(root, "n");
    assert_true(cvd_json_is(n, CVD_JSON_NUMBER));
    assert_string_equal(n->u.text.ptr, "-1.5e3");
    int64_t i;
    assert_int_equal(cvd_json_to_i64(n, &i), 0);
    assert_int_equal(i, -1500);
    const struct cvd_json *arr = cvd_json_get(root, "a");
    assert_int_equal(cvd_json_len(arr), 5);
    assert_int_equal(cvd_json_at(arr, 0)->type, CVD_JSON_TRUE);
    assert_int_equal(cvd_json_at(arr, 1)->type, CVD_JSON_FALSE);
    assert_int_equal(cvd_json_at(arr, 2)->type, CVD_JSON_NULL);
    assert_int_equal(cvd_json_at(arr, 3)->type, CVD_JSON_ARRAY);
    assert_int_equal(cvd_json_len(cvd_json_at(arr, 3)), 0);
    assert_int_equal(cvd_json_at(arr, 4)->type, CVD_JSON_OBJECT);
    assert_null(cvd_json_at(arr, 5));
    assert_null(cvd_json_at(root, 0));
    assert_null(cvd_json_get(arr, "x"));
    assert_null(cvd_json_get(root, "missing"));
    assert_null(cvd_json_get(root, NULL));
    assert_null(cvd_json_get(NULL, "s"));
    assert_null(cvd_json_member_at(root, 4));
    assert_string_equal(cvd_json_member_at(root, 2)->key.ptr, "a");
    assert_int_equal(cvd_json_len(NULL), 0);
    assert_null(cvd_json_string(n).ptr);
    assert_int_equal(cvd_json_string(cvd_json_get(root, "e")).len, 0);
    assert_int_equal(cvd_json_to_i64(arr, &i), CVD_ETYPE);
    assert_int_equal(cvd_json_parse(NULL, "1", 1, NULL, 0, &root, &d), CVD_EINVAL);
    cvd_arena_release(&a);
}

static void test_numbers(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        int i64_rc;
        int64_t i64;
        int u64_rc;
        uint64_t u64;
        int dbl_rc;
        double dbl;
    } cases[] = {
        {"0", 0, 0, 0, 0, 0, 0.0},
        {"-0", 0, 0, 0, 0, 0, -0.0},
        {"42", 0, 42, 0, 42, 0, 42.0},
        {"-42", 0, -42, CVD_ERANGE, 0, 0, -42.0},
        {"9223372036854775807", 0, INT64_MAX, 0, INT64_MAX, 0, 9223372036854775807.0},
        {"9223372036854775808", CVD_ERANGE, 0, 0, UINT64_C(9223372036854775808), 0,
         9223372036854775808.0},
        {"-9223372036854775808", 0, INT64_MIN, CVD_ERANGE, 0, 0, -9223372036854775808.0},
        {"-9223372036854775809", CVD_ERANGE, 0, CVD_ERANGE, 0, 0, -9223372036854775809.0},
        {"18446744073709551615", CVD_ERANGE, 0, 0, UINT64_MAX, 0, 18446744073709551615.0},
        {"18446744073709551616", CVD_ERANGE, 0, CVD_ERANGE, 0, 0, 18446744073709551616.0},
        {"1.5", CVD_ERANGE, 0, CVD_ERANGE, 0, 0, 1.5},
        {"1.0", 0, 1, 0, 1, 0, 1.0},
        {"1.50e1", 0, 15, 0, 15, 0, 15.0},
        {"150e-1", 0, 15, 0, 15, 0, 15.0},
        {"151e-1", CVD_ERANGE, 0, CVD_ERANGE, 0, 0, 15.1},
        {"1E6", 0, 1000000, 0, 1000000, 0, 1e6},
        {"0.000e999999999999", 0, 0, 0, 0, 0, 0.0},
        {"1e19", CVD_ERANGE, 0, 0, UINT64_C(10000000000000000000), 0, 1e19},
        {"1e20", CVD_ERANGE, 0, CVD_ERANGE, 0, 0, 1e20},
        {"1e400", CVD_ERANGE, 0, CVD_ERANGE, 0, CVD_ERANGE, 0},
        {"-1e400", CVD_ERANGE, 0, CVD_ERANGE, 0, CVD_ERANGE, 0},
        {"1e-400", CVD_ERANGE, 0, CVD_ERANGE, 0, 0, 0.0},
        {"1.000000000000000005", CVD_ERANGE, 0, CVD_ERANGE, 0, 0, 1.0},
        {"10000000000000000000000000000e-10", 0, 1000000000000000000, 0, 1000000000000000000, 0,
         1e18},
        {"10000000000000000000000000001e-10", CVD_ERANGE, 0, CVD_ERANGE, 0, 0, 1e18},
        {"1000000000000000000000000000000e-12", 0, 1000000000000000000, 0, 1000000000000000000, 0,
         1e18},
        {"0.1", CVD_ERANGE, 0, CVD_ERANGE, 0, 0, 0.1},
    };
    for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
        struct cvd_arena a;
        cvd_arena_init(&a, 0);
        const struct cvd_json *v;
        struct cvd_diag d;
        assert_int_equal(parse_cstr(&a, cases[k].text, &v, &d), 0);
        int64_t i = 0;
        uint64_t u = 0;
        double x = 0;
        int rc = cvd_json_to_i64(v, &i);
        if (rc != cases[k].i64_rc || (rc == 0 && i != cases[k].i64))
            fail_msg("%s: i64 %s %lld", cases[k].text, cvd_err_name(rc), (long long)i);
        rc = cvd_json_to_u64(v, &u);
        if (rc != cases[k].u64_rc || (rc == 0 && u != cases[k].u64))
            fail_msg("%s: u64 %s %llu", cases[k].text, cvd_err_name(rc), (unsigned long long)u);
        rc = cvd_json_to_double(v, &x);
        if (rc != cases[k].dbl_rc || (rc == 0 && x != cases[k].dbl))
            fail_msg("%s: double %s %.17g", cases[k].text, cvd_err_name(rc), x);
        cvd_arena_release(&a);
    }
}

static void test_limits(void **state)
{
    (void)state;
    struct cvd_arena a;
    cvd_arena_init(&a, 0);
    const struct cvd_json *root;
    struct cvd_diag d;
    struct cvd_limits lim = cvd_limits_default;

    /* depth: 64 levels pass, 65 fail */
    char deep[200];
    memset(deep, '[', 65);
    memset(deep + 65, ']', 65);
    assert_int_equal(cvd_json_parse(&a, deep + 1, 128, NULL, 0, &root, &d), 0);
    assert_int_equal(cvd_json_parse(&a, deep, 130, NULL, 0, &root, &d), CVD_ELIMIT);
    assert_int_equal(d.column, 65);
    lim.depth = 2;
    assert_int_equal(cvd_json_parse(&a, "[[1]]", 5, &lim, 0, &root, &d), 0);
    assert_int_equal(cvd_json_parse(&a, "[{\"a\":[]}]", 10, &lim, 0, &root, &d), CVD_ELIMIT);
    lim.depth = 0;
    assert_int_equal(cvd_json_parse(&a, "1", 1, &lim, 0, &root, &d), 0);
    assert_int_equal(cvd_json_parse(&a, "[]", 2, &lim, 0, &root, &d), CVD_ELIMIT);

    lim = cvd_limits_default;
    lim.string_bytes = 3;
    assert_int_equal(cvd_json_parse(&a, "[\"abc\"]", 7, &lim, 0, &root, &d), 0);
    assert_int_equal(cvd_json_parse(&a, "[\"abcd\"]", 8, &lim, 0, &root, &d), CVD_ELIMIT);
    assert_int_equal(d.column, 2);
    /* decoded bytes count: six escaped bytes decode to three */
    assert_int_equal(cvd_json_parse(&a, "\"\\n\\n\\n\"", 8, &lim, 0, &root, &d), 0);
    assert_int_equal(cvd_json_parse(&a, "{\"abcd\":1}", 10, &lim, 0, &root, &d), CVD_ELIMIT);

    lim = cvd_limits_default;
    lim.array_items = 2;
    assert_int_equal(cvd_json_parse(&a, "[1,2]", 5, &lim, 0, &root, &d), 0);
    assert_int_equal(cvd_json_parse(&a, "[1,2,3]", 7, &lim, 0, &root, &d), CVD_ELIMIT);
    assert_non_null(strstr(d.msg, "array with more than 2 items"));

    lim = cvd_limits_default;
    lim.object_members = 1;
    assert_int_equal(cvd_json_parse(&a, "{\"a\":{\"b\":1}}", 13, &lim, 0, &root, &d), 0);
    assert_int_equal(cvd_json_parse(&a, "{\"a\":1,\"b\":2}", 13, &lim, 0, &root, &d), CVD_ELIMIT);

    lim = cvd_limits_default;
    lim.total_nodes = 3;
    assert_int_equal(cvd_json_parse(&a, "[1,2]", 5, &lim, 0, &root, &d), 0);
    assert_int_equal(cvd_json_parse(&a, "[1,[2]]", 7, &lim, 0, &root, &d), CVD_ELIMIT);

    lim = cvd_limits_default;
    lim.input_bytes = 4;
    assert_int_equal(cvd_json_parse(&a, "[11]", 4, &lim, 0, &root, &d), 0);
    assert_int_equal(cvd_json_parse(&a, "[111]", 5, &lim, 0, &root, &d), CVD_ELIMIT);
    cvd_arena_release(&a);

    /* an arena cap too small for the document */
    cvd_arena_init(&a, 100);
    assert_int_equal(cvd_json_parse(&a, "[\"abc\"]", 7, NULL, 0, &root, &d), CVD_ELIMIT);
    cvd_arena_release(&a);
}

/* Fail every allocation in turn: each failure must be CVD_ENOMEM and leak nothing (ASan). */
static long alloc_failures(const char *label, const char *data, size_t len)
{
    long failed = 0;
    for (long n = 1;; n++) {
        struct cvd_arena a;
        cvd_arena_init(&a, 0);
        const struct cvd_json *root = NULL;
        struct cvd_diag d;
        cvd_alloc_fail_at(n);
        int rc = parse(&a, data, len, 0, &root, &d);
        cvd_alloc_fail_at(0);
        if (rc == 0) {
            /* the writer's allocations too (sorted keys, growing buffer) */
            for (long m = 1;; m++) {
                struct cvd_buf out;
                cvd_buf_init(&out, 0);
                struct cvd_json_writer w;
                cvd_json_writer_init(&w, &out, CVD_JSON_PRETTY);
                cvd_alloc_fail_at(m);
                int wrc = cvd_json_write_value(&w, root, CVD_JSON_SORT_KEYS);
                cvd_alloc_fail_at(0);
                cvd_buf_release(&out);
                if (wrc == 0)
                    break;
                if (wrc != CVD_ENOMEM)
                    fail_msg("%s: writer allocation %ld: %s", label, m, cvd_err_name(wrc));
            }
            cvd_arena_release(&a);
            return failed;
        }
        failed++;
        if (rc != CVD_ENOMEM || d.code != CVD_ENOMEM)
            fail_msg("%s: allocation %ld: got %s (%s)", label, n, cvd_err_name(rc), d.msg);
        cvd_arena_release(&a);
        if (n > 100000)
            fail_msg("%s: never succeeds", label);
    }
}

static void test_alloc_failures(void **state)
{
    (void)state;
    const char *small = "{\"a\":[1,2,{\"b\":\"x\\ny\"}],\"c\":{\"d\":null,\"e\":[[],{}]},"
                        "\"f\":\"caf\xC3\xA9\",\"g\":-1.5e10}";
    /* arena chunk, scratch stacks, frames: at least three allocations can fail */
    assert_true(alloc_failures("small", small, strlen(small)) >= 3);
    /* a large object (hash-set path) and big arrays (scratch growth) */
    struct cvd_buf b;
    cvd_buf_init(&b, 0);
    assert_int_equal(cvd_buf_add_cstr(&b, "{"), 0);
    for (int i = 0; i < 300; i++)
        assert_int_equal(
            cvd_buf_printf(&b, "%s\"k%d\":[%d,%d,\"s%d\"]", i ? "," : "", i, i, i * 2, i), 0);
    assert_int_equal(cvd_buf_add_cstr(&b, "}"), 0);
    assert_true(alloc_failures("generated", b.ptr, b.len) >= 5);
    cvd_buf_release(&b);
    char *path = path_join(data_dir(), "json/corpus/CVE-2024-3094.json");
    struct file f = read_file(path);
    assert_true(alloc_failures(path, f.data, f.len) >= 3);
    free(f.data);
    free(path);
}

/* ---- writer ---- */

struct wtest {
    struct cvd_buf out;
    struct cvd_json_writer w;
};

static void wt_init(struct wtest *t, unsigned flags, size_t max)
{
    cvd_buf_init(&t->out, max);
    cvd_json_writer_init(&t->w, &t->out, flags);
}

static void wt_expect(struct wtest *t, const char *expected)
{
    assert_int_equal(cvd_json_writer_finish(&t->w), 0);
    assert_non_null(t->out.ptr);
    assert_string_equal(t->out.ptr, expected);
    cvd_buf_release(&t->out);
}

static void test_writer_basic(void **state)
{
    (void)state;
    struct wtest t;
    wt_init(&t, 0, 0);
    struct cvd_json_writer *w = &t.w;
    assert_int_equal(cvd_json_write_object_begin(w), 0);
    assert_int_equal(cvd_json_write_kv_cstr(w, "id", "CVE-2024-3094"), 0);
    assert_int_equal(cvd_json_write_kv_i64(w, "n", -12), 0);
    assert_int_equal(cvd_json_write_kv_bool(w, "ok", true), 0);
    assert_int_equal(cvd_json_write_kv_cstr(w, "none", NULL), 0);
    assert_int_equal(cvd_json_write_key(w, CVD_STR("list")), 0);
    assert_int_equal(cvd_json_write_array_begin(w), 0);
    assert_int_equal(cvd_json_write_u64(w, UINT64_MAX), 0);
    assert_int_equal(cvd_json_write_i64(w, INT64_MIN), 0);
    assert_int_equal(cvd_json_write_tenths(w, 73), 0);
    assert_int_equal(cvd_json_write_tenths(w, 100), 0);
    assert_int_equal(cvd_json_write_tenths(w, 0), 0);
    assert_int_equal(cvd_json_write_tenths(w, -5), 0);
    assert_int_equal(cvd_json_write_double(w, 0.1), 0);
    assert_int_equal(cvd_json_write_double(w, 1e300), 0);
    assert_int_equal(cvd_json_write_double(w, -0.0), 0);
    assert_int_equal(cvd_json_write_double(w, 1.0 / 3.0), 0);
    assert_int_equal(cvd_json_write_double(w, 5e-324), 0);
    assert_int_equal(cvd_json_write_number_text(w, CVD_STR("1.50E+2")), 0);
    assert_int_equal(cvd_json_write_bool(w, false), 0);
    assert_int_equal(cvd_json_write_null(w), 0);
    assert_int_equal(cvd_json_write_array_begin(w), 0);
    assert_int_equal(cvd_json_write_array_end(w), 0);
    assert_int_equal(cvd_json_write_object_begin(w), 0);
    assert_int_equal(cvd_json_write_object_end(w), 0);
    assert_int_equal(cvd_json_write_array_end(w), 0);
    assert_int_equal(cvd_json_write_object_end(w), 0);
    wt_expect(&t, "{\"id\":\"CVE-2024-3094\",\"n\":-12,\"ok\":true,\"none\":null,\"list\":["
                  "18446744073709551615,-9223372036854775808,7.3,10.0,0.0,-0.5,0.1,1e+300,-0,"
                  "0.3333333333333333,5e-324,1.50E+2,false,null,[],{}]}");

    /* a scalar document */
    wt_init(&t, 0, 0);
    assert_int_equal(cvd_json_write_cstr(&t.w, "x"), 0);
    wt_expect(&t, "\"x\"");
}

static void test_writer_escaping(void **state)
{
    (void)state;
    struct wtest t;
    wt_init(&t, 0, 0);
    static const char in[] = "a\"b\\c/\n\r\t\b\f\x01\x1f\x7f\xE2\x80\xA8\xE2\x80\xA9\xE2\x82\xAC"
                             "\xC3\xA9\xF0\x9F\x98\x80";
    struct cvd_str s = {in, sizeof(in) - 1};
    assert_int_equal(cvd_json_write_array_begin(&t.w), 0);
    assert_int_equal(cvd_json_write_string(&t.w, s), 0);
    assert_int_equal(cvd_json_write_string(&t.w, (struct cvd_str){"a\0b", 3}), 0);
    assert_int_equal(cvd_json_write_array_end(&t.w), 0);
    wt_expect(&t, "[\"a\\\"b\\\\c/\\n\\r\\t\\b\\f\\u0001\\u001f\\u007f\\u2028\\u2029\xE2\x82\xAC"
                  "\xC3\xA9\xF0\x9F\x98\x80\",\"a\\u0000b\"]");
}

static void test_writer_sorted_pretty(void **state)
{
    (void)state;
    struct cvd_arena a;
    cvd_arena_init(&a, 0);
    const struct cvd_json *root;
    struct cvd_diag d;
    assert_int_equal(
        parse_cstr(&a,
                   "{\"b\":1,\"a\":{\"d\":[2,{}],\"c\":[]},\"B\":0,\"\xC3\xA9\":1,\"z\":2,"
                   "\"aa\":3}",
                   &root, &d),
        0);
    char *out = write_compact(root, CVD_JSON_SORT_KEYS);
    assert_string_equal(
        out, "{\"B\":0,\"a\":{\"c\":[],\"d\":[2,{}]},\"aa\":3,\"b\":1,\"z\":2,\"\xC3\xA9\":1}");
    cvd_free(out);
    out = write_compact(root, 0);
    assert_string_equal(
        out, "{\"b\":1,\"a\":{\"d\":[2,{}],\"c\":[]},\"B\":0,\"\xC3\xA9\":1,\"z\":2,\"aa\":3}");
    cvd_free(out);
    out = write_compact(root, CVD_JSON_SORT_KEYS | CVD_JSON_PRETTY);
    assert_string_equal(out, "{\n"
                             "  \"B\": 0,\n"
                             "  \"a\": {\n"
                             "    \"c\": [],\n"
                             "    \"d\": [\n"
                             "      2,\n"
                             "      {}\n"
                             "    ]\n"
                             "  },\n"
                             "  \"aa\": 3,\n"
                             "  \"b\": 1,\n"
                             "  \"z\": 2,\n"
                             "  \"\xC3\xA9\": 1\n"
                             "}");
    cvd_free(out);
    /* duplicates keep document order when sorted */
    assert_int_equal(
        parse(&a, "{\"b\":2,\"a\":1,\"b\":1,\"a\":0}", 25, CVD_JSON_ALLOW_DUPLICATES, &root, &d),
        0);
    out = write_compact(root, CVD_JSON_SORT_KEYS);
    assert_string_equal(out, "{\"a\":1,\"a\":0,\"b\":2,\"b\":1}");
    cvd_free(out);
    cvd_arena_release(&a);
}

static void test_writer_errors(void **state)
{
    (void)state;
    struct wtest t;

    /* a value where a key is due; the error sticks */
    wt_init(&t, 0, 0);
    assert_int_equal(cvd_json_write_object_begin(&t.w), 0);
    assert_int_equal(cvd_json_write_i64(&t.w, 1), CVD_EINVAL);
    assert_int_equal(cvd_json_write_key(&t.w, CVD_STR("a")), CVD_EINVAL);
    assert_int_equal(cvd_json_writer_finish(&t.w), CVD_EINVAL);
    cvd_buf_release(&t.out);

    /* a key outside an object, a key after a key, ends of the wrong container */
    wt_init(&t, 0, 0);
    assert_int_equal(cvd_json_write_key(&t.w, CVD_STR("a")), CVD_EINVAL);
    cvd_buf_release(&t.out);
    wt_init(&t, 0, 0);
    assert_int_equal(cvd_json_write_object_begin(&t.w), 0);
    assert_int_equal(cvd_json_write_key(&t.w, CVD_STR("a")), 0);
    assert_int_equal(cvd_json_write_key(&t.w, CVD_STR("b")), CVD_EINVAL);
    cvd_buf_release(&t.out);
    wt_init(&t, 0, 0);
    assert_int_equal(cvd_json_write_object_begin(&t.w), 0);
    assert_int_equal(cvd_json_write_key(&t.w, CVD_STR("a")), 0);
    assert_int_equal(cvd_json_write_object_end(&t.w), CVD_EINVAL);
    cvd_buf_release(&t.out);
    wt_init(&t, 0, 0);
    assert_int_equal(cvd_json_write_array_begin(&t.w), 0);
    assert_int_equal(cvd_json_write_object_end(&t.w), CVD_EINVAL);
    cvd_buf_release(&t.out);
    wt_init(&t, 0, 0);
    assert_int_equal(cvd_json_write_array_end(&t.w), CVD_EINVAL);
    cvd_buf_release(&t.out);

    /* two top-level values; nothing written; an open container */
    wt_init(&t, 0, 0);
    assert_int_equal(cvd_json_write_null(&t.w), 0);
    assert_int_equal(cvd_json_write_null(&t.w), CVD_EINVAL);
    cvd_buf_release(&t.out);
    wt_init(&t, 0, 0);
    assert_int_equal(cvd_json_writer_finish(&t.w), CVD_EINVAL);
    cvd_buf_release(&t.out);
    wt_init(&t, 0, 0);
    assert_int_equal(cvd_json_write_array_begin(&t.w), 0);
    assert_int_equal(cvd_json_writer_finish(&t.w), CVD_EINVAL);
    cvd_buf_release(&t.out);

    /* invalid UTF-8 in a string and in a key */
    static const char *const bad[] = {"\xFF", "\xC0\xAF", "\xED\xA0\x80", "a\xE2\x80",
                                      "\xF4\x90\x80\x80"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        wt_init(&t, 0, 0);
        assert_int_equal(cvd_json_write_cstr(&t.w, bad[i]), CVD_EUTF8);
        assert_int_equal(cvd_json_writer_finish(&t.w), CVD_EUTF8);
        cvd_buf_release(&t.out);
        wt_init(&t, 0, 0);
        assert_int_equal(cvd_json_write_object_begin(&t.w), 0);
        assert_int_equal(cvd_json_write_key(&t.w, cvd_str_from_cstr(bad[i])), CVD_EUTF8);
        cvd_buf_release(&t.out);
    }

    /* non-finite doubles */
    wt_init(&t, 0, 0);
    assert_int_equal(cvd_json_write_double(&t.w, INFINITY), CVD_ERANGE);
    cvd_buf_release(&t.out);
    wt_init(&t, 0, 0);
    assert_int_equal(cvd_json_write_double(&t.w, NAN), CVD_ERANGE);
    cvd_buf_release(&t.out);

    /* number text must be a JSON number */
    static const char *const nums[] = {"", "01", "+1", "1.", ".5", "1e", "NaN", "1 ", "0x10", "-"};
    for (size_t i = 0; i < sizeof(nums) / sizeof(nums[0]); i++) {
        wt_init(&t, 0, 0);
        assert_int_equal(cvd_json_write_number_text(&t.w, cvd_str_from_cstr(nums[i])), CVD_EINVAL);
        cvd_buf_release(&t.out);
    }

    /* the buffer's limit */
    wt_init(&t, 0, 10);
    assert_int_equal(cvd_json_write_array_begin(&t.w), 0);
    assert_int_equal(cvd_json_write_cstr(&t.w, "12345"), 0);
    assert_int_equal(cvd_json_write_cstr(&t.w, "12345"), CVD_ELIMIT);
    assert_int_equal(cvd_json_write_array_end(&t.w), CVD_ELIMIT);
    assert_int_equal(cvd_json_writer_finish(&t.w), CVD_ELIMIT);
    assert_true(t.out.len <= 10);
    cvd_buf_release(&t.out);

    /* nesting deeper than the writer's stack */
    wt_init(&t, 0, 0);
    for (unsigned i = 0; i < CVD_JSON_WRITER_MAX_DEPTH; i++)
        assert_int_equal(cvd_json_write_array_begin(&t.w), 0);
    assert_int_equal(cvd_json_write_array_begin(&t.w), CVD_ELIMIT);
    cvd_buf_release(&t.out);

    /* NULL value */
    wt_init(&t, 0, 0);
    assert_int_equal(cvd_json_write_value(&t.w, NULL, 0), CVD_EINVAL);
    cvd_buf_release(&t.out);
}

static void test_writer_doubles_round_trip(void **state)
{
    (void)state;
    static const double values[] = {0.1,
                                    0.2,
                                    0.3,
                                    1.0 / 3,
                                    2.0 / 3,
                                    1e21,
                                    1e22,
                                    123456789.125,
                                    1.7976931348623157e308,
                                    2.2250738585072014e-308,
                                    4.9e-324,
                                    -1234.5678,
                                    100.0,
                                    7.3};
    for (size_t i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
        struct wtest t;
        wt_init(&t, 0, 0);
        assert_int_equal(cvd_json_write_double(&t.w, values[i]), 0);
        assert_int_equal(cvd_json_writer_finish(&t.w), 0);
        struct cvd_arena a;
        cvd_arena_init(&a, 0);
        const struct cvd_json *v;
        struct cvd_diag d;
        assert_int_equal(parse(&a, t.out.ptr, t.out.len, 0, &v, &d), 0);
        double x;
        assert_int_equal(cvd_json_to_double(v, &x), 0);
        if (x != values[i])
            fail_msg("%.17g written as %s", values[i], t.out.ptr);
        cvd_arena_release(&a);
        cvd_buf_release(&t.out);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_suite_parsing),
        cmocka_unit_test(test_suite_transform),
        cmocka_unit_test(test_differential_suite),
        cmocka_unit_test(test_differential_corpus),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_duplicates_large_object),
        cmocka_unit_test(test_tree_access),
        cmocka_unit_test(test_numbers),
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_alloc_failures),
        cmocka_unit_test(test_writer_basic),
        cmocka_unit_test(test_writer_escaping),
        cmocka_unit_test(test_writer_sorted_pretty),
        cmocka_unit_test(test_writer_errors),
        cmocka_unit_test(test_writer_doubles_round_trip),
    };
    return cmocka_run_group_tests_name("json", tests, NULL, NULL);
}
