/* The audit log: the chain hash, appending on a write tx, and verification that trusts nothing
 * the database says except the rows themselves. Backend-independent. */
#include "store-int.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

/* Domain tag at the start of every hashed encoding; a new encoding gets a new tag. */
static const char hash_tag[] = "cvd.audit.v1";

static void put_u64(crypto_hash_sha256_state *st, uint64_t v)
{
    unsigned char b[8];
    for (int i = 7; i >= 0; i--) {
        b[i] = (unsigned char)(v & 0xff);
        v >>= 8;
    }
    crypto_hash_sha256_update(st, b, sizeof(b));
}

static void put_str(crypto_hash_sha256_state *st, struct cvd_str s)
{
    put_u64(st, (uint64_t)s.len);
    if (s.len > 0)
        crypto_hash_sha256_update(st, (const unsigned char *)s.ptr, s.len);
}

void cvd_store_event_hash(const struct cvd_event *ev, unsigned char out[CVD_EVENT_HASH_BYTES])
{
    crypto_hash_sha256_state st;
    crypto_hash_sha256_init(&st);
    put_str(&st, (struct cvd_str){hash_tag, sizeof(hash_tag) - 1});
    put_u64(&st, (uint64_t)ev->seq);
    put_u64(&st, (uint64_t)ev->at);
    put_str(&st, ev->actor);
    put_str(&st, ev->type);
    put_str(&st, ev->object_kind);
    put_u64(&st, (uint64_t)ev->object_id);
    put_str(&st, ev->before);
    put_str(&st, ev->after);
    put_str(&st, ev->data);
    crypto_hash_sha256_update(&st, ev->prev_hash, CVD_EVENT_HASH_BYTES);
    crypto_hash_sha256_final(&st, out);
}

static struct cvd_str or_empty(struct cvd_str s)
{
    return s.ptr != NULL ? s : CVD_STR("");
}

int cvd_store_event_append(struct cvd_store_tx *tx, struct cvd_event *ev)
{
    static const char what[] = "append audit event";
    if (tx == NULL)
        return CVD_EINVAL;
    if (!tx->write)
        return cvd__store_fail(tx, CVD_EINVAL, "cannot %s: this is a read transaction", what);
    if (ev == NULL || ev->actor.len == 0 || ev->type.len == 0)
        return cvd__store_fail(tx, CVD_EINVAL, "cannot %s: no event, actor or type", what);

    struct cvd_event e = *ev;
    e.object_kind = or_empty(e.object_kind);
    e.before = or_empty(e.before);
    e.after = or_empty(e.after);
    e.data = or_empty(e.data);
    if (e.at == 0)
        e.at = tx->now;
    int64_t head;
    int rc = tx->store->ops->audit_head(tx, &head, e.prev_hash);
    if (rc == CVD_ENOTFOUND)
        return cvd__store_fail(tx, CVD_EDB, "cannot %s: the audit head is missing", what);
    if (rc)
        return rc;
    e.seq = head + 1;
    cvd_store_event_hash(&e, e.hash);
    rc = tx->store->ops->event_insert(tx, &e);
    if (rc)
        return rc;
    *ev = e;
    return 0;
}

static int check_list(struct cvd_store_tx *tx, size_t *limit, struct cvd_arena *a, void *ret,
                      size_t *ret_n, const char *what)
{
    if (tx == NULL)
        return CVD_EINVAL;
    if (a == NULL || ret == NULL || ret_n == NULL)
        return cvd__store_fail(tx, CVD_EINVAL, "cannot %s: no arena or no result", what);
    if (*limit == 0)
        *limit = CVD_STORE_LIST_DEFAULT;
    if (*limit > CVD_STORE_LIST_MAX)
        return cvd__store_fail(tx, CVD_EINVAL, "cannot %s: limit %zu is over %d", what, *limit,
                               CVD_STORE_LIST_MAX);
    return 0;
}

int cvd_store_event_list_object(struct cvd_store_tx *tx, struct cvd_str object_kind,
                                int64_t object_id, size_t limit, struct cvd_arena *a,
                                struct cvd_event **ret, size_t *ret_n)
{
    static const char what[] = "list audit events";
    int rc = check_list(tx, &limit, a, ret, ret_n, what);
    if (rc)
        return rc;
    if (object_kind.len == 0)
        return cvd__store_fail(tx, CVD_EINVAL, "cannot %s: no object kind", what);
    return tx->store->ops->event_list(tx, object_kind, object_id, limit, a, ret, ret_n);
}

int cvd_store_event_list_latest(struct cvd_store_tx *tx, size_t n, struct cvd_arena *a,
                                struct cvd_event **ret, size_t *ret_n)
{
    int rc = check_list(tx, &n, a, ret, ret_n, "list audit events");
    if (rc)
        return rc;
    return tx->store->ops->event_list(tx, CVD_STR(""), 0, n, a, ret, ret_n);
}

int cvd_store_audit_head(struct cvd_store_tx *tx, int64_t *ret_seq,
                         unsigned char ret_hash[CVD_EVENT_HASH_BYTES])
{
    if (tx == NULL)
        return CVD_EINVAL;
    if (ret_seq == NULL || ret_hash == NULL)
        return cvd__store_fail(tx, CVD_EINVAL, "cannot read the audit head: no result");
    int64_t seq;
    unsigned char hash[CVD_EVENT_HASH_BYTES];
    int rc = tx->store->ops->audit_head(tx, &seq, hash);
    if (rc == CVD_ENOTFOUND)
        return cvd__store_fail(tx, CVD_EDB, "the audit head is missing");
    if (rc)
        return rc;
    *ret_seq = seq;
    memcpy(ret_hash, hash, sizeof(hash));
    return 0;
}

/* ---- verification ---- */

struct verify {
    int64_t expect; /* the seq the next row must have */
    unsigned char prev[CVD_EVENT_HASH_BYTES];
    int64_t rows;
    int64_t bad;
    char why[200];
};

static int verify_row(void *arg, const struct cvd_event *ev, bool malformed)
{
    struct verify *v = arg;
    if (ev->seq != v->expect) {
        v->bad = v->expect;
        if (ev->seq > v->expect)
            snprintf(v->why, sizeof(v->why), "event %lld is missing (the next event is %lld)",
                     (long long)v->expect, (long long)ev->seq);
        else
            snprintf(v->why, sizeof(v->why), "event %lld is out of order", (long long)ev->seq);
        return 1;
    }
    if (malformed) {
        v->bad = ev->seq;
        snprintf(v->why, sizeof(v->why), "event %lld has a malformed hash column",
                 (long long)ev->seq);
        return 1;
    }
    if (sodium_memcmp(ev->prev_hash, v->prev, CVD_EVENT_HASH_BYTES) != 0) {
        v->bad = ev->seq;
        if (ev->seq == 1)
            snprintf(v->why, sizeof(v->why), "event 1 does not start the chain");
        else
            snprintf(v->why, sizeof(v->why),
                     "event %lld does not chain to event %lld (one of them was rewritten)",
                     (long long)ev->seq, (long long)ev->seq - 1);
        return 1;
    }
    unsigned char h[CVD_EVENT_HASH_BYTES];
    cvd_store_event_hash(ev, h);
    if (sodium_memcmp(h, ev->hash, CVD_EVENT_HASH_BYTES) != 0) {
        v->bad = ev->seq;
        snprintf(v->why, sizeof(v->why), "event %lld was edited (its hash does not match it)",
                 (long long)ev->seq);
        return 1;
    }
    memcpy(v->prev, ev->hash, sizeof(v->prev));
    v->expect++;
    v->rows++;
    return 0;
}

/* After the rows: does the recorded head agree with the last row? */
static void verify_head(struct verify *v, int head_rc, int64_t head_seq,
                        const unsigned char *head_hash)
{
    int64_t last = v->expect - 1;
    if (head_rc == CVD_ENOTFOUND) {
        v->bad = v->expect;
        snprintf(v->why, sizeof(v->why), "the audit head is missing");
    } else if (head_seq > last) {
        v->bad = v->expect;
        snprintf(v->why, sizeof(v->why),
                 "events %lld to %lld are missing at the end (the head records %lld)",
                 (long long)v->expect, (long long)head_seq, (long long)head_seq);
    } else if (head_seq < last) {
        v->bad = head_seq + 1;
        snprintf(v->why, sizeof(v->why),
                 "events %lld to %lld were added past the recorded head (%lld)",
                 (long long)head_seq + 1, (long long)last, (long long)head_seq);
    } else if (sodium_memcmp(head_hash, v->prev, CVD_EVENT_HASH_BYTES) != 0) {
        v->bad = last > 0 ? last : 1;
        snprintf(v->why, sizeof(v->why), "the head's hash does not match event %lld",
                 (long long)last);
    }
}

int cvd_store_audit_verify(struct cvd_store *s, int64_t *ret_rows, int64_t *ret_first_bad_seq,
                           struct cvd_diag *diag)
{
    if (s == NULL)
        return cvd_diag_set(diag, CVD_EINVAL, "cannot verify the audit log: no store");
    struct cvd_store_tx *tx;
    int rc = cvd_store_read_begin(s, &tx, diag);
    if (rc)
        return rc;
    struct verify v = {.expect = 1};
    int64_t head_seq = 0;
    unsigned char head_hash[CVD_EVENT_HASH_BYTES];
    /* Head first, then the rows, in one snapshot. */
    int head_rc = s->ops->audit_head(tx, &head_seq, head_hash);
    if (head_rc != 0 && head_rc != CVD_ENOTFOUND) {
        rc = head_rc;
        goto out;
    }
    rc = s->ops->event_scan(tx, verify_row, &v);
    if (rc)
        goto out;
    if (v.bad == 0)
        verify_head(&v, head_rc, head_seq, head_hash);
    if (ret_rows != NULL)
        *ret_rows = v.rows;
    if (ret_first_bad_seq != NULL)
        *ret_first_bad_seq = v.bad;
    if (v.bad != 0)
        rc = cvd_diag_set(diag, CVD_EDB, "audit log broken at event %lld: %s", (long long)v.bad,
                          v.why);
out:
    cvd_store_read_end(tx);
    return rc;
}
