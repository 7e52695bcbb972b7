/* Hackage: Cabal's Version order and a subset of Cabal version ranges.
 *
 * A version is numbers separated by '.', without leading zeros (Cabal rejects "01"); versions
 * compare as lists of numbers, a longer list above its prefix (1.0 < 1.0.0). Numbers of any
 * length compare as digit strings; components are walked in place, so nothing is allocated. */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "cvd/err.h"
#include "cvd/str.h"
#include "cvd/version.h"

#include "digits-int.h"
#include "vers-int.h"

static int hk_invalid(struct cvd_diag *diag, struct cvd_str v, size_t off, const char *why)
{
    return cvd__vers_invalid(diag, CVD_EPARSE, "hackage version", v, CVD__VERS_QUOTE_MAX, off, why);
}

/* Validate; *ret_n = number of components. */
static int hk_check(struct cvd_str v, size_t *ret_n, struct cvd_diag *diag)
{
    size_t i = 0, n = 0;
    if (v.len == 0)
        return hk_invalid(diag, v, 0, "the version is empty");
    for (;;) {
        size_t start = i;
        while (i < v.len && cvd_ascii_is_digit((unsigned char)v.ptr[i]))
            i++;
        if (i == start)
            return hk_invalid(diag, v, i, "a version is numbers separated by '.'");
        if (i - start > 1 && v.ptr[start] == '0')
            return hk_invalid(diag, v, start, "a number has no leading zero");
        n++;
        if (i < v.len && v.ptr[i] == '.') {
            i++;
            continue;
        }
        break;
    }
    if (i < v.len)
        return hk_invalid(diag, v, i, "a version is numbers separated by '.'");
    *ret_n = n;
    return 0;
}

/* A view of a valid version: its first `take` components (all when 0), the last + 1 when plus. */
struct hk_view {
    struct cvd_str v;
    size_t take;
    bool plus;
};

static bool hk_next(struct cvd_str *rest, struct cvd_str *ret)
{
    if (rest->len == 0)
        return false;
    const char *dot = memchr(rest->ptr, '.', rest->len);
    size_t n = dot ? (size_t)(dot - rest->ptr) : rest->len;
    *ret = cvd__digits_trim(rest->ptr, n);
    rest->ptr += dot ? n + 1 : n;
    rest->len -= dot ? n + 1 : n;
    return true;
}

static int hk_cmp(const struct hk_view *a, const struct hk_view *b)
{
    struct cvd_str ra = a->v, rb = b->v;
    for (size_t k = 1;; k++) {
        struct cvd_str x, y;
        bool hx = (a->take == 0 || k <= a->take) && hk_next(&ra, &x);
        bool hy = (b->take == 0 || k <= b->take) && hk_next(&rb, &y);
        if (!hx || !hy)
            return hx - hy;
        int c = cvd__digits_cmp_plus(x, a->plus && k == a->take, y, b->plus && k == b->take);
        if (c != 0)
            return c;
    }
}

static int hk_compare(struct cvd_str a, struct cvd_str b, int *ret_cmp, struct cvd_diag *diag)
{
    size_t na, nb;
    int rc = hk_check(a, &na, diag);
    if (rc)
        return rc;
    rc = hk_check(b, &nb, diag);
    if (rc)
        return rc;
    struct hk_view va = {a, 0, false}, vb = {b, 0, false};
    *ret_cmp = hk_cmp(&va, &vb);
    return 0;
}

static int range_invalid(struct cvd_diag *diag, struct cvd_str r, size_t off, const char *why)
{
    return cvd__vers_invalid(diag, CVD_EPARSE, "hackage version range", r, CVD__VERS_QUOTE_MAX, off,
                             why);
}

enum hk_op { HK_EQ, HK_GE, HK_GT, HK_LE, HK_LT, HK_MAJOR };

/* One constraint at r[*i]: "-any" | "-none" | op VERSION | "==" VERSION ".*". */
static int hk_atom(struct cvd_str r, size_t *i, struct cvd_str v, bool *ret, struct cvd_diag *diag)
{
    struct cvd_str rest = {r.ptr + *i, r.len - *i};
    if (cvd_str_starts_with(rest, CVD_STR("-any"))) {
        *i += 4;
        *ret = true;
        return 0;
    }
    if (cvd_str_starts_with(rest, CVD_STR("-none"))) {
        *i += 5;
        *ret = false;
        return 0;
    }
    static const struct {
        const char *text;
        enum hk_op op;
    } ops[] = {{"^>=", HK_MAJOR}, {"==", HK_EQ}, {">=", HK_GE},
               {"<=", HK_LE},     {">", HK_GT},  {"<", HK_LT}};
    size_t k;
    for (k = 0; k < sizeof(ops) / sizeof(ops[0]); k++) {
        if (cvd_str_starts_with(rest, cvd_str_from_cstr(ops[k].text)))
            break;
    }
    if (k == sizeof(ops) / sizeof(ops[0]))
        return range_invalid(diag, r, *i, "expected one of == >= > <= < ^>= -any -none");
    *i += strlen(ops[k].text);
    while (*i < r.len && r.ptr[*i] == ' ')
        (*i)++;
    size_t start = *i;
    while (*i < r.len &&
           (cvd_ascii_is_digit((unsigned char)r.ptr[*i]) || r.ptr[*i] == '.' || r.ptr[*i] == '*'))
        (*i)++;
    struct cvd_str bound = {r.ptr + start, *i - start};
    bool wild = false;
    if (bound.len >= 2 && bound.ptr[bound.len - 1] == '*' && bound.ptr[bound.len - 2] == '.') {
        if (ops[k].op != HK_EQ)
            return range_invalid(diag, r, start, "a wildcard goes with '==' only ('==1.2.*')");
        bound.len -= 2;
        wild = true;
    }
    size_t n;
    int rc = hk_check(bound, &n, diag);
    if (rc) {
        if (diag)
            diag->offset += start;
        return rc;
    }
    struct hk_view vv = {v, 0, false}, vb = {bound, 0, false};
    int c = hk_cmp(&vv, &vb);
    switch (wild ? HK_MAJOR + 1 : (int)ops[k].op) {
    case HK_EQ:
        *ret = c == 0;
        break;
    case HK_GE:
        *ret = c >= 0;
        break;
    case HK_GT:
        *ret = c > 0;
        break;
    case HK_LE:
        *ret = c <= 0;
        break;
    case HK_LT:
        *ret = c < 0;
        break;
    case HK_MAJOR: {
        /* ^>= x.y.z = >= x.y.z && < x.(y+1); ^>= x = >= x && < x.1 */
        if (n == 1) {
            struct hk_view first = {v, 1, false}, x = {bound, 1, false};
            int c1 = hk_cmp(&first, &x); /* v's major against x */
            if (c < 0 || c1 > 0) {
                *ret = false;
            } else {
                /* same major: below x.1 when v has no second number or it is 0 */
                struct cvd_str tail = v, d;
                bool h0 = hk_next(&tail, &d), h1 = h0 && hk_next(&tail, &d);
                *ret = !h1 || d.len == 0;
            }
        } else {
            struct hk_view up = {bound, 2, true};
            *ret = c >= 0 && hk_cmp(&vv, &up) < 0;
        }
        break;
    }
    default: {
        /* ==x.y.* = >= x.y && < x.(y+1) */
        struct hk_view up = {bound, n, true};
        *ret = c >= 0 && hk_cmp(&vv, &up) < 0;
        break;
    }
    }
    return 0;
}

/* Cabal ranges without parentheses: OR ("||") of ANDs ("&&") of constraints; spaces anywhere
 * between tokens. The whole range is parsed before answering. */
static int hk_satisfies(struct cvd_str version, struct cvd_str range, bool *ret,
                        struct cvd_diag *diag)
{
    size_t n;
    int rc = hk_check(version, &n, diag);
    if (rc)
        return rc;
    size_t i = 0;
    bool any = false, all = true;
    for (;;) {
        while (i < range.len && range.ptr[i] == ' ')
            i++;
        if (i == range.len)
            return range_invalid(diag, range, i, "a constraint is expected");
        if (range.ptr[i] == '(')
            return range_invalid(diag, range, i, "parentheses are not supported");
        bool b = false;
        rc = hk_atom(range, &i, version, &b, diag);
        if (rc)
            return rc;
        all = all && b;
        while (i < range.len && range.ptr[i] == ' ')
            i++;
        if (i == range.len)
            break;
        struct cvd_str rest = {range.ptr + i, range.len - i};
        if (cvd_str_starts_with(rest, CVD_STR("&&"))) {
            i += 2;
        } else if (cvd_str_starts_with(rest, CVD_STR("||"))) {
            i += 2;
            any = any || all;
            all = true;
        } else {
            return range_invalid(diag, range, i, "constraints are joined by '&&' or '||'");
        }
    }
    *ret = any || all;
    return 0;
}

const struct cvd_version_scheme cvd__scheme_hackage = {
    .name = "hackage",
    .compare = hk_compare,
    .satisfies = hk_satisfies,
};
