/* The hub's lifecycle and what every use case shares: who may do what, and the audit events
 * each write appends in its own transaction (INV01). */
#include "hub-int.h"

#include <stdio.h>
#include <string.h>

#include "cvd/alloc.h"

static char *dup_or_default(const char *s, const char *def)
{
    const char *v = s != NULL && s[0] != '\0' ? s : def;
    size_t n = strlen(v);
    char *p = cvd_malloc(n + 1);
    if (p != NULL)
        memcpy(p, v, n + 1);
    return p;
}

int cvd_hub_open(const struct cvd_hub_config *cfg, struct cvd_hub **ret, struct cvd_diag *diag)
{
    if (cfg == NULL || cfg->db_path == NULL || ret == NULL)
        return cvd_diag_set(diag, CVD_EINVAL, "invalid argument");
    int rc = cvd_auth_init();
    if (rc)
        return cvd_diag_set(diag, rc, "cannot start libsodium");
    struct cvd_hub *h = cvd_calloc(1, sizeof(*h));
    if (h == NULL)
        return cvd_diag_set(diag, CVD_ENOMEM, "out of memory");
    h->clock = cfg->clock != NULL ? *cfg->clock : cvd_clock_system;
    h->policy = cvd_policy_default;
    h->password_cost = cfg->password_cost;
    h->session_seconds = cfg->session_seconds > 0 ? cfg->session_seconds : 12 * 3600;
    h->login_max_failures = cfg->login_max_failures > 0 ? cfg->login_max_failures : 5;
    h->login_window_seconds = cfg->login_window_seconds > 0 ? cfg->login_window_seconds : 900;
    h->instance_name = dup_or_default(cfg->instance_name, "cvd");
    h->base_url = dup_or_default(cfg->base_url, "http://127.0.0.1:8080");
    if (h->instance_name == NULL || h->base_url == NULL ||
        cvd__auth_cache_new(&h->auth_cache) != 0) {
        cvd_hub_close(h);
        return cvd_diag_set(diag, CVD_ENOMEM, "out of memory");
    }
    /* Strip a final '/' so links join with one. */
    size_t bl = strlen(h->base_url);
    if (bl > 0 && h->base_url[bl - 1] == '/')
        h->base_url[bl - 1] = '\0';
    rc = cvd__hub_outbox_open(h, cfg, diag);
    if (rc) {
        cvd_hub_close(h);
        return rc;
    }
    rc = cvd_store_open(cfg->db_path, &h->clock,
                        CVD_STORE_CREATE | CVD_STORE_MIGRATE |
                            (cfg->group_commit ? CVD_STORE_GROUP_COMMIT : 0),
                        &h->store, diag);
    if (rc) {
        cvd_hub_close(h);
        return rc;
    }
    *ret = h;
    return 0;
}

void cvd_hub_close(struct cvd_hub *h)
{
    if (h == NULL)
        return;
    cvd__hub_outbox_close(h); /* the delivery thread uses the store */
    cvd_store_close(h->store);
    cvd__auth_cache_free(h->auth_cache);
    cvd_free(h->instance_name);
    cvd_free(h->base_url);
    cvd_free(h);
}

struct cvd_str cvd__hub_actor(const struct cvd_principal *p, char buf[32])
{
    switch (p->kind) {
    case CVD_PRINCIPAL_USER:
        snprintf(buf, 32, "user:%lld", (long long)p->user_id);
        return cvd_str_from_cstr(buf);
    case CVD_PRINCIPAL_REPORTER:
        return CVD_STR("reporter");
    case CVD_PRINCIPAL_SYSTEM:
        return CVD_STR("system");
    case CVD_PRINCIPAL_ANONYMOUS:
        break;
    }
    return CVD_STR("anonymous");
}

bool cvd__hub_is_handler(const struct cvd_principal *p)
{
    return p != NULL && (p->kind == CVD_PRINCIPAL_SYSTEM ||
                         (p->kind == CVD_PRINCIPAL_USER && (p->is_coordinator || p->is_admin)));
}

int cvd__hub_need_handler(const struct cvd_principal *p, struct cvd_diag *diag)
{
    if (p == NULL || p->kind == CVD_PRINCIPAL_ANONYMOUS)
        return cvd_diag_set(diag, CVD_EAUTH, "log in first");
    if (!cvd__hub_is_handler(p))
        return cvd_diag_set(diag, CVD_EDENIED, "only coordinators handle reports and cases");
    return 0;
}

int cvd__hub_event(struct cvd_store_tx *tx, const struct cvd_principal *p, const char *type,
                   const char *object_kind, int64_t object_id, const char *before,
                   const char *after, struct cvd_str data)
{
    char buf[32];
    struct cvd_event ev = {
        .actor = cvd__hub_actor(p, buf),
        .type = cvd_str_from_cstr(type),
        .object_kind = cvd_str_from_cstr(object_kind),
        .object_id = object_id,
        .before = before ? cvd_str_from_cstr(before) : CVD_STR(""),
        .after = after ? cvd_str_from_cstr(after) : CVD_STR(""),
        .data = data,
    };
    return cvd_store_event_append(tx, &ev);
}

int cvd_hub_audit_verify(struct cvd_hub *h, int64_t *ret_rows, int64_t *ret_bad_seq,
                         struct cvd_diag *diag)
{
    return cvd_store_audit_verify(h->store, ret_rows, ret_bad_seq, diag);
}

const char *cvd_hub_instance_name(const struct cvd_hub *h)
{
    return h->instance_name;
}

const char *cvd_hub_base_url(const struct cvd_hub *h)
{
    return h->base_url;
}
