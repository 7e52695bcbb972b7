/* Internals shared by the use-case files (hub.c, accounts.c, reports.c, cases.c). */
#ifndef CVD_CORE_HUB_INT_H
#define CVD_CORE_HUB_INT_H

#include "cvd/core.h"
#include "cvd/store.h"

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
};

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
