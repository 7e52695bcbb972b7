/* libFuzzer target for the HTML template parser and renderer (src/server/template.c). The
 * input is a template; it is parsed beside a fixed partial, linked and rendered twice: with
 * data whose strings hold markup (< > " ') and with the same data where those characters are
 * letters. Escaping cannot be switched off, so the data never adds one of those characters
 * to the output: both renders hold exactly as many of each. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cvd/arena.h"
#include "cvd/json.h"
#include "server/template.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char data_markup[] =
    "{\"s\":\"<x>&'\\\"\",\"n\":12,\"t\":true,\"f\":false,\"z\":null,"
    "\"l\":[\"<x>1\",{\"s\":\"<x>2\",\"l\":[\"'3\\\"\"]},[\"<x>4\"]],"
    "\"o\":{\"s\":\"<x>5\",\"o\":{\"s\":\"x>6\"}},\"e\":\"\",\"a\":[]}";
static const char data_plain[] =
    "{\"s\":\"LxG&QD\",\"n\":12,\"t\":true,\"f\":false,\"z\":null,"
    "\"l\":[\"LxG1\",{\"s\":\"LxG2\",\"l\":[\"Q3D\"]},[\"LxG4\"]],"
    "\"o\":{\"s\":\"LxG5\",\"o\":{\"s\":\"xG6\"}},\"e\":\"\",\"a\":[]}";

static const char partial[] = "[{{s}}{{#l}}{{.}}{{/l}}]";

static void count(const struct cvd_buf *b, size_t ret[4])
{
    memset(ret, 0, 4 * sizeof(*ret));
    for (size_t i = 0; i < b->len; i++) {
        const char *hit = strchr("<>\"'", b->ptr[i]);
        if (b->ptr[i] != '\0' && hit != NULL)
            ret[hit - "<>\"'"]++;
    }
}

/* Render template t with one data document; 0 or the render's error. */
static int render(const struct srv_tmpl_set *s, const char *json, size_t len, struct cvd_buf *out)
{
    struct cvd_arena a;
    cvd_arena_init(&a, 0);
    const struct cvd_json *root;
    if (cvd_json_parse(&a, json, len, NULL, 0, &root, NULL) != 0)
        abort();
    const struct cvd_json *frames[1] = {root};
    struct cvd_diag d;
    int rc = srv_tmpl_render(s, "t", frames, 1, out, &d);
    cvd_arena_release(&a);
    return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 4096)
        return 0;
    struct srv_tmpl_set *s;
    if (srv_tmpl_set_new(&s) != 0)
        abort();
    struct cvd_diag d;
    if (srv_tmpl_add(s, "p", partial, sizeof(partial) - 1, &d) != 0)
        abort();
    int rc = srv_tmpl_add(s, "t", (const char *)data, size, &d);
    if (rc == 0)
        rc = srv_tmpl_link(s, &d);
    if (rc == 0) {
        struct cvd_buf out1, out2;
        cvd_buf_init(&out1, (size_t)1 << 20);
        cvd_buf_init(&out2, (size_t)1 << 20);
        int rc1 = render(s, data_markup, sizeof(data_markup) - 1, &out1);
        int rc2 = render(s, data_plain, sizeof(data_plain) - 1, &out2);
        if (rc1 != 0 && rc1 != CVD_ELIMIT && rc1 != CVD_ENOMEM)
            abort();
        if (rc1 == 0 && rc2 == 0) {
            size_t c1[4], c2[4];
            count(&out1, c1);
            count(&out2, c2);
            if (memcmp(c1, c2, sizeof(c1)) != 0)
                abort();
        }
        cvd_buf_release(&out1);
        cvd_buf_release(&out2);
    } else if (rc != CVD_EPARSE && rc != CVD_ELIMIT && rc != CVD_ENOTFOUND) {
        abort();
    }
    srv_tmpl_set_free(s);
    return 0;
}
