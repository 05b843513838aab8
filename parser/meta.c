/* meta.c — what a page says about itself: headline, site name, language, byline, links.
 *
 * One walk over the untouched tree collects <title>, Open Graph / Dublin Core / article:*
 * meta tags, schema.org JSON-LD (parsed with jansson), <html lang>, headings and title-like
 * elements, <base>, canonical and feed <link>s, every <a>/<area> href and <frame>/<iframe>
 * src.  Links are resolved with curl's URL API (RFC 3986), never by string pasting.  The
 * headline rule: a heading whose text the <title>/og:title/JSON-LD headline contains wins
 * (that is the article's own headline without the site suffix); then og:title / JSON-LD;
 * then <title> minus its " - Site" part. */
#include "parser/parser_int.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#define META_TEXT_CAP 4096

static bool tag_is(const xmlNode *n, const char *name)
{
	/* libxml2's HTML parser lower-cases element names */
	/* the first byte decides most comparisons without a call: this runs per element */
	return n->name && n->name[0] == (unsigned char)name[0] &&
	       strcmp((const char *)n->name, name) == 0;
}

/* A whitespace-collapsed, trimmed copy of an attribute value (NULL when empty). */
static char *dup_collapsed(const char *s)
{
	struct vn_buf b;
	bool space = false;
	char *res = NULL;

	if (!s)
		return NULL;
	vn_buf_init(&b, META_TEXT_CAP);
	if (parser_text_add_collapsed(&b, s, strlen(s), &space) == VN_OK) {
		b.len = parser_text_trim(b.data, b.len);
		if (b.len)
			res = vn_buf_detach(&b, NULL);
	}
	vn_buf_release(&b);
	return res;
}

static void set_once(char **slot, const char *v)
{
	if (!*slot && v)
		*slot = dup_collapsed(v);
}

/* A publication date from the page's metadata: the first that parses, unless a later one
 * adds the time of the same day ("date" content="2019-11-13", then microdata
 * "2019-11-13T23:06:00+01:00"). */
static void meta_date_offer(struct parser_meta *m, const char *v)
{
	char iso[32], have[32];

	if (!v || !parser_date_parse_iso(v, iso))
		return;
	if (m->meta_date && (strchr(m->meta_date, ':') || !strchr(v, ':') ||
			     !parser_date_parse_iso(m->meta_date, have) || strncmp(have, iso, 10)))
		return;
	free(m->meta_date);
	m->meta_date = dup_collapsed(v);
}

/* Microdata outside <meta>: <time itemprop="datePublished" datetime="…">, or an element
 * whose text is the date ("<div itemprop="datePublished">2019-11-13T23:06:00+01:00</div>"). */
static void meta_microdata_date(struct parser_meta *m, xmlNode *n)
{
	const char *prop = parser_node_attr(n, "itemprop");
	const char *v;
	char *txt;

	if (!prop || strcasecmp(prop, "datePublished") != 0)
		return;
	if ((v = parser_node_attr(n, "content")) || (v = parser_node_attr(n, "datetime"))) {
		meta_date_offer(m, v);
		return;
	}
	txt = parser_node_text(n, 64);
	meta_date_offer(m, txt);
	free(txt);
}

/* One word without a capital: an account name ("baodantridientu", "jdadmin"), which is
 * what Facebook's article:author and some CMSs give, never how a person signs. */
static bool handle_like(const char *v)
{
	if (!*v || strchr(v, ' '))
		return false;
	for (const char *p = v; *p; p++)
		if ((*p >= 'A' && *p <= 'Z') || (unsigned char)*p >= 0x80)
			return false;
	return true;
}

/* CMS vendors put themselves in <meta name=author>: that is no byline. */
static bool meta_author_plausible(const char *v)
{
	static const char *const vendors[] = { "://", "ChannelVN", "VCCorp", "Corporation", "JSC",
					       "Công ty", "Công nghệ", "Company", "www.", "Admin" };

	for (size_t i = 0; i < sizeof vendors / sizeof vendors[0]; i++)
		if (strcasestr(v, vendors[i]))
			return false;
	return !handle_like(v);
}

static void meta_from_tag(struct parser_meta *m, xmlNode *n)
{
	const char *key = parser_node_attr(n, "property");
	const char *content = parser_node_attr(n, "content");
	const char *keys[3];

	keys[0] = key;
	keys[1] = parser_node_attr(n, "name");
	keys[2] = parser_node_attr(n, "itemprop");
	if (!content)
		return;
	if (parser_node_attr(n, "http-equiv") &&
	    strcasecmp(parser_node_attr(n, "http-equiv"), "content-language") == 0)
		set_once(&m->lang, content);
	for (int i = 0; i < 3; i++) {
		const char *k = keys[i];

		if (!k)
			continue;
		if (strcasecmp(k, "og:title") == 0 || strcasecmp(k, "twitter:title") == 0)
			set_once(&m->og_title, content);
		else if (strcasecmp(k, "og:site_name") == 0)
			set_once(&m->og_site, content);
		else if (strcasecmp(k, "application-name") == 0)
			set_once(&m->app_name, content);
		else if (strcasecmp(k, "og:type") == 0)
			set_once(&m->og_type, content);
		else if (strcasecmp(k, "og:url") == 0)
			set_once(&m->og_url, content);
		else if (strcasecmp(k, "og:locale") == 0 || strcasecmp(k, "language") == 0 ||
			 strcasecmp(k, "content-language") == 0 || strcasecmp(k, "dc.language") == 0)
			set_once(&m->lang, content);
		else if (strcasecmp(k, "author") == 0 || strcasecmp(k, "dc.creator") == 0 ||
			 strcasecmp(k, "article:author") == 0 || strcasecmp(k, "sailthru.author") == 0 ||
			 strcasecmp(k, "parsely-author") == 0)
			set_once(&m->meta_author, meta_author_plausible(content) ? content : NULL);
		else if (strcasecmp(k, "article:published_time") == 0 ||
			 strcasecmp(k, "datepublished") == 0 || strcasecmp(k, "pubdate") == 0 ||
			 strcasecmp(k, "publishdate") == 0 || strcasecmp(k, "publish-date") == 0 ||
			 strcasecmp(k, "dc.date.issued") == 0 || strcasecmp(k, "dc.date") == 0 ||
			 strcasecmp(k, "date") == 0 || strcasecmp(k, "sailthru.date") == 0 ||
			 strcasecmp(k, "parsely-pub-date") == 0 ||
			 strcasecmp(k, "og:published_time") == 0 ||
			 strcasecmp(k, "article:published") == 0)
			meta_date_offer(m, content);
	}
}

static const char *ld_string(json_t *v)
{
	if (json_is_string(v))
		return json_string_value(v);
	if (json_is_object(v))
		return json_string_value(json_object_get(v, "name"));
	if (json_is_array(v) && json_array_size(v))
		return ld_string(json_array_get(v, 0));
	return NULL;
}

/* schema.org Article fields, looking into arrays and "@graph". */
static void meta_from_ld(struct parser_meta *m, json_t *j, int depth)
{
	size_t i;
	json_t *v;

	if (depth > 4 || !j)
		return;
	if (json_is_array(j)) {
		json_array_foreach(j, i, v)
			meta_from_ld(m, v, depth + 1);
		return;
	}
	if (!json_is_object(j))
		return;
	meta_from_ld(m, json_object_get(j, "@graph"), depth + 1);
	if (json_object_get(j, "headline") || json_object_get(j, "datePublished")) {
		set_once(&m->ld_headline, json_string_value(json_object_get(j, "headline")));
		meta_date_offer(m, json_string_value(json_object_get(j, "datePublished")));
		set_once(&m->ld_author, ld_string(json_object_get(j, "author")));
		set_once(&m->ld_site, ld_string(json_object_get(j, "publisher")));
	}
}

static void meta_ld_script(struct parser_meta *m, xmlNode *n)
{
	const char *type = parser_node_attr(n, "type");
	json_t *j;

	if (!type || strcasecmp(type, "application/ld+json") != 0 || !n->children ||
	    !n->children->content)
		return;
	j = json_loads((const char *)n->children->content, JSON_DECODE_ANY, NULL);
	if (j) {
		meta_from_ld(m, j, 0);
		json_decref(j);
	}
}

/* The element of `root`'s subtree whose id is `id` (len bytes), or NULL. */
static xmlNode *elem_by_id(xmlNode *root, const char *id, size_t len)
{
	xmlNode *n = root;

	while (n) {
		if (n->type == XML_ELEMENT_NODE) {
			const char *v = parser_node_attr(n, "id");

			if (v && strlen(v) == len && memcmp(v, id, len) == 0)
				return n;
			if (n->children) {
				n = n->children;
				continue;
			}
		}
		n = parser_node_after(n, root);
	}
	return NULL;
}

/* Portals of the VnExpress family print the date line by script:
 * document.getElementById("pDateTime").innerHTML="Thứ năm, 20/12/2012, 16:10 GMT+7";
 * into an empty element of the article header.  The date counts when that element's
 * class/id says date or time, as it would if the page had printed it. */
static void meta_script_date(struct parser_meta *m, xmlNode *root, xmlNode *n)
{
	const char *s, *end, *p;

	if (m->script_date || !n->children || !n->children->content)
		return;
	s = (const char *)n->children->content;
	end = s + strlen(s);
	while ((p = parser_memcasemem(s, (size_t)(end - s), "getElementById(")) != NULL) {
		const char *id, *v;
		char q, iso[32];
		size_t id_len;
		xmlNode *target;

		s = p + 15;
		if (s >= end || (*s != '"' && *s != '\''))
			continue;
		q = *s++;
		id = s;
		while (s < end && *s != q && s - id < 100)
			s++;
		if (s >= end || *s != q)
			continue;
		id_len = (size_t)(s - id);
		s++;
		if ((size_t)(end - s) < 12 || strncmp(s, ").innerHTML", 11) != 0)
			continue;
		s += 11;
		while (s < end && (*s == ' ' || *s == '='))
			s++;
		if (s >= end || (*s != '"' && *s != '\''))
			continue;
		q = *s++;
		v = s;
		while (s < end && *s != q && s - v < 200)
			s++;
		if (s >= end || !parser_date_find(v, (size_t)(s - v), iso))
			continue;
		target = elem_by_id(root, id, id_len);
		if (target && parser_node_attr_matches(target, "date|time|ngay|publish|thoigian|"
							      "thoi-gian")) {
			m->script_date = strdup(iso);
			return;
		}
	}
}

/* Whether `s` (of `len` bytes) starts with the literal `lit`. */
static bool starts_with(const char *s, size_t len, const char *lit)
{
	size_t n = strlen(lit);

	return len >= n && memcmp(s, lit, n) == 0;
}

/* The URL a script sends the browser to ("window.location.href = '/portal/home.aspx';",
 * "location.replace(\"...\")"), or NULL: a portal's root page may be only that, and an old
 * portal's news rows may link by onclick.  A URL built by concatenation ("'/tim-kiem?q=' +
 * q") is none. */
static const char *js_location_target(const char *js, char *buf, size_t cap)
{
	const char *start = js, *s = js, *end = js + strlen(js), *p;

	while ((p = memmem(s, (size_t)(end - s), "location", 8)) != NULL) {
		const char *v, *t;
		bool call = false;
		char q;

		s = p + 8;
		/* "geolocation", "my_location": another name */
		if (p > start && ((p[-1] >= '0' && p[-1] <= '9') || p[-1] == '_' ||
				  ((p[-1] | 0x20) >= 'a' && (p[-1] | 0x20) <= 'z')))
			continue;
		if (starts_with(s, (size_t)(end - s), ".href")) {
			s += 5;
		} else if (starts_with(s, (size_t)(end - s), ".replace(")) {
			s += 9;
			call = true;
		} else if (starts_with(s, (size_t)(end - s), ".assign(")) {
			s += 8;
			call = true;
		}
		while (s < end && (*s == ' ' || *s == '\t'))
			s++;
		if (!call) {
			if (s >= end || *s != '=' || (s + 1 < end && s[1] == '='))
				continue;
			s++;
			while (s < end && (*s == ' ' || *s == '\t'))
				s++;
		}
		if (s >= end || (*s != '"' && *s != '\''))
			continue;
		q = *s++;
		v = s;
		while (s < end && *s != q && *s != '\n' && (size_t)(s - v) < cap)
			s++;
		if (s >= end || *s != q || s == v)
			continue;
		for (t = s + 1; t < end && (*t == ' ' || *t == '\t'); t++)
			;
		if ((t < end && *t == '+') || (call && (t >= end || *t != ')')))
			continue;
		memcpy(buf, v, (size_t)(s - v));
		buf[s - v] = '\0';
		return buf;
	}
	return NULL;
}

static const char *script_redirect(xmlNode *n, char *buf, size_t cap)
{
	if (!n->children || !n->children->content)
		return NULL;
	return js_location_target((const char *)n->children->content, buf, cap);
}

/* ---- links ---- */

#define FNV64_INIT 0xcbf29ce484222325ULL

static uint64_t fnv64(const char *p, size_t n, uint64_t h)
{
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)p[i]) * 0x100000001b3ULL;
	return h;
}

/* The page's links, each once, in page order; `slot` is an open-addressing table over
 * them (index + 1, 0 for an empty slot).  A listing page repeats its pager's and menus'
 * links, and comparing each with a window of the last ones cost more than a table. */
struct link_set {
	char **v;
	size_t n, cap;
	size_t *slot;
	size_t mask;
};

static size_t link_slot(const struct link_set *s, const char *u, bool *found)
{
	size_t i = fnv64(u, strlen(u), FNV64_INIT) & s->mask;

	for (; s->slot[i]; i = (i + 1) & s->mask)
		if (strcmp(s->v[s->slot[i] - 1], u) == 0) {
			*found = true;
			return i;
		}
	*found = false;
	return i;
}

/* Appends a copy of `u` (borrowed) unless the page had it already. */
static int link_add(struct link_set *s, const char *u)
{
	bool found;
	size_t i;

	if ((s->n + 1) * 2 > (s->slot ? s->mask + 1 : 0)) {
		struct link_set ns = *s;

		ns.mask = s->slot ? s->mask * 2 + 1 : 127;
		if (!(ns.slot = calloc(ns.mask + 1, sizeof *ns.slot)))
			return VN_ENOMEM;
		for (size_t j = 0; j < s->n; j++)
			ns.slot[link_slot(&ns, s->v[j], &found)] = j + 1;
		free(s->slot);
		*s = ns;
	}
	i = link_slot(s, u, &found);
	if (found)
		return VN_OK;
	if (s->n == s->cap) {
		size_t nc = s->cap ? s->cap * 2 : 64;
		char **p = realloc(s->v, nc * sizeof *p);

		if (!p)
			return VN_ENOMEM;
		s->v = p;
		s->cap = nc;
	}
	s->v[s->n] = strdup(u);
	if (!s->v[s->n])
		return VN_ENOMEM;
	s->slot[i] = ++s->n;
	return VN_OK;
}

static void link_set_release(struct link_set *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
	free(s->slot);
	memset(s, 0, sizeof *s);
}

static const char *href_trim(const char *href)
{
	while (*href == ' ' || *href == '\t' || *href == '\n' || *href == '\r')
		href++;
	return href;
}

/* The key of what `href` resolves to against `base_url` (curl's form of the base): the
 * href and the part of the base that curl's resolution reads.  An http(s) URL reads none
 * of it, "//host/..." its scheme, "/path" its scheme and authority, "?query" its path and
 * any other relative reference the path's directory.  Two keys that are equal resolve
 * alike; only an ambiguity that makes two equal results unequal keys is possible, and it
 * costs a resolution, not a wrong link. */
static uint64_t href_key(const char *base_url, const char *href)
{
	const char *auth = strstr(base_url, "://"), *path, *end;
	size_t scope = strlen(base_url);

	href = href_trim(href);
	if (strncasecmp(href, "http:", 5) == 0 || strncasecmp(href, "https:", 6) == 0) {
		scope = 0;
	} else if (auth) {
		path = auth + 3 + strcspn(auth + 3, "/?#");
		end = path + strcspn(path, "?#");
		if (href[0] == '/' && href[1] == '/') {
			scope = (size_t)(auth + 1 - base_url);
		} else if (href[0] == '/') {
			scope = (size_t)(path - base_url);
		} else if (href[0] == '?') {
			scope = (size_t)(end - base_url);
		} else if (href[0] != '#') {
			while (end > path && end[-1] != '/')
				end--;
			scope = (size_t)(end - base_url);
		}
	}
	return fnv64(href, strlen(href), fnv64(base_url, scope, FNV64_INIT) * 31 + scope);
}

/* `href` as a browser reads it (the WHATWG URL standard): without the control characters
 * and spaces around it ("/tin/1.html " is no "/tin/1.html%20") nor the tabs and line
 * breaks inside it (an href wrapped by an editor), with "\" for "/" before the query (an
 * old ASP page's "..\tin\1.asp").  A copy to free, or NULL. */
static char *href_clean(const char *href)
{
	size_t len = strlen(href), k = 0;
	bool in_path = true;
	char *out;

	while (len && (unsigned char)*href <= 0x20) {
		href++;
		len--;
	}
	while (len && (unsigned char)href[len - 1] <= 0x20)
		len--;
	if (!(out = malloc(len + 1)))
		return NULL;
	for (size_t i = 0; i < len; i++) {
		char c = href[i];

		if (c == '\t' || c == '\n' || c == '\r')
			continue;
		if (c == '?' || c == '#')
			in_path = false;
		out[k++] = c == '\\' && in_path ? '/' : c;
	}
	out[k] = '\0';
	return out;
}

/* Resolves `href` against `base` (may be NULL); returns a curl-allocated absolute http(s)
 * URL without fragment, or NULL. */
static char *link_resolve(CURLU *base, const char *href)
{
	CURLU *u;
	char *out = NULL, *scheme = NULL, *clean;

	if (!href || !*href || href[0] == '#')
		return NULL;
	if (!(clean = href_clean(href)))
		return NULL;
	u = *clean && clean[0] != '#' ? (base ? curl_url_dup(base) : curl_url()) : NULL;
	if (!u) {
		free(clean);
		return NULL;
	}
	if (curl_url_set(u, CURLUPART_URL, clean, CURLU_URLENCODE) != CURLUE_OK)
		goto out;
	if (curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
	    (strcmp(scheme, "http") != 0 && strcmp(scheme, "https") != 0))
		goto out;
	curl_url_set(u, CURLUPART_FRAGMENT, NULL, 0);
	if (curl_url_get(u, CURLUPART_URL, &out, 0) != CURLUE_OK)
		out = NULL;
out:
	free(clean);
	curl_free(scheme);
	curl_url_cleanup(u);
	return out;
}

/* Resolves every href of a page once: menus, teasers (image and headline) and pagers
 * repeat the same href many times, and each curl_url round costs thousands of
 * instructions.  An open-addressing table over the hrefs keeps the first result for each
 * distinct string; `out[i]` borrows from it (NULL when the href resolves to nothing). */
struct href_memo {
	const char **key;
	char **val;
	size_t mask;
};

static int links_resolve_all(CURLU *base, const char **hrefs, size_t n,
			     const struct parser_input *in, struct href_memo *m, char ***out)
{
	char *base_url = NULL;
	size_t size = 16;
	char **res = NULL;
	int rc = VN_ENOMEM;

	while (size < 2 * n)
		size *= 2;
	m->mask = size - 1;
	m->key = calloc(size, sizeof *m->key);
	m->val = calloc(size, sizeof *m->val);
	res = calloc(n ? n : 1, sizeof *res);
	if (!m->key || !m->val || !res)
		goto out;
	if (in->link_seen && base &&
	    curl_url_get(base, CURLUPART_URL, &base_url, 0) != CURLUE_OK)
		base_url = NULL;
	for (size_t i = 0; i < n; i++) {
		size_t h = fnv64(hrefs[i], strlen(hrefs[i]), FNV64_INIT) & m->mask;

		while (m->key[h] && strcmp(m->key[h], hrefs[i]) != 0)
			h = (h + 1) & m->mask;
		if (!m->key[h]) {
			m->key[h] = hrefs[i];
			if (!base_url ||
			    !in->link_seen(in->link_seen_ctx, href_key(base_url, hrefs[i])))
				m->val[h] = link_resolve(base, hrefs[i]);
		}
		res[i] = m->val[h];
	}
	*out = res;
	res = NULL;
	rc = VN_OK;
out:
	curl_free(base_url);
	free(res);
	return rc;
}

static void href_memo_release(struct href_memo *m)
{
	for (size_t i = 0; m->val && i <= m->mask; i++)
		curl_free(m->val[i]);
	free(m->key);
	free(m->val);
	memset(m, 0, sizeof *m);
}

static bool rel_has(const char *rel, const char *word)
{
	size_t wl = strlen(word);

	if (!rel)
		return false;
	for (const char *p = rel; (p = parser_memcasemem(p, strlen(p), word)); p += wl)
		if ((p == rel || p[-1] == ' ') && (p[wl] == '\0' || p[wl] == ' '))
			return true;
	return false;
}

/* An element that holds the byline by its markup, and not one of the comment form's
 * fields ("comment-form-author", <label for=author>) or the author's biography link. */
static bool byline_element(xmlNode *n)
{
	if (tag_is(n, "meta") || tag_is(n, "link") || tag_is(n, "label") || tag_is(n, "form") ||
	    tag_is(n, "input") || tag_is(n, "textarea"))
		return false;
	if (!(parser_node_attr_matches(n, "author|byline|tacgia|tac-gia|tac_gia") ||
	      (parser_node_attr(n, "itemprop") &&
	       strcasecmp(parser_node_attr(n, "itemprop"), "author") == 0) ||
	      rel_has(parser_node_attr(n, "rel"), "author")))
		return false;
	return !parser_node_attr_matches(n, "comment|bio|avatar|quote");
}

/* An article's information line ("<div class="article-info">Đăng ngày: 14/04/2022 09:12
 * | Người đăng: Phạm Văn Tú | Lượt xem: 532</div>"), which may name the author among the
 * date and the counters. */
static bool info_line_element(xmlNode *n)
{
	return (tag_is(n, "div") || tag_is(n, "p") || tag_is(n, "span") || tag_is(n, "td")) &&
	       parser_node_attr_matches(n, "info|meta|date|time");
}

/* The name after "Người đăng:", "Người viết:" or "Tác giả:" in an information line, up to
 * the next "|" (a new string), or NULL. */
static char *info_line_author(xmlNode *n)
{
	static const char *const labels[] = { "Người đăng:", "Người viết:", "Tác giả:" };
	char *t = parser_node_text(n, 256), *name = NULL;

	for (size_t k = 0; t && !name && k < sizeof labels / sizeof labels[0]; k++) {
		const char *at = strstr(t, labels[k]), *end;

		if (!at)
			continue;
		at += strlen(labels[k]);
		while (*at == ' ')
			at++;
		end = at + strcspn(at, "|");
		while (end > at && end[-1] == ' ')
			end--;
		if (end > at && parser_text_count_chars(at, (size_t)(end - at)) <= 60)
			name = strndup(at, (size_t)(end - at));
	}
	free(t);
	return name;
}

/* The text of a title-classed element or a plain <h2>/<h3>, or NULL when it is too long
 * to be a headline. */
static char *heading_text(xmlNode *n)
{
	char *t = parser_node_text(n, META_TEXT_CAP);

	if (t && strlen(t) < 400)
		return t;
	free(t);
	return NULL;
}

/* The URL a <meta http-equiv="refresh" content="0; URL=/portal/home"> sends the browser to
 * (a portal's root page is often only that), or NULL.  The value may be quoted and the
 * "URL=" left out, as browsers accept. */
static const char *refresh_target(xmlNode *n, char *buf, size_t cap)
{
	const char *equiv = parser_node_attr(n, "http-equiv");
	const char *v = parser_node_attr(n, "content");
	size_t len;

	if (!equiv || strcasecmp(equiv, "refresh") != 0 || !v)
		return NULL;
	while (*v == ' ' || (*v >= '0' && *v <= '9') || *v == '.')
		v++;
	if (*v != ';' && *v != ',')
		return NULL;
	v++;
	while (*v == ' ' || *v == '\t' || *v == '\n' || *v == '\r')
		v++;
	if (strncasecmp(v, "url", 3) == 0) {
		const char *e = v + 3;

		while (*e == ' ')
			e++;
		if (*e == '=') {
			v = e + 1;
			while (*v == ' ')
				v++;
		}
	}
	if (*v == '\'' || *v == '"') {
		const char *end = strchr(v + 1, *v);

		len = end ? (size_t)(end - v - 1) : strlen(v + 1);
		v++;
	} else {
		len = strlen(v);
		while (len && (v[len - 1] == ' ' || v[len - 1] == '\t' || v[len - 1] == '\n' ||
			       v[len - 1] == '\r'))
			len--;
	}
	if (!len || len >= cap)
		return NULL;
	memcpy(buf, v, len);
	buf[len] = '\0';
	return buf;
}

/* Appends `href` (borrowed from the tree) to a list of the page's hrefs (its links, its
 * feeds). */
static int hrefs_push(const char ***v, size_t *n, size_t *cap, const char *href)
{
	if (*n == *cap) {
		size_t nc = *cap ? *cap * 2 : 128;
		const char **p = realloc(*v, nc * sizeof *p);

		if (!p)
			return VN_ENOMEM;
		*v = p;
		*cap = nc;
	}
	(*v)[(*n)++] = href;
	return VN_OK;
}

/* Adds the URL an onclick sends the browser to, kept in `own` (a link_set, so a repeated
 * one is kept once), to the page's hrefs. */
static int onclick_link(const char *onclick, struct link_set *own, const char ***hrefs,
			size_t *n, size_t *cap)
{
	char buf[2048];
	const char *url = js_location_target(onclick, buf, sizeof buf);
	size_t before = own->n;
	int rc;

	if (!url)
		return VN_OK;
	if ((rc = link_add(own, url)) || own->n == before)
		return rc;
	return hrefs_push(hrefs, n, cap, own->v[own->n - 1]);
}

/* Whether `n` stands in a <noscript>: an iframe there is a tag manager's fallback, no
 * page of the site. */
static bool inside_noscript(const xmlNode *n)
{
	for (n = n->parent; n && n->type == XML_ELEMENT_NODE; n = n->parent)
		if (tag_is(n, "noscript"))
			return true;
	return false;
}

int parser_meta_collect(htmlDocPtr doc, const struct parser_input *in, struct parser_meta *m,
			struct parser_article *a)
{
	xmlNode *root = xmlDocGetRootElement(doc), *n;
	const char **hrefs = NULL, **feed_hrefs = NULL;
	size_t n_hrefs = 0, cap_hrefs = 0, n_feeds = 0, cap_feeds = 0;
	const char *base_href = NULL, *canonical = NULL, *refresh = NULL, *script_to = NULL;
	char refresh_buf[2048], script_buf[2048];
	char *h1s[PARSER_MAX_HEADINGS], *others[PARSER_MAX_HEADINGS];
	size_t n_h1 = 0, n_other = 0;
	CURLU *base = NULL;
	struct link_set links = { 0 }, feeds = { 0 }, onclicks = { 0 };
	struct href_memo memo = { 0 };
	char **resolved = NULL;
	int rc = VN_OK;

	memset(m, 0, sizeof *m);
	if (!root)
		return VN_OK;
	if (tag_is(root, "html"))
		set_once(&m->lang, parser_node_attr(root, "lang") ? parser_node_attr(root, "lang")
								  : parser_node_attr(root, "xml:lang"));
	n = root->children;
	while (n) {
		bool descend = false;

		if (n->type == XML_ELEMENT_NODE && n->name) {
			const char *onclick = parser_node_attr(n, "onclick");

			descend = n->children != NULL;
			/* an old portal's news row that links by onclick ("location.href='...'") */
			if (onclick && (rc = onclick_link(onclick, &onclicks, &hrefs, &n_hrefs,
							  &cap_hrefs)))
				goto out;
			if (!tag_is(n, "meta"))
				meta_microdata_date(m, n);
			if (tag_is(n, "script")) {
				meta_ld_script(m, n);
				meta_script_date(m, root, n);
				if (!script_to)
					script_to = script_redirect(n, script_buf, sizeof script_buf);
				descend = false;
			} else if (tag_is(n, "style")) {
				descend = false;
			} else if (tag_is(n, "title")) {
				if (!m->title_tag)
					m->title_tag = parser_node_text(n, META_TEXT_CAP);
				descend = false;
			} else if (tag_is(n, "meta")) {
				meta_from_tag(m, n);
				if (!refresh && refresh_target(n, refresh_buf, sizeof refresh_buf))
					refresh = refresh_buf;
			} else if (tag_is(n, "base")) {
				if (!base_href)
					base_href = parser_node_attr(n, "href");
			} else if (tag_is(n, "link")) {
				const char *rel = parser_node_attr(n, "rel");
				const char *type = parser_node_attr(n, "type");
				const char *href = parser_node_attr(n, "href");

				if (href && rel_has(rel, "canonical") && !canonical)
					canonical = href;
				/* a listing's next page, where its pager is a script's postback */
				if (href && rel_has(rel, "next") &&
				    (rc = hrefs_push(&hrefs, &n_hrefs, &cap_hrefs, href)))
					goto out;
				if (href && rel_has(rel, "alternate") && type &&
				    (strcasestr(type, "rss") || strcasestr(type, "atom"))) {
					if ((rc = hrefs_push(&feed_hrefs, &n_feeds, &cap_feeds, href)))
						goto out;
				}
			} else if (tag_is(n, "a") || tag_is(n, "area") || tag_is(n, "frame") ||
				   (tag_is(n, "iframe") && !inside_noscript(n))) {
				/* an image map's areas and a frameset's frames lead on as links do */
				const char *href = tag_is(n, "a") || tag_is(n, "area")
							   ? parser_node_attr(n, "href")
							   : parser_node_attr(n, "src");

				if (href && (rc = hrefs_push(&hrefs, &n_hrefs, &cap_hrefs, href)))
					goto out;
			} else if (tag_is(n, "h1")) {
				if (n_h1 < PARSER_MAX_HEADINGS &&
				    (h1s[n_h1] = parser_node_text(n, META_TEXT_CAP)))
					n_h1++;
			} else if ((tag_is(n, "h2") || tag_is(n, "h3") || tag_is(n, "span") ||
				    tag_is(n, "div") || tag_is(n, "td") || tag_is(n, "p") ||
				    tag_is(n, "li") || tag_is(n, "strong")) &&
				   n_other < PARSER_MAX_HEADINGS &&
				   (parser_node_attr_matches(n, PARSER_TITLE_HINTS) ||
				    (parser_node_attr(n, "itemprop") &&
				     strcasecmp(parser_node_attr(n, "itemprop"), "headline") == 0))) {
				if ((others[n_other] = heading_text(n)))
					n_other++;
			} else if ((tag_is(n, "h2") || tag_is(n, "h3")) &&
				   m->n_subheads < PARSER_MAX_HEADINGS) {
				if ((m->subheads[m->n_subheads] = heading_text(n)))
					m->n_subheads++;
			}
			if (!m->author_text && byline_element(n)) {
				char *t = parser_node_text(n, 512);

				if (t && parser_text_count_chars(t, strlen(t)) <= 60)
					m->author_text = t;
				else
					free(t);
			} else if (!m->author_text && info_line_element(n)) {
				m->author_text = info_line_author(n);
			}
		}
		if (descend) {
			n = n->children;
			continue;
		}
		n = parser_node_after(n, root);
	}
	for (size_t i = 0; i < n_h1; i++)
		m->headings[m->n_headings++] = h1s[i];
	m->n_h1 = n_h1;
	for (size_t i = 0; i < n_other; i++) {
		if (m->n_headings < PARSER_MAX_HEADINGS)
			m->headings[m->n_headings++] = others[i];
		else
			free(others[i]);
	}
	n_h1 = n_other = 0;

	/* the base for links: <base href> resolved against the page URL */
	if (a->url) {
		base = curl_url();
		if (!base || curl_url_set(base, CURLUPART_URL, a->url, CURLU_URLENCODE) != CURLUE_OK) {
			curl_url_cleanup(base);
			base = NULL;
		}
	}
	if (base_href) {
		char *b = link_resolve(base, base_href);

		if (b) {
			CURLU *nb = curl_url();

			if (nb && curl_url_set(nb, CURLUPART_URL, b, 0) == CURLUE_OK) {
				curl_url_cleanup(base);
				base = nb;
			} else {
				curl_url_cleanup(nb);
			}
			curl_free(b);
		}
	}
	/* a page with no link at all that a script sends on links where it sends */
	if (!refresh && !n_hrefs && script_to)
		refresh = script_to;
	/* a refresh's target is the page's first link, as its <meta> comes first */
	if (refresh) {
		if ((rc = hrefs_push(&hrefs, &n_hrefs, &cap_hrefs, refresh)))
			goto out;
		memmove(hrefs + 1, hrefs, (n_hrefs - 1) * sizeof *hrefs);
		hrefs[0] = refresh;
	}
	rc = links_resolve_all(base, hrefs, n_hrefs, in, &memo, &resolved);
	if (rc)
		goto out;
	for (size_t i = 0; i < n_hrefs; i++)
		if (resolved[i] && (rc = link_add(&links, resolved[i])))
			goto out;
	for (size_t i = 0; i < n_feeds; i++) {
		char *u = link_resolve(base, feed_hrefs[i]);

		rc = u ? link_add(&feeds, u) : VN_OK;
		curl_free(u);
		if (rc)
			goto out;
	}
	if (canonical || m->og_url) {
		char *u = link_resolve(base, canonical ? canonical : m->og_url);

		if (u) {
			a->canonical_url = strdup(u);
			curl_free(u);
			if (!a->canonical_url) {
				rc = VN_ENOMEM;
				goto out;
			}
		}
	}
	a->links = links.v;
	a->n_links = links.n;
	a->feeds = feeds.v;
	a->n_feeds = feeds.n;
	links.v = feeds.v = NULL;
	links.n = feeds.n = 0;
out:
	for (size_t i = 0; i < n_h1; i++)
		free(h1s[i]);
	for (size_t i = 0; i < n_other; i++)
		free(others[i]);
	link_set_release(&links);
	link_set_release(&feeds);
	link_set_release(&onclicks);
	free(hrefs);
	free(feed_hrefs);
	free(resolved);
	href_memo_release(&memo);
	curl_url_cleanup(base);
	return rc;
}

void parser_meta_release(struct parser_meta *m)
{
	free(m->title_tag);
	free(m->og_title);
	free(m->ld_headline);
	free(m->og_site);
	free(m->ld_site);
	free(m->app_name);
	free(m->og_type);
	free(m->og_url);
	free(m->meta_author);
	free(m->ld_author);
	free(m->meta_date);
	free(m->lang);
	free(m->author_text);
	free(m->script_date);
	for (size_t i = 0; i < m->n_headings; i++)
		free(m->headings[i]);
	for (size_t i = 0; i < m->n_subheads; i++)
		free(m->subheads[i]);
	memset(m, 0, sizeof *m);
}

static size_t seg_len_chars(const char *s, size_t len)
{
	return parser_text_count_chars(s, len);
}

/* Whether a title is a portal's name ("Cổng thông tin điện tử tỉnh Điện Biên", "Trang
 * thông tin điện tử huyện X", "Cổng TTĐT ..."): what Vietnamese government sites put in
 * the <title> of every page. */
bool parser_title_names_portal(const char *title, size_t len)
{
	static const char *const names[] = {
		"cổng thông tin", "Cổng thông tin", "CỔNG THÔNG TIN", "trang thông tin điện tử",
		"Trang thông tin điện tử", "TRANG THÔNG TIN ĐIỆN TỬ", "Cổng TTĐT", "cổng TTĐT",
		"Trang TTĐT", "trang TTĐT",
	};

	if (!title)
		return false;
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (memmem(title, len, names[i], strlen(names[i])))
			return true;
	return false;
}

/* "<headline> - Site" -> the longest segment between title separators. */
static char *title_strip_site(const char *t)
{
	static const char *const seps[] = { " - ", " | ", " – ", " — ", " :: ", " » ", " « ",
					    " · " };
	const char *seg[16], *p = t, *best = NULL;
	size_t seg_len[16], n = 0, best_chars = 0, best_len = 0;

	for (;;) {
		const char *next = NULL;
		size_t sl = 0;

		for (size_t i = 0; i < sizeof seps / sizeof seps[0]; i++) {
			const char *q = strstr(p, seps[i]);

			if (q && (!next || q < next)) {
				next = q;
				sl = strlen(seps[i]);
			}
		}
		if (!next || n == 15)
			break;
		seg[n] = p;
		seg_len[n++] = (size_t)(next - p);
		p = next + sl;
	}
	seg[n] = p;
	seg_len[n++] = strlen(p);
	if (n == 1)
		return strdup(t);
	/* the longest segment, unless it is the portal's name ("Họp giao ban tháng 11 -
	 * Cổng thông tin điện tử tỉnh Lạng Sơn") and another one is not */
	for (int pass = 0; pass < 2 && !best; pass++)
		for (size_t i = 0; i < n; i++) {
			size_t c = seg_len_chars(seg[i], seg_len[i]);

			if ((pass || !parser_title_names_portal(seg[i], seg_len[i])) && c > best_chars) {
				best = seg[i];
				best_len = seg_len[i];
				best_chars = c;
			}
		}
	/* a headline shorter than 3 words is more likely the site name: keep the whole */
	if (!best || best_chars < 12)
		return strdup(t);
	return strndup(best, best_len);
}

/* CMSs escape twice ("doesn&amp;#8217;t" in og:title reaches us as "doesn&#8217;t"):
 * decodes numeric references and the five XML entities in place. */
static void decode_entities(char *s)
{
	static const struct { const char *name; char c; } named[] = {
		{ "&amp;", '&' }, { "&quot;", '"' }, { "&apos;", '\'' }, { "&lt;", '<' },
		{ "&gt;", '>' },
	};
	char *r = s, *w = s;

	while (*r) {
		bool done = false;

		if (r[0] == '&' && r[1] == '#') {
			char *end = NULL;
			unsigned long cp = r[2] == 'x' || r[2] == 'X' ? strtoul(r + 3, &end, 16)
								    : strtoul(r + 2, &end, 10);
			UChar32 c = (UChar32)cp;

			if (end && *end == ';' && cp > 0 && cp <= 0x10FFFF &&
			    !(cp >= 0xD800 && cp <= 0xDFFF) && U8_LENGTH(c) <= end + 1 - r) {
				int32_t off = 0;
				UBool err = false;

				U8_APPEND((uint8_t *)w, off, 4, c, err);
				if (!err) {
					w += off;
					r = end + 1;
					done = true;
				}
			}
		}
		for (size_t i = 0; !done && *r == '&' && i < sizeof named / sizeof named[0]; i++) {
			size_t nl = strlen(named[i].name);

			if (strncmp(r, named[i].name, nl) == 0) {
				*w++ = named[i].c;
				r += nl;
				done = true;
			}
		}
		if (!done)
			*w++ = *r++;
	}
	*w = '\0';
}

int parser_meta_title(struct parser_meta *m, char **out)
{
	const char *refs[3] = { m->og_title, m->ld_headline, m->title_tag };
	const char *pick = NULL;
	char *tmp = NULL;
	int rc = VN_OK;

	*out = NULL;
	/* a heading that makes up most of a reference title is the headline without suffix */
	for (int r = 0; r < 3 && !pick; r++) {
		size_t rl;

		if (!refs[r])
			continue;
		rl = parser_text_count_chars(refs[r], strlen(refs[r]));
		for (size_t i = 0; i < m->n_headings && !pick; i++) {
			const char *h = m->headings[i];
			size_t hl = parser_text_count_chars(h, strlen(h));

			if (hl >= 8 && hl * 5 >= rl * 2 && strstr(refs[r], h)) {
				pick = h;
				m->title_is_heading = true;
				m->title_is_h1 = i < m->n_h1;
			}
		}
	}
	if (!pick && m->ld_headline)
		pick = m->ld_headline;
	if (!pick && m->og_title) {
		tmp = title_strip_site(m->og_title);
		pick = tmp;
	}
	if (!pick) {
		size_t nh1 = 0;

		for (size_t i = 0; i < m->n_headings; i++)
			if (parser_text_count_chars(m->headings[i], strlen(m->headings[i])) >= 15)
				nh1++;
		if (nh1 >= 1 && !m->title_tag)
			pick = m->headings[0];
	}
	if (!pick && m->title_tag) {
		tmp = title_strip_site(m->title_tag);
		pick = tmp;
	}
	if (pick)
		rc = parser_text_nfc(pick, strlen(pick), out);
	if (!rc && *out && strchr(*out, '&'))
		decode_entities(*out);
	free(tmp);
	return rc;
}

static char *host_of(const char *url)
{
	CURLU *u = curl_url();
	char *host = NULL, *res = NULL;

	if (u && curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK)
		res = strdup(strncmp(host, "www.", 4) == 0 ? host + 4 : host);
	curl_free(host);
	curl_url_cleanup(u);
	return res;
}

/* "vi-VN", "vi_VN" -> "vi". */
static char *lang_tag(const char *v)
{
	char buf[16];
	size_t n = 0;

	while (v[n] && n < 8 && ((v[n] >= 'a' && v[n] <= 'z') || (v[n] >= 'A' && v[n] <= 'Z'))) {
		buf[n] = (char)(v[n] | 0x20);
		n++;
	}
	if (n < 2 || n > 3)
		return NULL;
	buf[n] = '\0';
	return strdup(buf);
}

/* Language from the text: Vietnamese letters, else common English words. */
static const char *lang_guess(const char *s, size_t len)
{
	size_t the = 0, words = 0;

	if (len < 200)
		return NULL;
	if (parser_charset_vi_score(s, len) > 0.08)
		return "vi";
	for (size_t i = 0; i < len; i++)
		if (s[i] == ' ') {
			words++;
			if (i + 5 <= len && (strncmp(s + i, " the ", 5) == 0 ||
					     strncmp(s + i, " and ", 5) == 0 ||
					     strncmp(s + i, " of ", 4) == 0))
				the++;
		}
	if (words > 30 && the * 20 > words)
		return "en";
	return NULL;
}

int parser_meta_site_lang(const struct parser_meta *m, struct parser_article *a)
{
	const char *site = m->og_site ? m->og_site : m->ld_site ? m->ld_site : m->app_name;
	int rc = VN_OK;

	if (site)
		rc = parser_text_nfc(site, strlen(site), &a->site);
	else if (a->url)
		a->site = host_of(a->url);
	if (rc)
		return rc;
	if (m->lang)
		a->lang = lang_tag(m->lang);
	if (!a->lang && a->body) {
		const char *g = lang_guess(a->body, strlen(a->body));

		if (g)
			a->lang = strdup(g);
	}
	return VN_OK;
}

/* ---- byline ---- */

static bool cp_upper_at(const char *s, size_t len, size_t *i, bool *letter)
{
	UChar32 c;
	int32_t ii = (int32_t)*i;

	U8_NEXT(s, ii, (int32_t)len, c);
	*i = (size_t)ii;
	*letter = c >= 0 && u_isalpha(c);
	return c >= 0 && u_isupper(c);
}

/* "H.V.", "T.L.": capitals and dots only. */
static bool initials(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (!((s[i] >= 'A' && s[i] <= 'Z') || s[i] == '.' || (unsigned char)s[i] >= 0x80))
			return false;
	return true;
}

/* "MINH CHIẾN", "BT/DIENBIENTV.VN", "Thu Trang - Trung tâm VH-TT-TH", "DT",
 * "Nguyễn Văn An": short, no sentence end, capitalized the way names are. */
static bool looks_like_byline(const char *s, size_t len)
{
	size_t chars = parser_text_count_chars(s, len), words = 1, digits = 0, i = 0;
	size_t letters = 0, uppers = 0, cap_words = 0, lead_words = 0, lead_caps = 0;
	bool word_start = true, in_lead = true, letter;
	char last;

	if (!len || chars > 50 || chars < 2)
		return false;
	last = s[len - 1];
	if (strchr(".!?:;,)\"", last) && !(last == '.' && chars <= 8 && initials(s, len)))
		return false;
	if (len >= 3 && strcmp(s + len - 3, "…") == 0)
		return false;
	if (strncasecmp(s, "Theo ", 5) == 0 || strncasecmp(s, "Nguồn", 7) == 0 ||
	    strncmp(s, "(", 1) == 0 || strncasecmp(s, "Ảnh", 4) == 0)
		return false;
	while (i < len) {
		char c = s[i];

		if (c == ' ') {
			words++;
			word_start = true;
			i++;
			continue;
		}
		if (c >= '0' && c <= '9')
			digits++;
		if (c == '-' && i > 0 && s[i - 1] == ' ')
			in_lead = false;
		{
			bool up = cp_upper_at(s, len, &i, &letter);

			if (letter) {
				letters++;
				uppers += up;
				if (word_start) {
					cap_words += up;
					if (in_lead) {
						lead_words++;
						lead_caps += up;
					}
				}
			}
		}
		word_start = false;
	}
	if (words > 8 || digits > 2 || letters == 0)
		return false;
	if (uppers == letters)
		return true; /* all capitals */
	if (lead_words && lead_caps == lead_words && lead_words <= 4 && !in_lead)
		return true; /* "Name - Organisation" */
	return cap_words == words && words <= 5 && words >= 2;
}

/* Drops closing lines of digits and spaces only ("10 7 1"): the like and share counters
 * under a story, which would also hide the byline above them. */
static void drop_trailing_counters(char *body)
{
	for (;;) {
		char *end = body + strlen(body), *line = end;
		bool digit = false;

		while (line > body && line[-1] != '\n')
			line--;
		if (line == body)
			return; /* the whole body is one line: leave it */
		for (char *p = line; p < end; p++) {
			if (*p >= '0' && *p <= '9')
				digit = true;
			else if (*p != ' ')
				return;
		}
		if (!digit || end - line > 24)
			return;
		while (line > body && line[-1] == '\n')
			line--;
		*line = '\0';
	}
}

/* The markup's byline text, unless it runs on past the name the page's metadata gives
 * ("Sarah E. Needleman The Wall Street Journal Reporter Biography"): then that name.  A
 * name joined to its office by a separator ("Thu Trang - Trung tâm VH-TT-TH") or to a
 * second author stays. */
static const char *byline_choice(const char *text, const char *meta)
{
	const char *at, *rest;

	if (!text)
		return meta;
	if (!meta || strlen(meta) < 3 || !(at = strstr(text, meta)))
		return text;
	rest = at + strlen(meta);
	while (*rest == ' ')
		rest++;
	if (!*rest || strchr("-,|/(&", *rest) || strncmp(rest, "–", strlen("–")) == 0 ||
	    strncmp(rest, "and ", 4) == 0 || strncmp(rest, "và ", strlen("và ")) == 0)
		return text; /* an office, or a second author ("A and B", "A và B") */
	return meta;
}

/* A credit line that starts with its label ("Tác giả: Nguyễn Văn An", "Tin, ảnh: Hoàng
 * Anh", "Bài và ảnh: Lê Dũng"): where the name after the label starts, or 0 when the
 * line has no such label. */
static size_t credit_label_end(const char *s, size_t len)
{
	static const char *const labels[] = {
		"tác giả", "người viết", "bài và ảnh", "bài, ảnh", "bài/ảnh", "bài - ảnh",
		"bài ảnh", "tin và ảnh", "tin, ảnh", "tin/ảnh", "tin - ảnh", "tin ảnh", "bài",
		"tin", "thực hiện", "nhóm phóng viên",
	};
	static const char viet_boi[] = "viết bởi "; /* Joomla's: no colon */

	if (len > sizeof viet_boi - 1 && strncasecmp(s, viet_boi, sizeof viet_boi - 1) == 0)
		return sizeof viet_boi - 1;
	for (size_t k = 0; k < sizeof labels / sizeof labels[0]; k++) {
		size_t n = strlen(labels[k]), i;

		/* the labels' first letters are ASCII: strncasecmp takes "Tin, ảnh" and "TIN" */
		if (len <= n || strncasecmp(s, labels[k], n) != 0)
			continue;
		i = n;
		while (i < len && s[i] == ' ')
			i++;
		if (i >= len || s[i] != ':')
			continue;
		i++;
		while (i < len && s[i] == ' ')
			i++;
		return i < len ? i : 0;
	}
	return 0;
}

/* A name followed by its agency or office in brackets ("Văn Hùng (TTXVN)"): where the
 * bracket starts, or 0. */
static size_t agency_suffix_start(const char *s, size_t len)
{
	const char *open;

	if (len < 4 || s[len - 1] != ')')
		return 0;
	open = memrchr(s, '(', len);
	if (!open || open == s || open[-1] != ' ' || (size_t)(s + len - open) > 40)
		return 0;
	for (const char *p = open + 1; p < s + len - 1; p++)
		if (strchr(".!?;:()", *p))
			return 0;
	return (size_t)(open - s);
}

/* Where a site's name appended to a byline starts ("Vĩnh Hà/VOV.VN": the slash), or 0:
 * after the last slash one word, a domain or in capitals, of at most 24 bytes. */
static size_t site_suffix_start(const char *s, size_t len)
{
	const char *slash = memrchr(s, '/', len);
	size_t n, caps = 0, letters = 0;
	bool dot = false;

	if (!slash || slash == s || (n = (size_t)(s + len - slash - 1)) < 2 || n > 24)
		return 0;
	for (const char *p = slash + 1; p < s + len; p++) {
		if (*p == ' ' || strchr(",;:!?()", *p))
			return 0;
		dot |= *p == '.';
		letters += (*p | 0x20) >= 'a' && (*p | 0x20) <= 'z';
		caps += *p >= 'A' && *p <= 'Z';
	}
	return dot || (letters && caps == letters) ? (size_t)(slash - s) : 0;
}

/* A source credit closing the article on its own line ("Theo TTXVN", "Theo Báo Nhân
 * Dân", "Theo Reuters, AFP"): at most 6 words, no sentence punctuation; a comma only
 * between sources, each named with a capital ("Theo đó, ..." opens a sentence). */
static bool source_credit(const char *s, size_t len)
{
	bool comma = false;

	if (len < 7 || len > 60 || strncmp(s, "Theo ", 5) != 0 ||
	    parser_text_count_words(s, len) > 6)
		return false;
	for (size_t i = 0; i < len; i++) {
		if (s[i] == ',' && i + 2 < len && s[i + 1] == ' ') {
			comma = true;
			continue;
		}
		if (strchr(".!?:;,\"", s[i]) && !(s[i] == '.' && i + 1 < len && s[i + 1] != ' '))
			return false; /* "Theo VOV.VN" keeps its dot */
	}
	for (size_t i = 5; comma && i < len; i++) {
		bool letter;

		if ((i == 5 || s[i - 1] == ' ') && !cp_upper_at(s, len, &(size_t){ i }, &letter))
			return false;
	}
	return true;
}

/* A foreign source named alone on the last line of a Vietnamese article translated from
 * it ("Reuters", "Forbes"): one capitalized word of Latin letters.  All capitals
 * ("TTXVN", "DT") are a byline already. */
static bool lone_source(const char *s, size_t len)
{
	/* the words of buttons and labels that may be left at the end of a page; those of
	 * content.c's boiler lines ("Video", "Zalo", "Share" ...) never reach the body */
	static const char *const ui[] = {
		"Clip", "Audio", "Photo", "Photos", "Gallery", "Like", "Top", "Back", "Home",
		"Comment", "Loading", "Next", "Previous", "Prev", "Login", "Download", "Copy",
		"Link", "Links", "Infographic", "Emagazine", "Podcast",
	};
	size_t lower = 0;

	if (len < 3 || len > 20 || !(s[0] >= 'A' && s[0] <= 'Z'))
		return false;
	for (size_t i = 0; i < sizeof ui / sizeof ui[0]; i++)
		if (strlen(ui[i]) == len && strncasecmp(s, ui[i], len) == 0)
			return false;
	for (size_t i = 1; i < len; i++) {
		if (!((s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'z'))
			return false;
		lower += s[i] >= 'a';
	}
	return lower > 0;
}

/* A department signing the article on its own line ("Văn phòng UBND tỉnh", "Phòng Nghiệp
 * vụ Y", "Trung tâm VH-TT-TH", "Trung tâm Kiểm soát bệnh tật tỉnh"): an organization's
 * name of at most 9 syllables, with no digit and no punctuation of a sentence ("Phòng ..."
 * alone: 6). */
static bool org_signature(const char *s, size_t len)
{
	static const char phong[] = "phòng ";
	char low[96];
	size_t ll;

	if (len > 80)
		return false;
	for (size_t i = 0; i < len; i++)
		if ((s[i] >= '0' && s[i] <= '9') || strchr(".!?:;,\"()", s[i]))
			return false;
	if (parser_text_names_org(s, len, 9))
		return true;
	/* "Phòng ..." is a department, "Phòng chống dịch" a heading */
	ll = parser_text_lower_into(s, len < 64 ? len : 64, low, sizeof low);
	return parser_text_count_words(s, len) <= 6 && ll > sizeof phong && memcmp(low, phong, sizeof phong - 1) == 0 &&
	       strncmp(low + sizeof phong - 1, "chống", strlen("chống")) != 0;
}

/* A source credit closing the article ("Nguồn: Sở Y tế", "(Nguồn: baochinhphu.vn)",
 * "Nguồn tin: Báo Đồng Nai"): where the source's name starts, its length in `*name_len`,
 * or 0.  The name is at most 8 words with no sentence punctuation (a domain's dots stay). */
static size_t source_line(const char *s, size_t len, size_t *name_len)
{
	static const char *const labels[] = { "nguồn tin", "nguồn bài", "nguồn" };
	char low[24];
	size_t i = 0, end = len, n;

	if (len && s[0] == '(') {
		if (s[len - 1] != ')')
			return 0;
		i = 1;
		end = len - 1;
	}
	n = parser_text_lower_into(s + i, end - i < 16 ? end - i : 16, low, sizeof low);
	for (size_t k = 0; k < sizeof labels / sizeof labels[0]; k++) {
		size_t l = strlen(labels[k]), at;

		if (n < l || memcmp(low, labels[k], l) != 0)
			continue;
		/* the lower-case label has as many bytes as the text's own */
		at = i + l;
		while (at < end && s[at] == ' ')
			at++;
		if (at >= end || s[at] != ':')
			return 0;
		at++;
		while (at < end && s[at] == ' ')
			at++;
		if (end - at < 2 || end - at > 60 || parser_text_count_words(s + at, end - at) > 8)
			return 0;
		for (size_t p = at; p < end; p++)
			if (strchr("!?;:\"()", s[p]) ||
			    (strchr(".,", s[p]) && (p + 1 == end || s[p + 1] == ' ')))
				return 0;
		*name_len = end - at;
		return at;
	}
	return 0;
}

/* Takes a closing source line off the body: a new string of the source's name, or NULL
 * (none, or no memory: the line then stays).  The line is a labeled source ("Nguồn: Sở Y
 * tế") or, on a Vietnamese article, a foreign source named alone (lone_source); a
 * translator's credit above that ("Theo Minh Nguyễn/Vcamp.vn" over "Forbes") is then the
 * last line, and the byline. */
static char *body_drop_source(char *body)
{
	char *end = body + strlen(body), *line = end, *name;
	size_t at, nl, len;

	while (line > body && line[-1] != '\n')
		line--;
	if (line == body)
		return NULL;
	len = (size_t)(end - line);
	if (!(at = source_line(line, len, &nl))) {
		if (!lone_source(line, len) ||
		    parser_charset_vi_score(body, (size_t)(line - body)) <= 0.08)
			return NULL;
		nl = len;
	}
	if (!(name = strndup(line + at, nl)))
		return NULL;
	while (line > body && line[-1] == '\n')
		line--;
	*line = '\0';
	return name;
}

/* A team of reporters signing the article ("Nhóm phóng viên TTXVN", "Nhóm PV Báo Đồng
 * Nai"): at most 8 words with no sentence punctuation. */
static bool reporters_team(const char *s, size_t len)
{
	static const char *const heads[] = { "Nhóm phóng viên ", "Nhóm PV ", "NHÓM PHÓNG VIÊN " };

	if (len > 80 || parser_text_count_words(s, len) > 8)
		return false;
	for (size_t i = 0; i < len; i++)
		if (strchr(".!?:;,\"", s[i]))
			return false;
	for (size_t k = 0; k < sizeof heads / sizeof heads[0]; k++)
		if (len > strlen(heads[k]) && strncmp(s, heads[k], strlen(heads[k])) == 0)
			return true;
	return false;
}

/* The last line as a byline: (where the name starts, its length), or false.  A label
 * ("Tin, ảnh:") is left out of the name; an agency in brackets stays in it. */
static bool closing_byline(const char *line, size_t len, size_t *name, size_t *name_len)
{
	size_t at = credit_label_end(line, len), cut;

	/* "(Theo VnExpress)": the credit in brackets */
	if (!at && len > 7 && line[0] == '(' && line[len - 1] == ')' &&
	    strncmp(line + 1, "Theo ", 5) == 0 && !memchr(line + 1, '(', len - 2))
		at = 1, len--;
	*name = at;
	*name_len = len - at;
	line += at;
	len -= at;
	if (!(looks_like_byline(line, len) || org_signature(line, len) || source_credit(line, len) ||
	      reporters_team(line, len) ||
	      ((cut = site_suffix_start(line, len)) && looks_like_byline(line, cut)) ||
	      ((cut = agency_suffix_start(line, len)) && looks_like_byline(line, cut - 1))))
		return false;
	/* "Theo TTXVN", "Theo Phương Thúy (Dân trí)": "according to" is no part of the name */
	if (len > 5 && strncmp(line, "Theo ", 5) == 0) {
		*name += 5;
		*name_len -= 5;
	}
	return true;
}

/* Whether `line` restates the byline `author`: the name alone, the name after a label
 * ("By", "Par", "di", "Von" ...: "Par Clémence Dufresne (Marseille, correspondante)
 * Publié le ...", "di Giulia Ferraro"), or, at the end (`closing`), the name and its role
 * ("Lena Hartmann – Redakteurin im Ressort Wirtschaft"). */
static bool line_restates_author(const char *line, size_t len, const char *author, bool closing)
{
	static const char *const labels[] = { "by ", "von ", "par ", "por ", "di ", "door ",
					      "av ", "af ", "от " };
	size_t al = strlen(author), at = 0;
	bool labeled = false;

	if (!al || len > 240)
		return false;
	for (size_t k = 0; k < sizeof labels / sizeof labels[0]; k++)
		if (len > strlen(labels[k]) && strncasecmp(line, labels[k], strlen(labels[k])) == 0) {
			at = strlen(labels[k]);
			labeled = true;
			break;
		}
	/* the labels a byline is tidied of ("Tác giả:", "Bài và ảnh:", "Posted by") */
	if (!labeled && (at = parser_byline_label_len(line, len)) > 0)
		labeled = true;
	if (len - at < al || strncmp(line + at, author, al) != 0)
		return false;
	at += al;
	if (at == len)
		return true;
	/* the whole name: "By Lan Anh" does not restate the byline "Lan" */
	if ((line[at] >= '0' && line[at] <= '9') ||
	    ((line[at] | 0x20) >= 'a' && (line[at] | 0x20) <= 'z') || (unsigned char)line[at] >= 0x80)
		return false;
	if (labeled)
		return true; /* what follows is the date line or the place */
	return closing && len - at <= 80 &&
	       (strncmp(line + at, " – ", 5) == 0 || strncmp(line + at, " - ", 3) == 0 ||
		strncmp(line + at, ", ", 2) == 0) &&
	       !memchr(line + at, '.', len - at);
}

/* Takes off the body the lines that only restate the byline: among its first four lines
 * and its last three (a kicker, a standfirst or a photo may come first; an author's box
 * last).  The separator kept before a line is the widest one since the last line kept. */
static void body_drop_author_lines(char *body, const char *author)
{
	size_t n = 0, idx = 0, sep = 0;
	char *p = body, *w = body;

	for (char *q = body; *q; q++)
		if (*q != '\n' && (q == body || q[-1] == '\n'))
			n++;
	while (*p == '\n')
		p++;
	while (*p) {
		char *e = p + strcspn(p, "\n"), *next = e;
		size_t len = (size_t)(e - p), nl;

		if (!((idx < 4 || idx + 3 >= n) &&
		      line_restates_author(p, len, author, idx + 3 >= n))) {
			if (w != body)
				for (size_t k = 0; k < (sep ? sep : 1); k++)
					*w++ = '\n';
			memmove(w, p, len);
			w += len;
			sep = 0;
		}
		while (*next == '\n')
			next++;
		nl = (size_t)(next - e);
		if (nl > sep)
			sep = nl;
		idx++;
		p = next;
	}
	*w = '\0';
}

int parser_meta_byline(const struct parser_meta *m, struct parser_article *a)
{
	char *source = NULL;
	const char *cand = NULL;
	size_t name_at, name_len;
	int rc = VN_OK;

	if (a->body) {
		drop_trailing_counters(a->body);
		source = body_drop_source(a->body);
		/* the last line, or the one before a closing photo credit ("Ảnh: Misso") */
		for (int back = 0; back < 2; back++) {
			char *end = a->body + strlen(a->body), *lastp, *line;

			for (int k = 0; k < back && end > a->body; k++) {
				char *nl = end;

				while (nl > a->body && nl[-1] != '\n')
					nl--;
				if (!(strncmp(nl, "Ảnh:", 5) == 0 || strncmp(nl, "Ảnh :", 6) == 0 ||
				      strncasecmp(nl, "Nguồn", 7) == 0 || strncmp(nl, "(Ảnh", 5) == 0))
					end = a->body; /* the last line is no credit: stop */
				else
					end = nl > a->body + 2 ? nl - 2 : a->body;
			}
			if (end <= a->body)
				break;
			lastp = end;
			while (lastp > a->body && lastp[-1] != '\n')
				lastp--;
			line = lastp;
			if (lastp > a->body &&
			    closing_byline(line, (size_t)(end - line), &name_at, &name_len)) {
				char *raw = strndup(line + name_at, name_len);

				if (!raw) {
					rc = VN_ENOMEM;
					goto out;
				}
				/* "Hà Thu Nguồn: VTV Digital": the name only */
				rc = parser_byline_tidy(raw, &a->author);
				if (rc || !a->author) {
					free(a->author);
					a->author = raw;
				} else {
					free(raw);
				}
				rc = VN_OK;
				/* drop the line and the blank line before it, keep what follows; the
				 * same line just above goes too (VOV prints the byline at the article's
				 * end and again in a box under it) */
				{
					size_t ll = (size_t)(end - line);
					char *cut = lastp - 1, *prev;

					while (cut > a->body && cut[-1] == '\n')
						cut--;
					for (prev = cut; prev > a->body && prev[-1] != '\n'; prev--)
						;
					if (prev > a->body && (size_t)(cut - prev) == ll &&
					    memcmp(prev, line, ll) == 0)
						for (cut = prev - 1; cut > a->body && cut[-1] == '\n'; cut--)
							;
					memmove(cut, end, strlen(end) + 1);
				}
				goto out;
			}
		}
	}
	cand = byline_choice(m->author_text, m->ld_author ? m->ld_author : m->meta_author);
	if (cand) {
		char *name = NULL;

		rc = parser_byline_tidy(cand, &name);
		if (!rc && name)
			rc = parser_text_nfc(name, strlen(name), &a->author);
		free(name);
	}
out:
	/* a source credit is no author's name, but better than none ("Theo TTXVN" is too) */
	if (!rc && source && !a->author)
		rc = parser_text_nfc(source, strlen(source), &a->author);
	free(source);
	if (!rc && a->author && a->body)
		body_drop_author_lines(a->body, a->author);
	return rc;
}
