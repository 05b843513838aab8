/* main.c — `vnnews`: git-style dispatch to one subcommand per cli/cmd_*.c file.
 * Only this layer decides the process exit code (see cli.h). */
#include <stdio.h>
#include <string.h>

#include "classify/classify.h"
#include "cli/cli.h"
#include "common/vn_curl.h"
#include "common/vn_reserve.h"
#include "parser/parser.h"
#include "vn_config.h"

static const struct cli_command commands[] = {
	{ "crawl", cmd_crawl, "fetch portals politely and store new articles in the corpus", false },
	{ "extract", cmd_extract, "extract the article (title, date, body, documents) from HTML files", false },
	{ "classify", cmd_classify, "tag text, HTML or extract records as directive/case_report/meeting", false },
	{ "grep", cmd_grep, "search the corpus, with or without diacritics", true },
	{ "export", cmd_export, "write corpus articles as JSONL, CSV or plain text", true },
	{ "add", cmd_add, "load extract/classify records or corpus-vi items into the corpus", false },
	{ "stats", cmd_stats, "count articles by site, province, tag and month", true },
	{ "robots", cmd_robots, "show what a robots.txt allows for an agent, URL by URL", false },
	{ "import", cmd_import, "run WARC files (vnnews crawl --warc, wget --warc-file...) into the corpus", false },
	{ "reprocess", cmd_reprocess, "re-derive every article from its stored raw response", false },
	{ "sites", cmd_sites, "list the shipped provincial portals, or check which answer", false },
	{ "version", cmd_version, "print the version and the library versions", false },
};

static void print_help(FILE *out)
{
	fprintf(out,
		"usage: vnnews <command> [options] [args]\n"
		"\n"
		"Build a research corpus from Vietnamese provincial government news sites:\n"
		"crawl portals, extract articles, tag them, and search the corpus.\n"
		"\n"
		"Commands:\n");
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
	fprintf(out,
		"\n"
		"The corpus is one SQLite file: --db PATH, else $VNNEWS_DB, else ./vnnews.db.\n"
		"Run 'vnnews <command> --help' for a command's options and examples.\n"
		"\n"
		"Examples:\n"
		"  vnnews extract --format json page.html\n"
		"  vnnews crawl --sites data/sites/provinces-2025.ini --max-time 3600\n"
		"  vnnews grep \"tiem vac xin\" --tag directive --since 2021-06\n");
}

static const struct cli_command version_command = { "version", cmd_version, NULL, false };

/* libcurl is loaded before a command that may call it (see common/vn_curl.h), so that a
 * missing library is one clear message rather than a failure deep inside the command. */
static int command_run(const struct cli_command *c, int argc, char **argv)
{
	char err[600];

	if (!c->no_curl && vn_curl_load(err, sizeof err) != VN_OK) {
		fprintf(stderr, "vnnews %s: %s\n", c->name, err);
		return CLI_EXIT_ERROR;
	}
	return c->run(argc, argv);
}

/* Runs the command line; main() then frees the once-per-process state. */
static int main_dispatch(int argc, char **argv)
{
	const char *name;

	if (argc < 2) {
		print_help(stderr);
		return CLI_EXIT_ERROR;
	}
	name = argv[1];
	if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0 || strcmp(name, "help") == 0) {
		if (argc > 2 && strcmp(name, "help") == 0) {
			char help[] = "--help";
			char *sub[] = { argv[2], help, NULL };

			for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
				if (strcmp(commands[i].name, argv[2]) == 0)
					return commands[i].run(2, sub);
		}
		print_help(stdout);
		return CLI_EXIT_OK;
	}
	if (strcmp(name, "--version") == 0 || strcmp(name, "-V") == 0)
		return command_run(&version_command, 1, argv + 1);
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (strcmp(commands[i].name, name) == 0)
			return command_run(&commands[i], argc - 1, argv + 1);
	cli_error("'%s' is not a vnnews command; see 'vnnews --help'", name);
	return CLI_EXIT_ERROR;
}

int main(int argc, char **argv)
{
	int rc;

	/* before any ICU call: ICU's regex compiler crashes on a failed allocation */
	vn_reserve_icu_install();
	rc = main_dispatch(argc, argv);

	/* so that valgrind's leak check of a whole run reports nothing, not even "possibly
	 * lost" compiled patterns */
	parser_global_release();
	classify_global_release();
	return rc;
}
