/* A case's participants and their case teams (API): coordinators and the users on an engaged
 * participant's team. Whoever may not see the case gets 404, so its existence is not told. */
#include <string.h>

#include "server/routes/routes-int.h"
#include "server/srv-int.h"

static void write_participant(struct cvd_json_writer *w, const struct cvd_participant_view *v)
{
    (void)cvd_json_write_object_begin(w);
    (void)cvd_json_write_kv_i64(w, "org_id", v->p.org_id);
    srv__write_str(w, "org_name", v->org_name);
    (void)cvd_json_write_kv_cstr(w, "org_kind", cvd_org_kind_name(v->org_kind));
    (void)cvd_json_write_key(w, CVD_STR("roles"));
    (void)cvd_json_write_array_begin(w);
    for (unsigned i = 0; i < CVD_CASE_ROLE_COUNT; i++) {
        if (v->p.roles & (1u << i))
            (void)cvd_json_write_cstr(w, cvd_case_role_name((enum cvd_case_role)(1u << i)));
    }
    (void)cvd_json_write_array_end(w);
    (void)cvd_json_write_kv_cstr(w, "rm", cvd_rm_state_name(v->p.rm));
    (void)cvd_json_write_kv_cstr(w, "vfd", cvd_vfd_name(v->p.vfd));
    (void)cvd_json_write_kv_bool(w, "engaged", v->p.engaged);
    (void)cvd_json_write_kv_bool(w, "embargo_adherence", v->p.embargo_adherence);
    (void)cvd_json_write_kv_cstr(w, "em_answer", cvd_em_answer_name(v->p.em_answer));
    srv__write_time(w, "invited_at", v->p.invited_at);
    srv__write_time(w, "delivered_at", v->p.delivered_at);
    srv__write_time(w, "left_at", v->p.left_at);
    (void)cvd_json_write_key(w, CVD_STR("team"));
    (void)cvd_json_write_array_begin(w);
    for (size_t i = 0; i < v->n_team; i++)
        (void)cvd_json_write_i64(w, v->team[i]);
    (void)cvd_json_write_array_end(w);
    (void)cvd_json_write_object_end(w);
}

/* GET /api/v1/cases/{case_id}/participants */
int route_participant_list(struct srv_req *req, struct srv_resp *resp)
{
    struct cvd_hub *hub = srv__hub(req);
    if (hub == NULL)
        return srv__no_hub(resp);
    struct cvd_participant_view *v = NULL;
    size_t n = 0;
    struct cvd_diag d = {0};
    int rc = cvd_hub_participant_list(hub, srv__who(req), srv__param(req, "case_id"),
                                      srv_req_arena(req), &v, &n, &d);
    if (rc)
        return srv__core_error(resp, rc, NULL, &d);
    struct cvd_json_writer *w = srv_resp_json(resp, 200);
    (void)cvd_json_write_object_begin(w);
    (void)cvd_json_write_key(w, CVD_STR("participants"));
    (void)cvd_json_write_array_begin(w);
    for (size_t i = 0; i < n; i++)
        write_participant(w, &v[i]);
    (void)cvd_json_write_array_end(w);
    (void)cvd_json_write_object_end(w);
    return 0;
}

/* The roles member: a non-empty array of role names; 0 or a response error. */
static int read_roles(struct srv_resp *resp, const struct cvd_json *obj, unsigned *ret)
{
    const struct cvd_json *v = cvd_json_get(obj, "roles");
    *ret = 0;
    if (!cvd_json_is(v, CVD_JSON_ARRAY) || cvd_json_len(v) == 0)
        return srv_resp_error(resp, CVD_EINVAL, "roles",
                              "roles: a non-empty array of finder, reporter, vendor, "
                              "coordinator, deployer, other");
    for (size_t i = 0; i < cvd_json_len(v); i++) {
        enum cvd_case_role role;
        if (cvd_case_role_parse(cvd_json_string(cvd_json_at(v, i)), &role) != 0)
            return srv_resp_error(resp, CVD_EINVAL, "roles",
                                  "roles: each one of finder, reporter, vendor, coordinator, "
                                  "deployer, other");
        *ret |= (unsigned)role;
    }
    return 0;
}

/* POST /api/v1/cases/{case_id}/participants {"org_id": 2, "roles": ["vendor"]}: 201. */
int route_participant_invite(struct srv_req *req, struct srv_resp *resp)
{
    static const char *const known[] = {"org_id", "roles", NULL};
    struct cvd_hub *hub = srv__hub(req);
    if (hub == NULL)
        return srv__no_hub(resp);
    const struct cvd_json *obj;
    int rc = srv__json_object(req, resp, known, &obj);
    if (rc)
        return rc;
    int64_t org_id = 0;
    if (cvd_json_to_i64(cvd_json_get(obj, "org_id"), &org_id) != 0 || org_id <= 0)
        return srv_resp_error(resp, CVD_EINVAL, "org_id", "org_id: an organisation's id");
    unsigned roles;
    if ((rc = read_roles(resp, obj, &roles)))
        return rc;
    int64_t id = 0;
    struct cvd_diag d = {0};
    rc = cvd_hub_participant_invite(hub, srv__who(req), srv__param(req, "case_id"), org_id, roles,
                                    &id, &d);
    if (rc)
        return srv__core_error(resp, rc, strncmp(d.msg, "org_id", 6) == 0 ? "org_id" : NULL, &d);
    struct cvd_json_writer *w = srv_resp_json(resp, 201);
    (void)cvd_json_write_object_begin(w);
    (void)cvd_json_write_kv_i64(w, "id", id);
    (void)cvd_json_write_kv_i64(w, "org_id", org_id);
    (void)cvd_json_write_object_end(w);
    return 0;
}

static int team_change(struct srv_req *req, struct srv_resp *resp, bool remove)
{
    struct cvd_hub *hub = srv__hub(req);
    if (hub == NULL)
        return srv__no_hub(resp);
    struct cvd_diag d = {0};
    int rc =
        cvd_hub_team_set(hub, srv__who(req), srv__param(req, "case_id"),
                         srv__path_id(req, "org_id"), srv__path_id(req, "user_id"), remove, &d);
    if (rc)
        return srv__core_error(resp, rc, strncmp(d.msg, "user_id", 7) == 0 ? "user_id" : NULL, &d);
    srv_resp_empty(resp, 204);
    return 0;
}

/* PUT /api/v1/cases/{case_id}/participants/{org_id}/team/{user_id}: 204. */
int route_team_add(struct srv_req *req, struct srv_resp *resp)
{
    return team_change(req, resp, false);
}

/* DELETE /api/v1/cases/{case_id}/participants/{org_id}/team/{user_id}: 204. */
int route_team_remove(struct srv_req *req, struct srv_resp *resp)
{
    return team_change(req, resp, true);
}

/* POST /api/v1/cases/{case_id}/participants/{org_id}/leave: 204. */
int route_participant_leave(struct srv_req *req, struct srv_resp *resp)
{
    struct cvd_hub *hub = srv__hub(req);
    if (hub == NULL)
        return srv__no_hub(resp);
    struct cvd_diag d = {0};
    int rc = cvd_hub_participant_leave(hub, srv__who(req), srv__param(req, "case_id"),
                                       srv__path_id(req, "org_id"), &d);
    if (rc)
        return srv__core_error(resp, rc, NULL, &d);
    srv_resp_empty(resp, 204);
    return 0;
}
