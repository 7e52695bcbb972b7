/* An injected clock: code that needs "now" takes a clock, so tests set the time. */
#ifndef CVD_CLOCK_H
#define CVD_CLOCK_H

#include <stddef.h>
#include <stdint.h>

#include "cvd/compiler.h"
#include "cvd/str.h"

struct cvd_clock {
    /** Seconds since the Unix epoch, UTC. */
    int64_t (*now_fn)(const struct cvd_clock *c);
    int64_t fixed; /* used by cvd_clock_fixed() */
};

/** The system clock (time(2)). */
extern const struct cvd_clock cvd_clock_system;

/** A clock that always says `t`. */
struct cvd_clock cvd_clock_fixed(int64_t t);

/** Now, by clock c (NULL means the system clock). */
int64_t cvd_clock_now(const struct cvd_clock *c);

#define CVD_RFC3339_LEN 20 /* "2026-11-28T03:22:25Z" */

/** Write t as "YYYY-MM-DDTHH:MM:SSZ" plus NUL into out. CVD_ERANGE outside years 0-9999. */
CVD_MUST_CHECK int cvd_time_format(int64_t t, char out[CVD_RFC3339_LEN + 1]);

/**
 * Parse an RFC 3339 date-time ("2026-11-28T03:22:25Z", optional fraction, "+01:00" offsets,
 * lower-case t/z allowed as the RFC says) into seconds since the epoch, UTC. The fraction is
 * dropped. Returns 0 or CVD_EPARSE / CVD_ERANGE (month 13, Feb 30, hour 24, ...).
 */
CVD_MUST_CHECK int cvd_time_parse(struct cvd_str s, int64_t *ret_t);

#endif
