/* The hub behind the framework: the authenticate hook, and what every handler of the hub
 * needs first (the hub, the principal, the public URL, core errors as responses). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cvd/auth.h"
#include "server/app.h"
#include "server/routes/routes-int.h"
#include "server/srv-int.h"

static const struct cvd_principal anonymous = {
    .kind = CVD_PRINCIPAL_ANONYMOUS,
    .display = {"anonymous", 9},
};

int srv_hub_authenticate(void *ctx, struct srv_req *req, struct srv_principal *ret)
{
    struct cvd_hub *hub = ctx;
    struct cvd_arena *a = srv_req_arena(req);
    struct cvd_principal *p = cvd_arena_alloc(a, sizeof(*p));
    if (p == NULL)
        return CVD_ENOMEM;
    struct cvd_str bearer = srv_req_bearer(req);
    int rc;
    if (bearer.len) {
        rc = cvd_hub_token_auth(hub, bearer, a, p);
        if (rc)
            return rc;
        ret->via = SRV_AUTH_BEARER;
        ret->csrf_token[0] = '\0';
    } else {
        const char *cookie = srv_req_cookie(req, SRV_COOKIE_SESSION);
        if (cookie == NULL)
            return CVD_EAUTH;
        struct cvd_str text = cvd_str_from_cstr(cookie);
        rc = cvd_hub_session(hub, text, a, p, NULL);
        if (rc)
            return rc;
        char csrf[CVD_SECRET_TEXT_MAX];
        cvd_auth_csrf_token(text, csrf);
        if (strlen(csrf) >= sizeof(ret->csrf_token))
            return CVD_EINVAL;
        memcpy(ret->csrf_token, csrf, strlen(csrf) + 1);
        ret->via = SRV_AUTH_SESSION;
    }
    ret->user_id = p->user_id;
    ret->is_admin = p->is_admin;
    ret->data = p;
    return 0;
}

struct cvd_hub *srv__hub(const struct srv_req *req)
{
    return srv_req_app_ctx(req);
}

const struct cvd_principal *srv__who(const struct srv_req *req)
{
    const struct srv_principal *sp = srv_req_principal(req);
    return sp != NULL && sp->data != NULL ? sp->data : &anonymous;
}

bool srv__is_handler(const struct srv_req *req)
{
    const struct cvd_principal *p = srv__who(req);
    return p->kind == CVD_PRINCIPAL_USER && (p->is_coordinator || p->is_admin);
}

const char *srv__base_url(struct srv_req *req)
{
    const char *base = req->srv->base_url;
    if (base == NULL || base[0] == '\0')
        return req->srv->url;
    size_t n = strlen(base);
    if (base[n - 1] != '/')
        return base;
    char *trimmed = cvd_arena_strndup(srv_req_arena(req), base, n - 1);
    return trimmed ? trimmed : base;
}

char *srv__printf(struct srv_req *req, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return NULL;
    char *out = cvd_arena_alloc(srv_req_arena(req), (size_t)n + 1);
    if (out == NULL)
        return NULL;
    va_start(ap, fmt);
    (void)vsnprintf(out, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return out;
}

int srv__core_error(struct srv_resp *resp, int rc, const char *field, const struct cvd_diag *d)
{
    const char *msg = d != NULL && d->msg[0] ? d->msg : cvd_strerror(rc);
    return srv_resp_error(resp, rc, field, "%s", msg);
}

int srv__handler_error(struct srv_req *req, struct srv_resp *resp, int rc, const char *field,
                       const struct cvd_diag *d)
{
    if ((rc == CVD_ENOTFOUND || rc == CVD_EDENIED) && !srv__is_handler(req))
        return srv_resp_error(resp, CVD_EDENIED, NULL,
                              "only coordinators handle reports and cases");
    return srv__core_error(resp, rc, field, d);
}

int srv__no_hub(struct srv_resp *resp)
{
    return srv_resp_error(resp, CVD_EIO, NULL, "the server runs without a hub");
}

int srv__page_csrf(struct srv_req *req, struct srv_resp *resp)
{
    const char *token;
    return srv_req_csrf_token(req, resp, &token);
}
