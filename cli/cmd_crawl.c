/* cmd_crawl.c — `vnnews crawl`: options, signals and exit codes around crawler_run().
 *
 * The crawl itself lives in crawler/; this file turns the command line into a
 * struct crawler_options, installs SIGINT/SIGTERM handlers that ask the run to finish
 * its in-flight work, and maps the outcome to the exit codes documented in cli.h. */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "crawler/crawler.h"
#include "vn_config.h"

static volatile sig_atomic_t stop_requested;

static void on_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
}

static void usage(FILE *out)
{
	fprintf(out,
		"usage: vnnews crawl [options] [--sites FILE] [URL...]\n"
		"\n"
		"Fetch the portals of a sites file and/or the start URLs given, politely and\n"
		"incrementally, and store every new article (parsed and tagged) in the corpus.\n"
		"Listings and feeds are refetched each run with a conditional GET; known articles\n"
		"are not fetched again unless --refresh.  A killed run resumes where it stopped.\n"
		"\n"
		"Input:\n"
		"  --sites FILE          sites file (INI, see README.md \"Sites file\")\n"
		"  URL...                start URLs; without a sites file the parser decides which\n"
		"                        pages are articles, and the URLs' hosts are the scope\n"
		"  --db PATH             corpus (default: $VNNEWS_DB, else ./vnnews.db)\n"
		"  --lexicon FILE        classifier lexicon (default: the shipped one)\n"
		"Limits:\n"
		"  --max-depth N         links followed from the start pages (10)\n"
		"  --max-pages N         page fetches this run, 0 = no limit (0)\n"
		"  --max-time SECONDS    stop starting fetches after this long, 0 = no limit (0)\n"
		"  --max-url-length N    longer URLs are ignored (2048)\n"
		"  --max-per-pattern N   URLs per query pattern, a spider-trap guard (1000)\n"
		"  --max-calendar N      the same when a query value is a date (50)\n"
		"  --max-body BYTES      bigger responses are cut and dropped (5242880)\n"
		"Politeness and network:\n"
		"  --contact URL         contact URL in the User-Agent \"vnnews/%s (+URL)\"\n"
		"  --delay SECONDS       between two requests to one host (1.0)\n"
		"  --crawl-delay-cap S   robots.txt Crawl-delay honoured up to this (30)\n"
		"  --per-host N          connections per host (1)\n"
		"  --max-conns N         connections in all (16)\n"
		"  --no-robots           ignore robots.txt (benchmarks on your own server only)\n"
		"  --connect-timeout S   (15)   --timeout S  whole transfer (120)\n"
		"  --low-speed-time S    abort a transfer slower than 100 B/s for this long (30)\n"
		"  --max-redirects N     (5)    --retries N  attempts on transient errors (3)\n"
		"  --park-after N        consecutive failures that postpone a host to the next run (5)\n"
		"  --insecure            do not verify TLS certificates (logged per host)\n"
		"  --ca-bundle FILE      CA bundle to verify with (e.g. system CAs plus missing\n"
		"                        intermediates of .gov.vn hosts)\n"
		"  --refresh             refetch known articles too\n"
		"Output:\n"
		"  --warc DIR            keep every request and response in WARC/1.1 files in DIR\n"
		"                        (per-record gzip; the corpus points articles at them)\n"
		"  --warc-max-size BYTES start a new WARC file past this size (1073741824)\n"
		"  --stats-json FILE     write the run summary as JSON\n"
		"  -q, --quiet           only errors (no progress, no summary)\n"
		"  -v, --verbose         one line per fetch\n"
		"  --progress / --no-progress   live status line (default: when stderr is a terminal)\n"
		"  -h, --help            this text\n"
		"\n"
		"Exit status: 0 done; 2 usage or fatal error (database, unreadable sites file);\n"
		"3 finished but some URLs failed or hosts were postponed; 4 another run holds the\n"
		"corpus lock; 130 stopped by SIGINT/SIGTERM after finishing the fetches in flight.\n"
		"\n"
		"Examples:\n"
		"  vnnews crawl --sites data/sites/provinces-2025.ini   # the 34 provincial portals\n"
		"  vnnews crawl --sites my-sites.ini --max-time 3600 -q  # nightly, from cron\n"
		"  vnnews crawl --db corpus.db --max-pages 200 https://example.gov.vn/tin-tuc\n",
		VN_VERSION);
}

static int parse_long(const char *opt, const char *v, long min, long max, long *out)
{
	char *end;
	long n = 0;

	errno = 0;
	n = strtol(v, &end, 10);
	if (end == v || *end || errno || n < min || n > max)
		return cli_usage_error("crawl", "%s wants a whole number from %ld to %ld, not '%s'",
				       opt, min, max, v);
	*out = n;
	return CLI_EXIT_OK;
}

static int parse_double(const char *opt, const char *v, double max, double *out)
{
	char *end;
	double d;

	errno = 0;
	d = strtod(v, &end);
	if (end == v || *end || errno || d < 0 || d > max)
		return cli_usage_error("crawl", "%s wants seconds from 0 to %g, not '%s'", opt, max, v);
	*out = d;
	return CLI_EXIT_OK;
}

enum {
	OPT_DB = 256, OPT_SITES, OPT_LEXICON, OPT_MAX_DEPTH, OPT_MAX_PAGES, OPT_MAX_TIME,
	OPT_MAX_URL, OPT_MAX_PATTERN, OPT_MAX_CAL, OPT_MAX_BODY, OPT_CONTACT, OPT_DELAY, OPT_CDCAP,
	OPT_PER_HOST, OPT_MAX_CONNS, OPT_NO_ROBOTS, OPT_CTIMEOUT, OPT_TIMEOUT, OPT_LOWSPEED,
	OPT_REDIRS, OPT_RETRIES, OPT_INSECURE, OPT_CA, OPT_REFRESH, OPT_STATS, OPT_PROGRESS,
	OPT_NO_PROGRESS, OPT_WARC, OPT_WARC_MAX, OPT_PARK,
};

int cmd_crawl(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, OPT_DB },
		{ "sites", required_argument, NULL, OPT_SITES },
		{ "lexicon", required_argument, NULL, OPT_LEXICON },
		{ "max-depth", required_argument, NULL, OPT_MAX_DEPTH },
		{ "max-pages", required_argument, NULL, OPT_MAX_PAGES },
		{ "max-time", required_argument, NULL, OPT_MAX_TIME },
		{ "max-url-length", required_argument, NULL, OPT_MAX_URL },
		{ "max-per-pattern", required_argument, NULL, OPT_MAX_PATTERN },
		{ "max-calendar", required_argument, NULL, OPT_MAX_CAL },
		{ "max-body", required_argument, NULL, OPT_MAX_BODY },
		{ "contact", required_argument, NULL, OPT_CONTACT },
		{ "delay", required_argument, NULL, OPT_DELAY },
		{ "crawl-delay-cap", required_argument, NULL, OPT_CDCAP },
		{ "per-host", required_argument, NULL, OPT_PER_HOST },
		{ "max-conns", required_argument, NULL, OPT_MAX_CONNS },
		{ "no-robots", no_argument, NULL, OPT_NO_ROBOTS },
		{ "connect-timeout", required_argument, NULL, OPT_CTIMEOUT },
		{ "timeout", required_argument, NULL, OPT_TIMEOUT },
		{ "low-speed-time", required_argument, NULL, OPT_LOWSPEED },
		{ "max-redirects", required_argument, NULL, OPT_REDIRS },
		{ "retries", required_argument, NULL, OPT_RETRIES },
		{ "park-after", required_argument, NULL, OPT_PARK },
		{ "insecure", no_argument, NULL, OPT_INSECURE },
		{ "ca-bundle", required_argument, NULL, OPT_CA },
		{ "refresh", no_argument, NULL, OPT_REFRESH },
		{ "stats-json", required_argument, NULL, OPT_STATS },
		{ "warc", required_argument, NULL, OPT_WARC },
		{ "warc-max-size", required_argument, NULL, OPT_WARC_MAX },
		{ "progress", no_argument, NULL, OPT_PROGRESS },
		{ "no-progress", no_argument, NULL, OPT_NO_PROGRESS },
		{ "quiet", no_argument, NULL, 'q' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct crawler_options o;
	struct crawler_sites sites;
	struct crawler_stats st;
	struct sigaction sa, old_int, old_term;
	const char *db_opt = NULL, *sites_path = NULL, *stats_path = NULL;
	int progress = -1;
	bool have_sites = false, handlers = false;
	char err[1024];
	int c, rc, ret = CLI_EXIT_ERROR;
	long n = 0;

	memset(&sites, 0, sizeof sites);
	crawler_options_init(&o);
	optind = 1;
	while ((c = getopt_long(argc, argv, "qvh", opts, NULL)) != -1) {
		int e = CLI_EXIT_OK;

		switch (c) {
		case OPT_DB: db_opt = optarg; break;
		case OPT_SITES: sites_path = optarg; break;
		case OPT_LEXICON: o.lexicon = optarg; break;
		case OPT_MAX_DEPTH:
			if (!(e = parse_long("--max-depth", optarg, 0, 1000, &n)))
				o.max_depth = (int)n;
			break;
		case OPT_MAX_PAGES: e = parse_long("--max-pages", optarg, 0, 1000000000L, &o.max_pages); break;
		case OPT_MAX_TIME: e = parse_double("--max-time", optarg, 1e9, &o.max_time); break;
		case OPT_MAX_URL:
			if (!(e = parse_long("--max-url-length", optarg, 64, 65536, &n)))
				o.max_url_len = (size_t)n;
			break;
		case OPT_MAX_PATTERN: e = parse_long("--max-per-pattern", optarg, 0, 1000000000L, &o.max_per_pattern); break;
		case OPT_MAX_CAL: e = parse_long("--max-calendar", optarg, 0, 1000000000L, &o.max_calendar); break;
		case OPT_MAX_BODY: e = parse_long("--max-body", optarg, 1024, 1L << 30, &o.max_body); break;
		case OPT_CONTACT: o.contact = optarg; break;
		case OPT_DELAY: e = parse_double("--delay", optarg, 3600, &o.delay); break;
		case OPT_CDCAP: e = parse_double("--crawl-delay-cap", optarg, 3600, &o.crawl_delay_cap); break;
		case OPT_PER_HOST:
			if (!(e = parse_long("--per-host", optarg, 1, 64, &n)))
				o.max_per_host = (int)n;
			break;
		case OPT_MAX_CONNS:
			if (!(e = parse_long("--max-conns", optarg, 1, 1024, &n)))
				o.max_conns = (int)n;
			break;
		case OPT_NO_ROBOTS: o.robots = false; break;
		case OPT_CTIMEOUT: e = parse_long("--connect-timeout", optarg, 1, 3600, &o.connect_timeout); break;
		case OPT_TIMEOUT: e = parse_long("--timeout", optarg, 1, 86400, &o.timeout); break;
		case OPT_LOWSPEED: e = parse_long("--low-speed-time", optarg, 1, 3600, &o.low_speed_time); break;
		case OPT_REDIRS:
			if (!(e = parse_long("--max-redirects", optarg, 0, 50, &n)))
				o.max_redirects = (int)n;
			break;
		case OPT_RETRIES:
			if (!(e = parse_long("--retries", optarg, 1, 20, &n)))
				o.max_retries = (int)n;
			break;
		case OPT_PARK:
			if (!(e = parse_long("--park-after", optarg, 1, 1000, &n)))
				o.park_after = (int)n;
			break;
		case OPT_INSECURE: o.insecure = true; break;
		case OPT_CA: o.ca_bundle = optarg; break;
		case OPT_REFRESH: o.refresh = true; break;
		case OPT_STATS: stats_path = optarg; break;
		case OPT_WARC: o.warc_dir = optarg; break;
		case OPT_WARC_MAX:
			if (!(e = parse_long("--warc-max-size", optarg, 1L << 16, 1L << 40, &n)))
				o.warc_max_size = n;
			break;
		case OPT_PROGRESS: progress = 1; break;
		case OPT_NO_PROGRESS: progress = 0; break;
		case 'q': o.verbosity = CRAWLER_QUIET; break;
		case 'v': o.verbosity = CRAWLER_VERBOSE; break;
		case 'h':
			usage(stdout);
			ret = CLI_EXIT_OK;
			goto out;
		default:
			ret = cli_usage_error("crawl", "unknown option");
			goto out;
		}
		if (e) {
			ret = e;
			goto out;
		}
	}
	if (!sites_path && optind >= argc) {
		ret = cli_usage_error("crawl", "give start URLs or --sites FILE");
		goto out;
	}
	if (sites_path) {
		if ((rc = crawler_sites_load(sites_path, &sites, err, sizeof err))) {
			cli_error("%s", err);
			goto out;
		}
		have_sites = true;
		o.sites = &sites;
		if (!o.contact)
			o.contact = sites.contact;
		if (sites.delay >= 0)
			o.delay = sites.delay;
		if (!o.ca_bundle)
			o.ca_bundle = sites.ca_bundle;
	}
	o.urls = (const char *const *)(argv + optind);
	o.n_urls = (size_t)(argc - optind);
	o.db_path = corpus_db_default_path(db_opt);
	o.progress = progress >= 0 ? progress == 1 : isatty(STDERR_FILENO) == 1;
	if (o.verbosity == CRAWLER_QUIET)
		o.progress = false;
	o.stop = &stop_requested;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	handlers = true;

	rc = crawler_run(&o, &st, err, sizeof err);
	if (rc == VN_ELOCKED) {
		cli_error("%s", err);
		ret = CLI_EXIT_LOCKED;
		goto out;
	}
	if (rc) {
		cli_error("%s", err[0] ? err : vn_strerror(rc));
		if (o.verbosity >= CRAWLER_NORMAL && st.fetched)
			crawler_stats_print(&st, stderr);
		goto out;
	}
	if (o.verbosity >= CRAWLER_NORMAL)
		crawler_stats_print(&st, stderr);
	if (stats_path && (rc = crawler_stats_write_json(&st, stats_path))) {
		cli_error("%s: cannot write the statistics: %s", stats_path, strerror(errno));
		goto out;
	}
	if (st.interrupted)
		ret = CLI_EXIT_INTERRUPTED;
	else if (st.failed || st.parked_hosts)
		ret = CLI_EXIT_PARTIAL;
	else
		ret = CLI_EXIT_OK;
out:
	if (handlers) {
		sigaction(SIGINT, &old_int, NULL);
		sigaction(SIGTERM, &old_term, NULL);
	}
	if (have_sites)
		crawler_sites_release(&sites);
	return ret;
}
