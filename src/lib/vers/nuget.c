/* NuGet: NuGet.Versioning order (SemVer 2.0 with up to four numbers) and NuGet's interval notation.
 *
 * Version: N[.N[.N[.N]]][-label(.label)*][+metadata]. Missing numbers are 0 and leading zeros do
 * not count (1.01 == 1.1.0.0); a version without labels is above any with; labels compare
 * left to right, numeric ones by value, a numeric one below an alphanumeric one, alphanumeric
 * ones case-insensitively by byte; more labels win when all shared ones are equal; metadata is
 * ignored. Numbers of any length compare as digit strings and labels are walked in place, so
 * nothing is allocated and there is no length limit. */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "cvd/err.h"
#include "cvd/str.h"
#include "cvd/version.h"

#include "digits-int.h"
#include "vers-int.h"

#define NUGET_PARTS 4

struct nuget_version {
    struct cvd_str num[NUGET_PARTS]; /* digits without leading zeros; zero = empty */
    struct cvd_str labels;           /* "beta.1" (no '-'), empty when a release */
};

static bool is_ident(char c)
{
    return cvd_ascii_is_digit((unsigned char)c) || cvd_ascii_is_alpha((unsigned char)c) || c == '-';
}

static int nuget_invalid(struct cvd_diag *diag, struct cvd_str v, size_t off, const char *why)
{
    return cvd__vers_invalid(diag, CVD_EPARSE, "nuget version", v, CVD__VERS_QUOTE_MAX, off, why);
}

/* Dot-separated non-empty identifiers of [0-9A-Za-z-] from *i up to a stop byte or the end. */
static int idents(struct cvd_str v, size_t *i, char stop, const char *what, struct cvd_diag *diag)
{
    for (;;) {
        size_t start = *i;
        while (*i < v.len && is_ident(v.ptr[*i]))
            (*i)++;
        if (*i == start)
            return nuget_invalid(diag, v, *i, what);
        if (*i < v.len && v.ptr[*i] == '.') {
            (*i)++;
            continue;
        }
        if (*i < v.len && v.ptr[*i] != stop)
            return nuget_invalid(diag, v, *i, what);
        return 0;
    }
}

static int nuget_parse(struct cvd_str v, struct nuget_version *ret, struct cvd_diag *diag)
{
    size_t i = 0;
    unsigned parts = 0;
    for (unsigned k = 0; k < NUGET_PARTS; k++)
        ret->num[k] = (struct cvd_str){"", 0};
    ret->labels = (struct cvd_str){"", 0};
    if (v.len == 0)
        return nuget_invalid(diag, v, 0, "the version is empty");
    for (;;) {
        size_t start = i;
        while (i < v.len && cvd_ascii_is_digit((unsigned char)v.ptr[i]))
            i++;
        if (i == start)
            return nuget_invalid(diag, v, i, "a version is numbers separated by '.'");
        if (parts == NUGET_PARTS)
            return nuget_invalid(diag, v, start, "more than four numbers");
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
            idents(v, &i, '+', "a release label is [0-9A-Za-z-]+ parts separated by '.'", diag);
        if (rc)
            return rc;
        ret->labels = (struct cvd_str){v.ptr + start, i - start};
    }
    if (i < v.len && v.ptr[i] == '+') {
        i++;
        int rc = idents(v, &i, '\0', "metadata is [0-9A-Za-z-]+ parts separated by '.'", diag);
        if (rc)
            return rc;
    }
    if (i < v.len)
        return nuget_invalid(diag, v, i,
                             "numbers may be followed only by '-' labels and '+' metadata");
    return 0;
}

static bool all_digits(struct cvd_str s)
{
    for (size_t i = 0; i < s.len; i++) {
        if (!cvd_ascii_is_digit((unsigned char)s.ptr[i]))
            return false;
    }
    return true;
}

static int nocase_cmp(struct cvd_str a, struct cvd_str b)
{
    size_t n = a.len < b.len ? a.len : b.len;
    for (size_t i = 0; i < n; i++) {
        int x = cvd_ascii_lower((unsigned char)a.ptr[i]),
            y = cvd_ascii_lower((unsigned char)b.ptr[i]);
        if (x != y)
            return x < y ? -1 : 1;
    }
    return (a.len > b.len) - (a.len < b.len);
}

/* The next '.'-separated label of *s (consumed); false at the end. */
static bool next_label(struct cvd_str *s, struct cvd_str *ret)
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

static int nuget_cmp(const struct nuget_version *a, const struct nuget_version *b)
{
    for (unsigned k = 0; k < NUGET_PARTS; k++) {
        int c = cvd__digits_cmp(a->num[k], b->num[k]);
        if (c != 0)
            return c;
    }
    if (a->labels.len == 0 || b->labels.len == 0)
        return (a->labels.len == 0) - (b->labels.len == 0);
    struct cvd_str la = a->labels, lb = b->labels;
    for (;;) {
        struct cvd_str x, y;
        bool hx = next_label(&la, &x), hy = next_label(&lb, &y);
        if (!hx || !hy)
            return hx - hy;
        bool nx = all_digits(x), ny = all_digits(y);
        int c;
        if (nx && ny)
            c = cvd__digits_cmp(cvd__digits_trim(x.ptr, x.len), cvd__digits_trim(y.ptr, y.len));
        else if (nx != ny)
            c = nx ? -1 : 1;
        else
            c = nocase_cmp(x, y);
        if (c != 0)
            return c;
    }
}

static int nuget_compare(struct cvd_str a, struct cvd_str b, int *ret_cmp, struct cvd_diag *diag)
{
    struct nuget_version va, vb;
    int rc = nuget_parse(a, &va, diag);
    if (rc)
        return rc;
    rc = nuget_parse(b, &vb, diag);
    if (rc)
        return rc;
    *ret_cmp = nuget_cmp(&va, &vb);
    return 0;
}

static int range_invalid(struct cvd_diag *diag, struct cvd_str r, size_t off, const char *why)
{
    return cvd__vers_invalid(diag, CVD_EPARSE, "nuget version range", r, CVD__VERS_QUOTE_MAX, off,
                             why);
}

static struct cvd_str trim(struct cvd_str s, size_t *off)
{
    while (s.len > 0 && cvd_ascii_is_space((unsigned char)s.ptr[0])) {
        s.ptr++;
        s.len--;
        (*off)++;
    }
    while (s.len > 0 && cvd_ascii_is_space((unsigned char)s.ptr[s.len - 1]))
        s.len--;
    return s;
}

static int range_version(struct cvd_str r, struct cvd_str s, size_t off, struct nuget_version *v,
                         struct cvd_diag *diag)
{
    if (memchr(s.ptr, '*', s.len) != NULL)
        return range_invalid(diag, r, off, "floating versions ('1.*') are not supported");
    int rc = nuget_parse(s, v, diag);
    if (rc && diag)
        diag->offset += off;
    return rc;
}

/* NuGet's version range notation:
 *   1.0       >= 1.0            [1.0]     == 1.0
 *   (1.0,)    > 1.0             [1.0,)    >= 1.0
 *   (,1.0]    <= 1.0            (,1.0)    < 1.0
 *   [1.0,2.0] 1.0 <= v <= 2.0   (1.0,2.0) and the mixed forms accordingly
 * Spaces around the parts are ignored. A range whose lower bound is above its upper one, one
 * without any bound, and "(1.0)" or "[1.0)" are errors. */
static int nuget_satisfies(struct cvd_str version, struct cvd_str range, bool *ret,
                           struct cvd_diag *diag)
{
    struct nuget_version v, lo, hi;
    int rc = nuget_parse(version, &v, diag);
    if (rc)
        return rc;
    size_t off = 0;
    struct cvd_str r = trim(range, &off);
    if (r.len == 0)
        return range_invalid(diag, range, 0, "the range is empty");
    char open = r.ptr[0], close = r.ptr[r.len - 1];
    if (open != '[' && open != '(') {
        rc = range_version(range, r, off, &lo, diag);
        if (rc)
            return rc;
        *ret = nuget_cmp(&v, &lo) >= 0;
        return 0;
    }
    if (r.len < 2 || (close != ']' && close != ')'))
        return range_invalid(diag, range, off + r.len - 1,
                             "a range opened with '[' or '(' "
                             "closes with ']' or ')'");
    struct cvd_str inner = {r.ptr + 1, r.len - 2};
    const char *comma = memchr(inner.ptr, ',', inner.len);
    bool lo_inc = open == '[', hi_inc = close == ']';
    if (comma == NULL) {
        if (!lo_inc || !hi_inc)
            return range_invalid(diag, range, off, "a single version in a range is exact: '[1.0]'");
        size_t o = off + 1;
        rc = range_version(range, trim(inner, &o), o, &lo, diag);
        if (rc)
            return rc;
        *ret = nuget_cmp(&v, &lo) == 0;
        return 0;
    }
    size_t lo_off = off + 1, hi_off = off + 1 + (size_t)(comma - inner.ptr) + 1;
    struct cvd_str ls = trim((struct cvd_str){inner.ptr, (size_t)(comma - inner.ptr)}, &lo_off);
    struct cvd_str hs =
        trim((struct cvd_str){comma + 1, inner.len - (size_t)(comma - inner.ptr) - 1}, &hi_off);
    if (memchr(hs.ptr, ',', hs.len) != NULL)
        return range_invalid(diag, range, hi_off, "a range has at most two versions");
    if (ls.len == 0 && hs.len == 0)
        return range_invalid(diag, range, off, "a range needs at least one version");
    if (ls.len > 0 && (rc = range_version(range, ls, lo_off, &lo, diag)) != 0)
        return rc;
    if (hs.len > 0 && (rc = range_version(range, hs, hi_off, &hi, diag)) != 0)
        return rc;
    if (ls.len > 0 && hs.len > 0 && nuget_cmp(&lo, &hi) > 0)
        return range_invalid(diag, range, off, "the lower bound is above the upper bound");
    bool in = true;
    if (ls.len > 0) {
        int c = nuget_cmp(&v, &lo);
        in = in && (lo_inc ? c >= 0 : c > 0);
    }
    if (hs.len > 0) {
        int c = nuget_cmp(&v, &hi);
        in = in && (hi_inc ? c <= 0 : c < 0);
    }
    *ret = in;
    return 0;
}

const struct cvd_version_scheme cvd__scheme_nuget = {
    .name = "nuget",
    .compare = nuget_compare,
    .satisfies = nuget_satisfies,
};
