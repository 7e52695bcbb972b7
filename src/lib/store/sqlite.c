/* The SQLite backend: connections (WAL, synchronous=FULL, foreign keys, secure_delete,
 * defensive mode), one cache of prepared statements per connection, the mapping of SQLite's
 * errors to CVD_E* codes, schema version, migrations and the online backup. The data
 * operations are in sqlite-ops.c. All SQL is constant text with bound parameters. */
#include "sqlite-int.h"

#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cvd/alloc.h"

/* How long a connection waits for a lock another process holds (the CLI next to the server). */
#define BUSY_TIMEOUT_MS 10000

static const char *const sq_sql[] = {
#define SQ_SQL(name, sql) [name] = sql,
    SQ_STATEMENTS(SQ_SQL)
#undef SQ_SQL
};

/* ---- errors ---- */

static int sq_code(int rc)
{
    switch (rc) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY:
        return CVD_EDUP;
    case SQLITE_CONSTRAINT_FOREIGNKEY:
        return CVD_ENOTFOUND;
    case SQLITE_CONSTRAINT_CHECK:
    case SQLITE_CONSTRAINT_NOTNULL:
    case SQLITE_CONSTRAINT_DATATYPE:
        return CVD_EINVAL;
    default:
        break;
    }
    switch (rc & 0xff) {
    case SQLITE_NOMEM:
        return CVD_ENOMEM;
    case SQLITE_TOOBIG:
        return CVD_ELIMIT;
    default:
        return CVD_EDB;
    }
}

int cvd__sq_fail(struct cvd_store_tx *tx, int rc, const char *what)
{
    struct sq_conn *c = tx->conn;
    return cvd__store_fail(tx, sq_code(rc), "cannot %s: %s", what,
                           c != NULL && c->db != NULL ? sqlite3_errmsg(c->db) : sqlite3_errstr(rc));
}

/* ---- statements ---- */

int cvd__sq_use(struct sq_q *q, struct cvd_store_tx *tx, sqlite3_stmt **slot, const char *sql,
                const char *what)
{
    q->tx = tx;
    q->c = tx->conn;
    q->st = NULL;
    q->brc = SQLITE_OK;
    q->err = 0;
    q->what = what;
    if (*slot == NULL) {
        int rc = sqlite3_prepare_v3(q->c->db, sql, -1, SQLITE_PREPARE_PERSISTENT, slot, NULL);
        if (rc != SQLITE_OK) {
            *slot = NULL;
            return cvd__sq_fail(tx, rc, what);
        }
    }
    q->st = *slot;
    return 0;
}

int cvd__sq_open(struct sq_q *q, struct cvd_store_tx *tx, enum sq_stmt id, const char *what)
{
    struct sq_conn *c = tx->conn;
    return cvd__sq_use(q, tx, &c->st[id], sq_sql[id], what);
}

void cvd__sq_i64(struct sq_q *q, int i, int64_t v)
{
    if (q->brc == SQLITE_OK)
        q->brc = sqlite3_bind_int64(q->st, i, v);
}

void cvd__sq_id(struct sq_q *q, int i, int64_t id)
{
    if (q->brc == SQLITE_OK)
        q->brc = id > 0 ? sqlite3_bind_int64(q->st, i, id) : sqlite3_bind_null(q->st, i);
}

void cvd__sq_str(struct sq_q *q, int i, struct cvd_str s)
{
    if (q->brc == SQLITE_OK)
        q->brc = sqlite3_bind_text64(q->st, i, s.ptr != NULL ? s.ptr : "", s.len, SQLITE_STATIC,
                                     SQLITE_UTF8);
}

void cvd__sq_cstr(struct sq_q *q, int i, const char *s)
{
    cvd__sq_str(q, i, cvd_str_from_cstr(s));
}

void cvd__sq_blob(struct sq_q *q, int i, const void *p, size_t n)
{
    if (q->brc != SQLITE_OK)
        return;
    if (p == NULL)
        q->brc = sqlite3_bind_null(q->st, i);
    else if (n == 0)
        q->brc = sqlite3_bind_zeroblob(q->st, i, 0);
    else
        q->brc = sqlite3_bind_blob64(q->st, i, p, n, SQLITE_STATIC);
}

int cvd__sq_step(struct sq_q *q)
{
    if (q->brc != SQLITE_OK)
        return cvd__store_fail(q->tx, sq_code(q->brc), "cannot %s: %s", q->what,
                               sqlite3_errstr(q->brc));
    int rc = sqlite3_step(q->st);
    if (rc == SQLITE_ROW)
        return 1;
    if (rc == SQLITE_DONE)
        return 0;
    return cvd__sq_fail(q->tx, rc, q->what);
}

void cvd__sq_close(struct sq_q *q)
{
    if (q->st != NULL) {
        sqlite3_reset(q->st);
        sqlite3_clear_bindings(q->st);
        q->st = NULL;
    }
}

int cvd__sq_exec(struct sq_q *q)
{
    int rc;
    while ((rc = cvd__sq_step(q)) == 1)
        ;
    cvd__sq_close(q);
    return rc;
}

/* ---- columns (a failure is kept in q->err, the first one explained in the diag) ---- */

static void col_fail(struct sq_q *q, int code, const char *why)
{
    if (q->err == 0)
        q->err = cvd__store_fail(q->tx, code, "cannot %s: %s", q->what, why);
}

int64_t cvd__sq_col_i64(struct sq_q *q, int i)
{
    return sqlite3_column_int64(q->st, i); /* NULL reads as 0: "none" */
}

bool cvd__sq_col_bool(struct sq_q *q, int i)
{
    return sqlite3_column_int64(q->st, i) != 0;
}

struct cvd_str cvd__sq_col_view(struct sq_q *q, int i)
{
    if (sqlite3_column_type(q->st, i) == SQLITE_NULL)
        return CVD_STR("");
    const unsigned char *p = sqlite3_column_text(q->st, i);
    int n = sqlite3_column_bytes(q->st, i);
    if (p == NULL) {
        col_fail(q, CVD_ENOMEM, "out of memory reading a column");
        return CVD_STR("");
    }
    return (struct cvd_str){(const char *)p, (size_t)n};
}

struct cvd_str cvd__sq_col_str(struct sq_q *q, int i, struct cvd_arena *a)
{
    struct cvd_str v = cvd__sq_col_view(q, i);
    if (v.len == 0)
        return CVD_STR("");
    char *copy = cvd_arena_strndup(a, v.ptr, v.len);
    if (copy == NULL) {
        int code = cvd_arena_error(a) ? cvd_arena_error(a) : CVD_ENOMEM;
        col_fail(q, code, cvd_strerror(code));
        return CVD_STR("");
    }
    return (struct cvd_str){copy, v.len};
}

struct cvd_str cvd__sq_col_blob(struct sq_q *q, int i, struct cvd_arena *a)
{
    int type = sqlite3_column_type(q->st, i);
    const void *p = sqlite3_column_blob(q->st, i);
    int n = sqlite3_column_bytes(q->st, i);
    if (type == SQLITE_NULL || n == 0)
        return CVD_STR("");
    if (p == NULL) {
        col_fail(q, CVD_ENOMEM, "out of memory reading a column");
        return CVD_STR("");
    }
    char *copy = cvd_arena_alloc(a, (size_t)n);
    if (copy == NULL) {
        int code = cvd_arena_error(a) ? cvd_arena_error(a) : CVD_ENOMEM;
        col_fail(q, code, cvd_strerror(code));
        return CVD_STR("");
    }
    memcpy(copy, p, (size_t)n);
    return (struct cvd_str){copy, (size_t)n};
}

bool cvd__sq_col_hash(struct sq_q *q, int i, unsigned char out[CVD_STORE_HASH_BYTES])
{
    const void *p = sqlite3_column_blob(q->st, i);
    int n = sqlite3_column_bytes(q->st, i);
    if (p == NULL || n != CVD_STORE_HASH_BYTES) {
        memset(out, 0, CVD_STORE_HASH_BYTES);
        return false;
    }
    memcpy(out, p, CVD_STORE_HASH_BYTES);
    return true;
}

int cvd__sq_col_enum(struct sq_q *q, int i, const struct cvd__store_enum *e)
{
    struct cvd_str v = cvd__sq_col_view(q, i);
    int value = 0;
    if (q->err == 0 && cvd__store_enum_value(e, v.ptr, v.len, &value) != 0) {
        char quoted[64 + 4];
        char why[160];
        cvd_diag_quote(v.ptr, v.len, 64, quoted);
        snprintf(why, sizeof(why), "unknown %s '%s' in the database", e->what, quoted);
        col_fail(q, CVD_EDB, why);
    }
    return value;
}

/* ---- connections ---- */

static int set_pragmas(sqlite3 *db, const char *sql, char **ret_err)
{
    return sqlite3_exec(db, sql, NULL, NULL, ret_err);
}

void cvd__sq_conn_close(void *conn)
{
    struct sq_conn *c = conn;
    if (c == NULL)
        return;
    for (size_t i = 0; i < CVD_ARRAY_LEN(c->st); i++)
        sqlite3_finalize(c->st[i]);
    for (size_t i = 0; i < CVD_ARRAY_LEN(c->report_list); i++)
        sqlite3_finalize(c->report_list[i]);
    for (size_t i = 0; i < CVD_ARRAY_LEN(c->report_count); i++)
        sqlite3_finalize(c->report_count[i]);
    for (size_t i = 0; i < CVD_ARRAY_LEN(c->case_list); i++)
        sqlite3_finalize(c->case_list[i]);
    for (size_t i = 0; i < CVD_ARRAY_LEN(c->outbox); i++)
        sqlite3_finalize(c->outbox[i]);
    for (size_t i = 0; i < CVD_ARRAY_LEN(c->coord); i++)
        sqlite3_finalize(c->coord[i]);
    for (size_t i = 0; i < CVD_ARRAY_LEN(c->messages); i++)
        sqlite3_finalize(c->messages[i]);
    sqlite3_close(c->db);
    cvd_free(c);
}

/* Create the file with mode 0600 before SQLite does (it would use 0644): it holds embargoed
 * reports. SQLite gives the -wal and -shm files the database file's mode. */
static int precreate(const char *path, struct cvd_diag *diag)
{
    int fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd >= 0) {
        close(fd);
        return 0;
    }
    if (errno == EEXIST)
        return 0;
    return cvd_diag_set(diag, CVD_EIO, "cannot create database '%s': %s", path, strerror(errno));
}

int cvd__sq_conn_open(struct cvd_store *s, bool writer, void **ret_conn, struct cvd_diag *diag)
{
    bool ro = (s->flags & CVD_STORE_READONLY) != 0;
    bool create = writer && (s->flags & CVD_STORE_CREATE);
    int rc;
    if (create) {
        rc = precreate(s->path, diag);
        if (rc)
            return rc;
    }
    struct sq_conn *c = cvd_calloc(1, sizeof(*c));
    if (c == NULL)
        return cvd_diag_set(diag, CVD_ENOMEM, "cannot open database '%s': out of memory", s->path);
    int flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE |
                (ro ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE);
    rc = sqlite3_open_v2(s->path, &c->db, flags, NULL);
    if (rc != SQLITE_OK) {
        if (access(s->path, F_OK) != 0 && errno == ENOENT)
            rc = cvd_diag_set(diag, CVD_ENOTFOUND, "database '%s' does not exist", s->path);
        else
            rc = cvd_diag_set(diag, sq_code(rc), "cannot open database '%s': %s", s->path,
                              c->db != NULL ? sqlite3_errmsg(c->db) : sqlite3_errstr(rc));
        goto fail;
    }
    sqlite3_busy_timeout(c->db, BUSY_TIMEOUT_MS);
    /* No schema tricks, no untrusted functions in the schema, no extensions. */
    sqlite3_db_config(c->db, SQLITE_DBCONFIG_DEFENSIVE, 1, (int *)NULL);
    sqlite3_db_config(c->db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, (int *)NULL);
    sqlite3_db_config(c->db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, (int *)NULL);

    char *err = NULL;
    rc = set_pragmas(c->db,
                     "PRAGMA foreign_keys = ON; PRAGMA secure_delete = ON; "
                     "PRAGMA synchronous = FULL;",
                     &err);
    if (rc == SQLITE_OK && writer)
        rc = set_pragmas(c->db, "PRAGMA journal_mode = WAL;", &err);
    if (rc == SQLITE_OK && !writer)
        rc = set_pragmas(c->db, "PRAGMA query_only = ON;", &err);
    if (rc != SQLITE_OK) {
        rc = cvd_diag_set(diag, sq_code(rc), "cannot set up database '%s': %s", s->path,
                          err != NULL ? err : sqlite3_errstr(rc));
        sqlite3_free(err);
        goto fail;
    }
    if (writer && !ro) {
        /* journal_mode answers with the mode it got; anything but wal is an error. */
        sqlite3_stmt *st = NULL;
        rc = sqlite3_prepare_v2(c->db, "PRAGMA journal_mode", -1, &st, NULL);
        bool wal = rc == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW &&
                   sqlite3_column_text(st, 0) != NULL &&
                   strcmp((const char *)sqlite3_column_text(st, 0), "wal") == 0;
        sqlite3_finalize(st);
        if (!wal) {
            rc = cvd_diag_set(diag, CVD_EDB, "cannot put database '%s' in WAL mode", s->path);
            goto fail;
        }
    }
    *ret_conn = c;
    return 0;
fail:
    cvd__sq_conn_close(c);
    return rc;
}

/* ---- transactions ---- */

static int run(struct cvd_store_tx *tx, enum sq_stmt id, const char *what)
{
    struct sq_q q;
    int rc = cvd__sq_open(&q, tx, id, what);
    if (rc)
        return rc;
    return cvd__sq_exec(&q);
}

bool cvd__sq_in_tx(struct cvd_store_tx *tx)
{
    struct sq_conn *c = tx->conn;
    return !sqlite3_get_autocommit(c->db);
}

int cvd__sq_begin(struct cvd_store_tx *tx)
{
    /* A writer takes the write lock at once (IMMEDIATE), so it never fails half-way with
     * SQLITE_BUSY; a reader's snapshot starts with its first read. */
    return run(tx, tx->write ? SQ_BEGIN_WRITE : SQ_BEGIN_READ, "begin a transaction");
}

int cvd__sq_commit(struct cvd_store_tx *tx)
{
    return run(tx, SQ_COMMIT, "commit");
}

void cvd__sq_rollback(struct cvd_store_tx *tx)
{
    if (cvd__sq_in_tx(tx))
        (void)run(tx, SQ_ROLLBACK, "roll back");
}

int cvd__sq_savepoint(struct cvd_store_tx *tx)
{
    return run(tx, SQ_SAVEPOINT, "start a savepoint");
}

int cvd__sq_release(struct cvd_store_tx *tx)
{
    return run(tx, SQ_RELEASE, "release a savepoint");
}

void cvd__sq_rollback_to(struct cvd_store_tx *tx)
{
    struct cvd_diag *keep = tx->diag;
    tx->diag = NULL; /* the write's own error is the one to report */
    if (run(tx, SQ_ROLLBACK_TO, "roll back to a savepoint") == 0)
        (void)run(tx, SQ_RELEASE, "release a savepoint");
    tx->diag = keep;
}

/* ---- schema ---- */

static int query_int(struct cvd_store_tx *tx, enum sq_stmt id, int64_t *ret, const char *what)
{
    struct sq_q q;
    int rc = cvd__sq_open(&q, tx, id, what);
    if (rc)
        return rc;
    rc = cvd__sq_step(&q);
    if (rc == 1) {
        *ret = cvd__sq_col_i64(&q, 0);
        rc = 0;
    } else if (rc == 0) {
        *ret = 0;
    }
    cvd__sq_close(&q);
    return rc;
}

int cvd__sq_schema_version(struct cvd_store_tx *tx, int *ret)
{
    static const char what[] = "read the schema version";
    int64_t has = 0;
    int64_t app = 0;
    int rc = query_int(tx, SQ_SCHEMA_HAS, &has, what);
    if (rc == 0)
        rc = query_int(tx, SQ_APPLICATION_ID, &app, what);
    if (rc)
        return rc;
    if (!has) {
        int64_t tables = 0;
        rc = query_int(tx, SQ_SCHEMA_TABLES, &tables, what);
        if (rc)
            return rc;
        if (tables > 0 || (app != 0 && app != CVD__STORE_APPLICATION_ID))
            return cvd__store_fail(tx, CVD_ENOTSUP, "'%s' is not a cvd database", tx->store->path);
        *ret = 0;
        return 0;
    }
    if (app != CVD__STORE_APPLICATION_ID)
        return cvd__store_fail(tx, CVD_ENOTSUP, "'%s' is not a cvd database", tx->store->path);
    int64_t v = 0;
    rc = query_int(tx, SQ_SCHEMA_VERSION, &v, what);
    if (rc)
        return rc;
    if (v < 0 || v > 1000000)
        return cvd__store_fail(tx, CVD_EDB, "schema version %lld is out of range", (long long)v);
    *ret = (int)v;
    return 0;
}

int cvd__sq_migrate(struct cvd_store_tx *tx)
{
    struct sq_conn *c = tx->conn;
    int version;
    int rc = cvd__sq_schema_version(tx, &version);
    if (rc)
        return rc;
    int latest = cvd_store_schema_latest();
    if (version > latest)
        return cvd__store_fail(tx, CVD_ENOTSUP,
                               "database '%s' has schema version %d, newer than this cvd knows "
                               "(%d)",
                               tx->store->path, version, latest);
    int applied = 0;
    for (int i = 0; i < cvd__store_sqlite_migration_count; i++) {
        const struct cvd__store_migration *m = &cvd__store_sqlite_migrations[i];
        if (m->version <= version)
            continue;
        char *err = NULL;
        rc = sqlite3_exec(c->db, sq_sql[SQ_SCHEMA_CREATE], NULL, NULL, &err);
        for (size_t k = 0; rc == SQLITE_OK && m->sql[k] != NULL; k++)
            rc = sqlite3_exec(c->db, m->sql[k], NULL, NULL, &err);
        if (rc != SQLITE_OK) {
            rc = cvd__store_fail(tx, sq_code(rc), "cannot migrate to schema version %d (%s): %s",
                                 m->version, m->name, err != NULL ? err : sqlite3_errstr(rc));
            sqlite3_free(err);
            return rc;
        }
        struct sq_q q;
        rc = cvd__sq_open(&q, tx, SQ_SCHEMA_RECORD, "record the schema version");
        if (rc)
            return rc;
        cvd__sq_i64(&q, 1, m->version);
        cvd__sq_cstr(&q, 2, m->name);
        cvd__sq_i64(&q, 3, tx->now);
        rc = cvd__sq_exec(&q);
        if (rc)
            return rc;
        applied++;
    }
    return applied;
}

/* ---- backup ---- */

int cvd__sq_backup(struct cvd_store_tx *tx, const char *dest)
{
    struct sq_conn *c = tx->conn;
    int fd = open(dest, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        if (errno == EEXIST)
            return cvd__store_fail(tx, CVD_EDUP, "cannot back up to '%s': it already exists", dest);
        return cvd__store_fail(tx, CVD_EIO, "cannot back up to '%s': %s", dest, strerror(errno));
    }
    close(fd);

    sqlite3 *dst = NULL;
    int rc = sqlite3_open_v2(dest, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(dst, "PRAGMA synchronous = FULL;", NULL, NULL, NULL);
    if (rc != SQLITE_OK) {
        rc = cvd__store_fail(tx, sq_code(rc), "cannot back up to '%s': %s", dest,
                             dst != NULL ? sqlite3_errmsg(dst) : sqlite3_errstr(rc));
        goto fail;
    }
    sqlite3_backup *b = sqlite3_backup_init(dst, "main", c->db, "main");
    if (b == NULL) {
        rc = cvd__store_fail(tx, CVD_EDB, "cannot back up to '%s': %s", dest, sqlite3_errmsg(dst));
        goto fail;
    }
    /* All pages in one step: one read transaction on the source, so the copy is one
     * consistent moment; in WAL mode writers carry on meanwhile. */
    int step;
    for (int tries = 0;; tries++) {
        step = sqlite3_backup_step(b, -1);
        if ((step != SQLITE_BUSY && step != SQLITE_LOCKED) || tries >= 100)
            break;
        sqlite3_sleep(50);
    }
    int fin = sqlite3_backup_finish(b);
    if (step != SQLITE_DONE || fin != SQLITE_OK) {
        int bad = step != SQLITE_DONE ? step : fin;
        rc = cvd__store_fail(tx, sq_code(bad), "cannot back up to '%s': %s", dest,
                             sqlite3_errstr(bad));
        goto fail;
    }
    rc = sqlite3_close(dst);
    dst = NULL;
    if (rc != SQLITE_OK) {
        rc = cvd__store_fail(tx, CVD_EDB, "cannot back up to '%s': closing failed", dest);
        goto fail;
    }
    return 0;
fail:
    if (dst != NULL)
        sqlite3_close(dst);
    unlink(dest);
    return rc;
}
