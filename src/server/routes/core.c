/* The routes that need nothing from the store: health check, static assets, home page. */
#include <string.h>

#include "server/assets.h"
#include "server/srv-int.h"

int route_health_get(struct srv_req *req, struct srv_resp *resp)
{
    (void)req;
    struct cvd_json_writer *w = srv_resp_json(resp, 200);
    (void)cvd_json_write_object_begin(w);
    (void)cvd_json_write_kv_cstr(w, "status", "ok");
    (void)cvd_json_write_object_end(w);
    return 0;
}

static const char *content_type_of(const char *name)
{
    static const struct {
        const char *ext;
        const char *type;
    } types[] = {
        {".css", "text/css; charset=utf-8"},
        {".svg", "image/svg+xml"},
        {".png", "image/png"},
        {".ico", "image/x-icon"},
        {".txt", "text/plain; charset=utf-8"},
        {".woff2", "font/woff2"},
    };
    const char *dot = strrchr(name, '.');
    for (size_t i = 0; dot && i < CVD_ARRAY_LEN(types); i++) {
        if (strcmp(dot, types[i].ext) == 0)
            return types[i].type;
    }
    return "application/octet-stream";
}

/* GET /static/{name}: the embedded files, cached for a year under their content hash (pages
 * link them as /static/NAME?v=HASH, so a new binary means new URLs). */
int route_static_get(struct srv_req *req, struct srv_resp *resp)
{
    const struct srv_asset *as = srv__static_find(srv_req_param(req, "name"));
    if (as == NULL)
        return srv_resp_error(resp, CVD_ENOTFOUND, NULL, "no such file");
    char etag[24];
    (void)snprintf(etag, sizeof(etag), "\"%.16s\"", as->sha256);
    srv_resp_cache(resp, "public, max-age=31536000, immutable");
    int rc = srv_resp_header(resp, "ETag", etag);
    if (rc)
        return rc;
    const char *inm = srv_req_header(req, "If-None-Match");
    if (inm != NULL && strstr(inm, etag) != NULL) {
        srv_resp_empty(resp, 304);
        return 0;
    }
    return srv_resp_body(resp, 200, content_type_of(as->name), as->data, as->len);
}

/* GET /: what this instance is and where to go. The same data as JSON for API clients. */
int route_home_get(struct srv_req *req, struct srv_resp *resp)
{
    const struct srv_config *cfg = srv_req_config(req);
    struct cvd_json_writer *w = srv_resp_json(resp, 200);
    (void)cvd_json_write_object_begin(w);
    (void)cvd_json_write_kv_cstr(w, "instance", cfg->instance_name);
    (void)cvd_json_write_key(w, CVD_STR("links"));
    (void)cvd_json_write_object_begin(w);
    (void)cvd_json_write_kv_cstr(w, "report", "/report");
    (void)cvd_json_write_kv_cstr(w, "policy", "/policy");
    (void)cvd_json_write_kv_cstr(w, "security_txt", "/.well-known/security.txt");
    (void)cvd_json_write_kv_cstr(w, "api", "/api/v1");
    (void)cvd_json_write_object_end(w);
    (void)cvd_json_write_object_end(w);
    const char *accept = srv_req_header(req, "Accept");
    if (accept != NULL && strstr(accept, "application/json") != NULL &&
        strstr(accept, "text/html") == NULL)
        return 0;
    return srv_resp_page_json(resp, "home");
}
