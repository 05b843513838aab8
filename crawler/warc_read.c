/* warc_read.c — the WARC reader (ISO 28500; WARC/1.0 and 1.1, written by vnnews, wget or other
 * archivers) and the HTTP response decoder behind `import`.
 *
 * The reader pulls bytes through a 64 KiB window: gzip members are inflated one at a time
 * (never across a member boundary in one call), so it always knows whether a record began
 * and ended on member boundaries — only then is its (offset, length) a valid pointer for
 * the corpus.  Blocks that are not kept are read past without being stored, so memory stays
 * bounded whatever the file holds.  HTTP bodies are dechunked when the headers say so
 * and the bytes are chunked (wget keeps the wire bytes; we store them dechunked), then
 * gzip/deflate/br content-encoding is removed for the parser. */
#include "crawler/crawler_int.h"
#include "crawler/warc.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <brotli/decode.h>
#include <zlib.h>

#define WIN_SIZE (1u << 16)
#define LINE_MAX_LEN ((size_t)64 << 10)  /* one WARC header line */
#define HEAD_MAX_LEN ((size_t)1 << 20)   /* all WARC headers of a record */

struct crawler_warc_reader {
	char *path;
	int fd;
	bool gz;
	size_t block_cap;
	z_stream zs;
	bool zs_ready;
	unsigned char *in;
	int64_t in_base;          /* file offset of in[0] */
	size_t in_len;            /* bytes valid in `in` */
	bool in_eof;
	bool member_open;         /* inside a gzip member */
	int64_t member_start;     /* file offset where the current/last member began */
	int64_t member_end;       /* file offset where the last finished member ended */
	int64_t member_used;      /* decompressed bytes consumed from the current member */
	unsigned char *out;
	size_t out_pos, out_len;
	int64_t plain_pos;        /* plain WARC: file offset of out[out_len] */
	char *err;                /* the caller's error buffer during a call */
	size_t errlen;
	int64_t rec_off;          /* the record being read, for messages */
};

static void rd_fail(struct crawler_warc_reader *r, const char *why)
{
	if (r->err && r->errlen)
		snprintf(r->err, r->errlen, "%s: offset %lld: %s", r->path, (long long)r->rec_off,
			 why);
}

/* Compressed bytes consumed so far (the file offset of zs.next_in). */
static int64_t rd_in_consumed(const struct crawler_warc_reader *r)
{
	return r->in_base + (int64_t)(r->zs.next_in - r->in);
}

static int rd_read_in(struct crawler_warc_reader *r)
{
	size_t keep = r->zs.avail_in;
	ssize_t n;

	if (keep && r->zs.next_in != r->in)
		memmove(r->in, r->zs.next_in, keep);
	r->in_base = rd_in_consumed(r);
	r->zs.next_in = r->in;
	for (;;) {
		n = read(r->fd, r->in + keep, WIN_SIZE - keep);
		if (n < 0 && errno == EINTR)
			continue;
		break;
	}
	if (n < 0) {
		rd_fail(r, strerror(errno));
		return VN_EIO;
	}
	if (n == 0)
		r->in_eof = true;
	r->zs.avail_in = (uInt)(keep + (size_t)n);
	r->in_len = keep + (size_t)n;
	return VN_OK;
}

/* Refills `out` once it is used up.  Starts a new gzip member only when `new_member`.
 * `*got` says whether bytes are available afterwards. */
static int rd_fill(struct crawler_warc_reader *r, bool new_member, bool *got)
{
	int rc;

	*got = r->out_pos < r->out_len;
	if (*got)
		return VN_OK;
	r->out_pos = r->out_len = 0;
	if (!r->gz) {
		ssize_t n;

		do
			n = read(r->fd, r->out, WIN_SIZE);
		while (n < 0 && errno == EINTR);
		if (n < 0) {
			rd_fail(r, strerror(errno));
			return VN_EIO;
		}
		r->out_len = (size_t)n;
		r->plain_pos += n;
		*got = n > 0;
		return VN_OK;
	}
	while (r->out_len == 0) {
		int zrc;

		if (!r->member_open) {
			if (!new_member)
				return VN_OK;
			if (!r->zs.avail_in && !r->in_eof && (rc = rd_read_in(r)))
				return rc;
			if (!r->zs.avail_in)
				return VN_OK; /* the end of the file */
			if (inflateReset2(&r->zs, 15 + 16) != Z_OK)
				return VN_ENOMEM;
			r->member_open = true;
			r->member_start = rd_in_consumed(r);
			r->member_used = 0;
		}
		if (!r->zs.avail_in) {
			if (r->in_eof) {
				rd_fail(r, "gzip member cut short (truncated file)");
				return VN_ECORRUPT;
			}
			if ((rc = rd_read_in(r)))
				return rc;
			continue;
		}
		r->zs.next_out = r->out;
		r->zs.avail_out = WIN_SIZE;
		zrc = inflate(&r->zs, Z_NO_FLUSH);
		r->out_len = WIN_SIZE - r->zs.avail_out;
		if (zrc == Z_STREAM_END) {
			r->member_open = false;
			r->member_end = rd_in_consumed(r);
		} else if (zrc == Z_BUF_ERROR) {
			if (r->in_eof && !r->zs.avail_in) {
				rd_fail(r, "gzip member cut short (truncated file)");
				return VN_ECORRUPT;
			}
		} else if (zrc != Z_OK) {
			rd_fail(r, r->zs.msg ? r->zs.msg : "broken gzip data");
			return VN_ECORRUPT;
		}
	}
	*got = true;
	return VN_OK;
}

static void rd_consume(struct crawler_warc_reader *r, size_t n)
{
	r->out_pos += n;
	r->member_used += (int64_t)n;
}

/* The file offset of the next unread byte of a plain WARC. */
static int64_t rd_plain_offset(const struct crawler_warc_reader *r)
{
	return r->plain_pos - (int64_t)(r->out_len - r->out_pos);
}

/* Reads one line (up to and without its LF, CR removed) into `line`. */
static int rd_line(struct crawler_warc_reader *r, struct vn_buf *line, bool *eof)
{
	int rc;
	bool got;

	vn_buf_reset(line);
	*eof = false;
	for (;;) {
		unsigned char *p, *nl;
		size_t n;

		if ((rc = rd_fill(r, true, &got)))
			return rc;
		if (!got) {
			*eof = true;
			return VN_OK;
		}
		p = r->out + r->out_pos;
		n = r->out_len - r->out_pos;
		nl = memchr(p, '\n', n);
		if (nl)
			n = (size_t)(nl - p);
		if ((rc = vn_buf_add(line, p, n))) {
			rd_fail(r, "WARC header line too long");
			return VN_EPARSE;
		}
		rd_consume(r, n + (nl ? 1 : 0));
		if (nl)
			break;
	}
	if (line->len && line->data[line->len - 1] == '\r')
		vn_buf_truncate(line, line->len - 1);
	return VN_OK;
}

int crawler_warc_reader_open(const char *path, size_t block_cap,
			     struct crawler_warc_reader **out, char *err, size_t errlen)
{
	struct crawler_warc_reader *r;
	unsigned char magic[2];
	ssize_t n;
	int rc = VN_OK;

	*out = NULL;
	if (!(r = calloc(1, sizeof *r)))
		return VN_ENOMEM;
	r->fd = -1;
	r->block_cap = block_cap ? block_cap : CRAWLER_WARC_BLOCK_CAP_DEFAULT;
	if (!(r->path = strdup(path)) || !(r->in = malloc(WIN_SIZE)) ||
	    !(r->out = malloc(WIN_SIZE))) {
		rc = VN_ENOMEM;
		goto out;
	}
	r->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (r->fd < 0) {
		rc = errno == ENOENT ? VN_ENOTFOUND : VN_EIO;
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		goto out;
	}
	do
		n = pread(r->fd, magic, sizeof magic, 0);
	while (n < 0 && errno == EINTR);
	if (n < 0) {
		rc = VN_EIO;
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		goto out;
	}
	r->gz = n == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
	if (inflateInit2(&r->zs, 15 + 16) != Z_OK) {
		rc = VN_ENOMEM;
		goto out;
	}
	r->zs_ready = true;
	r->zs.next_in = r->in;
	*out = r;
	r = NULL;
out:
	crawler_warc_reader_free(r);
	return rc;
}

void crawler_warc_reader_free(struct crawler_warc_reader *r)
{
	if (!r)
		return;
	if (r->zs_ready)
		inflateEnd(&r->zs);
	if (r->fd >= 0)
		close(r->fd);
	free(r->in);
	free(r->out);
	free(r->path);
	free(r);
}

int crawler_warc_reader_seek(struct crawler_warc_reader *r, int64_t offset)
{
	if (offset < 0 || lseek(r->fd, (off_t)offset, SEEK_SET) < 0)
		return offset < 0 ? VN_EINVAL : VN_EIO;
	r->out_pos = r->out_len = 0;
	r->plain_pos = offset;
	r->in_base = offset;
	r->in_len = 0;
	r->in_eof = false;
	r->zs.next_in = r->in;
	r->zs.avail_in = 0;
	r->member_open = false;
	r->member_start = r->member_end = offset;
	r->member_used = 0;
	return VN_OK;
}

void crawler_warc_record_init(struct crawler_warc_record *rec)
{
	memset(rec, 0, sizeof *rec);
	vn_buf_init(&rec->block, 0);
}

void crawler_warc_record_release(struct crawler_warc_record *rec)
{
	free(rec->type);
	free(rec->record_id);
	free(rec->date);
	free(rec->target_uri);
	free(rec->ip);
	free(rec->content_type);
	free(rec->block_digest);
	free(rec->payload_digest);
	vn_buf_release(&rec->block);
	crawler_warc_record_init(rec);
}

/* Stores a copy of the trimmed value in `*slot` (the first occurrence wins). */
static int rd_set(char **slot, const char *v, size_t len)
{
	if (*slot)
		return VN_OK;
	while (len && (*v == ' ' || *v == '\t'))
		v++, len--;
	while (len && (v[len - 1] == ' ' || v[len - 1] == '\t'))
		len--;
	return (*slot = strndup(v, len)) ? VN_OK : VN_ENOMEM;
}

/* Parses a decimal Content-Length within [0, INT64_MAX / 2]. */
static bool rd_length(const char *v, size_t len, int64_t *out)
{
	int64_t n = 0;
	size_t i = 0, digits = 0;

	while (i < len && (v[i] == ' ' || v[i] == '\t'))
		i++;
	for (; i < len && v[i] >= '0' && v[i] <= '9'; i++, digits++) {
		if (n > (INT64_MAX / 2 - 9) / 10)
			return false;
		n = n * 10 + (v[i] - '0');
	}
	while (i < len && (v[i] == ' ' || v[i] == '\t'))
		i++;
	*out = n;
	return digits > 0 && i == len;
}

static int rd_header(struct crawler_warc_record *rec, const char *line, size_t len,
		     bool *have_len)
{
	static const struct {
		const char *name;
		size_t off;
	} fields[] = {
		{ "WARC-Type", offsetof(struct crawler_warc_record, type) },
		{ "WARC-Record-ID", offsetof(struct crawler_warc_record, record_id) },
		{ "WARC-Date", offsetof(struct crawler_warc_record, date) },
		{ "WARC-Target-URI", offsetof(struct crawler_warc_record, target_uri) },
		{ "WARC-IP-Address", offsetof(struct crawler_warc_record, ip) },
		{ "Content-Type", offsetof(struct crawler_warc_record, content_type) },
		{ "WARC-Block-Digest", offsetof(struct crawler_warc_record, block_digest) },
		{ "WARC-Payload-Digest", offsetof(struct crawler_warc_record, payload_digest) },
	};
	const char *colon = memchr(line, ':', len);
	size_t nlen, i;

	if (!colon)
		return VN_EPARSE;
	nlen = (size_t)(colon - line);
	while (nlen && (line[nlen - 1] == ' ' || line[nlen - 1] == '\t'))
		nlen--;
	if (nlen == 14 && strncasecmp(line, "Content-Length", 14) == 0) {
		if (!rd_length(colon + 1, len - (size_t)(colon + 1 - line), &rec->block_len))
			return VN_EPARSE;
		*have_len = true;
		return VN_OK;
	}
	for (i = 0; i < sizeof fields / sizeof fields[0]; i++) {
		if (strlen(fields[i].name) == nlen && strncasecmp(line, fields[i].name, nlen) == 0)
			return rd_set((char **)((char *)rec + fields[i].off), colon + 1,
				      len - (size_t)(colon + 1 - line));
	}
	return VN_OK;
}

/* Reads `n` block bytes into `keep` (NULL: drop them). */
static int rd_block(struct crawler_warc_reader *r, int64_t n, struct vn_buf *keep)
{
	int rc;
	bool got;

	while (n > 0) {
		size_t take;

		if ((rc = rd_fill(r, true, &got)))
			return rc;
		if (!got) {
			rd_fail(r, "record block shorter than its Content-Length (truncated file)");
			return VN_EPARSE;
		}
		take = r->out_len - r->out_pos;
		if ((int64_t)take > n)
			take = (size_t)n;
		if (keep && (rc = vn_buf_add(keep, r->out + r->out_pos, take)))
			return rc;
		rd_consume(r, take);
		n -= (int64_t)take;
	}
	return VN_OK;
}

int crawler_warc_reader_next(struct crawler_warc_reader *r, bool keep_blocks,
			     struct crawler_warc_record *rec, bool *eof, char *err, size_t errlen)
{
	struct vn_buf line;
	size_t head_total = 0;
	int rc = VN_OK, i;
	bool got, have_len = false, line_eof, keep;

	crawler_warc_record_release(rec);
	*eof = false;
	r->err = err;
	r->errlen = errlen;
	vn_buf_init(&line, LINE_MAX_LEN);
	/* Skip the blank lines between records (and stray ones after the last). */
	for (;;) {
		unsigned char c;

		if ((rc = rd_fill(r, true, &got)))
			goto out;
		if (!got) {
			*eof = true;
			goto out;
		}
		c = r->out[r->out_pos];
		if (c != '\r' && c != '\n')
			break;
		rd_consume(r, 1);
	}
	if (r->gz) {
		rec->offset = r->member_start;
		rec->own_member = r->member_used == 0;
	} else {
		rec->offset = rd_plain_offset(r);
		rec->own_member = true;
	}
	r->rec_off = rec->offset;
	if ((rc = rd_line(r, &line, &line_eof)))
		goto out;
	if (line.len < 6 || strncmp(line.data, "WARC/", 5) != 0) {
		rd_fail(r, "not a WARC record (no 'WARC/' version line)");
		rc = VN_EPARSE;
		goto out;
	}
	for (;;) {
		if ((rc = rd_line(r, &line, &line_eof)))
			goto out;
		if (line_eof) {
			rd_fail(r, "WARC headers end before the blank line (truncated file)");
			rc = VN_EPARSE;
			goto out;
		}
		if (!line.len)
			break;
		head_total += line.len;
		if (head_total > HEAD_MAX_LEN) {
			rd_fail(r, "WARC headers larger than 1 MiB");
			rc = VN_EPARSE;
			goto out;
		}
		if ((rc = rd_header(rec, line.data, line.len, &have_len))) {
			if (rc == VN_EPARSE)
				rd_fail(r, "malformed WARC header line");
			goto out;
		}
	}
	if (!have_len) {
		rd_fail(r, "record without Content-Length");
		rc = VN_EPARSE;
		goto out;
	}
	if (!rec->type) {
		rd_fail(r, "record without WARC-Type");
		rc = VN_EPARSE;
		goto out;
	}
	if (rec->target_uri && rec->target_uri[0] == '<') {
		size_t l = strlen(rec->target_uri);

		if (l >= 2 && rec->target_uri[l - 1] == '>') {
			memmove(rec->target_uri, rec->target_uri + 1, l - 2);
			rec->target_uri[l - 2] = '\0';
		}
	}
	keep = keep_blocks && (size_t)rec->block_len <= r->block_cap &&
	       (!strcmp(rec->type, "response") || !strcmp(rec->type, "resource") ||
		!strcmp(rec->type, "revisit"));
	vn_buf_init(&rec->block, r->block_cap);
	if ((rc = rd_block(r, rec->block_len, keep ? &rec->block : NULL)))
		goto out;
	rec->block_kept = keep;
	/* The record ends with CRLF CRLF; eat it without starting the next member. */
	for (i = 0; i < 4; i++) {
		unsigned char c;

		if ((rc = rd_fill(r, false, &got)))
			goto out;
		if (!got)
			break;
		c = r->out[r->out_pos];
		if (c != '\r' && c != '\n')
			break;
		rd_consume(r, 1);
	}
	if (r->gz) {
		if ((rc = rd_fill(r, false, &got)))
			goto out;
		if (got || r->member_open) {
			rec->own_member = false;
			rec->length = 0;
		} else {
			rec->length = r->member_end - rec->offset;
		}
	} else {
		rec->length = rd_plain_offset(r) - rec->offset;
	}
out:
	vn_buf_release(&line);
	if (rc)
		crawler_warc_record_release(rec);
	r->err = NULL;
	r->errlen = 0;
	return rc;
}

/* ---- HTTP responses ---- */

void crawler_http_response_init(struct crawler_http_response *h)
{
	memset(h, 0, sizeof *h);
	vn_buf_init(&h->body, 0);
}

void crawler_http_response_release(struct crawler_http_response *h)
{
	free(h->content_type);
	free(h->content_encoding);
	free(h->last_modified);
	free(h->etag);
	vn_buf_release(&h->body);
	crawler_http_response_init(h);
}

/* Removes chunked framing into `out`.  VN_EPARSE when the bytes are not chunked. */
static int http_dechunk(const char *p, size_t len, struct vn_buf *out)
{
	size_t i = 0;
	int rc;

	for (;;) {
		size_t size = 0, digits = 0;

		while (i < len && digits < 16) {
			char c = p[i];
			int v = c >= '0' && c <= '9' ? c - '0' :
				c >= 'a' && c <= 'f' ? c - 'a' + 10 :
				c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;

			if (v < 0)
				break;
			size = size * 16 + (size_t)v;
			digits++;
			i++;
		}
		if (!digits)
			return VN_EPARSE;
		/* chunk extensions and the line end */
		while (i < len && p[i] != '\n')
			i++;
		if (i >= len)
			return VN_EPARSE;
		i++;
		if (size == 0)
			return VN_OK; /* trailers, if any, are not needed */
		if (size > len - i)
			return VN_EPARSE;
		if ((rc = vn_buf_add(out, p + i, size)))
			return rc;
		i += size;
		if (i < len && p[i] == '\r')
			i++;
		if (i < len && p[i] == '\n')
			i++;
		else if (i < len)
			return VN_EPARSE;
	}
}

int crawler_inflate(const char *p, size_t len, int window_bits, struct vn_buf *out)
{
	z_stream zs;
	int rc = VN_OK, zrc = Z_OK;

	memset(&zs, 0, sizeof zs);
	if (inflateInit2(&zs, window_bits) != Z_OK)
		return VN_ENOMEM;
	zs.next_in = (Bytef *)p;
	zs.avail_in = (uInt)len;
	while (zrc != Z_STREAM_END) {
		if ((rc = vn_buf_grow(out, 1 << 16))) {
			if (rc == VN_ETOOBIG && out->len < out->cap)
				rc = vn_buf_grow(out, out->cap - out->len);
			if (rc)
				goto out;
		}
		zs.next_out = (Bytef *)out->data + out->len;
		zs.avail_out = (uInt)(out->alloc - out->len - 1);
		if (!zs.avail_out) {
			rc = VN_ETOOBIG;
			goto out;
		}
		zrc = inflate(&zs, Z_NO_FLUSH);
		out->len = (size_t)((char *)zs.next_out - out->data);
		out->data[out->len] = '\0';
		if (zrc == Z_STREAM_END)
			break;
		if (zrc == Z_BUF_ERROR && !zs.avail_in)
			break; /* a body cut short: keep what inflated */
		if (zrc != Z_OK) {
			rc = VN_ECORRUPT;
			goto out;
		}
	}
out:
	inflateEnd(&zs);
	return rc;
}

static int http_unbrotli(const char *p, size_t len, struct vn_buf *out)
{
	BrotliDecoderState *st = BrotliDecoderCreateInstance(NULL, NULL, NULL);
	const uint8_t *next_in = (const uint8_t *)p;
	size_t avail_in = len;
	BrotliDecoderResult res = BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT;
	int rc = VN_OK;

	if (!st)
		return VN_ENOMEM;
	while (res == BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT) {
		uint8_t *next_out;
		size_t avail_out;

		if ((rc = vn_buf_grow(out, 1 << 16))) {
			if (rc == VN_ETOOBIG && out->len < out->cap)
				rc = vn_buf_grow(out, out->cap - out->len);
			if (rc)
				goto out;
		}
		next_out = (uint8_t *)out->data + out->len;
		avail_out = out->alloc - out->len - 1;
		if (!avail_out) {
			rc = VN_ETOOBIG;
			goto out;
		}
		res = BrotliDecoderDecompressStream(st, &avail_in, &next_in, &avail_out, &next_out,
						    NULL);
		out->len = (size_t)((char *)next_out - out->data);
		out->data[out->len] = '\0';
	}
	if (res == BROTLI_DECODER_RESULT_ERROR)
		rc = VN_ECORRUPT;
out:
	BrotliDecoderDestroyInstance(st);
	return rc;
}

int crawler_http_response_parse(const char *block, size_t len, size_t body_cap,
				struct crawler_http_response *out, char *err, size_t errlen)
{
	size_t i = 0, body_at = 0, digits = 0;
	const char *body;
	size_t body_len;
	char *te = NULL;
	struct vn_buf tmp;
	int rc = VN_OK;

	crawler_http_response_init(out);
	vn_buf_init(&out->body, body_cap);
	vn_buf_init(&tmp, body_cap);
	if (len < 12 || strncmp(block, "HTTP/", 5) != 0) {
		snprintf(err, errlen, "not an HTTP response (no 'HTTP/' status line)");
		rc = VN_EPARSE;
		goto out;
	}
	while (i < len && block[i] != ' ' && block[i] != '\n')
		i++;
	while (i < len && block[i] == ' ')
		i++;
	for (; i < len && digits < 3 && block[i] >= '0' && block[i] <= '9'; i++, digits++)
		out->status = out->status * 10 + (block[i] - '0');
	if (digits != 3) {
		snprintf(err, errlen, "HTTP status line without a 3-digit status code");
		rc = VN_EPARSE;
		goto out;
	}
	/* Header lines until an empty one (CRLF or bare LF line ends). */
	while (i < len && block[i] != '\n')
		i++;
	i++;
	while (i < len) {
		const char *ln = block + i, *nl = memchr(ln, '\n', len - i), *colon;
		size_t ll = nl ? (size_t)(nl - ln) : len - i;

		i += ll + (nl ? 1 : 0);
		if (ll && ln[ll - 1] == '\r')
			ll--;
		if (!ll) {
			body_at = i;
			break;
		}
		if (!(colon = memchr(ln, ':', ll)))
			continue;
#define HDR(name, slot) \
	if ((size_t)(colon - ln) == sizeof name - 1 && !strncasecmp(ln, name, sizeof name - 1)) { \
		if ((rc = rd_set(&(slot), colon + 1, ll - (size_t)(colon + 1 - ln)))) \
			goto out; \
		continue; \
	}
		HDR("Content-Type", out->content_type)
		HDR("Content-Encoding", out->content_encoding)
		HDR("Transfer-Encoding", te)
		HDR("Last-Modified", out->last_modified)
		HDR("ETag", out->etag)
#undef HDR
	}
	if (!body_at)
		body_at = len; /* headers without the blank line: no body */
	body = block + body_at;
	body_len = len - body_at;
	if (te && strcasestr(te, "chunked")) {
		rc = http_dechunk(body, body_len, &tmp);
		if (rc == VN_OK) {
			body = tmp.data;
			body_len = tmp.len;
		} else if (rc == VN_EPARSE) {
			rc = VN_OK; /* already dechunked by the archiver: keep the bytes */
		} else {
			snprintf(err, errlen, "chunked body: %s", vn_strerror(rc));
			goto out;
		}
	}
	if (out->content_encoding && *out->content_encoding &&
	    strcasecmp(out->content_encoding, "identity") != 0) {
		const char *ce = out->content_encoding;

		if (!strcasecmp(ce, "gzip") || !strcasecmp(ce, "x-gzip")) {
			rc = crawler_inflate(body, body_len, 15 + 32, &out->body);
		} else if (!strcasecmp(ce, "deflate")) {
			rc = crawler_inflate(body, body_len, 15 + 32, &out->body);
			if (rc == VN_ECORRUPT) { /* some servers send raw deflate */
				vn_buf_reset(&out->body);
				rc = crawler_inflate(body, body_len, -15, &out->body);
			}
		} else if (!strcasecmp(ce, "br")) {
			rc = http_unbrotli(body, body_len, &out->body);
		} else {
			snprintf(err, errlen, "unsupported Content-Encoding '%.40s'", ce);
			rc = VN_EUNSUPPORTED;
			goto out;
		}
		if (rc) {
			snprintf(err, errlen, "%s body: %s", ce,
				 rc == VN_ECORRUPT ? "broken compressed data" : vn_strerror(rc));
			goto out;
		}
		out->body_decoded = true;
	} else if ((rc = vn_buf_add(&out->body, body, body_len))) {
		snprintf(err, errlen, "body: %s", vn_strerror(rc));
		goto out;
	}
out:
	free(te);
	vn_buf_release(&tmp);
	if (rc)
		crawler_http_response_release(out);
	return rc;
}
