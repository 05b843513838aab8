/* charset_fuzzer.c — fuzzes charset detection and decoding (parser/charset.c): BOM, the
 * HTTP Content-Type, <meta>, ICU detection and the TCVN3/VNI legacy tables, on bytes as a
 * server sends them.
 *
 * Input: "CONTENT-TYPE\nbody".  Whatever the bytes and whatever the labels claim, what
 * leaves the decoder is valid UTF-8 without NUL bytes, and a charset is named. */
#include "fuzz.h"

#include "parser/parser_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *body;
	size_t body_len;
	char *ctype = fuzz_split_line(data, size, &body, &body_len);
	struct vn_buf out;
	char *name = NULL;

	if (!ctype)
		return 0;
	vn_buf_init(&out, PARSER_MAX_TEXT);
	if (parser_charset_decode((const char *)body, body_len, *ctype ? ctype : NULL, &out,
				  &name) == VN_OK) {
		if (!name)
			fuzz_fail("decoded without naming the charset");
		if (!fuzz_utf8_valid(out.data, out.len))
			fuzz_fail("decoded text (from %s) is not valid UTF-8", name);
		if (memchr(out.data, '\0', out.len))
			fuzz_fail("decoded text (from %s) holds a NUL byte", name);
		(void)parser_charset_vi_score(out.data, out.len);
	}
	free(name);
	vn_buf_reset(&out);
	/* the legacy Vietnamese font tables on the raw bytes */
	if (parser_charset_legacy_to_utf8("TCVN3", (const char *)body, body_len, &out) == VN_OK &&
	    !fuzz_utf8_valid(out.data, out.len))
		fuzz_fail("TCVN3 conversion is not valid UTF-8");
	vn_buf_reset(&out);
	if (parser_charset_legacy_to_utf8("VNI", (const char *)body, body_len, &out) == VN_OK &&
	    !fuzz_utf8_valid(out.data, out.len))
		fuzz_fail("VNI conversion is not valid UTF-8");
	vn_buf_release(&out);
	free(ctype);
	return 0;
}
