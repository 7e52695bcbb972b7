/* Inside the store: the generic part (struct cvd_store, transactions, the writer queue, the
 * reader pool, argument checks) and the table of backend operations it dispatches to. A backend
 * (sqlite.c today) fills a struct cvd_store_ops; it sees only checked arguments, enums already
 * known to be in range, and defaults (times) already filled in. */
#ifndef CVD_STORE_INT_H
#define CVD_STORE_INT_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "cvd/store.h"

/* ---- enum values as stored text ---- */

/* One C enum and the fixed text the store keeps for each value (the database never holds the
 * C numbers, so reordering an enum cannot change a row's meaning). */
struct cvd__store_enum {
    const char *what; /* "report state": for messages */
    const char *const *names;
    int n;
};

extern const struct cvd__store_enum cvd__store_tlp;
extern const struct cvd__store_enum cvd__store_org_kind;
extern const struct cvd__store_enum cvd__store_role;
extern const struct cvd__store_enum cvd__store_report_state;
extern const struct cvd__store_enum cvd__store_invalid_reason;
extern const struct cvd__store_enum cvd__store_channel;
extern const struct cvd__store_enum cvd__store_answer;
extern const struct cvd__store_enum cvd__store_case_state;
extern const struct cvd__store_enum cvd__store_author;

/** The stored text of value v; NULL when v is out of range. */
const char *cvd__store_enum_name(const struct cvd__store_enum *e, int v);

/** The value whose text is p[0..len); CVD_EDB (a row the store did not write) otherwise. */
int cvd__store_enum_value(const struct cvd__store_enum *e, const char *p, size_t len, int *ret);

/* ---- transactions ---- */

struct cvd_store_tx {
    struct cvd_store *store;
    void *conn; /* the backend's connection; NULL until a pooled slot is first used */
    bool write;
    int64_t now;
    struct cvd_diag *diag;
    struct cvd_store_tx *next_free; /* reader pool */
};

/** One queued cvd_store_write call (on the caller's stack while it waits). */
struct cvd__store_req {
    cvd_store_write_fn fn;
    void *arg;
    int rc;
    bool finished; /* rc is final (failed alone, or the batch is done) */
    bool done;     /* the caller may return */
    struct cvd_diag diag;
    pthread_cond_t cond;
    struct cvd__store_req *next;
};

struct cvd_store_ops;

struct cvd_store {
    const struct cvd_store_ops *ops;
    const struct cvd_clock *clock;
    unsigned flags;
    char *path;

    /* The writer connection. Without a writer thread, wlock is held around each write; with
     * one, it guards the queue, `stopping` and the stats. */
    pthread_mutex_t wlock;
    pthread_cond_t wcond; /* work for the writer thread */
    struct cvd_store_tx wtx;
    struct cvd__store_req *qhead;
    struct cvd__store_req *qtail;
    bool stopping;
    bool writer_running;
    pthread_t writer;
    struct cvd_store_stats stats;
    atomic_uint_fast64_t generation; /* cvd_store_generation() */
    bool wtx_committed;              /* the last batch committed (writer side only) */

    /* Reader connections: slots opened on first use, kept for reuse. */
    pthread_mutex_t rlock;
    pthread_cond_t rcond;
    struct cvd_store_tx readers[CVD_STORE_READERS_MAX];
    struct cvd_store_tx *rfree;
    bool sync_init; /* the mutexes and conditions above exist */
};

/* Take and give back a reader slot with an open connection, without starting a transaction
 * (backup and verify manage their own). */
int cvd__store_reader_acquire(struct cvd_store *s, struct cvd_store_tx **ret,
                              struct cvd_diag *diag);
void cvd__store_reader_release(struct cvd_store_tx *tx);

/* Scan callback: one event with views valid during the call; malformed when a hash column does
 * not hold 32 bytes. Return nonzero to stop. */
typedef int (*cvd__store_event_fn)(void *arg, const struct cvd_event *ev, bool malformed);

/* ---- the backend's operations ---- */

struct cvd_store_ops {
    const char *name;

    /* Connections. The writer is the only one that writes; readers refuse to. */
    int (*conn_open)(struct cvd_store *s, bool writer, void **ret_conn, struct cvd_diag *diag);
    void (*conn_close)(void *conn);

    /* Transactions on a tx's connection. in_tx is false after the database rolled a whole
     * transaction back on its own (I/O error, disk full). */
    int (*begin)(struct cvd_store_tx *tx);
    int (*commit)(struct cvd_store_tx *tx);
    void (*rollback)(struct cvd_store_tx *tx);
    bool (*in_tx)(struct cvd_store_tx *tx);
    int (*savepoint)(struct cvd_store_tx *tx);
    int (*release)(struct cvd_store_tx *tx);
    void (*rollback_to)(struct cvd_store_tx *tx); /* and release */

    /* Schema, backup. migrate returns how many migrations it applied. */
    int (*schema_version)(struct cvd_store_tx *tx, int *ret);
    int (*migrate)(struct cvd_store_tx *tx);
    int (*backup)(struct cvd_store_tx *tx, const char *dest_path);

    /* Data. Arguments are checked, enums in range, times filled in. */
    int (*org_add)(struct cvd_store_tx *tx, const struct cvd_org *org, int64_t *ret_id);
    int (*org_get)(struct cvd_store_tx *tx, int64_t id, struct cvd_str name, struct cvd_arena *a,
                   struct cvd_org *ret);
    int (*org_list)(struct cvd_store_tx *tx, struct cvd_arena *a, struct cvd_org **ret,
                    size_t *ret_n);
    int (*user_add)(struct cvd_store_tx *tx, const struct cvd_user *user, int64_t *ret_id);
    int (*user_get)(struct cvd_store_tx *tx, int64_t id, struct cvd_str email, struct cvd_arena *a,
                    struct cvd_user *ret);
    int (*user_list)(struct cvd_store_tx *tx, struct cvd_arena *a, struct cvd_user **ret,
                     size_t *ret_n);
    int (*user_count)(struct cvd_store_tx *tx, int64_t *ret_n);
    int (*user_update)(struct cvd_store_tx *tx, const struct cvd_user *user);
    int (*membership_add)(struct cvd_store_tx *tx, const struct cvd_membership *m);
    int (*membership_list)(struct cvd_store_tx *tx, int64_t user_id, int64_t org_id,
                           struct cvd_arena *a, struct cvd_membership **ret, size_t *ret_n);

    int (*session_add)(struct cvd_store_tx *tx, const struct cvd_store_session *sess);
    int (*session_get)(struct cvd_store_tx *tx, const unsigned char *hash,
                       struct cvd_store_session *ret);
    int (*session_delete)(struct cvd_store_tx *tx, const unsigned char *hash, int64_t user_id,
                          bool expired, int64_t *ret_n);
    int (*token_add)(struct cvd_store_tx *tx, const struct cvd_store_token *tok, int64_t *ret_id);
    int (*token_get)(struct cvd_store_tx *tx, const unsigned char *hash, struct cvd_arena *a,
                     struct cvd_store_token *ret);
    int (*token_list)(struct cvd_store_tx *tx, int64_t user_id, struct cvd_arena *a,
                      struct cvd_store_token **ret, size_t *ret_n);
    int (*token_set)(struct cvd_store_tx *tx, int64_t id, bool revoke, int64_t used_at);
    int (*throttle_fail)(struct cvd_store_tx *tx, struct cvd_str key, int64_t at);
    int (*throttle_count)(struct cvd_store_tx *tx, struct cvd_str key, int64_t since,
                          int64_t *ret_n, int64_t *ret_oldest);
    int (*throttle_clear)(struct cvd_store_tx *tx, struct cvd_str key, int64_t before,
                          int64_t *ret_n);

    /* Next value of the per-year counter of kind ("report", "case"): 1, 2, ... */
    int (*counter_next)(struct cvd_store_tx *tx, const char *kind, int year, int64_t *ret);
    int (*report_insert)(struct cvd_store_tx *tx, const struct cvd_report *r,
                         const char *tracking_id, const unsigned char *followup_hash,
                         int64_t *ret_id);
    /* By id, or by tracking id (id 0), or by follow-up hash (hash non-NULL). */
    int (*report_get)(struct cvd_store_tx *tx, int64_t id, struct cvd_str tracking_id,
                      const unsigned char *followup_hash, struct cvd_arena *a,
                      struct cvd_report *ret);
    int (*report_list)(struct cvd_store_tx *tx, const struct cvd_store_report_filter *f,
                       struct cvd_arena *a, struct cvd_report **ret, size_t *ret_n);
    int (*report_count)(struct cvd_store_tx *tx, const struct cvd_store_report_filter *f,
                        int64_t *ret_n);
    int (*report_count_by_state)(struct cvd_store_tx *tx, int64_t *ret);
    int (*report_update)(struct cvd_store_tx *tx, const struct cvd_report *r);
    int (*attachment_add)(struct cvd_store_tx *tx, const struct cvd_store_attachment *att,
                          int64_t *ret_id);
    int (*attachment_list)(struct cvd_store_tx *tx, int64_t report_id, struct cvd_arena *a,
                           struct cvd_store_attachment **ret, size_t *ret_n);
    int (*attachment_get)(struct cvd_store_tx *tx, int64_t id, struct cvd_arena *a,
                          struct cvd_store_attachment *ret);

    int (*case_insert)(struct cvd_store_tx *tx, const struct cvd_case *c, const char *case_id,
                       int64_t *ret_id);
    /* By id, or by case id (id 0). */
    int (*case_get)(struct cvd_store_tx *tx, int64_t id, struct cvd_str case_id,
                    struct cvd_arena *a, struct cvd_case *ret);
    int (*case_list)(struct cvd_store_tx *tx, const struct cvd_store_case_filter *f,
                     struct cvd_arena *a, struct cvd_case **ret, size_t *ret_n);
    int (*case_update)(struct cvd_store_tx *tx, const struct cvd_case *c);
    int (*vuln_add)(struct cvd_store_tx *tx, const struct cvd_vuln *v, int64_t *ret_id);
    int (*vuln_update)(struct cvd_store_tx *tx, const struct cvd_vuln *v);
    int (*vuln_get)(struct cvd_store_tx *tx, int64_t id, struct cvd_arena *a, struct cvd_vuln *ret);
    int (*vuln_list)(struct cvd_store_tx *tx, int64_t case_id, struct cvd_arena *a,
                     struct cvd_vuln **ret, size_t *ret_n);
    int (*message_add)(struct cvd_store_tx *tx, const struct cvd_message *m, int64_t *ret_id);
    /* A report's (case_id 0) or a case's messages. */
    int (*message_list)(struct cvd_store_tx *tx, int64_t report_id, int64_t case_id,
                        struct cvd_arena *a, struct cvd_message **ret, size_t *ret_n);

    /* The audit log. audit_head: CVD_ENOTFOUND when the head row is missing. */
    int (*audit_head)(struct cvd_store_tx *tx, int64_t *ret_seq, unsigned char *ret_hash);
    int (*event_insert)(struct cvd_store_tx *tx, const struct cvd_event *ev);
    /* An object's events oldest first (kind non-empty), or the latest newest first. */
    int (*event_list)(struct cvd_store_tx *tx, struct cvd_str kind, int64_t object_id, size_t limit,
                      struct cvd_arena *a, struct cvd_event **ret, size_t *ret_n);
    int (*event_scan)(struct cvd_store_tx *tx, cvd__store_event_fn fn, void *arg);

    /* ---- outbox ---- */
    int (*outbox_add)(struct cvd_store_tx *tx, const struct cvd_store_outbox *o, int64_t *ret_id);
    int (*outbox_claim)(struct cvd_store_tx *tx, unsigned kinds, int64_t now, int64_t lease_until,
                        size_t max, struct cvd_arena *a, struct cvd_store_outbox **ret,
                        size_t *ret_n);
    /* sent (attempts ignored; at) or failed (attempts must match; dead or next_at, error). */
    int (*outbox_mark)(struct cvd_store_tx *tx, int64_t id, enum cvd_outbox_state state,
                       int64_t attempts, int64_t at, struct cvd_str error);
    int (*outbox_get)(struct cvd_store_tx *tx, int64_t id, struct cvd_arena *a,
                      struct cvd_store_outbox *ret);
    int (*outbox_list)(struct cvd_store_tx *tx, const struct cvd_store_outbox_filter *f,
                       struct cvd_arena *a, struct cvd_store_outbox **ret, size_t *ret_n);
    int (*outbox_count)(struct cvd_store_tx *tx, int64_t *ret);
    int (*webhook_add)(struct cvd_store_tx *tx, const struct cvd_store_webhook *w, int64_t *ret_id);
    int (*webhook_get)(struct cvd_store_tx *tx, int64_t id, struct cvd_arena *a,
                       struct cvd_store_webhook *ret);
    int (*webhook_list)(struct cvd_store_tx *tx, int64_t org_id, bool enabled_only,
                        struct cvd_arena *a, struct cvd_store_webhook **ret, size_t *ret_n);
    /* remove: delete; otherwise set enabled. */
    int (*webhook_set)(struct cvd_store_tx *tx, int64_t id, bool remove, bool enabled);

    /* ---- participants and case teams ---- */
    int (*participant_add)(struct cvd_store_tx *tx, const struct cvd_participant *p,
                           int64_t *ret_id);
    /* By id, or by case and organisation (id 0). */
    int (*participant_get)(struct cvd_store_tx *tx, int64_t id, int64_t case_id, int64_t org_id,
                           struct cvd_arena *a, struct cvd_participant *ret);
    int (*participant_list)(struct cvd_store_tx *tx, int64_t case_id, struct cvd_arena *a,
                            struct cvd_participant **ret, size_t *ret_n);
    int (*participant_update)(struct cvd_store_tx *tx, const struct cvd_participant *p);
    /* remove: take off; otherwise put on at time at. */
    int (*team_set)(struct cvd_store_tx *tx, int64_t participant_id, int64_t user_id, bool remove,
                    int64_t at);
    /* One of: a team's users (participant_id), a user's orgs in a case (case_id, user_id), a
     * user's cases (user_id alone). */
    int (*team_ids)(struct cvd_store_tx *tx, int64_t participant_id, int64_t case_id,
                    int64_t user_id, struct cvd_arena *a, int64_t **ret, size_t *ret_n);

    /* ---- case messages ---- */
    int (*case_message_add)(struct cvd_store_tx *tx, const struct cvd_store_case_message *m,
                            int64_t *ret_id);
    int (*case_message_list)(struct cvd_store_tx *tx, int64_t case_id, size_t limit, size_t offset,
                             struct cvd_arena *a, struct cvd_store_case_message **ret,
                             size_t *ret_n);
    /* match: an FTS5 query of quoted terms only (built by store-messages.c). */
    int (*case_message_search)(struct cvd_store_tx *tx, const char *match, const int64_t *case_ids,
                               size_t n_case_ids, size_t limit, struct cvd_arena *a,
                               struct cvd_store_case_message **ret, size_t *ret_n);

    /* ---- a case's embargo and pxa ---- */
    int (*case_coord_get)(struct cvd_store_tx *tx, int64_t case_id, struct cvd_embargo *ret_em,
                          unsigned *ret_pxa);
    int (*case_coord_put)(struct cvd_store_tx *tx, int64_t case_id, const struct cvd_embargo *em,
                          unsigned pxa);
    int (*embargo_ending)(struct cvd_store_tx *tx, int64_t before, struct cvd_arena *a,
                          int64_t **ret, size_t *ret_n);

    /* ---- read marks ---- */
    int (*read_mark_get)(struct cvd_store_tx *tx, int64_t user_id, int64_t case_id,
                         int64_t *ret_last);
    int (*read_mark_put)(struct cvd_store_tx *tx, int64_t user_id, int64_t case_id, int64_t last);
};

extern const struct cvd_store_ops cvd__store_sqlite_ops;

/* The SQL of each schema version, in order (sqlite-schema.c). */
struct cvd__store_migration {
    int version;
    const char *name;
    const char *const *sql; /* statements, NULL-terminated (C11 caps one string literal) */
};
extern const struct cvd__store_migration cvd__store_sqlite_migrations[];
extern const int cvd__store_sqlite_migration_count;

/* application_id in the SQLite header of a cvd database ("cvd1"). */
#define CVD__STORE_APPLICATION_ID 0x63766431

/* ---- helpers for backends ---- */

/** A growable array in an arena (lists of rows). */
struct cvd__store_vec {
    void *items;
    size_t n;
    size_t cap;
    size_t size; /* bytes per item */
};

/** A zeroed new last item, or NULL (CVD_ENOMEM / CVD_ELIMIT in the arena). */
void *cvd__store_vec_push(struct cvd__store_vec *v, struct cvd_arena *a);

/** Report a failure of operation `what` in the tx's diag. Returns code. */
int cvd__store_fail(struct cvd_store_tx *tx, int code, const char *fmt, ...) CVD_PRINTF(3, 4);

/* ---- argument checks of the public operations (store-api.c) ---- */

/** A tx that may run operation what: any for reads, a write tx for writes (CVD_EINVAL). */
int cvd__store_need(struct cvd_store_tx *tx, bool write, const char *what);
/** CVD_EINVAL "cannot <what>: <why>". */
int cvd__store_bad_arg(struct cvd_store_tx *tx, const char *what, const char *why);
/** 0 when v has a stored text in e, else CVD_EINVAL naming it. */
int cvd__store_check_enum(struct cvd_store_tx *tx, const struct cvd__store_enum *e, int v,
                          const char *what);
/** s, or "" for a NULL view. */
struct cvd_str cvd__store_or_empty(struct cvd_str s);

/* ---- outbox ---- */

extern const struct cvd__store_enum cvd__store_outbox_kind;
extern const struct cvd__store_enum cvd__store_outbox_state;

/* ---- participants ---- */

extern const struct cvd__store_enum cvd__store_rm_state;
extern const struct cvd__store_enum cvd__store_vfd;
extern const struct cvd__store_enum cvd__store_em_answer;
extern const struct cvd__store_enum cvd__store_em_state;
extern const struct cvd__store_enum cvd__store_em_reason;

/* A role set as stored: the role names in bit order, comma-separated ("vendor,coordinator"). */
#define CVD__STORE_ROLES_TEXT_MAX 64
size_t cvd__store_roles_text(unsigned roles, char out[CVD__STORE_ROLES_TEXT_MAX]);
/** CVD_EDB for a text the store did not write (unknown or repeated name, empty). */
int cvd__store_roles_parse(struct cvd_str text, unsigned *ret);

#endif
