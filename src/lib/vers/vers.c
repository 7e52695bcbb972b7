/* vers: the version range specifier of package-url/vers-spec (VERSION-RANGE-SPEC.md,
 * "Parsing and validating version range specifiers" and "Checking if a version is contained
 * within a range"), evaluated with the cvd version schemes. */
#include "cvd/vers.h"

#include <string.h>

#define QUOTE_MAX 40

/* The subject of a message: printable ASCII as is, other bytes '?', cut after QUOTE_MAX. */
static const char *quote(const char *p, size_t len, char out[QUOTE_MAX + 4])
{
    return cvd_diag_quote(p, len, QUOTE_MAX, out);
}

/* vers scheme names (purl types) whose cvd scheme has another name. Sorted. */
static const struct {
    const char *vers;
    const char *cvd;
} scheme_map[] = {
    {"apk", "alpine"}, {"cargo", "crates.io"}, {"composer", "packagist"},
    {"deb", "debian"}, {"gem", "rubygems"},    {"golang", "go"},
};

struct cvd_str cvd_vers_scheme_map(struct cvd_str vers_scheme)
{
    for (size_t i = 0; i < sizeof(scheme_map) / sizeof(scheme_map[0]); i++) {
        if (cvd_str_eq_cstr(vers_scheme, scheme_map[i].vers))
            return cvd_str_from_cstr(scheme_map[i].cvd);
    }
    return vers_scheme;
}

static const char *op_text(enum cvd_vers_op op)
{
    switch (op) {
    case CVD_VERS_NE:
        return "!=";
    case CVD_VERS_LT:
        return "<";
    case CVD_VERS_LE:
        return "<=";
    case CVD_VERS_GT:
        return ">";
    case CVD_VERS_GE:
        return ">=";
    default:
        return "";
    }
}

static bool is_less(enum cvd_vers_op op)
{
    return op == CVD_VERS_LT || op == CVD_VERS_LE;
}

static bool is_greater(enum cvd_vers_op op)
{
    return op == CVD_VERS_GT || op == CVD_VERS_GE;
}

static int hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Decode s in place (percent escapes); returns the new length or -1 on a bad escape. */
static long unquote(char *s, size_t len)
{
    size_t o = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '%') {
            int hi = i + 2 < len ? hexval((unsigned char)s[i + 1]) : -1;
            int lo = hi >= 0 ? hexval((unsigned char)s[i + 2]) : -1;
            if (hi < 0 || lo < 0)
                return -1;
            s[o++] = (char)(hi * 16 + lo);
            i += 2;
        } else {
            s[o++] = s[i];
        }
    }
    return (long)o;
}

static int compare(const struct cvd_vers *v, struct cvd_str x, struct cvd_str y, int *ret,
                   struct cvd_diag *diag)
{
    return cvd_version_compare(v->impl, x, y, ret, diag);
}

/* Sort by version (insertion sort: stable, and ranges are short), then enforce the vers
 * rules: unique versions and the allowed comparator sequences. */
static int validate(struct cvd_vers *v, unsigned flags, struct cvd_diag *diag)
{
    struct cvd_vers_constraint *c = v->constraints;
    char q[QUOTE_MAX + 4];
    int rc;
    for (size_t i = 1; i < v->n_constraints; i++) {
        struct cvd_vers_constraint x = c[i];
        size_t j = i;
        while (j > 0) {
            int cmp;
            rc = compare(v, c[j - 1].version, x.version, &cmp, diag);
            if (rc)
                return rc;
            if (cmp == 0)
                return cvd_diag_set_at(diag, CVD_EDUP, 0, "version '%s': given twice in the range",
                                       quote(x.version.ptr, x.version.len, q));
            if (cmp < 0)
                break;
            if (flags & CVD_VERS_STRICT)
                return cvd_diag_set_at(diag, CVD_EORDER, 0,
                                       "version '%s': constraints must be sorted by version",
                                       quote(x.version.ptr, x.version.len, q));
            c[j] = c[j - 1];
            j--;
        }
        c[j] = x;
    }
    /* ignoring "!=": "=" is followed by "=", ">" or ">="; ignoring "=" too: "<"/"<=" and
     * ">"/">=" alternate */
    const struct cvd_vers_constraint *prev = NULL;
    const struct cvd_vers_constraint *prev_range = NULL;
    for (size_t i = 0; i < v->n_constraints; i++) {
        const struct cvd_vers_constraint *cur = &c[i];
        if (cur->op == CVD_VERS_NE)
            continue;
        if (prev != NULL && prev->op == CVD_VERS_EQ && is_less(cur->op)) {
            char q2[QUOTE_MAX + 4];
            return cvd_diag_set_at(
                diag, CVD_EPARSE, 0,
                "constraint '%s%s': cannot follow '%s' (the equality is redundant)",
                op_text(cur->op), quote(cur->version.ptr, cur->version.len, q),
                quote(prev->version.ptr, prev->version.len, q2));
        }
        prev = cur;
        if (cur->op == CVD_VERS_EQ)
            continue;
        if (prev_range != NULL && (is_less(prev_range->op) == is_less(cur->op))) {
            char q2[QUOTE_MAX + 4];
            return cvd_diag_set_at(
                diag, CVD_EPARSE, 0,
                "constraint '%s%s': cannot follow '%s%s' (comparators '<' and '>' "
                "must alternate)",
                op_text(cur->op), quote(cur->version.ptr, cur->version.len, q),
                op_text(prev_range->op),
                quote(prev_range->version.ptr, prev_range->version.len, q2));
        }
        prev_range = cur;
    }
    return 0;
}

int cvd_vers_parse(struct cvd_arena *a, struct cvd_str in, unsigned flags, struct cvd_vers *ret,
                   struct cvd_diag *diag)
{
    if (a == NULL || ret == NULL || (in.ptr == NULL && in.len > 0))
        return cvd_diag_set(diag, CVD_EINVAL, "invalid argument");
    if (in.len > CVD_VERS_MAX_LEN)
        return cvd_diag_set_at(diag, CVD_ELIMIT, CVD_VERS_MAX_LEN, "vers: longer than %zu bytes",
                               CVD_VERS_MAX_LEN);
    char q[QUOTE_MAX + 4];
    /* spaces and tabs are not significant: work on a copy without them */
    char *s = cvd_arena_alloc(a, in.len + 1);
    if (s == NULL)
        return cvd_diag_set(diag, CVD_ENOMEM, "cannot hold the range: out of memory");
    size_t len = 0;
    for (size_t i = 0; i < in.len; i++) {
        unsigned char ch = (unsigned char)in.ptr[i];
        if (ch == ' ' || ch == '\t')
            continue;
        if (ch < 0x21 || ch > 0x7e)
            return cvd_diag_set_at(
                diag, CVD_EPARSE, i,
                "vers '%s': byte 0x%02x is not printable ASCII (percent-encode it)",
                quote(in.ptr, in.len, q), ch);
        s[len++] = (char)ch;
    }
    s[len] = '\0';

    const char *colon = memchr(s, ':', len);
    if (colon == NULL || (size_t)(colon - s) != 4 || memcmp(s, "vers", 4) != 0)
        return cvd_diag_set_at(diag, CVD_EPARSE, 0,
                               "vers '%s': must start with 'vers:' (lower case)", quote(s, len, q));
    size_t p = 5;
    const char *slash = memchr(s + p, '/', len - p);
    if (slash == NULL)
        return cvd_diag_set_at(diag, CVD_EPARSE, len,
                               "vers '%s': no '/' after the versioning scheme", quote(s, len, q));
    size_t send = (size_t)(slash - s);
    if (send == p)
        return cvd_diag_set_at(diag, CVD_EPARSE, p, "versioning scheme: must not be empty");
    for (size_t i = p; i < send; i++) {
        char ch = s[i];
        if (!((ch >= 'a' && ch <= 'z') || cvd_ascii_is_digit((unsigned char)ch) || ch == '.' ||
              ch == '-' || ch == '_'))
            return cvd_diag_set_at(
                diag, CVD_EPARSE, i,
                "versioning scheme '%s': only lower-case letters, digits, '.', '-' "
                "and '_'",
                quote(s + p, send - p, q));
    }
    *ret = (struct cvd_vers){.scheme = {s + p, send - p}};
    struct cvd_str cvd_name = cvd_vers_scheme_map(ret->scheme);
    ret->impl = cvd_version_scheme_find(cvd_name);
    bool none = cvd_str_eq_cstr(ret->scheme, "none");
    bool all = cvd_str_eq_cstr(ret->scheme, "all");

    p = send + 1;
    /* leading, trailing and repeated pipes are ignored */
    size_t n = 0;
    for (size_t i = p; i < len; i++) {
        if (s[i] != '|' && (i == p || s[i - 1] == '|'))
            n++;
    }
    if (n == 0)
        return cvd_diag_set_at(diag, CVD_EPARSE, p,
                               "constraints: must not be empty (use '*' for all)");
    if (n > CVD_VERS_MAX_CONSTRAINTS)
        return cvd_diag_set_at(diag, CVD_ELIMIT, p, "constraints: more than %u",
                               CVD_VERS_MAX_CONSTRAINTS);
    if (len - p == 1 && s[p] == '*') {
        ret->star = true;
        return 0;
    }
    if (none || all)
        return cvd_diag_set_at(diag, CVD_EPARSE, p, "vers:%s: the only valid range is '*'",
                               none ? "none" : "all");
    ret->constraints = cvd_arena_alloc_array(a, n, sizeof(*ret->constraints));
    if (ret->constraints == NULL)
        return cvd_diag_set(diag, CVD_ENOMEM, "cannot hold the range: out of memory");
    size_t i = p;
    while (i < len) {
        if (s[i] == '|') {
            i++;
            continue;
        }
        size_t j = i;
        while (j < len && s[j] != '|')
            j++;
        char *c = s + i;
        size_t clen = j - i;
        size_t off = i;
        s[j] = '\0'; /* each version becomes a NUL-terminated string */
        enum cvd_vers_op op = CVD_VERS_EQ;
        size_t skip = 0;
        if (clen >= 2 && c[1] == '=' && (c[0] == '>' || c[0] == '<' || c[0] == '!')) {
            op = c[0] == '>' ? CVD_VERS_GE : c[0] == '<' ? CVD_VERS_LE : CVD_VERS_NE;
            skip = 2;
        } else if (clen >= 1 && (c[0] == '>' || c[0] == '<')) {
            op = c[0] == '>' ? CVD_VERS_GT : CVD_VERS_LT;
            skip = 1;
        } else if (clen >= 1 && c[0] == '=') {
            skip = 1; /* "=1.0" is the same as "1.0" */
        }
        char *ver = c + skip;
        size_t vlen = clen - skip;
        if (vlen == 0)
            return cvd_diag_set_at(diag, CVD_EPARSE, off, "constraint '%s': has no version",
                                   quote(c, clen, q));
        if (memchr(ver, '*', vlen) != NULL)
            return cvd_diag_set_at(diag, CVD_EPARSE, off,
                                   "constraint '%s': '*' must be alone, as the whole range",
                                   quote(c, clen, q));
        for (size_t k = 0; k < vlen; k++) {
            if (ver[k] == '<' || ver[k] == '>' || ver[k] == '=' || ver[k] == '!')
                return cvd_diag_set_at(
                    diag, CVD_EPARSE, off + skip + k,
                    "constraint '%s': comparator characters in a version must be "
                    "percent-encoded",
                    quote(c, clen, q));
        }
        long dl = unquote(ver, vlen);
        if (dl <= 0)
            return cvd_diag_set_at(diag, CVD_EPARSE, off,
                                   dl == 0
                                       ? "constraint '%s': has no version"
                                       : "constraint '%s': '%%' must start a percent-escape of two "
                                         "hex digits",
                                   quote(c, clen, q));
        ver[dl] = '\0';
        ret->constraints[ret->n_constraints++] =
            (struct cvd_vers_constraint){op, {ver, (size_t)dl}};
        i = j + 1;
    }
    if (ret->impl == NULL)
        return 0;
    return validate(ret, flags, diag);
}

int cvd_vers_contains(const struct cvd_vers *v, struct cvd_str version, bool *ret,
                      struct cvd_diag *diag)
{
    if (v == NULL || ret == NULL || version.ptr == NULL)
        return cvd_diag_set(diag, CVD_EINVAL, "invalid argument");
    char q[QUOTE_MAX + 4];
    if (v->star) {
        *ret = !cvd_str_eq_cstr(v->scheme, "none");
        return 0;
    }
    if (v->impl == NULL) {
        struct cvd_str name = cvd_vers_scheme_map(v->scheme);
        char q2[QUOTE_MAX + 4];
        return cvd_diag_set_at(
            diag, CVD_ENOTFOUND, 0,
            "vers scheme '%s': no cvd version scheme '%s' to compare its versions",
            quote(v->scheme.ptr, v->scheme.len, q), quote(name.ptr, name.len, q2));
    }
    /* Comparisons are computed once each: cmp[i] is version vs constraint i. */
    const struct cvd_vers_constraint *c = v->constraints;
    size_t n = v->n_constraints;
    bool any_eq = false;
    bool any_range = false;
    for (size_t i = 0; i < n; i++) {
        int cmp;
        int rc = compare(v, version, c[i].version, &cmp, diag);
        if (rc)
            return rc;
        if (cmp == 0) {
            *ret = c[i].op == CVD_VERS_EQ || c[i].op == CVD_VERS_LE || c[i].op == CVD_VERS_GE;
            if (*ret || c[i].op == CVD_VERS_NE)
                return 0;
        }
        any_eq |= c[i].op == CVD_VERS_EQ;
        any_range |= is_less(c[i].op) || is_greater(c[i].op);
    }
    if (!any_range) {
        /* only "=" and "!=": inside when "!=" alone (all but the excluded versions) */
        *ret = !any_eq;
        return 0;
    }
    /* The range constraints in order are signposts: "<"/"<=" closes an interval open since
     * the previous ">"/">=" (or since the beginning), and a final ">"/">=" stays open. */
    const struct cvd_vers_constraint *open = NULL;
    bool first = true;
    for (size_t i = 0; i < n; i++) {
        if (!is_less(c[i].op) && !is_greater(c[i].op))
            continue;
        int cmp;
        int rc = compare(v, version, c[i].version, &cmp, diag);
        if (rc)
            return rc;
        if (is_less(c[i].op)) {
            if ((first || open != NULL) && cmp < 0) {
                *ret = true;
                return 0;
            }
            open = NULL;
        } else {
            open = cmp > 0 ? &c[i] : NULL;
        }
        first = false;
    }
    *ret = open != NULL;
    return 0;
}

/* Bytes that would be read as syntax are percent-encoded. */
static bool needs_quote(unsigned char ch)
{
    return ch <= 0x20 || ch >= 0x7f || ch == '%' || ch == '|' || ch == '<' || ch == '>' ||
           ch == '=' || ch == '!' || ch == '*';
}

int cvd_vers_format(const struct cvd_vers *v, struct cvd_buf *out)
{
    static const char hex[] = "0123456789ABCDEF";
    if (v == NULL || out == NULL || v->scheme.len == 0)
        return CVD_EINVAL;
    int rc = cvd_buf_add_cstr(out, "vers:");
    if (rc == 0)
        rc = cvd_buf_add_str(out, v->scheme);
    if (rc == 0)
        rc = cvd_buf_add_char(out, '/');
    if (rc == 0 && v->star)
        return cvd_buf_add_char(out, '*');
    for (size_t i = 0; rc == 0 && i < v->n_constraints; i++) {
        const struct cvd_vers_constraint *c = &v->constraints[i];
        if (i > 0)
            rc = cvd_buf_add_char(out, '|');
        if (rc == 0)
            rc = cvd_buf_add_cstr(out, op_text(c->op));
        for (size_t k = 0; rc == 0 && k < c->version.len; k++) {
            unsigned char ch = (unsigned char)c->version.ptr[k];
            if (needs_quote(ch)) {
                char e[3] = {'%', hex[ch >> 4], hex[ch & 15]};
                rc = cvd_buf_add(out, e, 3);
            } else {
                rc = cvd_buf_add_char(out, (char)ch);
            }
        }
    }
    return rc;
}
