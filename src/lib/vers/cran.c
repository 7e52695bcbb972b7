/* CRAN: R's package_version order.
 *
 * A version is at least two non-negative integers separated by '.' or '-' (R's
 * package_version); both separators weigh the same, leading zeros do not count (0.01 == 0.1) and a
 * longer list is above its prefix (0.1.0 < 0.1.0.0). Numbers of any length compare as digit
 * strings, walked in place: nothing is allocated. R has no range syntax of its own. */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "cvd/err.h"
#include "cvd/str.h"
#include "cvd/version.h"

#include "digits-int.h"
#include "vers-int.h"

static int cran_invalid(struct cvd_diag *diag, struct cvd_str v, size_t off, const char *why)
{
    return cvd__vers_invalid(diag, CVD_EPARSE, "cran version", v, CVD__VERS_QUOTE_MAX, off, why);
}

static int cran_check(struct cvd_str v, struct cvd_diag *diag)
{
    size_t i = 0, n = 0;
    if (v.len == 0)
        return cran_invalid(diag, v, 0, "the version is empty");
    for (;;) {
        size_t start = i;
        while (i < v.len && cvd_ascii_is_digit((unsigned char)v.ptr[i]))
            i++;
        if (i == start)
            return cran_invalid(diag, v, i, "a version is numbers separated by '.' or '-'");
        n++;
        if (i < v.len && (v.ptr[i] == '.' || v.ptr[i] == '-')) {
            i++;
            continue;
        }
        break;
    }
    if (i < v.len)
        return cran_invalid(diag, v, i, "a version is numbers separated by '.' or '-'");
    if (n < 2)
        return cran_invalid(diag, v, 0, "a version has at least two numbers");
    return 0;
}

static bool cran_next(struct cvd_str *rest, struct cvd_str *ret)
{
    if (rest->len == 0)
        return false;
    size_t n = 0;
    while (n < rest->len && rest->ptr[n] != '.' && rest->ptr[n] != '-')
        n++;
    *ret = cvd__digits_trim(rest->ptr, n);
    size_t skip = n < rest->len ? n + 1 : n;
    rest->ptr += skip;
    rest->len -= skip;
    return true;
}

static int cran_compare(struct cvd_str a, struct cvd_str b, int *ret_cmp, struct cvd_diag *diag)
{
    int rc = cran_check(a, diag);
    if (rc)
        return rc;
    rc = cran_check(b, diag);
    if (rc)
        return rc;
    for (;;) {
        struct cvd_str x, y;
        bool hx = cran_next(&a, &x), hy = cran_next(&b, &y);
        if (!hx || !hy) {
            *ret_cmp = hx - hy;
            return 0;
        }
        int c = cvd__digits_cmp(x, y);
        if (c != 0) {
            *ret_cmp = c;
            return 0;
        }
    }
}

const struct cvd_version_scheme cvd__scheme_cran = {
    .name = "cran",
    .compare = cran_compare,
    .satisfies = NULL,
};
