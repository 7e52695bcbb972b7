/* Signing in and out (pages and API) and API tokens. Sessions live in an HttpOnly,
 * SameSite=Strict cookie (Secure and __Host- prefixed behind https); the session's CSRF token
 * is derived from it (cvd_auth_csrf_token), pages embed it, API clients send it as
 * X-CSRF-Token. Throttling of failed logins is core's (CVD_ERATE with the seconds to wait). */
#include <string.h>

#include <sodium.h>

#include "cvd/auth.h"
#include "server/routes/routes-int.h"
#include "server/srv-int.h"

/* Where to go after signing in: a local path (as srv_resp_redirect takes it), else the
 * inbox. */
static const char *next_path(const char *next)
{
    if (next == NULL || next[0] != '/' || next[1] == '/' || next[1] == '\\' || strlen(next) > 2048)
        return "/inbox";
    for (const unsigned char *p = (const unsigned char *)next; *p; p++) {
        if (*p <= 0x20 || *p >= 0x7f || *p == '\\')
            return "/inbox";
    }
    return next;
}

static int render_login(struct srv_req *req, struct srv_resp *resp, int status, const char *next,
                        const char *email, const char *err)
{
    int rc = srv__page_csrf(req, resp);
    if (rc)
        return rc;
    struct cvd_json_writer *w = srv_resp_json(resp, status);
    (void)cvd_json_write_object_begin(w);
    (void)cvd_json_write_kv_cstr(w, "title", "Sign in");
    (void)cvd_json_write_kv_cstr(w, "next", next_path(next));
    (void)cvd_json_write_kv_cstr(w, "email", email);
    if (err != NULL)
        (void)cvd_json_write_kv_cstr(w, "error", err);
    (void)cvd_json_write_object_end(w);
    return srv_resp_page_json(resp, "login");
}

/* GET /login: the form; someone signed in already goes on. */
int route_login_form(struct srv_req *req, struct srv_resp *resp)
{
    const char *next = srv_req_query(req, "next");
    if (srv_req_principal(req) != NULL)
        return srv_resp_redirect(resp, 303, next_path(next));
    return render_login(req, resp, 200, next, NULL, NULL);
}

/* A login for the posted email and password from the client's address; the session cookie
 * on success. 0, or the core code with *ret_msg (and Retry-After for CVD_ERATE). */
static int sign_in(struct srv_req *req, struct srv_resp *resp, struct cvd_str email,
                   struct cvd_str password, char session[CVD_SECRET_TEXT_MAX],
                   char csrf[CVD_SECRET_TEXT_MAX], const char **ret_msg)
{
    int64_t retry = 0;
    struct cvd_diag d = {0};
    int rc = cvd_hub_login(srv__hub(req), email, password, cvd_str_from_cstr(srv_req_remote(req)),
                           session, csrf, &retry, &d);
    if (rc) {
        if (rc == CVD_ERATE)
            srv_resp_retry_after(resp, retry);
        *ret_msg = rc == CVD_EAUTH ? "wrong e-mail address or password"
                                   : cvd_arena_strndup(srv_req_arena(req), d.msg, strlen(d.msg));
        return rc;
    }
    return srv_resp_set_cookie(resp, SRV_COOKIE_SESSION, session, 0);
}

/* POST /login (form: email, password, next): 303 to next (the inbox) with the session
 * cookie; the form again with 401 (wrong credentials) or 429 (throttled). */
int route_login_submit(struct srv_req *req, struct srv_resp *resp)
{
    if (srv__hub(req) == NULL)
        return srv__no_hub(resp);
    char session[CVD_SECRET_TEXT_MAX];
    char csrf[CVD_SECRET_TEXT_MAX];
    const char *msg = NULL;
    const char *next = srv_req_field(req, "next");
    int rc = sign_in(req, resp, srv__field(req, "email"), srv__field(req, "password"), session,
                     csrf, &msg);
    sodium_memzero(session, sizeof(session));
    sodium_memzero(csrf, sizeof(csrf));
    if (rc == 0)
        return srv_resp_redirect(resp, 303, next_path(next));
    const char *code;
    int status = srv__status_of(rc, &code);
    if (status >= 500)
        return srv_resp_error(resp, rc, NULL, "%s", msg ? msg : cvd_strerror(rc));
    return render_login(req, resp, status, next, srv_req_field(req, "email"),
                        msg ? msg : cvd_strerror(rc));
}

/* End the session of the request's cookie (if any) and delete the cookie. */
static int sign_out(struct srv_req *req, struct srv_resp *resp)
{
    const char *cookie = srv_req_cookie(req, SRV_COOKIE_SESSION);
    if (cookie != NULL && srv__hub(req) != NULL) {
        int rc = cvd_hub_logout(srv__hub(req), cvd_str_from_cstr(cookie));
        if (rc)
            return srv__core_error(resp, rc, NULL, NULL);
    }
    return cookie != NULL ? srv_resp_set_cookie(resp, SRV_COOKIE_SESSION, "", -1) : 0;
}

/* GET /logout: a page with the sign-out button (signing out changes state: a POST). */
int route_logout_form(struct srv_req *req, struct srv_resp *resp)
{
    if (srv_req_principal(req) == NULL)
        return srv_resp_redirect(resp, 303, "/");
    int rc = srv__page_csrf(req, resp);
    if (rc)
        return rc;
    struct cvd_json_writer *w = srv_resp_json(resp, 200);
    (void)cvd_json_write_object_begin(w);
    (void)cvd_json_write_kv_cstr(w, "title", "Sign out");
    srv__write_str(w, "name", srv__who(req)->display);
    (void)cvd_json_write_object_end(w);
    return srv_resp_page_json(resp, "logout");
}

/* POST /logout: 303 to the start page, signed out. */
int route_logout_submit(struct srv_req *req, struct srv_resp *resp)
{
    int rc = sign_out(req, resp);
    return rc ? rc : srv_resp_redirect(resp, 303, "/");
}

/* POST /api/v1/login {"email","password"}: 200 with the CSRF token and who signed in, and
 * the session cookie. */
int route_login_api(struct srv_req *req, struct srv_resp *resp)
{
    static const char *const known[] = {"email", "password", NULL};
    struct cvd_hub *hub = srv__hub(req);
    if (hub == NULL)
        return srv__no_hub(resp);
    const struct cvd_json *obj;
    struct cvd_str email, password;
    int rc;
    if ((rc = srv__json_object(req, resp, known, &obj)) ||
        (rc = srv__json_text(resp, obj, "email", &email, NULL)) ||
        (rc = srv__json_text(resp, obj, "password", &password, NULL)))
        return rc;
    if (email.len == 0)
        return srv_resp_error(resp, CVD_EMISSING, "email", "email is required");
    if (password.len == 0)
        return srv_resp_error(resp, CVD_EMISSING, "password", "password is required");
    char session[CVD_SECRET_TEXT_MAX];
    char csrf[CVD_SECRET_TEXT_MAX];
    const char *msg = NULL;
    struct cvd_principal p;
    rc = sign_in(req, resp, email, password, session, csrf, &msg);
    if (rc == 0)
        rc = cvd_hub_session(hub, cvd_str_from_cstr(session), srv_req_arena(req), &p, NULL);
    sodium_memzero(session, sizeof(session));
    if (rc) {
        sodium_memzero(csrf, sizeof(csrf));
        return srv_resp_error(resp, rc, NULL, "%s", msg ? msg : cvd_strerror(rc));
    }
    struct cvd_json_writer *w = srv_resp_json(resp, 200);
    (void)cvd_json_write_object_begin(w);
    (void)cvd_json_write_kv_cstr(w, "csrf_token", csrf);
    (void)cvd_json_write_key(w, CVD_STR("user"));
    (void)cvd_json_write_object_begin(w);
    (void)cvd_json_write_kv_i64(w, "id", p.user_id);
    srv__write_str(w, "name", p.display);
    (void)cvd_json_write_kv_bool(w, "is_admin", p.is_admin);
    (void)cvd_json_write_kv_bool(w, "is_coordinator", p.is_coordinator);
    (void)cvd_json_write_object_end(w);
    (void)cvd_json_write_object_end(w);
    sodium_memzero(csrf, sizeof(csrf));
    return 0;
}

/* POST /api/v1/logout: 204, signed out (a session needs its X-CSRF-Token). */
int route_logout_api(struct srv_req *req, struct srv_resp *resp)
{
    int rc = sign_out(req, resp);
    if (rc == 0)
        srv_resp_empty(resp, 204);
    return rc;
}

/* POST /api/v1/tokens {"name"}: 201 {"id","token"}; the token is shown this once. */
int route_token_create(struct srv_req *req, struct srv_resp *resp)
{
    static const char *const known[] = {"name", NULL};
    struct cvd_hub *hub = srv__hub(req);
    if (hub == NULL)
        return srv__no_hub(resp);
    const struct cvd_json *obj;
    struct cvd_str name;
    int rc;
    if ((rc = srv__json_object(req, resp, known, &obj)) ||
        (rc = srv__json_text(resp, obj, "name", &name, NULL)))
        return rc;
    char token[CVD_SECRET_TEXT_MAX];
    int64_t id = 0;
    struct cvd_diag d = {0};
    rc = cvd_hub_token_create(hub, srv__who(req), name, token, &id, &d);
    if (rc)
        return srv__core_error(resp, rc, rc == CVD_EMISSING || rc == CVD_EINVAL ? "name" : NULL,
                               &d);
    struct cvd_json_writer *w = srv_resp_json(resp, 201);
    (void)cvd_json_write_object_begin(w);
    (void)cvd_json_write_kv_i64(w, "id", id);
    (void)cvd_json_write_kv_cstr(w, "token", token);
    (void)cvd_json_write_object_end(w);
    sodium_memzero(token, sizeof(token));
    return 0;
}
