/* The request pipeline, the same for every route: route, check content type and size, rate
 * limit, authenticate, read and parse the body, check CSRF, run the handler, map its result.
 * Free of libmicrohttpd: server.c feeds it, and the unit tests feed it directly. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include <sodium.h>

#include "cvd/alloc.h"
#include "cvd/auth.h"
#include "cvd/clock.h"
#include "server/form.h"
#include "server/srv-int.h"

/* ---- creation ---- */

int srv__req_new(struct srv *s, const char *uri, size_t uri_len, struct srv_req **ret)
{
    struct srv_req *req = cvd_calloc(1, sizeof(*req));
    if (req == NULL)
        return CVD_ENOMEM;
    req->srv = s;
    cvd_arena_init(&req->arena, s->arena_cap);
    cvd_buf_init(&req->body, 1);
    (void)clock_gettime(CLOCK_MONOTONIC, &req->t0);
    uint32_t n = (uint32_t)atomic_fetch_add(&s->id_counter, 1);
    (void)snprintf(req->id, sizeof(req->id), "%08x%08x", (unsigned)s->id_prefix, (unsigned)n);
    req->content_length = UINT64_MAX;
    req->method_text = "";
    req->path = CVD_STR("/");
    srv__resp_init(&req->resp, req);
    char *u = cvd_arena_strndup(&req->arena, uri ? uri : "", uri ? uri_len : 0);
    if (u == NULL) {
        srv__req_free(req);
        return CVD_ENOMEM;
    }
    req->uri = u;
    const char *q = strchr(u, '?');
    req->path = (struct cvd_str){u, q ? (size_t)(q - u) : strlen(u)};
    if (q)
        req->query = cvd_str_from_cstr(q + 1);
    *ret = req;
    return 0;
}

void srv__req_free(struct srv_req *req)
{
    if (req == NULL)
        return;
    srv__resp_release(&req->resp);
    cvd_buf_release(&req->body);
    cvd_arena_release(&req->arena);
    cvd_free(req);
}

void srv__req_set_client(struct srv_req *req, const struct sockaddr *sa)
{
    srv_ratelimit_key(sa, req->client_key);
    const char *text = NULL;
    if (sa != NULL && sa->sa_family == AF_INET) {
        const struct sockaddr_in *in = (const struct sockaddr_in *)(const void *)sa;
        text = inet_ntop(AF_INET, &in->sin_addr, req->remote, sizeof(req->remote));
    } else if (sa != NULL && sa->sa_family == AF_INET6) {
        const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)(const void *)sa;
        text = inet_ntop(AF_INET6, &in6->sin6_addr, req->remote, sizeof(req->remote));
    }
    if (text == NULL)
        (void)snprintf(req->remote, sizeof(req->remote), "unknown");
    if (sa != NULL && sa->sa_family == AF_INET) {
        const struct sockaddr_in *in = (const struct sockaddr_in *)(const void *)sa;
        req->peer_loopback = (ntohl(in->sin_addr.s_addr) >> 24) == 127;
    } else if (sa != NULL && sa->sa_family == AF_INET6) {
        const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)(const void *)sa;
        static const unsigned char v6_loopback[16] = {0, 0, 0, 0, 0, 0, 0, 0,
                                                      0, 0, 0, 0, 0, 0, 0, 1};
        static const unsigned char v4_mapped_127[13] = {0, 0, 0, 0,    0,    0,  0,
                                                        0, 0, 0, 0xff, 0xff, 127};
        const unsigned char *a = in6->sin6_addr.s6_addr;
        req->peer_loopback = memcmp(a, v6_loopback, 16) == 0 || memcmp(a, v4_mapped_127, 13) == 0;
    }
}

/* Behind a reverse proxy on the same machine, the client is the last X-Forwarded-For entry
 * (the one the proxy added; earlier ones are the client's own claims). */
static void use_forwarded_for(struct srv_req *req)
{
    if (!req->srv->cfg.trust_proxy || !req->peer_loopback)
        return;
    const char *h = srv_req_header(req, "X-Forwarded-For");
    if (h == NULL)
        return;
    const char *last = strrchr(h, ',');
    last = last ? last + 1 : h;
    while (*last == ' ' || *last == '\t')
        last++;
    size_t n = strlen(last);
    while (n > 0 && (last[n - 1] == ' ' || last[n - 1] == '\t'))
        n--;
    char text[INET6_ADDRSTRLEN];
    if (n == 0 || n >= sizeof(text))
        return;
    memcpy(text, last, n);
    text[n] = '\0';
    struct sockaddr_in in = {.sin_family = AF_INET};
    struct sockaddr_in6 in6 = {.sin6_family = AF_INET6};
    if (inet_pton(AF_INET, text, &in.sin_addr) == 1)
        srv__req_set_client(req, (const struct sockaddr *)&in);
    else if (inet_pton(AF_INET6, text, &in6.sin6_addr) == 1)
        srv__req_set_client(req, (const struct sockaddr *)&in6);
}

void srv__req_set_conn(struct srv_req *req, const struct srv_conn_ops *ops, void *conn)
{
    req->ops = ops;
    req->conn = conn;
}

/* ---- accessors ---- */

struct cvd_arena *srv_req_arena(struct srv_req *req)
{
    return &req->arena;
}

enum srv_method srv_req_method(const struct srv_req *req)
{
    return req->method;
}

struct cvd_str srv_req_path(const struct srv_req *req)
{
    return req->path;
}

const char *srv_req_id(const struct srv_req *req)
{
    return req->id;
}

const char *srv_req_remote(const struct srv_req *req)
{
    return req->remote;
}

static const char *field_get(const struct srv_field *f, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++) {
        if (cvd_str_eq_cstr(f[i].name, name))
            return f[i].value.ptr;
    }
    return NULL;
}

const char *srv_req_param(const struct srv_req *req, const char *name)
{
    return field_get(req->params, req->n_params, name);
}

const char *srv_req_query(const struct srv_req *req, const char *name)
{
    return field_get(req->query_fields, req->n_query, name);
}

const char *srv_req_field(const struct srv_req *req, const char *name)
{
    return field_get(req->fields, req->n_fields, name);
}

const struct srv_field *srv_req_fields(const struct srv_req *req, size_t *ret_n)
{
    *ret_n = req->n_fields;
    return req->fields;
}

const struct srv_file *srv_req_file(const struct srv_req *req, const char *field)
{
    for (size_t i = 0; i < req->n_files; i++) {
        if (cvd_str_eq_cstr(req->files[i].field, field))
            return &req->files[i];
    }
    return NULL;
}

const struct srv_file *srv_req_files(const struct srv_req *req, size_t *ret_n)
{
    *ret_n = req->n_files;
    return req->files;
}

const struct cvd_json *srv_req_json(const struct srv_req *req)
{
    return req->json;
}

struct cvd_str srv_req_body(const struct srv_req *req)
{
    return req->body.len ? (struct cvd_str){req->body.ptr, req->body.len}
                         : (struct cvd_str){NULL, 0};
}

const char *srv_req_header(const struct srv_req *req, const char *name)
{
    return req->ops ? req->ops->header(req->conn, name) : NULL;
}

const char *srv_req_cookie(struct srv_req *req, const char *name)
{
    if (!req->cookies_parsed) {
        req->cookies_parsed = true;
        const char *h = srv_req_header(req, "Cookie");
        if (h != NULL && srv_cookie_parse(&req->arena, cvd_str_from_cstr(h), SRV_MAX_COOKIES,
                                          &req->cookies, &req->n_cookies) != 0)
            req->n_cookies = 0;
    }
    const char *wire = srv__cookie_wire_name(req, name);
    return wire ? field_get(req->cookies, req->n_cookies, wire) : NULL;
}

struct cvd_str srv_req_bearer(const struct srv_req *req)
{
    const char *h = srv_req_header(req, "Authorization");
    if (h == NULL || strlen(h) < 8 ||
        !cvd_str_eq_nocase((struct cvd_str){h, 7}, CVD_STR("Bearer ")))
        return (struct cvd_str){NULL, 0};
    const char *t = h + 7;
    while (*t == ' ')
        t++;
    size_t n = 0;
    while (t[n] != '\0' && (cvd_ascii_is_alpha((unsigned char)t[n]) ||
                            cvd_ascii_is_digit((unsigned char)t[n]) || strchr("-._~+/=", t[n])))
        n++;
    for (size_t k = n; t[k] != '\0'; k++) {
        if (t[k] != ' ')
            return (struct cvd_str){NULL, 0}; /* not a token68 */
    }
    return n ? (struct cvd_str){t, n} : (struct cvd_str){NULL, 0};
}

const struct srv_principal *srv_req_principal(const struct srv_req *req)
{
    return req->has_principal ? &req->principal : NULL;
}

bool srv_req_wants_html(const struct srv_req *req)
{
    return req->route != NULL && (req->route->flags & ROUTE_HTML) != 0;
}

const struct cvd_clock *srv_req_clock(const struct srv_req *req)
{
    return req->srv->cfg.clock;
}

void *srv_req_app_ctx(const struct srv_req *req)
{
    return req->srv->cfg.app ? req->srv->cfg.app->ctx : NULL;
}

const struct srv_config *srv_req_config(const struct srv_req *req)
{
    return &req->srv->cfg;
}

/* ---- CSRF ---- */

static bool token_well_formed(const char *t)
{
    if (t == NULL || strlen(t) != SRV_CSRF_TOKEN_LEN)
        return false;
    for (const char *p = t; *p; p++) {
        if (!cvd_ascii_is_alpha((unsigned char)*p) && !cvd_ascii_is_digit((unsigned char)*p) &&
            *p != '-' && *p != '_')
            return false;
    }
    return true;
}

static bool matches_session(const struct srv_req *req, const char *token)
{
    const char *want = req->principal.csrf_token;
    size_t n = strnlen(want, sizeof(req->principal.csrf_token));
    if (token == NULL || n == 0 || n == sizeof(req->principal.csrf_token) || strlen(token) != n)
        return false;
    return sodium_memcmp(token, want, n) == 0;
}

int srv_req_csrf_token(struct srv_req *req, struct srv_resp *resp, const char **ret_token)
{
    if (req->csrf_token != NULL) {
        *ret_token = req->csrf_token;
        return 0;
    }
    const char *cookie = srv_req_cookie(req, SRV_COOKIE_CSRF);
    if (req->has_principal && req->principal.via == SRV_AUTH_SESSION) {
        const char *t = req->principal.csrf_token;
        if (t[0] == '\0' ||
            strnlen(t, sizeof(req->principal.csrf_token)) == sizeof(req->principal.csrf_token))
            return CVD_EAUTH;
        req->csrf_token = t;
    } else if (token_well_formed(cookie)) {
        req->csrf_token = cookie;
    } else {
        char fresh[SRV_CSRF_TOKEN_LEN + 1];
        srv__random_token(fresh);
        char *t = cvd_arena_strndup(&req->arena, fresh, SRV_CSRF_TOKEN_LEN);
        if (t == NULL)
            return CVD_ENOMEM;
        int rc = srv_resp_set_cookie(resp, SRV_COOKIE_CSRF, t, 0);
        if (rc)
            return rc;
        req->csrf_token = t;
    }
    *ret_token = req->csrf_token;
    return 0;
}

static bool state_changing(enum srv_method m)
{
    return m != SRV_GET && m != SRV_HEAD;
}

/* 0, or the message of a refusal. */
static const char *csrf_refusal(struct srv_req *req)
{
    if (!state_changing(req->method))
        return NULL;
    if (req->has_principal && req->principal.via == SRV_AUTH_BEARER)
        return NULL;
    /* Browsers say when a request comes from another site; such a request never changes
     * anything here, whatever it carries. */
    const char *site = srv_req_header(req, "Sec-Fetch-Site");
    if (site != NULL && strcmp(site, "cross-site") == 0)
        return "cross-site request refused";
    const char *presented = srv_req_field(req, "csrf");
    if (presented == NULL)
        presented = srv_req_header(req, "X-CSRF-Token");
    if (req->has_principal && req->principal.via == SRV_AUTH_SESSION) {
        if (presented == NULL)
            return "missing CSRF token";
        return matches_session(req, presented) ? NULL : "wrong CSRF token";
    }
    if (!(req->route->flags & ROUTE_CSRF))
        return NULL;
    const char *cookie = srv_req_cookie(req, SRV_COOKIE_CSRF);
    if (presented == NULL || cookie == NULL)
        return "missing CSRF token";
    if (!token_well_formed(presented) || !token_well_formed(cookie) ||
        sodium_memcmp(presented, cookie, SRV_CSRF_TOKEN_LEN) != 0)
        return "wrong CSRF token";
    return NULL;
}

/* ---- the pipeline ---- */

/* Fix an error response before the handler runs. */
static void decide(struct srv_req *req, int status, const char *code, const char *message,
                   const char *field)
{
    req->decided = true;
    srv__resp_fail(&req->resp, status, code, message, field);
}

static void decide_internal(struct srv_req *req, const char *detail)
{
    req->resp.detail = detail;
    decide(req, 500, "internal", "internal server error", NULL);
}

static void decide_parse_error(struct srv_req *req, int rc, const char *field,
                               const struct cvd_diag *d)
{
    const char *code;
    int status = srv__status_of(rc, &code);
    if (status >= 500) {
        decide_internal(req, cvd_strerror(rc));
        return;
    }
    const char *msg = d->msg[0] ? cvd_arena_strndup(&req->arena, d->msg, strlen(d->msg)) : NULL;
    decide(req, status, code, msg, field);
}

/* Refuse a missing principal: API 401, HTML a redirect to the login page. */
static void decide_unauthenticated(struct srv_req *req)
{
    if (!(req->route->flags & ROUTE_HTML)) {
        decide(req, 401, "unauthenticated", "sign in or send an API token", NULL);
        srv__resp_add_header(&req->resp, "WWW-Authenticate", "Bearer");
        return;
    }
    req->decided = true;
    const char *loc = "/login";
    if (!state_changing(req->method)) {
        /* next= the path and query, percent-encoded so it stays one parameter. */
        struct cvd_buf b;
        cvd_buf_init(&b, 8192);
        int rc = cvd_buf_add_cstr(&b, "/login?next=");
        for (const char *p = req->uri; rc == 0 && *p; p++) {
            unsigned char c = (unsigned char)*p;
            if (cvd_ascii_is_alpha(c) || cvd_ascii_is_digit(c) || strchr("/-._~", c))
                rc = cvd_buf_add_char(&b, (char)c);
            else
                rc = cvd_buf_printf(&b, "%%%02X", c);
        }
        if (rc == 0)
            loc = cvd_arena_strndup(&req->arena, b.ptr, b.len);
        cvd_buf_release(&b);
        if (loc == NULL)
            loc = "/login";
    }
    if (srv_resp_redirect(&req->resp, 303, loc) != 0)
        decide(req, 401, "unauthenticated", "sign in first", NULL);
}

static bool type_accepted(struct srv_req *req)
{
    const char *h = srv_req_header(req, "Content-Type");
    struct cvd_str type;
    struct cvd_str charset;
    struct cvd_str boundary;
    if (h == NULL ||
        srv_media_type_parse(&req->arena, cvd_str_from_cstr(h), &type, &charset, &boundary) != 0)
        return false;
    unsigned accepted = req->route->content_types;
    bool utf8 = charset.ptr == NULL || cvd_str_eq_nocase(charset, CVD_STR("utf-8"));
    if ((accepted & SRV_CT_JSON) && cvd_str_eq_cstr(type, "application/json") && utf8)
        req->body_type = SRV_CT_JSON;
    else if ((accepted & SRV_CT_FORM) &&
             cvd_str_eq_cstr(type, "application/x-www-form-urlencoded") && utf8)
        req->body_type = SRV_CT_FORM;
    else if ((accepted & SRV_CT_MULTIPART) && cvd_str_eq_cstr(type, "multipart/form-data"))
        req->body_type = SRV_CT_MULTIPART;
    else
        return false;
    req->boundary = boundary;
    return true;
}

static const char *accepted_types_text(unsigned types)
{
    switch (types) {
    case SRV_CT_JSON:
        return "send application/json";
    case SRV_CT_FORM:
        return "send application/x-www-form-urlencoded";
    case SRV_CT_MULTIPART:
        return "send multipart/form-data";
    case SRV_CT_FORM | SRV_CT_MULTIPART:
        return "send application/x-www-form-urlencoded or multipart/form-data";
    default:
        return "send application/json or a form";
    }
}

static void route_request(struct srv_req *req)
{
    struct srv_match m;
    int rc = srv_router_match(req->srv->router, req->method, req->path, &req->arena, &m);
    if (rc == CVD_EPARSE) {
        decide(req, 400, "malformed", "malformed request path", NULL);
    } else if (rc == CVD_ENOTFOUND) {
        decide(req, 404, "not_found", "no such page or resource", NULL);
    } else if (rc == CVD_ESTATE) {
        decide(req, 405, "method_not_allowed", "method not allowed here", NULL);
        char allow[64] = "";
        for (int k = SRV_GET; k < SRV_HEAD; k++) {
            if (m.allow & (1u << k)) {
                size_t used = strlen(allow);
                (void)snprintf(allow + used, sizeof(allow) - used, "%s%s", used ? ", " : "",
                               srv_method_name((enum srv_method)k));
            }
        }
        if (m.allow & (1u << SRV_GET))
            (void)snprintf(allow + strlen(allow), sizeof(allow) - strlen(allow), ", HEAD");
        srv__resp_add_header(&req->resp, "Allow",
                             cvd_arena_strndup(&req->arena, allow, strlen(allow)));
    } else if (rc) {
        decide_internal(req, "out of memory routing");
    } else {
        req->route = m.route;
        req->params = m.params;
        req->n_params = m.n_params;
    }
}

bool srv__req_headers(struct srv_req *req, const char *method)
{
    struct srv *s = req->srv;
    req->method = srv_method_parse(method);
    const char *mt = cvd_arena_strndup(&req->arena, method, strlen(method));
    req->method_text = mt ? mt : "?";
    use_forwarded_for(req);
    size_t n_headers = 0;
    size_t header_bytes = 0;
    if (req->ops && req->ops->header_size)
        req->ops->header_size(req->conn, &n_headers, &header_bytes);
    if (strlen(req->uri) > SRV_MAX_URI_BYTES)
        decide(req, 414, "too_large", "request target too long", NULL);
    else if (n_headers > SRV_MAX_HEADER_COUNT || header_bytes > SRV_MAX_HEADER_BYTES)
        decide(req, 431, "too_large", "request headers too large", NULL);
    else
        route_request(req);
    if (!req->decided && req->query.len) {
        const char *field = NULL;
        struct cvd_diag d = {0};
        int rc = srv_form_parse_urlencoded(&req->arena, req->query.ptr, req->query.len, NULL,
                                           &req->query_fields, &req->n_query, &field, &d);
        if (rc)
            decide_parse_error(req, rc, field, &d);
    }

    const char *cl = srv_req_header(req, "Content-Length");
    const char *te = srv_req_header(req, "Transfer-Encoding");
    if (cl != NULL) {
        uint64_t n;
        if (cvd_str_to_u64(cvd_str_from_cstr(cl), UINT64_MAX - 1, &n) != 0) {
            if (!req->decided)
                decide(req, 400, "malformed", "bad Content-Length", NULL);
            n = 0;
        }
        req->content_length = n;
        req->has_body = n > 0;
    }
    if (te != NULL)
        req->has_body = true;

    const struct srv_route *rt = req->route;
    if (!req->decided && req->has_body) {
        if (rt->content_types == 0) {
            decide(req, 413, "too_large", "this resource takes no request body", NULL);
        } else if (!type_accepted(req)) {
            decide(req, 415, "unsupported_media_type", accepted_types_text(rt->content_types),
                   NULL);
        } else if (req->content_length != UINT64_MAX && req->content_length > rt->body_limit) {
            char msg[80];
            (void)snprintf(msg, sizeof(msg), "request body larger than %zu bytes", rt->body_limit);
            decide(req, 413, "too_large", cvd_arena_strndup(&req->arena, msg, strlen(msg)), NULL);
        }
    }
    /* Reading an intake page (the form) costs nothing; submitting does. */
    if (!req->decided && (rt->flags & ROUTE_PUBLIC_INTAKE) && state_changing(req->method) &&
        s->intake != NULL) {
        int64_t retry = 0;
        if (!srv_ratelimit_take(s->intake, req->client_key, &retry)) {
            decide(req, 429, "rate_limited", "too many requests from your address; try later",
                   NULL);
            req->resp.retry_after = retry;
        }
    }
    const struct srv_app *app = s->cfg.app;
    if (!req->decided && !(rt->flags & ROUTE_NOSESSION) && app && app->authenticate) {
        struct srv_principal p = {.via = SRV_AUTH_SESSION};
        int rc = app->authenticate(app->ctx, req, &p);
        if (rc == 0) {
            req->principal = p;
            req->has_principal = true;
        } else if (rc != CVD_EAUTH && rc != CVD_ENOTFOUND) {
            decide_internal(req, cvd_strerror(rc));
        }
    }
    if (!req->decided && (rt->flags & ROUTE_AUTH) && !req->has_principal)
        decide_unauthenticated(req);
    if (!req->decided && req->has_body) {
        cvd_buf_release(&req->body);
        cvd_buf_init(&req->body, rt->body_limit);
        if (req->content_length != UINT64_MAX &&
            cvd_buf_grow(&req->body, (size_t)req->content_length) != 0)
            decide_internal(req, "out of memory for the body");
    }
    return req->decided;
}

int srv__req_body(struct srv_req *req, const char *p, size_t n)
{
    if (req->decided || req->too_big) {
        req->discarded += n;
        return CVD_ELIMIT;
    }
    if (n > req->route->body_limit - req->body.len) {
        req->too_big = true;
        req->discarded += n;
        cvd_buf_release(&req->body);
        return CVD_ELIMIT;
    }
    if (cvd_buf_add(&req->body, p, n) != 0) {
        decide_internal(req, "out of memory for the body");
        req->discarded += n;
        return CVD_ELIMIT;
    }
    return 0;
}

/* Top-level string, number and boolean members of a JSON object body as fields. */
static int json_fields(struct srv_req *req, const char **ret_field)
{
    const struct cvd_json *v = req->json;
    if (!cvd_json_is(v, CVD_JSON_OBJECT))
        return 0;
    size_t n = cvd_json_len(v);
    req->fields = cvd_arena_alloc_array(&req->arena, n ? n : 1, sizeof(*req->fields));
    if (req->fields == NULL)
        return CVD_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        const struct cvd_json_member *m = cvd_json_member_at(v, i);
        struct cvd_str value;
        switch (m->value.type) {
        case CVD_JSON_STRING:
        case CVD_JSON_NUMBER:
            value = m->value.u.text;
            break;
        case CVD_JSON_TRUE:
            value = CVD_STR("true");
            break;
        case CVD_JSON_FALSE:
            value = CVD_STR("false");
            break;
        default:
            continue;
        }
        if (memchr(value.ptr, '\0', value.len) != NULL ||
            memchr(m->key.ptr, '\0', m->key.len) != NULL) {
            *ret_field = m->key.ptr;
            return CVD_EPARSE;
        }
        req->fields[req->n_fields++] = (struct srv_field){m->key, value};
    }
    return 0;
}

static void parse_body(struct srv_req *req)
{
    const char *field = NULL;
    struct cvd_diag d = {0};
    int rc = 0;
    const char *p = req->body.len ? req->body.ptr : "";
    size_t len = req->body.len;
    switch (req->body_type) {
    case SRV_CT_JSON: {
        struct cvd_limits lim = cvd_limits_default;
        lim.input_bytes = req->route->body_limit;
        lim.depth = 32;
        lim.array_items = 100000;
        lim.object_members = 10000;
        lim.total_nodes = 1000000;
        rc = cvd_json_parse(&req->arena, p, len, &lim, 0, &req->json, &d);
        if (rc == CVD_EPARSE || rc == CVD_EUTF8 || rc == CVD_EDUP) {
            char msg[sizeof(d.msg) + 64];
            (void)snprintf(msg, sizeof(msg), "invalid JSON at line %u column %u: %s",
                           (unsigned)d.line, (unsigned)d.column, d.msg);
            decide(req, 400, "malformed", cvd_arena_strndup(&req->arena, msg, strlen(msg)), NULL);
            return;
        }
        if (rc == 0) {
            rc = json_fields(req, &field);
            if (rc == CVD_EPARSE)
                (void)cvd_diag_set(&d, rc, "NUL character in a field");
        }
        break;
    }
    case SRV_CT_FORM:
        rc = srv_form_parse_urlencoded(&req->arena, p, len, NULL, &req->fields, &req->n_fields,
                                       &field, &d);
        break;
    case SRV_CT_MULTIPART:
        rc = srv_form_parse_multipart(&req->arena, p, len, req->boundary, NULL, &req->fields,
                                      &req->n_fields, &req->files, &req->n_files, &field, &d);
        break;
    default:
        break;
    }
    if (rc)
        decide_parse_error(req, rc, field, &d);
}

void srv__req_finish(struct srv_req *req)
{
    if (req->finished)
        return;
    req->finished = true;
    struct srv_resp *resp = &req->resp;
    if (!req->decided && req->too_big) {
        char msg[80];
        (void)snprintf(msg, sizeof(msg), "request body larger than %zu bytes",
                       req->route->body_limit);
        decide(req, 413, "too_large", cvd_arena_strndup(&req->arena, msg, strlen(msg)), NULL);
    }
    if (!req->decided && req->has_body)
        parse_body(req);
    if (!req->decided) {
        const char *why = csrf_refusal(req);
        if (why != NULL)
            decide(req, 403, "csrf", why, NULL);
    }
    if (!req->decided) {
        int rc = req->route->handler(req, resp);
        if (rc) {
            srv__resp_fail_code(resp, rc);
        } else if (resp->json_started) {
            resp->json_started = false;
            int frc = cvd_json_writer_finish(&resp->jw);
            if (frc) {
                resp->detail = "handler wrote invalid JSON";
                srv__resp_fail(resp, 500, "internal", "internal server error", NULL);
            }
        }
    }
    srv__resp_finalize(resp);
}

/* ---- the access log ---- */

/* A path the router did not match (a wrong method, a trailing slash) may still hold a
 * secret: each follow-up secret or API token, known by its prefix, is logged as "{secret}". */
static struct cvd_str redact_secrets(struct cvd_str in, char *out, size_t cap)
{
    static const char *const prefixes[] = {CVD_SECRET_PREFIX_FOLLOW, CVD_SECRET_PREFIX_API};
    static const char mark[] = "{secret}";
    size_t n = 0;
    for (size_t i = 0; i < in.len && n + sizeof(mark) < cap;) {
        size_t skip = 0;
        for (size_t k = 0; k < CVD_ARRAY_LEN(prefixes) && skip == 0; k++) {
            size_t pl = strlen(prefixes[k]);
            if (in.len - i >= pl && memcmp(in.ptr + i, prefixes[k], pl) == 0) {
                skip = pl;
                while (i + skip < in.len && in.ptr[i + skip] != '/')
                    skip++;
            }
        }
        if (skip) {
            memcpy(out + n, mark, sizeof(mark) - 1);
            n += sizeof(mark) - 1;
            i += skip;
        } else {
            out[n++] = in.ptr[i++];
        }
    }
    return (struct cvd_str){out, n};
}

void srv__req_log(struct srv_req *req, bool completed)
{
    struct srv *s = req->srv;
    if (s->cfg.no_access_log)
        return;
    struct timespec now;
    struct timespec mono;
    (void)clock_gettime(CLOCK_REALTIME, &now);
    (void)clock_gettime(CLOCK_MONOTONIC, &mono);
    int64_t us =
        (int64_t)(mono.tv_sec - req->t0.tv_sec) * 1000000 + (mono.tv_nsec - req->t0.tv_nsec) / 1000;
    char when[CVD_RFC3339_LEN + 1];
    char stamp[40] = "";
    if (cvd_time_format((int64_t)now.tv_sec, when) == 0)
        (void)snprintf(stamp, sizeof(stamp), "%.19s.%03ldZ", when, now.tv_nsec / 1000000);
    /* Untrusted bytes are logged as printable ASCII only; the path without its query (which
     * may hold secrets), for ROUTE_REDACT routes the pattern instead of the path, and
     * anything shaped like a secret in other paths replaced. */
    char path[SRV_LOG_PATH_MAX + 4];
    char method[40];
    char redacted[SRV_LOG_PATH_MAX + 16];
    struct cvd_str logged;
    if (req->route != NULL && (req->route->flags & ROUTE_REDACT))
        logged = cvd_str_from_cstr(req->route->pattern);
    else
        logged = redact_secrets(req->path, redacted, sizeof(redacted));
    cvd_diag_quote(logged.ptr, logged.len, SRV_LOG_PATH_MAX, path);
    cvd_diag_quote(req->method_text, strlen(req->method_text), 32, method);

    struct cvd_buf b;
    cvd_buf_init(&b, 4096);
    struct cvd_json_writer w;
    cvd_json_writer_init(&w, &b, 0);
    (void)cvd_json_write_object_begin(&w);
    (void)cvd_json_write_kv_cstr(&w, "time", stamp);
    (void)cvd_json_write_kv_cstr(&w, "remote", req->remote);
    (void)cvd_json_write_kv_cstr(&w, "method", method);
    (void)cvd_json_write_kv_cstr(&w, "path", path);
    (void)cvd_json_write_kv_i64(&w, "status", req->resp.status);
    (void)cvd_json_write_key(&w, CVD_STR("bytes"));
    (void)cvd_json_write_u64(&w, completed ? req->resp.body.len : 0);
    (void)cvd_json_write_kv_i64(&w, "duration_us", us);
    (void)cvd_json_write_kv_cstr(&w, "request_id", req->id);
    if (req->route)
        (void)cvd_json_write_kv_cstr(&w, "route", req->route->name);
    if (req->has_principal)
        (void)cvd_json_write_kv_i64(&w, "user", req->principal.user_id);
    if (req->resp.detail) {
        char detail[300];
        cvd_diag_quote(req->resp.detail, strlen(req->resp.detail), 256, detail);
        (void)cvd_json_write_kv_cstr(&w, "detail", detail);
    }
    if (!completed)
        (void)cvd_json_write_kv_bool(&w, "aborted", true);
    (void)cvd_json_write_object_end(&w);
    if (cvd_json_writer_finish(&w) == 0 && cvd_buf_add_char(&b, '\n') == 0) {
        FILE *f = s->log ? s->log : stderr;
        (void)fwrite(b.ptr, 1, b.len, f);
        (void)fflush(f);
    }
    cvd_buf_release(&b);
}
