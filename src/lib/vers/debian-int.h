/* Internals of the dpkg scheme (debian.c), for tests and the benchmarks. */
#ifndef CVD_VERS_DEBIAN_INT_H
#define CVD_VERS_DEBIAN_INT_H

#include <stddef.h>

#include "cvd/err.h"
#include "cvd/str.h"

/** dpkg's verrevcmp over two byte ranges (an upstream part or a revision): <0, 0 or >0. */
int cvd__dpkg_verrevcmp(const char *a, size_t alen, const char *b, size_t blen);

/** The "debian" scheme's compare: validate both versions as dpkg does, then order them. */
int cvd__dpkg_compare(struct cvd_str a, struct cvd_str b, int *ret_cmp, struct cvd_diag *diag);

/** Validate one version only: 0 or CVD_EPARSE with the rule in diag. */
int cvd__dpkg_check(struct cvd_str v, struct cvd_diag *diag);

#endif
