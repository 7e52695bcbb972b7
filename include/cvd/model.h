/* The case model of cvd (../shared/reference/standards.md §2.6): the domain types every upper
 * layer shares (store, use cases, front ends), the report and case state machines, and the
 * identifiers reporters and coordinators see. Pure: no I/O, no clock reads (time is passed in).
 *
 * Text fields are borrowed views (struct cvd_str): whoever fills a struct says how long they
 * stay valid (the store fills them from the arena the caller passes). Times are Unix seconds
 * UTC (INV12); 0 means "not yet" / "none". Ids are int64 row ids; 0 means none. */
#ifndef CVD_MODEL_H
#define CVD_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cvd/compiler.h"
#include "cvd/err.h"
#include "cvd/str.h"

/* ---- TLP 2.0 labels, strictest last ---- */

enum cvd_tlp {
    CVD_TLP_CLEAR,
    CVD_TLP_GREEN,
    CVD_TLP_AMBER,
    CVD_TLP_AMBER_STRICT,
    CVD_TLP_RED,
};

/** "CLEAR", "GREEN", "AMBER", "AMBER+STRICT", "RED"; NULL for an out-of-range value. */
const char *cvd_tlp_name(enum cvd_tlp tlp);

/** Parse a label: the names above, optionally prefixed "TLP:", ASCII case-insensitive.
 * CVD_EINVAL for anything else. */
CVD_MUST_CHECK int cvd_tlp_parse(struct cvd_str s, enum cvd_tlp *ret_tlp);

/* ---- organisations, users ---- */

enum cvd_org_kind {
    CVD_ORG_COORDINATOR,
    CVD_ORG_VENDOR,
    CVD_ORG_RESEARCHER,
    CVD_ORG_OPERATOR,
};

enum cvd_member_role {
    CVD_ROLE_MEMBER,
    CVD_ROLE_ADMIN, /* manages the organisation's users */
};

struct cvd_org {
    int64_t id;
    struct cvd_str name;
    enum cvd_org_kind kind;
    int64_t created_at;
};

struct cvd_user {
    int64_t id;
    struct cvd_str email; /* login name, stored lower-case */
    struct cvd_str name;
    struct cvd_str password_hash; /* argon2id string; empty: cannot log in */
    bool is_admin;                /* instance administrator */
    int64_t created_at;
};

struct cvd_membership {
    int64_t user_id;
    int64_t org_id;
    enum cvd_org_kind org_kind;
    struct cvd_str org_name;
    enum cvd_member_role role;
};

/* ---- reports (the coordinator's RM for one report) ---- */

enum cvd_report_state {
    CVD_REPORT_RECEIVED, /* R */
    CVD_REPORT_INVALID,  /* I */
    CVD_REPORT_VALID,    /* V */
    CVD_REPORT_ACCEPTED, /* A */
    CVD_REPORT_DEFERRED, /* D */
    CVD_REPORT_CLOSED,   /* C */
};

/* What a coordinator (or the reporter, for ADD_INFO) does to a report: EV02-EV09, EV34. */
enum cvd_report_action {
    CVD_REPORT_ACKNOWLEDGE,    /* EV02 */
    CVD_REPORT_REQUEST_INFO,   /* EV03, coordinator */
    CVD_REPORT_ADD_INFO,       /* EV03, reporter */
    CVD_REPORT_VALIDATE,       /* EV04 */
    CVD_REPORT_INVALIDATE,     /* EV05, needs a reason */
    CVD_REPORT_MARK_DUPLICATE, /* EV06 */
    CVD_REPORT_ACCEPT,         /* EV07 */
    CVD_REPORT_DEFER,          /* EV08 */
    CVD_REPORT_CLOSE,          /* EV09 */
    CVD_REPORT_STATUS_UPDATE,  /* EV34 */
};

enum cvd_invalid_reason {
    CVD_INVALID_NONE,
    CVD_INVALID_OUT_OF_SCOPE,
    CVD_INVALID_NOT_A_VULNERABILITY,
    CVD_INVALID_INSUFFICIENT_INFORMATION,
    CVD_INVALID_OBSOLETE_PRODUCT,
    CVD_INVALID_OTHER_VENDOR_ONLY,
};

enum cvd_channel {
    CVD_CHANNEL_WEB,
    CVD_CHANNEL_API,
    CVD_CHANNEL_EMAIL,
    CVD_CHANNEL_REFERRAL,
};

/* A yes / no / not said answer on the report form. */
enum cvd_answer {
    CVD_ANSWER_UNKNOWN,
    CVD_ANSWER_NO,
    CVD_ANSWER_YES,
};

struct cvd_report {
    int64_t id;
    struct cvd_str tracking_id; /* "R-2026-000123" */
    int64_t received_at;
    enum cvd_channel channel;
    enum cvd_report_state state;
    enum cvd_invalid_reason invalid_reason; /* when state is INVALID */
    enum cvd_tlp tlp;                       /* chosen by the reporter; default AMBER */
    /* What the reporter wrote. title, product and description are required. */
    struct cvd_str title;
    struct cvd_str product; /* affected product(s), one per line */
    struct cvd_str versions;
    struct cvd_str description;
    struct cvd_str impact;
    struct cvd_str reproduction; /* steps or proof of concept */
    struct cvd_str how_found;
    struct cvd_str disclosure_plans;
    enum cvd_answer vendor_contacted;
    enum cvd_answer publicly_known;
    enum cvd_answer exploited;
    bool credit_wanted;
    struct cvd_str credit_name;
    bool share_contact; /* consent to give the contact details to vendors */
    /* Who reported: all empty for an anonymous report. */
    struct cvd_str reporter_name;
    struct cvd_str reporter_email;
    struct cvd_str reporter_pgp_key; /* ASCII-armoured public key */
    int64_t reporter_user;           /* a logged-in reporter's user id */
    /* Handling. */
    int64_t acked_at;       /* EV02 */
    int64_t last_status_at; /* last message to the reporter (T-STATUS) */
    int64_t case_id;
    int64_t duplicate_of; /* report id */
    int64_t updated_at;
};

/* Deadlines of a report (§2.6 timers): which one runs next. */
enum cvd_timer {
    CVD_TIMER_NONE,
    CVD_TIMER_ACK,            /* T-ACK: from received_at until acknowledged */
    CVD_TIMER_STATUS,         /* T-STATUS: from the last word to the reporter */
    CVD_TIMER_INVALID_CLOSE,  /* T-INVALID-CLOSE */
    CVD_TIMER_DEFERRED_CLOSE, /* T-DEFERRED-CLOSE */
};

/* ---- cases (the coordinator's RM of the case: coord_rm) ---- */

enum cvd_case_state {
    CVD_CASE_VALID,    /* V: created on the first validated report (EV10) */
    CVD_CASE_ACCEPTED, /* A */
    CVD_CASE_DEFERRED, /* D */
    CVD_CASE_CLOSED,   /* C */
};

enum cvd_case_action {
    CVD_CASE_ACCEPT, /* V|D -> A */
    CVD_CASE_DEFER,  /* V|A -> D */
    CVD_CASE_CLOSE,  /* A|D -> C (EV35) */
    CVD_CASE_REOPEN, /* C -> A (EV35) */
};

struct cvd_case {
    int64_t id;
    struct cvd_str case_id; /* "CVD-2026-0042" */
    struct cvd_str title;
    enum cvd_case_state state;
    enum cvd_tlp tlp; /* default AMBER */
    int64_t created_at;
    int64_t closed_at;
};

/* One vulnerability of a case, with its scores (CVSS via the cvss module, SSVC as a vector). */
struct cvd_vuln {
    int64_t id;
    int64_t case_id;
    struct cvd_str title;
    struct cvd_str cve_id;      /* may be empty */
    struct cvd_str cvss_vector; /* may be empty; validated with cvd_cvss_parse */
    int cvss_score;             /* tenths (98 = 9.8); -1 when no vector */
    struct cvd_str ssvc;        /* SSVC decision or vector; may be empty */
};

/* ---- messages between coordinator and reporter ---- */

enum cvd_author {
    CVD_AUTHOR_REPORTER,
    CVD_AUTHOR_COORDINATOR,
    CVD_AUTHOR_SYSTEM,
};

struct cvd_message {
    int64_t id;
    int64_t report_id;
    int64_t case_id; /* 0: a report thread */
    enum cvd_author author;
    int64_t author_user; /* 0 for the reporter through the follow-up link, or the system */
    struct cvd_str body;
    enum cvd_tlp tlp;
    int64_t created_at;
};

/* ---- the audit log: one immutable, hash-chained row per state change or write ---- */

#define CVD_EVENT_HASH_BYTES 32 /* SHA-256 */

struct cvd_event {
    int64_t seq; /* 1, 2, ... in commit order */
    int64_t at;
    struct cvd_str actor;       /* "user:12", "reporter", "system", "cli" */
    struct cvd_str type;        /* "report.submitted", "report.validated", ... (§2.6 events) */
    struct cvd_str object_kind; /* "report", "case", "user", "org", ... */
    int64_t object_id;
    struct cvd_str before; /* state name before, or empty */
    struct cvd_str after;  /* state name after, or empty */
    struct cvd_str data;   /* compact JSON object with details, or empty */
    unsigned char prev_hash[CVD_EVENT_HASH_BYTES];
    unsigned char hash[CVD_EVENT_HASH_BYTES];
};

/* ==== The model's functions (src/lib/model/). Pure: no I/O, no allocation, no clock reads;
 * "now" is always an argument (INV12). ==== */

/* How many values each enum has, for tables and loops (values run from 0 to COUNT - 1). */
#define CVD_TLP_COUNT            5
#define CVD_ORG_KIND_COUNT       4
#define CVD_MEMBER_ROLE_COUNT    2
#define CVD_REPORT_STATE_COUNT   6
#define CVD_REPORT_ACTION_COUNT  10
#define CVD_INVALID_REASON_COUNT 6
#define CVD_CHANNEL_COUNT        4
#define CVD_ANSWER_COUNT         3
#define CVD_TIMER_COUNT          5
#define CVD_CASE_STATE_COUNT     4
#define CVD_CASE_ACTION_COUNT    4
#define CVD_AUTHOR_COUNT         3

/* ---- names: one spelling per value, for JSON, event rows and pages ----
 *
 * `_name` returns a lower-case ASCII word ("received", "request_info", "out_of_scope") in
 * static storage, NULL for an out-of-range value. `_parse` takes exactly one of those names
 * (case-sensitive, no surrounding space) and returns 0 or CVD_EINVAL; *ret is written only on
 * success. CVD_INVALID_NONE is "none" and CVD_TIMER_NONE "none", so every value round-trips;
 * the invalidate rule (cvd_report_reason_check) still refuses "none" as a reason. */

const char *cvd_org_kind_name(enum cvd_org_kind v);
CVD_MUST_CHECK int cvd_org_kind_parse(struct cvd_str s, enum cvd_org_kind *ret);
const char *cvd_member_role_name(enum cvd_member_role v);
CVD_MUST_CHECK int cvd_member_role_parse(struct cvd_str s, enum cvd_member_role *ret);
const char *cvd_report_state_name(enum cvd_report_state v);
CVD_MUST_CHECK int cvd_report_state_parse(struct cvd_str s, enum cvd_report_state *ret);
const char *cvd_report_action_name(enum cvd_report_action v);
CVD_MUST_CHECK int cvd_report_action_parse(struct cvd_str s, enum cvd_report_action *ret);
const char *cvd_invalid_reason_name(enum cvd_invalid_reason v);
CVD_MUST_CHECK int cvd_invalid_reason_parse(struct cvd_str s, enum cvd_invalid_reason *ret);
const char *cvd_channel_name(enum cvd_channel v);
CVD_MUST_CHECK int cvd_channel_parse(struct cvd_str s, enum cvd_channel *ret);
const char *cvd_answer_name(enum cvd_answer v);
CVD_MUST_CHECK int cvd_answer_parse(struct cvd_str s, enum cvd_answer *ret);
const char *cvd_timer_name(enum cvd_timer v);
CVD_MUST_CHECK int cvd_timer_parse(struct cvd_str s, enum cvd_timer *ret);
const char *cvd_case_state_name(enum cvd_case_state v);
CVD_MUST_CHECK int cvd_case_state_parse(struct cvd_str s, enum cvd_case_state *ret);
const char *cvd_case_action_name(enum cvd_case_action v);
CVD_MUST_CHECK int cvd_case_action_parse(struct cvd_str s, enum cvd_case_action *ret);
const char *cvd_author_name(enum cvd_author v);
CVD_MUST_CHECK int cvd_author_parse(struct cvd_str s, enum cvd_author *ret);

/* Audit event types (struct cvd_event.type) of the §2.6 events the model knows. */
#define CVD_EVENT_REPORT_SUBMITTED "report.submitted" /* EV01 */
#define CVD_EVENT_CASE_CREATED     "case.created"     /* EV10 */

/** The event type of a report action: "report.acknowledged", "report.info_requested",
 * "report.info_added", "report.validated", "report.invalidated", "report.marked_duplicate",
 * "report.accepted", "report.deferred", "report.closed", "status_update.sent" (EV02-EV09,
 * EV34). NULL for an out-of-range value. */
const char *cvd_report_action_event(enum cvd_report_action act);

/** The event type of a case action: "case.accepted", "case.deferred", "case.closed",
 * "case.reopened" (EV07, EV08 on the case, EV35). NULL for an out-of-range value. */
const char *cvd_case_action_event(enum cvd_case_action act);

/* ---- the report state machine (§2.6 machine 1 with the EV02-EV09, EV34 preconditions) ----
 *
 *   action          allowed in   moves to     action          allowed in   moves to
 *   acknowledge     R I V A D    (stays)      mark_duplicate  V            (stays)
 *   request_info    R I V        (stays)      accept          V D          A
 *   add_info        R I V        (stays)      defer           V A          D
 *   validate        R I          V            close           I D A        C
 *   invalidate      R V          I            status_update   R I V A D    (stays)
 *
 * Nothing leaves C (a closed report is final; its case can be reopened). */

/** The state a report in `from` is in after `act`: 0 and *ret_to (the same state for the
 * actions that do not move it), CVD_ESTATE when the action is not allowed in `from` (diag:
 * "cannot accept a report that is closed (allowed when valid or deferred)"), CVD_EINVAL for an
 * out-of-range value. The reason of INVALIDATE is checked by cvd_report_reason_check. */
CVD_MUST_CHECK int cvd_report_next(enum cvd_report_state from, enum cvd_report_action act,
                                   enum cvd_report_state *ret_to, struct cvd_diag *diag);

/** Whether cvd_report_next(from, act) succeeds (false for out-of-range values). */
bool cvd_report_can(enum cvd_report_state from, enum cvd_report_action act);

/** The reason rule of EV05: INVALIDATE needs one of the five reasons (CVD_EMISSING for
 * CVD_INVALID_NONE), every other action takes none (CVD_EINVAL); CVD_EINVAL for out-of-range
 * values. */
CVD_MUST_CHECK int cvd_report_reason_check(enum cvd_report_action act,
                                           enum cvd_invalid_reason reason, struct cvd_diag *diag);

/** INV09: whether the action sends the reporter a message: every outcome (validate,
 * invalidate, mark_duplicate, accept, defer, close) and acknowledge, request_info and
 * status_update; false for add_info (the reporter's own) and out-of-range values. */
bool cvd_report_action_notifies_reporter(enum cvd_report_action act);

/** Whether the action is a report outcome the reporter must be told of (INV09: validated,
 * invalidated, marked duplicate, accepted, deferred, closed). */
bool cvd_report_action_is_outcome(enum cvd_report_action act);

/** Who takes the action: CVD_AUTHOR_REPORTER for add_info, CVD_AUTHOR_COORDINATOR for every
 * other one (and for out-of-range values). */
enum cvd_author cvd_report_action_actor(enum cvd_report_action act);

/** Apply act to *r at time now (Unix seconds, > 0): the state by cvd_report_next, the reason
 * by cvd_report_reason_check, and the handling fields the action owns: acknowledge sets
 * acked_at (the first time only); every action that notifies the reporter sets
 * last_status_at (so it restarts T-STATUS); invalidate sets invalid_reason, validate clears
 * it; every action sets updated_at. case_id and duplicate_of are the caller's. On error *r
 * is unchanged. */
CVD_MUST_CHECK int cvd_report_apply(struct cvd_report *r, enum cvd_report_action act,
                                    enum cvd_invalid_reason reason, int64_t now,
                                    struct cvd_diag *diag);

/* ---- the case state machine (coord_rm) ----
 *
 *   accept  V D -> A     defer  V A -> D     close  A D -> C (EV35)     reopen  C -> A (EV35) */

/** As cvd_report_next, for a case ("cannot close a case that is valid (allowed when accepted
 * or deferred)"). */
CVD_MUST_CHECK int cvd_case_next(enum cvd_case_state from, enum cvd_case_action act,
                                 enum cvd_case_state *ret_to, struct cvd_diag *diag);

/** Whether cvd_case_next(from, act) succeeds. */
bool cvd_case_can(enum cvd_case_state from, enum cvd_case_action act);

/** Apply act to *c at time now (> 0): the state by cvd_case_next; close sets closed_at,
 * reopen clears it. On error *c is unchanged. */
CVD_MUST_CHECK int cvd_case_apply(struct cvd_case *c, enum cvd_case_action act, int64_t now,
                                  struct cvd_diag *diag);

/** The rule linking the machines: what a report action does to the report's case. EV07:
 * accepting a report accepts its case when the case is valid or deferred (returns 1 and
 * *ret_act = CVD_CASE_ACCEPT), leaves an accepted case as it is (0), and is refused for a
 * closed case (CVD_ESTATE: reopen the case first; a reopening is its own audited EV35). Every
 * other report action leaves the case alone (0). CVD_EINVAL for out-of-range values. */
CVD_MUST_CHECK int cvd_report_case_action(enum cvd_report_action act,
                                          enum cvd_case_state case_state,
                                          enum cvd_case_action *ret_act, struct cvd_diag *diag);

/* ---- identifiers: tracking ids "R-YYYY-NNNNNN", case ids "CVD-YYYY-NNNN" ----
 *
 * YYYY is a year 1970-9999; the number is 1 to CVD_ID_SEQ_MAX, zero-padded to 6 (tracking) or
 * 4 (case) digits and written with more digits, without leading zeros, when it needs them.
 * Parsing is strict and takes exactly the canonical spelling (upper-case prefix, ASCII digits,
 * no sign, no space, no extra leading zero), so parse and format are inverse. */

#define CVD_ID_YEAR_MIN      1970
#define CVD_ID_YEAR_MAX      9999
#define CVD_ID_SEQ_MAX       UINT64_C(999999999999) /* 12 digits */
#define CVD_TRACKING_ID_SIZE 20                     /* "R-YYYY-" + 12 digits + NUL */
#define CVD_CASE_ID_SIZE     22                     /* "CVD-YYYY-" + 12 digits + NUL */

/** Write the tracking id of (year, seq) and a NUL into out[0..size): returns its length, or
 * CVD_ERANGE (year or seq out of range) or CVD_EINVAL (out NULL or too small: size
 * CVD_TRACKING_ID_SIZE always fits). */
CVD_MUST_CHECK int cvd_tracking_id_format(int year, uint64_t seq, char *out, size_t size);

/** Parse a tracking id: 0 and *ret_year, *ret_seq, or CVD_EPARSE / CVD_ERANGE with the
 * reason in diag. */
CVD_MUST_CHECK int cvd_tracking_id_parse(struct cvd_str s, int *ret_year, uint64_t *ret_seq,
                                         struct cvd_diag *diag);

/** As cvd_tracking_id_format, for a case id (size CVD_CASE_ID_SIZE always fits). */
CVD_MUST_CHECK int cvd_case_id_format(int year, uint64_t seq, char *out, size_t size);

/** As cvd_tracking_id_parse, for a case id. */
CVD_MUST_CHECK int cvd_case_id_parse(struct cvd_str s, int *ret_year, uint64_t *ret_seq,
                                     struct cvd_diag *diag);

/** The UTC year of Unix time t, for the id of something made at t: 0, or CVD_ERANGE outside
 * the years 1970-9999. */
CVD_MUST_CHECK int cvd_id_year(int64_t t, int *ret_year);

/* ---- text and report input rules (intake by form and API; reusable for other forms) ----
 *
 * Every text is valid UTF-8 (CVD_EUTF8) without NUL or other control characters (C0, DEL,
 * C1): a single-line text allows none of them and no U+2028/U+2029 either, a multi-line text
 * allows TAB, CR and LF (CVD_EINVAL). Limits are in bytes (CVD_ELIMIT). A required text must
 * not be blank: empty or only white space (ASCII and Unicode White_Space, ZWSP, BOM) is
 * CVD_EMISSING. Messages start with the field's name and name the rule. */

enum cvd_text_check_flags {
    CVD_TEXT_MULTILINE = 1u << 0, /* TAB, CR and LF allowed */
    CVD_TEXT_REQUIRED = 1u << 1,  /* must not be blank */
};

/** Check s by the rules above (flags from enum cvd_text_check_flags, max bytes); field names
 * the text in the message ("title"). 0 or CVD_EMISSING / CVD_ELIMIT / CVD_EUTF8 / CVD_EINVAL,
 * with the byte offset of the offending character in diag->offset. */
CVD_MUST_CHECK int cvd_text_check(struct cvd_str s, size_t max, unsigned flags, const char *field,
                                  struct cvd_diag *diag);

/** Whether s is empty or only white space (invalid UTF-8 is not blank). */
bool cvd_text_is_blank(struct cvd_str s);

/** s without leading and trailing white space (as cvd_text_is_blank sees it). */
struct cvd_str cvd_text_trim(struct cvd_str s);

#define CVD_EMAIL_MAX 254 /* RFC 5321 path limit less the brackets */

/** An e-mail address's shape: a single-line text of at most CVD_EMAIL_MAX bytes with exactly
 * one '@', non-empty parts on both sides and no white space. Empty is CVD_EMISSING. Not a
 * full RFC 5322 parser: the address is proven by mail, not by syntax. */
CVD_MUST_CHECK int cvd_email_check(struct cvd_str s, const char *field, struct cvd_diag *diag);

/** An OpenPGP public key in ASCII armour (RFC 4880 §6.2): "-----BEGIN PGP PUBLIC KEY
 * BLOCK-----", optional "Key: value" headers, a blank line, base64 lines, an optional "=XXXX"
 * checksum, "-----END PGP PUBLIC KEY BLOCK-----", surrounding white space allowed. A private
 * key block is refused with its own message. The key itself is not decoded. */
CVD_MUST_CHECK int cvd_pgp_key_check(struct cvd_str s, size_t max, const char *field,
                                     struct cvd_diag *diag);

/* Byte limits of the report fields; a 0 in struct cvd_report_limits means the default. */
#define CVD_REPORT_TITLE_MAX       200
#define CVD_REPORT_PRODUCT_MAX     1000
#define CVD_REPORT_VERSIONS_MAX    1000
#define CVD_REPORT_DESCRIPTION_MAX ((size_t)64 << 10)
#define CVD_REPORT_TEXT_MAX        ((size_t)64 << 10) /* impact, reproduction, ... */
#define CVD_REPORT_NAME_MAX        200                /* reporter_name, credit_name */
#define CVD_REPORT_PGP_KEY_MAX     ((size_t)64 << 10)

struct cvd_report_limits {
    size_t title;
    size_t product;
    size_t versions;
    size_t description;
    size_t text; /* impact, reproduction, how_found, disclosure_plans */
    size_t name; /* reporter_name, credit_name */
    size_t email;
    size_t pgp_key;
};

extern const struct cvd_report_limits cvd_report_limits_default;

/** Check what a reporter wrote (the content, reporter and choice fields of struct
 * cvd_report; the handling fields are not looked at), in this order, returning the first
 * failure: channel and tlp in range; the texts in struct order by cvd_text_check (required:
 * title, product, description; one line: title, credit_name, reporter_name, reporter_email;
 * multi-line: product, versions, description, impact, reproduction, how_found,
 * disclosure_plans, reporter_pgp_key; each with its limit); the three answers in range;
 * credit_name only with credit_wanted; reporter_email by cvd_email_check when not empty;
 * reporter_pgp_key by cvd_pgp_key_check when not blank. 0, or CVD_EMISSING / CVD_ELIMIT /
 * CVD_EINVAL / CVD_EUTF8 with *ret_field set to the field's JSON name (the struct member's
 * name, static storage; ret_field may be NULL) and the rule in diag. lim NULL: the defaults. */
CVD_MUST_CHECK int cvd_report_check(const struct cvd_report *r, const struct cvd_report_limits *lim,
                                    const char **ret_field, struct cvd_diag *diag);

/* ---- timers (§2.6; INV12: the time is an argument) ---- */

#define CVD_DAY_SECONDS INT64_C(86400)

/* The periods the hub promises; a field <= 0 means the default. */
struct cvd_policy {
    int64_t ack_seconds;            /* T-ACK, default 7 days */
    int64_t status_seconds;         /* T-STATUS, default 30 days */
    int64_t invalid_close_seconds;  /* T-INVALID-CLOSE, default 30 days */
    int64_t deferred_close_seconds; /* T-DEFERRED-CLOSE, default 90 days */
};

extern const struct cvd_policy cvd_policy_default;

/** The next deadline of report r at time now; returns whether it is overdue (now >= due_at:
 * due_at is the first second at which the timer has fired). The timers that run:
 *   T-ACK             received_at + ack, while acked_at is 0;
 *   T-STATUS          max(acked_at, last_status_at) + status, once acknowledged;
 *   T-INVALID-CLOSE   last activity + invalid_close, while invalid;
 *   T-DEFERRED-CLOSE  last activity + deferred_close, while deferred;
 * (last activity: the latest of received_at, acked_at, last_status_at and updated_at), none
 * for a closed report. The earliest one is written to *ret_timer and *ret_due_at (ties: the
 * first in that list); with none, CVD_TIMER_NONE and 0 and the result is false. Sums past
 * INT64_MAX saturate. p NULL: cvd_policy_default. Either out pointer may be NULL. */
bool cvd_report_due(const struct cvd_report *r, const struct cvd_policy *p, int64_t now,
                    enum cvd_timer *ret_timer, int64_t *ret_due_at);

#endif
