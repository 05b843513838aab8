/* parser.h — the public face of parser/: raw bytes of one HTML page -> one article record.
 *
 * Charset detection and decoding (BOM, HTTP header, <meta>, ICU detection, TCVN3/VNI),
 * libxml2 HTML parsing, main-content extraction, metadata (title, date, byline, site,
 * language, cited documents), links for the crawler and the page kind.  Everything that
 * leaves this module is valid NFC UTF-8. */
#ifndef PARSER_H
#define PARSER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "common/vn_error.h"

/* A legal-document reference cited in a text, e.g. "Công văn số 4588/UBND-VX ngày 07/12/2022". */
struct parser_document_ref {
	char *kind;   /* lower-case Vietnamese kind: "công văn", "chỉ thị", "kết luận", ... */
	char *number; /* the full reference as normalized: "4588/UBND-VX", "240-CV/TU" */
	char *issuer; /* the issuer code: "UBND-VX", "TU", "HU"; NULL when the number has none */
	char *date;   /* "YYYY-MM-DD" when a date follows the reference, else NULL */
};

enum parser_page_kind {
	PARSER_PAGE_UNKNOWN = 0,
	PARSER_PAGE_ARTICLE,  /* a dated headline with a body: stored in the corpus */
	PARSER_PAGE_LISTING,  /* home, category, calendar, search, tag page: followed, not kept */
};

/* One extracted page.  Every string is NUL-terminated NFC UTF-8 or NULL when unknown. */
struct parser_article {
	char *url;            /* the URL given in the input (may be NULL) */
	char *canonical_url;  /* <link rel=canonical> / og:url, resolved; NULL if none */
	char *title;
	char *published;      /* ISO 8601 with offset, "2021-11-30T08:19:06+07:00"; NULL if unknown */
	bool published_inferred; /* the date came from the lead sentence, not a date line */
	char *author;
	char *site;
	char *lang;           /* BCP 47 tag, "vi", "en" */
	char *body;           /* paragraphs separated by one blank line, headings on their own lines */
	char *content_hash;   /* hex digest of the normalized body */
	char *charset;        /* the charset the bytes were decoded from, e.g. "windows-1258" */
	struct parser_document_ref *documents;
	size_t n_documents;
	/* absolute http(s) URLs of every <a>/<area> href, <frame>/<iframe> src, <link rel=next>,
	 * <meta http-equiv=refresh> and onclick location target, each once, in page order */
	char **links;
	size_t n_links;
	char **feeds;         /* RSS/Atom feeds announced with <link rel=alternate> */
	size_t n_feeds;
	enum parser_page_kind kind;
	unsigned overrides_missed; /* PARSER_OVERRIDE_* bits: XPath overrides of the input that
				    * selected nothing (or did not compile); the heuristics
				    * decided those fields */
};

/* Fields a sites file may point at with an XPath expression. */
enum parser_override {
	PARSER_OVERRIDE_TITLE = 1,
	PARSER_OVERRIDE_BODY = 2,
	PARSER_OVERRIDE_DATE = 4,
};

struct parser_input {
	const char *data;          /* the raw bytes as received (not NUL-terminated) */
	size_t len;
	const char *url;           /* base URL, or NULL */
	const char *content_type;  /* the HTTP Content-Type header value, or NULL */
	/* Optional XPath 1.0 overrides (a site's xpath_title/xpath_body/xpath_date), NULL for
	 * none.  Title and date take the string value of what the expression selects (the
	 * date then read as any date line is); the body is the text of the first element it
	 * selects, cleaned of boilerplate as usual.  An expression that selects nothing or
	 * does not compile leaves its field to the heuristics and sets its bit in
	 * parser_article.overrides_missed. */
	const char *xpath_title;
	const char *xpath_body;
	const char *xpath_date;
	/* Optional: called with `data_done_ctx` as soon as `data` is read no more (the page is
	 * parsed, its tree not yet analysed), at most once; a caller holding a big page frees
	 * it there, so the raw bytes and the analysis do not add up.  An early failure may
	 * return without the call: the caller still owns `data` and frees it if need be. */
	void (*data_done)(void *ctx);
	void *data_done_ctx;
	/* Optional, for a crawler that has taken a site's links already: called once for
	 * each distinct href of the page with a 64-bit key of what it resolves to (the href
	 * and the part of the base URL its resolution reads); returning true leaves the href
	 * out of `links`, unresolved.  Menus and pagers repeat the same hrefs on every page
	 * of a portal, and each resolution is a curl_url round. */
	bool (*link_seen)(void *ctx, uint64_t key);
	void *link_seen_ctx;
};

/* Extracts `in` into `*out` (which the function initializes).  On success the caller
 * releases `*out` with parser_article_release().  On failure `*out` holds nothing. */
int parser_article_extract(const struct parser_input *in, struct parser_article *out) VN_WUR;
void parser_article_release(struct parser_article *a);

/* Finds the legal-document references in a plain UTF-8 text.  The caller frees the array
 * with parser_documents_free(). */
int parser_text_documents(const char *text, size_t len,
			  struct parser_document_ref **out, size_t *n_out) VN_WUR;
void parser_documents_free(struct parser_document_ref *docs, size_t n);
/* Frees what the parser compiles once per process (a leak checker then sees nothing left);
 * call at exit, when no thread uses the parser any more. */
void parser_global_release(void);

/* Builds the record's JSON object (the shape documented in README.md) holding the fields
 * the parser computes; fields that are unknown are absent.  The caller owns `*out`
 * (json_decref).  `with_links` adds "links" and "feeds" for debugging. */
int parser_article_to_json(const struct parser_article *a, bool with_links, json_t **out) VN_WUR;

/* Fills an article from a record object of that shape (as `vnnews classify` reads it).
 * The caller releases `*out`. */
int parser_article_from_json(const json_t *obj, struct parser_article *out) VN_WUR;

const char *parser_page_kind_name(enum parser_page_kind kind);

#endif
