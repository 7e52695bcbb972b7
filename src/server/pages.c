/* HTML pages: the embedded templates, parsed once at start, rendered with the page globals;
 * the embedded static assets; random tokens. */
#include <string.h>

#include <sodium.h>

#include "cvd/alloc.h"
#include "server/assets.h"
#include "server/srv-int.h"

#define HTML_SUFFIX ".html"

int srv__pages_load(struct srv *s, struct cvd_diag *diag)
{
    int rc = srv_tmpl_set_new(&s->tmpl);
    if (rc)
        return rc;
    for (size_t i = 0; i < srv_html_assets_len; i++) {
        const struct srv_asset *as = &srv_html_assets[i];
        size_t n = strlen(as->name);
        size_t sl = strlen(HTML_SUFFIX);
        if (n <= sl || strcmp(as->name + n - sl, HTML_SUFFIX) != 0 || n - sl >= 64)
            continue;
        char name[64];
        memcpy(name, as->name, n - sl);
        name[n - sl] = '\0';
        rc = srv_tmpl_add(s->tmpl, name, (const char *)as->data, as->len, diag);
        if (rc)
            return rc;
    }
    if ((rc = srv_tmpl_link(s->tmpl, diag)) != 0)
        return rc;
    if (!srv_tmpl_has(s->tmpl, "error"))
        return cvd_diag_set(diag, CVD_ENOTFOUND, "template 'error' is missing");

    /* The "assets" global: each asset's URL with a content hash, so it may be cached for a
     * year and still change with the binary. Key: the file name with [^a-z0-9] as '_'. */
    struct cvd_buf b;
    cvd_buf_init(&b, 1 << 16);
    struct cvd_json_writer w;
    cvd_json_writer_init(&w, &b, 0);
    (void)cvd_json_write_object_begin(&w);
    for (size_t i = 0; i < srv_static_assets_len; i++) {
        const struct srv_asset *as = &srv_static_assets[i];
        if (as->name == NULL)
            continue;
        char key[128];
        size_t n = strlen(as->name);
        if (n >= sizeof(key))
            continue;
        for (size_t k = 0; k <= n; k++) {
            char c = as->name[k];
            key[k] = (c == '\0' || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) ? c : '_';
        }
        char url[256];
        (void)snprintf(url, sizeof(url), "/static/%s?v=%.12s", as->name, as->sha256);
        (void)cvd_json_write_kv_cstr(&w, key, url);
    }
    (void)cvd_json_write_object_end(&w);
    rc = cvd_json_writer_finish(&w);
    if (rc == 0)
        rc = cvd_json_parse(&s->arena, b.ptr, b.len, NULL, 0, &s->assets, diag);
    cvd_buf_release(&b);
    return rc;
}

const struct srv_asset *srv__static_find(const char *name)
{
    for (size_t i = 0; i < srv_static_assets_len; i++) {
        if (srv_static_assets[i].name != NULL && strcmp(srv_static_assets[i].name, name) == 0)
            return &srv_static_assets[i];
    }
    return NULL;
}

void srv__random_token(char out[SRV_CSRF_TOKEN_LEN + 1])
{
    unsigned char bytes[32];
    randombytes_buf(bytes, sizeof(bytes));
    sodium_bin2base64(out, SRV_CSRF_TOKEN_LEN + 1, bytes, sizeof(bytes),
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    sodium_memzero(bytes, sizeof(bytes));
}

/* The page globals, as a JSON tree in the request's arena. */
static int page_globals(struct srv_req *req, const struct cvd_json **ret)
{
    const struct srv *s = req->srv;
    struct cvd_buf b;
    cvd_buf_init(&b, 1 << 20);
    struct cvd_json_writer w;
    cvd_json_writer_init(&w, &b, 0);
    (void)cvd_json_write_object_begin(&w);
    (void)cvd_json_write_key(&w, CVD_STR("site"));
    (void)cvd_json_write_object_begin(&w);
    (void)cvd_json_write_kv_cstr(&w, "name", s->instance_name);
    if (s->base_url)
        (void)cvd_json_write_kv_cstr(&w, "base_url", s->base_url);
    (void)cvd_json_write_object_end(&w);
    (void)cvd_json_write_kv_bool(&w, "signed_in", req->has_principal);
    (void)cvd_json_write_kv_bool(&w, "is_admin", req->has_principal && req->principal.is_admin);
    if (req->csrf_token)
        (void)cvd_json_write_kv_cstr(&w, "csrf", req->csrf_token);
    (void)cvd_json_write_kv_cstr(&w, "request_id", req->id);
    (void)cvd_json_write_key(&w, CVD_STR("assets"));
    (void)cvd_json_write_value(&w, s->assets, 0);
    (void)cvd_json_write_object_end(&w);
    int rc = cvd_json_writer_finish(&w);
    if (rc == 0)
        rc = cvd_json_parse(&req->arena, b.ptr, b.len, NULL, 0, ret, NULL);
    cvd_buf_release(&b);
    return rc;
}

int srv_resp_page(struct srv_resp *resp, int status, const char *name, const struct cvd_json *data)
{
    struct srv_req *req = resp->req;
    if (!srv_tmpl_has(req->srv->tmpl, name))
        return CVD_ENOTFOUND;
    const struct cvd_json *globals = NULL;
    int rc = page_globals(req, &globals);
    if (rc)
        return rc == CVD_ENOMEM ? rc : CVD_EIO;
    const struct cvd_json *frames[2] = {globals, data};
    cvd_buf_reset(&resp->body);
    resp->json_started = false;
    struct cvd_diag d = {0};
    rc = srv_tmpl_render(req->srv->tmpl, name, frames, data ? 2 : 1, &resp->body, &d);
    if (rc) {
        cvd_buf_reset(&resp->body);
        resp->detail = cvd_arena_strndup(&req->arena, d.msg, strlen(d.msg));
        /* A page that cannot be rendered is the server's fault, never the client's. */
        return rc == CVD_ENOMEM ? rc : CVD_EIO;
    }
    resp->status = status;
    resp->content_type = "text/html; charset=utf-8";
    return 0;
}

int srv_resp_page_json(struct srv_resp *resp, const char *name)
{
    if (!resp->json_started)
        return CVD_EINVAL;
    int rc = cvd_json_writer_finish(&resp->jw);
    const struct cvd_json *data = NULL;
    if (rc == 0)
        rc =
            cvd_json_parse(&resp->req->arena, resp->body.ptr, resp->body.len, NULL, 0, &data, NULL);
    if (rc)
        return rc == CVD_ENOMEM ? rc : CVD_EIO;
    return srv_resp_page(resp, resp->status ? resp->status : 200, name, data);
}
