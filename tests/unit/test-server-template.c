/* server/template: escaping of every special character, variables, sections, inverted
 * sections, partials, missing keys, and malformed templates rejected with name and line. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "cvd/arena.h"
#include "cvd/json.h"
#include "server/template.h"

struct tpl {
    const char *name;
    const char *text;
};

/* Parse the templates, link, render the first with the JSON data; the output in out (or the
 * error, with diag). */
static int render_set(const struct tpl *t, size_t n, const char *json, struct cvd_buf *out,
                      size_t max, struct cvd_diag *d)
{
    struct srv_tmpl_set *s;
    assert_int_equal(srv_tmpl_set_new(&s), 0);
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++)
        rc = srv_tmpl_add(s, t[i].name, t[i].text, strlen(t[i].text), d);
    if (rc == 0)
        rc = srv_tmpl_link(s, d);
    struct cvd_arena a;
    cvd_arena_init(&a, 0);
    cvd_buf_init(out, max);
    if (rc == 0) {
        const struct cvd_json *data = NULL;
        assert_int_equal(cvd_json_parse(&a, json, strlen(json), NULL, 0, &data, NULL), 0);
        const struct cvd_json *frames[1] = {data};
        rc = srv_tmpl_render(s, t[0].name, frames, 1, out, d);
    }
    cvd_arena_release(&a);
    srv_tmpl_set_free(s);
    return rc;
}

static void expect_render(const char *tmpl, const char *json, const char *want)
{
    struct tpl t = {"t", tmpl};
    struct cvd_buf out;
    struct cvd_diag d = {0};
    int rc = render_set(&t, 1, json, &out, 0, &d);
    if (rc != 0)
        fail_msg("template '%s': error %s: %s", tmpl, cvd_err_name(rc), d.msg);
    const char *got = out.ptr ? out.ptr : "";
    if (strcmp(got, want) != 0)
        fail_msg("template '%s' with %s: got '%s', want '%s'", tmpl, json, got, want);
    cvd_buf_release(&out);
}

static void expect_error(const char *tmpl, int code, uint32_t line, const char *msg_part)
{
    struct tpl t = {"page", tmpl};
    struct cvd_buf out;
    struct cvd_diag d = {0};
    int rc = render_set(&t, 1, "{}", &out, 0, &d);
    cvd_buf_release(&out);
    if (rc != code)
        fail_msg("template '%s': got %s, want %s (%s)", tmpl, cvd_err_name(rc), cvd_err_name(code),
                 d.msg);
    if (line != 0 && d.line != line)
        fail_msg("template '%s': line %u, want %u (%s)", tmpl, d.line, line, d.msg);
    if (strstr(d.msg, msg_part) == NULL || strstr(d.msg, "template 'page'") == NULL)
        fail_msg("template '%s': diag '%s' lacks '%s' or the template name", tmpl, d.msg, msg_part);
}

static void test_escaping(void **state)
{
    (void)state;
    expect_render("{{s}}", "{\"s\":\"&\"}", "&amp;");
    expect_render("{{s}}", "{\"s\":\"<\"}", "&lt;");
    expect_render("{{s}}", "{\"s\":\">\"}", "&gt;");
    expect_render("{{s}}", "{\"s\":\"\\\"\"}", "&quot;");
    expect_render("{{s}}", "{\"s\":\"'\"}", "&#39;");
    expect_render("{{s}}", "{\"s\":\"a\\u0000b\"}",
                  "a\xEF\xBF\xBD"
                  "b");
    expect_render("<p title=\"{{s}}\">{{s}}</p>", "{\"s\":\"<script>alert('x')</script>&\\\"\"}",
                  "<p title=\"&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&quot;\">"
                  "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&quot;</p>");
    /* already-escaped text is escaped again: no double meaning */
    expect_render("{{s}}", "{\"s\":\"&amp;\"}", "&amp;amp;");
    /* other bytes pass as they are */
    expect_render("{{s}}", "{\"s\":\"caf\\u00e9 \\u2028 / ` =\"}",
                  "caf\xC3\xA9 \xE2\x80\xA8 / ` =");
    /* numbers and literals */
    expect_render("{{n}} {{t}} {{f}} [{{z}}] [{{a}}] [{{o}}]",
                  "{\"n\":-1.5e3,\"t\":true,\"f\":false,\"z\":null,\"a\":[1],\"o\":{}}",
                  "-1.5e3 true false [] [] []");

    struct cvd_buf b;
    cvd_buf_init(&b, 0);
    assert_int_equal(srv_html_escape(&b, "x&y", 3), 0);
    assert_string_equal(b.ptr, "x&amp;y");
    cvd_buf_release(&b);
}

static void test_variables(void **state)
{
    (void)state;
    expect_render("Hello {{name}}!", "{\"name\":\"Ada\"}", "Hello Ada!");
    expect_render("{{ name }}", "{\"name\":\"Ada\"}", "Ada");
    expect_render("[{{missing}}]", "{\"name\":\"Ada\"}", "[]");
    expect_render("{{a.b.c}}", "{\"a\":{\"b\":{\"c\":\"deep\"}}}", "deep");
    expect_render("[{{a.x.c}}]", "{\"a\":{\"b\":{\"c\":\"deep\"}}}", "[]");
    expect_render("[{{a.b.c}}]", "{\"a\":\"text\"}", "[]");
    expect_render("{{x-y_z}}", "{\"x-y_z\":\"ok\"}", "ok");
    expect_render("no tags", "{}", "no tags");
    expect_render("", "{}", "");
    expect_render("a {{! a comment {with braces} }}b", "{}", "a b");
    expect_render("single { and } braces", "{}", "single { and } braces");
}

static void test_sections(void **state)
{
    (void)state;
    const char *t = "{{#v}}yes{{/v}}";
    expect_render(t, "{\"v\":true}", "yes");
    expect_render(t, "{\"v\":\"text\"}", "yes");
    expect_render(t, "{\"v\":0}", "yes");
    expect_render(t, "{\"v\":{}}", "yes");
    expect_render(t, "{\"v\":false}", "");
    expect_render(t, "{\"v\":null}", "");
    expect_render(t, "{\"v\":\"\"}", "");
    expect_render(t, "{\"v\":[]}", "");
    expect_render(t, "{}", "");
    /* arrays iterate, with "." the item */
    expect_render("{{#l}}<{{.}}>{{/l}}", "{\"l\":[\"a\",\"<b>\",3]}", "<a><&lt;b&gt;><3>");
    expect_render("{{#l}}{{n}}:{{k}};{{/l}}",
                  "{\"k\":\"outer\",\"l\":[{\"n\":1},{\"n\":2,\"k\":\"in\"}]}", "1:outer;2:in;");
    /* objects are entered; outer names stay visible */
    expect_render("{{#u}}{{name}} of {{org}}{{/u}}", "{\"org\":\"CERT\",\"u\":{\"name\":\"Ada\"}}",
                  "Ada of CERT");
    /* a truthy scalar is the context inside */
    expect_render("{{#s}}[{{.}}]{{/s}}", "{\"s\":\"x<\"}", "[x&lt;]");
    /* nested sections and dotted section names */
    expect_render("{{#a}}{{#b.c}}{{d}}{{/b.c}}{{/a}}",
                  "{\"a\":{\"b\":{\"c\":[{\"d\":1},{\"d\":2}]}}}", "12");
    /* inverted */
    const char *inv = "{{^v}}none{{/v}}";
    expect_render(inv, "{}", "none");
    expect_render(inv, "{\"v\":[]}", "none");
    expect_render(inv, "{\"v\":\"\"}", "none");
    expect_render(inv, "{\"v\":false}", "none");
    expect_render(inv, "{\"v\":null}", "none");
    expect_render(inv, "{\"v\":[1]}", "");
    expect_render(inv, "{\"v\":true}", "");
    expect_render("{{#l}}{{.}}{{/l}}{{^l}}empty{{/l}}", "{\"l\":[]}", "empty");
    expect_render("line1\n{{#v}}\nline2\n{{/v}}\n", "{\"v\":true}", "line1\n\nline2\n\n");
}

static void test_partials(void **state)
{
    (void)state;
    struct tpl set[] = {
        {"page", "{{>head}}<main>{{body}}</main>{{>foot}}"},
        {"head", "<h1>{{title}}</h1>"},
        {"foot", "<footer>{{#links}}{{>link}}{{/links}}</footer>"},
        {"link", "<a href=\"{{href}}\">{{text}}</a>"},
    };
    struct cvd_buf out;
    struct cvd_diag d = {0};
    assert_int_equal(
        render_set(set, 4,
                   "{\"title\":\"T&C\",\"body\":\"<b>\",\"links\":[{\"href\":\"/a?x=1&y=2\","
                   "\"text\":\"A\"},{\"href\":\"/b\",\"text\":\"B\"}]}",
                   &out, 0, &d),
        0);
    assert_string_equal(out.ptr, "<h1>T&amp;C</h1><main>&lt;b&gt;</main><footer><a "
                                 "href=\"/a?x=1&amp;y=2\">A</a><a href=\"/b\">B</a></footer>");
    cvd_buf_release(&out);

    struct tpl unknown[] = {{"page", "a\n{{>nope}}"}};
    assert_int_equal(render_set(unknown, 1, "{}", &out, 0, &d), CVD_ENOTFOUND);
    assert_non_null(strstr(d.msg, "template 'page' line 2: unknown partial 'nope'"));
    cvd_buf_release(&out);

    struct tpl self[] = {{"page", "{{>page}}"}};
    assert_int_equal(render_set(self, 1, "{}", &out, 0, &d), CVD_ELIMIT);
    assert_non_null(strstr(d.msg, "includes itself"));
    cvd_buf_release(&out);

    struct tpl cycle[] = {{"page", "{{>a}}"}, {"a", "{{>b}}"}, {"b", "{{#x}}{{>a}}{{/x}}"}};
    assert_int_equal(render_set(cycle, 3, "{}", &out, 0, &d), CVD_ELIMIT);
    cvd_buf_release(&out);

    /* a chain of 18 partials is deeper than 16 */
    struct tpl chain[18];
    char names[18][8];
    char texts[18][16];
    for (int i = 0; i < 18; i++) {
        (void)snprintf(names[i], sizeof(names[i]), "p%d", i);
        if (i < 17)
            (void)snprintf(texts[i], sizeof(texts[i]), "{{>p%d}}", i + 1);
        else
            (void)snprintf(texts[i], sizeof(texts[i]), "end");
        chain[i] = (struct tpl){names[i], texts[i]};
    }
    assert_int_equal(render_set(chain, 18, "{}", &out, 0, &d), CVD_ELIMIT);
    assert_non_null(strstr(d.msg, "deeper than 16"));
    cvd_buf_release(&out);
    /* 16 are fine */
    (void)snprintf(texts[15], sizeof(texts[15]), "end");
    assert_int_equal(render_set(chain, 16, "{}", &out, 0, &d), 0);
    assert_string_equal(out.ptr, "end");
    cvd_buf_release(&out);
}

static void test_malformed(void **state)
{
    (void)state;
    expect_error("{{name", CVD_EPARSE, 1, "'{{' without '}}'");
    expect_error("a\nb\n{{#s}}\nnever closed", CVD_EPARSE, 3, "section {{#s}} is not closed");
    expect_error("{{#a}}{{#b}}{{/a}}{{/b}}", CVD_EPARSE, 1,
                 "{{/a}} closes the open section {{#b}}");
    expect_error("x\n\n{{/a}}", CVD_EPARSE, 3, "{{/a}} closes no section");
    expect_error("{{{raw}}}", CVD_EPARSE, 1, "unescaped output");
    expect_error("{{&raw}}", CVD_EPARSE, 1, "unescaped output");
    expect_error("{{=<% %>=}}", CVD_EPARSE, 1, "delimiters");
    expect_error("{{}}", CVD_EPARSE, 1, "empty tag name");
    expect_error("{{#}}{{/}}", CVD_EPARSE, 1, "empty tag name");
    expect_error("{{a b}}", CVD_EPARSE, 1, "bad tag name 'a b'");
    expect_error("{{a..b}}", CVD_EPARSE, 1, "bad tag name");
    expect_error("{{.a}}", CVD_EPARSE, 1, "bad tag name");
    expect_error("{{a.}}", CVD_EPARSE, 1, "bad tag name");
    expect_error("{{a<b}}", CVD_EPARSE, 1, "bad tag name");
    expect_error("{{>a.b}}", CVD_EPARSE, 1, "bad tag name");
    expect_error("\n{{\x01}}", CVD_EPARSE, 2, "bad tag name '?'");
    char longname[200];
    memset(longname, 'a', sizeof(longname));
    memcpy(longname, "{{", 2);
    memcpy(longname + 150, "}}", 3);
    expect_error(longname, CVD_ELIMIT, 1, "longer than 128");
    char deep[40 * 12 + 1] = "";
    for (int i = 0; i < 33; i++)
        strcat(deep, "{{#a}}");
    expect_error(deep, CVD_ELIMIT, 1, "deeper than 32");

    /* a name given twice, rendering before linking, unknown names */
    struct srv_tmpl_set *s;
    struct cvd_diag d = {0};
    assert_int_equal(srv_tmpl_set_new(&s), 0);
    assert_int_equal(srv_tmpl_add(s, "a", "x", 1, &d), 0);
    assert_int_equal(srv_tmpl_add(s, "a", "y", 1, &d), CVD_EDUP);
    struct cvd_buf out;
    cvd_buf_init(&out, 0);
    assert_int_equal(srv_tmpl_render(s, "a", NULL, 0, &out, &d), CVD_EINVAL);
    assert_int_equal(srv_tmpl_link(s, &d), 0);
    assert_true(srv_tmpl_has(s, "a"));
    assert_false(srv_tmpl_has(s, "b"));
    assert_int_equal(srv_tmpl_render(s, "b", NULL, 0, &out, &d), CVD_ENOTFOUND);
    assert_int_equal(srv_tmpl_render(s, "a", NULL, 0, &out, &d), 0);
    assert_string_equal(out.ptr, "x");
    assert_int_equal(srv_tmpl_add(s, "c", "y", 1, &d), CVD_EINVAL); /* linked: closed */
    cvd_buf_release(&out);
    srv_tmpl_set_free(s);
    srv_tmpl_set_free(NULL);
}

static void test_limits(void **state)
{
    (void)state;
    /* the output buffer's max */
    struct tpl t = {"t", "{{#l}}{{s}}{{/l}}"};
    struct cvd_buf out;
    struct cvd_diag d = {0};
    assert_int_equal(render_set(&t, 1, "{\"s\":\"<<<<\",\"l\":[1,2,3,4,5]}", &out, 30, &d),
                     CVD_ELIMIT);
    cvd_buf_release(&out);
    /* nested iteration is bounded by steps */
    struct tpl cube = {"t", "{{#l}}{{#l}}{{#l}}{{#l}}{{#l}}{{/l}}{{/l}}{{/l}}{{/l}}{{/l}}"};
    char json[4200] = "{\"l\":[";
    for (int i = 0; i < 100; i++)
        strcat(json, i ? ",1" : "1");
    strcat(json, "]}");
    assert_int_equal(render_set(&cube, 1, json, &out, 0, &d), CVD_ELIMIT);
    assert_non_null(strstr(d.msg, "steps"));
    cvd_buf_release(&out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_escaping),  cmocka_unit_test(test_variables),
        cmocka_unit_test(test_sections),  cmocka_unit_test(test_partials),
        cmocka_unit_test(test_malformed), cmocka_unit_test(test_limits),
    };
    return cmocka_run_group_tests_name("server-template", tests, NULL, NULL);
}
