/* warc.c — the WARC/1.1 writer (ISO 28500:2017, and the IIPC WARC 1.1 text).
 *
 * Each record is built whole in memory, gzip-compressed as its own member (zlib, RFC 1952)
 * and appended with one write, so the (offset, length) handed to the corpus addresses one
 * self-contained member.  Digests are SHA-1 (nettle) in base32 (RFC 4648), as Heritrix and
 * wget write them: the block digest covers the whole block, the payload digest the body as
 * it came off the wire once transfer-encoding was removed (content-encoding kept).
 * Files are written under ".open" and renamed when closed, so no reader meets a file that
 * ends in half a record under its final name. */
#include "crawler/warc.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include <nettle/sha1.h>
#include <zlib.h>

#include "vn_config.h"

#define WARC_RECORD_CAP ((size_t)1 << 31) /* one record, uncompressed or compressed */

struct crawler_warc_writer {
	char *dir;
	char *prefix;
	int64_t max_size;
	int fd;                /* -1 when no file is open */
	char *name;            /* final path of the open file */
	char *open_name;       /* name + ".open" */
	int64_t size;          /* bytes written to the open file */
	int serial;            /* files started by this writer */
	int fetches;           /* fetches in the open file */
	char warcinfo_id[64];
	struct vn_buf rec;     /* scratch: one uncompressed record */
	struct vn_buf gz;      /* scratch: the compressed records of one call */
	z_stream zs;           /* one gzip compressor, reset per record (deflateInit costs
				  more than compressing a page: ~270 KB allocated and cleared) */
	bool zs_ready;
};

static const char b32_alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

void crawler_warc_digest(const void *data, size_t len, char *out)
{
	struct sha1_ctx ctx;
	uint8_t d[SHA1_DIGEST_SIZE];
	size_t i, o = 0;

	sha1_init(&ctx);
	sha1_update(&ctx, len, data);
	sha1_digest(&ctx, sizeof d, d);
	memcpy(out, "sha1:", 5);
	o = 5;
	/* 20 bytes = 160 bits = exactly 32 base32 digits: no padding. */
	for (i = 0; i < sizeof d; i += 5) {
		uint64_t v = ((uint64_t)d[i] << 32) | ((uint64_t)d[i + 1] << 24) |
			     ((uint64_t)d[i + 2] << 16) | ((uint64_t)d[i + 3] << 8) | d[i + 4];
		int s;

		for (s = 35; s >= 0; s -= 5)
			out[o++] = b32_alphabet[(v >> s) & 31];
	}
	out[o] = '\0';
}

/* A random (version 4) UUID as "<urn:uuid:…>". */
static int warc_uuid(char *out, size_t outlen)
{
	uint8_t u[16];
	size_t got = 0;

	while (got < sizeof u) {
		ssize_t n = getrandom(u + got, sizeof u - got, 0);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return VN_EIO;
		}
		got += (size_t)n;
	}
	u[6] = (uint8_t)((u[6] & 0x0f) | 0x40);
	u[8] = (uint8_t)((u[8] & 0x3f) | 0x80);
	snprintf(out, outlen,
		 "<urn:uuid:%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x>",
		 u[0], u[1], u[2], u[3], u[4], u[5], u[6], u[7], u[8], u[9], u[10], u[11], u[12],
		 u[13], u[14], u[15]);
	return VN_OK;
}

static void warc_date(int64_t t, char *out, size_t outlen)
{
	time_t tt = (time_t)(t ? t : (int64_t)time(NULL));
	struct tm tm;

	gmtime_r(&tt, &tm);
	strftime(out, outlen, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* Appends `rec` to `gz` as one gzip member, at the fastest level: WARC writing runs in
 * the crawl loop, and HTML compresses almost as well at level 1 as at 6.  deflateReset
 * starts a fresh member (new gzip header) on the writer's one stream. */
static int warc_gzip_append(struct crawler_warc_writer *w, struct vn_buf *gz,
			    const struct vn_buf *rec)
{
	z_stream *zs = &w->zs;
	int rc = VN_OK;

	if (!w->zs_ready) {
		memset(zs, 0, sizeof *zs);
		if (deflateInit2(zs, Z_BEST_SPEED, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) !=
		    Z_OK)
			return VN_ENOMEM;
		w->zs_ready = true;
	} else if (deflateReset(zs) != Z_OK) {
		return VN_ENOMEM;
	}
	zs->next_in = (Bytef *)rec->data;
	zs->avail_in = (uInt)rec->len;
	if ((rc = vn_buf_grow(gz, deflateBound(zs, (uLong)rec->len))))
		return rc;
	zs->next_out = (Bytef *)gz->data + gz->len;
	zs->avail_out = (uInt)(gz->alloc - gz->len - 1);
	if (deflate(zs, Z_FINISH) != Z_STREAM_END)
		return VN_ENOMEM;
	gz->len += zs->total_out;
	gz->data[gz->len] = '\0';
	return VN_OK;
}

/* Builds one record: the WARC header lines in `fields` (each ending CRLF), then
 * Content-Length, the block (`b1` then `b2`) and the closing CRLF CRLF. */
static int warc_record_build(struct vn_buf *rec, const char *type, const char *fields,
			     const char *b1, size_t n1, const char *b2, size_t n2)
{
	int rc;

	vn_buf_reset(rec);
	if ((rc = vn_buf_addf(rec, "WARC/1.1\r\nWARC-Type: %s\r\n%sContent-Length: %zu\r\n\r\n",
			      type, fields, n1 + n2)) ||
	    (rc = vn_buf_add(rec, b1, n1)) || (rc = vn_buf_add(rec, b2, n2)) ||
	    (rc = vn_buf_add(rec, "\r\n\r\n", 4)))
		return rc;
	return VN_OK;
}

/* Writes all of `gz` at the end of the file; on failure cuts the file back. */
static int warc_append(struct crawler_warc_writer *w, const struct vn_buf *gz)
{
	size_t done = 0;

	while (done < gz->len) {
		ssize_t n = write(w->fd, gz->data + done, gz->len - done);

		if (n < 0) {
			int e = errno;

			if (e == EINTR)
				continue;
			if (ftruncate(w->fd, (off_t)w->size) == 0)
				(void)lseek(w->fd, (off_t)w->size, SEEK_SET);
			errno = e;
			return VN_EIO;
		}
		done += (size_t)n;
	}
	w->size += (int64_t)gz->len;
	return VN_OK;
}

static int warc_file_finish(struct crawler_warc_writer *w)
{
	int rc = VN_OK;

	if (w->fd < 0)
		return VN_OK;
	if (fsync(w->fd) != 0 && errno != EINVAL)
		rc = VN_EIO;
	if (close(w->fd) != 0 && !rc)
		rc = VN_EIO;
	w->fd = -1;
	if (!rc && rename(w->open_name, w->name) != 0)
		rc = VN_EIO;
	free(w->name);
	free(w->open_name);
	w->name = w->open_name = NULL;
	return rc;
}

/* Creates the next file and writes its warcinfo record. */
static int warc_file_start(struct crawler_warc_writer *w, int64_t date)
{
	char stamp[32], wdate[32], host[256] = "";
	const char *base;
	struct vn_buf info, fields;
	time_t tt = (time_t)(date ? date : (int64_t)time(NULL));
	struct tm tm;
	int rc = VN_OK;

	vn_buf_init(&info, 1 << 16);
	vn_buf_init(&fields, 1 << 16);
	gmtime_r(&tt, &tm);
	strftime(stamp, sizeof stamp, "%Y%m%d%H%M%S", &tm);
	warc_date(date, wdate, sizeof wdate);
	/* Two runs in the same second (or a file left by a killed run) must not make us
	 * overwrite a finished file when we rename: skip serials whose names are taken. */
	for (int tries = 0;; tries++) {
		struct stat sb;

		w->serial++;
		free(w->name);
		free(w->open_name);
		w->name = w->open_name = NULL;
		if ((rc = vn_buf_addf(&info, "%s/%s-%s-%05d.warc.gz", w->dir, w->prefix, stamp,
				      w->serial)))
			goto out;
		if (!(w->name = vn_buf_detach(&info, NULL))) {
			rc = VN_ENOMEM;
			goto out;
		}
		if ((rc = vn_buf_addf(&info, "%s.open", w->name)))
			goto out;
		if (!(w->open_name = vn_buf_detach(&info, NULL))) {
			rc = VN_ENOMEM;
			goto out;
		}
		if (stat(w->name, &sb) == 0 && tries < 10000)
			continue;
		w->fd = open(w->open_name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
		if (w->fd < 0 && errno == EEXIST && tries < 10000)
			continue;
		if (w->fd < 0) {
			rc = errno == ENOENT ? VN_ENOTFOUND : VN_EIO;
			goto out;
		}
		break;
	}
	w->size = 0;
	w->fetches = 0;
	if ((rc = warc_uuid(w->warcinfo_id, sizeof w->warcinfo_id)))
		goto out;
	(void)gethostname(host, sizeof host - 1);
	if ((rc = vn_buf_addf(&info,
			      "software: vnnews/%s\r\n"
			      "format: WARC File Format 1.1\r\n"
			      "conformsTo: http://iipc.github.io/warc-specifications/"
			      "specifications/warc-format/warc-1.1/\r\n"
			      "hostname: %s\r\n"
			      "description: raw responses of a vnnews crawl of Vietnamese "
			      "government news portals\r\n",
			      VN_VERSION, host)))
		goto out;
	base = strrchr(w->name, '/');
	base = base ? base + 1 : w->name;
	if ((rc = vn_buf_addf(&fields,
			      "WARC-Record-ID: %s\r\nWARC-Date: %s\r\nWARC-Filename: %s\r\n"
			      "Content-Type: application/warc-fields\r\n",
			      w->warcinfo_id, wdate, base)) ||
	    (rc = warc_record_build(&w->rec, "warcinfo", fields.data, info.data, info.len, "", 0)))
		goto out;
	vn_buf_reset(&w->gz);
	if ((rc = warc_gzip_append(w, &w->gz, &w->rec)) || (rc = warc_append(w, &w->gz)))
		goto out;
out:
	vn_buf_release(&info);
	vn_buf_release(&fields);
	return rc;
}

/* Creates dir and its missing parents, as `mkdir -p` does: a nightly job pointed at a new
 * archive folder should not need a separate step. */
static int warc_dir_make(const char *dir)
{
	char *p, *path;
	int rc = VN_OK;

	if (!(path = strdup(dir)))
		return VN_ENOMEM;
	for (p = path + 1; ; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		char c = *p;

		*p = '\0';
		if (mkdir(path, 0755) != 0 && errno != EEXIST) {
			rc = errno == ENOENT ? VN_ENOTFOUND : VN_EIO;
			break;
		}
		*p = c;
		if (c == '\0')
			break;
	}
	free(path);
	if (rc == VN_OK && access(dir, W_OK | X_OK) != 0)
		rc = VN_EIO;
	return rc;
}

int crawler_warc_writer_open(const char *dir, const char *prefix, int64_t max_size,
			     struct crawler_warc_writer **out)
{
	struct crawler_warc_writer *w;
	int rc = VN_OK;

	*out = NULL;
	if (!dir || !*dir || max_size < 0)
		return VN_EINVAL;
	if (!(w = calloc(1, sizeof *w)))
		return VN_ENOMEM;
	w->fd = -1;
	w->max_size = max_size ? max_size : CRAWLER_WARC_MAX_SIZE_DEFAULT;
	if ((rc = warc_dir_make(dir)))
		goto out;
	vn_buf_init(&w->rec, WARC_RECORD_CAP);
	vn_buf_init(&w->gz, WARC_RECORD_CAP);
	/* An absolute directory: the corpus keeps these paths and reprocess may run from
	 * anywhere. */
	w->dir = realpath(dir, NULL);
	if ((!w->dir && !(w->dir = strdup(dir))) ||
	    !(w->prefix = strdup(prefix ? prefix : "vnnews"))) {
		rc = VN_ENOMEM;
		goto out;
	}
	/* "dir/" and "dir" give the same names. */
	while (strlen(w->dir) > 1 && w->dir[strlen(w->dir) - 1] == '/')
		w->dir[strlen(w->dir) - 1] = '\0';
	*out = w;
	w = NULL;
out:
	crawler_warc_writer_free(w);
	return rc;
}

int crawler_warc_writer_close(struct crawler_warc_writer *w)
{
	int rc;

	if (!w)
		return VN_OK;
	rc = warc_file_finish(w);
	free(w->dir);
	free(w->prefix);
	vn_buf_release(&w->rec);
	vn_buf_release(&w->gz);
	if (w->zs_ready)
		deflateEnd(&w->zs);
	free(w);
	return rc;
}

void crawler_warc_writer_free(struct crawler_warc_writer *w)
{
	int rc = crawler_warc_writer_close(w);

	(void)rc;
}

void crawler_warc_loc_release(struct crawler_warc_loc *loc)
{
	free(loc->file);
	loc->file = NULL;
	loc->offset = loc->length = 0;
}

/* The status code of a response head ("HTTP/1.1 304 Not Modified"), or -1. */
static int warc_status(const char *head, size_t len)
{
	size_t i = 0;
	int code = 0, digits = 0;

	while (i < len && head[i] != ' ' && head[i] != '\r' && head[i] != '\n')
		i++;
	while (i < len && head[i] == ' ')
		i++;
	while (i < len && digits < 3 && head[i] >= '0' && head[i] <= '9') {
		code = code * 10 + (head[i] - '0');
		digits++;
		i++;
	}
	return digits == 3 ? code : -1;
}

/* Copies the response head, renaming a Transfer-Encoding header (see warc.h). */
static int warc_head_copy(struct vn_buf *out, const char *head, size_t len)
{
	static const char te[] = "transfer-encoding:";
	size_t i = 0;
	int rc = VN_OK;

	while (i < len && !rc) {
		const char *nl = memchr(head + i, '\n', len - i);
		size_t end = nl ? (size_t)(nl - head) + 1 : len;

		if (end - i >= sizeof te - 1 && strncasecmp(head + i, te, sizeof te - 1) == 0)
			rc = vn_buf_adds(out, "X-Vnnews-Orig-");
		if (!rc)
			rc = vn_buf_add(out, head + i, end - i);
		i = end;
	}
	return rc;
}

int crawler_warc_write_fetch(struct crawler_warc_writer *w, const struct crawler_warc_fetch *f,
			     struct crawler_warc_loc *loc)
{
	char req_id[64], resp_id[64], wdate[32], bdig[CRAWLER_WARC_DIGEST_LEN + 1];
	char pdig[CRAWLER_WARC_DIGEST_LEN + 1];
	struct vn_buf head, fields, block;
	size_t resp_off;
	int status, rc = VN_OK;
	bool revisit;

	vn_buf_init(&head, 1 << 20);
	vn_buf_init(&fields, 1 << 20);
	vn_buf_init(&block, WARC_RECORD_CAP);
	if (loc) {
		loc->file = NULL;
		loc->offset = loc->length = 0;
	}
	if (!f->url || !*f->url || !f->resp_head || !f->resp_head_len ||
	    (f->body_len && !f->body) || (f->req_head_len && !f->req_head)) {
		rc = VN_EINVAL;
		goto out;
	}
	status = warc_status(f->resp_head, f->resp_head_len);
	revisit = status == 304;
	/* Rotate before a fetch that would pass the limit, never leaving a file without one. */
	if (w->fd >= 0 && w->fetches > 0 &&
	    w->size + (int64_t)(f->resp_head_len + f->body_len + f->req_head_len) / 2 >
		    w->max_size) {
		if ((rc = warc_file_finish(w)))
			goto out;
	}
	if (w->fd < 0 && (rc = warc_file_start(w, f->date)))
		goto out;
	if ((rc = warc_uuid(req_id, sizeof req_id)) || (rc = warc_uuid(resp_id, sizeof resp_id)))
		goto out;
	warc_date(f->date, wdate, sizeof wdate);
	vn_buf_reset(&w->gz);

	if (f->req_head_len) {
		crawler_warc_digest(f->req_head, f->req_head_len, bdig);
		if ((rc = vn_buf_addf(&fields,
				      "WARC-Record-ID: %s\r\nWARC-Date: %s\r\nWARC-Target-URI: %s\r\n"
				      "WARC-Warcinfo-ID: %s\r\nWARC-Concurrent-To: %s\r\n"
				      "WARC-Block-Digest: %s\r\n"
				      "Content-Type: application/http;msgtype=request\r\n",
				      req_id, wdate, f->url, w->warcinfo_id, resp_id, bdig)) ||
		    (rc = warc_record_build(&w->rec, "request", fields.data, f->req_head,
					    f->req_head_len, "", 0)) ||
		    (rc = warc_gzip_append(w, &w->gz, &w->rec)))
			goto out;
	}

	if ((rc = warc_head_copy(&head, f->resp_head, f->resp_head_len)) ||
	    (rc = vn_buf_add(&block, head.data, head.len)) ||
	    (rc = vn_buf_add(&block, f->body ? f->body : "", f->body_len)))
		goto out;
	crawler_warc_digest(block.data, block.len, bdig);
	crawler_warc_digest(f->body ? f->body : "", f->body_len, pdig);
	vn_buf_reset(&fields);
	if ((rc = vn_buf_addf(&fields, "WARC-Record-ID: %s\r\nWARC-Date: %s\r\nWARC-Target-URI: %s\r\n"
				       "WARC-Warcinfo-ID: %s\r\n",
			      resp_id, wdate, f->url, w->warcinfo_id)))
		goto out;
	if (f->ip && *f->ip && (rc = vn_buf_addf(&fields, "WARC-IP-Address: %s\r\n", f->ip)))
		goto out;
	if (f->req_head_len && (rc = vn_buf_addf(&fields, "WARC-Concurrent-To: %s\r\n", req_id)))
		goto out;
	if (revisit) {
		/* A 304 carries no payload: the server-not-modified profile, block = headers. */
		if ((rc = vn_buf_addf(&fields,
				      "WARC-Profile: http://netpreserve.org/warc/1.1/revisit/"
				      "server-not-modified\r\nWARC-Refers-To-Target-URI: %s\r\n",
				      f->url)))
			goto out;
		if (f->refers_to_date &&
		    (rc = vn_buf_addf(&fields, "WARC-Refers-To-Date: %s\r\n", f->refers_to_date)))
			goto out;
		if ((rc = vn_buf_addf(&fields, "WARC-Block-Digest: %s\r\n", bdig)))
			goto out;
	} else if ((rc = vn_buf_addf(&fields, "WARC-Block-Digest: %s\r\nWARC-Payload-Digest: %s\r\n",
				     bdig, pdig))) {
		goto out;
	}
	if ((rc = vn_buf_adds(&fields, "Content-Type: application/http;msgtype=response\r\n")) ||
	    (rc = warc_record_build(&w->rec, revisit ? "revisit" : "response", fields.data,
				    block.data, block.len, "", 0)))
		goto out;
	resp_off = w->gz.len;
	if ((rc = warc_gzip_append(w, &w->gz, &w->rec)))
		goto out;
	if (loc) {
		if (!(loc->file = strdup(w->name))) {
			rc = VN_ENOMEM;
			goto out;
		}
		loc->offset = w->size + (int64_t)resp_off;
		loc->length = (int64_t)(w->gz.len - resp_off);
	}
	if ((rc = warc_append(w, &w->gz)))
		goto out;
	w->fetches++;
out:
	if (rc && loc)
		crawler_warc_loc_release(loc);
	vn_buf_release(&head);
	vn_buf_release(&fields);
	vn_buf_release(&block);
	/* Keep the scratch buffers from pinning one huge record's memory. */
	if (w->rec.alloc > (1u << 22))
		vn_buf_release(&w->rec);
	if (w->gz.alloc > (1u << 22))
		vn_buf_release(&w->gz);
	return rc;
}
