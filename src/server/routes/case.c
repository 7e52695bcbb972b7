/* Cases for coordinators: the list, one case with its reports and vulnerabilities, case
 * actions (accept, defer, close, reopen) and vulnerabilities with their CVSS and SSVC (the
 * score is core's, computed from the vector). API and pages (forms answer 303 back). */
#include <string.h>

#include "server/routes/routes-int.h"
#include "server/srv-int.h"

static const enum cvd_case_action case_actions[] = {
    CVD_CASE_ACCEPT,
    CVD_CASE_DEFER,
    CVD_CASE_CLOSE,
    CVD_CASE_REOPEN,
};

static const char *const state_labels[CVD_CASE_STATE_COUNT] = {
    "Valid",
    "Accepted",
    "Deferred",
    "Closed",
};

/* ---- the list ---- */

static int write_list(struct srv_req *req, struct srv_resp *resp, bool page)
{
    struct cvd_hub *hub = srv__hub(req);
    if (hub == NULL)
        return srv__no_hub(resp);
    struct cvd_case *cs = NULL;
    size_t n = 0;
    struct cvd_diag d = {0};
    int rc = cvd_hub_case_list(hub, srv__who(req), srv_req_arena(req), &cs, &n, &d);
    if (rc)
        return srv__handler_error(req, resp, rc, NULL, &d);
    struct cvd_json_writer *w = srv_resp_json(resp, 200);
    (void)cvd_json_write_object_begin(w);
    (void)cvd_json_write_key(w, CVD_STR("cases"));
    (void)cvd_json_write_array_begin(w);
    for (size_t i = 0; i < n; i++) {
        (void)cvd_json_write_object_begin(w);
        srv__write_case_row(w, &cs[i]);
        if (page)
            (void)cvd_json_write_kv_cstr(w, "state_label", state_labels[cs[i].state]);
        (void)cvd_json_write_object_end(w);
    }
    (void)cvd_json_write_array_end(w);
    if (page) {
        (void)cvd_json_write_kv_cstr(w, "title", "Cases");
        (void)cvd_json_write_kv_bool(w, "any", n > 0);
    }
    (void)cvd_json_write_object_end(w);
    return page ? srv_resp_page_json(resp, "cases") : 0;
}

/* GET /api/v1/cases */
int route_case_list(struct srv_req *req, struct srv_resp *resp)
{
    return write_list(req, resp, false);
}

/* GET /cases */
int route_case_list_page(struct srv_req *req, struct srv_resp *resp)
{
    return write_list(req, resp, true);
}

/* ---- one case ---- */

/* GET /api/v1/cases/{case_id} */
int route_case_get(struct srv_req *req, struct srv_resp *resp)
{
    struct cvd_hub *hub = srv__hub(req);
    if (hub == NULL)
        return srv__no_hub(resp);
    struct cvd_case_view v;
    struct cvd_diag d = {0};
    int rc = cvd_hub_case_get(hub, srv__who(req), srv__param(req, "case_id"), srv_req_arena(req),
                              &v, &d);
    if (rc)
        return srv__handler_error(req, resp, rc, NULL, &d);
    struct cvd_json_writer *w = srv_resp_json(resp, 200);
    (void)cvd_json_write_object_begin(w);
    srv__write_case(w, &v);
    (void)cvd_json_write_object_end(w);
    return 0;
}

/* The page of a case: the view, its action forms, the vulnerability form (a new one, or the
 * one being edited) and after a refusal the error, the typed values and the status. */
static int render_case(struct srv_req *req, struct srv_resp *resp, int status,
                       const struct cvd_case_view *v, const struct cvd_vuln *typed,
                       const char *err_field, const char *err)
{
    int rc = srv__page_csrf(req, resp);
    if (rc)
        return rc;
    const struct cvd_case *c = &v->c;
    const char *id = srv__printf(req, "%.*s", (int)c->case_id.len, c->case_id.ptr);
    if (id == NULL)
        return CVD_ENOMEM;
    struct cvd_json_writer *w = srv_resp_json(resp, status);
    (void)cvd_json_write_object_begin(w);
    (void)cvd_json_write_key(w, CVD_STR("case"));
    (void)cvd_json_write_object_begin(w);
    srv__write_case(w, v);
    (void)cvd_json_write_kv_cstr(w, "state_label", state_labels[c->state]);
    (void)cvd_json_write_kv_bool(w, "has_reports", v->n_reports > 0);
    (void)cvd_json_write_kv_bool(w, "has_vulns", v->n_vulns > 0);
    (void)cvd_json_write_object_end(w);
    (void)cvd_json_write_kv_cstr(w, "title", id);
    (void)cvd_json_write_kv_cstr(w, "action_path", srv__printf(req, "/cases/%s/actions", id));
    (void)cvd_json_write_kv_cstr(w, "vuln_path", srv__printf(req, "/cases/%s/vulnerabilities", id));
    (void)cvd_json_write_key(w, CVD_STR("actions"));
    (void)cvd_json_write_object_begin(w);
    for (size_t i = 0; i < CVD_ARRAY_LEN(case_actions); i++)
        (void)cvd_json_write_kv_bool(w, cvd_case_action_name(case_actions[i]),
                                     cvd_case_can(c->state, case_actions[i]));
    (void)cvd_json_write_object_end(w);
    (void)cvd_json_write_kv_bool(w, "open", c->state != CVD_CASE_CLOSED);
    (void)cvd_json_write_key(w, CVD_STR("form"));
    (void)cvd_json_write_object_begin(w);
    if (typed != NULL) {
        if (typed->id)
            (void)cvd_json_write_kv_i64(w, "id", typed->id);
        srv__write_str(w, "title", typed->title);
        srv__write_str(w, "cve_id", typed->cve_id);
        srv__write_str(w, "cvss_vector", typed->cvss_vector);
        srv__write_str(w, "ssvc", typed->ssvc);
    }
    (void)cvd_json_write_object_end(w);
    if (err != NULL) {
        (void)cvd_json_write_kv_cstr(w, "error", err);
        (void)cvd_json_write_key(w, CVD_STR("err"));
        (void)cvd_json_write_object_begin(w);
        if (err_field != NULL)
            (void)cvd_json_write_kv_cstr(w, err_field, err);
        (void)cvd_json_write_object_end(w);
    }
    (void)cvd_json_write_object_end(w);
    return srv_resp_page_json(resp, "case");
}

/* GET /cases/{case_id} */
int route_case_page(struct srv_req *req, struct srv_resp *resp)
{
    struct cvd_hub *hub = srv__hub(req);
    if (hub == NULL)
        return srv__no_hub(resp);
    struct cvd_case_view v;
    struct cvd_diag d = {0};
    int rc = cvd_hub_case_get(hub, srv__who(req), srv__param(req, "case_id"), srv_req_arena(req),
                              &v, &d);
    if (rc)
        return srv__handler_error(req, resp, rc, NULL, &d);
    /* ?edit=ID fills the vulnerability form with that one */
    const struct cvd_vuln *edit = NULL;
    const char *e = srv_req_query(req, "edit");
    uint64_t id;
    for (size_t i = 0;
         e != NULL && cvd_str_to_u64(cvd_str_from_cstr(e), INT64_MAX, &id) == 0 && i < v.n_vulns;
         i++) {
        if (v.vulns[i].id == (int64_t)id)
            edit = &v.vulns[i];
    }
    return render_case(req, resp, 200, &v, edit, NULL, NULL);
}

/* After a refused form: the case page again with the error and its status; errors that are
 * not about the form (5xx, no such case, not allowed) get the error page. */
static int case_refused(struct srv_req *req, struct srv_resp *resp, int rc, const char *field,
                        const struct cvd_diag *d, const struct cvd_vuln *typed)
{
    const char *code;
    int status = srv__status_of(rc, &code);
    struct cvd_case_view v;
    struct cvd_diag d2 = {0};
    if (status >= 500 || status == 404 || status == 403 ||
        cvd_hub_case_get(srv__hub(req), srv__who(req), srv__param(req, "case_id"),
                         srv_req_arena(req), &v, &d2) != 0)
        return srv__handler_error(req, resp, rc, field, d);
    const char *msg = d->msg[0] ? cvd_arena_strndup(srv_req_arena(req), d->msg, strlen(d->msg))
                                : cvd_strerror(rc);
    const char *f = field ? cvd_arena_strndup(srv_req_arena(req), field, strlen(field)) : NULL;
    return render_case(req, resp, status, &v, typed, f, msg ? msg : cvd_strerror(rc));
}

/* ---- case actions ---- */

static int read_case_action(struct srv_resp *resp, struct cvd_str name, enum cvd_case_action *ret)
{
    if (name.len == 0)
        return srv_resp_error(resp, CVD_EMISSING, "action", "action is required");
    if (cvd_case_action_parse(name, ret) != 0)
        return srv_resp_error(resp, CVD_EINVAL, "action",
                              "action: one of accept, defer, close, reopen");
    return 0;
}

/* POST /api/v1/cases/{case_id}/actions {"action"}: 200 with the case. */
int route_case_act(struct srv_req *req, struct srv_resp *resp)
{
    static const char *const known[] = {"action", NULL};
    struct cvd_hub *hub = srv__hub(req);
    if (hub == NULL)
        return srv__no_hub(resp);
    const struct cvd_json *obj;
    struct cvd_str name;
    enum cvd_case_action act;
    int rc;
    if ((rc = srv__json_object(req, resp, known, &obj)) ||
        (rc = srv__json_text(resp, obj, "action", &name, NULL)) ||
        (rc = read_case_action(resp, name, &act)))
        return rc;
    struct cvd_case_view v;
    struct cvd_diag d = {0};
    rc = cvd_hub_case_act(hub, srv__who(req), srv__param(req, "case_id"), act, srv_req_arena(req),
                          &v, &d);
    if (rc)
        return srv__handler_error(req, resp, rc, NULL, &d);
    struct cvd_json_writer *w = srv_resp_json(resp, 200);
    (void)cvd_json_write_object_begin(w);
    srv__write_case(w, &v);
    (void)cvd_json_write_object_end(w);
    return 0;
}

/* POST /cases/{case_id}/actions (form): 303 back to the case. */
int route_case_act_form(struct srv_req *req, struct srv_resp *resp)
{
    struct cvd_hub *hub = srv__hub(req);
    if (hub == NULL)
        return srv__no_hub(resp);
    enum cvd_case_action act;
    struct cvd_diag d = {0};
    int rc = read_case_action(resp, srv__field(req, "action"), &act);
    if (rc) {
        (void)cvd_diag_set(&d, rc, "%s", resp->err_msg ? resp->err_msg : cvd_strerror(rc));
        return case_refused(req, resp, rc, "action", &d, NULL);
    }
    rc = cvd_hub_case_act(hub, srv__who(req), srv__param(req, "case_id"), act, srv_req_arena(req),
                          NULL, &d);
    if (rc)
        return case_refused(req, resp, rc, NULL, &d, NULL);
    const char *loc = srv__printf(req, "/cases/%s", srv_req_param(req, "case_id"));
    return loc ? srv_resp_redirect(resp, 303, loc) : CVD_ENOMEM;
}

/* ---- vulnerabilities ---- */

/* Store a vulnerability (id 0: a new one) and find it in the case again, scored. */
static int put_vuln(struct srv_req *req, struct cvd_vuln *v, struct cvd_vuln *ret,
                    const char **ret_field, struct cvd_diag *d)
{
    struct cvd_hub *hub = srv__hub(req);
    struct cvd_str case_id = srv__param(req, "case_id");
    int64_t id = 0;
    int rc = cvd_hub_vuln_put(hub, srv__who(req), case_id, v, &id, ret_field, d);
    if (rc || ret == NULL)
        return rc;
    struct cvd_case_view cv;
    if ((rc = cvd_hub_case_get(hub, srv__who(req), case_id, srv_req_arena(req), &cv, d)))
        return rc;
    for (size_t i = 0; i < cv.n_vulns; i++) {
        if (cv.vulns[i].id == id) {
            *ret = cv.vulns[i];
            return 0;
        }
    }
    return cvd_diag_set(d, CVD_ENOTFOUND, "no such vulnerability in this case");
}

static int vuln_from_json(struct srv_req *req, struct srv_resp *resp, struct cvd_vuln *v)
{
    static const char *const known[] = {"title", "cve_id", "cvss_vector", "ssvc", NULL};
    const struct cvd_json *obj;
    int rc;
    if ((rc = srv__json_object(req, resp, known, &obj)) ||
        (rc = srv__json_text(resp, obj, "title", &v->title, NULL)) ||
        (rc = srv__json_text(resp, obj, "cve_id", &v->cve_id, NULL)) ||
        (rc = srv__json_text(resp, obj, "cvss_vector", &v->cvss_vector, NULL)) ||
        (rc = srv__json_text(resp, obj, "ssvc", &v->ssvc, NULL)))
        return rc;
    return 0;
}

static int write_vuln(struct srv_resp *resp, int status, const struct cvd_vuln *v)
{
    struct cvd_json_writer *w = srv_resp_json(resp, status);
    (void)cvd_json_write_object_begin(w);
    srv__write_vuln(w, v);
    (void)cvd_json_write_object_end(w);
    return 0;
}

/* POST /api/v1/cases/{case_id}/vulnerabilities: 201 with the vulnerability, scored. */
int route_vuln_create(struct srv_req *req, struct srv_resp *resp)
{
    if (srv__hub(req) == NULL)
        return srv__no_hub(resp);
    struct cvd_vuln in = {0}, out;
    int rc = vuln_from_json(req, resp, &in);
    if (rc)
        return rc;
    const char *field = NULL;
    struct cvd_diag d = {0};
    if ((rc = put_vuln(req, &in, &out, &field, &d)))
        return srv__handler_error(req, resp, rc, field, &d);
    return write_vuln(resp, 201, &out);
}

/* PUT /api/v1/cases/{case_id}/vulnerabilities/{id}: 200 with the vulnerability. */
int route_vuln_update(struct srv_req *req, struct srv_resp *resp)
{
    if (srv__hub(req) == NULL)
        return srv__no_hub(resp);
    uint64_t id;
    if (cvd_str_to_u64(srv__param(req, "id"), INT64_MAX, &id) != 0 || id == 0)
        return srv_resp_error(resp, CVD_ENOTFOUND, NULL, "no such vulnerability in this case");
    struct cvd_vuln in = {.id = (int64_t)id}, out;
    int rc = vuln_from_json(req, resp, &in);
    if (rc)
        return rc;
    const char *field = NULL;
    struct cvd_diag d = {0};
    if ((rc = put_vuln(req, &in, &out, &field, &d)))
        return srv__handler_error(req, resp, rc, field, &d);
    return write_vuln(resp, 200, &out);
}

/* POST /cases/{case_id}/vulnerabilities (form; a field id edits that one): 303 back. */
int route_vuln_form(struct srv_req *req, struct srv_resp *resp)
{
    if (srv__hub(req) == NULL)
        return srv__no_hub(resp);
    struct cvd_vuln in = {
        .title = srv__field(req, "title"),
        .cve_id = cvd_text_trim(srv__field(req, "cve_id")),
        .cvss_vector = cvd_text_trim(srv__field(req, "cvss_vector")),
        .ssvc = srv__field(req, "ssvc"),
    };
    struct cvd_str id_text = srv__field(req, "id");
    uint64_t id = 0;
    struct cvd_diag d = {0};
    if (id_text.len && cvd_str_to_u64(id_text, INT64_MAX, &id) != 0) {
        (void)cvd_diag_set(&d, CVD_EINVAL, "id: not a vulnerability of this case");
        return case_refused(req, resp, CVD_EINVAL, "id", &d, &in);
    }
    in.id = (int64_t)id;
    const char *field = NULL;
    int rc = put_vuln(req, &in, NULL, &field, &d);
    if (rc)
        return case_refused(req, resp, rc, field, &d, &in);
    const char *loc = srv__printf(req, "/cases/%s", srv_req_param(req, "case_id"));
    return loc ? srv_resp_redirect(resp, 303, loc) : CVD_ENOMEM;
}
