/* Package URLs (purl, ECMA-427; repository package-url/purl-spec): parse, build from components,
 * validate and normalise per type, and emit the canonical string.
 *
 * pkg:type/namespace/name@version?qualifiers#subpath
 *
 * Components are held decoded (percent-escapes resolved) and normalised for their type (case
 * folding, pypi '_' -> '-', ...). All memory comes from an arena the caller passes; nothing is
 * allocated otherwise. See docs/internals/purl.md for the algorithm and every decision. */
#ifndef CVD_PURL_H
#define CVD_PURL_H

#include <stdbool.h>
#include <stddef.h>

#include "cvd/arena.h"
#include "cvd/compiler.h"
#include "cvd/err.h"
#include "cvd/str.h"

/** Longest purl string accepted (bytes); longer input is CVD_ELIMIT. */
#define CVD_PURL_MAX_LEN ((size_t)64 << 10)
/** Most qualifiers in one purl; more is CVD_ELIMIT. */
#define CVD_PURL_MAX_QUALIFIERS 64u

struct cvd_purl_qualifier {
    struct cvd_str key;   /* lower case, [a-z][a-z0-9._-]* */
    struct cvd_str value; /* decoded, never empty */
};

/**
 * The components of a purl, decoded. An absent optional component has ptr == NULL and len 0
 * (an empty string is never stored). namespace holds its segments joined by '/'; subpath too.
 * Strings are NUL-terminated (the NUL is not counted in len).
 */
struct cvd_purl {
    struct cvd_str type;                   /* lower case */
    struct cvd_str ns;                     /* the namespace, or absent */
    struct cvd_str name;                   /* never empty */
    struct cvd_str version;                /* or absent */
    struct cvd_purl_qualifier *qualifiers; /* sorted by key, keys unique */
    size_t n_qualifiers;
    struct cvd_str subpath; /* segments without empty, "." and "..", or absent */
};

enum cvd_purl_flags {
    /**
     * Reject what the lenient default repairs: qualifier keys not in lower case (the default
     * lowercases them, as ECMA-427 says parsers should). Upstream test cases disagree on this
     * point (see docs/internals/purl.md); the default follows the specification text.
     */
    CVD_PURL_STRICT = 1u << 0,
};

/**
 * Parse the purl string in (right-to-left, as ECMA-427 "how to parse"), validate it and
 * normalise it for its type. On success *ret holds views into arena memory, valid until the
 * arena is released. Errors: CVD_EPARSE (syntax: diag names the component and the rule),
 * CVD_EMISSING (a required component is missing), CVD_EDUP (a qualifier key twice), CVD_EUTF8,
 * CVD_ELIMIT, CVD_ENOMEM; diag->offset is the byte offset of the offending component.
 */
CVD_MUST_CHECK int cvd_purl_parse(struct cvd_arena *a, struct cvd_str in, unsigned flags,
                                  struct cvd_purl *ret, struct cvd_diag *diag);

/**
 * Build a purl from decoded components (as a program or a JSON document holds them): `in`
 * may have unsorted qualifiers, empty values (dropped), upper-case type and keys, a namespace
 * or subpath with empty segments; in.type and in.name must be present. The result is
 * validated and normalised exactly like a parsed purl, copied into the arena. Same errors as
 * cvd_purl_parse.
 */
CVD_MUST_CHECK int cvd_purl_build(struct cvd_arena *a, const struct cvd_purl *in, unsigned flags,
                                  struct cvd_purl *ret, struct cvd_diag *diag);

/**
 * Append the canonical string of p (as returned by cvd_purl_parse or cvd_purl_build) to out:
 * "pkg:", the type, each component percent-encoded except A-Z a-z 0-9 . - _ ~ and ':',
 * qualifiers sorted, '/' kept only as a separator. 0, CVD_ENOMEM or CVD_ELIMIT.
 */
CVD_MUST_CHECK int cvd_purl_format(const struct cvd_purl *p, struct cvd_buf *out);

/** The value of qualifier key in p, or an absent string (ptr NULL). */
struct cvd_str cvd_purl_qualifier(const struct cvd_purl *p, struct cvd_str key);

/** Is type one of the types registered in purl-spec (types/<type>-definition.json)? */
bool cvd_purl_type_is_known(struct cvd_str type);

#endif
