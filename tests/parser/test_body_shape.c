/* test_body_shape.c — what the body keeps and drops inside the article: photo captions of
 * Vietnamese pages stay and image file names go (issue #3); English pages leave captions
 * out, as the English news corpora we measure against do. */
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
	parser_article_release(&a);
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
	return test_done();
}
