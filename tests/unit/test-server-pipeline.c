/* server: the request pipeline without sockets. Authentication through the app's hook
 * (session and bearer), 401 and the login redirect, CSRF for sessions and double-submit
 * forms, rate limiting with an injected clock, content types, body limits, error mapping,
 * security headers, cookies, redirects and pages. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cmocka.h>

#include "server/srv-int.h"

/* ---- a fake connection: a list of request headers ---- */

struct fake_conn {
    const char *h[16][2];
    size_t n;
};

static const char *fake_header(void *conn, const char *name)
{
    const struct fake_conn *c = conn;
    for (size_t i = 0; i < c->n; i++) {
        if (strcasecmp(c->h[i][0], name) == 0)
            return c->h[i][1];
    }
    return NULL;
}

static const struct srv_conn_ops fake_ops = {.header = fake_header};

static void add_header(struct fake_conn *c, const char *name, const char *value)
{
    assert_true(c->n < 16);
    c->h[c->n][0] = name;
    c->h[c->n][1] = value;
    c->n++;
}

/* ---- handlers ---- */

static int h_ok(struct srv_req *req, struct srv_resp *resp)
{
    struct cvd_json_writer *w = srv_resp_json(resp, 200);
    (void)cvd_json_write_object_begin(w);
    const struct srv_principal *p = srv_req_principal(req);
    (void)cvd_json_write_kv_i64(w, "user", p ? p->user_id : 0);
    const char *title = srv_req_field(req, "title");
    if (title)
        (void)cvd_json_write_kv_cstr(w, "title", title);
    (void)cvd_json_write_object_end(w);
    return 0;
}

/* Returns the code named by the {code} parameter, with a field and message. */
static int h_code(struct srv_req *req, struct srv_resp *resp)
{
    const char *name = srv_req_param(req, "code");
    for (int rc = -1; rc >= -(int)CVD__ERR_COUNT; rc--) {
        if (strcmp(cvd_err_name(rc), name) == 0)
            return srv_resp_error(resp, rc, "title", "handler says %s", name);
    }
    return 0;
}

static int h_bad_json(struct srv_req *req, struct srv_resp *resp)
{
    (void)req;
    struct cvd_json_writer *w = srv_resp_json(resp, 200);
    (void)cvd_json_write_object_begin(w); /* never closed */
    return 0;
}

static int h_page(struct srv_req *req, struct srv_resp *resp)
{
    const char *token;
    int rc = srv_req_csrf_token(req, resp, &token);
    if (rc)
        return rc;
    struct cvd_json_writer *w = srv_resp_json(resp, 200);
    (void)cvd_json_write_object_begin(w);
    (void)cvd_json_write_kv_i64(w, "status", 200);
    (void)cvd_json_write_kv_cstr(w, "title", "A <page>");
    (void)cvd_json_write_kv_cstr(w, "message", srv_req_query(req, "m"));
    (void)cvd_json_write_object_end(w);
    return srv_resp_page_json(resp, "error"); /* any embedded template will do */
}

static int h_helpers(struct srv_req *req, struct srv_resp *resp)
{
    (void)req;
    assert_int_equal(srv_resp_redirect(resp, 303, "//evil.example"), CVD_EINVAL);
    assert_int_equal(srv_resp_redirect(resp, 303, "/\\evil.example"), CVD_EINVAL);
    assert_int_equal(srv_resp_redirect(resp, 303, "https://evil.example"), CVD_EINVAL);
    assert_int_equal(srv_resp_redirect(resp, 303, "/a\r\nSet-Cookie: x=1"), CVD_EINVAL);
    assert_int_equal(srv_resp_redirect(resp, 200, "/a"), CVD_EINVAL);
    assert_int_equal(srv_resp_header(resp, "X-A", "b\r\nX-Evil: 1"), CVD_EINVAL);
    assert_int_equal(srv_resp_header(resp, "X A", "b"), CVD_EINVAL);
    assert_int_equal(srv_resp_set_cookie(resp, "a", "b;c", 0), CVD_EINVAL);
    assert_int_equal(srv_resp_set_cookie(resp, "a b", "c", 0), CVD_EINVAL);
    assert_int_equal(srv_resp_header(resp, "X-Thing", "yes"), 0);
    assert_int_equal(srv_resp_set_cookie(resp, "cvd_session", "s3cret", 3600), 0);
    assert_int_equal(srv_resp_set_cookie(resp, "old", "x", -1), 0);
    return srv_resp_redirect(resp, 303, "/next?a=1");
}

#define ROW(m, pat, fn, flags, limit, types)                                                       \
    {                                                                                              \
        SRV_##m, pat, fn, #fn, flags, limit, types                                                 \
    }

static const struct srv_route routes[] = {
    ROW(GET, "/open", h_ok, 0, 0, 0),
    ROW(POST, "/open", h_ok, 0, 100, SRV_CT_JSON),
    ROW(GET, "/private", h_ok, ROUTE_AUTH, 0, 0),
    ROW(POST, "/private", h_ok, ROUTE_AUTH, 100, SRV_CT_JSON | SRV_CT_FORM),
    ROW(GET, "/page", h_page, ROUTE_HTML, 0, 0),
    ROW(GET, "/html-private", h_page, ROUTE_HTML | ROUTE_AUTH, 0, 0),
    ROW(POST, "/html-private", h_ok, ROUTE_HTML | ROUTE_AUTH, 100, SRV_CT_FORM),
    ROW(POST, "/form", h_ok, ROUTE_CSRF, 1000, SRV_CT_FORM | SRV_CT_MULTIPART),
    ROW(POST, "/intake", h_ok, ROUTE_PUBLIC_INTAKE, 100, SRV_CT_JSON),
    ROW(GET, "/intake", h_ok, ROUTE_PUBLIC_INTAKE, 0, 0),
    ROW(GET, "/code/{code}", h_code, 0, 0, 0),
    ROW(GET, "/html-code/{code}", h_code, ROUTE_HTML, 0, 0),
    ROW(GET, "/bad-json", h_bad_json, 0, 0, 0),
    ROW(GET, "/helpers", h_helpers, 0, 0, 0),
    ROW(GET, "/static-ish", h_ok, ROUTE_NOSESSION, 0, 0),
    ROW(GET, "/follow-up/{secret}", h_ok, ROUTE_REDACT, 0, 0),
};

/* ---- the app: "Bearer good" is user 7, cookie cvd_session=sess is user 8 (CSRF "tok..."),
 * "Bearer broken" makes the hook fail. ---- */

#define SESSION_CSRF "sessiontoken-0123456789abcdefghijklmnopqrstuv"

static int auth_calls;

static int authenticate(void *ctx, struct srv_req *req, struct srv_principal *ret)
{
    (void)ctx;
    auth_calls++;
    struct cvd_str bearer = srv_req_bearer(req);
    if (cvd_str_eq_cstr(bearer, "good")) {
        *ret = (struct srv_principal){.via = SRV_AUTH_BEARER, .user_id = 7};
        return 0;
    }
    if (cvd_str_eq_cstr(bearer, "broken"))
        return CVD_EDB;
    const char *sess = srv_req_cookie(req, SRV_COOKIE_SESSION);
    if (sess != NULL && strcmp(sess, "sess") == 0) {
        *ret = (struct srv_principal){.via = SRV_AUTH_SESSION, .user_id = 8, .is_admin = true};
        memcpy(ret->csrf_token, SESSION_CSRF, sizeof(SESSION_CSRF));
        return 0;
    }
    return CVD_EAUTH;
}

static const struct srv_app app = {.authenticate = authenticate};
static struct cvd_clock clock_now;

static struct srv *make_server(bool secure)
{
    struct srv_config cfg = {
        .listen = "127.0.0.1:0",
        .instance_name = "Test <CSIRT>",
        .routes = routes,
        .n_routes = CVD_ARRAY_LEN(routes),
        .app = &app,
        .clock = &clock_now,
        .intake_per_minute = 1,
        .intake_burst = 2,
        .no_access_log = true,
        .secure_cookies = secure,
    };
    struct srv *s = NULL;
    struct cvd_diag d = {0};
    int rc = srv_new(&cfg, &s, &d);
    if (rc)
        fail_msg("srv_new: %s", d.msg);
    return s;
}

/* Run one request through the pipeline as server.c does. */
static struct srv_req *run(struct srv *s, const char *method, const char *uri, struct fake_conn *c,
                           const char *body)
{
    struct srv_req *req;
    assert_int_equal(srv__req_new(s, uri, strlen(uri), &req), 0);
    struct sockaddr_in in = {.sin_family = AF_INET};
    assert_int_equal(inet_pton(AF_INET, "192.0.2.1", &in.sin_addr), 1);
    srv__req_set_client(req, (const struct sockaddr *)&in);
    /* the caller's headers plus Content-Length, alive until the request is finished */
    struct fake_conn local = *c;
    char len[24];
    if (body != NULL) {
        (void)snprintf(len, sizeof(len), "%zu", strlen(body));
        add_header(&local, "Content-Length", len);
    }
    srv__req_set_conn(req, &fake_ops, &local);
    bool fixed = srv__req_headers(req, method);
    if (!fixed && body != NULL) {
        /* in two pieces, like the network would */
        size_t n = strlen(body);
        (void)srv__req_body(req, body, n / 2);
        (void)srv__req_body(req, body + n / 2, n - n / 2);
    }
    srv__req_finish(req);
    srv__req_set_conn(req, NULL, NULL);
    return req;
}

static const char *header(const struct srv_req *req, const char *name)
{
    for (size_t i = 0; i < req->resp.n_headers; i++) {
        if (strcasecmp(req->resp.headers[i].name, name) == 0)
            return req->resp.headers[i].value;
    }
    return NULL;
}

static const char *body(const struct srv_req *req)
{
    return req->resp.body.ptr ? req->resp.body.ptr : "";
}

static void expect(struct srv_req *req, int status, const char *body_part)
{
    if (req->resp.status != status)
        fail_msg("%s %s: status %d, want %d; body %s", req->method_text, req->uri, req->resp.status,
                 status, body(req));
    if (body_part != NULL && strstr(body(req), body_part) == NULL)
        fail_msg("%s %s: body lacks '%s': %s", req->method_text, req->uri, body_part, body(req));
    /* every response carries the security headers */
    assert_non_null(header(req, "Content-Security-Policy"));
    assert_non_null(strstr(header(req, "Content-Security-Policy"), "script-src 'none'"));
    assert_string_equal(header(req, "X-Content-Type-Options"), "nosniff");
    assert_string_equal(header(req, "Referrer-Policy"), "no-referrer");
    assert_string_equal(header(req, "X-Frame-Options"), "DENY");
    assert_non_null(header(req, "Cache-Control"));
    assert_string_equal(header(req, "X-Request-Id"), req->id);
    srv__req_free(req);
}

static void test_auth(void **state)
{
    (void)state;
    struct srv *s = make_server(false);
    struct fake_conn c = {0};
    expect(run(s, "GET", "/open", &c, NULL), 200, "\"user\":0");

    c = (struct fake_conn){0};
    struct srv_req *req = run(s, "GET", "/private", &c, NULL);
    assert_string_equal(header(req, "WWW-Authenticate"), "Bearer");
    expect(req, 401, "{\"error\":{\"code\":\"unauthenticated\"");

    c = (struct fake_conn){0};
    add_header(&c, "Authorization", "Bearer wrong");
    expect(run(s, "GET", "/private", &c, NULL), 401, NULL);

    c = (struct fake_conn){0};
    add_header(&c, "Authorization", "Bearer good");
    expect(run(s, "GET", "/private", &c, NULL), 200, "\"user\":7");

    c = (struct fake_conn){0};
    add_header(&c, "Cookie", "other=1; cvd_session=sess");
    expect(run(s, "GET", "/private", &c, NULL), 200, "\"user\":8");

    /* HTML routes send the browser to the login page, with where it was going */
    c = (struct fake_conn){0};
    req = run(s, "GET", "/html-private?a=1&b=<x>", &c, NULL);
    assert_string_equal(header(req, "Location"), "/login?next=/html-private%3Fa%3D1%26b%3D%3Cx%3E");
    expect(req, 303, NULL);
    /* a form posted without a session goes to the login page, without next= */
    c = (struct fake_conn){0};
    add_header(&c, "Content-Type", "application/x-www-form-urlencoded");
    req = run(s, "POST", "/html-private", &c, "a=1");
    assert_true(req->decided); /* before the body */
    assert_string_equal(header(req, "Location"), "/login");
    expect(req, 303, NULL);

    /* a failing hook is a 500 that tells nothing */
    c = (struct fake_conn){0};
    add_header(&c, "Authorization", "Bearer broken");
    req = run(s, "GET", "/open", &c, NULL);
    assert_null(strstr(body(req), "storage"));
    expect(req, 500, "\"message\":\"internal server error\"");

    /* NOSESSION routes never ask the app */
    int before = auth_calls;
    c = (struct fake_conn){0};
    add_header(&c, "Authorization", "Bearer good");
    expect(run(s, "GET", "/static-ish", &c, NULL), 200, "\"user\":0");
    assert_int_equal(auth_calls, before);
    srv_free(s);
}

static void test_session_csrf(void **state)
{
    (void)state;
    struct srv *s = make_server(false);
    const char *json = "{\"title\":\"t\"}";
    struct fake_conn c = {0};
    add_header(&c, "Cookie", "cvd_session=sess");
    add_header(&c, "Content-Type", "application/json");
    expect(run(s, "POST", "/private", &c, json), 403, "\"code\":\"csrf\"");

    c.n = 2;
    add_header(&c, "X-CSRF-Token", "wrong");
    expect(run(s, "POST", "/private", &c, json), 403, "wrong CSRF token");

    c.n = 2;
    add_header(&c, "X-CSRF-Token", SESSION_CSRF);
    expect(run(s, "POST", "/private", &c, json), 200, "\"user\":8");

    /* the form field works as well as the header */
    c = (struct fake_conn){0};
    add_header(&c, "Cookie", "cvd_session=sess");
    add_header(&c, "Content-Type", "application/x-www-form-urlencoded");
    expect(run(s, "POST", "/private", &c, "title=x&csrf=" SESSION_CSRF), 200, "\"title\":\"x\"");
    c.n = 2;
    expect(run(s, "POST", "/private", &c, "title=x&csrf=" SESSION_CSRF "x"), 403, NULL);

    /* the page gets the session's token for its forms */
    c = (struct fake_conn){0};
    add_header(&c, "Cookie", "cvd_session=sess");
    struct srv_req *req = run(s, "GET", "/page", &c, NULL);
    assert_string_equal(req->csrf_token, SESSION_CSRF);
    assert_null(header(req, "Set-Cookie"));
    expect(req, 200, NULL);

    /* bearer requests are exempt; cross-site browser requests are not */
    c = (struct fake_conn){0};
    add_header(&c, "Authorization", "Bearer good");
    add_header(&c, "Content-Type", "application/json");
    expect(run(s, "POST", "/private", &c, json), 200, "\"user\":7");
    c = (struct fake_conn){0};
    add_header(&c, "Cookie", "cvd_session=sess");
    add_header(&c, "Content-Type", "application/json");
    add_header(&c, "X-CSRF-Token", SESSION_CSRF);
    add_header(&c, "Sec-Fetch-Site", "cross-site");
    expect(run(s, "POST", "/private", &c, json), 403, "cross-site");
    /* an anonymous POST to a route without ROUTE_CSRF needs no token */
    c = (struct fake_conn){0};
    add_header(&c, "Content-Type", "application/json");
    expect(run(s, "POST", "/open", &c, json), 200, NULL);
    srv_free(s);
}

static void test_double_submit(void **state)
{
    (void)state;
    struct srv *s = make_server(false);
    /* a form page sets a fresh token cookie */
    struct fake_conn c = {0};
    struct srv_req *req = run(s, "GET", "/page", &c, NULL);
    const char *set = header(req, "Set-Cookie");
    assert_non_null(set);
    assert_int_equal(strncmp(set, "cvd_csrf=", 9), 0);
    assert_non_null(strstr(set, "; Path=/; HttpOnly; SameSite=Strict"));
    assert_null(strstr(set, "Secure"));
    char token[SRV_CSRF_TOKEN_LEN + 1];
    memcpy(token, set + 9, SRV_CSRF_TOKEN_LEN);
    token[SRV_CSRF_TOKEN_LEN] = '\0';
    assert_string_equal(req->csrf_token, token);
    expect(req, 200, NULL);

    char cookie[80];
    (void)snprintf(cookie, sizeof(cookie), "cvd_csrf=%s", token);
    char form[120];
    (void)snprintf(form, sizeof(form), "title=hi&csrf=%s", token);
    /* the cookie is reused by the next page */
    c = (struct fake_conn){0};
    add_header(&c, "Cookie", cookie);
    req = run(s, "GET", "/page", &c, NULL);
    assert_null(header(req, "Set-Cookie"));
    assert_string_equal(req->csrf_token, token);
    srv__req_free(req);

    c = (struct fake_conn){0};
    add_header(&c, "Content-Type", "application/x-www-form-urlencoded");
    expect(run(s, "POST", "/form", &c, "title=hi"), 403, "missing CSRF token");
    expect(run(s, "POST", "/form", &c, form), 403, "missing CSRF token"); /* no cookie */
    add_header(&c, "Cookie", cookie);
    expect(run(s, "POST", "/form", &c, "title=hi"), 403, "missing CSRF token"); /* no field */
    expect(run(s, "POST", "/form", &c, form), 200, "\"title\":\"hi\"");
    c.n = 1;
    add_header(&c, "Cookie", "cvd_csrf=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
    expect(run(s, "POST", "/form", &c, form), 403, "wrong CSRF token");
    srv_free(s);

    /* secure cookies: __Host- names, Secure, HSTS; a plain-named cookie is ignored */
    s = make_server(true);
    c = (struct fake_conn){0};
    add_header(&c, "Cookie", cookie);
    req = run(s, "GET", "/page", &c, NULL);
    set = header(req, "Set-Cookie");
    assert_non_null(set);
    assert_int_equal(strncmp(set, "__Host-cvd_csrf=", 16), 0);
    assert_non_null(strstr(set, "; Secure"));
    assert_non_null(header(req, "Strict-Transport-Security"));
    expect(req, 200, NULL);
    srv_free(s);
}

static void test_rate_limit(void **state)
{
    (void)state;
    clock_now = cvd_clock_fixed(1000);
    struct srv *s = make_server(false);
    struct fake_conn c = {0};
    add_header(&c, "Content-Type", "application/json");
    expect(run(s, "POST", "/intake", &c, "{}"), 200, NULL);
    expect(run(s, "POST", "/intake", &c, "{}"), 200, NULL);
    struct srv_req *req = run(s, "POST", "/intake", &c, "{}");
    assert_string_equal(header(req, "Retry-After"), "60");
    expect(req, 429, "\"code\":\"rate_limited\"");
    clock_now.fixed += 30;
    req = run(s, "POST", "/intake", &c, "{}");
    assert_string_equal(header(req, "Retry-After"), "30");
    expect(req, 429, NULL);
    clock_now.fixed += 30;
    expect(run(s, "POST", "/intake", &c, "{}"), 200, NULL);
    /* reading an intake route costs nothing; other routes are not limited */
    c = (struct fake_conn){0};
    for (int i = 0; i < 5; i++)
        expect(run(s, "GET", "/intake", &c, NULL), 200, NULL);
    add_header(&c, "Content-Type", "application/json");
    for (int i = 0; i < 5; i++)
        expect(run(s, "POST", "/open", &c, "{}"), 200, NULL);
    srv_free(s);
}

/* One GET from peer (text) with an X-Forwarded-For header; the client address it is seen as. */
static void forwarded(struct srv *s, const char *peer, const char *xff, const char *want)
{
    struct srv_req *req;
    assert_int_equal(srv__req_new(s, "/open", 5, &req), 0);
    struct sockaddr_in in = {.sin_family = AF_INET};
    struct sockaddr_in6 in6 = {.sin6_family = AF_INET6};
    if (inet_pton(AF_INET, peer, &in.sin_addr) == 1) {
        srv__req_set_client(req, (const struct sockaddr *)&in);
    } else {
        assert_int_equal(inet_pton(AF_INET6, peer, &in6.sin6_addr), 1);
        srv__req_set_client(req, (const struct sockaddr *)&in6);
    }
    struct fake_conn c = {0};
    add_header(&c, "X-Forwarded-For", xff);
    srv__req_set_conn(req, &fake_ops, &c);
    (void)srv__req_headers(req, "GET");
    srv__req_finish(req);
    if (strcmp(req->remote, want) != 0)
        fail_msg("peer %s, X-Forwarded-For '%s': client %s, want %s", peer, xff, req->remote, want);
    srv__req_free(req);
}

static void test_trust_proxy(void **state)
{
    (void)state;
    struct srv *s = make_server(false);
    forwarded(s, "127.0.0.1", "198.51.100.7", "127.0.0.1"); /* not trusted by default */
    srv_free(s);
    struct srv_config cfg = {.routes = routes,
                             .n_routes = CVD_ARRAY_LEN(routes),
                             .no_access_log = true,
                             .trust_proxy = true};
    assert_int_equal(srv_new(&cfg, &s, NULL), 0);
    forwarded(s, "127.0.0.1", "198.51.100.7", "198.51.100.7");
    forwarded(s, "127.0.0.2", "6.6.6.6, 198.51.100.7 ", "198.51.100.7"); /* the proxy's entry */
    forwarded(s, "::1", "2001:db8::5", "2001:db8::5");
    forwarded(s, "::ffff:127.0.0.1", "198.51.100.9", "198.51.100.9");
    forwarded(s, "192.0.2.1", "198.51.100.7", "192.0.2.1"); /* not from the proxy */
    forwarded(s, "127.0.0.1", "garbage", "127.0.0.1");
    forwarded(s, "127.0.0.1", "", "127.0.0.1");
    srv_free(s);
}

static void test_bodies(void **state)
{
    (void)state;
    struct srv *s = make_server(false);
    struct fake_conn c = {0};
    add_header(&c, "Content-Type", "text/plain");
    expect(run(s, "POST", "/open", &c, "{}"), 415, "\"code\":\"unsupported_media_type\"");
    c = (struct fake_conn){0};
    add_header(&c, "Content-Type", "application/json; charset=latin1");
    expect(run(s, "POST", "/open", &c, "{}"), 415, NULL);
    c = (struct fake_conn){0};
    expect(run(s, "POST", "/open", &c, "{}"), 415, NULL); /* no Content-Type */
    c = (struct fake_conn){0};
    add_header(&c, "Content-Type", "application/json; charset=UTF-8");
    expect(run(s, "POST", "/open", &c, "{\"title\":\"a\"}"), 200, "\"title\":\"a\"");
    expect(run(s, "POST", "/open", &c, "{\"title\":"), 400, "invalid JSON at line 1");
    expect(run(s, "POST", "/open", &c, "{\"a\":1,\"a\":2}"), 400, NULL);
    expect(run(s, "POST", "/open", &c, "{\"title\":\"a\\u0000b\"}"), 400, "\"field\":\"title\"");
    /* over the limit by Content-Length: refused before the body */
    char big[200];
    memset(big, ' ', sizeof(big) - 1);
    big[sizeof(big) - 1] = '\0';
    struct srv_req *req = run(s, "POST", "/open", &c, big);
    assert_true(req->decided);
    expect(req, 413, "larger than 100 bytes");
    /* over the limit while streaming (no Content-Length) */
    c = (struct fake_conn){0};
    add_header(&c, "Content-Type", "application/json");
    add_header(&c, "Transfer-Encoding", "chunked");
    assert_int_equal(srv__req_new(s, "/open", 5, &req), 0);
    srv__req_set_conn(req, &fake_ops, &c);
    assert_false(srv__req_headers(req, "POST"));
    assert_int_equal(srv__req_body(req, big, 60), 0);
    assert_int_equal(srv__req_body(req, big, 60), CVD_ELIMIT);
    assert_int_equal(srv__req_body(req, big, 60), CVD_ELIMIT);
    assert_int_equal(req->discarded, 120);
    srv__req_finish(req);
    expect(req, 413, NULL);
    /* a body where none is taken */
    c = (struct fake_conn){0};
    add_header(&c, "Content-Type", "application/json");
    add_header(&c, "Authorization", "Bearer good");
    expect(run(s, "DELETE", "/open", &c, NULL), 405, NULL);
    expect(run(s, "GET", "/open", &c, "x"), 413, "takes no request body");
    /* a bad query */
    c = (struct fake_conn){0};
    expect(run(s, "GET", "/open?x=%zz", &c, NULL), 400, "\"field\":\"x\"");
    srv_free(s);
}

static void test_errors(void **state)
{
    (void)state;
    struct srv *s = make_server(false);
    static const struct {
        const char *code;
        int status;
        const char *api;
    } cases[] = {
        {"EINVAL", 400, "invalid"},        {"EPARSE", 400, "malformed"},
        {"EUTF8", 400, "invalid_utf8"},    {"EMISSING", 422, "missing"},
        {"EAUTH", 401, "unauthenticated"}, {"EDENIED", 403, "forbidden"},
        {"ENOTFOUND", 404, "not_found"},   {"ESTATE", 409, "wrong_state"},
        {"EDUP", 409, "duplicate"},        {"ELIMIT", 413, "too_large"},
        {"ERATE", 429, "rate_limited"},    {"EDB", 500, "internal"},
        {"ENOMEM", 500, "internal"},       {"EIO", 500, "internal"},
    };
    for (size_t i = 0; i < CVD_ARRAY_LEN(cases); i++) {
        char uri[64];
        (void)snprintf(uri, sizeof(uri), "/code/%s", cases[i].code);
        struct fake_conn c = {0};
        struct srv_req *req = run(s, "GET", uri, &c, NULL);
        char want[128];
        if (cases[i].status < 500) {
            (void)snprintf(want, sizeof(want),
                           "{\"error\":{\"code\":\"%s\",\"message\":\"handler says %s\","
                           "\"field\":\"title\"}}",
                           cases[i].api, cases[i].code);
        } else {
            (void)snprintf(want, sizeof(want),
                           "{\"error\":{\"code\":\"internal\",\"message\":\"internal server "
                           "error\"}}");
            assert_non_null(req->resp.detail); /* for the log only */
        }
        if (cases[i].status == 429)
            assert_non_null(header(req, "Retry-After"));
        assert_string_equal(body(req), want);
        assert_string_equal(header(req, "Content-Type"), "application/json; charset=utf-8");
        expect(req, cases[i].status, NULL);
    }
    /* HTML routes get an HTML page, escaped */
    struct fake_conn c = {0};
    struct srv_req *req = run(s, "GET", "/html-code/EMISSING", &c, NULL);
    assert_string_equal(header(req, "Content-Type"), "text/html; charset=utf-8");
    assert_non_null(strstr(body(req), "<title>Missing information · Test &lt;CSIRT&gt;</title>"));
    expect(req, 422, "<code>title</code>");
    /* unknown paths: JSON, or HTML when a browser asks outside /api/ */
    c = (struct fake_conn){0};
    expect(run(s, "GET", "/nowhere", &c, NULL), 404, "\"code\":\"not_found\"");
    add_header(&c, "Accept", "text/html,application/xhtml+xml");
    expect(run(s, "GET", "/nowhere", &c, NULL), 404, "<!DOCTYPE html>");
    expect(run(s, "GET", "/api/v1/nowhere", &c, NULL), 404, "{\"error\"");
    c = (struct fake_conn){0};
    req = run(s, "PATCH", "/open", &c, NULL);
    assert_string_equal(header(req, "Allow"), "GET, POST, HEAD");
    expect(req, 405, "method_not_allowed");
    expect(run(s, "GET", "/open%zz", &c, NULL), 400, "malformed request path");
    /* a handler that leaves its JSON unfinished */
    expect(run(s, "GET", "/bad-json", &c, NULL), 500, "internal");
    srv_free(s);
}

static void test_helpers_and_pages(void **state)
{
    (void)state;
    struct srv *s = make_server(false);
    struct fake_conn c = {0};
    struct srv_req *req = run(s, "GET", "/helpers", &c, NULL);
    assert_string_equal(header(req, "Location"), "/next?a=1");
    assert_string_equal(header(req, "X-Thing"), "yes");
    size_t cookies = 0;
    for (size_t i = 0; i < req->resp.n_headers; i++) {
        if (strcmp(req->resp.headers[i].name, "Set-Cookie") == 0) {
            const char *v = req->resp.headers[i].value;
            if (cookies == 0)
                assert_string_equal(
                    v, "cvd_session=s3cret; Path=/; HttpOnly; SameSite=Strict; Max-Age=3600");
            else
                assert_string_equal(v, "old=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
            cookies++;
        }
    }
    assert_int_equal(cookies, 2);
    expect(req, 303, NULL);

    /* a page: the handler's JSON rendered, every value escaped */
    c = (struct fake_conn){0};
    req = run(s, "GET", "/page?m=%3Cscript%3Ealert(1)%3C/script%3E%26%22%27", &c, NULL);
    assert_string_equal(header(req, "Content-Type"), "text/html; charset=utf-8");
    assert_null(strstr(body(req), "<script>"));
    assert_non_null(strstr(body(req), "&lt;script&gt;alert(1)&lt;/script&gt;&amp;&quot;&#39;"));
    assert_non_null(strstr(body(req), "<h1>A &lt;page&gt;</h1>"));
    assert_non_null(strstr(body(req), "/static/style.css?v="));
    expect(req, 200, NULL);
    srv_free(s);
}

static void test_access_log(void **state)
{
    (void)state;
    FILE *log = tmpfile();
    assert_non_null(log);
    struct srv_config cfg = {
        .routes = routes, .n_routes = CVD_ARRAY_LEN(routes), .app = &app, .access_log = log};
    struct srv *s = NULL;
    assert_int_equal(srv_new(&cfg, &s, NULL), 0);
    struct fake_conn c = {0};
    add_header(&c, "Authorization", "Bearer good");
    struct srv_req *req = run(s, "GET", "/follow-up/cvd_fu_SECRET?token=QUERYSECRET", &c, NULL);
    srv__req_log(req, true);
    srv__req_free(req);
    c = (struct fake_conn){0};
    req = run(s, "GET", "/code/EDB?x=1", &c, NULL);
    srv__req_log(req, false);
    srv__req_free(req);
    req = run(s, "GET", "/nowhere/\x01\xff", &c, NULL);
    srv__req_log(req, true);
    srv__req_free(req);
    rewind(log);
    char lines[3][1024];
    for (int i = 0; i < 3; i++)
        assert_non_null(fgets(lines[i], sizeof(lines[i]), log));
    fclose(log);
    assert_non_null(strstr(lines[0], "\"method\":\"GET\",\"path\":\"/follow-up/{secret}\","
                                     "\"status\":200,\"bytes\":10,\"duration_us\":"));
    assert_non_null(strstr(lines[0], "\"route\":\"h_ok\",\"user\":7}"));
    assert_null(strstr(lines[0], "SECRET"));
    assert_non_null(strstr(lines[0], "{\"time\":\"20"));
    assert_non_null(strstr(lines[0], "\"remote\":\"192.0.2.1\""));
    assert_non_null(strstr(lines[1], "\"path\":\"/code/EDB\",\"status\":500,\"bytes\":0"));
    assert_non_null(strstr(lines[1], "\"detail\":\"handler says EDB\",\"aborted\":true}"));
    assert_non_null(strstr(lines[2], "\"path\":\"/nowhere/??\",\"status\":400"));
    srv_free(s);
}

static void test_bad_config(void **state)
{
    (void)state;
    static const struct srv_route bad[] = {
        ROW(POST, "/form", h_ok, 0, 10, SRV_CT_FORM),
    };
    struct srv_config cfg = {.routes = bad, .n_routes = 1, .no_access_log = true};
    struct srv *s = NULL;
    struct cvd_diag d = {0};
    assert_int_equal(srv_new(&cfg, &s, &d), CVD_EINVAL);
    assert_null(s);
    assert_non_null(strstr(d.msg, "ROUTE_CSRF"));
    static const char *const listens[] = {"127.0.0.1", "1.2.3.4:99999", "[::1:80",
                                          "host:80",   ":80",           "127.0.0.1:-1"};
    for (size_t i = 0; i < CVD_ARRAY_LEN(listens); i++) {
        cfg = (struct srv_config){.listen = listens[i], .no_access_log = true};
        assert_int_equal(srv_new(&cfg, &s, &d), CVD_EINVAL);
    }
    /* the built-in table is valid, and so are these addresses */
    static const char *const good[] = {"127.0.0.1:0", "[::1]:8080", "localhost:1"};
    for (size_t i = 0; i < CVD_ARRAY_LEN(good); i++) {
        cfg = (struct srv_config){.listen = good[i], .no_access_log = true};
        assert_int_equal(srv_new(&cfg, &s, &d), 0);
        srv_free(s);
    }
    srv_free(NULL);
}

int main(void)
{
    clock_now = cvd_clock_fixed(1000);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_auth),
        cmocka_unit_test(test_session_csrf),
        cmocka_unit_test(test_double_submit),
        cmocka_unit_test(test_rate_limit),
        cmocka_unit_test(test_bodies),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_helpers_and_pages),
        cmocka_unit_test(test_access_log),
        cmocka_unit_test(test_trust_proxy),
        cmocka_unit_test(test_bad_config),
    };
    return cmocka_run_group_tests_name("server-pipeline", tests, NULL, NULL);
}
