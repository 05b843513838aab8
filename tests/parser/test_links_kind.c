/* test_links_kind.c — what the crawler takes from a page: every <a href> resolved against
 * <base> (itself resolved against the page URL) with fragments and non-http schemes
 * dropped, the RSS/Atom feeds, the canonical URL; and the page kind of an article and of
 * a category listing built from the same portal furniture. */
#include "harness.h"
#include "test_util.h"

static const char page[] =
	"<html><head><title>Tin tức - Cổng TTĐT huyện</title>"
	"<base href=\"/tin-tuc/\">"
	"<meta property=\"og:title\" content=\"Huyện doesn&amp;#8217;t &amp;amp; ch&amp;#x1EE9;a\">"
	"<link rel=\"canonical\" href=\"https://huyen.gov.vn/tin-tuc/bai-1.html\">"
	"<link rel=\"alternate\" type=\"application/rss+xml\" href=\"/rss/tin-tuc.rss\">"
	"<link rel=\"alternate\" type=\"application/atom+xml\" href=\"https://huyen.gov.vn/atom\">"
	"<link rel=\"stylesheet\" href=\"/s.css\"></head><body>"
	"<a href=\"bai-2.html#binh-luan\">Bài 2</a>"
	"<a href=\"../gioi-thieu.html\">Giới thiệu</a>"
	"<a href=\"javascript:void(0)\">In</a><a href=\"mailto:a@b.vn\">Thư</a>"
	"<a href=\"#top\">Lên đầu</a><a href=\"http://other.vn/x?a=1&amp;b=2\">Khác</a>"
	"</body></html>";

static void test_links_feeds_canonical(void)
{
	struct parser_input in = { .data = page, .len = sizeof page - 1,
				   .url = "https://huyen.gov.vn/a/b/c.aspx" };
	struct parser_article a;

	CHECK_INT(parser_article_extract(&in, &a), VN_OK);
	CHECK_INT(a.n_links, 3);
	if (a.n_links == 3) {
		CHECK_STR(a.links[0], "https://huyen.gov.vn/tin-tuc/bai-2.html");
		CHECK_STR(a.links[1], "https://huyen.gov.vn/gioi-thieu.html");
		CHECK_STR(a.links[2], "http://other.vn/x?a=1&b=2");
	}
	CHECK_INT(a.n_feeds, 2);
	if (a.n_feeds == 2) {
		CHECK_STR(a.feeds[0], "https://huyen.gov.vn/rss/tin-tuc.rss");
		CHECK_STR(a.feeds[1], "https://huyen.gov.vn/atom");
	}
	CHECK_STR(a.canonical_url, "https://huyen.gov.vn/tin-tuc/bai-1.html");
	CHECK_STR(a.site, "huyen.gov.vn");
	/* og:title escaped twice by its CMS comes out as text */
	CHECK_STR(a.title, "Huyện doesn’t & chứa");
	parser_article_release(&a);
}

/* An old district portal's frameset holds no <a> at all: its frames are its links, as an
 * image map's areas and an iframe's page are; an image's src is no link, nor a tag
 * manager's <noscript> iframe. */
static void test_frames_and_areas_are_links(void)
{
	static const char frameset[] =
		"<html><head><title>UBND huyện</title></head><frameset cols=\"200,*\">"
		"<frame src=\"menu.asp\" name=\"menu\"><frame SRC=\"/tin/chitiet.asp?id=5\">"
		"</frameset></html>";
	static const char body[] =
		"<html><head><title>Bản đồ hành chính</title></head><body>"
		"<img src=\"/anh/bando.jpg\" usemap=\"#xa\"><map name=\"xa\">"
		"<area shape=\"rect\" coords=\"0,0,10,10\" href=\"/xa/tan-lap.asp\"></map>"
		"<iframe src=\"/thongtin/khung.asp?id=7\"></iframe><noscript><iframe src=\""
		"https://www.googletagmanager.com/ns.html?id=GTM-X\"></iframe></noscript>"
		"</body></html>";
	struct parser_input in = { .data = frameset, .len = sizeof frameset - 1,
				   .url = "http://huyen.gov.vn/index.asp" };
	struct parser_article a;

	CHECK_INT(parser_article_extract(&in, &a), VN_OK);
	CHECK_INT(a.n_links, 2);
	if (a.n_links == 2) {
		CHECK_STR(a.links[0], "http://huyen.gov.vn/menu.asp");
		CHECK_STR(a.links[1], "http://huyen.gov.vn/tin/chitiet.asp?id=5");
	}
	CHECK(a.kind != PARSER_PAGE_ARTICLE);
	parser_article_release(&a);
	in.data = body;
	in.len = sizeof body - 1;
	CHECK_INT(parser_article_extract(&in, &a), VN_OK);
	CHECK_INT(a.n_links, 2);
	if (a.n_links == 2) {
		CHECK_STR(a.links[0], "http://huyen.gov.vn/xa/tan-lap.asp");
		CHECK_STR(a.links[1], "http://huyen.gov.vn/thongtin/khung.asp?id=7");
	}
	parser_article_release(&a);
}

/* A portal's root page that only refreshes to its home ("0; URL=/wps/portal/trangchu")
 * links there; a refresh of the page itself (no URL) links nowhere. */
static void test_meta_refresh_is_a_link(void)
{
	static const char root[] =
		"<html><head><meta http-equiv=\"Refresh\" content=\"0; URL='/wps/portal/trangchu'\">"
		"<title>Cổng thông tin điện tử tỉnh</title></head><body>Đang chuyển trang...</body>"
		"</html>";
	static const char again[] =
		"<html><head><meta http-equiv=\"refresh\" content=\"300\"><title>Tin mới</title>"
		"</head><body><a href=\"tin/1.html\">Tin 1</a></body></html>";
	struct parser_input in = { .data = root, .len = sizeof root - 1,
				   .url = "https://tinh.gov.vn/" };
	struct parser_article a;

	CHECK_INT(parser_article_extract(&in, &a), VN_OK);
	CHECK_INT(a.n_links, 1);
	if (a.n_links == 1)
		CHECK_STR(a.links[0], "https://tinh.gov.vn/wps/portal/trangchu");
	CHECK(a.kind != PARSER_PAGE_ARTICLE);
	parser_article_release(&a);
	in.data = again;
	in.len = sizeof again - 1;
	CHECK_INT(parser_article_extract(&in, &a), VN_OK);
	CHECK_INT(a.n_links, 1);
	if (a.n_links == 1)
		CHECK_STR(a.links[0], "https://tinh.gov.vn/tin/1.html");
	parser_article_release(&a);
}

/* A root page that only sends the browser on by script links where it sends; a URL built
 * by concatenation is no link, and a page with links of its own keeps only those. */
static void test_script_redirect_is_a_link(void)
{
	static const char root[] =
		"<html><head><title>UBND tỉnh</title><script type=\"text/javascript\">"
		"var geolocation = 'x'; window.location.href = \"/Pages/trang-chu.aspx\";"
		"</script></head><body><p>Đang chuyển trang...</p></body></html>";
	static const char built[] =
		"<html><head><title>Tìm kiếm</title><script>function tim(q) { location.href = "
		"'/tim-kiem?q=' + q; }</script></head><body><p>Tìm kiếm</p></body></html>";
	static const char linked[] =
		"<html><head><title>Tin</title><script>if (!ok) location.replace('/loi.html');"
		"</script></head><body><a href=\"/tin/1.html\">Tin 1</a></body></html>";
	struct parser_input in = { .data = root, .len = sizeof root - 1,
				   .url = "https://tinh.gov.vn/" };
	struct parser_article a;

	CHECK_INT(parser_article_extract(&in, &a), VN_OK);
	CHECK_INT(a.n_links, 1);
	if (a.n_links == 1)
		CHECK_STR(a.links[0], "https://tinh.gov.vn/Pages/trang-chu.aspx");
	parser_article_release(&a);
	in.data = built;
	in.len = sizeof built - 1;
	CHECK_INT(parser_article_extract(&in, &a), VN_OK);
	CHECK_INT(a.n_links, 0);
	parser_article_release(&a);
	in.data = linked;
	in.len = sizeof linked - 1;
	CHECK_INT(parser_article_extract(&in, &a), VN_OK);
	CHECK_INT(a.n_links, 1);
	if (a.n_links == 1)
		CHECK_STR(a.links[0], "https://tinh.gov.vn/tin/1.html");
	parser_article_release(&a);
}

/* An href is read as a browser reads it: the spaces around it and the line breaks inside
 * it are no part of the URL, and an old ASP page's backslashes are slashes before the
 * query (not in it). */
static void test_hrefs_read_as_browsers_read_them(void)
{
	static const char hrefs[] =
		"<html><head><title>Tin tức</title></head><body>"
		"<a href=\" /tin/Hội nghị.html \">a</a><a href=\"/tin/2\n.html\">b</a>"
		"<a href=\"..\\tin\\3.asp?tu=a\\b\">c</a><a href=\"\t\">d</a>"
		"<a href=\" #top\">e</a></body></html>";
	struct parser_input in = { .data = hrefs, .len = sizeof hrefs - 1,
				   .url = "http://huyen.gov.vn/a/b.asp" };
	struct parser_article a;

	CHECK_INT(parser_article_extract(&in, &a), VN_OK);
	CHECK_INT(a.n_links, 3);
	if (a.n_links == 3) {
		CHECK_STR(a.links[0], "http://huyen.gov.vn/tin/H%e1%bb%99i%20ngh%e1%bb%8b.html");
		CHECK_STR(a.links[1], "http://huyen.gov.vn/tin/2.html");
		CHECK_STR(a.links[2], "http://huyen.gov.vn/tin/3.asp?tu=a\\b");
	}
	parser_article_release(&a);
}

/* A listing whose pager is a script's postback names its next page in the head: that is
 * a link; rel=prev and a stylesheet are none. */
static void test_rel_next_is_a_link(void)
{
	static const char listing_page[] =
		"<html><head><title>Tin tức</title><link rel=\"stylesheet\" href=\"/s.css\">"
		"<link rel=\"prev\" href=\"?trang=1\"><link rel=\"next\" href=\"?trang=3\">"
		"</head><body><a href=\"/tin/1.html\">Tin 1</a>"
		"<a href=\"javascript:__doPostBack('pager','3')\">3</a></body></html>";
	struct parser_input in = { .data = listing_page, .len = sizeof listing_page - 1,
				   .url = "http://huyen.gov.vn/tin-tuc.aspx?trang=2" };
	struct parser_article a;

	CHECK_INT(parser_article_extract(&in, &a), VN_OK);
	CHECK_INT(a.n_links, 2);
	if (a.n_links == 2) {
		CHECK_STR(a.links[0], "http://huyen.gov.vn/tin-tuc.aspx?trang=3");
		CHECK_STR(a.links[1], "http://huyen.gov.vn/tin/1.html");
	}
	parser_article_release(&a);
}

/* An old portal's news rows that link by onclick: the URL it sends the browser to is a
 * link (once, however many cells repeat it); a built URL or another handler is none. */
static void test_onclick_location_is_a_link(void)
{
	static const char rows[] =
		"<html><head><title>Tin tức</title></head><body><table>"
		"<tr onclick=\"location.href='chitiet.asp?id=5'\"><td>Tin 5</td></tr>"
		"<tr><td onclick=\"javascript:window.location = '/tin/6.asp';\">Tin 6</td>"
		"<td onclick=\"javascript:window.location = '/tin/6.asp';\">Xem</td></tr>"
		"<tr><td onclick=\"location.href='?trang=' + n\">Trang</td>"
		"<td onclick=\"moTin(7)\">Tin 7</td></tr></table></body></html>";
	struct parser_input in = { .data = rows, .len = sizeof rows - 1,
				   .url = "http://huyen.gov.vn/tintuc/ds.asp" };
	struct parser_article a;

	CHECK_INT(parser_article_extract(&in, &a), VN_OK);
	CHECK_INT(a.n_links, 2);
	if (a.n_links == 2) {
		CHECK_STR(a.links[0], "http://huyen.gov.vn/tintuc/chitiet.asp?id=5");
		CHECK_STR(a.links[1], "http://huyen.gov.vn/tin/6.asp");
	}
	parser_article_release(&a);
}

static void test_listing_page_is_not_an_article(void)
{
	char buf[16384];
	size_t n = 0;
	struct parser_input in = { .data = buf, .len = 0, .url = "https://huyen.gov.vn/tin-tuc.aspx" };
	struct parser_article a;

	n += (size_t)snprintf(buf + n, sizeof buf - n,
			      "<html><head><title>Tin hoạt động</title></head><body><ul>");
	for (int i = 0; i < 20 && n < sizeof buf - 600; i++)
		n += (size_t)snprintf(buf + n, sizeof buf - n,
				      "<li><h3><a href=\"/tin/%d.html\">Hội nghị triển khai nhiệm vụ "
				      "công tác số %d của huyện năm 2021</a></h3><span>(%02d/11/2021)"
				      "</span><p>Chiều ngày %d/11/2021, UBND huyện tổ chức hội nghị "
				      "triển khai nhiệm vụ.</p></li>", i, i, i + 1, i + 1);
	n += (size_t)snprintf(buf + n, sizeof buf - n, "</ul></body></html>");
	in.len = n;
	CHECK_INT(parser_article_extract(&in, &a), VN_OK);
	CHECK_STR(parser_page_kind_name(a.kind), "listing");
	CHECK_INT(a.n_links, 20);
	parser_article_release(&a);
}

/* parser_input.link_seen, as the crawler uses it: an href met on an earlier page is left
 * out unresolved only where it resolves alike, i.e. the same href against the same
 * directory, path, origin or scheme that its resolution reads; within a page each link
 * comes once however far apart its repeats are. */
struct seen_keys {
	uint64_t keys[512];
	size_t n;
};

static bool seen_cb(void *ctx, uint64_t key)
{
	struct seen_keys *s = ctx;

	for (size_t i = 0; i < s->n; i++)
		if (s->keys[i] == key)
			return true;
	if (s->n < sizeof s->keys / sizeof s->keys[0])
		s->keys[s->n++] = key;
	return false;
}

static void extract_seen(const char *url, const char *body, struct seen_keys *s,
			 struct parser_article *a)
{
	struct parser_input in = { .data = body, .len = strlen(body), .url = url,
				   .link_seen = seen_cb, .link_seen_ctx = s };

	CHECK_INT(parser_article_extract(&in, a), VN_OK);
}

static void test_links_seen_on_earlier_pages(void)
{
	static const char hrefs[] =
		"<a href=\"p.html\">p</a><a href=\"/abs.html\">abs</a><a href=\"?page=2\">2</a>"
		"<a href=\"//h.vn/proto.html\">proto</a><a href=\"https://o.vn/z\">o</a>";
	struct seen_keys s = { .n = 0 };
	struct parser_article a;
	char html[16384];
	size_t n;

	n = (size_t)snprintf(html, sizeof html, "<html><body><p>Trang</p>%s", hrefs);
	for (int i = 0; i < 100; i++)
		n += (size_t)snprintf(html + n, sizeof html - n, "<a href=\"/f/%d.html\">%d</a>", i, i);
	snprintf(html + n, sizeof html - n, "<a href=\"p.html\">p</a></body></html>");
	extract_seen("https://h.vn/a/x.html", html, &s, &a);
	CHECK_INT(a.n_links, 105);
	if (a.n_links == 105) {
		CHECK_STR(a.links[0], "https://h.vn/a/p.html");
		CHECK_STR(a.links[2], "https://h.vn/a/x.html?page=2");
		CHECK_STR(a.links[3], "https://h.vn/proto.html");
		CHECK_STR(a.links[104], "https://h.vn/f/99.html");
	}
	parser_article_release(&a);

	/* another directory and path of the same origin: the relative ones are new links */
	snprintf(html, sizeof html, "<html><body><p>Trang</p>%s</body></html>", hrefs);
	extract_seen("https://h.vn/b/y.html", html, &s, &a);
	CHECK_INT(a.n_links, 2);
	if (a.n_links == 2) {
		CHECK_STR(a.links[0], "https://h.vn/b/p.html");
		CHECK_STR(a.links[1], "https://h.vn/b/y.html?page=2");
	}
	parser_article_release(&a);

	/* the same directory under another scheme: every href but the absolute one is new */
	extract_seen("http://h.vn/a/x.html", html, &s, &a);
	CHECK_INT(a.n_links, 4);
	if (a.n_links == 4) {
		CHECK_STR(a.links[0], "http://h.vn/a/p.html");
		CHECK_STR(a.links[1], "http://h.vn/abs.html");
		CHECK_STR(a.links[3], "http://h.vn/proto.html");
	}
	parser_article_release(&a);

	/* <base> moves what relative hrefs resolve against */
	snprintf(html, sizeof html, "<html><head><base href=\"/c/\"></head><body><p>Trang</p>"
		 "%s</body></html>", hrefs);
	extract_seen("https://h.vn/a/x.html", html, &s, &a);
	CHECK_INT(a.n_links, 2);
	if (a.n_links == 2) {
		CHECK_STR(a.links[0], "https://h.vn/c/p.html");
		CHECK_STR(a.links[1], "https://h.vn/c/?page=2");
	}
	parser_article_release(&a);
}

static void test_seed_pages_are_articles(void)
{
	const char *src = getenv("VNNEWS_SRCDIR");
	char dir[4096];
	struct parser_article a;

	snprintf(dir, sizeof dir, "%s/tests/data/parser", src ? src : ".");
	CHECK_INT(test_extract_file(dir, "seed-002.html", "https://dienbientv.vn/tin/1.htm", &a),
		  VN_OK);
	CHECK_STR(parser_page_kind_name(a.kind), "article");
	CHECK(a.content_hash && strlen(a.content_hash) == 64);
	parser_article_release(&a);
}

int main(void)
{
	TEST_RUN(test_links_feeds_canonical);
	TEST_RUN(test_frames_and_areas_are_links);
	TEST_RUN(test_meta_refresh_is_a_link);
	TEST_RUN(test_script_redirect_is_a_link);
	TEST_RUN(test_hrefs_read_as_browsers_read_them);
	TEST_RUN(test_rel_next_is_a_link);
	TEST_RUN(test_onclick_location_is_a_link);
	TEST_RUN(test_listing_page_is_not_an_article);
	TEST_RUN(test_links_seen_on_earlier_pages);
	TEST_RUN(test_seed_pages_are_articles);
	return test_done();
}
