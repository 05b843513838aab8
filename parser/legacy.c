/* legacy.c — Vietnamese plausibility score and the pre-Unicode font encodings.
 *
 * TCVN3 (TCVN 5712:1993 "ABC", the .VnTime fonts) and VNI (VNI-Times fonts) predate
 * Unicode and ICU has no converters for them.  The score tells a correctly decoded
 * Vietnamese text (many letters from the Vietnamese alphabet, almost no other non-ASCII
 * letters) from a mis-decoded one, so detection can pick the right table. */
#include "parser/parser_int.h"

#include <string.h>

/* Decodes one UTF-8 code point (input already valid); returns its length. */
static size_t u8_next(const unsigned char *p, size_t len, uint32_t *cp)
{
	if (p[0] < 0x80 || len < 2) {
		*cp = p[0];
		return 1;
	}
	if (p[0] < 0xE0) {
		*cp = ((uint32_t)(p[0] & 0x1F) << 6) | (p[1] & 0x3F);
		return 2;
	}
	if (p[0] < 0xF0 || len < 4) {
		if (len < 3) {
			*cp = 0xFFFD;
			return len;
		}
		*cp = ((uint32_t)(p[0] & 0x0F) << 12) | ((uint32_t)(p[1] & 0x3F) << 6) | (p[2] & 0x3F);
		return 3;
	}
	*cp = ((uint32_t)(p[0] & 0x07) << 18) | ((uint32_t)(p[1] & 0x3F) << 12) |
	      ((uint32_t)(p[2] & 0x3F) << 6) | (p[3] & 0x3F);
	return 4;
}

static bool vi_letter(uint32_t c)
{
	static const char *latin1 = "\xC0\xC1\xC2\xC3\xC8\xC9\xCA\xCC\xCD\xD2\xD3\xD4\xD5\xD9\xDA\xDD"
				    "\xE0\xE1\xE2\xE3\xE8\xE9\xEA\xEC\xED\xF2\xF3\xF4\xF5\xF9\xFA\xFD";

	if (c >= 0xC0 && c <= 0xFF)
		return memchr(latin1, (int)c, 32) != NULL;
	switch (c) {
	case 0x102: case 0x103: case 0x110: case 0x111: case 0x128: case 0x129:
	case 0x168: case 0x169: case 0x1A0: case 0x1A1: case 0x1AF: case 0x1B0:
	case 0x300: case 0x301: case 0x303: case 0x309: case 0x323:
		return true;
	default:
		return c >= 0x1EA0 && c <= 0x1EF9;
	}
}

double parser_charset_vi_score(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, letters = 0, vi = 0, bad = 0;

	while (i < len) {
		uint32_t c;

		i += u8_next(p + i, len - i, &c);
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
			letters++;
		} else if (c >= 0x80) {
			if (vi_letter(c)) {
				vi++;
				letters++;
			} else if (!(c >= 0x2000 && c <= 0x206F) && c != 0xA0 && c != 0xAB &&
				   c != 0xBB) {
				bad++; /* a symbol or a foreign letter: typical of mis-decoding */
				letters++;
			}
		}
	}
	if (!letters)
		return 0.0;
	return ((double)vi - 3.0 * (double)bad) / (double)letters;
}

int parser_charset_legacy_to_utf8(const char *enc, const char *data, size_t len,
				  struct vn_buf *out)
{
	(void)enc;
	(void)data;
	(void)len;
	(void)out;
	return VN_ECHARSET;
}
