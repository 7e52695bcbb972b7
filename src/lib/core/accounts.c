/* Accounts: the first administrator, organisations, users and memberships; logins with
 * throttling per login name and per client address; sessions and API tokens, whose secrets
 * only the holder ever sees (the store keeps SHA-256 hashes). */
#include "hub-int.h"

#include <stdio.h>
#include <string.h>

/* Single-line names: organisations, users. */
static int check_line(struct cvd_str s, const char *field, size_t max, const char **ret_field,
                      struct cvd_diag *diag)
{
    int rc = cvd_text_check(s, max, CVD_TEXT_REQUIRED, field, diag);
    if (rc && ret_field)
        *ret_field = field;
    return rc;
}

static int check_email(struct cvd_str email, const char **ret_field, struct cvd_diag *diag)
{
    int rc = cvd_email_check(email, "email", diag);
    if (rc && ret_field)
        *ret_field = "email";
    return rc;
}

/* ---- the first administrator ---- */

struct init_args {
    struct cvd_str org_name, email, name;
    const char *hash;
    const struct cvd_principal *p;
};

static int init_write(struct cvd_store_tx *tx, void *arg)
{
    struct init_args *a = arg;
    int64_t users = 0, org_id = 0, user_id = 0;
    int rc = cvd_store_user_count(tx, &users);
    if (rc)
        return rc;
    if (users > 0)
        return cvd_diag_set(cvd_store_tx_diag(tx), CVD_ESTATE,
                            "the instance already has users; use 'cvd user add'");
    struct cvd_org org = {.name = a->org_name, .kind = CVD_ORG_COORDINATOR};
    struct cvd_user user = {.email = a->email,
                            .name = a->name,
                            .password_hash = cvd_str_from_cstr(a->hash),
                            .is_admin = true};
    if ((rc = cvd_store_org_add(tx, &org, &org_id)) ||
        (rc = cvd_store_user_add(tx, &user, &user_id)))
        return rc;
    struct cvd_membership m = {.user_id = user_id, .org_id = org_id, .role = CVD_ROLE_ADMIN};
    if ((rc = cvd_store_membership_add(tx, &m)) ||
        (rc = cvd__hub_event(tx, a->p, "org.created", "org", org_id, NULL, NULL, CVD_STR(""))) ||
        (rc = cvd__hub_event(tx, a->p, "user.created", "user", user_id, NULL, NULL,
                             CVD_STR("{\"admin\":true}"))))
        return rc;
    return 0;
}

int cvd_hub_init_instance(struct cvd_hub *h, struct cvd_str org_name, struct cvd_str email,
                          struct cvd_str name, struct cvd_str password, const char **ret_field,
                          struct cvd_diag *diag)
{
    int rc;
    if ((rc = check_line(org_name, "org", 200, ret_field, diag)) ||
        (rc = check_email(email, ret_field, diag)) ||
        (rc = check_line(name, "name", 200, ret_field, diag)))
        return rc;
    if ((rc = cvd_auth_password_check(password, diag))) {
        if (ret_field)
            *ret_field = "password";
        return rc;
    }
    char hash[CVD_PASSWORD_HASH_MAX];
    if ((rc = cvd_auth_password_hash(password, h->password_cost, hash)))
        return cvd_diag_set(diag, rc, "cannot hash the password");
    struct cvd_principal sys = {.kind = CVD_PRINCIPAL_SYSTEM};
    struct init_args a = {org_name, email, name, hash, &sys};
    return cvd_store_write(h->store, init_write, &a, diag);
}

/* ---- organisations and users ---- */

static bool may_manage_accounts(const struct cvd_principal *p)
{
    return p != NULL &&
           (p->kind == CVD_PRINCIPAL_SYSTEM || (p->kind == CVD_PRINCIPAL_USER && p->is_admin));
}

struct org_args {
    const struct cvd_principal *p;
    struct cvd_org org;
    int64_t id;
};

static int org_write(struct cvd_store_tx *tx, void *arg)
{
    struct org_args *a = arg;
    int rc = cvd_store_org_add(tx, &a->org, &a->id);
    if (rc == CVD_EDUP)
        return cvd_diag_set(cvd_store_tx_diag(tx), rc, "org: an organisation named '%.*s' exists",
                            (int)(a->org.name.len > 80 ? 80 : a->org.name.len), a->org.name.ptr);
    if (rc)
        return rc;
    char data[64];
    snprintf(data, sizeof(data), "{\"kind\":\"%s\"}", cvd_org_kind_name(a->org.kind));
    return cvd__hub_event(tx, a->p, "org.created", "org", a->id, NULL, NULL,
                          cvd_str_from_cstr(data));
}

int cvd_hub_org_add(struct cvd_hub *h, const struct cvd_principal *p, struct cvd_str name,
                    enum cvd_org_kind kind, int64_t *ret_id, const char **ret_field,
                    struct cvd_diag *diag)
{
    if (!may_manage_accounts(p))
        return cvd_diag_set(diag, p && p->kind != CVD_PRINCIPAL_ANONYMOUS ? CVD_EDENIED : CVD_EAUTH,
                            "only administrators add organisations");
    int rc = check_line(name, "org", 200, ret_field, diag);
    if (rc)
        return rc;
    if (cvd_org_kind_name(kind) == NULL) {
        if (ret_field)
            *ret_field = "kind";
        return cvd_diag_set(diag, CVD_EINVAL, "kind: unknown organisation kind");
    }
    struct org_args a = {.p = p, .org = {.name = name, .kind = kind}};
    rc = cvd_store_write(h->store, org_write, &a, diag);
    if (rc == CVD_EDUP && ret_field)
        *ret_field = "org";
    if (rc == 0 && ret_id)
        *ret_id = a.id;
    return rc;
}

struct user_args {
    const struct cvd_principal *p;
    struct cvd_user user;
    struct cvd_str org_name;
    enum cvd_member_role role;
    int64_t id;
};

static int user_write(struct cvd_store_tx *tx, void *arg)
{
    struct user_args *a = arg;
    struct cvd_diag *d = cvd_store_tx_diag(tx);
    struct cvd_org org = {0};
    struct cvd_arena arena;
    int rc = 0;
    cvd_arena_init(&arena, 1u << 16);
    if (a->org_name.len > 0) {
        rc = cvd_store_org_get_by_name(tx, a->org_name, &arena, &org);
        if (rc == CVD_ENOTFOUND)
            rc = cvd_diag_set(d, rc, "org: no organisation named '%.*s'",
                              (int)(a->org_name.len > 80 ? 80 : a->org_name.len), a->org_name.ptr);
    }
    if (rc == 0) {
        rc = cvd_store_user_add(tx, &a->user, &a->id);
        if (rc == CVD_EDUP)
            rc = cvd_diag_set(d, rc, "email: a user with this address exists");
    }
    if (rc == 0 && a->org_name.len > 0) {
        struct cvd_membership m = {.user_id = a->id, .org_id = org.id, .role = a->role};
        rc = cvd_store_membership_add(tx, &m);
    }
    if (rc == 0) {
        char data[96];
        snprintf(data, sizeof(data), "{\"admin\":%s,\"org\":%lld}",
                 a->user.is_admin ? "true" : "false", (long long)org.id);
        rc = cvd__hub_event(tx, a->p, "user.created", "user", a->id, NULL, NULL,
                            cvd_str_from_cstr(data));
    }
    cvd_arena_release(&arena);
    return rc;
}

int cvd_hub_user_add(struct cvd_hub *h, const struct cvd_principal *p, struct cvd_str email,
                     struct cvd_str name, struct cvd_str password, bool is_admin,
                     struct cvd_str org_name, enum cvd_member_role role, int64_t *ret_id,
                     const char **ret_field, struct cvd_diag *diag)
{
    if (!may_manage_accounts(p))
        return cvd_diag_set(diag, p && p->kind != CVD_PRINCIPAL_ANONYMOUS ? CVD_EDENIED : CVD_EAUTH,
                            "only administrators add users");
    int rc;
    if ((rc = check_email(email, ret_field, diag)) ||
        (rc = check_line(name, "name", 200, ret_field, diag)))
        return rc;
    if ((rc = cvd_auth_password_check(password, diag))) {
        if (ret_field)
            *ret_field = "password";
        return rc;
    }
    char hash[CVD_PASSWORD_HASH_MAX];
    if ((rc = cvd_auth_password_hash(password, h->password_cost, hash)))
        return cvd_diag_set(diag, rc, "cannot hash the password");
    struct user_args a = {
        .p = p,
        .user = {.email = email,
                 .name = name,
                 .password_hash = cvd_str_from_cstr(hash),
                 .is_admin = is_admin},
        .org_name = org_name,
        .role = role,
    };
    rc = cvd_store_write(h->store, user_write, &a, diag);
    if (rc && ret_field)
        *ret_field = rc == CVD_EDUP ? "email" : rc == CVD_ENOTFOUND ? "org" : NULL;
    if (rc == 0 && ret_id)
        *ret_id = a.id;
    return rc;
}

/* ---- principals ---- */

/* Fill a user principal: admin flag, coordinator membership, display name. */
static int principal_for_user(struct cvd_store_tx *tx, int64_t user_id, struct cvd_arena *a,
                              struct cvd_principal *ret)
{
    struct cvd_user u;
    struct cvd_membership *ms = NULL;
    size_t n = 0;
    int rc = cvd_store_user_get(tx, user_id, a, &u);
    if (rc == 0)
        rc = cvd_store_membership_list_user(tx, user_id, a, &ms, &n);
    if (rc)
        return rc;
    *ret = (struct cvd_principal){.kind = CVD_PRINCIPAL_USER,
                                  .user_id = user_id,
                                  .is_admin = u.is_admin,
                                  .display = u.name.len ? u.name : u.email};
    for (size_t i = 0; i < n; i++) {
        if (ms[i].org_kind == CVD_ORG_COORDINATOR)
            ret->is_coordinator = true;
    }
    return 0;
}

/* ---- login, sessions, tokens ---- */

struct login_args {
    struct cvd_hub *h;
    struct cvd_str email_key, ip_key;
    bool success;
    int64_t user_id;
    struct cvd_store_session sess;
};

/* Failures are written whatever the outcome of the password check, so they count even when
 * the caller gives up; success clears the login name's failures and opens the session. */
static int login_write(struct cvd_store_tx *tx, void *arg)
{
    struct login_args *a = arg;
    int64_t now = cvd_store_tx_now(tx);
    struct cvd_principal p = {.kind = CVD_PRINCIPAL_ANONYMOUS};
    int rc;
    if (!a->success) {
        if ((rc = cvd_store_throttle_fail(tx, a->email_key, now)) ||
            (rc = cvd_store_throttle_fail(tx, a->ip_key, now)))
            return rc;
        return cvd__hub_event(tx, &p, "user.login_failed", "user", a->user_id, NULL, NULL,
                              CVD_STR(""));
    }
    p = (struct cvd_principal){.kind = CVD_PRINCIPAL_USER, .user_id = a->user_id};
    a->sess.created_at = now;
    a->sess.expires_at = now + a->h->session_seconds;
    if ((rc = cvd_store_throttle_clear(tx, a->email_key)) ||
        (rc = cvd_store_session_add(tx, &a->sess)))
        return rc;
    return cvd__hub_event(tx, &p, "user.login", "user", a->user_id, NULL, NULL, CVD_STR(""));
}

static int throttled(struct cvd_hub *h, struct cvd_store_tx *tx, struct cvd_str key, int64_t now,
                     int64_t *ret_retry_after)
{
    int64_t n = 0, oldest = 0;
    int rc = cvd_store_throttle_count(tx, key, now - h->login_window_seconds, &n, &oldest);
    if (rc)
        return rc;
    if (n < h->login_max_failures)
        return 0;
    int64_t wait = oldest + h->login_window_seconds - now;
    *ret_retry_after = wait > *ret_retry_after ? wait : *ret_retry_after;
    return CVD_ERATE;
}

int cvd_hub_login(struct cvd_hub *h, struct cvd_str email, struct cvd_str password,
                  struct cvd_str client, char session_text[CVD_SECRET_TEXT_MAX],
                  char csrf_text[CVD_SECRET_TEXT_MAX], int64_t *ret_retry_after,
                  struct cvd_diag *diag)
{
    char ekey[300], ikey[80];
    int elen = snprintf(ekey, sizeof(ekey), "email:%.*s", (int)(email.len > 254 ? 254 : email.len),
                        email.ptr);
    int ilen = snprintf(ikey, sizeof(ikey), "ip:%.*s", (int)(client.len > 64 ? 64 : client.len),
                        client.ptr);
    for (int i = 6; i < elen; i++)
        ekey[i] = (char)cvd_ascii_lower((unsigned char)ekey[i]);
    struct login_args a = {
        .h = h, .email_key = {ekey, (size_t)elen}, .ip_key = {ikey, (size_t)ilen}};
    int64_t retry = 0;
    struct cvd_arena arena;
    struct cvd_store_tx *tx;
    struct cvd_user user;
    cvd_arena_init(&arena, 1u << 16);
    int rc = cvd_store_read_begin(h->store, &tx, diag);
    if (rc) {
        cvd_arena_release(&arena);
        return rc;
    }
    int64_t now = cvd_store_tx_now(tx);
    int t1 = throttled(h, tx, a.email_key, now, &retry);
    int t2 = throttled(h, tx, a.ip_key, now, &retry);
    int found = cvd_store_user_get_by_email(tx, email, &arena, &user);
    cvd_store_read_end(tx);
    if (t1 && t1 != CVD_ERATE)
        rc = t1;
    else if (t2 && t2 != CVD_ERATE)
        rc = t2;
    else if (found && found != CVD_ENOTFOUND)
        rc = found;
    if (rc) {
        cvd_arena_release(&arena);
        return cvd_diag_set(diag, rc, "cannot check the login");
    }
    if (t1 == CVD_ERATE || t2 == CVD_ERATE) {
        cvd_arena_release(&arena);
        if (ret_retry_after)
            *ret_retry_after = retry > 0 ? retry : 1;
        return cvd_diag_set(diag, CVD_ERATE, "too many failed logins; try again later");
    }
    /* The same argon2id work for an unknown name as for a wrong password. */
    const char *hash = found == 0 && user.password_hash.len > 0 ? user.password_hash.ptr : NULL;
    a.success = cvd_auth_password_verify(hash, password) == 0;
    a.user_id = found == 0 ? user.id : 0;
    cvd_arena_release(&arena);
    if (a.success) {
        rc = cvd_auth_secret_new(CVD_SECRET_PREFIX_SESSION, session_text, a.sess.token_hash);
        if (rc)
            return cvd_diag_set(diag, rc, "cannot make a session");
        cvd_auth_csrf_token(cvd_str_from_cstr(session_text), csrf_text);
        cvd_auth_secret_hash(cvd_str_from_cstr(csrf_text), a.sess.csrf_hash);
        a.sess.user_id = a.user_id;
    }
    rc = cvd_store_write(h->store, login_write, &a, diag);
    if (rc)
        return rc;
    if (!a.success)
        return cvd_diag_set(diag, CVD_EAUTH, "wrong e-mail address or password");
    return 0;
}

int cvd_hub_session(struct cvd_hub *h, struct cvd_str session_text, struct cvd_arena *a,
                    struct cvd_principal *ret, unsigned char ret_csrf_hash[CVD_SECRET_HASH_BYTES])
{
    if (!cvd_auth_secret_is_well_formed(session_text, CVD_SECRET_PREFIX_SESSION))
        return CVD_EAUTH;
    struct cvd_store_session sess;
    struct cvd_store_tx *tx;
    cvd_auth_secret_hash(session_text, sess.token_hash);
    uint64_t gen = cvd_store_generation(h->store);
    int64_t now = cvd_clock_now(&h->clock);
    if (cvd__auth_cache_get(h->auth_cache, CVD__AUTH_SESSION, sess.token_hash, gen, now, a, ret,
                            ret_csrf_hash))
        return 0;
    int rc = cvd_store_read_begin(h->store, &tx, NULL);
    if (rc)
        return rc;
    rc = cvd_store_session_get(tx, sess.token_hash, &sess);
    if (rc == 0)
        rc = principal_for_user(tx, sess.user_id, a, ret);
    cvd_store_read_end(tx);
    if (rc == CVD_ENOTFOUND)
        return CVD_EAUTH;
    if (rc)
        return rc;
    cvd__auth_cache_put(h->auth_cache, CVD__AUTH_SESSION, sess.token_hash, gen, now,
                        sess.expires_at, ret, sess.csrf_hash);
    if (ret_csrf_hash)
        memcpy(ret_csrf_hash, sess.csrf_hash, CVD_SECRET_HASH_BYTES);
    return 0;
}

struct logout_args {
    unsigned char hash[CVD_SECRET_HASH_BYTES];
    int64_t user_id;
};

static int logout_write(struct cvd_store_tx *tx, void *arg)
{
    struct logout_args *a = arg;
    struct cvd_store_session sess;
    int rc = cvd_store_session_get(tx, a->hash, &sess);
    if (rc == CVD_ENOTFOUND)
        return 0;
    if (rc == 0)
        rc = cvd_store_session_delete(tx, a->hash);
    if (rc)
        return rc;
    struct cvd_principal p = {.kind = CVD_PRINCIPAL_USER, .user_id = sess.user_id};
    return cvd__hub_event(tx, &p, "user.logout", "user", sess.user_id, NULL, NULL, CVD_STR(""));
}

int cvd_hub_logout(struct cvd_hub *h, struct cvd_str session_text)
{
    struct logout_args a = {0};
    cvd_auth_secret_hash(session_text, a.hash);
    return cvd_store_write(h->store, logout_write, &a, NULL);
}

struct token_args {
    const struct cvd_principal *p;
    struct cvd_store_token tok;
    int64_t id;
};

static int token_write(struct cvd_store_tx *tx, void *arg)
{
    struct token_args *a = arg;
    int rc = cvd_store_token_add(tx, &a->tok, &a->id);
    if (rc)
        return rc;
    return cvd__hub_event(tx, a->p, "token.created", "token", a->id, NULL, NULL, CVD_STR(""));
}

int cvd_hub_token_create(struct cvd_hub *h, const struct cvd_principal *p, struct cvd_str name,
                         char text[CVD_SECRET_TEXT_MAX], int64_t *ret_id, struct cvd_diag *diag)
{
    if (p == NULL || p->kind != CVD_PRINCIPAL_USER)
        return cvd_diag_set(diag, CVD_EAUTH, "API tokens belong to a logged-in user");
    int rc = cvd_text_check(name, 200, CVD_TEXT_REQUIRED, "name", diag);
    if (rc)
        return rc;
    struct token_args a = {.p = p, .tok = {.user_id = p->user_id, .name = name}};
    if ((rc = cvd_auth_secret_new(CVD_SECRET_PREFIX_API, text, a.tok.token_hash)))
        return cvd_diag_set(diag, rc, "cannot make a token");
    rc = cvd_store_write(h->store, token_write, &a, diag);
    if (rc == 0 && ret_id)
        *ret_id = a.id;
    return rc;
}

int cvd_hub_token_auth(struct cvd_hub *h, struct cvd_str token_text, struct cvd_arena *a,
                       struct cvd_principal *ret)
{
    if (!cvd_auth_secret_is_well_formed(token_text, CVD_SECRET_PREFIX_API))
        return CVD_EAUTH;
    unsigned char hash[CVD_SECRET_HASH_BYTES];
    struct cvd_store_token tok;
    struct cvd_store_tx *tx;
    cvd_auth_secret_hash(token_text, hash);
    uint64_t gen = cvd_store_generation(h->store);
    int64_t now = cvd_clock_now(&h->clock);
    if (cvd__auth_cache_get(h->auth_cache, CVD__AUTH_TOKEN, hash, gen, now, a, ret, NULL))
        return 0;
    int rc = cvd_store_read_begin(h->store, &tx, NULL);
    if (rc)
        return rc;
    rc = cvd_store_token_get_by_hash(tx, hash, a, &tok);
    if (rc == 0)
        rc = principal_for_user(tx, tok.user_id, a, ret);
    cvd_store_read_end(tx);
    if (rc == 0)
        cvd__auth_cache_put(h->auth_cache, CVD__AUTH_TOKEN, hash, gen, now, INT64_MAX, ret, NULL);
    return rc == CVD_ENOTFOUND ? CVD_EAUTH : rc;
}
