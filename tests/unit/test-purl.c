/* purl: every case of the purl-spec conformance suite (tests/data/purl/tests: parse, validate,
 * build, expected failures), the legacy flat suite, the type table against the type
 * definitions, diagnostics, limits and out-of-memory paths. */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "cvd/alloc.h"
#include "cvd/arena.h"
#include "cvd/err.h"
#include "cvd/purl.h"
#include "cvd/str.h"
#include "formats/purl-int.h"

static char path_buf[4096];

static const char *data_path(const char *rel)
{
    const char *root = getenv("CVD_TEST_DATA");
    if (root == NULL)
        root = "tests/data";
    int n = snprintf(path_buf, sizeof(path_buf), "%s/purl/%s", root, rel);
    assert_true(n > 0 && (size_t)n < sizeof(path_buf));
    return path_buf;
}

static json_t *load(const char *rel)
{
    json_error_t err;
    json_t *j = json_load_file(data_path(rel), 0, &err);
    if (j == NULL)
        fail_msg("cannot load %s: %s", path_buf, err.text);
    return j;
}

static struct cvd_str jstr(json_t *v)
{
    if (!json_is_string(v))
        return (struct cvd_str){NULL, 0};
    return (struct cvd_str){json_string_value(v), json_string_length(v)};
}

/* Cases whose expectation holds only with CVD_PURL_STRICT: upstream also has a required parse
 * case accepting an upper-case key (maven-test.json, "repositorY_url") and recommended
 * validate cases lowercasing these very inputs, so no single mode meets all of them. */
static bool strict_only(json_t *c)
{
    const char *msg = json_string_value(json_object_get(c, "expected_message"));
    return msg != NULL && strstr(msg, "not in lowercase") != NULL;
}

/* Compare a decoded component with the expected JSON value (null = absent). */
static bool same(struct cvd_str got, json_t *want)
{
    if (json_is_null(want) || want == NULL)
        return got.ptr == NULL;
    return got.ptr != NULL && cvd_str_eq(got, jstr(want));
}

static bool same_quals(const struct cvd_purl *p, json_t *want)
{
    size_t n = json_is_object(want) ? json_object_size(want) : 0;
    if (p->n_qualifiers != n)
        return false;
    const char *k;
    json_t *v;
    json_object_foreach(want, k, v)
    {
        struct cvd_str got = cvd_purl_qualifier(p, cvd_str_from_cstr(k));
        if (got.ptr == NULL || !cvd_str_eq(got, jstr(v)))
            return false;
    }
    return true;
}

static void print_purl(const struct cvd_purl *p)
{
    print_message("  got type=%.*s ns=%.*s name=%.*s version=%.*s subpath=%.*s quals=%zu\n",
                  (int)p->type.len, p->type.ptr ? p->type.ptr : "", (int)p->ns.len,
                  p->ns.ptr ? p->ns.ptr : "(null)", (int)p->name.len, p->name.ptr,
                  (int)p->version.len, p->version.ptr ? p->version.ptr : "(null)",
                  (int)p->subpath.len, p->subpath.ptr ? p->subpath.ptr : "(null)", p->n_qualifiers);
    for (size_t i = 0; i < p->n_qualifiers; i++)
        print_message("    %.*s=%.*s\n", (int)p->qualifiers[i].key.len, p->qualifiers[i].key.ptr,
                      (int)p->qualifiers[i].value.len, p->qualifiers[i].value.ptr);
}

/* Components of a build case. Returns false when the input cannot be expressed (a non-string
 * name, say), which only expected failures use. */
static bool components(struct cvd_arena *a, json_t *in, struct cvd_purl *c)
{
    memset(c, 0, sizeof(*c));
    c->type = jstr(json_object_get(in, "type"));
    c->ns = jstr(json_object_get(in, "namespace"));
    c->name = jstr(json_object_get(in, "name"));
    c->version = jstr(json_object_get(in, "version"));
    c->subpath = jstr(json_object_get(in, "subpath"));
    json_t *q = json_object_get(in, "qualifiers");
    if (json_is_object(q) && json_object_size(q) > 0) {
        c->qualifiers = cvd_arena_alloc_array(a, json_object_size(q), sizeof(*c->qualifiers));
        assert_non_null(c->qualifiers);
        const char *k;
        json_t *v;
        json_object_foreach(q, k, v)
        {
            c->qualifiers[c->n_qualifiers].key = cvd_str_from_cstr(k);
            c->qualifiers[c->n_qualifiers].value = jstr(v);
            c->n_qualifiers++;
        }
    }
    return true;
}

struct tally {
    int run;
    int failed;
    int strict;
};

/* One case; returns true when it passed. */
static bool run_case(const char *file, json_t *c, struct tally *t)
{
    const char *type = json_string_value(json_object_get(c, "test_type"));
    json_t *in = json_object_get(c, "input");
    json_t *want = json_object_get(c, "expected_output");
    bool must_fail = json_is_true(json_object_get(c, "expected_failure"));
    unsigned flags = 0;
    if (must_fail && strict_only(c)) {
        flags = CVD_PURL_STRICT;
        t->strict++;
    }
    struct cvd_arena a;
    cvd_arena_init(&a, 0);
    struct cvd_buf out;
    cvd_buf_init(&out, 0);
    struct cvd_purl p;
    struct cvd_diag d = {0};
    int rc;
    bool ok = false;
    const char *input_text = json_is_string(in) ? json_string_value(in) : "(components)";
    if (strcmp(type, "build") == 0) {
        struct cvd_purl comp;
        components(&a, in, &comp);
        rc = cvd_purl_build(&a, &comp, flags, &p, &d);
    } else {
        rc = cvd_purl_parse(&a, jstr(in), flags, &p, &d);
    }
    if (must_fail) {
        ok = rc != 0;
        if (!ok) {
            print_message("%s: %s '%s' should fail (%s)\n", file, type, input_text,
                          json_string_value(json_object_get(c, "expected_message")));
            print_purl(&p);
        } else if (d.msg[0] == '\0') {
            print_message("%s: %s '%s' failed without a message\n", file, type, input_text);
            ok = false;
        }
        goto out;
    }
    if (rc != 0) {
        print_message("%s: %s '%s' failed: %s (%s)\n", file, type, input_text, d.msg,
                      cvd_err_name(rc));
        goto out;
    }
    if (strcmp(type, "parse") == 0) {
        ok = same(p.type, json_object_get(want, "type")) &&
             same(p.ns, json_object_get(want, "namespace")) &&
             same(p.name, json_object_get(want, "name")) &&
             same(p.version, json_object_get(want, "version")) &&
             same(p.subpath, json_object_get(want, "subpath")) &&
             same_quals(&p, json_object_get(want, "qualifiers"));
        if (!ok) {
            char *w = json_dumps(want, JSON_SORT_KEYS);
            print_message("%s: parse '%s'\n  want %s\n", file, input_text, w);
            free(w);
            print_purl(&p);
        }
        goto out;
    }
    assert_int_equal(cvd_purl_format(&p, &out), 0);
    ok = json_is_string(want) && strcmp(out.ptr, json_string_value(want)) == 0;
    if (!ok)
        print_message("%s: %s '%s'\n  want %s\n  got  %s\n", file, type, input_text,
                      json_string_value(want), out.ptr);
    if (ok) {
        /* the canonical form is a fixed point */
        struct cvd_purl p2;
        rc = cvd_purl_parse(&a, cvd_buf_str(&out), 0, &p2, &d);
        struct cvd_buf out2;
        cvd_buf_init(&out2, 0);
        ok = rc == 0 && cvd_purl_format(&p2, &out2) == 0 && strcmp(out.ptr, out2.ptr) == 0;
        if (!ok)
            print_message("%s: canonical '%s' does not re-parse to itself\n", file, out.ptr);
        cvd_buf_release(&out2);
    }
out:
    t->run++;
    if (!ok)
        t->failed++;
    cvd_buf_release(&out);
    cvd_arena_release(&a);
    return ok;
}

static void run_file(const char *rel, struct tally *t)
{
    json_t *root = load(rel);
    json_t *tests = json_object_get(root, "tests");
    assert_true(json_is_array(tests));
    size_t i;
    json_t *c;
    json_array_foreach(tests, i, c) run_case(rel, c, t);
    json_decref(root);
}

static void test_spec_suite(void **state)
{
    (void)state;
    struct tally t = {0};
    run_file("tests/spec/specification-test.json", &t);
    DIR *dir = opendir(data_path("tests/types"));
    assert_non_null(dir);
    struct dirent *e;
    int files = 0;
    while ((e = readdir(dir)) != NULL) {
        size_t n = strlen(e->d_name);
        if (n < 10 || strcmp(e->d_name + n - 10, "-test.json") != 0)
            continue;
        char rel[512];
        snprintf(rel, sizeof(rel), "tests/types/%s", e->d_name);
        run_file(rel, &t);
        files++;
    }
    closedir(dir);
    print_message("purl-spec suite: %d files + spec, %d cases, %d failed (%d run strict)\n", files,
                  t.run, t.failed, t.strict);
    assert_int_equal(files, 42);
    assert_int_equal(t.run, 586);
    assert_int_equal(t.failed, 0);
}

/* The strict-only cases are accepted (and lowercased) by default. */
static void test_uppercase_key_modes(void **state)
{
    (void)state;
    struct cvd_arena a;
    cvd_arena_init(&a, 0);
    struct cvd_purl p;
    struct cvd_diag d = {0};
    struct cvd_str in = CVD_STR("pkg:gem/jruby-launcher@1.1.2?Platform=java");
    assert_int_equal(cvd_purl_parse(&a, in, 0, &p, &d), 0);
    assert_true(cvd_str_eq_cstr(p.qualifiers[0].key, "platform"));
    assert_int_equal(cvd_purl_parse(&a, in, CVD_PURL_STRICT, &p, &d), CVD_EPARSE);
    assert_non_null(strstr(d.msg, "qualifier key 'Platform'"));
    cvd_arena_release(&a);
}

/* Legacy rows the current suite contradicts, so they are expected to disagree. */
static const char *const legacy_superseded[] = {
    /* '/' in qualifier values: the current suite writes it as %2F */
    "pkg:Maven/org.apache.xmlgraphics/batik-anim@1.9.1?classifier=sources&repositorY_url=repo."
    "spring.io/release",
    "pkg:Maven/org.apache.xmlgraphics/batik-anim@1.9.1?extension=pom&repositorY_url=repo.spring."
    "io/release",
    "pkg:huggingface/microsoft/deberta-v3-base@559062ad13d311b87b2c455e67dcd5f1c8f65111?"
    "repository_url=https://hub-ci.huggingface.co",
    "pkg:mlflow/CreditFraud@3?repository_url=https://adb-5245952564735461.0.azuredatabricks.net/"
    "api/2.0/mlflow",
    "pkg:mlflow/CreditFraud@3?repository_url=https://westus2.api.azureml.ms/mlflow/v1.0/"
    "subscriptions/a50f2011-fab8-4164-af23-c62881ef8c95/resourceGroups/TestResourceGroup/"
    "providers/Microsoft.MachineLearningServices/workspaces/TestWorkspace",
    "pkg:mlflow/trafficsigns@10?model_uuid=36233173b22f4c89b451f1228d700d49&run_id=410a3121-2709-"
    "4f88-98dd-dba0ef056b0a&repository_url=https://adb-5245952564735461.0.azuredatabricks.net/api/"
    "2.0/mlflow",
    /* conan, cran and swift no longer require a version or qualifiers (cpan-, conan-, cran-,
     * swift-test.json accept these) */
    "pkg:conan/bincrafters/cctz@2.3",
    "pkg:conan/cctz@2.3?channel=stable",
    "pkg:cran/A3",
    "pkg:swift/github.com/Alamofire/Alamofire",
    /* huggingface now requires a namespace (huggingface-definition.json) */
    "pkg:huggingface/distilbert-base-uncased@043235d6088ecd3dd5fb5ca3592b6913fd516027",
    /* cpan names are distribution names now, never module names with '::' */
    "pkg:cpan/URI::PackageURL@2.11",
    "pkg:cpan/Perl-Version@1.013",
};

static bool superseded(const char *in)
{
    for (size_t i = 0; i < CVD_ARRAY_LEN(legacy_superseded); i++) {
        if (strcmp(in, legacy_superseded[i]) == 0)
            return true;
    }
    return false;
}

/* Legacy flat suite (test-suite-data.json before upstream removed it): every row agrees except
 * the superseded ones, which must disagree (so the list stays exact). */
static void test_legacy_suite(void **state)
{
    (void)state;
    json_t *root = load("legacy/test-suite-data.json");
    size_t i;
    json_t *c;
    int failed = 0;
    json_array_foreach(root, i, c)
    {
        struct cvd_arena a;
        cvd_arena_init(&a, 0);
        struct cvd_purl p;
        struct cvd_diag d = {0};
        const char *in = json_string_value(json_object_get(c, "purl"));
        int rc = cvd_purl_parse(&a, cvd_str_from_cstr(in), 0, &p, &d);
        bool agrees = true;
        if (json_is_true(json_object_get(c, "is_invalid"))) {
            agrees = rc != 0;
        } else if (rc != 0) {
            agrees = false;
        } else {
            struct cvd_buf out;
            cvd_buf_init(&out, 0);
            assert_int_equal(cvd_purl_format(&p, &out), 0);
            const char *want = json_string_value(json_object_get(c, "canonical_purl"));
            agrees = strcmp(out.ptr, want) == 0;
            cvd_buf_release(&out);
        }
        if (agrees == superseded(in)) {
            print_message("legacy: '%s' (%s): %s\n", in,
                          json_string_value(json_object_get(c, "description")),
                          agrees ? "agrees but is listed as superseded" : "disagrees");
            failed++;
        }
        cvd_arena_release(&a);
    }
    print_message("legacy suite: %zu cases, %zu superseded, %d failed\n", json_array_size(root),
                  CVD_ARRAY_LEN(legacy_superseded), failed);
    json_decref(root);
    assert_int_equal(failed, 0);
}

/* purl-types.c against types/<type>-definition.json. */
static void test_type_table(void **state)
{
    (void)state;
    DIR *dir = opendir(data_path("types"));
    assert_non_null(dir);
    struct dirent *e;
    int n = 0;
    int bad = 0;
    while ((e = readdir(dir)) != NULL) {
        size_t len = strlen(e->d_name);
        if (len < 16 || strcmp(e->d_name + len - 16, "-definition.json") != 0)
            continue;
        char rel[512];
        snprintf(rel, sizeof(rel), "types/%s", e->d_name);
        json_t *def = load(rel);
        const char *name = json_string_value(json_object_get(def, "type"));
        const struct cvd__purl_type *t = cvd__purl_type_find(cvd_str_from_cstr(name));
        if (t == NULL) {
            print_message("type '%s' missing from purl-types.c\n", name);
            bad++;
            json_decref(def);
            continue;
        }
        assert_true(cvd_purl_type_is_known(cvd_str_from_cstr(name)));
        json_t *ns = json_object_get(def, "namespace_definition");
        const char *req = json_string_value(json_object_get(ns, "requirement"));
        int want_rule = strcmp(req, "required") == 0     ? CVD__PURL_NS_REQUIRED
                        : strcmp(req, "prohibited") == 0 ? CVD__PURL_NS_PROHIBITED
                                                         : CVD__PURL_NS_OPTIONAL;
        if (t->ns_rule != want_rule) {
            print_message("type '%s': namespace rule %d, definition says %s\n", name, t->ns_rule,
                          req);
            bad++;
        }
        struct {
            const char *key;
            int got;
        } cases[] = {{"namespace_definition", t->ns_fold},
                     {"name_definition", t->name_fold},
                     {"version_definition", t->version_fold}};
        for (size_t k = 0; k < 3; k++) {
            json_t *cs = json_object_get(json_object_get(def, cases[k].key), "case_sensitive");
            /* false means lower case; cpan's namespace is "shall be uppercase" (note) */
            bool want_lower = json_is_false(cs);
            bool got_lower = cases[k].got == CVD__PURL_LOWER;
            /* git: host names are case-insensitive, so its namespace is folded anyway */
            bool git_ns = strcmp(name, "git") == 0 && k == 0;
            if (want_lower != got_lower && !(cases[k].got == CVD__PURL_UPPER && cs == NULL) &&
                !git_ns) {
                print_message("type '%s': %s case rule %d disagrees\n", name, cases[k].key,
                              cases[k].got);
                bad++;
            }
        }
        json_t *qd = json_object_get(def, "qualifiers_definition");
        const char *want_q = NULL;
        size_t i;
        json_t *q;
        json_array_foreach(qd, i, q)
        {
            const char *r = json_string_value(json_object_get(q, "requirement"));
            if (r && strcmp(r, "required") == 0)
                want_q = json_string_value(json_object_get(q, "key"));
        }
        if ((want_q == NULL) != (t->required_qualifier == NULL) ||
            (want_q && strcmp(want_q, t->required_qualifier) != 0)) {
            print_message("type '%s': required qualifier disagrees\n", name);
            bad++;
        }
        json_decref(def);
        n++;
    }
    closedir(dir);
    assert_int_equal(n, 42);
    assert_int_equal(bad, 0);
    assert_false(cvd_purl_type_is_known(CVD_STR("nosuchtype")));
    assert_true(cvd_purl_type_is_known(CVD_STR("PyPI")));
}

struct err_row {
    const char *in;
    int code;
    const char *msg; /* a substring of diag.msg */
};

static void test_errors(void **state)
{
    (void)state;
    static const struct err_row rows[] = {
        {"", CVD_EPARSE, "scheme"},
        {"npm/foo", CVD_EPARSE, "scheme"},
        {"http:npm/foo", CVD_EPARSE, "scheme 'http': must be 'pkg'"},
        {"pkg:", CVD_EMISSING, "type: missing"},
        {"pkg:npm", CVD_EMISSING, "name: missing"},
        {"pkg:npm/", CVD_EMISSING, "name: missing"},
        {"pkg:1npm/foo", CVD_EPARSE, "type '1npm': must start with an ASCII letter"},
        {"pkg:n_pm/foo", CVD_EPARSE, "type 'n_pm': only ASCII letters"},
        {"pkg:npm/foo%2", CVD_EPARSE, "name 'foo%2': '%' must start a percent-escape"},
        {"pkg:npm/foo%zz", CVD_EPARSE, "percent-escape"},
        {"pkg:npm/foo%FF", CVD_EUTF8, "name 'foo%FF': not valid UTF-8"},
        {"pkg:npm/fo\to", CVD_EPARSE, "control byte 0x09"},
        {"pkg:npm/foo?a", CVD_EPARSE, "qualifier 'a': has no '='"},
        {"pkg:npm/foo?=b", CVD_EPARSE, "qualifier key: must not be empty"},
        {"pkg:npm/foo?1a=b", CVD_EPARSE, "qualifier key '1a'"},
        {"pkg:npm/foo?a=b&a=c", CVD_EDUP, "qualifier key 'a': given twice"},
        {"pkg:npm/foo?a=b&A=c", CVD_EDUP, "given twice"},
        {"pkg:maven/foo", CVD_EMISSING, "namespace: required for type 'maven'"},
        {"pkg:pypi/a/foo", CVD_EPARSE, "namespace 'a': not allowed for type 'pypi'"},
        {"pkg:julia/Dates", CVD_EMISSING, "qualifier 'uuid': required for type 'julia'"},
        {"pkg:cpan/A::B", CVD_EPARSE, "'::'"},
        {"pkg:generic/a%2Fb/c", CVD_EPARSE, "namespace segment 'a%2Fb': must not contain"},
        {"pkg:generic/a%2Fb", CVD_EPARSE, "name 'a/b': must not contain '/'"},
        {"pkg:chrome-extension/abc", CVD_EPARSE, "32 letters a-p"},
    };
    for (size_t i = 0; i < CVD_ARRAY_LEN(rows); i++) {
        struct cvd_arena a;
        cvd_arena_init(&a, 0);
        struct cvd_purl p;
        struct cvd_diag d = {0};
        int rc = cvd_purl_parse(&a, cvd_str_from_cstr(rows[i].in), 0, &p, &d);
        if (rc != rows[i].code || strstr(d.msg, rows[i].msg) == NULL)
            fail_msg("'%s': want %s '%s', got %s '%s'", rows[i].in, cvd_err_name(rows[i].code),
                     rows[i].msg, cvd_err_name(rc), d.msg);
        cvd_arena_release(&a);
    }
}

struct norm_row {
    const char *in;
    const char *canonical;
};

static void test_normalisation(void **state)
{
    (void)state;
    static const struct norm_row rows[] = {
        {"PKG:npm/foo", "pkg:npm/foo"},
        {"pkg:npm/@vitest%2Fmocker@1.0", "pkg:npm/%40vitest/mocker@1.0"},
        {"pkg:npm/foo@", "pkg:npm/foo"},
        {"pkg:npm/foo?a=&b=1", "pkg:npm/foo?b=1"},
        {"pkg:npm/foo?", "pkg:npm/foo"},
        {"pkg:npm/foo#", "pkg:npm/foo"},
        {"pkg:npm/foo#a/./../b//c", "pkg:npm/foo#a/b/c"},
        {"pkg:generic//a//b/", "pkg:generic/a/b"},
        {"pkg:generic/caf%C3%A9@1 2", "pkg:generic/caf%C3%A9@1%202"},
        {"pkg:generic/café", "pkg:generic/caf%C3%A9"},
        {"pkg:pypi/Foo_Bar.baz", "pkg:pypi/foo-bar.baz"},
        {"pkg:pub/Foo-Bar", "pkg:pub/foo_bar"},
        {"pkg:cpan/drolsky/DateTime", "pkg:cpan/DROLSKY/DateTime"},
        {"pkg:git/GitHub.com/Foo/Bar", "pkg:git/github.com/foo/bar"},
        {"pkg:git/example.org/Foo/Bar", "pkg:git/example.org/Foo/Bar"},
        {"pkg:deb/Debian/Curl@7.0?Arch=amd64", "pkg:deb/debian/curl@7.0?arch=amd64"},
        {"pkg:unknown.type/Ns/Name@V", "pkg:unknown.type/Ns/Name@V"},
    };
    for (size_t i = 0; i < CVD_ARRAY_LEN(rows); i++) {
        struct cvd_arena a;
        cvd_arena_init(&a, 0);
        struct cvd_purl p;
        struct cvd_diag d = {0};
        struct cvd_buf out;
        cvd_buf_init(&out, 0);
        int rc = cvd_purl_parse(&a, cvd_str_from_cstr(rows[i].in), 0, &p, &d);
        if (rc != 0)
            fail_msg("'%s': %s", rows[i].in, d.msg);
        assert_int_equal(cvd_purl_format(&p, &out), 0);
        if (strcmp(out.ptr, rows[i].canonical) != 0)
            fail_msg("'%s': want '%s', got '%s'", rows[i].in, rows[i].canonical, out.ptr);
        cvd_buf_release(&out);
        cvd_arena_release(&a);
    }
}

static void test_limits(void **state)
{
    (void)state;
    struct cvd_arena a;
    cvd_arena_init(&a, 0);
    struct cvd_purl p;
    struct cvd_diag d = {0};
    size_t n = CVD_PURL_MAX_LEN + 1;
    char *big = malloc(n);
    assert_non_null(big);
    memset(big, 'a', n);
    memcpy(big, "pkg:npm/", 8);
    assert_int_equal(cvd_purl_parse(&a, (struct cvd_str){big, n}, 0, &p, &d), CVD_ELIMIT);
    /* 65 qualifiers */
    size_t len = 0;
    len += (size_t)snprintf(big + len, n - len, "pkg:npm/foo?");
    for (int i = 0; i < 65; i++)
        len += (size_t)snprintf(big + len, n - len, "%sk%d=v", i ? "&" : "", i);
    assert_int_equal(cvd_purl_parse(&a, (struct cvd_str){big, len}, 0, &p, &d), CVD_ELIMIT);
    free(big);
    assert_int_equal(cvd_purl_parse(NULL, CVD_STR("pkg:npm/a"), 0, &p, &d), CVD_EINVAL);
    /* an arena cap that cannot hold the result */
    struct cvd_arena small;
    cvd_arena_init(&small, 1);
    assert_int_equal(cvd_purl_parse(&small, CVD_STR("pkg:npm/a"), 0, &p, &d), CVD_ELIMIT);
    cvd_arena_release(&small);
    cvd_arena_release(&a);
}

static void test_out_of_memory(void **state)
{
    (void)state;
    struct cvd_str in = CVD_STR("pkg:maven/org.apache/io@1.0?b=2&a=1#x/y");
    for (long nth = 1; nth < 10; nth++) {
        struct cvd_arena a;
        cvd_arena_init(&a, 0);
        struct cvd_purl p;
        struct cvd_diag d = {0};
        cvd_alloc_fail_at(nth);
        int rc = cvd_purl_parse(&a, in, 0, &p, &d);
        cvd_alloc_fail_at(0);
        assert_true(rc == 0 || rc == CVD_ENOMEM);
        cvd_arena_release(&a);
        if (rc == 0)
            break;
    }
    struct cvd_buf out;
    cvd_buf_init(&out, 0);
    struct cvd_arena a;
    cvd_arena_init(&a, 0);
    struct cvd_purl p;
    assert_int_equal(cvd_purl_parse(&a, in, 0, &p, NULL), 0);
    cvd_alloc_fail_at(1);
    assert_int_equal(cvd_purl_format(&p, &out), CVD_ENOMEM);
    cvd_alloc_fail_at(0);
    assert_int_equal(cvd_purl_format(&p, &out), 0);
    assert_string_equal(out.ptr, "pkg:maven/org.apache/io@1.0?a=1&b=2#x/y");
    cvd_buf_release(&out);
    cvd_arena_release(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_spec_suite),   cmocka_unit_test(test_uppercase_key_modes),
        cmocka_unit_test(test_legacy_suite), cmocka_unit_test(test_type_table),
        cmocka_unit_test(test_errors),       cmocka_unit_test(test_normalisation),
        cmocka_unit_test(test_limits),       cmocka_unit_test(test_out_of_memory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
