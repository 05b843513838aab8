/* article.c — storing articles: the article row, its aliases, tags, evidence, cited
 * documents and raw response, all inside one SAVEPOINT.
 *
 * A SAVEPOINT nests inside the crawler's per-page transaction and works alone as well, so
 * an article is either stored whole or not at all.  Identity: the same URL updates the
 * article (a re-crawl or a reprocess); a new URL whose content hash is already stored
 * becomes an alias of that article (print version, mirror), never a second copy.  Raw
 * bytes without a WARC record are kept zlib-compressed (RFC 1950) so `reprocess` can
 * always re-derive the article. */
#include "corpus/corpus_int.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zlib.h>

#include "common/vn_array.h"
#include "vn_config.h"

#define EXTRACTOR_VERSION "vnnews " VN_VERSION

/* The class names of classify.h's enum, spelled as classify_class_name() documents them;
 * kept here so storing needs no classifier object code. */
static const char *const class_names[CLASSIFY_N] = { "directive", "case_report", "meeting" };

static int lookup_id(struct corpus_db *db, enum corpus_stmt_id sid, const char *sql,
		     const char *key, int64_t *id)
{
	sqlite3_stmt *st;
	int rc, step;

	*id = 0;
	if (!key)
		return VN_OK;
	rc = corpus_stmt(db, sid, sql, &st);
	if (rc)
		return rc;
	corpus_bind_text(st, 1, key);
	step = sqlite3_step(st);
	if (step == SQLITE_ROW)
		*id = sqlite3_column_int64(st, 0);
	else if (step != SQLITE_DONE)
		rc = corpus_db_fail(db, "looking up an article");
	sqlite3_reset(st);
	return rc;
}

static int raw_insert(struct corpus_db *db, const char *url, const struct corpus_raw *raw,
		      int64_t now, int64_t *raw_id)
{
	sqlite3_stmt *st;
	unsigned char *z = NULL;
	const void *blob = NULL;
	uLongf zlen = 0;
	int rc;

	*raw_id = 0;
	if (!raw)
		return VN_OK;
	if (!raw->warc_file && raw->zdata && raw->len > 0) {
		blob = raw->zdata;
		zlen = (uLongf)raw->zlen;
	} else if (!raw->warc_file && raw->data && raw->len > 0) {
		if (!db->zs_ready) {
			memset(&db->zs, 0, sizeof db->zs);
			/* Fastest level: the raw copy is written once per page and rarely read. */
			if (deflateInit(&db->zs, Z_BEST_SPEED) != Z_OK)
				return VN_ENOMEM;
			db->zs_ready = true;
		} else if (deflateReset(&db->zs) != Z_OK) {
			return VN_ENOMEM;
		}
		zlen = deflateBound(&db->zs, (uLong)raw->len);
		z = malloc(zlen);
		if (!z)
			return VN_ENOMEM;
		db->zs.next_in = (Bytef *)raw->data;
		db->zs.avail_in = (uInt)raw->len;
		db->zs.next_out = z;
		db->zs.avail_out = (uInt)zlen;
		if (deflate(&db->zs, Z_FINISH) != Z_STREAM_END) {
			rc = VN_ENOMEM;
			goto out;
		}
		zlen = db->zs.total_out;
		blob = z;
	}
	rc = corpus_stmt(db, ST_RAW_INSERT,
			 "INSERT INTO raw(url, warc_file, warc_offset, warc_length, data,"
			 " data_len, encoding, content_type, fetched_at)"
			 " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)", &st);
	if (rc)
		goto out;
	corpus_bind_text(st, 1, url);
	corpus_bind_text(st, 2, raw->warc_file);
	if (raw->warc_file) {
		sqlite3_bind_int64(st, 3, raw->warc_offset);
		sqlite3_bind_int64(st, 4, raw->warc_length);
	}
	if (blob) {
		sqlite3_bind_blob64(st, 5, blob, (sqlite3_uint64)zlen, SQLITE_STATIC);
		sqlite3_bind_int64(st, 6, (sqlite3_int64)raw->len);
		sqlite3_bind_text(st, 7, "zlib", -1, SQLITE_STATIC);
	}
	corpus_bind_text(st, 8, raw->content_type);
	sqlite3_bind_int64(st, 9, now);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = corpus_db_fail(db, "storing a raw response");
	else
		*raw_id = sqlite3_last_insert_rowid(db->sql);
	sqlite3_reset(st);
out:
	free(z);
	return rc;
}

static int site_upsert(struct corpus_db *db, const char *site, const char *province,
		       int64_t *site_id)
{
	sqlite3_stmt *st;
	int rc;

	*site_id = 0;
	if (!site)
		return VN_OK;
	rc = corpus_stmt(db, ST_SITE_UPSERT,
			 "INSERT INTO sites(name, province) VALUES(?1, ?2) ON CONFLICT(name)"
			 " DO UPDATE SET province = coalesce(excluded.province, province)"
			 " RETURNING id", &st);
	if (rc)
		return rc;
	corpus_bind_text(st, 1, site);
	corpus_bind_text(st, 2, province);
	if (sqlite3_step(st) != SQLITE_ROW)
		rc = corpus_db_fail(db, "storing a site");
	else
		*site_id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc;
}

static int tags_store(struct corpus_db *db, int64_t id, const char *published,
		      const struct classify_result *tags)
{
	sqlite3_stmt *st;
	int rc;

	rc = corpus_stmt_exec_id(db, ST_TAGS_DELETE, "DELETE FROM tags WHERE article_id = ?1",
				 id, "replacing tags");
	if (!rc)
		rc = corpus_stmt_exec_id(db, ST_EVID_DELETE,
					 "DELETE FROM evidence WHERE article_id = ?1", id,
					 "replacing evidence");
	if (rc)
		return rc;
	for (int c = 0; c < CLASSIFY_N; c++) {
		/* a file kept at an older schema (the migration tests) has no date in tags */
		rc = corpus_stmt(db, ST_TAG_INSERT, db->schema >= 7 ?
				 "INSERT INTO tags(article_id, class, label, score, published)"
				 " VALUES(?1, ?2, ?3, ?4, CASE WHEN ?3 THEN ?5 END)" :
				 "INSERT INTO tags(article_id, class, label, score)"
				 " VALUES(?1, ?2, ?3, ?4)", &st);
		if (rc)
			return rc;
		sqlite3_bind_int64(st, 1, id);
		corpus_bind_text(st, 2, class_names[c]);
		sqlite3_bind_int(st, 3, tags->labels[c]);
		sqlite3_bind_double(st, 4, tags->scores[c]);
		if (db->schema >= 7)
			corpus_bind_text(st, 5, published);
		if (sqlite3_step(st) != SQLITE_DONE)
			return corpus_db_fail(db, "storing a tag");
	}
	for (size_t i = 0; i < tags->n_evidence; i++) {
		const struct classify_evidence *e = &tags->evidence[i];

		rc = corpus_stmt(db, ST_EVID_INSERT,
				 "INSERT INTO evidence(article_id, class, phrase, count, place)"
				 " VALUES(?1, ?2, ?3, ?4, ?5)", &st);
		if (rc)
			return rc;
		sqlite3_bind_int64(st, 1, id);
		corpus_bind_text(st, 2, (unsigned)e->cls < CLASSIFY_N ? class_names[e->cls] : "unknown");
		corpus_bind_text(st, 3, e->phrase ? e->phrase : "");
		sqlite3_bind_int64(st, 4, e->count);
		corpus_bind_text(st, 5, e->where);
		if (sqlite3_step(st) != SQLITE_DONE)
			return corpus_db_fail(db, "storing evidence");
	}
	return VN_OK;
}

static int documents_store(struct corpus_db *db, int64_t id, const struct parser_article *a)
{
	sqlite3_stmt *st;
	int rc;

	rc = corpus_stmt_exec_id(db, ST_DOCS_DELETE, "DELETE FROM documents WHERE article_id = ?1",
				 id, "replacing documents");
	for (size_t i = 0; !rc && i < a->n_documents; i++) {
		const struct parser_document_ref *d = &a->documents[i];

		if (!d->number)
			continue;
		rc = corpus_stmt(db, ST_DOC_INSERT,
				 "INSERT INTO documents(article_id, kind, number, issuer, date)"
				 " VALUES(?1, ?2, ?3, ?4, ?5)", &st);
		if (rc)
			return rc;
		sqlite3_bind_int64(st, 1, id);
		corpus_bind_text(st, 2, d->kind);
		corpus_bind_text(st, 3, d->number);
		corpus_bind_text(st, 4, d->issuer);
		corpus_bind_text(st, 5, d->date);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = corpus_db_fail(db, "storing a cited document");
	}
	return rc;
}

/* Binds the article columns shared by INSERT and UPDATE (?2 .. ?17). */
static void bind_article(sqlite3_stmt *st, const struct parser_article *a, const char *url,
			 const char *site, const char *province, int64_t site_id, int64_t now,
			 int64_t raw_id)
{
	corpus_bind_text(st, 2, url);
	corpus_bind_text(st, 3, a->canonical_url);
	if (site_id)
		sqlite3_bind_int64(st, 4, site_id);
	corpus_bind_text(st, 5, site);
	corpus_bind_text(st, 6, province);
	corpus_bind_text(st, 7, a->title);
	corpus_bind_text(st, 8, a->published);
	sqlite3_bind_int(st, 9, a->published_inferred);
	corpus_bind_text(st, 10, a->author);
	corpus_bind_text(st, 11, a->lang);
	corpus_bind_text(st, 12, a->body);
	corpus_bind_text(st, 13, a->content_hash);
	corpus_bind_text(st, 14, a->charset);
	sqlite3_bind_int64(st, 15, now);
	sqlite3_bind_text(st, 16, EXTRACTOR_VERSION, -1, SQLITE_STATIC);
	if (raw_id)
		sqlite3_bind_int64(st, 17, raw_id);
}

static int article_write(struct corpus_db *db, const struct parser_article *a, const char *url,
			 const char *site, const char *province,
			 const struct classify_result *tags, int64_t raw_id, int64_t now,
			 int64_t *id, bool *is_new)
{
	sqlite3_stmt *st;
	sqlite3_value *old_title = NULL, *old_body = NULL;
	int64_t site_id, alias_of = 0;
	int rc;

	rc = site_upsert(db, site, province, &site_id);
	if (!rc)
		rc = lookup_id(db, ST_ART_BY_URL, "SELECT id FROM articles WHERE url = ?1", url, id);
	if (!rc && !*id)
		rc = lookup_id(db, ST_ALIAS_BY_URL,
			       "SELECT article_id FROM aliases WHERE url = ?1", url, &alias_of);
	if (!rc && !*id && !alias_of && a->canonical_url && strcmp(a->canonical_url, url) != 0)
		rc = lookup_id(db, ST_ART_BY_URL, "SELECT id FROM articles WHERE url = ?1",
			       a->canonical_url, &alias_of);
	if (!rc && !*id && !alias_of)
		rc = lookup_id(db, ST_ART_BY_HASH,
			       "SELECT id FROM articles WHERE content_hash = ?1 LIMIT 1",
			       a->content_hash, &alias_of);
	if (rc)
		return rc;
	if (alias_of) {
		/* Known body under another URL: remember the URL, keep one article. */
		rc = corpus_stmt(db, ST_ALIAS_INSERT,
				 "INSERT INTO aliases(url, article_id, raw_id, first_seen)"
				 " VALUES(?1, ?2, ?3, ?4) ON CONFLICT(url) DO UPDATE SET"
				 " raw_id = coalesce(excluded.raw_id, raw_id)", &st);
		if (rc)
			return rc;
		corpus_bind_text(st, 1, url);
		sqlite3_bind_int64(st, 2, alias_of);
		if (raw_id)
			sqlite3_bind_int64(st, 3, raw_id);
		sqlite3_bind_int64(st, 4, now);
		if (sqlite3_step(st) != SQLITE_DONE)
			return corpus_db_fail(db, "storing an alias");
		*id = alias_of;
		*is_new = false;
		return corpus_stmt_exec_id(db, ST_ART_TOUCH, "UPDATE articles SET last_seen ="
					   " unixepoch() WHERE id = ?1", alias_of,
					   "touching an article");
	}
	if (*id) {
		rc = corpus_stmt(db, ST_ART_UPDATE,
				 "UPDATE articles SET url = ?2, canonical_url = ?3, site_id = ?4,"
				 " site = ?5, province = ?6, title = ?7, published = ?8,"
				 " date_inferred = ?9, author = ?10, lang = ?11, body = ?12,"
				 " content_hash = ?13, charset = ?14, last_seen = ?15,"
				 " extractor_version = ?16, raw_id = coalesce(?17, raw_id)"
				 " WHERE id = ?1", &st);
		/* the index holds the text being replaced: keep it to take its terms out */
		if (!rc && db->schema >= 5)
			rc = corpus_fts_old_text(db, *id, &old_title, &old_body);
		if (rc)
			return rc;
		sqlite3_bind_int64(st, 1, *id);
		*is_new = false;
	} else {
		rc = corpus_stmt(db, ST_ART_INSERT,
				 "INSERT INTO articles(url, canonical_url, site_id, site, province,"
				 " title, published, date_inferred, author, lang, body, content_hash,"
				 " charset, first_seen, last_seen, extractor_version, raw_id)"
				 " VALUES(?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14,"
				 " ?15, ?15, ?16, ?17)", &st);
		if (rc)
			return rc;
		*is_new = true;
	}
	bind_article(st, a, url, site, province, site_id, now, raw_id);
	if (sqlite3_step(st) != SQLITE_DONE) {
		sqlite3_value_free(old_title);
		sqlite3_value_free(old_body);
		return corpus_db_fail(db, "storing an article");
	}
	if (*is_new) {
		*id = sqlite3_last_insert_rowid(db->sql);
		if (db->schema >= 5)
			rc = corpus_fts_queue(db, *id);
	} else if (db->schema >= 5) {
		rc = corpus_fts_reindex(db, *id, old_title, old_body, a->title, a->body);
	}
	sqlite3_value_free(old_title);
	sqlite3_value_free(old_body);
	if (!rc && tags)
		rc = tags_store(db, *id, a->published, tags);
	if (!rc)
		rc = documents_store(db, *id, a);
	/* a file kept at an older schema (the migration tests) has no near-duplicate tables */
	if (!rc && db->schema >= 4)
		rc = corpus_near_store(db, *id, a->body, !*is_new);
	return rc;
}

int corpus_article_put(struct corpus_db *db, const struct parser_article *a, const char *site,
		       const char *province, const struct classify_result *tags,
		       const struct corpus_raw *raw, int64_t *id_out, bool *is_new)
{
	const char *url = a->url ? a->url : a->canonical_url;
	int64_t now, raw_id = 0, id = 0;
	bool fresh = false;
	size_t mark;
	int rc;

	if (id_out)
		*id_out = 0;
	if (is_new)
		*is_new = false;
	if (!url || !*url) {
		snprintf(db->errmsg, sizeof db->errmsg, "%s: an article without a URL", db->path);
		return VN_EINVAL;
	}
	if (db->flags & CORPUS_OPEN_READONLY)
		return VN_EINVAL;
	now = raw && raw->fetched_at ? raw->fetched_at : (int64_t)time(NULL);
	if (!site)
		site = a->site;
	mark = corpus_fts_mark(db);
	if (sqlite3_exec(db->sql, "SAVEPOINT corpus_article", NULL, NULL, NULL) != SQLITE_OK)
		return corpus_db_fail(db, "starting to store an article");
	rc = raw_insert(db, url, raw, now, &raw_id);
	if (!rc)
		rc = article_write(db, a, url, site, province, tags, raw_id, now, &id, &fresh);
	/* outside any transaction this savepoint is the transaction: index before it ends */
	if (!rc && db->tx_depth == 0)
		rc = corpus_fts_flush(db);
	if (rc) {
		sqlite3_exec(db->sql, "ROLLBACK TO corpus_article; RELEASE corpus_article",
			     NULL, NULL, NULL);
		corpus_fts_cut(db, mark);
		return rc;
	}
	if (sqlite3_exec(db->sql, "RELEASE corpus_article", NULL, NULL, NULL) != SQLITE_OK)
		return corpus_db_fail(db, "committing an article");
	if (id_out)
		*id_out = id;
	if (is_new)
		*is_new = fresh;
	return VN_OK;
}

int corpus_article_exists(struct corpus_db *db, const char *url, bool *exists)
{
	int64_t id = 0;
	int rc;

	*exists = false;
	rc = lookup_id(db, ST_ART_BY_URL, "SELECT id FROM articles WHERE url = ?1", url, &id);
	if (!rc && !id)
		rc = lookup_id(db, ST_ALIAS_BY_URL,
			       "SELECT article_id FROM aliases WHERE url = ?1", url, &id);
	*exists = id != 0;
	return rc;
}

int corpus_article_raw(struct corpus_db *db, int64_t article_id, struct vn_buf *out,
		       char **content_type, char **warc_file, int64_t *warc_offset,
		       int64_t *warc_length)
{
	sqlite3_stmt *st = NULL;
	int rc = VN_OK;
	const void *blob;
	sqlite3_int64 raw_len;

	if (content_type)
		*content_type = NULL;
	if (warc_file)
		*warc_file = NULL;
	if (sqlite3_prepare_v2(db->sql,
			       "SELECT r.data, r.data_len, r.encoding, r.content_type, r.warc_file,"
			       " r.warc_offset, r.warc_length FROM articles a JOIN raw r"
			       " ON r.id = a.raw_id WHERE a.id = ?1", -1, &st, NULL) != SQLITE_OK)
		return corpus_db_fail(db, "reading a raw response");
	sqlite3_bind_int64(st, 1, article_id);
	switch (sqlite3_step(st)) {
	case SQLITE_ROW:
		break;
	case SQLITE_DONE:
		rc = VN_ENOTFOUND;
		goto out;
	default:
		rc = corpus_db_fail(db, "reading a raw response");
		goto out;
	}
	blob = sqlite3_column_blob(st, 0);
	raw_len = sqlite3_column_int64(st, 1);
	if (blob && raw_len > 0) {
		uLongf dlen = (uLongf)raw_len;

		rc = vn_buf_grow(out, (size_t)raw_len);
		if (rc)
			goto out;
		if (uncompress((Bytef *)out->data + out->len, &dlen, blob,
			       (uLong)sqlite3_column_bytes(st, 0)) != Z_OK ||
		    dlen != (uLongf)raw_len) {
			snprintf(db->errmsg, sizeof db->errmsg,
				 "%s: the raw response of article %lld is damaged", db->path,
				 (long long)article_id);
			rc = VN_ECORRUPT;
			goto out;
		}
		out->len += dlen;
		out->data[out->len] = '\0';
	}
	if (content_type)
		*content_type = corpus_col_strdup(st, 3, &rc);
	if (warc_file)
		*warc_file = corpus_col_strdup(st, 4, &rc);
	if (warc_offset)
		*warc_offset = sqlite3_column_int64(st, 5);
	if (warc_length)
		*warc_length = sqlite3_column_int64(st, 6);
out:
	sqlite3_finalize(st);
	return rc;
}

static int load_tags(struct corpus_db *db, int64_t id, struct classify_result *r)
{
	sqlite3_stmt *st = NULL;
	int rc = VN_OK, step;
	size_t alloc = 0;

	memset(r, 0, sizeof *r);
	if (sqlite3_prepare_v2(db->sql, "SELECT class, label, score FROM tags WHERE"
			       " article_id = ?1", -1, &st, NULL) != SQLITE_OK)
		return corpus_db_fail(db, "reading tags");
	sqlite3_bind_int64(st, 1, id);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(st, 0);

		for (int c = 0; c < CLASSIFY_N; c++)
			if (name && strcmp(name, class_names[c]) == 0) {
				r->labels[c] = sqlite3_column_int(st, 1) != 0;
				r->scores[c] = sqlite3_column_double(st, 2);
			}
	}
	sqlite3_finalize(st);
	if (step != SQLITE_DONE)
		return corpus_db_fail(db, "reading tags");
	if (sqlite3_prepare_v2(db->sql, "SELECT class, phrase, count, place FROM evidence WHERE"
			       " article_id = ?1 ORDER BY rowid", -1, &st, NULL) != SQLITE_OK)
		return corpus_db_fail(db, "reading evidence");
	sqlite3_bind_int64(st, 1, id);
	while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
		struct classify_evidence *e;
		const char *name = (const char *)sqlite3_column_text(st, 0);

		if (!(e = vn_array_room(r->evidence, &alloc, r->n_evidence, sizeof *e, 8))) {
			rc = VN_ENOMEM;
			break;
		}
		r->evidence = e;
		e = &r->evidence[r->n_evidence++];
		memset(e, 0, sizeof *e);
		for (int c = 0; c < CLASSIFY_N; c++)
			if (name && strcmp(name, class_names[c]) == 0)
				e->cls = (enum classify_class)c;
		e->phrase = corpus_col_strdup(st, 1, &rc);
		e->count = (unsigned)sqlite3_column_int(st, 2);
		e->where = corpus_col_strdup(st, 3, &rc);
	}
	if (!rc && step != SQLITE_DONE && step != SQLITE_ROW)
		rc = corpus_db_fail(db, "reading evidence");
	sqlite3_finalize(st);
	return rc;
}

static int load_documents(struct corpus_db *db, int64_t id, struct parser_article *a)
{
	sqlite3_stmt *st = NULL;
	int rc = VN_OK, step;
	size_t alloc = 0;

	if (sqlite3_prepare_v2(db->sql, "SELECT kind, number, issuer, date FROM documents"
			       " WHERE article_id = ?1 ORDER BY rowid", -1, &st, NULL) != SQLITE_OK)
		return corpus_db_fail(db, "reading documents");
	sqlite3_bind_int64(st, 1, id);
	while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
		struct parser_document_ref *d;

		if (!(d = vn_array_room(a->documents, &alloc, a->n_documents, sizeof *d, 4))) {
			rc = VN_ENOMEM;
			break;
		}
		a->documents = d;
		d = &a->documents[a->n_documents++];
		d->kind = corpus_col_strdup(st, 0, &rc);
		d->number = corpus_col_strdup(st, 1, &rc);
		d->issuer = corpus_col_strdup(st, 2, &rc);
		d->date = corpus_col_strdup(st, 3, &rc);
	}
	if (!rc && step != SQLITE_DONE && step != SQLITE_ROW)
		rc = corpus_db_fail(db, "reading documents");
	sqlite3_finalize(st);
	return rc;
}

/* The error path of corpus_article_load: frees what it allocated, without needing the
 * parser's and classifier's object code in the corpus library. */
static void loaded_free(struct parser_article *a, struct classify_result *tags)
{
	char **fields[] = { &a->url, &a->canonical_url, &a->title, &a->published, &a->author,
			    &a->site, &a->lang, &a->body, &a->content_hash, &a->charset };

	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
		free(*fields[i]);
	for (size_t i = 0; i < a->n_documents; i++) {
		free(a->documents[i].kind);
		free(a->documents[i].number);
		free(a->documents[i].issuer);
		free(a->documents[i].date);
	}
	free(a->documents);
	memset(a, 0, sizeof *a);
	if (tags) {
		for (size_t i = 0; i < tags->n_evidence; i++) {
			free(tags->evidence[i].phrase);
			free(tags->evidence[i].where);
		}
		free(tags->evidence);
		memset(tags, 0, sizeof *tags);
	}
}

int corpus_article_load(struct corpus_db *db, int64_t id, struct parser_article *a,
			struct classify_result *tags, char **province)
{
	sqlite3_stmt *st = NULL;
	int rc = VN_OK;

	memset(a, 0, sizeof *a);
	if (tags)
		memset(tags, 0, sizeof *tags);
	if (province)
		*province = NULL;
	if (sqlite3_prepare_v2(db->sql, "SELECT url, canonical_url, title, published,"
			       " date_inferred, author, site, lang, body, content_hash, charset,"
			       " province FROM articles WHERE id = ?1", -1, &st, NULL) != SQLITE_OK)
		return corpus_db_fail(db, "reading an article");
	sqlite3_bind_int64(st, 1, id);
	switch (sqlite3_step(st)) {
	case SQLITE_ROW:
		break;
	case SQLITE_DONE:
		rc = VN_ENOTFOUND;
		goto out;
	default:
		rc = corpus_db_fail(db, "reading an article");
		goto out;
	}
	a->url = corpus_col_strdup(st, 0, &rc);
	a->canonical_url = corpus_col_strdup(st, 1, &rc);
	a->title = corpus_col_strdup(st, 2, &rc);
	a->published = corpus_col_strdup(st, 3, &rc);
	a->published_inferred = sqlite3_column_int(st, 4) != 0;
	a->author = corpus_col_strdup(st, 5, &rc);
	a->site = corpus_col_strdup(st, 6, &rc);
	a->lang = corpus_col_strdup(st, 7, &rc);
	a->body = corpus_col_strdup(st, 8, &rc);
	a->content_hash = corpus_col_strdup(st, 9, &rc);
	a->charset = corpus_col_strdup(st, 10, &rc);
	a->kind = PARSER_PAGE_ARTICLE;
	if (province)
		*province = corpus_col_strdup(st, 11, &rc);
	if (!rc)
		rc = load_documents(db, id, a);
	if (!rc && tags)
		rc = load_tags(db, id, tags);
out:
	sqlite3_finalize(st);
	if (rc) {
		loaded_free(a, tags);
		if (province) {
			free(*province);
			*province = NULL;
		}
	}
	return rc;
}
