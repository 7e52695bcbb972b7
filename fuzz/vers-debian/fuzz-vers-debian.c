/* libFuzzer target for the debian version scheme. The input is cut in two halves a and b and in
 * three thirds (vers-fuzz.h): compare must be antisymmetric and reflexive, fail for both orders or
 * neither, fill the diag on failure, and be transitive. The validity check alone must not crash
 * without a diag. */
#include "../vers-fuzz.h"
/* fuzz/CMakeLists.txt puts src/lib on the path for the internal headers. */
#include "vers/debian-int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const struct cvd_version_scheme *s = vf_scheme("debian");
    struct vf_cuts in = vf_cut(data, size);
    (void)vf_antisymmetric(s, in.a, in.b);
    vf_transitive(s, in.x, in.y, in.z);
    (void)cvd__dpkg_check(in.a, NULL);
    return 0;
}
