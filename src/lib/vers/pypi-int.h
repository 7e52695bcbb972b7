/* Internals of the pypi scheme: the pre-PEP 440 "legacy" order of packaging < 22, for callers
 * that must order the old non-PEP 440 releases still found on PyPI and in OSV data the way
 * osv-scanner / osv-scalibr do. The "pypi" scheme itself rejects such strings (CVD_EPARSE). */
#ifndef CVD_VERS_PYPI_INT_H
#define CVD_VERS_PYPI_INT_H

#include "cvd/err.h"
#include "cvd/str.h"

/* Most parts of one legacy version (beyond: CVD_ELIMIT). */
#define CVD__PYPI_LEGACY_MAX_PARTS 128

/*
 * Compare a and b as packaging 21's parse(): a PEP 440 version is a Version, anything else a
 * LegacyVersion, and every LegacyVersion sorts before every Version. Never CVD_EPARSE; 0 or
 * CVD_ELIMIT. Does not allocate.
 */
int cvd__pypi_compare_lenient(struct cvd_str a, struct cvd_str b, int *ret_cmp,
                              struct cvd_diag *diag);

#endif
