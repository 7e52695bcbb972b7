/* JSON writer: a small state machine over a struct cvd_buf. The first error sticks, so callers
 * may issue a whole sequence of calls and check once (cvd_json_writer_finish). After an error
 * the buffer may end in a partial token; it is not meant to be used then. */
#include "cvd/json.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cvd/alloc.h"
#include "cvd/utf8.h"

#include "json-int.h"

static const char HEX[] = "0123456789abcdef";

void cvd__json_hex_byte(char *buf, unsigned char c)
{
    memcpy(buf, "byte 0x", 7);
    buf[7] = "0123456789ABCDEF"[c >> 4];
    buf[8] = "0123456789ABCDEF"[c & 15];
    buf[9] = '\0';
}

void cvd__json_quote_for_message(char *buf, size_t size, struct cvd_str s)
{
    size_t o = 0;
    if (size < 8) {
        if (size > 0)
            buf[0] = '\0';
        return;
    }
    buf[o++] = '\'';
    for (size_t i = 0; i < s.len; i++) {
        unsigned char c = (unsigned char)s.ptr[i];
        size_t need = (c >= 0x20 && c < 0x7F) ? 1 : 4;
        if (o + need + 5 > size) {
            memcpy(buf + o, "...", 3);
            o += 3;
            break;
        }
        if (need == 1) {
            buf[o++] = (char)c;
        } else {
            buf[o++] = '\\';
            buf[o++] = 'x';
            buf[o++] = HEX[c >> 4];
            buf[o++] = HEX[c & 15];
        }
    }
    buf[o++] = '\'';
    buf[o] = '\0';
}

static bool is_number(struct cvd_str s)
{
    enum cvd__json_number_error err;
    return cvd__json_scan_number(s.ptr, s.ptr + s.len, &err) == s.ptr + s.len &&
           err == CVD__JSON_NUMBER_OK;
}

void cvd_json_writer_init(struct cvd_json_writer *w, struct cvd_buf *out, unsigned flags)
{
    w->out = out;
    w->flags = flags;
    w->depth = 0;
    w->need_comma = false;
    w->after_key = false;
    w->err = out == NULL ? CVD_EINVAL : 0;
}

static int set_err(struct cvd_json_writer *w, int rc)
{
    if (w->err == 0)
        w->err = rc;
    return w->err;
}

static int emit(struct cvd_json_writer *w, const char *p, size_t len)
{
    int rc = cvd_buf_add(w->out, p, len);
    if (rc < 0)
        return set_err(w, rc);
    return 0;
}

static int newline_indent(struct cvd_json_writer *w)
{
    static const char spaces[] = "                                                                ";
    int rc = emit(w, "\n", 1);
    size_t n = (size_t)w->depth * 2;
    while (rc == 0 && n > 0) {
        size_t k = n < sizeof(spaces) - 1 ? n : sizeof(spaces) - 1;
        rc = emit(w, spaces, k);
        n -= k;
    }
    return rc;
}

/* Separator and indentation before a value; CVD_EINVAL where no value may go. */
static int before_value(struct cvd_json_writer *w)
{
    if (w->err)
        return w->err;
    if (w->depth == 0) {
        if (w->need_comma)
            return set_err(w, CVD_EINVAL); /* a second top-level value */
        return 0;
    }
    if (w->kind[w->depth - 1] == '{') {
        if (!w->after_key)
            return set_err(w, CVD_EINVAL); /* a value where a key is due */
        return 0;
    }
    if (w->need_comma && emit(w, ",", 1) < 0)
        return w->err;
    if ((w->flags & CVD_JSON_PRETTY) && newline_indent(w) < 0)
        return w->err;
    return 0;
}

static int after_value(struct cvd_json_writer *w)
{
    w->need_comma = true;
    w->after_key = false;
    return w->err;
}

/* Append s as a JSON string literal. */
static int emit_string(struct cvd_json_writer *w, struct cvd_str s)
{
    if (s.ptr == NULL && s.len > 0)
        return set_err(w, CVD_EINVAL);
    /* Most strings (every key) are printable ASCII with nothing to escape: one copy. */
    size_t plain = 0;
    while (plain < s.len && (unsigned char)s.ptr[plain] >= 0x20 &&
           (unsigned char)s.ptr[plain] < 0x7F && s.ptr[plain] != '"' && s.ptr[plain] != '\\')
        plain++;
    if (plain == s.len) {
        if (emit(w, "\"", 1) < 0 || (s.len && emit(w, s.ptr, s.len) < 0))
            return w->err;
        return emit(w, "\"", 1);
    }
    if (!cvd_utf8_is_valid(s.ptr, s.len))
        return set_err(w, CVD_EUTF8);
    if (emit(w, "\"", 1) < 0)
        return w->err;
    const unsigned char *p = (const unsigned char *)s.ptr;
    size_t run = 0; /* start of the pending run of bytes that need no escape */
    for (size_t i = 0; i < s.len; i++) {
        unsigned char c = p[i];
        char esc[6];
        size_t n = 0;
        if (c >= 0x20 && c != '"' && c != '\\' && c != 0x7F && c != 0xE2)
            continue;
        if (c == 0xE2) {
            /* U+2028 and U+2029 (E2 80 A8/A9) end lines in JavaScript. */
            if (i + 2 < s.len && p[i + 1] == 0x80 && (p[i + 2] == 0xA8 || p[i + 2] == 0xA9)) {
                memcpy(esc, p[i + 2] == 0xA8 ? "\\u2028" : "\\u2029", 6);
                n = 6;
            } else {
                continue;
            }
        } else if (c == '"' || c == '\\') {
            esc[0] = '\\';
            esc[1] = (char)c;
            n = 2;
        } else if (c == '\n' || c == '\r' || c == '\t' || c == '\b' || c == '\f') {
            esc[0] = '\\';
            esc[1] = c == '\n' ? 'n' : c == '\r' ? 'r' : c == '\t' ? 't' : c == '\b' ? 'b' : 'f';
            n = 2;
        } else {
            memcpy(esc, "\\u00", 4);
            esc[4] = HEX[c >> 4];
            esc[5] = HEX[c & 15];
            n = 6;
        }
        if (i > run && emit(w, s.ptr + run, i - run) < 0)
            return w->err;
        if (emit(w, esc, n) < 0)
            return w->err;
        if (c == 0xE2)
            i += 2;
        run = i + 1;
    }
    if (s.len > run && emit(w, s.ptr + run, s.len - run) < 0)
        return w->err;
    return emit(w, "\"", 1);
}

static int begin(struct cvd_json_writer *w, char kind)
{
    if (before_value(w) < 0)
        return w->err;
    if (w->depth >= CVD_JSON_WRITER_MAX_DEPTH)
        return set_err(w, CVD_ELIMIT);
    if (emit(w, kind == '{' ? "{" : "[", 1) < 0)
        return w->err;
    w->kind[w->depth++] = (uint8_t)kind;
    w->need_comma = false;
    w->after_key = false;
    return 0;
}

static int end(struct cvd_json_writer *w, char kind)
{
    if (w->err)
        return w->err;
    if (w->depth == 0 || w->kind[w->depth - 1] != (uint8_t)kind || w->after_key)
        return set_err(w, CVD_EINVAL);
    bool had_children = w->need_comma;
    w->depth--;
    if ((w->flags & CVD_JSON_PRETTY) && had_children && newline_indent(w) < 0)
        return w->err;
    if (emit(w, kind == '{' ? "}" : "]", 1) < 0)
        return w->err;
    return after_value(w);
}

int cvd_json_write_object_begin(struct cvd_json_writer *w)
{
    return begin(w, '{');
}

int cvd_json_write_object_end(struct cvd_json_writer *w)
{
    return end(w, '{');
}

int cvd_json_write_array_begin(struct cvd_json_writer *w)
{
    return begin(w, '[');
}

int cvd_json_write_array_end(struct cvd_json_writer *w)
{
    return end(w, '[');
}

int cvd_json_write_key(struct cvd_json_writer *w, struct cvd_str key)
{
    if (w->err)
        return w->err;
    if (w->depth == 0 || w->kind[w->depth - 1] != '{' || w->after_key)
        return set_err(w, CVD_EINVAL);
    if (w->need_comma && emit(w, ",", 1) < 0)
        return w->err;
    if ((w->flags & CVD_JSON_PRETTY) && newline_indent(w) < 0)
        return w->err;
    if (emit_string(w, key) < 0)
        return w->err;
    if (emit(w, (w->flags & CVD_JSON_PRETTY) ? ": " : ":", (w->flags & CVD_JSON_PRETTY) ? 2 : 1) <
        0)
        return w->err;
    w->after_key = true;
    return 0;
}

int cvd_json_write_string(struct cvd_json_writer *w, struct cvd_str s)
{
    if (before_value(w) < 0 || emit_string(w, s) < 0)
        return w->err;
    return after_value(w);
}

int cvd_json_write_cstr(struct cvd_json_writer *w, const char *s)
{
    if (s == NULL)
        return cvd_json_write_null(w);
    return cvd_json_write_string(w, cvd_str_from_cstr(s));
}

static int write_raw_value(struct cvd_json_writer *w, const char *p, size_t len)
{
    if (before_value(w) < 0 || emit(w, p, len) < 0)
        return w->err;
    return after_value(w);
}

/* Decimal digits of n, written backwards ending at buf + size; returns the start. */
static char *format_u64(char *end, uint64_t n)
{
    char *p = end;
    do {
        *--p = (char)('0' + n % 10);
        n /= 10;
    } while (n != 0);
    return p;
}

int cvd_json_write_i64(struct cvd_json_writer *w, int64_t n)
{
    char buf[24];
    uint64_t mag = n < 0 ? (uint64_t)0 - (uint64_t)n : (uint64_t)n;
    char *p = format_u64(buf + sizeof(buf), mag);
    if (n < 0)
        *--p = '-';
    return write_raw_value(w, p, (size_t)(buf + sizeof(buf) - p));
}

int cvd_json_write_u64(struct cvd_json_writer *w, uint64_t n)
{
    char buf[24];
    char *p = format_u64(buf + sizeof(buf), n);
    return write_raw_value(w, p, (size_t)(buf + sizeof(buf) - p));
}

int cvd_json_write_double(struct cvd_json_writer *w, double d)
{
    if (w->err)
        return w->err;
    if (!isfinite(d))
        return set_err(w, CVD_ERANGE);
    char buf[40];
    int n = 0;
    /* The shortest %.Ng that reads back as the same double; 17 digits always does. */
    for (int prec = 1; prec <= 17; prec++) {
        n = snprintf(buf, sizeof(buf), "%.*g", prec, d);
        if (n <= 0 || (size_t)n >= sizeof(buf))
            return set_err(w, CVD_EINVAL);
        if (strtod(buf, NULL) == d)
            break;
    }
    return write_raw_value(w, buf, (size_t)n);
}

int cvd_json_write_number_text(struct cvd_json_writer *w, struct cvd_str text)
{
    if (w->err)
        return w->err;
    if (text.ptr == NULL || !is_number(text))
        return set_err(w, CVD_EINVAL);
    return write_raw_value(w, text.ptr, text.len);
}

int cvd_json_write_tenths(struct cvd_json_writer *w, int64_t tenths)
{
    char buf[32];
    uint64_t mag = tenths < 0 ? (uint64_t)0 - (uint64_t)tenths : (uint64_t)tenths;
    char *end = buf + sizeof(buf);
    char *p = end;
    *--p = (char)('0' + mag % 10);
    *--p = '.';
    p = format_u64(p, mag / 10);
    if (tenths < 0)
        *--p = '-';
    return write_raw_value(w, p, (size_t)(end - p));
}

int cvd_json_write_bool(struct cvd_json_writer *w, bool b)
{
    return b ? write_raw_value(w, "true", 4) : write_raw_value(w, "false", 5);
}

int cvd_json_write_null(struct cvd_json_writer *w)
{
    return write_raw_value(w, "null", 4);
}

static int compare_members(const void *a, const void *b)
{
    const struct cvd_json_member *x = *(const struct cvd_json_member *const *)a;
    const struct cvd_json_member *y = *(const struct cvd_json_member *const *)b;
    size_t n = x->key.len < y->key.len ? x->key.len : y->key.len;
    int c = n ? memcmp(x->key.ptr, y->key.ptr, n) : 0;
    if (c != 0)
        return c;
    if (x->key.len != y->key.len)
        return x->key.len < y->key.len ? -1 : 1;
    /* Repeated keys (CVD_JSON_ALLOW_DUPLICATES) keep document order: qsort is not stable, but
     * members are contiguous, so their addresses give that order. */
    return x < y ? -1 : x > y;
}

/* Recursion is bounded: begin() refuses to go deeper than CVD_JSON_WRITER_MAX_DEPTH. */
static int write_value(struct cvd_json_writer *w, const struct cvd_json *v, unsigned flags)
{
    switch (v->type) {
    case CVD_JSON_NULL:
        return cvd_json_write_null(w);
    case CVD_JSON_FALSE:
        return cvd_json_write_bool(w, false);
    case CVD_JSON_TRUE:
        return cvd_json_write_bool(w, true);
    case CVD_JSON_NUMBER:
        return cvd_json_write_number_text(w, v->u.text);
    case CVD_JSON_STRING:
        return cvd_json_write_string(w, v->u.text);
    case CVD_JSON_ARRAY:
        if (cvd_json_write_array_begin(w) < 0)
            return w->err;
        for (size_t i = 0; i < v->u.array.len; i++) {
            if (write_value(w, &v->u.array.items[i], flags) < 0)
                return w->err;
        }
        return cvd_json_write_array_end(w);
    case CVD_JSON_OBJECT:
        break;
    default:
        return set_err(w, CVD_EINVAL);
    }
    if (cvd_json_write_object_begin(w) < 0)
        return w->err;
    size_t n = v->u.object.len;
    const struct cvd_json_member *m = v->u.object.members;
    if (!(flags & CVD_JSON_SORT_KEYS) || n < 2) {
        for (size_t i = 0; i < n; i++) {
            if (cvd_json_write_key(w, m[i].key) < 0 || write_value(w, &m[i].value, flags) < 0)
                return w->err;
        }
        return cvd_json_write_object_end(w);
    }
    const struct cvd_json_member **order = cvd_malloc(n * sizeof(*order));
    if (order == NULL)
        return set_err(w, CVD_ENOMEM);
    for (size_t i = 0; i < n; i++)
        order[i] = &m[i];
    qsort(order, n, sizeof(*order), compare_members);
    for (size_t i = 0; i < n; i++) {
        if (cvd_json_write_key(w, order[i]->key) < 0 || write_value(w, &order[i]->value, flags) < 0)
            break;
    }
    cvd_free(order);
    if (w->err)
        return w->err;
    return cvd_json_write_object_end(w);
}

int cvd_json_write_value(struct cvd_json_writer *w, const struct cvd_json *v, unsigned flags)
{
    if (w->err)
        return w->err;
    if (v == NULL)
        return set_err(w, CVD_EINVAL);
    return write_value(w, v, flags | w->flags);
}

int cvd_json_write_kv_cstr(struct cvd_json_writer *w, const char *key, const char *s)
{
    if (key == NULL)
        return set_err(w, CVD_EINVAL);
    if (cvd_json_write_key(w, cvd_str_from_cstr(key)) < 0)
        return w->err;
    return cvd_json_write_cstr(w, s);
}

int cvd_json_write_kv_i64(struct cvd_json_writer *w, const char *key, int64_t n)
{
    if (key == NULL)
        return set_err(w, CVD_EINVAL);
    if (cvd_json_write_key(w, cvd_str_from_cstr(key)) < 0)
        return w->err;
    return cvd_json_write_i64(w, n);
}

int cvd_json_write_kv_bool(struct cvd_json_writer *w, const char *key, bool b)
{
    if (key == NULL)
        return set_err(w, CVD_EINVAL);
    if (cvd_json_write_key(w, cvd_str_from_cstr(key)) < 0)
        return w->err;
    return cvd_json_write_bool(w, b);
}

int cvd_json_writer_finish(struct cvd_json_writer *w)
{
    if (w->err)
        return w->err;
    if (w->depth != 0 || !w->need_comma)
        return set_err(w, CVD_EINVAL);
    return 0;
}
