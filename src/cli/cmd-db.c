/* `cvd db`: look after the hub's database: apply the schema migrations, take an online
 * backup. All storage logic is in include/cvd/store.h. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cvd/store.h"

static const char usage[] =
    "usage: cvd db migrate [--db PATH]\n"
    "   or: cvd db backup [--db PATH] FILE\n"
    "\n"
    "Look after the hub's database, a SQLite file: PATH, else $CVD_DB, else ./cvd.db.\n"
    "\n"
    "  migrate       create the database when it does not exist and apply the schema\n"
    "                migrations it lacks (a database newer than this cvd is refused)\n"
    "  backup FILE   copy the database as of one moment to the new file FILE (mode 0600),\n"
    "                while the hub keeps running; FILE must not exist\n"
    "  --db PATH     the database file\n"
    "  -h, --help    show this help\n"
    "\n"
    "Exit status: 0 done, 1 failure, 2 usage error.\n";

static const char cmd_name[] = "db";

static const char *default_db(void)
{
    const char *env = getenv("CVD_DB");
    return env != NULL && env[0] != '\0' ? env : "./cvd.db";
}

static int migrate(struct cli_ctx *ctx, const char *db)
{
    struct cvd_store *s = NULL;
    struct cvd_diag d = {0};
    int rc = cvd_store_open(db, ctx->clock, CVD_STORE_CREATE, &s, &d);
    if (rc)
        return cli_fail(ctx, cmd_name, "%s", d.msg);
    int status = CLI_OK;
    int before = cvd_store_schema_version(s, &d);
    int applied = before < 0 ? before : cvd_store_migrate(s, &d);
    if (applied < 0) {
        status = cli_fail(ctx, cmd_name, "%s", d.msg);
    } else if (applied == 0) {
        fprintf(ctx->out, "%s: schema version %d, up to date\n", db, before);
    } else {
        fprintf(ctx->out, "%s: schema version %d, %d migration%s applied (from version %d)\n", db,
                cvd_store_schema_latest(), applied, applied == 1 ? "" : "s", before);
    }
    cvd_store_close(s);
    return status;
}

static int backup(struct cli_ctx *ctx, const char *db, const char *dest)
{
    struct cvd_store *s = NULL;
    struct cvd_diag d = {0};
    int rc = cvd_store_open(db, ctx->clock, 0, &s, &d);
    if (rc == 0)
        rc = cvd_store_backup(s, dest, &d);
    cvd_store_close(s);
    if (rc)
        return cli_fail(ctx, cmd_name, "%s", d.msg);
    fprintf(ctx->out, "%s: backed up to %s\n", db, dest);
    return CLI_OK;
}

int cmd_db(int argc, char **argv, struct cli_ctx *ctx)
{
    const char *db = NULL;
    const char *args[3];
    int n = 0;
    bool rest = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!rest && strcmp(a, "--") == 0) {
            rest = true;
        } else if (!rest && (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0)) {
            fputs(usage, ctx->out);
            return CLI_OK;
        } else if (!rest && strcmp(a, "--db") == 0) {
            if (i + 1 >= argc)
                return cli_usage_error(ctx, cmd_name, "--db needs a PATH");
            db = argv[++i];
        } else if (!rest && strncmp(a, "--db=", 5) == 0) {
            db = a + 5;
        } else if (!rest && a[0] == '-' && a[1] != '\0') {
            return cli_usage_error(ctx, cmd_name, "unknown option '%s'", a);
        } else if (n < 3) {
            args[n++] = a;
        } else {
            return cli_usage_error(ctx, cmd_name, "too many arguments");
        }
    }
    if (db != NULL && db[0] == '\0')
        return cli_usage_error(ctx, cmd_name, "--db needs a PATH");
    if (db == NULL)
        db = default_db();
    if (n == 0)
        return cli_usage_error(ctx, cmd_name, "no subcommand given (migrate, backup)");
    if (strcmp(args[0], "migrate") == 0) {
        if (n != 1)
            return cli_usage_error(ctx, cmd_name, "migrate takes no arguments");
        return migrate(ctx, db);
    }
    if (strcmp(args[0], "backup") == 0) {
        if (n != 2)
            return cli_usage_error(ctx, cmd_name, "backup needs one FILE");
        return backup(ctx, db, args[1]);
    }
    return cli_usage_error(ctx, cmd_name, "unknown subcommand '%s'", args[0]);
}
