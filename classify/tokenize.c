/* tokenize.c — syllables of a normalized text, by UAX #29 word boundaries.
 *
 * Vietnamese separates syllables with spaces, so UAX #29 word boundaries are syllable
 * boundaries; a token is kept when it holds letters, numbers or ideographs (ICU's rule
 * status >= UBRK_WORD_NUMBER).  ICU's word BreakIterator is the reference: it runs on the
 * UTF-8 bytes through a UText (indices are byte offsets), one iterator per thread.
 * Design: the break iterator costs as much as all the rest of tagging, so text made only of
 * characters whose Word_Break value is ALetter, Numeric, MidLetter, MidNum, MidNumLet,
 * Single_Quote or "Other" (all of Vietnamese, digits, Latin punctuation) is segmented by
 * rules WB5-WB12 directly, with the Word_Break values taken from ICU; anything else
 * (combining marks, format characters, ZWJ, "_", Thai, kana, ideographs, emoji...) goes to
 * ICU, a space-delimited run at a time (tok_mixed).  The same rules also run incrementally (classify_seg_*), fed by the normalizer
 * as it writes, one character behind.  Tests check that all paths agree on real text. */
#include "classify/classify_int.h"

#include <stdlib.h>
#include <threads.h>

#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>
#include <unicode/utext.h>

#include "common/vn_array.h"

#define WB_TABLE CLASSIFY_WB_TABLE

enum wb {
	WB_OTHER = CLASSIFY_WB_OTHER,         /* breaks on both sides; not part of a token */
	WB_LETTER = CLASSIFY_WB_LETTER,       /* ALetter */
	WB_NUMERIC = CLASSIFY_WB_NUMERIC,
	WB_MIDLETTER = CLASSIFY_WB_MIDLETTER, /* ":" "·" ... between letters */
	WB_MIDNUM = CLASSIFY_WB_MIDNUM,       /* "," ";" ... between digits */
	WB_MIDNUMLETQ = CLASSIFY_WB_MIDNUMLETQ, /* "." "'" "’" ... between letters or digits */
	WB_SLOW = CLASSIFY_WB_SLOW,           /* needs ICU's full rules */
};

unsigned char classify_wb_table[CLASSIFY_WB_TABLE];
#define wb_table classify_wb_table

static UBreakIterator *tok_template;
static once_flag tok_once = ONCE_FLAG_INIT;
/* Each thread's clone of the template, closed by the key's destructor when the thread
 * ends (a _Thread_local pointer would leak it: the crawl's page worker is a thread). */
static tss_t tok_key;
static bool tok_key_ok;
static const UChar tok_empty[1];

static void tok_iter_close(void *bi)
{
	ubrk_close(bi);
}

static void tok_init(void)
{
	UErrorCode st = U_ZERO_ERROR;

	for (UChar32 c = 0; c < (UChar32)WB_TABLE; c++) {
		int v = u_getIntPropertyValue(c, UCHAR_WORD_BREAK);
		unsigned char w;

		switch (v) {
		case U_WB_ALETTER: w = WB_LETTER; break;
		case U_WB_NUMERIC: w = WB_NUMERIC; break;
		case U_WB_MIDLETTER: w = WB_MIDLETTER; break;
		case U_WB_MIDNUM: w = WB_MIDNUM; break;
		case U_WB_MIDNUMLET: case U_WB_SINGLE_QUOTE: w = WB_MIDNUMLETQ; break;
		case U_WB_OTHER: case U_WB_CR: case U_WB_LF: case U_WB_NEWLINE:
		case U_WB_WSEGSPACE: case U_WB_DOUBLE_QUOTE:
			w = WB_OTHER;
			break;
		default: w = WB_SLOW; break;
		}
		/* scripts without spaces (Thai, Lao, ...) are segmented by dictionary in ICU */
		if (u_getIntPropertyValue(c, UCHAR_LINE_BREAK) == U_LB_COMPLEX_CONTEXT)
			w = WB_SLOW;
		wb_table[c] = w;
	}
	/* ICU's root rules (from CLDR) differ from UAX #29 here: ":" does not join letters,
	 * and "@" is a letter, so that e-mail addresses stay whole */
	wb_table[':'] = WB_OTHER;
	wb_table['@'] = WB_LETTER;
	/* Vietnamese news writes "TP.Hà Nội", "TP.HCM" and, by a missing space, "tỉnh.Sáng":
	 * UAX #29 keeps letter.letter in one word, so "Hà Nội" would not be found there.  A
	 * full stop joins digits only ("1.500", "3.5"); the ICU path splits the same way. */
	wb_table['.'] = WB_MIDNUM;

	tok_template = ubrk_open(UBRK_WORD, "vi", NULL, 0, &st);
	if (U_FAILURE(st))
		tok_template = NULL;
	tok_key_ok = tss_create(&tok_key, tok_iter_close) == thrd_success;
}

static UBreakIterator *tok_get(void)
{
	UErrorCode st = U_ZERO_ERROR;
	UBreakIterator *bi;

	call_once(&tok_once, tok_init);
	if (!tok_key_ok || !tok_template)
		return NULL;
	if ((bi = tss_get(tok_key)))
		return bi;
	bi = ubrk_clone(tok_template, &st);
	if (U_FAILURE(st))
		return NULL;
	if (tss_set(tok_key, bi) != thrd_success) {
		ubrk_close(bi);
		return NULL;
	}
	return bi;
}

static int tok_push(struct classify_token **t, size_t *n, size_t *alloc, size_t start, size_t end)
{
	/* a call only when the array is full: this runs once per token of every article */
	if (*n >= *alloc) {
		struct classify_token *nt = vn_array_room(*t, alloc, *n, sizeof *nt, 64);

		if (!nt)
			return VN_ENOMEM;
		*t = nt;
	}
	(*t)[*n].start = start;
	(*t)[*n].end = end;
	(*n)++;
	return VN_OK;
}

void classify_wb_ready(void)
{
	call_once(&tok_once, tok_init);
}

/* Whether UAX #29 keeps positions i-1 and i of `w` in one word (rules WB5-WB12). */
bool classify_wb_joins(const unsigned char *w, size_t n, size_t i)
{
	unsigned char a = w[i - 1], b = w[i];
	bool mid_l = b == WB_MIDLETTER || b == WB_MIDNUMLETQ;
	bool mid_n = b == WB_MIDNUM || b == WB_MIDNUMLETQ;
	bool amid_l = a == WB_MIDLETTER || a == WB_MIDNUMLETQ;
	bool amid_n = a == WB_MIDNUM || a == WB_MIDNUMLETQ;

	if ((a == WB_LETTER || a == WB_NUMERIC) && (b == WB_LETTER || b == WB_NUMERIC))
		return true; /* WB5, WB8, WB9, WB10 */
	if (a == WB_LETTER && mid_l && i + 1 < n && w[i + 1] == WB_LETTER)
		return true; /* WB6 */
	if (amid_l && b == WB_LETTER && i >= 2 && w[i - 2] == WB_LETTER)
		return true; /* WB7 */
	if (a == WB_NUMERIC && mid_n && i + 1 < n && w[i + 1] == WB_NUMERIC)
		return true; /* WB12 */
	if (amid_n && b == WB_NUMERIC && i >= 2 && w[i - 2] == WB_NUMERIC)
		return true; /* WB11 */
	return false;
}

/* The rule-based path over text[from, to), its tokens appended to *t; VN_EUNSUPPORTED
 * when that text needs ICU. */
static int tok_fast_range(const char *text, size_t from, size_t to, struct classify_token **t,
			  size_t *nt, size_t *alloc)
{
	const unsigned char *u = (const unsigned char *)text;
	size_t len = to - from;
	/* one allocation: the Word_Break class and the byte offset (len < 2^31) per character */
	uint32_t *off = malloc((len + 1) * (sizeof *off + 1));
	unsigned char *w = off ? (unsigned char *)(off + len + 1) : NULL;
	size_t n = 0, i = from, start = 0, nt0 = *nt;
	bool word = false;
	int rc = VN_OK;

	if (!off)
		return VN_ENOMEM;
	while (i < to) {
		uint32_t c;
		size_t l = u[i] < 0x80 ? (c = u[i], 1) : classify_utf8_decode(u, i, to, &c);

		if (c >= WB_TABLE || wb_table[c] == WB_SLOW) {
			rc = VN_EUNSUPPORTED;
			goto out;
		}
		w[n] = wb_table[c];
		off[n++] = (uint32_t)(i - from);
		i += l;
	}
	off[n] = (uint32_t)len;
	for (size_t k = 0; k < n; k++) {
		if (k == 0 || !classify_wb_joins(w, n, k)) {
			if (word && (rc = tok_push(t, nt, alloc, from + off[start], from + off[k])))
				goto out;
			start = k;
			word = false;
		}
		word = word || w[k] == WB_LETTER || w[k] == WB_NUMERIC;
	}
	if (word)
		rc = tok_push(t, nt, alloc, from + off[start], to);
out:
	if (rc)
		*nt = nt0;
	free(off);
	return rc;
}

void classify_seg_emit_grow(struct classify_seg *g)
{
	if (tok_push(&g->t, &g->nt, &g->alloc, g->start, g->off_k))
		g->oom = true;
}

void classify_seg_step(struct classify_seg *g, bool has_next)
{
	/* the pending character k is the segmenter's n-1th; give classify_wb_joins() the
	 * window it reads: w[k-2], w[k-1], w[k] and w[k+1] */
	size_t k = g->n - 1;
	unsigned char win[4] = { g->w[0], g->w[1], g->w[2], g->w[3] };
	const unsigned char *w = win + 2 - (k < 2 ? k : 2);

	if (k == 0 || !classify_wb_joins(w, (size_t)(k < 2 ? k : 2) + 1 + has_next,
					 k < 2 ? k : 2)) {
		if (g->word && tok_push(&g->t, &g->nt, &g->alloc, g->start, g->off_k))
			g->oom = true;
		g->start = g->off_k;
		g->word = false;
	}
	g->word = g->word || g->w[2] == WB_LETTER || g->w[2] == WB_NUMERIC;
}

int classify_seg_finish(struct classify_seg *g, size_t len, struct classify_token **toks,
			size_t *n_out)
{
	int rc = VN_OK;

	*toks = NULL;
	*n_out = 0;
	if (!g->bad && g->n) {
		classify_seg_step(g, false);
		if (g->word && tok_push(&g->t, &g->nt, &g->alloc, g->start, len))
			g->oom = true;
	}
	if (g->oom)
		rc = VN_ENOMEM;
	else if (g->bad)
		rc = VN_EUNSUPPORTED;
	if (rc) {
		free(g->t);
	} else {
		*toks = g->t;
		*n_out = g->nt;
	}
	g->t = NULL;
	g->nt = g->alloc = 0;
	return rc;
}

/* Whether code point c is a digit to UAX #29 (Word_Break Numeric: "3", "٣", "३"). */
static bool tok_numeric(UChar32 c)
{
	if (c < 0)
		return false;
	if ((uint32_t)c < WB_TABLE)
		return wb_table[c] == WB_NUMERIC;
	return u_getIntPropertyValue(c, UCHAR_WORD_BREAK) == U_WB_NUMERIC;
}

/* Pushes ICU's word [start, end) cut at each full stop not between two digits, as the
 * fast path's table has it (see tok_init): digits of any script, as there. */
static int tok_push_split(const char *text, struct classify_token **t, size_t *n, size_t *alloc,
			  size_t start, size_t end)
{
	const uint8_t *u = (const uint8_t *)text;
	size_t from = start;
	int rc = VN_OK;

	for (size_t i = start + 1; i + 1 < end; i++) {
		int32_t before = (int32_t)i, after = (int32_t)i + 1;
		UChar32 a, b;

		if (text[i] != '.')
			continue;
		U8_PREV(u, (int32_t)start, before, a);
		U8_NEXT(u, after, (int32_t)end, b);
		if (tok_numeric(a) && tok_numeric(b))
			continue;
		if ((rc = tok_push(t, n, alloc, from, i)))
			return rc;
		from = i + 1;
	}
	return tok_push(t, n, alloc, from, end);
}

/* ICU's BreakIterator over text[from, to), its tokens appended to *t. */
static int tok_icu_range(const char *text, size_t from, size_t to, struct classify_token **t,
			 size_t *nt, size_t *alloc)
{
	UErrorCode st = U_ZERO_ERROR;
	UText ut = UTEXT_INITIALIZER;
	UBreakIterator *bi = tok_get();
	size_t nt0 = *nt;
	int32_t prev, cur;
	int rc = VN_OK;

	if (!bi)
		return VN_EUNSUPPORTED;
	utext_openUTF8(&ut, text + from, (int64_t)(to - from), &st);
	ubrk_setUText(bi, &ut, &st);
	if (U_FAILURE(st)) {
		rc = VN_EUNSUPPORTED;
		goto out;
	}
	prev = ubrk_first(bi);
	while ((cur = ubrk_next(bi)) != UBRK_DONE) {
		if (ubrk_getRuleStatus(bi) >= UBRK_WORD_NUMBER &&
		    (rc = tok_push_split(text, t, nt, alloc, from + (size_t)prev, from + (size_t)cur)))
			goto out;
		prev = cur;
	}
out:
	/* detach the iterator from this text before the UText goes out of scope */
	st = U_ZERO_ERROR;
	ubrk_setText(bi, tok_empty, 0, &st);
	utext_close(&ut);
	if (rc)
		*nt = nt0;
	return rc;
}

static bool tok_is_space(char c)
{
	return c == ' ' || c == '\n' || c == '\t' || c == '\r';
}

/* Text with characters the rules do not cover: only the space-delimited runs that hold
 * one go to ICU, the rest to the rules.  A space is a word boundary on both sides (UAX #29
 * joins nothing across it), except that a mark right after it belongs to it (WB4): each
 * ICU run starts on the space before it, so ICU sees that case as it would in the whole
 * text.  An emoji or a "snake_case" word in an article then costs ICU a word, not the
 * article (a whole article through the BreakIterator costs more than tagging it). */
static int tok_mixed(const char *text, size_t len, struct classify_token **t, size_t *nt,
		     size_t *alloc)
{
	const unsigned char *u = (const unsigned char *)text;
	size_t i = 0, done = 0;
	int rc = VN_OK;

	while (i < len && !rc) {
		uint32_t c;
		size_t l = u[i] < 0x80 ? (c = u[i], 1) : classify_utf8_decode(u, i, len, &c);
		size_t a = i, b = i;

		if (c < WB_TABLE && wb_table[c] != WB_SLOW) {
			i += l;
			continue;
		}
		while (a > done && !tok_is_space(text[a - 1]))
			a--;
		while (b < len && !tok_is_space(text[b]))
			b++;
		if (a > done)
			rc = tok_fast_range(text, done, a, t, nt, alloc);
		if (!rc)
			rc = tok_icu_range(text, a > 0 ? a - 1 : 0, b, t, nt, alloc);
		done = i = b;
	}
	if (!rc && done < len)
		rc = tok_fast_range(text, done, len, t, nt, alloc);
	return rc;
}

/* classify_tokenize() and classify_tokenize_icu(): the checks and the result are the
 * same, only the path differs (`icu_only`: ICU's BreakIterator over the whole text). */
static int tokenize(const char *text, size_t len, bool icu_only, struct classify_token **toks,
		    size_t *n_out)
{
	struct classify_token *t = NULL;
	size_t nt = 0, alloc = 0;
	int rc;

	*toks = NULL;
	*n_out = 0;
	if (!text && len)
		return VN_EINVAL;
	if (len > CLASSIFY_NORM_MAX_INPUT * 4 || len > INT32_MAX)
		return VN_ETOOBIG;
	if (len == 0)
		return VN_OK;
	call_once(&tok_once, tok_init);
	if (icu_only) {
		rc = tok_icu_range(text, 0, len, &t, &nt, &alloc);
	} else if ((rc = tok_fast_range(text, 0, len, &t, &nt, &alloc)) == VN_EUNSUPPORTED) {
		nt = 0;
		rc = tok_mixed(text, len, &t, &nt, &alloc);
	}
	if (rc) {
		free(t);
		return rc;
	}
	*toks = t;
	*n_out = nt;
	return VN_OK;
}

int classify_tokenize(const char *text, size_t len, struct classify_token **toks, size_t *n_out)
{
	return tokenize(text, len, false, toks, n_out);
}

int classify_tokenize_icu(const char *text, size_t len, struct classify_token **toks,
			  size_t *n_out)
{
	return tokenize(text, len, true, toks, n_out);
}

void classify_thread_release(void)
{
	UBreakIterator *bi;

	if (!tok_key_ok || !(bi = tss_get(tok_key)))
		return;
	ubrk_close(bi);
	tss_set(tok_key, NULL);
}

void classify_global_release(void)
{
	/* the key's destructor runs for threads that end, not for the main thread at exit */
	classify_thread_release();
	if (tok_template)
		ubrk_close(tok_template);
	tok_template = NULL;
}
