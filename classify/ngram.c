/* ngram.c — loading the lexicon's n-gram model (see ngram.h).  A phrase is keyed by its
 * syllables' hashes folded together (ngram_key_add), the hashes tagging has for every
 * syllable already, so it keys the n-grams of a title and lead as it walks them and never
 * builds a string; a "title" and a "text" line of one phrase share its entry. */
#include "classify/ngram.h"

#include "classify/classify_lex.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/vn_error.h"

/* A weight or coefficient: a lexicon number, and a finite one. */
static int number_of(const char *s, double *out)
{
	return classify_lex_number(s, out) == 0 && isfinite(*out) ? 0 : -1;
}

int ngram_model_line(struct ngram_model *m, char **f, size_t nf, char *why, size_t whylen)
{
	double v[3];
	int cls;

	if (nf != 4) {
		snprintf(why, whylen, "'model' takes CLASS, BIAS, A and B, found %zu field%s", nf,
			 nf == 1 ? "" : "s");
		return VN_EPARSE;
	}
	cls = classify_class_from_name(f[0]);
	if (cls < 0) {
		snprintf(why, whylen, "unknown class '%s'", f[0]);
		return VN_EPARSE;
	}
	for (int k = 0; k < 3; k++)
		if (number_of(f[k + 1], &v[k]) != 0) {
			snprintf(why, whylen, "'%s' is not a number", f[k + 1]);
			return VN_EPARSE;
		}
	m->has[cls] = true;
	m->bias[cls] = v[0];
	m->a[cls] = v[1];
	m->b[cls] = v[2];
	return VN_OK;
}

static int grow(struct ngram_model *m)
{
	size_t cap = m->cap ? m->cap * 2 : 1024;
	struct ngram_slot *slots = calloc(cap, sizeof *slots);

	if (!slots)
		return VN_ENOMEM;
	for (size_t i = 0; i < m->cap; i++) {
		size_t j;

		if (!m->slots[i].key)
			continue;
		for (j = ngram_slot(m->slots[i].key, cap); slots[j].key; j = (j + 1) & (cap - 1))
			;
		slots[j] = m->slots[i];
	}
	free(m->slots);
	m->slots = slots;
	m->cap = cap;
	return VN_OK;
}

/* The entry of `key`, added (a prefix only) when there is none; NULL without memory. */
static struct ngram_entry *entry_for(struct ngram_model *m, uint64_t key)
{
	ptrdiff_t at = ngram_index(m, key);
	struct ngram_entry *e;
	size_t j;

	if (at >= 0)
		return &m->e[at];
	if (m->n >= NGRAM_ENTRIES_MAX)
		return NULL;
	if ((m->n + 1) * 2 > m->cap && grow(m) != VN_OK)
		return NULL;
	if (m->n == m->alloc) {
		size_t na = m->alloc ? m->alloc * 2 : 1024;
		struct ngram_hot *hot;

		if (!(e = realloc(m->e, na * sizeof *e)))
			return NULL;
		m->e = e;
		if (!(hot = realloc(m->hot, na * sizeof *hot)))
			return NULL;
		m->hot = hot;
		m->alloc = na;
	}
	for (j = ngram_slot(key, m->cap); m->slots[j].key; j = (j + 1) & (m->cap - 1))
		;
	m->slots[j].key = key;
	m->slots[j].idx = (uint32_t)m->n;
	memset(&m->hot[m->n], 0, sizeof m->hot[0]);
	e = &m->e[m->n++];
	memset(e, 0, sizeof *e);
	return e;
}

int ngram_phrase_line(struct ngram_model *m, char **f, size_t nf, char *why, size_t whylen)
{
	double w[CLASSIFY_N];
	struct ngram_entry *e = NULL;
	struct ngram_hot *h;
	const char *p;
	uint64_t key = NGRAM_KEY_START;
	size_t n_syl = 0;
	int where;

	if (nf != 2 + CLASSIFY_N) {
		snprintf(why, whylen,
			 "'ngram' takes WHERE, PHRASE and a weight for each of the %d classes, "
			 "found %zu field%s", CLASSIFY_N, nf, nf == 1 ? "" : "s");
		return VN_EPARSE;
	}
	if (strcmp(f[0], "title") != 0 && strcmp(f[0], "text") != 0) {
		snprintf(why, whylen, "unknown n-gram position '%s' (title or text)", f[0]);
		return VN_EPARSE;
	}
	where = f[0][1] == 'i' ? NGRAM_TITLE : NGRAM_TEXT;
	for (int c = 0; c < CLASSIFY_N; c++)
		if (number_of(f[2 + c], &w[c]) != 0) {
			snprintf(why, whylen, "weight '%s' is not a number", f[2 + c]);
			return VN_EPARSE;
		}
	for (p = f[1]; *p;) {
		size_t l = strcspn(p, " ");

		if (l == 0 || (p[l] == ' ' && !p[l + 1])) {
			snprintf(why, whylen, "n-gram '%s': syllables are separated by one space", f[1]);
			return VN_EPARSE;
		}
		if (++n_syl > NGRAM_MAX_N) {
			snprintf(why, whylen, "n-gram '%s' has more than %d syllables", f[1],
				 NGRAM_MAX_N);
			return VN_EPARSE;
		}
		key = ngram_key_add(key, classify_lex_hash(p, l));
		/* every prefix has an entry: tagging stops where one is missing */
		if (!(e = entry_for(m, key))) {
			if (m->n < NGRAM_ENTRIES_MAX)
				return VN_ENOMEM;
			snprintf(why, whylen, "more than %u n-grams and prefixes in the model",
				 NGRAM_ENTRIES_MAX);
			return VN_EPARSE;
		}
		p += l + (p[l] == ' ');
	}
	if (!e) {
		snprintf(why, whylen, "empty n-gram");
		return VN_EPARSE;
	}
	h = &m->hot[e - m->e];
	if (h->has & (1u << where)) {
		snprintf(why, whylen, "n-gram '%s' (%s) is given twice", f[1], f[0]);
		return VN_EPARSE;
	}
	if (!e->text && !(e->text = strdup(f[1])))
		return VN_ENOMEM;
	h->has |= 1u << where;
	memcpy(e->w[where], w, sizeof w);
	for (int c = 0; c < CLASSIFY_N; c++)
		h->w[where][c] = (float)w[c];
	if (n_syl > m->max_n)
		m->max_n = n_syl;
	return VN_OK;
}

void ngram_model_release(struct ngram_model *m)
{
	for (size_t i = 0; i < m->n; i++)
		free(m->e[i].text);
	free(m->e);
	free(m->hot);
	free(m->slots);
	memset(m, 0, sizeof *m);
}
