/* OSV records: the typed model, package identity and the affected evaluation (include/cvd/osv.h;
 * algorithm and decisions in docs/internals/osv.md). */
#include "cvd/osv.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cvd/clock.h"

/* ---- ecosystems ---- */

enum name_rule {
    NAME_EXACT,
    NAME_PEP503, /* lower case, runs of '-', '_', '.' are one '-' */
    NAME_NOCASE, /* ASCII case-insensitive */
};

/* One row per OSV ecosystem (the part before the first ':'): the scheme ordering its versions,
 * the scheme used for its SEMVER ranges, and its name rule. SemVer dialects use their own scheme
 * for SEMVER ranges too, so that e.g. Bitnami revisions ("1.2.3-4") and Go "v" prefixes are
 * read as those ecosystems mean them; every other ecosystem gets plain SemVer 2.0.0 there. */
struct ecosystem {
    const char *name;
    const char *scheme;
    const char *semver_scheme;
    enum name_rule rule;
};

static const struct ecosystem ecosystems[] = {
    {"AlmaLinux", "rpm", "semver", NAME_EXACT},
    {"Alpaquita", "alpine", "semver", NAME_EXACT},
    {"Alpine", "alpine", "semver", NAME_EXACT},
    {"Azure Linux", "rpm", "semver", NAME_EXACT},
    {"BellSoft Hardened Containers", "alpine", "semver", NAME_EXACT},
    {"Bioconductor", "cran", "semver", NAME_EXACT},
    {"Bitnami", "bitnami", "bitnami", NAME_EXACT},
    {"CRAN", "cran", "semver", NAME_EXACT},
    {"Chainguard", "alpine", "semver", NAME_EXACT},
    {"Debian", "debian", "semver", NAME_EXACT},
    {"Go", "go", "go", NAME_EXACT},
    {"Hackage", "hackage", "semver", NAME_EXACT},
    {"Hex", "hex", "hex", NAME_EXACT},
    {"Mageia", "rpm", "semver", NAME_EXACT},
    {"Maven", "maven", "semver", NAME_EXACT},
    {"MinimOS", "alpine", "semver", NAME_EXACT},
    {"NuGet", "nuget", "semver", NAME_NOCASE},
    {"Packagist", "packagist", "semver", NAME_NOCASE},
    {"Photon OS", "rpm", "semver", NAME_EXACT},
    {"Pub", "pub", "pub", NAME_EXACT},
    {"PyPI", "pypi", "semver", NAME_PEP503},
    {"Red Hat", "rpm", "semver", NAME_EXACT},
    {"Rocky Linux", "rpm", "semver", NAME_EXACT},
    {"RubyGems", "rubygems", "semver", NAME_EXACT},
    {"SUSE", "rpm", "semver", NAME_EXACT},
    {"Ubuntu", "debian", "semver", NAME_EXACT},
    {"Wolfi", "alpine", "semver", NAME_EXACT},
    {"crates.io", "crates.io", "crates.io", NAME_EXACT},
    {"npm", "npm", "npm", NAME_EXACT},
    {"openEuler", "rpm", "semver", NAME_EXACT},
    {"openSUSE", "rpm", "semver", NAME_EXACT},
};

/* Split "Debian:12" into base "Debian" and suffix "12" (has_suffix tells "Debian:" apart). */
static void split_ecosystem(struct cvd_str eco, struct cvd_str *base, struct cvd_str *suffix,
                            bool *has_suffix)
{
    const char *colon = eco.len ? memchr(eco.ptr, ':', eco.len) : NULL;
    if (colon == NULL) {
        *base = eco;
        *suffix = (struct cvd_str){NULL, 0};
        *has_suffix = false;
        return;
    }
    *base = (struct cvd_str){eco.ptr, (size_t)(colon - eco.ptr)};
    *suffix = (struct cvd_str){colon + 1, eco.len - base->len - 1};
    *has_suffix = true;
}

static const struct ecosystem *find_ecosystem(struct cvd_str base)
{
    for (size_t i = 0; i < CVD_ARRAY_LEN(ecosystems); i++) {
        if (cvd_str_eq_nocase(base, cvd_str_from_cstr(ecosystems[i].name)))
            return &ecosystems[i];
    }
    return NULL;
}

const char *cvd_osv_ecosystem_scheme(struct cvd_str ecosystem, bool semver_range)
{
    struct cvd_str base;
    struct cvd_str suffix;
    bool has_suffix;
    split_ecosystem(ecosystem, &base, &suffix, &has_suffix);
    const struct ecosystem *e = find_ecosystem(base);
    if (e == NULL)
        return semver_range ? "semver" : NULL;
    return semver_range ? e->semver_scheme : e->scheme;
}

/* The next byte of a PEP 503 normalised name, reading s from *i; -1 at the end. */
static int pep503_next(struct cvd_str s, size_t *i)
{
    if (*i >= s.len)
        return -1;
    unsigned char c = (unsigned char)s.ptr[*i];
    if (c == '-' || c == '_' || c == '.') {
        while (*i < s.len && (s.ptr[*i] == '-' || s.ptr[*i] == '_' || s.ptr[*i] == '.'))
            (*i)++;
        return '-';
    }
    (*i)++;
    return cvd_ascii_lower(c);
}

static bool name_eq(enum name_rule rule, struct cvd_str a, struct cvd_str b)
{
    switch (rule) {
    case NAME_PEP503: {
        size_t i = 0;
        size_t k = 0;
        for (;;) {
            int x = pep503_next(a, &i);
            int y = pep503_next(b, &k);
            if (x != y)
                return false;
            if (x < 0)
                return true;
        }
    }
    case NAME_NOCASE:
        return cvd_str_eq_nocase(a, b);
    case NAME_EXACT:
        break;
    }
    return cvd_str_eq(a, b);
}

static bool ecosystem_matches(struct cvd_str rec_eco, struct cvd_str query_eco, unsigned flags,
                              const struct ecosystem **ret_e)
{
    struct cvd_str rb, rs, qb, qs;
    bool rhas, qhas;
    split_ecosystem(rec_eco, &rb, &rs, &rhas);
    split_ecosystem(query_eco, &qb, &qs, &qhas);
    const struct ecosystem *e = find_ecosystem(qb);
    if (e != NULL) {
        if (find_ecosystem(rb) != e)
            return false;
    } else if (!cvd_str_eq(rb, qb)) {
        return false;
    }
    *ret_e = e;
    if (!rhas)
        return true; /* a record for every release of the ecosystem */
    if (!qhas)
        return (flags & CVD_OSV_ANY_RELEASE) != 0;
    return cvd_str_eq(rs, qs);
}

bool cvd_osv_package_matches(struct cvd_str rec_eco, struct cvd_str rec_name,
                             struct cvd_str query_eco, struct cvd_str query_name, unsigned flags)
{
    const struct ecosystem *e = NULL;
    if (!ecosystem_matches(rec_eco, query_eco, flags, &e))
        return false;
    return name_eq(e ? e->rule : NAME_EXACT, rec_name, query_name);
}

int cvd_osv_name_normalize(struct cvd_str ecosystem, struct cvd_str name, struct cvd_buf *out)
{
    struct cvd_str base;
    struct cvd_str suffix;
    bool has_suffix;
    split_ecosystem(ecosystem, &base, &suffix, &has_suffix);
    const struct ecosystem *e = find_ecosystem(base);
    enum name_rule rule = e ? e->rule : NAME_EXACT;
    if (rule == NAME_EXACT)
        return cvd_buf_add_str(out, name);
    size_t start = out->len;
    int rc = cvd_buf_grow(out, name.len);
    if (rc != 0)
        return rc;
    size_t i = 0;
    for (;;) {
        int c;
        if (rule == NAME_PEP503) {
            c = pep503_next(name, &i);
        } else {
            c = i < name.len ? cvd_ascii_lower((unsigned char)name.ptr[i++]) : -1;
        }
        if (c < 0)
            break;
        /* room was made above: the normalised form is never longer than the name */
        rc = cvd_buf_add_char(out, (char)c);
        if (rc != 0) {
            out->len = start;
            out->ptr[start] = '\0';
            return rc;
        }
    }
    return 0;
}

/* ---- names ---- */

const char *cvd_osv_verdict_name(enum cvd_osv_verdict v)
{
    switch (v) {
    case CVD_OSV_NOT_AFFECTED:
        return "not affected";
    case CVD_OSV_AFFECTED:
        return "affected";
    case CVD_OSV_UNKNOWN:
        return "unknown";
    }
    return "unknown";
}

const char *cvd_osv_basis_name(enum cvd_osv_basis b)
{
    switch (b) {
    case CVD_OSV_BASIS_WITHDRAWN:
        return "withdrawn";
    case CVD_OSV_BASIS_NO_PACKAGE:
        return "no-package";
    case CVD_OSV_BASIS_VERSIONS:
        return "versions";
    case CVD_OSV_BASIS_EVENT:
        return "event";
    case CVD_OSV_BASIS_LIMIT:
        return "limit";
    case CVD_OSV_BASIS_NOT_LISTED:
        return "not-listed";
    case CVD_OSV_BASIS_NO_SCHEME:
        return "no-scheme";
    case CVD_OSV_BASIS_BAD_VERSION:
        return "bad-version";
    }
    return "unknown";
}

static const char *const event_names[] = {"introduced", "fixed", "last_affected", "limit"};

const char *cvd_osv_event_kind_name(enum cvd_osv_event_kind k)
{
    return (size_t)k < CVD_ARRAY_LEN(event_names) ? event_names[k] : "unknown";
}

static const char *const range_names[] = {"SEMVER", "ECOSYSTEM", "GIT"};

const char *cvd_osv_range_type_name(enum cvd_osv_range_type t)
{
    return (size_t)t < CVD_ARRAY_LEN(range_names) ? range_names[t] : "unknown";
}

/* ---- reading ---- */

/* The JSON pointer of the value being read: fixed member names and array indexes only, so no
 * "~" escaping is needed. Kept as segments and only formatted when an error is reported. */
#define PATH_MAX_SEGMENTS 8

struct path {
    const char *key[PATH_MAX_SEGMENTS]; /* member name, or NULL for an index */
    size_t index[PATH_MAX_SEGMENTS];
    size_t n;
};

struct reader {
    struct cvd_arena *a;
    struct cvd_diag *diag;
    struct path path;
};

static void path_push_key(struct path *p, const char *key)
{
    if (p->n < PATH_MAX_SEGMENTS) {
        p->key[p->n] = key;
        p->index[p->n] = 0;
    }
    p->n++;
}

static void path_push_index(struct path *p, size_t i)
{
    if (p->n < PATH_MAX_SEGMENTS) {
        p->key[p->n] = NULL;
        p->index[p->n] = i;
    }
    p->n++;
}

static void path_pop(struct path *p)
{
    p->n--;
}

static void path_format(const struct path *p, char *out, size_t cap)
{
    size_t used = 0;
    out[0] = '\0';
    for (size_t i = 0; i < p->n && i < PATH_MAX_SEGMENTS; i++) {
        int n = p->key[i] ? snprintf(out + used, cap - used, "/%s", p->key[i])
                          : snprintf(out + used, cap - used, "/%zu", p->index[i]);
        if (n < 0 || (size_t)n >= cap - used)
            return;
        used += (size_t)n;
    }
}

/* Quote up to 64 bytes of s for a message: printable ASCII as is, other bytes as \xNN. */
static void quote(struct cvd_str s, char *out, size_t cap)
{
    size_t used = 0;
    for (size_t i = 0; i < s.len && i < 64 && used + 5 < cap; i++) {
        unsigned char c = (unsigned char)s.ptr[i];
        if (c >= 0x20 && c < 0x7f && c != '\\') {
            out[used++] = (char)c;
        } else {
            int n = snprintf(out + used, cap - used, "\\x%02X", c);
            if (n < 0)
                break;
            used += (size_t)n;
        }
    }
    if (s.len > 64 && used + 4 < cap) {
        memcpy(out + used, "...", 3);
        used += 3;
    }
    out[used] = '\0';
}

static int fail(struct reader *r, const struct cvd_json *v, int code, const char *fmt, ...)
    CVD_PRINTF(4, 5);

static int fail(struct reader *r, const struct cvd_json *v, int code, const char *fmt, ...)
{
    char where[160];
    char what[200];
    va_list ap;
    path_format(&r->path, where, sizeof(where));
    va_start(ap, fmt);
    (void)vsnprintf(what, sizeof(what), fmt, ap);
    va_end(ap);
    (void)cvd_diag_set(r->diag, code, "%s: %s", where[0] ? where : "/", what);
    if (r->diag != NULL) {
        r->diag->offset = v ? v->offset : 0;
        r->diag->line = 0;
        r->diag->column = 0;
    }
    return code;
}

static const char *type_name(const struct cvd_json *v)
{
    switch (v->type) {
    case CVD_JSON_NULL:
        return "null";
    case CVD_JSON_FALSE:
    case CVD_JSON_TRUE:
        return "a boolean";
    case CVD_JSON_NUMBER:
        return "a number";
    case CVD_JSON_STRING:
        return "a string";
    case CVD_JSON_ARRAY:
        return "an array";
    case CVD_JSON_OBJECT:
        return "an object";
    }
    return "a value";
}

/* Member key of object v as a string: absent -> {NULL, 0} (or CVD_EMISSING when required). */
static int get_string(struct reader *r, const struct cvd_json *obj, const char *key, bool required,
                      struct cvd_str *ret)
{
    const struct cvd_json *v = cvd_json_get(obj, key);
    *ret = (struct cvd_str){NULL, 0};
    if (v == NULL) {
        if (required)
            return fail(r, obj, CVD_EMISSING, "required member '%s' is missing", key);
        return 0;
    }
    if (v->type != CVD_JSON_STRING) {
        path_push_key(&r->path, key);
        int rc = fail(r, v, CVD_ETYPE, "expected a string, found %s", type_name(v));
        path_pop(&r->path);
        return rc;
    }
    *ret = v->u.text;
    return 0;
}

static int get_time(struct reader *r, const struct cvd_json *obj, const char *key, bool required,
                    struct cvd_str *ret)
{
    int rc = get_string(r, obj, key, required, ret);
    if (rc != 0 || ret->ptr == NULL)
        return rc;
    int64_t t;
    if (cvd_time_parse(*ret, &t) != 0) {
        char q[300];
        quote(*ret, q, sizeof(q));
        path_push_key(&r->path, key);
        rc = fail(r, cvd_json_get(obj, key), CVD_EPARSE, "'%s' is not an RFC 3339 time", q);
        path_pop(&r->path);
    }
    return rc;
}

/* An optional array member: absent -> NULL; not an array -> CVD_ETYPE. */
static int get_array(struct reader *r, const struct cvd_json *obj, const char *key,
                     const struct cvd_json **ret)
{
    const struct cvd_json *v = cvd_json_get(obj, key);
    *ret = NULL;
    if (v == NULL)
        return 0;
    if (v->type != CVD_JSON_ARRAY) {
        path_push_key(&r->path, key);
        int rc = fail(r, v, CVD_ETYPE, "expected an array, found %s", type_name(v));
        path_pop(&r->path);
        return rc;
    }
    *ret = v;
    return 0;
}

static int nomem(struct reader *r)
{
    int rc = cvd_arena_error(r->a);
    if (rc == 0)
        rc = CVD_ENOMEM;
    return cvd_diag_set(r->diag, rc, "cannot allocate the record: %s", cvd_strerror(rc));
}

/* An array of strings (aliases, versions). */
static int read_strings(struct reader *r, const struct cvd_json *obj, const char *key,
                        const struct cvd_str **ret, size_t *ret_n)
{
    const struct cvd_json *arr;
    int rc = get_array(r, obj, key, &arr);
    *ret = NULL;
    *ret_n = 0;
    if (rc != 0 || arr == NULL)
        return rc;
    size_t n = arr->u.array.len;
    struct cvd_str *out = cvd_arena_alloc_array(r->a, n, sizeof(*out));
    if (out == NULL)
        return nomem(r);
    path_push_key(&r->path, key);
    for (size_t i = 0; i < n; i++) {
        const struct cvd_json *v = &arr->u.array.items[i];
        if (v->type != CVD_JSON_STRING) {
            path_push_index(&r->path, i);
            return fail(r, v, CVD_ETYPE, "expected a string, found %s", type_name(v));
        }
        out[i] = v->u.text;
    }
    path_pop(&r->path);
    *ret = out;
    *ret_n = n;
    return 0;
}

static int read_severity(struct reader *r, const struct cvd_json *obj,
                         const struct cvd_osv_severity **ret, size_t *ret_n)
{
    const struct cvd_json *arr;
    int rc = get_array(r, obj, "severity", &arr);
    *ret = NULL;
    *ret_n = 0;
    if (rc != 0 || arr == NULL)
        return rc;
    size_t n = arr->u.array.len;
    struct cvd_osv_severity *out = cvd_arena_alloc_array(r->a, n, sizeof(*out));
    if (out == NULL)
        return nomem(r);
    path_push_key(&r->path, "severity");
    for (size_t i = 0; i < n; i++) {
        const struct cvd_json *v = &arr->u.array.items[i];
        path_push_index(&r->path, i);
        if (v->type != CVD_JSON_OBJECT)
            return fail(r, v, CVD_ETYPE, "expected an object, found %s", type_name(v));
        rc = get_string(r, v, "type", true, &out[i].type);
        if (rc == 0)
            rc = get_string(r, v, "score", true, &out[i].score);
        if (rc != 0)
            return rc;
        path_pop(&r->path);
    }
    path_pop(&r->path);
    *ret = out;
    *ret_n = n;
    return 0;
}

static int read_event(struct reader *r, const struct cvd_json *v, struct cvd_osv_event *ret)
{
    if (v->type != CVD_JSON_OBJECT)
        return fail(r, v, CVD_ETYPE, "expected an object, found %s", type_name(v));
    if (v->u.object.len != 1)
        return fail(r, v, CVD_EPARSE, "an event holds exactly one member, found %zu",
                    v->u.object.len);
    const struct cvd_json_member *m = &v->u.object.members[0];
    size_t kind = 0;
    while (kind < CVD_ARRAY_LEN(event_names) && !cvd_str_eq_cstr(m->key, event_names[kind]))
        kind++;
    if (kind == CVD_ARRAY_LEN(event_names)) {
        char q[300];
        quote(m->key, q, sizeof(q));
        return fail(r, v, CVD_EPARSE, "unknown event '%s'", q);
    }
    if (m->value.type != CVD_JSON_STRING) {
        path_push_key(&r->path, event_names[kind]);
        return fail(r, &m->value, CVD_ETYPE, "expected a string, found %s", type_name(&m->value));
    }
    if (m->value.u.text.len == 0) {
        path_push_key(&r->path, event_names[kind]);
        return fail(r, &m->value, CVD_EPARSE, "empty version");
    }
    ret->kind = (enum cvd_osv_event_kind)kind;
    ret->version = m->value.u.text;
    return 0;
}

static int read_range(struct reader *r, const struct cvd_json *v, struct cvd_osv_range *ret)
{
    if (v->type != CVD_JSON_OBJECT)
        return fail(r, v, CVD_ETYPE, "expected an object, found %s", type_name(v));
    struct cvd_str type;
    int rc = get_string(r, v, "type", true, &type);
    if (rc != 0)
        return rc;
    size_t t = 0;
    while (t < CVD_ARRAY_LEN(range_names) && !cvd_str_eq_cstr(type, range_names[t]))
        t++;
    if (t == CVD_ARRAY_LEN(range_names)) {
        char q[300];
        quote(type, q, sizeof(q));
        path_push_key(&r->path, "type");
        return fail(r, cvd_json_get(v, "type"), CVD_EPARSE, "unknown range type '%s'", q);
    }
    ret->type = (enum cvd_osv_range_type)t;
    rc = get_string(r, v, "repo", ret->type == CVD_OSV_RANGE_GIT, &ret->repo);
    if (rc != 0)
        return rc;
    const struct cvd_json *events;
    rc = get_array(r, v, "events", &events);
    if (rc != 0)
        return rc;
    if (events == NULL)
        return fail(r, v, CVD_EMISSING, "required member 'events' is missing");
    size_t n = events->u.array.len;
    path_push_key(&r->path, "events");
    if (n == 0)
        return fail(r, events, CVD_EPARSE, "a range needs at least one event");
    struct cvd_osv_event *out = cvd_arena_alloc_array(r->a, n, sizeof(*out));
    if (out == NULL)
        return nomem(r);
    bool introduced = false;
    bool fixed = false;
    bool last_affected = false;
    for (size_t i = 0; i < n; i++) {
        path_push_index(&r->path, i);
        rc = read_event(r, &events->u.array.items[i], &out[i]);
        if (rc != 0)
            return rc;
        path_pop(&r->path);
        introduced |= out[i].kind == CVD_OSV_EVENT_INTRODUCED;
        fixed |= out[i].kind == CVD_OSV_EVENT_FIXED;
        last_affected |= out[i].kind == CVD_OSV_EVENT_LAST_AFFECTED;
    }
    if (!introduced)
        return fail(r, events, CVD_EPARSE, "a range needs an 'introduced' event");
    if (fixed && last_affected)
        return fail(r, events, CVD_EPARSE,
                    "a range may not have both 'fixed' and 'last_affected' events");
    path_pop(&r->path);
    ret->events = out;
    ret->n_events = n;
    return 0;
}

static int read_affected(struct reader *r, const struct cvd_json *v, struct cvd_osv_affected *ret)
{
    if (v->type != CVD_JSON_OBJECT)
        return fail(r, v, CVD_ETYPE, "expected an object, found %s", type_name(v));
    const struct cvd_json *pkg = cvd_json_get(v, "package");
    int rc;
    if (pkg != NULL) {
        path_push_key(&r->path, "package");
        if (pkg->type != CVD_JSON_OBJECT)
            return fail(r, pkg, CVD_ETYPE, "expected an object, found %s", type_name(pkg));
        rc = get_string(r, pkg, "ecosystem", true, &ret->ecosystem);
        if (rc == 0)
            rc = get_string(r, pkg, "name", true, &ret->name);
        if (rc == 0)
            rc = get_string(r, pkg, "purl", false, &ret->purl);
        if (rc != 0)
            return rc;
        path_pop(&r->path);
        ret->has_package = true;
    }
    const struct cvd_json *ranges;
    rc = get_array(r, v, "ranges", &ranges);
    if (rc != 0)
        return rc;
    if (ranges != NULL) {
        size_t n = ranges->u.array.len;
        struct cvd_osv_range *out = cvd_arena_alloc_array(r->a, n, sizeof(*out));
        if (out == NULL)
            return nomem(r);
        memset(out, 0, n * sizeof(*out)); /* n * size was checked by the allocation */
        path_push_key(&r->path, "ranges");
        for (size_t i = 0; i < n; i++) {
            path_push_index(&r->path, i);
            rc = read_range(r, &ranges->u.array.items[i], &out[i]);
            if (rc != 0)
                return rc;
            path_pop(&r->path);
        }
        path_pop(&r->path);
        ret->ranges = out;
        ret->n_ranges = n;
    }
    rc = read_strings(r, v, "versions", &ret->versions, &ret->n_versions);
    if (rc == 0)
        rc = read_severity(r, v, &ret->severity, &ret->n_severity);
    return rc;
}

int cvd_osv_from_json(struct cvd_arena *a, const struct cvd_json *root,
                      const struct cvd_osv_record **ret_record, struct cvd_diag *diag)
{
    if (a == NULL || root == NULL || ret_record == NULL)
        return cvd_diag_set(diag, CVD_EINVAL, "invalid argument");
    struct reader r = {.a = a, .diag = diag, .path = {.n = 0}};
    if (root->type != CVD_JSON_OBJECT)
        return fail(&r, root, CVD_ETYPE, "expected an object, found %s", type_name(root));
    struct cvd_osv_record *rec = cvd_arena_alloc(a, sizeof(*rec));
    if (rec == NULL)
        return nomem(&r);
    memset(rec, 0, sizeof(*rec));
    int rc = get_string(&r, root, "id", true, &rec->id);
    if (rc == 0 && rec->id.len == 0)
        rc = fail(&r, cvd_json_get(root, "id"), CVD_EPARSE, "empty id");
    if (rc == 0)
        rc = get_time(&r, root, "modified", true, &rec->modified);
    if (rc == 0)
        rc = get_time(&r, root, "published", false, &rec->published);
    if (rc == 0)
        rc = get_time(&r, root, "withdrawn", false, &rec->withdrawn);
    if (rc == 0)
        rc = get_string(&r, root, "schema_version", false, &rec->schema_version);
    if (rc == 0)
        rc = get_string(&r, root, "summary", false, &rec->summary);
    if (rc == 0)
        rc = read_strings(&r, root, "aliases", &rec->aliases, &rec->n_aliases);
    if (rc == 0)
        rc = read_severity(&r, root, &rec->severity, &rec->n_severity);
    const struct cvd_json *affected = NULL;
    if (rc == 0)
        rc = get_array(&r, root, "affected", &affected);
    if (rc != 0)
        return rc;
    if (affected != NULL) {
        size_t n = affected->u.array.len;
        struct cvd_osv_affected *out = cvd_arena_alloc_array(a, n, sizeof(*out));
        if (out == NULL)
            return nomem(&r);
        memset(out, 0, n * sizeof(*out));
        path_push_key(&r.path, "affected");
        for (size_t i = 0; i < n; i++) {
            path_push_index(&r.path, i);
            rc = read_affected(&r, &affected->u.array.items[i], &out[i]);
            if (rc != 0)
                return rc;
            path_pop(&r.path);
        }
        rec->affected = out;
        rec->n_affected = n;
    }
    *ret_record = rec;
    return 0;
}

/* Line and column (1-based, bytes) of offset in in[0..len). */
static void locate(const char *in, size_t len, size_t offset, struct cvd_diag *diag)
{
    uint32_t line = 1;
    size_t line_start = 0;
    if (offset > len)
        offset = len;
    for (size_t i = 0; i < offset; i++) {
        if (in[i] == '\n') {
            if (line < UINT32_MAX)
                line++;
            line_start = i + 1;
        }
    }
    diag->line = line;
    size_t col = offset - line_start + 1;
    diag->column = col > UINT32_MAX ? UINT32_MAX : (uint32_t)col;
}

int cvd_osv_parse(struct cvd_arena *a, const char *in, size_t len, const struct cvd_limits *lim,
                  const struct cvd_osv_record **ret_record, struct cvd_diag *diag)
{
    if (a == NULL || (in == NULL && len > 0) || ret_record == NULL)
        return cvd_diag_set(diag, CVD_EINVAL, "invalid argument");
    const struct cvd_json *root;
    int rc = cvd_json_parse(a, in, len, lim, 0, &root, diag);
    if (rc != 0)
        return rc;
    rc = cvd_osv_from_json(a, root, ret_record, diag);
    if (rc != 0 && diag != NULL && rc != CVD_ENOMEM && rc != CVD_ELIMIT)
        locate(in, len, diag->offset, diag);
    return rc;
}

/* ---- evaluation ---- */

struct eval {
    const struct cvd_osv_record *r;
    const struct cvd_osv_query *q;
    cvd_osv_scheme_fn find;
    struct cvd_osv_result *res;
    bool unknown; /* res holds the first unknown */
    bool closed;  /* res holds a not-affected basis from a range */
};

/* Record the first reason the answer is unknown. */
static void set_unknown(struct eval *ev, enum cvd_osv_basis basis, size_t ai, size_t ri, size_t ei,
                        size_t vi, int code, const char *fmt, ...) CVD_PRINTF(8, 9);

static void set_unknown(struct eval *ev, enum cvd_osv_basis basis, size_t ai, size_t ri, size_t ei,
                        size_t vi, int code, const char *fmt, ...)
{
    if (ev->unknown)
        return;
    ev->unknown = true;
    struct cvd_osv_result *res = ev->res;
    res->basis = basis;
    res->affected_index = ai;
    res->range_index = ri;
    res->event_index = ei;
    res->version_index = vi;
    va_list ap;
    va_start(ap, fmt);
    (void)cvd_diag_vset(&res->why, code, fmt, ap);
    va_end(ap);
}

static void set_decided(struct cvd_osv_result *res, enum cvd_osv_verdict v,
                        enum cvd_osv_basis basis, size_t ai, size_t ri, size_t ei, size_t vi)
{
    res->verdict = v;
    res->basis = basis;
    res->affected_index = ai;
    res->range_index = ri;
    res->event_index = ei;
    res->version_index = vi;
}

static void bad_compare(struct eval *ev, size_t ai, size_t ri, size_t ei, size_t vi,
                        const struct cvd_version_scheme *s, struct cvd_str other,
                        const struct cvd_diag *d)
{
    char qa[300];
    char qb[300];
    quote(ev->q->version, qa, sizeof(qa));
    quote(other, qb, sizeof(qb));
    set_unknown(ev, CVD_OSV_BASIS_BAD_VERSION, ai, ri, ei, vi, CVD_EPARSE,
                "cannot compare '%s' with '%s' (scheme %s): %s", qa, qb, s->name, d->msg);
}

static const struct cvd_version_scheme *need_scheme(struct eval *ev, const char *name,
                                                    const struct cvd_osv_affected *e, size_t ai,
                                                    size_t ri)
{
    char qe[300];
    if (name == NULL) {
        quote(e->ecosystem, qe, sizeof(qe));
        set_unknown(ev, CVD_OSV_BASIS_NO_SCHEME, ai, ri, CVD_OSV_NONE, CVD_OSV_NONE, CVD_ENOTFOUND,
                    "cannot evaluate: no version scheme for ecosystem '%s'", qe);
        return NULL;
    }
    const struct cvd_version_scheme *s = ev->find(cvd_str_from_cstr(name));
    if (s == NULL)
        set_unknown(ev, CVD_OSV_BASIS_NO_SCHEME, ai, ri, CVD_OSV_NONE, CVD_OSV_NONE, CVD_ENOTFOUND,
                    "cannot evaluate: no version scheme '%s'", name);
    return s;
}

static bool is_zero(struct cvd_str v)
{
    return v.len == 1 && v.ptr[0] == '0';
}

/* Tie order of events with equal versions in the timeline: "introduced" before "fixed" (so
 * introduced X, fixed X is empty) and both before "last_affected" (which closes only above X). */
static int kind_rank(enum cvd_osv_event_kind k)
{
    return k == CVD_OSV_EVENT_INTRODUCED ? 0 : k == CVD_OSV_EVENT_FIXED ? 1 : 2;
}

enum range_outcome {
    RANGE_IN,      /* affected; *ret_event = the introduced event */
    RANGE_OUT,     /* not affected; *ret_event = the closing event, or NONE */
    RANGE_LIMIT,   /* not below any limit */
    RANGE_UNKNOWN, /* recorded in ev */
};

/*
 * The schema's timeline over events sorted by version: state becomes true at every introduced
 * <= v, false at every fixed <= v and at every last_affected < v. State changes only at events
 * that "fire" for v, so the final state is set by the greatest firing event in the sorted order;
 * finding that maximum is the same answer as sorting and walking, with O(n) comparisons.
 */
static enum range_outcome eval_range(struct eval *ev, const struct cvd_version_scheme *s, size_t ai,
                                     size_t ri, size_t *ret_event)
{
    const struct cvd_osv_range *rg = &ev->r->affected[ai].ranges[ri];
    struct cvd_str v = ev->q->version;
    struct cvd_diag d = {0};
    int cmp;

    /* limit: the version must be below some limit ("*" is infinity) */
    bool has_limit = false;
    bool below = false;
    size_t last_limit = CVD_OSV_NONE;
    for (size_t i = 0; i < rg->n_events && !below; i++) {
        const struct cvd_osv_event *e = &rg->events[i];
        if (e->kind != CVD_OSV_EVENT_LIMIT)
            continue;
        has_limit = true;
        last_limit = i;
        if (cvd_str_eq_cstr(e->version, "*")) {
            below = true;
            break;
        }
        if (s->compare(v, e->version, &cmp, &d) != 0) {
            bad_compare(ev, ai, ri, i, CVD_OSV_NONE, s, e->version, &d);
            return RANGE_UNKNOWN;
        }
        below = cmp < 0;
    }
    if (has_limit && !below) {
        *ret_event = last_limit;
        return RANGE_LIMIT;
    }

    size_t best = CVD_OSV_NONE;
    for (size_t i = 0; i < rg->n_events; i++) {
        const struct cvd_osv_event *e = &rg->events[i];
        if (e->kind == CVD_OSV_EVENT_LIMIT)
            continue;
        bool zero = e->kind == CVD_OSV_EVENT_INTRODUCED && is_zero(e->version);
        if (!zero) {
            if (s->compare(v, e->version, &cmp, &d) != 0) {
                bad_compare(ev, ai, ri, i, CVD_OSV_NONE, s, e->version, &d);
                return RANGE_UNKNOWN;
            }
            bool fires = e->kind == CVD_OSV_EVENT_LAST_AFFECTED ? cmp > 0 : cmp >= 0;
            if (!fires)
                continue;
        }
        if (best == CVD_OSV_NONE) {
            best = i;
            continue;
        }
        /* is e after best in the timeline? */
        const struct cvd_osv_event *b = &rg->events[best];
        bool b_zero = b->kind == CVD_OSV_EVENT_INTRODUCED && is_zero(b->version);
        if (zero)
            continue; /* "0" sorts first: never after anything */
        if (b_zero) {
            best = i;
            continue;
        }
        if (s->compare(e->version, b->version, &cmp, &d) != 0) {
            bad_compare(ev, ai, ri, i, CVD_OSV_NONE, s, b->version, &d);
            return RANGE_UNKNOWN;
        }
        if (cmp > 0 || (cmp == 0 && kind_rank(e->kind) > kind_rank(b->kind)))
            best = i;
    }
    *ret_event = best;
    if (best != CVD_OSV_NONE && rg->events[best].kind == CVD_OSV_EVENT_INTRODUCED)
        return RANGE_IN;
    return RANGE_OUT;
}

/* Evaluate one matching entry; true when it says affected (res filled). */
static bool eval_entry(struct eval *ev, size_t ai)
{
    const struct cvd_osv_affected *e = &ev->r->affected[ai];
    struct cvd_osv_result *res = ev->res;
    struct cvd_str v = ev->q->version;

    /* versions[]: byte-equal strings are the same version under any scheme */
    for (size_t i = 0; i < e->n_versions; i++) {
        if (cvd_str_eq(e->versions[i], v)) {
            set_decided(res, CVD_OSV_AFFECTED, CVD_OSV_BASIS_VERSIONS, ai, CVD_OSV_NONE,
                        CVD_OSV_NONE, i);
            return true;
        }
    }
    const struct cvd_version_scheme *eco_scheme = NULL;
    bool eco_looked_up = false;
    if (e->n_versions > 0) {
        eco_scheme =
            need_scheme(ev, cvd_osv_ecosystem_scheme(e->ecosystem, false), e, ai, CVD_OSV_NONE);
        eco_looked_up = true;
        for (size_t i = 0; eco_scheme != NULL && i < e->n_versions; i++) {
            int cmp;
            /* A list item the scheme cannot read (legacy PyPI strings like "2004d") can only
             * equal a byte-equal query, which was checked above. */
            if (eco_scheme->compare(v, e->versions[i], &cmp, NULL) != 0)
                continue;
            if (cmp == 0) {
                set_decided(res, CVD_OSV_AFFECTED, CVD_OSV_BASIS_VERSIONS, ai, CVD_OSV_NONE,
                            CVD_OSV_NONE, i);
                return true;
            }
        }
    }
    for (size_t ri = 0; ri < e->n_ranges; ri++) {
        const struct cvd_osv_range *rg = &e->ranges[ri];
        const struct cvd_version_scheme *s;
        if (rg->type == CVD_OSV_RANGE_GIT) {
            res->git_ranges_skipped++;
            continue;
        }
        if (rg->type == CVD_OSV_RANGE_SEMVER) {
            s = need_scheme(ev, cvd_osv_ecosystem_scheme(e->ecosystem, true), e, ai, ri);
        } else {
            if (!eco_looked_up) {
                eco_scheme =
                    need_scheme(ev, cvd_osv_ecosystem_scheme(e->ecosystem, false), e, ai, ri);
                eco_looked_up = true;
            }
            s = eco_scheme;
        }
        if (s == NULL)
            continue;
        size_t ei = CVD_OSV_NONE;
        switch (eval_range(ev, s, ai, ri, &ei)) {
        case RANGE_IN:
            set_decided(res, CVD_OSV_AFFECTED, CVD_OSV_BASIS_EVENT, ai, ri, ei, CVD_OSV_NONE);
            return true;
        case RANGE_OUT:
            if (!ev->closed && !ev->unknown && ei != CVD_OSV_NONE) {
                ev->closed = true;
                set_decided(res, CVD_OSV_NOT_AFFECTED, CVD_OSV_BASIS_EVENT, ai, ri, ei,
                            CVD_OSV_NONE);
            }
            break;
        case RANGE_LIMIT:
            if (!ev->closed && !ev->unknown) {
                ev->closed = true;
                set_decided(res, CVD_OSV_NOT_AFFECTED, CVD_OSV_BASIS_LIMIT, ai, ri, ei,
                            CVD_OSV_NONE);
            }
            break;
        case RANGE_UNKNOWN:
            break;
        }
    }
    return false;
}

static const struct cvd_version_scheme *default_find(struct cvd_str name)
{
    return cvd_version_scheme_find(name);
}

int cvd_osv_evaluate(const struct cvd_osv_record *r, const struct cvd_osv_query *q,
                     const struct cvd_osv_eval_opts *opts, struct cvd_osv_result *ret)
{
    if (r == NULL || q == NULL || ret == NULL)
        return CVD_EINVAL;
    struct cvd_osv_result res;
    memset(&res, 0, sizeof(res));
    set_decided(&res, CVD_OSV_NOT_AFFECTED, CVD_OSV_BASIS_NO_PACKAGE, CVD_OSV_NONE, CVD_OSV_NONE,
                CVD_OSV_NONE, CVD_OSV_NONE);
    if (r->withdrawn.ptr != NULL) {
        res.basis = CVD_OSV_BASIS_WITHDRAWN;
        *ret = res;
        return 0;
    }
    struct eval ev = {
        .r = r,
        .q = q,
        .find = (opts && opts->find_scheme) ? opts->find_scheme : default_find,
        .res = &res,
        .unknown = false,
        .closed = false,
    };
    unsigned flags = opts ? opts->flags : 0;
    size_t first_match = CVD_OSV_NONE;
    for (size_t ai = 0; ai < r->n_affected; ai++) {
        const struct cvd_osv_affected *e = &r->affected[ai];
        if (!e->has_package ||
            !cvd_osv_package_matches(e->ecosystem, e->name, q->ecosystem, q->name, flags))
            continue;
        res.entries_matched++;
        if (first_match == CVD_OSV_NONE)
            first_match = ai;
        if (eval_entry(&ev, ai)) {
            memset(&res.why, 0, sizeof(res.why));
            *ret = res;
            return 0;
        }
    }
    if (ev.unknown) {
        res.verdict = CVD_OSV_UNKNOWN;
    } else {
        memset(&res.why, 0, sizeof(res.why));
        if (!ev.closed && first_match != CVD_OSV_NONE)
            set_decided(&res, CVD_OSV_NOT_AFFECTED, CVD_OSV_BASIS_NOT_LISTED, first_match,
                        CVD_OSV_NONE, CVD_OSV_NONE, CVD_OSV_NONE);
    }
    *ret = res;
    return 0;
}
