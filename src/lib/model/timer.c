/* Report timers (§2.6): which deadline runs next and whether it has passed. Time is an
 * argument (INV12); nothing here reads a clock. */
#include "cvd/model.h"

#include "cvd/checked.h"

const struct cvd_policy cvd_policy_default = {
    .ack_seconds = 7 * CVD_DAY_SECONDS,
    .status_seconds = 30 * CVD_DAY_SECONDS,
    .invalid_close_seconds = 30 * CVD_DAY_SECONDS,
    .deferred_close_seconds = 90 * CVD_DAY_SECONDS,
};

static int64_t period(int64_t v, int64_t dflt)
{
    return v > 0 ? v : dflt;
}

static int64_t max64(int64_t a, int64_t b)
{
    return a > b ? a : b;
}

/* start + len, saturating at INT64_MAX (len > 0). */
static int64_t due_after(int64_t start, int64_t len)
{
    int64_t sum;
    return cvd_i64_add(start, len, &sum) == 0 ? sum : INT64_MAX;
}

struct next {
    enum cvd_timer timer;
    int64_t due_at;
};

/* Keep the earlier of the two; on a tie the one already kept (the first in list order). */
static void consider(struct next *n, enum cvd_timer timer, int64_t due_at)
{
    if (n->timer == CVD_TIMER_NONE || due_at < n->due_at)
        *n = (struct next){timer, due_at};
}

bool cvd_report_due(const struct cvd_report *r, const struct cvd_policy *p, int64_t now,
                    enum cvd_timer *ret_timer, int64_t *ret_due_at)
{
    const struct cvd_policy *d = &cvd_policy_default;
    if (p == NULL)
        p = d;
    struct next n = {CVD_TIMER_NONE, 0};
    if (r != NULL && r->state != CVD_REPORT_CLOSED) {
        int64_t activity =
            max64(max64(r->received_at, r->acked_at), max64(r->last_status_at, r->updated_at));
        if (r->acked_at == 0)
            consider(&n, CVD_TIMER_ACK,
                     due_after(r->received_at, period(p->ack_seconds, d->ack_seconds)));
        else
            consider(&n, CVD_TIMER_STATUS,
                     due_after(max64(r->acked_at, r->last_status_at),
                               period(p->status_seconds, d->status_seconds)));
        if (r->state == CVD_REPORT_INVALID)
            consider(
                &n, CVD_TIMER_INVALID_CLOSE,
                due_after(activity, period(p->invalid_close_seconds, d->invalid_close_seconds)));
        else if (r->state == CVD_REPORT_DEFERRED)
            consider(
                &n, CVD_TIMER_DEFERRED_CLOSE,
                due_after(activity, period(p->deferred_close_seconds, d->deferred_close_seconds)));
    }
    if (ret_timer != NULL)
        *ret_timer = n.timer;
    if (ret_due_at != NULL)
        *ret_due_at = n.due_at;
    return n.timer != CVD_TIMER_NONE && now >= n.due_at;
}
