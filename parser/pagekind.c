/* pagekind.c — is this page an article (one dated headline over a body of prose) or not
 * (home, category listing, pager, calendar, search, tag page, static page)?
 *
 * No standard defines it; the evidence is the one news portals share.  A listing repeats
 * teaser blocks (a headline link with a date or a lead) as siblings, has a pager, and its
 * "main text" is those teasers; an article has one long block of low link density under
 * a dated headline, whatever lists of related news sit beside it; static pages
 * (introduction, contact) carry no publication date.  schema.org/Open Graph types and the
 * URL shape are weaker hints.  Each signal adds or subtracts evidence; none decides alone,
 * so one unusual portal feature cannot flip a page.  The tree walk is iterative with an
 * explicit stack: pages nest 10 000 deep. */
#include "parser/parser_int.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>
#include <jansson.h>

/* A teaser: a headline link of at least this many characters ... */
#define TEASER_HEADLINE_MIN 20
/* ... in a block no longer than this (an article body is longer) ... */
#define TEASER_TEXT_MAX 700
/* ... with a date or at least this much text outside links (the lead). */
#define TEASER_LEAD_MIN 40
/* Sibling teasers that make a list of news. */
#define TEASER_GROUP_MIN 4

/* What a subtree holds, summed bottom-up. */
struct kind_agg {
	size_t text;          /* non-space characters */
	size_t link_text;     /* of which inside <a href> */
	size_t longest_link;  /* the longest single link text */
	size_t anchors;       /* <a href> elements */
	size_t num_anchors;   /* links whose text is a page number or next/previous */
	bool date;            /* a date is written in one of its text nodes or <time> */
	size_t teaser_chars;  /* text inside teasers of groups found in this subtree */
};

struct kind_frame {
	xmlNode *node;
	xmlNode *cur;         /* the next child to visit */
	struct kind_agg agg;
	size_t kids;          /* element children */
	size_t teasers;       /* element children that are teasers */
	size_t teaser_chars;  /* their text */
};

static bool kind_skipped(const xmlNode *n)
{
	static const char *const skip[] = { "script", "style", "noscript", "template", "select",
					    "head", "svg", "iframe" };
	for (size_t i = 0; i < sizeof skip / sizeof skip[0]; i++)
		if (n->name[0] == (unsigned char)skip[i][0] &&
		    strcmp((const char *)n->name, skip[i]) == 0)
			return true;
	return false;
}

/* Pager links: "2", "15", "»", "Trang sau", "Next", "Tiếp". */
static bool kind_pager_text(char *s, size_t len)
{
	static const char *const words[] = { "»", "›", "«", "‹", ">>", "<<", ">", "next",
					     "trang sau", "trang trước", "sau", "tiếp", "cuối",
					     "đầu", "last", "first", "previous", "prev" };
	size_t digits = 0;

	len = parser_text_trim(s, len);
	if (len == 0)
		return false;
	for (size_t i = 0; i < len; i++)
		digits += s[i] >= '0' && s[i] <= '9';
	if (digits == len && len <= 4)
		return true;
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
		if (strlen(words[i]) == len && strncasecmp(s, words[i], len) == 0)
			return true;
	return false;
}

static bool kind_teaser(const struct kind_agg *a)
{
	return a->longest_link >= TEASER_HEADLINE_MIN && a->text <= TEASER_TEXT_MAX &&
	       a->anchors <= 4 &&
	       (a->date || a->text - a->link_text >= TEASER_LEAD_MIN);
}

static void kind_merge(struct kind_agg *into, const struct kind_agg *a)
{
	into->text += a->text;
	into->link_text += a->link_text;
	if (a->longest_link > into->longest_link)
		into->longest_link = a->longest_link;
	into->anchors += a->anchors;
	into->num_anchors += a->num_anchors;
	into->date = into->date || a->date;
	into->teaser_chars += a->teaser_chars;
}

/* Closes the frame of an element: its own role as a link, a pager or a teaser list. */
static void kind_finish(struct kind_frame *f, struct parser_kind_scan *s)
{
	xmlNode *n = f->node;
	const char *name = (const char *)n->name;

	if (strcmp(name, "a") == 0 && parser_node_attr(n, "href")) {
		f->agg.link_text = f->agg.text;
		f->agg.longest_link = f->agg.text;
		f->agg.anchors++;
		if (f->agg.text <= 12) {
			char *t = parser_node_text(n, 64);

			if (t && kind_pager_text(t, strlen(t)))
				f->agg.num_anchors++;
			free(t);
		}
	}
	if (strcmp(name, "time") == 0 && parser_node_attr(n, "datetime"))
		f->agg.date = true;
	/* a pager: several page-number links together, or a container named for it */
	if (f->agg.num_anchors >= 3 && f->agg.anchors <= 2 * f->agg.num_anchors + 2)
		s->pager = true;
	else if (f->agg.num_anchors >= 1 &&
		 parser_node_attr_matches(n, "pagination|pager|paging|phantrang|phan-trang"))
		s->pager = true;
	if (f->teasers >= TEASER_GROUP_MIN && 2 * f->teasers >= f->kids) {
		s->teaser_groups++;
		s->teasers += f->teasers;
		if (f->teasers > s->largest_group)
			s->largest_group = f->teasers;
		f->agg.teaser_chars = f->teaser_chars; /* the nested groups are inside these */
		if (s->n_groups < PARSER_KIND_MAX_GROUPS) {
			s->group_chars[s->n_groups] = f->teaser_chars;
			s->groups[s->n_groups++] = n;
		}
	}
}

int parser_pagekind_scan(htmlDocPtr doc, struct parser_kind_scan *s)
{
	xmlNode *root = xmlDocGetRootElement(doc);
	struct kind_frame *stack = NULL;
	size_t depth = 0, cap = 0;
	bool ld_article = s->ld_article, ld_listing = s->ld_listing;
	int rc = VN_OK;

	memset(s, 0, sizeof *s);
	s->ld_article = ld_article;
	s->ld_listing = ld_listing;
	if (!root)
		goto out;
	cap = 64;
	stack = calloc(cap, sizeof *stack);
	if (!stack) {
		rc = VN_ENOMEM;
		goto out;
	}
	stack[depth++] = (struct kind_frame){ .node = root, .cur = root->children };
	while (depth > 0) {
		struct kind_frame *f = &stack[depth - 1];
		xmlNode *c = f->cur;

		if (!c) {
			struct kind_frame done = *f;

			kind_finish(&done, s);
			depth--;
			if (depth > 0) {
				struct kind_frame *p = &stack[depth - 1];

				kind_merge(&p->agg, &done.agg);
				p->kids++;
				if (kind_teaser(&done.agg)) {
					p->teasers++;
					p->teaser_chars += done.agg.text;
				}
			} else {
				s->text = done.agg.text;
				s->teaser_chars = done.agg.teaser_chars;
			}
			continue;
		}
		f->cur = c->next;
		if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
			const char *t = (const char *)c->content;
			size_t len = t ? strlen(t) : 0;
			char day[11];

			f->agg.text += parser_text_count_chars(t ? t : "", len);
			if (!f->agg.date && len >= 8 && parser_date_find_day(t, len, len, day))
				f->agg.date = true;
			continue;
		}
		if (c->type != XML_ELEMENT_NODE || !c->name || kind_skipped(c))
			continue;
		if (depth == cap) {
			struct kind_frame *grown = realloc(stack, 2 * cap * sizeof *stack);

			if (!grown) {
				rc = VN_ENOMEM;
				goto out;
			}
			stack = grown;
			cap *= 2;
		}
		stack[depth++] = (struct kind_frame){ .node = c, .cur = c->children };
	}
out:
	free(stack);
	return rc;
}

/* The schema.org type of a JSON-LD object, of each item of a @graph too. */
static void kind_ld_type(json_t *j, struct parser_kind_scan *s, int level)
{
	static const char *const articles[] = { "NewsArticle", "Article", "ReportageNewsArticle",
						"AnalysisNewsArticle", "BlogPosting",
						"OpinionNewsArticle", "LiveBlogPosting" };
	static const char *const lists[] = { "CollectionPage", "ItemList", "SearchResultsPage" };
	json_t *type, *v;
	size_t i;

	if (level > 4)
		return;
	if (json_is_array(j)) {
		json_array_foreach(j, i, v)
			kind_ld_type(v, s, level + 1);
		return;
	}
	if (!json_is_object(j))
		return;
	kind_ld_type(json_object_get(j, "@graph"), s, level + 1);
	type = json_object_get(j, "@type");
	for (i = 0; i < (json_is_array(type) ? json_array_size(type) : 1); i++) {
		const char *t = json_string_value(json_is_array(type) ? json_array_get(type, i) : type);

		for (size_t k = 0; t && k < sizeof articles / sizeof articles[0]; k++)
			if (strcmp(t, articles[k]) == 0)
				s->ld_article = true;
		for (size_t k = 0; t && k < sizeof lists / sizeof lists[0]; k++)
			if (strcmp(t, lists[k]) == 0)
				s->ld_listing = true;
	}
}

void parser_pagekind_scan_ld(htmlDocPtr doc, struct parser_kind_scan *s)
{
	xmlNode *root = xmlDocGetRootElement(doc);
	xmlNode *n = root;
	size_t seen = 0;

	while (n && seen < 64) {
		if (n->type == XML_ELEMENT_NODE && n->name &&
		    n->name[0] == 's' && strcmp((const char *)n->name, "script") == 0) {
			const char *type = parser_node_attr(n, "type");

			if (type && strcasecmp(type, "application/ld+json") == 0) {
				xmlChar *src = xmlNodeGetContent(n);
				json_t *j = src ? json_loads((const char *)src, 0, NULL) : NULL;

				seen++;
				kind_ld_type(j, s, 0);
				json_decref(j);
				xmlFree(src);
			}
		} else if (n->type == XML_ELEMENT_NODE && n->children) {
			n = n->children;
			continue;
		}
		n = parser_node_after(n, root);
	}
}

static bool kind_url_root(const char *url)
{
	CURLU *u = curl_url();
	char *path = NULL, *query = NULL;
	bool root = false;

	if (u && curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_PATH, &path, 0) == CURLUE_OK) {
		bool no_query = curl_url_get(u, CURLUPART_QUERY, &query, 0) != CURLUE_OK;

		root = no_query && (strcmp(path, "/") == 0 || strcasecmp(path, "/index.html") == 0 ||
				    strcasecmp(path, "/default.aspx") == 0 ||
				    strcasecmp(path, "/index.php") == 0);
	}
	curl_free(path);
	curl_free(query);
	curl_url_cleanup(u);
	return root;
}

static bool kind_is_inside(const xmlNode *n, const xmlNode *ancestor)
{
	for (; n; n = n->parent)
		if (n == ancestor)
			return true;
	return false;
}

enum parser_page_kind parser_pagekind_decide(const struct parser_article *a,
					     const struct parser_meta *m,
					     const struct parser_content *c,
					     const struct parser_kind_scan *s)
{
	bool og_article = m->og_type && strcasecmp(m->og_type, "article") == 0;
	bool typed_article = og_article || s->ld_article;
	size_t in_main = 0;
	int e = 0;

	if (!a->body || !a->title)
		return PARSER_PAGE_LISTING;
	/* the body: long prose, in paragraphs */
	if (c->body_chars >= 300)
		e++;
	if (c->body_chars >= 800)
		e++;
	if (c->good_paras >= 3)
		e++;
	if (c->body_chars < 150)
		/* a listing's best block is often one short teaser; a page that repeats no
		 * teasers and has no pager is more likely a short notice */
		e -= s->n_groups == 0 && !s->pager ? 1 : 2;
	/* a dated headline; static pages carry no publication date */
	if (a->published && !a->published_inferred)
		e++;
	else if (!a->published && !typed_article)
		e -= c->body_chars < 2000 ? 2 : 1;
	if (m->title_is_heading)
		e++;
	/* a byline: listings credit no author */
	if (a->author)
		e++;
	/* what the page says it is */
	if (og_article)
		e += 2;
	if (m->og_type && strcasecmp(m->og_type, "website") == 0)
		e--;
	if (s->ld_article)
		e += 2;
	if (s->ld_listing && !s->ld_article)
		e -= 2;
	/* link density of the page and of the chosen block */
	if (c->page_link_density > 0.65)
		e--;
	if (c->main_link_density > 0.25)
		e -= 4; /* teasers under linked headlines */
	if (c->lone_share > 0.5 && c->n_lone >= 3)
		e -= 3; /* the prose is a row of teasers, one per card */
	/* the "main text" is a list of teasers, or one teaser of such a list */
	for (size_t i = 0; c->main && i < s->n_groups; i++) {
		if (kind_is_inside(c->main, s->groups[i])) {
			e -= 4;
			break;
		}
		if (kind_is_inside(s->groups[i], c->main))
			in_main += s->group_chars[i];
	}
	if (in_main > 0 && in_main >= c->body_chars)
		e -= 2; /* the block chosen holds more teaser text than prose */
	/* a pager or many teasers beside a short "body" */
	if (s->pager && !typed_article && !m->title_is_heading && c->body_chars < 2000)
		e--; /* portals also page the "other news" list under an article */
	if (s->teaser_chars >= 2 * c->body_chars && !typed_article)
		e -= 2; /* more text in teasers than in the body */
	if (s->teasers >= 3 * TEASER_GROUP_MIN && c->body_chars < 1500 && !typed_article)
		e--;
	if (a->url && kind_url_root(a->url))
		e -= 2;
	return e >= 2 ? PARSER_PAGE_ARTICLE : PARSER_PAGE_LISTING;
}
