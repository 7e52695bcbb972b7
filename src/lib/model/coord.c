/* The multi-party machines of §2.5/§2.6: embargo (EM), pxa, the fix path (vfd) and the
 * participant RM, with the invariants that join them. Each machine is one table of
 * (allowed-from states, target) per action, as in machine.c; the guards that depend on more
 * than the state (time, pxa, roles) sit in the apply functions, after the table, so a refusal
 * names the most basic reason first. */
#include "cvd/coord.h"

#include <stdio.h>

#include "model-int.h"

#define BIT CVD__BIT

/* ---- names ---- */

/* One table and its two functions per enum; a wrong count fails the build. */
#define NAMES(type, count, ...)                                                                    \
    static const char *const type##_names[] = {__VA_ARGS__};                                       \
    _Static_assert(CVD_ARRAY_LEN(type##_names) == (count), #type " names");                        \
    const char *cvd_##type##_name(enum cvd_##type v)                                               \
    {                                                                                              \
        return cvd__name_of(type##_names, CVD_ARRAY_LEN(type##_names), (int)v);                    \
    }                                                                                              \
    int cvd_##type##_parse(struct cvd_str s, enum cvd_##type *ret)                                 \
    {                                                                                              \
        int i = cvd__index_of(type##_names, CVD_ARRAY_LEN(type##_names), s);                       \
        if (i < 0)                                                                                 \
            return CVD_EINVAL;                                                                     \
        *ret = (enum cvd_##type)i;                                                                 \
        return 0;                                                                                  \
    }

NAMES(em_state, CVD_EM_STATE_COUNT, [CVD_EM_NONE] = "none", [CVD_EM_PROPOSED] = "proposed",
      [CVD_EM_ACTIVE] = "active", [CVD_EM_REVISING] = "revising", [CVD_EM_EXITED] = "exited")

NAMES(em_action, CVD_EM_ACTION_COUNT, [CVD_EM_PROPOSE] = "propose", [CVD_EM_ACCEPT] = "accept",
      [CVD_EM_REJECT] = "reject", [CVD_EM_REVISE] = "revise",
      [CVD_EM_ACCEPT_REVISION] = "accept_revision", [CVD_EM_REJECT_REVISION] = "reject_revision",
      [CVD_EM_TERMINATE] = "terminate")

NAMES(em_reason,
      CVD_EM_REASON_COUNT, [CVD_EM_REASON_NONE] = "none", [CVD_EM_REASON_EXPIRED] = "expired",
      [CVD_EM_REASON_PUBLIC] = "public", [CVD_EM_REASON_EXPLOIT_PUBLIC] = "exploit_public",
      [CVD_EM_REASON_ATTACKS] = "attacks", [CVD_EM_REASON_QUORUM_FIX_READY] = "quorum_fix_ready",
      [CVD_EM_REASON_COORDINATOR_DECISION] = "coordinator_decision")

NAMES(cs_event, CVD_CS_EVENT_COUNT, [CVD_CS_PUBLIC_AWARENESS] = "public_awareness",
      [CVD_CS_EXPLOIT_PUBLIC] = "exploit_public", [CVD_CS_ATTACKS_OBSERVED] = "attacks_observed")

NAMES(rm_state, CVD_RM_STATE_COUNT, [CVD_RM_START] = "start", [CVD_RM_RECEIVED] = "received",
      [CVD_RM_INVALID] = "invalid", [CVD_RM_VALID] = "valid", [CVD_RM_ACCEPTED] = "accepted",
      [CVD_RM_DEFERRED] = "deferred", [CVD_RM_CLOSED] = "closed")

NAMES(rm_action, CVD_RM_ACTION_COUNT, [CVD_RM_DELIVER] = "deliver", [CVD_RM_VALIDATE] = "validate",
      [CVD_RM_INVALIDATE] = "invalidate", [CVD_RM_ACCEPT] = "accept", [CVD_RM_DEFER] = "defer",
      [CVD_RM_CLOSE] = "close")

NAMES(vfd, CVD_VFD_COUNT, [CVD_VFD_NONE] = "none", [CVD_VFD_AWARE] = "aware",
      [CVD_VFD_READY] = "fix_ready", [CVD_VFD_DEPLOYED] = "deployed")

NAMES(vfd_action, CVD_VFD_ACTION_COUNT, [CVD_VFD_NOTIFY] = "notify", [CVD_VFD_FIX] = "fix",
      [CVD_VFD_DEPLOY] = "deploy")

NAMES(em_answer, CVD_EM_ANSWER_COUNT, [CVD_EM_ANSWER_NONE] = "none",
      [CVD_EM_ANSWER_ACCEPTED] = "accepted", [CVD_EM_ANSWER_REJECTED] = "rejected")

NAMES(em_policy, CVD_EM_POLICY_COUNT, [CVD_EM_POLICY_VENDORS] = "vendors",
      [CVD_EM_POLICY_COORDINATOR] = "coordinator")

NAMES(em_outcome, CVD_EM_OUTCOME_COUNT, [CVD_EM_OUTCOME_PENDING] = "pending",
      [CVD_EM_OUTCOME_ACCEPTED] = "accepted", [CVD_EM_OUTCOME_REJECTED] = "rejected")

/* Roles are flags, so the table is indexed by bit number. */
static const char *const case_role_names[] = {"finder",      "reporter", "vendor",
                                              "coordinator", "deployer", "other"};
_Static_assert(CVD_ARRAY_LEN(case_role_names) == CVD_CASE_ROLE_COUNT, "case_role names");
_Static_assert((1u << CVD_CASE_ROLE_COUNT) - 1 == CVD_CASE_ROLES_ALL, "case roles mask");

const char *cvd_case_role_name(enum cvd_case_role v)
{
    for (unsigned i = 0; i < CVD_CASE_ROLE_COUNT; i++) {
        if ((unsigned)v == BIT(i))
            return case_role_names[i];
    }
    return NULL;
}

int cvd_case_role_parse(struct cvd_str s, enum cvd_case_role *ret)
{
    int i = cvd__index_of(case_role_names, CVD_ARRAY_LEN(case_role_names), s);
    if (i < 0)
        return CVD_EINVAL;
    *ret = (enum cvd_case_role)BIT((unsigned)i);
    return 0;
}

/* Indexed by the bits; X without P (2, 6) is no state. */
static const char *const pxa_names[8] = {"pxa", "Pxa", NULL, "PXa", "pxA", "PxA", NULL, "PXA"};

bool cvd_pxa_valid(unsigned pxa)
{
    return pxa < CVD_ARRAY_LEN(pxa_names) && pxa_names[pxa] != NULL;
}

const char *cvd_pxa_name(unsigned pxa)
{
    return cvd_pxa_valid(pxa) ? pxa_names[pxa] : NULL;
}

int cvd_pxa_parse(struct cvd_str s, unsigned *ret)
{
    int i = cvd__index_of(pxa_names, CVD_ARRAY_LEN(pxa_names), s);
    if (i < 0)
        return CVD_EINVAL;
    *ret = (unsigned)i;
    return 0;
}

/* ---- event types ---- */

static const char *const em_events[] = {
    [CVD_EM_PROPOSE] = "embargo.proposed",
    [CVD_EM_ACCEPT] = "embargo.accepted",
    [CVD_EM_REJECT] = "embargo.rejected",
    [CVD_EM_REVISE] = "embargo.revision_proposed",
    [CVD_EM_ACCEPT_REVISION] = "embargo.revision_accepted",
    [CVD_EM_REJECT_REVISION] = "embargo.revision_rejected",
    [CVD_EM_TERMINATE] = "embargo.terminated",
};
_Static_assert(CVD_ARRAY_LEN(em_events) == CVD_EM_ACTION_COUNT, "em events");

static const char *const cs_events[] = {
    [CVD_CS_PUBLIC_AWARENESS] = "case.public_awareness",
    [CVD_CS_EXPLOIT_PUBLIC] = "case.exploit_public",
    [CVD_CS_ATTACKS_OBSERVED] = "case.attacks_observed",
};
_Static_assert(CVD_ARRAY_LEN(cs_events) == CVD_CS_EVENT_COUNT, "cs events");

static const char *const vfd_events[] = {
    [CVD_VFD_NOTIFY] = "participant.delivered",
    [CVD_VFD_FIX] = "vendor.fix_ready",
    [CVD_VFD_DEPLOY] = "vendor.fix_deployed",
};
_Static_assert(CVD_ARRAY_LEN(vfd_events) == CVD_VFD_ACTION_COUNT, "vfd events");

const char *cvd_em_action_event(enum cvd_em_action act)
{
    return cvd__name_of(em_events, CVD_ARRAY_LEN(em_events), (int)act);
}

const char *cvd_cs_event_type(enum cvd_cs_event ev)
{
    return cvd__name_of(cs_events, CVD_ARRAY_LEN(cs_events), (int)ev);
}

const char *cvd_rm_action_event(enum cvd_rm_action act)
{
    if ((int)act < 0 || (int)act >= CVD_RM_ACTION_COUNT)
        return NULL;
    return act == CVD_RM_DELIVER ? "participant.delivered" : "participant.rm_changed";
}

const char *cvd_vfd_action_event(enum cvd_vfd_action act)
{
    return cvd__name_of(vfd_events, CVD_ARRAY_LEN(vfd_events), (int)act);
}

/* ---- the tables ---- */

#define N BIT(CVD_EM_NONE)
#define P BIT(CVD_EM_PROPOSED)
#define A BIT(CVD_EM_ACTIVE)
#define R BIT(CVD_EM_REVISING)

/* The Vultron EM grammar, one row per message. */
static const struct cvd__edge em_edges[CVD_EM_ACTION_COUNT] = {
    [CVD_EM_PROPOSE] = {N | P, CVD_EM_PROPOSED, "propose", ""},
    [CVD_EM_ACCEPT] = {P, CVD_EM_ACTIVE, "accept", ""},
    [CVD_EM_REJECT] = {P, CVD_EM_NONE, "reject", ""},
    [CVD_EM_REVISE] = {A | R, CVD_EM_REVISING, "propose a revision of", ""},
    [CVD_EM_ACCEPT_REVISION] = {R, CVD_EM_ACTIVE, "accept a revision of", ""},
    [CVD_EM_REJECT_REVISION] = {R, CVD_EM_ACTIVE, "reject a revision of", ""},
    [CVD_EM_TERMINATE] = {A | R, CVD_EM_EXITED, "terminate", ""},
};

#undef N
#undef P
#undef A
#undef R

#define S BIT(CVD_RM_START)
#define R BIT(CVD_RM_RECEIVED)
#define I BIT(CVD_RM_INVALID)
#define V BIT(CVD_RM_VALID)
#define A BIT(CVD_RM_ACCEPTED)
#define D BIT(CVD_RM_DEFERRED)

/* Vultron's RM DFA (§2.5), the edges and nothing else. */
static const struct cvd__edge rm_edges[CVD_RM_ACTION_COUNT] = {
    [CVD_RM_DELIVER] = {S, CVD_RM_RECEIVED, "deliver the report to", ""},
    [CVD_RM_VALIDATE] = {R | I, CVD_RM_VALID, "validate the report for", ""},
    [CVD_RM_INVALIDATE] = {R, CVD_RM_INVALID, "invalidate the report for", ""},
    [CVD_RM_ACCEPT] = {V | D, CVD_RM_ACCEPTED, "accept the report for", ""},
    [CVD_RM_DEFER] = {V | A, CVD_RM_DEFERRED, "defer the report for", ""},
    [CVD_RM_CLOSE] = {I | D | A, CVD_RM_CLOSED, "close the report for", ""},
};

#undef S
#undef R
#undef I
#undef V
#undef A
#undef D

/* A vendor walks the whole causal path; a deployer (not a vendor) only deploys; anyone else
 * has no fix path, so an all-zero table refuses every action. */
static const struct cvd__edge vendor_edges[CVD_VFD_ACTION_COUNT] = {
    [CVD_VFD_NOTIFY] = {BIT(CVD_VFD_NONE), CVD_VFD_AWARE, "mark aware", ""},
    [CVD_VFD_FIX] = {BIT(CVD_VFD_AWARE), CVD_VFD_READY, "mark a fix ready for", ""},
    [CVD_VFD_DEPLOY] = {BIT(CVD_VFD_READY), CVD_VFD_DEPLOYED, "mark a fix deployed for", ""},
};

static const struct cvd__edge deployer_edges[CVD_VFD_ACTION_COUNT] = {
    [CVD_VFD_NOTIFY] = {0, 0, "mark aware", ""},
    [CVD_VFD_FIX] = {0, 0, "mark a fix ready for", ""},
    [CVD_VFD_DEPLOY] = {BIT(CVD_VFD_NONE), CVD_VFD_DEPLOYED, "mark a fix deployed for", ""},
};

static const struct cvd__edge nofix_edges[CVD_VFD_ACTION_COUNT] = {
    [CVD_VFD_NOTIFY] = {0, 0, "mark aware", ""},
    [CVD_VFD_FIX] = {0, 0, "mark a fix ready for", ""},
    [CVD_VFD_DEPLOY] = {0, 0, "mark a fix deployed for", ""},
};

static const char *em_word(int s)
{
    return cvd_em_state_name((enum cvd_em_state)s);
}

static const char *rm_word(int s)
{
    return cvd_rm_state_name((enum cvd_rm_state)s);
}

static const char *vfd_word(int s)
{
    return cvd_vfd_name((enum cvd_vfd)s);
}

int cvd_em_next(enum cvd_em_state from, enum cvd_em_action act, enum cvd_em_state *ret_to,
                struct cvd_diag *diag)
{
    int to;
    int rc = cvd__machine_next(em_edges, CVD_EM_ACTION_COUNT, CVD_EM_STATE_COUNT, em_word,
                               "an embargo", (int)from, (int)act, &to, diag);
    if (rc == 0)
        *ret_to = (enum cvd_em_state)to;
    return rc;
}

bool cvd_em_can(enum cvd_em_state from, enum cvd_em_action act)
{
    enum cvd_em_state to;
    return cvd_em_next(from, act, &to, NULL) == 0;
}

int cvd_rm_next(enum cvd_rm_state from, enum cvd_rm_action act, enum cvd_rm_state *ret_to,
                struct cvd_diag *diag)
{
    int to;
    int rc = cvd__machine_next(rm_edges, CVD_RM_ACTION_COUNT, CVD_RM_STATE_COUNT, rm_word,
                               "a participant", (int)from, (int)act, &to, diag);
    if (rc == 0)
        *ret_to = (enum cvd_rm_state)to;
    return rc;
}

bool cvd_rm_can(enum cvd_rm_state from, enum cvd_rm_action act)
{
    enum cvd_rm_state to;
    return cvd_rm_next(from, act, &to, NULL) == 0;
}

static bool roles_valid(unsigned roles)
{
    return roles != 0 && (roles & ~CVD_CASE_ROLES_ALL) == 0;
}

int cvd_vfd_next(unsigned roles, enum cvd_vfd from, enum cvd_vfd_action act, enum cvd_vfd *ret_to,
                 struct cvd_diag *diag)
{
    if (!roles_valid(roles))
        return cvd_diag_set(diag, CVD_EINVAL, "invalid participant roles 0x%x", roles);
    const struct cvd__edge *edges = nofix_edges;
    const char *object = "a participant that is neither vendor nor deployer";
    if (roles & CVD_CASE_ROLE_VENDOR) {
        edges = vendor_edges;
        object = "a vendor";
    } else if (roles & CVD_CASE_ROLE_DEPLOYER) {
        edges = deployer_edges;
        object = "a deployer";
    }
    int to;
    int rc = cvd__machine_next(edges, CVD_VFD_ACTION_COUNT, CVD_VFD_COUNT, vfd_word, object,
                               (int)from, (int)act, &to, diag);
    if (rc == 0)
        *ret_to = (enum cvd_vfd)to;
    return rc;
}

bool cvd_vfd_can(unsigned roles, enum cvd_vfd from, enum cvd_vfd_action act)
{
    enum cvd_vfd to;
    return cvd_vfd_next(roles, from, act, &to, NULL) == 0;
}

/* ---- embargo ---- */

static bool em_state_valid(enum cvd_em_state s)
{
    return (int)s >= 0 && (int)s < CVD_EM_STATE_COUNT;
}

static bool em_running(enum cvd_em_state s)
{
    return s == CVD_EM_ACTIVE || s == CVD_EM_REVISING;
}

/* INV03: the actions that negotiate (EP, EA, EV, EC). Rejections and termination stay
 * possible, since they only shorten the secrecy. */
static bool em_negotiates(enum cvd_em_action act)
{
    return act == CVD_EM_PROPOSE || act == CVD_EM_ACCEPT || act == CVD_EM_REVISE ||
           act == CVD_EM_ACCEPT_REVISION;
}

/* The letters of a non-zero pxa, for "cannot propose an embargo: ... (pxa is PxA)". */
static const char *pxa_because(unsigned pxa)
{
    if (pxa & CVD_PXA_EXPLOIT)
        return "an exploit is public";
    if (pxa & CVD_PXA_PUBLIC)
        return "the vulnerability is public";
    return "attacks have been observed";
}

int cvd_embargo_apply(struct cvd_embargo *e, enum cvd_em_action act, unsigned pxa,
                      const struct cvd_em_input *in, int64_t now, struct cvd_diag *diag)
{
    if (e == NULL || now <= 0)
        return cvd_diag_set(diag, CVD_EINVAL, "no embargo or no time to apply an action");
    if (!cvd_pxa_valid(pxa))
        return cvd_diag_set(diag, CVD_EINVAL, "invalid pxa 0x%x", pxa);
    enum cvd_em_state to;
    int rc = cvd_em_next(e->state, act, &to, diag);
    if (rc)
        return rc;
    static const struct cvd_em_input none = {0};
    if (in == NULL) {
        if (act == CVD_EM_PROPOSE || act == CVD_EM_REVISE || act == CVD_EM_TERMINATE)
            return cvd_diag_set(diag, CVD_EINVAL, "cannot %s an embargo without its input",
                                cvd_em_action_name(act));
        in = &none;
    }
    if ((int)in->reason < 0 || (int)in->reason >= CVD_EM_REASON_COUNT)
        return cvd_diag_set(diag, CVD_EINVAL, "unknown embargo reason %d", (int)in->reason);
    if (act != CVD_EM_TERMINATE && in->reason != CVD_EM_REASON_NONE)
        return cvd_diag_set(diag, CVD_EINVAL, "a reason is given only when terminating, not to %s",
                            cvd_em_action_name(act));
    if (em_negotiates(act) && pxa != 0)
        return cvd_diag_set(diag, CVD_ESTATE,
                            "cannot %s an embargo: %s (pxa is %s; no embargo is negotiated once "
                            "anything is public, exploited or attacked)",
                            cvd_em_action_name(act), pxa_because(pxa), cvd_pxa_name(pxa));

    struct cvd_embargo n = *e;
    switch (act) {
    case CVD_EM_PROPOSE:
    case CVD_EM_REVISE:
        if (in->org <= 0)
            return cvd_diag_set(diag, CVD_EINVAL, "an embargo proposal needs its proposer");
        if (in->end <= now)
            return cvd_diag_set(diag, CVD_ERANGE,
                                "cannot %s an embargo ending at %lld: not after now (%lld)",
                                cvd_em_action_name(act), (long long)in->end, (long long)now);
        /* A proposal's embargo starts no earlier than now; a revision's started already. */
        if (in->end - (act == CVD_EM_PROPOSE ? now : e->start) > CVD_EMBARGO_MAX_SECONDS)
            return cvd_diag_set(diag, CVD_ERANGE,
                                "cannot %s an embargo ending at %lld: longer than %lld days from "
                                "its start",
                                cvd_em_action_name(act), (long long)in->end,
                                (long long)(CVD_EMBARGO_MAX_SECONDS / CVD_DAY_SECONDS));
        n.pending_end = in->end;
        n.pending_proposer = in->org;
        n.pending_at = now;
        break;
    case CVD_EM_ACCEPT:
    case CVD_EM_ACCEPT_REVISION:
        if (e->pending_end <= now)
            return cvd_diag_set(diag, CVD_ERANGE,
                                "cannot %s an embargo ending at %lld: that end has passed (now "
                                "%lld); propose again",
                                cvd_em_action_name(act), (long long)e->pending_end, (long long)now);
        if (act == CVD_EM_ACCEPT)
            n.start = now;
        n.end = e->pending_end;
        n.proposer = e->pending_proposer;
        n.pending_end = 0;
        n.pending_proposer = 0;
        n.pending_at = 0;
        break;
    case CVD_EM_REJECT:
    case CVD_EM_REJECT_REVISION:
        n.pending_end = 0;
        n.pending_proposer = 0;
        n.pending_at = 0;
        break;
    case CVD_EM_TERMINATE:
        if (in->reason == CVD_EM_REASON_NONE)
            return cvd_diag_set(diag, CVD_EMISSING,
                                "terminating an embargo needs a reason (expired, public, "
                                "exploit_public, attacks, quorum_fix_ready or "
                                "coordinator_decision)");
        if (in->reason == CVD_EM_REASON_EXPIRED && now < e->end)
            return cvd_diag_set(diag, CVD_ESTATE,
                                "cannot terminate an embargo as expired before its end (%lld, "
                                "now %lld)",
                                (long long)e->end, (long long)now);
        n.reason = in->reason;
        n.exited_at = now;
        n.pending_end = 0;
        n.pending_proposer = 0;
        n.pending_at = 0;
        break;
    }
    n.state = to;
    *e = n;
    return 0;
}

int cvd_embargo_check(const struct cvd_embargo *e, struct cvd_diag *diag)
{
    if (e == NULL)
        return cvd_diag_set(diag, CVD_EINVAL, "no embargo");
    if (!em_state_valid(e->state))
        return cvd_diag_set(diag, CVD_EINVAL, "unknown embargo state %d", (int)e->state);
    if ((int)e->reason < 0 || (int)e->reason >= CVD_EM_REASON_COUNT)
        return cvd_diag_set(diag, CVD_EINVAL, "unknown embargo reason %d", (int)e->reason);
    const char *st = cvd_em_state_name(e->state);
    bool pending = e->pending_end != 0 || e->pending_proposer != 0 || e->pending_at != 0;
    bool has_pending = e->pending_end > 0 && e->pending_proposer > 0 && e->pending_at > 0;
    bool running = e->start != 0 || e->end != 0 || e->proposer != 0;
    switch (e->state) {
    case CVD_EM_NONE:
        if (pending || running)
            return cvd_diag_set(diag, CVD_ESTATE,
                                "an embargo that is none has no proposal "
                                "and no running embargo");
        break;
    case CVD_EM_PROPOSED:
        if (!has_pending)
            return cvd_diag_set(diag, CVD_ESTATE,
                                "a proposed embargo needs its end, proposer "
                                "and time");
        if (running)
            return cvd_diag_set(diag, CVD_ESTATE, "a proposed embargo is not running yet");
        break;
    case CVD_EM_ACTIVE:
    case CVD_EM_REVISING:
        if (e->start <= 0 || e->proposer <= 0)
            return cvd_diag_set(diag, CVD_ESTATE,
                                "an embargo that is %s needs its start and "
                                "proposer",
                                st);
        if (e->end <= e->start)
            return cvd_diag_set(diag, CVD_ESTATE,
                                "an embargo that is %s needs an end after "
                                "its start (INV02)",
                                st);
        if (e->end - e->start > CVD_EMBARGO_MAX_SECONDS)
            return cvd_diag_set(diag, CVD_ESTATE,
                                "an embargo that is %s runs longer than "
                                "%lld days",
                                st, (long long)(CVD_EMBARGO_MAX_SECONDS / CVD_DAY_SECONDS));
        if (e->state == CVD_EM_REVISING && !has_pending)
            return cvd_diag_set(diag, CVD_ESTATE,
                                "a revising embargo needs the revision's "
                                "end, proposer and time");
        if (e->state == CVD_EM_ACTIVE && pending)
            return cvd_diag_set(diag, CVD_ESTATE,
                                "an active embargo has no pending revision "
                                "(that would be revising)");
        break;
    case CVD_EM_EXITED:
        if (e->reason == CVD_EM_REASON_NONE || e->exited_at <= 0)
            return cvd_diag_set(diag, CVD_ESTATE, "an exited embargo needs its reason and time");
        if (pending)
            return cvd_diag_set(diag, CVD_ESTATE, "an exited embargo has no pending proposal");
        break;
    }
    if (e->state != CVD_EM_EXITED && (e->reason != CVD_EM_REASON_NONE || e->exited_at != 0))
        return cvd_diag_set(diag, CVD_ESTATE, "an embargo that is %s has no exit reason", st);
    return 0;
}

bool cvd_embargo_expired(const struct cvd_embargo *e, int64_t now)
{
    return e != NULL && em_running(e->state) && now >= e->end;
}

/* ---- pxa ---- */

int cvd_pxa_next(unsigned from, enum cvd_cs_event ev, unsigned *ret_to, struct cvd_diag *diag)
{
    if (!cvd_pxa_valid(from))
        return cvd_diag_set(diag, CVD_EINVAL, "invalid pxa 0x%x", from);
    unsigned letter;
    const char *already;
    switch (ev) {
    case CVD_CS_PUBLIC_AWARENESS:
        letter = CVD_PXA_PUBLIC;
        already = "the vulnerability is already public";
        break;
    case CVD_CS_EXPLOIT_PUBLIC:
        letter = CVD_PXA_EXPLOIT;
        already = "an exploit is already public";
        break;
    case CVD_CS_ATTACKS_OBSERVED:
        letter = CVD_PXA_ATTACKS;
        already = "attacks were already observed";
        break;
    default:
        return cvd_diag_set(diag, CVD_EINVAL, "unknown case event %d", (int)ev);
    }
    if (from & letter)
        return cvd_diag_set(diag, CVD_ESTATE, "cannot record %s on a case that is %s: %s",
                            cvd_cs_event_name(ev), cvd_pxa_name(from), already);
    unsigned to = from | letter;
    if (to & CVD_PXA_EXPLOIT)
        to |= CVD_PXA_PUBLIC; /* a public exploit makes the vulnerability public */
    *ret_to = to;
    return 0;
}

int cvd_pxa_apply(unsigned *pxa, struct cvd_embargo *em, enum cvd_cs_event ev, int64_t now,
                  struct cvd_pxa_effect *ret, struct cvd_diag *diag)
{
    if (pxa == NULL || em == NULL || now <= 0)
        return cvd_diag_set(diag, CVD_EINVAL, "no pxa, no embargo or no time to apply an event");
    if (!em_state_valid(em->state))
        return cvd_diag_set(diag, CVD_EINVAL, "unknown embargo state %d", (int)em->state);
    unsigned to;
    int rc = cvd_pxa_next(*pxa, ev, &to, diag);
    if (rc)
        return rc;
    struct cvd_pxa_effect fx = {
        .pxa_before = *pxa,
        .pxa_after = to,
        .set = to & ~*pxa,
        .em_before = em->state,
        .em_after = em->state,
    };
    struct cvd_embargo n = *em;
    if (fx.set & CVD_PXA_PUBLIC) {
        /* INV04: the secret is out, so nothing is left to keep. */
        if (em->state == CVD_EM_PROPOSED) {
            n.state = CVD_EM_NONE;
            n.pending_end = 0;
            n.pending_proposer = 0;
            n.pending_at = 0;
            fx.em_changed = true;
            fx.em_action = CVD_EM_REJECT;
        } else if (em_running(em->state)) {
            n.state = CVD_EM_EXITED;
            n.reason =
                (fx.set & CVD_PXA_EXPLOIT) ? CVD_EM_REASON_EXPLOIT_PUBLIC : CVD_EM_REASON_PUBLIC;
            n.exited_at = now;
            n.pending_end = 0;
            n.pending_proposer = 0;
            n.pending_at = 0;
            fx.em_changed = true;
            fx.em_action = CVD_EM_TERMINATE;
            fx.em_reason = n.reason;
        }
    }
    if ((fx.set & CVD_PXA_ATTACKS) && (n.state == CVD_EM_PROPOSED || em_running(n.state)))
        fx.embargo_should_end = true;
    fx.em_after = n.state;
    *em = n;
    *pxa = to;
    if (ret != NULL)
        *ret = fx;
    return 0;
}

/* ---- participants ---- */

static bool case_state_valid(enum cvd_case_state s)
{
    return (int)s >= 0 && (int)s < CVD_CASE_STATE_COUNT;
}

int cvd_invite_check(enum cvd_case_state coord_rm, struct cvd_diag *diag)
{
    if (!case_state_valid(coord_rm))
        return cvd_diag_set(diag, CVD_EINVAL, "unknown case state %d", (int)coord_rm);
    if (coord_rm != CVD_CASE_ACCEPTED)
        return cvd_diag_set(diag, CVD_ESTATE,
                            "cannot invite a participant to a case that is %s (allowed when "
                            "accepted)",
                            cvd_case_state_name(coord_rm));
    return 0;
}

int cvd_participant_invite(struct cvd_participant *p, int64_t org_id, unsigned roles,
                           enum cvd_case_state coord_rm, int64_t now, struct cvd_diag *diag)
{
    if (p == NULL || now <= 0)
        return cvd_diag_set(diag, CVD_EINVAL, "no participant or no time to invite");
    if (org_id <= 0)
        return cvd_diag_set(diag, CVD_EINVAL, "a participant needs an organisation");
    if (!roles_valid(roles))
        return cvd_diag_set(diag, CVD_EINVAL, "invalid participant roles 0x%x", roles);
    int rc = cvd_invite_check(coord_rm, diag);
    if (rc)
        return rc;
    *p = (struct cvd_participant){
        .org_id = org_id,
        .roles = roles,
        .rm = CVD_RM_START,
        .vfd = CVD_VFD_NONE,
        .engaged = true,
        .invited_at = now,
    };
    return 0;
}

static bool participant_ranges_valid(const struct cvd_participant *p)
{
    return (int)p->rm >= 0 && (int)p->rm < CVD_RM_STATE_COUNT && (int)p->vfd >= 0 &&
           (int)p->vfd < CVD_VFD_COUNT && (int)p->em_answer >= 0 &&
           (int)p->em_answer < CVD_EM_ANSWER_COUNT;
}

int cvd_participant_rm_apply(struct cvd_participant *p, enum cvd_rm_action act, int64_t now,
                             struct cvd_diag *diag)
{
    if (p == NULL || now <= 0)
        return cvd_diag_set(diag, CVD_EINVAL, "no participant or no time to apply an action");
    if (!roles_valid(p->roles) || !participant_ranges_valid(p))
        return cvd_diag_set(diag, CVD_EINVAL, "invalid participant");
    enum cvd_rm_state to;
    int rc = cvd_rm_next(p->rm, act, &to, diag);
    if (rc)
        return rc;
    struct cvd_participant n = *p;
    if (act == CVD_RM_DELIVER) {
        n.delivered_at = now;
        /* CV: from delivery on, a vendor knows (INV05's "at least V once delivered"). */
        if ((p->roles & CVD_CASE_ROLE_VENDOR) && p->vfd == CVD_VFD_NONE)
            n.vfd = CVD_VFD_AWARE;
    }
    n.rm = to;
    *p = n;
    return 0;
}

int cvd_participant_vfd_apply(struct cvd_participant *p, enum cvd_vfd_action act,
                              struct cvd_diag *diag)
{
    if (p == NULL)
        return cvd_diag_set(diag, CVD_EINVAL, "no participant");
    if (!participant_ranges_valid(p))
        return cvd_diag_set(diag, CVD_EINVAL, "invalid participant");
    enum cvd_vfd to;
    int rc = cvd_vfd_next(p->roles, p->vfd, act, &to, diag);
    if (rc)
        return rc;
    if (p->rm == CVD_RM_START)
        return cvd_diag_set(diag, CVD_ESTATE,
                            "cannot %s a participant that has not had the report yet",
                            vendor_edges[act].verb);
    p->vfd = to;
    return 0;
}

static bool em_answerable(enum cvd_em_state em)
{
    return em == CVD_EM_PROPOSED || em_running(em);
}

int cvd_participant_embargo_answer(struct cvd_participant *p, enum cvd_em_state em, unsigned pxa,
                                   bool accept, struct cvd_diag *diag)
{
    if (p == NULL)
        return cvd_diag_set(diag, CVD_EINVAL, "no participant");
    if (!em_state_valid(em))
        return cvd_diag_set(diag, CVD_EINVAL, "unknown embargo state %d", (int)em);
    if (!cvd_pxa_valid(pxa))
        return cvd_diag_set(diag, CVD_EINVAL, "invalid pxa 0x%x", pxa);
    const char *verb = accept ? "accept" : "reject";
    if (!em_answerable(em))
        return cvd_diag_set(diag, CVD_ESTATE,
                            "cannot %s an embargo that is %s (allowed when proposed, active or "
                            "revising)",
                            verb, cvd_em_state_name(em));
    if (!p->engaged)
        return cvd_diag_set(diag, CVD_ESTATE, "cannot %s an embargo for a participant that left",
                            verb);
    if (p->rm == CVD_RM_CLOSED)
        return cvd_diag_set(diag, CVD_ESTATE,
                            "cannot %s an embargo for a participant that is closed", verb);
    if (accept && em == CVD_EM_PROPOSED && pxa != 0)
        return cvd_diag_set(diag, CVD_ESTATE,
                            "cannot accept an embargo: %s (pxa is %s; no embargo is negotiated "
                            "once anything is public, exploited or attacked)",
                            pxa_because(pxa), cvd_pxa_name(pxa));
    p->em_answer = accept ? CVD_EM_ANSWER_ACCEPTED : CVD_EM_ANSWER_REJECTED;
    if (accept)
        p->embargo_adherence = true;
    return 0;
}

int cvd_participant_leave(struct cvd_participant *p, bool keep_adherence, int64_t now,
                          struct cvd_diag *diag)
{
    if (p == NULL || now <= 0)
        return cvd_diag_set(diag, CVD_EINVAL, "no participant or no time to leave");
    if (!p->engaged)
        return cvd_diag_set(diag, CVD_ESTATE, "cannot leave a case the participant already left");
    p->engaged = false;
    p->left_at = now;
    if (!keep_adherence)
        p->embargo_adherence = false;
    return 0;
}

int cvd_participant_set_override(struct cvd_participant *p, struct cvd_str reason,
                                 struct cvd_diag *diag)
{
    if (p == NULL)
        return cvd_diag_set(diag, CVD_EINVAL, "no participant");
    int rc =
        cvd_text_check(reason, CVD_OVERRIDE_REASON_MAX, CVD_TEXT_REQUIRED, "override reason", diag);
    if (rc)
        return rc;
    p->override_reason = reason;
    return 0;
}

bool cvd_participant_may_see_report(const struct cvd_participant *p, enum cvd_em_state em)
{
    if (p == NULL || !em_state_valid(em))
        return false;
    if (!em_running(em))
        return true;
    /* The coordinator and the reporter hold the report already: nothing to withhold. */
    if (p->roles & (CVD_CASE_ROLE_COORDINATOR | CVD_CASE_ROLE_REPORTER))
        return true;
    if (p->embargo_adherence)
        return true;
    return p->override_reason.len > 0 && !cvd_text_is_blank(p->override_reason);
}

/* INV11: a closed or departed participant is out of the conversation. */
static bool participant_listening(const struct cvd_participant *p)
{
    return p->engaged && p->rm != CVD_RM_CLOSED;
}

bool cvd_participant_may_receive(const struct cvd_participant *p, bool coordinator_inquiry)
{
    if (p == NULL)
        return false;
    return participant_listening(p) || coordinator_inquiry;
}

bool cvd_participant_may_send(const struct cvd_participant *p, bool to_coordinator)
{
    if (p == NULL)
        return false;
    return participant_listening(p) || to_coordinator;
}

int cvd_participant_check(const struct cvd_participant *p, struct cvd_diag *diag)
{
    if (p == NULL)
        return cvd_diag_set(diag, CVD_EINVAL, "no participant");
    if (!roles_valid(p->roles))
        return cvd_diag_set(diag, CVD_EINVAL, "invalid participant roles 0x%x", p->roles);
    if (!participant_ranges_valid(p))
        return cvd_diag_set(diag, CVD_EINVAL, "participant state out of range");
    bool vendor = (p->roles & CVD_CASE_ROLE_VENDOR) != 0;
    bool deployer = (p->roles & CVD_CASE_ROLE_DEPLOYER) != 0;
    if (!vendor && deployer && p->vfd != CVD_VFD_NONE && p->vfd != CVD_VFD_DEPLOYED)
        return cvd_diag_set(diag, CVD_ESTATE, "a deployer's fix path is none or deployed, not %s",
                            cvd_vfd_name(p->vfd));
    if (!vendor && !deployer && p->vfd != CVD_VFD_NONE)
        return cvd_diag_set(diag, CVD_ESTATE,
                            "a participant that is neither vendor nor deployer has no fix path");
    if (p->rm == CVD_RM_START && p->vfd != CVD_VFD_NONE)
        return cvd_diag_set(diag, CVD_ESTATE,
                            "a participant that has not had the report has no fix path yet");
    if (vendor && p->rm != CVD_RM_START && p->vfd == CVD_VFD_NONE)
        return cvd_diag_set(diag, CVD_ESTATE,
                            "a vendor that has had the report is at least aware (INV05)");
    return 0;
}

int cvd_em_tally(const struct cvd_participant *ps, size_t n, enum cvd_em_policy policy,
                 struct cvd_em_tally *ret, struct cvd_diag *diag)
{
    if ((ps == NULL && n > 0) || ret == NULL)
        return cvd_diag_set(diag, CVD_EINVAL, "no participants to count");
    unsigned must;
    switch (policy) {
    case CVD_EM_POLICY_VENDORS:
        must = CVD_CASE_ROLE_VENDOR | CVD_CASE_ROLE_COORDINATOR;
        break;
    case CVD_EM_POLICY_COORDINATOR:
        must = CVD_CASE_ROLE_COORDINATOR;
        break;
    default:
        return cvd_diag_set(diag, CVD_EINVAL, "unknown embargo policy %d", (int)policy);
    }
    struct cvd_em_tally t = {.outcome = CVD_EM_OUTCOME_PENDING};
    for (size_t i = 0; i < n; i++) {
        const struct cvd_participant *p = &ps[i];
        if ((int)p->em_answer < 0 || (int)p->em_answer >= CVD_EM_ANSWER_COUNT)
            return cvd_diag_set(diag, CVD_EINVAL, "participant %zu: unknown answer %d", i,
                                (int)p->em_answer);
        if (!(p->roles & must) || !participant_listening(p) || p->rm == CVD_RM_START)
            continue;
        t.required++;
        if (p->em_answer == CVD_EM_ANSWER_ACCEPTED)
            t.accepted++;
        else if (p->em_answer == CVD_EM_ANSWER_REJECTED)
            t.rejected++;
        else
            t.waiting++;
    }
    if (t.rejected > 0)
        t.outcome = CVD_EM_OUTCOME_REJECTED;
    else if (t.required > 0 && t.accepted == t.required)
        t.outcome = CVD_EM_OUTCOME_ACCEPTED;
    *ret = t;
    return 0;
}
