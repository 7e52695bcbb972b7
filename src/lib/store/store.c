/* The generic store: opening, the writer (group commit), the reader pool, migrations and backup
 * dispatch. Everything here is backend-independent; SQL lives in sqlite*.c. */
#include "store-int.h"

#include <pthread.h>
#include <sodium.h>
#include <stdarg.h>
#include <string.h>

#include "cvd/alloc.h"

/* The store whose write function this thread is running (writer thread, or a caller in the
 * synchronous mode): a nested cvd_store_write from it would wait for itself. */
static _Thread_local struct cvd_store *tls_writing;

int cvd__store_fail(struct cvd_store_tx *tx, int code, const char *fmt, ...)
{
    struct cvd_diag *d = tx != NULL ? tx->diag : NULL;
    if (d == NULL)
        return code;
    va_list ap;
    va_start(ap, fmt);
    cvd_diag_vset(d, code, fmt, ap);
    va_end(ap);
    return code;
}

void *cvd__store_vec_push(struct cvd__store_vec *v, struct cvd_arena *a)
{
    if (v->n == v->cap) {
        size_t cap = v->cap ? v->cap * 2 : 8;
        void *items = cvd_arena_alloc_array(a, cap, v->size);
        if (items == NULL)
            return NULL;
        if (v->n > 0)
            memcpy(items, v->items, v->n * v->size);
        v->items = items;
        v->cap = cap;
    }
    char *slot = (char *)v->items + v->n * v->size;
    memset(slot, 0, v->size);
    v->n++;
    return slot;
}

/* ---- the reader pool ---- */

int cvd__store_reader_acquire(struct cvd_store *s, struct cvd_store_tx **ret, struct cvd_diag *diag)
{
    pthread_mutex_lock(&s->rlock);
    while (s->rfree == NULL)
        pthread_cond_wait(&s->rcond, &s->rlock);
    struct cvd_store_tx *tx = s->rfree;
    s->rfree = tx->next_free;
    pthread_mutex_unlock(&s->rlock);

    tx->diag = diag;
    tx->next_free = NULL;
    if (tx->conn == NULL) {
        int rc = s->ops->conn_open(s, false, &tx->conn, diag);
        if (rc) {
            tx->conn = NULL;
            cvd__store_reader_release(tx);
            return rc;
        }
    }
    tx->now = cvd_clock_now(s->clock);
    *ret = tx;
    return 0;
}

void cvd__store_reader_release(struct cvd_store_tx *tx)
{
    struct cvd_store *s = tx->store;
    tx->diag = NULL;
    pthread_mutex_lock(&s->rlock);
    tx->next_free = s->rfree;
    s->rfree = tx;
    pthread_cond_signal(&s->rcond);
    pthread_mutex_unlock(&s->rlock);
}

int cvd_store_read_begin(struct cvd_store *s, struct cvd_store_tx **ret_tx, struct cvd_diag *diag)
{
    if (s == NULL || ret_tx == NULL)
        return cvd_diag_set(diag, CVD_EINVAL, "cannot read: no store");
    struct cvd_store_tx *tx;
    int rc = cvd__store_reader_acquire(s, &tx, diag);
    if (rc)
        return rc;
    rc = s->ops->begin(tx);
    if (rc) {
        cvd__store_reader_release(tx);
        return rc;
    }
    *ret_tx = tx;
    return 0;
}

void cvd_store_read_end(struct cvd_store_tx *tx)
{
    if (tx == NULL || tx->write)
        return;
    tx->store->ops->rollback(tx); /* a read transaction has nothing to commit */
    cvd__store_reader_release(tx);
}

struct cvd_diag *cvd_store_tx_diag(struct cvd_store_tx *tx)
{
    return tx != NULL ? tx->diag : NULL;
}

int64_t cvd_store_tx_now(const struct cvd_store_tx *tx)
{
    return tx->now;
}

bool cvd_store_tx_is_write(const struct cvd_store_tx *tx)
{
    return tx != NULL && tx->write;
}

/* ---- writes ---- */

/* One attempt at a batch: BEGIN, each unfinished request in its savepoint, COMMIT. Returns true
 * when the database aborted the whole transaction because of one request: that one has
 * failed for good and the batch must run again without it. */
static bool run_attempt(struct cvd_store *s, struct cvd__store_req **reqs, size_t n)
{
    const struct cvd_store_ops *ops = s->ops;
    struct cvd_store_tx *tx = &s->wtx;
    struct cvd_diag bdiag = {0};

    s->wtx_committed = false;
    tx->diag = &bdiag;
    tx->now = cvd_clock_now(s->clock);
    int rc = ops->begin(tx);
    if (rc) {
        for (size_t i = 0; i < n; i++) {
            if (!reqs[i]->finished) {
                reqs[i]->rc = rc;
                reqs[i]->diag = bdiag;
                reqs[i]->finished = true;
            }
        }
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        struct cvd__store_req *r = reqs[i];
        if (r->finished)
            continue;
        memset(&r->diag, 0, sizeof(r->diag));
        tx->diag = &r->diag;
        tx->now = cvd_clock_now(s->clock);
        rc = ops->savepoint(tx);
        if (rc == 0) {
            rc = r->fn(tx, r->arg);
            if (rc > 0)
                rc = CVD_EINVAL; /* a write function returns 0 or a negative code */
            if (rc == 0)
                rc = ops->release(tx);
        }
        r->rc = rc;
        if (rc == 0)
            continue;
        if (r->diag.code == 0)
            cvd_diag_set(&r->diag, rc, "write failed: %s", cvd_strerror(rc));
        r->finished = true;
        if (!ops->in_tx(tx)) {
            /* The whole transaction is gone: run the others again. */
            return true;
        }
        ops->rollback_to(tx);
    }
    tx->diag = &bdiag;
    rc = ops->commit(tx);
    if (rc)
        ops->rollback(tx);
    for (size_t i = 0; i < n; i++) {
        struct cvd__store_req *r = reqs[i];
        if (r->finished)
            continue;
        r->rc = rc;
        if (rc)
            r->diag = bdiag;
        r->finished = true;
    }
    s->wtx_committed = rc == 0;
    return false;
}

/* Run a batch to the end; the caller holds wlock (synchronous mode) or is the writer thread. */
static void run_batch(struct cvd_store *s, struct cvd__store_req **reqs, size_t n)
{
    tls_writing = s;
    while (run_attempt(s, reqs, n))
        ;
    tls_writing = NULL;
    s->wtx.diag = NULL;
}

/* Count a finished batch; under wlock. */
static void count_batch(struct cvd_store *s, size_t n, bool committed)
{
    /* Before any writer of the batch is answered, so what it changed is never cached after. */
    atomic_fetch_add(&s->generation, 1);
    s->stats.writes += n;
    if (committed)
        s->stats.commits++;
    if (n > s->stats.max_batch)
        s->stats.max_batch = n;
}

static void *writer_main(void *arg)
{
    struct cvd_store *s = arg;
    struct cvd__store_req *batch[CVD_STORE_BATCH_MAX];

    pthread_mutex_lock(&s->wlock);
    for (;;) {
        while (s->qhead == NULL && !s->stopping)
            pthread_cond_wait(&s->wcond, &s->wlock);
        if (s->qhead == NULL)
            break;
        size_t n = 0;
        while (s->qhead != NULL && n < CVD_STORE_BATCH_MAX) {
            batch[n++] = s->qhead;
            s->qhead = s->qhead->next;
        }
        if (s->qhead == NULL)
            s->qtail = NULL;
        /* The batch runs without the lock, so callers keep queueing the next one meanwhile:
         * that is what makes the group. */
        pthread_mutex_unlock(&s->wlock);
        run_batch(s, batch, n);
        pthread_mutex_lock(&s->wlock);
        count_batch(s, n, s->wtx_committed);
        for (size_t i = 0; i < n; i++) {
            batch[i]->done = true;
            pthread_cond_signal(&batch[i]->cond);
        }
    }
    pthread_mutex_unlock(&s->wlock);
    return NULL;
}

int cvd_store_write(struct cvd_store *s, cvd_store_write_fn fn, void *arg, struct cvd_diag *diag)
{
    if (s == NULL || fn == NULL)
        return cvd_diag_set(diag, CVD_EINVAL, "cannot write: no store or no write function");
    if (s->flags & CVD_STORE_READONLY)
        return cvd_diag_set(diag, CVD_ENOTSUP, "cannot write: the store is open read-only");
    if (tls_writing == s)
        return cvd_diag_set(diag, CVD_EINVAL,
                            "cannot write: already inside a write (use its transaction)");

    struct cvd__store_req req = {.fn = fn, .arg = arg};
    struct cvd__store_req *one = &req;
    if (!s->writer_running) {
        pthread_mutex_lock(&s->wlock);
        run_batch(s, &one, 1);
        count_batch(s, 1, s->wtx_committed);
        pthread_mutex_unlock(&s->wlock);
    } else {
        if (pthread_cond_init(&req.cond, NULL) != 0)
            return cvd_diag_set(diag, CVD_ENOMEM, "cannot write: no condition variable");
        pthread_mutex_lock(&s->wlock);
        if (s->stopping) {
            pthread_mutex_unlock(&s->wlock);
            pthread_cond_destroy(&req.cond);
            return cvd_diag_set(diag, CVD_ESTATE, "cannot write: the store is closing");
        }
        if (s->qtail != NULL)
            s->qtail->next = &req;
        else
            s->qhead = &req;
        s->qtail = &req;
        pthread_cond_signal(&s->wcond);
        while (!req.done)
            pthread_cond_wait(&req.cond, &s->wlock);
        pthread_mutex_unlock(&s->wlock);
        pthread_cond_destroy(&req.cond);
    }
    if (req.rc != 0 && diag != NULL)
        *diag = req.diag;
    return req.rc;
}

uint64_t cvd_store_generation(struct cvd_store *s)
{
    return atomic_load(&s->generation);
}

void cvd_store_stats(struct cvd_store *s, struct cvd_store_stats *ret)
{
    pthread_mutex_lock(&s->wlock);
    *ret = s->stats;
    pthread_mutex_unlock(&s->wlock);
}

/* ---- schema ---- */

int cvd_store_schema_latest(void)
{
    return cvd__store_sqlite_migrations[cvd__store_sqlite_migration_count - 1].version;
}

static int migrate_fn(struct cvd_store_tx *tx, void *arg)
{
    int rc = tx->store->ops->migrate(tx);
    if (rc < 0)
        return rc;
    *(int *)arg = rc;
    return 0;
}

int cvd_store_migrate(struct cvd_store *s, struct cvd_diag *diag)
{
    int applied = 0;
    int rc = cvd_store_write(s, migrate_fn, &applied, diag);
    return rc < 0 ? rc : applied;
}

int cvd_store_schema_version(struct cvd_store *s, struct cvd_diag *diag)
{
    if (s == NULL)
        return cvd_diag_set(diag, CVD_EINVAL, "cannot read the schema version: no store");
    struct cvd_store_tx *tx;
    int rc = cvd_store_read_begin(s, &tx, diag);
    if (rc)
        return rc;
    int version = 0;
    rc = s->ops->schema_version(tx, &version);
    cvd_store_read_end(tx);
    return rc < 0 ? rc : version;
}

int cvd_store_backup(struct cvd_store *s, const char *dest_path, struct cvd_diag *diag)
{
    if (s == NULL || dest_path == NULL || dest_path[0] == '\0')
        return cvd_diag_set(diag, CVD_EINVAL, "cannot back up: no store or no destination");
    struct cvd_store_tx *tx;
    int rc = cvd__store_reader_acquire(s, &tx, diag);
    if (rc)
        return rc;
    rc = s->ops->backup(tx, dest_path);
    cvd__store_reader_release(tx);
    return rc;
}

/* ---- open, close ---- */

void cvd_store_close(struct cvd_store *s)
{
    if (s == NULL)
        return;
    if (s->writer_running) {
        pthread_mutex_lock(&s->wlock);
        s->stopping = true;
        pthread_cond_signal(&s->wcond);
        pthread_mutex_unlock(&s->wlock);
        pthread_join(s->writer, NULL);
        s->writer_running = false;
    }
    for (size_t i = 0; i < CVD_STORE_READERS_MAX; i++) {
        if (s->readers[i].conn != NULL)
            s->ops->conn_close(s->readers[i].conn);
    }
    if (s->wtx.conn != NULL)
        s->ops->conn_close(s->wtx.conn);
    if (s->sync_init) {
        pthread_mutex_destroy(&s->wlock);
        pthread_cond_destroy(&s->wcond);
        pthread_mutex_destroy(&s->rlock);
        pthread_cond_destroy(&s->rcond);
    }
    cvd_free(s->path);
    cvd_free(s);
}

static int sync_init(struct cvd_store *s)
{
    if (pthread_mutex_init(&s->wlock, NULL) != 0)
        return CVD_ENOMEM;
    if (pthread_cond_init(&s->wcond, NULL) != 0)
        goto out_wlock;
    if (pthread_mutex_init(&s->rlock, NULL) != 0)
        goto out_wcond;
    if (pthread_cond_init(&s->rcond, NULL) != 0)
        goto out_rlock;
    s->sync_init = true;
    return 0;
out_rlock:
    pthread_mutex_destroy(&s->rlock);
out_wcond:
    pthread_cond_destroy(&s->wcond);
out_wlock:
    pthread_mutex_destroy(&s->wlock);
    return CVD_ENOMEM;
}

static int check_version(struct cvd_store *s, struct cvd_diag *diag)
{
    int version = cvd_store_schema_version(s, diag);
    if (version < 0)
        return version;
    int latest = cvd_store_schema_latest();
    if (version > latest)
        return cvd_diag_set(diag, CVD_ENOTSUP,
                            "database '%s' has schema version %d, newer than this cvd knows (%d)",
                            s->path, version, latest);
    if (version < latest && (s->flags & CVD_STORE_MIGRATE) && !(s->flags & CVD_STORE_READONLY)) {
        int rc = cvd_store_migrate(s, diag);
        if (rc < 0)
            return rc;
    }
    return 0;
}

int cvd_store_open(const char *path, const struct cvd_clock *clock, unsigned flags,
                   struct cvd_store **ret, struct cvd_diag *diag)
{
    const unsigned known =
        CVD_STORE_CREATE | CVD_STORE_MIGRATE | CVD_STORE_READONLY | CVD_STORE_GROUP_COMMIT;
    if (path == NULL || path[0] == '\0' || ret == NULL || (flags & ~known) != 0)
        return cvd_diag_set(diag, CVD_EINVAL, "cannot open the store: bad arguments");
    if ((flags & CVD_STORE_READONLY) && (flags & (CVD_STORE_CREATE | CVD_STORE_MIGRATE)))
        return cvd_diag_set(diag, CVD_EINVAL,
                            "cannot open the store: read-only excludes create and migrate");
    if (sodium_init() < 0)
        return cvd_diag_set(diag, CVD_ENOTSUP, "cannot open the store: libsodium did not start");

    struct cvd_store *s = cvd_calloc(1, sizeof(*s));
    if (s == NULL)
        return cvd_diag_set(diag, CVD_ENOMEM, "cannot open the store: out of memory");
    s->ops = &cvd__store_sqlite_ops;
    s->clock = clock != NULL ? clock : &cvd_clock_system;
    s->flags = flags;
    atomic_init(&s->generation, 0);
    s->wtx.store = s;
    s->wtx.write = true;
    for (size_t i = CVD_STORE_READERS_MAX; i-- > 0;) {
        s->readers[i].store = s;
        s->readers[i].next_free = s->rfree;
        s->rfree = &s->readers[i];
    }
    size_t len = strlen(path);
    int rc = CVD_ENOMEM;
    s->path = cvd_malloc(len + 1);
    if (s->path == NULL || sync_init(s) != 0) {
        cvd_diag_set(diag, rc, "cannot open the store: out of memory");
        goto fail;
    }
    memcpy(s->path, path, len + 1);

    if (!(flags & CVD_STORE_READONLY)) {
        rc = s->ops->conn_open(s, true, &s->wtx.conn, diag);
        if (rc) {
            s->wtx.conn = NULL;
            goto fail;
        }
    }
    rc = check_version(s, diag);
    if (rc)
        goto fail;
    if ((flags & CVD_STORE_GROUP_COMMIT) && !(flags & CVD_STORE_READONLY)) {
        if (pthread_create(&s->writer, NULL, writer_main, s) != 0) {
            rc = cvd_diag_set(diag, CVD_ENOMEM, "cannot open the store: no writer thread");
            goto fail;
        }
        s->writer_running = true;
    }
    *ret = s;
    return 0;
fail:
    cvd_store_close(s);
    return rc;
}
