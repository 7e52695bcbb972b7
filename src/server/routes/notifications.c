/* Notifications: the instance administrators' view of the outbox, and an organisation's
 * webhooks (its administrators register and remove them). API only. The core decides who may;
 * these handlers read the input and write the JSON of docs/api.md. */
#include <string.h>

#include <sodium.h>

#include "server/routes/routes-int.h"
#include "server/srv-int.h"

/* GET /api/v1/admin/outbox?state=pending|sent|dead&limit=N&offset=M */
int route_outbox_list(struct srv_req *req, struct srv_resp *resp)
{
    struct cvd_hub *hub = srv__hub(req);
    if (hub == NULL)
        return srv__no_hub(resp);
    struct cvd_outbox_filter f = {0};
    const char *state = srv_req_query(req, "state");
    if (state != NULL && state[0] != '\0' && strcmp(state, "all") != 0) {
        if (strcmp(state, "pending") != 0 && strcmp(state, "sent") != 0 &&
            strcmp(state, "dead") != 0)
            return srv_resp_error(resp, CVD_EINVAL, "state", "state: one of pending, sent, dead");
        f.state = state;
    }
    static const struct {
        const char *name;
        uint64_t max;
    } nums[] = {{"limit", 1000}, {"offset", UINT64_C(1) << 32}};
    for (size_t i = 0; i < CVD_ARRAY_LEN(nums); i++) {
        const char *v = srv_req_query(req, nums[i].name);
        uint64_t n = 0;
        if (v != NULL && cvd_str_to_u64(cvd_str_from_cstr(v), nums[i].max, &n) != 0)
            return srv_resp_error(resp, CVD_EINVAL, nums[i].name, "%s: a number from 0 to %llu",
                                  nums[i].name, (unsigned long long)nums[i].max);
        *(i == 0 ? &f.limit : &f.offset) = (size_t)n;
    }
    struct cvd_outbox_item *items = NULL;
    size_t n = 0;
    int64_t counts[3] = {0};
    struct cvd_diag d = {0};
    int rc =
        cvd_hub_outbox_list(hub, srv__who(req), &f, srv_req_arena(req), &items, &n, counts, &d);
    if (rc)
        return srv__core_error(resp, rc, NULL, &d);
    struct cvd_json_writer *w = srv_resp_json(resp, 200);
    (void)cvd_json_write_object_begin(w);
    (void)cvd_json_write_key(w, CVD_STR("counts"));
    (void)cvd_json_write_object_begin(w);
    (void)cvd_json_write_kv_i64(w, "pending", counts[0]);
    (void)cvd_json_write_kv_i64(w, "sent", counts[1]);
    (void)cvd_json_write_kv_i64(w, "dead", counts[2]);
    (void)cvd_json_write_object_end(w);
    (void)cvd_json_write_key(w, CVD_STR("notifications"));
    (void)cvd_json_write_array_begin(w);
    for (size_t i = 0; i < n; i++) {
        const struct cvd_outbox_item *it = &items[i];
        (void)cvd_json_write_object_begin(w);
        (void)cvd_json_write_kv_i64(w, "id", it->id);
        (void)cvd_json_write_kv_cstr(w, "kind", it->kind);
        (void)cvd_json_write_kv_cstr(w, "state", it->state);
        srv__write_str(w, "recipient", it->recipient);
        (void)cvd_json_write_kv_cstr(w, "tlp", cvd_tlp_name(it->tlp));
        srv__write_opt(w, "subject", it->subject);
        srv__write_opt(w, "path", it->path);
        (void)cvd_json_write_kv_i64(w, "attempts", it->attempts);
        srv__write_time(w, "next_attempt_at", it->state[0] == 'p' ? it->next_attempt_at : 0);
        srv__write_opt(w, "last_error", it->last_error);
        srv__write_time(w, "created_at", it->created_at);
        srv__write_time(w, "sent_at", it->sent_at);
        (void)cvd_json_write_object_end(w);
    }
    (void)cvd_json_write_array_end(w);
    (void)cvd_json_write_object_end(w);
    return 0;
}

/* GET /api/v1/orgs/{org_id}/webhooks */
int route_webhook_list(struct srv_req *req, struct srv_resp *resp)
{
    struct cvd_hub *hub = srv__hub(req);
    if (hub == NULL)
        return srv__no_hub(resp);
    struct cvd_webhook_info *hooks = NULL;
    size_t n = 0;
    struct cvd_diag d = {0};
    int rc = cvd_hub_webhook_list(hub, srv__who(req), srv__path_id(req, "org_id"),
                                  srv_req_arena(req), &hooks, &n, &d);
    if (rc)
        return srv__core_error(resp, rc, NULL, &d);
    struct cvd_json_writer *w = srv_resp_json(resp, 200);
    (void)cvd_json_write_object_begin(w);
    (void)cvd_json_write_key(w, CVD_STR("webhooks"));
    (void)cvd_json_write_array_begin(w);
    for (size_t i = 0; i < n; i++) {
        (void)cvd_json_write_object_begin(w);
        (void)cvd_json_write_kv_i64(w, "id", hooks[i].id);
        (void)cvd_json_write_kv_i64(w, "org_id", hooks[i].org_id);
        srv__write_str(w, "url", hooks[i].url);
        (void)cvd_json_write_kv_bool(w, "enabled", hooks[i].enabled);
        srv__write_time(w, "created_at", hooks[i].created_at);
        (void)cvd_json_write_object_end(w);
    }
    (void)cvd_json_write_array_end(w);
    (void)cvd_json_write_object_end(w);
    return 0;
}

/* POST /api/v1/orgs/{org_id}/webhooks {"url": ...}: 201 with the secret, shown this once. */
int route_webhook_create(struct srv_req *req, struct srv_resp *resp)
{
    static const char *const known[] = {"url", NULL};
    struct cvd_hub *hub = srv__hub(req);
    if (hub == NULL)
        return srv__no_hub(resp);
    const struct cvd_json *obj;
    struct cvd_str url;
    int rc;
    if ((rc = srv__json_object(req, resp, known, &obj)) ||
        (rc = srv__json_text(resp, obj, "url", &url, NULL)))
        return rc;
    int64_t id = 0;
    char secret[CVD_WEBHOOK_SECRET_HEX];
    const char *field = NULL;
    struct cvd_diag d = {0};
    rc = cvd_hub_webhook_add(hub, srv__who(req), srv__path_id(req, "org_id"), url, &id, secret,
                             &field, &d);
    if (rc)
        return srv__core_error(resp, rc, field, &d);
    struct cvd_json_writer *w = srv_resp_json(resp, 201);
    (void)cvd_json_write_object_begin(w);
    (void)cvd_json_write_kv_i64(w, "id", id);
    srv__write_str(w, "url", url);
    (void)cvd_json_write_kv_cstr(w, "secret", secret);
    (void)cvd_json_write_object_end(w);
    sodium_memzero(secret, sizeof(secret));
    return 0;
}

/* DELETE /api/v1/webhooks/{id}: 204. */
int route_webhook_delete(struct srv_req *req, struct srv_resp *resp)
{
    struct cvd_hub *hub = srv__hub(req);
    if (hub == NULL)
        return srv__no_hub(resp);
    struct cvd_diag d = {0};
    int rc = cvd_hub_webhook_remove(hub, srv__who(req), srv__path_id(req, "id"), &d);
    if (rc)
        return srv__core_error(resp, rc, NULL, &d);
    srv_resp_empty(resp, 204);
    return 0;
}
