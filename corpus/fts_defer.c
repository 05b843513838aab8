/* fts_defer.c — new articles enter the full-text index when their transaction commits.
 *
 * FTS5 (SQLite 3.40) writes its in-memory terms out as a new index segment at every
 * SAVEPOINT and RELEASE, and every stored article runs inside one (article.c) and every
 * crawled page inside another (the crawler's nested transaction): indexing each article as
 * it is stored made one segment per article and kept FTS5 merging them, a third of the
 * time of `vnnews add`.  So a new article's id is queued, and the queue is indexed by
 * plain single-row inserts at the outermost commit, outside any savepoint, where FTS5
 * keeps the terms in memory until the commit writes them once.  Savepoints that roll back
 * cut the queue back to where they began.  The rows are read back at commit, so the index
 * gets exactly what the articles table holds (external content must match it).
 *
 * An update of an article already indexed changes the index at once ('delete' of the old
 * text, insert of the new): updates are rare, and an article queued in this transaction
 * needs nothing, since the commit reads its latest text. */
#include "corpus/corpus_int.h"

#include <stdio.h>
#include <string.h>

#include "common/vn_array.h"

size_t corpus_fts_mark(const struct corpus_db *db)
{
	return db->fts_n;
}

void corpus_fts_cut(struct corpus_db *db, size_t mark)
{
	if (mark < db->fts_n)
		db->fts_n = mark;
	if (db->fts_n == 0)
		db->fts_first_new = 0;
}

int corpus_fts_queue(struct corpus_db *db, int64_t id)
{
	int64_t *ids = vn_array_room(db->fts_ids, &db->fts_cap, db->fts_n, sizeof *ids, 256);

	if (!ids) {
		snprintf(db->errmsg, sizeof db->errmsg, "%s: out of memory indexing an article",
			 db->path);
		return VN_ENOMEM;
	}
	db->fts_ids = ids;
	db->fts_ids[db->fts_n++] = id;
	if (!db->fts_first_new)
		db->fts_first_new = id;
	return VN_OK;
}

bool corpus_fts_queued(const struct corpus_db *db, int64_t id)
{
	/* ids of new rows only grow inside a transaction (max(rowid) + 1, and nothing is
	 * deleted meanwhile): every row at or past the first queued id is queued */
	return db->fts_first_new && id >= db->fts_first_new;
}

static int fts_put(struct corpus_db *db, enum corpus_stmt_id which, const char *sql,
		   int64_t id, sqlite3_value *title, sqlite3_value *body)
{
	sqlite3_stmt *st;
	int rc = corpus_stmt(db, which, sql, &st);

	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_bind_value(st, 2, title) != SQLITE_OK ||
	    sqlite3_bind_value(st, 3, body) != SQLITE_OK || sqlite3_step(st) != SQLITE_DONE)
		rc = corpus_db_fail(db, "indexing an article");
	/* the bound copies go now, not when the statement is next used */
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc;
}

static int fts_insert(struct corpus_db *db, int64_t id, sqlite3_value *title,
		      sqlite3_value *body)
{
	return fts_put(db, ST_FTS_INSERT,
		       "INSERT INTO articles_fts(rowid, title, body) VALUES(?1, ?2, ?3)", id,
		       title, body);
}

static int fts_delete(struct corpus_db *db, int64_t id, sqlite3_value *title,
		      sqlite3_value *body)
{
	return fts_put(db, ST_FTS_DELETE,
		       "INSERT INTO articles_fts(articles_fts, rowid, title, body)"
		       " VALUES('delete', ?1, ?2, ?3)", id, title, body);
}

static int fts_read(struct corpus_db *db, int64_t id, sqlite3_stmt **out)
{
	int rc = corpus_stmt(db, ST_FTS_READ, "SELECT title, body FROM articles WHERE id = ?1",
			     out);

	if (rc)
		return rc;
	sqlite3_bind_int64(*out, 1, id);
	return VN_OK;
}

int corpus_fts_flush(struct corpus_db *db)
{
	int rc = VN_OK;

	for (size_t i = 0; !rc && i < db->fts_n; i++) {
		sqlite3_stmt *row;
		int step;

		rc = fts_read(db, db->fts_ids[i], &row);
		if (rc)
			break;
		step = sqlite3_step(row);
		if (step == SQLITE_ROW)
			rc = fts_insert(db, db->fts_ids[i], sqlite3_column_value(row, 0),
					sqlite3_column_value(row, 1));
		else if (step != SQLITE_DONE)
			rc = corpus_db_fail(db, "reading an article to index");
		sqlite3_reset(row);
	}
	if (!rc)
		corpus_fts_cut(db, 0);
	return rc;
}

int corpus_fts_old_text(struct corpus_db *db, int64_t id, sqlite3_value **title,
			sqlite3_value **body)
{
	sqlite3_stmt *row;
	int rc;

	*title = *body = NULL;
	if (corpus_fts_queued(db, id))
		return VN_OK; /* not in the index yet: the commit reads its latest text */
	rc = fts_read(db, id, &row);
	if (rc)
		return rc;
	if (sqlite3_step(row) == SQLITE_ROW) {
		*title = sqlite3_value_dup(sqlite3_column_value(row, 0));
		*body = sqlite3_value_dup(sqlite3_column_value(row, 1));
		if (!*title || !*body) {
			sqlite3_value_free(*title);
			sqlite3_value_free(*body);
			*title = *body = NULL;
			rc = VN_ENOMEM;
			snprintf(db->errmsg, sizeof db->errmsg, "%s: out of memory", db->path);
		}
	} else {
		rc = corpus_db_fail(db, "reading an article to update its index");
	}
	sqlite3_reset(row);
	return rc;
}

static bool same_text(sqlite3_value *v, const char *s)
{
	const unsigned char *t = sqlite3_value_text(v);

	if (!s || !t)
		return !s && !t;
	return strcmp((const char *)t, s) == 0;
}

int corpus_fts_reindex(struct corpus_db *db, int64_t id, sqlite3_value *old_title,
		       sqlite3_value *old_body, const char *title, const char *body)
{
	sqlite3_stmt *row;
	int rc;

	if (!old_title || !old_body)
		return VN_OK; /* queued: nothing is in the index to change */
	if (same_text(old_title, title) && same_text(old_body, body))
		return VN_OK;
	rc = fts_delete(db, id, old_title, old_body);
	if (!rc)
		rc = fts_read(db, id, &row);
	if (rc)
		return rc;
	if (sqlite3_step(row) == SQLITE_ROW)
		rc = fts_insert(db, id, sqlite3_column_value(row, 0), sqlite3_column_value(row, 1));
	else
		rc = corpus_db_fail(db, "reading an updated article to index");
	sqlite3_reset(row);
	return rc;
}
