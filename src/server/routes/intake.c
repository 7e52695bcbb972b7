/* Public intake: the report form (a page that works without script, with the TLP choice in
 * plain words), its submission (multipart with attachments, or urlencoded), and the same
 * intake as JSON. Rate-limited per client address by the framework (ROUTE_PUBLIC_INTAKE);
 * the form also carries the double-submit CSRF token. Checking what was sent is core's
 * (cvd_report_check through cvd_hub_report_submit); here input is only read into a struct. */
#include <stddef.h>
#include <string.h>

#include <sodium.h>

#include "server/routes/routes-int.h"
#include "server/srv-int.h"

/* The text fields of struct cvd_report a reporter fills, by their API and form names. */
static const struct {
    const char *name;
    size_t off;
} text_fields[] = {
    {"title", offsetof(struct cvd_report, title)},
    {"product", offsetof(struct cvd_report, product)},
    {"versions", offsetof(struct cvd_report, versions)},
    {"description", offsetof(struct cvd_report, description)},
    {"impact", offsetof(struct cvd_report, impact)},
    {"reproduction", offsetof(struct cvd_report, reproduction)},
    {"how_found", offsetof(struct cvd_report, how_found)},
    {"disclosure_plans", offsetof(struct cvd_report, disclosure_plans)},
    {"credit_name", offsetof(struct cvd_report, credit_name)},
    {"reporter_name", offsetof(struct cvd_report, reporter_name)},
    {"reporter_email", offsetof(struct cvd_report, reporter_email)},
    {"reporter_pgp_key", offsetof(struct cvd_report, reporter_pgp_key)},
};

static const struct {
    const char *name;
    size_t off;
    const char *question;
} answer_fields[] = {
    {"vendor_contacted", offsetof(struct cvd_report, vendor_contacted),
     "Have you already told the vendor?"},
    {"publicly_known", offsetof(struct cvd_report, publicly_known),
     "Is the vulnerability already publicly known?"},
    {"exploited", offsetof(struct cvd_report, exploited),
     "Do you know of it being exploited (used in attacks)?"},
};

/* TLP 2.0 in plain words, from the reporter's side: who the coordinators may tell. */
static const struct {
    enum cvd_tlp tlp;
    const char *id;
    const char *text;
} tlp_choices[] = {
    {CVD_TLP_CLEAR, "tlp-clear",
     "No limit: what you write may be shared with anyone, and published as it is."},
    {CVD_TLP_GREEN, "tlp-green",
     "The security community: it may be shared with vendors, response teams and other "
     "organisations in the community, but not published."},
    {CVD_TLP_AMBER, "tlp-amber",
     "Need to know (the usual choice): it may be shared only with the organisations that need "
     "it to fix or defend against the problem, such as the vendor, and with their clients who "
     "need it; inside each, only with the people who need to know."},
    {CVD_TLP_AMBER_STRICT, "tlp-amber-strict",
     "Need to know, inside each organisation only: as AMBER, but the organisations may not pass "
     "it on to their clients."},
    {CVD_TLP_RED, "tlp-red",
     "Named people only: it stays with the coordinators you send it to, who may not pass it on, "
     "not even to the vendor. This makes coordination very hard; use it only if you must."},
};

static const char *const answer_labels[CVD_ANSWER_COUNT] = {"Not sure", "No", "Yes"};

#define MAX_ATTACHMENTS 10

static struct cvd_str *text_at(struct cvd_report *r, size_t off)
{
    return (struct cvd_str *)(void *)((char *)r + off);
}

static enum cvd_answer *answer_at(struct cvd_report *r, size_t off)
{
    return (enum cvd_answer *)(void *)((char *)r + off);
}

static struct cvd_str text_of(const struct cvd_report *r, size_t off)
{
    struct cvd_str s;
    memcpy(&s, (const char *)r + off, sizeof(s));
    return s;
}

static enum cvd_answer answer_of(const struct cvd_report *r, size_t off)
{
    enum cvd_answer a;
    memcpy(&a, (const char *)r + off, sizeof(a));
    return a;
}

static int parse_answer(struct srv_resp *resp, const char *name, struct cvd_str s,
                        enum cvd_answer *ret)
{
    *ret = CVD_ANSWER_UNKNOWN;
    if (s.len == 0)
        return 0;
    if (cvd_answer_parse(s, ret) != 0)
        return srv_resp_error(resp, CVD_EINVAL, name, "%s: must be yes, no or unknown", name);
    return 0;
}

static int parse_tlp(struct srv_resp *resp, struct cvd_str s, enum cvd_tlp *ret)
{
    *ret = CVD_TLP_AMBER;
    if (s.len == 0)
        return 0;
    if (cvd_tlp_parse(s, ret) != 0)
        return srv_resp_error(resp, CVD_EINVAL, "tlp",
                              "tlp: must be CLEAR, GREEN, AMBER, AMBER+STRICT or RED");
    return 0;
}

/* ---- the JSON intake ---- */

static const char *const report_members[] = {
    "title",
    "product",
    "versions",
    "description",
    "impact",
    "reproduction",
    "how_found",
    "disclosure_plans",
    "vendor_contacted",
    "publicly_known",
    "exploited",
    "credit_wanted",
    "credit_name",
    "share_contact",
    "reporter_name",
    "reporter_email",
    "reporter_pgp_key",
    "tlp",
    "attachments",
    NULL,
};

static const char *const attachment_members[] = {"name", "content_type", "data_base64", NULL};

static int attachments_from_json(struct srv_req *req, struct srv_resp *resp,
                                 const struct cvd_json *list, struct cvd_upload **ret,
                                 size_t *ret_n)
{
    *ret = NULL;
    *ret_n = 0;
    if (list == NULL || cvd_json_is(list, CVD_JSON_NULL))
        return 0;
    if (!cvd_json_is(list, CVD_JSON_ARRAY))
        return srv_resp_error(resp, CVD_ETYPE, "attachments", "attachments: must be an array");
    size_t n = cvd_json_len(list);
    if (n > MAX_ATTACHMENTS)
        return srv_resp_error(resp, CVD_ELIMIT, "attachments", "attachments: at most %d files",
                              MAX_ATTACHMENTS);
    if (n == 0)
        return 0;
    struct cvd_upload *ups = cvd_arena_alloc_array(srv_req_arena(req), n, sizeof(*ups));
    if (ups == NULL)
        return CVD_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        const struct cvd_json *o = cvd_json_at(list, i);
        if (!cvd_json_is(o, CVD_JSON_OBJECT))
            return srv_resp_error(resp, CVD_ETYPE, "attachments",
                                  "attachments: each one must be an object");
        for (size_t k = 0; k < cvd_json_len(o); k++) {
            struct cvd_str key = cvd_json_member_at(o, k)->key;
            bool known = false;
            for (size_t j = 0; !known && attachment_members[j]; j++)
                known = cvd_str_eq_cstr(key, attachment_members[j]);
            if (!known)
                return srv_resp_error(resp, CVD_EINVAL, "attachments",
                                      "attachments: unknown member (name, content_type and "
                                      "data_base64 are known)");
        }
        struct cvd_str name, type, b64;
        bool has_data;
        int rc;
        if ((rc = srv__json_text(resp, o, "name", &name, NULL)) ||
            (rc = srv__json_text(resp, o, "content_type", &type, NULL)) ||
            (rc = srv__json_text(resp, o, "data_base64", &b64, &has_data)))
            return srv_resp_error(resp, rc, "attachments",
                                  "attachments: name, content_type and data_base64 are strings");
        if (!has_data)
            return srv_resp_error(resp, CVD_EMISSING, "attachments",
                                  "attachments: data_base64 is required");
        size_t cap = b64.len / 4 * 3 + 3;
        unsigned char *bin = cvd_arena_alloc(srv_req_arena(req), cap);
        size_t len = 0;
        const char *end = NULL;
        if (bin == NULL)
            return CVD_ENOMEM;
        if (sodium_base642bin(bin, cap, b64.ptr, b64.len, "\r\n", &len, &end,
                              sodium_base64_VARIANT_ORIGINAL) != 0 ||
            end != b64.ptr + b64.len)
            return srv_resp_error(resp, CVD_EINVAL, "attachments",
                                  "attachments: data_base64 is not base64");
        ups[i] = (struct cvd_upload){
            .name = name,
            .content_type = type.len ? type : CVD_STR("application/octet-stream"),
            .data = {(const char *)bin, len},
        };
    }
    *ret = ups;
    *ret_n = n;
    return 0;
}

static int report_from_json(struct srv_req *req, struct srv_resp *resp, struct cvd_report *r,
                            struct cvd_upload **ret_files, size_t *ret_n)
{
    const struct cvd_json *obj;
    int rc = srv__json_object(req, resp, report_members, &obj);
    if (rc)
        return rc;
    *r = (struct cvd_report){.channel = CVD_CHANNEL_API};
    for (size_t i = 0; i < CVD_ARRAY_LEN(text_fields); i++) {
        if ((rc = srv__json_text(resp, obj, text_fields[i].name, text_at(r, text_fields[i].off),
                                 NULL)))
            return rc;
    }
    struct cvd_str s;
    for (size_t i = 0; i < CVD_ARRAY_LEN(answer_fields); i++) {
        const char *name = answer_fields[i].name;
        if ((rc = srv__json_text(resp, obj, name, &s, NULL)) ||
            (rc = parse_answer(resp, name, s, answer_at(r, answer_fields[i].off))))
            return rc;
    }
    if ((rc = srv__json_flag(resp, obj, "credit_wanted", &r->credit_wanted)) ||
        (rc = srv__json_flag(resp, obj, "share_contact", &r->share_contact)) ||
        (rc = srv__json_text(resp, obj, "tlp", &s, NULL)) || (rc = parse_tlp(resp, s, &r->tlp)))
        return rc;
    return attachments_from_json(req, resp, cvd_json_get(obj, "attachments"), ret_files, ret_n);
}

/* POST /api/v1/reports: 201 with the tracking id and the private follow-up link. */
int route_report_create(struct srv_req *req, struct srv_resp *resp)
{
    struct cvd_hub *hub = srv__hub(req);
    if (hub == NULL)
        return srv__no_hub(resp);
    struct cvd_report r;
    struct cvd_upload *files;
    size_t n_files;
    int rc = report_from_json(req, resp, &r, &files, &n_files);
    if (rc)
        return rc;
    struct cvd_receipt receipt;
    const char *field = NULL;
    struct cvd_diag d = {0};
    rc = cvd_hub_report_submit(hub, srv__who(req), &r, files, n_files, srv_req_arena(req), &receipt,
                               &field, &d);
    if (rc)
        return srv__core_error(resp, rc, field, &d);
    const char *url =
        srv__printf(req, "%s/follow-up/%s", srv__base_url(req), receipt.follow_up_secret);
    sodium_memzero(receipt.follow_up_secret, sizeof(receipt.follow_up_secret));
    if (url == NULL)
        return CVD_ENOMEM;
    struct cvd_json_writer *w = srv_resp_json(resp, 201);
    (void)cvd_json_write_object_begin(w);
    srv__write_str(w, "tracking_id", receipt.tracking_id);
    (void)cvd_json_write_kv_cstr(w, "follow_up_url", url);
    (void)cvd_json_write_kv_cstr(w, "state", cvd_report_state_name(CVD_REPORT_RECEIVED));
    (void)cvd_json_write_object_end(w);
    return 0;
}

/* ---- the form ---- */

static int report_from_form(struct srv_req *req, struct srv_resp *resp, struct cvd_report *r,
                            struct cvd_upload **ret_files, size_t *ret_n)
{
    *r = (struct cvd_report){.channel = CVD_CHANNEL_WEB};
    for (size_t i = 0; i < CVD_ARRAY_LEN(text_fields); i++)
        *text_at(r, text_fields[i].off) = srv__field(req, text_fields[i].name);
    int rc;
    for (size_t i = 0; i < CVD_ARRAY_LEN(answer_fields); i++) {
        const char *name = answer_fields[i].name;
        if ((rc = parse_answer(resp, name, srv__field(req, name),
                               answer_at(r, answer_fields[i].off))))
            return rc;
    }
    r->credit_wanted = srv__field_checked(req, "credit_wanted");
    r->share_contact = srv__field_checked(req, "share_contact");
    if ((rc = parse_tlp(resp, srv__field(req, "tlp"), &r->tlp)))
        return rc;
    size_t n;
    const struct srv_file *f = srv_req_files(req, &n);
    *ret_files = NULL;
    *ret_n = 0;
    size_t kept = 0;
    for (size_t i = 0; i < n; i++)
        kept += cvd_str_eq_cstr(f[i].field, "attachments");
    if (kept > MAX_ATTACHMENTS)
        return srv_resp_error(resp, CVD_ELIMIT, "attachments", "attachments: at most %d files",
                              MAX_ATTACHMENTS);
    if (kept == 0)
        return 0;
    struct cvd_upload *ups = cvd_arena_alloc_array(srv_req_arena(req), kept, sizeof(*ups));
    if (ups == NULL)
        return CVD_ENOMEM;
    kept = 0;
    for (size_t i = 0; i < n; i++) {
        if (cvd_str_eq_cstr(f[i].field, "attachments"))
            ups[kept++] = (struct cvd_upload){f[i].filename, f[i].content_type, f[i].data};
    }
    *ret_files = ups;
    *ret_n = kept;
    return 0;
}

/* The form page's data: what was typed (kept after an error), the choices with their state,
 * and the error next to its field. */
static int render_form(struct srv_req *req, struct srv_resp *resp, int status,
                       const struct cvd_report *r, const char *err_field, const char *err_msg)
{
    int rc = srv__page_csrf(req, resp);
    if (rc)
        return rc;
    struct cvd_json_writer *w = srv_resp_json(resp, status);
    (void)cvd_json_write_object_begin(w);
    (void)cvd_json_write_kv_cstr(w, "title", "Report a vulnerability");
    (void)cvd_json_write_key(w, CVD_STR("form"));
    (void)cvd_json_write_object_begin(w);
    for (size_t i = 0; i < CVD_ARRAY_LEN(text_fields); i++) {
        struct cvd_str v = r ? text_of(r, text_fields[i].off) : CVD_STR("");
        srv__write_str(w, text_fields[i].name, v);
    }
    (void)cvd_json_write_kv_bool(w, "credit_wanted", r && r->credit_wanted);
    (void)cvd_json_write_kv_bool(w, "share_contact", r && r->share_contact);
    (void)cvd_json_write_object_end(w);

    (void)cvd_json_write_key(w, CVD_STR("answers"));
    (void)cvd_json_write_array_begin(w);
    for (size_t i = 0; i < CVD_ARRAY_LEN(answer_fields); i++) {
        enum cvd_answer cur = r ? answer_of(r, answer_fields[i].off) : CVD_ANSWER_UNKNOWN;
        (void)cvd_json_write_object_begin(w);
        (void)cvd_json_write_kv_cstr(w, "name", answer_fields[i].name);
        (void)cvd_json_write_kv_cstr(w, "question", answer_fields[i].question);
        bool mine = err_field != NULL && strcmp(err_field, answer_fields[i].name) == 0;
        (void)cvd_json_write_kv_cstr(w, "error_text", mine ? err_msg : NULL);
        (void)cvd_json_write_key(w, CVD_STR("options"));
        (void)cvd_json_write_array_begin(w);
        static const enum cvd_answer order[] = {CVD_ANSWER_YES, CVD_ANSWER_NO, CVD_ANSWER_UNKNOWN};
        for (size_t k = 0; k < CVD_ARRAY_LEN(order); k++) {
            const char *value = cvd_answer_name(order[k]);
            (void)cvd_json_write_object_begin(w);
            (void)cvd_json_write_kv_cstr(w, "value", value);
            (void)cvd_json_write_kv_cstr(w, "label", answer_labels[order[k]]);
            (void)cvd_json_write_kv_cstr(w, "id",
                                         srv__printf(req, "%s-%s", answer_fields[i].name, value));
            (void)cvd_json_write_kv_bool(w, "checked", cur == order[k]);
            (void)cvd_json_write_object_end(w);
        }
        (void)cvd_json_write_array_end(w);
        (void)cvd_json_write_object_end(w);
    }
    (void)cvd_json_write_array_end(w);

    (void)cvd_json_write_key(w, CVD_STR("tlps"));
    (void)cvd_json_write_array_begin(w);
    enum cvd_tlp chosen = r ? r->tlp : CVD_TLP_AMBER;
    for (size_t i = 0; i < CVD_ARRAY_LEN(tlp_choices); i++) {
        (void)cvd_json_write_object_begin(w);
        (void)cvd_json_write_kv_cstr(w, "value", cvd_tlp_name(tlp_choices[i].tlp));
        (void)cvd_json_write_kv_cstr(w, "id", tlp_choices[i].id);
        (void)cvd_json_write_kv_cstr(w, "text", tlp_choices[i].text);
        (void)cvd_json_write_kv_bool(w, "checked", chosen == tlp_choices[i].tlp);
        (void)cvd_json_write_object_end(w);
    }
    (void)cvd_json_write_array_end(w);
    (void)cvd_json_write_kv_i64(w, "max_files", MAX_ATTACHMENTS);

    if (err_msg != NULL) {
        (void)cvd_json_write_kv_cstr(w, "error", err_msg);
        (void)cvd_json_write_key(w, CVD_STR("err"));
        (void)cvd_json_write_object_begin(w);
        if (err_field != NULL)
            (void)cvd_json_write_kv_cstr(w, err_field, err_msg);
        (void)cvd_json_write_object_end(w);
    }
    (void)cvd_json_write_object_end(w);
    return srv_resp_page_json(resp, "report-form");
}

/* GET /report: the empty form (TLP AMBER chosen). */
int route_report_form(struct srv_req *req, struct srv_resp *resp)
{
    return render_form(req, resp, 200, NULL, NULL, NULL);
}

/* The form again after a refusal: the status of the code, what was typed, the error by its
 * field. Errors the reporter cannot fix (5xx) go to the framework's error page. */
static int form_refused(struct srv_req *req, struct srv_resp *resp, int rc,
                        const struct cvd_report *r, const char *field, const char *msg)
{
    const char *code;
    int status = srv__status_of(rc, &code);
    if (status >= 500)
        return rc;
    const char *m = msg && msg[0] ? cvd_arena_strndup(srv_req_arena(req), msg, strlen(msg)) : NULL;
    const char *f = field ? cvd_arena_strndup(srv_req_arena(req), field, strlen(field)) : NULL;
    return render_form(req, resp, status, r, f, m ? m : cvd_strerror(rc));
}

/* POST /report: store the report, then 303 to the private follow-up page, which shows the
 * tracking id and says to keep the link. */
int route_report_submit(struct srv_req *req, struct srv_resp *resp)
{
    struct cvd_hub *hub = srv__hub(req);
    if (hub == NULL)
        return srv__no_hub(resp);
    struct cvd_report r;
    struct cvd_upload *files;
    size_t n_files;
    int rc = report_from_form(req, resp, &r, &files, &n_files);
    if (rc)
        return form_refused(req, resp, rc, &r, resp->err_field, resp->err_msg);
    struct cvd_receipt receipt;
    const char *field = NULL;
    struct cvd_diag d = {0};
    rc = cvd_hub_report_submit(hub, srv__who(req), &r, files, n_files, srv_req_arena(req), &receipt,
                               &field, &d);
    if (rc)
        return form_refused(req, resp, rc, &r, field, d.msg);
    const char *loc = srv__printf(req, "/follow-up/%s?new=1", receipt.follow_up_secret);
    sodium_memzero(receipt.follow_up_secret, sizeof(receipt.follow_up_secret));
    if (loc == NULL)
        return CVD_ENOMEM;
    return srv_resp_redirect(resp, 303, loc);
}
