/* Reports: intake (EV01) with its receipt, the reporter's follow-up secret, the coordinator's
 * inbox, and every action along the report state machine (EV02-EV09, EV34), each with the
 * message the reporter is owed (INV09) and its audit event, in one transaction. */
#include "hub-int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cvd/json.h"

#define ATTACHMENTS_MAX 10
/* Whatever front end calls: no file larger than this reaches the store. */
#define ATTACHMENT_BYTES_MAX ((size_t)10 << 20)

/* A short JSON object for an event's data column. */
static struct cvd_str event_data(struct cvd_arena *a, const char *k1, struct cvd_str v1,
                                 const char *k2, struct cvd_str v2)
{
    struct cvd_buf b;
    struct cvd_json_writer w;
    cvd_buf_init(&b, 4096);
    cvd_json_writer_init(&w, &b, 0);
    cvd_json_write_object_begin(&w);
    if (k1 && v1.len) {
        cvd_json_write_key(&w, cvd_str_from_cstr(k1));
        cvd_json_write_string(&w, v1);
    }
    if (k2 && v2.len) {
        cvd_json_write_key(&w, cvd_str_from_cstr(k2));
        cvd_json_write_string(&w, v2);
    }
    cvd_json_write_object_end(&w);
    struct cvd_str out = CVD_STR("");
    if (cvd_json_writer_finish(&w) == 0) {
        char *p = cvd_arena_strndup(a, b.ptr, b.len);
        if (p)
            out = (struct cvd_str){p, b.len};
    }
    cvd_buf_release(&b);
    return out;
}

/* ---- intake ---- */

struct submit_args {
    const struct cvd_principal *p;
    struct cvd_report r;
    const struct cvd_upload *files;
    size_t n_files;
    unsigned char follow_hash[CVD_SECRET_HASH_BYTES];
    struct cvd_str receipt;
    int64_t id;
    char tracking_id[CVD_STORE_ID_MAX];
};

static int submit_write(struct cvd_store_tx *tx, void *arg)
{
    struct submit_args *a = arg;
    int rc = cvd_store_report_insert(tx, &a->r, a->follow_hash, &a->id, a->tracking_id);
    for (size_t i = 0; rc == 0 && i < a->n_files; i++) {
        struct cvd_store_attachment att = {.report_id = a->id,
                                           .name = a->files[i].name,
                                           .content_type = a->files[i].content_type,
                                           .data = a->files[i].data};
        rc = cvd_store_attachment_add(tx, &att);
    }
    if (rc)
        return rc;
    /* The automatic receipt (ISO 29147 6.2.4) carries the tracking id (INV10). */
    char body[400];
    snprintf(body, sizeof(body),
             "Thank you. We received your report and gave it the tracking id %s. A coordinator "
             "will acknowledge it; you can read and answer our messages through your private "
             "follow-up link.",
             a->tracking_id);
    struct cvd_message m = {.report_id = a->id,
                            .author = CVD_AUTHOR_SYSTEM,
                            .body = cvd_str_from_cstr(body),
                            .tlp = a->r.tlp};
    int64_t mid;
    if ((rc = cvd_store_message_add(tx, &m, &mid)))
        return rc;
    char data[160];
    snprintf(data, sizeof(data), "{\"tracking_id\":\"%s\",\"channel\":\"%s\",\"attachments\":%zu}",
             a->tracking_id, cvd_channel_name(a->r.channel), a->n_files);
    return cvd__hub_event(tx, a->p, CVD_EVENT_REPORT_SUBMITTED, "report", a->id, NULL,
                          cvd_report_state_name(CVD_REPORT_RECEIVED), cvd_str_from_cstr(data));
}

int cvd_hub_report_submit(struct cvd_hub *h, const struct cvd_principal *p,
                          const struct cvd_report *in, const struct cvd_upload *files,
                          size_t n_files, struct cvd_arena *a, struct cvd_receipt *ret,
                          const char **ret_field, struct cvd_diag *diag)
{
    if (in == NULL || ret == NULL || (n_files > 0 && files == NULL))
        return cvd_diag_set(diag, CVD_EINVAL, "invalid argument");
    int rc = cvd_report_check(in, NULL, ret_field, diag);
    if (rc)
        return rc;
    if (n_files > ATTACHMENTS_MAX) {
        if (ret_field)
            *ret_field = "attachments";
        return cvd_diag_set(diag, CVD_ELIMIT, "attachments: at most %d files", ATTACHMENTS_MAX);
    }
    for (size_t i = 0; i < n_files; i++) {
        if ((rc = cvd_text_check(files[i].name, 255, CVD_TEXT_REQUIRED, "attachments", diag)) ||
            (rc = cvd_text_check(files[i].content_type, 255, 0, "attachments", diag))) {
            if (ret_field)
                *ret_field = "attachments";
            return rc;
        }
        if (files[i].data.len > ATTACHMENT_BYTES_MAX) {
            if (ret_field)
                *ret_field = "attachments";
            return cvd_diag_set(diag, CVD_ELIMIT, "attachments: '%.*s' is larger than %zu MiB",
                                (int)(files[i].name.len > 80 ? 80 : files[i].name.len),
                                files[i].name.ptr, ATTACHMENT_BYTES_MAX >> 20);
        }
    }
    struct submit_args s = {.p = p, .r = *in, .files = files, .n_files = n_files};
    /* What the hub decides, not the sender. */
    s.r.id = 0;
    s.r.tracking_id = CVD_STR("");
    s.r.received_at = 0;
    s.r.state = CVD_REPORT_RECEIVED;
    s.r.invalid_reason = CVD_INVALID_NONE;
    s.r.acked_at = s.r.last_status_at = s.r.updated_at = 0;
    s.r.case_id = s.r.duplicate_of = 0;
    s.r.reporter_user = p && p->kind == CVD_PRINCIPAL_USER ? p->user_id : 0;
    if ((rc = cvd_auth_secret_new(CVD_SECRET_PREFIX_FOLLOW, ret->follow_up_secret, s.follow_hash)))
        return cvd_diag_set(diag, rc, "cannot make the follow-up secret");
    rc = cvd_store_write(h->store, submit_write, &s, diag);
    if (rc)
        return rc;
    size_t tl = strlen(s.tracking_id);
    char *tid = cvd_arena_strndup(a, s.tracking_id, tl);
    size_t ul = strlen(h->base_url) + strlen("/follow-up/") + strlen(ret->follow_up_secret);
    char *url = cvd_arena_alloc(a, ul + 1);
    if (tid == NULL || url == NULL)
        return cvd_diag_set(diag, CVD_ENOMEM, "out of memory");
    snprintf(url, ul + 1, "%s/follow-up/%s", h->base_url, ret->follow_up_secret);
    ret->tracking_id = (struct cvd_str){tid, tl};
    ret->follow_up_url = (struct cvd_str){url, ul};
    return 0;
}

int cvd_hub_follow_up_auth(struct cvd_hub *h, struct cvd_str secret, struct cvd_arena *a,
                           struct cvd_principal *ret)
{
    if (!cvd_auth_secret_is_well_formed(secret, CVD_SECRET_PREFIX_FOLLOW))
        return CVD_EAUTH;
    unsigned char hash[CVD_SECRET_HASH_BYTES];
    struct cvd_store_tx *tx;
    struct cvd_report r;
    cvd_auth_secret_hash(secret, hash);
    int rc = cvd_store_read_begin(h->store, &tx, NULL);
    if (rc)
        return rc;
    rc = cvd_store_report_get_by_followup(tx, hash, a, &r);
    cvd_store_read_end(tx);
    if (rc == CVD_ENOTFOUND)
        return CVD_EAUTH;
    if (rc)
        return rc;
    *ret = (struct cvd_principal){.kind = CVD_PRINCIPAL_REPORTER,
                                  .report_id = r.id,
                                  .tracking_id = r.tracking_id,
                                  .display = CVD_STR("reporter")};
    return 0;
}

/* ---- reading ---- */

static bool may_read(const struct cvd_principal *p, const struct cvd_report *r)
{
    if (cvd__hub_is_handler(p))
        return true;
    if (p == NULL)
        return false;
    if (p->kind == CVD_PRINCIPAL_REPORTER)
        return p->report_id == r->id;
    return p->kind == CVD_PRINCIPAL_USER && r->reporter_user != 0 && r->reporter_user == p->user_id;
}

/* The rest of a view around v->report, read on tx. */
static int fill_view(struct cvd_hub *h, struct cvd_store_tx *tx, bool full, int64_t now,
                     struct cvd_arena *a, struct cvd_report_view *v)
{
    int rc = 0;
    v->case_id = CVD_STR("");
    v->duplicate_of = CVD_STR("");
    if (v->report.case_id) {
        struct cvd_case c;
        if ((rc = cvd_store_case_get(tx, v->report.case_id, a, &c)))
            return rc;
        v->case_id = c.case_id;
    }
    if (v->report.duplicate_of) {
        struct cvd_report o;
        if ((rc = cvd_store_report_get(tx, v->report.duplicate_of, a, &o)))
            return rc;
        v->duplicate_of = o.tracking_id;
    }
    v->overdue = cvd_report_due(&v->report, &h->policy, now, &v->due_timer, &v->due_at);
    if (!full)
        return 0;
    if ((rc = cvd_store_message_list_report(tx, v->report.id, a, &v->messages, &v->n_messages)))
        return rc;
    struct cvd_store_attachment *atts = NULL;
    size_t n = 0;
    if ((rc = cvd_store_attachment_list(tx, v->report.id, a, &atts, &n)))
        return rc;
    v->attachments = n ? cvd_arena_alloc_array(a, n, sizeof(*v->attachments)) : NULL;
    if (n && v->attachments == NULL)
        return CVD_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        v->attachments[i] = (struct cvd_attachment_info){.id = atts[i].id,
                                                         .name = atts[i].name,
                                                         .content_type = atts[i].content_type,
                                                         .size = atts[i].size};
        memcpy(v->attachments[i].sha256, atts[i].sha256, sizeof(atts[i].sha256));
    }
    v->n_attachments = n;
    return 0;
}

/* Read one report by tracking id for p; CVD_ENOTFOUND also when p may not read it (a reader
 * learns nothing about reports that are not theirs). */
static int read_report(struct cvd_store_tx *tx, const struct cvd_principal *p,
                       struct cvd_str tracking_id, struct cvd_arena *a, struct cvd_report *ret,
                       struct cvd_diag *diag)
{
    int rc = cvd_store_report_get_by_tracking_id(tx, tracking_id, a, ret);
    if (rc == 0 && !may_read(p, ret))
        rc = CVD_ENOTFOUND;
    if (rc == CVD_ENOTFOUND)
        return cvd_diag_set(diag, rc, "no report '%.*s'",
                            (int)(tracking_id.len > 40 ? 40 : tracking_id.len), tracking_id.ptr);
    return rc;
}

int cvd_hub_report_get(struct cvd_hub *h, const struct cvd_principal *p, struct cvd_str tracking_id,
                       struct cvd_arena *a, struct cvd_report_view *ret, struct cvd_diag *diag)
{
    if (p == NULL || p->kind == CVD_PRINCIPAL_ANONYMOUS)
        return cvd_diag_set(diag, CVD_EAUTH, "log in first");
    struct cvd_store_tx *tx;
    int rc = cvd_store_read_begin(h->store, &tx, diag);
    if (rc)
        return rc;
    memset(ret, 0, sizeof(*ret));
    rc = read_report(tx, p, tracking_id, a, &ret->report, diag);
    if (rc == 0)
        rc = fill_view(h, tx, true, cvd_store_tx_now(tx), a, ret);
    cvd_store_read_end(tx);
    return rc;
}

static int by_urgency(const void *x, const void *y)
{
    const struct cvd_report_view *a = x, *b = y;
    if (a->overdue != b->overdue)
        return a->overdue ? -1 : 1;
    if (a->report.received_at != b->report.received_at)
        return a->report.received_at < b->report.received_at ? -1 : 1;
    return a->report.id < b->report.id ? -1 : a->report.id > b->report.id;
}

int cvd_hub_report_list(struct cvd_hub *h, const struct cvd_principal *p,
                        const struct cvd_report_filter *f, struct cvd_arena *a,
                        struct cvd_report_view **ret, size_t *ret_n, size_t *ret_total,
                        struct cvd_diag *diag)
{
    int rc = cvd__hub_need_handler(p, diag);
    if (rc)
        return rc;
    size_t limit = f && f->limit ? f->limit : CVD_STORE_LIST_DEFAULT;
    if (limit > CVD_STORE_LIST_MAX)
        return cvd_diag_set(diag, CVD_EINVAL, "limit: at most %d", CVD_STORE_LIST_MAX);
    size_t offset = f ? f->offset : 0;
    /* Urgency depends on the clock, not on a column, so every matching report is read (as
     * a summary, in pages of CVD_STORE_LIST_MAX) and ordered in memory, up to
     * CVD_HUB_INBOX_MAX; a larger inbox is refused with advice rather than shown partly. */
    struct cvd_store_report_filter sf = {
        .states = f && !f->any_state ? CVD_STORE_STATE_BIT(f->state) : 0,
        .order = CVD_STORE_ORDER_RECEIVED_ASC,
        .summary = true,
        .limit = CVD_STORE_LIST_MAX,
    };
    struct cvd_store_tx *tx;
    int64_t matching = 0;
    if ((rc = cvd_store_read_begin(h->store, &tx, diag)))
        return rc;
    int64_t now = cvd_store_tx_now(tx);
    rc = cvd_store_report_count(tx, &sf, &matching);
    if (rc == 0 && matching > CVD_HUB_INBOX_MAX) {
        cvd_store_read_end(tx);
        return cvd_diag_set(diag, CVD_ELIMIT, "%lld reports match, more than %d: filter by state",
                            (long long)matching, CVD_HUB_INBOX_MAX);
    }
    struct cvd_report_view *vs = NULL;
    if (rc == 0 && matching > 0) {
        vs = cvd_arena_alloc_array(a, (size_t)matching, sizeof(*vs));
        if (vs == NULL)
            rc = CVD_ENOMEM;
    }
    size_t kept = 0;
    for (size_t seen = 0; rc == 0 && seen < (size_t)matching;) {
        struct cvd_report *rs = NULL;
        size_t n = 0;
        sf.offset = seen;
        rc = cvd_store_report_list(tx, &sf, a, &rs, &n);
        for (size_t i = 0; rc == 0 && i < n && kept < (size_t)matching; i++) {
            memset(&vs[kept], 0, sizeof(vs[kept]));
            vs[kept].report = rs[i];
            rc = fill_view(h, tx, false, now, a, &vs[kept]);
            if (rc == 0 && (!f || !f->overdue_only || vs[kept].overdue))
                kept++;
        }
        if (n == 0)
            break; /* the snapshot cannot shrink, but never loop on an empty page */
        seen += n;
    }
    cvd_store_read_end(tx);
    if (rc)
        return cvd_diag_set(diag, rc, "cannot list reports");
    if (kept > 1)
        qsort(vs, kept, sizeof(*vs), by_urgency);
    *ret_total = kept;
    *ret = offset < kept ? vs + offset : NULL;
    *ret_n = offset < kept ? (kept - offset < limit ? kept - offset : limit) : 0;
    return 0;
}

/* ---- actions ---- */

struct act_args {
    struct cvd_hub *h;
    const struct cvd_principal *p;
    struct cvd_str tracking_id;
    enum cvd_report_action act;
    const struct cvd_report_act_args *args;
    struct cvd_arena *a;
    const char *field;
    int64_t report_id;
};

/* What the reporter is told of each outcome (INV09), before the coordinator's own note. */
static const char *outcome_text(enum cvd_report_action act)
{
    switch (act) {
    case CVD_REPORT_ACKNOWLEDGE:
        return "A coordinator has acknowledged your report.";
    case CVD_REPORT_VALIDATE:
        return "Your report has been validated: it describes a vulnerability we will handle.";
    case CVD_REPORT_INVALIDATE:
        return "Your report has been found invalid";
    case CVD_REPORT_MARK_DUPLICATE:
        return "Your report describes a vulnerability already reported to us; it is handled "
               "together with the earlier report.";
    case CVD_REPORT_ACCEPT:
        return "Your report has been accepted for coordination.";
    case CVD_REPORT_DEFER:
        return "Handling of your report has been deferred.";
    case CVD_REPORT_CLOSE:
        return "Your report has been closed.";
    default:
        return NULL;
    }
}

static int act_fail(struct act_args *x, struct cvd_store_tx *tx, const char *field, int rc,
                    const char *msg)
{
    x->field = field;
    return cvd_diag_set(cvd_store_tx_diag(tx), rc, "%s", msg);
}

/* Validate: join the named case or create one (EV10). */
static int attach_case(struct act_args *x, struct cvd_store_tx *tx, struct cvd_report *r)
{
    const struct cvd_report_act_args *g = x->args;
    struct cvd_case c;
    int rc;
    if (g && g->case_id.len) {
        rc = cvd_store_case_get_by_case_id(tx, g->case_id, x->a, &c);
        if (rc == CVD_ENOTFOUND)
            return act_fail(x, tx, "case_id", rc, "case_id: no such case");
        if (rc)
            return rc;
        if (c.state == CVD_CASE_CLOSED)
            return act_fail(x, tx, "case_id", CVD_ESTATE,
                            "case_id: the case is closed; reopen it first");
        r->case_id = c.id;
        return 0;
    }
    struct cvd_str title = g && g->case_title.len ? g->case_title : r->title;
    if ((rc = cvd_text_check(title, 200, CVD_TEXT_REQUIRED, "case_title", cvd_store_tx_diag(tx)))) {
        x->field = "case_title";
        return rc;
    }
    c = (struct cvd_case){.title = title, .state = CVD_CASE_VALID, .tlp = r->tlp};
    char case_id[CVD_STORE_ID_MAX];
    if ((rc = cvd_store_case_insert(tx, &c, &r->case_id, case_id)) ||
        (rc = cvd__hub_case_founded(tx, x->p, r->case_id, x->a)))
        return rc;
    return cvd__hub_event(
        tx, x->p, CVD_EVENT_CASE_CREATED, "case", r->case_id, NULL,
        cvd_case_state_name(CVD_CASE_VALID),
        event_data(x->a, "case_id", cvd_str_from_cstr(case_id), "report", r->tracking_id));
}

/* Mark duplicate: link to the original and join its case. */
static int link_duplicate(struct act_args *x, struct cvd_store_tx *tx, struct cvd_report *r)
{
    const struct cvd_report_act_args *g = x->args;
    struct cvd_report o;
    if (g == NULL || g->duplicate_of.len == 0)
        return act_fail(x, tx, "duplicate_of", CVD_EMISSING,
                        "duplicate_of: the original report's tracking id is required");
    int rc = cvd_store_report_get_by_tracking_id(tx, g->duplicate_of, x->a, &o);
    if (rc == CVD_ENOTFOUND)
        return act_fail(x, tx, "duplicate_of", rc, "duplicate_of: no such report");
    if (rc)
        return rc;
    if (o.id == r->id)
        return act_fail(x, tx, "duplicate_of", CVD_EINVAL,
                        "duplicate_of: a report cannot duplicate itself");
    if (o.duplicate_of != 0)
        return act_fail(x, tx, "duplicate_of", CVD_EINVAL,
                        "duplicate_of: that report is itself a duplicate; name its original");
    r->duplicate_of = o.id;
    if (o.case_id)
        r->case_id = o.case_id;
    return 0;
}

/* Accepting a report accepts its case (EV07). */
static int follow_case(struct act_args *x, struct cvd_store_tx *tx, const struct cvd_report *r)
{
    if (r->case_id == 0)
        return 0;
    struct cvd_case c;
    enum cvd_case_action cact;
    int rc = cvd_store_case_get(tx, r->case_id, x->a, &c);
    if (rc)
        return rc;
    rc = cvd_report_case_action(x->act, c.state, &cact, cvd_store_tx_diag(tx));
    if (rc <= 0)
        return rc;
    enum cvd_case_state before = c.state;
    if ((rc = cvd_case_apply(&c, cact, cvd_store_tx_now(tx), cvd_store_tx_diag(tx))) ||
        (rc = cvd_store_case_update(tx, &c)))
        return rc;
    return cvd__hub_event(tx, x->p, cvd_case_action_event(cact), "case", c.id,
                          cvd_case_state_name(before), cvd_case_state_name(c.state), CVD_STR(""));
}

static int act_write(struct cvd_store_tx *tx, void *arg)
{
    struct act_args *x = arg;
    struct cvd_diag *d = cvd_store_tx_diag(tx);
    const struct cvd_report_act_args *g = x->args;
    struct cvd_report r;
    int rc = read_report(tx, x->p, x->tracking_id, x->a, &r, d);
    if (rc)
        return rc;
    x->report_id = r.id;
    enum cvd_report_state before = r.state;
    /* The state machine speaks first ("cannot acknowledge a report that is closed"); only
     * an allowed acknowledgement can be a repeated one. */
    enum cvd_report_state next;
    if ((rc = cvd_report_next(r.state, x->act, &next, d)))
        return rc;
    if (x->act == CVD_REPORT_ACKNOWLEDGE && r.acked_at != 0)
        return act_fail(x, tx, NULL, CVD_ESTATE, "the report is already acknowledged");
    enum cvd_invalid_reason reason = g ? g->reason : CVD_INVALID_NONE;
    if ((rc = cvd_report_reason_check(x->act, reason, d))) {
        x->field = "reason";
        return rc;
    }
    struct cvd_str note = g ? g->message : CVD_STR("");
    bool needs_text = x->act == CVD_REPORT_REQUEST_INFO || x->act == CVD_REPORT_ADD_INFO ||
                      x->act == CVD_REPORT_STATUS_UPDATE;
    if (needs_text || note.len) {
        if ((rc = cvd_text_check(note, 64 * 1024,
                                 CVD_TEXT_MULTILINE | (needs_text ? CVD_TEXT_REQUIRED : 0),
                                 "message", d))) {
            x->field = "message";
            return rc;
        }
    }
    if ((rc = cvd_report_apply(&r, x->act, reason, cvd_store_tx_now(tx), d)))
        return rc;
    if (x->act == CVD_REPORT_VALIDATE && r.case_id == 0 && (rc = attach_case(x, tx, &r)))
        return rc;
    if (x->act == CVD_REPORT_MARK_DUPLICATE && (rc = link_duplicate(x, tx, &r)))
        return rc;
    if ((rc = follow_case(x, tx, &r)) || (rc = cvd_store_report_update(tx, &r)))
        return rc;
    /* The message the reporter is owed, with the coordinator's note. */
    const char *outcome = outcome_text(x->act);
    if (outcome || note.len) {
        struct cvd_buf b;
        int brc = 0;
        cvd_buf_init(&b, 80 * 1024);
        if (outcome) {
            brc = cvd_buf_add_cstr(&b, outcome);
            if (brc == 0 && x->act == CVD_REPORT_INVALIDATE)
                brc = cvd_buf_printf(&b, " (%s).", cvd_invalid_reason_name(reason));
            if (brc == 0 && note.len)
                brc = cvd_buf_add(&b, "\n\n", 2);
        }
        if (brc == 0)
            brc = cvd_buf_add_str(&b, note);
        char *body = brc ? NULL : cvd_arena_strndup(x->a, b.ptr, b.len);
        size_t blen = b.len;
        cvd_buf_release(&b);
        if (body == NULL)
            return CVD_ENOMEM;
        enum cvd_author who = cvd_report_action_actor(x->act);
        struct cvd_message m = {.report_id = r.id,
                                .case_id = 0,
                                .author = who,
                                .author_user = x->p->kind == CVD_PRINCIPAL_USER ? x->p->user_id : 0,
                                .body = {body, blen},
                                .tlp = r.tlp};
        int64_t mid;
        if ((rc = cvd_store_message_add(tx, &m, &mid)))
            return rc;
    }
    struct cvd_str data = CVD_STR("");
    if (x->act == CVD_REPORT_INVALIDATE)
        data = event_data(x->a, "reason", cvd_str_from_cstr(cvd_invalid_reason_name(reason)), NULL,
                          CVD_STR(""));
    else if (x->act == CVD_REPORT_MARK_DUPLICATE)
        data = event_data(x->a, "duplicate_of", g->duplicate_of, NULL, CVD_STR(""));
    return cvd__hub_event(tx, x->p, cvd_report_action_event(x->act), "report", r.id,
                          cvd_report_state_name(before), cvd_report_state_name(r.state), data);
}

int cvd_hub_report_act(struct cvd_hub *h, const struct cvd_principal *p, struct cvd_str tracking_id,
                       enum cvd_report_action act, const struct cvd_report_act_args *args,
                       struct cvd_arena *a, struct cvd_report_view *ret, const char **ret_field,
                       struct cvd_diag *diag)
{
    if (p == NULL || p->kind == CVD_PRINCIPAL_ANONYMOUS)
        return cvd_diag_set(diag, CVD_EAUTH, "log in first");
    /* The reporter may add information; everything else is the coordinator's. */
    if (act == CVD_REPORT_ADD_INFO) {
        if (p->kind != CVD_PRINCIPAL_REPORTER && cvd__hub_is_handler(p))
            return cvd_diag_set(diag, CVD_EDENIED,
                                "add_info is the reporter's; coordinators use request_info or "
                                "status_update");
    } else {
        int rc = cvd__hub_need_handler(p, diag);
        if (rc)
            return rc;
    }
    struct act_args x = {h, p, tracking_id, act, args, a, NULL, 0};
    int rc = cvd_store_write(h->store, act_write, &x, diag);
    if (rc) {
        if (ret_field)
            *ret_field = x.field;
        return rc;
    }
    return ret ? cvd_hub_report_get(h, p, tracking_id, a, ret, diag) : 0;
}

int cvd_hub_attachment_get(struct cvd_hub *h, const struct cvd_principal *p,
                           struct cvd_str tracking_id, int64_t attachment_id, struct cvd_arena *a,
                           struct cvd_attachment_info *ret, struct cvd_str *ret_data,
                           struct cvd_diag *diag)
{
    if (p == NULL || p->kind == CVD_PRINCIPAL_ANONYMOUS)
        return cvd_diag_set(diag, CVD_EAUTH, "log in first");
    struct cvd_store_tx *tx;
    struct cvd_report r;
    struct cvd_store_attachment att;
    int rc = cvd_store_read_begin(h->store, &tx, diag);
    if (rc)
        return rc;
    rc = read_report(tx, p, tracking_id, a, &r, diag);
    if (rc == 0) {
        rc = cvd_store_attachment_get(tx, attachment_id, a, &att);
        if (rc == 0 && att.report_id != r.id)
            rc = CVD_ENOTFOUND;
        if (rc == CVD_ENOTFOUND)
            cvd_diag_set(diag, rc, "no such attachment");
    }
    cvd_store_read_end(tx);
    if (rc)
        return rc;
    *ret = (struct cvd_attachment_info){
        .id = att.id, .name = att.name, .content_type = att.content_type, .size = att.size};
    memcpy(ret->sha256, att.sha256, sizeof(att.sha256));
    *ret_data = att.data;
    return 0;
}
