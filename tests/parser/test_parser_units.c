/* test_parser_units.c — the parts of the parser that work on plain text: date formats,
 * cited documents, bylines and the content hash. */
#include "harness.h"
#include "parser/parser.h"
#include "parser/parser_int.h"

static void check_date(const char *text, const char *want)
{
	char iso[32] = "";
	bool ok = parser_date_find(text, strlen(text), iso);

	CHECK(ok);
	CHECK_STR(iso, want);
}

static void test_dates_in_portal_formats(void)
{
	check_date("30/11/2021 08:19:06 AM", "2021-11-30T08:19:06+07:00");
	check_date("Ngày đăng 01/08/2021 | 15:44", "2021-08-01T15:44:00+07:00");
	check_date("Thứ Sáu, 18/06/2021, 18:27 [GMT+7]", "2021-06-18T18:27:00+07:00");
	check_date("(Ngày đăng :01/01/2023 12:00:00 SA)", "2023-01-01T00:00:00+07:00");
	check_date("Cập nhật 05/03/2022 02:10:00 CH", "2022-03-05T14:10:00+07:00");
	check_date("Điện Biên, ngày 30 tháng 11 năm 2021", "2021-11-30T00:00:00+07:00");
	check_date("Sáng ngày 30/11/2021, đồng chí", "2021-11-30T00:00:00+07:00");
	check_date("15:44 - 01/08/2021", "2021-08-01T15:44:00+07:00");
	/* month names as Joomla and other CMSs print them in Vietnamese */
	check_date("Thứ Năm, 12 Tháng 5 2022 08:30", "2022-05-12T08:30:00+07:00");
	check_date("12 Tháng Năm, 2022", "2022-05-12T00:00:00+07:00");
	check_date("Cập nhật: 03 tháng Tư, 2023 - 14:05", "2023-04-03T14:05:00+07:00");
	check_date("ngày 1 tháng Mười Một năm 2021", "2021-11-01T00:00:00+07:00");
	check_date("ngày 2 tháng Mười năm 2021", "2021-10-02T00:00:00+07:00");
	/* the day before a month named in French, German, Spanish, Italian, Portuguese */
	check_date("Publié le 14 février 2024 à 06h00", "2024-02-14T06:00:00+07:00");
	check_date("19. Januar 2024, 16:05 Uhr", "2024-01-19T16:05:00+07:00");
	check_date("12 de marzo de 2024", "2024-03-12T00:00:00+07:00");
	check_date("17 ottobre 2023", "2023-10-17T00:00:00+07:00");
	check_date("sexta-feira, 22 de outubro de 2010 às 20:13", "2010-10-22T20:13:00+07:00");
	check_date("12 de março de 2024", "2024-03-12T00:00:00+07:00");
	/* ... and abbreviated */
	check_date("27.fev.2024 às 19h15", "2024-02-27T19:15:00+07:00");
	check_date("12 janv. 2024 à 08h30", "2024-01-12T08:30:00+07:00");
	check_date("5 ott 2023, 10:20", "2023-10-05T10:20:00+07:00");
	check_date("3. Okt. 2023", "2023-10-03T00:00:00+07:00");
	check_date("14 déc. 2022", "2022-12-14T00:00:00+07:00");
}

static void test_not_dates(void)
{
	char iso[32];

	CHECK(!parser_date_find("Nghị định 15/2021/NĐ-CP", 26, iso));
	CHECK(!parser_date_find("31/02/2021", 10, iso));
	CHECK(!parser_date_find("tỷ lệ 12/13", 13, iso));
	/* "tháng" with a number of months and no year is no date */
	CHECK(!parser_date_find("trong 12 tháng 2022 có", strlen("trong 12 tháng 2022 có"), iso));
	CHECK(!parser_date_find("sau 3 tháng Ba lần", strlen("sau 3 tháng Ba lần"), iso));
	/* a month's name inside a longer word, a Vietnamese "mai" without a year */
	CHECK(!parser_date_find("12 maire 2024", strlen("12 maire 2024"), iso));
	/* an abbreviation is a whole word: "3 setting 2024", "5 outras 2023" are no dates */
	CHECK(!parser_date_find("3 setting 2024", strlen("3 setting 2024"), iso));
	CHECK(!parser_date_find("5 outras 2023", strlen("5 outras 2023"), iso));
	CHECK(!parser_date_find("ngày 12 mai sẽ họp", strlen("ngày 12 mai sẽ họp"), iso));
}

static void test_iso_meta_dates(void)
{
	char iso[32];

	CHECK(parser_date_parse_iso("2021-11-30T08:19:06+07:00", iso));
	CHECK_STR(iso, "2021-11-30T08:19:06+07:00");
	CHECK(parser_date_parse_iso("2019-05-02T10:00:00.000Z", iso));
	CHECK_STR(iso, "2019-05-02T10:00:00+00:00");
	CHECK(parser_date_parse_iso("2019-05-02", iso));
	CHECK_STR(iso, "2019-05-02T00:00:00+07:00");
}

static void test_documents_of_the_issue(void)
{
	const char *t = "UBND tỉnh ban hành Công văn số 4588/UBND-VX ngày 07/12/2022; "
			"Tỉnh ủy có công văn số 240-CV/TU về việc phòng dịch. Quán triệt Kết luận "
			"224-KL/HU, ngày 29/11/2021 của Ban Thường vụ. Thực hiện Thông báo số "
			"364/TB-VPCP ngày 29/11/2022 và Kế hoạch số 1557/KH-BYT-BGDĐT; triển khai "
			"Chỉ thị 16 và lại Chỉ thị 16; kế hoạch 5 năm không phải văn bản.";
	struct parser_document_ref *d = NULL;
	size_t n = 0;

	CHECK_INT(parser_text_documents(t, strlen(t), &d, &n), VN_OK);
	CHECK_INT(n, 6);
	if (n == 6) {
		CHECK_STR(d[0].kind, "công văn");
		CHECK_STR(d[0].number, "4588/UBND-VX");
		CHECK_STR(d[0].issuer, "UBND-VX");
		CHECK_STR(d[0].date, "2022-12-07");
		CHECK_STR(d[1].number, "240-CV/TU");
		CHECK_STR(d[1].issuer, "TU");
		CHECK(d[1].date == NULL);
		CHECK_STR(d[2].kind, "kết luận");
		CHECK_STR(d[2].number, "224-KL/HU");
		CHECK_STR(d[2].date, "2021-11-29");
		CHECK_STR(d[3].kind, "thông báo");
		CHECK_STR(d[3].issuer, "VPCP");
		CHECK_STR(d[4].kind, "kế hoạch");
		CHECK_STR(d[4].number, "1557/KH-BYT-BGDĐT");
		CHECK_STR(d[4].issuer, "BYT-BGDĐT");
		CHECK_STR(d[5].kind, "chỉ thị");
		CHECK_STR(d[5].number, "16");
		CHECK(d[5].issuer == NULL);
	}
	parser_documents_free(d, n);

	/* a notice of conclusions is one kind, not a "kết luận" after a stray word */
	t = "Thực hiện Thông báo kết luận số 789-TB/TU ngày 2/3/2022 của Ban Thường vụ.";
	d = NULL;
	n = 0;
	CHECK_INT(parser_text_documents(t, strlen(t), &d, &n), VN_OK);
	CHECK_INT(n, 1);
	if (n == 1) {
		CHECK_STR(d[0].kind, "thông báo kết luận");
		CHECK_STR(d[0].number, "789-TB/TU");
		CHECK_STR(d[0].date, "2022-03-02");
	}
	parser_documents_free(d, n);
}

/* A list of numbers after one kind word gives one reference each, of that kind; a
 * qualifier may stand between the kind and "số"; a fraction or a date in the list does
 * not count. */
static void test_document_lists_and_qualifiers(void)
{
	const char *t = "Thực hiện các Chỉ thị số 15/CT-TTg, 16/CT-TTg và 19/CT-TTg của Thủ tướng; "
			"Quyết định số 1234/QĐ-UBND và số 1235/QĐ-UBND ngày 5/6/2021, "
			"Công văn hỏa tốc số 5599/BYT-MT ngày 24/7/2021. Theo Chỉ thị 15/CT-TTg, "
			"3/4 số xã đạt chuẩn, 12/2021.";
	static const char *const want[][2] = {
		{ "chỉ thị", "15/CT-TTg" },        { "chỉ thị", "16/CT-TTg" },
		{ "chỉ thị", "19/CT-TTg" },        { "quyết định", "1234/QĐ-UBND" },
		{ "quyết định", "1235/QĐ-UBND" }, { "công văn", "5599/BYT-MT" },
	};
	struct parser_document_ref *d = NULL;
	size_t n = 0;

	CHECK_INT(parser_text_documents(t, strlen(t), &d, &n), VN_OK);
	CHECK_INT(n, 6);
	for (size_t i = 0; i < n && i < 6; i++) {
		CHECK_STR(d[i].kind, want[i][0]);
		CHECK_STR(d[i].number, want[i][1]);
	}
	if (n == 6) {
		CHECK_STR(d[4].date, "2021-06-05");
		CHECK_STR(d[5].date, "2021-07-24");
		CHECK_STR(d[5].issuer, "BYT-MT");
	}
	parser_documents_free(d, n);
}

/* Upper-case kinds are found, and the same with characters before them whose case
 * folding changes their length ("ẞ", three bytes, folds to "ss": the prefilter's folded
 * copy no longer lines up with the text, and the regex looks at every number). */
static void test_documents_in_capitals_and_after_a_longer_folding(void)
{
	static const char *const texts[] = {
		"Đoàn công tác: CÔNG VĂN SỐ 12/UBND-VX ngày 1/2/2023, năm 2023 và Chỉ thị 16.",
		"ẞ ẞ ẞ: CÔNG VĂN SỐ 12/UBND-VX ngày 1/2/2023, năm 2023 và Chỉ thị 16.",
	};

	for (size_t k = 0; k < sizeof texts / sizeof texts[0]; k++) {
		struct parser_document_ref *d = NULL;
		size_t n = 0;

		CHECK_INT(parser_text_documents(texts[k], strlen(texts[k]), &d, &n), VN_OK);
		CHECK_INT(n, 2);
		if (n == 2) {
			CHECK_STR(d[0].kind, "công văn");
			CHECK_STR(d[0].number, "12/UBND-VX");
			CHECK_STR(d[0].date, "2023-02-01");
			CHECK_STR(d[1].kind, "chỉ thị");
			CHECK_STR(d[1].number, "16");
		}
		if (test_checks_failed_in_case_)
			fprintf(stderr, "  text %s\n", texts[k]);
		parser_documents_free(d, n);
	}
}

static void check_byline(const char *raw, const char *want)
{
	char *got = NULL;

	CHECK_INT(parser_byline_tidy(raw, &got), VN_OK);
	if (want)
		CHECK_STR(got, want);
	else
		CHECK(got == NULL);
	if (test_checks_failed_in_case_)
		fprintf(stderr, "  byline %s\n", raw);
	free(got);
}

/* What pages print around a name goes; the name stays whole. */
static void test_bylines_keep_the_name(void)
{
	check_byline("Thu Trang - Trung tâm VH-TT-TH", "Thu Trang - Trung tâm VH-TT-TH");
	check_byline("BT/DIENBIENTV.VN", "BT/DIENBIENTV.VN");
	check_byline("Tác giả: Minh Chiến", "Minh Chiến");
	check_byline("Bài và ảnh: Hoàng Anh - 25/12/2021 08:30", "Hoàng Anh");
	check_byline("Ngọc Lan | Thứ Sáu, 18/06/2021, 18:27", "Ngọc Lan");
	check_byline("By Chris Davies - Nov 19, 2019, 10:31 pm CST", "Chris Davies");
	check_byline("Bryan DeArdo @BryanDeArdo Nov 18, 2019 at 9:24 pm ET • 2 min read",
		     "Bryan DeArdo");
	check_byline("Posted by Michael David Smith", "Michael David Smith");
	check_byline("Maren Estrada November 19th, 2019 at 8:40 AM", "Maren Estrada");
	check_byline("Kashmira Gander On 11/13/19 at 4:00 PM EST", "Kashmira Gander");
	check_byline("Sandee LaMotte, CNN 1 day ago", "Sandee LaMotte, CNN");
	check_byline("Marcus De Guzman View More Articles", "Marcus De Guzman");
	check_byline("20 Nov 2019 08:00 GMT", NULL);
	/* a month name that is a name, with no day after it */
	check_byline("Theresa May", "Theresa May");
	/* the label in French, Spanish and Italian; an Italian name that starts with "Di" */
	check_byline("Par Clémence Dufresne", "Clémence Dufresne");
	check_byline("Por Raúl Serrano", "Raúl Serrano");
	check_byline("di Marco Bellini", "Marco Bellini");
	check_byline("Di Maio Luigi", "Di Maio Luigi");
	check_byline("Marcus Junior 3", "Marcus Junior 3");
	/* tails without a digit, in the cases ICU matches them */
	check_byline("Ngọc Lan | Chủ nhật", "Ngọc Lan");
	check_byline("MINH AN - CẬP NHẬT LÚC SÁNG", "MINH AN");
	check_byline("Hà Thu - Đăng lúc sáng nay", "Hà Thu");
	check_byline("Lê Hà - THỨ HAI", "Lê Hà");
	check_byline("Jane Doe Updated yesterday", "Jane Doe");
	check_byline("Jane Doe, Monday", "Jane Doe");
	check_byline("Jane Doe @janedoe", "Jane Doe");
	/* digits of another script are digits */
	check_byline("Ravi Kumar ١٢/٠٣/٢٠٢٤", "Ravi Kumar");
	{
		/* a description in the author field is no byline, and costs no time */
		char *long_text = malloc(4097);

		CHECK(long_text != NULL);
		if (long_text) {
			memset(long_text, ' ', 4096);
			long_text[4096] = '\0';
			long_text[0] = 'A';
			check_byline(long_text, NULL);
			free(long_text);
		}
	}
}

/* ASCII case-insensitive search, the first match whichever case it starts with. */
static void test_memcasemem_finds_the_first_match(void)
{
	static const char hay[] = "lll lượt Lượt XEM lượt xem Lượt Xem";
	const char *at;

	at = parser_memcasemem(hay, strlen(hay), "lượt xem");
	CHECK(at == hay + strlen("lll lượt "));
	at = parser_memcasemem(hay, strlen(hay), "LƯỢT XEM"); /* only ASCII letters fold */
	CHECK(at == NULL);
	at = parser_memcasemem(hay, strlen(hay), "xem l");
	CHECK(at == hay + strlen("lll lượt Lượt "));
	at = parser_memcasemem(hay, strlen(hay), "xem lượt xem");
	CHECK(at == hay + strlen("lll lượt Lượt "));
	at = parser_memcasemem(hay, strlen(hay), "Xem Lượt");
	CHECK(at == hay + strlen("lll lượt Lượt "));
	CHECK(parser_memcasemem(hay, strlen(hay), "xem lượt xem!") == NULL);
	CHECK(parser_memcasemem(hay, 3, "lll") == hay);
	CHECK(parser_memcasemem(hay, 2, "lll") == NULL);
	CHECK(parser_memcasemem("aXb", 3, "") != NULL);
	CHECK(parser_memcasemem("..L", 3, "l") != NULL);
}

static void test_sha256_vectors(void)
{
	char hex[65];

	parser_sha256_hex("", 0, hex);
	CHECK_STR(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	parser_sha256_hex("abc", 3, hex);
	CHECK_STR(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	parser_sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 56, hex);
	CHECK_STR(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

int main(void)
{
	TEST_RUN(test_dates_in_portal_formats);
	TEST_RUN(test_not_dates);
	TEST_RUN(test_iso_meta_dates);
	TEST_RUN(test_documents_of_the_issue);
	TEST_RUN(test_document_lists_and_qualifiers);
	TEST_RUN(test_documents_in_capitals_and_after_a_longer_folding);
	TEST_RUN(test_bylines_keep_the_name);
	TEST_RUN(test_memcasemem_finds_the_first_match);
	TEST_RUN(test_sha256_vectors);
	return test_done();
}
