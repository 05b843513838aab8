/* classify_int.h — what the files of classify/ share and nobody else sees.
 *
 * The normalizer works on an array of code points, each carrying the byte offset in the
 * original text of the character it came from; tone placement rewrites that array in place
 * (a syllable keeps its number of letters), and only the last step encodes UTF-8. */
#ifndef CLASSIFY_INT_H
#define CLASSIFY_INT_H

#include <stddef.h>
#include <stdint.h>

#include "classify/classify.h"

/* The largest input classify_norm_text() accepts (the offset map is 8 bytes per output
 * byte, so this bounds its memory at about 9 x 64 MiB). */
#define CLASSIFY_NORM_MAX_INPUT ((size_t)64 << 20)

/* Vietnamese vowels: 12 bases (a ă â e ê i o ô ơ u ư y) x 6 tones (none, grave, acute,
 * hook above, tilde, dot below), lower case. */
enum { CLASSIFY_VN_BASES = 12, CLASSIFY_VN_TONES = 6 };

/* Splits a lower-case Vietnamese vowel into base (0..11) and tone (0..5); returns 0 when
 * `cp` is not one. */
int classify_vowel_split(uint32_t cp, int *base, int *tone);
/* The lower-case vowel of `base` with `tone`. */
uint32_t classify_vowel_make(int base, int tone);

/* Moves the tone mark of each Vietnamese syllable in `cps[0..n)` to its one canonical
 * vowel (the "old style": hòa, thúy, khỏe, ủy), in place.  Offsets stay with positions. */
void classify_tone_canonicalize(uint32_t *cps, size_t n);

/* Decodes one UTF-8 sequence at s[i..len); returns its length (>= 1) and puts the code
 * point (U+FFFD for an invalid sequence, which then counts one byte) into *cp. */
size_t classify_utf8_decode(const unsigned char *s, size_t i, size_t len, uint32_t *cp);

/* classify_tokenize() always through ICU's BreakIterator (the reference its fast path is
 * tested against). */
int classify_tokenize_icu(const char *text, size_t len, struct classify_token **toks,
			  size_t *n_out) VN_WUR;

#endif
