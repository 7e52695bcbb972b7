/* `cvd user add`: users, optionally members of an organisation. */
#include <string.h>

#include "cli.h"
#include "cvd/auth.h"
#include "cvd/core.h"

static const char usage[] =
    "usage: cvd user add EMAIL --name NAME [--org ORG [--role member|admin]] [--admin]\n"
    "                        [--password-stdin] [--db PATH]\n"
    "\n"
    "Add a user who logs in with EMAIL. With --org the user joins that organisation (as a\n"
    "member, or as its admin with --role admin); members of a coordinator organisation handle\n"
    "reports. --admin makes an instance administrator. The password is asked for without\n"
    "echo, or read from the first line of standard input with --password-stdin.\n"
    "\n"
    "  --name NAME        the user's name\n"
    "  --org ORG          an existing organisation to join\n"
    "  --role ROLE        member (default) or admin of that organisation\n"
    "  --admin            instance administrator\n"
    "  --password-stdin   read the password from standard input\n"
    "  --db PATH          the database (default: $CVD_DB, else ./cvd.db)\n"
    "  -h, --help         show this help\n"
    "\n"
    "Exit status: 0 added, 1 failure (e.g. the address exists), 2 usage error.\n";

int cmd_user(int argc, char **argv, struct cli_ctx *ctx)
{
    const char *verb = NULL, *email = NULL, *name = NULL, *org = NULL, *role = NULL, *db = NULL;
    bool admin = false, pw_stdin = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char **slot = strcmp(a, "--name") == 0   ? &name
                            : strcmp(a, "--org") == 0  ? &org
                            : strcmp(a, "--role") == 0 ? &role
                            : strcmp(a, "--db") == 0   ? &db
                                                       : NULL;
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(usage, ctx->out);
            return CLI_OK;
        } else if (strcmp(a, "--admin") == 0) {
            admin = true;
        } else if (strcmp(a, "--password-stdin") == 0) {
            pw_stdin = true;
        } else if (slot != NULL) {
            if (++i == argc)
                return cli_usage_error(ctx, "user", "%s needs a value", a);
            *slot = argv[i];
        } else if (a[0] == '-' && a[1] != '\0') {
            return cli_usage_error(ctx, "user", "unknown option '%s'", a);
        } else if (verb == NULL) {
            verb = a;
        } else if (email == NULL) {
            email = a;
        } else {
            return cli_usage_error(ctx, "user", "too many arguments");
        }
    }
    if (verb == NULL || strcmp(verb, "add") != 0)
        return cli_usage_error(ctx, "user", "say 'add'");
    if (email == NULL || name == NULL)
        return cli_usage_error(ctx, "user", "add needs EMAIL and --name");
    enum cvd_member_role r = CVD_ROLE_MEMBER;
    if (role != NULL && (org == NULL || cvd_member_role_parse(cvd_str_from_cstr(role), &r) != 0))
        return cli_usage_error(ctx, "user", "--role is member or admin, and needs --org");
    char pw[CVD_PASSWORD_MAX + 2];
    int rc = cli_read_password(ctx, "user", pw_stdin, pw, sizeof(pw));
    if (rc != CLI_OK)
        return rc;
    struct cvd_hub *hub;
    if ((rc = cli_open_hub(ctx, "user", db, &hub)) != CLI_OK)
        return rc;
    struct cvd_principal sys = {.kind = CVD_PRINCIPAL_SYSTEM};
    struct cvd_diag d = {0};
    rc = cvd_hub_user_add(hub, &sys, cvd_str_from_cstr(email), cvd_str_from_cstr(name),
                          cvd_str_from_cstr(pw), admin, cvd_str_from_cstr(org ? org : ""), r, NULL,
                          NULL, &d);
    memset(pw, 0, sizeof(pw));
    cvd_hub_close(hub);
    if (rc)
        return cli_fail(ctx, "user", "%s", d.msg);
    fprintf(ctx->out, "added user '%s'%s%s\n", email, org ? " to " : "", org ? org : "");
    return CLI_OK;
}
