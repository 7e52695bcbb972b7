/* libFuzzer target for the pypi scheme: input "A\nB". Compares A and B (vers-fuzz.h: antisymmetry,
 * reflexivity, diags) and evaluates B against A read as a specifier set; "==V" for a valid V must
 * hold for V itself; the lenient legacy order is antisymmetric. */
#include "../vers-fuzz.h"
#include "vers/pypi-int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct cvd_str a, b;
    vf_lines(data, size, (struct cvd_str){(const char *)data, 0}, &a, &b);
    const struct cvd_version_scheme *s = vf_scheme("pypi");
    int ab = vf_antisymmetric(s, a, b);
    bool a_valid = vf_cmp(s, a, a) == 0;
    /* The lenient (legacy) order must be antisymmetric too, and agree on PEP 440 pairs. */
    struct cvd_diag d;
    int lab = 0;
    int lba = 0;
    int l1 = cvd__pypi_compare_lenient(a, b, &lab, &d);
    int l2 = cvd__pypi_compare_lenient(b, a, &lba, &d);
    if (l1 == 0 && l2 == 0 && lab != -lba)
        abort();
    if (ab != VF_REFUSED && l1 == 0 && lab != ab)
        abort();
    bool sat;
    (void)vf_satisfies(s, b, a, &sat);
    if (a_valid && a.len < 200 && memchr(a.ptr, ',', a.len) == NULL) {
        char spec[256] = "==";
        memcpy(spec + 2, a.ptr, a.len);
        int rc = vf_satisfies(s, a, (struct cvd_str){spec, a.len + 2}, &sat);
        if (rc == 0 && !sat)
            abort();
    }
    return 0;
}
