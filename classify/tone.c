/* tone.c — one canonical place for the tone mark of a Vietnamese syllable.
 *
 * Vietnamese writes the same syllable two ways: the "old style" puts the tone of an open
 * oa/oe/uy on the first vowel (hòa, khỏe, thủy), the "new style" on the second (hoà, khoẻ,
 * thuỷ).  Both are correct and both appear in the same newspaper, so text is compared only
 * after the tone is moved to where the old style (the more common one in the press) puts it:
 *   - on the vowel with a quality mark (ă â ê ô ơ ư), the last one if two (ươ -> ơ);
 *   - else, in a closed syllable (one ending in c ch m n ng nh p t), on the last vowel;
 *   - else on the middle of three vowels, or the first of two.
 * "qu" and "gi" before a vowel are consonants.  Runs of letters that do not parse as one
 * syllable (foreign words, two tone marks) are left alone. */
#include "classify/classify_int.h"

#include <stdbool.h>
#include <string.h>
#include <threads.h>

#include <unicode/uchar.h>

#define VOWEL_TABLE 0x1F00u

/* Rows are bases, columns tones; in the order of enum in classify_int.h. */
static const char *const tone_rows[CLASSIFY_VN_BASES] = {
	"aàáảãạ", "ăằắẳẵặ", "âầấẩẫậ", "eèéẻẽẹ", "êềếểễệ", "iìíỉĩị",
	"oòóỏõọ", "ôồốổỗộ", "ơờớởỡợ", "uùúủũụ", "ưừứửữự", "yỳýỷỹỵ",
};
enum { B_A, B_AW, B_AA, B_E, B_EE, B_I, B_O, B_OO, B_OW, B_U, B_UW, B_Y };

static uint32_t tone_cp[CLASSIFY_VN_BASES][CLASSIFY_VN_TONES];
static unsigned char tone_of[VOWEL_TABLE]; /* 1 + base * 8 + tone, 0 = not a vowel */
static once_flag tone_once = ONCE_FLAG_INIT;

static void tone_init(void)
{
	for (int b = 0; b < CLASSIFY_VN_BASES; b++) {
		const unsigned char *s = (const unsigned char *)tone_rows[b];
		size_t len = strlen(tone_rows[b]), i = 0;

		for (int t = 0; t < CLASSIFY_VN_TONES && i < len; t++) {
			uint32_t c;

			i += classify_utf8_decode(s, i, len, &c);
			tone_cp[b][t] = c;
			if (c < VOWEL_TABLE)
				tone_of[c] = (unsigned char)(1 + b * 8 + t);
		}
	}
}

int classify_vowel_split(uint32_t cp, int *base, int *tone)
{
	call_once(&tone_once, tone_init);
	if (cp >= VOWEL_TABLE || !tone_of[cp])
		return 0;
	*base = (tone_of[cp] - 1) / 8;
	*tone = (tone_of[cp] - 1) % 8;
	return 1;
}

uint32_t classify_vowel_make(int base, int tone)
{
	call_once(&tone_once, tone_init);
	return tone_cp[base][tone];
}

static bool has_quality(int base)
{
	return base == B_AW || base == B_AA || base == B_EE || base == B_OO || base == B_OW ||
	       base == B_UW;
}

/* Consonant clusters packed as up to 3 bytes, đ as 'D' (see pack()). */
#define K1(a) ((uint32_t)(a))
#define K2(a, b) (K1(a) | (uint32_t)(b) << 8)
#define K3(a, b, c) (K2(a, b) | (uint32_t)(c) << 16)

/* The consonants cps[0..n) packed, or UINT32_MAX when longer than 3. */
static uint32_t pack(const uint32_t *cps, size_t n)
{
	uint32_t k = 0;

	if (n > 3)
		return UINT32_MAX;
	for (size_t i = 0; i < n; i++)
		k |= (cps[i] == 0x0111 ? (uint32_t)'D' : cps[i]) << (8 * i);
	return k;
}

/* Whether cps[0..n) spells an initial consonant (or none).  A switch, not a table scan:
 * this runs for every syllable with two vowels and a tone mark. */
static bool spells_initial(const uint32_t *cps, size_t n)
{
	switch (pack(cps, n)) {
	case 0: case K1('b'): case K1('c'): case K2('c', 'h'): case K1('d'): case K1('D'):
	case K1('g'): case K2('g', 'h'): case K1('h'): case K1('k'): case K2('k', 'h'):
	case K1('l'): case K1('m'): case K1('n'): case K2('n', 'g'): case K3('n', 'g', 'h'):
	case K2('n', 'h'): case K1('p'): case K2('p', 'h'): case K1('q'): case K1('r'):
	case K1('s'): case K1('t'): case K2('t', 'h'): case K2('t', 'r'): case K1('v'):
	case K1('x'):
		return true;
	default:
		return false;
	}
}

/* Whether cps[0..n) spells a final consonant (or none). */
static bool spells_final(const uint32_t *cps, size_t n)
{
	switch (pack(cps, n)) {
	case 0: case K1('c'): case K2('c', 'h'): case K1('m'): case K1('n'): case K2('n', 'g'):
	case K2('n', 'h'): case K1('p'): case K1('t'):
		return true;
	default:
		return false;
	}
}

void classify_tone_syllable(uint32_t *cps, size_t n)
{
	int base[8], tone[8];
	size_t i = 0, j, tpos = 0, target, nv;
	int tones = 0, t = 0, vowels = 0;

	if (n > 8 || n < 2)
		return;
	for (size_t k = 0; k < n; k++) {
		base[k] = -1;
		tone[k] = 0;
		if (cps[k] < VOWEL_TABLE && tone_of[cps[k]]) {
			base[k] = (tone_of[cps[k]] - 1) / 8;
			tone[k] = (tone_of[cps[k]] - 1) % 8;
			vowels++;
		}
		if (tone[k]) {
			tones++;
			tpos = k;
			t = tone[k];
		}
	}
	if (tones != 1 || vowels < 2) /* one vowel: nowhere else to put the tone */
		return;
	while (i < n && base[i] < 0)
		i++;
	if (!spells_initial(cps, i))
		return;
	if (i == 1 && cps[0] == 'q' && i < n && base[i] == B_U)
		i++;
	else if (i == 1 && cps[0] == 'g' && i + 1 < n && base[i] == B_I && base[i + 1] >= 0)
		i++;
	for (j = i; j < n && base[j] >= 0; j++)
		;
	nv = j - i;
	if (nv < 1 || nv > 3 || !spells_final(cps + j, n - j))
		return;
	target = n;
	for (size_t k = i; k < j; k++)
		if (has_quality(base[k]))
			target = k;
	if (target == n) {
		if (j < n)
			target = j - 1;
		else if (nv == 3)
			target = i + 1;
		else
			target = i;
	}
	if (target == tpos)
		return;
	cps[tpos] = tone_cp[base[tpos]][0];
	cps[target] = tone_cp[base[target]][t];
}

bool classify_tone_is_letter(uint32_t c)
{
	return (c >= 'a' && c <= 'z') || c == 0x0111 || (c < VOWEL_TABLE && tone_of[c]);
}

void classify_tone_init(void)
{
	call_once(&tone_once, tone_init);
}
