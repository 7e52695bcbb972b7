/* JSON reader (RFC 8259, strict): one pass over the input with an explicit stack of open
 * containers, so nesting costs heap memory bounded by the depth limit, never C stack.
 *
 * Children of an open container are collected on two scratch stacks (values for arrays,
 * members for objects); when the container closes they are copied into the arena as one
 * contiguous block, so the finished tree has no per-value heap allocations and no links.
 *
 * Every string, key and number is copied into the arena (NUL-terminated), so the tree never
 * refers to the input buffer. Line and column are computed only when an error is reported. */
#include "cvd/json.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cvd/alloc.h"
#include "cvd/checked.h"
#include "cvd/utf8.h"

#include "json-int.h"

enum { FRAME_ARRAY, FRAME_OBJECT };

struct frame {
    size_t start;  /* index of the container's first child on its scratch stack */
    size_t offset; /* byte offset of its '[' or '{' */
    int kind;      /* FRAME_ARRAY or FRAME_OBJECT */
};

struct scratch_member {
    struct cvd_json_member m;
    size_t key_offset; /* where the key starts, for duplicate-key errors */
};

struct reader {
    const char *in;
    const char *end;
    struct cvd_arena *a;
    const struct cvd_limits *lim;
    unsigned flags;
    struct cvd_diag *diag;

    struct cvd_json *items; /* scratch: children of open arrays */
    size_t items_len;
    size_t items_cap;
    struct scratch_member *members; /* scratch: members of open objects */
    size_t members_len;
    size_t members_cap;
    struct frame *frames;
    size_t frames_cap;
    size_t depth;
    size_t nodes;
    uint32_t *slots; /* hash set for duplicate keys of large objects */
    size_t slots_cap;
};

/* ---- diagnostics ---- */

static void position(const char *in, size_t offset, uint32_t *ret_line, uint32_t *ret_col)
{
    uint32_t line = 1;
    size_t line_start = 0;
    for (size_t i = 0; i < offset; i++) {
        if (in[i] == '\n') {
            line++;
            line_start = i + 1;
        }
    }
    *ret_line = line;
    *ret_col = (uint32_t)(offset - line_start + 1);
}

static int fail_at(struct reader *r, int code, const char *at, const char *fmt, ...)
    CVD_PRINTF(4, 5);

static int fail_at(struct reader *r, int code, const char *at, const char *fmt, ...)
{
    if (r->diag == NULL)
        return code;
    va_list ap;
    va_start(ap, fmt);
    cvd_diag_vset(r->diag, code, fmt, ap);
    va_end(ap);
    size_t offset = (size_t)(at - r->in);
    r->diag->offset = offset;
    position(r->in, offset, &r->diag->line, &r->diag->column);
    return code;
}

/* What is at p, for "found X" in messages: 'x', byte 0xNN or end of input. */
static const char *describe(const struct reader *r, const char *p, char buf[16])
{
    if (p >= r->end)
        return "end of input";
    unsigned char c = (unsigned char)*p;
    if (c >= 0x20 && c < 0x7F) {
        buf[0] = '\'';
        buf[1] = (char)c;
        buf[2] = '\'';
        buf[3] = '\0';
        return buf;
    }
    cvd__json_hex_byte(buf, c);
    return buf;
}

static int fail_found(struct reader *r, const char *p, const char *what)
{
    char buf[16];
    return fail_at(r, CVD_EPARSE, p, "%s, found %s", what, describe(r, p, buf));
}

static int fail_memory(struct reader *r, const char *p)
{
    int rc = cvd_arena_error(r->a);
    if (rc == 0)
        rc = CVD_ENOMEM;
    if (rc == CVD_ELIMIT)
        return fail_at(r, rc, p, "document needs more memory than the arena allows");
    return fail_at(r, rc, p, "out of memory");
}

/* ---- scratch stacks ---- */

static int grow(void **p, size_t *cap, size_t elem)
{
    size_t n = *cap ? *cap * 2 : 64;
    size_t bytes;
    if (cvd_size_mul(n, elem, &bytes) < 0)
        return CVD_ENOMEM;
    void *q = cvd_realloc(*p, bytes);
    if (q == NULL)
        return CVD_ENOMEM;
    *p = q;
    *cap = n;
    return 0;
}

static void reader_release(struct reader *r)
{
    cvd_free(r->items);
    cvd_free(r->members);
    cvd_free(r->frames);
    cvd_free(r->slots);
}

/* ---- strings ---- */

static const uint64_t ONES = UINT64_C(0x0101010101010101);
static const uint64_t HIGH = UINT64_C(0x8080808080808080);

/* Non-zero when one of the 8 bytes is '"', '\\', a control character or non-ASCII. The lowest
 * flagged byte is exact (borrows only run towards higher bytes), which is all the scan needs. */
static inline uint64_t special_bytes(uint64_t x)
{
    uint64_t q = x ^ (ONES * '"');
    uint64_t b = x ^ (ONES * '\\');
    return ((x - ONES * 0x20) | (q - ONES) | (b - ONES) | x) & HIGH;
}

static inline int hex_value(unsigned char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c |= 0x20;
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

static int read_hex4(struct reader *r, const char *p, uint32_t *ret)
{
    uint32_t v = 0;
    if (r->end - p < 4)
        return fail_at(r, CVD_EPARSE, p - 2, "incomplete \\u escape in string");
    for (int i = 0; i < 4; i++) {
        int h = hex_value((unsigned char)p[i]);
        if (h < 0) {
            char buf[16];
            return fail_at(r, CVD_EPARSE, p + i, "expected hex digit in \\u escape, found %s",
                           describe(r, p + i, buf));
        }
        v = (v << 4) | (uint32_t)h;
    }
    *ret = v;
    return 0;
}

/* Decode the escaped string body raw[0..len) (known to end before the closing quote, UTF-8
 * already checked) into out; returns the decoded length or a negative error. */
static long long decode_escapes(struct reader *r, const char *raw, size_t len, char *out)
{
    const char *p = raw;
    const char *end = raw + len;
    char *o = out;
    while (p < end) {
        const char *bs = memchr(p, '\\', (size_t)(end - p));
        if (bs == NULL)
            bs = end;
        memcpy(o, p, (size_t)(bs - p));
        o += bs - p;
        p = bs;
        if (p == end)
            break;
        /* p is at a backslash; the scan guaranteed at least one more byte. */
        char c = p[1];
        switch (c) {
        case '"':
        case '\\':
        case '/':
            *o++ = c;
            p += 2;
            continue;
        case 'b':
            *o++ = '\b';
            p += 2;
            continue;
        case 'f':
            *o++ = '\f';
            p += 2;
            continue;
        case 'n':
            *o++ = '\n';
            p += 2;
            continue;
        case 'r':
            *o++ = '\r';
            p += 2;
            continue;
        case 't':
            *o++ = '\t';
            p += 2;
            continue;
        case 'u':
            break;
        default: {
            char buf[16];
            return fail_at(r, CVD_EPARSE, p, "invalid escape '\\%s' in string",
                           (unsigned char)c >= 0x20 && (unsigned char)c < 0x7F
                               ? (buf[0] = c, buf[1] = '\0', buf)
                               : (cvd__json_hex_byte(buf, (unsigned char)c), buf));
        }
        }
        uint32_t cp;
        int rc = read_hex4(r, p + 2, &cp);
        if (rc < 0)
            return rc;
        if (cp >= 0xDC00 && cp <= 0xDFFF)
            return fail_at(r, CVD_EUTF8, p, "lone low surrogate \\u%04X in string", (unsigned)cp);
        if (cp >= 0xD800 && cp <= 0xDBFF) {
            uint32_t lo;
            if (end - p < 12 || p[6] != '\\' || p[7] != 'u')
                return fail_at(r, CVD_EUTF8, p,
                               "high surrogate \\u%04X not followed by a low surrogate",
                               (unsigned)cp);
            rc = read_hex4(r, p + 8, &lo);
            if (rc < 0)
                return rc;
            if (lo < 0xDC00 || lo > 0xDFFF)
                return fail_at(r, CVD_EUTF8, p,
                               "high surrogate \\u%04X not followed by a low surrogate",
                               (unsigned)cp);
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            p += 12;
        } else {
            p += 6;
        }
        o += cvd_utf8_encode(cp, o);
    }
    return (long long)(o - out);
}

/* Read the string whose opening quote is at q; on success *ret holds the arena copy and the
 * cursor after the closing quote is returned through *ret_next. */
static int read_string(struct reader *r, const char *q, struct cvd_str *ret, const char **ret_next)
{
    const char *start = q + 1;
    const char *p = start;
    const char *end = r->end;
    bool escaped = false;
    for (;;) {
        while (end - p >= 8) {
            uint64_t x;
            memcpy(&x, p, 8);
            uint64_t s = special_bytes(x);
            if (s != 0) {
                p += (unsigned)__builtin_ctzll(s) >> 3;
                break;
            }
            p += 8;
        }
        if (p >= end)
            return fail_at(r, CVD_EPARSE, q, "unterminated string");
        unsigned char c = (unsigned char)*p;
        if (c == '"')
            break;
        if (c == '\\') {
            escaped = true;
            if (end - p < 2)
                return fail_at(r, CVD_EPARSE, q, "unterminated string");
            p += 2;
            continue;
        }
        if (c < 0x20)
            return fail_at(r, CVD_EPARSE, p,
                           "unescaped control character 0x%02X in string (use \\u%04X)", c, c);
        if (c >= 0x80) {
            uint32_t cp;
            size_t n = cvd_utf8_decode(p, (size_t)(end - p), &cp);
            if (n == 0)
                return fail_at(r, CVD_EUTF8, p, "invalid UTF-8 in string at byte 0x%02X", c);
            p += n;
            continue;
        }
        p++; /* a plain byte of an 8-byte block that held a special one */
    }
    size_t raw_len = (size_t)(p - start);
    if (!escaped && raw_len > r->lim->string_bytes)
        return fail_at(r, CVD_ELIMIT, q, "string longer than %zu bytes", r->lim->string_bytes);
    char *out = cvd_arena_alloc(r->a, raw_len + 1);
    if (out == NULL)
        return fail_memory(r, q);
    size_t len = raw_len;
    if (!escaped) {
        memcpy(out, start, raw_len);
    } else {
        long long n = decode_escapes(r, start, raw_len, out);
        if (n < 0)
            return (int)n;
        len = (size_t)n;
        if (len > r->lim->string_bytes)
            return fail_at(r, CVD_ELIMIT, q, "string longer than %zu bytes", r->lim->string_bytes);
    }
    out[len] = '\0';
    ret->ptr = out;
    ret->len = len;
    *ret_next = p + 1;
    return 0;
}

/* ---- numbers ---- */

static int read_number(struct reader *r, const char *s, struct cvd_str *ret, const char **ret_next)
{
    enum cvd__json_number_error err;
    const char *p = cvd__json_scan_number(s, r->end, &err);
    switch (err) {
    case CVD__JSON_NUMBER_OK:
        break;
    case CVD__JSON_NUMBER_LEADING_ZERO:
        return fail_at(r, CVD_EPARSE, s, "number with a leading zero");
    case CVD__JSON_NUMBER_NO_DIGIT:
        return fail_found(r, p, "expected digit after '-'");
    case CVD__JSON_NUMBER_NO_FRACTION_DIGIT:
        return fail_found(r, p, "expected digit after '.' in number");
    case CVD__JSON_NUMBER_NO_EXPONENT_DIGIT:
        return fail_found(r, p, "expected digit in exponent of number");
    }
    size_t len = (size_t)(p - s);
    char *out = cvd_arena_alloc(r->a, len + 1);
    if (out == NULL)
        return fail_memory(r, s);
    memcpy(out, s, len);
    out[len] = '\0';
    ret->ptr = out;
    ret->len = len;
    *ret_next = p;
    return 0;
}

/* ---- containers ---- */

static bool key_eq(const struct cvd_str *a, const struct cvd_str *b)
{
    return a->len == b->len && memcmp(a->ptr, b->ptr, a->len) == 0;
}

static uint32_t key_hash(const struct cvd_str *k)
{
    /* FNV-1a: plenty for keys of one object. */
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < k->len; i++)
        h = (h ^ (unsigned char)k->ptr[i]) * 16777619u;
    return h;
}

static int fail_dup(struct reader *r, const struct scratch_member *m)
{
    char name[96];
    cvd__json_quote_for_message(name, sizeof(name), m->m.key);
    return fail_at(r, CVD_EDUP, r->in + m->key_offset, "duplicate key %s in object", name);
}

/* Reject a repeated key among m[0..n); reports the second occurrence. */
static int check_duplicates(struct reader *r, const struct scratch_member *m, size_t n)
{
    if (n <= 16) {
        for (size_t i = 1; i < n; i++) {
            for (size_t j = 0; j < i; j++) {
                if (key_eq(&m[i].m.key, &m[j].m.key))
                    return fail_dup(r, &m[i]);
            }
        }
        return 0;
    }
    size_t cap = 64;
    while (cap < n * 2)
        cap *= 2;
    if (cap > r->slots_cap) {
        uint32_t *s = cvd_realloc(r->slots, cap * sizeof(*s));
        if (s == NULL)
            return fail_at(r, CVD_ENOMEM, r->in + m[0].key_offset, "out of memory");
        r->slots = s;
        r->slots_cap = cap;
    }
    memset(r->slots, 0xFF, cap * sizeof(*r->slots));
    for (size_t i = 0; i < n; i++) {
        size_t h = key_hash(&m[i].m.key) & (cap - 1);
        while (r->slots[h] != UINT32_MAX) {
            if (key_eq(&m[r->slots[h]].m.key, &m[i].m.key))
                return fail_dup(r, &m[i]);
            h = (h + 1) & (cap - 1);
        }
        r->slots[h] = (uint32_t)i;
    }
    return 0;
}

static int close_array(struct reader *r, const char *p, struct cvd_json *v)
{
    struct frame *f = &r->frames[r->depth - 1];
    size_t n = r->items_len - f->start;
    v->type = CVD_JSON_ARRAY;
    v->offset = f->offset;
    v->u.array.items = NULL;
    v->u.array.len = n;
    if (n > 0) {
        struct cvd_json *dst = cvd_arena_alloc_array(r->a, n, sizeof(*dst));
        if (dst == NULL)
            return fail_memory(r, p);
        memcpy(dst, r->items + f->start, n * sizeof(*dst));
        v->u.array.items = dst;
    }
    r->items_len = f->start;
    r->depth--;
    return 0;
}

static int close_object(struct reader *r, const char *p, struct cvd_json *v)
{
    struct frame *f = &r->frames[r->depth - 1];
    size_t n = r->members_len - f->start;
    v->type = CVD_JSON_OBJECT;
    v->offset = f->offset;
    v->u.object.members = NULL;
    v->u.object.len = n;
    if (n > 0) {
        /* Only here: with no member yet, r->members is NULL and NULL + 0 is undefined. */
        const struct scratch_member *src = r->members + f->start;
        if (!(r->flags & CVD_JSON_ALLOW_DUPLICATES)) {
            int rc = check_duplicates(r, src, n);
            if (rc < 0)
                return rc;
        }
        struct cvd_json_member *dst = cvd_arena_alloc_array(r->a, n, sizeof(*dst));
        if (dst == NULL)
            return fail_memory(r, p);
        for (size_t i = 0; i < n; i++)
            dst[i] = src[i].m;
        v->u.object.members = dst;
    }
    r->members_len = f->start;
    r->depth--;
    return 0;
}

static int open_container(struct reader *r, const char *p, int kind)
{
    if (r->depth >= r->lim->depth)
        return fail_at(r, CVD_ELIMIT, p, "nesting deeper than %u levels", (unsigned)r->lim->depth);
    if (r->depth == r->frames_cap && grow((void **)&r->frames, &r->frames_cap, sizeof(*r->frames)))
        return fail_at(r, CVD_ENOMEM, p, "out of memory");
    struct frame *f = &r->frames[r->depth++];
    f->kind = kind;
    f->offset = (size_t)(p - r->in);
    f->start = kind == FRAME_ARRAY ? r->items_len : r->members_len;
    return 0;
}

/* Read a key (p at its opening quote) and the ':' after it; push a member for it. */
static int read_key(struct reader *r, const char *p, const char **ret_next)
{
    struct frame *f = &r->frames[r->depth - 1];
    if (r->members_len - f->start >= r->lim->object_members)
        return fail_at(r, CVD_ELIMIT, p, "object with more than %zu members",
                       r->lim->object_members);
    if (r->members_len == r->members_cap &&
        grow((void **)&r->members, &r->members_cap, sizeof(*r->members)))
        return fail_at(r, CVD_ENOMEM, p, "out of memory");
    struct scratch_member *m = &r->members[r->members_len];
    m->key_offset = (size_t)(p - r->in);
    int rc = read_string(r, p, &m->m.key, &p);
    if (rc < 0)
        return rc;
    r->members_len++;
    *ret_next = p;
    return 0;
}

static inline const char *skip_ws(const char *p, const char *end)
{
    while (p < end) {
        char c = *p;
        if (c == ' ' || c == '\n' || c == '\r' || c == '\t')
            p++;
        else
            break;
    }
    return p;
}

int cvd_json_parse(struct cvd_arena *a, const char *in, size_t len, const struct cvd_limits *lim,
                   unsigned flags, const struct cvd_json **ret_root, struct cvd_diag *diag)
{
    if (a == NULL || (in == NULL && len > 0) || ret_root == NULL)
        return cvd_diag_set(diag, CVD_EINVAL, "invalid argument");
    struct reader r = {
        .in = in,
        .end = in + len,
        .a = a,
        .lim = lim != NULL ? lim : &cvd_limits_default,
        .flags = flags,
        .diag = diag,
    };
    const char *p = in;
    const char *end = r.end;
    struct cvd_json v;
    int rc;

    if (len > r.lim->input_bytes) {
        rc = fail_at(&r, CVD_ELIMIT, in, "document larger than %zu bytes", r.lim->input_bytes);
        goto out;
    }
    if (len >= 3 && memcmp(in, "\xEF\xBB\xBF", 3) == 0) {
        rc = fail_at(&r, CVD_EPARSE, in, "byte order mark (U+FEFF) before the document");
        goto out;
    }

value:
    p = skip_ws(p, end);
    if (p >= end) {
        rc = fail_found(&r, p, "expected value");
        goto out;
    }
    if (++r.nodes > r.lim->total_nodes) {
        rc = fail_at(&r, CVD_ELIMIT, p, "document with more than %zu values", r.lim->total_nodes);
        goto out;
    }
    v.offset = (size_t)(p - in);
    switch (*p) {
    case '"':
        v.type = CVD_JSON_STRING;
        rc = read_string(&r, p, &v.u.text, &p);
        if (rc < 0)
            goto out;
        break;
    case '-':
    case '0':
    case '1':
    case '2':
    case '3':
    case '4':
    case '5':
    case '6':
    case '7':
    case '8':
    case '9':
        v.type = CVD_JSON_NUMBER;
        rc = read_number(&r, p, &v.u.text, &p);
        if (rc < 0)
            goto out;
        break;
    case 't':
        if (end - p < 4 || memcmp(p, "true", 4) != 0) {
            rc = fail_found(&r, p, "expected value");
            goto out;
        }
        v.type = CVD_JSON_TRUE;
        p += 4;
        break;
    case 'f':
        if (end - p < 5 || memcmp(p, "false", 5) != 0) {
            rc = fail_found(&r, p, "expected value");
            goto out;
        }
        v.type = CVD_JSON_FALSE;
        p += 5;
        break;
    case 'n':
        if (end - p < 4 || memcmp(p, "null", 4) != 0) {
            rc = fail_found(&r, p, "expected value");
            goto out;
        }
        v.type = CVD_JSON_NULL;
        p += 4;
        break;
    case '[':
        rc = open_container(&r, p, FRAME_ARRAY);
        if (rc < 0)
            goto out;
        p = skip_ws(p + 1, end);
        if (p < end && *p == ']') {
            rc = close_array(&r, p, &v);
            if (rc < 0)
                goto out;
            p++;
            break;
        }
        goto value;
    case '{':
        rc = open_container(&r, p, FRAME_OBJECT);
        if (rc < 0)
            goto out;
        p = skip_ws(p + 1, end);
        if (p < end && *p == '}') {
            rc = close_object(&r, p, &v);
            if (rc < 0)
                goto out;
            p++;
            break;
        }
        goto key;
    default:
        rc = fail_found(&r, p, "expected value");
        goto out;
    }

after_value:
    if (r.depth == 0)
        goto done;
    {
        struct frame *f = &r.frames[r.depth - 1];
        if (f->kind == FRAME_ARRAY) {
            if (r.items_len - f->start >= r.lim->array_items) {
                rc = fail_at(&r, CVD_ELIMIT, in + v.offset, "array with more than %zu items",
                             r.lim->array_items);
                goto out;
            }
            if (r.items_len == r.items_cap &&
                grow((void **)&r.items, &r.items_cap, sizeof(*r.items))) {
                rc = fail_at(&r, CVD_ENOMEM, p, "out of memory");
                goto out;
            }
            r.items[r.items_len++] = v;
            p = skip_ws(p, end);
            if (p < end && *p == ',') {
                p++;
                goto value;
            }
            if (p < end && *p == ']') {
                rc = close_array(&r, p, &v);
                if (rc < 0)
                    goto out;
                p++;
                goto after_value;
            }
            rc = fail_found(&r, p, "expected ',' or ']' after array item");
            goto out;
        }
        r.members[r.members_len - 1].m.value = v;
        p = skip_ws(p, end);
        if (p < end && *p == ',') {
            p = skip_ws(p + 1, end);
            goto key;
        }
        if (p < end && *p == '}') {
            rc = close_object(&r, p, &v);
            if (rc < 0)
                goto out;
            p++;
            goto after_value;
        }
        rc = fail_found(&r, p, "expected ',' or '}' after object member");
        goto out;
    }

key:
    /* p is at the first byte after '{' or ',' and its whitespace. */
    if (p >= end || *p != '"') {
        rc = fail_found(&r, p, "expected '\"' to start an object key");
        goto out;
    }
    rc = read_key(&r, p, &p);
    if (rc < 0)
        goto out;
    p = skip_ws(p, end);
    if (p >= end || *p != ':') {
        rc = fail_found(&r, p, "expected ':' after object key");
        goto out;
    }
    p++;
    goto value;

done:
    p = skip_ws(p, end);
    if (p < end) {
        char buf[16];
        rc = fail_at(&r, CVD_EPARSE, p, "unexpected %s after the document", describe(&r, p, buf));
        goto out;
    }
    {
        struct cvd_json *root = cvd_arena_alloc(a, sizeof(*root));
        if (root == NULL) {
            rc = fail_memory(&r, p);
            goto out;
        }
        *root = v;
        *ret_root = root;
    }
    rc = 0;
out:
    reader_release(&r);
    return rc;
}

/* ---- accessors ---- */

size_t cvd_json_len(const struct cvd_json *v)
{
    if (v == NULL)
        return 0;
    if (v->type == CVD_JSON_ARRAY)
        return v->u.array.len;
    if (v->type == CVD_JSON_OBJECT)
        return v->u.object.len;
    return 0;
}

const struct cvd_json *cvd_json_at(const struct cvd_json *v, size_t i)
{
    if (!cvd_json_is(v, CVD_JSON_ARRAY) || i >= v->u.array.len)
        return NULL;
    return &v->u.array.items[i];
}

const struct cvd_json_member *cvd_json_member_at(const struct cvd_json *v, size_t i)
{
    if (!cvd_json_is(v, CVD_JSON_OBJECT) || i >= v->u.object.len)
        return NULL;
    return &v->u.object.members[i];
}

const struct cvd_json *cvd_json_get_str(const struct cvd_json *v, struct cvd_str key)
{
    if (!cvd_json_is(v, CVD_JSON_OBJECT))
        return NULL;
    for (size_t i = 0; i < v->u.object.len; i++) {
        const struct cvd_json_member *m = &v->u.object.members[i];
        if (m->key.len == key.len && memcmp(m->key.ptr, key.ptr, key.len) == 0)
            return &m->value;
    }
    return NULL;
}

const struct cvd_json *cvd_json_get(const struct cvd_json *v, const char *key)
{
    if (key == NULL)
        return NULL;
    return cvd_json_get_str(v, cvd_str_from_cstr(key));
}

struct cvd_str cvd_json_string(const struct cvd_json *v)
{
    if (!cvd_json_is(v, CVD_JSON_STRING))
        return (struct cvd_str){NULL, 0};
    return v->u.text;
}

/*
 * Exact integer value of number text: sign, significant digits and a decimal exponent, so
 * 1.5e1, 150e-1 and 15 are all 15, and 1.5 is not an integer. Returns 0 and the magnitude, or
 * CVD_ERANGE when the value is not an integer or its magnitude exceeds UINT64_MAX.
 */
static int number_magnitude(struct cvd_str t, bool *ret_neg, uint64_t *ret_mag)
{
    const char *p = t.ptr;
    const char *end = t.ptr + t.len;
    bool neg = false;
    if (p < end && *p == '-') {
        neg = true;
        p++;
    }
    const char *int_start = p;
    while (p < end && cvd_ascii_is_digit(*p))
        p++;
    const char *int_end = p;
    const char *frac_start = p;
    const char *frac_end = p;
    if (p < end && *p == '.') {
        frac_start = ++p;
        while (p < end && cvd_ascii_is_digit(*p))
            p++;
        frac_end = p;
    }
    int64_t exp = 0;
    if (p < end && (*p == 'e' || *p == 'E')) {
        p++;
        bool eneg = false;
        if (p < end && (*p == '+' || *p == '-'))
            eneg = *p++ == '-';
        while (p < end && cvd_ascii_is_digit(*p)) {
            if (exp < 100000000)
                exp = exp * 10 + (*p - '0');
            p++;
        }
        if (eneg)
            exp = -exp;
    }
    /* Digits of the significand, int part then fraction, without leading zeros. */
    char digits[24];
    size_t nd = 0;
    int64_t scale = exp; /* value = digits * 10^scale */
    bool leading = true;
    int64_t dropped_nonzero = 0;
    for (int part = 0; part < 2; part++) {
        const char *s = part == 0 ? int_start : frac_start;
        const char *e = part == 0 ? int_end : frac_end;
        for (; s < e; s++) {
            if (part == 1)
                scale--;
            if (leading && *s == '0')
                continue;
            leading = false;
            if (nd < sizeof(digits)) {
                digits[nd++] = *s;
            } else {
                /* More than 24 significant digits: only trailing zeros could keep it exact. */
                if (*s != '0')
                    dropped_nonzero = 1;
                scale++;
            }
        }
    }
    if (nd == 0) {
        *ret_neg = neg;
        *ret_mag = 0;
        return 0;
    }
    if (dropped_nonzero)
        return CVD_ERANGE;
    while (nd > 0 && digits[nd - 1] == '0') {
        nd--;
        scale++;
    }
    if (scale < 0)
        return CVD_ERANGE; /* a fraction remains */
    if ((int64_t)nd + scale > 20)
        return CVD_ERANGE;
    uint64_t mag = 0;
    for (size_t i = 0; i < nd; i++) {
        if (__builtin_mul_overflow(mag, 10, &mag) ||
            __builtin_add_overflow(mag, (uint64_t)(digits[i] - '0'), &mag))
            return CVD_ERANGE;
    }
    for (int64_t i = 0; i < scale; i++) {
        if (__builtin_mul_overflow(mag, 10, &mag))
            return CVD_ERANGE;
    }
    *ret_neg = neg;
    *ret_mag = mag;
    return 0;
}

int cvd_json_to_i64(const struct cvd_json *v, int64_t *ret)
{
    if (!cvd_json_is(v, CVD_JSON_NUMBER))
        return CVD_ETYPE;
    bool neg;
    uint64_t mag;
    int rc = number_magnitude(v->u.text, &neg, &mag);
    if (rc < 0)
        return rc;
    if (neg) {
        if (mag > (uint64_t)INT64_MAX + 1)
            return CVD_ERANGE;
        *ret = mag == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)mag;
    } else {
        if (mag > (uint64_t)INT64_MAX)
            return CVD_ERANGE;
        *ret = (int64_t)mag;
    }
    return 0;
}

int cvd_json_to_u64(const struct cvd_json *v, uint64_t *ret)
{
    if (!cvd_json_is(v, CVD_JSON_NUMBER))
        return CVD_ETYPE;
    bool neg;
    uint64_t mag;
    int rc = number_magnitude(v->u.text, &neg, &mag);
    if (rc < 0)
        return rc;
    if (neg && mag != 0)
        return CVD_ERANGE;
    *ret = mag;
    return 0;
}

int cvd_json_to_double(const struct cvd_json *v, double *ret)
{
    if (!cvd_json_is(v, CVD_JSON_NUMBER))
        return CVD_ETYPE;
    /* The reader NUL-terminates number text in the arena; JSON number syntax is a subset of
     * what strtod reads in the "C" locale (libcvd never calls setlocale). */
    double d = strtod(v->u.text.ptr, NULL);
    if (isinf(d))
        return CVD_ERANGE;
    *ret = d;
    return 0;
}
