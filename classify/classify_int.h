/* classify_int.h — what the files of classify/ share and nobody else sees.
 *
 * The normalizer works on an array of code points, each carrying the byte offset in the
 * original text of the character it came from; tone placement rewrites that array in place
 * (a syllable keeps its number of letters), and only the last step encodes UTF-8. */
#ifndef CLASSIFY_INT_H
#define CLASSIFY_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "classify/classify.h"

/* The largest input classify_norm_text() accepts (the offset map is 8 bytes per output
 * byte, so this bounds its memory at about 9 x 64 MiB). */
#define CLASSIFY_NORM_MAX_INPUT ((size_t)64 << 20)

/* Bytes a normalized text has readable past its NUL, so that a syllable can be read a
 * word at a time (classify_lex_hash_padded). */
#define CLASSIFY_NORM_SLACK 8

/* Vietnamese vowels: 12 bases (a ă â e ê i o ô ơ u ư y) x 6 tones (none, grave, acute,
 * hook above, tilde, dot below), lower case. */
enum { CLASSIFY_VN_BASES = 12, CLASSIFY_VN_TONES = 6 };

/* Splits a lower-case Vietnamese vowel into base (0..11) and tone (0..5); returns 0 when
 * `cp` is not one. */
int classify_vowel_split(uint32_t cp, int *base, int *tone);
/* The lower-case vowel of `base` with `tone`. */
uint32_t classify_vowel_make(int base, int tone);

/* Builds the vowel tables; the two functions below need it done. */
void classify_tone_init(void);
/* Whether `cp` (lower case) can be part of a Vietnamese syllable: a-z, đ, a vowel. */
bool classify_tone_is_letter(uint32_t cp);
/* Moves the tone mark of the letter run `cps[0..n)` to its one canonical vowel (the "old
 * style": hòa, thúy, khỏe, ủy), in place, when the run spells one Vietnamese syllable. */
void classify_tone_syllable(uint32_t *cps, size_t n);

/* classify_norm_text(), without the offset map when `offsets` is false (out->offsets is
 * then NULL): tagging does not need it. */
int classify_norm_text_ex(const char *s, size_t len, enum classify_norm_mode mode,
			  bool offsets, struct classify_norm *out) VN_WUR;

/* Decodes one UTF-8 sequence at s[i..len); returns its length (>= 1) and puts the code
 * point into *cp: U+FFFD for an invalid sequence, replaced per maximal subpart.  Inline:
 * it runs once per character of every article. */
static inline size_t classify_utf8_decode(const unsigned char *s, size_t i, size_t len,
					  uint32_t *cp)
{
	unsigned char c = s[i], lo = 0x80, hi = 0xBF;
	uint32_t v;
	size_t need, k;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	/* the ranges of the second byte follow Unicode table 3-7, so that an invalid
	 * sequence is replaced per maximal subpart (one U+FFFD for "\xe1\xbb" + ASCII) */
	if (c >= 0xC2 && c <= 0xDF) {
		need = 1;
		v = c & 0x1F;
	} else if (c >= 0xE0 && c <= 0xEF) {
		need = 2;
		v = c & 0x0F;
		if (c == 0xE0)
			lo = 0xA0;
		else if (c == 0xED)
			hi = 0x9F;
	} else if (c >= 0xF0 && c <= 0xF4) {
		need = 3;
		v = c & 0x07;
		if (c == 0xF0)
			lo = 0x90;
		else if (c == 0xF4)
			hi = 0x8F;
	} else {
		*cp = 0xFFFD;
		return 1;
	}
	for (k = 1; k <= need; k++) {
		unsigned char d;

		if (i + k >= len) {
			*cp = 0xFFFD;
			return k;
		}
		d = s[i + k];
		if (d < lo || d > hi) {
			*cp = 0xFFFD;
			return k;
		}
		lo = 0x80;
		hi = 0xBF;
		v = (v << 6) | (d & 0x3F);
	}
	*cp = v;
	return need + 1;
}


/* The one-pass tokenizer: the normalizer feeds every code point it writes to a segmenter
 * that applies the rules of tokenize.c's fast path (UAX #29 WB5-WB12 on Word_Break values
 * from ICU) one character behind (a rule may need the next character), so tagging gets
 * syllables without a second walk over the text.  A character the rules do not cover, or a
 * retracted one, marks the segmenter `bad`: the caller then runs classify_tokenize(). */
enum {
	CLASSIFY_WB_TABLE = 0x3000,
	CLASSIFY_WB_OTHER = 0, CLASSIFY_WB_LETTER, CLASSIFY_WB_NUMERIC, CLASSIFY_WB_MIDLETTER,
	CLASSIFY_WB_MIDNUM, CLASSIFY_WB_MIDNUMLETQ, CLASSIFY_WB_SLOW,
};
/* Word_Break class per code point below CLASSIFY_WB_TABLE, ready after
 * classify_wb_ready(). */
extern unsigned char classify_wb_table[CLASSIFY_WB_TABLE];
void classify_wb_ready(void);
/* Whether UAX #29 keeps positions i-1 and i of the classes `w` (n of them) in one word. */
bool classify_wb_joins(const unsigned char *w, size_t n, size_t i);

struct classify_seg {
	struct classify_token *t;
	size_t nt, alloc;
	unsigned char w[4];  /* classes of characters k-2, k-1, k and the one after k */
	size_t off_k;        /* output offset of character k */
	size_t start;        /* output offset where the current segment began */
	size_t n;            /* characters seen */
	bool word;           /* the current segment holds a letter or a digit */
	bool bad;
	bool oom;
};

/* Decides the boundary before the pending character k, given the one after it (w[3];
 * `has_next` false at the end of the text). */
void classify_seg_step(struct classify_seg *g, bool has_next);
/* classify_seg_emit() when the token array is full: grows it, then adds the token. */
void classify_seg_emit_grow(struct classify_seg *g);

/* Adds the segment [g->start, g->off_k) as a token (inline: once per token). */
static inline void classify_seg_emit(struct classify_seg *g)
{
	if (g->nt < g->alloc) {
		g->t[g->nt].start = g->start;
		g->t[g->nt].end = g->off_k;
		g->nt++;
	} else {
		classify_seg_emit_grow(g);
	}
}

static inline void classify_seg_push(struct classify_seg *g, uint32_t cp, size_t off)
{
	unsigned char c;

	if (g->bad)
		return;
	if (cp >= CLASSIFY_WB_TABLE || (c = classify_wb_table[cp]) == CLASSIFY_WB_SLOW) {
		g->bad = true;
		return;
	}
	g->w[3] = c;
	/* the two common cases inline: inside a run of letters and digits (WB5-WB10 join),
	 * and next to a space or punctuation of class Other (no rule joins across it) */
	if (g->n >= 2 && (unsigned)(g->w[1] - 1) < 2 && (unsigned)(g->w[2] - 1) < 2) {
		g->word = true;
	} else if (g->n >= 2 && (g->w[1] == CLASSIFY_WB_OTHER || g->w[2] == CLASSIFY_WB_OTHER)) {
		if (g->word)
			classify_seg_emit(g);
		g->start = g->off_k;
		g->word = (unsigned)(g->w[2] - 1) < 2;
	} else if (g->n) {
		classify_seg_step(g, true);
	}
	g->w[0] = g->w[1];
	g->w[1] = g->w[2];
	g->w[2] = c;
	g->off_k = off;
	g->n++;
}

/* Ends the text at output offset `len`; returns VN_OK with the tokens in *toks (the
 * caller frees them), VN_EUNSUPPORTED when the segmenter went bad, or VN_ENOMEM. */
int classify_seg_finish(struct classify_seg *g, size_t len, struct classify_token **toks,
			size_t *n_out) VN_WUR;

/* Normalizes (accented, no offset map) and tokenizes in one pass: classify_norm_text_ex()
 * + classify_tokenize() with the same results. */
int classify_norm_tokens(const char *s, size_t len, struct classify_norm *out,
			 struct classify_token **toks, size_t *n_out) VN_WUR;

/* classify_tokenize() always through ICU's BreakIterator (the reference its fast path is
 * tested against). */
int classify_tokenize_icu(const char *text, size_t len, struct classify_token **toks,
			  size_t *n_out) VN_WUR;

#endif
