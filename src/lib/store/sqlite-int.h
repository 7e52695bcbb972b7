/* Inside the SQLite backend: the connection, the statement table, and the small query helper
 * every operation uses (bind, step, read columns into an arena, map errors). */
#ifndef CVD_STORE_SQLITE_INT_H
#define CVD_STORE_SQLITE_INT_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>

#include "store-int.h"

/* Column lists shared by the statements that read a row kind (readers in sqlite-ops.c follow
 * the same order). */
#define SQ_ORG_COLS  "id, name, kind, created_at"
#define SQ_USER_COLS "id, email, name, password_hash, is_admin, created_at"
#define SQ_REPORT_HEAD                                                                             \
    "id, tracking_id, received_at, channel, state, invalid_reason, tlp, title, product, "
#define SQ_REPORT_TAIL                                                                             \
    "vendor_contacted, publicly_known, exploited, credit_wanted, credit_name, share_contact, "     \
    "reporter_name, reporter_email, "
#define SQ_REPORT_END "reporter_user, acked_at, last_status_at, case_id, duplicate_of, updated_at"
#define SQ_REPORT_COLS                                                                             \
    SQ_REPORT_HEAD                                                                                 \
    "versions, description, impact, reproduction, how_found, disclosure_plans, " SQ_REPORT_TAIL    \
    "reporter_pgp_key, " SQ_REPORT_END
/* The same columns with the long texts left empty (inbox lists). */
#define SQ_REPORT_SUMMARY_COLS                                                                     \
    SQ_REPORT_HEAD "'', '', '', '', '', '', " SQ_REPORT_TAIL "'', " SQ_REPORT_END
#define SQ_CASE_COLS    "id, case_id, title, state, tlp, created_at, closed_at"
#define SQ_VULN_COLS    "id, case_id, title, cve_id, cvss_vector, cvss_score, ssvc"
#define SQ_MESSAGE_COLS "id, report_id, case_id, author, author_user, body, tlp, created_at"
#define SQ_EVENT_COLS                                                                              \
    "seq, at, actor, type, object_kind, object_id, before, after, data, prev_hash, hash"
#define SQ_TOKEN_COLS "id, user_id, name, token_hash, created_at, last_used_at, revoked"

/* Every fixed statement: X(name, sql). Prepared on a connection's first use, kept. */
#define SQ_STATEMENTS(X)                                                                           \
    X(SQ_BEGIN_WRITE, "BEGIN IMMEDIATE")                                                           \
    X(SQ_BEGIN_READ, "BEGIN")                                                                      \
    X(SQ_COMMIT, "COMMIT")                                                                         \
    X(SQ_ROLLBACK, "ROLLBACK")                                                                     \
    X(SQ_SAVEPOINT, "SAVEPOINT cvd_write")                                                         \
    X(SQ_RELEASE, "RELEASE cvd_write")                                                             \
    X(SQ_ROLLBACK_TO, "ROLLBACK TO cvd_write")                                                     \
    X(SQ_SCHEMA_HAS,                                                                               \
      "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'schema_version'")       \
    X(SQ_SCHEMA_TABLES, "SELECT count(*) FROM sqlite_schema WHERE name NOT LIKE 'sqlite\\_%' "     \
                        "ESCAPE '\\'")                                                             \
    X(SQ_APPLICATION_ID, "PRAGMA application_id")                                                  \
    X(SQ_SCHEMA_VERSION, "SELECT coalesce(max(version), 0) FROM schema_version")                   \
    X(SQ_SCHEMA_CREATE, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, " \
                        "name TEXT NOT NULL, applied_at INTEGER NOT NULL) STRICT")                 \
    X(SQ_SCHEMA_RECORD, "INSERT INTO schema_version (version, name, applied_at) "                  \
                        "VALUES (?1, ?2, ?3)")                                                     \
    X(SQ_ORG_ADD, "INSERT INTO orgs (name, kind, created_at) VALUES (?1, ?2, ?3)")                 \
    X(SQ_ORG_GET, "SELECT " SQ_ORG_COLS " FROM orgs WHERE id = ?1")                                \
    X(SQ_ORG_GET_NAME, "SELECT " SQ_ORG_COLS " FROM orgs WHERE name = ?1")                         \
    X(SQ_ORG_LIST, "SELECT " SQ_ORG_COLS " FROM orgs ORDER BY name, id")                           \
    X(SQ_USER_ADD, "INSERT INTO users (email, name, password_hash, is_admin, created_at) "         \
                   "VALUES (?1, ?2, ?3, ?4, ?5)")                                                  \
    X(SQ_USER_GET, "SELECT " SQ_USER_COLS " FROM users WHERE id = ?1")                             \
    X(SQ_USER_GET_EMAIL, "SELECT " SQ_USER_COLS " FROM users WHERE email = ?1")                    \
    X(SQ_USER_LIST, "SELECT " SQ_USER_COLS " FROM users ORDER BY email")                           \
    X(SQ_USER_COUNT, "SELECT count(*) FROM users")                                                 \
    X(SQ_USER_UPDATE, "UPDATE users SET name = ?2, password_hash = ?3, is_admin = ?4 "             \
                      "WHERE id = ?1")                                                             \
    X(SQ_MEMBER_ADD, "INSERT INTO memberships (user_id, org_id, role) VALUES (?1, ?2, ?3)")        \
    X(SQ_MEMBER_LIST_USER, "SELECT m.user_id, m.org_id, o.kind, o.name, m.role "                   \
                           "FROM memberships m JOIN orgs o ON o.id = m.org_id "                    \
                           "WHERE m.user_id = ?1 ORDER BY o.name, o.id")                           \
    X(SQ_MEMBER_LIST_ORG, "SELECT m.user_id, m.org_id, o.kind, o.name, m.role "                    \
                          "FROM memberships m JOIN orgs o ON o.id = m.org_id "                     \
                          "WHERE m.org_id = ?1 ORDER BY m.user_id")                                \
    X(SQ_SESSION_ADD, "INSERT INTO sessions (token_hash, user_id, csrf_hash, created_at, "         \
                      "expires_at) VALUES (?1, ?2, ?3, ?4, ?5)")                                   \
    X(SQ_SESSION_GET, "SELECT token_hash, user_id, csrf_hash, created_at, expires_at "             \
                      "FROM sessions WHERE token_hash = ?1 AND expires_at > ?2")                   \
    X(SQ_SESSION_DELETE, "DELETE FROM sessions WHERE token_hash = ?1")                             \
    X(SQ_SESSION_DELETE_USER, "DELETE FROM sessions WHERE user_id = ?1")                           \
    X(SQ_SESSION_DELETE_EXPIRED, "DELETE FROM sessions WHERE expires_at <= ?1")                    \
    X(SQ_TOKEN_ADD, "INSERT INTO api_tokens (user_id, name, token_hash, created_at) "              \
                    "VALUES (?1, ?2, ?3, ?4)")                                                     \
    X(SQ_TOKEN_GET, "SELECT " SQ_TOKEN_COLS " FROM api_tokens "                                    \
                    "WHERE token_hash = ?1 AND revoked = 0")                                       \
    X(SQ_TOKEN_LIST, "SELECT " SQ_TOKEN_COLS " FROM api_tokens WHERE user_id = ?1 "                \
                     "ORDER BY created_at DESC, id DESC")                                          \
    X(SQ_TOKEN_REVOKE, "UPDATE api_tokens SET revoked = 1 WHERE id = ?1")                          \
    X(SQ_TOKEN_TOUCH, "UPDATE api_tokens SET last_used_at = ?2 WHERE id = ?1")                     \
    X(SQ_THROTTLE_ADD, "INSERT INTO login_failures (key, at) VALUES (?1, ?2)")                     \
    X(SQ_THROTTLE_COUNT, "SELECT count(*), coalesce(min(at), 0) FROM login_failures "              \
                         "WHERE key = ?1 AND at >= ?2")                                            \
    X(SQ_THROTTLE_CLEAR, "DELETE FROM login_failures WHERE key = ?1")                              \
    X(SQ_THROTTLE_PRUNE, "DELETE FROM login_failures WHERE at < ?1")                               \
    X(SQ_COUNTER_NEXT, "INSERT INTO id_counters (kind, year, last) VALUES (?1, ?2, 1) "            \
                       "ON CONFLICT (kind, year) DO UPDATE SET last = last + 1 RETURNING last")    \
    X(SQ_REPORT_INSERT,                                                                            \
      "INSERT INTO reports (tracking_id, followup_hash, received_at, channel, state, "             \
      "invalid_reason, tlp, title, product, versions, description, impact, reproduction, "         \
      "how_found, disclosure_plans, vendor_contacted, publicly_known, exploited, credit_wanted, "  \
      "credit_name, share_contact, reporter_name, reporter_email, reporter_pgp_key, "              \
      "reporter_user, acked_at, last_status_at, case_id, duplicate_of, updated_at) VALUES (?1, "   \
      "?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, "    \
      "?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30)")                                         \
    X(SQ_REPORT_GET, "SELECT " SQ_REPORT_COLS " FROM reports WHERE id = ?1")                       \
    X(SQ_REPORT_GET_TRACKING, "SELECT " SQ_REPORT_COLS " FROM reports WHERE tracking_id = ?1")     \
    X(SQ_REPORT_GET_FOLLOWUP, "SELECT " SQ_REPORT_COLS " FROM reports WHERE followup_hash = ?1")   \
    X(SQ_REPORT_COUNT_STATE, "SELECT state, count(*) FROM reports GROUP BY state")                 \
    X(SQ_REPORT_UPDATE, "UPDATE reports SET state = ?2, invalid_reason = ?3, acked_at = ?4, "      \
                        "last_status_at = ?5, case_id = ?6, duplicate_of = ?7, updated_at = ?8 "   \
                        "WHERE id = ?1")                                                           \
    X(SQ_ATTACHMENT_ADD, "INSERT INTO attachments (report_id, name, content_type, size, sha256, "  \
                         "data, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")                  \
    X(SQ_ATTACHMENT_LIST, "SELECT id, report_id, name, content_type, size, sha256, x'', "          \
                          "created_at FROM attachments WHERE report_id = ?1 ORDER BY id")          \
    X(SQ_ATTACHMENT_GET, "SELECT id, report_id, name, content_type, size, sha256, data, "          \
                         "created_at FROM attachments WHERE id = ?1")                              \
    X(SQ_CASE_INSERT, "INSERT INTO cases (case_id, title, state, tlp, created_at, closed_at) "     \
                      "VALUES (?1, ?2, ?3, ?4, ?5, ?6)")                                           \
    X(SQ_CASE_GET, "SELECT " SQ_CASE_COLS " FROM cases WHERE id = ?1")                             \
    X(SQ_CASE_GET_ID, "SELECT " SQ_CASE_COLS " FROM cases WHERE case_id = ?1")                     \
    X(SQ_CASE_UPDATE, "UPDATE cases SET title = ?2, state = ?3, tlp = ?4, closed_at = ?5 "         \
                      "WHERE id = ?1")                                                             \
    X(SQ_VULN_ADD, "INSERT INTO vulns (case_id, title, cve_id, cvss_vector, cvss_score, ssvc) "    \
                   "VALUES (?1, ?2, ?3, ?4, ?5, ?6)")                                              \
    X(SQ_VULN_UPDATE, "UPDATE vulns SET title = ?2, cve_id = ?3, cvss_vector = ?4, "               \
                      "cvss_score = ?5, ssvc = ?6 WHERE id = ?1")                                  \
    X(SQ_VULN_GET, "SELECT " SQ_VULN_COLS " FROM vulns WHERE id = ?1")                             \
    X(SQ_VULN_LIST, "SELECT " SQ_VULN_COLS " FROM vulns WHERE case_id = ?1 ORDER BY id")           \
    X(SQ_MESSAGE_ADD, "INSERT INTO messages (report_id, case_id, author, author_user, body, tlp, " \
                      "created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")                           \
    X(SQ_MESSAGE_LIST_REPORT,                                                                      \
      "SELECT " SQ_MESSAGE_COLS " FROM messages WHERE report_id = ?1 ORDER BY id")                 \
    X(SQ_MESSAGE_LIST_CASE, "SELECT " SQ_MESSAGE_COLS " FROM messages WHERE case_id = ?1 "         \
                            "ORDER BY id")                                                         \
    X(SQ_AUDIT_HEAD, "SELECT seq, hash FROM audit_head WHERE id = 1")                              \
    X(SQ_EVENT_INSERT, "INSERT INTO events (" SQ_EVENT_COLS ") "                                   \
                       "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)")                    \
    X(SQ_EVENT_LIST_OBJECT, "SELECT " SQ_EVENT_COLS " FROM events "                                \
                            "WHERE object_kind = ?1 AND object_id = ?2 ORDER BY seq LIMIT ?3")     \
    X(SQ_EVENT_LIST_LATEST, "SELECT " SQ_EVENT_COLS " FROM events ORDER BY seq DESC LIMIT ?1")     \
    X(SQ_EVENT_SCAN, "SELECT " SQ_EVENT_COLS " FROM events ORDER BY seq")

enum sq_stmt {
#define SQ_ENUM(name, sql) name,
    SQ_STATEMENTS(SQ_ENUM)
#undef SQ_ENUM
        SQ__COUNT
};

/* Report lists are built from fixed fragments (no input ever reaches the SQL text): which
 * filters are present and the order pick one of these variants, each prepared once. */
#define SQ_REPORT_LIST_VARIANTS  64
#define SQ_REPORT_COUNT_VARIANTS 8
#define SQ_CASE_LIST_VARIANTS    2
#define SQ_OUTBOX_STATEMENTS     16 /* the outbox's own statements (sqlite-outbox.c) */
#define SQ_COORD_STATEMENTS      16 /* participants and teams (sqlite-coord.c) */
#define SQ_MESSAGE_STATEMENTS    8  /* case messages (sqlite-messages.c) */

struct sq_conn {
    sqlite3 *db;
    sqlite3_stmt *st[SQ__COUNT];
    sqlite3_stmt *report_list[SQ_REPORT_LIST_VARIANTS];
    sqlite3_stmt *report_count[SQ_REPORT_COUNT_VARIANTS];
    sqlite3_stmt *case_list[SQ_CASE_LIST_VARIANTS];
    /* ---- outbox ---- (sqlite-outbox.c) */
    sqlite3_stmt *outbox[SQ_OUTBOX_STATEMENTS];
    /* ---- participants and case teams ---- (sqlite-coord.c) */
    sqlite3_stmt *coord[SQ_COORD_STATEMENTS];
    /* ---- case messages ---- (sqlite-messages.c) */
    sqlite3_stmt *messages[SQ_MESSAGE_STATEMENTS];
};

/* One use of a prepared statement: bind (the first bind error is kept and reported by the
 * step), step, read columns (the first failure is kept in err), close (reset). */
struct sq_q {
    struct cvd_store_tx *tx;
    struct sq_conn *c;
    sqlite3_stmt *st;
    int brc;
    int err;
    const char *what; /* "add organisation": messages say "cannot <what>: ..." */
};

int cvd__sq_fail(struct cvd_store_tx *tx, int sqlite_rc, const char *what);
int cvd__sq_open(struct sq_q *q, struct cvd_store_tx *tx, enum sq_stmt id, const char *what);
int cvd__sq_use(struct sq_q *q, struct cvd_store_tx *tx, sqlite3_stmt **slot, const char *sql,
                const char *what);
void cvd__sq_i64(struct sq_q *q, int i, int64_t v);
void cvd__sq_id(struct sq_q *q, int i, int64_t id); /* 0 (none) is bound as NULL */
void cvd__sq_str(struct sq_q *q, int i, struct cvd_str s);
void cvd__sq_cstr(struct sq_q *q, int i, const char *s);
void cvd__sq_blob(struct sq_q *q, int i, const void *p, size_t n); /* p NULL: NULL */
/* 1 for a row, 0 when done, or a negative code (explained in the tx's diag). */
int cvd__sq_step(struct sq_q *q);
void cvd__sq_close(struct sq_q *q);
/* Step to the end and close: 0 or a negative code. */
int cvd__sq_exec(struct sq_q *q);

/* Read the current row into item (strings into a); a failure goes to q->err. */
typedef void (*cvd__sq_row_fn)(struct sq_q *q, struct cvd_arena *a, void *item);
/* Step to the end, each row through fn into an arena array of size-byte items; closes q. */
int cvd__sq_rows(struct sq_q *q, struct cvd_arena *a, cvd__sq_row_fn fn, size_t size, void **ret,
                 size_t *ret_n);
/* A row's first column as an int64_t (lists of ids). */
void cvd__sq_row_id(struct sq_q *q, struct cvd_arena *a, void *item);

int64_t cvd__sq_col_i64(struct sq_q *q, int i);
bool cvd__sq_col_bool(struct sq_q *q, int i);
struct cvd_str cvd__sq_col_view(struct sq_q *q, int i); /* valid until the next step */
struct cvd_str cvd__sq_col_str(struct sq_q *q, int i, struct cvd_arena *a);
struct cvd_str cvd__sq_col_blob(struct sq_q *q, int i, struct cvd_arena *a);
bool cvd__sq_col_hash(struct sq_q *q, int i, unsigned char out[CVD_STORE_HASH_BYTES]);
int cvd__sq_col_enum(struct sq_q *q, int i, const struct cvd__store_enum *e);

/* Connection and transaction operations (sqlite.c), put in the ops table by sqlite-ops.c. */
int cvd__sq_conn_open(struct cvd_store *s, bool writer, void **ret_conn, struct cvd_diag *diag);
void cvd__sq_conn_close(void *conn);
int cvd__sq_begin(struct cvd_store_tx *tx);
int cvd__sq_commit(struct cvd_store_tx *tx);
void cvd__sq_rollback(struct cvd_store_tx *tx);
bool cvd__sq_in_tx(struct cvd_store_tx *tx);
int cvd__sq_savepoint(struct cvd_store_tx *tx);
int cvd__sq_release(struct cvd_store_tx *tx);
void cvd__sq_rollback_to(struct cvd_store_tx *tx);
int cvd__sq_schema_version(struct cvd_store_tx *tx, int *ret);
int cvd__sq_migrate(struct cvd_store_tx *tx);
int cvd__sq_backup(struct cvd_store_tx *tx, const char *dest_path);

/* ---- outbox ---- */

/* The SQLite outbox operations (sqlite-outbox.c), put in the ops table by sqlite-ops.c. */
int cvd__sq_outbox_add(struct cvd_store_tx *tx, const struct cvd_store_outbox *o, int64_t *ret_id);
int cvd__sq_outbox_claim(struct cvd_store_tx *tx, unsigned kinds, int64_t now, int64_t lease_until,
                         size_t max, struct cvd_arena *a, struct cvd_store_outbox **ret,
                         size_t *ret_n);
int cvd__sq_outbox_mark(struct cvd_store_tx *tx, int64_t id, enum cvd_outbox_state state,
                        int64_t attempts, int64_t at, struct cvd_str error);
int cvd__sq_outbox_get(struct cvd_store_tx *tx, int64_t id, struct cvd_arena *a,
                       struct cvd_store_outbox *ret);
int cvd__sq_outbox_list(struct cvd_store_tx *tx, const struct cvd_store_outbox_filter *f,
                        struct cvd_arena *a, struct cvd_store_outbox **ret, size_t *ret_n);
int cvd__sq_outbox_count(struct cvd_store_tx *tx, int64_t *ret);
int cvd__sq_webhook_add(struct cvd_store_tx *tx, const struct cvd_store_webhook *w,
                        int64_t *ret_id);
int cvd__sq_webhook_get(struct cvd_store_tx *tx, int64_t id, struct cvd_arena *a,
                        struct cvd_store_webhook *ret);
int cvd__sq_webhook_list(struct cvd_store_tx *tx, int64_t org_id, bool enabled_only,
                         struct cvd_arena *a, struct cvd_store_webhook **ret, size_t *ret_n);
int cvd__sq_webhook_set(struct cvd_store_tx *tx, int64_t id, bool remove, bool enabled);

/* ---- participants and case teams (sqlite-coord.c), put in the ops table by sqlite-ops.c ---- */
int cvd__sq_participant_add(struct cvd_store_tx *tx, const struct cvd_participant *p,
                            int64_t *ret_id);
int cvd__sq_participant_get(struct cvd_store_tx *tx, int64_t id, int64_t case_id, int64_t org_id,
                            struct cvd_arena *a, struct cvd_participant *ret);
int cvd__sq_participant_list(struct cvd_store_tx *tx, int64_t case_id, struct cvd_arena *a,
                             struct cvd_participant **ret, size_t *ret_n);
int cvd__sq_participant_update(struct cvd_store_tx *tx, const struct cvd_participant *p);
int cvd__sq_team_set(struct cvd_store_tx *tx, int64_t participant_id, int64_t user_id, bool remove,
                     int64_t at);
int cvd__sq_team_ids(struct cvd_store_tx *tx, int64_t participant_id, int64_t case_id,
                     int64_t user_id, struct cvd_arena *a, int64_t **ret, size_t *ret_n);
int cvd__sq_case_coord_get(struct cvd_store_tx *tx, int64_t case_id, struct cvd_embargo *ret_em,
                           unsigned *ret_pxa);
int cvd__sq_case_coord_put(struct cvd_store_tx *tx, int64_t case_id, const struct cvd_embargo *em,
                           unsigned pxa);
int cvd__sq_embargo_ending(struct cvd_store_tx *tx, int64_t before, struct cvd_arena *a,
                           int64_t **ret, size_t *ret_n);
int cvd__sq_read_mark_get(struct cvd_store_tx *tx, int64_t user_id, int64_t case_id,
                          int64_t *ret_last);
int cvd__sq_read_mark_put(struct cvd_store_tx *tx, int64_t user_id, int64_t case_id, int64_t last);

/* ---- case messages (sqlite-messages.c), put in the ops table by sqlite-ops.c ---- */
int cvd__sq_case_message_add(struct cvd_store_tx *tx, const struct cvd_store_case_message *m,
                             int64_t *ret_id);
int cvd__sq_case_message_list(struct cvd_store_tx *tx, int64_t case_id, size_t limit, size_t offset,
                              struct cvd_arena *a, struct cvd_store_case_message **ret,
                              size_t *ret_n);
int cvd__sq_case_message_search(struct cvd_store_tx *tx, const char *match, const int64_t *case_ids,
                                size_t n_case_ids, size_t limit, struct cvd_arena *a,
                                struct cvd_store_case_message **ret, size_t *ret_n);

#endif
