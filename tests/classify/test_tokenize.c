/* test_tokenize.c — syllable boundaries from ICU's word BreakIterator on normalized text,
 * and the one-pass normalize+tokenize that tagging uses agreeing with the two passes. */
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "classify/classify.h"
#include "classify/classify_int.h"
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

/* "TP.Hà Nội" must hold the syllables "hà nội", or grep "Hà Nội" misses it; so must a
 * sentence whose space after the full stop was forgotten.  Both paths split alike. */
static void test_full_stop_between_letters_splits_syllables(void)
{
	check_tokens("UBND TP.Hà Nội, TP.HCM", "ubnd|tp|hà|nội|tp|hcm");
	check_tokens("trên địa bàn tỉnh.Sáng nay", "trên|địa|bàn|tỉnh|sáng|nay");
	check_tokens("3.5% và 1.500 ca, 2021.Sáng", "3.5|và|1.500|ca|2021|sáng");
	/* "_" sends the text to ICU's BreakIterator, which joins letter.letter itself */
	check_tokens("x_1 TP.Hà Nội", "x_1|tp|hà|nội");
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

/* Whether the tokenizer (fast path where it applies) agrees with ICU's BreakIterator. */
static bool same_as_icu(const char *s, size_t len)
{
	struct classify_token *a = NULL, *b = NULL;
	size_t na = 0, nb = 0;
	bool same;

	if (classify_tokenize(s, len, &a, &na) != VN_OK ||
	    classify_tokenize_icu(s, len, &b, &nb) != VN_OK) {
		free(a);
		free(b);
		return false;
	}
	same = na == nb && (na == 0 || memcmp(a, b, na * sizeof *a) == 0);
	if (!same) {
		for (size_t i = 0; i < na && i < nb; i++)
			if (a[i].start != b[i].start || a[i].end != b[i].end) {
				fprintf(stderr, "token %zu: fast [%.*s] icu [%.*s]\n", i,
					(int)(a[i].end - a[i].start), s + a[i].start,
					(int)(b[i].end - b[i].start), s + b[i].start);
				break;
			}
		fprintf(stderr, "in: %.200s\n", s);
	}
	free(a);
	free(b);
	return same;
}

/* Whether the one-pass normalize+tokenize gives what normalizing, then tokenizing gives. */
static bool one_pass_same(const char *s, size_t len)
{
	struct classify_norm a, b;
	struct classify_token *ta = NULL, *tb = NULL;
	size_t na = 0, nb = 0;
	bool same = false;

	if (classify_norm_tokens(s, len, &a, &ta, &na) != VN_OK)
		return false;
	if (classify_norm_text(s, len, CLASSIFY_NORM_ACCENTED, &b) == VN_OK) {
		if (classify_tokenize(b.text, b.len, &tb, &nb) == VN_OK)
			same = a.len == b.len && memcmp(a.text, b.text, a.len) == 0 && na == nb &&
			       (na == 0 || memcmp(ta, tb, na * sizeof *ta) == 0);
		classify_norm_release(&b);
	}
	if (!same)
		fprintf(stderr, "one pass differs on: %.200s\n", s);
	free(ta);
	free(tb);
	classify_norm_release(&a);
	return same;
}

static void check_both_forms(const char *s)
{
	struct classify_norm n;

	CHECK(one_pass_same(s, strlen(s)));
	CHECK(same_as_icu(s, strlen(s)));
	if (classify_norm_text(s, strlen(s), CLASSIFY_NORM_ACCENTED, &n) == VN_OK) {
		CHECK(same_as_icu(n.text, n.len));
		classify_norm_release(&n);
	}
}

static void test_fast_path_agrees_with_icu_on_tricky_text(void)
{
	static const char *const cases[] = {
		"TP.HCM, U.S.A. và 3.5% - 1,234.5 - 07/12/2022; 4588/UBND-VX",
		"TP.Hà Nội, tỉnh.Sáng, a1.2b, x.1.y, 1..2, ..., Đ.đ",
		"can't ’tis l'eau a:b 1:2 a.1 1.a .5 5. ..a a.. 1,,2 1,.2 1.,2",
		"A-B–C—D \"x\" «y» (z) [w] {v} <u> @t #s $r %q &p *o +n =m ^l ~k |j \\i",
		"\xc2\xa0nbsp\xe2\x80\xafnarrow thin\xe2\x80\x89space ideo\xe3\x80\x80space",
		"H\xe1\xbb\x99i ngh\xe1\xbb\x8b 12h30 3x 2a 19/5 COVID-19 F0 H5N1 A/H7N9",
		"snake_case x_1 __init__ 100_000",               /* "_": ICU path */
		"ca\xcc\x81 combining, zero\xe2\x80\x8bwidth, jo\xe2\x80\x8diner", /* ICU path */
		"\xe0\xb8\xa0\xe0\xb8\xb2\xe0\xb8\xa9\xe0\xb8\xb2\xe0\xb9\x84\xe0\xb8\x97\xe0\xb8\xa2 Thai, \xe6\xbc\xa2\xe5\xad\x97, emoji \xf0\x9f\x98\x80",
		"\xff broken \xe1\xbb utf-8 \xed\xa0\x80 end",
		/* one run of the text needs ICU, the rest does not (tok_mixed) */
		"Ch\xc3\xba" "c m\xe1\xbb\xabng \xe2\x9d\xa4\xef\xb8\x8f ng\xc3\xa0y m\xe1\xbb\x9bi, "
		"\xf0\x9f\x91\x8d\xf0\x9f\x8f\xbb tuy\xe1\xbb\x87t! x_y.z TP.HCM",
		"\xcc\x81lead mark, mark after space \xcc\x81" "x, a.b_c 1.2_3 end_",
		"tab\t\xe2\x80\x8dzwj\nline\r\n\xef\xb8\x8fvs16 a\xe0\xb8\x81" "b c",
		/* a full stop between digits of other scripts joins them too */
		"500\xd9\xa3.000 \xd9\xa3.5 5.\xd9\xa3 \xe0\xa5\xa9.\xe0\xa5\xaa a.\xd9\xa3 \xd9\xa3.b",
		"x_", "_x", "\xcc\x81", " \xcc\x81", "a \xf0\x9f\x98\x80", "\xf0\x9f\x98\x80 a",
		"", " ", "a", "1", ".", "a.", ".a",
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		check_both_forms(cases[i]);
}

/* Real text: the seed pages and the first 3000 corpus-vi items, raw and normalized. */
static void test_fast_path_agrees_with_icu_on_real_text(void)
{
	char path[1024], line[1 << 16];
	gzFile f;
	int n = 0;

	snprintf(path, sizeof path, "%s/data/corpus-vi/baomoi-2018.jsonl.gz", test_shared_dir());
	f = gzopen(path, "rb");
	CHECK(f != NULL);
	while (f && n < 3000 && gzgets(f, line, sizeof line)) {
		json_t *o = json_loads(line, 0, NULL);
		const char *t = json_string_value(json_object_get(o, "text"));

		if (t) {
			check_both_forms(t);
			n++;
		}
		json_decref(o);
	}
	if (f)
		gzclose(f);
	CHECK_INT(n, 3000);
	for (int k = 0; k < 5; k++) {
		static const char *const seeds[] = {
			"000_dd4c88a377038f80.txt", "001_44113dabf23c6a9d.txt",
			"002_72e2e27eeebe6d09.txt", "003_a3bec0e4c0598cae.txt",
			"004_ed23d9cacc6bd5b5.txt" };
		FILE *sf;
		size_t got;
		static char buf[1 << 16];

		snprintf(path, sizeof path, "%s/seeds/%s", test_shared_dir(), seeds[k]);
		sf = fopen(path, "rb");
		CHECK(sf != NULL);
		if (!sf)
			continue;
		got = fread(buf, 1, sizeof buf - 1, sf);
		fclose(sf);
		buf[got] = '\0';
		check_both_forms(buf);
	}
}

int main(void)
{
	TEST_RUN(test_syllables_split_on_spaces_and_punctuation);
	TEST_RUN(test_numbers_stay_whole);
	TEST_RUN(test_full_stop_between_letters_splits_syllables);
	TEST_RUN(test_decomposed_input_gives_same_tokens);
	TEST_RUN(test_empty_and_blank_text_have_no_tokens);
	TEST_RUN(test_token_offsets_point_into_text);
	TEST_RUN(test_fast_path_agrees_with_icu_on_tricky_text);
	TEST_RUN(test_fast_path_agrees_with_icu_on_real_text);
	return test_done();
}
