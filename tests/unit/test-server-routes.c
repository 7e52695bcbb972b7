/* server: the hub's routes through the real route table and the real authenticate hook, on a
 * hub over a temporary SQLite file, without sockets: sessions and API tokens as principals,
 * JSON and form intake (CSRF, refusals that name the field, the form kept and escaped), the
 * follow-up link (secret paths redacted), coordinator reports and actions, attachments as
 * downloads, cases with scored vulnerabilities, security.txt and the pages. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cmocka.h>

#include "cvd/securitytxt.h"
#include "server/app.h"
#include "server/srv-int.h"

#define BASE "https://cvd.example"

/* ---- a fake connection: request headers ---- */

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

/* ---- the fixture: a hub with a coordinator and a vendor, and a server on it ---- */

struct fixture {
    char dir[64];
    char path[96];
    struct cvd_hub *hub;
    struct srv_app app;
    struct srv *srv;
    char coord_cookie[128];
    char coord_csrf[CVD_SECRET_TEXT_MAX];
    char vendor_token[CVD_SECRET_TEXT_MAX];
    char auth_header[128];
};

static struct fixture *fx;

static int setup(void **state)
{
    (void)state;
    struct fixture *f = calloc(1, sizeof(*f));
    if (f == NULL)
        return -1;
    snprintf(f->dir, sizeof(f->dir), "/tmp/cvd-routes-XXXXXX");
    if (mkdtemp(f->dir) == NULL)
        return -1;
    snprintf(f->path, sizeof(f->path), "%s/hub.db", f->dir);
    struct cvd_hub_config hc = {.db_path = f->path,
                                .instance_name = "Test CSIRT",
                                .base_url = BASE,
                                .password_cost = CVD_PASSWORD_COST_MIN};
    struct cvd_diag d = {0};
    struct cvd_principal sys = {.kind = CVD_PRINCIPAL_SYSTEM};
    if (cvd_hub_open(&hc, &f->hub, &d) ||
        cvd_hub_init_instance(f->hub, CVD_STR("Test CSIRT"), CVD_STR("coord@example.org"),
                              CVD_STR("Cora <Coord>"), CVD_STR("coordinator pass"), NULL, &d) ||
        cvd_hub_org_add(f->hub, &sys, CVD_STR("ACME"), CVD_ORG_VENDOR, NULL, NULL, &d) ||
        cvd_hub_user_add(f->hub, &sys, CVD_STR("vendor@acme.example"), CVD_STR("Vic"),
                         CVD_STR("vendor password"), false, CVD_STR("ACME"), CVD_ROLE_MEMBER, NULL,
                         NULL, &d)) {
        fprintf(stderr, "setup: %s\n", d.msg);
        return -1;
    }
    /* a session for the coordinator, an API token for the vendor */
    char sess[CVD_SECRET_TEXT_MAX];
    int64_t retry;
    if (cvd_hub_login(f->hub, CVD_STR("coord@example.org"), CVD_STR("coordinator pass"),
                      CVD_STR("192.0.2.1"), sess, f->coord_csrf, &retry, &d))
        return -1;
    snprintf(f->coord_cookie, sizeof(f->coord_cookie), "cvd_session=%s", sess);
    struct cvd_principal vendor;
    struct cvd_arena a;
    cvd_arena_init(&a, 0);
    char vsess[CVD_SECRET_TEXT_MAX], vcsrf[CVD_SECRET_TEXT_MAX];
    int rc = cvd_hub_login(f->hub, CVD_STR("vendor@acme.example"), CVD_STR("vendor password"),
                           CVD_STR("192.0.2.1"), vsess, vcsrf, &retry, &d);
    if (rc == 0)
        rc = cvd_hub_session(f->hub, cvd_str_from_cstr(vsess), &a, &vendor, NULL);
    if (rc == 0)
        rc = cvd_hub_token_create(f->hub, &vendor, CVD_STR("ci"), f->vendor_token, NULL, &d);
    cvd_arena_release(&a);
    if (rc)
        return -1;
    f->app = (struct srv_app){.ctx = f->hub, .authenticate = srv_hub_authenticate};
    struct srv_config cfg = {
        .listen = "127.0.0.1:0",
        .instance_name = "Test <CSIRT>",
        .base_url = BASE,
        .app = &f->app,
        .intake_per_minute = 1000,
        .intake_burst = 1000,
        .no_access_log = true,
    };
    if (srv_new(&cfg, &f->srv, &d) != 0) {
        fprintf(stderr, "srv_new: %s\n", d.msg);
        return -1;
    }
    fx = f;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    struct fixture *f = fx;
    srv_free(f->srv);
    cvd_hub_close(f->hub);
    char cmd[128];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
    if (system(cmd) != 0)
        return -1;
    free(f);
    return 0;
}

/* ---- running requests ---- */

static struct srv_req *run(const char *method, const char *uri, struct fake_conn *c,
                           const char *body, size_t body_len)
{
    struct srv_req *req;
    assert_int_equal(srv__req_new(fx->srv, uri, strlen(uri), &req), 0);
    struct sockaddr_in in = {.sin_family = AF_INET};
    assert_int_equal(inet_pton(AF_INET, "192.0.2.9", &in.sin_addr), 1);
    srv__req_set_client(req, (const struct sockaddr *)&in);
    struct fake_conn local = *c;
    char len[24];
    if (body != NULL) {
        (void)snprintf(len, sizeof(len), "%zu", body_len);
        add_header(&local, "Content-Length", len);
    }
    srv__req_set_conn(req, &fake_ops, &local);
    bool fixed = srv__req_headers(req, method);
    if (!fixed && body != NULL)
        (void)srv__req_body(req, body, body_len);
    srv__req_finish(req);
    srv__req_set_conn(req, NULL, NULL);
    return req;
}

static struct srv_req *run_json(const char *method, const char *uri, const char *who,
                                const char *json)
{
    struct fake_conn c = {0};
    if (json != NULL)
        add_header(&c, "Content-Type", "application/json");
    if (who != NULL && strcmp(who, "coord") == 0) {
        add_header(&c, "Cookie", fx->coord_cookie);
        add_header(&c, "X-CSRF-Token", fx->coord_csrf);
    } else if (who != NULL && strcmp(who, "vendor") == 0) {
        snprintf(fx->auth_header, sizeof(fx->auth_header), "Bearer %s", fx->vendor_token);
        add_header(&c, "Authorization", fx->auth_header);
    }
    return run(method, uri, &c, json, json ? strlen(json) : 0);
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

/* Check status and a part of the body; keeps the request (free it with done()). */
static struct srv_req *check(struct srv_req *req, int status, const char *part)
{
    if (req->resp.status != status)
        fail_msg("%s %s: status %d, want %d; body %.600s", req->method_text, req->uri,
                 req->resp.status, status, body(req));
    if (part != NULL && strstr(body(req), part) == NULL)
        fail_msg("%s %s: body lacks '%s': %.800s", req->method_text, req->uri, part, body(req));
    return req;
}

static void expect(struct srv_req *req, int status, const char *part)
{
    srv__req_free(check(req, status, part));
}

/* The value of "key":"..." in a JSON body, copied into out. */
static void json_value(const struct srv_req *req, const char *key, char *out, size_t cap)
{
    char pat[64];
    snprintf(pat, sizeof(pat), "\"%s\":\"", key);
    const char *p = strstr(body(req), pat);
    if (p == NULL)
        fail_msg("no %s in %s", key, body(req));
    p += strlen(pat);
    size_t n = strcspn(p, "\"");
    assert_true(n < cap);
    memcpy(out, p, n);
    out[n] = '\0';
}

static const char report_json[] =
    "{\"title\":\"XSS <script>alert(1)</script>\",\"product\":\"Widget\",\"description\":"
    "\"bad\",\"tlp\":\"GREEN\",\"exploited\":\"no\",\"credit_wanted\":true,\"credit_name\":"
    "\"R\",\"attachments\":[{\"name\":\"poc \\\"1\\\"; x=.html\",\"content_type\":"
    "\"text/html\",\"data_base64\":\"PGI+aGk8L2I+\"}]}";

/* Submit report_json; the tracking id and the follow-up secret. */
static void submit(char tid[32], char secret[CVD_SECRET_TEXT_MAX])
{
    struct srv_req *req = check(run_json("POST", "/api/v1/reports", NULL, report_json), 201,
                                "\"state\":\"received\"");
    char url[256];
    json_value(req, "tracking_id", tid, 32);
    json_value(req, "follow_up_url", url, sizeof(url));
    assert_memory_equal(url, BASE "/follow-up/cvd_fu_", strlen(BASE "/follow-up/cvd_fu_"));
    snprintf(secret, CVD_SECRET_TEXT_MAX, "%s", url + strlen(BASE "/follow-up/"));
    srv__req_free(req);
}

/* ---- tests ---- */

static void test_table(void **state)
{
    (void)state;
    /* every route with a secret in its path keeps it out of the log */
    for (size_t i = 0; i < srv_routes_len; i++) {
        if (strstr(srv_routes[i].pattern, "{secret}") != NULL &&
            !(srv_routes[i].flags & ROUTE_REDACT))
            fail_msg("%s lacks ROUTE_REDACT", srv_routes[i].pattern);
    }
}

static void test_principals(void **state)
{
    (void)state;
    /* session: pages see a signed-in user; bearer: the API accepts the token */
    struct srv_req *req = run_json("GET", "/inbox", "coord", NULL);
    assert_true(req->has_principal);
    assert_int_equal(req->principal.via, SRV_AUTH_SESSION);
    assert_string_equal(req->principal.csrf_token, fx->coord_csrf);
    expect(req, 200, "Sign out");
    expect(run_json("GET", "/api/v1/cases", "vendor", NULL), 403, "\"code\":\"forbidden\"");
    /* a wrong token or cookie is anonymous */
    struct fake_conn c = {0};
    add_header(&c, "Authorization", "Bearer cvd_api_nothing");
    expect(run("GET", "/api/v1/reports", &c, NULL, 0), 401, "\"unauthenticated\"");
    c = (struct fake_conn){0};
    add_header(&c, "Cookie", "cvd_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
    req = run("GET", "/inbox", &c, NULL, 0);
    assert_string_equal(header(req, "Location"), "/login?next=/inbox");
    expect(req, 303, NULL);
    /* a session's POST needs its CSRF token */
    c = (struct fake_conn){0};
    add_header(&c, "Cookie", fx->coord_cookie);
    add_header(&c, "Content-Type", "application/json");
    expect(run("POST", "/api/v1/tokens", &c, "{\"name\":\"x\"}", 12), 403, "\"csrf\"");
    expect(run_json("POST", "/api/v1/tokens", "coord", "{\"name\":\"x\"}"), 201,
           "\"token\":\"cvd_api_");
}

static void test_json_intake(void **state)
{
    (void)state;
    char tid[32], secret[CVD_SECRET_TEXT_MAX];
    submit(tid, secret);
    expect(run_json("POST", "/api/v1/reports", NULL, "{\"title\":\"t\",\"colour\":\"red\"}"), 400,
           "\"field\":\"colour\"");
    expect(run_json("POST", "/api/v1/reports", NULL,
                    "{\"title\":\"t\",\"product\":\"p\",\"description\":\"d\",\"tlp\":\"BLUE\"}"),
           400, "\"field\":\"tlp\"");
    expect(run_json("POST", "/api/v1/reports", NULL,
                    "{\"title\":\"t\",\"product\":\"p\",\"description\":\"d\",\"exploited\":1}"),
           400, "\"field\":\"exploited\"");
    expect(run_json("POST", "/api/v1/reports", NULL,
                    "{\"title\":\"t\",\"product\":\"p\",\"description\":\"d\",\"attachments\":"
                    "[{\"name\":\"a\",\"data_base64\":\"@@@\"}]}"),
           400, "\"field\":\"attachments\"");
    expect(run_json("POST", "/api/v1/reports", NULL, "{\"title\":\"t\",\"product\":\"p\"}"), 422,
           "\"field\":\"description\"");
    expect(run_json("POST", "/api/v1/reports", NULL, "[]"), 400, "\"wrong_type\"");
}

/* A multipart body with the CSRF field, a title, a description and one file. */
static size_t multipart(char *out, size_t cap, const char *csrf, const char *title,
                        const char *description)
{
    int n = snprintf(out, cap,
                     "--XyZ\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n%s\r\n"
                     "--XyZ\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\n%s\r\n"
                     "--XyZ\r\nContent-Disposition: form-data; name=\"product\"\r\n\r\nW\r\n"
                     "--XyZ\r\nContent-Disposition: form-data; name=\"description\"\r\n\r\n%s\r\n"
                     "--XyZ\r\nContent-Disposition: form-data; name=\"tlp\"\r\n\r\nRED\r\n"
                     "--XyZ\r\nContent-Disposition: form-data; name=\"vendor_contacted\"\r\n\r\n"
                     "yes\r\n"
                     "--XyZ\r\nContent-Disposition: form-data; name=\"attachments\"; "
                     "filename=\"log.txt\"\r\nContent-Type: text/plain\r\n\r\nhello\r\n"
                     "--XyZ--\r\n",
                     csrf, title, description);
    assert_true(n > 0 && (size_t)n < cap);
    return (size_t)n;
}

static void test_form_intake(void **state)
{
    (void)state;
    /* the form page sets the double-submit cookie and embeds the same token */
    struct srv_req *req = check(run_json("GET", "/report", NULL, NULL), 200, "name=\"csrf\"");
    const char *cookie = header(req, "Set-Cookie");
    assert_non_null(cookie);
    char token[64];
    assert_true(strncmp(cookie, "cvd_csrf=", 9) == 0);
    size_t n = strcspn(cookie + 9, ";");
    memcpy(token, cookie + 9, n);
    token[n] = '\0';
    assert_non_null(strstr(body(req), token));
    assert_non_null(strstr(body(req), "value=\"AMBER\" checked"));
    srv__req_free(req);

    char cookie_header[80];
    snprintf(cookie_header, sizeof(cookie_header), "cvd_csrf=%s", token);
    static char b[4096];
    struct fake_conn c = {0};
    add_header(&c, "Content-Type", "multipart/form-data; boundary=XyZ");
    add_header(&c, "Cookie", cookie_header);
    size_t len = multipart(b, sizeof(b), token, "Form <b>report</b>", "d");
    req = check(run("POST", "/report", &c, b, len), 303, NULL);
    const char *loc = header(req, "Location");
    assert_non_null(loc);
    assert_true(strncmp(loc, "/follow-up/cvd_fu_", 18) == 0);
    assert_non_null(strstr(loc, "?new=1"));
    char page[128];
    snprintf(page, sizeof(page), "%s", loc);
    srv__req_free(req);
    /* the receipt page: tracking id, the link to keep, the title escaped */
    req = check(run_json("GET", page, NULL, NULL), 200, "Keep this page");
    assert_non_null(strstr(body(req), "R-20"));
    assert_non_null(strstr(body(req), "Form &lt;b&gt;report&lt;/b&gt;"));
    assert_null(strstr(body(req), "<b>report"));
    srv__req_free(req);

    /* refused: the form again with 422, the field named, what was typed kept (escaped) */
    len = multipart(b, sizeof(b), token, " ", "</textarea><script>x</script>");
    req = check(run("POST", "/report", &c, b, len), 422, "id=\"title-error\"");
    assert_non_null(strstr(body(req), "&lt;/textarea&gt;&lt;script&gt;x&lt;/script&gt;"));
    assert_null(strstr(body(req), "<script>"));
    assert_non_null(strstr(body(req), "value=\"RED\" checked"));
    assert_non_null(strstr(body(req), "value=\"yes\" checked"));
    srv__req_free(req);
    /* without the cookie the token means nothing */
    struct fake_conn bare = {0};
    add_header(&bare, "Content-Type", "multipart/form-data; boundary=XyZ");
    expect(run("POST", "/report", &bare, b, len), 403, NULL);
}

static void test_follow_up(void **state)
{
    (void)state;
    char tid[32], secret[CVD_SECRET_TEXT_MAX], uri[160];
    submit(tid, secret);
    snprintf(uri, sizeof(uri), "/api/v1/follow-up/%s", secret);
    struct srv_req *req = check(run_json("GET", uri, NULL, NULL), 200, tid);
    assert_non_null(strstr(body(req), "\"reporter\":{"));
    assert_non_null(strstr(body(req), "\"author\":\"system\""));
    srv__req_free(req);
    snprintf(uri, sizeof(uri), "/api/v1/follow-up/%s/messages", secret);
    expect(run_json("POST", uri, NULL, "{\"message\":\"\"}"), 422, "\"field\":\"message\"");
    expect(run_json("POST", uri, NULL, "{\"message\":\"More <i>details</i>.\"}"), 201,
           "\"author\":\"reporter\",\"body\":\"More <i>details</i>.\"");
    /* another secret opens nothing, and says so as "not found" */
    secret[10] = secret[10] == 'A' ? 'B' : 'A';
    snprintf(uri, sizeof(uri), "/api/v1/follow-up/%s", secret);
    expect(run_json("GET", uri, NULL, NULL), 404, "\"not_found\"");
    snprintf(uri, sizeof(uri), "/follow-up/%s", secret);
    expect(run_json("GET", uri, NULL, NULL), 404, "<!DOCTYPE html>");
}

static void test_coordinator(void **state)
{
    (void)state;
    char tid[32], dup[32], secret[CVD_SECRET_TEXT_MAX], uri[160];
    submit(tid, secret);
    submit(dup, secret);
    expect(run_json("GET", "/api/v1/reports?state=received&limit=1000", "coord", NULL), 200,
           "\"total\":");
    expect(run_json("GET", "/api/v1/reports?state=nope", "coord", NULL), 400,
           "\"field\":\"state\"");
    expect(run_json("GET", "/api/v1/reports?limit=1001", "coord", NULL), 400,
           "\"field\":\"limit\"");
    expect(run_json("GET", "/api/v1/reports", "vendor", NULL), 403, NULL);
    snprintf(uri, sizeof(uri), "/api/v1/reports/%s", tid);
    expect(run_json("GET", uri, "vendor", NULL), 403, NULL);
    expect(run_json("GET", "/api/v1/reports/R-2026-999999", "coord", NULL), 404, NULL);
    struct srv_req *req = check(run_json("GET", uri, "coord", NULL), 200, "\"tlp\":\"GREEN\"");
    assert_non_null(strstr(body(req), "\"exploited\":\"no\",\"credit_wanted\":true"));
    char att[16];
    const char *p = strstr(body(req), "\"attachments\":[{\"id\":");
    assert_non_null(p);
    snprintf(att, sizeof(att), "%ld", strtol(p + 21, NULL, 10));
    srv__req_free(req);

    /* attachments are downloads, never shown, with a header-safe name */
    snprintf(uri, sizeof(uri), "/api/v1/reports/%s/attachments/%s", tid, att);
    req = check(run_json("GET", uri, "coord", NULL), 200, "<b>hi</b>");
    assert_string_equal(header(req, "Content-Type"), "application/octet-stream");
    const char *disp = header(req, "Content-Disposition");
    assert_non_null(disp);
    assert_true(strncmp(disp, "attachment; filename=\"poc__1___x_.html\"", 39) == 0);
    assert_non_null(strstr(disp, "filename*=UTF-8''poc%20%221%22%3B%20x%3D.html"));
    assert_non_null(header(req, "X-Content-SHA256"));
    srv__req_free(req);
    snprintf(uri, sizeof(uri), "/api/v1/reports/%s/attachments/99999", tid);
    expect(run_json("GET", uri, "coord", NULL), 404, NULL);

    /* actions: the field named, the wrong state a 409 with the model's words */
    snprintf(uri, sizeof(uri), "/api/v1/reports/%s/actions", tid);
    expect(run_json("POST", uri, "coord", "{\"action\":\"fly\"}"), 400, "\"field\":\"action\"");
    expect(run_json("POST", uri, "coord", "{\"action\":\"invalidate\",\"reason\":\"meh\"}"), 400,
           "\"field\":\"reason\"");
    expect(run_json("POST", uri, "coord", "{\"action\":\"request_info\"}"), 422,
           "\"field\":\"message\"");
    expect(run_json("POST", uri, "coord", "{\"action\":\"accept\"}"), 409,
           "cannot accept a report that is received");
    expect(run_json("POST", uri, "vendor", "{\"action\":\"accept\"}"), 403, NULL);
    req = check(
        run_json("POST", uri, "coord", "{\"action\":\"validate\",\"case_title\":\"Widget XSS\"}"),
        200, "\"state\":\"valid\"");
    char case_id[32];
    json_value(req, "case_id", case_id, sizeof(case_id));
    srv__req_free(req);
    snprintf(uri, sizeof(uri), "/api/v1/reports/%s/actions", dup);
    char json[128];
    snprintf(json, sizeof(json), "{\"action\":\"validate\",\"case_id\":\"%s\"}", case_id);
    expect(run_json("POST", uri, "coord", json), 200, case_id);

    /* the report page offers only what the state allows */
    snprintf(uri, sizeof(uri), "/reports/%s", tid);
    req = check(run_json("GET", uri, "coord", NULL), 200, "value=\"accept\"");
    assert_null(strstr(body(req), "value=\"validate\""));
    assert_non_null(strstr(body(req), "XSS &lt;script&gt;"));
    srv__req_free(req);
    /* the form version: 303 back, or the page again with the refusal */
    struct fake_conn c = {0};
    add_header(&c, "Cookie", fx->coord_cookie);
    add_header(&c, "Content-Type", "application/x-www-form-urlencoded");
    char form[160];
    snprintf(form, sizeof(form), "csrf=%s&action=validate", fx->coord_csrf);
    snprintf(uri, sizeof(uri), "/reports/%s/actions", tid);
    expect(run("POST", uri, &c, form, strlen(form)), 409, "The action was refused");
    snprintf(form, sizeof(form), "csrf=%s&action=accept", fx->coord_csrf);
    req = check(run("POST", uri, &c, form, strlen(form)), 303, NULL);
    snprintf(uri, sizeof(uri), "/reports/%s", tid);
    assert_string_equal(header(req, "Location"), uri);
    srv__req_free(req);

    /* cases and scored vulnerabilities */
    snprintf(uri, sizeof(uri), "/api/v1/cases/%s/vulnerabilities", case_id);
    req = check(run_json("POST", uri, "coord",
                         "{\"title\":\"XSS\",\"cve_id\":\"CVE-2026-1234\",\"cvss_vector\":"
                         "\"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H\"}"),
                201, "\"cvss_score\":9.8,\"severity\":\"Critical\"");
    char vid[16];
    p = strstr(body(req), "\"id\":");
    snprintf(vid, sizeof(vid), "%ld", strtol(p + 5, NULL, 10));
    srv__req_free(req);
    expect(run_json("POST", uri, "coord", "{\"title\":\"x\",\"cvss_vector\":\"CVSS:3.1/AV:Q\"}"),
           400, "\"field\":\"cvss_vector\"");
    snprintf(uri, sizeof(uri), "/api/v1/cases/%s/vulnerabilities/%s", case_id, vid);
    expect(run_json("PUT", uri, "coord",
                    "{\"title\":\"XSS, scored again\",\"cvss_vector\":"
                    "\"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:N\"}"),
           200, "\"cvss_score\":5.3,\"severity\":\"Medium\"");
    snprintf(uri, sizeof(uri), "/cases/%s?edit=%s", case_id, vid);
    expect(run_json("GET", uri, "coord", NULL), 200, "value=\"XSS, scored again\"");
    snprintf(uri, sizeof(uri), "/api/v1/cases/%s", case_id);
    req = check(run_json("GET", uri, "coord", NULL), 200, "\"state\":\"accepted\"");
    assert_non_null(strstr(body(req), tid));
    assert_non_null(strstr(body(req), "\"closed_at\":null"));
    srv__req_free(req);
    snprintf(uri, sizeof(uri), "/api/v1/cases/%s/actions", case_id);
    expect(run_json("POST", uri, "coord", "{\"action\":\"reopen\"}"), 409, "wrong_state");
    expect(run_json("POST", uri, "coord", "{\"action\":\"close\"}"), 200, "\"state\":\"closed\"");
    snprintf(uri, sizeof(uri), "/cases/%s", case_id);
    req = check(run_json("GET", uri, "coord", NULL), 200, "value=\"reopen\"");
    assert_null(strstr(body(req), "value=\"close\""));
    srv__req_free(req);
    expect(run_json("GET", "/cases", "coord", NULL), 200, case_id);
}

static void test_public(void **state)
{
    (void)state;
    struct srv_req *req = check(run_json("GET", "/.well-known/security.txt", NULL, NULL), 200,
                                "Contact: " BASE "/report\n");
    assert_string_equal(header(req, "Content-Type"), "text/plain; charset=utf-8");
    /* what the generator wrote passes the linter: Expires within a year, nothing wrong */
    struct cvd_arena a;
    cvd_arena_init(&a, 0);
    struct cvd_securitytxt *doc;
    struct cvd_str in = {req->resp.body.ptr, req->resp.body.len};
    assert_int_equal(cvd_securitytxt_parse(&a, in, &doc, NULL), 0);
    struct cvd_securitytxt_lint_opts opts = {0};
    assert_int_equal(cvd_securitytxt_lint(doc, &opts), 0);
    assert_int_equal(cvd_securitytxt_error_count(doc), 0);
    assert_false(cvd_securitytxt_has(doc, CVD_SECURITYTXT_RULE_LONG_EXPIRY));
    assert_true(doc->has_expires);
    cvd_arena_release(&a);
    srv__req_free(req);
    req = check(run_json("GET", "/policy", NULL, NULL), 200, "within 7 days");
    assert_non_null(strstr(body(req), "every 30 days"));
    assert_non_null(strstr(body(req), "Safe harbour"));
    srv__req_free(req);
    req = check(run_json("GET", "/login?next=//evil.example", NULL, NULL), 200,
                "name=\"next\" value=\"/inbox\"");
    srv__req_free(req);
}

static void test_login(void **state)
{
    (void)state;
    expect(run_json("POST", "/api/v1/login", NULL,
                    "{\"email\":\"coord@example.org\",\"password\":\"wrong password\"}"),
           401, "\"unauthenticated\"");
    struct srv_req *req =
        check(run_json("POST", "/api/v1/login", NULL,
                       "{\"email\":\"coord@example.org\",\"password\":\"coordinator pass\"}"),
              200, "\"is_coordinator\":true");
    const char *cookie = header(req, "Set-Cookie");
    assert_non_null(cookie);
    assert_non_null(strstr(cookie, "HttpOnly"));
    assert_non_null(strstr(cookie, "SameSite=Strict"));
    assert_non_null(strstr(body(req), "\"name\":\"Cora <Coord>\""));
    srv__req_free(req);
    expect(run_json("POST", "/api/v1/logout", NULL, NULL), 204, NULL);
}

/* No secret reaches the access log: not from the follow-up routes (their pattern is logged),
 * nor from paths the router does not match (a wrong method, a trailing slash, a token in a
 * path by mistake). */
static void test_access_log(void **state)
{
    (void)state;
    FILE *log = tmpfile();
    assert_non_null(log);
    struct srv_config cfg = {.app = &fx->app, .access_log = log, .base_url = BASE};
    struct srv *s = NULL;
    assert_int_equal(srv_new(&cfg, &s, NULL), 0);
    struct srv *keep = fx->srv;
    fx->srv = s;
    static const struct {
        const char *method;
        const char *uri;
        int status;
    } cases[] = {
        {"GET", "/follow-up/cvd_fu_SECRETxSECRETxSECRETxSECRETxSECRETxSECRETxSECRE", 404},
        {"DELETE", "/follow-up/cvd_fu_SECRETxSECRETxSECRETxSECRETxSECRETxSECRETxSECRE", 405},
        {"GET", "/follow-up/cvd_fu_SECRETxSECRETxSECRETxSECRETxSECRETxSECRETxSECRE/", 404},
        {"GET", "/api/v1/follow-up/cvd_fu_SECRETxSECRETxSECRET/x?y=cvd_fu_SECRET", 404},
        {"GET", "/nothing/cvd_api_SECRETxSECRET/more", 404},
    };
    for (size_t i = 0; i < CVD_ARRAY_LEN(cases); i++) {
        struct fake_conn c = {0};
        struct srv_req *req =
            check(run(cases[i].method, cases[i].uri, &c, NULL, 0), cases[i].status, NULL);
        srv__req_log(req, true);
        srv__req_free(req);
    }
    fx->srv = keep;
    srv_free(s);
    rewind(log);
    char line[2048];
    size_t lines = 0;
    while (fgets(line, sizeof(line), log) != NULL) {
        lines++;
        if (strstr(line, "SECRET") != NULL)
            fail_msg("a secret in the log: %s", line);
    }
    fclose(log);
    assert_int_equal(lines, CVD_ARRAY_LEN(cases));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table),       cmocka_unit_test(test_principals),
        cmocka_unit_test(test_json_intake), cmocka_unit_test(test_form_intake),
        cmocka_unit_test(test_follow_up),   cmocka_unit_test(test_coordinator),
        cmocka_unit_test(test_public),      cmocka_unit_test(test_login),
        cmocka_unit_test(test_access_log),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
