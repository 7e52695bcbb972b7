#include "server/form.h"

#include <string.h>

#include "cvd/checked.h"
#include "cvd/utf8.h"

const struct srv_form_limits srv_form_limits_default = {
    .fields = SRV_FORM_FIELDS,
    .files = SRV_FORM_FILES,
    .name_bytes = SRV_FORM_NAME_BYTES,
    .header_bytes = SRV_FORM_HEADER_BYTES,
};

#define BOUNDARY_MAX 70

bool srv_is_tchar(int c)
{
    if (cvd_ascii_is_digit(c) || cvd_ascii_is_alpha(c))
        return true;
    return c != 0 && strchr("!#$%&'*+-.^_`|~", c) != NULL;
}

static int hex_value(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = cvd_ascii_lower(c);
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

static bool is_ows(int c)
{
    return c == ' ' || c == '\t';
}

static int arena_err(const struct cvd_arena *a)
{
    int rc = cvd_arena_error(a);
    return rc ? rc : CVD_ENOMEM;
}

/* An arena array that doubles when full (the old copy stays in the arena: at most 2x). */
struct vec {
    void *items;
    size_t n;
    size_t cap;
};

static void *vec_push(struct cvd_arena *a, struct vec *v, size_t size)
{
    if (v->n == v->cap) {
        size_t cap = v->cap ? v->cap * 2 : 8;
        char *items = cvd_arena_alloc_array(a, cap, size);
        if (items == NULL)
            return NULL;
        if (v->n)
            memcpy(items, v->items, v->n * size);
        v->items = items;
        v->cap = cap;
    }
    return (char *)v->items + v->n++ * size;
}

/* Text of a field: UTF-8 without NUL. */
static int check_text(struct cvd_str s)
{
    if (s.len && memchr(s.ptr, '\0', s.len) != NULL)
        return CVD_EPARSE;
    return cvd_utf8_is_valid(s.ptr, s.len) ? 0 : CVD_EUTF8;
}

static char *lower_dup(struct cvd_arena *a, const char *p, size_t len)
{
    char *out = cvd_arena_strndup(a, p, len);
    if (out != NULL) {
        for (size_t i = 0; i < len; i++)
            out[i] = (char)cvd_ascii_lower((unsigned char)out[i]);
    }
    return out;
}

int srv_pct_decode(struct cvd_arena *a, struct cvd_str in, bool plus_space, struct cvd_str *ret)
{
    char *out = cvd_arena_alloc(a, in.len + 1);
    if (out == NULL)
        return arena_err(a);
    size_t n = 0;
    for (size_t i = 0; i < in.len; i++) {
        char c = in.ptr[i];
        if (c == '%') {
            if (in.len - i < 3)
                return CVD_EPARSE;
            int hi = hex_value((unsigned char)in.ptr[i + 1]);
            int lo = hex_value((unsigned char)in.ptr[i + 2]);
            if (hi < 0 || lo < 0)
                return CVD_EPARSE;
            out[n++] = (char)(hi * 16 + lo);
            i += 2;
        } else if (c == '+' && plus_space) {
            out[n++] = ' ';
        } else {
            out[n++] = c;
        }
    }
    out[n] = '\0';
    *ret = (struct cvd_str){out, n};
    return 0;
}

/* ---- media types ---- */

/* A token or a quoted-string (RFC 9110 §5.6.4, backslash escapes) at s[*pos...]. */
static int param_value(struct cvd_arena *a, struct cvd_str s, size_t *pos, struct cvd_str *ret)
{
    size_t i = *pos;
    if (i < s.len && s.ptr[i] == '"') {
        char *out = cvd_arena_alloc(a, s.len - i);
        if (out == NULL)
            return arena_err(a);
        size_t n = 0;
        for (i++; i < s.len && s.ptr[i] != '"'; i++) {
            unsigned char c = (unsigned char)s.ptr[i];
            if (c == '\\') {
                if (++i == s.len)
                    return CVD_EPARSE;
                c = (unsigned char)s.ptr[i];
            }
            if ((c < 0x20 && c != '\t') || c == 0x7f)
                return CVD_EPARSE;
            out[n++] = (char)c;
        }
        if (i == s.len)
            return CVD_EPARSE;
        out[n] = '\0';
        *ret = (struct cvd_str){out, n};
        *pos = i + 1;
        return 0;
    }
    size_t start = i;
    while (i < s.len && srv_is_tchar((unsigned char)s.ptr[i]))
        i++;
    if (i == start)
        return CVD_EPARSE;
    *ret = (struct cvd_str){s.ptr + start, i - start};
    *pos = i;
    return 0;
}

/*
 * Parameters "; name=value" from s[pos...] to the end. For each one, fn is told the name
 * (as is) and the value; it returns 0 or an error. Empty parameters (";;") are skipped.
 */
typedef int (*param_fn)(void *arg, struct cvd_str name, struct cvd_str value);

static int parse_params(struct cvd_arena *a, struct cvd_str s, size_t pos, param_fn fn, void *arg)
{
    for (;;) {
        while (pos < s.len && is_ows((unsigned char)s.ptr[pos]))
            pos++;
        if (pos == s.len)
            return 0;
        if (s.ptr[pos] != ';')
            return CVD_EPARSE;
        pos++;
        while (pos < s.len && is_ows((unsigned char)s.ptr[pos]))
            pos++;
        if (pos == s.len)
            return 0;
        if (s.ptr[pos] == ';')
            continue;
        size_t start = pos;
        while (pos < s.len && srv_is_tchar((unsigned char)s.ptr[pos]))
            pos++;
        if (pos == start || pos == s.len || s.ptr[pos] != '=')
            return CVD_EPARSE;
        struct cvd_str name = {s.ptr + start, pos - start};
        pos++;
        struct cvd_str value;
        int rc = param_value(a, s, &pos, &value);
        if (rc == 0)
            rc = fn(arg, name, value);
        if (rc)
            return rc;
    }
}

struct media_params {
    struct cvd_str charset;
    struct cvd_str boundary;
};

static int media_param(void *arg, struct cvd_str name, struct cvd_str value)
{
    struct media_params *m = arg;
    if (cvd_str_eq_nocase(name, CVD_STR("charset"))) {
        if (m->charset.ptr != NULL)
            return CVD_EPARSE;
        m->charset = value;
    } else if (cvd_str_eq_nocase(name, CVD_STR("boundary"))) {
        if (m->boundary.ptr != NULL)
            return CVD_EPARSE;
        m->boundary = value;
    }
    return 0;
}

int srv_media_type_parse(struct cvd_arena *a, struct cvd_str value, struct cvd_str *ret_type,
                         struct cvd_str *ret_charset, struct cvd_str *ret_boundary)
{
    size_t pos = 0;
    while (pos < value.len && is_ows((unsigned char)value.ptr[pos]))
        pos++;
    size_t start = pos;
    while (pos < value.len && srv_is_tchar((unsigned char)value.ptr[pos]))
        pos++;
    if (pos == start || pos == value.len || value.ptr[pos] != '/')
        return CVD_EPARSE;
    pos++;
    size_t sub = pos;
    while (pos < value.len && srv_is_tchar((unsigned char)value.ptr[pos]))
        pos++;
    if (pos == sub)
        return CVD_EPARSE;
    struct media_params m = {{NULL, 0}, {NULL, 0}};
    int rc = parse_params(a, value, pos, media_param, &m);
    if (rc)
        return rc;
    char *type = lower_dup(a, value.ptr + start, pos - start);
    if (type == NULL)
        return arena_err(a);
    *ret_type = (struct cvd_str){type, pos - start};
    if (ret_charset)
        *ret_charset = m.charset;
    if (ret_boundary)
        *ret_boundary = m.boundary;
    return 0;
}

/* ---- urlencoded ---- */

int srv_form_parse_urlencoded(struct cvd_arena *a, const char *p, size_t len,
                              const struct srv_form_limits *lim, struct srv_field **ret,
                              size_t *ret_n, const char **ret_field, struct cvd_diag *diag)
{
    if (lim == NULL)
        lim = &srv_form_limits_default;
    *ret_field = NULL;
    struct vec v = {NULL, 0, 0};
    size_t i = 0;
    while (i < len) {
        size_t j = i;
        while (j < len && p[j] != '&')
            j++;
        size_t k = i;
        while (k < j && p[k] != '=')
            k++;
        if (k > i) {
            struct cvd_str name;
            struct cvd_str value;
            int rc = srv_pct_decode(a, (struct cvd_str){p + i, k - i}, true, &name);
            if (rc)
                return cvd_diag_set_at(diag, rc, i, "%s",
                                       rc == CVD_EPARSE ? "bad percent-escape in a field name"
                                                        : cvd_strerror(rc));
            if (name.len > lim->name_bytes)
                return cvd_diag_set_at(diag, CVD_ELIMIT, i, "field name longer than %zu bytes",
                                       lim->name_bytes);
            if ((rc = check_text(name)) != 0)
                return cvd_diag_set_at(diag, rc, i, "field name is not UTF-8 text");
            struct cvd_str raw = k < j ? (struct cvd_str){p + k + 1, j - k - 1} : CVD_STR("");
            rc = srv_pct_decode(a, raw, true, &value);
            if (rc == 0)
                rc = check_text(value);
            if (rc) {
                *ret_field = name.ptr;
                return cvd_diag_set_at(diag, rc, k, "%s",
                                       rc == CVD_EUTF8 ? "field value is not UTF-8"
                                       : rc == CVD_EPARSE
                                           ? "bad percent-escape or NUL in a field value"
                                           : cvd_strerror(rc));
            }
            if (v.n == lim->fields)
                return cvd_diag_set_at(diag, CVD_ELIMIT, i, "more than %zu fields", lim->fields);
            struct srv_field *f = vec_push(a, &v, sizeof(*f));
            if (f == NULL)
                return arena_err(a);
            *f = (struct srv_field){name, value};
        }
        i = j + 1;
    }
    *ret = v.items;
    *ret_n = v.n;
    return 0;
}

/* ---- multipart ---- */

/* First index >= from where needle occurs in p[0..len), or SIZE_MAX. */
static size_t find(const char *p, size_t len, size_t from, const char *needle, size_t nlen)
{
    while (from < len && len - from >= nlen) {
        const char *hit = memchr(p + from, needle[0], len - from - nlen + 1);
        if (hit == NULL)
            return SIZE_MAX;
        size_t at = (size_t)(hit - p);
        if (memcmp(hit, needle, nlen) == 0)
            return at;
        from = at + 1;
    }
    return SIZE_MAX;
}

static bool valid_boundary(struct cvd_str b)
{
    if (b.len == 0 || b.len > BOUNDARY_MAX || b.ptr[b.len - 1] == ' ')
        return false;
    for (size_t i = 0; i < b.len; i++) {
        int c = (unsigned char)b.ptr[i];
        if (!cvd_ascii_is_digit(c) && !cvd_ascii_is_alpha(c) && strchr("'()+_,-./:=? ", c) == NULL)
            return false;
    }
    return true;
}

struct disposition {
    struct cvd_str name;
    struct cvd_str filename;
    bool has_name;
    bool has_filename;
};

static int disposition_param(void *arg, struct cvd_str name, struct cvd_str value)
{
    struct disposition *d = arg;
    if (cvd_str_eq_nocase(name, CVD_STR("name"))) {
        if (d->has_name)
            return CVD_EPARSE;
        d->name = value;
        d->has_name = true;
    } else if (cvd_str_eq_nocase(name, CVD_STR("filename"))) {
        if (d->has_filename)
            return CVD_EPARSE;
        d->filename = value;
        d->has_filename = true;
    }
    return 0;
}

struct part_headers {
    struct disposition disp;
    bool has_disposition;
    struct cvd_str content_type;
};

/* The headers of one part, p[0..len) without the blank line that ends them. */
static int parse_part_headers(struct cvd_arena *a, const char *p, size_t len,
                              struct part_headers *h, struct cvd_diag *diag, size_t base)
{
    size_t i = 0;
    while (i < len) {
        size_t eol = find(p, len, i, "\r\n", 2);
        if (eol == SIZE_MAX)
            eol = len;
        struct cvd_str line = {p + i, eol - i};
        size_t colon = 0;
        while (colon < line.len && srv_is_tchar((unsigned char)line.ptr[colon]))
            colon++;
        if (colon == 0 || colon == line.len || line.ptr[colon] != ':')
            return cvd_diag_set_at(diag, CVD_EPARSE, base + i, "malformed part header");
        struct cvd_str name = {line.ptr, colon};
        size_t vs = colon + 1;
        while (vs < line.len && is_ows((unsigned char)line.ptr[vs]))
            vs++;
        size_t ve = line.len;
        while (ve > vs && is_ows((unsigned char)line.ptr[ve - 1]))
            ve--;
        struct cvd_str value = {line.ptr + vs, ve - vs};
        for (size_t k = 0; k < value.len; k++) {
            unsigned char c = (unsigned char)value.ptr[k];
            if ((c < 0x20 && c != '\t') || c == 0x7f)
                return cvd_diag_set_at(diag, CVD_EPARSE, base + i, "control byte in part header");
        }
        if (cvd_str_eq_nocase(name, CVD_STR("content-disposition"))) {
            if (h->has_disposition)
                return cvd_diag_set_at(diag, CVD_EPARSE, base + i,
                                       "part has two Content-Disposition headers");
            h->has_disposition = true;
            size_t t = 0;
            while (t < value.len && srv_is_tchar((unsigned char)value.ptr[t]))
                t++;
            if (!cvd_str_eq_nocase((struct cvd_str){value.ptr, t}, CVD_STR("form-data")))
                return cvd_diag_set_at(diag, CVD_EPARSE, base + i,
                                       "part disposition is not form-data");
            int rc = parse_params(a, value, t, disposition_param, &h->disp);
            if (rc)
                return cvd_diag_set_at(diag, rc, base + i, "malformed Content-Disposition");
        } else if (cvd_str_eq_nocase(name, CVD_STR("content-type"))) {
            struct cvd_str type;
            if (h->content_type.ptr != NULL ||
                srv_media_type_parse(a, value, &type, NULL, NULL) != 0)
                return cvd_diag_set_at(diag, CVD_EPARSE, base + i, "malformed part Content-Type");
            h->content_type = type;
        }
        i = eol + 2;
    }
    return 0;
}

/* The file name without directories; UTF-8 without control bytes. */
static int clean_filename(struct cvd_str in, size_t max, struct cvd_str *ret)
{
    size_t start = 0;
    for (size_t i = 0; i < in.len; i++) {
        if (in.ptr[i] == '/' || in.ptr[i] == '\\')
            start = i + 1;
    }
    struct cvd_str s = {in.ptr + start, in.len - start};
    if (s.len > max)
        return CVD_ELIMIT;
    for (size_t i = 0; i < s.len; i++) {
        unsigned char c = (unsigned char)s.ptr[i];
        if (c < 0x20 || c == 0x7f)
            return CVD_EPARSE;
    }
    if (!cvd_utf8_is_valid(s.ptr, s.len))
        return CVD_EUTF8;
    *ret = s;
    return 0;
}

int srv_form_parse_multipart(struct cvd_arena *a, const char *p, size_t len,
                             struct cvd_str boundary, const struct srv_form_limits *lim,
                             struct srv_field **ret_fields, size_t *ret_nfields,
                             struct srv_file **ret_files, size_t *ret_nfiles,
                             const char **ret_field, struct cvd_diag *diag)
{
    if (lim == NULL)
        lim = &srv_form_limits_default;
    *ret_field = NULL;
    if (!valid_boundary(boundary))
        return cvd_diag_set(diag, CVD_EPARSE, "missing or invalid multipart boundary");
    /* The delimiter with the line break before it: "\r\n--" boundary. */
    char delim[BOUNDARY_MAX + 4];
    memcpy(delim, "\r\n--", 4);
    memcpy(delim + 4, boundary.ptr, boundary.len);
    size_t dlen = boundary.len + 4;

    struct vec fields = {NULL, 0, 0};
    struct vec files = {NULL, 0, 0};
    size_t pos;
    if (len >= dlen - 2 && memcmp(p, delim + 2, dlen - 2) == 0) {
        pos = dlen - 2;
    } else {
        pos = find(p, len, 0, delim, dlen);
        if (pos == SIZE_MAX)
            return cvd_diag_set(diag, CVD_EPARSE, "no multipart boundary delimiter in the body");
        pos += dlen;
    }
    for (;;) {
        /* After a delimiter: "--" closes, else optional padding and CRLF open a part. */
        if (len - pos >= 2 && p[pos] == '-' && p[pos + 1] == '-')
            break;
        while (pos < len && is_ows((unsigned char)p[pos]))
            pos++;
        if (len - pos < 2 || p[pos] != '\r' || p[pos + 1] != '\n')
            return cvd_diag_set_at(diag, CVD_EPARSE, pos, "malformed multipart delimiter line");
        pos += 2;

        size_t hend;
        if (len - pos >= 2 && p[pos] == '\r' && p[pos + 1] == '\n') {
            hend = pos; /* no headers at all */
        } else {
            size_t window = len - pos;
            if (window > lim->header_bytes + 4)
                window = lim->header_bytes + 4;
            hend = find(p + pos, window, 0, "\r\n\r\n", 4);
            if (hend == SIZE_MAX)
                return cvd_diag_set_at(diag, window == len - pos ? CVD_EPARSE : CVD_ELIMIT, pos,
                                       window == len - pos ? "truncated multipart part headers"
                                                           : "multipart part headers too long");
            hend += pos;
        }
        struct part_headers h = {{{NULL, 0}, {NULL, 0}, false, false}, false, {NULL, 0}};
        int rc = parse_part_headers(a, p + pos, hend - pos, &h, diag, pos);
        if (rc)
            return rc;
        if (!h.has_disposition || !h.disp.has_name)
            return cvd_diag_set_at(diag, CVD_EPARSE, pos,
                                   "multipart part without Content-Disposition form-data name");
        size_t body = hend + (hend == pos ? 2 : 4);
        size_t next = find(p, len, body - 2, delim, dlen);
        if (next == SIZE_MAX || next < body - 2)
            return cvd_diag_set_at(diag, CVD_EPARSE, body, "truncated multipart body");
        struct cvd_str data =
            next >= body ? (struct cvd_str){p + body, next - body} : (struct cvd_str){p + body, 0};
        pos = next + dlen;
        /* The delimiter must end there: "--", padding or CRLF, not a longer word. */
        if (pos < len && p[pos] != '-' && p[pos] != '\r' && !is_ows((unsigned char)p[pos]))
            return cvd_diag_set_at(diag, CVD_EPARSE, pos, "boundary found inside a part");

        struct cvd_str name = h.disp.name;
        if (name.len > lim->name_bytes)
            return cvd_diag_set_at(diag, CVD_ELIMIT, body, "field name longer than %zu bytes",
                                   lim->name_bytes);
        if ((rc = check_text(name)) != 0)
            return cvd_diag_set_at(diag, rc, body, "field name is not UTF-8 text");
        if (name.len == 0)
            continue;
        char *name_z = cvd_arena_strndup(a, name.ptr, name.len);
        if (name_z == NULL)
            return arena_err(a);
        name.ptr = name_z;
        if (h.disp.has_filename) {
            if (h.disp.filename.len == 0 && data.len == 0)
                continue; /* a file input left empty */
            struct cvd_str filename;
            rc = clean_filename(h.disp.filename, lim->name_bytes, &filename);
            if (rc) {
                *ret_field = name.ptr;
                return cvd_diag_set_at(diag, rc, body, "bad file name");
            }
            if (files.n == lim->files)
                return cvd_diag_set_at(diag, CVD_ELIMIT, body, "more than %zu files", lim->files);
            struct srv_file *f = vec_push(a, &files, sizeof(*f));
            char *fname = cvd_arena_strndup(a, filename.ptr, filename.len);
            if (f == NULL || fname == NULL)
                return arena_err(a);
            *f = (struct srv_file){
                .field = name,
                .filename = {fname, filename.len},
                .content_type =
                    h.content_type.ptr ? h.content_type : CVD_STR("application/octet-stream"),
                .data = data,
            };
        } else {
            if ((rc = check_text(data)) != 0) {
                *ret_field = name.ptr;
                return cvd_diag_set_at(diag, rc, body, "%s",
                                       rc == CVD_EUTF8 ? "field value is not UTF-8"
                                                       : "NUL byte in a field value");
            }
            if (fields.n == lim->fields)
                return cvd_diag_set_at(diag, CVD_ELIMIT, body, "more than %zu fields", lim->fields);
            struct srv_field *f = vec_push(a, &fields, sizeof(*f));
            char *value = cvd_arena_strndup(a, data.ptr, data.len);
            if (f == NULL || value == NULL)
                return arena_err(a);
            *f = (struct srv_field){name, {value, data.len}};
        }
    }
    *ret_fields = fields.items;
    *ret_nfields = fields.n;
    *ret_files = files.items;
    *ret_nfiles = files.n;
    return 0;
}

/* ---- cookies ---- */

int srv_cookie_parse(struct cvd_arena *a, struct cvd_str header, size_t max, struct srv_field **ret,
                     size_t *ret_n)
{
    struct vec v = {NULL, 0, 0};
    size_t i = 0;
    while (i < header.len && v.n < max) {
        size_t j = i;
        while (j < header.len && header.ptr[j] != ';')
            j++;
        size_t s = i;
        size_t e = j;
        while (s < e && is_ows((unsigned char)header.ptr[s]))
            s++;
        while (e > s && is_ows((unsigned char)header.ptr[e - 1]))
            e--;
        size_t eq = s;
        while (eq < e && header.ptr[eq] != '=')
            eq++;
        bool ok = eq > s && eq < e;
        for (size_t k = s; ok && k < eq; k++)
            ok = srv_is_tchar((unsigned char)header.ptr[k]);
        if (ok) {
            size_t vs = eq + 1;
            size_t ve = e;
            if (ve - vs >= 2 && header.ptr[vs] == '"' && header.ptr[ve - 1] == '"') {
                vs++;
                ve--;
            }
            for (size_t k = vs; ok && k < ve; k++) {
                unsigned char c = (unsigned char)header.ptr[k];
                ok = c > 0x20 && c < 0x7f && c != '"' && c != ',' && c != ';' && c != '\\';
            }
            if (ok) {
                struct srv_field *f = vec_push(a, &v, sizeof(*f));
                char *name = cvd_arena_strndup(a, header.ptr + s, eq - s);
                char *value = cvd_arena_strndup(a, header.ptr + vs, ve - vs);
                if (f == NULL || name == NULL || value == NULL)
                    return arena_err(a);
                *f = (struct srv_field){{name, eq - s}, {value, ve - vs}};
            }
        }
        i = j + 1;
    }
    *ret = v.items;
    *ret_n = v.n;
    return 0;
}
