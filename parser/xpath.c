/* xpath.c — a sites file's XPath overrides for title, body and date (issue #5 point 1).
 *
 * Standard: XPath 1.0, evaluated by libxml2 on the page's own HTML tree.  A portal's
 * operator knows where its CMS puts the headline; an override that selects nothing (the
 * portal changed its templates) or does not compile must not cost the page, so every
 * failure here means "use the heuristics" and is reported to the caller, never printed:
 * libxml2's error output is routed to a silent handler. */
#include "parser/parser_int.h"

#include <stdlib.h>
#include <string.h>

#include <libxml/xpath.h>

#define XPATH_TEXT_CAP ((size_t)64 << 10)

static void xpath_silent(void *ctx, xmlErrorPtr err)
{
	(void)ctx;
	(void)err;
}

static xmlXPathObjectPtr xpath_eval(htmlDocPtr doc, const char *expr)
{
	xmlXPathContextPtr ctx;
	xmlXPathObjectPtr obj = NULL;

	if (!doc || !expr || !*expr)
		return NULL;
	ctx = xmlXPathNewContext(doc);
	if (!ctx)
		return NULL;
	ctx->error = xpath_silent;
	obj = xmlXPathEvalExpression((const xmlChar *)expr, ctx);
	xmlXPathFreeContext(ctx);
	return obj;
}

char *parser_xpath_string(htmlDocPtr doc, const char *expr)
{
	xmlXPathObjectPtr obj = xpath_eval(doc, expr);
	xmlChar *str = NULL;
	struct vn_buf b;
	bool space = false;
	char *res = NULL;

	vn_buf_init(&b, XPATH_TEXT_CAP);
	if (!obj)
		goto out;
	if (obj->type == XPATH_NODESET && xmlXPathNodeSetIsEmpty(obj->nodesetval))
		goto out;
	/* the string value of the first node in document order, or of a string result */
	str = xmlXPathCastToString(obj);
	if (!str)
		goto out;
	if (parser_text_add_collapsed(&b, (const char *)str, strlen((const char *)str), &space) ==
	    VN_ENOMEM)
		goto out;
	b.len = parser_text_trim(b.data, b.len);
	if (b.len && parser_text_nfc(b.data, b.len, &res) != VN_OK)
		res = NULL;
out:
	xmlFree(str);
	xmlXPathFreeObject(obj);
	vn_buf_release(&b);
	return res;
}

xmlNode *parser_xpath_element(htmlDocPtr doc, const char *expr)
{
	xmlXPathObjectPtr obj = xpath_eval(doc, expr);
	xmlNode *found = NULL;

	if (obj && obj->type == XPATH_NODESET && obj->nodesetval) {
		for (int i = 0; i < obj->nodesetval->nodeNr && !found; i++) {
			xmlNode *n = obj->nodesetval->nodeTab[i];

			if (n && n->type == XML_ELEMENT_NODE)
				found = n;
		}
	}
	xmlXPathFreeObject(obj);
	return found;
}
