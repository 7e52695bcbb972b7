/* Names of the model's enums (JSON, event rows, pages) and TLP labels: one table per enum,
 * indexed by value, and one lookup and one parser shared by all of them. */
#include "cvd/model.h"

#include <string.h>

#include "model-int.h"

/* Every table has exactly one entry per value; a missing name would be a NULL hole, which
 * the unit tests catch, and a wrong count fails here. */
#define NAME_TABLE(type, count, ...)                                                               \
    static const char *const type##_names[] = {__VA_ARGS__};                                       \
    _Static_assert(CVD_ARRAY_LEN(type##_names) == (count), #type " names")

const char *cvd__name_of(const char *const *names, size_t n, int v)
{
    if (v < 0 || (size_t)v >= n)
        return NULL;
    return names[v];
}

int cvd__index_of(const char *const *names, size_t n, struct cvd_str s)
{
    if (s.ptr == NULL)
        return -1;
    for (size_t i = 0; i < n; i++) {
        if (names[i] != NULL && cvd_str_eq_cstr(s, names[i]))
            return (int)i;
    }
    return -1;
}

/* The name and parse function of one enum. */
#define NAME_FUNCS(type, etype)                                                                    \
    const char *cvd_##type##_name(enum etype v)                                                    \
    {                                                                                              \
        return cvd__name_of(type##_names, CVD_ARRAY_LEN(type##_names), (int)v);                    \
    }                                                                                              \
    int cvd_##type##_parse(struct cvd_str s, enum etype *ret)                                      \
    {                                                                                              \
        int i = cvd__index_of(type##_names, CVD_ARRAY_LEN(type##_names), s);                       \
        if (i < 0)                                                                                 \
            return CVD_EINVAL;                                                                     \
        *ret = (enum etype)i;                                                                      \
        return 0;                                                                                  \
    }

NAME_TABLE(org_kind,
           CVD_ORG_KIND_COUNT, [CVD_ORG_COORDINATOR] = "coordinator", [CVD_ORG_VENDOR] = "vendor",
           [CVD_ORG_RESEARCHER] = "researcher", [CVD_ORG_OPERATOR] = "operator");
NAME_FUNCS(org_kind, cvd_org_kind)

NAME_TABLE(member_role,
           CVD_MEMBER_ROLE_COUNT, [CVD_ROLE_MEMBER] = "member", [CVD_ROLE_ADMIN] = "admin");
NAME_FUNCS(member_role, cvd_member_role)

NAME_TABLE(
    report_state,
    CVD_REPORT_STATE_COUNT, [CVD_REPORT_RECEIVED] = "received", [CVD_REPORT_INVALID] = "invalid",
    [CVD_REPORT_VALID] = "valid", [CVD_REPORT_ACCEPTED] = "accepted",
    [CVD_REPORT_DEFERRED] = "deferred", [CVD_REPORT_CLOSED] = "closed");
NAME_FUNCS(report_state, cvd_report_state)

NAME_TABLE(report_action, CVD_REPORT_ACTION_COUNT, [CVD_REPORT_ACKNOWLEDGE] = "acknowledge",
           [CVD_REPORT_REQUEST_INFO] = "request_info", [CVD_REPORT_ADD_INFO] = "add_info",
           [CVD_REPORT_VALIDATE] = "validate", [CVD_REPORT_INVALIDATE] = "invalidate",
           [CVD_REPORT_MARK_DUPLICATE] = "mark_duplicate", [CVD_REPORT_ACCEPT] = "accept",
           [CVD_REPORT_DEFER] = "defer", [CVD_REPORT_CLOSE] = "close",
           [CVD_REPORT_STATUS_UPDATE] = "status_update");
NAME_FUNCS(report_action, cvd_report_action)

NAME_TABLE(invalid_reason, CVD_INVALID_REASON_COUNT, [CVD_INVALID_NONE] = "none",
           [CVD_INVALID_OUT_OF_SCOPE] = "out_of_scope",
           [CVD_INVALID_NOT_A_VULNERABILITY] = "not_a_vulnerability",
           [CVD_INVALID_INSUFFICIENT_INFORMATION] = "insufficient_information",
           [CVD_INVALID_OBSOLETE_PRODUCT] = "obsolete_product",
           [CVD_INVALID_OTHER_VENDOR_ONLY] = "other_vendor_only");
NAME_FUNCS(invalid_reason, cvd_invalid_reason)

NAME_TABLE(channel, CVD_CHANNEL_COUNT, [CVD_CHANNEL_WEB] = "web", [CVD_CHANNEL_API] = "api",
           [CVD_CHANNEL_EMAIL] = "email", [CVD_CHANNEL_REFERRAL] = "referral");
NAME_FUNCS(channel, cvd_channel)

NAME_TABLE(answer, CVD_ANSWER_COUNT, [CVD_ANSWER_UNKNOWN] = "unknown", [CVD_ANSWER_NO] = "no",
           [CVD_ANSWER_YES] = "yes");
NAME_FUNCS(answer, cvd_answer)

NAME_TABLE(timer, CVD_TIMER_COUNT, [CVD_TIMER_NONE] = "none", [CVD_TIMER_ACK] = "ack",
           [CVD_TIMER_STATUS] = "status", [CVD_TIMER_INVALID_CLOSE] = "invalid_close",
           [CVD_TIMER_DEFERRED_CLOSE] = "deferred_close");
NAME_FUNCS(timer, cvd_timer)

NAME_TABLE(case_state,
           CVD_CASE_STATE_COUNT, [CVD_CASE_VALID] = "valid", [CVD_CASE_ACCEPTED] = "accepted",
           [CVD_CASE_DEFERRED] = "deferred", [CVD_CASE_CLOSED] = "closed");
NAME_FUNCS(case_state, cvd_case_state)

NAME_TABLE(case_action, CVD_CASE_ACTION_COUNT, [CVD_CASE_ACCEPT] = "accept",
           [CVD_CASE_DEFER] = "defer", [CVD_CASE_CLOSE] = "close", [CVD_CASE_REOPEN] = "reopen");
NAME_FUNCS(case_action, cvd_case_action)

NAME_TABLE(author, CVD_AUTHOR_COUNT, [CVD_AUTHOR_REPORTER] = "reporter",
           [CVD_AUTHOR_COORDINATOR] = "coordinator", [CVD_AUTHOR_SYSTEM] = "system");
NAME_FUNCS(author, cvd_author)

/* Event types: the past tense of each action, as the §2.6 event list spells them. */
NAME_TABLE(report_event, CVD_REPORT_ACTION_COUNT, [CVD_REPORT_ACKNOWLEDGE] = "report.acknowledged",
           [CVD_REPORT_REQUEST_INFO] = "report.info_requested",
           [CVD_REPORT_ADD_INFO] = "report.info_added", [CVD_REPORT_VALIDATE] = "report.validated",
           [CVD_REPORT_INVALIDATE] = "report.invalidated",
           [CVD_REPORT_MARK_DUPLICATE] = "report.marked_duplicate",
           [CVD_REPORT_ACCEPT] = "report.accepted", [CVD_REPORT_DEFER] = "report.deferred",
           [CVD_REPORT_CLOSE] = "report.closed", [CVD_REPORT_STATUS_UPDATE] = "status_update.sent");

NAME_TABLE(
    case_event,
    CVD_CASE_ACTION_COUNT, [CVD_CASE_ACCEPT] = "case.accepted", [CVD_CASE_DEFER] = "case.deferred",
    [CVD_CASE_CLOSE] = "case.closed", [CVD_CASE_REOPEN] = "case.reopened");

const char *cvd_report_action_event(enum cvd_report_action act)
{
    return cvd__name_of(report_event_names, CVD_ARRAY_LEN(report_event_names), (int)act);
}

const char *cvd_case_action_event(enum cvd_case_action act)
{
    return cvd__name_of(case_event_names, CVD_ARRAY_LEN(case_event_names), (int)act);
}

/* ---- TLP 2.0 ---- */

NAME_TABLE(
    tlp, CVD_TLP_COUNT, [CVD_TLP_CLEAR] = "CLEAR", [CVD_TLP_GREEN] = "GREEN",
    [CVD_TLP_AMBER] = "AMBER", [CVD_TLP_AMBER_STRICT] = "AMBER+STRICT", [CVD_TLP_RED] = "RED");

const char *cvd_tlp_name(enum cvd_tlp tlp)
{
    return cvd__name_of(tlp_names, CVD_ARRAY_LEN(tlp_names), (int)tlp);
}

int cvd_tlp_parse(struct cvd_str s, enum cvd_tlp *ret_tlp)
{
    if (s.ptr == NULL)
        return CVD_EINVAL;
    const struct cvd_str prefix = CVD_STR("TLP:");
    if (s.len >= prefix.len && cvd_str_eq_nocase((struct cvd_str){s.ptr, prefix.len}, prefix)) {
        s.ptr += prefix.len;
        s.len -= prefix.len;
    }
    for (size_t i = 0; i < CVD_ARRAY_LEN(tlp_names); i++) {
        if (cvd_str_eq_nocase(s, cvd_str_from_cstr(tlp_names[i]))) {
            *ret_tlp = (enum cvd_tlp)i;
            return 0;
        }
    }
    return CVD_EINVAL;
}
