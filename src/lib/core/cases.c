/* Cases: reading them with their reports and vulnerabilities, the coordinator's case actions
 * (EV35), and the vulnerabilities with their scores (EV11): the CVSS score is computed here
 * from the vector with the cvss module, never taken from the sender. */
#include "hub-int.h"

#include <stdio.h>
#include <string.h>

#include "cvd/cvss.h"

static int find_case(struct cvd_store_tx *tx, struct cvd_str case_id, struct cvd_arena *a,
                     struct cvd_case *ret, struct cvd_diag *diag)
{
    int rc = cvd_store_case_get_by_case_id(tx, case_id, a, ret);
    if (rc == CVD_ENOTFOUND)
        return cvd_diag_set(diag, rc, "no case '%.*s'", (int)(case_id.len > 40 ? 40 : case_id.len),
                            case_id.ptr);
    return rc;
}

static int fill_case(struct cvd_store_tx *tx, struct cvd_arena *a, struct cvd_case_view *v)
{
    struct cvd_store_report_filter f = {.case_id = v->c.id,
                                        .order = CVD_STORE_ORDER_RECEIVED_ASC,
                                        .summary = true,
                                        .limit = CVD_STORE_LIST_MAX};
    struct cvd_report *rs = NULL;
    size_t n = 0;
    int rc = cvd_store_report_list(tx, &f, a, &rs, &n);
    if (rc == 0 && n > 0) {
        v->report_ids = cvd_arena_alloc_array(a, n, sizeof(*v->report_ids));
        if (v->report_ids == NULL)
            return CVD_ENOMEM;
        for (size_t i = 0; i < n; i++)
            v->report_ids[i] = rs[i].tracking_id;
    }
    v->n_reports = n;
    if (rc == 0)
        rc = cvd_store_vuln_list(tx, v->c.id, a, &v->vulns, &v->n_vulns);
    return rc;
}

int cvd_hub_case_get(struct cvd_hub *h, const struct cvd_principal *p, struct cvd_str case_id,
                     struct cvd_arena *a, struct cvd_case_view *ret, struct cvd_diag *diag)
{
    int rc = cvd__hub_need_handler(p, diag);
    if (rc)
        return rc;
    struct cvd_store_tx *tx;
    if ((rc = cvd_store_read_begin(h->store, &tx, diag)))
        return rc;
    memset(ret, 0, sizeof(*ret));
    rc = find_case(tx, case_id, a, &ret->c, diag);
    if (rc == 0)
        rc = fill_case(tx, a, ret);
    cvd_store_read_end(tx);
    return rc;
}

int cvd_hub_case_list(struct cvd_hub *h, const struct cvd_principal *p, struct cvd_arena *a,
                      struct cvd_case **ret, size_t *ret_n, struct cvd_diag *diag)
{
    int rc = cvd__hub_need_handler(p, diag);
    if (rc)
        return rc;
    struct cvd_store_tx *tx;
    if ((rc = cvd_store_read_begin(h->store, &tx, diag)))
        return rc;
    struct cvd_store_case_filter f = {.limit = CVD_STORE_LIST_MAX};
    rc = cvd_store_case_list(tx, &f, a, ret, ret_n);
    cvd_store_read_end(tx);
    return rc;
}

struct case_act_args {
    const struct cvd_principal *p;
    struct cvd_str case_id;
    enum cvd_case_action act;
    struct cvd_arena *a;
};

static int case_act_write(struct cvd_store_tx *tx, void *arg)
{
    struct case_act_args *x = arg;
    struct cvd_diag *d = cvd_store_tx_diag(tx);
    struct cvd_case c;
    int rc = find_case(tx, x->case_id, x->a, &c, d);
    if (rc)
        return rc;
    enum cvd_case_state before = c.state;
    if ((rc = cvd_case_apply(&c, x->act, cvd_store_tx_now(tx), d)) ||
        (rc = cvd_store_case_update(tx, &c)))
        return rc;
    return cvd__hub_event(tx, x->p, cvd_case_action_event(x->act), "case", c.id,
                          cvd_case_state_name(before), cvd_case_state_name(c.state), CVD_STR(""));
}

int cvd_hub_case_act(struct cvd_hub *h, const struct cvd_principal *p, struct cvd_str case_id,
                     enum cvd_case_action act, struct cvd_arena *a, struct cvd_case_view *ret,
                     struct cvd_diag *diag)
{
    int rc = cvd__hub_need_handler(p, diag);
    if (rc)
        return rc;
    struct case_act_args x = {p, case_id, act, a};
    if ((rc = cvd_store_write(h->store, case_act_write, &x, diag)))
        return rc;
    return ret ? cvd_hub_case_get(h, p, case_id, a, ret, diag) : 0;
}

struct vuln_args {
    const struct cvd_principal *p;
    struct cvd_str case_id;
    struct cvd_vuln v;
    struct cvd_arena *a;
    const char *field;
    int64_t id;
};

static int vuln_write(struct cvd_store_tx *tx, void *arg)
{
    struct vuln_args *x = arg;
    struct cvd_diag *d = cvd_store_tx_diag(tx);
    struct cvd_case c;
    int rc = find_case(tx, x->case_id, x->a, &c, d);
    if (rc)
        return rc;
    if (c.state == CVD_CASE_CLOSED)
        return cvd_diag_set(d, CVD_ESTATE, "the case is closed; reopen it first");
    x->v.case_id = c.id;
    if (x->v.id == 0) {
        rc = cvd_store_vuln_add(tx, &x->v, &x->id);
        if (rc == CVD_EDUP) {
            x->field = "cve_id";
            return cvd_diag_set(d, rc, "cve_id: the case already has this CVE");
        }
    } else {
        struct cvd_vuln old;
        rc = cvd_store_vuln_get(tx, x->v.id, x->a, &old);
        if (rc == 0 && old.case_id != c.id)
            rc = CVD_ENOTFOUND;
        if (rc == CVD_ENOTFOUND)
            return cvd_diag_set(d, rc, "no such vulnerability in this case");
        if (rc == 0)
            rc = cvd_store_vuln_update(tx, &x->v);
        x->id = x->v.id;
    }
    if (rc)
        return rc;
    char data[160];
    snprintf(data, sizeof(data), "{\"case\":%lld,\"cvss_score\":%d}", (long long)c.id,
             x->v.cvss_score);
    return cvd__hub_event(tx, x->p, "case.priority_set", "vulnerability", x->id, NULL, NULL,
                          cvd_str_from_cstr(data));
}

/* CVE ids: "CVE-YYYY-NNNN" with four or more digits. */
static bool cve_id_ok(struct cvd_str s)
{
    if (s.len < 13 || s.len > 24 || memcmp(s.ptr, "CVE-", 4) != 0 || s.ptr[8] != '-')
        return false;
    for (size_t i = 4; i < s.len; i++) {
        if (i != 8 && !cvd_ascii_is_digit((unsigned char)s.ptr[i]))
            return false;
    }
    return true;
}

int cvd_hub_vuln_put(struct cvd_hub *h, const struct cvd_principal *p, struct cvd_str case_id,
                     const struct cvd_vuln *vuln, int64_t *ret_id, const char **ret_field,
                     struct cvd_diag *diag)
{
    int rc = cvd__hub_need_handler(p, diag);
    if (rc)
        return rc;
    struct vuln_args x = {.p = p, .case_id = case_id, .v = *vuln};
    const char *field = "title";
    if ((rc = cvd_text_check(x.v.title, 200, CVD_TEXT_REQUIRED, "title", diag)))
        goto bad;
    field = "cve_id";
    if (x.v.cve_id.len && !cve_id_ok(x.v.cve_id)) {
        rc = cvd_diag_set(diag, CVD_EINVAL, "cve_id: not a CVE id (CVE-YYYY-NNNN)");
        goto bad;
    }
    field = "ssvc";
    if ((rc = cvd_text_check(x.v.ssvc, 500, 0, "ssvc", diag)))
        goto bad;
    field = "cvss_vector";
    x.v.cvss_score = -1;
    if (x.v.cvss_vector.len) {
        struct cvd_cvss cv;
        struct cvd_diag cd = {0};
        if ((rc = cvd_cvss_eval(x.v.cvss_vector, 0, &cv, &cd))) {
            rc = cvd_diag_set(diag, rc == CVD_ENOMEM ? rc : CVD_EINVAL, "cvss_vector: %s", cd.msg);
            goto bad;
        }
        x.v.cvss_score = cv.score;
    }
    struct cvd_arena arena;
    cvd_arena_init(&arena, 1u << 20);
    x.a = &arena;
    rc = cvd_store_write(h->store, vuln_write, &x, diag);
    cvd_arena_release(&arena);
    if (rc) {
        field = x.field;
        goto bad;
    }
    if (ret_id)
        *ret_id = x.id;
    return 0;
bad:
    if (ret_field)
        *ret_field = field;
    return rc;
}
