/* The labelled case discussion (issue 5 items 4 and 5): posting a message with its TLP label
 * and explicit audience, and the two read paths over messages — a case's list and search
 * across cases — plus the mails and webhooks a message causes. Every read, and every decision
 * to notify someone, is cvd_tlp_may_read on the reader cvd__hub_case_reader gathers: one
 * policy, fail closed. */
#include "hub-int.h"

#include <stdio.h>
#include <string.h>

#define BODY_MAX (64 << 10)

static struct cvd_tlp_item item_of(const struct cvd_store_case_message *m)
{
    return (struct cvd_tlp_item){.label = m->tlp,
                                 .source_user = m->author_user,
                                 .source_org = m->author_org,
                                 .audience_orgs = m->audience_orgs,
                                 .n_audience_orgs = m->n_audience_orgs,
                                 .audience_users = m->audience_users,
                                 .n_audience_users = m->n_audience_users};
}

static bool may_read(const struct cvd_tlp_reader *r, const struct cvd_store_case_message *m)
{
    struct cvd_tlp_item it = item_of(m);
    return cvd_tlp_may_read(r, &it) == CVD_TLP_ALLOW;
}

static struct cvd_case_message view_of(const struct cvd_store_case_message *m)
{
    return (struct cvd_case_message){.id = m->id,
                                     .thread_id = m->thread_id,
                                     .author_user = m->author_user,
                                     .author_org = m->author_org,
                                     .tlp = m->tlp,
                                     .body = m->body,
                                     .created_at = m->created_at,
                                     .audience_orgs = m->audience_orgs,
                                     .n_audience_orgs = m->n_audience_orgs,
                                     .audience_users = m->audience_users,
                                     .n_audience_users = m->n_audience_users};
}

static bool has(const int64_t *ids, size_t n, int64_t id)
{
    for (size_t i = 0; i < n; i++) {
        if (ids[i] == id)
            return true;
    }
    return false;
}

/* ---- posting ---- */

struct post_args {
    const struct cvd_principal *p;
    const struct cvd_case_message_input *in;
    struct cvd_arena *a;
    const char *field;
    int64_t id;
};

static int post_fail(struct post_args *x, struct cvd_store_tx *tx, const char *field, int code,
                     const char *msg)
{
    x->field = field;
    return cvd_diag_set(cvd_store_tx_diag(tx), code, "%s", msg);
}

/* Check the audience against the case: organisations must be engaged participants, named
 * users must be on one of their teams. */
static int check_audience(struct post_args *x, struct cvd_store_tx *tx, int64_t case_id)
{
    const struct cvd_case_message_input *in = x->in;
    for (size_t i = 0; i < in->n_audience_orgs; i++) {
        struct cvd_participant q;
        int rc = cvd_store_participant_get_org(tx, case_id, in->audience_orgs[i], x->a, &q);
        if (rc == CVD_ENOTFOUND || (rc == 0 && !q.engaged))
            return post_fail(x, tx, "audience_orgs", CVD_EINVAL,
                             "audience_orgs: every organisation must be an engaged participant");
        if (rc)
            return rc;
    }
    for (size_t i = 0; i < in->n_audience_users; i++) {
        int64_t *orgs;
        size_t n;
        int rc = cvd_store_team_orgs(tx, case_id, in->audience_users[i], x->a, &orgs, &n);
        if (rc)
            return rc;
        if (n == 0)
            return post_fail(x, tx, "audience_users", CVD_EINVAL,
                             "audience_users: every user must be on a case team");
    }
    return 0;
}

/* Mail everyone on an engaged participant's team who may read the message (INV11: not a
 * participant that closed or left), except its author; webhooks of the audience's
 * organisations for labels below RED. */
static int notify(struct cvd_store_tx *tx, struct post_args *x, const struct cvd_case *c,
                  const struct cvd_store_case_message *m)
{
    struct cvd_participant *ps;
    size_t n;
    int rc = cvd_store_participant_list(tx, c->id, x->a, &ps, &n);
    if (rc)
        return rc;
    char key[48], subject[96], path[64];
    (void)snprintf(key, sizeof(key), "case-message:%lld", (long long)m->id);
    (void)snprintf(subject, sizeof(subject), "New message in case %.*s", (int)c->case_id.len,
                   c->case_id.ptr);
    (void)snprintf(path, sizeof(path), "/cases/%.*s", (int)c->case_id.len, c->case_id.ptr);
    struct cvd__hub_mail mail = {.key = cvd_str_from_cstr(key),
                                 .tlp = m->tlp,
                                 .subject = cvd_str_from_cstr(subject),
                                 .body = m->body,
                                 .path = cvd_str_from_cstr(path),
                                 .case_id = c->id,
                                 .object_kind = "case_message",
                                 .object_id = m->id};
    for (size_t i = 0; i < n; i++) {
        if (!cvd_participant_may_receive(&ps[i], false))
            continue;
        int64_t *team;
        size_t n_team;
        if ((rc = cvd_store_team_list(tx, ps[i].id, x->a, &team, &n_team)))
            return rc;
        for (size_t j = 0; j < n_team; j++) {
            if (team[j] == m->author_user)
                continue;
            struct cvd_principal who = {.kind = CVD_PRINCIPAL_USER, .user_id = team[j]};
            struct cvd_tlp_reader r;
            if ((rc = cvd__hub_case_reader(tx, &who, c->id, x->a, &r)))
                return rc;
            if (may_read(&r, m) && (rc = cvd__hub_notify_user(tx, team[j], &mail, NULL)))
                return rc;
        }
        /* An organisation's webhook is the organisation reading: never RED (named users
         * only), and only an organisation the label lets read it. */
        struct cvd_tlp_item it = item_of(m);
        if (cvd_tlp_org_may_read(ps[i].org_id, &it) == CVD_TLP_ALLOW) {
            char data[160];
            int len = snprintf(
                data, sizeof(data), "{\"case\":\"%.*s\",\"message\":%lld,\"tlp\":\"%s\"}",
                (int)c->case_id.len, c->case_id.ptr, (long long)m->id, cvd_tlp_name(m->tlp));
            struct cvd__hub_hook_event e = {.key = cvd_str_from_cstr(key),
                                            .event = "case.message_added",
                                            .tlp = m->tlp,
                                            .path = cvd_str_from_cstr(path),
                                            .case_id = c->id,
                                            .object_kind = "case_message",
                                            .object_id = m->id,
                                            .data = {data, len > 0 ? (size_t)len : 0}};
            if ((rc = cvd__hub_notify_webhooks(tx, ps[i].org_id, &e, NULL)))
                return rc;
        }
    }
    return 0;
}

static int post_write(struct cvd_store_tx *tx, void *arg)
{
    struct post_args *x = arg;
    const struct cvd_case_message_input *in = x->in;
    struct cvd_diag *d = cvd_store_tx_diag(tx);
    struct cvd_case c;
    int rc = cvd_store_case_get_by_case_id(tx, in->case_id, x->a, &c);
    if (rc == CVD_ENOTFOUND)
        return cvd_diag_set(d, rc, "no such case");
    if (rc || (rc = cvd__hub_case_visible(tx, x->p, c.id, x->a, d)))
        return rc;
    /* Only a case team member speaks in a case: for one of its teams' organisations. */
    struct cvd_tlp_reader r;
    if ((rc = cvd__hub_case_reader(tx, x->p, c.id, x->a, &r)))
        return rc;
    if (r.n_team_orgs == 0)
        return post_fail(x, tx, NULL, CVD_EDENIED,
                         "only a member of a participant's case team posts in a case");
    int64_t org = r.team_orgs[0];
    struct cvd_participant self;
    if ((rc = cvd_store_participant_get_org(tx, c.id, org, x->a, &self)))
        return rc;
    if (!cvd_participant_may_send(&self, false))
        return post_fail(x, tx, NULL, CVD_ESTATE,
                         "a participant that closed the case or left it "
                         "sends nothing to the case (INV11)");
    if ((rc = check_audience(x, tx, c.id)))
        return rc;
    if (in->thread_id) {
        /* replies go to a first message of the same case */
        struct cvd_store_case_message *all;
        size_t n;
        bool found = false;
        if ((rc = cvd_store_case_message_list(tx, c.id, CVD_STORE_LIST_MAX, 0, x->a, &all, &n)))
            return rc;
        for (size_t i = 0; i < n && !found; i++)
            found = all[i].id == in->thread_id && all[i].thread_id == 0 && may_read(&r, &all[i]);
        if (!found)
            return post_fail(x, tx, "thread_id", CVD_EINVAL,
                             "thread_id: not a thread of this case you may read");
    }
    /* The author's organisation is always in an organisation audience. */
    int64_t orgs[CVD_STORE_AUDIENCE_MAX];
    size_t n_orgs = 0;
    for (size_t i = 0; i < in->n_audience_orgs && n_orgs + 1 < CVD_STORE_AUDIENCE_MAX; i++) {
        if (!has(orgs, n_orgs, in->audience_orgs[i]))
            orgs[n_orgs++] = in->audience_orgs[i];
    }
    if ((in->tlp == CVD_TLP_AMBER || in->tlp == CVD_TLP_AMBER_STRICT) && !has(orgs, n_orgs, org))
        orgs[n_orgs++] = org;
    int64_t users[CVD_STORE_AUDIENCE_MAX];
    size_t n_users = 0;
    for (size_t i = 0; i < in->n_audience_users && n_users < CVD_STORE_AUDIENCE_MAX; i++) {
        if (!has(users, n_users, in->audience_users[i]))
            users[n_users++] = in->audience_users[i];
    }
    struct cvd_store_case_message m = {.case_id = c.id,
                                       .thread_id = in->thread_id,
                                       .author_user = x->p->user_id,
                                       .author_org = org,
                                       .tlp = in->tlp,
                                       .body = in->body,
                                       .audience_orgs = orgs,
                                       .n_audience_orgs = n_orgs,
                                       .audience_users = users,
                                       .n_audience_users = n_users};
    if ((rc = cvd_store_case_message_add(tx, &m, &x->id)))
        return rc;
    m.id = x->id;
    char data[64];
    int len = snprintf(data, sizeof(data), "{\"tlp\":\"%s\"}", cvd_tlp_name(in->tlp));
    if ((rc = cvd__hub_event(tx, x->p, "message.posted", "case_message", x->id, NULL, NULL,
                             (struct cvd_str){data, len > 0 ? (size_t)len : 0})))
        return rc;
    return notify(tx, x, &c, &m);
}

int cvd_hub_case_message_post(struct cvd_hub *h, const struct cvd_principal *p,
                              const struct cvd_case_message_input *in, int64_t *ret_id,
                              const char **ret_field, struct cvd_diag *diag)
{
    if (ret_field)
        *ret_field = NULL;
    if (p == NULL || p->kind != CVD_PRINCIPAL_USER)
        return cvd_diag_set(diag, CVD_EAUTH, "sign in to post in a case");
    int rc;
    const char *field = NULL;
    if ((unsigned)in->tlp > (unsigned)CVD_TLP_RED) {
        field = "tlp";
        rc = cvd_diag_set(diag, CVD_EINVAL, "tlp: one of CLEAR, GREEN, AMBER, AMBER+STRICT, RED");
    } else if ((rc = cvd_text_check(in->body, BODY_MAX, CVD_TEXT_MULTILINE | CVD_TEXT_REQUIRED,
                                    "body", diag))) {
        field = "body";
    } else if (in->n_audience_orgs + in->n_audience_users >= CVD_STORE_AUDIENCE_MAX) {
        field = "audience_orgs";
        rc = cvd_diag_set(diag, CVD_EINVAL, "audience_orgs: at most 255 organisations and users");
    } else if (in->tlp == CVD_TLP_RED && in->n_audience_users == 0) {
        field = "audience_users";
        rc = cvd_diag_set(diag, CVD_EINVAL,
                          "audience_users: a RED message names the users who may read it");
    } else if (in->tlp != CVD_TLP_RED && in->n_audience_users > 0) {
        field = "audience_users";
        rc = cvd_diag_set(diag, CVD_EINVAL, "audience_users: only a RED message names users");
    } else if (in->tlp != CVD_TLP_AMBER && in->tlp != CVD_TLP_AMBER_STRICT &&
               in->n_audience_orgs > 0) {
        field = "audience_orgs";
        rc = cvd_diag_set(diag, CVD_EINVAL,
                          "audience_orgs: only an AMBER or AMBER+STRICT message names "
                          "organisations");
    }
    if (rc) {
        if (ret_field)
            *ret_field = field;
        return rc;
    }
    struct cvd_arena a;
    cvd_arena_init(&a, 0);
    struct post_args x = {.p = p, .in = in, .a = &a};
    rc = cvd_store_write(h->store, post_write, &x, diag);
    cvd_arena_release(&a);
    if (ret_field)
        *ret_field = rc ? x.field : NULL;
    if (rc == 0 && ret_id)
        *ret_id = x.id;
    return rc;
}

/* ---- reading ---- */

int cvd_hub_case_messages(struct cvd_hub *h, const struct cvd_principal *p, struct cvd_str case_id,
                          struct cvd_arena *a, struct cvd_case_message **ret, size_t *ret_n,
                          struct cvd_diag *diag)
{
    *ret = NULL;
    *ret_n = 0;
    if (p == NULL || p->kind == CVD_PRINCIPAL_ANONYMOUS || p->kind == CVD_PRINCIPAL_REPORTER)
        return cvd_diag_set(diag, CVD_EAUTH, "sign in to see a case");
    struct cvd_store_tx *tx;
    int rc = cvd_store_read_begin(h->store, &tx, diag);
    if (rc)
        return rc;
    struct cvd_case c;
    struct cvd_tlp_reader r;
    struct cvd_store_case_message *ms = NULL;
    size_t n = 0;
    int64_t last_read = 0;
    rc = cvd_store_case_get_by_case_id(tx, case_id, a, &c);
    if (rc == CVD_ENOTFOUND)
        rc = cvd_diag_set(diag, rc, "no such case");
    if (rc == 0 && (rc = cvd__hub_case_visible(tx, p, c.id, a, diag)) == 0 &&
        (rc = cvd__hub_case_reader(tx, p, c.id, a, &r)) == 0 &&
        (rc = cvd_store_read_mark_get(tx, p->user_id, c.id, &last_read)) == 0)
        rc = cvd_store_case_message_list(tx, c.id, CVD_STORE_LIST_MAX, 0, a, &ms, &n);
    cvd_store_read_end(tx);
    struct cvd_case_message *v = n ? cvd_arena_alloc_array(a, n, sizeof(*v)) : NULL;
    if (rc == 0 && n && v == NULL)
        rc = CVD_ENOMEM;
    size_t k = 0;
    for (size_t i = 0; rc == 0 && i < n; i++) {
        if (may_read(&r, &ms[i])) {
            v[k] = view_of(&ms[i]);
            v[k++].unread = ms[i].id > last_read && ms[i].author_user != p->user_id;
        }
    }
    if (rc == 0) {
        *ret = v;
        *ret_n = k;
    }
    return rc;
}

int cvd_hub_search(struct cvd_hub *h, const struct cvd_principal *p, struct cvd_str query,
                   struct cvd_arena *a, struct cvd_search_hit **ret, size_t *ret_n,
                   struct cvd_diag *diag)
{
    *ret = NULL;
    *ret_n = 0;
    if (p == NULL || p->kind != CVD_PRINCIPAL_USER)
        return cvd_diag_set(diag, CVD_EAUTH, "sign in to search");
    struct cvd_store_tx *tx;
    int rc = cvd_store_read_begin(h->store, &tx, diag);
    if (rc)
        return rc;
    /* Only the cases where the searcher is on a team: a handler on no team reads nothing
     * labelled, so searching elsewhere could only leak what matched. */
    int64_t *cases = NULL;
    size_t n_cases = 0;
    struct cvd_store_case_message *ms = NULL;
    size_t n = 0;
    if ((rc = cvd_store_team_cases(tx, p->user_id, a, &cases, &n_cases)) == 0) {
        rc = cvd_store_case_message_search(tx, query, cases, n_cases, 4 * CVD_SEARCH_HITS_MAX, a,
                                           &ms, &n);
        if (rc == CVD_EINVAL)
            rc = cvd_diag_set(diag, rc, "q: 1 to %d words, at most %d bytes",
                              CVD_STORE_SEARCH_TERMS_MAX, CVD_STORE_SEARCH_BYTES_MAX);
    }
    struct cvd_search_hit *hits = n ? cvd_arena_alloc_array(a, n, sizeof(*hits)) : NULL;
    if (rc == 0 && n && hits == NULL)
        rc = CVD_ENOMEM;
    size_t k = 0;
    int64_t reader_case = 0;
    struct cvd_tlp_reader r = {0};
    struct cvd_case c = {0};
    for (size_t i = 0; rc == 0 && i < n && k < CVD_SEARCH_HITS_MAX; i++) {
        if (ms[i].case_id != reader_case) {
            if ((rc = cvd__hub_case_reader(tx, p, ms[i].case_id, a, &r)) ||
                (rc = cvd_store_case_get(tx, ms[i].case_id, a, &c)))
                break;
            reader_case = ms[i].case_id;
        }
        if (may_read(&r, &ms[i]))
            hits[k++] = (struct cvd_search_hit){.case_id = c.case_id, .message = view_of(&ms[i])};
    }
    cvd_store_read_end(tx);
    if (rc == 0) {
        *ret = hits;
        *ret_n = k;
    }
    return rc;
}

struct mark_args {
    const struct cvd_principal *p;
    struct cvd_str case_id;
    int64_t up_to;
    struct cvd_arena *a;
};

static int mark_write(struct cvd_store_tx *tx, void *arg)
{
    struct mark_args *x = arg;
    struct cvd_case c;
    int rc = cvd_store_case_get_by_case_id(tx, x->case_id, x->a, &c);
    if (rc == CVD_ENOTFOUND)
        return cvd_diag_set(cvd_store_tx_diag(tx), rc, "no such case");
    if (rc || (rc = cvd__hub_case_visible(tx, x->p, c.id, x->a, cvd_store_tx_diag(tx))))
        return rc;
    return cvd_store_read_mark_put(tx, x->p->user_id, c.id, x->up_to);
}

int cvd_hub_case_mark_read(struct cvd_hub *h, const struct cvd_principal *p, struct cvd_str case_id,
                           int64_t up_to, struct cvd_diag *diag)
{
    if (p == NULL || p->kind != CVD_PRINCIPAL_USER)
        return cvd_diag_set(diag, CVD_EAUTH, "sign in to read a case");
    if (up_to < 0)
        return cvd_diag_set(diag, CVD_EINVAL, "up_to: a message id");
    struct cvd_arena a;
    cvd_arena_init(&a, 0);
    struct mark_args x = {.p = p, .case_id = case_id, .up_to = up_to, .a = &a};
    int rc = cvd_store_write(h->store, mark_write, &x, diag);
    cvd_arena_release(&a);
    return rc;
}
