/* The SQLite backend's data operations and its table of operations. Each binds its parameters
 * to a constant statement, steps it and reads rows into the caller's arena. */
#include "sqlite-int.h"

#include <stdio.h>
#include <string.h>

/* ---- shared shapes ---- */

typedef cvd__sq_row_fn row_fn;

/* Exactly one row into a local copy, then *ret; CVD_ENOTFOUND without a row. */
static int get_one(struct sq_q *q, struct cvd_arena *a, row_fn fn, void *tmp, void *ret,
                   size_t size, const char *missing)
{
    int rc = cvd__sq_step(q);
    if (rc == 1) {
        fn(q, a, tmp);
        rc = q->err;
        if (rc == 0)
            memcpy(ret, tmp, size);
    } else if (rc == 0) {
        rc = cvd__store_fail(q->tx, CVD_ENOTFOUND, "cannot %s: %s", q->what, missing);
    }
    cvd__sq_close(q);
    return rc;
}

/* Every row into an arena array. */
int cvd__sq_rows(struct sq_q *q, struct cvd_arena *a, cvd__sq_row_fn fn, size_t size, void **ret,
                 size_t *ret_n)
{
    struct cvd__store_vec v = {.size = size};
    int rc;
    while ((rc = cvd__sq_step(q)) == 1) {
        void *item = cvd__store_vec_push(&v, a);
        if (item == NULL) {
            int code = cvd_arena_error(a) ? cvd_arena_error(a) : CVD_ENOMEM;
            rc = cvd__store_fail(q->tx, code, "cannot %s: %s", q->what, cvd_strerror(code));
            break;
        }
        fn(q, a, item);
        if (q->err) {
            rc = q->err;
            break;
        }
    }
    cvd__sq_close(q);
    if (rc < 0)
        return rc;
    *ret = v.items;
    *ret_n = v.n;
    return 0;
}

void cvd__sq_row_id(struct sq_q *q, struct cvd_arena *a, void *item)
{
    (void)a;
    *(int64_t *)item = cvd__sq_col_i64(q, 0);
}

/* An insert: its new row id. */
static int insert(struct sq_q *q, int64_t *ret_id)
{
    int rc = cvd__sq_exec(q);
    if (rc == 0 && ret_id != NULL)
        *ret_id = sqlite3_last_insert_rowid(q->c->db);
    return rc;
}

/* An update or delete: how many rows it changed; CVD_ENOTFOUND for none when missing is set. */
static int change(struct sq_q *q, int64_t *ret_n, const char *missing)
{
    int rc = cvd__sq_exec(q);
    if (rc)
        return rc;
    int64_t n = sqlite3_changes64(q->c->db);
    if (ret_n != NULL)
        *ret_n = n;
    if (n == 0 && missing != NULL)
        return cvd__store_fail(q->tx, CVD_ENOTFOUND, "cannot %s: %s", q->what, missing);
    return 0;
}

static const char *name_of(const struct cvd__store_enum *e, int v)
{
    const char *name = cvd__store_enum_name(e, v);
    return name != NULL ? name : ""; /* checked by the caller (store-api.c) */
}

/* ---- organisations, users, memberships ---- */

static void row_org(struct sq_q *q, struct cvd_arena *a, void *item)
{
    struct cvd_org *o = item;
    o->id = cvd__sq_col_i64(q, 0);
    o->name = cvd__sq_col_str(q, 1, a);
    o->kind = (enum cvd_org_kind)cvd__sq_col_enum(q, 2, &cvd__store_org_kind);
    o->created_at = cvd__sq_col_i64(q, 3);
}

static int org_add(struct cvd_store_tx *tx, const struct cvd_org *org, int64_t *ret_id)
{
    struct sq_q q;
    int rc = cvd__sq_open(&q, tx, SQ_ORG_ADD, "add organisation");
    if (rc)
        return rc;
    cvd__sq_str(&q, 1, org->name);
    cvd__sq_cstr(&q, 2, name_of(&cvd__store_org_kind, (int)org->kind));
    cvd__sq_i64(&q, 3, org->created_at);
    return insert(&q, ret_id);
}

static int org_get(struct cvd_store_tx *tx, int64_t id, struct cvd_str name, struct cvd_arena *a,
                   struct cvd_org *ret)
{
    struct sq_q q;
    int rc = cvd__sq_open(&q, tx, id ? SQ_ORG_GET : SQ_ORG_GET_NAME, "read organisation");
    if (rc)
        return rc;
    if (id)
        cvd__sq_i64(&q, 1, id);
    else
        cvd__sq_str(&q, 1, name);
    struct cvd_org tmp = {0};
    return get_one(&q, a, row_org, &tmp, ret, sizeof(tmp), "no such organisation");
}

static int org_list(struct cvd_store_tx *tx, struct cvd_arena *a, struct cvd_org **ret,
                    size_t *ret_n)
{
    struct sq_q q;
    int rc = cvd__sq_open(&q, tx, SQ_ORG_LIST, "list organisations");
    if (rc)
        return rc;
    void *items;
    rc = cvd__sq_rows(&q, a, row_org, sizeof(struct cvd_org), &items, ret_n);
    if (rc == 0)
        *ret = items;
    return rc;
}

static void row_user(struct sq_q *q, struct cvd_arena *a, void *item)
{
    struct cvd_user *u = item;
    u->id = cvd__sq_col_i64(q, 0);
    u->email = cvd__sq_col_str(q, 1, a);
    u->name = cvd__sq_col_str(q, 2, a);
    u->password_hash = cvd__sq_col_str(q, 3, a);
    u->is_admin = cvd__sq_col_bool(q, 4);
    u->created_at = cvd__sq_col_i64(q, 5);
}

static int user_add(struct cvd_store_tx *tx, const struct cvd_user *user, int64_t *ret_id)
{
    struct sq_q q;
    int rc = cvd__sq_open(&q, tx, SQ_USER_ADD, "add user");
    if (rc)
        return rc;
    cvd__sq_str(&q, 1, user->email);
    cvd__sq_str(&q, 2, user->name);
    cvd__sq_str(&q, 3, user->password_hash);
    cvd__sq_i64(&q, 4, user->is_admin ? 1 : 0);
    cvd__sq_i64(&q, 5, user->created_at);
    return insert(&q, ret_id);
}

static int user_get(struct cvd_store_tx *tx, int64_t id, struct cvd_str email, struct cvd_arena *a,
                    struct cvd_user *ret)
{
    struct sq_q q;
    int rc = cvd__sq_open(&q, tx, id ? SQ_USER_GET : SQ_USER_GET_EMAIL, "read user");
    if (rc)
        return rc;
    if (id)
        cvd__sq_i64(&q, 1, id);
    else
        cvd__sq_str(&q, 1, email);
    struct cvd_user tmp = {0};
    return get_one(&q, a, row_user, &tmp, ret, sizeof(tmp), "no such user");
}

static int user_list(struct cvd_store_tx *tx, struct cvd_arena *a, struct cvd_user **ret,
                     size_t *ret_n)
{
    struct sq_q q;
    int rc = cvd__sq_open(&q, tx, SQ_USER_LIST, "list users");
    if (rc)
        return rc;
    void *items;
    rc = cvd__sq_rows(&q, a, row_user, sizeof(struct cvd_user), &items, ret_n);
    if (rc == 0)
        *ret = items;
    return rc;
}

static int user_count(struct cvd_store_tx *tx, int64_t *ret_n)
{
    struct sq_q q;
    int rc = cvd__sq_open(&q, tx, SQ_USER_COUNT, "count users");
    if (rc)
        return rc;
    rc = cvd__sq_step(&q);
    if (rc == 1) {
        *ret_n = cvd__sq_col_i64(&q, 0);
        rc = 0;
    } else if (rc == 0) {
        *ret_n = 0;
    }
    cvd__sq_close(&q);
    return rc;
}

static int user_update(struct cvd_store_tx *tx, const struct cvd_user *user)
{
    struct sq_q q;
    int rc = cvd__sq_open(&q, tx, SQ_USER_UPDATE, "update user");
    if (rc)
        return rc;
    cvd__sq_i64(&q, 1, user->id);
    cvd__sq_str(&q, 2, user->name);
    cvd__sq_str(&q, 3, user->password_hash);
    cvd__sq_i64(&q, 4, user->is_admin ? 1 : 0);
    return change(&q, NULL, "no such user");
}

static void row_membership(struct sq_q *q, struct cvd_arena *a, void *item)
{
    struct cvd_membership *m = item;
    m->user_id = cvd__sq_col_i64(q, 0);
    m->org_id = cvd__sq_col_i64(q, 1);
    m->org_kind = (enum cvd_org_kind)cvd__sq_col_enum(q, 2, &cvd__store_org_kind);
    m->org_name = cvd__sq_col_str(q, 3, a);
    m->role = (enum cvd_member_role)cvd__sq_col_enum(q, 4, &cvd__store_role);
}

static int membership_add(struct cvd_store_tx *tx, const struct cvd_membership *m)
{
    struct sq_q q;
    int rc = cvd__sq_open(&q, tx, SQ_MEMBER_ADD, "add membership");
    if (rc)
        return rc;
    cvd__sq_i64(&q, 1, m->user_id);
    cvd__sq_i64(&q, 2, m->org_id);
    cvd__sq_cstr(&q, 3, name_of(&cvd__store_role, (int)m->role));
    return insert(&q, NULL);
}

static int membership_list(struct cvd_store_tx *tx, int64_t user_id, int64_t org_id,
                           struct cvd_arena *a, struct cvd_membership **ret, size_t *ret_n)
{
    struct sq_q q;
    int rc = cvd__sq_open(&q, tx, user_id ? SQ_MEMBER_LIST_USER : SQ_MEMBER_LIST_ORG,
                          "list memberships");
    if (rc)
        return rc;
    cvd__sq_i64(&q, 1, user_id ? user_id : org_id);
    void *items;
    rc = cvd__sq_rows(&q, a, row_membership, sizeof(struct cvd_membership), &items, ret_n);
    if (rc == 0)
        *ret = items;
    return rc;
}

/* ---- sessions, tokens, throttling ---- */

static int session_add(struct cvd_store_tx *tx, const struct cvd_store_session *sess)
{
    struct sq_q q;
    int rc = cvd__sq_open(&q, tx, SQ_SESSION_ADD, "add session");
    if (rc)
        return rc;
    cvd__sq_blob(&q, 1, sess->token_hash, CVD_STORE_HASH_BYTES);
    cvd__sq_i64(&q, 2, sess->user_id);
    cvd__sq_blob(&q, 3, sess->csrf_hash, CVD_STORE_HASH_BYTES);
    cvd__sq_i64(&q, 4, sess->created_at);
    cvd__sq_i64(&q, 5, sess->expires_at);
    return insert(&q, NULL);
}

static void row_session(struct sq_q *q, struct cvd_arena *a, void *item)
{
    struct cvd_store_session *s = item;
    (void)a;
    if (!cvd__sq_col_hash(q, 0, s->token_hash) || !cvd__sq_col_hash(q, 2, s->csrf_hash))
        q->err = cvd__store_fail(q->tx, CVD_EDB, "cannot %s: malformed hash", q->what);
    s->user_id = cvd__sq_col_i64(q, 1);
    s->created_at = cvd__sq_col_i64(q, 3);
    s->expires_at = cvd__sq_col_i64(q, 4);
}

static int session_get(struct cvd_store_tx *tx, const unsigned char *hash,
                       struct cvd_store_session *ret)
{
    struct sq_q q;
    int rc = cvd__sq_open(&q, tx, SQ_SESSION_GET, "read session");
    if (rc)
        return rc;
    cvd__sq_blob(&q, 1, hash, CVD_STORE_HASH_BYTES);
    cvd__sq_i64(&q, 2, tx->now);
    struct cvd_store_session tmp = {0};
    return get_one(&q, NULL, row_session, &tmp, ret, sizeof(tmp), "no such session");
}

static int session_delete(struct cvd_store_tx *tx, const unsigned char *hash, int64_t user_id,
                          bool expired, int64_t *ret_n)
{
    struct sq_q q;
    enum sq_stmt id = hash != NULL ? SQ_SESSION_DELETE
                      : expired    ? SQ_SESSION_DELETE_EXPIRED
                                   : SQ_SESSION_DELETE_USER;
    int rc = cvd__sq_open(&q, tx, id, "delete sessions");
    if (rc)
        return rc;
    if (hash != NULL)
        cvd__sq_blob(&q, 1, hash, CVD_STORE_HASH_BYTES);
    else if (expired)
        cvd__sq_i64(&q, 1, tx->now);
    else
        cvd__sq_i64(&q, 1, user_id);
    return change(&q, ret_n, NULL);
}

static void row_token(struct sq_q *q, struct cvd_arena *a, void *item)
{
    struct cvd_store_token *t = item;
    t->id = cvd__sq_col_i64(q, 0);
    t->user_id = cvd__sq_col_i64(q, 1);
    t->name = cvd__sq_col_str(q, 2, a);
    if (!cvd__sq_col_hash(q, 3, t->token_hash) && q->err == 0)
        q->err = cvd__store_fail(q->tx, CVD_EDB, "cannot %s: malformed hash", q->what);
    t->created_at = cvd__sq_col_i64(q, 4);
    t->last_used_at = cvd__sq_col_i64(q, 5);
    t->revoked = cvd__sq_col_bool(q, 6);
}

static int token_add(struct cvd_store_tx *tx, const struct cvd_store_token *tok, int64_t *ret_id)
{
    struct sq_q q;
    int rc = cvd__sq_open(&q, tx, SQ_TOKEN_ADD, "add API token");
    if (rc)
        return rc;
    cvd__sq_i64(&q, 1, tok->user_id);
    cvd__sq_str(&q, 2, tok->name);
    cvd__sq_blob(&q, 3, tok->token_hash, CVD_STORE_HASH_BYTES);
    cvd__sq_i64(&q, 4, tok->created_at);
    return insert(&q, ret_id);
}

static int token_get(struct cvd_store_tx *tx, const unsigned char *hash, struct cvd_arena *a,
                     struct cvd_store_token *ret)
{
    struct sq_q q;
    int rc = cvd__sq_open(&q, tx, SQ_TOKEN_GET, "read API token");
    if (rc)
        return rc;
    cvd__sq_blob(&q, 1, hash, CVD_STORE_HASH_BYTES);
    struct cvd_store_token tmp = {0};
    return get_one(&q, a, row_token, &tmp, ret, sizeof(tmp), "no such token");
}

static int token_list(struct cvd_store_tx *tx, int64_t user_id, struct cvd_arena *a,
                      struct cvd_store_token **ret, size_t *ret_n)
{
    struct sq_q q;
    int rc = cvd__sq_open(&q, tx, SQ_TOKEN_LIST, "list API tokens");
    if (rc)
        return rc;
    cvd__sq_i64(&q, 1, user_id);
    void *items;
    rc = cvd__sq_rows(&q, a, row_token, sizeof(struct cvd_store_token), &items, ret_n);
    if (rc == 0)
        *ret = items;
    return rc;
}

static int token_set(struct cvd_store_tx *tx, int64_t id, bool revoke, int64_t used_at)
{
    struct sq_q q;
    int rc = cvd__sq_open(&q, tx, revoke ? SQ_TOKEN_REVOKE : SQ_TOKEN_TOUCH,
                          revoke ? "revoke API token" : "record API token use");
    if (rc)
        return rc;
    cvd__sq_i64(&q, 1, id);
    if (!revoke)
        cvd__sq_i64(&q, 2, used_at);
    return change(&q, NULL, "no such token");
}

static int throttle_fail(struct cvd_store_tx *tx, struct cvd_str key, int64_t at)
{
    struct sq_q q;
    int rc = cvd__sq_open(&q, tx, SQ_THROTTLE_ADD, "record login failure");
    if (rc)
        return rc;
    cvd__sq_str(&q, 1, key);
    cvd__sq_i64(&q, 2, at);
    return insert(&q, NULL);
}

static int throttle_count(struct cvd_store_tx *tx, struct cvd_str key, int64_t since,
                          int64_t *ret_n, int64_t *ret_oldest)
{
    struct sq_q q;
    int rc = cvd__sq_open(&q, tx, SQ_THROTTLE_COUNT, "count login failures");
    if (rc)
        return rc;
    cvd__sq_str(&q, 1, key);
    cvd__sq_i64(&q, 2, since);
    rc = cvd__sq_step(&q);
    if (rc == 1) {
        *ret_n = cvd__sq_col_i64(&q, 0);
        *ret_oldest = cvd__sq_col_i64(&q, 1);
        rc = 0;
    } else if (rc == 0) {
        *ret_n = 0;
        *ret_oldest = 0;
    }
    cvd__sq_close(&q);
    return rc;
}

static int throttle_clear(struct cvd_store_tx *tx, struct cvd_str key, int64_t before,
                          int64_t *ret_n)
{
    struct sq_q q;
    bool prune = key.len == 0;
    int rc =
        cvd__sq_open(&q, tx, prune ? SQ_THROTTLE_PRUNE : SQ_THROTTLE_CLEAR, "clear login failures");
    if (rc)
        return rc;
    if (prune)
        cvd__sq_i64(&q, 1, before);
    else
        cvd__sq_str(&q, 1, key);
    return change(&q, ret_n, NULL);
}

/* ---- reports ---- */

static int counter_next(struct cvd_store_tx *tx, const char *kind, int year, int64_t *ret)
{
    struct sq_q q;
    int rc = cvd__sq_open(&q, tx, SQ_COUNTER_NEXT, "allocate an identifier");
    if (rc)
        return rc;
    cvd__sq_cstr(&q, 1, kind);
    cvd__sq_i64(&q, 2, year);
    int64_t n = 0;
    while ((rc = cvd__sq_step(&q)) == 1)
        n = cvd__sq_col_i64(&q, 0);
    cvd__sq_close(&q);
    if (rc)
        return rc;
    *ret = n;
    return 0;
}

static void row_report(struct sq_q *q, struct cvd_arena *a, void *item)
{
    struct cvd_report *r = item;
    int i = 0;
    r->id = cvd__sq_col_i64(q, i++);
    r->tracking_id = cvd__sq_col_str(q, i++, a);
    r->received_at = cvd__sq_col_i64(q, i++);
    r->channel = (enum cvd_channel)cvd__sq_col_enum(q, i++, &cvd__store_channel);
    r->state = (enum cvd_report_state)cvd__sq_col_enum(q, i++, &cvd__store_report_state);
    r->invalid_reason =
        (enum cvd_invalid_reason)cvd__sq_col_enum(q, i++, &cvd__store_invalid_reason);
    r->tlp = (enum cvd_tlp)cvd__sq_col_enum(q, i++, &cvd__store_tlp);
    r->title = cvd__sq_col_str(q, i++, a);
    r->product = cvd__sq_col_str(q, i++, a);
    r->versions = cvd__sq_col_str(q, i++, a);
    r->description = cvd__sq_col_str(q, i++, a);
    r->impact = cvd__sq_col_str(q, i++, a);
    r->reproduction = cvd__sq_col_str(q, i++, a);
    r->how_found = cvd__sq_col_str(q, i++, a);
    r->disclosure_plans = cvd__sq_col_str(q, i++, a);
    r->vendor_contacted = (enum cvd_answer)cvd__sq_col_enum(q, i++, &cvd__store_answer);
    r->publicly_known = (enum cvd_answer)cvd__sq_col_enum(q, i++, &cvd__store_answer);
    r->exploited = (enum cvd_answer)cvd__sq_col_enum(q, i++, &cvd__store_answer);
    r->credit_wanted = cvd__sq_col_bool(q, i++);
    r->credit_name = cvd__sq_col_str(q, i++, a);
    r->share_contact = cvd__sq_col_bool(q, i++);
    r->reporter_name = cvd__sq_col_str(q, i++, a);
    r->reporter_email = cvd__sq_col_str(q, i++, a);
    r->reporter_pgp_key = cvd__sq_col_str(q, i++, a);
    r->reporter_user = cvd__sq_col_i64(q, i++);
    r->acked_at = cvd__sq_col_i64(q, i++);
    r->last_status_at = cvd__sq_col_i64(q, i++);
    r->case_id = cvd__sq_col_i64(q, i++);
    r->duplicate_of = cvd__sq_col_i64(q, i++);
    r->updated_at = cvd__sq_col_i64(q, i++);
}

static int report_insert(struct cvd_store_tx *tx, const struct cvd_report *r,
                         const char *tracking_id, const unsigned char *followup_hash,
                         int64_t *ret_id)
{
    struct sq_q q;
    int rc = cvd__sq_open(&q, tx, SQ_REPORT_INSERT, "insert report");
    if (rc)
        return rc;
    int i = 1;
    cvd__sq_cstr(&q, i++, tracking_id);
    cvd__sq_blob(&q, i++, followup_hash, CVD_STORE_HASH_BYTES);
    cvd__sq_i64(&q, i++, r->received_at);
    cvd__sq_cstr(&q, i++, name_of(&cvd__store_channel, (int)r->channel));
    cvd__sq_cstr(&q, i++, name_of(&cvd__store_report_state, (int)r->state));
    cvd__sq_cstr(&q, i++, name_of(&cvd__store_invalid_reason, (int)r->invalid_reason));
    cvd__sq_cstr(&q, i++, name_of(&cvd__store_tlp, (int)r->tlp));
    cvd__sq_str(&q, i++, r->title);
    cvd__sq_str(&q, i++, r->product);
    cvd__sq_str(&q, i++, r->versions);
    cvd__sq_str(&q, i++, r->description);
    cvd__sq_str(&q, i++, r->impact);
    cvd__sq_str(&q, i++, r->reproduction);
    cvd__sq_str(&q, i++, r->how_found);
    cvd__sq_str(&q, i++, r->disclosure_plans);
    cvd__sq_cstr(&q, i++, name_of(&cvd__store_answer, (int)r->vendor_contacted));
    cvd__sq_cstr(&q, i++, name_of(&cvd__store_answer, (int)r->publicly_known));
    cvd__sq_cstr(&q, i++, name_of(&cvd__store_answer, (int)r->exploited));
    cvd__sq_i64(&q, i++, r->credit_wanted ? 1 : 0);
    cvd__sq_str(&q, i++, r->credit_name);
    cvd__sq_i64(&q, i++, r->share_contact ? 1 : 0);
    cvd__sq_str(&q, i++, r->reporter_name);
    cvd__sq_str(&q, i++, r->reporter_email);
    cvd__sq_str(&q, i++, r->reporter_pgp_key);
    cvd__sq_id(&q, i++, r->reporter_user);
    cvd__sq_i64(&q, i++, r->acked_at);
    cvd__sq_i64(&q, i++, r->last_status_at);
    cvd__sq_id(&q, i++, r->case_id);
    cvd__sq_id(&q, i++, r->duplicate_of);
    cvd__sq_i64(&q, i++, r->updated_at);
    return insert(&q, ret_id);
}

static int report_get(struct cvd_store_tx *tx, int64_t id, struct cvd_str tracking_id,
                      const unsigned char *followup_hash, struct cvd_arena *a,
                      struct cvd_report *ret)
{
    struct sq_q q;
    enum sq_stmt which = followup_hash != NULL ? SQ_REPORT_GET_FOLLOWUP
                         : id != 0             ? SQ_REPORT_GET
                                               : SQ_REPORT_GET_TRACKING;
    int rc = cvd__sq_open(&q, tx, which, "read report");
    if (rc)
        return rc;
    if (followup_hash != NULL)
        cvd__sq_blob(&q, 1, followup_hash, CVD_STORE_HASH_BYTES);
    else if (id != 0)
        cvd__sq_i64(&q, 1, id);
    else
        cvd__sq_str(&q, 1, tracking_id);
    struct cvd_report tmp = {0};
    return get_one(&q, a, row_report, &tmp, ret, sizeof(tmp), "no such report");
}

enum { CASE_ANY, CASE_EQ, CASE_NONE };

/* The variant of a report list or count: which filters, which columns, which order. */
static unsigned report_variant(const struct cvd_store_report_filter *f, bool count)
{
    unsigned states = f->states != 0;
    unsigned cases = f->case_id == 0 ? CASE_ANY : f->case_id > 0 ? CASE_EQ : CASE_NONE;
    unsigned v = states | cases << 1;
    if (!count)
        v |= (unsigned)f->summary << 3 | (unsigned)f->order << 4;
    return v;
}

/* Build the SQL of a variant from fixed fragments only. */
static void report_sql(unsigned v, bool count, char *out, size_t size)
{
    static const char *const orders[] = {
        [CVD_STORE_ORDER_RECEIVED_ASC] = " ORDER BY received_at, id",
        [CVD_STORE_ORDER_RECEIVED_DESC] = " ORDER BY received_at DESC, id DESC",
        [CVD_STORE_ORDER_UPDATED_DESC] = " ORDER BY updated_at DESC, id DESC",
        [CVD_STORE_ORDER_LAST_STATUS_ASC] = " ORDER BY last_status_at, id",
    };
    unsigned cases = (v >> 1) & 3;
    snprintf(out, size, "SELECT %s FROM reports WHERE 1%s%s%s%s",
             count           ? "count(*)"
             : (v >> 3) & 1u ? SQ_REPORT_SUMMARY_COLS
                             : SQ_REPORT_COLS,
             v & 1u ? " AND state IN (?1, ?2, ?3, ?4, ?5, ?6)" : "",
             cases == CASE_EQ     ? " AND case_id = ?7"
             : cases == CASE_NONE ? " AND case_id IS NULL"
                                  : "",
             count ? "" : orders[(v >> 4) & 3u], count ? "" : " LIMIT ?8 OFFSET ?9");
}

static int report_query(struct sq_q *q, struct cvd_store_tx *tx,
                        const struct cvd_store_report_filter *f, bool count, const char *what)
{
    struct sq_conn *c = tx->conn;
    unsigned v = report_variant(f, count);
    char sql[1024];
    report_sql(v, count, sql, sizeof(sql));
    sqlite3_stmt **slot = count ? &c->report_count[v] : &c->report_list[v];
    int rc = cvd__sq_use(q, tx, slot, sql, what);
    if (rc)
        return rc;
    if (f->states != 0) {
        /* Six slots, one per state; unused ones repeat a chosen state. */
        const char *first = NULL;
        int slot_i = 1;
        for (int s = 0; s < (int)CVD_STORE_REPORT_STATES; s++) {
            if (!(f->states & CVD_STORE_STATE_BIT(s)))
                continue;
            const char *name = name_of(&cvd__store_report_state, s);
            if (first == NULL)
                first = name;
            cvd__sq_cstr(q, slot_i++, name);
        }
        while (slot_i <= 6)
            cvd__sq_cstr(q, slot_i++, first);
    }
    if (f->case_id > 0)
        cvd__sq_i64(q, 7, f->case_id);
    if (!count) {
        cvd__sq_i64(q, 8, (int64_t)f->limit);
        cvd__sq_i64(q, 9, (int64_t)f->offset);
    }
    return 0;
}

static int report_list(struct cvd_store_tx *tx, const struct cvd_store_report_filter *f,
                       struct cvd_arena *a, struct cvd_report **ret, size_t *ret_n)
{
    struct sq_q q;
    int rc = report_query(&q, tx, f, false, "list reports");
    if (rc)
        return rc;
    void *items;
    rc = cvd__sq_rows(&q, a, row_report, sizeof(struct cvd_report), &items, ret_n);
    if (rc == 0)
        *ret = items;
    return rc;
}

static int report_count(struct cvd_store_tx *tx, const struct cvd_store_report_filter *f,
                        int64_t *ret_n)
{
    struct sq_q q;
    int rc = report_query(&q, tx, f, true, "count reports");
    if (rc)
        return rc;
    rc = cvd__sq_step(&q);
    if (rc == 1) {
        *ret_n = cvd__sq_col_i64(&q, 0);
        rc = 0;
    } else if (rc == 0) {
        *ret_n = 0;
    }
    cvd__sq_close(&q);
    return rc;
}

static int report_count_by_state(struct cvd_store_tx *tx, int64_t *ret)
{
    struct sq_q q;
    int rc = cvd__sq_open(&q, tx, SQ_REPORT_COUNT_STATE, "count reports");
    if (rc)
        return rc;
    int64_t counts[CVD_STORE_REPORT_STATES] = {0};
    while ((rc = cvd__sq_step(&q)) == 1) {
        int state = cvd__sq_col_enum(&q, 0, &cvd__store_report_state);
        if (q.err) {
            rc = q.err;
            break;
        }
        counts[state] = cvd__sq_col_i64(&q, 1);
    }
    cvd__sq_close(&q);
    if (rc)
        return rc;
    memcpy(ret, counts, sizeof(counts));
    return 0;
}

static int report_update(struct cvd_store_tx *tx, const struct cvd_report *r)
{
    struct sq_q q;
    int rc = cvd__sq_open(&q, tx, SQ_REPORT_UPDATE, "update report");
    if (rc)
        return rc;
    cvd__sq_i64(&q, 1, r->id);
    cvd__sq_cstr(&q, 2, name_of(&cvd__store_report_state, (int)r->state));
    cvd__sq_cstr(&q, 3, name_of(&cvd__store_invalid_reason, (int)r->invalid_reason));
    cvd__sq_i64(&q, 4, r->acked_at);
    cvd__sq_i64(&q, 5, r->last_status_at);
    cvd__sq_id(&q, 6, r->case_id);
    cvd__sq_id(&q, 7, r->duplicate_of);
    cvd__sq_i64(&q, 8, r->updated_at);
    return change(&q, NULL, "no such report");
}

/* ---- attachments ---- */

static void row_attachment(struct sq_q *q, struct cvd_arena *a, void *item)
{
    struct cvd_store_attachment *t = item;
    t->id = cvd__sq_col_i64(q, 0);
    t->report_id = cvd__sq_col_i64(q, 1);
    t->name = cvd__sq_col_str(q, 2, a);
    t->content_type = cvd__sq_col_str(q, 3, a);
    t->size = cvd__sq_col_i64(q, 4);
    if (!cvd__sq_col_hash(q, 5, t->sha256) && q->err == 0)
        q->err = cvd__store_fail(q->tx, CVD_EDB, "cannot %s: malformed hash", q->what);
    t->data = cvd__sq_col_blob(q, 6, a);
    t->created_at = cvd__sq_col_i64(q, 7);
}

static int attachment_add(struct cvd_store_tx *tx, const struct cvd_store_attachment *att,
                          int64_t *ret_id)
{
    struct sq_q q;
    int rc = cvd__sq_open(&q, tx, SQ_ATTACHMENT_ADD, "add attachment");
    if (rc)
        return rc;
    cvd__sq_i64(&q, 1, att->report_id);
    cvd__sq_str(&q, 2, att->name);
    cvd__sq_str(&q, 3, att->content_type);
    cvd__sq_i64(&q, 4, att->size);
    cvd__sq_blob(&q, 5, att->sha256, CVD_STORE_HASH_BYTES);
    cvd__sq_blob(&q, 6, att->data.ptr, att->data.len);
    cvd__sq_i64(&q, 7, att->created_at);
    return insert(&q, ret_id);
}

static int attachment_list(struct cvd_store_tx *tx, int64_t report_id, struct cvd_arena *a,
                           struct cvd_store_attachment **ret, size_t *ret_n)
{
    struct sq_q q;
    int rc = cvd__sq_open(&q, tx, SQ_ATTACHMENT_LIST, "list attachments");
    if (rc)
        return rc;
    cvd__sq_i64(&q, 1, report_id);
    void *items;
    rc = cvd__sq_rows(&q, a, row_attachment, sizeof(struct cvd_store_attachment), &items, ret_n);
    if (rc == 0)
        *ret = items;
    return rc;
}

static int attachment_get(struct cvd_store_tx *tx, int64_t id, struct cvd_arena *a,
                          struct cvd_store_attachment *ret)
{
    struct sq_q q;
    int rc = cvd__sq_open(&q, tx, SQ_ATTACHMENT_GET, "read attachment");
    if (rc)
        return rc;
    cvd__sq_i64(&q, 1, id);
    struct cvd_store_attachment tmp = {0};
    return get_one(&q, a, row_attachment, &tmp, ret, sizeof(tmp), "no such attachment");
}

/* ---- cases, vulnerabilities ---- */

static void row_case(struct sq_q *q, struct cvd_arena *a, void *item)
{
    struct cvd_case *c = item;
    c->id = cvd__sq_col_i64(q, 0);
    c->case_id = cvd__sq_col_str(q, 1, a);
    c->title = cvd__sq_col_str(q, 2, a);
    c->state = (enum cvd_case_state)cvd__sq_col_enum(q, 3, &cvd__store_case_state);
    c->tlp = (enum cvd_tlp)cvd__sq_col_enum(q, 4, &cvd__store_tlp);
    c->created_at = cvd__sq_col_i64(q, 5);
    c->closed_at = cvd__sq_col_i64(q, 6);
}

static int case_insert(struct cvd_store_tx *tx, const struct cvd_case *c, const char *case_id,
                       int64_t *ret_id)
{
    struct sq_q q;
    int rc = cvd__sq_open(&q, tx, SQ_CASE_INSERT, "insert case");
    if (rc)
        return rc;
    cvd__sq_cstr(&q, 1, case_id);
    cvd__sq_str(&q, 2, c->title);
    cvd__sq_cstr(&q, 3, name_of(&cvd__store_case_state, (int)c->state));
    cvd__sq_cstr(&q, 4, name_of(&cvd__store_tlp, (int)c->tlp));
    cvd__sq_i64(&q, 5, c->created_at);
    cvd__sq_i64(&q, 6, c->closed_at);
    return insert(&q, ret_id);
}

static int case_get(struct cvd_store_tx *tx, int64_t id, struct cvd_str case_id,
                    struct cvd_arena *a, struct cvd_case *ret)
{
    struct sq_q q;
    int rc = cvd__sq_open(&q, tx, id ? SQ_CASE_GET : SQ_CASE_GET_ID, "read case");
    if (rc)
        return rc;
    if (id)
        cvd__sq_i64(&q, 1, id);
    else
        cvd__sq_str(&q, 1, case_id);
    struct cvd_case tmp = {0};
    return get_one(&q, a, row_case, &tmp, ret, sizeof(tmp), "no such case");
}

static int case_list(struct cvd_store_tx *tx, const struct cvd_store_case_filter *f,
                     struct cvd_arena *a, struct cvd_case **ret, size_t *ret_n)
{
    static const char *const sql[SQ_CASE_LIST_VARIANTS] = {
        "SELECT " SQ_CASE_COLS " FROM cases ORDER BY created_at DESC, id DESC "
        "LIMIT ?5 OFFSET ?6",
        "SELECT " SQ_CASE_COLS " FROM cases WHERE state IN (?1, ?2, ?3, ?4) "
        "ORDER BY created_at DESC, id DESC LIMIT ?5 OFFSET ?6",
    };
    struct sq_conn *c = tx->conn;
    unsigned v = f->states != 0;
    struct sq_q q;
    int rc = cvd__sq_use(&q, tx, &c->case_list[v], sql[v], "list cases");
    if (rc)
        return rc;
    if (v) {
        const char *first = NULL;
        int slot = 1;
        for (int s = 0; s <= (int)CVD_CASE_CLOSED; s++) {
            if (!(f->states & CVD_STORE_STATE_BIT(s)))
                continue;
            const char *name = name_of(&cvd__store_case_state, s);
            if (first == NULL)
                first = name;
            cvd__sq_cstr(&q, slot++, name);
        }
        while (slot <= 4)
            cvd__sq_cstr(&q, slot++, first);
    }
    cvd__sq_i64(&q, 5, (int64_t)f->limit);
    cvd__sq_i64(&q, 6, (int64_t)f->offset);
    void *items;
    rc = cvd__sq_rows(&q, a, row_case, sizeof(struct cvd_case), &items, ret_n);
    if (rc == 0)
        *ret = items;
    return rc;
}

static int case_update(struct cvd_store_tx *tx, const struct cvd_case *c)
{
    struct sq_q q;
    int rc = cvd__sq_open(&q, tx, SQ_CASE_UPDATE, "update case");
    if (rc)
        return rc;
    cvd__sq_i64(&q, 1, c->id);
    cvd__sq_str(&q, 2, c->title);
    cvd__sq_cstr(&q, 3, name_of(&cvd__store_case_state, (int)c->state));
    cvd__sq_cstr(&q, 4, name_of(&cvd__store_tlp, (int)c->tlp));
    cvd__sq_i64(&q, 5, c->closed_at);
    return change(&q, NULL, "no such case");
}

static void row_vuln(struct sq_q *q, struct cvd_arena *a, void *item)
{
    struct cvd_vuln *v = item;
    v->id = cvd__sq_col_i64(q, 0);
    v->case_id = cvd__sq_col_i64(q, 1);
    v->title = cvd__sq_col_str(q, 2, a);
    v->cve_id = cvd__sq_col_str(q, 3, a);
    v->cvss_vector = cvd__sq_col_str(q, 4, a);
    v->cvss_score = (int)cvd__sq_col_i64(q, 5);
    v->ssvc = cvd__sq_col_str(q, 6, a);
}

static void bind_vuln(struct sq_q *q, const struct cvd_vuln *v, int64_t first)
{
    cvd__sq_i64(q, 1, first);
    cvd__sq_str(q, 2, v->title);
    cvd__sq_str(q, 3, v->cve_id);
    cvd__sq_str(q, 4, v->cvss_vector);
    cvd__sq_i64(q, 5, v->cvss_score);
    cvd__sq_str(q, 6, v->ssvc);
}

static int vuln_add(struct cvd_store_tx *tx, const struct cvd_vuln *v, int64_t *ret_id)
{
    struct sq_q q;
    int rc = cvd__sq_open(&q, tx, SQ_VULN_ADD, "add vulnerability");
    if (rc)
        return rc;
    bind_vuln(&q, v, v->case_id);
    return insert(&q, ret_id);
}

static int vuln_update(struct cvd_store_tx *tx, const struct cvd_vuln *v)
{
    struct sq_q q;
    int rc = cvd__sq_open(&q, tx, SQ_VULN_UPDATE, "update vulnerability");
    if (rc)
        return rc;
    bind_vuln(&q, v, v->id);
    return change(&q, NULL, "no such vulnerability");
}

static int vuln_get(struct cvd_store_tx *tx, int64_t id, struct cvd_arena *a, struct cvd_vuln *ret)
{
    struct sq_q q;
    int rc = cvd__sq_open(&q, tx, SQ_VULN_GET, "read vulnerability");
    if (rc)
        return rc;
    cvd__sq_i64(&q, 1, id);
    struct cvd_vuln tmp = {0};
    return get_one(&q, a, row_vuln, &tmp, ret, sizeof(tmp), "no such vulnerability");
}

static int vuln_list(struct cvd_store_tx *tx, int64_t case_id, struct cvd_arena *a,
                     struct cvd_vuln **ret, size_t *ret_n)
{
    struct sq_q q;
    int rc = cvd__sq_open(&q, tx, SQ_VULN_LIST, "list vulnerabilities");
    if (rc)
        return rc;
    cvd__sq_i64(&q, 1, case_id);
    void *items;
    rc = cvd__sq_rows(&q, a, row_vuln, sizeof(struct cvd_vuln), &items, ret_n);
    if (rc == 0)
        *ret = items;
    return rc;
}

/* ---- messages ---- */

static void row_message(struct sq_q *q, struct cvd_arena *a, void *item)
{
    struct cvd_message *m = item;
    m->id = cvd__sq_col_i64(q, 0);
    m->report_id = cvd__sq_col_i64(q, 1);
    m->case_id = cvd__sq_col_i64(q, 2);
    m->author = (enum cvd_author)cvd__sq_col_enum(q, 3, &cvd__store_author);
    m->author_user = cvd__sq_col_i64(q, 4);
    m->body = cvd__sq_col_str(q, 5, a);
    m->tlp = (enum cvd_tlp)cvd__sq_col_enum(q, 6, &cvd__store_tlp);
    m->created_at = cvd__sq_col_i64(q, 7);
}

static int message_add(struct cvd_store_tx *tx, const struct cvd_message *m, int64_t *ret_id)
{
    struct sq_q q;
    int rc = cvd__sq_open(&q, tx, SQ_MESSAGE_ADD, "add message");
    if (rc)
        return rc;
    cvd__sq_id(&q, 1, m->report_id);
    cvd__sq_id(&q, 2, m->case_id);
    cvd__sq_cstr(&q, 3, name_of(&cvd__store_author, (int)m->author));
    cvd__sq_id(&q, 4, m->author_user);
    cvd__sq_str(&q, 5, m->body);
    cvd__sq_cstr(&q, 6, name_of(&cvd__store_tlp, (int)m->tlp));
    cvd__sq_i64(&q, 7, m->created_at);
    return insert(&q, ret_id);
}

static int message_list(struct cvd_store_tx *tx, int64_t report_id, int64_t case_id,
                        struct cvd_arena *a, struct cvd_message **ret, size_t *ret_n)
{
    struct sq_q q;
    int rc = cvd__sq_open(&q, tx, report_id ? SQ_MESSAGE_LIST_REPORT : SQ_MESSAGE_LIST_CASE,
                          "list messages");
    if (rc)
        return rc;
    cvd__sq_i64(&q, 1, report_id ? report_id : case_id);
    void *items;
    rc = cvd__sq_rows(&q, a, row_message, sizeof(struct cvd_message), &items, ret_n);
    if (rc == 0)
        *ret = items;
    return rc;
}

/* ---- the audit log ---- */

static int audit_head(struct cvd_store_tx *tx, int64_t *ret_seq, unsigned char *ret_hash)
{
    struct sq_q q;
    int rc = cvd__sq_open(&q, tx, SQ_AUDIT_HEAD, "read the audit head");
    if (rc)
        return rc;
    rc = cvd__sq_step(&q);
    if (rc == 1) {
        *ret_seq = cvd__sq_col_i64(&q, 0);
        rc = cvd__sq_col_hash(&q, 1, ret_hash)
                 ? 0
                 : cvd__store_fail(tx, CVD_EDB, "the audit head's hash is malformed");
    } else if (rc == 0) {
        rc = CVD_ENOTFOUND;
    }
    cvd__sq_close(&q);
    return rc;
}

static int event_insert(struct cvd_store_tx *tx, const struct cvd_event *ev)
{
    struct sq_q q;
    int rc = cvd__sq_open(&q, tx, SQ_EVENT_INSERT, "append audit event");
    if (rc)
        return rc;
    cvd__sq_i64(&q, 1, ev->seq);
    cvd__sq_i64(&q, 2, ev->at);
    cvd__sq_str(&q, 3, ev->actor);
    cvd__sq_str(&q, 4, ev->type);
    cvd__sq_str(&q, 5, ev->object_kind);
    cvd__sq_i64(&q, 6, ev->object_id);
    cvd__sq_str(&q, 7, ev->before);
    cvd__sq_str(&q, 8, ev->after);
    cvd__sq_str(&q, 9, ev->data);
    cvd__sq_blob(&q, 10, ev->prev_hash, CVD_EVENT_HASH_BYTES);
    cvd__sq_blob(&q, 11, ev->hash, CVD_EVENT_HASH_BYTES);
    return insert(&q, NULL);
}

/* Fill ev from the current row; strings are views (copied when a is not NULL). Returns false
 * when a hash column is not 32 bytes. */
static bool read_event(struct sq_q *q, struct cvd_arena *a, struct cvd_event *ev)
{
    ev->seq = cvd__sq_col_i64(q, 0);
    ev->at = cvd__sq_col_i64(q, 1);
    struct cvd_str *texts[] = {&ev->actor, &ev->type, &ev->object_kind};
    for (size_t i = 0; i < CVD_ARRAY_LEN(texts); i++)
        *texts[i] = a != NULL ? cvd__sq_col_str(q, 2 + (int)i, a) : cvd__sq_col_view(q, 2 + (int)i);
    ev->object_id = cvd__sq_col_i64(q, 5);
    struct cvd_str *more[] = {&ev->before, &ev->after, &ev->data};
    for (size_t i = 0; i < CVD_ARRAY_LEN(more); i++)
        *more[i] = a != NULL ? cvd__sq_col_str(q, 6 + (int)i, a) : cvd__sq_col_view(q, 6 + (int)i);
    bool ok = cvd__sq_col_hash(q, 9, ev->prev_hash);
    return cvd__sq_col_hash(q, 10, ev->hash) && ok;
}

static void row_event(struct sq_q *q, struct cvd_arena *a, void *item)
{
    if (!read_event(q, a, item) && q->err == 0)
        q->err = cvd__store_fail(q->tx, CVD_EDB, "cannot %s: malformed hash", q->what);
}

static int event_list(struct cvd_store_tx *tx, struct cvd_str kind, int64_t object_id, size_t limit,
                      struct cvd_arena *a, struct cvd_event **ret, size_t *ret_n)
{
    struct sq_q q;
    bool object = kind.len > 0;
    int rc = cvd__sq_open(&q, tx, object ? SQ_EVENT_LIST_OBJECT : SQ_EVENT_LIST_LATEST,
                          "list audit events");
    if (rc)
        return rc;
    if (object) {
        cvd__sq_str(&q, 1, kind);
        cvd__sq_i64(&q, 2, object_id);
        cvd__sq_i64(&q, 3, (int64_t)limit);
    } else {
        cvd__sq_i64(&q, 1, (int64_t)limit);
    }
    void *items;
    rc = cvd__sq_rows(&q, a, row_event, sizeof(struct cvd_event), &items, ret_n);
    if (rc == 0)
        *ret = items;
    return rc;
}

static int event_scan(struct cvd_store_tx *tx, cvd__store_event_fn fn, void *arg)
{
    struct sq_q q;
    int rc = cvd__sq_open(&q, tx, SQ_EVENT_SCAN, "read the audit log");
    if (rc)
        return rc;
    while ((rc = cvd__sq_step(&q)) == 1) {
        struct cvd_event ev;
        bool ok = read_event(&q, NULL, &ev);
        if (q.err) {
            rc = q.err;
            break;
        }
        if (fn(arg, &ev, !ok) != 0) {
            rc = 0;
            break;
        }
    }
    cvd__sq_close(&q);
    return rc;
}

const struct cvd_store_ops cvd__store_sqlite_ops = {
    .name = "sqlite",
    .conn_open = cvd__sq_conn_open,
    .conn_close = cvd__sq_conn_close,
    .begin = cvd__sq_begin,
    .commit = cvd__sq_commit,
    .rollback = cvd__sq_rollback,
    .in_tx = cvd__sq_in_tx,
    .savepoint = cvd__sq_savepoint,
    .release = cvd__sq_release,
    .rollback_to = cvd__sq_rollback_to,
    .schema_version = cvd__sq_schema_version,
    .migrate = cvd__sq_migrate,
    .backup = cvd__sq_backup,
    .org_add = org_add,
    .org_get = org_get,
    .org_list = org_list,
    .user_add = user_add,
    .user_get = user_get,
    .user_list = user_list,
    .user_count = user_count,
    .user_update = user_update,
    .membership_add = membership_add,
    .membership_list = membership_list,
    .session_add = session_add,
    .session_get = session_get,
    .session_delete = session_delete,
    .token_add = token_add,
    .token_get = token_get,
    .token_list = token_list,
    .token_set = token_set,
    .throttle_fail = throttle_fail,
    .throttle_count = throttle_count,
    .throttle_clear = throttle_clear,
    .counter_next = counter_next,
    .report_insert = report_insert,
    .report_get = report_get,
    .report_list = report_list,
    .report_count = report_count,
    .report_count_by_state = report_count_by_state,
    .report_update = report_update,
    .attachment_add = attachment_add,
    .attachment_list = attachment_list,
    .attachment_get = attachment_get,
    .case_insert = case_insert,
    .case_get = case_get,
    .case_list = case_list,
    .case_update = case_update,
    .vuln_add = vuln_add,
    .vuln_update = vuln_update,
    .vuln_get = vuln_get,
    .vuln_list = vuln_list,
    .message_add = message_add,
    .message_list = message_list,
    .audit_head = audit_head,
    .event_insert = event_insert,
    .event_list = event_list,
    .event_scan = event_scan,
    /* ---- outbox ---- */
    .outbox_add = cvd__sq_outbox_add,
    .outbox_claim = cvd__sq_outbox_claim,
    .outbox_mark = cvd__sq_outbox_mark,
    .outbox_get = cvd__sq_outbox_get,
    .outbox_list = cvd__sq_outbox_list,
    .outbox_count = cvd__sq_outbox_count,
    .webhook_add = cvd__sq_webhook_add,
    .webhook_get = cvd__sq_webhook_get,
    .webhook_list = cvd__sq_webhook_list,
    .webhook_set = cvd__sq_webhook_set,
    /* ---- participants and case teams ---- */
    .participant_add = cvd__sq_participant_add,
    .participant_get = cvd__sq_participant_get,
    .participant_list = cvd__sq_participant_list,
    .participant_update = cvd__sq_participant_update,
    .team_set = cvd__sq_team_set,
    .team_ids = cvd__sq_team_ids,
    /* ---- case messages ---- */
    .case_message_add = cvd__sq_case_message_add,
    .case_message_list = cvd__sq_case_message_list,
    .case_message_search = cvd__sq_case_message_search,
    /* ---- a case's embargo and pxa ---- */
    .case_coord_get = cvd__sq_case_coord_get,
    .case_coord_put = cvd__sq_case_coord_put,
    .embargo_ending = cvd__sq_embargo_ending,
    /* ---- read marks ---- */
    .read_mark_get = cvd__sq_read_mark_get,
    .read_mark_put = cvd__sq_read_mark_put,
};
