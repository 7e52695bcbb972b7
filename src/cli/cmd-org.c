/* `cvd org add`: organisations (coordinator, vendor, researcher, operator). */
#include <string.h>

#include "cli.h"
#include "cvd/core.h"

static const char usage[] =
    "usage: cvd org add NAME --kind KIND [--db PATH]\n"
    "\n"
    "Add an organisation. KIND is coordinator, vendor, researcher or operator. Runs as the\n"
    "system (the machine's operator), so it needs no login.\n"
    "\n"
    "  --kind KIND   what the organisation is\n"
    "  --db PATH     the database (default: $CVD_DB, else ./cvd.db)\n"
    "  -h, --help    show this help\n"
    "\n"
    "Exit status: 0 added, 1 failure (e.g. the name exists), 2 usage error.\n";

int cmd_org(int argc, char **argv, struct cli_ctx *ctx)
{
    const char *verb = NULL, *name = NULL, *kind = NULL, *db = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(usage, ctx->out);
            return CLI_OK;
        } else if (strcmp(a, "--kind") == 0 || strcmp(a, "--db") == 0) {
            if (++i == argc)
                return cli_usage_error(ctx, "org", "%s needs a value", a);
            *(a[2] == 'k' ? &kind : &db) = argv[i];
        } else if (a[0] == '-' && a[1] != '\0') {
            return cli_usage_error(ctx, "org", "unknown option '%s'", a);
        } else if (verb == NULL) {
            verb = a;
        } else if (name == NULL) {
            name = a;
        } else {
            return cli_usage_error(ctx, "org", "too many arguments");
        }
    }
    if (verb == NULL || strcmp(verb, "add") != 0)
        return cli_usage_error(ctx, "org", "say 'add'");
    if (name == NULL || kind == NULL)
        return cli_usage_error(ctx, "org", "add needs NAME and --kind");
    enum cvd_org_kind k;
    if (cvd_org_kind_parse(cvd_str_from_cstr(kind), &k) != 0)
        return cli_usage_error(
            ctx, "org", "unknown kind '%s' (coordinator, vendor, researcher, operator)", kind);
    struct cvd_hub *hub;
    int rc = cli_open_hub(ctx, "org", db, &hub);
    if (rc != CLI_OK)
        return rc;
    struct cvd_principal sys = {.kind = CVD_PRINCIPAL_SYSTEM};
    struct cvd_diag d = {0};
    rc = cvd_hub_org_add(hub, &sys, cvd_str_from_cstr(name), k, NULL, NULL, &d);
    cvd_hub_close(hub);
    if (rc)
        return cli_fail(ctx, "org", "%s", d.msg);
    fprintf(ctx->out, "added %s organisation '%s'\n", kind, name);
    return CLI_OK;
}
