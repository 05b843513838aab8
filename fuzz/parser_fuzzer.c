/* parser_fuzzer.c — fuzzes the whole extract path (parser_article_extract): charset
 * sniffing and decoding (UTF-8 repair, ICU, TCVN3/VNI), libxml2's HTML parser, cleaning,
 * content scoring, metadata, dates, documents, links, and the JSON record.
 *
 * Input: the raw page bytes.  When the first byte is 0x01, the first line (after it) is
 * the HTTP Content-Type and the rest is the page, so header-driven decoding is reached too.
 * Invariants checked besides "no crash, no leak": every string the parser returns is valid
 * UTF-8 without NUL, the body is NFC, and the JSON record reads back to the same record.
 * A page with links is extracted twice more with parser_input.link_seen (the crawler's
 * cross-page memory of hrefs): answering "not seen" changes no link, and once every key
 * of the page is known, "seen" leaves none. */
#include "fuzz.h"

#include "parser/parser.h"

/* the keys link_seen was called with for this input, in order */
static struct {
	uint64_t v[4096];
	size_t n;
	bool full, answer_seen;
} keys;

static bool link_seen(void *ctx, uint64_t key)
{
	(void)ctx;
	if (keys.answer_seen) {
		for (size_t i = 0; i < keys.n; i++)
			if (keys.v[i] == key)
				return true;
		return false;
	}
	if (keys.n < sizeof keys.v / sizeof keys.v[0])
		keys.v[keys.n++] = key;
	else
		keys.full = true;
	return false;
}

static void check_link_seen(struct parser_input in, const struct parser_article *plain)
{
	struct parser_article a;

	keys.n = 0;
	keys.full = keys.answer_seen = false;
	in.link_seen = link_seen;
	if (parser_article_extract(&in, &a) != VN_OK)
		return; /* an allocation failure of this run only */
	if (a.n_links != plain->n_links)
		fuzz_fail("link_seen answering 'not seen' changed the link count");
	for (size_t i = 0; i < a.n_links && i < plain->n_links; i++)
		if (strcmp(a.links[i], plain->links[i]) != 0)
			fuzz_fail("link_seen answering 'not seen' changed a link");
	parser_article_release(&a);
	if (keys.full)
		return;
	keys.answer_seen = true;
	if (parser_article_extract(&in, &a) != VN_OK)
		return;
	if (a.n_links)
		fuzz_fail("an href whose key was seen is still resolved: %s", a.links[0]);
	parser_article_release(&a);
}

static void check_str(const char *what, const char *s)
{
	if (s && !fuzz_utf8_valid(s, strlen(s)))
		fuzz_fail("%s is not valid UTF-8", what);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct parser_input in = { 0 };
	struct parser_article a, b;
	json_t *j = NULL, *j2 = NULL;
	char *ct = NULL, *s1 = NULL, *s2 = NULL;
	const uint8_t *page = data;
	size_t page_len = size;

	if (size && data[0] == 0x01) {
		ct = fuzz_split_line(data + 1, size - 1, &page, &page_len);
		if (!ct)
			return 0;
	}
	in.data = (const char *)page;
	in.len = page_len;
	in.url = "http://example.gov.vn/tin-tuc/a.html";
	in.content_type = ct;
	if (parser_article_extract(&in, &a) != VN_OK)
		goto out;
	check_str("title", a.title);
	check_str("body", a.body);
	check_str("author", a.author);
	check_str("site", a.site);
	check_str("published", a.published);
	for (size_t i = 0; i < a.n_documents; i++) {
		check_str("document kind", a.documents[i].kind);
		check_str("document number", a.documents[i].number);
		check_str("document issuer", a.documents[i].issuer);
		if (!a.documents[i].kind || !a.documents[i].number)
			fuzz_fail("document without kind or number");
	}
	for (size_t i = 0; i < a.n_links; i++)
		if (strncmp(a.links[i], "http://", 7) != 0 && strncmp(a.links[i], "https://", 8) != 0)
			fuzz_fail("link is not absolute http(s): %s", a.links[i]);
	if (a.n_links)
		check_link_seen(in, &a);
	if (parser_article_to_json(&a, true, &j) != VN_OK)
		fuzz_fail("record of a parsed page cannot become JSON");
	if (parser_article_from_json(j, &b) != VN_OK)
		fuzz_fail("the JSON record does not read back");
	if (parser_article_to_json(&b, true, &j2) != VN_OK)
		fuzz_fail("the read-back record cannot become JSON");
	s1 = json_dumps(j, JSON_SORT_KEYS);
	s2 = json_dumps(j2, JSON_SORT_KEYS);
	if (s1 && s2 && strcmp(s1, s2) != 0)
		fuzz_fail("JSON round trip changes the record");
	free(s1);
	free(s2);
	json_decref(j);
	json_decref(j2);
	parser_article_release(&b);
	parser_article_release(&a);
out:
	free(ct);
	return 0;
}
