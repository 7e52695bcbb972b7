/* The SQLite backend's case messages: rows, their audience rows and their FTS5 index entry,
 * written together, with their own statement slots (struct sq_conn.messages). */
#include "sqlite-int.h"

#include <stdio.h>
#include <string.h>

/* The audience comes with each row as "o12,u5" (organisation 12, user 5), so a list is one
 * query however many messages it holds. */
#define M_COLS                                                                                     \
    "m.id, m.case_id, m.thread_id, m.author_user, m.author_org, m.tlp, m.body, m.created_at, "     \
    "(SELECT group_concat(a.kind || a.ref, ',') FROM case_message_audience a "                     \
    "WHERE a.message_id = m.id)"

enum msg_stmt { M_ADD, M_AUDIENCE, M_INDEX, M_LIST, M_SEARCH, R_GET, R_PUT, M__COUNT };

_Static_assert(M__COUNT <= SQ_MESSAGE_STATEMENTS, "room for the message statements");

static const char *const msg_sql[M__COUNT] = {
    [M_ADD] = "INSERT INTO case_messages (case_id, thread_id, author_user, author_org, tlp, body, "
              "created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    [M_AUDIENCE] = "INSERT INTO case_message_audience (message_id, kind, ref) VALUES (?1, ?2, ?3)",
    [M_INDEX] = "INSERT INTO case_messages_fts (rowid, body) VALUES (?1, ?2)",
    [M_LIST] = "SELECT " M_COLS " FROM case_messages m WHERE m.case_id = ?1 "
               "ORDER BY m.id LIMIT ?2 OFFSET ?3",
    /* Newest first, straight from the index's doclists (FTS5 walks them backwards by rowid
     * and stops at the limit), each match kept when it is in one of the searcher's cases
     * ('+': the case filter must not become the driving index). Ranking by relevance would
     * score every match first: its cost would grow with the corpus. */
    [M_SEARCH] = "SELECT " M_COLS " FROM case_messages_fts f "
                 "JOIN case_messages m ON m.id = f.rowid "
                 "WHERE case_messages_fts MATCH ?1 "
                 "AND +m.case_id IN (SELECT value FROM json_each(?2)) "
                 "ORDER BY f.rowid DESC LIMIT ?3",
    [R_GET] = "SELECT last_read FROM case_reads WHERE user_id = ?1 AND case_id = ?2",
    [R_PUT] = "INSERT INTO case_reads (user_id, case_id, last_read) VALUES (?1, ?2, ?3) "
              "ON CONFLICT (user_id, case_id) DO UPDATE SET "
              "last_read = max(last_read, excluded.last_read)",
};

static int m_open(struct sq_q *q, struct cvd_store_tx *tx, enum msg_stmt id, const char *what)
{
    struct sq_conn *c = tx->conn;
    return cvd__sq_use(q, tx, &c->messages[id], msg_sql[id], what);
}

static int add_audience(struct cvd_store_tx *tx, int64_t id, const char *kind, const int64_t *refs,
                        size_t n)
{
    for (size_t i = 0; i < n; i++) {
        struct sq_q q;
        int rc = m_open(&q, tx, M_AUDIENCE, "add case message");
        if (rc)
            return rc;
        cvd__sq_i64(&q, 1, id);
        cvd__sq_cstr(&q, 2, kind);
        cvd__sq_i64(&q, 3, refs[i]);
        if ((rc = cvd__sq_exec(&q)))
            return rc;
    }
    return 0;
}

int cvd__sq_case_message_add(struct cvd_store_tx *tx, const struct cvd_store_case_message *m,
                             int64_t *ret_id)
{
    struct sq_q q;
    int rc = m_open(&q, tx, M_ADD, "add case message");
    if (rc)
        return rc;
    cvd__sq_i64(&q, 1, m->case_id);
    cvd__sq_id(&q, 2, m->thread_id);
    cvd__sq_i64(&q, 3, m->author_user);
    cvd__sq_id(&q, 4, m->author_org);
    cvd__sq_cstr(&q, 5, cvd__store_enum_name(&cvd__store_tlp, (int)m->tlp));
    cvd__sq_str(&q, 6, m->body);
    cvd__sq_i64(&q, 7, m->created_at);
    if ((rc = cvd__sq_exec(&q)))
        return rc;
    int64_t id = sqlite3_last_insert_rowid(((struct sq_conn *)tx->conn)->db);
    if ((rc = m_open(&q, tx, M_INDEX, "index case message")))
        return rc;
    cvd__sq_i64(&q, 1, id);
    cvd__sq_str(&q, 2, m->body);
    if ((rc = cvd__sq_exec(&q)))
        return rc;
    if ((rc = add_audience(tx, id, "o", m->audience_orgs, m->n_audience_orgs)) ||
        (rc = add_audience(tx, id, "u", m->audience_users, m->n_audience_users)))
        return rc;
    if (ret_id != NULL)
        *ret_id = id;
    return 0;
}

/* "o12,u5" into the message's two id lists; false for text the store did not write. */
static bool parse_audience(struct cvd_str s, struct cvd_arena *a, struct cvd_store_case_message *m)
{
    size_t n = s.len ? 1 : 0;
    for (size_t i = 0; i < s.len; i++)
        n += s.ptr[i] == ',';
    if (n == 0)
        return true;
    m->audience_orgs = cvd_arena_alloc_array(a, n, sizeof(int64_t));
    m->audience_users = cvd_arena_alloc_array(a, n, sizeof(int64_t));
    if (m->audience_orgs == NULL || m->audience_users == NULL)
        return false;
    size_t i = 0;
    while (i < s.len) {
        char kind = s.ptr[i++];
        uint64_t v = 0;
        size_t start = i;
        while (i < s.len && s.ptr[i] != ',')
            i++;
        if ((kind != 'o' && kind != 'u') ||
            cvd_str_to_u64((struct cvd_str){s.ptr + start, i - start}, INT64_MAX, &v) != 0)
            return false;
        if (kind == 'o')
            m->audience_orgs[m->n_audience_orgs++] = (int64_t)v;
        else
            m->audience_users[m->n_audience_users++] = (int64_t)v;
        i++; /* the comma */
    }
    return true;
}

static void row_message(struct sq_q *q, struct cvd_arena *a, void *item)
{
    struct cvd_store_case_message *m = item;
    int i = 0;
    m->id = cvd__sq_col_i64(q, i++);
    m->case_id = cvd__sq_col_i64(q, i++);
    m->thread_id = cvd__sq_col_i64(q, i++);
    m->author_user = cvd__sq_col_i64(q, i++);
    m->author_org = cvd__sq_col_i64(q, i++);
    m->tlp = (enum cvd_tlp)cvd__sq_col_enum(q, i++, &cvd__store_tlp);
    m->body = cvd__sq_col_str(q, i++, a);
    m->created_at = cvd__sq_col_i64(q, i++);
    if (q->err == 0 && !parse_audience(cvd__sq_col_view(q, i), a, m))
        q->err =
            cvd__store_fail(q->tx, CVD_EDB, "cannot %s: a stored audience is malformed", q->what);
}

static int rows(struct sq_q *q, struct cvd_arena *a, struct cvd_store_case_message **ret,
                size_t *ret_n)
{
    return cvd__sq_rows(q, a, row_message, sizeof(**ret), (void **)ret, ret_n);
}

int cvd__sq_case_message_list(struct cvd_store_tx *tx, int64_t case_id, size_t limit, size_t offset,
                              struct cvd_arena *a, struct cvd_store_case_message **ret,
                              size_t *ret_n)
{
    struct sq_q q;
    int rc = m_open(&q, tx, M_LIST, "list case messages");
    if (rc)
        return rc;
    cvd__sq_i64(&q, 1, case_id);
    cvd__sq_i64(&q, 2, (int64_t)limit);
    cvd__sq_i64(&q, 3, (int64_t)offset);
    return rows(&q, a, ret, ret_n);
}

int cvd__sq_case_message_search(struct cvd_store_tx *tx, const char *match, const int64_t *case_ids,
                                size_t n_case_ids, size_t limit, struct cvd_arena *a,
                                struct cvd_store_case_message **ret, size_t *ret_n)
{
    /* The case ids as a JSON array: "[" + up to 20 digits and a comma each + "]". */
    size_t size = 2 + n_case_ids * 21 + 1;
    char *ids = cvd_arena_alloc(a, size);
    if (ids == NULL)
        return cvd__store_fail(tx, CVD_ENOMEM, "cannot search case messages: out of memory");
    size_t len = 0;
    ids[len++] = '[';
    for (size_t i = 0; i < n_case_ids; i++)
        len +=
            (size_t)snprintf(ids + len, size - len, "%s%lld", i ? "," : "", (long long)case_ids[i]);
    ids[len++] = ']';
    ids[len] = '\0';
    struct sq_q q;
    int rc = m_open(&q, tx, M_SEARCH, "search case messages");
    if (rc)
        return rc;
    cvd__sq_cstr(&q, 1, match);
    cvd__sq_cstr(&q, 2, ids);
    cvd__sq_i64(&q, 3, (int64_t)limit);
    return rows(&q, a, ret, ret_n);
}

/* ---- read marks ---- */

int cvd__sq_read_mark_get(struct cvd_store_tx *tx, int64_t user_id, int64_t case_id,
                          int64_t *ret_last)
{
    struct sq_q q;
    int rc = m_open(&q, tx, R_GET, "read the read mark");
    if (rc)
        return rc;
    cvd__sq_i64(&q, 1, user_id);
    cvd__sq_i64(&q, 2, case_id);
    *ret_last = 0;
    rc = cvd__sq_step(&q);
    if (rc == 1)
        *ret_last = cvd__sq_col_i64(&q, 0);
    cvd__sq_close(&q);
    return rc < 0 ? rc : 0;
}

int cvd__sq_read_mark_put(struct cvd_store_tx *tx, int64_t user_id, int64_t case_id, int64_t last)
{
    struct sq_q q;
    int rc = m_open(&q, tx, R_PUT, "mark messages read");
    if (rc)
        return rc;
    cvd__sq_i64(&q, 1, user_id);
    cvd__sq_i64(&q, 2, case_id);
    cvd__sq_i64(&q, 3, last);
    return cvd__sq_exec(&q);
}
