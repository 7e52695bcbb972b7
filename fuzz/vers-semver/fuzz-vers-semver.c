/* libFuzzer target for the SemVer family (semver, go, bitnami): input "A\nB". Each scheme must
 * be antisymmetric and reflexive; what strict semver accepts, go accepts with the same answer. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cvd/version.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int check(const char *name, struct cvd_str a, struct cvd_str b, int *ret)
{
    const struct cvd_version_scheme *s = cvd_version_scheme_find(cvd_str_from_cstr(name));
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
    *ret = ab;
    return rc1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *p = (const char *)data;
    const char *nl = memchr(p, '\n', size);
    struct cvd_str a = {p, nl ? (size_t)(nl - p) : size};
    struct cvd_str b = nl ? (struct cvd_str){nl + 1, size - a.len - 1} : (struct cvd_str){p, 0};
    int strict = 0;
    int go = 0;
    int bitnami = 0;
    int rs = check("semver", a, b, &strict);
    int rg = check("go", a, b, &go);
    (void)check("bitnami", a, b, &bitnami);
    if (rs == 0 && (rg != 0 || go != strict))
        abort();
    return 0;
}
