/* Internals of the server shared by its files: the server, request and response structs, and
 * the request pipeline that server.c drives from libmicrohttpd's callbacks (and unit tests
 * drive directly, without sockets). */
#ifndef CVD_SERVER_SRV_INT_H
#define CVD_SERVER_SRV_INT_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "cvd/arena.h"
#include "cvd/json.h"
#include "cvd/str.h"
#include "server/ratelimit.h"
#include "server/router.h"
#include "server/srv.h"
#include "server/template.h"

struct MHD_Daemon;
struct sockaddr;

/* Bytes of an oversized body read and thrown away before the connection is closed: small
 * overshoots of a streamed (chunked) body still get their 413 (libmicrohttpd 0.9.75 cannot
 * answer before the body has been read). */
#define SRV_DISCARD_MAX ((size_t)1 << 20)

/* Arena of one request: the body's parsed form takes a few times the body. */
#define SRV_ARENA_BASE ((size_t)4 << 20)
#define SRV_ARENA_MULT 8u

#define SRV_MAX_URI_BYTES     8192u              /* request target with query: else 414 */
#define SRV_MAX_HEADER_BYTES  ((size_t)16 << 10) /* all header names and values: else 431 */
#define SRV_MAX_HEADER_COUNT  100u               /* else 431 */
#define SRV_MAX_COOKIES       64u
#define SRV_MAX_HEADERS       32u /* response headers in all */
#define SRV_FRAMEWORK_HEADERS 16u /* of which kept for the framework's own */
#define SRV_LOG_PATH_MAX      512u
#define SRV_CSRF_TOKEN_LEN    43u /* 32 random bytes, base64url */

struct srv {
    struct srv_config cfg; /* strings point into the copies below */
    char *listen;
    char *instance_name;
    char *base_url;
    struct srv_router *router;
    struct srv_tmpl_set *tmpl;
    struct srv_ratelimit *intake;
    FILE *log;
    struct cvd_arena arena;        /* what lives as long as the server */
    const struct cvd_json *assets; /* page global: {"style_css":"/static/style.css?v=..."} */
    size_t arena_cap;              /* of a request's arena */
    uint32_t id_prefix;
    atomic_uint_fast32_t id_counter;

    /* running (server.c) */
    struct MHD_Daemon *daemon;
    int quiesced_fd;
    char url[96];
    pthread_mutex_t lock;
    pthread_cond_t idle;
    long inflight;
    /* Requests that may block (a write waits for its commit, a login hashes a password) run
     * on the writer threads, their connection suspended, so the I/O threads keep serving and
     * concurrent writes share one commit. Under lock. */
    pthread_t *writers;
    unsigned n_writers;
    struct srv_req *work_head, *work_tail;
    pthread_cond_t work;
    bool work_stop;
    atomic_bool draining;
    bool running;
};

struct srv_header {
    const char *name;
    const char *value;
};

struct srv_resp {
    struct srv_req *req;
    int status;
    struct cvd_buf body;
    const char *content_type;
    struct srv_header headers[SRV_MAX_HEADERS]; /* the handler's, then the framework's */
    size_t n_headers;
    const char *cache_control;
    int64_t retry_after; /* 0: none */
    bool json_started;
    struct cvd_json_writer jw;
    /* srv_resp_error() */
    const char *err_field;
    const char *err_msg;
    /* for the log: why a 5xx happened (never sent) */
    const char *detail;
};

struct srv_conn_ops {
    /* First value of a request header (case-insensitive name) or NULL. */
    const char *(*header)(void *conn, const char *name);
    /* How many request headers, and their names' and values' bytes (may be NULL). */
    void (*header_size)(void *conn, size_t *ret_count, size_t *ret_bytes);
};

struct srv_req {
    struct srv *srv;
    struct cvd_arena arena;
    const struct srv_conn_ops *ops;
    void *conn;

    char id[17];
    char remote[64];
    bool peer_loopback;
    unsigned char client_key[SRV_RATELIMIT_KEY_BYTES];
    struct timespec t0;

    const char *method_text;
    enum srv_method method;
    const char *uri; /* as received, with the query */
    struct cvd_str path;
    struct cvd_str query;
    const struct srv_route *route;
    struct srv_field *params;
    size_t n_params;
    struct srv_field *query_fields;
    size_t n_query;

    /* the body */
    bool has_body;
    uint64_t content_length; /* UINT64_MAX: not given (chunked) */
    unsigned body_type;      /* one SRV_CT_* */
    struct cvd_str boundary;
    struct cvd_buf body;
    bool too_big;
    size_t discarded;
    struct srv_field *fields;
    size_t n_fields;
    struct srv_file *files;
    size_t n_files;
    const struct cvd_json *json;

    /* who */
    struct srv_principal principal;
    bool has_principal;
    struct srv_field *cookies;
    size_t n_cookies;
    bool cookies_parsed;
    const char *csrf_token; /* srv_req_csrf_token() */

    bool headers_done; /* server.c: the first callback has been seen */
    bool answered;     /* server.c: finished on a writer thread, the response awaits queueing */
    struct srv_req *work_next;
    bool decided; /* the response was fixed before the handler (an error) */
    bool finished;
    struct srv_resp resp;
};

/* ---- the pipeline (dispatch.c) ---- */

/** A new request for the raw request target `uri` (copied). CVD_ENOMEM. */
CVD_MUST_CHECK int srv__req_new(struct srv *s, const char *uri, size_t uri_len,
                                struct srv_req **ret);

/** Where the request comes from: the client's address, and how to read its headers. */
void srv__req_set_client(struct srv_req *req, const struct sockaddr *sa);
void srv__req_set_conn(struct srv_req *req, const struct srv_conn_ops *ops, void *conn);

/**
 * The request line and headers are in: route, check types and limits, rate, authenticate.
 * Returns true when the response is fixed already (an error); the caller may send it at
 * once when a body is still to come, so that body is never read.
 */
bool srv__req_headers(struct srv_req *req, const char *method);

/** Body bytes as they arrive. 0, or CVD_ELIMIT once past the route's limit (then the bytes
 * are only counted, in req->discarded). */
int srv__req_body(struct srv_req *req, const char *p, size_t n);

/** The whole request is in: parse the body, check CSRF, run the handler, fix the response. */
void srv__req_finish(struct srv_req *req);

/** Write the access log line. completed: the response was sent entirely. */
void srv__req_log(struct srv_req *req, bool completed);

/** Free a request. Accepts NULL. */
void srv__req_free(struct srv_req *req);

/* ---- responses (response.c) ---- */

void srv__resp_init(struct srv_resp *resp, struct srv_req *req);
void srv__resp_release(struct srv_resp *resp);

/** Replace the response with an error: status, API error JSON or HTML error page. */
void srv__resp_fail(struct srv_resp *resp, int status, const char *code, const char *message,
                    const char *field);

/** Replace the response with the error for a handler's CVD_E* code (srv_resp_error's field
 * and message when it was called). */
void srv__resp_fail_code(struct srv_resp *resp, int rc);

/** Status and API code of a CVD_E* code. */
int srv__status_of(int rc, const char **ret_code);

/** Add the framework's headers (security, cache, request id, content type). */
void srv__resp_finalize(struct srv_resp *resp);

/** Add a header without checks (the framework's own values). */
void srv__resp_add_header(struct srv_resp *resp, const char *name, const char *value);

/* ---- pages and assets (pages.c) ---- */

/** Parse every embedded template. CVD_EPARSE and friends with diag naming template and line. */
CVD_MUST_CHECK int srv__pages_load(struct srv *s, struct cvd_diag *diag);

/** The embedded static asset of that name, or NULL. */
const struct srv_asset *srv__static_find(const char *name);

/** Base64url of 32 random bytes (43 characters and NUL). */
void srv__random_token(char out[SRV_CSRF_TOKEN_LEN + 1]);

/** Cookie name on the wire for a logical name ("__Host-" prefix with secure cookies), in
 * the request's arena; NULL on ENOMEM. */
const char *srv__cookie_wire_name(struct srv_req *req, const char *name);

#endif
