/* A case's embargo (EV14, EV21-EV25), its pxa evidence (EV26-EV28, with INV04) and the
 * participants' own RM and fix-path steps (EV13, EV15, EV17, EV18). The machines and their
 * guards are the model's (cvd/coord.h); this file finds who acts for which participant,
 * records answers, lets cvd_em_tally decide a proposal, and writes each change with its
 * audit event in one transaction (INV01). */
#include "hub-int.h"

#include <stdio.h>
#include <string.h>

struct em_args {
    const struct cvd_principal *p;
    struct cvd_str case_id;
    int kind; /* 0: embargo action, 1: evidence, 2: RM step, 3: fix-path step */
    enum cvd_em_action em_act;
    int64_t end;
    enum cvd_em_reason reason;
    enum cvd_cs_event ev;
    int64_t org_id;
    enum cvd_rm_action rm_act;
    enum cvd_vfd_action vfd_act;
    struct cvd_arena *a;
};

/* The participant p acts for in the case: the first organisation whose team holds p; for a
 * handler on no team, the case's coordinator participant. CVD_EDENIED when none. */
static int acting_participant(struct cvd_store_tx *tx, const struct em_args *x, int64_t case_id,
                              struct cvd_participant *ps, size_t n, size_t *ret)
{
    struct cvd_tlp_reader r;
    int rc = cvd__hub_case_reader(tx, x->p, case_id, x->a, &r);
    if (rc)
        return rc;
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < r.n_team_orgs; j++) {
            if (ps[i].org_id == r.team_orgs[j]) {
                *ret = i;
                return 0;
            }
        }
    }
    for (size_t i = 0; cvd__hub_is_handler(x->p) && i < n; i++) {
        if ((ps[i].roles & CVD_CASE_ROLE_COORDINATOR) && ps[i].engaged) {
            *ret = i;
            return 0;
        }
    }
    return cvd_diag_set(cvd_store_tx_diag(tx), CVD_EDENIED,
                        "only a participant's case team or a coordinator acts on the embargo");
}

static struct cvd_str org_data(struct cvd_arena *a, int64_t org, int64_t end)
{
    char buf[96];
    int n = end ? snprintf(buf, sizeof(buf), "{\"org\":%lld,\"end\":%lld}", (long long)org,
                           (long long)end)
                : snprintf(buf, sizeof(buf), "{\"org\":%lld}", (long long)org);
    char *s = n > 0 ? cvd_arena_strndup(a, buf, (size_t)n) : NULL;
    return s ? (struct cvd_str){s, (size_t)n} : CVD_STR("");
}

/* Apply one EM action and write its event. */
static int em_step(struct cvd_store_tx *tx, const struct em_args *x, int64_t case_id,
                   struct cvd_embargo *em, unsigned pxa, enum cvd_em_action act,
                   const struct cvd_em_input *in)
{
    enum cvd_em_state before = em->state;
    int rc = cvd_embargo_apply(em, act, pxa, in, cvd_store_tx_now(tx), cvd_store_tx_diag(tx));
    if (rc)
        return rc;
    return cvd__hub_event(
        tx, x->p, cvd_em_action_event(act), "case", case_id, cvd_em_state_name(before),
        cvd_em_state_name(em->state),
        org_data(x->a, in ? in->org : 0, em->state == CVD_EM_ACTIVE ? em->end : 0));
}

/* An answer to a pending proposal or revision, then the tally: all required accept -> the EM
 * moves on; one rejection -> it falls back. */
static int answer(struct cvd_store_tx *tx, const struct em_args *x, int64_t case_id,
                  struct cvd_embargo *em, unsigned pxa, struct cvd_participant *ps, size_t n,
                  size_t self)
{
    struct cvd_diag *d = cvd_store_tx_diag(tx);
    bool accept = x->em_act == CVD_EM_ACCEPT || x->em_act == CVD_EM_ACCEPT_REVISION;
    bool revision = x->em_act == CVD_EM_ACCEPT_REVISION || x->em_act == CVD_EM_REJECT_REVISION;
    if (revision != (em->state == CVD_EM_REVISING) && em->state != CVD_EM_ACTIVE)
        return cvd_diag_set(d, CVD_ESTATE, "cannot %s: the embargo is %s",
                            cvd_em_action_name(x->em_act), cvd_em_state_name(em->state));
    int rc = cvd_participant_embargo_answer(&ps[self], em->state, pxa, accept, d);
    if (rc || (rc = cvd_store_participant_update(tx, &ps[self])) ||
        (rc = cvd__hub_event(tx, x->p,
                             accept ? CVD_EVENT_PARTICIPANT_EMBARGO_ACCEPTED
                                    : CVD_EVENT_PARTICIPANT_EMBARGO_REJECTED,
                             "participant", ps[self].id, NULL, cvd_em_state_name(em->state),
                             org_data(x->a, ps[self].org_id, 0))))
        return rc;
    if (em->state != CVD_EM_PROPOSED && em->state != CVD_EM_REVISING)
        return 0; /* joining the running embargo (INV07): no vote */
    struct cvd_em_tally t;
    if ((rc = cvd_em_tally(ps, n, CVD_EM_POLICY_VENDORS, &t, d)))
        return rc;
    if (t.outcome == CVD_EM_OUTCOME_PENDING)
        return 0;
    bool ok = t.outcome == CVD_EM_OUTCOME_ACCEPTED;
    enum cvd_em_action act = em->state == CVD_EM_PROPOSED
                                 ? (ok ? CVD_EM_ACCEPT : CVD_EM_REJECT)
                                 : (ok ? CVD_EM_ACCEPT_REVISION : CVD_EM_REJECT_REVISION);
    return em_step(tx, x, case_id, em, pxa, act, NULL);
}

/* A new proposal or revision: every answer is reset, the proposer's is yes. */
static int propose(struct cvd_store_tx *tx, const struct em_args *x, int64_t case_id,
                   struct cvd_embargo *em, unsigned pxa, struct cvd_participant *ps, size_t n,
                   size_t self)
{
    struct cvd_em_input in = {.end = x->end, .org = ps[self].org_id};
    int rc = em_step(tx, x, case_id, em, pxa, x->em_act, &in);
    for (size_t i = 0; rc == 0 && i < n; i++) {
        if (ps[i].em_answer == CVD_EM_ANSWER_NONE || i == self)
            continue;
        ps[i].em_answer = CVD_EM_ANSWER_NONE;
        rc = cvd_store_participant_update(tx, &ps[i]);
    }
    if (rc)
        return rc;
    struct em_args yes = *x;
    yes.em_act = x->em_act == CVD_EM_PROPOSE ? CVD_EM_ACCEPT : CVD_EM_ACCEPT_REVISION;
    return answer(tx, &yes, case_id, em, pxa, ps, n, self);
}

static int em_write(struct cvd_store_tx *tx, void *arg)
{
    struct em_args *x = arg;
    struct cvd_diag *d = cvd_store_tx_diag(tx);
    struct cvd_case c;
    int rc = cvd_store_case_get_by_case_id(tx, x->case_id, x->a, &c);
    if (rc == CVD_ENOTFOUND)
        return cvd_diag_set(d, rc, "no such case");
    if (rc || (rc = cvd__hub_case_visible(tx, x->p, c.id, x->a, d)))
        return rc;
    struct cvd_embargo em;
    unsigned pxa;
    struct cvd_participant *ps;
    size_t n, self = 0;
    if ((rc = cvd_store_case_coord_get(tx, c.id, &em, &pxa)) ||
        (rc = cvd_store_participant_list(tx, c.id, x->a, &ps, &n)))
        return rc;
    switch (x->kind) {
    case 0:
        if ((rc = acting_participant(tx, x, c.id, ps, n, &self)))
            return rc;
        if (!ps[self].engaged)
            return cvd_diag_set(d, CVD_ESTATE, "the organisation has left the case");
        switch (x->em_act) {
        case CVD_EM_PROPOSE:
        case CVD_EM_REVISE:
            rc = propose(tx, x, c.id, &em, pxa, ps, n, self);
            break;
        case CVD_EM_ACCEPT:
        case CVD_EM_REJECT:
        case CVD_EM_ACCEPT_REVISION:
        case CVD_EM_REJECT_REVISION:
            rc = answer(tx, x, c.id, &em, pxa, ps, n, self);
            break;
        case CVD_EM_TERMINATE: {
            if (!cvd__hub_is_handler(x->p))
                return cvd_diag_set(d, CVD_EDENIED, "only a coordinator ends an embargo");
            struct cvd_em_input in = {.org = ps[self].org_id, .reason = x->reason};
            rc = em_step(tx, x, c.id, &em, pxa, CVD_EM_TERMINATE, &in);
            break;
        }
        default:
            return cvd_diag_set(d, CVD_EINVAL, "action: unknown embargo action");
        }
        break;
    case 1: {
        struct cvd_pxa_effect eff;
        unsigned before = pxa;
        if ((rc = cvd_pxa_apply(&pxa, &em, x->ev, cvd_store_tx_now(tx), &eff, d)) ||
            (rc = cvd__hub_event(tx, x->p, cvd_cs_event_type(x->ev), "case", c.id,
                                 cvd_pxa_name(before), cvd_pxa_name(pxa), CVD_STR(""))))
            return rc;
        if (eff.em_changed)
            rc = cvd__hub_event(tx, x->p, cvd_em_action_event(eff.em_action), "case", c.id,
                                cvd_em_state_name(eff.em_before), cvd_em_state_name(eff.em_after),
                                CVD_STR(""));
        break;
    }
    default: {
        /* the organisation's own team members, or a coordinator on its behalf */
        for (self = 0; self < n && ps[self].org_id != x->org_id; self++)
            ;
        if (self == n)
            return cvd_diag_set(d, CVD_ENOTFOUND,
                                "org_id: the organisation is not a participant of the case");
        struct cvd_tlp_reader r;
        if ((rc = cvd__hub_case_reader(tx, x->p, c.id, x->a, &r)))
            return rc;
        bool own = false;
        for (size_t j = 0; j < r.n_team_orgs; j++)
            own = own || r.team_orgs[j] == x->org_id;
        if (!own && !cvd__hub_is_handler(x->p))
            return cvd_diag_set(d, CVD_EDENIED, "only the organisation's team or a coordinator");
        struct cvd_participant *q = &ps[self];
        const char *before = x->kind == 2 ? cvd_rm_state_name(q->rm) : cvd_vfd_name(q->vfd);
        rc = x->kind == 2 ? cvd_participant_rm_apply(q, x->rm_act, cvd_store_tx_now(tx), d)
                          : cvd_participant_vfd_apply(q, x->vfd_act, d);
        if (rc || (rc = cvd_store_participant_update(tx, q)))
            return rc;
        return cvd__hub_event(tx, x->p,
                              x->kind == 2 ? cvd_rm_action_event(x->rm_act)
                                           : cvd_vfd_action_event(x->vfd_act),
                              "participant", q->id, before,
                              x->kind == 2 ? cvd_rm_state_name(q->rm) : cvd_vfd_name(q->vfd),
                              org_data(x->a, q->org_id, 0));
    }
    }
    if (rc)
        return rc;
    return cvd_store_case_coord_put(tx, c.id, &em, pxa);
}

static int run(struct cvd_hub *h, struct em_args *x, struct cvd_diag *diag)
{
    if (x->p == NULL || x->p->kind == CVD_PRINCIPAL_ANONYMOUS ||
        x->p->kind == CVD_PRINCIPAL_REPORTER)
        return cvd_diag_set(diag, CVD_EAUTH, "sign in to coordinate a case");
    struct cvd_arena a;
    cvd_arena_init(&a, 0);
    x->a = &a;
    int rc = cvd_store_write(h->store, em_write, x, diag);
    cvd_arena_release(&a);
    return rc;
}

int cvd_hub_embargo_act(struct cvd_hub *h, const struct cvd_principal *p, struct cvd_str case_id,
                        enum cvd_em_action act, int64_t end, enum cvd_em_reason reason,
                        struct cvd_diag *diag)
{
    struct em_args x = {
        .p = p, .case_id = case_id, .kind = 0, .em_act = act, .end = end, .reason = reason};
    return run(h, &x, diag);
}

int cvd_hub_case_evidence(struct cvd_hub *h, const struct cvd_principal *p, struct cvd_str case_id,
                          enum cvd_cs_event ev, struct cvd_diag *diag)
{
    struct em_args x = {.p = p, .case_id = case_id, .kind = 1, .ev = ev};
    return run(h, &x, diag);
}

int cvd_hub_participant_rm(struct cvd_hub *h, const struct cvd_principal *p, struct cvd_str case_id,
                           int64_t org_id, enum cvd_rm_action act, struct cvd_diag *diag)
{
    struct em_args x = {.p = p, .case_id = case_id, .kind = 2, .org_id = org_id, .rm_act = act};
    return run(h, &x, diag);
}

int cvd_hub_participant_fix(struct cvd_hub *h, const struct cvd_principal *p,
                            struct cvd_str case_id, int64_t org_id, enum cvd_vfd_action act,
                            struct cvd_diag *diag)
{
    struct em_args x = {.p = p, .case_id = case_id, .kind = 3, .org_id = org_id, .vfd_act = act};
    return run(h, &x, diag);
}

int cvd_hub_embargo_get(struct cvd_hub *h, const struct cvd_principal *p, struct cvd_str case_id,
                        struct cvd_embargo *ret_em, unsigned *ret_pxa, struct cvd_diag *diag)
{
    if (p == NULL || p->kind == CVD_PRINCIPAL_ANONYMOUS || p->kind == CVD_PRINCIPAL_REPORTER)
        return cvd_diag_set(diag, CVD_EAUTH, "sign in to see a case");
    struct cvd_arena a;
    cvd_arena_init(&a, 0);
    struct cvd_store_tx *tx;
    int rc = cvd_store_read_begin(h->store, &tx, diag);
    if (rc == 0) {
        struct cvd_case c;
        rc = cvd_store_case_get_by_case_id(tx, case_id, &a, &c);
        if (rc == CVD_ENOTFOUND)
            rc = cvd_diag_set(diag, rc, "no such case");
        if (rc == 0 && (rc = cvd__hub_case_visible(tx, p, c.id, &a, diag)) == 0)
            rc = cvd_store_case_coord_get(tx, c.id, ret_em, ret_pxa);
        cvd_store_read_end(tx);
    }
    cvd_arena_release(&a);
    return rc;
}

/* ---- the timer tick: embargo ends and reminders ---- */

struct tick_args {
    int64_t case_id;
    struct cvd_arena *a;
    struct cvd_tick_stats *st;
};

/* Mail every team member of an engaged participant that may still receive (INV11), once per
 * key (the outbox drops a key it has queued before). */
static int tell_teams(struct cvd_store_tx *tx, struct cvd_arena *a, const struct cvd_case *c,
                      const char *key, const char *subject, const char *body, size_t *ret_n)
{
    struct cvd_participant *ps;
    size_t n;
    int rc = cvd_store_participant_list(tx, c->id, a, &ps, &n);
    char path[64];
    (void)snprintf(path, sizeof(path), "/cases/%.*s", (int)c->case_id.len, c->case_id.ptr);
    struct cvd__hub_mail m = {.key = cvd_str_from_cstr(key),
                              .tlp = c->tlp,
                              .subject = cvd_str_from_cstr(subject),
                              .body = cvd_str_from_cstr(body),
                              .path = cvd_str_from_cstr(path),
                              .case_id = c->id,
                              .object_kind = "case",
                              .object_id = c->id};
    for (size_t i = 0; rc == 0 && i < n; i++) {
        if (!cvd_participant_may_receive(&ps[i], false))
            continue;
        int64_t *team;
        size_t n_team;
        rc = cvd_store_team_list(tx, ps[i].id, a, &team, &n_team);
        for (size_t j = 0; rc == 0 && j < n_team; j++) {
            int64_t id = 0;
            rc = cvd__hub_notify_user(tx, team[j], &m, &id);
            *ret_n += id != 0;
        }
    }
    return rc;
}

static int tick_write(struct cvd_store_tx *tx, void *arg)
{
    struct tick_args *t = arg;
    struct cvd_case c;
    struct cvd_embargo em;
    unsigned pxa;
    int rc = cvd_store_case_get(tx, t->case_id, t->a, &c);
    if (rc || (rc = cvd_store_case_coord_get(tx, c.id, &em, &pxa)))
        return rc;
    if (em.state != CVD_EM_ACTIVE && em.state != CVD_EM_REVISING)
        return 0; /* it changed since the list was read */
    int64_t now = cvd_store_tx_now(tx);
    char end[CVD_RFC3339_LEN + 1], key[96], subject[128], body[256];
    if (cvd_time_format(em.end, end) != 0)
        (void)snprintf(end, sizeof(end), "%lld", (long long)em.end);
    size_t queued = 0;
    if (now >= em.end) {
        /* EV25 reason expired, by the system */
        struct cvd_principal system = {.kind = CVD_PRINCIPAL_SYSTEM, .display = CVD_STR("system")};
        struct em_args x = {.p = &system, .a = t->a};
        struct cvd_em_input in = {.reason = CVD_EM_REASON_EXPIRED};
        if ((rc = em_step(tx, &x, c.id, &em, pxa, CVD_EM_TERMINATE, &in)) ||
            (rc = cvd_store_case_coord_put(tx, c.id, &em, pxa)))
            return rc;
        (void)snprintf(key, sizeof(key), "embargo-ended:%lld:%lld", (long long)c.id,
                       (long long)em.end);
        (void)snprintf(subject, sizeof(subject), "The embargo on case %.*s has ended",
                       (int)c.case_id.len, c.case_id.ptr);
        (void)snprintf(body, sizeof(body),
                       "The embargo ended at %s (UTC). Publication now follows the case's "
                       "disclosure plan.\n",
                       end);
        t->st->ended++;
    } else {
        const char *which = em.end - now <= CVD_DAY_SECONDS ? "1d" : "7d";
        (void)snprintf(key, sizeof(key), "embargo-reminder:%lld:%lld:%s", (long long)c.id,
                       (long long)em.end, which);
        (void)snprintf(subject, sizeof(subject), "The embargo on case %.*s ends %s",
                       (int)c.case_id.len, c.case_id.ptr, end);
        (void)snprintf(body, sizeof(body),
                       "The embargo ends at %s (UTC). Until then nothing of the case may be "
                       "made public.\n",
                       end);
    }
    if ((rc = tell_teams(tx, t->a, &c, key, subject, body, &queued)))
        return rc;
    t->st->mails += queued;
    return 0;
}

int cvd_hub_tick(struct cvd_hub *h, struct cvd_tick_stats *ret, struct cvd_diag *diag)
{
    struct cvd_tick_stats st = {0};
    struct cvd_arena a;
    cvd_arena_init(&a, 0);
    int64_t *ids = NULL;
    size_t n = 0;
    struct cvd_store_tx *tx;
    int64_t now = cvd_clock_now(&h->clock);
    int rc = cvd_store_read_begin(h->store, &tx, diag);
    if (rc == 0) {
        rc = cvd_store_embargo_ending(tx, now + CVD_EMBARGO_REMIND_SECONDS, &a, &ids, &n);
        cvd_store_read_end(tx);
    }
    for (size_t i = 0; rc == 0 && i < n; i++) {
        struct tick_args t = {.case_id = ids[i], .a = &a, .st = &st};
        rc = cvd_store_write(h->store, tick_write, &t, diag);
    }
    cvd_arena_release(&a);
    if (ret)
        *ret = st;
    return rc;
}
