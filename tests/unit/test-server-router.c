/* server/router: pattern compilation, matching with {param} segments, 404 and 405. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "cvd/arena.h"
#include "server/router.h"

static int h_a(struct srv_req *req, struct srv_resp *resp)
{
    (void)req;
    (void)resp;
    return 0;
}

static int h_b(struct srv_req *req, struct srv_resp *resp)
{
    (void)req;
    (void)resp;
    return 1;
}

#define ROW(m, pat, fn, flags, limit, types)                                                       \
    {                                                                                              \
        SRV_##m, pat, fn, #fn, flags, limit, types                                                 \
    }

static const struct srv_route table[] = {
    ROW(GET, "/", h_a, 0, 0, 0),
    ROW(GET, "/healthz", h_a, 0, 0, 0),
    ROW(GET, "/api/v1/reports/{id}", h_a, 0, 0, 0),
    ROW(DELETE, "/api/v1/reports/{id}", h_b, 0, 0, 0),
    ROW(GET, "/api/v1/reports/{id}/messages/{msg}", h_a, 0, 0, 0),
    /* listed after the {id} route on purpose: the literal must still win */
    ROW(GET, "/api/v1/reports/new", h_b, 0, 0, 0),
    ROW(POST, "/api/v1/reports", h_a, 0, 1024, SRV_CT_JSON),
};

static struct srv_router *router;
static struct cvd_arena arena;

static int setup(void **state)
{
    (void)state;
    cvd_arena_init(&arena, 0);
    struct cvd_diag d = {0};
    return srv_router_new(table, CVD_ARRAY_LEN(table), &router, &d);
}

static int teardown(void **state)
{
    (void)state;
    srv_router_free(router);
    cvd_arena_release(&arena);
    return 0;
}

static int match(enum srv_method m, const char *path, struct srv_match *ret)
{
    return srv_router_match(router, m, cvd_str_from_cstr(path), &arena, ret);
}

static void test_literal_routes(void **state)
{
    (void)state;
    struct srv_match m;
    assert_int_equal(match(SRV_GET, "/", &m), 0);
    assert_ptr_equal(m.route, &table[0]);
    assert_int_equal(m.n_params, 0);
    assert_int_equal(match(SRV_GET, "/healthz", &m), 0);
    assert_ptr_equal(m.route, &table[1]);
    /* HEAD is answered by GET routes */
    assert_int_equal(match(SRV_HEAD, "/healthz", &m), 0);
    assert_ptr_equal(m.route, &table[1]);
}

static void test_params(void **state)
{
    (void)state;
    struct srv_match m;
    assert_int_equal(match(SRV_GET, "/api/v1/reports/R-2026-000123", &m), 0);
    assert_ptr_equal(m.route, &table[2]);
    assert_int_equal(m.n_params, 1);
    assert_true(cvd_str_eq_cstr(m.params[0].name, "id"));
    assert_string_equal(m.params[0].value.ptr, "R-2026-000123");

    /* segments are percent-decoded after splitting: %2F stays inside the parameter */
    assert_int_equal(match(SRV_GET, "/api/v1/reports/a%2Fb%20c", &m), 0);
    assert_string_equal(m.params[0].value.ptr, "a/b c");
    /* literal segments are compared decoded too */
    assert_int_equal(match(SRV_GET, "/api/v1/%72eports/x", &m), 0);
    assert_ptr_equal(m.route, &table[2]);

    assert_int_equal(match(SRV_GET, "/api/v1/reports/7/messages/9", &m), 0);
    assert_ptr_equal(m.route, &table[4]);
    assert_int_equal(m.n_params, 2);
    assert_true(cvd_str_eq_cstr(m.params[0].name, "id"));
    assert_string_equal(m.params[0].value.ptr, "7");
    assert_true(cvd_str_eq_cstr(m.params[1].name, "msg"));
    assert_string_equal(m.params[1].value.ptr, "9");

    assert_int_equal(match(SRV_DELETE, "/api/v1/reports/7", &m), 0);
    assert_ptr_equal(m.route, &table[3]);
}

static void test_literal_wins(void **state)
{
    (void)state;
    struct srv_match m;
    assert_int_equal(match(SRV_GET, "/api/v1/reports/new", &m), 0);
    assert_ptr_equal(m.route, &table[5]);
    assert_int_equal(m.n_params, 0);
}

static void test_not_found(void **state)
{
    (void)state;
    struct srv_match m;
    assert_int_equal(match(SRV_GET, "/nope", &m), CVD_ENOTFOUND);
    assert_int_equal(match(SRV_GET, "/healthz/", &m), CVD_ENOTFOUND); /* trailing slash */
    assert_int_equal(match(SRV_GET, "//healthz", &m), CVD_ENOTFOUND);
    assert_int_equal(match(SRV_GET, "/api/v1/reports/", &m), CVD_ENOTFOUND); /* empty param */
    assert_int_equal(match(SRV_GET, "/api/v1/reports/1/2", &m), CVD_ENOTFOUND);
    assert_int_equal(match(SRV_GET, "/HEALTHZ", &m), CVD_ENOTFOUND); /* case matters */
    char deep[200] = "";
    for (int i = 0; i < 40; i++)
        strcat(deep, "/a");
    assert_int_equal(match(SRV_GET, deep, &m), CVD_ENOTFOUND);
}

static void test_method_not_allowed(void **state)
{
    (void)state;
    struct srv_match m;
    assert_int_equal(match(SRV_POST, "/healthz", &m), CVD_ESTATE);
    assert_int_equal(m.allow, 1u << SRV_GET);
    assert_int_equal(match(SRV_PUT, "/api/v1/reports/9", &m), CVD_ESTATE);
    assert_int_equal(m.allow, (1u << SRV_GET) | (1u << SRV_DELETE));
    assert_int_equal(match(SRV_OTHER, "/api/v1/reports", &m), CVD_ESTATE);
    assert_int_equal(m.allow, 1u << SRV_POST);
    /* "new" also matches {id}: its methods count */
    assert_int_equal(match(SRV_DELETE, "/api/v1/reports/new", &m), 0);
    assert_ptr_equal(m.route, &table[3]);
}

static void test_bad_paths(void **state)
{
    (void)state;
    struct srv_match m;
    assert_int_equal(match(SRV_GET, "/api/v1/reports/%zz", &m), CVD_EPARSE);
    assert_int_equal(match(SRV_GET, "/api/v1/reports/%4", &m), CVD_EPARSE);
    assert_int_equal(match(SRV_GET, "/api/v1/reports/a%00b", &m), CVD_EPARSE);
    assert_int_equal(match(SRV_GET, "/api/v1/reports/%ff", &m), CVD_EPARSE);
    assert_int_equal(match(SRV_GET, "/api/v1/reports/%C0%AF", &m), CVD_EPARSE); /* overlong */
    assert_int_equal(match(SRV_GET, "healthz", &m), CVD_EPARSE);
    assert_int_equal(match(SRV_GET, "", &m), CVD_EPARSE);
    assert_int_equal(match(SRV_GET, "/api/v1/reports/%C3%A9", &m), 0);
    assert_string_equal(m.params[0].value.ptr, "\xC3\xA9");
}

static void expect_bad_table(const struct srv_route *rows, size_t n, const char *why)
{
    struct srv_router *r = NULL;
    struct cvd_diag d = {0};
    assert_int_equal(srv_router_new(rows, n, &r, &d), CVD_EINVAL);
    assert_null(r);
    if (strstr(d.msg, why) == NULL)
        fail_msg("diag '%s' lacks '%s'", d.msg, why);
}

static void test_bad_tables(void **state)
{
    (void)state;
    const struct srv_route no_slash[] = {ROW(GET, "healthz", h_a, 0, 0, 0)};
    expect_bad_table(no_slash, 1, "must start with '/'");
    const struct srv_route unclosed[] = {ROW(GET, "/a/{id", h_a, 0, 0, 0)};
    expect_bad_table(unclosed, 1, "unclosed");
    const struct srv_route bad_name[] = {ROW(GET, "/a/{Id}", h_a, 0, 0, 0)};
    expect_bad_table(bad_name, 1, "bad parameter name");
    const struct srv_route twice_param[] = {ROW(GET, "/a/{id}/{id}", h_a, 0, 0, 0)};
    expect_bad_table(twice_param, 1, "named twice");
    const struct srv_route empty_seg[] = {ROW(GET, "/a//b", h_a, 0, 0, 0)};
    expect_bad_table(empty_seg, 1, "empty segment");
    const struct srv_route bad_char[] = {ROW(GET, "/a?b", h_a, 0, 0, 0)};
    expect_bad_table(bad_char, 1, "bad character");
    const struct srv_route dup[] = {ROW(GET, "/a/{id}", h_a, 0, 0, 0),
                                    ROW(GET, "/a/{other}", h_b, 0, 0, 0)};
    expect_bad_table(dup, 2, "listed twice");
    const struct srv_route form_no_csrf[] = {
        ROW(POST, "/a", h_a, 0, 100, SRV_CT_FORM | SRV_CT_JSON)};
    expect_bad_table(form_no_csrf, 1, "without ROUTE_CSRF or ROUTE_AUTH");
    const struct srv_route get_body[] = {ROW(GET, "/a", h_a, 0, 100, SRV_CT_JSON)};
    expect_bad_table(get_body, 1, "GET takes no body");
    const struct srv_route limit_no_types[] = {ROW(POST, "/a", h_a, 0, 100, 0)};
    expect_bad_table(limit_no_types, 1, "needs content types");
    const struct srv_route auth_nosession[] = {
        ROW(GET, "/a", h_a, ROUTE_AUTH | ROUTE_NOSESSION, 0, 0)};
    expect_bad_table(auth_nosession, 1, "ROUTE_NOSESSION");
    const struct srv_route head[] = {ROW(HEAD, "/a", h_a, 0, 0, 0)};
    expect_bad_table(head, 1, "method must be");

    /* the same pattern with other methods, and forms on CSRF or AUTH routes, are fine */
    const struct srv_route ok[] = {
        ROW(GET, "/a/{id}", h_a, 0, 0, 0),
        ROW(POST, "/a/{id}", h_a, ROUTE_CSRF, 100, SRV_CT_FORM),
        ROW(PUT, "/a/{id}", h_a, ROUTE_AUTH, 100, SRV_CT_MULTIPART),
    };
    struct srv_router *r = NULL;
    assert_int_equal(srv_router_new(ok, 3, &r, NULL), 0);
    srv_router_free(r);
}

static void test_methods(void **state)
{
    (void)state;
    assert_int_equal(srv_method_parse("GET"), SRV_GET);
    assert_int_equal(srv_method_parse("DELETE"), SRV_DELETE);
    assert_int_equal(srv_method_parse("get"), SRV_OTHER);
    assert_int_equal(srv_method_parse("OPTIONS"), SRV_OTHER);
    assert_string_equal(srv_method_name(SRV_PATCH), "PATCH");
    assert_string_equal(srv_method_name((enum srv_method)99), "OTHER");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_literal_routes),     cmocka_unit_test(test_params),
        cmocka_unit_test(test_literal_wins),       cmocka_unit_test(test_not_found),
        cmocka_unit_test(test_method_not_allowed), cmocka_unit_test(test_bad_paths),
        cmocka_unit_test(test_bad_tables),         cmocka_unit_test(test_methods),
    };
    return cmocka_run_group_tests_name("server-router", tests, setup, teardown);
}
