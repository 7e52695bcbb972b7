/* Bitnami ("bitnami"): versions are X.Y.Z-N where N is Bitnami's package revision, not a
 * SemVer pre-release; the revision is dropped before comparing, as grype does
 * (grype/version/bitnami_version.go). Other suffixes keep their SemVer meaning. */
#include "cvd/version.h"

#include "semver-int.h"

static bool all_digits(struct cvd_str s)
{
    for (size_t i = 0; i < s.len; i++) {
        if (!cvd_ascii_is_digit(s.ptr[i]))
            return false;
    }
    return s.len > 0;
}

static int bitnami_parse(struct cvd_str s, struct cvd__semver *ret, struct cvd_diag *diag)
{
    int rc = cvd__semver_parse(s, CVD__SEMVER_LENIENT, "bitnami", ret, diag);
    if (rc)
        return rc;
    if (all_digits(ret->pre))
        ret->pre = (struct cvd_str){ret->pre.ptr, 0};
    return 0;
}

static int bitnami_compare(struct cvd_str a, struct cvd_str b, int *ret_cmp, struct cvd_diag *diag)
{
    struct cvd__semver x;
    struct cvd__semver y;
    int rc = bitnami_parse(a, &x, diag);
    if (rc == 0)
        rc = bitnami_parse(b, &y, diag);
    if (rc)
        return rc;
    *ret_cmp = cvd__semver_cmp(&x, &y, false);
    return 0;
}

const struct cvd_version_scheme cvd__scheme_bitnami = {
    .name = "bitnami",
    .compare = bitnami_compare,
    .satisfies = NULL,
};
