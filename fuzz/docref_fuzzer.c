/* docref_fuzzer.c — fuzzes the legal-document reference finder (parser/documents.c):
 * "Công văn số 4588/UBND-VX ngày 07/12/2022", "Kết luận 224-KL/HU", in article bodies.
 *
 * Every reference found must have a kind and a number that are valid UTF-8 of bounded size,
 * the number must occur in the text (valid UTF-8 input), and a date, when present, is a
 * real "YYYY-MM-DD" day.  (Merged from the parser's and the reliability helper's versions.) */
#include "fuzz.h"

#include "parser/parser.h"

static void check_field(const char *f, size_t in_len, const char *what, size_t i)
{
	size_t n;

	if (!f)
		return;
	n = strlen(f);
	if (!fuzz_utf8_valid(f, n))
		fuzz_fail("document %zu: %s is not valid UTF-8", i, what);
	/* normalization may expand a little (NFC, case), never without bound */
	if (n > 4 * in_len + 64)
		fuzz_fail("document %zu: %s of %zu bytes from %zu bytes of text", i, what, n,
			  in_len);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct parser_document_ref *docs = NULL;
	size_t n = 0;

	if (parser_text_documents((const char *)data, size, &docs, &n) != VN_OK)
		return 0;
	if (n > size)
		fuzz_fail("%zu documents from %zu bytes", n, size);
	for (size_t i = 0; i < n; i++) {
		if (!docs[i].kind || !docs[i].number)
			fuzz_fail("document %zu without a kind or a number", i);
		check_field(docs[i].kind, size, "kind", i);
		check_field(docs[i].number, size, "number", i);
		check_field(docs[i].issuer, size, "issuer", i);
		/* on valid UTF-8 the number is quoted from the text as written */
		if (fuzz_utf8_valid((const char *)data, size) &&
		    !memmem(data, size, docs[i].number, strlen(docs[i].number)))
			fuzz_fail("document %zu: number %s is not in the text", i, docs[i].number);
		if (docs[i].date) {
			const char *d = docs[i].date;

			if (strlen(d) != 10 || d[4] != '-' || d[7] != '-' ||
			    strncmp(d + 5, "13", 2) >= 0 || strncmp(d + 5, "00", 2) == 0 ||
			    strncmp(d + 8, "32", 2) >= 0 || strncmp(d + 8, "00", 2) == 0)
				fuzz_fail("document %zu: date \"%s\" is not a YYYY-MM-DD day", i, d);
		}
	}
	parser_documents_free(docs, n);
	return 0;
}
