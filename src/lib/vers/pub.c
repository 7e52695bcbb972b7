/* Pub (Dart): pub_semver's Version order and pub's version constraints.
 *
 * Version: MAJOR.MINOR.PATCH[-pre][+build], pre and build dot-separated [0-9A-Za-z-]+ parts. As
 * osv-scalibr (and so OSV matching) does, a leading 'v' and fewer than three numbers (missing =
 * 0) are accepted; more than three numbers are not. Order: the numbers; a version with a
 * pre-release is below the one without; pre-release parts left to right (numbers by value and
 * below words, words by byte, a missing part below a present one); then - unlike SemVer - the
 * build: none is below any, parts compared the same way. Nothing is allocated. */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "cvd/err.h"
#include "cvd/str.h"
#include "cvd/version.h"

#include "digits-int.h"
#include "vers-int.h"

struct pub_version {
    struct cvd_str num[3]; /* digits without leading zeros */
    struct cvd_str pre;    /* without '-', empty when none */
    struct cvd_str build;  /* without '+', empty when none */
};

static bool is_ident(char c)
{
    return cvd_ascii_is_digit((unsigned char)c) || cvd_ascii_is_alpha((unsigned char)c) || c == '-';
}

static int pub_invalid(struct cvd_diag *diag, struct cvd_str v, size_t off, const char *why)
{
    return cvd__vers_invalid(diag, CVD_EPARSE, "pub version", v, CVD__VERS_QUOTE_MAX, off, why);
}

static int pub_idents(struct cvd_str v, size_t *i, char stop, const char *why,
                      struct cvd_diag *diag)
{
    for (;;) {
        size_t start = *i;
        while (*i < v.len && is_ident(v.ptr[*i]))
            (*i)++;
        if (*i == start)
            return pub_invalid(diag, v, *i, why);
        if (*i < v.len && v.ptr[*i] == '.') {
            (*i)++;
            continue;
        }
        if (*i < v.len && v.ptr[*i] != stop)
            return pub_invalid(diag, v, *i, why);
        return 0;
    }
}

static int pub_parse(struct cvd_str v, struct pub_version *ret, struct cvd_diag *diag)
{
    size_t i = 0;
    for (unsigned k = 0; k < 3; k++)
        ret->num[k] = (struct cvd_str){"", 0};
    ret->pre = ret->build = (struct cvd_str){"", 0};
    if (v.len > 0 && v.ptr[0] == 'v')
        i++;
    unsigned parts = 0;
    for (;;) {
        size_t start = i;
        while (i < v.len && cvd_ascii_is_digit((unsigned char)v.ptr[i]))
            i++;
        if (i == start)
            return pub_invalid(diag, v, i, "a version is MAJOR.MINOR.PATCH numbers");
        if (parts == 3)
            return pub_invalid(diag, v, start, "more than three numbers");
        ret->num[parts++] = cvd__digits_trim(v.ptr + start, i - start);
        if (i < v.len && v.ptr[i] == '.') {
            i++;
            continue;
        }
        break;
    }
    if (i < v.len && v.ptr[i] == '-') {
        size_t start = ++i;
        int rc =
            pub_idents(v, &i, '+', "a pre-release is [0-9A-Za-z-]+ parts separated by '.'", diag);
        if (rc)
            return rc;
        ret->pre = (struct cvd_str){v.ptr + start, i - start};
    }
    if (i < v.len && v.ptr[i] == '+') {
        size_t start = ++i;
        int rc = pub_idents(v, &i, '\0', "a build is [0-9A-Za-z-]+ parts separated by '.'", diag);
        if (rc)
            return rc;
        ret->build = (struct cvd_str){v.ptr + start, i - start};
    }
    if (i < v.len)
        return pub_invalid(diag, v, i, "numbers may be followed only by '-pre' and '+build'");
    return 0;
}

static bool all_digits(struct cvd_str s)
{
    for (size_t i = 0; i < s.len; i++) {
        if (!cvd_ascii_is_digit((unsigned char)s.ptr[i]))
            return false;
    }
    return s.len > 0;
}

static bool next_part(struct cvd_str *s, struct cvd_str *ret)
{
    if (s->len == 0)
        return false;
    const char *dot = memchr(s->ptr, '.', s->len);
    size_t n = dot ? (size_t)(dot - s->ptr) : s->len;
    *ret = (struct cvd_str){s->ptr, n};
    s->ptr += dot ? n + 1 : n;
    s->len -= dot ? n + 1 : n;
    return true;
}

/* pub_semver's _compareLists. */
static int pub_lists(struct cvd_str a, struct cvd_str b)
{
    for (;;) {
        struct cvd_str x, y;
        bool hx = next_part(&a, &x), hy = next_part(&b, &y);
        if (!hx || !hy)
            return hx - hy;
        bool nx = all_digits(x), ny = all_digits(y);
        int c;
        if (nx && ny)
            c = cvd__digits_cmp(cvd__digits_trim(x.ptr, x.len), cvd__digits_trim(y.ptr, y.len));
        else if (nx != ny)
            c = nx ? -1 : 1;
        else
            c = cvd__bytes_cmp(x, y);
        if (c != 0)
            return c;
    }
}

/* plus: b's patch (or the given position) read + 1 is handled by the caller through num_plus. */
static int pub_cmp_plus(const struct pub_version *a, const struct pub_version *b, int plus_at,
                        bool b_zero_pre)
{
    for (int k = 0; k < 3; k++) {
        struct cvd_str bk = b->num[k];
        bool plus = k == plus_at;
        if (plus_at >= 0 && k > plus_at)
            bk = (struct cvd_str){"", 0};
        int c = cvd__digits_cmp_plus(a->num[k], false, bk, plus);
        if (c != 0)
            return c;
    }
    struct cvd_str bpre = b_zero_pre ? CVD_STR("0") : b->pre;
    struct cvd_str bbuild = plus_at >= 0 || b_zero_pre ? (struct cvd_str){"", 0} : b->build;
    if (a->pre.len == 0 || bpre.len == 0) {
        int c = (a->pre.len == 0) - (bpre.len == 0);
        if (c != 0)
            return c;
    } else {
        int c = pub_lists(a->pre, bpre);
        if (c != 0)
            return c;
    }
    if (a->build.len == 0 || bbuild.len == 0)
        return (a->build.len != 0) - (bbuild.len != 0);
    return pub_lists(a->build, bbuild);
}

static int pub_cmp(const struct pub_version *a, const struct pub_version *b)
{
    return pub_cmp_plus(a, b, -1, false);
}

static int pub_compare(struct cvd_str a, struct cvd_str b, int *ret_cmp, struct cvd_diag *diag)
{
    struct pub_version va, vb;
    int rc = pub_parse(a, &va, diag);
    if (rc)
        return rc;
    rc = pub_parse(b, &vb, diag);
    if (rc)
        return rc;
    *ret_cmp = pub_cmp(&va, &vb);
    return 0;
}

static int range_invalid(struct cvd_diag *diag, struct cvd_str r, size_t off, const char *why)
{
    return cvd__vers_invalid(diag, CVD_EPARSE, "pub version constraint", r, CVD__VERS_QUOTE_MAX,
                             off, why);
}

enum pub_op { PUB_EQ, PUB_GE, PUB_GT, PUB_LE, PUB_LT, PUB_CARET };

/* pub's VersionConstraint.parse: "any", or space-separated constraints that all hold:
 * "^V", ">=V", ">V", "<=V", "<V", "V" (exact); spaces may follow an operator.
 *   "<V" (V without pre-release or build) excludes V's pre-releases: it means < V-0.
 *   "^V" = ">=V <W-0", W = next breaking version: the first non-zero of MAJOR, MINOR, PATCH bumped
 *   (^1.2.3 -> 2.0.0, ^0.2.3 -> 0.3.0, ^0.0.3 -> 0.0.4). */
static int pub_satisfies(struct cvd_str version, struct cvd_str range, bool *ret,
                         struct cvd_diag *diag)
{
    struct pub_version v, b;
    int rc = pub_parse(version, &v, diag);
    if (rc)
        return rc;
    size_t i = 0;
    bool all = true;
    while (i < range.len && range.ptr[i] == ' ')
        i++;
    if (i == range.len)
        return range_invalid(diag, range, i, "the constraint is empty");
    struct cvd_str rest = {range.ptr + i, range.len - i};
    while (rest.len > 0 && rest.ptr[rest.len - 1] == ' ')
        rest.len--;
    if (cvd_str_eq(rest, CVD_STR("any"))) {
        *ret = true;
        return 0;
    }
    while (i < range.len) {
        static const struct {
            const char *text;
            enum pub_op op;
        } ops[] = {{">=", PUB_GE}, {"<=", PUB_LE},   {">", PUB_GT},
                   {"<", PUB_LT},  {"^", PUB_CARET}, {"=", PUB_EQ}};
        enum pub_op op = PUB_EQ;
        rest = (struct cvd_str){range.ptr + i, range.len - i};
        for (size_t k = 0; k < sizeof(ops) / sizeof(ops[0]); k++) {
            struct cvd_str t = cvd_str_from_cstr(ops[k].text);
            if (cvd_str_starts_with(rest, t)) {
                op = ops[k].op;
                i += t.len;
                break;
            }
        }
        while (op != PUB_EQ && i < range.len && range.ptr[i] == ' ')
            i++;
        size_t start = i;
        while (i < range.len && range.ptr[i] != ' ')
            i++;
        if (i == start)
            return range_invalid(diag, range, start, "a version is expected");
        rc = pub_parse((struct cvd_str){range.ptr + start, i - start}, &b, diag);
        if (rc) {
            if (diag)
                diag->offset += start;
            return rc;
        }
        int c = pub_cmp(&v, &b);
        bool ok = false;
        switch (op) {
        case PUB_EQ:
            ok = c == 0;
            break;
        case PUB_GE:
            ok = c >= 0;
            break;
        case PUB_GT:
            ok = c > 0;
            break;
        case PUB_LE:
            ok = c <= 0;
            break;
        case PUB_LT:
            if (b.pre.len == 0 && b.build.len == 0)
                ok = pub_cmp_plus(&v, &b, -1, true) < 0;
            else
                ok = c < 0;
            break;
        case PUB_CARET: {
            int at = b.num[0].len ? 0 : b.num[1].len ? 1 : 2;
            ok = c >= 0 && pub_cmp_plus(&v, &b, at, true) < 0;
            break;
        }
        }
        all = all && ok;
        while (i < range.len && range.ptr[i] == ' ')
            i++;
    }
    *ret = all;
    return 0;
}

const struct cvd_version_scheme cvd__scheme_pub = {
    .name = "pub",
    .compare = pub_compare,
    .satisfies = pub_satisfies,
};
