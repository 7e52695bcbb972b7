/* The outbox and webhook operations: argument checks, default times, the stored text of the
 * outbox's enums, dispatch to the backend. */
#include "store-int.h"

#include <string.h>

/* ---- enum values as stored text (never change a text: rows hold it) ---- */

static const char *const outbox_kind_names[] = {
    [CVD_OUTBOX_MAIL] = "mail",
    [CVD_OUTBOX_WEBHOOK] = "webhook",
};
static const char *const outbox_state_names[] = {
    [CVD_OUTBOX_PENDING] = "pending",
    [CVD_OUTBOX_SENT] = "sent",
    [CVD_OUTBOX_DEAD] = "dead",
};

const struct cvd__store_enum cvd__store_outbox_kind = {"notification kind", outbox_kind_names,
                                                       (int)CVD_ARRAY_LEN(outbox_kind_names)};
const struct cvd__store_enum cvd__store_outbox_state = {"notification state", outbox_state_names,
                                                        (int)CVD_ARRAY_LEN(outbox_state_names)};

#define OPS(tx) ((tx)->store->ops)

static int check_limit(struct cvd_store_tx *tx, size_t *limit, const char *what)
{
    if (*limit == 0)
        *limit = CVD_STORE_LIST_DEFAULT;
    if (*limit > CVD_STORE_LIST_MAX)
        return cvd__store_fail(tx, CVD_EINVAL, "cannot %s: limit %zu is over %d", what, *limit,
                               CVD_STORE_LIST_MAX);
    return 0;
}

/* ---- outbox ---- */

int cvd_store_outbox_add(struct cvd_store_tx *tx, const struct cvd_store_outbox *o, int64_t *ret_id)
{
    static const char what[] = "queue notification";
    int rc = cvd__store_need(tx, true, what);
    if (rc)
        return rc;
    if (o == NULL)
        return cvd__store_bad_arg(tx, what, "no notification");
    if (cvd__store_enum_name(&cvd__store_outbox_kind, (int)o->kind) == NULL)
        return cvd__store_bad_arg(tx, what, "invalid kind");
    if (cvd__store_enum_name(&cvd__store_tlp, (int)o->tlp) == NULL)
        return cvd__store_bad_arg(tx, what, "invalid TLP label");
    if (o->dedupe_key.len == 0 || o->dedupe_key.len > CVD_STORE_OUTBOX_KEY_MAX)
        return cvd__store_bad_arg(tx, what, "the dedupe key is empty or too long");
    if (o->recipient.len == 0)
        return cvd__store_bad_arg(tx, what, "no recipient");
    if ((o->kind == CVD_OUTBOX_WEBHOOK) != (o->webhook_id > 0))
        return cvd__store_bad_arg(tx, what, "a webhook id goes with a webhook, and only with one");
    if (o->case_id < 0 || o->object_id < 0 || o->next_attempt_at < 0 || o->created_at < 0)
        return cvd__store_bad_arg(tx, what, "negative id or time");
    struct cvd_store_outbox c = *o;
    c.dedupe_key = cvd__store_or_empty(c.dedupe_key);
    c.recipient = cvd__store_or_empty(c.recipient);
    c.recipient_key = cvd__store_or_empty(c.recipient_key);
    c.subject = cvd__store_or_empty(c.subject);
    c.body = cvd__store_or_empty(c.body);
    c.path = cvd__store_or_empty(c.path);
    c.object_kind = cvd__store_or_empty(c.object_kind);
    if (c.created_at == 0)
        c.created_at = tx->now;
    if (c.next_attempt_at == 0)
        c.next_attempt_at = tx->now;
    return OPS(tx)->outbox_add(tx, &c, ret_id);
}

int cvd_store_outbox_claim(struct cvd_store_tx *tx, unsigned kinds, int64_t now,
                           int64_t lease_until, size_t max, struct cvd_arena *a,
                           struct cvd_store_outbox **ret, size_t *ret_n)
{
    static const char what[] = "claim notifications";
    int rc = cvd__store_need(tx, true, what);
    if (rc)
        return rc;
    if (a == NULL || ret == NULL || ret_n == NULL)
        return cvd__store_bad_arg(tx, what, "no arena or no result");
    if (kinds == 0 || (kinds & ~((1u << CVD_OUTBOX_MAIL) | (1u << CVD_OUTBOX_WEBHOOK))) != 0)
        return cvd__store_bad_arg(tx, what, "no or unknown kinds");
    if (max == 0 || max > CVD_STORE_LIST_MAX)
        return cvd__store_bad_arg(tx, what, "max out of range");
    if (lease_until <= now)
        return cvd__store_bad_arg(tx, what, "the lease must end after now");
    *ret = NULL;
    *ret_n = 0;
    return OPS(tx)->outbox_claim(tx, kinds, now, lease_until, max, a, ret, ret_n);
}

int cvd_store_outbox_mark_sent(struct cvd_store_tx *tx, int64_t id, int64_t at)
{
    static const char what[] = "mark notification sent";
    int rc = cvd__store_need(tx, true, what);
    if (rc)
        return rc;
    if (id <= 0 || at < 0)
        return cvd__store_bad_arg(tx, what, "bad id or time");
    return OPS(tx)->outbox_mark(tx, id, CVD_OUTBOX_SENT, 0, at ? at : tx->now, CVD_STR(""));
}

/* At most CVD_STORE_OUTBOX_ERROR_MAX bytes of s, not cutting a UTF-8 sequence. */
static struct cvd_str cut_error(struct cvd_str s)
{
    if (s.len <= CVD_STORE_OUTBOX_ERROR_MAX)
        return s;
    size_t n = CVD_STORE_OUTBOX_ERROR_MAX;
    while (n > 0 && ((unsigned char)s.ptr[n] & 0xC0) == 0x80)
        n--;
    return (struct cvd_str){s.ptr, n};
}

int cvd_store_outbox_mark_failed(struct cvd_store_tx *tx, int64_t id, int64_t attempts, bool dead,
                                 int64_t next_attempt_at, struct cvd_str error)
{
    static const char what[] = "record failed notification";
    int rc = cvd__store_need(tx, true, what);
    if (rc)
        return rc;
    if (id <= 0 || attempts <= 0 || next_attempt_at < 0)
        return cvd__store_bad_arg(tx, what, "bad id, attempts or time");
    return OPS(tx)->outbox_mark(tx, id, dead ? CVD_OUTBOX_DEAD : CVD_OUTBOX_PENDING, attempts,
                                next_attempt_at, cut_error(cvd__store_or_empty(error)));
}

int cvd_store_outbox_get(struct cvd_store_tx *tx, int64_t id, struct cvd_arena *a,
                         struct cvd_store_outbox *ret)
{
    int rc = cvd__store_need(tx, false, "read notification");
    if (rc)
        return rc;
    if (a == NULL || ret == NULL)
        return cvd__store_bad_arg(tx, "read notification", "no arena or no result");
    return OPS(tx)->outbox_get(tx, id, a, ret);
}

int cvd_store_outbox_list(struct cvd_store_tx *tx, const struct cvd_store_outbox_filter *f,
                          struct cvd_arena *a, struct cvd_store_outbox **ret, size_t *ret_n)
{
    static const char what[] = "list notifications";
    int rc = cvd__store_need(tx, false, what);
    if (rc)
        return rc;
    if (a == NULL || ret == NULL || ret_n == NULL)
        return cvd__store_bad_arg(tx, what, "no arena or no result");
    struct cvd_store_outbox_filter c = {.any_state = true};
    if (f != NULL)
        c = *f;
    if (!c.any_state && cvd__store_enum_name(&cvd__store_outbox_state, (int)c.state) == NULL)
        return cvd__store_bad_arg(tx, what, "unknown state in the filter");
    if (c.offset > (size_t)INT64_MAX)
        return cvd__store_bad_arg(tx, what, "offset out of range");
    if ((rc = check_limit(tx, &c.limit, what)))
        return rc;
    *ret = NULL;
    *ret_n = 0;
    return OPS(tx)->outbox_list(tx, &c, a, ret, ret_n);
}

int cvd_store_outbox_count(struct cvd_store_tx *tx, int64_t ret[CVD_STORE_OUTBOX_STATES])
{
    int rc = cvd__store_need(tx, false, "count notifications");
    if (rc)
        return rc;
    if (ret == NULL)
        return cvd__store_bad_arg(tx, "count notifications", "no result");
    return OPS(tx)->outbox_count(tx, ret);
}

/* ---- webhooks ---- */

int cvd_store_webhook_add(struct cvd_store_tx *tx, const struct cvd_store_webhook *w,
                          int64_t *ret_id)
{
    static const char what[] = "add webhook";
    int rc = cvd__store_need(tx, true, what);
    if (rc)
        return rc;
    if (w == NULL || w->org_id <= 0 || w->url.len == 0)
        return cvd__store_bad_arg(tx, what, "no organisation or no URL");
    if (w->secret.ptr == NULL || w->secret.len < 16 || w->secret.len > 1024)
        return cvd__store_bad_arg(tx, what, "the secret must be 16 to 1024 bytes");
    struct cvd_store_webhook c = *w;
    if (c.created_at == 0)
        c.created_at = tx->now;
    return OPS(tx)->webhook_add(tx, &c, ret_id);
}

int cvd_store_webhook_get(struct cvd_store_tx *tx, int64_t id, struct cvd_arena *a,
                          struct cvd_store_webhook *ret)
{
    int rc = cvd__store_need(tx, false, "read webhook");
    if (rc)
        return rc;
    if (a == NULL || ret == NULL)
        return cvd__store_bad_arg(tx, "read webhook", "no arena or no result");
    return OPS(tx)->webhook_get(tx, id, a, ret);
}

int cvd_store_webhook_list_org(struct cvd_store_tx *tx, int64_t org_id, bool enabled_only,
                               struct cvd_arena *a, struct cvd_store_webhook **ret, size_t *ret_n)
{
    int rc = cvd__store_need(tx, false, "list webhooks");
    if (rc)
        return rc;
    if (a == NULL || ret == NULL || ret_n == NULL)
        return cvd__store_bad_arg(tx, "list webhooks", "no arena or no result");
    *ret = NULL;
    *ret_n = 0;
    return OPS(tx)->webhook_list(tx, org_id, enabled_only, a, ret, ret_n);
}

int cvd_store_webhook_set_enabled(struct cvd_store_tx *tx, int64_t id, bool enabled)
{
    int rc = cvd__store_need(tx, true, "change webhook");
    if (rc)
        return rc;
    return OPS(tx)->webhook_set(tx, id, false, enabled);
}

int cvd_store_webhook_delete(struct cvd_store_tx *tx, int64_t id)
{
    int rc = cvd__store_need(tx, true, "delete webhook");
    if (rc)
        return rc;
    return OPS(tx)->webhook_set(tx, id, true, false);
}
