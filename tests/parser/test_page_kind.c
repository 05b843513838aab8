/* test_page_kind.c — the page-kind decision the crawler relies on when it has no sites file:
 * every page of the offline sample portal (data/sample-site) is judged against its
 * truth.jsonl (a truth path is an article, any other page — home, category indexes,
 * pagers, search, login, introduction, 404, the work calendar — is not); the real
 * Vietnamese news pages in ../shared/data/vi-pages are articles and vnexpress's home page
 * is a listing; the seed fixtures are articles; and built pages pin the general signals:
 * an undated static page, a teaser list with a pager, an article beside a long dated
 * "related news" list, a short typed (JSON-LD NewsArticle) article. */
#include <dirent.h>

#include "harness.h"
#include "test_util.h"

static char site[4096];

static bool in_truth(const char *rel)
{
	char path[4200], line[65536], key[4300];
	FILE *f;
	bool found = false;

	snprintf(path, sizeof path, "%s/truth.jsonl", site);
	snprintf(key, sizeof key, "\"path\": \"/%s\"", rel);
	f = fopen(path, "r");
	CHECK(f != NULL);
	while (f && !found && fgets(line, sizeof line, f))
		found = strstr(line, key) != NULL;
	if (f)
		fclose(f);
	return found;
}

/* Walks dir (relative to the site root) and checks every .html page's kind. */
static void walk(const char *rel, int *articles, int *others)
{
	char dir[4200];
	DIR *d;
	struct dirent *e;

	snprintf(dir, sizeof dir, "%s/%s", site, rel);
	d = opendir(dir);
	CHECK(d != NULL);
	while (d && (e = readdir(d))) {
		char sub[4200];
		size_t n = strlen(e->d_name);
		struct parser_article a;
		bool want;

		if (e->d_name[0] == '.')
			continue;
		snprintf(sub, sizeof sub, "%s%s%s", rel, *rel ? "/" : "", e->d_name);
		if (e->d_type == DT_DIR) {
			walk(sub, articles, others);
			continue;
		}
		if (n < 5 || strcmp(e->d_name + n - 5, ".html") != 0)
			continue;
		want = in_truth(sub);
		CHECK_INT(test_extract_file(site, sub, NULL, &a), VN_OK);
		if ((a.kind == PARSER_PAGE_ARTICLE) != want) {
			fprintf(stderr, "%s: judged %s\n", sub, parser_page_kind_name(a.kind));
			CHECK(0);
		}
		*(want ? articles : others) += 1;
		parser_article_release(&a);
	}
	if (d)
		closedir(d);
}

static void test_sample_site_pages(void)
{
	int articles = 0, others = 0;

	walk("", &articles, &others);
	CHECK_INT(articles, 45);
	CHECK(others >= 15); /* home, 5 category indexes, pagers, service pages */
}

static void test_sample_calendar_is_not_article(void)
{
	char path[4200];
	size_t len;
	char *t;
	struct parser_input in;
	struct parser_article a;

	snprintf(path, sizeof path, "%s/lich-cong-tac.tmpl", site);
	t = test_read_file(path, &len);
	CHECK(t != NULL);
	if (!t)
		return;
	in = (struct parser_input){ .data = t, .len = len,
				    .url = "http://127.0.0.1/lich-cong-tac?date=2023-01-16" };
	CHECK_INT(parser_article_extract(&in, &a), VN_OK);
	CHECK_STR(parser_page_kind_name(a.kind), "listing");
	parser_article_release(&a);
	free(t);
}

static void test_vi_pages_and_seeds(void)
{
	static const char *const arts[] = { "24h1.html", "dantri1.html", "genk1.html",
					    "ngoisao1.html", "nld1.html", "soha1.html",
					    "teen9x1.html" };
	char dir[4200];
	const char *src = getenv("VNNEWS_SRCDIR");
	struct parser_article a;

	snprintf(dir, sizeof dir, "%s/data/vi-pages", test_shared_dir());
	for (size_t i = 0; i < sizeof arts / sizeof arts[0]; i++) {
		CHECK_INT(test_extract_file(dir, arts[i], NULL, &a), VN_OK);
		if (a.kind != PARSER_PAGE_ARTICLE)
			fprintf(stderr, "%s: judged %s\n", arts[i], parser_page_kind_name(a.kind));
		CHECK_STR(parser_page_kind_name(a.kind), "article");
		parser_article_release(&a);
	}
	CHECK_INT(test_extract_file(dir, "vnexpress.hompage.html", "https://vnexpress.net/", &a),
		  VN_OK);
	CHECK_STR(parser_page_kind_name(a.kind), "listing");
	parser_article_release(&a);
	snprintf(dir, sizeof dir, "%s/tests/data/parser", src ? src : ".");
	for (int i = 0; i < 5; i++) {
		char name[32];

		snprintf(name, sizeof name, "seed-%03d.html", i);
		CHECK_INT(test_extract_file(dir, name, NULL, &a), VN_OK);
		if (a.kind != PARSER_PAGE_ARTICLE)
			fprintf(stderr, "%s: judged %s\n", name, parser_page_kind_name(a.kind));
		CHECK_STR(parser_page_kind_name(a.kind), "article");
		parser_article_release(&a);
	}
}

static const char para2[] =
	"<p>Những năm qua, tỉnh tập trung phát triển hạ tầng giao thông, mở rộng mạng lưới "
	"trường học, trạm y tế đến tận các xã vùng sâu, vùng xa, đời sống vật chất và tinh thần "
	"của nhân dân từng bước được nâng lên rõ rệt.</p>";
static const char para3[] =
	"<p>Tỉnh có nhiều tiềm năng về du lịch sinh thái, văn hóa với các danh lam thắng cảnh, "
	"lễ hội truyền thống đặc sắc của đồng bào các dân tộc, thu hút ngày càng đông du khách "
	"trong nước và quốc tế đến tham quan.</p>";
static const char para[] =
	"<p>Tỉnh nằm ở vùng núi phía Bắc, có diện tích tự nhiên hơn chín nghìn ki-lô-mét "
	"vuông, dân số khoảng sáu trăm nghìn người thuộc mười chín dân tộc cùng sinh sống, "
	"trong đó đồng bào dân tộc thiểu số chiếm phần lớn, kinh tế chủ yếu là nông nghiệp.</p>";

static enum parser_page_kind kind_of(const char *html, size_t len, const char *url)
{
	struct parser_input in = { .data = html, .len = len, .url = url };
	struct parser_article a;
	enum parser_page_kind k = PARSER_PAGE_UNKNOWN;

	CHECK_INT(parser_article_extract(&in, &a), VN_OK);
	k = a.kind;
	parser_article_release(&a);
	return k;
}

/* The same prose under a headline: undated it is a static page, dated an article. */
static void test_undated_static_page_vs_dated_article(void)
{
	char buf[8192];
	size_t n;

	n = (size_t)snprintf(buf, sizeof buf,
			     "<html><body><h1>Giới thiệu chung về tỉnh</h1>%s%s</body></html>",
			     para, para2);
	CHECK_STR(parser_page_kind_name(kind_of(buf, n, "https://t.gov.vn/gioi-thieu.html")),
		  "listing");
	n = (size_t)snprintf(buf, sizeof buf,
			     "<html><body><h1>Giới thiệu chung về tỉnh</h1>"
			     "<div class=\"date\">Ngày đăng 01/08/2021 | 15:44</div>%s%s"
			     "</body></html>", para, para2);
	CHECK_STR(parser_page_kind_name(kind_of(buf, n, "https://t.gov.vn/tin/1.html")),
		  "article");
}

/* Twelve teaser cards (headline link, date, lead) and a pager: a listing, even with the
 * headline styled as h1 and an article-like URL. */
static void test_teaser_cards_with_pager_are_listing(void)
{
	char buf[32768];
	size_t n = 0;

	n += (size_t)snprintf(buf + n, sizeof buf - n,
			      "<html><body><h1>Tin hoạt động</h1><div class=\"list\">");
	for (int i = 0; i < 12; i++)
		n += (size_t)snprintf(buf + n, sizeof buf - n,
				      "<div class=\"item\"><h2><a href=\"/tin/%d.html\">Hội nghị "
				      "tổng kết công tác năm của ngành số %d</a></h2><p>Ngày %d/11/2021"
				      ", UBND tỉnh tổ chức hội nghị tổng kết công tác năm, đánh giá "
				      "kết quả thực hiện nhiệm vụ và triển khai kế hoạch năm tới.</p>"
				      "</div>", i, i, i + 1);
	n += (size_t)snprintf(buf + n, sizeof buf - n,
			      "</div><div class=\"paging\"><a href=\"?p=1\">1</a><a href=\"?p=2\">2"
			      "</a><a href=\"?p=3\">3</a><a href=\"?p=2\">Trang sau</a></div>"
			      "</body></html>");
	CHECK_STR(parser_page_kind_name(kind_of(buf, n, "https://t.gov.vn/tin/hoat-dong.html")),
		  "listing");
}

/* An article with a dated headline and a longer list of dated related news beside it. */
static void test_article_beside_related_list(void)
{
	char buf[32768];
	size_t n = 0;

	n += (size_t)snprintf(buf + n, sizeof buf - n,
			      "<html><body><div class=\"detail\"><h1>Khánh thành cầu treo bản "
			      "Phìn Hồ</h1><div class=\"date\">Ngày đăng 14/11/2022 | 08:30</div>%s%s%s</div>"
			      "<div class=\"other\"><h3>Các tin khác</h3><ul>", para, para2, para3);
	for (int i = 0; i < 10; i++)
		n += (size_t)snprintf(buf + n, sizeof buf - n,
				      "<li><a href=\"/tin/%d.html\">Thông xe tuyến đường nối trung "
				      "tâm huyện với các xã số %d</a> (%02d/10/2022)</li>", i, i,
				      i + 1);
	n += (size_t)snprintf(buf + n, sizeof buf - n, "</ul></div></body></html>");
	CHECK_STR(parser_page_kind_name(kind_of(buf, n, "https://t.gov.vn/tin/99.html")),
		  "article");
}

/* A short news brief that declares itself NewsArticle in JSON-LD stays an article. */
static void test_short_typed_article(void)
{
	static const char page[] =
		"<html><head><script type=\"application/ld+json\">{\"@context\":"
		"\"https://schema.org\",\"@graph\":[{\"@type\":\"WebPage\"},{\"@type\":"
		"[\"NewsArticle\"],\"headline\":\"Sơn Hà ghi nhận thêm 79 ca mắc mới\"}]}"
		"</script></head><body><h1>Sơn Hà ghi nhận thêm 79 ca mắc mới</h1>"
		"<p>Trong ngày, toàn tỉnh ghi nhận thêm 79 ca mắc mới, chủ yếu tại các huyện "
		"vùng cao, các ca bệnh đều đã được cách ly và điều trị theo quy định.</p>"
		"<p>Ngành y tế đề nghị người dân tiếp tục thực hiện các biện pháp phòng bệnh, "
		"tiêm đủ liều vắc xin theo hướng dẫn của cơ quan chuyên môn.</p></body></html>";

	CHECK_STR(parser_page_kind_name(kind_of(page, sizeof page - 1,
						"https://t.gov.vn/tin/79-ca.html")),
		  "article");
}

/* A one-sentence notice under a dated headline, with a byline and no list of news on the
 * page, is an article (a crawl that called it a listing would drop it); the same sentence
 * as one teaser of a paged list is not. */
static void test_short_dated_notice(void)
{
	static const char notice[] =
		"<html><head><title>Thông báo lịch tiếp công dân tháng 12 - Cổng TTĐT tỉnh</title>"
		"</head><body><ul class=\"menu\"><li><a href=\"/c/1\">Thông báo</a></li>"
		"<li><a href=\"/c/2\">Y tế</a></li></ul><div class=\"main\">"
		"<h1>Thông báo lịch tiếp công dân tháng 12</h1>"
		"<div class=\"date\">Ngày đăng 23/11/2021 | 8:30</div>"
		"<p>UBND tỉnh thông báo lịch tiếp công dân định kỳ tháng 12 năm 2021.</p>"
		"<p class=\"author\">PV - Trung tâm VH-TT-TH</p></div>"
		"<div class=\"related\"><h3>Tin liên quan</h3><ul><li><a href=\"/a/1\">Tin 1"
		"</a></li><li><a href=\"/a/2\">Tin 2</a></li></ul></div></body></html>";
	char buf[32768];
	size_t n = 0;

	CHECK_STR(parser_page_kind_name(kind_of(notice, sizeof notice - 1,
						"https://t.gov.vn/tin/lich-tiep.html")),
		  "article");
	n += (size_t)snprintf(buf + n, sizeof buf - n,
			      "<html><body><h1>Thông báo</h1><div class=\"list\">");
	for (int i = 0; i < 6; i++)
		n += (size_t)snprintf(buf + n, sizeof buf - n,
				      "<div class=\"item\"><h2><a href=\"/tin/%d.html\">Thông báo "
				      "lịch tiếp công dân định kỳ tháng %d</a></h2><p>Ngày %d/11/2021"
				      "</p></div>", i, i + 1, i + 1);
	n += (size_t)snprintf(buf + n, sizeof buf - n,
			      "</div><div class=\"paging\"><a href=\"?p=1\">1</a><a href=\"?p=2\">2"
			      "</a><a href=\"?p=2\">Trang sau</a></div></body></html>");
	CHECK_STR(parser_page_kind_name(kind_of(buf, n, "https://t.gov.vn/tin/thong-bao.html")),
		  "listing");
}

int main(void)
{
	const char *src = getenv("VNNEWS_SRCDIR");

	snprintf(site, sizeof site, "%s/data/sample-site", src ? src : ".");
	TEST_RUN(test_sample_site_pages);
	TEST_RUN(test_sample_calendar_is_not_article);
	TEST_RUN(test_vi_pages_and_seeds);
	TEST_RUN(test_undated_static_page_vs_dated_article);
	TEST_RUN(test_teaser_cards_with_pager_are_listing);
	TEST_RUN(test_article_beside_related_list);
	TEST_RUN(test_short_typed_article);
	TEST_RUN(test_short_dated_notice);
	return test_done();
}
