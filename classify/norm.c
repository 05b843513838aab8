/* norm.c — text normalization for tagging and search, with a map back to the original bytes.
 *
 * Follows UAX #15 (NFC) and Unicode full case folding through ICU (unorm2, u_strFoldCase);
 * the accent-free form is NFD with nonspacing marks (Mn) dropped and đ -> d.  Vietnamese
 * tone marks are then moved to one canonical vowel (tone.c) so "hoà" equals "hòa".
 *
 * Design: the corpus runs this over every article, so the common case must not call ICU
 * per character.  A table, built with ICU itself (page by page, on first use), gives for
 * each BMP code point below U+3000 its folded NFC form and its accent-free form when
 * either is a single code point; characters outside it, and any character followed by a
 * combining mark, go through ICU as one "cluster" (a starter and its following
 * non-starters), whose output bytes all map to the cluster's first byte.  A combining
 * mark is only seen after its base has been emitted, so the base is taken back and the
 * cluster redone (no lookahead on the fast path).
 * Output is written in one pass; in the accented form a run of letters waits in a small
 * buffer until it ends, so its tone mark can be moved before it is encoded.  For tagging,
 * classify_norm_tokens() feeds every code point written to the syllable segmenter of
 * tokenize.c, so text is walked once for normalization and tokenization together. */
#include "classify/classify_int.h"

#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <threads.h>

#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>

#define TABLE_SIZE 0x3000u
#define CP_SLOW 0xFFFFFFFFu   /* needs the ICU path */
#define CP_NONE 0xFFFFFFFEu   /* produces nothing (accent-free form of a mark) */
#define CLUSTER_MAX 32        /* longer runs of marks are cut: nothing real is that long */
#define SYL_MAX 16            /* longer letter runs are no syllable */

struct norm_entry {
	uint32_t acc; /* folded NFC form, or CP_SLOW */
	uint32_t asc; /* accent-free form, CP_NONE, or CP_SLOW */
};

static struct norm_entry norm_table[TABLE_SIZE];
static unsigned char norm_joins[TABLE_SIZE / 8]; /* no NFC boundary before this code point */
static unsigned char norm_letter[TABLE_SIZE / 8]; /* a letter of a Vietnamese syllable */
/* per code point, what it adds to a syllable's vowel count (low byte) and tone-mark count
 * (second byte): one addition per letter keeps both */
static uint16_t norm_vowel[TABLE_SIZE];
static const UNormalizer2 *norm_nfc;
static const UNormalizer2 *norm_nfd;
static bool norm_ready;
/* every letter a syllable buffer can hold has Word_Break ALetter (checked at start-up), so
 * the segmenter's state inside a syllable is known without looking each one up */
static bool norm_letters_are_wb_letters;
static once_flag norm_once = ONCE_FLAG_INIT;

/* UTF-16 `src` -> NFC -> full case fold -> NFC (folding can undo composition). */
static int32_t norm_fold16(const UChar *src, int32_t n, UChar *dst, int32_t cap)
{
	UChar a[CLUSTER_MAX * 8], b[CLUSTER_MAX * 8];
	UErrorCode st = U_ZERO_ERROR;
	int32_t na, nb, nd;

	na = unorm2_normalize(norm_nfc, src, n, a, (int32_t)(sizeof a / sizeof a[0]), &st);
	if (U_FAILURE(st))
		return -1;
	nb = u_strFoldCase(b, (int32_t)(sizeof b / sizeof b[0]), a, na, U_FOLD_CASE_DEFAULT, &st);
	if (U_FAILURE(st))
		return -1;
	nd = unorm2_normalize(norm_nfc, b, nb, dst, cap, &st);
	if (U_FAILURE(st))
		return -1;
	return nd;
}

/* Folded UTF-16 -> accent-free: NFD, drop nonspacing marks, đ -> d. */
static int32_t norm_strip16(const UChar *src, int32_t n, UChar *dst, int32_t cap)
{
	UChar a[CLUSTER_MAX * 16];
	UErrorCode st = U_ZERO_ERROR;
	int32_t na, i = 0, nd = 0;

	na = unorm2_normalize(norm_nfd, src, n, a, (int32_t)(sizeof a / sizeof a[0]), &st);
	if (U_FAILURE(st))
		return -1;
	while (i < na) {
		UChar32 c;

		U16_NEXT(a, i, na, c);
		if (u_charType(c) == U_NON_SPACING_MARK)
			continue;
		if (c == 0x0111 || c == 0x0110)
			c = 'd';
		if (nd + U16_LENGTH(c) > cap)
			return -1;
		U16_APPEND_UNSAFE(dst, nd, c);
	}
	return nd;
}

/* The single code point of a UTF-16 string, CP_NONE when empty, CP_SLOW otherwise. */
static uint32_t norm_single(const UChar *s, int32_t n)
{
	UChar32 c;
	int32_t i = 0;

	if (n <= 0)
		return n == 0 ? CP_NONE : CP_SLOW;
	U16_NEXT(s, i, n, c);
	return i == n ? (uint32_t)c : CP_SLOW;
}

/* One 256-code-point page of norm_table and norm_joins.  Building all 48 pages costs ~3 ms
 * of ICU calls, as much as the whole of a `vnnews grep`, while a Vietnamese text touches
 * five or six of them (ASCII, Latin-1, Latin Extended-A/B, combining marks, Latin Extended
 * Additional): so pages are built on first use, each once, under a lock; the bit that says
 * a page is ready is published with release order and read with acquire order. */
#define PAGE_BITS 8u
#define N_PAGES (TABLE_SIZE >> PAGE_BITS)
static _Atomic uint64_t norm_pages;
static mtx_t norm_page_lock;

static void norm_page_build(uint32_t page)
{
	uint64_t bit = (uint64_t)1 << page;

	mtx_lock(&norm_page_lock);
	if (atomic_load_explicit(&norm_pages, memory_order_relaxed) & bit)
		goto out;
	for (uint32_t c = page << PAGE_BITS; c < (page + 1) << PAGE_BITS; c++) {
		UChar src[2], f[16], a[16];
		int32_t nf, na;

		norm_table[c].acc = norm_table[c].asc = CP_SLOW;
		if (!unorm2_hasBoundaryBefore(norm_nfc, (UChar32)c))
			norm_joins[c / 8] |= (unsigned char)(1u << (c % 8));
		if (c >= 0xD800 && c <= 0xDFFF)
			continue;
		if (c == 0) { /* a NUL would cut the C string short: treat it as invalid */
			norm_table[c].acc = norm_table[c].asc = 0xFFFD;
			continue;
		}
		if (u_getCombiningClass((UChar32)c) != 0 || (norm_joins[c / 8] >> (c % 8)) & 1)
			continue;
		src[0] = (UChar)c;
		nf = norm_fold16(src, 1, f, 16);
		if (nf < 0 || norm_single(f, nf) == CP_SLOW || norm_single(f, nf) == CP_NONE)
			continue;
		norm_table[c].acc = norm_single(f, nf);
		na = norm_strip16(f, nf, a, 16);
		norm_table[c].asc = na < 0 ? CP_SLOW : norm_single(a, na);
	}
	atomic_fetch_or_explicit(&norm_pages, bit, memory_order_release);
out:
	mtx_unlock(&norm_page_lock);
}

/* Makes sure the page holding `c` (< TABLE_SIZE) is built. */
static inline void norm_page_need(uint32_t c)
{
	uint32_t page = c >> PAGE_BITS;

	if (!(atomic_load_explicit(&norm_pages, memory_order_acquire) & ((uint64_t)1 << page)))
		norm_page_build(page);
}

static void norm_init(void)
{
	UErrorCode st = U_ZERO_ERROR;

	classify_tone_init();
	norm_nfc = unorm2_getNFCInstance(&st);
	norm_nfd = unorm2_getNFDInstance(&st);
	if (U_FAILURE(st) || mtx_init(&norm_page_lock, mtx_plain) != thrd_success)
		return;
	/* the letter and vowel tables come from tone.c's own tables: cheap, built whole */
	classify_wb_ready();
	norm_letters_are_wb_letters = true;
	for (uint32_t c = 0; c < TABLE_SIZE; c++) {
		int base, tone;

		if (classify_tone_is_letter(c) && classify_wb_table[c] != CLASSIFY_WB_LETTER)
			norm_letters_are_wb_letters = false;

		if (classify_tone_is_letter(c))
			norm_letter[c / 8] |= (unsigned char)(1u << (c % 8));
		if (classify_vowel_split(c, &base, &tone))
			norm_vowel[c] = (uint16_t)(tone ? 0x101 : 0x001);
	}
	norm_ready = true;
}

/* The normalized text being written, with its offset map (when wanted).  In the accented
 * form, a run of letters (a syllable) waits in `syl` until a non-letter ends it, so that its
 * tone mark can be put in place before it is encoded. */
struct norm_out {
	char *text;
	size_t *off;       /* NULL when the caller does not want offsets */
	size_t len, alloc;
	bool ascii;
	uint32_t syl[SYL_MAX];
	size_t syl_off[SYL_MAX];
	size_t syl_n;
	unsigned syl_vt;   /* vowels + 256 x tone marks in `syl` (norm_vowel): only a run with
			    * 2+ vowels and 1 tone can need a move */
	bool syl_long;     /* the run outgrew `syl`: no syllable, written as it comes */
	uint32_t before;   /* the code point before the run in `syl` */
	uint32_t last;     /* the last code point written or buffered */
	/* where the current source character's output began, to take it back when a
	 * combining mark follows it */
	size_t mark_len, mark_syl;
	uint32_t mark_last;
	struct classify_seg *seg; /* the one-pass tokenizer fed with what is written, or NULL */
};

static int out_grow(struct norm_out *o, size_t extra)
{
	size_t n = o->alloc ? o->alloc : 64;
	char *t;

	if (o->alloc - o->len > extra)
		return VN_OK;
	while (n - o->len <= extra)
		n *= 2;
	t = realloc(o->text, n);
	if (!t)
		return VN_ENOMEM;
	o->text = t;
	if (o->off) {
		size_t *f = realloc(o->off, n * sizeof *f);

		if (!f)
			return VN_ENOMEM;
		o->off = f;
	}
	o->alloc = n;
	return VN_OK;
}

static inline int out_emit(struct norm_out *o, uint32_t c, size_t off)
{
	char *p;
	size_t l;

	if (o->alloc - o->len <= 4 && out_grow(o, 4))
		return VN_ENOMEM;
	p = o->text + o->len;
	l = 0;
	U8_APPEND_UNSAFE(p, l, c); /* room for 4 bytes was made above */
	if (o->off)
		for (size_t k = 0; k < l; k++)
			o->off[o->len + k] = off;
	if (o->seg)
		classify_seg_push(o->seg, c, o->len);
	o->len += l;
	return VN_OK;
}

static bool is_letter_beyond_ascii(uint32_t c)
{
	return c >= 0x80 && u_isalpha((UChar32)c);
}

/* Writes the buffered syllable, its tone moved to the canonical vowel unless it is glued
 * to letters outside Vietnamese (then it is no Vietnamese syllable). */
static int out_flush(struct norm_out *o, uint32_t next)
{
	int rc = VN_OK;

	if (!o->syl_n)
		return VN_OK;
	if ((o->syl_vt & 0xFF) >= 2 && (o->syl_vt >> 8) == 1 &&
	    !is_letter_beyond_ascii(o->before) && !is_letter_beyond_ascii(next))
		classify_tone_syllable(o->syl, o->syl_n);
	o->syl_vt = 0;
	/* room for the whole syllable once, then a tight loop: every article goes through here */
	if (o->alloc - o->len <= 4 * o->syl_n && out_grow(o, 4 * o->syl_n))
		rc = VN_ENOMEM;
	if (!rc && !o->off && o->seg && norm_letters_are_wb_letters && o->syl_n > 2) {
		/* tagging: no offsets, and every letter after the first two of the run only
		 * joins the word (WB5), so the segmenter learns them all at once */
		struct classify_seg *g = o->seg;
		char *p = o->text;
		size_t len = o->len, at = len;

		for (size_t k = 0; k < 2; k++) {
			at = len;
			U8_APPEND_UNSAFE(p, len, o->syl[k]);
			classify_seg_push(g, o->syl[k], at);
		}
		for (size_t k = 2; k < o->syl_n; k++) {
			at = len;
			U8_APPEND_UNSAFE(p, len, o->syl[k]);
		}
		if (!g->bad) {
			g->word = true;
			g->w[0] = g->w[1] = g->w[2] = CLASSIFY_WB_LETTER;
			g->off_k = at;
			g->n += o->syl_n - 2;
		}
		o->len = len;
		o->syl_n = 0;
		return VN_OK;
	}
	for (size_t k = 0; k < o->syl_n && !rc; k++) {
		uint32_t c = o->syl[k];
		char *p = o->text + o->len;
		size_t l = 0;

		U8_APPEND_UNSAFE(p, l, c);
		if (o->off)
			for (size_t j = 0; j < l; j++)
				o->off[o->len + j] = o->syl_off[k];
		if (!o->seg) {
		} else if (k < 2 || !norm_letters_are_wb_letters) {
			classify_seg_push(o->seg, c, o->len);
		} else if (!o->seg->bad) {
			/* what classify_seg_push() does for a third letter in a row (letters
			 * join, WB5): the pending one is part of the word */
			struct classify_seg *g = o->seg;

			g->word = true;
			g->w[0] = g->w[1];
			g->w[1] = g->w[2];
			g->w[2] = CLASSIFY_WB_LETTER;
			g->off_k = o->len;
			g->n++;
		}
		o->len += l;
	}
	o->syl_n = 0;
	return rc;
}

/* Adds one normalized code point from source offset `off`; `first` marks the first code
 * point a source character (or cluster) produces. */
/* out_put()'s letter path for a letter that starts a new output position (`first`), when
 * the syllable being buffered has room: the letter joins it.  Inlined into the text loop,
 * which takes this path for most characters. */
static inline void out_syl_add(struct norm_out *o, uint32_t c, size_t off)
{
	o->mark_len = o->len;
	o->mark_syl = o->syl_n;
	o->mark_last = o->last;
	if (o->syl_n == 0)
		o->before = o->last;
	o->last = c;
	o->syl[o->syl_n] = c;
	o->syl_off[o->syl_n++] = off;
	o->syl_vt += norm_vowel[c];
}

static int out_put(struct norm_out *o, uint32_t c, size_t off, bool first)
{
	int rc;

	if (o->ascii) {
		if (first) {
			o->mark_len = o->len;
			o->mark_syl = 0;
		}
		return out_emit(o, c, off);
	}
	if (c < TABLE_SIZE && (norm_letter[c / 8] >> (c % 8)) & 1) {
		if (first) {
			o->mark_len = o->len;
			o->mark_syl = o->syl_n;
			o->mark_last = o->last;
		}
		if (o->syl_n == 0 && !o->syl_long)
			o->before = o->last;
		o->last = c;
		if (o->syl_long)
			return out_emit(o, c, off);
		if (o->syl_n == SYL_MAX) {
			/* too long for a syllable: write it as it is */
			o->syl_long = true;
			for (size_t k = 0; k < o->syl_n; k++)
				if ((rc = out_emit(o, o->syl[k], o->syl_off[k])))
					return rc;
			o->syl_n = 0;
			o->syl_vt = 0;
			if (first) {
				o->mark_len = o->len;
				o->mark_syl = 0;
			}
			return out_emit(o, c, off);
		}
		o->syl[o->syl_n] = c;
		o->syl_off[o->syl_n++] = off;
		o->syl_vt += norm_vowel[c];
		return VN_OK;
	}
	rc = out_flush(o, c);
	o->syl_long = false;
	if (first) {
		o->mark_len = o->len;
		o->mark_syl = 0;
		o->mark_last = o->last;
	}
	o->last = c;
	return rc ? rc : out_emit(o, c, off);
}

/* Takes back what the current source character produced. */
static void out_retract(struct norm_out *o)
{
	/* the segmenter has seen what is taken back: the caller tokenizes afresh */
	if (o->seg && o->len != o->mark_len)
		o->seg->bad = true;
	o->len = o->mark_len;
	o->syl_n = o->mark_syl;
	o->last = o->mark_last;
	o->syl_vt = 0;
	for (size_t k = 0; k < o->syl_n; k++)
		o->syl_vt += norm_vowel[o->syl[k]];
}

static bool norm_joins_prev(uint32_t c)
{
	if (c < TABLE_SIZE) {
		norm_page_need(c);
		return (norm_joins[c / 8] >> (c % 8)) & 1;
	}
	return !unorm2_hasBoundaryBefore(norm_nfc, (UChar32)c);
}

/* Runs the ICU path over the cluster starting at byte `start`, writing its output to `o`;
 * returns the byte where the cluster ends in *end. */
static int norm_cluster(const unsigned char *s, size_t len, size_t start, struct norm_out *o,
			size_t *end)
{
	UChar src[CLUSTER_MAX * 2] = { 0 }, f[CLUSTER_MAX * 8], a[CLUSTER_MAX * 16];
	const UChar *res;
	int32_t ns = 0, nres, k = 0;
	size_t i = start;
	int n = 0, rc = VN_OK;

	while (i < len && n < CLUSTER_MAX) {
		uint32_t c;
		size_t l = classify_utf8_decode(s, i, len, &c);

		if (n > 0 && !norm_joins_prev(c))
			break;
		if (c == 0)
			c = 0xFFFD;
		U16_APPEND_UNSAFE(src, ns, c);
		i += l;
		n++;
	}
	*end = i;
	nres = norm_fold16(src, ns, f, (int32_t)(sizeof f / sizeof f[0]));
	res = f;
	if (nres >= 0 && o->ascii) {
		nres = norm_strip16(f, nres, a, (int32_t)(sizeof a / sizeof a[0]));
		res = a;
	}
	if (nres < 0) { /* cannot happen with these caps; keep the text rather than fail */
		res = src;
		nres = ns;
	}
	if (nres == 0) { /* all marks, stripped: nothing to take back later */
		o->mark_len = o->len;
		o->mark_syl = o->syl_n;
		o->mark_last = o->last;
	}
	while (k < nres && !rc) {
		UChar32 c;
		bool first = k == 0;

		U16_NEXT(res, k, nres, c);
		rc = out_put(o, (uint32_t)c, start, first);
	}
	return rc;
}

int classify_norm_text(const char *s, size_t len, enum classify_norm_mode mode,
		       struct classify_norm *out)
{
	return classify_norm_text_ex(s, len, mode, true, out);
}

static int norm_run(const char *s, size_t len, enum classify_norm_mode mode, bool offsets,
		    struct classify_seg *seg, struct classify_norm *out);

int classify_norm_text_ex(const char *s, size_t len, enum classify_norm_mode mode,
			  bool offsets, struct classify_norm *out)
{
	return norm_run(s, len, mode, offsets, NULL, out);
}

int classify_norm_tokens(const char *s, size_t len, struct classify_norm *out,
			 struct classify_token **toks, size_t *n_out)
{
	struct classify_seg seg = { 0 };
	int rc;

	*toks = NULL;
	*n_out = 0;
	classify_wb_ready();
	rc = norm_run(s, len, CLASSIFY_NORM_ACCENTED, false, &seg, out);
	if (rc) {
		free(seg.t);
		return rc;
	}
	rc = classify_seg_finish(&seg, out->len, toks, n_out);
	if (rc == VN_EUNSUPPORTED) /* a character beyond the rules, or a retraction */
		rc = classify_tokenize(out->text, out->len, toks, n_out);
	if (rc)
		classify_norm_release(out);
	return rc;
}

static int norm_run(const char *s, size_t len, enum classify_norm_mode mode, bool offsets,
		    struct classify_seg *seg, struct classify_norm *out)
{
	const unsigned char *u = (const unsigned char *)s;
	struct norm_out o = { 0 };
	size_t i = 0, last_start = 0;
	int rc = VN_OK;

	memset(out, 0, sizeof *out);
	if ((!s && len) || (mode != CLASSIFY_NORM_ACCENTED && mode != CLASSIFY_NORM_ASCII))
		return VN_EINVAL;
	if (len > CLASSIFY_NORM_MAX_INPUT)
		return VN_ETOOBIG;
	call_once(&norm_once, norm_init);
	if (!norm_ready)
		return VN_EUNSUPPORTED;
	o.ascii = mode == CLASSIFY_NORM_ASCII;
	o.seg = seg;
	o.alloc = len + 16;
	o.text = malloc(o.alloc);
	if (offsets)
		o.off = malloc(o.alloc * sizeof *o.off);
	if (!o.text || (offsets && !o.off)) {
		rc = VN_ENOMEM;
		goto out;
	}
	while (i < len) {
		uint32_t c, r;
		size_t l;

		if (u[i] < 0x80 && u[i] != 0) { /* ASCII never joins a previous character */
			c = u[i];
			if (c >= 'A' && c <= 'Z')
				c += 'a' - 'A';
			last_start = i;
			if (o.ascii && o.alloc - o.len > 1) { /* the common case, inline */
				o.mark_len = o.len;
				if (o.off)
					o.off[o.len] = i;
				o.text[o.len++] = (char)c;
			} else if (!o.ascii && !o.syl_long && o.syl_n < SYL_MAX &&
				   ((norm_letter[c / 8] >> (c % 8)) & 1)) {
				out_syl_add(&o, c, i);
			} else if (!o.ascii) {
				/* out_put()'s other path, inline: a space or punctuation ends
				 * the syllable being buffered */
				if ((rc = out_flush(&o, c)))
					goto out;
				o.syl_long = false;
				o.mark_len = o.len;
				o.mark_syl = 0;
				o.mark_last = o.last;
				o.last = c;
				if ((rc = out_emit(&o, c, i)))
					goto out;
			} else if ((rc = out_put(&o, c, i, true))) {
				goto out;
			}
			i++;
			continue;
		}
		l = classify_utf8_decode(u, i, len, &c);
		if (i > last_start && norm_joins_prev(c)) {
			/* a combining mark: take its base back and redo the whole cluster */
			out_retract(&o);
			rc = norm_cluster(u, len, last_start, &o, &i);
			if (rc)
				goto out;
			/* only a cluster cut at CLUSTER_MAX can be followed by a mark: that mark
			 * starts a new cluster rather than redoing this one forever */
			last_start = i;
			continue;
		}
		r = CP_SLOW;
		if (c < TABLE_SIZE) {
			norm_page_need(c);
			r = o.ascii ? norm_table[c].asc : norm_table[c].acc;
		}
		last_start = i;
		if (r == CP_SLOW) {
			rc = norm_cluster(u, len, i, &o, &i);
			if (rc)
				goto out;
			last_start = i;
			continue;
		}
		if (r != CP_NONE && !o.ascii && !o.syl_long && o.syl_n < SYL_MAX && r < TABLE_SIZE &&
		    ((norm_letter[r / 8] >> (r % 8)) & 1)) {
			out_syl_add(&o, r, i);
		} else if (r != CP_NONE) {
			rc = out_put(&o, r, i, true);
			if (rc)
				goto out;
		} else {
			o.mark_len = o.len;
			o.mark_syl = o.syl_n;
			o.mark_last = o.last;
		}
		i += l;
	}
	rc = out_flush(&o, 0);
	if (!rc)
		rc = out_grow(&o, 1 + CLASSIFY_NORM_SLACK);
	if (rc)
		goto out;
	o.text[o.len] = '\0';
	if (o.off)
		o.off[o.len] = len;
	out->text = o.text;
	out->offsets = o.off;
	out->len = o.len;
	o.text = NULL;
	o.off = NULL;
out:
	free(o.text);
	free(o.off);
	return rc;
}

void classify_norm_release(struct classify_norm *n)
{
	if (!n)
		return;
	free(n->text);
	free(n->offsets);
	memset(n, 0, sizeof *n);
}
