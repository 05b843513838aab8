/* parser_int.h — what the files of parser/ share and nobody else sees.
 *
 * The extraction pipeline is: charset.c (raw bytes -> UTF-8), libxml2's HTML parser,
 * clean.c (drop what is never content), content.c (score blocks, pick the main subtree,
 * emit paragraphs), meta.c (title, byline, site, lang, links), date.c, documents.c,
 * text.c (NFC and whitespace), sha256.c; article.c wires them together. */
#ifndef PARSER_INT_H
#define PARSER_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <unicode/uregex.h>

#include "common/vn_buf.h"
#include "parser/parser.h"

/* Caps on what one page may cost: pages past these are cut, not refused. */
#define PARSER_MAX_INPUT ((size_t)64 << 20)
#define PARSER_MAX_TEXT ((size_t)16 << 20)

/* ---- charset.c ---- */
/* Decodes `data` into UTF-8 in `out` (which the caller set up and releases): BOM, then the
 * HTTP Content-Type, then <meta>, then detection.  Invalid sequences become U+FFFD and NUL
 * bytes are dropped, so libxml2 sees clean UTF-8.  `*name_out` (caller frees) names the
 * charset used. */
int parser_charset_decode(const char *data, size_t len, const char *content_type,
			  struct vn_buf *out, char **name_out) VN_WUR;
/* Where parser_charset_decode_to() sends the UTF-8 it makes, a piece at a time (pieces may
 * end inside a character).  A call with `utf8` NULL means: forget every piece so far, the
 * text starts again (the bytes said "UTF-8" but were not).  A non-zero return stops the
 * decoding and is returned by it. */
typedef int (*parser_charset_sink)(void *ctx, const char *utf8, size_t len);
/* The same decoding as parser_charset_decode, delivered in pieces of about 64 KiB: UTF-8
 * pages (nearly all) are repaired on the fly and never copied whole. */
int parser_charset_decode_to(const char *data, size_t len, const char *content_type,
			     parser_charset_sink sink, void *ctx, char **name_out) VN_WUR;
/* Converts `len` bytes in the legacy Vietnamese font encoding `enc` ("TCVN3" or "VNI") to
 * UTF-8 (NFC), appending to `out`. */
int parser_charset_legacy_to_utf8(const char *enc, const char *data, size_t len,
				  struct vn_buf *out) VN_WUR;
/* Score of how Vietnamese a UTF-8 text looks: the share of its words that are valid
 * Vietnamese syllables with diacritics, 0..1. */
double parser_charset_vi_score(const char *s, size_t len);

/* ---- text.c ---- */
/* A case-insensitive ICU regular expression compiled from a UTF-8 pattern (the pattern
 * must outlive it: a string constant), or NULL.  Compile once a process and match on
 * uregex_clone()s: compiling costs more than matching a page. */
URegularExpression *parser_regex_open(const char *pattern);
/* NFC-normalizes `len` bytes of UTF-8; `*out` is a new string the caller frees. */
int parser_text_nfc(const char *s, size_t len, char **out) VN_WUR;
/* The same for the text of `b`, which is left empty: text already NFC (nearly all) is
 * handed over without a copy.  `*out` is the caller's to free. */
int parser_text_nfc_take(struct vn_buf *b, char **out) VN_WUR;
/* Appends `s` with whitespace runs (ASCII, NBSP, zero-width) collapsed to one space;
 * `*space` carries a pending space between calls. */
int parser_text_add_collapsed(struct vn_buf *b, const char *s, size_t len, bool *space) VN_WUR;
/* A new lowercased copy of `len` bytes of UTF-8 (ICU, Vietnamese rules), or NULL. */
char *parser_text_lower(const char *s, size_t len);
/* The same into `out` (`cap` bytes, NUL-terminated); returns the length, 0 when it does
 * not fit or `len` is 0. */
size_t parser_text_lower_into(const char *s, size_t len, char *out, size_t cap);
/* Number of space-separated words in `len` bytes. */
size_t parser_text_count_words(const char *s, size_t len);
/* Whether `len` bytes of at most `max_words` words open with an organization's kind
 * ("Sở ", "UBND", "Trung tâm ", "Văn phòng ", ...): a department's or a district's name. */
bool parser_text_names_org(const char *s, size_t len, size_t max_words);
/* Closes the calling thread's case map (parser_global_release does, at exit). */
void parser_text_release(void);
/* Strips leading/trailing spaces in place; returns the new length. */
size_t parser_text_trim(char *s, size_t len);
/* Number of code points of `s` that are not whitespace. */
size_t parser_text_count_chars(const char *s, size_t len);
/* A new NUL-terminated, trimmed, whitespace-collapsed copy of a node's text (NULL if empty).
 * `cap` limits the bytes collected. */
char *parser_node_text(xmlNode *n, size_t cap);
/* ASCII case-insensitive search of `needle` in `hay` (`hay_len` bytes). */
const char *parser_memcasemem(const char *hay, size_t hay_len, const char *needle);
/* Whether the element's class or id contains one of the '|'-separated words in `words`. */
bool parser_node_attr_matches(xmlNode *n, const char *words);
/* The attribute value as a borrowed string, or NULL (libxml2 keeps it). */
const char *parser_node_attr(xmlNode *n, const char *name);
/* The node after `n` and its subtree in document order, inside `root`; NULL past the end.
 * Walks that skip a subtree (or free `n`) take it before touching `n`. */
xmlNode *parser_node_after(xmlNode *n, const xmlNode *root);

/* ---- content.c ---- */
/* Whether a line is a heading after which a page lists other articles ("Tin liên quan",
 * "TIN CÙNG CHUYÊN MỤC", "Related posts"): the article has ended. */
bool parser_line_is_related(const char *s, size_t len);
struct parser_content {
	char *body;          /* paragraphs joined by "\n\n"; NULL when nothing was found */
	xmlNode *main;       /* the chosen subtree (borrowed from the document) */
	size_t good_paras;   /* paragraphs that look like prose */
	size_t body_chars;
	double page_link_density; /* link text / all text of the whole page body */
	double main_link_density; /* the same inside the main node */
	double lone_share;   /* share of the page's prose in blocks alone in their container */
	size_t n_lone;       /* how many such blocks: teasers of a listing */
	char *credit_author; /* the writer of a credits line left out ("Nội dung: X | Ảnh: Y") */
};
/* `forced` (may be NULL) is the main node a sites file's body XPath chose: it and its
 * ancestors are never pruned, and it is emitted instead of the best-scored node. */
int parser_content_extract(htmlDocPtr doc, const char *title, xmlNode *forced,
			   struct parser_content *out) VN_WUR;
void parser_content_release(struct parser_content *c);
/* Whether an element named `name` ends the text block before it wherever it stands, when
 * it has no attributes: a block element that is never pruned for its tag alone. */
bool parser_tag_ends_block(const char *name);
/* Drops scripts, styles, forms' controls, hidden elements and the named boilerplate. */
void parser_clean_tree(htmlDocPtr doc);

/* ---- meta.c ---- */
/* The class/id words of an element holding a headline ("tieude" is Vietnamese). */
#define PARSER_TITLE_HINTS "title|tieude|tieu-de|tieu_de|headline|heading"
#define PARSER_MAX_HEADINGS 16
/* What the page says about itself, collected in one walk before any pruning. */
struct parser_meta {
	char *title_tag, *og_title, *ld_headline, *og_site, *ld_site, *app_name;
	char *og_type, *og_url, *meta_author, *ld_author, *meta_date, *lang;
	char *headings[PARSER_MAX_HEADINGS]; /* h1s first, then title-classed elements */
	size_t n_headings;
	/* <h2>s and <h3>s with no title class: a headline only where the article starts */
	char *subheads[PARSER_MAX_HEADINGS];
	size_t n_subheads;
	char *author_text; /* the text of the first element whose class/itemprop says author */
	char *script_date; /* ISO date a script writes into a date-classed element of the page */
	bool title_is_heading; /* the headline chosen is a heading of the page */
	bool title_is_h1;      /* ... an <h1> */
	size_t n_h1;           /* headings[0 .. n_h1) are <h1>s */
};
/* Fills `m` and a->links, a->feeds, a->canonical_url (resolved against <base>/a->url);
 * `in`'s link_seen, when set, leaves out the hrefs it has seen. */
int parser_meta_collect(htmlDocPtr doc, const struct parser_input *in, struct parser_meta *m,
			struct parser_article *a) VN_WUR;
void parser_meta_release(struct parser_meta *m);
/* Chooses the headline; `*out` is a new NFC string or NULL. */
int parser_meta_title(struct parser_meta *m, char **out) VN_WUR;
/* Whether a title (`len` bytes) is a portal's name ("Cổng thông tin điện tử tỉnh X"). */
bool parser_title_names_portal(const char *title, size_t len);
/* Sets a->site and a->lang from `m`, the URL and the body. */
int parser_meta_site_lang(const struct parser_meta *m, struct parser_article *a) VN_WUR;
/* The byline: from the page's author markup, else the last body line when it looks like
 * one, which is then removed from a->body.  Sets a->author. */
int parser_meta_byline(const struct parser_meta *m, struct parser_article *a) VN_WUR;

/* byline.c: `s` without a label before the name ("By ", "Tác giả:") and without the date,
 * time, handle or link text after it; *out is NULL when nothing is left. */
int parser_byline_tidy(const char *s, char **out) VN_WUR;
/* byline.c: the length of the label `s` starts with ("By ", "Bài và ảnh: "), 0 for none. */
size_t parser_byline_label_len(const char *s, size_t len);
void parser_byline_release(void);

/* ---- date.c ---- */
/* Finds the first date (and the time near it) in `len` bytes of text; writes ISO 8601 with
 * +07:00 into `iso` (at least 32 bytes).  Returns true when found. */
bool parser_date_find(const char *s, size_t len, char iso[32]);
/* Parses an ISO-8601-like meta value ("2021-11-30T08:19:06+07:00", "2021-11-30"). */
bool parser_date_parse_iso(const char *s, char iso[32]);
/* Rewrites an ISO date-time in UTC ("...+00:00") with a time of day as the same instant in
 * Vietnam's +07:00; false (unchanged) for any other. */
bool parser_date_utc_to_vn(char *iso);
int parser_date_extract(htmlDocPtr doc, xmlNode *main, struct parser_article *a) VN_WUR;
/* Finds a date written "dd/mm/yyyy" or "ngày d tháng m năm yyyy" starting within the
 * first `window` bytes of `s`; writes "YYYY-MM-DD". */
bool parser_date_find_day(const char *s, size_t len, size_t window, char day[11]);

/* ---- pagekind.c ---- */
#define PARSER_KIND_MAX_GROUPS 64
/* Evidence about the page's kind gathered from its tree. */
struct parser_kind_scan {
	size_t text;            /* non-space characters of the page */
	size_t teaser_groups;   /* containers whose children are mostly teasers */
	size_t teasers;         /* teasers in all of them */
	size_t largest_group;
	size_t teaser_chars;    /* text inside teasers */
	bool pager;             /* page-number links */
	bool ld_article;        /* JSON-LD says NewsArticle/Article/BlogPosting... */
	bool ld_listing;        /* JSON-LD says CollectionPage/ItemList/SearchResultsPage */
	xmlNode *groups[PARSER_KIND_MAX_GROUPS]; /* the teaser containers (borrowed) */
	size_t group_chars[PARSER_KIND_MAX_GROUPS];
	size_t n_groups;
};
/* Reads the JSON-LD types; call before parser_clean_tree (which drops scripts). */
void parser_pagekind_scan_ld(htmlDocPtr doc, struct parser_kind_scan *s);
/* Measures teaser lists and pagers; call after parser_clean_tree and before anything
 * frees nodes (groups[] point into the tree).  Keeps the JSON-LD fields. */
int parser_pagekind_scan(htmlDocPtr doc, struct parser_kind_scan *s) VN_WUR;
/* The decision, from the record, the page's self-description, the content and the scan. */
enum parser_page_kind parser_pagekind_decide(const struct parser_article *a,
					     const struct parser_meta *m,
					     const struct parser_content *c,
					     const struct parser_kind_scan *s);

/* ---- xpath.c ---- */
/* The string value of what `expr` selects, whitespace-collapsed, trimmed, NFC; NULL when
 * it selects nothing, is empty or does not compile.  The caller frees it. */
char *parser_xpath_string(htmlDocPtr doc, const char *expr) VN_WUR;
/* The first element `expr` selects (borrowed from the tree), or NULL. */
xmlNode *parser_xpath_element(htmlDocPtr doc, const char *expr);

/* ---- sha256.c ---- */
void parser_sha256_hex(const void *data, size_t len, char hex[65]);

/* xmlmem.c: libxml2 set up once with allocation wrappers that halt a parse on failure. */
void parser_xml_init(void);
/* An HTML parse fed UTF-8 in pieces (libxml2's push parser). */
struct parser_html_push {
	htmlParserCtxtPtr ctxt;
	bool failed; /* an allocation failed: the parse is halted, no tree will come */
	bool skip_raw; /* leave out the text of <style> and of scripts nobody reads */
	const char *raw_name; /* "script" or "style" while its text is skipped, else NULL */
	struct vn_buf raw_text; /* the skipped script text so far */
	struct attr_chunk *attrs; /* the arena of the kept attributes (xmlmem.c) */
};
/* Frees a tree made by parser_html_push_finish(), its attribute arena with it. */
void parser_doc_free(htmlDocPtr doc);
/* An element's attributes, wherever the tree keeps them: the attributes a parse without
 * `all_attrs` keeps are a block in the element's `psvi` (no xmlAttr, no text node), the
 * others libxml2's `properties`.  Read them with parser_attr_first() and, while it returns
 * true, parser_attr_next(), which gives the name and the value (NULL: none written). */
struct parser_attr_it {
	const char *blob;
	xmlAttr *attr;
};
void parser_attr_first(xmlNode *n, struct parser_attr_it *it);
bool parser_attr_next(struct parser_attr_it *it, const char **name, const char **value);
/* Sets up a parse of a page at `url` (may be NULL) with htmlParserOption bits `opts`;
 * release it with parser_html_push_release() unless parser_html_push_finish() ran.  The
 * tree keeps only the attributes parser_attr_kept() names and no text of <style> or of
 * scripts other than JSON-LD and innerHTML writers, unless `all_attrs` (a sites file's
 * XPath may test any attribute or text). */
int parser_html_push_init(struct parser_html_push *p, const char *url, int opts,
			  bool all_attrs) VN_WUR;
/* Whether the tree keeps attribute `name` with `value` (NULL: no value) of an element
 * `elem`. */
bool parser_attr_kept(const char *elem, const char *name, const char *value);
/* Feeds the next `len` bytes of clean UTF-8, whole characters ending before a '<' where
 * the text has one (libxml2 2.9.14's push parser mis-reads a split end tag); VN_ENOMEM
 * once an allocation failed during the parse. */
int parser_html_push_add(struct parser_html_push *p, const char *utf8, size_t len) VN_WUR;
/* Ends the input and hands the tree to `*out` (the caller frees it with xmlFreeDoc);
 * VN_ENOMEM when an allocation failed (no tree then), VN_EPARSE when libxml2 made no
 * tree.  Releases `p` in every case. */
int parser_html_push_finish(struct parser_html_push *p, htmlDocPtr *out) VN_WUR;
void parser_html_push_release(struct parser_html_push *p);

#endif
