/* OSV records (https://ossf.github.io/osv-schema/): a typed model read from JSON, and the
 * schema's "is this version affected" evaluation.
 *
 * Reading: cvd_osv_parse() reads one record with the strict JSON reader into an arena and
 * checks the parts of the schema that matching depends on (types, required fields, range types,
 * one key per event, at least one "introduced" per range, no range with both "fixed" and
 * "last_affected", "repo" on GIT ranges). Errors name the JSON pointer of the offending value
 * ("/affected/0/ranges/1/type: unknown range type 'FOO'"). Fields the evaluation does not use
 * (details, references, *_specific, ...) are accepted and skipped.
 *
 * Evaluation: cvd_osv_evaluate() answers for one (ecosystem, name, version) query with one of
 * three verdicts: affected, not affected, or unknown with a reason (no version scheme for the
 * ecosystem yet, a version the scheme cannot read). An answer is never "not affected" because
 * something could not be evaluated. Versions are ordered by the scheme the ecosystem maps to
 * (include/cvd/version.h; the table is documented in docs/internals/osv.md).
 *
 * Everything here is reentrant: records live in the caller's arena, results in caller storage,
 * and the only shared state is the constant scheme registry. */
#ifndef CVD_OSV_H
#define CVD_OSV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cvd/arena.h"
#include "cvd/compiler.h"
#include "cvd/err.h"
#include "cvd/json.h"
#include "cvd/limits.h"
#include "cvd/str.h"
#include "cvd/version.h"

enum cvd_osv_range_type {
    CVD_OSV_RANGE_SEMVER,
    CVD_OSV_RANGE_ECOSYSTEM,
    CVD_OSV_RANGE_GIT,
};

enum cvd_osv_event_kind {
    CVD_OSV_EVENT_INTRODUCED,
    CVD_OSV_EVENT_FIXED,
    CVD_OSV_EVENT_LAST_AFFECTED,
    CVD_OSV_EVENT_LIMIT,
};

/** One event of a range: its kind and version text, as written. */
struct cvd_osv_event {
    enum cvd_osv_event_kind kind;
    struct cvd_str version;
};

struct cvd_osv_range {
    enum cvd_osv_range_type type;
    struct cvd_str repo;                /* GIT: the repository URL; {NULL, 0} when absent */
    const struct cvd_osv_event *events; /* document order (never empty) */
    size_t n_events;
};

struct cvd_osv_severity {
    struct cvd_str type;  /* "CVSS_V3", "CVSS_V4", "Ubuntu", ... */
    struct cvd_str score; /* a vector or a word, as written */
};

struct cvd_osv_affected {
    bool has_package; /* false: no "package" object (GIT-only records); never matches a query */
    struct cvd_str ecosystem; /* "PyPI", "Debian:12", ... */
    struct cvd_str name;
    struct cvd_str purl; /* {NULL, 0} when absent */
    const struct cvd_osv_range *ranges;
    size_t n_ranges;
    const struct cvd_str *versions;
    size_t n_versions;
    const struct cvd_osv_severity *severity;
    size_t n_severity;
};

/** One OSV record. Every view points into the arena it was parsed into. */
struct cvd_osv_record {
    struct cvd_str schema_version; /* {NULL, 0} when absent */
    struct cvd_str id;
    struct cvd_str modified;  /* RFC 3339, checked */
    struct cvd_str published; /* {NULL, 0} when absent */
    struct cvd_str withdrawn; /* {NULL, 0} when absent; present = the record is retracted */
    struct cvd_str summary;   /* {NULL, 0} when absent */
    const struct cvd_str *aliases;
    size_t n_aliases;
    const struct cvd_osv_severity *severity;
    size_t n_severity;
    const struct cvd_osv_affected *affected;
    size_t n_affected;
};

/**
 * Parse and check one OSV record in[0..len) into arena a (lim NULL = cvd_limits_default).
 * On success *ret_record points into the arena. Errors: the JSON reader's (CVD_EPARSE,
 * CVD_EUTF8, CVD_EDUP, CVD_ELIMIT, CVD_ENOMEM, diag with offset/line/column), or for schema
 * violations CVD_ETYPE (wrong JSON type), CVD_EMISSING (required member absent) or CVD_EPARSE
 * (bad value), with diag->msg starting with the JSON pointer and diag->offset/line/column at
 * the offending value.
 */
CVD_MUST_CHECK int cvd_osv_parse(struct cvd_arena *a, const char *in, size_t len,
                                 const struct cvd_limits *lim,
                                 const struct cvd_osv_record **ret_record, struct cvd_diag *diag);

/**
 * The same checks on an already parsed JSON value (e.g. one item of a JSON array of records).
 * The record is allocated in a and keeps pointing into root's arena. diag->line/column are 0
 * (only the offset is known).
 */
CVD_MUST_CHECK int cvd_osv_from_json(struct cvd_arena *a, const struct cvd_json *root,
                                     const struct cvd_osv_record **ret_record,
                                     struct cvd_diag *diag);

/* ---- package identity ---- */

/**
 * The version scheme name (a cvd_version_scheme_find() key) that orders versions of ecosystem
 * (the part before the first ':' selects it; matched case-insensitively), or NULL when cvd has
 * no mapping for that ecosystem. semver_range true: the scheme used for SEMVER ranges of that
 * ecosystem, which is the ecosystem's own scheme for SemVer dialects (npm, Go, crates.io,
 * Bitnami, Hex, Pub) and plain "semver" otherwise. Static storage.
 */
const char *cvd_osv_ecosystem_scheme(struct cvd_str ecosystem, bool semver_range);

enum cvd_osv_match_flags {
    /*
     * A query ecosystem without a ":suffix" ("Debian") also matches records for any release
     * ("Debian:12", "Debian:11"). Default: a bare query matches only bare records.
     */
    CVD_OSV_ANY_RELEASE = 1u << 0,
};

/**
 * Does a record's package (rec_eco, rec_name) name the queried one? Ecosystem: the part before
 * the first ':' is compared case-insensitively for known ecosystems (exactly otherwise); a
 * record without suffix matches every release of its ecosystem; a record with a suffix needs
 * the same suffix byte for byte (or a bare query with CVD_OSV_ANY_RELEASE). Name: compared
 * after the ecosystem's normalisation (PyPI PEP 503; NuGet and Packagist case-insensitive;
 * every other ecosystem exactly).
 */
bool cvd_osv_package_matches(struct cvd_str rec_eco, struct cvd_str rec_name,
                             struct cvd_str query_eco, struct cvd_str query_name, unsigned flags);

/**
 * Append the normalised form of name under ecosystem to out (for index keys: two names match
 * exactly when their normalised forms are equal). 0, CVD_ENOMEM or CVD_ELIMIT.
 */
CVD_MUST_CHECK int cvd_osv_name_normalize(struct cvd_str ecosystem, struct cvd_str name,
                                          struct cvd_buf *out);

/* ---- evaluation ---- */

enum cvd_osv_verdict {
    CVD_OSV_NOT_AFFECTED,
    CVD_OSV_AFFECTED,
    CVD_OSV_UNKNOWN, /* could not be evaluated; result.why says why */
};

/** What decided the verdict; see struct cvd_osv_result for the indexes each one sets. */
enum cvd_osv_basis {
    CVD_OSV_BASIS_WITHDRAWN,   /* the record is withdrawn: never affects */
    CVD_OSV_BASIS_NO_PACKAGE,  /* no affected[] entry names the package */
    CVD_OSV_BASIS_VERSIONS,    /* the version equals versions[version_index] */
    CVD_OSV_BASIS_EVENT,       /* the last event at or below the version in the timeline */
    CVD_OSV_BASIS_LIMIT,       /* the version is not below any limit of the range */
    CVD_OSV_BASIS_NOT_LISTED,  /* entries matched, but no range or versions[] holds it */
    CVD_OSV_BASIS_NO_SCHEME,   /* unknown: no version scheme for the ecosystem */
    CVD_OSV_BASIS_BAD_VERSION, /* unknown: a version the scheme could not compare */
};

#define CVD_OSV_NONE SIZE_MAX

/**
 * The answer for one query. Indexes are CVD_OSV_NONE when they do not apply:
 * - AFFECTED: affected_index and either version_index (BASIS_VERSIONS) or range_index plus
 *   event_index of the "introduced" event that opened the interval (BASIS_EVENT).
 * - NOT_AFFECTED: BASIS_WITHDRAWN, BASIS_NO_PACKAGE, or the first matching entry's first range
 *   that closed at or below the version: BASIS_EVENT (its "fixed"/"last_affected" event) or
 *   BASIS_LIMIT (range_index); else BASIS_NOT_LISTED with the first matching affected_index.
 * - UNKNOWN: the first place that could not be evaluated (affected_index, range_index and
 *   event_index or version_index as far as known); why.code is CVD_ENOTFOUND (no scheme) or
 *   CVD_EPARSE (bad version) and why.msg the reason.
 * An affected verdict anywhere wins over unknown elsewhere; unknown wins over not affected.
 */
struct cvd_osv_result {
    enum cvd_osv_verdict verdict;
    enum cvd_osv_basis basis;
    size_t affected_index;
    size_t range_index;
    size_t event_index;
    size_t version_index;
    size_t entries_matched;    /* affected[] entries whose package matched */
    size_t git_ranges_skipped; /* GIT ranges of matching entries (evaluated via versions[] only) */
    struct cvd_diag why;       /* UNKNOWN only: code and message; zeroed otherwise */
};

struct cvd_osv_query {
    struct cvd_str ecosystem; /* "PyPI", "Debian:12", ... */
    struct cvd_str name;
    struct cvd_str version;
};

/** Scheme lookup hook: name is a cvd_osv_ecosystem_scheme() result. */
typedef const struct cvd_version_scheme *(*cvd_osv_scheme_fn)(struct cvd_str name);

struct cvd_osv_eval_opts {
    unsigned flags;                /* enum cvd_osv_match_flags */
    cvd_osv_scheme_fn find_scheme; /* NULL: cvd_version_scheme_find */
};

/**
 * Evaluate record r for query q as the OSV schema specifies (docs/internals/osv.md):
 * withdrawn records never affect; for every affected[] entry naming the package, the version is
 * affected when it equals an entry of versions[] under the ecosystem's equality (byte-equal
 * strings always count) or lies in a SEMVER/ECOSYSTEM range (events ordered by the scheme,
 * "introduced": "0" before everything, "limit" bounding the range); GIT ranges are skipped.
 * opts NULL = defaults. Returns 0 with *ret filled (any verdict), or CVD_EINVAL for NULL
 * arguments. Does not allocate.
 */
CVD_MUST_CHECK int cvd_osv_evaluate(const struct cvd_osv_record *r, const struct cvd_osv_query *q,
                                    const struct cvd_osv_eval_opts *opts,
                                    struct cvd_osv_result *ret);

/** "affected", "not affected", "unknown". */
const char *cvd_osv_verdict_name(enum cvd_osv_verdict v);
/** "withdrawn", "no-package", "versions", "event", "limit", "not-listed", "no-scheme",
 * "bad-version". */
const char *cvd_osv_basis_name(enum cvd_osv_basis b);
/** "introduced", "fixed", "last_affected", "limit". */
const char *cvd_osv_event_kind_name(enum cvd_osv_event_kind k);
/** "SEMVER", "ECOSYSTEM", "GIT". */
const char *cvd_osv_range_type_name(enum cvd_osv_range_type t);

#endif
