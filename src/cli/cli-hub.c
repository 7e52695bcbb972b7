/* What the commands that work on a hub database share: where the database is, opening it,
 * and reading a password without echo. */
#include "cli.h"

#include "cvd/core.h"

#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

const char *cli_db_path(const char *given)
{
    if (given != NULL)
        return given;
    const char *env = getenv("CVD_DB");
    return env != NULL && env[0] != '\0' ? env : "cvd.db";
}

int cli_open_hub(struct cli_ctx *ctx, const char *cmd, const char *db, struct cvd_hub **ret)
{
    struct cvd_hub_config cfg = {.db_path = cli_db_path(db), .clock = ctx->clock};
    /* The demo and tests may ask for cheap password hashes; never the default. */
    const char *cost = getenv("CVD_PASSWORD_COST");
    if (cost != NULL && strcmp(cost, "min") == 0)
        cfg.password_cost = CVD_PASSWORD_COST_MIN;
    struct cvd_diag d = {0};
    if (cvd_hub_open(&cfg, ret, &d) != 0)
        return cli_fail(ctx, cmd, "cannot open '%s': %s", cfg.db_path, d.msg);
    return CLI_OK;
}

int cli_read_password(struct cli_ctx *ctx, const char *cmd, bool from_stdin, char *buf, size_t cap)
{
    bool tty = !from_stdin && isatty(fileno(ctx->in));
    if (!from_stdin && !tty)
        return cli_usage_error(ctx, cmd, "give the password with --password-stdin");
    struct termios old, quiet;
    if (tty) {
        fputs("password: ", ctx->err);
        fflush(ctx->err);
        if (tcgetattr(fileno(ctx->in), &old) == 0) {
            quiet = old;
            quiet.c_lflag &= ~(tcflag_t)ECHO;
            tcsetattr(fileno(ctx->in), TCSAFLUSH, &quiet);
        } else {
            tty = false;
        }
    }
    char *line = fgets(buf, (int)cap, ctx->in);
    if (tty) {
        tcsetattr(fileno(ctx->in), TCSAFLUSH, &old);
        fputc('\n', ctx->err);
    }
    if (line == NULL)
        return cli_fail(ctx, cmd, "no password given");
    size_t n = strcspn(buf, "\r\n");
    if (buf[n] == '\0' && n + 1 == cap)
        return cli_fail(ctx, cmd, "password longer than %zu bytes", cap - 2);
    buf[n] = '\0';
    return CLI_OK;
}
