/* test_date_headline.c — a publication date printed bare next to the headline (no
 * "Ngày đăng" label, no meta tag) is the article's date, not an inferred one; dates of a
 * related-news list, of the body and of a header clock ("Hôm nay, …") are not; a date line
 * written by script into the page's date element counts as printed; beside an update date
 * the publication date wins; readers' comments, with the times they were posted, are
 * skipped. */
#include "harness.h"
#include "parser/parser.h"

#include <stdio.h>

#define BODY                                                                             \
	"<p>Sáng ngày 30/11/2021, Ủy ban nhân dân tỉnh tổ chức hội nghị tổng kết công tác "  \
	"phòng, chống dịch bệnh trên địa bàn, với sự tham dự của lãnh đạo các sở, ban, "     \
	"ngành và các huyện, thành phố trong tỉnh.</p>"                                       \
	"<p>Tại hội nghị, các đại biểu đã thảo luận, đánh giá kết quả đạt được, chỉ ra "      \
	"những tồn tại, hạn chế và đề xuất nhiều giải pháp để nâng cao hiệu quả công tác "   \
	"trong thời gian tới, nhất là việc phối hợp giữa các cơ quan chuyên môn.</p>"         \
	"<p>Phát biểu kết luận, đồng chí Chủ tịch UBND tỉnh yêu cầu các đơn vị tiếp tục "    \
	"quán triệt, thực hiện nghiêm các văn bản chỉ đạo của Trung ương và của tỉnh, không " \
	"chủ quan, lơ là trong bất cứ tình huống nào.</p>"

#define CLOCK "<div class=\"top\"><span>Hôm nay, Thứ Hai 23/11/2026 07:15</span></div>"
#define MENU                                                                             \
	"<div class=\"menu\"><a href=\"/\">Trang chủ</a> <a href=\"/tin\">Tin tức</a></div>"

#define RELATED                                                                          \
	"<div class=\"other\"><h3>Tin liên quan</h3><ul>"                                     \
	"<li><a href=\"/a1\">Hội nghị giao ban quý III</a> <span>(02/10/2022 09:10)</span></li>" \
	"<li><a href=\"/a2\">Khai mạc kỳ họp thứ 5</a> <span>(01/10/2022 14:00)</span></li>"  \
	"</ul></div>"

/* Extracts a page made of the header clock, `dateline` right after the headline (may be
 * empty), the body and a related-news list; returns the record's date or "(null)". */
static void extract_page_head(const char *head, const char *header, const char *dateline,
			      char *published, size_t cap, bool *inferred)
{
	char html[8192];
	struct parser_input in = { 0 };
	struct parser_article a;
	int n;

	n = snprintf(html, sizeof html,
		     "<!DOCTYPE html><html><head><meta charset=\"utf-8\">%s<title>Tin tức - Cổng "
		     "thông tin</title></head><body>%s" MENU "<div class=\"main\"><div "
		     "class=\"article\"><h1>Tổng kết công tác phòng, chống dịch bệnh năm 2022</h1>"
		     "%s<div class=\"content\">" BODY "</div>" RELATED "</div></div>"
		     "<div class=\"footer\">Địa chỉ: 01 đường Lê Lợi. Điện thoại: 0230 3825 "
		     "123</div></body></html>",
		     head, header, dateline);
	CHECK(n > 0 && (size_t)n < sizeof html);
	in.data = html;
	in.len = strlen(html);
	in.url = "https://example.gov.vn/tin/tong-ket.html";
	CHECK_INT(parser_article_extract(&in, &a), VN_OK);
	snprintf(published, cap, "%s", a.published ? a.published : "(null)");
	*inferred = a.published_inferred;
	parser_article_release(&a);
}

static void extract_page(const char *header, const char *dateline, char *published, size_t cap,
			 bool *inferred)
{
	extract_page_head("", header, dateline, published, cap, inferred);
}

static void check_dateline(const char *dateline, const char *want)
{
	char got[64];
	bool inferred = true;

	extract_page(CLOCK, dateline, got, sizeof got, &inferred);
	if (strcmp(got, want) != 0 || inferred)
		fprintf(stderr, "dateline %s: got %s%s\n", dateline, got,
			inferred ? " (inferred)" : "");
	CHECK_STR(got, want);
	CHECK(!inferred);
}

static void test_bare_dates_next_to_headline(void)
{
	check_dateline("<span class=\"date\">14/11/2022 08:30</span>",
		       "2022-11-14T08:30:00+07:00");
	check_dateline("<div class=\"time\">Thứ Hai, 14/11/2022 - 08:30</div>",
		       "2022-11-14T08:30:00+07:00");
	check_dateline("<span>14-11-2022 08:30</span>", "2022-11-14T08:30:00+07:00");
	check_dateline("<div>08:30 14/11/2022</div>", "2022-11-14T08:30:00+07:00");
	check_dateline("<p class=\"ngay-dang\">14/11/2022</p>", "2022-11-14T00:00:00+07:00");
	check_dateline("<div><em>14/11/2022</em></div>", "2022-11-14T00:00:00+07:00");
	check_dateline("<span class=\"thoi-gian\">14/11/2022 08:30 GMT+8</span>",
		       "2022-11-14T08:30:00+08:00");
	/* month first (ASP.NET in the en-US culture) when the day is over 12 only */
	check_dateline("<span class=\"date\">Ngày đăng: 6/18/2021 3:44:00 PM</span>",
		       "2021-06-18T15:44:00+07:00");
	check_dateline("<span class=\"date\">6/7/2021</span>", "2021-07-06T00:00:00+07:00");
}

/* Without a date line, neither the header clock nor the related list may give the date:
 * the lead sentence does, flagged as inferred. */
static void test_clock_and_related_list_do_not_win(void)
{
	char got[64];
	bool inferred = false;

	extract_page(CLOCK, "", got, sizeof got, &inferred);
	CHECK(strstr(got, "2026-11-23") == NULL);
	CHECK(strstr(got, "2022-10-0") == NULL);
	CHECK_STR(got, "2021-11-30T00:00:00+07:00");
	CHECK(inferred);
	/* an unlabelled header date far above the headline (outside its block) neither */
	inferred = false;
	extract_page("<div class=\"top\"><div class=\"clock\"><span>Thứ Hai, 23/11/2026 "
		     "07:15</span></div></div>", "", got, sizeof got, &inferred);
	CHECK_STR(got, "2021-11-30T00:00:00+07:00");
	CHECK(inferred);
	/* the clock does not push the real date line aside */
	inferred = true;
	extract_page(CLOCK, "<span>14/11/2022 08:30</span>", got, sizeof got, &inferred);
	CHECK_STR(got, "2022-11-14T08:30:00+07:00");
	CHECK(!inferred);
}

/* A date line the page writes by script into its empty date element (VnExpress family). */
static void test_date_written_by_script(void)
{
	char got[64];
	bool inferred = true;

	extract_page(CLOCK, "<span class=\"spanDateTime\" id=\"pDateTime\"></span><script>"
		     "document.getElementById(\"pDateTime\").innerHTML=\"Th&#7913; n&#259;m, "
		     "20/12/2012, 16:10 GMT+7\";</script>", got, sizeof got, &inferred);
	CHECK_STR(got, "2012-12-20T16:10:00+07:00");
	CHECK(!inferred);
	/* the same script aimed at an element that is no date line proves nothing */
	inferred = false;
	extract_page(CLOCK, "<span id=\"counter\"></span><script>document.getElementById("
		     "'counter').innerHTML='20/12/2012 16:10';</script>", got, sizeof got, &inferred);
	CHECK_STR(got, "2021-11-30T00:00:00+07:00");
	CHECK(inferred);
}

/* A metadata date without a time takes the time of the date line printed on the page for
 * the same day; a line of another day does not change it; microdata with the time (and
 * its offset) completes it too. */
static void test_day_only_metadata_takes_the_printed_time(void)
{
	char got[64];
	bool inferred = true;

	extract_page_head("<meta itemprop=\"datePublished\" content=\"2022-11-14\">", CLOCK,
			  "<span>Thứ Hai, 14/11/2022 - 08:30</span>", got, sizeof got, &inferred);
	CHECK_STR(got, "2022-11-14T08:30:00+07:00");
	CHECK(!inferred);
	extract_page_head("<meta name=\"date\" content=\"2022-11-15\">", CLOCK,
			  "<span>Thứ Hai, 14/11/2022 - 08:30</span>", got, sizeof got, &inferred);
	CHECK_STR(got, "2022-11-15T00:00:00+07:00");
	/* no printed date: the metadata's day, not the lead's inferred one */
	inferred = true;
	extract_page_head("<meta name=\"date\" content=\"2022-11-15\">", CLOCK, "", got,
			  sizeof got, &inferred);
	CHECK_STR(got, "2022-11-15T00:00:00+07:00");
	CHECK(!inferred);
	extract_page_head("<meta name=\"date\" content=\"2022-11-14\">", CLOCK,
			  "<div style=\"display:none\" itemprop=\"datePublished\">"
			  "2022-11-14T08:30:00+01:00</div>", got, sizeof got, &inferred);
	CHECK_STR(got, "2022-11-14T08:30:00+01:00");
	/* a time-less microdata value does not replace a full one */
	extract_page_head("<meta property=\"article:published_time\" "
			  "content=\"2022-11-14T08:30:00+07:00\">", CLOCK,
			  "<time itemprop=\"datePublished\" datetime=\"2022-11-14\"></time>", got,
			  sizeof got, &inferred);
	CHECK_STR(got, "2022-11-14T08:30:00+07:00");
}

/* A page printing an update date first and its publication date next gives the
 * publication date; an update date alone is still the best date the page has. */
static void test_publication_date_beats_update_date(void)
{
	check_dateline("<div>Cập nhật: 16/11/2022 10:05</div><div>Ngày đăng: 14/11/2022 08:30"
		       "</div>", "2022-11-14T08:30:00+07:00");
	check_dateline("<span class=\"date\">Cập nhật 16/11/2022 10:05</span> <span class="
		       "\"date\">Ngày đăng 14/11/2022 08:30</span>", "2022-11-14T08:30:00+07:00");
	check_dateline("<p class=\"meta\">Last updated 16/11/2022 10:05</p><p class=\"meta\">"
		       "Published 14/11/2022 08:30</p>", "2022-11-14T08:30:00+07:00");
	/* publication first, update next: as before */
	check_dateline("<div>Ngày đăng: 14/11/2022 08:30</div><div>Cập nhật: 16/11/2022 10:05"
		       "</div>", "2022-11-14T08:30:00+07:00");
	/* one line naming both: read as it comes */
	check_dateline("<div>Đăng 14/11/2022 08:30 | Cập nhật 16/11/2022 10:05</div>",
		       "2022-11-14T08:30:00+07:00");
	check_dateline("<div>Cập nhật: 16/11/2022 10:05</div>", "2022-11-16T10:05:00+07:00");
	check_dateline("<span class=\"date\">Cập nhật lúc 10:05 16/11/2022</span>",
		       "2022-11-16T10:05:00+07:00");
}

/* Readers' comments beside the body carry the times they were posted: the date line above
 * the headline's block is the article's, though the comments are nearer the body. */
static void test_comment_times_do_not_win(void)
{
	static const char html[] =
		"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Tin tức</title></head>"
		"<body>" MENU "<div class=\"wrap\"><h1>Tổng kết năm 2022</h1><div class=\"info\">"
		"<div class=\"detail-time\"><div>23/07/2021 09:05 GMT+7</div></div></div><div "
		"class=\"cmain\"><div class=\"content\">" BODY "</div><div class=\"detail-comment"
		"\"><h3>Bình luận (2)</h3><div class=\"comment-item\"><div class=\"user-info\"><b>"
		"Nguyễn Văn Hùng</b> <span class=\"date\">23/07/2021 09:41</span></div><p>Rất đồng "
		"ý!</p></div><div class=\"comment-item\"><div class=\"user-info\"><b>Trần Thị Mai"
		"</b> <span class=\"date\">23/07/2021 10:35</span></div><p>Cảm ơn!</p></div></div>"
		"</div></div></body></html>";
	struct parser_input in = { 0 };
	struct parser_article a;

	in.data = html;
	in.len = strlen(html);
	in.url = "https://example.vn/tin/tong-ket.html";
	CHECK_INT(parser_article_extract(&in, &a), VN_OK);
	CHECK_STR(a.published, "2021-07-23T09:05:00+07:00");
	parser_article_release(&a);
}

/* Metadata in UTC on a Vietnamese page gives the same instant in +07:00, on the calendar
 * day the page prints ("2021-08-11T23:15:00Z" is 12/08/2021 06:15). */
static void test_utc_metadata_in_vietnam_time(void)
{
	char got[64];
	bool inferred = true;

	extract_page_head("<meta property=\"article:published_time\" "
			  "content=\"2021-08-11T23:15:00Z\">", CLOCK, "", got, sizeof got,
			  &inferred);
	CHECK_STR(got, "2021-08-12T06:15:00+07:00");
	extract_page_head("<meta property=\"article:published_time\" "
			  "content=\"2021-12-31T20:00:00+00:00\">", CLOCK, "", got, sizeof got,
			  &inferred);
	CHECK_STR(got, "2022-01-01T03:00:00+07:00");
}

int main(void)
{
	TEST_RUN(test_bare_dates_next_to_headline);
	TEST_RUN(test_clock_and_related_list_do_not_win);
	TEST_RUN(test_date_written_by_script);
	TEST_RUN(test_day_only_metadata_takes_the_printed_time);
	TEST_RUN(test_publication_date_beats_update_date);
	TEST_RUN(test_comment_times_do_not_win);
	TEST_RUN(test_utc_metadata_in_vietnam_time);
	return test_done();
}
