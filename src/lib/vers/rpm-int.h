/* Internals of the rpm scheme (rpm.c), for tests. */
#ifndef CVD_VERS_RPM_INT_H
#define CVD_VERS_RPM_INT_H

#include <stddef.h>

#include "cvd/err.h"
#include "cvd/str.h"

/** rpm's rpmvercmp on two whole byte strings, no EVR split: -1, 0 or 1. Accepts any bytes. */
int cvd__rpmvercmp(const char *a, size_t alen, const char *b, size_t blen);

/**
 * Compare two EVR strings as python3-rpm's labelCompare does after rpm's parseEVR split: epoch =
 * leading digits before ':' (absent or empty = 0), release after the last '-', a missing release
 * sorts before every release. No validation: any bytes. -1, 0 or 1.
 */
int cvd__rpm_labelcmp(struct cvd_str a, struct cvd_str b);

/** Validate one EVR as the "rpm" scheme does: 0 or CVD_EPARSE with the rule in diag. */
int cvd__rpm_check(struct cvd_str v, struct cvd_diag *diag);

#endif
