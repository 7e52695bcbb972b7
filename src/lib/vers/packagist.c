/* Packagist: PHP version_compare() order after stripping leading v/V (what osv-scanner and
 * osv-scalibr use for OSV Packagist ranges), and a documented subset of Composer constraints.
 *
 * A version is read as a stream of elements: maximal runs of digits (numbers) and of letters
 * (special forms); every other printable character separates, like PHP's canonicalisation
 * (`-`, `_`, `+`, `.`, ... become `.`, and `.` goes between digits and letters). Elements are
 * produced by a cursor over the caller's bytes, so comparing needs no array, no allocation and has
 * no length limit. See docs/internals/vers-gem-nuget-php-misc.md for the exact rules. */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "cvd/err.h"
#include "cvd/str.h"
#include "cvd/version.h"

#include "digits-int.h"
#include "vers-int.h"

enum php_kind { PHP_NONE, PHP_NUM, PHP_WORD, PHP_HASH, PHP_ZERO, PHP_DEV };

struct php_elem {
    enum php_kind kind;
    struct cvd_str s; /* PHP_NUM: digits without leading zeros; PHP_WORD: the letters */
    bool plus;        /* PHP_NUM: read as value + 1 */
};

/* How a version is streamed. Plain compare uses all-zero options. */
struct php_opts {
    unsigned pad; /* pad the leading run of numbers with zeros to this many (Composer: 4) */
    size_t take;  /* when non-zero: only the first `take` leading numbers, then padding */
    bool plus;    /* with take: the last number taken is read + 1 */
    bool dev;     /* append the element "dev" (Composer's "-dev" on bounds) */
};

enum php_phase { PHASE_LEAD, PHASE_PAD, PHASE_REST, PHASE_DEV, PHASE_END };

struct php_cur {
    const char *p, *end;
    struct php_opts o;
    enum php_phase phase;
    size_t lead;   /* leading numbers emitted */
    size_t nlead;  /* leading numbers of the version (take applied) */
    unsigned pads; /* zeros still to emit */
};

static bool is_alnum(char c)
{
    return cvd_ascii_is_digit((unsigned char)c) || cvd_ascii_is_alpha((unsigned char)c);
}

/* The next element of the raw bytes [*pp, end); PHP_NONE at the end. A '#' that ends the version
 * is an element of its own (weight of '#', osv-scalibr's reading); PHP would leave an empty last
 * element there, which compares below itself. */
static struct php_elem php_scan(const char **pp, const char *end)
{
    const char *p = *pp;
    while (p < end && !is_alnum(*p) && !(*p == '#' && p + 1 == end))
        p++;
    struct php_elem e = {PHP_NONE, {NULL, 0}, false};
    if (p == end) {
        *pp = p;
        return e;
    }
    const char *start = p;
    if (*p == '#') {
        p++;
        e.kind = PHP_HASH;
    } else if (cvd_ascii_is_digit((unsigned char)*p)) {
        while (p < end && cvd_ascii_is_digit((unsigned char)*p))
            p++;
        e.kind = PHP_NUM;
    } else {
        while (p < end && cvd_ascii_is_alpha((unsigned char)*p))
            p++;
        e.kind = PHP_WORD;
    }
    e.s = (struct cvd_str){start, (size_t)(p - start)};
    if (e.kind == PHP_NUM)
        e.s = cvd__digits_trim(start, e.s.len);
    *pp = p;
    return e;
}

static void php_cur_init(struct php_cur *c, struct cvd_str v, const struct php_opts *o)
{
    c->p = v.ptr;
    c->end = v.ptr + v.len;
    c->o = *o;
    c->phase = PHASE_LEAD;
    c->lead = 0;
    size_t n = 0;
    const char *q = v.ptr;
    for (;;) {
        struct php_elem e = php_scan(&q, c->end);
        if (e.kind != PHP_NUM)
            break;
        n++;
    }
    if (o->take && n > o->take)
        n = o->take;
    c->nlead = n;
    c->pads = o->pad > n ? (unsigned)(o->pad - n) : 0;
}

static struct php_elem php_next(struct php_cur *c)
{
    struct php_elem none = {PHP_NONE, {NULL, 0}, false};
    for (;;) {
        switch (c->phase) {
        case PHASE_LEAD:
            if (c->lead < c->nlead) {
                struct php_elem e = php_scan(&c->p, c->end);
                c->lead++;
                e.plus = c->o.take && c->o.plus && c->lead == c->nlead;
                return e;
            }
            c->phase = PHASE_PAD;
            break;
        case PHASE_PAD:
            if (c->pads > 0) {
                c->pads--;
                return (struct php_elem){PHP_ZERO, {"", 0}, false};
            }
            c->phase = c->o.take ? PHASE_DEV : PHASE_REST;
            break;
        case PHASE_REST: {
            struct php_elem e = php_scan(&c->p, c->end);
            if (e.kind != PHP_NONE)
                return e;
            c->phase = PHASE_DEV;
            break;
        }
        case PHASE_DEV:
            c->phase = PHASE_END;
            if (c->o.dev)
                return (struct php_elem){PHP_DEV, {"dev", 3}, false};
            break;
        case PHASE_END:
            return none;
        }
    }
}

/* PHP's compare_special_version_forms weights: prefix match in this order, anything else -1. */
static int php_weight(const struct php_elem *e)
{
    static const struct {
        const char *name;
        int order;
    } forms[] = {{"dev", 0}, {"alpha", 1}, {"a", 1}, {"beta", 2}, {"b", 2},
                 {"RC", 3},  {"rc", 3},    {"#", 4}, {"pl", 5},   {"p", 5}};
    if (e->kind == PHP_HASH || e->kind == PHP_NUM || e->kind == PHP_ZERO)
        return 4; /* a number facing a word counts as "#" */
    for (size_t i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
        struct cvd_str f = cvd_str_from_cstr(forms[i].name);
        if (cvd_str_starts_with(e->s, f))
            return forms[i].order;
    }
    return -1;
}

static bool php_is_num(const struct php_elem *e)
{
    return e->kind == PHP_NUM || e->kind == PHP_ZERO;
}

static int sign(int x)
{
    return (x > 0) - (x < 0);
}

/* The extra elements of the longer version against "#": a number makes it greater, a special
 * form decides by its weight against '#', equal weights go on. */
static int php_tail(struct php_cur *c, struct php_elem e)
{
    while (e.kind != PHP_NONE) {
        if (php_is_num(&e))
            return 1;
        int w = sign(php_weight(&e) - 4);
        if (w != 0)
            return w;
        e = php_next(c);
    }
    return 0;
}

static int php_cmp(struct php_cur *a, struct php_cur *b)
{
    for (;;) {
        struct php_elem x = php_next(a), y = php_next(b);
        if (x.kind == PHP_NONE && y.kind == PHP_NONE)
            return 0;
        if (y.kind == PHP_NONE)
            return php_tail(a, x);
        if (x.kind == PHP_NONE)
            return -php_tail(b, y);
        int c;
        if (php_is_num(&x) && php_is_num(&y))
            c = cvd__digits_cmp_plus(x.s, x.plus, y.s, y.plus);
        else
            c = sign(php_weight(&x) - php_weight(&y));
        if (c != 0)
            return c;
    }
}

static int php_invalid(struct cvd_diag *diag, struct cvd_str v, size_t off, const char *why)
{
    return cvd__vers_invalid(diag, CVD_EPARSE, "packagist version", v, CVD__VERS_QUOTE_MAX, off,
                             why);
}

/* Strip leading v/V (PHP ltrim($v, "vV"), as the oracle and osv-scalibr do) and check what PHP
 * would read sensibly: printable ASCII without spaces, starting with a letter or digit, ending
 * with a letter, digit or '#'. A separator at either end makes PHP compare a version below
 * itself, so those are rejected rather than given an arbitrary order. */
static int php_parse(struct cvd_str v, struct cvd_str *ret, struct cvd_diag *diag)
{
    struct cvd_str s = v;
    size_t off = 0;
    while (s.len > 0 && (s.ptr[0] == 'v' || s.ptr[0] == 'V')) {
        s.ptr++;
        s.len--;
        off++;
    }
    if (s.len == 0)
        return php_invalid(diag, v, off, "the version is empty");
    for (size_t i = 0; i < s.len; i++) {
        unsigned char c = (unsigned char)s.ptr[i];
        if (c <= ' ' || c >= 0x7f)
            return php_invalid(diag, v, off + i,
                               "only printable ASCII characters without spaces are allowed");
    }
    if (!is_alnum(s.ptr[0]))
        return php_invalid(diag, v, off, "a version starts with a letter or digit");
    char last = s.ptr[s.len - 1];
    if (!is_alnum(last) && last != '#')
        return php_invalid(diag, v, off + s.len - 1,
                           "a version ends with a letter, digit or '#', not a separator");
    *ret = s;
    return 0;
}

static int php_compare(struct cvd_str a, struct cvd_str b, int *ret_cmp, struct cvd_diag *diag)
{
    struct cvd_str sa, sb;
    int rc = php_parse(a, &sa, diag);
    if (rc)
        return rc;
    rc = php_parse(b, &sb, diag);
    if (rc)
        return rc;
    static const struct php_opts plain = {0, 0, false, false};
    struct php_cur ca, cb;
    php_cur_init(&ca, sa, &plain);
    php_cur_init(&cb, sb, &plain);
    *ret_cmp = php_cmp(&ca, &cb);
    return 0;
}

/* ---- Composer constraints (subset) ---- */

enum php_op { OP_EQ, OP_NE, OP_GT, OP_GE, OP_LT, OP_LE };

struct php_bound {
    enum php_op op;
    struct cvd_str v;  /* validated version text (v/V stripped) */
    struct php_opts o; /* how the bound is streamed (padding, take/plus, dev) */
};

/* A constraint item expands to at most two bounds (ANDed). */
struct php_item {
    struct php_bound b[2];
    unsigned n; /* 0 = any version ("*") */
};

struct php_parser {
    struct cvd_str range;
    size_t i;
    struct cvd_diag *diag;
};

static int range_invalid(struct php_parser *ps, size_t off, const char *why)
{
    return cvd__vers_invalid(ps->diag, CVD_EPARSE, "packagist constraint", ps->range,
                             CVD__VERS_QUOTE_MAX, off, why);
}

static bool has_letter(struct cvd_str v)
{
    for (size_t i = 0; i < v.len; i++) {
        if (cvd_ascii_is_alpha((unsigned char)v.ptr[i]) || v.ptr[i] == '#')
            return true;
    }
    return false;
}

/* Number of leading numbers of v (after any v/V), and whether they are all the version is. */
static size_t lead_numbers(struct cvd_str v, bool *ret_only)
{
    const char *p = v.ptr, *end = v.ptr + v.len;
    size_t n = 0;
    struct php_elem e;
    for (;;) {
        e = php_scan(&p, end);
        if (e.kind != PHP_NUM)
            break;
        n++;
    }
    *ret_only = e.kind == PHP_NONE;
    return n;
}

/* The i-th leading number of v is zero? (i < lead_numbers) */
static bool lead_is_zero(struct cvd_str v, size_t i)
{
    const char *p = v.ptr, *end = v.ptr + v.len;
    struct php_elem e = {PHP_NONE, {NULL, 0}, false};
    for (size_t k = 0; k <= i; k++)
        e = php_scan(&p, end);
    return e.kind == PHP_NUM && e.s.len == 0;
}

static bool is_ws(char c)
{
    return c == ' ' || c == '\t';
}

/* A version token: up to whitespace, ',', '|'. */
static struct cvd_str take_token(struct php_parser *ps)
{
    size_t start = ps->i;
    while (ps->i < ps->range.len && !is_ws(ps->range.ptr[ps->i]) && ps->range.ptr[ps->i] != ',' &&
           ps->range.ptr[ps->i] != '|')
        ps->i++;
    return (struct cvd_str){ps->range.ptr + start, ps->i - start};
}

static int bound_version(struct php_parser *ps, struct cvd_str tok, size_t off, struct cvd_str *ret)
{
    if (tok.len == 0)
        return range_invalid(ps, off, "a version is expected");
    for (size_t i = 0; i < tok.len; i++) {
        if (tok.ptr[i] != '\0' && strchr("<>=!~^*@", tok.ptr[i]) != NULL)
            return range_invalid(ps, off + i,
                                 "an operator inside a version (separate constraints with ' ' "
                                 "or ','; stability flags like @dev are not supported)");
    }
    int rc = php_parse(tok, ret, ps->diag);
    if (rc && ps->diag)
        ps->diag->offset += off;
    return rc;
}

/* Lower bound ">= v", with Composer's "-dev" when v has no stability part. */
static struct php_bound lower_bound(struct cvd_str v)
{
    return (struct php_bound){OP_GE, v, {4, 0, false, !has_letter(v)}};
}

/* Upper bound "< (first `take` numbers of v, the last + 1)-dev". */
static struct php_bound upper_bound(struct cvd_str v, size_t take)
{
    return (struct php_bound){OP_LT, v, {4, take, true, true}};
}

static int parse_item(struct php_parser *ps, struct php_item *it)
{
    struct cvd_str r = ps->range;
    size_t start = ps->i;
    it->n = 0;
    char c = r.ptr[ps->i];
    if (c == '*' && (ps->i + 1 == r.len || is_ws(r.ptr[ps->i + 1]) || r.ptr[ps->i + 1] == ',' ||
                     r.ptr[ps->i + 1] == '|')) {
        ps->i++;
        return 0;
    }
    if (c == '~' || c == '^') {
        ps->i++;
        struct cvd_str tok = take_token(ps), v;
        int rc = bound_version(ps, tok, start + 1, &v);
        if (rc)
            return rc;
        bool only;
        size_t n = lead_numbers(v, &only);
        if (n == 0)
            return range_invalid(ps, start, "'~' and '^' need a version starting with a number");
        size_t take;
        if (c == '~') {
            take = n > 4 ? 3 : (n > 1 ? n - 1 : 1);
        } else if (!lead_is_zero(v, 0) || n == 1) {
            take = 1;
        } else if (!lead_is_zero(v, 1) || n == 2) {
            take = 2;
        } else {
            take = 3;
        }
        it->b[0] = lower_bound(v);
        it->b[1] = upper_bound(v, take);
        it->n = 2;
        return 0;
    }
    enum php_op op = OP_EQ;
    bool have_op = true;
    static const struct {
        const char *text;
        enum php_op op;
    } ops[] = {{">=", OP_GE}, {"<=", OP_LE}, {"!=", OP_NE}, {"<>", OP_NE},
               {"==", OP_EQ}, {">", OP_GT},  {"<", OP_LT},  {"=", OP_EQ}};
    struct cvd_str rest = {r.ptr + ps->i, r.len - ps->i};
    size_t k;
    for (k = 0; k < sizeof(ops) / sizeof(ops[0]); k++) {
        struct cvd_str t = cvd_str_from_cstr(ops[k].text);
        if (cvd_str_starts_with(rest, t)) {
            op = ops[k].op;
            ps->i += t.len;
            break;
        }
    }
    if (k == sizeof(ops) / sizeof(ops[0]))
        have_op = false;
    while (have_op && ps->i < r.len && is_ws(r.ptr[ps->i]))
        ps->i++;
    size_t voff = ps->i;
    struct cvd_str tok = take_token(ps), v;
    /* Wildcards: 1.* or 1.2.x (no operator). */
    if (!have_op && tok.len >= 2 &&
        (tok.ptr[tok.len - 1] == '*' || tok.ptr[tok.len - 1] == 'x' ||
         tok.ptr[tok.len - 1] == 'X') &&
        tok.ptr[tok.len - 2] == '.') {
        struct cvd_str head = {tok.ptr, tok.len - 2};
        int rc = bound_version(ps, head, voff, &v);
        if (rc)
            return rc;
        bool only;
        size_t n = lead_numbers(v, &only);
        if (!only || n == 0)
            return range_invalid(ps, voff, "a wildcard follows numbers only ('1.2.*')");
        it->b[0] = (struct php_bound){OP_GE, v, {4, 0, false, true}};
        it->b[1] = upper_bound(v, n);
        it->n = 2;
        return 0;
    }
    int rc = bound_version(ps, tok, voff, &v);
    if (rc)
        return rc;
    /* Hyphen range: "A - B" (spaces required around '-'). */
    size_t save = ps->i;
    size_t j = ps->i;
    while (j < r.len && is_ws(r.ptr[j]))
        j++;
    if (!have_op && j > ps->i && j + 1 < r.len && r.ptr[j] == '-' && is_ws(r.ptr[j + 1])) {
        j++;
        while (j < r.len && is_ws(r.ptr[j]))
            j++;
        ps->i = j;
        struct cvd_str tok2 = take_token(ps), v2;
        rc = bound_version(ps, tok2, j, &v2);
        if (rc)
            return rc;
        it->b[0] = lower_bound(v);
        bool only;
        size_t n = lead_numbers(v2, &only);
        if (!only || n >= 3) {
            it->b[1] = (struct php_bound){OP_LE, v2, {4, 0, false, false}};
        } else {
            it->b[1] = upper_bound(v2, n);
        }
        it->n = 2;
        return 0;
    }
    ps->i = save;
    struct php_opts o = {4, 0, false, false};
    if ((op == OP_GE || op == OP_LT) && !has_letter(v))
        o.dev = true;
    it->b[0] = (struct php_bound){op, v, o};
    it->n = 1;
    return 0;
}

static bool bound_holds(const struct php_bound *b, struct cvd_str version)
{
    static const struct php_opts composer = {4, 0, false, false};
    struct php_cur cv, cb;
    php_cur_init(&cv, version, &composer);
    php_cur_init(&cb, b->v, &b->o);
    int c = php_cmp(&cv, &cb);
    switch (b->op) {
    case OP_EQ:
        return c == 0;
    case OP_NE:
        return c != 0;
    case OP_GT:
        return c > 0;
    case OP_GE:
        return c >= 0;
    case OP_LT:
        return c < 0;
    case OP_LE:
        return c <= 0;
    }
    return false;
}

/* Grammar (whitespace = spaces and tabs):
 *   range := group (ws* ("||" | "|") ws* group)*
 *   group := item ((ws* "," ws* | ws+) item)*
 *   item  := "*" | ("~" | "^") V | [op ws*] V | V ws+ "-" ws+ V | N("." N)* ".*" (or .x)
 * The whole range is parsed before the answer is given, so a bad range is always an error. */
static int php_satisfies(struct cvd_str version, struct cvd_str range, bool *ret,
                         struct cvd_diag *diag)
{
    struct cvd_str v;
    int rc = php_parse(version, &v, diag);
    if (rc)
        return rc;
    struct php_parser ps = {range, 0, diag};
    bool any = false, group = true;
    bool expect_item = true;
    while (ps.i < range.len && is_ws(range.ptr[ps.i]))
        ps.i++;
    if (ps.i == range.len)
        return range_invalid(&ps, 0, "the constraint is empty");
    for (;;) {
        if (expect_item) {
            if (ps.i == range.len || range.ptr[ps.i] == ',' || range.ptr[ps.i] == '|')
                return range_invalid(&ps, ps.i, "a constraint is expected");
            struct php_item it;
            rc = parse_item(&ps, &it);
            if (rc)
                return rc;
            for (unsigned k = 0; k < it.n; k++) {
                if (!bound_holds(&it.b[k], v))
                    group = false;
            }
            expect_item = false;
            continue;
        }
        size_t ws = ps.i;
        while (ps.i < range.len && is_ws(range.ptr[ps.i]))
            ps.i++;
        if (ps.i == range.len)
            break;
        char c = range.ptr[ps.i];
        if (c == '|') {
            ps.i++;
            if (ps.i < range.len && range.ptr[ps.i] == '|')
                ps.i++;
            any = any || group;
            group = true;
        } else if (c == ',') {
            ps.i++;
        } else if (ps.i == ws) {
            return range_invalid(&ps, ps.i, "constraints are separated by ',', ' ' or '||'");
        }
        while (ps.i < range.len && is_ws(range.ptr[ps.i]))
            ps.i++;
        expect_item = true;
    }
    *ret = any || group;
    return 0;
}

const struct cvd_version_scheme cvd__scheme_packagist = {
    .name = "packagist",
    .compare = php_compare,
    .satisfies = php_satisfies,
};
