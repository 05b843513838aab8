/* sitemap.c — sitemaps (sitemaps.org protocol 0.9: <urlset>, <sitemapindex>, gzip'd files)
 * and feeds (RSS 2.0, RSS 1.0 / RDF, Atom RFC 4287) into URL + date entries.
 *
 * Design: libxml2's streaming xmlTextReader, so a 50 000-URL sitemap costs a few entry-sized
 * buffers, never a tree; XML_PARSE_NONET and no entity substitution (XML_PARSE_NOENT off),
 * and documents with a DOCTYPE are refused: sitemaps and feeds never need one.  Before
 * parsing, the bytes are made acceptable the way portals break them: gzip is inflated
 * (capped), a UTF-8 BOM and anything before "<?xml" (PHP notices) are dropped, and a
 * document whose bytes are valid UTF-8 is read as UTF-8 whatever it declares (the
 * declaration is wrong far more often than the bytes).  Only direct children of an entry
 * are read, so <image:loc> inside <url> is not mistaken for the page. */
#include "crawler/sitemap.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/xmlreader.h>
#include <zlib.h>

#include "common/vn_array.h"
#include "crawler/crawler.h"
#include "crawler/crawler_int.h"

#define JUNK_SCAN ((size_t)64 << 10)  /* look this far for "<?xml" after junk */
#define FIELD_CAP ((size_t)64 << 10)  /* one <loc>, <title>... */

struct feed_err {
	char msg[256];
	int line;
	bool set;
};

static void feed_on_error(void *arg, xmlErrorPtr e)
{
	struct feed_err *fe = arg;
	size_t n;

	if (fe->set || !e || e->level < XML_ERR_ERROR)
		return;
	fe->set = true;
	fe->line = e->line;
	snprintf(fe->msg, sizeof fe->msg, "%s", e->message ? e->message : "malformed XML");
	n = strlen(fe->msg);
	while (n && (fe->msg[n - 1] == '\n' || fe->msg[n - 1] == ' '))
		fe->msg[--n] = '\0';
}

static bool utf8_valid(const unsigned char *p, size_t n)
{
	size_t i = 0;

	while (i < n) {
		unsigned char c = p[i];
		size_t k;
		unsigned long cp;

		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) {
			k = 1;
			cp = c & 0x1f;
		} else if (c >= 0xe0 && c <= 0xef) {
			k = 2;
			cp = c & 0x0f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			k = 3;
			cp = c & 0x07;
		} else {
			return false;
		}
		if (n - i <= k)
			return false;
		for (size_t j = 1; j <= k; j++) {
			if ((p[i + j] & 0xc0) != 0x80)
				return false;
			cp = (cp << 6) | (p[i + j] & 0x3f);
		}
		if ((k == 2 && cp < 0x800) || (k == 3 && (cp < 0x10000 || cp > 0x10ffff)) ||
		    (cp >= 0xd800 && cp <= 0xdfff))
			return false;
		i += k + 1;
	}
	return true;
}

/* The declared encoding in an XML declaration at `p`, lower-cased into `out`, or "". */
static void declared_encoding(const char *p, size_t n, char *out, size_t cap)
{
	const char *end, *e;
	size_t i = 0;

	out[0] = '\0';
	if (n < 5 || strncmp(p, "<?xml", 5) != 0)
		return;
	end = memchr(p, '>', n < 512 ? n : 512);
	if (!end)
		return;
	for (e = p; e + 8 < end; e++)
		if (!strncasecmp(e, "encoding", 8))
			break;
	if (e + 8 >= end)
		return;
	e += 8;
	while (e < end && (*e == ' ' || *e == '=' || *e == '"' || *e == '\''))
		e++;
	while (e < end && i + 1 < cap && *e != '"' && *e != '\'' && *e != ' ' && *e != '?')
		out[i++] = (char)tolower((unsigned char)*e++);
	out[i] = '\0';
}

/* ---- dates ---- */

static bool digits_at(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return false;
	return true;
}

static int num_at(const char *s, size_t n)
{
	int v = 0;

	for (size_t i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

/* Normalizes a W3C datetime, an RFC 822 date or a Vietnamese "dd/mm/yyyy [hh:mm[:ss]]" to
 * ISO 8601 in `out`; false when the text is none of these. */
static bool feed_date(const char *s, char *out, size_t cap)
{
	static const char months[] = "janfebmaraprmayjunjulaugsepoctnovdec";
	int d, m = 0, y, hh = 0, mi = 0, ss = 0;
	size_t n;
	char zone[8] = "";

	while (isspace((unsigned char)*s))
		s++;
	n = strlen(s);
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	if (n >= 10 && digits_at(s, 4) && s[4] == '-' && digits_at(s + 5, 2) && s[7] == '-' &&
	    digits_at(s + 8, 2)) {
		/* W3C datetime: keep it (it is ISO 8601 already), dropping junk after it. */
		size_t k = 10;

		while (k < n && k < 40 && (isdigit((unsigned char)s[k]) || strchr("T:.+-Z ", s[k])))
			k++;
		while (k > 10 && s[k - 1] == ' ')
			k--;
		if (k >= cap)
			return false;
		memcpy(out, s, k);
		out[k] = '\0';
		if (out[10] == ' ')
			out[10] = 'T';
		return true;
	}
	if (n >= 10 && digits_at(s, 2) && s[2] == '/' && digits_at(s + 3, 2) && s[5] == '/' &&
	    digits_at(s + 6, 4)) {
		d = num_at(s, 2);
		m = num_at(s + 3, 2);
		y = num_at(s + 6, 4);
		if (n >= 16 && s[10] == ' ' && digits_at(s + 11, 2) && s[13] == ':' &&
		    digits_at(s + 14, 2)) {
			hh = num_at(s + 11, 2);
			mi = num_at(s + 14, 2);
			if (n >= 19 && s[16] == ':' && digits_at(s + 17, 2))
				ss = num_at(s + 17, 2);
			snprintf(out, cap, "%04d-%02d-%02dT%02d:%02d:%02d", y, m, d, hh, mi, ss);
		} else {
			snprintf(out, cap, "%04d-%02d-%02d", y, m, d);
		}
		return d >= 1 && d <= 31 && m >= 1 && m <= 12;
	}
	/* RFC 822 / 1123: [Day, ] DD Mon YYYY HH:MM[:SS] ZONE */
	{
		const char *p = s, *end = s + n, *c = memchr(s, ',', n);

		if (c)
			p = c + 1;
		while (p < end && *p == ' ')
			p++;
		if (p >= end || !isdigit((unsigned char)*p))
			return false;
		d = 0;
		for (int nd = 0; p < end && isdigit((unsigned char)*p); nd++) {
			if (nd == 2)
				return false;
			d = d * 10 + (*p++ - '0');
		}
		while (p < end && *p == ' ')
			p++;
		if (end - p < 3)
			return false;
		for (int i = 0; i < 12; i++)
			if (!strncasecmp(p, months + 3 * i, 3))
				m = i + 1;
		if (!m)
			return false;
		while (p < end && *p != ' ')
			p++;
		while (p < end && *p == ' ')
			p++;
		y = 0;
		if (p >= end || !isdigit((unsigned char)*p))
			return false;
		{
			int nd = 0;

			while (p < end && isdigit((unsigned char)*p)) {
				if (nd == 4)
					return false;
				y = y * 10 + (*p++ - '0');
				nd++;
			}
			if (nd == 2)
				y += y < 70 ? 2000 : 1900;
		}
		while (p < end && *p == ' ')
			p++;
		if (end - p >= 5 && digits_at(p, 2) && p[2] == ':' && digits_at(p + 3, 2)) {
			hh = num_at(p, 2);
			mi = num_at(p + 3, 2);
			p += 5;
			if (end - p >= 3 && *p == ':' && digits_at(p + 1, 2)) {
				ss = num_at(p + 1, 2);
				p += 3;
			}
			while (p < end && *p == ' ')
				p++;
			if (end - p >= 5 && (*p == '+' || *p == '-') && digits_at(p + 1, 4))
				snprintf(zone, sizeof zone, "%c%.2s:%.2s", *p, p + 1, p + 3);
			else if (end - p >= 1 && (!strncasecmp(p, "GMT", 3) || !strncasecmp(p, "UT", 2) ||
						  *p == 'Z'))
				snprintf(zone, sizeof zone, "+00:00");
			snprintf(out, cap, "%04d-%02d-%02dT%02d:%02d:%02d%s", y, m, d, hh, mi, ss, zone);
		} else {
			snprintf(out, cap, "%04d-%02d-%02d", y, m, d);
		}
		return d >= 1 && d <= 31;
	}
}

/* ---- the reader ---- */

enum field { F_NONE = 0, F_URL, F_DATE, F_DATE2, F_TITLE, F_GUID, F_N };

struct feed_state {
	enum crawler_feed_kind kind;
	int entry_depth;           /* depth of the open entry element, -1 outside */
	enum field capture;        /* field whose text is being collected */
	int capture_depth;
	bool guid_permalink;
	struct vn_buf f[F_N];
};

static char *trim(char *s)
{
	size_t n;

	while (isspace((unsigned char)*s))
		s++;
	n = strlen(s);
	while (n && isspace((unsigned char)s[n - 1]))
		s[--n] = '\0';
	return s;
}

static int feed_emit(struct feed_state *st, const char *base_url, crawler_feed_fn fn, void *ctx,
		     long *n_out)
{
	struct crawler_feed_entry e;
	char *url = trim(st->f[F_URL].data), *canon = NULL, date[64];
	const char *d;
	int rc = VN_OK;

	if (!*url && st->guid_permalink)
		url = trim(st->f[F_GUID].data);
	if (!*url || crawler_url_canon(url, base_url, 0, &canon) != VN_OK)
		goto out;
	memset(&e, 0, sizeof e);
	e.url = canon;
	d = st->f[F_DATE].len ? st->f[F_DATE].data : st->f[F_DATE2].data;
	if (*d && feed_date(d, date, sizeof date))
		e.date = date;
	if (st->f[F_TITLE].len) {
		char *t = trim(st->f[F_TITLE].data);

		e.title = *t ? t : NULL;
	}
	e.is_sitemap = st->kind == CRAWLER_FEED_INDEX;
	if (*n_out >= CRAWLER_FEED_MAX_ENTRIES) {
		rc = VN_ETOOBIG;
		goto out;
	}
	(*n_out)++;
	rc = fn(ctx, &e);
out:
	free(canon);
	for (int i = 0; i < F_N; i++)
		vn_buf_reset(&st->f[i]);
	st->guid_permalink = false;
	return rc;
}

static bool is_entry(enum crawler_feed_kind k, const char *name)
{
	switch (k) {
	case CRAWLER_FEED_URLSET:
		return !strcmp(name, "url");
	case CRAWLER_FEED_INDEX:
		return !strcmp(name, "sitemap");
	case CRAWLER_FEED_RSS:
		return !strcmp(name, "item");
	case CRAWLER_FEED_ATOM:
		return !strcmp(name, "entry");
	default:
		return false;
	}
}

static enum field field_of(enum crawler_feed_kind k, const char *name)
{
	if (k == CRAWLER_FEED_URLSET || k == CRAWLER_FEED_INDEX) {
		if (!strcmp(name, "loc"))
			return F_URL;
		if (!strcmp(name, "lastmod"))
			return F_DATE;
		return F_NONE;
	}
	if (!strcmp(name, "title"))
		return F_TITLE;
	if (k == CRAWLER_FEED_RSS) {
		if (!strcmp(name, "link"))
			return F_URL;
		if (!strcmp(name, "pubDate"))
			return F_DATE;
		if (!strcmp(name, "date")) /* dc:date */
			return F_DATE2;
		if (!strcmp(name, "guid"))
			return F_GUID;
		return F_NONE;
	}
	if (!strcmp(name, "published"))
		return F_DATE;
	if (!strcmp(name, "updated"))
		return F_DATE2;
	return F_NONE;
}

/* An Atom <link>: rel absent or "alternate" gives the page. */
static int atom_link(xmlTextReaderPtr rd, struct feed_state *st)
{
	xmlChar *rel = xmlTextReaderGetAttribute(rd, BAD_CAST "rel");
	xmlChar *href = NULL;
	int rc = VN_OK;

	if (!rel || !strcmp((const char *)rel, "alternate")) {
		href = xmlTextReaderGetAttribute(rd, BAD_CAST "href");
		if (href && (!st->f[F_URL].len || (rel && !strcmp((const char *)rel, "alternate")))) {
			vn_buf_reset(&st->f[F_URL]);
			rc = vn_buf_adds(&st->f[F_URL], (const char *)href);
		}
	}
	xmlFree(rel);
	xmlFree(href);
	return rc;
}

int crawler_feed_parse(const char *data, size_t len, const char *base_url, crawler_feed_fn fn,
		       void *ctx, enum crawler_feed_kind *kind, long *n_out, char *err,
		       size_t errlen)
{
	struct vn_buf gz;
	struct feed_state st;
	struct feed_err fe;
	xmlTextReaderPtr rd = NULL;
	const char *p = data, *enc = NULL, *what = base_url ? base_url : "(sitemap)";
	char decl[40];
	size_t n = len;
	long count = 0;
	int rc = VN_OK, r, opts;

	vn_buf_init(&gz, CRAWLER_FEED_MAX_BYTES);
	memset(&st, 0, sizeof st);
	memset(&fe, 0, sizeof fe);
	st.entry_depth = -1;
	for (int i = 0; i < F_N; i++)
		vn_buf_init(&st.f[i], FIELD_CAP);
	if (kind)
		*kind = CRAWLER_FEED_UNKNOWN;
	if (n >= 2 && (unsigned char)p[0] == 0x1f && (unsigned char)p[1] == 0x8b) {
		if ((rc = crawler_inflate(p, n, 15 + 32, &gz))) {
			snprintf(err, errlen, "%s: %s", what,
				 rc == VN_ETOOBIG ? "more than 64 MiB once uncompressed"
				 : rc == VN_ECORRUPT ? "broken gzip data" : vn_strerror(rc));
			goto out;
		}
		p = gz.data;
		n = gz.len;
	}
	if (n >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3)) {
		p += 3;
		n -= 3;
	}
	if (n < 2 || !((p[0] == '\xFF' && p[1] == '\xFE') || (p[0] == '\xFE' && p[1] == '\xFF'))) {
		/* Not UTF-16: drop junk before the XML declaration or the first tag. */
		size_t scan = n < JUNK_SCAN ? n : JUNK_SCAN, skip = n;

		for (size_t i = 0; i + 5 <= scan; i++)
			if (!memcmp(p + i, "<?xml", 5)) {
				skip = i;
				break;
			}
		if (skip == n) {
			const char *lt = memchr(p, '<', n);

			skip = lt ? (size_t)(lt - p) : n;
		}
		p += skip;
		n -= skip;
		declared_encoding(p, n, decl, sizeof decl);
		if (utf8_valid((const unsigned char *)p, n))
			enc = "UTF-8";
		else if (!decl[0] || !strcmp(decl, "utf-8") || !strcmp(decl, "utf8"))
			enc = "WINDOWS-1258"; /* bytes that are not UTF-8: a legacy Vietnamese page */
	}
	if (!n) {
		snprintf(err, errlen, "%s: empty, not a sitemap or feed", what);
		rc = VN_EUNSUPPORTED;
		goto out;
	}
	if (n > INT32_MAX) {
		rc = VN_ETOOBIG;
		goto out;
	}
	/* RECOVER: a portal's broken sitemap still yields the entries libxml2 can make out;
	 * the first error is reported all the same.  IGNORE_ENC: our choice of encoding wins
	 * over the declaration. */
	opts = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA |
	       XML_PARSE_COMPACT | XML_PARSE_RECOVER | (enc ? XML_PARSE_IGNORE_ENC : 0);
	rd = xmlReaderForMemory(p, (int)n, base_url, enc, opts);
	if (!rd && enc && strcmp(enc, "UTF-8") != 0)
		rd = xmlReaderForMemory(p, (int)n, base_url, "ISO-8859-1", opts);
	if (!rd) {
		rc = VN_ENOMEM;
		goto out;
	}
	xmlTextReaderSetStructuredErrorHandler(rd, feed_on_error, &fe);
	while ((r = xmlTextReaderRead(rd)) == 1) {
		int type = xmlTextReaderNodeType(rd), depth = xmlTextReaderDepth(rd);
		const char *name = (const char *)xmlTextReaderConstLocalName(rd);

		if (type == XML_READER_TYPE_DOCUMENT_TYPE) {
			snprintf(err, errlen, "%s: line %d: a DOCTYPE, which no sitemap or feed has",
				 what, xmlTextReaderGetParserLineNumber(rd));
			rc = VN_EPARSE;
			goto out;
		}
		if (type == XML_READER_TYPE_ELEMENT) {
			bool empty = xmlTextReaderIsEmptyElement(rd) == 1;

			if (st.kind == CRAWLER_FEED_UNKNOWN) {
				if (!strcmp(name, "urlset"))
					st.kind = CRAWLER_FEED_URLSET;
				else if (!strcmp(name, "sitemapindex"))
					st.kind = CRAWLER_FEED_INDEX;
				else if (!strcmp(name, "rss") || !strcmp(name, "RDF"))
					st.kind = CRAWLER_FEED_RSS;
				else if (!strcmp(name, "feed"))
					st.kind = CRAWLER_FEED_ATOM;
				else {
					snprintf(err, errlen,
						 "%s: not a sitemap or feed (root element <%.40s>)", what,
						 name);
					rc = VN_EUNSUPPORTED;
					goto out;
				}
				if (kind)
					*kind = st.kind;
				continue;
			}
			if (st.entry_depth < 0) {
				if (is_entry(st.kind, name)) {
					st.entry_depth = depth;
					if (st.kind == CRAWLER_FEED_RSS) {
						/* RSS 1.0 items name their page in rdf:about */
						xmlChar *about = xmlTextReaderGetAttributeNs(
							rd, BAD_CAST "about",
							BAD_CAST "http://www.w3.org/1999/02/22-rdf-syntax-ns#");

						if (about) {
							st.guid_permalink = true;
							rc = vn_buf_adds(&st.f[F_GUID], (const char *)about);
							xmlFree(about);
							if (rc)
								goto out;
						}
					}
					if (empty)
						st.entry_depth = -1;
				}
				continue;
			}
			if (depth == st.entry_depth + 1) {
				enum field f = field_of(st.kind, name);

				if (st.kind == CRAWLER_FEED_ATOM && !strcmp(name, "link")) {
					if ((rc = atom_link(rd, &st)))
						goto out;
					continue;
				}
				if (f == F_GUID) {
					xmlChar *pl = xmlTextReaderGetAttribute(rd,
										BAD_CAST "isPermaLink");

					st.guid_permalink = !pl || strcmp((const char *)pl, "false") != 0;
					xmlFree(pl);
				}
				if (f != F_NONE && !empty) {
					vn_buf_reset(&st.f[f]);
					st.capture = f;
					st.capture_depth = depth;
				}
			}
			continue;
		}
		if (type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA ||
		    type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE) {
			if (st.capture != F_NONE) {
				const char *v = (const char *)xmlTextReaderConstValue(rd);

				/* An over-long field is cut, not fatal: the entry is skipped later. */
				if (v && vn_buf_adds(&st.f[st.capture], v) == VN_ENOMEM) {
					rc = VN_ENOMEM;
					goto out;
				}
			}
			continue;
		}
		if (type == XML_READER_TYPE_END_ELEMENT) {
			if (st.capture != F_NONE && depth == st.capture_depth)
				st.capture = F_NONE;
			else if (st.entry_depth >= 0 && depth == st.entry_depth) {
				st.entry_depth = -1;
				st.capture = F_NONE;
				if ((rc = feed_emit(&st, base_url, fn, ctx, &count)))
					goto out;
			}
		}
	}
	if (r < 0 || fe.set) {
		snprintf(err, errlen, "%s: line %d: %s", what, fe.set ? fe.line : 0,
			 fe.set ? fe.msg : "malformed XML");
		rc = VN_EPARSE;
		goto out;
	}
	if (st.kind == CRAWLER_FEED_UNKNOWN) {
		snprintf(err, errlen, "%s: not a sitemap or feed (no root element)", what);
		rc = VN_EUNSUPPORTED;
	}
out:
	if (n_out)
		*n_out = count;
	if (rd)
		xmlFreeTextReader(rd);
	for (int i = 0; i < F_N; i++)
		vn_buf_release(&st.f[i]);
	vn_buf_release(&gz);
	return rc;
}

/* ---- walking an index of indexes ---- */

struct walk_item {
	char *url;
	int depth;
};

struct walk {
	struct walk_item *q;
	size_t n, cap, head;
	crawler_feed_fn fn;
	void *ctx;
	int depth;     /* depth of the sitemap being parsed */
	int max_depth;
	long max_files;
	long dropped;  /* child sitemaps past the limits */
	int stop;      /* what the caller's callback returned to stop the walk */
};

static bool walk_seen(const struct walk *w, const char *url)
{
	for (size_t i = 0; i < w->n; i++)
		if (!strcmp(w->q[i].url, url))
			return true;
	return false;
}

static int walk_push(struct walk *w, const char *url, int depth)
{
	struct walk_item *q;

	if (walk_seen(w, url))
		return VN_OK;
	if (depth > w->max_depth || (long)w->n >= w->max_files) {
		w->dropped++;
		return VN_OK;
	}
	if (!(q = vn_array_room(w->q, &w->cap, w->n, sizeof *q, 16)))
		return VN_ENOMEM;
	w->q = q;
	if (!(w->q[w->n].url = strdup(url)))
		return VN_ENOMEM;
	w->q[w->n++].depth = depth;
	return VN_OK;
}

static int walk_entry(void *ctx, const struct crawler_feed_entry *e)
{
	struct walk *w = ctx;

	if (e->is_sitemap)
		return walk_push(w, e->url, w->depth + 1);
	return w->stop = w->fn(w->ctx, e);
}

int crawler_sitemap_walk(const char *url, crawler_fetch_fn fetch, crawler_feed_fn fn,
			 crawler_feed_error_fn on_error, void *ctx, int max_depth,
			 long max_files, long *failed)
{
	struct walk w;
	struct vn_buf body;
	char err[512];
	int rc;

	memset(&w, 0, sizeof w);
	w.fn = fn;
	w.ctx = ctx;
	w.max_depth = max_depth > 0 ? max_depth : 4;
	w.max_files = max_files > 0 ? max_files : 1000;
	if (failed)
		*failed = 0;
	vn_buf_init(&body, CRAWLER_FEED_MAX_BYTES);
	if ((rc = walk_push(&w, url, 0)))
		goto out;
	while (w.head < w.n) {
		struct walk_item *it = &w.q[w.head++];
		const char *cur = it->url;
		int frc;

		vn_buf_reset(&body);
		err[0] = '\0';
		w.depth = it->depth;
		frc = fetch(ctx, cur, &body, err, sizeof err);
		if (!frc)
			frc = crawler_feed_parse(body.data, body.len, cur, walk_entry, &w, NULL,
						 NULL, err, sizeof err);
		if (w.stop) {
			rc = w.stop;
			goto out;
		}
		if (frc == VN_ENOMEM) {
			rc = frc;
			goto out;
		}
		if (frc) {
			if (failed)
				(*failed)++;
			if (on_error)
				on_error(ctx, cur, frc, err[0] ? err : vn_strerror(frc));
		}
	}
out:
	for (size_t i = 0; i < w.n; i++)
		free(w.q[i].url);
	free(w.q);
	vn_buf_release(&body);
	return rc;
}
