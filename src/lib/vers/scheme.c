/* The registry of version schemes, built from schemes.def. */
#include "cvd/version.h"

#include "vers-int.h"

struct entry {
    const char *name;
    const struct cvd_version_scheme *scheme;
};

static const struct entry registry[] = {
#define CVD_SCHEME(name, id) {name, &cvd__scheme_##id},
#include "schemes.def"
#undef CVD_SCHEME
    {NULL, NULL},
};

const struct cvd_version_scheme *cvd_version_scheme_find(struct cvd_str name)
{
    for (const struct entry *e = registry; e->name; e++) {
        if (cvd_str_eq_nocase(name, cvd_str_from_cstr(e->name)))
            return e->scheme;
    }
    return NULL;
}

const char *cvd_version_scheme_name(size_t i)
{
    for (size_t k = 0; registry[k].name; k++) {
        if (k == i)
            return registry[k].name;
    }
    return NULL;
}

int cvd_version_compare(const struct cvd_version_scheme *s, struct cvd_str a, struct cvd_str b,
                        int *ret_cmp, struct cvd_diag *diag)
{
    if (s == NULL || ret_cmp == NULL)
        return cvd_diag_set(diag, CVD_EINVAL, "invalid argument");
    return s->compare(a, b, ret_cmp, diag);
}

int cvd_version_satisfies(const struct cvd_version_scheme *s, struct cvd_str version,
                          struct cvd_str range, bool *ret, struct cvd_diag *diag)
{
    if (s == NULL || ret == NULL)
        return cvd_diag_set(diag, CVD_EINVAL, "invalid argument");
    if (s->satisfies == NULL)
        return cvd_diag_set(diag, CVD_ENOTSUP, "the %s scheme has no range syntax", s->name);
    return s->satisfies(version, range, ret, diag);
}
