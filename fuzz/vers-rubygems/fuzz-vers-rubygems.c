/* libFuzzer target for the Gem::Version compare and Gem::Requirement lists. The input is "A\nB":
 * compare must be reflexive (A vs A is 0) and antisymmetric (A vs B == -(B vs A)), fail the same
 * way both ways round, and every failure must carry its code and a message; satisfies(A, B) reads B
 * as a range and must not crash. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cvd/err.h"
#include "cvd/str.h"
#include "cvd/version.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const schemes[] = {"rubygems", NULL};

static void check_diag(int rc, const struct cvd_diag *diag)
{
    if (rc >= 0 || diag->code != rc || diag->msg[0] == '\0' ||
        strlen(diag->msg) >= sizeof(diag->msg))
        abort();
}

static void transitive(const struct cvd_version_scheme *s, struct cvd_str a, struct cvd_str b,
                       struct cvd_str c)
{
    int ab, bc, ac;
    if (cvd_version_compare(s, a, b, &ab, NULL) != 0 ||
        cvd_version_compare(s, b, c, &bc, NULL) != 0 ||
        cvd_version_compare(s, a, c, &ac, NULL) != 0)
        return;
    if (ab <= 0 && bc <= 0 && ac > 0)
        abort();
    if (ab >= 0 && bc >= 0 && ac < 0)
        abort();
}

static void run(const struct cvd_version_scheme *s, struct cvd_str a, struct cvd_str b)
{
    struct cvd_diag diag;
    int ab = 7, ba = 7, aa = 7;
    int rc1 = cvd_version_compare(s, a, b, &ab, &diag);
    if (rc1 != 0)
        check_diag(rc1, &diag);
    int rc2 = cvd_version_compare(s, b, a, &ba, &diag);
    if (rc2 != 0)
        check_diag(rc2, &diag);
    if ((rc1 == 0) != (rc2 == 0))
        abort();
    if (rc1 == 0 && (ab < -1 || ab > 1 || ab != -ba))
        abort();
    int rc3 = cvd_version_compare(s, a, a, &aa, &diag);
    if (rc3 != 0)
        check_diag(rc3, &diag);
    else if (aa != 0)
        abort();
    bool sat;
    int rc4 = cvd_version_satisfies(s, a, b, &sat, &diag);
    if (rc4 != 0 && rc4 != CVD_ENOTSUP)
        check_diag(rc4, &diag);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *p = (const char *)data;
    const char *nl = memchr(p, '\n', size);
    struct cvd_str a = {p, nl ? (size_t)(nl - p) : size};
    struct cvd_str b = nl ? (struct cvd_str){nl + 1, size - a.len - 1} : (struct cvd_str){"1", 1};
    const char *nl2 = nl ? memchr(b.ptr, '\n', b.len) : NULL;
    struct cvd_str c = {NULL, 0};
    if (nl2 != NULL) {
        c = (struct cvd_str){nl2 + 1, b.len - (size_t)(nl2 - b.ptr) - 1};
        b.len = (size_t)(nl2 - b.ptr);
    }
    for (size_t i = 0; schemes[i]; i++) {
        const struct cvd_version_scheme *s = cvd_version_scheme_find(cvd_str_from_cstr(schemes[i]));
        if (s == NULL)
            abort();
        run(s, a, b);
        if (nl2 != NULL)
            transitive(s, a, b, c);
    }
    return 0;
}
