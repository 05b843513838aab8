/* crawler.h — the public face of crawler/: polite, resumable crawling with libcurl multi.
 *
 * Fetches the configured portals (robots.txt per RFC 9309, per-host limits and delays,
 * conditional GET), passes each page through parser and classify, and stores articles in
 * the corpus; the frontier lives in the corpus database so a killed run resumes. */
#ifndef CRAWLER_H
#define CRAWLER_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "common/vn_error.h"
#include "corpus/corpus.h"

/* ---- URLs (crawler/url.c) ---- */

#define CRAWLER_URL_MAX_DEFAULT 2048

/* Canonicalizes `url` (resolved against `base` when not NULL) with the curl URL API:
 * http/https only, lower-case host without a trailing dot, default port dropped, empty
 * path "/", fragment removed, session and tracking parameters removed (jsessionid in the
 * path or query, ASP.NET_SessionId, PHPSESSID, utm_*, fbclid, gclid, Liferay
 * p_p_lifecycle/p_p_state/p_p_mode), the remaining query parameters sorted so permutations
 * collapse.  Returns VN_EINVAL for a malformed URL, VN_EDENIED for another scheme,
 * VN_ETOOBIG when the result is longer than `max_len` (0: CRAWLER_URL_MAX_DEFAULT).
 * The caller frees `*out` with free(). */
int crawler_url_canon(const char *url, const char *base, size_t max_len, char **out) VN_WUR;

/* The origin "scheme://host[:port]" of a canonical URL (the unit of politeness) and, in
 * `*path_out` when not NULL, a pointer into `url` at the path (with query).  The caller
 * frees `*origin_out`. */
int crawler_url_origin(const char *url, char **origin_out, const char **path_out) VN_WUR;

/* A pointer into `url` at its path and query ("" when it has none; `url` itself when it
 * has no "://"): what robots.txt rules and a sites file's patterns are matched against. */
const char *crawler_url_path(const char *url);

/* Spider-trap guard for a canonical URL: a static sentence saying why the URL looks like a
 * trap (repeating path segments, a path too deep, a calendar far from today, too many
 * query parameters), or NULL when it looks fine.  `year_now` is the current year. */
const char *crawler_url_trap(const char *url, int year_now);

/* Robots-style pattern match of `pattern` against a path (with query): prefix match, `*`
 * matches any run of bytes, a final `$` anchors the end.  Used for robots.txt rules and for
 * the allow/deny/article/listing patterns of the sites file. */
bool crawler_pattern_match(const char *pattern, const char *path);

/* ---- robots.txt (crawler/robots.c, RFC 9309) ---- */

struct crawler_robots;

/* Parses robots.txt bytes (only the first 500 KiB, as RFC 9309 allows) for the crawler
 * whose product token starts `agent` ("vnnews/0.1 (+https://…)" -> "vnnews").  The caller
 * frees `*out` with crawler_robots_free(). */
int crawler_robots_parse(const char *data, size_t len, const char *agent,
			 struct crawler_robots **out) VN_WUR;
/* A robots object that allows everything (robots.txt answered 4xx). */
int crawler_robots_allow_all(struct crawler_robots **out) VN_WUR;
void crawler_robots_free(struct crawler_robots *r);

/* Whether the path (with query) of a URL may be fetched.  `path` may also be a full URL.
 * When `rule_out` is not NULL it gets the deciding rule ("Disallow: /x") or NULL, and
 * `line_out` its line number in the file. */
bool crawler_robots_allowed(const struct crawler_robots *r, const char *path,
			    const char **rule_out, int *line_out);
/* The Crawl-delay of the group that applies, in seconds, or -1 when none is given. */
double crawler_robots_crawl_delay(const struct crawler_robots *r);
/* The Sitemap: URLs of the file, in order. */
size_t crawler_robots_sitemaps(const struct crawler_robots *r, const char *const **out);
/* The user-agent line of the group that applies ("*", "vnnews"), or NULL when none. */
const char *crawler_robots_group(const struct crawler_robots *r);

/* ---- sites file (crawler/sites.c, INI via libinih) ---- */

struct crawler_site {
	char *name;
	char *province;
	char **start;    size_t n_start;   /* start URLs: listings refetched every run */
	char **hosts;    size_t n_hosts;   /* hosts in scope; empty: the start URLs' hosts */
	char **allow;    size_t n_allow;   /* path patterns (crawler_pattern_match) */
	char **deny;     size_t n_deny;
	char **article;  size_t n_article; /* pages that are articles (stored) */
	char **listing;  size_t n_listing; /* pages that are listings (followed, refetched) */
	char *xpath_title;                 /* optional extraction overrides */
	char *xpath_body;
	char *xpath_date;
	double delay;                      /* seconds between requests; < 0: the default */
	bool insecure;                     /* skip TLS verification (logged) */
	char *ca_bundle;                   /* extra CA bundle file, or NULL */
	int line;                          /* line of the section header, for messages */
	/* portal-list metadata (data/sites/, `vnnews sites`); the crawl seeds the feeds as
	 * listings and ignores the rest */
	char **feeds;    size_t n_feeds;   /* RSS/Atom feeds or sitemaps known for the site */
	char *period;                      /* "2021-2025" (63 provinces), "2025-" (34), or NULL */
	char *kind;                        /* "portal", "health", "ict"... or NULL */
	bool verified;                     /* someone checked the URLs answer (verified = yes) */
	char **sources;  size_t n_sources; /* public evidence for the addresses (URL or
					    * owner/repo:path); none: recalled, not found */
};

struct crawler_sites {
	struct crawler_site *sites;
	size_t n;
	char *contact;   /* [vnnews] contact = URL for the User-Agent, or NULL */
	double delay;    /* [vnnews] delay, < 0 when not set */
	char *ca_bundle; /* [vnnews] ca_bundle, or NULL */
};

/* Loads a sites file.  On an error returns VN_EPARSE (or VN_EIO/VN_ENOTFOUND) and writes
 * "FILE:LINE: what is wrong" into `err`.  Release with crawler_sites_release(). */
int crawler_sites_load(const char *path, struct crawler_sites *out,
		       char *err, size_t errlen) VN_WUR;
void crawler_sites_release(struct crawler_sites *s);

/* ---- does each site answer (crawler/sites_check.c, `vnnews sites check`) ---- */

struct crawler_site_check {
	bool ok;              /* a 2xx/3xx answer */
	int status;           /* the last HTTP status, 0 when none came */
	double seconds;
	char error[256];      /* why not, from libcurl ("Could not resolve host: …"), or "" */
	char final_url[512];  /* after redirects */
};

typedef void (*crawler_check_fn)(void *ctx, const struct crawler_site *site, const char *url,
				 const struct crawler_site_check *res);

/* GETs the first start URL of every site (`parallel` at a time, 0: 8; `timeout` seconds
 * each, 0: 20), then calls `fn` for each site in file order.  VN_ENOMEM / VN_ENET only for
 * failures of the check itself; unreachable sites are results. */
int crawler_sites_check(const struct crawler_sites *s, const char *user_agent, long timeout,
			int parallel, crawler_check_fn fn, void *ctx) VN_WUR;

/* ---- the run (crawler/run.c) ---- */

enum crawler_verbosity {
	CRAWLER_QUIET = 0,   /* errors only */
	CRAWLER_NORMAL = 1,  /* progress line (terminal) or periodic log lines, and the summary */
	CRAWLER_VERBOSE = 2, /* one line per fetch */
};

struct crawler_options {
	const char *db_path;
	const struct crawler_sites *sites; /* may be NULL when `urls` are given */
	const char *const *urls;           /* start URLs given on the command line */
	size_t n_urls;
	const char *contact;               /* contact URL in the User-Agent, or NULL */
	const char *lexicon;               /* lexicon file, NULL: the shipped one */
	int max_depth;                     /* links followed from the start pages */
	long max_pages;                    /* fetches this run; 0: no limit */
	double max_time;                   /* seconds; 0: no limit */
	size_t max_url_len;
	long max_per_pattern;              /* URLs added per query pattern (trap guard) */
	long max_calendar;                 /* ... when a query value is a date (calendars) */
	int max_conns;                     /* global connection limit */
	int max_per_host;                  /* connections per host */
	double delay;                      /* default seconds between requests to one host */
	double crawl_delay_cap;            /* Crawl-delay is honoured up to this */
	long max_body;                     /* bytes; bigger bodies are cut and dropped */
	long connect_timeout;              /* seconds */
	long timeout;                      /* seconds for the whole transfer */
	long low_speed_time;               /* abort when below low_speed_limit for this long */
	long low_speed_limit;              /* bytes per second */
	int max_redirects;
	int max_retries;                   /* attempts per URL on transient errors */
	int park_after;                    /* consecutive failures that park a host */
	bool robots;                       /* obey robots.txt (off only for benchmarks) */
	bool refresh;                      /* refetch known articles too */
	bool insecure;                     /* skip TLS verification for every site (logged) */
	const char *ca_bundle;
	const char *warc_dir;              /* keep every response in WARC/1.1 files here */
	int64_t warc_max_size;             /* bytes per WARC file; 0: 1 GiB */
	enum crawler_verbosity verbosity;
	bool progress;                     /* live status line on stderr (a terminal) */
	const volatile sig_atomic_t *stop; /* set by SIGINT/SIGTERM: finish in-flight, stop */
};

/* Fills `o` with the defaults documented in `vnnews crawl --help`. */
void crawler_options_init(struct crawler_options *o);

enum crawler_err_kind {
	CRAWLER_ERR_HTTP_4XX = 0,
	CRAWLER_ERR_HTTP_5XX,
	CRAWLER_ERR_TIMEOUT,
	CRAWLER_ERR_CONNECT,
	CRAWLER_ERR_TLS,
	CRAWLER_ERR_TOO_BIG,
	CRAWLER_ERR_REDIRECT,
	CRAWLER_ERR_NETWORK,
	CRAWLER_ERR_PARSE,
	CRAWLER_ERR_N
};
const char *crawler_err_kind_name(enum crawler_err_kind k);

struct crawler_stats {
	long fetched;          /* responses received (any status) */
	long not_modified;     /* 304 answers to conditional GETs */
	long pages;            /* HTML pages parsed */
	long articles_new;
	long articles_updated;
	long listings;
	long feeds;            /* sitemaps and RSS/Atom feeds read */
	long skipped_robots;
	long skipped_scope;    /* out of scope, trap guard, too long */
	long skipped_type;     /* non-HTML content, or links to binary files */
	long robots_fetched;
	long retries;
	long failed;           /* URLs given up this run */
	long postponed;        /* URLs left queued for the next run (host postponed/parked) */
	long errors[CRAWLER_ERR_N];
	long tags[CLASSIFY_N]; /* new or updated articles per tag */
	long queued_left;      /* queued URLs left in the frontier at the end */
	long parked_hosts;
	int64_t bytes;         /* body bytes received */
	double elapsed;        /* seconds */
	bool interrupted;
	bool limit_hit;        /* stopped by max-pages or max-time */
};

/* Runs one crawl.  Opens the corpus with the writer lock (VN_ELOCKED if another run holds
 * it), seeds the frontier, fetches until nothing is due, a limit is hit or `*o->stop` is
 * set, and fills `*st`.  Returns VN_OK also when some URLs failed (see `st`); on a fatal
 * error writes a message naming the file or URL into `err`. */
int crawler_run(const struct crawler_options *o, struct crawler_stats *st,
		char *err, size_t errlen) VN_WUR;

/* Prints the run summary (pages, new articles, per-tag counts, errors by kind). */
void crawler_stats_print(const struct crawler_stats *st, FILE *out);
/* Writes the summary as JSON to `path` (jansson).  VN_EIO with errno set on failure. */
int crawler_stats_write_json(const struct crawler_stats *st, const char *path) VN_WUR;

#endif
