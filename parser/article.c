/* article.c — parser_article_extract: one page's bytes -> one article record.
 *
 * The order matters: metadata is read from the untouched tree (scripts hold JSON-LD, the
 * header holds the headline), then the tree is cleaned and the main content chosen, then
 * date, byline and documents are found relative to that content.  libxml2 parses in
 * recover mode with no network access and the page's own charset hint ignored (charset.c
 * already decoded to UTF-8).  Every string leaving here is NFC UTF-8. */
#include "parser/parser_int.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Whether the text holds anything but ASCII white space (stops at the first such byte:
 * counting the characters of the whole page only to compare with 0 cost a full pass). */
static bool has_text(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (s[i] != ' ' && s[i] != '\n' && s[i] != '\t' && s[i] != '\r')
			return true;
	return false;
}

/* The decoder's pieces go straight into libxml2's push parser. */
struct page_feed {
	struct parser_html_push push;
	const char *url;
	int opts;
	bool all_attrs;
	bool text; /* a piece held something but white space */
};

static int page_feed_sink(void *ctx, const char *utf8, size_t len)
{
	struct page_feed *f = ctx;

	if (!utf8) {
		/* the decoder starts again with another charset: so does the parse */
		parser_html_push_release(&f->push);
		f->text = false;
		return parser_html_push_init(&f->push, f->url, f->opts, f->all_attrs);
	}
	if (!f->text)
		f->text = has_text(utf8, len);
	return parser_html_push_add(&f->push, utf8, len);
}

/* The raw bytes are read no more: the caller may free them (at most once per call). */
static void data_done(const struct parser_input *in)
{
	if (in->data_done)
		in->data_done(in->data_done_ctx);
}

/* Whether `title` is only the site's name as the page itself states it (og:site_name,
 * JSON-LD publisher, application-name): a <title> like "Sở Y tế Hà Nội" on every page of
 * that site holds no headline, whatever words the name uses. */
static bool title_names_site(const struct parser_meta *meta, const char *title)
{
	/* all three were stored collapsed and trimmed (meta.c's set_once) */
	const char *names[] = { meta->og_site, meta->ld_site, meta->app_name };

	for (size_t i = 0; title && i < sizeof names / sizeof names[0]; i++)
		if (names[i] && strcasecmp(names[i], title) == 0)
			return true;
	return false;
}

/* The body's first line, up to `end` (the blank line after it), leaves the body for
 * `title`, which the record takes. */
static void first_line_to_title(struct parser_article *out, char *title, const char *end)
{
	free(out->title);
	out->title = title;
	memmove(out->body, end + 2, strlen(end + 2) + 1);
}

/* A portal whose <title> is its own name on every page ("Cổng thông tin điện tử tỉnh X")
 * prints the headline as a heading at the top of the article: when the body starts with
 * a line that is one of the page's headings and the title chosen was no heading, that
 * line is the title and leaves the body. */
static int title_from_body_heading(const struct parser_meta *meta, struct parser_article *out)
{
	const char *end;
	size_t len, chars;
	/* a DotNetNuke page's <title> is its section's name, which the module's header
	 * repeats as a title-classed heading ("Tin tức - Sự kiện"): that heading is no
	 * headline when the body opens with a longer one */
	bool section = meta->title_is_heading && !meta->title_is_h1 && out->title &&
		       meta->title_tag && strcmp(meta->title_tag, out->title) == 0 &&
		       (!meta->og_title || strcmp(meta->og_title, out->title) == 0);

	if (!out->body || (meta->title_is_heading && !section) || meta->ld_headline)
		return VN_OK;
	end = strstr(out->body, "\n\n");
	if (!end)
		return VN_OK; /* the heading would be the whole body */
	len = (size_t)(end - out->body);
	chars = parser_text_count_chars(out->body, len);
	if (chars < 15 || chars > 300)
		return VN_OK;
	if (out->title && memmem(out->title, strlen(out->title), out->body, len))
		return VN_OK; /* the title has it already (with the site's name around it) */
	if (out->title &&
	    (parser_title_names_portal(out->title, strlen(out->title)) ||
	     title_names_site(meta, out->title)) &&
	    !memchr(out->body, ':', len) && !strchr(".;!?", out->body[len - 1]) &&
	    strstr(end + 2, "\n\n") &&
	    parser_text_count_chars(end + 2, strlen(end + 2)) >= 300) {
		/* no heading markup at all ("<p><strong>headline</strong></p>"), but the title
		 * says it is the portal's name, or is the name the page gives its site, the first
		 * line is no sentence nor a label ("Cơ quan chủ quản: ..."), and paragraphs
		 * follow */
		char *t = strndup(out->body, len);

		if (!t)
			return VN_ENOMEM;
		first_line_to_title(out, t, end);
		return VN_OK;
	}
	for (size_t i = 0; i < meta->n_headings + meta->n_subheads; i++) {
		const char *raw = i < meta->n_headings ? meta->headings[i] :
			meta->subheads[i - meta->n_headings];
		char *h = NULL;
		bool same;
		int rc = parser_text_nfc(raw, strlen(raw), &h);

		if (rc)
			return rc;
		same = h && strlen(h) == len && memcmp(h, out->body, len) == 0 &&
		       (!section || (i < meta->n_headings &&
				     parser_text_count_words(h, len) >
					     parser_text_count_words(out->title, strlen(out->title)) + 1));
		if (!same) {
			free(h);
			continue;
		}
		first_line_to_title(out, h, end);
		return VN_OK;
	}
	return VN_OK;
}

/* Whether a short title names an organization, as the <title> of every page of a
 * department's or a district's site does ("SỞ Y TẾ TỈNH CAO BẰNG", "UBND huyện Bảo Lâm"). */
static bool title_names_org(const char *title)
{
	return parser_text_names_org(title, strlen(title), 8);
}

/* The node after `n` in document order inside `root`, descending into `n`. */
static xmlNode *next_in(xmlNode *n, const xmlNode *root)
{
	return n->type == XML_ELEMENT_NODE && n->children ? n->children : parser_node_after(n, root);
}

/* Whether bold `n` is all the text of the cell, paragraph or division it is in: the
 * headline of an old table-layout portal ("<td><font size="4"><b>headline</b></font>
 * </td>"), which has no heading markup. */
static bool bold_alone(xmlNode *n)
{
	xmlNode *box = n->parent;
	char *own, *all;
	bool same;

	while (box && box->type == XML_ELEMENT_NODE && box->name &&
	       (strcmp((const char *)box->name, "font") == 0 ||
		strcmp((const char *)box->name, "span") == 0 ||
		strcmp((const char *)box->name, "center") == 0))
		box = box->parent;
	if (!box || box->type != XML_ELEMENT_NODE || !box->name ||
	    !(strcmp((const char *)box->name, "td") == 0 || strcmp((const char *)box->name, "p") == 0 ||
	      strcmp((const char *)box->name, "div") == 0))
		return false;
	own = parser_node_text(n, 1024);
	all = parser_node_text(box, 1024);
	same = own && all && *own && strcmp(own, all) == 0;
	free(own);
	free(all);
	return same;
}

/* Whether `n` reads as a headline element: h1-h3, a class/id that says title, or a bold
 * line alone in its cell. */
static bool headline_element(xmlNode *n)
{
	const char *t = (const char *)n->name;

	if (n->type != XML_ELEMENT_NODE || !t || strcmp(t, "a") == 0 || strcmp(t, "li") == 0 ||
	    strcmp(t, "ul") == 0)
		return false;
	if ((strcmp(t, "b") == 0 || strcmp(t, "strong") == 0) && bold_alone(n))
		return true;
	return (t[0] == 'h' && t[1] >= '1' && t[1] <= '3' && !t[2]) ||
	       parser_node_attr_matches(n, PARSER_TITLE_HINTS);
}

/* A headline's text of 15 to 300 characters in `n`, not a link's (a teaser's). */
static char *headline_text(xmlNode *n)
{
	char *t;
	size_t chars;

	for (xmlNode *c = n; c; c = next_in(c, n))
		if (c->type == XML_ELEMENT_NODE && c->name && strcmp((const char *)c->name, "a") == 0 &&
		    parser_node_attr(c, "href"))
			return NULL;
	t = parser_node_text(n, 2048);
	chars = t ? parser_text_count_chars(t, strlen(t)) : 0;
	if (chars < 15 || chars > 300 || t[strlen(t) - 1] == ':') {
		free(t);
		return NULL;
	}
	return t;
}

/* The headline printed just above the article's body ("<td class="tieude">" in the row
 * over the body's): the nearest headline element before the main node, in its siblings
 * or in those of its ancestors up to 3 levels up; at most a few hundred elements are
 * looked at. */
static char *headline_above(xmlNode *main)
{
	size_t budget = 400;
	xmlNode *start = main;

	for (int level = 0; level < 4 && start && budget; level++) {
		for (xmlNode *sib = start->prev; sib && budget; sib = sib->prev) {
			xmlNode *last = NULL;
			char *t;

			for (xmlNode *c = sib; c && budget; c = next_in(c, sib), budget--)
				if (headline_element(c))
					last = c;
			if (last && (t = headline_text(last)))
				return t;
		}
		start = start->parent && start->parent->type == XML_ELEMENT_NODE ? start->parent : NULL;
	}
	return NULL;
}

/* A page whose <title> is only its site's name, and whose headline is no heading the
 * title rule could match nor the body's first line: the headline above the body is the
 * title. */
static int title_from_headline_above(const struct parser_meta *meta, xmlNode *main,
				     struct parser_article *out)
{
	char *h, *nfc = NULL;
	size_t hw;
	bool org;
	int rc;

	if (!main || !out->title || meta->title_is_heading || meta->ld_headline || meta->og_title)
		return VN_OK;
	org = !parser_title_names_portal(out->title, strlen(out->title)) &&
	      !title_names_site(meta, out->title);
	if ((org && !title_names_org(out->title)) || !(h = headline_above(main)))
		return VN_OK;
	hw = parser_text_count_words(h, strlen(h));
	if (org && (hw < 8 || hw <= parser_text_count_words(out->title, strlen(out->title)))) {
		/* a title naming an organization may be a short headline itself, and a short
		 * line above the body a category's name ("Tin hoạt động của Sở Y tế") */
		free(h);
		return VN_OK;
	}
	rc = parser_text_nfc(h, strlen(h), &nfc);
	free(h);
	if (rc)
		return rc;
	if (strstr(out->title, nfc) || strstr(nfc, out->title) ||
	    (out->body && strncmp(out->body, nfc, strlen(nfc)) == 0)) {
		free(nfc);
		return VN_OK;
	}
	free(out->title);
	out->title = nfc;
	return VN_OK;
}

int parser_article_extract(const struct parser_input *in, struct parser_article *out)
{
	struct page_feed feed;
	struct parser_meta meta;
	struct parser_content content;
	struct parser_kind_scan kind;
	htmlDocPtr doc = NULL;
	xmlNode *forced = NULL;
	char iso[32], hex[65], meta_day[32] = "";
	int rc = VN_OK;
	/* XML_PARSE_HUGE lifts libxml2's nesting limit of 256 elements, past which it stops
	 * parsing and the rest of the page (often the whole article, under a few hundred
	 * unclosed <div>s or <font>s) is lost; every walk here is iterative, so depth costs
	 * no stack, and the input and text caps above still bound the work. */
	int opts = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
		   HTML_PARSE_NONET | HTML_PARSE_COMPACT | HTML_PARSE_IGNORE_ENC | XML_PARSE_HUGE;

	memset(out, 0, sizeof *out);
	memset(&meta, 0, sizeof meta);
	memset(&content, 0, sizeof content);
	memset(&kind, 0, sizeof kind);
	memset(&feed, 0, sizeof feed);
	if (!in || (!in->data && in->len))
		return VN_EINVAL;
	if (in->len > PARSER_MAX_INPUT)
		return VN_ETOOBIG;
	if (in->url && !(out->url = strdup(in->url))) {
		rc = VN_ENOMEM;
		goto out;
	}
	/* decoding and parsing go together, a piece at a time: a big page is never held
	 * whole as UTF-8 beside its raw bytes and its tree */
	feed.url = in->url;
	feed.opts = opts;
	feed.all_attrs = in->xpath_title || in->xpath_body || in->xpath_date;
	rc = parser_html_push_init(&feed.push, in->url, opts, feed.all_attrs);
	if (rc)
		goto out;
	rc = parser_charset_decode_to(in->data ? in->data : "", in->len, in->content_type,
				      page_feed_sink, &feed, &out->charset);
	data_done(in);
	if (rc)
		goto out;
	if (!feed.text) {
		rc = VN_EPARSE; /* nothing but white space: no page at all */
		goto out;
	}
	rc = parser_html_push_finish(&feed.push, &doc);
	if (rc)
		goto out;
	rc = parser_meta_collect(doc, in, &meta, out);
	if (rc)
		goto out;
	/* a sites file's overrides are read from the untouched tree (the <title>, <meta> and
	 * hidden elements they may point at go in the cleaning), the body's after it */
	if (in->xpath_title && !(out->title = parser_xpath_string(doc, in->xpath_title)))
		out->overrides_missed |= PARSER_OVERRIDE_TITLE;
	if (in->xpath_date) {
		char *d = parser_xpath_string(doc, in->xpath_date);

		if (d && (parser_date_parse_iso(d, iso) || parser_date_find(d, strlen(d), iso)) &&
		    !(out->published = strdup(iso)))
			rc = VN_ENOMEM;
		free(d);
		if (rc)
			goto out;
		if (!out->published)
			out->overrides_missed |= PARSER_OVERRIDE_DATE;
	}
	if (!out->title) {
		rc = parser_meta_title(&meta, &out->title);
		if (rc)
			goto out;
	}
	parser_pagekind_scan_ld(doc, &kind);
	parser_clean_tree(doc);
	rc = parser_pagekind_scan(doc, &kind);
	if (rc)
		goto out;
	if (in->xpath_body)
		forced = parser_xpath_element(doc, in->xpath_body);
	rc = parser_content_extract(doc, out->title, forced, &content);
	if (rc)
		goto out;
	if (in->xpath_body && (!forced || content.main != forced))
		out->overrides_missed |= PARSER_OVERRIDE_BODY;
	out->body = content.body;
	content.body = NULL;
	if (!in->xpath_title) {
		rc = title_from_body_heading(&meta, out);
		if (!rc)
			rc = title_from_headline_above(&meta, content.main, out);
		if (rc)
			goto out;
	}
	rc = parser_meta_byline(&meta, out);
	if (!rc && !out->author && content.credit_author)
		rc = parser_text_nfc(content.credit_author, strlen(content.credit_author), &out->author);
	if (rc)
		goto out;
	/* a meta date without a time ("datePublished" content="2012-12-25") waits: the date
	 * line printed on the page usually has the same day with its time */
	if (!out->published && meta.meta_date && parser_date_parse_iso(meta.meta_date, iso)) {
		if (!strchr(meta.meta_date, ':'))
			memcpy(meta_day, iso, sizeof meta_day);
		else if (!(out->published = strdup(iso))) {
			rc = VN_ENOMEM;
			goto out;
		}
	}
	if (!out->published && meta.script_date &&
	    (!meta_day[0] || strncmp(meta.script_date, meta_day, 10) == 0) &&
	    !(out->published = strdup(meta.script_date))) {
		rc = VN_ENOMEM;
		goto out;
	}
	rc = parser_date_extract(doc, content.main, out);
	if (rc)
		goto out;
	if (meta_day[0] && (!out->published || out->published_inferred ||
			    strncmp(out->published, meta_day, 10) != 0)) {
		/* no printed date, or another day: the page's metadata has the last word */
		free(out->published);
		out->published_inferred = false;
		if (!(out->published = strdup(meta_day))) {
			rc = VN_ENOMEM;
			goto out;
		}
	}
	if (out->body) {
		rc = parser_text_documents(out->body, strlen(out->body), &out->documents,
					   &out->n_documents);
		if (rc)
			goto out;
		parser_sha256_hex(out->body, strlen(out->body), hex);
		if (!(out->content_hash = strdup(hex))) {
			rc = VN_ENOMEM;
			goto out;
		}
	}
	rc = parser_meta_site_lang(&meta, out);
	if (rc)
		goto out;
	/* metadata in UTC ("2021-08-11T23:15:00Z") on a Vietnamese page: the same instant in
	 * Vietnam's time, whose calendar day the page prints (12/08/2021 06:15) */
	if (out->published && out->lang && strcmp(out->lang, "vi") == 0)
		parser_date_utc_to_vn(out->published);
	/* a Vietnamese page's author field that credits a source ("Theo Ngoisao": "according
	 * to") names the source, as a closing "Theo TTXVN" line does; elsewhere "Theo" is a
	 * first name */
	if (out->author && out->lang && strcmp(out->lang, "vi") == 0 &&
	    strncmp(out->author, "Theo ", 5) == 0 && out->author[5] && out->author[5] != ' ')
		memmove(out->author, out->author + 5, strlen(out->author + 5) + 1);
	out->kind = parser_pagekind_decide(out, &meta, &content, &kind);
out:
	parser_content_release(&content);
	parser_meta_release(&meta);
	parser_doc_free(doc);
	parser_html_push_release(&feed.push);
	if (rc)
		parser_article_release(out);
	return rc;
}

static void free_list(char **v, size_t n)
{
	for (size_t i = 0; v && i < n; i++)
		free(v[i]);
	free(v);
}

void parser_article_release(struct parser_article *a)
{
	if (!a)
		return;
	free(a->url);
	free(a->canonical_url);
	free(a->title);
	free(a->published);
	free(a->author);
	free(a->site);
	free(a->lang);
	free(a->body);
	free(a->content_hash);
	free(a->charset);
	parser_documents_free(a->documents, a->n_documents);
	free_list(a->links, a->n_links);
	free_list(a->feeds, a->n_feeds);
	memset(a, 0, sizeof *a);
}

const char *parser_page_kind_name(enum parser_page_kind kind)
{
	switch (kind) {
	case PARSER_PAGE_ARTICLE:
		return "article";
	case PARSER_PAGE_LISTING:
		return "listing";
	case PARSER_PAGE_UNKNOWN:
	default:
		return "unknown";
	}
}
