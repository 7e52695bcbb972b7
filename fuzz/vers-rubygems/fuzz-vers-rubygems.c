/* libFuzzer target for the Gem::Version compare and Gem::Requirement lists. The input is
 * "A\nB[\nC]" (vers-fuzz.h vf_run_lines): compare must be reflexive and antisymmetric, fail the
 * same way both ways round, every failure must carry its code and a message, satisfies(A, B) reads
 * B as a range and must not crash, and with C the order must be transitive. */
#include "../vers-fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const schemes[] = {"rubygems", NULL};
    vf_run_lines(schemes, data, size, true);
    return 0;
}
