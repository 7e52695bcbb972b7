/* libFuzzer target for the npm scheme: input "A\nB". Compares A and B (antisymmetry,
 * reflexivity), parses A as a range (as satisfies does) and tests B against it, and checks that
 * the compiled-range API answers exactly as satisfies. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cvd/version.h"
#include "vers/npm-int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *p = (const char *)data;
    const char *nl = memchr(p, '\n', size);
    struct cvd_str a = {p, nl ? (size_t)(nl - p) : size};
    struct cvd_str b = nl ? (struct cvd_str){nl + 1, size - a.len - 1} : (struct cvd_str){p, 0};
    const struct cvd_version_scheme *s = cvd_version_scheme_find(CVD_STR("npm"));
    if (s == NULL)
        abort();
    struct cvd_diag d;
    int ab = 0;
    int ba = 0;
    int rc1 = s->compare(a, b, &ab, &d);
    int rc2 = s->compare(b, a, &ba, &d);
    if ((rc1 == 0) != (rc2 == 0) || (rc1 == 0 && ab != -ba))
        abort();
    int aa = 1;
    if (s->compare(a, a, &aa, &d) == 0 && aa != 0)
        abort();
    bool sat = false;
    int rc = s->satisfies(b, a, &sat, &d);
    static struct cvd__npm_range r;
    struct cvd__npm_version v;
    int prc = cvd__npm_range_parse(a, &r, &d);
    int vrc = prc == 0 ? cvd__npm_version_parse(b, &v, &d) : prc;
    if ((rc == 0) != (vrc == 0))
        abort();
    if (rc == 0 && cvd__npm_range_test(&r, &v) != sat)
        abort();
    /* A valid version satisfies itself as a range. */
    if (cvd__npm_version_parse(b, &v, &d) == 0 && memchr(b.ptr, '|', b.len) == NULL &&
        memchr(b.ptr, ' ', b.len) == NULL && b.len > 0 && b.ptr[0] != '=' &&
        cvd__npm_range_parse(b, &r, &d) == 0 && !cvd__npm_range_test(&r, &v))
        abort();
    return 0;
}
