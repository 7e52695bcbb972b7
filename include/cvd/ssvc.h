/* SSVC (Stakeholder-Specific Vulnerability Categorization) decision tables and their evaluation.
 *
 * The tables are compiled-in, read-only data generated from the CERTCC/SSVC registry (see
 * docs/internals/ssvc.md). A decision point is identified by "namespace:key:version"
 * ("ssvc:E:1.1.0"); its values are ordered lowest to highest. A table maps every combination of
 * its inputs' values to one value of its outcome decision point.
 *
 * Evaluation works on a selection: a set of possible values per decision point (one value is
 * a plain answer, several are partial knowledge). Inputs that a small "derived" table computes
 * (Utility, Human Impact, Public Safety Impact, Mission and Well-Being Impact) may be given
 * directly or through their own inputs. The result is the set of possible outcomes; since all
 * tables are monotonic it is also a range lowest..highest.
 *
 * Everything here is reentrant and thread-safe: the tables are constant, and selections and
 * results live in caller storage. */
#ifndef CVD_SSVC_H
#define CVD_SSVC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cvd/compiler.h"
#include "cvd/err.h"
#include "cvd/str.h"

/** One value of a decision point. */
struct cvd_ssvc_value {
    const char *key;  /* registry key: "N", "VH", "T*", "3DF" */
    const char *name; /* "None", "Very High" */
};

/** A decision point in one version. */
struct cvd_ssvc_point {
    const char *id;                      /* "ssvc:E:1.1.0" */
    const char *ns;                      /* "ssvc" */
    const char *key;                     /* "E" */
    const char *version;                 /* "1.1.0" */
    const char *name;                    /* "Exploitation" */
    size_t n_values;                     /* at most 32 */
    const struct cvd_ssvc_value *values; /* lowest to highest */
};

/** A decision table. */
struct cvd_ssvc_table {
    const char *id;   /* "ssvc:DT_SP:1.0.0" */
    const char *name; /* "Supplier Patch Development Priority" */
    bool derived;     /* its outcome is an input of another table (Utility, ...) */
    size_t n_inputs;
    const struct cvd_ssvc_point *const *inputs; /* column order */
    const struct cvd_ssvc_point *outcome;
    size_t n_cells;       /* product of the inputs' value counts */
    const uint8_t *cells; /* outcome value index, by mixed-radix index of the input values */
};

/** Most decision points a table can involve, its derived tables' inputs included. */
#define CVD_SSVC_MAX_POINTS 32u

/** Number of compiled-in tables, and table i (NULL when out of range). Static storage. */
size_t cvd_ssvc_table_count(void);
const struct cvd_ssvc_table *cvd_ssvc_table_at(size_t i);

/**
 * Find a table by id ("ssvc:DT_SP:1.0.0"), by id without version when only one version exists
 * ("ssvc:DT_SP"), or by alias (case-insensitive): supplier, deployer, coordinator-triage,
 * coordinator-publish, cisa, bod2604, and for the derived tables utility, human-impact,
 * public-safety-impact, mwi. NULL when there is no such table.
 */
const struct cvd_ssvc_table *cvd_ssvc_table_find(struct cvd_str name);

/** The alias of a table ("supplier"), NULL if it has none. Static storage. */
const char *cvd_ssvc_table_alias(const struct cvd_ssvc_table *t);

/** The table that derives point p (whose outcome is p), NULL if none. */
const struct cvd_ssvc_table *cvd_ssvc_deriving_table(const struct cvd_ssvc_point *p);

/** A decision point of the registry by exact id ("ssvc:EXP:1.0.0"), NULL if unknown. */
const struct cvd_ssvc_point *cvd_ssvc_point_find(struct cvd_str id);

/** Index of the value spelt s in p: its key (exact, then case-insensitive) or its name
 * (case-insensitive). -1 when none. */
int cvd_ssvc_value_find(const struct cvd_ssvc_point *p, struct cvd_str s);

/** What is known about the decision points of one table: a value mask per point. */
struct cvd_ssvc_selection {
    const struct cvd_ssvc_table *table;
    size_t n;
    struct {
        const struct cvd_ssvc_point *point;
        uint32_t mask; /* bit i: value i is possible */
    } items[CVD_SSVC_MAX_POINTS];
};

/** Empty selection for table t. */
void cvd_ssvc_selection_init(struct cvd_ssvc_selection *sel, const struct cvd_ssvc_table *t);

/**
 * Add one possible value for one decision point. point may be the full id ("ssvc:U:1.0.1"),
 * "namespace:key", the key ("U") or the name ("Utility", case-insensitive), and must designate
 * exactly one input of the table or of one of the tables deriving its inputs. value is a key or
 * a name (see cvd_ssvc_value_find). Adding a second value for the same point records partial
 * knowledge. Errors, each with a message naming the point, value and table in diag:
 * CVD_ENOTFOUND (unknown point, or unknown value; the message says when the value belongs to
 * another version of the point), CVD_EINVAL (ambiguous point, or a point given in another
 * version than the table uses), CVD_ELIMIT (too many points).
 */
CVD_MUST_CHECK int cvd_ssvc_selection_add(struct cvd_ssvc_selection *sel, struct cvd_str point,
                                          struct cvd_str value, struct cvd_diag *diag);

/**
 * Add the values of a legacy vector string in registry-key form:
 * "SSVCv2/KEY:VALUES/.../[TIMESTAMP/]", where KEY is a decision point key of the table (or of its
 * deriving tables) and VALUES one registry value key, or several written one after the other
 * ("LE") when that run splits into keys in exactly one way. TIMESTAMP is RFC 3339 or a date
 * (YYYY-MM-DD...) or epoch seconds; it is checked for shape only and returned in *ret_timestamp
 * (a view into s; {NULL,0} when absent) if ret_timestamp is not NULL. The string must end with
 * '/'. Errors: CVD_EPARSE (syntax, diag->offset set), and those of cvd_ssvc_selection_add.
 */
CVD_MUST_CHECK int cvd_ssvc_vector_parse(struct cvd_ssvc_selection *sel, const char *s, size_t len,
                                         struct cvd_str *ret_timestamp, struct cvd_diag *diag);

/**
 * Append the selection as a registry-key vector string ("SSVCv2/A:Y/E:A/.../"): pairs sorted by
 * key, values of one point in order, no timestamp. CVD_ENOMEM / CVD_ELIMIT from the buffer.
 */
CVD_MUST_CHECK int cvd_ssvc_vector_format(const struct cvd_ssvc_selection *sel,
                                          struct cvd_buf *out);

struct cvd_json;

/**
 * Add the values of a CISA Vulnrichment SSVC metric. v may be a whole CVE JSON 5 record (the
 * first `containers.adp[].metrics[].other` with `type` "ssvc" is used), that metric's
 * `content` object, or its `options` array: one-key objects such as {"Exploitation": "poc"},
 * each key a decision point name and each value a value name; the Vulnrichment spelling "poc"
 * stands for Public PoC. The content's `timestamp` is returned in *ret_timestamp (a view into
 * the tree; {NULL,0} when absent) if ret_timestamp is not NULL. Mission and Well-Being Impact
 * is not published by CISA: the caller adds it. An option naming a registry decision point that
 * the table does not use is skipped (so the same record serves the BOD 26-04 table). Errors:
 * CVD_ENOTFOUND (no SSVC metric), CVD_ETYPE (wrong shape, message names the JSON path), and those
 * of cvd_ssvc_selection_add. sel changes only on success.
 */
CVD_MUST_CHECK int cvd_ssvc_vulnrichment_add(struct cvd_ssvc_selection *sel,
                                             const struct cvd_json *v,
                                             struct cvd_str *ret_timestamp, struct cvd_diag *diag);

/** One decision point as used by an evaluation. */
struct cvd_ssvc_used {
    const struct cvd_ssvc_point *point;
    uint32_t mask;                    /* possible values */
    const struct cvd_ssvc_table *via; /* derived by this table, NULL if given directly */
    unsigned depth;                   /* 0: input of the table; 1: input of a deriving table */
};

/** The result of an evaluation. */
struct cvd_ssvc_result {
    const struct cvd_ssvc_table *table;
    uint32_t outcomes; /* bit i: outcome value i is possible */
    unsigned lowest;   /* index of the lowest possible outcome value */
    unsigned highest;  /* index of the highest; equal to lowest when the answer is exact */
    size_t n_used;
    struct cvd_ssvc_used used[CVD_SSVC_MAX_POINTS]; /* table inputs in order, each followed by
                                                       the inputs it was derived from */
};

/**
 * Evaluate the table of sel. An input missing from sel is derived from its deriving table's
 * inputs when that table exists. Errors: CVD_EMISSING (an input is missing, message names it
 * and, for a derivable one, what it could be derived from), CVD_EINVAL (bad arguments).
 * *ret is written only on success.
 */
CVD_MUST_CHECK int cvd_ssvc_eval(const struct cvd_ssvc_selection *sel, struct cvd_ssvc_result *ret,
                                 struct cvd_diag *diag);

#endif
