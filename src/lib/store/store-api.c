/* The public operations: check arguments, fill defaults, dispatch to the backend. Also the
 * fixed text the store keeps for each enum value. */
#include "store-int.h"

#include <sodium.h>
#include <string.h>

#include "cvd/alloc.h"

/* ---- enum values as stored text (never change a text: rows hold it) ---- */

static const char *const tlp_names[] = {
    [CVD_TLP_CLEAR] = "CLEAR", [CVD_TLP_GREEN] = "GREEN",
    [CVD_TLP_AMBER] = "AMBER", [CVD_TLP_AMBER_STRICT] = "AMBER+STRICT",
    [CVD_TLP_RED] = "RED",
};
static const char *const org_kind_names[] = {
    [CVD_ORG_COORDINATOR] = "coordinator",
    [CVD_ORG_VENDOR] = "vendor",
    [CVD_ORG_RESEARCHER] = "researcher",
    [CVD_ORG_OPERATOR] = "operator",
};
static const char *const role_names[] = {
    [CVD_ROLE_MEMBER] = "member",
    [CVD_ROLE_ADMIN] = "admin",
};
static const char *const report_state_names[] = {
    [CVD_REPORT_RECEIVED] = "received", [CVD_REPORT_INVALID] = "invalid",
    [CVD_REPORT_VALID] = "valid",       [CVD_REPORT_ACCEPTED] = "accepted",
    [CVD_REPORT_DEFERRED] = "deferred", [CVD_REPORT_CLOSED] = "closed",
};
static const char *const invalid_reason_names[] = {
    [CVD_INVALID_NONE] = "none",
    [CVD_INVALID_OUT_OF_SCOPE] = "out_of_scope",
    [CVD_INVALID_NOT_A_VULNERABILITY] = "not_a_vulnerability",
    [CVD_INVALID_INSUFFICIENT_INFORMATION] = "insufficient_information",
    [CVD_INVALID_OBSOLETE_PRODUCT] = "obsolete_product",
    [CVD_INVALID_OTHER_VENDOR_ONLY] = "other_vendor_only",
};
static const char *const channel_names[] = {
    [CVD_CHANNEL_WEB] = "web",
    [CVD_CHANNEL_API] = "api",
    [CVD_CHANNEL_EMAIL] = "email",
    [CVD_CHANNEL_REFERRAL] = "referral",
};
static const char *const answer_names[] = {
    [CVD_ANSWER_UNKNOWN] = "unknown",
    [CVD_ANSWER_NO] = "no",
    [CVD_ANSWER_YES] = "yes",
};
static const char *const case_state_names[] = {
    [CVD_CASE_VALID] = "valid",
    [CVD_CASE_ACCEPTED] = "accepted",
    [CVD_CASE_DEFERRED] = "deferred",
    [CVD_CASE_CLOSED] = "closed",
};
static const char *const author_names[] = {
    [CVD_AUTHOR_REPORTER] = "reporter",
    [CVD_AUTHOR_COORDINATOR] = "coordinator",
    [CVD_AUTHOR_SYSTEM] = "system",
};

#define STORE_ENUM(var, what, names)                                                               \
    const struct cvd__store_enum var = {what, names, (int)CVD_ARRAY_LEN(names)}

STORE_ENUM(cvd__store_tlp, "TLP label", tlp_names);
STORE_ENUM(cvd__store_org_kind, "organisation kind", org_kind_names);
STORE_ENUM(cvd__store_role, "member role", role_names);
STORE_ENUM(cvd__store_report_state, "report state", report_state_names);
STORE_ENUM(cvd__store_invalid_reason, "invalid reason", invalid_reason_names);
STORE_ENUM(cvd__store_channel, "channel", channel_names);
STORE_ENUM(cvd__store_answer, "answer", answer_names);
STORE_ENUM(cvd__store_case_state, "case state", case_state_names);
STORE_ENUM(cvd__store_author, "message author", author_names);

const char *cvd__store_enum_name(const struct cvd__store_enum *e, int v)
{
    if (v < 0 || v >= e->n)
        return NULL;
    return e->names[v];
}

int cvd__store_enum_value(const struct cvd__store_enum *e, const char *p, size_t len, int *ret)
{
    for (int i = 0; i < e->n; i++) {
        const char *name = e->names[i];
        if (name != NULL && strlen(name) == len && (len == 0 || memcmp(name, p, len) == 0)) {
            *ret = i;
            return 0;
        }
    }
    return CVD_EDB;
}

/* ---- argument checks ---- */

/* A tx that may run this operation: any for reads, a write tx for writes. */
int cvd__store_need(struct cvd_store_tx *tx, bool write, const char *what)
{
    if (tx == NULL)
        return CVD_EINVAL;
    if (write && !tx->write)
        return cvd__store_fail(tx, CVD_EINVAL, "cannot %s: this is a read transaction", what);
    return 0;
}

int cvd__store_bad_arg(struct cvd_store_tx *tx, const char *what, const char *why)
{
    return cvd__store_fail(tx, CVD_EINVAL, "cannot %s: %s", what, why);
}

int cvd__store_check_enum(struct cvd_store_tx *tx, const struct cvd__store_enum *e, int v,
                          const char *what)
{
    if (cvd__store_enum_name(e, v) != NULL)
        return 0;
    return cvd__store_fail(tx, CVD_EINVAL, "cannot %s: invalid %s %d", what, e->what, v);
}

struct cvd_str cvd__store_or_empty(struct cvd_str s)
{
    return s.ptr != NULL ? s : CVD_STR("");
}

/* The year (UTC) of time t, for the per-year identifiers (the model's rule: 1970-9999). */
static int year_of(struct cvd_store_tx *tx, int64_t t, int *ret, const char *what)
{
    if (cvd_id_year(t, ret) != 0)
        return cvd__store_fail(tx, CVD_ERANGE, "cannot %s: time %lld is outside years %d-%d", what,
                               (long long)t, CVD_ID_YEAR_MIN, CVD_ID_YEAR_MAX);
    return 0;
}

_Static_assert(CVD_STORE_ID_MAX >= CVD_TRACKING_ID_SIZE && CVD_STORE_ID_MAX >= CVD_CASE_ID_SIZE,
               "identifier buffer");

#define OPS(tx) ((tx)->store->ops)

/* ---- organisations, users, memberships ---- */

int cvd_store_org_add(struct cvd_store_tx *tx, const struct cvd_org *org, int64_t *ret_id)
{
    static const char what[] = "add organisation";
    int rc = cvd__store_need(tx, true, what);
    if (rc)
        return rc;
    if (org == NULL || ret_id == NULL || org->name.len == 0)
        return cvd__store_bad_arg(tx, what, "no organisation or no name");
    rc = cvd__store_check_enum(tx, &cvd__store_org_kind, (int)org->kind, what);
    if (rc)
        return rc;
    struct cvd_org o = *org;
    if (o.created_at == 0)
        o.created_at = tx->now;
    return OPS(tx)->org_add(tx, &o, ret_id);
}

int cvd_store_org_get(struct cvd_store_tx *tx, int64_t id, struct cvd_arena *a, struct cvd_org *ret)
{
    int rc = cvd__store_need(tx, false, "read organisation");
    if (rc)
        return rc;
    if (a == NULL || ret == NULL)
        return cvd__store_bad_arg(tx, "read organisation", "no arena or no result");
    return OPS(tx)->org_get(tx, id, CVD_STR(""), a, ret);
}

int cvd_store_org_get_by_name(struct cvd_store_tx *tx, struct cvd_str name, struct cvd_arena *a,
                              struct cvd_org *ret)
{
    int rc = cvd__store_need(tx, false, "read organisation");
    if (rc)
        return rc;
    if (a == NULL || ret == NULL || name.len == 0)
        return cvd__store_bad_arg(tx, "read organisation", "no name, arena or result");
    return OPS(tx)->org_get(tx, 0, name, a, ret);
}

int cvd_store_org_list(struct cvd_store_tx *tx, struct cvd_arena *a, struct cvd_org **ret,
                       size_t *ret_n)
{
    int rc = cvd__store_need(tx, false, "list organisations");
    if (rc)
        return rc;
    if (a == NULL || ret == NULL || ret_n == NULL)
        return cvd__store_bad_arg(tx, "list organisations", "no arena or no result");
    return OPS(tx)->org_list(tx, a, ret, ret_n);
}

/* email with ASCII letters lower-cased, in a heap copy (free with cvd_free). */
static int lower_email(struct cvd_store_tx *tx, struct cvd_str email, char **ret, const char *what)
{
    char *p = cvd_malloc(email.len + 1);
    if (p == NULL)
        return cvd__store_fail(tx, CVD_ENOMEM, "cannot %s: out of memory", what);
    for (size_t i = 0; i < email.len; i++)
        p[i] = (char)cvd_ascii_lower((unsigned char)email.ptr[i]);
    p[email.len] = '\0';
    *ret = p;
    return 0;
}

int cvd_store_user_add(struct cvd_store_tx *tx, const struct cvd_user *user, int64_t *ret_id)
{
    static const char what[] = "add user";
    int rc = cvd__store_need(tx, true, what);
    if (rc)
        return rc;
    if (user == NULL || ret_id == NULL || user->email.len == 0)
        return cvd__store_bad_arg(tx, what, "no user or no email");
    char *email;
    rc = lower_email(tx, user->email, &email, what);
    if (rc)
        return rc;
    struct cvd_user u = *user;
    u.email = (struct cvd_str){email, user->email.len};
    u.name = cvd__store_or_empty(u.name);
    u.password_hash = cvd__store_or_empty(u.password_hash);
    if (u.created_at == 0)
        u.created_at = tx->now;
    rc = OPS(tx)->user_add(tx, &u, ret_id);
    cvd_free(email);
    return rc;
}

int cvd_store_user_get(struct cvd_store_tx *tx, int64_t id, struct cvd_arena *a,
                       struct cvd_user *ret)
{
    int rc = cvd__store_need(tx, false, "read user");
    if (rc)
        return rc;
    if (a == NULL || ret == NULL)
        return cvd__store_bad_arg(tx, "read user", "no arena or no result");
    return OPS(tx)->user_get(tx, id, CVD_STR(""), a, ret);
}

int cvd_store_user_get_by_email(struct cvd_store_tx *tx, struct cvd_str email, struct cvd_arena *a,
                                struct cvd_user *ret)
{
    static const char what[] = "read user";
    int rc = cvd__store_need(tx, false, what);
    if (rc)
        return rc;
    if (a == NULL || ret == NULL || email.len == 0)
        return cvd__store_bad_arg(tx, what, "no email, arena or result");
    char *lower;
    rc = lower_email(tx, email, &lower, what);
    if (rc)
        return rc;
    rc = OPS(tx)->user_get(tx, 0, (struct cvd_str){lower, email.len}, a, ret);
    cvd_free(lower);
    return rc;
}

int cvd_store_user_list(struct cvd_store_tx *tx, struct cvd_arena *a, struct cvd_user **ret,
                        size_t *ret_n)
{
    int rc = cvd__store_need(tx, false, "list users");
    if (rc)
        return rc;
    if (a == NULL || ret == NULL || ret_n == NULL)
        return cvd__store_bad_arg(tx, "list users", "no arena or no result");
    return OPS(tx)->user_list(tx, a, ret, ret_n);
}

int cvd_store_user_count(struct cvd_store_tx *tx, int64_t *ret_n)
{
    int rc = cvd__store_need(tx, false, "count users");
    if (rc)
        return rc;
    if (ret_n == NULL)
        return cvd__store_bad_arg(tx, "count users", "no result");
    return OPS(tx)->user_count(tx, ret_n);
}

int cvd_store_user_update(struct cvd_store_tx *tx, const struct cvd_user *user)
{
    static const char what[] = "update user";
    int rc = cvd__store_need(tx, true, what);
    if (rc)
        return rc;
    if (user == NULL || user->id <= 0)
        return cvd__store_bad_arg(tx, what, "no user id");
    struct cvd_user u = *user;
    u.name = cvd__store_or_empty(u.name);
    u.password_hash = cvd__store_or_empty(u.password_hash);
    return OPS(tx)->user_update(tx, &u);
}

int cvd_store_membership_add(struct cvd_store_tx *tx, const struct cvd_membership *m)
{
    static const char what[] = "add membership";
    int rc = cvd__store_need(tx, true, what);
    if (rc)
        return rc;
    if (m == NULL || m->user_id <= 0 || m->org_id <= 0)
        return cvd__store_bad_arg(tx, what, "no user or no organisation");
    rc = cvd__store_check_enum(tx, &cvd__store_role, (int)m->role, what);
    if (rc)
        return rc;
    return OPS(tx)->membership_add(tx, m);
}

int cvd_store_membership_list_user(struct cvd_store_tx *tx, int64_t user_id, struct cvd_arena *a,
                                   struct cvd_membership **ret, size_t *ret_n)
{
    int rc = cvd__store_need(tx, false, "list memberships");
    if (rc)
        return rc;
    if (a == NULL || ret == NULL || ret_n == NULL || user_id <= 0)
        return cvd__store_bad_arg(tx, "list memberships", "no user, arena or result");
    return OPS(tx)->membership_list(tx, user_id, 0, a, ret, ret_n);
}

int cvd_store_membership_list_org(struct cvd_store_tx *tx, int64_t org_id, struct cvd_arena *a,
                                  struct cvd_membership **ret, size_t *ret_n)
{
    int rc = cvd__store_need(tx, false, "list members");
    if (rc)
        return rc;
    if (a == NULL || ret == NULL || ret_n == NULL || org_id <= 0)
        return cvd__store_bad_arg(tx, "list members", "no organisation, arena or result");
    return OPS(tx)->membership_list(tx, 0, org_id, a, ret, ret_n);
}

/* ---- sessions, tokens, throttling ---- */

int cvd_store_session_add(struct cvd_store_tx *tx, const struct cvd_store_session *sess)
{
    static const char what[] = "add session";
    int rc = cvd__store_need(tx, true, what);
    if (rc)
        return rc;
    if (sess == NULL || sess->user_id <= 0)
        return cvd__store_bad_arg(tx, what, "no session or no user");
    struct cvd_store_session copy = *sess;
    if (copy.created_at == 0)
        copy.created_at = tx->now;
    return OPS(tx)->session_add(tx, &copy);
}

int cvd_store_session_get(struct cvd_store_tx *tx,
                          const unsigned char token_hash[CVD_STORE_HASH_BYTES],
                          struct cvd_store_session *ret)
{
    int rc = cvd__store_need(tx, false, "read session");
    if (rc)
        return rc;
    if (token_hash == NULL || ret == NULL)
        return cvd__store_bad_arg(tx, "read session", "no hash or no result");
    return OPS(tx)->session_get(tx, token_hash, ret);
}

int cvd_store_session_delete(struct cvd_store_tx *tx,
                             const unsigned char token_hash[CVD_STORE_HASH_BYTES])
{
    int rc = cvd__store_need(tx, true, "delete session");
    if (rc)
        return rc;
    if (token_hash == NULL)
        return cvd__store_bad_arg(tx, "delete session", "no hash");
    int64_t n = 0;
    rc = OPS(tx)->session_delete(tx, token_hash, 0, false, &n);
    if (rc == 0 && n == 0)
        rc = cvd__store_fail(tx, CVD_ENOTFOUND, "cannot delete session: no such session");
    return rc;
}

int cvd_store_session_delete_user(struct cvd_store_tx *tx, int64_t user_id, int64_t *ret_n)
{
    int rc = cvd__store_need(tx, true, "delete sessions");
    if (rc)
        return rc;
    if (user_id <= 0)
        return cvd__store_bad_arg(tx, "delete sessions", "no user");
    int64_t n = 0;
    rc = OPS(tx)->session_delete(tx, NULL, user_id, false, &n);
    if (rc == 0 && ret_n != NULL)
        *ret_n = n;
    return rc;
}

int cvd_store_session_delete_expired(struct cvd_store_tx *tx, int64_t *ret_n)
{
    int rc = cvd__store_need(tx, true, "delete expired sessions");
    if (rc)
        return rc;
    int64_t n = 0;
    rc = OPS(tx)->session_delete(tx, NULL, 0, true, &n);
    if (rc == 0 && ret_n != NULL)
        *ret_n = n;
    return rc;
}

int cvd_store_token_add(struct cvd_store_tx *tx, const struct cvd_store_token *tok, int64_t *ret_id)
{
    static const char what[] = "add API token";
    int rc = cvd__store_need(tx, true, what);
    if (rc)
        return rc;
    if (tok == NULL || ret_id == NULL || tok->user_id <= 0)
        return cvd__store_bad_arg(tx, what, "no token or no user");
    struct cvd_store_token t = *tok;
    t.name = cvd__store_or_empty(t.name);
    if (t.created_at == 0)
        t.created_at = tx->now;
    return OPS(tx)->token_add(tx, &t, ret_id);
}

int cvd_store_token_get_by_hash(struct cvd_store_tx *tx,
                                const unsigned char hash[CVD_STORE_HASH_BYTES], struct cvd_arena *a,
                                struct cvd_store_token *ret)
{
    int rc = cvd__store_need(tx, false, "read API token");
    if (rc)
        return rc;
    if (hash == NULL || a == NULL || ret == NULL)
        return cvd__store_bad_arg(tx, "read API token", "no hash, arena or result");
    return OPS(tx)->token_get(tx, hash, a, ret);
}

int cvd_store_token_list_user(struct cvd_store_tx *tx, int64_t user_id, struct cvd_arena *a,
                              struct cvd_store_token **ret, size_t *ret_n)
{
    int rc = cvd__store_need(tx, false, "list API tokens");
    if (rc)
        return rc;
    if (user_id <= 0 || a == NULL || ret == NULL || ret_n == NULL)
        return cvd__store_bad_arg(tx, "list API tokens", "no user, arena or result");
    return OPS(tx)->token_list(tx, user_id, a, ret, ret_n);
}

int cvd_store_token_revoke(struct cvd_store_tx *tx, int64_t id)
{
    int rc = cvd__store_need(tx, true, "revoke API token");
    if (rc)
        return rc;
    return OPS(tx)->token_set(tx, id, true, 0);
}

int cvd_store_token_touch(struct cvd_store_tx *tx, int64_t id, int64_t at)
{
    int rc = cvd__store_need(tx, true, "record API token use");
    if (rc)
        return rc;
    return OPS(tx)->token_set(tx, id, false, at);
}

int cvd_store_throttle_fail(struct cvd_store_tx *tx, struct cvd_str key, int64_t at)
{
    int rc = cvd__store_need(tx, true, "record login failure");
    if (rc)
        return rc;
    if (key.len == 0)
        return cvd__store_bad_arg(tx, "record login failure", "no key");
    return OPS(tx)->throttle_fail(tx, key, at);
}

int cvd_store_throttle_count(struct cvd_store_tx *tx, struct cvd_str key, int64_t since,
                             int64_t *ret_n, int64_t *ret_oldest_at)
{
    int rc = cvd__store_need(tx, false, "count login failures");
    if (rc)
        return rc;
    if (key.len == 0 || ret_n == NULL)
        return cvd__store_bad_arg(tx, "count login failures", "no key or no result");
    int64_t oldest = 0;
    rc = OPS(tx)->throttle_count(tx, key, since, ret_n, &oldest);
    if (rc == 0 && ret_oldest_at != NULL)
        *ret_oldest_at = oldest;
    return rc;
}

int cvd_store_throttle_clear(struct cvd_store_tx *tx, struct cvd_str key)
{
    int rc = cvd__store_need(tx, true, "clear login failures");
    if (rc)
        return rc;
    if (key.len == 0)
        return cvd__store_bad_arg(tx, "clear login failures", "no key");
    return OPS(tx)->throttle_clear(tx, key, 0, NULL);
}

int cvd_store_throttle_prune(struct cvd_store_tx *tx, int64_t before, int64_t *ret_n)
{
    int rc = cvd__store_need(tx, true, "prune login failures");
    if (rc)
        return rc;
    int64_t n = 0;
    rc = OPS(tx)->throttle_clear(tx, CVD_STR(""), before, &n);
    if (rc == 0 && ret_n != NULL)
        *ret_n = n;
    return rc;
}

/* ---- reports ---- */

static int check_report_enums(struct cvd_store_tx *tx, const struct cvd_report *r, const char *what)
{
    int rc = cvd__store_check_enum(tx, &cvd__store_report_state, (int)r->state, what);
    if (rc == 0)
        rc = cvd__store_check_enum(tx, &cvd__store_invalid_reason, (int)r->invalid_reason, what);
    if (rc == 0)
        rc = cvd__store_check_enum(tx, &cvd__store_channel, (int)r->channel, what);
    if (rc == 0)
        rc = cvd__store_check_enum(tx, &cvd__store_tlp, (int)r->tlp, what);
    if (rc == 0)
        rc = cvd__store_check_enum(tx, &cvd__store_answer, (int)r->vendor_contacted, what);
    if (rc == 0)
        rc = cvd__store_check_enum(tx, &cvd__store_answer, (int)r->publicly_known, what);
    if (rc == 0)
        rc = cvd__store_check_enum(tx, &cvd__store_answer, (int)r->exploited, what);
    return rc;
}

int cvd_store_report_insert(struct cvd_store_tx *tx, const struct cvd_report *r,
                            const unsigned char *followup_hash, int64_t *ret_id,
                            char ret_tracking_id[CVD_STORE_ID_MAX])
{
    static const char what[] = "insert report";
    int rc = cvd__store_need(tx, true, what);
    if (rc)
        return rc;
    if (r == NULL || ret_id == NULL || ret_tracking_id == NULL)
        return cvd__store_bad_arg(tx, what, "no report or no result");
    rc = check_report_enums(tx, r, what);
    if (rc)
        return rc;
    struct cvd_report c = *r;
    struct cvd_str *texts[] = {
        &c.title,       &c.product,       &c.versions,       &c.description,
        &c.impact,      &c.reproduction,  &c.how_found,      &c.disclosure_plans,
        &c.credit_name, &c.reporter_name, &c.reporter_email, &c.reporter_pgp_key,
    };
    for (size_t i = 0; i < CVD_ARRAY_LEN(texts); i++)
        *texts[i] = cvd__store_or_empty(*texts[i]);
    if (c.received_at == 0)
        c.received_at = tx->now;
    if (c.updated_at == 0)
        c.updated_at = c.received_at;
    int year;
    rc = year_of(tx, c.received_at, &year, what);
    if (rc)
        return rc;
    int64_t n;
    rc = OPS(tx)->counter_next(tx, "report", year, &n);
    if (rc)
        return rc;
    char id[CVD_STORE_ID_MAX];
    if (n <= 0 || cvd_tracking_id_format(year, (uint64_t)n, id, sizeof(id)) < 0)
        return cvd__store_fail(tx, CVD_ERANGE, "cannot %s: tracking number %lld out of range", what,
                               (long long)n);
    rc = OPS(tx)->report_insert(tx, &c, id, followup_hash, ret_id);
    if (rc == 0)
        memcpy(ret_tracking_id, id, sizeof(id));
    return rc;
}

int cvd_store_report_get(struct cvd_store_tx *tx, int64_t id, struct cvd_arena *a,
                         struct cvd_report *ret)
{
    int rc = cvd__store_need(tx, false, "read report");
    if (rc)
        return rc;
    if (a == NULL || ret == NULL)
        return cvd__store_bad_arg(tx, "read report", "no arena or no result");
    return OPS(tx)->report_get(tx, id, CVD_STR(""), NULL, a, ret);
}

int cvd_store_report_get_by_tracking_id(struct cvd_store_tx *tx, struct cvd_str tracking_id,
                                        struct cvd_arena *a, struct cvd_report *ret)
{
    int rc = cvd__store_need(tx, false, "read report");
    if (rc)
        return rc;
    if (a == NULL || ret == NULL || tracking_id.len == 0)
        return cvd__store_bad_arg(tx, "read report", "no tracking id, arena or result");
    return OPS(tx)->report_get(tx, 0, tracking_id, NULL, a, ret);
}

int cvd_store_report_get_by_followup(struct cvd_store_tx *tx,
                                     const unsigned char followup_hash[CVD_STORE_HASH_BYTES],
                                     struct cvd_arena *a, struct cvd_report *ret)
{
    int rc = cvd__store_need(tx, false, "read report");
    if (rc)
        return rc;
    if (a == NULL || ret == NULL || followup_hash == NULL)
        return cvd__store_bad_arg(tx, "read report", "no hash, arena or result");
    return OPS(tx)->report_get(tx, 0, CVD_STR(""), followup_hash, a, ret);
}

static int check_limit(struct cvd_store_tx *tx, size_t *limit, const char *what)
{
    if (*limit == 0)
        *limit = CVD_STORE_LIST_DEFAULT;
    if (*limit > CVD_STORE_LIST_MAX)
        return cvd__store_fail(tx, CVD_EINVAL, "cannot %s: limit %zu is over %d", what, *limit,
                               CVD_STORE_LIST_MAX);
    return 0;
}

static int check_report_filter(struct cvd_store_tx *tx, struct cvd_store_report_filter *f,
                               const char *what)
{
    if (f->states & ~((1u << CVD_STORE_REPORT_STATES) - 1))
        return cvd__store_bad_arg(tx, what, "unknown state in the filter");
    if (f->case_id < CVD_STORE_NO_CASE)
        return cvd__store_bad_arg(tx, what, "bad case id in the filter");
    if ((unsigned)f->order > (unsigned)CVD_STORE_ORDER_LAST_STATUS_ASC)
        return cvd__store_bad_arg(tx, what, "unknown order");
    if (f->offset > (size_t)INT64_MAX)
        return cvd__store_bad_arg(tx, what, "offset out of range");
    return check_limit(tx, &f->limit, what);
}

int cvd_store_report_list(struct cvd_store_tx *tx, const struct cvd_store_report_filter *f,
                          struct cvd_arena *a, struct cvd_report **ret, size_t *ret_n)
{
    static const char what[] = "list reports";
    int rc = cvd__store_need(tx, false, what);
    if (rc)
        return rc;
    if (a == NULL || ret == NULL || ret_n == NULL)
        return cvd__store_bad_arg(tx, what, "no arena or no result");
    struct cvd_store_report_filter copy = {0};
    if (f != NULL)
        copy = *f;
    rc = check_report_filter(tx, &copy, what);
    if (rc)
        return rc;
    return OPS(tx)->report_list(tx, &copy, a, ret, ret_n);
}

int cvd_store_report_count(struct cvd_store_tx *tx, const struct cvd_store_report_filter *f,
                           int64_t *ret_n)
{
    static const char what[] = "count reports";
    int rc = cvd__store_need(tx, false, what);
    if (rc)
        return rc;
    if (ret_n == NULL)
        return cvd__store_bad_arg(tx, what, "no result");
    struct cvd_store_report_filter copy = {0};
    if (f != NULL)
        copy = *f;
    copy.limit = 0;
    copy.offset = 0;
    rc = check_report_filter(tx, &copy, what);
    if (rc)
        return rc;
    return OPS(tx)->report_count(tx, &copy, ret_n);
}

int cvd_store_report_count_by_state(struct cvd_store_tx *tx, int64_t ret[CVD_STORE_REPORT_STATES])
{
    int rc = cvd__store_need(tx, false, "count reports");
    if (rc)
        return rc;
    if (ret == NULL)
        return cvd__store_bad_arg(tx, "count reports", "no result");
    return OPS(tx)->report_count_by_state(tx, ret);
}

int cvd_store_report_update(struct cvd_store_tx *tx, const struct cvd_report *r)
{
    static const char what[] = "update report";
    int rc = cvd__store_need(tx, true, what);
    if (rc)
        return rc;
    if (r == NULL || r->id <= 0)
        return cvd__store_bad_arg(tx, what, "no report id");
    rc = cvd__store_check_enum(tx, &cvd__store_report_state, (int)r->state, what);
    if (rc == 0)
        rc = cvd__store_check_enum(tx, &cvd__store_invalid_reason, (int)r->invalid_reason, what);
    if (rc)
        return rc;
    struct cvd_report c = *r;
    if (c.updated_at == 0)
        c.updated_at = tx->now;
    return OPS(tx)->report_update(tx, &c);
}

/* ---- attachments ---- */

int cvd_store_attachment_add(struct cvd_store_tx *tx, struct cvd_store_attachment *att)
{
    static const char what[] = "add attachment";
    int rc = cvd__store_need(tx, true, what);
    if (rc)
        return rc;
    if (att == NULL || att->report_id <= 0 || (att->data.ptr == NULL && att->data.len != 0))
        return cvd__store_bad_arg(tx, what, "no attachment or no report");
    if (att->data.len > (size_t)INT64_MAX)
        return cvd__store_bad_arg(tx, what, "too large");
    struct cvd_store_attachment c = *att;
    c.name = cvd__store_or_empty(c.name);
    c.content_type = cvd__store_or_empty(c.content_type);
    c.data = cvd__store_or_empty(c.data);
    c.size = (int64_t)c.data.len;
    crypto_hash_sha256(c.sha256, (const unsigned char *)c.data.ptr, c.data.len);
    if (c.created_at == 0)
        c.created_at = tx->now;
    int64_t id;
    rc = OPS(tx)->attachment_add(tx, &c, &id);
    if (rc)
        return rc;
    att->id = id;
    att->size = c.size;
    memcpy(att->sha256, c.sha256, sizeof(att->sha256));
    att->created_at = c.created_at;
    return 0;
}

int cvd_store_attachment_list(struct cvd_store_tx *tx, int64_t report_id, struct cvd_arena *a,
                              struct cvd_store_attachment **ret, size_t *ret_n)
{
    int rc = cvd__store_need(tx, false, "list attachments");
    if (rc)
        return rc;
    if (a == NULL || ret == NULL || ret_n == NULL)
        return cvd__store_bad_arg(tx, "list attachments", "no arena or no result");
    return OPS(tx)->attachment_list(tx, report_id, a, ret, ret_n);
}

int cvd_store_attachment_get(struct cvd_store_tx *tx, int64_t id, struct cvd_arena *a,
                             struct cvd_store_attachment *ret)
{
    int rc = cvd__store_need(tx, false, "read attachment");
    if (rc)
        return rc;
    if (a == NULL || ret == NULL)
        return cvd__store_bad_arg(tx, "read attachment", "no arena or no result");
    return OPS(tx)->attachment_get(tx, id, a, ret);
}

/* ---- cases, vulnerabilities ---- */

int cvd_store_case_insert(struct cvd_store_tx *tx, const struct cvd_case *c, int64_t *ret_id,
                          char ret_case_id[CVD_STORE_ID_MAX])
{
    static const char what[] = "insert case";
    int rc = cvd__store_need(tx, true, what);
    if (rc)
        return rc;
    if (c == NULL || ret_id == NULL || ret_case_id == NULL)
        return cvd__store_bad_arg(tx, what, "no case or no result");
    rc = cvd__store_check_enum(tx, &cvd__store_case_state, (int)c->state, what);
    if (rc == 0)
        rc = cvd__store_check_enum(tx, &cvd__store_tlp, (int)c->tlp, what);
    if (rc)
        return rc;
    struct cvd_case copy = *c;
    copy.title = cvd__store_or_empty(copy.title);
    if (copy.created_at == 0)
        copy.created_at = tx->now;
    int year;
    rc = year_of(tx, copy.created_at, &year, what);
    if (rc)
        return rc;
    int64_t n;
    rc = OPS(tx)->counter_next(tx, "case", year, &n);
    if (rc)
        return rc;
    char id[CVD_STORE_ID_MAX];
    if (n <= 0 || cvd_case_id_format(year, (uint64_t)n, id, sizeof(id)) < 0)
        return cvd__store_fail(tx, CVD_ERANGE, "cannot %s: case number %lld out of range", what,
                               (long long)n);
    rc = OPS(tx)->case_insert(tx, &copy, id, ret_id);
    if (rc == 0)
        memcpy(ret_case_id, id, sizeof(id));
    return rc;
}

int cvd_store_case_get(struct cvd_store_tx *tx, int64_t id, struct cvd_arena *a,
                       struct cvd_case *ret)
{
    int rc = cvd__store_need(tx, false, "read case");
    if (rc)
        return rc;
    if (a == NULL || ret == NULL)
        return cvd__store_bad_arg(tx, "read case", "no arena or no result");
    return OPS(tx)->case_get(tx, id, CVD_STR(""), a, ret);
}

int cvd_store_case_get_by_case_id(struct cvd_store_tx *tx, struct cvd_str case_id,
                                  struct cvd_arena *a, struct cvd_case *ret)
{
    int rc = cvd__store_need(tx, false, "read case");
    if (rc)
        return rc;
    if (a == NULL || ret == NULL || case_id.len == 0)
        return cvd__store_bad_arg(tx, "read case", "no case id, arena or result");
    return OPS(tx)->case_get(tx, 0, case_id, a, ret);
}

int cvd_store_case_list(struct cvd_store_tx *tx, const struct cvd_store_case_filter *f,
                        struct cvd_arena *a, struct cvd_case **ret, size_t *ret_n)
{
    static const char what[] = "list cases";
    int rc = cvd__store_need(tx, false, what);
    if (rc)
        return rc;
    if (a == NULL || ret == NULL || ret_n == NULL)
        return cvd__store_bad_arg(tx, what, "no arena or no result");
    struct cvd_store_case_filter copy = {0};
    if (f != NULL)
        copy = *f;
    if (copy.states & ~((1u << ((unsigned)CVD_CASE_CLOSED + 1)) - 1))
        return cvd__store_bad_arg(tx, what, "unknown state in the filter");
    if (copy.offset > (size_t)INT64_MAX)
        return cvd__store_bad_arg(tx, what, "offset out of range");
    rc = check_limit(tx, &copy.limit, what);
    if (rc)
        return rc;
    return OPS(tx)->case_list(tx, &copy, a, ret, ret_n);
}

int cvd_store_case_update(struct cvd_store_tx *tx, const struct cvd_case *c)
{
    static const char what[] = "update case";
    int rc = cvd__store_need(tx, true, what);
    if (rc)
        return rc;
    if (c == NULL || c->id <= 0)
        return cvd__store_bad_arg(tx, what, "no case id");
    rc = cvd__store_check_enum(tx, &cvd__store_case_state, (int)c->state, what);
    if (rc == 0)
        rc = cvd__store_check_enum(tx, &cvd__store_tlp, (int)c->tlp, what);
    if (rc)
        return rc;
    struct cvd_case copy = *c;
    copy.title = cvd__store_or_empty(copy.title);
    return OPS(tx)->case_update(tx, &copy);
}

static struct cvd_vuln vuln_texts(const struct cvd_vuln *v)
{
    struct cvd_vuln c = *v;
    c.title = cvd__store_or_empty(c.title);
    c.cve_id = cvd__store_or_empty(c.cve_id);
    c.cvss_vector = cvd__store_or_empty(c.cvss_vector);
    c.ssvc = cvd__store_or_empty(c.ssvc);
    return c;
}

int cvd_store_vuln_add(struct cvd_store_tx *tx, const struct cvd_vuln *v, int64_t *ret_id)
{
    static const char what[] = "add vulnerability";
    int rc = cvd__store_need(tx, true, what);
    if (rc)
        return rc;
    if (v == NULL || ret_id == NULL || v->case_id <= 0)
        return cvd__store_bad_arg(tx, what, "no vulnerability or no case");
    struct cvd_vuln c = vuln_texts(v);
    return OPS(tx)->vuln_add(tx, &c, ret_id);
}

int cvd_store_vuln_update(struct cvd_store_tx *tx, const struct cvd_vuln *v)
{
    static const char what[] = "update vulnerability";
    int rc = cvd__store_need(tx, true, what);
    if (rc)
        return rc;
    if (v == NULL || v->id <= 0)
        return cvd__store_bad_arg(tx, what, "no vulnerability id");
    struct cvd_vuln c = vuln_texts(v);
    return OPS(tx)->vuln_update(tx, &c);
}

int cvd_store_vuln_get(struct cvd_store_tx *tx, int64_t id, struct cvd_arena *a,
                       struct cvd_vuln *ret)
{
    int rc = cvd__store_need(tx, false, "read vulnerability");
    if (rc)
        return rc;
    if (a == NULL || ret == NULL)
        return cvd__store_bad_arg(tx, "read vulnerability", "no arena or no result");
    return OPS(tx)->vuln_get(tx, id, a, ret);
}

int cvd_store_vuln_list(struct cvd_store_tx *tx, int64_t case_id, struct cvd_arena *a,
                        struct cvd_vuln **ret, size_t *ret_n)
{
    int rc = cvd__store_need(tx, false, "list vulnerabilities");
    if (rc)
        return rc;
    if (a == NULL || ret == NULL || ret_n == NULL)
        return cvd__store_bad_arg(tx, "list vulnerabilities", "no arena or no result");
    return OPS(tx)->vuln_list(tx, case_id, a, ret, ret_n);
}

/* ---- messages ---- */

int cvd_store_message_add(struct cvd_store_tx *tx, const struct cvd_message *m, int64_t *ret_id)
{
    static const char what[] = "add message";
    int rc = cvd__store_need(tx, true, what);
    if (rc)
        return rc;
    if (m == NULL || ret_id == NULL || (m->report_id <= 0 && m->case_id <= 0))
        return cvd__store_bad_arg(tx, what, "no message, or neither report nor case");
    if (m->report_id < 0 || m->case_id < 0 || m->author_user < 0)
        return cvd__store_bad_arg(tx, what, "negative id");
    rc = cvd__store_check_enum(tx, &cvd__store_author, (int)m->author, what);
    if (rc == 0)
        rc = cvd__store_check_enum(tx, &cvd__store_tlp, (int)m->tlp, what);
    if (rc)
        return rc;
    struct cvd_message c = *m;
    c.body = cvd__store_or_empty(c.body);
    if (c.created_at == 0)
        c.created_at = tx->now;
    return OPS(tx)->message_add(tx, &c, ret_id);
}

int cvd_store_message_list_report(struct cvd_store_tx *tx, int64_t report_id, struct cvd_arena *a,
                                  struct cvd_message **ret, size_t *ret_n)
{
    int rc = cvd__store_need(tx, false, "list messages");
    if (rc)
        return rc;
    if (a == NULL || ret == NULL || ret_n == NULL || report_id <= 0)
        return cvd__store_bad_arg(tx, "list messages", "no report, arena or result");
    return OPS(tx)->message_list(tx, report_id, 0, a, ret, ret_n);
}

int cvd_store_message_list_case(struct cvd_store_tx *tx, int64_t case_id, struct cvd_arena *a,
                                struct cvd_message **ret, size_t *ret_n)
{
    int rc = cvd__store_need(tx, false, "list messages");
    if (rc)
        return rc;
    if (a == NULL || ret == NULL || ret_n == NULL || case_id <= 0)
        return cvd__store_bad_arg(tx, "list messages", "no case, arena or result");
    return OPS(tx)->message_list(tx, 0, case_id, a, ret, ret_n);
}
