/* `cvd serve`: run the web hub (JSON API and HTML pages) until SIGTERM or SIGINT, then stop
 * gracefully. The server itself is src/server (srv.h). */
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "server/srv.h"

static const char usage[] =
    "usage: cvd serve [--listen ADDR:PORT] [--db PATH] [--threads N] [--instance-name NAME]\n"
    "                 [--base-url URL] [--trust-proxy]\n"
    "\n"
    "Serve the hub over HTTP until SIGTERM or SIGINT; then stop accepting connections, let\n"
    "requests in flight finish (10 s at most) and exit 0. The URL it listens on is printed\n"
    "to standard output once it is ready; one JSON line per request goes to standard error.\n"
    "Put a TLS-terminating proxy (nginx) in front of it on a public address.\n"
    "\n"
    "  --listen ADDR:PORT    address to listen on (default 127.0.0.1:8080; [::1]:8080 for\n"
    "                        IPv6; port 0 picks a free port)\n"
    "  --db PATH             the database (default: $CVD_DB, else ./cvd.db)\n"
    "  --threads N           worker threads (default 4, at most 256)\n"
    "  --instance-name NAME  the name pages show (default 'cvd')\n"
    "  --base-url URL        the public URL (https://cvd.example.org); with https, cookies\n"
    "                        are Secure and __Host- prefixed\n"
    "  --trust-proxy         requests from 127.0.0.1 or ::1 come through a reverse proxy:\n"
    "                        the last X-Forwarded-For entry is the client (rate limits,\n"
    "                        log)\n"
    "  -h, --help            show this help\n"
    "\n"
    "Exit status: 0 stopped by a signal, 1 failure (cannot listen, bad configuration), 2 usage\n"
    "error.\n";

static const char cmd_name[] = "serve";

int cmd_serve(int argc, char **argv, struct cli_ctx *ctx)
{
    const char *listen = "127.0.0.1:8080";
    const char *db = NULL;
    const char *threads = NULL;
    const char *name = NULL;
    const char *base_url = NULL;
    bool trust_proxy = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char **slot = strcmp(a, "--listen") == 0          ? &listen
                            : strcmp(a, "--db") == 0            ? &db
                            : strcmp(a, "--threads") == 0       ? &threads
                            : strcmp(a, "--instance-name") == 0 ? &name
                            : strcmp(a, "--base-url") == 0      ? &base_url
                                                                : NULL;
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(usage, ctx->out);
            return CLI_OK;
        } else if (strcmp(a, "--trust-proxy") == 0) {
            trust_proxy = true;
        } else if (slot != NULL) {
            if (++i == argc)
                return cli_usage_error(ctx, cmd_name, "%s needs a value", a);
            *slot = argv[i];
        } else {
            return cli_usage_error(ctx, cmd_name, "unknown argument '%s'", a);
        }
    }
    struct srv_config cfg = {
        .listen = listen,
        .instance_name = name,
        .base_url = base_url,
        .trust_proxy = trust_proxy,
    };
    if (threads != NULL) {
        uint64_t n;
        if (cvd_str_to_u64(cvd_str_from_cstr(threads), 256, &n) != 0 || n == 0)
            return cli_usage_error(ctx, cmd_name, "--threads wants a number from 1 to 256");
        cfg.threads = (unsigned)n;
    }
    if (base_url != NULL) {
        if (strncmp(base_url, "https://", 8) == 0)
            cfg.secure_cookies = true;
        else if (strncmp(base_url, "http://", 7) != 0)
            return cli_usage_error(ctx, cmd_name, "--base-url must start with https:// or http://");
    }
    if (db == NULL)
        db = getenv("CVD_DB");
    if (db == NULL)
        db = "cvd.db";
    /* TODO(#4): open the hub here (cvd_hub_open with db, the instance name and base URL),
     * pass it as cfg.app->ctx with an authenticate hook (session cookie or bearer token to
     * a principal), and close it after srv_free. Until the store lands, --db is accepted and
     * the server runs the routes that need no store. */
    (void)db;

    /* SIGTERM and SIGINT are taken by sigwait below: block them before any server thread
     * starts, so every thread inherits the mask and none of them is interrupted. Their
     * action must not be "ignore" (a shell starts background jobs so for SIGINT): POSIX lets
     * a system discard a blocked signal that is ignored instead of keeping it for sigwait. */
    struct sigaction dfl = {.sa_handler = SIG_DFL};
    (void)sigaction(SIGTERM, &dfl, NULL);
    (void)sigaction(SIGINT, &dfl, NULL);
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGTERM);
    sigaddset(&stop, SIGINT);
    if (pthread_sigmask(SIG_BLOCK, &stop, NULL) != 0)
        return cli_fail(ctx, cmd_name, "cannot block signals");
    struct sigaction ign = {.sa_handler = SIG_IGN};
    (void)sigaction(SIGPIPE, &ign, NULL);

    struct srv *s = NULL;
    struct cvd_diag d = {0};
    int rc = srv_new(&cfg, &s, &d);
    if (rc == 0)
        rc = srv_start(s, &d);
    if (rc != 0) {
        srv_free(s);
        return cli_fail(ctx, cmd_name, "%s", d.msg[0] ? d.msg : cvd_strerror(rc));
    }
    fprintf(ctx->out, "%s\n", srv_url(s));
    if (fflush(ctx->out) != 0) {
        srv_free(s);
        return cli_fail(ctx, cmd_name, "cannot write output");
    }
    int sig = 0;
    while (sigwait(&stop, &sig) != 0) {
    }
    srv_stop(s);
    srv_free(s);
    return CLI_OK;
}
