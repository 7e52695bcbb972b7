/* SSVC decision tables: lookup, selection of values, evaluation, legacy vector strings. The
 * tables themselves are generated data (ssvc-tables.c); nothing here knows a particular tree. */
#include "cvd/ssvc.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cvd/json.h"
#include "ssvc-int.h"

/* User-supplied text quoted in messages is cut to this many bytes. */
#define QUOTE_MAX 64
/* Derived inputs may themselves be derived; deeper chains than this are a data error. */
#define DERIVE_DEPTH_MAX 3u

struct alias {
    const char *alias;
    const char *id;
};

/* Short names for the CLI. Documented in docs/cli/cvd-ssvc.md and docs/internals/ssvc.md. */
static const struct alias aliases[] = {
    {"supplier", "ssvc:DT_SP:1.0.0"},
    {"deployer", "ssvc:DT_DP:1.0.0"},
    {"coordinator-triage", "ssvc:DT_COORD_TRIAGE:1.0.0"},
    {"coordinator-publish", "ssvc:DT_COORD_PUBLISH:1.0.0"},
    {"cisa", "cisa:DT_CO:2.0.3"},
    {"bod2604", "cisa:DT_BOD2604:1.0.0"},
    {"utility", "ssvc:DT_U:1.0.0"},
    {"human-impact", "ssvc:DT_HI:1.0.0"},
    {"public-safety-impact", "ssvc:DT_PSI:1.0.0"},
    {"mwi", "derived:MWI_FROM_MP_PWI:1.0.0"},
};

size_t cvd_ssvc_table_count(void)
{
    return cvd__ssvc_table_count;
}

const struct cvd_ssvc_table *cvd_ssvc_table_at(size_t i)
{
    return i < cvd__ssvc_table_count ? cvd__ssvc_tables[i] : NULL;
}

/* Length of "ns:key" in an id "ns:key:version" (the position of the second colon). */
static size_t unversioned_len(const char *id)
{
    const char *colon = strchr(id, ':');
    if (colon == NULL)
        return strlen(id);
    const char *second = strchr(colon + 1, ':');
    return second == NULL ? strlen(id) : (size_t)(second - id);
}

static bool str_eq_unversioned(struct cvd_str s, const char *id)
{
    size_t n = unversioned_len(id);
    return s.len == n && memcmp(s.ptr, id, n) == 0;
}

const struct cvd_ssvc_table *cvd_ssvc_table_find(struct cvd_str name)
{
    if (name.ptr == NULL)
        return NULL;
    for (size_t i = 0; i < cvd__ssvc_table_count; i++) {
        if (cvd_str_eq_cstr(name, cvd__ssvc_tables[i]->id))
            return cvd__ssvc_tables[i];
    }
    const struct cvd_ssvc_table *found = NULL;
    for (size_t i = 0; i < cvd__ssvc_table_count; i++) {
        if (str_eq_unversioned(name, cvd__ssvc_tables[i]->id)) {
            if (found != NULL)
                return NULL; /* several versions: the caller must say which */
            found = cvd__ssvc_tables[i];
        }
    }
    if (found != NULL)
        return found;
    for (size_t i = 0; i < CVD_ARRAY_LEN(aliases); i++) {
        if (cvd_str_eq_nocase(name, cvd_str_from_cstr(aliases[i].alias)))
            return cvd_ssvc_table_find(cvd_str_from_cstr(aliases[i].id));
    }
    return NULL;
}

const char *cvd_ssvc_table_alias(const struct cvd_ssvc_table *t)
{
    if (t == NULL)
        return NULL;
    for (size_t i = 0; i < CVD_ARRAY_LEN(aliases); i++) {
        if (strcmp(aliases[i].id, t->id) == 0)
            return aliases[i].alias;
    }
    return NULL;
}

const struct cvd_ssvc_table *cvd_ssvc_deriving_table(const struct cvd_ssvc_point *p)
{
    if (p == NULL)
        return NULL;
    for (size_t i = 0; i < cvd__ssvc_table_count; i++) {
        const struct cvd_ssvc_table *t = cvd__ssvc_tables[i];
        if (t->derived && t->outcome == p)
            return t;
    }
    return NULL;
}

const struct cvd_ssvc_point *cvd_ssvc_point_find(struct cvd_str id)
{
    for (size_t i = 0; i < cvd__ssvc_point_count; i++) {
        if (cvd_str_eq_cstr(id, cvd__ssvc_points[i].id))
            return &cvd__ssvc_points[i];
    }
    return NULL;
}

int cvd_ssvc_value_find(const struct cvd_ssvc_point *p, struct cvd_str s)
{
    if (p == NULL || s.ptr == NULL)
        return -1;
    for (size_t i = 0; i < p->n_values; i++) {
        if (cvd_str_eq_cstr(s, p->values[i].key))
            return (int)i;
    }
    /* The generator checked that no key or name, lower-cased, designates two values. */
    for (size_t i = 0; i < p->n_values; i++) {
        if (cvd_str_eq_nocase(s, cvd_str_from_cstr(p->values[i].name)) ||
            cvd_str_eq_nocase(s, cvd_str_from_cstr(p->values[i].key)))
            return (int)i;
    }
    return -1;
}

/* ---- scope: the points a table involves, its deriving tables' inputs included ---- */

struct scope {
    size_t n;
    const struct cvd_ssvc_point *points[CVD_SSVC_MAX_POINTS];
};

static void scope_add_table(struct scope *sc, const struct cvd_ssvc_table *t, unsigned depth)
{
    for (size_t i = 0; i < t->n_inputs; i++) {
        const struct cvd_ssvc_point *p = t->inputs[i];
        bool seen = false;
        for (size_t j = 0; j < sc->n; j++) {
            if (sc->points[j] == p)
                seen = true;
        }
        if (!seen && sc->n < CVD_SSVC_MAX_POINTS)
            sc->points[sc->n++] = p;
        const struct cvd_ssvc_table *d = cvd_ssvc_deriving_table(p);
        if (d != NULL && depth < DERIVE_DEPTH_MAX)
            scope_add_table(sc, d, depth + 1);
    }
}

static void scope_build(struct scope *sc, const struct cvd_ssvc_table *t)
{
    sc->n = 0;
    scope_add_table(sc, t, 0);
}

/* Append "KEY=Name, ..." of p's values to msg (for "unknown value" messages). */
static void values_list(const struct cvd_ssvc_point *p, char *msg, size_t size)
{
    size_t len = 0;
    msg[0] = '\0';
    for (size_t i = 0; i < p->n_values && len < size; i++) {
        int n = snprintf(msg + len, size - len, "%s%s (%s)", i ? ", " : "", p->values[i].key,
                         p->values[i].name);
        if (n < 0)
            break;
        len += (size_t)n;
    }
}

void cvd_ssvc_selection_init(struct cvd_ssvc_selection *sel, const struct cvd_ssvc_table *t)
{
    memset(sel, 0, sizeof(*sel));
    sel->table = t;
}

static int sel_add_mask(struct cvd_ssvc_selection *sel, const struct cvd_ssvc_point *p,
                        uint32_t mask, struct cvd_diag *diag)
{
    for (size_t i = 0; i < sel->n; i++) {
        if (sel->items[i].point == p) {
            sel->items[i].mask |= mask;
            return 0;
        }
    }
    if (sel->n >= CVD_SSVC_MAX_POINTS)
        return cvd_diag_set(diag, CVD_ELIMIT, "too many decision points (at most %u)",
                            CVD_SSVC_MAX_POINTS);
    sel->items[sel->n].point = p;
    sel->items[sel->n].mask = mask;
    sel->n++;
    return 0;
}

static size_t quote_len(struct cvd_str s)
{
    return s.len < QUOTE_MAX ? s.len : QUOTE_MAX;
}

/* Resolve a decision point spelling within the table's scope. */
static int resolve_point(const struct cvd_ssvc_table *t, struct cvd_str s,
                         const struct cvd_ssvc_point **ret, struct cvd_diag *diag)
{
    struct scope sc;
    scope_build(&sc, t);
    int q = (int)quote_len(s);

    /* Most specific spelling first: full id, then namespace:key, then key, then name. */
    for (int pass = 0; pass < 4; pass++) {
        const struct cvd_ssvc_point *match = NULL;
        size_t n_match = 0;
        for (size_t i = 0; i < sc.n; i++) {
            const struct cvd_ssvc_point *p = sc.points[i];
            bool hit = false;
            switch (pass) {
            case 0:
                hit = cvd_str_eq_cstr(s, p->id);
                break;
            case 1:
                hit = str_eq_unversioned(s, p->id);
                break;
            case 2:
                hit = cvd_str_eq_cstr(s, p->key);
                break;
            default:
                hit = cvd_str_eq_nocase(s, cvd_str_from_cstr(p->key)) ||
                      cvd_str_eq_nocase(s, cvd_str_from_cstr(p->name));
                break;
            }
            if (hit) {
                n_match++;
                if (match == NULL)
                    match = p;
            }
        }
        if (n_match == 1) {
            *ret = match;
            return 0;
        }
        if (n_match > 1)
            return cvd_diag_set(
                diag, CVD_EINVAL,
                "decision point '%.*s' is ambiguous in table '%s'; give its full id", q, s.ptr,
                t->id);
    }

    /* Not in scope: say why as precisely as we can. */
    size_t colons = 0;
    for (size_t i = 0; i < s.len; i++) {
        if (s.ptr[i] == ':')
            colons++;
    }
    if (colons == 2) {
        struct cvd_str unv = {s.ptr, 0};
        size_t seen = 0;
        while (unv.len < s.len && !(s.ptr[unv.len] == ':' && ++seen == 2))
            unv.len++;
        for (size_t i = 0; i < sc.n; i++) {
            if (str_eq_unversioned(unv, sc.points[i]->id))
                return cvd_diag_set(
                    diag, CVD_EINVAL,
                    "decision point '%.*s' is another version of '%s' (%s), the one table '%s' "
                    "uses",
                    q, s.ptr, sc.points[i]->id, sc.points[i]->name, t->id);
        }
    }
    const struct cvd_ssvc_point *known = cvd_ssvc_point_find(s);
    for (size_t i = 0; known == NULL && i < cvd__ssvc_point_count; i++) {
        const struct cvd_ssvc_point *p = &cvd__ssvc_points[i];
        if (str_eq_unversioned(s, p->id) || cvd_str_eq_cstr(s, p->key) ||
            cvd_str_eq_nocase(s, cvd_str_from_cstr(p->name)))
            known = p;
    }
    if (known != NULL)
        return cvd_diag_set(diag, CVD_ENOTFOUND,
                            "decision point '%s' (%s) is not an input of table '%s'", known->id,
                            known->name, t->id);
    return cvd_diag_set(diag, CVD_ENOTFOUND, "unknown decision point '%.*s' for table '%s'", q,
                        s.ptr, t->id);
}

/* The "unknown value" error for point p, naming another version that has the value. */
static int unknown_value(const struct cvd_ssvc_point *p, struct cvd_str value,
                         struct cvd_diag *diag)
{
    int q = (int)quote_len(value);
    size_t unv = unversioned_len(p->id);
    for (size_t i = 0; i < cvd__ssvc_point_count; i++) {
        const struct cvd_ssvc_point *other = &cvd__ssvc_points[i];
        if (other == p || unversioned_len(other->id) != unv || memcmp(other->id, p->id, unv) != 0)
            continue;
        int v = cvd_ssvc_value_find(other, value);
        if (v >= 0)
            return cvd_diag_set(diag, CVD_ENOTFOUND,
                                "value '%.*s' (%s) belongs to '%s', another version of '%s' (%s)",
                                q, value.ptr, other->values[v].name, other->id, p->id, p->name);
    }
    char list[160];
    values_list(p, list, sizeof(list));
    return cvd_diag_set(diag, CVD_ENOTFOUND, "unknown value '%.*s' for '%s' (%s): expected %s", q,
                        value.ptr, p->id, p->name, list);
}

int cvd_ssvc_selection_add(struct cvd_ssvc_selection *sel, struct cvd_str point,
                           struct cvd_str value, struct cvd_diag *diag)
{
    if (sel == NULL || sel->table == NULL || point.ptr == NULL || value.ptr == NULL)
        return cvd_diag_set(diag, CVD_EINVAL, "invalid argument");
    const struct cvd_ssvc_point *p = NULL;
    int rc = resolve_point(sel->table, point, &p, diag);
    if (rc)
        return rc;
    int v = cvd_ssvc_value_find(p, value);
    if (v < 0)
        return unknown_value(p, value, diag);
    return sel_add_mask(sel, p, (uint32_t)1 << v, diag);
}

/* ---- evaluation ---- */

static uint32_t sel_mask(const struct cvd_ssvc_selection *sel, const struct cvd_ssvc_point *p)
{
    for (size_t i = 0; i < sel->n; i++) {
        if (sel->items[i].point == p)
            return sel->items[i].mask;
    }
    return 0;
}

/* The set of outcomes of t over the Cartesian product of the input masks. */
static uint32_t table_outcomes(const struct cvd_ssvc_table *t, const uint32_t *masks)
{
    uint32_t out = 0;
    for (size_t cell = 0; cell < t->n_cells; cell++) {
        size_t rest = cell;
        bool possible = true;
        for (size_t i = t->n_inputs; i-- > 0;) {
            size_t radix = t->inputs[i]->n_values;
            if ((masks[i] & ((uint32_t)1 << (rest % radix))) == 0) {
                possible = false;
                break;
            }
            rest /= radix;
        }
        if (possible)
            out |= (uint32_t)1 << t->cells[cell];
    }
    return out;
}

/* Whether sel gives any input of t or of the tables deriving t's inputs. */
static bool sel_touches(const struct cvd_ssvc_selection *sel, const struct cvd_ssvc_table *t,
                        unsigned depth)
{
    for (size_t i = 0; i < t->n_inputs; i++) {
        if (sel_mask(sel, t->inputs[i]) != 0)
            return true;
        const struct cvd_ssvc_table *d = cvd_ssvc_deriving_table(t->inputs[i]);
        if (d != NULL && depth < DERIVE_DEPTH_MAX && sel_touches(sel, d, depth + 1))
            return true;
    }
    return false;
}

static int eval_table(const struct cvd_ssvc_selection *sel, const struct cvd_ssvc_table *t,
                      unsigned depth, struct cvd_ssvc_result *res, uint32_t *ret_outcomes,
                      struct cvd_diag *diag)
{
    uint32_t masks[CVD_SSVC_MAX_POINTS];
    if (t->n_inputs > CVD_SSVC_MAX_POINTS)
        return cvd_diag_set(diag, CVD_ELIMIT, "table '%s' has too many inputs", t->id);
    for (size_t i = 0; i < t->n_inputs; i++) {
        const struct cvd_ssvc_point *p = t->inputs[i];
        if (res->n_used >= CVD_SSVC_MAX_POINTS)
            return cvd_diag_set(diag, CVD_ELIMIT, "table '%s' involves too many decision points",
                                sel->table->id);
        size_t slot = res->n_used++;
        res->used[slot] = (struct cvd_ssvc_used){.point = p, .depth = depth};
        masks[i] = sel_mask(sel, p);
        if (masks[i] != 0) {
            res->used[slot].mask = masks[i];
            continue;
        }
        const struct cvd_ssvc_table *d =
            depth < DERIVE_DEPTH_MAX ? cvd_ssvc_deriving_table(p) : NULL;
        if (d == NULL) {
            if (depth == 0)
                return cvd_diag_set(diag, CVD_EMISSING, "missing input '%s' (%s) for table '%s'",
                                    p->id, p->name, sel->table->id);
            return cvd_diag_set(diag, CVD_EMISSING,
                                "missing input '%s' (%s) to derive '%s' (%s) for table '%s'", p->id,
                                p->name, t->outcome->id, t->outcome->name, sel->table->id);
        }
        if (!sel_touches(sel, d, depth + 1)) {
            char from[160];
            size_t len = 0;
            from[0] = '\0';
            for (size_t j = 0; j < d->n_inputs && len < sizeof(from); j++) {
                int n = snprintf(from + len, sizeof(from) - len, "%s'%s'",
                                 j == 0 ? "" : (j + 1 == d->n_inputs ? " and " : ", "),
                                 d->inputs[j]->id);
                if (n < 0)
                    break;
                len += (size_t)n;
            }
            return cvd_diag_set(
                diag, CVD_EMISSING,
                "missing input '%s' (%s) for table '%s': give it, or %s to derive it", p->id,
                p->name, sel->table->id, from);
        }
        res->used[slot].via = d;
        int rc = eval_table(sel, d, depth + 1, res, &masks[i], diag);
        if (rc)
            return rc;
        res->used[slot].mask = masks[i];
    }
    *ret_outcomes = table_outcomes(t, masks);
    return 0;
}

int cvd_ssvc_eval(const struct cvd_ssvc_selection *sel, struct cvd_ssvc_result *ret,
                  struct cvd_diag *diag)
{
    if (sel == NULL || sel->table == NULL || ret == NULL)
        return cvd_diag_set(diag, CVD_EINVAL, "invalid argument");
    struct cvd_ssvc_result res = {.table = sel->table};
    int rc = eval_table(sel, sel->table, 0, &res, &res.outcomes, diag);
    if (rc)
        return rc;
    if (res.outcomes == 0) /* cannot happen: every table is complete and masks are non-empty */
        return cvd_diag_set(diag, CVD_EINVAL, "table '%s' gave no outcome", sel->table->id);
    unsigned lo = 0;
    while ((res.outcomes & ((uint32_t)1 << lo)) == 0)
        lo++;
    unsigned hi = 31;
    while ((res.outcomes & ((uint32_t)1 << hi)) == 0)
        hi--;
    res.lowest = lo;
    res.highest = hi;
    *ret = res;
    return 0;
}

/* ---- legacy vector string, registry-key form ---- */

#define VECTOR_PREFIX "SSVCv2/"

static int vec_error(struct cvd_diag *diag, int code, size_t offset, const char *fmt, ...)
    CVD_PRINTF(4, 5);

static int vec_error(struct cvd_diag *diag, int code, size_t offset, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = cvd_diag_vset(diag, code, fmt, ap);
    va_end(ap);
    if (diag != NULL)
        diag->offset = offset;
    return rc;
}

/* printf arguments for "%.*s" quoting a user-supplied view, cut to QUOTE_MAX bytes */
#define QUOTED(s) (int)quote_len(s), (s).ptr

static bool is_timestamp(struct cvd_str s)
{
    size_t i = 0;
    while (i < s.len && cvd_ascii_is_digit((unsigned char)s.ptr[i]))
        i++;
    if (i == s.len)
        return s.len > 0 && s.len <= 20; /* epoch seconds */
    /* YYYY-MM-DD, then optionally T and time characters */
    static const char shape[] = "dddd-dd-dd";
    if (s.len < 10)
        return false;
    for (i = 0; i < 10; i++) {
        char c = s.ptr[i];
        if (shape[i] == 'd' ? !cvd_ascii_is_digit((unsigned char)c) : c != '-')
            return false;
    }
    if (s.len == 10)
        return true;
    if (s.ptr[10] != 'T' || s.len > 40)
        return false;
    for (i = 11; i < s.len; i++) {
        char c = s.ptr[i];
        if (!cvd_ascii_is_digit((unsigned char)c) && c != ':' && c != '.' && c != '+' && c != '-' &&
            c != 'Z')
            return false;
    }
    return true;
}

/* Number of ways to split run into value keys of p (capped at 2), and the mask of the first. */
static unsigned split_values(const struct cvd_ssvc_point *p, struct cvd_str run, uint32_t *ret_mask)
{
    /* ways[i]: number of splits of run[i..], capped at 2; pick[i]: value used by the first */
    unsigned ways[64 + 1];
    int pick[64 + 1];
    if (run.len == 0 || run.len > 64)
        return 0;
    ways[run.len] = 1;
    for (size_t i = run.len; i-- > 0;) {
        ways[i] = 0;
        pick[i] = -1;
        for (size_t v = 0; v < p->n_values; v++) {
            size_t kl = strlen(p->values[v].key);
            if (kl == 0 || kl > run.len - i || memcmp(run.ptr + i, p->values[v].key, kl) != 0)
                continue;
            if (ways[i + kl] == 0)
                continue;
            if (pick[i] < 0)
                pick[i] = (int)v;
            ways[i] += ways[i + kl];
            if (ways[i] > 2)
                ways[i] = 2;
        }
    }
    uint32_t mask = 0;
    for (size_t i = 0; ways[0] == 1 && i < run.len;) {
        mask |= (uint32_t)1 << pick[i];
        i += strlen(p->values[pick[i]].key);
    }
    *ret_mask = mask;
    return ways[0];
}

int cvd_ssvc_vector_parse(struct cvd_ssvc_selection *sel, const char *s, size_t len,
                          struct cvd_str *ret_timestamp, struct cvd_diag *diag)
{
    if (sel == NULL || sel->table == NULL || (s == NULL && len > 0))
        return cvd_diag_set(diag, CVD_EINVAL, "invalid argument");
    struct cvd_str in = {s, len};
    struct cvd_str timestamp = {NULL, 0};
    if (!cvd_str_starts_with(in, CVD_STR(VECTOR_PREFIX)))
        return vec_error(diag, CVD_EPARSE, 0, "vector '%.*s' does not start with 'SSVCv2/'",
                         QUOTED(in));
    if (s[len - 1] != '/')
        return vec_error(diag, CVD_EPARSE, len, "vector '%.*s' does not end with '/'", QUOTED(in));
    struct cvd_ssvc_selection work = *sel; /* sel changes only on success */
    size_t pos = sizeof(VECTOR_PREFIX) - 1;
    size_t n_pairs = 0;
    while (pos < len) {
        const char *slash = memchr(s + pos, '/', len - pos);
        struct cvd_str field = {s + pos, (size_t)(slash - (s + pos))};
        size_t field_at = pos;
        pos += field.len + 1;
        if (field.len == 0) {
            int rc = cvd_diag_set(diag, CVD_EPARSE, "empty field in vector at byte %zu", field_at);
            if (diag != NULL)
                diag->offset = field_at;
            return rc;
        }
        if (timestamp.ptr != NULL)
            return vec_error(diag, CVD_EPARSE, field_at,
                             "field '%.*s' after the timestamp; the timestamp must come last",
                             QUOTED(field));
        if (cvd_ascii_is_digit((unsigned char)field.ptr[0])) {
            if (!is_timestamp(field))
                return vec_error(
                    diag, CVD_EPARSE, field_at,
                    "'%.*s' is not a timestamp (RFC 3339, YYYY-MM-DD or epoch seconds)",
                    QUOTED(field));
            timestamp = field;
            continue;
        }
        const char *colon = memchr(field.ptr, ':', field.len);
        if (colon == NULL || colon == field.ptr || colon + 1 == field.ptr + field.len)
            return vec_error(diag, CVD_EPARSE, field_at, "field '%.*s' is not KEY:VALUES",
                             QUOTED(field));
        struct cvd_str key = {field.ptr, (size_t)(colon - field.ptr)};
        struct cvd_str run = {colon + 1, field.len - key.len - 1};
        /* Keys only (case-sensitive): the vector is the registry-key form. */
        struct scope sc;
        scope_build(&sc, sel->table);
        const struct cvd_ssvc_point *p = NULL;
        for (size_t i = 0; i < sc.n; i++) {
            if (!cvd_str_eq_cstr(key, sc.points[i]->key))
                continue;
            if (p != NULL) {
                int rc =
                    vec_error(diag, CVD_EINVAL, field_at,
                              "decision point key '%.*s' is ambiguous in this table", QUOTED(key));
                return rc;
            }
            p = sc.points[i];
        }
        if (p == NULL) {
            int rc = cvd_diag_set(
                diag, CVD_ENOTFOUND,
                "unknown decision point key '%.*s' in vector for table '%s' (cvd reads "
                "registry keys, not the SSVC calculator's abbreviations)",
                (int)quote_len(key), key.ptr, sel->table->id);
            if (diag != NULL)
                diag->offset = field_at;
            return rc;
        }
        uint32_t mask = 0;
        unsigned ways = split_values(p, run, &mask);
        if (ways != 1) {
            char list[160];
            values_list(p, list, sizeof(list));
            int rc = cvd_diag_set(diag, ways == 0 ? CVD_ENOTFOUND : CVD_EINVAL,
                                  "%s value%s '%.*s' for '%s' (%s): expected keys of %s",
                                  ways == 0 ? "unknown" : "ambiguous", ways == 0 ? "" : " run",
                                  (int)quote_len(run), run.ptr, p->id, p->name, list);
            if (diag != NULL)
                diag->offset = (size_t)(run.ptr - s);
            return rc;
        }
        int rc = sel_add_mask(&work, p, mask, diag);
        if (rc)
            return rc;
        n_pairs++;
    }
    if (n_pairs == 0)
        return vec_error(diag, CVD_EPARSE, len, "vector '%.*s' has no KEY:VALUES field",
                         QUOTED(in));
    *sel = work;
    if (ret_timestamp != NULL)
        *ret_timestamp = timestamp;
    return 0;
}

int cvd_ssvc_vector_format(const struct cvd_ssvc_selection *sel, struct cvd_buf *out)
{
    if (sel == NULL || out == NULL)
        return CVD_EINVAL;
    size_t order[CVD_SSVC_MAX_POINTS];
    size_t n = sel->n < CVD_SSVC_MAX_POINTS ? sel->n : CVD_SSVC_MAX_POINTS;
    for (size_t i = 0; i < n; i++) {
        size_t j = i;
        /* insertion sort by key: the calculator sorted its pairs A-Z */
        while (j > 0 && strcmp(sel->items[order[j - 1]].point->key, sel->items[i].point->key) > 0) {
            order[j] = order[j - 1];
            j--;
        }
        order[j] = i;
    }
    int rc = cvd_buf_add_cstr(out, VECTOR_PREFIX);
    for (size_t i = 0; rc == 0 && i < n; i++) {
        const struct cvd_ssvc_point *p = sel->items[order[i]].point;
        rc = cvd_buf_add_cstr(out, p->key);
        if (rc == 0)
            rc = cvd_buf_add_char(out, ':');
        for (size_t v = 0; rc == 0 && v < p->n_values; v++) {
            if (sel->items[order[i]].mask & ((uint32_t)1 << v))
                rc = cvd_buf_add_cstr(out, p->values[v].key);
        }
        if (rc == 0)
            rc = cvd_buf_add_char(out, '/');
    }
    return rc;
}

/* ---- CISA Vulnrichment ---- */

/* Vulnrichment spellings that are neither a key nor a name of the value. */
static const struct {
    const char *point_key;
    const char *spelling;
    const char *value_key;
} vulnrichment_spellings[] = {
    {"E", "poc", "P"},
};

static bool registry_has_name(struct cvd_str name)
{
    for (size_t i = 0; i < cvd__ssvc_point_count; i++) {
        if (cvd_str_eq_nocase(name, cvd_str_from_cstr(cvd__ssvc_points[i].name)))
            return true;
    }
    return false;
}

static const struct cvd_json *find_ssvc_content(const struct cvd_json *record)
{
    const struct cvd_json *adp = cvd_json_get(cvd_json_get(record, "containers"), "adp");
    for (size_t i = 0; i < cvd_json_len(adp); i++) {
        const struct cvd_json *metrics = cvd_json_get(cvd_json_at(adp, i), "metrics");
        for (size_t j = 0; j < cvd_json_len(metrics); j++) {
            const struct cvd_json *other = cvd_json_get(cvd_json_at(metrics, j), "other");
            if (cvd_str_eq_cstr(cvd_json_string(cvd_json_get(other, "type")), "ssvc"))
                return cvd_json_get(other, "content");
        }
    }
    return NULL;
}

int cvd_ssvc_vulnrichment_add(struct cvd_ssvc_selection *sel, const struct cvd_json *v,
                              struct cvd_str *ret_timestamp, struct cvd_diag *diag)
{
    if (sel == NULL || sel->table == NULL || v == NULL)
        return cvd_diag_set(diag, CVD_EINVAL, "invalid argument");
    const struct cvd_json *content = NULL;
    const struct cvd_json *options = v;
    if (cvd_json_is(v, CVD_JSON_OBJECT)) {
        content = cvd_json_get(v, "options") != NULL ? v : find_ssvc_content(v);
        if (content == NULL)
            return cvd_diag_set(
                diag, CVD_ENOTFOUND,
                "no CISA SSVC metric (containers.adp[].metrics[].other with type 'ssvc')");
        options = cvd_json_get(content, "options");
    }
    if (!cvd_json_is(options, CVD_JSON_ARRAY))
        return cvd_diag_set(diag, CVD_ETYPE, "SSVC 'options' is not an array");
    struct cvd_ssvc_selection work = *sel;
    for (size_t i = 0; i < cvd_json_len(options); i++) {
        const struct cvd_json *opt = cvd_json_at(options, i);
        const struct cvd_json_member *m = cvd_json_member_at(opt, 0);
        if (cvd_json_len(opt) != 1 || m == NULL || !cvd_json_is(&m->value, CVD_JSON_STRING))
            return cvd_diag_set(diag, CVD_ETYPE,
                                "options[%zu] is not an object with one string member", i);
        const struct cvd_ssvc_point *p = NULL;
        int rc = resolve_point(sel->table, m->key, &p, NULL);
        if (rc == CVD_ENOTFOUND && registry_has_name(m->key))
            continue; /* a real decision point this table does not use (E for bod2604) */
        if (rc)
            return resolve_point(sel->table, m->key, &p, diag);
        struct cvd_str value = cvd_json_string(&m->value);
        for (size_t k = 0; k < CVD_ARRAY_LEN(vulnrichment_spellings); k++) {
            if (strcmp(p->key, vulnrichment_spellings[k].point_key) == 0 &&
                cvd_str_eq_nocase(value, cvd_str_from_cstr(vulnrichment_spellings[k].spelling)))
                value = cvd_str_from_cstr(vulnrichment_spellings[k].value_key);
        }
        int idx = cvd_ssvc_value_find(p, value);
        if (idx < 0)
            return unknown_value(p, value, diag);
        rc = sel_add_mask(&work, p, (uint32_t)1 << idx, diag);
        if (rc)
            return rc;
    }
    *sel = work;
    if (ret_timestamp != NULL) {
        const struct cvd_json *ts = cvd_json_get(content, "timestamp");
        *ret_timestamp =
            cvd_json_is(ts, CVD_JSON_STRING) ? cvd_json_string(ts) : (struct cvd_str){NULL, 0};
    }
    return 0;
}
