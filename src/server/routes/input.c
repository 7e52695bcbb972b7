/* Reading what handlers are sent: JSON object bodies with their members' types checked and
 * unknown members refused, form fields and path parameters as views. */
#include <string.h>

#include "server/routes/routes-int.h"

int srv__json_object(struct srv_req *req, struct srv_resp *resp, const char *const *known,
                     const struct cvd_json **ret)
{
    const struct cvd_json *obj = srv_req_json(req);
    if (!cvd_json_is(obj, CVD_JSON_OBJECT))
        return srv_resp_error(resp, CVD_ETYPE, NULL, "send a JSON object");
    for (size_t i = 0; i < cvd_json_len(obj); i++) {
        const struct cvd_json_member *m = cvd_json_member_at(obj, i);
        bool ok = cvd_str_eq_cstr(m->key, "csrf");
        for (size_t k = 0; !ok && known[k] != NULL; k++)
            ok = cvd_str_eq_cstr(m->key, known[k]);
        if (!ok) {
            /* The name goes back to the client: keep it short and printable. */
            char name[68];
            cvd_diag_quote(m->key.ptr, m->key.len, 64, name);
            return srv_resp_error(resp, CVD_EINVAL, name, "unknown field '%s'", name);
        }
    }
    *ret = obj;
    return 0;
}

int srv__json_text(struct srv_resp *resp, const struct cvd_json *obj, const char *name,
                   struct cvd_str *ret, bool *ret_present)
{
    const struct cvd_json *v = cvd_json_get(obj, name);
    *ret = CVD_STR("");
    if (ret_present)
        *ret_present = false;
    if (v == NULL || cvd_json_is(v, CVD_JSON_NULL))
        return 0;
    if (!cvd_json_is(v, CVD_JSON_STRING))
        return srv_resp_error(resp, CVD_ETYPE, name, "%s: must be a string", name);
    *ret = cvd_json_string(v);
    if (ret_present)
        *ret_present = true;
    return 0;
}

int srv__json_flag(struct srv_resp *resp, const struct cvd_json *obj, const char *name, bool *ret)
{
    const struct cvd_json *v = cvd_json_get(obj, name);
    *ret = false;
    if (v == NULL || cvd_json_is(v, CVD_JSON_NULL))
        return 0;
    if (cvd_json_is(v, CVD_JSON_TRUE)) {
        *ret = true;
        return 0;
    }
    if (cvd_json_is(v, CVD_JSON_FALSE))
        return 0;
    return srv_resp_error(resp, CVD_ETYPE, name, "%s: must be true or false", name);
}

struct cvd_str srv__field(const struct srv_req *req, const char *name)
{
    const char *v = srv_req_field(req, name);
    return v ? cvd_str_from_cstr(v) : CVD_STR("");
}

bool srv__field_checked(const struct srv_req *req, const char *name)
{
    const char *v = srv_req_field(req, name);
    return v != NULL && (strcmp(v, "on") == 0 || strcmp(v, "yes") == 0 || strcmp(v, "true") == 0 ||
                         strcmp(v, "1") == 0);
}

struct cvd_str srv__param(const struct srv_req *req, const char *name)
{
    const char *v = srv_req_param(req, name);
    return v ? cvd_str_from_cstr(v) : CVD_STR("");
}

int64_t srv__path_id(const struct srv_req *req, const char *name)
{
    uint64_t id = 0;
    if (cvd_str_to_u64(srv__param(req, name), INT64_MAX, &id) != 0)
        return 0;
    return (int64_t)id;
}
