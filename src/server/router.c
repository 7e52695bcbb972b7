#include "server/router.h"

#include <string.h>

#include "cvd/alloc.h"
#include "cvd/utf8.h"
#include "server/form.h"

struct segment {
    struct cvd_str text; /* literal, or the parameter's name */
    bool param;
};

struct compiled {
    const struct srv_route *route;
    struct segment seg[SRV_ROUTER_MAX_SEGMENTS];
    size_t n_segs;
    size_t n_literals;
};

struct srv_router {
    struct compiled *c;
    size_t n;
};

static const char *const method_names[] = {
    [SRV_GET] = "GET",       [SRV_POST] = "POST", [SRV_PUT] = "PUT",     [SRV_PATCH] = "PATCH",
    [SRV_DELETE] = "DELETE", [SRV_HEAD] = "HEAD", [SRV_OTHER] = "OTHER",
};

const char *srv_method_name(enum srv_method m)
{
    return (unsigned)m < CVD_ARRAY_LEN(method_names) ? method_names[m] : "OTHER";
}

enum srv_method srv_method_parse(const char *s)
{
    for (int m = SRV_GET; m < SRV_OTHER; m++) {
        if (strcmp(s, method_names[m]) == 0)
            return (enum srv_method)m;
    }
    return SRV_OTHER;
}

static bool literal_char(int c)
{
    return c > 0x20 && c < 0x7f && strchr("/{}?%#", c) == NULL;
}

static bool param_name(struct cvd_str s)
{
    if (s.len == 0 || s.len > 32)
        return false;
    for (size_t i = 0; i < s.len; i++) {
        int c = (unsigned char)s.ptr[i];
        bool ok = (c >= 'a' && c <= 'z') || c == '_' || (i > 0 && cvd_ascii_is_digit(c));
        if (!ok)
            return false;
    }
    return true;
}

static int compile(const struct srv_route *rt, struct compiled *c, struct cvd_diag *diag)
{
    const char *pat = rt->pattern;
    *c = (struct compiled){.route = rt};
    if (pat == NULL || pat[0] != '/' || rt->handler == NULL)
        return cvd_diag_set(diag, CVD_EINVAL, "route '%s': pattern must start with '/'",
                            pat ? pat : "(null)");
    size_t len = strlen(pat);
    if (len == 1)
        return 0; /* "/" has no segments */
    size_t start = 1;
    for (size_t i = 1; i <= len; i++) {
        if (i < len && pat[i] != '/')
            continue;
        struct cvd_str s = {pat + start, i - start};
        if (s.len == 0 || c->n_segs == SRV_ROUTER_MAX_SEGMENTS)
            return cvd_diag_set(diag, CVD_EINVAL, "route '%s': empty segment or too many", pat);
        struct segment *seg = &c->seg[c->n_segs++];
        if (s.ptr[0] == '{') {
            struct cvd_str name = {s.ptr + 1, s.len - 1};
            if (name.len == 0 || name.ptr[name.len - 1] != '}')
                return cvd_diag_set(diag, CVD_EINVAL, "route '%s': unclosed '{'", pat);
            name.len--;
            if (!param_name(name))
                return cvd_diag_set(diag, CVD_EINVAL, "route '%s': bad parameter name", pat);
            for (size_t k = 0; k + 1 < c->n_segs; k++) {
                if (c->seg[k].param && cvd_str_eq(c->seg[k].text, name))
                    return cvd_diag_set(diag, CVD_EINVAL, "route '%s': parameter named twice", pat);
            }
            *seg = (struct segment){name, true};
        } else {
            for (size_t k = 0; k < s.len; k++) {
                if (!literal_char((unsigned char)s.ptr[k]))
                    return cvd_diag_set(diag, CVD_EINVAL, "route '%s': bad character", pat);
            }
            *seg = (struct segment){s, false};
            c->n_literals++;
        }
        start = i + 1;
    }
    return 0;
}

static bool same_shape(const struct compiled *a, const struct compiled *b)
{
    if (a->n_segs != b->n_segs)
        return false;
    for (size_t i = 0; i < a->n_segs; i++) {
        if (a->seg[i].param != b->seg[i].param)
            return false;
        if (!a->seg[i].param && !cvd_str_eq(a->seg[i].text, b->seg[i].text))
            return false;
    }
    return true;
}

static int check_flags(const struct srv_route *rt, struct cvd_diag *diag)
{
    const char *pat = rt->pattern;
    bool changes = rt->method != SRV_GET;
    if (rt->method == SRV_HEAD || rt->method == SRV_OTHER)
        return cvd_diag_set(diag, CVD_EINVAL,
                            "route '%s': method must be GET, POST, PUT, "
                            "PATCH or DELETE",
                            pat);
    if ((rt->body_limit == 0) != (rt->content_types == 0))
        return cvd_diag_set(diag, CVD_EINVAL,
                            "route '%s': a body limit needs content types and the reverse", pat);
    if (rt->method == SRV_GET && rt->content_types != 0)
        return cvd_diag_set(diag, CVD_EINVAL, "route '%s': GET takes no body", pat);
    if (changes && (rt->content_types & (SRV_CT_FORM | SRV_CT_MULTIPART)) &&
        !(rt->flags & (ROUTE_CSRF | ROUTE_AUTH)))
        return cvd_diag_set(diag, CVD_EINVAL,
                            "route '%s': takes form bodies (which any site can send) without "
                            "ROUTE_CSRF or ROUTE_AUTH",
                            pat);
    if ((rt->flags & ROUTE_AUTH) && (rt->flags & ROUTE_NOSESSION))
        return cvd_diag_set(diag, CVD_EINVAL, "route '%s': ROUTE_AUTH with ROUTE_NOSESSION", pat);
    return 0;
}

int srv_router_new(const struct srv_route *routes, size_t n, struct srv_router **ret,
                   struct cvd_diag *diag)
{
    struct srv_router *r = cvd_calloc(1, sizeof(*r));
    if (r == NULL)
        return CVD_ENOMEM;
    r->c = cvd_calloc(n ? n : 1, sizeof(*r->c));
    if (r->c == NULL) {
        srv_router_free(r);
        return CVD_ENOMEM;
    }
    for (size_t i = 0; i < n; i++) {
        int rc = compile(&routes[i], &r->c[i], diag);
        if (rc == 0)
            rc = check_flags(&routes[i], diag);
        for (size_t k = 0; rc == 0 && k < i; k++) {
            if (routes[k].method == routes[i].method && same_shape(&r->c[k], &r->c[i]))
                rc = cvd_diag_set(diag, CVD_EINVAL, "route %s '%s' is listed twice",
                                  srv_method_name(routes[i].method), routes[i].pattern);
        }
        if (rc) {
            srv_router_free(r);
            return rc;
        }
        r->n++;
    }
    *ret = r;
    return 0;
}

void srv_router_free(struct srv_router *r)
{
    if (r == NULL)
        return;
    cvd_free(r->c);
    cvd_free(r);
}

int srv_router_match(const struct srv_router *r, enum srv_method method, struct cvd_str path,
                     struct cvd_arena *a, struct srv_match *ret)
{
    *ret = (struct srv_match){NULL, NULL, 0, 0};
    if (path.len == 0 || path.ptr[0] != '/')
        return CVD_EPARSE;
    struct cvd_str segs[SRV_ROUTER_MAX_SEGMENTS];
    size_t n = 0;
    if (path.len > 1) {
        size_t start = 1;
        for (size_t i = 1; i <= path.len; i++) {
            if (i < path.len && path.ptr[i] != '/')
                continue;
            if (n == SRV_ROUTER_MAX_SEGMENTS)
                return CVD_ENOTFOUND; /* no route is that deep */
            struct cvd_str dec;
            int rc = srv_pct_decode(a, (struct cvd_str){path.ptr + start, i - start}, false, &dec);
            if (rc)
                return rc;
            if (memchr(dec.ptr, '\0', dec.len) != NULL || !cvd_utf8_is_valid(dec.ptr, dec.len))
                return CVD_EPARSE;
            segs[n++] = dec;
            start = i + 1;
        }
    }
    enum srv_method want = method == SRV_HEAD ? SRV_GET : method;
    const struct compiled *best = NULL;
    unsigned allow = 0;
    for (size_t i = 0; i < r->n; i++) {
        const struct compiled *c = &r->c[i];
        if (c->n_segs != n)
            continue;
        bool match = true;
        for (size_t k = 0; k < n && match; k++) {
            if (c->seg[k].param)
                match = segs[k].len > 0;
            else
                match = cvd_str_eq(c->seg[k].text, segs[k]);
        }
        if (!match)
            continue;
        allow |= 1u << c->route->method;
        if (c->route->method == want && (best == NULL || c->n_literals > best->n_literals))
            best = c;
    }
    if (best == NULL) {
        if (allow == 0)
            return CVD_ENOTFOUND;
        ret->allow = allow;
        return CVD_ESTATE;
    }
    size_t n_params = n - best->n_literals;
    struct srv_field *params = NULL;
    if (n_params) {
        params = cvd_arena_alloc_array(a, n_params, sizeof(*params));
        if (params == NULL)
            return cvd_arena_error(a) ? cvd_arena_error(a) : CVD_ENOMEM;
    }
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (best->seg[i].param)
            params[k++] = (struct srv_field){best->seg[i].text, segs[i]};
    }
    ret->route = best->route;
    ret->params = params;
    ret->n_params = n_params;
    ret->allow = allow;
    return 0;
}
