/* Internals of the alpine scheme (alpine.c), for tests. */
#ifndef CVD_VERS_ALPINE_INT_H
#define CVD_VERS_ALPINE_INT_H

#include "cvd/err.h"
#include "cvd/str.h"

/**
 * Order any two strings as osv-scalibr's Alpine comparison does, valid or not: parse as much as
 * fits, a version with unparsed bytes left sorts below the same version without, and two
 * strings that both fail to parse compare as bytes. -1, 0 or 1. Not used by the scheme, which
 * refuses invalid versions.
 */
int cvd__apk_compare_lenient(struct cvd_str a, struct cvd_str b);

/** Validate one version as the "alpine" scheme does: 0 or CVD_EPARSE with the rule in diag. */
int cvd__apk_check(struct cvd_str v, struct cvd_diag *diag);

#endif
