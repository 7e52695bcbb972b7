/* ssvc: every upstream row (cases.tsv), generated tables against trees.json, aliases, value
 * spellings, derived inputs, partial knowledge, errors, and the registry-key vector string. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "cvd/arena.h"
#include "cvd/err.h"
#include "cvd/json.h"
#include "cvd/ssvc.h"
#include "cvd/str.h"

static const struct cvd_ssvc_table *table(const char *name)
{
    const struct cvd_ssvc_table *t = cvd_ssvc_table_find(cvd_str_from_cstr(name));
    if (t == NULL)
        fail_msg("no table '%s'", name);
    return t;
}

/* Evaluate "P=V P=V,V ..." (space-separated) on table name; returns the rc, diag filled. */
static int eval_str(const char *name, const char *pairs, struct cvd_ssvc_result *res,
                    struct cvd_diag *diag)
{
    struct cvd_ssvc_selection sel;
    cvd_ssvc_selection_init(&sel, table(name));
    char buf[1024];
    size_t n = strlen(pairs);
    assert_true(n < sizeof(buf));
    memcpy(buf, pairs, n + 1);
    char *p = buf;
    while (*p != '\0') {
        char *end = strchr(p, ' ');
        if (end != NULL)
            *end = '\0';
        char *eq = strchr(p, '=');
        assert_non_null(eq);
        struct cvd_str point = {p, (size_t)(eq - p)};
        char *v = eq + 1;
        for (;;) {
            char *comma = strchr(v, ',');
            struct cvd_str value = {v, comma ? (size_t)(comma - v) : strlen(v)};
            int rc = cvd_ssvc_selection_add(&sel, point, value, diag);
            if (rc)
                return rc;
            if (comma == NULL)
                break;
            v = comma + 1;
        }
        if (end == NULL)
            break;
        p = end + 1;
    }
    return cvd_ssvc_eval(&sel, res, diag);
}

/* The outcome key of an exact evaluation, or "lo..hi" for a range, or "ERR:message". */
static const char *eval_key(const char *name, const char *pairs)
{
    static char out[300];
    struct cvd_ssvc_result res;
    struct cvd_diag diag = {0};
    int rc = eval_str(name, pairs, &res, &diag);
    if (rc) {
        snprintf(out, sizeof(out), "ERR:%s", diag.msg);
        return out;
    }
    const struct cvd_ssvc_point *o = res.table->outcome;
    if (res.lowest == res.highest)
        snprintf(out, sizeof(out), "%s", o->values[res.lowest].key);
    else
        snprintf(out, sizeof(out), "%s..%s", o->values[res.lowest].key, o->values[res.highest].key);
    return out;
}

static char *data_path(const char *rel)
{
    const char *dir = getenv("CVD_TEST_DATA");
    if (dir == NULL)
        return NULL;
    static char path[4096];
    snprintf(path, sizeof(path), "%s/%s", dir, rel);
    return path;
}

/* Every row of cases.tsv, evaluated through the public API with full ids and value keys. */
static void test_cases_tsv(void **state)
{
    (void)state;
    char *path = data_path("ssvc/cases.tsv");
    if (path == NULL)
        skip();
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    char line[2048];
    int n = 0;
    int failed = 0;
    while (fgets(line, sizeof(line), f) != NULL) {
        if (line[0] == '#' || line[0] == '\n')
            continue;
        line[strcspn(line, "\r\n")] = '\0';
        char *tab1 = strchr(line, '\t');
        assert_non_null(tab1);
        *tab1 = '\0';
        char *tab2 = strchr(tab1 + 1, '\t');
        assert_non_null(tab2);
        *tab2 = '\0';
        const char *expected = strrchr(tab2 + 1, '=');
        assert_non_null(expected);
        expected++;
        const char *got = eval_key(line, tab1 + 1);
        if (strcmp(got, expected) != 0) {
            print_error("%s %s: got %s, want %s\n", line, tab1 + 1, got, expected);
            failed++;
        }
        /* the outcome decision point id matches too */
        const struct cvd_ssvc_table *t = table(line);
        assert_int_equal(strncmp(tab2 + 1, t->outcome->id, strlen(t->outcome->id)), 0);
        n++;
    }
    fclose(f);
    assert_int_equal(failed, 0);
    assert_int_equal(n, 412);
}

/* The generated C tables say what trees.json says: ids, names, values in order, every row. */
static void test_tables_match_trees_json(void **state)
{
    (void)state;
    char *path = data_path("ssvc/trees.json");
    if (path == NULL)
        skip();
    json_error_t jerr;
    json_t *doc = json_load_file(path, 0, &jerr);
    if (doc == NULL)
        fail_msg("%s: %s", path, jerr.text);
    json_t *trees = json_object_get(doc, "trees");
    assert_int_equal(json_array_size(trees), cvd_ssvc_table_count());
    size_t rows_checked = 0;
    for (size_t ti = 0; ti < json_array_size(trees); ti++) {
        json_t *tree = json_array_get(trees, ti);
        const char *id = json_string_value(json_object_get(tree, "id"));
        const struct cvd_ssvc_table *t = cvd_ssvc_table_find(cvd_str_from_cstr(id));
        assert_non_null(t);
        assert_ptr_equal(t, cvd_ssvc_table_at(ti));
        assert_string_equal(t->name, json_string_value(json_object_get(tree, "name")));
        json_t *inputs = json_object_get(tree, "inputs");
        assert_int_equal(json_array_size(inputs), t->n_inputs);
        size_t cells = 1;
        for (size_t i = 0; i <= t->n_inputs; i++) {
            json_t *jp =
                i < t->n_inputs ? json_array_get(inputs, i) : json_object_get(tree, "outcome");
            const struct cvd_ssvc_point *p = i < t->n_inputs ? t->inputs[i] : t->outcome;
            assert_string_equal(p->id, json_string_value(json_object_get(jp, "id")));
            assert_string_equal(p->name, json_string_value(json_object_get(jp, "name")));
            json_t *values = json_object_get(jp, "values");
            assert_int_equal(json_array_size(values), p->n_values);
            for (size_t v = 0; v < p->n_values; v++) {
                json_t *jv = json_array_get(values, v);
                assert_string_equal(p->values[v].key,
                                    json_string_value(json_object_get(jv, "key")));
                assert_string_equal(p->values[v].name,
                                    json_string_value(json_object_get(jv, "name")));
            }
            if (i < t->n_inputs)
                cells *= p->n_values;
        }
        assert_int_equal(t->n_cells, cells);
        json_t *rows = json_object_get(tree, "rows");
        assert_int_equal(json_array_size(rows), cells);
        for (size_t r = 0; r < json_array_size(rows); r++) {
            json_t *row = json_array_get(rows, r);
            struct cvd_ssvc_selection sel;
            cvd_ssvc_selection_init(&sel, t);
            for (size_t i = 0; i < t->n_inputs; i++) {
                struct cvd_diag diag = {0};
                int rc = cvd_ssvc_selection_add(
                    &sel, cvd_str_from_cstr(t->inputs[i]->id),
                    cvd_str_from_cstr(json_string_value(json_array_get(row, i))), &diag);
                if (rc)
                    fail_msg("%s row %zu: %s", id, r, diag.msg);
            }
            struct cvd_ssvc_result res;
            struct cvd_diag diag = {0};
            assert_int_equal(cvd_ssvc_eval(&sel, &res, &diag), 0);
            assert_int_equal(res.lowest, res.highest);
            assert_string_equal(t->outcome->values[res.lowest].key,
                                json_string_value(json_array_get(row, t->n_inputs)));
            rows_checked++;
        }
    }
    assert_int_equal(rows_checked, 412);
    json_decref(doc);
}

static void test_aliases(void **state)
{
    (void)state;
    static const char *const pairs[][2] = {
        {"supplier", "ssvc:DT_SP:1.0.0"},
        {"deployer", "ssvc:DT_DP:1.0.0"},
        {"coordinator-triage", "ssvc:DT_COORD_TRIAGE:1.0.0"},
        {"coordinator-publish", "ssvc:DT_COORD_PUBLISH:1.0.0"},
        {"cisa", "cisa:DT_CO:2.0.3"},
        {"bod2604", "cisa:DT_BOD2604:1.0.0"},
        {"utility", "ssvc:DT_U:1.0.0"},
        {"human-impact", "ssvc:DT_HI:1.0.0"},
        {"public-safety-impact", "ssvc:DT_PSI:1.0.0"},
        {"mwi", "derived:MWI_FROM_MP_PWI:1.0.0"},
        {"Supplier", "ssvc:DT_SP:1.0.0"},
        {"ssvc:DT_SP", "ssvc:DT_SP:1.0.0"},
        {"cisa:DT_CO", "cisa:DT_CO:2.0.3"},
    };
    for (size_t i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
        const struct cvd_ssvc_table *t = cvd_ssvc_table_find(cvd_str_from_cstr(pairs[i][0]));
        assert_non_null(t);
        assert_string_equal(t->id, pairs[i][1]);
    }
    assert_string_equal(cvd_ssvc_table_alias(table("ssvc:DT_SP:1.0.0")), "supplier");
    assert_null(cvd_ssvc_table_find(CVD_STR("ssvc:DT_SP:9.9.9")));
    assert_null(cvd_ssvc_table_find(CVD_STR("nonesuch")));
    assert_null(cvd_ssvc_table_find(CVD_STR("")));
    assert_null(cvd_ssvc_table_find(CVD_STR("ssvc")));
    /* six decision tables and four derived ones */
    size_t derived = 0;
    for (size_t i = 0; i < cvd_ssvc_table_count(); i++)
        derived += cvd_ssvc_table_at(i)->derived;
    assert_int_equal(cvd_ssvc_table_count(), 10);
    assert_int_equal(derived, 4);
    assert_null(cvd_ssvc_table_at(10));
}

static void test_spellings(void **state)
{
    (void)state;
    /* points by id, ns:key, key, name; values by key or name, case-insensitively */
    assert_string_equal(eval_key("supplier", "ssvc:E:1.1.0=A ssvc:U=S TI=T PSI=S"), "I");
    assert_string_equal(
        eval_key("supplier", "Technical_Impact=T"),
        "ERR:unknown decision point 'Technical_Impact' for table 'ssvc:DT_SP:1.0.0'");
    {
        /* names with spaces, through the API */
        struct cvd_ssvc_selection sel;
        cvd_ssvc_selection_init(&sel, table("supplier"));
        assert_int_equal(
            cvd_ssvc_selection_add(&sel, CVD_STR("exploitation"), CVD_STR("ACTIVE"), NULL), 0);
        assert_int_equal(
            cvd_ssvc_selection_add(&sel, CVD_STR("Utility"), CVD_STR("super effective"), NULL), 0);
        assert_int_equal(
            cvd_ssvc_selection_add(&sel, CVD_STR("technical impact"), CVD_STR("Total"), NULL), 0);
        assert_int_equal(cvd_ssvc_selection_add(&sel, CVD_STR("Public Safety Impact"),
                                                CVD_STR("significant"), NULL),
                         0);
        struct cvd_ssvc_result res;
        assert_int_equal(cvd_ssvc_eval(&sel, &res, NULL), 0);
        assert_string_equal(res.table->outcome->values[res.lowest].name, "Immediate");
    }
    assert_string_equal(
        eval_key("supplier", "Exploitation=public_poc U=L TI=P PSI=M"),
        "ERR:unknown value 'public_poc' for 'ssvc:E:1.1.0' (Exploitation): expected N (None), "
        "P (Public PoC), A (Active)");
    assert_string_equal(eval_key("supplier", "e=NONE u=laborious ti=partial psi=minimal"), "D");
    assert_string_equal(eval_key("deployer", "E=a EXP=open A=yes HI=vh"), "I");
    assert_string_equal(eval_key("deployer", "E=N EXP=S A=N HI=Low"), "D");
    assert_string_equal(eval_key("coordinator-publish", "SINV=Uncooperative/Unresponsive E=A "
                                                        "PVA=precedence"),
                        "P");
    assert_string_equal(eval_key("cisa", "E=A A=Y TI=T MWI=H"), "AC");
    assert_string_equal(eval_key("cisa", "E=N A=N TI=P MWI=L"), "T");
    assert_string_equal(eval_key("bod2604", "KEV=Y PE=Y A=Y TI=T"), "3DF");
    assert_string_equal(eval_key("human-impact", "SI=catastrophic MI=MEF"), "VH");

    struct cvd_ssvc_point const *e = cvd_ssvc_point_find(CVD_STR("ssvc:E:1.1.0"));
    assert_non_null(e);
    assert_int_equal(cvd_ssvc_value_find(e, CVD_STR("Public PoC")), 1);
    assert_int_equal(cvd_ssvc_value_find(e, CVD_STR("public poc")), 1);
    assert_int_equal(cvd_ssvc_value_find(e, CVD_STR("p")), 1);
    assert_int_equal(cvd_ssvc_value_find(e, CVD_STR("poc")), -1);
    assert_int_equal(cvd_ssvc_value_find(e, CVD_STR("")), -1);
    const struct cvd_ssvc_point *cisa = cvd_ssvc_point_find(CVD_STR("cisa:CISA:1.1.0"));
    assert_int_equal(cvd_ssvc_value_find(cisa, CVD_STR("T*")), 1);
    assert_int_equal(cvd_ssvc_value_find(cisa, CVD_STR("track*")), 1);
    assert_int_equal(cvd_ssvc_value_find(cisa, CVD_STR("t")), 0);
    assert_null(cvd_ssvc_point_find(CVD_STR("ssvc:E")));
}

static void test_derived(void **state)
{
    (void)state;
    /* Utility from Automatable + Value Density, Public Safety Impact from Safety Impact */
    assert_string_equal(eval_key("supplier", "E=A A=Y VD=C TI=T SI=R"), "I");
    assert_string_equal(eval_key("supplier", "E=N A=N VD=D TI=P SI=N"), "D");
    assert_string_equal(eval_key("supplier", "E=P A=Y VD=D TI=P SI=M"),
                        eval_key("supplier", "E=P U=E TI=P PSI=M"));
    /* Human Impact from Safety Impact + Mission Impact */
    assert_string_equal(eval_key("deployer", "E=A EXP=O A=Y SI=C MI=D"), "I");
    assert_string_equal(eval_key("deployer", "E=N EXP=S A=N SI=N MI=D"), "D");
    /* Mission and Well-Being Impact from MP + PWI; MP Minimal with PWI Material is Medium */
    assert_string_equal(eval_key("mwi", "MP=M PWI=MA"), "M");
    assert_string_equal(eval_key("cisa", "E=A A=Y TI=T MP=M PWI=MA"),
                        eval_key("cisa", "E=A A=Y TI=T MWI=M"));
    assert_string_equal(eval_key("cisa", "E=A A=Y TI=T MP=E PWI=M"), "AC");
    /* coordinator triage derives two inputs */
    assert_string_equal(eval_key("coordinator-triage", "RP=N SCON=Y RC=C SC=M SE=U A=Y VD=C SI=C"),
                        eval_key("coordinator-triage", "RP=N SCON=Y RC=C SC=M SE=U U=S PSI=S"));
    /* a value given directly wins over its inputs */
    assert_string_equal(eval_key("supplier", "E=A U=L A=Y VD=C TI=P PSI=M"),
                        eval_key("supplier", "E=A U=L TI=P PSI=M"));

    /* the result lists the derived input with its inputs after it */
    struct cvd_ssvc_result res;
    struct cvd_diag diag = {0};
    assert_int_equal(eval_str("supplier", "E=A A=Y VD=C TI=T SI=R", &res, &diag), 0);
    assert_int_equal(res.n_used, 7);
    assert_string_equal(res.used[1].point->id, "ssvc:U:1.0.1");
    assert_string_equal(res.used[1].via->id, "ssvc:DT_U:1.0.0");
    assert_int_equal(res.used[1].mask, 1u << 2); /* Super Effective */
    assert_string_equal(res.used[2].point->id, "ssvc:A:2.0.0");
    assert_int_equal(res.used[2].depth, 1);
    assert_string_equal(res.used[3].point->id, "ssvc:VD:1.0.0");
    assert_null(res.used[4].via);
    assert_string_equal(res.used[5].point->id, "ssvc:PSI:2.0.1");
    assert_string_equal(res.used[6].point->id, "ssvc:SI:2.0.1");
    assert_int_equal(res.used[6].depth, 1);
}

/* Brute force: the outcomes of a partial selection are the union over its combinations. */
static void check_partial(const struct cvd_ssvc_table *t, const uint32_t *masks)
{
    struct cvd_ssvc_selection sel;
    cvd_ssvc_selection_init(&sel, t);
    for (size_t i = 0; i < t->n_inputs; i++) {
        for (size_t v = 0; v < t->inputs[i]->n_values; v++) {
            if (masks[i] & (1u << v)) {
                struct cvd_diag diag = {0};
                assert_int_equal(
                    cvd_ssvc_selection_add(&sel, cvd_str_from_cstr(t->inputs[i]->id),
                                           cvd_str_from_cstr(t->inputs[i]->values[v].key), &diag),
                    0);
            }
        }
    }
    struct cvd_ssvc_result res;
    struct cvd_diag diag = {0};
    assert_int_equal(cvd_ssvc_eval(&sel, &res, &diag), 0);
    uint32_t want = 0;
    size_t combos = 0;
    for (size_t cell = 0; cell < t->n_cells; cell++) {
        size_t rest = cell;
        size_t idx[CVD_SSVC_MAX_POINTS];
        bool in = true;
        for (size_t i = t->n_inputs; i-- > 0;) {
            idx[i] = rest % t->inputs[i]->n_values;
            rest /= t->inputs[i]->n_values;
            if (!(masks[i] & (1u << idx[i])))
                in = false;
        }
        if (!in)
            continue;
        /* evaluate the single combination through the API */
        struct cvd_ssvc_selection one;
        cvd_ssvc_selection_init(&one, t);
        for (size_t i = 0; i < t->n_inputs; i++)
            assert_int_equal(
                cvd_ssvc_selection_add(&one, cvd_str_from_cstr(t->inputs[i]->id),
                                       cvd_str_from_cstr(t->inputs[i]->values[idx[i]].key), NULL),
                0);
        struct cvd_ssvc_result r1;
        assert_int_equal(cvd_ssvc_eval(&one, &r1, NULL), 0);
        assert_int_equal(r1.lowest, r1.highest);
        want |= 1u << r1.lowest;
        combos++;
    }
    assert_true(combos > 0);
    assert_int_equal(res.outcomes, want);
    assert_true(res.outcomes & (1u << res.lowest));
    assert_true(res.outcomes & (1u << res.highest));
    assert_int_equal(res.outcomes >> res.highest, 1u);
    assert_int_equal(res.outcomes & ((1u << res.lowest) - 1), 0);
}

static void test_partial(void **state)
{
    (void)state;
    assert_string_equal(eval_key("supplier", "E=A U=L,S TI=T SI=N,C"), "O..I");
    assert_string_equal(eval_key("supplier", "E=A U=L U=S TI=T PSI=M,S"), "O..I");
    assert_string_equal(eval_key("supplier", "E=N,P,A U=L,E,S TI=P,T PSI=M,S"), "D..I");
    assert_string_equal(eval_key("cisa", "E=A A=Y TI=T MP=M,S PWI=M"), "AT..AC");
    /* partial knowledge of a derived input's inputs flows through */
    assert_string_equal(eval_key("supplier", "E=N A=N,Y VD=D TI=P PSI=M"), "D..S");

    /* every table: all values unknown, and a deterministic sample of partial masks */
    uint32_t state32 = 12345u;
    for (size_t ti = 0; ti < cvd_ssvc_table_count(); ti++) {
        const struct cvd_ssvc_table *t = cvd_ssvc_table_at(ti);
        uint32_t masks[CVD_SSVC_MAX_POINTS];
        for (size_t i = 0; i < t->n_inputs; i++)
            masks[i] = (1u << t->inputs[i]->n_values) - 1;
        check_partial(t, masks);
        for (int round = 0; round < 40; round++) {
            for (size_t i = 0; i < t->n_inputs; i++) {
                uint32_t full = (1u << t->inputs[i]->n_values) - 1;
                do {
                    state32 = state32 * 1103515245u + 12345u;
                    masks[i] = (state32 >> 16) & full;
                } while (masks[i] == 0);
            }
            check_partial(t, masks);
        }
    }
}

static void expect_error(const char *name, const char *pairs, int code, const char *msg)
{
    struct cvd_ssvc_result res;
    struct cvd_diag diag = {0};
    int rc = eval_str(name, pairs, &res, &diag);
    if (rc != code || strcmp(diag.msg, msg) != 0)
        fail_msg("%s %s: got %s '%s', want %s '%s'", name, pairs, cvd_err_name(rc), diag.msg,
                 cvd_err_name(code), msg);
}

static void test_errors(void **state)
{
    (void)state;
    expect_error(
        "supplier", "E=A U=L TI=T", CVD_EMISSING,
        "missing input 'ssvc:PSI:2.0.1' (Public Safety Impact) for table 'ssvc:DT_SP:1.0.0': give "
        "it, or 'ssvc:SI:2.0.1' to derive it");
    expect_error("supplier", "E=A U=L PSI=S", CVD_EMISSING,
                 "missing input 'ssvc:TI:1.0.0' (Technical Impact) for table 'ssvc:DT_SP:1.0.0'");
    expect_error("supplier", "E=A TI=T PSI=S", CVD_EMISSING,
                 "missing input 'ssvc:U:1.0.1' (Utility) for table 'ssvc:DT_SP:1.0.0': give it, or "
                 "'ssvc:A:2.0.0' and 'ssvc:VD:1.0.0' to derive it");
    expect_error(
        "supplier", "E=A A=Y TI=T PSI=S", CVD_EMISSING,
        "missing input 'ssvc:VD:1.0.0' (Value Density) to derive 'ssvc:U:1.0.1' (Utility) for "
        "table 'ssvc:DT_SP:1.0.0'");
    expect_error("supplier", "XYZ=A", CVD_ENOTFOUND,
                 "unknown decision point 'XYZ' for table 'ssvc:DT_SP:1.0.0'");
    expect_error("supplier", "SE=A", CVD_ENOTFOUND,
                 "decision point 'ssvc:SE:1.0.0' (Supplier Engagement) is not an input of table "
                 "'ssvc:DT_SP:1.0.0'");
    expect_error("supplier", "ssvc:HI:2.0.2=L", CVD_ENOTFOUND,
                 "decision point 'ssvc:HI:2.0.2' (Human Impact) is not an input of table "
                 "'ssvc:DT_SP:1.0.0'");
    expect_error(
        "supplier", "E=X", CVD_ENOTFOUND,
        "unknown value 'X' for 'ssvc:E:1.1.0' (Exploitation): expected N (None), P (Public PoC), "
        "A (Active)");
    /* a value of another version of the decision point */
    expect_error("deployer", "EXP=U", CVD_ENOTFOUND,
                 "value 'U' (Unavoidable) belongs to 'ssvc:EXP:1.0.0', another version of "
                 "'ssvc:EXP:1.0.1' (System Exposure)");
    expect_error(
        "deployer", "EXP=unavoidable", CVD_ENOTFOUND,
        "value 'unavoidable' (Unavoidable) belongs to 'ssvc:EXP:1.0.0', another version of "
        "'ssvc:EXP:1.0.1' (System Exposure)");
    expect_error("human-impact", "SI=J", CVD_ENOTFOUND,
                 "value 'J' (Major) belongs to 'ssvc:SI:1.0.0', another version of 'ssvc:SI:2.0.1' "
                 "(Safety Impact)");
    /* a decision point id of another version */
    expect_error("deployer", "ssvc:EXP:1.0.0=O", CVD_EINVAL,
                 "decision point 'ssvc:EXP:1.0.0' is another version of 'ssvc:EXP:1.0.1' (System "
                 "Exposure), the one table 'ssvc:DT_DP:1.0.0' uses");
    expect_error(
        "supplier", "ssvc:E:1.0.0=A", CVD_EINVAL,
        "decision point 'ssvc:E:1.0.0' is another version of 'ssvc:E:1.1.0' (Exploitation), the "
        "one table 'ssvc:DT_SP:1.0.0' uses");

    /* bad arguments */
    struct cvd_ssvc_selection sel;
    cvd_ssvc_selection_init(&sel, NULL);
    struct cvd_ssvc_result res;
    assert_int_equal(cvd_ssvc_eval(&sel, &res, NULL), CVD_EINVAL);
    assert_int_equal(cvd_ssvc_eval(NULL, &res, NULL), CVD_EINVAL);
    assert_int_equal(cvd_ssvc_selection_add(&sel, CVD_STR("E"), CVD_STR("A"), NULL), CVD_EINVAL);
    cvd_ssvc_selection_init(&sel, table("supplier"));
    assert_int_equal(cvd_ssvc_selection_add(&sel, (struct cvd_str){NULL, 0}, CVD_STR("A"), NULL),
                     CVD_EINVAL);
    /* a failed add leaves the selection as it was */
    assert_int_equal(cvd_ssvc_selection_add(&sel, CVD_STR("E"), CVD_STR("A"), NULL), 0);
    assert_int_equal(cvd_ssvc_selection_add(&sel, CVD_STR("U"), CVD_STR("Q"), NULL), CVD_ENOTFOUND);
    assert_int_equal(sel.n, 1);
    /* long user text is cut in messages, and the message stays terminated */
    char longname[600];
    memset(longname, 'Z', sizeof(longname));
    struct cvd_diag diag = {0};
    assert_int_equal(cvd_ssvc_selection_add(&sel, (struct cvd_str){longname, sizeof(longname)},
                                            CVD_STR("A"), &diag),
                     CVD_ENOTFOUND);
    assert_true(strlen(diag.msg) < sizeof(diag.msg));
}

static int vec(struct cvd_ssvc_selection *sel, const char *name, const char *v, struct cvd_str *ts,
               struct cvd_diag *diag)
{
    cvd_ssvc_selection_init(sel, table(name));
    return cvd_ssvc_vector_parse(sel, v, strlen(v), ts, diag);
}

static void expect_vec_error(const char *name, const char *v, int code, const char *msg)
{
    struct cvd_ssvc_selection sel;
    struct cvd_diag diag = {0};
    int rc = vec(&sel, name, v, NULL, &diag);
    if (rc != code || strcmp(diag.msg, msg) != 0)
        fail_msg("%s: got %s '%s', want %s '%s'", v, cvd_err_name(rc), diag.msg, cvd_err_name(code),
                 msg);
    assert_int_equal(sel.n, 0);
}

static void test_vector(void **state)
{
    (void)state;
    struct cvd_ssvc_selection sel;
    struct cvd_ssvc_result res;
    struct cvd_diag diag = {0};
    struct cvd_str ts;
    assert_int_equal(
        vec(&sel, "supplier", "SSVCv2/E:A/PSI:S/TI:T/U:S/2024-01-01T00:00:00Z/", &ts, &diag), 0);
    assert_int_equal(ts.len, 20);
    assert_memory_equal(ts.ptr, "2024-01-01T00:00:00Z", 20);
    assert_int_equal(cvd_ssvc_eval(&sel, &res, &diag), 0);
    assert_string_equal(res.table->outcome->values[res.lowest].key, "I");
    assert_int_equal(res.lowest, res.highest);

    /* no timestamp; derived inputs; a run of several values */
    assert_int_equal(vec(&sel, "supplier", "SSVCv2/A:Y/E:NA/SI:R/TI:T/VD:C/", &ts, &diag), 0);
    assert_null(ts.ptr);
    assert_int_equal(cvd_ssvc_eval(&sel, &res, &diag), 0);
    assert_string_equal(res.table->outcome->values[res.lowest].key, "O");
    assert_string_equal(res.table->outcome->values[res.highest].key, "I");
    /* multi-character keys and runs of them */
    assert_int_equal(vec(&sel, "deployer", "SSVCv2/A:Y/E:A/EXP:O/HI:HVH/1700000000/", &ts, &diag),
                     0);
    assert_int_equal(ts.len, 10);
    assert_int_equal(sel.items[3].mask, (1u << 2) | (1u << 3));
    assert_int_equal(vec(&sel, "human-impact", "SSVCv2/MI:MSCMF/SI:C/2021-01-09/", &ts, &diag), 0);
    assert_int_equal(sel.items[0].mask, (1u << 1) | (1u << 3));
    assert_int_equal(vec(&sel, "mwi", "SSVCv2/MP:M/PWI:MAI/", NULL, &diag), 0);
    assert_int_equal(sel.items[1].mask, (1u << 1) | (1u << 2));
    /* a repeated key adds values */
    assert_int_equal(vec(&sel, "supplier", "SSVCv2/E:N/E:A/", NULL, &diag), 0);
    assert_int_equal(sel.items[0].mask, 5u);
    /* vector and pairs combine */
    assert_int_equal(vec(&sel, "supplier", "SSVCv2/E:A/TI:T/", NULL, &diag), 0);
    assert_int_equal(cvd_ssvc_selection_add(&sel, CVD_STR("U"), CVD_STR("S"), NULL), 0);
    assert_int_equal(cvd_ssvc_selection_add(&sel, CVD_STR("PSI"), CVD_STR("S"), NULL), 0);
    assert_int_equal(cvd_ssvc_eval(&sel, &res, &diag), 0);

    expect_vec_error("supplier", "SSVC/v2/E:A/", CVD_EPARSE,
                     "vector 'SSVC/v2/E:A/' does not start with 'SSVCv2/'");
    expect_vec_error("supplier", "", CVD_EPARSE, "vector '' does not start with 'SSVCv2/'");
    expect_vec_error("supplier", "SSVCv2/E:A", CVD_EPARSE,
                     "vector 'SSVCv2/E:A' does not end with '/'");
    expect_vec_error("supplier", "SSVCv2/", CVD_EPARSE, "vector 'SSVCv2/' has no KEY:VALUES field");
    expect_vec_error("supplier", "SSVCv2/E:A//", CVD_EPARSE, "empty field in vector at byte 11");
    expect_vec_error("supplier", "SSVCv2/E:A/2024-01-01/TI:T/", CVD_EPARSE,
                     "field 'TI:T' after the timestamp; the timestamp must come last");
    expect_vec_error("supplier", "SSVCv2/E:A/2024-1-1/", CVD_EPARSE,
                     "'2024-1-1' is not a timestamp (RFC 3339, YYYY-MM-DD or epoch seconds)");
    expect_vec_error("supplier", "SSVCv2/E/", CVD_EPARSE, "field 'E' is not KEY:VALUES");
    expect_vec_error("supplier", "SSVCv2/E:/", CVD_EPARSE, "field 'E:' is not KEY:VALUES");
    expect_vec_error("supplier", "SSVCv2/:A/", CVD_EPARSE, "field ':A' is not KEY:VALUES");
    /* the SSVC calculator's abbreviations are not registry keys */
    expect_vec_error(
        "deployer", "SSVCv2/X:O/", CVD_ENOTFOUND,
        "unknown decision point key 'X' in vector for table 'ssvc:DT_DP:1.0.0' (cvd reads "
        "registry keys, not the SSVC calculator's abbreviations)");
    expect_vec_error(
        "supplier", "SSVCv2/e:A/", CVD_ENOTFOUND,
        "unknown decision point key 'e' in vector for table 'ssvc:DT_SP:1.0.0' (cvd reads "
        "registry keys, not the SSVC calculator's abbreviations)");
    expect_vec_error(
        "supplier", "SSVCv2/E:Q/", CVD_ENOTFOUND,
        "unknown value 'Q' for 'ssvc:E:1.1.0' (Exploitation): expected keys of N (None), P "
        "(Public PoC), A (Active)");
    expect_vec_error(
        "supplier", "SSVCv2/E:a/", CVD_ENOTFOUND,
        "unknown value 'a' for 'ssvc:E:1.1.0' (Exploitation): expected keys of N (None), P "
        "(Public PoC), A (Active)");
    /* a failure leaves an earlier selection unchanged */
    cvd_ssvc_selection_init(&sel, table("supplier"));
    assert_int_equal(cvd_ssvc_selection_add(&sel, CVD_STR("E"), CVD_STR("A"), NULL), 0);
    const char *bad = "SSVCv2/TI:T/U:Q/";
    assert_int_equal(cvd_ssvc_vector_parse(&sel, bad, strlen(bad), NULL, &diag), CVD_ENOTFOUND);
    assert_int_equal(sel.n, 1);
    assert_int_equal(diag.offset, 14);
    assert_int_equal(cvd_ssvc_vector_parse(NULL, bad, strlen(bad), NULL, NULL), CVD_EINVAL);
}

/* Every non-empty subset of every point of every table survives format -> parse. */
static void test_vector_roundtrip(void **state)
{
    (void)state;
    size_t n = 0;
    for (size_t ti = 0; ti < cvd_ssvc_table_count(); ti++) {
        const struct cvd_ssvc_table *t = cvd_ssvc_table_at(ti);
        for (size_t i = 0; i < t->n_inputs; i++) {
            const struct cvd_ssvc_point *p = t->inputs[i];
            for (uint32_t mask = 1; mask < (1u << p->n_values); mask++) {
                struct cvd_ssvc_selection sel;
                cvd_ssvc_selection_init(&sel, t);
                sel.items[0].point = p;
                sel.items[0].mask = mask;
                sel.n = 1;
                struct cvd_buf out;
                cvd_buf_init(&out, 0);
                assert_int_equal(cvd_ssvc_vector_format(&sel, &out), 0);
                struct cvd_ssvc_selection back;
                cvd_ssvc_selection_init(&back, t);
                struct cvd_diag diag = {0};
                int rc = cvd_ssvc_vector_parse(&back, out.ptr, out.len, NULL, &diag);
                if (rc)
                    fail_msg("%s: %s", out.ptr, diag.msg);
                assert_int_equal(back.n, 1);
                assert_ptr_equal(back.items[0].point, p);
                assert_int_equal(back.items[0].mask, mask);
                cvd_buf_release(&out);
                n++;
            }
        }
    }
    assert_true(n > 100);

    /* pairs sorted by key */
    struct cvd_ssvc_selection sel;
    cvd_ssvc_selection_init(&sel, table("supplier"));
    assert_int_equal(cvd_ssvc_selection_add(&sel, CVD_STR("TI"), CVD_STR("T"), NULL), 0);
    assert_int_equal(cvd_ssvc_selection_add(&sel, CVD_STR("E"), CVD_STR("A"), NULL), 0);
    assert_int_equal(cvd_ssvc_selection_add(&sel, CVD_STR("U"), CVD_STR("S"), NULL), 0);
    assert_int_equal(cvd_ssvc_selection_add(&sel, CVD_STR("U"), CVD_STR("L"), NULL), 0);
    struct cvd_buf out;
    cvd_buf_init(&out, 0);
    assert_int_equal(cvd_ssvc_vector_format(&sel, &out), 0);
    assert_string_equal(out.ptr, "SSVCv2/E:A/TI:T/U:LS/");
    cvd_buf_release(&out);
}

/* Parse text as JSON and add it as Vulnrichment options to a selection of table name. */
static int vr(struct cvd_ssvc_selection *sel, const char *name, const char *text,
              struct cvd_str *ts, struct cvd_arena *arena, struct cvd_diag *diag)
{
    const struct cvd_json *root = NULL;
    assert_int_equal(cvd_json_parse(arena, text, strlen(text), NULL, 0, &root, NULL), 0);
    cvd_ssvc_selection_init(sel, table(name));
    return cvd_ssvc_vulnrichment_add(sel, root, ts, diag);
}

static void test_vulnrichment(void **state)
{
    (void)state;
    struct cvd_arena arena;
    cvd_arena_init(&arena, 0);
    struct cvd_ssvc_selection sel;
    struct cvd_ssvc_result res;
    struct cvd_diag diag = {0};
    struct cvd_str ts;

    /* the whole CVE record */
    char *path = data_path("ssvc/vulnrichment-CVE-2024-3400.json");
    if (path != NULL) {
        FILE *f = fopen(path, "rb");
        assert_non_null(f);
        static char text[65536];
        size_t n = fread(text, 1, sizeof(text) - 1, f);
        fclose(f);
        text[n] = '\0';
        assert_int_equal(vr(&sel, "cisa", text, &ts, &arena, &diag), 0);
        assert_true(cvd_str_eq_cstr(ts, "2024-04-17T04:00:13.543064Z"));
        assert_int_equal(sel.n, 3);
        assert_int_equal(cvd_ssvc_eval(&sel, &res, &diag), CVD_EMISSING);
        assert_non_null(strstr(diag.msg, "'ssvc:MWI:1.0.0'"));
        assert_int_equal(cvd_ssvc_selection_add(&sel, CVD_STR("MWI"), CVD_STR("M"), NULL), 0);
        assert_int_equal(cvd_ssvc_eval(&sel, &res, &diag), 0);
        assert_string_equal(res.table->outcome->values[res.lowest].key, "AC");
        /* the same record on the BOD 26-04 table: Exploitation is skipped */
        assert_int_equal(vr(&sel, "bod2604", text, NULL, &arena, &diag), 0);
        assert_int_equal(sel.n, 2);
    }
    /* options array, "poc" spelling */
    assert_int_equal(vr(&sel, "cisa",
                        "[{\"Exploitation\":\"poc\"},{\"Automatable\":\"no\"},"
                        "{\"Technical Impact\":\"partial\"}]",
                        &ts, &arena, &diag),
                     0);
    assert_null(ts.ptr);
    assert_int_equal(cvd_ssvc_selection_add(&sel, CVD_STR("MWI"), CVD_STR("L"), NULL), 0);
    assert_int_equal(cvd_ssvc_eval(&sel, &res, &diag), 0);
    assert_string_equal(res.table->outcome->values[res.lowest].key, "T");
    /* content object */
    assert_int_equal(vr(&sel, "cisa",
                        "{\"options\":[{\"Exploitation\":\"none\"}],\"timestamp\":\"t\"}", &ts,
                        &arena, &diag),
                     0);
    assert_true(cvd_str_eq_cstr(ts, "t"));
    assert_int_equal(sel.items[0].mask, 1u);
    /* errors */
    assert_int_equal(vr(&sel, "cisa", "{\"a\":1}", NULL, &arena, &diag), CVD_ENOTFOUND);
    assert_string_equal(diag.msg,
                        "no CISA SSVC metric (containers.adp[].metrics[].other with type 'ssvc')");
    assert_int_equal(vr(&sel, "cisa", "{\"options\":{}}", NULL, &arena, &diag), CVD_ETYPE);
    assert_int_equal(vr(&sel, "cisa", "[{\"Exploitation\":\"poc\",\"Automatable\":\"no\"}]", NULL,
                        &arena, &diag),
                     CVD_ETYPE);
    assert_string_equal(diag.msg, "options[0] is not an object with one string member");
    assert_int_equal(vr(&sel, "cisa", "[{\"Exploitation\":1}]", NULL, &arena, &diag), CVD_ETYPE);
    assert_int_equal(vr(&sel, "cisa", "[{\"Automatable\":\"no\"},{\"Exploitation\":\"maybe\"}]",
                        NULL, &arena, &diag),
                     CVD_ENOTFOUND);
    assert_int_equal(sel.n, 0); /* unchanged on failure */
    assert_int_equal(vr(&sel, "cisa", "[{\"Exploitatio\":\"none\"}]", NULL, &arena, &diag),
                     CVD_ENOTFOUND);
    assert_string_equal(diag.msg,
                        "unknown decision point 'Exploitatio' for table 'cisa:DT_CO:2.0.3'");
    cvd_arena_release(&arena);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cases_tsv),        cmocka_unit_test(test_tables_match_trees_json),
        cmocka_unit_test(test_aliases),          cmocka_unit_test(test_spellings),
        cmocka_unit_test(test_derived),          cmocka_unit_test(test_partial),
        cmocka_unit_test(test_errors),           cmocka_unit_test(test_vector),
        cmocka_unit_test(test_vector_roundtrip), cmocka_unit_test(test_vulnrichment),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
