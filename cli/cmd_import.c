/* cmd_import.c — `vnnews import FILE.warc.gz…` (and, through cli_import_main, `vnnews
 * reprocess`): the corpus from archived responses instead of the network.
 *
 * Both run the crawl's own page pipeline (crawler_page_store: parser, page kind, classify,
 * corpus), take the corpus writer lock like a crawl, and are idempotent.  SIGINT/SIGTERM
 * stop between pages; what was done is committed. */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "crawler/crawler.h"
#include "crawler/warc.h"

static volatile sig_atomic_t import_stop;

static void import_on_signal(int sig)
{
	(void)sig;
	import_stop = 1;
}

static void import_usage(FILE *out, bool reprocess)
{
	if (reprocess)
		fprintf(out,
			"usage: vnnews reprocess [--db PATH] [--lexicon FILE] [-v|-q]\n"
			"\n"
			"Re-derive every stored article from its raw response (the WARC record it\n"
			"points to, or the bytes kept in the corpus) with this version's parser and\n"
			"lexicon, without the network: titles, dates, bodies, documents and tags are\n"
			"rewritten; URL, site, province and the time the page was seen are kept.\n"
			"Running it twice changes nothing.\n");
	else
		fprintf(out,
			"usage: vnnews import [--db PATH] [--lexicon FILE] [--sites FILE] [-v|-q]\n"
			"                     FILE.warc[.gz]...\n"
			"\n"
			"Run archived responses through the parser and classifier into the corpus, as\n"
			"a crawl would: WARC/1.0 or 1.1 files, gzip'd per record, as a whole, or\n"
			"plain (tested with vnnews crawl --warc and wget --warc-file).  HTTP 200\n"
			"HTML responses are considered; the parser (and the sites file's article and\n"
			"listing patterns) decides which are articles.  Articles whose response sits\n"
			"in a record of its own are stored as pointers into the WARC (keep the file\n"
			"where it is for `vnnews reprocess`), others with their bytes.  Running it\n"
			"twice changes nothing.\n");
	fprintf(out,
		"\n"
		"Options:\n"
		"      --db PATH         the corpus (default $VNNEWS_DB, else ./vnnews.db)\n"
		"      --lexicon FILE    the classifier lexicon (default: the shipped one)\n");
	if (!reprocess)
		fprintf(out,
			"      --sites FILE      site names, provinces and page patterns by host\n");
	fprintf(out,
		"  -v, --verbose         one line per page\n"
		"  -q, --quiet           no summary\n"
		"  -h, --help            this text\n"
		"\n"
		"Exit status: 0 done; 3 done but some %s could not be read or parsed;\n"
		"4 another vnnews run holds the corpus; 130 interrupted; 2 other errors.\n"
		"\n"
		"Example:\n"
		"  %s\n",
		reprocess ? "responses" : "files or pages",
		reprocess ? "vnnews reprocess --db corpus.db --lexicon my-lexicon.tsv"
			  : "vnnews import --db corpus.db crawl-2025*.warc.gz");
}

int cli_import_main(int argc, char **argv, bool reprocess)
{
	enum { OPT_LEXICON = CLI_OPT_FIRST_FREE, OPT_SITES };
	static const struct option opts[] = {
		CLI_DB_OPTION,
		{ "lexicon", required_argument, NULL, OPT_LEXICON },
		{ "sites", required_argument, NULL, OPT_SITES },
		{ "verbose", no_argument, NULL, 'v' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *cmd = reprocess ? "reprocess" : "import", *db = NULL, *sites_path = NULL;
	struct crawler_import_options o;
	struct crawler_import_stats st;
	struct crawler_sites sites;
	struct sigaction sa;
	char err[1024] = "";
	bool quiet = false, have_sites = false;
	int c, rc, ret = CLI_EXIT_ERROR;

	memset(&o, 0, sizeof o);
	memset(&sites, 0, sizeof sites);
	optind = 1;
	while ((c = getopt_long(argc, argv, "vqh", opts, NULL)) != -1) {
		switch (c) {
		case CLI_OPT_DB:
			db = optarg;
			break;
		case OPT_LEXICON:
			o.lexicon = optarg;
			break;
		case OPT_SITES:
			if (reprocess) {
				ret = cli_usage_error(cmd, "--sites is for import only");
				goto out;
			}
			sites_path = optarg;
			break;
		case 'v':
			o.verbose = true;
			break;
		case 'q':
			quiet = true;
			break;
		case 'h':
			import_usage(stdout, reprocess);
			ret = CLI_EXIT_OK;
			goto out;
		default:
			ret = cli_usage_error(cmd, "unknown option");
			goto out;
		}
	}
	if (!reprocess && optind >= argc) {
		ret = cli_usage_error(cmd, "need at least one WARC file");
		goto out;
	}
	if (reprocess && optind < argc) {
		ret = cli_usage_error(cmd, "takes no arguments ('%s')", argv[optind]);
		goto out;
	}
	if (sites_path) {
		if ((rc = crawler_sites_load(sites_path, &sites, err, sizeof err))) {
			cli_error("%s", err);
			goto out;
		}
		have_sites = true;
		o.sites = &sites;
	}
	o.db_path = corpus_db_default_path(db);
	o.stop = &import_stop;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = import_on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	if (reprocess)
		rc = crawler_reprocess_run(&o, &st, stderr, err, sizeof err);
	else
		rc = crawler_import_run(&o, (const char *const *)argv + optind,
					(size_t)(argc - optind), &st, stderr, err, sizeof err);
	if (rc) {
		cli_error("%s", err[0] ? err : vn_strerror(rc));
		ret = rc == VN_ELOCKED ? CLI_EXIT_LOCKED : CLI_EXIT_ERROR;
		goto out;
	}
	if (!quiet)
		crawler_import_stats_print(&st, stderr);
	ret = st.interrupted ? CLI_EXIT_INTERRUPTED :
	      st.files_failed || st.errors ? CLI_EXIT_PARTIAL : CLI_EXIT_OK;
out:
	if (have_sites)
		crawler_sites_release(&sites);
	return ret;
}

int cmd_import(int argc, char **argv)
{
	return cli_import_main(argc, argv, false);
}
