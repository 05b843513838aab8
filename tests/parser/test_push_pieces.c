/* test_push_pieces.c — a page reaches libxml2 in pieces of about 64 KiB (the decoder feeds
 * its push parser, so a big page is never copied whole), and its tree keeps only the
 * attributes the extractor reads and no script or style text nobody reads.  None of this
 * may change what is extracted: a piece boundary inside an end tag or a character, a
 * hiding style, an XPath override naming an attribute the tree would otherwise drop, a
 * script bigger than a piece that writes the date line, markup inside a script's text. */
#include <stdbool.h>

#include "harness.h"
#include "test_util.h"

#include "common/vn_buf.h"

#define PIECE 65536

static const char para[] = "Chiều ngày 26-12, Tòa Phúc thẩm TAND Tối cao tại TPHCM đã tuyên "
			   "bác kháng cáo, y án 18 năm tù giam đối với bị cáo.";

/* A page whose <style> ends with its "</style>" starting `at` bytes into the page, then
 * a short article. */
static char *page_with_style_end_at(size_t at, size_t *len)
{
	static const char head[] = "<html><head><title>Tiêu đề thử nghiệm</title><style>";
	struct vn_buf b;

	vn_buf_init(&b, 1 << 20);
	if (vn_buf_adds(&b, head))
		goto fail;
	while (b.len + 13 <= at)
		if (vn_buf_adds(&b, ".x{color:red}"))
			goto fail;
	while (b.len < at)
		if (vn_buf_addc(&b, ' '))
			goto fail;
	if (vn_buf_adds(&b, "</style></head><body><article><h1>Tiêu đề thử nghiệm</h1>"))
		goto fail;
	for (int i = 0; i < 4; i++)
		if (vn_buf_addf(&b, "<p>%s</p>", para))
			goto fail;
	if (vn_buf_adds(&b, "</article></body></html>"))
		goto fail;
	return vn_buf_detach(&b, len);
fail:
	vn_buf_release(&b);
	return NULL;
}

/* Extracts a generated page into *a and frees the page; false (with the check failed)
 * when there was no page or no article, and then *a holds nothing. */
static bool extract_made(char *page, size_t len, struct parser_article *a)
{
	struct parser_input in = { 0 };
	int rc;

	CHECK(page != NULL);
	if (!page)
		return false;
	in.data = page;
	in.len = len;
	rc = parser_article_extract(&in, a);
	free(page);
	CHECK_INT(rc, VN_OK);
	return rc == VN_OK;
}

static void test_end_tag_across_the_piece_boundary(void)
{
	/* every split of "</style>" by the first boundary, and the ones just around it */
	for (size_t at = PIECE - 10; at <= PIECE + 2; at++) {
		size_t len = 0;
		char *page = page_with_style_end_at(at, &len);
		struct parser_article a;

		if (!extract_made(page, len, &a))
			return;
		CHECK_STR(a.title, "Tiêu đề thử nghiệm");
		CHECK_CONTAINS(a.body, para);
		CHECK_NOT_CONTAINS(a.body, "color:red");
		if (test_checks_failed_in_case_) {
			fprintf(stderr, "  with </style> at byte %zu\n", at);
			parser_article_release(&a);
			return;
		}
		parser_article_release(&a);
	}
}

/* Vietnamese prose over many pieces: no character is cut (a cut one would come out as
 * U+FFFD or as Latin-1 mojibake, libxml2 switching encodings on it). */
static void test_multibyte_text_over_many_pieces(void)
{
	struct vn_buf b;
	struct parser_input in = { 0 };
	struct parser_article a;
	size_t n = 0, count = 0;
	const char *p;

	vn_buf_init(&b, 4 << 20);
	CHECK_INT(vn_buf_adds(&b, "<html><head><meta charset=\"utf-8\"><title>Bài dài</title>"
			      "</head><body><div class=\"noi-dung\">"), VN_OK);
	/* paragraphs with no tag between their letters for longer than a piece, too */
	while (b.len < 5 * PIECE) {
		CHECK_INT(vn_buf_addf(&b, "<p>%s %zu</p>\n", para, n), VN_OK);
		n++;
	}
	CHECK_INT(vn_buf_adds(&b, "<p>"), VN_OK);
	for (size_t i = 0; i < 2 * PIECE / sizeof para; i++)
		CHECK_INT(vn_buf_addf(&b, "%s ", para), VN_OK);
	CHECK_INT(vn_buf_adds(&b, "</p></div></body></html>"), VN_OK);
	in.data = b.data;
	in.len = b.len;
	CHECK_INT(parser_article_extract(&in, &a), VN_OK);
	CHECK_STR(a.charset, "UTF-8");
	CHECK_NOT_CONTAINS(a.body, "\xEF\xBF\xBD");
	CHECK_NOT_CONTAINS(a.body, "Ã");
	for (p = a.body; p && (p = strstr(p, "tuyên bác kháng cáo")); p++)
		count++;
	CHECK_INT(count, n + 2 * PIECE / sizeof para);
	parser_article_release(&a);
	vn_buf_release(&b);
}

static const char styled[] =
	"<html><head><title>Tin thử</title></head><body>"
	"<div class=\"noi-dung\" data-part=\"bai\">"
	"<p><span style=\"FONT-FAMILY: 'Times New Roman'\">Chiều ngày 26-12, Tòa Phúc thẩm đã "
	"tuyên bác kháng cáo đối với bị cáo.</span></p>"
	"<p style=\"display: none\">Đoạn ẩn này không được hiện ra trong bài viết.</p>"
	"<p><span style=\"color:red\">Bị cáo đã đến nhà chị Hương để nói chuyện về khoản "
	"nợ.</span></p></div>"
	"<div data-part=\"khac\"><p>Một đoạn văn khác nằm ngoài bài viết, dài hơn ba mươi "
	"ký tự, để thử.</p></div></body></html>";

static void test_attributes_dropped_change_nothing_read(void)
{
	struct parser_input in = { .data = styled, .len = sizeof styled - 1 };
	struct parser_article a;

	CHECK_INT(parser_article_extract(&in, &a), VN_OK);
	CHECK_CONTAINS(a.body, "tuyên bác kháng cáo đối với bị cáo.");
	CHECK_CONTAINS(a.body, "khoản nợ.");
	CHECK_NOT_CONTAINS(a.body, "Đoạn ẩn"); /* style="display: none" still hides it */
	parser_article_release(&a);
}

static void test_xpath_override_sees_every_attribute(void)
{
	struct parser_input in = { .data = styled, .len = sizeof styled - 1,
				   .xpath_body = "//div[@data-part='khac']" };
	struct parser_article a;

	CHECK_INT(parser_article_extract(&in, &a), VN_OK);
	CHECK_INT(a.overrides_missed, 0);
	CHECK_CONTAINS(a.body, "Một đoạn văn khác");
	CHECK_NOT_CONTAINS(a.body, "khoản nợ");
	parser_article_release(&a);
}

/* A page with one script of about `script_len` bytes before the article: filler holding
 * markup-like strings, and (when `writer`) a date line written by innerHTML at its end. */
static char *page_with_big_script(size_t script_len, bool writer, size_t *len)
{
	struct vn_buf b;
	int rc;

	vn_buf_init(&b, 8 << 20);
	rc = vn_buf_adds(&b, "<html><head><title>Tin có kịch bản</title><style>p{margin:0}"
			 "</style></head><body><div class=\"header\"><span class=\"date\" "
			 "id=\"pDateTime\"></span></div><SCRIPT type=\"text/javascript\">");
	while (!rc && b.len < script_len)
		rc = vn_buf_adds(&b, "var s = '<div class=\"ad\">Quảng cáo</div>'; if (a < b) "
				 "{ x = \"<p>không phải bài</p>\"; }\n");
	if (!rc && writer)
		rc = vn_buf_adds(&b, "document.getElementById(\"pDateTime\").innerHTML="
				 "\"Thứ năm, 20/12/2012, 16:10 GMT+7\";");
	if (!rc)
		rc = vn_buf_adds(&b, "</script ><article><h1>Tin có kịch bản</h1>");
	for (int i = 0; i < 4 && !rc; i++)
		rc = vn_buf_addf(&b, "<p>%s</p>", para);
	if (!rc)
		rc = vn_buf_adds(&b, "</article></body></html>");
	if (rc) {
		vn_buf_release(&b);
		return NULL;
	}
	return vn_buf_detach(&b, len);
}

static void test_big_scripts(void)
{
	/* bigger than a piece; bigger than the 1 MiB a script's text is held back for */
	static const size_t sizes[] = { 100000, 1500000 };

	for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		for (int writer = 0; writer < 2; writer++) {
			size_t len = 0;
			char *page = page_with_big_script(sizes[i], writer, &len);
			struct parser_article a;

			if (!extract_made(page, len, &a))
				return;
			CHECK_STR(a.title, "Tin có kịch bản");
			CHECK_CONTAINS(a.body, para);
			CHECK_NOT_CONTAINS(a.body, "Quảng cáo");
			CHECK_NOT_CONTAINS(a.body, "không phải bài");
			if (writer)
				CHECK_STR(a.published, "2012-12-20T16:10:00+07:00");
			else
				CHECK(!a.published || strncmp(a.published, "2012-12-20", 10) != 0);
			if (test_checks_failed_in_case_)
				fprintf(stderr, "  with a script of %zu bytes%s\n", sizes[i],
					writer ? " that writes the date" : "");
			parser_article_release(&a);
		}
	}
}

int main(void)
{
	TEST_RUN(test_end_tag_across_the_piece_boundary);
	TEST_RUN(test_multibyte_text_over_many_pieces);
	TEST_RUN(test_attributes_dropped_change_nothing_read);
	TEST_RUN(test_xpath_override_sees_every_attribute);
	TEST_RUN(test_big_scripts);
	parser_global_release();
	return test_done();
}
