/* libFuzzer target for the PHP version_compare order and the Composer constraint subset. The input
 * is "A\nB" (vers-fuzz.h vf_run_lines; B is all after the first newline): compare must be
 * reflexive and antisymmetric, fail the same way both ways round, every failure must carry its
 * code and a message, and satisfies(A, B) reads B as a range and must not crash. */
#include "../vers-fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const schemes[] = {"packagist", NULL};
    vf_run_lines(schemes, data, size, false);
    return 0;
}
