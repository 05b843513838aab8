/* lexicon.c — the tagging lexicon: a readable text file of weighted phrases per class.
 *
 * Format (documented at the top of data/lexicon.tsv): one rule a line, fields separated by
 * tabs, "#" starts a comment line:
 *   CLASS   WEIGHT   WHERE   PHRASE     a phrase, "#" inside it stands for any number
 *   CLASS   WEIGHT   WHERE   @document [KIND]   a cited document (of that kind)
 *   context     CLASS   PHRASE           a phrase that shows the class's setting
 *   addressee   CLASS   PHRASE           whom an "addressed" phrase of CLASS must name
 *   nocontext   CLASS   FACTOR           positive evidence x FACTOR when no context phrase
 *                                        of CLASS occurs
 *   threshold   CLASS   VALUE            the score from which CLASS is given
 *   report      CLASS   PHRASE           an earlier rule of CLASS stating a count ("# ca
 *                                        mắc"): matched in the body past the lead, with a
 *                                        context phrase of CLASS in the article, it gives
 *                                        CLASS by itself
 *   position    [CLASS] title|lead|body|documents|addressed|quote   MULTIPLIER
 *   model       CLASS   BIAS  A  B       the n-gram model of CLASS (see ngram.h)
 *   ngram       title|text   PHRASE   W_directive   W_case_report   W_meeting
 * WHERE "addressed" makes a phrase count only when an addressee phrase follows it, right
 * away or after a plural/dative word ("yêu cầu các sở", "giao cho UBND huyện").
 * WHERE "quote" makes it count only in a headline's words after a colon whose part before
 * names the class's setting ("Chủ tịch UBND TP: Không để phát sinh ổ dịch mới").
 * Phrases are normalized and split into syllables exactly as article text is, so the file
 * may use either tone placement and any case.  Design: phrases are indexed by their first
 * syllable in an open-addressing hash table, longest first, so tagging costs one lookup per
 * syllable of the article. */
#include "classify/classify_lex.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/vn_array.h"
#include "common/vn_buf.h"
#include "vn_config.h"

#define LEX_MAX_FILE ((size_t)4 << 20)
#define LEX_MAX_SYL 16

static void lex_err(char *err, size_t errlen, const char *path, size_t line, const char *fmt, ...)
	VN_PRINTF(5, 6);

static void lex_err(char *err, size_t errlen, const char *path, size_t line, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (!err || !errlen)
		return;
	n = line ? snprintf(err, errlen, "%s:%zu: ", path, line) : snprintf(err, errlen, "%s: ", path);
	if (n < 0 || (size_t)n >= errlen)
		return;
	va_start(ap, fmt);
	vsnprintf(err + n, errlen - (size_t)n, fmt, ap);
	va_end(ap);
}

/* Splits line[0..len) at tabs into at most `max` fields (runs of tabs count as one). */
static size_t split_fields(char *line, size_t len, char **f, size_t max)
{
	size_t n = 0, i = 0;

	while (i < len && n < max) {
		while (i < len && line[i] == '\t')
			i++;
		if (i >= len)
			break;
		f[n++] = line + i;
		while (i < len && line[i] != '\t')
			i++;
		if (i < len)
			line[i++] = '\0';
	}
	/* trailing spaces of every field are not part of it */
	for (size_t k = 0; k < n; k++) {
		size_t l = strlen(f[k]);

		while (l && (f[k][l - 1] == ' ' || f[k][l - 1] == '\r'))
			f[k][--l] = '\0';
	}
	return n;
}

int classify_lex_number(const char *s, double *out)
{
	char *end;

	errno = 0;
	*out = strtod(s, &end);
	return errno == 0 && end != s && *end == '\0' ? 0 : -1;
}

static int parse_where(const char *s, unsigned *mask)
{
	static const char *const names[CLASSIFY_WHERE_N] = { "title", "lead", "body", "documents",
							     "addressed", "quote" };
	const char *p = s;

	*mask = 0;
	if (strcmp(s, "any") == 0) {
		*mask = (1u << CLASSIFY_WHERE_TITLE) | (1u << CLASSIFY_WHERE_LEAD) |
			(1u << CLASSIFY_WHERE_BODY);
		return 0;
	}
	while (*p) {
		size_t l = strcspn(p, ",");
		bool found = false;

		for (int w = 0; w < CLASSIFY_WHERE_N; w++)
			if (strlen(names[w]) == l && strncmp(p, names[w], l) == 0) {
				*mask |= 1u << w;
				found = true;
			}
		if (!found)
			return -1;
		p += l;
		if (*p == ',')
			p++;
	}
	return *mask ? 0 : -1;
}

const char *classify_where_name(enum classify_where w)
{
	static const char *const names[CLASSIFY_WHERE_N] = { "title", "lead", "body", "documents",
							     "addressed", "quote" };

	return (unsigned)w < CLASSIFY_WHERE_N ? names[w] : NULL;
}

/* Appends the normalized syllables of `text` to phrase `p`. */
static int phrase_add_syllables(struct lex_phrase *p, const char *text)
{
	struct classify_norm n;
	struct classify_token *t = NULL;
	size_t nt = 0;
	int rc;

	rc = classify_norm_text(text, strlen(text), CLASSIFY_NORM_ACCENTED, &n);
	if (rc)
		return rc;
	rc = classify_tokenize(n.text, n.len, &t, &nt);
	if (rc)
		goto out;
	for (size_t i = 0; i < nt; i++) {
		if (p->n_syl == LEX_MAX_SYL) {
			rc = VN_ETOOBIG;
			goto out;
		}
		p->syl[p->n_syl] = strndup(n.text + t[i].start, t[i].end - t[i].start);
		if (!p->syl[p->n_syl]) {
			rc = VN_ENOMEM;
			goto out;
		}
		p->syl_len[p->n_syl] = t[i].end - t[i].start;
		p->n_syl++;
	}
out:
	free(t);
	classify_norm_release(&n);
	return rc;
}

static int phrase_parse(struct lex_phrase *p, const char *text)
{
	char *copy = strdup(text), *piece;
	size_t len, i = 0;
	int rc = VN_OK;

	if (!copy)
		return VN_ENOMEM;
	len = strlen(copy);
	p->syl = calloc(LEX_MAX_SYL, sizeof *p->syl);
	p->syl_len = calloc(LEX_MAX_SYL, sizeof *p->syl_len);
	if (!p->syl || !p->syl_len) {
		rc = VN_ENOMEM;
		goto out;
	}
	/* "#" is punctuation to the word breaker, so wildcards are split off by spaces first */
	while (i < len) {
		while (i < len && copy[i] == ' ')
			i++;
		if (i >= len)
			break;
		piece = copy + i;
		while (i < len && copy[i] != ' ')
			i++;
		copy[i++] = '\0';
		if (strcmp(piece, "#") == 0) {
			if (p->n_syl == LEX_MAX_SYL) {
				rc = VN_ETOOBIG;
				goto out;
			}
			p->syl[p->n_syl] = NULL; /* a number */
			p->syl_len[p->n_syl++] = 0;
			continue;
		}
		rc = phrase_add_syllables(p, piece);
		if (rc)
			goto out;
	}
out:
	free(copy);
	return rc;
}

static void phrase_release(struct lex_phrase *p)
{
	for (size_t i = 0; i < p->n_syl; i++)
		free(p->syl[i]);
	free(p->syl);
	free(p->syl_len);
	free(p->text);
	free(p->doc_kind);
}

void classify_lexicon_free(struct classify_lexicon *lex)
{
	if (!lex)
		return;
	for (size_t i = 0; i < lex->n; i++)
		phrase_release(&lex->p[i]);
	free(lex->p);
	for (size_t i = 0; i < lex->n_slots; i++) {
		if (lex->slots)
			free(lex->slots[i].list.ids);
		if (lex->num_slots)
			free(lex->num_slots[i].list.ids);
	}
	free(lex->slots);
	free(lex->num_slots);
	free(lex->num_first.ids);
	free(lex->docs.ids);
	ngram_model_release(&lex->ngrams);
	free(lex);
}

static int idlist_add(struct lex_idlist *l, size_t id)
{
	size_t *n = realloc(l->ids, (l->n + 1) * sizeof *n);

	if (!n)
		return VN_ENOMEM;
	l->ids = n;
	l->ids[l->n++] = id;
	return VN_OK;
}

static const struct classify_lexicon *sort_lex;

/* Whether phrase p can match text where it stands (not an addressed phrase or an addressee,
 * which only name an order and whom it is given to). */
static bool matches_text(const struct lex_phrase *p)
{
	return (p->where & ((1u << CLASSIFY_WHERE_TITLE) | (1u << CLASSIFY_WHERE_LEAD) |
			    (1u << CLASSIFY_WHERE_BODY) | (1u << CLASSIFY_WHERE_QUOTE))) != 0;
}

/* Phrases that match text first, then longest first, so the first match at a position is
 * the longest. */
static int cmp_len_desc(const void *a, const void *b)
{
	const struct lex_phrase *pa = &sort_lex->p[*(const size_t *)a];
	const struct lex_phrase *pb = &sort_lex->p[*(const size_t *)b];
	bool ma = matches_text(pa), mb = matches_text(pb);

	if (ma != mb)
		return ma ? -1 : 1;
	if (pa->n_syl != pb->n_syl)
		return pa->n_syl < pb->n_syl ? 1 : -1;
	return *(const size_t *)a < *(const size_t *)b ? -1 : 1;
}

/* Sorts list l (see cmp_len_desc) and counts its phrases that match text. */
static void idlist_sort(struct lex_idlist *l)
{
	if (l->n > 1)
		qsort(l->ids, l->n, sizeof(size_t), cmp_len_desc);
	for (l->n_match = 0; l->n_match < l->n && matches_text(&sort_lex->p[l->ids[l->n_match]]);
	     l->n_match++)
		;
}

/* The slot of `slots` (n of them, a power of two) for key s[0..len): its own or an empty one. */
static struct lex_slot *slot_for(struct lex_slot *slots, size_t n, const char *s, size_t len)
{
	for (size_t k = classify_lex_hash(s, len) & (n - 1);; k = (k + 1) & (n - 1)) {
		struct lex_slot *sl = &slots[k];

		if (!sl->key || (sl->key_len == len && memcmp(sl->key, s, len) == 0))
			return sl;
	}
}

static int lex_index(struct classify_lexicon *lex)
{
	size_t n = 16;
	int rc;

	while (n < lex->n * 2)
		n *= 2;
	lex->slots = calloc(n, sizeof *lex->slots);
	/* "# ca mắc": phrases that start with a number are found by their second syllable,
	 * so a number in the text is not compared with every one of them */
	lex->num_slots = calloc(n, sizeof *lex->num_slots);
	if (!lex->slots || !lex->num_slots)
		return VN_ENOMEM;
	lex->n_slots = n;
	for (size_t i = 0; i < lex->n; i++) {
		struct lex_phrase *p = &lex->p[i];
		struct lex_slot *s;

		if (p->doc_kind || p->is_doc) {
			rc = idlist_add(&lex->docs, i);
		} else if (!p->syl[0] && (p->n_syl < 2 || !p->syl[1])) {
			rc = idlist_add(&lex->num_first, i);
		} else {
			size_t f = p->syl[0] ? 0 : 1; /* the syllable the phrase is found by */

			s = slot_for(p->syl[0] ? lex->slots : lex->num_slots, n, p->syl[f],
				     p->syl_len[f]);
			if (p->syl[0])
				classify_lex_mark_first(lex, classify_lex_hash(p->syl[0],
									       p->syl_len[0]));
			s->key = p->syl[f];
			s->key_len = p->syl_len[f];
			s->list.addressed |= p->where == (1u << CLASSIFY_WHERE_ADDRESSED);
			rc = idlist_add(&s->list, i);
		}
		if (rc)
			return rc;
	}
	/* thread-unsafe qsort context is fine: loading happens before any tagging */
	sort_lex = lex;
	for (size_t k = 0; k < n; k++) {
		idlist_sort(&lex->slots[k].list);
		idlist_sort(&lex->num_slots[k].list);
	}
	idlist_sort(&lex->num_first);
	sort_lex = NULL;
	return VN_OK;
}

/* Whether phrases a and b have the same syllables ("#" matching "#" only). */
static bool same_syllables(const struct lex_phrase *a, const struct lex_phrase *b)
{
	if (a->n_syl != b->n_syl)
		return false;
	for (size_t k = 0; k < a->n_syl; k++)
		if (!a->syl[k] != !b->syl[k] ||
		    (a->syl[k] && (a->syl_len[k] != b->syl_len[k] ||
				   memcmp(a->syl[k], b->syl[k], a->syl_len[k]) != 0)))
			return false;
	return true;
}

/* "report CLASS PHRASE": marks the earlier rule of CLASS with that phrase as a count. */
static int report_line(struct classify_lexicon *lex, char **f, size_t nf, const char *path,
		       size_t lineno, char *err, size_t errlen)
{
	struct lex_phrase p = { 0 };
	bool number = false, found = false;
	int cls, rc;

	if (nf != 3) {
		lex_err(err, errlen, path, lineno, "'report' takes CLASS and PHRASE, found %zu field%s",
			nf - 1, nf == 2 ? "" : "s");
		return VN_EPARSE;
	}
	if ((cls = classify_class_from_name(f[1])) < 0) {
		lex_err(err, errlen, path, lineno, "unknown class '%s'", f[1]);
		return VN_EPARSE;
	}
	rc = phrase_parse(&p, f[2]);
	if (rc == VN_ENOMEM) {
		lex_err(err, errlen, path, lineno, "out of memory");
		return rc;
	}
	for (size_t k = 0; !rc && k < p.n_syl; k++)
		number = number || !p.syl[k];
	if (rc || !number) {
		lex_err(err, errlen, path, lineno, "report phrase '%s' states no count (\"#\")", f[2]);
		phrase_release(&p);
		return VN_EPARSE;
	}
	for (size_t i = 0; i < lex->n; i++) {
		struct lex_phrase *q = &lex->p[i];

		if ((int)q->cls == cls && !q->is_context && !q->is_addressee && !q->is_doc &&
		    q->weight > 0 && same_syllables(q, &p)) {
			q->is_report = true;
			lex->has_reports = true;
			found = true;
		}
	}
	phrase_release(&p);
	if (!found) {
		lex_err(err, errlen, path, lineno,
			"report phrase '%s' is no earlier %s rule of positive weight", f[2], f[1]);
		return VN_EPARSE;
	}
	return VN_OK;
}

static int lex_line(struct classify_lexicon *lex, char *line, size_t len, const char *path,
		    size_t lineno, char *err, size_t errlen)
{
	char *f[7], why[256];
	size_t nf = split_fields(line, len, f, 7);
	struct lex_phrase p = { 0 }, *np;
	int cls, rc = VN_EPARSE;
	double v;

	if (nf == 0 || f[0][0] == '#')
		return VN_OK;
	if (strcmp(f[0], "model") == 0 || strcmp(f[0], "ngram") == 0) {
		rc = f[0][0] == 'm' ? ngram_model_line(&lex->ngrams, f + 1, nf - 1, why, sizeof why) :
			ngram_phrase_line(&lex->ngrams, f + 1, nf - 1, why, sizeof why);
		if (rc == VN_ENOMEM)
			lex_err(err, errlen, path, lineno, "out of memory");
		else if (rc)
			lex_err(err, errlen, path, lineno, "%s", why);
		return rc;
	}
	if (nf > 5) {
		lex_err(err, errlen, path, lineno, "too many fields (%zu)", nf);
		return VN_EPARSE;
	}
	if (strcmp(f[0], "context") == 0 || strcmp(f[0], "addressee") == 0) {
		bool ctx = f[0][0] == 'c';

		if (nf != 3) {
			lex_err(err, errlen, path, lineno, "'%s' takes CLASS and PHRASE, found %zu field%s",
				f[0], nf - 1, nf == 2 ? "" : "s");
			return VN_EPARSE;
		}
		cls = classify_class_from_name(f[1]);
		if (cls < 0) {
			lex_err(err, errlen, path, lineno, "unknown class '%s'", f[1]);
			return VN_EPARSE;
		}
		p.cls = (enum classify_class)cls;
		if (ctx) {
			p.is_context = true;
			p.where = (1u << CLASSIFY_WHERE_TITLE) | (1u << CLASSIFY_WHERE_LEAD) |
				  (1u << CLASSIFY_WHERE_BODY);
			lex->has_context[cls] = true;
		} else {
			p.is_addressee = true; /* where 0: never matched as evidence itself */
		}
		f[3] = f[2];
		goto phrase;
	}
	if (strcmp(f[0], "report") == 0)
		return report_line(lex, f, nf, path, lineno, err, errlen);
	if (strcmp(f[0], "threshold") == 0 || strcmp(f[0], "position") == 0 ||
	    strcmp(f[0], "nocontext") == 0) {
		bool thr = f[0][0] == 't', noctx = f[0][0] == 'n';
		int only = -1; /* "position CLASS WHERE MULT" sets one class's multiplier */
		unsigned mask;

		if (!thr && !noctx && nf == 4) {
			only = classify_class_from_name(f[1]);
			if (only < 0) {
				lex_err(err, errlen, path, lineno, "unknown class '%s'", f[1]);
				return VN_EPARSE;
			}
			f[1] = f[2];
			f[2] = f[3];
			nf = 3;
		}
		if (nf != 3) {
			lex_err(err, errlen, path, lineno, "'%s' takes 2 fields, found %zu", f[0], nf - 1);
			return VN_EPARSE;
		}
		if (classify_lex_number(f[2], &v) != 0 || v < 0) {
			lex_err(err, errlen, path, lineno, "'%s' is not a non-negative number", f[2]);
			return VN_EPARSE;
		}
		if (thr || noctx) {
			cls = classify_class_from_name(f[1]);
			if (cls < 0) {
				lex_err(err, errlen, path, lineno, "unknown class '%s'", f[1]);
				return VN_EPARSE;
			}
			if (thr)
				lex->threshold[cls] = v;
			else
				lex->nocontext[cls] = v;
		} else {
			if (parse_where(f[1], &mask) != 0 || (mask & (mask - 1))) {
				lex_err(err, errlen, path, lineno,
					"unknown position '%s' (title, lead, body, documents or addressed)",
					f[1]);
				return VN_EPARSE;
			}
			for (int c = 0; c < CLASSIFY_N; c++)
				for (int w = 0; w < CLASSIFY_WHERE_N; w++)
					if ((mask & (1u << w)) && (only < 0 || only == c))
						lex->mult[c][w] = v;
		}
		return VN_OK;
	}
	if (nf != 4) {
		lex_err(err, errlen, path, lineno,
			"expected CLASS, WEIGHT, WHERE and PHRASE separated by tabs, found %zu field%s",
			nf, nf == 1 ? "" : "s");
		return VN_EPARSE;
	}
	cls = classify_class_from_name(f[0]);
	if (cls < 0) {
		lex_err(err, errlen, path, lineno,
			"unknown class '%s' (directive, case_report, meeting, threshold, position)", f[0]);
		return VN_EPARSE;
	}
	p.cls = (enum classify_class)cls;
	if (classify_lex_number(f[1], &p.weight) != 0) {
		lex_err(err, errlen, path, lineno, "weight '%s' is not a number", f[1]);
		return VN_EPARSE;
	}
	if (parse_where(f[2], &p.where) != 0) {
		lex_err(err, errlen, path, lineno,
			"unknown WHERE '%s' (any, addressed, or a list of title, lead, body, documents, quote)",
			f[2]);
		return VN_EPARSE;
	}
	if ((p.where & (1u << CLASSIFY_WHERE_ADDRESSED)) &&
	    p.where != (1u << CLASSIFY_WHERE_ADDRESSED)) {
		lex_err(err, errlen, path, lineno, "WHERE 'addressed' cannot be combined with others");
		return VN_EPARSE;
	}
phrase:
	p.text = strdup(f[3]);
	if (!p.text) {
		rc = VN_ENOMEM;
		goto fail;
	}
	if (!p.is_context && !p.is_addressee && strncmp(f[3], "@document", 9) == 0 &&
	    (f[3][9] == '\0' || f[3][9] == ' ')) {
		const char *kind = f[3] + 9;
		struct classify_norm n;

		while (*kind == ' ')
			kind++;
		p.is_doc = true;
		p.where = 1u << CLASSIFY_WHERE_DOCUMENTS;
		if (*kind) {
			rc = classify_norm_text(kind, strlen(kind), CLASSIFY_NORM_ACCENTED, &n);
			if (rc)
				goto fail;
			p.doc_kind = n.text;
			n.text = NULL;
			classify_norm_release(&n);
		}
	} else if (f[3][0] == '@') {
		lex_err(err, errlen, path, lineno, "unknown feature '%s' (only @document)", f[3]);
		goto fail;
	} else {
		rc = phrase_parse(&p, f[3]);
		if (rc == VN_ETOOBIG) {
			lex_err(err, errlen, path, lineno, "phrase longer than %d syllables", LEX_MAX_SYL);
			rc = VN_EPARSE;
			goto fail;
		}
		if (rc)
			goto fail;
		if (p.n_syl == 0) {
			lex_err(err, errlen, path, lineno, "phrase '%s' has no syllables", f[3]);
			rc = VN_EPARSE;
			goto fail;
		}
	}
	if (!(np = vn_array_room(lex->p, &lex->alloc, lex->n, sizeof *np, 256))) {
		rc = VN_ENOMEM;
		goto fail;
	}
	lex->p = np;
	lex->p[lex->n++] = p;
	return VN_OK;
fail:
	if (rc == VN_ENOMEM)
		lex_err(err, errlen, path, lineno, "out of memory");
	phrase_release(&p);
	return rc;
}

int classify_lexicon_parse(const char *data, size_t len, const char *path,
			   struct classify_lexicon **out, char *err, size_t errlen)
{
	struct classify_lexicon *lex = calloc(1, sizeof *lex);
	struct vn_buf line;
	size_t i = 0, lineno = 0;
	int rc = VN_OK;

	*out = NULL;
	vn_buf_init(&line, 64 * 1024);
	if (!lex)
		return VN_ENOMEM;
	for (int c = 0; c < CLASSIFY_N; c++) {
		lex->threshold[c] = 1.0;
		lex->nocontext[c] = 1.0;
	}
	for (int c = 0; c < CLASSIFY_N; c++) {
		lex->mult[c][CLASSIFY_WHERE_TITLE] = 2.0;
		lex->mult[c][CLASSIFY_WHERE_LEAD] = 1.5;
		lex->mult[c][CLASSIFY_WHERE_BODY] = 1.0;
		lex->mult[c][CLASSIFY_WHERE_DOCUMENTS] = 1.0;
		lex->mult[c][CLASSIFY_WHERE_ADDRESSED] = 1.0;
		lex->mult[c][CLASSIFY_WHERE_QUOTE] = 2.0;
	}
	while (i < len) {
		const char *nl = memchr(data + i, '\n', len - i);
		size_t l = nl ? (size_t)(nl - (data + i)) : len - i;

		lineno++;
		vn_buf_reset(&line);
		rc = vn_buf_add(&line, data + i, l);
		if (rc) {
			lex_err(err, errlen, path, lineno, "line too long");
			goto out;
		}
		if (memchr(line.data, '\0', line.len)) {
			lex_err(err, errlen, path, lineno, "NUL byte in the line");
			rc = VN_EPARSE;
			goto out;
		}
		rc = lex_line(lex, line.data, line.len, path, lineno, err, errlen);
		if (rc)
			goto out;
		i += l + (nl ? 1 : 0);
	}
	if (lex->n == 0) {
		lex_err(err, errlen, path, 0, "no phrases in the lexicon");
		rc = VN_EPARSE;
		goto out;
	}
	rc = lex_index(lex);
	if (rc)
		lex_err(err, errlen, path, 0, "out of memory");
out:
	vn_buf_release(&line);
	if (rc)
		classify_lexicon_free(lex);
	else
		*out = lex;
	return rc;
}

int classify_lexicon_load(const char *path, struct classify_lexicon **out, char *err, size_t errlen)
{
	struct vn_buf b;
	int rc;

	*out = NULL;
	vn_buf_init(&b, LEX_MAX_FILE);
	rc = vn_buf_read_file(&b, path);
	if (rc) {
		lex_err(err, errlen, path, 0, "%s", rc == VN_ETOOBIG ? "larger than 4 MiB" :
			rc == VN_ENOTFOUND ? "no such file" : strerror(errno));
		goto out;
	}
	rc = classify_lexicon_parse(b.data, b.len, path, out, err, errlen);
out:
	vn_buf_release(&b);
	return rc;
}

int classify_lexicon_default(struct classify_lexicon **out, char *err, size_t errlen)
{
	const char *dirs[3] = { getenv("VNNEWS_DATADIR"), VN_SRCDATADIR, VN_DATADIR };
	struct vn_buf path;
	int rc = VN_ENOTFOUND;

	*out = NULL;
	vn_buf_init(&path, 4096);
	for (size_t i = 0; i < 3; i++) {
		FILE *f;

		if (!dirs[i] || !dirs[i][0])
			continue;
		vn_buf_reset(&path);
		if (vn_buf_addf(&path, "%s/lexicon.tsv", dirs[i]) != VN_OK)
			continue;
		f = fopen(path.data, "rb");
		if (!f)
			continue;
		fclose(f);
		rc = classify_lexicon_load(path.data, out, err, errlen);
		goto out;
	}
	lex_err(err, errlen, "lexicon.tsv", 0,
		"not found in $VNNEWS_DATADIR, %s or %s; use --lexicon FILE", VN_SRCDATADIR, VN_DATADIR);
out:
	vn_buf_release(&path);
	return rc;
}
