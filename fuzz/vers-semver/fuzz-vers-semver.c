/* libFuzzer target for the SemVer family (semver, go, bitnami): input "A\nB". Each scheme must
 * be antisymmetric and reflexive (vers-fuzz.h); what strict semver accepts, go accepts with the
 * same answer. */
#include "../vers-fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct cvd_str a, b;
    vf_lines(data, size, (struct cvd_str){(const char *)data, 0}, &a, &b);
    int strict = vf_antisymmetric(vf_scheme("semver"), a, b);
    int go = vf_antisymmetric(vf_scheme("go"), a, b);
    (void)vf_antisymmetric(vf_scheme("bitnami"), a, b);
    if (strict != VF_REFUSED && go != strict)
        abort();
    return 0;
}
