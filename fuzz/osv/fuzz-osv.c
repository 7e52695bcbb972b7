/* libFuzzer target for OSV records: parse the record and evaluate queries against it.
 * Input: an optional first line "ECOSYSTEM<TAB>NAME<TAB>VERSION" naming one query, then the
 * record JSON. Besides that query, every affected entry is queried with its own package and
 * with each of its event versions and versions[] items, so the comparisons of every registered
 * scheme run on record data. Checks: no crash; a version byte-equal to a versions[] item of a
 * matching entry is affected; indexes in results are in range; the normalised name matches. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cvd/osv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_result(const struct cvd_osv_record *r, const struct cvd_osv_result *res)
{
    if (res->verdict == CVD_OSV_AFFECTED) {
        if (res->affected_index >= r->n_affected)
            abort();
        const struct cvd_osv_affected *e = &r->affected[res->affected_index];
        if (res->basis == CVD_OSV_BASIS_VERSIONS && res->version_index >= e->n_versions)
            abort();
        if (res->basis == CVD_OSV_BASIS_EVENT &&
            (res->range_index >= e->n_ranges ||
             res->event_index >= e->ranges[res->range_index].n_events ||
             e->ranges[res->range_index].events[res->event_index].kind != CVD_OSV_EVENT_INTRODUCED))
            abort();
    }
    if (res->verdict == CVD_OSV_UNKNOWN && res->why.code == 0)
        abort();
    if (res->verdict != CVD_OSV_UNKNOWN && res->why.code != 0)
        abort();
}

static void query(const struct cvd_osv_record *r, struct cvd_str eco, struct cvd_str name,
                  struct cvd_str version, bool listed)
{
    struct cvd_osv_query q = {eco, name, version};
    struct cvd_osv_result res;
    for (unsigned flags = 0; flags < 2; flags++) {
        struct cvd_osv_eval_opts o = {flags, NULL};
        if (cvd_osv_evaluate(r, &q, &o, &res) != 0)
            abort();
        check_result(r, &res);
        if (listed && r->withdrawn.ptr == NULL && res.verdict != CVD_OSV_AFFECTED)
            abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *in = (const char *)data;
    const char *nl = memchr(in, '\n', size);
    struct cvd_str fields[3] = {{NULL, 0}, {NULL, 0}, {NULL, 0}};
    bool have_query = false;
    if (nl != NULL && size > 0 && in[0] != '{') {
        const char *p = in;
        size_t k = 0;
        while (k < 3) {
            const char *tab = memchr(p, '\t', (size_t)(nl - p));
            const char *end = (tab && k < 2) ? tab : nl;
            fields[k++] = (struct cvd_str){p, (size_t)(end - p)};
            if (end == nl)
                break;
            p = end + 1;
        }
        have_query = k == 3;
        size -= (size_t)(nl + 1 - in);
        in = nl + 1;
    }
    struct cvd_arena a;
    struct cvd_diag d;
    const struct cvd_osv_record *r;
    struct cvd_limits lim = cvd_limits_default;
    lim.input_bytes = 1 << 20;
    lim.total_nodes = 1 << 16;
    cvd_arena_init(&a, (size_t)64 << 20);
    if (cvd_osv_parse(&a, in, size, &lim, &r, &d) != 0)
        goto out;
    if (have_query)
        query(r, fields[0], fields[1], fields[2], false);
    /* bounded work per input: at most 64 derived queries */
    size_t budget = 64;
    for (size_t i = 0; i < r->n_affected && budget > 0; i++) {
        const struct cvd_osv_affected *e = &r->affected[i];
        if (!e->has_package)
            continue;
        struct cvd_buf b;
        cvd_buf_init(&b, 0);
        if (cvd_osv_name_normalize(e->ecosystem, e->name, &b) == 0 &&
            !cvd_osv_package_matches(e->ecosystem, e->name, e->ecosystem, cvd_buf_str(&b), 0))
            abort();
        cvd_buf_release(&b);
        for (size_t k = 0; k < e->n_versions && budget > 0; k++, budget--)
            query(r, e->ecosystem, e->name, e->versions[k], true);
        for (size_t k = 0; k < e->n_ranges && budget > 0; k++) {
            for (size_t j = 0; j < e->ranges[k].n_events && budget > 0; j++, budget--)
                query(r, e->ecosystem, e->name, e->ranges[k].events[j].version, false);
        }
    }
out:
    cvd_arena_release(&a);
    return 0;
}
