/* warc_fixture.h — the fetches the WARC tests write: a plain page, a chunked one, a
 * gzip-encoded one and a 304, shared by test_warc.c and warc_fixture.c (which writes a file
 * for the independent readers). */
#ifndef WARC_FIXTURE_H
#define WARC_FIXTURE_H

#include <string.h>
#include <zlib.h>

#include "crawler/warc.h"

#define FX_HTML "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Tin tức</title>" \
	"</head><body><h1>Ủy ban nhân dân tỉnh họp về phòng chống dịch</h1>" \
	"<p>Ngày 07/12/2022, UBND tỉnh ban hành Công văn số 4588/UBND-VX.</p></body></html>"

#define FX_N 4

static const char *const fx_urls[FX_N] = {
	"http://127.0.0.1:8080/tin-tuc/plain.html",
	"http://127.0.0.1:8080/tin-tuc/chunked.html",
	"http://127.0.0.1:8080/tin-tuc/gzip.html",
	"http://127.0.0.1:8080/tin-tuc/plain.html",
};

/* gzip of FX_HTML into `out` (cap `cap`); returns its length or 0. */
static inline size_t fx_gzip(char *out, size_t cap)
{
	z_stream zs;
	size_t n = 0;

	memset(&zs, 0, sizeof zs);
	if (deflateInit2(&zs, 9, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		return 0;
	zs.next_in = (Bytef *)FX_HTML;
	zs.avail_in = (uInt)strlen(FX_HTML);
	zs.next_out = (Bytef *)out;
	zs.avail_out = (uInt)cap;
	if (deflate(&zs, Z_FINISH) == Z_STREAM_END)
		n = zs.total_out;
	deflateEnd(&zs);
	return n;
}

/* Fills `f` with fetch `i`; `gzbuf` (4096 bytes) holds the gzip body. */
static inline void fx_fetch(int i, struct crawler_warc_fetch *f, char *gzbuf)
{
	static const char *const req =
		"GET /tin-tuc/%s HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n"
		"User-Agent: vnnews/0.1 (+https://example.org/vnnews)\r\n"
		"Accept-Encoding: gzip, deflate, br\r\n\r\n";
	static const char *const heads[FX_N] = {
		"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
		"ETag: \"abc\"\r\n\r\n",
		"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
		"Transfer-Encoding: chunked\r\n\r\n",
		"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
		"Content-Encoding: gzip\r\nVary: Accept-Encoding\r\n\r\n",
		"HTTP/1.1 304 Not Modified\r\nETag: \"abc\"\r\n\r\n",
	};
	memset(f, 0, sizeof *f);
	f->url = fx_urls[i];
	f->ip = "127.0.0.1";
	f->date = 1700000000 + i;
	f->req_head = req; /* the %s stays literal: the bytes only need to be a request */
	f->req_head_len = strlen(req);
	f->resp_head = heads[i];
	f->resp_head_len = strlen(heads[i]);
	if (i == 2) {
		f->body = gzbuf;
		f->body_len = fx_gzip(gzbuf, 4096);
	} else if (i != 3) {
		f->body = FX_HTML;
		f->body_len = strlen(FX_HTML);
	} else {
		f->refers_to_date = "2023-11-14T22:13:20Z";
	}
}

#endif
