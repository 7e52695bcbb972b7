/* libFuzzer target for the maven version scheme. The input is cut in two halves a and b
 * (vers-fuzz.h): compare must be antisymmetric and reflexive, fail for both orders or neither and
 * fill the diag on failure. Not transitivity: Maven 3.8.7's ComparableVersion is not transitive
 * ("...." < "E992" < ".b90" < "...." in Java too). */
#include "../vers-fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct vf_cuts in = vf_cut(data, size);
    (void)vf_antisymmetric(vf_scheme("maven"), in.a, in.b);
    return 0;
}
