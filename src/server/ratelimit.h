/* Per-client rate limiting for public intake: a token bucket per client address in a table of
 * bounded size. When the table is full the least recently seen client is evicted, so a flood
 * of addresses cannot grow memory; such a client simply starts again with a full bucket.
 * IPv6 clients are keyed by their /64 (one host usually owns a whole /64). Thread-safe. */
#ifndef CVD_SERVER_RATELIMIT_H
#define CVD_SERVER_RATELIMIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cvd/clock.h"
#include "cvd/compiler.h"

struct sockaddr;
struct srv_ratelimit;

#define SRV_RATELIMIT_KEY_BYTES 16

struct srv_ratelimit_config {
    unsigned per_minute;           /* tokens added per minute (> 0) */
    unsigned burst;                /* bucket size (> 0) */
    size_t max_clients;            /* table size (> 0) */
    uint64_t seed;                 /* hash seed: random in the server, fixed in tests */
    const struct cvd_clock *clock; /* NULL: the system clock */
};

/** A new limiter. CVD_EINVAL for a zero rate, burst or size; CVD_ENOMEM. */
CVD_MUST_CHECK int srv_ratelimit_new(const struct srv_ratelimit_config *cfg,
                                     struct srv_ratelimit **ret);

/** Accepts NULL. */
void srv_ratelimit_free(struct srv_ratelimit *rl);

/**
 * Take one token from key's bucket. true: go on. false: refused, and *ret_retry_after holds
 * the seconds until a token is back (at least 1).
 */
bool srv_ratelimit_take(struct srv_ratelimit *rl, const unsigned char key[SRV_RATELIMIT_KEY_BYTES],
                        int64_t *ret_retry_after);

/** Clients in the table now. */
size_t srv_ratelimit_clients(struct srv_ratelimit *rl);

/** The key of a client address: IPv4 (and IPv4-mapped IPv6) as ::ffff:a.b.c.d, IPv6 by /64. */
void srv_ratelimit_key(const struct sockaddr *sa, unsigned char key[SRV_RATELIMIT_KEY_BYTES]);

#endif
