/* warc.h — WARC/1.1 (ISO 28500:2017) files: the writer the crawler keeps its raw responses
 * in, and the reader `vnnews import` and `vnnews reprocess` use.
 *
 * Writer: one `warcinfo` record per file, then a `request` and a `response` (or, for a 304,
 * a `revisit`) record per fetch, each record its own gzip member so any record can be read
 * from its (offset, length) alone.  A file is written as "NAME.warc.gz.open" and renamed to
 * "NAME.warc.gz" when closed, so a reader never sees a half-written file under the final
 * name.  Reader: plain or gzip WARC (one member per record or one member for the whole
 * file), any producer (vnnews, wget --warc-file, Heritrix, Browsertrix), bounded memory. */
#ifndef CRAWLER_WARC_H
#define CRAWLER_WARC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/vn_buf.h"
#include "common/vn_error.h"

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

#endif
