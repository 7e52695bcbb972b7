/* The store: everything the hub keeps, behind one interface (struct cvd_store dispatches through
 * a table of backend operations; SQLite is the backend today, PostgreSQL can be added without
 * touching callers). The store persists; it never decides: state machines, permissions and
 * validation of content are the use-case layer's (core) and the model's.
 *
 * Transactions. Every operation takes a `struct cvd_store_tx`:
 *   - writes run inside cvd_store_write(), which calls a function with a write tx. With
 *     CVD_STORE_GROUP_COMMIT one writer thread runs every write that is waiting (up to
 *     CVD_STORE_BATCH_MAX) in one transaction, each in its own savepoint, commits once and wakes
 *     the callers: cvd_store_write() returns only when the write is durable (or failed alone).
 *   - reads run on a read tx from cvd_store_read_begin() (a pooled connection of its own, one
 *     consistent snapshot until cvd_store_read_end()), or on the write tx inside a write, where
 *     they see the write's own changes.
 * Operations on a tx take no diag: they explain failures in the diag the tx was started with
 * (cvd_store_tx_diag()).
 *
 * Memory: reads fill model structs whose strings (and lists) are allocated from the arena the
 * caller passes; they stay valid until that arena is released. Inputs are borrowed for the
 * call only.
 *
 * Errors: CVD_EINVAL (bad argument, or a write operation on a read tx), CVD_ENOTFOUND (no such
 * row; also a reference to a row that does not exist), CVD_EDUP (a unique value taken),
 * CVD_ENOMEM / CVD_ELIMIT (the arena), CVD_ENOTSUP (read-only store, schema newer than this
 * binary), CVD_EDB (anything the database reports: I/O, corruption, busy).
 *
 * Enum values are stored as fixed text of the store's own (see docs/internals/store.md), so
 * reordering a C enum never changes what a stored row means. Times are Unix seconds, UTC. */
#ifndef CVD_STORE_H
#define CVD_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cvd/arena.h"
#include "cvd/clock.h"
#include "cvd/compiler.h"
#include "cvd/coord.h"
#include "cvd/err.h"
#include "cvd/model.h"
#include "cvd/str.h"

struct cvd_store;
struct cvd_store_tx;

/** Bytes of every stored hash (tokens, sessions, follow-up secrets, attachments, events). */
#define CVD_STORE_HASH_BYTES 32
/** Buffer size for a generated identifier ("R-2026-000123", "CVD-2026-0042") and its NUL; at
 * least CVD_TRACKING_ID_SIZE and CVD_CASE_ID_SIZE (model.h, which formats them). */
#define CVD_STORE_ID_MAX 32
/** Lists: rows returned when the caller asks for 0, and the most one call returns. */
#define CVD_STORE_LIST_DEFAULT 100
#define CVD_STORE_LIST_MAX     1000
/** Most writes one group commit takes into its transaction. */
#define CVD_STORE_BATCH_MAX 64
/** Most reader connections a store opens (cvd_store_read_begin waits beyond). */
#define CVD_STORE_READERS_MAX 32

/* ---- opening, schema, backup ---- */

enum cvd_store_open_flags {
    CVD_STORE_CREATE = 1u << 0,       /* create the database file when it does not exist */
    CVD_STORE_MIGRATE = 1u << 1,      /* apply pending migrations while opening */
    CVD_STORE_READONLY = 1u << 2,     /* no writes (cvd_store_write gives CVD_ENOTSUP) */
    CVD_STORE_GROUP_COMMIT = 1u << 3, /* a writer thread batches concurrent writes (server) */
};

/**
 * Open the database at path (a SQLite file). clock gives "now" for the times the store fills
 * in (NULL: the system clock); it must outlive the store. flags: enum cvd_store_open_flags.
 * Without CVD_STORE_GROUP_COMMIT every cvd_store_write runs on the caller's thread, one
 * transaction each, serialised by a lock (the CLI and tests).
 *
 * A database whose schema is newer than this binary is refused (CVD_ENOTSUP); an older one is
 * migrated with CVD_STORE_MIGRATE and otherwise opened as it is (cvd_store_migrate later).
 * A missing file without CVD_STORE_CREATE is CVD_ENOTFOUND. *ret is set on success only; free
 * it with cvd_store_close.
 */
CVD_MUST_CHECK int cvd_store_open(const char *path, const struct cvd_clock *clock, unsigned flags,
                                  struct cvd_store **ret, struct cvd_diag *diag);

/**
 * Wait for queued writes to finish, stop the writer thread and close every connection.
 * Every read tx must have ended and no other thread may call into the store any more (stop
 * the callers first). Accepts NULL.
 */
void cvd_store_close(struct cvd_store *s);

/**
 * Apply the pending migrations (embedded in the binary, in version order) in one transaction.
 * Returns the number applied (0: up to date) or a negative code. CVD_ENOTSUP when the
 * database is newer than this binary.
 */
CVD_MUST_CHECK int cvd_store_migrate(struct cvd_store *s, struct cvd_diag *diag);

/** The database's schema version (0: empty database), or a negative code. */
CVD_MUST_CHECK int cvd_store_schema_version(struct cvd_store *s, struct cvd_diag *diag);

/** The newest schema version this binary knows. */
int cvd_store_schema_latest(void);

/**
 * Copy the database, as of one consistent moment, to a new file at dest_path through the
 * online backup API while other threads keep reading and writing. The file is created with
 * mode 0600 and must not exist (CVD_EDUP). On failure nothing is left at dest_path.
 */
CVD_MUST_CHECK int cvd_store_backup(struct cvd_store *s, const char *dest_path,
                                    struct cvd_diag *diag);

/* ---- transactions ---- */

/**
 * A write: runs with a write tx, returns 0 or a negative code. It may run more than once (when
 * another write in the same batch aborts the whole transaction, the batch is run again), so its
 * only effects must be the store operations on tx and results written into its arg.
 */
typedef int (*cvd_store_write_fn)(struct cvd_store_tx *tx, void *arg);

/**
 * Run fn(tx, arg) in a write transaction and return when it is durable on disk: fn's result
 * (the transaction part of it rolled back when fn fails), or a commit error. A write that fails
 * never fails others batched with it. Thread-safe; calling it from inside a write function is
 * CVD_EINVAL (use the tx you have). diag receives fn's or the store's explanation on failure.
 */
CVD_MUST_CHECK int cvd_store_write(struct cvd_store *s, cvd_store_write_fn fn, void *arg,
                                   struct cvd_diag *diag);

/**
 * Start a read tx on a connection of its own: the reads see one consistent snapshot of
 * committed data until cvd_store_read_end. Thread-safe; waits when CVD_STORE_READERS_MAX are in
 * use. Operations on the tx explain failures in diag (which must outlive the tx, or be NULL).
 * A tx is used by one thread at a time.
 */
CVD_MUST_CHECK int cvd_store_read_begin(struct cvd_store *s, struct cvd_store_tx **ret_tx,
                                        struct cvd_diag *diag);

/** End a read tx and give its connection back. Accepts NULL. */
void cvd_store_read_end(struct cvd_store_tx *tx);

/** The diag a tx's operations explain failures in (may be NULL). */
struct cvd_diag *cvd_store_tx_diag(struct cvd_store_tx *tx);

/** "Now" for this tx: read once from the store's clock when the tx (or the write) began. */
int64_t cvd_store_tx_now(const struct cvd_store_tx *tx);

/** Is this a write tx? */
bool cvd_store_tx_is_write(const struct cvd_store_tx *tx);

/** Counters for benchmarks and tests: writes done, transactions committed, largest batch. */
struct cvd_store_stats {
    uint64_t writes;
    uint64_t commits;
    uint64_t max_batch;
};

/** A snapshot of the counters. Thread-safe. */
void cvd_store_stats(struct cvd_store *s, struct cvd_store_stats *ret);

/**
 * A number that changes whenever a write has run through this store (committed or not),
 * before that write's caller is answered: what was read before may be stale once it moved.
 * Writes by other processes do not move it. Thread-safe, lock-free.
 */
uint64_t cvd_store_generation(struct cvd_store *s);

/* ---- organisations, users, memberships ---- */

/** Add org (name, kind; created_at 0 = now). CVD_EDUP when the name exists. */
CVD_MUST_CHECK int cvd_store_org_add(struct cvd_store_tx *tx, const struct cvd_org *org,
                                     int64_t *ret_id);
/** An organisation by id; CVD_ENOTFOUND when there is none. Strings in a. */
CVD_MUST_CHECK int cvd_store_org_get(struct cvd_store_tx *tx, int64_t id, struct cvd_arena *a,
                                     struct cvd_org *ret);
/** By exact name (byte comparison). */
CVD_MUST_CHECK int cvd_store_org_get_by_name(struct cvd_store_tx *tx, struct cvd_str name,
                                             struct cvd_arena *a, struct cvd_org *ret);
/** Every organisation by name; *ret is an arena array of *ret_n items (NULL when 0). */
CVD_MUST_CHECK int cvd_store_org_list(struct cvd_store_tx *tx, struct cvd_arena *a,
                                      struct cvd_org **ret, size_t *ret_n);

/**
 * Add user (email, name, password_hash, is_admin; created_at 0 = now). The email is stored with
 * ASCII letters lower-cased; CVD_EDUP when it exists.
 */
CVD_MUST_CHECK int cvd_store_user_add(struct cvd_store_tx *tx, const struct cvd_user *user,
                                      int64_t *ret_id);
/** A user by id; CVD_ENOTFOUND when there is none. Strings in a. */
CVD_MUST_CHECK int cvd_store_user_get(struct cvd_store_tx *tx, int64_t id, struct cvd_arena *a,
                                      struct cvd_user *ret);
/** By email, ASCII case-insensitively (it is lower-cased before the lookup). */
CVD_MUST_CHECK int cvd_store_user_get_by_email(struct cvd_store_tx *tx, struct cvd_str email,
                                               struct cvd_arena *a, struct cvd_user *ret);
/** Every user by email. */
CVD_MUST_CHECK int cvd_store_user_list(struct cvd_store_tx *tx, struct cvd_arena *a,
                                       struct cvd_user **ret, size_t *ret_n);
/** Users in the store (0 before the first, for `cvd init`). */
CVD_MUST_CHECK int cvd_store_user_count(struct cvd_store_tx *tx, int64_t *ret_n);
/** Change a user's name, password_hash and is_admin (by user->id; email stays). */
CVD_MUST_CHECK int cvd_store_user_update(struct cvd_store_tx *tx, const struct cvd_user *user);

/**
 * Make a user a member of an organisation (user_id, org_id, role; org_kind and org_name are
 * ignored). CVD_EDUP when already a member, CVD_ENOTFOUND when either does not exist.
 */
CVD_MUST_CHECK int cvd_store_membership_add(struct cvd_store_tx *tx,
                                            const struct cvd_membership *m);
/** A user's memberships with each organisation's name and kind, by organisation name. */
CVD_MUST_CHECK int cvd_store_membership_list_user(struct cvd_store_tx *tx, int64_t user_id,
                                                  struct cvd_arena *a, struct cvd_membership **ret,
                                                  size_t *ret_n);
/** An organisation's members, by user id. */
CVD_MUST_CHECK int cvd_store_membership_list_org(struct cvd_store_tx *tx, int64_t org_id,
                                                 struct cvd_arena *a, struct cvd_membership **ret,
                                                 size_t *ret_n);

/* ---- sessions, API tokens, login throttling (secrets are stored only as hashes) ---- */

struct cvd_store_session {
    unsigned char token_hash[CVD_STORE_HASH_BYTES]; /* the key */
    int64_t user_id;
    unsigned char csrf_hash[CVD_STORE_HASH_BYTES]; /* hash of the session's CSRF token */
    int64_t created_at;                            /* 0 = now */
    int64_t expires_at;
};

/** CVD_EDUP when the hash exists, CVD_ENOTFOUND when the user does not. */
CVD_MUST_CHECK int cvd_store_session_add(struct cvd_store_tx *tx,
                                         const struct cvd_store_session *sess);
/** A session that has not expired (expires_at > now); an expired one is CVD_ENOTFOUND. */
CVD_MUST_CHECK int cvd_store_session_get(struct cvd_store_tx *tx,
                                         const unsigned char token_hash[CVD_STORE_HASH_BYTES],
                                         struct cvd_store_session *ret);
/** CVD_ENOTFOUND when there was none. */
CVD_MUST_CHECK int cvd_store_session_delete(struct cvd_store_tx *tx,
                                            const unsigned char token_hash[CVD_STORE_HASH_BYTES]);
/** Delete every session of a user (password change, removal); *ret_n: how many (may be NULL). */
CVD_MUST_CHECK int cvd_store_session_delete_user(struct cvd_store_tx *tx, int64_t user_id,
                                                 int64_t *ret_n);
/** Delete sessions with expires_at <= now; *ret_n: how many (may be NULL). */
CVD_MUST_CHECK int cvd_store_session_delete_expired(struct cvd_store_tx *tx, int64_t *ret_n);

struct cvd_store_token {
    int64_t id;
    int64_t user_id;
    struct cvd_str name; /* the user's label for it */
    unsigned char token_hash[CVD_STORE_HASH_BYTES];
    int64_t created_at;   /* 0 = now */
    int64_t last_used_at; /* 0: never */
    bool revoked;
};

/** Add an API token (revoked and last_used_at are ignored). CVD_EDUP on the hash. */
CVD_MUST_CHECK int cvd_store_token_add(struct cvd_store_tx *tx, const struct cvd_store_token *tok,
                                       int64_t *ret_id);
/** The token with this hash; a revoked one is CVD_ENOTFOUND (it opens nothing). */
CVD_MUST_CHECK int cvd_store_token_get_by_hash(struct cvd_store_tx *tx,
                                               const unsigned char hash[CVD_STORE_HASH_BYTES],
                                               struct cvd_arena *a, struct cvd_store_token *ret);
/** A user's tokens, revoked ones included, newest first. */
CVD_MUST_CHECK int cvd_store_token_list_user(struct cvd_store_tx *tx, int64_t user_id,
                                             struct cvd_arena *a, struct cvd_store_token **ret,
                                             size_t *ret_n);
/** Revoke for good. CVD_ENOTFOUND when there is no such token. */
CVD_MUST_CHECK int cvd_store_token_revoke(struct cvd_store_tx *tx, int64_t id);
/** Record a use at time at. */
CVD_MUST_CHECK int cvd_store_token_touch(struct cvd_store_tx *tx, int64_t id, int64_t at);

/** Record a failed login for key ("email:ada@example.org", "ip:192.0.2.1") at time at. */
CVD_MUST_CHECK int cvd_store_throttle_fail(struct cvd_store_tx *tx, struct cvd_str key, int64_t at);
/**
 * Failures recorded for key at or after since: their number, and the time of the oldest of them
 * (0 when none) in *ret_oldest_at (may be NULL), from which a retry-after follows.
 */
CVD_MUST_CHECK int cvd_store_throttle_count(struct cvd_store_tx *tx, struct cvd_str key,
                                            int64_t since, int64_t *ret_n, int64_t *ret_oldest_at);
/** Forget key's failures (after a successful login). */
CVD_MUST_CHECK int cvd_store_throttle_clear(struct cvd_store_tx *tx, struct cvd_str key);
/** Forget every failure before time before; *ret_n: how many (may be NULL). */
CVD_MUST_CHECK int cvd_store_throttle_prune(struct cvd_store_tx *tx, int64_t before,
                                            int64_t *ret_n);

/* ---- reports ---- */

/**
 * Insert a report: every field of r but id and tracking_id; received_at 0 = now, updated_at 0 =
 * received_at. The tracking id "R-YYYY-NNNNNN" comes from a per-year counter taken in the same
 * transaction (YYYY: the year of received_at, UTC, 1970-9999 or CVD_ERANGE; NNNNNN counts from
 * 000001 and grows a digit past 999999; cvd_tracking_id_format writes it). followup_hash is the
 * hash of the reporter's private link secret, or NULL for none; CVD_EDUP when it is taken.
 * References (reporter_user, case_id, duplicate_of; 0 = none) must exist (CVD_ENOTFOUND).
 */
CVD_MUST_CHECK int cvd_store_report_insert(struct cvd_store_tx *tx, const struct cvd_report *r,
                                           const unsigned char *followup_hash, int64_t *ret_id,
                                           char ret_tracking_id[CVD_STORE_ID_MAX]);
/** A report by id, every field; CVD_ENOTFOUND when there is none. Strings in a. */
CVD_MUST_CHECK int cvd_store_report_get(struct cvd_store_tx *tx, int64_t id, struct cvd_arena *a,
                                        struct cvd_report *ret);
/** A report by its tracking id (exact bytes); CVD_ENOTFOUND when there is none. */
CVD_MUST_CHECK int cvd_store_report_get_by_tracking_id(struct cvd_store_tx *tx,
                                                       struct cvd_str tracking_id,
                                                       struct cvd_arena *a, struct cvd_report *ret);
/** The report a follow-up secret opens, by the secret's hash. */
CVD_MUST_CHECK int
cvd_store_report_get_by_followup(struct cvd_store_tx *tx,
                                 const unsigned char followup_hash[CVD_STORE_HASH_BYTES],
                                 struct cvd_arena *a, struct cvd_report *ret);

/** A state's bit in cvd_store_report_filter.states and cvd_store_case_filter.states. */
#define CVD_STORE_STATE_BIT(state) (1u << (unsigned)(state))
/** Number of report states (the length of cvd_store_report_count_by_state's array). */
#define CVD_STORE_REPORT_STATES ((size_t)CVD_REPORT_CLOSED + 1)
/** cvd_store_report_filter.case_id for "reports not attached to any case". */
#define CVD_STORE_NO_CASE ((int64_t)-1)

enum cvd_store_report_order {
    CVD_STORE_ORDER_RECEIVED_ASC,    /* oldest first (T-ACK runs from received_at) */
    CVD_STORE_ORDER_RECEIVED_DESC,   /* newest first */
    CVD_STORE_ORDER_UPDATED_DESC,    /* most recently changed first */
    CVD_STORE_ORDER_LAST_STATUS_ASC, /* longest without word to the reporter first (T-STATUS) */
};

struct cvd_store_report_filter {
    unsigned states; /* CVD_STORE_STATE_BIT()s; 0: any state */
    int64_t case_id; /* 0: any; CVD_STORE_NO_CASE: none; else that case */
    enum cvd_store_report_order order;
    bool summary; /* leave the long texts empty: versions, description, impact, reproduction,
                     how_found, disclosure_plans, reporter_pgp_key (inbox lists) */
    size_t limit; /* 0: CVD_STORE_LIST_DEFAULT; more than CVD_STORE_LIST_MAX is CVD_EINVAL */
    size_t offset;
};

/** Reports matching f (NULL: the first CVD_STORE_LIST_DEFAULT by id). Ties are by id. */
CVD_MUST_CHECK int cvd_store_report_list(struct cvd_store_tx *tx,
                                         const struct cvd_store_report_filter *f,
                                         struct cvd_arena *a, struct cvd_report **ret,
                                         size_t *ret_n);
/** How many reports match f's states and case_id (limit, offset, order ignored). */
CVD_MUST_CHECK int cvd_store_report_count(struct cvd_store_tx *tx,
                                          const struct cvd_store_report_filter *f, int64_t *ret_n);
/** Reports per state: ret[CVD_REPORT_RECEIVED] ... ret[CVD_REPORT_CLOSED]. */
CVD_MUST_CHECK int cvd_store_report_count_by_state(struct cvd_store_tx *tx,
                                                   int64_t ret[CVD_STORE_REPORT_STATES]);
/**
 * Store the handling fields of r (by r->id): state, invalid_reason, acked_at, last_status_at,
 * case_id, duplicate_of, updated_at (0 = now). Whether the change is allowed is the caller's
 * business. CVD_ENOTFOUND for an unknown id or reference.
 */
CVD_MUST_CHECK int cvd_store_report_update(struct cvd_store_tx *tx, const struct cvd_report *r);

/* ---- attachments ---- */

struct cvd_store_attachment {
    int64_t id;
    int64_t report_id;
    struct cvd_str name; /* as the reporter sent it */
    struct cvd_str content_type;
    int64_t size;                               /* bytes of data */
    unsigned char sha256[CVD_STORE_HASH_BYTES]; /* of data */
    struct cvd_str data;                        /* empty in lists */
    int64_t created_at;
};

/**
 * Add an attachment from report_id, name, content_type, data (created_at 0 = now). The store
 * computes size and sha256 and fills them, id and created_at back into *att.
 */
CVD_MUST_CHECK int cvd_store_attachment_add(struct cvd_store_tx *tx,
                                            struct cvd_store_attachment *att);
/** A report's attachments without their data, oldest first. */
CVD_MUST_CHECK int cvd_store_attachment_list(struct cvd_store_tx *tx, int64_t report_id,
                                             struct cvd_arena *a, struct cvd_store_attachment **ret,
                                             size_t *ret_n);
/** One attachment with its data (copied into the arena). */
CVD_MUST_CHECK int cvd_store_attachment_get(struct cvd_store_tx *tx, int64_t id,
                                            struct cvd_arena *a, struct cvd_store_attachment *ret);

/* ---- cases and their vulnerabilities ---- */

/**
 * Insert a case from title, state, tlp, created_at (0 = now), closed_at. The case id
 * "CVD-YYYY-NNNN" comes from a per-year counter in the same transaction (year of created_at).
 */
CVD_MUST_CHECK int cvd_store_case_insert(struct cvd_store_tx *tx, const struct cvd_case *c,
                                         int64_t *ret_id, char ret_case_id[CVD_STORE_ID_MAX]);
/** A case by id; CVD_ENOTFOUND when there is none. Strings in a. */
CVD_MUST_CHECK int cvd_store_case_get(struct cvd_store_tx *tx, int64_t id, struct cvd_arena *a,
                                      struct cvd_case *ret);
/** A case by its case id ("CVD-2026-0042", exact bytes); CVD_ENOTFOUND when none. */
CVD_MUST_CHECK int cvd_store_case_get_by_case_id(struct cvd_store_tx *tx, struct cvd_str case_id,
                                                 struct cvd_arena *a, struct cvd_case *ret);

struct cvd_store_case_filter {
    unsigned states; /* CVD_STORE_STATE_BIT()s of enum cvd_case_state; 0: any */
    size_t limit;    /* 0: CVD_STORE_LIST_DEFAULT; at most CVD_STORE_LIST_MAX */
    size_t offset;
};

/** Cases matching f (NULL: any), newest first. */
CVD_MUST_CHECK int cvd_store_case_list(struct cvd_store_tx *tx,
                                       const struct cvd_store_case_filter *f, struct cvd_arena *a,
                                       struct cvd_case **ret, size_t *ret_n);
/** Store state, title, tlp and closed_at of c (by c->id). */
CVD_MUST_CHECK int cvd_store_case_update(struct cvd_store_tx *tx, const struct cvd_case *c);

/**
 * Add a vulnerability to v->case_id (title, cve_id, cvss_vector, cvss_score, ssvc). CVD_EDUP
 * when the case already has a vulnerability with the same non-empty CVE id.
 */
CVD_MUST_CHECK int cvd_store_vuln_add(struct cvd_store_tx *tx, const struct cvd_vuln *v,
                                      int64_t *ret_id);
/** Store title, cve_id, cvss_vector, cvss_score and ssvc of v (by v->id; case_id stays). */
CVD_MUST_CHECK int cvd_store_vuln_update(struct cvd_store_tx *tx, const struct cvd_vuln *v);
/** A vulnerability by id; CVD_ENOTFOUND when there is none. Strings in a. */
CVD_MUST_CHECK int cvd_store_vuln_get(struct cvd_store_tx *tx, int64_t id, struct cvd_arena *a,
                                      struct cvd_vuln *ret);
/** A case's vulnerabilities in the order they were added. */
CVD_MUST_CHECK int cvd_store_vuln_list(struct cvd_store_tx *tx, int64_t case_id,
                                       struct cvd_arena *a, struct cvd_vuln **ret, size_t *ret_n);

/* ---- messages ---- */

/**
 * Add a message (report_id and/or case_id, at least one; author, author_user, body, tlp;
 * created_at 0 = now).
 */
CVD_MUST_CHECK int cvd_store_message_add(struct cvd_store_tx *tx, const struct cvd_message *m,
                                         int64_t *ret_id);
/** A report's messages, oldest first. */
CVD_MUST_CHECK int cvd_store_message_list_report(struct cvd_store_tx *tx, int64_t report_id,
                                                 struct cvd_arena *a, struct cvd_message **ret,
                                                 size_t *ret_n);
/** A case's messages, oldest first. */
CVD_MUST_CHECK int cvd_store_message_list_case(struct cvd_store_tx *tx, int64_t case_id,
                                               struct cvd_arena *a, struct cvd_message **ret,
                                               size_t *ret_n);

/* ---- the audit log: append-only, hash-chained ---- */

/**
 * Append ev to the audit log in the write tx it records (so the event commits or rolls back
 * with the change). Reads at (0 = now), actor and type (both required), object_kind, object_id,
 * before, after, data; fills seq (the next number), prev_hash (the previous event's hash, 32
 * zero bytes for the first) and hash (cvd_store_event_hash). The table refuses UPDATE and
 * DELETE, and a one-row head (latest seq and hash) moves with every append.
 */
CVD_MUST_CHECK int cvd_store_event_append(struct cvd_store_tx *tx, struct cvd_event *ev);

/**
 * The chain hash of ev: SHA-256 over a length-prefixed encoding of seq, at, actor, type,
 * object_kind, object_id, before, after, data and prev_hash (docs/internals/store.md gives the
 * bytes). Pure; thread-safe.
 */
void cvd_store_event_hash(const struct cvd_event *ev, unsigned char out[CVD_EVENT_HASH_BYTES]);

/** An object's events, oldest first, at most limit (0: CVD_STORE_LIST_DEFAULT; max LIST_MAX). */
CVD_MUST_CHECK int cvd_store_event_list_object(struct cvd_store_tx *tx, struct cvd_str object_kind,
                                               int64_t object_id, size_t limit, struct cvd_arena *a,
                                               struct cvd_event **ret, size_t *ret_n);
/** The latest n events (0: CVD_STORE_LIST_DEFAULT; max LIST_MAX), newest first. */
CVD_MUST_CHECK int cvd_store_event_list_latest(struct cvd_store_tx *tx, size_t n,
                                               struct cvd_arena *a, struct cvd_event **ret,
                                               size_t *ret_n);

/**
 * The head of the chain: the latest seq (0 when empty) and its hash (zeros when empty). Keep
 * it outside the database (a log, a ticket) to detect later a rewrite of the whole tail.
 */
CVD_MUST_CHECK int cvd_store_audit_head(struct cvd_store_tx *tx, int64_t *ret_seq,
                                        unsigned char ret_hash[CVD_EVENT_HASH_BYTES]);

/**
 * Recompute the whole chain without trusting the database's triggers: every row's hash, each
 * row's link to its predecessor, gap-free seq from 1, and the recorded head (so deleting the
 * last rows shows). Returns 0 when intact; CVD_EDB when broken, with *ret_first_bad_seq the
 * first event that is edited, missing or out of chain (> 0) and why in diag; another code
 * (and *ret_first_bad_seq 0) when the log could not be read. *ret_rows: events checked. Both
 * out-parameters are written whenever the log was read (either may be NULL). Runs on a read
 * snapshot; writers go on meanwhile.
 */
CVD_MUST_CHECK int cvd_store_audit_verify(struct cvd_store *s, int64_t *ret_rows,
                                          int64_t *ret_first_bad_seq, struct cvd_diag *diag);

/* ---- outbox ---- */

/* The durable notification outbox: one row per e-mail or webhook delivery, queued in the write
 * that causes it (so it commits or rolls back with that change), claimed by a deliverer with a
 * lease, then marked sent or failed (docs/internals/outbox.md). And the organisations'
 * webhooks. The store keeps rows; when to retry and when to give up is core's decision. */

/** Longest dedupe key the store accepts (bytes). */
#define CVD_STORE_OUTBOX_KEY_MAX 512
/** Longest last_error kept (bytes; longer ones are cut on a UTF-8 boundary). */
#define CVD_STORE_OUTBOX_ERROR_MAX 512

enum cvd_outbox_kind {
    CVD_OUTBOX_MAIL,    /* "mail" */
    CVD_OUTBOX_WEBHOOK, /* "webhook" */
};

enum cvd_outbox_state {
    CVD_OUTBOX_PENDING, /* "pending": waiting for next_attempt_at (or leased until then) */
    CVD_OUTBOX_SENT,    /* "sent": the relay or the receiver accepted it */
    CVD_OUTBOX_DEAD,    /* "dead": given up (permanent failure or too many attempts) */
};

/** Number of outbox states (the length of cvd_store_outbox_count's array). */
#define CVD_STORE_OUTBOX_STATES ((size_t)CVD_OUTBOX_DEAD + 1)

struct cvd_store_outbox {
    int64_t id;
    enum cvd_outbox_kind kind;
    struct cvd_str dedupe_key;    /* unique: the same notification is never queued twice */
    struct cvd_str recipient;     /* mail: the addr-spec; webhook: the URL when queued */
    struct cvd_str recipient_key; /* mail: the recipient's armoured OpenPGP key, or empty */
    int64_t webhook_id;           /* webhook: the webhook (its secret); 0 for mail */
    enum cvd_tlp tlp;
    struct cvd_str subject;     /* mail: the subject; webhook: the event type */
    struct cvd_str body;        /* mail: the text; webhook: the event's JSON data (or empty) */
    struct cvd_str path;        /* the item's path on the hub ("/cases/CVD-2026-0042") */
    int64_t case_id;            /* the case it is about, 0: none */
    struct cvd_str object_kind; /* what it is about ("message"), may be empty */
    int64_t object_id;
    int64_t attempts;        /* claims so far */
    int64_t next_attempt_at; /* due time; while claimed, the end of the lease */
    enum cvd_outbox_state state;
    struct cvd_str last_error;
    int64_t created_at;
    int64_t sent_at; /* 0: not sent */
};

/**
 * Queue a notification (kind, dedupe_key, recipient, recipient_key, webhook_id, tlp, subject,
 * body, path, case_id, object_kind, object_id; next_attempt_at and created_at 0 = now) as
 * pending with no attempts. On a write tx, normally the caller's own. CVD_EDUP when a row with
 * the same dedupe_key exists (the transaction goes on; nothing is added), CVD_ENOTFOUND when
 * case_id names no case.
 */
CVD_MUST_CHECK int cvd_store_outbox_add(struct cvd_store_tx *tx, const struct cvd_store_outbox *o,
                                        int64_t *ret_id);

/**
 * Claim up to max (1 to CVD_STORE_LIST_MAX) pending rows of the kinds in `kinds`
 * (bits 1u << enum cvd_outbox_kind) whose next_attempt_at is at or before now, oldest due
 * first: each gets attempts + 1 and next_attempt_at = lease_until, in this write, and is
 * returned as it now is. Another claim sees them only when the lease has run out.
 */
CVD_MUST_CHECK int cvd_store_outbox_claim(struct cvd_store_tx *tx, unsigned kinds, int64_t now,
                                          int64_t lease_until, size_t max, struct cvd_arena *a,
                                          struct cvd_store_outbox **ret, size_t *ret_n);

/** Mark a pending row sent at time at (0 = now). CVD_ENOTFOUND when it is not pending. */
CVD_MUST_CHECK int cvd_store_outbox_mark_sent(struct cvd_store_tx *tx, int64_t id, int64_t at);

/**
 * Record a failed attempt of the claim that gave the row `attempts`: the error, and either
 * state pending with next_attempt_at, or state dead. CVD_ENOTFOUND when the row is no longer
 * pending with that many attempts (sent meanwhile, or claimed again after the lease ran out).
 */
CVD_MUST_CHECK int cvd_store_outbox_mark_failed(struct cvd_store_tx *tx, int64_t id,
                                                int64_t attempts, bool dead,
                                                int64_t next_attempt_at, struct cvd_str error);

/** One row by id; CVD_ENOTFOUND when there is none. */
CVD_MUST_CHECK int cvd_store_outbox_get(struct cvd_store_tx *tx, int64_t id, struct cvd_arena *a,
                                        struct cvd_store_outbox *ret);

struct cvd_store_outbox_filter {
    bool any_state; /* false: only `state` (ordered by next_attempt_at); true: newest first */
    enum cvd_outbox_state state;
    size_t limit; /* 0: CVD_STORE_LIST_DEFAULT; at most CVD_STORE_LIST_MAX */
    size_t offset;
};

/** Rows matching f (NULL: any state, newest first), for the admin view. */
CVD_MUST_CHECK int cvd_store_outbox_list(struct cvd_store_tx *tx,
                                         const struct cvd_store_outbox_filter *f,
                                         struct cvd_arena *a, struct cvd_store_outbox **ret,
                                         size_t *ret_n);

/** Rows per state: ret[CVD_OUTBOX_PENDING], ret[CVD_OUTBOX_SENT], ret[CVD_OUTBOX_DEAD]. */
CVD_MUST_CHECK int cvd_store_outbox_count(struct cvd_store_tx *tx,
                                          int64_t ret[CVD_STORE_OUTBOX_STATES]);

struct cvd_store_webhook {
    int64_t id;
    int64_t org_id;
    struct cvd_str url;
    struct cvd_str secret; /* the HMAC key: 16 to 1024 bytes */
    bool enabled;
    int64_t created_at; /* 0 = now */
};

/** Add a webhook (org_id, url, secret, enabled). CVD_EDUP when the organisation already has
 * this URL, CVD_ENOTFOUND when the organisation does not exist. */
CVD_MUST_CHECK int cvd_store_webhook_add(struct cvd_store_tx *tx, const struct cvd_store_webhook *w,
                                         int64_t *ret_id);
/** A webhook by id, with its secret; CVD_ENOTFOUND when there is none. */
CVD_MUST_CHECK int cvd_store_webhook_get(struct cvd_store_tx *tx, int64_t id, struct cvd_arena *a,
                                         struct cvd_store_webhook *ret);
/** An organisation's webhooks (only the enabled ones with enabled_only), by id, with secrets. */
CVD_MUST_CHECK int cvd_store_webhook_list_org(struct cvd_store_tx *tx, int64_t org_id,
                                              bool enabled_only, struct cvd_arena *a,
                                              struct cvd_store_webhook **ret, size_t *ret_n);
/** Enable or disable a webhook. CVD_ENOTFOUND when there is none. */
CVD_MUST_CHECK int cvd_store_webhook_set_enabled(struct cvd_store_tx *tx, int64_t id, bool enabled);
/** Delete a webhook (its queued deliveries find it gone). CVD_ENOTFOUND when there is none. */
CVD_MUST_CHECK int cvd_store_webhook_delete(struct cvd_store_tx *tx, int64_t id);

/* ---- participants and case teams (coordination) ---- */

/* A case's participants (struct cvd_participant of cvd/coord.h: one organisation each, with
 * its roles, RM, fix path and embargo answer) and each participant's case team: the named
 * users of that organisation who work on the case. Roles are stored as the role names. */

/**
 * Add a participant from every field of p but id (invited_at 0 = now). CVD_EDUP when the
 * organisation is already a participant of the case, CVD_ENOTFOUND when the case or the
 * organisation does not exist, CVD_EINVAL for roles outside CVD_CASE_ROLES_ALL or none.
 */
CVD_MUST_CHECK int cvd_store_participant_add(struct cvd_store_tx *tx,
                                             const struct cvd_participant *p, int64_t *ret_id);
/** A participant by id; CVD_ENOTFOUND when there is none. Strings in a. */
CVD_MUST_CHECK int cvd_store_participant_get(struct cvd_store_tx *tx, int64_t id,
                                             struct cvd_arena *a, struct cvd_participant *ret);
/** The participant an organisation is in a case; CVD_ENOTFOUND when it is none. */
CVD_MUST_CHECK int cvd_store_participant_get_org(struct cvd_store_tx *tx, int64_t case_id,
                                                 int64_t org_id, struct cvd_arena *a,
                                                 struct cvd_participant *ret);
/** A case's participants in the order they joined. */
CVD_MUST_CHECK int cvd_store_participant_list(struct cvd_store_tx *tx, int64_t case_id,
                                              struct cvd_arena *a, struct cvd_participant **ret,
                                              size_t *ret_n);
/**
 * Store roles, rm, vfd, engaged, embargo_adherence, em_answer, override_reason, delivered_at
 * and left_at of p (by p->id; case, organisation and invited_at stay).
 */
CVD_MUST_CHECK int cvd_store_participant_update(struct cvd_store_tx *tx,
                                                const struct cvd_participant *p);

/** Put a user on a participant's case team (at: 0 = now). CVD_EDUP when on it already. */
CVD_MUST_CHECK int cvd_store_team_add(struct cvd_store_tx *tx, int64_t participant_id,
                                      int64_t user_id, int64_t at);
/** Take a user off a participant's case team; CVD_ENOTFOUND when not on it. */
CVD_MUST_CHECK int cvd_store_team_remove(struct cvd_store_tx *tx, int64_t participant_id,
                                         int64_t user_id);
/** The user ids on a participant's case team, ascending. */
CVD_MUST_CHECK int cvd_store_team_list(struct cvd_store_tx *tx, int64_t participant_id,
                                       struct cvd_arena *a, int64_t **ret, size_t *ret_n);
/**
 * The organisations whose case team in case_id holds user_id, among the case's ENGAGED
 * participants only (a participant that left gives no access: TLP-R08), ascending. One
 * indexed lookup: the TLP reader's team_orgs.
 */
CVD_MUST_CHECK int cvd_store_team_orgs(struct cvd_store_tx *tx, int64_t case_id, int64_t user_id,
                                       struct cvd_arena *a, int64_t **ret, size_t *ret_n);
/** The ids of the cases where user_id is on an engaged participant's team, newest first, at
 * most CVD_STORE_LIST_MAX. */
CVD_MUST_CHECK int cvd_store_team_cases(struct cvd_store_tx *tx, int64_t user_id,
                                        struct cvd_arena *a, int64_t **ret, size_t *ret_n);

/* ---- case messages (labelled discussion) and search ---- */

/* A message in a case's discussion with its TLP label and explicit audience: everything
 * struct cvd_tlp_item needs, so the core decides every read without another query. Messages
 * are never edited or deleted. Their bodies are indexed for full-text search (SQLite FTS5). */
struct cvd_store_case_message {
    int64_t id;
    int64_t case_id;
    int64_t thread_id; /* the thread's first message; 0 for a first message */
    int64_t author_user;
    int64_t author_org; /* 0: none */
    enum cvd_tlp tlp;
    struct cvd_str body;
    int64_t created_at;
    int64_t *audience_orgs; /* AMBER, AMBER+STRICT */
    size_t n_audience_orgs;
    int64_t *audience_users; /* RED: the named users */
    size_t n_audience_users;
};

/** Most audience entries of one message (organisations plus users). */
#define CVD_STORE_AUDIENCE_MAX 256

/**
 * Add a message with its audience (created_at 0 = now; audience ids positive, no repeats,
 * at most CVD_STORE_AUDIENCE_MAX in all). CVD_ENOTFOUND when the case, the author, the
 * author's organisation or the thread does not exist. That the thread is in the same case and
 * the audience names participants and their users is the core's to check.
 */
CVD_MUST_CHECK int cvd_store_case_message_add(struct cvd_store_tx *tx,
                                              const struct cvd_store_case_message *m,
                                              int64_t *ret_id);
/** A case's messages with their audiences, oldest first, paged (limit 0: default; at most
 * CVD_STORE_LIST_MAX). */
CVD_MUST_CHECK int cvd_store_case_message_list(struct cvd_store_tx *tx, int64_t case_id,
                                               size_t limit, size_t offset, struct cvd_arena *a,
                                               struct cvd_store_case_message **ret, size_t *ret_n);

/** Most terms and bytes of a search query. */
#define CVD_STORE_SEARCH_TERMS_MAX 8
#define CVD_STORE_SEARCH_BYTES_MAX 200

/**
 * Messages of the given cases whose body holds every term of query (whitespace-separated;
 * each term is matched as a quoted FTS5 string, so no query syntax reaches FTS5), newest
 * first (the index is walked backwards and stops at the limit), at most limit (1 to
 * CVD_STORE_LIST_MAX), with their audiences. CVD_EINVAL for an empty query, more than
 * CVD_STORE_SEARCH_TERMS_MAX terms or CVD_STORE_SEARCH_BYTES_MAX bytes.
 */
CVD_MUST_CHECK int cvd_store_case_message_search(struct cvd_store_tx *tx, struct cvd_str query,
                                                 const int64_t *case_ids, size_t n_case_ids,
                                                 size_t limit, struct cvd_arena *a,
                                                 struct cvd_store_case_message **ret,
                                                 size_t *ret_n);

/* ---- a case's coordination state: its embargo and pxa ---- */

/**
 * The case's embargo (struct cvd_embargo, cvd/coord.h) and pxa bits. A case never written
 * has none: state NONE, everything 0. CVD_ENOTFOUND only when the case does not exist.
 */
CVD_MUST_CHECK int cvd_store_case_coord_get(struct cvd_store_tx *tx, int64_t case_id,
                                            struct cvd_embargo *ret_em, unsigned *ret_pxa);
/**
 * The cases whose running embargo (active or revising) ends at or before `before`, soonest
 * first, at most CVD_STORE_LIST_MAX: their ids into *ret (an arena array of *ret_n). One range
 * of an index: the timer tick's question.
 */
CVD_MUST_CHECK int cvd_store_embargo_ending(struct cvd_store_tx *tx, int64_t before,
                                            struct cvd_arena *a, int64_t **ret, size_t *ret_n);
/** Store the case's embargo and pxa (whether they are a valid step is the core's business). */
CVD_MUST_CHECK int cvd_store_case_coord_put(struct cvd_store_tx *tx, int64_t case_id,
                                            const struct cvd_embargo *em, unsigned pxa);

/* ---- read marks ---- */

/** How far a user has read a case's discussion: the highest message id marked read, 0 for
 * none. */
CVD_MUST_CHECK int cvd_store_read_mark_get(struct cvd_store_tx *tx, int64_t user_id,
                                           int64_t case_id, int64_t *ret_last);
/** Mark a case's messages read up to last (a mark never moves back). */
CVD_MUST_CHECK int cvd_store_read_mark_put(struct cvd_store_tx *tx, int64_t user_id,
                                           int64_t case_id, int64_t last);

#endif
