/* Version range specifiers (vers, repository package-url/vers-spec):
 *
 *   vers:<scheme>/<constraint>|<constraint>|...     e.g. vers:npm/>=1.0.0|<2.0.0|!=1.5.0
 *
 * Parse, validate (sorted by version, unique versions, comparator alternation), write the
 * canonical form and test a version for membership, comparing versions with the cvd version
 * scheme that the vers scheme maps to (cvd_vers_scheme_map). See docs/internals/purl.md. */
#ifndef CVD_VERS_H
#define CVD_VERS_H

#include <stdbool.h>
#include <stddef.h>

#include "cvd/arena.h"
#include "cvd/compiler.h"
#include "cvd/err.h"
#include "cvd/str.h"
#include "cvd/version.h"

/** Longest vers string accepted (bytes); longer is CVD_ELIMIT. */
#define CVD_VERS_MAX_LEN ((size_t)64 << 10)
/** Most constraints in one range; more is CVD_ELIMIT. */
#define CVD_VERS_MAX_CONSTRAINTS 1024u

enum cvd_vers_op {
    CVD_VERS_EQ, /* a bare version */
    CVD_VERS_NE, /* != */
    CVD_VERS_LT, /* < */
    CVD_VERS_LE, /* <= */
    CVD_VERS_GT, /* > */
    CVD_VERS_GE, /* >= */
};

struct cvd_vers_constraint {
    enum cvd_vers_op op;
    struct cvd_str version; /* decoded, never empty */
};

struct cvd_vers {
    struct cvd_str scheme; /* the vers scheme as written (lower case): "npm", "deb", ... */
    /**
     * The cvd scheme comparing its versions, or NULL when cvd has none (then only the syntax
     * was checked, and cvd_vers_contains fails with CVD_ENOTFOUND).
     */
    const struct cvd_version_scheme *impl;
    bool star;                               /* "*": every version (none: no version) */
    struct cvd_vers_constraint *constraints; /* sorted by version when impl != NULL */
    size_t n_constraints;
};

enum cvd_vers_flags {
    /** Reject constraints not already in canonical order (the default sorts them). */
    CVD_VERS_STRICT = 1u << 0,
};

/**
 * The cvd version scheme name for a vers scheme name: "deb" -> "debian", "gem" -> "rubygems",
 * "composer" -> "packagist", "golang" -> "go", "cargo" -> "crates.io", "apk" -> "alpine", ...;
 * any other name maps to itself. Static storage or a view of the argument.
 */
struct cvd_str cvd_vers_scheme_map(struct cvd_str vers_scheme);

/**
 * Parse and validate a vers string. Spaces and tabs are ignored; the vers and scheme names must
 * be lower case; versions are percent-decoded. With a known scheme the constraints are sorted
 * by version (CVD_EORDER under CVD_VERS_STRICT when they were not), a version given twice is
 * CVD_EDUP and a forbidden comparator sequence (e.g. "<1|<2", "1|<2") is CVD_EPARSE. A
 * comparison error of the scheme (an invalid version) is passed on with its diag. Memory from
 * the arena; views valid until it is released. Errors: CVD_EPARSE, CVD_EDUP, CVD_EORDER,
 * CVD_EUTF8, CVD_ELIMIT, CVD_ENOMEM, CVD_EINVAL.
 */
CVD_MUST_CHECK int cvd_vers_parse(struct cvd_arena *a, struct cvd_str in, unsigned flags,
                                  struct cvd_vers *ret, struct cvd_diag *diag);

/**
 * Is version inside range v (as parsed)? CVD_ENOTFOUND (naming the scheme) when cvd has no
 * scheme for v; CVD_EPARSE etc. from the scheme for an invalid version. Does not allocate.
 */
CVD_MUST_CHECK int cvd_vers_contains(const struct cvd_vers *v, struct cvd_str version, bool *ret,
                                     struct cvd_diag *diag);

/** Append the canonical string of v: "vers:", scheme, "/", constraints joined by "|". */
CVD_MUST_CHECK int cvd_vers_format(const struct cvd_vers *v, struct cvd_buf *out);

#endif
