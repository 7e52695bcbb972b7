/* base: errors, allocation hook, arena, strings and buffers, UTF-8, checked math, clock. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "cvd/alloc.h"
#include "cvd/arena.h"
#include "cvd/checked.h"
#include "cvd/clock.h"
#include "cvd/err.h"
#include "cvd/limits.h"
#include "cvd/str.h"
#include "cvd/utf8.h"

static void test_err_table(void **state)
{
    (void)state;
    assert_string_equal(cvd_err_name(0), "OK");
    assert_string_equal(cvd_err_name(CVD_ENOMEM), "ENOMEM");
    assert_string_equal(cvd_strerror(CVD_ENOMEM), "out of memory");
    assert_string_equal(cvd_err_name(CVD_ENOTSUP), "ENOTSUP");
    assert_string_equal(cvd_err_name(-10000), "EUNKNOWN");
    assert_string_equal(cvd_err_name(5), "EUNKNOWN");
    /* Codes are distinct, negative and dense, so the table lookups stay in bounds. */
    for (int rc = -1; rc >= -(int)CVD__ERR_COUNT; rc--)
        assert_string_not_equal(cvd_err_name(rc), "EUNKNOWN");

    struct cvd_diag d = {0};
    assert_int_equal(cvd_diag_set(&d, CVD_EPARSE, "bad '%s' at %d", "x", 3), CVD_EPARSE);
    assert_int_equal(d.code, CVD_EPARSE);
    assert_string_equal(d.msg, "bad 'x' at 3");
    assert_int_equal(cvd_diag_set(NULL, CVD_EINVAL, "ignored"), CVD_EINVAL);
    char big[600];
    memset(big, 'a', sizeof(big) - 1);
    big[sizeof(big) - 1] = '\0';
    cvd_diag_set(&d, CVD_ELIMIT, "%s", big);
    assert_int_equal(strlen(d.msg), sizeof(d.msg) - 1);
}

static void test_diag_set_at(void **state)
{
    (void)state;
    struct cvd_diag d = {.line = 3, .column = 9};
    assert_int_equal(cvd_diag_set_at(&d, CVD_EPARSE, 42, "bad '%s' at %d", "x", 42), CVD_EPARSE);
    assert_int_equal(d.code, CVD_EPARSE);
    assert_int_equal(d.offset, 42);
    assert_string_equal(d.msg, "bad 'x' at 42");
    /* line and column are the caller's. */
    assert_int_equal(d.line, 3);
    assert_int_equal(d.column, 9);
    assert_int_equal(cvd_diag_set_at(NULL, CVD_ELIMIT, 7, "ignored %d", 1), CVD_ELIMIT);
    char big[600];
    memset(big, 'b', sizeof(big) - 1);
    big[sizeof(big) - 1] = '\0';
    assert_int_equal(cvd_diag_set_at(&d, CVD_ELIMIT, SIZE_MAX, "%s", big), CVD_ELIMIT);
    assert_int_equal(d.offset, SIZE_MAX);
    assert_int_equal(strlen(d.msg), sizeof(d.msg) - 1);
}

static void test_diag_quote(void **state)
{
    (void)state;
    char out[8 + 4];
    assert_ptr_equal(cvd_diag_quote("abc", 3, 8, out), out);
    assert_string_equal(out, "abc");
    /* Exactly max bytes: not cut. */
    assert_string_equal(cvd_diag_quote("abcdefgh", 8, 8, out), "abcdefgh");
    /* Longer: max bytes and "...", filling out to its last byte. */
    assert_string_equal(cvd_diag_quote("abcdefghi", 9, 8, out), "abcdefgh...");
    /* Control bytes, DEL and bytes above 0x7f become '?'; a NUL does not end the subject. */
    assert_string_equal(cvd_diag_quote("a\tb\n\x7f\x80\xff", 7, 8, out), "a?b????");
    assert_string_equal(cvd_diag_quote("x\0y", 3, 8, out), "x?y");
    assert_string_equal(cvd_diag_quote(" ~", 2, 8, out), " ~");
    /* The cut counts input bytes, so a cut non-printable byte is not quoted. */
    assert_string_equal(cvd_diag_quote("\x01\x02\x03", 3, 2, out), "??...");
    assert_string_equal(cvd_diag_quote(NULL, 0, 8, out), "");
    assert_string_equal(cvd_diag_quote("abc", 3, 0, out), "...");
}

static void test_alloc_hook(void **state)
{
    (void)state;
    cvd_alloc_fail_at(2);
    void *a = cvd_malloc(8);
    assert_non_null(a);
    assert_null(cvd_malloc(8));
    assert_null(cvd_calloc(1, 8));
    assert_null(cvd_realloc(a, 16));
    assert_int_equal(cvd_alloc_count(), 4);
    cvd_alloc_fail_at(0);
    void *b = cvd_realloc(a, 16);
    assert_non_null(b);
    cvd_free(b);
    cvd_free(NULL);
}

static void test_arena_basic(void **state)
{
    (void)state;
    struct cvd_arena a;
    cvd_arena_init(&a, 0);
    char *p = cvd_arena_alloc(&a, 3);
    assert_non_null(p);
    char *q = cvd_arena_alloc(&a, 1);
    assert_int_equal((uintptr_t)q % CVD_ARENA_ALIGN, 0);
    assert_true(q >= p + 3);
    /* A request larger than any chunk gets one of its own. */
    char *big = cvd_arena_alloc(&a, CVD_ARENA_MAX_CHUNK + 5);
    assert_non_null(big);
    big[CVD_ARENA_MAX_CHUNK + 4] = 'x';
    /* Many small allocations across chunk boundaries stay distinct and aligned. */
    char *prev = NULL;
    for (int i = 0; i < 10000; i++) {
        char *r = cvd_arena_alloc(&a, 17);
        assert_non_null(r);
        assert_int_equal((uintptr_t)r % CVD_ARENA_ALIGN, 0);
        memset(r, i & 0xff, 17);
        assert_ptr_not_equal(r, prev);
        prev = r;
    }
    char *s = cvd_arena_strndup(&a, "hello world", 5);
    assert_string_equal(s, "hello");
    assert_non_null(cvd_arena_alloc(&a, 0));
    assert_int_equal(cvd_arena_error(&a), 0);
    cvd_arena_release(&a);
    assert_int_equal(cvd_arena_reserved(&a), 0);
    assert_non_null(cvd_arena_alloc(&a, 10)); /* usable again */
    cvd_arena_release(&a);
}

static void test_arena_limits(void **state)
{
    (void)state;
    struct cvd_arena a;
    cvd_arena_init(&a, 10000);
    assert_non_null(cvd_arena_alloc(&a, 4000));
    assert_null(cvd_arena_alloc(&a, 20000));
    assert_int_equal(cvd_arena_error(&a), CVD_ELIMIT);
    assert_null(cvd_arena_alloc_array(&a, SIZE_MAX / 2, 4));
    assert_null(cvd_arena_alloc(&a, SIZE_MAX));
    assert_null(cvd_arena_strndup(&a, "x", SIZE_MAX));
    cvd_arena_release(&a);

    cvd_arena_init(&a, 0);
    cvd_alloc_fail_at(1);
    assert_null(cvd_arena_alloc(&a, 1));
    assert_int_equal(cvd_arena_error(&a), CVD_ENOMEM);
    cvd_alloc_fail_at(0);
    cvd_arena_release(&a);
    assert_int_equal(cvd_arena_error(&a), 0);
}

static void test_str(void **state)
{
    (void)state;
    struct cvd_str s = CVD_STR("CVSS:3.1");
    assert_int_equal(s.len, 8);
    assert_true(cvd_str_eq_cstr(s, "CVSS:3.1"));
    assert_false(cvd_str_eq_cstr(s, "CVSS:3.0"));
    assert_true(cvd_str_starts_with(s, CVD_STR("CVSS:")));
    assert_false(cvd_str_starts_with(CVD_STR("CV"), CVD_STR("CVSS")));
    assert_true(cvd_str_eq_nocase(CVD_STR("Active"), CVD_STR("aCTIVE")));
    assert_false(cvd_str_eq_nocase(CVD_STR("Active"), CVD_STR("Activ")));

    uint64_t v = 0;
    assert_int_equal(cvd_str_to_u64(CVD_STR("0"), 10, &v), 0);
    assert_int_equal(v, 0);
    assert_int_equal(cvd_str_to_u64(CVD_STR("18446744073709551615"), UINT64_MAX, &v), 0);
    assert_true(v == UINT64_MAX);
    assert_int_equal(cvd_str_to_u64(CVD_STR("18446744073709551616"), UINT64_MAX, &v), CVD_ERANGE);
    assert_int_equal(cvd_str_to_u64(CVD_STR("11"), 10, &v), CVD_ERANGE);
    assert_int_equal(cvd_str_to_u64(CVD_STR("10"), 10, &v), 0);
    assert_int_equal(cvd_str_to_u64(CVD_STR("01"), 10, &v), CVD_EPARSE);
    assert_int_equal(cvd_str_to_u64(CVD_STR("-1"), 10, &v), CVD_EPARSE);
    assert_int_equal(cvd_str_to_u64(CVD_STR(" 1"), 10, &v), CVD_EPARSE);
    assert_int_equal(cvd_str_to_u64(CVD_STR(""), 10, &v), CVD_EPARSE);
}

static void test_buf(void **state)
{
    (void)state;
    struct cvd_buf b;
    cvd_buf_init(&b, 0);
    assert_int_equal(cvd_buf_str(&b).len, 0);
    assert_string_equal(cvd_buf_str(&b).ptr, "");
    assert_int_equal(cvd_buf_add_cstr(&b, "abc"), 0);
    assert_int_equal(cvd_buf_add_char(&b, '-'), 0);
    assert_int_equal(cvd_buf_printf(&b, "%d/%s", 42, "x"), 0);
    assert_string_equal(b.ptr, "abc-42/x");
    assert_int_equal(b.len, 8);
    for (int i = 0; i < 1000; i++)
        assert_int_equal(cvd_buf_add(&b, "0123456789", 10), 0);
    assert_int_equal(b.len, 10008);
    assert_int_equal(b.ptr[b.len], '\0');
    cvd_buf_reset(&b);
    assert_string_equal(b.ptr, "");
    size_t len = 0;
    assert_int_equal(cvd_buf_add_str(&b, CVD_STR("kept")), 0);
    char *owned = cvd_buf_detach(&b, &len);
    assert_string_equal(owned, "kept");
    assert_int_equal(len, 4);
    assert_null(b.ptr);
    cvd_free(owned);
    cvd_buf_release(&b);
}

static void test_buf_limits(void **state)
{
    (void)state;
    struct cvd_buf b;
    cvd_buf_init(&b, 5);
    assert_int_equal(cvd_buf_add_cstr(&b, "12345"), 0);
    assert_int_equal(cvd_buf_add_char(&b, '6'), CVD_ELIMIT);
    assert_string_equal(b.ptr, "12345"); /* unchanged on failure */
    assert_int_equal(cvd_buf_printf(&b, "%s", "x"), CVD_ELIMIT);
    assert_int_equal(cvd_buf_grow(&b, SIZE_MAX), CVD_ELIMIT);
    cvd_buf_release(&b);

    cvd_buf_init(&b, 0);
    assert_int_equal(cvd_buf_add_cstr(&b, "keep"), 0);
    cvd_alloc_fail_at(1);
    char chunk[200] = {0};
    assert_int_equal(cvd_buf_add(&b, chunk, sizeof(chunk)), CVD_ENOMEM);
    assert_int_equal(cvd_buf_printf(&b, "%200s", "x"), CVD_ENOMEM);
    cvd_alloc_fail_at(0);
    assert_string_equal(b.ptr, "keep");
    assert_int_equal(b.len, 4);
    cvd_buf_release(&b);
}

static void test_utf8(void **state)
{
    (void)state;
    static const struct {
        const char *bytes;
        size_t len;
        bool valid;
    } cases[] = {
        {"", 0, true},
        {"plain ascii text, longer than eight bytes", 41, true},
        {"\xc3\xa9", 2, true},           /* é */
        {"\xe2\x82\xac", 3, true},       /* € */
        {"\xf0\x9f\x98\x80", 4, true},   /* U+1F600 */
        {"\xf4\x8f\xbf\xbf", 4, true},   /* U+10FFFF */
        {"\xef\xbf\xbf", 3, true},       /* U+FFFF is a valid scalar */
        {"\xc0\xaf", 2, false},          /* overlong '/' */
        {"\xc1\xbf", 2, false},          /* overlong */
        {"\xe0\x80\xaf", 3, false},      /* overlong */
        {"\xf0\x80\x80\xaf", 4, false},  /* overlong */
        {"\xed\xa0\x80", 3, false},      /* U+D800 surrogate */
        {"\xed\xbf\xbf", 3, false},      /* U+DFFF surrogate */
        {"\xf4\x90\x80\x80", 4, false},  /* above U+10FFFF */
        {"\xf5\x80\x80\x80", 4, false},  /* invalid lead */
        {"\x80", 1, false},              /* lone continuation */
        {"\xc3", 1, false},              /* truncated */
        {"\xe2\x82", 2, false},          /* truncated */
        {"abcdefgh\xe2\x82", 10, false}, /* truncated after a fast run */
        {"\xfe", 1, false},
        {"\xff", 1, false},
        {"a\0b", 3, true}, /* NUL is valid UTF-8 */
    };
    for (size_t i = 0; i < CVD_ARRAY_LEN(cases); i++) {
        bool got = cvd_utf8_is_valid(cases[i].bytes, cases[i].len);
        if (got != cases[i].valid)
            fail_msg("utf8 case %zu: expected %d, got %d", i, cases[i].valid, got);
    }
    assert_int_equal(cvd_utf8_valid_prefix("abcdefghij\xff", 11), 10);

    char out[4];
    uint32_t cp = 0;
    for (uint32_t c = 0; c <= 0x10FFFF; c += (c < 0x3000 ? 1 : 97)) {
        size_t n = cvd_utf8_encode(c, out);
        if (c >= 0xD800 && c <= 0xDFFF) {
            assert_int_equal(n, 0);
            continue;
        }
        assert_true(n >= 1 && n <= 4);
        assert_int_equal(cvd_utf8_decode(out, n, &cp), n);
        assert_int_equal(cp, c);
        assert_int_equal(cvd_utf8_decode(out, n - 1, &cp), n == 1 ? 0 : 0);
    }
    assert_int_equal(cvd_utf8_encode(0x110000, out), 0);
}

static void test_checked(void **state)
{
    (void)state;
    size_t r = 7;
    assert_int_equal(cvd_size_add(1, 2, &r), 0);
    assert_int_equal(r, 3);
    assert_int_equal(cvd_size_add(SIZE_MAX, 1, &r), CVD_EOVERFLOW);
    assert_int_equal(r, 3);
    assert_int_equal(cvd_size_mul(SIZE_MAX / 2 + 1, 2, &r), CVD_EOVERFLOW);
    assert_int_equal(cvd_size_mul(1000, 1000, &r), 0);
    assert_int_equal(r, 1000000);
    int64_t s = 0;
    assert_int_equal(cvd_i64_add(INT64_MAX, 1, &s), CVD_EOVERFLOW);
    assert_int_equal(cvd_i64_add(-5, 3, &s), 0);
    assert_int_equal(s, -2);
    assert_int_equal(cvd_i64_mul(INT64_MIN, -1, &s), CVD_EOVERFLOW);
}

static void test_clock(void **state)
{
    (void)state;
    struct cvd_clock fixed = cvd_clock_fixed(1795836145);
    assert_int_equal(cvd_clock_now(&fixed), 1795836145);
    assert_true(cvd_clock_now(NULL) > 1700000000);

    static const struct {
        const char *text;
        int64_t t;
    } ok[] = {
        {"1970-01-01T00:00:00Z", 0},
        {"2026-11-28T03:22:25Z", 1795836145},
        {"2000-02-29T12:00:00Z", 951825600},
        {"1969-12-31T23:59:59Z", -1},
        {"0000-01-01T00:00:00Z", -62167219200LL},
        {"9999-12-31T23:59:59Z", 253402300799LL},
        {"2026-11-28t03:22:25.123456z", 1795836145},
        {"2026-11-28T04:22:25+01:00", 1795836145},
        {"2026-11-27T22:22:25-05:00", 1795836145},
    };
    for (size_t i = 0; i < CVD_ARRAY_LEN(ok); i++) {
        int64_t t = 0;
        if (cvd_time_parse(cvd_str_from_cstr(ok[i].text), &t) != 0 || t != ok[i].t)
            fail_msg("parse '%s': got %lld", ok[i].text, (long long)t);
        char out[CVD_RFC3339_LEN + 1];
        assert_int_equal(cvd_time_format(ok[i].t, out), 0);
        int64_t back = 0;
        assert_int_equal(cvd_time_parse(cvd_str_from_cstr(out), &back), 0);
        assert_int_equal(back, ok[i].t);
    }
    char out[CVD_RFC3339_LEN + 1];
    assert_int_equal(cvd_time_format(1795836145, out), 0);
    assert_string_equal(out, "2026-11-28T03:22:25Z");
    assert_int_equal(cvd_time_format(-62167219200LL, out), 0);
    assert_string_equal(out, "0000-01-01T00:00:00Z");
    assert_int_equal(cvd_time_format(253402300799LL, out), 0);
    assert_string_equal(out, "9999-12-31T23:59:59Z");
    /* Against the C library's calendar, every 997,331 s from 1900 to 2200. */
    for (int64_t t = -2208988800LL; t < 7258118400LL; t += 997331) {
        time_t tt = (time_t)t;
        struct tm tm;
        char want[32];
        assert_non_null(gmtime_r(&tt, &tm));
        assert_true(strftime(want, sizeof(want), "%Y-%m-%dT%H:%M:%SZ", &tm) > 0);
        assert_int_equal(cvd_time_format(t, out), 0);
        assert_string_equal(out, want);
    }
    assert_int_equal(cvd_time_format(253402300800LL, out), CVD_ERANGE);
    assert_int_equal(cvd_time_format(-62167219201LL, out), CVD_ERANGE);

    static const char *const bad[] = {
        "",
        "2026-11-28",
        "2026-11-28T03:22:25",
        "2026-11-28 03:22:25Z",
        "2026-13-01T00:00:00Z",
        "2026-02-29T00:00:00Z",
        "2026-11-28T24:00:00Z",
        "2026-11-28T03:60:00Z",
        "2026-11-28T03:22:25.Z",
        "2026-11-28T03:22:25+0100",
        "2026-11-28T03:22:25Zx",
        "26-11-28T03:22:25Z",
        "2026-1-28T03:22:25Z",
        "2026-11-28T03:22:25+24:00",
    };
    for (size_t i = 0; i < CVD_ARRAY_LEN(bad); i++) {
        int64_t t = 42;
        if (cvd_time_parse(cvd_str_from_cstr(bad[i]), &t) == 0)
            fail_msg("accepted '%s'", bad[i]);
        assert_int_equal(t, 42);
    }
}

static void test_limits(void **state)
{
    (void)state;
    assert_int_equal(cvd_limits_default.depth, CVD_LIMIT_DEPTH);
    assert_true(cvd_limits_default.input_bytes > 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_err_table),   cmocka_unit_test(test_diag_set_at),
        cmocka_unit_test(test_diag_quote),  cmocka_unit_test(test_alloc_hook),
        cmocka_unit_test(test_arena_basic), cmocka_unit_test(test_arena_limits),
        cmocka_unit_test(test_str),         cmocka_unit_test(test_buf),
        cmocka_unit_test(test_buf_limits),  cmocka_unit_test(test_utf8),
        cmocka_unit_test(test_checked),     cmocka_unit_test(test_clock),
        cmocka_unit_test(test_limits),
    };
    return cmocka_run_group_tests_name("base", tests, NULL, NULL);
}
