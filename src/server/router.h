/* The router: route patterns compiled once, then method + path matched to one route with its
 * {param} values. Pure (no I/O); the compiled table is read-only and shared by all threads. */
#ifndef CVD_SERVER_ROUTER_H
#define CVD_SERVER_ROUTER_H

#include <stddef.h>

#include "cvd/arena.h"
#include "cvd/compiler.h"
#include "cvd/err.h"
#include "cvd/str.h"
#include "server/srv.h"

struct srv_router;

#define SRV_ROUTER_MAX_SEGMENTS 32u

struct srv_match {
    const struct srv_route *route;
    struct srv_field *params; /* the {name} segments, decoded */
    size_t n_params;
    unsigned allow; /* CVD_ESTATE: bit (1u << method) for each method the path has */
};

/**
 * Compile a route table; it must outlive the router. CVD_EINVAL with the offending row in
 * diag: bad pattern, duplicate method + pattern, a state-changing route that takes form
 * bodies without ROUTE_CSRF or ROUTE_AUTH, a body limit without content types or the
 * reverse, a GET with a body, ROUTE_AUTH with ROUTE_NOSESSION. CVD_ENOMEM.
 */
CVD_MUST_CHECK int srv_router_new(const struct srv_route *routes, size_t n, struct srv_router **ret,
                                  struct cvd_diag *diag);

/** Accepts NULL. */
void srv_router_free(struct srv_router *r);

/**
 * Match a raw path ("/api/v1/reports/R-1", no query). HEAD matches GET routes. Returns 0
 * with *ret filled (params in arena a); CVD_ENOTFOUND when no route has the path;
 * CVD_ESTATE when routes have the path but not the method (ret->allow says which);
 * CVD_EPARSE when a segment has a bad percent-escape, NUL or invalid UTF-8; CVD_ENOMEM.
 * A literal segment wins over a {param} (the route with more literal segments wins; then
 * table order).
 */
CVD_MUST_CHECK int srv_router_match(const struct srv_router *r, enum srv_method method,
                                    struct cvd_str path, struct cvd_arena *a,
                                    struct srv_match *ret);

/** "GET", "POST", ... ("OTHER" for SRV_OTHER). */
const char *srv_method_name(enum srv_method m);

/** The method of a request line's method token (case-sensitive, as HTTP says). */
enum srv_method srv_method_parse(const char *s);

#endif
