/* The JSON shapes of docs/api.md, written once: the API answers with them and the pages render
 * them. Writer errors are sticky (the framework checks the finished document), so the calls
 * here ignore their results. */
#include <sodium.h>

#include "cvd/clock.h"
#include "cvd/cvss.h"
#include "server/routes/routes-int.h"

void srv__write_time(struct cvd_json_writer *w, const char *key, int64_t t)
{
    char when[CVD_RFC3339_LEN + 1];
    (void)cvd_json_write_key(w, cvd_str_from_cstr(key));
    if (t != 0 && cvd_time_format(t, when) == 0)
        (void)cvd_json_write_cstr(w, when);
    else
        (void)cvd_json_write_null(w);
}

void srv__write_opt(struct cvd_json_writer *w, const char *key, struct cvd_str s)
{
    (void)cvd_json_write_key(w, cvd_str_from_cstr(key));
    if (s.len)
        (void)cvd_json_write_string(w, s);
    else
        (void)cvd_json_write_null(w);
}

void srv__write_str(struct cvd_json_writer *w, const char *key, struct cvd_str s)
{
    (void)cvd_json_write_key(w, cvd_str_from_cstr(key));
    (void)cvd_json_write_string(w, s.ptr ? s : CVD_STR(""));
}

const char *srv__timer_label(enum cvd_timer t)
{
    switch (t) {
    case CVD_TIMER_ACK:
        return "acknowledgement";
    case CVD_TIMER_STATUS:
        return "status update to the reporter";
    case CVD_TIMER_INVALID_CLOSE:
        return "closing (invalid)";
    case CVD_TIMER_DEFERRED_CLOSE:
        return "closing (deferred)";
    default:
        return NULL;
    }
}

/* What a report, its summary and its list row share. */
static void write_head(struct cvd_json_writer *w, const struct cvd_report_view *v)
{
    const struct cvd_report *r = &v->report;
    srv__write_str(w, "tracking_id", r->tracking_id);
    (void)cvd_json_write_kv_cstr(w, "state", cvd_report_state_name(r->state));
    (void)cvd_json_write_kv_cstr(
        w, "invalid_reason",
        r->state == CVD_REPORT_INVALID ? cvd_invalid_reason_name(r->invalid_reason) : NULL);
    (void)cvd_json_write_kv_cstr(w, "tlp", cvd_tlp_name(r->tlp));
    (void)cvd_json_write_kv_cstr(w, "channel", cvd_channel_name(r->channel));
    srv__write_time(w, "received_at", r->received_at);
    srv__write_time(w, "acked_at", r->acked_at);
    srv__write_time(w, "updated_at", r->updated_at);
    srv__write_str(w, "title", r->title);
    srv__write_str(w, "product", r->product);
}

static void write_links(struct cvd_json_writer *w, const struct cvd_report_view *v)
{
    srv__write_opt(w, "case_id", v->case_id);
    srv__write_opt(w, "duplicate_of", v->duplicate_of);
    (void)cvd_json_write_key(w, CVD_STR("due"));
    (void)cvd_json_write_object_begin(w);
    (void)cvd_json_write_kv_cstr(
        w, "timer", v->due_timer == CVD_TIMER_NONE ? NULL : cvd_timer_name(v->due_timer));
    srv__write_time(w, "at", v->due_timer == CVD_TIMER_NONE ? 0 : v->due_at);
    (void)cvd_json_write_kv_bool(w, "overdue", v->overdue);
    (void)cvd_json_write_object_end(w);
}

void srv__write_report_summary(struct cvd_json_writer *w, const struct cvd_report_view *v)
{
    write_head(w, v);
    write_links(w, v);
}

void srv__write_report(struct cvd_json_writer *w, const struct cvd_report_view *v)
{
    const struct cvd_report *r = &v->report;
    write_head(w, v);
    srv__write_str(w, "versions", r->versions);
    srv__write_str(w, "description", r->description);
    srv__write_str(w, "impact", r->impact);
    srv__write_str(w, "reproduction", r->reproduction);
    srv__write_str(w, "how_found", r->how_found);
    srv__write_str(w, "disclosure_plans", r->disclosure_plans);
    (void)cvd_json_write_kv_cstr(w, "vendor_contacted", cvd_answer_name(r->vendor_contacted));
    (void)cvd_json_write_kv_cstr(w, "publicly_known", cvd_answer_name(r->publicly_known));
    (void)cvd_json_write_kv_cstr(w, "exploited", cvd_answer_name(r->exploited));
    (void)cvd_json_write_kv_bool(w, "credit_wanted", r->credit_wanted);
    srv__write_str(w, "credit_name", r->credit_name);
    (void)cvd_json_write_kv_bool(w, "share_contact", r->share_contact);
    (void)cvd_json_write_key(w, CVD_STR("reporter"));
    (void)cvd_json_write_object_begin(w);
    srv__write_str(w, "name", r->reporter_name);
    srv__write_str(w, "email", r->reporter_email);
    srv__write_str(w, "pgp_key", r->reporter_pgp_key);
    (void)cvd_json_write_object_end(w);
    write_links(w, v);

    (void)cvd_json_write_key(w, CVD_STR("messages"));
    (void)cvd_json_write_array_begin(w);
    for (size_t i = 0; i < v->n_messages; i++) {
        const struct cvd_message *m = &v->messages[i];
        (void)cvd_json_write_object_begin(w);
        (void)cvd_json_write_kv_i64(w, "id", m->id);
        (void)cvd_json_write_kv_cstr(w, "author", cvd_author_name(m->author));
        srv__write_str(w, "body", m->body);
        srv__write_time(w, "created_at", m->created_at);
        (void)cvd_json_write_kv_cstr(w, "tlp", cvd_tlp_name(m->tlp));
        (void)cvd_json_write_object_end(w);
    }
    (void)cvd_json_write_array_end(w);

    (void)cvd_json_write_key(w, CVD_STR("attachments"));
    (void)cvd_json_write_array_begin(w);
    for (size_t i = 0; i < v->n_attachments; i++) {
        const struct cvd_attachment_info *at = &v->attachments[i];
        char hex[2 * sizeof(at->sha256) + 1];
        sodium_bin2hex(hex, sizeof(hex), at->sha256, sizeof(at->sha256));
        (void)cvd_json_write_object_begin(w);
        (void)cvd_json_write_kv_i64(w, "id", at->id);
        srv__write_str(w, "name", at->name);
        srv__write_str(w, "content_type", at->content_type);
        (void)cvd_json_write_kv_i64(w, "size", at->size);
        (void)cvd_json_write_kv_cstr(w, "sha256", hex);
        (void)cvd_json_write_object_end(w);
    }
    (void)cvd_json_write_array_end(w);
}

void srv__write_case_row(struct cvd_json_writer *w, const struct cvd_case *c)
{
    srv__write_str(w, "case_id", c->case_id);
    srv__write_str(w, "title", c->title);
    (void)cvd_json_write_kv_cstr(w, "state", cvd_case_state_name(c->state));
    (void)cvd_json_write_kv_cstr(w, "tlp", cvd_tlp_name(c->tlp));
    srv__write_time(w, "created_at", c->created_at);
}

void srv__write_vuln(struct cvd_json_writer *w, const struct cvd_vuln *v)
{
    (void)cvd_json_write_kv_i64(w, "id", v->id);
    srv__write_str(w, "title", v->title);
    srv__write_str(w, "cve_id", v->cve_id);
    srv__write_str(w, "cvss_vector", v->cvss_vector);
    (void)cvd_json_write_key(w, CVD_STR("cvss_score"));
    if (v->cvss_score >= 0)
        (void)cvd_json_write_tenths(w, v->cvss_score);
    else
        (void)cvd_json_write_null(w);
    (void)cvd_json_write_kv_cstr(w, "severity",
                                 v->cvss_score >= 0 ? cvd_cvss_severity_name(v->cvss_score) : NULL);
    srv__write_str(w, "ssvc", v->ssvc);
}

void srv__write_case(struct cvd_json_writer *w, const struct cvd_case_view *v)
{
    srv__write_case_row(w, &v->c);
    srv__write_time(w, "closed_at", v->c.closed_at);
    (void)cvd_json_write_key(w, CVD_STR("reports"));
    (void)cvd_json_write_array_begin(w);
    for (size_t i = 0; i < v->n_reports; i++)
        (void)cvd_json_write_string(w, v->report_ids[i]);
    (void)cvd_json_write_array_end(w);
    (void)cvd_json_write_key(w, CVD_STR("vulnerabilities"));
    (void)cvd_json_write_array_begin(w);
    for (size_t i = 0; i < v->n_vulns; i++) {
        (void)cvd_json_write_object_begin(w);
        srv__write_vuln(w, &v->vulns[i]);
        (void)cvd_json_write_object_end(w);
    }
    (void)cvd_json_write_array_end(w);
}
