/* ngram.h — the lexicon's n-gram model: a logistic regression over the syllable n-grams
 * of an article's title and lead and the class's phrase score, fitted on the hand-labeled
 * dev sets by tests/classify/fit_ngrams.py and kept as data at the end of lexicon.tsv.
 *
 *   model   CLASS   BIAS   A   B            z = BIAS + A*score + B*ln(1 + max(score, 0))
 *   ngram   title|text   PHRASE   W_directive   W_case_report   W_meeting
 *                                           + the weight of every distinct n-gram present
 * "title" n-grams are read in the title, "text" ones in the title and in the lead (never
 * across the two).  A class with a model line is given when z > 0, and its score is then
 * the probability 1 / (1 + e^-z); a class without one keeps its threshold.  PHRASE is
 * written as the model reads text: normalized syllables (lower case, accents kept,
 * canonical tone placement) separated by single spaces, "#" for a number. */
#ifndef CLASSIFY_NGRAM_H
#define CLASSIFY_NGRAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "classify/classify.h"

#define NGRAM_MAX_N 4 /* the longest n-gram a model line may have */
/* The most entries (n-grams and their prefixes) a model may have: tagging marks the ones
 * an article has in a bit set of this size (16 KB a thread).  The shipped model has
 * under 10 000. */
#define NGRAM_ENTRIES_MAX (1u << 17)

enum { NGRAM_TEXT = 0, NGRAM_TITLE = 1 };

/* An n-gram's weights, read in the text (title or lead) and in the title; a "title" and a
 * "text" line of the same phrase share one.  Every prefix of a phrase has an entry too
 * (with no weights when no line gives it), so that tagging stops extending an n-gram at
 * the first prefix that has none.  Which lines an entry has is in its ngram_hot. */
struct ngram_entry {
	char *text;   /* the phrase as written, for evidence; NULL for a prefix only */
	double w[2][CLASSIFY_N];
};

/* What tagging reads of an entry for every n-gram it finds: the weights as floats and
 * which lines gave them, 32 bytes, apart from the text and the exact weights (for
 * evidence).  Most of an article's lookups find an entry, and the full entries of an
 * 8 000-entry model are 500 KB: reading them was a third of the model's time, in cache
 * misses. */
struct ngram_hot {
	float w[2][CLASSIFY_N];
	uint32_t has; /* bit set: (1 << NGRAM_TEXT) "text" line, (1 << NGRAM_TITLE) "title" */
	uint32_t unused;
};

struct ngram_slot {
	uint64_t key;
	uint32_t idx;
};

struct ngram_model {
	struct ngram_entry *e; /* the entries, in file order */
	struct ngram_hot *hot; /* the same entries, as tagging reads them */
	size_t n, alloc;
	/* open addressing, power-of-two size: a key (0: an empty slot) beside its entry's
	 * index, so that a lookup, done for every n-gram of every title and lead, reads one
	 * 16-byte slot a probe */
	struct ngram_slot *slots;
	size_t cap;
	size_t max_n;          /* syllables of the longest phrase */
	bool has[CLASSIFY_N];  /* a model line for the class */
	double bias[CLASSIFY_N], a[CLASSIFY_N], b[CLASSIFY_N];
};

/* The key of an n-gram: its syllables' hashes (classify_lex_hash, which tagging has for
 * every syllable already; "#" for a number) fed one at a time with ngram_key_add,
 * starting from NGRAM_KEY_START. */
#define NGRAM_KEY_START 1469598103934665603u
static inline uint64_t ngram_key_add(uint64_t h, uint64_t syl_hash)
{
	return (h ^ syl_hash) * 1099511628211u;
}

/* Adds a "model" line's numbers (fields after the keyword). */
int ngram_model_line(struct ngram_model *m, char **f, size_t nf, char *why, size_t whylen);
/* Adds an "ngram" line (fields after the keyword). */
int ngram_phrase_line(struct ngram_model *m, char **f, size_t nf, char *why, size_t whylen);
/* The first slot of `key` in a table of `cap` (a power of two): the key's high bits
 * folded in, since ngram_key_add's multiplications leave the low ones weak. */
static inline size_t ngram_slot(uint64_t key, size_t cap)
{
	return (size_t)(key ^ (key >> 29) ^ (key >> 47)) & (cap - 1);
}

/* The index of the entry of `key`, or -1 (inline: tagging looks up every n-gram of a
 * title and lead). */
static inline ptrdiff_t ngram_index(const struct ngram_model *m, uint64_t key)
{
	if (!m->cap)
		return -1;
	if (!key)
		key = 1;
	for (size_t j = ngram_slot(key, m->cap); m->slots[j].key; j = (j + 1) & (m->cap - 1))
		if (m->slots[j].key == key)
			return (ptrdiff_t)m->slots[j].idx;
	return -1;
}
void ngram_model_release(struct ngram_model *m);

#endif
