/* libFuzzer target for the CVSS parser: any bytes, with and without v2 support. A vector that
 * parses is scored (scores must be 0..100) and formatted; the canonical form must parse to the
 * same metrics and scores and format to itself. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cvd/cvss.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(const uint8_t *data, size_t size, unsigned flags)
{
    struct cvd_cvss c;
    struct cvd_diag diag;
    int rc = cvd_cvss_eval((struct cvd_str){(const char *)data, size}, flags, &c, &diag);
    if (rc != 0) {
        /* Every failure names its reason and matches its code. */
        if (rc >= 0 || diag.code != rc || cvd_cvss_diag_reason(&diag) == CVD_CVSS_OK)
            abort();
        return;
    }
    if (c.score < 0 || c.score > 100 || c.base < 0 || c.base > 100 || c.temporal < 0 ||
        c.temporal > 100 || c.environmental < 0 || c.environmental > 100)
        abort();
    char out[CVD_CVSS_FORMAT_MAX];
    int n = cvd_cvss_format(&c, out, sizeof(out));
    if (n < 0 || (size_t)n > size || strlen(out) != (size_t)n)
        abort(); /* dropping X metrics never makes a vector longer */
    struct cvd_cvss d;
    if (cvd_cvss_eval((struct cvd_str){out, (size_t)n}, flags, &d, &diag) != 0)
        abort();
    if (memcmp(c.metric, d.metric, sizeof(c.metric)) != 0 || c.version != d.version ||
        c.score != d.score || c.base != d.base || c.temporal != d.temporal ||
        c.environmental != d.environmental || strcmp(c.macrovector, d.macrovector) != 0 ||
        c.nomenclature != d.nomenclature)
        abort();
    char out2[CVD_CVSS_FORMAT_MAX];
    int n2 = cvd_cvss_format(&d, out2, sizeof(out2));
    if (n2 != n || memcmp(out, out2, (size_t)n) != 0)
        abort();
    /* A too-small buffer is refused cleanly. */
    char small[8];
    if (n >= (int)sizeof(small) && cvd_cvss_format(&c, small, sizeof(small)) != CVD_ELIMIT)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    check(data, size, 0);
    check(data, size, CVD_CVSS_PARSE_V2);
    return 0;
}
