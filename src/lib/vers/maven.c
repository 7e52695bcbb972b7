/* Maven versions, ordered as maven-artifact 3.8.7's ComparableVersion orders them.
 *
 * ComparableVersion builds a tree of lists; a new list is only ever appended as the last element
 * of the current list and then becomes the current one, so the tree is a chain: every list holds
 * some scalar items followed by at most one sub-list. We keep that chain flat, on the stack, as
 * one array of items in which a LIST item stands for "the rest is the sub-list". Integers stay
 * digit strings (any size), strings stay views of the input compared case-insensitively, so
 * nothing is allocated. */
#include <stdint.h>
#include <string.h>

#include "cvd/version.h"

#include "maven-int.h"
#include "vers-int.h"

enum kind { K_INT, K_STR, K_LIST };

/* Qualifier ranks (ComparableVersion.QUALIFIERS), then every unknown qualifier. */
enum {
    Q_ALPHA,
    Q_BETA,
    Q_MILESTONE,
    Q_RC,
    Q_SNAPSHOT,
    Q_RELEASE, /* "", ga, final, release */
    Q_SP,
    Q_OTHER, /* compared by text among themselves */
};

struct item {
    unsigned char kind, rank, dead;
    const char *p; /* K_INT: digits without leading zeros; K_STR: the qualifier text */
    size_t len;
};

struct mver {
    struct item it[CVD_MAVEN_MAX_ITEMS];
    size_t n;
};

static inline int is_digit(unsigned char c)
{
    return (unsigned)(c - '0') < 10u;
}

static inline int lower(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c;
}

static int eq_nocase(const char *p, size_t len, const char *lit)
{
    size_t n = strlen(lit);
    if (n != len)
        return 0;
    for (size_t i = 0; i < n; i++) {
        if (lower((unsigned char)p[i]) != (unsigned char)lit[i])
            return 0;
    }
    return 1;
}

static int bad(struct cvd_diag *diag, int code, struct cvd_str v, size_t off, const char *rule)
{
    return cvd__vers_invalid(diag, code, "maven version", v, CVD__VERS_QUOTE_LONG, off, rule);
}

static int push(struct mver *m, unsigned kind, const char *p, size_t len)
{
    if (m->n == CVD_MAVEN_MAX_ITEMS)
        return -1;
    struct item *it = &m->it[m->n++];
    it->kind = (unsigned char)kind;
    it->dead = 0;
    it->rank = 0;
    it->p = p;
    it->len = len;
    if (kind == K_INT) {
        while (it->len > 0 && *it->p == '0') {
            it->p++;
            it->len--;
        }
    }
    return 0;
}

/* A string item: StringItem(value, followedByDigit) with its aliases. */
static int push_str(struct mver *m, const char *p, size_t len, int followed_by_digit)
{
    if (push(m, K_STR, p, len))
        return -1;
    struct item *it = &m->it[m->n - 1];
    static const char *const names[] = {"alpha", "beta", "milestone", "rc", "snapshot", "", "sp"};
    if (followed_by_digit && len == 1) {
        int c = lower((unsigned char)p[0]);
        if (c == 'a' || c == 'b' || c == 'm') {
            it->rank = c == 'a' ? Q_ALPHA : c == 'b' ? Q_BETA : Q_MILESTONE;
            return 0;
        }
    }
    if (eq_nocase(p, len, "ga") || eq_nocase(p, len, "final") || eq_nocase(p, len, "release")) {
        it->rank = Q_RELEASE;
        return 0;
    }
    if (eq_nocase(p, len, "cr")) {
        it->rank = Q_RC;
        return 0;
    }
    it->rank = Q_OTHER;
    for (unsigned r = 0; r < Q_OTHER; r++) {
        if (eq_nocase(p, len, names[r])) {
            it->rank = (unsigned char)r;
            break;
        }
    }
    return 0;
}

/* Is the list being filled (the items after the last LIST marker) still empty? */
static int level_empty(const struct mver *m)
{
    return m->n == 0 || m->it[m->n - 1].kind == K_LIST;
}

static int is_null(const struct item *it)
{
    if (it->kind == K_INT)
        return it->len == 0;
    return it->kind == K_STR && it->rank == Q_RELEASE;
}

/* ListItem.normalize() on every list, innermost first: drop trailing null items (0, "" and
 * empty lists) in front of a non-empty sub-list too. */
static void normalize(struct mver *m)
{
    int child_nonempty = 0;
    size_t e = m->n;
    for (;;) {
        /* The current level is [s, e); it->kind == K_LIST at e marks its sub-list. */
        size_t s = e;
        while (s > 0 && m->it[s - 1].kind != K_LIST)
            s--;
        int has_marker = e < m->n;
        if (has_marker && !child_nonempty)
            m->it[e].dead = 1;
        size_t k = e;
        while (k > s && is_null(&m->it[k - 1]))
            m->it[--k].dead = 1;
        child_nonempty = k > s || (has_marker && child_nonempty);
        if (s == 0)
            break;
        e = s - 1;
    }
    size_t w = 0;
    for (size_t r = 0; r < m->n; r++) {
        if (!m->it[r].dead)
            m->it[w++] = m->it[r];
    }
    m->n = w;
}

static int parse(struct cvd_str v, struct mver *m, struct cvd_diag *diag)
{
    const char *s = v.ptr;
    m->n = 0;
    if (v.len == 0)
        return bad(diag, CVD_EPARSE, v, 0, "version string is empty");
    for (size_t i = 0; i < v.len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c <= ' ' || c >= 0x7f)
            return bad(diag, CVD_EPARSE, v, i,
                       "only printable ascii without spaces is accepted (java's unicode digit and "
                       "case rules are not reproduced)");
    }
    size_t start = 0;
    int digit = 0, rc = 0;
    for (size_t i = 0; i < v.len && rc == 0; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '.' || c == '-') {
            if (i == start)
                rc = push(m, K_INT, s + i, 0);
            else if (digit)
                rc = push(m, K_INT, s + start, i - start);
            else
                rc = push_str(m, s + start, i - start, 0);
            start = i + 1;
            if (rc == 0 && c == '-')
                rc = push(m, K_LIST, NULL, 0);
        } else if (is_digit(c)) {
            if (!digit && i > start) {
                /* 3.8: "1.0.0.X1 < 1.0.0-X2", a qualifier followed by a number starts a list
                 * unless the current one is empty. */
                if (!level_empty(m))
                    rc = push(m, K_LIST, NULL, 0);
                if (rc == 0)
                    rc = push_str(m, s + start, i - start, 1);
                start = i;
                if (rc == 0)
                    rc = push(m, K_LIST, NULL, 0);
            }
            digit = 1;
        } else {
            if (digit && i > start) {
                rc = push(m, K_INT, s + start, i - start);
                start = i;
                if (rc == 0)
                    rc = push(m, K_LIST, NULL, 0);
            }
            digit = 0;
        }
    }
    if (rc == 0 && v.len > start) {
        if (digit) {
            rc = push(m, K_INT, s + start, v.len - start);
        } else {
            /* The same for a final qualifier. */
            if (!level_empty(m))
                rc = push(m, K_LIST, NULL, 0);
            if (rc == 0)
                rc = push_str(m, s + start, v.len - start, 0);
        }
    }
    if (rc)
        return bad(diag, CVD_ELIMIT, v, 0,
                   "more than " CVD_MAVEN_MAX_ITEMS_TEXT " items and sub-lists");
    normalize(m);
    return 0;
}

static int sign(int x)
{
    return x < 0 ? -1 : (x > 0);
}

static int cmp_text(const struct item *a, const struct item *b)
{
    size_t n = a->len < b->len ? a->len : b->len;
    for (size_t i = 0; i < n; i++) {
        int d = lower((unsigned char)a->p[i]) - lower((unsigned char)b->p[i]);
        if (d)
            return sign(d);
    }
    return a->len == b->len ? 0 : (a->len < b->len ? -1 : 1);
}

/* Item.compareTo(null). */
static int vs_null(const struct item *it)
{
    if (it->kind == K_INT)
        return it->len != 0;
    return sign((int)it->rank - Q_RELEASE);
}

static int vs_item(const struct item *a, const struct item *b)
{
    if (a->kind == K_INT && b->kind == K_INT) {
        if (a->len != b->len)
            return a->len < b->len ? -1 : 1;
        return a->len == 0 ? 0 : sign(memcmp(a->p, b->p, a->len));
    }
    if (a->kind == K_INT)
        return 1; /* int > string, int > list */
    if (a->kind == K_LIST)
        return b->kind == K_INT ? -1 : 1; /* list < int, list > string */
    if (b->kind != K_STR)
        return -1; /* string < int, string < list */
    if (a->rank != b->rank)
        return a->rank < b->rank ? -1 : 1;
    return a->rank == Q_OTHER ? cmp_text(a, b) : 0;
}

/* The rest of one version against nothing (ListItem.compareTo(null) of each remaining element,
 * which for a list walks all of its elements: MNG-6964). */
static int tail_vs_null(const struct mver *m, size_t i)
{
    for (; i < m->n; i++) {
        if (m->it[i].kind == K_LIST)
            continue;
        int c = vs_null(&m->it[i]);
        if (c)
            return c;
    }
    return 0;
}

static int compare_parsed(const struct mver *a, const struct mver *b)
{
    size_t i = 0, j = 0;
    for (;;) {
        if (i == a->n && j == b->n)
            return 0;
        if (i == a->n)
            return -tail_vs_null(b, j);
        if (j == b->n)
            return tail_vs_null(a, i);
        const struct item *x = &a->it[i], *y = &b->it[j];
        if (x->kind == K_LIST && y->kind == K_LIST) {
            i++;
            j++;
            continue;
        }
        int c = vs_item(x, y);
        if (c)
            return c;
        i++;
        j++;
    }
}

int cvd__maven_compare(struct cvd_str a, struct cvd_str b, int *ret_cmp, struct cvd_diag *diag)
{
    struct mver x, y;
    int rc = parse(a, &x, diag);
    if (rc)
        return rc;
    rc = parse(b, &y, diag);
    if (rc)
        return rc;
    *ret_cmp = compare_parsed(&x, &y);
    return 0;
}

const struct cvd_version_scheme cvd__scheme_maven = {
    .name = "maven",
    .compare = cvd__maven_compare,
    .satisfies = NULL,
};
