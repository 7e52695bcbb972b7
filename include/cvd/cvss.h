/* CVSS vectors: strict parsing, scoring and canonical output for CVSS v2.0, v3.0, v3.1 and v4.0.
 *
 * Parsing is zero-copy over (ptr, len): the input needs no NUL and is never modified or kept.
 * Nothing is allocated, so a struct cvd_cvss can live on the stack and millions of vectors can be
 * scored per second and core. Scores are integers in tenths (98 means 9.8).
 *
 * Versions and their input form:
 *   - v4.0: "CVSS:4.0/" then the metrics in the fixed order of spec Table 23 (any other order is
 *     rejected with ORDER). Scored with exact integer arithmetic (no floating point at all).
 *   - v3.1 and v3.0: "CVSS:3.1/" or "CVSS:3.0/" then the metrics in any order (the spec says
 *     readers must accept any order). Scored with the spec's double equations; v3.0 uses its own
 *     round-up (plain ceiling to one decimal) and its own modified-impact equation.
 *   - v2.0: no prefix ("AV:N/AC:L/Au:N/C:P/I:P/A:P"), metrics in the order of the v2 guide, any
 *     temporal or environmental metric optional ("ND" = not defined). Accepted only with the
 *     CVD_CVSS_PARSE_V2 flag, because a v3 vector without its prefix must otherwise be reported
 *     as MISSING_PREFIX. The parenthesised NVD display form "(AV:N/...)" is not accepted.
 *
 * Names and values are case-sensitive everywhere; no whitespace is allowed anywhere.
 *
 * Thread safety: every function is reentrant; the tables are read-only. */
#ifndef CVD_CVSS_H
#define CVD_CVSS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cvd/compiler.h"
#include "cvd/err.h"
#include "cvd/str.h"

enum cvd_cvss_version {
    CVD_CVSS_V2 = 20,
    CVD_CVSS_V30 = 30,
    CVD_CVSS_V31 = 31,
    CVD_CVSS_V40 = 40,
};

/**
 * Why a vector was rejected: the first problem a strict parser meets reading left to right.
 * Names (cvd_cvss_reason_name) are those of the cvd test data: "MISSING_PREFIX", ...
 */
enum cvd_cvss_reason {
    CVD_CVSS_OK = 0,
    CVD_CVSS_MISSING_PREFIX,   /* no "CVSS:" label (or a v2 vector without CVD_CVSS_PARSE_V2) */
    CVD_CVSS_BAD_VERSION,      /* "CVSS:" followed by something other than 3.0, 3.1 or 4.0 */
    CVD_CVSS_MISSING_METRIC,   /* a mandatory (base) metric is absent */
    CVD_CVSS_DUPLICATE_METRIC, /* a metric is given twice, even with the same value */
    CVD_CVSS_UNKNOWN_METRIC,   /* a metric name this version does not have */
    CVD_CVSS_INVALID_VALUE,    /* a value the metric does not allow (empty and "X" for base too) */
    CVD_CVSS_ORDER,            /* v4.0 and v2.0: metrics not in the spec's order */
    CVD_CVSS_MALFORMED,        /* empty component ("//", trailing "/"), no ':' or two ':' */
};

/** Flags of cvd_cvss_parse. */
enum cvd_cvss_parse_flags {
    CVD_CVSS_PARSE_V2 = 1u << 0, /* accept unprefixed CVSS v2.0 vectors */
};

/** Most metrics any version has (v4.0: 11 base, E, 3 requirements, 11 modified, 6 supplemental). */
#define CVD_CVSS_MAX_METRICS 32

/** Longest canonical vector cvd_cvss_format() can write, plus the NUL. */
#define CVD_CVSS_FORMAT_MAX 192

/** "CVSS-B", "CVSS-BT", "CVSS-BE", "CVSS-BTE" (v4.0 only). */
enum cvd_cvss_nomenclature {
    CVD_CVSS_NOM_B = 0,
    CVD_CVSS_NOM_BT = 1,
    CVD_CVSS_NOM_BE = 2,
    CVD_CVSS_NOM_BTE = 3,
};

/**
 * A parsed vector and, after cvd_cvss_score(), its scores. Plain data: copy it freely.
 *
 * metric[i] is the value of metric i of the version's table (spec order; see
 * cvd_cvss_metric_name): an index into that metric's allowed values (cvd_cvss_value_name). For
 * optional metrics index 0 is the "not defined" value ("X", or "ND" in v2), so an absent metric and
 * an explicit X are the same thing (both 0). Entries beyond the version's metric count are 0.
 */
struct cvd_cvss {
    enum cvd_cvss_version version;
    uint8_t nmetrics;                     /* metrics in this version's table */
    uint8_t metric[CVD_CVSS_MAX_METRICS]; /* value index per metric */

    /* Filled by cvd_cvss_score(). Scores in tenths, 0..100. */
    int16_t score;          /* the one score to show (see below) */
    int16_t base;           /* v2/v3: base score; v4.0: equal to score */
    int16_t temporal;       /* v2/v3: temporal score (equals base when no temporal metric) */
    int16_t environmental;  /* v2/v3: environmental score, computed even without env. metrics */
    bool has_temporal;      /* v2/v3: a temporal metric is present and not X/ND; v4.0: E */
    bool has_environmental; /* an environmental metric is present and not X/ND */
    /* v4.0 only: */
    enum cvd_cvss_nomenclature nomenclature;
    char macrovector[7]; /* EQ1..EQ6 digits and a NUL, e.g. "002201"; "" for v2/v3 */
};

/**
 * Parse vec into *ret. Returns 0, or a negative CVD_E* code with diag filled:
 *   MISSING_PREFIX, MALFORMED -> CVD_EPARSE; BAD_VERSION -> CVD_ENOTSUP;
 *   MISSING_METRIC -> CVD_EMISSING; DUPLICATE_METRIC -> CVD_EDUP;
 *   UNKNOWN_METRIC -> CVD_ENOTFOUND; INVALID_VALUE -> CVD_ERANGE; ORDER -> CVD_EORDER.
 * diag->msg always starts with the reason name and ": " ("DUPLICATE_METRIC: metric 'AV' given
 * twice"), so cvd_cvss_diag_reason() recovers the reason; diag->offset is the byte offset of the
 * offending component (of the end of input for MISSING_METRIC). *ret is written only on success;
 * its scores are zero until cvd_cvss_score(). CVD_EINVAL for NULL arguments. No allocation.
 */
CVD_MUST_CHECK int cvd_cvss_parse(struct cvd_str vec, unsigned flags, struct cvd_cvss *ret,
                                  struct cvd_diag *diag);

/**
 * Compute every score of a parsed vector in place (base, temporal, environmental, score; and for
 * v4.0 the macrovector and nomenclature). `score` is, for v2/v3: the environmental score if an
 * environmental metric is present and not X/ND, else the temporal score if a temporal metric is
 * present and not X/ND, else the base score; for v4.0 the single CVSS-B/BT/BE/BTE score.
 * Cannot fail for a struct cvd_cvss_parse() produced.
 */
void cvd_cvss_score(struct cvd_cvss *c);

/** Parse and score in one call. Same returns as cvd_cvss_parse(). */
CVD_MUST_CHECK int cvd_cvss_eval(struct cvd_str vec, unsigned flags, struct cvd_cvss *ret,
                                 struct cvd_diag *diag);

/**
 * Write the canonical vector: prefix, metrics in spec order, "not defined" metrics dropped, and a
 * NUL. Returns the length written (without the NUL), or CVD_ELIMIT if cap is too small (out holds
 * "" then if cap > 0), CVD_EINVAL for a corrupt struct. CVD_CVSS_FORMAT_MAX always suffices.
 */
CVD_MUST_CHECK int cvd_cvss_format(const struct cvd_cvss *c, char *out, size_t cap);

/** "None", "Low", "Medium", "High", "Critical" for a score in tenths (same bands for all). */
const char *cvd_cvss_severity_name(int tenths);

/** "2.0", "3.0", "3.1", "4.0"; "?" for anything else. */
const char *cvd_cvss_version_name(enum cvd_cvss_version v);

/** "CVSS-B", "CVSS-BT", "CVSS-BE", "CVSS-BTE". */
const char *cvd_cvss_nomenclature_name(enum cvd_cvss_nomenclature n);

/** "MISSING_PREFIX", ...; "OK" for CVD_CVSS_OK, "?" out of range. */
const char *cvd_cvss_reason_name(enum cvd_cvss_reason r);

/** The reason of a failed cvd_cvss_parse() whose diag this is; CVD_CVSS_OK if none is recognised.
 */
enum cvd_cvss_reason cvd_cvss_diag_reason(const struct cvd_diag *diag);

/** Name of metric i of a version ("AV"), NULL if out of range. */
const char *cvd_cvss_metric_name(enum cvd_cvss_version v, unsigned i);

/** Name of value j of metric i ("N"), NULL if out of range. */
const char *cvd_cvss_value_name(enum cvd_cvss_version v, unsigned i, unsigned j);

#endif
