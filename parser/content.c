/* content.c — main-content extraction: which part of a page is the article.
 *
 * Our own combination of the ideas of Readability (class/id hints, scoring containers by
 * the prose below them), jusText (classifying text blocks as good or boilerplate by length
 * and link density) and trafilatura (pruning link lists and known boilerplate inside the
 * chosen container):
 *   1. the tree is linearized into text blocks (maximal runs of inline content), each
 *      with its length, link text and owner element;
 *   2. each block is good (prose), link-heavy, or short; every element gets the sums of
 *      its subtree, and the element maximizing good - links - short/2 is the main node;
 *   3. the blocks inside that node are emitted, minus link lists, known Vietnamese portal
 *      boilerplate ("Tin liên quan", counters, share buttons) and image file names.
 * Subtrees with negative class/id hints are pruned first unless they hold most of the
 * page's prose.  All walks are iterative: nesting depth costs no stack. */
#include "parser/parser_int.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#ifndef BLOCK_GOOD_MIN
#define BLOCK_GOOD_MIN 30
#endif
/* BLOCK_GOOD_MIN: non-link characters for a block to count as prose */
#define BLOCK_LINK_MAX 0.33    /* link share above which a block is a link list */
#ifndef LINK_PENALTY
#define LINK_PENALTY 1.2
#endif
#ifndef SHORT_PENALTY
#define SHORT_PENALTY 0.25
#endif
#ifndef TRAIL_MAX_CHARS
#define TRAIL_MAX_CHARS 50     /* a line after the last paragraph: a byline at most */
#endif
#ifndef RUN1_WEIGHT
#define RUN1_WEIGHT 0.25       /* weight of a good block alone in its container */
#endif
#ifndef RUN2_WEIGHT
#define RUN2_WEIGHT 0.65       /* ... with one good sibling */
#endif

enum block_flag {
	BLOCK_HEADING = 1,
	BLOCK_LIST = 2,
	BLOCK_CELL = 4,
	BLOCK_DATELINE = 8,   /* "Thứ Sáu, 18/06/2021, 18:27 [GMT+7]": never prose */
	/* the only block of a cell in a row of two cells or more: a table of figures
	 * ("Huyện | Số ca mắc") reads a row a line, while a layout table of one cell a row,
	 * or a cell holding paragraphs, keeps its paragraphs */
	BLOCK_IN_ROW = 16,
	BLOCK_ROW_START = 32,
	BLOCK_TABLE_START = 64,
	/* good blocks owned by the children of this block's owner's parent, up to 3 (a run
	 * of sibling paragraphs; see content_sum) */
	BLOCK_RUN_SHIFT = 7,
	BLOCK_RUN_MASK = 3 << BLOCK_RUN_SHIFT,
	/* a labeled related-news box inside the article, with prose after it (see
	 * mark_inner_boxes) */
	BLOCK_INNER_BOX = 512,
};

static bool block_dateline(const char *s, size_t len);

/* A page has a block and a node_stat per element or so, and a 10 MB page of small
 * elements has 400 000 of them (issue #3): offsets, indexes and character counts are 32
 * bits (the text is capped at PARSER_MAX_TEXT bytes), which halves the blocks and takes
 * the nodes from 64 to 32 bytes (they also kept a depth nobody read; the parent's index
 * is read off the tree, see node_parent; a run's length is kept in its blocks).  The
 * counts were doubles holding whole numbers: their sums, and every score computed from
 * them, are the same. */
struct block {
	uint32_t off, len;    /* text in content_state.text */
	uint32_t chars, link_chars, punct;
	uint32_t owner;       /* pre-order index of the owning element */
	unsigned flags;
};

#define NODE_NONE UINT32_MAX

struct node_stat {
	xmlNode *node;
	double good;
	uint32_t end;        /* last pre-order index inside this subtree */
	uint32_t links, shorts, text; /* characters: in links, in short blocks, all */
};

struct content_state {
	struct node_stat *nodes;
	size_t n_nodes, cap_nodes;
	struct block *blocks;
	size_t n_blocks, cap_blocks;
	struct vn_buf text;
	xmlNode **pruned;     /* subtrees skipped, sorted by address for bsearch */
	double prose_chars, lone_chars; /* good text, and the part alone in its container */
	size_t n_lone;
	size_t n_pruned, cap_pruned;
	/* the block being collected */
	size_t cur_start, cur_link, cur_owner;
	unsigned cur_flags;
	bool space;
};

static bool tag_is(const xmlNode *n, const char *name)
{
	/* the first byte decides most comparisons without a call: this runs per element */
	return n->name && n->name[0] == (unsigned char)name[0] &&
	       strcmp((const char *)n->name, name) == 0;
}

/* Elements that break the flow of text into blocks (a switch on the first letter: this
 * runs for every element of every page). */
static bool tag_block(const char *t)
{
	static const char *const by_letter[26] = {
		['a' - 'a'] = "|address|article|aside|",
		['b' - 'a'] = "|blockquote|body|br|",
		['c' - 'a'] = "|caption|center|",
		['d' - 'a'] = "|dd|details|dir|div|dl|dt|",
		['f' - 'a'] = "|fieldset|figcaption|figure|footer|form|",
		['h' - 'a'] = "|h1|h2|h3|h4|h5|h6|header|hr|html|",
		['i' - 'a'] = "|img|",
		['l' - 'a'] = "|legend|li|",
		['m' - 'a'] = "|main|menu|",
		['n' - 'a'] = "|nav|noframes|",
		['o' - 'a'] = "|ol|",
		['p' - 'a'] = "|p|pre|",
		['s' - 'a'] = "|section|summary|",
		['t' - 'a'] = "|table|tbody|td|tfoot|th|thead|tr|",
		['u' - 'a'] = "|ul|",
	};
	const char *list;
	char key[16];
	size_t n = strlen(t);

	if (t[0] < 'a' || t[0] > 'z' || n + 3 > sizeof key)
		return false;
	list = by_letter[t[0] - 'a'];
	if (!list)
		return false;
	key[0] = '|';
	memcpy(key + 1, t, n);
	key[n + 1] = '|';
	key[n + 2] = '\0';
	return strstr(list, key) != NULL;
}

bool parser_tag_ends_block(const char *name)
{
	static const char *const pruned[] = { "nav", "aside", "footer", "figure", "figcaption" };

	if (!tag_block(name))
		return false;
	for (size_t i = 0; i < sizeof pruned / sizeof pruned[0]; i++)
		if (strcmp(name, pruned[i]) == 0)
			return false;
	return true;
}

static unsigned tag_flags(const xmlNode *n)
{
	const char *t = (const char *)n->name;

	if (t[0] == 'h' && t[1] >= '1' && t[1] <= '6' && !t[2])
		return BLOCK_HEADING;
	if (strcmp(t, "li") == 0 || strcmp(t, "dd") == 0 || strcmp(t, "dt") == 0)
		return BLOCK_LIST;
	if (strcmp(t, "td") == 0 || strcmp(t, "th") == 0)
		return BLOCK_CELL;
	return 0;
}

static size_t node_index(const xmlNode *n)
{
	return (size_t)(uintptr_t)n->_private - 1;
}

/* The pre-order index of node i's parent element, NODE_NONE for the root: every numbered
 * node's parent is numbered (a pruned subtree is skipped whole). */
static size_t node_parent(const struct content_state *st, size_t i)
{
	return i == 0 ? NODE_NONE : node_index(st->nodes[i].node->parent);
}

static int state_add_node(struct content_state *st, xmlNode *n)
{
	if (st->n_nodes >= NODE_NONE)
		return VN_ETOOBIG;
	if (st->n_nodes == st->cap_nodes) {
		size_t nc = st->cap_nodes ? st->cap_nodes * 2 : 256;
		struct node_stat *p = realloc(st->nodes, nc * sizeof *p);

		if (!p)
			return VN_ENOMEM;
		st->nodes = p;
		st->cap_nodes = nc;
	}
	memset(&st->nodes[st->n_nodes], 0, sizeof st->nodes[0]);
	st->nodes[st->n_nodes].node = n;
	st->nodes[st->n_nodes].end = (uint32_t)st->n_nodes;
	n->_private = (void *)(uintptr_t)(st->n_nodes + 1);
	st->n_nodes++;
	return VN_OK;
}

/* Punctuation of scripts that do not use ASCII's: the full-width marks of Chinese and
 * Japanese, Arabic's and the Devanagari danda.  Without them a paragraph of those
 * languages looked like a menu item.  Returns the length of the mark `s` starts with, 0
 * for none; `*ends` says whether it ends a sentence (。！？：．؟۔। do, 、，；،؛ do not). */
static size_t wide_punct_len(const unsigned char *s, size_t len, bool *ends)
{
	static const struct { const char *mark; bool ends; } marks[] = {
		{ "\xE3\x80\x82", true }, { "\xE3\x80\x81", false },   /* 。 、 */
		{ "\xEF\xBC\x81", true }, { "\xEF\xBC\x9F", true },    /* ！ ？ */
		{ "\xEF\xBC\x9A", true }, { "\xEF\xBC\x8E", true },    /* ： ． */
		{ "\xEF\xBC\x8C", false }, { "\xEF\xBC\x9B", false },  /* ， ； */
		{ "\xD8\x9F", true }, { "\xDB\x94", true },             /* ؟ ۔ */
		{ "\xD8\x8C", false }, { "\xD8\x9B", false },           /* ، ؛ */
		{ "\xE0\xA5\xA4", true },                               /* । */
	};

	/* this runs for every non-ASCII letter of a page: Vietnamese ones lead with 0xC3..0xE1 */
	if (!len || (s[0] != 0xE3 && s[0] != 0xEF && s[0] != 0xD8 && s[0] != 0xDB && s[0] != 0xE0))
		return 0;
	for (size_t k = 0; k < sizeof marks / sizeof marks[0]; k++) {
		size_t n = strlen(marks[k].mark);

		if (len >= n && memcmp(s, marks[k].mark, n) == 0) {
			*ends = marks[k].ends;
			return n;
		}
	}
	return 0;
}

static size_t count_punct(const char *s, size_t len)
{
	size_t n = 0;
	bool ends;

	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == ',' || c == '.' || c == ';' || c == ':' || c == '!' || c == '?')
			n++;
		else if (c >= 0xD8 && wide_punct_len((const unsigned char *)s + i, len - i, &ends))
			n++;
	}
	return n;
}

/* Ends the block being collected; empty blocks vanish. */
static int state_flush(struct content_state *st)
{
	size_t len;
	char *s;
	struct block *b;

	st->space = false;
	/* trim the trailing space the collapsing may have left */
	while (st->text.len > st->cur_start && st->text.data[st->text.len - 1] == ' ')
		st->text.len--;
	s = st->text.data + st->cur_start;
	len = st->text.len - st->cur_start;
	while (len && s[0] == ' ') {
		s++;
		len--;
	}
	if (!len) {
		vn_buf_truncate(&st->text, st->cur_start);
		st->cur_link = 0;
		return VN_OK;
	}
	if (st->n_blocks == st->cap_blocks) {
		size_t nc = st->cap_blocks ? st->cap_blocks * 2 : 128;
		struct block *p = realloc(st->blocks, nc * sizeof *p);

		if (!p)
			return VN_ENOMEM;
		st->blocks = p;
		st->cap_blocks = nc;
	}
	b = &st->blocks[st->n_blocks++];
	b->off = (uint32_t)(s - st->text.data);
	b->len = (uint32_t)len;
	b->chars = (uint32_t)parser_text_count_chars(s, len);
	b->link_chars = st->cur_link < b->chars ? (uint32_t)st->cur_link : b->chars;
	b->punct = (uint32_t)count_punct(s, len);
	b->owner = (uint32_t)st->cur_owner;
	b->flags = st->cur_flags;
	if (b->chars < 100 && block_dateline(s, len))
		b->flags |= BLOCK_DATELINE;
	if (vn_buf_addc(&st->text, '\0'))
		return VN_ETOOBIG;
	st->cur_start = st->text.len;
	st->cur_link = 0;
	return VN_OK;
}

static size_t block_owner_of(xmlNode *n)
{
	while (n && n->type == XML_ELEMENT_NODE) {
		if (n->_private && tag_block((const char *)n->name) && !tag_is(n, "br") &&
		    !tag_is(n, "img"))
			return node_index(n);
		n = n->parent;
	}
	return 0;
}

static unsigned block_flags_of(xmlNode *n)
{
	unsigned f = 0;
	int up = 0;

	while (n && n->type == XML_ELEMENT_NODE && up++ < 4) {
		f |= tag_flags(n);
		n = n->parent;
	}
	return f;
}

static int ptr_cmp(const void *a, const void *b)
{
	uintptr_t x = (uintptr_t)*(xmlNode *const *)a, y = (uintptr_t)*(xmlNode *const *)b;

	return x < y ? -1 : x > y;
}

static bool state_is_pruned(const struct content_state *st, xmlNode *n)
{
	return st->n_pruned && bsearch(&n, st->pruned, st->n_pruned, sizeof n, ptr_cmp);
}

/* Pass 1: pre-order numbering of elements and the linear text blocks. */
static int content_linearize(struct content_state *st, xmlNode *body)
{
	xmlNode *n = body;
	size_t in_link = 0;
	int rc;

	rc = state_add_node(st, body);
	if (rc)
		return rc;
	st->cur_owner = 0;
	n = body->children;
	while (n) {
		bool descend = false;

		if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
			if (n->content) {
				size_t before = st->text.len, l = strlen((const char *)n->content);

				rc = parser_text_add_collapsed(&st->text, (const char *)n->content, l,
							       &st->space);
				if (rc == VN_ETOOBIG)
					return VN_OK; /* a page past the text cap is cut here */
				if (rc)
					return rc;
				if (in_link)
					st->cur_link += parser_text_count_chars(st->text.data + before,
										st->text.len - before);
			}
		} else if (n->type == XML_ELEMENT_NODE && n->name && state_is_pruned(st, n)) {
			/* skipped: the tree stays intact for the date and byline search; the
			 * white space after a block is not in the tree (xmlmem.c), so a pruned
			 * block between two words still parts them */
			if (tag_block((const char *)n->name))
				st->space = true;
		} else if (n->type == XML_ELEMENT_NODE && n->name) {
			const char *t = (const char *)n->name;
			bool blk = tag_block(t);

			rc = state_add_node(st, n);
			if (rc)
				return rc;
			if (blk) {
				rc = state_flush(st);
				if (rc)
					return rc;
				if (!tag_is(n, "br") && !tag_is(n, "img") && !tag_is(n, "hr")) {
					st->cur_owner = node_index(n);
					st->cur_flags = block_flags_of(n);
				}
			} else if (tag_is(n, "a") && n->children) {
				in_link++;
			}
			if (n->children) {
				descend = true;
			}
		}
		if (descend) {
			n = n->children;
			continue;
		}
		/* leave n, and every ancestor whose last child we just left */
		for (;;) {
			if (n->type == XML_ELEMENT_NODE && n->name && n->_private) {
				if (tag_is(n, "a") && in_link && n->children)
					in_link--;
				if (tag_block((const char *)n->name) && !tag_is(n, "br") &&
				    !tag_is(n, "img") && !tag_is(n, "hr")) {
					rc = state_flush(st);
					if (rc)
						return rc;
					st->cur_owner = block_owner_of(n->parent);
					st->cur_flags = block_flags_of(n->parent);
				}
			}
			if (n->next) {
				n = n->next;
				break;
			}
			n = n->parent;
			if (!n || n == body) {
				n = NULL;
				break;
			}
		}
	}
	return state_flush(st);
}

/* The text of a block: NUL-terminated inside st->text. */
static const char *block_text(const struct content_state *st, const struct block *b)
{
	return st->text.data + b->off;
}

static bool block_is_good(const struct block *b)
{
	size_t own = b->chars - b->link_chars;

	if (b->flags & BLOCK_DATELINE)
		return false;
	return own >= BLOCK_GOOD_MIN && (double)b->link_chars <= BLOCK_LINK_MAX * (double)b->chars;
}

/* Pass 2: subtree sums, children before parents (reverse pre-order). */
static void content_sum(struct content_state *st)
{
	/* prose comes in runs of sibling paragraphs; a lone good block in its container is
	 * more likely a teaser under a linked headline, so it weighs less.  The good blocks
	 * owned by each node's children are counted in `links` (zero until the sums below),
	 * and each block keeps its run's count in its flags. */
	st->prose_chars = st->lone_chars = 0;
	st->n_lone = 0;
	for (size_t i = 0; i < st->n_blocks; i++) {
		const struct block *b = &st->blocks[i];
		size_t g = node_parent(st, b->owner);

		if (block_is_good(b))
			st->nodes[g == NODE_NONE ? b->owner : g].links++;
	}
	for (size_t i = 0; i < st->n_blocks; i++) {
		struct block *b = &st->blocks[i];
		size_t g = node_parent(st, b->owner);
		uint32_t run = st->nodes[g == NODE_NONE ? b->owner : g].links;

		b->flags = (b->flags & ~(unsigned)BLOCK_RUN_MASK) |
			   ((run < 3 ? run : 3) << BLOCK_RUN_SHIFT);
	}
	for (size_t i = 0; i < st->n_nodes; i++)
		st->nodes[i].links = 0;
	for (size_t i = 0; i < st->n_blocks; i++) {
		const struct block *b = &st->blocks[i];
		struct node_stat *ns = &st->nodes[b->owner];
		double own = (double)(b->chars - b->link_chars);
		unsigned run = (b->flags & BLOCK_RUN_MASK) >> BLOCK_RUN_SHIFT;

		ns->text += b->chars;
		ns->links += b->link_chars;
		if (block_is_good(b)) {
			ns->good += own * (b->punct ? 1.0 : 0.6) *
				    (run >= 3 ? 1.0 : run == 2 ? RUN2_WEIGHT : RUN1_WEIGHT);
			st->prose_chars += own;
			if (run == 1) {
				st->lone_chars += own;
				st->n_lone++;
			}
		}
		else if ((double)b->link_chars <= BLOCK_LINK_MAX * (double)b->chars)
			ns->shorts += b->chars - b->link_chars;
	}
	for (size_t i = st->n_nodes; i-- > 1;) {
		struct node_stat *ns = &st->nodes[i], *p;

		p = &st->nodes[node_parent(st, i)];
		p->good += ns->good;
		p->links += ns->links;
		p->shorts += ns->shorts;
		p->text += ns->text;
		if (ns->end > p->end)
			p->end = ns->end;
	}
}

/* the next article's teaser: boilerplate though "story" and "post" are in POS_HINTS */
#define NEXT_HINTS "nextstory|next-story|next-post|nextpost"
#define NEG_HINTS "comment|sidebar|side-bar|footer|menu|navbar|breadcrumb|related|relate|" \
	"share|social|sharing|banner|advert|quangcao|sponsor|popup|cookie|newsletter|" \
	"subscribe|pager|pagination|paging|tinkhac|tin-khac|othernews|other-news|" \
	"other_news|tinlienquan|tin-lien-quan|lienquan|thongke|counter|visitor|login|" \
	"dangnhap|widget|toolbar|rating|tags|tukhoa|keyword|hotnews|mostread|most-read|" \
	"docnhieu|doc-nhieu|weather|masthead|copyright|lienket|lien-ket|navigation|" \
	"breaking|trending|promo|signup|author-box|byline|dateline|meta|print|topbar|top-bar|" \
	"marquee|newsticker|news-ticker|" \
	"gallery|slideshow|carousel|lightbox|consent|gdpr|cc-window|cc-banner|author-bio|authorbio|author-info|about-author|bio-box|" \
	"disclaimer|recirc|read-next|readnext|more-from|subscription|paywall|cta-|-cta|cta_|" \
	"_cta|" NEXT_HINTS
#define POS_HINTS "article|content|main|body|post|entry|story|detail|chitiet|chi-tiet|" \
	"noidung|noi-dung|text|journal|news-detail"

/* <figure> holds a photo and its caption.  Vietnamese portals' captions ("Đồng chí ...
 * phát biểu tại hội nghị.") are part of the article (issue #3), while the English news
 * corpora we measure against leave captions and photo credits out of the text; so figures
 * stay on pages whose prose is Vietnamese and go elsewhere. */
static bool tag_structural_boilerplate(const xmlNode *n, bool keep_figures)
{
	if (tag_is(n, "figure") || tag_is(n, "figcaption"))
		return !keep_figures;
	return tag_is(n, "nav") || tag_is(n, "aside") || tag_is(n, "footer");
}

/* A box whose first element is a heading naming other articles ("<section><h2>More on
 * this story</h2><ul>…", "<div><h3>Tin liên quan</h3>…"), whatever its class says. */
static bool led_by_related_heading(xmlNode *n)
{
	xmlNode *h = n->children;
	char *t;
	bool related;

	if (!(tag_is(n, "section") || tag_is(n, "div")))
		return false;
	while (h && h->type != XML_ELEMENT_NODE)
		h = h->next;
	if (!h || !h->name || h->name[0] != 'h' || h->name[1] < '2' || h->name[1] > '4' || h->name[2])
		return false;
	if (!(t = parser_node_text(h, 128)))
		return false;
	related = parser_line_is_related(t, strlen(t));
	free(t);
	return related;
}

/* Whether the page's prose (its good blocks, the first 16 KB of them) is Vietnamese, by
 * the same letter statistics the charset detection and the language guess use. */
static bool content_is_vi(const struct content_state *st)
{
	double vi = 0.0, weight = 0.0;

	for (size_t i = 0; i < st->n_blocks && weight < 16384; i++) {
		const struct block *b = &st->blocks[i];

		if (!block_is_good(b))
			continue;
		vi += parser_charset_vi_score(block_text(st, b), b->len) * (double)b->len;
		weight += (double)b->len;
	}
	return weight > 0 && vi / weight > 0.08;
}

/* Pass 0: prune subtrees whose tag or class/id says boilerplate, unless they hold most
 * of the page's prose (a wrapper called "has-sidebar" around everything). */
static bool content_prune(struct content_state *st, const xmlNode *forced)
{
	double total = st->nodes[0].good;
	bool pruned = false, keep_figures = content_is_vi(st);
	size_t keep_from = SIZE_MAX, keep_end = 0;

	/* the node a sites file named as the body, and its ancestors, stay; failing that, the
	 * element the page itself marks as its body (schema.org microdata) */
	if (forced && forced->_private) {
		keep_end = node_index(forced);
		keep_from = 0;
	}
	for (size_t i = 1; keep_from == SIZE_MAX && i < st->n_nodes; i++) {
		xmlNode *n = st->nodes[i].node;
		const char *prop = n && tag_block((const char *)n->name) ?
			parser_node_attr(n, "itemprop") : NULL;

		if (prop && strcasecmp(prop, "articleBody") == 0 && st->nodes[i].good > 0) {
			keep_end = i;
			keep_from = 0;
		}
	}

	for (size_t i = 1; i < st->n_nodes; i++) {
		struct node_stat *ns = &st->nodes[i];
		xmlNode *n = ns->node;
		bool neg;

		if (!n || !tag_block((const char *)n->name))
			continue; /* inline elements go with their block: not worth the look-up */
		if (keep_from != SIZE_MAX && i <= keep_end && ns->end >= keep_end)
			continue; /* the chosen body or one of its ancestors */
		neg = tag_structural_boilerplate(n, keep_figures) || led_by_related_heading(n) ||
		      /* a running line of figures over the page (covid19.gov.vn); a table's
		       * "ticker" column is a stock's symbol */
		      (tag_is(n, "div") && parser_node_attr_matches(n, "ticker"));
		if (!neg && !tag_is(n, "article") && !tag_is(n, "main") && !tag_is(n, "body") &&
		    parser_node_attr_matches(n, NEG_HINTS)) {
			neg = true;
			if (parser_node_attr_matches(n, POS_HINTS) && !parser_node_attr_matches(
				    n, "comment|related|relate|tinkhac|tin-khac|othernews|"
				    "other-news|tinlienquan|tin-lien-quan|lienquan|share|social|"
				    "breadcrumb|footer|menu|sidebar|pager|pagination|thongke|counter|"
				    NEXT_HINTS))
				neg = false;
		}
		/* a wrapper named "has-sidebar" around the article survives; comments never do */
		if (neg && ns->good > 0.5 * total && total > 0 &&
		    !parser_node_attr_matches(n, "comment|disqus|respond|reply|replies|footer|copyright"))
			neg = false;
		if (!neg)
			continue;
		if (st->n_pruned == st->cap_pruned) {
			size_t nc = st->cap_pruned ? st->cap_pruned * 2 : 32;
			xmlNode **p = realloc(st->pruned, nc * sizeof *p);

			if (!p)
				break; /* pruning is an optimisation of quality, not required */
			st->pruned = p;
			st->cap_pruned = nc;
		}
		st->pruned[st->n_pruned++] = n;
		pruned = true;
		i = ns->end;
	}
	if (st->n_pruned)
		qsort(st->pruned, st->n_pruned, sizeof *st->pruned, ptr_cmp);
	return pruned;
}

static void state_reset(struct content_state *st)
{
	for (size_t i = 0; i < st->n_nodes; i++)
		if (st->nodes[i].node)
			st->nodes[i].node->_private = NULL;
	st->n_nodes = 0;
	st->n_blocks = 0;
	vn_buf_reset(&st->text);
	st->cur_start = 0;
	st->cur_link = 0;
	st->cur_flags = 0;
	st->space = false;
}

/* Frees the node array (the emission does without it: on a page of many small elements it
 * is the biggest thing beside the tree, and the body's text comes on top). */
static void state_free_nodes(struct content_state *st)
{
	for (size_t i = 0; i < st->n_nodes; i++)
		if (st->nodes[i].node)
			st->nodes[i].node->_private = NULL;
	st->n_nodes = 0;
	free(st->nodes);
	st->nodes = NULL;
	st->cap_nodes = 0;
}

static void state_release(struct content_state *st)
{
	state_reset(st);
	free(st->nodes);
	free(st->blocks);
	free(st->pruned);
	vn_buf_release(&st->text);
}

/* Lines that are portal furniture wherever they appear (lowercase: see line_in). */
static const char *const boiler_lines[] = {
	"tin liên quan", "các tin khác", "tin cùng chuyên mục", "tin khác", "bài liên quan",
	"bài viết liên quan", "tin bài liên quan", "các tin đã đưa", "tin đã đưa",
	"các bài viết khác", "tin mới", "tin mới nhất", "đọc nhiều", "đọc nhiều nhất",
	"xem nhiều", "xem nhiều nhất", "tin nổi bật", "thống kê truy cập", "đang truy cập",
	"đang online", "tổng truy cập", "tổng lượt truy cập", "lượt truy cập", "hôm nay",
	"xem lịch phát sóng", "lịch phát sóng", "đăng nhập", "đăng ký", "chia sẻ", "in bài",
	"in bài viết", "in trang", "gửi email", "gửi bài viết", "quay lại",
	"về đầu trang", "lên đầu trang", "trở về", "bình luận", "ý kiến bạn đọc", "từ khóa",
	"từ khoá", "tags", "tag", "share", "print", "email", "facebook", "zalo", "twitter",
	"tweet", "related", "related articles", "related posts", "read more", "more",
	"advertisement", "comments", "leave a comment", "leave a reply", "share this",
	"share this article", "sponsored", "recommended", "trending",
	"bỏ qua để đến nội dung", "trang chủ", "liên hệ", "sơ đồ cổng", "sitemap",
	"liên kết website", "liên kết web", "thư viện video", "thư viện ảnh", "video",
	"danh mục", "tin cùng loại", "các tin cũ hơn", "các tin mới hơn", "tin tiếp theo",
	"xem thêm", "xem tiếp", "đánh giá", "lượt xem", "view count",
	"truyền hình trực tuyến", "phát thanh trực tuyến", "bản in", "cỡ chữ", "ý kiến",
	"gửi ý kiến", "đánh giá bài viết", "đọc bài viết", "nghe đọc", "nghe đọc bài viết",
	"advert", "continue reading below", "story continues below", "don't miss",
	"tell us what you think...", "explore further", "caption", "close",
	"back to gallery", "search", "menu", "các tin liên quan", "tin cùng chủ đề",
	"bài viết cùng chủ đề", "bài cùng chủ đề", "tin tức khác", "các tin tức khác",
	"tin bài khác", "các tin bài khác", "bài viết khác", "tin cùng danh mục",
	"tin bài cùng chuyên mục", "bài cùng chuyên mục", "đọc thêm", "tin xem nhiều",
	"tin đọc nhiều", "quảng cáo",
	/* the same labels on news sites in other languages */
	"lesen sie auch", "mehr zum thema", "das könnte sie auch interessieren",
	"weitere artikel", "auch interessant", "verwandte artikel", "anzeige", "werbung",
	"lire aussi", "à lire aussi", "a lire aussi", "voir aussi", "sur le même sujet",
	"articles similaires", "dans la même rubrique", "publicité", "leer más",
	"lee también", "te puede interesar", "noticias relacionadas", "artículos relacionados",
	"publicidad", "leggi anche", "potrebbe interessarti", "articoli correlati",
	"pubblicità", "leia também", "veja também", "notícias relacionadas", "publicidade",
	"читайте также", "похожие статьи", "реклама", "相关新闻", "相关阅读", "相关文章",
	"contribuer", "argomenti", "actualizado", "leia mais", "tópicos relacionados",
	"اقرأ أيضا", "اقرأ أيضاً", "نهاية القائمة", "الكلمات الدالة", "نشر في", "광고", "广告",
	"please turn on javascript to use this feature", "advertisement · scroll to continue",
	"scroll to continue", "scroll to continue with content",
};

/* Headings after which a page lists other articles: emission stops there, and so does
 * the date search (date.c). */
static const char *const related_lines[] = {
	"tin liên quan", "các tin liên quan", "các tin khác", "tin khác", "tin cùng chuyên mục",
	"tin bài cùng chuyên mục", "bài cùng chuyên mục", "tin cùng danh mục", "tin cùng loại",
	"tin cùng chủ đề", "bài viết cùng chủ đề", "bài cùng chủ đề", "bài liên quan",
	"bài viết liên quan", "tin bài liên quan", "các tin đã đưa", "tin đã đưa",
	"các bài viết khác", "bài viết khác", "tin tức khác", "các tin tức khác", "tin bài khác",
	"các tin bài khác", "các tin cũ hơn", "related articles", "related posts",
	"related stories", "more stories", "more on this story", "related topics",
	"related internet links",
};

/* "See also" labels of boxes inside an article (beside related_lines). */
static const char *const see_also_lines[] = { "xem thêm", "đọc thêm" };

/* An official document's recipients ("Nơi nhận:" over "- Như trên; - Lưu: VT."), which
 * close the text of a notice or a decision a portal prints whole, beside the signature:
 * emission stops there too. */
static const char *const end_lines[] = { "nơi nhận" };

/* Comment sections: emission stops there too. */
static const char *const comment_lines[] = {
	"bình luận", "ý kiến bạn đọc", "comments", "leave a comment", "leave a reply",
	"kommentare", "commentaires", "comentarios", "commenti", "comentários", "комментарии",
};

/* A screen reader's marks around a box of links (Al Jazeera's "Read also": "list 1 of
 * 4", "قائمة من 4 عناصر", "end of list"): the line with every number as "#". */
static bool line_list_marker(const char *s, size_t len)
{
	static const char *const marks[] = { "list # of #", "end of list", "قائمة من # عناصر" };
	char low[64], shape[64];
	size_t n, k = 0;

	if (len >= sizeof low || !(n = parser_text_lower_into(s, len, low, sizeof low)))
		return false;
	for (size_t i = 0; i < n && k + 1 < sizeof shape; i++) {
		if (low[i] >= '0' && low[i] <= '9') {
			if (!k || shape[k - 1] != '#')
				shape[k++] = '#';
			continue;
		}
		shape[k++] = low[i];
	}
	shape[k] = '\0';
	for (size_t i = 0; i < sizeof marks / sizeof marks[0]; i++)
		if (strcmp(shape, marks[i]) == 0)
			return true;
	return false;
}

/* Whether a line is one of `list` (lowercase), in any case ("TIN LIÊN QUAN"), with
 * brackets, a leading '>' or '-' and a closing ':' or '.' around it. */
static bool line_in(const char *s, size_t len, const char *const *list, size_t n)
{
	char low[128];

	while (len && (s[len - 1] == ':' || s[len - 1] == ' ' || s[len - 1] == '.'))
		len--;
	while (len && (s[0] == '[' || s[0] == ' ' || s[0] == '>' || s[0] == '-')) {
		s++;
		len--;
	}
	while (len && (s[len - 1] == ']' || s[len - 1] == ' '))
		len--;
	if (!len || len >= 64 || !(len = parser_text_lower_into(s, len, low, sizeof low)))
		return false; /* every label is shorter */
	for (size_t i = 0; i < n; i++)
		if (strlen(list[i]) == len && memcmp(low, list[i], len) == 0)
			return true;
	return false;
}

bool parser_line_is_related(const char *s, size_t len)
{
	return line_in(s, len, related_lines, sizeof related_lines / sizeof related_lines[0]);
}

/* "Thống kê truy cập: 123", "Hôm nay: 45", "View count: 11848", "1831-1840 of 3693": a
 * short line opening with a counter's, a footer's or a widget's label. */
static bool line_counter(const char *s, size_t len)
{
	/* lowercase: a line is lowered before the comparison ("LƯỢT XEM: 1.234") */
	static const char *const prefixes[] = {
		"thống kê truy cập", "đang truy cập", "đang online", "tổng truy cập",
		"tổng lượt truy cập", "lượt truy cập", "hôm nay:", "hôm qua:",
		"trong tuần:", "trong tháng:", "tất cả:", "view count", "lượt xem:",
		"số lượt xem", "đang xem:", "online:", "truy cập", "đánh giá:", "bản quyền",
		"copyright", "©", "giấy phép", "chịu trách nhiệm", "địa chỉ:",
		"điện thoại:", "email:", "e-mail:", "fax:", "đt:", "tel:", "ghi rõ nguồn",
		/* the rating and read-aloud widgets of portal articles (Liferay's ratings:
		 * "Tổng số điểm của bài viết là: 0 trong 0 đánh giá") */
		"tổng số điểm của bài viết", "click để đánh giá", "nhấn để đánh giá",
		"đánh giá bài viết:",
		"average (", "your rating", "nghe đọc bài", "nghe bài viết", "đọc bài viết:",
	};
	char low[96];
	size_t cut = len < 64 ? len : 64, ll;

	while (cut < len && cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80)
		cut--; /* on a character's first byte */
	ll = parser_text_lower_into(s, cut, low, sizeof low);

	for (size_t i = 0; ll && i < sizeof prefixes / sizeof prefixes[0]; i++) {
		size_t pl = strlen(prefixes[i]);

		if (ll >= pl && memcmp(low, prefixes[i], pl) == 0)
			return true;
	}
	if (len < 60 && parser_memcasemem(s, len, "bình chọn") && s[0] == '(')
		return true; /* "(6816 bình chọn, 9/10 điểm)" */
	if (len < 40 && parser_memcasemem(s, len, " of ")) {
		/* a pager "1831-1840 of 3693" is digits, '-' and " of " only */
		bool pager = true;

		for (size_t i = 0; i < len && pager; i++)
			pager = (s[i] >= '0' && s[i] <= '9') || s[i] == '-' || s[i] == ' ' ||
				s[i] == 'o' || s[i] == 'f';
		if (pager)
			return true;
	}
	return false;
}

/* An image file name shown as text ("IMG_4093.jpeg"). */
static bool line_image_name(const char *s, size_t len)
{
	static const char *const ext[] = { ".jpg", ".jpeg", ".png", ".gif", ".webp", ".bmp" };

	if (len > 80 || memchr(s, ' ', len))
		return false;
	for (size_t i = 0; i < sizeof ext / sizeof ext[0]; i++) {
		size_t el = strlen(ext[i]);

		if (len > el && strncasecmp(s + len - el, ext[i], el) == 0)
			return true;
	}
	return false;
}

/* Whether c is ASCII punctuation or space, which same_words skips. */
static bool ascii_gap(char c)
{
	return c && (unsigned char)c < 0x80 && !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
						 (c >= 'A' && c <= 'Z'));
}

/* Whether a and b have the same words, whatever the ASCII punctuation and spaces between
 * them: the headline printed again at the top of the body from its kicker and its title
 * ("Deutsche Bahn" + "Sanierung ..." against the <title>'s "Deutsche Bahn: Sanierung ..."). */
static bool same_words(const char *a, const char *b)
{
	for (;;) {
		while (ascii_gap(*a))
			a++;
		while (ascii_gap(*b))
			b++;
		if (!*a || !*b)
			return !*a && !*b;
		if (*a++ != *b++)
			return false;
	}
}

static bool ends_sentence(const char *s, size_t len)
{
	while (len && (s[len - 1] == ' ' || s[len - 1] == '"' || s[len - 1] == '\'' ||
		       s[len - 1] == ')'))
		len--;
	if (len >= 3 && (memcmp(s + len - 3, "\xE2\x80\x9D", 3) == 0 ||
			 memcmp(s + len - 3, "\xE2\x80\x99", 3) == 0))
		len -= 3; /* closing curly quotes */
	if (!len)
		return false;
	if (s[len - 1] == '.' || s[len - 1] == '!' || s[len - 1] == '?' || s[len - 1] == ':')
		return true;
	if (len >= 3 && memcmp(s + len - 3, "\xE2\x80\xA6", 3) == 0) /* … */
		return true;
	/* 。！？ and the like; a comma-like mark (、，؛ ،) ends no sentence */
	for (size_t k = 2; k <= 3 && k <= len; k++) {
		bool ends;

		if (wide_punct_len((const unsigned char *)s + len - k, k, &ends) == k)
			return ends;
	}
	return false;
}

/* A document number in the text: digits, then "/" or "-" and a letter ("999/UBND-KT",
 * "240-CV/TU"), which no date or time has. */
static bool has_document_number(const char *s, size_t len)
{
	for (size_t i = 1; i + 1 < len; i++) {
		unsigned char c = (unsigned char)s[i + 1];

		if ((s[i] == '/' || s[i] == '-') && s[i - 1] >= '0' && s[i - 1] <= '9' &&
		    ((c >= 'A' && c <= 'Z') || c >= 0xC0))
			return true;
	}
	return false;
}

/* "Thứ Ba, 25/12/2012 - 10:03", "Ngày đăng 01/08/2021 | 15:44": a date with little else.
 * A short sentence citing a document of that day ("Theo Văn bản số 999/UBND-KT ngày
 * 1/1/2022.") is body text. */
static bool block_dateline(const char *s, size_t len)
{
	static const char *const labels[] = { "Ngày đăng", "Thời gian đăng", "Cập nhật", "Đăng lúc",
					      "Ngày cập nhật", "Posted", "Published", "Updated",
					      "Ngày:", "Đăng ngày", "By ", "Publié le", "Mis à jour",
					      "Veröffentlicht", "Aktualisiert", "Publicado",
					      "Actualizado", "Pubblicato", "Aggiornato", "Atualizado",
					      "Опубликовано", "Обновлено" };
	static const char *const tools[] = { "in bài viết", "cỡ chữ", "gửi email", "bản in",
					     "nghe đọc", "in trang" };
	char iso[32];
	size_t digits = 0, letters = 0;

	for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
		if (strncasecmp(s, labels[i], strlen(labels[i])) == 0 && parser_date_find(s, len, iso))
			return true;
	if (!parser_date_find(s, len, iso) || has_document_number(s, len))
		return false;
	/* the date with the author and a counter: "15/11/2021 12:30:45 CH Tác giả: Lê Văn Tâm
	 * | Lượt xem: 523" */
	if (len < 160 && (parser_memcasemem(s, len, "lượt xem") ||
			  parser_memcasemem(s, len, "lượt đọc") ||
			  parser_memcasemem(s, len, "lượt truy cập")))
		return true;
	/* ... or with the article's tools: "Thứ Sáu, 03/09/2021, 15:40 (GMT+7) In bài viết
	 * Cỡ chữ" (QĐND) */
	if (len < 160 && s[len - 1] != '.')
		for (size_t i = 0; i < sizeof tools / sizeof tools[0]; i++)
			if (parser_memcasemem(s, len, tools[i]))
				return true;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c >= '0' && c <= '9')
			digits++;
		else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0xC0)
			letters++;
	}
	/* mostly digits: a weekday name and a date/time, not a sentence that mentions a day */
	return letters <= 2 * digits + 4 && len < 60;
}

static bool line_cta(const char *s, size_t len)
{
	static const char *const cta[] = {
		"subscribe", "newsletter", "follow us", "follow her", "follow him", "follow @",
		"sign up", "may be reached at", "click here", "all rights reserved", "©",
		"join our", "if you enjoyed", "read more", "share this", "đăng ký nhận",
		"theo dõi chúng tôi", "download the app", "get the latest",
		/* a broadcaster's closing plug: "Mời quý độc giả theo dõi các chương trình
		 * đã phát sóng ... trên TV Online" */
		"mời quý độc giả theo dõi", "mời bạn đọc theo dõi", "mời quý vị theo dõi",
		/* an aggregator's or a news site's pointer elsewhere: "Đọc bài gốc", "... Bấm
		 * xem >>" (24h), the newsletter sign-up in other languages */
		"đọc bài gốc", "Đọc bài gốc", "bấm xem", "in your inbox", "nella tua casella", "dans votre boîte",
		"in ihr postfach", "the trust project",
	};
	for (size_t i = 0; i < sizeof cta / sizeof cta[0]; i++)
		if (parser_memcasemem(s, len, cta[i]))
			return true;
	/* "Copyright 2019 ...", but not a closing paragraph about copyright law */
	return len >= 9 && strncasecmp(s, "copyright", 9) == 0;
}

/* An English photo credit closing a caption: "(Image: GETTY )", "(AP Photo/Alan Diaz)",
 * "Photo: Hau Dinh, AP".  Vietnamese captions ("Ảnh: ...") stay in the body. */
static bool line_photo_credit(const char *s, size_t len)
{
	static const char *const credits[] = { "(Image:", "(Photo:", "(AP Photo", "(Getty",
					       "(Reuters", "Photo: ", "Getty Images",
					       "(Picture:", "Image: ", "(Credit:" };
	/* a line of its own naming the photographer: "Photograph by Ed Marshall, Redonda
	 * Restoration Programme" */
	static const char *const starts[] = { "Photograph by ", "Photo by ", "Photos by ",
					      "Image by ", "Credit: " };

	if (len > 400)
		return false;
	for (size_t i = 0; len <= 120 && i < sizeof starts / sizeof starts[0]; i++)
		if (len > strlen(starts[i]) && strncmp(s, starts[i], strlen(starts[i])) == 0)
			return true;
	for (size_t i = 0; i < sizeof credits / sizeof credits[0]; i++) {
		const char *p = parser_memcasemem(s, len, credits[i]);

		if (p && (size_t)(p - s) + 60 >= len)
			return true;
	}
	return false;
}

/* The roles of an e-magazine's credits ("Nội dung: Nguyễn Hoàn | Ảnh: Nhật Minh | Thiết
 * kế: Phương Linh"); the first names the writer. */
static const char *const credit_roles[] = { "Nội dung:", "Bài:", "Thực hiện:", "Ảnh:",
					    "Thiết kế:", "Đồ họa:", "Video:", "Trình bày:" };

/* Whether a short line lists two roles or more: a credits line, no prose. */
static bool line_credits(const char *s, size_t len)
{
	size_t roles = 0;

	if (len > 200)
		return false;
	for (size_t i = 0; i < sizeof credit_roles / sizeof credit_roles[0]; i++)
		if (parser_memcasemem(s, len, credit_roles[i]))
			roles++;
	return roles >= 2;
}

/* The writer a credits line names ("Nội dung: X", "Bài: X", "Thực hiện: X"), up to the
 * next role or "|": a new string, or NULL. */
static char *credits_author(const char *s, size_t len)
{
	for (size_t i = 0; i < 3; i++) {
		const char *at = parser_memcasemem(s, len, credit_roles[i]), *end = s + len;

		if (!at)
			continue;
		at += strlen(credit_roles[i]);
		while (at < end && *at == ' ')
			at++;
		for (const char *p = at; p < end; p++)
			if (*p == '|' || (p > at && p[-1] == ' ' && *p == '-' && p + 1 < end && p[1] == ' ')) {
				end = p;
				break;
			}
		for (size_t k = 3; k < sizeof credit_roles / sizeof credit_roles[0]; k++) {
			const char *r = parser_memcasemem(at, (size_t)(end - at), credit_roles[k]);

			if (r)
				end = r;
		}
		while (end > at && (end[-1] == ' ' || end[-1] == '-'))
			end--;
		return end > at ? strndup(at, (size_t)(end - at)) : NULL;
	}
	return NULL;
}

/* Whether block i's text already appeared in an earlier block since `from`. */
static bool block_repeats(const struct content_state *st, size_t from, size_t i)
{
	const struct block *b = &st->blocks[i];

	for (size_t j = from; j < i && i - j < 400; j++) {
		const struct block *c = &st->blocks[j];

		if (c->len == b->len && memcmp(block_text(st, c), block_text(st, b), b->len) == 0)
			return true;
	}
	return false;
}

/* Pass 3: emit the blocks of the main node `m` (index `mainidx`; `par`, index `paridx`, is
 * the ancestor a lead paragraph may come from, NULL for none): the node array itself may
 * be gone. */
static bool tag_is_cell(const xmlNode *n)
{
	return n && n->type == XML_ELEMENT_NODE && (tag_is(n, "td") || tag_is(n, "th"));
}

/* The table cell (td/th) block `i` fills: its owner, or the owner's parent when the
 * owner is a paragraph of the cell ("<td><p>3.218</p></td>"); NULL for none. */
static const xmlNode *block_cell(const struct content_state *st, size_t i)
{
	const xmlNode *n = st->nodes[st->blocks[i].owner].node;

	if (tag_is_cell(n))
		return n;
	return n && (tag_is(n, "p") || tag_is(n, "div")) && tag_is_cell(n->parent) ?
		       n->parent : NULL;
}

/* The row (pre-order index of its <tr>) of a table cell that block `i` fills alone, in a
 * row of two cells or more; else NODE_NONE. */
static size_t block_row(const struct content_state *st, size_t i)
{
	const struct block *b = &st->blocks[i];
	const xmlNode *cell = block_cell(st, i);
	unsigned cells = 0;

	if (!(b->flags & BLOCK_CELL) || !cell || !cell->parent || !tag_is(cell->parent, "tr"))
		return NODE_NONE;
	if ((i > 0 && block_cell(st, i - 1) == cell) ||
	    (i + 1 < st->n_blocks && block_cell(st, i + 1) == cell))
		return NODE_NONE;
	for (const xmlNode *c = cell->parent->children; c && cells < 2; c = c->next)
		cells += tag_is_cell(c);
	return cells >= 2 ? node_index(cell->parent) : NODE_NONE;
}

/* The <table> of a row (its pre-order index), over a thead/tbody/tfoot. */
static size_t row_table(const struct content_state *st, size_t row)
{
	size_t t = node_parent(st, row);
	const xmlNode *n = t != NODE_NONE ? st->nodes[t].node : NULL;

	if (n && (tag_is(n, "tbody") || tag_is(n, "thead") || tag_is(n, "tfoot")))
		t = node_parent(st, t);
	return t;
}

/* Marks the blocks of the subtree [from, end] that are table cells read a row a line
 * (see BLOCK_IN_ROW), while the node array still exists. */
static void mark_table_rows(struct content_state *st, size_t from, size_t end)
{
	size_t prev = NODE_NONE;

	for (size_t i = 0; i < st->n_blocks; i++) {
		struct block *b = &st->blocks[i];
		size_t row;

		if (b->owner < from || b->owner > end)
			continue;
		row = block_row(st, i);
		if (row != NODE_NONE) {
			b->flags |= BLOCK_IN_ROW;
			if (row != prev)
				b->flags |= BLOCK_ROW_START;
			if (prev == NODE_NONE || row_table(st, row) != row_table(st, prev))
				b->flags |= BLOCK_TABLE_START;
		}
		prev = row;
	}
}

/* A line of a box of links: mostly link text, and short (a headline, not a paragraph). */
static bool block_link_line(const struct block *b)
{
	return b->link_chars * 2 > b->chars && b->chars < 150;
}

/* A box's label naming other articles: "Tin liên quan", "Xem thêm", "Đọc thêm". */
static bool block_box_label(const struct content_state *st, const struct block *b)
{
	return parser_line_is_related(block_text(st, b), b->len) ||
	       line_in(block_text(st, b), b->len, see_also_lines,
		       sizeof see_also_lines / sizeof see_also_lines[0]);
}

/* The labeled related-news boxes inside an article: "Tin liên quan" and up to 10 links
 * in an element of their own (a floated table, a div) with the article's prose going on
 * after it, as provincial portals and news sites set them between two paragraphs.  Their
 * blocks are marked BLOCK_INNER_BOX, so that emission steps over them instead of ending
 * the body there as at a related-news heading after the article.  The box must close
 * before the prose: a label followed by teasers in the same list is the page's own list
 * of other articles.  Done while the node array still exists, over the subtree
 * [from, end]. */
static void mark_inner_boxes(struct content_state *st, size_t from, size_t end)
{
	for (size_t i = 0; i < st->n_blocks; i++) {
		struct block *b = &st->blocks[i];
		const struct block *next;
		size_t j, links = 0, box;

		if (b->owner <= from || b->owner > end || block_is_good(b) || !block_box_label(st, b))
			continue;
		for (j = i + 1; j < st->n_blocks && links <= 10 && block_link_line(&st->blocks[j]); j++)
			links++;
		if (!links || links > 10 || j >= st->n_blocks)
			continue;
		next = &st->blocks[j];
		if (next->owner <= from || next->owner > end || !block_is_good(next) ||
		    next->link_chars * 10 > next->chars ||
		    !ends_sentence(block_text(st, next), next->len))
			continue;
		/* the smallest element holding the label and its links */
		box = b->owner;
		for (size_t k = i + 1; k < j && box != NODE_NONE && box > from; k++)
			while (box != NODE_NONE && box > from &&
			       (st->blocks[k].owner < box || st->blocks[k].owner > st->nodes[box].end))
				box = node_parent(st, box);
		if (box == NODE_NONE || box <= from ||
		    (next->owner >= box && next->owner <= st->nodes[box].end))
			continue;
		for (size_t k = i; k < j; k++)
			st->blocks[k].flags |= BLOCK_INNER_BOX;
		i = j - 1;
	}
}

static int content_emit(struct content_state *st, size_t mainidx, const struct node_stat *m,
			size_t paridx, const struct node_stat *par, bool par_is_parent,
			const char *title, bool exact, struct parser_content *out)
{
	struct vn_buf body;
	double good_total = m->good, good_seen = 0.0;
	size_t first = SIZE_MAX, last = 0, lead, last_good = SIZE_MAX, trailing = 0;
	size_t starts[4] = { 0 }, n_emitted = 0, emitted_at = SIZE_MAX;
	int rc = VN_OK;

	vn_buf_init(&body, PARSER_MAX_TEXT);
	for (size_t i = 0; i < st->n_blocks; i++) {
		struct block *b = &st->blocks[i];

		if (b->owner < mainidx || b->owner > m->end)
			continue;
		if (first == SIZE_MAX)
			first = i;
		last = i;
	}
	lead = first;
	/* a lead paragraph just before the main node, in a sibling ("sapo" in an <h3> next
	 * to div.content): take it, stepping over a date line or the headline */
	if (!exact && first != SIZE_MAX && par) {
		size_t neutral = 0, links = 0;
		bool labeled = false;

		for (size_t j = first; j-- > 0;) {
			const struct block *b = &st->blocks[j];

			if (b->owner < paridx || b->owner > par->end)
				break;
			/* beside a wrapper of the main node, only a sentence: a dek under the
			 * headline ("Information from multiple sources disputes the claims") is
			 * no lead */
			if (block_is_good(b) && b->link_chars * 10 <= b->chars &&
			    (par_is_parent || ends_sentence(block_text(st, b), b->len)) &&
			    (!links || labeled)) {
				lead = j;
				continue;
			}
			/* a related-news box between the sapo and the body ("Tin liên quan" and
			 * its links) is stepped over, up to 10 links: only with its label, since
			 * links alone are as often the menu above a teaser */
			if (block_link_line(b) && ++links <= 10)
				continue;
			if (block_box_label(st, b))
				labeled = true;
			if (b->link_chars * 2 > b->chars || b->chars >= 80 || ++neutral > 3)
				break;
		}
	}
	/* after the last paragraph only a short signature line may follow (the byline) */
	for (size_t i = first; first != SIZE_MAX && i <= last; i++) {
		const struct block *b = &st->blocks[i];

		if (b->owner >= mainidx && b->owner <= m->end && block_is_good(b))
			last_good = i;
	}
	for (size_t i = lead; first != SIZE_MAX && i <= last; i++) {
		const struct block *b = &st->blocks[i];
		const char *s = block_text(st, b);
		bool good = block_is_good(b);

		if (i < first && !(good && b->link_chars * 10 <= b->chars))
			continue;
		if (i >= first && (b->owner < mainidx || b->owner > m->end))
			continue;
		if (i > last_good && ((b->chars > TRAIL_MAX_CHARS && !ends_sentence(s, b->len)) ||
				      ++trailing > 3))
			continue;
		if (b->flags & BLOCK_INNER_BOX)
			continue;
		if (!good && (parser_line_is_related(s, b->len) ||
			      line_in(s, b->len, comment_lines,
				      sizeof comment_lines / sizeof comment_lines[0]) ||
			      line_in(s, b->len, end_lines, sizeof end_lines / sizeof end_lines[0])) &&
		    good_seen >= 0.5 * good_total)
			break;
		if (good)
			good_seen += (double)(b->chars - b->link_chars) * (b->punct ? 1.0 : 0.6);
		/* a label is furniture even when it reads as a sentence ("Please turn on
		 * JavaScript to use this feature" is long enough to count as prose) */
		if (line_in(s, b->len, boiler_lines, sizeof boiler_lines / sizeof boiler_lines[0]))
			continue;
		if (!good) {
			if (b->link_chars * 2 > b->chars)
				continue; /* a link or a list of links */
			if (line_list_marker(s, b->len))
				continue;
			if (line_image_name(s, b->len))
				continue;
			if (b->flags & BLOCK_DATELINE)
				continue;
		}
		if (title && (strcmp(s, title) == 0 || (out->good_paras == 0 && same_words(s, title))))
			continue;
		if (line_photo_credit(s, b->len))
			continue;
		if (line_credits(s, b->len)) {
			if (!out->credit_author)
				out->credit_author = credits_author(s, b->len);
			continue;
		}
		if (b->chars < 120 && line_counter(s, b->len))
			continue; /* "Địa chỉ: ...", "Điện thoại: ...": the footer, even as prose */
		/* before the first paragraph, a line that is no sentence ("search", "Close",
		 * "Updated 5:27 am") is page furniture; a caption ending in '.' stays */
		if (!good && out->good_paras == 0 && !ends_sentence(s, b->len))
			continue;
		if (good && block_repeats(st, first, i))
			continue; /* the same paragraph again (a gallery, a pull quote) */
		if (good)
			out->good_paras++;
		if (body.len) {
			/* cells of a row on one line, the rows of a table on lines of their own */
			const char *sep = "\n\n";
			unsigned f = b->flags;

			/* a cell left out (a link, an empty one) may have started the row */
			for (size_t j = emitted_at + 1; j < i; j++)
				f |= (st->blocks[j].flags & BLOCK_IN_ROW) ? st->blocks[j].flags :
					BLOCK_TABLE_START;
			if ((f & BLOCK_IN_ROW) && (st->blocks[emitted_at].flags & BLOCK_IN_ROW) &&
			    !(f & BLOCK_TABLE_START))
				sep = f & BLOCK_ROW_START ? "\n" : " | ";
			rc = vn_buf_add(&body, sep, strlen(sep));
			if (rc)
				goto out;
		}
		emitted_at = i;
		starts[n_emitted++ % 4] = body.len;
		rc = vn_buf_add(&body, s, b->len);
		if (rc)
			goto out;
	}
	/* a call to action closing the page ("Subscribe to our newsletter", "Follow her on
	 * Twitter") is the site talking, not the article */
	for (int k = 0; k < 3 && n_emitted > 1; k++) {
		size_t at = starts[(n_emitted - 1) % 4];

		if (body.len - at > 400 || !line_cta(body.data + at, body.len - at))
			break;
		vn_buf_truncate(&body, at >= 2 ? at - 2 : 0);
		n_emitted--;
	}
	/* ... also above a closing byline ("Mời quý độc giả theo dõi ..." over "Hà Thu") */
	if (n_emitted > 2) {
		size_t lastp = starts[(n_emitted - 1) % 4], at = starts[(n_emitted - 2) % 4];

		if (body.len - lastp <= 60 && lastp - at <= 402 &&
		    line_cta(body.data + at, lastp - 2 - at)) {
			memmove(body.data + at, body.data + lastp, body.len - lastp);
			vn_buf_truncate(&body, at + (body.len - lastp));
			n_emitted--;
		}
	}
	if (body.len) {
		out->body_chars = parser_text_count_chars(body.data, body.len);
		rc = parser_text_nfc_take(&body, &out->body);
	}
out:
	vn_buf_release(&body);
	return rc;
}

static xmlNode *find_body(htmlDocPtr doc)
{
	xmlNode *root = xmlDocGetRootElement(doc);

	if (!root)
		return NULL;
	for (xmlNode *c = root->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE && tag_is(c, "body"))
			return c;
	return root;
}

int parser_content_extract(htmlDocPtr doc, const char *title, xmlNode *forced,
			   struct parser_content *out)
{
	struct content_state st;
	struct node_stat m, par;
	xmlNode *body = find_body(doc);
	size_t best = 0, paridx;
	bool par_is_parent;
	double best_score = -1e18;
	int rc = VN_OK;

	memset(out, 0, sizeof *out);
	memset(&st, 0, sizeof st);
	vn_buf_init(&st.text, PARSER_MAX_TEXT);
	if (!body)
		goto out;
	rc = content_linearize(&st, body);
	if (rc)
		goto out;
	content_sum(&st);
	if (content_prune(&st, forced)) {
		state_reset(&st);
		rc = content_linearize(&st, body);
		if (rc)
			goto out;
		content_sum(&st);
	}
	if (st.nodes[0].text > 0)
		out->page_link_density = (double)st.nodes[0].links / st.nodes[0].text;
	if (st.prose_chars > 0)
		out->lone_share = st.lone_chars / st.prose_chars;
	out->n_lone = st.n_lone;
	if (forced && forced->_private) {
		/* the sites file's body: emitted as it stands (no lead from its siblings); when
		 * it holds no text the heuristics choose, and the caller reports the miss */
		best = node_index(forced);
		out->main = forced;
		if (st.nodes[best].text > 0)
			out->main_link_density = (double)st.nodes[best].links / st.nodes[best].text;
		mark_table_rows(&st, best, st.nodes[best].end);
		paridx = node_parent(&st, best);
		rc = content_emit(&st, best, &st.nodes[best], paridx,
				  paridx == NODE_NONE ? NULL : &st.nodes[paridx], true, title, true,
				  out);
		if (rc || out->body)
			goto out;
		out->main = NULL;
		out->main_link_density = 0;
		out->good_paras = 0;
		out->body_chars = 0;
		best = 0;
	}
	for (size_t i = 0; i < st.n_nodes; i++) {
		const struct node_stat *ns = &st.nodes[i];
		double score = ns->good - LINK_PENALTY * (double)ns->links -
			       SHORT_PENALTY * (double)ns->shorts;

		/* ties go to the deeper node: the later one in pre-order inside the same subtree */
		if (score > best_score || (score == best_score && i <= st.nodes[best].end)) {
			best_score = score;
			best = i;
		}
	}
	if (st.nodes[best].good <= 0)
		goto out;
	out->main = st.nodes[best].node;
	if (st.nodes[best].text > 0)
		out->main_link_density = (double)st.nodes[best].links / st.nodes[best].text;
	m = st.nodes[best];
	/* the lead may sit beside a wrapper that holds nothing but the main node ("p.intro"
	 * next to "div.group > div.longText"): it is looked for from the nearest ancestor
	 * with text of its own */
	paridx = node_parent(&st, best);
	while (paridx != NODE_NONE && st.nodes[paridx].text == m.text &&
	       node_parent(&st, paridx) != NODE_NONE)
		paridx = node_parent(&st, paridx);
	if (paridx != NODE_NONE)
		par = st.nodes[paridx];
	par_is_parent = paridx == node_parent(&st, best);
	mark_table_rows(&st, best, m.end);
	mark_inner_boxes(&st, best, m.end);
	state_free_nodes(&st);
	rc = content_emit(&st, best, &m, paridx, paridx != NODE_NONE ? &par : NULL,
			  par_is_parent, title, false, out);
out:
	state_release(&st);
	if (rc)
		parser_content_release(out);
	return rc;
}

void parser_content_release(struct parser_content *c)
{
	free(c->body);
	free(c->credit_author);
	memset(c, 0, sizeof *c);
}
