/* The notification outbox: queuing inside the use cases' writes, delivery (claim with a lease,
 * send, mark), the delivery thread, the admin view, and the organisations' webhooks.
 * docs/internals/outbox.md explains the guarantees. */
#include "hub-int.h"

#include <pthread.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cvd/alloc.h"
#include "cvd/json.h"
#include "cvd/notify.h"

struct cvd__outbox {
    char *smtp_url; /* NULL: mail stays queued */
    char *mail_from;
    bool deliver;
    bool allow_http;
    bool allow_internal;
    void (*log)(void *arg, const char *line);
    void *log_arg;

    /* The delivery thread. */
    pthread_mutex_t lock;
    pthread_cond_t cond;
    bool running;
    bool stopping;
    int64_t interval_ms;
    pthread_t thread;
};

/* Wipe a secret read into an arena (its view is const for everyone else). */
static void wipe(struct cvd_str s)
{
    if (s.len > 0)
        sodium_memzero((void *)(uintptr_t)s.ptr, s.len);
}

static char *dup_cstr(const char *s)
{
    if (s == NULL)
        return NULL;
    size_t n = strlen(s);
    char *p = cvd_malloc(n + 1);
    if (p != NULL)
        memcpy(p, s, n + 1);
    return p;
}

int cvd__hub_outbox_open(struct cvd_hub *h, const struct cvd_hub_config *cfg, struct cvd_diag *diag)
{
    const char *relay = cfg->smtp_url != NULL && cfg->smtp_url[0] ? cfg->smtp_url : NULL;
    if (relay != NULL) {
        if (strncmp(relay, "smtp://", 7) != 0 && strncmp(relay, "smtps://", 8) != 0)
            return cvd_diag_set(diag, CVD_EINVAL, "smtp_url: must start with smtp:// or smtps://");
        if (cfg->mail_from == NULL || !cvd_notify_addr_is_valid(cvd_str_from_cstr(cfg->mail_from)))
            return cvd_diag_set(diag, CVD_EINVAL,
                                "mail_from: an address (name@host) is needed with a relay");
    }
    if (cfg->deliver && cvd_notify_init() != 0)
        return cvd_diag_set(diag, CVD_EIO, "cannot initialise the notification libraries");
    struct cvd__outbox *o = cvd_calloc(1, sizeof(*o));
    if (o == NULL)
        return cvd_diag_set(diag, CVD_ENOMEM, "out of memory");
    o->smtp_url = dup_cstr(relay);
    o->mail_from = dup_cstr(relay != NULL ? cfg->mail_from : NULL);
    if ((relay != NULL && (o->smtp_url == NULL || o->mail_from == NULL)) ||
        pthread_mutex_init(&o->lock, NULL) != 0) {
        cvd_free(o->smtp_url);
        cvd_free(o->mail_from);
        cvd_free(o);
        return cvd_diag_set(diag, CVD_ENOMEM, "out of memory");
    }
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    int crc = pthread_cond_init(&o->cond, &ca);
    pthread_condattr_destroy(&ca);
    if (crc != 0) {
        pthread_mutex_destroy(&o->lock);
        cvd_free(o->smtp_url);
        cvd_free(o->mail_from);
        cvd_free(o);
        return cvd_diag_set(diag, CVD_ENOMEM, "cannot create a condition variable");
    }
    o->deliver = cfg->deliver;
    o->allow_http = cfg->webhook_allow_http;
    o->allow_internal = cfg->webhook_allow_internal;
    o->log = cfg->log;
    o->log_arg = cfg->log_arg;
    h->outbox = o;
    return 0;
}

void cvd__hub_outbox_close(struct cvd_hub *h)
{
    struct cvd__outbox *o = h->outbox;
    if (o == NULL)
        return;
    cvd_hub_delivery_stop(h);
    pthread_cond_destroy(&o->cond);
    pthread_mutex_destroy(&o->lock);
    cvd_free(o->smtp_url);
    cvd_free(o->mail_from);
    cvd_free(o);
    h->outbox = NULL;
}

/* ---- queuing ---- */

/* A path on the hub: "/" then URL characters (RFC 3986 unreserved, reserved, '%'). */
static bool path_ok(struct cvd_str p)
{
    if (p.len == 0 || p.len > CVD_NOTIFY_URL_MAX / 2 || p.ptr[0] != '/')
        return false;
    for (size_t i = 0; i < p.len; i++) {
        unsigned char c = (unsigned char)p.ptr[i];
        if (c <= 0x20 || c >= 0x7f || strchr("\"<>\\^`{|}", c) != NULL)
            return false;
    }
    return true;
}

static bool key_ok(struct cvd_str k)
{
    if (k.len == 0 || k.len > CVD__HUB_NOTIFY_KEY_MAX)
        return false;
    for (size_t i = 0; i < k.len; i++) {
        unsigned char c = (unsigned char)k.ptr[i];
        if (c <= 0x20 || c >= 0x7f)
            return false;
    }
    return true;
}

static int fail(struct cvd_store_tx *tx, int code, const char *fmt, ...) CVD_PRINTF(3, 4);
static int fail(struct cvd_store_tx *tx, int code, const char *fmt, ...)
{
    struct cvd_diag *d = cvd_store_tx_diag(tx);
    if (d == NULL)
        return code;
    va_list ap;
    va_start(ap, fmt);
    cvd_diag_vset(d, code, fmt, ap);
    va_end(ap);
    return code;
}

int cvd__hub_notify_mail(struct cvd_store_tx *tx, const struct cvd__hub_mail *m, int64_t *ret_id)
{
    if (ret_id != NULL)
        *ret_id = 0;
    if (m == NULL)
        return fail(tx, CVD_EINVAL, "notification: nothing to queue");
    if (!key_ok(m->key))
        return fail(tx, CVD_EINVAL, "notification key: 1 to %d printable ASCII characters",
                    CVD__HUB_NOTIFY_KEY_MAX);
    if (!cvd_notify_addr_is_valid(m->to))
        return fail(tx, CVD_EINVAL, "to: not an e-mail address the hub can send to");
    if ((unsigned)m->tlp > (unsigned)CVD_TLP_RED)
        return fail(tx, CVD_EINVAL, "tlp: unknown label");
    if (!path_ok(m->path))
        return fail(tx, CVD_EINVAL, "path: not a path on the hub");
    if (m->recipient_key.len > 0) {
        int rc = cvd_pgp_key_check(m->recipient_key, CVD_NOTIFY_KEY_MAX, "recipient_key",
                                   cvd_store_tx_diag(tx));
        if (rc)
            return rc;
    }
    bool red = m->tlp == CVD_TLP_RED;
    /* The text must make a mail (no controls in the subject, UTF-8, sizes): compose it once
     * now, in clear and to a placeholder link, so a bad one fails the use case, not the
     * delivery. RED content is not looked at, as it is not kept. */
    if (!red) {
        struct cvd_buf link;
        cvd_buf_init(&link, CVD_NOTIFY_URL_MAX);
        int rc = cvd_buf_add_cstr(&link, "https://hub.invalid");
        if (rc == 0)
            rc = cvd_buf_add_str(&link, m->path);
        struct cvd_notify_mail trial = {
            .from = CVD_STR("cvd@hub.invalid"),
            .to = m->to,
            .tlp = m->tlp,
            .subject = m->subject,
            .body = m->body,
            .url = cvd_buf_str(&link),
        };
        struct cvd_buf out;
        cvd_buf_init(&out, 0);
        if (rc == 0)
            rc = cvd_notify_compose(&trial, NULL, &out, cvd_store_tx_diag(tx));
        cvd_buf_release(&out);
        cvd_buf_release(&link);
        if (rc)
            return rc;
    }
    struct cvd_buf key;
    cvd_buf_init(&key, CVD_STORE_OUTBOX_KEY_MAX);
    int rc = cvd_buf_add_cstr(&key, "mail:");
    if (rc == 0)
        rc = cvd_buf_add_str(&key, m->to);
    if (rc == 0)
        rc = cvd_buf_add_char(&key, ':');
    if (rc == 0)
        rc = cvd_buf_add_str(&key, m->key);
    if (rc) {
        cvd_buf_release(&key);
        return fail(tx, rc, "notification key: %s", cvd_strerror(rc));
    }
    struct cvd_store_outbox row = {
        .kind = CVD_OUTBOX_MAIL,
        .dedupe_key = cvd_buf_str(&key),
        .recipient = m->to,
        .recipient_key = m->recipient_key,
        .tlp = m->tlp,
        .subject = red ? CVD_STR("") : m->subject,
        .body = red ? CVD_STR("") : m->body,
        .path = m->path,
        .case_id = m->case_id,
        .object_kind = cvd_str_from_cstr(m->object_kind != NULL ? m->object_kind : ""),
        .object_id = m->object_id,
    };
    int64_t id = 0;
    rc = cvd_store_outbox_add(tx, &row, &id);
    cvd_buf_release(&key);
    if (rc == CVD_EDUP)
        return 0; /* queued already: once is the point */
    if (rc == 0 && ret_id != NULL)
        *ret_id = id;
    return rc;
}

int cvd__hub_notify_user(struct cvd_store_tx *tx, int64_t user_id, const struct cvd__hub_mail *m,
                         int64_t *ret_id)
{
    if (m == NULL)
        return fail(tx, CVD_EINVAL, "notification: nothing to queue");
    struct cvd_arena a;
    cvd_arena_init(&a, 1u << 16);
    struct cvd_user u;
    int rc = cvd_store_user_get(tx, user_id, &a, &u);
    if (rc == 0) {
        struct cvd__hub_mail copy = *m;
        copy.to = u.email;
        rc = cvd__hub_notify_mail(tx, &copy, ret_id);
    }
    cvd_arena_release(&a);
    return rc;
}

static bool event_name_ok(const char *e)
{
    size_t n = e != NULL ? strlen(e) : 0;
    if (n == 0 || n > 64)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = e[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_'))
            return false;
    }
    return true;
}

/* Room the envelope around the caller's data takes at most (id, event, tlp, url, time). */
#define HOOK_ENVELOPE_MAX 8192

int cvd__hub_notify_webhooks(struct cvd_store_tx *tx, int64_t org_id,
                             const struct cvd__hub_hook_event *e, size_t *ret_n)
{
    if (ret_n != NULL)
        *ret_n = 0;
    if (e == NULL)
        return fail(tx, CVD_EINVAL, "notification: nothing to queue");
    if (!key_ok(e->key))
        return fail(tx, CVD_EINVAL, "notification key: 1 to %d printable ASCII characters",
                    CVD__HUB_NOTIFY_KEY_MAX);
    if (!event_name_ok(e->event))
        return fail(tx, CVD_EINVAL, "event: 1 to 64 of [a-z0-9._]");
    if ((unsigned)e->tlp > (unsigned)CVD_TLP_RED)
        return fail(tx, CVD_EINVAL, "tlp: unknown label");
    if (!path_ok(e->path))
        return fail(tx, CVD_EINVAL, "path: not a path on the hub");
    bool red = e->tlp == CVD_TLP_RED;
    struct cvd_str data = red ? CVD_STR("") : e->data;
    struct cvd_arena a;
    cvd_arena_init(&a, 0);
    int rc = 0;
    if (data.len > 0) {
        const struct cvd_json *root = NULL;
        if (data.len > CVD_NOTIFY_JSON_MAX - HOOK_ENVELOPE_MAX)
            rc = fail(tx, CVD_ELIMIT, "data: more than %d bytes",
                      CVD_NOTIFY_JSON_MAX - HOOK_ENVELOPE_MAX);
        else if ((rc = cvd_json_parse(&a, data.ptr, data.len, NULL, 0, &root,
                                      cvd_store_tx_diag(tx))) == 0 &&
                 root->type != CVD_JSON_OBJECT)
            rc = fail(tx, CVD_EINVAL, "data: must be a JSON object");
    }
    struct cvd_store_webhook *hooks = NULL;
    size_t n = 0;
    if (rc == 0)
        rc = cvd_store_webhook_list_org(tx, org_id, true, &a, &hooks, &n);
    size_t added = 0;
    for (size_t i = 0; rc == 0 && i < n; i++) {
        char key[CVD_STORE_OUTBOX_KEY_MAX];
        int len = snprintf(key, sizeof(key), "hook:%lld:%.*s", (long long)hooks[i].id,
                           (int)e->key.len, e->key.ptr);
        struct cvd_store_outbox row = {
            .kind = CVD_OUTBOX_WEBHOOK,
            .dedupe_key = {key, (size_t)len},
            .recipient = hooks[i].url,
            .webhook_id = hooks[i].id,
            .tlp = e->tlp,
            .subject = cvd_str_from_cstr(e->event),
            .body = data,
            .path = e->path,
            .case_id = e->case_id,
            .object_kind = cvd_str_from_cstr(e->object_kind != NULL ? e->object_kind : ""),
            .object_id = e->object_id,
        };
        rc = cvd_store_outbox_add(tx, &row, NULL);
        if (rc == 0)
            added++;
        else if (rc == CVD_EDUP)
            rc = 0;
    }
    cvd_arena_release(&a);
    if (rc == 0 && ret_n != NULL)
        *ret_n = added;
    return rc;
}

/* ---- delivery ---- */

int64_t cvd_hub_deliver_backoff(int64_t attempts, uint32_t r)
{
    int64_t d = CVD_HUB_DELIVER_BASE;
    for (int64_t i = 1; i < attempts && d < CVD_HUB_DELIVER_CAP; i++)
        d *= 2;
    if (d > CVD_HUB_DELIVER_CAP)
        d = CVD_HUB_DELIVER_CAP;
    return d - (int64_t)(r % (uint32_t)(d / 4 + 1));
}

static void log_line(struct cvd__outbox *o, struct cvd_buf *b)
{
    if (o->log != NULL && b->len > 0 && cvd_buf_add_char(b, '\0') == 0)
        o->log(o->log_arg, b->ptr);
}

static void log_failure(struct cvd_hub *h, const struct cvd_store_outbox *row, const char *what,
                        const char *why)
{
    struct cvd__outbox *o = h->outbox;
    if (o->log == NULL)
        return;
    struct cvd_buf b;
    cvd_buf_init(&b, 4096);
    struct cvd_json_writer w;
    cvd_json_writer_init(&w, &b, 0);
    (void)cvd_json_write_object_begin(&w);
    (void)cvd_json_write_kv_cstr(&w, "level", "warning");
    (void)cvd_json_write_kv_cstr(&w, "component", "outbox");
    (void)cvd_json_write_kv_i64(&w, "id", row->id);
    (void)cvd_json_write_kv_cstr(&w, "kind", row->kind == CVD_OUTBOX_MAIL ? "mail" : "webhook");
    (void)cvd_json_write_kv_i64(&w, "attempts", row->attempts);
    (void)cvd_json_write_kv_cstr(&w, "outcome", what);
    (void)cvd_json_write_key(&w, CVD_STR("error"));
    if (cvd_json_write_cstr(&w, why) != 0) {
        /* not UTF-8: say so rather than nothing */
        cvd_buf_reset(&b);
        cvd_json_writer_init(&w, &b, 0);
        (void)cvd_json_write_object_begin(&w);
        (void)cvd_json_write_kv_cstr(&w, "level", "warning");
        (void)cvd_json_write_kv_cstr(&w, "component", "outbox");
        (void)cvd_json_write_kv_i64(&w, "id", row->id);
        (void)cvd_json_write_kv_cstr(&w, "outcome", what);
    }
    (void)cvd_json_write_object_end(&w);
    if (cvd_json_writer_finish(&w) == 0)
        log_line(o, &b);
    cvd_buf_release(&b);
}

/* base_url + path, NUL-terminated. */
static int item_url(struct cvd_hub *h, struct cvd_str path, struct cvd_buf *out)
{
    int rc = cvd_buf_add_cstr(out, h->base_url);
    if (rc == 0)
        rc = cvd_buf_add_str(out, path);
    if (rc == 0)
        rc = cvd_buf_add_char(out, '\0');
    if (rc == 0)
        out->len--;
    return rc;
}

static int send_mail(struct cvd_hub *h, const struct cvd_store_outbox *row, struct cvd_diag *diag)
{
    struct cvd__outbox *o = h->outbox;
    struct cvd_buf url;
    cvd_buf_init(&url, CVD_NOTIFY_URL_MAX + 1);
    int rc = item_url(h, row->path, &url);
    if (rc) {
        cvd_buf_release(&url);
        return cvd_diag_set(diag, rc, "the item's URL: %s", cvd_strerror(rc));
    }
    struct cvd_notify_smtp relay = {.url = o->smtp_url};
    struct cvd_notify_mail m = {
        .from = cvd_str_from_cstr(o->mail_from),
        .to = row->recipient,
        .tlp = row->tlp,
        .subject = row->subject,
        .body = row->body,
        .url = cvd_buf_str(&url),
        .recipient_key = row->recipient_key,
    };
    struct cvd_notify_status st;
    rc = cvd_notify_send_mail(&relay, &m, &h->clock, &st, diag);
    cvd_buf_release(&url);
    return rc;
}

static int send_webhook(struct cvd_hub *h, const struct cvd_store_outbox *row,
                        struct cvd_diag *diag)
{
    struct cvd_store_tx *tx;
    int rc = cvd_store_read_begin(h->store, &tx, diag);
    if (rc)
        return rc == CVD_ENOMEM ? rc : CVD_NOTIFY_ETEMP;
    struct cvd_arena a;
    cvd_arena_init(&a, 0);
    struct cvd_store_webhook hook;
    rc = cvd_store_webhook_get(tx, row->webhook_id, &a, &hook);
    cvd_store_read_end(tx);
    if (rc == CVD_ENOTFOUND || (rc == 0 && !hook.enabled)) {
        cvd_arena_release(&a);
        return cvd_diag_set(diag, CVD_NOTIFY_EPERM, "the webhook was %s",
                            rc ? "removed" : "disabled");
    }
    if (rc) {
        cvd_arena_release(&a);
        return CVD_NOTIFY_ETEMP; /* the database, for now */
    }
    /* The envelope: the delivery id (the same for every attempt, so a receiver can drop a
     * repeat), the event, the label, the link, the time it was queued, and the data (none for
     * RED: it was not even stored). */
    struct cvd_buf body, url;
    cvd_buf_init(&body, CVD_NOTIFY_JSON_MAX);
    cvd_buf_init(&url, CVD_NOTIFY_URL_MAX + 1);
    char when[CVD_RFC3339_LEN + 1] = "";
    rc = item_url(h, row->path, &url);
    if (rc == 0)
        rc = cvd_time_format(row->created_at, when);
    const struct cvd_json *data = NULL;
    if (rc == 0 && row->body.len > 0 && row->tlp != CVD_TLP_RED)
        rc = cvd_json_parse(&a, row->body.ptr, row->body.len, NULL, 0, &data, diag);
    struct cvd_json_writer w;
    cvd_json_writer_init(&w, &body, 0);
    if (rc == 0) {
        (void)cvd_json_write_object_begin(&w);
        (void)cvd_json_write_kv_i64(&w, "id", row->id);
        (void)cvd_json_write_key(&w, CVD_STR("event"));
        (void)cvd_json_write_string(&w, row->subject);
        (void)cvd_json_write_kv_cstr(&w, "tlp", cvd_tlp_name(row->tlp));
        (void)cvd_json_write_key(&w, CVD_STR("url"));
        (void)cvd_json_write_string(&w, cvd_buf_str(&url));
        (void)cvd_json_write_kv_cstr(&w, "created_at", when);
        if (data != NULL) {
            (void)cvd_json_write_key(&w, CVD_STR("data"));
            (void)cvd_json_write_value(&w, data, 0);
        }
        (void)cvd_json_write_object_end(&w);
        rc = cvd_json_writer_finish(&w);
    }
    if (rc == 0) {
        struct cvd_notify_webhook target = {
            .url = cvd_arena_strndup(&a, hook.url.ptr, hook.url.len),
            .secret = (const unsigned char *)hook.secret.ptr,
            .secret_len = hook.secret.len,
            .allow_internal = h->outbox->allow_internal,
        };
        struct cvd_notify_status st;
        rc = target.url == NULL
                 ? CVD_ENOMEM
                 : cvd_notify_webhook_post(&target, &h->clock, cvd_buf_str(&body), &st, diag);
    } else if (diag != NULL && diag->code == 0) {
        cvd_diag_set(diag, rc, "cannot build the webhook payload: %s", cvd_strerror(rc));
    }
    wipe(hook.secret);
    cvd_buf_release(&body);
    cvd_buf_release(&url);
    cvd_arena_release(&a);
    return rc;
}

struct claim_args {
    unsigned kinds;
    size_t max;
    struct cvd_arena *a;
    struct cvd_store_outbox *rows;
    size_t n;
};

static int claim_write(struct cvd_store_tx *tx, void *arg)
{
    struct claim_args *x = arg;
    x->rows = NULL;
    x->n = 0; /* a write may run again: start over */
    int64_t now = cvd_store_tx_now(tx);
    return cvd_store_outbox_claim(tx, x->kinds, now, now + CVD_HUB_DELIVER_LEASE, x->max, x->a,
                                  &x->rows, &x->n);
}

struct mark_args {
    const struct cvd_store_outbox *row;
    bool sent;
    bool dead;
    int64_t next_at;
    struct cvd_str error;
};

static int mark_write(struct cvd_store_tx *tx, void *arg)
{
    struct mark_args *x = arg;
    if (x->sent)
        return cvd_store_outbox_mark_sent(tx, x->row->id, 0);
    return cvd_store_outbox_mark_failed(tx, x->row->id, x->row->attempts, x->dead, x->next_at,
                                        x->error);
}

/* Longest one send may take (SMTP: 10 s to connect, 60 s in all; webhooks less; gpg): a row
 * is sent only while its lease surely outlasts the send. */
#define SEND_BUDGET 120

/* Deliver one claimed row and record the outcome; counts it in st. */
static void deliver_one(struct cvd_hub *h, const struct cvd_store_outbox *row,
                        struct cvd_deliver_stats *st)
{
    struct cvd_diag d = {0};
    int rc;
    /* The round ran long (a slow relay): the lease could run out while sending, and another
     * deliverer claim the row and send it too. Not sent; due again at once (the claim still
     * counts as an attempt, so a relay that is always too slow is given up on in the end). */
    bool late = cvd_clock_now(&h->clock) + SEND_BUDGET > row->next_attempt_at;
    if (late)
        rc = cvd_diag_set(&d, CVD_NOTIFY_ETEMP, "not attempted: the delivery round ran long");
    else
        rc = row->kind == CVD_OUTBOX_MAIL ? send_mail(h, row, &d) : send_webhook(h, row, &d);
    struct mark_args x = {.row = row, .sent = rc == 0};
    const char *outcome = "sent";
    char why[sizeof(d.msg) + 64];
    if (rc != 0) {
        bool temporary = cvd_notify_is_temporary(rc) || rc == CVD_ENOMEM;
        x.dead = !late && (!temporary || row->attempts >= CVD_HUB_DELIVER_ATTEMPTS);
        int64_t now = cvd_clock_now(&h->clock);
        x.next_at = x.dead || late
                        ? now
                        : now + cvd_hub_deliver_backoff(row->attempts, randombytes_random());
        snprintf(why, sizeof(why), "%s%s", temporary && x.dead ? "gave up: " : "",
                 d.msg[0] ? d.msg : cvd_strerror(rc));
        x.error = cvd_str_from_cstr(why);
        outcome = x.dead ? "dead" : "retry";
    }
    struct cvd_diag md = {0};
    int mrc = cvd_store_write(h->store, mark_write, &x, &md);
    if (mrc != 0) {
        /* Not recorded: the lease runs out and the row is tried again (for a sent row, a
         * duplicate; docs/internals/outbox.md). */
        log_failure(h, row, "unrecorded", md.msg);
    }
    if (rc == 0) {
        st->sent++;
        return;
    }
    if (x.dead)
        st->dead++;
    else
        st->retry++;
    log_failure(h, row, outcome, why);
}

int cvd_hub_deliver(struct cvd_hub *h, size_t max, struct cvd_deliver_stats *ret,
                    struct cvd_diag *diag)
{
    struct cvd_deliver_stats st = {0};
    if (ret != NULL)
        *ret = st;
    if (h == NULL || max == 0 || max > CVD_HUB_DELIVER_MAX)
        return cvd_diag_set(diag, CVD_EINVAL, "deliver: max must be 1 to %d", CVD_HUB_DELIVER_MAX);
    struct cvd__outbox *o = h->outbox;
    if (!o->deliver)
        return 0;
    struct cvd_arena a;
    cvd_arena_init(&a, 0);
    struct claim_args x = {
        .kinds = (1u << CVD_OUTBOX_WEBHOOK) | (o->smtp_url != NULL ? 1u << CVD_OUTBOX_MAIL : 0),
        .max = max,
        .a = &a,
    };
    int rc = cvd_store_write(h->store, claim_write, &x, diag);
    if (rc == 0) {
        st.claimed = x.n;
        for (size_t i = 0; i < x.n; i++)
            deliver_one(h, &x.rows[i], &st);
    }
    cvd_arena_release(&a);
    if (ret != NULL)
        *ret = st;
    return rc;
}

/* ---- the delivery thread ---- */

static void log_round(struct cvd_hub *h, int rc, const struct cvd_deliver_stats *st,
                      const struct cvd_diag *d)
{
    struct cvd__outbox *o = h->outbox;
    if (o->log == NULL || (rc == 0 && st->claimed == 0))
        return;
    struct cvd_buf b;
    cvd_buf_init(&b, 4096);
    struct cvd_json_writer w;
    cvd_json_writer_init(&w, &b, 0);
    (void)cvd_json_write_object_begin(&w);
    (void)cvd_json_write_kv_cstr(&w, "level", rc ? "error" : "info");
    (void)cvd_json_write_kv_cstr(&w, "component", "outbox");
    if (rc) {
        (void)cvd_json_write_kv_cstr(&w, "message", d->msg[0] ? d->msg : cvd_strerror(rc));
    } else {
        (void)cvd_json_write_kv_i64(&w, "claimed", (int64_t)st->claimed);
        (void)cvd_json_write_kv_i64(&w, "sent", (int64_t)st->sent);
        (void)cvd_json_write_kv_i64(&w, "retry", (int64_t)st->retry);
        (void)cvd_json_write_kv_i64(&w, "dead", (int64_t)st->dead);
    }
    (void)cvd_json_write_object_end(&w);
    if (cvd_json_writer_finish(&w) == 0)
        log_line(o, &b);
    cvd_buf_release(&b);
}

static void *delivery_main(void *arg)
{
    struct cvd_hub *h = arg;
    struct cvd__outbox *o = h->outbox;
    pthread_mutex_lock(&o->lock);
    while (!o->stopping) {
        pthread_mutex_unlock(&o->lock);
        struct cvd_deliver_stats st;
        struct cvd_diag d = {0};
        /* the timers first, so what they queue leaves in this round */
        struct cvd_tick_stats ts;
        int rc = cvd_hub_tick(h, &ts, &d);
        if (rc) {
            struct cvd_deliver_stats none = {0};
            log_round(h, rc, &none, &d);
            d = (struct cvd_diag){0};
        }
        rc = cvd_hub_deliver(h, CVD_HUB_DELIVER_MAX, &st, &d);
        log_round(h, rc, &st, &d);
        pthread_mutex_lock(&o->lock);
        if (rc == 0 && st.claimed == CVD_HUB_DELIVER_MAX)
            continue; /* more are due: go on at once (unless stopping) */
        struct timespec until;
        clock_gettime(CLOCK_MONOTONIC, &until);
        until.tv_sec += (time_t)(o->interval_ms / 1000);
        until.tv_nsec += (long)(o->interval_ms % 1000) * 1000000L;
        if (until.tv_nsec >= 1000000000L) {
            until.tv_sec++;
            until.tv_nsec -= 1000000000L;
        }
        while (!o->stopping && pthread_cond_timedwait(&o->cond, &o->lock, &until) == 0)
            ;
    }
    pthread_mutex_unlock(&o->lock);
    return NULL;
}

int cvd_hub_delivery_start(struct cvd_hub *h, int64_t interval_ms, struct cvd_diag *diag)
{
    struct cvd__outbox *o = h->outbox;
    if (!o->deliver)
        return cvd_diag_set(diag, CVD_ESTATE, "the hub was opened without delivery");
    if (interval_ms < 0 || interval_ms > 3600000)
        return cvd_diag_set(diag, CVD_EINVAL, "interval: 0 to 3600000 ms");
    pthread_mutex_lock(&o->lock);
    if (o->running) {
        pthread_mutex_unlock(&o->lock);
        return cvd_diag_set(diag, CVD_ESTATE, "delivery runs already");
    }
    o->interval_ms = interval_ms > 0 ? interval_ms : 2000;
    o->stopping = false;
    int rc = pthread_create(&o->thread, NULL, delivery_main, h);
    o->running = rc == 0;
    pthread_mutex_unlock(&o->lock);
    return rc == 0 ? 0 : cvd_diag_set(diag, CVD_ENOMEM, "cannot start the delivery thread");
}

void cvd_hub_delivery_stop(struct cvd_hub *h)
{
    struct cvd__outbox *o = h != NULL ? h->outbox : NULL;
    if (o == NULL)
        return;
    pthread_mutex_lock(&o->lock);
    if (!o->running) {
        pthread_mutex_unlock(&o->lock);
        return;
    }
    o->stopping = true;
    pthread_cond_broadcast(&o->cond);
    pthread_mutex_unlock(&o->lock);
    pthread_join(o->thread, NULL);
    pthread_mutex_lock(&o->lock);
    o->running = false;
    pthread_mutex_unlock(&o->lock);
}

/* ---- the admin view ---- */

int cvd_hub_outbox_list(struct cvd_hub *h, const struct cvd_principal *p,
                        const struct cvd_outbox_filter *f, struct cvd_arena *a,
                        struct cvd_outbox_item **ret, size_t *ret_n, int64_t ret_counts[3],
                        struct cvd_diag *diag)
{
    if (p == NULL || p->kind == CVD_PRINCIPAL_ANONYMOUS)
        return cvd_diag_set(diag, CVD_EAUTH, "log in first");
    if (!(p->kind == CVD_PRINCIPAL_SYSTEM || (p->kind == CVD_PRINCIPAL_USER && p->is_admin)))
        return cvd_diag_set(diag, CVD_EDENIED, "only instance administrators see the outbox");
    static const char *const states[] = {"pending", "sent", "dead"};
    struct cvd_store_outbox_filter sf = {.any_state = true};
    if (f != NULL) {
        sf.limit = f->limit;
        sf.offset = f->offset;
        if (f->state != NULL) {
            sf.any_state = false;
            size_t i = 0;
            while (i < CVD_ARRAY_LEN(states) && strcmp(f->state, states[i]) != 0)
                i++;
            if (i == CVD_ARRAY_LEN(states))
                return cvd_diag_set(diag, CVD_EINVAL, "state: pending, sent or dead");
            sf.state = (enum cvd_outbox_state)i;
        }
    }
    struct cvd_store_tx *tx;
    int rc = cvd_store_read_begin(h->store, &tx, diag);
    if (rc)
        return rc;
    struct cvd_store_outbox *rows = NULL;
    size_t n = 0;
    int64_t counts[CVD_STORE_OUTBOX_STATES];
    rc = cvd_store_outbox_count(tx, counts);
    if (rc == 0)
        rc = cvd_store_outbox_list(tx, &sf, a, &rows, &n);
    cvd_store_read_end(tx);
    if (rc)
        return rc;
    struct cvd_outbox_item *items = n ? cvd_arena_alloc_array(a, n, sizeof(*items)) : NULL;
    if (n && items == NULL)
        return cvd_diag_set(diag, CVD_ENOMEM, "out of memory");
    for (size_t i = 0; i < n; i++) {
        const struct cvd_store_outbox *r = &rows[i];
        bool shareable = r->tlp == CVD_TLP_CLEAR || r->tlp == CVD_TLP_GREEN;
        items[i] = (struct cvd_outbox_item){
            .id = r->id,
            .kind = r->kind == CVD_OUTBOX_MAIL ? "mail" : "webhook",
            .state = states[r->state],
            .recipient = r->recipient,
            .tlp = r->tlp,
            .subject = shareable || r->kind == CVD_OUTBOX_WEBHOOK ? r->subject : CVD_STR(""),
            .path = r->path,
            .attempts = r->attempts,
            .next_attempt_at = r->next_attempt_at,
            .last_error = r->last_error,
            .created_at = r->created_at,
            .sent_at = r->sent_at,
        };
    }
    for (size_t i = 0; i < CVD_STORE_OUTBOX_STATES; i++)
        ret_counts[i] = counts[i];
    *ret = items;
    *ret_n = n;
    return 0;
}

/* ---- webhooks ---- */

/* SYSTEM, an instance administrator, or an administrator of org_id (checked on tx). */
static int need_org_admin(struct cvd_store_tx *tx, const struct cvd_principal *p, int64_t org_id,
                          struct cvd_diag *diag)
{
    if (p == NULL || p->kind == CVD_PRINCIPAL_ANONYMOUS)
        return cvd_diag_set(diag, CVD_EAUTH, "log in first");
    if (p->kind == CVD_PRINCIPAL_SYSTEM || (p->kind == CVD_PRINCIPAL_USER && p->is_admin))
        return 0;
    if (p->kind != CVD_PRINCIPAL_USER)
        return cvd_diag_set(diag, CVD_EDENIED, "only an organisation's administrators");
    struct cvd_arena a;
    cvd_arena_init(&a, 0);
    struct cvd_membership *ms = NULL;
    size_t n = 0;
    int rc = cvd_store_membership_list_user(tx, p->user_id, &a, &ms, &n);
    bool ok = false;
    for (size_t i = 0; rc == 0 && i < n; i++)
        ok = ok || (ms[i].org_id == org_id && ms[i].role == CVD_ROLE_ADMIN);
    cvd_arena_release(&a);
    if (rc)
        return rc;
    return ok ? 0
              : cvd_diag_set(diag, CVD_EDENIED,
                             "only the organisation's administrators manage its webhooks");
}

static bool webhook_url_ok(struct cvd_str u, bool allow_http)
{
    size_t skip = cvd_str_starts_with(u, CVD_STR("https://"))                ? 8
                  : allow_http && cvd_str_starts_with(u, CVD_STR("http://")) ? 7
                                                                             : 0;
    if (skip == 0 || u.len <= skip || u.len > CVD_NOTIFY_URL_MAX || u.ptr[skip] == '/')
        return false;
    for (size_t i = 0; i < u.len; i++) {
        unsigned char c = (unsigned char)u.ptr[i];
        if (c <= 0x20 || c >= 0x7f || strchr("\"<>\\^`{|}", c) != NULL)
            return false;
    }
    return true;
}

struct hook_args {
    const struct cvd_principal *p;
    struct cvd_store_webhook w;
    int64_t id;
};

static int hook_add_write(struct cvd_store_tx *tx, void *arg)
{
    struct hook_args *x = arg;
    struct cvd_diag *d = cvd_store_tx_diag(tx);
    int rc = need_org_admin(tx, x->p, x->w.org_id, d);
    if (rc)
        return rc;
    rc = cvd_store_webhook_add(tx, &x->w, &x->id);
    if (rc == CVD_EDUP)
        return cvd_diag_set(d, rc, "url: the organisation has this webhook already");
    if (rc == CVD_ENOTFOUND)
        return cvd_diag_set(d, rc, "no such organisation");
    if (rc)
        return rc;
    struct cvd_buf data;
    cvd_buf_init(&data, 0);
    struct cvd_json_writer w;
    cvd_json_writer_init(&w, &data, 0);
    (void)cvd_json_write_object_begin(&w);
    (void)cvd_json_write_kv_i64(&w, "org", x->w.org_id);
    (void)cvd_json_write_key(&w, CVD_STR("url"));
    (void)cvd_json_write_string(&w, x->w.url);
    (void)cvd_json_write_object_end(&w);
    rc = cvd_json_writer_finish(&w);
    if (rc == 0)
        rc = cvd__hub_event(tx, x->p, "webhook.added", "webhook", x->id, NULL, NULL,
                            cvd_buf_str(&data));
    cvd_buf_release(&data);
    return rc;
}

int cvd_hub_webhook_add(struct cvd_hub *h, const struct cvd_principal *p, int64_t org_id,
                        struct cvd_str url, int64_t *ret_id,
                        char secret_hex[CVD_WEBHOOK_SECRET_HEX], const char **ret_field,
                        struct cvd_diag *diag)
{
    if (ret_field != NULL)
        *ret_field = NULL;
    if (!webhook_url_ok(url, h->outbox->allow_http)) {
        if (ret_field != NULL)
            *ret_field = "url";
        return cvd_diag_set(diag, CVD_EINVAL, "url: an https:// URL%s of at most %d bytes",
                            h->outbox->allow_http ? " (or http://)" : "", CVD_NOTIFY_URL_MAX);
    }
    unsigned char secret[CVD_WEBHOOK_SECRET_BYTES];
    randombytes_buf(secret, sizeof(secret));
    struct hook_args x = {
        .p = p,
        .w = {.org_id = org_id,
              .url = url,
              .secret = {(const char *)secret, sizeof(secret)},
              .enabled = true},
    };
    int rc = cvd_store_write(h->store, hook_add_write, &x, diag);
    if (rc == 0) {
        sodium_bin2hex(secret_hex, CVD_WEBHOOK_SECRET_HEX, secret, sizeof(secret));
        if (ret_id != NULL)
            *ret_id = x.id;
    } else if (rc == CVD_EDUP && ret_field != NULL) {
        *ret_field = "url";
    }
    sodium_memzero(secret, sizeof(secret));
    return rc;
}

static int hook_remove_write(struct cvd_store_tx *tx, void *arg)
{
    struct hook_args *x = arg;
    struct cvd_diag *d = cvd_store_tx_diag(tx);
    struct cvd_arena a;
    cvd_arena_init(&a, 0);
    struct cvd_store_webhook w;
    int rc = cvd_store_webhook_get(tx, x->id, &a, &w);
    if (rc == 0)
        wipe(w.secret);
    cvd_arena_release(&a);
    if (rc == CVD_ENOTFOUND)
        return cvd_diag_set(d, rc, "no such webhook");
    if (rc == 0)
        rc = need_org_admin(tx, x->p, w.org_id, d);
    if (rc == CVD_EDENIED)
        return cvd_diag_set(d, CVD_ENOTFOUND, "no such webhook"); /* not disclosed */
    if (rc == 0)
        rc = cvd_store_webhook_delete(tx, x->id);
    if (rc == 0)
        rc = cvd__hub_event(tx, x->p, "webhook.removed", "webhook", x->id, NULL, NULL, CVD_STR(""));
    return rc;
}

int cvd_hub_webhook_remove(struct cvd_hub *h, const struct cvd_principal *p, int64_t webhook_id,
                           struct cvd_diag *diag)
{
    struct hook_args x = {.p = p, .id = webhook_id};
    return cvd_store_write(h->store, hook_remove_write, &x, diag);
}

int cvd_hub_webhook_list(struct cvd_hub *h, const struct cvd_principal *p, int64_t org_id,
                         struct cvd_arena *a, struct cvd_webhook_info **ret, size_t *ret_n,
                         struct cvd_diag *diag)
{
    struct cvd_store_tx *tx;
    int rc = cvd_store_read_begin(h->store, &tx, diag);
    if (rc)
        return rc;
    rc = need_org_admin(tx, p, org_id, diag);
    struct cvd_arena tmp;
    cvd_arena_init(&tmp, 0);
    struct cvd_store_webhook *hooks = NULL;
    size_t n = 0;
    if (rc == 0)
        rc = cvd_store_webhook_list_org(tx, org_id, false, &tmp, &hooks, &n);
    cvd_store_read_end(tx);
    struct cvd_webhook_info *items = NULL;
    if (rc == 0 && n > 0) {
        items = cvd_arena_alloc_array(a, n, sizeof(*items));
        if (items == NULL)
            rc = cvd_diag_set(diag, CVD_ENOMEM, "out of memory");
    }
    for (size_t i = 0; rc == 0 && i < n; i++) {
        char *u = cvd_arena_strndup(a, hooks[i].url.ptr, hooks[i].url.len);
        if (u == NULL) {
            rc = cvd_diag_set(diag, CVD_ENOMEM, "out of memory");
            break;
        }
        items[i] = (struct cvd_webhook_info){
            .id = hooks[i].id,
            .org_id = hooks[i].org_id,
            .url = {u, hooks[i].url.len},
            .enabled = hooks[i].enabled,
            .created_at = hooks[i].created_at,
        };
    }
    for (size_t i = 0; i < n; i++)
        wipe(hooks[i].secret);
    cvd_arena_release(&tmp);
    if (rc == 0) {
        *ret = items;
        *ret_n = n;
    }
    return rc;
}
