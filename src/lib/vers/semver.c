/* SemVer 2.0.0 (semver.org): the strict "semver" scheme (also crates.io and Hex) and the parser
 * and precedence rules the Go, Bitnami and npm schemes share. Numbers are compared as digit
 * strings (length, then bytes), so any size works and nothing allocates. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cvd/version.h"

#include "semver-int.h"
#include "vers-int.h"

/* node-semver's limits: MAX_LENGTH and Number.MAX_SAFE_INTEGER. */
#define NPM_MAX_LENGTH 256
#define NPM_MAX_SAFE   "9007199254740991"

static int fail(struct cvd_diag *diag, const char *scheme, struct cvd_str s, size_t offset,
                const char *rule)
{
    if (diag == NULL)
        return CVD_EPARSE;
    char what[64];
    if (snprintf(what, sizeof(what), "%s version", scheme) < 0)
        what[0] = '\0';
    return cvd__vers_invalid(diag, CVD_EPARSE, what, s, CVD__VERS_QUOTE_LONG, offset, rule);
}

static bool is_ident_char(char c)
{
    return cvd_ascii_is_digit(c) || cvd_ascii_is_alpha(c) || c == '-';
}

static bool all_digits(struct cvd_str s)
{
    for (size_t i = 0; i < s.len; i++) {
        if (!cvd_ascii_is_digit(s.ptr[i]))
            return false;
    }
    return true;
}

static struct cvd_str strip_zeros(struct cvd_str s)
{
    while (s.len > 0 && s.ptr[0] == '0') {
        s.ptr++;
        s.len--;
    }
    return s;
}

int cvd__semver_num_cmp(struct cvd_str a, struct cvd_str b)
{
    a = strip_zeros(a);
    b = strip_zeros(b);
    if (a.len != b.len)
        return a.len < b.len ? -1 : 1;
    if (a.len == 0)
        return 0;
    int c = memcmp(a.ptr, b.ptr, a.len);
    return c < 0 ? -1 : c > 0;
}

size_t cvd__js_space_len(const char *p, const char *end)
{
    unsigned char c = (unsigned char)*p;
    if (c > ' ' && c < 0x80)
        return 0;
    size_t left = (size_t)(end - p);
    if (c == ' ' || (c >= '\t' && c <= '\r'))
        return 1;
    if (c == 0xC2 && left >= 2 && (unsigned char)p[1] == 0xA0)
        return 2; /* U+00A0 */
    if (left < 3)
        return 0;
    unsigned char c1 = (unsigned char)p[1];
    unsigned char c2 = (unsigned char)p[2];
    if (c == 0xE1 && c1 == 0x9A && c2 == 0x80)
        return 3; /* U+1680 */
    if (c == 0xE2 && c1 == 0x80 && (c2 <= 0x8A || c2 == 0xA8 || c2 == 0xA9 || c2 == 0xAF))
        return 3; /* U+2000..U+200A, U+2028, U+2029, U+202F */
    if (c == 0xE2 && c1 == 0x81 && c2 == 0x9F)
        return 3; /* U+205F */
    if (c == 0xE3 && c1 == 0x80 && c2 == 0x80)
        return 3; /* U+3000 */
    if (c == 0xEF && c1 == 0xBB && c2 == 0xBF)
        return 3; /* U+FEFF */
    return 0;
}

struct cvd_str cvd__js_trim(struct cvd_str s)
{
    const char *p = s.ptr;
    const char *end = s.ptr + s.len;
    size_t n;
    while (p < end && (n = cvd__js_space_len(p, end)) > 0)
        p += n;
    /* Trailing: step back over whole characters; the multi-byte ones end in 0x80..0xBF. */
    for (;;) {
        if (p < end && (end[-1] == ' ' || (end[-1] >= '\t' && end[-1] <= '\r'))) {
            end--;
            continue;
        }
        if (end - p >= 2 && cvd__js_space_len(end - 2, end) == 2) {
            end -= 2;
            continue;
        }
        if (end - p >= 3 && cvd__js_space_len(end - 3, end) == 3) {
            end -= 3;
            continue;
        }
        break;
    }
    return (struct cvd_str){p, (size_t)(end - p)};
}

/* A number at p: digits; strict forbids leading zeros. Returns its end or NULL. */
static const char *number(const char *p, const char *end, bool lenient, struct cvd_str *ret)
{
    const char *start = p;
    while (p < end && cvd_ascii_is_digit(*p))
        p++;
    if (p == start)
        return NULL;
    if (!lenient && *start == '0' && p - start > 1)
        return NULL;
    *ret = (struct cvd_str){start, (size_t)(p - start)};
    return p;
}

/* Dot-separated identifiers up to '+' or the end; strict: no leading zeros in numeric ones. */
static const char *identifiers(const char *p, const char *end, bool strict_numbers,
                               const char **ret_bad)
{
    for (;;) {
        const char *start = p;
        while (p < end && is_ident_char(*p))
            p++;
        if (p == start) {
            *ret_bad = "empty identifier";
            return NULL;
        }
        struct cvd_str id = {start, (size_t)(p - start)};
        if (strict_numbers && id.len > 1 && id.ptr[0] == '0' && all_digits(id)) {
            *ret_bad = "numeric identifier with a leading zero";
            return NULL;
        }
        if (p == end || *p != '.')
            return p;
        p++;
    }
}

static const char *number_rule(const char *p, const char *end)
{
    if (p + 1 < end && *p == '0' && cvd_ascii_is_digit(p[1]))
        return "version number with a leading zero";
    return "expected MAJOR.MINOR.PATCH";
}

static bool over_max_safe(struct cvd_str n)
{
    struct cvd_str max = CVD_STR(NPM_MAX_SAFE);
    return n.len >= max.len && cvd__semver_num_cmp(n, max) > 0;
}

int cvd__semver_parse(struct cvd_str s, unsigned flags, const char *scheme, struct cvd__semver *ret,
                      struct cvd_diag *diag)
{
    bool lenient = (flags & CVD__SEMVER_LENIENT) != 0;
    bool npm = (flags & CVD__SEMVER_NPM) != 0;
    /* Field by field: a zeroing initialiser of the whole struct compiles to `rep stos`, whose
     * start-up cost was a quarter of the time of parsing a short version. */
    struct cvd__semver v;
    v.minor = v.patch = v.pre = v.build = (struct cvd_str){NULL, 0};
    v.pre_split_alpha = false;
    struct cvd_str t = s;
    if (npm) {
        if (s.len > NPM_MAX_LENGTH)
            return fail(diag, scheme, s, 0, "longer than 256 bytes");
        t = cvd__js_trim(s);
    }
    const char *p = t.ptr;
    const char *end = t.ptr + t.len;
    if (p == end)
        return fail(diag, scheme, s, 0, "empty version");
    if ((lenient || npm) && *p == 'v')
        p++;
    else if (lenient && *p == '=')
        p++; /* "=1.2.3" as npm-style ranges write it */
    else if (*p == 'v' || *p == 'V' || *p == '=')
        return fail(diag, scheme, s, 0, "a leading 'v' or '=' is not part of SemVer 2.0.0");
    const char *q = number(p, end, lenient, &v.major);
    if (q == NULL)
        return fail(diag, scheme, s, (size_t)(p - s.ptr), number_rule(p, end));
    p = q;
    struct cvd_str *parts[2] = {&v.minor, &v.patch};
    for (int i = 0; i < 2; i++) {
        if (p < end && *p == '.' && (q = number(p + 1, end, lenient, parts[i])) != NULL) {
            p = q;
            continue;
        }
        if (!lenient)
            return fail(diag, scheme, s, (size_t)(p - s.ptr),
                        p < end && *p == '.' ? number_rule(p + 1, end)
                                             : "expected MAJOR.MINOR.PATCH");
        break;
    }
    const char *bad = NULL;
    if (lenient && p < end && *p == '.' && v.patch.len > 0) {
        /* osv-scalibr: components after the third are build metadata. */
        q = identifiers(p + 1, end, false, &bad);
        if (q == NULL)
            return fail(diag, scheme, s, (size_t)(p - s.ptr), bad);
        v.build = (struct cvd_str){p + 1, (size_t)(q - p - 1)};
        p = q;
    }
    if (p < end && *p == '-' && v.build.len == 0) {
        q = identifiers(p + 1, end, !lenient, &bad);
        if (q == NULL)
            return fail(diag, scheme, s, (size_t)(p + 1 - s.ptr), bad);
        v.pre = (struct cvd_str){p + 1, (size_t)(q - p - 1)};
        p = q;
    }
    if (p < end && *p == '+') {
        q = identifiers(p + 1, end, false, &bad);
        if (q == NULL)
            return fail(diag, scheme, s, (size_t)(p + 1 - s.ptr), bad);
        /* A second build part (after ".4.5") joins the first: both are ignored. */
        if (v.build.len == 0)
            v.build = (struct cvd_str){p + 1, (size_t)(q - p - 1)};
        p = q;
    }
    if (p != end && *p == '.' && !lenient)
        return fail(diag, scheme, s, (size_t)(p - s.ptr), "more than three version numbers");
    if (p != end)
        return fail(diag, scheme, s, (size_t)(p - s.ptr),
                    "unexpected character (identifiers are [0-9A-Za-z-])");
    if (npm && (over_max_safe(v.major) || over_max_safe(v.minor) || over_max_safe(v.patch)))
        return fail(diag, scheme, s, 0, "number greater than 2^53 - 1");
    *ret = v;
    return 0;
}

/* The next identifier of a pre-release at *p (advancing *p past it and its '.'). */
static struct cvd_str next_id(const char **p, const char *end, bool split)
{
    const char *start = *p;
    const char *q = start;
    if (split && q < end && *q != '.') {
        bool digit = cvd_ascii_is_digit(*q);
        while (q < end && *q != '.' && cvd_ascii_is_digit(*q) == digit)
            q++;
    } else {
        while (q < end && *q != '.')
            q++;
    }
    struct cvd_str id = {start, (size_t)(q - start)};
    if (q < end && *q == '.')
        q++;
    *p = q;
    return id;
}

static double js_number(struct cvd_str digits)
{
    char buf[NPM_MAX_LENGTH + 1];
    size_t n = digits.len < NPM_MAX_LENGTH ? digits.len : NPM_MAX_LENGTH;
    memcpy(buf, digits.ptr, n);
    buf[n] = '\0';
    return strtod(buf, NULL);
}

static int id_cmp(struct cvd_str a, struct cvd_str b, bool npm_numbers)
{
    bool an = a.len > 0 && all_digits(a);
    bool bn = b.len > 0 && all_digits(b);
    if (an && bn) {
        if (!npm_numbers || (a.len <= 15 && b.len <= 15))
            return cvd__semver_num_cmp(a, b);
        /* node-semver compares long numeric identifiers as doubles: 2^53 + 1 == 2^53. */
        double x = js_number(a);
        double y = js_number(b);
        return x < y ? -1 : x > y;
    }
    if (an != bn)
        return an ? -1 : 1;
    size_t n = a.len < b.len ? a.len : b.len;
    int c = n ? memcmp(a.ptr, b.ptr, n) : 0;
    if (c != 0)
        return c < 0 ? -1 : 1;
    return a.len < b.len ? -1 : a.len > b.len;
}

int cvd__semver_pre_cmp(struct cvd_str a, bool a_split, struct cvd_str b, bool b_split,
                        bool npm_numbers)
{
    const char *pa = a.ptr;
    const char *ea = a.ptr + a.len;
    const char *pb = b.ptr;
    const char *eb = b.ptr + b.len;
    for (;;) {
        if (pa >= ea && pb >= eb)
            return 0;
        if (pa >= ea)
            return -1;
        if (pb >= eb)
            return 1;
        struct cvd_str x = next_id(&pa, ea, a_split);
        struct cvd_str y = next_id(&pb, eb, b_split);
        int c = id_cmp(x, y, npm_numbers);
        if (c != 0)
            return c;
    }
}

int cvd__semver_cmp(const struct cvd__semver *a, const struct cvd__semver *b, bool npm_numbers)
{
    int c = cvd__semver_num_cmp(a->major, b->major);
    if (c == 0)
        c = cvd__semver_num_cmp(a->minor, b->minor);
    if (c == 0)
        c = cvd__semver_num_cmp(a->patch, b->patch);
    if (c != 0)
        return c;
    if (a->pre.len == 0 || b->pre.len == 0)
        return a->pre.len == b->pre.len ? 0 : (a->pre.len == 0 ? 1 : -1);
    return cvd__semver_pre_cmp(a->pre, a->pre_split_alpha, b->pre, b->pre_split_alpha, npm_numbers);
}

static int semver_compare(struct cvd_str a, struct cvd_str b, int *ret_cmp, struct cvd_diag *diag)
{
    struct cvd__semver x;
    struct cvd__semver y;
    int rc = cvd__semver_parse(a, 0, "semver", &x, diag);
    if (rc == 0)
        rc = cvd__semver_parse(b, 0, "semver", &y, diag);
    if (rc)
        return rc;
    *ret_cmp = cvd__semver_cmp(&x, &y, false);
    return 0;
}

/* Strict SemVer 2.0.0 has no range syntax of its own: OSV SEMVER ranges are event lists. */
const struct cvd_version_scheme cvd__scheme_semver = {
    .name = "semver",
    .compare = semver_compare,
    .satisfies = NULL,
};
