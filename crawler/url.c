/* url.c — canonical URLs, origins, robots-style patterns and spider-trap guards.
 *
 * Parsing and resolution go through libcurl's URL API (RFC 3986 as curl implements it), so
 * the URL we store is the URL curl will fetch.  On top of that we drop what makes one page
 * look like many: fragments, session ids, tracking and Liferay portlet-state parameters, and
 * parameter order (sorted), because the frontier deduplicates on the canonical string. */
#include "crawler/crawler.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>

#include "common/vn_buf.h"

#define QUERY_PARAMS_MAX 64

/* Parameter names (lower case) that carry a session or tracking state, not content. */
static const char *const drop_params[] = {
	"jsessionid", "asp.net_sessionid", "phpsessid", "fbclid", "gclid", "msclkid",
	"p_p_lifecycle", "p_p_state", "p_p_mode", "p_p_col_id", "p_p_col_pos", "p_p_col_count",
	NULL
};

/* Endings of a Liferay portlet's namespaced parameters ("_101_INSTANCE_x_redirect",
 * "_com_liferay_..._backURL") that carry the page the link was on: the same article
 * linked from each listing page was as many URLs.  (p_p_auth stays: without it Liferay
 * may refuse a portlet that is not on the page.) */
static const char *const drop_portlet_suffixes[] = { "_redirect", "_backurl",
						     "_returntofullpageurl", NULL };

static bool param_dropped(const char *name, size_t len)
{
	if (len > 4 && strncasecmp(name, "utm_", 4) == 0)
		return true;
	for (size_t i = 0; name[0] == '_' && drop_portlet_suffixes[i]; i++) {
		size_t sl = strlen(drop_portlet_suffixes[i]);

		if (len > sl && strncasecmp(name + len - sl, drop_portlet_suffixes[i], sl) == 0)
			return true;
	}
	for (size_t i = 0; drop_params[i]; i++)
		if (strlen(drop_params[i]) == len && strncasecmp(drop_params[i], name, len) == 0)
			return true;
	return false;
}

struct qparam {
	const char *p;
	size_t len;
};

static int qparam_cmp(const void *a, const void *b)
{
	const struct qparam *x = a, *y = b;
	size_t n = x->len < y->len ? x->len : y->len;
	int c = memcmp(x->p, y->p, n);

	if (c)
		return c;
	return x->len < y->len ? -1 : x->len > y->len;
}

/* Rebuilds the query without dropped parameters, sorted; `*out` is "" when nothing stays. */
static int query_clean(const char *q, struct vn_buf *out)
{
	struct qparam params[QUERY_PARAMS_MAX];
	size_t n = 0;
	int rc = VN_OK;
	const char *p = q;

	while (*p) {
		const char *amp = strchr(p, '&');
		size_t len = amp ? (size_t)(amp - p) : strlen(p);
		const char *eq = memchr(p, '=', len);
		size_t nlen = eq ? (size_t)(eq - p) : len;

		if (len > 0 && !param_dropped(p, nlen)) {
			if (n == QUERY_PARAMS_MAX) {
				rc = VN_ETOOBIG;
				goto out;
			}
			params[n].p = p;
			params[n].len = len;
			n++;
		}
		p += len;
		if (*p == '&')
			p++;
	}
	qsort(params, n, sizeof params[0], qparam_cmp);
	for (size_t i = 0; i < n; i++) {
		if (i && (rc = vn_buf_addc(out, '&')))
			goto out;
		if ((rc = vn_buf_add(out, params[i].p, params[i].len)))
			goto out;
	}
out:
	return rc;
}

static int hex_value(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}

/* RFC 3986 6.2.2.1 and 6.2.2.2: a percent-encoded octet is written in one case (lower, as
 * curl writes it), and one that stands for a letter, a digit, "-", "_" or "~" is that
 * character, so a link's "Hội", a sitemap's "H%E1%BB%99i" and "%48%e1%bb%99i" are one URL.
 * "." stays encoded: decoded, it could make a dot segment. */
static int percent_normalize(const char *s, struct vn_buf *out)
{
	int rc = VN_OK;

	for (; *s && !rc; s++) {
		if (s[0] == '%' && isxdigit((unsigned char)s[1]) && isxdigit((unsigned char)s[2])) {
			int v = hex_value(s[1]) * 16 + hex_value(s[2]);
			char enc[3] = { '%', (char)tolower((unsigned char)s[1]),
					(char)tolower((unsigned char)s[2]) };

			/* after a lone "%" or "%4", a decoded "1" would make a new escape ("%%41"
			 * is no "%A" and then "%a"): the canonical form must be a fixed point */
			bool makes_escape = out->len && (out->data[out->len - 1] == '%' ||
							 (out->len >= 2 && out->data[out->len - 2] == '%' &&
							  isxdigit((unsigned char)out->data[out->len - 1])));

			if (((v >= 'a' && v <= 'z') || (v >= 'A' && v <= 'Z') || (v >= '0' && v <= '9') ||
			     v == '-' || v == '_' || v == '~') &&
			    !(makes_escape && isxdigit(v)))
				rc = vn_buf_addc(out, (char)v);
			else
				rc = vn_buf_add(out, enc, sizeof enc);
			s += 2;
		} else {
			rc = vn_buf_addc(out, *s);
		}
	}
	return rc;
}

static bool session_id_char(char c)
{
	return ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
	       c == '_';
}

/* The length of an ASP.NET cookieless-session segment `p` starts with ("/(S(lit3py55t21z5
 * v55vlm25s55))" or "/(X(1)S(...))": one letter and a parenthesized id, once or more, in
 * parentheses), 0 for none. */
static size_t aspnet_session_segment(const char *p)
{
	const char *q = p + 2;

	if (p[0] != '/' || p[1] != '(')
		return 0;
	do {
		if (!((*q >= 'A' && *q <= 'Z') || (*q >= 'a' && *q <= 'z')) || q[1] != '(')
			return 0;
		q += 2;
		while (session_id_char(*q))
			q++;
		if (*q != ')')
			return 0;
		q++;
	} while (*q != ')');
	q++;
	return *q == '/' || !*q ? (size_t)(q - p) : 0;
}

/* Removes ";jsessionid=…" path parameters (Java servlet URL rewriting). */
static int path_clean(const char *path, struct vn_buf *out)
{
	int rc = VN_OK;
	const char *p = path;

	while (*p) {
		const char *semi = strchr(p, ';');

		if (!semi) {
			rc = vn_buf_adds(out, p);
			goto out;
		}
		if ((rc = vn_buf_add(out, p, (size_t)(semi - p))))
			goto out;
		if (strncasecmp(semi + 1, "jsessionid=", 11) == 0) {
			p = semi + 1;
			while (*p && *p != '/' && *p != ';')
				p++;
		} else {
			if ((rc = vn_buf_addc(out, ';')))
				goto out;
			p = semi + 1;
		}
	}
out:
	return rc;
}

/* Removes ASP.NET's cookieless-session segments, wherever the application root puts them:
 * like a jsessionid they name the visit, not the page, and each visit got a new one.  Run
 * after path_clean(), whose cut can make one ("/(S(x));jsessionid=1/"). */
static int path_drop_sessions(const char *path, struct vn_buf *out)
{
	int rc = VN_OK;
	const char *p = path, *seg;
	size_t skip;

	for (seg = p; *seg && !rc; seg++) {
		if (*seg != '/' || !(skip = aspnet_session_segment(seg)))
			continue;
		rc = vn_buf_add(out, p, (size_t)(seg - p));
		p = seg + skip;
		seg = p - 1;
	}
	return rc ? rc : vn_buf_adds(out, p);
}

static int curl_rc(CURLUcode uc)
{
	switch (uc) {
	case CURLUE_OK:
		return VN_OK;
	case CURLUE_OUT_OF_MEMORY:
		return VN_ENOMEM;
	case CURLUE_UNSUPPORTED_SCHEME:
		return VN_EDENIED;
	default:
		return VN_EINVAL;
	}
}

static int canon_once(const char *url, const char *base, size_t max_len, char **out)
{
	CURLU *h = NULL;
	char *scheme = NULL, *host = NULL, *path = NULL, *query = NULL, *full = NULL;
	struct vn_buf pb, qb, nb;
	int rc;

	*out = NULL;
	vn_buf_init(&pb, 1 << 16);
	vn_buf_init(&qb, 1 << 16);
	vn_buf_init(&nb, 1 << 16);
	if (!max_len)
		max_len = CRAWLER_URL_MAX_DEFAULT;
	if (!url || !*url || strlen(url) > 4 * max_len) {
		rc = url && *url ? VN_ETOOBIG : VN_EINVAL;
		goto out;
	}
	if (!(h = curl_url())) {
		rc = VN_ENOMEM;
		goto out;
	}
	if (base && (rc = curl_rc(curl_url_set(h, CURLUPART_URL, base, 0))))
		goto out;
	if ((rc = curl_rc(curl_url_set(h, CURLUPART_URL, url, CURLU_URLENCODE))))
		goto out;
	if ((rc = curl_rc(curl_url_get(h, CURLUPART_SCHEME, &scheme, 0))))
		goto out;
	if (strcmp(scheme, "http") != 0 && strcmp(scheme, "https") != 0) {
		rc = VN_EDENIED;
		goto out;
	}
	if ((rc = curl_rc(curl_url_get(h, CURLUPART_HOST, &host, 0))))
		goto out;
	for (char *c = host; *c; c++)
		*c = (char)tolower((unsigned char)*c);
	{
		size_t hl = strlen(host);

		/* all trailing dots: "a.vn.." must not canonicalize to "a.vn." first */
		while (hl > 1 && host[hl - 1] == '.')
			host[--hl] = '\0';
	}
	if (!*host) {
		rc = VN_EINVAL;
		goto out;
	}
	if ((rc = curl_rc(curl_url_set(h, CURLUPART_HOST, host, 0))))
		goto out;
	/* No user, password or fragment in a frontier URL. */
	curl_url_set(h, CURLUPART_USER, NULL, 0);
	curl_url_set(h, CURLUPART_PASSWORD, NULL, 0);
	curl_url_set(h, CURLUPART_FRAGMENT, NULL, 0);

	if ((rc = curl_rc(curl_url_get(h, CURLUPART_PATH, &path, 0))))
		goto out;
	if ((rc = percent_normalize(path, &nb)) || (rc = path_clean(nb.data, &pb)))
		goto out;
	vn_buf_reset(&nb);
	if ((rc = path_drop_sessions(pb.data, &nb)))
		goto out;
	if ((rc = curl_rc(curl_url_set(h, CURLUPART_PATH, nb.len ? nb.data : "/", 0))))
		goto out;
	if (curl_url_get(h, CURLUPART_QUERY, &query, 0) == CURLUE_OK && query) {
		vn_buf_reset(&nb);
		if ((rc = percent_normalize(query, &nb)) || (rc = query_clean(nb.data, &qb)))
			goto out;
		if ((rc = curl_rc(curl_url_set(h, CURLUPART_QUERY, qb.len ? qb.data : NULL, 0))))
			goto out;
	}
	if ((rc = curl_rc(curl_url_get(h, CURLUPART_URL, &full, CURLU_NO_DEFAULT_PORT))))
		goto out;
	/* Parse the result once more: curl normalizes some hosts (numeric IPv4 forms such as
	 * "2" -> "0.0.0.2") only when it parses a whole URL, and the frontier deduplicates on
	 * the string, so the canonical form must be a fixed point (fuzz/url_fuzzer.c checks). */
	if ((rc = curl_rc(curl_url_set(h, CURLUPART_URL, full, 0))))
		goto out;
	curl_free(full);
	full = NULL;
	if ((rc = curl_rc(curl_url_get(h, CURLUPART_URL, &full, CURLU_NO_DEFAULT_PORT))))
		goto out;
	if (strlen(full) > max_len) {
		rc = VN_ETOOBIG;
		goto out;
	}
	if (!(*out = strdup(full)))
		rc = VN_ENOMEM;
out:
	curl_free(scheme);
	curl_free(host);
	curl_free(path);
	curl_free(query);
	curl_free(full);
	curl_url_cleanup(h);
	vn_buf_release(&pb);
	vn_buf_release(&qb);
	vn_buf_release(&nb);
	return rc;
}

/* Two passes: curl rewrites some escapes (case of %xx, invalid ones) only while building
 * the first result, after the query was sorted, so the second pass sorts what curl made of
 * it.  The frontier deduplicates on the string: the canonical form must be a fixed point
 * (fuzz/url_fuzzer.c checks, fuzz/crashes/url/ holds the inputs that broke it). */
int crawler_url_canon(const char *url, const char *base, size_t max_len, char **out)
{
	char *first = NULL;
	int rc;

	*out = NULL;
	if ((rc = canon_once(url, base, max_len, &first)))
		return rc;
	/* without an escape or a query there is nothing for the second pass to redo (most
	 * links: the crawl spent 3 % of its time on it) */
	if (!strpbrk(first, "%?")) {
		*out = first;
		return VN_OK;
	}
	rc = canon_once(first, NULL, max_len, out);
	free(first);
	return rc;
}

const char *crawler_url_path(const char *url)
{
	const char *p = strstr(url, "://");

	return p ? p + 3 + strcspn(p + 3, "/?") : url;
}

int crawler_url_origin(const char *url, char **origin_out, const char **path_out)
{
	const char *p = strstr(url, "://");
	size_t n;
	int rc = VN_OK;

	*origin_out = NULL;
	if (!p) {
		rc = VN_EINVAL;
		goto out;
	}
	p += 3;
	p += strcspn(p, "/?#");
	n = (size_t)(p - url);
	if (!(*origin_out = strndup(url, n))) {
		rc = VN_ENOMEM;
		goto out;
	}
	if (path_out)
		*path_out = *p ? p : "/";
out:
	return rc;
}

/* ---- patterns ---- */

/* Glob match with `*` and a final `$`, prefix semantics otherwise.  Iterative with one
 * backtrack point per star (the classic wildcard algorithm), so a hostile pattern with many
 * stars costs O(len(pattern) * len(path)), never exponential time. */
bool crawler_pattern_match(const char *pattern, const char *path)
{
	const char *p = pattern, *s = path;
	const char *star_p = NULL, *star_s = NULL;

	for (;;) {
		if (*p == '$' && p[1] == '\0') {
			if (*s == '\0')
				return true;
		} else if (*p == '\0') {
			return true; /* prefix match */
		} else if (*p == '*') {
			while (*p == '*')
				p++;
			if (*p == '\0')
				return true;
			star_p = p;
			star_s = s;
			continue;
		} else if (*s && *p == *s) {
			p++;
			s++;
			continue;
		}
		if (!star_p || !*star_s)
			return false;
		p = star_p;
		s = ++star_s;
	}
}

/* ---- trap guards ---- */

#define PATH_SEGMENTS_MAX 24
#define SEGMENT_REPEAT_MAX 2
#define TRAP_QUERY_PARAMS_MAX 12

static bool calendar_name(const char *n, size_t len)
{
	static const char *const names[] = { "year", "nam", "month", "thang", "date", "ngay",
		"day", "cal", "time", "tu_ngay", "den_ngay", NULL };

	for (size_t i = 0; names[i]; i++) {
		size_t l = strlen(names[i]);

		for (size_t j = 0; j + l <= len; j++)
			if (strncasecmp(n + j, names[i], l) == 0)
				return true;
	}
	return false;
}

/* The first run of exactly four digits in [p, p+len) as a year, or -1. */
static int first_year(const char *p, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		size_t j = i;

		while (j < len && isdigit((unsigned char)p[j]))
			j++;
		if (j - i == 4)
			return (p[i] - '0') * 1000 + (p[i + 1] - '0') * 100 + (p[i + 2] - '0') * 10 +
			       (p[i + 3] - '0');
		if (j > i)
			i = j;
	}
	return -1;
}

/* Whether "/M" or "/MM" (then '/' or the end) follows: the month of a /YYYY/MM/ path. */
static bool month_follows(const char *p, const char *end)
{
	size_t n = 0;

	if (p >= end || *p != '/')
		return false;
	p++;
	while (p + n < end && isdigit((unsigned char)p[n]))
		n++;
	return (n == 1 || n == 2) && (p + n == end || p[n] == '/');
}

static bool year_far(int y, int year_now)
{
	return y >= 0 && (y < 1990 || y > year_now + 1);
}

const char *crawler_url_trap(const char *url, int year_now)
{
	const char *path = NULL, *q, *end, *seg[PATH_SEGMENTS_MAX];
	size_t seglen[PATH_SEGMENTS_MAX], nseg = 0;
	char *origin = NULL;
	const char *why = NULL;

	if (crawler_url_origin(url, &origin, &path) != VN_OK)
		goto out;
	q = strchr(path, '?');
	end = q ? q : path + strlen(path);
	for (const char *p = path; p < end;) {
		const char *s;
		size_t l;

		while (p < end && *p == '/')
			p++;
		s = p;
		while (p < end && *p != '/')
			p++;
		l = (size_t)(p - s);
		if (!l)
			continue;
		if (nseg == PATH_SEGMENTS_MAX) {
			why = "path too deep";
			goto out;
		}
		/* A calendar path: /2099/12/ or /lich/1850-01-01 */
		if (isdigit((unsigned char)*s) && year_far(first_year(s, l), year_now) &&
		    (l == 4 ? month_follows(p, end) : (l >= 7 && s[4] == '-'))) {
			why = "calendar date far from today";
			goto out;
		}
		seg[nseg] = s;
		seglen[nseg] = l;
		nseg++;
	}
	for (size_t i = 0; i < nseg; i++) {
		int same = 0;

		for (size_t j = 0; j < nseg; j++)
			if (seglen[j] == seglen[i] && memcmp(seg[j], seg[i], seglen[i]) == 0)
				same++;
		if (same > SEGMENT_REPEAT_MAX) {
			why = "repeating path segments";
			goto out;
		}
	}
	if (q) {
		size_t nparams = 0;

		for (const char *p = q + 1; *p;) {
			size_t len = strcspn(p, "&");
			const char *eq = memchr(p, '=', len);

			nparams++;
			if (eq && calendar_name(p, (size_t)(eq - p)) &&
			    year_far(first_year(eq + 1, len - (size_t)(eq + 1 - p)), year_now)) {
				why = "calendar date far from today";
				goto out;
			}
			p += len;
			if (*p)
				p++;
		}
		if (nparams > TRAP_QUERY_PARAMS_MAX)
			why = "too many query parameters";
	}
out:
	free(origin);
	return why;
}
