/* libFuzzer target for the pypi scheme: input "A\nB". Compares A and B (antisymmetry,
 * reflexivity) and evaluates B against A read as a specifier set; "==V" and "===V" for a valid
 * V must hold for V itself; the lenient legacy order is antisymmetric. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cvd/version.h"
#include "vers/pypi-int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *p = (const char *)data;
    const char *nl = memchr(p, '\n', size);
    struct cvd_str a = {p, nl ? (size_t)(nl - p) : size};
    struct cvd_str b = nl ? (struct cvd_str){nl + 1, size - a.len - 1} : (struct cvd_str){p, 0};
    const struct cvd_version_scheme *s = cvd_version_scheme_find(CVD_STR("pypi"));
    if (s == NULL)
        abort();
    struct cvd_diag d;
    int ab = 0;
    int ba = 0;
    int rc1 = s->compare(a, b, &ab, &d);
    int rc2 = s->compare(b, a, &ba, &d);
    if ((rc1 == 0) != (rc2 == 0) || (rc1 == 0 && ab != -ba))
        abort();
    int aa = 1;
    bool a_valid = s->compare(a, a, &aa, &d) == 0;
    if (a_valid && aa != 0)
        abort();
    /* The lenient (legacy) order must be antisymmetric too, and agree on PEP 440 pairs. */
    int lab = 0;
    int lba = 0;
    int l1 = cvd__pypi_compare_lenient(a, b, &lab, &d);
    int l2 = cvd__pypi_compare_lenient(b, a, &lba, &d);
    if (l1 == 0 && l2 == 0 && lab != -lba)
        abort();
    if (rc1 == 0 && l1 == 0 && lab != ab)
        abort();
    bool sat;
    (void)s->satisfies(b, a, &sat, &d);
    if (a_valid && a.len < 200 && memchr(a.ptr, ',', a.len) == NULL) {
        char spec[256] = "==";
        memcpy(spec + 2, a.ptr, a.len);
        int rc = s->satisfies(a, (struct cvd_str){spec, a.len + 2}, &sat, &d);
        if (rc == 0 && !sat)
            abort();
    }
    return 0;
}
