/* sites_check.c — `vnnews sites check`: which portals of a sites file answer.
 *
 * One GET per site (its first start URL) through one libcurl multi handle, a few at a
 * time, redirects followed, TLS verified, only the first 64 KiB of a body read: enough to
 * know a portal is there, without crawling it.  Results come back in the file's order. */
#include "crawler/crawler.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>

#define CHECK_BODY_MAX (64 * 1024)

struct check_job {
	CURL *easy;
	size_t got;
	struct crawler_site_check res;
	char errbuf[CURL_ERROR_SIZE];
	double t0;
};

static double check_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static size_t check_write(char *p, size_t size, size_t n, void *ud)
{
	struct check_job *j = ud;

	(void)p;
	j->got += size * n;
	return j->got > CHECK_BODY_MAX ? 0 : size * n; /* enough: stop reading */
}

static int check_start(CURLM *multi, struct check_job *j, const char *url, const char *ua,
		       long timeout, const struct crawler_site *site)
{
	CURL *e = curl_easy_init();

	if (!e)
		return VN_ENOMEM;
	j->easy = e;
	j->t0 = check_now();
	curl_easy_setopt(e, CURLOPT_URL, url);
	curl_easy_setopt(e, CURLOPT_PRIVATE, j);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, check_write);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, j);
	curl_easy_setopt(e, CURLOPT_ERRORBUFFER, j->errbuf);
	curl_easy_setopt(e, CURLOPT_USERAGENT, ua);
	curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(e, CURLOPT_MAXREDIRS, 5L);
	curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(e, CURLOPT_TIMEOUT, timeout);
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT, timeout < 10 ? timeout : 10L);
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");
	if (site->insecure)
		curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 0L);
	if (site->ca_bundle)
		curl_easy_setopt(e, CURLOPT_CAINFO, site->ca_bundle);
	if (curl_multi_add_handle(multi, e) != CURLM_OK) {
		curl_easy_cleanup(e);
		j->easy = NULL;
		return VN_ENOMEM;
	}
	return VN_OK;
}

static void check_done(CURLM *multi, struct check_job *j, CURLcode code)
{
	long status = 0;
	char *eff = NULL;

	curl_easy_getinfo(j->easy, CURLINFO_RESPONSE_CODE, &status);
	curl_easy_getinfo(j->easy, CURLINFO_EFFECTIVE_URL, &eff);
	j->res.status = (int)status;
	j->res.seconds = check_now() - j->t0;
	if (eff)
		snprintf(j->res.final_url, sizeof j->res.final_url, "%s", eff);
	/* A body cut on purpose is not a failure. */
	if (code != CURLE_OK && !(code == CURLE_WRITE_ERROR && j->got > CHECK_BODY_MAX))
		snprintf(j->res.error, sizeof j->res.error, "%s",
			 j->errbuf[0] ? j->errbuf : curl_easy_strerror(code));
	j->res.ok = !j->res.error[0] && status >= 200 && status < 400;
	curl_multi_remove_handle(multi, j->easy);
	curl_easy_cleanup(j->easy);
	j->easy = NULL;
}

int crawler_sites_check(const struct crawler_sites *s, const char *user_agent, long timeout,
			int parallel, crawler_check_fn fn, void *ctx)
{
	struct check_job *jobs = NULL;
	CURLM *multi = NULL;
	size_t next = 0, done = 0, i;
	int running = 0, rc = VN_OK;

	if (!s->n)
		return VN_OK;
	if (!(jobs = calloc(s->n, sizeof *jobs)) || !(multi = curl_multi_init())) {
		rc = VN_ENOMEM;
		goto out;
	}
	if (parallel < 1)
		parallel = 8;
	if (timeout < 1)
		timeout = 20;
	while (done < s->n) {
		CURLMsg *m;
		int left;

		while (next < s->n && running < parallel) {
			const struct crawler_site *site = &s->sites[next];

			if (!site->n_start) {
				snprintf(jobs[next].res.error, sizeof jobs[next].res.error,
					 "no start URL");
				next++;
				done++;
				continue;
			}
			if ((rc = check_start(multi, &jobs[next], site->start[0], user_agent, timeout,
					      site)))
				goto out;
			next++;
			running++;
		}
		if (!running)
			continue;
		if (curl_multi_perform(multi, &left) != CURLM_OK) {
			rc = VN_ENET;
			goto out;
		}
		while ((m = curl_multi_info_read(multi, &left))) {
			struct check_job *j = NULL;

			if (m->msg != CURLMSG_DONE)
				continue;
			curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, (char **)&j);
			check_done(multi, j, m->data.result);
			running--;
			done++;
		}
		if (running && curl_multi_poll(multi, NULL, 0, 200, NULL) != CURLM_OK) {
			rc = VN_ENET;
			goto out;
		}
	}
	for (i = 0; i < s->n; i++)
		fn(ctx, &s->sites[i], s->sites[i].n_start ? s->sites[i].start[0] : NULL,
		   &jobs[i].res);
out:
	for (i = 0; jobs && i < s->n; i++)
		if (jobs[i].easy) {
			curl_multi_remove_handle(multi, jobs[i].easy);
			curl_easy_cleanup(jobs[i].easy);
		}
	if (multi)
		curl_multi_cleanup(multi);
	free(jobs);
	return rc;
}
