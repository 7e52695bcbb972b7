/* CSAF 2.0 mandatory tests (section 6.1) over a parsed tree. See include/cvd/csaf.h and
 * docs/internals/csaf.md. Product ids are collected into sorted tables (qsort/bsearch); the
 * branch tree is walked with an explicit, bounded stack; nothing recurses. */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cvd/csaf.h"
#include "cvd/cvss.h"
#include "cvd/purl.h"

static const char *const checked[] = {
    "6.1.1",    "6.1.2",    "6.1.3",    "6.1.4",    "6.1.5",     "6.1.6",     "6.1.7",
    "6.1.9",    "6.1.10",   "6.1.13",   "6.1.14",   "6.1.15",    "6.1.16",    "6.1.17",
    "6.1.18",   "6.1.19",   "6.1.20",   "6.1.21",   "6.1.22",    "6.1.23",    "6.1.24",
    "6.1.25",   "6.1.26",   "6.1.27.1", "6.1.27.2", "6.1.27.3",  "6.1.27.4",  "6.1.27.5",
    "6.1.27.6", "6.1.27.7", "6.1.27.8", "6.1.27.9", "6.1.27.10", "6.1.27.11", "6.1.28",
    "6.1.29",   "6.1.30",   "6.1.31",   "6.1.32",   "6.1.33",
};

const char *const *cvd_csaf_checked_tests(size_t *n)
{
    *n = sizeof checked / sizeof checked[0];
    return checked;
}

/* An id with the pointer where it occurs. */
struct idref {
    struct cvd_str id;
    const char *ptr;
    size_t aux; /* test-specific: status group, score version, flag index, relationship */
};

struct ids {
    struct idref *v;
    size_t len, cap;
};

struct ctx {
    struct cvd_arena *a;
    struct cvd_csaf_report *rep;
    struct cvd_diag *diag;
    const struct cvd_json *doc;
    int rc;
    struct ids products; /* product ids defined, sorted */
    struct ids groups;   /* group ids defined (aux: index into product_groups), sorted */
    struct ids fpns;     /* full product name objects (ptr only; aux unused) */
    const struct cvd_json **fpn_nodes;
    size_t fpn_cap;
};

static int cmp_str(struct cvd_str x, struct cvd_str y)
{
    size_t n = x.len < y.len ? x.len : y.len;
    int c = n ? memcmp(x.ptr, y.ptr, n) : 0;
    if (c != 0)
        return c;
    return (x.len > y.len) - (x.len < y.len);
}

static int cmp_idref(const void *p, const void *q)
{
    const struct idref *x = p;
    const struct idref *y = q;
    int c = cmp_str(x->id, y->id);
    if (c != 0)
        return c;
    return (x->aux > y->aux) - (x->aux < y->aux);
}

static char *vfmt(struct ctx *c, const char *fmt, va_list ap) CVD_PRINTF(2, 0);
static char *vfmt(struct ctx *c, const char *fmt, va_list ap)
{
    char buf[512];
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    if (n < 0)
        n = 0;
    size_t len = (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1;
    char *s = cvd_arena_strndup(c->a, buf, len);
    if (s == NULL && c->rc == 0)
        c->rc = cvd_diag_set(c->diag, CVD_ENOMEM, "out of memory");
    return s;
}

static char *fmt(struct ctx *c, const char *f, ...) CVD_PRINTF(2, 3);
static char *fmt(struct ctx *c, const char *f, ...)
{
    va_list ap;
    va_start(ap, f);
    char *s = vfmt(c, f, ap);
    va_end(ap);
    return s;
}

/* An id quoted for a message: at most 80 bytes, cut on a UTF-8 boundary, controls as '?'. */
static const char *q(struct ctx *c, struct cvd_str s)
{
    char buf[84];
    size_t n = s.len;
    if (n > 80) {
        n = 80;
        while (n > 0 && ((unsigned char)s.ptr[n] & 0xc0) == 0x80)
            n--;
    }
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s.ptr[i];
        buf[i] = ch < 0x20 || ch == 0x7f ? '?' : (char)ch;
    }
    buf[n] = '\0';
    return fmt(c, "%s%s", buf, n < s.len ? "..." : "");
}

static void add(struct ctx *c, const char *test, const char *ptr, const char *f, ...)
    CVD_PRINTF(4, 5);
static void add(struct ctx *c, const char *test, const char *ptr, const char *f, ...)
{
    struct cvd_csaf_report *r = c->rep;
    if (c->rc != 0)
        return;
    if (r->len >= CVD_CSAF_MAX_FINDINGS) {
        r->truncated = true;
        return;
    }
    if (r->len == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 16;
        struct cvd_csaf_finding *v = cvd_arena_alloc_array(c->a, cap, sizeof *v);
        if (v == NULL) {
            c->rc = cvd_diag_set(c->diag, CVD_ENOMEM, "out of memory");
            return;
        }
        if (r->len)
            memcpy(v, r->items, r->len * sizeof *v);
        r->items = v;
        r->cap = cap;
    }
    va_list ap;
    va_start(ap, f);
    char *msg = vfmt(c, f, ap);
    va_end(ap);
    if (msg == NULL || ptr == NULL) {
        if (c->rc == 0)
            c->rc = cvd_diag_set(c->diag, CVD_ENOMEM, "out of memory");
        return;
    }
    bool warn = strncmp(test, "6.1.", 4) != 0 && strcmp(test, "schema") != 0;
    r->items[r->len++] = (struct cvd_csaf_finding){
        .test = test,
        .pointer = ptr,
        .message = msg,
        .severity = warn ? CVD_CSAF_WARNING : CVD_CSAF_ERROR,
    };
    if (warn)
        r->warnings++;
    else
        r->errors++;
}

static void push(struct ctx *c, struct ids *t, struct cvd_str id, const char *ptr, size_t aux)
{
    if (c->rc != 0 || ptr == NULL)
        return;
    if (t->len >= CVD_CSAF_MAX_ENTRIES) {
        c->rc = cvd_diag_set(c->diag, CVD_ELIMIT, "more than %u ids to compare in one table",
                             CVD_CSAF_MAX_ENTRIES);
        return;
    }
    if (t->len == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 32;
        struct idref *v = cvd_arena_alloc_array(c->a, cap, sizeof *v);
        if (v == NULL) {
            c->rc = cvd_diag_set(c->diag, CVD_ENOMEM, "out of memory");
            return;
        }
        if (t->len)
            memcpy(v, t->v, t->len * sizeof *v);
        t->v = v;
        t->cap = cap;
    }
    t->v[t->len++] = (struct idref){.id = id, .ptr = ptr, .aux = aux};
}

static void sort_ids(struct ids *t)
{
    if (t->len > 1)
        qsort(t->v, t->len, sizeof t->v[0], cmp_idref);
}

static const struct idref *find(const struct ids *t, struct cvd_str id)
{
    size_t lo = 0;
    size_t hi = t->len;
    while (lo < hi) { /* first entry with this id */
        size_t mid = lo + (hi - lo) / 2;
        if (cmp_str(t->v[mid].id, id) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < t->len && cmp_str(t->v[lo].id, id) == 0 ? &t->v[lo] : NULL;
}

static const struct cvd_json *get(const struct cvd_json *v, const char *k)
{
    return cvd_json_get(v, k);
}

static bool is_str(const struct cvd_json *v)
{
    return cvd_json_is(v, CVD_JSON_STRING);
}

static bool str_is(const struct cvd_json *v, const char *s)
{
    return is_str(v) && cvd_str_eq_cstr(cvd_json_string(v), s);
}

/* ---- definitions: full product names in branches, full_product_names, relationships ---- */

static void fpn_add(struct ctx *c, const struct cvd_json *fpn, const char *ptr)
{
    if (c->rc != 0 || !cvd_json_is(fpn, CVD_JSON_OBJECT) || ptr == NULL)
        return;
    if (c->fpns.len == c->fpn_cap) {
        size_t cap = c->fpn_cap ? c->fpn_cap * 2 : 32;
        const struct cvd_json **v = cvd_arena_alloc_array(c->a, cap, sizeof *v);
        if (v == NULL) {
            c->rc = cvd_diag_set(c->diag, CVD_ENOMEM, "out of memory");
            return;
        }
        if (c->fpns.len)
            memcpy(v, c->fpn_nodes, c->fpns.len * sizeof *v);
        c->fpn_nodes = v;
        c->fpn_cap = cap;
    }
    size_t before = c->fpns.len;
    push(c, &c->fpns, (struct cvd_str){0}, ptr, before);
    if (c->fpns.len > before)
        c->fpn_nodes[before] = fpn;
    const struct cvd_json *pid = get(fpn, "product_id");
    if (is_str(pid))
        push(c, &c->products, cvd_json_string(pid), fmt(c, "%s/product_id", ptr), 0);
}

static void check_6_1_31(struct ctx *c, const struct cvd_json *branch, const char *bp);

/* Walk /product_tree/branches with an explicit stack of (array, next index). */
static void walk_branches(struct ctx *c, const struct cvd_json *top)
{
    struct level {
        const struct cvd_json *arr;
        size_t next;
        const char *ptr; /* pointer of arr */
    } st[CVD_CSAF_MAX_DEPTH];
    size_t sp = 0;
    if (!cvd_json_is(top, CVD_JSON_ARRAY))
        return;
    st[sp++] = (struct level){top, 0, "/product_tree/branches"};
    while (sp > 0 && c->rc == 0) {
        size_t i = st[sp - 1].next++;
        const struct cvd_json *b = cvd_json_at(st[sp - 1].arr, i);
        if (b == NULL) {
            sp--;
            continue;
        }
        const char *bp = fmt(c, "%s/%zu", st[sp - 1].ptr, i);
        if (bp == NULL)
            return;
        check_6_1_31(c, b, bp);
        const struct cvd_json *prod = get(b, "product");
        if (prod != NULL)
            fpn_add(c, prod, fmt(c, "%s/product", bp));
        const struct cvd_json *sub = get(b, "branches");
        if (cvd_json_is(sub, CVD_JSON_ARRAY)) {
            if (sp == CVD_CSAF_MAX_DEPTH) {
                c->rc = cvd_diag_set(c->diag, CVD_ELIMIT, "%s: branches nested deeper than %u", bp,
                                     CVD_CSAF_MAX_DEPTH);
                return;
            }
            st[sp++] = (struct level){sub, 0, fmt(c, "%s/branches", bp)};
            if (st[sp - 1].ptr == NULL)
                return;
        }
    }
}

static void collect_definitions(struct ctx *c)
{
    const struct cvd_json *pt = get(c->doc, "product_tree");
    walk_branches(c, get(pt, "branches"));
    const struct cvd_json *fpns = get(pt, "full_product_names");
    for (size_t i = 0; i < cvd_json_len(fpns); i++)
        fpn_add(c, cvd_json_at(fpns, i), fmt(c, "/product_tree/full_product_names/%zu", i));
    const struct cvd_json *rels = get(pt, "relationships");
    for (size_t i = 0; i < cvd_json_len(rels); i++)
        fpn_add(c, get(cvd_json_at(rels, i), "full_product_name"),
                fmt(c, "/product_tree/relationships/%zu/full_product_name", i));
    const struct cvd_json *groups = get(pt, "product_groups");
    for (size_t i = 0; i < cvd_json_len(groups); i++) {
        const struct cvd_json *gid = get(cvd_json_at(groups, i), "group_id");
        if (is_str(gid))
            push(c, &c->groups, cvd_json_string(gid),
                 fmt(c, "/product_tree/product_groups/%zu/group_id", i), i);
    }
    sort_ids(&c->products);
    sort_ids(&c->groups);
}

/* ---- 6.1.1 missing definition of product id ---- */

static void ref_list(struct ctx *c, const struct cvd_json *arr, const char *ptr)
{
    for (size_t i = 0; i < cvd_json_len(arr) && c->rc == 0; i++) {
        const struct cvd_json *v = cvd_json_at(arr, i);
        if (is_str(v) && find(&c->products, cvd_json_string(v)) == NULL)
            add(c, "6.1.1", fmt(c, "%s/%zu", ptr, i), "product id '%s' is not defined",
                q(c, cvd_json_string(v)));
    }
}

static const char *const status_names[] = {
    "first_affected", "known_affected", "last_affected", "known_not_affected",
    "first_fixed",    "fixed",          "recommended",   "under_investigation",
};
/* 6.1.6 groups: 0 affected, 1 not affected, 2 fixed, 3 under investigation; 9 recommended */
static const size_t status_group[] = {0, 0, 0, 1, 2, 2, 9, 3};
static const char *const group_label[] = {"affected", "not affected", "fixed",
                                          "under investigation"};

static void test_6_1_1(struct ctx *c)
{
    const struct cvd_json *pt = get(c->doc, "product_tree");
    const struct cvd_json *groups = get(pt, "product_groups");
    for (size_t i = 0; i < cvd_json_len(groups); i++)
        ref_list(c, get(cvd_json_at(groups, i), "product_ids"),
                 fmt(c, "/product_tree/product_groups/%zu/product_ids", i));
    const struct cvd_json *rels = get(pt, "relationships");
    for (size_t i = 0; i < cvd_json_len(rels); i++) {
        const struct cvd_json *r = cvd_json_at(rels, i);
        static const char *const keys[] = {"product_reference", "relates_to_product_reference"};
        for (size_t k = 0; k < 2; k++) {
            const struct cvd_json *v = get(r, keys[k]);
            if (is_str(v) && find(&c->products, cvd_json_string(v)) == NULL)
                add(c, "6.1.1", fmt(c, "/product_tree/relationships/%zu/%s", i, keys[k]),
                    "product id '%s' is not defined", q(c, cvd_json_string(v)));
        }
    }
    const struct cvd_json *vulns = get(c->doc, "vulnerabilities");
    for (size_t i = 0; i < cvd_json_len(vulns); i++) {
        const struct cvd_json *vu = cvd_json_at(vulns, i);
        const struct cvd_json *ps = get(vu, "product_status");
        for (size_t k = 0; k < sizeof status_names / sizeof status_names[0]; k++)
            ref_list(c, get(ps, status_names[k]),
                     fmt(c, "/vulnerabilities/%zu/product_status/%s", i, status_names[k]));
        static const char *const lists[] = {"remediations", "threats", "flags"};
        for (size_t k = 0; k < 3; k++) {
            const struct cvd_json *arr = get(vu, lists[k]);
            for (size_t j = 0; j < cvd_json_len(arr); j++)
                ref_list(c, get(cvd_json_at(arr, j), "product_ids"),
                         fmt(c, "/vulnerabilities/%zu/%s/%zu/product_ids", i, lists[k], j));
        }
        const struct cvd_json *scores = get(vu, "scores");
        for (size_t j = 0; j < cvd_json_len(scores); j++)
            ref_list(c, get(cvd_json_at(scores, j), "products"),
                     fmt(c, "/vulnerabilities/%zu/scores/%zu/products", i, j));
    }
}

/* ---- 6.1.2 multiple definition of product id, 6.1.5 of group id ---- */

static void dup_defs(struct ctx *c, const struct ids *t, const char *test, const char *what)
{
    for (size_t i = 1; i < t->len; i++)
        if (cmp_str(t->v[i].id, t->v[i - 1].id) == 0)
            add(c, test, t->v[i].ptr, "%s '%s' is also defined at %s", what, q(c, t->v[i].id),
                t->v[i - 1].ptr);
}

/* ---- 6.1.3 circular definition of product id ---- */

static void test_6_1_3(struct ctx *c)
{
    const struct cvd_json *rels = get(get(c->doc, "product_tree"), "relationships");
    size_t n = cvd_json_len(rels);
    if (n == 0)
        return;
    /* table of relationship-defined ids, aux = relationship index */
    struct ids defs = {0};
    for (size_t i = 0; i < n; i++) {
        const struct cvd_json *pid =
            get(get(cvd_json_at(rels, i), "full_product_name"), "product_id");
        if (is_str(pid))
            push(c, &defs, cvd_json_string(pid), "", i);
    }
    sort_ids(&defs);
    unsigned char *color = cvd_arena_alloc_array(c->a, n, 1);
    struct frame {
        size_t rel;
        size_t ref;  /* 0 product_reference, 1 relates_to, 2 done */
        size_t next; /* position in defs of the next candidate for this ref */
    } *st = cvd_arena_alloc_array(c->a, n + 1, sizeof *st);
    if (color == NULL || st == NULL || c->rc != 0) {
        if (c->rc == 0)
            c->rc = cvd_diag_set(c->diag, CVD_ENOMEM, "out of memory");
        return;
    }
    memset(color, 0, n);
    static const char *const keys[] = {"product_reference", "relates_to_product_reference"};
    for (size_t s = 0; s < n && c->rc == 0; s++) {
        if (color[s] != 0)
            continue;
        size_t sp = 0;
        st[sp++] = (struct frame){s, 0, SIZE_MAX};
        color[s] = 1;
        while (sp > 0) {
            struct frame *f = &st[sp - 1];
            if (f->ref >= 2) {
                color[f->rel] = 2;
                sp--;
                continue;
            }
            const struct cvd_json *ref = get(cvd_json_at(rels, f->rel), keys[f->ref]);
            if (!is_str(ref)) {
                f->ref++;
                f->next = SIZE_MAX;
                continue;
            }
            struct cvd_str id = cvd_json_string(ref);
            if (f->next == SIZE_MAX) {
                const struct idref *first = find(&defs, id);
                f->next = first ? (size_t)(first - defs.v) : defs.len;
            }
            if (f->next >= defs.len || cmp_str(defs.v[f->next].id, id) != 0) {
                f->ref++;
                f->next = SIZE_MAX;
                continue;
            }
            size_t to = defs.v[f->next++].aux;
            if (color[to] == 1)
                add(c, "6.1.3", fmt(c, "/product_tree/relationships/%zu/%s", f->rel, keys[f->ref]),
                    "product id '%s' is defined through itself (circular relationship)", q(c, id));
            else if (color[to] == 0 && sp <= n) {
                color[to] = 1;
                st[sp++] = (struct frame){to, 0, SIZE_MAX};
            }
        }
    }
}

/* ---- 6.1.4 missing definition of product group id ---- */

static void test_6_1_4(struct ctx *c)
{
    const struct cvd_json *vulns = get(c->doc, "vulnerabilities");
    static const char *const lists[] = {"remediations", "threats", "flags"};
    for (size_t i = 0; i < cvd_json_len(vulns); i++)
        for (size_t k = 0; k < 3; k++) {
            const struct cvd_json *arr = get(cvd_json_at(vulns, i), lists[k]);
            for (size_t j = 0; j < cvd_json_len(arr); j++) {
                const struct cvd_json *g = get(cvd_json_at(arr, j), "group_ids");
                for (size_t m = 0; m < cvd_json_len(g); m++) {
                    const struct cvd_json *v = cvd_json_at(g, m);
                    if (is_str(v) && find(&c->groups, cvd_json_string(v)) == NULL)
                        add(c, "6.1.4",
                            fmt(c, "/vulnerabilities/%zu/%s/%zu/group_ids/%zu", i, lists[k], j, m),
                            "product group id '%s' is not defined", q(c, cvd_json_string(v)));
                }
            }
        }
}

/* ---- 6.1.6 contradicting product status ---- */

static void test_6_1_6(struct ctx *c, size_t vi, const struct cvd_json *vu)
{
    struct ids t = {0};
    const struct cvd_json *ps = get(vu, "product_status");
    for (size_t k = 0; k < sizeof status_names / sizeof status_names[0]; k++) {
        if (status_group[k] > 3)
            continue;
        const struct cvd_json *arr = get(ps, status_names[k]);
        for (size_t j = 0; j < cvd_json_len(arr); j++) {
            const struct cvd_json *v = cvd_json_at(arr, j);
            if (is_str(v))
                push(c, &t, cvd_json_string(v),
                     fmt(c, "/vulnerabilities/%zu/product_status/%s/%zu", vi, status_names[k], j),
                     status_group[k]);
        }
    }
    sort_ids(&t);
    for (size_t i = 1; i < t.len; i++)
        if (cmp_str(t.v[i].id, t.v[i - 1].id) == 0 && t.v[i].aux != t.v[i - 1].aux)
            add(c, "6.1.6", t.v[i].ptr, "product '%s' is both %s and %s", q(c, t.v[i].id),
                group_label[t.v[i - 1].aux], group_label[t.v[i].aux]);
}

/* ---- 6.1.7 multiple scores with the same version per product ---- */

static void test_6_1_7(struct ctx *c, size_t vi, const struct cvd_json *vu)
{
    struct ids t = {0};
    const struct cvd_json *scores = get(vu, "scores");
    for (size_t j = 0; j < cvd_json_len(scores); j++) {
        const struct cvd_json *s = cvd_json_at(scores, j);
        static const char *const kinds[] = {"cvss_v2", "cvss_v3"};
        for (size_t k = 0; k < 2; k++) {
            const struct cvd_json *cv = get(s, kinds[k]);
            if (cv == NULL)
                continue;
            const struct cvd_json *ver = get(cv, "version");
            size_t aux = k == 0 ? 20 : str_is(ver, "3.0") ? 30 : str_is(ver, "3.1") ? 31 : 39;
            const struct cvd_json *prods = get(s, "products");
            for (size_t m = 0; m < cvd_json_len(prods); m++) {
                const struct cvd_json *p = cvd_json_at(prods, m);
                if (is_str(p))
                    push(c, &t, cvd_json_string(p),
                         fmt(c, "/vulnerabilities/%zu/scores/%zu/products/%zu", vi, j, m), aux);
            }
        }
    }
    sort_ids(&t);
    for (size_t i = 1; i < t.len; i++)
        if (cmp_str(t.v[i].id, t.v[i - 1].id) == 0 && t.v[i].aux == t.v[i - 1].aux)
            add(c, "6.1.7", t.v[i].ptr, "product '%s' has a second CVSS v%zu.%zu score",
                q(c, t.v[i].id), t.v[i].aux / 10, t.v[i].aux % 10);
}

/* ---- product sets: product_ids plus the members of group_ids ---- */

/* Into *out (sorted): every product the items of arr name (optionally only items of the given
 * category), directly or through their groups; each group is expanded once. */
static void cover(struct ctx *c, const struct cvd_json *arr, const char *category, struct ids *out)
{
    struct ids gids = {0};
    for (size_t m = 0; m < cvd_json_len(arr); m++) {
        const struct cvd_json *it = cvd_json_at(arr, m);
        if (category != NULL && !str_is(get(it, "category"), category))
            continue;
        const struct cvd_json *pids = get(it, "product_ids");
        for (size_t x = 0; x < cvd_json_len(pids); x++)
            if (is_str(cvd_json_at(pids, x)))
                push(c, out, cvd_json_string(cvd_json_at(pids, x)), "", 0);
        const struct cvd_json *g = get(it, "group_ids");
        for (size_t x = 0; x < cvd_json_len(g); x++)
            if (is_str(cvd_json_at(g, x)))
                push(c, &gids, cvd_json_string(cvd_json_at(g, x)), "", 0);
    }
    sort_ids(&gids);
    const struct cvd_json *pg = get(get(c->doc, "product_tree"), "product_groups");
    for (size_t i = 0; i < gids.len && c->rc == 0; i++) {
        if (i > 0 && cmp_str(gids.v[i].id, gids.v[i - 1].id) == 0)
            continue;
        const struct idref *r = find(&c->groups, gids.v[i].id);
        for (; r != NULL && r < c->groups.v + c->groups.len && cmp_str(r->id, gids.v[i].id) == 0;
             r++) {
            const struct cvd_json *members = get(cvd_json_at(pg, r->aux), "product_ids");
            for (size_t x = 0; x < cvd_json_len(members); x++)
                if (is_str(cvd_json_at(members, x)))
                    push(c, out, cvd_json_string(cvd_json_at(members, x)), "", 0);
        }
    }
    sort_ids(out);
}

/* ---- 6.1.33 multiple flags with VEX justification codes per product ---- */

static void test_6_1_33(struct ctx *c, size_t vi, const struct cvd_json *vu)
{
    struct ids t = {0};
    const struct cvd_json *pg = get(get(c->doc, "product_tree"), "product_groups");
    const struct cvd_json *flags = get(vu, "flags");
    for (size_t j = 0; j < cvd_json_len(flags); j++) {
        const struct cvd_json *f = cvd_json_at(flags, j);
        if (!is_str(get(f, "label")))
            continue;
        const struct cvd_json *pids = get(f, "product_ids");
        for (size_t m = 0; m < cvd_json_len(pids); m++) {
            const struct cvd_json *p = cvd_json_at(pids, m);
            if (is_str(p))
                push(c, &t, cvd_json_string(p),
                     fmt(c, "/vulnerabilities/%zu/flags/%zu/product_ids/%zu", vi, j, m), j);
        }
        const struct cvd_json *gids = get(f, "group_ids");
        for (size_t m = 0; m < cvd_json_len(gids); m++) {
            const struct cvd_json *g = cvd_json_at(gids, m);
            if (!is_str(g))
                continue;
            const struct idref *r = find(&c->groups, cvd_json_string(g));
            for (; r != NULL && r < c->groups.v + c->groups.len &&
                   cmp_str(r->id, cvd_json_string(g)) == 0;
                 r++) {
                const struct cvd_json *members = get(cvd_json_at(pg, r->aux), "product_ids");
                for (size_t x = 0; x < cvd_json_len(members); x++) {
                    const struct cvd_json *p = cvd_json_at(members, x);
                    if (is_str(p))
                        push(c, &t, cvd_json_string(p),
                             fmt(c, "/vulnerabilities/%zu/flags/%zu/group_ids/%zu", vi, j, m), j);
                }
            }
        }
    }
    sort_ids(&t);
    for (size_t i = 1; i < t.len; i++)
        if (cmp_str(t.v[i].id, t.v[i - 1].id) == 0 && t.v[i].aux != t.v[i - 1].aux)
            add(c, "6.1.33", t.v[i].ptr,
                "product '%s' is in more than one flag with a VEX justification (flags %zu and "
                "%zu)",
                q(c, t.v[i].id), t.v[i - 1].aux, t.v[i].aux);
}

/* ---- 6.1.25 multiple use of the same hash algorithm ---- */

static void test_6_1_25(struct ctx *c)
{
    for (size_t i = 0; i < c->fpns.len && c->rc == 0; i++) {
        const struct cvd_json *hashes =
            get(get(c->fpn_nodes[i], "product_identification_helper"), "hashes");
        for (size_t j = 0; j < cvd_json_len(hashes) && c->rc == 0; j++) {
            const struct cvd_json *fh = get(cvd_json_at(hashes, j), "file_hashes");
            struct ids t = {0};
            for (size_t m = 0; m < cvd_json_len(fh); m++) {
                const struct cvd_json *alg = get(cvd_json_at(fh, m), "algorithm");
                if (is_str(alg))
                    push(c, &t, cvd_json_string(alg), "", m);
            }
            sort_ids(&t);
            for (size_t m = 1; m < t.len; m++)
                if (cmp_str(t.v[m].id, t.v[m - 1].id) == 0)
                    add(c, "6.1.25",
                        fmt(c,
                            "%s/product_identification_helper/hashes/%zu/file_hashes/%zu/"
                            "algorithm",
                            c->fpns.v[i].ptr, j, t.v[m].aux),
                        "hash algorithm '%s' is used more than once for one file", q(c, t.v[m].id));
        }
    }
}

/* ---- document-level tests ---- */

/* Is a tracking version a pre-release or 0 / 0.y.z (6.1.17)? */
static bool version_is_draftish(struct cvd_str v)
{
    if (v.len == 0)
        return false;
    bool all_digits = true;
    for (size_t i = 0; i < v.len; i++)
        if (!cvd_ascii_is_digit((unsigned char)v.ptr[i]))
            all_digits = false;
    if (all_digits)
        return v.len == 1 && v.ptr[0] == '0';
    if (v.len >= 2 && v.ptr[0] == '0' && v.ptr[1] == '.')
        return true;
    for (size_t i = 0; i < v.len && v.ptr[i] != '+'; i++)
        if (v.ptr[i] == '-')
            return true;
    return false;
}

static void test_document(struct ctx *c)
{
    const struct cvd_json *d = get(c->doc, "document");
    const struct cvd_json *tr = get(d, "tracking");
    /* 6.1.15 translator */
    if (str_is(get(get(d, "publisher"), "category"), "translator") && get(d, "source_lang") == NULL)
        add(c, "6.1.15", "/document/source_lang",
            "publisher category is translator but document/source_lang is missing");
    /* 6.1.17 document status draft */
    const struct cvd_json *ver = get(tr, "version");
    if (is_str(ver) && version_is_draftish(cvd_json_string(ver)) &&
        !str_is(get(tr, "status"), "draft"))
        add(c, "6.1.17", "/document/tracking/status", "version '%s' requires document status draft",
            q(c, cvd_json_string(ver)));
    /* 6.1.22 multiple definition in revision history */
    struct ids t = {0};
    const struct cvd_json *rh = get(tr, "revision_history");
    for (size_t i = 0; i < cvd_json_len(rh); i++) {
        const struct cvd_json *n = get(cvd_json_at(rh, i), "number");
        if (is_str(n))
            push(c, &t, cvd_json_string(n),
                 fmt(c, "/document/tracking/revision_history/%zu/number", i), i);
    }
    sort_ids(&t);
    for (size_t i = 1; i < t.len; i++)
        if (cmp_str(t.v[i].id, t.v[i - 1].id) == 0)
            add(c, "6.1.22", t.v[i].ptr, "revision number '%s' is used more than once",
                q(c, t.v[i].id));
    /* 6.1.28 translation: lang and source_lang differ (tags compare case-insensitively) */
    const struct cvd_json *lang = get(d, "lang");
    const struct cvd_json *src = get(d, "source_lang");
    if (is_str(lang) && is_str(src) &&
        cvd_str_eq_nocase(cvd_json_string(lang), cvd_json_string(src)))
        add(c, "6.1.28", "/document/source_lang", "source_lang '%s' equals lang",
            q(c, cvd_json_string(src)));
}

/* 6.1.23 multiple use of the same CVE */
static void test_6_1_23(struct ctx *c)
{
    struct ids t = {0};
    const struct cvd_json *vulns = get(c->doc, "vulnerabilities");
    for (size_t i = 0; i < cvd_json_len(vulns); i++) {
        const struct cvd_json *cve = get(cvd_json_at(vulns, i), "cve");
        if (is_str(cve))
            push(c, &t, cvd_json_string(cve), fmt(c, "/vulnerabilities/%zu/cve", i), i);
    }
    sort_ids(&t);
    for (size_t i = 1; i < t.len; i++)
        if (cmp_str(t.v[i].id, t.v[i - 1].id) == 0)
            add(c, "6.1.23", t.v[i].ptr, "CVE '%s' is used in more than one vulnerability",
                q(c, t.v[i].id));
}

/* 6.1.29 remediation and 6.1.32 flag without product reference */
static void test_no_products(struct ctx *c, size_t vi, const struct cvd_json *vu)
{
    static const char *const lists[] = {"remediations", "flags"};
    static const char *const tests[] = {"6.1.29", "6.1.32"};
    for (size_t k = 0; k < 2; k++) {
        const struct cvd_json *arr = get(vu, lists[k]);
        for (size_t j = 0; j < cvd_json_len(arr); j++) {
            const struct cvd_json *it = cvd_json_at(arr, j);
            if (get(it, "product_ids") == NULL && get(it, "group_ids") == NULL)
                add(c, tests[k], fmt(c, "/vulnerabilities/%zu/%s/%zu", vi, lists[k], j),
                    "%s item has neither product_ids nor group_ids",
                    k == 0 ? "remediation" : "flag");
        }
    }
}

/* ---- 6.1.27 profile tests ---- */

static void test_profiles(struct ctx *c)
{
    const struct cvd_json *d = get(c->doc, "document");
    const struct cvd_json *cat = get(d, "category");
    bool info = str_is(cat, "csaf_informational_advisory");
    bool incident = str_is(cat, "csaf_security_incident_response");
    bool advisory = str_is(cat, "csaf_security_advisory");
    bool vex = str_is(cat, "csaf_vex");
    const struct cvd_json *vulns = get(c->doc, "vulnerabilities");
    if (info || incident) {
        bool ok = false;
        const struct cvd_json *notes = get(d, "notes");
        for (size_t i = 0; i < cvd_json_len(notes); i++) {
            const struct cvd_json *nc = get(cvd_json_at(notes, i), "category");
            if (str_is(nc, "description") || str_is(nc, "details") || str_is(nc, "general") ||
                str_is(nc, "summary"))
                ok = true;
        }
        if (!ok)
            add(c, "6.1.27.1", "/document/notes",
                "the profile needs a document note of category description, details, general "
                "or summary");
        ok = false;
        const struct cvd_json *refs = get(d, "references");
        for (size_t i = 0; i < cvd_json_len(refs); i++)
            if (str_is(get(cvd_json_at(refs, i), "category"), "external"))
                ok = true;
        if (!ok)
            add(c, "6.1.27.2", "/document/references",
                "the profile needs a document reference of category external");
    }
    if (info && vulns != NULL)
        add(c, "6.1.27.3", "/vulnerabilities",
            "an informational advisory must not have vulnerabilities");
    if (!advisory && !vex)
        return;
    if (get(c->doc, "product_tree") == NULL)
        add(c, "6.1.27.4", "/product_tree", "the profile needs a product tree");
    if (vulns == NULL)
        add(c, "6.1.27.11", "/vulnerabilities", "the profile needs vulnerabilities");
    for (size_t i = 0; i < cvd_json_len(vulns); i++) {
        const struct cvd_json *vu = cvd_json_at(vulns, i);
        if (get(vu, "notes") == NULL)
            add(c, "6.1.27.5", fmt(c, "/vulnerabilities/%zu", i), "the vulnerability needs notes");
        const struct cvd_json *ps = get(vu, "product_status");
        if (advisory && ps == NULL)
            add(c, "6.1.27.6", fmt(c, "/vulnerabilities/%zu", i),
                "the vulnerability needs a product_status");
        if (!vex)
            continue;
        if (get(ps, "fixed") == NULL && get(ps, "known_affected") == NULL &&
            get(ps, "known_not_affected") == NULL && get(ps, "under_investigation") == NULL)
            add(c, "6.1.27.7", fmt(c, "/vulnerabilities/%zu/product_status", i),
                "the product status needs fixed, known_affected, known_not_affected or "
                "under_investigation");
        if (get(vu, "cve") == NULL && get(vu, "ids") == NULL)
            add(c, "6.1.27.8", fmt(c, "/vulnerabilities/%zu", i),
                "the vulnerability needs cve or ids");
        /* 6.1.27.9 impact statement for every known_not_affected product */
        struct ids cov = {0};
        cover(c, get(vu, "flags"), NULL, &cov);
        cover(c, get(vu, "threats"), "impact", &cov);
        const struct cvd_json *kna = get(ps, "known_not_affected");
        for (size_t j = 0; j < cvd_json_len(kna) && c->rc == 0; j++) {
            const struct cvd_json *p = cvd_json_at(kna, j);
            if (is_str(p) && find(&cov, cvd_json_string(p)) == NULL)
                add(c, "6.1.27.9",
                    fmt(c, "/vulnerabilities/%zu/product_status/known_not_affected/%zu", i, j),
                    "known not affected product '%s' has no impact statement (flag or impact "
                    "threat)",
                    q(c, cvd_json_string(p)));
        }
        /* 6.1.27.10 action statement for every known_affected product */
        struct ids act = {0};
        cover(c, get(vu, "remediations"), NULL, &act);
        const struct cvd_json *ka = get(ps, "known_affected");
        for (size_t j = 0; j < cvd_json_len(ka) && c->rc == 0; j++) {
            const struct cvd_json *p = cvd_json_at(ka, j);
            if (is_str(p) && find(&act, cvd_json_string(p)) == NULL)
                add(c, "6.1.27.10",
                    fmt(c, "/vulnerabilities/%zu/product_status/known_affected/%zu", i, j),
                    "known affected product '%s' has no action statement (remediation)",
                    q(c, cvd_json_string(p)));
        }
    }
}

/* ---- version schemes (6.1.18-6.1.20, 6.1.30) ---- */

static bool is_integer_version(struct cvd_str v)
{
    if (v.len == 0)
        return false;
    for (size_t i = 0; i < v.len; i++)
        if (!cvd_ascii_is_digit((unsigned char)v.ptr[i]))
            return false;
    return true;
}

/* A semantic version with a pre-release part: a '-' before any '+'. */
static bool has_prerelease(struct cvd_str v)
{
    if (is_integer_version(v))
        return false;
    for (size_t i = 0; i < v.len && v.ptr[i] != '+'; i++)
        if (v.ptr[i] == '-')
            return true;
    return false;
}

/* "0", or a semantic version with major 0. */
static bool is_zero_version(struct cvd_str v)
{
    if (is_integer_version(v))
        return v.len == 1 && v.ptr[0] == '0';
    return v.len >= 2 && v.ptr[0] == '0' && v.ptr[1] == '.';
}

static void test_versions(struct ctx *c)
{
    const struct cvd_json *tr = get(get(c->doc, "document"), "tracking");
    const struct cvd_json *st = get(tr, "status");
    bool released = str_is(st, "final") || str_is(st, "interim");
    const struct cvd_json *ver = get(tr, "version");
    const struct cvd_json *rh = get(tr, "revision_history");
    if (released && is_str(ver) && has_prerelease(cvd_json_string(ver)))
        add(c, "6.1.20", "/document/tracking/version",
            "version '%s' has a pre-release part but the document status is %s",
            q(c, cvd_json_string(ver)), q(c, cvd_json_string(st)));
    for (size_t i = 0; i < cvd_json_len(rh); i++) {
        const struct cvd_json *n = get(cvd_json_at(rh, i), "number");
        if (!is_str(n))
            continue;
        struct cvd_str num = cvd_json_string(n);
        if (released && is_zero_version(num))
            add(c, "6.1.18", fmt(c, "/document/tracking/revision_history/%zu/number", i),
                "revision number '%s' is a draft number but the document status is %s", q(c, num),
                q(c, cvd_json_string(st)));
        if (has_prerelease(num))
            add(c, "6.1.19", fmt(c, "/document/tracking/revision_history/%zu/number", i),
                "revision number '%s' has a pre-release part", q(c, num));
        if (is_str(ver) && is_integer_version(num) != is_integer_version(cvd_json_string(ver)))
            add(c, "6.1.30", fmt(c, "/document/tracking/revision_history/%zu/number", i),
                "revision number '%s' and version '%s' mix integer and semantic versioning",
                q(c, num), q(c, cvd_json_string(ver)));
    }
}

/* ---- 6.1.26 prohibited document category name ---- */

/* Lower case, without '-', '_' and white space, into out (at most cap - 1 bytes). */
static size_t normalise_category(struct cvd_str v, char *out, size_t cap)
{
    size_t n = 0;
    for (size_t i = 0; i < v.len && n + 1 < cap; i++) {
        unsigned char ch = (unsigned char)v.ptr[i];
        if (ch == '-' || ch == '_' || cvd_ascii_is_space(ch))
            continue;
        out[n++] = (char)cvd_ascii_lower(ch);
    }
    out[n] = '\0';
    return n;
}

static void test_6_1_26(struct ctx *c)
{
    const struct cvd_json *cat = get(get(c->doc, "document"), "category");
    if (!is_str(cat))
        return;
    static const char *const values[] = {"csaf_base", "csaf_security_incident_response",
                                         "csaf_informational_advisory", "csaf_security_advisory",
                                         "csaf_vex"};
    for (size_t i = 0; i < sizeof values / sizeof values[0]; i++)
        if (str_is(cat, values[i]))
            return;
    struct cvd_str v = cvd_json_string(cat);
    if (v.len >= 5 && cvd_str_eq_nocase((struct cvd_str){v.ptr, 5}, CVD_STR("csaf_"))) {
        add(c, "6.1.26", "/document/category",
            "category '%s' starts with csaf_ but is not a profile value", q(c, v));
        return;
    }
    /* names and values of the other profiles, normalised (known issue #1250) */
    static const char *const prohibited[] = {
        "securityincidentresponse",
        "informationaladvisory",
        "securityadvisory",
        "vex",
        "csafsecurityincidentresponse",
        "csafinformationaladvisory",
        "csafsecurityadvisory",
        "csafvex",
    };
    char norm[128];
    /* a value that does not fit cannot equal a prohibited name: normalising only shortens */
    if (normalise_category(v, norm, sizeof norm) >= sizeof norm - 1)
        return;
    for (size_t i = 0; i < sizeof prohibited / sizeof prohibited[0]; i++)
        if (strcmp(norm, prohibited[i]) == 0)
            add(c, "6.1.26", "/document/category", "category '%s' is the name of another profile",
                q(c, v));
}

/* ---- 6.1.31 version range in product version ---- */

static void check_6_1_31(struct ctx *c, const struct cvd_json *branch, const char *bp)
{
    if (!str_is(get(branch, "category"), "product_version"))
        return;
    const struct cvd_json *name = get(branch, "name");
    if (!is_str(name))
        return;
    struct cvd_str v = cvd_json_string(name);
    static const char *const words[] = {"after", "all",   "before",  "earlier",
                                        "later", "prior", "versions"};
    bool bad = memchr(v.ptr, '<', v.len) != NULL || memchr(v.ptr, '>', v.len) != NULL;
    for (size_t i = 0; i < v.len && !bad;) {
        while (i < v.len && cvd_ascii_is_space((unsigned char)v.ptr[i]))
            i++;
        size_t start = i;
        while (i < v.len && !cvd_ascii_is_space((unsigned char)v.ptr[i]))
            i++;
        struct cvd_str tok = {v.ptr + start, i - start};
        for (size_t w = 0; w < sizeof words / sizeof words[0] && tok.len > 0; w++)
            if (cvd_str_eq_nocase(tok, cvd_str_from_cstr(words[w])))
                bad = true;
    }
    if (bad)
        add(c, "6.1.31", fmt(c, "%s/name", bp), "product version '%s' names a version range",
            q(c, v));
}

/* ---- 6.1.13 purl ---- */

static void test_6_1_13(struct ctx *c)
{
    for (size_t i = 0; i < c->fpns.len && c->rc == 0; i++) {
        const struct cvd_json *purl =
            get(get(c->fpn_nodes[i], "product_identification_helper"), "purl");
        if (!is_str(purl))
            continue;
        struct cvd_purl p;
        struct cvd_diag d = {0};
        int rc = cvd_purl_parse(c->a, cvd_json_string(purl), 0, &p, &d);
        if (rc == CVD_ENOMEM) {
            c->rc = cvd_diag_set(c->diag, CVD_ENOMEM, "out of memory");
            return;
        }
        if (rc != 0)
            add(c, "6.1.13", fmt(c, "%s/product_identification_helper/purl", c->fpns.v[i].ptr),
                "invalid purl: %s", d.msg);
    }
}

/* ---- 6.1.24 multiple definition in involvements ---- */

struct inv {
    struct cvd_str party;
    bool instant; /* date parsed: secs + frac compare; else raw text compares */
    int64_t secs;
    struct cvd_str frac; /* fraction digits without trailing zeros */
    struct cvd_str raw;
    size_t idx;
};

static bool digits(struct cvd_str s, size_t at, size_t n, int64_t *ret)
{
    int64_t v = 0;
    if (at + n > s.len)
        return false;
    for (size_t i = at; i < at + n; i++) {
        if (!cvd_ascii_is_digit((unsigned char)s.ptr[i]))
            return false;
        v = v * 10 + (s.ptr[i] - '0');
    }
    *ret = v;
    return true;
}

/* RFC 3339 date-time to seconds since 1970 (UTC) and fraction digits. */
static bool parse_instant(struct cvd_str s, int64_t *secs, struct cvd_str *frac)
{
    int64_t y, mo, d, h, mi, se, oh = 0, om = 0;
    if (s.len < 20 || !digits(s, 0, 4, &y) || s.ptr[4] != '-' || !digits(s, 5, 2, &mo) ||
        s.ptr[7] != '-' || !digits(s, 8, 2, &d) || (s.ptr[10] != 'T' && s.ptr[10] != 't') ||
        !digits(s, 11, 2, &h) || s.ptr[13] != ':' || !digits(s, 14, 2, &mi) || s.ptr[16] != ':' ||
        !digits(s, 17, 2, &se))
        return false;
    if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 60)
        return false;
    size_t i = 19;
    size_t fs = i;
    if (i < s.len && s.ptr[i] == '.') {
        fs = ++i;
        while (i < s.len && cvd_ascii_is_digit((unsigned char)s.ptr[i]))
            i++;
        if (i == fs)
            return false;
    }
    size_t fe = i;
    while (fe > fs && s.ptr[fe - 1] == '0')
        fe--;
    *frac = (struct cvd_str){s.ptr + fs, fe > fs ? fe - fs : 0};
    int sign = 0;
    if (i < s.len && (s.ptr[i] == 'Z' || s.ptr[i] == 'z')) {
        i++;
    } else if (i < s.len && (s.ptr[i] == '+' || s.ptr[i] == '-')) {
        sign = s.ptr[i] == '+' ? 1 : -1;
        if (!digits(s, i + 1, 2, &oh) || i + 3 >= s.len || s.ptr[i + 3] != ':' ||
            !digits(s, i + 4, 2, &om) || oh > 23 || om > 59)
            return false;
        i += 6;
    } else {
        return false;
    }
    if (i != s.len)
        return false;
    /* days from civil (proleptic Gregorian) */
    int64_t yy = mo <= 2 ? y - 1 : y;
    int64_t era = yy / 400;
    int64_t yoe = yy - era * 400;
    int64_t doy = (153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    int64_t days = era * 146097 + doe - 719468;
    *secs = days * 86400 + h * 3600 + mi * 60 + se - sign * (oh * 3600 + om * 60);
    return true;
}

static int cmp_inv(const void *p, const void *q2)
{
    const struct inv *x = p;
    const struct inv *y = q2;
    int c = cmp_str(x->party, y->party);
    if (c != 0)
        return c;
    if (x->instant != y->instant)
        return x->instant ? -1 : 1;
    if (x->instant) {
        if (x->secs != y->secs)
            return x->secs < y->secs ? -1 : 1;
        c = cmp_str(x->frac, y->frac);
    } else {
        c = cmp_str(x->raw, y->raw);
    }
    if (c != 0)
        return c;
    return (x->idx > y->idx) - (x->idx < y->idx);
}

static void test_6_1_24(struct ctx *c, size_t vi, const struct cvd_json *vu)
{
    const struct cvd_json *invs = get(vu, "involvements");
    size_t n = cvd_json_len(invs);
    if (n < 2)
        return;
    struct inv *t = cvd_arena_alloc_array(c->a, n, sizeof *t);
    if (t == NULL) {
        c->rc = cvd_diag_set(c->diag, CVD_ENOMEM, "out of memory");
        return;
    }
    size_t len = 0;
    for (size_t i = 0; i < n; i++) {
        const struct cvd_json *it = cvd_json_at(invs, i);
        const struct cvd_json *party = get(it, "party");
        const struct cvd_json *date = get(it, "date");
        if (!is_str(party) || !is_str(date))
            continue; /* no date: nothing to compare (date is optional) */
        struct inv *e = &t[len++];
        *e = (struct inv){.party = cvd_json_string(party), .raw = cvd_json_string(date), .idx = i};
        e->instant = parse_instant(e->raw, &e->secs, &e->frac);
    }
    if (len > 1)
        qsort(t, len, sizeof *t, cmp_inv);
    for (size_t i = 1; i < len; i++) {
        struct inv a = t[i - 1];
        struct inv b = t[i];
        a.idx = b.idx = 0;
        if (cmp_inv(&a, &b) == 0)
            add(c, "6.1.24", fmt(c, "/vulnerabilities/%zu/involvements/%zu", vi, t[i].idx),
                "involvement of party '%s' at %s is also given at /vulnerabilities/%zu/"
                "involvements/%zu",
                q(c, t[i].party), q(c, t[i].raw), vi, t[i - 1].idx);
    }
}

/* ---- revision history order: 6.1.14, 6.1.16, 6.1.21 ---- */

/* Compare two unsigned decimal digit strings by value (leading zeros ignored). */
static int cmp_num(struct cvd_str x, struct cvd_str y)
{
    while (x.len > 1 && x.ptr[0] == '0')
        x = (struct cvd_str){x.ptr + 1, x.len - 1};
    while (y.len > 1 && y.ptr[0] == '0')
        y = (struct cvd_str){y.ptr + 1, y.len - 1};
    if (x.len != y.len)
        return x.len < y.len ? -1 : 1;
    return cmp_str(x, y);
}

static bool all_digits(struct cvd_str s)
{
    return is_integer_version(s);
}

/* Split off the next '.'-separated field of s[*at..end). */
static struct cvd_str field(struct cvd_str s, size_t *at, size_t end)
{
    size_t b = *at;
    while (*at < end && s.ptr[*at] != '.')
        (*at)++;
    struct cvd_str f = {s.ptr + b, *at - b};
    if (*at < end)
        (*at)++;
    return f;
}

/* Precedence of two version numbers: integers by value; semantic versions by SemVer 2.0.0
 * section 11 (build metadata ignored); an integer against a semantic version by major. */
static int cmp_version(struct cvd_str x, struct cvd_str y)
{
    size_t xe = 0, ye = 0;
    while (xe < x.len && x.ptr[xe] != '+')
        xe++;
    while (ye < y.len && y.ptr[ye] != '+')
        ye++;
    size_t xc = 0, yc = 0; /* end of the core (before '-') */
    while (xc < xe && x.ptr[xc] != '-')
        xc++;
    while (yc < ye && y.ptr[yc] != '-')
        yc++;
    size_t xi = 0, yi = 0;
    for (int k = 0; k < 3; k++) {
        struct cvd_str a = xi < xc ? field(x, &xi, xc) : CVD_STR("0");
        struct cvd_str b = yi < yc ? field(y, &yi, yc) : CVD_STR("0");
        int c = all_digits(a) && all_digits(b) ? cmp_num(a, b) : cmp_str(a, b);
        if (c != 0)
            return c;
    }
    bool xp = xc < xe;
    bool yp = yc < ye;
    if (xp != yp)
        return xp ? -1 : 1; /* a pre-release precedes its release */
    if (!xp)
        return 0;
    xi = xc + 1;
    yi = yc + 1;
    while (xi < xe || yi < ye) {
        if (xi >= xe)
            return -1;
        if (yi >= ye)
            return 1;
        struct cvd_str a = field(x, &xi, xe);
        struct cvd_str b = field(y, &yi, ye);
        bool an = all_digits(a);
        bool bn = all_digits(b);
        int c = an && bn ? cmp_num(a, b) : an != bn ? (an ? -1 : 1) : cmp_str(a, b);
        if (c != 0)
            return c;
    }
    return 0;
}

struct rev {
    struct cvd_str number;
    struct cvd_str date;
    bool instant;
    int64_t secs;
    struct cvd_str frac;
    size_t idx;
};

/* By date (as an instant; unparsable dates after, as text), ties broken by number. */
static int cmp_rev(const void *p, const void *q2)
{
    const struct rev *x = p;
    const struct rev *y = q2;
    if (x->instant != y->instant)
        return x->instant ? -1 : 1;
    int c;
    if (x->instant) {
        c = x->secs != y->secs ? (x->secs < y->secs ? -1 : 1) : cmp_str(x->frac, y->frac);
    } else {
        c = cmp_str(x->date, y->date);
    }
    if (c != 0)
        return c;
    c = cmp_version(x->number, y->number);
    if (c != 0)
        return c;
    return (x->idx > y->idx) - (x->idx < y->idx);
}

static int cmp_rev_date(const struct rev *x, const struct rev *y)
{
    if (x->instant != y->instant)
        return x->instant ? -1 : 1;
    if (x->instant)
        return x->secs != y->secs ? (x->secs < y->secs ? -1 : 1) : cmp_str(x->frac, y->frac);
    return cmp_str(x->date, y->date);
}

/* The major part of a version as a number, false if it does not fit or is not digits. */
static bool major_of(struct cvd_str v, uint64_t *ret)
{
    size_t i = 0;
    uint64_t m = 0;
    while (i < v.len && cvd_ascii_is_digit((unsigned char)v.ptr[i])) {
        if (m > (UINT64_MAX - 9) / 10)
            return false;
        m = m * 10 + (uint64_t)(v.ptr[i] - '0');
        i++;
    }
    if (i == 0 || (i < v.len && v.ptr[i] != '.'))
        return false;
    *ret = m;
    return true;
}

/* v without build metadata and, if draft, without the pre-release part. */
static struct cvd_str version_core(struct cvd_str v, bool draft)
{
    size_t n = 0;
    while (n < v.len && v.ptr[n] != '+')
        n++;
    if (draft && !is_integer_version(v)) {
        size_t m = 0;
        while (m < n && v.ptr[m] != '-')
            m++;
        n = m;
    }
    return (struct cvd_str){v.ptr, n};
}

static void test_revision_order(struct ctx *c)
{
    const struct cvd_json *tr = get(get(c->doc, "document"), "tracking");
    const struct cvd_json *rh = get(tr, "revision_history");
    size_t n = cvd_json_len(rh);
    if (n == 0)
        return;
    struct rev *t = cvd_arena_alloc_array(c->a, n, sizeof *t);
    if (t == NULL) {
        c->rc = cvd_diag_set(c->diag, CVD_ENOMEM, "out of memory");
        return;
    }
    size_t len = 0;
    for (size_t i = 0; i < n; i++) {
        const struct cvd_json *it = cvd_json_at(rh, i);
        const struct cvd_json *num = get(it, "number");
        const struct cvd_json *date = get(it, "date");
        if (!is_str(num) || !is_str(date))
            continue;
        struct rev *r = &t[len++];
        *r = (struct rev){.number = cvd_json_string(num), .date = cvd_json_string(date), .idx = i};
        r->instant = parse_instant(r->date, &r->secs, &r->frac);
    }
    if (len == 0)
        return;
    qsort(t, len, sizeof *t, cmp_rev);
    /* 6.1.14: once sorted by date (ties by number), numbers ascend: no item has a lower number
     * than an item with an earlier date. Up to the first failure the sequence ascends, so the
     * highest earlier number is the last item of the previous date group. */
    size_t group = 0;     /* first item of the current date group */
    size_t prev_last = 0; /* last item of the previous date group */
    bool have_prev = false;
    for (size_t i = 1; i < len; i++) {
        if (cmp_rev_date(&t[group], &t[i]) != 0) {
            prev_last = i - 1;
            have_prev = true;
            group = i;
        }
        if (have_prev && cmp_version(t[i].number, t[prev_last].number) < 0) {
            add(c, "6.1.14", fmt(c, "/document/tracking/revision_history/%zu/number", t[i].idx),
                "revision '%s' is dated after revision '%s' but has a lower number",
                q(c, t[i].number), q(c, t[prev_last].number));
            break;
        }
    }
    /* 6.1.16: version equals the number of the newest item */
    const struct cvd_json *ver = get(tr, "version");
    bool draft = str_is(get(tr, "status"), "draft");
    if (is_str(ver) && !cvd_str_eq(version_core(cvd_json_string(ver), draft),
                                   version_core(t[len - 1].number, draft)))
        add(c, "6.1.16", "/document/tracking/version",
            "version '%s' is not the number of the newest revision, '%s'",
            q(c, cvd_json_string(ver)), q(c, t[len - 1].number));
    /* 6.1.21: the (major) numbers start at 0 or 1 and have no gap */
    uint64_t prev = 0;
    for (size_t i = 0; i < len; i++) {
        uint64_t m;
        if (!major_of(t[i].number, &m))
            return;
        bool gap = i == 0 ? m > 1 : (m != prev && m != prev + 1);
        if (gap) {
            add(c, "6.1.21", fmt(c, "/document/tracking/revision_history/%zu/number", t[i].idx),
                i == 0 ? "the first revision number '%s' is neither 0 nor 1"
                       : "revision '%s' follows a gap in the revision history",
                q(c, t[i].number));
            return;
        }
        prev = m;
    }
}

/* ---- 6.1.9 invalid CVSS computation ---- */

static void check_score(struct ctx *c, const struct cvd_json *cv, const char *ptr, const char *key,
                        int tenths)
{
    const struct cvd_json *v = get(cv, key);
    double d;
    if (v == NULL || cvd_json_to_double(v, &d) != 0)
        return;
    double diff = d * 10.0 - (double)tenths;
    if (diff > 1e-6 || diff < -1e-6)
        add(c, "6.1.9", fmt(c, "%s/%s", ptr, key), "%s is %s but the vector gives %d.%d", key,
            q(c, v->u.text), tenths / 10, tenths % 10);
}

static void check_severity(struct ctx *c, const struct cvd_json *cv, const char *ptr,
                           const char *key, int tenths)
{
    const struct cvd_json *v = get(cv, key);
    const char *want = cvd_cvss_severity_name(tenths);
    if (is_str(v) && !cvd_str_eq_nocase(cvd_json_string(v), cvd_str_from_cstr(want)))
        add(c, "6.1.9", fmt(c, "%s/%s", ptr, key), "%s is '%s' but the vector gives %s", key,
            q(c, cvd_json_string(v)), want);
}

static void test_6_1_9(struct ctx *c, size_t vi, const struct cvd_json *vu)
{
    const struct cvd_json *scores = get(vu, "scores");
    for (size_t j = 0; j < cvd_json_len(scores) && c->rc == 0; j++) {
        static const char *const kinds[] = {"cvss_v2", "cvss_v3"};
        for (size_t k = 0; k < 2; k++) {
            const struct cvd_json *cv = get(cvd_json_at(scores, j), kinds[k]);
            const struct cvd_json *vec = get(cv, "vectorString");
            if (!is_str(vec))
                continue;
            struct cvd_cvss cs;
            if (cvd_cvss_eval(cvd_json_string(vec), k == 0 ? CVD_CVSS_PARSE_V2 : 0, &cs, NULL) != 0)
                continue; /* an invalid vector is 6.1.8 / the schema's finding */
            bool v3 = cs.version == CVD_CVSS_V30 || cs.version == CVD_CVSS_V31;
            if ((k == 1) != v3 || (k == 0 && cs.version != CVD_CVSS_V2))
                continue;
            const char *ptr = fmt(c, "/vulnerabilities/%zu/scores/%zu/%s", vi, j, kinds[k]);
            if (ptr == NULL)
                return;
            check_score(c, cv, ptr, "baseScore", cs.base);
            check_score(c, cv, ptr, "temporalScore", cs.temporal);
            check_score(c, cv, ptr, "environmentalScore", cs.environmental);
            if (v3) {
                check_severity(c, cv, ptr, "baseSeverity", cs.base);
                check_severity(c, cv, ptr, "temporalSeverity", cs.temporal);
                check_severity(c, cv, ptr, "environmentalSeverity", cs.environmental);
            }
        }
    }
}

/* ---- 6.1.10 inconsistent CVSS ---- */

struct cvss_prop {
    const char *prop;
    const char *abbr;
};

static const struct cvss_prop v3_props[] = {
    {"attackVector", "AV"},
    {"attackComplexity", "AC"},
    {"privilegesRequired", "PR"},
    {"userInteraction", "UI"},
    {"scope", "S"},
    {"confidentialityImpact", "C"},
    {"integrityImpact", "I"},
    {"availabilityImpact", "A"},
    {"exploitCodeMaturity", "E"},
    {"remediationLevel", "RL"},
    {"reportConfidence", "RC"},
    {"confidentialityRequirement", "CR"},
    {"integrityRequirement", "IR"},
    {"availabilityRequirement", "AR"},
    {"modifiedAttackVector", "MAV"},
    {"modifiedAttackComplexity", "MAC"},
    {"modifiedPrivilegesRequired", "MPR"},
    {"modifiedUserInteraction", "MUI"},
    {"modifiedScope", "MS"},
    {"modifiedConfidentialityImpact", "MC"},
    {"modifiedIntegrityImpact", "MI"},
    {"modifiedAvailabilityImpact", "MA"},
};

static const struct cvss_prop v2_props[] = {
    {"accessVector", "AV"},         {"accessComplexity", "AC"},
    {"authentication", "Au"},       {"confidentialityImpact", "C"},
    {"integrityImpact", "I"},       {"availabilityImpact", "A"},
    {"exploitability", "E"},        {"remediationLevel", "RL"},
    {"reportConfidence", "RC"},     {"collateralDamagePotential", "CDP"},
    {"targetDistribution", "TD"},   {"confidentialityRequirement", "CR"},
    {"integrityRequirement", "IR"}, {"availabilityRequirement", "AR"},
};

/* The vector's abbreviation of a CSAF (FIRST schema) metric value. */
static struct cvd_str value_abbr(struct cvd_str v, bool v2)
{
    static const struct cvss_prop v2_values[] = {
        {"NOT_DEFINED", "ND"},   {"PROOF_OF_CONCEPT", "POC"}, {"OFFICIAL_FIX", "OF"},
        {"TEMPORARY_FIX", "TF"}, {"UNCONFIRMED", "UC"},       {"UNCORROBORATED", "UR"},
        {"LOW_MEDIUM", "LM"},    {"MEDIUM_HIGH", "MH"},
    };
    if (v2) {
        for (size_t i = 0; i < sizeof v2_values / sizeof v2_values[0]; i++)
            if (cvd_str_eq_cstr(v, v2_values[i].prop))
                return cvd_str_from_cstr(v2_values[i].abbr);
    } else if (cvd_str_eq_cstr(v, "NOT_DEFINED")) {
        return CVD_STR("X");
    }
    return (struct cvd_str){v.ptr, v.len > 0 ? 1 : 0};
}

/* The value of metric abbr in vec ("AV:N/..." with an optional "CVSS:3.x/" prefix). */
static bool vector_value(struct cvd_str vec, const char *abbr, struct cvd_str *ret)
{
    struct cvd_str key = cvd_str_from_cstr(abbr);
    size_t i = 0;
    while (i < vec.len) {
        size_t b = i;
        while (i < vec.len && vec.ptr[i] != '/')
            i++;
        struct cvd_str part = {vec.ptr + b, i - b};
        if (i < vec.len)
            i++;
        if (part.len > key.len && part.ptr[key.len] == ':' &&
            memcmp(part.ptr, key.ptr, key.len) == 0) {
            *ret = (struct cvd_str){part.ptr + key.len + 1, part.len - key.len - 1};
            return true;
        }
    }
    return false;
}

static void test_6_1_10(struct ctx *c, size_t vi, const struct cvd_json *vu)
{
    const struct cvd_json *scores = get(vu, "scores");
    for (size_t j = 0; j < cvd_json_len(scores) && c->rc == 0; j++) {
        for (size_t k = 0; k < 2; k++) {
            bool v2 = k == 0;
            const struct cvd_json *cv = get(cvd_json_at(scores, j), v2 ? "cvss_v2" : "cvss_v3");
            const struct cvd_json *vec = get(cv, "vectorString");
            struct cvd_cvss cs;
            if (!is_str(vec) ||
                cvd_cvss_parse(cvd_json_string(vec), v2 ? CVD_CVSS_PARSE_V2 : 0, &cs, NULL) != 0)
                continue; /* an invalid vector is 6.1.8 / the schema's finding */
            const struct cvss_prop *props = v2 ? v2_props : v3_props;
            size_t n =
                v2 ? sizeof v2_props / sizeof v2_props[0] : sizeof v3_props / sizeof v3_props[0];
            for (size_t m = 0; m < n; m++) {
                const struct cvd_json *pv = get(cv, props[m].prop);
                if (!is_str(pv))
                    continue;
                struct cvd_str want;
                if (!vector_value(cvd_json_string(vec), props[m].abbr, &want))
                    want = v2 ? CVD_STR("ND") : CVD_STR("X");
                if (!cvd_str_eq(value_abbr(cvd_json_string(pv), v2), want))
                    add(c, "6.1.10",
                        fmt(c, "/vulnerabilities/%zu/scores/%zu/%s/%s", vi, j,
                            v2 ? "cvss_v2" : "cvss_v3", props[m].prop),
                        "%s is '%s' but the vector says %s:%s", props[m].prop,
                        q(c, cvd_json_string(pv)), props[m].abbr, q(c, want));
            }
        }
    }
}

int cvd_csaf_check(struct cvd_arena *a, const struct cvd_json *doc, struct cvd_csaf_report *rep,
                   struct cvd_diag *diag)
{
    if (a == NULL || rep == NULL || !cvd_json_is(doc, CVD_JSON_OBJECT))
        return cvd_diag_set(diag, doc == NULL || a == NULL || rep == NULL ? CVD_EINVAL : CVD_ETYPE,
                            "a CSAF document is a JSON object");
    struct ctx c = {.a = a, .rep = rep, .diag = diag, .doc = doc};
    collect_definitions(&c);
    test_6_1_1(&c);
    dup_defs(&c, &c.products, "6.1.2", "product id");
    test_6_1_3(&c);
    test_6_1_4(&c);
    dup_defs(&c, &c.groups, "6.1.5", "product group id");
    const struct cvd_json *vulns = get(doc, "vulnerabilities");
    for (size_t i = 0; i < cvd_json_len(vulns) && c.rc == 0; i++)
        test_6_1_6(&c, i, cvd_json_at(vulns, i));
    for (size_t i = 0; i < cvd_json_len(vulns) && c.rc == 0; i++)
        test_6_1_7(&c, i, cvd_json_at(vulns, i));
    for (size_t i = 0; i < cvd_json_len(vulns) && c.rc == 0; i++)
        test_6_1_9(&c, i, cvd_json_at(vulns, i));
    for (size_t i = 0; i < cvd_json_len(vulns) && c.rc == 0; i++)
        test_6_1_10(&c, i, cvd_json_at(vulns, i));
    test_document(&c); /* 6.1.15, 6.1.17, 6.1.22, 6.1.28 */
    test_6_1_23(&c);
    test_6_1_25(&c);
    test_6_1_13(&c);
    test_revision_order(&c); /* 6.1.14, 6.1.16, 6.1.21 */
    test_versions(&c);       /* 6.1.18, 6.1.19, 6.1.20, 6.1.30 */
    test_6_1_26(&c);
    for (size_t i = 0; i < cvd_json_len(vulns) && c.rc == 0; i++)
        test_6_1_24(&c, i, cvd_json_at(vulns, i));
    test_profiles(&c);
    for (size_t i = 0; i < cvd_json_len(vulns) && c.rc == 0; i++)
        test_no_products(&c, i, cvd_json_at(vulns, i));
    for (size_t i = 0; i < cvd_json_len(vulns) && c.rc == 0; i++)
        test_6_1_33(&c, i, cvd_json_at(vulns, i));
    return c.rc;
}

int cvd_csaf_check_buf(struct cvd_arena *a, const char *in, size_t len,
                       const struct cvd_limits *lim, struct cvd_csaf_report *rep,
                       struct cvd_diag *diag)
{
    const struct cvd_json *root = NULL;
    int rc = cvd_json_parse(a, in, len, lim, 0, &root, diag);
    if (rc != 0)
        return rc;
    return cvd_csaf_check(a, root, rep, diag);
}

bool cvd_csaf_report_has(const struct cvd_csaf_report *rep, const char *test)
{
    for (size_t i = 0; rep != NULL && i < rep->len; i++)
        if (strcmp(rep->items[i].test, test) == 0)
            return true;
    return false;
}
