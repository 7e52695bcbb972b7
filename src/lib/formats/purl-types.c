/* The registered purl types and their rules, transcribed from purl-spec
 * types/<type>-definition.json (commit 16f3d0e3): namespace_definition.requirement and
 * .case_sensitive, name_definition.case_sensitive and .normalization_rules,
 * version_definition.case_sensitive, qualifiers_definition[].requirement == "required".
 * "case_sensitive": false becomes LOWER; an absent case_sensitive is KEEP. Kept sorted by name.
 * tests/unit/test-purl.c checks this table against the definition files. */
#include <string.h>

#include "purl-int.h"

#define OPT  CVD__PURL_NS_OPTIONAL
#define REQ  CVD__PURL_NS_REQUIRED
#define NONS CVD__PURL_NS_PROHIBITED
#define K    CVD__PURL_KEEP
#define L    CVD__PURL_LOWER
#define U    CVD__PURL_UPPER

static const struct cvd__purl_type types[] = {
    /* name, namespace, namespace case, name case, version case, special, required qualifier */
    {"alpm", REQ, L, L, K, CVD__PURL_SPECIAL_NONE, NULL},
    {"apk", REQ, L, L, K, CVD__PURL_SPECIAL_NONE, NULL},
    {"bazel", NONS, K, K, K, CVD__PURL_SPECIAL_NONE, NULL},
    {"bitbucket", REQ, L, L, K, CVD__PURL_SPECIAL_NONE, NULL},
    {"bitnami", NONS, K, L, K, CVD__PURL_SPECIAL_NONE, NULL},
    {"brew", OPT, L, L, K, CVD__PURL_SPECIAL_NONE, NULL},
    {"cargo", NONS, K, K, K, CVD__PURL_SPECIAL_NONE, NULL},
    {"chrome-extension", NONS, K, L, K, CVD__PURL_SPECIAL_CHROME, NULL},
    {"cocoapods", NONS, K, K, K, CVD__PURL_SPECIAL_NONE, NULL},
    {"composer", REQ, L, L, K, CVD__PURL_SPECIAL_NONE, NULL},
    {"conan", OPT, K, K, K, CVD__PURL_SPECIAL_NONE, NULL},
    {"conda", NONS, K, K, K, CVD__PURL_SPECIAL_NONE, NULL},
    /* the namespace "shall be uppercase" (a CPAN id) */
    {"cpan", OPT, U, K, K, CVD__PURL_SPECIAL_CPAN, NULL},
    {"cran", NONS, K, K, K, CVD__PURL_SPECIAL_NONE, NULL},
    {"deb", REQ, L, L, K, CVD__PURL_SPECIAL_NONE, NULL},
    {"docker", OPT, K, K, K, CVD__PURL_SPECIAL_NONE, NULL},
    {"gem", NONS, K, K, K, CVD__PURL_SPECIAL_NONE, NULL},
    {"generic", OPT, K, K, K, CVD__PURL_SPECIAL_NONE, NULL},
    {"git", REQ, L, K, K, CVD__PURL_SPECIAL_GIT, NULL},
    {"github", REQ, L, L, K, CVD__PURL_SPECIAL_NONE, NULL},
    {"golang", REQ, K, K, K, CVD__PURL_SPECIAL_NONE, NULL},
    {"hackage", NONS, K, K, K, CVD__PURL_SPECIAL_NONE, NULL},
    {"hex", OPT, L, L, K, CVD__PURL_SPECIAL_NONE, NULL},
    {"huggingface", REQ, K, K, L, CVD__PURL_SPECIAL_NONE, NULL},
    {"julia", NONS, K, K, K, CVD__PURL_SPECIAL_NONE, "uuid"},
    {"luarocks", OPT, L, L, K, CVD__PURL_SPECIAL_NONE, NULL},
    {"maven", REQ, K, K, K, CVD__PURL_SPECIAL_NONE, NULL},
    {"mlflow", NONS, K, K, K, CVD__PURL_SPECIAL_MLFLOW, NULL},
    {"npm", OPT, K, K, K, CVD__PURL_SPECIAL_NPM, NULL},
    {"nuget", NONS, K, K, K, CVD__PURL_SPECIAL_NONE, NULL},
    {"oci", NONS, K, L, L, CVD__PURL_SPECIAL_NONE, NULL},
    {"opam", NONS, K, K, K, CVD__PURL_SPECIAL_NONE, NULL},
    {"otp", NONS, K, L, K, CVD__PURL_SPECIAL_NONE, NULL},
    {"pub", NONS, K, L, K, CVD__PURL_SPECIAL_PUB, NULL},
    {"pypi", NONS, K, L, L, CVD__PURL_SPECIAL_PYPI, NULL},
    {"qpkg", REQ, L, K, K, CVD__PURL_SPECIAL_NONE, NULL},
    {"rpm", REQ, L, K, K, CVD__PURL_SPECIAL_NONE, NULL},
    {"swid", OPT, K, K, K, CVD__PURL_SPECIAL_NONE, "tag_id"},
    {"swift", REQ, K, K, K, CVD__PURL_SPECIAL_NONE, NULL},
    {"vcpkg", NONS, K, K, K, CVD__PURL_SPECIAL_NONE, NULL},
    {"vscode-extension", REQ, L, L, L, CVD__PURL_SPECIAL_NONE, NULL},
    {"yocto", OPT, L, K, K, CVD__PURL_SPECIAL_NONE, NULL},
};

const struct cvd__purl_type *cvd__purl_type_find(struct cvd_str name)
{
    size_t lo = 0;
    size_t hi = sizeof(types) / sizeof(types[0]);
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const char *t = types[mid].name;
        size_t tlen = strlen(t);
        size_t n = name.len < tlen ? name.len : tlen;
        int c = n ? memcmp(name.ptr, t, n) : 0;
        if (c == 0)
            c = name.len < tlen ? -1 : name.len > tlen ? 1 : 0;
        if (c == 0)
            return &types[mid];
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return NULL;
}
