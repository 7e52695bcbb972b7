/* The report and case state machines of §2.6 and the rule linking them. Each machine is one
 * table: per action, the set of states it is allowed in and the state it moves to. Every
 * transition the hub makes is decided here and nowhere else (INV01). */
#include "cvd/model.h"

#include <stdio.h>

#include "model-int.h"

#define BIT  CVD__BIT
#define STAY CVD__STAY

#define R BIT(CVD_REPORT_RECEIVED)
#define I BIT(CVD_REPORT_INVALID)
#define V BIT(CVD_REPORT_VALID)
#define A BIT(CVD_REPORT_ACCEPTED)
#define D BIT(CVD_REPORT_DEFERRED)

/* The EV table's preconditions. */
static const struct cvd__edge report_edges[CVD_REPORT_ACTION_COUNT] = {
    [CVD_REPORT_ACKNOWLEDGE] = {R | I | V | A | D, STAY, "acknowledge", ""},     /* EV02 */
    [CVD_REPORT_REQUEST_INFO] = {R | I | V, STAY, "request information on", ""}, /* EV03 */
    [CVD_REPORT_ADD_INFO] = {R | I | V, STAY, "add information to", ""},         /* EV03 */
    [CVD_REPORT_VALIDATE] = {R | I, CVD_REPORT_VALID, "validate", ""},           /* EV04 */
    [CVD_REPORT_INVALIDATE] = {R | V, CVD_REPORT_INVALID, "invalidate", ""},     /* EV05 */
    [CVD_REPORT_MARK_DUPLICATE] = {V, STAY, "mark", " as a duplicate"},          /* EV06 */
    [CVD_REPORT_ACCEPT] = {V | D, CVD_REPORT_ACCEPTED, "accept", ""},            /* EV07 */
    [CVD_REPORT_DEFER] = {V | A, CVD_REPORT_DEFERRED, "defer", ""},              /* EV08 */
    [CVD_REPORT_CLOSE] = {I | D | A, CVD_REPORT_CLOSED, "close", ""},            /* EV09 */
    [CVD_REPORT_STATUS_UPDATE] = {R | I | V | A | D, STAY, "send a status update on",
                                  ""}, /* EV34 */
};

#undef R
#undef I
#undef V
#undef A
#undef D

#define V BIT(CVD_CASE_VALID)
#define A BIT(CVD_CASE_ACCEPTED)
#define D BIT(CVD_CASE_DEFERRED)
#define C BIT(CVD_CASE_CLOSED)

static const struct cvd__edge case_edges[CVD_CASE_ACTION_COUNT] = {
    [CVD_CASE_ACCEPT] = {V | D, CVD_CASE_ACCEPTED, "accept", ""},
    [CVD_CASE_DEFER] = {V | A, CVD_CASE_DEFERRED, "defer", ""},
    [CVD_CASE_CLOSE] = {A | D, CVD_CASE_CLOSED, "close", ""},
    [CVD_CASE_REOPEN] = {C, CVD_CASE_ACCEPTED, "reopen", ""},
};

#undef V
#undef A
#undef D
#undef C

/* "valid or deferred", "received, invalid or valid": the states in mask, by name. */
static void states_phrase(unsigned mask, unsigned n_states, const char *(*name)(int), char *out,
                          size_t size)
{
    unsigned total = 0;
    for (unsigned s = 0; s < n_states; s++)
        total += (mask & BIT(s)) != 0;
    size_t len = 0;
    unsigned k = 0;
    out[0] = '\0';
    for (unsigned s = 0; s < n_states && len < size; s++) {
        if (!(mask & BIT(s)))
            continue;
        const char *sep = k == 0 ? "" : (k + 1 == total ? " or " : ", ");
        int w = snprintf(out + len, size - len, "%s%s", sep, name((int)s));
        if (w < 0)
            break;
        len += (size_t)w;
        k++;
    }
}

int cvd__machine_next(const struct cvd__edge *edges, unsigned n_actions, unsigned n_states,
                      const char *(*name)(int), const char *object, int from, int act, int *ret_to,
                      struct cvd_diag *diag)
{
    if (act < 0 || (unsigned)act >= n_actions)
        return cvd_diag_set(diag, CVD_EINVAL, "unknown action %d for %s", act, object);
    if (from < 0 || (unsigned)from >= n_states)
        return cvd_diag_set(diag, CVD_EINVAL, "unknown state %d of %s", from, object);
    const struct cvd__edge *e = &edges[act];
    const char *tail = e->tail ? e->tail : "";
    if (e->from == 0)
        return cvd_diag_set(diag, CVD_ESTATE, "cannot %s %s%s (never allowed)", e->verb, object,
                            tail);
    if (!(e->from & BIT(from))) {
        char allowed[128];
        states_phrase(e->from, n_states, name, allowed, sizeof(allowed));
        return cvd_diag_set(diag, CVD_ESTATE, "cannot %s %s that is %s%s (allowed when %s)",
                            e->verb, object, name(from), tail, allowed);
    }
    *ret_to = e->to == STAY ? from : e->to;
    return 0;
}

static const char *report_state_word(int s)
{
    return cvd_report_state_name((enum cvd_report_state)s);
}

static const char *case_state_word(int s)
{
    return cvd_case_state_name((enum cvd_case_state)s);
}

int cvd_report_next(enum cvd_report_state from, enum cvd_report_action act,
                    enum cvd_report_state *ret_to, struct cvd_diag *diag)
{
    int to;
    int rc = cvd__machine_next(report_edges, CVD_REPORT_ACTION_COUNT, CVD_REPORT_STATE_COUNT,
                               report_state_word, "a report", (int)from, (int)act, &to, diag);
    if (rc == 0)
        *ret_to = (enum cvd_report_state)to;
    return rc;
}

bool cvd_report_can(enum cvd_report_state from, enum cvd_report_action act)
{
    enum cvd_report_state to;
    return cvd_report_next(from, act, &to, NULL) == 0;
}

int cvd_case_next(enum cvd_case_state from, enum cvd_case_action act, enum cvd_case_state *ret_to,
                  struct cvd_diag *diag)
{
    int to;
    int rc = cvd__machine_next(case_edges, CVD_CASE_ACTION_COUNT, CVD_CASE_STATE_COUNT,
                               case_state_word, "a case", (int)from, (int)act, &to, diag);
    if (rc == 0)
        *ret_to = (enum cvd_case_state)to;
    return rc;
}

bool cvd_case_can(enum cvd_case_state from, enum cvd_case_action act)
{
    enum cvd_case_state to;
    return cvd_case_next(from, act, &to, NULL) == 0;
}

static bool report_action_valid(enum cvd_report_action act)
{
    return (int)act >= 0 && (int)act < CVD_REPORT_ACTION_COUNT;
}

int cvd_report_reason_check(enum cvd_report_action act, enum cvd_invalid_reason reason,
                            struct cvd_diag *diag)
{
    if (!report_action_valid(act))
        return cvd_diag_set(diag, CVD_EINVAL, "unknown report action %d", (int)act);
    if ((int)reason < 0 || (int)reason >= CVD_INVALID_REASON_COUNT)
        return cvd_diag_set(diag, CVD_EINVAL, "unknown invalid reason %d", (int)reason);
    if (act == CVD_REPORT_INVALIDATE && reason == CVD_INVALID_NONE)
        return cvd_diag_set(diag, CVD_EMISSING,
                            "invalidating a report needs a reason (out_of_scope, "
                            "not_a_vulnerability, insufficient_information, obsolete_product "
                            "or other_vendor_only)");
    if (act != CVD_REPORT_INVALIDATE && reason != CVD_INVALID_NONE)
        return cvd_diag_set(diag, CVD_EINVAL, "a reason is given only when invalidating, not to %s",
                            cvd_report_action_name(act));
    return 0;
}

bool cvd_report_action_is_outcome(enum cvd_report_action act)
{
    switch (act) {
    case CVD_REPORT_VALIDATE:
    case CVD_REPORT_INVALIDATE:
    case CVD_REPORT_MARK_DUPLICATE:
    case CVD_REPORT_ACCEPT:
    case CVD_REPORT_DEFER:
    case CVD_REPORT_CLOSE:
        return true;
    case CVD_REPORT_ACKNOWLEDGE:
    case CVD_REPORT_REQUEST_INFO:
    case CVD_REPORT_ADD_INFO:
    case CVD_REPORT_STATUS_UPDATE:
        return false;
    }
    return false;
}

bool cvd_report_action_notifies_reporter(enum cvd_report_action act)
{
    if (cvd_report_action_is_outcome(act))
        return true;
    switch (act) {
    case CVD_REPORT_ACKNOWLEDGE:   /* EV02: the human acknowledgement */
    case CVD_REPORT_REQUEST_INFO:  /* EV03: the question */
    case CVD_REPORT_STATUS_UPDATE: /* EV34 */
        return true;
    default:
        return false; /* add_info is the reporter's own word */
    }
}

enum cvd_author cvd_report_action_actor(enum cvd_report_action act)
{
    return act == CVD_REPORT_ADD_INFO ? CVD_AUTHOR_REPORTER : CVD_AUTHOR_COORDINATOR;
}

int cvd_report_apply(struct cvd_report *r, enum cvd_report_action act,
                     enum cvd_invalid_reason reason, int64_t now, struct cvd_diag *diag)
{
    if (r == NULL || now <= 0)
        return cvd_diag_set(diag, CVD_EINVAL, "no report or no time to apply an action");
    enum cvd_report_state to;
    int rc = cvd_report_next(r->state, act, &to, diag);
    if (rc)
        return rc;
    rc = cvd_report_reason_check(act, reason, diag);
    if (rc)
        return rc;
    r->state = to;
    if (act == CVD_REPORT_ACKNOWLEDGE && r->acked_at == 0)
        r->acked_at = now;
    if (cvd_report_action_notifies_reporter(act))
        r->last_status_at = now;
    if (act == CVD_REPORT_INVALIDATE)
        r->invalid_reason = reason;
    else if (act == CVD_REPORT_VALIDATE)
        r->invalid_reason = CVD_INVALID_NONE;
    r->updated_at = now;
    return 0;
}

int cvd_case_apply(struct cvd_case *c, enum cvd_case_action act, int64_t now, struct cvd_diag *diag)
{
    if (c == NULL || now <= 0)
        return cvd_diag_set(diag, CVD_EINVAL, "no case or no time to apply an action");
    enum cvd_case_state to;
    int rc = cvd_case_next(c->state, act, &to, diag);
    if (rc)
        return rc;
    c->state = to;
    if (act == CVD_CASE_CLOSE)
        c->closed_at = now;
    else if (act == CVD_CASE_REOPEN)
        c->closed_at = 0;
    return 0;
}

int cvd_report_case_action(enum cvd_report_action act, enum cvd_case_state case_state,
                           enum cvd_case_action *ret_act, struct cvd_diag *diag)
{
    if (!report_action_valid(act))
        return cvd_diag_set(diag, CVD_EINVAL, "unknown report action %d", (int)act);
    if ((int)case_state < 0 || (int)case_state >= CVD_CASE_STATE_COUNT)
        return cvd_diag_set(diag, CVD_EINVAL, "unknown case state %d", (int)case_state);
    if (act != CVD_REPORT_ACCEPT)
        return 0;
    switch (case_state) {
    case CVD_CASE_VALID:
    case CVD_CASE_DEFERRED:
        *ret_act = CVD_CASE_ACCEPT;
        return 1;
    case CVD_CASE_ACCEPTED:
        return 0;
    case CVD_CASE_CLOSED:
        break;
    }
    return cvd_diag_set(diag, CVD_ESTATE,
                        "cannot accept a report whose case is closed (reopen the case first)");
}
