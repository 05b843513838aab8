/* xmlmem.c — libxml2's allocator, wrapped so that an allocation failure stops the parse.
 *
 * libxml2 2.9.14's HTML parser can loop forever or crash after a failed allocation (a
 * failed push onto its name stack, a failed dictionary entry, an attribute buffer that
 * does not grow).  So it never sees one: when the C library returns NULL, the block comes
 * from the emergency reserve (common/vn_reserve.h) and the failure is only noted; the
 * parser finishes the chunk it is in (at most about 64 KB, see charset.c) and gets no
 * more, and the page is reported as out of memory.  Halting it there and then is no
 * option: once instate is EOF, xmlNextChar stops moving, and a loop that reads up to a
 * character (a DOCTYPE's public id, a bogus attribute) waits for it for ever.  Only when
 * the reserve is used up too is the parse halted, as the last resort.
 *
 * Pages reach libxml2 through its push parser, in the decoder's chunks: the parser keeps
 * only a window of its input, so a 10 MB page is not held as a whole UTF-8 copy beside the
 * raw bytes and the tree (htmlCtxtReadMemory copied it into its input buffer, and once
 * more through the UTF-8 "conversion"). */
#include "parser/parser_int.h"

#include "common/vn_reserve.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLtree.h>
#include <libxml/SAX2.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlmemory.h>

/* The most script text held back while its end is looked for (see parser_html_push_add). */
#define RAW_MAX ((size_t)1 << 20)

static _Thread_local xmlParserCtxtPtr mem_ctxt;
static _Thread_local bool mem_failed;
static pthread_once_t mem_once = PTHREAD_ONCE_INIT;

/* Whether `old`, a block about to be grown, is the parser's input buffer: the read
 * window starts inside it.  Nearness alone is not enough: an attribute's buffer can sit
 * just below the input's, and a parse left reading then spins in htmlParseStartTag's loop
 * over a bogus attribute, whose xmlNextChar no longer moves once the parser is halted. */
static bool is_input_block(void *old)
{
	const xmlChar *o = old, *base;

	if (!o || !mem_ctxt || !mem_ctxt->input || !(base = mem_ctxt->input->base))
		return false;
	return base >= o && base < o + vn_reserve_usable_size(old);
}

/* The reserve is used up too.  `input_grown`: the block was the input buffer, from which
 * libxml2 recomputes the read position after we return, so that is left alone. */
static void mem_halt(bool input_grown)
{
	mem_failed = true;
	if (mem_ctxt) {
		xmlParserInputPtr in = mem_ctxt->input;

		mem_ctxt->instate = XML_PARSER_EOF;
		mem_ctxt->disableSAX = 1;
		/* loops that never look at instate end at the end of the input; the input's
		 * bytes stay where they are */
		if (in && in->end && in->base && !input_grown)
			in->cur = in->end;
		/* at the end, libxml2 would try to grow the input buffer, and a failed growth
		 * leaves it with a NULL base: with no reader the buffer is never grown */
		if (in && in->buf)
			in->buf->readcallback = NULL;
	}
}

static void *mem_malloc(size_t n)
{
	bool fell_back = false;
	void *p = vn_reserve_malloc(n, &fell_back);

	if (fell_back)
		mem_failed = true;
	if (!p && n)
		mem_halt(false);
	return p;
}

static void *mem_realloc(void *old, size_t n)
{
	bool fell_back = false, input = is_input_block(old);
	void *p = vn_reserve_realloc(old, n, &fell_back);

	if (fell_back)
		mem_failed = true;
	if (!p && n)
		mem_halt(input);
	return p;
}

static char *mem_strdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = mem_malloc(n);

	if (p)
		memcpy(p, s, n);
	return p;
}

static void mem_setup(void)
{
	xmlMemSetup(vn_reserve_free, mem_malloc, mem_realloc, mem_strdup);
	xmlInitParser();
}

void parser_xml_init(void)
{
	pthread_once(&mem_once, mem_setup);
}

/* Whether the extractor reads an attribute: parser_node_attr's callers in meta.c,
 * pagekind.c and date.c, class/id (parser_node_attr_matches), and clean.c's hidden /
 * aria-hidden / style (only a style that can hide matters).  The others (style on every
 * <span>, data-*, src, alt, title, event handlers) are most of a page's attributes, and
 * each costs libxml2 an attribute, a text node and a string: a page's tree is then a
 * third smaller.  A new reader of an attribute adds it here (parser_node_attr asserts).
 * A <frame>'s or <iframe>'s src is a link: an old portal's frameset has no other. */
bool parser_attr_kept(const char *elem, const char *name, const char *value)
{
	/* by length, then by name: this runs for every attribute of every page */
	static const char *const by_len[12] = {
		[2] = "id", [3] = "rel", [4] = "href|lang|name|type", [5] = "class",
		[6] = "hidden", [7] = "content", [8] = "datetime|itemprop|property|xml:lang",
		[10] = "http-equiv", [11] = "aria-hidden",
	};
	size_t n = strlen(name);
	const char *w;

	/* an onclick that sends the browser on is a link (meta.c's js_location_target) */
	if (n == 7 && strcasecmp(name, "onclick") == 0)
		return !value || strstr(value, "location");
	if (n == 3 && strcasecmp(name, "src") == 0)
		return elem && (strcasecmp(elem, "frame") == 0 || strcasecmp(elem, "iframe") == 0);
	if (n == 5 && strcasecmp(name, "style") == 0)
		return !value || parser_memcasemem(value, strlen(value), "display") ||
		       parser_memcasemem(value, strlen(value), "visibility");
	if (n >= sizeof by_len / sizeof by_len[0] || !(w = by_len[n]))
		return false;
	for (;; w += n + 1) {
		if (w[0] == (name[0] | 0x20) && strncasecmp(w, name, n) == 0)
			return true;
		if (!w[n])
			return false;
	}
}

/* The arena of the attribute blocks: chunks that live as long as the tree. */
struct attr_chunk {
	struct attr_chunk *next;
	size_t used, cap;
	char data[];
};

#define ATTR_CHUNK ((size_t)64 << 10)

/* `n` bytes from the push parse's arena, or NULL (the parse is then halted). */
static char *attr_alloc(struct parser_html_push *p, size_t n)
{
	struct attr_chunk *c = p->attrs;

	if (!c || c->cap - c->used < n) {
		size_t cap = n > ATTR_CHUNK ? n : ATTR_CHUNK;

		if (!(c = mem_malloc(sizeof *c + cap)))
			return NULL;
		c->next = p->attrs;
		c->used = 0;
		c->cap = cap;
		p->attrs = c;
	}
	c->used += n;
	return c->data + c->used - n;
}

static void attr_chunks_free(struct attr_chunk *c)
{
	while (c) {
		struct attr_chunk *next = c->next;

		vn_reserve_free(c);
		c = next;
	}
}

/* libxml2 2.9's SAX2 gives every element a name of its own from malloc (xmlSplitQName's
 * copy): "li" costs a 32-byte block, 13 MB on a 10 MB page of small elements (issue #3).
 * The new element `n` takes the dictionary's copy instead, which xmlFreeNode knows not to
 * free since the document shares the parser's dictionary. */
static void intern_name(xmlParserCtxtPtr ctxt, xmlNode *n)
{
	const xmlChar *d;

	if (!n || n->type != XML_ELEMENT_NODE || !n->name || !ctxt->dict || !ctxt->myDoc ||
	    ctxt->myDoc->dict != ctxt->dict || xmlDictOwns(ctxt->dict, n->name))
		return;
	if ((d = xmlDictLookup(ctxt->dict, n->name, -1))) {
		xmlFree((xmlChar *)n->name);
		n->name = d;
	}
}

/* An HTML document gets no dictionary of its own in libxml2 2.9: it takes the parser's,
 * so that the element names can come from it (intern_name). */
static void sax_start_document(void *ctx)
{
	xmlParserCtxtPtr ctxt = ctx;

	xmlSAX2StartDocument(ctx);
	if (ctxt->myDoc && !ctxt->myDoc->dict && ctxt->dict) {
		ctxt->myDoc->dict = ctxt->dict;
		xmlDictReference(ctxt->dict);
	}
}

static void sax_start_element_all(void *ctx, const xmlChar *name, const xmlChar **atts)
{
	xmlParserCtxtPtr ctxt = ctx;
	xmlNode *before = ctxt->node;

	xmlSAX2StartElement(ctx, name, atts);
	if (ctxt->node != before)
		intern_name(ctxt, ctxt->node);
}

/* libxml2's element start with the attributes nobody reads left out, and the kept ones
 * in one block of the arena (see parser_attr_next) instead of libxml2's attribute, text
 * node and string each (about 260 bytes for an href, 40 here: a list of 10 000 links is
 * 2.2 MB less). */
static void sax_start_element(void *ctx, const xmlChar *name, const xmlChar **atts)
{
	xmlParserCtxtPtr ctxt = ctx;
	struct parser_html_push *p = ctxt->_private;
	const xmlChar *kept[65];
	size_t n = 0, i, size = 1;
	xmlNode *before = ctxt->node;
	char *blob, *w;

	if (!atts) {
		sax_start_element_all(ctx, name, atts);
		return;
	}
	for (i = 0; atts[i]; i += 2) {
		const xmlChar *v = atts[i + 1];

		if (!parser_attr_kept((const char *)name, (const char *)atts[i], (const char *)v) ||
		    n + 2 >= 64)
			continue;
		/* as libxml2's SAX2 does: a boolean attribute written bare has its name as value */
		if (!v && htmlIsBooleanAttr(atts[i]))
			v = atts[i];
		kept[n++] = atts[i];
		kept[n++] = v;
		size += strlen((const char *)atts[i]) + 2 + (v ? strlen((const char *)v) + 1 : 0);
	}
	kept[n] = NULL;
	sax_start_element_all(ctx, name, NULL);
	if (!n || ctxt->node == before || !ctxt->node || !xmlStrEqual(ctxt->node->name, name) ||
	    !(blob = attr_alloc(p, size)))
		return;
	/* "name\0", then '\1' and "value\0" or a lone '\0' (no value); an empty name ends */
	w = blob;
	for (i = 0; i < n; i += 2) {
		size_t l = strlen((const char *)kept[i]) + 1;

		memcpy(w, kept[i], l);
		w += l;
		*w++ = kept[i + 1] ? '\1' : '\0';
		if (kept[i + 1]) {
			l = strlen((const char *)kept[i + 1]) + 1;
			memcpy(w, kept[i + 1], l);
			w += l;
		}
	}
	*w = '\0';
	ctxt->node->psvi = blob;
}

/* White space right after a block element (a <p>, an <li>, a <div class="comment"> of a
 * pretty-printed page) is left out of the tree: leaving a block ends the text block in
 * content.c and puts a space in every parser_node_text(), so such white space never
 * shows, and on a page of small elements its text nodes cost as much as the elements.  A
 * block that goes without ending a text block leaves a space of its own: content.c's
 * pruned subtrees and clean.c's hidden elements.  Only white space after the block is
 * safe: at the start of a block parser_node_text() has no space of its own. */
static void sax_characters(void *ctx, const xmlChar *ch, int len)
{
	xmlParserCtxtPtr ctxt = ctx;
	xmlNode *prev = ctxt->node && ctxt->node->type == XML_ELEMENT_NODE ? ctxt->node->last : NULL;
	int i = 0;

	if (prev && prev->type == XML_ELEMENT_NODE && prev->name &&
	    parser_tag_ends_block((const char *)prev->name))
		while (i < len && (ch[i] == ' ' || ch[i] == '\n' || ch[i] == '\t' || ch[i] == '\r' ||
				   ch[i] == '\f'))
			i++;
	if (!prev || i < len)
		xmlSAX2Characters(ctx, ch, len);
}

void parser_attr_first(xmlNode *n, struct parser_attr_it *it)
{
	it->blob = n->type == XML_ELEMENT_NODE ? n->psvi : NULL;
	it->attr = n->type == XML_ELEMENT_NODE ? n->properties : NULL;
}

bool parser_attr_next(struct parser_attr_it *it, const char **name, const char **value)
{
	if (it->blob && *it->blob) {
		*name = it->blob;
		it->blob += strlen(it->blob) + 1;
		*value = NULL;
		if (*it->blob++) {
			*value = it->blob;
			it->blob += strlen(it->blob) + 1;
		}
		return true;
	}
	if (it->attr) {
		xmlAttr *a = it->attr;

		it->attr = a->next;
		*name = (const char *)a->name;
		*value = a->children && a->children->type == XML_TEXT_NODE ?
			(const char *)a->children->content : NULL;
		return true;
	}
	return false;
}

void parser_doc_free(htmlDocPtr doc)
{
	if (!doc)
		return;
	attr_chunks_free(doc->_private);
	doc->_private = NULL;
	xmlFreeDoc(doc);
}

int parser_html_push_init(struct parser_html_push *p, const char *url, int opts,
			  bool all_attrs)
{
	memset(p, 0, sizeof *p);
	vn_buf_init(&p->raw_text, RAW_MAX);
	parser_xml_init();
	/* UTF-8 declared up front: libxml2 then takes the pushed bytes as they are, with no
	 * conversion copy of its own (our decoder already made them clean UTF-8) */
	p->ctxt = htmlCreatePushParserCtxt(NULL, NULL, NULL, 0, NULL, XML_CHAR_ENCODING_UTF8);
	if (!p->ctxt)
		return VN_ENOMEM;
	htmlCtxtUseOptions(p->ctxt, opts);
	/* htmlCtxtUseOptions turns names from the dictionary off, and with them
	 * HTML_PARSE_COMPACT, which keeps a text under 16 bytes inside its node instead of a
	 * string of its own ("Tin số 12", a link's or a cell's words): a page of small
	 * elements then takes 5 % less memory (issue #3) */
	p->ctxt->dictNames = 1;
	p->ctxt->_private = p;
	p->ctxt->sax->startDocument = sax_start_document;
	if (!all_attrs) {
		p->ctxt->sax->startElement = sax_start_element;
		p->ctxt->sax->characters = sax_characters;
		if (p->ctxt->sax->ignorableWhitespace == xmlSAX2Characters)
			p->ctxt->sax->ignorableWhitespace = sax_characters;
		p->skip_raw = true;
	} else {
		p->ctxt->sax->startElement = sax_start_element_all;
	}
	/* the document's URL, as htmlCtxtReadMemory would set it */
	if (url && p->ctxt->input && !p->ctxt->input->filename &&
	    !(p->ctxt->input->filename = (char *)xmlStrdup((const xmlChar *)url))) {
		parser_html_push_release(p);
		return VN_ENOMEM;
	}
	return VN_OK;
}

/* One htmlParseChunk call with the allocation watch on. */
static int push_chunk(struct parser_html_push *p, const char *utf8, size_t len, int terminate)
{
	if (p->failed)
		return VN_ENOMEM;
	mem_failed = false;
	mem_ctxt = p->ctxt;
	htmlParseChunk(p->ctxt, utf8, (int)len, terminate);
	mem_ctxt = NULL;
	if (mem_failed)
		p->failed = true;
	return p->failed ? VN_ENOMEM : VN_OK;
}

/* Feeds bytes as they are (htmlParseChunk takes an int: a big slice goes in parts). */
static int push_bytes(struct parser_html_push *p, const char *utf8, size_t len)
{
	int rc = VN_OK;

	while (len && !rc) {
		size_t n = len < ((size_t)1 << 30) ? len : ((size_t)1 << 30);

		rc = push_chunk(p, utf8, n, 0);
		utf8 += n;
		len -= n;
	}
	return rc;
}

/* Where "<script" or "<style" (any case, then a character that ends a tag name) starts in
 * s, or NULL; `*name` gets the lower-case name. */
static const char *find_raw_start(const char *s, size_t len, const char **name)
{
	const char *end = s + len, *p = s;

	while ((p = memchr(p, '<', (size_t)(end - p))) != NULL) {
		size_t left = (size_t)(end - p);

		if (left < 7 || (p[1] | 0x20) != 's') {
			p++;
			continue; /* most tags: one byte decides */
		}
		if (left > 7 && strncasecmp(p + 1, "script", 6) == 0 &&
		    strchr(" \t\n\r\f/>", p[7])) {
			*name = "script";
			return p;
		}
		if (left > 6 && strncasecmp(p + 1, "style", 5) == 0 && strchr(" \t\n\r\f/>", p[6])) {
			*name = "style";
			return p;
		}
		p++;
	}
	return NULL;
}

/* Where the raw text of element `name` ends in s: its "</name" as libxml2's recovering
 * parser finds it (the first "</" followed by the name, any case), or NULL. */
static const char *find_raw_end(const char *s, size_t len, const char *name)
{
	const char *end = s + len, *p = s;
	size_t nl = strlen(name);

	while ((p = memchr(p, '<', (size_t)(end - p))) != NULL) {
		if ((size_t)(end - p) >= nl + 2 && p[1] == '/' && strncasecmp(p + 2, name, nl) == 0)
			return p;
		p++;
	}
	return NULL;
}

/* The most text of a script that may send the browser on (see raw_close). */
#define REDIRECT_SCRIPT_MAX 4096

/* The end of a skipped text: a script's text goes in after all when it writes into the
 * page (meta.c reads the date it writes), or when it is short and may send the browser to
 * another page (meta.c's script_redirect: a portal's root page may be only that). */
static int raw_close(struct parser_html_push *p)
{
	int rc = VN_OK;

	/* meta.c reads ").innerHTML" and "location" as written, so the exact bytes are
	 * searched */
	if (p->raw_name && p->raw_name[1] == 'c' &&
	    (memmem(p->raw_text.data, p->raw_text.len, "innerHTML", 9) ||
	     (p->raw_text.len <= REDIRECT_SCRIPT_MAX &&
	      memmem(p->raw_text.data, p->raw_text.len, "location", 8))))
		rc = push_bytes(p, p->raw_text.data, p->raw_text.len);
	vn_buf_reset(&p->raw_text);
	p->raw_name = NULL;
	return rc;
}

/* Takes the next bytes of a text being skipped; returns how many it took. */
static size_t raw_take(struct parser_html_push *p, const char *s, size_t len, int *rc)
{
	const char *stop = find_raw_end(s, len, p->raw_name);
	size_t part = stop ? (size_t)(stop - s) : len;

	*rc = VN_OK;
	if (p->raw_name[1] == 'c' && (*rc = vn_buf_add(&p->raw_text, s, part)) == VN_ETOOBIG) {
		/* a script past the cap is parsed as usual: libxml2 still waits in its text */
		*rc = push_bytes(p, p->raw_text.data, p->raw_text.len);
		if (!*rc)
			*rc = push_bytes(p, s, part);
		vn_buf_reset(&p->raw_text);
		p->raw_name = NULL;
		return part;
	}
	if (!*rc && stop)
		*rc = raw_close(p);
	return part;
}

int parser_html_push_add(struct parser_html_push *p, const char *utf8, size_t len)
{
	const char *end = utf8 + len;
	int rc = VN_OK;

	if (!p->skip_raw)
		return push_bytes(p, utf8, len);
	/* The text of <style> and of most <script>s is never read, and libxml2 reads it one
	 * character at a time (half the bytes of many pages): it is left out, with libxml2
	 * itself saying where it is.  The bytes up to the end of a "<script ...>" go in alone;
	 * when the parser then stands inside that script's text with all input taken, the
	 * text up to its end tag (found as libxml2's recovering parser finds it) is skipped.
	 * JSON-LD stays; a script's text is held until its end (at most RAW_MAX bytes) and
	 * goes in after all when it writes into the page with innerHTML. */
	while (utf8 < end && !rc) {
		const char *name = NULL, *tag, *gt;
		xmlParserCtxtPtr c = p->ctxt;
		bool in_raw = false;

		if (p->raw_name) {
			utf8 += raw_take(p, utf8, (size_t)(end - utf8), &rc);
			continue;
		}
		tag = find_raw_start(utf8, (size_t)(end - utf8), &name);
		if (!tag || !(gt = memchr(tag, '>', (size_t)(end - tag))))
			return push_bytes(p, utf8, (size_t)(end - utf8));
		/* "<script" inside the text of a kept script is text, not a tag */
		rc = push_bytes(p, utf8, (size_t)(tag - utf8));
		if (!rc)
			in_raw = c->name && (strcmp((const char *)c->name, "script") == 0 ||
					     strcmp((const char *)c->name, "style") == 0);
		if (!rc)
			rc = push_bytes(p, tag, (size_t)(gt + 1 - tag));
		utf8 = gt + 1;
		if (!rc && !in_raw && c->instate == XML_PARSER_CONTENT && c->name &&
		    strcmp((const char *)c->name, name) == 0 && c->input &&
		    c->input->cur == c->input->end &&
		    !parser_memcasemem(tag, (size_t)(gt - tag), "ld+json"))
			p->raw_name = name;
	}
	return rc;
}

int parser_html_push_finish(struct parser_html_push *p, htmlDocPtr *out)
{
	int rc;

	*out = NULL;
	rc = raw_close(p); /* a text left open runs to the end of the page */
	if (!rc)
		rc = push_chunk(p, NULL, 0, 1);
	if (!rc && !p->ctxt->myDoc)
		rc = VN_EPARSE;
	if (!rc) {
		*out = p->ctxt->myDoc;
		p->ctxt->myDoc = NULL;
		(*out)->_private = p->attrs; /* freed with the tree, by parser_doc_free */
		p->attrs = NULL;
	}
	parser_html_push_release(p);
	return rc;
}

void parser_html_push_release(struct parser_html_push *p)
{
	if (p->ctxt) {
		/* a halted or abandoned parse leaves a partial tree: not a page */
		if (p->ctxt->myDoc)
			xmlFreeDoc(p->ctxt->myDoc);
		p->ctxt->myDoc = NULL;
		htmlFreeParserCtxt(p->ctxt);
	}
	attr_chunks_free(p->attrs);
	vn_buf_release(&p->raw_text);
	memset(p, 0, sizeof *p);
}
