/* libFuzzer target for the JSON reader and writer: parse; on success write the tree back
 * (compact, then pretty with sorted keys), parse each output again and require the same tree
 * (same order for the unsorted output), and require sorted output to be a fixed point. Also
 * exercises the number accessors on every number. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cvd/json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int same_tree(const struct cvd_json *x, const struct cvd_json *y, int sorted_y);

static int same_member_set(const struct cvd_json *x, const struct cvd_json *y)
{
    /* y holds x's members sorted by key (stable for repeated keys): check each member of x
     * has an equal one under the same key in y, by count. */
    if (x->u.object.len != y->u.object.len)
        return 0;
    for (size_t i = 0; i < x->u.object.len; i++) {
        const struct cvd_json_member *m = &x->u.object.members[i];
        int found = 0;
        for (size_t k = 0; k < y->u.object.len && !found; k++) {
            const struct cvd_json_member *n = &y->u.object.members[k];
            found = m->key.len == n->key.len && memcmp(m->key.ptr, n->key.ptr, m->key.len) == 0 &&
                    same_tree(&m->value, &n->value, 1);
        }
        if (!found)
            return 0;
    }
    return 1;
}

static int same_tree(const struct cvd_json *x, const struct cvd_json *y, int sorted_y)
{
    if (x->type != y->type)
        return 0;
    switch (x->type) {
    case CVD_JSON_NUMBER:
    case CVD_JSON_STRING:
        return x->u.text.len == y->u.text.len &&
               memcmp(x->u.text.ptr, y->u.text.ptr, x->u.text.len) == 0;
    case CVD_JSON_ARRAY:
        if (x->u.array.len != y->u.array.len)
            return 0;
        for (size_t i = 0; i < x->u.array.len; i++) {
            if (!same_tree(&x->u.array.items[i], &y->u.array.items[i], sorted_y))
                return 0;
        }
        return 1;
    case CVD_JSON_OBJECT:
        if (sorted_y)
            return same_member_set(x, y);
        if (x->u.object.len != y->u.object.len)
            return 0;
        for (size_t i = 0; i < x->u.object.len; i++) {
            const struct cvd_json_member *a = &x->u.object.members[i];
            const struct cvd_json_member *b = &y->u.object.members[i];
            if (a->key.len != b->key.len || memcmp(a->key.ptr, b->key.ptr, a->key.len) != 0 ||
                !same_tree(&a->value, &b->value, 0))
                return 0;
        }
        return 1;
    default:
        return 1;
    }
}

static void touch_numbers(const struct cvd_json *v)
{
    if (v->type == CVD_JSON_NUMBER) {
        int64_t i;
        uint64_t u;
        double d;
        (void)cvd_json_to_i64(v, &i);
        (void)cvd_json_to_u64(v, &u);
        (void)cvd_json_to_double(v, &d);
    } else if (v->type == CVD_JSON_ARRAY) {
        for (size_t i = 0; i < v->u.array.len; i++)
            touch_numbers(&v->u.array.items[i]);
    } else if (v->type == CVD_JSON_OBJECT) {
        for (size_t i = 0; i < v->u.object.len; i++)
            touch_numbers(&v->u.object.members[i].value);
    }
}

static void write_tree(const struct cvd_json *v, unsigned flags, struct cvd_buf *out)
{
    struct cvd_json_writer w;
    cvd_json_writer_init(&w, out, flags & CVD_JSON_PRETTY);
    if (cvd_json_write_value(&w, v, flags & CVD_JSON_SORT_KEYS) != 0 ||
        cvd_json_writer_finish(&w) != 0)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* The first byte picks the flags, so duplicates and small limits are fuzzed too. */
    unsigned flags = 0;
    struct cvd_limits lim = cvd_limits_default;
    if (size > 0 && data[0] == 0x01) {
        flags = CVD_JSON_ALLOW_DUPLICATES;
        data++;
        size--;
    } else if (size > 0 && data[0] == 0x02) {
        lim.depth = 3;
        lim.string_bytes = 8;
        lim.array_items = 4;
        lim.object_members = 4;
        lim.total_nodes = 20;
        data++;
        size--;
    }
    struct cvd_arena a;
    cvd_arena_init(&a, 0);
    const struct cvd_json *root;
    struct cvd_diag d;
    int rc = cvd_json_parse(&a, (const char *)data, size, &lim, flags, &root, &d);
    if (rc != 0) {
        if (d.code != rc || d.line == 0 || d.column == 0 || d.offset > size ||
            memchr(d.msg, '\0', sizeof(d.msg)) == NULL)
            abort();
        cvd_arena_release(&a);
        return 0;
    }
    touch_numbers(root);

    struct cvd_buf out;
    cvd_buf_init(&out, 0);
    write_tree(root, 0, &out);
    const struct cvd_json *back;
    struct cvd_limits wide = lim;
    if (cvd_json_parse(&a, out.ptr, out.len, &wide, flags, &back, &d) != 0)
        abort();
    if (!same_tree(root, back, 0))
        abort();

    struct cvd_buf sorted;
    cvd_buf_init(&sorted, 0);
    write_tree(root, CVD_JSON_SORT_KEYS | CVD_JSON_PRETTY, &sorted);
    /* pretty output adds whitespace, which may pass input_bytes only; keep that limit open */
    wide.input_bytes = (size_t)-1;
    if (cvd_json_parse(&a, sorted.ptr, sorted.len, &wide, flags, &back, &d) != 0)
        abort();
    if (!same_tree(root, back, 1))
        abort();
    struct cvd_buf again;
    cvd_buf_init(&again, 0);
    write_tree(back, CVD_JSON_SORT_KEYS | CVD_JSON_PRETTY, &again);
    if (again.len != sorted.len || memcmp(again.ptr, sorted.ptr, sorted.len) != 0)
        abort();

    cvd_buf_release(&again);
    cvd_buf_release(&sorted);
    cvd_buf_release(&out);
    cvd_arena_release(&a);
    return 0;
}
