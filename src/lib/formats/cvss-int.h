/* Internals shared by cvss.c (parser, formatter) and the per-version scorers cvss2.c, cvss3.c and
 * cvss4.c. Each version is one table of metrics in spec order plus a score function. */
#ifndef CVD_FORMATS_CVSS_INT_H
#define CVD_FORMATS_CVSS_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "cvd/cvss.h"

enum cvd__cvss_group {
    CVD__CVSS_BASE,
    CVD__CVSS_TEMPORAL, /* v4.0: threat */
    CVD__CVSS_ENV,
    CVD__CVSS_SUPP, /* v4.0 supplemental: never changes the score */
};

struct cvd__cvss_value {
    char s[6];
    uint8_t len;
};

#define CVD__CVSS_MAX_VALUES 6

/*
 * One metric. values[] in a fixed order the scorers rely on; for optional metrics values[0] is
 * the "not defined" value (X, or ND in v2) and, for modified metrics, values[j] is the same
 * value as values[j - 1] of the base metric.
 */
struct cvd__cvss_metric {
    char name[4];
    uint8_t len;
    uint8_t group; /* enum cvd__cvss_group; only base metrics are mandatory */
    uint8_t nvalues;
    struct cvd__cvss_value values[CVD__CVSS_MAX_VALUES];
};

#define CVD__V(str)                                                                                \
    {                                                                                              \
        str, sizeof(str) - 1                                                                       \
    }

struct cvd__cvss_spec {
    enum cvd_cvss_version version;
    char prefix[10]; /* "CVSS:3.1/"; "" for v2 */
    uint8_t prefix_len;
    bool ordered; /* metrics must come in table order */
    uint8_t nmetrics;
    const struct cvd__cvss_metric *metrics;
    void (*score)(struct cvd_cvss *c);
    uint32_t required; /* bit i set: metric i is mandatory (the base metrics) */
};

extern const struct cvd__cvss_spec cvd__cvss_spec_v2;
extern const struct cvd__cvss_spec cvd__cvss_spec_v30;
extern const struct cvd__cvss_spec cvd__cvss_spec_v31;
extern const struct cvd__cvss_spec cvd__cvss_spec_v40;

/* The spec of a version, NULL for an unknown one. */
const struct cvd__cvss_spec *cvd__cvss_spec_of(enum cvd_cvss_version v);

/* True if some metric of `group` is present with a value other than X/ND. */
static inline bool cvd__cvss_group_set(const struct cvd_cvss *c, const struct cvd__cvss_spec *s,
                                       enum cvd__cvss_group group)
{
    for (unsigned i = 0; i < s->nmetrics; i++) {
        if (s->metrics[i].group == group && c->metric[i] != 0)
            return true;
    }
    return false;
}

#endif
