/* libFuzzer target for the rpm version scheme. The input is cut in two halves a and b and in three
 * thirds (vers-fuzz.h): compare must be antisymmetric and reflexive, fail for both orders or
 * neither, fill the diag on failure, and be transitive. The internal rpmvercmp and the unvalidated
 * EVR compare take any bytes and must be antisymmetric and reflexive too. */
#include "../vers-fuzz.h"
/* fuzz/CMakeLists.txt puts src/lib on the path for the internal headers. */
#include "vers/rpm-int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const struct cvd_version_scheme *s = vf_scheme("rpm");
    struct vf_cuts in = vf_cut(data, size);
    struct cvd_str a = in.a, b = in.b;
    (void)vf_antisymmetric(s, a, b);
    vf_transitive(s, in.x, in.y, in.z);
    int r = cvd__rpmvercmp(a.ptr, a.len, b.ptr, b.len);
    if (r < -1 || r > 1 || r != -cvd__rpmvercmp(b.ptr, b.len, a.ptr, a.len) ||
        cvd__rpmvercmp(a.ptr, a.len, a.ptr, a.len) != 0)
        abort();
    r = cvd__rpm_labelcmp(a, b);
    if (r != -cvd__rpm_labelcmp(b, a) || cvd__rpm_labelcmp(a, a) != 0)
        abort();
    return 0;
}
