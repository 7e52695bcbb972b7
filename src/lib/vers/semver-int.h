/* Internals shared by the SemVer-family schemes (semver, go, bitnami, npm): one parsed form,
 * borrowed views into the caller's text, and allocation-free comparison. */
#ifndef CVD_VERS_SEMVER_INT_H
#define CVD_VERS_SEMVER_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "cvd/err.h"
#include "cvd/str.h"

/* A parsed version. Numbers are digit strings (any length); `pre` and `build` exclude their
 * '-' / '+'. All views borrow the parsed text. */
struct cvd__semver {
    struct cvd_str major;
    struct cvd_str minor; /* may be empty in lenient mode: counts as 0 */
    struct cvd_str patch; /* may be empty in lenient mode: counts as 0 */
    struct cvd_str pre;   /* empty: no pre-release */
    struct cvd_str build; /* empty: no build metadata */
    bool pre_split_alpha; /* Go toolchain "rc2": identifiers also end at letter/digit edges */
};

enum cvd__semver_flags {
    /* Accept a leading 'v', fewer than three numbers, leading zeros, and treat anything
     * after a fourth '.' as build metadata (the osv-scalibr "semver-like" reading). */
    CVD__SEMVER_LENIENT = 1u << 0,
    /* npm's strict reading: a leading 'v', surrounding whitespace, numbers at most
     * 2^53 - 1, at most 256 bytes. */
    CVD__SEMVER_NPM = 1u << 1,
};

/* Parse s; on error fill diag naming the scheme, the version and the rule. */
int cvd__semver_parse(struct cvd_str s, unsigned flags, const char *scheme, struct cvd__semver *ret,
                      struct cvd_diag *diag);

/* Compare two digit strings by value (leading zeros ignored). */
int cvd__semver_num_cmp(struct cvd_str a, struct cvd_str b);

/* Precedence of a and b (build ignored); npm_numbers: compare numeric pre-release identifiers
 * as JavaScript doubles, exactly as node-semver does. */
int cvd__semver_cmp(const struct cvd__semver *a, const struct cvd__semver *b, bool npm_numbers);

/* Pre-release precedence alone (both non-empty). */
int cvd__semver_pre_cmp(struct cvd_str a, bool a_split, struct cvd_str b, bool b_split,
                        bool npm_numbers);

/* JavaScript's String.prototype.trim() whitespace, for ASCII and the UTF-8 encoded
 * Unicode spaces; returns the byte length of a whitespace character at p, or 0. */
size_t cvd__js_space_len(const char *p, const char *end);

/* s without leading and trailing JavaScript whitespace. */
struct cvd_str cvd__js_trim(struct cvd_str s);

#endif
