/* `cvd`: the dispatcher. Subcommands come from commands.def (git's model). */
#include <stdio.h>
#include <string.h>

#include "cli.h"

struct command {
    const char *name;
    int (*fn)(int argc, char **argv, struct cli_ctx *ctx);
    const char *summary;
};

static const struct command commands[] = {
#define CVD_CMD(name, summary) {#name, cmd_##name, summary},
#include "commands.def"
#undef CVD_CMD
};

static void print_help(FILE *f)
{
    fprintf(f, "usage: cvd [--version] [--help] <command> [<args>]\n\n"
               "cvd is a coordinated vulnerability disclosure hub.\n\ncommands:\n");
    for (size_t i = 0; i < CVD_ARRAY_LEN(commands); i++)
        fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fprintf(f, "  %-10s %s\n", "help", "show this list, or 'cvd help CMD' for one command");
    fprintf(f, "\n'cvd CMD --help' describes a command. Exit status: 0 ok, 1 failure or "
               "findings, 2 usage error.\n");
}

static const struct command *find_command(const char *name)
{
    for (size_t i = 0; i < CVD_ARRAY_LEN(commands); i++) {
        if (strcmp(commands[i].name, name) == 0)
            return &commands[i];
    }
    return NULL;
}

int main(int argc, char **argv)
{
    struct cli_ctx ctx = {.out = stdout, .err = stderr, .in = stdin, .clock = &cvd_clock_system};

    if (argc < 2) {
        print_help(stderr);
        return CLI_USAGE;
    }
    const char *name = argv[1];
    if (strcmp(name, "--version") == 0) {
        printf("cvd %s\n", CVD_VERSION);
        return CLI_OK;
    }
    if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0) {
        print_help(stdout);
        return CLI_OK;
    }
    if (strcmp(name, "help") == 0) {
        if (argc < 3) {
            print_help(stdout);
            return CLI_OK;
        }
        const struct command *cmd = find_command(argv[2]);
        if (cmd == NULL)
            return cli_usage_error(&ctx, "help", "unknown command '%s'", argv[2]);
        static char help_opt[] = "--help";
        char *help_argv[] = {argv[2], help_opt, NULL};
        return cmd->fn(2, help_argv, &ctx);
    }
    const struct command *cmd = find_command(name);
    if (cmd == NULL) {
        fprintf(stderr, "cvd: '%s' is not a cvd command; see 'cvd help'\n", name);
        return CLI_USAGE;
    }
    int rc = cmd->fn(argc - 1, argv + 1, &ctx);
    if (fflush(stdout) != 0 && rc == CLI_OK) {
        fprintf(stderr, "cvd %s: cannot write output\n", name);
        return CLI_FAIL;
    }
    return rc;
}
