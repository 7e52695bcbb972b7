/* server/form: media types, urlencoded bodies and queries, multipart bodies with files, and
 * cookies, on valid and hostile input (missing boundary, truncated parts, oversize). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "cvd/arena.h"
#include "server/form.h"

static struct cvd_arena arena;

static int setup(void **state)
{
    (void)state;
    cvd_arena_init(&arena, 0);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    cvd_arena_release(&arena);
    return 0;
}

/* ---- media types ---- */

static void test_media_type(void **state)
{
    (void)state;
    struct cvd_str type;
    struct cvd_str cs;
    struct cvd_str b;
    assert_int_equal(srv_media_type_parse(&arena, CVD_STR("application/json"), &type, &cs, &b), 0);
    assert_string_equal(type.ptr, "application/json");
    assert_null(cs.ptr);
    assert_null(b.ptr);
    assert_int_equal(
        srv_media_type_parse(&arena, CVD_STR(" Application/JSON ; Charset=UTF-8 "), &type, &cs, &b),
        0);
    assert_string_equal(type.ptr, "application/json");
    assert_true(cvd_str_eq_cstr(cs, "UTF-8"));
    assert_int_equal(
        srv_media_type_parse(&arena, CVD_STR("multipart/form-data; boundary=\"a b\\\"c\"; x=y"),
                             &type, &cs, &b),
        0);
    assert_string_equal(type.ptr, "multipart/form-data");
    assert_true(cvd_str_eq_cstr(b, "a b\"c"));
    assert_int_equal(srv_media_type_parse(&arena, CVD_STR("text/plain;"), &type, NULL, NULL), 0);

    static const char *const bad[] = {
        "",
        "json",
        "/x",
        "a/",
        "a/b c",
        "a/b; x",
        "a/b; x=",
        "a/b; x=\"open",
        "a/b; =1",
        "a/b; charset=a; charset=b",
        "a/b; boundary=\"\x01\"",
        "a/b x=1",
    };
    for (size_t i = 0; i < CVD_ARRAY_LEN(bad); i++) {
        if (srv_media_type_parse(&arena, cvd_str_from_cstr(bad[i]), &type, &cs, &b) != CVD_EPARSE)
            fail_msg("media type '%s' accepted", bad[i]);
    }
}

/* ---- urlencoded ---- */

static int urlenc(const char *in, struct srv_field **f, size_t *n, const char **field,
                  const struct srv_form_limits *lim)
{
    struct cvd_diag d = {0};
    return srv_form_parse_urlencoded(&arena, in, strlen(in), lim, f, n, field, &d);
}

static void test_urlencoded(void **state)
{
    (void)state;
    struct srv_field *f;
    size_t n;
    const char *field;
    assert_int_equal(urlenc("title=a+b%21&x=&&flag&title=%C3%A9&=skipped", &f, &n, &field, NULL),
                     0);
    assert_int_equal(n, 4);
    assert_true(cvd_str_eq_cstr(f[0].name, "title"));
    assert_string_equal(f[0].value.ptr, "a b!");
    assert_true(cvd_str_eq_cstr(f[1].name, "x"));
    assert_string_equal(f[1].value.ptr, "");
    assert_true(cvd_str_eq_cstr(f[2].name, "flag"));
    assert_string_equal(f[2].value.ptr, "");
    assert_string_equal(f[3].value.ptr, "\xC3\xA9");
    assert_int_equal(urlenc("", &f, &n, &field, NULL), 0);
    assert_int_equal(n, 0);
    assert_int_equal(urlenc("a%20b=c%3Dd", &f, &n, &field, NULL), 0);
    assert_string_equal(f[0].name.ptr, "a b");
    assert_string_equal(f[0].value.ptr, "c=d");

    /* hostile: bad escapes, NUL, invalid UTF-8 (field named), limits */
    assert_int_equal(urlenc("ok=1&title=%G1", &f, &n, &field, NULL), CVD_EPARSE);
    assert_string_equal(field, "title");
    assert_int_equal(urlenc("title=abc%", &f, &n, &field, NULL), CVD_EPARSE);
    assert_int_equal(urlenc("title=abc%4", &f, &n, &field, NULL), CVD_EPARSE);
    assert_int_equal(urlenc("title=a%00b", &f, &n, &field, NULL), CVD_EPARSE);
    assert_string_equal(field, "title");
    assert_int_equal(urlenc("title=%FF", &f, &n, &field, NULL), CVD_EUTF8);
    assert_string_equal(field, "title");
    assert_int_equal(urlenc("ti%ZZtle=1", &f, &n, &field, NULL), CVD_EPARSE);
    assert_null(field);
    assert_int_equal(urlenc("%FF=1", &f, &n, &field, NULL), CVD_EUTF8);
    struct srv_form_limits lim = {.fields = 2, .files = 1, .name_bytes = 4, .header_bytes = 100};
    assert_int_equal(urlenc("a=1&b=2", &f, &n, &field, &lim), 0);
    assert_int_equal(urlenc("a=1&b=2&c=3", &f, &n, &field, &lim), CVD_ELIMIT);
    assert_int_equal(urlenc("abcde=1", &f, &n, &field, &lim), CVD_ELIMIT);
    assert_int_equal(urlenc("ab%41ee=1", &f, &n, &field, &lim), CVD_ELIMIT);
    assert_int_equal(urlenc("abcd=1", &f, &n, &field, &lim), 0);

    /* an arena that is full answers CVD_ELIMIT, never a crash */
    struct cvd_arena small;
    cvd_arena_init(&small, 64);
    const char *big =
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa=bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
    assert_int_equal(
        srv_form_parse_urlencoded(&small, big, strlen(big), NULL, &f, &n, &field, NULL),
        CVD_ELIMIT);
    cvd_arena_release(&small);
}

static void test_pct_decode(void **state)
{
    (void)state;
    struct cvd_str out;
    assert_int_equal(srv_pct_decode(&arena, CVD_STR("a+b%2b"), false, &out), 0);
    assert_string_equal(out.ptr, "a+b+");
    assert_int_equal(srv_pct_decode(&arena, CVD_STR("a+b"), true, &out), 0);
    assert_string_equal(out.ptr, "a b");
    assert_int_equal(srv_pct_decode(&arena, (struct cvd_str){NULL, 0}, true, &out), 0);
    assert_int_equal(out.len, 0);
    assert_int_equal(srv_pct_decode(&arena, CVD_STR("%"), true, &out), CVD_EPARSE);
    assert_int_equal(srv_pct_decode(&arena, CVD_STR("%a"), true, &out), CVD_EPARSE);
    assert_int_equal(srv_pct_decode(&arena, CVD_STR("%ag"), true, &out), CVD_EPARSE);
}

/* ---- multipart ---- */

struct mp {
    struct srv_field *fields;
    size_t nfields;
    struct srv_file *files;
    size_t nfiles;
    const char *field;
    struct cvd_diag d;
};

static int multipart(const char *body, size_t len, const char *boundary, struct mp *m,
                     const struct srv_form_limits *lim)
{
    *m = (struct mp){0};
    return srv_form_parse_multipart(&arena, body, len, cvd_str_from_cstr(boundary), lim, &m->fields,
                                    &m->nfields, &m->files, &m->nfiles, &m->field, &m->d);
}

#define MP(s) s, sizeof(s) - 1

static void test_multipart(void **state)
{
    (void)state;
    struct mp m;
    static const char body[] =
        "preamble to ignore\r\n"
        "--XyZ\r\n"
        "Content-Disposition: form-data; name=\"title\"\r\n"
        "\r\n"
        "SQL ' OR 1=1 -- <b>\r\n"
        "--XyZ\r\n"
        "content-disposition: FORM-DATA; filename=\"C:\\\\dir\\\\poc.bin\"; name=file\r\n"
        "Content-Type: Application/Octet-Stream\r\n"
        "X-Other: ignored\r\n"
        "\r\n"
        "\0\r\n--Xy\r\nbin\xff\r\n"
        "--XyZ\r\n"
        "Content-Disposition: form-data; name=\"empty-file\"; filename=\"\"\r\n"
        "Content-Type: application/octet-stream\r\n"
        "\r\n"
        "\r\n"
        "--XyZ\r\n"
        "Content-Disposition: form-data; name=\"multi\"\r\n"
        "\r\n"
        "line1\r\nline2\r\n"
        "--XyZ--\r\n"
        "epilogue";
    assert_int_equal(multipart(MP(body), "XyZ", &m, NULL), 0);
    assert_int_equal(m.nfields, 2);
    assert_true(cvd_str_eq_cstr(m.fields[0].name, "title"));
    assert_string_equal(m.fields[0].value.ptr, "SQL ' OR 1=1 -- <b>");
    assert_string_equal(m.fields[1].value.ptr, "line1\r\nline2");
    assert_int_equal(m.nfiles, 1);
    assert_true(cvd_str_eq_cstr(m.files[0].field, "file"));
    assert_string_equal(m.files[0].filename.ptr, "poc.bin");
    assert_true(cvd_str_eq_cstr(m.files[0].content_type, "application/octet-stream"));
    assert_int_equal(m.files[0].data.len, 13);
    assert_memory_equal(m.files[0].data.ptr, "\0\r\n--Xy\r\nbin\xff", 13);

    /* no preamble, a file without Content-Type, an empty form */
    static const char simple[] = "--b\r\nContent-Disposition: form-data; name=\"f\"; "
                                 "filename=\"../../etc/passwd\"\r\n\r\nroot\r\n--b--";
    assert_int_equal(multipart(MP(simple), "b", &m, NULL), 0);
    assert_int_equal(m.nfiles, 1);
    assert_string_equal(m.files[0].filename.ptr, "passwd");
    assert_true(cvd_str_eq_cstr(m.files[0].content_type, "application/octet-stream"));
    assert_int_equal(multipart(MP("--b--\r\n"), "b", &m, NULL), 0);
    assert_int_equal(m.nfields + m.nfiles, 0);
    /* an empty value, padding after the delimiter */
    static const char pad[] = "--b  \r\nContent-Disposition: form-data; name=x\r\n\r\n\r\n--b--";
    assert_int_equal(multipart(MP(pad), "b", &m, NULL), 0);
    assert_int_equal(m.nfields, 1);
    assert_string_equal(m.fields[0].value.ptr, "");
}

static void expect_mp_error(const char *body, size_t len, const char *boundary, int code,
                            const char *msg_part)
{
    struct mp m;
    int rc = multipart(body, len, boundary, &m, NULL);
    if (rc != code)
        fail_msg("multipart '%.60s': got %s, want %s (%s)", body, cvd_err_name(rc),
                 cvd_err_name(code), m.d.msg);
    if (msg_part != NULL && strstr(m.d.msg, msg_part) == NULL)
        fail_msg("multipart '%.60s': diag '%s' lacks '%s'", body, m.d.msg, msg_part);
}

#define CD "Content-Disposition: form-data; name=\"a\"\r\n"

static void test_multipart_hostile(void **state)
{
    (void)state;
    expect_mp_error(MP("--b\r\n" CD "\r\nx\r\n--b--"), "", CVD_EPARSE, "boundary");
    char long_boundary[80];
    memset(long_boundary, 'b', 71);
    long_boundary[71] = '\0';
    expect_mp_error(MP("--b\r\n" CD "\r\nx\r\n--b--"), long_boundary, CVD_EPARSE, "boundary");
    expect_mp_error(MP("--b\r\n" CD "\r\nx\r\n--b--"), "b;b", CVD_EPARSE, "boundary");
    expect_mp_error(MP("--b\r\n" CD "\r\nx\r\n--b--"), "b ", CVD_EPARSE, "boundary");
    expect_mp_error(MP("no delimiter at all"), "b", CVD_EPARSE, "no multipart boundary");
    expect_mp_error(MP(""), "b", CVD_EPARSE, "no multipart boundary");
    /* truncated: in the headers, in the body, right after a delimiter */
    expect_mp_error(MP("--b\r\nContent-Disposition: form-data; na"), "b", CVD_EPARSE,
                    "truncated multipart part headers");
    expect_mp_error(MP("--b\r\n" CD "\r\npartial value"), "b", CVD_EPARSE, "truncated");
    expect_mp_error(MP("--b\r\n" CD "\r\nvalue\r\n--b"), "b", CVD_EPARSE, "delimiter line");
    expect_mp_error(MP("--b\r\n" CD "\r\nvalue\r\n--b\r\n"), "b", CVD_EPARSE, NULL);
    expect_mp_error(MP("--b"), "b", CVD_EPARSE, "delimiter line");
    /* bare LF line ends */
    expect_mp_error(MP("--b\nContent-Disposition: form-data; name=a\n\nx\n--b--"), "b", CVD_EPARSE,
                    NULL);
    /* headers: missing, wrong, twice, malformed, control bytes */
    expect_mp_error(MP("--b\r\n\r\nx\r\n--b--"), "b", CVD_EPARSE, "without Content-Disposition");
    expect_mp_error(MP("--b\r\nContent-Type: text/plain\r\n\r\nx\r\n--b--"), "b", CVD_EPARSE,
                    "without Content-Disposition");
    expect_mp_error(MP("--b\r\nContent-Disposition: form-data\r\n\r\nx\r\n--b--"), "b", CVD_EPARSE,
                    "name");
    expect_mp_error(MP("--b\r\nContent-Disposition: attachment; name=a\r\n\r\nx\r\n--b--"), "b",
                    CVD_EPARSE, "not form-data");
    expect_mp_error(MP("--b\r\n" CD CD "\r\nx\r\n--b--"), "b", CVD_EPARSE, "two");
    expect_mp_error(MP("--b\r\nContent-Disposition: form-data; name=a; name=b\r\n\r\nx\r\n--b--"),
                    "b", CVD_EPARSE, NULL);
    expect_mp_error(MP("--b\r\nno colon here\r\n\r\nx\r\n--b--"), "b", CVD_EPARSE, "malformed");
    expect_mp_error(MP("--b\r\n continued: header\r\n\r\nx\r\n--b--"), "b", CVD_EPARSE,
                    "malformed");
    expect_mp_error(MP("--b\r\nContent-Disposition: form-data; name=\"a\x01\"\r\n\r\nx\r\n--b--"),
                    "b", CVD_EPARSE, NULL);
    expect_mp_error(MP("--b\r\n" CD "Content-Type: nonsense\r\n\r\nx\r\n--b--"), "b", CVD_EPARSE,
                    "Content-Type");
    /* the boundary inside a part's data */
    expect_mp_error(MP("--b\r\n" CD "\r\nx\r\n--bx\r\n--b--"), "b", CVD_EPARSE,
                    "boundary found inside");
    /* text that is not UTF-8, or holds NUL; bad file names */
    struct mp m;
    assert_int_equal(multipart(MP("--b\r\n" CD "\r\n\xc3\x28\r\n--b--"), "b", &m, NULL), CVD_EUTF8);
    assert_string_equal(m.field, "a");
    assert_int_equal(multipart(MP("--b\r\n" CD "\r\na\0b\r\n--b--"), "b", &m, NULL), CVD_EPARSE);
    assert_string_equal(m.field, "a");
    assert_int_equal(
        multipart(MP("--b\r\nContent-Disposition: form-data; name=f; filename=\"a\tb\"\r\n\r\n"
                     "x\r\n--b--"),
                  "b", &m, NULL),
        CVD_EPARSE);
    assert_string_equal(m.field, "f");
    assert_int_equal(
        multipart(MP("--b\r\nContent-Disposition: form-data; name=f; filename=\"\xff\"\r\n\r\n"
                     "x\r\n--b--"),
                  "b", &m, NULL),
        CVD_EUTF8);
}

static void test_multipart_limits(void **state)
{
    (void)state;
    struct srv_form_limits lim = {.fields = 1, .files = 1, .name_bytes = 8, .header_bytes = 64};
    struct mp m;
    assert_int_equal(
        multipart(MP("--b\r\n" CD "\r\n1\r\n--b\r\n" CD "\r\n2\r\n--b--"), "b", &m, &lim),
        CVD_ELIMIT);
    static const char files[] = "--b\r\nContent-Disposition: form-data; name=f; filename=x\r\n"
                                "\r\n1\r\n--b\r\nContent-Disposition: form-data; name=f; "
                                "filename=y\r\n\r\n2\r\n--b--";
    assert_int_equal(multipart(MP(files), "b", &m, &lim), CVD_ELIMIT);
    assert_int_equal(
        multipart(MP("--b\r\nContent-Disposition: form-data; name=abcdefghi\r\n\r\n1\r\n--b--"),
                  "b", &m, &lim),
        CVD_ELIMIT);
    char big[400];
    int n = snprintf(big, sizeof(big),
                     "--b\r\nContent-Disposition: form-data; name=a\r\nX: %s"
                     "\r\n\r\nx\r\n--b--",
                     "0123456789012345678901234567890123456789012345678901234567890123456789");
    assert_int_equal(multipart(big, (size_t)n, "b", &m, &lim), CVD_ELIMIT);
    assert_non_null(strstr(m.d.msg, "too long"));
}

/* ---- cookies ---- */

static void test_cookies(void **state)
{
    (void)state;
    struct srv_field *c;
    size_t n;
    assert_int_equal(srv_cookie_parse(&arena,
                                      CVD_STR("a=1; __Host-cvd_csrf=tok-EN_x; q=\"quoted\";bad; "
                                              "=v; sp=a b; c=3"),
                                      64, &c, &n),
                     0);
    assert_int_equal(n, 4);
    assert_string_equal(c[0].name.ptr, "a");
    assert_string_equal(c[0].value.ptr, "1");
    assert_string_equal(c[1].name.ptr, "__Host-cvd_csrf");
    assert_string_equal(c[1].value.ptr, "tok-EN_x");
    assert_string_equal(c[2].value.ptr, "quoted");
    assert_string_equal(c[3].name.ptr, "c");
    assert_int_equal(srv_cookie_parse(&arena, CVD_STR("a=1; b=2; c=3"), 2, &c, &n), 0);
    assert_int_equal(n, 2);
    assert_int_equal(srv_cookie_parse(&arena, CVD_STR(""), 2, &c, &n), 0);
    assert_int_equal(n, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_media_type),        cmocka_unit_test(test_urlencoded),
        cmocka_unit_test(test_pct_decode),        cmocka_unit_test(test_multipart),
        cmocka_unit_test(test_multipart_hostile), cmocka_unit_test(test_multipart_limits),
        cmocka_unit_test(test_cookies),
    };
    return cmocka_run_group_tests_name("server-form", tests, setup, teardown);
}
