/* The labelled case discussion and search (API). What a reader gets is exactly what core's
 * TLP decision let through: these handlers never see the rest. */
#include <string.h>

#include "server/routes/routes-int.h"
#include "server/srv-int.h"

static void write_ids(struct cvd_json_writer *w, const char *key, const int64_t *ids, size_t n)
{
    (void)cvd_json_write_key(w, cvd_str_from_cstr(key));
    (void)cvd_json_write_array_begin(w);
    for (size_t i = 0; i < n; i++)
        (void)cvd_json_write_i64(w, ids[i]);
    (void)cvd_json_write_array_end(w);
}

static void write_message(struct cvd_json_writer *w, const struct cvd_case_message *m)
{
    (void)cvd_json_write_kv_i64(w, "id", m->id);
    (void)cvd_json_write_key(w, CVD_STR("thread_id"));
    (void)(m->thread_id ? cvd_json_write_i64(w, m->thread_id) : cvd_json_write_null(w));
    (void)cvd_json_write_kv_i64(w, "author_user", m->author_user);
    (void)cvd_json_write_kv_i64(w, "author_org", m->author_org);
    (void)cvd_json_write_kv_cstr(w, "tlp", cvd_tlp_name(m->tlp));
    srv__write_str(w, "body", m->body);
    srv__write_time(w, "created_at", m->created_at);
    write_ids(w, "audience_orgs", m->audience_orgs, m->n_audience_orgs);
    write_ids(w, "audience_users", m->audience_users, m->n_audience_users);
    (void)cvd_json_write_kv_bool(w, "unread", m->unread);
}

/* GET /api/v1/cases/{case_id}/messages */
int route_case_message_list(struct srv_req *req, struct srv_resp *resp)
{
    struct cvd_hub *hub = srv__hub(req);
    if (hub == NULL)
        return srv__no_hub(resp);
    struct cvd_case_message *ms = NULL;
    size_t n = 0;
    struct cvd_diag d = {0};
    int rc = cvd_hub_case_messages(hub, srv__who(req), srv__param(req, "case_id"),
                                   srv_req_arena(req), &ms, &n, &d);
    if (rc)
        return srv__core_error(resp, rc, NULL, &d);
    size_t unread = 0;
    for (size_t i = 0; i < n; i++)
        unread += ms[i].unread;
    struct cvd_json_writer *w = srv_resp_json(resp, 200);
    (void)cvd_json_write_object_begin(w);
    (void)cvd_json_write_kv_i64(w, "unread", (int64_t)unread);
    (void)cvd_json_write_key(w, CVD_STR("messages"));
    (void)cvd_json_write_array_begin(w);
    for (size_t i = 0; i < n; i++) {
        (void)cvd_json_write_object_begin(w);
        write_message(w, &ms[i]);
        (void)cvd_json_write_object_end(w);
    }
    (void)cvd_json_write_array_end(w);
    (void)cvd_json_write_object_end(w);
    return 0;
}

/* An optional array of positive ids into the arena; 0 or a response error naming it. */
static int read_ids(struct srv_req *req, struct srv_resp *resp, const struct cvd_json *obj,
                    const char *name, const int64_t **ret, size_t *ret_n)
{
    const struct cvd_json *v = cvd_json_get(obj, name);
    *ret = NULL;
    *ret_n = 0;
    if (v == NULL || cvd_json_is(v, CVD_JSON_NULL))
        return 0;
    size_t n = cvd_json_len(v);
    if (!cvd_json_is(v, CVD_JSON_ARRAY) || n > 255)
        return srv_resp_error(resp, CVD_EINVAL, name, "%s: an array of at most 255 ids", name);
    int64_t *ids = n ? cvd_arena_alloc_array(srv_req_arena(req), n, sizeof(*ids)) : NULL;
    if (n && ids == NULL)
        return CVD_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        if (cvd_json_to_i64(cvd_json_at(v, i), &ids[i]) != 0 || ids[i] <= 0)
            return srv_resp_error(resp, CVD_EINVAL, name, "%s: positive ids", name);
    }
    *ret = ids;
    *ret_n = n;
    return 0;
}

/* POST /api/v1/cases/{case_id}/messages {"tlp", "body", "audience_orgs", "audience_users",
 * "thread_id"}: 201 with the id. */
int route_case_message_post(struct srv_req *req, struct srv_resp *resp)
{
    static const char *const known[] = {"tlp",       "body", "audience_orgs", "audience_users",
                                        "thread_id", NULL};
    struct cvd_hub *hub = srv__hub(req);
    if (hub == NULL)
        return srv__no_hub(resp);
    const struct cvd_json *obj;
    struct cvd_case_message_input in = {.case_id = srv__param(req, "case_id")};
    struct cvd_str tlp;
    int rc;
    if ((rc = srv__json_object(req, resp, known, &obj)) ||
        (rc = srv__json_text(resp, obj, "tlp", &tlp, NULL)) ||
        (rc = srv__json_text(resp, obj, "body", &in.body, NULL)) ||
        (rc = read_ids(req, resp, obj, "audience_orgs", &in.audience_orgs, &in.n_audience_orgs)) ||
        (rc = read_ids(req, resp, obj, "audience_users", &in.audience_users, &in.n_audience_users)))
        return rc;
    if (cvd_tlp_parse(tlp, &in.tlp) != 0)
        return srv_resp_error(resp, CVD_EINVAL, "tlp",
                              "tlp: one of CLEAR, GREEN, AMBER, AMBER+STRICT, RED");
    const struct cvd_json *thread = cvd_json_get(obj, "thread_id");
    if (thread != NULL && !cvd_json_is(thread, CVD_JSON_NULL) &&
        (cvd_json_to_i64(thread, &in.thread_id) != 0 || in.thread_id <= 0))
        return srv_resp_error(resp, CVD_EINVAL, "thread_id", "thread_id: a message id");
    int64_t id = 0;
    const char *field = NULL;
    struct cvd_diag d = {0};
    rc = cvd_hub_case_message_post(hub, srv__who(req), &in, &id, &field, &d);
    if (rc)
        return srv__core_error(resp, rc, field, &d);
    struct cvd_json_writer *w = srv_resp_json(resp, 201);
    (void)cvd_json_write_object_begin(w);
    (void)cvd_json_write_kv_i64(w, "id", id);
    (void)cvd_json_write_object_end(w);
    return 0;
}

/* GET /api/v1/search?q=words */
int route_search(struct srv_req *req, struct srv_resp *resp)
{
    struct cvd_hub *hub = srv__hub(req);
    if (hub == NULL)
        return srv__no_hub(resp);
    const char *q = srv_req_query(req, "q");
    struct cvd_search_hit *hits = NULL;
    size_t n = 0;
    struct cvd_diag d = {0};
    int rc = cvd_hub_search(hub, srv__who(req), cvd_str_from_cstr(q ? q : ""), srv_req_arena(req),
                            &hits, &n, &d);
    if (rc)
        return srv__core_error(resp, rc, rc == CVD_EINVAL ? "q" : NULL, &d);
    struct cvd_json_writer *w = srv_resp_json(resp, 200);
    (void)cvd_json_write_object_begin(w);
    (void)cvd_json_write_key(w, CVD_STR("hits"));
    (void)cvd_json_write_array_begin(w);
    for (size_t i = 0; i < n; i++) {
        (void)cvd_json_write_object_begin(w);
        srv__write_str(w, "case_id", hits[i].case_id);
        write_message(w, &hits[i].message);
        (void)cvd_json_write_object_end(w);
    }
    (void)cvd_json_write_array_end(w);
    (void)cvd_json_write_object_end(w);
    return 0;
}

/* POST /api/v1/cases/{case_id}/messages/read {"up_to": id}: 204. */
int route_case_mark_read(struct srv_req *req, struct srv_resp *resp)
{
    static const char *const known[] = {"up_to", NULL};
    struct cvd_hub *hub = srv__hub(req);
    if (hub == NULL)
        return srv__no_hub(resp);
    const struct cvd_json *obj;
    int rc = srv__json_object(req, resp, known, &obj);
    if (rc)
        return rc;
    int64_t up_to = 0;
    if (cvd_json_to_i64(cvd_json_get(obj, "up_to"), &up_to) != 0 || up_to < 0)
        return srv_resp_error(resp, CVD_EINVAL, "up_to", "up_to: a message id");
    struct cvd_diag d = {0};
    rc = cvd_hub_case_mark_read(hub, srv__who(req), srv__param(req, "case_id"), up_to, &d);
    if (rc)
        return srv__core_error(resp, rc, NULL, &d);
    srv_resp_empty(resp, 204);
    return 0;
}
