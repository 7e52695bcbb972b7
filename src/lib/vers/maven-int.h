/* Internals of the maven scheme (maven.c), for tests. */
#ifndef CVD_VERS_MAVEN_INT_H
#define CVD_VERS_MAVEN_INT_H

#include "cvd/err.h"
#include "cvd/str.h"

/*
 * Items one Maven version may parse into, sub-list markers included ("1.2-rc3" is 1, 2, list,
 * rc, list, 3: six). The parsed form lives on the stack (two of them per compare, ~3 KiB each);
 * a longer version is refused with CVD_ELIMIT. Real versions use well under 20.
 */
#define CVD_MAVEN_MAX_ITEMS      128
#define CVD_MAVEN_MAX_ITEMS_TEXT "128"

/** The "maven" scheme's compare. */
int cvd__maven_compare(struct cvd_str a, struct cvd_str b, int *ret_cmp, struct cvd_diag *diag);

#endif
