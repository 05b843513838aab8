/* stats.c — the run summary: a few lines on stderr for people, JSON (jansson) for scripts.
 *
 * Both show the same numbers, named the same way, so a cron mail and a dashboard agree. */
#include "crawler/crawler.h"

#include <errno.h>
#include <jansson.h>

void crawler_stats_print(const struct crawler_stats *st, FILE *out)
{
	long errors = 0;
	bool first = true;

	for (int k = 0; k < CRAWLER_ERR_N; k++)
		errors += st->errors[k];
	fprintf(out, "crawl %s after %.1f s: %ld fetched (%ld not modified), %ld pages parsed, "
		"%.1f pages/s, %.1f MB\n",
		st->interrupted ? "interrupted" : st->limit_hit ? "stopped at a limit" : "finished",
		st->elapsed, st->fetched, st->not_modified, st->pages,
		st->elapsed > 0 ? (double)st->fetched / st->elapsed : 0.0, (double)st->bytes / 1e6);
	fprintf(out, "articles: %ld new, %ld updated; listings: %ld; sitemaps and feeds: %ld\n",
		st->articles_new, st->articles_updated, st->listings, st->feeds);
	fprintf(out, "tags:");
	for (int c = 0; c < CLASSIFY_N; c++)
		fprintf(out, " %s %ld%s", classify_class_name((enum classify_class)c), st->tags[c],
			c + 1 < CLASSIFY_N ? "," : "");
	fprintf(out, "\nskipped: %ld by robots.txt, %ld out of scope or trap, %ld not HTML\n",
		st->skipped_robots, st->skipped_scope, st->skipped_type);
	fprintf(out, "errors: %ld", errors);
	for (int k = 0; k < CRAWLER_ERR_N; k++) {
		if (!st->errors[k])
			continue;
		fprintf(out, "%s%s %ld", first ? " (" : ", ",
			crawler_err_kind_name((enum crawler_err_kind)k), st->errors[k]);
		first = false;
	}
	fprintf(out, "%s; %ld retries, %ld URLs failed, %ld postponed (%ld hosts parked); "
		"%ld queued for the next run\n", first ? "" : ")", st->retries, st->failed,
		st->postponed, st->parked_hosts, st->queued_left);
}

int crawler_stats_write_json(const struct crawler_stats *st, const char *path)
{
	json_t *o = json_object(), *errs = json_object(), *tags = json_object();
	int rc = VN_OK;

	if (!o || !errs || !tags) {
		rc = VN_ENOMEM;
		goto out;
	}
	for (int k = 0; k < CRAWLER_ERR_N; k++)
		json_object_set_new(errs, crawler_err_kind_name((enum crawler_err_kind)k),
				    json_integer(st->errors[k]));
	for (int c = 0; c < CLASSIFY_N; c++)
		json_object_set_new(tags, classify_class_name((enum classify_class)c),
				    json_integer(st->tags[c]));
	json_object_set_new(o, "fetched", json_integer(st->fetched));
	json_object_set_new(o, "not_modified", json_integer(st->not_modified));
	json_object_set_new(o, "pages", json_integer(st->pages));
	json_object_set_new(o, "articles_new", json_integer(st->articles_new));
	json_object_set_new(o, "articles_updated", json_integer(st->articles_updated));
	json_object_set_new(o, "listings", json_integer(st->listings));
	json_object_set_new(o, "feeds", json_integer(st->feeds));
	json_object_set_new(o, "skipped_robots", json_integer(st->skipped_robots));
	json_object_set_new(o, "skipped_scope", json_integer(st->skipped_scope));
	json_object_set_new(o, "skipped_type", json_integer(st->skipped_type));
	json_object_set_new(o, "robots_fetched", json_integer(st->robots_fetched));
	json_object_set_new(o, "retries", json_integer(st->retries));
	json_object_set_new(o, "failed", json_integer(st->failed));
	json_object_set_new(o, "postponed", json_integer(st->postponed));
	json_object_set_new(o, "parked_hosts", json_integer(st->parked_hosts));
	json_object_set_new(o, "queued_left", json_integer(st->queued_left));
	json_object_set_new(o, "bytes", json_integer(st->bytes));
	json_object_set_new(o, "elapsed_s", json_real(st->elapsed));
	json_object_set_new(o, "pages_per_s",
			    json_real(st->elapsed > 0 ? (double)st->fetched / st->elapsed : 0.0));
	json_object_set_new(o, "interrupted", json_boolean(st->interrupted));
	json_object_set_new(o, "limit_hit", json_boolean(st->limit_hit));
	json_object_set_new(o, "errors", errs);
	json_object_set_new(o, "tags", tags);
	errs = tags = NULL;
	if (json_dump_file(o, path, JSON_INDENT(2) | JSON_SORT_KEYS) != 0) {
		if (!errno)
			errno = EIO;
		rc = VN_EIO;
	}
out:
	json_decref(errs);
	json_decref(tags);
	json_decref(o);
	return rc;
}
