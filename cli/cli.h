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
	bool no_curl;                      /* never calls libcurl: not loaded before it runs */
};

/* "vnnews: <message>\n" on stderr. */
void cli_error(const char *fmt, ...) VN_PRINTF(1, 2);
/* "vnnews: warning: <message>\n" on stderr. */
void cli_warn(const char *fmt, ...) VN_PRINTF(1, 2);
/* Prints the usage-error line for `cmd` and a pointer to its --help; returns CLI_EXIT_ERROR. */
int cli_usage_error(const char *cmd, const char *fmt, ...) VN_PRINTF(2, 3);
/* For subcommands that a later release fills in: says so and returns CLI_EXIT_ERROR. */
int cli_not_implemented(const char *cmd);

struct vn_buf;
/* Input files, gzip-compressed or not (cli_input.c); "-" is standard input.  Reads the
 * whole (decompressed) input into `b` up to its cap: VN_ENOTFOUND or VN_EIO with errno,
 * VN_ETOOBIG past the cap, VN_ECORRUPT for damaged or truncated gzip data. */
int cli_input_read(const char *path, struct vn_buf *b) VN_WUR;
/* The same as a stdio stream to read lines from; NULL with errno when it cannot be opened.
 * After damaged gzip data, reads fail and fclose() returns EOF with errno EILSEQ. */
FILE *cli_input_open(const char *path);
/* Whether colour may be used on `f` for --color=auto (a terminal and NO_COLOR unset). */
bool cli_color_auto(FILE *f);

/* ---- shared by the corpus commands (cli_corpus.c) ---- */
#include "corpus/corpus.h"

enum cli_corpus_opt {
	CLI_OPT_DB = 1000,
	CLI_OPT_TAG,
	CLI_OPT_SITE,
	CLI_OPT_PROVINCE,
	CLI_OPT_SINCE,
	CLI_OPT_UNTIL,
	CLI_OPT_CITES,
	CLI_OPT_FIRST_FREE, /* commands number their own long-only options from here */
};

/* getopt_long entries for --db and the filters. */
#define CLI_DB_OPTION { "db", required_argument, NULL, CLI_OPT_DB }
#define CLI_FILTER_OPTIONS \
	{ "tag", required_argument, NULL, CLI_OPT_TAG }, \
	{ "site", required_argument, NULL, CLI_OPT_SITE }, \
	{ "province", required_argument, NULL, CLI_OPT_PROVINCE }, \
	{ "since", required_argument, NULL, CLI_OPT_SINCE }, \
	{ "until", required_argument, NULL, CLI_OPT_UNTIL }, \
	{ "cites", required_argument, NULL, CLI_OPT_CITES }
#define CLI_FILTER_HELP \
	"      --db PATH         the corpus (default $VNNEWS_DB, else ./vnnews.db)\n" \
	"      --tag CLASS       only articles tagged CLASS (directive, case_report, meeting);\n" \
	"                        repeat for any of several\n" \
	"      --site NAME       only articles of this site\n" \
	"      --province NAME   only this province (case and diacritics ignored)\n" \
	"      --since DATE      published on or after DATE (YYYY, YYYY-MM or YYYY-MM-DD)\n" \
	"      --until DATE      published on or before DATE (whole year/month/day)\n" \
	"      --cites NUMBER    only articles citing this document, e.g. 4588/UBND-VX\n"

#define CLI_MAX_TAGS 8
struct cli_filter {
	const char *db;
	const char *tags[CLI_MAX_TAGS];
	size_t n_tags;
	struct corpus_filter filter;
};

/* Handles `opt` if it is --db or a filter: 1 handled, 0 not ours, -1 usage error printed. */
int cli_filter_option(struct cli_filter *cf, int opt, const char *arg, const char *cmd);
/* Checks dates and tags; prints a usage error naming the bad part and returns -1. */
int cli_filter_check(const struct cli_filter *cf, const char *cmd);
/* Opens the corpus or prints why not (naming the file); returns a cli_exit code. */
int cli_corpus_open(const char *cmd, const char *db_option, unsigned flags,
		    struct corpus_db **out);

int cmd_version(int argc, char **argv);
int cmd_extract(int argc, char **argv);
int cmd_classify(int argc, char **argv);
int cmd_grep(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_stats(int argc, char **argv);
int cmd_crawl(int argc, char **argv);
int cmd_add(int argc, char **argv);
int cmd_robots(int argc, char **argv);
int cmd_sites(int argc, char **argv);
/* import and reprocess share options and summary (cmd_import.c). */
int cli_import_main(int argc, char **argv, bool reprocess);
int cmd_import(int argc, char **argv);
int cmd_reprocess(int argc, char **argv);

#endif
