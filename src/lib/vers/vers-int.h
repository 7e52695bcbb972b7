/* Internals of the version layer: every scheme object, declared from schemes.def. */
#ifndef CVD_VERS_VERS_INT_H
#define CVD_VERS_VERS_INT_H

#include "cvd/version.h"

#define CVD_SCHEME(name, id) extern const struct cvd_version_scheme cvd__scheme_##id;
#include "schemes.def"
#undef CVD_SCHEME

/* How many bytes of the subject a scheme's messages quote (docs/internals/vers-*.md): the
 * semver, npm, pypi, debian, rpm, alpine and maven schemes cut at CVD__VERS_QUOTE_LONG, the
 * others at CVD__VERS_QUOTE_MAX (digits-int.h). */
#define CVD__VERS_QUOTE_LONG 80

/*
 * Fill diag with "invalid <what> '<text>': <why>" and offset, the byte in text where the problem
 * lies. text is quoted as it is, cut after quote_max bytes with "..." appended when cut. Accepts a
 * NULL diag. Returns code.
 */
int cvd__vers_invalid(struct cvd_diag *diag, int code, const char *what, struct cvd_str text,
                      size_t quote_max, size_t offset, const char *why);

#endif
