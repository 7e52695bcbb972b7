/* coord: the multi-party machines (EM, pxa, vfd, participant RM), every state x action pair
 * against tables written here from standards.md §2.5/§2.6 (not from the code), one named test
 * per invariant the model carries (INV02-INV07, INV11), the embargo answers, and every name. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "cvd/coord.h"
#include "cvd/err.h"
#include "cvd/model.h"
#include "cvd/str.h"

#define S(lit) cvd_str_from_cstr(lit)

#define T0  INT64_C(1767225600) /* 2026-01-01T00:00:00Z */
#define DAY INT64_C(86400)

#define ORG_COORD  INT64_C(1)
#define ORG_VENDOR INT64_C(2)

/* The cell of row for action col: tables are written one letter per action, two spaces
 * apart. */
static char cell(const char *row, int col)
{
    return row[col * 3];
}

static int letter_index(const char *letters, char c)
{
    const char *p = strchr(letters, c);
    assert_non_null(p);
    return (int)(p - letters);
}

/* ---- EM: the Vultron grammar N -> p P; P -> p P | r N | a A; A -> p R | t X;
 * R -> p R | a A | r A | t X; X final. propose is p from N or P, revise is p from A or R. */

static const char em_letters[] = "NPARX"; /* by enum cvd_em_state */

static const char *const em_expected[CVD_EM_STATE_COUNT] = {
    /*                  propose accept reject revise acc_rev rej_rev terminate */
    [CVD_EM_NONE] = "P  -  -  -  -  -  -",   [CVD_EM_PROPOSED] = "P  A  N  -  -  -  -",
    [CVD_EM_ACTIVE] = "-  -  -  R  -  -  X", [CVD_EM_REVISING] = "-  -  -  R  A  A  X",
    [CVD_EM_EXITED] = "-  -  -  -  -  -  -",
};

static void test_em_machine_every_pair(void **state)
{
    (void)state;
    int allowed = 0;
    for (int from = 0; from < CVD_EM_STATE_COUNT; from++) {
        for (int act = 0; act < CVD_EM_ACTION_COUNT; act++) {
            char want = cell(em_expected[from], act);
            enum cvd_em_state to = (enum cvd_em_state)99;
            struct cvd_diag diag = {0};
            int rc = cvd_em_next((enum cvd_em_state)from, (enum cvd_em_action)act, &to, &diag);
            const char *fname = cvd_em_state_name((enum cvd_em_state)from);
            const char *aname = cvd_em_action_name((enum cvd_em_action)act);
            if (want == '-') {
                if (rc != CVD_ESTATE)
                    fail_msg("em %s on %s: got rc %d, want CVD_ESTATE", aname, fname, rc);
                assert_int_equal(to, 99);
                assert_true(strncmp(diag.msg, "cannot ", 7) == 0);
                assert_false(cvd_em_can((enum cvd_em_state)from, (enum cvd_em_action)act));
            } else {
                if (rc != 0)
                    fail_msg("em %s on %s: refused (%s), want %c", aname, fname, diag.msg, want);
                if ((int)to != letter_index(em_letters, want))
                    fail_msg("em %s on %s: got %s, want %c", aname, fname, cvd_em_state_name(to),
                             want);
                assert_true(cvd_em_can((enum cvd_em_state)from, (enum cvd_em_action)act));
                allowed++;
            }
        }
    }
    assert_int_equal(allowed, 10);
}

/* A consistent embargo in each state, as the apply function would leave it. */
static struct cvd_embargo embargo_in(enum cvd_em_state s)
{
    struct cvd_embargo e = {.state = s};
    if (s == CVD_EM_PROPOSED || s == CVD_EM_REVISING) {
        e.pending_end = T0 + 60 * DAY;
        e.pending_proposer = ORG_VENDOR;
        e.pending_at = T0 - DAY;
    }
    if (s == CVD_EM_ACTIVE || s == CVD_EM_REVISING || s == CVD_EM_EXITED) {
        e.start = T0 - 10 * DAY;
        e.end = T0 + 35 * DAY;
        e.proposer = ORG_COORD;
    }
    if (s == CVD_EM_EXITED) {
        e.reason = CVD_EM_REASON_COORDINATOR_DECISION;
        e.exited_at = T0 - DAY;
    }
    return e;
}

/* The apply function follows the same table: with pxa clear and good input, every allowed
 * pair lands where the table says and every other is refused with *e untouched. */
static void test_em_apply_every_pair(void **state)
{
    (void)state;
    for (int from = 0; from < CVD_EM_STATE_COUNT; from++) {
        struct cvd_embargo start = embargo_in((enum cvd_em_state)from);
        assert_int_equal(cvd_embargo_check(&start, NULL), 0);
        for (int act = 0; act < CVD_EM_ACTION_COUNT; act++) {
            char want = cell(em_expected[from], act);
            struct cvd_em_input in = {.end = T0 + 30 * DAY, .org = ORG_COORD};
            if (act == CVD_EM_TERMINATE)
                in = (struct cvd_em_input){.reason = CVD_EM_REASON_QUORUM_FIX_READY};
            struct cvd_embargo e = start;
            struct cvd_diag diag = {0};
            int rc = cvd_embargo_apply(&e, (enum cvd_em_action)act, 0, &in, T0, &diag);
            if (want == '-') {
                assert_int_equal(rc, CVD_ESTATE);
                assert_memory_equal(&e, &start, sizeof(e));
            } else {
                if (rc != 0)
                    fail_msg("apply %s on %s: %s", cvd_em_action_name((enum cvd_em_action)act),
                             cvd_em_state_name((enum cvd_em_state)from), diag.msg);
                assert_int_equal((int)e.state, letter_index(em_letters, want));
                /* Whatever the step, the result is a consistent stored embargo. */
                if (cvd_embargo_check(&e, &diag) != 0)
                    fail_msg("apply %s on %s: inconsistent: %s",
                             cvd_em_action_name((enum cvd_em_action)act),
                             cvd_em_state_name((enum cvd_em_state)from), diag.msg);
            }
        }
    }
}

static void test_em_lifecycle(void **state)
{
    (void)state;
    struct cvd_embargo e = {0};
    struct cvd_em_input in = {.end = T0 + 45 * DAY, .org = ORG_COORD};
    assert_int_equal(cvd_embargo_apply(&e, CVD_EM_PROPOSE, 0, &in, T0, NULL), 0);
    assert_int_equal(e.state, CVD_EM_PROPOSED);
    assert_int_equal(e.pending_end, T0 + 45 * DAY);
    assert_int_equal(e.pending_proposer, ORG_COORD);
    assert_int_equal(e.pending_at, T0);
    /* A counter-proposal replaces the pending one. */
    in = (struct cvd_em_input){.end = T0 + 90 * DAY, .org = ORG_VENDOR};
    assert_int_equal(cvd_embargo_apply(&e, CVD_EM_PROPOSE, 0, &in, T0 + 1, NULL), 0);
    assert_int_equal(e.pending_end, T0 + 90 * DAY);
    assert_int_equal(e.pending_proposer, ORG_VENDOR);
    /* Accepting starts it now, with the proposal's end and proposer. */
    assert_int_equal(cvd_embargo_apply(&e, CVD_EM_ACCEPT, 0, NULL, T0 + DAY, NULL), 0);
    assert_int_equal(e.state, CVD_EM_ACTIVE);
    assert_int_equal(e.start, T0 + DAY);
    assert_int_equal(e.end, T0 + 90 * DAY);
    assert_int_equal(e.proposer, ORG_VENDOR);
    assert_int_equal(e.pending_end, 0);
    /* A revision keeps the embargo running; rejecting it changes nothing. */
    in = (struct cvd_em_input){.end = T0 + 120 * DAY, .org = ORG_VENDOR};
    assert_int_equal(cvd_embargo_apply(&e, CVD_EM_REVISE, 0, &in, T0 + 2 * DAY, NULL), 0);
    assert_int_equal(e.state, CVD_EM_REVISING);
    assert_int_equal(e.end, T0 + 90 * DAY);
    assert_int_equal(e.pending_end, T0 + 120 * DAY);
    struct cvd_embargo before_revision = e;
    before_revision.state = CVD_EM_ACTIVE;
    before_revision.pending_end = 0;
    before_revision.pending_proposer = 0;
    before_revision.pending_at = 0;
    assert_int_equal(cvd_embargo_apply(&e, CVD_EM_REJECT_REVISION, 0, NULL, T0 + 3 * DAY, NULL), 0);
    assert_memory_equal(&e, &before_revision, sizeof(e));
    /* Accepting a revision replaces the end and keeps the start. */
    in = (struct cvd_em_input){.end = T0 + 60 * DAY, .org = ORG_COORD};
    assert_int_equal(cvd_embargo_apply(&e, CVD_EM_REVISE, 0, &in, T0 + 4 * DAY, NULL), 0);
    assert_int_equal(cvd_embargo_apply(&e, CVD_EM_ACCEPT_REVISION, 0, NULL, T0 + 5 * DAY, NULL), 0);
    assert_int_equal(e.state, CVD_EM_ACTIVE);
    assert_int_equal(e.start, T0 + DAY);
    assert_int_equal(e.end, T0 + 60 * DAY);
    assert_int_equal(e.proposer, ORG_COORD);
    /* Expiry: not before the end, and from the end's second on. */
    assert_false(cvd_embargo_expired(&e, T0 + 60 * DAY - 1));
    assert_true(cvd_embargo_expired(&e, T0 + 60 * DAY));
    struct cvd_diag diag = {0};
    in = (struct cvd_em_input){.reason = CVD_EM_REASON_EXPIRED};
    assert_int_equal(cvd_embargo_apply(&e, CVD_EM_TERMINATE, 0, &in, T0 + 60 * DAY - 1, &diag),
                     CVD_ESTATE);
    assert_non_null(strstr(diag.msg, "expired before its end"));
    assert_int_equal(cvd_embargo_apply(&e, CVD_EM_TERMINATE, 0, &in, T0 + 60 * DAY, NULL), 0);
    assert_int_equal(e.state, CVD_EM_EXITED);
    assert_int_equal(e.reason, CVD_EM_REASON_EXPIRED);
    assert_int_equal(e.exited_at, T0 + 60 * DAY);
    assert_int_equal(e.end, T0 + 60 * DAY); /* history kept */
    assert_false(cvd_embargo_expired(&e, T0 + 61 * DAY));
    assert_int_equal(cvd_embargo_check(&e, NULL), 0);
}

static void test_em_apply_input_rules(void **state)
{
    (void)state;
    struct cvd_diag diag = {0};
    /* terminate needs a reason; nothing else takes one. */
    struct cvd_embargo e = embargo_in(CVD_EM_ACTIVE);
    struct cvd_em_input in = {0};
    assert_int_equal(cvd_embargo_apply(&e, CVD_EM_TERMINATE, 0, &in, T0, &diag), CVD_EMISSING);
    assert_int_equal(cvd_embargo_apply(&e, CVD_EM_TERMINATE, 0, NULL, T0, NULL), CVD_EINVAL);
    e = embargo_in(CVD_EM_NONE);
    in = (struct cvd_em_input){.end = T0 + DAY, .org = ORG_COORD, .reason = CVD_EM_REASON_PUBLIC};
    assert_int_equal(cvd_embargo_apply(&e, CVD_EM_PROPOSE, 0, &in, T0, NULL), CVD_EINVAL);
    in = (struct cvd_em_input){.end = T0 + DAY, .reason = (enum cvd_em_reason)99};
    assert_int_equal(cvd_embargo_apply(&e, CVD_EM_PROPOSE, 0, &in, T0, NULL), CVD_EINVAL);
    /* A proposal needs its proposer and input. */
    in = (struct cvd_em_input){.end = T0 + DAY};
    assert_int_equal(cvd_embargo_apply(&e, CVD_EM_PROPOSE, 0, &in, T0, NULL), CVD_EINVAL);
    assert_int_equal(cvd_embargo_apply(&e, CVD_EM_PROPOSE, 0, NULL, T0, NULL), CVD_EINVAL);
    /* Bad arguments. */
    in = (struct cvd_em_input){.end = T0 + DAY, .org = ORG_COORD};
    assert_int_equal(cvd_embargo_apply(NULL, CVD_EM_PROPOSE, 0, &in, T0, NULL), CVD_EINVAL);
    assert_int_equal(cvd_embargo_apply(&e, CVD_EM_PROPOSE, 0, &in, 0, NULL), CVD_EINVAL);
    assert_int_equal(cvd_embargo_apply(&e, CVD_EM_PROPOSE, CVD_PXA_EXPLOIT, &in, T0, NULL),
                     CVD_EINVAL); /* X without P */
    assert_int_equal(cvd_embargo_apply(&e, (enum cvd_em_action)99, 0, &in, T0, NULL), CVD_EINVAL);
    assert_int_equal(e.state, CVD_EM_NONE);
}

static void test_em_messages(void **state)
{
    (void)state;
    static const struct {
        enum cvd_em_state from;
        enum cvd_em_action act;
        const char *msg;
    } rows[] = {
        {CVD_EM_NONE, CVD_EM_ACCEPT,
         "cannot accept an embargo that is none (allowed when proposed)"},
        {CVD_EM_ACTIVE, CVD_EM_PROPOSE,
         "cannot propose an embargo that is active (allowed when none or proposed)"},
        {CVD_EM_EXITED, CVD_EM_REVISE,
         "cannot propose a revision of an embargo that is exited (allowed when active or "
         "revising)"},
        {CVD_EM_PROPOSED, CVD_EM_TERMINATE,
         "cannot terminate an embargo that is proposed (allowed when active or revising)"},
    };
    for (size_t i = 0; i < CVD_ARRAY_LEN(rows); i++) {
        struct cvd_diag diag = {0};
        enum cvd_em_state to;
        assert_int_equal(cvd_em_next(rows[i].from, rows[i].act, &to, &diag), CVD_ESTATE);
        assert_string_equal(diag.msg, rows[i].msg);
    }
    struct cvd_diag diag = {0};
    enum cvd_rm_state rto;
    assert_int_equal(cvd_rm_next(CVD_RM_START, CVD_RM_ACCEPT, &rto, &diag), CVD_ESTATE);
    assert_string_equal(diag.msg, "cannot accept the report for a participant that is start "
                                  "(allowed when valid or deferred)");
    enum cvd_vfd vto;
    assert_int_equal(cvd_vfd_next(CVD_CASE_ROLE_VENDOR, CVD_VFD_NONE, CVD_VFD_FIX, &vto, &diag),
                     CVD_ESTATE);
    assert_string_equal(diag.msg,
                        "cannot mark a fix ready for a vendor that is none (allowed when aware)");
    assert_int_equal(cvd_vfd_next(CVD_CASE_ROLE_FINDER, CVD_VFD_NONE, CVD_VFD_DEPLOY, &vto, &diag),
                     CVD_ESTATE);
    assert_string_equal(diag.msg, "cannot mark a fix deployed for a participant that is neither "
                                  "vendor nor deployer (never allowed)");
    struct cvd_embargo e = {0};
    struct cvd_em_input in = {.end = T0 + DAY, .org = ORG_COORD};
    assert_int_equal(cvd_embargo_apply(&e, CVD_EM_PROPOSE, CVD_PXA_PUBLIC, &in, T0, &diag),
                     CVD_ESTATE);
    assert_string_equal(diag.msg, "cannot propose an embargo: the vulnerability is public (pxa is "
                                  "Pxa; no embargo is negotiated once anything is public, "
                                  "exploited or attacked)");
}

/* ---- participant RM: Vultron's DFA with S first:
 * S -r-> R; R -v-> V; R -i-> I; I -v-> V; V -a-> A; V -d-> D; A -d-> D; D -a-> A;
 * A -c-> C; D -c-> C; I -c-> C. */

static const char rm_letters[] = "SRIVADC"; /* by enum cvd_rm_state */

static const char *const rm_expected[CVD_RM_STATE_COUNT] = {
    /*                  deliver validate invalidate accept defer close */
    [CVD_RM_START] = "R  -  -  -  -  -",    [CVD_RM_RECEIVED] = "-  V  I  -  -  -",
    [CVD_RM_INVALID] = "-  V  -  -  -  C",  [CVD_RM_VALID] = "-  -  -  A  D  -",
    [CVD_RM_ACCEPTED] = "-  -  -  -  D  C", [CVD_RM_DEFERRED] = "-  -  -  A  -  C",
    [CVD_RM_CLOSED] = "-  -  -  -  -  -",
};

static void test_rm_machine_every_pair(void **state)
{
    (void)state;
    int allowed = 0;
    for (int from = 0; from < CVD_RM_STATE_COUNT; from++) {
        for (int act = 0; act < CVD_RM_ACTION_COUNT; act++) {
            char want = cell(rm_expected[from], act);
            enum cvd_rm_state to = (enum cvd_rm_state)99;
            struct cvd_diag diag = {0};
            int rc = cvd_rm_next((enum cvd_rm_state)from, (enum cvd_rm_action)act, &to, &diag);
            const char *fname = cvd_rm_state_name((enum cvd_rm_state)from);
            const char *aname = cvd_rm_action_name((enum cvd_rm_action)act);
            if (want == '-') {
                if (rc != CVD_ESTATE)
                    fail_msg("rm %s on %s: got rc %d, want CVD_ESTATE", aname, fname, rc);
                assert_int_equal(to, 99);
                assert_non_null(strstr(diag.msg, fname));
                assert_false(cvd_rm_can((enum cvd_rm_state)from, (enum cvd_rm_action)act));
            } else {
                if (rc != 0)
                    fail_msg("rm %s on %s: refused (%s), want %c", aname, fname, diag.msg, want);
                assert_int_equal((int)to, letter_index(rm_letters, want));
                assert_true(cvd_rm_can((enum cvd_rm_state)from, (enum cvd_rm_action)act));
                allowed++;
            }
        }
    }
    assert_int_equal(allowed, 11);
}

/* ---- vfd: a vendor vfd -> Vfd -> VFd -> VFD (notify, fix, deploy); a deployer d -> D;
 * nobody else has a path. Letters: n none, a aware, f fix ready, d deployed. */

static const char vfd_letters[] = "nafd"; /* by enum cvd_vfd */

static const char *const vfd_vendor[CVD_VFD_COUNT] = {
    /*                notify fix deploy */
    [CVD_VFD_NONE] = "a  -  -",
    [CVD_VFD_AWARE] = "-  f  -",
    [CVD_VFD_READY] = "-  -  d",
    [CVD_VFD_DEPLOYED] = "-  -  -",
};

static const char *const vfd_deployer[CVD_VFD_COUNT] = {
    [CVD_VFD_NONE] = "-  -  d",
    [CVD_VFD_AWARE] = "-  -  -",
    [CVD_VFD_READY] = "-  -  -",
    [CVD_VFD_DEPLOYED] = "-  -  -",
};

static const char *const vfd_nobody[CVD_VFD_COUNT] = {
    [CVD_VFD_NONE] = "-  -  -",
    [CVD_VFD_AWARE] = "-  -  -",
    [CVD_VFD_READY] = "-  -  -",
    [CVD_VFD_DEPLOYED] = "-  -  -",
};

static void test_vfd_machine_every_pair(void **state)
{
    (void)state;
    int allowed = 0;
    for (unsigned roles = 1; roles <= CVD_CASE_ROLES_ALL; roles++) {
        const char *const *table = vfd_nobody;
        if (roles & CVD_CASE_ROLE_VENDOR)
            table = vfd_vendor;
        else if (roles & CVD_CASE_ROLE_DEPLOYER)
            table = vfd_deployer;
        for (int from = 0; from < CVD_VFD_COUNT; from++) {
            for (int act = 0; act < CVD_VFD_ACTION_COUNT; act++) {
                char want = cell(table[from], act);
                enum cvd_vfd to = (enum cvd_vfd)99;
                struct cvd_diag diag = {0};
                int rc =
                    cvd_vfd_next(roles, (enum cvd_vfd)from, (enum cvd_vfd_action)act, &to, &diag);
                if (want == '-') {
                    if (rc != CVD_ESTATE)
                        fail_msg("roles 0x%x: %s on %s: rc %d, want CVD_ESTATE", roles,
                                 cvd_vfd_action_name((enum cvd_vfd_action)act),
                                 cvd_vfd_name((enum cvd_vfd)from), rc);
                    assert_int_equal(to, 99);
                    assert_false(cvd_vfd_can(roles, (enum cvd_vfd)from, (enum cvd_vfd_action)act));
                } else {
                    if (rc != 0)
                        fail_msg("roles 0x%x: %s on %s: refused (%s)", roles,
                                 cvd_vfd_action_name((enum cvd_vfd_action)act),
                                 cvd_vfd_name((enum cvd_vfd)from), diag.msg);
                    assert_int_equal((int)to, letter_index(vfd_letters, want));
                    allowed++;
                }
            }
        }
    }
    /* 32 role sets with the vendor bit x 3 edges, 16 deployer-not-vendor sets x 1. */
    assert_int_equal(allowed, 32 * 3 + 16 * 1);
}

/* ---- pxa: p -> P, x -> X (forcing P), a -> A, never back; X without P is not a state. */

static void test_pxa_machine_every_pair(void **state)
{
    (void)state;
    static const struct {
        const char *from;
        const char *to[CVD_CS_EVENT_COUNT]; /* public_awareness, exploit_public, attacks; NULL:
                                               refused */
    } rows[] = {
        {"pxa", {"Pxa", "PXa", "pxA"}}, {"Pxa", {NULL, "PXa", "PxA"}}, {"PXa", {NULL, NULL, "PXA"}},
        {"pxA", {"PxA", "PXA", NULL}},  {"PxA", {NULL, "PXA", NULL}},  {"PXA", {NULL, NULL, NULL}},
    };
    int seen = 0;
    for (unsigned from = 0; from < 8; from++) {
        for (int ev = 0; ev < CVD_CS_EVENT_COUNT; ev++) {
            unsigned to = 99;
            int rc = cvd_pxa_next(from, (enum cvd_cs_event)ev, &to, NULL);
            if (from == CVD_PXA_EXPLOIT || from == (CVD_PXA_EXPLOIT | CVD_PXA_ATTACKS)) {
                assert_int_equal(rc, CVD_EINVAL); /* X without P */
                continue;
            }
            size_t r = 0;
            while (r < CVD_ARRAY_LEN(rows) && strcmp(rows[r].from, cvd_pxa_name(from)) != 0)
                r++;
            assert_true(r < CVD_ARRAY_LEN(rows));
            if (rows[r].to[ev] == NULL) {
                assert_int_equal(rc, CVD_ESTATE);
                assert_int_equal(to, 99);
            } else {
                if (rc != 0)
                    fail_msg("%s on %s refused", cvd_cs_event_name((enum cvd_cs_event)ev),
                             rows[r].from);
                assert_string_equal(cvd_pxa_name(to), rows[r].to[ev]);
            }
            seen++;
        }
    }
    assert_int_equal(seen, 18);
    assert_int_equal(cvd_pxa_next(0, (enum cvd_cs_event)3, &(unsigned){0}, NULL), CVD_EINVAL);
    assert_int_equal(cvd_pxa_next(8, CVD_CS_PUBLIC_AWARENESS, &(unsigned){0}, NULL), CVD_EINVAL);
}

/* ---- the invariants ---- */

/* INV02: at most one active embargo per case, and an active embargo has an end in UTC, in
 * the future when it starts, within the maximum. */
static void test_inv02_one_embargo_with_an_end(void **state)
{
    (void)state;
    struct cvd_diag diag = {0};
    struct cvd_em_input in = {.end = T0 + 30 * DAY, .org = ORG_VENDOR};
    /* No second proposal beside a running embargo (active or revising). */
    for (int s = CVD_EM_ACTIVE; s <= CVD_EM_REVISING; s++) {
        struct cvd_embargo e = embargo_in((enum cvd_em_state)s);
        struct cvd_embargo before = e;
        assert_int_equal(cvd_embargo_apply(&e, CVD_EM_PROPOSE, 0, &in, T0, &diag), CVD_ESTATE);
        assert_int_equal(cvd_embargo_apply(&e, CVD_EM_ACCEPT, 0, NULL, T0, &diag), CVD_ESTATE);
        assert_memory_equal(&e, &before, sizeof(e));
    }
    /* Nor after one ended. */
    struct cvd_embargo x = embargo_in(CVD_EM_EXITED);
    assert_int_equal(cvd_embargo_apply(&x, CVD_EM_PROPOSE, 0, &in, T0, NULL), CVD_ESTATE);

    /* The end is after now when proposed... */
    struct cvd_embargo e = {0};
    in.end = T0;
    assert_int_equal(cvd_embargo_apply(&e, CVD_EM_PROPOSE, 0, &in, T0, &diag), CVD_ERANGE);
    assert_non_null(strstr(diag.msg, "not after now"));
    /* ...within the maximum, measured from now (the boundary second is allowed)... */
    in.end = T0 + CVD_EMBARGO_MAX_SECONDS + 1;
    assert_int_equal(cvd_embargo_apply(&e, CVD_EM_PROPOSE, 0, &in, T0, &diag), CVD_ERANGE);
    assert_non_null(strstr(diag.msg, "longer than 365 days"));
    in.end = T0 + CVD_EMBARGO_MAX_SECONDS;
    assert_int_equal(cvd_embargo_apply(&e, CVD_EM_PROPOSE, 0, &in, T0, NULL), 0);
    /* ...and still after now when accepted: a stale proposal never starts already over. */
    in.end = T0 + DAY;
    assert_int_equal(cvd_embargo_apply(&e, CVD_EM_PROPOSE, 0, &in, T0, NULL), 0);
    struct cvd_embargo stale = e;
    assert_int_equal(cvd_embargo_apply(&stale, CVD_EM_ACCEPT, 0, NULL, T0 + DAY, &diag),
                     CVD_ERANGE);
    assert_int_equal(stale.state, CVD_EM_PROPOSED);
    assert_int_equal(cvd_embargo_apply(&e, CVD_EM_ACCEPT, 0, NULL, T0 + DAY - 1, NULL), 0);
    assert_true(e.end > e.start);
    assert_int_equal(cvd_embargo_check(&e, NULL), 0);

    /* Revisions cannot stretch it past the maximum from its start. */
    e = embargo_in(CVD_EM_ACTIVE); /* started T0 - 10 days */
    in.end = e.start + CVD_EMBARGO_MAX_SECONDS + 1;
    assert_int_equal(cvd_embargo_apply(&e, CVD_EM_REVISE, 0, &in, T0, &diag), CVD_ERANGE);
    in.end = e.start + CVD_EMBARGO_MAX_SECONDS;
    assert_int_equal(cvd_embargo_apply(&e, CVD_EM_REVISE, 0, &in, T0, NULL), 0);
    /* A revision gone stale is not accepted either. */
    struct cvd_embargo r = embargo_in(CVD_EM_REVISING);
    assert_int_equal(cvd_embargo_apply(&r, CVD_EM_ACCEPT_REVISION, 0, NULL, r.pending_end, NULL),
                     CVD_ERANGE);

    /* A stored embargo that breaks the rule is caught. */
    struct cvd_embargo bad = embargo_in(CVD_EM_ACTIVE);
    bad.end = 0;
    assert_int_equal(cvd_embargo_check(&bad, &diag), CVD_ESTATE);
    assert_non_null(strstr(diag.msg, "INV02"));
    bad = embargo_in(CVD_EM_REVISING);
    bad.end = bad.start;
    assert_int_equal(cvd_embargo_check(&bad, NULL), CVD_ESTATE);
    bad = embargo_in(CVD_EM_ACTIVE);
    bad.end = bad.start + CVD_EMBARGO_MAX_SECONDS + 1;
    assert_int_equal(cvd_embargo_check(&bad, NULL), CVD_ESTATE);
    bad = embargo_in(CVD_EM_ACTIVE);
    bad.pending_end = T0 + DAY; /* a pending revision, yet not revising */
    assert_int_equal(cvd_embargo_check(&bad, NULL), CVD_ESTATE);
    bad = embargo_in(CVD_EM_NONE);
    bad.end = T0;
    assert_int_equal(cvd_embargo_check(&bad, NULL), CVD_ESTATE);
    bad = embargo_in(CVD_EM_PROPOSED);
    bad.start = T0;
    assert_int_equal(cvd_embargo_check(&bad, NULL), CVD_ESTATE);
    bad = embargo_in(CVD_EM_EXITED);
    bad.reason = CVD_EM_REASON_NONE;
    assert_int_equal(cvd_embargo_check(&bad, NULL), CVD_ESTATE);
    bad = embargo_in(CVD_EM_ACTIVE);
    bad.reason = CVD_EM_REASON_PUBLIC;
    assert_int_equal(cvd_embargo_check(&bad, NULL), CVD_ESTATE);
    bad.state = (enum cvd_em_state)9;
    assert_int_equal(cvd_embargo_check(&bad, NULL), CVD_EINVAL);
    assert_int_equal(cvd_embargo_check(NULL, NULL), CVD_EINVAL);
}

/* INV03: EP, EA, EV and EC are refused unless pxa = pxa; ER, EJ and ET stay possible. */
static void test_inv03_no_negotiation_once_public(void **state)
{
    (void)state;
    static const unsigned dirty[] = {1, 3, 4, 5, 7}; /* every valid pxa but pxa */
    static const enum cvd_em_action negotiating[] = {CVD_EM_PROPOSE, CVD_EM_ACCEPT, CVD_EM_REVISE,
                                                     CVD_EM_ACCEPT_REVISION};
    int refused = 0;
    for (size_t i = 0; i < CVD_ARRAY_LEN(dirty); i++) {
        for (int s = 0; s < CVD_EM_STATE_COUNT; s++) {
            for (size_t k = 0; k < CVD_ARRAY_LEN(negotiating); k++) {
                if (!cvd_em_can((enum cvd_em_state)s, negotiating[k]))
                    continue;
                struct cvd_embargo e = embargo_in((enum cvd_em_state)s);
                struct cvd_embargo before = e;
                struct cvd_em_input in = {.end = T0 + DAY, .org = ORG_COORD};
                struct cvd_diag diag = {0};
                assert_int_equal(cvd_embargo_apply(&e, negotiating[k], dirty[i], &in, T0, &diag),
                                 CVD_ESTATE);
                assert_non_null(strstr(diag.msg, cvd_pxa_name(dirty[i])));
                assert_memory_equal(&e, &before, sizeof(e));
                refused++;
            }
        }
    }
    assert_int_equal(refused, 5 * 6); /* propose in N and P, accept in P, revise in A and R,
                                         accept_revision in R */
    /* The same actions pass with pxa clear (the control). */
    struct cvd_embargo e = embargo_in(CVD_EM_PROPOSED);
    assert_int_equal(cvd_embargo_apply(&e, CVD_EM_ACCEPT, 0, NULL, T0, NULL), 0);
    /* Rejecting and terminating shorten secrecy, so they stay open. */
    unsigned attacked = CVD_PXA_ATTACKS;
    e = embargo_in(CVD_EM_PROPOSED);
    assert_int_equal(cvd_embargo_apply(&e, CVD_EM_REJECT, attacked, NULL, T0, NULL), 0);
    e = embargo_in(CVD_EM_REVISING);
    assert_int_equal(cvd_embargo_apply(&e, CVD_EM_REJECT_REVISION, attacked, NULL, T0, NULL), 0);
    struct cvd_em_input t = {.reason = CVD_EM_REASON_ATTACKS};
    assert_int_equal(cvd_embargo_apply(&e, CVD_EM_TERMINATE, attacked, &t, T0, NULL), 0);
    /* A participant's acceptance of a proposal is an EA too. */
    struct cvd_participant p = {.roles = CVD_CASE_ROLE_VENDOR,
                                .rm = CVD_RM_RECEIVED,
                                .vfd = CVD_VFD_AWARE,
                                .engaged = true};
    assert_int_equal(cvd_participant_embargo_answer(&p, CVD_EM_PROPOSED, attacked, true, NULL),
                     CVD_ESTATE);
    assert_int_equal(p.em_answer, CVD_EM_ANSWER_NONE);
    assert_false(p.embargo_adherence);
    assert_int_equal(cvd_participant_embargo_answer(&p, CVD_EM_PROPOSED, attacked, false, NULL), 0);
    assert_int_equal(p.em_answer, CVD_EM_ANSWER_REJECTED);
}

/* INV04: setting P or X moves em P -> N or A|R -> X in the same step; X also sets P. */
static void test_inv04_public_ends_embargo(void **state)
{
    (void)state;
    /* By em state: where P or X takes it, and the event the caller writes for it. */
    static const struct {
        enum cvd_em_state from, to;
        bool changed;
        enum cvd_em_action act;
    } rows[] = {
        {CVD_EM_NONE, CVD_EM_NONE, false, CVD_EM_PROPOSE},
        {CVD_EM_PROPOSED, CVD_EM_NONE, true, CVD_EM_REJECT},
        {CVD_EM_ACTIVE, CVD_EM_EXITED, true, CVD_EM_TERMINATE},
        {CVD_EM_REVISING, CVD_EM_EXITED, true, CVD_EM_TERMINATE},
        {CVD_EM_EXITED, CVD_EM_EXITED, false, CVD_EM_PROPOSE},
    };
    static const enum cvd_cs_event events[] = {CVD_CS_PUBLIC_AWARENESS, CVD_CS_EXPLOIT_PUBLIC};
    for (size_t k = 0; k < CVD_ARRAY_LEN(events); k++) {
        for (size_t i = 0; i < CVD_ARRAY_LEN(rows); i++) {
            unsigned pxa = 0;
            struct cvd_embargo em = embargo_in(rows[i].from);
            struct cvd_pxa_effect fx;
            memset(&fx, 0xa5, sizeof(fx));
            assert_int_equal(cvd_pxa_apply(&pxa, &em, events[k], T0, &fx, NULL), 0);
            assert_true(pxa & CVD_PXA_PUBLIC); /* X sets P too */
            assert_int_equal(fx.pxa_before, 0);
            assert_int_equal(fx.pxa_after, pxa);
            assert_int_equal(fx.set, pxa);
            assert_int_equal(em.state, rows[i].to);
            assert_int_equal(fx.em_before, rows[i].from);
            assert_int_equal(fx.em_after, rows[i].to);
            assert_int_equal(fx.em_changed, rows[i].changed);
            assert_false(fx.embargo_should_end);
            if (rows[i].changed)
                assert_int_equal(fx.em_action, rows[i].act);
            if (rows[i].to == CVD_EM_EXITED && rows[i].changed) {
                enum cvd_em_reason want = events[k] == CVD_CS_EXPLOIT_PUBLIC
                                              ? CVD_EM_REASON_EXPLOIT_PUBLIC
                                              : CVD_EM_REASON_PUBLIC;
                assert_int_equal(em.reason, want);
                assert_int_equal(fx.em_reason, want);
                assert_int_equal(em.exited_at, T0);
            } else {
                assert_int_equal(fx.em_reason, CVD_EM_REASON_NONE);
            }
            assert_int_equal(cvd_embargo_check(&em, NULL), 0);
        }
    }
    /* X on a case already public sets X alone; the embargo is already gone. */
    unsigned pxa = CVD_PXA_PUBLIC;
    struct cvd_embargo em = embargo_in(CVD_EM_EXITED);
    struct cvd_pxa_effect fx;
    assert_int_equal(cvd_pxa_apply(&pxa, &em, CVD_CS_EXPLOIT_PUBLIC, T0, &fx, NULL), 0);
    assert_int_equal(fx.set, CVD_PXA_EXPLOIT);
    assert_int_equal(pxa, CVD_PXA_PUBLIC | CVD_PXA_EXPLOIT);
    /* Attacks do not force P nor end the embargo, but say it should end. */
    pxa = 0;
    em = embargo_in(CVD_EM_ACTIVE);
    assert_int_equal(cvd_pxa_apply(&pxa, &em, CVD_CS_ATTACKS_OBSERVED, T0, &fx, NULL), 0);
    assert_int_equal(pxa, CVD_PXA_ATTACKS);
    assert_int_equal(em.state, CVD_EM_ACTIVE);
    assert_false(fx.em_changed);
    assert_true(fx.embargo_should_end);
    em = embargo_in(CVD_EM_NONE);
    pxa = 0;
    assert_int_equal(cvd_pxa_apply(&pxa, &em, CVD_CS_ATTACKS_OBSERVED, T0, &fx, NULL), 0);
    assert_false(fx.embargo_should_end);
    /* Atomic: a refused event changes neither the bits nor the embargo. */
    pxa = CVD_PXA_PUBLIC;
    em = embargo_in(CVD_EM_ACTIVE); /* inconsistent on purpose: only the refusal matters */
    struct cvd_embargo before = em;
    assert_int_equal(cvd_pxa_apply(&pxa, &em, CVD_CS_PUBLIC_AWARENESS, T0, &fx, NULL), CVD_ESTATE);
    assert_int_equal(pxa, CVD_PXA_PUBLIC);
    assert_memory_equal(&em, &before, sizeof(em));
    assert_int_equal(cvd_pxa_apply(NULL, &em, CVD_CS_PUBLIC_AWARENESS, T0, NULL, NULL), CVD_EINVAL);
    pxa = 0;
    assert_int_equal(cvd_pxa_apply(&pxa, &em, CVD_CS_PUBLIC_AWARENESS, 0, NULL, NULL), CVD_EINVAL);
    assert_int_equal(pxa, 0);
}

static struct cvd_participant invited(unsigned roles)
{
    struct cvd_participant p;
    assert_int_equal(cvd_participant_invite(&p, ORG_VENDOR, roles, CVD_CASE_ACCEPTED, T0, NULL), 0);
    return p;
}

/* INV05: F needs V, D needs F; a vendor that has had the report is at least V. */
static void test_inv05_fix_path_order(void **state)
{
    (void)state;
    struct cvd_diag diag = {0};
    struct cvd_participant v = invited(CVD_CASE_ROLE_VENDOR);
    assert_int_equal(v.vfd, CVD_VFD_NONE);
    /* Nothing on the path before delivery. */
    assert_int_equal(cvd_participant_vfd_apply(&v, CVD_VFD_NOTIFY, &diag), CVD_ESTATE);
    assert_non_null(strstr(diag.msg, "not had the report"));
    assert_int_equal(v.vfd, CVD_VFD_NONE);
    assert_int_equal(cvd_participant_check(&v, NULL), 0);
    /* Delivery makes the vendor aware. */
    assert_int_equal(cvd_participant_rm_apply(&v, CVD_RM_DELIVER, T0 + 1, NULL), 0);
    assert_int_equal(v.rm, CVD_RM_RECEIVED);
    assert_int_equal(v.vfd, CVD_VFD_AWARE);
    assert_int_equal(v.delivered_at, T0 + 1);
    /* D needs F. */
    assert_int_equal(cvd_participant_vfd_apply(&v, CVD_VFD_DEPLOY, NULL), CVD_ESTATE);
    assert_int_equal(v.vfd, CVD_VFD_AWARE);
    assert_int_equal(cvd_participant_vfd_apply(&v, CVD_VFD_FIX, NULL), 0);
    assert_int_equal(cvd_participant_vfd_apply(&v, CVD_VFD_DEPLOY, NULL), 0);
    assert_int_equal(v.vfd, CVD_VFD_DEPLOYED);
    assert_int_equal(cvd_participant_check(&v, NULL), 0);
    /* F needs V: a stored vendor delivered but unaware is caught. */
    struct cvd_participant bad = invited(CVD_CASE_ROLE_VENDOR);
    bad.rm = CVD_RM_RECEIVED;
    assert_int_equal(cvd_participant_check(&bad, &diag), CVD_ESTATE);
    assert_non_null(strstr(diag.msg, "INV05"));
    enum cvd_vfd to;
    assert_int_equal(cvd_vfd_next(CVD_CASE_ROLE_VENDOR, CVD_VFD_NONE, CVD_VFD_FIX, &to, NULL),
                     CVD_ESTATE);
    /* A deployer has only d/D. */
    struct cvd_participant d = invited(CVD_CASE_ROLE_DEPLOYER);
    assert_int_equal(cvd_participant_rm_apply(&d, CVD_RM_DELIVER, T0, NULL), 0);
    assert_int_equal(d.vfd, CVD_VFD_NONE);
    assert_int_equal(cvd_participant_vfd_apply(&d, CVD_VFD_FIX, NULL), CVD_ESTATE);
    assert_int_equal(cvd_participant_vfd_apply(&d, CVD_VFD_DEPLOY, NULL), 0);
    assert_int_equal(d.vfd, CVD_VFD_DEPLOYED);
    assert_int_equal(cvd_participant_check(&d, NULL), 0);
    d.vfd = CVD_VFD_AWARE;
    assert_int_equal(cvd_participant_check(&d, NULL), CVD_ESTATE);
    /* Anyone else has none. */
    struct cvd_participant f = invited(CVD_CASE_ROLE_FINDER);
    assert_int_equal(cvd_participant_rm_apply(&f, CVD_RM_DELIVER, T0, NULL), 0);
    assert_int_equal(f.vfd, CVD_VFD_NONE);
    assert_int_equal(cvd_participant_check(&f, NULL), 0);
    f.vfd = CVD_VFD_DEPLOYED;
    assert_int_equal(cvd_participant_check(&f, NULL), CVD_ESTATE);
    /* Nothing on the path before delivery, in storage either. */
    struct cvd_participant early = invited(CVD_CASE_ROLE_VENDOR);
    early.vfd = CVD_VFD_AWARE;
    assert_int_equal(cvd_participant_check(&early, NULL), CVD_ESTATE);
}

/* INV06: notifying another organisation needs coord_rm = A. */
static void test_inv06_invite_needs_accepted_case(void **state)
{
    (void)state;
    for (int s = 0; s < CVD_CASE_STATE_COUNT; s++) {
        struct cvd_participant p = {.id = 77};
        struct cvd_diag diag = {0};
        int rc = cvd_participant_invite(&p, ORG_VENDOR, CVD_CASE_ROLE_VENDOR,
                                        (enum cvd_case_state)s, T0, &diag);
        assert_int_equal(cvd_invite_check((enum cvd_case_state)s, NULL), rc);
        if (s == CVD_CASE_ACCEPTED) {
            assert_int_equal(rc, 0);
            assert_int_equal(p.rm, CVD_RM_START);
            assert_int_equal(p.org_id, ORG_VENDOR);
            assert_true(p.engaged);
            assert_false(p.embargo_adherence);
            assert_int_equal(p.invited_at, T0);
            assert_int_equal(cvd_participant_check(&p, NULL), 0);
        } else {
            assert_int_equal(rc, CVD_ESTATE);
            assert_non_null(strstr(diag.msg, cvd_case_state_name((enum cvd_case_state)s)));
            assert_int_equal(p.id, 77); /* untouched */
            assert_int_equal(p.org_id, 0);
        }
    }
    struct cvd_participant p;
    assert_int_equal(cvd_invite_check((enum cvd_case_state)9, NULL), CVD_EINVAL);
    assert_int_equal(
        cvd_participant_invite(&p, 0, CVD_CASE_ROLE_VENDOR, CVD_CASE_ACCEPTED, T0, NULL),
        CVD_EINVAL);
    assert_int_equal(cvd_participant_invite(&p, ORG_VENDOR, 0, CVD_CASE_ACCEPTED, T0, NULL),
                     CVD_EINVAL);
    assert_int_equal(cvd_participant_invite(&p, ORG_VENDOR, 0x40, CVD_CASE_ACCEPTED, T0, NULL),
                     CVD_EINVAL);
}

/* INV07: while em is A or R an invited participant sees no report content until it accepts
 * the embargo, or the coordinator overrides with a reason. */
static void test_inv07_content_withheld_until_embargo_accepted(void **state)
{
    (void)state;
    struct cvd_participant p = invited(CVD_CASE_ROLE_VENDOR);
    for (int em = 0; em < CVD_EM_STATE_COUNT; em++) {
        bool running = em == CVD_EM_ACTIVE || em == CVD_EM_REVISING;
        assert_int_equal(cvd_participant_may_see_report(&p, (enum cvd_em_state)em), !running);
    }
    /* Accepting the running embargo opens it. */
    struct cvd_participant a = p;
    assert_int_equal(cvd_participant_rm_apply(&a, CVD_RM_DELIVER, T0, NULL), 0);
    assert_false(cvd_participant_may_see_report(&a, CVD_EM_ACTIVE)); /* delivered is not enough */
    assert_int_equal(cvd_participant_embargo_answer(&a, CVD_EM_ACTIVE, 0, true, NULL), 0);
    assert_true(a.embargo_adherence);
    assert_true(cvd_participant_may_see_report(&a, CVD_EM_ACTIVE));
    assert_true(cvd_participant_may_see_report(&a, CVD_EM_REVISING));
    /* Rejecting does not. */
    struct cvd_participant r = p;
    assert_int_equal(cvd_participant_embargo_answer(&r, CVD_EM_REVISING, 0, false, NULL), 0);
    assert_false(cvd_participant_may_see_report(&r, CVD_EM_REVISING));
    /* An override needs a real reason. */
    struct cvd_participant o = p;
    struct cvd_diag diag = {0};
    assert_int_equal(cvd_participant_set_override(&o, S("  \t"), &diag), CVD_EMISSING);
    assert_int_equal(cvd_participant_set_override(&o, S("line\nbreak"), NULL), CVD_EINVAL);
    assert_false(cvd_participant_may_see_report(&o, CVD_EM_ACTIVE));
    o.override_reason = S("   "); /* stored blank: still no override */
    assert_false(cvd_participant_may_see_report(&o, CVD_EM_ACTIVE));
    assert_int_equal(cvd_participant_set_override(&o, S("vendor's CEO asked the minister"), NULL),
                     0);
    assert_true(cvd_participant_may_see_report(&o, CVD_EM_ACTIVE));
    /* The coordinator and the reporter hold the report already. */
    struct cvd_participant c = invited(CVD_CASE_ROLE_COORDINATOR);
    assert_true(cvd_participant_may_see_report(&c, CVD_EM_ACTIVE));
    struct cvd_participant rep = invited(CVD_CASE_ROLE_REPORTER | CVD_CASE_ROLE_FINDER);
    assert_true(cvd_participant_may_see_report(&rep, CVD_EM_REVISING));
    /* Fail closed. */
    assert_false(cvd_participant_may_see_report(NULL, CVD_EM_NONE));
    assert_false(cvd_participant_may_see_report(&p, (enum cvd_em_state)9));
}

/* INV11: nothing is delivered to or from a participant that is closed or left, except a
 * direct inquiry from the coordinator (and the answer to it). */
static void test_inv11_no_messages_to_departed(void **state)
{
    (void)state;
    struct cvd_participant p = invited(CVD_CASE_ROLE_VENDOR);
    assert_true(cvd_participant_may_receive(&p, false));
    assert_true(cvd_participant_may_send(&p, false));
    /* Every rm but closed, while engaged. */
    for (int rm = 0; rm < CVD_RM_STATE_COUNT; rm++) {
        struct cvd_participant q = p;
        q.rm = (enum cvd_rm_state)rm;
        bool open = rm != CVD_RM_CLOSED;
        assert_int_equal(cvd_participant_may_receive(&q, false), open);
        assert_int_equal(cvd_participant_may_send(&q, false), open);
        assert_true(cvd_participant_may_receive(&q, true));
        assert_true(cvd_participant_may_send(&q, true));
    }
    struct cvd_participant gone = p;
    assert_int_equal(cvd_participant_leave(&gone, true, T0 + DAY, NULL), 0);
    assert_false(gone.engaged);
    assert_false(cvd_participant_may_receive(&gone, false));
    assert_false(cvd_participant_may_send(&gone, false));
    assert_true(cvd_participant_may_receive(&gone, true));
    assert_true(cvd_participant_may_send(&gone, true));
    assert_false(cvd_participant_may_receive(NULL, true));
    assert_false(cvd_participant_may_send(NULL, true));
}

static void test_participant_lifecycle(void **state)
{
    (void)state;
    struct cvd_diag diag = {0};
    struct cvd_participant p = invited(CVD_CASE_ROLE_VENDOR | CVD_CASE_ROLE_DEPLOYER);
    /* No answer before an embargo is proposed, nor after it ended. */
    assert_int_equal(cvd_participant_embargo_answer(&p, CVD_EM_NONE, 0, true, &diag), CVD_ESTATE);
    assert_int_equal(cvd_participant_embargo_answer(&p, CVD_EM_EXITED, 0, true, NULL), CVD_ESTATE);
    assert_int_equal(cvd_participant_embargo_answer(&p, CVD_EM_PROPOSED, 0, true, NULL), 0);
    assert_int_equal(p.em_answer, CVD_EM_ANSWER_ACCEPTED);
    assert_true(p.embargo_adherence);
    /* Rejecting a later revision keeps the adherence to the running embargo. */
    assert_int_equal(cvd_participant_embargo_answer(&p, CVD_EM_REVISING, 0, false, NULL), 0);
    assert_int_equal(p.em_answer, CVD_EM_ANSWER_REJECTED);
    assert_true(p.embargo_adherence);
    /* The RM path of a vendor through to closed. */
    static const enum cvd_rm_action path[] = {CVD_RM_DELIVER, CVD_RM_VALIDATE, CVD_RM_ACCEPT,
                                              CVD_RM_DEFER, CVD_RM_CLOSE};
    for (size_t i = 0; i < CVD_ARRAY_LEN(path); i++)
        assert_int_equal(cvd_participant_rm_apply(&p, path[i], T0 + (int64_t)i, NULL), 0);
    assert_int_equal(p.rm, CVD_RM_CLOSED);
    assert_int_equal(p.delivered_at, T0);
    struct cvd_participant before = p;
    assert_int_equal(cvd_participant_rm_apply(&p, CVD_RM_ACCEPT, T0, NULL), CVD_ESTATE);
    assert_memory_equal(&p, &before, sizeof(p));
    /* A closed participant is not asked. */
    assert_int_equal(cvd_participant_embargo_answer(&p, CVD_EM_PROPOSED, 0, true, &diag),
                     CVD_ESTATE);
    assert_non_null(strstr(diag.msg, "closed"));
    /* Leaving: once; keeps adherence unless declared otherwise; no answers afterwards. */
    struct cvd_participant k = invited(CVD_CASE_ROLE_VENDOR);
    k.embargo_adherence = true;
    struct cvd_participant drop = k;
    assert_int_equal(cvd_participant_leave(&k, true, T0 + 5, NULL), 0);
    assert_true(k.embargo_adherence);
    assert_int_equal(k.left_at, T0 + 5);
    assert_int_equal(cvd_participant_leave(&k, true, T0 + 6, &diag), CVD_ESTATE);
    assert_int_equal(k.left_at, T0 + 5);
    assert_int_equal(cvd_participant_embargo_answer(&k, CVD_EM_ACTIVE, 0, true, NULL), CVD_ESTATE);
    assert_int_equal(cvd_participant_leave(&drop, false, T0 + 5, NULL), 0);
    assert_false(drop.embargo_adherence);
    /* Bad arguments. */
    assert_int_equal(cvd_participant_rm_apply(NULL, CVD_RM_DELIVER, T0, NULL), CVD_EINVAL);
    assert_int_equal(cvd_participant_rm_apply(&k, CVD_RM_DELIVER, 0, NULL), CVD_EINVAL);
    assert_int_equal(cvd_participant_vfd_apply(NULL, CVD_VFD_FIX, NULL), CVD_EINVAL);
    assert_int_equal(cvd_participant_leave(NULL, true, T0, NULL), CVD_EINVAL);
    assert_int_equal(cvd_participant_embargo_answer(NULL, CVD_EM_ACTIVE, 0, true, NULL),
                     CVD_EINVAL);
    assert_int_equal(cvd_participant_embargo_answer(&k, CVD_EM_ACTIVE, 2, true, NULL), CVD_EINVAL);
    assert_int_equal(cvd_participant_set_override(NULL, S("x"), NULL), CVD_EINVAL);
    assert_int_equal(cvd_participant_check(NULL, NULL), CVD_EINVAL);
    struct cvd_participant junk = k;
    junk.roles = 0;
    assert_int_equal(cvd_participant_check(&junk, NULL), CVD_EINVAL);
    junk = k;
    junk.rm = (enum cvd_rm_state)42;
    assert_int_equal(cvd_participant_check(&junk, NULL), CVD_EINVAL);
}

/* ---- the answers to a proposal ---- */

static struct cvd_participant answering(unsigned roles, enum cvd_em_answer a)
{
    return (struct cvd_participant){.roles = roles,
                                    .rm = CVD_RM_ACCEPTED,
                                    .vfd = (roles & CVD_CASE_ROLE_VENDOR) ? CVD_VFD_AWARE
                                                                          : CVD_VFD_NONE,
                                    .engaged = true,
                                    .em_answer = a};
}

#define TALLY(ps, n, policy, want, req, acc, rej, wait)                                            \
    do {                                                                                           \
        struct cvd_em_tally t_;                                                                    \
        assert_int_equal(cvd_em_tally((ps), (n), (policy), &t_, NULL), 0);                         \
        assert_int_equal(t_.outcome, (want));                                                      \
        assert_int_equal(t_.required, (req));                                                      \
        assert_int_equal(t_.accepted, (acc));                                                      \
        assert_int_equal(t_.rejected, (rej));                                                      \
        assert_int_equal(t_.waiting, (wait));                                                      \
    } while (0)

static void test_em_tally(void **state)
{
    (void)state;
    struct cvd_participant ps[6] = {
        answering(CVD_CASE_ROLE_COORDINATOR, CVD_EM_ANSWER_ACCEPTED),
        answering(CVD_CASE_ROLE_VENDOR, CVD_EM_ANSWER_NONE),
        answering(CVD_CASE_ROLE_VENDOR | CVD_CASE_ROLE_DEPLOYER, CVD_EM_ANSWER_NONE),
        answering(CVD_CASE_ROLE_FINDER | CVD_CASE_ROLE_REPORTER, CVD_EM_ANSWER_REJECTED),
        answering(CVD_CASE_ROLE_DEPLOYER, CVD_EM_ANSWER_REJECTED),
        answering(CVD_CASE_ROLE_OTHER, CVD_EM_ANSWER_NONE),
    };
    /* The finder's and the deployer's answers do not count under either policy. */
    TALLY(ps, 6, CVD_EM_POLICY_VENDORS, CVD_EM_OUTCOME_PENDING, 3, 1, 0, 2);
    TALLY(ps, 6, CVD_EM_POLICY_COORDINATOR, CVD_EM_OUTCOME_ACCEPTED, 1, 1, 0, 0);
    ps[1].em_answer = CVD_EM_ANSWER_ACCEPTED;
    TALLY(ps, 6, CVD_EM_POLICY_VENDORS, CVD_EM_OUTCOME_PENDING, 3, 2, 0, 1);
    ps[2].em_answer = CVD_EM_ANSWER_ACCEPTED;
    TALLY(ps, 6, CVD_EM_POLICY_VENDORS, CVD_EM_OUTCOME_ACCEPTED, 3, 3, 0, 0);
    /* One rejection rejects, even with others waiting. */
    ps[2].em_answer = CVD_EM_ANSWER_REJECTED;
    ps[1].em_answer = CVD_EM_ANSWER_NONE;
    TALLY(ps, 6, CVD_EM_POLICY_VENDORS, CVD_EM_OUTCOME_REJECTED, 3, 1, 1, 1);
    /* A vendor that left, is closed or has not had the report is not waited for. */
    ps[2].em_answer = CVD_EM_ANSWER_NONE;
    ps[1].engaged = false;
    ps[2].rm = CVD_RM_CLOSED;
    TALLY(ps, 6, CVD_EM_POLICY_VENDORS, CVD_EM_OUTCOME_ACCEPTED, 1, 1, 0, 0);
    ps[2].rm = CVD_RM_START;
    TALLY(ps, 6, CVD_EM_POLICY_VENDORS, CVD_EM_OUTCOME_ACCEPTED, 1, 1, 0, 0);
    /* Nobody to answer: pending, never accepted by default. */
    TALLY(ps, 0, CVD_EM_POLICY_VENDORS, CVD_EM_OUTCOME_PENDING, 0, 0, 0, 0);
    TALLY(NULL, 0, CVD_EM_POLICY_COORDINATOR, CVD_EM_OUTCOME_PENDING, 0, 0, 0, 0);
    TALLY(&ps[3], 3, CVD_EM_POLICY_VENDORS, CVD_EM_OUTCOME_PENDING, 0, 0, 0, 0);
    /* Bad arguments. */
    struct cvd_em_tally t;
    assert_int_equal(cvd_em_tally(NULL, 1, CVD_EM_POLICY_VENDORS, &t, NULL), CVD_EINVAL);
    assert_int_equal(cvd_em_tally(ps, 6, (enum cvd_em_policy)2, &t, NULL), CVD_EINVAL);
    assert_int_equal(cvd_em_tally(ps, 6, CVD_EM_POLICY_VENDORS, NULL, NULL), CVD_EINVAL);
    ps[0].em_answer = (enum cvd_em_answer)7;
    assert_int_equal(cvd_em_tally(ps, 6, CVD_EM_POLICY_VENDORS, &t, NULL), CVD_EINVAL);
}

/* ---- names ---- */

/* Every value has a lower-case name that parses back to it; one past the end has none; the
 * parser is exact. */
#define ROUND_TRIP(type, count, ...)                                                               \
    do {                                                                                           \
        static const char *const want_[] = {__VA_ARGS__};                                          \
        assert_int_equal(CVD_ARRAY_LEN(want_), (count));                                           \
        for (int v_ = 0; v_ < (count); v_++) {                                                     \
            const char *n_ = cvd_##type##_name((enum cvd_##type)v_);                               \
            assert_non_null(n_);                                                                   \
            assert_string_equal(n_, want_[v_]);                                                    \
            enum cvd_##type back_ = (enum cvd_##type)99;                                           \
            assert_int_equal(cvd_##type##_parse(S(n_), &back_), 0);                                \
            assert_int_equal(back_, v_);                                                           \
        }                                                                                          \
        assert_null(cvd_##type##_name((enum cvd_##type)(count)));                                  \
        assert_null(cvd_##type##_name((enum cvd_##type) - 1));                                     \
        enum cvd_##type none_ = (enum cvd_##type)99;                                               \
        assert_int_equal(cvd_##type##_parse(S(""), &none_), CVD_EINVAL);                           \
        assert_int_equal(cvd_##type##_parse(S("bogus"), &none_), CVD_EINVAL);                      \
        assert_int_equal(cvd_##type##_parse((struct cvd_str){NULL, 0}, &none_), CVD_EINVAL);       \
        assert_int_equal(none_, 99);                                                               \
    } while (0)

static void test_names_round_trip(void **state)
{
    (void)state;
    ROUND_TRIP(em_state, CVD_EM_STATE_COUNT, "none", "proposed", "active", "revising", "exited");
    ROUND_TRIP(em_action, CVD_EM_ACTION_COUNT, "propose", "accept", "reject", "revise",
               "accept_revision", "reject_revision", "terminate");
    ROUND_TRIP(em_reason, CVD_EM_REASON_COUNT, "none", "expired", "public", "exploit_public",
               "attacks", "quorum_fix_ready", "coordinator_decision");
    ROUND_TRIP(cs_event, CVD_CS_EVENT_COUNT, "public_awareness", "exploit_public",
               "attacks_observed");
    ROUND_TRIP(rm_state, CVD_RM_STATE_COUNT, "start", "received", "invalid", "valid", "accepted",
               "deferred", "closed");
    ROUND_TRIP(rm_action, CVD_RM_ACTION_COUNT, "deliver", "validate", "invalidate", "accept",
               "defer", "close");
    ROUND_TRIP(vfd, CVD_VFD_COUNT, "none", "aware", "fix_ready", "deployed");
    ROUND_TRIP(vfd_action, CVD_VFD_ACTION_COUNT, "notify", "fix", "deploy");
    ROUND_TRIP(em_answer, CVD_EM_ANSWER_COUNT, "none", "accepted", "rejected");
    ROUND_TRIP(em_policy, CVD_EM_POLICY_COUNT, "vendors", "coordinator");
    ROUND_TRIP(em_outcome, CVD_EM_OUTCOME_COUNT, "pending", "accepted", "rejected");

    /* Roles: one name per flag; combinations and 0 have none. */
    static const char *const roles[] = {"finder",      "reporter", "vendor",
                                        "coordinator", "deployer", "other"};
    assert_int_equal(CVD_ARRAY_LEN(roles), CVD_CASE_ROLE_COUNT);
    for (unsigned i = 0; i < CVD_CASE_ROLE_COUNT; i++) {
        assert_string_equal(cvd_case_role_name((enum cvd_case_role)(1u << i)), roles[i]);
        enum cvd_case_role back;
        assert_int_equal(cvd_case_role_parse(S(roles[i]), &back), 0);
        assert_int_equal(back, 1u << i);
    }
    assert_int_equal(CVD_CASE_ROLE_VENDOR, 1u << 2);
    assert_null(cvd_case_role_name((enum cvd_case_role)0));
    assert_null(
        cvd_case_role_name((enum cvd_case_role)(CVD_CASE_ROLE_VENDOR | CVD_CASE_ROLE_DEPLOYER)));
    assert_null(cvd_case_role_name((enum cvd_case_role)(1u << CVD_CASE_ROLE_COUNT)));
    enum cvd_case_role r;
    assert_int_equal(cvd_case_role_parse(S("Vendor"), &r), CVD_EINVAL);

    /* pxa: the six Vultron spellings. */
    static const struct {
        unsigned bits;
        const char *name;
    } pxa[] = {{0, "pxa"}, {1, "Pxa"}, {3, "PXa"}, {4, "pxA"}, {5, "PxA"}, {7, "PXA"}};
    for (size_t i = 0; i < CVD_ARRAY_LEN(pxa); i++) {
        assert_true(cvd_pxa_valid(pxa[i].bits));
        assert_string_equal(cvd_pxa_name(pxa[i].bits), pxa[i].name);
        unsigned back = 99;
        assert_int_equal(cvd_pxa_parse(S(pxa[i].name), &back), 0);
        assert_int_equal(back, pxa[i].bits);
    }
    static const unsigned not_states[] = {2, 6, 8, 0xffffffffu};
    for (size_t i = 0; i < CVD_ARRAY_LEN(not_states); i++) {
        assert_false(cvd_pxa_valid(not_states[i]));
        assert_null(cvd_pxa_name(not_states[i]));
    }
    unsigned bits = 99;
    assert_int_equal(cvd_pxa_parse(S("pXa"), &bits), CVD_EINVAL);
    assert_int_equal(cvd_pxa_parse(S("PXA "), &bits), CVD_EINVAL);
    assert_int_equal(bits, 99);
}

/* The §2.6 event types, one per action. */
static void test_event_types(void **state)
{
    (void)state;
    static const char *const em[] = {"embargo.proposed",          "embargo.accepted",
                                     "embargo.rejected",          "embargo.revision_proposed",
                                     "embargo.revision_accepted", "embargo.revision_rejected",
                                     "embargo.terminated"};
    for (int a = 0; a < CVD_EM_ACTION_COUNT; a++)
        assert_string_equal(cvd_em_action_event((enum cvd_em_action)a), em[a]);
    assert_null(cvd_em_action_event((enum cvd_em_action)CVD_EM_ACTION_COUNT));
    assert_string_equal(cvd_cs_event_type(CVD_CS_PUBLIC_AWARENESS), "case.public_awareness");
    assert_string_equal(cvd_cs_event_type(CVD_CS_EXPLOIT_PUBLIC), "case.exploit_public");
    assert_string_equal(cvd_cs_event_type(CVD_CS_ATTACKS_OBSERVED), "case.attacks_observed");
    assert_null(cvd_cs_event_type((enum cvd_cs_event)CVD_CS_EVENT_COUNT));
    assert_string_equal(cvd_vfd_action_event(CVD_VFD_NOTIFY), "participant.delivered");
    assert_string_equal(cvd_vfd_action_event(CVD_VFD_FIX), "vendor.fix_ready");
    assert_string_equal(cvd_vfd_action_event(CVD_VFD_DEPLOY), "vendor.fix_deployed");
    assert_null(cvd_vfd_action_event((enum cvd_vfd_action)CVD_VFD_ACTION_COUNT));
    assert_string_equal(cvd_rm_action_event(CVD_RM_DELIVER), "participant.delivered");
    for (int a = CVD_RM_VALIDATE; a < CVD_RM_ACTION_COUNT; a++)
        assert_string_equal(cvd_rm_action_event((enum cvd_rm_action)a), "participant.rm_changed");
    assert_null(cvd_rm_action_event((enum cvd_rm_action)CVD_RM_ACTION_COUNT));
    assert_null(cvd_rm_action_event((enum cvd_rm_action) - 1));
    assert_string_equal(CVD_EVENT_PARTICIPANT_INVITED, "participant.invited");
    assert_string_equal(CVD_EVENT_PARTICIPANT_EMBARGO_ACCEPTED, "participant.embargo_accepted");
    assert_string_equal(CVD_EVENT_PARTICIPANT_EMBARGO_REJECTED, "participant.embargo_rejected");
    assert_string_equal(CVD_EVENT_PARTICIPANT_LEFT, "participant.left");
}

static void test_machines_out_of_range(void **state)
{
    (void)state;
    enum cvd_em_state eto;
    enum cvd_rm_state rto;
    enum cvd_vfd vto;
    assert_int_equal(cvd_em_next((enum cvd_em_state)CVD_EM_STATE_COUNT, CVD_EM_PROPOSE, &eto, NULL),
                     CVD_EINVAL);
    assert_int_equal(cvd_em_next(CVD_EM_NONE, (enum cvd_em_action) - 1, &eto, NULL), CVD_EINVAL);
    assert_false(cvd_em_can((enum cvd_em_state) - 1, CVD_EM_PROPOSE));
    assert_int_equal(cvd_rm_next((enum cvd_rm_state)CVD_RM_STATE_COUNT, CVD_RM_DELIVER, &rto, NULL),
                     CVD_EINVAL);
    assert_int_equal(cvd_rm_next(CVD_RM_START, (enum cvd_rm_action)CVD_RM_ACTION_COUNT, &rto, NULL),
                     CVD_EINVAL);
    assert_false(cvd_rm_can(CVD_RM_START, (enum cvd_rm_action) - 1));
    assert_int_equal(cvd_vfd_next(0, CVD_VFD_NONE, CVD_VFD_NOTIFY, &vto, NULL), CVD_EINVAL);
    assert_int_equal(
        cvd_vfd_next(0x40 | CVD_CASE_ROLE_VENDOR, CVD_VFD_NONE, CVD_VFD_NOTIFY, &vto, NULL),
        CVD_EINVAL);
    assert_int_equal(
        cvd_vfd_next(CVD_CASE_ROLE_VENDOR, (enum cvd_vfd)CVD_VFD_COUNT, CVD_VFD_NOTIFY, &vto, NULL),
        CVD_EINVAL);
    assert_int_equal(
        cvd_vfd_next(CVD_CASE_ROLE_VENDOR, CVD_VFD_NONE, (enum cvd_vfd_action)3, &vto, NULL),
        CVD_EINVAL);
    assert_false(cvd_vfd_can(CVD_CASE_ROLE_VENDOR, CVD_VFD_NONE, (enum cvd_vfd_action) - 1));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_em_machine_every_pair),
        cmocka_unit_test(test_em_apply_every_pair),
        cmocka_unit_test(test_em_lifecycle),
        cmocka_unit_test(test_em_apply_input_rules),
        cmocka_unit_test(test_em_messages),
        cmocka_unit_test(test_rm_machine_every_pair),
        cmocka_unit_test(test_vfd_machine_every_pair),
        cmocka_unit_test(test_pxa_machine_every_pair),
        cmocka_unit_test(test_machines_out_of_range),
        cmocka_unit_test(test_inv02_one_embargo_with_an_end),
        cmocka_unit_test(test_inv03_no_negotiation_once_public),
        cmocka_unit_test(test_inv04_public_ends_embargo),
        cmocka_unit_test(test_inv05_fix_path_order),
        cmocka_unit_test(test_inv06_invite_needs_accepted_case),
        cmocka_unit_test(test_inv07_content_withheld_until_embargo_accepted),
        cmocka_unit_test(test_inv11_no_messages_to_departed),
        cmocka_unit_test(test_participant_lifecycle),
        cmocka_unit_test(test_em_tally),
        cmocka_unit_test(test_names_round_trip),
        cmocka_unit_test(test_event_types),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
