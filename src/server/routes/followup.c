/* The reporter's side after intake, opened by the secret of the private follow-up link (a path
 * parameter: these routes are ROUTE_REDACT, so the access log never shows it): their report,
 * its state, the messages with the coordinators, and their answers (add_info). A secret that
 * opens nothing is "not found", like a link that never existed. */
#include <string.h>

#include "server/routes/routes-int.h"
#include "server/srv-int.h"

/* Each state in plain words, for the reporter. */
static const char *const state_texts[CVD_REPORT_STATE_COUNT] = {
    "we have it and will look at it soon",
    "we found that it does not need coordination (the messages say why)",
    "we confirmed it describes a vulnerability and are handling it",
    "we are coordinating it with the vendors",
    "handling is on hold for now (the messages say why)",
    "we have finished with it",
};

/* The reporter principal of the request's secret; 0 or a response error. */
static int open_link(struct srv_req *req, struct srv_resp *resp, struct cvd_principal *ret)
{
    struct cvd_hub *hub = srv__hub(req);
    if (hub == NULL)
        return srv__no_hub(resp);
    int rc = cvd_hub_follow_up_auth(hub, srv__param(req, "secret"), srv_req_arena(req), ret);
    if (rc == CVD_EAUTH)
        return srv_resp_error(resp, CVD_ENOTFOUND, NULL,
                              "this follow-up link opens nothing: check that it was copied whole");
    if (rc)
        return srv__core_error(resp, rc, NULL, NULL);
    return 0;
}

/* The follow-up page: the report as its reporter sees it, the link to keep, the reply form
 * (when the state takes an answer) and, after a refused reply, the error. */
static int render_page(struct srv_req *req, struct srv_resp *resp, int status,
                       const struct cvd_report_view *v, const char *reply, const char *err)
{
    int rc = srv__page_csrf(req, resp);
    if (rc)
        return rc;
    const char *secret = srv_req_param(req, "secret");
    const char *path = srv__printf(req, "/follow-up/%s", secret);
    const char *url = srv__printf(req, "%s/follow-up/%s", srv__base_url(req), secret);
    if (path == NULL || url == NULL)
        return CVD_ENOMEM;
    const char *fresh = srv_req_query(req, "new");
    struct cvd_json_writer *w = srv_resp_json(resp, status);
    (void)cvd_json_write_object_begin(w);
    (void)cvd_json_write_key(w, CVD_STR("report"));
    (void)cvd_json_write_object_begin(w);
    srv__write_report(w, v);
    (void)cvd_json_write_kv_cstr(w, "state_text", state_texts[v->report.state]);
    (void)cvd_json_write_object_end(w);
    (void)cvd_json_write_kv_cstr(w, "title", "Your report");
    (void)cvd_json_write_kv_cstr(w, "page_path", path);
    (void)cvd_json_write_kv_cstr(w, "follow_up_url", url);
    (void)cvd_json_write_kv_bool(w, "is_new", fresh != NULL && strcmp(fresh, "1") == 0);
    (void)cvd_json_write_kv_bool(w, "can_reply",
                                 cvd_report_can(v->report.state, CVD_REPORT_ADD_INFO));
    (void)cvd_json_write_kv_cstr(w, "reply", reply);
    if (err != NULL)
        (void)cvd_json_write_kv_cstr(w, "error", err);
    (void)cvd_json_write_object_end(w);
    return srv_resp_page_json(resp, "follow-up");
}

/* GET /follow-up/{secret} */
int route_followup_page(struct srv_req *req, struct srv_resp *resp)
{
    struct cvd_principal p;
    int rc = open_link(req, resp, &p);
    if (rc)
        return rc;
    struct cvd_report_view v;
    struct cvd_diag d = {0};
    rc = cvd_hub_report_get(srv__hub(req), &p, p.tracking_id, srv_req_arena(req), &v, &d);
    if (rc)
        return srv__core_error(resp, rc, NULL, &d);
    return render_page(req, resp, 200, &v, NULL, NULL);
}

/* POST /follow-up/{secret}: the reporter's answer (add_info); 303 back to the page, or the
 * page again with the error and the text kept. */
int route_followup_reply(struct srv_req *req, struct srv_resp *resp)
{
    struct cvd_principal p;
    int rc = open_link(req, resp, &p);
    if (rc)
        return rc;
    struct cvd_report_act_args args = {.message = srv__field(req, "message")};
    struct cvd_report_view v;
    const char *field = NULL;
    struct cvd_diag d = {0};
    struct cvd_hub *hub = srv__hub(req);
    struct cvd_arena *a = srv_req_arena(req);
    rc =
        cvd_hub_report_act(hub, &p, p.tracking_id, CVD_REPORT_ADD_INFO, &args, a, NULL, &field, &d);
    if (rc == 0) {
        const char *loc = srv__printf(req, "/follow-up/%s", srv_req_param(req, "secret"));
        return loc ? srv_resp_redirect(resp, 303, loc) : CVD_ENOMEM;
    }
    const char *code;
    int status = srv__status_of(rc, &code);
    struct cvd_diag d2 = {0};
    if (status >= 500 || cvd_hub_report_get(hub, &p, p.tracking_id, a, &v, &d2) != 0)
        return srv__core_error(resp, rc, field, &d);
    const char *msg = cvd_arena_strndup(a, d.msg, strlen(d.msg));
    return render_page(req, resp, status, &v, args.message.ptr, msg ? msg : cvd_strerror(rc));
}

/* GET /api/v1/follow-up/{secret}: the report view as the reporter sees it. */
int route_followup_get(struct srv_req *req, struct srv_resp *resp)
{
    struct cvd_principal p;
    int rc = open_link(req, resp, &p);
    if (rc)
        return rc;
    struct cvd_report_view v;
    struct cvd_diag d = {0};
    rc = cvd_hub_report_get(srv__hub(req), &p, p.tracking_id, srv_req_arena(req), &v, &d);
    if (rc)
        return srv__core_error(resp, rc, NULL, &d);
    struct cvd_json_writer *w = srv_resp_json(resp, 200);
    (void)cvd_json_write_object_begin(w);
    srv__write_report(w, &v);
    (void)cvd_json_write_object_end(w);
    return 0;
}

/* POST /api/v1/follow-up/{secret}/messages {"message": "..."}: 201 with the report view. */
int route_followup_message(struct srv_req *req, struct srv_resp *resp)
{
    static const char *const known[] = {"message", NULL};
    const struct cvd_json *obj;
    struct cvd_principal p;
    int rc = open_link(req, resp, &p);
    if (rc)
        return rc;
    struct cvd_report_act_args args = {0};
    if ((rc = srv__json_object(req, resp, known, &obj)) ||
        (rc = srv__json_text(resp, obj, "message", &args.message, NULL)))
        return rc;
    struct cvd_report_view v;
    const char *field = NULL;
    struct cvd_diag d = {0};
    rc = cvd_hub_report_act(srv__hub(req), &p, p.tracking_id, CVD_REPORT_ADD_INFO, &args,
                            srv_req_arena(req), &v, &field, &d);
    if (rc)
        return srv__core_error(resp, rc, field, &d);
    struct cvd_json_writer *w = srv_resp_json(resp, 201);
    (void)cvd_json_write_object_begin(w);
    srv__write_report(w, &v);
    (void)cvd_json_write_object_end(w);
    return 0;
}
