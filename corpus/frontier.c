/* frontier.c — the crawler's URL queue, persisted in the corpus so a killed run resumes.
 *
 * The crawler owns the policy (canonical URLs, priorities, delays); this file only stores
 * it.  One row per canonical URL (UNIQUE), picked by (status, priority, next_fetch) through
 * the urls_queue index, so taking the next batch costs an index range scan however large
 * the frontier grows. */
#include "corpus/corpus_int.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

void corpus_url_release(struct corpus_url *u)
{
	if (!u)
		return;
	free(u->url);
	free(u->site);
	free(u->etag);
	free(u->last_modified);
	free(u->last_error);
	memset(u, 0, sizeof *u);
}

int corpus_frontier_add(struct corpus_db *db, const char *url, const char *site, int depth,
			int priority, bool is_listing, bool requeue, bool *added)
{
	sqlite3_stmt *st;
	int rc;

	if (added)
		*added = false;
	if (!url || !*url)
		return VN_EINVAL;
	rc = corpus_stmt(db, ST_URL_INSERT,
			 "INSERT INTO urls(url, site, depth, priority, is_listing, status,"
			 " next_fetch, added_at) VALUES(?1, ?2, ?3, ?4, ?5, 0, 0, ?6)"
			 " ON CONFLICT(url) DO NOTHING", &st);
	if (rc)
		return rc;
	corpus_bind_text(st, 1, url);
	corpus_bind_text(st, 2, site);
	sqlite3_bind_int(st, 3, depth);
	sqlite3_bind_int(st, 4, priority);
	sqlite3_bind_int(st, 5, is_listing);
	sqlite3_bind_int64(st, 6, (sqlite3_int64)time(NULL));
	if (sqlite3_step(st) != SQLITE_DONE)
		return corpus_db_fail(db, "adding a URL to the frontier");
	if (sqlite3_changes(db->sql) > 0) {
		if (added)
			*added = true;
		return VN_OK;
	}
	if (!requeue)
		return VN_OK;
	rc = corpus_stmt(db, ST_URL_REQUEUE,
			 "UPDATE urls SET status = 0, next_fetch = 0, attempts = 0,"
			 " priority = min(priority, ?2), is_listing = (is_listing OR ?3)"
			 " WHERE url = ?1 AND status = 1", &st);
	if (rc)
		return rc;
	corpus_bind_text(st, 1, url);
	sqlite3_bind_int(st, 2, priority);
	sqlite3_bind_int(st, 3, is_listing);
	if (sqlite3_step(st) != SQLITE_DONE)
		return corpus_db_fail(db, "requeueing a URL");
	return VN_OK;
}

int corpus_frontier_next(struct corpus_db *db, int64_t now, size_t max,
			 struct corpus_url **out, size_t *n_out)
{
	sqlite3_stmt *st;
	struct corpus_url *v = NULL;
	size_t n = 0;
	int rc;
	int step;

	*out = NULL;
	*n_out = 0;
	if (max == 0)
		return VN_OK;
	rc = corpus_stmt(db, ST_URL_NEXT,
			 "SELECT id, url, site, depth, priority, next_fetch, status, is_listing,"
			 " etag, last_modified, attempts, last_error FROM urls"
			 " WHERE status = 0 AND next_fetch <= ?1"
			 " ORDER BY priority, next_fetch, id LIMIT ?2", &st);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, now);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)max);
	v = calloc(max < 4096 ? max : 4096, sizeof *v);
	if (!v)
		return VN_ENOMEM;
	while ((step = sqlite3_step(st)) == SQLITE_ROW && n < max) {
		struct corpus_url *u;

		if (n >= 4096 && (n & (n - 1)) == 0) {
			struct corpus_url *nv = realloc(v, 2 * n * sizeof *v);

			if (!nv) {
				rc = VN_ENOMEM;
				goto out;
			}
			v = nv;
		}
		u = &v[n++];
		memset(u, 0, sizeof *u);
		u->id = sqlite3_column_int64(st, 0);
		u->url = corpus_col_strdup(st, 1, &rc);
		u->site = corpus_col_strdup(st, 2, &rc);
		u->depth = sqlite3_column_int(st, 3);
		u->priority = sqlite3_column_int(st, 4);
		u->next_fetch = sqlite3_column_int64(st, 5);
		u->status = (enum corpus_url_status)sqlite3_column_int(st, 6);
		u->is_listing = sqlite3_column_int(st, 7) != 0;
		u->etag = corpus_col_strdup(st, 8, &rc);
		u->last_modified = corpus_col_strdup(st, 9, &rc);
		u->attempts = sqlite3_column_int(st, 10);
		u->last_error = corpus_col_strdup(st, 11, &rc);
		if (rc || !u->url) {
			rc = VN_ENOMEM;
			goto out;
		}
	}
	if (step != SQLITE_ROW && step != SQLITE_DONE) {
		rc = corpus_db_fail(db, "reading the frontier");
		goto out;
	}
out:
	sqlite3_reset(st);
	if (rc) {
		for (size_t i = 0; i < n; i++)
			corpus_url_release(&v[i]);
		free(v);
		return rc;
	}
	if (n == 0) {
		free(v);
		v = NULL;
	}
	*out = v;
	*n_out = n;
	return VN_OK;
}

int corpus_frontier_mark(struct corpus_db *db, int64_t id, enum corpus_url_status status,
			 int64_t next_fetch, const char *etag, const char *last_modified,
			 const char *error)
{
	sqlite3_stmt *st;
	int rc;

	/* A new validator replaces the old one; NULL keeps what a 304 did not resend. */
	rc = corpus_stmt(db, ST_URL_MARK,
			 "UPDATE urls SET status = ?2, next_fetch = ?3,"
			 " etag = coalesce(?4, etag), last_modified = coalesce(?5, last_modified),"
			 " last_error = ?6, attempts = CASE WHEN ?6 IS NULL THEN 0"
			 " ELSE attempts + 1 END WHERE id = ?1", &st);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int(st, 2, (int)status);
	sqlite3_bind_int64(st, 3, next_fetch);
	corpus_bind_text(st, 4, etag);
	corpus_bind_text(st, 5, last_modified);
	corpus_bind_text(st, 6, error);
	if (sqlite3_step(st) != SQLITE_DONE)
		return corpus_db_fail(db, "recording a fetch in the frontier");
	if (sqlite3_changes(db->sql) == 0)
		return VN_ENOTFOUND;
	return VN_OK;
}

int corpus_frontier_requeue(struct corpus_db *db, bool all)
{
	const char *sql = all ? "UPDATE urls SET status = 0, next_fetch = 0 WHERE status = 1"
			      : "UPDATE urls SET status = 0, next_fetch = 0"
				" WHERE status = 1 AND is_listing = 1";

	if (sqlite3_exec(db->sql, sql, NULL, NULL, NULL) != SQLITE_OK)
		return corpus_db_fail(db, "requeueing the frontier");
	return VN_OK;
}

int corpus_frontier_count(struct corpus_db *db, enum corpus_url_status status, int64_t *n_out)
{
	sqlite3_stmt *st;
	int rc;

	*n_out = 0;
	rc = corpus_stmt(db, ST_URL_COUNT, "SELECT count(*) FROM urls WHERE status = ?1", &st);
	if (rc)
		return rc;
	sqlite3_bind_int(st, 1, (int)status);
	if (sqlite3_step(st) != SQLITE_ROW)
		return corpus_db_fail(db, "counting the frontier");
	*n_out = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return VN_OK;
}
