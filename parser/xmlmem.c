/* xmlmem.c — libxml2's allocator, wrapped so that an allocation failure stops the parse.
 *
 * libxml2 2.9.14's HTML parser can loop forever after a failed allocation: the error is
 * recorded but some loops (character data, content) only end at end of input or when the
 * parser is halted.  The wrappers pass every call to the C library; when one returns NULL
 * while a parse of ours runs on this thread, that parse is halted (instate = EOF, SAX off)
 * and its read position moved to the end of the input, which the other loops check; the
 * result is reported as out of memory.  Nothing is freed here: the parser's own frames may
 * still point into its input.
 *
 * Pages reach libxml2 through its push parser, in the decoder's chunks: the parser keeps
 * only a window of its input, so a 10 MB page is not held as a whole UTF-8 copy beside the
 * raw bytes and the tree (htmlCtxtReadMemory copied it into its input buffer, and once
 * more through the UTF-8 "conversion"). */
#include "parser/parser_int.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/SAX2.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlmemory.h>

static _Thread_local xmlParserCtxtPtr mem_ctxt;
static _Thread_local bool mem_failed;
static pthread_once_t mem_once = PTHREAD_ONCE_INIT;

/* `old` is the block that a failed realloc was growing: when that is the input buffer,
 * libxml2 recomputes the read position from it after we return, so it is left alone. */
static void mem_halt(const void *old)
{
	mem_failed = true;
	if (mem_ctxt) {
		xmlParserInputPtr in = mem_ctxt->input;

		mem_ctxt->instate = XML_PARSER_EOF;
		mem_ctxt->disableSAX = 1;
		/* loops that never look at instate end at the end of the input; the input's
		 * bytes stay where they are */
		if (in && in->end && in->base &&
		    !(old && (const xmlChar *)old <= in->base && in->base - (const xmlChar *)old < 4096))
			in->cur = in->end;
		/* at the end, libxml2 would try to grow the input buffer, and a failed growth
		 * leaves it with a NULL base: with no reader the buffer is never grown */
		if (in && in->buf)
			in->buf->readcallback = NULL;
	}
}

static void *mem_malloc(size_t n)
{
	void *p = malloc(n);

	if (!p)
		mem_halt(NULL);
	return p;
}

static void *mem_realloc(void *old, size_t n)
{
	void *p = realloc(old, n);

	if (!p && n)
		mem_halt(old);
	return p;
}

static char *mem_strdup(const char *s)
{
	char *p = strdup(s);

	if (!p)
		mem_halt(NULL);
	return p;
}

static void mem_setup(void)
{
	xmlMemSetup(free, mem_malloc, mem_realloc, mem_strdup);
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
 * third smaller.  A new reader of an attribute adds it here (parser_node_attr asserts). */
bool parser_attr_kept(const char *name, const char *value)
{
	static const char *const by_letter[26] = {
		['a' - 'a'] = "|aria-hidden|",
		['c' - 'a'] = "|class|content|",
		['d' - 'a'] = "|datetime|",
		['h' - 'a'] = "|hidden|href|http-equiv|",
		['i' - 'a'] = "|id|itemprop|",
		['l' - 'a'] = "|lang|",
		['n' - 'a'] = "|name|",
		['p' - 'a'] = "|property|",
		['r' - 'a'] = "|rel|",
		['t' - 'a'] = "|type|",
		['x' - 'a'] = "|xml:lang|",
	};
	char key[16];
	size_t n = strlen(name);
	unsigned char c = (unsigned char)name[0] | 0x20;

	if (c == 's' && strcasecmp(name, "style") == 0)
		return !value || parser_memcasemem(value, strlen(value), "display") ||
		       parser_memcasemem(value, strlen(value), "visibility");
	if (c < 'a' || c > 'z' || !by_letter[c - 'a'] || n + 3 > sizeof key)
		return false;
	key[0] = '|';
	for (size_t i = 0; i < n; i++)
		key[i + 1] = name[i] >= 'A' && name[i] <= 'Z' ? (char)(name[i] | 0x20) : name[i];
	key[n + 1] = '|';
	key[n + 2] = '\0';
	return strstr(by_letter[c - 'a'], key) != NULL;
}

/* libxml2's element start with the attributes nobody reads left out. */
static void sax_start_element(void *ctx, const xmlChar *name, const xmlChar **atts)
{
	const xmlChar *kept[65];
	size_t n = 0, i;

	if (!atts) {
		xmlSAX2StartElement(ctx, name, atts);
		return;
	}
	for (i = 0; atts[i]; i += 2)
		if (parser_attr_kept((const char *)atts[i], (const char *)atts[i + 1]) && n + 2 < 64) {
			kept[n++] = atts[i];
			kept[n++] = atts[i + 1];
		}
	kept[n] = NULL;
	xmlSAX2StartElement(ctx, name, n ? kept : NULL);
}

int parser_html_push_init(struct parser_html_push *p, const char *url, int opts,
			  bool all_attrs)
{
	memset(p, 0, sizeof *p);
	parser_xml_init();
	/* UTF-8 declared up front: libxml2 then takes the pushed bytes as they are, with no
	 * conversion copy of its own (our decoder already made them clean UTF-8) */
	p->ctxt = htmlCreatePushParserCtxt(NULL, NULL, NULL, 0, NULL, XML_CHAR_ENCODING_UTF8);
	if (!p->ctxt)
		return VN_ENOMEM;
	htmlCtxtUseOptions(p->ctxt, opts);
	if (!all_attrs)
		p->ctxt->sax->startElement = sax_start_element;
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

int parser_html_push_add(struct parser_html_push *p, const char *utf8, size_t len)
{
	int rc = VN_OK;

	/* htmlParseChunk takes an int: a caller's big slice goes in pieces */
	while (len && !rc) {
		size_t n = len < ((size_t)1 << 30) ? len : ((size_t)1 << 30);

		rc = push_chunk(p, utf8, n, 0);
		utf8 += n;
		len -= n;
	}
	return rc;
}

int parser_html_push_finish(struct parser_html_push *p, htmlDocPtr *out)
{
	int rc;

	*out = NULL;
	rc = push_chunk(p, NULL, 0, 1);
	if (!rc && !p->ctxt->myDoc)
		rc = VN_EPARSE;
	if (!rc) {
		*out = p->ctxt->myDoc;
		p->ctxt->myDoc = NULL;
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
	memset(p, 0, sizeof *p);
}
