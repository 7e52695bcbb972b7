/* `cvd serve`: run the web hub (JSON API and HTML pages) until SIGTERM or SIGINT, then stop
 * gracefully. The server itself is src/server (srv.h). */
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cvd/core.h"
#include "server/app.h"
#include "server/srv.h"

static const char usage[] =
    "usage: cvd serve [--listen ADDR:PORT] [--db PATH] [--threads N] [--writers N]\n"
    "                 [--instance-name NAME] [--base-url URL] [--trust-proxy] [--no-access-log]\n"
    "                 [--intake-per-minute N] [--intake-burst N] [--smtp URL --mail-from ADDR]\n"
    "\n"
    "Serve the hub over HTTP until SIGTERM or SIGINT; then stop accepting connections, let\n"
    "requests in flight finish (10 s at most) and exit 0. The URL it listens on is printed\n"
    "to standard output once it is ready; one JSON line per request goes to standard error.\n"
    "Put a TLS-terminating proxy (nginx) in front of it on a public address.\n"
    "\n"
    "  --listen ADDR:PORT    address to listen on (default 127.0.0.1:8080; [::1]:8080 for\n"
    "                        IPv6; port 0 picks a free port)\n"
    "  --db PATH             the database (default: $CVD_DB, else ./cvd.db)\n"
    "  --threads N           I/O threads, which also answer GET requests (default 4, at\n"
    "                        most 256)\n"
    "  --writers N           threads for requests that change data, which wait for their\n"
    "                        commit; concurrent ones share it (default 32, at most 256)\n"
    "  --instance-name NAME  the name pages show (default 'cvd')\n"
    "  --base-url URL        the public URL (https://cvd.example.org); with https, cookies\n"
    "                        are Secure and __Host- prefixed\n"
    "  --trust-proxy         requests from 127.0.0.1 or ::1 come through a reverse proxy:\n"
    "                        the last X-Forwarded-For entry is the client (rate limits,\n"
    "                        log)\n"
    "  --no-access-log       do not log one line per request\n"
    "  --intake-per-minute N public report submissions per client address and minute\n"
    "                        (default 10)\n"
    "  --intake-burst N      ... and how many may come at once (default 5)\n"
    "  --smtp URL            SMTP relay for notification mail (smtp://host:port or\n"
    "                        smtps://...); without it mail stays queued\n"
    "  --mail-from ADDR      the From address of notification mail (with --smtp)\n"
    "  -h, --help            show this help\n"
    "\n"
    "Exit status: 0 stopped by a signal, 1 failure (cannot listen, bad configuration), 2 usage\n"
    "error.\n";

static const char cmd_name[] = "serve";

#define INTAKE_MAX 1000000u

/* The hub the server runs on: concurrent writes share a transaction (group commit), and the
 * demo and tests may ask for cheap password hashes (CVD_PASSWORD_COST=min), as every command
 * that opens a hub does. */
/* The outbox's deliverer logs through this: one JSON line on standard error. */
static void log_outbox(void *arg, const char *line)
{
    struct cli_ctx *ctx = arg;
    fprintf(ctx->err, "%s\n", line);
}

static int open_hub(struct cli_ctx *ctx, const char *db, const char *name, const char *base_url,
                    const char *smtp, const char *mail_from, struct cvd_hub **ret)
{
    struct cvd_hub_config cfg = {
        .db_path = db,
        .clock = ctx->clock,
        .instance_name = name,
        .base_url = base_url,
        .group_commit = true,
        .smtp_url = smtp,
        .mail_from = mail_from,
        .deliver = true,
        .log = log_outbox,
        .log_arg = ctx,
    };
    const char *cost = getenv("CVD_PASSWORD_COST");
    if (cost != NULL && strcmp(cost, "min") == 0)
        cfg.password_cost = CVD_PASSWORD_COST_MIN;
    struct cvd_diag d = {0};
    if (cvd_hub_open(&cfg, ret, &d) != 0)
        return cli_fail(ctx, cmd_name, "cannot open '%s': %s", db, d.msg);
    return CLI_OK;
}

int cmd_serve(int argc, char **argv, struct cli_ctx *ctx)
{
    const char *listen = "127.0.0.1:8080";
    const char *db = NULL;
    const char *threads = NULL;
    const char *writers = NULL;
    const char *name = NULL;
    const char *base_url = NULL;
    const char *per_minute = NULL;
    const char *burst = NULL;
    const char *smtp = NULL;
    const char *mail_from = NULL;
    bool trust_proxy = false;
    bool no_access_log = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char **slot = strcmp(a, "--listen") == 0              ? &listen
                            : strcmp(a, "--db") == 0                ? &db
                            : strcmp(a, "--threads") == 0           ? &threads
                            : strcmp(a, "--writers") == 0           ? &writers
                            : strcmp(a, "--instance-name") == 0     ? &name
                            : strcmp(a, "--base-url") == 0          ? &base_url
                            : strcmp(a, "--intake-per-minute") == 0 ? &per_minute
                            : strcmp(a, "--intake-burst") == 0      ? &burst
                            : strcmp(a, "--smtp") == 0              ? &smtp
                            : strcmp(a, "--mail-from") == 0         ? &mail_from
                                                                    : NULL;
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(usage, ctx->out);
            return CLI_OK;
        } else if (strcmp(a, "--trust-proxy") == 0) {
            trust_proxy = true;
        } else if (strcmp(a, "--no-access-log") == 0) {
            no_access_log = true;
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
        .no_access_log = no_access_log,
    };
    const struct {
        const char *text;
        const char *option;
        unsigned *slot;
    } counts[] = {
        {threads, "--threads", &cfg.threads},
        {writers, "--writers", &cfg.writers},
    };
    for (size_t i = 0; i < CVD_ARRAY_LEN(counts); i++) {
        uint64_t n;
        if (counts[i].text == NULL)
            continue;
        if (cvd_str_to_u64(cvd_str_from_cstr(counts[i].text), 256, &n) != 0 || n == 0)
            return cli_usage_error(ctx, cmd_name, "%s wants a number from 1 to 256",
                                   counts[i].option);
        *counts[i].slot = (unsigned)n;
    }
    const struct {
        const char *text;
        const char *option;
        unsigned *slot;
    } rates[] = {
        {per_minute, "--intake-per-minute", &cfg.intake_per_minute},
        {burst, "--intake-burst", &cfg.intake_burst},
    };
    for (size_t i = 0; i < CVD_ARRAY_LEN(rates); i++) {
        uint64_t n;
        if (rates[i].text == NULL)
            continue;
        if (cvd_str_to_u64(cvd_str_from_cstr(rates[i].text), INTAKE_MAX, &n) != 0 || n == 0)
            return cli_usage_error(ctx, cmd_name, "%s wants a number from 1 to %u", rates[i].option,
                                   INTAKE_MAX);
        *rates[i].slot = (unsigned)n;
    }
    if (base_url != NULL) {
        if (strncmp(base_url, "https://", 8) == 0)
            cfg.secure_cookies = true;
        else if (strncmp(base_url, "http://", 7) != 0)
            return cli_usage_error(ctx, cmd_name, "--base-url must start with https:// or http://");
    }
    if ((smtp != NULL) != (mail_from != NULL))
        return cli_usage_error(ctx, cmd_name, "--smtp and --mail-from go together");
    struct cvd_hub *hub = NULL;
    if (open_hub(ctx, cli_db_path(db), name, base_url, smtp, mail_from, &hub) != CLI_OK)
        return CLI_FAIL;
    const struct srv_app app = {.ctx = hub, .authenticate = srv_hub_authenticate};
    cfg.app = &app;

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
    if (pthread_sigmask(SIG_BLOCK, &stop, NULL) != 0) {
        cvd_hub_close(hub);
        return cli_fail(ctx, cmd_name, "cannot block signals");
    }
    struct sigaction ign = {.sa_handler = SIG_IGN};
    (void)sigaction(SIGPIPE, &ign, NULL);

    struct srv *s = NULL;
    struct cvd_diag d = {0};
    int rc = srv_new(&cfg, &s, &d);
    if (rc == 0)
        rc = srv_start(s, &d);
    if (rc != 0) {
        srv_free(s);
        cvd_hub_close(hub);
        return cli_fail(ctx, cmd_name, "%s", d.msg[0] ? d.msg : cvd_strerror(rc));
    }
    /* Notifications: one thread delivers the outbox every 2 s; cvd_hub_close stops it. */
    if (cvd_hub_delivery_start(hub, 0, &d) != 0) {
        srv_stop(s);
        srv_free(s);
        cvd_hub_close(hub);
        return cli_fail(ctx, cmd_name, "%s", d.msg);
    }
    if (smtp == NULL)
        fputs("{\"level\":\"warning\",\"component\":\"outbox\",\"message\":\"no SMTP relay "
              "(--smtp): notification mail stays queued\"}\n",
              ctx->err);
    fprintf(ctx->out, "%s\n", srv_url(s));
    if (fflush(ctx->out) != 0) {
        srv_free(s);
        cvd_hub_close(hub);
        return cli_fail(ctx, cmd_name, "cannot write output");
    }
    int sig = 0;
    while (sigwait(&stop, &sig) != 0) {
    }
    /* Requests in flight finish first; then the hub makes pending writes durable. */
    srv_stop(s);
    srv_free(s);
    cvd_hub_close(hub);
    return CLI_OK;
}
