/* legacy.c — Vietnamese plausibility score and the pre-Unicode font encodings.
 *
 * TCVN3 (TCVN 5712:1993 "ABC", the .VnTime fonts) and VNI (VNI-Times fonts) predate
 * Unicode and ICU has no converters for them.  The score tells a correctly decoded
 * Vietnamese text (many letters from the Vietnamese alphabet, almost no other non-ASCII
 * letters) from a mis-decoded one, so detection can pick the right table. */
#include "parser/parser_int.h"

#include <stdlib.h>
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

/* Whether a Vietnamese letter (vi_letter) carries a tone: a combining tone mark, every
 * letter of U+1EA0..U+1EF9, and the toned ones of Latin-1 and Latin Extended-A (not Â Ê
 * Ô Ă Đ Ơ Ư, which are letters of their own). */
static bool vi_toned(uint32_t c)
{
	static const char *latin1 = "\xC0\xC1\xC3\xC8\xC9\xCC\xCD\xD2\xD3\xD5\xD9\xDA\xDD"
				    "\xE0\xE1\xE3\xE8\xE9\xEC\xED\xF2\xF3\xF5\xF9\xFA\xFD";

	if (c >= 0xC0 && c <= 0xFF)
		return memchr(latin1, (int)c, 26) != NULL;
	return c == 0x128 || c == 0x129 || c == 0x168 || c == 0x169 || c == 0x300 || c == 0x301 ||
	       c == 0x303 || c == 0x309 || c == 0x323 || (c >= 0x1EA0 && c <= 0x1EF9);
}

double parser_charset_vi_score(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, letters = 0, vi = 0, bad = 0, word_vi = 0, tones = 0;

	while (i < len) {
		uint32_t c;
		bool letter = false;

		i += u8_next(p + i, len - i, &c);
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
			letters++;
			letter = true;
		} else if (c >= 0x80) {
			if (vi_letter(c)) {
				vi++;
				letters++;
				letter = true;
				word_vi++;
				tones += vi_toned(c);
			} else if (!(c >= 0x2000 && c <= 0x206F) && c != 0xA0 && c != 0xAB &&
				   c != 0xBB) {
				bad++; /* a symbol or a foreign letter: typical of mis-decoding */
				letters++;
			}
		}
		if (!letter || i >= len) {
			/* a syllable carries one tone at most: "Sếề", "Tấỡ" are a wrong table's */
			if (tones > 1)
				bad += word_vi;
			word_vi = tones = 0;
		}
	}
	if (!letters)
		return 0.0;
	return ((double)vi - 3.0 * (double)bad) / (double)letters;
}

/* TCVN 5712:1993 bytes 0x80..0xFF as UTF-8 (VN1 layout, of which the .VnTime "ABC"
 * fonts use a subset; the same table as glibc's TCVN5712-1 converter).  Bytes below 0x80
 * are ASCII.  0xB0..0xB4 are combining tone marks, composed by the NFC step. */
static const char *const tcvn3_high[128] = {
	"\xC3\x80", "\xE1\xBA\xA2", "\xC3\x83", "\xC3\x81",
	"\xE1\xBA\xA0", "\xE1\xBA\xB6", "\xE1\xBA\xAC", "\xC3\x88",
	"\xE1\xBA\xBA", "\xE1\xBA\xBC", "\xC3\x89", "\xE1\xBA\xB8",
	"\xE1\xBB\x86", "\xC3\x8C", "\xE1\xBB\x88", "\xC4\xA8",
	"\xC3\x8D", "\xE1\xBB\x8A", "\xC3\x92", "\xE1\xBB\x8E",
	"\xC3\x95", "\xC3\x93", "\xE1\xBB\x8C", "\xE1\xBB\x98",
	"\xE1\xBB\x9C", "\xE1\xBB\x9E", "\xE1\xBB\xA0", "\xE1\xBB\x9A",
	"\xE1\xBB\xA2", "\xC3\x99", "\xE1\xBB\xA6", "\xC5\xA8",
	"\xC2\xA0", "\xC4\x82", "\xC3\x82", "\xC3\x8A",
	"\xC3\x94", "\xC6\xA0", "\xC6\xAF", "\xC4\x90",
	"\xC4\x83", "\xC3\xA2", "\xC3\xAA", "\xC3\xB4",
	"\xC6\xA1", "\xC6\xB0", "\xC4\x91", "\xE1\xBA\xB0",
	"\xCC\x80", "\xCC\x89", "\xCC\x83", "\xCC\x81",
	"\xCC\xA3", "\xC3\xA0", "\xE1\xBA\xA3", "\xC3\xA3",
	"\xC3\xA1", "\xE1\xBA\xA1", "\xE1\xBA\xB2", "\xE1\xBA\xB1",
	"\xE1\xBA\xB3", "\xE1\xBA\xB5", "\xE1\xBA\xAF", "\xE1\xBA\xB4",
	"\xE1\xBA\xAE", "\xE1\xBA\xA6", "\xE1\xBA\xA8", "\xE1\xBA\xAA",
	"\xE1\xBA\xA4", "\xE1\xBB\x80", "\xE1\xBA\xB7", "\xE1\xBA\xA7",
	"\xE1\xBA\xA9", "\xE1\xBA\xAB", "\xE1\xBA\xA5", "\xE1\xBA\xAD",
	"\xC3\xA8", "\xE1\xBB\x82", "\xE1\xBA\xBB", "\xE1\xBA\xBD",
	"\xC3\xA9", "\xE1\xBA\xB9", "\xE1\xBB\x81", "\xE1\xBB\x83",
	"\xE1\xBB\x85", "\xE1\xBA\xBF", "\xE1\xBB\x87", "\xC3\xAC",
	"\xE1\xBB\x89", "\xE1\xBB\x84", "\xE1\xBA\xBE", "\xE1\xBB\x92",
	"\xC4\xA9", "\xC3\xAD", "\xE1\xBB\x8B", "\xC3\xB2",
	"\xE1\xBB\x94", "\xE1\xBB\x8F", "\xC3\xB5", "\xC3\xB3",
	"\xE1\xBB\x8D", "\xE1\xBB\x93", "\xE1\xBB\x95", "\xE1\xBB\x97",
	"\xE1\xBB\x91", "\xE1\xBB\x99", "\xE1\xBB\x9D", "\xE1\xBB\x9F",
	"\xE1\xBB\xA1", "\xE1\xBB\x9B", "\xE1\xBB\xA3", "\xC3\xB9",
	"\xE1\xBB\x96", "\xE1\xBB\xA7", "\xC5\xA9", "\xC3\xBA",
	"\xE1\xBB\xA5", "\xE1\xBB\xAB", "\xE1\xBB\xAD", "\xE1\xBB\xAF",
	"\xE1\xBB\xA9", "\xE1\xBB\xB1", "\xE1\xBB\xB3", "\xE1\xBB\xB7",
	"\xE1\xBB\xB9", "\xC3\xBD", "\xE1\xBB\xB5", "\xE1\xBB\x90",
};

/* VNI Windows (VNI-Times fonts): a Vietnamese letter is an ASCII base letter followed by
 * one mark byte carrying its diacritics ("a" + 0xE1 = "ấ"), except the letters ơ ư đ
 * and the i/ỵ forms, which have their own byte.  Marks map to combining characters and
 * NFC composes them; bytes that are no mark keep their windows-1252 meaning. */
static const char *const vni_high[128] = {
	"\xE2\x82\xAC", "\x20", "\xE2\x80\x9A", "\xC6\x92",
	"\xE2\x80\x9E", "\xE2\x80\xA6", "\xE2\x80\xA0", "\xE2\x80\xA1",
	"\xCB\x86", "\xE2\x80\xB0", "\xC5\xA0", "\xE2\x80\xB9",
	"\xC5\x92", "\x20", "\xC5\xBD", "\x20",
	"\x20", "\xE2\x80\x98", "\xE2\x80\x99", "\xE2\x80\x9C",
	"\xE2\x80\x9D", "\xE2\x80\xA2", "\xE2\x80\x93", "\xE2\x80\x94",
	"\xCB\x9C", "\xE2\x84\xA2", "\xC5\xA1", "\xE2\x80\xBA",
	"\xC5\x93", "\x20", "\xC5\xBE", "\xC5\xB8",
	"\xC2\xA0", "\xC2\xA1", "\xC2\xA2", "\xC2\xA3",
	"\xC2\xA4", "\xC2\xA5", "\xC2\xA6", "\xC2\xA7",
	"\xC2\xA8", "\xC2\xA9", "\xC2\xAA", "\xC2\xAB",
	"\xC2\xAC", "\xC2\xAD", "\xC2\xAE", "\xC2\xAF",
	"\xC2\xB0", "\xC2\xB1", "\xC2\xB2", "\xC2\xB3",
	"\xC2\xB4", "\xC2\xB5", "\xC2\xB6", "\xC2\xB7",
	"\xC2\xB8", "\xC2\xB9", "\xC2\xBA", "\xC2\xBB",
	"\xC2\xBC", "\xC2\xBD", "\xC2\xBE", "\xC2\xBF",
	"\xCC\x82\xCC\x80", "\xCC\x82\xCC\x81", "\xCC\x82", "\xCC\x82\xCC\x83",
	"\xCC\x82\xCC\xA3", "\xCC\x82\xCC\x89", "\xE1\xBB\x88", "\xC3\x87",
	"\xCC\x86\xCC\x80", "\xCC\x86\xCC\x81", "\xCC\x86", "\xCC\x86\xCC\xA3",
	"\xC3\x8C", "\xC3\x8D", "\xE1\xBB\xB4", "\xCC\xA3",
	"\xC3\x90", "\xC4\x90", "\xE1\xBB\x8A", "\xC4\xA8",
	"\xC6\xA0", "\xCC\x83", "\xC6\xAF", "\xC3\x97",
	"\xCC\x80", "\xCC\x81", "\xCC\x86\xCC\x89", "\xCC\x89",
	"\xCC\x86\xCC\x83", "\xC3\x9D", "\xC3\x9E", "\xC3\x9F",
	"\xCC\x82\xCC\x80", "\xCC\x82\xCC\x81", "\xCC\x82", "\xCC\x82\xCC\x83",
	"\xCC\x82\xCC\xA3", "\xCC\x82\xCC\x89", "\xE1\xBB\x89", "\xC3\xA7",
	"\xCC\x86\xCC\x80", "\xCC\x86\xCC\x81", "\xCC\x86", "\xCC\x86\xCC\xA3",
	"\xC3\xAC", "\xC3\xAD", "\xE1\xBB\xB5", "\xCC\xA3",
	"\xC3\xB0", "\xC4\x91", "\xE1\xBB\x8B", "\xC4\xA9",
	"\xC6\xA1", "\xCC\x83", "\xC6\xB0", "\xC3\xB7",
	"\xCC\x80", "\xCC\x81", "\xCC\x86\xCC\x89", "\xCC\x89",
	"\xCC\x86\xCC\x83", "\xC3\xBD", "\xC3\xBE", "\xC3\xBF",
};

int parser_charset_legacy_to_utf8(const char *enc, const char *data, size_t len,
				  struct vn_buf *out)
{
	const char *const *table = strcmp(enc, "VNI") == 0 ? vni_high : tcvn3_high;
	struct vn_buf tmp;
	char *nfc = NULL;
	size_t start = 0;
	int rc;

	vn_buf_init(&tmp, out->cap);
	rc = vn_buf_grow(&tmp, len + len / 2);
	for (size_t i = 0; !rc && i < len; i++) {
		unsigned char c = (unsigned char)data[i];
		bool ctrl = c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f';

		if (c < 0x80 && !ctrl)
			continue;
		rc = vn_buf_add(&tmp, data + start, i - start);
		if (!rc)
			rc = ctrl ? vn_buf_addc(&tmp, ' ') : vn_buf_adds(&tmp, table[c - 0x80]);
		start = i + 1;
	}
	if (!rc)
		rc = vn_buf_add(&tmp, data + start, len - start);
	if (!rc)
		rc = parser_text_nfc(tmp.data, tmp.len, &nfc);
	if (!rc)
		rc = vn_buf_adds(out, nfc);
	free(nfc);
	vn_buf_release(&tmp);
	return rc;
}
