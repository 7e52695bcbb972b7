/* The use cases of the hub: the only code that writes. Each function checks who asks (a
 * principal), applies the model's rules (state machines, validation), writes through the
 * store in one transaction together with its audit event, and returns what the front end
 * shows. Front ends (cvd serve, the CLI) call these and nothing below them.
 *
 * Memory: results are filled from the arena the caller passes (strings, lists) and stay
 * valid until it is released. Thread safety: a hub is shared by the server's threads; every
 * function may be called concurrently. Errors: CVD_EAUTH (no or bad credentials), CVD_EDENIED
 * (not allowed for this principal), CVD_ENOTFOUND, CVD_ESTATE (wrong state: the diag says which
 * and why), CVD_EMISSING / CVD_EINVAL / CVD_ELIMIT / CVD_EUTF8 on input (ret_field names the
 * field where the function takes one), CVD_ERATE (throttled), CVD_EDUP, CVD_EDB, CVD_ENOMEM. */
#ifndef CVD_CORE_H
#define CVD_CORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cvd/arena.h"
#include "cvd/auth.h"
#include "cvd/clock.h"
#include "cvd/compiler.h"
#include "cvd/coord.h"
#include "cvd/err.h"
#include "cvd/model.h"
#include "cvd/str.h"
#include "cvd/tlp.h"

struct cvd_hub;

/* ---- the instance ---- */

struct cvd_hub_config {
    const char *db_path;           /* SQLite file; created and migrated when missing */
    const struct cvd_clock *clock; /* NULL: the system clock */
    const char *instance_name;     /* "Example CSIRT"; shown on pages and in security.txt */
    const char *base_url;          /* "https://cvd.example.org": follow-up links, security.txt */
    enum cvd_password_cost password_cost;
    int64_t session_seconds;      /* 0: 12 hours */
    int login_max_failures;       /* 0: 5 failures ... */
    int64_t login_window_seconds; /* ... within 0: 15 minutes lock the login name and address */
    bool group_commit;            /* batch concurrent writes in one transaction (the server) */
    /* ---- outbox ---- (docs/internals/outbox.md) */
    const char *smtp_url;    /* relay, "smtp://host:port" or "smtps://..."; NULL: mail stays
                                queued (webhooks are still delivered) */
    const char *mail_from;   /* the From of notification mail; required with smtp_url */
    bool deliver;            /* cvd_hub_deliver delivers; false: it does nothing (CLI) */
    bool webhook_allow_http; /* accept http:// webhook URLs (tests, development) */
    bool
        webhook_allow_internal; /* deliver to loopback and private addresses (tests, development) */
    /* Called by the deliverer with one JSON line (no newline) per round that did something
     * and per failed delivery; may be NULL. Called from the delivery thread. */
    void (*log)(void *arg, const char *line);
    void *log_arg;
};

/** Open the store (migrating it) and start the hub. */
CVD_MUST_CHECK int cvd_hub_open(const struct cvd_hub_config *cfg, struct cvd_hub **ret,
                                struct cvd_diag *diag);

/** Stop: waits for pending writes to be durable, closes the store. Accepts NULL. */
void cvd_hub_close(struct cvd_hub *h);

/** The instance's name and base URL (no final '/'), as configured. Valid until close. */
const char *cvd_hub_instance_name(const struct cvd_hub *h);
const char *cvd_hub_base_url(const struct cvd_hub *h);

/* ---- who asks ---- */

enum cvd_principal_kind {
    CVD_PRINCIPAL_ANONYMOUS, /* public pages and intake */
    CVD_PRINCIPAL_USER,      /* logged-in user (session or API token) */
    CVD_PRINCIPAL_REPORTER,  /* holder of one report's follow-up secret */
    CVD_PRINCIPAL_SYSTEM,    /* the CLI on the server's machine (cvd init, cvd user add) */
};

struct cvd_principal {
    enum cvd_principal_kind kind;
    int64_t user_id;            /* USER */
    bool is_admin;              /* USER: instance administrator */
    bool is_coordinator;        /* USER: member of a coordinator organisation */
    int64_t report_id;          /* REPORTER: the one report the secret opens */
    struct cvd_str tracking_id; /* REPORTER: that report's tracking id (to read and answer it) */
    struct cvd_str display;     /* "Ada Lovelace", "reporter", "system": for pages and the log */
};

/* ---- accounts (item 3) ---- */

/** First start: create the first coordinator organisation and its admin user. CVD_ESTATE once
 * any user exists. */
CVD_MUST_CHECK int cvd_hub_init_instance(struct cvd_hub *h, struct cvd_str org_name,
                                         struct cvd_str email, struct cvd_str name,
                                         struct cvd_str password, const char **ret_field,
                                         struct cvd_diag *diag);

/** Add an organisation (admins and SYSTEM only). */
CVD_MUST_CHECK int cvd_hub_org_add(struct cvd_hub *h, const struct cvd_principal *p,
                                   struct cvd_str name, enum cvd_org_kind kind, int64_t *ret_id,
                                   const char **ret_field, struct cvd_diag *diag);

/** Add a user, optionally as a member of an organisation (org_name empty: none). Admins,
 * SYSTEM, and admins of that organisation. */
CVD_MUST_CHECK int cvd_hub_user_add(struct cvd_hub *h, const struct cvd_principal *p,
                                    struct cvd_str email, struct cvd_str name,
                                    struct cvd_str password, bool is_admin, struct cvd_str org_name,
                                    enum cvd_member_role role, int64_t *ret_id,
                                    const char **ret_field, struct cvd_diag *diag);

/** A new session for email + password from client address `client` (for throttling).
 * CVD_EAUTH for any wrong credential (never says which), CVD_ERATE when throttled (and
 * *ret_retry_after seconds). session_text and csrf_text receive the secrets for the cookie
 * and the forms; only their hashes are stored. */
CVD_MUST_CHECK int cvd_hub_login(struct cvd_hub *h, struct cvd_str email, struct cvd_str password,
                                 struct cvd_str client, char session_text[CVD_SECRET_TEXT_MAX],
                                 char csrf_text[CVD_SECRET_TEXT_MAX], int64_t *ret_retry_after,
                                 struct cvd_diag *diag);

/** Who holds this session secret; CVD_EAUTH when unknown or expired. ret_csrf_hash receives
 * the hash of the session's CSRF token, for the router's check. */
CVD_MUST_CHECK int cvd_hub_session(struct cvd_hub *h, struct cvd_str session_text,
                                   struct cvd_arena *a, struct cvd_principal *ret,
                                   unsigned char ret_csrf_hash[CVD_SECRET_HASH_BYTES]);

/** End a session (unknown secrets are fine). */
CVD_MUST_CHECK int cvd_hub_logout(struct cvd_hub *h, struct cvd_str session_text);

/** A new API token for the principal's own user; the text is shown once. */
CVD_MUST_CHECK int cvd_hub_token_create(struct cvd_hub *h, const struct cvd_principal *p,
                                        struct cvd_str name, char text[CVD_SECRET_TEXT_MAX],
                                        int64_t *ret_id, struct cvd_diag *diag);

/** Who holds this `Authorization: Bearer` token; CVD_EAUTH when unknown or revoked. */
CVD_MUST_CHECK int cvd_hub_token_auth(struct cvd_hub *h, struct cvd_str token_text,
                                      struct cvd_arena *a, struct cvd_principal *ret);

/* ---- intake (item 4) ---- */

struct cvd_upload {
    struct cvd_str name; /* file name as sent; stored, shown escaped */
    struct cvd_str content_type;
    struct cvd_str data;
};

struct cvd_receipt {
    struct cvd_str tracking_id; /* "R-2026-000123" */
    char follow_up_secret[CVD_SECRET_TEXT_MAX];
    struct cvd_str follow_up_url; /* base_url + "/follow-up/" + secret */
};

/** EV01: store a new report (state received, T-ACK started), its attachments (SHA-256
 * recorded) and the automatic receipt message. in->channel says web or API; in->tlp is the
 * reporter's choice (AMBER when the form left it out). Fields are checked by
 * cvd_report_check. */
CVD_MUST_CHECK int cvd_hub_report_submit(struct cvd_hub *h, const struct cvd_principal *p,
                                         const struct cvd_report *in,
                                         const struct cvd_upload *files, size_t n_files,
                                         struct cvd_arena *a, struct cvd_receipt *ret,
                                         const char **ret_field, struct cvd_diag *diag);

/** The reporter's principal for a follow-up secret; CVD_EAUTH when it opens nothing. */
CVD_MUST_CHECK int cvd_hub_follow_up_auth(struct cvd_hub *h, struct cvd_str secret,
                                          struct cvd_arena *a, struct cvd_principal *ret);

/* ---- handling (item 5) ---- */

struct cvd_attachment_info {
    int64_t id;
    struct cvd_str name;
    struct cvd_str content_type;
    int64_t size;
    unsigned char sha256[32];
};

struct cvd_report_view {
    struct cvd_report report;
    struct cvd_message *messages; /* oldest first; what the principal may read */
    size_t n_messages;
    struct cvd_attachment_info *attachments;
    size_t n_attachments;
    struct cvd_str case_id;      /* "CVD-2026-0042" or empty */
    struct cvd_str duplicate_of; /* tracking id or empty */
    enum cvd_timer due_timer;    /* the next deadline, for the inbox */
    int64_t due_at;
    bool overdue;
};

/** One report as the principal may see it (coordinators: any; the reporter: their own,
 * with the messages between them and the coordinator). */
CVD_MUST_CHECK int cvd_hub_report_get(struct cvd_hub *h, const struct cvd_principal *p,
                                      struct cvd_str tracking_id, struct cvd_arena *a,
                                      struct cvd_report_view *ret, struct cvd_diag *diag);

struct cvd_report_filter {
    bool any_state; /* false: only `state` */
    enum cvd_report_state state;
    bool overdue_only;
    size_t limit; /* 0: 100; at most 1000 */
    size_t offset;
};

/** Most reports one inbox listing orders (all matching reports are read to order them). */
#define CVD_HUB_INBOX_MAX 10000

/** The coordinator inbox: reports by the filter, overdue first, then oldest first; *ret_total
 * counts every match. More than CVD_HUB_INBOX_MAX matching reports: CVD_ELIMIT. */
CVD_MUST_CHECK int cvd_hub_report_list(struct cvd_hub *h, const struct cvd_principal *p,
                                       const struct cvd_report_filter *f, struct cvd_arena *a,
                                       struct cvd_report_view **ret, size_t *ret_n,
                                       size_t *ret_total, struct cvd_diag *diag);

/** What an action needs besides the report. */
struct cvd_report_act_args {
    enum cvd_invalid_reason reason; /* invalidate */
    struct cvd_str duplicate_of;    /* mark_duplicate: the original's tracking id */
    struct cvd_str case_id;         /* validate: join this case; empty: create one */
    struct cvd_str case_title;      /* validate creating a case: empty = the report's title */
    struct cvd_str message;         /* request_info, add_info, status_update; optional note
                                       to the reporter on the others */
};

/** A coordinator's (or, for add_info, the reporter's) action on a report: EV02-EV09, EV34.
 * Validating creates or joins a case (EV10); marking a duplicate needs the original in the
 * same or another case and attaches the report to the original's case; accepting a report
 * accepts its case; every outcome is told to the reporter as a message (INV09). CVD_ESTATE
 * names the current state and the action when the edge does not exist. */
CVD_MUST_CHECK int cvd_hub_report_act(struct cvd_hub *h, const struct cvd_principal *p,
                                      struct cvd_str tracking_id, enum cvd_report_action act,
                                      const struct cvd_report_act_args *args, struct cvd_arena *a,
                                      struct cvd_report_view *ret, const char **ret_field,
                                      struct cvd_diag *diag);

/** An attachment's bytes, for a principal who may read the report. */
CVD_MUST_CHECK int cvd_hub_attachment_get(struct cvd_hub *h, const struct cvd_principal *p,
                                          struct cvd_str tracking_id, int64_t attachment_id,
                                          struct cvd_arena *a, struct cvd_attachment_info *ret,
                                          struct cvd_str *ret_data, struct cvd_diag *diag);

/* ---- cases ---- */

struct cvd_case_view {
    struct cvd_case c;
    struct cvd_str *report_ids; /* tracking ids of its reports */
    size_t n_reports;
    struct cvd_vuln *vulns;
    size_t n_vulns;
};

CVD_MUST_CHECK int cvd_hub_case_get(struct cvd_hub *h, const struct cvd_principal *p,
                                    struct cvd_str case_id, struct cvd_arena *a,
                                    struct cvd_case_view *ret, struct cvd_diag *diag);

CVD_MUST_CHECK int cvd_hub_case_list(struct cvd_hub *h, const struct cvd_principal *p,
                                     struct cvd_arena *a, struct cvd_case **ret, size_t *ret_n,
                                     struct cvd_diag *diag);

/** accept / defer / close / reopen a case (EV35). */
CVD_MUST_CHECK int cvd_hub_case_act(struct cvd_hub *h, const struct cvd_principal *p,
                                    struct cvd_str case_id, enum cvd_case_action act,
                                    struct cvd_arena *a, struct cvd_case_view *ret,
                                    struct cvd_diag *diag);

/** Add (vuln->id == 0) or update a vulnerability of a case: title, CVE id, CVSS vector
 * (validated and scored with the cvss module; the score is computed here, not taken), SSVC.
 * EV11. */
CVD_MUST_CHECK int cvd_hub_vuln_put(struct cvd_hub *h, const struct cvd_principal *p,
                                    struct cvd_str case_id, const struct cvd_vuln *vuln,
                                    int64_t *ret_id, const char **ret_field, struct cvd_diag *diag);

/* ---- the audit log (item 6) ---- */

/** Recompute the hash chain: 0 intact (*ret_rows checked), CVD_EDB with the first bad seq in
 * *ret_bad_seq and why in diag otherwise. */
CVD_MUST_CHECK int cvd_hub_audit_verify(struct cvd_hub *h, int64_t *ret_rows, int64_t *ret_bad_seq,
                                        struct cvd_diag *diag);

/* ---- outbox ---- */

/* Notifications are queued by the use cases in their own write (a durable outbox) and
 * delivered by cvd_hub_deliver: e-mail through the configured SMTP relay (TLP rules of
 * cvd/notify.h: the label in the subject, nothing of a RED item, encrypted to the recipient's
 * key when one is on file), webhooks signed with HMAC-SHA256. Temporary failures are retried
 * with exponential backoff (30 s doubling to 1 h, minus up to a quarter of jitter) for
 * CVD_HUB_DELIVER_ATTEMPTS attempts (17 to 23 hours); permanent ones give up at once. A row is
 * claimed with a lease before it is sent, so two deliverers never send it both; a crash
 * between the relay's acceptance and the row's "sent" mark sends it once more after the
 * lease (docs/internals/outbox.md). */

#define CVD_HUB_DELIVER_ATTEMPTS 30   /* attempts before a temporary failure is given up */
#define CVD_HUB_DELIVER_BASE     30   /* seconds before the second attempt */
#define CVD_HUB_DELIVER_CAP      3600 /* longest wait between attempts (seconds) */
#define CVD_HUB_DELIVER_LEASE    600  /* seconds a claimed row is reserved for its deliverer */
#define CVD_HUB_DELIVER_MAX      100  /* most rows one cvd_hub_deliver call claims */

/** The wait before attempt n + 1 after n attempts failed, given a random value r: the
 * doubling delay d = min(BASE * 2^(n-1), CAP), minus r mod (d / 4 + 1) (jitter). */
int64_t cvd_hub_deliver_backoff(int64_t attempts, uint32_t r);

struct cvd_deliver_stats {
    size_t claimed; /* rows claimed (each was attempted once) */
    size_t sent;    /* accepted by the relay or the receiver and marked sent */
    size_t retry;   /* failed for now, due again later */
    size_t dead;    /* given up */
};

/**
 * Deliver up to max (1 to CVD_HUB_DELIVER_MAX) due notifications: claim them with a lease in
 * one write, send each (mail only with a relay configured), and mark each sent, due again or
 * dead in a write of its own right after. Does nothing (0, zero stats) when the hub was opened
 * without `deliver`. Safe from several threads and processes at once. Returns 0 or the
 * store's error for the claim; failed deliveries are not errors (see ret and the rows).
 */
CVD_MUST_CHECK int cvd_hub_deliver(struct cvd_hub *h, size_t max, struct cvd_deliver_stats *ret,
                                   struct cvd_diag *diag);

/**
 * Start the delivery thread: cvd_hub_deliver every interval_ms (0: 2000), at once again while
 * a round was full. CVD_ESTATE when it runs already or the hub does not deliver.
 */
CVD_MUST_CHECK int cvd_hub_delivery_start(struct cvd_hub *h, int64_t interval_ms,
                                          struct cvd_diag *diag);

/** Stop the delivery thread, after the round in progress. cvd_hub_close calls it. */
void cvd_hub_delivery_stop(struct cvd_hub *h);

/** One queued notification as the admin view shows it. */
struct cvd_outbox_item {
    int64_t id;
    const char *kind;  /* "mail", "webhook" */
    const char *state; /* "pending", "sent", "dead" */
    struct cvd_str recipient;
    enum cvd_tlp tlp;
    struct cvd_str subject; /* CLEAR and GREEN rows only; empty otherwise */
    struct cvd_str path;
    int64_t attempts;
    int64_t next_attempt_at;
    struct cvd_str last_error;
    int64_t created_at;
    int64_t sent_at;
};

/** Which rows the admin view lists: one state ("pending", "sent", "dead"; due first), or
 * NULL for all (newest first). */
struct cvd_outbox_filter {
    const char *state;
    size_t limit; /* 0: 100; at most 1000 */
    size_t offset;
};

/** Notifications per state (pending, sent, dead) and a page of them, for instance
 * administrators. Subjects are shown for CLEAR and GREEN rows only; bodies and keys never. */
CVD_MUST_CHECK int cvd_hub_outbox_list(struct cvd_hub *h, const struct cvd_principal *p,
                                       const struct cvd_outbox_filter *f, struct cvd_arena *a,
                                       struct cvd_outbox_item **ret, size_t *ret_n,
                                       int64_t ret_counts[3], struct cvd_diag *diag);

/* Webhooks of an organisation: its administrators (and instance administrators, SYSTEM)
 * register and remove them. The URL must be https:// (http:// with webhook_allow_http); the
 * secret is 32 random bytes made by the hub, shown once as 64 hex digits (the receiver's HMAC
 * key is the bytes, e.g. Python's bytes.fromhex). */
#define CVD_WEBHOOK_SECRET_BYTES 32
#define CVD_WEBHOOK_SECRET_HEX   (2 * CVD_WEBHOOK_SECRET_BYTES + 1)

struct cvd_webhook_info {
    int64_t id;
    int64_t org_id;
    struct cvd_str url;
    bool enabled;
    int64_t created_at;
};

CVD_MUST_CHECK int cvd_hub_webhook_add(struct cvd_hub *h, const struct cvd_principal *p,
                                       int64_t org_id, struct cvd_str url, int64_t *ret_id,
                                       char secret_hex[CVD_WEBHOOK_SECRET_HEX],
                                       const char **ret_field, struct cvd_diag *diag);
CVD_MUST_CHECK int cvd_hub_webhook_remove(struct cvd_hub *h, const struct cvd_principal *p,
                                          int64_t webhook_id, struct cvd_diag *diag);
CVD_MUST_CHECK int cvd_hub_webhook_list(struct cvd_hub *h, const struct cvd_principal *p,
                                        int64_t org_id, struct cvd_arena *a,
                                        struct cvd_webhook_info **ret, size_t *ret_n,
                                        struct cvd_diag *diag);

/* ---- participants and case teams (issue 5 item 1) ---- */

/* A case involves organisations (participants, cvd/coord.h) and, of each, the named users on
 * its case team. Who may see a case: coordinators and administrators (handlers), and the
 * users on an ENGAGED participant's case team; to anyone else a case does not exist
 * (CVD_ENOTFOUND). What they may read of it is decided per item by TLP (cvd/tlp.h) on the
 * reader cvd_hub_case_reader gathers. When a report is validated into a new case, the
 * coordinator organisation of whoever validated it becomes its first participant, with that
 * user on its team. */

struct cvd_participant_view {
    struct cvd_participant p;
    struct cvd_str org_name;
    enum cvd_org_kind org_kind;
    int64_t *team; /* user ids on the case team, ascending */
    size_t n_team;
};

/** A case's participants with their teams, in the order they joined. */
CVD_MUST_CHECK int cvd_hub_participant_list(struct cvd_hub *h, const struct cvd_principal *p,
                                            struct cvd_str case_id, struct cvd_arena *a,
                                            struct cvd_participant_view **ret, size_t *ret_n,
                                            struct cvd_diag *diag);

/**
 * Invite an organisation into the case with roles (EV12, EV20): by a handler or a member of an
 * engaged vendor participant's team; the case must be accepted (INV06: CVD_ESTATE). Every
 * member of the organisation is mailed through the outbox in the same write (the mail names
 * the case and links to it; nothing of the case's content). CVD_EDUP (already a participant),
 * CVD_ENOTFOUND (no such organisation or case), CVD_ESTATE (it has no members), CVD_EDENIED.
 */
CVD_MUST_CHECK int cvd_hub_participant_invite(struct cvd_hub *h, const struct cvd_principal *p,
                                              struct cvd_str case_id, int64_t org_id,
                                              unsigned roles, int64_t *ret_id,
                                              struct cvd_diag *diag);

/**
 * Put a user on (or take off) a participant organisation's case team: by that organisation's
 * administrators or a handler; the user must be a member of it and the participant engaged.
 */
CVD_MUST_CHECK int cvd_hub_team_set(struct cvd_hub *h, const struct cvd_principal *p,
                                    struct cvd_str case_id, int64_t org_id, int64_t user_id,
                                    bool remove, struct cvd_diag *diag);

/** The organisation leaves the case (EV19): no further access or mail (TLP-R08, INV11); its
 * embargo adherence stays as it was. By its administrators or a handler. */
CVD_MUST_CHECK int cvd_hub_participant_leave(struct cvd_hub *h, const struct cvd_principal *p,
                                             struct cvd_str case_id, int64_t org_id,
                                             struct cvd_diag *diag);

/** The TLP reader facts of p for the case, as every read path gathers them (arrays in a). */
CVD_MUST_CHECK int cvd_hub_case_reader(struct cvd_hub *h, const struct cvd_principal *p,
                                       struct cvd_str case_id, struct cvd_arena *a,
                                       struct cvd_tlp_reader *ret, struct cvd_diag *diag);

/* ---- the labelled case discussion and search (issue 5 items 4, 5) ---- */

/* Every message carries a TLP label, its source (author and the author's organisation) and an
 * explicit audience: organisations for AMBER and AMBER+STRICT (the author's own is always
 * added), named users for RED, none for GREEN and CLEAR (the case's participants, the
 * community). Every read of a message — the case's list, search, the mails and webhooks it
 * causes — is cvd_tlp_may_read on the reader's facts for that case (fail closed). */

struct cvd_case_message_input {
    struct cvd_str case_id;
    int64_t thread_id; /* reply to this first message of the case; 0 starts a thread */
    enum cvd_tlp tlp;
    const int64_t *audience_orgs; /* AMBER, AMBER+STRICT: engaged participants */
    size_t n_audience_orgs;
    const int64_t *audience_users; /* RED: users on the case's teams; required */
    size_t n_audience_users;
    struct cvd_str body; /* 1 to 64 KiB of text */
};

/**
 * Post a message (EV33) as a member of a participant's case team, for the first of the
 * user's team organisations. Everyone on an engaged participant's team who may read it is
 * mailed (RED: "an item awaits", never the text) and the webhooks of organisations that may
 * read it are called (never for RED), all in the same write. CVD_EINVAL naming tlp, body,
 * audience_orgs, audience_users or thread_id; CVD_EDENIED (on no team), CVD_ESTATE (the
 * participant left or closed: INV11), CVD_ENOTFOUND (no case one may see).
 */
CVD_MUST_CHECK int cvd_hub_case_message_post(struct cvd_hub *h, const struct cvd_principal *p,
                                             const struct cvd_case_message_input *in,
                                             int64_t *ret_id, const char **ret_field,
                                             struct cvd_diag *diag);

/** A message as its readers see it. */
struct cvd_case_message {
    int64_t id;
    int64_t thread_id; /* 0: it starts a thread */
    int64_t author_user;
    int64_t author_org;
    enum cvd_tlp tlp;
    struct cvd_str body;
    int64_t created_at;
    const int64_t *audience_orgs;
    size_t n_audience_orgs;
    const int64_t *audience_users;
    size_t n_audience_users;
    bool unread; /* after the reader's read mark, and not the reader's own */
};

/** The case's messages the principal may read, oldest first (the first 1,000 at most). */
CVD_MUST_CHECK int cvd_hub_case_messages(struct cvd_hub *h, const struct cvd_principal *p,
                                         struct cvd_str case_id, struct cvd_arena *a,
                                         struct cvd_case_message **ret, size_t *ret_n,
                                         struct cvd_diag *diag);

/** Mark the case's messages read up to message id up_to (a mark never moves back). */
CVD_MUST_CHECK int cvd_hub_case_mark_read(struct cvd_hub *h, const struct cvd_principal *p,
                                          struct cvd_str case_id, int64_t up_to,
                                          struct cvd_diag *diag);

#define CVD_SEARCH_HITS_MAX 100

struct cvd_search_hit {
    struct cvd_str case_id;
    struct cvd_case_message message;
};

/**
 * Messages the user may read, in the cases where the user is on a team, holding every word of
 * query (newest first, at most CVD_SEARCH_HITS_MAX). Nothing else is searched: what one may not
 * read is never matched, counted or hinted at. CVD_EINVAL for an empty or too long query.
 */
CVD_MUST_CHECK int cvd_hub_search(struct cvd_hub *h, const struct cvd_principal *p,
                                  struct cvd_str query, struct cvd_arena *a,
                                  struct cvd_search_hit **ret, size_t *ret_n,
                                  struct cvd_diag *diag);

/* ---- the embargo, pxa evidence and participants' own steps (issue 5 item 3) ---- */

/** The case's embargo and pxa bits, for whoever sees the case. */
CVD_MUST_CHECK int cvd_hub_embargo_get(struct cvd_hub *h, const struct cvd_principal *p,
                                       struct cvd_str case_id, struct cvd_embargo *ret_em,
                                       unsigned *ret_pxa, struct cvd_diag *diag);

/**
 * An embargo action (EV14, EV21-EV25) for the participant p acts for (its first case team's
 * organisation; a coordinator on no team acts for the case's coordinator participant).
 * propose / revise (end: Unix seconds UTC) reset every answer and record the proposer's yes;
 * accept / reject (a proposal) and accept_revision / reject_revision record p's answer, after
 * which cvd_em_tally (every engaged, delivered vendor and coordinator) moves the embargo when
 * all required have accepted or one rejected; accept while an embargo runs is an invitee
 * joining it (INV07). terminate (with a reason) is a coordinator's. Every guard of
 * cvd_embargo_apply holds (INV02, INV03: CVD_ESTATE, CVD_ERANGE).
 */
CVD_MUST_CHECK int cvd_hub_embargo_act(struct cvd_hub *h, const struct cvd_principal *p,
                                       struct cvd_str case_id, enum cvd_em_action act, int64_t end,
                                       enum cvd_em_reason reason, struct cvd_diag *diag);

/** Evidence that the vulnerability is public, an exploit is public or attacks are seen
 * (EV26-EV28): pxa and, by INV04, the embargo move in the same write. */
CVD_MUST_CHECK int cvd_hub_case_evidence(struct cvd_hub *h, const struct cvd_principal *p,
                                         struct cvd_str case_id, enum cvd_cs_event ev,
                                         struct cvd_diag *diag);

/** A participant's RM step (EV13 deliver, EV15) or fix-path step (EV17, EV18, INV05), by the
 * organisation's case team or a coordinator. */
CVD_MUST_CHECK int cvd_hub_participant_rm(struct cvd_hub *h, const struct cvd_principal *p,
                                          struct cvd_str case_id, int64_t org_id,
                                          enum cvd_rm_action act, struct cvd_diag *diag);
CVD_MUST_CHECK int cvd_hub_participant_fix(struct cvd_hub *h, const struct cvd_principal *p,
                                           struct cvd_str case_id, int64_t org_id,
                                           enum cvd_vfd_action act, struct cvd_diag *diag);

/* ---- timers (issue 5 item 7) ---- */

/** How far ahead of an embargo's end its participants are reminded (7 days, then 1 day). */
#define CVD_EMBARGO_REMIND_SECONDS (7 * CVD_DAY_SECONDS)

struct cvd_tick_stats {
    size_t ended; /* embargoes ended because their end was reached (EV25 expired) */
    size_t mails; /* reminders and end notices newly queued */
};

/**
 * The timers: every running embargo whose end has passed is ended by the system with reason
 * expired (EV25), and its participants' teams are told; within 7 days of the end, and again
 * within 1 day, they are reminded. Each mail is queued once (the outbox's key), so running the
 * tick again, or from two processes, changes nothing more. `cvd serve` runs it before every
 * delivery round.
 */
CVD_MUST_CHECK int cvd_hub_tick(struct cvd_hub *h, struct cvd_tick_stats *ret,
                                struct cvd_diag *diag);

#endif
