/* test_charset.c — the same Vietnamese paragraph encoded as UTF-8, windows-1258 (glibc
 * iconv, decomposed tone marks), TCVN3 (glibc iconv TCVN5712-1), VNI (written out by hand
 * from the VNI Windows table) and decomposed Unicode (NFD) extracts to the identical NFC
 * text; plus BOM, HTTP header and <meta> precedence. */
#include <iconv.h>

#include <unicode/unorm2.h>
#include <unicode/ustring.h>

#include "harness.h"
#include "test_util.h"

#define PARA "Tiếng Việt có dấu: Ủy ban nhân dân tỉnh Điện Biên đã họp với người dân."
/* PARA in VNI Windows: base letter + mark byte ("e" + 0xE1 = "ế"), ơ = 0xF4, ư = 0xF6 */
#define PARA_VNI "Tie\xE1ng Vie\xE4t co\xF9 da\xE1u: U\xDBy ban nha\xE2n da\xE2n t\xE6nh " \
	"\xD1ie\xE4n Bie\xE2n \xF1" "a\xF5 ho\xEFp v\xF4\xF9i ng\xF6\xF4\xF8i da\xE2n."

static char *wrap(const char *head, const char *para, size_t *len)
{
	size_t n = strlen(head) + strlen(para) + 64;
	char *s = malloc(n);

	if (s)
		*len = (size_t)snprintf(s, n, "<html><head>%s</head><body><p>%s</p></body></html>",
					head, para);
	return s;
}

/* `para` converted with glibc iconv to `to` (caller frees). */
static char *iconv_to(const char *to, const char *para)
{
	iconv_t cd = iconv_open(to, "UTF-8");
	size_t inl = strlen(para), outl = inl * 4 + 1;
	char *out, *o, *in = (char *)para;

	if (cd == (iconv_t)-1)
		return NULL;
	out = calloc(1, outl);
	o = out;
	if (out && iconv(cd, &in, &inl, &o, &outl) == (size_t)-1) {
		free(out);
		out = NULL;
	}
	iconv_close(cd);
	return out;
}

static char *nfd(const char *s)
{
	UErrorCode err = U_ZERO_ERROR;
	const UNormalizer2 *n = unorm2_getNFDInstance(&err);
	UChar u[512], d[1024];
	int32_t ul, dl, ol;
	char *out = malloc(2048);

	u_strFromUTF8(u, 512, &ul, s, -1, &err);
	dl = unorm2_normalize(n, u, ul, d, 1024, &err);
	u_strToUTF8(out, 2048, &ol, d, dl, &err);
	if (U_FAILURE(err)) {
		free(out);
		return NULL;
	}
	return out;
}

static void check_page(const char *what, const char *page, size_t len, const char *ctype,
		       const char *want_charset)
{
	struct parser_input in = { .data = page, .len = len, .content_type = ctype };
	struct parser_article a;
	int rc = parser_article_extract(&in, &a);

	CHECK_INT(rc, VN_OK);
	if (rc)
		return;
	if (!a.body || strcmp(a.body, PARA) != 0) {
		fprintf(stderr, "%s: body \"%s\"\n", what, a.body ? a.body : "(null)");
		CHECK(0);
	}
	if (want_charset)
		CHECK_STR(a.charset, want_charset);
	parser_article_release(&a);
}

static void test_utf8(void)
{
	size_t len;
	char *p = wrap("<meta charset=\"utf-8\">", PARA, &len);

	check_page("utf-8", p, len, NULL, "UTF-8");
	free(p);
}

static void test_windows_1258_decomposed_marks(void)
{
	char *enc = iconv_to("WINDOWS-1258", PARA);
	size_t len;
	char *p;

	CHECK(enc != NULL);
	if (!enc)
		return;
	p = wrap("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1258\">",
		 enc, &len);
	check_page("windows-1258 by meta", p, len, NULL, "windows-1258");
	free(p);
	p = wrap("", enc, &len);
	check_page("windows-1258 by HTTP header", p, len, "text/html; charset=windows-1258",
		   "windows-1258");
	free(p);
	/* undeclared: TCVN3's table also reads these bytes as Vietnamese letters, but as
	 * syllables of two tones ("Tiờỡng Viờũt") */
	p = wrap("", enc, &len);
	check_page("windows-1258 undeclared", p, len, NULL, "windows-1258");
	free(p);
	free(enc);
}

static void test_tcvn3_by_font_and_by_bytes(void)
{
	char *enc = iconv_to("TCVN5712-1", PARA);
	size_t len;
	char *p;

	CHECK(enc != NULL);
	if (!enc)
		return;
	p = wrap("<style>body{font-family:\".VnTime\"}</style>", enc, &len);
	check_page("tcvn3 with .VnTime", p, len, NULL, "TCVN3");
	free(p);
	p = wrap("", enc, &len);
	check_page("tcvn3 undeclared", p, len, NULL, "TCVN3");
	free(p);
	free(enc);
}

static void test_vni_by_font_and_by_bytes(void)
{
	size_t len;
	char *p = wrap("<style>p{font-family:\"VNI-Times\"}</style>", PARA_VNI, &len);

	check_page("vni with VNI-Times", p, len, NULL, "VNI");
	free(p);
	p = wrap("<meta charset=\"windows-1252\">", PARA_VNI, &len);
	check_page("vni declared as windows-1252", p, len, NULL, NULL);
	free(p);
}

static void test_decomposed_unicode(void)
{
	char *d = nfd(PARA);
	size_t len;
	char *p;

	CHECK(d != NULL && strcmp(d, PARA) != 0);
	if (!d)
		return;
	p = wrap("<meta charset=\"utf-8\">", d, &len);
	check_page("nfd", p, len, NULL, "UTF-8");
	free(p);
	free(d);
}

static void test_bom_wins_over_meta(void)
{
	size_t len;
	char *p = wrap("<meta charset=\"windows-1258\">", PARA, &len);
	char *b = malloc(len + 3);

	memcpy(b, "\xEF\xBB\xBF", 3);
	memcpy(b + 3, p, len);
	check_page("utf-8 BOM", b, len + 3, NULL, "UTF-8");
	free(b);
	free(p);
}

static void test_utf8_mislabelled_as_latin1(void)
{
	size_t len;
	char *p = wrap("<meta charset=\"iso-8859-1\">", PARA, &len);

	check_page("utf-8 labelled iso-8859-1 by <meta>", p, len, NULL, "UTF-8");
	check_page("utf-8 labelled windows-1252 by HTTP", p, len,
		   "text/html; charset=windows-1252", "UTF-8");
	free(p);
}

/* A page of `n` paragraphs PARA (UTF-8), then the same converted by iconv to `to` with
 * `meta` declaring it, a NUL byte between two paragraphs; `*len` gets the size. */
static char *many_paras(size_t n, const char *to, const char *meta, size_t *len)
{
	size_t cap = n * (strlen(PARA) + 32) + 256, used;
	char *utf8 = malloc(cap), *enc = NULL, *in, *o;
	size_t inl, outl;
	iconv_t cd;

	if (!utf8)
		return NULL;
	used = (size_t)snprintf(utf8, cap, "<html><head>%s</head><body>", meta);
	for (size_t i = 0; i < n; i++)
		used += (size_t)snprintf(utf8 + used, cap - used, "<p>%s (%zu)</p>%s", PARA, i,
					 to && i == n / 2 ? "\x7f" : "");
	used += (size_t)snprintf(utf8 + used, cap - used, "</body></html>");
	if (!to) {
		*len = used;
		return utf8;
	}
	cd = iconv_open(to, "UTF-8");
	if (cd != (iconv_t)-1 && (enc = malloc(used * 2)) != NULL) {
		in = utf8;
		inl = used;
		o = enc;
		outl = used * 2;
		if (iconv(cd, &in, &inl, &o, &outl) == (size_t)-1) {
			free(enc);
			enc = NULL;
		} else {
			*len = (size_t)(o - enc);
			*(char *)memchr(enc, '\x7f', *len) = '\0'; /* iconv stops at a NUL */
		}
	}
	if (cd != (iconv_t)-1)
		iconv_close(cd);
	free(utf8);
	return enc;
}

/* A windows-1258 or TCVN3 page of 400 KB is decoded a slice at a time: every paragraph
 * comes out as from the UTF-8 page, none lost at a slice boundary, and a NUL byte between
 * paragraphs is a space, as in a UTF-8 page (it used to end the text). */
static void test_big_legacy_page_in_slices(void)
{
	static const struct {
		const char *to, *meta, *charset;
	} encs[] = {
		{ "WINDOWS-1258", "<meta charset=\"windows-1258\">", "windows-1258" },
		{ "TCVN5712-1", "<meta charset=\"tcvn3\">", "TCVN3" },
	};
	struct parser_article want, got;
	struct parser_input in = { 0 };
	size_t len = 0, n = 4000;
	char *page = many_paras(n, NULL, "", &len);

	CHECK(page != NULL);
	in.data = page;
	in.len = len;
	CHECK_INT(parser_article_extract(&in, &want), VN_OK);
	free(page);
	CHECK(want.body && strlen(want.body) > n * strlen(PARA));
	for (size_t i = 0; i < sizeof encs / sizeof encs[0]; i++) {
		page = many_paras(n, encs[i].to, encs[i].meta, &len);
		CHECK(page != NULL);
		if (!page)
			continue;
		CHECK(len > 300000 && memchr(page, '\0', len));
		in.data = page;
		in.len = len;
		CHECK_INT(parser_article_extract(&in, &got), VN_OK);
		CHECK_STR(got.charset, encs[i].charset);
		if (!got.body || !want.body || strcmp(got.body, want.body) != 0) {
			fprintf(stderr, "%s: the body differs from the UTF-8 page's (%zu vs %zu bytes)\n",
				encs[i].to, got.body ? strlen(got.body) : 0,
				want.body ? strlen(want.body) : 0);
			CHECK(0);
		}
		parser_article_release(&got);
		free(page);
	}
	parser_article_release(&want);
}

int main(void)
{
	TEST_RUN(test_utf8);
	TEST_RUN(test_windows_1258_decomposed_marks);
	TEST_RUN(test_tcvn3_by_font_and_by_bytes);
	TEST_RUN(test_vni_by_font_and_by_bytes);
	TEST_RUN(test_decomposed_unicode);
	TEST_RUN(test_bom_wins_over_meta);
	TEST_RUN(test_utf8_mislabelled_as_latin1);
	TEST_RUN(test_big_legacy_page_in_slices);
	return test_done();
}
