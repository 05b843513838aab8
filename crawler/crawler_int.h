/* crawler_int.h — what the files of crawler/ share: jobs, hosts, the transfer layer.
 *
 * A job is one URL taken from the frontier (or one robots.txt) on its way through a
 * libcurl easy handle; a host is the unit of politeness (one origin: its robots.txt, its
 * delay, its connection count, its failures). */
#ifndef CRAWLER_INT_H
#define CRAWLER_INT_H

#include <curl/curl.h>

#include "common/vn_buf.h"
#include "crawler/crawler.h"

struct crawl_host;

struct crawl_job {
	int64_t id;          /* frontier row; 0 for robots.txt */
	char *url;           /* canonical URL */
	char *site;          /* site name as stored in the frontier */
	int depth;
	bool is_listing;
	bool is_robots;
	char *etag;          /* validators for the conditional GET */
	char *last_modified;
	int attempts;        /* this run */
	char *fetch_url;     /* where a redirect on the same origin sent it (NULL: url) */
	int redirects;       /* redirects followed for it */
	struct crawl_host *host;
	struct crawl_job *next;

	/* the transfer */
	CURL *easy;
	struct curl_slist *headers;
	struct vn_buf body;      /* as received (still content-encoded when `raw`) */
	struct vn_buf req_head;  /* the last request's header bytes (WARC only) */
	struct vn_buf resp_head; /* the last response's header bytes (WARC only) */
	int64_t sent_at;         /* unix seconds the transfer started */
	bool too_big;
	bool wrong_type;
	bool type_checked;
	char errbuf[CURL_ERROR_SIZE];
};

/* What came back, read from the easy handle once the transfer is done. */
struct fetch_result {
	CURLcode code;
	long status;
	const char *effective_url; /* owned by the easy handle */
	const char *redirect_url;  /* a 3xx's Location, resolved; owned by the easy handle */
	const char *content_type;  /* owned by the easy handle, may be NULL */
	char *etag;                /* malloc'ed or NULL */
	char *last_modified;       /* malloc'ed or NULL */
	double retry_after;        /* seconds, < 0 when not given */
};

struct fetch_config {
	const char *user_agent;
	long max_body;
	long connect_timeout;
	long timeout;
	long low_speed_time;
	long low_speed_limit;
	int max_redirects;
	bool insecure;
	const char *ca_bundle;
	bool raw;              /* keep bytes as sent (no content decoding), record headers:
				  for the WARC writer */
	CURLSH *cookies;       /* the run's cookie jar (NULL: no cookies) */
};

/* Creates the easy handle of `job` for `cfg` (conditional headers from the job's
 * validators) and attaches it to `multi`. */
int crawler_fetch_start(CURLM *multi, struct crawl_job *job, const struct fetch_config *cfg)
	VN_WUR;
/* Reads the outcome of a finished transfer; release with crawler_fetch_result_release(). */
void crawler_fetch_result(struct crawl_job *job, CURLcode code, struct fetch_result *r);
void crawler_fetch_result_release(struct fetch_result *r);
/* Detaches and frees the easy handle and the request headers; keeps the body. */
void crawler_fetch_finish(CURLM *multi, struct crawl_job *job);
/* The error kind of a failed transfer or status. */
enum crawler_err_kind crawler_fetch_err_kind(CURLcode code, long status, bool too_big);

void crawler_job_free(struct crawl_job *job);

/* Cuts each "*.warc.gz.open" file a killed run left in `dir` back to its last complete
 * record and renames it to its final name (crawler/warc_recover.c); `*n_out` counts them. */
int crawler_warc_recover(const char *dir, int *n_out) VN_WUR;

/* Inflates gzip or zlib (window_bits 15 + 32) or raw deflate (-15) into `out`, up to its
 * cap (VN_ETOOBIG past it).  Input cut short keeps what inflated; a corrupt stream is
 * VN_ECORRUPT.  Shared by the WARC reader and sitemap/feed parsing. */
int crawler_inflate(const char *p, size_t len, int window_bits, struct vn_buf *out) VN_WUR;

#endif
