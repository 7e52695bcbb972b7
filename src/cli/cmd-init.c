/* `cvd init`: the first start of an instance: its coordinator organisation and first
 * administrator. */
#include <string.h>

#include "cli.h"
#include "cvd/auth.h"
#include "cvd/core.h"

static const char usage[] =
    "usage: cvd init --org NAME --email EMAIL --name NAME [--password-stdin] [--db PATH]\n"
    "\n"
    "Create the database (when missing) with the instance's coordinator organisation and its\n"
    "first administrator. Refused once the instance has any user; add more with\n"
    "'cvd user add'. The password is asked for without echo, or read from the first line of\n"
    "standard input with --password-stdin (at least 12 bytes).\n"
    "\n"
    "  --org NAME         the coordinator organisation (your CSIRT or PSIRT)\n"
    "  --email EMAIL      the administrator's login\n"
    "  --name NAME        the administrator's name\n"
    "  --password-stdin   read the password from standard input\n"
    "  --db PATH          the database (default: $CVD_DB, else ./cvd.db)\n"
    "  -h, --help         show this help\n"
    "\n"
    "Exit status: 0 created, 1 failure, 2 usage error.\n";

int cmd_init(int argc, char **argv, struct cli_ctx *ctx)
{
    const char *org = NULL, *email = NULL, *name = NULL, *db = NULL;
    bool pw_stdin = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char **slot = strcmp(a, "--org") == 0     ? &org
                            : strcmp(a, "--email") == 0 ? &email
                            : strcmp(a, "--name") == 0  ? &name
                            : strcmp(a, "--db") == 0    ? &db
                                                        : NULL;
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(usage, ctx->out);
            return CLI_OK;
        } else if (strcmp(a, "--password-stdin") == 0) {
            pw_stdin = true;
        } else if (slot != NULL) {
            if (++i == argc)
                return cli_usage_error(ctx, "init", "%s needs a value", a);
            *slot = argv[i];
        } else {
            return cli_usage_error(ctx, "init", "unknown argument '%s'", a);
        }
    }
    if (org == NULL || email == NULL || name == NULL)
        return cli_usage_error(ctx, "init", "--org, --email and --name are required");
    char pw[CVD_PASSWORD_MAX + 2];
    int rc = cli_read_password(ctx, "init", pw_stdin, pw, sizeof(pw));
    if (rc != CLI_OK)
        return rc;
    struct cvd_hub *hub;
    if ((rc = cli_open_hub(ctx, "init", db, &hub)) != CLI_OK)
        return rc;
    struct cvd_diag d = {0};
    rc = cvd_hub_init_instance(hub, cvd_str_from_cstr(org), cvd_str_from_cstr(email),
                               cvd_str_from_cstr(name), cvd_str_from_cstr(pw), NULL, &d);
    memset(pw, 0, sizeof(pw));
    cvd_hub_close(hub);
    if (rc)
        return cli_fail(ctx, "init", "%s", d.msg);
    fprintf(ctx->out, "created organisation '%s' and administrator '%s' in %s\n", org, email,
            cli_db_path(db));
    return CLI_OK;
}
