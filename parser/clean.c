/* clean.c — removes from the parsed tree what is never article text: scripts, styles,
 * embedded objects, form controls, comments and elements hidden from readers.
 *
 * Structural boilerplate (nav, aside, footer, class names like "sidebar") is decided in
 * content.c, where the amount of text each subtree holds is known: a wrapper whose class
 * says "sidebar" but that holds the whole article must survive. */
#include "parser/parser_int.h"

#include <string.h>
#include <strings.h>

/* Tags never holding article text, bucketed by first letter: this runs for every element
 * of every page, and a walk through one flat list cost a dozen strcmp calls each. */
static bool clean_tag_dropped(const char *name)
{
	static const char *const by_letter[26] = {
		['a' - 'a'] = "|applet|area|audio|",
		['b' - 'a'] = "|base|button|",
		['c' - 'a'] = "|canvas|",
		['d' - 'a'] = "|datalist|dialog|",
		['e' - 'a'] = "|embed|",
		['f' - 'a'] = "|frame|frameset|",
		['i' - 'a'] = "|iframe|input|",
		['l' - 'a'] = "|link|",
		['m' - 'a'] = "|map|math|meta|",
		['n' - 'a'] = "|noscript|",
		['o' - 'a'] = "|object|option|",
		['p' - 'a'] = "|param|",
		['s' - 'a'] = "|script|select|source|style|svg|",
		['t' - 'a'] = "|template|textarea|title|",
		['v' - 'a'] = "|video|",
	};
	const char *list;
	char key[16];
	size_t n = strlen(name);

	if (name[0] < 'a' || name[0] > 'z' || n + 3 > sizeof key)
		return false;
	list = by_letter[name[0] - 'a'];
	if (!list)
		return false;
	key[0] = '|';
	memcpy(key + 1, name, n);
	key[n + 1] = '|';
	key[n + 2] = '\0';
	return strstr(list, key) != NULL;
}

static bool clean_hidden(xmlNode *n)
{
	const char *style = NULL, *aria = NULL, *an, *v;
	struct parser_attr_it it;

	/* one pass over the attributes (most elements have none or one) */
	parser_attr_first(n, &it);
	while (parser_attr_next(&it, &an, &v)) {
		if (!an)
			continue;
		if (strcasecmp(an, "hidden") == 0) {
			if (v)
				return true;
			continue;
		}
		if (!v)
			continue;
		if (!style && strcasecmp(an, "style") == 0)
			style = v;
		else if (!aria && strcasecmp(an, "aria-hidden") == 0)
			aria = v;
	}
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

/* Word's conditional markers in pasted text ("<![if !supportLists]>", "<![endif]>"): the
 * HTML parser keeps them as text, which is set without them. */
static void clean_word_markers(xmlNode *n)
{
	const char *c = (const char *)n->content, *m, *e;
	struct vn_buf b;

	if (!c || !(m = strstr(c, "<![")))
		return;
	vn_buf_init(&b, strlen(c) + 1);
	while (m) {
		if (!(e = strstr(m + 3, "]>")) || e - m > 64) {
			m = strstr(m + 3, "<![");
			continue;
		}
		if (vn_buf_add(&b, c, (size_t)(m - c)))
			goto out;
		c = e + 2;
		m = strstr(c, "<![");
	}
	if (!vn_buf_add(&b, c, strlen(c)) && !vn_buf_addc(&b, '\0'))
		xmlNodeSetContent(n, (const xmlChar *)b.data);
out:
	vn_buf_release(&b);
}

/* VnExpress's lead opens with the place in a span its style sheet sets apart
 * ("<span class="location-stamp">Hà Nội</span>Tối 18/6, ..."): a space after it keeps
 * "Hà Nội" and "Tối" two words. */
static void clean_stamp_space(xmlNode *n)
{
	xmlNode *next = n->next, *space;

	if (!next || next->type != XML_TEXT_NODE || !next->content || !next->content[0] ||
	    strchr(" \t\n\r", next->content[0]) || strcmp((const char *)n->name, "span") != 0 ||
	    !parser_node_attr_matches(n, "location-stamp|location_stamp"))
		return;
	space = xmlNewDocText(n->doc, (const xmlChar *)" ");
	if (space && !xmlAddNextSibling(n, space))
		xmlFreeNode(space);
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
		else if (n->type == XML_TEXT_NODE && n->content &&
			 strchr((const char *)n->content, '<'))
			clean_word_markers(n);
		else if (n->type == XML_ELEMENT_NODE && n->name &&
			 strcmp((const char *)n->name, "head") != 0) {
			drop = clean_tag_dropped((const char *)n->name) || clean_hidden(n);
			if (!drop)
				clean_stamp_space(n);
		}
		if (!drop && n->type == XML_ELEMENT_NODE && n->children &&
		    strcmp((const char *)n->name, "head") != 0) {
			n = n->children;
			continue;
		}
		/* the successor in document order, skipping n's subtree */
		next = parser_node_after(n, root);
		if (drop) {
			/* the white space after a block is not in the tree (xmlmem.c): a hidden
			 * block between two words leaves a space where it stood */
			xmlNode *space = n->type == XML_ELEMENT_NODE && n->next &&
						 parser_tag_ends_block((const char *)n->name) ?
					 xmlNewDocText(n->doc, (const xmlChar *)" ") : NULL;

			if (space)
				xmlReplaceNode(n, space);
			else
				xmlUnlinkNode(n);
			xmlFreeNode(n);
		}
		n = next;
	}
}
