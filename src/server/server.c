/* The server's lifecycle on libmicrohttpd: configuration, start (internal epoll threads in a
 * pool, with every limit set), the three callbacks that drive the request pipeline, and the
 * graceful stop. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>
#include <sodium.h>

#include "cvd/alloc.h"
#include "cvd/checked.h"
#include "cvd/utf8.h"
#include "server/srv-int.h"

/* The built-in route table. */
const struct srv_route srv_routes[] = {
#define SRV_ROUTE(method, pattern, handler, flags, body_limit, types)                              \
    {SRV_##method, pattern, handler, #handler, flags, body_limit, types},
#include "server/routes.def"
#undef SRV_ROUTE
};
const size_t srv_routes_len = CVD_ARRAY_LEN(srv_routes);

static char *dup_cstr(const char *s)
{
    if (s == NULL)
        return NULL;
    size_t n = strlen(s) + 1;
    char *out = cvd_malloc(n);
    if (out != NULL)
        memcpy(out, s, n);
    return out;
}

/* "127.0.0.1:8080", "[::1]:8080", "localhost:8080" into a socket address. */
static int parse_listen(const char *listen, struct sockaddr_storage *ss, socklen_t *ret_len)
{
    const char *colon = strrchr(listen, ':');
    if (colon == NULL || colon == listen)
        return CVD_EINVAL;
    uint64_t port;
    if (cvd_str_to_u64(cvd_str_from_cstr(colon + 1), 65535, &port) != 0)
        return CVD_EINVAL;
    char host[64];
    size_t hlen = (size_t)(colon - listen);
    const char *h = listen;
    if (h[0] == '[') {
        if (hlen < 2 || h[hlen - 1] != ']')
            return CVD_EINVAL;
        h++;
        hlen -= 2;
    }
    if (hlen == 0 || hlen >= sizeof(host))
        return CVD_EINVAL;
    memcpy(host, h, hlen);
    host[hlen] = '\0';
    if (strcmp(host, "localhost") == 0)
        memcpy(host, "127.0.0.1", sizeof("127.0.0.1"));
    memset(ss, 0, sizeof(*ss));
    struct sockaddr_in *in = (struct sockaddr_in *)(void *)ss;
    struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)(void *)ss;
    if (inet_pton(AF_INET, host, &in->sin_addr) == 1) {
        in->sin_family = AF_INET;
        in->sin_port = htons((uint16_t)port);
        *ret_len = sizeof(*in);
    } else if (inet_pton(AF_INET6, host, &in6->sin6_addr) == 1) {
        in6->sin6_family = AF_INET6;
        in6->sin6_port = htons((uint16_t)port);
        *ret_len = sizeof(*in6);
    } else {
        return CVD_EINVAL;
    }
    return 0;
}

int srv_new(const struct srv_config *cfg, struct srv **ret, struct cvd_diag *diag)
{
    if (sodium_init() < 0)
        return cvd_diag_set(diag, CVD_ENOTSUP, "libsodium cannot start");
    struct srv *s = cvd_calloc(1, sizeof(*s));
    if (s == NULL)
        return CVD_ENOMEM;
    cvd_arena_init(&s->arena, 0);
    s->quiesced_fd = -1;
    s->cfg = *cfg;
    struct srv_config *c = &s->cfg;
    if (c->threads == 0)
        c->threads = SRV_DEFAULT_THREADS;
    if (c->writers == 0)
        c->writers = SRV_DEFAULT_WRITERS;
    if (c->connection_limit == 0)
        c->connection_limit = SRV_DEFAULT_CONNECTIONS;
    if (c->per_ip_connection_limit == 0)
        c->per_ip_connection_limit = SRV_DEFAULT_PER_IP_CONNECTIONS;
    if (c->connection_memory == 0)
        c->connection_memory = SRV_DEFAULT_CONNECTION_MEMORY;
    if (c->timeout_seconds == 0)
        c->timeout_seconds = SRV_DEFAULT_TIMEOUT_SECONDS;
    if (c->drain_seconds == 0)
        c->drain_seconds = SRV_DEFAULT_DRAIN_SECONDS;
    if (c->intake_per_minute == 0)
        c->intake_per_minute = SRV_DEFAULT_INTAKE_PER_MINUTE;
    if (c->intake_burst == 0)
        c->intake_burst = SRV_DEFAULT_INTAKE_BURST;
    if (c->intake_clients == 0)
        c->intake_clients = SRV_DEFAULT_INTAKE_CLIENTS;
    if (c->response_max == 0)
        c->response_max = SRV_DEFAULT_RESPONSE_MAX;
    if (c->routes == NULL) {
        c->routes = srv_routes;
        c->n_routes = srv_routes_len;
    }
    s->log = c->access_log;
    int rc = 0;
    s->listen = dup_cstr(c->listen ? c->listen : "127.0.0.1:8080");
    s->instance_name = dup_cstr(c->instance_name ? c->instance_name : "cvd");
    s->base_url = dup_cstr(c->base_url);
    if (s->listen == NULL || s->instance_name == NULL || (c->base_url && s->base_url == NULL)) {
        rc = CVD_ENOMEM;
        goto fail;
    }
    c->listen = s->listen;
    c->instance_name = s->instance_name;
    c->base_url = s->base_url;

    struct sockaddr_storage ss;
    socklen_t sslen;
    if (parse_listen(s->listen, &ss, &sslen) != 0) {
        rc = cvd_diag_set(diag, CVD_EINVAL,
                          "bad listen address '%.64s' (want IP:PORT or [IPv6]:PORT)", s->listen);
        goto fail;
    }
    if (!cvd_utf8_is_valid(s->instance_name, strlen(s->instance_name)) ||
        (s->base_url && !cvd_utf8_is_valid(s->base_url, strlen(s->base_url)))) {
        rc = cvd_diag_set(diag, CVD_EINVAL, "instance name and base URL must be UTF-8");
        goto fail;
    }
    if ((rc = srv_router_new(c->routes, c->n_routes, &s->router, diag)) != 0)
        goto fail;
    /* A request's arena holds its parsed body: a few times the largest body a route takes. */
    s->arena_cap = SRV_ARENA_BASE;
    for (size_t i = 0; i < c->n_routes; i++) {
        size_t body = c->routes[i].body_limit;
        size_t need;
        if (cvd_size_mul(body, SRV_ARENA_MULT, &need) || cvd_size_add(need, SRV_ARENA_BASE, &need))
            need = SIZE_MAX;
        if (need > s->arena_cap)
            s->arena_cap = need;
    }
    if ((rc = srv__pages_load(s, diag)) != 0)
        goto fail;
    struct srv_ratelimit_config rl = {
        .per_minute = c->intake_per_minute,
        .burst = c->intake_burst,
        .max_clients = c->intake_clients,
        .clock = c->clock,
    };
    randombytes_buf(&rl.seed, sizeof(rl.seed));
    if ((rc = srv_ratelimit_new(&rl, &s->intake)) != 0) {
        cvd_diag_set(diag, rc, "bad intake rate limit settings");
        goto fail;
    }
    s->id_prefix = randombytes_random();
    atomic_init(&s->id_counter, 0);
    atomic_init(&s->draining, false);
    if (pthread_mutex_init(&s->lock, NULL) != 0) {
        rc = CVD_ENOMEM;
        goto fail;
    }
    if (pthread_cond_init(&s->idle, NULL) != 0) {
        pthread_mutex_destroy(&s->lock);
        rc = CVD_ENOMEM;
        goto fail;
    }
    if (pthread_cond_init(&s->work, NULL) != 0) {
        pthread_cond_destroy(&s->idle);
        pthread_mutex_destroy(&s->lock);
        rc = CVD_ENOMEM;
        goto fail;
    }
    *ret = s;
    return 0;
fail:
    srv_ratelimit_free(s->intake);
    srv_tmpl_set_free(s->tmpl);
    srv_router_free(s->router);
    cvd_arena_release(&s->arena);
    cvd_free(s->listen);
    cvd_free(s->instance_name);
    cvd_free(s->base_url);
    cvd_free(s);
    return rc;
}

/* ---- libmicrohttpd callbacks ---- */

static const char *mhd_header(void *conn, const char *name)
{
    return MHD_lookup_connection_value(conn, MHD_HEADER_KIND, name);
}

struct header_sum {
    size_t count;
    size_t bytes;
};

static enum MHD_Result add_header_size(void *cls, enum MHD_ValueKind kind, const char *key,
                                       const char *value)
{
    (void)kind;
    struct header_sum *sum = cls;
    sum->count++;
    sum->bytes += (key ? strlen(key) : 0) + (value ? strlen(value) : 0);
    return MHD_YES;
}

static void mhd_header_size(void *conn, size_t *ret_count, size_t *ret_bytes)
{
    struct header_sum sum = {0, 0};
    (void)MHD_get_connection_values(conn, MHD_HEADER_KIND, add_header_size, &sum);
    *ret_count = sum.count;
    *ret_bytes = sum.bytes;
}

static const struct srv_conn_ops mhd_ops = {.header = mhd_header, .header_size = mhd_header_size};

/* Called first for every request, with the raw request target: the request's state is born
 * here (libmicrohttpd stores the return value as the request's context). */
static void *on_uri(void *cls, const char *uri, struct MHD_Connection *c)
{
    struct srv *s = cls;
    struct srv_req *req = NULL;
    if (srv__req_new(s, uri, uri ? strlen(uri) : 0, &req) != 0)
        return NULL;
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    srv__req_set_client(req, ci ? ci->client_addr : NULL);
    srv__req_set_conn(req, &mhd_ops, c);
    pthread_mutex_lock(&s->lock);
    s->inflight++;
    pthread_mutex_unlock(&s->lock);
    return req;
}

/* Queue req's response, which srv__req_finish has built. */
static enum MHD_Result queue_response(struct MHD_Connection *c, struct srv_req *req)
{
    const struct srv_resp *resp = &req->resp;
    /* The body stays in req until the request is completed (on_completed), after the
     * response has been sent. */
    struct MHD_Response *r = MHD_create_response_from_buffer(
        resp->body.len, resp->body.len ? resp->body.ptr : (void *)(uintptr_t) "",
        MHD_RESPMEM_PERSISTENT);
    if (r == NULL)
        return MHD_NO;
    for (size_t i = 0; i < resp->n_headers; i++)
        (void)MHD_add_response_header(r, resp->headers[i].name, resp->headers[i].value);
    enum MHD_Result ok = MHD_queue_response(c, (unsigned)resp->status, r);
    MHD_destroy_response(r);
    return ok;
}

static enum MHD_Result queue(struct MHD_Connection *c, struct srv_req *req)
{
    srv__req_finish(req);
    return queue_response(c, req);
}

/* Hand req to a writer thread; its connection sleeps until the response is built. */
static void offload(struct srv *s, struct MHD_Connection *c, struct srv_req *req)
{
    MHD_suspend_connection(c);
    pthread_mutex_lock(&s->lock);
    req->work_next = NULL;
    if (s->work_tail != NULL)
        s->work_tail->work_next = req;
    else
        s->work_head = req;
    s->work_tail = req;
    pthread_cond_signal(&s->work);
    pthread_mutex_unlock(&s->lock);
}

static void *writer_main(void *arg)
{
    struct srv *s = arg;
    pthread_mutex_lock(&s->lock);
    for (;;) {
        while (s->work_head == NULL && !s->work_stop)
            pthread_cond_wait(&s->work, &s->lock);
        struct srv_req *req = s->work_head;
        if (req == NULL)
            break; /* stopping, and nothing left to do */
        s->work_head = req->work_next;
        if (s->work_head == NULL)
            s->work_tail = NULL;
        pthread_mutex_unlock(&s->lock);
        srv__req_finish(req);
        req->answered = true;
        /* libmicrohttpd calls on_request again, on the connection's I/O thread. */
        MHD_resume_connection(req->conn);
        pthread_mutex_lock(&s->lock);
    }
    pthread_mutex_unlock(&s->lock);
    return NULL;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_data_size, void **con_cls)
{
    (void)url;
    (void)version;
    struct srv *s = cls;
    struct srv_req *req = *con_cls;
    if (req == NULL)
        return MHD_NO; /* out of memory in on_uri */
    if (req->answered)
        return queue_response(c, req);
    if (!req->headers_done) {
        /* First call: headers only. Answer now only to refuse a body we will not read
         * (libmicrohttpd then closes the connection); anything else is answered on a later
         * call, or 0.9.75 would close every keep-alive connection. */
        req->headers_done = true;
        if (srv__req_headers(req, method) && req->has_body)
            return queue(c, req);
        return MHD_YES;
    }
    if (*upload_data_size != 0) {
        int rc = srv__req_body(req, upload_data, *upload_data_size);
        *upload_data_size = 0;
        if (rc != 0 && req->discarded > SRV_DISCARD_MAX)
            return MHD_NO; /* a flood past the limit: close without reading the rest */
        return MHD_YES;
    }
    if (req->method != SRV_GET && req->method != SRV_HEAD && !req->decided) {
        offload(s, c, req);
        return MHD_YES;
    }
    return queue(c, req);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    (void)c;
    struct srv *s = cls;
    struct srv_req *req = *con_cls;
    if (req == NULL)
        return;
    *con_cls = NULL;
    srv__req_log(req, toe == MHD_REQUEST_TERMINATED_COMPLETED_OK);
    srv__req_free(req);
    pthread_mutex_lock(&s->lock);
    if (--s->inflight == 0)
        pthread_cond_broadcast(&s->idle);
    pthread_mutex_unlock(&s->lock);
}

static void on_log(void *cls, const char *fmt, va_list ap) CVD_PRINTF(2, 0);

/* libmicrohttpd's own messages, as JSON lines beside the access log. */
static void on_log(void *cls, const char *fmt, va_list ap)
{
    struct srv *s = cls;
    if (s->cfg.no_access_log)
        return;
    char msg[512];
    char quoted[520];
    (void)vsnprintf(msg, sizeof(msg), fmt, ap);
    size_t n = strlen(msg);
    while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == '.'))
        n--;
    cvd_diag_quote(msg, n, 500, quoted);
    struct cvd_buf b;
    cvd_buf_init(&b, 1024);
    struct cvd_json_writer w;
    cvd_json_writer_init(&w, &b, 0);
    (void)cvd_json_write_object_begin(&w);
    (void)cvd_json_write_kv_cstr(&w, "level", "warning");
    (void)cvd_json_write_kv_cstr(&w, "message", quoted);
    (void)cvd_json_write_object_end(&w);
    if (cvd_json_writer_finish(&w) == 0 && cvd_buf_add_char(&b, '\n') == 0) {
        FILE *f = s->log ? s->log : stderr;
        (void)fwrite(b.ptr, 1, b.len, f);
        (void)fflush(f);
    }
    cvd_buf_release(&b);
}

/* Finish the queued work, then join the writers (they resume their connections, so this
 * comes before the daemon stops). */
static void stop_writers(struct srv *s)
{
    pthread_mutex_lock(&s->lock);
    s->work_stop = true;
    pthread_cond_broadcast(&s->work);
    pthread_mutex_unlock(&s->lock);
    for (unsigned i = 0; i < s->n_writers; i++)
        (void)pthread_join(s->writers[i], NULL);
    cvd_free(s->writers);
    s->writers = NULL;
    s->n_writers = 0;
}

static int start_writers(struct srv *s, struct cvd_diag *diag)
{
    s->work_stop = false;
    s->writers = cvd_calloc(s->cfg.writers, sizeof(*s->writers));
    if (s->writers == NULL)
        return CVD_ENOMEM;
    for (unsigned i = 0; i < s->cfg.writers; i++) {
        if (pthread_create(&s->writers[i], NULL, writer_main, s) != 0) {
            stop_writers(s);
            return cvd_diag_set(diag, CVD_ENOMEM, "cannot start %u writer threads", s->cfg.writers);
        }
        s->n_writers = i + 1;
    }
    return 0;
}

int srv_start(struct srv *s, struct cvd_diag *diag)
{
    if (s->running)
        return 0;
    struct sockaddr_storage ss;
    socklen_t sslen;
    if (parse_listen(s->listen, &ss, &sslen) != 0)
        return cvd_diag_set(diag, CVD_EINVAL, "bad listen address");
    const struct srv_config *c = &s->cfg;
    unsigned flags =
        MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ITC | MHD_USE_ERROR_LOG | MHD_ALLOW_SUSPEND_RESUME;
    if (ss.ss_family == AF_INET6)
        flags |= MHD_USE_IPv6;
    atomic_store(&s->draining, false);
    int rc = start_writers(s, diag);
    if (rc)
        return rc;
    /* The logger comes first, so that every message of the start goes through it. */
    s->daemon = MHD_start_daemon(
        flags, 0, NULL, NULL, on_request, s, MHD_OPTION_EXTERNAL_LOGGER, on_log, s,
        MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss, MHD_OPTION_THREAD_POOL_SIZE,
        (unsigned)c->threads, MHD_OPTION_CONNECTION_LIMIT, (unsigned)c->connection_limit,
        MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)c->per_ip_connection_limit,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)c->connection_memory,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)c->timeout_seconds, MHD_OPTION_LISTEN_BACKLOG_SIZE,
        511u, MHD_OPTION_STRICT_FOR_CLIENT, 1, MHD_OPTION_URI_LOG_CALLBACK, on_uri, s,
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, s, MHD_OPTION_END);
    if (s->daemon == NULL) {
        int err = errno;
        stop_writers(s);
        return cvd_diag_set(diag, CVD_EIO, "cannot listen on %.64s: %s", s->listen,
                            err ? strerror(err) : "unknown error");
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT);
    unsigned port = info ? info->port : 0;
    char host[INET6_ADDRSTRLEN] = "";
    if (ss.ss_family == AF_INET6) {
        const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)(const void *)&ss;
        (void)inet_ntop(AF_INET6, &in6->sin6_addr, host, sizeof(host));
        (void)snprintf(s->url, sizeof(s->url), "http://[%s]:%u", host, port);
    } else {
        const struct sockaddr_in *in = (const struct sockaddr_in *)(const void *)&ss;
        (void)inet_ntop(AF_INET, &in->sin_addr, host, sizeof(host));
        (void)snprintf(s->url, sizeof(s->url), "http://%s:%u", host, port);
    }
    s->running = true;
    return 0;
}

const char *srv_url(const struct srv *s)
{
    return s->url;
}

void srv_stop(struct srv *s)
{
    if (s == NULL || !s->running)
        return;
    /* Responses from now on close their connection, so keep-alive clients move on. */
    atomic_store(&s->draining, true);
    MHD_socket fd = MHD_quiesce_daemon(s->daemon);
    s->quiesced_fd = fd == MHD_INVALID_SOCKET ? -1 : (int)fd;
    struct timespec deadline;
    (void)clock_gettime(CLOCK_REALTIME, &deadline);
    deadline.tv_sec += (time_t)s->cfg.drain_seconds;
    pthread_mutex_lock(&s->lock);
    while (s->inflight > 0) {
        if (pthread_cond_timedwait(&s->idle, &s->lock, &deadline) == ETIMEDOUT)
            break;
    }
    pthread_mutex_unlock(&s->lock);
    stop_writers(s);
    MHD_stop_daemon(s->daemon);
    s->daemon = NULL;
    if (s->quiesced_fd >= 0)
        (void)close(s->quiesced_fd);
    s->quiesced_fd = -1;
    s->running = false;
}

void srv_free(struct srv *s)
{
    if (s == NULL)
        return;
    srv_stop(s);
    pthread_cond_destroy(&s->work);
    pthread_cond_destroy(&s->idle);
    pthread_mutex_destroy(&s->lock);
    srv_ratelimit_free(s->intake);
    srv_tmpl_set_free(s->tmpl);
    srv_router_free(s->router);
    cvd_arena_release(&s->arena);
    cvd_free(s->listen);
    cvd_free(s->instance_name);
    cvd_free(s->base_url);
    cvd_free(s);
}
