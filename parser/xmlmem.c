/* xmlmem.c — libxml2's allocator, wrapped so that an allocation failure stops the parse.
 *
 * libxml2 2.9.14's HTML parser can loop forever after a failed allocation: the error is
 * recorded but some loops (character data, content) only end at end of input or when the
 * parser is halted.  The wrappers pass every call to the C library; when one returns NULL
 * while a parse of ours runs on this thread, that parse is halted (instate = EOF, SAX off)
 * and its read position moved to the end of the input, which the other loops check; the
 * result is reported as out of memory.  Nothing is freed here: the parser's own frames may
 * still point into its input. */
#include "parser/parser_int.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

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

int parser_html_read(const char *utf8, size_t len, const char *url, int opts, htmlDocPtr *out)
{
	htmlParserCtxtPtr ctxt;
	htmlDocPtr doc;
	int rc = VN_OK;

	*out = NULL;
	parser_xml_init();
	if (len > INT32_MAX)
		return VN_ETOOBIG;
	mem_failed = false;
	if (!(ctxt = htmlNewParserCtxt()))
		return VN_ENOMEM;
	mem_ctxt = ctxt;
	doc = htmlCtxtReadMemory(ctxt, utf8, (int)len, url, "UTF-8", opts);
	mem_ctxt = NULL;
	if (mem_failed) {
		xmlFreeDoc(doc); /* a halted parse leaves a partial tree: not a page */
		doc = NULL;
		rc = VN_ENOMEM;
	} else if (!doc)
		rc = VN_EPARSE;
	htmlFreeParserCtxt(ctxt);
	*out = doc;
	return rc;
}
