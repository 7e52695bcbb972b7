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

#endif
