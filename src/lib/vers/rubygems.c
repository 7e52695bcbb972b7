/* RubyGems: Gem::Version ordering and Gem::Requirement lists (RubyGems 3.3.15 semantics).
 *
 * A version is split into segments (runs of digits = numbers, runs of letters = strings; a `-`
 * counts as the string "pre", because RubyGems rewrites `-` to `.pre.`). The canonical form drops
 * trailing zeros of the numeric prefix and of the rest, and two canonical lists compare element by
 * element with a missing element read as 0, a string below any number, strings byte-wise. Segments
 * live in a fixed array on the stack (CVD__GEM_MAX_SEGMENTS); numbers of any length compare as
 * digit strings, so nothing allocates. */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "cvd/err.h"
#include "cvd/str.h"
#include "cvd/version.h"

#include "digits-int.h"
#include "vers-int.h"

/* More segments than any real gem version has (the longest in rubysec has 9); beyond: ELIMIT. */
#define CVD__GEM_MAX_SEGMENTS 64

struct gem_seg {
    const char *p; /* digits without leading zeros (len 0 = zero), or letters */
    size_t len;
    bool num;
};

struct gem_version {
    struct gem_seg seg[CVD__GEM_MAX_SEGMENTS];
    size_t n;     /* raw segments */
    size_t first; /* index of the first string segment (n when none) */
    size_t rel;   /* numeric prefix without trailing zeros: seg[0..rel) */
    size_t tail;  /* end of the string part without trailing zeros: seg[first..tail) */
    bool pre;     /* any letter, i.e. a pre-release */
};

/* A sequence of segments: seg[0..na) then seg2[0..nb); when plus, the last element of the first
 * part is read as that number + 1 (Gem::Version#bump). */
struct gem_view {
    const struct gem_seg *a;
    size_t na;
    const struct gem_seg *b;
    size_t nb;
    bool plus;
};

static const struct gem_seg gem_zero = {"", 0, true};

static bool is_gem_space(char c)
{
    /* Ruby's \s: space, \t, \n, \v, \f, \r. */
    return c == ' ' || (c >= '\t' && c <= '\r');
}

static bool is_alnum(char c)
{
    return cvd_ascii_is_digit((unsigned char)c) || cvd_ascii_is_alpha((unsigned char)c);
}

static int gem_invalid(struct cvd_diag *diag, struct cvd_str s, size_t off, const char *why)
{
    return cvd__vers_invalid(diag, CVD_EPARSE, "rubygems version", s, CVD__VERS_QUOTE_MAX, off,
                             why);
}

/* Check VERSION_PATTERN = [0-9]+(\.[0-9a-zA-Z]+)*(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)? on all of
 * s (already trimmed, not empty), with one leniency: letters may follow the first number directly
 * ("1beta", "2a1"), which RubyGems rejects but osv-scalibr accepts and OSV data contains; it reads
 * as "1.beta", the order osv-scalibr gives it. */
static int gem_check(struct cvd_str s, struct cvd_str orig, size_t base, struct cvd_diag *diag)
{
    size_t i = 0;
    if (!cvd_ascii_is_digit((unsigned char)s.ptr[0]))
        return gem_invalid(diag, orig, base, "a version starts with a digit");
    while (i < s.len && is_alnum(s.ptr[i]))
        i++;
    while (i < s.len && s.ptr[i] == '.') {
        size_t start = ++i;
        while (i < s.len && is_alnum(s.ptr[i]))
            i++;
        if (i == start)
            return gem_invalid(diag, orig, base + i, "a '.' is followed by letters or digits");
    }
    if (i < s.len && s.ptr[i] == '-') {
        i++;
        for (;;) {
            size_t start = i;
            while (i < s.len && (is_alnum(s.ptr[i]) || s.ptr[i] == '-'))
                i++;
            if (i == start)
                return gem_invalid(diag, orig, base + i,
                                   "a '-' or '.' in the pre-release part is followed by letters, "
                                   "digits or '-'");
            if (i < s.len && s.ptr[i] == '.') {
                i++;
                continue;
            }
            break;
        }
    }
    if (i < s.len)
        return gem_invalid(diag, orig, base + i,
                           "only digits, letters, '.' and '-' may follow the first number");
    return 0;
}

static int gem_push(struct gem_version *v, struct gem_seg seg, struct cvd_str orig,
                    struct cvd_diag *diag)
{
    if (v->n == CVD__GEM_MAX_SEGMENTS) {
        return cvd_diag_set(diag, CVD_ELIMIT, "rubygems version '%.*s%s' has more than %d segments",
                            CVD__VERS_QUOTE(orig), CVD__GEM_MAX_SEGMENTS);
    }
    v->seg[v->n++] = seg;
    return 0;
}

/* Parse s into v. An empty (or all-space) string is "0" when allow_empty (Gem::Version.new("")). */
static int gem_parse(struct cvd_str s, bool allow_empty, struct gem_version *v,
                     struct cvd_diag *diag)
{
    struct cvd_str orig = s;
    size_t base = 0;
    int rc;

    while (s.len > 0 && is_gem_space(s.ptr[0])) {
        s.ptr++;
        s.len--;
        base++;
    }
    while (s.len > 0 && is_gem_space(s.ptr[s.len - 1]))
        s.len--;
    v->n = 0;
    v->pre = false;
    if (s.len == 0) {
        if (!allow_empty)
            return gem_invalid(diag, orig, 0, "the version is empty");
    } else {
        rc = gem_check(s, orig, base, diag);
        if (rc)
            return rc;
    }
    for (size_t i = 0; i < s.len;) {
        char c = s.ptr[i];
        size_t start = i;
        struct gem_seg seg;
        if (cvd_ascii_is_digit((unsigned char)c)) {
            while (i < s.len && cvd_ascii_is_digit((unsigned char)s.ptr[i]))
                i++;
            struct cvd_str d = cvd__digits_trim(s.ptr + start, i - start);
            seg = (struct gem_seg){d.ptr, d.len, true};
        } else if (cvd_ascii_is_alpha((unsigned char)c)) {
            while (i < s.len && cvd_ascii_is_alpha((unsigned char)s.ptr[i]))
                i++;
            seg = (struct gem_seg){s.ptr + start, i - start, false};
            v->pre = true;
        } else {
            i++;
            if (c != '-')
                continue;
            /* "-" is rewritten to ".pre." before segmenting. */
            seg = (struct gem_seg){"pre", 3, false};
            v->pre = true;
        }
        rc = gem_push(v, seg, orig, diag);
        if (rc)
            return rc;
    }
    v->first = v->n;
    for (size_t i = 0; i < v->n; i++) {
        if (!v->seg[i].num) {
            v->first = i;
            break;
        }
    }
    v->rel = v->first;
    while (v->rel > 0 && v->seg[v->rel - 1].num && v->seg[v->rel - 1].len == 0)
        v->rel--;
    v->tail = v->n;
    while (v->tail > v->first && v->seg[v->tail - 1].num && v->seg[v->tail - 1].len == 0)
        v->tail--;
    return 0;
}

static struct gem_view gem_canonical(const struct gem_version *v)
{
    return (struct gem_view){v->seg, v->rel, v->seg + v->first, v->tail - v->first, false};
}

/* Gem::Version#release: the numeric prefix (trailing zeros dropped, as canonical). */
static struct gem_view gem_release(const struct gem_version *v)
{
    return (struct gem_view){v->seg, v->rel, NULL, 0, false};
}

/* Gem::Version#bump: numeric prefix, drop its last segment unless it is the only one, add 1 to
 * the new last. The result ends in a non-zero number, so it is already canonical. */
static struct gem_view gem_bump(const struct gem_version *v)
{
    size_t k = v->first > 1 ? v->first - 1 : v->first;
    return (struct gem_view){v->seg, k, NULL, 0, true};
}

static const struct gem_seg *view_at(const struct gem_view *w, size_t i, bool *plus)
{
    *plus = false;
    if (i < w->na) {
        *plus = w->plus && i + 1 == w->na;
        return &w->a[i];
    }
    if (i - w->na < w->nb)
        return &w->b[i - w->na];
    return &gem_zero;
}

/* Digit i of the number s (+1 when plus), whose digit count is *len. */
struct gem_num {
    const struct gem_seg *s;
    bool plus;
    bool carry_out; /* plus and all digits are 9 (or the number is 0): one more digit */
    size_t last;    /* plus and not carry_out: the last digit that is not 9 */
    size_t len;
};

static void gem_num_init(struct gem_num *n, const struct gem_seg *s, bool plus)
{
    n->s = s;
    n->plus = plus;
    n->carry_out = false;
    n->last = 0;
    n->len = s->len;
    if (!plus)
        return;
    size_t i = s->len;
    while (i > 0 && s->p[i - 1] == '9')
        i--;
    if (i == 0) {
        n->carry_out = true;
        n->len = s->len + 1;
    } else {
        n->last = i - 1;
    }
}

static char gem_num_digit(const struct gem_num *n, size_t i)
{
    if (!n->plus)
        return n->s->p[i];
    if (n->carry_out)
        return i == 0 ? '1' : '0';
    if (i < n->last)
        return n->s->p[i];
    if (i == n->last)
        return (char)(n->s->p[i] + 1);
    return '0';
}

static int gem_num_cmp(const struct gem_seg *a, bool pa, const struct gem_seg *b, bool pb)
{
    if (!pa && !pb)
        return cvd__digits_cmp((struct cvd_str){a->p, a->len}, (struct cvd_str){b->p, b->len});
    struct gem_num x, y;
    gem_num_init(&x, a, pa);
    gem_num_init(&y, b, pb);
    if (x.len != y.len)
        return x.len < y.len ? -1 : 1;
    for (size_t i = 0; i < x.len; i++) {
        char cx = gem_num_digit(&x, i), cy = gem_num_digit(&y, i);
        if (cx != cy)
            return cx < cy ? -1 : 1;
    }
    return 0;
}

/* Gem::Version#<=> on two canonical views. */
static int gem_view_cmp(const struct gem_view *a, const struct gem_view *b)
{
    size_t la = a->na + a->nb, lb = b->na + b->nb;
    size_t n = la > lb ? la : lb;
    for (size_t i = 0; i < n; i++) {
        bool pa, pb;
        const struct gem_seg *x = view_at(a, i, &pa);
        const struct gem_seg *y = view_at(b, i, &pb);
        int c;
        if (x->num && y->num)
            c = gem_num_cmp(x, pa, y, pb);
        else if (x->num != y->num)
            c = x->num ? 1 : -1; /* a string sorts below any number */
        else
            c = cvd__bytes_cmp((struct cvd_str){x->p, x->len}, (struct cvd_str){y->p, y->len});
        if (c != 0)
            return c;
    }
    return 0;
}

static int gem_compare(struct cvd_str a, struct cvd_str b, int *ret_cmp, struct cvd_diag *diag)
{
    struct gem_version va, vb;
    int rc = gem_parse(a, true, &va, diag);
    if (rc)
        return rc;
    rc = gem_parse(b, true, &vb, diag);
    if (rc)
        return rc;
    struct gem_view wa = gem_canonical(&va), wb = gem_canonical(&vb);
    *ret_cmp = gem_view_cmp(&wa, &wb);
    return 0;
}

enum gem_op { GEM_EQ, GEM_NE, GEM_GT, GEM_LT, GEM_GE, GEM_LE, GEM_PESS };

static int req_invalid(struct cvd_diag *diag, struct cvd_str req, struct cvd_str piece, size_t off,
                       const char *why)
{
    return cvd_diag_set_at(diag, CVD_EPARSE, off,
                           "invalid rubygems requirement '%.*s%s' in '%.*s%s': %s",
                           CVD__VERS_QUOTE(piece), CVD__VERS_QUOTE(req), why);
}

/* One requirement: \s*(op)?\s*VERSION\s* (Gem::Requirement::PATTERN); no operator means "=". */
static int gem_req_parse(struct cvd_str req, struct cvd_str piece, size_t base, enum gem_op *ret_op,
                         struct gem_version *ret_v, struct cvd_diag *diag)
{
    size_t i = 0;
    while (i < piece.len && is_gem_space(piece.ptr[i]))
        i++;
    enum gem_op op = GEM_EQ;
    struct cvd_str rest = {piece.ptr + i, piece.len - i};
    static const struct {
        const char *text;
        enum gem_op op;
    } ops[] = {{"~>", GEM_PESS}, {">=", GEM_GE}, {"<=", GEM_LE}, {"!=", GEM_NE},
               {">", GEM_GT},    {"<", GEM_LT},  {"=", GEM_EQ}};
    for (size_t k = 0; k < sizeof(ops) / sizeof(ops[0]); k++) {
        struct cvd_str t = cvd_str_from_cstr(ops[k].text);
        if (cvd_str_starts_with(rest, t)) {
            op = ops[k].op;
            i += t.len;
            break;
        }
    }
    struct cvd_str ver = {piece.ptr + i, piece.len - i};
    struct cvd_str trimmed = ver;
    while (trimmed.len > 0 && is_gem_space(trimmed.ptr[0])) {
        trimmed.ptr++;
        trimmed.len--;
    }
    if (trimmed.len == 0 || !cvd_ascii_is_digit((unsigned char)trimmed.ptr[0]))
        return req_invalid(diag, req, piece, base + i,
                           "an operator (= != > < >= <= ~>) and a version are expected");
    int rc = gem_parse(ver, false, ret_v, diag);
    if (rc) {
        if (diag)
            diag->offset += base + i;
        return rc;
    }
    *ret_op = op;
    return 0;
}

static bool gem_req_holds(enum gem_op op, const struct gem_version *v, const struct gem_version *r)
{
    struct gem_view wv = gem_canonical(v), wr = gem_canonical(r);
    int c = gem_view_cmp(&wv, &wr);
    switch (op) {
    case GEM_EQ:
        return c == 0;
    case GEM_NE:
        return c != 0;
    case GEM_GT:
        return c > 0;
    case GEM_LT:
        return c < 0;
    case GEM_GE:
        return c >= 0;
    case GEM_LE:
        return c <= 0;
    case GEM_PESS: {
        if (c < 0)
            return false;
        struct gem_view rel = gem_release(v), bump = gem_bump(r);
        return gem_view_cmp(&rel, &bump) < 0;
    }
    }
    return false;
}

/* Gem::Requirement.new(*range.split(",")).satisfied_by?(Gem::Version.new(version)). Like Ruby's
 * String#split, trailing empty pieces are dropped, so "" and "," are the default ">= 0"; an empty
 * piece elsewhere is an error. Every piece is parsed even after one fails, so a bad range is
 * reported whatever the version. */
static int gem_satisfies(struct cvd_str version, struct cvd_str range, bool *ret,
                         struct cvd_diag *diag)
{
    struct gem_version v, r;
    int rc = gem_parse(version, true, &v, diag);
    if (rc)
        return rc;
    size_t end = range.len;
    while (end > 0 && range.ptr[end - 1] == ',')
        end--;
    bool all = true;
    size_t start = 0;
    while (start < end) {
        size_t stop = start;
        while (stop < end && range.ptr[stop] != ',')
            stop++;
        enum gem_op op = GEM_EQ; /* set by gem_req_parse; gcc -O2 cannot see it */
        rc = gem_req_parse(range, (struct cvd_str){range.ptr + start, stop - start}, start, &op, &r,
                           diag);
        if (rc)
            return rc;
        if (!gem_req_holds(op, &v, &r))
            all = false;
        start = stop + 1;
    }
    *ret = all;
    return 0;
}

const struct cvd_version_scheme cvd__scheme_rubygems = {
    .name = "rubygems",
    .compare = gem_compare,
    .satisfies = gem_satisfies,
};
