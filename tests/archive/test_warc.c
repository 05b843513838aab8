/* test_warc.c — the WARC writer and reader: every digest recomputed, record pointers that
 * read back alone, HTTP decoding (chunked, gzip, 304), rotation, the ".open" rename, and
 * clear errors on truncated or broken files. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <brotli/encode.h>

#include "harness.h"
#include "warc_fixture.h"

static char tmpdir[256];

static void make_tmpdir(void)
{
	const char *t = getenv("TMPDIR");

	snprintf(tmpdir, sizeof tmpdir, "%s/vnnews-warc-XXXXXX", t ? t : "/tmp");
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		exit(1);
	}
}

static void rm_tree(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char p[512];

	if (!d)
		return;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
		unlink(p);
	}
	closedir(d);
	rmdir(dir);
}

static int count_files(const char *dir, const char *suffix)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	if (!d)
		return -1;
	while ((e = readdir(d))) {
		size_t l = strlen(e->d_name), s = strlen(suffix);

		if (l > s && !strcmp(e->d_name + l - s, suffix))
			n++;
	}
	closedir(d);
	return n;
}

/* Writes the four fixture fetches; returns the locations. */
static int write_fixture(const char *dir, int64_t max_size, struct crawler_warc_loc *locs)
{
	struct crawler_warc_writer *w = NULL;
	char gz[4096];
	int i, rc;

	if ((rc = crawler_warc_writer_open(dir, "t", max_size, &w)))
		return rc;
	for (i = 0; i < FX_N; i++) {
		struct crawler_warc_fetch f;

		fx_fetch(i, &f, gz);
		if ((rc = crawler_warc_write_fetch(w, &f, &locs[i])))
			break;
		if (i == 0) {
			/* Before close the file exists only as ".open". */
			CHECK_INT(count_files(dir, ".warc.gz.open"), 1);
			CHECK_INT(count_files(dir, ".warc.gz"), 0);
		}
	}
	if (rc)
		crawler_warc_writer_free(w);
	else
		rc = crawler_warc_writer_close(w);
	return rc;
}

static void test_digest_known_value(void)
{
	char d[CRAWLER_WARC_DIGEST_LEN + 1];

	/* SHA-1("") = da39a3ee…, base32 as in every WARC with an empty payload. */
	crawler_warc_digest("", 0, d);
	CHECK_STR(d, "sha1:3I42H3S6NNFQ2MSVX7XZKYAYSCX5QBYJ");
	crawler_warc_digest("abc", 3, d);
	CHECK_STR(d, "sha1:VGMT4NSHA2AWVOR6EVYXQUGCNSONBWE5");
}

static void test_records_digests_and_pointers(void)
{
	struct crawler_warc_loc locs[FX_N] = { { 0 } };
	struct crawler_warc_reader *r = NULL;
	struct crawler_warc_record rec;
	static const char *const want_types[] = { "warcinfo", "request", "response", "request",
		"response", "request", "response", "request", "revisit" };
	char err[512] = "", d[CRAWLER_WARC_DIGEST_LEN + 1];
	int i, n = 0, resp = 0;
	bool eof = false;

	make_tmpdir();
	crawler_warc_record_init(&rec);
	CHECK_INT(write_fixture(tmpdir, 0, locs), VN_OK);
	CHECK_INT(count_files(tmpdir, ".warc.gz"), 1);
	CHECK_INT(count_files(tmpdir, ".open"), 0);
	CHECK(locs[0].file && strstr(locs[0].file, tmpdir) == locs[0].file);
	if (!locs[0].file || crawler_warc_reader_open(locs[0].file, 0, &r, err, sizeof err)) {
		CHECK(!"open");
		goto out;
	}
	while (!crawler_warc_reader_next(r, true, &rec, &eof, err, sizeof err) && !eof) {
		CHECK(n < 9);
		if (n >= 9)
			break;
		CHECK_STR(rec.type, want_types[n]);
		CHECK(rec.own_member);
		CHECK(rec.record_id && !strncmp(rec.record_id, "<urn:uuid:", 10));
		CHECK(rec.date && strlen(rec.date) == 20 && rec.date[19] == 'Z');
		if (!strcmp(rec.type, "response") || !strcmp(rec.type, "revisit")) {
			const char *sep = strstr(rec.block.data, "\r\n\r\n");

			CHECK(rec.block_kept);
			CHECK_STR(rec.target_uri, fx_urls[resp]);
			CHECK_STR(rec.ip, "127.0.0.1");
			crawler_warc_digest(rec.block.data, rec.block.len, d);
			CHECK_STR(rec.block_digest, d);
			CHECK(sep != NULL);
			if (sep && strcmp(rec.type, "response") == 0) {
				sep += 4;
				crawler_warc_digest(sep, rec.block.len - (size_t)(sep - rec.block.data), d);
				CHECK_STR(rec.payload_digest, d);
			}
			/* The pointer handed to the corpus is this very record. */
			CHECK_INT(rec.offset, locs[resp].offset);
			CHECK_INT(rec.length, locs[resp].length);
			resp++;
		}
		n++;
	}
	CHECK(eof);
	CHECK_STR(err, "");
	CHECK_INT(n, 9);
	CHECK_INT(resp, FX_N);
out:
	crawler_warc_record_release(&rec);
	crawler_warc_reader_free(r);
	for (i = 0; i < FX_N; i++)
		crawler_warc_loc_release(&locs[i]);
	rm_tree(tmpdir);
}

static void test_pointer_reads_back_and_decodes(void)
{
	struct crawler_warc_loc locs[FX_N] = { { 0 } };
	struct crawler_warc_reader *r = NULL;
	struct crawler_warc_record rec;
	struct crawler_http_response h;
	char err[512] = "";
	int i;
	bool eof;

	make_tmpdir();
	crawler_warc_record_init(&rec);
	crawler_http_response_init(&h);
	CHECK_INT(write_fixture(tmpdir, 0, locs), VN_OK);
	if (crawler_warc_reader_open(locs[0].file, 0, &r, err, sizeof err)) {
		CHECK(!"open");
		goto out;
	}
	/* Backwards, so every read is a real seek. */
	for (i = FX_N - 1; i >= 0; i--) {
		CHECK_INT(crawler_warc_reader_seek(r, locs[i].offset), VN_OK);
		CHECK_INT(crawler_warc_reader_next(r, true, &rec, &eof, err, sizeof err), VN_OK);
		CHECK(!eof);
		CHECK_STR(rec.target_uri, fx_urls[i]);
		CHECK_INT(rec.length, locs[i].length);
		crawler_http_response_release(&h);
		CHECK_INT(crawler_http_response_parse(rec.block.data, rec.block.len, 1 << 20, &h,
						      err, sizeof err), VN_OK);
		if (i == 3) {
			CHECK_INT(h.status, 304);
			CHECK_INT(h.body.len, 0);
			CHECK_STR(h.etag, "\"abc\"");
		} else {
			CHECK_INT(h.status, 200);
			CHECK_STR(h.body.data, FX_HTML);
			CHECK_STR(h.content_type, "text/html; charset=utf-8");
			CHECK(h.body_decoded == (i == 2));
		}
		if (i == 1) /* the stored body is dechunked: the header must not claim otherwise */
			CHECK_CONTAINS(rec.block.data, "X-Vnnews-Orig-Transfer-Encoding: chunked");
	}
out:
	crawler_http_response_release(&h);
	crawler_warc_record_release(&rec);
	crawler_warc_reader_free(r);
	for (i = 0; i < FX_N; i++)
		crawler_warc_loc_release(&locs[i]);
	rm_tree(tmpdir);
}

static void test_rotation_keeps_one_fetch_per_file_minimum(void)
{
	struct crawler_warc_loc locs[FX_N] = { { 0 } };
	int i;

	make_tmpdir();
	/* A limit smaller than any record: every fetch starts a new file, none is empty. */
	CHECK_INT(write_fixture(tmpdir, 100, locs), VN_OK);
	CHECK_INT(count_files(tmpdir, ".warc.gz"), FX_N);
	CHECK_INT(count_files(tmpdir, ".open"), 0);
	for (i = 1; i < FX_N; i++)
		CHECK(locs[i].file && locs[i - 1].file && strcmp(locs[i].file, locs[i - 1].file));
	for (i = 0; i < FX_N; i++)
		crawler_warc_loc_release(&locs[i]);
	rm_tree(tmpdir);
}

static void test_http_chunked_wire_bytes_and_deflate(void)
{
	static const char wire[] = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n"
				   "Content-Type: text/html\r\n\r\n"
				   "5;ext=1\r\nHello\r\n7\r\n, world\r\n0\r\n\r\n";
	static const char raw_deflate_hdr[] = "HTTP/1.0 200 OK\nContent-Encoding: deflate\n\n";
	struct crawler_http_response h;
	char err[256] = "", block[4096], comp[1024];
	z_stream zs;
	size_t n;

	CHECK_INT(crawler_http_response_parse(wire, sizeof wire - 1, 1 << 20, &h, err, sizeof err),
		  VN_OK);
	CHECK_STR(h.body.data, "Hello, world");
	crawler_http_response_release(&h);

	/* Raw deflate (no zlib wrapper), bare LF line ends, as some old servers send. */
	memset(&zs, 0, sizeof zs);
	CHECK(deflateInit2(&zs, 6, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) == Z_OK);
	zs.next_in = (Bytef *)FX_HTML;
	zs.avail_in = (uInt)strlen(FX_HTML);
	zs.next_out = (Bytef *)comp;
	zs.avail_out = sizeof comp;
	CHECK(deflate(&zs, Z_FINISH) == Z_STREAM_END);
	n = zs.total_out;
	deflateEnd(&zs);
	memcpy(block, raw_deflate_hdr, sizeof raw_deflate_hdr - 1);
	memcpy(block + sizeof raw_deflate_hdr - 1, comp, n);
	CHECK_INT(crawler_http_response_parse(block, sizeof raw_deflate_hdr - 1 + n, 1 << 20, &h,
					      err, sizeof err), VN_OK);
	CHECK_STR(h.body.data, FX_HTML);
	crawler_http_response_release(&h);

	/* The cap holds for decoded bodies too. */
	CHECK_INT(crawler_http_response_parse(block, sizeof raw_deflate_hdr - 1 + n, 20, &h, err,
					      sizeof err), VN_ETOOBIG);
	CHECK_INT(crawler_http_response_parse("<html>", 6, 100, &h, err, sizeof err), VN_EPARSE);
	CHECK_CONTAINS(err, "not an HTTP response");
}

static void test_http_brotli_content_encoding(void)
{
	static const char head[] = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
				   "Content-Encoding: br\r\n\r\n";
	struct crawler_http_response h;
	char err[256] = "", block[4096];
	uint8_t comp[2048];
	size_t n = sizeof comp;

	CHECK(BrotliEncoderCompress(5, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_TEXT, strlen(FX_HTML),
				    (const uint8_t *)FX_HTML, &n, comp) == BROTLI_TRUE);
	memcpy(block, head, sizeof head - 1);
	memcpy(block + sizeof head - 1, comp, n);
	CHECK_INT(crawler_http_response_parse(block, sizeof head - 1 + n, 1 << 20, &h, err,
					      sizeof err), VN_OK);
	CHECK_STR(h.body.data, FX_HTML);
	CHECK(h.body_decoded);
	crawler_http_response_release(&h);
	/* Broken brotli data is an error that says so, not garbage for the parser. */
	memcpy(block + sizeof head - 1, "this is not brotli at all", 25);
	CHECK_INT(crawler_http_response_parse(block, sizeof head - 1 + 25, 1 << 20, &h, err,
					      sizeof err), VN_ECORRUPT);
	CHECK_CONTAINS(err, "br body: broken compressed data");
	/* An encoding nobody decodes is named. */
	memcpy(block, "HTTP/1.1 200 OK\r\nContent-Encoding: zstd\r\n\r\nxx", 45);
	CHECK_INT(crawler_http_response_parse(block, 45, 1 << 20, &h, err, sizeof err),
		  VN_EUNSUPPORTED);
	CHECK_CONTAINS(err, "unsupported Content-Encoding 'zstd'");
}

static void test_truncated_and_broken_files_say_where(void)
{
	struct crawler_warc_loc locs[FX_N] = { { 0 } };
	struct crawler_warc_reader *r = NULL;
	struct crawler_warc_record rec;
	char err[512] = "", path[600];
	struct stat st;
	FILE *f;
	int i, rc = VN_OK, n = 0;
	bool eof = false;

	make_tmpdir();
	crawler_warc_record_init(&rec);
	CHECK_INT(write_fixture(tmpdir, 0, locs), VN_OK);
	/* Cut the file in the middle of the last record. */
	CHECK(stat(locs[0].file, &st) == 0);
	CHECK(truncate(locs[0].file, st.st_size - 30) == 0);
	CHECK_INT(crawler_warc_reader_open(locs[0].file, 0, &r, err, sizeof err), VN_OK);
	while (r && !(rc = crawler_warc_reader_next(r, false, &rec, &eof, err, sizeof err)) && !eof)
		n++;
	CHECK_INT(n, 8);
	CHECK_INT(rc, VN_ECORRUPT);
	CHECK_CONTAINS(err, locs[0].file);
	CHECK_CONTAINS(err, "truncated");
	crawler_warc_reader_free(r);
	r = NULL;

	/* A plain text file is not a WARC. */
	snprintf(path, sizeof path, "%s/not.warc", tmpdir);
	f = fopen(path, "w");
	CHECK(f != NULL);
	if (f) {
		fputs("hello\r\n\r\n", f);
		fclose(f);
	}
	CHECK_INT(crawler_warc_reader_open(path, 0, &r, err, sizeof err), VN_OK);
	if (r)
		CHECK_INT(crawler_warc_reader_next(r, false, &rec, &eof, err, sizeof err), VN_EPARSE);
	CHECK_CONTAINS(err, "not.warc: offset 0: not a WARC record");
	crawler_warc_reader_free(r);
	r = NULL;

	snprintf(path, sizeof path, "%s/missing.warc.gz", tmpdir);
	CHECK_INT(crawler_warc_reader_open(path, 0, &r, err, sizeof err), VN_ENOTFOUND);
	CHECK_CONTAINS(err, "missing.warc.gz");
	crawler_warc_record_release(&rec);
	for (i = 0; i < FX_N; i++)
		crawler_warc_loc_release(&locs[i]);
	rm_tree(tmpdir);
}

static void test_plain_warc_and_whole_file_gzip(void)
{
	/* Other tools write plain WARC, or gzip the whole file as one member: both read, but
	 * only the plain records are addressable alone. */
	static const char plain[] =
		"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: <http://a.vn/x>\r\n"
		"Content-Length: 29\r\n\r\nHTTP/1.1 200 OK\r\n\r\n0123456789\r\n\r\n"
		"WARC/1.0\r\nWARC-Type: metadata\r\nContent-Length: 3\r\n\r\nabc\r\n\r\n";
	struct crawler_warc_reader *r = NULL;
	struct crawler_warc_record rec;
	char err[512] = "", path[600];
	gzFile gzf;
	FILE *f;
	bool eof = false;

	make_tmpdir();
	crawler_warc_record_init(&rec);
	snprintf(path, sizeof path, "%s/p.warc", tmpdir);
	if ((f = fopen(path, "wb"))) {
		fwrite(plain, 1, sizeof plain - 1, f);
		fclose(f);
	}
	CHECK_INT(crawler_warc_reader_open(path, 0, &r, err, sizeof err), VN_OK);
	CHECK_INT(crawler_warc_reader_next(r, true, &rec, &eof, err, sizeof err), VN_OK);
	CHECK_STR(rec.target_uri, "http://a.vn/x");
	CHECK_INT(rec.offset, 0);
	CHECK_INT(rec.length, 120);
	CHECK(rec.own_member);
	CHECK_STR(rec.block.data, "HTTP/1.1 200 OK\r\n\r\n0123456789");
	CHECK_INT(crawler_warc_reader_next(r, true, &rec, &eof, err, sizeof err), VN_OK);
	CHECK_STR(rec.type, "metadata");
	CHECK_INT(rec.offset, 120);
	CHECK(!rec.block_kept);
	CHECK_INT(crawler_warc_reader_next(r, true, &rec, &eof, err, sizeof err), VN_OK);
	CHECK(eof);
	crawler_warc_reader_free(r);
	r = NULL;

	snprintf(path, sizeof path, "%s/whole.warc.gz", tmpdir);
	if ((gzf = gzopen(path, "wb"))) {
		gzwrite(gzf, plain, sizeof plain - 1);
		gzclose(gzf);
	}
	CHECK_INT(crawler_warc_reader_open(path, 0, &r, err, sizeof err), VN_OK);
	CHECK_INT(crawler_warc_reader_next(r, true, &rec, &eof, err, sizeof err), VN_OK);
	CHECK_STR(rec.block.data, "HTTP/1.1 200 OK\r\n\r\n0123456789");
	CHECK(!rec.own_member);
	CHECK_INT(crawler_warc_reader_next(r, true, &rec, &eof, err, sizeof err), VN_OK);
	CHECK_STR(rec.type, "metadata");
	CHECK_INT(crawler_warc_reader_next(r, true, &rec, &eof, err, sizeof err), VN_OK);
	CHECK(eof);
	crawler_warc_reader_free(r);
	crawler_warc_record_release(&rec);
	rm_tree(tmpdir);
}

int main(void)
{
	TEST_RUN(test_digest_known_value);
	TEST_RUN(test_records_digests_and_pointers);
	TEST_RUN(test_pointer_reads_back_and_decodes);
	TEST_RUN(test_rotation_keeps_one_fetch_per_file_minimum);
	TEST_RUN(test_http_chunked_wire_bytes_and_deflate);
	TEST_RUN(test_http_brotli_content_encoding);
	TEST_RUN(test_truncated_and_broken_files_say_where);
	TEST_RUN(test_plain_warc_and_whole_file_gzip);
	return test_done();
}
