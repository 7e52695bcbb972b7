/* The SQLite backend's participant and case-team operations, with their own statement slots
 * (struct sq_conn.coord), prepared on first use like the others. */
#include "sqlite-int.h"

#include <string.h>

#define P_COLS                                                                                     \
    "id, case_id, org_id, roles, rm, vfd, engaged, embargo_adherence, em_answer, "                 \
    "override_reason, invited_at, delivered_at, left_at"

enum co_stmt {
    P_ADD,
    P_GET,
    P_GET_ORG,
    P_LIST,
    P_UPDATE,
    T_ADD,
    T_REMOVE,
    T_USERS,
    T_ORGS,
    T_CASES,
    E_GET,
    E_CASE,
    E_PUT,
    E_ENDING,
    CO__COUNT
};

_Static_assert(CO__COUNT <= SQ_COORD_STATEMENTS, "room for the coordination statements");

static const char *const co_sql[CO__COUNT] = {
    [P_ADD] = "INSERT INTO participants (case_id, org_id, roles, rm, vfd, engaged, "
              "embargo_adherence, em_answer, override_reason, invited_at, delivered_at, left_at) "
              "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    [P_GET] = "SELECT " P_COLS " FROM participants WHERE id = ?1",
    [P_GET_ORG] = "SELECT " P_COLS " FROM participants WHERE case_id = ?1 AND org_id = ?2",
    [P_LIST] = "SELECT " P_COLS " FROM participants WHERE case_id = ?1 ORDER BY id",
    [P_UPDATE] = "UPDATE participants SET roles = ?2, rm = ?3, vfd = ?4, engaged = ?5, "
                 "embargo_adherence = ?6, em_answer = ?7, override_reason = ?8, "
                 "delivered_at = ?9, left_at = ?10 WHERE id = ?1",
    [T_ADD] = "INSERT INTO case_team (participant_id, user_id, added_at) VALUES (?1, ?2, ?3)",
    [T_REMOVE] = "DELETE FROM case_team WHERE participant_id = ?1 AND user_id = ?2",
    [T_USERS] = "SELECT user_id FROM case_team WHERE participant_id = ?1 ORDER BY user_id",
    /* From the user's few team rows (case_team_user) to their participants by key. */
    [T_ORGS] = "SELECT p.org_id FROM case_team t JOIN participants p ON p.id = t.participant_id "
               "WHERE t.user_id = ?2 AND p.case_id = ?1 AND p.engaged = 1 ORDER BY p.org_id",
    [T_CASES] = "SELECT DISTINCT p.case_id FROM case_team t "
                "JOIN participants p ON p.id = t.participant_id "
                "WHERE t.user_id = ?1 AND p.engaged = 1 ORDER BY p.case_id DESC LIMIT ?2",
    [E_GET] = "SELECT pxa, em_state, em_start, em_end, em_proposer, pending_end, "
              "pending_proposer, pending_at, em_reason, exited_at FROM case_coord "
              "WHERE case_id = ?1",
    [E_CASE] = "SELECT 1 FROM cases WHERE id = ?1",
    /* case_coord_ending (em_state, em_end): two ranges, no scan of ended or absent embargoes */
    [E_ENDING] = "SELECT case_id FROM case_coord WHERE em_state IN ('active', 'revising') "
                 "AND em_end <= ?1 ORDER BY em_end LIMIT ?2",
    [E_PUT] = "INSERT INTO case_coord (case_id, pxa, em_state, em_start, em_end, em_proposer, "
              "pending_end, pending_proposer, pending_at, em_reason, exited_at) VALUES (?1, ?2, "
              "?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) ON CONFLICT (case_id) DO UPDATE SET "
              "pxa = excluded.pxa, em_state = excluded.em_state, em_start = excluded.em_start, "
              "em_end = excluded.em_end, em_proposer = excluded.em_proposer, "
              "pending_end = excluded.pending_end, pending_proposer = excluded.pending_proposer, "
              "pending_at = excluded.pending_at, em_reason = excluded.em_reason, "
              "exited_at = excluded.exited_at",
};

static int co_open(struct sq_q *q, struct cvd_store_tx *tx, enum co_stmt id, const char *what)
{
    struct sq_conn *c = tx->conn;
    return cvd__sq_use(q, tx, &c->coord[id], co_sql[id], what);
}

static const char *name_of(const struct cvd__store_enum *e, int v)
{
    const char *name = cvd__store_enum_name(e, v);
    return name != NULL ? name : ""; /* checked by the caller (store-coord.c) */
}

static void row_participant(struct sq_q *q, struct cvd_arena *a, void *item)
{
    struct cvd_participant *p = item;
    int i = 0;
    p->id = cvd__sq_col_i64(q, i++);
    p->case_id = cvd__sq_col_i64(q, i++);
    p->org_id = cvd__sq_col_i64(q, i++);
    if (cvd__store_roles_parse(cvd__sq_col_view(q, i++), &p->roles) != 0 && q->err == 0)
        q->err =
            cvd__store_fail(q->tx, CVD_EDB, "cannot %s: a stored role set is unknown", q->what);
    p->rm = (enum cvd_rm_state)cvd__sq_col_enum(q, i++, &cvd__store_rm_state);
    p->vfd = (enum cvd_vfd)cvd__sq_col_enum(q, i++, &cvd__store_vfd);
    p->engaged = cvd__sq_col_bool(q, i++);
    p->embargo_adherence = cvd__sq_col_bool(q, i++);
    p->em_answer = (enum cvd_em_answer)cvd__sq_col_enum(q, i++, &cvd__store_em_answer);
    p->override_reason = cvd__sq_col_str(q, i++, a);
    p->invited_at = cvd__sq_col_i64(q, i++);
    p->delivered_at = cvd__sq_col_i64(q, i++);
    p->left_at = cvd__sq_col_i64(q, i++);
}

/* Bind the fields both add and update store, from parameter first on. */
static void bind_state(struct sq_q *q, const struct cvd_participant *p, int first,
                       char roles[CVD__STORE_ROLES_TEXT_MAX])
{
    (void)cvd__store_roles_text(p->roles, roles);
    cvd__sq_cstr(q, first, roles);
    cvd__sq_cstr(q, first + 1, name_of(&cvd__store_rm_state, (int)p->rm));
    cvd__sq_cstr(q, first + 2, name_of(&cvd__store_vfd, (int)p->vfd));
    cvd__sq_i64(q, first + 3, p->engaged);
    cvd__sq_i64(q, first + 4, p->embargo_adherence);
    cvd__sq_cstr(q, first + 5, name_of(&cvd__store_em_answer, (int)p->em_answer));
    cvd__sq_str(q, first + 6, p->override_reason);
}

int cvd__sq_participant_add(struct cvd_store_tx *tx, const struct cvd_participant *p,
                            int64_t *ret_id)
{
    struct sq_q q;
    int rc = co_open(&q, tx, P_ADD, "add participant");
    if (rc)
        return rc;
    char roles[CVD__STORE_ROLES_TEXT_MAX];
    cvd__sq_i64(&q, 1, p->case_id);
    cvd__sq_i64(&q, 2, p->org_id);
    bind_state(&q, p, 3, roles);
    cvd__sq_i64(&q, 10, p->invited_at);
    cvd__sq_i64(&q, 11, p->delivered_at);
    cvd__sq_i64(&q, 12, p->left_at);
    rc = cvd__sq_exec(&q);
    if (rc == 0 && ret_id != NULL)
        *ret_id = sqlite3_last_insert_rowid(((struct sq_conn *)tx->conn)->db);
    return rc;
}

int cvd__sq_participant_get(struct cvd_store_tx *tx, int64_t id, int64_t case_id, int64_t org_id,
                            struct cvd_arena *a, struct cvd_participant *ret)
{
    struct sq_q q;
    int rc = co_open(&q, tx, id ? P_GET : P_GET_ORG, "read participant");
    if (rc)
        return rc;
    if (id) {
        cvd__sq_i64(&q, 1, id);
    } else {
        cvd__sq_i64(&q, 1, case_id);
        cvd__sq_i64(&q, 2, org_id);
    }
    rc = cvd__sq_step(&q);
    if (rc == 1) {
        *ret = (struct cvd_participant){0};
        row_participant(&q, a, ret);
        rc = q.err;
    } else if (rc == 0) {
        rc = cvd__store_fail(tx, CVD_ENOTFOUND, "cannot read participant: no such participant");
    }
    cvd__sq_close(&q);
    return rc;
}

int cvd__sq_participant_list(struct cvd_store_tx *tx, int64_t case_id, struct cvd_arena *a,
                             struct cvd_participant **ret, size_t *ret_n)
{
    struct sq_q q;
    int rc = co_open(&q, tx, P_LIST, "list participants");
    if (rc)
        return rc;
    cvd__sq_i64(&q, 1, case_id);
    return cvd__sq_rows(&q, a, row_participant, sizeof(**ret), (void **)ret, ret_n);
}

int cvd__sq_participant_update(struct cvd_store_tx *tx, const struct cvd_participant *p)
{
    struct sq_q q;
    int rc = co_open(&q, tx, P_UPDATE, "update participant");
    if (rc)
        return rc;
    char roles[CVD__STORE_ROLES_TEXT_MAX];
    cvd__sq_i64(&q, 1, p->id);
    bind_state(&q, p, 2, roles);
    cvd__sq_i64(&q, 9, p->delivered_at);
    cvd__sq_i64(&q, 10, p->left_at);
    rc = cvd__sq_exec(&q);
    if (rc == 0 && sqlite3_changes64(((struct sq_conn *)tx->conn)->db) == 0)
        rc = cvd__store_fail(tx, CVD_ENOTFOUND, "cannot update participant: no such participant");
    return rc;
}

int cvd__sq_team_set(struct cvd_store_tx *tx, int64_t participant_id, int64_t user_id, bool remove,
                     int64_t at)
{
    struct sq_q q;
    int rc = co_open(&q, tx, remove ? T_REMOVE : T_ADD,
                     remove ? "remove from case team" : "add to case team");
    if (rc)
        return rc;
    cvd__sq_i64(&q, 1, participant_id);
    cvd__sq_i64(&q, 2, user_id);
    if (!remove)
        cvd__sq_i64(&q, 3, at);
    rc = cvd__sq_exec(&q);
    if (rc == 0 && remove && sqlite3_changes64(((struct sq_conn *)tx->conn)->db) == 0)
        rc = cvd__store_fail(tx, CVD_ENOTFOUND,
                             "cannot remove from case team: the user is not on it");
    return rc;
}

int cvd__sq_team_ids(struct cvd_store_tx *tx, int64_t participant_id, int64_t case_id,
                     int64_t user_id, struct cvd_arena *a, int64_t **ret, size_t *ret_n)
{
    struct sq_q q;
    enum co_stmt id = participant_id ? T_USERS : case_id ? T_ORGS : T_CASES;
    int rc = co_open(&q, tx, id, "read case teams");
    if (rc)
        return rc;
    if (id == T_USERS) {
        cvd__sq_i64(&q, 1, participant_id);
    } else if (id == T_ORGS) {
        cvd__sq_i64(&q, 1, case_id);
        cvd__sq_i64(&q, 2, user_id);
    } else {
        cvd__sq_i64(&q, 1, user_id);
        cvd__sq_i64(&q, 2, CVD_STORE_LIST_MAX);
    }
    return cvd__sq_rows(&q, a, cvd__sq_row_id, sizeof(**ret), (void **)ret, ret_n);
}

/* ---- a case's embargo and pxa ---- */

int cvd__sq_case_coord_get(struct cvd_store_tx *tx, int64_t case_id, struct cvd_embargo *ret_em,
                           unsigned *ret_pxa)
{
    struct sq_q q;
    int rc = co_open(&q, tx, E_GET, "read case embargo");
    if (rc)
        return rc;
    cvd__sq_i64(&q, 1, case_id);
    *ret_em = (struct cvd_embargo){0};
    *ret_pxa = 0;
    rc = cvd__sq_step(&q);
    if (rc == 1) {
        int64_t pxa = cvd__sq_col_i64(&q, 0);
        if (pxa < 0 || pxa > CVD_PXA_ALL)
            q.err = cvd__store_fail(tx, CVD_EDB, "cannot read case embargo: bad pxa %lld",
                                    (long long)pxa);
        else
            *ret_pxa = (unsigned)pxa;
        ret_em->state = (enum cvd_em_state)cvd__sq_col_enum(&q, 1, &cvd__store_em_state);
        ret_em->start = cvd__sq_col_i64(&q, 2);
        ret_em->end = cvd__sq_col_i64(&q, 3);
        ret_em->proposer = cvd__sq_col_i64(&q, 4);
        ret_em->pending_end = cvd__sq_col_i64(&q, 5);
        ret_em->pending_proposer = cvd__sq_col_i64(&q, 6);
        ret_em->pending_at = cvd__sq_col_i64(&q, 7);
        ret_em->reason = (enum cvd_em_reason)cvd__sq_col_enum(&q, 8, &cvd__store_em_reason);
        ret_em->exited_at = cvd__sq_col_i64(&q, 9);
        rc = q.err;
        cvd__sq_close(&q);
        return rc;
    }
    cvd__sq_close(&q);
    if (rc < 0)
        return rc;
    /* no row: the case's default, if the case exists */
    if ((rc = co_open(&q, tx, E_CASE, "read case embargo")))
        return rc;
    cvd__sq_i64(&q, 1, case_id);
    rc = cvd__sq_step(&q);
    cvd__sq_close(&q);
    if (rc == 0)
        return cvd__store_fail(tx, CVD_ENOTFOUND, "cannot read case embargo: no such case");
    return rc < 0 ? rc : 0;
}

int cvd__sq_case_coord_put(struct cvd_store_tx *tx, int64_t case_id, const struct cvd_embargo *em,
                           unsigned pxa)
{
    struct sq_q q;
    int rc = co_open(&q, tx, E_PUT, "store case embargo");
    if (rc)
        return rc;
    cvd__sq_i64(&q, 1, case_id);
    cvd__sq_i64(&q, 2, (int64_t)pxa);
    cvd__sq_cstr(&q, 3, name_of(&cvd__store_em_state, (int)em->state));
    cvd__sq_i64(&q, 4, em->start);
    cvd__sq_i64(&q, 5, em->end);
    cvd__sq_i64(&q, 6, em->proposer);
    cvd__sq_i64(&q, 7, em->pending_end);
    cvd__sq_i64(&q, 8, em->pending_proposer);
    cvd__sq_i64(&q, 9, em->pending_at);
    cvd__sq_cstr(&q, 10, name_of(&cvd__store_em_reason, (int)em->reason));
    cvd__sq_i64(&q, 11, em->exited_at);
    return cvd__sq_exec(&q);
}

int cvd__sq_embargo_ending(struct cvd_store_tx *tx, int64_t before, struct cvd_arena *a,
                           int64_t **ret, size_t *ret_n)
{
    struct sq_q q;
    int rc = co_open(&q, tx, E_ENDING, "list ending embargoes");
    if (rc)
        return rc;
    cvd__sq_i64(&q, 1, before);
    cvd__sq_i64(&q, 2, CVD_STORE_LIST_MAX);
    return cvd__sq_rows(&q, a, cvd__sq_row_id, sizeof(**ret), (void **)ret, ret_n);
}
