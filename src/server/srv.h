/* The HTTP front end of cvd (`cvd serve`): a small framework on libmicrohttpd.
 *
 * One route table (routes.def) lists every route: method, path pattern with {param} segments,
 * handler, flags, body limit and accepted content types. The framework does everything that
 * is the same for every route, once: limits, body parsing (JSON, urlencoded and multipart
 * forms) into uniform fields and files, authentication through the app's hook, CSRF checks,
 * rate limiting of public intake, error mapping to a status plus the API error JSON or an
 * HTML error page, security headers and the access log. A handler reads validated input,
 * calls libcvd and fills the response:
 *
 *     int route_thing_get(struct srv_req *req, struct srv_resp *resp)
 *     {
 *         const char *id = srv_req_param(req, "id");
 *         ...
 *         struct cvd_json_writer *w = srv_resp_json(resp, 200);
 *         ...
 *         return 0;   (or a negative CVD_E* code: docs/internals/server.md)
 *     }
 *
 * Memory: a handler allocates only from srv_req_arena(req), which lives until the response
 * has been sent. Every pointer the srv_req_* functions return lives as long. Threads: a
 * request's handler runs on one of the server's threads (an I/O thread for GET and HEAD, a
 * writer thread for the other methods, which may block); handlers of different requests run
 * concurrently, so whatever the app shares (its ctx) must be thread-safe. */
#ifndef CVD_SERVER_SRV_H
#define CVD_SERVER_SRV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "cvd/arena.h"
#include "cvd/clock.h"
#include "cvd/compiler.h"
#include "cvd/err.h"
#include "cvd/json.h"
#include "cvd/str.h"

struct srv;
struct srv_req;
struct srv_resp;

/* ---- routes ---- */

enum srv_method {
    SRV_GET,
    SRV_POST,
    SRV_PUT,
    SRV_PATCH,
    SRV_DELETE,
    SRV_HEAD,  /* answered by the GET route, without body */
    SRV_OTHER, /* anything else: 405 on a known path */
};

/** Route flags (the flags column of routes.def). */
enum srv_route_flags {
    /* A principal is required: 401 (API) or a redirect to /login (HTML) without one. */
    ROUTE_AUTH = 1u << 0,
    /* Public form: POST/PUT/PATCH/DELETE without a session need the double-submit token
     * (the csrf cookie and the form field `csrf` or header X-CSRF-Token, equal). Requests
     * authenticated by a session always need their session's token, with or without it. */
    ROUTE_CSRF = 1u << 1,
    /* An HTML page: errors are HTML pages, a missing principal redirects to /login. */
    ROUTE_HTML = 1u << 2,
    /* Public intake: its POST/PUT/PATCH/DELETE requests are rate-limited per client address
     * (token bucket, 429 + Retry-After); reading the route (GET) is not. */
    ROUTE_PUBLIC_INTAKE = 1u << 3,
    /* Never ask the app who is asking (static files, health checks): no session lookup. */
    ROUTE_NOSESSION = 1u << 4,
    /* The path's {params} are secrets (a reporter's follow-up link): the access log shows
     * the route's pattern instead of the path. */
    ROUTE_REDACT = 1u << 5,
};

/** Accepted request body types (the content-types column of routes.def); 0: no body. */
enum srv_content_types {
    SRV_CT_JSON = 1u << 0,      /* application/json (charset, if given, utf-8) */
    SRV_CT_FORM = 1u << 1,      /* application/x-www-form-urlencoded */
    SRV_CT_MULTIPART = 1u << 2, /* multipart/form-data, with file parts */
};

/** A handler: 0, or a negative CVD_E* code that the router maps to a status once. */
typedef int (*srv_handler_fn)(struct srv_req *req, struct srv_resp *resp);

struct srv_route {
    enum srv_method method;
    const char *pattern; /* "/api/v1/reports/{id}": literal and {name} segments */
    srv_handler_fn handler;
    const char *name; /* the handler's name, for the log */
    unsigned flags;   /* enum srv_route_flags */
    size_t body_limit;
    unsigned content_types; /* enum srv_content_types */
};

/* ---- who is asking: the app's hook ---- */

enum srv_auth_via {
    SRV_AUTH_SESSION, /* a session cookie: state-changing requests need the CSRF token */
    SRV_AUTH_BEARER,  /* Authorization: Bearer: exempt from CSRF checks */
};

#define SRV_CSRF_TOKEN_MAX 64

struct srv_principal {
    enum srv_auth_via via;
    int64_t user_id;
    bool is_admin;
    /* Opaque to the framework: the app's own principal (memberships, roles), allocated in
     * the request's arena or owned by the app for at least the request's life. */
    const void *data;
    /* SESSION: the session's CSRF token (NUL-terminated text, e.g. cvd_auth_csrf_token of the
     * session secret). State-changing requests must present it; pages embed it in forms. */
    char csrf_token[SRV_CSRF_TOKEN_MAX];
};

/** What the app plugs into the framework. */
struct srv_app {
    void *ctx; /* passed to the hooks; srv_req_app_ctx() gives it to handlers */
    /**
     * Who makes this request, from the session cookie (srv_req_cookie(req, SRV_COOKIE_SESSION))
     * or the bearer token (srv_req_bearer(req)). Fill *ret and return 0; return CVD_EAUTH (or
     * CVD_ENOTFOUND) when nobody is signed in: the request goes on anonymous. Any other code
     * answers 500. NULL hook: every request is anonymous. Called once per request, before
     * the body is read, from any of the server's threads.
     */
    int (*authenticate)(void *ctx, struct srv_req *req, struct srv_principal *ret);
};

/** Logical cookie names; with secure cookies they are sent as "__Host-" + name. */
#define SRV_COOKIE_SESSION "cvd_session"
#define SRV_COOKIE_CSRF    "cvd_csrf"

/* ---- the server ---- */

#define SRV_DEFAULT_THREADS            4u
#define SRV_DEFAULT_WRITERS            32u
#define SRV_DEFAULT_CONNECTIONS        1024u
#define SRV_DEFAULT_PER_IP_CONNECTIONS 64u
#define SRV_DEFAULT_CONNECTION_MEMORY  ((size_t)32 << 10)
#define SRV_DEFAULT_TIMEOUT_SECONDS    15u
#define SRV_DEFAULT_DRAIN_SECONDS      10u
#define SRV_DEFAULT_INTAKE_PER_MINUTE  10u
#define SRV_DEFAULT_INTAKE_BURST       5u
#define SRV_DEFAULT_INTAKE_CLIENTS     10000u
#define SRV_DEFAULT_RESPONSE_MAX       ((size_t)64 << 20)

/** Configuration; zero (or NULL) fields take the defaults above. */
struct srv_config {
    const char *listen;               /* "127.0.0.1:8080", "[::1]:8080"; port 0: any free */
    unsigned threads;                 /* I/O threads (MHD thread pool, epoll each) */
    unsigned writers;                 /* threads running requests other than GET and HEAD */
    unsigned connection_limit;        /* open connections in all */
    unsigned per_ip_connection_limit; /* open connections from one address */
    size_t connection_memory;         /* per connection (libmicrohttpd's pool): request line,
                                         headers and response headers must fit */
    unsigned timeout_seconds;         /* an idle connection is closed after this */
    unsigned drain_seconds;           /* on stop, how long in-flight requests may finish */
    const char *instance_name;        /* shown on pages; NULL: "cvd" */
    const char *base_url;             /* "https://cvd.example.org"; NULL: none */
    bool secure_cookies;              /* Secure + "__Host-" cookies (serving over https) */
    bool trust_proxy; /* from 127.0.0.1 or ::1, the last X-Forwarded-For entry is the client */
    unsigned intake_per_minute;     /* ROUTE_PUBLIC_INTAKE: token refill rate per client */
    unsigned intake_burst;          /* ... and bucket size */
    size_t intake_clients;          /* ... clients tracked at most (oldest evicted) */
    size_t response_max;            /* largest response body a handler may build */
    const struct cvd_clock *clock;  /* NULL: the system clock */
    FILE *access_log;               /* NULL: stderr */
    bool no_access_log;             /* tests */
    const struct srv_route *routes; /* NULL: the built-in table of routes.def */
    size_t n_routes;
    const struct srv_app *app; /* NULL: no authentication */
};

/**
 * Check the configuration and route table, parse the embedded templates; nothing is bound
 * yet. CVD_EINVAL (bad address, bad route table), CVD_EPARSE (a template: diag names it and
 * the line), CVD_ENOMEM.
 */
CVD_MUST_CHECK int srv_new(const struct srv_config *cfg, struct srv **ret, struct cvd_diag *diag);

/** Bind and start serving on the server's threads. CVD_EIO when the address cannot be bound. */
CVD_MUST_CHECK int srv_start(struct srv *s, struct cvd_diag *diag);

/** The address it listens on, "http://127.0.0.1:41234" (valid after srv_start). */
const char *srv_url(const struct srv *s);

/**
 * Graceful stop: stop accepting connections, let requests in flight finish (at most
 * drain_seconds), then close every connection and join the threads. Idempotent.
 */
void srv_stop(struct srv *s);

/** Stop if running, free everything. Accepts NULL. */
void srv_free(struct srv *s);

/* ---- the request ---- */

/** A form field, query or path parameter: UTF-8 without NUL; both NUL-terminated. */
struct srv_field {
    struct cvd_str name;
    struct cvd_str value;
};

/** A file part of a multipart body (any bytes). */
struct srv_file {
    struct cvd_str field;        /* the form field's name */
    struct cvd_str filename;     /* as sent, without directories; UTF-8, no control bytes */
    struct cvd_str content_type; /* as sent, lower-cased; "application/octet-stream" if none */
    struct cvd_str data;
};

struct cvd_arena *srv_req_arena(struct srv_req *req);
enum srv_method srv_req_method(const struct srv_req *req);
/** The raw path, without the query. */
struct cvd_str srv_req_path(const struct srv_req *req);
/** The request id (16 hex digits), also sent as X-Request-Id and written to the log. */
const char *srv_req_id(const struct srv_req *req);
/** The client's address as text ("127.0.0.1", "::1"). */
const char *srv_req_remote(const struct srv_req *req);
/** A {name} segment of the route's pattern, percent-decoded; NULL if the pattern has none. */
const char *srv_req_param(const struct srv_req *req, const char *name);
/** The first query parameter of that name, decoded; NULL if absent. */
const char *srv_req_query(const struct srv_req *req, const char *name);
/**
 * The first body field of that name; NULL if absent. Fields come from urlencoded and
 * multipart bodies, and from the top-level members of a JSON object body whose value is a
 * string, number (as written) or boolean ("true"/"false").
 */
const char *srv_req_field(const struct srv_req *req, const char *name);
/** Every body field, in order (names may repeat). */
const struct srv_field *srv_req_fields(const struct srv_req *req, size_t *ret_n);
/** The first file part of that field name; NULL if none. */
const struct srv_file *srv_req_file(const struct srv_req *req, const char *field);
/** Every file part, in order. */
const struct srv_file *srv_req_files(const struct srv_req *req, size_t *ret_n);
/** The parsed JSON body; NULL unless the body was JSON. */
const struct cvd_json *srv_req_json(const struct srv_req *req);
/** The raw body bytes ({NULL, 0} without a body). */
struct cvd_str srv_req_body(const struct srv_req *req);
/** A request header (case-insensitive name); NULL if absent. */
const char *srv_req_header(const struct srv_req *req, const char *name);
/** A cookie by logical name (the "__Host-" prefix is handled); NULL if absent. */
const char *srv_req_cookie(struct srv_req *req, const char *name);
/** The token of "Authorization: Bearer TOKEN"; {NULL, 0} without one. */
struct cvd_str srv_req_bearer(const struct srv_req *req);
/** Who is asking; NULL for anonymous requests. */
const struct srv_principal *srv_req_principal(const struct srv_req *req);
/** Does the client want HTML (the route is ROUTE_HTML)? */
bool srv_req_wants_html(const struct srv_req *req);
const struct cvd_clock *srv_req_clock(const struct srv_req *req);
void *srv_req_app_ctx(const struct srv_req *req);
const struct srv_config *srv_req_config(const struct srv_req *req);

/**
 * The CSRF token to put in this page's forms (hidden field "csrf"). With a session: the
 * session's token (CVD_EAUTH if the app gave none). Without one: the double-submit token of
 * the csrf cookie, or a new random one that is set as the cookie on resp. The string lives
 * as long as the request.
 */
CVD_MUST_CHECK int srv_req_csrf_token(struct srv_req *req, struct srv_resp *resp,
                                      const char **ret_token);

/* ---- the response ---- */

/**
 * Start a JSON body with this status; the handler writes one value with the returned
 * writer (the framework finishes it). Calling it again restarts the body.
 */
struct cvd_json_writer *srv_resp_json(struct srv_resp *resp, int status);

/**
 * Render template `name` (html/<name>.html) with `data` as the context (the page globals
 * `site`, `csrf`, `signed_in`, `assets` underneath) as the body, text/html. 0, CVD_ENOTFOUND
 * (no such template), CVD_ELIMIT, CVD_ENOMEM.
 */
CVD_MUST_CHECK int srv_resp_page(struct srv_resp *resp, int status, const char *name,
                                 const struct cvd_json *data);

/**
 * Render the JSON the handler wrote with srv_resp_json() through template `name`, so one
 * handler serves the API and the page: build the JSON, then
 * `if (srv_req_wants_html(req)) return srv_resp_page_json(resp, "thing");`.
 */
CVD_MUST_CHECK int srv_resp_page_json(struct srv_resp *resp, const char *name);

/** A body of any type (copied), e.g. text/plain or a download. */
CVD_MUST_CHECK int srv_resp_body(struct srv_resp *resp, int status, const char *content_type,
                                 const void *p, size_t len);

/** A response without body (204, 304). */
void srv_resp_empty(struct srv_resp *resp, int status);

/**
 * Redirect (301, 302, 303, 307, 308) to a local path ("/login?next=%2F"): it must start
 * with one '/' (no "//", no '\\') and hold no control bytes, so it cannot leave the site.
 * CVD_EINVAL otherwise.
 */
CVD_MUST_CHECK int srv_resp_redirect(struct srv_resp *resp, int status, const char *location);

/** Add a response header; name and value without CR, LF or NUL (CVD_EINVAL). */
CVD_MUST_CHECK int srv_resp_header(struct srv_resp *resp, const char *name, const char *value);

/**
 * Set a cookie: HttpOnly; SameSite=Strict; Path=/; Secure and the "__Host-" prefix with
 * secure_cookies. max_age > 0: seconds; 0: until the browser closes; < 0: delete it. Name
 * and value must be cookie tokens (RFC 6265), else CVD_EINVAL.
 */
CVD_MUST_CHECK int srv_resp_set_cookie(struct srv_resp *resp, const char *name, const char *value,
                                       int64_t max_age);

/** Replace the default Cache-Control (no-store) with a literal value. */
void srv_resp_cache(struct srv_resp *resp, const char *cache_control);

/**
 * Describe the error the handler is about to return: which field (NULL: none) and a message
 * for the client (lower-case, no final full stop; never internals). Returns code, so a
 * handler writes `return srv_resp_error(resp, CVD_EMISSING, "title", "title is required");`.
 * CVD_ERATE: add the Retry-After seconds with srv_resp_retry_after().
 */
int srv_resp_error(struct srv_resp *resp, int code, const char *field, const char *fmt, ...)
    CVD_PRINTF(4, 5);

/** Retry-After seconds for a 429 or 503. */
void srv_resp_retry_after(struct srv_resp *resp, int64_t seconds);

/* ---- the route table ---- */

/* Every handler of routes.def, declared from the table. */
#define SRV_ROUTE(method, pattern, handler, flags, body_limit, types)                              \
    int handler(struct srv_req *req, struct srv_resp *resp);
#include "server/routes.def"
#undef SRV_ROUTE

/** The built-in route table (routes.def). */
extern const struct srv_route srv_routes[];
extern const size_t srv_routes_len;

#endif
