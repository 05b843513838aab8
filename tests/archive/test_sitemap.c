/* test_sitemap.c — sitemaps and feeds as portals serve them: urlset with lastmod, index of
 * indexes (with a loop and a broken child), gzip, RSS 2.0 / 1.0, Atom, BOM, junk before
 * <?xml, a wrong declared encoding, invalid XML, DOCTYPE entities, a 50 000-URL sitemap. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <zlib.h>

#include "crawler/sitemap.h"
#include "harness.h"

struct got {
	int n;
	int sitemaps;
	char urls[8][256];
	char dates[8][64];
	char titles[8][128];
};

static int collect(void *ctx, const struct crawler_feed_entry *e)
{
	struct got *g = ctx;

	if (g->n < 8) {
		snprintf(g->urls[g->n], sizeof g->urls[0], "%s", e->url);
		snprintf(g->dates[g->n], sizeof g->dates[0], "%s", e->date ? e->date : "(none)");
		snprintf(g->titles[g->n], sizeof g->titles[0], "%s", e->title ? e->title : "(none)");
	}
	if (e->is_sitemap)
		g->sitemaps++;
	g->n++;
	return 0;
}

static int parse(const char *xml, size_t len, const char *base, struct got *g,
		 enum crawler_feed_kind *kind, char *err, size_t errlen)
{
	memset(g, 0, sizeof *g);
	err[0] = '\0';
	return crawler_feed_parse(xml, len, base, collect, g, kind, NULL, err, errlen);
}

static void test_urlset_lastmod_and_nested_image_loc(void)
{
	static const char xml[] =
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\""
		" xmlns:image=\"http://www.google.com/schemas/sitemap-image/1.1\">\n"
		"<url><loc> https://Vidu.gov.vn/tin-tuc/a.html?utm_source=x </loc>"
		"<lastmod>2025-07-01T08:30:00+07:00</lastmod>"
		"<image:image><image:loc>https://vidu.gov.vn/anh.jpg</image:loc></image:image></url>\n"
		"<url><loc>/tin-tuc/b.html</loc><lastmod>2025-06-30</lastmod></url>\n"
		"<url><loc>ftp://vidu.gov.vn/c</loc></url>\n"
		"<url><loc>https://vidu.gov.vn/tin-tuc/d.html</loc></url>\n"
		"</urlset>\n";
	struct got g;
	enum crawler_feed_kind k;
	char err[256];

	CHECK_INT(parse(xml, sizeof xml - 1, "https://vidu.gov.vn/sitemap.xml", &g, &k, err,
			sizeof err), VN_OK);
	CHECK_INT(k, CRAWLER_FEED_URLSET);
	CHECK_INT(g.n, 3); /* the ftp:// entry is skipped */
	CHECK_STR(g.urls[0], "https://vidu.gov.vn/tin-tuc/a.html");
	CHECK_STR(g.dates[0], "2025-07-01T08:30:00+07:00");
	CHECK_STR(g.urls[1], "https://vidu.gov.vn/tin-tuc/b.html");
	CHECK_STR(g.dates[1], "2025-06-30");
	CHECK_STR(g.urls[2], "https://vidu.gov.vn/tin-tuc/d.html");
	CHECK_STR(g.dates[2], "(none)");
	CHECK_INT(g.sitemaps, 0);
}

static void test_rss_pubdate_cdata_guid_and_atom(void)
{
	static const char rss[] =
		"<?xml version=\"1.0\"?><rss version=\"2.0\"><channel>"
		"<title>Cổng TTĐT</title><link>https://vidu.gov.vn/</link>"
		"<item><title><![CDATA[UBND tỉnh họp về phòng, chống dịch]]></title>"
		"<link><![CDATA[https://vidu.gov.vn/tin-tuc/hop.html]]></link>"
		"<pubDate>Mon, 30 Jun 2025 14:05:00 +0700</pubDate></item>"
		"<item><title>Không có link</title>"
		"<guid isPermaLink=\"true\">https://vidu.gov.vn/tin-tuc/guid.html</guid>"
		"<pubDate>Tue, 01 Jul 2025 01:02:03 GMT</pubDate></item>"
		"<item><title>guid không phải link</title><guid isPermaLink=\"false\">123</guid></item>"
		"</channel></rss>";
	static const char atom[] =
		"<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>x</title>"
		"<link rel=\"self\" href=\"https://vidu.gov.vn/atom.xml\"/>"
		"<entry><title>Tin một</title><link rel=\"edit\" href=\"/edit/1\"/>"
		"<link rel=\"alternate\" type=\"text/html\" href=\"/tin-tuc/1.html\"/>"
		"<updated>2025-07-02T10:00:00Z</updated><published>2025-07-01T09:00:00Z</published>"
		"</entry><entry><title>Tin hai</title><link href=\"https://vidu.gov.vn/tin-tuc/2.html\"/>"
		"<updated>2025-07-03T10:00:00Z</updated></entry></feed>";
	static const char rdf[] =
		"<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\""
		" xmlns=\"http://purl.org/rss/1.0/\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">"
		"<item rdf:about=\"https://vidu.gov.vn/tin-tuc/rdf.html\"><title>RDF</title>"
		"<dc:date>2025-07-04</dc:date></item></rdf:RDF>";
	struct got g;
	enum crawler_feed_kind k;
	char err[256];

	CHECK_INT(parse(rss, sizeof rss - 1, "https://vidu.gov.vn/rss", &g, &k, err, sizeof err),
		  VN_OK);
	CHECK_INT(k, CRAWLER_FEED_RSS);
	CHECK_INT(g.n, 2);
	CHECK_STR(g.urls[0], "https://vidu.gov.vn/tin-tuc/hop.html");
	CHECK_STR(g.titles[0], "UBND tỉnh họp về phòng, chống dịch");
	CHECK_STR(g.dates[0], "2025-06-30T14:05:00+07:00");
	CHECK_STR(g.urls[1], "https://vidu.gov.vn/tin-tuc/guid.html");
	CHECK_STR(g.dates[1], "2025-07-01T01:02:03+00:00");

	CHECK_INT(parse(atom, sizeof atom - 1, "https://vidu.gov.vn/atom.xml", &g, &k, err,
			sizeof err), VN_OK);
	CHECK_INT(k, CRAWLER_FEED_ATOM);
	CHECK_INT(g.n, 2);
	CHECK_STR(g.urls[0], "https://vidu.gov.vn/tin-tuc/1.html");
	CHECK_STR(g.dates[0], "2025-07-01T09:00:00Z");
	CHECK_STR(g.urls[1], "https://vidu.gov.vn/tin-tuc/2.html");
	CHECK_STR(g.dates[1], "2025-07-03T10:00:00Z");

	CHECK_INT(parse(rdf, sizeof rdf - 1, NULL, &g, &k, err, sizeof err), VN_OK);
	CHECK_INT(k, CRAWLER_FEED_RSS);
	CHECK_INT(g.n, 1);
	CHECK_STR(g.urls[0], "https://vidu.gov.vn/tin-tuc/rdf.html");
	CHECK_STR(g.dates[0], "2025-07-04");
}

static void test_bom_junk_and_wrong_encoding(void)
{
	/* A BOM, a PHP notice before <?xml, and a declaration that lies about the encoding. */
	static const char xml[] =
		"\xEF\xBB\xBF<br />\n<b>Notice</b>: Undefined index: id in /var/www/rss.php"
		" on line 12<br />\n"
		"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>"
		"<rss version=\"2.0\"><channel><item><title>Tin tức Sở Y tế</title>"
		"<link>https://syt.vidu.gov.vn/a.html</link>"
		"<pubDate>01/07/2025 08:15</pubDate></item></channel></rss>";
	/* windows-1258 bytes (not UTF-8) under a UTF-8 declaration: "Tin t\xF4i" is "Tin tôi". */
	static const char legacy[] =
		"<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel><item>"
		"<title>Tin t\xF4i</title><link>https://vidu.gov.vn/b.html</link></item>"
		"</channel></rss>";
	struct got g;
	char err[256];

	CHECK_INT(parse(xml, sizeof xml - 1, "https://syt.vidu.gov.vn/rss", &g, NULL, err,
			sizeof err), VN_OK);
	CHECK_STR(err, "");
	CHECK_INT(g.n, 1);
	CHECK_STR(g.titles[0], "Tin tức Sở Y tế");
	CHECK_STR(g.urls[0], "https://syt.vidu.gov.vn/a.html");
	CHECK_STR(g.dates[0], "2025-07-01T08:15:00");

	CHECK_INT(parse(legacy, sizeof legacy - 1, NULL, &g, NULL, err, sizeof err), VN_OK);
	CHECK_INT(g.n, 1);
	CHECK_STR(g.titles[0], "Tin tôi");
}

static size_t gzip_into(const char *in, size_t n, char **out)
{
	uLongf cap = compressBound((uLong)n) + 64;
	z_stream zs;
	size_t len = 0;

	*out = malloc(cap);
	memset(&zs, 0, sizeof zs);
	if (!*out || deflateInit2(&zs, 6, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		return 0;
	zs.next_in = (Bytef *)in;
	zs.avail_in = (uInt)n;
	zs.next_out = (Bytef *)*out;
	zs.avail_out = (uInt)cap;
	if (deflate(&zs, Z_FINISH) == Z_STREAM_END)
		len = zs.total_out;
	deflateEnd(&zs);
	return len;
}

static void test_gzip_sitemap(void)
{
	static const char xml[] =
		"<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"
		"<url><loc>https://vidu.gov.vn/z.html</loc><lastmod>2025-01-02</lastmod></url>"
		"</urlset>";
	struct got g;
	char err[256], *gz = NULL;
	size_t n = gzip_into(xml, sizeof xml - 1, &gz);

	CHECK(n > 0);
	CHECK_INT(parse(gz, n, NULL, &g, NULL, err, sizeof err), VN_OK);
	CHECK_INT(g.n, 1);
	CHECK_STR(g.urls[0], "https://vidu.gov.vn/z.html");
	/* A cut gzip file: what inflated is parsed, and the XML error says where. */
	CHECK_INT(parse(gz, n / 2, "https://vidu.gov.vn/s.xml.gz", &g, NULL, err, sizeof err),
		  VN_EPARSE);
	CHECK_CONTAINS(err, "https://vidu.gov.vn/s.xml.gz: line ");
	free(gz);
}

static void test_invalid_xml_doctype_and_not_a_feed(void)
{
	static const char laughs[] =
		"<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">"
		"<!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">]>"
		"<urlset><url><loc>https://vidu.gov.vn/&lol2;</loc></url></urlset>";
	static const char html[] = "<!-- x --><html><body>404</body></html>";
	struct vn_buf broken;
	struct got g;
	char err[256];
	int i;

	/* 300 good entries, then a mistyped end tag on line 302: the reader streams, so the
	 * entries parsed before the break are delivered, and the error names URL and line. */
	vn_buf_init(&broken, 1 << 20);
	CHECK_INT(vn_buf_adds(&broken, "<urlset>\n"), VN_OK);
	for (i = 0; i < 300; i++)
		CHECK_INT(vn_buf_addf(&broken, "<url><loc>https://vidu.gov.vn/%d.html</loc></url>\n",
				      i), VN_OK);
	CHECK_INT(vn_buf_adds(&broken, "<url><loc>https://vidu.gov.vn/x.html</loc></urll>\n"
				       "</urlset>\n"), VN_OK);
	CHECK_INT(parse(broken.data, broken.len, "https://vidu.gov.vn/sitemap.xml", &g, NULL, err,
			sizeof err), VN_EPARSE);
	CHECK(g.n > 250 && g.n <= 300);
	CHECK_STR(g.urls[0], "https://vidu.gov.vn/0.html");
	CHECK_CONTAINS(err, "https://vidu.gov.vn/sitemap.xml: line 302: ");
	vn_buf_release(&broken);
	CHECK_INT(parse(laughs, sizeof laughs - 1, "https://vidu.gov.vn/s.xml", &g, NULL, err,
			sizeof err), VN_EPARSE);
	CHECK_CONTAINS(err, "DOCTYPE");
	CHECK_INT(g.n, 0);
	CHECK_INT(parse(html, sizeof html - 1, "https://vidu.gov.vn/s.xml", &g, NULL, err,
			sizeof err), VN_EUNSUPPORTED);
	CHECK_CONTAINS(err, "not a sitemap or feed (root element <html>)");
	CHECK_INT(parse("", 0, "https://vidu.gov.vn/s.xml", &g, NULL, err, sizeof err),
		  VN_EUNSUPPORTED);
}

static long max_rss_kb(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

static int count_only(void *ctx, const struct crawler_feed_entry *e)
{
	long *n = ctx;

	if (e->date && strlen(e->date) == 10)
		(*n)++;
	return 0;
}

static void test_fifty_thousand_urls_bounded_memory(void)
{
	struct vn_buf b;
	char err[256] = "";
	long n = 0, delivered = 0, before, after;
	int i;

	vn_buf_init(&b, (size_t)32 << 20);
	CHECK_INT(vn_buf_adds(&b, "<?xml version=\"1.0\"?><urlset xmlns=\"http://www.sitemaps.org/"
				  "schemas/sitemap/0.9\">\n"), VN_OK);
	for (i = 0; i < 50000; i++)
		CHECK_INT(vn_buf_addf(&b, "<url><loc>https://vidu.gov.vn/tin-tuc/bai-viet-so-%d-ve-"
					  "cong-tac-phong-chong-dich.html</loc><lastmod>2025-%02d-%02d"
					  "</lastmod></url>\n", i, i % 12 + 1, i % 28 + 1), VN_OK);
	CHECK_INT(vn_buf_adds(&b, "</urlset>\n"), VN_OK);
	before = max_rss_kb();
	CHECK_INT(crawler_feed_parse(b.data, b.len, NULL, count_only, &n, NULL, &delivered, err,
				     sizeof err), VN_OK);
	after = max_rss_kb();
	CHECK_INT(n, 50000);
	CHECK_INT(delivered, 50000);
#if !defined(__SANITIZE_ADDRESS__)
	/* A tree of this 6 MB file would take tens of MB; the streaming reader a few. */
	fprintf(stderr, "peak RSS grew by %ld KiB for a %zu KiB sitemap\n", after - before,
		b.len >> 10);
	CHECK(after - before < 12 * 1024);
#else
	(void)after;
	(void)before;
#endif
	vn_buf_release(&b);
}

/* ---- index of indexes ---- */

struct site_file {
	const char *url;
	const char *body;
	bool gzip;
};

static const struct site_file site_files[] = {
	{ "https://vidu.gov.vn/sitemap.xml",
	  "<sitemapindex><sitemap><loc>https://vidu.gov.vn/sitemap-2024.xml</loc></sitemap>"
	  "<sitemap><loc>/sitemap-2025.xml</loc><lastmod>2025-07-01</lastmod></sitemap>"
	  "<sitemap><loc>https://vidu.gov.vn/missing.xml</loc></sitemap></sitemapindex>", false },
	{ "https://vidu.gov.vn/sitemap-2024.xml",
	  "<sitemapindex><sitemap><loc>https://vidu.gov.vn/2024-01.xml.gz</loc></sitemap>"
	  "<sitemap><loc>https://vidu.gov.vn/sitemap.xml</loc></sitemap>" /* a loop */
	  "<sitemap><loc>https://vidu.gov.vn/broken.xml</loc></sitemap></sitemapindex>", false },
	{ "https://vidu.gov.vn/2024-01.xml.gz",
	  "<urlset><url><loc>https://vidu.gov.vn/2024/a.html</loc></url>"
	  "<url><loc>https://vidu.gov.vn/2024/b.html</loc></url></urlset>", true },
	{ "https://vidu.gov.vn/sitemap-2025.xml",
	  "<urlset><url><loc>https://vidu.gov.vn/2025/c.html</loc></url></urlset>", false },
	{ "https://vidu.gov.vn/broken.xml", "<urlset><url><loc>x</url>", false },
};

struct walk_ctx {
	int fetches[8];
	int pages;
	int errors;
	char last_error[256];
};

static int fake_fetch(void *ctx, const char *url, struct vn_buf *out, char *err, size_t errlen)
{
	struct walk_ctx *w = ctx;

	for (size_t i = 0; i < sizeof site_files / sizeof site_files[0]; i++) {
		const struct site_file *f = &site_files[i];

		if (strcmp(f->url, url) != 0)
			continue;
		w->fetches[i]++;
		if (f->gzip) {
			char *gz = NULL;
			size_t n = gzip_into(f->body, strlen(f->body), &gz);
			int rc = vn_buf_add(out, gz, n);

			free(gz);
			return rc;
		}
		return vn_buf_adds(out, f->body);
	}
	snprintf(err, errlen, "%s: HTTP 404", url);
	return VN_ENOTFOUND;
}

static int walk_page(void *ctx, const struct crawler_feed_entry *e)
{
	struct walk_ctx *w = ctx;

	CHECK(!e->is_sitemap);
	w->pages++;
	return 0;
}

static void walk_error(void *ctx, const char *url, int code, const char *msg)
{
	struct walk_ctx *w = ctx;

	(void)code;
	w->errors++;
	snprintf(w->last_error, sizeof w->last_error, "%s | %s", url, msg);
}

static void test_index_of_indexes_loop_and_broken_child(void)
{
	struct walk_ctx w;
	long failed = -1;

	memset(&w, 0, sizeof w);
	CHECK_INT(crawler_sitemap_walk("https://vidu.gov.vn/sitemap.xml", fake_fetch, walk_page,
				       walk_error, &w, 0, 0, &failed), VN_OK);
	CHECK_INT(w.pages, 3);
	CHECK_INT(failed, 2); /* missing.xml (404) and broken.xml */
	CHECK_INT(w.errors, 2);
	CHECK_INT(w.fetches[0], 1); /* the loop back to the root is not followed */
	CHECK_INT(w.fetches[2], 1);

	/* Depth 1: the root's children are read, their children are not. */
	memset(&w, 0, sizeof w);
	CHECK_INT(crawler_sitemap_walk("https://vidu.gov.vn/sitemap.xml", fake_fetch, walk_page,
				       walk_error, &w, 1, 0, &failed), VN_OK);
	CHECK_INT(w.pages, 1);
	CHECK_INT(w.fetches[2], 0);
}

int main(void)
{
	TEST_RUN(test_urlset_lastmod_and_nested_image_loc);
	TEST_RUN(test_rss_pubdate_cdata_guid_and_atom);
	TEST_RUN(test_bom_junk_and_wrong_encoding);
	TEST_RUN(test_gzip_sitemap);
	TEST_RUN(test_invalid_xml_doctype_and_not_a_feed);
	TEST_RUN(test_fifty_thousand_urls_bounded_memory);
	TEST_RUN(test_index_of_indexes_loop_and_broken_child);
	return test_done();
}
