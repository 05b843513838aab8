/* test_bad_input.c — hostile and broken pages (after cmark's pathological tests): each
 * gives a clear result or a clear error, never a crash, and in bounded time (the meson
 * timeout is the bound; no timing is asserted here, speed lives in bench/). */
#include <stdint.h>

#include "harness.h"
#include "test_util.h"

static int extract_bytes(const char *data, size_t len, struct parser_article *a)
{
	struct parser_input in = { .data = data, .len = len };

	return parser_article_extract(&in, a);
}

static void test_empty_input_is_an_error(void)
{
	struct parser_article a;

	CHECK_INT(extract_bytes("", 0, &a), VN_EPARSE);
	CHECK_INT(extract_bytes(" \n\t ", 4, &a), VN_EPARSE);
	CHECK(a.body == NULL && a.title == NULL); /* nothing is left to release */
}

static void test_binary_garbage_gives_no_article(void)
{
	char buf[65536];
	uint32_t x = 2463534242u;
	struct parser_article a;
	int rc;

	for (size_t i = 0; i < sizeof buf; i++) {
		x ^= x << 13, x ^= x >> 17, x ^= x << 5; /* xorshift: same bytes every run */
		buf[i] = (char)(x & 0xFF);
	}
	rc = extract_bytes(buf, sizeof buf, &a);
	CHECK(rc == VN_OK || rc == VN_EPARSE);
	if (rc == VN_OK) {
		CHECK(a.kind != PARSER_PAGE_ARTICLE);
		parser_article_release(&a);
	}
}

static void test_nul_bytes_inside_text(void)
{
	static const char page[] = "<html><head><title>Tiêu đề bài viết thử</title></head><body>"
				   "<p>Đoạn\0 một có\0 byte NUL ở giữa, và vẫn phải đọc được hết "
				   "câu này.</p></body></html>";
	struct parser_article a;

	CHECK_INT(extract_bytes(page, sizeof page - 1, &a), VN_OK);
	CHECK_CONTAINS(a.body, "vẫn phải đọc được hết câu này.");
	CHECK(a.body && strlen(a.body) > 40); /* the text after each NUL was kept */
	parser_article_release(&a);
}

static void test_ten_thousand_deep_nesting(void)
{
	size_t depth = 10000, len = 0, cap = depth * 11 + 256;
	char *p = malloc(cap);
	struct parser_article a;
	int rc;

	len += (size_t)snprintf(p + len, cap - len, "<html><body>");
	for (size_t i = 0; i < depth; i++)
		len += (size_t)snprintf(p + len, cap - len, "<div>");
	len += (size_t)snprintf(p + len, cap - len, "<p>Văn bản nằm ở tầng sâu nhất, vẫn là "
						  "một câu văn đầy đủ.</p>");
	for (size_t i = 0; i < depth && len + 7 < cap; i++)
		len += (size_t)snprintf(p + len, cap - len, "</div>");
	rc = extract_bytes(p, len, &a);
	/* past libxml2's default limit of 256 levels the parser stopped and the text was lost;
	 * the text at the bottom is the page's only prose, so it is the body */
	CHECK_INT(rc, VN_OK);
	if (rc == VN_OK) {
		CHECK_STR(a.body, "Văn bản nằm ở tầng sâu nhất, vẫn là một câu văn đầy đủ.");
		parser_article_release(&a);
	}
	free(p);
}

static void test_ten_megabyte_single_line(void)
{
	size_t n = 10u << 20;
	char *p = malloc(n + 64);
	struct parser_article a;
	int rc;
	static const char word[] = "chữ ";

	memcpy(p, "<html><body><p>", 15);
	for (size_t i = 15; i + sizeof word - 1 < n; i += sizeof word - 1)
		memcpy(p + i, word, sizeof word - 1);
	rc = extract_bytes(p, n, &a);
	CHECK(rc == VN_OK || rc == VN_ETOOBIG);
	if (rc == VN_OK) {
		CHECK(a.body != NULL);
		parser_article_release(&a);
	}
	free(p);
}

static void test_truncated_utf8_is_repaired(void)
{
	/* "Việt" cut inside its 3-byte "ệ", then more text */
	static const char page[] = "<html><body><p>Tiếng Vi\xE1\xBB chữ sau vẫn còn nguyên vẹn "
				   "trong đoạn văn này.</p><p>Cuối \xE1</p></body></html>";
	struct parser_article a;

	CHECK_INT(extract_bytes(page, sizeof page - 1, &a), VN_OK);
	CHECK_CONTAINS(a.body, "chữ sau vẫn còn nguyên vẹn");
	CHECK_CONTAINS(a.body, "\xEF\xBF\xBD"); /* U+FFFD where the bytes were broken */
	parser_article_release(&a);
}

static void test_page_without_body(void)
{
	static const char page[] = "<html><head><title>Chỉ có tiêu đề</title></head></html>";
	struct parser_article a;

	CHECK_INT(extract_bytes(page, sizeof page - 1, &a), VN_OK);
	CHECK_STR(a.title, "Chỉ có tiêu đề");
	CHECK(a.body == NULL);
	CHECK_STR(parser_page_kind_name(a.kind), "listing");
	parser_article_release(&a);
}

static void test_bad_arguments(void)
{
	struct parser_input in = { .data = NULL, .len = 5 };
	struct parser_article a;

	CHECK_INT(parser_article_extract(&in, &a), VN_EINVAL);
	CHECK_INT(parser_article_extract(NULL, &a), VN_EINVAL);
}

int main(void)
{
	TEST_RUN(test_empty_input_is_an_error);
	TEST_RUN(test_binary_garbage_gives_no_article);
	TEST_RUN(test_nul_bytes_inside_text);
	TEST_RUN(test_ten_thousand_deep_nesting);
	TEST_RUN(test_ten_megabyte_single_line);
	TEST_RUN(test_truncated_utf8_is_repaired);
	TEST_RUN(test_page_without_body);
	TEST_RUN(test_bad_arguments);
	return test_done();
}
