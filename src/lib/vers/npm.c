/* npm ("npm"): node-semver 7.x. compare = semver.compare (strict SemVer with a leading 'v',
 * numbers up to 2^53 - 1); satisfies = semver.satisfies with default options, reproducing the
 * Range constructor's text rewriting step by step (build strip, hyphen ranges, operator
 * trimming, ^ ~ x-ranges and stars, ">=0.0.0" as any) and Range#test's pre-release rule, in one
 * pass over a bounded copy of the range and without allocating. docs/internals/
 * vers-semver-npm-pypi.md lists each rewrite and where node-semver's regular expressions make
 * a difference. */
#include <string.h>

#include "cvd/version.h"

#include "npm-int.h"
#include "semver-int.h"

#define MAX_SAFE ((uint64_t)9007199254740991)
#define QUOTE    80

static const char zero_pre[] = "0";

/* ---- versions ---- */

static uint64_t digits_value(struct cvd_str d)
{
    uint64_t v = 0;
    for (size_t i = 0; i < d.len; i++)
        v = v * 10 + (uint64_t)(d.ptr[i] - '0');
    return v;
}

int cvd__npm_version_parse(struct cvd_str s, struct cvd__npm_version *ret, struct cvd_diag *diag)
{
    struct cvd__semver v;
    int rc = cvd__semver_parse(s, CVD__SEMVER_NPM, "npm", &v, diag);
    if (rc)
        return rc;
    ret->num[0] = digits_value(v.major);
    ret->num[1] = digits_value(v.minor);
    ret->num[2] = digits_value(v.patch);
    ret->pre = v.pre;
    return 0;
}

int cvd__npm_version_cmp(const struct cvd__npm_version *a, const struct cvd__npm_version *b)
{
    for (int i = 0; i < 3; i++) {
        if (a->num[i] != b->num[i])
            return a->num[i] < b->num[i] ? -1 : 1;
    }
    if (a->pre.len == 0 || b->pre.len == 0)
        return a->pre.len == b->pre.len ? 0 : (a->pre.len == 0 ? 1 : -1);
    return cvd__semver_pre_cmp(a->pre, false, b->pre, false, true);
}

/* ---- ranges ---- */

/* Bytes the normalising pass saw in the whole range text: the later passes skip their scans
 * for what is absent (most ranges are a few bytes with no '|', '+', '-' or '*'). */
enum seen {
    SEEN_SPACE = 1u << 0,
    SEEN_BAR = 1u << 1,
    SEEN_PLUS = 1u << 2,
    SEEN_HYPHEN = 1u << 3,
    SEEN_STAR = 1u << 4,
    SEEN_SLOW = 1u << 5, /* not printable ASCII: maybe whitespace to collapse */
};

#define S(c)                                                                                       \
    ((c) <= ' ' || (c) >= 0x80 ? SEEN_SLOW                                                         \
     : (c) == '|'              ? SEEN_BAR                                                          \
     : (c) == '+'              ? SEEN_PLUS                                                         \
     : (c) == '-'              ? SEEN_HYPHEN                                                       \
     : (c) == '*'              ? SEEN_STAR                                                         \
                               : 0)
#define S4(c)  S(c), S(c + 1), S(c + 2), S(c + 3)
#define S16(c) S4(c), S4(c + 4), S4(c + 8), S4(c + 12)
#define S64(c) S16(c), S16(c + 16), S16(c + 32), S16(c + 48)
static const unsigned char seen_class[256] = {S64(0), S64(64), S64(128), S64(192)};

struct parser {
    struct cvd__npm_range *r;
    struct cvd_str input;
    struct cvd_diag *diag;
    unsigned seen; /* enum seen */
};

static int range_fail(struct parser *ps, int code, struct cvd_str what, const char *why)
{
    struct cvd_str in = ps->input;
    int ilen = in.len > QUOTE ? QUOTE : (int)in.len;
    int wlen = what.len > QUOTE ? QUOTE : (int)what.len;
    return cvd_diag_set(ps->diag, code, "invalid npm range '%.*s%s': '%.*s' %s", ilen, in.ptr,
                        in.len > QUOTE ? "..." : "", wlen, what.ptr, why);
}

static int add_op(struct parser *ps, enum cvd__npm_op op, uint64_t M, uint64_t m, uint64_t p,
                  struct cvd_str pre, bool keep_gte0)
{
    struct cvd__npm_range *r = ps->r;
    /* ">=0.0.0" is rewritten to "" (any) by node-semver's replaceGTE0. */
    if (!keep_gte0 && op == CVD__NPM_GE && M == 0 && m == 0 && p == 0 && pre.len == 0)
        return 0;
    if (r->ncomparators >= CVD__NPM_RANGE_MAX_COMPARATORS)
        return range_fail(ps, CVD_ELIMIT, ps->input, "has more than 64 comparators");
    struct cvd__npm_comparator *c = &r->cmp[r->ncomparators++];
    c->op = op;
    c->v.num[0] = M;
    c->v.num[1] = m;
    c->v.num[2] = p;
    c->v.pre = pre;
    return 0;
}

static int add(struct parser *ps, enum cvd__npm_op op, uint64_t M, uint64_t m, uint64_t p,
               struct cvd_str pre)
{
    return add_op(ps, op, M, m, p, pre, false);
}

#define PRE_NONE ((struct cvd_str){NULL, 0})
#define PRE_ZERO ((struct cvd_str){zero_pre, 1})

/* An x-range body "M[.m[.p[-pre]]]" with XRID = 0|[1-9][0-9]*|x|X|*; absent parts are X. */
struct xr {
    struct cvd_str n[3]; /* digits, or empty when X or absent */
    bool present[3];
    bool x[3]; /* X or absent */
    struct cvd_str pre;
};

static bool is_ident(char c)
{
    return cvd_ascii_is_digit(c) || cvd_ascii_is_alpha(c) || c == '-';
}

/* Strict PRERELEASE: ids [0-9A-Za-z-]+, all-digit ones without a leading zero. Returns end. */
static const char *prerelease(const char *p, const char *end)
{
    for (;;) {
        const char *s = p;
        bool digits = true;
        while (p < end && is_ident(*p)) {
            digits = digits && cvd_ascii_is_digit(*p);
            p++;
        }
        if (p == s || (digits && *s == '0' && p - s > 1))
            return NULL;
        if (p < end && *p == '.' && p + 1 < end) {
            p++;
            continue;
        }
        return p;
    }
}

static bool xbody(const char *p, const char *end, struct xr *x)
{
    memset(x, 0, sizeof(*x));
    for (int i = 0; i < 3; i++) {
        x->x[i] = true;
    }
    for (int i = 0; i < 3; i++) {
        if (p >= end)
            return false;
        if (*p == 'x' || *p == 'X' || *p == '*') {
            p++;
        } else if (cvd_ascii_is_digit(*p)) {
            const char *s = p;
            while (p < end && cvd_ascii_is_digit(*p))
                p++;
            if (*s == '0' && p - s > 1)
                return false;
            x->n[i] = (struct cvd_str){s, (size_t)(p - s)};
            x->x[i] = false;
        } else {
            return false;
        }
        x->present[i] = true;
        if (p == end)
            return true;
        if (i < 2 && *p == '.') {
            p++;
            continue;
        }
        break;
    }
    if (!x->present[2] || *p != '-')
        return false;
    const char *q = prerelease(p + 1, end);
    if (q != end)
        return false;
    x->pre = (struct cvd_str){p + 1, (size_t)(end - p - 1)};
    return true;
}

/* A number of the output: at most 2^53 - 1 (node-semver rejects larger ones), plus add. */
static int num(struct parser *ps, struct cvd_str digits, uint64_t add1, uint64_t *ret)
{
    struct cvd_str max = CVD_STR("9007199254740991");
    if (digits.len >= max.len && cvd__semver_num_cmp(digits, max) > 0)
        return range_fail(ps, CVD_EPARSE, digits, "is greater than 2^53 - 1");
    uint64_t v = digits_value(digits) + add1;
    if (v > MAX_SAFE)
        return range_fail(ps, CVD_EPARSE, digits, "plus one is greater than 2^53 - 1");
    *ret = v;
    return 0;
}

/* Skip node-semver's `[v=\s]*` prefix (no spaces inside a token). */
static const char *skip_prefix(const char *p, const char *end)
{
    while (p < end && (*p == 'v' || *p == '='))
        p++;
    return p;
}

static int caret(struct parser *ps, const struct xr *x)
{
    uint64_t M = 0, m = 0, p = 0, M1 = 0, m1 = 0, p1 = 0;
    int rc = 0;
    if (x->x[0])
        return 0;
    if ((rc = num(ps, x->n[0], 0, &M)))
        return rc;
    if (x->x[1]) {
        if ((rc = num(ps, x->n[0], 1, &M1)))
            return rc;
        if ((rc = add(ps, CVD__NPM_GE, M, 0, 0, PRE_NONE)))
            return rc;
        return add(ps, CVD__NPM_LT, M1, 0, 0, PRE_ZERO);
    }
    if ((rc = num(ps, x->n[1], 0, &m)))
        return rc;
    if (x->x[2]) {
        if (M == 0) {
            if ((rc = num(ps, x->n[1], 1, &m1)) || (rc = add(ps, CVD__NPM_GE, M, m, 0, PRE_NONE)))
                return rc;
            return add(ps, CVD__NPM_LT, 0, m1, 0, PRE_ZERO);
        }
        if ((rc = num(ps, x->n[0], 1, &M1)) || (rc = add(ps, CVD__NPM_GE, M, m, 0, PRE_NONE)))
            return rc;
        return add(ps, CVD__NPM_LT, M1, 0, 0, PRE_ZERO);
    }
    if ((rc = num(ps, x->n[2], 0, &p)))
        return rc;
    if ((rc = add(ps, CVD__NPM_GE, M, m, p, x->pre)))
        return rc;
    if (M == 0 && m == 0) {
        if ((rc = num(ps, x->n[2], 1, &p1)))
            return rc;
        return add(ps, CVD__NPM_LT, 0, 0, p1, PRE_ZERO);
    }
    if (M == 0) {
        if ((rc = num(ps, x->n[1], 1, &m1)))
            return rc;
        return add(ps, CVD__NPM_LT, 0, m1, 0, PRE_ZERO);
    }
    if ((rc = num(ps, x->n[0], 1, &M1)))
        return rc;
    return add(ps, CVD__NPM_LT, M1, 0, 0, PRE_ZERO);
}

static int tilde(struct parser *ps, const struct xr *x)
{
    uint64_t M = 0, m = 0, p = 0, M1 = 0, m1 = 0;
    int rc;
    if (x->x[0])
        return 0;
    if ((rc = num(ps, x->n[0], 0, &M)))
        return rc;
    if (x->x[1]) {
        if ((rc = num(ps, x->n[0], 1, &M1)) || (rc = add(ps, CVD__NPM_GE, M, 0, 0, PRE_NONE)))
            return rc;
        return add(ps, CVD__NPM_LT, M1, 0, 0, PRE_ZERO);
    }
    if ((rc = num(ps, x->n[1], 0, &m)) || (rc = num(ps, x->n[1], 1, &m1)))
        return rc;
    if (!x->x[2] && (rc = num(ps, x->n[2], 0, &p)))
        return rc;
    if ((rc = add(ps, CVD__NPM_GE, M, m, p, x->x[2] ? PRE_NONE : x->pre)))
        return rc;
    return add(ps, CVD__NPM_LT, M, m1, 0, PRE_ZERO);
}

/* replaceXRange for a body with at least one X, in a valid order. gtlt: "", "<", "<=", ">",
 * ">=" ("=" already mapped to ""). */
static int xrange(struct parser *ps, struct cvd_str gtlt, const struct xr *x)
{
    bool xM = x->x[0];
    bool xm = xM || x->x[1];
    uint64_t M = 0, m = 0, M1 = 0, m1 = 0;
    int rc;
    if (xM) {
        if (gtlt.len == 1 && (gtlt.ptr[0] == '<' || gtlt.ptr[0] == '>'))
            return add(ps, CVD__NPM_LT, 0, 0, 0, PRE_ZERO); /* "<0.0.0-0": nothing */
        return 0;
    }
    if ((rc = num(ps, x->n[0], 0, &M)))
        return rc;
    if (!xm && (rc = num(ps, x->n[1], 0, &m)))
        return rc;
    if (gtlt.len > 0) {
        enum cvd__npm_op op;
        if (cvd_str_eq_cstr(gtlt, ">")) {
            op = CVD__NPM_GE;
            if (xm) {
                if ((rc = num(ps, x->n[0], 1, &M)))
                    return rc;
                m = 0;
            } else if ((rc = num(ps, x->n[1], 1, &m))) {
                return rc;
            }
        } else if (cvd_str_eq_cstr(gtlt, "<=")) {
            op = CVD__NPM_LT;
            if (xm) {
                if ((rc = num(ps, x->n[0], 1, &M)))
                    return rc;
            } else if ((rc = num(ps, x->n[1], 1, &m))) {
                return rc;
            }
        } else if (cvd_str_eq_cstr(gtlt, "<")) {
            op = CVD__NPM_LT;
        } else {
            op = CVD__NPM_GE;
        }
        return add(ps, op, M, m, 0, op == CVD__NPM_LT ? PRE_ZERO : PRE_NONE);
    }
    if (xm) {
        if ((rc = num(ps, x->n[0], 1, &M1)) || (rc = add(ps, CVD__NPM_GE, M, 0, 0, PRE_NONE)))
            return rc;
        return add(ps, CVD__NPM_LT, M1, 0, 0, PRE_ZERO);
    }
    if ((rc = num(ps, x->n[1], 1, &m1)) || (rc = add(ps, CVD__NPM_GE, M, m, 0, PRE_NONE)))
        return rc;
    return add(ps, CVD__NPM_LT, M, m1, 0, PRE_ZERO);
}

static size_t gtlt_len(const char *p, const char *end)
{
    size_t n = 0;
    if (p < end && (*p == '<' || *p == '>'))
        n++;
    if (p + n < end && p[n] == '=')
        n++;
    return n;
}

/* A plain comparator: GTLT, optional 'v', a strict full version (node-semver's COMPARATOR). */
static int plain(struct parser *ps, struct cvd_str tok)
{
    const char *p = tok.ptr;
    const char *end = tok.ptr + tok.len;
    size_t n = gtlt_len(p, end);
    struct cvd_str op = {p, n};
    p += n;
    bool has_v = p < end && *p == 'v';
    if (has_v)
        p++;
    struct cvd__semver v;
    if (p == end ||
        cvd__semver_parse((struct cvd_str){p, (size_t)(end - p)}, 0, "npm", &v, NULL) != 0 ||
        v.build.len > 0)
        return range_fail(ps, CVD_EPARSE, tok,
                          "is not a comparator, x-range, ~ or ^ range, or hyphen range");
    uint64_t a[3];
    int rc;
    if ((rc = num(ps, v.major, 0, &a[0])) || (rc = num(ps, v.minor, 0, &a[1])) ||
        (rc = num(ps, v.patch, 0, &a[2])))
        return rc;
    enum cvd__npm_op o = CVD__NPM_EQ;
    if (cvd_str_eq_cstr(op, "<"))
        o = CVD__NPM_LT;
    else if (cvd_str_eq_cstr(op, "<="))
        o = CVD__NPM_LE;
    else if (cvd_str_eq_cstr(op, ">"))
        o = CVD__NPM_GT;
    else if (cvd_str_eq_cstr(op, ">="))
        o = CVD__NPM_GE;
    return add_op(ps, o, a[0], a[1], a[2], v.pre, has_v);
}

/* parseComparator for one whitespace-free token (may edit the token in place: stars). */
static int comparator(struct parser *ps, char *tp, size_t tlen)
{
    const char *p = tp;
    const char *end = tp + tlen;
    struct xr x;
    if (tlen == 0)
        return 0;
    if (*p == '^') {
        const char *b = skip_prefix(p + 1, end);
        if (xbody(b, end, &x))
            return caret(ps, &x);
    } else if (*p == '~') {
        const char *b = p + 1;
        if (b < end && *b == '>')
            b++;
        b = skip_prefix(b, end);
        if (xbody(b, end, &x))
            return tilde(ps, &x);
    } else {
        size_t n = gtlt_len(p, end);
        struct cvd_str gtlt = {p, n};
        const char *b = skip_prefix(p + n, end);
        if (xbody(b, end, &x)) {
            bool bad_order = (x.x[0] && !x.x[1]) || (x.x[1] && x.present[2] && !x.x[2]);
            bool any_x = x.x[0] || x.x[1] || x.x[2];
            if (!bad_order && any_x) {
                if (cvd_str_eq_cstr(gtlt, "="))
                    gtlt.len = 0;
                return xrange(ps, gtlt, &x);
            }
        }
    }
    /* replaceStars: drop the first "[<>]?=?\*". */
    char *star = ps->seen & SEEN_STAR ? memchr(tp, '*', tlen) : NULL;
    if (star != NULL) {
        char *s = star;
        if (s > tp && s[-1] == '=')
            s--;
        if (s > tp && (s[-1] == '<' || s[-1] == '>'))
            s--;
        size_t cut = (size_t)(star + 1 - s);
        memmove(s, star + 1, (size_t)(tp + tlen - star - 1));
        tlen -= cut;
        if (tlen == 0)
            return 0;
    }
    return plain(ps, (struct cvd_str){tp, tlen});
}

/* hyphenReplace: "A - B" (the whole set). from/to include their `[v=\s]*` prefix. */
static int hyphen(struct parser *ps, struct cvd_str from, const struct xr *f, struct cvd_str to,
                  const struct xr *t)
{
    int rc;
    uint64_t a = 0, b = 0, c = 0;
    if (!f->x[0]) {
        if (f->x[1] || f->x[2]) {
            if ((rc = num(ps, f->n[0], 0, &a)))
                return rc;
            if (!f->x[1] && (rc = num(ps, f->n[1], 0, &b)))
                return rc;
            if ((rc = add(ps, CVD__NPM_GE, a, b, 0, PRE_NONE)))
                return rc;
        } else {
            /* ">=" + the text as written: only "" or "v" may precede the numbers. */
            const char *q = from.ptr;
            if (q < from.ptr + from.len && *q == 'v')
                q++;
            if (q != f->n[0].ptr)
                return range_fail(ps, CVD_EPARSE, from, "is not a valid lower bound");
            if ((rc = num(ps, f->n[0], 0, &a)) || (rc = num(ps, f->n[1], 0, &b)) ||
                (rc = num(ps, f->n[2], 0, &c)))
                return rc;
            /* ">=v0.0.0" is not the literal ">=0.0.0" that replaceGTE0 drops. */
            if ((rc = add_op(ps, CVD__NPM_GE, a, b, c, f->pre, q != from.ptr)))
                return rc;
        }
    }
    if (t->x[0])
        return 0;
    if (t->x[1]) {
        if ((rc = num(ps, t->n[0], 1, &a)))
            return rc;
        return add(ps, CVD__NPM_LT, a, 0, 0, PRE_ZERO);
    }
    if (t->x[2]) {
        if ((rc = num(ps, t->n[0], 0, &a)) || (rc = num(ps, t->n[1], 1, &b)))
            return rc;
        return add(ps, CVD__NPM_LT, a, b, 0, PRE_ZERO);
    }
    if (t->pre.len == 0) {
        const char *q = to.ptr;
        if (q < to.ptr + to.len && *q == 'v')
            q++;
        if (q != t->n[0].ptr)
            return range_fail(ps, CVD_EPARSE, to, "is not a valid upper bound");
    }
    if ((rc = num(ps, t->n[0], 0, &a)) || (rc = num(ps, t->n[1], 0, &b)) ||
        (rc = num(ps, t->n[2], 0, &c)))
        return rc;
    return add(ps, CVD__NPM_LE, a, b, c, t->pre);
}

/* HYPHENRANGE: ^\s?(XRANGEPLAIN)\s-\s(XRANGEPLAIN)\s?$ on one set; 1 if it matched. */
static int try_hyphen(struct parser *ps, char *s, char *e, bool *ret_matched)
{
    char *p = s;
    *ret_matched = false;
    if ((ps->seen & (SEEN_SPACE | SEEN_HYPHEN)) != (SEEN_SPACE | SEEN_HYPHEN))
        return 0; /* no " - " anywhere */
    if (p < e && *p == ' ')
        p++;
    char *fs = p;
    while (p < e && (*p == 'v' || *p == '=' || *p == ' '))
        p++;
    char *fb = p;
    while (p < e && *p != ' ')
        p++;
    char *fe = p;
    struct xr f;
    struct xr t;
    if (fb == fe || e - p < 3 || p[0] != ' ' || p[1] != '-' || p[2] != ' ' || !xbody(fb, fe, &f))
        return 0;
    p += 3;
    char *ts = p;
    while (p < e && (*p == 'v' || *p == '=' || *p == ' '))
        p++;
    char *tb = p;
    while (p < e && *p != ' ')
        p++;
    char *te = p;
    if (tb == te || !xbody(tb, te, &t))
        return 0;
    if (p < e && *p == ' ')
        p++;
    if (p != e)
        return 0;
    *ret_matched = true;
    return hyphen(ps, (struct cvd_str){fs, (size_t)(fe - fs)}, &f,
                  (struct cvd_str){ts, (size_t)(te - ts)}, &t);
}

static bool ends_with_op(const char *s, const char *e)
{
    return e > s && (e[-1] == '<' || e[-1] == '>' || e[-1] == '=');
}

static bool looks_like_version(const char *p, const char *e)
{
    while (p < e && (*p == 'v' || *p == '='))
        p++;
    return p < e && (cvd_ascii_is_digit(*p) || *p == 'x' || *p == 'X' || *p == '*');
}

/* One "||" part [s, e) of the normalised text. */
static int parse_set(struct parser *ps, char *s, char *e)
{
    /* range.trim() of the part, then strip build metadata everywhere ("+id(.id)*"). */
    if (s < e && *s == ' ')
        s++;
    if (e > s && e[-1] == ' ')
        e--;
    char *w = ps->seen & SEEN_PLUS ? memchr(s, '+', (size_t)(e - s)) : NULL;
    if (w == NULL)
        w = e;
    for (char *p = w; p < e;) {
        if (*p == '+' && p + 1 < e && is_ident(p[1])) {
            p++;
            for (;;) {
                while (p < e && is_ident(*p))
                    p++;
                if (p + 1 < e && *p == '.' && is_ident(p[1])) {
                    p++;
                    continue;
                }
                break;
            }
            continue;
        }
        *w++ = *p++;
    }
    e = w;
    bool matched;
    int rc = try_hyphen(ps, s, e, &matched);
    if (rc || matched)
        return rc;
    /* Tokens split at single spaces; an operator (or ~ ^) ending a token takes the next token
     * when node-semver's COMPARATORTRIM / TILDETRIM / CARETTRIM would join them. */
    char *p = s;
    while (p <= e) {
        char *q = ps->seen & SEEN_SPACE ? memchr(p, ' ', (size_t)(e - p)) : NULL;
        if (q == NULL)
            q = e;
        for (;;) {
            if (q >= e || q + 1 >= e || q[1] == ' ')
                break;
            const char *n = q + 1;
            const char *ne = n;
            while (ne < e && *ne != ' ')
                ne++;
            bool glue = false;
            if (q > p &&
                (q[-1] == '~' || q[-1] == '^' || (q[-1] == '>' && q - p >= 2 && q[-2] == '~')))
                glue = true;
            else if (ends_with_op(p, q) && looks_like_version(n, ne))
                glue = true;
            if (!glue)
                break;
            /* Close the gap: the rest of the set moves left over the space. */
            memmove(q, q + 1, (size_t)(e - q - 1));
            e--;
            while (q < e && *q != ' ')
                q++;
        }
        if ((rc = comparator(ps, p, (size_t)(q - p))))
            return rc;
        p = q + 1;
    }
    return 0;
}

static bool null_set(const struct cvd__npm_range *r, uint16_t begin, uint16_t end)
{
    for (uint16_t k = begin; k < end; k++) {
        const struct cvd__npm_comparator *c = &r->cmp[k];
        if (c->op == CVD__NPM_LT && c->v.num[0] == 0 && c->v.num[1] == 0 && c->v.num[2] == 0 &&
            c->v.pre.len == 1 && c->v.pre.ptr[0] == '0')
            return true;
    }
    return false;
}

/* Range's constructor: with several sets, null sets ("<0.0.0-0") are dropped and, if one of
 * the remaining sets is "any" (no comparators), the range becomes that set alone, so a
 * pre-release no longer matches through the other sets ("x || 1.0.0-pre"). */
static void any_set_rule(struct cvd__npm_range *r)
{
    if (r->nsets < 2)
        return;
    uint16_t begin = 0;
    uint16_t live = 0;
    bool any = false;
    for (uint16_t i = 0; i < r->nsets; i++) {
        uint16_t end = r->set_end[i];
        if (!null_set(r, begin, end)) {
            live++;
            any = any || begin == end;
        }
        begin = end;
    }
    if (live > 1 && any) {
        r->nsets = 1;
        r->set_end[0] = 0;
    }
}

/* The first "||" in [s, e), or e. */
static char *find_bars(char *s, char *e)
{
    char *bar;
    while ((bar = memchr(s, '|', (size_t)(e - s))) != NULL) {
        if (bar + 1 < e && bar[1] == '|')
            return bar;
        s = bar + 1;
    }
    return e;
}

int cvd__npm_range_parse(struct cvd_str range, struct cvd__npm_range *r, struct cvd_diag *diag)
{
    struct parser ps = {r, range, diag, 0};
    r->nsets = 0;
    r->ncomparators = 0;
    /* Normalise: trim, collapse whitespace runs to one space (Range: trim().replace(/\s+/g)). */
    struct cvd_str t = cvd__js_trim(range);
    const char *p = t.ptr;
    const char *end = t.ptr + t.len;
    size_t n = 0;
    unsigned seen = 0;
    while (p < end) {
        unsigned k = seen_class[(unsigned char)*p];
        seen |= k;
        if (!(k & SEEN_SLOW)) {
            if (n >= CVD__NPM_RANGE_MAX_BYTES)
                goto too_long;
            r->text[n++] = *p++;
            continue;
        }
        size_t sp = cvd__js_space_len(p, end);
        if (sp > 0) {
            while (p < end && (sp = cvd__js_space_len(p, end)) > 0)
                p += sp;
            if (n >= CVD__NPM_RANGE_MAX_BYTES)
                goto too_long;
            r->text[n++] = ' ';
            seen |= SEEN_SPACE;
            continue;
        }
        if (n >= CVD__NPM_RANGE_MAX_BYTES)
            goto too_long;
        r->text[n++] = *p++;
    }
    ps.seen = seen;
    char *s = r->text;
    char *e = r->text + n;
    for (;;) {
        char *set_end = seen & SEEN_BAR ? find_bars(s, e) : e;
        if (r->nsets >= CVD__NPM_RANGE_MAX_SETS)
            return range_fail(&ps, CVD_ELIMIT, range, "has more than 32 sets");
        int rc = parse_set(&ps, s, set_end);
        if (rc)
            return rc;
        r->set_end[r->nsets++] = r->ncomparators;
        if (set_end == e)
            break;
        s = set_end + 2;
    }
    any_set_rule(r);
    return 0;
too_long:
    return range_fail(&ps, CVD_ELIMIT, range, "is longer than 1024 bytes");
}

static bool test_one(const struct cvd__npm_comparator *c, const struct cvd__npm_version *v)
{
    int d = cvd__npm_version_cmp(v, &c->v);
    switch (c->op) {
    case CVD__NPM_EQ:
        return d == 0;
    case CVD__NPM_LT:
        return d < 0;
    case CVD__NPM_LE:
        return d <= 0;
    case CVD__NPM_GT:
        return d > 0;
    case CVD__NPM_GE:
        return d >= 0;
    }
    return false;
}

bool cvd__npm_range_test(const struct cvd__npm_range *r, const struct cvd__npm_version *v)
{
    uint16_t begin = 0;
    for (uint16_t i = 0; i < r->nsets; i++) {
        uint16_t end = r->set_end[i];
        bool ok = true;
        for (uint16_t k = begin; k < end && ok; k++)
            ok = test_one(&r->cmp[k], v);
        if (ok && v->pre.len > 0) {
            /* A pre-release only matches a set that names a pre-release of its tuple. */
            ok = false;
            for (uint16_t k = begin; k < end && !ok; k++) {
                const struct cvd__npm_version *a = &r->cmp[k].v;
                ok = a->pre.len > 0 && a->num[0] == v->num[0] && a->num[1] == v->num[1] &&
                     a->num[2] == v->num[2];
            }
        }
        if (ok)
            return true;
        begin = end;
    }
    return false;
}

static int npm_compare(struct cvd_str a, struct cvd_str b, int *ret_cmp, struct cvd_diag *diag)
{
    struct cvd__npm_version x;
    struct cvd__npm_version y;
    int rc = cvd__npm_version_parse(a, &x, diag);
    if (rc == 0)
        rc = cvd__npm_version_parse(b, &y, diag);
    if (rc)
        return rc;
    *ret_cmp = cvd__npm_version_cmp(&x, &y);
    return 0;
}

static int npm_satisfies(struct cvd_str version, struct cvd_str range, bool *ret,
                         struct cvd_diag *diag)
{
    struct cvd__npm_range r;
    struct cvd__npm_version v;
    int rc = cvd__npm_range_parse(range, &r, diag);
    if (rc == 0)
        rc = cvd__npm_version_parse(version, &v, diag);
    if (rc)
        return rc;
    *ret = cvd__npm_range_test(&r, &v);
    return 0;
}

const struct cvd_version_scheme cvd__scheme_npm = {
    .name = "npm",
    .compare = npm_compare,
    .satisfies = npm_satisfies,
};
