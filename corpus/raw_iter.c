/* raw_iter.c — walking the stored articles for `vnnews reprocess`, and the look-ups that
 * make `vnnews import` idempotent.
 *
 * Design: ids are read in batches of 256 (ordered by id, keyed on the last one seen) and
 * the statement is finished before the callback runs, so the callback may rewrite the very
 * articles being walked inside its own transactions and memory stays bounded. */
#include "corpus/corpus_int.h"

#include <stdlib.h>
#include <string.h>

#define RAW_ITER_BATCH 256

int corpus_raw_iter(struct corpus_db *db, corpus_raw_fn fn, void *ctx)
{
	int64_t ids[RAW_ITER_BATCH], last = 0;
	sqlite3_stmt *st = NULL;
	int rc = VN_OK;

	if (sqlite3_prepare_v2(db->sql,
			       "SELECT id FROM articles WHERE raw_id IS NOT NULL AND id > ?1"
			       " ORDER BY id LIMIT ?2", -1, &st, NULL) != SQLITE_OK)
		return corpus_db_fail(db, "listing stored responses");
	for (;;) {
		size_t n = 0, i;
		int step;

		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, last);
		sqlite3_bind_int(st, 2, RAW_ITER_BATCH);
		while ((step = sqlite3_step(st)) == SQLITE_ROW && n < RAW_ITER_BATCH)
			ids[n++] = sqlite3_column_int64(st, 0);
		if (step != SQLITE_DONE && step != SQLITE_ROW) {
			rc = corpus_db_fail(db, "listing stored responses");
			goto out;
		}
		sqlite3_reset(st);
		if (!n)
			break;
		for (i = 0; i < n; i++)
			if ((rc = fn(ctx, ids[i])))
				goto out;
		last = ids[n - 1];
	}
out:
	sqlite3_finalize(st);
	return rc;
}

int corpus_article_lookup(struct corpus_db *db, const char *url, int64_t *id,
			  char **content_hash, int64_t *last_seen)
{
	sqlite3_stmt *st = NULL;
	int rc = VN_OK, step;

	*id = 0;
	if (content_hash)
		*content_hash = NULL;
	if (last_seen)
		*last_seen = 0;
	if (sqlite3_prepare_v2(db->sql,
			       "SELECT id, content_hash, last_seen FROM articles WHERE url = ?1"
			       " UNION ALL SELECT a.id, a.content_hash, a.last_seen FROM aliases l"
			       " JOIN articles a ON a.id = l.article_id WHERE l.url = ?1 LIMIT 1",
			       -1, &st, NULL) != SQLITE_OK)
		return corpus_db_fail(db, "looking up an article");
	corpus_bind_text(st, 1, url);
	step = sqlite3_step(st);
	if (step == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		if (content_hash)
			*content_hash = corpus_col_strdup(st, 1, &rc);
		if (last_seen)
			*last_seen = sqlite3_column_int64(st, 2);
	} else if (step != SQLITE_DONE) {
		rc = corpus_db_fail(db, "looking up an article");
	}
	sqlite3_finalize(st);
	return rc;
}

int corpus_article_set_last_seen(struct corpus_db *db, int64_t id, int64_t last_seen)
{
	sqlite3_stmt *st = NULL;
	int rc = VN_OK;

	if (sqlite3_prepare_v2(db->sql, "UPDATE articles SET last_seen = ?2 WHERE id = ?1", -1,
			       &st, NULL) != SQLITE_OK)
		return corpus_db_fail(db, "updating an article");
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, last_seen);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = corpus_db_fail(db, "updating an article");
	sqlite3_finalize(st);
	return rc;
}
