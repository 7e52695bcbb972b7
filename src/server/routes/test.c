/* Example routes for the HTTP tests (tests/cli/serve.sh): JSON bodies, forms and files with
 * CSRF, an HTML page that shows its input, path parameters. Compiled only into builds with
 * the tests (CVD_SERVER_TEST_ROUTES); release builds have none of this. Each route only
 * echoes what it was sent, escaped, and touches nothing. */
#ifdef CVD_SERVER_TEST_ROUTES

#include <string.h>

#include <sodium.h>

#include "server/srv.h"

/* POST /_test/json and /_test/intake: the fields and the JSON body's type. */
int route_test_json(struct srv_req *req, struct srv_resp *resp)
{
    const struct cvd_json *j = srv_req_json(req);
    if (!cvd_json_is(j, CVD_JSON_OBJECT))
        return srv_resp_error(resp, CVD_ETYPE, NULL, "send a JSON object");
    const char *title = srv_req_field(req, "title");
    if (title == NULL || title[0] == '\0')
        return srv_resp_error(resp, CVD_EMISSING, "title", "title is required");
    struct cvd_json_writer *w = srv_resp_json(resp, 200);
    (void)cvd_json_write_object_begin(w);
    (void)cvd_json_write_kv_cstr(w, "title", title);
    (void)cvd_json_write_key(w, CVD_STR("fields"));
    size_t n;
    (void)srv_req_fields(req, &n);
    (void)cvd_json_write_i64(w, (int64_t)n);
    (void)cvd_json_write_object_end(w);
    return 0;
}

/* GET /_test/form: a form page carrying the CSRF token (and setting its cookie). */
int route_test_form_get(struct srv_req *req, struct srv_resp *resp)
{
    const char *token;
    int rc = srv_req_csrf_token(req, resp, &token);
    if (rc)
        return rc;
    struct cvd_json_writer *w = srv_resp_json(resp, 200);
    (void)cvd_json_write_object_begin(w);
    (void)cvd_json_write_kv_cstr(w, "text", srv_req_query(req, "text"));
    (void)cvd_json_write_object_end(w);
    return srv_resp_page_json(resp, "test-form");
}

/* POST /_test/form: fields, and per file its name, type, size and SHA-256. */
int route_test_form_post(struct srv_req *req, struct srv_resp *resp)
{
    struct cvd_json_writer *w = srv_resp_json(resp, 200);
    (void)cvd_json_write_object_begin(w);
    (void)cvd_json_write_key(w, CVD_STR("fields"));
    (void)cvd_json_write_object_begin(w);
    size_t n;
    const struct srv_field *f = srv_req_fields(req, &n);
    for (size_t i = 0; i < n; i++) {
        if (cvd_str_eq_cstr(f[i].name, "csrf"))
            continue;
        (void)cvd_json_write_key(w, f[i].name);
        (void)cvd_json_write_string(w, f[i].value);
    }
    (void)cvd_json_write_object_end(w);
    (void)cvd_json_write_key(w, CVD_STR("files"));
    (void)cvd_json_write_array_begin(w);
    const struct srv_file *files = srv_req_files(req, &n);
    for (size_t i = 0; i < n; i++) {
        unsigned char hash[crypto_hash_sha256_BYTES];
        char hex[2 * sizeof(hash) + 1];
        crypto_hash_sha256(hash, (const unsigned char *)files[i].data.ptr, files[i].data.len);
        sodium_bin2hex(hex, sizeof(hex), hash, sizeof(hash));
        (void)cvd_json_write_object_begin(w);
        (void)cvd_json_write_key(w, CVD_STR("field"));
        (void)cvd_json_write_string(w, files[i].field);
        (void)cvd_json_write_key(w, CVD_STR("filename"));
        (void)cvd_json_write_string(w, files[i].filename);
        (void)cvd_json_write_key(w, CVD_STR("type"));
        (void)cvd_json_write_string(w, files[i].content_type);
        (void)cvd_json_write_key(w, CVD_STR("size"));
        (void)cvd_json_write_u64(w, files[i].data.len);
        (void)cvd_json_write_kv_cstr(w, "sha256", hex);
        (void)cvd_json_write_object_end(w);
    }
    (void)cvd_json_write_array_end(w);
    (void)cvd_json_write_object_end(w);
    return 0;
}

/* GET /_test/page?text=...: the text shown in a page, to test escaping. */
int route_test_page(struct srv_req *req, struct srv_resp *resp)
{
    struct cvd_json_writer *w = srv_resp_json(resp, 200);
    (void)cvd_json_write_object_begin(w);
    (void)cvd_json_write_kv_cstr(w, "text", srv_req_query(req, "text"));
    (void)cvd_json_write_object_end(w);
    return srv_resp_page_json(resp, "test-form");
}

/* GET and DELETE /_test/items/{id}: the parameter, or the error a handler chose by id. */
int route_test_item(struct srv_req *req, struct srv_resp *resp)
{
    const char *id = srv_req_param(req, "id");
    if (strcmp(id, "missing") == 0)
        return srv_resp_error(resp, CVD_ENOTFOUND, NULL, "no item '%s'", id);
    if (strcmp(id, "conflict") == 0)
        return CVD_ESTATE;
    if (strcmp(id, "broken") == 0)
        return srv_resp_error(resp, CVD_EDB, NULL, "secret internals: disk on fire");
    struct cvd_json_writer *w = srv_resp_json(resp, 200);
    (void)cvd_json_write_object_begin(w);
    (void)cvd_json_write_kv_cstr(w, "id", id);
    (void)cvd_json_write_kv_cstr(w, "method", srv_req_method(req) == SRV_DELETE ? "DELETE" : "GET");
    (void)cvd_json_write_object_end(w);
    return 0;
}

#else
/* ISO C wants a translation unit to declare something. */
typedef int srv_no_test_routes;
#endif
