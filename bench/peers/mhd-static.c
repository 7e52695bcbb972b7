/* mhd-static PORT BYTES [THREADS]: a bare libmicrohttpd server answering every GET with the
 * same BYTES bytes from memory, configured like `cvd serve` (internal polling thread, epoll,
 * a thread pool). bench/http.sh runs wrk against it beside cvd and nginx: the gap between this
 * program and cvd is cvd's own overhead (routing, authentication, the store, JSON). */
#include <microhttpd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char *body;
static size_t body_len;

static enum MHD_Result answer(void *cls, struct MHD_Connection *conn, const char *url,
                              const char *method, const char *version, const char *upload,
                              size_t *upload_size, void **con_cls)
{
    (void)cls;
    (void)url;
    (void)version;
    (void)upload;
    (void)upload_size;
    /* Answer on the second call, as cvd does (the first only announces the headers). */
    if (*con_cls == NULL) {
        *con_cls = conn;
        return MHD_YES;
    }
    if (strcmp(method, "GET") != 0)
        return MHD_NO;
    struct MHD_Response *r =
        MHD_create_response_from_buffer(body_len, body, MHD_RESPMEM_PERSISTENT);
    if (r == NULL)
        return MHD_NO;
    MHD_add_response_header(r, "Content-Type", "application/json");
    enum MHD_Result rc = MHD_queue_response(conn, MHD_HTTP_OK, r);
    MHD_destroy_response(r);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc < 3 || argc > 4) {
        fprintf(stderr, "usage: mhd-static PORT BYTES [THREADS]\n");
        return 2;
    }
    unsigned port = (unsigned)strtoul(argv[1], NULL, 10);
    body_len = (size_t)strtoul(argv[2], NULL, 10);
    unsigned threads = argc == 4 ? (unsigned)strtoul(argv[3], NULL, 10) : 2;
    body = malloc(body_len + 1);
    if (body == NULL || port == 0 || port > 65535 || threads == 0)
        return 2;
    memset(body, 'x', body_len);
    struct MHD_Daemon *d = MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL, (uint16_t)port, NULL, NULL, answer, NULL,
        MHD_OPTION_THREAD_POOL_SIZE, threads, MHD_OPTION_CONNECTION_LIMIT, 1024u,
        MHD_OPTION_CONNECTION_TIMEOUT, 15u, MHD_OPTION_END);
    if (d == NULL) {
        fprintf(stderr, "mhd-static: cannot listen on port %u\n", port);
        return 1;
    }
    printf("ready\n");
    fflush(stdout);
    sigset_t set;
    int sig;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    sigwait(&set, &sig);
    MHD_stop_daemon(d);
    free(body);
    return 0;
}
