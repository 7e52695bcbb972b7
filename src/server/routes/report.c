/* Report handling for coordinators: the inbox (API and page, overdue first), one report (API
 * and page with the actions its state allows), actions (API and form), attachments (always a
 * download). Who may do what, and every state rule, is core's (cvd_hub_report_*); the pages
 * only hide actions cvd_report_can says the state does not take. */
#include <string.h>

#include <sodium.h>

#include "server/routes/routes-int.h"
#include "server/srv-int.h"

/* The actions a coordinator takes, in the order the page offers them. */
static const enum cvd_report_action coordinator_actions[] = {
    CVD_REPORT_ACKNOWLEDGE, CVD_REPORT_REQUEST_INFO,   CVD_REPORT_STATUS_UPDATE,
    CVD_REPORT_VALIDATE,    CVD_REPORT_MARK_DUPLICATE, CVD_REPORT_INVALIDATE,
    CVD_REPORT_ACCEPT,      CVD_REPORT_DEFER,          CVD_REPORT_CLOSE,
};

static const char *const reason_labels[CVD_INVALID_REASON_COUNT] = {
    "",
    "Out of scope",
    "Not a vulnerability",
    "Insufficient information",
    "Obsolete product",
    "Another vendor's product only",
};

static const char *const state_labels[CVD_REPORT_STATE_COUNT] = {
    "Received", "Invalid", "Valid", "Accepted", "Deferred", "Closed",
};

/* ---- the inbox ---- */

/* The filter of ?state=S&overdue=1&limit=N&offset=M; 0 or a response error. */
static int read_filter(struct srv_req *req, struct srv_resp *resp, struct cvd_report_filter *f)
{
    *f = (struct cvd_report_filter){.any_state = true};
    const char *state = srv_req_query(req, "state");
    if (state != NULL && state[0] != '\0' && strcmp(state, "all") != 0) {
        if (cvd_report_state_parse(cvd_str_from_cstr(state), &f->state) != 0)
            return srv_resp_error(resp, CVD_EINVAL, "state",
                                  "state: one of received, invalid, valid, accepted, deferred, "
                                  "closed");
        f->any_state = false;
    }
    const char *overdue = srv_req_query(req, "overdue");
    f->overdue_only =
        overdue != NULL && (strcmp(overdue, "1") == 0 || strcmp(overdue, "true") == 0);
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
        if (i == 0)
            f->limit = (size_t)n;
        else
            f->offset = (size_t)n;
    }
    return 0;
}

/* The inbox's reports for the request's filter: what the API list and the page share. */
static int list_reports(struct srv_req *req, struct srv_resp *resp, struct cvd_report_filter *f,
                        struct cvd_report_view **ret, size_t *ret_n, size_t *ret_total)
{
    struct cvd_hub *hub = srv__hub(req);
    if (hub == NULL)
        return srv__no_hub(resp);
    int rc = read_filter(req, resp, f);
    if (rc)
        return rc;
    struct cvd_diag d = {0};
    rc = cvd_hub_report_list(hub, srv__who(req), f, srv_req_arena(req), ret, ret_n, ret_total, &d);
    return rc ? srv__handler_error(req, resp, rc, NULL, &d) : 0;
}

/* GET /api/v1/reports: {"reports":[summary...],"total":N}, overdue first, then oldest first. */
int route_report_list(struct srv_req *req, struct srv_resp *resp)
{
    struct cvd_report_filter f;
    struct cvd_report_view *vs = NULL;
    size_t n = 0;
    size_t total = 0;
    int rc = list_reports(req, resp, &f, &vs, &n, &total);
    if (rc)
        return rc;
    struct cvd_json_writer *w = srv_resp_json(resp, 200);
    (void)cvd_json_write_object_begin(w);
    (void)cvd_json_write_key(w, CVD_STR("reports"));
    (void)cvd_json_write_array_begin(w);
    for (size_t i = 0; i < n; i++) {
        (void)cvd_json_write_object_begin(w);
        srv__write_report_summary(w, &vs[i]);
        (void)cvd_json_write_object_end(w);
    }
    (void)cvd_json_write_array_end(w);
    (void)cvd_json_write_key(w, CVD_STR("total"));
    (void)cvd_json_write_u64(w, total);
    (void)cvd_json_write_object_end(w);
    return 0;
}

/* GET /inbox: tabs by state (and overdue), the reports overdue first with their deadlines. */
int route_inbox_page(struct srv_req *req, struct srv_resp *resp)
{
    struct cvd_report_filter f;
    struct cvd_report_view *vs = NULL;
    size_t n = 0;
    size_t total = 0;
    int rc = list_reports(req, resp, &f, &vs, &n, &total);
    if (rc)
        return rc;
    struct cvd_json_writer *w = srv_resp_json(resp, 200);
    (void)cvd_json_write_object_begin(w);
    (void)cvd_json_write_kv_cstr(w, "title", "Inbox");
    (void)cvd_json_write_key(w, CVD_STR("tabs"));
    (void)cvd_json_write_array_begin(w);
    for (int i = -2; i < CVD_REPORT_STATE_COUNT; i++) {
        bool overdue = i == -1;
        bool all = i == -2;
        const char *name = all ? "all" : overdue ? "overdue" : cvd_report_state_name(i);
        bool current =
            overdue ? f.overdue_only && f.any_state
                    : !f.overdue_only && (all ? f.any_state : !f.any_state && (int)f.state == i);
        (void)cvd_json_write_object_begin(w);
        (void)cvd_json_write_kv_cstr(w, "label",
                                     all       ? "All"
                                     : overdue ? "Overdue"
                                               : state_labels[i]);
        (void)cvd_json_write_kv_cstr(w, "href",
                                     all       ? "/inbox"
                                     : overdue ? "/inbox?overdue=1"
                                               : srv__printf(req, "/inbox?state=%s", name));
        (void)cvd_json_write_kv_bool(w, "current", current);
        (void)cvd_json_write_object_end(w);
    }
    (void)cvd_json_write_array_end(w);
    (void)cvd_json_write_key(w, CVD_STR("reports"));
    (void)cvd_json_write_array_begin(w);
    for (size_t i = 0; i < n; i++) {
        (void)cvd_json_write_object_begin(w);
        srv__write_report_summary(w, &vs[i]);
        (void)cvd_json_write_kv_cstr(w, "state_label", state_labels[vs[i].report.state]);
        (void)cvd_json_write_kv_cstr(w, "due_label", srv__timer_label(vs[i].due_timer));
        (void)cvd_json_write_object_end(w);
    }
    (void)cvd_json_write_array_end(w);
    (void)cvd_json_write_kv_bool(w, "any", n > 0);
    (void)cvd_json_write_key(w, CVD_STR("shown"));
    (void)cvd_json_write_u64(w, n);
    (void)cvd_json_write_key(w, CVD_STR("total"));
    (void)cvd_json_write_u64(w, total);
    (void)cvd_json_write_object_end(w);
    return srv_resp_page_json(resp, "inbox");
}

/* ---- one report ---- */

/* GET /api/v1/reports/{tracking_id} */
int route_report_get(struct srv_req *req, struct srv_resp *resp)
{
    struct cvd_hub *hub = srv__hub(req);
    if (hub == NULL)
        return srv__no_hub(resp);
    struct cvd_report_view v;
    struct cvd_diag d = {0};
    int rc = cvd_hub_report_get(hub, srv__who(req), srv__param(req, "tracking_id"),
                                srv_req_arena(req), &v, &d);
    if (rc)
        return srv__handler_error(req, resp, rc, NULL, &d);
    struct cvd_json_writer *w = srv_resp_json(resp, 200);
    (void)cvd_json_write_object_begin(w);
    srv__write_report(w, &v);
    (void)cvd_json_write_object_end(w);
    return 0;
}

/* The page of one report: the view, the action forms its state allows, the open cases to
 * validate into, and after a refused action the error with the status of its code. */
static int render_report(struct srv_req *req, struct srv_resp *resp, int status,
                         const struct cvd_report_view *v, const char *err)
{
    int rc = srv__page_csrf(req, resp);
    if (rc)
        return rc;
    struct cvd_case *cases = NULL;
    size_t n_cases = 0;
    struct cvd_diag d = {0};
    bool validating = cvd_report_can(v->report.state, CVD_REPORT_VALIDATE);
    if (validating && (rc = cvd_hub_case_list(srv__hub(req), srv__who(req), srv_req_arena(req),
                                              &cases, &n_cases, &d)) != 0)
        return srv__handler_error(req, resp, rc, NULL, &d);
    const struct cvd_report *r = &v->report;
    struct cvd_json_writer *w = srv_resp_json(resp, status);
    (void)cvd_json_write_object_begin(w);
    (void)cvd_json_write_key(w, CVD_STR("report"));
    (void)cvd_json_write_object_begin(w);
    srv__write_report(w, v);
    (void)cvd_json_write_kv_cstr(w, "state_label", state_labels[r->state]);
    (void)cvd_json_write_kv_bool(w, "has_attachments", v->n_attachments > 0);
    (void)cvd_json_write_kv_cstr(w, "due_label", srv__timer_label(v->due_timer));
    (void)cvd_json_write_kv_cstr(w, "reason_label",
                                 r->state == CVD_REPORT_INVALID ? reason_labels[r->invalid_reason]
                                                                : NULL);
    (void)cvd_json_write_object_end(w);
    (void)cvd_json_write_kv_cstr(
        w, "title", srv__printf(req, "%.*s", (int)r->tracking_id.len, r->tracking_id.ptr));
    (void)cvd_json_write_kv_cstr(
        w, "action_path",
        srv__printf(req, "/reports/%.*s/actions", (int)r->tracking_id.len, r->tracking_id.ptr));
    (void)cvd_json_write_key(w, CVD_STR("actions"));
    (void)cvd_json_write_object_begin(w);
    bool any = false;
    for (size_t i = 0; i < CVD_ARRAY_LEN(coordinator_actions); i++) {
        enum cvd_report_action act = coordinator_actions[i];
        bool can = cvd_report_can(r->state, act);
        /* Acknowledging happens once; the state machine does not know acked_at. */
        if (act == CVD_REPORT_ACKNOWLEDGE && r->acked_at != 0)
            can = false;
        any |= can;
        (void)cvd_json_write_kv_bool(w, cvd_report_action_name(act), can);
    }
    (void)cvd_json_write_object_end(w);
    (void)cvd_json_write_kv_bool(w, "any_action", any);
    (void)cvd_json_write_key(w, CVD_STR("reasons"));
    (void)cvd_json_write_array_begin(w);
    for (int i = CVD_INVALID_NONE + 1; i < CVD_INVALID_REASON_COUNT; i++) {
        (void)cvd_json_write_object_begin(w);
        (void)cvd_json_write_kv_cstr(w, "value", cvd_invalid_reason_name(i));
        (void)cvd_json_write_kv_cstr(w, "label", reason_labels[i]);
        (void)cvd_json_write_object_end(w);
    }
    (void)cvd_json_write_array_end(w);
    (void)cvd_json_write_key(w, CVD_STR("open_cases"));
    (void)cvd_json_write_array_begin(w);
    for (size_t i = 0; i < n_cases; i++) {
        if (cases[i].state == CVD_CASE_CLOSED)
            continue;
        (void)cvd_json_write_object_begin(w);
        srv__write_case_row(w, &cases[i]);
        (void)cvd_json_write_object_end(w);
    }
    (void)cvd_json_write_array_end(w);
    if (err != NULL)
        (void)cvd_json_write_kv_cstr(w, "error", err);
    (void)cvd_json_write_object_end(w);
    return srv_resp_page_json(resp, "report");
}

/* GET /reports/{tracking_id} */
int route_report_page(struct srv_req *req, struct srv_resp *resp)
{
    struct cvd_hub *hub = srv__hub(req);
    if (hub == NULL)
        return srv__no_hub(resp);
    struct cvd_report_view v;
    struct cvd_diag d = {0};
    int rc = cvd_hub_report_get(hub, srv__who(req), srv__param(req, "tracking_id"),
                                srv_req_arena(req), &v, &d);
    if (rc)
        return srv__handler_error(req, resp, rc, NULL, &d);
    return render_report(req, resp, 200, &v, NULL);
}

/* ---- actions ---- */

/* The action and the reason of invalidate, by their names; 0 or a response error. */
static int read_action(struct srv_resp *resp, struct cvd_str action, struct cvd_str reason,
                       enum cvd_report_action *ret_act, enum cvd_invalid_reason *ret_reason)
{
    if (action.len == 0)
        return srv_resp_error(resp, CVD_EMISSING, "action", "action is required");
    if (cvd_report_action_parse(action, ret_act) != 0)
        return srv_resp_error(resp, CVD_EINVAL, "action",
                              "action: one of acknowledge, request_info, validate, invalidate, "
                              "mark_duplicate, accept, defer, close, status_update");
    *ret_reason = CVD_INVALID_NONE;
    if (reason.len != 0 &&
        (cvd_invalid_reason_parse(reason, ret_reason) != 0 || *ret_reason == CVD_INVALID_NONE))
        return srv_resp_error(resp, CVD_EINVAL, "reason",
                              "reason: one of out_of_scope, not_a_vulnerability, "
                              "insufficient_information, obsolete_product, other_vendor_only");
    return 0;
}

/* POST /api/v1/reports/{tracking_id}/actions: 200 with the report view. */
int route_report_act(struct srv_req *req, struct srv_resp *resp)
{
    static const char *const known[] = {
        "action", "reason", "duplicate_of", "case_id", "case_title", "message", NULL};
    struct cvd_hub *hub = srv__hub(req);
    if (hub == NULL)
        return srv__no_hub(resp);
    const struct cvd_json *obj;
    struct cvd_str action, reason;
    struct cvd_report_act_args args = {0};
    int rc;
    if ((rc = srv__json_object(req, resp, known, &obj)) ||
        (rc = srv__json_text(resp, obj, "action", &action, NULL)) ||
        (rc = srv__json_text(resp, obj, "reason", &reason, NULL)) ||
        (rc = srv__json_text(resp, obj, "duplicate_of", &args.duplicate_of, NULL)) ||
        (rc = srv__json_text(resp, obj, "case_id", &args.case_id, NULL)) ||
        (rc = srv__json_text(resp, obj, "case_title", &args.case_title, NULL)) ||
        (rc = srv__json_text(resp, obj, "message", &args.message, NULL)))
        return rc;
    enum cvd_report_action act;
    if ((rc = read_action(resp, action, reason, &act, &args.reason)))
        return rc;
    struct cvd_report_view v;
    const char *field = NULL;
    struct cvd_diag d = {0};
    rc = cvd_hub_report_act(hub, srv__who(req), srv__param(req, "tracking_id"), act, &args,
                            srv_req_arena(req), &v, &field, &d);
    if (rc)
        return srv__handler_error(req, resp, rc, field, &d);
    struct cvd_json_writer *w = srv_resp_json(resp, 200);
    (void)cvd_json_write_object_begin(w);
    srv__write_report(w, &v);
    (void)cvd_json_write_object_end(w);
    return 0;
}

/* POST /reports/{tracking_id}/actions (form): 303 back to the report, or the report page
 * again with the error and its status. */
int route_report_act_form(struct srv_req *req, struct srv_resp *resp)
{
    struct cvd_hub *hub = srv__hub(req);
    if (hub == NULL)
        return srv__no_hub(resp);
    struct cvd_str tid = srv__param(req, "tracking_id");
    struct cvd_report_act_args args = {
        .duplicate_of = cvd_text_trim(srv__field(req, "duplicate_of")),
        .case_id = srv__field(req, "case_id"),
        .case_title = srv__field(req, "case_title"),
        .message = srv__field(req, "message"),
    };
    enum cvd_report_action act;
    const char *field = NULL;
    struct cvd_diag d = {0};
    struct cvd_arena *a = srv_req_arena(req);
    int rc =
        read_action(resp, srv__field(req, "action"), srv__field(req, "reason"), &act, &args.reason);
    if (rc) {
        (void)cvd_diag_set(&d, rc, "%s", resp->err_msg ? resp->err_msg : cvd_strerror(rc));
        field = resp->err_field;
    } else {
        rc = cvd_hub_report_act(hub, srv__who(req), tid, act, &args, a, NULL, &field, &d);
    }
    if (rc == 0) {
        const char *loc = srv__printf(req, "/reports/%s", tid.ptr);
        return loc ? srv_resp_redirect(resp, 303, loc) : CVD_ENOMEM;
    }
    const char *code;
    int status = srv__status_of(rc, &code);
    struct cvd_report_view v;
    struct cvd_diag d2 = {0};
    if (status >= 500 || status == 404 || status == 403 ||
        cvd_hub_report_get(hub, srv__who(req), tid, a, &v, &d2) != 0)
        return srv__handler_error(req, resp, rc, field, &d);
    const char *msg = cvd_arena_strndup(a, d.msg, strlen(d.msg));
    return render_report(req, resp, status, &v, msg && msg[0] ? msg : cvd_strerror(rc));
}

/* ---- attachments ---- */

/* GET /api/v1/reports/{tracking_id}/attachments/{id}: the bytes as a download, never shown
 * inline (application/octet-stream, Content-Disposition: attachment), with their SHA-256. */
int route_attachment_get(struct srv_req *req, struct srv_resp *resp)
{
    struct cvd_hub *hub = srv__hub(req);
    if (hub == NULL)
        return srv__no_hub(resp);
    uint64_t id;
    if (cvd_str_to_u64(srv__param(req, "id"), INT64_MAX, &id) != 0)
        return srv_resp_error(resp, CVD_ENOTFOUND, NULL, "no such attachment");
    struct cvd_attachment_info info;
    struct cvd_str data;
    struct cvd_diag d = {0};
    int rc = cvd_hub_attachment_get(hub, srv__who(req), srv__param(req, "tracking_id"), (int64_t)id,
                                    srv_req_arena(req), &info, &data, &d);
    if (rc)
        return srv__handler_error(req, resp, rc, NULL, &d);
    /* The file name is the reporter's text: in the header only as ASCII letters, digits and
     * "._-" (others become '_'), and in full as RFC 5987 percent-encoded UTF-8. */
    size_t n = info.name.len > 200 ? 200 : info.name.len;
    char *plain = cvd_arena_alloc(srv_req_arena(req), n + 1);
    char *enc = cvd_arena_alloc(srv_req_arena(req), 3 * n + 1);
    if (plain == NULL || enc == NULL)
        return CVD_ENOMEM;
    size_t e = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)info.name.ptr[i];
        bool safe =
            cvd_ascii_is_alpha(c) || cvd_ascii_is_digit(c) || c == '.' || c == '_' || c == '-';
        plain[i] = safe ? (char)c : '_';
        if (safe) {
            enc[e++] = (char)c;
        } else {
            static const char hex[] = "0123456789ABCDEF";
            enc[e++] = '%';
            enc[e++] = hex[c >> 4];
            enc[e++] = hex[c & 15];
        }
    }
    plain[n] = '\0';
    enc[e] = '\0';
    char sha[2 * sizeof(info.sha256) + 1];
    sodium_bin2hex(sha, sizeof(sha), info.sha256, sizeof(info.sha256));
    const char *disp = srv__printf(req, "attachment; filename=\"%s\"; filename*=UTF-8''%s",
                                   n ? plain : "file", n ? enc : "file");
    if (disp == NULL)
        return CVD_ENOMEM;
    if ((rc = srv_resp_header(resp, "Content-Disposition", disp)) ||
        (rc = srv_resp_header(resp, "X-Content-SHA256", sha)))
        return rc;
    srv_resp_cache(resp, "private, no-store");
    return srv_resp_body(resp, 200, "application/octet-stream", data.ptr, data.len);
}
