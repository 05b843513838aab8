/* charset.c — raw page bytes -> clean UTF-8 for libxml2.
 *
 * Order of evidence (after the WHATWG encoding sniffing algorithm, simplified): a BOM, the
 * HTTP Content-Type charset, a <meta charset> / http-equiv in the first 8 KiB, then
 * detection.  Detection takes valid UTF-8 as UTF-8; otherwise ICU's ucsdet proposes
 * candidates and a Vietnamese-plausibility score of the decoded text picks among them and
 * the legacy font encodings (TCVN3, VNI) that ICU does not know (legacy.c).  Decoding goes
 * through ICU converters; the NFC step happens on the extracted strings (text.c), which is
 * what makes windows-1258's combining tone marks come out composed. */
#include "parser/parser_int.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <unicode/ucnv.h>
#include <unicode/ucsdet.h>

#define SNIFF_WINDOW 8192

/* Length of the valid UTF-8 sequence at `p`, or 0 when it is not one (RFC 3629: no
 * overlongs, no surrogates, nothing past U+10FFFF). */
static size_t utf8_seq_len(const unsigned char *p, size_t len)
{
	unsigned char c = p[0];

	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		return len >= 2 && (p[1] & 0xC0) == 0x80 ? 2 : 0;
	if (c >= 0xE0 && c <= 0xEF) {
		if (len < 3 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80)
			return 0;
		if (c == 0xE0 && p[1] < 0xA0)
			return 0;
		if (c == 0xED && p[1] >= 0xA0)
			return 0;
		return 3;
	}
	if (c >= 0xF0 && c <= 0xF4) {
		if (len < 4 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80 ||
		    (p[3] & 0xC0) != 0x80)
			return 0;
		if (c == 0xF0 && p[1] < 0x90)
			return 0;
		if (c == 0xF4 && p[1] >= 0x90)
			return 0;
		return 4;
	}
	return 0;
}

/* Counts invalid sequences (stops counting at `limit`). */
static size_t utf8_invalid_count(const char *s, size_t len, size_t limit)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, bad = 0;

	while (i < len && bad < limit) {
		size_t w = utf8_seq_len(p + i, len - i);

		if (!w) {
			bad++;
			w = 1;
		}
		i += w;
	}
	return bad;
}

/* Multi-byte sequences that are valid, and bytes that are not: a page that is mostly good
 * UTF-8 with a few cut sequences is UTF-8 to be repaired, not a legacy charset. */
static void utf8_stats(const char *s, size_t len, size_t *good_mb, size_t *bad)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	*good_mb = *bad = 0;
	while (i < len) {
		size_t w;

		/* ASCII counts for nothing: skip it eight bytes at a time */
		while (i + 8 <= len) {
			uint64_t v;

			memcpy(&v, p + i, 8);
			if (v & 0x8080808080808080ull)
				break;
			i += 8;
		}
		if (i >= len)
			break;
		w = utf8_seq_len(p + i, len - i);

		if (!w) {
			(*bad)++;
			w = 1;
		} else if (w > 1) {
			(*good_mb)++;
		}
		i += w;
	}
}

/* Decoded text on its way to a sink, gathered in pieces of about PIECE bytes so that
 * libxml2 gets few big chunks.  A piece ends just before a '<' when it holds one:
 * libxml2 2.9.14's push parser mis-reads an end tag that a piece boundary splits
 * ("</s" | "tyle>" leaves the style open and the page's head becomes body text), while
 * a boundary in front of a tag is one it handles as the whole-document parser does.  A
 * piece with no '<' ends after white space if it can, else on a character boundary. */
#ifndef PIECE
#define PIECE 65536
#endif

struct piece_out {
	parser_charset_sink sink;
	void *ctx;
	struct vn_buf buf; /* what is not sent yet */
};

/* Where to end a piece of `s`: before its last '<' (not at 0), else after its last
 * white space, else at its last character boundary; `len` when none of these. */
static size_t piece_cut(const char *s, size_t len)
{
	const char *lt = len > 1 ? memrchr(s + 1, '<', len - 1) : NULL;
	size_t i;

	if (lt)
		return (size_t)(lt - s);
	for (i = len; i > 0; i--)
		if (s[i - 1] == ' ' || s[i - 1] == '\n')
			return i;
	for (i = len; i > 0 && ((unsigned char)s[i - 1] & 0xC0) == 0x80; i--)
		;
	return i > 1 ? i - 1 : len;
}

static int piece_flush(struct piece_out *o)
{
	int rc = VN_OK;

	if (o->buf.len)
		rc = o->sink(o->ctx, o->buf.data, o->buf.len);
	vn_buf_reset(&o->buf);
	return rc;
}

/* Bytes of `s` to take, about `want`, ending on a character boundary. */
static size_t piece_take(const char *s, size_t n, size_t want)
{
	size_t take = n < want ? n : want;

	while (take < n && ((unsigned char)s[take] & 0xC0) == 0x80)
		take++;
	return take;
}

/* Queues `n` bytes of whole characters (any amount: a clean run may be the whole page). */
static int piece_add(struct piece_out *o, const char *s, size_t n)
{
	int rc = VN_OK;

	while (n && !rc) {
		size_t take, cut;

		if (!o->buf.len && n >= PIECE) {
			/* a long clean run: its pieces go out without a copy */
			cut = piece_cut(s, piece_take(s, n, PIECE));
			rc = o->sink(o->ctx, s, cut);
			s += cut;
			n -= cut;
			continue;
		}
		take = piece_take(s, n, PIECE);
		rc = vn_buf_add(&o->buf, s, take);
		s += take;
		n -= take;
		if (rc || o->buf.len < PIECE)
			continue;
		cut = piece_cut(o->buf.data, o->buf.len);
		rc = o->sink(o->ctx, o->buf.data, cut);
		if (!rc) {
			memmove(o->buf.data, o->buf.data + cut, o->buf.len - cut);
			vn_buf_truncate(&o->buf, o->buf.len - cut);
		}
	}
	return rc;
}

/* Sends UTF-8 on, replacing invalid sequences by U+FFFD and control bytes (NUL included)
 * other than tab/newline/CR/FF by a space, which libxml2 would otherwise reject.  Stops
 * with VN_ECHARSET when `bad_limit` (if not 0) invalid sequences were seen. */
static int utf8_sanitize_to(const char *s, size_t len, struct piece_out *o, size_t bad_limit)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, start = 0, bad = 0;
	int rc;

	while (i < len) {
		size_t w;
		bool ctrl;

		/* printable ASCII needs no look: skip it eight bytes at a time */
		while (i + 8 <= len) {
			uint64_t v;

			memcpy(&v, p + i, 8);
			if ((v & 0x8080808080808080ull) ||
			    ((v - 0x2020202020202020ull) & ~v & 0x8080808080808080ull))
				break;
			i += 8;
		}
		if (i - start >= PIECE) {
			/* a long clean run leaves in pieces (ASCII here: any cut is a boundary) */
			rc = piece_add(o, s + start, i - start);
			if (rc)
				return rc;
			start = i;
		}
		if (i >= len)
			break;
		w = utf8_seq_len(p + i, len - i);
		ctrl = w == 1 && p[i] < 0x20 && p[i] != '\t' && p[i] != '\n' && p[i] != '\r' &&
		       p[i] != '\f';

		if (w && !ctrl) {
			i += w;
			continue;
		}
		if (!w && bad_limit && ++bad >= bad_limit)
			return VN_ECHARSET;
		rc = piece_add(o, s + start, i - start);
		if (!rc)
			rc = w ? piece_add(o, " ", 1) : piece_add(o, "\xEF\xBF\xBD", 3);
		if (rc)
			return rc;
		i++;
		start = i;
	}
	return piece_add(o, s + start, i - start);
}

/* The sink of the whole-text API: appends to a vn_buf. */
static int buf_sink(void *ctx, const char *utf8, size_t len)
{
	struct vn_buf *b = ctx;

	if (!utf8) {
		vn_buf_reset(b);
		return VN_OK;
	}
	return vn_buf_add(b, utf8, len);
}

/* Whole-text repair (the decoders' output and detection samples). */
static int utf8_sanitize(const char *s, size_t len, struct vn_buf *out)
{
	struct piece_out o = { .sink = buf_sink, .ctx = out };
	int rc;

	vn_buf_init(&o.buf, 16 * PIECE);
	rc = vn_buf_grow(out, len);
	if (!rc)
		rc = utf8_sanitize_to(s, len, &o, 0);
	if (!rc)
		rc = piece_flush(&o);
	vn_buf_release(&o.buf);
	return rc;
}

/* Reads a charset label after "charset" at `p`: skips spaces, '=', quotes. */
static bool label_after(const char *p, const char *end, char *label, size_t cap)
{
	size_t n = 0;

	while (p < end && (*p == ' ' || *p == '\t' || *p == '='))
		p++;
	while (p < end && (*p == '"' || *p == '\''))
		p++;
	while (p < end && n + 1 < cap &&
	       ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		*p == '-' || *p == '_' || *p == '.' || *p == ':'))
		label[n++] = *p++;
	label[n] = '\0';
	return n > 0;
}

static bool charset_from_content_type(const char *ct, char *label, size_t cap)
{
	const char *p;

	if (!ct)
		return false;
	p = parser_memcasemem(ct, strlen(ct), "charset");
	return p && label_after(p + 7, ct + strlen(ct), label, cap);
}

/* <meta charset=...> or <meta http-equiv=Content-Type content="...; charset=..."> */
static bool charset_from_meta(const char *data, size_t len, char *label, size_t cap)
{
	size_t win = len < SNIFF_WINDOW ? len : SNIFF_WINDOW;
	const char *p = data, *end = data + win;

	while (p < end) {
		const char *m = parser_memcasemem(p, (size_t)(end - p), "<meta");
		const char *gt, *cs;

		if (!m)
			break;
		gt = memchr(m, '>', (size_t)(end - m));
		if (!gt)
			gt = end;
		cs = parser_memcasemem(m, (size_t)(gt - m), "charset");
		if (cs && label_after(cs + 7, gt, label, cap))
			return true;
		p = gt;
	}
	return false;
}

/* Maps the labels pages use to names ICU and we know; the Vietnamese font encodings are
 * ours ("TCVN3", "VNI"). */
static const char *charset_canonical(const char *label)
{
	static const struct { const char *label, *name; } map[] = {
		{ "utf-8", "UTF-8" }, { "utf8", "UTF-8" }, { "unicode", "UTF-8" },
		{ "windows-1258", "windows-1258" }, { "cp1258", "windows-1258" },
		{ "x-cp1258", "windows-1258" },
		{ "windows-1252", "windows-1252" }, { "iso-8859-1", "windows-1252" },
		{ "latin1", "windows-1252" }, { "us-ascii", "windows-1252" },
		{ "ascii", "windows-1252" },
		{ "tcvn", "TCVN3" }, { "tcvn3", "TCVN3" }, { "tcvn5712-1", "TCVN3" },
		{ "tcvn-5712", "TCVN3" }, { "x-viet-tcvn5712", "TCVN3" }, { "abc", "TCVN3" },
		{ "vni", "VNI" }, { "x-viet-vni", "VNI" },
		{ "viscii", "VISCII" }, { "utf-16", "UTF-16" }, { "utf-16le", "UTF-16LE" },
		{ "utf-16be", "UTF-16BE" },
	};
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (strcasecmp(label, map[i].label) == 0)
			return map[i].name;
	return NULL;
}

static int icu_to_utf8(const char *name, const char *data, size_t len, struct vn_buf *out)
{
	UErrorCode err = U_ZERO_ERROR;
	int32_t need;
	struct vn_buf tmp;
	int rc;

	vn_buf_init(&tmp, out->cap);
	if (len > INT32_MAX / 4)
		return VN_ETOOBIG;
	need = ucnv_convert("UTF-8", name, NULL, 0, data, (int32_t)len, &err);
	if (err != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(err)) {
		rc = VN_ECHARSET;
		goto out;
	}
	rc = vn_buf_grow(&tmp, (size_t)need + 1);
	if (rc)
		goto out;
	err = U_ZERO_ERROR;
	need = ucnv_convert("UTF-8", name, tmp.data, need + 1, data, (int32_t)len, &err);
	if (U_FAILURE(err)) {
		rc = VN_ECHARSET;
		goto out;
	}
	tmp.len = (size_t)need;
	tmp.data[tmp.len] = '\0';
	/* windows-1258 decodes to base letters + combining tone marks: compose them now, so
	 * the whole page (headline comparisons included) is NFC from here on */
	{
		char *nfc = NULL;

		rc = parser_text_nfc(tmp.data, tmp.len, &nfc);
		if (!rc)
			rc = utf8_sanitize(nfc, strlen(nfc), out);
		free(nfc);
	}
out:
	vn_buf_release(&tmp);
	return rc;
}

static int decode_as(const char *name, const char *data, size_t len, struct vn_buf *out)
{
	if (strcmp(name, "UTF-8") == 0)
		return utf8_sanitize(data, len, out);
	if (strcmp(name, "TCVN3") == 0 || strcmp(name, "VNI") == 0)
		return parser_charset_legacy_to_utf8(name, data, len, out);
	return icu_to_utf8(name, data, len, out);
}

/* Share of the high bytes that follow an ASCII vowel or VNI's ơ/ư bytes: about 0.7 in VNI
 * text (a mark after its base letter), about 0.1 in TCVN3 (precomposed letters). */
static double vni_mark_ratio(const char *data, size_t len)
{
	const unsigned char *p = (const unsigned char *)data;
	size_t hi = 0, after = 0;

	for (size_t i = 1; i < len; i++) {
		if (p[i] < 0x80)
			continue;
		hi++;
		if ((p[i - 1] && strchr("aeiouyAEIOUY", p[i - 1])) ||
		    p[i - 1] == 0xF4 || p[i - 1] == 0xF6 || p[i - 1] == 0xD4 || p[i - 1] == 0xD6)
			after++;
	}
	return hi ? (double)after / (double)hi : 0.0;
}

/* Picks among ICU's guesses and the font encodings by decoding a sample with each and
 * keeping the most Vietnamese-looking (ties go to the first, ICU's best guess). */
static const char *charset_detect(const char *data, size_t len)
{
	static const char *fixed[] = { "windows-1258", "TCVN3", "VNI", "windows-1252" };
	const char *cands[12];
	size_t nc = 0;
	const char *best = "windows-1252";
	double best_score = -1.0;
	UErrorCode err = U_ZERO_ERROR;
	UCharsetDetector *det = ucsdet_open(&err);
	size_t sample = len < 65536 ? len : 65536;
	double vni_ratio;

	if (det && U_SUCCESS(err)) {
		int32_t nm = 0;
		const UCharsetMatch **m;

		ucsdet_setText(det, data, (int32_t)sample, &err);
		m = ucsdet_detectAll(det, &nm, &err);
		for (int32_t i = 0; U_SUCCESS(err) && i < nm && nc < 4; i++) {
			UErrorCode e2 = U_ZERO_ERROR;
			const char *nm_ = ucsdet_getName(m[i], &e2);
			const char *canon;

			if (U_FAILURE(e2) || !nm_)
				continue;
			canon = charset_canonical(nm_);
			/* keep only single-byte Latin guesses: a Vietnamese page is not Big5 */
			if (canon && strcmp(canon, "UTF-8") != 0 && strncmp(canon, "UTF-16", 6) != 0)
				cands[nc++] = canon;
		}
	}
	if (det)
		ucsdet_close(det);
	for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
		cands[nc++] = fixed[i];
	vni_ratio = vni_mark_ratio(data, sample);
	for (size_t i = 0; i < nc; i++) {
		struct vn_buf b;
		double s;

		/* VNI puts its mark bytes right after a vowel; TCVN3's letters follow consonants */
		if ((strcmp(cands[i], "VNI") == 0 && vni_ratio < 0.45) ||
		    (strcmp(cands[i], "TCVN3") == 0 && vni_ratio >= 0.45))
			continue;

		vn_buf_init(&b, PARSER_MAX_INPUT);
		if (decode_as(cands[i], data, sample, &b) == VN_OK) {
			s = parser_charset_vi_score(b.data, b.len);
			if (s > best_score + 0.02) {
				best_score = s;
				best = cands[i];
			}
		}
		vn_buf_release(&b);
	}
	return best;
}

/* A page that declares a single-byte charset but whose fonts are TCVN3 (.VnTime) or VNI
 * (VNI-Times) was typed in the legacy encoding: the font names are the evidence. */
static const char *legacy_font_hint(const char *data, size_t len)
{
	size_t win = len < 262144 ? len : 262144;

	if (parser_memcasemem(data, win, ".vntime") || parser_memcasemem(data, win, ".vnarial") ||
	    parser_memcasemem(data, win, ".vnhelvet"))
		return "TCVN3";
	if (parser_memcasemem(data, win, "vni-times") || parser_memcasemem(data, win, "vni-helve") ||
	    parser_memcasemem(data, win, "vni-aptima"))
		return "VNI";
	return NULL;
}

/* Composes (NFC) and repairs the decoded text held in `pend` up to its last space, or all
 * of it when `last`, and sends that on.  Nothing composes across a space (UAX #15: a
 * starter that combines with nothing), so slices cut there come out as the whole text
 * would; a slice with no space is cut on a character boundary once it is a PIECE long.
 * A NUL becomes a space first, as in UTF-8 pages (the NFC string is NUL-terminated). */
static int pend_flush(struct vn_buf *pend, struct piece_out *o, bool last)
{
	size_t cut = pend->len;
	char *nfc = NULL;
	int rc;

	if (!last) {
		const char *sp = pend->len > 1 ? memrchr(pend->data + 1, ' ', pend->len - 1) : NULL;

		if (sp)
			cut = (size_t)(sp - pend->data);
		else if (pend->len < PIECE)
			return VN_OK;
		else
			while (cut > 1 && ((unsigned char)pend->data[cut] & 0xC0) == 0x80)
				cut--;
	}
	if (!cut)
		return VN_OK;
	for (size_t i = 0; i < cut; i++)
		if (!pend->data[i])
			pend->data[i] = ' ';
	rc = parser_text_nfc(pend->data, cut, &nfc);
	if (!rc)
		rc = utf8_sanitize_to(nfc, strlen(nfc), o, 0);
	free(nfc);
	if (!rc) {
		memmove(pend->data, pend->data + cut, pend->len - cut);
		vn_buf_truncate(pend, pend->len - cut);
	}
	return rc;
}

/* A charset ICU knows, decoded a slice at a time (its converter keeps the state between
 * slices): a 10 MB windows-1258 page is never held whole as UTF-8 (nor twice, once
 * composed) beside its bytes and its tree. */
static int icu_to_pieces(const char *name, const char *data, size_t len, struct piece_out *o)
{
	UErrorCode err = U_ZERO_ERROR;
	UConverter *from = ucnv_open(name, &err), *to = NULL;
	UChar pivot[1024], *ps = pivot, *pt = pivot;
	char out[PIECE / 4];
	const char *src = data, *end = data + len;
	struct vn_buf pend;
	UBool reset = 1;
	int rc = VN_OK;

	vn_buf_init(&pend, PARSER_MAX_INPUT);
	if (U_SUCCESS(err))
		to = ucnv_open("UTF-8", &err);
	if (U_FAILURE(err)) {
		rc = VN_ECHARSET;
		goto out;
	}
	while (!rc) {
		const char *lim = (size_t)(end - src) > sizeof out ? src + sizeof out : end;
		char *t = out;
		bool more;

		err = U_ZERO_ERROR;
		ucnv_convertEx(to, from, &t, out + sizeof out, &src, lim, pivot, &ps, &pt,
			       pivot + sizeof pivot / sizeof pivot[0], reset, lim == end, &err);
		reset = 0;
		more = err == U_BUFFER_OVERFLOW_ERROR;
		if (U_FAILURE(err) && !more) {
			rc = VN_ECHARSET;
			break;
		}
		rc = vn_buf_add(&pend, out, (size_t)(t - out));
		if (!rc && pend.len >= PIECE)
			rc = pend_flush(&pend, o, false);
		if (!more && src == end)
			break;
	}
	if (!rc)
		rc = pend_flush(&pend, o, true);
out:
	if (from)
		ucnv_close(from);
	if (to)
		ucnv_close(to);
	vn_buf_release(&pend);
	return rc;
}

/* TCVN3 and VNI a slice at a time, each cut before a space (a VNI mark byte follows its
 * letter: a space ends every character). */
static int legacy_to_pieces(const char *name, const char *data, size_t len, struct piece_out *o)
{
	struct vn_buf part;
	size_t i = 0;
	int rc = VN_OK;

	vn_buf_init(&part, PARSER_MAX_INPUT);
	while (i < len && !rc) {
		size_t n = len - i <= PIECE ? len - i : PIECE;
		const char *sp = n < len - i ? memrchr(data + i + 1, ' ', n - 1) : NULL;

		if (sp)
			n = (size_t)(sp - (data + i));
		vn_buf_reset(&part);
		rc = parser_charset_legacy_to_utf8(name, data + i, n, &part);
		if (!rc)
			rc = piece_add(o, part.data, part.len);
		i += n;
	}
	vn_buf_release(&part);
	return rc;
}

/* Decodes as `name` into the pieces, a slice at a time whatever the charset. */
static int decode_to(const char *name, const char *data, size_t len, struct piece_out *o)
{
	if (strcmp(name, "UTF-8") == 0)
		return utf8_sanitize_to(data, len, o, 0);
	if (strcmp(name, "TCVN3") == 0 || strcmp(name, "VNI") == 0)
		return legacy_to_pieces(name, data, len, o);
	return icu_to_pieces(name, data, len, o);
}

int parser_charset_decode_to(const char *data, size_t len, const char *content_type,
			     parser_charset_sink sink, void *ctx, char **name_out)
{
	const unsigned char *p = (const unsigned char *)data;
	const char *name = NULL, *legacy;
	struct piece_out o = { .sink = sink, .ctx = ctx };
	char label[48];
	int rc;

	*name_out = NULL;
	vn_buf_init(&o.buf, 16 * PIECE);
	if (len >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) {
		name = "UTF-8";
		data += 3;
		len -= 3;
	} else if (len >= 2 && p[0] == 0xFF && p[1] == 0xFE) {
		name = "UTF-16LE";
		data += 2;
		len -= 2;
	} else if (len >= 2 && p[0] == 0xFE && p[1] == 0xFF) {
		name = "UTF-16BE";
		data += 2;
		len -= 2;
	}
	if (!name && charset_from_content_type(content_type, label, sizeof label))
		name = charset_canonical(label);
	if (!name && charset_from_meta(data, len, label, sizeof label))
		name = charset_canonical(label);
	if (name && strcmp(name, "UTF-8") == 0) {
		/* the common case in one pass: declared UTF-8 and (nearly) so; at the 64th
		 * invalid sequence it plainly is not, and detection decides */
		rc = utf8_sanitize_to(data, len, &o, 64);
		if (!rc)
			goto done;
		if (rc != VN_ECHARSET)
			goto out;
		vn_buf_reset(&o.buf);
		rc = sink(ctx, NULL, 0);
		if (rc)
			goto out;
		name = NULL;
	}
	if (name && strcmp(name, "UTF-16") == 0)
		name = "UTF-16LE";
	if (name && strncmp(name, "UTF-", 4) != 0) {
		/* Servers and templates often label UTF-8 pages iso-8859-1 or windows-1252; text
		 * whose multi-byte sequences are all valid UTF-8 is practically never a real
		 * single-byte page, so the bytes overrule the label. */
		size_t good_mb, bad;

		utf8_stats(data, len, &good_mb, &bad);
		if (bad == 0 && good_mb >= 3)
			name = "UTF-8";
	}
	if (!name) {
		size_t good_mb, bad;

		utf8_stats(data, len, &good_mb, &bad);
		if (bad == 0 || good_mb >= 2 * bad)
			name = "UTF-8";
	}
	legacy = (!name || strcmp(name, "windows-1252") == 0 || strcmp(name, "windows-1258") == 0)
			 ? legacy_font_hint(data, len) : NULL;
	if (legacy)
		name = legacy;
	/* "windows-1252" on a Vietnamese page usually hides VNI or TCVN3 typed with their
	 * fonts: let the bytes decide (windows-1252 stays first, so it wins ties) */
	if (!name || (strcmp(name, "windows-1252") == 0 && utf8_invalid_count(data, len, 1)))
		name = charset_detect(data, len);
	rc = decode_to(name, data, len, &o);
	if (rc == VN_ECHARSET && strcmp(name, "UTF-8") != 0) {
		vn_buf_reset(&o.buf);
		rc = sink(ctx, NULL, 0);
		name = "UTF-8";
		if (!rc)
			rc = utf8_sanitize_to(data, len, &o, 0);
	}
	if (rc)
		goto out;
done:
	rc = piece_flush(&o);
	if (!rc && !(*name_out = strdup(name)))
		rc = VN_ENOMEM;
out:
	vn_buf_release(&o.buf);
	return rc;
}

int parser_charset_decode(const char *data, size_t len, const char *content_type,
			  struct vn_buf *out, char **name_out)
{
	return parser_charset_decode_to(data, len, content_type, buf_sink, out, name_out);
}
