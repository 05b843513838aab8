/* test_norm.c — normalization: NFC, case folding, tone placement, the accent-free form with
 * đ -> d, the offset map back to the original bytes, broken and pathological input. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "classify/classify.h"
#include "harness.h"

/* The normalized form of `s` in `mode`, as a malloc'd string ("<error>" on failure). */
static char *norm(const char *s, enum classify_norm_mode mode)
{
	struct classify_norm n;
	char *r;

	if (classify_norm_text(s, strlen(s), mode, &n) != VN_OK)
		return strdup("<error>");
	r = strdup(n.text);
	classify_norm_release(&n);
	return r;
}

static void check_same(const char *a, const char *b, enum classify_norm_mode mode)
{
	char *na = norm(a, mode), *nb = norm(b, mode);

	CHECK_STR(na, nb);
	free(na);
	free(nb);
}

static void check_norm(const char *in, enum classify_norm_mode mode, const char *want)
{
	char *n = norm(in, mode);

	CHECK_STR(n, want);
	free(n);
}

/* Finds `needle` (already normalized) in the normalization of `orig` and returns the
 * original bytes it came from, malloc'd; NULL when not found. */
static char *find_original(const char *orig, enum classify_norm_mode mode, const char *needle)
{
	struct classify_norm n;
	const char *hit;
	char *r = NULL;

	if (classify_norm_text(orig, strlen(orig), mode, &n) != VN_OK)
		return NULL;
	hit = strstr(n.text, needle);
	if (hit) {
		size_t a = (size_t)(hit - n.text), b = a + strlen(needle);
		size_t oa = n.offsets[a], ob = n.offsets[b];

		r = strndup(orig + oa, ob - oa);
	}
	classify_norm_release(&n);
	return r;
}

static void test_decomposed_input_equals_precomposed(void)
{
	/* "Hòa Bình, bệnh viện": precomposed, fully decomposed, and with the two marks of
	 * "ệ" in the other order (dot below first is canonical order) */
	const char *pre = "H\xc3\xb2" "a B\xc3\xac" "nh, b\xe1\xbb\x87" "nh vi\xe1\xbb\x87n";
	const char *dec = "Ho\xcc\x80" "a Bi\xcc\x80" "nh, be\xcc\x82\xcc\xa3" "nh vie\xcc\xa3\xcc\x82n";

	check_same(pre, dec, CLASSIFY_NORM_ACCENTED);
	check_same(pre, dec, CLASSIFY_NORM_ASCII);
	check_norm(dec, CLASSIFY_NORM_ACCENTED, "hòa bình, bệnh viện");
}

static void test_combining_marks_after_long_runs_and_symbols(void)
{
	/* a mark after the 17th letter of a run, after a 40-letter run, after a symbol */
	check_same("aaaaaaaaaaaaaaaaa\xcc\x81 x", "aaaaaaaaaaaaaaaaá x", CLASSIFY_NORM_ACCENTED);
	check_same("bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbo\xcc\x9b\xcc\x80",
		   "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbờ", CLASSIFY_NORM_ACCENTED);
	check_norm("bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbo\xcc\x9b\xcc\x80", CLASSIFY_NORM_ASCII,
		   "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbo");
	check_norm("(\xcc\x81)", CLASSIFY_NORM_ACCENTED, "(\xcc\x81)");
	check_norm("(\xcc\x81)", CLASSIFY_NORM_ASCII, "()");
	/* a decomposed tone on the "wrong" vowel still gets the canonical placement */
	check_norm("hoa\xcc\x80 thuy\xcc\x81", CLASSIFY_NORM_ACCENTED, "hòa thúy");
}

static void test_case_is_folded(void)
{
	check_norm("ĐIỆN BIÊN Phủ, ỦY BAN", CLASSIFY_NORM_ACCENTED, "điện biên phủ, ủy ban");
	check_norm("COVID-19 Straße", CLASSIFY_NORM_ACCENTED, "covid-19 strasse");
}

static void test_ascii_form_drops_marks_and_folds_d(void)
{
	check_norm("Đắk Nông: đường Điện Biên Phủ", CLASSIFY_NORM_ASCII,
		   "dak nong: duong dien bien phu");
	check_norm("Ủy ban nhân dân tỉnh Thừa Thiên Huế", CLASSIFY_NORM_ASCII,
		   "uy ban nhan dan tinh thua thien hue");
	/* the accented form keeps đ: "đá" (stone) is not "da" (skin) when tagging */
	check_norm("Đá", CLASSIFY_NORM_ACCENTED, "đá");
}

static void test_tone_placement_old_and_new_style_equal(void)
{
	check_same("hoà bình", "hòa bình", CLASSIFY_NORM_ACCENTED);
	check_same("Thuý", "Thúy", CLASSIFY_NORM_ACCENTED);
	check_same("khoẻ mạnh", "khỏe mạnh", CLASSIFY_NORM_ACCENTED);
	check_same("Uỷ ban", "Ủy ban", CLASSIFY_NORM_ACCENTED);
	check_same("thuỷ sản", "thủy sản", CLASSIFY_NORM_ACCENTED);
	check_same("qúy", "quý", CLASSIFY_NORM_ACCENTED);
	/* the canonical placement is the old style */
	check_norm("hoà thuý khoẻ uỷ", CLASSIFY_NORM_ACCENTED, "hòa thúy khỏe ủy");
	/* syllables whose placement is not in dispute stay as written */
	check_norm("người được rượu khuỷu quốc giữ gìn hoàn thuận khuyến",
		   CLASSIFY_NORM_ACCENTED, "người được rượu khuỷu quốc giữ gìn hoàn thuận khuyến");
	/* a misplaced tone in a closed syllable goes to the last vowel */
	check_same("hòan thành", "hoàn thành", CLASSIFY_NORM_ACCENTED);
}

static void test_tone_marks_still_distinguish_words(void)
{
	char *hop = norm("họp", CLASSIFY_NORM_ACCENTED), *hop2 = norm("hợp", CLASSIFY_NORM_ACCENTED);
	char *ca = norm("ca", CLASSIFY_NORM_ACCENTED), *ca2 = norm("cá", CLASSIFY_NORM_ACCENTED);

	CHECK(strcmp(hop, hop2) != 0);
	CHECK(strcmp(ca, ca2) != 0);
	free(hop);
	free(hop2);
	free(ca);
	free(ca2);
	/* foreign words are not re-accented */
	check_norm("Café Müller", CLASSIFY_NORM_ACCENTED, "café müller");
}

static void test_offsets_map_matches_back_to_original(void)
{
	const char *orig = "Chiều 30/11, UỶ BAN nhân dân TỈNH Điện Biên họp bàn hoà giải";
	char *r;

	r = find_original(orig, CLASSIFY_NORM_ACCENTED, "tỉnh điện biên");
	CHECK_STR(r, "TỈNH Điện Biên");
	free(r);
	r = find_original(orig, CLASSIFY_NORM_ACCENTED, "ủy ban");
	CHECK_STR(r, "UỶ BAN");
	free(r);
	r = find_original(orig, CLASSIFY_NORM_ACCENTED, "hòa giải");
	CHECK_STR(r, "hoà giải");
	free(r);
	r = find_original(orig, CLASSIFY_NORM_ASCII, "tinh dien bien hop");
	CHECK_STR(r, "TỈNH Điện Biên họp");
	free(r);
}

static void test_offsets_cover_combining_marks(void)
{
	/* decomposed "Bình Thuận": the match maps to the base and all of its marks */
	const char *orig = "x Bi\xcc\x80nh Thua\xcc\xa3\xcc\x82n y";
	char *r = find_original(orig, CLASSIFY_NORM_ACCENTED, "bình thuận");

	CHECK_STR(r, "Bi\xcc\x80nh Thua\xcc\xa3\xcc\x82n");
	free(r);
	r = find_original(orig, CLASSIFY_NORM_ASCII, "binh thuan");
	CHECK_STR(r, "Bi\xcc\x80nh Thua\xcc\xa3\xcc\x82n");
	free(r);
}

static void test_offsets_are_monotone_and_end_at_length(void)
{
	const char *s = "Sáng 18/6, Ban Thường vụ Tỉnh ủy ban hành Công văn số 240-CV/TU…";
	struct classify_norm n;

	for (int mode = 0; mode < 2; mode++) {
		CHECK_INT(classify_norm_text(s, strlen(s), (enum classify_norm_mode)mode, &n), VN_OK);
		CHECK_INT(n.offsets[n.len], strlen(s));
		CHECK_INT(strlen(n.text), n.len);
		for (size_t i = 1; i <= n.len; i++)
			CHECK(n.offsets[i] >= n.offsets[i - 1]);
		classify_norm_release(&n);
	}
}

static void test_invalid_utf8_and_nul_are_replaced(void)
{
	const char s[] = "a\xff" "b\xe1\xbb" "c\0d\xed\xa0\x80";
	struct classify_norm n;

	CHECK_INT(classify_norm_text(s, sizeof s - 1, CLASSIFY_NORM_ACCENTED, &n), VN_OK);
	CHECK_STR(n.text, "a\xef\xbf\xbd" "b\xef\xbf\xbd" "c\xef\xbf\xbd" "d\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
	CHECK_INT(strlen(n.text), n.len);
	CHECK_INT(n.offsets[n.len], sizeof s - 1);
	classify_norm_release(&n);
}

static void test_empty_input(void)
{
	struct classify_norm n;

	CHECK_INT(classify_norm_text("", 0, CLASSIFY_NORM_ACCENTED, &n), VN_OK);
	CHECK_INT(n.len, 0);
	CHECK_STR(n.text, "");
	CHECK_INT(n.offsets[0], 0);
	classify_norm_release(&n);
	CHECK_INT(classify_norm_text(NULL, 0, CLASSIFY_NORM_ASCII, &n), VN_OK);
	CHECK_INT(n.len, 0);
	classify_norm_release(&n);
	CHECK_INT(classify_norm_text(NULL, 3, CLASSIFY_NORM_ASCII, &n), VN_EINVAL);
}

static void test_huge_inputs(void)
{
	/* a 10 MB line of Vietnamese, and one base letter under 100 000 combining marks */
	const char *unit = "Ủy ban nhân dân tỉnh Điện Biên hoà giải; ";
	size_t ul = strlen(unit), reps = (10u << 20) / ul, marks = 100000;
	char *big = malloc(reps * ul + 1), *pile = malloc(1 + 2 * marks + 2);
	struct classify_norm n;

	if (!big || !pile) {
		CHECK(!"out of memory");
		free(big);
		free(pile);
		return;
	}
	for (size_t i = 0; i < reps; i++)
		memcpy(big + i * ul, unit, ul);
	CHECK_INT(classify_norm_text(big, reps * ul, CLASSIFY_NORM_ACCENTED, &n), VN_OK);
	CHECK_INT(n.offsets[n.len], reps * ul);
	CHECK(strncmp(n.text, "ủy ban nhân dân tỉnh điện biên hòa giải; ủy", 50) == 0);
	classify_norm_release(&n);
	CHECK_INT(classify_norm_text(big, reps * ul, CLASSIFY_NORM_ASCII, &n), VN_OK);
	CHECK(strncmp(n.text, "uy ban nhan dan tinh dien bien hoa giai; uy", 43) == 0);
	classify_norm_release(&n);

	pile[0] = 'a';
	for (size_t i = 0; i < marks; i++)
		memcpy(pile + 1 + 2 * i, "\xcc\x81", 2);
	pile[1 + 2 * marks] = 'b';
	pile[2 + 2 * marks] = '\0';
	CHECK_INT(classify_norm_text(pile, strlen(pile), CLASSIFY_NORM_ASCII, &n), VN_OK);
	CHECK_STR(n.text, "ab");
	CHECK_INT(n.offsets[1], 1 + 2 * marks);
	classify_norm_release(&n);
	CHECK_INT(classify_norm_text(pile, strlen(pile), CLASSIFY_NORM_ACCENTED, &n), VN_OK);
	CHECK(strncmp(n.text, "á", 2) == 0);
	CHECK_INT(n.offsets[n.len], strlen(pile));
	classify_norm_release(&n);
	free(big);
	free(pile);
}

int main(void)
{
	TEST_RUN(test_decomposed_input_equals_precomposed);
	TEST_RUN(test_combining_marks_after_long_runs_and_symbols);
	TEST_RUN(test_case_is_folded);
	TEST_RUN(test_ascii_form_drops_marks_and_folds_d);
	TEST_RUN(test_tone_placement_old_and_new_style_equal);
	TEST_RUN(test_tone_marks_still_distinguish_words);
	TEST_RUN(test_offsets_map_matches_back_to_original);
	TEST_RUN(test_offsets_cover_combining_marks);
	TEST_RUN(test_offsets_are_monotone_and_end_at_length);
	TEST_RUN(test_invalid_utf8_and_nul_are_replaced);
	TEST_RUN(test_empty_input);
	TEST_RUN(test_huge_inputs);
	return test_done();
}
