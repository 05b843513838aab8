/* test_tokenize.c — syllable boundaries from ICU's word BreakIterator on normalized text. */
#include <stdlib.h>
#include <string.h>

#include "classify/classify.h"
#include "harness.h"

/* The tokens of the accented normalization of `s`, joined with "|". */
static char *tokens_of(const char *s)
{
	struct classify_norm n;
	struct classify_token *t = NULL;
	size_t nt = 0, pos = 0;
	char *r;

	if (classify_norm_text(s, strlen(s), CLASSIFY_NORM_ACCENTED, &n) != VN_OK)
		return strdup("<norm error>");
	if (classify_tokenize(n.text, n.len, &t, &nt) != VN_OK) {
		classify_norm_release(&n);
		return strdup("<tokenize error>");
	}
	r = malloc(n.len + nt + 1);
	for (size_t i = 0; r && i < nt; i++) {
		if (i)
			r[pos++] = '|';
		memcpy(r + pos, n.text + t[i].start, t[i].end - t[i].start);
		pos += t[i].end - t[i].start;
	}
	if (r)
		r[pos] = '\0';
	free(t);
	classify_norm_release(&n);
	return r;
}

static void check_tokens(const char *s, const char *want)
{
	char *got = tokens_of(s);

	CHECK_STR(got, want);
	free(got);
}

static void test_syllables_split_on_spaces_and_punctuation(void)
{
	check_tokens("Hội nghị trực tuyến: ghi nhận 393 bệnh nhân!",
		     "hội|nghị|trực|tuyến|ghi|nhận|393|bệnh|nhân");
	check_tokens("  \"Tiêm vắc-xin\" (mũi 3)…  ", "tiêm|vắc|xin|mũi|3");
}

static void test_numbers_stay_whole(void)
{
	check_tokens("Công văn số 4588/UBND-VX ngày 07/12/2022, 1.234 ca",
		     "công|văn|số|4588|ubnd|vx|ngày|07|12|2022|1.234|ca");
}

static void test_decomposed_input_gives_same_tokens(void)
{
	check_tokens("Ho\xcc\x80" "a bi\xcc\x80nh", "hòa|bình");
}

static void test_empty_and_blank_text_have_no_tokens(void)
{
	struct classify_token *t = NULL;
	size_t n = 99;

	CHECK_INT(classify_tokenize("", 0, &t, &n), VN_OK);
	CHECK_INT(n, 0);
	CHECK(t == NULL);
	CHECK_INT(classify_tokenize(" ,.;\n", 5, &t, &n), VN_OK);
	CHECK_INT(n, 0);
	free(t);
}

static void test_token_offsets_point_into_text(void)
{
	const char *s = "đ ab cd";
	struct classify_token *t = NULL;
	size_t n = 0;

	CHECK_INT(classify_tokenize(s, strlen(s), &t, &n), VN_OK);
	CHECK_INT(n, 3);
	if (n == 3) {
		CHECK_INT(t[0].start, 0);
		CHECK_INT(t[0].end, 2);
		CHECK_INT(t[2].start, 6);
		CHECK_INT(t[2].end, 8);
	}
	free(t);
}

int main(void)
{
	TEST_RUN(test_syllables_split_on_spaces_and_punctuation);
	TEST_RUN(test_numbers_stay_whole);
	TEST_RUN(test_decomposed_input_gives_same_tokens);
	TEST_RUN(test_empty_and_blank_text_have_no_tokens);
	TEST_RUN(test_token_offsets_point_into_text);
	return test_done();
}
