/* libFuzzer target for purl: parse (lenient and strict); on success write the canonical form,
 * parse it again and require the same canonical form (a fixed point); rebuild the parsed
 * components through cvd_purl_build and require the same canonical form again. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cvd/purl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void canonical(struct cvd_arena *a, const struct cvd_purl *p, struct cvd_buf *out)
{
    cvd_buf_reset(out);
    if (cvd_purl_format(p, out) != 0)
        abort();
    (void)a;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct cvd_str in = {(const char *)data, size};
    struct cvd_arena a;
    cvd_arena_init(&a, (size_t)16 << 20);
    struct cvd_purl p;
    struct cvd_diag d;
    int strict = cvd_purl_parse(&a, in, CVD_PURL_STRICT, &p, &d);
    int rc = cvd_purl_parse(&a, in, 0, &p, &d);
    if (strict == 0 && rc != 0)
        abort(); /* strict accepts a subset */
    if (rc == 0) {
        struct cvd_buf c1, c2;
        cvd_buf_init(&c1, 0);
        cvd_buf_init(&c2, 0);
        canonical(&a, &p, &c1);
        struct cvd_purl p2;
        if (cvd_purl_parse(&a, cvd_buf_str(&c1), CVD_PURL_STRICT, &p2, &d) != 0)
            abort();
        canonical(&a, &p2, &c2);
        if (c1.len != c2.len || memcmp(c1.ptr, c2.ptr, c1.len) != 0)
            abort();
        struct cvd_purl p3;
        if (cvd_purl_build(&a, &p, 0, &p3, &d) != 0)
            abort();
        canonical(&a, &p3, &c2);
        if (c1.len != c2.len || memcmp(c1.ptr, c2.ptr, c1.len) != 0)
            abort();
        cvd_buf_release(&c1);
        cvd_buf_release(&c2);
    }
    cvd_arena_release(&a);
    return 0;
}
