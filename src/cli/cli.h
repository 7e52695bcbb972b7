/* What every `cvd` subcommand gets and the helpers they share. A subcommand parses its own
 * options, calls libcvd and prints: stdout for results (text, or JSON with --json), stderr for
 * everything else. It returns the process exit code: CLI_OK, CLI_FAIL or CLI_USAGE. */
#ifndef CVD_CLI_H
#define CVD_CLI_H

#include <stdbool.h>
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

/* ---- batch modes: millions of lines in, one line out each ---- */

#define CLI_OUT_CAP ((size_t)1 << 16)

/** Buffered output: one fwrite per CLI_OUT_CAP bytes, no flush per line. */
struct cli_out {
    FILE *f;
    size_t len;
    bool failed; /* a write failed; checked by cli_out_finish() */
    char buf[CLI_OUT_CAP];
};

void cli_out_init(struct cli_out *o, FILE *f);
void cli_out_add(struct cli_out *o, const void *p, size_t n);
void cli_out_cstr(struct cli_out *o, const char *s);
/** Untrusted text as one TSV field: control bytes (TAB, CR, ...) are written as '?'. */
void cli_out_field(struct cli_out *o, struct cvd_str s);
/** Write what is buffered; 0, or CVD_EIO when any write failed. */
int cli_out_flush(struct cli_out *o);

/**
 * Called for each input line (without "\n"; a final "\r" is dropped). A line longer than the
 * limit is passed once, cut to its first bytes, with too_long set; the rest of it is skipped.
 * Return 0 to go on, or a negative code to stop the reading with that code.
 */
typedef int (*cli_line_fn)(void *arg, struct cvd_str line, bool too_long);

/**
 * Read `in` in large blocks and call fn for every line, the last one even without a final
 * newline. Returns 0, CVD_EIO on a read error, or the first negative code fn returned.
 */
CVD_MUST_CHECK int cli_each_line(FILE *in, size_t max_line, cli_line_fn fn, void *arg);

/* ---- commands on a hub database ---- */

struct cvd_hub;

/** The database path: the --db value, else $CVD_DB, else "cvd.db". */
const char *cli_db_path(const char *given);

/** Open (create, migrate) the hub at cli_db_path(db); CLI_OK or CLI_FAIL with the reason. With
 * CVD_PASSWORD_COST=min in the environment, passwords get the cheapest argon2id (tests, demo). */
int cli_open_hub(struct cli_ctx *ctx, const char *cmd, const char *db, struct cvd_hub **ret);

/** Read a password: the first line of ctx->in with from_stdin, else a prompt without echo
 * when ctx->in is a terminal (a usage error otherwise). CLI_OK, CLI_FAIL or CLI_USAGE. */
int cli_read_password(struct cli_ctx *ctx, const char *cmd, bool from_stdin, char *buf, size_t cap);

#endif
