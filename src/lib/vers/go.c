/* Go modules and the Go toolchain ("go"): SemVer with the osv-scalibr leniency (leading 'v',
 * fewer than three numbers, leading zeros), pseudo-versions as ordinary pre-releases,
 * "+incompatible" as build metadata, and toolchain names "go1.21rc2" read as 1.21.0-rc.2. */
#include <string.h>

#include "cvd/version.h"

#include "semver-int.h"

static bool toolchain_tag(const char *p, const char *end)
{
    static const char *const tags[] = {"alpha", "beta", "rc"};
    for (size_t i = 0; i < sizeof(tags) / sizeof(tags[0]); i++) {
        size_t n = strlen(tags[i]);
        if ((size_t)(end - p) > n && memcmp(p, tags[i], n) == 0) {
            const char *q = p + n;
            while (q < end && cvd_ascii_is_digit(*q))
                q++;
            if (q == end && q > p + n)
                return true;
        }
    }
    return false;
}

/* "go1", "go1.21", "go1.21.3", "go1.21rc2", "go1.9beta1": the Go project's release names. */
static int parse_toolchain(struct cvd_str s, struct cvd__semver *ret, struct cvd_diag *diag)
{
    const char *p = s.ptr + 2;
    const char *end = s.ptr + s.len;
    struct cvd__semver v = {.pre_split_alpha = false};
    struct cvd_str *parts[3] = {&v.major, &v.minor, &v.patch};
    for (int i = 0; i < 3; i++) {
        const char *start = p;
        while (p < end && cvd_ascii_is_digit(*p))
            p++;
        if (p == start || (*start == '0' && p - start > 1))
            goto bad;
        *parts[i] = (struct cvd_str){start, (size_t)(p - start)};
        if (i < 2 && p < end && *p == '.') {
            p++;
            continue;
        }
        break;
    }
    if (p < end) {
        if (v.patch.len > 0 || !toolchain_tag(p, end))
            goto bad;
        v.pre = (struct cvd_str){p, (size_t)(end - p)};
        v.pre_split_alpha = true;
    }
    *ret = v;
    return 0;
bad:
    return cvd_diag_set(diag, CVD_EPARSE,
                        "invalid go version '%.*s': a toolchain version is goMAJOR[.MINOR[.PATCH]] "
                        "or goMAJOR.MINOR(alpha|beta|rc)N",
                        s.len > 80 ? 80 : (int)s.len, s.ptr);
}

static int go_parse(struct cvd_str s, struct cvd__semver *ret, struct cvd_diag *diag)
{
    if (s.len > 2 && s.ptr[0] == 'g' && s.ptr[1] == 'o' && cvd_ascii_is_digit(s.ptr[2]))
        return parse_toolchain(s, ret, diag);
    return cvd__semver_parse(s, CVD__SEMVER_LENIENT, "go", ret, diag);
}

static int go_compare(struct cvd_str a, struct cvd_str b, int *ret_cmp, struct cvd_diag *diag)
{
    struct cvd__semver x;
    struct cvd__semver y;
    int rc = go_parse(a, &x, diag);
    if (rc == 0)
        rc = go_parse(b, &y, diag);
    if (rc)
        return rc;
    *ret_cmp = cvd__semver_cmp(&x, &y, false);
    return 0;
}

const struct cvd_version_scheme cvd__scheme_go = {
    .name = "go",
    .compare = go_compare,
    .satisfies = NULL,
};
