/* store: open, migrate, every operation, errors, per-year identifiers, group commit, SQL
 * metacharacters, the audit chain against tampering, backup and out-of-memory paths. Each test
 * works in its own temporary folder under $TMPDIR. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <limits.h>
#include <pthread.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cvd/alloc.h"
#include "cvd/arena.h"
#include "cvd/clock.h"
#include "cvd/store.h"
#include "store/store-int.h"

/* ---- fixture: a temporary folder per test ---- */

struct fx {
    char dir[PATH_MAX];
    char db[PATH_MAX];
    struct cvd_clock clock;
    struct cvd_store *s;
    struct cvd_arena a;
    struct cvd_diag d;
};

static int64_t at(const char *rfc3339)
{
    int64_t t = 0;
    if (cvd_time_parse(cvd_str_from_cstr(rfc3339), &t) != 0)
        fail_msg("bad time %s", rfc3339);
    return t;
}

static void path_in(const struct fx *f, const char *name, char out[PATH_MAX])
{
    int n = snprintf(out, PATH_MAX, "%s/%s", f->dir, name);
    assert_true(n > 0 && n < PATH_MAX);
}

static int setup(void **state)
{
    struct fx *f = calloc(1, sizeof(*f));
    if (f == NULL)
        return -1;
    const char *tmp = getenv("TMPDIR");
    snprintf(f->dir, sizeof(f->dir), "%s/cvd-store-XXXXXX", tmp != NULL && *tmp ? tmp : "/tmp");
    if (mkdtemp(f->dir) == NULL) {
        free(f);
        return -1;
    }
    path_in(f, "cvd.db", f->db);
    f->clock = cvd_clock_fixed(at("2026-03-01T10:00:00Z"));
    cvd_arena_init(&f->a, 0);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fx *f = *state;
    cvd_store_close(f->s);
    cvd_arena_release(&f->a);
    char cmd[PATH_MAX + 16];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
    if (system(cmd) != 0)
        fprintf(stderr, "cannot remove %s\n", f->dir);
    free(f);
    return 0;
}

static void open_store(struct fx *f, unsigned flags)
{
    cvd_store_close(f->s);
    f->s = NULL;
    int rc = cvd_store_open(f->db, &f->clock, flags, &f->s, &f->d);
    if (rc != 0)
        fail_msg("open: %s: %s", cvd_err_name(rc), f->d.msg);
}

static void close_store(struct fx *f)
{
    cvd_store_close(f->s);
    f->s = NULL;
}

/* Run SQL on the file as an attacker with file access would (the store closed). */
static int raw_sql(const char *path, const char *sql, char *err, size_t err_len)
{
    sqlite3 *db = NULL;
    int rc = sqlite3_open(path, &db);
    char *msg = NULL;
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(db, sql, NULL, NULL, &msg);
    if (err != NULL)
        snprintf(err, err_len, "%s", msg != NULL ? msg : "");
    sqlite3_free(msg);
    sqlite3_close(db);
    return rc;
}

/* A write from a table of small steps: each test's fn does its work on tx. */
typedef int (*tx_fn)(struct cvd_store_tx *tx, void *arg);

static int write_ok(struct fx *f, tx_fn fn, void *arg)
{
    memset(&f->d, 0, sizeof(f->d));
    int rc = cvd_store_write(f->s, fn, arg, &f->d);
    if (rc != 0)
        print_message("write: %s: %s\n", cvd_err_name(rc), f->d.msg);
    return rc;
}

static struct cvd_store_tx *reader(struct fx *f)
{
    struct cvd_store_tx *tx = NULL;
    int rc = cvd_store_read_begin(f->s, &tx, &f->d);
    if (rc != 0)
        fail_msg("read_begin: %s: %s", cvd_err_name(rc), f->d.msg);
    return tx;
}

static bool str_is(struct cvd_str s, const char *want)
{
    return s.len == strlen(want) && memcmp(s.ptr, want, s.len) == 0;
}

#define assert_str(s, want)                                                                        \
    do {                                                                                           \
        struct cvd_str s_ = (s);                                                                   \
        if (!str_is(s_, want))                                                                     \
            fail_msg("'%.*s' != '%s'", (int)s_.len, s_.ptr, want);                                 \
    } while (0)

/* ---- open, migrate, reopen ---- */

static void test_open_migrate_reopen(void **state)
{
    struct fx *f = *state;
    struct cvd_store *s = NULL;
    assert_int_equal(cvd_store_open(f->db, &f->clock, 0, &s, &f->d), CVD_ENOTFOUND);
    assert_null(s);
    assert_non_null(strstr(f->d.msg, "does not exist"));
    assert_int_equal(cvd_store_open(f->db, NULL, CVD_STORE_READONLY | CVD_STORE_CREATE, &s, &f->d),
                     CVD_EINVAL);
    assert_int_equal(cvd_store_open("", NULL, 0, &s, &f->d), CVD_EINVAL);

    /* Create without migrating: an empty database at version 0. */
    open_store(f, CVD_STORE_CREATE);
    assert_int_equal(cvd_store_schema_version(f->s, &f->d), 0);
    assert_int_equal(cvd_store_migrate(f->s, &f->d), cvd_store_schema_latest());
    assert_int_equal(cvd_store_schema_version(f->s, &f->d), cvd_store_schema_latest());
    assert_int_equal(cvd_store_migrate(f->s, &f->d), 0);
    close_store(f);

    /* The file holds embargoed data: owner only. */
    struct stat st;
    assert_int_equal(stat(f->db, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);

    open_store(f, 0);
    assert_int_equal(cvd_store_schema_version(f->s, &f->d), cvd_store_schema_latest());
    close_store(f);
    open_store(f, CVD_STORE_READONLY);
    assert_int_equal(cvd_store_schema_version(f->s, &f->d), cvd_store_schema_latest());
    close_store(f);

    /* WAL mode is persistent in the file. */
    char err[256];
    assert_int_equal(raw_sql(f->db, "PRAGMA journal_mode", err, sizeof(err)), SQLITE_OK);
}

static void test_refuse_newer_and_foreign(void **state)
{
    struct fx *f = *state;
    open_store(f, CVD_STORE_CREATE | CVD_STORE_MIGRATE);
    close_store(f);
    char err[256];
    assert_int_equal(raw_sql(f->db,
                             "INSERT INTO schema_version (version, name, applied_at) "
                             "VALUES (999, 'future', 0)",
                             err, sizeof(err)),
                     SQLITE_OK);
    struct cvd_store *s = NULL;
    assert_int_equal(cvd_store_open(f->db, &f->clock, CVD_STORE_MIGRATE, &s, &f->d), CVD_ENOTSUP);
    assert_non_null(strstr(f->d.msg, "newer"));
    assert_null(s);

    /* Some other program's database is not taken over by a migration. */
    char other[PATH_MAX];
    path_in(f, "other.db", other);
    assert_int_equal(raw_sql(other, "CREATE TABLE t (x)", err, sizeof(err)), SQLITE_OK);
    assert_int_equal(
        cvd_store_open(other, &f->clock, CVD_STORE_CREATE | CVD_STORE_MIGRATE, &s, &f->d),
        CVD_ENOTSUP);
    assert_non_null(strstr(f->d.msg, "not a cvd database"));
}

/* ---- organisations, users, memberships ---- */

struct accounts {
    int64_t org, org2, user, user2;
    int dup_org, dup_email, dup_member, missing_member, bad_kind, read_only;
};

static int accounts_fn(struct cvd_store_tx *tx, void *arg)
{
    struct accounts *x = arg;
    struct cvd_org org = {.name = CVD_STR("Example CSIRT"), .kind = CVD_ORG_COORDINATOR};
    int rc = cvd_store_org_add(tx, &org, &x->org);
    if (rc)
        return rc;
    struct cvd_org vendor = {.name = CVD_STR("ACME"), .kind = CVD_ORG_VENDOR, .created_at = 5};
    rc = cvd_store_org_add(tx, &vendor, &x->org2);
    if (rc)
        return rc;
    int64_t id;
    x->dup_org = cvd_store_org_add(tx, &org, &id);
    struct cvd_org bad = {.name = CVD_STR("x"), .kind = (enum cvd_org_kind)42};
    x->bad_kind = cvd_store_org_add(tx, &bad, &id);

    struct cvd_user u = {.email = CVD_STR("Ada@Example.ORG"),
                         .name = CVD_STR("Ada Lovelace"),
                         .password_hash = CVD_STR("$argon2id$v=19$fake"),
                         .is_admin = true};
    rc = cvd_store_user_add(tx, &u, &x->user);
    if (rc)
        return rc;
    struct cvd_user same = {.email = CVD_STR("ada@example.org"), .name = CVD_STR("Other")};
    x->dup_email = cvd_store_user_add(tx, &same, &id);
    struct cvd_user v = {.email = CVD_STR("bob@acme.example"), .name = CVD_STR("Bob")};
    rc = cvd_store_user_add(tx, &v, &x->user2);
    if (rc)
        return rc;

    struct cvd_membership m = {.user_id = x->user, .org_id = x->org, .role = CVD_ROLE_ADMIN};
    rc = cvd_store_membership_add(tx, &m);
    if (rc)
        return rc;
    x->dup_member = cvd_store_membership_add(tx, &m);
    struct cvd_membership m2 = {.user_id = x->user, .org_id = x->org2, .role = CVD_ROLE_MEMBER};
    rc = cvd_store_membership_add(tx, &m2);
    if (rc)
        return rc;
    struct cvd_membership m3 = {.user_id = x->user2, .org_id = x->org2, .role = CVD_ROLE_MEMBER};
    rc = cvd_store_membership_add(tx, &m3);
    if (rc)
        return rc;
    struct cvd_membership ghost = {.user_id = 9999, .org_id = x->org, .role = CVD_ROLE_MEMBER};
    x->missing_member = cvd_store_membership_add(tx, &ghost);
    return 0;
}

static int update_user_fn(struct cvd_store_tx *tx, void *arg)
{
    struct cvd_user *u = arg;
    return cvd_store_user_update(tx, u);
}

static void test_accounts(void **state)
{
    struct fx *f = *state;
    open_store(f, CVD_STORE_CREATE | CVD_STORE_MIGRATE);
    struct accounts x = {0};
    assert_int_equal(write_ok(f, accounts_fn, &x), 0);
    assert_int_equal(x.dup_org, CVD_EDUP);
    assert_int_equal(x.dup_email, CVD_EDUP);
    assert_int_equal(x.dup_member, CVD_EDUP);
    assert_int_equal(x.missing_member, CVD_ENOTFOUND);
    assert_int_equal(x.bad_kind, CVD_EINVAL);

    struct cvd_store_tx *tx = reader(f);
    struct cvd_org o;
    assert_int_equal(cvd_store_org_get(tx, x.org, &f->a, &o), 0);
    assert_str(o.name, "Example CSIRT");
    assert_int_equal(o.kind, CVD_ORG_COORDINATOR);
    assert_int_equal(o.created_at, f->clock.fixed);
    assert_int_equal(cvd_store_org_get_by_name(tx, CVD_STR("ACME"), &f->a, &o), 0);
    assert_int_equal(o.id, x.org2);
    assert_int_equal(o.created_at, 5);
    assert_int_equal(cvd_store_org_get(tx, 777, &f->a, &o), CVD_ENOTFOUND);
    assert_int_equal(cvd_store_org_get_by_name(tx, CVD_STR("acme"), &f->a, &o), CVD_ENOTFOUND);
    struct cvd_org *orgs;
    size_t n;
    assert_int_equal(cvd_store_org_list(tx, &f->a, &orgs, &n), 0);
    assert_int_equal(n, 2);
    assert_str(orgs[0].name, "ACME");

    struct cvd_user u;
    assert_int_equal(cvd_store_user_get_by_email(tx, CVD_STR("ADA@example.org"), &f->a, &u), 0);
    assert_int_equal(u.id, x.user);
    assert_str(u.email, "ada@example.org");
    assert_str(u.name, "Ada Lovelace");
    assert_str(u.password_hash, "$argon2id$v=19$fake");
    assert_true(u.is_admin);
    assert_int_equal(cvd_store_user_get(tx, x.user2, &f->a, &u), 0);
    assert_false(u.is_admin);
    assert_str(u.password_hash, "");
    assert_int_equal(cvd_store_user_get(tx, 424242, &f->a, &u), CVD_ENOTFOUND);
    int64_t count;
    assert_int_equal(cvd_store_user_count(tx, &count), 0);
    assert_int_equal(count, 2);
    struct cvd_user *users;
    assert_int_equal(cvd_store_user_list(tx, &f->a, &users, &n), 0);
    assert_int_equal(n, 2);
    assert_str(users[0].email, "ada@example.org");

    struct cvd_membership *ms;
    assert_int_equal(cvd_store_membership_list_user(tx, x.user, &f->a, &ms, &n), 0);
    assert_int_equal(n, 2);
    assert_str(ms[0].org_name, "ACME");
    assert_int_equal(ms[0].org_kind, CVD_ORG_VENDOR);
    assert_int_equal(ms[0].role, CVD_ROLE_MEMBER);
    assert_str(ms[1].org_name, "Example CSIRT");
    assert_int_equal(ms[1].role, CVD_ROLE_ADMIN);
    assert_int_equal(cvd_store_membership_list_org(tx, x.org2, &f->a, &ms, &n), 0);
    assert_int_equal(n, 2);
    assert_int_equal(cvd_store_membership_list_user(tx, x.user2 + 100, &f->a, &ms, &n), 0);
    assert_int_equal(n, 0);

    /* A read tx cannot write. */
    struct cvd_org more = {.name = CVD_STR("more")};
    int64_t id;
    assert_int_equal(cvd_store_org_add(tx, &more, &id), CVD_EINVAL);
    assert_non_null(strstr(f->d.msg, "read transaction"));
    cvd_store_read_end(tx);

    struct cvd_user change = {.id = x.user2, .name = CVD_STR("Robert"), .is_admin = true};
    assert_int_equal(write_ok(f, update_user_fn, &change), 0);
    change.id = 999;
    assert_int_equal(cvd_store_write(f->s, update_user_fn, &change, &f->d), CVD_ENOTFOUND);
    tx = reader(f);
    assert_int_equal(cvd_store_user_get(tx, x.user2, &f->a, &u), 0);
    assert_str(u.name, "Robert");
    assert_str(u.email, "bob@acme.example");
    assert_true(u.is_admin);
    cvd_store_read_end(tx);
}

/* ---- sessions, tokens, throttling ---- */

struct creds {
    int64_t user, token, token2;
    struct cvd_store_session live, old;
    unsigned char token_hash[32], token2_hash[32];
    int dup_session, ghost_session, dup_token;
};

static int creds_fn(struct cvd_store_tx *tx, void *arg)
{
    struct creds *c = arg;
    struct cvd_user u = {.email = CVD_STR("s@x.example")};
    int rc = cvd_store_user_add(tx, &u, &c->user);
    if (rc)
        return rc;
    c->live.user_id = c->user;
    c->old.user_id = c->user;
    rc = cvd_store_session_add(tx, &c->live);
    if (rc == 0)
        rc = cvd_store_session_add(tx, &c->old);
    if (rc)
        return rc;
    c->dup_session = cvd_store_session_add(tx, &c->live);
    struct cvd_store_session ghost = c->live;
    ghost.token_hash[0] ^= 0xff;
    ghost.user_id = 4242;
    c->ghost_session = cvd_store_session_add(tx, &ghost);

    struct cvd_store_token t = {.user_id = c->user, .name = CVD_STR("ci"), .created_at = 10};
    memcpy(t.token_hash, c->token_hash, 32);
    rc = cvd_store_token_add(tx, &t, &c->token);
    if (rc)
        return rc;
    int64_t id;
    c->dup_token = cvd_store_token_add(tx, &t, &id);
    t.name = CVD_STR("laptop");
    t.created_at = 20;
    memcpy(t.token_hash, c->token2_hash, 32);
    return cvd_store_token_add(tx, &t, &c->token2);
}

struct creds_later {
    const struct creds *c;
    int64_t expired, again, deleted_user;
    int revoke_missing;
};

static int creds_later_fn(struct cvd_store_tx *tx, void *arg)
{
    struct creds_later *l = arg;
    int rc = cvd_store_session_delete_expired(tx, &l->expired);
    if (rc)
        return rc;
    rc = cvd_store_session_delete_expired(tx, &l->again);
    if (rc)
        return rc;
    rc = cvd_store_token_revoke(tx, l->c->token);
    if (rc)
        return rc;
    rc = cvd_store_token_touch(tx, l->c->token2, 12345);
    if (rc)
        return rc;
    l->revoke_missing = cvd_store_token_revoke(tx, 999);
    return 0;
}

static int delete_session_fn(struct cvd_store_tx *tx, void *arg)
{
    return cvd_store_session_delete(tx, arg);
}

static int delete_user_sessions_fn(struct cvd_store_tx *tx, void *arg)
{
    struct creds_later *l = arg;
    return cvd_store_session_delete_user(tx, l->c->user, &l->deleted_user);
}

struct throttle {
    int64_t n_a, oldest_a, n_b, n_after_clear, pruned, n_after_prune;
};

static int throttle_fn(struct cvd_store_tx *tx, void *arg)
{
    struct throttle *t = arg;
    struct cvd_str a = CVD_STR("email:ada@example.org");
    struct cvd_str b = CVD_STR("ip:192.0.2.1");
    int64_t times[] = {100, 200, 300, 400};
    for (size_t i = 0; i < 4; i++) {
        int rc = cvd_store_throttle_fail(tx, a, times[i]);
        if (rc)
            return rc;
    }
    int rc = cvd_store_throttle_fail(tx, b, 250);
    if (rc == 0)
        rc = cvd_store_throttle_count(tx, a, 200, &t->n_a, &t->oldest_a);
    if (rc == 0)
        rc = cvd_store_throttle_count(tx, b, 0, &t->n_b, NULL);
    if (rc == 0)
        rc = cvd_store_throttle_clear(tx, a);
    if (rc == 0)
        rc = cvd_store_throttle_count(tx, a, 0, &t->n_after_clear, NULL);
    if (rc == 0)
        rc = cvd_store_throttle_prune(tx, 300, &t->pruned);
    if (rc == 0)
        rc = cvd_store_throttle_count(tx, b, 0, &t->n_after_prune, NULL);
    return rc;
}

static void test_sessions_tokens_throttle(void **state)
{
    struct fx *f = *state;
    open_store(f, CVD_STORE_CREATE | CVD_STORE_MIGRATE);
    int64_t now = f->clock.fixed;
    struct creds c = {0};
    memset(c.live.token_hash, 0x11, 32);
    memset(c.live.csrf_hash, 0x22, 32);
    c.live.expires_at = now + 3600;
    memset(c.old.token_hash, 0x33, 32);
    memset(c.old.csrf_hash, 0x44, 32);
    c.old.expires_at = now; /* expires at now: already gone */
    memset(c.token_hash, 0x55, 32);
    memset(c.token2_hash, 0x66, 32);
    assert_int_equal(write_ok(f, creds_fn, &c), 0);
    assert_int_equal(c.dup_session, CVD_EDUP);
    assert_int_equal(c.ghost_session, CVD_ENOTFOUND);
    assert_int_equal(c.dup_token, CVD_EDUP);

    struct cvd_store_tx *tx = reader(f);
    struct cvd_store_session s;
    assert_int_equal(cvd_store_session_get(tx, c.live.token_hash, &s), 0);
    assert_int_equal(s.user_id, c.user);
    assert_memory_equal(s.csrf_hash, c.live.csrf_hash, 32);
    assert_int_equal(s.created_at, now);
    assert_int_equal(s.expires_at, now + 3600);
    assert_int_equal(cvd_store_session_get(tx, c.old.token_hash, &s), CVD_ENOTFOUND);
    struct cvd_store_token t;
    assert_int_equal(cvd_store_token_get_by_hash(tx, c.token_hash, &f->a, &t), 0);
    assert_int_equal(t.id, c.token);
    assert_str(t.name, "ci");
    assert_false(t.revoked);
    cvd_store_read_end(tx);

    struct creds_later l = {.c = &c};
    assert_int_equal(write_ok(f, creds_later_fn, &l), 0);
    assert_int_equal(l.expired, 1);
    assert_int_equal(l.again, 0);
    assert_int_equal(l.revoke_missing, CVD_ENOTFOUND);

    tx = reader(f);
    assert_int_equal(cvd_store_token_get_by_hash(tx, c.token_hash, &f->a, &t), CVD_ENOTFOUND);
    assert_int_equal(cvd_store_token_get_by_hash(tx, c.token2_hash, &f->a, &t), 0);
    assert_int_equal(t.last_used_at, 12345);
    struct cvd_store_token *list;
    size_t n;
    assert_int_equal(cvd_store_token_list_user(tx, c.user, &f->a, &list, &n), 0);
    assert_int_equal(n, 2);
    assert_str(list[0].name, "laptop"); /* newest first */
    assert_true(list[1].revoked);
    cvd_store_read_end(tx);

    assert_int_equal(write_ok(f, delete_session_fn, c.live.token_hash), 0);
    assert_int_equal(cvd_store_write(f->s, delete_session_fn, c.live.token_hash, &f->d),
                     CVD_ENOTFOUND);
    assert_int_equal(write_ok(f, delete_user_sessions_fn, &l), 0);
    assert_int_equal(l.deleted_user, 0);

    struct throttle th = {0};
    assert_int_equal(write_ok(f, throttle_fn, &th), 0);
    assert_int_equal(th.n_a, 3);
    assert_int_equal(th.oldest_a, 200);
    assert_int_equal(th.n_b, 1);
    assert_int_equal(th.n_after_clear, 0);
    assert_int_equal(th.pruned, 1);
    assert_int_equal(th.n_after_prune, 0);
}

/* ---- reports ---- */

static const char *const nasty[] = {
    "'; DROP TABLE reports; --",  "Robert'); DELETE FROM events; --", "\" OR 1=1 --",
    "%s%n%x \\ ? ?1 :name @x $y", "<script>alert(1)</script>",        "Zürich — 東京 🐛",
};

static struct cvd_report sample_report(int i)
{
    struct cvd_report r = {
        .channel = CVD_CHANNEL_WEB,
        .state = CVD_REPORT_RECEIVED,
        .tlp = CVD_TLP_AMBER,
        .title = cvd_str_from_cstr(nasty[i % 6]),
        .product = CVD_STR("libexample\nexample-cli"),
        .versions = CVD_STR("< 2.4.1"),
        .description = CVD_STR("heap overflow in the parser"),
        .impact = CVD_STR("remote code execution"),
        .reproduction = CVD_STR("curl -d @poc.bin http://host/"),
        .how_found = CVD_STR("fuzzing"),
        .disclosure_plans = CVD_STR("talk in 90 days"),
        .vendor_contacted = CVD_ANSWER_NO,
        .publicly_known = CVD_ANSWER_UNKNOWN,
        .exploited = CVD_ANSWER_YES,
        .credit_wanted = true,
        .credit_name = CVD_STR("A. Finder"),
        .share_contact = true,
        .reporter_name = CVD_STR("A. Finder"),
        .reporter_email = CVD_STR("finder@example.net"),
        .reporter_pgp_key = CVD_STR("-----BEGIN PGP PUBLIC KEY BLOCK-----"),
    };
    return r;
}

struct reports {
    int n;
    struct cvd_report r[8];
    unsigned char followup[8][32];
    bool with_followup[8];
    int64_t id[8];
    char tracking[8][CVD_STORE_ID_MAX];
    int rc[8];
};

static int reports_fn(struct cvd_store_tx *tx, void *arg)
{
    struct reports *x = arg;
    for (int i = 0; i < x->n; i++)
        x->rc[i] = cvd_store_report_insert(
            tx, &x->r[i], x->with_followup[i] ? x->followup[i] : NULL, &x->id[i], x->tracking[i]);
    return 0;
}

static int update_report_fn(struct cvd_store_tx *tx, void *arg)
{
    return cvd_store_report_update(tx, arg);
}

static int insert_case_fn(struct cvd_store_tx *tx, void *arg)
{
    struct cvd_case *c = arg;
    char id[CVD_STORE_ID_MAX];
    return cvd_store_case_insert(tx, c, &c->id, id);
}

static void test_reports(void **state)
{
    struct fx *f = *state;
    open_store(f, CVD_STORE_CREATE | CVD_STORE_MIGRATE);
    struct reports x = {.n = 6};
    for (int i = 0; i < x.n; i++) {
        x.r[i] = sample_report(i);
        x.r[i].received_at = f->clock.fixed + 1 + i;
        memset(x.followup[i], 0xa0 + i, 32);
        x.with_followup[i] = i != 5;
    }
    x.r[3].state = CVD_REPORT_VALID;
    x.r[4].state = CVD_REPORT_INVALID;
    x.r[4].invalid_reason = CVD_INVALID_OUT_OF_SCOPE;
    x.r[5].received_at = 0; /* now */
    assert_int_equal(write_ok(f, reports_fn, &x), 0);
    for (int i = 0; i < x.n; i++)
        assert_int_equal(x.rc[i], 0);
    assert_string_equal(x.tracking[0], "R-2026-000001");
    assert_string_equal(x.tracking[5], "R-2026-000006");

    /* A reused follow-up hash, a missing case, a bad enum. */
    struct reports bad = {.n = 3};
    bad.r[0] = sample_report(0);
    memcpy(bad.followup[0], x.followup[1], 32);
    bad.with_followup[0] = true;
    bad.r[1] = sample_report(1);
    bad.r[1].case_id = 777;
    bad.r[2] = sample_report(2);
    bad.r[2].state = (enum cvd_report_state)99;
    assert_int_equal(write_ok(f, reports_fn, &bad), 0);
    assert_int_equal(bad.rc[0], CVD_EDUP);
    assert_int_equal(bad.rc[1], CVD_ENOTFOUND);
    assert_int_equal(bad.rc[2], CVD_EINVAL);

    struct cvd_store_tx *tx = reader(f);
    struct cvd_report r;
    for (int i = 0; i < x.n; i++) {
        assert_int_equal(cvd_store_report_get(tx, x.id[i], &f->a, &r), 0);
        assert_str(r.title, nasty[i]); /* SQL metacharacters stored literally */
        assert_str(r.tracking_id, x.tracking[i]);
    }
    assert_int_equal(cvd_store_report_get_by_tracking_id(tx, CVD_STR("R-2026-000002"), &f->a, &r),
                     0);
    assert_int_equal(r.id, x.id[1]);
    assert_int_equal(r.received_at, f->clock.fixed + 2);
    assert_int_equal(r.updated_at, r.received_at);
    assert_int_equal(r.channel, CVD_CHANNEL_WEB);
    assert_int_equal(r.tlp, CVD_TLP_AMBER);
    assert_str(r.product, "libexample\nexample-cli");
    assert_str(r.versions, "< 2.4.1");
    assert_str(r.description, "heap overflow in the parser");
    assert_str(r.impact, "remote code execution");
    assert_str(r.reproduction, "curl -d @poc.bin http://host/");
    assert_str(r.how_found, "fuzzing");
    assert_str(r.disclosure_plans, "talk in 90 days");
    assert_int_equal(r.vendor_contacted, CVD_ANSWER_NO);
    assert_int_equal(r.publicly_known, CVD_ANSWER_UNKNOWN);
    assert_int_equal(r.exploited, CVD_ANSWER_YES);
    assert_true(r.credit_wanted);
    assert_str(r.credit_name, "A. Finder");
    assert_true(r.share_contact);
    assert_str(r.reporter_email, "finder@example.net");
    assert_str(r.reporter_pgp_key, "-----BEGIN PGP PUBLIC KEY BLOCK-----");
    assert_int_equal(r.reporter_user, 0);
    assert_int_equal(r.case_id, 0);
    assert_int_equal(cvd_store_report_get_by_followup(tx, x.followup[4], &f->a, &r), 0);
    assert_int_equal(r.id, x.id[4]);
    assert_int_equal(r.state, CVD_REPORT_INVALID);
    assert_int_equal(r.invalid_reason, CVD_INVALID_OUT_OF_SCOPE);
    assert_int_equal(cvd_store_report_get_by_tracking_id(tx, CVD_STR("R-2026-000006"), &f->a, &r),
                     0);
    assert_int_equal(r.received_at, f->clock.fixed);
    unsigned char nobody[32] = {0};
    assert_int_equal(cvd_store_report_get_by_followup(tx, nobody, &f->a, &r), CVD_ENOTFOUND);
    assert_int_equal(cvd_store_report_get(tx, 12345, &f->a, &r), CVD_ENOTFOUND);
    assert_int_equal(cvd_store_report_get_by_tracking_id(tx, CVD_STR("' OR 1=1 --"), &f->a, &r),
                     CVD_ENOTFOUND);

    /* Counts and lists. */
    int64_t by_state[CVD_STORE_REPORT_STATES];
    assert_int_equal(cvd_store_report_count_by_state(tx, by_state), 0);
    assert_int_equal(by_state[CVD_REPORT_RECEIVED], 4);
    assert_int_equal(by_state[CVD_REPORT_VALID], 1);
    assert_int_equal(by_state[CVD_REPORT_INVALID], 1);
    assert_int_equal(by_state[CVD_REPORT_CLOSED], 0);
    struct cvd_report *list;
    size_t n;
    assert_int_equal(cvd_store_report_list(tx, NULL, &f->a, &list, &n), 0);
    assert_int_equal(n, 6);
    assert_int_equal(list[0].id, x.id[5]); /* received at the fixed "now", the earliest */
    struct cvd_store_report_filter flt = {.states = CVD_STORE_STATE_BIT(CVD_REPORT_RECEIVED),
                                          .order = CVD_STORE_ORDER_RECEIVED_DESC,
                                          .summary = true,
                                          .limit = 2};
    assert_int_equal(cvd_store_report_list(tx, &flt, &f->a, &list, &n), 0);
    assert_int_equal(n, 2);
    assert_int_equal(list[0].id, x.id[2]);
    assert_int_equal(list[1].id, x.id[1]);
    assert_str(list[0].description, ""); /* summary leaves the long texts out */
    assert_str(list[0].title, nasty[2]);
    flt.offset = 2;
    assert_int_equal(cvd_store_report_list(tx, &flt, &f->a, &list, &n), 0);
    assert_int_equal(n, 2);
    assert_int_equal(list[0].id, x.id[0]);
    assert_int_equal(list[1].id, x.id[5]);
    int64_t count;
    assert_int_equal(cvd_store_report_count(tx, &flt, &count), 0);
    assert_int_equal(count, 4);
    flt.states |= CVD_STORE_STATE_BIT(CVD_REPORT_VALID);
    assert_int_equal(cvd_store_report_count(tx, &flt, &count), 0);
    assert_int_equal(count, 5);
    flt.limit = CVD_STORE_LIST_MAX + 1;
    assert_int_equal(cvd_store_report_list(tx, &flt, &f->a, &list, &n), CVD_EINVAL);
    cvd_store_read_end(tx);

    /* Update handling fields; attach to a case. */
    struct cvd_case c = {.title = CVD_STR("case"), .state = CVD_CASE_VALID, .tlp = CVD_TLP_AMBER};
    assert_int_equal(write_ok(f, insert_case_fn, &c), 0);
    struct cvd_report up = {.id = x.id[3],
                            .state = CVD_REPORT_ACCEPTED,
                            .acked_at = 111,
                            .last_status_at = 222,
                            .case_id = c.id,
                            .duplicate_of = x.id[0]};
    assert_int_equal(write_ok(f, update_report_fn, &up), 0);
    struct cvd_report ghost = up;
    ghost.id = 999;
    assert_int_equal(cvd_store_write(f->s, update_report_fn, &ghost, &f->d), CVD_ENOTFOUND);
    ghost = up;
    ghost.case_id = 555;
    assert_int_equal(cvd_store_write(f->s, update_report_fn, &ghost, &f->d), CVD_ENOTFOUND);

    tx = reader(f);
    assert_int_equal(cvd_store_report_get(tx, x.id[3], &f->a, &r), 0);
    assert_int_equal(r.state, CVD_REPORT_ACCEPTED);
    assert_int_equal(r.acked_at, 111);
    assert_int_equal(r.last_status_at, 222);
    assert_int_equal(r.case_id, c.id);
    assert_int_equal(r.duplicate_of, x.id[0]);
    assert_int_equal(r.updated_at, f->clock.fixed);
    assert_str(r.title, nasty[3]); /* content untouched */
    struct cvd_store_report_filter in_case = {.case_id = c.id};
    assert_int_equal(cvd_store_report_list(tx, &in_case, &f->a, &list, &n), 0);
    assert_int_equal(n, 1);
    assert_int_equal(list[0].id, x.id[3]);
    struct cvd_store_report_filter no_case = {.case_id = CVD_STORE_NO_CASE,
                                              .order = CVD_STORE_ORDER_UPDATED_DESC};
    assert_int_equal(cvd_store_report_count(tx, &no_case, &count), 0);
    assert_int_equal(count, 5);
    assert_int_equal(cvd_store_report_list(tx, &no_case, &f->a, &list, &n), 0);
    assert_int_equal(n, 5);
    no_case.order = CVD_STORE_ORDER_LAST_STATUS_ASC;
    assert_int_equal(cvd_store_report_list(tx, &no_case, &f->a, &list, &n), 0);
    assert_int_equal(n, 5);
    cvd_store_read_end(tx);

    /* The tables survived every title above. */
    close_store(f);
    char err[256];
    assert_int_equal(raw_sql(f->db, "SELECT count(*) FROM reports; SELECT count(*) FROM events",
                             err, sizeof(err)),
                     SQLITE_OK);
}

static void test_tracking_ids_per_year(void **state)
{
    struct fx *f = *state;
    open_store(f, CVD_STORE_CREATE | CVD_STORE_MIGRATE);
    struct reports x = {.n = 4};
    for (int i = 0; i < 4; i++)
        x.r[i] = sample_report(i);
    x.r[3].received_at = -1; /* 1969: before any id year */
    x.r[0].received_at = at("2026-12-31T23:59:59Z");
    x.r[1].received_at = at("2027-01-01T00:00:00Z");
    x.r[2].received_at = at("2026-06-01T00:00:00Z");
    assert_int_equal(write_ok(f, reports_fn, &x), 0);
    assert_string_equal(x.tracking[0], "R-2026-000001");
    assert_string_equal(x.tracking[1], "R-2027-000001");
    assert_string_equal(x.tracking[2], "R-2026-000002");
    assert_int_equal(x.rc[3], CVD_ERANGE);

    /* The clock decides when received_at is 0. */
    close_store(f);
    f->clock = cvd_clock_fixed(at("2027-05-05T05:05:05Z"));
    open_store(f, 0);
    struct reports y = {.n = 1};
    y.r[0] = sample_report(0);
    assert_int_equal(write_ok(f, reports_fn, &y), 0);
    assert_string_equal(y.tracking[0], "R-2027-000002");

    /* Cases count on their own. */
    struct cvd_case c = {.title = CVD_STR("a"), .state = CVD_CASE_VALID, .tlp = CVD_TLP_RED};
    assert_int_equal(write_ok(f, insert_case_fn, &c), 0);
    struct cvd_case c2 = c;
    c2.created_at = at("2026-02-02T00:00:00Z");
    assert_int_equal(write_ok(f, insert_case_fn, &c2), 0);
    struct cvd_case c3 = c;
    assert_int_equal(write_ok(f, insert_case_fn, &c3), 0);
    struct cvd_store_tx *tx = reader(f);
    struct cvd_case got;
    assert_int_equal(cvd_store_case_get(tx, c.id, &f->a, &got), 0);
    assert_str(got.case_id, "CVD-2027-0001");
    assert_int_equal(cvd_store_case_get(tx, c2.id, &f->a, &got), 0);
    assert_str(got.case_id, "CVD-2026-0001");
    assert_int_equal(cvd_store_case_get(tx, c3.id, &f->a, &got), 0);
    assert_str(got.case_id, "CVD-2027-0002");
    cvd_store_read_end(tx);
}

/* ---- attachments, cases, vulnerabilities, messages ---- */

struct content {
    int64_t report, att, att2, vuln, vuln2, msg1, msg2, msg3;
    struct cvd_case c;
    char case_id[CVD_STORE_ID_MAX];
    struct cvd_store_attachment a1, a2;
    int dup_cve, orphan_att, empty_msg, empty_cve_twice;
};

static const char binary[] = "\x00\x01\xff'; DROP TABLE attachments; --\x00";

static int content_fn(struct cvd_store_tx *tx, void *arg)
{
    struct content *x = arg;
    struct cvd_report r = sample_report(0);
    char tracking[CVD_STORE_ID_MAX];
    int rc = cvd_store_report_insert(tx, &r, NULL, &x->report, tracking);
    if (rc)
        return rc;
    x->a1 = (struct cvd_store_attachment){.report_id = x->report,
                                          .name = CVD_STR("poc.bin"),
                                          .content_type = CVD_STR("application/octet-stream"),
                                          .data = {binary, sizeof(binary) - 1}};
    rc = cvd_store_attachment_add(tx, &x->a1);
    if (rc)
        return rc;
    x->a2 = (struct cvd_store_attachment){.report_id = x->report, .name = CVD_STR("empty.txt")};
    rc = cvd_store_attachment_add(tx, &x->a2);
    if (rc)
        return rc;
    struct cvd_store_attachment orphan = {.report_id = 999, .data = CVD_STR("x")};
    x->orphan_att = cvd_store_attachment_add(tx, &orphan);

    x->c = (struct cvd_case){.title = CVD_STR("Heap overflow in libexample"),
                             .state = CVD_CASE_VALID,
                             .tlp = CVD_TLP_AMBER_STRICT};
    rc = cvd_store_case_insert(tx, &x->c, &x->c.id, x->case_id);
    if (rc)
        return rc;
    struct cvd_vuln v = {.case_id = x->c.id,
                         .title = CVD_STR("overflow"),
                         .cve_id = CVD_STR("CVE-2026-0001"),
                         .cvss_vector = CVD_STR("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"),
                         .cvss_score = 98,
                         .ssvc = CVD_STR("Act")};
    rc = cvd_store_vuln_add(tx, &v, &x->vuln);
    if (rc)
        return rc;
    int64_t id;
    x->dup_cve = cvd_store_vuln_add(tx, &v, &id);
    struct cvd_vuln w = {.case_id = x->c.id, .title = CVD_STR("second"), .cvss_score = -1};
    rc = cvd_store_vuln_add(tx, &w, &x->vuln2);
    if (rc)
        return rc;
    x->empty_cve_twice = cvd_store_vuln_add(tx, &w, &id);

    struct cvd_message m = {.report_id = x->report,
                            .author = CVD_AUTHOR_SYSTEM,
                            .body = CVD_STR("Thank you; your tracking id is R-2026-000001."),
                            .tlp = CVD_TLP_AMBER};
    rc = cvd_store_message_add(tx, &m, &x->msg1);
    if (rc)
        return rc;
    m.author = CVD_AUTHOR_REPORTER;
    m.body = CVD_STR("'; DELETE FROM messages; --");
    m.created_at = 42;
    rc = cvd_store_message_add(tx, &m, &x->msg2);
    if (rc)
        return rc;
    struct cvd_message cm = {.case_id = x->c.id,
                             .author = CVD_AUTHOR_COORDINATOR,
                             .body = CVD_STR("vendor notified"),
                             .tlp = CVD_TLP_RED};
    rc = cvd_store_message_add(tx, &cm, &x->msg3);
    if (rc)
        return rc;
    struct cvd_message none = {.author = CVD_AUTHOR_SYSTEM};
    x->empty_msg = cvd_store_message_add(tx, &none, &id);
    return 0;
}

static int change_content_fn(struct cvd_store_tx *tx, void *arg)
{
    struct content *x = arg;
    struct cvd_case c = x->c;
    c.title = CVD_STR("renamed");
    c.state = CVD_CASE_CLOSED;
    c.tlp = CVD_TLP_CLEAR;
    c.closed_at = 777;
    int rc = cvd_store_case_update(tx, &c);
    if (rc)
        return rc;
    struct cvd_vuln v = {.id = x->vuln2,
                         .title = CVD_STR("second, scored"),
                         .cve_id = CVD_STR("CVE-2026-0002"),
                         .cvss_vector = CVD_STR("CVSS:4.0/AV:N"),
                         .cvss_score = 55};
    return cvd_store_vuln_update(tx, &v);
}

static void test_content(void **state)
{
    struct fx *f = *state;
    open_store(f, CVD_STORE_CREATE | CVD_STORE_MIGRATE);
    struct content x = {0};
    assert_int_equal(write_ok(f, content_fn, &x), 0);
    assert_int_equal(x.orphan_att, CVD_ENOTFOUND);
    assert_int_equal(x.dup_cve, CVD_EDUP);
    assert_int_equal(x.empty_cve_twice, 0);
    assert_int_equal(x.empty_msg, CVD_EINVAL);
    assert_string_equal(x.case_id, "CVD-2026-0001");
    assert_int_equal(x.a1.size, sizeof(binary) - 1);
    unsigned char want[32];
    crypto_hash_sha256(want, (const unsigned char *)binary, sizeof(binary) - 1);
    assert_memory_equal(x.a1.sha256, want, 32);

    struct cvd_store_tx *tx = reader(f);
    struct cvd_store_attachment *atts;
    size_t n;
    assert_int_equal(cvd_store_attachment_list(tx, x.report, &f->a, &atts, &n), 0);
    assert_int_equal(n, 2);
    assert_str(atts[0].name, "poc.bin");
    assert_int_equal(atts[0].data.len, 0); /* lists carry no data */
    assert_int_equal(atts[0].size, sizeof(binary) - 1);
    assert_memory_equal(atts[0].sha256, want, 32);
    assert_int_equal(atts[1].size, 0);
    struct cvd_store_attachment got;
    assert_int_equal(cvd_store_attachment_get(tx, x.a1.id, &f->a, &got), 0);
    assert_int_equal(got.data.len, sizeof(binary) - 1);
    assert_memory_equal(got.data.ptr, binary, sizeof(binary) - 1);
    assert_str(got.content_type, "application/octet-stream");
    assert_int_equal(got.created_at, f->clock.fixed);
    assert_int_equal(cvd_store_attachment_get(tx, x.a2.id, &f->a, &got), 0);
    assert_int_equal(got.data.len, 0);
    assert_int_equal(cvd_store_attachment_get(tx, 4242, &f->a, &got), CVD_ENOTFOUND);

    struct cvd_case c;
    assert_int_equal(cvd_store_case_get_by_case_id(tx, CVD_STR("CVD-2026-0001"), &f->a, &c), 0);
    assert_int_equal(c.id, x.c.id);
    assert_int_equal(c.tlp, CVD_TLP_AMBER_STRICT);
    assert_str(c.title, "Heap overflow in libexample");
    assert_int_equal(cvd_store_case_get_by_case_id(tx, CVD_STR("CVD-2026-0002"), &f->a, &c),
                     CVD_ENOTFOUND);
    struct cvd_vuln *vulns;
    assert_int_equal(cvd_store_vuln_list(tx, x.c.id, &f->a, &vulns, &n), 0);
    assert_int_equal(n, 3);
    assert_str(vulns[0].cve_id, "CVE-2026-0001");
    assert_int_equal(vulns[0].cvss_score, 98);
    assert_str(vulns[0].ssvc, "Act");
    assert_int_equal(vulns[1].cvss_score, -1);
    struct cvd_message *msgs;
    assert_int_equal(cvd_store_message_list_report(tx, x.report, &f->a, &msgs, &n), 0);
    assert_int_equal(n, 2);
    assert_int_equal(msgs[0].author, CVD_AUTHOR_SYSTEM);
    assert_int_equal(msgs[0].created_at, f->clock.fixed);
    assert_str(msgs[1].body, "'; DELETE FROM messages; --");
    assert_int_equal(msgs[1].created_at, 42);
    assert_int_equal(msgs[1].case_id, 0);
    assert_int_equal(cvd_store_message_list_case(tx, x.c.id, &f->a, &msgs, &n), 0);
    assert_int_equal(n, 1);
    assert_int_equal(msgs[0].tlp, CVD_TLP_RED);
    assert_int_equal(msgs[0].report_id, 0);
    cvd_store_read_end(tx);

    assert_int_equal(write_ok(f, change_content_fn, &x), 0);
    tx = reader(f);
    assert_int_equal(cvd_store_case_get(tx, x.c.id, &f->a, &c), 0);
    assert_str(c.title, "renamed");
    assert_int_equal(c.state, CVD_CASE_CLOSED);
    assert_int_equal(c.tlp, CVD_TLP_CLEAR);
    assert_int_equal(c.closed_at, 777);
    struct cvd_vuln v;
    assert_int_equal(cvd_store_vuln_get(tx, x.vuln2, &f->a, &v), 0);
    assert_str(v.title, "second, scored");
    assert_int_equal(v.cvss_score, 55);
    assert_int_equal(v.case_id, x.c.id);
    struct cvd_case *cases;
    struct cvd_store_case_filter open_cases = {.states = CVD_STORE_STATE_BIT(CVD_CASE_VALID)};
    assert_int_equal(cvd_store_case_list(tx, &open_cases, &f->a, &cases, &n), 0);
    assert_int_equal(n, 0);
    assert_int_equal(cvd_store_case_list(tx, NULL, &f->a, &cases, &n), 0);
    assert_int_equal(n, 1);
    cvd_store_read_end(tx);
}

/* ---- the audit log ---- */

struct events {
    int n;
    struct cvd_event ev[16];
    int rc[16];
};

static int events_fn(struct cvd_store_tx *tx, void *arg)
{
    struct events *x = arg;
    for (int i = 0; i < x->n; i++) {
        x->rc[i] = cvd_store_event_append(tx, &x->ev[i]);
        if (x->rc[i])
            return x->rc[i];
    }
    return 0;
}

static void append_events(struct fx *f, int n)
{
    struct events x = {.n = n};
    static const char *const types[] = {"report.submitted", "report.acknowledged",
                                        "report.validated", "case.created"};
    for (int i = 0; i < n; i++) {
        x.ev[i] = (struct cvd_event){.actor = CVD_STR("user:1"),
                                     .type = cvd_str_from_cstr(types[i % 4]),
                                     .object_kind = CVD_STR("report"),
                                     .object_id = 1 + i % 2,
                                     .before = CVD_STR("received"),
                                     .after = CVD_STR("valid"),
                                     .data = CVD_STR("{\"note\":\"'; DROP TABLE events; --\"}")};
    }
    assert_int_equal(write_ok(f, events_fn, &x), 0);
}

static void expect_verify(struct fx *f, int want_rc, int64_t want_rows, int64_t want_bad,
                          const char *why)
{
    int64_t rows = -1;
    int64_t bad = -1;
    memset(&f->d, 0, sizeof(f->d));
    int rc = cvd_store_audit_verify(f->s, &rows, &bad, &f->d);
    if (rc != want_rc || rows != want_rows || bad != want_bad)
        fail_msg("verify: %s rows %lld bad %lld (%s); want %s rows %lld bad %lld", cvd_err_name(rc),
                 (long long)rows, (long long)bad, f->d.msg, cvd_err_name(want_rc),
                 (long long)want_rows, (long long)want_bad);
    if (why != NULL && strstr(f->d.msg, why) == NULL)
        fail_msg("verify said '%s', want '%s'", f->d.msg, why);
}

static void test_audit_chain(void **state)
{
    struct fx *f = *state;
    open_store(f, CVD_STORE_CREATE | CVD_STORE_MIGRATE);
    expect_verify(f, 0, 0, 0, NULL);
    struct events x = {.n = 3};
    for (int i = 0; i < 3; i++)
        x.ev[i] = (struct cvd_event){.actor = CVD_STR("system"), .type = CVD_STR("t")};
    x.ev[1].at = 99;
    assert_int_equal(write_ok(f, events_fn, &x), 0);
    unsigned char zero[32] = {0};
    assert_int_equal(x.ev[0].seq, 1);
    assert_memory_equal(x.ev[0].prev_hash, zero, 32);
    assert_int_equal(x.ev[0].at, f->clock.fixed);
    assert_int_equal(x.ev[1].seq, 2);
    assert_memory_equal(x.ev[1].prev_hash, x.ev[0].hash, 32);
    assert_memory_equal(x.ev[2].prev_hash, x.ev[1].hash, 32);
    unsigned char h[32];
    cvd_store_event_hash(&x.ev[1], h);
    assert_memory_equal(h, x.ev[1].hash, 32);

    /* Every field is in the hash, and strings cannot slide into each other. */
    struct cvd_event e = x.ev[1];
    e.actor = CVD_STR("system2");
    cvd_store_event_hash(&e, h);
    assert_memory_not_equal(h, x.ev[1].hash, 32);
    struct cvd_event p = {.actor = CVD_STR("ab"), .type = CVD_STR("c")};
    struct cvd_event q = {.actor = CVD_STR("a"), .type = CVD_STR("bc")};
    unsigned char hp[32];
    unsigned char hq[32];
    cvd_store_event_hash(&p, hp);
    cvd_store_event_hash(&q, hq);
    assert_memory_not_equal(hp, hq, 32);

    /* An event missing its actor or type is refused; a failed write leaves no event. */
    struct events bad = {.n = 2};
    bad.ev[0] = (struct cvd_event){.actor = CVD_STR("system"), .type = CVD_STR("ok")};
    bad.ev[1] = (struct cvd_event){.actor = CVD_STR("system")};
    assert_int_equal(cvd_store_write(f->s, events_fn, &bad, &f->d), CVD_EINVAL);

    append_events(f, 8);
    expect_verify(f, 0, 11, 0, NULL);

    struct cvd_store_tx *tx = reader(f);
    struct cvd_event *list;
    size_t n;
    assert_int_equal(cvd_store_event_list_object(tx, CVD_STR("report"), 2, 0, &f->a, &list, &n), 0);
    assert_int_equal(n, 4);
    assert_int_equal(list[0].seq, 5);
    assert_str(list[0].type, "report.acknowledged");
    assert_str(list[0].data, "{\"note\":\"'; DROP TABLE events; --\"}");
    assert_int_equal(cvd_store_event_list_latest(tx, 2, &f->a, &list, &n), 0);
    assert_int_equal(n, 2);
    assert_int_equal(list[0].seq, 11);
    assert_int_equal(list[1].seq, 10);
    cvd_store_event_hash(&list[0], h);
    assert_memory_equal(h, list[0].hash, 32);
    int64_t head;
    unsigned char head_hash[32];
    assert_int_equal(cvd_store_audit_head(tx, &head, head_hash), 0);
    assert_int_equal(head, 11);
    assert_memory_equal(head_hash, list[0].hash, 32);
    cvd_store_read_end(tx);
    close_store(f);

    /* The triggers refuse edits through SQL. */
    char err[256];
    assert_int_not_equal(
        raw_sql(f->db, "UPDATE events SET after = 'x' WHERE seq = 2", err, sizeof(err)), SQLITE_OK);
    assert_non_null(strstr(err, "append-only"));
    assert_int_not_equal(raw_sql(f->db, "DELETE FROM events WHERE seq = 11", err, sizeof(err)),
                         SQLITE_OK);
    assert_int_not_equal(raw_sql(f->db, "UPDATE audit_head SET seq = 10", err, sizeof(err)),
                         SQLITE_OK);
    assert_int_not_equal(raw_sql(f->db,
                                 "INSERT INTO events VALUES (12, 0, 'x', 'x', '', 0, '', '', '', "
                                 "zeroblob(32), zeroblob(32))",
                                 err, sizeof(err)),
                         SQLITE_OK);
    assert_non_null(strstr(err, "extend the chain"));
    open_store(f, 0);
    expect_verify(f, 0, 11, 0, NULL);
}

/* Tamper with a copy of a good log the way an attacker with the file would: triggers first. */
static void tamper_case(struct fx *f, const char *sql, int64_t want_rows, int64_t want_bad,
                        const char *why)
{
    char err[256];
    close_store(f);
    char cmd[4 * PATH_MAX];
    char good[PATH_MAX];
    path_in(f, "good.db", good);
    snprintf(cmd, sizeof(cmd), "rm -f '%s'*; cp '%s' '%s'", f->db, good, f->db);
    assert_int_equal(system(cmd), 0);
    if (raw_sql(f->db, sql, err, sizeof(err)) != SQLITE_OK)
        fail_msg("tamper '%s': %s", sql, err);
    open_store(f, 0);
    expect_verify(f, CVD_EDB, want_rows, want_bad, why);
}

static void test_audit_tamper(void **state)
{
    struct fx *f = *state;
    open_store(f, CVD_STORE_CREATE | CVD_STORE_MIGRATE);
    append_events(f, 10);
    expect_verify(f, 0, 10, 0, NULL);
    char good[PATH_MAX];
    path_in(f, "good.db", good);
    assert_int_equal(cvd_store_backup(f->s, good, &f->d), 0);

    static const char drop[] = "DROP TRIGGER events_no_update; DROP TRIGGER events_no_delete; "
                               "DROP TRIGGER audit_head_follows; ";
    char sql[1024];

    /* An edited row. */
    snprintf(sql, sizeof(sql), "%sUPDATE events SET after = 'closed' WHERE seq = 4", drop);
    tamper_case(f, sql, 3, 4, "event 4 was edited");
    /* An edited row whose hash was recomputed (and stored) breaks the next link. */
    snprintf(sql, sizeof(sql), "%sUPDATE events SET hash = randomblob(32) WHERE seq = 6", drop);
    tamper_case(f, sql, 5, 6, "event 6 was edited");
    snprintf(sql, sizeof(sql), "%sUPDATE events SET prev_hash = randomblob(32) WHERE seq = 7",
             drop);
    tamper_case(f, sql, 6, 7, "does not chain to event 6");
    /* A deleted middle row. */
    snprintf(sql, sizeof(sql), "%sDELETE FROM events WHERE seq = 5", drop);
    tamper_case(f, sql, 4, 5, "event 5 is missing");
    /* A deleted middle row with the later ones renumbered. */
    snprintf(sql, sizeof(sql),
             "%sDELETE FROM events WHERE seq = 5; UPDATE events SET seq = seq - 1 WHERE seq > 5",
             drop);
    tamper_case(f, sql, 4, 5, "does not chain to event 4");
    /* The last rows deleted: the head still names them. */
    snprintf(sql, sizeof(sql), "%sDELETE FROM events WHERE seq >= 9", drop);
    tamper_case(f, sql, 8, 9, "missing at the end");
    /* Every row deleted. */
    snprintf(sql, sizeof(sql), "%sDELETE FROM events", drop);
    tamper_case(f, sql, 0, 1, "events 1 to 10 are missing at the end");
    /* The head deleted. */
    snprintf(sql, sizeof(sql), "DROP TRIGGER audit_head_no_delete; DELETE FROM audit_head");
    tamper_case(f, sql, 10, 11, "head is missing");
    /* A forged first row. */
    snprintf(sql, sizeof(sql), "%sUPDATE events SET prev_hash = randomblob(32) WHERE seq = 1",
             drop);
    tamper_case(f, sql, 0, 1, "event 1 does not start the chain");
    /* The head moved back: the last event looks appended behind cvd's back. */
    snprintf(sql, sizeof(sql),
             "%sUPDATE audit_head SET seq = 9, hash = (SELECT hash FROM events WHERE seq = 9)",
             drop);
    tamper_case(f, sql, 10, 10, "added past the recorded head");
}

/* ---- group commit ---- */

#define WRITERS        32
#define WRITES_EACH    40
#define FAIL_EVERY     7
#define GC_MAX_THREADS 64

struct gc_job {
    struct cvd_store *s;
    int thread;
    int ok, dup, other;
};

struct gc_write {
    int thread, i;
    bool fail;
    int64_t id;
};

static int gc_fn(struct cvd_store_tx *tx, void *arg)
{
    struct gc_write *w = arg;
    char name[64];
    /* A failing write reuses a name that exists (its own thread's first one). */
    snprintf(name, sizeof(name), "org-%d-%d", w->thread, w->fail ? 0 : w->i);
    struct cvd_org org = {.name = cvd_str_from_cstr(name), .kind = CVD_ORG_VENDOR};
    int rc = cvd_store_org_add(tx, &org, &w->id);
    if (rc)
        return rc;
    struct cvd_event ev = {.actor = CVD_STR("test"),
                           .type = CVD_STR("org.added"),
                           .object_kind = CVD_STR("org"),
                           .object_id = w->id};
    return cvd_store_event_append(tx, &ev);
}

static void *gc_thread(void *arg)
{
    struct gc_job *job = arg;
    for (int i = 0; i < WRITES_EACH; i++) {
        struct gc_write w = {.thread = job->thread, .i = i, .fail = i > 0 && i % FAIL_EVERY == 0};
        struct cvd_diag d = {0};
        int rc = cvd_store_write(job->s, gc_fn, &w, &d);
        if (rc == 0 && !w.fail)
            job->ok++;
        else if (rc == CVD_EDUP && w.fail && strstr(d.msg, "UNIQUE") != NULL)
            job->dup++;
        else
            job->other++;
        /* Readers run meanwhile on their own connections. */
        struct cvd_store_tx *tx;
        if (i % 10 == 0 && cvd_store_read_begin(job->s, &tx, &d) == 0) {
            int64_t n;
            if (cvd_store_user_count(tx, &n) != 0)
                job->other++;
            cvd_store_read_end(tx);
        }
    }
    return NULL;
}

static void test_group_commit(void **state)
{
    struct fx *f = *state;
    open_store(f, CVD_STORE_CREATE | CVD_STORE_MIGRATE | CVD_STORE_GROUP_COMMIT);
    struct cvd_store_stats before;
    cvd_store_stats(f->s, &before); /* the migration was one write */
    pthread_t th[WRITERS];
    struct gc_job jobs[WRITERS];
    for (int i = 0; i < WRITERS; i++) {
        jobs[i] = (struct gc_job){.s = f->s, .thread = i};
        assert_int_equal(pthread_create(&th[i], NULL, gc_thread, &jobs[i]), 0);
    }
    int ok = 0;
    int dup = 0;
    for (int i = 0; i < WRITERS; i++) {
        pthread_join(th[i], NULL);
        ok += jobs[i].ok;
        dup += jobs[i].dup;
        assert_int_equal(jobs[i].other, 0);
    }
    int want_dup = WRITERS * ((WRITES_EACH - 1) / FAIL_EVERY);
    assert_int_equal(dup, want_dup);
    assert_int_equal(ok, WRITERS * WRITES_EACH - want_dup);
    struct cvd_store_stats st;
    cvd_store_stats(f->s, &st);
    st.writes -= before.writes;
    st.commits -= before.commits;
    assert_int_equal(st.writes, WRITERS * WRITES_EACH);
    print_message("group commit: %llu writes in %llu commits, largest batch %llu\n",
                  (unsigned long long)st.writes, (unsigned long long)st.commits,
                  (unsigned long long)st.max_batch);
    assert_true(st.commits < st.writes); /* batching happened */
    assert_true(st.max_batch <= CVD_STORE_BATCH_MAX);

    /* Durable: after closing, every acknowledged write is there, and the chain is whole. */
    close_store(f);
    open_store(f, 0);
    struct cvd_store_tx *tx = reader(f);
    struct cvd_store_report_filter flt = {0};
    int64_t reports;
    assert_int_equal(cvd_store_report_count(tx, &flt, &reports), 0);
    assert_int_equal(reports, 0);
    struct cvd_org *orgs;
    size_t n;
    assert_int_equal(cvd_store_org_list(tx, &f->a, &orgs, &n), 0);
    assert_int_equal(n, (size_t)ok);
    cvd_store_read_end(tx);
    expect_verify(f, 0, ok, 0, NULL);
}

/* A write whose failure makes the database drop the whole transaction (as an I/O error or a
 * full disk would): the others in its batch run again and succeed. */
struct abort_ctl {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    bool started;
    bool release;
};

static struct abort_ctl ctl = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, false, false};

static int blocker_fn(struct cvd_store_tx *tx, void *arg)
{
    (void)tx;
    (void)arg;
    pthread_mutex_lock(&ctl.mu);
    ctl.started = true;
    pthread_cond_broadcast(&ctl.cv);
    while (!ctl.release)
        pthread_cond_wait(&ctl.cv, &ctl.mu);
    pthread_mutex_unlock(&ctl.mu);
    return 0;
}

static int aborter_fn(struct cvd_store_tx *tx, void *arg)
{
    (void)arg;
    struct cvd_org org = {.name = CVD_STR("aborted"), .kind = CVD_ORG_VENDOR};
    int64_t id;
    int rc = cvd_store_org_add(tx, &org, &id);
    if (rc)
        return rc;
    tx->store->ops->rollback(tx); /* what SQLite does on SQLITE_FULL or an I/O error */
    return cvd_diag_set(cvd_store_tx_diag(tx), CVD_EDB, "simulated disk full");
}

struct ab_job {
    struct cvd_store *s;
    tx_fn fn;
    struct gc_write w;
    int rc;
    struct cvd_diag d;
};

static void *ab_thread(void *arg)
{
    struct ab_job *j = arg;
    j->rc = cvd_store_write(j->s, j->fn, &j->w, &j->d);
    return NULL;
}

static void nap_ms(long ms)
{
    struct timespec ts = {.tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

static size_t queued(struct cvd_store *s)
{
    size_t n = 0;
    pthread_mutex_lock(&s->wlock);
    for (struct cvd__store_req *r = s->qhead; r != NULL; r = r->next)
        n++;
    pthread_mutex_unlock(&s->wlock);
    return n;
}

static void test_group_commit_abort(void **state)
{
    struct fx *f = *state;
    open_store(f, CVD_STORE_CREATE | CVD_STORE_MIGRATE | CVD_STORE_GROUP_COMMIT);
    enum { N = 6 };
    struct ab_job jobs[N];
    pthread_t th[N];
    /* Job 0 holds the writer; 1..5 queue up behind it as one batch, job 3 aborting it. */
    for (int i = 0; i < N; i++) {
        jobs[i] = (struct ab_job){.s = f->s,
                                  .fn = i == 0   ? blocker_fn
                                        : i == 3 ? aborter_fn
                                                 : gc_fn,
                                  .w = {.thread = 100, .i = i}};
        assert_int_equal(pthread_create(&th[i], NULL, ab_thread, &jobs[i]), 0);
        if (i == 0) {
            /* wait until the writer runs the blocker */
            pthread_mutex_lock(&ctl.mu);
            while (!ctl.started)
                pthread_cond_wait(&ctl.cv, &ctl.mu);
            pthread_mutex_unlock(&ctl.mu);
        }
    }
    while (queued(f->s) != N - 1)
        nap_ms(1);
    pthread_mutex_lock(&ctl.mu);
    ctl.release = true;
    pthread_cond_broadcast(&ctl.cv);
    pthread_mutex_unlock(&ctl.mu);
    for (int i = 0; i < N; i++)
        pthread_join(th[i], NULL);
    for (int i = 0; i < N; i++) {
        if (i == 3) {
            assert_int_equal(jobs[i].rc, CVD_EDB);
            assert_non_null(strstr(jobs[i].d.msg, "simulated"));
        } else {
            if (jobs[i].rc != 0)
                fail_msg("job %d: %s %s", i, cvd_err_name(jobs[i].rc), jobs[i].d.msg);
        }
    }
    struct cvd_store_tx *tx = reader(f);
    struct cvd_org o;
    assert_int_equal(cvd_store_org_get_by_name(tx, CVD_STR("aborted"), &f->a, &o), CVD_ENOTFOUND);
    assert_int_equal(cvd_store_org_get_by_name(tx, CVD_STR("org-100-5"), &f->a, &o), 0);
    assert_int_equal(cvd_store_org_get_by_name(tx, CVD_STR("org-100-1"), &f->a, &o), 0);
    cvd_store_read_end(tx);
    expect_verify(f, 0, 4, 0, NULL);
}

static int nested_fn(struct cvd_store_tx *tx, void *arg)
{
    int *inner = arg;
    *inner = cvd_store_write(tx->store, nested_fn, arg, NULL);
    return 0;
}

static int positive_fn(struct cvd_store_tx *tx, void *arg)
{
    (void)tx;
    (void)arg;
    return 1;
}

static void test_write_misuse(void **state)
{
    struct fx *f = *state;
    open_store(f, CVD_STORE_CREATE | CVD_STORE_MIGRATE);
    int inner = 0;
    assert_int_equal(write_ok(f, nested_fn, &inner), 0);
    assert_int_equal(inner, CVD_EINVAL);
    assert_int_equal(cvd_store_write(f->s, positive_fn, NULL, &f->d), CVD_EINVAL);
    assert_int_equal(cvd_store_write(f->s, NULL, NULL, &f->d), CVD_EINVAL);
    close_store(f);

    open_store(f, CVD_STORE_GROUP_COMMIT);
    inner = 0;
    assert_int_equal(write_ok(f, nested_fn, &inner), 0);
    assert_int_equal(inner, CVD_EINVAL);
    close_store(f);

    open_store(f, CVD_STORE_READONLY);
    assert_int_equal(cvd_store_write(f->s, positive_fn, NULL, &f->d), CVD_ENOTSUP);
    struct cvd_store_tx *tx = reader(f);
    int64_t n;
    assert_int_equal(cvd_store_user_count(tx, &n), 0);
    cvd_store_read_end(tx);
}

/* Durability: a process killed with SIGKILL while many threads submit loses no write it
 * acknowledged, and every report has its audit event (they commit together). */
struct kill_job {
    struct cvd_store *s;
    int fd;
};

static int kill_submit_fn(struct cvd_store_tx *tx, void *arg)
{
    int64_t *id = arg;
    struct cvd_report r = sample_report((int)(*id % 6));
    char tracking[CVD_STORE_ID_MAX];
    int rc = cvd_store_report_insert(tx, &r, NULL, id, tracking);
    if (rc)
        return rc;
    struct cvd_event ev = {.actor = CVD_STR("reporter"),
                           .type = CVD_STR("report.submitted"),
                           .object_kind = CVD_STR("report"),
                           .object_id = *id};
    return cvd_store_event_append(tx, &ev);
}

static void *kill_thread(void *arg)
{
    struct kill_job *j = arg;
    for (int64_t i = 0;; i++) {
        int64_t id = i;
        if (cvd_store_write(j->s, kill_submit_fn, &id, NULL) != 0)
            _exit(3);
        /* acknowledged: tell the parent (8 bytes: an atomic pipe write) */
        if (write(j->fd, &id, sizeof(id)) != (ssize_t)sizeof(id))
            _exit(4);
    }
    return NULL;
}

static void test_kill_durability(void **state)
{
    struct fx *f = *state;
    open_store(f, CVD_STORE_CREATE | CVD_STORE_MIGRATE);
    close_store(f);
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        close(fds[0]);
        struct cvd_store *s = NULL;
        if (cvd_store_open(f->db, NULL, CVD_STORE_GROUP_COMMIT, &s, NULL) != 0)
            _exit(2);
        enum { T = 8 };
        pthread_t th[T];
        struct kill_job job = {s, fds[1]};
        for (int i = 0; i < T; i++)
            pthread_create(&th[i], NULL, kill_thread, &job);
        pthread_join(th[0], NULL);
        _exit(5);
    }
    close(fds[1]);
    int64_t acked[4096];
    size_t n = 0;
    while (n < 600) {
        ssize_t got = read(fds[0], &acked[n], sizeof(acked[n]));
        if (got != (ssize_t)sizeof(acked[n]))
            break;
        n++;
    }
    assert_int_equal(kill(pid, SIGKILL), 0);
    /* what was acknowledged before the kill is still in the pipe */
    while (n < CVD_ARRAY_LEN(acked) &&
           read(fds[0], &acked[n], sizeof(acked[n])) == (ssize_t)sizeof(acked[n]))
        n++;
    close(fds[0]);
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
    assert_true(n >= 600);

    open_store(f, 0);
    struct cvd_store_tx *tx = reader(f);
    for (size_t i = 0; i < n; i++) {
        struct cvd_report r;
        if (cvd_store_report_get(tx, acked[i], &f->a, &r) != 0)
            fail_msg("acknowledged report %lld lost", (long long)acked[i]);
    }
    int64_t reports;
    assert_int_equal(cvd_store_report_count(tx, NULL, &reports), 0);
    assert_true(reports >= (int64_t)n);
    cvd_store_read_end(tx);
    expect_verify(f, 0, reports, 0, NULL);
}

/* ---- backup ---- */

static void test_backup(void **state)
{
    struct fx *f = *state;
    open_store(f, CVD_STORE_CREATE | CVD_STORE_MIGRATE | CVD_STORE_GROUP_COMMIT);
    struct reports x = {.n = 2};
    x.r[0] = sample_report(0);
    x.r[1] = sample_report(1);
    assert_int_equal(write_ok(f, reports_fn, &x), 0);
    append_events(f, 5);
    char dest[PATH_MAX];
    path_in(f, "backup.db", dest);
    assert_int_equal(cvd_store_backup(f->s, dest, &f->d), 0);
    assert_int_equal(cvd_store_backup(f->s, dest, &f->d), CVD_EDUP);
    char nowhere[PATH_MAX];
    path_in(f, "no/such/dir.db", nowhere);
    assert_int_equal(cvd_store_backup(f->s, nowhere, &f->d), CVD_EIO);
    struct stat st;
    assert_int_equal(stat(dest, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);

    /* Written after the backup: not in it. */
    append_events(f, 1);
    close_store(f);

    struct cvd_store *b = NULL;
    assert_int_equal(cvd_store_open(dest, &f->clock, 0, &b, &f->d), 0);
    int64_t rows = 0;
    int64_t bad = -1;
    assert_int_equal(cvd_store_audit_verify(b, &rows, &bad, &f->d), 0);
    assert_int_equal(rows, 5);
    assert_int_equal(bad, 0);
    struct cvd_store_tx *tx;
    assert_int_equal(cvd_store_read_begin(b, &tx, &f->d), 0);
    struct cvd_report r;
    assert_int_equal(cvd_store_report_get_by_tracking_id(tx, CVD_STR("R-2026-000002"), &f->a, &r),
                     0);
    assert_str(r.title, nasty[1]);
    cvd_store_read_end(tx);
    cvd_store_close(b);
}

/* ---- out of memory ---- */

struct oom_write {
    int64_t id;
};

static int oom_write_fn(struct cvd_store_tx *tx, void *arg)
{
    struct oom_write *w = arg;
    struct cvd_user u = {.email = CVD_STR("OOM@Example.org"), .name = CVD_STR("o")};
    return cvd_store_user_add(tx, &u, &w->id);
}

static void test_out_of_memory(void **state)
{
    struct fx *f = *state;
    /* Open: the store and its copies. */
    int rc = CVD_ENOMEM;
    long nth;
    for (nth = 1; rc == CVD_ENOMEM && nth < 100; nth++) {
        struct cvd_store *s = NULL;
        cvd_alloc_fail_at(nth);
        rc = cvd_store_open(f->db, &f->clock, CVD_STORE_CREATE | CVD_STORE_MIGRATE, &s, &f->d);
        cvd_alloc_fail_at(0);
        if (rc == CVD_ENOMEM)
            assert_null(s);
        cvd_store_close(s);
    }
    assert_int_equal(rc, 0);
    assert_true(nth > 2);

    /* A write that allocates (the lower-cased email). */
    open_store(f, 0);
    rc = CVD_ENOMEM;
    for (nth = 1; rc == CVD_ENOMEM && nth < 100; nth++) {
        struct oom_write w = {0};
        cvd_alloc_fail_at(nth);
        rc = cvd_store_write(f->s, oom_write_fn, &w, &f->d);
        cvd_alloc_fail_at(0);
    }
    assert_int_equal(rc, 0);

    /* Reads into an arena: every failure is CVD_ENOMEM and the result untouched. */
    struct reports x = {.n = 3};
    for (int i = 0; i < 3; i++)
        x.r[i] = sample_report(i);
    assert_int_equal(write_ok(f, reports_fn, &x), 0);
    struct cvd_store_tx *tx = reader(f);
    rc = CVD_ENOMEM;
    for (nth = 1; rc == CVD_ENOMEM && nth < 1000; nth++) {
        struct cvd_arena a;
        cvd_arena_init(&a, 0);
        struct cvd_report *list = NULL;
        size_t n = 99;
        cvd_alloc_fail_at(nth);
        rc = cvd_store_report_list(tx, NULL, &a, &list, &n);
        cvd_alloc_fail_at(0);
        if (rc != 0) {
            assert_int_equal(rc, CVD_ENOMEM);
            assert_int_equal(n, 99);
        } else {
            assert_int_equal(n, 3);
        }
        cvd_arena_release(&a);
    }
    assert_int_equal(rc, 0);
    /* An arena cap is CVD_ELIMIT. */
    struct cvd_arena small;
    cvd_arena_init(&small, 64);
    struct cvd_report r;
    assert_int_equal(cvd_store_report_get(tx, x.id[0], &small, &r), CVD_ELIMIT);
    cvd_arena_release(&small);
    cvd_store_read_end(tx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_open_migrate_reopen, setup, teardown),
        cmocka_unit_test_setup_teardown(test_refuse_newer_and_foreign, setup, teardown),
        cmocka_unit_test_setup_teardown(test_accounts, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sessions_tokens_throttle, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reports, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tracking_ids_per_year, setup, teardown),
        cmocka_unit_test_setup_teardown(test_content, setup, teardown),
        cmocka_unit_test_setup_teardown(test_audit_chain, setup, teardown),
        cmocka_unit_test_setup_teardown(test_audit_tamper, setup, teardown),
        cmocka_unit_test_setup_teardown(test_group_commit, setup, teardown),
        cmocka_unit_test_setup_teardown(test_group_commit_abort, setup, teardown),
        cmocka_unit_test_setup_teardown(test_write_misuse, setup, teardown),
        cmocka_unit_test_setup_teardown(test_kill_durability, setup, teardown),
        cmocka_unit_test_setup_teardown(test_backup, setup, teardown),
        cmocka_unit_test_setup_teardown(test_out_of_memory, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
