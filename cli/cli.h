/* cli.h — what the thin command-line layer shares: exit codes, messages, the command table.
 *
 * Each subcommand lives in its own cli/cmd_<name>.c with one entry point, parses its own
 * options with getopt_long, and calls only the public module headers. */
#ifndef CLI_H
#define CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "common/vn_error.h"

/* Exit codes scripts can rely on (documented in README.md, "Exit codes"). */
enum cli_exit {
	CLI_EXIT_OK = 0,        /* success; grep: something matched */
	CLI_EXIT_NOMATCH = 1,   /* grep: nothing matched */
	CLI_EXIT_ERROR = 2,     /* usage error, unreadable input, database error, unimplemented */
	CLI_EXIT_PARTIAL = 3,   /* crawl/import finished, but some URLs or files failed */
	CLI_EXIT_LOCKED = 4,    /* another vnnews run holds the corpus lock */
	CLI_EXIT_INTERRUPTED = 130, /* stopped by SIGINT/SIGTERM after finishing in-flight work */
};

struct cli_command {
	const char *name;
	int (*run)(int argc, char **argv); /* argv[0] is the subcommand name */
	const char *summary;               /* one line for `vnnews --help` */
};

/* "vnnews: <message>\n" on stderr. */
void cli_error(const char *fmt, ...) VN_PRINTF(1, 2);
/* "vnnews: warning: <message>\n" on stderr. */
void cli_warn(const char *fmt, ...) VN_PRINTF(1, 2);
/* Prints the usage-error line for `cmd` and a pointer to its --help; returns CLI_EXIT_ERROR. */
int cli_usage_error(const char *cmd, const char *fmt, ...) VN_PRINTF(2, 3);
/* For subcommands that a later release fills in: says so and returns CLI_EXIT_ERROR. */
int cli_not_implemented(const char *cmd);
/* Whether colour may be used on `f` for --color=auto (a terminal and NO_COLOR unset). */
bool cli_color_auto(FILE *f);

int cmd_version(int argc, char **argv);
int cmd_extract(int argc, char **argv);
int cmd_classify(int argc, char **argv);
int cmd_grep(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_stats(int argc, char **argv);
int cmd_crawl(int argc, char **argv);
int cmd_robots(int argc, char **argv);

#endif
