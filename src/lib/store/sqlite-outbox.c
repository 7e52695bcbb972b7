/* The SQLite backend's outbox and webhook operations. Their statements live in the
 * connection's own slots (struct sq_conn.outbox), prepared on first use like the others. */
#include "sqlite-int.h"

#include <string.h>

#define OB_COLS                                                                                    \
    "id, kind, dedupe_key, recipient, recipient_key, webhook_id, tlp, subject, body, path, "       \
    "case_id, object_kind, object_id, attempts, next_attempt_at, state, last_error, created_at, "  \
    "sent_at"
#define HOOK_COLS "id, org_id, url, secret, enabled, created_at"

enum ob_stmt {
    OB_ADD,
    OB_DUE,
    OB_DUE_KIND,
    OB_LEASE,
    OB_SENT,
    OB_FAILED,
    OB_GET,
    OB_LIST_ANY,
    OB_LIST_STATE,
    OB_COUNT,
    HOOK_ADD,
    HOOK_GET,
    HOOK_LIST,
    HOOK_LIST_ENABLED,
    HOOK_ENABLE,
    HOOK_DELETE,
    OB__COUNT
};

_Static_assert(OB__COUNT <= SQ_OUTBOX_STATEMENTS, "room for the outbox statements");

static const char *const ob_sql[OB__COUNT] = {
    [OB_ADD] = "INSERT INTO outbox (kind, dedupe_key, recipient, recipient_key, webhook_id, tlp, "
               "subject, body, path, case_id, object_kind, object_id, attempts, "
               "next_attempt_at, state, last_error, created_at, sent_at) VALUES (?1, ?2, ?3, "
               "?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, 0, ?13, 'pending', '', ?14, 0) "
               "ON CONFLICT (dedupe_key) DO NOTHING",
    /* Due rows of any kind through outbox_due (state, next_attempt_at); of one kind through
     * outbox_kind_due (state, kind, next_attempt_at), so mail waiting for a relay that is not
     * configured is never scanned past. */
    [OB_DUE] = "SELECT id FROM outbox WHERE state = 'pending' AND next_attempt_at <= ?1 "
               "ORDER BY next_attempt_at, id LIMIT ?2",
    [OB_DUE_KIND] = "SELECT id FROM outbox INDEXED BY outbox_kind_due WHERE state = 'pending' "
                    "AND kind = ?3 "
                    "AND next_attempt_at <= ?1 ORDER BY next_attempt_at, id LIMIT ?2",
    [OB_LEASE] = "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?2 "
                 "WHERE id = ?1 AND state = 'pending' RETURNING " OB_COLS,
    [OB_SENT] = "UPDATE outbox SET state = 'sent', sent_at = ?2, last_error = '' "
                "WHERE id = ?1 AND state = 'pending'",
    [OB_FAILED] = "UPDATE outbox SET state = ?3, next_attempt_at = ?4, last_error = ?5 "
                  "WHERE id = ?1 AND attempts = ?2 AND state = 'pending'",
    [OB_GET] = "SELECT " OB_COLS " FROM outbox WHERE id = ?1",
    [OB_LIST_ANY] = "SELECT " OB_COLS " FROM outbox ORDER BY id DESC LIMIT ?1 OFFSET ?2",
    [OB_LIST_STATE] = "SELECT " OB_COLS " FROM outbox WHERE state = ?3 "
                      "ORDER BY next_attempt_at, id LIMIT ?1 OFFSET ?2",
    [OB_COUNT] = "SELECT count(*) FROM outbox WHERE state = ?1",
    [HOOK_ADD] = "INSERT INTO webhooks (org_id, url, secret, enabled, created_at) "
                 "VALUES (?1, ?2, ?3, ?4, ?5)",
    [HOOK_GET] = "SELECT " HOOK_COLS " FROM webhooks WHERE id = ?1",
    [HOOK_LIST] = "SELECT " HOOK_COLS " FROM webhooks WHERE org_id = ?1 ORDER BY id",
    [HOOK_LIST_ENABLED] = "SELECT " HOOK_COLS " FROM webhooks WHERE org_id = ?1 AND enabled = 1 "
                          "ORDER BY id",
    [HOOK_ENABLE] = "UPDATE webhooks SET enabled = ?2 WHERE id = ?1",
    [HOOK_DELETE] = "DELETE FROM webhooks WHERE id = ?1",
};

static int ob_open(struct sq_q *q, struct cvd_store_tx *tx, enum ob_stmt id, const char *what)
{
    struct sq_conn *c = tx->conn;
    return cvd__sq_use(q, tx, &c->outbox[id], ob_sql[id], what);
}

static const char *name_of(const struct cvd__store_enum *e, int v)
{
    const char *name = cvd__store_enum_name(e, v);
    return name != NULL ? name : ""; /* checked by the caller (store-outbox.c) */
}

static void row_outbox(struct sq_q *q, struct cvd_arena *a, void *item)
{
    struct cvd_store_outbox *o = item;
    int i = 0;
    o->id = cvd__sq_col_i64(q, i++);
    o->kind = (enum cvd_outbox_kind)cvd__sq_col_enum(q, i++, &cvd__store_outbox_kind);
    o->dedupe_key = cvd__sq_col_str(q, i++, a);
    o->recipient = cvd__sq_col_str(q, i++, a);
    o->recipient_key = cvd__sq_col_str(q, i++, a);
    o->webhook_id = cvd__sq_col_i64(q, i++);
    o->tlp = (enum cvd_tlp)cvd__sq_col_enum(q, i++, &cvd__store_tlp);
    o->subject = cvd__sq_col_str(q, i++, a);
    o->body = cvd__sq_col_str(q, i++, a);
    o->path = cvd__sq_col_str(q, i++, a);
    o->case_id = cvd__sq_col_i64(q, i++);
    o->object_kind = cvd__sq_col_str(q, i++, a);
    o->object_id = cvd__sq_col_i64(q, i++);
    o->attempts = cvd__sq_col_i64(q, i++);
    o->next_attempt_at = cvd__sq_col_i64(q, i++);
    o->state = (enum cvd_outbox_state)cvd__sq_col_enum(q, i++, &cvd__store_outbox_state);
    o->last_error = cvd__sq_col_str(q, i++, a);
    o->created_at = cvd__sq_col_i64(q, i++);
    o->sent_at = cvd__sq_col_i64(q, i++);
}

/* Every row of q into an arena array. */
static int outbox_rows(struct sq_q *q, struct cvd_arena *a, struct cvd_store_outbox **ret,
                       size_t *ret_n)
{
    return cvd__sq_rows(q, a, row_outbox, sizeof(**ret), (void **)ret, ret_n);
}

int cvd__sq_outbox_add(struct cvd_store_tx *tx, const struct cvd_store_outbox *o, int64_t *ret_id)
{
    struct sq_q q;
    int rc = ob_open(&q, tx, OB_ADD, "queue notification");
    if (rc)
        return rc;
    cvd__sq_cstr(&q, 1, name_of(&cvd__store_outbox_kind, (int)o->kind));
    cvd__sq_str(&q, 2, o->dedupe_key);
    cvd__sq_str(&q, 3, o->recipient);
    cvd__sq_str(&q, 4, o->recipient_key);
    cvd__sq_id(&q, 5, o->webhook_id);
    cvd__sq_cstr(&q, 6, name_of(&cvd__store_tlp, (int)o->tlp));
    cvd__sq_str(&q, 7, o->subject);
    cvd__sq_str(&q, 8, o->body);
    cvd__sq_str(&q, 9, o->path);
    cvd__sq_id(&q, 10, o->case_id);
    cvd__sq_str(&q, 11, o->object_kind);
    cvd__sq_i64(&q, 12, o->object_id);
    cvd__sq_i64(&q, 13, o->next_attempt_at);
    cvd__sq_i64(&q, 14, o->created_at);
    rc = cvd__sq_exec(&q);
    if (rc)
        return rc;
    struct sq_conn *c = tx->conn;
    if (sqlite3_changes64(c->db) == 0)
        return cvd__store_fail(tx, CVD_EDUP, "cannot queue notification: it is already queued");
    if (ret_id != NULL)
        *ret_id = sqlite3_last_insert_rowid(c->db);
    return 0;
}

int cvd__sq_outbox_claim(struct cvd_store_tx *tx, unsigned kinds, int64_t now, int64_t lease_until,
                         size_t max, struct cvd_arena *a, struct cvd_store_outbox **ret,
                         size_t *ret_n)
{
    /* The ids first (the write lock is held: nobody claims in between), then each lease. */
    int64_t ids[CVD_STORE_LIST_MAX];
    size_t n = 0;
    struct sq_q q;
    bool mail = (kinds & (1u << CVD_OUTBOX_MAIL)) != 0;
    bool hooks = (kinds & (1u << CVD_OUTBOX_WEBHOOK)) != 0;
    int rc = ob_open(&q, tx, mail && hooks ? OB_DUE : OB_DUE_KIND, "claim notifications");
    if (rc)
        return rc;
    cvd__sq_i64(&q, 1, now);
    cvd__sq_i64(&q, 2, (int64_t)max);
    if (!(mail && hooks))
        cvd__sq_cstr(&q, 3,
                     name_of(&cvd__store_outbox_kind,
                             mail ? (int)CVD_OUTBOX_MAIL : (int)CVD_OUTBOX_WEBHOOK));
    while ((rc = cvd__sq_step(&q)) == 1 && n < max)
        ids[n++] = cvd__sq_col_i64(&q, 0);
    cvd__sq_close(&q);
    if (rc < 0)
        return rc;

    struct cvd__store_vec v = {.size = sizeof(struct cvd_store_outbox)};
    for (size_t i = 0; i < n; i++) {
        rc = ob_open(&q, tx, OB_LEASE, "claim notifications");
        if (rc)
            return rc;
        cvd__sq_i64(&q, 1, ids[i]);
        cvd__sq_i64(&q, 2, lease_until);
        rc = cvd__sq_step(&q);
        if (rc == 1) {
            struct cvd_store_outbox *o = cvd__store_vec_push(&v, a);
            if (o == NULL) {
                int code = cvd_arena_error(a) ? cvd_arena_error(a) : CVD_ENOMEM;
                rc =
                    cvd__store_fail(tx, code, "cannot claim notifications: %s", cvd_strerror(code));
            } else {
                row_outbox(&q, a, o);
                rc = q.err;
            }
            if (rc == 0) /* RETURNING: the update is done once the statement is */
                while ((rc = cvd__sq_step(&q)) == 1)
                    ;
        }
        cvd__sq_close(&q);
        if (rc < 0)
            return rc;
    }
    *ret = v.items;
    *ret_n = v.n;
    return 0;
}

int cvd__sq_outbox_mark(struct cvd_store_tx *tx, int64_t id, enum cvd_outbox_state state,
                        int64_t attempts, int64_t at, struct cvd_str error)
{
    struct sq_q q;
    bool sent = state == CVD_OUTBOX_SENT;
    int rc = ob_open(&q, tx, sent ? OB_SENT : OB_FAILED,
                     sent ? "mark notification sent" : "record failed notification");
    if (rc)
        return rc;
    cvd__sq_i64(&q, 1, id);
    if (sent) {
        cvd__sq_i64(&q, 2, at);
    } else {
        cvd__sq_i64(&q, 2, attempts);
        cvd__sq_cstr(&q, 3, name_of(&cvd__store_outbox_state, (int)state));
        cvd__sq_i64(&q, 4, at);
        cvd__sq_str(&q, 5, error);
    }
    rc = cvd__sq_exec(&q);
    if (rc)
        return rc;
    struct sq_conn *c = tx->conn;
    if (sqlite3_changes64(c->db) == 0)
        return cvd__store_fail(tx, CVD_ENOTFOUND, "cannot %s: notification %lld is not pending%s",
                               q.what, (long long)id, sent ? "" : " with that claim");
    return 0;
}

int cvd__sq_outbox_get(struct cvd_store_tx *tx, int64_t id, struct cvd_arena *a,
                       struct cvd_store_outbox *ret)
{
    struct sq_q q;
    int rc = ob_open(&q, tx, OB_GET, "read notification");
    if (rc)
        return rc;
    cvd__sq_i64(&q, 1, id);
    struct cvd_store_outbox *items = NULL;
    size_t n = 0;
    rc = outbox_rows(&q, a, &items, &n);
    if (rc)
        return rc;
    if (n == 0)
        return cvd__store_fail(tx, CVD_ENOTFOUND, "cannot read notification: no such row");
    *ret = items[0];
    return 0;
}

int cvd__sq_outbox_list(struct cvd_store_tx *tx, const struct cvd_store_outbox_filter *f,
                        struct cvd_arena *a, struct cvd_store_outbox **ret, size_t *ret_n)
{
    struct sq_q q;
    int rc = ob_open(&q, tx, f->any_state ? OB_LIST_ANY : OB_LIST_STATE, "list notifications");
    if (rc)
        return rc;
    cvd__sq_i64(&q, 1, (int64_t)f->limit);
    cvd__sq_i64(&q, 2, (int64_t)f->offset);
    if (!f->any_state)
        cvd__sq_cstr(&q, 3, name_of(&cvd__store_outbox_state, (int)f->state));
    return outbox_rows(&q, a, ret, ret_n);
}

int cvd__sq_outbox_count(struct cvd_store_tx *tx, int64_t *ret)
{
    for (int s = 0; s < (int)CVD_STORE_OUTBOX_STATES; s++) {
        struct sq_q q;
        int rc = ob_open(&q, tx, OB_COUNT, "count notifications");
        if (rc)
            return rc;
        cvd__sq_cstr(&q, 1, name_of(&cvd__store_outbox_state, s));
        rc = cvd__sq_step(&q);
        ret[s] = rc == 1 ? cvd__sq_col_i64(&q, 0) : 0;
        cvd__sq_close(&q);
        if (rc < 0)
            return rc;
    }
    return 0;
}

/* ---- webhooks ---- */

static void row_webhook(struct sq_q *q, struct cvd_arena *a, void *item)
{
    struct cvd_store_webhook *w = item;
    w->id = cvd__sq_col_i64(q, 0);
    w->org_id = cvd__sq_col_i64(q, 1);
    w->url = cvd__sq_col_str(q, 2, a);
    w->secret = cvd__sq_col_blob(q, 3, a);
    w->enabled = cvd__sq_col_bool(q, 4);
    w->created_at = cvd__sq_col_i64(q, 5);
}

static int webhook_rows(struct sq_q *q, struct cvd_arena *a, struct cvd_store_webhook **ret,
                        size_t *ret_n)
{
    return cvd__sq_rows(q, a, row_webhook, sizeof(**ret), (void **)ret, ret_n);
}

int cvd__sq_webhook_add(struct cvd_store_tx *tx, const struct cvd_store_webhook *w, int64_t *ret_id)
{
    struct sq_q q;
    int rc = ob_open(&q, tx, HOOK_ADD, "add webhook");
    if (rc)
        return rc;
    cvd__sq_i64(&q, 1, w->org_id);
    cvd__sq_str(&q, 2, w->url);
    cvd__sq_blob(&q, 3, w->secret.ptr, w->secret.len);
    cvd__sq_i64(&q, 4, w->enabled ? 1 : 0);
    cvd__sq_i64(&q, 5, w->created_at);
    rc = cvd__sq_exec(&q);
    if (rc == 0 && ret_id != NULL) {
        struct sq_conn *c = tx->conn;
        *ret_id = sqlite3_last_insert_rowid(c->db);
    }
    return rc;
}

int cvd__sq_webhook_get(struct cvd_store_tx *tx, int64_t id, struct cvd_arena *a,
                        struct cvd_store_webhook *ret)
{
    struct sq_q q;
    int rc = ob_open(&q, tx, HOOK_GET, "read webhook");
    if (rc)
        return rc;
    cvd__sq_i64(&q, 1, id);
    struct cvd_store_webhook *items = NULL;
    size_t n = 0;
    rc = webhook_rows(&q, a, &items, &n);
    if (rc)
        return rc;
    if (n == 0)
        return cvd__store_fail(tx, CVD_ENOTFOUND, "cannot read webhook: no such webhook");
    *ret = items[0];
    return 0;
}

int cvd__sq_webhook_list(struct cvd_store_tx *tx, int64_t org_id, bool enabled_only,
                         struct cvd_arena *a, struct cvd_store_webhook **ret, size_t *ret_n)
{
    struct sq_q q;
    int rc = ob_open(&q, tx, enabled_only ? HOOK_LIST_ENABLED : HOOK_LIST, "list webhooks");
    if (rc)
        return rc;
    cvd__sq_i64(&q, 1, org_id);
    return webhook_rows(&q, a, ret, ret_n);
}

int cvd__sq_webhook_set(struct cvd_store_tx *tx, int64_t id, bool remove, bool enabled)
{
    struct sq_q q;
    int rc = ob_open(&q, tx, remove ? HOOK_DELETE : HOOK_ENABLE,
                     remove ? "delete webhook" : "change webhook");
    if (rc)
        return rc;
    cvd__sq_i64(&q, 1, id);
    if (!remove)
        cvd__sq_i64(&q, 2, enabled ? 1 : 0);
    rc = cvd__sq_exec(&q);
    if (rc)
        return rc;
    struct sq_conn *c = tx->conn;
    if (sqlite3_changes64(c->db) == 0)
        return cvd__store_fail(tx, CVD_ENOTFOUND, "cannot %s: no such webhook", q.what);
    return 0;
}
