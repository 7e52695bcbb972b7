/* Internals of the purl module: the per-type rules (purl-types.c), from purl-spec's
 * types/<type>-definition.json files. */
#ifndef CVD_FORMATS_PURL_INT_H
#define CVD_FORMATS_PURL_INT_H

#include <stddef.h>

#include "cvd/str.h"

enum cvd__purl_ns_rule {
    CVD__PURL_NS_OPTIONAL,
    CVD__PURL_NS_REQUIRED,
    CVD__PURL_NS_PROHIBITED,
};

enum cvd__purl_fold {
    CVD__PURL_KEEP,  /* case-sensitive: as given */
    CVD__PURL_LOWER, /* case-insensitive, canonical in lower case */
    CVD__PURL_UPPER, /* canonical in upper case (cpan author ids) */
};

/* Rules no column of the table can say; each is code in purl.c. */
enum cvd__purl_special {
    CVD__PURL_SPECIAL_NONE,
    CVD__PURL_SPECIAL_PYPI,   /* name: '_' -> '-' */
    CVD__PURL_SPECIAL_PUB,    /* name: every byte outside [a-z0-9_] -> '_' */
    CVD__PURL_SPECIAL_CHROME, /* name ^[a-p]{32}$, version ^\d+(\.\d+){0,3}$ */
    CVD__PURL_SPECIAL_CPAN,   /* name must not contain "::" */
    CVD__PURL_SPECIAL_MLFLOW, /* name lower case when the repository is Databricks */
    CVD__PURL_SPECIAL_GIT,    /* namespace = host (one segment), name = the repository path */
    CVD__PURL_SPECIAL_NPM,    /* tolerate "@scope%2Fname" written as one name */
};

struct cvd__purl_type {
    const char *name;
    unsigned char ns_rule;          /* enum cvd__purl_ns_rule */
    unsigned char ns_fold;          /* enum cvd__purl_fold */
    unsigned char name_fold;        /* enum cvd__purl_fold */
    unsigned char version_fold;     /* enum cvd__purl_fold */
    unsigned char special;          /* enum cvd__purl_special */
    const char *required_qualifier; /* or NULL */
};

/* The type called name (already lower case), or NULL for an unregistered type. */
const struct cvd__purl_type *cvd__purl_type_find(struct cvd_str name);

#endif
