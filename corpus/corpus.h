/* corpus.h — the public face of corpus/: the embedded SQLite corpus.
 *
 * One SQLite file in WAL mode holds the sites, the crawler's frontier, raw responses (or
 * pointers into WARC files), articles with their tags and cited documents, and an FTS5
 * index over normalized syllables.  Writers take an exclusive lock so two crawls never
 * share a corpus; readers (grep, export, stats) open read-only and see a snapshot. */
#ifndef CORPUS_H
#define CORPUS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/vn_buf.h"
#include "common/vn_error.h"
#include "parser/parser.h"
#include "classify/classify.h"

struct corpus_db;

enum corpus_open_flags {
	CORPUS_OPEN_READONLY = 1 << 0, /* grep/export/stats: no lock, no writes */
	CORPUS_OPEN_CREATE = 1 << 1,   /* create the file if missing */
	CORPUS_OPEN_LOCK = 1 << 2,     /* take the writer lock; VN_ELOCKED if another holds it */
};

/* The corpus path from --db, else $VNNEWS_DB, else "./vnnews.db".  Never NULL. */
const char *corpus_db_default_path(const char *db_option);

/* Opens (and migrates) the corpus at `path`.  On failure returns a code and, if `err` is
 * not NULL, a message naming the file in `err` (size `errlen`).  The caller closes
 * `*out` with corpus_db_free(). */
int corpus_db_open(const char *path, unsigned flags, struct corpus_db **out,
		   char *err, size_t errlen) VN_WUR;
void corpus_db_free(struct corpus_db *db);
/* The last error on `db` as one line naming the file ("no error" when none); owned by
 * `db`, valid until the next call on it. */
const char *corpus_db_errmsg(const struct corpus_db *db);
/* The path `db` was opened with; owned by `db`. */
const char *corpus_db_path(const struct corpus_db *db);

/* Transactions group the writes of one fetched page, so a crash never leaves half an
 * article. */
int corpus_db_begin(struct corpus_db *db) VN_WUR;
int corpus_db_commit(struct corpus_db *db) VN_WUR;
void corpus_db_rollback(struct corpus_db *db);

/* ---- frontier (owned by the crawler, persisted here) ---- */

enum corpus_url_status {
	CORPUS_URL_QUEUED = 0,
	CORPUS_URL_DONE = 1,     /* fetched and processed */
	CORPUS_URL_FAILED = 2,   /* gave up; last_error says why */
	CORPUS_URL_SKIPPED = 3,  /* robots, scope, content type, trap guard */
};

struct corpus_url {
	int64_t id;
	char *url;           /* canonical URL */
	char *site;          /* site name from the sites file, or the host */
	int depth;
	int priority;        /* lower is sooner: feeds/listings before deep pages */
	int64_t next_fetch;  /* unix seconds */
	enum corpus_url_status status;
	bool is_listing;     /* refetched every run with a conditional GET */
	char *etag;
	char *last_modified;
	int attempts;
	char *last_error;
};

void corpus_url_release(struct corpus_url *u);

/* Adds a URL if it is not known yet (`*added` says which).  Known URLs are left alone
 * unless `requeue` is set, which puts a DONE URL back in the queue (listings, --refresh). */
int corpus_frontier_add(struct corpus_db *db, const char *url, const char *site, int depth,
			int priority, bool is_listing, bool requeue, bool *added) VN_WUR;
/* Takes up to `max` queued URLs due at or before `now`, best priority first.  The caller
 * releases each with corpus_url_release() and frees the array. */
int corpus_frontier_next(struct corpus_db *db, int64_t now, size_t max,
			 struct corpus_url **out, size_t *n_out) VN_WUR;
/* Records the outcome of one fetch. */
int corpus_frontier_mark(struct corpus_db *db, int64_t id, enum corpus_url_status status,
			 int64_t next_fetch, const char *etag, const char *last_modified,
			 const char *error) VN_WUR;
/* Puts every listing URL (and, with `all`, every DONE URL) back in the queue: the start of
 * an incremental run. */
int corpus_frontier_requeue(struct corpus_db *db, bool all) VN_WUR;
int corpus_frontier_count(struct corpus_db *db, enum corpus_url_status status,
			  int64_t *n_out) VN_WUR;

/* ---- articles ---- */

/* Where the raw response of an article lives: a WARC record, or (warc_file NULL) the raw
 * bytes kept compressed in the database so `reprocess` always works. */
struct corpus_raw {
	const char *warc_file;
	int64_t warc_offset;
	int64_t warc_length;
	const char *data;
	size_t len;
	const char *content_type;
	int64_t fetched_at; /* unix seconds */
};

/* Stores (or updates) one article with its tags; the FTS index is updated in the same
 * transaction.  The same content hash reached from another URL becomes an alias.
 * `*id_out` and `*is_new` may be NULL. */
int corpus_article_put(struct corpus_db *db, const struct parser_article *a, const char *site,
		       const char *province, const struct classify_result *tags,
		       const struct corpus_raw *raw, int64_t *id_out, bool *is_new) VN_WUR;
/* Whether an article with this (canonical) URL is already stored. */
int corpus_article_exists(struct corpus_db *db, const char *url, bool *exists) VN_WUR;
/* The stored raw response of article `id`: the bytes kept in the database are appended
 * (decompressed) to `out`; a WARC pointer comes back in `*warc_file` (caller frees, NULL
 * when none), `*warc_offset`, `*warc_length`.  `*content_type` is malloc'ed or NULL.
 * Any out-pointer but `out` may be NULL.  VN_ENOTFOUND when nothing is stored. */
int corpus_article_raw(struct corpus_db *db, int64_t id, struct vn_buf *out,
		       char **content_type, char **warc_file, int64_t *warc_offset,
		       int64_t *warc_length) VN_WUR;

#endif
