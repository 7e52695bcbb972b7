/* libFuzzer target for the npm scheme: input "A\nB". Compares A and B (vers-fuzz.h: antisymmetry,
 * reflexivity, diags), parses A as a range (as satisfies does) and tests B against it, and checks
 * that the compiled-range API answers exactly as satisfies. */
#include "../vers-fuzz.h"
#include "vers/npm-int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct cvd_str a, b;
    vf_lines(data, size, (struct cvd_str){(const char *)data, 0}, &a, &b);
    const struct cvd_version_scheme *s = vf_scheme("npm");
    (void)vf_antisymmetric(s, a, b);
    bool sat = false;
    int rc = vf_satisfies(s, b, a, &sat);
    struct cvd_diag d;
    static struct cvd__npm_range r;
    struct cvd__npm_version v;
    int prc = cvd__npm_range_parse(a, &r, &d);
    int vrc = prc == 0 ? cvd__npm_version_parse(b, &v, &d) : prc;
    if ((rc == 0) != (vrc == 0))
        abort();
    if (rc == 0 && cvd__npm_range_test(&r, &v) != sat)
        abort();
    /* A valid version satisfies itself as a range. */
    if (cvd__npm_version_parse(b, &v, &d) == 0 && memchr(b.ptr, '|', b.len) == NULL &&
        memchr(b.ptr, ' ', b.len) == NULL && b.len > 0 && b.ptr[0] != '=' &&
        cvd__npm_range_parse(b, &r, &d) == 0 && !cvd__npm_range_test(&r, &v))
        abort();
    return 0;
}
