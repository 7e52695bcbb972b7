/* PyPI ("pypi"): PEP 440 versions ordered as python packaging 23.0's Version (_cmpkey), and
 * PEP 440 specifier sets ("~=1.4.2, !=1.4.5, <2") evaluated as packaging's
 * SpecifierSet.contains with default arguments, pre-release exclusion included. Numbers are
 * digit strings of any length; nothing allocates. */
#include <string.h>

#include "cvd/version.h"

#include "pypi-int.h"
#include "semver-int.h"
#include "vers-int.h"

#define QUOTE 80
/* The longest normalised version "===" compares (longer: CVD_ELIMIT). */
#define NORM_MAX 512

enum { PRE_NONE = -1, PRE_A = 0, PRE_B = 1, PRE_RC = 2 };

struct pep440 {
    struct cvd_str epoch;   /* digits; empty = 0 */
    struct cvd_str release; /* "N(.N)*" as written */
    int pre;                /* PRE_* */
    struct cvd_str pre_n;   /* digits; empty = 0 */
    bool post;
    struct cvd_str post_n;
    bool dev;
    struct cvd_str dev_n;
    struct cvd_str local; /* empty: none */
};

static size_t py_space_len(const char *p, const char *end)
{
    unsigned char c = (unsigned char)*p;
    if (c == ' ' || (c >= '\t' && c <= '\r') || (c >= 0x1C && c <= 0x1F))
        return 1;
    if (c == 0xC2 && end - p >= 2 && (unsigned char)p[1] == 0x85)
        return 2; /* U+0085 */
    if (c == 0xEF)
        return 0; /* U+FEFF is not whitespace to Python */
    return cvd__js_space_len(p, end) > 1 ? cvd__js_space_len(p, end) : 0;
}

static struct cvd_str py_strip(struct cvd_str s)
{
    const char *p = s.ptr;
    const char *end = s.ptr + s.len;
    size_t n;
    while (p < end && (n = py_space_len(p, end)) > 0)
        p += n;
    for (;;) {
        bool cut = false;
        for (size_t k = 1; k <= 3 && !cut; k++) {
            if ((size_t)(end - p) >= k && py_space_len(end - k, end) == k) {
                end -= k;
                cut = true;
            }
        }
        if (!cut)
            break;
    }
    return (struct cvd_str){p, (size_t)(end - p)};
}

static bool is_sep(char c)
{
    return c == '-' || c == '_' || c == '.';
}

static bool is_alnum(char c)
{
    return cvd_ascii_is_digit(c) || cvd_ascii_is_alpha(c);
}

/* Does [p, end) start with word (ASCII case-insensitive)? */
static bool word(const char *p, const char *end, const char *w)
{
    size_t n = strlen(w);
    if ((size_t)(end - p) < n)
        return false;
    for (size_t i = 0; i < n; i++) {
        if (cvd_ascii_lower((unsigned char)p[i]) != w[i])
            return false;
    }
    return true;
}

static const char *digits(const char *p, const char *end, struct cvd_str *ret)
{
    const char *s = p;
    while (p < end && cvd_ascii_is_digit(*p))
        p++;
    *ret = (struct cvd_str){s, (size_t)(p - s)};
    return p;
}

/* `[-_.]? N?` after a label: both optional, so "1.0a." is "1.0a0". */
static const char *label_number(const char *p, const char *end, struct cvd_str *ret)
{
    if (p < end && is_sep(*p))
        p++;
    return digits(p, end, ret);
}

/* The longest of words at p (after an optional separator); index or -1, *ret_end past it. */
static int label(const char *p, const char *end, const char *const *words, size_t n,
                 const char **ret_end)
{
    const char *q = p;
    if (q < end && is_sep(*q))
        q++;
    int best = -1;
    size_t best_len = 0;
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(words[i]);
        if (len > best_len && word(q, end, words[i])) {
            best = (int)i;
            best_len = len;
        }
    }
    if (best >= 0)
        *ret_end = q + best_len;
    return best;
}

static int pep440_fail(struct cvd_diag *diag, struct cvd_str s, const char *p, const char *rule)
{
    return cvd__vers_invalid(diag, CVD_EPARSE, "pypi version", s, CVD__VERS_QUOTE_LONG,
                             (size_t)(p - s.ptr), rule);
}

#define PEP440_RULE "not PEP 440 ([N!]N(.N)*[{a|b|rc}N][.postN][.devN][+local])"

/* Parse s (already stripped) from p; allow_local/allow_star for specifier versions. On
 * success *ret_end is where parsing stopped (end unless a wildcard ".*" follows). */
static int pep440_parse(struct cvd_str s, struct pep440 *v, struct cvd_diag *diag)
{
    static const char *const pre_words[] = {"a", "b", "c", "rc", "alpha", "beta", "pre", "preview"};
    static const int pre_kind[] = {PRE_A, PRE_B, PRE_RC, PRE_RC, PRE_A, PRE_B, PRE_RC, PRE_RC};
    static const char *const post_words[] = {"post", "rev", "r"};
    static const char *const dev_words[] = {"dev"};
    const char *p = s.ptr;
    const char *end = s.ptr + s.len;
    memset(v, 0, sizeof(*v));
    v->pre = PRE_NONE;
    if (p < end && (*p == 'v' || *p == 'V'))
        p++;
    struct cvd_str n;
    const char *q = digits(p, end, &n);
    if (n.len == 0)
        return pep440_fail(diag, s, p, PEP440_RULE);
    if (q < end && *q == '!') {
        v->epoch = n;
        p = q + 1;
        q = digits(p, end, &n);
        if (n.len == 0)
            return pep440_fail(diag, s, p, PEP440_RULE);
    }
    while (q + 1 < end && *q == '.' && cvd_ascii_is_digit(q[1]))
        q = digits(q + 1, end, &n);
    v->release = (struct cvd_str){p, (size_t)(q - p)};
    p = q;
    const char *le;
    int k = label(p, end, pre_words, 8, &le);
    if (k >= 0) {
        v->pre = pre_kind[k];
        p = label_number(le, end, &v->pre_n);
    }
    if (p + 1 < end && *p == '-' && cvd_ascii_is_digit(p[1])) {
        v->post = true;
        p = digits(p + 1, end, &v->post_n);
    } else if (label(p, end, post_words, 3, &le) >= 0) {
        v->post = true;
        p = label_number(le, end, &v->post_n);
    }
    if (label(p, end, dev_words, 1, &le) >= 0) {
        v->dev = true;
        p = label_number(le, end, &v->dev_n);
    }
    if (p < end && *p == '+') {
        const char *ls = ++p;
        for (;;) {
            const char *seg = p;
            while (p < end && is_alnum(*p))
                p++;
            if (p == seg)
                return pep440_fail(diag, s, p, "empty segment in a PEP 440 local version");
            if (p + 1 < end && is_sep(*p) && is_alnum(p[1])) {
                p++;
                continue;
            }
            break;
        }
        v->local = (struct cvd_str){ls, (size_t)(p - ls)};
    }
    if (p != end)
        return pep440_fail(diag, s, p, PEP440_RULE);
    return 0;
}

static int parse_version(struct cvd_str s, struct pep440 *v, struct cvd_diag *diag)
{
    return pep440_parse(py_strip(s), v, diag);
}

/* ---- ordering (packaging.version._cmpkey) ---- */

static struct cvd_str next_num(const char **p, const char *end)
{
    struct cvd_str n = {"0", 1};
    if (*p < end) {
        *p = digits(*p, end, &n);
        if (*p < end && **p == '.')
            (*p)++;
    }
    return n;
}

/* Releases compared with trailing zeros insignificant (missing components are 0). */
static int release_cmp(struct cvd_str a, struct cvd_str b, size_t limit)
{
    const char *pa = a.ptr, *ea = a.ptr + a.len;
    const char *pb = b.ptr, *eb = b.ptr + b.len;
    for (size_t i = 0; (pa < ea || pb < eb) && i < limit; i++) {
        struct cvd_str x = next_num(&pa, ea);
        struct cvd_str y = next_num(&pb, eb);
        int c = cvd__semver_num_cmp(x, y);
        if (c != 0)
            return c;
    }
    return 0;
}

static size_t release_len(struct cvd_str r)
{
    size_t n = 1;
    for (size_t i = 0; i < r.len; i++)
        n += r.ptr[i] == '.';
    return n;
}

static int opt_num_cmp(bool a, struct cvd_str an, bool b, struct cvd_str bn, int absent)
{
    if (!a && !b)
        return 0;
    if (!a)
        return absent;
    if (!b)
        return -absent;
    return cvd__semver_num_cmp(an, bn);
}

static struct cvd_str next_local(const char **p, const char *end)
{
    const char *s = *p;
    while (*p < end && !is_sep(**p))
        (*p)++;
    struct cvd_str seg = {s, (size_t)(*p - s)};
    if (*p < end)
        (*p)++;
    return seg;
}

static bool all_digits(struct cvd_str s)
{
    for (size_t i = 0; i < s.len; i++) {
        if (!cvd_ascii_is_digit(s.ptr[i]))
            return false;
    }
    return s.len > 0;
}

static int local_cmp(struct cvd_str a, struct cvd_str b)
{
    if (a.len == 0 || b.len == 0)
        return a.len == b.len ? 0 : (a.len == 0 ? -1 : 1);
    const char *pa = a.ptr, *ea = a.ptr + a.len;
    const char *pb = b.ptr, *eb = b.ptr + b.len;
    for (;;) {
        if (pa >= ea || pb >= eb)
            return pa >= ea && pb >= eb ? 0 : (pa >= ea ? -1 : 1);
        struct cvd_str x = next_local(&pa, ea);
        struct cvd_str y = next_local(&pb, eb);
        bool xn = all_digits(x);
        bool yn = all_digits(y);
        int c;
        if (xn && yn) {
            c = cvd__semver_num_cmp(x, y);
        } else if (xn != yn) {
            c = xn ? 1 : -1; /* numbers sort after strings */
        } else {
            c = 0;
            size_t n = x.len < y.len ? x.len : y.len;
            for (size_t i = 0; i < n && c == 0; i++) {
                int cx = cvd_ascii_lower((unsigned char)x.ptr[i]);
                int cy = cvd_ascii_lower((unsigned char)y.ptr[i]);
                c = cx < cy ? -1 : cx > cy;
            }
            if (c == 0)
                c = x.len < y.len ? -1 : x.len > y.len;
        }
        if (c != 0)
            return c;
    }
}

/* pre key: 0 = -inf (dev-only release), 1 = (kind, n), 2 = +inf (no pre). */
static int pre_rank(const struct pep440 *v)
{
    if (v->pre == PRE_NONE)
        return (!v->post && v->dev) ? 0 : 2;
    return 1;
}

static int base_cmp(const struct pep440 *a, const struct pep440 *b)
{
    int c = cvd__semver_num_cmp(a->epoch, b->epoch);
    return c != 0 ? c : release_cmp(a->release, b->release, SIZE_MAX);
}

static int pep440_cmp(const struct pep440 *a, const struct pep440 *b, bool with_local)
{
    int c = base_cmp(a, b);
    if (c != 0)
        return c;
    int ra = pre_rank(a);
    int rb = pre_rank(b);
    if (ra != rb)
        return ra < rb ? -1 : 1;
    if (ra == 1) {
        if (a->pre != b->pre)
            return a->pre < b->pre ? -1 : 1;
        c = cvd__semver_num_cmp(a->pre_n, b->pre_n);
        if (c != 0)
            return c;
    }
    c = opt_num_cmp(a->post, a->post_n, b->post, b->post_n, -1);
    if (c != 0)
        return c;
    c = opt_num_cmp(a->dev, a->dev_n, b->dev, b->dev_n, 1);
    if (c != 0 || !with_local)
        return c;
    return local_cmp(a->local, b->local);
}

static bool is_prerelease(const struct pep440 *v)
{
    return v->pre != PRE_NONE || v->dev;
}

static int pypi_compare(struct cvd_str a, struct cvd_str b, int *ret_cmp, struct cvd_diag *diag)
{
    struct pep440 x;
    struct pep440 y;
    int rc = parse_version(a, &x, diag);
    if (rc == 0)
        rc = parse_version(b, &y, diag);
    if (rc)
        return rc;
    *ret_cmp = pep440_cmp(&x, &y, true);
    return 0;
}

/* ---- packaging < 22 LegacyVersion (_legacy_cmpkey) ---- */

/* One part of a legacy key, a virtual string: "*" + lower(text), text zero-filled to 8
 * digits, or a constant. */
struct lpart {
    const char *p;
    size_t len;
    char kind; /* 't' text, 'n' number, 'c' constant (p is the whole string) */
};

static int lpart_char(const struct lpart *x, size_t i)
{
    switch (x->kind) {
    case 't':
        if (i == 0)
            return '*';
        return i - 1 < x->len ? cvd_ascii_lower((unsigned char)x->p[i - 1]) : -1;
    case 'n': {
        size_t pad = x->len < 8 ? 8 - x->len : 0;
        if (i < pad)
            return '0';
        return i - pad < x->len ? (unsigned char)x->p[i - pad] : -1;
    }
    default:
        return i < x->len ? (unsigned char)x->p[i] : -1;
    }
}

static int lpart_cmp(const struct lpart *x, const struct lpart *y)
{
    for (size_t i = 0;; i++) {
        int a = lpart_char(x, i);
        int b = lpart_char(y, i);
        if (a != b)
            return a < b ? -1 : 1;
        if (a < 0)
            return 0;
    }
}

static struct lpart lconst(const char *s)
{
    return (struct lpart){s, strlen(s), 'c'};
}

static bool lpart_is(const struct lpart *x, const char *s)
{
    struct lpart c = lconst(s);
    return lpart_cmp(x, &c) == 0;
}

static bool is_lower_alpha(char c)
{
    return cvd_ascii_is_alpha(c);
}

/* Push one yielded part, applying _legacy_cmpkey's pops. */
static int lpush(struct lpart *parts, size_t *n, struct lpart x)
{
    if (lpart_char(&x, 0) == '*') {
        struct lpart fin = lconst("*final");
        if (lpart_cmp(&x, &fin) < 0) {
            while (*n > 0 && lpart_is(&parts[*n - 1], "*final-"))
                (*n)--;
        }
        while (*n > 0 && lpart_is(&parts[*n - 1], "00000000"))
            (*n)--;
    }
    if (*n >= CVD__PYPI_LEGACY_MAX_PARTS)
        return CVD_ELIMIT;
    parts[(*n)++] = x;
    return 0;
}

/* re.split(r"(\d+|[a-z]+|\.|-)", s.lower()), mapped and filtered as _parse_version_parts. */
static int legacy_key(struct cvd_str s, struct lpart *parts, size_t *ret_n)
{
    static const char *const from[] = {"pre", "preview", "rc", "dev"};
    static const char *const to[] = {"*c", "*c", "*c", "*@"};
    const char *p = s.ptr;
    const char *end = s.ptr + s.len;
    size_t n = 0;
    int rc;
    while (p < end) {
        const char *q = p;
        struct lpart x;
        if (cvd_ascii_is_digit(*p)) {
            while (q < end && cvd_ascii_is_digit(*q))
                q++;
            x = (struct lpart){p, (size_t)(q - p), 'n'};
        } else if (is_lower_alpha(*p)) {
            while (q < end && is_lower_alpha(*q))
                q++;
            x = (struct lpart){p, (size_t)(q - p), 't'};
            for (size_t i = 0; i < 4; i++) {
                if ((size_t)(q - p) == strlen(from[i]) && word(p, q, from[i]))
                    x = lconst(to[i]);
            }
        } else if (*p == '.') {
            p++;
            continue;
        } else if (*p == '-') {
            q++;
            x = lconst("*final-");
        } else {
            /* Text between matches is kept as one part. */
            while (q < end && !cvd_ascii_is_digit(*q) && !is_lower_alpha(*q) && *q != '.' &&
                   *q != '-')
                q++;
            x = (struct lpart){p, (size_t)(q - p), 't'};
        }
        if ((rc = lpush(parts, &n, x)))
            return rc;
        p = q;
    }
    if ((rc = lpush(parts, &n, lconst("*final"))))
        return rc;
    *ret_n = n;
    return 0;
}

int cvd__pypi_compare_lenient(struct cvd_str a, struct cvd_str b, int *ret_cmp,
                              struct cvd_diag *diag)
{
    struct pep440 x;
    struct pep440 y;
    bool va = parse_version(a, &x, NULL) == 0;
    bool vb = parse_version(b, &y, NULL) == 0;
    if (va && vb) {
        *ret_cmp = pep440_cmp(&x, &y, true);
        return 0;
    }
    if (va != vb) {
        *ret_cmp = va ? 1 : -1;
        return 0;
    }
    struct lpart pa[CVD__PYPI_LEGACY_MAX_PARTS];
    struct lpart pb[CVD__PYPI_LEGACY_MAX_PARTS];
    size_t na = 0;
    size_t nb = 0;
    if (legacy_key(a, pa, &na) != 0 || legacy_key(b, pb, &nb) != 0)
        return cvd_diag_set(diag, CVD_ELIMIT, "legacy pypi version with more than %d parts",
                            CVD__PYPI_LEGACY_MAX_PARTS);
    for (size_t i = 0; i < na && i < nb; i++) {
        int c = lpart_cmp(&pa[i], &pb[i]);
        if (c != 0) {
            *ret_cmp = c;
            return 0;
        }
    }
    *ret_cmp = na < nb ? -1 : na > nb;
    return 0;
}

/* ---- normalised form (str(Version)), for "===" ---- */

struct out {
    char *p;
    size_t len;
    size_t cap;
    bool over;
};

static void put(struct out *o, const char *s, size_t n)
{
    if (o->len + n > o->cap) {
        o->over = true;
        return;
    }
    memcpy(o->p + o->len, s, n);
    o->len += n;
}

static void put_num(struct out *o, struct cvd_str n)
{
    while (n.len > 1 && n.ptr[0] == '0') {
        n.ptr++;
        n.len--;
    }
    if (n.len == 0)
        put(o, "0", 1);
    else
        put(o, n.ptr, n.len);
}

static void normalise(const struct pep440 *v, struct out *o)
{
    static const char *const pre_text[] = {"a", "b", "rc"};
    struct cvd_str zero = CVD_STR("0");
    if (cvd__semver_num_cmp(v->epoch, zero) != 0) {
        put_num(o, v->epoch);
        put(o, "!", 1);
    }
    const char *p = v->release.ptr;
    const char *end = p + v->release.len;
    bool first = true;
    while (p < end) {
        if (!first)
            put(o, ".", 1);
        first = false;
        put_num(o, next_num(&p, end));
    }
    if (v->pre != PRE_NONE) {
        put(o, pre_text[v->pre], strlen(pre_text[v->pre]));
        put_num(o, v->pre_n);
    }
    if (v->post) {
        put(o, ".post", 5);
        put_num(o, v->post_n);
    }
    if (v->dev) {
        put(o, ".dev", 4);
        put_num(o, v->dev_n);
    }
    if (v->local.len > 0) {
        put(o, "+", 1);
        p = v->local.ptr;
        end = p + v->local.len;
        first = true;
        while (p < end) {
            struct cvd_str seg = next_local(&p, end);
            if (!first)
                put(o, ".", 1);
            first = false;
            if (all_digits(seg)) {
                put_num(o, seg);
            } else {
                for (size_t i = 0; i < seg.len; i++) {
                    char c = (char)cvd_ascii_lower((unsigned char)seg.ptr[i]);
                    put(o, &c, 1);
                }
            }
        }
    }
}

/* ---- specifiers (packaging.specifiers, 23.0) ---- */

enum op { OP_COMPAT, OP_EQ, OP_NE, OP_LE, OP_GE, OP_LT, OP_GT, OP_ARB };

struct spec {
    enum op op;
    bool wildcard;       /* "==1.2.*" / "!=1.2.*" */
    struct cvd_str text; /* the version text (for "===" the whole operand) */
    struct pep440 v;     /* unused for "===" unless ok */
    bool v_ok;           /* v parsed (always, except for "===") */
};

static int spec_fail(struct cvd_diag *diag, struct cvd_str all, struct cvd_str one,
                     const char *rule)
{
    int alen = all.len > QUOTE ? QUOTE : (int)all.len;
    int olen = one.len > QUOTE ? QUOTE : (int)one.len;
    return cvd_diag_set(diag, CVD_EPARSE, "invalid pypi specifier '%.*s' in '%.*s%s': %s", olen,
                        one.ptr, alen, all.ptr, all.len > QUOTE ? "..." : "", rule);
}

static int spec_parse(struct cvd_str all, struct cvd_str one, struct spec *sp,
                      struct cvd_diag *diag)
{
    static const struct {
        const char *text;
        enum op op;
    } ops[] = {{"===", OP_ARB}, {"~=", OP_COMPAT}, {"==", OP_EQ}, {"!=", OP_NE},
               {"<=", OP_LE},   {">=", OP_GE},     {"<", OP_LT},  {">", OP_GT}};
    struct cvd_str s = py_strip(one);
    size_t i;
    for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
        size_t n = strlen(ops[i].text);
        if (s.len >= n && memcmp(s.ptr, ops[i].text, n) == 0) {
            s.ptr += n;
            s.len -= n;
            break;
        }
    }
    if (i == sizeof(ops) / sizeof(ops[0]))
        return spec_fail(diag, all, one, "expected an operator ~= == != <= >= < > ===");
    memset(sp, 0, sizeof(*sp));
    sp->op = ops[i].op;
    s = py_strip(s);
    sp->text = s;
    if (sp->op == OP_ARB) {
        for (size_t k = 0; k < s.len; k++) {
            if (py_space_len(s.ptr + k, s.ptr + s.len) || s.ptr[k] == ';' || s.ptr[k] == ')')
                return spec_fail(diag, all, one, "'===' takes one word");
        }
        sp->v_ok = pep440_parse(s, &sp->v, NULL) == 0;
        return 0;
    }
    for (size_t k = 0; k < s.len; k++) {
        if (py_space_len(s.ptr + k, s.ptr + s.len))
            return spec_fail(diag, all, one, "space inside the version");
    }
    if ((sp->op == OP_EQ || sp->op == OP_NE) && s.len >= 2 && s.ptr[s.len - 2] == '.' &&
        s.ptr[s.len - 1] == '*') {
        sp->wildcard = true;
        s.len -= 2;
    }
    struct cvd_diag d;
    if (s.len == 0 || pep440_parse(s, &sp->v, &d) != 0)
        return spec_fail(diag, all, one, "the version is not PEP 440");
    sp->v_ok = true;
    const struct pep440 *v = &sp->v;
    if (sp->wildcard && (v->pre != PRE_NONE || v->post || v->dev || v->local.len > 0))
        return spec_fail(diag, all, one, "'.*' only follows a release");
    if (sp->op != OP_EQ && sp->op != OP_NE && v->local.len > 0)
        return spec_fail(diag, all, one, "only == and != take a local version");
    if (sp->op == OP_COMPAT && release_len(v->release) < 2)
        return spec_fail(diag, all, one, "~= needs at least two release numbers");
    return 0;
}

/* Specifier.prereleases: ==, >=, <=, ~=, === naming a pre-release allow pre-releases. */
static bool spec_allows_pre(const struct spec *sp)
{
    switch (sp->op) {
    case OP_EQ:
    case OP_GE:
    case OP_LE:
    case OP_COMPAT:
    case OP_ARB:
        return sp->v_ok && is_prerelease(&sp->v);
    default:
        return false;
    }
}

/* ==V.* : same epoch, release padded with zeros starts with V's release. */
static bool prefix_match(const struct pep440 *item, const struct pep440 *spec, size_t parts)
{
    if (cvd__semver_num_cmp(item->epoch, spec->epoch) != 0)
        return false;
    return release_cmp(item->release, spec->release, parts) == 0;
}

static int spec_test(const struct spec *sp, const struct pep440 *item, bool *ret)
{
    const struct pep440 *v = &sp->v;
    switch (sp->op) {
    case OP_EQ:
    case OP_NE: {
        bool eq;
        if (sp->wildcard)
            eq = prefix_match(item, v, release_len(v->release));
        else
            eq = pep440_cmp(item, v, v->local.len > 0) == 0;
        *ret = sp->op == OP_EQ ? eq : !eq;
        return 0;
    }
    case OP_COMPAT:
        *ret =
            pep440_cmp(item, v, false) >= 0 && prefix_match(item, v, release_len(v->release) - 1);
        return 0;
    case OP_LE:
        *ret = pep440_cmp(item, v, false) <= 0;
        return 0;
    case OP_GE:
        *ret = pep440_cmp(item, v, false) >= 0;
        return 0;
    case OP_LT:
        *ret = pep440_cmp(item, v, true) < 0 &&
               !(!is_prerelease(v) && is_prerelease(item) && base_cmp(item, v) == 0);
        return 0;
    case OP_GT:
        *ret = pep440_cmp(item, v, true) > 0 &&
               !(!v->post && item->post && base_cmp(item, v) == 0) &&
               !(item->local.len > 0 && base_cmp(item, v) == 0);
        return 0;
    case OP_ARB: {
        char buf[NORM_MAX];
        struct out o = {buf, 0, sizeof(buf), false};
        normalise(item, &o);
        if (o.over)
            return CVD_ELIMIT;
        bool eq = o.len == sp->text.len;
        for (size_t i = 0; eq && i < o.len; i++)
            eq = cvd_ascii_lower((unsigned char)buf[i]) ==
                 cvd_ascii_lower((unsigned char)sp->text.ptr[i]);
        *ret = eq;
        return 0;
    }
    }
    return CVD_EINVAL;
}

/* Walk the comma-separated specifiers; pass 0 validates and finds whether any allows
 * pre-releases, pass 1 tests. */
static int pypi_satisfies(struct cvd_str version, struct cvd_str range, bool *ret,
                          struct cvd_diag *diag)
{
    struct pep440 item;
    bool allow_pre = false;
    bool result = true;
    for (int pass = 0; pass < 2; pass++) {
        const char *p = range.ptr;
        const char *end = range.ptr + range.len;
        while (p <= end) {
            const char *comma = memchr(p, ',', (size_t)(end - p));
            const char *e = comma ? comma : end;
            struct cvd_str one = {p, (size_t)(e - p)};
            p = e + 1;
            if (py_strip(one).len == 0)
                continue;
            struct spec sp;
            int rc = spec_parse(range, one, &sp, diag);
            if (rc)
                return rc;
            if (pass == 0) {
                allow_pre = allow_pre || spec_allows_pre(&sp);
                continue;
            }
            bool ok;
            rc = spec_test(&sp, &item, &ok);
            if (rc)
                return cvd_diag_set(diag, rc, "pypi version too long to compare with '==='");
            result = result && ok;
        }
        if (pass == 0) {
            int rc = parse_version(version, &item, diag);
            if (rc)
                return rc;
            if (!allow_pre && is_prerelease(&item)) {
                *ret = false;
                return 0;
            }
        }
    }
    *ret = result;
    return 0;
}

const struct cvd_version_scheme cvd__scheme_pypi = {
    .name = "pypi",
    .compare = pypi_compare,
    .satisfies = pypi_satisfies,
};
