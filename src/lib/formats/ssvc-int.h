/* Internals of the ssvc module shared with the generated tables (ssvc-tables.c). */
#ifndef CVD_FORMATS_SSVC_INT_H
#define CVD_FORMATS_SSVC_INT_H

#include <stddef.h>

#include "cvd/ssvc.h"

/* Every decision table, in trees.json order. */
extern const struct cvd_ssvc_table *const cvd__ssvc_tables[];
extern const size_t cvd__ssvc_table_count;

/* Every decision point: those used by the tables and all other upstream versions, sorted by id. */
extern const struct cvd_ssvc_point cvd__ssvc_points[];
extern const size_t cvd__ssvc_point_count;

#endif
