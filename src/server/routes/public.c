/* The public point of contact besides the report form: security.txt (RFC 9116) generated from
 * the instance's configuration, and the disclosure policy page with the timelines the hub
 * promises. */
#include "cvd/securitytxt.h"
#include "server/routes/routes-int.h"

/* Expires of the generated security.txt: RFC 9116 §2.5.5 recommends less than a year. */
#define SECURITYTXT_EXPIRES_DAYS 180u

/* The disclosure date the policy aims at, from the first report (the field's common 90 days). */
#define DISCLOSURE_TARGET_DAYS 90

/* GET /.well-known/security.txt: Contact is the report form, Policy the policy page,
 * Canonical this file; generated on each request, so Expires always lies ahead. */
int route_securitytxt_get(struct srv_req *req, struct srv_resp *resp)
{
    const char *base = srv__base_url(req);
    const char *contact = srv__printf(req, "%s/report", base);
    const char *policy = srv__printf(req, "%s/policy", base);
    const char *canonical = srv__printf(req, "%s/.well-known/security.txt", base);
    if (contact == NULL || policy == NULL || canonical == NULL)
        return CVD_ENOMEM;
    struct cvd_securitytxt_gen g = {
        .contact = {contact},
        .n_contact = 1,
        .canonical = {canonical},
        .n_canonical = 1,
        .policy = {policy},
        .n_policy = 1,
        .languages = "en",
        .expires_days = SECURITYTXT_EXPIRES_DAYS,
    };
    struct cvd_buf out;
    struct cvd_diag d = {0};
    cvd_buf_init(&out, 1 << 16);
    int rc = cvd_securitytxt_generate(&g, srv_req_clock(req), &out, &d);
    if (rc == 0)
        rc = srv_resp_body(resp, 200, "text/plain; charset=utf-8", out.ptr, out.len);
    else
        rc = srv__core_error(resp, rc, NULL, &d);
    cvd_buf_release(&out);
    return rc;
}

/* GET /policy: scope, safe harbour and the timelines (T-ACK, T-STATUS of the hub's policy). */
int route_policy_get(struct srv_req *req, struct srv_resp *resp)
{
    const struct cvd_policy *p = &cvd_policy_default;
    struct cvd_json_writer *w = srv_resp_json(resp, 200);
    (void)cvd_json_write_object_begin(w);
    (void)cvd_json_write_kv_cstr(w, "title", "Disclosure policy");
    (void)cvd_json_write_kv_cstr(w, "instance", srv_req_config(req)->instance_name);
    (void)cvd_json_write_kv_i64(w, "ack_days", p->ack_seconds / CVD_DAY_SECONDS);
    (void)cvd_json_write_kv_i64(w, "status_days", p->status_seconds / CVD_DAY_SECONDS);
    (void)cvd_json_write_kv_i64(w, "disclosure_days", DISCLOSURE_TARGET_DAYS);
    (void)cvd_json_write_object_end(w);
    return srv_resp_page_json(resp, "policy");
}
