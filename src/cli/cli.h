/* What every `cvd` subcommand gets and the helpers they share. A subcommand parses its own
 * options, calls libcvd and prints: stdout for results (text, or JSON with --json), stderr for
 * everything else. It returns the process exit code: CLI_OK, CLI_FAIL or CLI_USAGE. */
#ifndef CVD_CLI_H
#define CVD_CLI_H

#include <stdio.h>

#include "cvd/clock.h"
#include "cvd/compiler.h"
#include "cvd/err.h"
#include "cvd/str.h"

enum cli_exit {
    CLI_OK = 0,    /* success, nothing found */
    CLI_FAIL = 1,  /* failure, or findings (invalid input, errors in a checked document) */
    CLI_USAGE = 2, /* the command line was wrong */
};

struct cli_ctx {
    FILE *out;                     /* results */
    FILE *err;                     /* diagnostics */
    FILE *in;                      /* batch input */
    const struct cvd_clock *clock; /* "now"; tests may fix it */
};

/* One function per subcommand, listed in commands.def. argv[0] is the subcommand name. */
#define CVD_CMD(name, summary) int cmd_##name(int argc, char **argv, struct cli_ctx *ctx);
#include "commands.def"
#undef CVD_CMD

/** Print "cvd CMD: message" and "try 'cvd CMD --help'" to ctx->err; returns CLI_USAGE. */
int cli_usage_error(struct cli_ctx *ctx, const char *cmd, const char *fmt, ...) CVD_PRINTF(3, 4);

/** Print "cvd CMD: message" to ctx->err; returns CLI_FAIL. */
int cli_fail(struct cli_ctx *ctx, const char *cmd, const char *fmt, ...) CVD_PRINTF(3, 4);

/**
 * Read a whole file ("-" is ctx->in) into out, at most max bytes (CVD_ELIMIT beyond). Returns 0
 * or a CVD_E* code with the reason in diag->msg (naming the file).
 */
CVD_MUST_CHECK int cli_read_file(struct cli_ctx *ctx, const char *path, size_t max,
                                 struct cvd_buf *out, struct cvd_diag *diag);

/**
 * Read one line from f into line (without the "\n"; a "\r\n" ending loses its "\r" too).
 * Returns 1 when a line was read, 0 at end of input, CVD_ELIMIT when the line is longer than
 * max bytes (the rest of that line is skipped, so the caller can report it and go on), or
 * CVD_EIO / CVD_ENOMEM.
 */
CVD_MUST_CHECK int cli_read_line(FILE *f, struct cvd_buf *line, size_t max);

#endif
