/* clean.c — removes from the parsed tree what is never article text: scripts, styles,
 * embedded objects, form controls, comments and elements hidden from readers.
 *
 * Structural boilerplate (nav, aside, footer, class names like "sidebar") is decided in
 * content.c, where the amount of text each subtree holds is known: a wrapper whose class
 * says "sidebar" but that holds the whole article must survive. */
#include "parser/parser_int.h"

#include <string.h>
#include <strings.h>

static bool clean_tag_dropped(const char *name)
{
	static const char *const drop[] = {
		"script", "style", "noscript", "iframe", "object", "embed", "svg", "canvas",
		"template", "select", "textarea", "input", "button", "option", "map", "area",
		"audio", "video", "source", "link", "meta", "title", "base", "frame", "frameset",
		"applet", "param", "datalist", "dialog", "math",
	};
	for (size_t i = 0; i < sizeof drop / sizeof drop[0]; i++)
		if (strcmp(name, drop[i]) == 0)
			return true;
	return false;
}

static bool clean_hidden(xmlNode *n)
{
	const char *style = parser_node_attr(n, "style");
	const char *aria = parser_node_attr(n, "aria-hidden");

	if (parser_node_attr(n, "hidden"))
		return true;
	if (aria && strcasecmp(aria, "true") == 0)
		return true;
	if (style) {
		size_t l = strlen(style);

		if (parser_memcasemem(style, l, "display:none") ||
		    parser_memcasemem(style, l, "display: none") ||
		    parser_memcasemem(style, l, "visibility:hidden") ||
		    parser_memcasemem(style, l, "visibility: hidden"))
			return true;
	}
	return false;
}

void parser_clean_tree(htmlDocPtr doc)
{
	xmlNode *root = xmlDocGetRootElement(doc);
	xmlNode *n;

	if (!root)
		return;
	n = root->children;
	while (n) {
		xmlNode *next;
		bool drop = false;

		if (n->type == XML_COMMENT_NODE || n->type == XML_PI_NODE || n->type == XML_DTD_NODE)
			drop = true;
		else if (n->type == XML_ELEMENT_NODE && n->name &&
			 strcmp((const char *)n->name, "head") != 0)
			drop = clean_tag_dropped((const char *)n->name) || clean_hidden(n);
		if (!drop && n->type == XML_ELEMENT_NODE && n->children &&
		    strcmp((const char *)n->name, "head") != 0) {
			n = n->children;
			continue;
		}
		/* the successor in document order, skipping n's subtree */
		next = n;
		while (next && next != root && !next->next)
			next = next->parent;
		next = (next && next != root) ? next->next : NULL;
		if (drop) {
			xmlUnlinkNode(n);
			xmlFreeNode(n);
		}
		n = next;
	}
}
