/* model: both state machines pair by pair against tables written from standards.md §2.6 (not
 * from the code), the rule linking them, the invariants a pure model carries (INV01 edges,
 * INV09 notifications, INV12 injected time), every enum name, the ids with hostile input,
 * every input rule with a passing and a failing case, and the timers at their exact
 * boundary seconds. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cvd/err.h"
#include "cvd/model.h"
#include "cvd/str.h"

#define S(lit) cvd_str_from_cstr(lit)

/* ---- the report machine ----
 *
 * Written from the EV table: acknowledge (EV02) any state but closed; request_info and
 * add_info (EV03) in R, I, V; validate (EV04) R|I -> V; invalidate (EV05) R|V -> I;
 * mark_duplicate (EV06) in V; accept (EV07) V|D -> A; defer (EV08) V|A -> D; close (EV09)
 * I|D|A -> C; status_update (EV34) while not closed. '-' = refused. */

static const char *const report_expected[CVD_REPORT_STATE_COUNT] = {
    /*                      a  r  +  v  i  d  A  D  c  s   (actions in enum order) */
    [CVD_REPORT_RECEIVED] = "R  R  R  V  I  -  -  -  -  R",
    [CVD_REPORT_INVALID] = "I  I  I  V  -  -  -  -  C  I",
    [CVD_REPORT_VALID] = "V  V  V  -  I  V  A  D  -  V",
    [CVD_REPORT_ACCEPTED] = "A  -  -  -  -  -  -  D  C  A",
    [CVD_REPORT_DEFERRED] = "D  -  -  -  -  -  A  -  C  D",
    [CVD_REPORT_CLOSED] = "-  -  -  -  -  -  -  -  -  -",
};

static const char report_letters[] = "RIVADC"; /* by enum cvd_report_state */

/* The expected cell for (state, action): a state letter or '-'. */
static char expected_cell(const char *row, int col)
{
    return row[col * 3];
}

static int report_state_of(char letter)
{
    const char *p = strchr(report_letters, letter);
    assert_non_null(p);
    return (int)(p - report_letters);
}

static void test_report_machine_every_pair(void **state)
{
    (void)state;
    int allowed = 0;
    for (int from = 0; from < CVD_REPORT_STATE_COUNT; from++) {
        for (int act = 0; act < CVD_REPORT_ACTION_COUNT; act++) {
            char want = expected_cell(report_expected[from], act);
            enum cvd_report_state to = (enum cvd_report_state)99;
            struct cvd_diag diag = {0};
            int rc = cvd_report_next((enum cvd_report_state)from, (enum cvd_report_action)act, &to,
                                     &diag);
            const char *fname = cvd_report_state_name((enum cvd_report_state)from);
            const char *aname = cvd_report_action_name((enum cvd_report_action)act);
            if (want == '-') {
                if (rc != CVD_ESTATE)
                    fail_msg("%s on %s: got rc %d, want CVD_ESTATE", aname, fname, rc);
                assert_int_equal(to, 99); /* untouched */
                assert_int_equal(diag.code, CVD_ESTATE);
                assert_true(strncmp(diag.msg, "cannot ", 7) == 0);
                assert_non_null(strstr(diag.msg, fname));
                assert_false(
                    cvd_report_can((enum cvd_report_state)from, (enum cvd_report_action)act));
            } else {
                if (rc != 0)
                    fail_msg("%s on %s: refused (%s), want %c", aname, fname, diag.msg, want);
                if ((int)to != report_state_of(want))
                    fail_msg("%s on %s: got %s, want %c", aname, fname, cvd_report_state_name(to),
                             want);
                assert_true(
                    cvd_report_can((enum cvd_report_state)from, (enum cvd_report_action)act));
                allowed++;
            }
        }
    }
    assert_int_equal(allowed, 28);
}

static void test_report_machine_messages(void **state)
{
    (void)state;
    static const struct {
        enum cvd_report_state from;
        enum cvd_report_action act;
        const char *msg;
    } rows[] = {
        {CVD_REPORT_CLOSED, CVD_REPORT_ACCEPT,
         "cannot accept a report that is closed (allowed when valid or deferred)"},
        {CVD_REPORT_RECEIVED, CVD_REPORT_MARK_DUPLICATE,
         "cannot mark a report that is received as a duplicate (allowed when valid)"},
        {CVD_REPORT_CLOSED, CVD_REPORT_ACKNOWLEDGE,
         "cannot acknowledge a report that is closed (allowed when received, invalid, valid, "
         "accepted or deferred)"},
        {CVD_REPORT_ACCEPTED, CVD_REPORT_REQUEST_INFO,
         "cannot request information on a report that is accepted (allowed when received, "
         "invalid or valid)"},
        {CVD_REPORT_VALID, CVD_REPORT_CLOSE,
         "cannot close a report that is valid (allowed when invalid, accepted or deferred)"},
    };
    for (size_t i = 0; i < CVD_ARRAY_LEN(rows); i++) {
        struct cvd_diag diag = {0};
        enum cvd_report_state to;
        assert_int_equal(cvd_report_next(rows[i].from, rows[i].act, &to, &diag), CVD_ESTATE);
        assert_string_equal(diag.msg, rows[i].msg);
    }
    struct cvd_diag diag = {0};
    enum cvd_case_state cto;
    assert_int_equal(cvd_case_next(CVD_CASE_VALID, CVD_CASE_CLOSE, &cto, &diag), CVD_ESTATE);
    assert_string_equal(diag.msg,
                        "cannot close a case that is valid (allowed when accepted or deferred)");
}

/* ---- the case machine: accept V|D -> A, defer V|A -> D, close A|D -> C, reopen C -> A ---- */

static const char *const case_expected[CVD_CASE_STATE_COUNT] = {
    /*                   accept defer close reopen */
    [CVD_CASE_VALID] = "A  D  -  -",
    [CVD_CASE_ACCEPTED] = "-  D  C  -",
    [CVD_CASE_DEFERRED] = "A  -  C  -",
    [CVD_CASE_CLOSED] = "-  -  -  A",
};

static const char case_letters[] = "VADC"; /* by enum cvd_case_state */

static void test_case_machine_every_pair(void **state)
{
    (void)state;
    int allowed = 0;
    for (int from = 0; from < CVD_CASE_STATE_COUNT; from++) {
        for (int act = 0; act < CVD_CASE_ACTION_COUNT; act++) {
            char want = expected_cell(case_expected[from], act);
            enum cvd_case_state to = (enum cvd_case_state)99;
            struct cvd_diag diag = {0};
            int rc =
                cvd_case_next((enum cvd_case_state)from, (enum cvd_case_action)act, &to, &diag);
            const char *fname = cvd_case_state_name((enum cvd_case_state)from);
            const char *aname = cvd_case_action_name((enum cvd_case_action)act);
            if (want == '-') {
                if (rc != CVD_ESTATE)
                    fail_msg("case %s on %s: got rc %d, want CVD_ESTATE", aname, fname, rc);
                assert_int_equal(to, 99);
                assert_non_null(strstr(diag.msg, fname));
                assert_false(cvd_case_can((enum cvd_case_state)from, (enum cvd_case_action)act));
            } else {
                if (rc != 0)
                    fail_msg("case %s on %s: refused (%s), want %c", aname, fname, diag.msg, want);
                const char *p = strchr(case_letters, want);
                assert_non_null(p);
                assert_int_equal((int)to, (int)(p - case_letters));
                assert_true(cvd_case_can((enum cvd_case_state)from, (enum cvd_case_action)act));
                allowed++;
            }
        }
    }
    assert_int_equal(allowed, 7);
}

static void test_machines_out_of_range(void **state)
{
    (void)state;
    enum cvd_report_state to;
    enum cvd_case_state cto;
    struct cvd_diag diag = {0};
    assert_int_equal(cvd_report_next((enum cvd_report_state)CVD_REPORT_STATE_COUNT,
                                     CVD_REPORT_ACKNOWLEDGE, &to, &diag),
                     CVD_EINVAL);
    assert_int_equal(cvd_report_next(CVD_REPORT_RECEIVED,
                                     (enum cvd_report_action)CVD_REPORT_ACTION_COUNT, &to, &diag),
                     CVD_EINVAL);
    assert_int_equal(
        cvd_report_next((enum cvd_report_state) - 1, CVD_REPORT_ACKNOWLEDGE, &to, NULL),
        CVD_EINVAL);
    assert_int_equal(cvd_report_next(CVD_REPORT_RECEIVED, (enum cvd_report_action) - 1, &to, NULL),
                     CVD_EINVAL);
    assert_false(cvd_report_can((enum cvd_report_state) - 1, CVD_REPORT_ACKNOWLEDGE));
    assert_int_equal(
        cvd_case_next((enum cvd_case_state)CVD_CASE_STATE_COUNT, CVD_CASE_ACCEPT, &cto, NULL),
        CVD_EINVAL);
    assert_int_equal(
        cvd_case_next(CVD_CASE_VALID, (enum cvd_case_action)CVD_CASE_ACTION_COUNT, &cto, NULL),
        CVD_EINVAL);
    assert_false(cvd_case_can(CVD_CASE_VALID, (enum cvd_case_action) - 1));
}

/* INV01: states change only along the listed edges. Report RM (§2.6 machine 1): R->V, R->I,
 * I->V, I->C, V->A, V->D, A->D, D->A, A->C, D->C; and V->I, which EV05 adds (invalidate
 * from R or V). Case coord_rm: V->A, V->D, D->A, A->D, A->C, D->C, C->A (EV35 reopen). Every
 * listed edge must be reachable, and no other. */
static void test_inv01_report_edges(void **state)
{
    (void)state;
    static const char *const listed[] = {"RV", "RI", "IV", "IC", "VA", "VD",
                                         "AD", "DA", "AC", "DC", "VI"};
    bool seen[CVD_ARRAY_LEN(listed)] = {false};
    for (int from = 0; from < CVD_REPORT_STATE_COUNT; from++) {
        for (int act = 0; act < CVD_REPORT_ACTION_COUNT; act++) {
            enum cvd_report_state to;
            if (cvd_report_next((enum cvd_report_state)from, (enum cvd_report_action)act, &to,
                                NULL) != 0 ||
                (int)to == from)
                continue;
            char edge[3] = {report_letters[from], report_letters[to], '\0'};
            size_t i = 0;
            while (i < CVD_ARRAY_LEN(listed) && strcmp(listed[i], edge) != 0)
                i++;
            if (i == CVD_ARRAY_LEN(listed))
                fail_msg("edge %s is not in §2.6", edge);
            seen[i] = true;
        }
    }
    for (size_t i = 0; i < CVD_ARRAY_LEN(listed); i++) {
        if (!seen[i])
            fail_msg("listed edge %s is never taken", listed[i]);
    }
}

static void test_inv01_case_edges(void **state)
{
    (void)state;
    static const char *const listed[] = {"VA", "VD", "DA", "AD", "AC", "DC", "CA"};
    bool seen[CVD_ARRAY_LEN(listed)] = {false};
    for (int from = 0; from < CVD_CASE_STATE_COUNT; from++) {
        for (int act = 0; act < CVD_CASE_ACTION_COUNT; act++) {
            enum cvd_case_state to;
            if (cvd_case_next((enum cvd_case_state)from, (enum cvd_case_action)act, &to, NULL) !=
                    0 ||
                (int)to == from)
                continue;
            char edge[3] = {case_letters[from], case_letters[to], '\0'};
            size_t i = 0;
            while (i < CVD_ARRAY_LEN(listed) && strcmp(listed[i], edge) != 0)
                i++;
            if (i == CVD_ARRAY_LEN(listed))
                fail_msg("case edge %s is not in §2.6", edge);
            seen[i] = true;
        }
    }
    for (size_t i = 0; i < CVD_ARRAY_LEN(listed); i++) {
        if (!seen[i])
            fail_msg("listed case edge %s is never taken", listed[i]);
    }
    /* Nothing leaves a closed report. */
    for (int act = 0; act < CVD_REPORT_ACTION_COUNT; act++)
        assert_false(cvd_report_can(CVD_REPORT_CLOSED, (enum cvd_report_action)act));
}

/* EV05: invalidate needs one of the five reasons; nothing else takes one. */
static void test_reason_rule(void **state)
{
    (void)state;
    for (int act = 0; act < CVD_REPORT_ACTION_COUNT; act++) {
        for (int reason = 0; reason < CVD_INVALID_REASON_COUNT; reason++) {
            struct cvd_diag diag = {0};
            int rc = cvd_report_reason_check((enum cvd_report_action)act,
                                             (enum cvd_invalid_reason)reason, &diag);
            int want;
            if (act == CVD_REPORT_INVALIDATE)
                want = reason == CVD_INVALID_NONE ? CVD_EMISSING : 0;
            else
                want = reason == CVD_INVALID_NONE ? 0 : CVD_EINVAL;
            if (rc != want)
                fail_msg("reason %d for action %d: got %d, want %d", reason, act, rc, want);
        }
    }
    struct cvd_diag diag = {0};
    assert_int_equal(cvd_report_reason_check(CVD_REPORT_INVALIDATE, CVD_INVALID_NONE, &diag),
                     CVD_EMISSING);
    assert_non_null(strstr(diag.msg, "out_of_scope"));
    assert_int_equal(cvd_report_reason_check(CVD_REPORT_INVALIDATE,
                                             (enum cvd_invalid_reason)CVD_INVALID_REASON_COUNT,
                                             NULL),
                     CVD_EINVAL);
    assert_int_equal(cvd_report_reason_check((enum cvd_report_action) - 1, CVD_INVALID_NONE, NULL),
                     CVD_EINVAL);
}

/* INV09: the reporter is told of every outcome (validated, invalidated with reason,
 * accepted, deferred, closed; and a duplicate). Written out independently: */
static void test_inv09_notifications(void **state)
{
    (void)state;
    static const struct {
        enum cvd_report_action act;
        bool outcome;
        bool notifies;
        enum cvd_author actor;
    } rows[CVD_REPORT_ACTION_COUNT] = {
        {CVD_REPORT_ACKNOWLEDGE, false, true, CVD_AUTHOR_COORDINATOR},
        {CVD_REPORT_REQUEST_INFO, false, true, CVD_AUTHOR_COORDINATOR},
        {CVD_REPORT_ADD_INFO, false, false, CVD_AUTHOR_REPORTER},
        {CVD_REPORT_VALIDATE, true, true, CVD_AUTHOR_COORDINATOR},
        {CVD_REPORT_INVALIDATE, true, true, CVD_AUTHOR_COORDINATOR},
        {CVD_REPORT_MARK_DUPLICATE, true, true, CVD_AUTHOR_COORDINATOR},
        {CVD_REPORT_ACCEPT, true, true, CVD_AUTHOR_COORDINATOR},
        {CVD_REPORT_DEFER, true, true, CVD_AUTHOR_COORDINATOR},
        {CVD_REPORT_CLOSE, true, true, CVD_AUTHOR_COORDINATOR},
        {CVD_REPORT_STATUS_UPDATE, false, true, CVD_AUTHOR_COORDINATOR},
    };
    for (size_t i = 0; i < CVD_ARRAY_LEN(rows); i++) {
        assert_int_equal(cvd_report_action_is_outcome(rows[i].act), rows[i].outcome);
        assert_int_equal(cvd_report_action_notifies_reporter(rows[i].act), rows[i].notifies);
        assert_int_equal(cvd_report_action_actor(rows[i].act), rows[i].actor);
    }
    /* Whatever moves a report's state is an outcome, and every outcome notifies. */
    for (int from = 0; from < CVD_REPORT_STATE_COUNT; from++) {
        for (int act = 0; act < CVD_REPORT_ACTION_COUNT; act++) {
            enum cvd_report_state to;
            if (cvd_report_next((enum cvd_report_state)from, (enum cvd_report_action)act, &to,
                                NULL) == 0 &&
                (int)to != from) {
                assert_true(cvd_report_action_is_outcome((enum cvd_report_action)act));
                assert_true(cvd_report_action_notifies_reporter((enum cvd_report_action)act));
            }
        }
    }
    assert_false(cvd_report_action_notifies_reporter((enum cvd_report_action) - 1));
    assert_false(cvd_report_action_is_outcome((enum cvd_report_action)CVD_REPORT_ACTION_COUNT));
}

/* EV07: accepting a report accepts its case when the case is V or D; a closed case must be
 * reopened first; no other report action touches the case. */
static void test_report_case_link(void **state)
{
    (void)state;
    for (int act = 0; act < CVD_REPORT_ACTION_COUNT; act++) {
        for (int cs = 0; cs < CVD_CASE_STATE_COUNT; cs++) {
            enum cvd_case_action cact = (enum cvd_case_action)99;
            struct cvd_diag diag = {0};
            int rc = cvd_report_case_action((enum cvd_report_action)act, (enum cvd_case_state)cs,
                                            &cact, &diag);
            if (act != CVD_REPORT_ACCEPT) {
                assert_int_equal(rc, 0);
                assert_int_equal(cact, 99);
            } else if (cs == CVD_CASE_VALID || cs == CVD_CASE_DEFERRED) {
                assert_int_equal(rc, 1);
                assert_int_equal(cact, CVD_CASE_ACCEPT);
                /* ... and the case machine agrees. */
                assert_true(cvd_case_can((enum cvd_case_state)cs, cact));
            } else if (cs == CVD_CASE_ACCEPTED) {
                assert_int_equal(rc, 0);
            } else {
                assert_int_equal(rc, CVD_ESTATE);
                assert_non_null(strstr(diag.msg, "reopen"));
            }
        }
    }
    enum cvd_case_action cact;
    assert_int_equal(
        cvd_report_case_action((enum cvd_report_action) - 1, CVD_CASE_VALID, &cact, NULL),
        CVD_EINVAL);
    assert_int_equal(cvd_report_case_action(CVD_REPORT_ACCEPT, (enum cvd_case_state)9, &cact, NULL),
                     CVD_EINVAL);
}

static void test_report_apply(void **state)
{
    (void)state;
    struct cvd_report r = {.state = CVD_REPORT_RECEIVED, .received_at = 1000};
    struct cvd_diag diag = {0};

    assert_int_equal(cvd_report_apply(&r, CVD_REPORT_ACKNOWLEDGE, CVD_INVALID_NONE, 2000, &diag),
                     0);
    assert_int_equal(r.state, CVD_REPORT_RECEIVED);
    assert_int_equal(r.acked_at, 2000);
    assert_int_equal(r.last_status_at, 2000);
    assert_int_equal(r.updated_at, 2000);

    /* A second acknowledgement keeps the first time. */
    assert_int_equal(cvd_report_apply(&r, CVD_REPORT_ACKNOWLEDGE, CVD_INVALID_NONE, 2500, &diag),
                     0);
    assert_int_equal(r.acked_at, 2000);
    assert_int_equal(r.last_status_at, 2500);

    /* The reporter's word is activity, not a status update. */
    assert_int_equal(cvd_report_apply(&r, CVD_REPORT_ADD_INFO, CVD_INVALID_NONE, 3000, &diag), 0);
    assert_int_equal(r.last_status_at, 2500);
    assert_int_equal(r.updated_at, 3000);

    /* Invalidate needs a reason; the refusal changes nothing. */
    struct cvd_report before = r;
    assert_int_equal(cvd_report_apply(&r, CVD_REPORT_INVALIDATE, CVD_INVALID_NONE, 4000, &diag),
                     CVD_EMISSING);
    assert_memory_equal(&r, &before, sizeof(r));
    assert_int_equal(
        cvd_report_apply(&r, CVD_REPORT_INVALIDATE, CVD_INVALID_OUT_OF_SCOPE, 4000, &diag), 0);
    assert_int_equal(r.state, CVD_REPORT_INVALID);
    assert_int_equal(r.invalid_reason, CVD_INVALID_OUT_OF_SCOPE);
    assert_int_equal(r.last_status_at, 4000);

    /* Validating clears the reason. */
    assert_int_equal(cvd_report_apply(&r, CVD_REPORT_VALIDATE, CVD_INVALID_NONE, 5000, &diag), 0);
    assert_int_equal(r.state, CVD_REPORT_VALID);
    assert_int_equal(r.invalid_reason, CVD_INVALID_NONE);

    /* A wrong edge changes nothing. */
    before = r;
    assert_int_equal(cvd_report_apply(&r, CVD_REPORT_CLOSE, CVD_INVALID_NONE, 6000, &diag),
                     CVD_ESTATE);
    assert_memory_equal(&r, &before, sizeof(r));
    /* A reason on another action is refused. */
    assert_int_equal(
        cvd_report_apply(&r, CVD_REPORT_ACCEPT, CVD_INVALID_OBSOLETE_PRODUCT, 6000, &diag),
        CVD_EINVAL);
    assert_memory_equal(&r, &before, sizeof(r));

    assert_int_equal(cvd_report_apply(&r, CVD_REPORT_ACCEPT, CVD_INVALID_NONE, 6000, &diag), 0);
    assert_int_equal(cvd_report_apply(&r, CVD_REPORT_DEFER, CVD_INVALID_NONE, 7000, &diag), 0);
    assert_int_equal(cvd_report_apply(&r, CVD_REPORT_ACCEPT, CVD_INVALID_NONE, 8000, &diag), 0);
    assert_int_equal(cvd_report_apply(&r, CVD_REPORT_CLOSE, CVD_INVALID_NONE, 9000, &diag), 0);
    assert_int_equal(r.state, CVD_REPORT_CLOSED);
    assert_int_equal(r.last_status_at, 9000);
    assert_int_equal(r.updated_at, 9000);

    /* No time, no report. */
    r.state = CVD_REPORT_RECEIVED;
    assert_int_equal(cvd_report_apply(&r, CVD_REPORT_ACKNOWLEDGE, CVD_INVALID_NONE, 0, &diag),
                     CVD_EINVAL);
    assert_int_equal(cvd_report_apply(NULL, CVD_REPORT_ACKNOWLEDGE, CVD_INVALID_NONE, 1, NULL),
                     CVD_EINVAL);
}

static void test_case_apply(void **state)
{
    (void)state;
    struct cvd_case c = {.state = CVD_CASE_VALID, .created_at = 100};
    assert_int_equal(cvd_case_apply(&c, CVD_CASE_ACCEPT, 200, NULL), 0);
    assert_int_equal(c.state, CVD_CASE_ACCEPTED);
    assert_int_equal(cvd_case_apply(&c, CVD_CASE_CLOSE, 300, NULL), 0);
    assert_int_equal(c.state, CVD_CASE_CLOSED);
    assert_int_equal(c.closed_at, 300);
    struct cvd_case before = c;
    assert_int_equal(cvd_case_apply(&c, CVD_CASE_CLOSE, 400, NULL), CVD_ESTATE);
    assert_memory_equal(&c, &before, sizeof(c));
    assert_int_equal(cvd_case_apply(&c, CVD_CASE_REOPEN, 500, NULL), 0);
    assert_int_equal(c.state, CVD_CASE_ACCEPTED);
    assert_int_equal(c.closed_at, 0);
    assert_int_equal(cvd_case_apply(&c, CVD_CASE_DEFER, -1, NULL), CVD_EINVAL);
    assert_int_equal(cvd_case_apply(NULL, CVD_CASE_DEFER, 1, NULL), CVD_EINVAL);
}

/* ---- names ---- */

typedef const char *(*name_fn)(int);
typedef int (*parse_fn)(struct cvd_str, int *);

/* Adapters so one loop checks every enum. */
#define ADAPT(type, etype)                                                                         \
    static const char *type##_name_i(int v)                                                        \
    {                                                                                              \
        return cvd_##type##_name((enum etype)v);                                                   \
    }                                                                                              \
    static int type##_parse_i(struct cvd_str s, int *ret)                                          \
    {                                                                                              \
        enum etype v = (enum etype)77;                                                             \
        int rc = cvd_##type##_parse(s, &v);                                                        \
        *ret = (int)v;                                                                             \
        return rc;                                                                                 \
    }

ADAPT(org_kind, cvd_org_kind)
ADAPT(member_role, cvd_member_role)
ADAPT(report_state, cvd_report_state)
ADAPT(report_action, cvd_report_action)
ADAPT(invalid_reason, cvd_invalid_reason)
ADAPT(channel, cvd_channel)
ADAPT(answer, cvd_answer)
ADAPT(timer, cvd_timer)
ADAPT(case_state, cvd_case_state)
ADAPT(case_action, cvd_case_action)
ADAPT(author, cvd_author)
ADAPT(tlp, cvd_tlp)

struct enum_case {
    const char *what;
    name_fn name;
    parse_fn parse;
    int count;
    const char *names; /* expected, space-separated, in enum order */
};

static const struct enum_case enums[] = {
    {"org kind", org_kind_name_i, org_kind_parse_i, CVD_ORG_KIND_COUNT,
     "coordinator vendor researcher operator"},
    {"member role", member_role_name_i, member_role_parse_i, CVD_MEMBER_ROLE_COUNT, "member admin"},
    {"report state", report_state_name_i, report_state_parse_i, CVD_REPORT_STATE_COUNT,
     "received invalid valid accepted deferred closed"},
    {"report action", report_action_name_i, report_action_parse_i, CVD_REPORT_ACTION_COUNT,
     "acknowledge request_info add_info validate invalidate mark_duplicate accept defer close "
     "status_update"},
    {"invalid reason", invalid_reason_name_i, invalid_reason_parse_i, CVD_INVALID_REASON_COUNT,
     "none out_of_scope not_a_vulnerability insufficient_information obsolete_product "
     "other_vendor_only"},
    {"channel", channel_name_i, channel_parse_i, CVD_CHANNEL_COUNT, "web api email referral"},
    {"answer", answer_name_i, answer_parse_i, CVD_ANSWER_COUNT, "unknown no yes"},
    {"timer", timer_name_i, timer_parse_i, CVD_TIMER_COUNT,
     "none ack status invalid_close deferred_close"},
    {"case state", case_state_name_i, case_state_parse_i, CVD_CASE_STATE_COUNT,
     "valid accepted deferred closed"},
    {"case action", case_action_name_i, case_action_parse_i, CVD_CASE_ACTION_COUNT,
     "accept defer close reopen"},
    {"author", author_name_i, author_parse_i, CVD_AUTHOR_COUNT, "reporter coordinator system"},
    {"tlp", tlp_name_i, tlp_parse_i, CVD_TLP_COUNT, "CLEAR GREEN AMBER AMBER+STRICT RED"},
};

static void test_names_round_trip(void **state)
{
    (void)state;
    for (size_t e = 0; e < CVD_ARRAY_LEN(enums); e++) {
        const struct enum_case *ec = &enums[e];
        char expected[256];
        snprintf(expected, sizeof(expected), "%s", ec->names);
        char *save = NULL;
        char *word = strtok_r(expected, " ", &save);
        for (int v = 0; v < ec->count; v++) {
            const char *n = ec->name(v);
            if (n == NULL || word == NULL || strcmp(n, word) != 0)
                fail_msg("%s %d: name '%s', want '%s'", ec->what, v, n ? n : "(null)",
                         word ? word : "(none)");
            int back = -1;
            assert_int_equal(ec->parse(S(n), &back), 0);
            assert_int_equal(back, v);
            /* Names are unique within the enum. */
            for (int w = 0; w < v; w++)
                assert_string_not_equal(ec->name(w), n);
            /* A trailing space, a prefix and a longer word are not the name. */
            char buf[64];
            snprintf(buf, sizeof(buf), "%s ", n);
            int junk = 77;
            assert_int_equal(ec->parse(S(buf), &junk), CVD_EINVAL);
            assert_int_equal(junk, 77); /* untouched on failure */
            assert_int_equal(ec->parse((struct cvd_str){n, strlen(n) - 1}, &junk), CVD_EINVAL);
            snprintf(buf, sizeof(buf), "%sx", n);
            assert_int_equal(ec->parse(S(buf), &junk), CVD_EINVAL);
            word = strtok_r(NULL, " ", &save);
        }
        assert_null(word); /* no value missing from the enum */
        assert_null(ec->name(ec->count));
        assert_null(ec->name(-1));
        int junk = 77;
        assert_int_equal(ec->parse(S(""), &junk), CVD_EINVAL);
        assert_int_equal(ec->parse((struct cvd_str){NULL, 0}, &junk), CVD_EINVAL);
        assert_int_equal(junk, 77);
    }
}

static void test_names_are_case_sensitive(void **state)
{
    (void)state;
    enum cvd_report_state s;
    assert_int_equal(cvd_report_state_parse(S("Received"), &s), CVD_EINVAL);
    assert_int_equal(cvd_report_state_parse(S("RECEIVED"), &s), CVD_EINVAL);
    enum cvd_report_action a;
    assert_int_equal(cvd_report_action_parse(S("request-info"), &a), CVD_EINVAL);
    assert_int_equal(cvd_report_action_parse((struct cvd_str){"accept\0", 7}, &a), CVD_EINVAL);
}

static void test_event_types(void **state)
{
    (void)state;
    static const char *const report_events[CVD_REPORT_ACTION_COUNT] = {
        "report.acknowledged", "report.info_requested",   "report.info_added", "report.validated",
        "report.invalidated",  "report.marked_duplicate", "report.accepted",   "report.deferred",
        "report.closed",       "status_update.sent",
    };
    for (int a = 0; a < CVD_REPORT_ACTION_COUNT; a++)
        assert_string_equal(cvd_report_action_event((enum cvd_report_action)a), report_events[a]);
    assert_null(cvd_report_action_event((enum cvd_report_action)CVD_REPORT_ACTION_COUNT));
    static const char *const case_events[CVD_CASE_ACTION_COUNT] = {"case.accepted", "case.deferred",
                                                                   "case.closed", "case.reopened"};
    for (int a = 0; a < CVD_CASE_ACTION_COUNT; a++)
        assert_string_equal(cvd_case_action_event((enum cvd_case_action)a), case_events[a]);
    assert_null(cvd_case_action_event((enum cvd_case_action) - 1));
    assert_string_equal(CVD_EVENT_REPORT_SUBMITTED, "report.submitted");
    assert_string_equal(CVD_EVENT_CASE_CREATED, "case.created");
}

static void test_tlp_parse(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        int want; /* enum value, or -1 for CVD_EINVAL */
    } rows[] = {
        {"CLEAR", CVD_TLP_CLEAR},
        {"TLP:CLEAR", CVD_TLP_CLEAR},
        {"tlp:clear", CVD_TLP_CLEAR},
        {"Green", CVD_TLP_GREEN},
        {"TLP:AMBER", CVD_TLP_AMBER},
        {"amber+strict", CVD_TLP_AMBER_STRICT},
        {"TLP:AMBER+STRICT", CVD_TLP_AMBER_STRICT},
        {"tLp:ReD", CVD_TLP_RED},
        {"", -1},
        {"TLP:", -1},
        {"TLP", -1},
        {"TLP: RED", -1},
        {" RED", -1},
        {"RED ", -1},
        {"TLP:TLP:RED", -1},
        {"AMBER STRICT", -1},
        {"AMBER+", -1},
        {"WHITE", -1}, /* TLP 1.0; TLP 2.0 calls it CLEAR */
        {"TLP-RED", -1},
    };
    for (size_t i = 0; i < CVD_ARRAY_LEN(rows); i++) {
        enum cvd_tlp t = (enum cvd_tlp)77;
        int rc = cvd_tlp_parse(S(rows[i].in), &t);
        if (rows[i].want < 0) {
            if (rc != CVD_EINVAL || t != 77)
                fail_msg("tlp '%s': accepted as %d", rows[i].in, (int)t);
        } else if (rc != 0 || (int)t != rows[i].want) {
            fail_msg("tlp '%s': rc %d value %d, want %d", rows[i].in, rc, (int)t, rows[i].want);
        }
    }
    enum cvd_tlp t;
    assert_int_equal(cvd_tlp_parse((struct cvd_str){"RED\0", 4}, &t), CVD_EINVAL);
    assert_int_equal(cvd_tlp_parse((struct cvd_str){NULL, 0}, &t), CVD_EINVAL);
    assert_null(cvd_tlp_name((enum cvd_tlp)CVD_TLP_COUNT));
}

/* ---- identifiers ---- */

static void test_id_format(void **state)
{
    (void)state;
    static const struct {
        int year;
        uint64_t seq;
        const char *tracking; /* NULL: CVD_ERANGE */
        const char *case_id;
    } rows[] = {
        {2026, 123, "R-2026-000123", "CVD-2026-0123"},
        {2026, 42, "R-2026-000042", "CVD-2026-0042"},
        {2026, 1, "R-2026-000001", "CVD-2026-0001"},
        {1970, 9999, "R-1970-009999", "CVD-1970-9999"},
        {9999, 10000, "R-9999-010000", "CVD-9999-10000"},
        {2026, 999999, "R-2026-999999", "CVD-2026-999999"},
        {2026, 1000000, "R-2026-1000000", "CVD-2026-1000000"},
        {2026, CVD_ID_SEQ_MAX, "R-2026-999999999999", "CVD-2026-999999999999"},
        {2026, 0, NULL, NULL},
        {2026, CVD_ID_SEQ_MAX + 1, NULL, NULL},
        {2026, UINT64_MAX, NULL, NULL},
        {1969, 1, NULL, NULL},
        {0, 1, NULL, NULL},
        {-2026, 1, NULL, NULL},
        {10000, 1, NULL, NULL},
    };
    for (size_t i = 0; i < CVD_ARRAY_LEN(rows); i++) {
        char t[CVD_TRACKING_ID_SIZE];
        char c[CVD_CASE_ID_SIZE];
        int nt = cvd_tracking_id_format(rows[i].year, rows[i].seq, t, sizeof(t));
        int nc = cvd_case_id_format(rows[i].year, rows[i].seq, c, sizeof(c));
        if (rows[i].tracking == NULL) {
            assert_int_equal(nt, CVD_ERANGE);
            assert_int_equal(nc, CVD_ERANGE);
            continue;
        }
        assert_int_equal(nt, (int)strlen(rows[i].tracking));
        assert_string_equal(t, rows[i].tracking);
        assert_int_equal(nc, (int)strlen(rows[i].case_id));
        assert_string_equal(c, rows[i].case_id);
        /* Round trip. */
        int year = 0;
        uint64_t seq = 0;
        assert_int_equal(cvd_tracking_id_parse(S(t), &year, &seq, NULL), 0);
        assert_int_equal(year, rows[i].year);
        assert_true(seq == rows[i].seq);
        assert_int_equal(cvd_case_id_parse(S(c), &year, &seq, NULL), 0);
        assert_int_equal(year, rows[i].year);
        assert_true(seq == rows[i].seq);
    }
    /* The longest ids fill the documented sizes exactly. */
    char t[CVD_TRACKING_ID_SIZE];
    char c[CVD_CASE_ID_SIZE];
    assert_int_equal(cvd_tracking_id_format(2026, CVD_ID_SEQ_MAX, t, sizeof(t)),
                     CVD_TRACKING_ID_SIZE - 1);
    assert_int_equal(cvd_case_id_format(2026, CVD_ID_SEQ_MAX, c, sizeof(c)), CVD_CASE_ID_SIZE - 1);
    /* Too small a buffer, or none. */
    assert_int_equal(cvd_tracking_id_format(2026, 123, t, 14), 13);
    assert_int_equal(cvd_tracking_id_format(2026, 123, t, 13), CVD_EINVAL);
    assert_int_equal(cvd_tracking_id_format(2026, 123, NULL, 0), CVD_EINVAL);
    assert_int_equal(cvd_case_id_format(2026, 42, c, 13), CVD_EINVAL);
    assert_int_equal(cvd_case_id_format(2026, 42, c, 14), 13);
}

/* Every string here must be refused, with the code given. */
static void test_id_parse_hostile(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        int rc;
    } tracking[] = {
        {"", CVD_EPARSE},
        {"R", CVD_EPARSE},
        {"R-", CVD_EPARSE},
        {"R-2026", CVD_EPARSE},
        {"R-2026-", CVD_EPARSE},
        {"R-2026-12345", CVD_EPARSE},                      /* 5 digits */
        {"R-2026-0001234", CVD_EPARSE},                    /* extra leading zero */
        {"R-2026-000000", CVD_ERANGE},                     /* 0 */
        {"R-0000-000001", CVD_ERANGE},                     /* year 0 */
        {"R-1969-000001", CVD_ERANGE},                     /* before 1970 */
        {"R-20260-000001", CVD_EPARSE},                    /* 5-digit year */
        {"R-026-000001", CVD_EPARSE},                      /* 3-digit year */
        {"R-+026-000001", CVD_EPARSE},                     /* sign in the year */
        {"R-2026-+00001", CVD_EPARSE},                     /* sign in the number */
        {"R-2026--00001", CVD_EPARSE},                     /* minus */
        {"R-2026- 00001", CVD_EPARSE},                     /* space */
        {" R-2026-000123", CVD_EPARSE},                    /* leading space */
        {"R-2026-000123 ", CVD_EPARSE},                    /* trailing space */
        {"R-2026-000123\n", CVD_EPARSE},                   /* trailing newline */
        {"r-2026-000123", CVD_EPARSE},                     /* lower case */
        {"R_2026_000123", CVD_EPARSE},                     /* underscores */
        {"R-2026-00012a", CVD_EPARSE},                     /* letter */
        {"R-2026-0x0123", CVD_EPARSE},                     /* hex */
        {"R-2026-1e+100", CVD_EPARSE},                     /* exponent */
        {"R-2026-\xd9\xa1\xd9\xa2\xd9\xa3", CVD_EPARSE},   /* Arabic-Indic digits */
        {"R-2026-0001\xef\xbc\x93", CVD_EPARSE},           /* fullwidth 3 */
        {"R-2026-1000000000000", CVD_EPARSE},              /* 13 digits: too long */
        {"R-2026-99999999999999999999999999", CVD_EPARSE}, /* huge */
        {"R-2026-18446744073709551616", CVD_EPARSE},       /* 2^64 */
        {"CVD-2026-000123", CVD_EPARSE},                   /* a case id */
        {"R-2026-000123R-2026-000123", CVD_EPARSE},        /* two */
        {"R-9999-999999999999x", CVD_EPARSE},              /* one byte too long */
    };
    for (size_t i = 0; i < CVD_ARRAY_LEN(tracking); i++) {
        int year = 7;
        uint64_t seq = 7;
        struct cvd_diag diag = {0};
        int rc = cvd_tracking_id_parse(S(tracking[i].in), &year, &seq, &diag);
        if (rc != tracking[i].rc)
            fail_msg("tracking id '%s': rc %d, want %d", tracking[i].in, rc, tracking[i].rc);
        assert_int_equal(year, 7);
        assert_true(seq == 7);
        assert_true(strncmp(diag.msg, "invalid tracking id '", 21) == 0);
    }
    /* NUL inside, NULL pointer. */
    int year;
    uint64_t seq;
    assert_int_equal(
        cvd_tracking_id_parse((struct cvd_str){"R-2026-000123\0", 14}, &year, &seq, NULL),
        CVD_EPARSE);
    assert_int_equal(cvd_tracking_id_parse((struct cvd_str){"R-2026-0\0"
                                                            "0123",
                                                            13},
                                           &year, &seq, NULL),
                     CVD_EPARSE);
    assert_int_equal(cvd_tracking_id_parse((struct cvd_str){NULL, 0}, &year, &seq, NULL),
                     CVD_EPARSE);

    static const struct {
        const char *in;
        int rc;
    } cases[] = {
        {"CVD-2026-042", CVD_EPARSE},  {"CVD-2026-00042", CVD_EPARSE},
        {"CVD-2026-0000", CVD_ERANGE}, {"CVD-1969-0001", CVD_ERANGE},
        {"cvd-2026-0042", CVD_EPARSE}, {"CVD-2026-0042 ", CVD_EPARSE},
        {"CVD-26-0042", CVD_EPARSE},   {"CVD-2026-1000000000000", CVD_EPARSE},
        {"CVD-2026--042", CVD_EPARSE}, {"R-2026-0042", CVD_EPARSE},
        {"CVD2026-0042", CVD_EPARSE},
    };
    for (size_t i = 0; i < CVD_ARRAY_LEN(cases); i++) {
        int rc = cvd_case_id_parse(S(cases[i].in), &year, &seq, NULL);
        if (rc != cases[i].rc)
            fail_msg("case id '%s': rc %d, want %d", cases[i].in, rc, cases[i].rc);
    }
    /* The accepted spellings at the edges. */
    assert_int_equal(cvd_case_id_parse(S("CVD-9999-999999999999"), &year, &seq, NULL), 0);
    assert_int_equal(year, 9999);
    assert_true(seq == CVD_ID_SEQ_MAX);
    assert_int_equal(cvd_tracking_id_parse(S("R-1970-000001"), &year, &seq, NULL), 0);
    assert_int_equal(year, 1970);
    assert_true(seq == 1);
    /* The message quotes the input safely. */
    struct cvd_diag diag = {0};
    assert_int_equal(cvd_tracking_id_parse(S("R-2026-12\x1b[31m"), &year, &seq, &diag), CVD_EPARSE);
    assert_null(strchr(diag.msg, '\x1b'));
}

static void test_id_year(void **state)
{
    (void)state;
    static const struct {
        int64_t t;
        int year; /* 0: CVD_ERANGE */
    } rows[] = {
        {0, 1970},
        {1, 1970},
        {1767225599, 2025},   /* 2025-12-31T23:59:59Z */
        {1767225600, 2026},   /* 2026-01-01T00:00:00Z */
        {253402300799, 9999}, /* 9999-12-31T23:59:59Z */
        {253402300800, 0},    /* year 10000 */
        {-1, 0},              /* 1969 */
        {INT64_MAX, 0},
        {INT64_MIN, 0},
    };
    for (size_t i = 0; i < CVD_ARRAY_LEN(rows); i++) {
        int year = -7;
        int rc = cvd_id_year(rows[i].t, &year);
        if (rows[i].year == 0) {
            assert_int_equal(rc, CVD_ERANGE);
            assert_int_equal(year, -7);
        } else {
            assert_int_equal(rc, 0);
            assert_int_equal(year, rows[i].year);
        }
    }
}

/* ---- text rules ---- */

enum { ONE = 0, MULTI = CVD_TEXT_MULTILINE, REQ = CVD_TEXT_REQUIRED };

static void test_text_check(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        size_t len; /* 0: strlen */
        size_t max;
        unsigned flags;
        int rc;
        size_t offset; /* of the offending byte, when rc is not 0 or CVD_EMISSING */
    } rows[] = {
        /* pass */
        {"hello", 0, 10, ONE, 0, 0},
        {"", 0, 10, ONE, 0, 0},
        {"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x94\x92", 0, 100, ONE | REQ, 0, 0},
        {"a\tb\r\nc\n", 0, 100, MULTI, 0, 0},
        {"12345", 0, 5, ONE, 0, 0}, /* exactly the limit */
        {"x", 0, 1, REQ, 0, 0},
        {"\xe2\x80\xae"
         "bidi",
         0, 100, ONE, 0, 0}, /* format chars are not controls */
        /* limit */
        {"123456", 0, 5, ONE, CVD_ELIMIT, 5},
        {"\xc3\xa9\xc3\xa9\xc3\xa9", 0, 5, ONE, CVD_ELIMIT, 5}, /* bytes, not characters */
        /* UTF-8 */
        {"ab\xff", 0, 10, ONE, CVD_EUTF8, 2},
        {"a\xc0\xaf", 0, 10, MULTI, CVD_EUTF8, 1},         /* overlong '/' */
        {"a\xed\xa0\x80", 0, 10, MULTI, CVD_EUTF8, 1},     /* surrogate */
        {"a\xf4\x90\x80\x80", 0, 10, MULTI, CVD_EUTF8, 1}, /* above U+10FFFF */
        {"abc\xe2\x82", 0, 10, MULTI, CVD_EUTF8, 3},       /* truncated */
        /* NUL */
        {"ab\0cd", 5, 10, ONE, CVD_EINVAL, 2},
        {"ab\0cd", 5, 10, MULTI, CVD_EINVAL, 2},
        /* controls */
        {"a\tb", 0, 10, ONE, CVD_EINVAL, 1},
        {"a\nb", 0, 10, ONE, CVD_EINVAL, 1},
        {"a\rb", 0, 10, ONE, CVD_EINVAL, 1},
        {"a\x07", 0, 10, MULTI, CVD_EINVAL, 1},
        {"a\x1b[31m", 0, 10, MULTI, CVD_EINVAL, 1},
        {"a\x7f", 0, 10, MULTI, CVD_EINVAL, 1},
        {"a\xc2\x85", 0, 10, MULTI, CVD_EINVAL, 1}, /* NEL, a C1 control */
        {"a\xc2\x9f", 0, 10, ONE, CVD_EINVAL, 1},
        {"a\x0b", 0, 10, MULTI, CVD_EINVAL, 1}, /* VT */
        {"a\x0c", 0, 10, MULTI, CVD_EINVAL, 1}, /* FF */
        {"a\xe2\x80\xa8"
         "b",
         0, 10, ONE, CVD_EINVAL, 1}, /* LINE SEPARATOR */
        {"a\xe2\x80\xa9"
         "b",
         0, 10, MULTI, 0, 0}, /* fine in multi-line */
        /* required */
        {"", 0, 10, REQ, CVD_EMISSING, 0},
        {"   ", 0, 10, REQ, CVD_EMISSING, 0},
        {" \t\r\n ", 0, 10, MULTI | REQ, CVD_EMISSING, 0},
        {" \t ", 0, 10, REQ, CVD_EMISSING, 0}, /* blank wins over the tab of a one-line field */
        {" \t ", 0, 10, ONE, CVD_EINVAL, 1},   /* not required: the tab is the fault */
        {"\xc2\xa0\xe3\x80\x80\xe2\x80\x8b\xef\xbb\xbf", 0, 20, REQ, CVD_EMISSING, 0},
        {" . ", 0, 10, REQ, 0, 0},
    };
    for (size_t i = 0; i < CVD_ARRAY_LEN(rows); i++) {
        size_t len = rows[i].len ? rows[i].len : strlen(rows[i].in);
        struct cvd_diag diag = {0};
        int rc = cvd_text_check((struct cvd_str){rows[i].in, len}, rows[i].max, rows[i].flags,
                                "field", &diag);
        if (rc != rows[i].rc)
            fail_msg("row %zu: rc %s, want %s (%s)", i, cvd_err_name(rc), cvd_err_name(rows[i].rc),
                     diag.msg);
        if (rc != 0) {
            assert_true(strncmp(diag.msg, "field ", 6) == 0);
            if (rc != CVD_EMISSING && diag.offset != rows[i].offset)
                fail_msg("row %zu: offset %zu, want %zu (%s)", i, diag.offset, rows[i].offset,
                         diag.msg);
        }
    }
    assert_int_equal(cvd_text_check((struct cvd_str){NULL, 0}, 10, ONE, "f", NULL), 0);
    assert_int_equal(cvd_text_check((struct cvd_str){NULL, 0}, 10, REQ, "f", NULL), CVD_EMISSING);

    struct cvd_diag diag = {0};
    assert_int_equal(cvd_text_check(S("a\x07"), 10, MULTI, "description", &diag), CVD_EINVAL);
    assert_string_equal(diag.msg, "description contains a control character (U+0007) at byte 1: "
                                  "only tab, CR and LF are allowed");
    assert_int_equal(cvd_text_check(S("0123456789x"), 10, ONE, "title", &diag), CVD_ELIMIT);
    assert_string_equal(diag.msg, "title is longer than 10 bytes (11)");
}

static void test_text_trim(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        const char *out;
    } rows[] = {
        {"", ""},
        {"  ", ""},
        {"a", "a"},
        {" a b ", "a b"},
        {"\t\r\na\n", "a"},
        {"\xc2\xa0x\xe3\x80\x80", "x"},
        {"\xef\xbb\xbfx\xe2\x80\x8b", "x"},
        {"\xc3\xa9", "\xc3\xa9"},
        {" \xc3\xa9 ", "\xc3\xa9"},
        {"\xe2\x80\x83\xe2\x80\x8a", ""},
        {" \xff ", "\xff"}, /* invalid bytes stop the trim */
        {"\x80 ", "\x80"},  /* a stray continuation byte is not white space */
        {" \xa0", "\xa0"},  /* nor is a lone 0xa0 byte */
    };
    for (size_t i = 0; i < CVD_ARRAY_LEN(rows); i++) {
        struct cvd_str t = cvd_text_trim(S(rows[i].in));
        if (t.len != strlen(rows[i].out) || memcmp(t.ptr, rows[i].out, t.len) != 0)
            fail_msg("trim row %zu: got %zu bytes", i, t.len);
        assert_int_equal(cvd_text_is_blank(S(rows[i].in)), rows[i].out[0] == '\0');
    }
    assert_true(cvd_text_is_blank((struct cvd_str){NULL, 0}));
}

static void test_email_check(void **state)
{
    (void)state;
    char long_ok[CVD_EMAIL_MAX + 1];
    memset(long_ok, 'a', sizeof(long_ok) - 1);
    long_ok[0] = 'x';
    long_ok[1] = '@';
    long_ok[CVD_EMAIL_MAX] = '\0';
    char too_long[CVD_EMAIL_MAX + 2];
    memset(too_long, 'a', sizeof(too_long) - 1);
    too_long[1] = '@';
    too_long[CVD_EMAIL_MAX + 1] = '\0';
    const struct {
        const char *in;
        int rc;
    } rows[] = {
        {"ada@example.org", 0},
        {"a@b", 0},
        {"first.last+tag@sub.example.co.uk", 0},
        {"\xc3\xa9l\xc3\xa8ve@\xc3\xa9"
         "cole.fr",
         0}, /* internationalised */
        {long_ok, 0},
        {"", CVD_EMISSING},
        {too_long, CVD_ELIMIT},
        {"ada.example.org", CVD_EINVAL},
        {"ada@@example.org", CVD_EINVAL},
        {"a@b@c", CVD_EINVAL},
        {"@example.org", CVD_EINVAL},
        {"ada@", CVD_EINVAL},
        {"@", CVD_EINVAL},
        {"ada lovelace@example.org", CVD_EINVAL},
        {" ada@example.org", CVD_EINVAL},
        {"ada@example.org ", CVD_EINVAL},
        {"ada@exa\xc2\xa0mple.org", CVD_EINVAL}, /* NBSP */
        {"ada@example.org\r\nBcc: x@y", CVD_EINVAL},
        {"ada@example.org\n", CVD_EINVAL},
        {"ada@ex\xffmple.org", CVD_EUTF8},
    };
    for (size_t i = 0; i < CVD_ARRAY_LEN(rows); i++) {
        struct cvd_diag diag = {0};
        int rc = cvd_email_check(S(rows[i].in), "email", &diag);
        if (rc != rows[i].rc)
            fail_msg("email '%s': rc %s, want %s (%s)", rows[i].in, cvd_err_name(rc),
                     cvd_err_name(rows[i].rc), diag.msg);
        if (rc != 0)
            assert_true(strncmp(diag.msg, "email ", 6) == 0);
    }
    assert_int_equal(cvd_email_check((struct cvd_str){"a@b\0", 4}, "email", NULL), CVD_EINVAL);
    assert_int_equal(cvd_email_check((struct cvd_str){NULL, 0}, "email", NULL), CVD_EMISSING);
}

#define KEY_BODY                                                                                   \
    "mDMEawqt9BYJKwYBBAHaRw8BAQdAtVtEotrBC1SuIvgWdVXIok0TaOcX1b4aHnws\n"                           \
    "Jb9bVCy0JFRlc3QgUmVwb3J0ZXIgPHJlcG9ydGVyQGV4YW1wbGUub3JnPoiQBBMW\n"                           \
    "CAA4FiEEoS/NiZhlPn94A/mUhefsfd2HheIFAmsKrfQCGwMFCwkIBwIGFQoJCAsC\n"                           \
    "BBYCAwECHgECF4AACgkQhefsfd2HheJXlgEAq4hoqTulrheWoo5S6eb+AUMonK6L\n"                           \
    "8ZOnmt0XIS/7/loA/1rElp67f/5Lpr3nhQgOWlhrKcREBu7j/QTsaKIVXd8L\n"
#define KEY_BEGIN "-----BEGIN PGP PUBLIC KEY BLOCK-----\n"
#define KEY_END   "-----END PGP PUBLIC KEY BLOCK-----"

/* An ed25519 key exported by `gpg --armor --export` (a throw-away test key). */
static const char good_key[] = KEY_BEGIN "\n" KEY_BODY "=wgsi\n" KEY_END "\n";

static void test_pgp_key_check(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        int rc;
        const char *msg_part;
    } rows[] = {
        {good_key, 0, NULL},
        {"\n  " KEY_BEGIN "\n" KEY_BODY "=wgsi\n" KEY_END "\n\n", 0, NULL}, /* white space */
        {KEY_BEGIN "Comment: https://example.org/key\nVersion: GnuPG v2\n\n" KEY_BODY
                   "=wgsi\n" KEY_END,
         0, NULL},                                       /* headers */
        {KEY_BEGIN KEY_BODY "=wgsi\n" KEY_END, 0, NULL}, /* no blank line: tolerated */
        {KEY_BEGIN "\n" KEY_BODY KEY_END, 0, NULL},      /* no checksum */
        {"-----BEGIN PGP PUBLIC KEY BLOCK-----\r\n\r\nmDMEawqt9BYJ\r\n=wgsi\r\n"
         "-----END PGP PUBLIC KEY BLOCK-----\r\n",
         0, NULL}, /* CRLF */
        {"", CVD_EMISSING, "is empty"},
        {"hello", CVD_EINVAL, "must begin with"},
        {"-----BEGIN PGP PRIVATE KEY BLOCK-----\n\nlQdGBF\n-----END PGP PRIVATE KEY BLOCK-----",
         CVD_EINVAL, "private key"},
        {KEY_BEGIN "\n" KEY_BODY "=wgsi\n" KEY_END "\n-----BEGIN PGP PRIVATE KEY BLOCK-----\n",
         CVD_EINVAL, "private key"},
        {"-----BEGIN PGP MESSAGE-----\n\nhQEMA\n-----END PGP MESSAGE-----", CVD_EINVAL,
         "must begin with"},
        {KEY_BEGIN "\n" KEY_BODY "=wgsi\n", CVD_EINVAL, "must end with"},
        {KEY_BEGIN "\n" KEY_BODY "=wgsi\n" KEY_END "\nmore text", CVD_EINVAL, "after the end"},
        {KEY_BEGIN "\n" KEY_BODY "=wgsi\n" KEY_END "\n" KEY_BEGIN "\n" KEY_BODY KEY_END, CVD_EINVAL,
         "after the end"},
        {KEY_BEGIN "\nmDMEawqt9BYJ\n\nKwYBBAHaRw8B\n" KEY_END, CVD_EINVAL, "blank line"},
        {KEY_BEGIN "\nmDMEaw qt9BYJ\n" KEY_END, CVD_EINVAL, "not base64"},
        {KEY_BEGIN "\nmDMEaw*qt9BYJ\n" KEY_END, CVD_EINVAL, "not base64"},
        {KEY_BEGIN "\nmDME===\n" KEY_END, CVD_EINVAL, "not base64"},
        {KEY_BEGIN "\nmDMEawqt9BYJ\n=wgsi\nmDMEawqt9BYJ\n" KEY_END, CVD_EINVAL,
         "after the checksum"},
        {KEY_BEGIN "\n" KEY_END, CVD_EINVAL, "no key data"},
        {KEY_BEGIN "\n=wgsi\n" KEY_END, CVD_EINVAL, "not base64"},
        {KEY_BEGIN KEY_END, CVD_EINVAL, "no key data"},
        {KEY_BEGIN "\nmDME\x07\n" KEY_END, CVD_EINVAL, "control character"},
        {KEY_BEGIN "\nmDME\xc3\n" KEY_END, CVD_EUTF8, "UTF-8"},
    };
    for (size_t i = 0; i < CVD_ARRAY_LEN(rows); i++) {
        struct cvd_diag diag = {0};
        int rc = cvd_pgp_key_check(S(rows[i].in), CVD_REPORT_PGP_KEY_MAX, "key", &diag);
        if (rc != rows[i].rc)
            fail_msg("key row %zu: rc %s, want %s (%s)", i, cvd_err_name(rc),
                     cvd_err_name(rows[i].rc), diag.msg);
        if (rows[i].msg_part != NULL && strstr(diag.msg, rows[i].msg_part) == NULL)
            fail_msg("key row %zu: message '%s' lacks '%s'", i, diag.msg, rows[i].msg_part);
    }
    assert_int_equal(cvd_pgp_key_check(S(good_key), 100, "key", NULL), CVD_ELIMIT);
    assert_int_equal(cvd_pgp_key_check(S(good_key), sizeof(good_key) - 1, "key", NULL), 0);
}

/* ---- the report form ---- */

/* A report with every field filled and valid, so each failing case changes one thing. */
static struct cvd_report good_report(void)
{
    return (struct cvd_report){
        .channel = CVD_CHANNEL_WEB,
        .tlp = CVD_TLP_AMBER,
        .title = S("Stack overflow in the frobnicator"),
        .product = S("Frobnicator\nFrobnicator Pro"),
        .versions = S("< 2.4.1"),
        .description = S("A long name overflows a fixed buffer.\n\nSee below."),
        .impact = S("Remote code execution."),
        .reproduction = S("1. Send 'A' x 5000\r\n2. Watch it crash\t(gdb)"),
        .how_found = S("Fuzzing."),
        .disclosure_plans = S("Talk at a conference in 90 days."),
        .vendor_contacted = CVD_ANSWER_NO,
        .publicly_known = CVD_ANSWER_UNKNOWN,
        .exploited = CVD_ANSWER_YES,
        .credit_wanted = true,
        .credit_name = S("Ada L."),
        .share_contact = true,
        .reporter_name = S("Ada Lovelace"),
        .reporter_email = S("ada@example.org"),
        .reporter_pgp_key = S(good_key),
    };
}

/* Text of n bytes of c (static storage, one at a time per slot). */
static struct cvd_str filled(int slot, char c, size_t n)
{
    static char bufs[3][(64 << 10) + 2];
    assert_true(n <= sizeof(bufs[0]));
    memset(bufs[slot], c, n);
    return (struct cvd_str){bufs[slot], n};
}

static void check_report(const struct cvd_report *r, const struct cvd_report_limits *lim, int rc,
                         const char *field, const char *what)
{
    const char *got_field = "(unset)";
    struct cvd_diag diag = {0};
    int got = cvd_report_check(r, lim, &got_field, &diag);
    if (got != rc)
        fail_msg("%s: rc %s, want %s (%s)", what, cvd_err_name(got), cvd_err_name(rc), diag.msg);
    if (rc == 0) {
        if (strcmp(got_field, "(unset)") != 0)
            fail_msg("%s: ret_field set on success", what);
        return;
    }
    if (strcmp(got_field, field) != 0)
        fail_msg("%s: field '%s', want '%s' (%s)", what, got_field, field, diag.msg);
    /* The message names the field. */
    if (strstr(diag.msg, field) == NULL)
        fail_msg("%s: message '%s' does not name %s", what, diag.msg, field);
}

static void test_report_check_valid(void **state)
{
    (void)state;
    struct cvd_report r = good_report();
    check_report(&r, NULL, 0, NULL, "full report");
    /* The minimum: title, product, description; anonymous, no credit. */
    struct cvd_report min = {.title = S("t"), .product = S("p"), .description = S("d")};
    check_report(&min, NULL, 0, NULL, "minimal report");
    /* A blank credit name without credit_wanted is no credit name. */
    min.credit_name = S("  ");
    check_report(&min, NULL, 0, NULL, "blank credit name");
    /* A blank key is no key (the form's empty textarea). */
    min.reporter_pgp_key = S("\r\n");
    check_report(&min, NULL, 0, NULL, "blank key");
    assert_int_equal(cvd_report_check(NULL, NULL, NULL, NULL), CVD_EINVAL);
}

/* Every field rule, one failing case each (and the pass side above or at the limit). */
static void test_report_check_rules(void **state)
{
    (void)state;
    struct cvd_report r;
#define CASE(mutation, rc, field)                                                                  \
    do {                                                                                           \
        r = good_report();                                                                         \
        mutation;                                                                                  \
        check_report(&r, NULL, rc, field, #mutation);                                              \
    } while (0)

    /* required */
    CASE(r.title = S(""), CVD_EMISSING, "title");
    CASE(r.title = S(" \xc2\xa0 "), CVD_EMISSING, "title");
    CASE(r.product = S(""), CVD_EMISSING, "product");
    CASE(r.product = S("\n\n"), CVD_EMISSING, "product");
    CASE(r.description = S(""), CVD_EMISSING, "description");
    CASE(r.description = S("\t \r\n"), CVD_EMISSING, "description");
    /* optional texts may be empty */
    CASE((r.versions = S(""), r.impact = S(""), r.reproduction = S(""), r.how_found = S(""),
          r.disclosure_plans = S(""), r.reporter_name = S(""), r.reporter_email = S(""),
          r.reporter_pgp_key = S("")),
         0, NULL);
    /* limits: at the limit passes, one byte over fails */
    CASE(r.title = filled(0, 't', 200), 0, NULL);
    CASE(r.title = filled(0, 't', 201), CVD_ELIMIT, "title");
    CASE(r.product = filled(0, 'p', 1000), 0, NULL);
    CASE(r.product = filled(0, 'p', 1001), CVD_ELIMIT, "product");
    CASE(r.versions = filled(0, 'v', 1000), 0, NULL);
    CASE(r.versions = filled(0, 'v', 1001), CVD_ELIMIT, "versions");
    CASE(r.description = filled(0, 'd', 65536), 0, NULL);
    CASE(r.description = filled(0, 'd', 65537), CVD_ELIMIT, "description");
    CASE(r.impact = filled(0, 'i', 65536), 0, NULL);
    CASE(r.impact = filled(0, 'i', 65537), CVD_ELIMIT, "impact");
    CASE(r.reproduction = filled(0, 'r', 65537), CVD_ELIMIT, "reproduction");
    CASE(r.how_found = filled(0, 'h', 65537), CVD_ELIMIT, "how_found");
    CASE(r.disclosure_plans = filled(0, 'd', 65537), CVD_ELIMIT, "disclosure_plans");
    CASE(r.credit_name = filled(0, 'c', 200), 0, NULL);
    CASE(r.credit_name = filled(0, 'c', 201), CVD_ELIMIT, "credit_name");
    CASE(r.reporter_name = filled(0, 'n', 200), 0, NULL);
    CASE(r.reporter_name = filled(0, 'n', 201), CVD_ELIMIT, "reporter_name");
    CASE(r.reporter_email = filled(0, 'e', 255), CVD_ELIMIT, "reporter_email");
    CASE(r.reporter_pgp_key = filled(0, 'k', 65537), CVD_ELIMIT, "reporter_pgp_key");
    /* UTF-8 */
    CASE(r.title = S("caf\xe9"), CVD_EUTF8, "title");
    CASE(r.description = S("ok\xc3("), CVD_EUTF8, "description");
    CASE(r.reporter_name = S("\xed\xa0\x80"), CVD_EUTF8, "reporter_name");
    CASE(r.versions = S("1.0 \xf8\x88\x80\x80\x80"), CVD_EUTF8, "versions");
    /* NUL and controls */
    CASE(r.title = ((struct cvd_str){"ab\0c", 4}), CVD_EINVAL, "title");
    CASE(r.description = ((struct cvd_str){"ab\0c", 4}), CVD_EINVAL, "description");
    CASE(r.title = S("two\nlines"), CVD_EINVAL, "title");
    CASE(r.title = S("tab\there"), CVD_EINVAL, "title");
    CASE(r.reporter_name = S("Ada\rLovelace"), CVD_EINVAL, "reporter_name");
    CASE(r.credit_name = S("Ada\x1b[2J"), CVD_EINVAL, "credit_name");
    CASE(r.impact = S("bell\x07"), CVD_EINVAL, "impact");
    CASE(r.how_found = S("del\x7f"), CVD_EINVAL, "how_found");
    CASE(r.disclosure_plans = S("c1\xc2\x80"), CVD_EINVAL, "disclosure_plans");
    CASE(r.product = S("multi\nline\r\nproducts\twith tabs"), 0, NULL);
    /* e-mail shape */
    CASE(r.reporter_email = S("ada"), CVD_EINVAL, "reporter_email");
    CASE(r.reporter_email = S("ada@"), CVD_EINVAL, "reporter_email");
    CASE(r.reporter_email = S("ada@example.org, eve@example.org"), CVD_EINVAL, "reporter_email");
    CASE(r.reporter_email = S(" "), CVD_EINVAL, "reporter_email");
    CASE(r.reporter_email = S("ada@example.org\n"), CVD_EINVAL, "reporter_email");
    /* key */
    CASE(r.reporter_pgp_key = S("my key is on keys.openpgp.org"), CVD_EINVAL, "reporter_pgp_key");
    CASE(r.reporter_pgp_key = S("-----BEGIN PGP PRIVATE KEY BLOCK-----\n\nlQ\n"
                                "-----END PGP PRIVATE KEY BLOCK-----"),
         CVD_EINVAL, "reporter_pgp_key");
    /* credit name only with credit wanted */
    CASE(r.credit_wanted = false, CVD_EINVAL, "credit_name");
    CASE((r.credit_wanted = false, r.credit_name = S("")), 0, NULL);
    CASE((r.credit_wanted = true, r.credit_name = S("")), 0, NULL); /* credit by report name */
    /* enums */
    CASE(r.tlp = (enum cvd_tlp)CVD_TLP_COUNT, CVD_EINVAL, "tlp");
    CASE(r.tlp = (enum cvd_tlp) - 1, CVD_EINVAL, "tlp");
    CASE(r.channel = (enum cvd_channel)CVD_CHANNEL_COUNT, CVD_EINVAL, "channel");
    CASE(r.vendor_contacted = (enum cvd_answer)3, CVD_EINVAL, "vendor_contacted");
    CASE(r.publicly_known = (enum cvd_answer) - 1, CVD_EINVAL, "publicly_known");
    CASE(r.exploited = (enum cvd_answer)9, CVD_EINVAL, "exploited");
    /* the first failing field in order wins */
    CASE((r.title = S(""), r.description = S("")), CVD_EMISSING, "title");
    CASE((r.description = S(""), r.reporter_email = S("x")), CVD_EMISSING, "description");
    /* handling fields are not the reporter's and are not looked at */
    CASE((r.state = (enum cvd_report_state)42, r.acked_at = -5, r.tracking_id = S("\x01")), 0,
         NULL);
#undef CASE
}

static void test_report_check_messages(void **state)
{
    (void)state;
    struct cvd_report r = good_report();
    struct cvd_diag diag = {0};
    const char *field = NULL;
    r.tlp = (enum cvd_tlp)9;
    assert_int_equal(cvd_report_check(&r, NULL, &field, &diag), CVD_EINVAL);
    assert_string_equal(diag.msg, "tlp is not one of CLEAR, GREEN, AMBER, AMBER+STRICT, RED");
    r = good_report();
    r.exploited = (enum cvd_answer)9;
    assert_int_equal(cvd_report_check(&r, NULL, &field, &diag), CVD_EINVAL);
    assert_string_equal(diag.msg, "exploited is not one of unknown, no, yes");
    r = good_report();
    r.title = S("");
    assert_int_equal(cvd_report_check(&r, NULL, &field, &diag), CVD_EMISSING);
    assert_string_equal(diag.msg, "title is required");
    r = good_report();
    r.credit_wanted = false;
    assert_int_equal(cvd_report_check(&r, NULL, &field, &diag), CVD_EINVAL);
    assert_string_equal(diag.msg, "credit_name is given only with credit_wanted");
}

static void test_report_check_limits(void **state)
{
    (void)state;
    struct cvd_report r = good_report();
    /* Lowered limits; zeros keep the defaults. */
    struct cvd_report_limits lim = {.title = 10, .description = 20};
    r.title = S("0123456789");
    r.description = S("01234567890123456789");
    check_report(&r, &lim, 0, NULL, "at lowered limits");
    r.title = S("0123456789x");
    check_report(&r, &lim, CVD_ELIMIT, "title", "over lowered title");
    r.title = S("t");
    r.description = S("01234567890123456789x");
    check_report(&r, &lim, CVD_ELIMIT, "description", "over lowered description");
    r.description = S("d");
    r.product = filled(0, 'p', 1000);
    check_report(&r, &lim, 0, NULL, "default product limit");
    r.product = filled(0, 'p', 1001);
    check_report(&r, &lim, CVD_ELIMIT, "product", "default product limit + 1");
    /* The defaults struct says what the header says. */
    assert_int_equal(cvd_report_limits_default.title, 200);
    assert_int_equal(cvd_report_limits_default.product, 1000);
    assert_int_equal(cvd_report_limits_default.versions, 1000);
    assert_int_equal(cvd_report_limits_default.description, 65536);
    assert_int_equal(cvd_report_limits_default.text, 65536);
    assert_int_equal(cvd_report_limits_default.name, 200);
    assert_int_equal(cvd_report_limits_default.email, 254);
}

/* ---- timers ---- */

#define DAY CVD_DAY_SECONDS
#define T0  INT64_C(1780000000) /* a received_at */

static void expect_due(const struct cvd_report *r, const struct cvd_policy *p, int64_t now,
                       bool overdue, enum cvd_timer timer, int64_t due_at, int line)
{
    enum cvd_timer got_timer = (enum cvd_timer)77;
    int64_t got_due = -7;
    bool got = cvd_report_due(r, p, now, &got_timer, &got_due);
    if (got != overdue || got_timer != timer || got_due != due_at)
        fail_msg("line %d: got %s %s at %lld, want %s %s at %lld", line,
                 got ? "overdue" : "not overdue", cvd_timer_name(got_timer), (long long)got_due,
                 overdue ? "overdue" : "not overdue", cvd_timer_name(timer), (long long)due_at);
}

#define DUE(r, p, now, overdue, timer, at) expect_due(r, p, now, overdue, timer, at, __LINE__)

static void test_timer_ack(void **state)
{
    (void)state;
    struct cvd_report r = {.state = CVD_REPORT_RECEIVED, .received_at = T0, .updated_at = T0};
    int64_t due = T0 + 7 * DAY;
    DUE(&r, NULL, T0, false, CVD_TIMER_ACK, due);
    DUE(&r, NULL, due - 1, false, CVD_TIMER_ACK, due);
    DUE(&r, NULL, due, true, CVD_TIMER_ACK, due); /* the exact second: fired */
    DUE(&r, NULL, due + 1, true, CVD_TIMER_ACK, due);
    /* T-ACK keeps running in any open state until acked_at is set, and ignores
     * last_status_at. */
    r.state = CVD_REPORT_VALID;
    r.last_status_at = due + 100;
    DUE(&r, NULL, due, true, CVD_TIMER_ACK, due);
    /* Acknowledged: T-ACK stops, T-STATUS runs. */
    r.acked_at = due - 10;
    r.last_status_at = 0;
    DUE(&r, NULL, due, false, CVD_TIMER_STATUS, due - 10 + 30 * DAY);
}

static void test_timer_status(void **state)
{
    (void)state;
    struct cvd_report r = {.state = CVD_REPORT_VALID,
                           .received_at = T0,
                           .acked_at = T0 + DAY,
                           .last_status_at = 0,
                           .updated_at = T0 + DAY};
    int64_t due = T0 + DAY + 30 * DAY;
    DUE(&r, NULL, due - 1, false, CVD_TIMER_STATUS, due);
    DUE(&r, NULL, due, true, CVD_TIMER_STATUS, due);
    /* From max(acked_at, last_status_at). */
    r.last_status_at = T0 + 5 * DAY;
    due = T0 + 35 * DAY;
    DUE(&r, NULL, due - 1, false, CVD_TIMER_STATUS, due);
    DUE(&r, NULL, due, true, CVD_TIMER_STATUS, due);
    r.last_status_at = T0; /* older than acked_at: acked_at counts */
    due = T0 + 31 * DAY;
    DUE(&r, NULL, due, true, CVD_TIMER_STATUS, due);
    /* Runs in R, V, A (and I, D with their close timers, below); not in C. */
    r.state = CVD_REPORT_ACCEPTED;
    DUE(&r, NULL, due, true, CVD_TIMER_STATUS, due);
    r.state = CVD_REPORT_RECEIVED;
    DUE(&r, NULL, due - 1, false, CVD_TIMER_STATUS, due);
    r.state = CVD_REPORT_CLOSED;
    DUE(&r, NULL, due, false, CVD_TIMER_NONE, 0);
    DUE(&r, NULL, INT64_MAX, false, CVD_TIMER_NONE, 0);
    /* A closed report that was never acknowledged has no timer either. */
    r.acked_at = 0;
    DUE(&r, NULL, INT64_MAX, false, CVD_TIMER_NONE, 0);
}

static void test_timer_close(void **state)
{
    (void)state;
    /* Invalid, acknowledged and told 2 days ago: T-INVALID-CLOSE (30 days from the last
     * activity) and T-STATUS (30 days from the last word) race; activity later than the
     * status makes the close timer later. */
    struct cvd_report r = {.state = CVD_REPORT_INVALID,
                           .received_at = T0,
                           .acked_at = T0 + DAY,
                           .last_status_at = T0 + 2 * DAY,
                           .updated_at = T0 + 3 * DAY};
    DUE(&r, NULL, T0, false, CVD_TIMER_STATUS, T0 + 32 * DAY);
    /* With the same start, the status timer comes first in the tie. */
    r.updated_at = T0 + 2 * DAY;
    DUE(&r, NULL, T0 + 32 * DAY, true, CVD_TIMER_STATUS, T0 + 32 * DAY);
    /* A longer status period leaves the close timer next. */
    struct cvd_policy p = {.status_seconds = 60 * DAY};
    r.updated_at = T0 + 3 * DAY;
    DUE(&r, &p, T0 + 33 * DAY - 1, false, CVD_TIMER_INVALID_CLOSE, T0 + 33 * DAY);
    DUE(&r, &p, T0 + 33 * DAY, true, CVD_TIMER_INVALID_CLOSE, T0 + 33 * DAY);
    /* Deferred: 90 days. */
    r.state = CVD_REPORT_DEFERRED;
    DUE(&r, &p, T0 + 62 * DAY - 1, false, CVD_TIMER_STATUS, T0 + 62 * DAY);
    p.status_seconds = 365 * DAY;
    DUE(&r, &p, T0 + 93 * DAY - 1, false, CVD_TIMER_DEFERRED_CLOSE, T0 + 93 * DAY);
    DUE(&r, &p, T0 + 93 * DAY, true, CVD_TIMER_DEFERRED_CLOSE, T0 + 93 * DAY);
    /* Activity is the latest of all the times, whichever field holds it. */
    r.updated_at = 0;
    DUE(&r, &p, T0, false, CVD_TIMER_DEFERRED_CLOSE, T0 + 92 * DAY);
    /* Not acknowledged and deferred: T-ACK comes first. */
    r.acked_at = 0;
    r.last_status_at = 0;
    DUE(&r, &p, T0 + 7 * DAY, true, CVD_TIMER_ACK, T0 + 7 * DAY);
}

static void test_timer_policy(void **state)
{
    (void)state;
    assert_int_equal(cvd_policy_default.ack_seconds, 7 * 86400);
    assert_int_equal(cvd_policy_default.status_seconds, 30 * 86400);
    assert_int_equal(cvd_policy_default.invalid_close_seconds, 30 * 86400);
    assert_int_equal(cvd_policy_default.deferred_close_seconds, 90 * 86400);
    struct cvd_report r = {.state = CVD_REPORT_RECEIVED, .received_at = T0};
    struct cvd_policy p = {.ack_seconds = 3600};
    DUE(&r, &p, T0 + 3599, false, CVD_TIMER_ACK, T0 + 3600);
    DUE(&r, &p, T0 + 3600, true, CVD_TIMER_ACK, T0 + 3600);
    /* <= 0 means the default. */
    p.ack_seconds = -5;
    DUE(&r, &p, T0, false, CVD_TIMER_ACK, T0 + 7 * DAY);
    p.ack_seconds = 0;
    DUE(&r, &p, T0, false, CVD_TIMER_ACK, T0 + 7 * DAY);
    /* Sums past INT64_MAX saturate instead of wrapping into the past. */
    r.received_at = INT64_MAX - 10;
    DUE(&r, NULL, INT64_MAX - 1, false, CVD_TIMER_ACK, INT64_MAX);
    DUE(&r, NULL, INT64_MAX, true, CVD_TIMER_ACK, INT64_MAX);
    /* NULL out pointers and a NULL report. */
    r.received_at = T0;
    assert_true(cvd_report_due(&r, NULL, T0 + 7 * DAY, NULL, NULL));
    assert_false(cvd_report_due(NULL, NULL, T0, NULL, NULL));
}

/* INV12: every answer is a function of the arguments. The same report and "now" give the same
 * result whenever asked, and the library reads no clock: the model's archive calls nothing
 * but other libcvd functions that take no clock and the plain memory and string functions. */
static void test_inv12_time_is_an_argument(void **state)
{
    (void)state;
    struct cvd_report r = {.state = CVD_REPORT_RECEIVED, .received_at = 100};
    for (int i = 0; i < 3; i++) {
        DUE(&r, NULL, 100 + 7 * DAY - 1, false, CVD_TIMER_ACK, 100 + 7 * DAY);
        DUE(&r, NULL, 100 + 7 * DAY, true, CVD_TIMER_ACK, 100 + 7 * DAY);
    }
    /* Far past and far future "now" are just numbers. */
    DUE(&r, NULL, INT64_MIN, false, CVD_TIMER_ACK, 100 + 7 * DAY);
    DUE(&r, NULL, INT64_MAX, true, CVD_TIMER_ACK, 100 + 7 * DAY);

    const char *cvd = getenv("CVD"); /* .../src/cli/cvd; the library is .../src/lib/ */
    if (cvd == NULL)
        skip();
    char cmd[4096];
    int n =
        snprintf(cmd, sizeof(cmd),
                 "nm -u \"$(dirname \"$(dirname \"%s\")\")/lib/libcvd_model.a\" 2>/dev/null", cvd);
    assert_true(n > 0 && (size_t)n < sizeof(cmd));
    FILE *f = popen(cmd, "r");
    if (f == NULL)
        skip();
    static const char *const allowed[] = {"memchr", "memcmp",   "bcmp",     "memcpy",
                                          "memset", "memmove",  "strlen",   "strcmp",
                                          "strchr", "snprintf", "vsnprintf"};
    char line[512];
    int symbols = 0;
    int bad = 0;
    while (fgets(line, sizeof(line), f) != NULL) {
        /* "                 U name\n" */
        char *u = strstr(line, " U ");
        if (u == NULL)
            continue;
        char *name = u + 3;
        name[strcspn(name, " \r\n")] = '\0';
        if (name[0] == '\0')
            continue;
        symbols++;
        bool ok = strncmp(name, "__", 2) == 0; /* sanitizer and compiler runtime */
        if (strncmp(name, "cvd_", 4) == 0)
            ok = strncmp(name, "cvd_clock", 9) != 0 && strncmp(name, "cvd_malloc", 10) != 0 &&
                 strncmp(name, "cvd_calloc", 10) != 0 && strncmp(name, "cvd_realloc", 11) != 0;
        for (size_t i = 0; i < CVD_ARRAY_LEN(allowed); i++)
            ok = ok || strcmp(name, allowed[i]) == 0;
        if (!ok) {
            print_error("the model calls %s\n", name);
            bad++;
        }
    }
    int status = pclose(f);
    if (symbols == 0 || status != 0)
        skip(); /* no nm, or no archive where expected */
    assert_int_equal(bad, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_report_machine_every_pair),
        cmocka_unit_test(test_report_machine_messages),
        cmocka_unit_test(test_case_machine_every_pair),
        cmocka_unit_test(test_machines_out_of_range),
        cmocka_unit_test(test_inv01_report_edges),
        cmocka_unit_test(test_inv01_case_edges),
        cmocka_unit_test(test_reason_rule),
        cmocka_unit_test(test_inv09_notifications),
        cmocka_unit_test(test_report_case_link),
        cmocka_unit_test(test_report_apply),
        cmocka_unit_test(test_case_apply),
        cmocka_unit_test(test_names_round_trip),
        cmocka_unit_test(test_names_are_case_sensitive),
        cmocka_unit_test(test_event_types),
        cmocka_unit_test(test_tlp_parse),
        cmocka_unit_test(test_id_format),
        cmocka_unit_test(test_id_parse_hostile),
        cmocka_unit_test(test_id_year),
        cmocka_unit_test(test_text_check),
        cmocka_unit_test(test_text_trim),
        cmocka_unit_test(test_email_check),
        cmocka_unit_test(test_pgp_key_check),
        cmocka_unit_test(test_report_check_valid),
        cmocka_unit_test(test_report_check_rules),
        cmocka_unit_test(test_report_check_messages),
        cmocka_unit_test(test_report_check_limits),
        cmocka_unit_test(test_timer_ack),
        cmocka_unit_test(test_timer_status),
        cmocka_unit_test(test_timer_close),
        cmocka_unit_test(test_timer_policy),
        cmocka_unit_test(test_inv12_time_is_an_argument),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
