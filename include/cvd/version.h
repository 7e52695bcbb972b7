/* Version schemes: how each ecosystem orders its versions and reads its native range syntax.
 *
 * One scheme per ecosystem family (src/lib/vers/<scheme>.c), found by name in one registry
 * (src/lib/vers/schemes.def). Names are the OSV ecosystem names in lower case ("npm", "pypi",
 * "maven", "debian", "rpm", "rubygems", "packagist", "nuget", "go", "crates.io", "alpine",
 * "hackage", "cran", "pub", ...) plus "semver" and "generic". An unknown name is an error
 * (CVD_ENOTFOUND), never a silent string comparison. */
#ifndef CVD_VERSION_H
#define CVD_VERSION_H

#include <stdbool.h>
#include <stddef.h>

#include "cvd/compiler.h"
#include "cvd/err.h"
#include "cvd/str.h"

struct cvd_version_scheme {
    const char *name; /* the registry name, lower case */
    /**
     * Compare a and b: *ret_cmp = -1, 0 or 1. CVD_EPARSE (diag names the version and the rule)
     * when either is not a valid version of the scheme. Must not allocate.
     */
    int (*compare)(struct cvd_str a, struct cvd_str b, int *ret_cmp, struct cvd_diag *diag);
    /**
     * Does version satisfy range, in the ecosystem's native range syntax (npm ranges, PEP 440
     * specifiers, RubyGems requirements, ...)? CVD_EPARSE for an invalid version or range.
     * NULL when the ecosystem has no range syntax of its own.
     */
    int (*satisfies)(struct cvd_str version, struct cvd_str range, bool *ret,
                     struct cvd_diag *diag);
};

/** The scheme called name (case-insensitive), or NULL. */
const struct cvd_version_scheme *cvd_version_scheme_find(struct cvd_str name);

/** The i-th registered name, aliases included (for listings), or NULL past the end. */
const char *cvd_version_scheme_name(size_t i);

/** Compare with scheme s; see struct cvd_version_scheme. */
CVD_MUST_CHECK int cvd_version_compare(const struct cvd_version_scheme *s, struct cvd_str a,
                                       struct cvd_str b, int *ret_cmp, struct cvd_diag *diag);

/** Range check with scheme s; CVD_ENOTSUP when the scheme has no native range syntax. */
CVD_MUST_CHECK int cvd_version_satisfies(const struct cvd_version_scheme *s, struct cvd_str version,
                                         struct cvd_str range, bool *ret, struct cvd_diag *diag);

#endif
