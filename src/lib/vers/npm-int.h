/* Internals of the npm scheme: a compiled node-semver range in caller storage, so a range can
 * be parsed once and tested against many versions without allocating. */
#ifndef CVD_VERS_NPM_INT_H
#define CVD_VERS_NPM_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "cvd/err.h"
#include "cvd/str.h"

/* Limits of one range (over them: CVD_ELIMIT). Real advisory ranges use well under a tenth. */
#define CVD__NPM_RANGE_MAX_BYTES       1024 /* after trimming and collapsing whitespace */
#define CVD__NPM_RANGE_MAX_SETS        32   /* "||"-separated comparator sets */
#define CVD__NPM_RANGE_MAX_COMPARATORS 64   /* after desugaring, all sets together */

/* A version as node-semver holds it: numbers are at most 2^53 - 1; pre borrows text. */
struct cvd__npm_version {
    uint64_t num[3];
    struct cvd_str pre; /* empty: none */
};

enum cvd__npm_op {
    CVD__NPM_EQ,
    CVD__NPM_LT,
    CVD__NPM_LE,
    CVD__NPM_GT,
    CVD__NPM_GE,
};

struct cvd__npm_comparator {
    struct cvd__npm_version v; /* v.pre borrows the range's text (or a static "0") */
    enum cvd__npm_op op;
};

/* A desugared range: set i holds comparators [set_end[i-1], set_end[i]). Holds pointers into
 * itself: do not copy it after parsing. */
struct cvd__npm_range {
    uint16_t nsets;
    uint16_t ncomparators;
    uint16_t set_end[CVD__NPM_RANGE_MAX_SETS];
    struct cvd__npm_comparator cmp[CVD__NPM_RANGE_MAX_COMPARATORS];
    char text[CVD__NPM_RANGE_MAX_BYTES];
};

/* Parse a version exactly as node-semver's `new SemVer(s)` (loose=false). */
int cvd__npm_version_parse(struct cvd_str s, struct cvd__npm_version *ret, struct cvd_diag *diag);

/* node-semver's compare(a, b). */
int cvd__npm_version_cmp(const struct cvd__npm_version *a, const struct cvd__npm_version *b);

/* Parse range exactly as node-semver's `new Range(range)` with default options. */
int cvd__npm_range_parse(struct cvd_str range, struct cvd__npm_range *ret, struct cvd_diag *diag);

/* node-semver's Range#test (includePrerelease=false). */
bool cvd__npm_range_test(const struct cvd__npm_range *r, const struct cvd__npm_version *v);

#endif
