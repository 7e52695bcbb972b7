/* Participants of a case and their case teams (issue 5 item 1; standards.md §2.6 EV10, EV12,
 * EV19): who a case involves, who of each organisation works on it, and the one place that
 * gathers a reader's TLP facts for a case (cvd__hub_case_reader). The rules of the machines
 * are the model's (cvd/coord.h); this file checks who asks and writes with the audit event. */
#include "hub-int.h"

#include <stdio.h>
#include <string.h>

/* ---- facts about the asker ---- */

/* The user's memberships, or none for any other principal. */
static int memberships(struct cvd_store_tx *tx, const struct cvd_principal *p, struct cvd_arena *a,
                       struct cvd_membership **ret, size_t *ret_n)
{
    *ret = NULL;
    *ret_n = 0;
    if (p == NULL || p->kind != CVD_PRINCIPAL_USER)
        return 0;
    return cvd_store_membership_list_user(tx, p->user_id, a, ret, ret_n);
}

static bool is_org_admin(const struct cvd_membership *ms, size_t n, int64_t org_id)
{
    for (size_t i = 0; i < n; i++) {
        if (ms[i].org_id == org_id && ms[i].role == CVD_ROLE_ADMIN)
            return true;
    }
    return false;
}

int cvd__hub_case_reader(struct cvd_store_tx *tx, const struct cvd_principal *p, int64_t case_id,
                         struct cvd_arena *a, struct cvd_tlp_reader *ret)
{
    *ret = (struct cvd_tlp_reader){0};
    if (p == NULL || p->kind != CVD_PRINCIPAL_USER)
        return 0; /* no implicit access: anonymous, reporters (their secret), the system */
    int64_t *teams = NULL;
    size_t n_teams = 0;
    struct cvd_membership *ms = NULL;
    size_t n_ms = 0;
    int rc = cvd_store_team_orgs(tx, case_id, p->user_id, a, &teams, &n_teams);
    if (rc == 0)
        rc = memberships(tx, p, a, &ms, &n_ms);
    if (rc)
        return rc;
    int64_t *admin = n_ms ? cvd_arena_alloc_array(a, n_ms, sizeof(*admin)) : NULL;
    if (n_ms && admin == NULL)
        return CVD_ENOMEM;
    size_t n_admin = 0;
    for (size_t i = 0; i < n_ms; i++) {
        if (ms[i].role == CVD_ROLE_ADMIN)
            admin[n_admin++] = ms[i].org_id;
    }
    *ret = (struct cvd_tlp_reader){.user_id = p->user_id,
                                   .team_orgs = teams,
                                   .n_team_orgs = n_teams,
                                   .admin_orgs = admin,
                                   .n_admin_orgs = n_admin,
                                   .community = n_ms > 0};
    return 0;
}

int cvd__hub_case_visible(struct cvd_store_tx *tx, const struct cvd_principal *p, int64_t case_id,
                          struct cvd_arena *a, struct cvd_diag *diag)
{
    if (cvd__hub_is_handler(p))
        return 0;
    struct cvd_tlp_reader r;
    int rc = cvd__hub_case_reader(tx, p, case_id, a, &r);
    if (rc)
        return rc;
    if (r.n_team_orgs == 0)
        return cvd_diag_set(diag, CVD_ENOTFOUND, "no such case");
    return 0;
}

/* The coordinator organisation a principal acts for: the user's first coordinator
 * membership; for the system (CLI, demo), the first coordinator organisation. 0 when none. */
static int coordinator_org(struct cvd_store_tx *tx, const struct cvd_principal *p,
                           struct cvd_arena *a, int64_t *ret)
{
    *ret = 0;
    if (p->kind == CVD_PRINCIPAL_USER) {
        struct cvd_membership *ms;
        size_t n;
        int rc = memberships(tx, p, a, &ms, &n);
        for (size_t i = 0; rc == 0 && i < n && *ret == 0; i++) {
            if (ms[i].org_kind == CVD_ORG_COORDINATOR)
                *ret = ms[i].org_id;
        }
        return rc;
    }
    struct cvd_org *orgs;
    size_t n;
    int rc = cvd_store_org_list(tx, a, &orgs, &n);
    for (size_t i = 0; rc == 0 && i < n && *ret == 0; i++) {
        if (orgs[i].kind == CVD_ORG_COORDINATOR)
            *ret = orgs[i].id;
    }
    return rc;
}

static struct cvd_str participant_data(struct cvd_arena *a, int64_t org_id, int64_t user_id)
{
    char buf[64];
    int n = user_id ? snprintf(buf, sizeof(buf), "{\"org\":%lld,\"user\":%lld}", (long long)org_id,
                               (long long)user_id)
                    : snprintf(buf, sizeof(buf), "{\"org\":%lld}", (long long)org_id);
    char *s = n > 0 ? cvd_arena_strndup(a, buf, (size_t)n) : NULL;
    return s ? (struct cvd_str){s, (size_t)n} : CVD_STR("");
}

int cvd__hub_case_founded(struct cvd_store_tx *tx, const struct cvd_principal *p, int64_t case_id,
                          struct cvd_arena *a)
{
    int64_t org = 0;
    int rc = coordinator_org(tx, p, a, &org);
    if (rc || org == 0)
        return rc; /* no coordinator organisation yet: handlers still see the case */
    int64_t now = cvd_store_tx_now(tx);
    struct cvd_participant part = {.case_id = case_id,
                                   .org_id = org,
                                   .roles = CVD_CASE_ROLE_COORDINATOR,
                                   .rm = CVD_RM_VALID,
                                   .engaged = true,
                                   .invited_at = now,
                                   .delivered_at = now};
    if ((rc = cvd_store_participant_add(tx, &part, &part.id)))
        return rc;
    if (p->kind == CVD_PRINCIPAL_USER && (rc = cvd_store_team_add(tx, part.id, p->user_id, now)))
        return rc;
    return cvd__hub_event(tx, p, CVD_EVENT_PARTICIPANT_INVITED, "participant", part.id, NULL,
                          cvd_rm_state_name(part.rm), participant_data(a, org, p->user_id));
}

/* ---- reading ---- */

static int find_case(struct cvd_store_tx *tx, const struct cvd_principal *p, struct cvd_str case_id,
                     struct cvd_arena *a, struct cvd_case *ret, struct cvd_diag *diag)
{
    int rc = cvd_store_case_get_by_case_id(tx, case_id, a, ret);
    if (rc == CVD_ENOTFOUND)
        return cvd_diag_set(diag, rc, "no such case");
    if (rc)
        return rc;
    return cvd__hub_case_visible(tx, p, ret->id, a, diag);
}

int cvd_hub_participant_list(struct cvd_hub *h, const struct cvd_principal *p,
                             struct cvd_str case_id, struct cvd_arena *a,
                             struct cvd_participant_view **ret, size_t *ret_n,
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
    struct cvd_participant *ps = NULL;
    size_t n = 0;
    if ((rc = find_case(tx, p, case_id, a, &c, diag)) == 0)
        rc = cvd_store_participant_list(tx, c.id, a, &ps, &n);
    struct cvd_participant_view *v = n ? cvd_arena_alloc_array(a, n, sizeof(*v)) : NULL;
    if (rc == 0 && n && v == NULL)
        rc = CVD_ENOMEM;
    for (size_t i = 0; rc == 0 && i < n; i++) {
        struct cvd_org org;
        v[i] = (struct cvd_participant_view){.p = ps[i]};
        if ((rc = cvd_store_org_get(tx, ps[i].org_id, a, &org)) == 0) {
            v[i].org_name = org.name;
            v[i].org_kind = org.kind;
            rc = cvd_store_team_list(tx, ps[i].id, a, &v[i].team, &v[i].n_team);
        }
    }
    cvd_store_read_end(tx);
    if (rc == 0) {
        *ret = v;
        *ret_n = n;
    }
    return rc;
}

/* ---- writing ---- */

enum part_op { OP_INVITE, OP_TEAM_ADD, OP_TEAM_REMOVE, OP_LEAVE };

struct part_args {
    const struct cvd_principal *p;
    struct cvd_hub *h;
    enum part_op op;
    struct cvd_str case_id;
    int64_t org_id;
    int64_t user_id;
    unsigned roles;
    struct cvd_arena *a;
    int64_t id; /* the participant */
};

/* May p invite others into the case: a handler, or a member of an engaged vendor participant's
 * case team (vendors may bring in other vendors). */
static bool may_invite(struct cvd_store_tx *tx, const struct part_args *x, int64_t case_id)
{
    if (cvd__hub_is_handler(x->p))
        return true;
    struct cvd_tlp_reader r;
    if (cvd__hub_case_reader(tx, x->p, case_id, x->a, &r) != 0)
        return false;
    for (size_t i = 0; i < r.n_team_orgs; i++) {
        struct cvd_participant q;
        if (cvd_store_participant_get_org(tx, case_id, r.team_orgs[i], x->a, &q) == 0 &&
            (q.roles & CVD_CASE_ROLE_VENDOR) && q.engaged)
            return true;
    }
    return false;
}

/* Tell every member of the invited organisation, through the outbox, in this write. The mail
 * names the case and the link only: what the case holds is for the portal, under TLP. */
static int notify_invited(struct cvd_store_tx *tx, const struct part_args *x,
                          const struct cvd_case *c)
{
    struct cvd_membership *ms = NULL;
    size_t n = 0;
    int rc = cvd_store_membership_list_org(tx, x->org_id, x->a, &ms, &n);
    if (rc)
        return rc;
    if (n == 0)
        return cvd_diag_set(cvd_store_tx_diag(tx), CVD_ESTATE,
                            "org_id: the organisation has no members to invite");
    char key[64], subject[96], path[64];
    (void)snprintf(key, sizeof(key), "invite:%lld", (long long)x->id);
    (void)snprintf(subject, sizeof(subject), "Invitation to coordinate case %.*s",
                   (int)c->case_id.len, c->case_id.ptr);
    (void)snprintf(path, sizeof(path), "/cases/%.*s", (int)c->case_id.len, c->case_id.ptr);
    struct cvd_str body = CVD_STR(
        "Your organisation has been invited to coordinate the disclosure of a vulnerability.\n"
        "Sign in to the hub to see the case and, if one is proposed, its embargo.\n");
    for (size_t i = 0; i < n; i++) {
        struct cvd__hub_mail m = {.key = cvd_str_from_cstr(key),
                                  .tlp = c->tlp,
                                  .subject = cvd_str_from_cstr(subject),
                                  .body = body,
                                  .path = cvd_str_from_cstr(path),
                                  .case_id = c->id,
                                  .object_kind = "participant",
                                  .object_id = x->id};
        if ((rc = cvd__hub_notify_user(tx, ms[i].user_id, &m, NULL)))
            return rc;
    }
    return 0;
}

static int is_member(struct cvd_store_tx *tx, struct cvd_arena *a, int64_t user_id, int64_t org_id,
                     bool *ret)
{
    struct cvd_membership *ms;
    size_t n;
    *ret = false;
    int rc = cvd_store_membership_list_user(tx, user_id, a, &ms, &n);
    for (size_t i = 0; rc == 0 && i < n; i++)
        *ret = *ret || ms[i].org_id == org_id;
    return rc;
}

static int part_write(struct cvd_store_tx *tx, void *arg)
{
    struct part_args *x = arg;
    struct cvd_diag *d = cvd_store_tx_diag(tx);
    struct cvd_case c;
    int rc = find_case(tx, x->p, x->case_id, x->a, &c, d);
    if (rc)
        return rc;
    int64_t now = cvd_store_tx_now(tx);
    if (x->op == OP_INVITE) {
        if (!may_invite(tx, x, c.id))
            return cvd_diag_set(d, CVD_EDENIED,
                                "only coordinators and the vendors of a case invite others");
        struct cvd_participant part;
        if ((rc = cvd_participant_invite(&part, x->org_id, x->roles, c.state, now, d)))
            return rc;
        part.case_id = c.id;
        rc = cvd_store_participant_add(tx, &part, &x->id);
        if (rc == CVD_EDUP)
            return cvd_diag_set(d, rc, "org_id: the organisation is already a participant");
        if (rc == CVD_ENOTFOUND)
            return cvd_diag_set(d, rc, "org_id: no such organisation");
        if (rc || (rc = notify_invited(tx, x, &c)))
            return rc;
        return cvd__hub_event(tx, x->p, CVD_EVENT_PARTICIPANT_INVITED, "participant", x->id, NULL,
                              cvd_rm_state_name(part.rm), participant_data(x->a, x->org_id, 0));
    }

    struct cvd_participant part;
    rc = cvd_store_participant_get_org(tx, c.id, x->org_id, x->a, &part);
    if (rc == CVD_ENOTFOUND)
        return cvd_diag_set(d, rc, "org_id: the organisation is not a participant of the case");
    if (rc)
        return rc;
    x->id = part.id;
    struct cvd_membership *ms;
    size_t n_ms;
    if ((rc = memberships(tx, x->p, x->a, &ms, &n_ms)))
        return rc;
    if (!cvd__hub_is_handler(x->p) && !is_org_admin(ms, n_ms, x->org_id))
        return cvd_diag_set(d, CVD_EDENIED,
                            "only the organisation's administrators or a coordinator may");
    struct cvd_str data = participant_data(x->a, x->org_id, x->user_id);
    switch (x->op) {
    case OP_TEAM_ADD: {
        bool member;
        if ((rc = is_member(tx, x->a, x->user_id, x->org_id, &member)))
            return rc;
        if (!member)
            return cvd_diag_set(d, CVD_EINVAL,
                                "user_id: not a member of the participant organisation");
        if (!part.engaged)
            return cvd_diag_set(d, CVD_ESTATE, "the organisation has left the case");
        rc = cvd_store_team_add(tx, part.id, x->user_id, now);
        if (rc == CVD_EDUP)
            return cvd_diag_set(d, rc, "user_id: already on the case team");
        return rc ? rc
                  : cvd__hub_event(tx, x->p, "team.added", "participant", part.id, NULL, NULL,
                                   data);
    }
    case OP_TEAM_REMOVE:
        rc = cvd_store_team_remove(tx, part.id, x->user_id);
        if (rc == CVD_ENOTFOUND)
            return cvd_diag_set(d, rc, "user_id: not on the case team");
        return rc ? rc
                  : cvd__hub_event(tx, x->p, "team.removed", "participant", part.id, NULL, NULL,
                                   data);
    case OP_LEAVE: {
        bool before = part.engaged;
        if ((rc = cvd_participant_leave(&part, part.embargo_adherence, now, d)) ||
            (rc = cvd_store_participant_update(tx, &part)))
            return rc;
        return cvd__hub_event(tx, x->p, CVD_EVENT_PARTICIPANT_LEFT, "participant", part.id,
                              before ? "engaged" : "left", "left", data);
    }
    case OP_INVITE:
        break;
    }
    return CVD_EINVAL;
}

static int run(struct cvd_hub *h, struct part_args *x, struct cvd_diag *diag)
{
    if (x->p == NULL || x->p->kind == CVD_PRINCIPAL_ANONYMOUS ||
        x->p->kind == CVD_PRINCIPAL_REPORTER)
        return cvd_diag_set(diag, CVD_EAUTH, "sign in to coordinate a case");
    struct cvd_arena a;
    cvd_arena_init(&a, 0);
    x->a = &a;
    int rc = cvd_store_write(h->store, part_write, x, diag);
    cvd_arena_release(&a);
    return rc;
}

int cvd_hub_participant_invite(struct cvd_hub *h, const struct cvd_principal *p,
                               struct cvd_str case_id, int64_t org_id, unsigned roles,
                               int64_t *ret_id, struct cvd_diag *diag)
{
    struct part_args x = {
        .p = p, .h = h, .op = OP_INVITE, .case_id = case_id, .org_id = org_id, .roles = roles};
    int rc = run(h, &x, diag);
    if (rc == 0 && ret_id != NULL)
        *ret_id = x.id;
    return rc;
}

int cvd_hub_team_set(struct cvd_hub *h, const struct cvd_principal *p, struct cvd_str case_id,
                     int64_t org_id, int64_t user_id, bool remove, struct cvd_diag *diag)
{
    struct part_args x = {.p = p,
                          .h = h,
                          .op = remove ? OP_TEAM_REMOVE : OP_TEAM_ADD,
                          .case_id = case_id,
                          .org_id = org_id,
                          .user_id = user_id};
    return run(h, &x, diag);
}

int cvd_hub_participant_leave(struct cvd_hub *h, const struct cvd_principal *p,
                              struct cvd_str case_id, int64_t org_id, struct cvd_diag *diag)
{
    struct part_args x = {.p = p, .h = h, .op = OP_LEAVE, .case_id = case_id, .org_id = org_id};
    return run(h, &x, diag);
}

int cvd_hub_case_reader(struct cvd_hub *h, const struct cvd_principal *p, struct cvd_str case_id,
                        struct cvd_arena *a, struct cvd_tlp_reader *ret, struct cvd_diag *diag)
{
    struct cvd_store_tx *tx;
    int rc = cvd_store_read_begin(h->store, &tx, diag);
    if (rc)
        return rc;
    struct cvd_case c;
    rc = cvd_store_case_get_by_case_id(tx, case_id, a, &c);
    if (rc == CVD_ENOTFOUND)
        rc = cvd_diag_set(diag, rc, "no such case");
    if (rc == 0)
        rc = cvd__hub_case_reader(tx, p, c.id, a, ret);
    cvd_store_read_end(tx);
    return rc;
}
