/* A case's embargo, the evidence that ends it, and participants' own steps (API). The rules
 * are the model's, applied by core; refusals come back with their reason. */
#include <string.h>

#include "server/routes/routes-int.h"
#include "server/srv-int.h"

static int write_embargo(struct srv_req *req, struct srv_resp *resp, int status)
{
    struct cvd_embargo em;
    unsigned pxa;
    struct cvd_diag d = {0};
    int rc = cvd_hub_embargo_get(srv__hub(req), srv__who(req), srv__param(req, "case_id"), &em,
                                 &pxa, &d);
    if (rc)
        return srv__core_error(resp, rc, NULL, &d);
    struct cvd_json_writer *w = srv_resp_json(resp, status);
    (void)cvd_json_write_object_begin(w);
    (void)cvd_json_write_kv_cstr(w, "state", cvd_em_state_name(em.state));
    srv__write_time(w, "start", em.start);
    srv__write_time(w, "end", em.end);
    (void)cvd_json_write_kv_i64(w, "proposer", em.proposer);
    srv__write_time(w, "pending_end", em.pending_end);
    (void)cvd_json_write_kv_i64(w, "pending_proposer", em.pending_proposer);
    srv__write_time(w, "pending_at", em.pending_at);
    (void)cvd_json_write_kv_cstr(w, "reason", cvd_em_reason_name(em.reason));
    srv__write_time(w, "exited_at", em.exited_at);
    (void)cvd_json_write_kv_cstr(w, "pxa", cvd_pxa_name(pxa));
    (void)cvd_json_write_object_end(w);
    return 0;
}

/* GET /api/v1/cases/{case_id}/embargo */
int route_embargo_get(struct srv_req *req, struct srv_resp *resp)
{
    if (srv__hub(req) == NULL)
        return srv__no_hub(resp);
    return write_embargo(req, resp, 200);
}

/* POST /api/v1/cases/{case_id}/embargo {"action", "end", "reason"}: 200 with the embargo. */
int route_embargo_act(struct srv_req *req, struct srv_resp *resp)
{
    static const char *const known[] = {"action", "end", "reason", NULL};
    struct cvd_hub *hub = srv__hub(req);
    if (hub == NULL)
        return srv__no_hub(resp);
    const struct cvd_json *obj;
    struct cvd_str action, end_text, reason_text;
    int rc;
    if ((rc = srv__json_object(req, resp, known, &obj)) ||
        (rc = srv__json_text(resp, obj, "action", &action, NULL)) ||
        (rc = srv__json_text(resp, obj, "end", &end_text, NULL)) ||
        (rc = srv__json_text(resp, obj, "reason", &reason_text, NULL)))
        return rc;
    enum cvd_em_action act;
    if (cvd_em_action_parse(action, &act) != 0)
        return srv_resp_error(resp, CVD_EINVAL, "action",
                              "action: one of propose, accept, reject, revise, accept_revision, "
                              "reject_revision, terminate");
    int64_t end = 0;
    if (end_text.len && cvd_time_parse(end_text, &end) != 0)
        return srv_resp_error(resp, CVD_EINVAL, "end", "end: an RFC 3339 time in UTC");
    enum cvd_em_reason reason = CVD_EM_REASON_NONE;
    if (reason_text.len && cvd_em_reason_parse(reason_text, &reason) != 0)
        return srv_resp_error(resp, CVD_EINVAL, "reason",
                              "reason: one of expired, public, exploit_public, attacks, "
                              "quorum_fix_ready, coordinator_decision");
    struct cvd_diag d = {0};
    rc = cvd_hub_embargo_act(hub, srv__who(req), srv__param(req, "case_id"), act, end, reason, &d);
    if (rc)
        return srv__core_error(resp, rc, rc == CVD_ERANGE ? "end" : NULL, &d);
    return write_embargo(req, resp, 200);
}

/* POST /api/v1/cases/{case_id}/evidence {"event": "public_awareness" | "exploit_public" |
 * "attacks_observed"}: 200 with the embargo (INV04 may have ended it). */
int route_case_evidence(struct srv_req *req, struct srv_resp *resp)
{
    static const char *const known[] = {"event", NULL};
    struct cvd_hub *hub = srv__hub(req);
    if (hub == NULL)
        return srv__no_hub(resp);
    const struct cvd_json *obj;
    struct cvd_str event;
    int rc;
    if ((rc = srv__json_object(req, resp, known, &obj)) ||
        (rc = srv__json_text(resp, obj, "event", &event, NULL)))
        return rc;
    enum cvd_cs_event ev;
    if (cvd_cs_event_parse(event, &ev) != 0)
        return srv_resp_error(resp, CVD_EINVAL, "event",
                              "event: one of public_awareness, exploit_public, attacks_observed");
    struct cvd_diag d = {0};
    rc = cvd_hub_case_evidence(hub, srv__who(req), srv__param(req, "case_id"), ev, &d);
    if (rc)
        return srv__core_error(resp, rc, NULL, &d);
    return write_embargo(req, resp, 200);
}

/* POST /api/v1/cases/{case_id}/participants/{org_id}/actions {"action": an RM action
 * (deliver, validate, invalidate, accept, defer, close) or a fix-path one (fix, deploy)}. */
int route_participant_act(struct srv_req *req, struct srv_resp *resp)
{
    static const char *const known[] = {"action", NULL};
    struct cvd_hub *hub = srv__hub(req);
    if (hub == NULL)
        return srv__no_hub(resp);
    const struct cvd_json *obj;
    struct cvd_str action;
    int rc;
    if ((rc = srv__json_object(req, resp, known, &obj)) ||
        (rc = srv__json_text(resp, obj, "action", &action, NULL)))
        return rc;
    enum cvd_rm_action rm;
    enum cvd_vfd_action vfd;
    struct cvd_diag d = {0};
    struct cvd_str case_id = srv__param(req, "case_id");
    int64_t org = srv__path_id(req, "org_id");
    if (cvd_rm_action_parse(action, &rm) == 0)
        rc = cvd_hub_participant_rm(hub, srv__who(req), case_id, org, rm, &d);
    else if (cvd_vfd_action_parse(action, &vfd) == 0 && vfd != CVD_VFD_NOTIFY)
        rc = cvd_hub_participant_fix(hub, srv__who(req), case_id, org, vfd, &d);
    else
        return srv_resp_error(resp, CVD_EINVAL, "action",
                              "action: one of deliver, validate, invalidate, accept, defer, "
                              "close, fix, deploy");
    if (rc)
        return srv__core_error(resp, rc, NULL, &d);
    srv_resp_empty(resp, 204);
    return 0;
}
