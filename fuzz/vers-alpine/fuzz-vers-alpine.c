/* libFuzzer target for the alpine version scheme. The input is cut in two halves a and b and in
 * three thirds (vers-fuzz.h): compare must be antisymmetric and reflexive, fail for both orders or
 * neither, fill the diag on failure, and be transitive. The lenient comparison takes any bytes and
 * must be antisymmetric and reflexive too. */
#include "../vers-fuzz.h"
/* fuzz/CMakeLists.txt puts src/lib on the path for the internal headers. */
#include "vers/alpine-int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const struct cvd_version_scheme *s = vf_scheme("alpine");
    struct vf_cuts in = vf_cut(data, size);
    (void)vf_antisymmetric(s, in.a, in.b);
    vf_transitive(s, in.x, in.y, in.z);
    int r = cvd__apk_compare_lenient(in.a, in.b);
    if (r < -1 || r > 1 || r != -cvd__apk_compare_lenient(in.b, in.a) ||
        cvd__apk_compare_lenient(in.a, in.a) != 0)
        abort();
    return 0;
}
