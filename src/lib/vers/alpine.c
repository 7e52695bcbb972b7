/* Alpine apk versions: N(.N)*[letter[N]](_suffix[N])*[~hash][-rN].
 *
 * Order (matching.md §3.8, apk-tools src/version.c): numeric components left to right, the first
 * numerically, later ones as strings when either starts with '0' (apk's fraction rule), the
 * version with fewer components being the lower one when all shared ones are equal; then the letter
 * (none < any, letters by byte); then the number after the letter (none < any; apk-tools 2.x
 * accepted "6.6.2p1", and Alpine's OSV records still carry such versions); then the suffixes
 * pairwise by weight (_alpha < _beta < _pre < _rc < none < _cvs < _svn < _git < _hg < _p) and
 * number; the ~hash is ignored; then -rN (missing = r0). Numbers are digit strings of any length.
 *
 * The scheme refuses what does not fit the grammar (CVD_EPARSE). cvd__apk_compare_lenient()
 * orders any strings the way osv-scalibr's semantic/version-alpine.go does (partial parse, a
 * remainder sorting below none, two invalid strings compared as bytes); it exists because the
 * osv-scalibr fixtures are written against it. Nothing here allocates. */
#include <stdint.h>
#include <string.h>

#include "cvd/version.h"

#include "alpine-int.h"
#include "vers-int.h"

static inline int is_digit(unsigned char c)
{
    return (unsigned)(c - '0') < 10u;
}

static inline int is_lower(unsigned char c)
{
    return (unsigned)(c - 'a') < 26u;
}

static inline int is_hex(unsigned char c)
{
    return is_digit(c) || (unsigned)(c - 'a') < 6u;
}

/* One parsed version: regions of the caller's bytes. */
struct apkv {
    const unsigned char *s;
    size_t len;
    size_t comp_end;       /* numeric components: [0, comp_end), digits and dots */
    int letter;            /* -1 when none */
    size_t lnum, lnum_len; /* digits after the letter (strict parse only) */
    int has_lnum;
    size_t suf_begin;        /* suffixes are searched in [suf_begin, len) */
    size_t build, build_len; /* digits of -rN */
    size_t rem_len;          /* bytes left over (lenient parse only) */
    int invalid;             /* lenient: the string did not parse */
    int strict;              /* parsed by the scheme: a missing component sorts lower */
};

/* Suffix names by weight; "none" sits between rc and cvs. */
static const char *const suffixes[] = {"alpha", "beta", "pre", "rc", "cvs",
                                       "svn",   "git",  "hg",  "p"};
enum { W_NONE = 4 };

static int suffix_weight(int i)
{
    return i < W_NONE ? i : i + 1;
}

/* The suffix name at s[i..] (after '_'), or -1; *ret_n is its length. First listed wins, as in
 * the regular expression alternation (alpha|beta|pre|rc|cvs|svn|git|hg|p). */
static int suffix_at(const unsigned char *s, size_t len, size_t i, size_t *ret_n)
{
    for (int k = 0; k < (int)(sizeof(suffixes) / sizeof(suffixes[0])); k++) {
        size_t n = strlen(suffixes[k]);
        if (len - i >= n && memcmp(s + i, suffixes[k], n) == 0) {
            *ret_n = n;
            return k;
        }
    }
    return -1;
}

static int cmp_num(const unsigned char *a, size_t alen, const unsigned char *b, size_t blen)
{
    while (alen > 0 && *a == '0') {
        a++;
        alen--;
    }
    while (blen > 0 && *b == '0') {
        b++;
        blen--;
    }
    if (alen != blen)
        return alen < blen ? -1 : 1;
    int c = alen ? memcmp(a, b, alen) : 0;
    return c < 0 ? -1 : (c > 0);
}

static int cmp_bytes(const unsigned char *a, size_t alen, const unsigned char *b, size_t blen)
{
    int c = memcmp(a, b, alen < blen ? alen : blen);
    if (c == 0 && alen != blen)
        c = alen < blen ? -1 : 1;
    return c < 0 ? -1 : (c > 0);
}

/* Iterators over components ('.'-separated, possibly empty) and suffix matches. */
struct comp_it {
    size_t pos, end;
    int index, done;
};

static int comp_next(const struct apkv *v, struct comp_it *it, size_t *ret_p, size_t *ret_n)
{
    if (it->done)
        return 0;
    size_t p = it->pos;
    while (it->pos < it->end && v->s[it->pos] != '.')
        it->pos++;
    *ret_p = p;
    *ret_n = it->pos - p;
    if (it->pos < it->end)
        it->pos++; /* past the dot; a final dot yields one more, empty component */
    else
        it->done = 1;
    it->index++;
    return 1;
}

struct suf_it {
    size_t pos;
};

static int suf_next(const struct apkv *v, struct suf_it *it, int *ret_w, size_t *ret_p,
                    size_t *ret_n)
{
    while (it->pos < v->len) {
        size_t i = it->pos;
        if (v->s[i] != '_') {
            it->pos++;
            continue;
        }
        size_t n;
        int k = suffix_at(v->s, v->len, i + 1, &n);
        if (k < 0) {
            it->pos++;
            continue;
        }
        size_t d = i + 1 + n, e = d;
        while (e < v->len && is_digit(v->s[e]))
            e++;
        *ret_w = suffix_weight(k);
        *ret_p = d;
        *ret_n = e - d;
        it->pos = e;
        return 1;
    }
    return 0;
}

static int compare_parsed(const struct apkv *a, const struct apkv *b)
{
    if (a->invalid && b->invalid)
        return cmp_bytes(a->s, a->len, b->s, b->len);

    struct comp_it ia = {0, a->comp_end, 0, a->comp_end == 0};
    struct comp_it ib = {0, b->comp_end, 0, b->comp_end == 0};
    for (;;) {
        size_t pa = 0, na = 0, pb = 0, nb = 0;
        int ha = comp_next(a, &ia, &pa, &na), hb = comp_next(b, &ib, &pb, &nb);
        if (!ha && !hb)
            break;
        int c;
        /* apk: the version that runs out of components first is the lower one ("1.2" < "1.2.0"),
         * which also keeps the fraction rule transitive. osv-scalibr instead reads a missing
         * component as "0" at index 0, which never triggers the fraction rule. */
        if (ha != hb && a->strict && b->strict)
            return ha ? 1 : -1;
        if (ha && hb && ia.index > 1 && ib.index > 1 &&
            ((na > 0 && a->s[pa] == '0') || (nb > 0 && b->s[pb] == '0')))
            c = cmp_bytes(a->s + pa, na, b->s + pb, nb);
        else
            c = cmp_num(a->s + pa, ha ? na : 0, b->s + pb, hb ? nb : 0);
        if (c)
            return c;
    }

    if (a->letter != b->letter)
        return a->letter < b->letter ? -1 : 1; /* none (-1) sorts first */
    if (a->has_lnum != b->has_lnum)
        return a->has_lnum ? 1 : -1;
    if (a->has_lnum) {
        int c = cmp_num(a->s + a->lnum, a->lnum_len, b->s + b->lnum, b->lnum_len);
        if (c)
            return c;
    }

    struct suf_it sa = {a->suf_begin}, sb = {b->suf_begin};
    for (;;) {
        int wa = W_NONE, wb = W_NONE;
        size_t pa = 0, na = 0, pb = 0, nb = 0;
        int ha = suf_next(a, &sa, &wa, &pa, &na), hb = suf_next(b, &sb, &wb, &pb, &nb);
        if (!ha && !hb)
            break;
        if (wa != wb)
            return wa < wb ? -1 : 1;
        int c = cmp_num(a->s + pa, na, b->s + pb, nb);
        if (c)
            return c;
    }

    int c = cmp_num(a->s + a->build, a->build_len, b->s + b->build, b->build_len);
    if (c)
        return c;
    if ((a->rem_len == 0) != (b->rem_len == 0))
        return a->rem_len == 0 ? 1 : -1;
    return 0;
}

static void init(struct apkv *v, struct cvd_str str)
{
    memset(v, 0, sizeof(*v));
    v->s = (const unsigned char *)str.ptr;
    v->len = str.len;
    v->letter = -1;
}

/* osv-scalibr's parse: ^((\d+)\.?)* then ^[a-z], every _suffix\d* anywhere after it (only the
 * leading ones are consumed), ^~[0-9a-f]+, then ^-r\d* or the string is invalid. */
static void parse_lenient(struct cvd_str str, struct apkv *v)
{
    init(v, str);
    const unsigned char *s = v->s;
    size_t i = 0, n = v->len;
    while (i < n && is_digit(s[i])) {
        while (i < n && is_digit(s[i]))
            i++;
        if (i < n && s[i] == '.')
            i++;
    }
    v->comp_end = i;
    if (i < n && is_lower(s[i]))
        v->letter = s[i++];
    v->suf_begin = i;
    while (i + 1 < n && s[i] == '_') {
        size_t k;
        if (suffix_at(s, n, i + 1, &k) < 0)
            break;
        i += 1 + k;
        while (i < n && is_digit(s[i]))
            i++;
    }
    if (i + 1 < n && s[i] == '~' && is_hex(s[i + 1])) {
        i++;
        while (i < n && is_hex(s[i]))
            i++;
    }
    if (i < n) {
        if (n - i >= 2 && s[i] == '-' && s[i + 1] == 'r') {
            i += 2;
            v->build = i;
            while (i < n && is_digit(s[i]))
                i++;
            v->build_len = i - v->build;
        } else {
            v->invalid = 1;
        }
    }
    v->rem_len = n - i;
}

int cvd__apk_compare_lenient(struct cvd_str a, struct cvd_str b)
{
    struct apkv x, y;
    parse_lenient(a, &x);
    parse_lenient(b, &y);
    return compare_parsed(&x, &y);
}

static int bad(struct cvd_diag *diag, struct cvd_str v, size_t off, const char *rule)
{
    return cvd__vers_invalid(diag, CVD_EPARSE, "alpine version", v, CVD__VERS_QUOTE_LONG, off,
                             rule);
}

static int parse_strict(struct cvd_str str, struct apkv *v, struct cvd_diag *diag)
{
    init(v, str);
    v->strict = 1;
    const unsigned char *s = v->s;
    size_t i = 0, n = v->len;
    if (n == 0)
        return bad(diag, str, 0, "version string is empty");
    for (;;) {
        size_t d = i;
        while (i < n && is_digit(s[i]))
            i++;
        if (i == d)
            return bad(diag, str, i, "a numeric component is expected");
        if (i < n && s[i] == '.' && i + 1 < n && is_digit(s[i + 1])) {
            i++;
            continue;
        }
        break;
    }
    v->comp_end = i;
    if (i < n && is_lower(s[i])) {
        v->letter = s[i++];
        v->lnum = i;
        while (i < n && is_digit(s[i]))
            i++;
        v->lnum_len = i - v->lnum;
        v->has_lnum = v->lnum_len > 0;
    }
    v->suf_begin = i;
    while (i < n && s[i] == '_') {
        size_t k;
        if (suffix_at(s, n, i + 1, &k) < 0)
            return bad(diag, str, i,
                       "unknown suffix (known: _alpha _beta _pre _rc _cvs _svn _git _hg _p)");
        i += 1 + k;
        while (i < n && is_digit(s[i]))
            i++;
    }
    if (i < n && s[i] == '~') {
        size_t h = ++i;
        while (i < n && is_hex(s[i]))
            i++;
        if (i == h)
            return bad(diag, str, h, "'~' must be followed by a lower-case hex commit hash");
    }
    if (i < n && s[i] == '-') {
        if (i + 1 >= n || s[i + 1] != 'r')
            return bad(diag, str, i, "'-' must start a revision '-rN'");
        i += 2;
        v->build = i;
        while (i < n && is_digit(s[i]))
            i++;
        v->build_len = i - v->build;
        if (v->build_len == 0)
            return bad(diag, str, i, "revision '-r' needs a number");
    }
    if (i < n) {
        if (s[i] == '.')
            return bad(diag, str, i, "'.' must be followed by a number component");
        return bad(diag, str, i,
                   "unexpected character (form: N(.N)*[a-z[N]](_suffix[N])*[~hash][-rN])");
    }
    return 0;
}

int cvd__apk_check(struct cvd_str v, struct cvd_diag *diag)
{
    struct apkv x;
    return parse_strict(v, &x, diag);
}

static int compare(struct cvd_str a, struct cvd_str b, int *ret_cmp, struct cvd_diag *diag)
{
    struct apkv x, y;
    int rc = parse_strict(a, &x, diag);
    if (rc)
        return rc;
    rc = parse_strict(b, &y, diag);
    if (rc)
        return rc;
    *ret_cmp = compare_parsed(&x, &y);
    return 0;
}

const struct cvd_version_scheme cvd__scheme_alpine = {
    .name = "alpine",
    .compare = compare,
    .satisfies = NULL,
};
