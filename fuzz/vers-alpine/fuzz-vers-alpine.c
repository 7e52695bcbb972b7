/* libFuzzer target for the alpine version scheme. The input is cut in two halves a and b (and,
 * for transitivity, in three thirds): compare must agree with itself reversed (antisymmetry),
 * give 0 for a version against itself, fail for both orders or neither, fill the diag on
 * failure, and be transitive. The lenient comparison takes any bytes and must be antisymmetric and
 * reflexive too. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cvd/err.h"
#include "cvd/version.h"
/* fuzz/CMakeLists.txt puts only include/ on the path. */
#include "vers/alpine-int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct cvd_version_scheme *scheme(void)
{
    static const struct cvd_version_scheme *s;
    if (s == NULL)
        s = cvd_version_scheme_find(CVD_STR("alpine"));
    if (s == NULL)
        abort();
    return s;
}

/* -1, 0, 1, or 2 when either version is refused. */
static int cmp(struct cvd_str a, struct cvd_str b)
{
    struct cvd_diag diag;
    int c = 5;
    int rc = cvd_version_compare(scheme(), a, b, &c, &diag);
    if (rc != 0) {
        if (rc >= 0 || diag.code != rc || diag.msg[0] == '\0' || c != 5)
            abort();
        return 2;
    }
    if (c < -1 || c > 1)
        abort();
    return c;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *p = (const char *)data;
    struct cvd_str a = {p, size / 2}, b = {p + size / 2, size - size / 2};
    int ab = cmp(a, b), ba = cmp(b, a);
    if ((ab == 2) != (ba == 2) || (ab != 2 && ab != -ba))
        abort();
    if (ab != 2 && (cmp(a, a) != 0 || cmp(b, b) != 0))
        abort();
    struct cvd_str x = {p, size / 3}, y = {p + size / 3, size / 3},
                   z = {p + 2 * (size / 3), size - 2 * (size / 3)};
    int xy = cmp(x, y), yz = cmp(y, z);
    if (xy != 2 && yz != 2 && xy <= 0 && yz <= 0) {
        int xz = cmp(x, z);
        if (xz > 0 || (xy == 0 && yz == 0 && xz != 0))
            abort();
    }
    int r = cvd__apk_compare_lenient(a, b);
    if (r < -1 || r > 1 || r != -cvd__apk_compare_lenient(b, a) ||
        cvd__apk_compare_lenient(a, a) != 0)
        abort();
    return 0;
}
