/* Internals shared by the use-case files (hub.c, accounts.c, reports.c, cases.c). */
#ifndef CVD_CORE_HUB_INT_H
#define CVD_CORE_HUB_INT_H

#include <pthread.h>

#include "cvd/auth.h"
#include "cvd/core.h"
#include "cvd/store.h"

struct cvd__auth_cache;

struct cvd_hub {
    struct cvd_store *store;
    struct cvd_clock clock;
    struct cvd_policy policy;
    enum cvd_password_cost password_cost;
    int64_t session_seconds;
    int login_max_failures;
    int64_t login_window_seconds;
    char *instance_name;
    char *base_url;
    struct cvd__auth_cache *auth_cache;
    /* ---- outbox ---- */
    struct cvd__outbox *outbox; /* delivery configuration and thread (outbox.c) */
};

/* ---- the principals of recent secrets (authcache.c) ---- */

#define CVD__AUTH_CACHE_SECONDS     1
#define CVD__AUTH_CACHE_DISPLAY_MAX 256

enum cvd__auth_kind { CVD__AUTH_SESSION, CVD__AUTH_TOKEN };

int cvd__auth_cache_new(struct cvd__auth_cache **ret);
void cvd__auth_cache_free(struct cvd__auth_cache *c);

/** The principal cached for this secret hash, if it was read at this store generation, at
 * most CVD__AUTH_CACHE_SECONDS before now, and (sessions) has not expired; display is copied
 * into a. */
bool cvd__auth_cache_get(struct cvd__auth_cache *c, enum cvd__auth_kind kind,
                         const unsigned char *hash, uint64_t generation, int64_t now,
                         struct cvd_arena *a, struct cvd_principal *ret,
                         unsigned char ret_csrf_hash[CVD_SECRET_HASH_BYTES]);

/** Remember p for the hash, read from the store at generation (taken before the read). */
void cvd__auth_cache_put(struct cvd__auth_cache *c, enum cvd__auth_kind kind,
                         const unsigned char *hash, uint64_t generation, int64_t now,
                         int64_t expires_at, const struct cvd_principal *p,
                         const unsigned char *csrf_hash);

/** "user:12", "reporter", "system" or "anonymous": the actor column of audit events. */
struct cvd_str cvd__hub_actor(const struct cvd_principal *p, char buf[32]);

/** Is p allowed to handle reports and cases (a coordinator, an admin, or the system)? */
bool cvd__hub_is_handler(const struct cvd_principal *p);

/** CVD_EAUTH for an anonymous principal, CVD_EDENIED for one who may not handle reports. */
int cvd__hub_need_handler(const struct cvd_principal *p, struct cvd_diag *diag);

/** Append an audit event on tx with the principal as actor. data may be empty. */
int cvd__hub_event(struct cvd_store_tx *tx, const struct cvd_principal *p, const char *type,
                   const char *object_kind, int64_t object_id, const char *before,
                   const char *after, struct cvd_str data);

/* ---- outbox ---- (outbox.c) */

struct cvd__outbox;

/** Copy the outbox part of cfg into h (called by cvd_hub_open); CVD_EINVAL with why. */
int cvd__hub_outbox_open(struct cvd_hub *h, const struct cvd_hub_config *cfg,
                         struct cvd_diag *diag);
/** Stop the delivery thread and free the outbox part (called by cvd_hub_close). */
void cvd__hub_outbox_close(struct cvd_hub *h);

/* Queue notifications inside a use case's write, so they commit (or roll back) with the change
 * that causes them. The link in the mail or the webhook is the hub's base URL + path; the
 * caller has decided that the recipient may read the item (cvd_tlp_may_read): the outbox only
 * makes sure a RED item's content never leaves (its subject, body and data are not even
 * stored). Queuing the same key for the same recipient again does nothing (*ret_id 0). */

#define CVD__HUB_NOTIFY_KEY_MAX 240

struct cvd__hub_mail {
    struct cvd_str key;           /* unique per recipient: "message:42", "embargo:7:proposed" */
    struct cvd_str to;            /* addr-spec (cvd_notify_addr_is_valid) */
    struct cvd_str recipient_key; /* the recipient's armoured OpenPGP key, or empty */
    enum cvd_tlp tlp;
    struct cvd_str subject;  /* one line, at most CVD_NOTIFY_SUBJECT_MAX; travels in clear */
    struct cvd_str body;     /* the text */
    struct cvd_str path;     /* "/cases/CVD-2026-0042" */
    int64_t case_id;         /* 0: none */
    const char *object_kind; /* "message", may be NULL */
    int64_t object_id;
};

/** Queue a mail to m->to. CVD_EINVAL / CVD_ELIMIT (a field the mail could not carry; diag
 * names it), CVD_ENOTFOUND (no such case), CVD_EDB. */
int cvd__hub_notify_mail(struct cvd_store_tx *tx, const struct cvd__hub_mail *m, int64_t *ret_id);

/** Queue a mail to a user's e-mail address (m->to is ignored). CVD_ENOTFOUND: no such user. */
int cvd__hub_notify_user(struct cvd_store_tx *tx, int64_t user_id, const struct cvd__hub_mail *m,
                         int64_t *ret_id);

struct cvd__hub_hook_event {
    struct cvd_str key; /* unique per event: "message:42" */
    const char *event;  /* "case.message_added": [a-z0-9._] */
    enum cvd_tlp tlp;
    struct cvd_str path;
    int64_t case_id;
    const char *object_kind;
    int64_t object_id;
    struct cvd_str data; /* a JSON object for the receiver, or empty; dropped for RED */
};

/** Queue the event to every enabled webhook of org_id; *ret_n (may be NULL): how many were
 * newly queued. */
int cvd__hub_notify_webhooks(struct cvd_store_tx *tx, int64_t org_id,
                             const struct cvd__hub_hook_event *e, size_t *ret_n);

/* ---- participants and case teams ---- (participants.c) */

/** THE place that gathers a reader's TLP facts for a case at read time (every read path asks
 * cvd_tlp_may_read with it): team_orgs, the organisations of ENGAGED participants whose case
 * team holds the user; admin_orgs, the user's memberships as administrator; community, a
 * member of any organisation; never break-glass. Any principal but a user gets no facts (no
 * implicit access). Arrays in a. */
int cvd__hub_case_reader(struct cvd_store_tx *tx, const struct cvd_principal *p, int64_t case_id,
                         struct cvd_arena *a, struct cvd_tlp_reader *ret);

/** 0 when p may see the case at all (a handler, or on an engaged participant's team), else
 * CVD_ENOTFOUND "no such case" (its existence is not disclosed). */
int cvd__hub_case_visible(struct cvd_store_tx *tx, const struct cvd_principal *p, int64_t case_id,
                          struct cvd_arena *a, struct cvd_diag *diag);

/** In the write that created case_id: p's coordinator organisation becomes its first
 * participant, p (a user) on its team. Nothing when there is no coordinator organisation. */
int cvd__hub_case_founded(struct cvd_store_tx *tx, const struct cvd_principal *p, int64_t case_id,
                          struct cvd_arena *a);

#endif
