/* Responses: the helpers handlers fill them with, error mapping, and the headers every
 * response carries. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cvd/alloc.h"
#include "cvd/utf8.h"
#include "server/form.h"
#include "server/srv-int.h"

/* No script at all (cvd needs none): inline script, javascript: URLs and injected <script
 * src> are all refused by the browser even if escaping were ever missed. */
#define CSP                                                                                        \
    "default-src 'self'; script-src 'none'; object-src 'none'; base-uri 'none'; "                  \
    "form-action 'self'; frame-ancestors 'none'"

void srv__resp_init(struct srv_resp *resp, struct srv_req *req)
{
    *resp = (struct srv_resp){.req = req};
    cvd_buf_init(&resp->body, req->srv->cfg.response_max);
}

void srv__resp_release(struct srv_resp *resp)
{
    cvd_buf_release(&resp->body);
}

static char *arena_printf(struct cvd_arena *a, const char *fmt, ...) CVD_PRINTF(2, 3);

static char *arena_printf(struct cvd_arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return NULL;
    char *out = cvd_arena_alloc(a, (size_t)n + 1);
    if (out == NULL)
        return NULL;
    va_start(ap, fmt);
    (void)vsnprintf(out, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return out;
}

void srv__resp_add_header(struct srv_resp *resp, const char *name, const char *value)
{
    if (resp->n_headers < SRV_MAX_HEADERS && name != NULL && value != NULL)
        resp->headers[resp->n_headers++] = (struct srv_header){name, value};
}

static bool header_safe(const char *s, bool token)
{
    if (s == NULL || (token && *s == '\0'))
        return false;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (token ? !srv_is_tchar(*p) : (*p < 0x20 && *p != '\t') || *p == 0x7f)
            return false;
    }
    return true;
}

int srv_resp_header(struct srv_resp *resp, const char *name, const char *value)
{
    if (!header_safe(name, true) || !header_safe(value, false))
        return CVD_EINVAL;
    if (resp->n_headers >= SRV_MAX_HEADERS - SRV_FRAMEWORK_HEADERS)
        return CVD_ELIMIT;
    struct cvd_arena *a = &resp->req->arena;
    char *n = cvd_arena_strndup(a, name, strlen(name));
    char *v = cvd_arena_strndup(a, value, strlen(value));
    if (n == NULL || v == NULL)
        return CVD_ENOMEM;
    srv__resp_add_header(resp, n, v);
    return 0;
}

struct cvd_json_writer *srv_resp_json(struct srv_resp *resp, int status)
{
    cvd_buf_reset(&resp->body);
    resp->status = status;
    resp->content_type = "application/json";
    resp->json_started = true;
    cvd_json_writer_init(&resp->jw, &resp->body, 0);
    return &resp->jw;
}

int srv_resp_body(struct srv_resp *resp, int status, const char *content_type, const void *p,
                  size_t len)
{
    if (!header_safe(content_type, false))
        return CVD_EINVAL;
    cvd_buf_reset(&resp->body);
    resp->json_started = false;
    int rc = cvd_buf_add(&resp->body, p, len);
    if (rc)
        return rc;
    resp->status = status;
    resp->content_type = cvd_arena_strndup(&resp->req->arena, content_type, strlen(content_type));
    return resp->content_type ? 0 : CVD_ENOMEM;
}

void srv_resp_empty(struct srv_resp *resp, int status)
{
    cvd_buf_reset(&resp->body);
    resp->json_started = false;
    resp->content_type = NULL;
    resp->status = status;
}

int srv_resp_redirect(struct srv_resp *resp, int status, const char *location)
{
    if (status != 301 && status != 302 && status != 303 && status != 307 && status != 308)
        return CVD_EINVAL;
    if (location == NULL || location[0] != '/' || location[1] == '/' || location[1] == '\\')
        return CVD_EINVAL;
    for (const unsigned char *p = (const unsigned char *)location; *p; p++) {
        if (*p <= 0x20 || *p >= 0x7f || *p == '\\')
            return CVD_EINVAL;
    }
    if (resp->n_headers >= SRV_MAX_HEADERS - SRV_FRAMEWORK_HEADERS)
        return CVD_ELIMIT;
    char *loc = cvd_arena_strndup(&resp->req->arena, location, strlen(location));
    if (loc == NULL)
        return CVD_ENOMEM;
    cvd_buf_reset(&resp->body);
    resp->json_started = false;
    resp->status = status;
    resp->content_type = NULL;
    srv__resp_add_header(resp, "Location", loc);
    return 0;
}

static bool cookie_value_ok(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p <= 0x20 || *p >= 0x7f || *p == '"' || *p == ',' || *p == ';' || *p == '\\')
            return false;
    }
    return true;
}

const char *srv__cookie_wire_name(struct srv_req *req, const char *name)
{
    if (!req->srv->cfg.secure_cookies)
        return name;
    return arena_printf(&req->arena, "__Host-%s", name);
}

int srv_resp_set_cookie(struct srv_resp *resp, const char *name, const char *value, int64_t max_age)
{
    if (!header_safe(name, true) || value == NULL || !cookie_value_ok(value))
        return CVD_EINVAL;
    struct srv_req *req = resp->req;
    const char *wire = srv__cookie_wire_name(req, name);
    char age[40] = "";
    if (max_age > 0)
        (void)snprintf(age, sizeof(age), "; Max-Age=%lld", (long long)max_age);
    else if (max_age < 0)
        (void)snprintf(age, sizeof(age), "; Max-Age=0");
    char *line = wire ? arena_printf(&req->arena, "%s=%s; Path=/; HttpOnly; SameSite=Strict%s%s",
                                     wire, max_age < 0 ? "" : value, age,
                                     req->srv->cfg.secure_cookies ? "; Secure" : "")
                      : NULL;
    if (line == NULL)
        return CVD_ENOMEM;
    if (resp->n_headers >= SRV_MAX_HEADERS - SRV_FRAMEWORK_HEADERS)
        return CVD_ELIMIT;
    srv__resp_add_header(resp, "Set-Cookie", line);
    return 0;
}

void srv_resp_cache(struct srv_resp *resp, const char *cache_control)
{
    resp->cache_control = cache_control;
}

void srv_resp_retry_after(struct srv_resp *resp, int64_t seconds)
{
    resp->retry_after = seconds > 0 ? seconds : 1;
}

int srv_resp_error(struct srv_resp *resp, int code, const char *field, const char *fmt, ...)
{
    struct cvd_arena *a = &resp->req->arena;
    resp->err_field = field ? cvd_arena_strndup(a, field, strlen(field)) : NULL;
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    resp->err_msg = n >= 0 ? cvd_arena_strndup(a, msg, strlen(msg)) : NULL;
    return code;
}

/* ---- errors ---- */

static const struct {
    int rc;
    int status;
    const char *code;
} error_map[] = {
    {CVD_EINVAL, 400, "invalid"},        {CVD_EPARSE, 400, "malformed"},
    {CVD_EUTF8, 400, "invalid_utf8"},    {CVD_ETYPE, 400, "wrong_type"},
    {CVD_ERANGE, 400, "out_of_range"},   {CVD_EOVERFLOW, 400, "out_of_range"},
    {CVD_EORDER, 400, "invalid"},        {CVD_EMISSING, 422, "missing"},
    {CVD_EAUTH, 401, "unauthenticated"}, {CVD_EDENIED, 403, "forbidden"},
    {CVD_ENOTFOUND, 404, "not_found"},   {CVD_ESTATE, 409, "wrong_state"},
    {CVD_EDUP, 409, "duplicate"},        {CVD_ELIMIT, 413, "too_large"},
    {CVD_ERATE, 429, "rate_limited"},
};

int srv__status_of(int rc, const char **ret_code)
{
    for (size_t i = 0; i < CVD_ARRAY_LEN(error_map); i++) {
        if (error_map[i].rc == rc) {
            *ret_code = error_map[i].code;
            return error_map[i].status;
        }
    }
    *ret_code = "internal";
    return 500;
}

static const char *status_title(int status)
{
    switch (status) {
    case 400:
        return "Bad request";
    case 401:
        return "Sign-in required";
    case 403:
        return "Forbidden";
    case 404:
        return "Not found";
    case 405:
        return "Method not allowed";
    case 409:
        return "Conflict";
    case 413:
        return "Too large";
    case 414:
        return "Address too long";
    case 415:
        return "Unsupported content type";
    case 422:
        return "Missing information";
    case 429:
        return "Too many requests";
    case 431:
        return "Headers too large";
    case 503:
        return "Unavailable";
    default:
        return "Server error";
    }
}

/* Errors are HTML for HTML routes, and for unknown paths outside /api/ that a browser asks. */
static bool error_as_html(const struct srv_req *req)
{
    if (req->route != NULL)
        return (req->route->flags & ROUTE_HTML) != 0;
    if (cvd_str_starts_with(req->path, CVD_STR("/api/")))
        return false;
    const char *accept = srv_req_header(req, "Accept");
    return accept != NULL && strstr(accept, "text/html") != NULL;
}

static int error_page(struct srv_resp *resp, int status, const char *message, const char *field)
{
    struct cvd_buf b;
    cvd_buf_init(&b, 1 << 16);
    struct cvd_json_writer w;
    cvd_json_writer_init(&w, &b, 0);
    (void)cvd_json_write_object_begin(&w);
    (void)cvd_json_write_kv_i64(&w, "status", status);
    (void)cvd_json_write_kv_cstr(&w, "title", status_title(status));
    (void)cvd_json_write_kv_cstr(&w, "message", message);
    if (field)
        (void)cvd_json_write_kv_cstr(&w, "field", field);
    (void)cvd_json_write_object_end(&w);
    int rc = cvd_json_writer_finish(&w);
    const struct cvd_json *data = NULL;
    if (rc == 0)
        rc = cvd_json_parse(&resp->req->arena, b.ptr, b.len, NULL, 0, &data, NULL);
    cvd_buf_release(&b);
    if (rc == 0)
        rc = srv_resp_page(resp, status, "error", data);
    return rc;
}

void srv__resp_fail(struct srv_resp *resp, int status, const char *code, const char *message,
                    const char *field)
{
    struct srv_req *req = resp->req;
    cvd_buf_reset(&resp->body);
    resp->json_started = false;
    resp->status = status;
    /* Nothing a handler prepared survives an error: not its cookies, redirect, headers or
     * cache policy. (Allow, WWW-Authenticate and the like are added after this.) */
    resp->n_headers = 0;
    resp->cache_control = NULL;
    if (message == NULL || message[0] == '\0')
        message = status_title(status);
    if (error_as_html(req) && error_page(resp, status, message, field) == 0) {
        resp->status = status;
        return;
    }
    /* Handler messages and field names are UTF-8 by contract; never send them otherwise. */
    if (!cvd_utf8_is_valid(message, strlen(message)))
        message = status_title(status);
    if (field != NULL && !cvd_utf8_is_valid(field, strlen(field)))
        field = NULL;
    struct cvd_json_writer *w = srv_resp_json(resp, status);
    (void)cvd_json_write_object_begin(w);
    (void)cvd_json_write_key(w, CVD_STR("error"));
    (void)cvd_json_write_object_begin(w);
    (void)cvd_json_write_kv_cstr(w, "code", code);
    (void)cvd_json_write_kv_cstr(w, "message", message);
    if (field != NULL)
        (void)cvd_json_write_kv_cstr(w, "field", field);
    (void)cvd_json_write_object_end(w);
    (void)cvd_json_write_object_end(w);
    if (cvd_json_writer_finish(w) != 0) {
        static const char fallback[] =
            "{\"error\":{\"code\":\"internal\",\"message\":\"server error\"}}";
        cvd_buf_reset(&resp->body);
        if (cvd_buf_add(&resp->body, fallback, sizeof(fallback) - 1) != 0)
            cvd_buf_reset(&resp->body);
        resp->status = 500;
    }
    resp->json_started = false; /* finished here */
}

void srv__resp_fail_code(struct srv_resp *resp, int rc)
{
    const char *code;
    int status = srv__status_of(rc, &code);
    if (status >= 500) {
        /* Never tell the client why: the log has it. */
        resp->detail = resp->err_msg ? resp->err_msg : cvd_strerror(rc);
        srv__resp_fail(resp, status, code, "internal server error", NULL);
        return;
    }
    const char *msg = resp->err_msg ? resp->err_msg : cvd_strerror(rc);
    srv__resp_fail(resp, status, code, msg, resp->err_field);
    if (status == 429 && resp->retry_after == 0)
        resp->retry_after = 60;
}

void srv__resp_finalize(struct srv_resp *resp)
{
    struct srv_req *req = resp->req;
    struct cvd_arena *a = &req->arena;
    if (resp->status == 0)
        resp->status = resp->body.len ? 200 : 204;
    if (resp->content_type != NULL && resp->status != 204 && resp->status != 304) {
        const char *ct = resp->content_type;
        if (strcmp(ct, "application/json") == 0)
            ct = "application/json; charset=utf-8";
        srv__resp_add_header(resp, "Content-Type", ct);
    }
    srv__resp_add_header(resp, "Content-Security-Policy", CSP);
    srv__resp_add_header(resp, "X-Content-Type-Options", "nosniff");
    srv__resp_add_header(resp, "X-Frame-Options", "DENY");
    srv__resp_add_header(resp, "Referrer-Policy", "no-referrer");
    srv__resp_add_header(resp, "Cross-Origin-Opener-Policy", "same-origin");
    srv__resp_add_header(resp, "Cross-Origin-Resource-Policy", "same-origin");
    srv__resp_add_header(resp, "Cache-Control",
                         resp->cache_control ? resp->cache_control : "no-store");
    if (req->srv->cfg.secure_cookies)
        srv__resp_add_header(resp, "Strict-Transport-Security", "max-age=31536000");
    srv__resp_add_header(resp, "X-Request-Id", req->id);
    if (resp->retry_after > 0)
        srv__resp_add_header(resp, "Retry-After",
                             arena_printf(a, "%lld", (long long)resp->retry_after));
    if (atomic_load(&req->srv->draining))
        srv__resp_add_header(resp, "Connection", "close");
}
