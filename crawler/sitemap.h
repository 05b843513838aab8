/* sitemap.h — discovery: sitemaps (sitemaps.org 0.9, indexes, gzip) and RSS 2.0 / RSS 1.0 /
 * Atom feeds, parsed with libxml2's streaming xmlTextReader.
 *
 * The crawler hands over the bytes it fetched (from a robots.txt Sitemap: line,
 * /sitemap.xml, a <link rel=alternate> feed or /rss) and gets one callback per entry: the
 * absolute canonical URL and its date, so the frontier can skip what has not changed.
 * Real portals serve a BOM, PHP warnings before <?xml, and encodings that contradict the
 * declaration: all are tolerated; XML that stays broken is a clear error naming the URL and
 * line, after the entries before the break were delivered. */
#ifndef CRAWLER_SITEMAP_H
#define CRAWLER_SITEMAP_H

#include <stdbool.h>
#include <stddef.h>

#include "common/vn_buf.h"
#include "common/vn_error.h"

enum crawler_feed_kind {
	CRAWLER_FEED_UNKNOWN = 0,
	CRAWLER_FEED_URLSET,       /* <urlset>: pages */
	CRAWLER_FEED_INDEX,        /* <sitemapindex>: more sitemaps */
	CRAWLER_FEED_RSS,          /* <rss> 2.0 or <rdf:RDF> 1.0 */
	CRAWLER_FEED_ATOM,         /* <feed> */
};

/* One entry, valid during the callback only. */
struct crawler_feed_entry {
	const char *url;       /* absolute, canonical (crawler_url_canon) */
	const char *date;      /* <lastmod>, <pubDate>, <updated>/<published>, <dc:date> as
				* ISO 8601 ("2025-07-01" or "2025-07-01T08:30:00+07:00"); NULL when
				* absent or unreadable */
	const char *title;     /* feed item title (trimmed), or NULL */
	bool is_sitemap;       /* a child sitemap of an index, not a page */
};

/* Returns non-zero to stop; the value is passed back. */
typedef int (*crawler_feed_fn)(void *ctx, const struct crawler_feed_entry *e);

#define CRAWLER_FEED_MAX_BYTES ((size_t)64 << 20)  /* uncompressed, per file */
#define CRAWLER_FEED_MAX_ENTRIES 1000000L

/* Parses one sitemap or feed (`data` may be gzip'd), calling `fn` for each entry whose URL
 * resolves against `base_url` (may be NULL) to an http(s) URL; others are skipped.
 * `*kind` (may be NULL) says what the file was.  `*n_out` (may be NULL) counts entries
 * delivered.  Broken XML gives VN_EPARSE with "URL: line N: why" in `err` (entries before
 * the break were delivered); a file that is not a sitemap or feed gives VN_EUNSUPPORTED;
 * VN_ETOOBIG past CRAWLER_FEED_MAX_BYTES uncompressed. */
int crawler_feed_parse(const char *data, size_t len, const char *base_url, crawler_feed_fn fn,
		       void *ctx, enum crawler_feed_kind *kind, long *n_out, char *err,
		       size_t errlen) VN_WUR;

/* Fetches `url` into `out` (a capped buffer, empty on entry) for crawler_sitemap_walk;
 * returns VN_OK or an error with a message in `err`. */
typedef int (*crawler_fetch_fn)(void *ctx, const char *url, struct vn_buf *out, char *err,
				size_t errlen);
/* Reports a sitemap that could not be fetched or parsed; the walk goes on. */
typedef void (*crawler_feed_error_fn)(void *ctx, const char *url, int code, const char *msg);

/* Follows a sitemap index of indexes from `url` down to `max_depth` levels (0: 4), fetching
 * at most `max_files` sitemaps (0: 1000), each once, and calls `fn` for every page entry
 * (never for child sitemaps).  Failures of single sitemaps go to `on_error` (may be NULL)
 * and are counted in `*failed` (may be NULL).  Returns VN_OK unless `fn` stopped the walk
 * (its value) or memory ran out. */
int crawler_sitemap_walk(const char *url, crawler_fetch_fn fetch, crawler_feed_fn fn,
			 crawler_feed_error_fn on_error, void *ctx, int max_depth,
			 long max_files, long *failed) VN_WUR;

#endif
