/* docref_fuzzer.c — fuzzes the cited-document finder (parser/documents.c, ICU regex over
 * UTF-8): any bytes in, no crash, and every reference has a kind and a number that occur
 * in the text (case aside for the kind). */
#include "fuzz.h"

#include "parser/parser.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct parser_document_ref *d = NULL;
	size_t n = 0;
	char *s = fuzz_strndup(data, size);

	if (!s)
		return 0;
	if (fuzz_utf8_valid(s, size) && parser_text_documents(s, size, &d, &n) == VN_OK) {
		for (size_t i = 0; i < n; i++) {
			if (!d[i].kind || !d[i].number)
				fuzz_fail("reference without kind or number");
			if (!memmem(s, size, d[i].number, strlen(d[i].number)))
				fuzz_fail("number %s is not in the text", d[i].number);
		}
		parser_documents_free(d, n);
	}
	free(s);
	return 0;
}
