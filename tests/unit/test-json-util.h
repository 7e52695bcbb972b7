/* Helpers shared by the JSON test suites: files, directory listings and the differential
 * comparison of cvd's reader with jansson (the oracle). Included by test-json*.c only. */
#ifndef CVD_TESTS_TEST_JSON_UTIL_H
#define CVD_TESTS_TEST_JSON_UTIL_H

#include <dirent.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>
#include <jansson.h>

#include "cvd/json.h"

struct file {
    char *data;
    size_t len;
};

static struct file read_file(const char *path)
{
    struct file f = {NULL, 0};
    FILE *fp = fopen(path, "rb");
    if (fp == NULL)
        fail_msg("cannot open '%s': %s", path, strerror(errno));
    size_t cap = 4096;
    f.data = malloc(cap);
    assert_non_null(f.data);
    size_t n;
    while ((n = fread(f.data + f.len, 1, cap - f.len, fp)) > 0) {
        f.len += n;
        if (f.len == cap) {
            cap *= 2;
            f.data = realloc(f.data, cap);
            assert_non_null(f.data);
        }
    }
    fclose(fp);
    return f;
}

static char *path_join(const char *a, const char *b)
{
    size_t n = strlen(a) + strlen(b) + 2;
    char *p = malloc(n);
    assert_non_null(p);
    snprintf(p, n, "%s/%s", a, b);
    return p;
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted names of the regular files in dir (or, with recurse, paths below it) ending in
 * suffix. */
struct names {
    char **v;
    size_t len;
    size_t cap;
};

static void names_add(struct names *n, char *s)
{
    if (n->len == n->cap) {
        n->cap = n->cap ? n->cap * 2 : 64;
        n->v = realloc(n->v, n->cap * sizeof(*n->v));
        assert_non_null(n->v);
    }
    n->v[n->len++] = s;
}

static void list_dir(struct names *out, const char *dir, const char *suffix, bool recurse,
                     const char *skip_dir)
{
    DIR *d = opendir(dir);
    if (d == NULL)
        fail_msg("cannot open directory '%s': %s", dir, strerror(errno));
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char *p = path_join(dir, e->d_name);
        struct stat st;
        if (stat(p, &st) != 0) {
            free(p);
            continue;
        }
        if (S_ISDIR(st.st_mode)) {
            if (recurse && (skip_dir == NULL || strcmp(p, skip_dir) != 0))
                list_dir(out, p, suffix, recurse, skip_dir);
            free(p);
            continue;
        }
        size_t nl = strlen(e->d_name);
        size_t sl = strlen(suffix);
        if (nl >= sl && strcmp(e->d_name + nl - sl, suffix) == 0)
            names_add(out, p);
        else
            free(p);
    }
    closedir(d);
    if (out->len > 1)
        qsort(out->v, out->len, sizeof(*out->v), compare_names);
}

static void names_free(struct names *n)
{
    for (size_t i = 0; i < n->len; i++)
        free(n->v[i]);
    free(n->v);
}

static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s != NULL ? s + 1 : path;
}

static int parse(struct cvd_arena *a, const char *s, size_t len, unsigned flags,
                 const struct cvd_json **root, struct cvd_diag *d)
{
    memset(d, 0, sizeof(*d));
    return cvd_json_parse(a, s, len, NULL, flags, root, d);
}

/* ---- differential test against jansson ---- */

static bool find_number(const struct cvd_json *v, bool want_integer_range)
{
    switch (v->type) {
    case CVD_JSON_NUMBER: {
        if (want_integer_range) {
            int64_t i;
            double x;
            /* jansson's "too big (negative) integer": integer syntax beyond int64. */
            return memchr(v->u.text.ptr, '.', v->u.text.len) == NULL &&
                   memchr(v->u.text.ptr, 'e', v->u.text.len) == NULL &&
                   memchr(v->u.text.ptr, 'E', v->u.text.len) == NULL &&
                   cvd_json_to_i64(v, &i) == CVD_ERANGE && cvd_json_to_double(v, &x) == 0;
        }
        double x;
        return cvd_json_to_double(v, &x) == CVD_ERANGE;
    }
    case CVD_JSON_ARRAY:
        for (size_t i = 0; i < v->u.array.len; i++) {
            if (find_number(&v->u.array.items[i], want_integer_range))
                return true;
        }
        return false;
    case CVD_JSON_OBJECT:
        for (size_t i = 0; i < v->u.object.len; i++) {
            if (find_number(&v->u.object.members[i].value, want_integer_range))
                return true;
        }
        return false;
    default:
        return false;
    }
}

static bool has_nul_key(const struct cvd_json *v)
{
    if (v->type == CVD_JSON_ARRAY) {
        for (size_t i = 0; i < v->u.array.len; i++) {
            if (has_nul_key(&v->u.array.items[i]))
                return true;
        }
    } else if (v->type == CVD_JSON_OBJECT) {
        for (size_t i = 0; i < v->u.object.len; i++) {
            const struct cvd_json_member *m = &v->u.object.members[i];
            if (memchr(m->key.ptr, '\0', m->key.len) != NULL || has_nul_key(&m->value))
                return true;
        }
    }
    return false;
}

static size_t max_depth(const struct cvd_json *v)
{
    size_t best = 0;
    if (v->type == CVD_JSON_ARRAY) {
        for (size_t i = 0; i < v->u.array.len; i++) {
            size_t d = max_depth(&v->u.array.items[i]);
            best = d > best ? d : best;
        }
        return best + 1;
    }
    if (v->type == CVD_JSON_OBJECT) {
        for (size_t i = 0; i < v->u.object.len; i++) {
            size_t d = max_depth(&v->u.object.members[i].value);
            best = d > best ? d : best;
        }
        return best + 1;
    }
    return 0;
}

/* Compare a cvd tree with a jansson tree; on a difference, describe it in why. */
static bool same_as_jansson(const struct cvd_json *v, json_t *j, char *why, size_t size)
{
    switch (v->type) {
    case CVD_JSON_NULL:
        if (json_is_null(j))
            return true;
        break;
    case CVD_JSON_TRUE:
        if (json_is_true(j))
            return true;
        break;
    case CVD_JSON_FALSE:
        if (json_is_false(j))
            return true;
        break;
    case CVD_JSON_STRING:
        if (json_is_string(j) && json_string_length(j) == v->u.text.len &&
            memcmp(json_string_value(j), v->u.text.ptr, v->u.text.len) == 0)
            return true;
        break;
    case CVD_JSON_NUMBER:
        if (json_is_integer(j)) {
            int64_t n;
            if (cvd_json_to_i64(v, &n) == 0 && n == (int64_t)json_integer_value(j))
                return true;
        } else if (json_is_real(j)) {
            double x;
            if (cvd_json_to_double(v, &x) == 0 && x == json_real_value(j))
                return true;
        }
        break;
    case CVD_JSON_ARRAY:
        if (!json_is_array(j) || json_array_size(j) != v->u.array.len)
            break;
        for (size_t i = 0; i < v->u.array.len; i++) {
            if (!same_as_jansson(&v->u.array.items[i], json_array_get(j, i), why, size))
                return false;
        }
        return true;
    case CVD_JSON_OBJECT: {
        if (!json_is_object(j) || json_object_size(j) != v->u.object.len)
            break;
        /* jansson 2.14 iterates objects in insertion order. */
        void *it = json_object_iter(j);
        for (size_t i = 0; i < v->u.object.len; i++, it = json_object_iter_next(j, it)) {
            const struct cvd_json_member *m = &v->u.object.members[i];
            if (it == NULL || json_object_iter_key_len(it) != m->key.len ||
                memcmp(json_object_iter_key(it), m->key.ptr, m->key.len) != 0) {
                snprintf(why, size, "member %zu: key differs ('%.*s')", i, (int)m->key.len,
                         m->key.ptr);
                return false;
            }
            if (!same_as_jansson(&m->value, json_object_iter_value(it), why, size))
                return false;
        }
        return true;
    }
    }
    snprintf(why, size, "value at offset %zu differs (cvd type %d, jansson type %d)", v->offset,
             (int)v->type, (int)json_typeof(j));
    return false;
}

/*
 * Parse one document with both; the verdicts must agree, and accepted trees must be equal.
 * Legitimate differences are asserted precisely:
 *  - integers outside int64 ("too big integer") and reals overflowing a double ("real number
 *    overflow"): jansson rejects the document, cvd keeps the number text and its accessors
 *    report CVD_ERANGE;
 *  - nesting: cvd stops at its depth limit (64) with CVD_ELIMIT, jansson at 2048;
 *  - keys holding U+0000: jansson rejects them ("NUL byte in object key not supported"), cvd
 *    keeps them (keys carry their length);
 *  - a NUL byte after the document: jansson stops reading there, cvd rejects the document;
 *  - duplicate keys: both reject (JSON_REJECT_DUPLICATES).
 * Returns 1 when both accepted, 0 when both rejected, 2 for a documented difference.
 */
static int differential(const char *label, const char *data, size_t len)
{
    json_error_t jerr;
    json_t *j =
        json_loadb(data, len, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY | JSON_ALLOW_NUL, &jerr);
    struct cvd_arena a;
    cvd_arena_init(&a, 0);
    const struct cvd_json *root = NULL;
    struct cvd_diag d;
    int rc = parse(&a, data, len, 0, &root, &d);
    int result;
    if (j != NULL && rc == 0) {
        char why[256] = "";
        if (!same_as_jansson(root, j, why, sizeof(why)))
            fail_msg("%s: trees differ: %s", label, why);
        result = 1;
    } else if (j == NULL && rc != 0) {
        result = 0;
    } else if (j == NULL) {
        if (strstr(jerr.text, "too big") != NULL && strstr(jerr.text, "integer") != NULL) {
            if (!find_number(root, true))
                fail_msg("%s: jansson: %s, but cvd has no such number", label, jerr.text);
        } else if (strstr(jerr.text, "real number overflow") != NULL) {
            if (!find_number(root, false))
                fail_msg("%s: jansson: %s, but cvd has no such number", label, jerr.text);
        } else if (strstr(jerr.text, "NUL byte in object key") != NULL) {
            if (!has_nul_key(root))
                fail_msg("%s: jansson: %s, but cvd has no such key", label, jerr.text);
        } else {
            fail_msg("%s: jansson rejects (%s at %d:%d), cvd accepts", label, jerr.text, jerr.line,
                     jerr.column);
        }
        result = 2;
    } else if (rc == CVD_EPARSE && d.offset < len && data[d.offset] == '\0' &&
               strstr(d.msg, "after the document") != NULL) {
        /* jansson reads a NUL byte as the end of its input buffer, so it ignores a NUL and
         * whatever follows the document; cvd rejects it. The part before must be valid. */
        assert_int_equal(cvd_json_parse(&a, data, d.offset, NULL, 0, &root, &d), 0);
        result = 2;
    } else {
        if (rc != CVD_ELIMIT || strstr(d.msg, "nesting deeper") == NULL)
            fail_msg("%s: cvd rejects (%s at %u:%u), jansson accepts", label, d.msg, d.line,
                     d.column);
        struct cvd_limits lim = cvd_limits_default;
        lim.depth = 4096;
        assert_int_equal(cvd_json_parse(&a, data, len, &lim, 0, &root, &d), 0);
        assert_true(max_depth(root) > cvd_limits_default.depth);
        result = 2;
    }
    json_decref(j);
    cvd_arena_release(&a);
    return result;
}

static void run_differential_dir(const char *dir, const char *skip, size_t counts[3])
{
    struct names files = {0};
    list_dir(&files, dir, ".json", true, skip);
    for (size_t i = 0; i < files.len; i++) {
        struct file f = read_file(files.v[i]);
        int r = differential(files.v[i], f.data, f.len);
        counts[r == 1 ? 0 : r == 0 ? 1 : 2]++;
        if (r == 2)
            print_message("documented difference: %s\n", base_name(files.v[i]));
        free(f.data);
    }
    names_free(&files);
}

#endif
