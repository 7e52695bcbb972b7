/* Package URLs: the right-to-left parser of ECMA-427 "how to parse", the component builder,
 * per-type normalisation (purl-types.c) and the canonical writer. Every string of the result is
 * a fresh copy in the caller's arena; decoding never grows a string, so each copy is sized from
 * the input it came from. */
#include "cvd/purl.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cvd/utf8.h"
#include "purl-int.h"

/* A component being normalised: mutable arena bytes (NUL-terminated), ptr NULL when absent. */
struct field {
    char *ptr;
    size_t len;
};

struct qual {
    struct field key;
    struct field value;
};

struct work {
    struct field type;
    struct field ns;
    struct field name;
    struct field version;
    struct field subpath;
    struct qual *quals;
    size_t n_quals;
    size_t name_off; /* input offsets for diagnostics (0 when built from components) */
    size_t ns_off;
    size_t version_off;
    size_t quals_off;
};

#define QUOTE_MAX 40

/* The subject of a message: printable ASCII as is, other bytes '?', cut after QUOTE_MAX. */
static const char *quote(const char *p, size_t len, char out[QUOTE_MAX + 4])
{
    return cvd_diag_quote(p, len, QUOTE_MAX, out);
}

static int fail(struct cvd_diag *diag, int code, size_t offset, const char *fmt, ...)
    CVD_PRINTF(4, 5);

/* cvd_diag_set_at on the one line of a purl: line 1, 1-based column. */
static int fail(struct cvd_diag *diag, int code, size_t offset, const char *fmt, ...)
{
    if (diag == NULL)
        return code;
    va_list ap;
    va_start(ap, fmt);
    cvd_diag_vset_at(diag, code, offset, fmt, ap);
    va_end(ap);
    diag->line = 1;
    diag->column = offset > UINT32_MAX - 1 ? 0 : (uint32_t)offset + 1;
    return code;
}

static int arena_fail(struct cvd_arena *a, struct cvd_diag *diag)
{
    int code = cvd_arena_error(a);
    if (code == 0)
        code = CVD_ENOMEM;
    return cvd_diag_set(diag, code, "cannot hold the purl: %s", cvd_strerror(code));
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

/* Append src to dst (room for src.len bytes), percent-decoding when decode is set. Returns the
 * bytes written, or -1 with diag filled for a bad escape or a control byte. */
static long put_bytes(char *dst, struct cvd_str src, bool decode, const char *what, size_t off,
                      struct cvd_diag *diag)
{
    size_t o = 0;
    char q[QUOTE_MAX + 4];
    for (size_t i = 0; i < src.len; i++) {
        unsigned char ch = (unsigned char)src.ptr[i];
        if (decode && ch == '%') {
            int hi = i + 2 < src.len ? hexval((unsigned char)src.ptr[i + 1]) : -1;
            int lo = hi >= 0 ? hexval((unsigned char)src.ptr[i + 2]) : -1;
            if (hi < 0 || lo < 0) {
                fail(diag, CVD_EPARSE, off + i,
                     "%s '%s': '%%' must start a percent-escape of two hex digits", what,
                     quote(src.ptr, src.len, q));
                return -1;
            }
            ch = (unsigned char)(hi * 16 + lo);
            i += 2;
        } else if (decode && (ch < 0x20 || ch == 0x7f)) {
            /* raw control bytes are never part of a purl string; encoded ones (and those in
             * components given to cvd_purl_build) are data */
            fail(diag, CVD_EPARSE, off + i, "%s '%s': control byte 0x%02x must be percent-encoded",
                 what, quote(src.ptr, src.len, q), ch);
            return -1;
        }
        dst[o++] = (char)ch;
    }
    return (long)o;
}

/* One decoded (or copied) string in the arena; absent when src is empty. */
static int take(struct cvd_arena *a, struct cvd_str src, bool decode, const char *what, size_t off,
                struct field *ret, struct cvd_diag *diag)
{
    ret->ptr = NULL;
    ret->len = 0;
    if (src.len == 0)
        return 0;
    char *buf = cvd_arena_alloc(a, src.len + 1);
    if (buf == NULL)
        return arena_fail(a, diag);
    long n = put_bytes(buf, src, decode, what, off, diag);
    if (n < 0)
        return diag ? diag->code : CVD_EPARSE;
    buf[n] = '\0';
    if (!cvd_utf8_is_valid(buf, (size_t)n)) {
        char q[QUOTE_MAX + 4];
        return fail(diag, CVD_EUTF8, off, "%s '%s': not valid UTF-8 once decoded", what,
                    quote(src.ptr, src.len, q));
    }
    if (n > 0) {
        ret->ptr = buf;
        ret->len = (size_t)n;
    }
    return 0;
}

/* Split raw on '/', drop empty segments (and "." and ".." when dots is set), decode each, and
 * join them with '/'. A decoded segment may not hold '/': it could not be written back. */
static int take_segments(struct cvd_arena *a, struct cvd_str raw, bool decode, bool dots,
                         const char *what, size_t off, struct field *ret, struct cvd_diag *diag)
{
    ret->ptr = NULL;
    ret->len = 0;
    if (raw.len == 0)
        return 0;
    char *buf = cvd_arena_alloc(a, raw.len + 1);
    if (buf == NULL)
        return arena_fail(a, diag);
    size_t o = 0;
    size_t i = 0;
    char q[QUOTE_MAX + 4];
    while (i < raw.len) {
        size_t j = i;
        while (j < raw.len && raw.ptr[j] != '/')
            j++;
        struct cvd_str seg = {raw.ptr + i, j - i};
        if (seg.len > 0) {
            size_t start = o + (o > 0);
            long n = put_bytes(buf + start, seg, decode, what, off + i, diag);
            if (n < 0)
                return diag ? diag->code : CVD_EPARSE;
            const char *d = buf + start;
            bool skip =
                n == 0 ||
                (dots && ((n == 1 && d[0] == '.') || (n == 2 && d[0] == '.' && d[1] == '.')));
            if (!skip) {
                if (memchr(d, '/', (size_t)n) != NULL)
                    return fail(diag, CVD_EPARSE, off + i,
                                "%s segment '%s': must not contain an encoded '/'", what,
                                quote(seg.ptr, seg.len, q));
                if (o > 0)
                    buf[o] = '/';
                o = start + (size_t)n;
            }
        }
        i = j + 1;
    }
    buf[o] = '\0';
    if (!cvd_utf8_is_valid(buf, o))
        return fail(diag, CVD_EUTF8, off, "%s '%s': not valid UTF-8 once decoded", what,
                    quote(raw.ptr, raw.len, q));
    if (o > 0) {
        ret->ptr = buf;
        ret->len = o;
    }
    return 0;
}

static void fold(struct field *f, int how)
{
    for (size_t i = 0; i < f->len; i++) {
        char c = f->ptr[i];
        if (how == CVD__PURL_LOWER && c >= 'A' && c <= 'Z')
            f->ptr[i] = (char)(c + ('a' - 'A'));
        else if (how == CVD__PURL_UPPER && c >= 'a' && c <= 'z')
            f->ptr[i] = (char)(c - ('a' - 'A'));
    }
}

/* type: [A-Za-z][A-Za-z0-9.-]*, stored in lower case. */
static int take_type(struct cvd_arena *a, struct cvd_str raw, size_t off, struct field *ret,
                     struct cvd_diag *diag)
{
    char q[QUOTE_MAX + 4];
    if (raw.len == 0)
        return fail(diag, CVD_EMISSING, off, "type: missing (pkg:TYPE/NAME)");
    if (!cvd_ascii_is_alpha((unsigned char)raw.ptr[0]))
        return fail(diag, CVD_EPARSE, off, "type '%s': must start with an ASCII letter",
                    quote(raw.ptr, raw.len, q));
    for (size_t i = 1; i < raw.len; i++) {
        int c = (unsigned char)raw.ptr[i];
        if (!cvd_ascii_is_alpha(c) && !cvd_ascii_is_digit(c) && c != '.' && c != '-')
            return fail(diag, CVD_EPARSE, off + i,
                        "type '%s': only ASCII letters, digits, '.' and '-' are allowed",
                        quote(raw.ptr, raw.len, q));
    }
    char *buf = cvd_arena_strndup(a, raw.ptr, raw.len);
    if (buf == NULL)
        return arena_fail(a, diag);
    ret->ptr = buf;
    ret->len = raw.len;
    fold(ret, CVD__PURL_LOWER);
    return 0;
}

/* Qualifier key: [a-z][a-z0-9._-]*; upper case is folded unless strict. Never decoded. */
static int take_key(struct cvd_arena *a, struct cvd_str raw, unsigned flags, size_t off,
                    struct field *ret, struct cvd_diag *diag)
{
    char q[QUOTE_MAX + 4];
    if (raw.len == 0)
        return fail(diag, CVD_EPARSE, off, "qualifier key: must not be empty");
    for (size_t i = 0; i < raw.len; i++) {
        int c = (unsigned char)raw.ptr[i];
        if (c >= 'A' && c <= 'Z' && (flags & CVD_PURL_STRICT))
            return fail(diag, CVD_EPARSE, off + i, "qualifier key '%s': must be lower case",
                        quote(raw.ptr, raw.len, q));
        bool ok = cvd_ascii_is_alpha(c) ||
                  (i > 0 && (cvd_ascii_is_digit(c) || c == '.' || c == '-' || c == '_'));
        if (!ok)
            return fail(diag, CVD_EPARSE, off + i,
                        "qualifier key '%s': must be an ASCII letter then letters, digits, "
                        "'.', '-' or '_'",
                        quote(raw.ptr, raw.len, q));
    }
    char *buf = cvd_arena_strndup(a, raw.ptr, raw.len);
    if (buf == NULL)
        return arena_fail(a, diag);
    ret->ptr = buf;
    ret->len = raw.len;
    fold(ret, CVD__PURL_LOWER);
    return 0;
}

static int field_cmp(struct field x, struct field y)
{
    size_t n = x.len < y.len ? x.len : y.len;
    int c = n ? memcmp(x.ptr, y.ptr, n) : 0;
    if (c != 0)
        return c;
    return x.len < y.len ? -1 : x.len > y.len ? 1 : 0;
}

static bool field_eq_cstr(struct field f, const char *s)
{
    size_t n = strlen(s);
    return f.len == n && memcmp(f.ptr, s, n) == 0;
}

static bool contains_nocase(struct field f, const char *needle)
{
    size_t n = strlen(needle);
    for (size_t i = 0; i + n <= f.len; i++) {
        if (cvd_str_eq_nocase((struct cvd_str){f.ptr + i, n}, (struct cvd_str){needle, n}))
            return true;
    }
    return false;
}

static const struct field *find_qual(const struct work *w, const char *key)
{
    for (size_t i = 0; i < w->n_quals; i++) {
        if (field_eq_cstr(w->quals[i].key, key))
            return &w->quals[i].value;
    }
    return NULL;
}

/* Sort the qualifiers by key (at most CVD_PURL_MAX_QUALIFIERS: insertion sort) and reject a
 * key given twice. */
static int sort_quals(struct work *w, struct cvd_diag *diag)
{
    for (size_t i = 1; i < w->n_quals; i++) {
        struct qual x = w->quals[i];
        size_t j = i;
        while (j > 0 && field_cmp(w->quals[j - 1].key, x.key) > 0) {
            w->quals[j] = w->quals[j - 1];
            j--;
        }
        w->quals[j] = x;
    }
    char q[QUOTE_MAX + 4];
    for (size_t i = 1; i < w->n_quals; i++) {
        if (field_cmp(w->quals[i - 1].key, w->quals[i].key) == 0)
            return fail(diag, CVD_EDUP, w->quals_off, "qualifier key '%s': given twice",
                        quote(w->quals[i].key.ptr, w->quals[i].key.len, q));
    }
    return 0;
}

static bool is_digits(const char *p, size_t len)
{
    if (len == 0)
        return false;
    for (size_t i = 0; i < len; i++) {
        if (!cvd_ascii_is_digit((unsigned char)p[i]))
            return false;
    }
    return true;
}

/* chrome-extension version: ^\d+(\.\d+){0,3}$ */
static bool chrome_version_ok(struct field v)
{
    size_t parts = 0;
    size_t i = 0;
    while (i <= v.len) {
        size_t j = i;
        while (j < v.len && v.ptr[j] != '.')
            j++;
        if (!is_digits(v.ptr + i, j - i))
            return false;
        parts++;
        i = j + 1;
    }
    return parts >= 1 && parts <= 4;
}

/* The type's rules, after every component has been taken. */
static int apply_type_rules(struct work *w, struct cvd_diag *diag)
{
    char q[QUOTE_MAX + 4];
    if (w->name.ptr == NULL)
        return fail(diag, CVD_EMISSING, w->name_off, "name: missing (pkg:%s/NAME)", w->type.ptr);
    const struct cvd__purl_type *t =
        cvd__purl_type_find((struct cvd_str){w->type.ptr, w->type.len});
    if (t != NULL && t->special == CVD__PURL_SPECIAL_NPM && w->ns.ptr == NULL &&
        w->name.ptr[0] == '@') {
        /* "pkg:npm/@scope%2Fname" (seen in SBOMs) means namespace "@scope", name "name" */
        char *slash = memchr(w->name.ptr, '/', w->name.len);
        if (slash != NULL && slash > w->name.ptr + 1 && slash + 1 < w->name.ptr + w->name.len &&
            memchr(slash + 1, '/', w->name.len - (size_t)(slash + 1 - w->name.ptr)) == NULL) {
            size_t nslen = (size_t)(slash - w->name.ptr);
            *slash = '\0';
            w->ns.ptr = w->name.ptr;
            w->ns.len = nslen;
            w->name.len -= nslen + 1;
            w->name.ptr = slash + 1;
        }
    }
    if ((t == NULL || t->special != CVD__PURL_SPECIAL_GIT) &&
        memchr(w->name.ptr, '/', w->name.len) != NULL)
        return fail(diag, CVD_EPARSE, w->name_off, "name '%s': must not contain '/'",
                    quote(w->name.ptr, w->name.len, q));
    if (t == NULL)
        return 0; /* an unregistered type: the generic rules only */

    if (t->ns_rule == CVD__PURL_NS_REQUIRED && w->ns.ptr == NULL)
        return fail(diag, CVD_EMISSING, w->name_off,
                    "namespace: required for type '%s' (pkg:%s/NAMESPACE/NAME)", t->name, t->name);
    if (t->ns_rule == CVD__PURL_NS_PROHIBITED && w->ns.ptr != NULL)
        return fail(diag, CVD_EPARSE, w->ns_off, "namespace '%s': not allowed for type '%s'",
                    quote(w->ns.ptr, w->ns.len, q), t->name);

    fold(&w->ns, t->ns_fold);
    fold(&w->name, t->name_fold);
    fold(&w->version, t->version_fold);

    switch (t->special) {
    case CVD__PURL_SPECIAL_PYPI:
        for (size_t i = 0; i < w->name.len; i++) {
            if (w->name.ptr[i] == '_')
                w->name.ptr[i] = '-';
        }
        break;
    case CVD__PURL_SPECIAL_PUB:
        for (size_t i = 0; i < w->name.len; i++) {
            char c = w->name.ptr[i];
            if (!((c >= 'a' && c <= 'z') || cvd_ascii_is_digit((unsigned char)c) || c == '_'))
                w->name.ptr[i] = '_';
        }
        break;
    case CVD__PURL_SPECIAL_CHROME:
        if (w->name.len != 32)
            return fail(diag, CVD_EPARSE, w->name_off,
                        "name '%s': a chrome-extension id is 32 letters a-p",
                        quote(w->name.ptr, w->name.len, q));
        for (size_t i = 0; i < w->name.len; i++) {
            if (w->name.ptr[i] < 'a' || w->name.ptr[i] > 'p')
                return fail(diag, CVD_EPARSE, w->name_off,
                            "name '%s': a chrome-extension id is 32 letters a-p",
                            quote(w->name.ptr, w->name.len, q));
        }
        if (w->version.ptr != NULL && !chrome_version_ok(w->version))
            return fail(diag, CVD_EPARSE, w->version_off,
                        "version '%s': a chrome-extension version is 1 to 4 dot-separated "
                        "integers",
                        quote(w->version.ptr, w->version.len, q));
        break;
    case CVD__PURL_SPECIAL_CPAN:
        for (size_t i = 0; i + 1 < w->name.len; i++) {
            if (w->name.ptr[i] == ':' && w->name.ptr[i + 1] == ':')
                return fail(diag, CVD_EPARSE, w->name_off,
                            "name '%s': a cpan distribution name has no '::' (that is a "
                            "module name)",
                            quote(w->name.ptr, w->name.len, q));
        }
        break;
    case CVD__PURL_SPECIAL_MLFLOW: {
        /* Databricks model names are case-insensitive (lower case in purls); Azure ML and
         * other servers keep case. */
        const struct field *repo = find_qual(w, "repository_url");
        if (repo != NULL && contains_nocase(*repo, "azuredatabricks.net"))
            fold(&w->name, CVD__PURL_LOWER);
        break;
    }
    case CVD__PURL_SPECIAL_GIT:
        /* Repository paths on these hosts are case-insensitive, as for the github and
         * bitbucket purl types. */
        if (field_eq_cstr(w->ns, "github") || field_eq_cstr(w->ns, "github.com") ||
            field_eq_cstr(w->ns, "bitbucket") || field_eq_cstr(w->ns, "bitbucket.org") ||
            field_eq_cstr(w->ns, "gitlab") || field_eq_cstr(w->ns, "gitlab.com"))
            fold(&w->name, CVD__PURL_LOWER);
        break;
    default:
        break;
    }

    if (t->required_qualifier != NULL && find_qual(w, t->required_qualifier) == NULL)
        return fail(diag, CVD_EMISSING, w->quals_off, "qualifier '%s': required for type '%s'",
                    t->required_qualifier, t->name);
    return 0;
}

static struct cvd_str view(struct field f)
{
    return (struct cvd_str){f.ptr, f.len};
}

static int finish(struct cvd_arena *a, struct work *w, struct cvd_purl *ret, struct cvd_diag *diag)
{
    int rc = sort_quals(w, diag);
    if (rc)
        return rc;
    rc = apply_type_rules(w, diag);
    if (rc)
        return rc;
    struct cvd_purl_qualifier *qs = NULL;
    if (w->n_quals > 0) {
        qs = cvd_arena_alloc_array(a, w->n_quals, sizeof(*qs));
        if (qs == NULL)
            return arena_fail(a, diag);
        for (size_t i = 0; i < w->n_quals; i++) {
            qs[i].key = view(w->quals[i].key);
            qs[i].value = view(w->quals[i].value);
        }
    }
    *ret = (struct cvd_purl){
        .type = view(w->type),
        .ns = view(w->ns),
        .name = view(w->name),
        .version = view(w->version),
        .qualifiers = qs,
        .n_qualifiers = w->n_quals,
        .subpath = view(w->subpath),
    };
    return 0;
}

/* Index of the last c in s[0..len), or len. */
static size_t last_of(const char *s, size_t len, char c)
{
    for (size_t i = len; i > 0; i--) {
        if (s[i - 1] == c)
            return i - 1;
    }
    return len;
}

static size_t first_of(const char *s, size_t len, char c)
{
    const char *p = len ? memchr(s, c, len) : NULL;
    return p ? (size_t)(p - s) : len;
}

static int parse_quals(struct cvd_arena *a, struct cvd_str raw, size_t off, unsigned flags,
                       struct work *w, struct cvd_diag *diag)
{
    size_t n = 1;
    for (size_t i = 0; i < raw.len; i++)
        n += raw.ptr[i] == '&';
    if (n > CVD_PURL_MAX_QUALIFIERS)
        return fail(diag, CVD_ELIMIT, off, "qualifiers: more than %u", CVD_PURL_MAX_QUALIFIERS);
    w->quals = cvd_arena_alloc_array(a, n, sizeof(*w->quals));
    if (w->quals == NULL)
        return arena_fail(a, diag);
    w->quals_off = off;
    size_t i = 0;
    char q[QUOTE_MAX + 4];
    while (i <= raw.len) {
        size_t j = i + first_of(raw.ptr + i, raw.len - i, '&');
        struct cvd_str pair = {raw.ptr + i, j - i};
        if (pair.len > 0) {
            size_t eq = first_of(pair.ptr, pair.len, '=');
            if (eq == pair.len)
                return fail(diag, CVD_EPARSE, off + i, "qualifier '%s': has no '=' (key=value)",
                            quote(pair.ptr, pair.len, q));
            struct qual *qu = &w->quals[w->n_quals];
            int rc = take_key(a, (struct cvd_str){pair.ptr, eq}, flags, off + i, &qu->key, diag);
            if (rc)
                return rc;
            rc = take(a, (struct cvd_str){pair.ptr + eq + 1, pair.len - eq - 1}, true,
                      "qualifier value", off + i + eq + 1, &qu->value, diag);
            if (rc)
                return rc;
            if (qu->value.ptr != NULL)
                w->n_quals++; /* an empty value means no qualifier */
        }
        i = j + 1;
    }
    return 0;
}

int cvd_purl_parse(struct cvd_arena *a, struct cvd_str in, unsigned flags, struct cvd_purl *ret,
                   struct cvd_diag *diag)
{
    if (a == NULL || ret == NULL || (in.ptr == NULL && in.len > 0))
        return cvd_diag_set(diag, CVD_EINVAL, "invalid argument");
    if (in.len > CVD_PURL_MAX_LEN)
        return fail(diag, CVD_ELIMIT, CVD_PURL_MAX_LEN, "purl: longer than %zu bytes",
                    CVD_PURL_MAX_LEN);
    struct work w = {0};
    char q[QUOTE_MAX + 4];
    const char *s = in.ptr;
    size_t len = in.len;
    int rc;

    /* 1. subpath: after the last '#' */
    size_t hash = last_of(s, len, '#');
    if (hash < len) {
        rc = take_segments(a, (struct cvd_str){s + hash + 1, len - hash - 1}, true, true, "subpath",
                           hash + 1, &w.subpath, diag);
        if (rc)
            return rc;
        len = hash;
    }
    /* 2. qualifiers: after the last '?' */
    size_t qm = last_of(s, len, '?');
    if (qm < len) {
        rc = parse_quals(a, (struct cvd_str){s + qm + 1, len - qm - 1}, qm + 1, flags, &w, diag);
        if (rc)
            return rc;
        len = qm;
    }
    /* 3. scheme: up to the first ':' */
    size_t colon = first_of(s, len, ':');
    if (colon == len)
        return fail(diag, CVD_EPARSE, 0, "scheme: '%s' does not start with 'pkg:'",
                    quote(s, len, q));
    if (!cvd_str_eq_nocase((struct cvd_str){s, colon}, CVD_STR("pkg")))
        return fail(diag, CVD_EPARSE, 0, "scheme '%s': must be 'pkg'", quote(s, colon, q));
    size_t p = colon + 1;
    /* "pkg://type" and "pkg:/type" are tolerated: leading slashes are not significant */
    while (p < len && s[p] == '/')
        p++;
    /* 4. type: up to the next '/' */
    size_t tend = p + first_of(s + p, len - p, '/');
    rc = take_type(a, (struct cvd_str){s + p, tend - p}, p, &w.type, diag);
    if (rc)
        return rc;
    if (tend == len)
        return fail(diag, CVD_EMISSING, len, "name: missing (pkg:%s/NAME)", w.type.ptr);
    p = tend + 1;
    /* 5. version: after the last '@' of the last segment, so "@scope/name" has none */
    size_t seg = p + last_of(s + p, len - p, '/');
    seg = seg == len ? p : seg + 1;
    size_t at = seg + last_of(s + seg, len - seg, '@');
    if (at < len) {
        w.version_off = at + 1;
        rc = take(a, (struct cvd_str){s + at + 1, len - at - 1}, true, "version", at + 1,
                  &w.version, diag);
        if (rc)
            return rc;
        if (at == seg)
            return fail(diag, CVD_EMISSING, at, "name: missing before '@' (pkg:%s/NAME@VERSION)",
                        w.type.ptr);
        len = at;
    }
    /* 6. name: the last segment once trailing slashes are gone (for git: all but the first) */
    while (len > p && s[len - 1] == '/')
        len--;
    bool git = field_eq_cstr(w.type, "git");
    size_t nstart;
    if (git) {
        size_t q0 = p;
        while (q0 < len && s[q0] == '/')
            q0++;
        size_t f = q0 + first_of(s + q0, len - q0, '/');
        nstart = f == len ? p : f + 1;
    } else {
        size_t l = last_of(s + p, len - p, '/');
        nstart = l == len - p ? p : p + l + 1;
    }
    w.name_off = nstart;
    if (git)
        rc = take_segments(a, (struct cvd_str){s + nstart, len - nstart}, true, false, "name",
                           nstart, &w.name, diag);
    else
        rc = take(a, (struct cvd_str){s + nstart, len - nstart}, true, "name", nstart, &w.name,
                  diag);
    if (rc)
        return rc;
    /* 7. namespace: what is left, segment by segment */
    if (nstart > p) {
        w.ns_off = p;
        rc = take_segments(a, (struct cvd_str){s + p, nstart - p}, true, false, "namespace", p,
                           &w.ns, diag);
        if (rc)
            return rc;
    }
    return finish(a, &w, ret, diag);
}

int cvd_purl_build(struct cvd_arena *a, const struct cvd_purl *in, unsigned flags,
                   struct cvd_purl *ret, struct cvd_diag *diag)
{
    if (a == NULL || in == NULL || ret == NULL)
        return cvd_diag_set(diag, CVD_EINVAL, "invalid argument");
    struct work w = {0};
    int rc = take_type(a, in->type, 0, &w.type, diag);
    if (rc)
        return rc;
    bool git = field_eq_cstr(w.type, "git");
    if (git)
        rc = take_segments(a, in->name, false, false, "name", 0, &w.name, diag);
    else
        rc = take(a, in->name, false, "name", 0, &w.name, diag);
    if (rc)
        return rc;
    rc = take_segments(a, in->ns, false, false, "namespace", 0, &w.ns, diag);
    if (rc == 0)
        rc = take(a, in->version, false, "version", 0, &w.version, diag);
    if (rc == 0)
        rc = take_segments(a, in->subpath, false, true, "subpath", 0, &w.subpath, diag);
    if (rc)
        return rc;
    if (in->n_qualifiers > CVD_PURL_MAX_QUALIFIERS)
        return fail(diag, CVD_ELIMIT, 0, "qualifiers: more than %u", CVD_PURL_MAX_QUALIFIERS);
    if (in->n_qualifiers > 0) {
        w.quals = cvd_arena_alloc_array(a, in->n_qualifiers, sizeof(*w.quals));
        if (w.quals == NULL)
            return arena_fail(a, diag);
    }
    for (size_t i = 0; i < in->n_qualifiers; i++) {
        struct qual *qu = &w.quals[w.n_quals];
        rc = take_key(a, in->qualifiers[i].key, flags, 0, &qu->key, diag);
        if (rc == 0)
            rc = take(a, in->qualifiers[i].value, false, "qualifier value", 0, &qu->value, diag);
        if (rc)
            return rc;
        if (qu->value.ptr != NULL)
            w.n_quals++;
    }
    return finish(a, &w, ret, diag);
}

/* Unreserved bytes are written as they are; ':' too (ECMA-427 never encodes it). */
static bool plain(unsigned char c)
{
    return cvd_ascii_is_alpha(c) || cvd_ascii_is_digit(c) || c == '.' || c == '-' || c == '_' ||
           c == '~' || c == ':';
}

static int put_encoded(struct cvd_buf *out, struct cvd_str s, bool keep_slash)
{
    static const char hex[] = "0123456789ABCDEF";
    for (size_t i = 0; i < s.len; i++) {
        unsigned char c = (unsigned char)s.ptr[i];
        int rc;
        if (plain(c) || (keep_slash && c == '/')) {
            rc = cvd_buf_add_char(out, (char)c);
        } else {
            char e[3] = {'%', hex[c >> 4], hex[c & 15]};
            rc = cvd_buf_add(out, e, 3);
        }
        if (rc)
            return rc;
    }
    return 0;
}

int cvd_purl_format(const struct cvd_purl *p, struct cvd_buf *out)
{
    if (p == NULL || out == NULL || p->type.len == 0 || p->name.len == 0)
        return CVD_EINVAL;
    int rc = cvd_buf_add_cstr(out, "pkg:");
    if (rc == 0)
        rc = cvd_buf_add_str(out, p->type);
    if (rc == 0)
        rc = cvd_buf_add_char(out, '/');
    if (rc == 0 && p->ns.len > 0) {
        rc = put_encoded(out, p->ns, true);
        if (rc == 0)
            rc = cvd_buf_add_char(out, '/');
    }
    /* a name holds '/' only for type git, where it separates path segments */
    if (rc == 0)
        rc = put_encoded(out, p->name, true);
    if (rc == 0 && p->version.len > 0) {
        rc = cvd_buf_add_char(out, '@');
        if (rc == 0)
            rc = put_encoded(out, p->version, false);
    }
    for (size_t i = 0; rc == 0 && i < p->n_qualifiers; i++) {
        rc = cvd_buf_add_char(out, i == 0 ? '?' : '&');
        if (rc == 0)
            rc = cvd_buf_add_str(out, p->qualifiers[i].key);
        if (rc == 0)
            rc = cvd_buf_add_char(out, '=');
        if (rc == 0)
            rc = put_encoded(out, p->qualifiers[i].value, false);
    }
    if (rc == 0 && p->subpath.len > 0) {
        rc = cvd_buf_add_char(out, '#');
        if (rc == 0)
            rc = put_encoded(out, p->subpath, true);
    }
    return rc;
}

struct cvd_str cvd_purl_qualifier(const struct cvd_purl *p, struct cvd_str key)
{
    for (size_t i = 0; p != NULL && i < p->n_qualifiers; i++) {
        if (cvd_str_eq(p->qualifiers[i].key, key))
            return p->qualifiers[i].value;
    }
    return (struct cvd_str){NULL, 0};
}

bool cvd_purl_type_is_known(struct cvd_str type)
{
    char lower[32];
    if (type.len == 0 || type.len > sizeof(lower))
        return false;
    for (size_t i = 0; i < type.len; i++)
        lower[i] = (char)cvd_ascii_lower((unsigned char)type.ptr[i]);
    return cvd__purl_type_find((struct cvd_str){lower, type.len}) != NULL;
}
