/* corpus_int.h — what the corpus/ source files share and nothing outside corpus/ sees:
 * the database handle, its statement cache, and error recording.
 *
 * Statements are prepared once per handle (SQLITE_PREPARE_PERSISTENT) and reset on reuse,
 * because the crawler and `vnnews add` call the same few statements millions of times. */
#ifndef CORPUS_INT_H
#define CORPUS_INT_H

#include <sqlite3.h>
#include <zlib.h>

#include "corpus/corpus.h"

/* The schema version this build writes; corpus_schema_migrate() brings older files here. */
#define CORPUS_SCHEMA_VERSION 7
/* PRAGMA application_id of a vnnews corpus ("vnnw"), so a foreign SQLite file is refused. */
#define CORPUS_APPLICATION_ID 0x766e6e77

enum corpus_stmt_id {
	ST_URL_INSERT,
	ST_URL_REQUEUE,
	ST_URL_NEXT,
	ST_URL_MARK,
	ST_URL_COUNT,
	ST_ART_BY_URL,
	ST_ALIAS_BY_URL,
	ST_ART_BY_HASH,
	ST_ART_INSERT,
	ST_ART_UPDATE,
	ST_ART_TOUCH,
	ST_ALIAS_INSERT,
	ST_RAW_INSERT,
	ST_SITE_UPSERT,
	ST_TAGS_DELETE,
	ST_TAG_INSERT,
	ST_EVID_DELETE,
	ST_EVID_INSERT,
	ST_DOCS_DELETE,
	ST_DOC_INSERT,
	ST_NEAR_SIG_INSERT,
	ST_NEAR_SIG_DELETE,
	ST_NEAR_BAND_FIND,
	ST_NEAR_DUP_INSERT,
	ST_NEAR_DUP_DELETE,
	ST_FTS_INSERT,
	ST_FTS_DELETE,
	ST_FTS_READ,
	ST_QUERY_PREFIX_TERMS,
	ST_N
};

struct corpus_db {
	sqlite3 *sql;
	char *path;
	unsigned flags;
	int lock_fd;      /* -1 unless CORPUS_OPEN_LOCK */
	int tx_depth;     /* corpus_db_begin nesting; only the outermost one talks to SQLite */
	int schema;       /* the schema version the file has once opened */
	int upgraded_from; /* a read-only open that first migrated: the version it found */
	bool vocab_ready; /* temp.corpus_vocab exists (corpus_db_vocab) */
	sqlite3_stmt *stmts[ST_N];
	/* The raw-copy compressor, set up once and reset per page: deflateInit costs more
	 * than compressing a 30 KB page (it allocates and clears ~270 KB each time). */
	z_stream zs;
	bool zs_ready;
	/* new articles waiting to be indexed at the outermost commit (fts_defer.c) */
	int64_t *fts_ids;
	size_t fts_n, fts_cap;
	int64_t fts_first_new;  /* the first of them; 0 when none */
	size_t fts_marks[16];   /* fts_n when each nested transaction began */
	int64_t fts_committed;  /* articles this handle indexed in committed transactions */
	char errmsg[1024];
};

/* Records "PATH: what: sqlite message" as the handle's last error and returns VN_EDB. */
int corpus_db_fail(struct corpus_db *db, const char *what);
/* The cached statement `id` (prepared from `sql` on first use), reset and unbound. */
int corpus_stmt(struct corpus_db *db, enum corpus_stmt_id id, const char *sql,
		sqlite3_stmt **out) VN_WUR;
/* Runs the cached statement `id` (from `sql`, whose one parameter is an article id) to its
 * end; `what` names the step in the error. */
int corpus_stmt_exec_id(struct corpus_db *db, enum corpus_stmt_id id, const char *sql,
			int64_t article_id, const char *what) VN_WUR;
/* Binds a possibly-NULL C string. */
int corpus_bind_text(sqlite3_stmt *st, int idx, const char *s);
/* A malloc'ed copy of column `col` (NULL for SQL NULL); `*err` is set on VN_ENOMEM. */
char *corpus_col_strdup(sqlite3_stmt *st, int col, int *err);

/* ---- fts_defer.c: new articles are indexed when their transaction commits ---- */
/* The queue's length now, to cut back to when a savepoint rolls back. */
size_t corpus_fts_mark(const struct corpus_db *db);
void corpus_fts_cut(struct corpus_db *db, size_t mark);
/* Queues a new article (schema 5 on). */
int corpus_fts_queue(struct corpus_db *db, int64_t id) VN_WUR;
/* Whether `id` is a new article of this transaction, not yet in the index. */
bool corpus_fts_queued(const struct corpus_db *db, int64_t id);
/* Indexes the queue (call outside any savepoint, before COMMIT) and empties it. */
int corpus_fts_flush(struct corpus_db *db) VN_WUR;
/* Before an update of article `id`: copies of its indexed title and body (both NULL when
 * it is queued, not indexed); then, after the UPDATE, corpus_fts_reindex replaces them
 * in the index with the row's new text when it changed.  The caller frees the copies
 * with sqlite3_value_free. */
int corpus_fts_old_text(struct corpus_db *db, int64_t id, sqlite3_value **title,
			sqlite3_value **body) VN_WUR;
int corpus_fts_reindex(struct corpus_db *db, int64_t id, sqlite3_value *old_title,
		       sqlite3_value *old_body, const char *title, const char *body) VN_WUR;

/* Brings the schema from its current user_version up to `target` (used by corpus_db_open
 * with CORPUS_SCHEMA_VERSION, and by the migration tests with an older target). */
int corpus_schema_migrate(struct corpus_db *db, int target) VN_WUR;

/* corpus_db_open() migrating only up to `target`: lets the tests build an older corpus. */
int corpus_db_open_version(const char *path, unsigned flags, int target,
			   struct corpus_db **out, char *err, size_t errlen) VN_WUR;

/* ---- near-duplicates (neardup.c) ---- */

/* MinHash hashes per body, and the estimated Jaccard similarity of syllable shingles from
 * which an earlier article is linked as the one this body nearly repeats. */
#define NEAR_K 32
#define NEAR_THRESHOLD 0.75

/* The MinHash signature of `body`; `*ok` is false (and `sig` untouched) when the body is
 * too short to compare. */
int corpus_near_signature(const char *body, size_t len, uint32_t sig[NEAR_K], bool *ok) VN_WUR;
/* The estimated similarity of two stored (packed, NEAR_K bytes) signatures. */
double corpus_near_similarity(const unsigned char *a, const unsigned char *b);
/* Records article `id`'s signature and links it to the most similar earlier article, if
 * any reaches NEAR_THRESHOLD; `replace` first forgets what an earlier store recorded.
 * Runs in the caller's transaction. */
int corpus_near_store(struct corpus_db *db, int64_t id, const char *body, bool replace) VN_WUR;

/* Creates, once per connection, temp.corpus_vocab: an fts5vocab "row" table over the
 * index's terms (query.c looks up the terms a prefix stands for). */
int corpus_db_vocab(struct corpus_db *db) VN_WUR;

/* Registers the "vnnews" FTS5 tokenizer on the connection (fts.c). */
int corpus_fts_register(sqlite3 *sql) VN_WUR;

#endif
