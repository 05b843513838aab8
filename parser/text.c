/* text.c — small text helpers shared by the extractor: NFC (UAX #15, through ICU's
 * unorm2), whitespace collapsing that knows NBSP and zero-width characters, and reading
 * the text and attributes of libxml2 nodes.  Everything here works on (ptr, len) UTF-8. */
#include "parser/parser_int.h"

#include <assert.h>
#include <ctype.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <unicode/ucasemap.h>
#include <unicode/unorm2.h>
#include <unicode/uregex.h>
#include <unicode/ustring.h>

static int nfc_piece(const char *s, size_t len, char **out)
{
	UErrorCode err = U_ZERO_ERROR;
	const UNormalizer2 *nfc = unorm2_getNFCInstance(&err);
	UChar *u = NULL, *n = NULL;
	int32_t ulen = 0, nlen, olen = 0;
	char *res = NULL;
	int rc = VN_ENOMEM;

	*out = NULL;
	if (len > INT32_MAX / 4)
		return VN_ETOOBIG;
	if (U_FAILURE(err))
		return VN_EUNSUPPORTED;
	/* sizes are preflighted so a 10 MB body costs its UTF-16 copy and no slack */
	u = malloc(((size_t)len + 1) * sizeof *u);
	if (!u)
		goto out;
	u_strFromUTF8WithSub(u, (int32_t)len + 1, &ulen, s, (int32_t)len, 0xFFFD, NULL, &err);
	if (U_FAILURE(err)) {
		rc = VN_ECHARSET;
		goto out;
	}
	err = U_ZERO_ERROR;
	if (unorm2_quickCheck(nfc, u, ulen, &err) == UNORM_YES && U_SUCCESS(err)) {
		/* already NFC: the bytes themselves are the answer */
		res = malloc(len + 1);
		if (!res)
			goto out;
		memcpy(res, s, len);
		res[len] = '\0';
		*out = res;
		res = NULL;
		rc = VN_OK;
		goto out;
	}
	err = U_ZERO_ERROR;
	nlen = unorm2_normalize(nfc, u, ulen, NULL, 0, &err);
	if (err != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(err)) {
		rc = VN_ECHARSET;
		goto out;
	}
	err = U_ZERO_ERROR;
	n = malloc(((size_t)nlen + 1) * sizeof *n);
	if (!n)
		goto out;
	nlen = unorm2_normalize(nfc, u, ulen, n, nlen + 1, &err);
	if (U_FAILURE(err)) {
		rc = VN_ECHARSET;
		goto out;
	}
	free(u);
	u = NULL;
	u_strToUTF8WithSub(NULL, 0, &olen, n, nlen, 0xFFFD, NULL, &err);
	if (err != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(err)) {
		rc = VN_ECHARSET;
		goto out;
	}
	err = U_ZERO_ERROR;
	res = malloc((size_t)olen + 1);
	if (!res)
		goto out;
	u_strToUTF8WithSub(res, olen + 1, &olen, n, nlen, 0xFFFD, NULL, &err);
	if (U_FAILURE(err)) {
		rc = VN_ECHARSET;
		goto out;
	}
	res[olen] = '\0';
	*out = res;
	res = NULL;
	rc = VN_OK;
out:
	free(u);
	free(n);
	free(res);
	return rc;
}

URegularExpression *parser_regex_open(const char *pattern)
{
	UErrorCode err = U_ZERO_ERROR;
	UText *ut = utext_openUTF8(NULL, pattern, -1, &err);
	URegularExpression *re = NULL;

	if (U_SUCCESS(err))
		re = uregex_openUText(ut, UREGEX_CASE_INSENSITIVE, NULL, &err);
	utext_close(ut);
	if (U_FAILURE(err) && re) {
		uregex_close(re);
		re = NULL;
	}
	return re;
}

#define NFC_CHUNK 65536

/* Where the piece of a long text that starts at `i` ends: just before an ASCII space,
 * where nothing composes across (UAX #15: a starter with no composition), so the UTF-16
 * scratch stays small however big the page; with no space, on a character boundary. */
static size_t nfc_piece_end(const char *s, size_t len, size_t i)
{
	size_t end = len - i <= NFC_CHUNK ? len : i + NFC_CHUNK;

	while (end < len && end > i + NFC_CHUNK / 2 && s[end] != ' ')
		end--;
	if (end < len && s[end] != ' ')
		end = i + NFC_CHUNK; /* no space: cut at a character boundary instead */
	while (end < len && ((unsigned char)s[end] & 0xC0) == 0x80)
		end++;
	return end;
}

int parser_text_nfc(const char *s, size_t len, char **out)
{
	struct vn_buf b;
	size_t i = 0;
	int rc = VN_OK;

	if (len <= NFC_CHUNK)
		return nfc_piece(s, len, out);
	*out = NULL;
	vn_buf_init(&b, len * 3 + 16); /* NFC grows a text by a factor of 3 at most */
	while (i < len && !rc) {
		size_t end = nfc_piece_end(s, len, i);
		char *piece = NULL;

		rc = nfc_piece(s + i, end - i, &piece);
		if (!rc)
			rc = vn_buf_adds(&b, piece);
		free(piece);
		i = end;
	}
	if (!rc) {
		*out = vn_buf_detach(&b, NULL);
		if (!*out)
			rc = VN_ENOMEM;
	}
	vn_buf_release(&b);
	return rc;
}

/* Whether every piece parser_text_nfc() would cut `s` into is NFC already (ICU's quick
 * check says yes), so that it would give back `s` itself. */
static bool nfc_already(const char *s, size_t len)
{
	UErrorCode err = U_ZERO_ERROR;
	const UNormalizer2 *nfc = unorm2_getNFCInstance(&err);
	UChar *u = NULL;
	size_t i = 0, cap = 0;
	bool yes = U_SUCCESS(err) && !memchr(s, '\0', len);

	while (yes && i < len) {
		size_t end = len <= NFC_CHUNK ? len : nfc_piece_end(s, len, i);
		int32_t ulen = 0;

		if (end - i + 1 > cap) {
			UChar *p = realloc(u, (end - i + 1) * sizeof *u);

			if (!p) {
				yes = false;
				break;
			}
			u = p;
			cap = end - i + 1;
		}
		u_strFromUTF8WithSub(u, (int32_t)cap, &ulen, s + i, (int32_t)(end - i), 0xFFFD, NULL,
				     &err);
		yes = U_SUCCESS(err) && unorm2_quickCheck(nfc, u, ulen, &err) == UNORM_YES &&
		      U_SUCCESS(err);
		i = end;
	}
	free(u);
	return yes;
}

int parser_text_nfc_take(struct vn_buf *b, char **out)
{
	int rc = VN_OK;

	*out = NULL;
	if (b->len <= INT32_MAX / 4 && nfc_already(b->data, b->len)) {
		/* nearly every page: the text is handed over, not copied once more */
		*out = vn_buf_detach(b, NULL);
		if (!*out)
			rc = VN_ENOMEM;
	} else {
		rc = parser_text_nfc(b->data, b->len, out);
	}
	vn_buf_release(b);
	return rc;
}

/* Length of a whitespace character at `s` (ASCII space/controls, NBSP, the U+2000 spaces,
 * zero-width space/joiners, BOM), else 0. */
static size_t text_space_len(const unsigned char *s, size_t len)
{
	if (s[0] == ' ' || s[0] == '\t' || s[0] == '\n' || s[0] == '\r' || s[0] == '\f' ||
	    s[0] == '\v')
		return 1;
	if (len >= 2 && s[0] == 0xC2 && s[1] == 0xA0)
		return 2;
	if (len >= 3 && s[0] == 0xE2 && s[1] == 0x80 &&
	    (s[2] <= 0x8F || s[2] == 0xA8 || s[2] == 0xA9 || s[2] == 0xAF))
		return 3;
	if (len >= 3 && s[0] == 0xE3 && s[1] == 0x80 && s[2] == 0x80)
		return 3;
	if (len >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF)
		return 3;
	return 0;
}

/* A byte that starts no white space of text_space_len(). */
#define TEXT_PLAIN(c) ((c) > ' ' && (c) != 0xC2 && (c) != 0xE2 && (c) != 0xE3 && (c) != 0xEF)

int parser_text_add_collapsed(struct vn_buf *b, const char *s, size_t len, bool *space)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, run = 0;
	int rc = VN_OK;

	while (i < len) {
		size_t w;

		/* bytes that can start no white space go in runs: most of a text is such */
		if (TEXT_PLAIN(p[i])) {
			size_t j = i + 1;

			if (*space && run == 0) {
				if (b->len && b->data[b->len - 1] != '\n') {
					rc = vn_buf_addc(b, ' ');
					if (rc)
						goto out;
				}
				*space = false;
			}
			while (j < len && TEXT_PLAIN(p[j]))
				j++;
			run += j - i;
			i = j;
			if (i >= len)
				break;
		}
		w = text_space_len(p + i, len - i);
		if (w) {
			if (run) {
				rc = vn_buf_add(b, s + i - run, run);
				if (rc)
					goto out;
				run = 0;
			}
			*space = true;
			i += w;
			continue;
		}
		if (*space && run == 0) {
			if (b->len && b->data[b->len - 1] != '\n') {
				rc = vn_buf_addc(b, ' ');
				if (rc)
					goto out;
			}
			*space = false;
		}
		run++;
		i++;
	}
	if (run)
		rc = vn_buf_add(b, s + len - run, run);
out:
	return rc;
}

size_t parser_text_trim(char *s, size_t len)
{
	size_t a = 0;

	while (a < len && s[a] == ' ')
		a++;
	while (len > a && (s[len - 1] == ' ' || s[len - 1] == '\n'))
		len--;
	if (a)
		memmove(s, s + a, len - a);
	s[len - a] = '\0';
	return len - a;
}

size_t parser_text_count_chars(const char *s, size_t len)
{
	size_t n = 0;

	/* branch-free so the compiler can vectorize it: it runs over every block of text */
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		n += (size_t)(((c & 0xC0) != 0x80) & (c != ' ') & (c != '\n') & (c != '\t') &
			      (c != '\r'));
	}
	return n;
}

static int node_text_walk(xmlNode *root, struct vn_buf *b, bool *space)
{
	xmlNode *n = root->children;
	int rc = VN_OK;

	/* iterative walk: deep documents must not overflow the C stack */
	while (n && n != root) {
		if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
			if (n->content) {
				rc = parser_text_add_collapsed(b, (const char *)n->content,
							       strlen((const char *)n->content),
							       space);
				if (rc)
					goto out;
			}
		} else if (n->type == XML_ELEMENT_NODE && n->children) {
			if (n->name && (strcmp((const char *)n->name, "br") == 0))
				*space = true;
			n = n->children;
			continue;
		} else if (n->type == XML_ELEMENT_NODE) {
			*space = true;
		}
		while (n != root && !n->next) {
			n = n->parent;
			if (n && n->type == XML_ELEMENT_NODE)
				*space = true;
		}
		if (n == root)
			break;
		n = n->next;
	}
out:
	return rc;
}

char *parser_node_text(xmlNode *n, size_t cap)
{
	struct vn_buf b;
	bool space = false;
	char *res = NULL;
	size_t len;

	vn_buf_init(&b, cap);
	if (!n)
		goto out;
	if (n->type == XML_TEXT_NODE) {
		if (n->content && parser_text_add_collapsed(&b, (const char *)n->content,
							    strlen((const char *)n->content),
							    &space))
			goto out;
	} else if (node_text_walk(n, &b, &space)) {
		/* past the cap: keep what fits */
	}
	len = parser_text_trim(b.data, b.len);
	b.len = len;
	if (len == 0)
		goto out;
	res = vn_buf_detach(&b, NULL);
out:
	vn_buf_release(&b);
	return res;
}

const char *parser_memcasemem(const char *hay, size_t hay_len, const char *needle)
{
	size_t nl = strlen(needle);
	unsigned char lo, up;
	const char *end, *a, *b;

	if (nl == 0)
		return hay;
	if (nl > hay_len)
		return NULL;
	lo = (unsigned char)tolower((unsigned char)needle[0]);
	up = (unsigned char)toupper((unsigned char)needle[0]);
	/* the next first byte in each case, found with memchr; only the one just tried is
	 * looked for again (searching both each time rescanned the text for a case that is
	 * not in it, once per occurrence of the other) */
	end = hay + hay_len - nl + 1;
	a = memchr(hay, lo, (size_t)(end - hay));
	b = lo == up ? NULL : memchr(hay, up, (size_t)(end - hay));
	while (a || b) {
		const char *c = !a ? b : !b ? a : a < b ? a : b;

		if (strncasecmp(c + 1, needle + 1, nl - 1) == 0)
			return c;
		if (c == a)
			a = memchr(a + 1, lo, (size_t)(end - a - 1));
		else
			b = memchr(b + 1, up, (size_t)(end - b - 1));
	}
	return NULL;
}

xmlNode *parser_node_after(xmlNode *n, const xmlNode *root)
{
	while (n && n != root && !n->next)
		n = n->parent;
	return n && n != root ? n->next : NULL;
}

const char *parser_node_attr(xmlNode *n, const char *name)
{
	struct parser_attr_it it;
	const char *an, *v;

	/* else the tree never holds it */
	assert(parser_attr_kept((const char *)n->name, name, NULL));
	parser_attr_first(n, &it);
	while (parser_attr_next(&it, &an, &v))
		if (an && v && (an[0] | 0x20) == (name[0] | 0x20) && strcasecmp(an, name) == 0)
			return v;
	return NULL;
}

/* Lower-cases `v` into `buf` (cap bytes, NUL-terminated); returns the length. */
static size_t lower_copy(const char *v, char *buf, size_t cap)
{
	size_t n = 0;

	/* ASCII only, as tolower() is in the C locale and on UTF-8 bytes in any other */
	for (; v && v[n] && n + 1 < cap; n++)
		buf[n] = v[n] >= 'A' && v[n] <= 'Z' ? (char)(v[n] | 0x20) : v[n];
	buf[n] = '\0';
	return n;
}

/* memmem for the short strings of class names: glibc's memmem sets up a shift table on
 * every call, which costs more than scanning 30 bytes for a 6-byte word. */
static bool short_contains(const char *hay, size_t hl, const char *w, size_t wl)
{
	const char *p = hay, *end = hay + hl;

	while (wl <= (size_t)(end - p) && (p = memchr(p, w[0], (size_t)(end - p) - wl + 1))) {
		if (memcmp(p + 1, w + 1, wl - 1) == 0)
			return true;
		p++;
	}
	return false;
}

static inline unsigned pair_hash(char a, char b)
{
	return (((unsigned)(unsigned char)a << 3) ^ (unsigned char)b) & 255;
}

bool parser_node_attr_matches(xmlNode *n, const char *words)
{
	char buf[512];
	size_t len = 0;
	const char *cls = NULL, *id = NULL, *w = words;
	uint64_t pairs[4] = { 0 };
	struct parser_attr_it it;
	const char *an, *v;

	parser_attr_first(n, &it);
	while (!(cls && id) && parser_attr_next(&it, &an, &v)) {
		if (!an || !v)
			continue;
		if (!cls && strcasecmp(an, "class") == 0)
			cls = v;
		else if (!id && strcasecmp(an, "id") == 0)
			id = v;
	}
	len = lower_copy(cls, buf, sizeof buf / 2);
	if (id) {
		buf[len++] = ' ';
		len += lower_copy(id, buf + len, sizeof buf - len);
	}
	if (!len)
		return false;
	/* which pairs of adjacent bytes occur (hashed to 256 bits): most words of a long
	 * list fail on their first two pairs without a search */
	for (size_t i = 0; i + 1 < len; i++) {
		unsigned h = pair_hash(buf[i], buf[i + 1]);

		pairs[h >> 6] |= (uint64_t)1 << (h & 63);
	}
	while (*w) {
		const char *e = strchr(w, '|');
		size_t wl = e ? (size_t)(e - w) : strlen(w);
		unsigned h0 = wl >= 2 ? pair_hash(w[0], w[1]) : 0;
		unsigned h1 = wl >= 3 ? pair_hash(w[1], w[2]) : 0;

		if (wl && (wl == 1 || ((pairs[h0 >> 6] >> (h0 & 63) & 1) &&
				       (wl == 2 || (pairs[h1 >> 6] >> (h1 & 63) & 1)))) &&
		    short_contains(buf, len, w, wl))
			return true;
		if (!w[wl])
			break;
		w += wl + 1;
	}
	return false;
}

/* One case map a thread, opened at first use (opening one costs more than lowering a
 * short line, and the boilerplate labels lower every short line of a page) and closed
 * when the thread ends, or by parser_text_release() for the main thread. */
static pthread_key_t lower_key;
static pthread_once_t lower_once = PTHREAD_ONCE_INIT;
static bool lower_key_ok;

static void lower_map_close(void *cm)
{
	ucasemap_close(cm);
}

static void lower_key_create(void)
{
	lower_key_ok = pthread_key_create(&lower_key, lower_map_close) == 0;
}

static UCaseMap *lower_map_get(void)
{
	UErrorCode err = U_ZERO_ERROR;
	UCaseMap *cm;

	pthread_once(&lower_once, lower_key_create);
	if (!lower_key_ok)
		return NULL;
	if ((cm = pthread_getspecific(lower_key)))
		return cm;
	cm = ucasemap_open("vi", 0, &err);
	if (U_FAILURE(err))
		return NULL;
	if (pthread_setspecific(lower_key, cm) != 0) {
		ucasemap_close(cm);
		return NULL;
	}
	return cm;
}

void parser_text_release(void)
{
	UCaseMap *cm;

	if (lower_key_ok && (cm = pthread_getspecific(lower_key))) {
		ucasemap_close(cm);
		pthread_setspecific(lower_key, NULL);
	}
}

size_t parser_text_lower_into(const char *s, size_t len, char *out, size_t cap)
{
	UErrorCode err = U_ZERO_ERROR;
	UCaseMap *cm;
	bool ascii = true;
	int32_t n;

	for (size_t i = 0; i < len && ascii; i++)
		ascii = (unsigned char)s[i] < 0x80;
	if (ascii) {
		if (len >= cap)
			return 0;
		for (size_t i = 0; i < len; i++)
			out[i] = (char)tolower((unsigned char)s[i]);
		out[len] = '\0';
		return len;
	}
	if (!(cm = lower_map_get()) || len > INT32_MAX || cap > INT32_MAX)
		return 0;
	n = ucasemap_utf8ToLower(cm, out, (int32_t)cap, s, (int32_t)len, &err);
	if (U_FAILURE(err) || err == U_STRING_NOT_TERMINATED_WARNING || (size_t)n >= cap)
		return 0;
	return (size_t)n;
}

char *parser_text_lower(const char *s, size_t len)
{
	char *out = malloc(len * 2 + 1);

	if (!out)
		return NULL;
	out[0] = '\0';
	if (len && !parser_text_lower_into(s, len, out, len * 2 + 1)) {
		free(out);
		return NULL;
	}
	return out;
}

size_t parser_text_count_words(const char *s, size_t len)
{
	size_t words = 0;

	for (size_t i = 0; i < len; i++)
		words += s[i] != ' ' && (i == 0 || s[i - 1] == ' ');
	return words;
}

bool parser_text_names_org(const char *s, size_t len, size_t max_words)
{
	static const char *const orgs[] = {
		"sở ", "ủy ban", "uỷ ban", "ubnd", "hđnd", "huyện ", "tỉnh ", "thành phố ",
		"thị xã ", "quận ", "xã ", "phường ", "trung tâm ", "bộ ", "cục ", "chi cục ",
		"tổng cục ", "ban ", "văn phòng ", "báo ", "đài ", "bệnh viện ", "trường ",
		"viện ", "hội ", "đảng bộ ", "công an ", "kho bạc ", "bảo hiểm xã hội ",
	};
	char low[256];
	size_t words = parser_text_count_words(s, len), ll;

	if (!words || words > max_words || !(ll = parser_text_lower_into(s, len, low, sizeof low)))
		return false;
	for (size_t i = 0; i < sizeof orgs / sizeof orgs[0]; i++)
		if (ll > strlen(orgs[i]) && strncmp(low, orgs[i], strlen(orgs[i])) == 0)
			return true;
	return false;
}
