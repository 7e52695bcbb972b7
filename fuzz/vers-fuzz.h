/* What the version-scheme fuzz targets (fuzz/vers-<scheme>/) share: cutting the input into
 * versions and the checks every scheme's order must pass through the registry. Each target
 * includes this header, calls the checks and adds what only its scheme promises. */
#ifndef CVD_FUZZ_VERS_FUZZ_H
#define CVD_FUZZ_VERS_FUZZ_H

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cvd/err.h"
#include "cvd/str.h"
#include "cvd/version.h"

/* vf_cmp's answer when either version is refused. */
#define VF_REFUSED 2

/* The scheme registered under name; aborts when there is none. */
static inline const struct cvd_version_scheme *vf_scheme(const char *name)
{
    const struct cvd_version_scheme *s = cvd_version_scheme_find(cvd_str_from_cstr(name));
    if (s == NULL)
        abort();
    return s;
}

/* A failure returns a negative code and fills the diag with that code and a NUL-terminated,
 * non-empty message. */
static inline void vf_check_diag(int rc, const struct cvd_diag *diag)
{
    if (rc >= 0 || diag->code != rc || diag->msg[0] == '\0' ||
        memchr(diag->msg, '\0', sizeof(diag->msg)) == NULL)
        abort();
}

/* compare(a, b) through the registry: -1, 0, 1, or VF_REFUSED. A refusal fills the diag (see
 * vf_check_diag) and leaves the result untouched; without a diag the answer is the same. */
static inline int vf_cmp(const struct cvd_version_scheme *s, struct cvd_str a, struct cvd_str b)
{
    struct cvd_diag diag = {0};
    int c = 5;
    int rc = cvd_version_compare(s, a, b, &c, &diag);
    int quiet = 5;
    if (cvd_version_compare(s, a, b, &quiet, NULL) != rc || quiet != c)
        abort();
    if (rc != 0) {
        vf_check_diag(rc, &diag);
        if (c != 5)
            abort();
        return VF_REFUSED;
    }
    if (c < -1 || c > 1)
        abort();
    return c;
}

/* compare(a, b) must be -compare(b, a), both refused or neither, and a version compares equal
 * to itself (a and b alone may be refused only when the pair is). Returns compare(a, b) or
 * VF_REFUSED. */
static inline int vf_antisymmetric(const struct cvd_version_scheme *s, struct cvd_str a,
                                   struct cvd_str b)
{
    int ab = vf_cmp(s, a, b), ba = vf_cmp(s, b, a);
    if ((ab == VF_REFUSED) != (ba == VF_REFUSED) || (ab != VF_REFUSED && ab != -ba))
        abort();
    int aa = vf_cmp(s, a, a), bb = vf_cmp(s, b, b);
    if ((aa != 0 && aa != VF_REFUSED) || (bb != 0 && bb != VF_REFUSED))
        abort();
    if (ab != VF_REFUSED && (aa != 0 || bb != 0))
        abort();
    return ab;
}

/* When a, b and b, c are accepted, so is a, c, and a <= b <= c implies a <= c, a >= b >= c
 * implies a >= c. */
static inline void vf_transitive(const struct cvd_version_scheme *s, struct cvd_str a,
                                 struct cvd_str b, struct cvd_str c)
{
    int ab = vf_cmp(s, a, b), bc = vf_cmp(s, b, c);
    if (ab == VF_REFUSED || bc == VF_REFUSED)
        return;
    int ac = vf_cmp(s, a, c);
    if (ac == VF_REFUSED || (ab <= 0 && bc <= 0 && ac > 0) || (ab >= 0 && bc >= 0 && ac < 0))
        abort();
}

/* satisfies(version, range) through the registry; a failure other than "no range syntax"
 * fills the diag. Returns its code. */
static inline int vf_satisfies(const struct cvd_version_scheme *s, struct cvd_str version,
                               struct cvd_str range, bool *ret)
{
    struct cvd_diag diag = {0};
    int rc = cvd_version_satisfies(s, version, range, ret, &diag);
    if (rc != 0 && rc != CVD_ENOTSUP)
        vf_check_diag(rc, &diag);
    return rc;
}

/* The input cut in two halves a and b, and in three thirds x, y and z. */
struct vf_cuts {
    struct cvd_str a, b;
    struct cvd_str x, y, z;
};

static inline struct vf_cuts vf_cut(const uint8_t *data, size_t size)
{
    const char *p = (const char *)data;
    return (struct vf_cuts){
        .a = {p, size / 2},
        .b = {p + size / 2, size - size / 2},
        .x = {p, size / 3},
        .y = {p + size / 3, size / 3},
        .z = {p + 2 * (size / 3), size - 2 * (size / 3)},
    };
}

/* The input read as "A\nB": a up to the first newline, b the rest (newlines included), or
 * no_b when there is no newline. */
static inline void vf_lines(const uint8_t *data, size_t size, struct cvd_str no_b,
                            struct cvd_str *a, struct cvd_str *b)
{
    const char *p = (const char *)data;
    const char *nl = memchr(p, '\n', size);
    *a = (struct cvd_str){p, nl ? (size_t)(nl - p) : size};
    *b = nl ? (struct cvd_str){nl + 1, size - a->len - 1} : no_b;
}

/* vf_lines, then b cut at its first newline into b and c: "A\nB\nC". False (c empty) when b
 * has no newline. */
static inline bool vf_lines3(const uint8_t *data, size_t size, struct cvd_str no_b,
                             struct cvd_str *a, struct cvd_str *b, struct cvd_str *c)
{
    vf_lines(data, size, no_b, a, b);
    *c = (struct cvd_str){NULL, 0};
    const char *nl = b->len > 0 ? memchr(b->ptr, '\n', b->len) : NULL;
    if (nl == NULL)
        return false;
    *c = (struct cvd_str){nl + 1, b->len - (size_t)(nl - b->ptr) - 1};
    b->len = (size_t)(nl - b->ptr);
    return true;
}

/* The targets of schemes whose promises are all shared: for each scheme, A and B compared
 * (vf_antisymmetric), satisfies(A, B) with B read as a range, and with transitive and a third
 * line C, vf_transitive(A, B, C). Without a newline B is "1". */
static inline void vf_run_lines(const char *const *schemes, const uint8_t *data, size_t size,
                                bool transitive)
{
    struct cvd_str a, b, c;
    bool three = false;
    if (transitive)
        three = vf_lines3(data, size, CVD_STR("1"), &a, &b, &c);
    else
        vf_lines(data, size, CVD_STR("1"), &a, &b);
    for (size_t i = 0; schemes[i]; i++) {
        const struct cvd_version_scheme *s = vf_scheme(schemes[i]);
        (void)vf_antisymmetric(s, a, b);
        bool sat;
        (void)vf_satisfies(s, a, b, &sat);
        if (three)
            vf_transitive(s, a, b, c);
    }
}

#endif
