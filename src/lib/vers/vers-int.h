/* Internals of the version layer: every scheme object, declared from schemes.def. */
#ifndef CVD_VERS_VERS_INT_H
#define CVD_VERS_VERS_INT_H

#include "cvd/version.h"

#define CVD_SCHEME(name, id) extern const struct cvd_version_scheme cvd__scheme_##id;
#include "schemes.def"
#undef CVD_SCHEME

#endif
