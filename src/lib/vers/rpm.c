/* RPM versions (RHEL, AlmaLinux, Rocky Linux, Fedora, SUSE, openSUSE, ...): [epoch:]version-release
 * ordered as rpm 4.18 orders them: epoch numerically, then rpmvercmp on the version, then on the
 * release (lib/rpmvercmp.c, with '~' and the 4.15 '^'). Everything runs over the caller's bytes;
 * nothing is allocated. */
#include <stdint.h>
#include <string.h>

#include "cvd/version.h"

#include "rpm-int.h"
#include "vers-int.h"

static inline int is_digit(unsigned char c)
{
    return (unsigned)(c - '0') < 10u;
}

static inline int is_alpha(unsigned char c)
{
    return (unsigned)((c | 0x20) - 'a') < 26u;
}

/* rpmvercmp's segment characters; every other byte (non-ASCII included) only separates. */
static inline int is_seg(unsigned char c)
{
    return is_digit(c) || is_alpha(c) || c == '~' || c == '^';
}

int cvd__rpmvercmp(const char *a, size_t alen, const char *b, size_t blen)
{
    const unsigned char *p = (const unsigned char *)a, *pe = p + alen;
    const unsigned char *q = (const unsigned char *)b, *qe = q + blen;

    if (alen == blen && (alen == 0 || memcmp(a, b, alen) == 0))
        return 0;
    while (p < pe || q < qe) {
        while (p < pe && !is_seg(*p))
            p++;
        while (q < qe && !is_seg(*q))
            q++;
        int ta = p < pe && *p == '~', tb = q < qe && *q == '~';
        if (ta || tb) {
            /* '~' sorts before everything, even the end. */
            if (!ta)
                return 1;
            if (!tb)
                return -1;
            p++;
            q++;
            continue;
        }
        int ca = p < pe && *p == '^', cb = q < qe && *q == '^';
        if (ca || cb) {
            /* '^' sorts after the end but before anything else. */
            if (p == pe)
                return -1;
            if (q == qe)
                return 1;
            if (!ca)
                return 1;
            if (!cb)
                return -1;
            p++;
            q++;
            continue;
        }
        if (p == pe || q == qe)
            break;
        const unsigned char *sa = p, *sb = q;
        int num = is_digit(*p);
        if (num) {
            while (p < pe && is_digit(*p))
                p++;
            while (q < qe && is_digit(*q))
                q++;
        } else {
            while (p < pe && is_alpha(*p))
                p++;
            while (q < qe && is_alpha(*q))
                q++;
        }
        if (q == sb)
            return num ? 1 : -1; /* a number is newer than letters */
        if (num) {
            while (sa < p && *sa == '0')
                sa++;
            while (sb < q && *sb == '0')
                sb++;
            if (p - sa != q - sb)
                return p - sa > q - sb ? 1 : -1;
        }
        size_t la = (size_t)(p - sa), lb = (size_t)(q - sb);
        int c = memcmp(sa, sb, la < lb ? la : lb);
        if (c == 0 && la != lb)
            c = la < lb ? -1 : 1;
        if (c != 0)
            return c < 0 ? -1 : 1;
    }
    if (p == pe && q == qe)
        return 0;
    return p == pe ? -1 : 1;
}

/* Where the parts of one EVR lie. An absent release has rel == NULL. */
struct evr {
    const char *ep, *ver, *rel;
    size_t eplen, verlen, rellen;
};

/* rpm's parseEVR: leading digits followed by ':' are the epoch (empty = 0), the release follows
 * the last '-'. */
static void split(struct cvd_str v, struct evr *r)
{
    const unsigned char *s = (const unsigned char *)v.ptr;
    size_t i = 0, start = 0;
    while (i < v.len && is_digit(s[i]))
        i++;
    r->ep = v.ptr;
    r->eplen = 0;
    if (i < v.len && s[i] == ':') {
        r->eplen = i;
        start = i + 1;
    }
    while (r->eplen > 0 && r->ep[0] == '0') {
        r->ep++;
        r->eplen--;
    }
    size_t h = v.len;
    while (h > start && s[h - 1] != '-')
        h--;
    r->ver = v.ptr + start;
    if (h > start) {
        r->verlen = h - 1 - start;
        r->rel = v.ptr + h;
        r->rellen = v.len - h;
    } else {
        r->verlen = v.len - start;
        r->rel = NULL;
        r->rellen = 0;
    }
}

int cvd__rpm_labelcmp(struct cvd_str a, struct cvd_str b)
{
    struct evr x, y;
    split(a, &x);
    split(b, &y);
    int c;
    if (x.eplen != y.eplen)
        c = x.eplen < y.eplen ? -1 : 1;
    else
        c = memcmp(x.ep, y.ep, x.eplen);
    if (c == 0)
        c = cvd__rpmvercmp(x.ver, x.verlen, y.ver, y.verlen);
    /* python3-rpm labelCompare: a missing release sorts before every release. */
    if (c == 0 && (x.rel == NULL || y.rel == NULL))
        c = (x.rel != NULL) - (y.rel != NULL);
    if (c == 0 && x.rel != NULL && y.rel != NULL)
        c = cvd__rpmvercmp(x.rel, x.rellen, y.rel, y.rellen);
    return c < 0 ? -1 : (c > 0);
}

static int bad(struct cvd_diag *diag, struct cvd_str v, size_t off, const char *rule)
{
    return cvd__vers_invalid(diag, CVD_EPARSE, "rpm version", v, CVD__VERS_QUOTE_LONG, off, rule);
}

/* Characters rpmbuild allows in Version and Release (build/parsePreamble.c, after macro
 * expansion): ASCII letters and digits and . _ + ~ ^ */
static inline int is_verrel(unsigned char c)
{
    return is_digit(c) || is_alpha(c) || c == '.' || c == '_' || c == '+' || c == '~' || c == '^';
}

int cvd__rpm_check(struct cvd_str v, struct cvd_diag *diag)
{
    const unsigned char *s = (const unsigned char *)v.ptr;
    if (v.len == 0)
        return bad(diag, v, 0, "version string is empty");
    size_t i = 0, start = 0, hyphen = SIZE_MAX;
    while (i < v.len && is_digit(s[i]))
        i++;
    if (i < v.len && s[i] == ':') {
        if (i == 0)
            return bad(diag, v, 0, "epoch is empty");
        start = i + 1;
    }
    for (i = start; i < v.len; i++) {
        unsigned char c = s[i];
        if (c == '-') {
            if (hyphen != SIZE_MAX)
                return bad(diag, v, hyphen, "version contains '-'");
            hyphen = i;
        } else if (c == ':') {
            return bad(diag, v, i, "epoch is not a number");
        } else if (!is_verrel(c)) {
            return bad(diag, v, i, "invalid character (allowed: letters, digits, . _ + ~ ^)");
        }
    }
    if (start == v.len || hyphen == start)
        return bad(diag, v, start, "version is empty");
    if (hyphen != SIZE_MAX && hyphen + 1 == v.len)
        return bad(diag, v, hyphen, "release is empty");
    return 0;
}

static int compare(struct cvd_str a, struct cvd_str b, int *ret_cmp, struct cvd_diag *diag)
{
    int rc = cvd__rpm_check(a, diag);
    if (rc)
        return rc;
    rc = cvd__rpm_check(b, diag);
    if (rc)
        return rc;
    *ret_cmp = cvd__rpm_labelcmp(a, b);
    return 0;
}

const struct cvd_version_scheme cvd__scheme_rpm = {
    .name = "rpm",
    .compare = compare,
    .satisfies = NULL,
};
