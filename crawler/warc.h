/* warc.h — WARC/1.1 (ISO 28500:2017) files: the writer the crawler keeps its raw responses
 * in, and the reader `vnnews import` and `vnnews reprocess` use.
 *
 * Writer: one `warcinfo` record per file, then a `request` and a `response` (or, for a 304,
 * a `revisit`) record per fetch, each record its own gzip member so any record can be read
 * from its (offset, length) alone.  A file is written as "NAME.warc.gz.open" and renamed to
 * "NAME.warc.gz" when closed, so a reader never sees a half-written file under the final
 * name.  Reader: plain or gzip WARC (one member per record or one member for the whole
 * file), any producer (tested: vnnews, wget --warc-file), bounded memory. */
#ifndef CRAWLER_WARC_H
#define CRAWLER_WARC_H

#include <stdbool.h>
#include <stddef.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>

#include "common/vn_buf.h"
#include "common/vn_error.h"
#include "corpus/corpus.h"

/* ---- writer (crawler/warc.c) ---- */

#define CRAWLER_WARC_MAX_SIZE_DEFAULT ((int64_t)1 << 30) /* --warc-max-size: 1 GiB */

struct crawler_warc_writer;

/* Opens a writer that creates its files in directory `dir` (which must exist), named
 * "PREFIX-YYYYMMDDhhmmss-NNNNN.warc.gz" (`prefix` NULL: "vnnews").  A new file starts
 * when the current one would pass `max_size` bytes (0: the default); a file always holds
 * at least one fetch.  Nothing is created before the first record.  The caller ends the
 * writer with crawler_warc_writer_close() (or _free() on an error path). */
int crawler_warc_writer_open(const char *dir, const char *prefix, int64_t max_size,
			     struct crawler_warc_writer **out) VN_WUR;
/* Finishes the current file (rename from ".open") and frees the writer.  VN_EIO with
 * errno set if the rename failed; the writer is freed in every case.  NULL is a no-op. */
int crawler_warc_writer_close(struct crawler_warc_writer *w) VN_WUR;
/* Same as close, ignoring errors (for error paths). */
void crawler_warc_writer_free(struct crawler_warc_writer *w);

/* One fetch as it went over the wire. */
struct crawler_warc_fetch {
	const char *url;           /* the request URL (WARC-Target-URI) */
	const char *ip;            /* the peer's IP address, or NULL when unknown */
	int64_t date;              /* unix seconds the request was sent; 0: now */
	const char *req_head;      /* the request line and headers, ending with the blank line */
	size_t req_head_len;       /* 0: no request record is written */
	const char *resp_head;     /* the status line and headers, ending with the blank line */
	size_t resp_head_len;
	const char *body;          /* the body after transfer-encoding removal (dechunked) but */
	size_t body_len;           /* before content-encoding removal (still gzip'd if it was) */
	const char *refers_to_date;/* for a 304: WARC-Date of the earlier capture, or NULL */
};

/* Where one record landed.  `file` is the final name (DIR/NAME.warc.gz) even while the
 * file is still ".open"; the caller frees it.  `length` counts the gzip member. */
struct crawler_warc_loc {
	char *file;
	int64_t offset;
	int64_t length;
};

void crawler_warc_loc_release(struct crawler_warc_loc *loc);

/* Appends the request record (when `f->req_head_len`) and the response record — a
 * `revisit` with the server-not-modified profile when the status is 304 — and returns the
 * response record's location in `*loc` (may be NULL).  The response block is the header
 * bytes followed by the body; a "Transfer-Encoding" header is renamed
 * "X-Vnnews-Orig-Transfer-Encoding" because the stored body is already dechunked (readers
 * would otherwise try to dechunk it again).  Both records reach the file in one write; on
 * a failed write the file is cut back to its last complete record. */
int crawler_warc_write_fetch(struct crawler_warc_writer *w, const struct crawler_warc_fetch *f,
			     struct crawler_warc_loc *loc) VN_WUR;

/* "sha1:" and the 32-character base32 SHA-1 of the bytes, as WARC digests are written.
 * `out` must hold CRAWLER_WARC_DIGEST_LEN + 1 bytes. */
#define CRAWLER_WARC_DIGEST_LEN 37
void crawler_warc_digest(const void *data, size_t len, char *out);

/* ---- reader (crawler/warc_read.c) ---- */

#define CRAWLER_WARC_BLOCK_CAP_DEFAULT ((size_t)64 << 20)

struct crawler_warc_reader;

/* One record.  Strings are NUL-terminated copies or NULL when the header is absent. */
struct crawler_warc_record {
	char *type;             /* WARC-Type: "response", "request", "warcinfo", "revisit"... */
	char *record_id;
	char *date;
	char *target_uri;       /* angle brackets (WARC/1.0 style) removed */
	char *ip;
	char *content_type;     /* the record's Content-Type */
	char *block_digest;
	char *payload_digest;
	int64_t offset;         /* where the record starts in the file (its gzip member) */
	int64_t length;         /* bytes up to the end of the member the record ends in */
	bool own_member;        /* the record is exactly one gzip member (or plain WARC): it can
				 * be read back alone from (offset, length) */
	int64_t block_len;      /* Content-Length of the block */
	struct vn_buf block;    /* the block, when it was kept (see _next) */
	bool block_kept;
};

void crawler_warc_record_init(struct crawler_warc_record *rec);
void crawler_warc_record_release(struct crawler_warc_record *rec);

/* Opens a WARC file, gzip'd or not (decided by its first bytes).  Blocks bigger than
 * `block_cap` (0: the default) are skipped, not kept.  On failure writes "FILE: why" into
 * `err`.  Free with crawler_warc_reader_free(). */
int crawler_warc_reader_open(const char *path, size_t block_cap,
			     struct crawler_warc_reader **out, char *err, size_t errlen) VN_WUR;
void crawler_warc_reader_free(struct crawler_warc_reader *r);
/* Moves to the record starting at byte `offset` (a location from the writer or a record's
 * `offset` with `own_member`). */
int crawler_warc_reader_seek(struct crawler_warc_reader *r, int64_t offset) VN_WUR;
/* Reads the next record into `*rec` (released and refilled).  Keeps the block of
 * `response`, `resource` and `revisit` records when `keep_blocks` is set and it fits the
 * cap; other blocks are read past in bounded memory.  `*eof` is set (and VN_OK returned)
 * at the end of the file.  A malformed record gives VN_EPARSE (VN_ECORRUPT for broken
 * gzip) and "FILE: offset N: why" in `err`; the reader cannot go on after that. */
int crawler_warc_reader_next(struct crawler_warc_reader *r, bool keep_blocks,
			     struct crawler_warc_record *rec, bool *eof,
			     char *err, size_t errlen) VN_WUR;

/* An HTTP response taken from a `response` record's block. */
struct crawler_http_response {
	int status;
	char *content_type;     /* header value or NULL */
	char *content_encoding;
	char *last_modified;
	char *etag;
	struct vn_buf body;     /* dechunked and content-decoded (gzip, deflate) */
	bool body_decoded;      /* a content-encoding was removed */
};

void crawler_http_response_init(struct crawler_http_response *h);
void crawler_http_response_release(struct crawler_http_response *h);
/* Parses `block` (status line, headers, body): removes chunked transfer-encoding when the
 * headers say so and the body is chunked, then a gzip/x-gzip/deflate content-encoding,
 * keeping at most `body_cap` bytes of body (VN_ETOOBIG past it).  VN_EUNSUPPORTED for
 * another content-encoding (br), VN_EPARSE for a block that is not an HTTP response; `err`
 * says why. */
int crawler_http_response_parse(const char *block, size_t len, size_t body_cap,
				struct crawler_http_response *out, char *err, size_t errlen) VN_WUR;

/* ---- one stored page, import and reprocess (crawler/import.c) ---- */

/* One fetched page on its way into the corpus: the pipeline the crawl loop, `import` and
 * `reprocess` share (parser -> page kind -> classify -> corpus). */
struct crawler_page {
	const char *url;            /* canonical URL */
	const char *data;           /* the body, content-decoded */
	size_t len;
	const char *content_type;   /* HTTP Content-Type, or NULL */
	const char *site;           /* site name (the host when no sites file names it) */
	const char *province;       /* or NULL */
	char *const *article;       /* the site's article/listing path patterns, if any */
	size_t n_article;
	char *const *listing;
	size_t n_listing;
	const char *xpath_title;    /* the site's XPath overrides (parser_input), or NULL */
	const char *xpath_body;
	const char *xpath_date;
	bool force_article;         /* reprocess: the page was stored as an article */
	bool skip_unchanged;        /* import: leave an article alone when its content is the
				     * same, or it was stored from a capture at least as new
				     * as `seen_at` */
	int64_t seen_at;            /* unix seconds the page was fetched; 0: now */
	/* crawl: called once the page is parsed and its kind decided, before anything is
	 * classified or stored, inside the caller's transaction (the crawl adds the links to
	 * the frontier there).  A non-zero return stops the page with that error. */
	int (*on_parsed)(void *ctx, const struct parser_article *a, bool is_article,
			 bool is_listing);
	void *ctx;
	/* crawl: parser_input.link_seen, run on the thread that analyses the page */
	bool (*link_seen)(void *ctx, uint64_t key);
	void *link_seen_ctx;
};

enum crawler_page_outcome {
	CRAWLER_PAGE_NOT_ARTICLE = 0, /* a listing or another page: nothing stored */
	CRAWLER_PAGE_NEW,
	CRAWLER_PAGE_UPDATED,
	CRAWLER_PAGE_UNCHANGED,       /* same URL and content already stored (skip_unchanged) */
};

/* Runs the pipeline for `p` and stores an article with `raw` (may be NULL: keep the stored
 * raw response).  `labels` (CLASSIFY_N entries, may be NULL) gets the tags given.  Runs in
 * the caller's transaction if one is open.  VN_EPARSE and friends come from the parser
 * (then `on_parsed` was not called).  Page kind: the parser's decision, overridden by the
 * site's listing patterns (never an article) and article patterns (an article exactly
 * when one matches); a page without title and body is no article. */
int crawler_page_store(struct corpus_db *db, const struct classify_lexicon *lex,
		       const struct crawler_page *p, const struct corpus_raw *raw,
		       enum crawler_page_outcome *outcome, bool *labels) VN_WUR;

/* The CPU half of the pipeline, touching no database (the crawl runs it on a worker
 * thread): the page parsed, its kind decided, and classified when it is an article and
 * `lex` is given.  Release `*out` with crawler_page_result_release() whatever the return;
 * `out->parsed` says whether the parser succeeded (VN_EPARSE and friends when not). */
struct crawler_page_result {
	struct parser_article article;
	bool parsed;
	bool is_article;
	bool is_listing;
	struct classify_result tags;
	bool tagged;
};

int crawler_page_analyse(const struct classify_lexicon *lex, const struct crawler_page *p,
			 struct crawler_page_result *out) VN_WUR;
/* Classifies `res` if that is not done yet. */
int crawler_page_classify(const struct classify_lexicon *lex, struct crawler_page_result *res)
	VN_WUR;
void crawler_page_result_release(struct crawler_page_result *res);
/* The database half: `on_parsed`, the unchanged check, classification if still missing,
 * and the store, in the caller's transaction.  crawler_page_store() is analyse + write. */
int crawler_page_write(struct corpus_db *db, const struct classify_lexicon *lex,
		       const struct crawler_page *p, const struct corpus_raw *raw,
		       struct crawler_page_result *res, enum crawler_page_outcome *outcome,
		       bool *labels) VN_WUR;

struct crawler_sites;

struct crawler_import_options {
	const char *db_path;
	const char *lexicon;                /* NULL: the shipped lexicon */
	const struct crawler_sites *sites;  /* optional: site names, provinces, patterns */
	size_t body_cap;                    /* 0: CRAWLER_WARC_BLOCK_CAP_DEFAULT */
	bool verbose;                       /* one line per page on `log` */
	const volatile sig_atomic_t *stop;  /* checked between records */
};

struct crawler_import_stats {
	long files;
	long files_failed;      /* unreadable or malformed files (the rest of a file is lost) */
	long records;           /* WARC records read (import) or stored articles (reprocess) */
	long responses;         /* HTTP responses considered */
	long pages;             /* pages parsed */
	long articles_new;
	long articles_updated;
	long unchanged;
	long skipped;           /* not 200, not HTML, revisits, requests, metadata */
	long errors;            /* pages that could not be decoded or parsed */
	long tags[CLASSIFY_N];  /* stored articles per tag */
	double elapsed;
	bool interrupted;
};

/* Imports WARC files (written by vnnews or any other tool) into the corpus at
 * `o->db_path` (created if missing, writer lock taken: VN_ELOCKED when held).  A file that
 * cannot be read is reported on `log` ("FILE: offset N: why") and counted; the run goes on.
 * Responses stored in a record of their own are kept as WARC pointers, others as bytes.
 * Running it twice changes nothing. */
int crawler_import_run(const struct crawler_import_options *o, const char *const *files,
		       size_t n_files, struct crawler_import_stats *st, FILE *log,
		       char *err, size_t errlen) VN_WUR;
/* Re-derives every stored article from its raw response (WARC pointer or stored bytes)
 * with the current parser and lexicon, without the network; keeps URL, site, province
 * and last_seen.  Idempotent. */
int crawler_reprocess_run(const struct crawler_import_options *o,
			  struct crawler_import_stats *st, FILE *log, char *err,
			  size_t errlen) VN_WUR;
/* The summary of an import or reprocess run. */
void crawler_import_stats_print(const struct crawler_import_stats *st, FILE *out);

#endif
