/* fetch.c — one HTTP transfer on a libcurl easy handle, set up the same careful way each time.
 *
 * Only http and https, also after redirects (CURLOPT_PROTOCOLS_STR / REDIR_PROTOCOLS_STR);
 * curl follows the redirects of robots.txt only (RFC 9309 2.3.1.2: across authorities
 * too): a page's redirect is followed by run.c, which keeps its target to the crawl's
 * scope, robots.txt and host delays;
 * HTTP/2 where the server offers it over TLS; every compression curl knows; TLS verified
 * unless a site is explicitly insecure; timeouts for connect, the whole transfer and a
 * stalled transfer.  The body lands in a capped vn_buf: the write callback refuses the
 * byte past the cap (curl then aborts the transfer), and refuses a non-HTML body at its
 * first byte, so neither a 10 MB page nor an endless stream costs more than the cap. */
#include "crawler/crawler_int.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <curl/header.h>

/* Whether a Content-Type names something we read: HTML for the parser, XML (and gzip'd
 * XML) for the sitemap and feed reader.  Missing: let the parser try. */
static bool type_is_wanted(const char *ct)
{
	static const char *const types[] = { "text/html", "application/xhtml+xml", "text/xml",
		"application/xml", "application/rss+xml", "application/atom+xml",
		"application/rdf+xml", "application/x-gzip", "application/gzip", NULL };

	if (!ct || !*ct)
		return true;
	while (*ct == ' ')
		ct++;
	for (size_t i = 0; types[i]; i++)
		if (!strncasecmp(ct, types[i], strlen(types[i])))
			return true;
	return false;
}

static size_t on_write(char *data, size_t size, size_t nmemb, void *user)
{
	struct crawl_job *job = user;
	size_t n = size * nmemb;

	if (!job->type_checked && !job->is_robots) {
		char *ct = NULL;
		long status = 0;

		job->type_checked = true;
		curl_easy_getinfo(job->easy, CURLINFO_RESPONSE_CODE, &status);
		curl_easy_getinfo(job->easy, CURLINFO_CONTENT_TYPE, &ct);
		if (status >= 200 && status < 300 && !type_is_wanted(ct)) {
			job->wrong_type = true;
			return 0;
		}
	}
	if (vn_buf_add(&job->body, data, n) != VN_OK) {
		job->too_big = true;
		return 0; /* curl answers CURLE_WRITE_ERROR and drops the connection */
	}
	return n;
}

/* Response header lines; a status line starts a new response (redirects, 100-continue). */
static size_t on_header(char *data, size_t size, size_t nmemb, void *user)
{
	struct crawl_job *job = user;
	size_t n = size * nmemb;

	if (n >= 5 && memcmp(data, "HTTP/", 5) == 0)
		vn_buf_reset(&job->resp_head);
	if (vn_buf_add(&job->resp_head, data, n) != VN_OK)
		return 0;
	return n;
}

/* The request headers as sent, for the WARC request record. */
static int on_debug(CURL *e, curl_infotype type, char *data, size_t size, void *user)
{
	struct crawl_job *job = user;

	(void)e;
	if (type == CURLINFO_HEADER_OUT) {
		vn_buf_reset(&job->req_head);
		if (vn_buf_add(&job->req_head, data, size) != VN_OK)
			vn_buf_reset(&job->req_head);
	}
	return 0;
}

static int add_header(struct curl_slist **list, const char *name, const char *value)
{
	struct vn_buf b;
	struct curl_slist *l;
	int rc;

	vn_buf_init(&b, 8192);
	if ((rc = vn_buf_addf(&b, "%s: %s", name, value)))
		goto out;
	if (!(l = curl_slist_append(*list, b.data))) {
		rc = VN_ENOMEM;
		goto out;
	}
	*list = l;
out:
	vn_buf_release(&b);
	return rc;
}

int crawler_fetch_start(CURLM *multi, struct crawl_job *job, const struct fetch_config *cfg)
{
	CURL *e;
	int rc = VN_OK;

	vn_buf_reset(&job->body);
	vn_buf_reset(&job->req_head);
	vn_buf_reset(&job->resp_head);
	job->sent_at = (int64_t)time(NULL);
	job->too_big = job->wrong_type = job->type_checked = false;
	job->errbuf[0] = '\0';
	if (!(e = curl_easy_init()))
		return VN_ENOMEM;
	job->easy = e;
	/* after a redirect too: the validators stored are those of the response that came at
	 * the end of it, so a listing that always redirects can still answer 304 */
	if (!job->is_robots && job->etag &&
	    (rc = add_header(&job->headers, "If-None-Match", job->etag)))
		goto out;
	if (!job->is_robots && job->last_modified &&
	    (rc = add_header(&job->headers, "If-Modified-Since", job->last_modified)))
		goto out;
	curl_easy_setopt(e, CURLOPT_URL, job->fetch_url ? job->fetch_url : job->url);
	curl_easy_setopt(e, CURLOPT_PRIVATE, job);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_write);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, job);
	curl_easy_setopt(e, CURLOPT_ERRORBUFFER, job->errbuf);
	curl_easy_setopt(e, CURLOPT_USERAGENT, cfg->user_agent);
	curl_easy_setopt(e, CURLOPT_HTTPHEADER, job->headers);
	curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, job->is_robots ? 1L : 0L);
	curl_easy_setopt(e, CURLOPT_MAXREDIRS, (long)cfg->max_redirects);
	if (cfg->raw) {
		/* The WARC keeps the body as it came; we decode it ourselves for the parser,
		 * so offer only the encodings our decoder knows. */
		curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "gzip, deflate, br");
		curl_easy_setopt(e, CURLOPT_HTTP_CONTENT_DECODING, 0L);
		curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
		curl_easy_setopt(e, CURLOPT_HEADERDATA, job);
		curl_easy_setopt(e, CURLOPT_DEBUGFUNCTION, on_debug);
		curl_easy_setopt(e, CURLOPT_DEBUGDATA, job);
		curl_easy_setopt(e, CURLOPT_VERBOSE, 1L);
	} else {
		curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, ""); /* all this libcurl decodes */
	}
	curl_easy_setopt(e, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_2TLS);
	curl_easy_setopt(e, CURLOPT_PIPEWAIT, 1L);
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_TCP_KEEPALIVE, 1L);
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT, cfg->connect_timeout);
	curl_easy_setopt(e, CURLOPT_TIMEOUT, cfg->timeout);
	curl_easy_setopt(e, CURLOPT_LOW_SPEED_TIME, cfg->low_speed_time);
	curl_easy_setopt(e, CURLOPT_LOW_SPEED_LIMIT, cfg->low_speed_limit);
	curl_easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)cfg->max_body);
	if (cfg->insecure) {
		curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 0L);
		curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 0L);
	}
	if (cfg->ca_bundle)
		curl_easy_setopt(e, CURLOPT_CAINFO, cfg->ca_bundle);
	if (cfg->cookies) {
		/* a portal that sends a request without its session cookie back to the same
		 * URL with Set-Cookie would otherwise loop until --max-redirects */
		curl_easy_setopt(e, CURLOPT_SHARE, cfg->cookies);
		curl_easy_setopt(e, CURLOPT_COOKIEFILE, "");
	}
	if (curl_multi_add_handle(multi, e) != CURLM_OK)
		rc = VN_ENOMEM;
out:
	if (rc) {
		curl_easy_cleanup(e);
		job->easy = NULL;
		curl_slist_free_all(job->headers);
		job->headers = NULL;
	}
	return rc;
}

static char *header_dup(CURL *e, const char *name)
{
	struct curl_header *h = NULL;

	if (curl_easy_header(e, name, 0, CURLH_HEADER, -1, &h) != CURLHE_OK || !h->value)
		return NULL;
	return strdup(h->value);
}

void crawler_fetch_result(struct crawl_job *job, CURLcode code, struct fetch_result *r)
{
	curl_off_t ra = -1;

	memset(r, 0, sizeof *r);
	r->code = code;
	r->retry_after = -1;
	curl_easy_getinfo(job->easy, CURLINFO_RESPONSE_CODE, &r->status);
	curl_easy_getinfo(job->easy, CURLINFO_EFFECTIVE_URL, &r->effective_url);
	curl_easy_getinfo(job->easy, CURLINFO_REDIRECT_URL, &r->redirect_url);
	curl_easy_getinfo(job->easy, CURLINFO_CONTENT_TYPE, &r->content_type);
	if (curl_easy_getinfo(job->easy, CURLINFO_RETRY_AFTER, &ra) == CURLE_OK && ra > 0)
		r->retry_after = (double)ra;
	r->etag = header_dup(job->easy, "ETag");
	r->last_modified = header_dup(job->easy, "Last-Modified");
	if (code == CURLE_FILESIZE_EXCEEDED)
		job->too_big = true;
}

void crawler_fetch_result_release(struct fetch_result *r)
{
	free(r->etag);
	free(r->last_modified);
	memset(r, 0, sizeof *r);
}

void crawler_fetch_finish(CURLM *multi, struct crawl_job *job)
{
	if (job->easy) {
		curl_multi_remove_handle(multi, job->easy);
		curl_easy_cleanup(job->easy);
		job->easy = NULL;
	}
	curl_slist_free_all(job->headers);
	job->headers = NULL;
}

enum crawler_err_kind crawler_fetch_err_kind(CURLcode code, long status, bool too_big)
{
	if (too_big)
		return CRAWLER_ERR_TOO_BIG;
	switch (code) {
	case CURLE_OK:
		return status >= 500 ? CRAWLER_ERR_HTTP_5XX : CRAWLER_ERR_HTTP_4XX;
	case CURLE_OPERATION_TIMEDOUT:
		return CRAWLER_ERR_TIMEOUT;
	case CURLE_COULDNT_CONNECT:
	case CURLE_COULDNT_RESOLVE_HOST:
		return CRAWLER_ERR_CONNECT;
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_CACERT_BADFILE:
		return CRAWLER_ERR_TLS;
	case CURLE_TOO_MANY_REDIRECTS:
		return CRAWLER_ERR_REDIRECT;
	case CURLE_FILESIZE_EXCEEDED:
		return CRAWLER_ERR_TOO_BIG;
	default:
		return CRAWLER_ERR_NETWORK;
	}
}

void crawler_job_free(struct crawl_job *job)
{
	if (!job)
		return;
	if (job->easy)
		curl_easy_cleanup(job->easy);
	curl_slist_free_all(job->headers);
	vn_buf_release(&job->body);
	vn_buf_release(&job->req_head);
	vn_buf_release(&job->resp_head);
	free(job->url);
	free(job->fetch_url);
	free(job->site);
	free(job->etag);
	free(job->last_modified);
	free(job);
}
