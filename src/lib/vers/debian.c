/* Debian and Ubuntu versions, ordered as dpkg orders them (dpkg 1.21, lib/dpkg/version.c and
 * parsehelp.c): [epoch:]upstream[-revision]. The comparison runs over the caller's bytes in
 * place: one validation scan per string finds the epoch colon and the last hyphen, then verrevcmp
 * walks upstream and revision. Nothing is copied or allocated, so it can compete with libdpkg's
 * dpkg_version_compare, which gets its strings already split. */
#include <stdint.h>
#include <string.h>

#include "cvd/version.h"

#include "debian-int.h"
#include "vers-int.h"

/* dpkg's epoch is an int; parseversion rejects anything above INT_MAX. */
#define EPOCH_MAX_DIGITS 10
static const char epoch_max[] = "2147483647";

/* Character classes for validation. Bytes allowed everywhere (alnum . + ~) are C_OK, so the
 * scan takes one table load and one branch per byte and only stops on the rare ones. */
enum {
    C_BAD = 0,    /* never allowed */
    C_OK = 1,     /* alnum . + ~ */
    C_HYPHEN = 2, /* upstream only; the last one starts the revision */
    C_COLON = 3,  /* upstream only, after an epoch */
    C_SPACE = 4,  /* trimmed at the ends, refused inside */
};

/* verrevcmp's weight of a non-digit byte: '~' below the end of the string (0), letters their own
 * value, everything else after all letters. Digits never reach the table lookups that matter
 * (they weigh 0, like the end of the string). */
#define W(c)                                                                                       \
    ((c) == '~'                                                                                    \
         ? -1                                                                                      \
         : (((c) >= '0' && (c) <= '9')                                                             \
                ? 0                                                                                \
                : ((((c) >= 'a' && (c) <= 'z') || ((c) >= 'A' && (c) <= 'Z')) ? (c) : (c) + 256)))

#define W4(c)  W(c), W(c + 1), W(c + 2), W(c + 3)
#define W16(c) W4(c), W4(c + 4), W4(c + 8), W4(c + 12)
#define W64(c) W16(c), W16(c + 16), W16(c + 32), W16(c + 48)
static const short weight[256] = {W64(0), W64(64), W64(128), W64(192)};

#define K(c)                                                                                       \
    ((((c) >= '0' && (c) <= '9') || ((c) >= 'a' && (c) <= 'z') || ((c) >= 'A' && (c) <= 'Z') ||    \
      (c) == '.' || (c) == '+' || (c) == '~')                                                      \
         ? C_OK                                                                                    \
     : (c) == '-'                  ? C_HYPHEN                                                      \
     : (c) == ':'                  ? C_COLON                                                       \
     : ((c) == ' ' || (c) == '\t') ? C_SPACE                                                       \
                                   : C_BAD)
#define K4(c)  K(c), K(c + 1), K(c + 2), K(c + 3)
#define K16(c) K4(c), K4(c + 4), K4(c + 8), K4(c + 12)
#define K64(c) K16(c), K16(c + 16), K16(c + 32), K16(c + 48)
static const unsigned char klass[256] = {K64(0), K64(64), K64(128), K64(192)};

static inline int is_digit(unsigned char c)
{
    return (unsigned)(c - '0') < 10u;
}

int cvd__dpkg_verrevcmp(const char *a, size_t alen, const char *b, size_t blen)
{
    const unsigned char *p = (const unsigned char *)a, *pe = p + alen;
    const unsigned char *q = (const unsigned char *)b, *qe = q + blen;

    /* Identical leading bytes decide nothing, except inside a digit run, whose length matters:
     * skip the common prefix, then step back to the start of the digit run it ends in. */
    size_t n = alen < blen ? alen : blen, i = 0;
    while (i < n && p[i] == q[i])
        i++;
    while (i > 0 && is_digit(p[i - 1]))
        i--;
    p += i;
    q += i;

    while (p < pe || q < qe) {
        while ((p < pe && !is_digit(*p)) || (q < qe && !is_digit(*q))) {
            int wa = p < pe ? weight[*p] : 0;
            int wb = q < qe ? weight[*q] : 0;
            if (wa != wb)
                return wa < wb ? -1 : 1;
            if (p < pe)
                p++;
            if (q < qe)
                q++;
        }
        while (p < pe && *p == '0')
            p++;
        while (q < qe && *q == '0')
            q++;
        int first = 0;
        while (p < pe && is_digit(*p) && q < qe && is_digit(*q)) {
            if (first == 0)
                first = (int)*p - (int)*q;
            p++;
            q++;
        }
        if (p < pe && is_digit(*p))
            return 1;
        if (q < qe && is_digit(*q))
            return -1;
        if (first != 0)
            return first < 0 ? -1 : 1;
    }
    return 0;
}

/* Where the parts of one version lie: [ep, ep+eplen) digits of the epoch without leading zeros,
 * [up, up+uplen) upstream, [rev, rev+revlen) revision (empty when absent). */
struct parts {
    const char *ep, *up, *rev;
    size_t eplen, uplen, revlen;
};

static int bad(struct cvd_diag *diag, struct cvd_str v, size_t off, const char *rule)
{
    return cvd__vers_invalid(diag, CVD_EPARSE, "debian version", v, CVD__VERS_QUOTE_LONG, off,
                             rule);
}

static int split(struct cvd_str v, struct parts *r, struct cvd_diag *diag)
{
    const unsigned char *s = (const unsigned char *)v.ptr;
    size_t b = 0, e = v.len;

    /* dpkg trims spaces and tabs around the version and refuses any inside it. */
    while (b < e && (s[b] == ' ' || s[b] == '\t'))
        b++;
    while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t'))
        e--;
    if (b == e)
        return bad(diag, v, b, "version string is empty");

    size_t i = b;
    while (i < e && is_digit(s[i]))
        i++;
    size_t start = b;
    r->ep = v.ptr + b;
    r->eplen = 0;
    if (i < e && s[i] == ':') {
        if (i == b)
            return bad(diag, v, b, "epoch in version is empty");
        size_t z = b;
        while (z < i - 1 && s[z] == '0')
            z++;
        r->ep = v.ptr + z;
        r->eplen = i - z;
        if (r->eplen > EPOCH_MAX_DIGITS ||
            (r->eplen == EPOCH_MAX_DIGITS && memcmp(r->ep, epoch_max, EPOCH_MAX_DIGITS) > 0))
            return bad(diag, v, b, "epoch in version is too big");
        if (r->eplen == 1 && r->ep[0] == '0')
            r->eplen = 0;
        start = i + 1;
        if (start == e)
            return bad(diag, v, i, "nothing after colon in version number");
    }

    /* One scan over the rest finds the first colon (an epoch that is not a number), the last
     * hyphen, the first colon after it and the first byte never allowed. Without an epoch the
     * leading digits are known to be fine and are not scanned again. */
    size_t hyphen = SIZE_MAX, colon = SIZE_MAX, revcolon = SIZE_MAX, odd = SIZE_MAX;
    for (size_t j = start == b ? i : start; j < e; j++) {
        unsigned char k = klass[s[j]];
        if (k == C_OK)
            continue;
        if (k == C_HYPHEN) {
            hyphen = j;
            revcolon = SIZE_MAX;
        } else if (k == C_COLON) {
            if (colon == SIZE_MAX)
                colon = j;
            if (revcolon == SIZE_MAX)
                revcolon = j;
        } else if (k == C_SPACE) {
            return bad(diag, v, j, "version string has embedded spaces");
        } else if (odd == SIZE_MAX) {
            odd = j;
        }
    }
    if (colon != SIZE_MAX && start == b)
        return bad(diag, v, colon,
                   i != b                         ? "epoch in version is not number"
                   : (s[b] == '+' || s[b] == '-') ? "epoch in version must be digits, no sign"
                                                  : "epoch in version is empty");
    size_t upend = e;
    r->rev = v.ptr + e;
    r->revlen = 0;
    if (hyphen != SIZE_MAX) {
        if (hyphen + 1 == e)
            return bad(diag, v, hyphen, "revision number is empty");
        upend = hyphen;
        r->rev = v.ptr + hyphen + 1;
        r->revlen = e - hyphen - 1;
    }
    if (upend == start)
        return bad(diag, v, start, "upstream version is empty");
    if (!is_digit(s[start]))
        return bad(diag, v, start, "version number does not start with digit");
    if (odd < upend)
        return bad(diag, v, odd, "invalid character in version number");
    if (hyphen != SIZE_MAX) {
        size_t at = odd < revcolon ? odd : revcolon;
        if (at != SIZE_MAX)
            return bad(diag, v, at, "invalid character in revision number");
    }
    r->up = v.ptr + start;
    r->uplen = upend - start;
    return 0;
}

int cvd__dpkg_compare(struct cvd_str a, struct cvd_str b, int *ret_cmp, struct cvd_diag *diag)
{
    struct parts x, y;
    int rc = split(a, &x, diag);
    if (rc)
        return rc;
    rc = split(b, &y, diag);
    if (rc)
        return rc;
    int c;
    if (x.eplen != y.eplen)
        c = x.eplen < y.eplen ? -1 : 1;
    else
        c = memcmp(x.ep, y.ep, x.eplen);
    if (c == 0)
        c = cvd__dpkg_verrevcmp(x.up, x.uplen, y.up, y.uplen);
    if (c == 0)
        c = cvd__dpkg_verrevcmp(x.rev, x.revlen, y.rev, y.revlen);
    *ret_cmp = c < 0 ? -1 : (c > 0);
    return 0;
}

int cvd__dpkg_check(struct cvd_str v, struct cvd_diag *diag)
{
    struct parts x;
    return split(v, &x, diag);
}

const struct cvd_version_scheme cvd__scheme_debian = {
    .name = "debian",
    .compare = cvd__dpkg_compare,
    .satisfies = NULL,
};
