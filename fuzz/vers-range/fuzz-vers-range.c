/* libFuzzer target for vers ranges: parse; on success write the canonical form, parse it again
 * (strict: it must already be sorted) and require the same canonical form; evaluate a few
 * versions (the answer must not depend on the constraint order given). */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cvd/vers.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct cvd_str in = {(const char *)data, size};
    struct cvd_arena a;
    cvd_arena_init(&a, (size_t)16 << 20);
    struct cvd_vers v;
    struct cvd_diag d;
    if (cvd_vers_parse(&a, in, 0, &v, &d) == 0) {
        struct cvd_buf c1, c2;
        cvd_buf_init(&c1, 0);
        cvd_buf_init(&c2, 0);
        if (cvd_vers_format(&v, &c1) != 0)
            abort();
        struct cvd_vers v2;
        unsigned flags = v.impl != NULL ? CVD_VERS_STRICT : 0;
        if (cvd_vers_parse(&a, cvd_buf_str(&c1), flags, &v2, &d) != 0)
            abort();
        if (cvd_vers_format(&v2, &c2) != 0)
            abort();
        if (c1.len != c2.len || memcmp(c1.ptr, c2.ptr, c1.len) != 0)
            abort();
        static const char *const probes[] = {"0", "1", "1.0", "1.5", "2.0rc1", "10"};
        for (size_t i = 0; i < sizeof(probes) / sizeof(probes[0]); i++) {
            bool x = false, y = false;
            struct cvd_str pv = {probes[i], strlen(probes[i])};
            int r1 = cvd_vers_contains(&v, pv, &x, &d);
            int r2 = cvd_vers_contains(&v2, pv, &y, &d);
            if (r1 != r2 || (r1 == 0 && x != y))
                abort();
        }
        cvd_buf_release(&c1);
        cvd_buf_release(&c2);
    }
    cvd_arena_release(&a);
    return 0;
}
