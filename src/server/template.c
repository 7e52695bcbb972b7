#include "server/template.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cvd/alloc.h"
#include "cvd/arena.h"

enum node_kind {
    NODE_TEXT,
    NODE_VAR,
    NODE_SECTION,
    NODE_INVERTED,
    NODE_PARTIAL,
};

struct node {
    enum node_kind kind;
    uint32_t line;
    struct cvd_str text;  /* TEXT: the bytes; the others: the tag's name as written */
    struct cvd_str *segs; /* VAR, SECTION, INVERTED: the dotted path; none for "." */
    size_t n_segs;
    size_t end;     /* SECTION, INVERTED: the first node after the section */
    size_t partial; /* PARTIAL: index of the template, after linking */
};

struct tmpl {
    const char *name;
    struct node *nodes;
    size_t n;
    int height; /* linking: 0 not seen, -1 being visited, else 1 + deepest partial */
};

struct srv_tmpl_set {
    struct cvd_arena arena;
    struct tmpl *t;
    size_t n;
    size_t cap;
    bool linked;
};

int srv_tmpl_set_new(struct srv_tmpl_set **ret)
{
    struct srv_tmpl_set *s = cvd_calloc(1, sizeof(*s));
    if (s == NULL)
        return CVD_ENOMEM;
    cvd_arena_init(&s->arena, 0);
    *ret = s;
    return 0;
}

void srv_tmpl_set_free(struct srv_tmpl_set *s)
{
    if (s == NULL)
        return;
    cvd_arena_release(&s->arena);
    cvd_free(s->t);
    cvd_free(s);
}

static int arena_err(const struct cvd_arena *a)
{
    int rc = cvd_arena_error(a);
    return rc ? rc : CVD_ENOMEM;
}

static const struct tmpl *find_tmpl(const struct srv_tmpl_set *s, struct cvd_str name)
{
    for (size_t i = 0; i < s->n; i++) {
        if (cvd_str_eq_cstr(name, s->t[i].name))
            return &s->t[i];
    }
    return NULL;
}

bool srv_tmpl_has(const struct srv_tmpl_set *s, const char *name)
{
    return find_tmpl(s, cvd_str_from_cstr(name)) != NULL;
}

/* ---- parsing ---- */

struct parser {
    struct srv_tmpl_set *s;
    const char *name;
    struct cvd_diag *diag;
    struct node *nodes;
    size_t n;
    size_t cap;
};

static int perr(struct parser *p, int code, uint32_t line, const char *fmt, ...) CVD_PRINTF(4, 5);

/* "template 'NAME' line N: why", with diag->line = N. */
static int perr(struct parser *p, int code, uint32_t line, const char *fmt, ...)
{
    char msg[200];
    va_list ap;
    va_start(ap, fmt);
    (void)vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    cvd_diag_set(p->diag, code, "template '%s' line %u: %s", p->name, (unsigned)line, msg);
    if (p->diag)
        p->diag->line = line;
    return code;
}

static struct node *push_node(struct parser *p)
{
    if (p->n == p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 32;
        struct node *nodes = cvd_arena_alloc_array(&p->s->arena, cap, sizeof(*nodes));
        if (nodes == NULL)
            return NULL;
        if (p->n)
            memcpy(nodes, p->nodes, p->n * sizeof(*nodes));
        p->nodes = nodes;
        p->cap = cap;
    }
    struct node *nd = &p->nodes[p->n++];
    *nd = (struct node){.kind = NODE_TEXT};
    return nd;
}

static bool name_char(int c)
{
    return cvd_ascii_is_alpha(c) || cvd_ascii_is_digit(c) || c == '_' || c == '-';
}

static uint32_t count_lines(const char *p, size_t len)
{
    uint32_t n = 0;
    for (const char *q = p; (q = memchr(q, '\n', len - (size_t)(q - p))) != NULL; q++)
        n++;
    return n;
}

/* Split a dotted name into segments; "." alone is the current context (no segments). */
static int split_path(struct parser *p, struct node *nd, bool dotted)
{
    struct cvd_str name = nd->text;
    if (dotted && name.len == 1 && name.ptr[0] == '.') {
        nd->n_segs = 0;
        return 0;
    }
    size_t n = 1;
    for (size_t i = 0; i < name.len; i++) {
        int c = (unsigned char)name.ptr[i];
        if (c == '.' && dotted) {
            n++;
        } else if (!name_char(c)) {
            return CVD_EPARSE;
        }
    }
    nd->segs = cvd_arena_alloc_array(&p->s->arena, n, sizeof(*nd->segs));
    if (nd->segs == NULL)
        return arena_err(&p->s->arena);
    size_t k = 0;
    size_t start = 0;
    for (size_t i = 0; i <= name.len; i++) {
        if (i == name.len || name.ptr[i] == '.') {
            if (i == start)
                return CVD_EPARSE; /* "a..b", ".a", "a." */
            nd->segs[k++] = (struct cvd_str){name.ptr + start, i - start};
            start = i + 1;
        }
    }
    nd->n_segs = n;
    return 0;
}

int srv_tmpl_add(struct srv_tmpl_set *s, const char *name, const char *text, size_t len,
                 struct cvd_diag *diag)
{
    if (s->linked)
        return cvd_diag_set(diag, CVD_EINVAL, "template set already linked");
    if (find_tmpl(s, cvd_str_from_cstr(name)) != NULL)
        return cvd_diag_set(diag, CVD_EDUP, "template '%s' defined twice", name);
    struct parser p = {.s = s, .name = name, .diag = diag};
    char *src = cvd_arena_strndup(&s->arena, len ? text : "", len);
    char *name_copy = cvd_arena_strndup(&s->arena, name, strlen(name));
    if (src == NULL || name_copy == NULL)
        return arena_err(&s->arena);
    p.name = name_copy;

    size_t open[SRV_TMPL_MAX_NESTING];
    size_t n_open = 0;
    uint32_t line = 1;
    size_t pos = 0;
    while (pos < len) {
        const char *tag = NULL;
        for (size_t i = pos; i + 1 < len; i++) {
            if (src[i] == '{' && src[i + 1] == '{') {
                tag = src + i;
                break;
            }
        }
        size_t at = tag ? (size_t)(tag - src) : len;
        if (at > pos) {
            struct node *nd = push_node(&p);
            if (nd == NULL)
                return arena_err(&s->arena);
            nd->kind = NODE_TEXT;
            nd->line = line;
            nd->text = (struct cvd_str){src + pos, at - pos};
            line += count_lines(src + pos, at - pos);
        }
        if (tag == NULL)
            break;
        uint32_t tag_line = line;
        size_t close = SIZE_MAX;
        for (size_t i = at + 2; i + 1 < len; i++) {
            if (src[i] == '}' && src[i + 1] == '}') {
                close = i;
                break;
            }
        }
        if (close == SIZE_MAX)
            return perr(&p, CVD_EPARSE, tag_line, "'{{' without '}}'");
        const char *in = src + at + 2;
        size_t in_len = close - (at + 2);
        line += count_lines(in, in_len);
        pos = close + 2;

        char sigil = in_len ? in[0] : '\0';
        if (sigil == '!')
            continue;
        if (sigil == '{' || sigil == '&')
            return perr(&p, CVD_EPARSE, tag_line,
                        "unescaped output ({{{...}}}, {{&...}}) is not supported");
        if (sigil == '=')
            return perr(&p, CVD_EPARSE, tag_line, "changing delimiters is not supported");
        size_t ns = (sigil == '#' || sigil == '^' || sigil == '/' || sigil == '>') ? 1 : 0;
        size_t ne = in_len;
        while (ns < ne && (in[ns] == ' ' || in[ns] == '\t'))
            ns++;
        while (ne > ns && (in[ne - 1] == ' ' || in[ne - 1] == '\t'))
            ne--;
        struct cvd_str tname = {in + ns, ne - ns};
        char quoted[SRV_TMPL_MAX_NAME + 8];
        cvd_diag_quote(tname.ptr, tname.len, SRV_TMPL_MAX_NAME, quoted);
        if (tname.len == 0)
            return perr(&p, CVD_EPARSE, tag_line, "empty tag name");
        if (tname.len > SRV_TMPL_MAX_NAME)
            return perr(&p, CVD_ELIMIT, tag_line, "tag name longer than 128 bytes");

        if (sigil == '/') {
            if (n_open == 0)
                return perr(&p, CVD_EPARSE, tag_line, "{{/%s}} closes no section", quoted);
            struct node *top = &p.nodes[open[n_open - 1]];
            if (!cvd_str_eq(top->text, tname)) {
                char topname[SRV_TMPL_MAX_NAME + 8];
                cvd_diag_quote(top->text.ptr, top->text.len, SRV_TMPL_MAX_NAME, topname);
                return perr(&p, CVD_EPARSE, tag_line, "{{/%s}} closes the open section {{#%s}}",
                            quoted, topname);
            }
            top->end = p.n;
            n_open--;
            continue;
        }
        struct node *nd = push_node(&p);
        if (nd == NULL)
            return arena_err(&s->arena);
        nd->line = tag_line;
        nd->text = tname;
        int rc;
        switch (sigil) {
        case '#':
        case '^':
            nd->kind = sigil == '#' ? NODE_SECTION : NODE_INVERTED;
            if (n_open == SRV_TMPL_MAX_NESTING)
                return perr(&p, CVD_ELIMIT, tag_line, "sections nested deeper than 32");
            open[n_open++] = p.n - 1;
            rc = split_path(&p, nd, true);
            break;
        case '>':
            nd->kind = NODE_PARTIAL;
            rc = split_path(&p, nd, false);
            break;
        default:
            nd->kind = NODE_VAR;
            rc = split_path(&p, nd, true);
            break;
        }
        if (rc == CVD_EPARSE)
            return perr(&p, CVD_EPARSE, tag_line, "bad tag name '%s'", quoted);
        if (rc)
            return rc;
    }
    if (n_open > 0) {
        const struct node *top = &p.nodes[open[n_open - 1]];
        char topname[SRV_TMPL_MAX_NAME + 8];
        cvd_diag_quote(top->text.ptr, top->text.len, SRV_TMPL_MAX_NAME, topname);
        return perr(&p, CVD_EPARSE, top->line, "section {{#%s}} is not closed", topname);
    }

    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 16;
        struct tmpl *t = cvd_realloc(s->t, cap * sizeof(*t));
        if (t == NULL)
            return CVD_ENOMEM;
        s->t = t;
        s->cap = cap;
    }
    s->t[s->n++] = (struct tmpl){.name = name_copy, .nodes = p.nodes, .n = p.n};
    return 0;
}

/* ---- linking ---- */

static int link_one(struct srv_tmpl_set *s, struct tmpl *t, unsigned depth, struct cvd_diag *diag)
{
    if (t->height > 0)
        return 0;
    t->height = -1;
    int height = 1;
    for (size_t i = 0; i < t->n; i++) {
        struct node *nd = &t->nodes[i];
        if (nd->kind != NODE_PARTIAL)
            continue;
        const struct tmpl *target = find_tmpl(s, nd->text);
        char q[SRV_TMPL_MAX_NAME + 8];
        cvd_diag_quote(nd->text.ptr, nd->text.len, SRV_TMPL_MAX_NAME, q);
        if (target == NULL) {
            cvd_diag_set(diag, CVD_ENOTFOUND, "template '%s' line %u: unknown partial '%s'",
                         t->name, (unsigned)nd->line, q);
            return CVD_ENOTFOUND;
        }
        nd->partial = (size_t)(target - s->t);
        struct tmpl *tt = &s->t[nd->partial];
        if (tt->height < 0) {
            cvd_diag_set(diag, CVD_ELIMIT, "template '%s' line %u: partial '%s' includes itself",
                         t->name, (unsigned)nd->line, q);
            return CVD_ELIMIT;
        }
        if (tt->height == 0) {
            if (depth + 1 > SRV_TMPL_MAX_PARTIALS) {
                cvd_diag_set(diag, CVD_ELIMIT,
                             "template '%s' line %u: partials nested deeper than %u", t->name,
                             (unsigned)nd->line, SRV_TMPL_MAX_PARTIALS);
                return CVD_ELIMIT;
            }
            int rc = link_one(s, tt, depth + 1, diag);
            if (rc)
                return rc;
        }
        if (tt->height + 1 > height)
            height = tt->height + 1;
    }
    if (height > (int)SRV_TMPL_MAX_PARTIALS + 1) {
        cvd_diag_set(diag, CVD_ELIMIT, "template '%s': partials nested deeper than %u", t->name,
                     SRV_TMPL_MAX_PARTIALS);
        return CVD_ELIMIT;
    }
    t->height = height;
    return 0;
}

int srv_tmpl_link(struct srv_tmpl_set *s, struct cvd_diag *diag)
{
    for (size_t i = 0; i < s->n; i++)
        s->t[i].height = 0;
    for (size_t i = 0; i < s->n; i++) {
        int rc = link_one(s, &s->t[i], 0, diag);
        if (rc)
            return rc;
    }
    s->linked = true;
    return 0;
}

/* ---- rendering ---- */

int srv_html_escape(struct cvd_buf *out, const char *p, size_t len)
{
    size_t run = 0;
    for (size_t i = 0; i < len; i++) {
        const char *ent;
        switch (p[i]) {
        case '&':
            ent = "&amp;";
            break;
        case '<':
            ent = "&lt;";
            break;
        case '>':
            ent = "&gt;";
            break;
        case '"':
            ent = "&quot;";
            break;
        case '\'':
            ent = "&#39;";
            break;
        case '\0':
            ent = "\xEF\xBF\xBD";
            break;
        default:
            continue;
        }
        int rc = cvd_buf_add(out, p + run, i - run);
        if (rc == 0)
            rc = cvd_buf_add_cstr(out, ent);
        if (rc)
            return rc;
        run = i + 1;
    }
    return cvd_buf_add(out, p + run, len - run);
}

struct render {
    const struct srv_tmpl_set *s;
    const struct cvd_json *frames[SRV_TMPL_MAX_FRAMES + SRV_TMPL_MAX_DEPTH + 1];
    size_t n_frames;
    struct cvd_buf *out;
    size_t steps;
    struct cvd_diag *diag;
    bool diag_set; /* the error was described already */
};

static const struct cvd_json *lookup(const struct render *r, const struct node *nd)
{
    if (nd->n_segs == 0)
        return r->n_frames ? r->frames[r->n_frames - 1] : NULL;
    const struct cvd_json *v = NULL;
    for (size_t f = r->n_frames; f-- > 0 && v == NULL;)
        v = cvd_json_get_str(r->frames[f], nd->segs[0]);
    for (size_t k = 1; k < nd->n_segs && v != NULL; k++)
        v = cvd_json_get_str(v, nd->segs[k]);
    return v;
}

static bool truthy(const struct cvd_json *v)
{
    if (v == NULL)
        return false;
    switch (v->type) {
    case CVD_JSON_NULL:
    case CVD_JSON_FALSE:
        return false;
    case CVD_JSON_STRING:
        return v->u.text.len > 0;
    case CVD_JSON_ARRAY:
        return v->u.array.len > 0;
    default:
        return true;
    }
}

static int write_value(struct render *r, const struct cvd_json *v)
{
    if (v == NULL)
        return 0;
    switch (v->type) {
    case CVD_JSON_STRING:
    case CVD_JSON_NUMBER:
        return srv_html_escape(r->out, v->u.text.ptr, v->u.text.len);
    case CVD_JSON_TRUE:
        return cvd_buf_add_cstr(r->out, "true");
    case CVD_JSON_FALSE:
        return cvd_buf_add_cstr(r->out, "false");
    default:
        return 0; /* null, arrays and objects print nothing */
    }
}

static int render_nodes(struct render *r, const struct tmpl *t, size_t from, size_t to,
                        unsigned depth);

static int render_inside(struct render *r, const struct tmpl *t, size_t from, size_t to,
                         unsigned depth, const struct cvd_json *ctx)
{
    r->frames[r->n_frames++] = ctx;
    int rc = render_nodes(r, t, from, to, depth + 1);
    r->n_frames--;
    return rc;
}

static int render_nodes(struct render *r, const struct tmpl *t, size_t from, size_t to,
                        unsigned depth)
{
    if (depth > SRV_TMPL_MAX_DEPTH) {
        r->diag_set = true;
        return cvd_diag_set(r->diag, CVD_ELIMIT, "template '%s': nested deeper than %u", t->name,
                            SRV_TMPL_MAX_DEPTH);
    }
    int rc = 0;
    for (size_t i = from; i < to && rc == 0; i++) {
        const struct node *nd = &t->nodes[i];
        if (++r->steps > SRV_TMPL_MAX_STEPS) {
            r->diag_set = true;
            return cvd_diag_set(r->diag, CVD_ELIMIT, "template '%s': more than %u steps", t->name,
                                SRV_TMPL_MAX_STEPS);
        }
        switch (nd->kind) {
        case NODE_TEXT:
            rc = cvd_buf_add(r->out, nd->text.ptr, nd->text.len);
            break;
        case NODE_VAR:
            rc = write_value(r, lookup(r, nd));
            break;
        case NODE_SECTION: {
            const struct cvd_json *v = lookup(r, nd);
            if (truthy(v)) {
                if (v->type == CVD_JSON_ARRAY) {
                    for (size_t k = 0; k < v->u.array.len && rc == 0; k++)
                        rc = render_inside(r, t, i + 1, nd->end, depth, &v->u.array.items[k]);
                } else {
                    rc = render_inside(r, t, i + 1, nd->end, depth, v);
                }
            }
            i = nd->end - 1;
            break;
        }
        case NODE_INVERTED:
            if (!truthy(lookup(r, nd)))
                rc = render_nodes(r, t, i + 1, nd->end, depth + 1);
            i = nd->end - 1;
            break;
        case NODE_PARTIAL: {
            const struct tmpl *p = &r->s->t[nd->partial];
            rc = render_nodes(r, p, 0, p->n, depth + 1);
            break;
        }
        }
    }
    return rc;
}

int srv_tmpl_render(const struct srv_tmpl_set *s, const char *name,
                    const struct cvd_json *const *frames, size_t n, struct cvd_buf *out,
                    struct cvd_diag *diag)
{
    if (!s->linked || n > SRV_TMPL_MAX_FRAMES)
        return cvd_diag_set(diag, CVD_EINVAL, "template set not linked or too many contexts");
    const struct tmpl *t = find_tmpl(s, cvd_str_from_cstr(name));
    if (t == NULL)
        return cvd_diag_set(diag, CVD_ENOTFOUND, "no template '%s'", name);
    struct render r = {.s = s, .out = out, .diag = diag};
    for (size_t i = 0; i < n; i++)
        r.frames[r.n_frames++] = frames[i];
    int rc = render_nodes(&r, t, 0, t->n, 0);
    if (rc && !r.diag_set)
        cvd_diag_set(diag, rc, "template '%s': %s", name, cvd_strerror(rc));
    return rc;
}
