/* documents.c — the legal documents an article cites, normalized.
 *
 * Vietnamese administrative numbering (Nghị định 30/2020/NĐ-CP on văn thư): a number, then
 * a code "<type>-<issuer>" after a slash ("364/TB-VPCP", "4588/UBND-VX"); Party documents
 * put the type before the slash ("240-CV/TU").  A reference is a kind word ("Công văn",
 * "Kết luận", ...) with an optional "số" and such a number; a bare number ("Chỉ thị 16")
 * counts only after "số" or a capitalized kind, so "kế hoạch 5 năm" is no document.
 * Matching uses an ICU regex over a UTF-8 UText, so match offsets are byte offsets. */
#include "parser/parser_int.h"

#include "common/vn_array.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/ucasemap.h>
#include <unicode/uregex.h>
#include <unicode/utext.h>
#include <unicode/utf8.h>

#define DOC_KINDS "công văn|chỉ thị|thông báo kết luận|kết luận|thông báo|kế hoạch|" \
	"quyết định|nghị quyết|nghị định|thông tư|phương án|công điện|hướng dẫn|tờ trình|" \
	"báo cáo|quy định|chương trình|thông tri|quy chế|đề án|văn bản|luật|pháp lệnh"

/* Words between a kind and "số": "Công văn hỏa tốc số 5599/BYT-MT". */
#define DOC_QUALIFIERS "hỏa tốc|hoả tốc|thượng khẩn|khẩn"

/* How far before its number a reference's kind word may start ("chương trình liên tịch
 * số " is 33 bytes). */
#define DOC_LOOKBACK 64

/* Only the words are matched case-insensitively: the letter/number classes are already
 * closed under case, and compiling them under (?i) makes ICU compute the case closure of
 * all of \p{L} (three quarters of the compile time, paid once per process). */
static const char doc_pattern[] =
	"(?-i:(?<![\\p{L}\\p{N}]))(" DOC_KINDS ")"
	"(?:[\\s\\u00A0]+((?:(?:" DOC_QUALIFIERS ")[\\s\\u00A0]+)?số|liên tịch số))?"
	"[\\s\\u00A0]*:?[\\s\\u00A0]*"
	"(?-i:(\\d+(?:[/\\-][\\p{L}\\p{N}]+)*)(?![\\p{L}\\p{N}]))";

/* The pattern is compiled once (compilation costs more than matching a page); each call
 * works on a clone. */
static URegularExpression *doc_proto;
static pthread_once_t doc_once = PTHREAD_ONCE_INIT;

static void doc_compile(void)
{
	doc_proto = parser_regex_open(doc_pattern);
}

/* Document-type codes that open the part after the slash ("TB-VPCP" -> "VPCP"). */
static const char *const type_codes[] = {
	"TB", "KH", "PA", "QĐ", "NQ", "CT", "CV", "KL", "BC", "HD", "HĐ", "TTr", "TT",
	"NĐ", "CĐ", "QC", "QyĐ", "CTr", "ĐA", "TTLT", "TTHC", "GP", "HDLT", "QĐ-UBND",
};

static size_t doc_space_len(const unsigned char *s, size_t len);

static char *dup_range(const char *s, size_t len)
{
	char *p = malloc(len + 1);

	if (p) {
		memcpy(p, s, len);
		p[len] = '\0';
	}
	return p;
}

/* The issuer code of a number: NULL when it has none. */
static char *doc_issuer(const char *num)
{
	const char *slash = strchr(num, '/'), *after, *dash;
	size_t len;

	if (!slash)
		return NULL;
	after = slash + 1;
	/* "15/2021/NĐ-CP": skip the year */
	if (strlen(after) > 5 && after[4] == '/' && after[0] >= '1' && after[0] <= '2' &&
	    strspn(after, "0123456789") == 4)
		after += 5;
	/* party numbering "240-CV/TU": the type is before the slash, the issuer after */
	dash = strchr(after, '-');
	if (dash) {
		size_t tl = (size_t)(dash - after);

		for (size_t i = 0; i < sizeof type_codes / sizeof type_codes[0]; i++)
			if (strlen(type_codes[i]) == tl && strncmp(after, type_codes[i], tl) == 0) {
				after = dash + 1;
				break;
			}
	}
	len = strlen(after);
	if (!len)
		return NULL;
	return dup_range(after, len);
}

/* A date introduced by "ngày" right after the number, a comma allowed between. */
static char *doc_date(const char *s, size_t len)
{
	size_t i = 0;
	char day[11];

	while (i < len && (s[i] == ' ' || s[i] == ',' || s[i] == '\t' || s[i] == '\n'))
		i++;
	if (i + 2 <= len && (unsigned char)s[i] == 0xC2 && (unsigned char)s[i + 1] == 0xA0)
		i += 2;
	while (i < len && s[i] == ' ')
		i++;
	if (!(len - i >= 5 && (strncmp(s + i, "ngày", 5) == 0 || strncmp(s + i, "Ngày", 5) == 0)))
		return NULL;
	i += 5;
	while (i < len && (s[i] == ' ' || s[i] == ':'))
		i++;
	if (i + 2 <= len && (unsigned char)s[i] == 0xC2 && (unsigned char)s[i + 1] == 0xA0)
		i += 2;
	if (!parser_date_find_day(s + i, len - i, 0, day))
		return NULL;
	return dup_range(day, 10);
}

void parser_documents_free(struct parser_document_ref *docs, size_t n)
{
	for (size_t i = 0; docs && i < n; i++) {
		free(docs[i].kind);
		free(docs[i].number);
		free(docs[i].issuer);
		free(docs[i].date);
	}
	free(docs);
}

struct doc_list {
	struct parser_document_ref *v;
	size_t n, cap;
};

/* Adds the reference whose number is text[ns, ne) and whose kind is `kind` (taken over,
 * freed when not kept); a number cited again is kept once.  *at is set to its entry. */
static int doc_add(struct doc_list *l, const char *text, size_t len, size_t ns, size_t ne,
		   char *kind, size_t *at)
{
	struct parser_document_ref *d;
	char *number;

	if (!kind)
		return VN_ENOMEM;
	for (size_t i = 0; i < l->n; i++)
		if (strlen(l->v[i].number) == ne - ns && memcmp(l->v[i].number, text + ns, ne - ns) == 0) {
			*at = i;
			free(kind);
			return VN_OK; /* cited again */
		}
	if (l->n == l->cap) {
		size_t nc = l->cap ? l->cap * 2 : 8;
		struct parser_document_ref *v = realloc(l->v, nc * sizeof *v);

		if (!v) {
			free(kind);
			return VN_ENOMEM;
		}
		l->v = v;
		l->cap = nc;
	}
	number = dup_range(text + ns, ne - ns);
	if (!number) {
		free(kind);
		return VN_ENOMEM;
	}
	*at = l->n;
	d = &l->v[l->n++];
	memset(d, 0, sizeof *d);
	d->number = number;
	d->kind = kind;
	d->issuer = doc_issuer(number);
	d->date = doc_date(text + ne, len - ne < 64 ? len - ne : 64);
	return VN_OK;
}

/* Takes the current match when its number starts at `p`; returns true when it did (or
 * when the match shows there is nothing to take at `p`), VN_* in *rc on failure.  *end
 * and *at are set to the end of a number taken and its entry. */
static bool doc_take(URegularExpression *re, const char *text, size_t len, size_t p,
		     struct doc_list *l, UErrorCode *err, int *rc, size_t *end, size_t *at)
{
	int64_t ks = uregex_start64(re, 1, err), ke = uregex_end64(re, 1, err);
	int64_t ss = uregex_start64(re, 2, err);
	int64_t ns = uregex_start64(re, 3, err), ne = uregex_end64(re, 3, err);
	const unsigned char *k;
	bool capital, has_code;

	if (U_FAILURE(*err) || ks < 0 || ns < 0 || (size_t)ns != p)
		return false;
	k = (const unsigned char *)text + ks;
	capital = (k[0] >= 'A' && k[0] <= 'Z') || (k[0] == 0xC4 && k[1] == 0x90);
	has_code = memchr(text + ns, '/', (size_t)(ne - ns)) != NULL;
	if (!has_code && ss < 0 && !capital)
		return true;
	if (!has_code && memchr(text + ns, '-', (size_t)(ne - ns)))
		return true; /* "Kế hoạch 2021-2025" is a period, not a number */
	*rc = doc_add(l, text, len, (size_t)ns, (size_t)ne,
		      parser_text_lower(text + ks, (size_t)(ke - ks)), at);
	*end = (size_t)ne;
	return true;
}

/* The number of a list that goes on after a reference, with the same kind: "Chỉ thị số
 * 15/CT-TTg, 16/CT-TTg và số 19/CT-TTg".  `p` starts a number; between the end of the
 * last reference (`from`) and `p` stand only spaces, commas, semicolons, "và" and "số".
 * Only a number with a code (letters after a slash) counts.  Returns the number's
 * length, else 0. */
static size_t doc_list_number(const char *text, size_t len, size_t from, size_t p)
{
	static const char *const glue[] = { ",", ";", "và", "số" };
	size_t i = from, e = p;
	bool slash = false, code = false;

	while (i < p) {
		size_t w = doc_space_len((const unsigned char *)text + i, p - i), k;

		if (w) {
			i += w;
			continue;
		}
		for (k = 0; k < sizeof glue / sizeof glue[0]; k++)
			if (p - i >= strlen(glue[k]) && memcmp(text + i, glue[k], strlen(glue[k])) == 0)
				break;
		if (k == sizeof glue / sizeof glue[0])
			return 0;
		i += strlen(glue[k]);
	}
	/* letters, digits, "/" and "-", as the regex's [\p{L}\p{N}] and [/\-] */
	while (e < len && e - p < 256) {
		int32_t i32 = (int32_t)e, n = (int32_t)(len - e < 256 ? len : e + 256);
		UChar32 c;

		U8_NEXT(text, i32, n, c);
		if (c < 0 || !(c == '/' || c == '-' || u_isalpha(c) || u_isdigit(c)))
			break;
		slash |= c == '/';
		code |= slash && u_isalpha(c);
		e = (size_t)i32;
	}
	while (e > p && (text[e - 1] == '/' || text[e - 1] == '-'))
		e--;
	return code ? e - p : 0; /* "3/4" or a date is no document number */
}

/* Length of a White_Space character (what the regex's \s matches) at `s`, else 0. */
static size_t doc_space_len(const unsigned char *s, size_t len)
{
	if (len >= 1 && (s[0] == ' ' || (s[0] >= 0x09 && s[0] <= 0x0D)))
		return 1;
	if (len >= 2 && s[0] == 0xC2 && (s[1] == 0x85 || s[1] == 0xA0))
		return 2;
	if (len < 3)
		return 0;
	if ((s[0] == 0xE1 && s[1] == 0x9A && s[2] == 0x80) ||
	    (s[0] == 0xE2 && s[1] == 0x80 && (s[2] <= 0x8A || s[2] == 0xA8 || s[2] == 0xA9 ||
					      s[2] == 0xAF)) ||
	    (s[0] == 0xE2 && s[1] == 0x81 && s[2] == 0x9F) ||
	    (s[0] == 0xE3 && s[1] == 0x80 && s[2] == 0x80))
		return 3;
	return 0;
}

static size_t doc_skip_spaces(const char *s, size_t len, size_t i)
{
	size_t w;

	while (i < len && (w = doc_space_len((const unsigned char *)s + i, len - i)))
		i += w;
	return i;
}

/* Whether what follows a kind word in the case-folded text can be the rest of the regex:
 * spaces, "số" (after a qualifier such as "hỏa tốc") or "liên tịch số", a colon, then a
 * digit (\d is any Nd digit, so any character that is no Latin letter counts too). */
static bool doc_number_follows(const char *s, size_t len, size_t *at)
{
	static const char so[] = "số", lts[] = "liên tịch số";
	static const char *const qual[] = { "hỏa tốc", "hoả tốc", "thượng khẩn", "khẩn" };
	size_t i = doc_skip_spaces(s, len, 0);
	unsigned char c;

	for (size_t k = 0; k < sizeof qual / sizeof qual[0]; k++)
		if (len - i > strlen(qual[k]) && memcmp(s + i, qual[k], strlen(qual[k])) == 0) {
			i = doc_skip_spaces(s, len, i + strlen(qual[k]));
			break;
		}
	if (len - i >= sizeof lts - 1 && memcmp(s + i, lts, sizeof lts - 1) == 0)
		i += sizeof lts - 1;
	else if (len - i >= sizeof so - 1 && memcmp(s + i, so, sizeof so - 1) == 0)
		i += sizeof so - 1;
	i = doc_skip_spaces(s, len, i);
	if (i < len && s[i] == ':')
		i = doc_skip_spaces(s, len, i + 1);
	if (i >= len)
		return false;
	*at = i;
	c = (unsigned char)s[i];
	if (c >= '0' && c <= '9')
		return true;
	if (c < 0xC0 || (c >= 0xC3 && c <= 0xC6))
		return false; /* ASCII, or Latin-1/Latin Extended letters */
	return !(c == 0xE1 && i + 1 < len &&
		 ((unsigned char)s[i + 1] == 0xBA || (unsigned char)s[i + 1] == 0xBB));
}

/* Where a document's number may start: after a kind word and what may stand between (see
 * doc_number_follows).  `all`: anywhere (the case-folded copy was not byte for byte). */
struct doc_cands {
	size_t *at;
	size_t n, cap;
	bool all;
};

static int cmp_size(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	return x < y ? -1 : x > y;
}

/* Whether the text names any document kind followed by what may be its number: one
 * case-folded copy and a memmem per kind.  Most pages cite nothing, and they then cost
 * neither the regex's compilation (a few milliseconds per process, most of a small batch's
 * fixed cost) nor its matching.  The regex matches case-insensitively by the same Unicode
 * case folding, so a text this says "no" to has no match.  `c` gets the numbers found, in
 * order: the regex then runs only there, not at every number of the text (dates, sums,
 * counts), which was most of what a citing article cost.  Folding keeps byte offsets
 * when it keeps the length (Vietnamese letters fold to letters of the same size); when
 * it does not, `c->all` says so. */
static bool doc_may_cite(const char *text, size_t len, struct doc_cands *c)
{
	static const char kinds[] = DOC_KINDS "|";
	UErrorCode err = U_ZERO_ERROR;
	UCaseMap *cm = ucasemap_open("", 0, &err);
	char *folded = NULL;
	int32_t n;
	bool may = true; /* when folding fails, the regex decides */

	c->all = true;
	if (U_FAILURE(err))
		return true;
	n = ucasemap_utf8FoldCase(cm, NULL, 0, text, (int32_t)len, &err);
	if (err != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(err))
		goto out;
	err = U_ZERO_ERROR;
	folded = malloc((size_t)n + 1);
	if (!folded)
		goto out;
	n = ucasemap_utf8FoldCase(cm, folded, n + 1, text, (int32_t)len, &err);
	if (U_FAILURE(err))
		goto out;
	may = false;
	c->all = (size_t)n != len;
	for (const char *k = kinds, *e; (!may || !c->all) && (e = strchr(k, '|')); k = e + 1) {
		const char *f = folded, *end = folded + n, *hit;
		size_t kl = (size_t)(e - k), at;

		while ((!may || !c->all) && (hit = memmem(f, (size_t)(end - f), k, kl))) {
			f = hit + 1;
			if (!doc_number_follows(hit + kl, (size_t)(end - hit - kl), &at))
				continue;
			may = true;
			if (c->all)
				continue;
			if (c->n == c->cap) {
				size_t *v = vn_array_room(c->at, &c->cap, c->n, sizeof *v, 8);

				if (!v) {
					c->all = true;
					continue;
				}
				c->at = v;
			}
			c->at[c->n++] = (size_t)(hit + kl - folded) + at;
		}
	}
	if (c->n > 1)
		qsort(c->at, c->n, sizeof *c->at, cmp_size);
out:
	free(folded);
	ucasemap_close(cm);
	return may;
}

int parser_text_documents(const char *text, size_t len, struct parser_document_ref **out,
			  size_t *n_out)
{
	UErrorCode err = U_ZERO_ERROR;
	URegularExpression *re = NULL;
	UText *ut = NULL;
	struct doc_list l = { NULL, 0, 0 };
	struct doc_cands cands = { NULL, 0, 0, false };
	size_t last_end = 0, last = 0, nl, next_cand = 0;
	bool taken;
	int rc = VN_OK;

	*out = NULL;
	*n_out = 0;
	if (!text || !len)
		return VN_OK;
	if (len > INT32_MAX)
		return VN_ETOOBIG;
	if (!doc_may_cite(text, len, &cands)) {
		free(cands.at);
		return VN_OK;
	}
	pthread_once(&doc_once, doc_compile);
	if (!doc_proto) {
		free(cands.at);
		return VN_EUNSUPPORTED;
	}
	re = uregex_clone(doc_proto, &err);
	ut = utext_openUTF8(NULL, text, (int64_t)len, &err);
	if (U_FAILURE(err)) {
		rc = VN_EUNSUPPORTED;
		goto out;
	}
	uregex_setUText(re, ut, &err);
	uregex_useTransparentBounds(re, true, &err); /* the look-behind sees past the window */
	/* A reference ends in a number, and its kind word stands at most DOC_LOOKBACK bytes
	 * before it: the regex runs only in a window before each number, which keeps a long
	 * text linear (matching at every position of 10 MB costs seconds). */
	for (size_t p = 0; U_SUCCESS(err) && !rc && p < len; p++) {
		size_t ws, we;
		unsigned char prev = p ? (unsigned char)text[p - 1] : ' ';

		if (!(text[p] >= '0' && text[p] <= '9') || (prev >= '0' && prev <= '9') ||
		    (prev >= 'A' && prev <= 'Z') || (prev >= 'a' && prev <= 'z') || prev == '/' ||
		    prev == '-' || prev >= 0x80)
			continue;
		while (next_cand < cands.n && cands.at[next_cand] < p)
			next_cand++;
		taken = false;
		/* the regex only where a kind word may stand before the number; elsewhere only
		 * a list that goes on can take it */
		if (cands.all || (next_cand < cands.n && cands.at[next_cand] == p)) {
			ws = p > DOC_LOOKBACK ? p - DOC_LOOKBACK : 0;
			while (ws < p && ((unsigned char)text[ws] & 0xC0) == 0x80)
				ws++; /* a window starts on a character */
			we = p;
			while (we < len && we - p < 256 && text[we] != ' ' && text[we] != '\n' &&
			       text[we] != ',' && text[we] != ';')
				we++;
			uregex_setRegion64(re, (int64_t)ws, (int64_t)we, &err);
			while (U_SUCCESS(err) && !rc && !taken && uregex_findNext(re, &err))
				taken = doc_take(re, text, len, p, &l, &err, &rc, &last_end, &last);
		}
		if (!taken && !rc && l.n && last_end <= p &&
		    (nl = doc_list_number(text, len, last_end, p))) {
			rc = doc_add(&l, text, len, p, p + nl, strdup(l.v[last].kind), &last);
			last_end = p + nl;
		}
	}
	if (!rc && U_FAILURE(err))
		rc = VN_EPARSE;
	if (rc)
		goto out;
	*out = l.v;
	*n_out = l.n;
	l.v = NULL;
	l.n = 0;
out:
	free(cands.at);
	parser_documents_free(l.v, l.n);
	if (re)
		uregex_close(re);
	if (ut)
		utext_close(ut);
	return rc;
}

void parser_global_release(void)
{
	parser_byline_release();
	parser_text_release();
	if (doc_proto)
		uregex_close(doc_proto);
	doc_proto = NULL;
}
