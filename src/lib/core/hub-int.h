/* Internals shared by the use-case files (hub.c, accounts.c, reports.c, cases.c). */
#ifndef CVD_CORE_HUB_INT_H
#define CVD_CORE_HUB_INT_H

#include <pthread.h>

#include "cvd/auth.h"
#include "cvd/core.h"
#include "cvd/store.h"

struct cvd__auth_cache;

struct cvd_hub {
    struct cvd_store *store;
    struct cvd_clock clock;
    struct cvd_policy policy;
    enum cvd_password_cost password_cost;
    int64_t session_seconds;
    int login_max_failures;
    int64_t login_window_seconds;
    char *instance_name;
    char *base_url;
    struct cvd__auth_cache *auth_cache;
};

/* ---- the principals of recent secrets (authcache.c) ---- */

#define CVD__AUTH_CACHE_SECONDS     1
#define CVD__AUTH_CACHE_DISPLAY_MAX 256

enum cvd__auth_kind { CVD__AUTH_SESSION, CVD__AUTH_TOKEN };

int cvd__auth_cache_new(struct cvd__auth_cache **ret);
void cvd__auth_cache_free(struct cvd__auth_cache *c);

/** The principal cached for this secret hash, if it was read at this store generation, at
 * most CVD__AUTH_CACHE_SECONDS before now, and (sessions) has not expired; display is copied
 * into a. */
bool cvd__auth_cache_get(struct cvd__auth_cache *c, enum cvd__auth_kind kind,
                         const unsigned char *hash, uint64_t generation, int64_t now,
                         struct cvd_arena *a, struct cvd_principal *ret,
                         unsigned char ret_csrf_hash[CVD_SECRET_HASH_BYTES]);

/** Remember p for the hash, read from the store at generation (taken before the read). */
void cvd__auth_cache_put(struct cvd__auth_cache *c, enum cvd__auth_kind kind,
                         const unsigned char *hash, uint64_t generation, int64_t now,
                         int64_t expires_at, const struct cvd_principal *p,
                         const unsigned char *csrf_hash);

/** "user:12", "reporter", "system" or "anonymous": the actor column of audit events. */
struct cvd_str cvd__hub_actor(const struct cvd_principal *p, char buf[32]);

/** Is p allowed to handle reports and cases (a coordinator, an admin, or the system)? */
bool cvd__hub_is_handler(const struct cvd_principal *p);

/** CVD_EAUTH for an anonymous principal, CVD_EDENIED for one who may not handle reports. */
int cvd__hub_need_handler(const struct cvd_principal *p, struct cvd_diag *diag);

/** Append an audit event on tx with the principal as actor. data may be empty. */
int cvd__hub_event(struct cvd_store_tx *tx, const struct cvd_principal *p, const char *type,
                   const char *object_kind, int64_t object_id, const char *before,
                   const char *after, struct cvd_str data);

#endif
