/* CSAF 2.0 validation (OASIS CSAF v2.0, section 6): the mandatory tests 6.1.x as pure functions
 * over a parsed JSON tree. No I/O, no network. The JSON Schema check is NOT done here (yet): a
 * document without findings has passed the tests listed by cvd_csaf_checked_tests(), nothing
 * more. Every finding names its test, an RFC 6901 JSON pointer, a message and a severity.
 * Findings, pointers and messages live in the arena passed in. Work is bounded: the tree comes
 * from cvd_json_parse (size and depth limits), branches are walked with an explicit stack of at
 * most CVD_CSAF_MAX_DEPTH levels, tables hold at most CVD_CSAF_MAX_ENTRIES ids (CVD_ELIMIT beyond),
 * comparisons sort (no quadratic scans) and at most CVD_CSAF_MAX_FINDINGS findings are kept. */
#ifndef CVD_CSAF_H
#define CVD_CSAF_H

#include <stdbool.h>
#include <stddef.h>

#include "cvd/arena.h"
#include "cvd/compiler.h"
#include "cvd/err.h"
#include "cvd/json.h"
#include "cvd/limits.h"

#define CVD_CSAF_MAX_DEPTH    64u
#define CVD_CSAF_MAX_FINDINGS 1000u
/* Most ids (products, groups, expanded group members, ...) one comparison table may hold. */
#define CVD_CSAF_MAX_ENTRIES (1u << 20)

enum cvd_csaf_severity {
    CVD_CSAF_ERROR,   /* a mandatory test (6.1.x) or the schema failed */
    CVD_CSAF_WARNING, /* an optional (6.2.x) or informative (6.3.x) test failed */
};

struct cvd_csaf_finding {
    const char *test;    /* "6.1.1", "6.1.27.9", or "schema" */
    const char *pointer; /* RFC 6901, escaped ("~0", "~1"); "" is the whole document */
    const char *message; /* lower-case, ASCII or UTF-8, no final full stop */
    enum cvd_csaf_severity severity;
};

struct cvd_csaf_report {
    struct cvd_csaf_finding *items; /* in the arena, in test order */
    size_t len;
    size_t cap;
    size_t errors;
    size_t warnings;
    bool truncated; /* more than CVD_CSAF_MAX_FINDINGS findings; the rest were dropped */
};

/**
 * Run every implemented mandatory test on doc (the root of a parsed CSAF document) and append
 * the findings to *rep (zero it first). Returns 0, or CVD_ENOMEM / CVD_ELIMIT (branches nested
 * deeper than CVD_CSAF_MAX_DEPTH, a table over CVD_CSAF_MAX_ENTRIES) with the reason in diag;
 * findings up to then are kept.
 */
CVD_MUST_CHECK int cvd_csaf_check(struct cvd_arena *a, const struct cvd_json *doc,
                                  struct cvd_csaf_report *rep, struct cvd_diag *diag);

/**
 * Parse in[0..len) (strict JSON, lim NULL = cvd_limits_default) and run cvd_csaf_check. A
 * document that is not JSON, or whose root is not an object, returns CVD_EPARSE / CVD_ETYPE
 * etc. with diag filled and no findings.
 */
CVD_MUST_CHECK int cvd_csaf_check_buf(struct cvd_arena *a, const char *in, size_t len,
                                      const struct cvd_limits *lim, struct cvd_csaf_report *rep,
                                      struct cvd_diag *diag);

/** The ids of the tests cvd_csaf_check runs, in order; *n gets their number. */
const char *const *cvd_csaf_checked_tests(size_t *n);

/** Number of mandatory tests in CSAF 2.0 (6.1.1-6.1.33 with 6.1.27 split in 11): 43. */
#define CVD_CSAF_MANDATORY_TESTS 43u

/** True if the report holds a finding of test id (e.g. "6.1.1"). */
bool cvd_csaf_report_has(const struct cvd_csaf_report *rep, const char *test);

#endif
