/* The durable notification outbox end to end: queuing inside a use case's write (rolled back
 * with it, never twice), claims with a lease (two deliverers, one send), the backoff schedule
 * on a fake clock, the TLP rules in the delivered mail, encryption to a recipient's key, the
 * relay stopped mid-run and mail delivered exactly once when it is back, and signed webhooks to
 * a receiver that checks the signature on its own. Real servers on 127.0.0.1, started here:
 * Debian's aiosmtpd (tests/notify/smtp-server.py) and a python http.server receiver
 * (tests/notify/webhook-receiver.py). Needs python3 with aiosmtpd and gpg; exits 77 without. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <dirent.h>
#include <gpgme.h>
#include <jansson.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/hub-int.h"
#include "cvd/core.h"
#include "cvd/notify.h"
#include "cvd/store.h"

#define SECRET_TEXT "SECRET-BODY-7f3a"
#define PATH        "/cases/CVD-2026-0001"

static int64_t now_value = 1795000000; /* 2026-11-18 */

static int64_t test_now(const struct cvd_clock *c)
{
    (void)c;
    return __atomic_load_n(&now_value, __ATOMIC_SEQ_CST);
}

static void set_now(int64_t t)
{
    __atomic_store_n(&now_value, t, __ATOMIC_SEQ_CST);
}

static const struct cvd_clock test_clock = {.now_fn = test_now};

static char python[512];
static char dash_b[] = "-B";
static char scripts[1024];
static char top[64];
static char maildir[128];
static char keyhome[128];
static char *bob_key;
static int db_serial;

struct server {
    pid_t pid;
    int port;
};
static struct server smtp;

/* ---- helpers ---- */

static int run(const char *fmt, ...) CVD_PRINTF(1, 2);
static int run(const char *fmt, ...)
{
    char cmd[4096];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(cmd, sizeof(cmd), fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof(cmd))
        return -1;
    int st = system(cmd);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static char *read_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    size_t cap = 1 << 16, len = 0, got;
    char *buf = malloc(cap);
    while (buf && (got = fread(buf + len, 1, cap - len - 1, f)) > 0) {
        len += got;
        if (len + 1 == cap) {
            char *p = realloc(buf, cap * 2);
            if (p == NULL) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = p;
            cap *= 2;
        }
    }
    fclose(f);
    if (buf != NULL)
        buf[len] = '\0';
    return buf;
}

static char *capture(const char *cmd)
{
    FILE *f = popen(cmd, "r");
    if (f == NULL)
        return NULL;
    size_t cap = 1 << 16, len = 0, got;
    char *buf = malloc(cap);
    while (buf && (got = fread(buf + len, 1, cap - len - 1, f)) > 0)
        len += got;
    if (pclose(f) != 0 || buf == NULL || len == 0 || len + 1 >= cap) {
        free(buf);
        return NULL;
    }
    buf[len] = '\0';
    return buf;
}

static int start_server(struct server *s, char *const argv[])
{
    int fds[2];
    if (pipe(fds) != 0)
        return -1;
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        dup2(fds[1], 1);
        close(fds[0]);
        close(fds[1]);
        execv(argv[0], argv);
        _exit(127);
    }
    close(fds[1]);
    char line[32];
    size_t len = 0;
    while (len < sizeof(line) - 1) {
        struct pollfd p = {.fd = fds[0], .events = POLLIN};
        if (poll(&p, 1, 15000) <= 0)
            break;
        ssize_t n = read(fds[0], line + len, 1);
        if (n <= 0 || line[len] == '\n')
            break;
        len++;
    }
    close(fds[0]);
    line[len] = '\0';
    int port = atoi(line);
    if (port <= 0 || port > 65535) {
        kill(pid, SIGKILL);
        waitpid(pid, NULL, 0);
        return -1;
    }
    s->pid = pid;
    s->port = port;
    return 0;
}

static void stop_server(struct server *s)
{
    if (s->pid > 0) {
        kill(s->pid, SIGTERM);
        waitpid(s->pid, NULL, 0);
    }
    s->pid = 0;
}

static int start_smtp(int port)
{
    char script[1100];
    char portarg[16];
    snprintf(script, sizeof(script), "%s/smtp-server.py", scripts);
    snprintf(portarg, sizeof(portarg), "%d", port);
    char *argv[] = {python, dash_b, script, maildir, portarg, NULL};
    return start_server(&smtp, argv);
}

/* Every message the SMTP server received and stored, taken out of the maildir. */
struct mails {
    char *msg[64];
    int n;
};

static void take_mails(struct mails *m)
{
    m->n = 0;
    DIR *d = opendir(maildir);
    assert_non_null(d);
    struct dirent *e;
    char path[512];
    while ((e = readdir(d)) != NULL) {
        size_t l = strlen(e->d_name);
        if (e->d_name[0] == '.')
            continue;
        snprintf(path, sizeof(path), "%s/%s", maildir, e->d_name);
        if (l > 4 && strcmp(e->d_name + l - 4, ".eml") == 0) {
            assert_true(m->n < 64);
            m->msg[m->n] = read_file(path);
            assert_non_null(m->msg[m->n]);
            m->n++;
        }
        unlink(path);
    }
    closedir(d);
}

static void free_mails(struct mails *m)
{
    for (int i = 0; i < m->n; i++)
        free(m->msg[i]);
    m->n = 0;
}

/* The value of the first header called name, or NULL (malloc'd). */
static char *header(const char *msg, const char *name)
{
    const char *end = strstr(msg, "\r\n\r\n");
    assert_non_null(end);
    size_t nl = strlen(name);
    for (const char *p = msg; p < end;) {
        const char *eol = strstr(p, "\r\n");
        if (strncasecmp(p, name, nl) == 0 && p[nl] == ':') {
            const char *v = p + nl + 1;
            while (*v == ' ')
                v++;
            return strndup(v, (size_t)(eol - v));
        }
        p = eol + 2;
    }
    return NULL;
}

/* The decoded text of a text/plain base64 entity. */
static char *entity_text(const char *entity)
{
    const char *b = strstr(entity, "\r\n\r\n");
    assert_non_null(b);
    b += 4;
    size_t len = strlen(b);
    unsigned char *out = malloc(len + 1);
    size_t n = 0;
    assert_int_equal(
        sodium_base642bin(out, len, b, len, "\r\n", &n, NULL, sodium_base64_VARIANT_ORIGINAL), 0);
    out[n] = '\0';
    return (char *)out;
}

static char *decrypt_mail(const char *msg)
{
    const char *begin = strstr(msg, "-----BEGIN PGP MESSAGE-----");
    const char *end = strstr(msg, "-----END PGP MESSAGE-----");
    assert_non_null(begin);
    assert_non_null(end);
    end += strlen("-----END PGP MESSAGE-----");
    gpgme_ctx_t ctx;
    assert_int_equal(gpgme_new(&ctx), 0);
    assert_int_equal(gpgme_ctx_set_engine_info(ctx, GPGME_PROTOCOL_OpenPGP, NULL, keyhome), 0);
    gpgme_set_pinentry_mode(ctx, GPGME_PINENTRY_MODE_LOOPBACK);
    gpgme_data_t in, out;
    assert_int_equal(gpgme_data_new_from_mem(&in, begin, (size_t)(end - begin), 0), 0);
    assert_int_equal(gpgme_data_new(&out), 0);
    assert_int_equal(gpgme_op_decrypt(ctx, in, out), 0);
    size_t n = 0;
    char *mem = gpgme_data_release_and_get_mem(out, &n);
    char *plain = strndup(mem, n);
    gpgme_free(mem);
    gpgme_data_release(in);
    gpgme_release(ctx);
    return plain;
}

/* A fresh hub on a new database; relay_port 0: no relay. */
static struct cvd_hub *open_hub_at(const char *path, int relay_port, bool deliver)
{
    char relay[64];
    snprintf(relay, sizeof(relay), "smtp://127.0.0.1:%d", relay_port);
    struct cvd_hub_config cfg = {
        .db_path = path,
        .clock = &test_clock,
        .base_url = "https://hub.example.org/",
        .password_cost = CVD_PASSWORD_COST_MIN,
        .smtp_url = relay_port ? relay : NULL,
        .mail_from = "cvd@hub.example.org",
        .deliver = deliver,
        .webhook_allow_http = true,
        .webhook_allow_internal = true,
    };
    struct cvd_hub *h = NULL;
    struct cvd_diag d = {0};
    if (cvd_hub_open(&cfg, &h, &d) != 0)
        fail_msg("open: %s", d.msg);
    return h;
}

static char db_path[160];

static struct cvd_hub *open_hub(int relay_port)
{
    snprintf(db_path, sizeof(db_path), "%s/hub-%d.db", top, ++db_serial);
    return open_hub_at(db_path, relay_port, true);
}

/* ---- queuing from a use case's write ---- */

struct queue_args {
    const struct cvd__hub_mail *mails;
    size_t n;
    int fail_with; /* the use case fails after queuing */
    int64_t last_id;
};

static int queue_write(struct cvd_store_tx *tx, void *arg)
{
    struct queue_args *x = arg;
    for (size_t i = 0; i < x->n; i++) {
        int rc = cvd__hub_notify_mail(tx, &x->mails[i], &x->last_id);
        if (rc)
            return rc;
    }
    return x->fail_with;
}

static int queue(struct cvd_hub *h, const struct cvd__hub_mail *mails, size_t n, int fail_with,
                 int64_t *ret_id)
{
    struct queue_args x = {mails, n, fail_with, 0};
    struct cvd_diag d = {0};
    int rc = cvd_store_write(h->store, queue_write, &x, &d);
    if (ret_id != NULL)
        *ret_id = x.last_id;
    return rc;
}

static struct cvd__hub_mail amber(const char *key, const char *to)
{
    return (struct cvd__hub_mail){
        .key = cvd_str_from_cstr(key),
        .to = cvd_str_from_cstr(to),
        .tlp = CVD_TLP_AMBER,
        .subject = cvd_str_from_cstr(key), /* one subject per key: counted in the mail */
        .body = CVD_STR("The vendor replied:\n" SECRET_TEXT "\n"),
        .path = CVD_STR(PATH),
        .object_kind = "message",
        .object_id = 1,
    };
}

static void counts(struct cvd_hub *h, int64_t c[CVD_STORE_OUTBOX_STATES])
{
    struct cvd_store_tx *tx;
    assert_int_equal(cvd_store_read_begin(h->store, &tx, NULL), 0);
    assert_int_equal(cvd_store_outbox_count(tx, c), 0);
    cvd_store_read_end(tx);
}

static void get_row(struct cvd_hub *h, int64_t id, struct cvd_arena *a, struct cvd_store_outbox *r)
{
    struct cvd_store_tx *tx;
    assert_int_equal(cvd_store_read_begin(h->store, &tx, NULL), 0);
    assert_int_equal(cvd_store_outbox_get(tx, id, a, r), 0);
    cvd_store_read_end(tx);
}

static void test_queue_rolls_back(void **state)
{
    (void)state;
    struct cvd_hub *h = open_hub(0);
    struct cvd__hub_mail m = amber("message:1", "bob@vendor.example");
    int64_t c[CVD_STORE_OUTBOX_STATES];
    /* the use case fails after queuing: the notification goes with it */
    assert_int_equal(queue(h, &m, 1, CVD_ESTATE, NULL), CVD_ESTATE);
    counts(h, c);
    assert_int_equal(c[CVD_OUTBOX_PENDING], 0);
    /* it succeeds: one pending row, due now, no attempts */
    int64_t id = 0;
    assert_int_equal(queue(h, &m, 1, 0, &id), 0);
    assert_true(id > 0);
    counts(h, c);
    assert_int_equal(c[CVD_OUTBOX_PENDING], 1);
    struct cvd_arena a;
    cvd_arena_init(&a, 0);
    struct cvd_store_outbox r;
    get_row(h, id, &a, &r);
    assert_int_equal(r.state, CVD_OUTBOX_PENDING);
    assert_int_equal(r.attempts, 0);
    assert_int_equal(r.next_attempt_at, now_value);
    assert_true(cvd_str_eq_cstr(r.recipient, "bob@vendor.example"));
    assert_true(cvd_str_eq_cstr(r.dedupe_key, "mail:bob@vendor.example:message:1"));

    /* bad input fails the use case, with the field named */
    struct cvd__hub_mail bad = m;
    bad.to = CVD_STR("bob@vendor.example\r\nBcc: eve@evil.example");
    assert_int_equal(queue(h, &bad, 1, 0, NULL), CVD_EINVAL);
    bad = m;
    bad.subject = CVD_STR("line\nbreak");
    assert_int_equal(queue(h, &bad, 1, 0, NULL), CVD_EINVAL);
    bad = m;
    bad.path = CVD_STR("https://elsewhere.example/x");
    assert_int_equal(queue(h, &bad, 1, 0, NULL), CVD_EINVAL);
    bad = m;
    bad.recipient_key = CVD_STR("not a key");
    assert_int_equal(queue(h, &bad, 1, 0, NULL), CVD_EINVAL);
    bad = m;
    bad.key = CVD_STR("");
    assert_int_equal(queue(h, &bad, 1, 0, NULL), CVD_EINVAL);
    counts(h, c);
    assert_int_equal(c[CVD_OUTBOX_PENDING], 1);

    /* RED: the subject and body are not even stored */
    struct cvd__hub_mail red = m;
    red.key = CVD_STR("message:2");
    red.tlp = CVD_TLP_RED;
    red.subject = CVD_STR("Exploit for " SECRET_TEXT);
    assert_int_equal(queue(h, &red, 1, 0, &id), 0);
    get_row(h, id, &a, &r);
    assert_int_equal(r.subject.len, 0);
    assert_int_equal(r.body.len, 0);
    assert_int_equal(r.tlp, CVD_TLP_RED);

    /* the admin view: administrators only, no AMBER subject */
    struct cvd_principal sys = {.kind = CVD_PRINCIPAL_SYSTEM};
    struct cvd_principal user = {.kind = CVD_PRINCIPAL_USER, .user_id = 5};
    struct cvd_outbox_item *items = NULL;
    size_t n = 0;
    int64_t vc[3];
    assert_int_equal(cvd_hub_outbox_list(h, &user, NULL, &a, &items, &n, vc, NULL), CVD_EDENIED);
    struct cvd_outbox_filter f = {.state = "pending"};
    assert_int_equal(cvd_hub_outbox_list(h, &sys, &f, &a, &items, &n, vc, NULL), 0);
    assert_int_equal(n, 2);
    assert_int_equal(vc[0], 2);
    for (size_t i = 0; i < n; i++) {
        assert_string_equal(items[i].state, "pending");
        assert_int_equal(items[i].subject.len, 0);
    }
    cvd_arena_release(&a);
    cvd_hub_close(h);
}

static void test_dedupe(void **state)
{
    (void)state;
    struct cvd_hub *h = open_hub(0);
    struct cvd__hub_mail m[3] = {
        amber("message:7", "bob@vendor.example"),
        amber("message:7", "bob@vendor.example"), /* the same, in the same write */
        amber("message:7", "carol@vendor.example"),
    };
    int64_t id = -1;
    assert_int_equal(queue(h, m, 3, 0, &id), 0);
    assert_true(id > 0); /* carol's */
    assert_int_equal(queue(h, m, 1, 0, &id), 0);
    assert_int_equal(id, 0); /* bob's again: nothing queued */
    int64_t c[CVD_STORE_OUTBOX_STATES];
    counts(h, c);
    assert_int_equal(c[CVD_OUTBOX_PENDING], 2);
    cvd_hub_close(h);
}

/* ---- claims ---- */

struct claim_args {
    int64_t now;
    struct cvd_arena *a;
    struct cvd_store_outbox *rows;
    size_t n;
};

static int claim_write(struct cvd_store_tx *tx, void *arg)
{
    struct claim_args *x = arg;
    unsigned both = (1u << CVD_OUTBOX_MAIL) | (1u << CVD_OUTBOX_WEBHOOK);
    return cvd_store_outbox_claim(tx, both, x->now, x->now + CVD_HUB_DELIVER_LEASE, 10, x->a,
                                  &x->rows, &x->n);
}

struct mark_args {
    int64_t id;
    int64_t attempts;
};

static int mark_failed_write(struct cvd_store_tx *tx, void *arg)
{
    struct mark_args *x = arg;
    return cvd_store_outbox_mark_failed(tx, x->id, x->attempts, false, cvd_store_tx_now(tx) + 1234,
                                        CVD_STR("relay said no"));
}

/* A claimed row is reserved for its lease; a second deliverer (another connection to the
 * same file: another process) sees it again only when the lease has run out. */
static void test_claim_lease(void **state)
{
    (void)state;
    struct cvd_hub *h = open_hub(0);
    struct cvd_hub *other = open_hub_at(db_path, 0, true);
    struct cvd__hub_mail m = amber("message:1", "bob@vendor.example");
    int64_t id = 0;
    assert_int_equal(queue(h, &m, 1, 0, &id), 0);
    struct cvd_arena a;
    cvd_arena_init(&a, 0);
    int64_t t = now_value;
    const struct {
        struct cvd_hub *by;
        int64_t now;
        size_t want;
        int64_t attempts;
    } steps[] = {
        {h, t, 1, 1},                                 /* claimed, leased until t + lease */
        {other, t, 0, 0},                             /* the other deliverer finds nothing */
        {h, t, 0, 0},                                 /* nor the first one again */
        {other, t + CVD_HUB_DELIVER_LEASE - 1, 0, 0}, /* ... until the lease runs out */
        {other, t + CVD_HUB_DELIVER_LEASE, 1, 2},     /* the first one died: claimed again */
    };
    for (size_t i = 0; i < CVD_ARRAY_LEN(steps); i++) {
        struct claim_args x = {.now = steps[i].now, .a = &a};
        struct cvd_diag cd = {0};
        if (cvd_store_write(steps[i].by->store, claim_write, &x, &cd) != 0)
            fail_msg("claim: %s", cd.msg);
        if (x.n != steps[i].want)
            fail_msg("step %zu: claimed %zu, want %zu", i, x.n, steps[i].want);
        if (x.n == 1) {
            assert_int_equal(x.rows[0].attempts, steps[i].attempts);
            assert_int_equal(x.rows[0].next_attempt_at, steps[i].now + CVD_HUB_DELIVER_LEASE);
        }
    }
    /* the first deliverer comes back: its stale claim (attempts 1) cannot record a failure
     * over the newer claim (attempts 2); the newer one can */
    struct mark_args mk = {id, 1};
    struct cvd_diag d = {0};
    assert_int_equal(cvd_store_write(h->store, mark_failed_write, &mk, &d), CVD_ENOTFOUND);
    mk.attempts = 2;
    assert_int_equal(cvd_store_write(other->store, mark_failed_write, &mk, &d), 0);
    struct cvd_store_outbox r;
    get_row(h, id, &a, &r);
    assert_int_equal(r.state, CVD_OUTBOX_PENDING);
    assert_int_equal(r.next_attempt_at, t + 1234);
    assert_true(cvd_str_eq_cstr(r.last_error, "relay said no"));
    /* a read tx cannot claim */
    struct cvd_store_tx *tx;
    assert_int_equal(cvd_store_read_begin(h->store, &tx, NULL), 0);
    struct cvd_store_outbox *rows;
    size_t n;
    assert_int_equal(cvd_store_outbox_claim(tx, 1, t, t + 1, 1, &a, &rows, &n), CVD_EINVAL);
    cvd_store_read_end(tx);
    cvd_arena_release(&a);
    cvd_hub_close(other);
    cvd_hub_close(h);
}

struct deliverer {
    struct cvd_hub *h;
    struct cvd_deliver_stats total;
};

static void *deliver_all(void *arg)
{
    struct deliverer *d = arg;
    for (int round = 0; round < 50; round++) {
        struct cvd_deliver_stats st;
        if (cvd_hub_deliver(d->h, 3, &st, NULL) != 0)
            break;
        d->total.claimed += st.claimed;
        d->total.sent += st.sent;
        d->total.retry += st.retry;
        if (st.claimed == 0)
            break;
    }
    return NULL;
}

/* Four deliverers at once (two threads on each of two hubs on one file): every mail is
 * received exactly once. */
static void test_two_deliverers(void **state)
{
    (void)state;
    struct cvd_hub *h = open_hub(smtp.port);
    struct cvd_hub *other = open_hub_at(db_path, smtp.port, true);
    enum { N = 24 };
    struct cvd__hub_mail m[N];
    char keys[N][32];
    for (int i = 0; i < N; i++) {
        snprintf(keys[i], sizeof(keys[i]), "message:%d", i);
        m[i] = amber(keys[i], "bob@vendor.example");
    }
    assert_int_equal(queue(h, m, N, 0, NULL), 0);
    struct deliverer d[4] = {{h, {0}}, {other, {0}}, {h, {0}}, {other, {0}}};
    pthread_t th[4];
    for (int i = 0; i < 4; i++)
        assert_int_equal(pthread_create(&th[i], NULL, deliver_all, &d[i]), 0);
    for (int i = 0; i < 4; i++)
        pthread_join(th[i], NULL);
    size_t claimed = 0, sent = 0;
    for (int i = 0; i < 4; i++) {
        claimed += d[i].total.claimed;
        sent += d[i].total.sent;
    }
    assert_int_equal(claimed, N);
    assert_int_equal(sent, N);
    struct mails got;
    take_mails(&got);
    assert_int_equal(got.n, N);
    int seen[N] = {0};
    for (int i = 0; i < got.n; i++) {
        char *subject = header(got.msg[i], "Subject");
        assert_non_null(subject);
        int k = -1;
        assert_int_equal(sscanf(subject, "[TLP:AMBER] message:%d", &k), 1);
        assert_true(k >= 0 && k < N);
        seen[k]++;
        free(subject);
    }
    for (int i = 0; i < N; i++)
        assert_int_equal(seen[i], 1);
    free_mails(&got);
    int64_t c[CVD_STORE_OUTBOX_STATES];
    counts(h, c);
    assert_int_equal(c[CVD_OUTBOX_SENT], N);
    assert_int_equal(c[CVD_OUTBOX_PENDING], 0);
    cvd_hub_close(other);
    cvd_hub_close(h);
}

/* ---- retries ---- */

static void test_backoff_schedule(void **state)
{
    (void)state;
    /* the pure schedule: 30 s doubling to an hour, minus at most a quarter of jitter */
    static const int64_t full[] = {30, 60, 120, 240, 480, 960, 1920, 3600, 3600, 3600};
    for (size_t i = 0; i < CVD_ARRAY_LEN(full); i++) {
        int64_t n = (int64_t)i + 1;
        assert_int_equal(cvd_hub_deliver_backoff(n, 0), full[i]);
        int64_t lo = cvd_hub_deliver_backoff(n, (uint32_t)(full[i] / 4));
        assert_int_equal(lo, full[i] - full[i] / 4);
        for (uint32_t r = 0; r < 2000; r += 37) {
            int64_t b = cvd_hub_deliver_backoff(n, r);
            assert_true(b >= full[i] - full[i] / 4 && b <= full[i]);
        }
    }
    assert_int_equal(cvd_hub_deliver_backoff(1000000, 0), 3600);

    /* through the deliverer, the relay down (a port nobody listens on): retried on schedule,
     * given up after CVD_HUB_DELIVER_ATTEMPTS */
    int port = smtp.port;
    stop_server(&smtp);
    struct cvd_hub *h = open_hub(port);
    struct cvd__hub_mail m = amber("message:1", "bob@vendor.example");
    int64_t id;
    assert_int_equal(queue(h, &m, 1, 0, &id), 0);
    struct cvd_arena a;
    cvd_arena_init(&a, 0);
    int64_t t0 = now_value;
    struct cvd_store_outbox r;
    for (int64_t n = 1; n <= CVD_HUB_DELIVER_ATTEMPTS; n++) {
        struct cvd_deliver_stats st;
        assert_int_equal(cvd_hub_deliver(h, 10, &st, NULL), 0);
        assert_int_equal(st.claimed, 1);
        get_row(h, id, &a, &r);
        assert_int_equal(r.attempts, n);
        assert_non_null(strstr(r.last_error.ptr, "failed for now"));
        if (n == CVD_HUB_DELIVER_ATTEMPTS) {
            assert_int_equal(st.dead, 1);
            assert_int_equal(r.state, CVD_OUTBOX_DEAD);
            assert_int_equal(strncmp(r.last_error.ptr, "gave up: ", 9), 0);
            break;
        }
        assert_int_equal(st.retry, 1);
        assert_int_equal(r.state, CVD_OUTBOX_PENDING);
        int64_t wait = r.next_attempt_at - now_value;
        int64_t d = full[n - 1 < 9 ? n - 1 : 9];
        if (wait < d - d / 4 || wait > d)
            fail_msg("attempt %lld: waits %lld s, want %lld-%lld", (long long)n, (long long)wait,
                     (long long)(d - d / 4), (long long)d);
        /* not due a second early */
        set_now(r.next_attempt_at - 1);
        assert_int_equal(cvd_hub_deliver(h, 10, &st, NULL), 0);
        assert_int_equal(st.claimed, 0);
        set_now(r.next_attempt_at);
    }
    /* 29 waits: 23 hours without jitter, at least three quarters of that with it */
    int64_t total = now_value - t0;
    if (total < 83010 - 83010 / 4 || total > 83010)
        fail_msg("gave up after %lld s", (long long)total);
    cvd_arena_release(&a);
    cvd_hub_close(h);
    set_now(t0);
    assert_int_equal(start_smtp(port), 0);
}

/* Permanent failures give up at once: a 550 from the relay. */
static void test_permanent_failure(void **state)
{
    (void)state;
    struct cvd_hub *h = open_hub(smtp.port);
    struct cvd__hub_mail m[2] = {amber("message:1", "reject@vendor.example"),
                                 amber("message:1", "tempfail@vendor.example")};
    assert_int_equal(queue(h, m, 2, 0, NULL), 0);
    struct cvd_deliver_stats st;
    assert_int_equal(cvd_hub_deliver(h, 10, &st, NULL), 0);
    assert_int_equal(st.claimed, 2);
    assert_int_equal(st.dead, 1);  /* 550 */
    assert_int_equal(st.retry, 1); /* 451 */
    struct mails got;
    take_mails(&got);
    assert_int_equal(got.n, 0);
    cvd_hub_close(h);
}

/* A clock that moves on by `jump` seconds each time it is read. */
static int64_t jump;

static int64_t jumping_now(const struct cvd_clock *c)
{
    (void)c;
    return __atomic_fetch_add(&now_value, jump, __ATOMIC_SEQ_CST);
}

/* A round that ran so long that a row's lease could run out while it is sent: the row is not
 * sent (another deliverer may have it by then) but made due again at once. */
static void test_late_round_not_sent(void **state)
{
    (void)state;
    snprintf(db_path, sizeof(db_path), "%s/hub-%d.db", top, ++db_serial);
    static const struct cvd_clock jumping = {.now_fn = jumping_now};
    char relay[64];
    snprintf(relay, sizeof(relay), "smtp://127.0.0.1:%d", smtp.port);
    struct cvd_hub_config cfg = {.db_path = db_path,
                                 .clock = &jumping,
                                 .base_url = "https://hub.example.org",
                                 .smtp_url = relay,
                                 .mail_from = "cvd@hub.example.org",
                                 .deliver = true};
    struct cvd_hub *h = NULL;
    assert_int_equal(cvd_hub_open(&cfg, &h, NULL), 0);
    int64_t t0 = now_value;
    struct cvd__hub_mail m = amber("message:1", "bob@vendor.example");
    int64_t id = 0;
    assert_int_equal(queue(h, &m, 1, 0, &id), 0);
    /* each read of the clock is 500 s later: the send would start too close to the lease end */
    jump = 500;
    struct cvd_deliver_stats st;
    assert_int_equal(cvd_hub_deliver(h, 10, &st, NULL), 0);
    jump = 0;
    assert_int_equal(st.claimed, 1);
    assert_int_equal(st.sent, 0);
    assert_int_equal(st.retry, 1);
    struct mails got;
    take_mails(&got);
    assert_int_equal(got.n, 0);
    struct cvd_arena a;
    cvd_arena_init(&a, 0);
    struct cvd_store_outbox r;
    get_row(h, id, &a, &r);
    assert_int_equal(r.state, CVD_OUTBOX_PENDING);
    assert_true(r.next_attempt_at <= now_value); /* due again now */
    assert_non_null(strstr(r.last_error.ptr, "not attempted"));
    /* an ordinary round then sends it */
    assert_int_equal(cvd_hub_deliver(h, 10, &st, NULL), 0);
    assert_int_equal(st.sent, 1);
    take_mails(&got);
    assert_int_equal(got.n, 1);
    free_mails(&got);
    cvd_arena_release(&a);
    cvd_hub_close(h);
    set_now(t0);
}

/* ---- what the mail says ---- */

static char *deliver_one_mail(struct cvd_hub *h, const struct cvd__hub_mail *m)
{
    assert_int_equal(queue(h, m, 1, 0, NULL), 0);
    struct cvd_deliver_stats st;
    assert_int_equal(cvd_hub_deliver(h, 10, &st, NULL), 0);
    assert_int_equal(st.sent, 1);
    struct mails got;
    take_mails(&got);
    assert_int_equal(got.n, 1);
    return got.msg[0];
}

static void test_mail_tlp(void **state)
{
    (void)state;
    struct cvd_hub *h = open_hub(smtp.port);
    /* AMBER: the label in the subject and first in the text, the link on the hub */
    struct cvd__hub_mail m = amber("message:1", "bob@vendor.example");
    m.subject = CVD_STR("New message in CVD-2026-0001");
    char *msg = deliver_one_mail(h, &m);
    char *subject = header(msg, "Subject");
    assert_string_equal(subject, "[TLP:AMBER] New message in CVD-2026-0001");
    free(subject);
    char *text = entity_text(msg);
    assert_int_equal(strncmp(text, "TLP:AMBER\r\n", 11), 0);
    assert_non_null(strstr(text, SECRET_TEXT));
    assert_non_null(strstr(text, "https://hub.example.org" PATH));
    free(text);
    free(msg);

    /* RED: neither the subject nor the body leaves, in any encoding */
    m.key = CVD_STR("message:2");
    m.tlp = CVD_TLP_RED;
    m.subject = CVD_STR("Exploit " SECRET_TEXT);
    msg = deliver_one_mail(h, &m);
    subject = header(msg, "Subject");
    assert_string_equal(subject, "[TLP:RED] A TLP:RED item awaits you");
    free(subject);
    assert_null(strstr(msg, SECRET_TEXT));
    assert_null(strstr(msg, "Exploit"));
    text = entity_text(msg);
    assert_null(strstr(text, SECRET_TEXT));
    assert_non_null(strstr(text, "A TLP:RED item awaits you: https://hub.example.org" PATH));
    free(text);
    free(msg);

    /* a key on file: the body is encrypted to it, the secret is not on the wire */
    m.key = CVD_STR("message:3");
    m.tlp = CVD_TLP_AMBER_STRICT;
    m.subject = CVD_STR("New message");
    m.recipient_key = cvd_str_from_cstr(bob_key);
    msg = deliver_one_mail(h, &m);
    subject = header(msg, "Subject");
    assert_string_equal(subject, "[TLP:AMBER+STRICT] New message");
    free(subject);
    char *ct = header(msg, "Content-Type");
    assert_non_null(strstr(ct, "multipart/encrypted"));
    free(ct);
    assert_null(strstr(msg, SECRET_TEXT));
    char *inner = decrypt_mail(msg);
    text = entity_text(inner);
    assert_int_equal(strncmp(text, "TLP:AMBER+STRICT\r\n", 18), 0);
    assert_non_null(strstr(text, SECRET_TEXT));
    free(text);
    free(inner);
    free(msg);
    cvd_hub_close(h);
}

/* ---- the acceptance test: the relay goes away mid-run ---- */

static void test_relay_restart_exactly_once(void **state)
{
    (void)state;
    int port = smtp.port;
    struct cvd_hub *h = open_hub(port);
    enum { N = 6 };
    struct cvd__hub_mail m[N];
    char keys[N][32];
    for (int i = 0; i < N; i++) {
        snprintf(keys[i], sizeof(keys[i]), "message:%d", i);
        m[i] = amber(keys[i], "bob@vendor.example");
    }
    assert_int_equal(queue(h, m, N, 0, NULL), 0);
    struct cvd_deliver_stats st;
    /* two go out, then the relay stops */
    assert_int_equal(cvd_hub_deliver(h, 2, &st, NULL), 0);
    assert_int_equal(st.sent, 2);
    stop_server(&smtp);
    assert_int_equal(cvd_hub_deliver(h, 10, &st, NULL), 0);
    assert_int_equal(st.claimed, N - 2);
    assert_int_equal(st.retry, N - 2);
    /* the hub restarts too: the queue is in the database */
    cvd_hub_close(h);
    h = open_hub_at(db_path, port, true);
    assert_int_equal(cvd_hub_deliver(h, 10, &st, NULL), 0);
    assert_int_equal(st.claimed, 0); /* not due yet */
    assert_int_equal(start_smtp(port), 0);
    set_now(now_value + CVD_HUB_DELIVER_BASE);
    assert_int_equal(cvd_hub_deliver(h, 10, &st, NULL), 0);
    assert_int_equal(st.sent, N - 2);
    /* and nothing more, however long we wait */
    set_now(now_value + 2 * CVD_HUB_DELIVER_LEASE + CVD_HUB_DELIVER_CAP);
    assert_int_equal(cvd_hub_deliver(h, 10, &st, NULL), 0);
    assert_int_equal(st.claimed, 0);
    struct mails got;
    take_mails(&got);
    assert_int_equal(got.n, N);
    int seen[N] = {0};
    for (int i = 0; i < got.n; i++) {
        char *subject = header(got.msg[i], "Subject");
        int k = -1;
        assert_int_equal(sscanf(subject, "[TLP:AMBER] message:%d", &k), 1);
        assert_true(k >= 0 && k < N);
        seen[k]++;
        free(subject);
    }
    for (int i = 0; i < N; i++)
        assert_int_equal(seen[i], 1);
    free_mails(&got);
    cvd_hub_close(h);
}

/* The delivery thread (as cvd serve runs it) sends what is queued, and stops. Without a relay,
 * mail stays queued while webhooks would go. */
static void test_delivery_thread(void **state)
{
    (void)state;
    struct cvd_hub *h = open_hub(smtp.port);
    struct cvd_diag d = {0};
    assert_int_equal(cvd_hub_delivery_start(h, 20, &d), 0);
    assert_int_equal(cvd_hub_delivery_start(h, 20, &d), CVD_ESTATE);
    struct cvd__hub_mail m = amber("message:1", "bob@vendor.example");
    assert_int_equal(queue(h, &m, 1, 0, NULL), 0);
    int64_t c[CVD_STORE_OUTBOX_STATES] = {0};
    for (int i = 0; i < 500 && c[CVD_OUTBOX_SENT] == 0; i++) {
        nanosleep(&(struct timespec){.tv_nsec = 10000000}, NULL);
        counts(h, c);
    }
    assert_int_equal(c[CVD_OUTBOX_SENT], 1);
    cvd_hub_delivery_stop(h);
    cvd_hub_delivery_stop(h); /* twice is fine */
    struct mails got;
    take_mails(&got);
    assert_int_equal(got.n, 1);
    free_mails(&got);
    cvd_hub_close(h);

    /* no relay: mail is not even claimed */
    h = open_hub(0);
    assert_int_equal(queue(h, &m, 1, 0, NULL), 0);
    struct cvd_deliver_stats st;
    assert_int_equal(cvd_hub_deliver(h, 10, &st, NULL), 0);
    assert_int_equal(st.claimed, 0);
    counts(h, c);
    assert_int_equal(c[CVD_OUTBOX_PENDING], 1);
    cvd_hub_close(h);
    /* delivery off (the CLI): cvd_hub_deliver does nothing */
    h = open_hub_at(db_path, smtp.port, false);
    assert_int_equal(cvd_hub_deliver(h, 10, &st, NULL), 0);
    assert_int_equal(st.claimed, 0);
    assert_int_equal(cvd_hub_delivery_start(h, 0, &d), CVD_ESTATE);
    cvd_hub_close(h);
}

/* ---- webhooks ---- */

struct hook_args {
    int64_t org;
    struct cvd__hub_hook_event e;
    size_t n;
};

static int hook_write(struct cvd_store_tx *tx, void *arg)
{
    struct hook_args *x = arg;
    return cvd__hub_notify_webhooks(tx, x->org, &x->e, &x->n);
}

static size_t queue_event(struct cvd_hub *h, int64_t org, const char *key, enum cvd_tlp tlp,
                          const char *data)
{
    struct hook_args x = {
        .org = org,
        .e = {.key = cvd_str_from_cstr(key),
              .event = "case.message_added",
              .tlp = tlp,
              .path = CVD_STR(PATH),
              .object_kind = "message",
              .object_id = 1,
              .data = cvd_str_from_cstr(data)},
    };
    struct cvd_diag d = {0};
    if (cvd_store_write(h->store, hook_write, &x, &d) != 0)
        fail_msg("queue event: %s", d.msg);
    return x.n;
}

static void test_webhooks(void **state)
{
    (void)state;
    /* the receiver checks the signature's time against its own clock */
    set_now((int64_t)time(NULL));
    struct cvd_hub *h = open_hub(0);
    struct cvd_principal sys = {.kind = CVD_PRINCIPAL_SYSTEM};
    struct cvd_principal stranger = {.kind = CVD_PRINCIPAL_USER, .user_id = 99};
    int64_t org = 0, other = 0;
    struct cvd_diag d = {0};
    assert_int_equal(cvd_hub_org_add(h, &sys, CVD_STR("ACME"), CVD_ORG_VENDOR, &org, NULL, &d), 0);
    assert_int_equal(cvd_hub_org_add(h, &sys, CVD_STR("Other"), CVD_ORG_VENDOR, &other, NULL, &d),
                     0);

    char log[160];
    snprintf(log, sizeof(log), "%s/hook.log", top);
    unlink(log);
    /* register first: the receiver needs the secret the hub makes */
    char secret[CVD_WEBHOOK_SECRET_HEX];
    int64_t hook_id = 0;
    const char *field = NULL;
    assert_int_equal(cvd_hub_webhook_add(h, &stranger, org, CVD_STR("http://127.0.0.1:9/x"),
                                         &hook_id, secret, &field, &d),
                     CVD_EDENIED);
    assert_int_equal(cvd_hub_webhook_add(h, &sys, org, CVD_STR("ftp://127.0.0.1/x"), &hook_id,
                                         secret, &field, &d),
                     CVD_EINVAL);
    assert_string_equal(field, "url");
    struct server recv;
    char script[1100];
    snprintf(script, sizeof(script), "%s/webhook-receiver.py", scripts);
    /* the receiver needs the secret the hub makes: find it a free port with a placeholder
     * secret, register its URL, and start it for real later (meanwhile it is down) */
    char url[128];
    {
        char placeholder[] = "00000000000000000000000000000000";
        char *argv0[] = {python, dash_b, script, placeholder, log, NULL};
        assert_int_equal(start_server(&recv, argv0), 0);
        snprintf(url, sizeof(url), "http://127.0.0.1:%d/hook", recv.port);
        stop_server(&recv);
    }
    assert_int_equal(
        cvd_hub_webhook_add(h, &sys, org, cvd_str_from_cstr(url), &hook_id, secret, &field, &d), 0);
    assert_int_equal(strlen(secret), 64);
    assert_int_equal(
        cvd_hub_webhook_add(h, &sys, org, cvd_str_from_cstr(url), &hook_id, secret, &field, &d),
        CVD_EDUP);

    /* three events for ACME (one RED), one for an organisation without webhooks */
    assert_int_equal(
        queue_event(h, org, "message:1", CVD_TLP_AMBER, "{\"text\":\"" SECRET_TEXT "\"}"), 1);
    assert_int_equal(queue_event(h, org, "message:1", CVD_TLP_AMBER, ""), 0); /* once */
    assert_int_equal(
        queue_event(h, org, "message:2", CVD_TLP_RED, "{\"text\":\"" SECRET_TEXT "\"}"), 1);
    assert_int_equal(queue_event(h, org, "message:3", CVD_TLP_GREEN, ""), 1);
    assert_int_equal(queue_event(h, other, "message:1", CVD_TLP_AMBER, ""), 0);

    /* the receiver is down: retried */
    struct cvd_deliver_stats st;
    assert_int_equal(cvd_hub_deliver(h, 10, &st, NULL), 0);
    assert_int_equal(st.retry, 3);
    /* back, with the secret, on the registered port */
    int port = 0;
    assert_int_equal(sscanf(url, "http://127.0.0.1:%d/hook", &port), 1);
    char portarg[16];
    snprintf(portarg, sizeof(portarg), "%d", port);
    char *argv[] = {python, dash_b, script, secret, log, portarg, NULL};
    assert_int_equal(start_server(&recv, argv), 0);
    assert_int_equal(recv.port, port);
    set_now(now_value + CVD_HUB_DELIVER_BASE);
    assert_int_equal(cvd_hub_deliver(h, 10, &st, NULL), 0);
    assert_int_equal(st.sent, 3);
    set_now(now_value + 2 * CVD_HUB_DELIVER_LEASE);
    assert_int_equal(cvd_hub_deliver(h, 10, &st, NULL), 0);
    assert_int_equal(st.claimed, 0);
    stop_server(&recv);

    /* what the receiver got: three valid signatures, each delivery id once, no RED data */
    char *lines = read_file(log);
    assert_non_null(lines);
    int n = 0;
    json_int_t ids[8];
    for (char *line = strtok(lines, "\n"); line != NULL; line = strtok(NULL, "\n")) {
        json_error_t err;
        json_t *rec = json_loads(line, 0, &err);
        assert_non_null(rec);
        assert_string_equal(json_string_value(json_object_get(rec, "verdict")), "valid");
        json_t *body = json_loads(json_string_value(json_object_get(rec, "body")), 0, &err);
        assert_non_null(body);
        assert_string_equal(json_string_value(json_object_get(body, "event")),
                            "case.message_added");
        assert_string_equal(json_string_value(json_object_get(body, "url")),
                            "https://hub.example.org" PATH);
        const char *tlp = json_string_value(json_object_get(body, "tlp"));
        json_t *data = json_object_get(body, "data");
        if (strcmp(tlp, "RED") == 0)
            assert_null(data);
        else if (strcmp(tlp, "AMBER") == 0)
            assert_string_equal(json_string_value(json_object_get(data, "text")), SECRET_TEXT);
        assert_true(n < 8);
        ids[n] = json_integer_value(json_object_get(body, "id"));
        for (int i = 0; i < n; i++)
            assert_true(ids[i] != ids[n]);
        n++;
        json_decref(body);
        json_decref(rec);
    }
    assert_int_equal(n, 3);
    free(lines);
    /* the RED payload never held the secret */
    lines = read_file(log);
    int secrets = 0;
    for (const char *p = lines; (p = strstr(p, SECRET_TEXT)) != NULL; p++)
        secrets++;
    assert_int_equal(secrets, 1); /* the AMBER one only */
    free(lines);

    /* removed: what is still queued for it dies */
    assert_int_equal(queue_event(h, org, "message:4", CVD_TLP_AMBER, ""), 1);
    struct cvd_webhook_info *hooks = NULL;
    size_t nh = 0;
    struct cvd_arena a;
    cvd_arena_init(&a, 0);
    assert_int_equal(cvd_hub_webhook_list(h, &sys, org, &a, &hooks, &nh, &d), 0);
    assert_int_equal(nh, 1);
    assert_int_equal(hooks[0].id, hook_id);
    assert_int_equal(cvd_hub_webhook_remove(h, &stranger, hook_id, &d), CVD_ENOTFOUND);
    assert_int_equal(cvd_hub_webhook_remove(h, &sys, hook_id, &d), 0);
    assert_int_equal(cvd_hub_deliver(h, 10, &st, NULL), 0);
    assert_int_equal(st.dead, 1);
    assert_int_equal(queue_event(h, org, "message:5", CVD_TLP_AMBER, ""), 0);
    cvd_arena_release(&a);
    int64_t rows = 0, bad = 0;
    assert_int_equal(cvd_hub_audit_verify(h, &rows, &bad, &d), 0);
    assert_true(rows >= 4);
    cvd_hub_close(h);
    set_now(1795000000);
}

/* ---- setup ---- */

static bool have_tools(void)
{
    if (run("/usr/bin/python3 -c 'import aiosmtpd' >/dev/null 2>&1") == 0)
        snprintf(python, sizeof(python), "/usr/bin/python3");
    if (python[0] == '\0') {
        printf("test-outbox: skipped: no python3 with aiosmtpd (apt-get install "
               "python3-aiosmtpd)\n");
        return false;
    }
    if (run("gpg --version >/dev/null 2>&1") != 0) {
        printf("test-outbox: skipped: gpg missing (apt-get install gnupg)\n");
        return false;
    }
    return true;
}

static int setup(void **state)
{
    (void)state;
    const char *data = getenv("CVD_TEST_DATA");
    snprintf(scripts, sizeof(scripts), "%s/../notify", data ? data : "tests/data");
    snprintf(top, sizeof(top), "/tmp/cvd-outbox-XXXXXX");
    if (mkdtemp(top) == NULL)
        return -1;
    snprintf(maildir, sizeof(maildir), "%s/mail", top);
    snprintf(keyhome, sizeof(keyhome), "%s/g", top);
    if (mkdir(maildir, 0700) || mkdir(keyhome, 0700))
        return -1;
    if (run("gpg --homedir '%s' --batch --quiet --passphrase '' --quick-gen-key "
            "'Bob <bob@vendor.example>' future-default default never 2>/dev/null",
            keyhome))
        return -1;
    char cmd[512];
    snprintf(cmd, sizeof(cmd), "gpg --homedir '%s' --armor --export bob@vendor.example", keyhome);
    bob_key = capture(cmd);
    if (bob_key == NULL)
        return -1;
    if (cvd_notify_init() != 0)
        return -1;
    return start_smtp(0);
}

static int teardown(void **state)
{
    (void)state;
    stop_server(&smtp);
    (void)run("gpgconf --homedir '%s' --kill all >/dev/null 2>&1; rm -rf '%s'", keyhome, top);
    free(bob_key);
    return 0;
}

/* Each test starts with an empty maildir and a running relay. */
static int before_each(void **state)
{
    (void)state;
    struct mails m;
    take_mails(&m);
    free_mails(&m);
    return smtp.pid > 0 ? 0 : -1;
}

int main(void)
{
    if (!have_tools())
        return 77;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_queue_rolls_back, before_each),
        cmocka_unit_test_setup(test_dedupe, before_each),
        cmocka_unit_test_setup(test_claim_lease, before_each),
        cmocka_unit_test_setup(test_two_deliverers, before_each),
        cmocka_unit_test_setup(test_backoff_schedule, before_each),
        cmocka_unit_test_setup(test_permanent_failure, before_each),
        cmocka_unit_test_setup(test_late_round_not_sent, before_each),
        cmocka_unit_test_setup(test_mail_tlp, before_each),
        cmocka_unit_test_setup(test_relay_restart_exactly_once, before_each),
        cmocka_unit_test_setup(test_delivery_thread, before_each),
        cmocka_unit_test_setup(test_webhooks, before_each),
    };
    return cmocka_run_group_tests_name("outbox", tests, setup, teardown);
}
