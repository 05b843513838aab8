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
	CORPUS_OPEN_READONLY = 1 << 0, /* grep/export/stats: no lock, no writes (but see
					* corpus_db_upgraded_from) */
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
/* 0, or the schema version a read-only open found before it migrated the file to this
 * vnnews's (it does so, under the writer lock, when the file is of an older schema and
 * writable; otherwise the open fails with a message naming the command that upgrades it). */
int corpus_db_upgraded_from(const struct corpus_db *db);

/* Transactions group the writes of one fetched page, so a crash never leaves half an
 * article.  They nest: the outermost begin/commit is the SQLite transaction (only its
 * COMMIT makes anything durable), an inner pair is a SAVEPOINT, and a rollback undoes only
 * the innermost open level (the whole transaction when only one is open). */
int corpus_db_begin(struct corpus_db *db) VN_WUR;
int corpus_db_commit(struct corpus_db *db) VN_WUR;
void corpus_db_rollback(struct corpus_db *db);
/* How many begins are open (0: no transaction). */
int corpus_db_depth(const struct corpus_db *db);

/* After a bulk load: merges the full-text index into one segment, refreshes the query
 * planner's statistics and truncates the WAL.  Takes time proportional to the corpus;
 * not inside a transaction. */
int corpus_db_optimize(struct corpus_db *db) VN_WUR;

/* A writer's last call once its articles are committed: when it indexed articles and the
 * full-text index has grown past CORPUS_FTS_SEGMENTS_MAX segments, merges it
 * (corpus_db_optimize).  FTS5's own automerge keeps up to a few segments per level, and
 * a phrase query reads one doclist per segment: on a 1 000 000-article corpus left with
 * 13 segments, `grep -c "Hà Nội"` took 24 ms against 18 after the merge, which itself
 * took 6 s.  Nothing happens for a writer that added nothing. */
#define CORPUS_FTS_SEGMENTS_MAX 8
int corpus_db_merge_index(struct corpus_db *db) VN_WUR;

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
	/* Optional: `data` already zlib-compressed (RFC 1950) by the caller, so a crawler can
	 * compress on another thread than its database one; `len` stays the plain length. */
	const void *zdata;
	size_t zlen;
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

/* Reads article `id` back: `*a` as the parser would have produced it (url, canonical_url,
 * title, published, published_inferred, author, site, lang, body, content_hash, charset,
 * documents) and, when `tags` is not NULL, the stored labels, scores and evidence.
 * `*province` (may be NULL) gets a malloc'ed copy or NULL.  The caller releases with
 * parser_article_release() / classify_result_release() / free(). */
int corpus_article_load(struct corpus_db *db, int64_t id, struct parser_article *a,
			struct classify_result *tags, char **province) VN_WUR;

/* Article `id` as a record object of the shape documented in README.md (the fields of
 * parser_article_to_json, then classify_result_to_json's labels/scores/evidence when the
 * article was classified, plus "province").  The caller owns `*out` (json_decref). */
int corpus_article_record(struct corpus_db *db, int64_t id, json_t **out) VN_WUR;

/* The earlier article that article `id` nearly repeats (same body but for a date line,
 * byline or footer: estimated Jaccard similarity of its 3-syllable shingles >= 0.75), set
 * when `id` was stored: `*of_id` (0 when none), a malloc'ed copy of its URL in `*of_url`
 * (may be NULL; caller frees) and `*similarity` in [0.75, 1]. */
int corpus_article_near_duplicate(struct corpus_db *db, int64_t id, int64_t *of_id,
				  char **of_url, double *similarity) VN_WUR;

/* ---- queries (grep, export, stats) ---- */

/* Filters shared by grep, export and stats.  NULL / 0 means "no filter". */
struct corpus_filter {
	const char *const *tags;  /* class names; an article must carry at least one */
	size_t n_tags;
	const char *site;
	const char *province;     /* compared ignoring case and diacritics */
	const char *since;        /* "YYYY", "YYYY-MM" or "YYYY-MM-DD", inclusive */
	const char *until;        /* same forms, inclusive of the whole year/month/day */
	const char *cites;        /* a cited document number, e.g. "4588/UBND-VX" */
};

/* Checks a --since/--until value.  On error returns VN_EPARSE and explains which part is
 * wrong in `err` (naming the value). */
int corpus_date_check(const char *value, char *err, size_t errlen) VN_WUR;
/* Checks the filter (dates, tag names); VN_EPARSE / VN_EINVAL with `err` naming the bad
 * part. */
int corpus_filter_check(const struct corpus_filter *f, char *err, size_t errlen) VN_WUR;

enum corpus_pattern_role {
	CORPUS_PAT_ANY = 0, /* -e / PATTERN: at least one of these must match */
	CORPUS_PAT_ALL,     /* --and: must match too */
	CORPUS_PAT_NONE,    /* --not: must not match */
};

struct corpus_pattern {
	const char *text;
	enum corpus_pattern_role role;
};

enum corpus_sort {
	CORPUS_SORT_DATE = 0, /* newest first; undated last */
	CORPUS_SORT_SCORE,    /* FTS5 bm25 rank, best first (date without patterns) */
	CORPUS_SORT_ID,       /* insertion order (export) */
};

/* What grep asks.  Matching is on syllables: the pattern's syllables must appear in a row
 * (punctuation between them does not matter), ignoring case and diacritics; the last
 * syllable may be the start of a longer one unless `word`.  `exact` makes diacritics
 * count; `regex` makes each pattern an ICU regular expression, matched case-insensitively
 * on the accent-free text (with `exact`, on the text in NFC with tone marks in canonical
 * place); `invert` selects the articles that do not match. */
struct corpus_query {
	struct corpus_filter filter;
	const struct corpus_pattern *patterns;
	size_t n_patterns;
	bool exact;
	bool word;
	bool regex;
	bool invert;
	enum corpus_sort sort;
	int64_t limit;      /* at most this many articles; 0 = no limit */
	bool want_matches;  /* fill corpus_hit.matches (output with sentences, --json) */
	/* When set, incremented for each article on which a regex search was given up (ICU's
	 * match-step limit, about a second of backtracking): such an article counts as not
	 * matching, so the answer may be short and the caller should say so. */
	int64_t *regex_given_up;
};

enum corpus_field { CORPUS_FIELD_TITLE = 0, CORPUS_FIELD_BODY = 1 };

/* One occurrence: bytes [start, end) of the original title or body. */
struct corpus_match {
	enum corpus_field field;
	size_t start;
	size_t end;
};

/* One selected article, valid only during the callback. */
struct corpus_hit {
	int64_t id;
	const char *url;
	const char *site;
	const char *province;
	const char *title;     /* may be NULL */
	const char *published; /* may be NULL */
	const char *body;      /* may be NULL */
	double score;
	const struct corpus_match *matches; /* in title, then body order; none for -v */
	size_t n_matches;
};

/* Returns non-zero to stop; that value is passed back by corpus_query_run. */
typedef int (*corpus_hit_fn)(void *ctx, const struct corpus_hit *hit);

/* Runs `q`, calling `fn` for each selected article in the asked order.  A malformed
 * pattern gives VN_EPARSE with `err` naming the pattern and what is wrong. */
int corpus_query_run(struct corpus_db *db, const struct corpus_query *q, corpus_hit_fn fn,
		     void *ctx, char *err, size_t errlen) VN_WUR;
/* The number of articles `q` selects (no limit), through the index alone when it can. */
int corpus_query_count(struct corpus_db *db, const struct corpus_query *q, int64_t *n,
		       char *err, size_t errlen) VN_WUR;

/* The sentence around bytes [start, end) of `text` (ICU sentence breaks, UAX #29) widened
 * by `context` sentences on each side: bytes [*s_out, *e_out). */
int corpus_text_sentence(const char *text, size_t len, size_t start, size_t end, int context,
			 size_t *s_out, size_t *e_out) VN_WUR;

/* ---- statistics ---- */

enum corpus_stat_key {
	CORPUS_STAT_SITE = 0,
	CORPUS_STAT_PROVINCE,
	CORPUS_STAT_TAG,
	CORPUS_STAT_MONTH,     /* "YYYY-MM" of the publication date; "unknown" when undated */
	CORPUS_STAT_MONTH_TAG, /* key "YYYY-MM", key2 the class name ("none" for untagged) */
};

typedef int (*corpus_stat_fn)(void *ctx, const char *key, const char *key2, int64_t count);

/* Counts the filtered articles grouped by `key`, in key order. */
int corpus_stats_count(struct corpus_db *db, const struct corpus_filter *f,
		       enum corpus_stat_key key, corpus_stat_fn fn, void *ctx) VN_WUR;
/* How many of the filtered articles are linked as near-duplicates of an earlier one. */
int corpus_stats_near_duplicates(struct corpus_db *db, const struct corpus_filter *f,
				 int64_t *n) VN_WUR;

/* ---- walking stored responses (corpus/raw_iter.c: reprocess and import) ---- */

/* Calls `fn` with the id of every article that has a stored raw response, in id order,
 * until it returns non-zero (passed back).  `fn` may rewrite articles (it runs outside the
 * walk's statement); memory stays bounded. */
typedef int (*corpus_raw_fn)(void *ctx, int64_t article_id);
int corpus_raw_iter(struct corpus_db *db, corpus_raw_fn fn, void *ctx) VN_WUR;
/* The article stored under `url` (or an alias of it): `*id` (0 when none), a malloc'ed
 * copy of its content hash (caller frees; may be NULL) and its last_seen time. */
int corpus_article_lookup(struct corpus_db *db, const char *url, int64_t *id,
			  char **content_hash, int64_t *last_seen) VN_WUR;
/* Sets last_seen (reprocess keeps the time the page was really seen). */
int corpus_article_set_last_seen(struct corpus_db *db, int64_t id, int64_t last_seen) VN_WUR;

#endif
