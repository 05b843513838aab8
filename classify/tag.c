/* tag.c — multi-label tagging of one article against the lexicon, with evidence.
 *
 * The title and body are normalized (NFC, case fold, canonical tone placement, accents
 * KEPT: "họp" is not "hợp", "ca" is not "cá") and split into syllables; the body's first
 * paragraph of some length (at most LEAD_MAX syllables) is the lead.  At each syllable, per class, the
 * longest lexicon phrase that matches wins and its syllables are consumed, so a negative
 * phrase ("họp báo", a press conference) hides the positive one inside it ("họp").
 * Score of a class = sum over phrases and positions of
 *     weight x position multiplier x (1 + ln count),
 * where the body beyond the lead counts only by its strongest paragraph (match_body), so
 * a long article does not win by length; a class is given when its score reaches its
 * threshold.  Context phrases (a disease, an authority) weigh nothing themselves, but
 * without any of them a class's positive evidence is scaled down (nocontext).  An order
 * phrase followed by an addressee ("yêu cầu" + "UBND huyện") counts once a sentence
 * anywhere in the text (match_addressed): orders given at a meeting are orders. */
#include "classify/classify_lex.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define LEAD_MAX 120     /* syllables of the first paragraph that count as lead */
#define LEAD_MIN 12      /* a paragraph shorter than this is not the lead */
#define PARA_MAX 150     /* a longer paragraph is scored in runs of this many syllables */

static const char *const class_names[CLASSIFY_N] = { "directive", "case_report", "meeting" };

const char *classify_class_name(enum classify_class c)
{
	return (unsigned)c < CLASSIFY_N ? class_names[c] : NULL;
}

int classify_class_from_name(const char *name)
{
	for (int c = 0; c < CLASSIFY_N; c++)
		if (name && strcmp(name, class_names[c]) == 0)
			return c;
	return -1;
}

struct tag_text {
	struct classify_norm n;
	struct classify_token *t;
	size_t nt;
	/* per token, the lexicon's phrases starting with it (NULL: none): looked up once,
	 * used by every matching pass */
	const struct lex_idlist **look;
	uint64_t *th; /* per token, its classify_lex_hash ("#" for a number): n-gram keys */
};

static bool tok_is_number(const struct tag_text *x, size_t i)
{
	unsigned char c = (unsigned char)x->n.text[x->t[i].start];

	return c >= '0' && c <= '9';
}

/* Whether token i of `x` is the syllable `syl`. */
static bool tok_is_syl(const struct tag_text *x, size_t i, const char *syl)
{
	size_t n = strlen(syl);

	return x->t[i].end - x->t[i].start == n && memcmp(x->n.text + x->t[i].start, syl, n) == 0;
}

/* Whether phrase `p` matches the tokens of `x` from i (before `end`).  Every caller found
 * `p` by token i (the hash of its first syllable, or "#" at a number), so the comparison
 * starts at the second syllable. */
static inline bool phrase_matches(const struct lex_phrase *p, const struct tag_text *x,
				  size_t i, size_t end)
{
	if (end - i < p->n_syl)
		return false;
	for (size_t k = 1; k < p->n_syl; k++) {
		const struct classify_token *t = &x->t[i + k];

		if (!p->syl[k]) {
			if (!tok_is_number(x, i + k))
				return false;
		} else if (t->end - t->start != p->syl_len[k] ||
			   !classify_lex_same(x->n.text + t->start, p->syl[k], p->syl_len[k])) {
			return false;
		}
	}
	return true;
}

static const struct lex_idlist *slots_lookup_hashed(const struct lex_slot *slots,
						    size_t n_slots, uint64_t h, const char *s,
						    size_t n)
{
	size_t mask = n_slots - 1;

	for (size_t k = h & mask;; k = (k + 1) & mask) {
		const struct lex_slot *sl = &slots[k];

		if (!sl->key)
			return NULL;
		if (sl->key_len == n && classify_lex_same(sl->key, s, n))
			return &sl->list;
	}
}

static const struct lex_idlist *slots_lookup(const struct lex_slot *slots, size_t n_slots,
					     const char *s, size_t n)
{
	return slots_lookup_hashed(slots, n_slots, classify_lex_hash(s, n), s, n);
}

static void consider(const struct classify_lexicon *lex, const struct lex_idlist *l,
		     const struct tag_text *x, size_t i, size_t end, enum classify_where w,
		     const size_t *covered, long *best)
{
	for (size_t k = 0; l && k < l->n_match; k++) {
		const struct lex_phrase *p = &lex->p[l->ids[k]];

		/* a stopper (weight 0) runs in the context lane too: "giao dịch" must not
		 * put an article in the setting of an epidemic ("dịch") */
		bool stopper = p->weight == 0 && !p->is_context;

		for (int pass = 0; pass < (stopper ? 2 : 1); pass++) {
			size_t lane = p->cls + (p->is_context || pass ? CLASSIFY_N : 0);

			if (!(p->where & (1u << w)) || covered[lane] > i)
				continue;
			if (best[lane] >= 0 && lex->p[best[lane]].n_syl >= p->n_syl)
				continue;
			if (phrase_matches(p, x, i, end))
				best[lane] = (long)l->ids[k];
		}
	}
}

/* Match counts per (phrase, position) id, in first-match order: a small open-addressing
 * hash from id to its entry, so an article costs what it matches, not the size of the
 * lexicon (a dense count array had to be zeroed for every article). */
struct tally {
	size_t *ids;     /* ids matched, in first-match order */
	unsigned *cnt;   /* their counts */
	size_t nt, cap;
	uint32_t *slot;  /* 0 = empty, else position in ids + 1 */
	size_t nslot;    /* a power of two, at least twice nt */
	bool oom;        /* an add failed for want of memory */
};

static int tally_init(struct tally *t)
{
	memset(t, 0, sizeof *t);
	t->cap = 32;
	t->nslot = 64;
	t->ids = malloc(t->cap * sizeof *t->ids);
	t->cnt = malloc(t->cap * sizeof *t->cnt);
	t->slot = calloc(t->nslot, sizeof *t->slot);
	return t->ids && t->cnt && t->slot ? VN_OK : VN_ENOMEM;
}

static void tally_release(struct tally *t)
{
	free(t->ids);
	free(t->cnt);
	free(t->slot);
	memset(t, 0, sizeof *t);
}

static size_t tally_hash(size_t id, size_t nslot)
{
	return (size_t)(((uint64_t)id * 0x9E3779B97F4A7C15u) >> 32) & (nslot - 1);
}

/* Doubles the entries and the hash (rehashing from ids). */
static int tally_grow(struct tally *t)
{
	size_t cap = t->cap * 2, nslot = t->nslot * 2;
	size_t *ids = realloc(t->ids, cap * sizeof *ids);
	unsigned *cnt;
	uint32_t *slot;

	if (!ids)
		return VN_ENOMEM;
	t->ids = ids;
	cnt = realloc(t->cnt, cap * sizeof *cnt);
	if (!cnt)
		return VN_ENOMEM;
	t->cnt = cnt;
	slot = calloc(nslot, sizeof *slot);
	if (!slot)
		return VN_ENOMEM;
	for (size_t k = 0; k < t->nt; k++) {
		size_t h = tally_hash(t->ids[k], nslot);

		while (slot[h])
			h = (h + 1) & (nslot - 1);
		slot[h] = (uint32_t)(k + 1);
	}
	free(t->slot);
	t->slot = slot;
	t->cap = cap;
	t->nslot = nslot;
	return VN_OK;
}

static void tally_add(struct tally *t, size_t id, unsigned n)
{
	size_t h;

	if (!n || t->oom)
		return;
	for (h = tally_hash(id, t->nslot); t->slot[h]; h = (h + 1) & (t->nslot - 1))
		if (t->ids[t->slot[h] - 1] == id) {
			t->cnt[t->slot[h] - 1] += n;
			return;
		}
	if (t->nt == t->cap) {
		if (tally_grow(t)) {
			t->oom = true;
			return;
		}
		for (h = tally_hash(id, t->nslot); t->slot[h]; h = (h + 1) & (t->nslot - 1))
			;
	}
	t->ids[t->nt] = id;
	t->cnt[t->nt++] = n;
	t->slot[h] = (uint32_t)t->nt;
}

static void tally_clear(struct tally *t)
{
	for (size_t k = 0; k < t->nt; k++) {
		size_t h = tally_hash(t->ids[k], t->nslot);

		while (t->slot[h] != k + 1)
			h = (h + 1) & (t->nslot - 1);
		t->slot[h] = 0;
	}
	t->nt = 0;
}

/* Counts phrase matches in tokens [from, to) of `x` at position `w`. */
static void match_range(const struct classify_lexicon *lex, const struct tag_text *x,
			size_t from, size_t to, enum classify_where w, struct tally *tl)
{
	/* one lane per class for evidence and one for context: they do not hide each other */
	size_t covered[2 * CLASSIFY_N] = { 0 };

	for (size_t i = from; i < to; i++) {
		long best[2 * CLASSIFY_N] = { -1, -1, -1, -1, -1, -1 };
		bool number = tok_is_number(x, i);

		/* most syllables start no phrase: nothing to consider, nothing covered */
		if (!x->look[i] && !number)
			continue;
		consider(lex, x->look[i], x, i, to, w, covered, best);
		if (number) {
			if (lex->num_first.n)
				consider(lex, &lex->num_first, x, i, to, w, covered, best);
			if (i + 1 < to)
				consider(lex, slots_lookup(lex->num_slots, lex->n_slots,
							   x->n.text + x->t[i + 1].start,
							   x->t[i + 1].end - x->t[i + 1].start),
					 x, i, to, w, covered, best);
		}
		for (int c = 0; c < 2 * CLASSIFY_N; c++) {
			if (best[c] < 0)
				continue;
			tally_add(tl, (size_t)best[c] * CLASSIFY_WHERE_N + w, 1);
			covered[c] = i + lex->p[best[c]].n_syl;
		}
	}
}

/* Whether an addressee phrase of class `cls` starts at token j of `x` (tokens < end). */
static bool addressee_at(const struct classify_lexicon *lex, const struct tag_text *x, size_t j,
			 size_t end, enum classify_class cls)
{
	const struct lex_idlist *l;

	if (j >= end)
		return false;
	l = x->look[j];
	for (size_t k = l ? l->n_match : 0; l && k < l->n; k++) {
		const struct lex_phrase *p = &lex->p[l->ids[k]];

		if (p->is_addressee && p->cls == cls && phrase_matches(p, x, j, end))
			return true;
	}
	return false;
}

/* Whether the `n` tokens from token i of `x` are inside a stopper of class `cls` (a weight-0
 * phrase) that starts before them or at them and is longer: "chỉ đạo" in "Ban Chỉ đạo tỉnh"
 * names a committee, "giao" in "giao ban" a briefing, not an order. */
static bool inside_stopper(const struct classify_lexicon *lex, const struct tag_text *x, size_t i,
			   size_t n, enum classify_class cls)
{
	for (size_t back = 0; back <= 3 && back <= i; back++) {
		size_t j = i - back;
		const struct lex_idlist *l = x->look[j];

		for (size_t k = 0; l && k < l->n; k++) {
			const struct lex_phrase *p = &lex->p[l->ids[k]];

			if (p->cls == cls && p->weight == 0 && !p->is_context && !p->is_addressee &&
			    p->n_syl > back + (back ? 0 : n - 1) && phrase_matches(p, x, j, x->nt))
				return true;
		}
	}
	return false;
}

/* Whether a sentence ends between tokens i-1 and i of `x`. */
static bool sentence_break(const struct tag_text *x, size_t i)
{
	for (size_t b = x->t[i - 1].end; b < x->t[i].start; b++) {
		char c = x->n.text[b];

		if (c == '.' || c == '!' || c == '?' || c == ';' || c == '\n')
			return true;
	}
	return false;
}

/* Orders given to someone: an "addressed" phrase followed by an addressee of its class,
 * directly or after one plural/dative word ("yêu cầu các sở", "giao cho UBND huyện").
 * Each phrase counts once a sentence, anywhere in the text: an order to a named authority
 * is what makes an order, wherever in a meeting report it is given, and a leader who
 * repeats it in three sentences gives one order, not three. */
static void match_addressed(const struct classify_lexicon *lex, const struct tag_text *x,
			    struct tally *tl, bool *context)
{
	static const char *const gap[] = { "các", "cho", "những", "mọi", "toàn", "cả" };
	size_t sentence = 0;
	/* the sentence each addressed phrase last counted in, + 1 (0 = none yet) */
	size_t last[64] = { 0 };
	size_t last_id[64];
	size_t n_last = 0, seen = 0; /* sentence breaks before tokens 1..seen are counted */

	for (size_t i = 0; i < x->nt; i++) {
		const struct lex_idlist *l = x->look[i];

		if (!l || !l->addressed)
			continue;
		/* counted only up to a token that may start an order: most tokens do not */
		while (seen < i)
			sentence += sentence_break(x, ++seen);
		for (size_t k = l->n_match; k < l->n; k++) {
			const struct lex_phrase *p = &lex->p[l->ids[k]];
			size_t j = i + p->n_syl, s;
			bool hit;

			if (p->where != (1u << CLASSIFY_WHERE_ADDRESSED) || !phrase_matches(p, x, i, x->nt))
				continue;
			hit = addressee_at(lex, x, j, x->nt, p->cls) && !sentence_break(x, j);
			for (size_t g = 0; !hit && j + 1 < x->nt && g < sizeof gap / sizeof gap[0]; g++)
				hit = tok_is_syl(x, j, gap[g]) && !sentence_break(x, j) &&
				      !sentence_break(x, j + 1) &&
				      addressee_at(lex, x, j + 1, x->nt, p->cls);
			if (!hit || inside_stopper(lex, x, i, p->n_syl, p->cls))
				continue;
			for (s = 0; s < n_last && last_id[s] != l->ids[k]; s++)
				;
			if (s < n_last && last[s] == sentence + 1)
				continue;
			if (s == n_last) {
				if (n_last == sizeof last / sizeof last[0])
					continue; /* more distinct order phrases than any lexicon has */
				last_id[n_last++] = l->ids[k];
			}
			last[s] = sentence + 1;
			context[p->cls] = true;
			tally_add(tl, l->ids[k] * CLASSIFY_WHERE_N + CLASSIFY_WHERE_ADDRESSED, 1);
		}
	}
}

/* A leader's words quoted in a headline ("Bộ trưởng Bộ Y tế: Khẩn cấp hạ hỏa dịch
 * bệnh"): the title after its first colon, counted for the phrases whose WHERE is "quote"
 * of each class whose setting (a context phrase: an authority, a leader) is named before
 * the colon.  The same words after "Thị trường:" or with no colon are no one's order. */
static int match_quote(const struct classify_lexicon *lex, const struct tag_text *x,
		       struct tally *tl)
{
	const char *colon = x->nt ? memchr(x->n.text, ':', x->n.len) : NULL;
	bool named[CLASSIFY_N] = { false }, any = false;
	struct tally q;
	size_t k = 0;
	int rc;

	if (!colon)
		return VN_OK;
	while (k < x->nt && x->t[k].start < (size_t)(colon - x->n.text))
		k++;
	if (k == 0 || k == x->nt)
		return VN_OK;
	for (size_t i = 0; i < k; i++)
		for (size_t j = 0; x->look[i] && j < x->look[i]->n; j++) {
			const struct lex_phrase *p = &lex->p[x->look[i]->ids[j]];

			if (p->is_context && phrase_matches(p, x, i, k))
				named[p->cls] = any = true;
		}
	if (!any)
		return VN_OK;
	rc = tally_init(&q);
	if (rc)
		return rc;
	match_range(lex, x, k, x->nt, CLASSIFY_WHERE_QUOTE, &q);
	for (size_t j = 0; j < q.nt; j++)
		if (named[lex->p[q.ids[j] / CLASSIFY_WHERE_N].cls])
			tally_add(tl, q.ids[j], q.cnt[j]);
	rc = q.oom || tl->oom ? VN_ENOMEM : VN_OK;
	tally_release(&q);
	return rc;
}

static int tag_text_init(struct tag_text *x, const char *s)
{
	int rc;

	memset(x, 0, sizeof *x);
	rc = classify_norm_tokens(s, strlen(s), &x->n, &x->t, &x->nt);
	return rc;
}

static void tag_text_release(struct tag_text *x)
{
	classify_norm_release(&x->n);
	free(x->t);
	free(x->look);
	free(x->th);
}

/* Fills x->look: one hash lookup per token for all the matching passes. */
static int tag_text_lookup(const struct classify_lexicon *lex, struct tag_text *x)
{
	static const char num[] = "#";
	uint64_t num_hash = classify_lex_hash(num, 1);

	x->look = malloc((x->nt ? x->nt : 1) * sizeof *x->look);
	x->th = lex->ngrams.n ? malloc((x->nt ? x->nt : 1) * sizeof *x->th) : NULL;
	if (!x->look || (lex->ngrams.n && !x->th))
		return VN_ENOMEM;
	for (size_t i = 0; i < x->nt; i++) {
		const char *s = x->n.text + x->t[i].start;
		size_t n = x->t[i].end - x->t[i].start;
		uint64_t h = classify_lex_hash_padded(s, n);

		x->look[i] = classify_lex_may_start(lex, h) ?
			     slots_lookup_hashed(lex->slots, lex->n_slots, h, s, n) : NULL;
		if (x->th)
			x->th[i] = tok_is_number(x, i) ? num_hash : h;
	}
	return VN_OK;
}

/* The lead: the first paragraph of the body with at least LEAD_MIN syllables (shorter
 * ones before it are menus, date lines and captions), at most LEAD_MAX syllables of it.
 * Returns its token range in [*from, *to). */
static void lead_range(const struct tag_text *x, size_t *from, size_t *to)
{
	size_t k = 0;

	*from = *to = 0;
	while (k < x->nt) {
		const char *nl = memchr(x->n.text + x->t[k].start, '\n', x->n.len - x->t[k].start);
		size_t para_end = nl ? (size_t)(nl - x->n.text) : x->n.len, e = k;

		while (e < x->nt && x->t[e].start < para_end)
			e++;
		if (e - k >= LEAD_MIN || e == x->nt) {
			*from = k;
			*to = e - k > LEAD_MAX ? k + LEAD_MAX : e;
			return;
		}
		k = e;
	}
}

static unsigned count_documents(const struct lex_phrase *p, const struct classify_input *in,
				char *const *kinds)
{
	unsigned n = 0;

	for (size_t d = 0; d < in->n_documents; d++)
		if (!p->doc_kind || (kinds[d] && strcmp(kinds[d], p->doc_kind) == 0))
			n++;
	return n;
}

static int add_evidence(struct classify_result *r, const struct lex_phrase *p, unsigned count,
			enum classify_where w, double score)
{
	struct classify_evidence *e;

	/* capacity is 8, then the next power of two: n_evidence is the only size kept */
	if (r->n_evidence == 0 ||
	    (r->n_evidence >= 8 && (r->n_evidence & (r->n_evidence - 1)) == 0)) {
		size_t na = r->n_evidence ? r->n_evidence * 2 : 8;

		e = realloc(r->evidence, na * sizeof *e);
		if (!e)
			return VN_ENOMEM;
		r->evidence = e;
	}
	e = &r->evidence[r->n_evidence];
	e->cls = p->cls;
	e->count = count;
	e->score = score;
	e->phrase = p->is_context ? NULL : strdup(p->text);
	if (p->is_context && asprintf(&e->phrase, "context: %s", p->text) < 0)
		e->phrase = NULL;
	e->where = strdup(classify_where_name(w));
	if (!e->phrase || !e->where) {
		free(e->phrase);
		free(e->where);
		return VN_ENOMEM;
	}
	r->n_evidence++;
	return VN_OK;
}

/* The counts stated in the body past the lead, per class with a "report" rule: how many
 * matched, and the first one's phrase id (for the evidence). */
struct report_hits {
	unsigned n[CLASSIFY_N];
	size_t first[CLASSIFY_N];
	size_t until[CLASSIFY_N]; /* the token after the last count found */
};

/* The report phrase (a count, see the lexicon's "report" lines) at token i of `x`
 * (tokens < end), if any, per class: found whole wherever it starts, even when a longer
 * phrase starting before it took its syllables in the matching pass ("ghi nhận thêm
 * 8.969 ca mắc": "thêm # ca" covers the number that starts "# ca mắc").  A count is
 * counted once: "ghi nhận 5 ca mắc mới" holds three report phrases, and the first (the
 * longest at its token) covers the others. */
static void reports_at(const struct classify_lexicon *lex, const struct tag_text *x, size_t i,
		       size_t end, struct report_hits *rep)
{
	const struct lex_idlist *lists[2] = { x->look[i], NULL };

	if (tok_is_number(x, i) && i + 1 < end)
		lists[1] = slots_lookup(lex->num_slots, lex->n_slots, x->n.text + x->t[i + 1].start,
					x->t[i + 1].end - x->t[i + 1].start);
	for (int l = 0; l < 2; l++)
		for (size_t k = 0; lists[l] && k < lists[l]->n_match; k++) {
			size_t id = lists[l]->ids[k];
			const struct lex_phrase *p = &lex->p[id];

			if (!p->is_report || !(p->where & (1u << CLASSIFY_WHERE_BODY)) ||
			    i < rep->until[p->cls] || !phrase_matches(p, x, i, end))
				continue;
			if (rep->n[p->cls]++ == 0)
				rep->first[p->cls] = id;
			rep->until[p->cls] = i + p->n_syl;
		}
}

/* The body outside the lead counts by its strongest passage: per class, the paragraph
 * (or run of at most PARA_MAX syllables) with the highest score, so a long article scores
 * like a short one on the same subject, and lists of other headlines scattered over many
 * short lines do not add up.  Context phrases count wherever they are. */
static int match_body(const struct classify_lexicon *lex, const struct tag_text *x,
		      size_t lead_from, size_t lead_to, struct tally *tl, bool *context,
		      struct report_hits *rep)
{
	size_t k = 0;
	struct tally para = { 0 };
	/* per class, the (phrase, count) pairs of its best paragraph so far */
	struct {
		size_t *id;
		unsigned *cnt;
		size_t n, cap;
	} best[CLASSIFY_N] = { { 0 } };
	double best_score[CLASSIFY_N] = { 0 };
	int rc;

	if (lead_from == 0 && lead_to == x->nt) /* all lead (a title + lead item) */
		return VN_OK;
	rc = tally_init(&para);
	if (rc)
		goto out;
	while (k < x->nt) {
		const char *nl = memchr(x->n.text + x->t[k].start, '\n', x->n.len - x->t[k].start);
		size_t end = nl ? (size_t)(nl - x->n.text) : x->n.len, e = k;
		double sc[CLASSIFY_N] = { 0 };

		if (k == lead_from && lead_to > lead_from) {
			k = lead_to;
			continue;
		}
		while (e < x->nt && x->t[e].start < end && e - k < PARA_MAX &&
		       (e < lead_from || k >= lead_to))
			e++;
		tally_clear(&para);
		match_range(lex, x, k, e, CLASSIFY_WHERE_BODY, &para);
		if (para.oom) {
			rc = VN_ENOMEM;
			goto out;
		}
		for (size_t j = 0; j < para.nt; j++) {
			const struct lex_phrase *p = &lex->p[para.ids[j] / CLASSIFY_WHERE_N];

			if (p->is_context)
				context[p->cls] = true;
			else
				sc[p->cls] += p->weight * (1.0 + log((double)para.cnt[j]));
		}
		if (lex->has_reports)
			for (size_t i = k; i < e; i++)
				if (x->look[i] || tok_is_number(x, i))
					reports_at(lex, x, i, e, rep);
		for (int c = 0; c < CLASSIFY_N; c++) {
			if (sc[c] <= best_score[c])
				continue;
			best_score[c] = sc[c];
			best[c].n = 0;
			if (best[c].cap < para.nt) {
				size_t *id = realloc(best[c].id, para.nt * sizeof *id);
				unsigned *cnt = id ? realloc(best[c].cnt, para.nt * sizeof *cnt) : NULL;

				if (id)
					best[c].id = id;
				if (!cnt) {
					rc = VN_ENOMEM;
					goto out;
				}
				best[c].cnt = cnt;
				best[c].cap = para.nt;
			}
			for (size_t j = 0; j < para.nt; j++) {
				const struct lex_phrase *p = &lex->p[para.ids[j] / CLASSIFY_WHERE_N];

				if ((int)p->cls != c || p->is_context)
					continue;
				best[c].id[best[c].n] = para.ids[j];
				best[c].cnt[best[c].n++] = para.cnt[j];
			}
		}
		k = e;
	}
	for (int c = 0; c < CLASSIFY_N; c++)
		for (size_t j = 0; j < best[c].n; j++)
			tally_add(tl, best[c].id[j], best[c].cnt[j]);
	rc = tl->oom ? VN_ENOMEM : VN_OK;
out:
	tally_release(&para);
	for (int c = 0; c < CLASSIFY_N; c++) {
		free(best[c].id);
		free(best[c].cnt);
	}
	return rc;
}

#define NGRAM_TITLE_MAX 64  /* syllables of a title the n-gram model reads */
#define NGRAM_HITS_MAX 2048 /* model n-grams found in one article, repeats included */

static bool want_features;

void classify_features_set(bool on)
{
	want_features = on;
}

/* Syllable i of `x` as the n-gram model reads it: a number is "#". */
static void model_syl(const struct tag_text *x, size_t i, const char **s, size_t *n)
{
	if (tok_is_number(x, i)) {
		*s = "#";
		*n = 1;
	} else {
		*s = x->n.text + x->t[i].start;
		*n = x->t[i].end - x->t[i].start;
	}
}

/* The model entries found in one article, each once (an n-gram counts by presence), and
 * whether it was found in the title: a bit per entry of the model, cleared hit by hit when
 * done.  The title is scanned before the lead, so an entry's first sighting says whether
 * the title has it. */
struct hit_set {
	uint64_t seen[NGRAM_ENTRIES_MAX / 64];
	uint32_t hits[NGRAM_HITS_MAX]; /* entry indexes */
	bool in_title[NGRAM_HITS_MAX];
	size_t n;
};

static inline void hit_add(struct hit_set *hs, uint32_t e, bool in_title)
{
	uint64_t bit = (uint64_t)1 << (e & 63);

	if ((hs->seen[e >> 6] & bit) || hs->n >= NGRAM_HITS_MAX)
		return;
	hs->seen[e >> 6] |= bit;
	hs->in_title[hs->n] = in_title;
	hs->hits[hs->n++] = e;
}

/* Adds the model entries of the n-grams of x's tokens [from, to); an n-gram is extended
 * only while the model has its prefix.  The keys of a block of positions are made first
 * and their slots prefetched: the lookups are cache misses (the model's table is bigger
 * than what tagging keeps in cache), and walked one after the other they waited for each
 * other, a third of tagging's time. */
static void model_scan(const struct ngram_model *m, const struct tag_text *x, size_t from,
		       size_t to, bool in_title, struct hit_set *hs)
{
	enum { BLOCK = 32 };
	uint64_t key[BLOCK][NGRAM_MAX_N];
	size_t max_n = m->max_n < NGRAM_MAX_N ? m->max_n : NGRAM_MAX_N;

	for (size_t b = from; b < to; b += BLOCK) {
		size_t nb = to - b < BLOCK ? to - b : BLOCK;

		for (size_t i = 0; i < nb; i++) {
			uint64_t h = NGRAM_KEY_START;

			for (size_t k = 0; k < max_n && b + i + k < to; k++) {
				h = ngram_key_add(h, x->th[b + i + k]);
				key[i][k] = h;
				__builtin_prefetch(&m->slots[ngram_slot(h, m->cap)]);
			}
		}
		for (size_t i = 0; i < nb; i++)
			for (size_t k = 0; k < max_n && b + i + k < to; k++) {
				ptrdiff_t e = ngram_index(m, key[i][k]);

				if (e < 0)
					break;
				/* a prefix-only entry weighs 0: adding it costs less than reading
				 * whether it is one */
				hit_add(hs, (uint32_t)e, in_title);
			}
	}
}

/* The syllables of x's tokens [from, to), as model_syl reads them, joined by spaces. */
static char *model_text(const struct tag_text *x, size_t from, size_t to)
{
	size_t cap = 1, at = 0;
	char *s;

	for (size_t i = from; i < to; i++)
		cap += x->t[i].end - x->t[i].start + 2;
	if (!(s = malloc(cap)))
		return NULL;
	for (size_t i = from; i < to; i++) {
		const char *syl;
		size_t len;

		model_syl(x, i, &syl, &len);
		if (at)
			s[at++] = ' ';
		memcpy(s + at, syl, len);
		at += len;
	}
	s[at] = '\0';
	return s;
}

/* The n-gram model's decision for each class that has one, with its strongest n-grams as
 * evidence (the phrase scores are in out->scores when called). */
static int model_apply(const struct classify_lexicon *lex, const struct tag_text *title,
		       const struct tag_text *body, size_t lead_from, size_t lead_to,
		       struct classify_result *out)
{
	const struct ngram_model *m = &lex->ngrams;
	/* static per thread: 26 KB, too much for a crawler thread's stack, and cleared once */
	static _Thread_local struct hit_set hs;
	size_t tn = title->nt < NGRAM_TITLE_MAX ? title->nt : NGRAM_TITLE_MAX;
	double sum[CLASSIFY_N] = { 0 }; /* the weights of the n-grams present */
	int rc = VN_OK;

	if (want_features && (!(out->features_title = model_text(title, 0, tn)) ||
			      !(out->features_lead = model_text(body, lead_from, lead_to))))
		return VN_ENOMEM;
	if (!m->n)
		return VN_OK; /* the features only */
	/* the model weighs the phrases' evidence, it does not replace it: an article where
	 * no phrase speaks for any class gets none of the model's classes (on the held-out
	 * sets this changes no decision, and it spares most of the model's cost on a general
	 * news feed) */
	if (out->scores[0] <= 0 && out->scores[1] <= 0 && out->scores[2] <= 0) {
		for (int c = 0; c < CLASSIFY_N; c++)
			if (m->has[c]) {
				out->labels[c] = false;
				out->scores[c] = 0;
			}
		return VN_OK;
	}
	model_scan(m, title, 0, tn, true, &hs);
	model_scan(m, body, lead_from, lead_to, false, &hs);
	for (size_t j = 0; j < hs.n; j++) {
		const struct ngram_hot *h = &m->hot[hs.hits[j]];

		for (int c = 0; c < CLASSIFY_N; c++)
			sum[c] += h->w[NGRAM_TEXT][c] + (hs.in_title[j] ? h->w[NGRAM_TITLE][c] : 0);
	}
	for (int c = 0; c < CLASSIFY_N; c++) {
		double s = out->scores[c], z;
		/* the n-grams that weigh most for a class given, as evidence: up to 5 */
		struct { const struct ngram_entry *e; int where; double w; } top[5] = { { 0 } };

		if (!m->has[c])
			continue;
		z = m->bias[c] + m->a[c] * s + m->b[c] * log1p(s > 0 ? s : 0) + sum[c];
		out->labels[c] = z > 0;
		out->scores[c] = 1.0 / (1.0 + exp(-z));
		if (!out->labels[c])
			continue; /* evidence says why a class was given */
		for (size_t j = 0; j < hs.n; j++)
			for (int where = NGRAM_TEXT; where <= (hs.in_title[j] ? NGRAM_TITLE : NGRAM_TEXT);
			     where++) {
				const struct ngram_entry *e = &m->e[hs.hits[j]];
				double w = e->w[where][c];
				size_t k = 0;

				if (w < 0.25 || !(m->hot[hs.hits[j]].has & (1u << where)))
					continue;
				while (k < 5 && top[k].e && top[k].w >= w)
					k++;
				if (k == 5)
					continue;
				memmove(&top[k + 1], &top[k], (4 - k) * sizeof top[0]);
				top[k].e = e;
				top[k].where = where;
				top[k].w = w;
			}
		for (size_t k = 0; k < 5 && top[k].e; k++) {
			struct lex_phrase p = { .cls = (enum classify_class)c };

			if (asprintf(&p.text, "n-gram: %s", top[k].e->text) < 0) {
				rc = VN_ENOMEM;
				goto out;
			}
			/* "lead" for a "text" n-gram: the title and the lead are the model's text */
			rc = add_evidence(out, &p, 1, top[k].where == NGRAM_TITLE ? CLASSIFY_WHERE_TITLE :
					  CLASSIFY_WHERE_LEAD, top[k].w);
			free(p.text);
			if (rc)
				goto out;
		}
	}
out:
	for (size_t j = 0; j < hs.n; j++)
		hs.seen[hs.hits[j] >> 6] = 0;
	hs.n = 0;
	return rc;
}

/* Tags normalized, tokenized title and body; `in` gives the documents. */
static int tag_run(const struct classify_lexicon *lex, const struct tag_text *tx,
		   const struct tag_text *bx, const struct classify_input *in,
		   struct classify_result *out)
{
	const struct tag_text title = *tx, body = *bx;
	struct tally tl;
	char **kinds = NULL;
	bool context[CLASSIFY_N] = { false }, shown_context[CLASSIFY_N] = { false };
	struct report_hits rep = { { 0 }, { 0 }, { 0 } };
	size_t lead_from, lead_to;
	int rc = tally_init(&tl);

	if (rc)
		goto out;
	match_range(lex, &title, 0, title.nt, CLASSIFY_WHERE_TITLE, &tl);
	rc = match_quote(lex, &title, &tl);
	if (rc)
		goto out;
	lead_range(&body, &lead_from, &lead_to);
	match_range(lex, &body, lead_from, lead_to, CLASSIFY_WHERE_LEAD, &tl);
	rc = match_body(lex, &body, lead_from, lead_to, &tl, context, &rep);
	if (rc)
		goto out;
	match_addressed(lex, &title, &tl, context);
	match_addressed(lex, &body, &tl, context);

	if (in->n_documents && lex->docs.n) {
		kinds = calloc(in->n_documents, sizeof *kinds);
		if (!kinds) {
			rc = VN_ENOMEM;
			goto out;
		}
		for (size_t d = 0; d < in->n_documents; d++) {
			struct classify_norm n;
			const char *k = in->documents[d].kind;

			if (!k)
				continue;
			rc = classify_norm_text(k, strlen(k), CLASSIFY_NORM_ACCENTED, &n);
			if (rc)
				goto out;
			kinds[d] = n.text;
			n.text = NULL;
			classify_norm_release(&n);
		}
		for (size_t k = 0; k < lex->docs.n; k++) {
			size_t id = lex->docs.ids[k];

			tally_add(&tl, id * CLASSIFY_WHERE_N + CLASSIFY_WHERE_DOCUMENTS,
				  count_documents(&lex->p[id], in, kinds));
		}
	}

	if (tl.oom) {
		rc = VN_ENOMEM;
		goto out;
	}
	for (size_t k = 0; k < tl.nt; k++) {
		const struct lex_phrase *p = &lex->p[tl.ids[k] / CLASSIFY_WHERE_N];

		if (p->is_context)
			context[p->cls] = true;
	}
	for (size_t k = 0; k < tl.nt; k++) {
		const struct lex_phrase *p = &lex->p[tl.ids[k] / CLASSIFY_WHERE_N];
		enum classify_where w = (enum classify_where)(tl.ids[k] % CLASSIFY_WHERE_N);
		unsigned c = tl.cnt[k];
		double sc;

		if (p->is_context) { /* one is enough to show why the class is in context */
			if (shown_context[p->cls])
				continue;
			shown_context[p->cls] = true;
			sc = 0;
		} else {
			sc = p->weight * lex->mult[p->cls][w] * (1.0 + log((double)c));
			if (sc > 0 && lex->has_context[p->cls] && !context[p->cls])
				sc *= lex->nocontext[p->cls];
			out->scores[p->cls] += sc;
			if (p->weight == 0) /* a stopper only hides shorter phrases */
				continue;
		}
		rc = add_evidence(out, p, c, w, sc);
		if (rc)
			goto out;
	}
	for (int c = 0; c < CLASSIFY_N; c++) {
		out->labels[c] = out->scores[c] > 0 && out->scores[c] >= lex->threshold[c];
		out->phrase_scores[c] = out->scores[c];
	}
	rc = lex->ngrams.n || want_features ?
		model_apply(lex, &title, &body, lead_from, lead_to, out) : VN_OK;
	/* the model reads the title and the lead; a count the body states further down is
	 * what the class definitions call a report ("a meeting that reports case counts is
	 * both meeting and case_report"), whatever the model made of the lead */
	for (int c = 0; c < CLASSIFY_N && !rc; c++) {
		struct lex_phrase ev;

		if (!rep.n[c] || !context[c])
			continue;
		if (!out->labels[c] && lex->ngrams.has[c] && out->scores[c] < 0.5)
			out->scores[c] = 0.5;
		out->labels[c] = true;
		ev = lex->p[rep.first[c]];
		if (asprintf(&ev.text, "count in the body: %s", lex->p[rep.first[c]].text) < 0) {
			rc = VN_ENOMEM;
			break;
		}
		rc = add_evidence(out, &ev, rep.n[c], CLASSIFY_WHERE_BODY, 0);
		free(ev.text);
	}
out:
	if (kinds)
		for (size_t d = 0; d < in->n_documents; d++)
			free(kinds[d]);
	free(kinds);
	tally_release(&tl);
	if (rc)
		classify_result_release(out);
	return rc;
}

int classify_article(const struct classify_lexicon *lex, const struct classify_input *in,
		     struct classify_result *out)
{
	struct tag_text title = { 0 }, body = { 0 };
	int rc;

	memset(out, 0, sizeof *out);
	if (!lex || !in)
		return VN_EINVAL;
	if (in->title && (rc = tag_text_init(&title, in->title)))
		goto out;
	if (in->body && (rc = tag_text_init(&body, in->body)))
		goto out;
	if ((rc = tag_text_lookup(lex, &title)) || (rc = tag_text_lookup(lex, &body)))
		goto out;
	rc = tag_run(lex, &title, &body, in, out);
out:
	tag_text_release(&title);
	tag_text_release(&body);
	return rc;
}

/* Whether token i of `x` is the syllable `syl` (`n` bytes). */
static bool tok_is(const struct tag_text *x, size_t i, const char *syl, size_t n)
{
	return x->t[i].end - x->t[i].start == n && memcmp(x->n.text + x->t[i].start, syl, n) == 0;
}

/* Whether normalized text may cite a document: a number right after a kind word (and an
 * optional "số"), as parser_text_documents() requires.  Asking the parser costs far more
 * than tagging, and most articles cite nothing; checking the syllables before each number
 * costs next to nothing. */
static bool may_cite_documents(const struct tag_text *x)
{
	/* the parser's kinds, by their syllables, last syllable first */
	static const char *const kinds[][3] = {
		{ "văn", "công" }, { "thị", "chỉ" }, { "luận", "kết" }, { "báo", "thông" },
		{ "hoạch", "kế" }, { "định", "quyết" }, { "quyết", "nghị" }, { "định", "nghị" },
		{ "tư", "thông" }, { "án", "phương" }, { "điện", "công" }, { "dẫn", "hướng" },
		{ "trình", "tờ" }, { "cáo", "báo" }, { "định", "quy" }, { "trình", "chương" },
		{ "tri", "thông" }, { "chế", "quy" }, { "án", "đề" }, { "bản", "văn" },
		{ "luật" }, { "lệnh", "pháp" },
	};

	for (size_t i = 1; i < x->nt; i++) {
		size_t j;

		if (!tok_is_number(x, i))
			continue;
		j = i - 1;
		if (tok_is(x, j, "số", strlen("số"))) {
			if (j == 0)
				continue;
			j--;
			if (j >= 2 && tok_is(x, j, "tịch", strlen("tịch")) &&
			    tok_is(x, j - 1, "liên", strlen("liên")))
				j -= 2;
		}
		for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
			bool hit = tok_is(x, j, kinds[k][0], strlen(kinds[k][0]));

			if (hit && kinds[k][1])
				hit = j >= 1 && tok_is(x, j - 1, kinds[k][1], strlen(kinds[k][1]));
			if (hit)
				return true;
		}
	}
	return false;
}

void classify_result_release(struct classify_result *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->n_evidence; i++) {
		free(r->evidence[i].phrase);
		free(r->evidence[i].where);
	}
	free(r->evidence);
	free(r->features_title);
	free(r->features_lead);
	memset(r, 0, sizeof *r);
}

int classify_result_to_json(const struct classify_result *r, json_t *obj)
{
	json_t *labels = json_array(), *scores = json_object(), *ev = json_array();
	int rc = VN_ENOMEM;

	if (!labels || !scores || !ev || !json_is_object(obj))
		goto out;
	for (int c = 0; c < CLASSIFY_N; c++) {
		/* three decimals are all a reader needs, and keep the output stable */
		double s = round(r->scores[c] * 1000.0) / 1000.0;

		if (r->labels[c] && json_array_append_new(labels, json_string(class_names[c])))
			goto out;
		if (json_object_set_new(scores, class_names[c], json_real(s)))
			goto out;
	}
	for (size_t i = 0; i < r->n_evidence; i++) {
		const struct classify_evidence *e = &r->evidence[i];
		json_t *o = json_pack("{s:s, s:s, s:I, s:s, s:f}", "class", class_names[e->cls],
				      "phrase", e->phrase, "count", (json_int_t)e->count,
				      "where", e->where, "score", round(e->score * 1000.0) / 1000.0);

		if (!o || json_array_append_new(ev, o))
			goto out;
	}
	if (json_object_set(obj, "labels", labels) || json_object_set(obj, "scores", scores) ||
	    json_object_set(obj, "evidence", ev))
		goto out;
	if (r->features_title && r->features_lead) {
		json_t *f = json_pack("{s:s, s:s, s:[f,f,f]}", "title", r->features_title, "lead",
				      r->features_lead, "phrase_scores", r->phrase_scores[0],
				      r->phrase_scores[1], r->phrase_scores[2]);

		if (!f || json_object_set_new(obj, "features", f))
			goto out;
	}
	rc = VN_OK;
out:
	json_decref(labels);
	json_decref(scores);
	json_decref(ev);
	return rc == VN_OK ? rc : (json_is_object(obj) ? VN_ENOMEM : VN_EINVAL);
}

int classify_plain_text(const struct classify_lexicon *lex, const char *text, size_t len,
			struct classify_result *out)
{
	struct parser_document_ref *docs = NULL;
	struct classify_input in = { 0 };
	struct tag_text title = { 0 }, body = { 0 };
	size_t n_docs = 0, i = 0, nl;
	char *copy, *z;
	int rc;

	memset(out, 0, sizeof *out);
	if (!lex || (!text && len))
		return VN_EINVAL;
	copy = malloc(len + 1);
	if (!copy)
		return VN_ENOMEM;
	if (len)
		memcpy(copy, text, len);
	copy[len] = '\0';
	/* a NUL would end the C strings early; the normalizer would have replaced it anyway
	 * (memchr, not a byte loop: this runs over every byte of every article) */
	z = memchr(copy, '\0', len);
	while (z) {
		*z = ' ';
		z = memchr(z + 1, '\0', len - (size_t)(z + 1 - copy));
	}
	while (i < len && (copy[i] == '\n' || copy[i] == '\r' || copy[i] == ' ' || copy[i] == '\t'))
		i++;
	z = memchr(copy + i, '\n', len - i);
	nl = z ? (size_t)(z - copy) : len;
	in.title = copy + i;
	in.body = copy + (nl < len ? nl + 1 : len);
	if (nl < len)
		copy[nl] = '\0';
	rc = tag_text_init(&title, in.title);
	if (!rc)
		rc = tag_text_init(&body, in.body);
	if (!rc)
		rc = tag_text_lookup(lex, &title);
	if (!rc)
		rc = tag_text_lookup(lex, &body);
	if (rc)
		goto out;
	if (may_cite_documents(&body) &&
	    parser_text_documents(in.body, strlen(in.body), &docs, &n_docs) == VN_OK) {
		in.documents = docs;
		in.n_documents = n_docs;
	}
	rc = tag_run(lex, &title, &body, &in, out);
out:
	parser_documents_free(docs, n_docs);
	tag_text_release(&title);
	tag_text_release(&body);
	free(copy);
	return rc;
}
