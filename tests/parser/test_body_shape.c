/* test_body_shape.c — what the body keeps and drops inside the article: photo captions of
 * Vietnamese pages stay and image file names go (issue #3); English pages leave captions
 * out, as the English news corpora we measure against do.  A sites file's XPath overrides
 * (issue #5 point 1) choose title, body and date; one that selects nothing, or does not
 * compile, leaves the heuristics' answer and says so. */
#include "harness.h"
#include "test_util.h"

static char dir[4096];

static void test_vi_figure_captions_stay(void)
{
	struct parser_article a;

	CHECK_INT(test_extract_file(dir, "figure-caption-vi.html", "https://tinh.gov.vn/tin/3", &a),
		  VN_OK);
	CHECK_STR(a.title, "Tỉnh tổng kết công tác năm 2022");
	CHECK_CONTAINS(a.body, "Sáng ngày 30/11/2022, Ủy ban nhân dân tỉnh");
	/* the captions, in their place between the paragraphs */
	CHECK_CONTAINS(a.body, "năm 2023.\n\nĐồng chí Chủ tịch UBND tỉnh phát biểu chỉ đạo tại "
			       "hội nghị.\n\nNăm 2022, tình hình");
	CHECK_CONTAINS(a.body, "vượt kế hoạch đề ra.\n\nQuang cảnh hội nghị\n\nPhát biểu chỉ đạo");
	CHECK_NOT_CONTAINS(a.body, "IMG_4093");
	CHECK_NOT_CONTAINS(a.body, ".jpg");
	CHECK_NOT_CONTAINS(a.body, "Các tin khác");
	CHECK_NOT_CONTAINS(a.body, "Địa chỉ");
	CHECK_STR(a.author, "Thu Trang - Trung tâm VH-TT-TH");
	parser_article_release(&a);
}

static void test_en_figure_captions_go(void)
{
	struct parser_article a;

	CHECK_INT(test_extract_file(dir, "figure-caption-en.html", "https://example.com/news/park",
				    &a), VN_OK);
	CHECK_CONTAINS(a.body, "The city council voted on Tuesday");
	CHECK_CONTAINS(a.body, "more parking spaces near the site.");
	CHECK_NOT_CONTAINS(a.body, "artist's impression");
	CHECK_NOT_CONTAINS(a.body, "Photograph by");
	CHECK_NOT_CONTAINS(a.body, "Credit:");
	CHECK_CONTAINS(a.body, "to last about two years, according to the city's planning "
			       "department.\n\nResidents who opposed");
	parser_article_release(&a);
}

/* Extracts a page given as a string, fetched from `url`. */
static int extract_text(const char *page, const char *url, struct parser_article *a)
{
	struct parser_input in = { .data = page, .len = strlen(page), .url = url };

	return parser_article_extract(&in, a);
}

/* Extracts `page` and checks that its body holds every string of `has` and none of
 * `hasnt` (NULL-terminated lists). */
static void check_body(const char *page, const char *url, const char *const *has,
		       const char *const *hasnt)
{
	struct parser_article a;

	CHECK_INT(extract_text(page, url, &a), VN_OK);
	for (; has && *has; has++)
		CHECK_CONTAINS(a.body, *has);
	for (; hasnt && *hasnt; hasnt++)
		CHECK_NOT_CONTAINS(a.body, *hasnt);
	parser_article_release(&a);
}

/* Extracts `page` and checks its title. */
static void check_title(const char *page, const char *url, const char *want)
{
	struct parser_article a;

	CHECK_INT(extract_text(page, url, &a), VN_OK);
	CHECK_STR(a.title, want);
	parser_article_release(&a);
}

/* The element a page marks itemprop="articleBody" keeps its text even inside a wrapper whose
 * class reads like boilerplate ("breaking-news" is also a news site's name for a brief). */
static void test_microdata_body_survives_boilerplate_class(void)
{
	static const char page[] =
		"<html><head><title>Council votes on the new park</title></head><body>"
		"<div class=\"menu\"><a href=\"/\">Home</a> <a href=\"/world\">World</a></div>"
		"<h1>Council votes on the new park</h1><div class=\"g-row-breaking-news\">"
		"<div class=\"inner-breaking-news\" itemprop=\"articleBody\">The city council "
		"voted on Tuesday to turn the old rail yard into a public park, ending a dispute that "
		"lasted ten years.<div class=\"fake-br\"></div>Work on the first section begins in "
		"the spring, and the mayor said the park would open in stages over three years."
		"</div></div><div class=\"comments\"><p>Reader one wrote: I have waited for this "
		"park since my children were small, and I am glad the council finally agreed on "
		"it after so many years of meetings.</p><p>Reader two wrote: the money would have "
		"been better spent on the roads in the north of the city, which flood every "
		"winter and nobody repairs them.</p><p>Reader three wrote: who will pay for the "
		"upkeep once it is built, and will the rail yard's soil be cleaned first?</p></div>"
		"<div class=\"footer\">Contact us | About</div></body></html>";
	struct parser_article a;

	CHECK_INT(extract_text(page, "https://example.com/news/park-vote", &a), VN_OK);
	CHECK(a.body != NULL);
	CHECK_CONTAINS(a.body, "The city council voted on Tuesday");
	CHECK_CONTAINS(a.body, "open in stages over three years.");
	CHECK_NOT_CONTAINS(a.body, "Contact us");
	CHECK_NOT_CONTAINS(a.body, "Reader one");
	parser_article_release(&a);
}

/* A credit line closing a Vietnamese article is its byline, the label left out ("Tin,
 * ảnh:", "Tác giả:"), an agency in brackets kept; a last sentence is no byline. */
static void check_closing_line(const char *closing, const char *author, const char *body_end)
{
	char page[4096];
	struct parser_article a;

	snprintf(page, sizeof page,
		 "<html><head><title>Cổng thông tin tỉnh</title></head><body><div class=\"menu\">"
		 "<a href=\"/\">Trang chủ</a> <a href=\"/tin\">Tin tức</a></div><div class="
		 "\"article\"><h1>Tỉnh triển khai kế hoạch phòng chống dịch bệnh</h1><p>Ủy ban "
		 "nhân dân tỉnh vừa ban hành Kế hoạch số 123/KH-UBND về phòng chống dịch bệnh trên "
		 "địa bàn tỉnh, yêu cầu các sở, ngành thực hiện nghiêm.</p><p>Theo đó, các địa "
		 "phương cần chủ động giám sát, phát hiện sớm các ca bệnh, xử lý triệt để ổ dịch, "
		 "không để dịch lây lan rộng trong cộng đồng dân cư.</p><p>Sở Y tế có trách nhiệm "
		 "hướng dẫn, kiểm tra, đôn đốc các đơn vị triển khai thực hiện.</p>%s</div>"
		 "<div class=\"footer\">Địa chỉ: Số 1, đường ABC</div></body></html>", closing);
	CHECK_INT(extract_text(page, "https://tinh.gov.vn/tin/9", &a), VN_OK);
	if (author)
		CHECK_STR(a.author, author);
	else
		CHECK(a.author == NULL);
	CHECK(a.body && strlen(a.body) >= strlen(body_end) &&
	      strcmp(a.body + strlen(a.body) - strlen(body_end), body_end) == 0);
	if (a.body && strlen(a.body) >= strlen(body_end) &&
	    strcmp(a.body + strlen(a.body) - strlen(body_end), body_end) != 0)
		fprintf(stderr, "  closing %s: body ends ...%s\n", closing,
			a.body + (strlen(a.body) > 60 ? strlen(a.body) - 60 : 0));
	parser_article_release(&a);
}

static void test_closing_credit_lines(void)
{
	const char *last = "triển khai thực hiện.";

	check_closing_line("<p>Tin, ảnh: Hoàng Anh</p>", "Hoàng Anh", last);
	check_closing_line("<p><strong>Tác giả: Nguyễn Văn An</strong></p>", "Nguyễn Văn An", last);
	check_closing_line("<p>Bài và ảnh: LÊ DŨNG</p>", "LÊ DŨNG", last);
	check_closing_line("<p style=\"text-align:right\"><em>Văn Hùng (TTXVN)</em></p>",
			   "Văn Hùng (TTXVN)", last);
	check_closing_line("<p>Nguyễn Thị Hà (Báo Điện Biên Phủ)</p>",
			   "Nguyễn Thị Hà (Báo Điện Biên Phủ)", last);
	check_closing_line("<p>Bài: Ủy ban nhân dân tỉnh đã chỉ đạo các sở.</p>", NULL,
			   "Bài: Ủy ban nhân dân tỉnh đã chỉ đạo các sở.");
	check_closing_line("<p>Điều này cho thấy (theo báo cáo)</p>", NULL,
			   "Điều này cho thấy (theo báo cáo)");
}

/* A portal whose <title> is only its own name: the headline printed over the article is
 * the title, and not the body's first line. */
static void test_headline_over_site_name_title(void)
{
	static const char *const heads[] = {
		"<h1>Tỉnh triển khai kế hoạch phòng chống dịch bệnh năm 2022</h1>",
		"<div class=\"tieude\">Tỉnh triển khai kế hoạch phòng chống dịch bệnh năm 2022</div>",
		"<span class=\"Title\">Tỉnh triển khai kế hoạch phòng chống dịch bệnh năm 2022</span>",
		"<h3>Tỉnh triển khai kế hoạch phòng chống dịch bệnh năm 2022</h3>",
		/* no heading markup: the title names the portal, the first line is no sentence */
		"<p><strong>Tỉnh triển khai kế hoạch phòng chống dịch bệnh năm 2022</strong></p>",
	};

	for (size_t i = 0; i < sizeof heads / sizeof heads[0]; i++) {
		char page[4096];
		struct parser_article a;

		snprintf(page, sizeof page,
			 "<html><head><title>Cổng thông tin điện tử tỉnh Điện Biên</title></head><body>"
			 "<div class=\"menu\"><h2>Tin tức - Sự kiện</h2><a href=\"/\">Trang chủ</a>"
			 "</div><div class=\"article\">%s<div class=\"date\">Ngày đăng 12/05/2022 | "
			 "08:30</div><p>Ủy ban nhân dân tỉnh vừa ban hành Kế hoạch số 123/KH-UBND về "
			 "phòng chống dịch bệnh trên địa bàn tỉnh, yêu cầu các sở, ngành thực hiện "
			 "nghiêm.</p><p>Theo đó, các địa phương cần chủ động giám sát, phát hiện sớm "
			 "các ca bệnh, xử lý triệt để ổ dịch, không để dịch lây lan rộng.</p><p>Sở Y "
			 "tế có trách nhiệm hướng dẫn, kiểm tra, đôn đốc các đơn vị triển khai thực "
			 "hiện và báo cáo kết quả về Ủy ban nhân dân tỉnh trước ngày 30 hằng tháng."
			 "</p></div><div class=\"footer\"><p>Cơ quan chủ quản: Ủy ban nhân dân tỉnh "
			 "Điện Biên</p></div></body></html>", heads[i]);
		CHECK_INT(extract_text(page, "https://dienbien.gov.vn/tin/7", &a), VN_OK);
		CHECK_STR(a.title, "Tỉnh triển khai kế hoạch phòng chống dịch bệnh năm 2022");
		CHECK(a.body && strncmp(a.body, "Ủy ban nhân dân tỉnh", strlen("Ủy ban nhân dân tỉnh")) == 0);
		CHECK_STR(a.published, "2022-05-12T08:30:00+07:00");
		parser_article_release(&a);
	}
}

/* A <title> that is the site's name as the page states it (og:site_name), whatever its
 * words, holds no headline either: the bold first line over the paragraphs is the title.
 * A bold first line under a <title> that is a headline stays in the body. */
static void test_headline_over_og_site_name_title(void)
{
	static const char fmt[] =
		"<html><head><title>%s</title><meta property=\"og:site_name\" content=\"Sở Y tế "
		"Hà Nội\"></head><body><div class=\"article\"><p><strong>Hà Nội tăng cường giám "
		"sát dịch sốt xuất huyết</strong></p><p>Sở Y tế Hà Nội vừa có văn bản yêu cầu các "
		"quận, huyện tăng cường giám sát, phát hiện sớm các ca bệnh sốt xuất huyết.</p><p>"
		"Trong tuần, toàn thành phố ghi nhận 393 ca mắc, tăng 12%% so với tuần trước, không "
		"có trường hợp tử vong.</p><p>Các đơn vị được yêu cầu tổ chức phun hóa chất diệt "
		"muỗi tại các ổ dịch và báo cáo kết quả trước ngày 30 hằng tháng.</p><p>Người dân "
		"được khuyến cáo chủ động diệt bọ gậy, loăng quăng trong gia đình mỗi tuần.</p>"
		"</div></body>"
		"</html>";
	char page[4096];
	struct parser_article a;

	snprintf(page, sizeof page, fmt, "Sở Y tế Hà Nội");
	CHECK_INT(extract_text(page, "https://soyte.hanoi.gov.vn/tin/9", &a), VN_OK);
	CHECK_STR(a.title, "Hà Nội tăng cường giám sát dịch sốt xuất huyết");
	CHECK(a.body && strncmp(a.body, "Sở Y tế Hà Nội vừa", strlen("Sở Y tế Hà Nội vừa")) == 0);
	parser_article_release(&a);

	snprintf(page, sizeof page, fmt, "Dịch sốt xuất huyết tại Hà Nội tuần 32");
	CHECK_INT(extract_text(page, "https://soyte.hanoi.gov.vn/tin/9", &a), VN_OK);
	CHECK_STR(a.title, "Dịch sốt xuất huyết tại Hà Nội tuần 32");
	CHECK(a.body && strncmp(a.body, "Hà Nội tăng cường", strlen("Hà Nội tăng cường")) == 0);
	parser_article_release(&a);
}

/* A short story over a longer teaser of the next post ("nextstory", "next-post"; the
 * words "story" and "post" in those class names do not make them the article) or a call
 * to action ("cta-global"). */
static void test_next_story_teaser_goes(void)
{
	static const char *const boxes[] = {
		"<div id=\"next-post-thumbnails\"><div class=\"nextstory\">",
		"<div class=\"next-story\"><div class=\"post-teaser\">",
		"<div class=\"cta-global\" id=\"cta-global\"><div class=\"col-12\">",
	};

	for (size_t i = 0; i < sizeof boxes / sizeof boxes[0]; i++) {
		char page[4096];
		struct parser_article a;

		snprintf(page, sizeof page,
			 "<html><head><title>Hating Millennials</title></head><body><div id=\"story\">"
			 "<p>Cartoonist Matt Bors got a spot on CNN for his scathing critique of the "
			 "narrative of the lazy, narcissistic generation, which has gone well beyond "
			 "territory of grumbling.</p><p>The strip runs through the usual charges one by one "
			 "and answers each with the numbers on wages, rents and debt that the critics "
			 "leave out. Click through for the whole thing.</p></div>%s<h2><a "
			 "href=\"/2019/09/25/choir.html\">Patti Smith joins the choir</a></h2><p>The "
			 "good folks at the choir are still doing their thing, and now they have "
			 "included both Patti Smith and Stewart Copeland to play along at a festival "
			 "co-presented by The Public Theatre, in a performance that the audience will "
			 "remember for a long time to come.</p></div></div></body></html>", boxes[i]);
		CHECK_INT(extract_text(page, "https://boingboing.net/2013/07/19/hating.html", &a),
			  VN_OK);
		CHECK(a.body && strncmp(a.body, "Cartoonist Matt Bors", 20) == 0);
		CHECK_NOT_CONTAINS(a.body, "Patti Smith");
		parser_article_release(&a);
	}
}

/* Lines closing the page in the site's voice go ("Copyright 2019 ...", "Subscribe to
 * our newsletter"); a closing paragraph that is about copyright stays. */
static void test_closing_call_to_action(void)
{
	static const char page[] =
		"<html><head><title>Licences for the commons</title></head><body><article><h1>"
		"Licences for the commons</h1><div class=\"entry\"><p>Creative Commons helps "
		"you legally share your knowledge and creativity to build a more equitable, "
		"accessible, and innovative world, the foundation said on Monday.</p><p>With a "
		"network of staff and affiliates around the world, it provides free, easy-to-use "
		"copyright licenses that give the public permission to share and use creative "
		"work.</p><p>Its affiliates employ region-specific approaches to copyright and "
		"intellectual property that help solve local and global challenges.</p><p>"
		"Subscribe to our newsletter for weekly updates.</p><p>Copyright 2019 Example "
		"News Corp.</p></div></article></body></html>";
	struct parser_article a;

	CHECK_INT(extract_text(page, "https://example.com/news/commons", &a), VN_OK);
	CHECK(a.body && strncmp(a.body, "Creative Commons helps", 22) == 0);
	CHECK_CONTAINS(a.body, "help solve local and global challenges.");
	CHECK_NOT_CONTAINS(a.body, "Subscribe");
	CHECK_NOT_CONTAINS(a.body, "Example News Corp");
	parser_article_release(&a);
}

/* The lead paragraph printed under the headline, beside a wrapper that holds only the
 * article's paragraphs ("div.group > div.longText"), opens the body. */
static void test_lead_beside_wrapper(void)
{
	static const char page[] =
		"<html><head><title>Tỉnh đẩy mạnh tiêm vắc xin</title></head><body><div class=\"col\">"
		"<h4>Y tế</h4><h1>Tỉnh đẩy mạnh tiêm vắc xin</h1><p class=\"intro\">Tỉnh đặt mục "
		"tiêu tiêm vắc xin cho 70% người dân trên 18 tuổi trước cuối năm, ưu tiên lực lượng "
		"tuyến đầu.</p><div class=\"share\"><a href=\"https://facebook.com/share\">Facebook"
		"</a> <a href=\"mailto:?x\">Email</a></div><div class=\"pic\"><img src=\"/a.jpg\" "
		"alt=\"Tiêm vắc xin\"><p>Người dân chờ tiêm</p></div><div class=\"group\"><div "
		"class=\"longText\"><p>Sáng 18/6, Sở Y tế tổ chức triển khai chiến dịch tiêm vắc xin "
		"phòng COVID-19 tại 12 điểm tiêm trên địa bàn tỉnh.</p><p>Các điểm tiêm được bố trí "
		"bảo đảm giãn cách, có đủ nhân lực và thuốc cấp cứu, người dân được khám sàng lọc "
		"trước khi tiêm.</p><p>Sở Y tế đề nghị các địa phương lập danh sách đối tượng ưu tiên "
		"và báo cáo kết quả hằng ngày.</p></div></div><div class=\"kw\"><a href=\"/tag/1\">"
		"Tiêm chủng mở rộng</a> <a href=\"/tag/2\">Phòng chống dịch COVID-19</a> <a "
		"href=\"/tag/3\">Sở Y tế tỉnh</a> <a href=\"/tag/4\">Vắc xin an toàn</a></div>"
		"</div></body></html>";
	struct parser_article a;

	CHECK_INT(extract_text(page, "https://tinh.gov.vn/tin/12", &a), VN_OK);
	CHECK(a.body && strncmp(a.body, "Tỉnh đặt mục tiêu", strlen("Tỉnh đặt mục tiêu")) == 0);
	CHECK_CONTAINS(a.body, "ưu tiên lực lượng tuyến đầu.\n\nSáng 18/6");
	CHECK_NOT_CONTAINS(a.body, "Tiêm chủng mở rộng");
	parser_article_release(&a);
}

/* The byline is the reporter's name: not the comment form's name field, not the
 * biography link beside the name, and without the date printed after it. */
static void test_byline_is_the_name_only(void)
{
	static const char vi[] =
		"<html><head><title>Tăng cường phòng chống dịch</title></head><body>"
		"<form class=\"comment\"><div class=\"comment-form-author\"><label for=\"author\">"
		"Họ tên (bắt buộc)</label><input id=\"author\" name=\"author\"></div></form>"
		"<h1>Tăng cường phòng chống dịch</h1><div class=\"content\"><p>Sáng ngày 30/11/2021, "
		"Ban Chỉ đạo phòng, chống dịch huyện đã họp để triển khai các biện pháp cấp bách "
		"phòng, chống dịch trên địa bàn, bảo đảm an toàn cho người dân.</p><p>Các xã, thị "
		"trấn được yêu cầu tăng cường kiểm tra, giám sát và xét nghiệm các trường hợp có "
		"nguy cơ, báo cáo kết quả hằng ngày về Trung tâm Y tế huyện.</p></div>"
		"<div class=\"tacgia\">Tác giả: Minh Chiến - 30/11/2021 08:30</div></body></html>";
	static const char en[] =
		"<html><head><title>Game makers bet on the cloud</title>"
		"<meta name=\"author\" content=\"Sarah E. Needleman\"></head><body>"
		"<h1>Game makers bet on the cloud</h1><div class=\"byline\">By <div class=\"author\">"
		"<span class=\"name\">Sarah E. Needleman</span> The Wall Street Journal Reporter "
		"<a class=\"author icon bio\" href=\"/news/author/1\">Biography</a></div></div>"
		"<article><p>Video game publishers are betting that players will stream games "
		"from data centers rather than buy consoles, and they are spending heavily to get "
		"there before their rivals do.</p><p>The shift could change how games are made, "
		"sold and played, executives said in interviews this week.</p></article></body></html>";
	struct parser_article a;

	CHECK_INT(extract_text(vi, "https://tuachua.dienbien.gov.vn/tin/1", &a), VN_OK);
	CHECK_STR(a.author, "Minh Chiến");
	parser_article_release(&a);
	CHECK_INT(extract_text(en, "https://www.wsj.com/articles/game-makers", &a), VN_OK);
	CHECK_STR(a.author, "Sarah E. Needleman");
	parser_article_release(&a);
}

static int extract_with(const char *title, const char *body, const char *date,
			struct parser_article *a)
{
	char path[4200];
	size_t len = 0;
	char *data;
	struct parser_input in = { .url = "https://tinh.gov.vn/tin/3" };
	int rc;

	memset(a, 0, sizeof *a);
	snprintf(path, sizeof path, "%s/figure-caption-vi.html", dir);
	data = test_read_file(path, &len);
	if (!data)
		return VN_EIO;
	in.data = data;
	in.len = len;
	in.xpath_title = title;
	in.xpath_body = body;
	in.xpath_date = date;
	rc = parser_article_extract(&in, a);
	free(data);
	return rc;
}

static void test_xpath_overrides_applied(void)
{
	struct parser_article a;

	/* the page's date line as the title, the first caption as the body, the date from
	 * an attribute-free text node: each override wins over the heuristics */
	CHECK_INT(extract_with("//div[@class='date']", "//figure[1]/figcaption",
			       "//title/following::div[@class='date']/text()", &a), VN_OK);
	CHECK_STR(a.title, "Ngày đăng 01/12/2022 | 15:44");
	CHECK_STR(a.body, "Đồng chí Chủ tịch UBND tỉnh phát biểu chỉ đạo tại hội nghị.");
	CHECK_STR(a.published, "2022-12-01T15:44:00+07:00");
	CHECK_INT(a.overrides_missed, 0);
	parser_article_release(&a);

	/* a date in a form the heuristics would not choose: the override decides */
	CHECK_INT(extract_with(NULL, NULL, "substring-after(//p[1], 'Sáng ngày ')", &a), VN_OK);
	CHECK_STR(a.published, "2022-11-30T00:00:00+07:00");
	CHECK_STR(a.title, "Tỉnh tổng kết công tác năm 2022");
	CHECK_INT(a.overrides_missed, 0);
	parser_article_release(&a);
}

static void test_xpath_overrides_missing_fall_back(void)
{
	struct parser_article plain, a;

	CHECK_INT(extract_with(NULL, NULL, NULL, &plain), VN_OK);
	/* nothing selected, a syntax error, a body without text, a date line without date */
	CHECK_INT(extract_with("//h2[@class='no-such-title']", "//div[@class='news-content'",
			       "//p[last()]", &a), VN_OK);
	CHECK_INT(a.overrides_missed,
		  PARSER_OVERRIDE_TITLE | PARSER_OVERRIDE_BODY | PARSER_OVERRIDE_DATE);
	CHECK_STR(a.title, plain.title);
	CHECK_STR(a.body, plain.body);
	CHECK_STR(a.published, plain.published);
	CHECK_STR(a.author, plain.author);
	parser_article_release(&a);
	CHECK_INT(extract_with(NULL, "//div[@class='other-news']//li/a/..", NULL, &a), VN_OK);
	CHECK_INT(a.overrides_missed, PARSER_OVERRIDE_BODY);
	CHECK_STR(a.body, plain.body);
	parser_article_release(&a);
	CHECK_INT(plain.overrides_missed, 0);
	parser_article_release(&plain);
}

/* Chinese and Japanese end sentences with full-width marks (。！？): a short sentence
 * opening the article is prose like an English one ending in '.', and the credit line
 * before it, no sentence, is furniture. */
static void test_cjk_sentence_marks(void)
{
	static const char page[] =
		"<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>"
		"市政府召开防疫工作会议_新闻中心</title></head><body><div class=\"header\">"
		"<a href=\"/\">首页</a> <a href=\"/xw\">新闻中心</a></div><div class=\"left\">"
		"<h1>市政府召开防疫工作会议</h1><div class=\"text\"><p>（记者 王明）</p>"
		"<p>本报讯：会议由市长主持。</p>"
		"<p>6月18日下午，市政府召开全市疫情防控工作会议，传达学习省委、省政府关于疫情防控"
		"工作的部署要求。</p><p>会议指出，当前疫情防控形势依然严峻复杂，各地各部门要坚决克服"
		"麻痹思想，慎终如始抓好各项工作。</p><p>会议要求，要严格落实“四早”要求，加强重点人群"
		"管理，做好疫苗接种工作，筑牢免疫屏障。</p></div></div><div class=\"related\"><h3>"
		"相关新闻</h3><ul><li><a href=\"/xw/1.html\">全市开展爱国卫生运动</a></li><li>"
		"<a href=\"/xw/2.html\">市领导调研农村工作</a></li></ul></div><div class=\"footer\">"
		"<p>版权所有 © 2021 某某市人民政府</p></div></body></html>";
	struct parser_article a;

	CHECK_INT(extract_text(page, "https://example.gov.cn/xw/3.html", &a), VN_OK);
	CHECK_STR(a.title, "市政府召开防疫工作会议");
	CHECK_STR(a.body, "本报讯：会议由市长主持。\n\n6月18日下午，市政府召开全市疫情防控工作会议，"
			  "传达学习省委、省政府关于疫情防控工作的部署要求。\n\n会议指出，当前疫情防控"
			  "形势依然严峻复杂，各地各部门要坚决克服麻痹思想，慎终如始抓好各项工作。\n\n"
			  "会议要求，要严格落实“四早”要求，加强重点人群管理，做好疫苗接种工作，筑牢免疫"
			  "屏障。");
	parser_article_release(&a);
}

/* A short paragraph citing a document of a given day ("Theo Văn bản số 999/UBND-KT ngày
 * 1/1/2022.") is body text, not the page's date line; the date line above it still goes. */
static void test_short_citation_is_no_dateline(void)
{
	static const char page[] =
		"<html><head><meta charset=\"utf-8\"><title>Cổng thông tin điện tử tỉnh Hà Giang"
		"</title></head><body><div class=\"menu\"><a href=\"/\">Trang chủ</a> <a href="
		"\"/tt\">Tin tức</a></div><div class=\"detail\"><h1>Triển khai thực hiện văn bản "
		"về phòng chống dịch</h1><div class=\"date\">05/12/2026 08:15</div><p>Theo Văn bản "
		"số 999/UBND-KT ngày 1/1/2022.</p><p>Các sở, ngành và địa phương cần tổ chức thực "
		"hiện nghiêm túc, hiệu quả các nội dung trên, báo cáo kết quả về UBND tỉnh trước "
		"ngày 30/12/2026.</p><p>Sở Y tế chủ trì, phối hợp với các đơn vị liên quan hướng "
		"dẫn, kiểm tra, đôn đốc việc thực hiện; tổng hợp những khó khăn, vướng mắc để kịp "
		"thời đề xuất giải pháp.</p></div><div class=\"footer\">Địa chỉ: 01 Lê Lợi</div>"
		"</body></html>";
	struct parser_article a;

	CHECK_INT(extract_text(page, "https://hagiang.gov.vn/tt/1.html", &a), VN_OK);
	CHECK_STR(a.published, "2026-12-05T08:15:00+07:00");
	CHECK(a.body && strncmp(a.body, "Theo Văn bản số 999/UBND-KT ngày 1/1/2022.\n\nCác sở",
				strlen("Theo Văn bản số 999/UBND-KT ngày 1/1/2022.\n\nCác sở")) == 0);
	CHECK_NOT_CONTAINS(a.body, "05/12/2026");
	CHECK_INT((long)a.n_documents, 1);
	parser_article_release(&a);
}

/* A table of figures reads a row a line, its cells joined by " | " (a link cell left out
 * still starts its row); a layout table of one cell a row, and a cell of paragraphs, keep
 * their paragraphs. */
static void test_table_rows_on_lines(void)
{
	static const char page[] =
		"<html><head><meta charset=\"utf-8\"><title>Cổng thông tin điện tử tỉnh Lạng Sơn"
		"</title></head><body><div class=\"menu\"><a href=\"/\">Trang chủ</a></div>"
		"<div class=\"detail\"><h1>Tình hình dịch bệnh sốt xuất huyết tuần 45</h1>"
		"<p>Trong tuần 45, toàn tỉnh ghi nhận 120 ca mắc sốt xuất huyết, tăng 15 ca so với "
		"tuần trước, không có trường hợp tử vong.</p><p>Số ca mắc theo huyện như sau:</p>"
		"<table><thead><tr><th>Huyện</th><th>Số ca mắc</th><th>Tử vong</th></tr></thead>"
		"<tbody><tr><td>Cao Lộc</td><td>45</td><td>0</td></tr><tr><td><a href=\"/bc/2\">"
		"Xem</a></td><td>Văn Lãng</td><td>30</td><td>0</td></tr></tbody></table>"
		"<table><tr><td>Sở Y tế đề nghị các địa phương tăng cường công tác phun hóa chất "
		"diệt muỗi, tổ chức chiến dịch diệt lăng quăng, bọ gậy tại các khu vực có ổ dịch."
		"</td></tr><tr><td>Người dân khi có dấu hiệu sốt cao cần đến ngay cơ sở y tế gần "
		"nhất để được khám và điều trị kịp thời.</td></tr></table>"
		"<table><tr><td><p>Các trường học thực hiện vệ sinh môi trường, không để nước đọng "
		"trong khuôn viên.</p><p>Các khu dân cư tổ chức tổng vệ sinh hằng tuần.</p></td>"
		"<td>Ảnh: Minh Hà</td></tr></table></div></body></html>";
	struct parser_article a;

	CHECK_INT(extract_text(page, "https://langson.gov.vn/tin/1.html", &a), VN_OK);
	CHECK_CONTAINS(a.body, "như sau:\n\nHuyện | Số ca mắc | Tử vong\nCao Lộc | 45 | 0\nVăn Lãng | 30 | 0"
			       "\n\nSở Y tế đề nghị");
	CHECK_CONTAINS(a.body, "có ổ dịch.\n\nNgười dân khi");
	CHECK_CONTAINS(a.body, "trong khuôn viên.\n\nCác khu dân cư tổ chức tổng vệ sinh hằng "
			       "tuần.\n\nẢnh: Minh Hà");
	parser_article_release(&a);
}

/* The read-aloud and rating widgets of portal articles (Liferay's ratings portlet) are no
 * part of the article, above or below it. */
static void test_read_aloud_and_rating_widgets_go(void)
{
	static const char page[] =
		"<html><head><meta charset=\"utf-8\"><title>Cổng thông tin điện tử tỉnh Lạng Sơn"
		"</title></head><body><div class=\"menu\"><a href=\"/\">Trang chủ</a></div>"
		"<div class=\"detail\"><h1>Hội nghị triển khai công tác phòng chống dịch</h1>"
		"<div class=\"date\">05/12/2026</div><div class=\"tts\"><span>Nghe đọc bài viết"
		"</span> <select><option>Giọng nữ miền Bắc</option></select> <span>Tốc độ: 1.0x"
		"</span></div><p>Sáng nay, UBND tỉnh đã tổ chức hội nghị triển khai công tác phòng "
		"chống dịch bệnh trên địa bàn tỉnh. Các đại biểu đã thảo luận nhiều nội dung quan "
		"trọng.</p><p>Đồng chí Chủ tịch UBND tỉnh yêu cầu các sở, ngành thực hiện nghiêm "
		"các biện pháp phòng chống dịch theo quy định hiện hành.</p><div class=\"rate\">"
		"<p>Đánh giá bài viết</p><p>Tổng số điểm của bài viết là: 0 trong 0 đánh giá</p>"
		"<p>Click để đánh giá bài viết</p></div></div><div class=\"footer\">Địa chỉ: 01 "
		"Lê Lợi</div></body></html>";
	struct parser_article a;

	CHECK_INT(extract_text(page, "https://langson.gov.vn/tin/2.html", &a), VN_OK);
	CHECK_STR(a.body, "Sáng nay, UBND tỉnh đã tổ chức hội nghị triển khai công tác phòng chống "
			  "dịch bệnh trên địa bàn tỉnh. Các đại biểu đã thảo luận nhiều nội dung quan "
			  "trọng.\n\nĐồng chí Chủ tịch UBND tỉnh yêu cầu các sở, ngành thực hiện "
			  "nghiêm các biện pháp phòng chống dịch theo quy định hiện hành.");
	parser_article_release(&a);
}

/* An older department site: its <title> is its name on every page, and the headline is a
 * table cell classed "tieude" in the row over the body's.  A short <title> that is the
 * headline itself keeps it over a category label above the body. */
#define DEPT_PAGE(title, label)                                                          \
	"<html><head><meta charset=\"utf-8\"><title>" title "</title></head><body><table>"  \
	"<tr><td class=\"menu\"><a href=\"/\">TRANG CHỦ</a> | <a href=\"/tt.aspx\">TIN TỨC"   \
	"</a></td></tr><tr><td><table><tr><td class=\"tieude\"><b>" label "</b></td></tr>"   \
	"<tr><td class=\"ngay\"><i>(Ngày đăng: 12/03/2019 09:15:00 SA)</i></td></tr><tr><td " \
	"class=\"noidung\">Ngày 11/3/2019, Sở Y tế đã ban hành kế hoạch triển khai chiến "    \
	"dịch tiêm bổ sung vắc xin Sởi - Rubella cho trẻ từ 1 đến 5 tuổi.<br><br>Theo đó, "   \
	"chiến dịch được tổ chức từ ngày 15/3 đến ngày 30/3/2019 tại 8 huyện với khoảng "     \
	"12.000 trẻ trong diện tiêm, theo dõi phản ứng sau tiêm ít nhất 30 phút.</td></tr>"  \
	"</table></td></tr><tr><td class=\"footer\">Địa chỉ: 021 Hoàng Đình Giong</td></tr>" \
	"</table></body></html>"

static void test_headline_above_body_over_org_title(void)
{
	static const char dept[] = DEPT_PAGE("SỞ Y TẾ TỈNH CAO BẰNG",
					     "SỞ Y TẾ TRIỂN KHAI CHIẾN DỊCH TIÊM VẮC XIN SỞI - RUBELLA");
	static const char headline_title[] = DEPT_PAGE("Sở Y tế họp giao ban",
						       "Tin hoạt động của Sở Y tế");

	check_title(dept, "https://soyte.caobang.gov.vn/t/1.aspx",
		    "SỞ Y TẾ TRIỂN KHAI CHIẾN DỊCH TIÊM VẮC XIN SỞI - RUBELLA");
	check_title(headline_title, "https://soyte.caobang.gov.vn/t/2.aspx", "Sở Y tế họp giao ban");
}

/* A <title> of the headline and the portal's name keeps the headline even when the
 * portal's name is the longer part. */
static void test_title_segment_naming_portal_goes(void)
{
	static const char page[] =
		"<html><head><meta charset=\"utf-8\"><title>Họp giao ban tháng 11 - Cổng thông tin "
		"điện tử tỉnh Lạng Sơn</title></head><body><div class=\"detail\"><div class=\"date"
		"\">05/12/2026</div><p>Sáng nay, UBND tỉnh đã tổ chức họp giao ban tháng 11 để đánh "
		"giá kết quả thực hiện nhiệm vụ phát triển kinh tế - xã hội.</p><p>Đồng chí Chủ tịch "
		"UBND tỉnh yêu cầu các sở, ngành tập trung hoàn thành các chỉ tiêu của năm.</p>"
		"<p>Các địa phương cần chủ động xây dựng kế hoạch cho năm tới, bố trí nguồn lực hợp "
		"lý.</p></div></body></html>";

	check_title(page, "https://langson.gov.vn/tin/3.html", "Họp giao ban tháng 11");
}

/* A related-news label in capitals ("TIN LIÊN QUAN") or in another wording ("Tin cùng
 * chủ đề") ends the article as "Tin liên quan" does: the teasers under it stay out. */
static void check_related_label(const char *label)
{
	char page[4096];
	int failed = test_checks_failed_in_case_;

	snprintf(page, sizeof page,
		 "<html><head><meta charset=\"utf-8\"><title>Cổng TTĐT tỉnh</title></head><body>"
		 "<div class=\"detail\"><h1>Hội nghị triển khai công tác phòng chống dịch</h1>"
		 "<div class=\"date\">05/12/2026</div><p>Sáng nay, UBND tỉnh đã tổ chức hội nghị "
		 "triển khai công tác phòng chống dịch bệnh trên địa bàn tỉnh năm 2021.</p><p>Đồng "
		 "chí Chủ tịch UBND tỉnh yêu cầu các sở, ngành thực hiện nghiêm các biện pháp phòng "
		 "chống dịch theo quy định hiện hành.</p><p>Hội nghị cũng đã nghe báo cáo kết quả "
		 "thực hiện nhiệm vụ trong năm và phương hướng, nhiệm vụ trọng tâm của năm tới.</p>"
		 "<p><strong>%s</strong></p><p><a href=\"/t/9\">Tổng kết công tác y tế năm 2021</a>"
		 "</p><p>Ngày 20/1, Sở Y tế tổ chức hội nghị tổng kết công tác y tế năm 2021 và "
		 "triển khai nhiệm vụ năm 2022 với sự tham dự của các đơn vị trong ngành.</p>"
		 "</div></body></html>", label);
	check_body(page, "https://example.gov.vn/tin/4.html",
		   (const char *const[]){ "trọng tâm của năm tới.", NULL },
		   (const char *const[]){ "Ngày 20/1", label, NULL });
	if (test_checks_failed_in_case_ > failed)
		fprintf(stderr, "  label %s\n", label);
}

static void test_related_labels_in_capitals_and_variants(void)
{
	check_related_label("Tin liên quan");
	check_related_label("TIN LIÊN QUAN");
	check_related_label("CÁC TIN ĐÃ ĐƯA:");
	check_related_label("Tin cùng chủ đề");
	check_related_label("Các tin bài khác");
	check_related_label("TIN KHÁC");
}

/* Counter and footer lines in capitals ("LƯỢT XEM: 1.234", "ĐIỆN THOẠI: ...") go as
 * their mixed-case forms do. */
static void test_counter_lines_in_capitals_go(void)
{
	static const char page[] =
		"<html><head><meta charset=\"utf-8\"><title>Cổng TTĐT tỉnh</title></head><body>"
		"<div class=\"detail\"><h1>Hội nghị triển khai công tác phòng chống dịch</h1>"
		"<div class=\"date\">05/12/2026</div><p>LƯỢT XEM: 1.234</p><p>Sáng nay, UBND tỉnh "
		"đã tổ chức hội nghị triển khai công tác phòng chống dịch bệnh trên địa bàn tỉnh.</p>"
		"<p>Đồng chí Chủ tịch UBND tỉnh yêu cầu các sở, ngành thực hiện nghiêm các biện pháp "
		"phòng chống dịch theo quy định hiện hành.</p><p>ĐIỆN THOẠI: 0205 3812 345</p></div>"
		"</body></html>";

	check_body(page, "https://example.gov.vn/tin/5.html",
		   (const char *const[]){ "Sáng nay, UBND tỉnh", NULL },
		   (const char *const[]){ "LƯỢT XEM", "ĐIỆN THOẠI", NULL });
}

/* A "see also" label in another language leaves the body; a comments heading ends it. */
static void test_labels_in_other_languages(void)
{
	static const char page[] =
		"<html lang=\"de\"><head><meta charset=\"utf-8\"><title>Stadtrat beschließt "
		"neuen Haushalt</title></head><body><article><h1>Stadtrat beschließt neuen Haushalt"
		"</h1><p>Der Stadtrat hat am Dienstag mit großer Mehrheit den Haushalt für das "
		"kommende Jahr beschlossen, nachdem die Beratungen mehrere Wochen gedauert hatten.</p>"
		"<p><strong>Lesen Sie auch</strong></p><p>Die Opposition kritisierte vor allem die "
		"geplanten Kürzungen bei den Schwimmbädern und kündigte weiteren Widerstand an.</p>"
		"<p>Der Bürgermeister verteidigte die Entscheidung als notwendig, um die Finanzen "
		"der Stadt langfristig zu stabilisieren.</p><h3>KOMMENTARE</h3><p>Ich finde es "
		"richtig, dass endlich gespart wird, auch wenn es manchen wehtut, schrieb ein Leser "
		"unter dem Artikel.</p></article></body></html>";

	check_body(page, "https://example.de/politik/haushalt.html",
		   (const char *const[]){ "langfristig zu stabilisieren.", NULL },
		   (const char *const[]){ "Lesen Sie auch", "endlich gespart", NULL });
	/* a French date line, Al Jazeera's screen-reader marks around its "read also" box,
	 * Folha's "Leia mais", an Italian newsletter sign-up closing the page */
	check_body("<html lang=\"fr\"><head><meta charset=\"utf-8\"><title>Le budget adopté"
		   "</title></head><body><article><h1>Le conseil municipal adopte le budget</h1><p>"
		   "Publié le 08/11/2023 à 18:27, mis à jour le 08/11/2023 à 19:05</p><p>Le conseil "
		   "municipal a adopté mardi le budget de l’année prochaine après plusieurs semaines "
		   "de débats animés.</p><p>اقرأ أيضا</p><p>list 1 of 4</p><p>قائمة من 4 عناصر</p>"
		   "<p>نهاية القائمة</p><p>Leia mais</p><p>L’opposition a critiqué les coupes prévues "
		   "dans les piscines et annoncé qu’elle continuerait à s’y opposer.</p><p>Le maire a "
		   "défendu une décision nécessaire pour stabiliser les finances de la ville.</p><p>"
		   "Ogni mattina le notizie più importanti nella tua casella di posta.</p></article>"
		   "</body></html>", "https://example.fr/politique/budget.html",
		   (const char *const[]){ "Le conseil municipal a adopté", "finances de la ville.",
					  NULL },
		   (const char *const[]){ "Publié le", "list 1", "قائمة", "اقرأ", "نهاية", "Leia",
					  "casella", NULL });
}

/* A department signing the article on the last line ("Phòng Nghiệp vụ Y") is its byline
 * and leaves the body; a closing heading about prevention ("Phòng chống dịch bệnh") is
 * no department. */
static void check_closing_org(const char *closing, const char *author)
{
	char page[4096];
	struct parser_article a;

	snprintf(page, sizeof page,
		 "<html><head><meta charset=\"utf-8\"><title>SỞ Y TẾ TỈNH CAO BẰNG</title></head>"
		 "<body><div class=\"detail\"><h1>Triển khai chiến dịch tiêm vắc xin Sởi - Rubella"
		 "</h1><div class=\"date\">12/03/2019</div><p>Ngày 11/3/2019, Sở Y tế đã ban hành kế "
		 "hoạch triển khai chiến dịch tiêm bổ sung vắc xin Sởi - Rubella cho trẻ em.</p><p>"
		 "Chiến dịch được tổ chức từ ngày 15/3 đến ngày 30/3/2019 tại 8 huyện với khoảng "
		 "12.000 trẻ trong diện tiêm.</p><p><b>%s</b></p></div></body></html>", closing);
	CHECK_INT(extract_text(page, "https://soyte.caobang.gov.vn/t/3.aspx", &a), VN_OK);
	if (author) {
		CHECK_STR(a.author, author);
		CHECK_NOT_CONTAINS(a.body, closing);
	} else {
		CHECK(a.author == NULL);
	}
	parser_article_release(&a);
}

static void test_department_signature_is_the_byline(void)
{
	check_closing_org("Phòng Nghiệp vụ Y", "Phòng Nghiệp vụ Y");
	check_closing_org("Văn phòng UBND tỉnh", "Văn phòng UBND tỉnh");
	check_closing_org("Trung tâm Y tế huyện", "Trung tâm Y tế huyện");
	check_closing_org("Phòng chống dịch bệnh", NULL);
	check_closing_org("Sở Y tế đề nghị người dân đưa trẻ đi tiêm đầy đủ, đúng lịch", NULL);
}

/* White space after a block is not kept in the tree (it costs a node a block on big
 * pages): a hidden or pruned block between two words still leaves a space. */
static void test_words_around_dropped_blocks_stay_apart(void)
{
	static const char page[] =
		"<html><head><meta charset=\"utf-8\"><title>Cổng TTĐT tỉnh</title></head><body>"
		"<div class=\"detail\"><h1>Hội nghị triển khai công tác phòng chống dịch</h1>"
		"<p>Sáng nay, UBND tỉnh đã tổ chức hội nghị triển khai công tác phòng chống dịch bệnh "
		"trên địa bàn tỉnh năm 2021.</p><div class=\"text\">Đồng chí Chủ tịch UBND tỉnh yêu "
		"cầu các sở, ngành thực hiện nghiêm<div style=\"display:none\">ẩn</div>\n<strong>các "
		"biện pháp</strong> phòng chống dịch theo quy định<div class=\"share\">Chia sẻ</div>"
		"\n<em>hiện hành</em> và báo cáo kết quả.</div><p>Hội nghị cũng đã nghe báo cáo kết "
		"quả thực hiện nhiệm vụ trong năm và phương hướng, nhiệm vụ trọng tâm của năm tới.</p>"
		"</div></body></html>";

	check_body(page, "https://example.gov.vn/tin/6.html",
		   (const char *const[]){ "thực hiện nghiêm các biện pháp",
					  "theo quy định hiện hành và", NULL },
		   (const char *const[]){ "ẩn", "Chia sẻ", NULL });
}

/* The closing lines of news sites: a byline with the site's name after a slash ("Vĩnh
 * Hà/VOV.VN") or a source credit ("Theo TTXVN") is the author and leaves the body, as does
 * a broadcaster's plug above it; a source label after the name ("Hà Thu Nguồn: VTV
 * Digital") and a "Viết bởi" label are not part of the name; an ad label goes. */
static void closing_page(char page[4096], const char *closing)
{
	snprintf(page, 4096,
		 "<html><head><meta charset=\"utf-8\"><title>Bộ Y tế đề nghị tăng tốc tiêm vắc "
		 "xin</title></head><body><div class=\"detail\"><h1>Bộ Y tế đề nghị tăng tốc tiêm "
		 "vắc xin</h1><div class=\"date\">12/03/2021</div><p>Sáng nay, Bộ Y tế đã có văn "
		 "bản đề nghị các địa phương đẩy nhanh tiến độ tiêm vắc xin cho người dân.</p><p>"
		 "Quảng cáo</p><p>Các địa phương cần bảo đảm an toàn tiêm chủng và báo cáo kết quả "
		 "hằng ngày về Bộ Y tế.</p>%s</div></body></html>", closing);
}

static void check_closing(const char *closing, const char *author, const char *gone)
{
	char page[4096];
	struct parser_article a;

	closing_page(page, closing);
	CHECK_INT(extract_text(page, "https://example.vn/t/3.html", &a), VN_OK);
	CHECK_STR(a.author, author);
	CHECK_NOT_CONTAINS(a.body, gone);
	CHECK_NOT_CONTAINS(a.body, "Quảng cáo");
	CHECK_CONTAINS(a.body, "về Bộ Y tế.");
	parser_article_release(&a);
}

static void test_news_site_closing_lines(void)
{
	check_closing("<p><strong>Vĩnh Hà/VOV.VN</strong></p>", "Vĩnh Hà/VOV.VN", "VOV.VN");
	check_closing("<p style=\"text-align:right\"><b>Theo TTXVN</b></p>", "TTXVN",
		      "TTXVN");
	check_closing("<p><em>Mời quý độc giả theo dõi các chương trình đã phát sóng của Đài "
		      "Truyền hình Việt Nam trên TV Online và VTVGo!</em></p><div>Hà Thu <span>"
		      "Nguồn: VTV Digital</span></div>", "Hà Thu", "Mời quý độc giả");
	check_closing("<p>Viết bởi Minh Đức</p>", "Minh Đức", "Viết bởi");
	check_closing("<p style=\"text-align: right;\"><strong>Nhóm phóng viên TTXVN</strong></p>",
		      "Nhóm phóng viên TTXVN", "Nhóm phóng viên");
	/* the byline twice: closing the article and in a box under it (VOV) */
	check_closing("<p style=\"text-align: right;\"><strong>Vĩnh Hà/VOV.VN</strong></p><div "
		      "class=\"article-author\">Vĩnh Hà/VOV.VN</div>", "Vĩnh Hà/VOV.VN", "Vĩnh Hà");
	/* a source credit leaves the body; the byline above it is the author */
	check_closing("<p><strong>Ngọc Lan</strong></p><p style=\"text-align:right\"><strong>"
		      "Nguồn: Sở Y tế</strong></p>", "Ngọc Lan", "Nguồn");
	check_closing("<p>(Nguồn: baochinhphu.vn)</p>", "baochinhphu.vn", "Nguồn");
	check_closing("<p>NGUỒN TIN: Báo Đồng Nai</p>", "Báo Đồng Nai", "Đồng Nai");
	/* a credit in brackets, a list of sources, a foreign source alone under a
	 * translator's credit (genk.vn) */
	check_closing("<p style=\"text-align:right\">(Theo VnExpress)</p>", "VnExpress", "(Theo");
	check_closing("<p><em>Theo Reuters, AFP</em></p>", "Reuters, AFP", "AFP");
	check_closing("<div style=\"text-align:right\"><i>Theo Minh Nguyễn/Vcamp.vn</i></div>"
		      "<div style=\"text-align:right\"><i>Forbes</i></div>", "Minh Nguyễn/Vcamp.vn",
		      "Forbes");
	check_closing("<p>Reuters</p>", "Reuters", "Reuters");
	/* a longer department's name; a byline's brackets stay, as printed */
	check_closing("<p style=\"text-align:right\"><b>Trung tâm Kiểm soát bệnh tật tỉnh</b></p>",
		      "Trung tâm Kiểm soát bệnh tật tỉnh", "Kiểm soát bệnh tật");
	check_closing("<p><strong>Lan Anh (tổng hợp)</strong></p>", "Lan Anh (tổng hợp)", "Lan Anh");
	check_closing("<p><strong>Văn Hùng (TTXVN)</strong></p>", "Văn Hùng (TTXVN)", "Văn Hùng");
}

/* What only looks like a closing credit stays: a sentence opening with "Theo đó,"
 * ("accordingly"), and a lone word closing an English story. */
static void test_credit_lookalikes_stay(void)
{
	static const char vi[] =
		"<html><head><meta charset=\"utf-8\"><title>T</title></head><body><div class="
		"\"detail\"><h1>Giá xăng điều chỉnh từ chiều nay</h1><p>Liên Bộ Công Thương - Tài "
		"chính vừa có thông báo điều chỉnh giá xăng dầu trong nước từ 15 giờ chiều nay.</p>"
		"<p>Theo đó, giá xăng tăng thêm năm trăm đồng mỗi lít</p></div></body></html>";
	static const char en[] =
		"<html lang=\"en\"><head><meta charset=\"utf-8\"><title>T</title></head><body>"
		"<article><h1>Markets rally as inflation cools</h1><p>Stocks rose on Tuesday after "
		"new figures showed inflation cooling faster than economists had expected.</p><p>"
		"The index closed at a record high for the third day running, led by tech.</p><p>"
		"Thanks</p></article></body></html>";
	struct parser_article a;
	char page[4096];

	CHECK_INT(extract_text(vi, "https://example.vn/t/4.html", &a), VN_OK);
	CHECK(a.author == NULL);
	CHECK_CONTAINS(a.body, "Theo đó, giá xăng tăng thêm");
	parser_article_release(&a);
	/* a button's word left at the end of a Vietnamese page is no source */
	closing_page(page, "<p>Infographic</p>");
	CHECK_INT(extract_text(page, "https://example.vn/t/5.html", &a), VN_OK);
	CHECK(a.author == NULL);
	parser_article_release(&a);
	CHECK_INT(extract_text(en, "https://example.com/markets/1", &a), VN_OK);
	CHECK(a.author == NULL);
	CHECK_CONTAINS(a.body, "Thanks");
	parser_article_release(&a);
}

/* Word's conditional markers around pasted list items are no text. */
static void test_word_list_markers_go(void)
{
	static const char page[] =
		"<html><head><meta charset=\"utf-8\"><title>Cổng TTĐT tỉnh</title></head><body>"
		"<div class=\"detail\"><h1>Sở Giáo dục hướng dẫn phòng chống dịch</h1><p>Sở Giáo "
		"dục và Đào tạo đề nghị các đơn vị thực hiện nghiêm các nội dung sau đây trong năm "
		"học mới.</p><p class=\"MsoListParagraph\"><![if !supportLists]><span>-<span> "
		"</span></span><![endif]>Hướng dẫn các trường xây dựng kế hoạch ứng phó khi phát hiện "
		"ca mắc COVID-19;</p><p class=\"MsoListParagraph\"><![if !supportLists]><span>-"
		"<span> </span></span><![endif]>Tổ chức tiêm vắc xin cho học sinh theo kế hoạch của "
		"ngành y tế.</p></div></body></html>";

	check_body(page, "https://example.gov.vn/tin/7.html",
		   (const char *const[]){ "Hướng dẫn các trường", "Tổ chức tiêm vắc xin", NULL },
		   (const char *const[]){ "<![", "endif", NULL });
}

/* A date line carrying the author and a view counter, and a star rating line, are page
 * furniture. */
static void test_dateline_with_counter_and_rating_go(void)
{
	static const char page[] =
		"<html><head><meta charset=\"utf-8\"><title>Cổng TTĐT tỉnh</title></head><body>"
		"<div class=\"detail\"><h1>Tình hình dịch bệnh tuần 46</h1><p>15/11/2021 12:30:45 CH "
		"Tác giả: Lê Văn Tâm | Lượt xem: 523</p><p>Trong tuần 46, toàn tỉnh ghi nhận 86 ca "
		"mắc COVID-19 mới, trong đó có 12 ca trong cộng đồng.</p><p>Trung tâm Kiểm soát bệnh "
		"tật tỉnh đề nghị người dân thực hiện nghiêm thông điệp 5K.</p><p>Đánh giá bài viết: "
		"☆☆☆☆☆ (0 lượt đánh giá)</p></div></body></html>";

	check_body(page, "https://example.gov.vn/tin/8.html",
		   (const char *const[]){ "Trong tuần 46", "thông điệp 5K.", NULL },
		   (const char *const[]){ "Lượt xem", "Đánh giá", NULL });
	/* the date line with the article's tools (QĐND) */
	check_body("<html><head><meta charset=\"utf-8\"><title>QĐND</title></head><body><div "
		   "class=\"detail-post\"><h1>Bộ Tư lệnh Thủ đô hỗ trợ các điểm tiêm chủng</h1><div>"
		   "<span>Thứ Sáu, 03/09/2021, 15:40 (GMT+7)</span> <span><a href=\"#\">In bài "
		   "viết</a> <a href=\"#\">Cỡ chữ</a></span></div><p>Ngày 3-9, Bộ Tư lệnh Thủ đô Hà "
		   "Nội cho biết đã điều động hơn 1.000 cán bộ, chiến sĩ hỗ trợ tiêm chủng.</p><p>Các "
		   "đơn vị phối hợp chặt chẽ với ngành y tế tổ chức các điểm tiêm lưu động.</p></div>"
		   "</body></html>", "https://www.qdnd.vn/tin/1",
		   (const char *const[]){ "Ngày 3-9", "tiêm lưu động.", NULL },
		   (const char *const[]){ "15:40", "In bài", "Cỡ chữ", NULL });
}

/* A sapo above a labeled related-news box that stands before the body stays the body's
 * first paragraph (thanhnien.vn, cand.com.vn). */
static void test_sapo_above_related_box(void)
{
	static const char page[] =
		"<html><head><meta charset=\"utf-8\"><title>Hà Nội giãn cách xã hội 15 ngày</title>"
		"</head><body><div class=\"menu\"><a href=\"/\">Trang chủ</a> <a href=\"/ts\">Thời "
		"sự</a></div><div class=\"detail\"><h1>Hà Nội giãn cách xã hội 15 ngày</h1><div "
		"id=\"chapeau\">Chủ tịch UBND TP Hà Nội vừa ký chỉ thị về việc thực hiện giãn cách xã "
		"hội trên địa bàn thành phố trong 15 ngày.</div><div class=\"morenews\"><h3>Tin liên "
		"quan</h3><ul><li><a href=\"/a1\">Hà Nội thêm 70 ca mắc COVID-19 trong ngày</a></li>"
		"<li><a href=\"/a2\">Người dân đổ xô đi mua thực phẩm</a></li></ul></div><div id=\""
		"abody\"><p>Theo chỉ thị, Hà Nội thực hiện giãn cách xã hội theo nguyên tắc gia đình "
		"cách ly với gia đình, thôn bản cách ly với thôn bản.</p><p>Người dân chỉ ra khỏi nhà "
		"trong trường hợp thật sự cần thiết như mua lương thực, thực phẩm, thuốc men.</p><p>"
		"Các cơ quan, đơn vị bố trí cho cán bộ làm việc tại nhà, trừ các trường hợp cần thiết."
		"</p></div></div></body></html>";

	check_body(page, "https://example.vn/tin/9.html",
		   (const char *const[]){ "Chủ tịch UBND TP Hà Nội vừa ký", "trừ các trường hợp",
					  NULL },
		   (const char *const[]){ "Tin liên quan", "thêm 70 ca", NULL });
}

/* A table whose cells each hold a paragraph reads a row a line too. */
static void test_table_of_paragraph_cells(void)
{
	static const char page[] =
		"<html><head><meta charset=\"utf-8\"><title>Cổng TTĐT tỉnh</title></head><body>"
		"<div class=\"detail\"><h1>Tình hình dịch COVID-19</h1><p>Sở Y tế cho biết số ca "
		"mắc mới trong ba ngày qua vẫn ở mức cao, tập trung tại các khu cách ly.</p><table>"
		"<tr><td><p>Ngày</p></td><td><p>Ca mắc mới</p></td></tr><tr><td><p>20-7</p></td><td>"
		"<p>3.218</p></td></tr><tr><td><p>21-7</p></td><td><p>4.036</p></td></tr></table><p>"
		"Sở Y tế đề nghị người dân thực hiện nghiêm các biện pháp phòng, chống dịch.</p></div>"
		"</body></html>";

	check_body(page, "https://example.gov.vn/tin/10.html",
		   (const char *const[]){ "Ngày | Ca mắc mới\n20-7 | 3.218\n21-7 | 4.036", NULL },
		   NULL);
}

/* A "Tin liên quan" box set between two paragraphs, past the middle of the article, is
 * stepped over: the article goes on after it.  A label whose list holds teasers of other
 * articles still ends the body. */
static void test_related_box_inside_article(void)
{
	static const char head[] =
		"<html><head><meta charset=\"utf-8\"><title>Cổng TTĐT tỉnh Thái Bình</title>"
		"</head><body><div class=\"detail-news\"><h2>Kết quả tiêm chủng vắc xin đến ngày "
		"14/9</h2><div class=\"detail-content\"><p>Thực hiện chiến dịch tiêm chủng, ngành Y "
		"tế tỉnh đã huy động tối đa lực lượng, tổ chức tiêm xuyên ngày, xuyên đêm.</p><p>"
		"Tính đến hết ngày 14/9, toàn tỉnh đã tiêm được 612.458 liều vắc xin phòng "
		"COVID-19 cho người dân.</p><p>Sở Y tế cho biết, trong tuần tới tỉnh dự kiến tiếp "
		"nhận thêm 150.000 liều vắc xin và sẽ phân bổ ngay cho các huyện.</p>";
	static const char box[] =
		"<table class=\"tlq\" align=\"right\"><tr><td><strong>Tin liên quan</strong><ul><li>"
		"<a href=\"/tin/81050\">Thái Bình lập thêm 50 điểm tiêm vắc xin lưu động</a></li><li>"
		"<a href=\"/tin/80987\">Tiêm vắc xin cho người lao động tại khu công nghiệp</a></li>"
		"</ul></td></tr></table><p>Để bảo đảm an toàn, mỗi điểm tiêm đều bố trí đầy đủ trang "
		"thiết bị cấp cứu theo Quyết định số 2995/QĐ-BYT của Bộ Y tế.</p><p>UBND tỉnh yêu "
		"cầu các địa phương hoàn thành tiêm mũi 1 trước ngày 30/9/2021.</p></div></div>"
		"</body></html>";
	static const char teasers[] =
		"<div class=\"lq\"><strong>Tin liên quan</strong><ul><li><a href=\"/tin/81050\">Thái "
		"Bình lập thêm 50 điểm tiêm</a><p>Ngành Y tế tỉnh vừa lập thêm 50 điểm tiêm lưu "
		"động tại các xã vùng sâu của tỉnh.</p></li></ul></div></div></div></body></html>";
	char page[4096];

	snprintf(page, sizeof page, "%s%s", head, box);
	check_body(page, "https://thaibinh.gov.vn/tin/81210",
		   (const char *const[]){ "cho các huyện.\n\nĐể bảo đảm an toàn",
					  "trước ngày 30/9/2021.", NULL },
		   (const char *const[]){ "Tin liên quan", "50 điểm tiêm", "người lao động",
					  NULL });
	snprintf(page, sizeof page, "%s%s", head, teasers);
	check_body(page, "https://thaibinh.gov.vn/tin/81210",
		   (const char *const[]){ "cho các huyện.", NULL },
		   (const char *const[]){ "Tin liên quan", "vùng sâu", NULL });
}

/* A DotNetNuke portal's <title> is the section's name, repeated by the module's header as
 * a title-classed heading; the article's own headline opens the module's body. */
static void test_dnn_section_title(void)
{
	static const char page[] =
		"<html><head><meta charset=\"utf-8\"><title>\n\tTin tức - Sự kiện\n</title></head>"
		"<body><div class=\"c_box\"><div class=\"c_head\"><h2 class=\"c_title\"><span "
		"class=\"TitleHead\">Tin tức - Sự kiện</span></h2></div><div class=\"c_content\">"
		"<div class=\"article\"><div class=\"articleHeadline\"><span class=\"articleTitle\">"
		"Tuần Giáo tiêm vắc xin phòng COVID-19 đợt 1 cho gần 1.000 người</span></div><div "
		"class=\"articleDate\">Thứ Sáu, 18/06/2021, 18:27 [GMT+7]</div><div class=\""
		"articleEntry\"><p>Trong 3 ngày, từ ngày 16 đến 18/6, Trung tâm Y tế huyện Tuần Giáo "
		"đã tổ chức tiêm vắc xin cho 986 người thuộc các nhóm ưu tiên.</p><p>Đối tượng được "
		"tiêm đợt này gồm lực lượng tuyến đầu phòng, chống dịch và cán bộ y tế.</p><p>Qua "
		"theo dõi, đến nay chưa ghi nhận trường hợp nào có phản ứng nặng sau tiêm.</p></div>"
		"</div></div></div></body></html>";
	struct parser_article a;

	CHECK_INT(extract_text(page, "http://tuangiao.dienbien.gov.vn/tin-tuc-su-kien/2871", &a),
		  VN_OK);
	CHECK_STR(a.title, "Tuần Giáo tiêm vắc xin phòng COVID-19 đợt 1 cho gần 1.000 người");
	CHECK(a.body && strncmp(a.body, "Trong 3 ngày", 12) == 0);
	parser_article_release(&a);
	/* a short headline that is the whole <title> stays */
	CHECK_INT(extract_text("<html><head><title>Hà Nội giãn cách xã hội</title></head><body>"
			       "<h1>Hà Nội giãn cách xã hội</h1><div class=\"content\"><p>Theo chỉ "
			       "thị, Hà Nội thực hiện giãn cách xã hội theo nguyên tắc gia đình "
			       "cách ly với gia đình.</p><p>Người dân chỉ ra khỏi nhà trong trường "
			       "hợp thật sự cần thiết như mua lương thực, thực phẩm.</p></div>"
			       "</body></html>", "https://example.vn/a", &a), VN_OK);
	CHECK_STR(a.title, "Hà Nội giãn cách xã hội");
	parser_article_release(&a);
}

/* VnExpress's place stamp opening the lead stays a word of its own. */
static void test_location_stamp_apart(void)
{
	check_body("<html><head><meta charset=\"utf-8\"><title>Thêm 187 ca nhiễm nCoV - VnExpress"
		   "</title></head><body><article class=\"fck_detail\"><h1>Thêm 187 ca nhiễm nCoV"
		   "</h1><p class=\"description\"><span class=\"location-stamp\">Hà Nội</span>Tối "
		   "18/6, Bộ Y tế ghi nhận thêm 187 ca nhiễm nCoV trong nước, TP HCM 82 ca.</p><p "
		   "class=\"Normal\">Các ca nhiễm mới ghi nhận tại TP HCM, Bắc Giang và Bắc Ninh, "
		   "phần lớn trong khu cách ly.</p></article></body></html>",
		   "https://vnexpress.net/them-187-ca-4297000.html",
		   (const char *const[]){ "Hà Nội Tối 18/6", NULL },
		   (const char *const[]){ "NộiTối", NULL });
}

/* An old table-layout district portal: the headline is a bold line alone in the row above
 * the body's cell, under a <title> naming the district's People's Committee. */
static void test_bold_headline_row_over_org_title(void)
{
	static const char page[] =
		"<html><head><meta charset=\"utf-8\"><title>UBND HUYỆN CAN LỘC - TỈNH HÀ TĨNH</title>"
		"</head><body><table><tr><td><b>DANH MỤC</b><br><a href=\"/a\">Tin chính trị</a>"
		"</td><td><table><tr><td><a href=\"/\">Trang chủ</a> &gt;&gt; <a href=\"/kt\">Kinh "
		"tế</a></td></tr><tr><td><font size=\"4\" color=\"#CC0000\"><b>Can Lộc: Tập trung "
		"khống chế dịch tả lợn châu Phi, không để lây lan</b></font></td></tr><tr><td><i>"
		"Ngày cập nhật: 15/03/2020</i></td></tr><tr><td>Những ngày qua, dịch tả lợn châu Phi "
		"tiếp tục xuất hiện tại một số xã trên địa bàn huyện, gây thiệt hại lớn.<br><br>"
		"Trước diễn biến phức tạp của dịch bệnh, UBND huyện đã ban hành Công điện khẩn yêu "
		"cầu các xã tập trung cao độ.<br><br>Trạm Chăn nuôi và Thú y huyện đã cấp hóa chất "
		"cho các xã để tiêu độc, khử trùng chuồng trại.</td></tr></table></td></tr></table>"
		"</body></html>";
	struct parser_article a;

	CHECK_INT(extract_text(page, "http://canloc.hatinh.gov.vn/tin-tuc/chitiet.asp?id=2871",
			       &a), VN_OK);
	CHECK_STR(a.title, "Can Lộc: Tập trung khống chế dịch tả lợn châu Phi, không để lây lan");
	CHECK(a.body && strncmp(a.body, "Những ngày qua", strlen("Những ngày qua")) == 0);
	parser_article_release(&a);
}

/* A notice printed whole ends at its recipients' list ("Nơi nhận:"), before the
 * signature block. */
static void test_recipients_end_the_notice(void)
{
	check_body("<html><head><meta charset=\"utf-8\"><title>Văn phòng UBND tỉnh</title></head>"
		   "<body><div class=\"content\"><h3>Thông báo kết luận của Phó Chủ tịch UBND tỉnh "
		   "tại cuộc họp về phòng, chống dịch sốt xuất huyết</h3><p>Ngày 10/8/2022, Phó Chủ "
		   "tịch UBND tỉnh chủ trì cuộc họp về công tác phòng, chống dịch sốt xuất huyết.</p>"
		   "<p>1. Giao Sở Y tế chủ trì, phối hợp với các địa phương giám sát chặt chẽ các ổ "
		   "dịch, không để dịch lan rộng.</p><p>2. Đề nghị UBND các huyện, thị xã, thành phố "
		   "huy động các đoàn thể tổng vệ sinh môi trường.</p><p>Văn phòng UBND tỉnh thông báo "
		   "để các cơ quan, đơn vị có liên quan biết, thực hiện./.</p><table><tr><td><p><b>Nơi "
		   "nhận:</b></p><p>- CT, các PCT UBND tỉnh;</p><p>- Các sở, ngành liên quan;</p><p>- "
		   "Lưu: VT.</p></td><td><p><b>KT. CHỦ TỊCH<br>PHÓ CHỦ TỊCH</b></p><p>(Đã ký)</p><p>"
		   "Trần Minh Phúc</p></td></tr></table></div></body></html>",
		   "https://vpubnd.tinh.gov.vn/thong-bao/1",
		   (const char *const[]){ "biết, thực hiện./.", NULL },
		   (const char *const[]){ "Nơi nhận", "Lưu: VT", "ngành liên quan;", NULL });
}

/* BBC's layout: every paragraph in a wrapper of its own, and lists of other stories under
 * "More on this story" / "Related topics" headings inside the article, which must not
 * outweigh the story (before, the body stopped after the fourth paragraph). */
static void test_related_sections_inside_article(void)
{
	char page[8192];
	size_t at;
	static const char *const paras[] = {
		"A popular stretch of the coast path has been closed after a landslip caused by days of heavy rain.",
		"The section between the two beaches was shut on Monday after part of the cliff gave way.",
		"The council said walkers should follow a signed diversion inland and not climb barriers.",
		"The cliff is still moving and there is a real risk of further collapses, a spokesperson said.",
		"Local walker Jenny Pascoe, who has lived in the area for 40 years, said she was shocked.",
		"Engineers are due to assess the site later this week, but it could be months before it reopens.",
	};

	at = (size_t)snprintf(page, sizeof page, "<html><head><meta charset=\"utf-8\"><title>Storm "
			      "damage closes coast path - BBC News</title></head><body><main><article>"
			      "<div><h1>Storm damage closes coast path</h1></div>");
	for (size_t i = 0; i < sizeof paras / sizeof paras[0]; i++)
		at += (size_t)snprintf(page + at, sizeof page - at, "%s<div data-component=\"text-block\">"
				       "<p>%s</p></div>", i == 4 ? "<div><h2>'Like nothing I've seen'"
				       "</h2></div>" : "", paras[i]);
	at += (size_t)snprintf(page + at, sizeof page - at, "<div><h2>Related topics</h2><ul>");
	for (int i = 0; i < 8; i++)
		at += (size_t)snprintf(page + at, sizeof page - at,
				       "<li><a href=\"/news/topics/t%d\">Topic number %d</a></li>", i, i);
	at += (size_t)snprintf(page + at, sizeof page - at, "</ul></div><section><h2>More on this "
			       "story</h2><ul>");
	for (int i = 0; i < 6; i++)
		at += (size_t)snprintf(page + at, sizeof page - at, "<li><a href=\"/news/uk-%d\">Cliff "
				       "fall warning after another rockfall on the coast, part %d</a></li>",
				       i, i);
	snprintf(page + at, sizeof page - at, "</ul></section></article></main></body></html>");
	check_body(page, "https://www.bbc.co.uk/news/articles/c1",
		   (const char *const[]){ paras[0], paras[3], paras[4], paras[5], NULL },
		   (const char *const[]){ "More on this story", "Topic number", "rockfall", NULL });
}

/* The author named in the article's information line, between the date and the counter. */
static void test_author_in_info_line(void)
{
	static const char page[] =
		"<html><head><meta charset=\"utf-8\"><title>Sở NN&amp;PTNT tỉnh Thái Bình</title>"
		"</head><body><div class=\"article\"><h1>Hướng dẫn phòng, chống bệnh Dịch tả lợn "
		"châu Phi</h1><div class=\"article-info\">Đăng ngày: 14/04/2022 09:12 | Người đăng: "
		"Phạm Văn Tú | Lượt xem: 532</div><div class=\"content\"><p>Để chủ động phòng, chống "
		"bệnh Dịch tả lợn châu Phi, Sở hướng dẫn các hộ chăn nuôi thực hiện các biện pháp sau."
		"</p><p>Chỉ mua lợn giống từ các cơ sở có uy tín, đã được công nhận an toàn dịch bệnh."
		"</p></div></div></body></html>";
	struct parser_article a;

	CHECK_INT(extract_text(page, "https://snnptnt.thaibinh.gov.vn/tin/1", &a), VN_OK);
	CHECK_STR(a.author, "Phạm Văn Tú");
	CHECK_STR(a.published, "2022-04-14T09:12:00+07:00");
	CHECK_NOT_CONTAINS(a.body, "Người đăng");
	parser_article_release(&a);
}

/* An author field crediting a source on a Vietnamese page ("Theo Ngoisao", as soha.vn
 * prints it) names the source; on an English page "Theo" is the reporter's first name. */
static void check_author_field(const char *lang, const char *field, const char *para,
			       const char *author)
{
	char page[2048];
	struct parser_article a;

	snprintf(page, sizeof page,
		 "<html lang=\"%s\"><head><meta charset=\"utf-8\"><title>T</title></head><body>"
		 "<div class=\"detail\"><h1>%s</h1><span itemprop=\"author\">%s</span><p>%s</p>"
		 "<p>%s</p></div></body></html>", lang, para, field, para, para);
	CHECK_INT(extract_text(page, "https://example.vn/tin/1", &a), VN_OK);
	CHECK_STR(a.author, author);
	parser_article_release(&a);
}

static void test_source_credit_in_author_field(void)
{
	check_author_field("vi", "Theo Ngoisao", "Showbiz Hoa ngữ có lẽ sẽ rất buồn chán nếu "
			   "thiếu những chiêu trò của các ngôi sao trong làng giải trí.", "Ngoisao");
	check_author_field("vi", "Thu Trang", "Showbiz Hoa ngữ có lẽ sẽ rất buồn chán nếu "
			   "thiếu những chiêu trò của các ngôi sao trong làng giải trí.", "Thu Trang");
	check_author_field("en", "Theo Leggett", "The airline said it would cut flights over the "
			   "winter, as demand for travel fell further than expected.", "Theo Leggett");
}

/* A line that only restates the byline leaves the body: "di Giulia Ferraro" under the
 * standfirst, "Par X Publié le ..." as a date line, the author's box closing the article;
 * the same name inside a sentence, or another name, stays. */
static void test_byline_restated_in_body_goes(void)
{
	static const char head[] =
		"<html lang=\"it\"><head><meta charset=\"utf-8\"><title>Milano, l’ottobre più "
		"caldo</title><meta name=\"author\" content=\"Giulia Ferraro\"></head><body>"
		"<article><h1>Milano, l’ottobre più caldo</h1><p>Le temperature registrate "
		"dall’osservatorio di Brera superano di oltre quattro gradi la media del periodo.</p>";
	static const char paras[] =
		"<p>Maniche corte, tavolini all’aperto affollati fino a sera, gelaterie con la coda "
		"come a luglio: Milano vive un autunno che autunno non è.</p><p>Secondo i dati "
		"elaborati dai ricercatori, la temperatura media delle prime due settimane è stata "
		"di 19,4 gradi, come ha spiegato Giulia Ferraro al telefono.</p><p>Per i "
		"meteorologi la svolta potrebbe arrivare nel fine settimana, con piogge diffuse e "
		"un calo delle temperature.</p>";
	char page[4096];
	struct parser_article a;

	snprintf(page, sizeof page, "%s<p>di Giulia Ferraro</p>%s<p>Giulia Ferraro – "
		 "Redattrice della cronaca di Milano</p><p>Marco Rossi – Fotografo</p></article>"
		 "</body></html>", head, paras);
	CHECK_INT(extract_text(page, "https://example.it/milano/caldo.html", &a), VN_OK);
	CHECK_STR(a.author, "Giulia Ferraro");
	CHECK_NOT_CONTAINS(a.body, "di Giulia Ferraro\n");
	CHECK_NOT_CONTAINS(a.body, "Redattrice");
	CHECK_CONTAINS(a.body, "come ha spiegato Giulia Ferraro al telefono.");
	CHECK_CONTAINS(a.body, "Marco Rossi – Fotografo"); /* another name stays */
	CHECK_CONTAINS(a.body, "la media del periodo.\n\nManiche corte");
	parser_article_release(&a);
	/* a labeled date line with the name, in French */
	snprintf(page, sizeof page, "%s<p>Par Giulia Ferraro Publié le 14 février 2024 à 06h00, "
		 "modifié le 14 février 2024 à 09h12</p>%s</article></body></html>", head, paras);
	CHECK_INT(extract_text(page, "https://example.fr/milano/caldo.html", &a), VN_OK);
	CHECK_NOT_CONTAINS(a.body, "Publié le");
	CHECK_CONTAINS(a.body, "Maniche corte");
	parser_article_release(&a);
	/* the byline's whole name: "di Giuliana Rossi" does not restate a byline "Giulia" */
	snprintf(page, sizeof page, "<html lang=\"it\"><head><meta charset=\"utf-8\"><title>"
		 "Milano</title><meta name=\"author\" content=\"Giulia\"></head><body><article>"
		 "<h1>Milano</h1><p>Le temperature registrate dall’osservatorio di Brera superano di "
		 "oltre quattro gradi la media del periodo.</p><p>di Giuliana Rossi</p>%s</article>"
		 "</body></html>", paras);
	CHECK_INT(extract_text(page, "https://example.it/milano/caldo.html", &a), VN_OK);
	CHECK_STR(a.author, "Giulia");
	CHECK_CONTAINS(a.body, "di Giuliana Rossi");
	parser_article_release(&a);
	/* the labels a byline is tidied of ("Posted by", "Written by", "Tác giả:") restate
	 * it too: "Posted by Ruth Ellis" closing the article goes */
	snprintf(page, sizeof page, "<html lang=\"en\"><head><meta charset=\"utf-8\"><title>"
		 "Ferry fares rise</title><meta name=\"author\" content=\"Ruth Ellis\"></head>"
		 "<body><article><h1>Ferry fares rise</h1><p>Fares on the island ferries will rise "
		 "by six per cent from April, the operator said on Tuesday, blaming fuel costs.</p>"
		 "<p>Season tickets for residents are not affected, and the winter timetable stays "
		 "as it is until the end of March.</p>"
		 "<p>Posted by Ruth Ellis</p></article></body></html>");
	CHECK_INT(extract_text(page, "https://example.co.uk/news/ferry.html", &a), VN_OK);
	CHECK_STR(a.author, "Ruth Ellis");
	CHECK_NOT_CONTAINS(a.body, "Posted by");
	CHECK_CONTAINS(a.body, "until the end of March.");
	parser_article_release(&a);
}

/* The headline printed again at the top of the body from a kicker and a title leaves it,
 * whatever the punctuation between them; the same words further down stay. */
static void test_headline_repeated_in_parts_goes(void)
{
	static const char page[] =
		"<html lang=\"de\"><head><meta charset=\"utf-8\"><title>Deutsche Bahn: Sanierung "
		"maroder Bahnbrücken dauert länger</title></head><body><article><header><div>"
		"<span>Deutsche Bahn</span> <span>Sanierung maroder Bahnbrücken dauert länger</span>"
		"</div></header><div class=\"body\"><p>Mehr als 1000 Eisenbahnbrücken in Deutschland "
		"gelten als so marode, dass sie ersetzt werden müssen, zeigt ein interner Bericht.</p>"
		"<p>Die Brücke über die Lahn bei Limburg ist ein Bauwerk aus einer anderen Zeit, 1912 "
		"errichtet und im Krieg beschädigt.</p><p>Der Fall ist kein Einzelfall, heißt es in "
		"dem Bericht der DB InfraGO, der dem Magazin vorliegt.</p></div></article></body>"
		"</html>";
	struct parser_article a;

	CHECK_INT(extract_text(page, "https://example.de/wirtschaft/bahn.html", &a), VN_OK);
	CHECK_NOT_CONTAINS(a.body, "Deutsche Bahn Sanierung");
	CHECK(a.body && strncmp(a.body, "Mehr als 1000", 13) == 0);
	parser_article_release(&a);
}

/* An e-magazine's credits lines leave the body and name the writer; a pull quote's
 * attribution is no byline. */
static void test_emagazine_credits(void)
{
	static const char page[] =
		"<html><head><meta charset=\"utf-8\"><title>Những chiến sĩ áo trắng - Tiền Phong"
		"</title></head><body><article class=\"e-magazine\"><h1>Những chiến sĩ áo trắng nơi "
		"tâm dịch</h1><p>Ảnh: Nhật Minh - Thiết kế: Phương Linh</p><section><p>Hơn hai tháng "
		"rời Hà Nội vào Bình Dương chống dịch, những y bác sĩ đã cùng nhau vượt qua nhiều "
		"thử thách.</p><p>Đoàn được phân công phụ trách khu hồi sức tích cực với 120 giường "
		"bệnh.</p></section><section><blockquote><p>\"Mỗi bệnh nhân rút ống thở là một niềm "
		"vui\"</p><p class=\"quote-author\">Bác sĩ Lê Quang Minh</p></blockquote><p>Cuối "
		"tháng 9, đoàn công tác hoàn thành nhiệm vụ và trở về Hà Nội trong niềm vui.</p>"
		"</section><p>Nội dung: Nguyễn Hoàn | Ảnh: Nhật Minh | Thiết kế: Phương Linh</p>"
		"</article></body></html>";
	struct parser_article a;

	CHECK_INT(extract_text(page, "https://tienphong.vn/emagazine/1", &a), VN_OK);
	CHECK_STR(a.author, "Nguyễn Hoàn");
	CHECK_NOT_CONTAINS(a.body, "Thiết kế");
	CHECK_NOT_CONTAINS(a.body, "Nội dung:");
	CHECK_CONTAINS(a.body, "trở về Hà Nội trong niềm vui.");
	parser_article_release(&a);
}

/* A running line of figures over the page (covid19.gov.vn's ticker) is no lead. */
static void test_ticker_is_no_lead(void)
{
	check_body("<html><head><meta charset=\"utf-8\"><title>Bộ Y tế</title></head><body>"
		   "<div class=\"ticker\"><span>VIỆT NAM</span> Số ca nhiễm: 358.298 - Đang điều trị: "
		   "194.342 - Khỏi: 155.468 - Tử vong: 8.488.</div><div class=\"detail\"><h1>Ngày 25/8: "
		   "Có 10.466 ca mắc COVID-19 mới</h1><p>Bản tin dịch COVID-19 ngày 25/8 của Bộ Y tế cho "
		   "biết có 10.466 ca mắc mới tại 45 tỉnh, thành phố.</p><p>Trong ngày có 6.500 bệnh "
		   "nhân được công bố khỏi bệnh, nâng tổng số người khỏi bệnh lên 155.468.</p></div>"
		   "</body></html>", "https://covid19.gov.vn/tin/1",
		   (const char *const[]){ "Bản tin dịch", NULL },
		   (const char *const[]){ "Đang điều trị", NULL });
}

int main(void)
{
	const char *src = getenv("VNNEWS_SRCDIR");

	if (!src || snprintf(dir, sizeof dir, "%s/tests/data/parser", src) >= (int)sizeof dir) {
		fprintf(stderr, "VNNEWS_SRCDIR not set\n");
		return 1;
	}
	TEST_RUN(test_vi_figure_captions_stay);
	TEST_RUN(test_en_figure_captions_go);
	TEST_RUN(test_microdata_body_survives_boilerplate_class);
	TEST_RUN(test_byline_is_the_name_only);
	TEST_RUN(test_closing_credit_lines);
	TEST_RUN(test_headline_over_site_name_title);
	TEST_RUN(test_headline_over_og_site_name_title);
	TEST_RUN(test_xpath_overrides_applied);
	TEST_RUN(test_xpath_overrides_missing_fall_back);
	TEST_RUN(test_cjk_sentence_marks);
	TEST_RUN(test_next_story_teaser_goes);
	TEST_RUN(test_closing_call_to_action);
	TEST_RUN(test_lead_beside_wrapper);
	TEST_RUN(test_short_citation_is_no_dateline);
	TEST_RUN(test_table_rows_on_lines);
	TEST_RUN(test_read_aloud_and_rating_widgets_go);
	TEST_RUN(test_headline_above_body_over_org_title);
	TEST_RUN(test_title_segment_naming_portal_goes);
	TEST_RUN(test_related_labels_in_capitals_and_variants);
	TEST_RUN(test_counter_lines_in_capitals_go);
	TEST_RUN(test_labels_in_other_languages);
	TEST_RUN(test_department_signature_is_the_byline);
	TEST_RUN(test_words_around_dropped_blocks_stay_apart);
	TEST_RUN(test_news_site_closing_lines);
	TEST_RUN(test_word_list_markers_go);
	TEST_RUN(test_dateline_with_counter_and_rating_go);
	TEST_RUN(test_sapo_above_related_box);
	TEST_RUN(test_table_of_paragraph_cells);
	TEST_RUN(test_related_box_inside_article);
	TEST_RUN(test_dnn_section_title);
	TEST_RUN(test_location_stamp_apart);
	TEST_RUN(test_bold_headline_row_over_org_title);
	TEST_RUN(test_recipients_end_the_notice);
	TEST_RUN(test_related_sections_inside_article);
	TEST_RUN(test_author_in_info_line);
	TEST_RUN(test_emagazine_credits);
	TEST_RUN(test_ticker_is_no_lead);
	TEST_RUN(test_source_credit_in_author_field);
	TEST_RUN(test_byline_restated_in_body_goes);
	TEST_RUN(test_headline_repeated_in_parts_goes);
	TEST_RUN(test_credit_lookalikes_stay);
	return test_done();
}
