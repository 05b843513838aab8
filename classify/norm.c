/* norm.c — text normalization for tagging and search, with a map back to the original bytes.
 *
 * Follows UAX #15 (NFC) and Unicode full case folding through ICU (unorm2, u_strFoldCase);
 * the accent-free form is NFD with nonspacing marks (Mn) dropped and đ -> d.  Vietnamese
 * tone marks are then moved to one canonical vowel (tone.c) so "hoà" equals "hòa".
 *
 * Design: the corpus runs this over every article, so the common case must not call ICU
 * per character.  A table, built once with ICU itself, gives for each BMP code point below
 * U+3000 its folded NFC form and its accent-free form when either is a single code point;
 * characters outside it, and any character followed by a combining mark, go through ICU
 * as one "cluster" (a starter and its following non-starters), whose output bytes all map
 * to the cluster's first byte.  A combining mark is only seen after its base has been
 * emitted, so the base is taken back and the cluster redone (no lookahead on the fast path). */
#include "classify/classify_int.h"

#include <stdlib.h>
#include <string.h>
#include <threads.h>

#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>

#define TABLE_SIZE 0x3000u
#define CP_SLOW 0xFFFFFFFFu   /* needs the ICU path */
#define CP_NONE 0xFFFFFFFEu   /* produces nothing (accent-free form of a mark) */
#define CLUSTER_MAX 32        /* longer runs of marks are cut: nothing real is that long */

struct norm_entry {
	uint32_t acc; /* folded NFC form, or CP_SLOW */
	uint32_t asc; /* accent-free form, CP_NONE, or CP_SLOW */
};

static struct norm_entry norm_table[TABLE_SIZE];
static unsigned char norm_joins[TABLE_SIZE / 8]; /* no NFC boundary before this code point */
static const UNormalizer2 *norm_nfc;
static const UNormalizer2 *norm_nfd;
static bool norm_ready;
static once_flag norm_once = ONCE_FLAG_INIT;

/* The code points of the normalized text being built, each with its source offset. */
struct cp_vec {
	uint32_t *cp;
	size_t *off;
	size_t n;
	size_t alloc;
};

size_t classify_utf8_decode(const unsigned char *s, size_t i, size_t len, uint32_t *cp)
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

static void norm_init(void)
{
	UErrorCode st = U_ZERO_ERROR;

	norm_nfc = unorm2_getNFCInstance(&st);
	norm_nfd = unorm2_getNFDInstance(&st);
	if (U_FAILURE(st))
		return;
	for (uint32_t c = 0; c < TABLE_SIZE; c++) {
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
	norm_ready = true;
}

static int cp_vec_reserve(struct cp_vec *v, size_t extra)
{
	size_t n;
	uint32_t *cp;
	size_t *off;

	if (v->alloc - v->n >= extra)
		return VN_OK;
	n = v->alloc ? v->alloc : 64;
	while (n - v->n < extra)
		n *= 2;
	cp = realloc(v->cp, n * sizeof *cp);
	if (!cp)
		return VN_ENOMEM;
	v->cp = cp;
	off = realloc(v->off, n * sizeof *off);
	if (!off)
		return VN_ENOMEM;
	v->off = off;
	v->alloc = n;
	return VN_OK;
}

static bool norm_joins_prev(uint32_t c)
{
	if (c < TABLE_SIZE)
		return (norm_joins[c / 8] >> (c % 8)) & 1;
	return !unorm2_hasBoundaryBefore(norm_nfc, (UChar32)c);
}

/* Runs the ICU path over the cluster starting at byte `start`, appending its output to `v`;
 * returns the byte where the cluster ends in *end. */
static int norm_cluster(const unsigned char *s, size_t len, size_t start, bool ascii,
			struct cp_vec *v, size_t *end)
{
	UChar src[CLUSTER_MAX * 2], f[CLUSTER_MAX * 8], a[CLUSTER_MAX * 16];
	const UChar *out;
	int32_t ns = 0, nout, k = 0;
	size_t i = start;
	int n = 0, rc;

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
	nout = norm_fold16(src, ns, f, (int32_t)(sizeof f / sizeof f[0]));
	out = f;
	if (nout >= 0 && ascii) {
		nout = norm_strip16(f, nout, a, (int32_t)(sizeof a / sizeof a[0]));
		out = a;
	}
	if (nout < 0) { /* cannot happen with these caps; keep the text rather than fail */
		out = src;
		nout = ns;
	}
	rc = cp_vec_reserve(v, (size_t)nout);
	if (rc)
		return rc;
	while (k < nout) {
		UChar32 c;

		U16_NEXT(out, k, nout, c);
		v->cp[v->n] = (uint32_t)c;
		v->off[v->n++] = start;
	}
	return VN_OK;
}

static size_t utf8_len(uint32_t c)
{
	return c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
}

static size_t utf8_put(char *p, uint32_t c)
{
	if (c < 0x80) {
		p[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		p[0] = (char)(0xC0 | (c >> 6));
		p[1] = (char)(0x80 | (c & 0x3F));
		return 2;
	}
	if (c < 0x10000) {
		p[0] = (char)(0xE0 | (c >> 12));
		p[1] = (char)(0x80 | ((c >> 6) & 0x3F));
		p[2] = (char)(0x80 | (c & 0x3F));
		return 3;
	}
	p[0] = (char)(0xF0 | (c >> 18));
	p[1] = (char)(0x80 | ((c >> 12) & 0x3F));
	p[2] = (char)(0x80 | ((c >> 6) & 0x3F));
	p[3] = (char)(0x80 | (c & 0x3F));
	return 4;
}

static int norm_encode(const struct cp_vec *v, size_t orig_len, struct classify_norm *out)
{
	size_t total = 0, j = 0;

	for (size_t k = 0; k < v->n; k++)
		total += utf8_len(v->cp[k]);
	out->text = malloc(total + 1);
	out->offsets = malloc((total + 1) * sizeof *out->offsets);
	if (!out->text || !out->offsets)
		return VN_ENOMEM;
	for (size_t k = 0; k < v->n; k++) {
		size_t l = utf8_put(out->text + j, v->cp[k]);

		for (size_t b = 0; b < l; b++)
			out->offsets[j + b] = v->off[k];
		j += l;
	}
	out->text[total] = '\0';
	out->offsets[total] = orig_len;
	out->len = total;
	return VN_OK;
}

int classify_norm_text(const char *s, size_t len, enum classify_norm_mode mode,
		       struct classify_norm *out)
{
	const unsigned char *u = (const unsigned char *)s;
	struct cp_vec v = { 0 };
	bool ascii = mode == CLASSIFY_NORM_ASCII;
	size_t i = 0, last_start = 0, last_out = 0;
	int rc;

	memset(out, 0, sizeof *out);
	if ((!s && len) || (mode != CLASSIFY_NORM_ACCENTED && mode != CLASSIFY_NORM_ASCII))
		return VN_EINVAL;
	if (len > CLASSIFY_NORM_MAX_INPUT)
		return VN_ETOOBIG;
	call_once(&norm_once, norm_init);
	if (!norm_ready)
		return VN_EUNSUPPORTED;
	rc = cp_vec_reserve(&v, len + 1);
	if (rc)
		goto out;
	while (i < len) {
		uint32_t c, r;
		size_t l;

		if (u[i] < 0x80 && u[i] != 0) { /* ASCII never joins a previous character */
			c = u[i];
			if (c >= 'A' && c <= 'Z')
				c += 'a' - 'A';
			if (v.n == v.alloc && (rc = cp_vec_reserve(&v, 1)))
				goto out;
			last_start = i;
			last_out = v.n;
			v.cp[v.n] = c;
			v.off[v.n++] = i++;
			continue;
		}
		l = classify_utf8_decode(u, i, len, &c);
		if (i > last_start && norm_joins_prev(c)) {
			/* a combining mark: take its base back and redo the whole cluster */
			v.n = last_out;
			rc = norm_cluster(u, len, last_start, ascii, &v, &i);
			if (rc)
				goto out;
			/* only a cluster cut at CLUSTER_MAX can be followed by a mark: that mark
			 * starts a new cluster rather than redoing this one forever */
			last_start = i;
			last_out = v.n;
			continue;
		}
		r = c < TABLE_SIZE ? (ascii ? norm_table[c].asc : norm_table[c].acc) : CP_SLOW;
		last_start = i;
		last_out = v.n;
		if (r == CP_SLOW) {
			rc = norm_cluster(u, len, i, ascii, &v, &i);
			if (rc)
				goto out;
			last_start = i;
			last_out = v.n;
			continue;
		}
		if (r != CP_NONE) {
			if (v.n == v.alloc && (rc = cp_vec_reserve(&v, 1)))
				goto out;
			v.cp[v.n] = r;
			v.off[v.n++] = i;
		}
		i += l;
	}
	if (!ascii)
		classify_tone_canonicalize(v.cp, v.n);
	rc = norm_encode(&v, len, out);
out:
	free(v.cp);
	free(v.off);
	if (rc)
		classify_norm_release(out);
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
