/* Multi-party coordination (../shared/reference/standards.md §2.5, §2.6): the Vultron
 * machines a case runs once vendors and others join it. Embargo management (EM, one per
 * case), the case-wide pxa bits (public aware, exploit public, attacks observed), each vendor's
 * fix path (vfd), each participant's report management (RM), and the rules that tie them
 * together (INV02-INV07, INV11).
 *
 * Pure, like the rest of the model: no I/O, no allocation, no clock reads; "now" is always an
 * argument (Unix seconds UTC, > 0; INV12). Each machine is one table; every function that
 * changes a struct changes it only on success, so a refusal leaves the caller's copy as it
 * was. Refusals return CVD_ESTATE with a message saying what was refused and why; values out of
 * range are CVD_EINVAL. The caller (core) writes one event per change, with the type the
 * `_event` functions below give. */
#ifndef CVD_COORD_H
#define CVD_COORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cvd/compiler.h"
#include "cvd/err.h"
#include "cvd/model.h"
#include "cvd/str.h"

/* ==== Embargo management (EM): one per case ==== */

enum cvd_em_state {
    CVD_EM_NONE,     /* N: no embargo, none proposed */
    CVD_EM_PROPOSED, /* P: a proposal waits for answers */
    CVD_EM_ACTIVE,   /* A: an embargo runs */
    CVD_EM_REVISING, /* R: an embargo runs and a revision of it waits for answers */
    CVD_EM_EXITED,   /* X: the embargo ended; final, no second embargo in a case */
};

enum cvd_em_action {
    CVD_EM_PROPOSE,         /* EP, EV21 */
    CVD_EM_ACCEPT,          /* EA, EV22 */
    CVD_EM_REJECT,          /* ER, EV23 */
    CVD_EM_REVISE,          /* EV, EV24: propose a new end for the running embargo */
    CVD_EM_ACCEPT_REVISION, /* EC, EV24 */
    CVD_EM_REJECT_REVISION, /* EJ, EV24 */
    CVD_EM_TERMINATE,       /* ET, EV25: needs a reason */
};

/* Why an embargo ended (EV25). NONE is for every action but terminate. */
enum cvd_em_reason {
    CVD_EM_REASON_NONE,
    CVD_EM_REASON_EXPIRED,              /* its end was reached */
    CVD_EM_REASON_PUBLIC,               /* P set (INV04) */
    CVD_EM_REASON_EXPLOIT_PUBLIC,       /* X set (INV04) */
    CVD_EM_REASON_ATTACKS,              /* A set: SHOULD end */
    CVD_EM_REASON_QUORUM_FIX_READY,     /* enough vendors have a fix: MAY end */
    CVD_EM_REASON_COORDINATOR_DECISION, /* anything else the coordinator decides */
};

/* The longest an embargo may run, from its start (its acceptance) to its end, revisions
 * included; a proposal's end is measured from the time it is made. Vultron: an embargo
 * "SHALL NOT be used to delay publication indefinitely" and should last days to a few
 * months; a year is far beyond any published default (45 or 90 days), so only a mistake or
 * an attempt to bury the case reaches it. */
#define CVD_EMBARGO_MAX_SECONDS (365 * CVD_DAY_SECONDS)

/* A case's embargo. Times are Unix seconds UTC; 0 and org id 0 mean none. */
struct cvd_embargo {
    enum cvd_em_state state;
    /* The running embargo (A, R); kept after it exits (X) as its history. */
    int64_t start;    /* when it was accepted */
    int64_t end;      /* when it ends */
    int64_t proposer; /* organisation that proposed it */
    /* The pending proposal (P) or revision (R); all 0 otherwise. */
    int64_t pending_end;
    int64_t pending_proposer;
    int64_t pending_at; /* when it was proposed */
    /* Once exited (X). */
    enum cvd_em_reason reason;
    int64_t exited_at;
};

/* What an action takes besides the embargo: the proposed end and the proposing
 * organisation (propose, revise), the reason (terminate). Unused fields are 0. */
struct cvd_em_input {
    int64_t end;
    int64_t org;
    enum cvd_em_reason reason;
};

/* ==== Case state: pxa (case-wide) ==== */

/* The pxa bits, irreversible; X without P is not a state (X sets P). */
enum cvd_pxa_flags {
    CVD_PXA_PUBLIC = 1u << 0,  /* P: the public knows of the vulnerability */
    CVD_PXA_EXPLOIT = 1u << 1, /* X: an exploit is public */
    CVD_PXA_ATTACKS = 1u << 2, /* A: attacks have been observed */
};

#define CVD_PXA_ALL (CVD_PXA_PUBLIC | CVD_PXA_EXPLOIT | CVD_PXA_ATTACKS)

/* The evidence that sets a pxa letter (EV26-EV28). */
enum cvd_cs_event {
    CVD_CS_PUBLIC_AWARENESS, /* CP: sets P */
    CVD_CS_EXPLOIT_PUBLIC,   /* CX: sets X and P */
    CVD_CS_ATTACKS_OBSERVED, /* CA: sets A */
};

/* What applying a pxa event changed, so the caller writes one event per change. */
struct cvd_pxa_effect {
    unsigned pxa_before;
    unsigned pxa_after;
    unsigned set; /* the letters this event set: CVD_PXA_EXPLOIT | CVD_PXA_PUBLIC for X on p */
    enum cvd_em_state em_before;
    enum cvd_em_state em_after;
    bool em_changed;
    enum cvd_em_action em_action; /* when em_changed: REJECT (P -> N) or TERMINATE (A|R -> X) */
    enum cvd_em_reason em_reason; /* TERMINATE: PUBLIC or EXPLOIT_PUBLIC; else NONE */
    /* Attacks observed while an embargo runs or is proposed: termination (or rejecting the
     * proposal, which INV03 already makes unacceptable) SHOULD follow, but is not forced,
     * since attacks do not make the details public. */
    bool embargo_should_end;
};

/* ==== Participants ==== */

/* A participant's roles in a case (flags; Vultron case_role). */
enum cvd_case_role {
    CVD_CASE_ROLE_FINDER = 1u << 0,
    CVD_CASE_ROLE_REPORTER = 1u << 1,
    CVD_CASE_ROLE_VENDOR = 1u << 2,
    CVD_CASE_ROLE_COORDINATOR = 1u << 3,
    CVD_CASE_ROLE_DEPLOYER = 1u << 4,
    CVD_CASE_ROLE_OTHER = 1u << 5,
};

#define CVD_CASE_ROLES_ALL 0x3fu

/* A participant's report management (Vultron RM). The coordinator's is the case's coord_rm
 * (enum cvd_case_state). */
enum cvd_rm_state {
    CVD_RM_START,    /* S: invited, nothing delivered yet */
    CVD_RM_RECEIVED, /* R */
    CVD_RM_INVALID,  /* I */
    CVD_RM_VALID,    /* V */
    CVD_RM_ACCEPTED, /* A */
    CVD_RM_DEFERRED, /* D */
    CVD_RM_CLOSED,   /* C */
};

enum cvd_rm_action {
    CVD_RM_DELIVER,    /* S -> R (EV13) */
    CVD_RM_VALIDATE,   /* R|I -> V */
    CVD_RM_INVALIDATE, /* R -> I */
    CVD_RM_ACCEPT,     /* V|D -> A */
    CVD_RM_DEFER,      /* V|A -> D */
    CVD_RM_CLOSE,      /* I|D|A -> C */
};

/* A vendor's fix path (vfd -> Vfd -> VFd -> VFD); a deployer has only d -> D, spelt NONE ->
 * DEPLOYED; anyone else stays NONE. */
enum cvd_vfd {
    CVD_VFD_NONE,     /* vfd (deployer: d) */
    CVD_VFD_AWARE,    /* Vfd */
    CVD_VFD_READY,    /* VFd: a fix or mitigation is ready */
    CVD_VFD_DEPLOYED, /* VFD (deployer: D) */
};

enum cvd_vfd_action {
    CVD_VFD_NOTIFY, /* CV: the report was delivered (EV13) */
    CVD_VFD_FIX,    /* CF (EV17) */
    CVD_VFD_DEPLOY, /* CD (EV18) */
};

/* A participant's answer to the pending embargo proposal or revision. */
enum cvd_em_answer {
    CVD_EM_ANSWER_NONE,
    CVD_EM_ANSWER_ACCEPTED,
    CVD_EM_ANSWER_REJECTED,
};

/* Who must answer an embargo proposal (EV22: "all engaged vendors, or coordinator decides"). */
enum cvd_em_policy {
    CVD_EM_POLICY_VENDORS,     /* every engaged vendor and coordinator */
    CVD_EM_POLICY_COORDINATOR, /* the engaged coordinators alone */
};

enum cvd_em_outcome {
    CVD_EM_OUTCOME_PENDING,
    CVD_EM_OUTCOME_ACCEPTED,
    CVD_EM_OUTCOME_REJECTED,
};

#define CVD_OVERRIDE_REASON_MAX 500 /* bytes */

struct cvd_participant {
    int64_t id;
    int64_t case_id;
    int64_t org_id;
    unsigned roles; /* enum cvd_case_role flags, at least one */
    enum cvd_rm_state rm;
    enum cvd_vfd vfd;
    bool engaged;                 /* false once it left the case (EV19) */
    bool embargo_adherence;       /* it accepted the embargo and keeps it (also after leaving) */
    enum cvd_em_answer em_answer; /* to the pending proposal or revision */
    /* INV07: the coordinator's reason for showing the report to it before it accepted the
     * embargo; blank: no override. Borrowed, like every cvd_str of the model. */
    struct cvd_str override_reason;
    int64_t invited_at;
    int64_t delivered_at;
    int64_t left_at;
};

/* What an embargo proposal's answers add up to (cvd_em_tally). */
struct cvd_em_tally {
    enum cvd_em_outcome outcome;
    size_t required; /* participants whose answer counts */
    size_t accepted;
    size_t rejected;
    size_t waiting; /* required and not yet answered */
};

/* How many values each enum has (values run from 0 to COUNT - 1; the role flags are
 * 1 << 0 to 1 << (COUNT - 1)). */
#define CVD_EM_STATE_COUNT   5
#define CVD_EM_ACTION_COUNT  7
#define CVD_EM_REASON_COUNT  7
#define CVD_CS_EVENT_COUNT   3
#define CVD_CASE_ROLE_COUNT  6
#define CVD_RM_STATE_COUNT   7
#define CVD_RM_ACTION_COUNT  6
#define CVD_VFD_COUNT        4
#define CVD_VFD_ACTION_COUNT 3
#define CVD_EM_ANSWER_COUNT  3
#define CVD_EM_POLICY_COUNT  2
#define CVD_EM_OUTCOME_COUNT 3

/* ---- names, as in cvd/model.h: a lower-case word in static storage (NULL out of range);
 * `_parse` takes exactly that word and returns 0 or CVD_EINVAL, writing *ret on success only.
 *
 *   cvd_em_state      none proposed active revising exited
 *   cvd_em_action     propose accept reject revise accept_revision reject_revision terminate
 *   cvd_em_reason     none expired public exploit_public attacks quorum_fix_ready
 *                     coordinator_decision
 *   cvd_cs_event      public_awareness exploit_public attacks_observed
 *   cvd_case_role     finder reporter vendor coordinator deployer other (one flag at a time)
 *   cvd_rm_state      start received invalid valid accepted deferred closed
 *   cvd_rm_action     deliver validate invalidate accept defer close
 *   cvd_vfd           none aware fix_ready deployed
 *   cvd_vfd_action    notify fix deploy
 *   cvd_em_answer     none accepted rejected
 *   cvd_em_policy     vendors coordinator
 *   cvd_em_outcome    pending accepted rejected */

const char *cvd_em_state_name(enum cvd_em_state v);
CVD_MUST_CHECK int cvd_em_state_parse(struct cvd_str s, enum cvd_em_state *ret);
const char *cvd_em_action_name(enum cvd_em_action v);
CVD_MUST_CHECK int cvd_em_action_parse(struct cvd_str s, enum cvd_em_action *ret);
const char *cvd_em_reason_name(enum cvd_em_reason v);
CVD_MUST_CHECK int cvd_em_reason_parse(struct cvd_str s, enum cvd_em_reason *ret);
const char *cvd_cs_event_name(enum cvd_cs_event v);
CVD_MUST_CHECK int cvd_cs_event_parse(struct cvd_str s, enum cvd_cs_event *ret);
/** NULL unless v is exactly one known flag. */
const char *cvd_case_role_name(enum cvd_case_role v);
CVD_MUST_CHECK int cvd_case_role_parse(struct cvd_str s, enum cvd_case_role *ret);
const char *cvd_rm_state_name(enum cvd_rm_state v);
CVD_MUST_CHECK int cvd_rm_state_parse(struct cvd_str s, enum cvd_rm_state *ret);
const char *cvd_rm_action_name(enum cvd_rm_action v);
CVD_MUST_CHECK int cvd_rm_action_parse(struct cvd_str s, enum cvd_rm_action *ret);
const char *cvd_vfd_name(enum cvd_vfd v);
CVD_MUST_CHECK int cvd_vfd_parse(struct cvd_str s, enum cvd_vfd *ret);
const char *cvd_vfd_action_name(enum cvd_vfd_action v);
CVD_MUST_CHECK int cvd_vfd_action_parse(struct cvd_str s, enum cvd_vfd_action *ret);
const char *cvd_em_answer_name(enum cvd_em_answer v);
CVD_MUST_CHECK int cvd_em_answer_parse(struct cvd_str s, enum cvd_em_answer *ret);
const char *cvd_em_policy_name(enum cvd_em_policy v);
CVD_MUST_CHECK int cvd_em_policy_parse(struct cvd_str s, enum cvd_em_policy *ret);
const char *cvd_em_outcome_name(enum cvd_em_outcome v);
CVD_MUST_CHECK int cvd_em_outcome_parse(struct cvd_str s, enum cvd_em_outcome *ret);

/** The Vultron spelling of a pxa state: "pxa", "Pxa", "PXa", "pxA", "PxA", "PXA" (upper
 * case = happened; the letters are the point here, so this one is not lower-case). NULL for
 * bits outside CVD_PXA_ALL or X without P. */
const char *cvd_pxa_name(unsigned pxa);
/** Parse exactly one of the six spellings above; 0 or CVD_EINVAL. */
CVD_MUST_CHECK int cvd_pxa_parse(struct cvd_str s, unsigned *ret);
/** Whether pxa is one of the six states (no unknown bit, no X without P). */
bool cvd_pxa_valid(unsigned pxa);

/* ---- event types (struct cvd_event.type) ---- */

#define CVD_EVENT_PARTICIPANT_INVITED          "participant.invited"          /* EV12 */
#define CVD_EVENT_PARTICIPANT_EMBARGO_ACCEPTED "participant.embargo_accepted" /* EV14 */
#define CVD_EVENT_PARTICIPANT_EMBARGO_REJECTED "participant.embargo_rejected" /* EV14 */
#define CVD_EVENT_PARTICIPANT_LEFT             "participant.left"             /* EV19 */

/** "embargo.proposed", "embargo.accepted", "embargo.rejected", "embargo.revision_proposed",
 * "embargo.revision_accepted", "embargo.revision_rejected", "embargo.terminated" (EV21-EV25);
 * NULL out of range. */
const char *cvd_em_action_event(enum cvd_em_action act);
/** "case.public_awareness", "case.exploit_public", "case.attacks_observed" (EV26-EV28). */
const char *cvd_cs_event_type(enum cvd_cs_event ev);
/** "participant.delivered" for deliver (EV13), "participant.rm_changed" for the others
 * (EV15). */
const char *cvd_rm_action_event(enum cvd_rm_action act);
/** "participant.delivered" for notify (a vendor becomes aware on delivery, EV13),
 * "vendor.fix_ready" (EV17), "vendor.fix_deployed" (EV18). */
const char *cvd_vfd_action_event(enum cvd_vfd_action act);

/* ---- the EM machine (Vultron grammar N -> P, P -> P|N|A, A -> R|X, R -> R|A|X)
 *
 *   action           allowed in   moves to     action           allowed in   moves to
 *   propose          N P          P            accept_revision  R            A
 *   accept           P            A            reject_revision  R            A
 *   reject           P            N            terminate        A R          X
 *   revise           A R          R
 *
 * Nothing leaves X. A second embargo is never started while one runs (INV02): propose is
 * refused in A and R, where revise is the way to change the end. */

/** The state after act in from: 0 and *ret_to, CVD_ESTATE ("cannot accept an embargo that is
 * none (allowed when proposed)"), CVD_EINVAL out of range. The table only; the guards are in
 * cvd_embargo_apply. */
CVD_MUST_CHECK int cvd_em_next(enum cvd_em_state from, enum cvd_em_action act,
                               enum cvd_em_state *ret_to, struct cvd_diag *diag);
/** Whether cvd_em_next(from, act) succeeds. */
bool cvd_em_can(enum cvd_em_state from, enum cvd_em_action act);

/** Apply act to *e at now, with the case's pxa. After the table (cvd_em_next):
 *   INV03: propose, accept, revise and accept_revision need pxa == 0 (CVD_ESTATE): no
 *          embargo is negotiated once anything is public, exploited or attacked;
 *   propose, revise: in->org > 0 and now < in->end (CVD_ERANGE otherwise); a proposal's end
 *          at most CVD_EMBARGO_MAX_SECONDS after now, a revision's after the running
 *          embargo's start (CVD_ERANGE);
 *   accept, accept_revision: the pending end is still after now (CVD_ERANGE: a proposal that
 *          went stale is proposed again, never activated already over);
 *   terminate: a reason (CVD_EMISSING); EXPIRED only once now >= end (CVD_ESTATE);
 *   every other action: in->reason NONE (CVD_EINVAL).
 * Effects: propose and revise record the pending end, proposer and time (a new one replaces
 * a pending one); accept starts the embargo (start = now, end and proposer from the
 * proposal); accept_revision replaces the end and proposer, keeping start; reject and
 * reject_revision drop the pending proposal (the running embargo is unchanged); terminate
 * records reason and exited_at and drops any pending revision. in may be NULL for accept,
 * reject, accept_revision and reject_revision. On error *e is unchanged. */
CVD_MUST_CHECK int cvd_embargo_apply(struct cvd_embargo *e, enum cvd_em_action act, unsigned pxa,
                                     const struct cvd_em_input *in, int64_t now,
                                     struct cvd_diag *diag);

/** Whether *e is a consistent stored embargo (INV02): N has no pending proposal and no
 * running embargo; P has a pending end and proposer and no running embargo; A and R have a
 * start, an end after the start at most CVD_EMBARGO_MAX_SECONDS later, and a proposer; R
 * also a pending revision, A none; X has a reason and exited_at. 0 or CVD_ESTATE with the
 * rule broken in diag; CVD_EINVAL for NULL or out-of-range values. */
CVD_MUST_CHECK int cvd_embargo_check(const struct cvd_embargo *e, struct cvd_diag *diag);

/** Whether the running embargo has reached its end at now (A or R and now >= end): time to
 * terminate with CVD_EM_REASON_EXPIRED (T-EMBARGO-END). */
bool cvd_embargo_expired(const struct cvd_embargo *e, int64_t now);

/* ---- pxa ---- */

/** The pxa after ev: 0 and *ret_to, CVD_ESTATE when ev's letter is already set (the event
 * happened before; history does not repeat), CVD_EINVAL for an invalid pxa or event. X on a
 * case without P sets both. */
CVD_MUST_CHECK int cvd_pxa_next(unsigned from, enum cvd_cs_event ev, unsigned *ret_to,
                                struct cvd_diag *diag);

/** Apply ev to the case's pxa and embargo together (INV04): set the letters by cvd_pxa_next,
 * and when P is newly set (by either event) move the embargo P -> N (the proposal is
 * rejected: pending dropped) or A|R -> X (terminated with reason PUBLIC or EXPLOIT_PUBLIC,
 * exited_at = now). Attacks change no EM state but set embargo_should_end when em is P, A or
 * R. *ret (may be NULL) says what changed. On error neither *pxa nor *em changes. */
CVD_MUST_CHECK int cvd_pxa_apply(unsigned *pxa, struct cvd_embargo *em, enum cvd_cs_event ev,
                                 int64_t now, struct cvd_pxa_effect *ret, struct cvd_diag *diag);

/* ---- the participant machines ---- */

/** Participant RM, the Vultron edges (S -> R on delivery, then as the report table of
 * cvd/model.h without its V -> I, which Vultron's DFA does not have):
 *   deliver S -> R; validate R|I -> V; invalidate R -> I; accept V|D -> A; defer V|A -> D;
 *   close I|D|A -> C.
 * As cvd_em_next ("cannot accept the report for a participant that is start (allowed
 * when valid or deferred)"). */
CVD_MUST_CHECK int cvd_rm_next(enum cvd_rm_state from, enum cvd_rm_action act,
                               enum cvd_rm_state *ret_to, struct cvd_diag *diag);
bool cvd_rm_can(enum cvd_rm_state from, enum cvd_rm_action act);

/** The fix path of a participant with roles (INV05: F needs V, D needs F):
 *   vendor (whatever else it is):  notify NONE -> AWARE; fix AWARE -> READY;
 *                                  deploy READY -> DEPLOYED;
 *   deployer, not vendor:          deploy NONE -> DEPLOYED;
 *   anyone else:                   nothing.
 * As cvd_em_next; CVD_EINVAL also for roles 0 or with unknown bits. */
CVD_MUST_CHECK int cvd_vfd_next(unsigned roles, enum cvd_vfd from, enum cvd_vfd_action act,
                                enum cvd_vfd *ret_to, struct cvd_diag *diag);
bool cvd_vfd_can(unsigned roles, enum cvd_vfd from, enum cvd_vfd_action act);

/** INV06: whether the case's coordinator may notify another organisation: only while the
 * case is accepted (coord_rm = A; Vultron: only an Accepted participant sends RS). 0 or
 * CVD_ESTATE; CVD_EINVAL out of range. */
CVD_MUST_CHECK int cvd_invite_check(enum cvd_case_state coord_rm, struct cvd_diag *diag);

/** EV12: start *p as an invited participant of org_id with roles, after cvd_invite_check:
 * rm S, vfd NONE, engaged, no embargo adherence or answer, invited_at = now; the other
 * fields are zeroed. CVD_EINVAL for org_id <= 0 or roles 0 or with unknown bits. On error *p
 * is unchanged. */
CVD_MUST_CHECK int cvd_participant_invite(struct cvd_participant *p, int64_t org_id, unsigned roles,
                                          enum cvd_case_state coord_rm, int64_t now,
                                          struct cvd_diag *diag);

/** A step of p's RM by cvd_rm_next. Deliver also sets delivered_at and, for a vendor, the
 * fix path NONE -> AWARE (CV: a vendor knows of the case from the moment it has the report,
 * INV05). On error *p is unchanged. */
CVD_MUST_CHECK int cvd_participant_rm_apply(struct cvd_participant *p, enum cvd_rm_action act,
                                            int64_t now, struct cvd_diag *diag);

/** A step of p's fix path by cvd_vfd_next, refused (CVD_ESTATE) before delivery (rm S): the
 * path starts with the report (EV13), and notify is normally done by deliver. On error *p is
 * unchanged. */
CVD_MUST_CHECK int cvd_participant_vfd_apply(struct cvd_participant *p, enum cvd_vfd_action act,
                                             struct cvd_diag *diag);

/** EV14: p answers the embargo (em is the case's state, pxa its bits). Allowed while em is
 * P, A or R, p is engaged and its rm is not C (CVD_ESTATE otherwise); accepting a proposal
 * (em P) needs pxa == 0 (INV03). Sets em_answer; accepting also sets embargo_adherence (an
 * invitee joining a running embargo accepts it this way). Rejecting never clears an
 * adherence already given: a rejected revision leaves the running embargo in force. */
CVD_MUST_CHECK int cvd_participant_embargo_answer(struct cvd_participant *p, enum cvd_em_state em,
                                                  unsigned pxa, bool accept, struct cvd_diag *diag);

/** EV19: p leaves the case: engaged false, left_at = now; embargo_adherence stays unless
 * keep_adherence is false (the participant declared it will not honour it). CVD_ESTATE if p
 * already left. */
CVD_MUST_CHECK int cvd_participant_leave(struct cvd_participant *p, bool keep_adherence,
                                         int64_t now, struct cvd_diag *diag);

/** INV07: record the coordinator's reason for showing p the report before it accepted the
 * embargo: a required single-line text of at most CVD_OVERRIDE_REASON_MAX bytes (the
 * cvd_text_check codes). p->override_reason borrows reason. */
CVD_MUST_CHECK int cvd_participant_set_override(struct cvd_participant *p, struct cvd_str reason,
                                                struct cvd_diag *diag);

/** INV07: whether p may see the report's content while the case's embargo is em: always
 * unless em is A or R; then only if p accepted the embargo (embargo_adherence), has an
 * override reason that is not blank, or is the case's coordinator or the reporter (who hold
 * the report already). false for NULL. */
bool cvd_participant_may_see_report(const struct cvd_participant *p, enum cvd_em_state em);

/** INV11: whether a message may be delivered to p: not when p's rm is C or p is not engaged,
 * except a direct inquiry (GI) from the coordinator (coordinator_inquiry true). false for
 * NULL. */
bool cvd_participant_may_receive(const struct cvd_participant *p, bool coordinator_inquiry);

/** INV11, the other direction: whether p's message is delivered to others: not when p's rm
 * is C or p is not engaged, except its answer to the coordinator alone (to_coordinator true),
 * so an inquiry can be answered. */
bool cvd_participant_may_send(const struct cvd_participant *p, bool to_coordinator);

/** Whether *p is consistent: roles known and not 0; rm and vfd in range; vfd on the role's
 * path (a deployer that is not a vendor is NONE or DEPLOYED, anyone else NONE); INV05: vfd
 * NONE while rm is S, and a vendor past S is at least AWARE. 0, CVD_ESTATE or CVD_EINVAL. */
CVD_MUST_CHECK int cvd_participant_check(const struct cvd_participant *p, struct cvd_diag *diag);

/** The answers of the n participants ps to the pending proposal or revision under policy
 * (EV22): the participants that must answer are the engaged ones, delivered (rm not S: one
 * that has not had the report cannot agree to it, and is offered the embargo on delivery)
 * and not closed (C: INV11 delivers them nothing), that are a vendor or coordinator
 * (VENDORS) or a coordinator (COORDINATOR). One rejection rejects; all accepting accepts;
 * otherwise, and when nobody must answer (fail closed), pending. The caller resets every
 * em_answer to NONE when a new proposal or revision is made, and records the proposer's as
 * ACCEPTED. 0 and *ret, or CVD_EINVAL (ps NULL with n > 0, policy or an answer out of
 * range). */
CVD_MUST_CHECK int cvd_em_tally(const struct cvd_participant *ps, size_t n,
                                enum cvd_em_policy policy, struct cvd_em_tally *ret,
                                struct cvd_diag *diag);

#endif
