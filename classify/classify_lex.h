/* classify_lex.h — the loaded lexicon, shared by lexicon.c (loading) and tag.c (matching). */
#ifndef CLASSIFY_LEX_H
#define CLASSIFY_LEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "classify/classify_int.h"
#include "classify/ngram.h"

enum classify_where {
	CLASSIFY_WHERE_TITLE = 0,
	CLASSIFY_WHERE_LEAD,
	CLASSIFY_WHERE_BODY,
	CLASSIFY_WHERE_DOCUMENTS,
	CLASSIFY_WHERE_ADDRESSED, /* anywhere, but only right before an addressee phrase of its
				     class ("yêu cầu" + "UBND huyện"), counted once a sentence */
	CLASSIFY_WHERE_QUOTE,     /* in the title after a colon, when the part before it holds
				     a context phrase of the class: a leader's words quoted in
				     a headline ("Bộ trưởng X: Phải ...") */
	CLASSIFY_WHERE_N
};

struct lex_phrase {
	enum classify_class cls;
	double weight;      /* negative: evidence against the class */
	unsigned where;     /* bit set of enum classify_where */
	char *text;         /* as written in the file, for evidence */
	char **syl;         /* normalized syllables; NULL entry = any number */
	size_t *syl_len;
	size_t n_syl;
	bool is_doc;        /* @document: counts cited documents, not text */
	bool is_context;    /* a context phrase: weighs nothing, gates the class (see nocontext) */
	bool is_addressee;  /* whom an order is given to: makes an "addressed" phrase count */
	bool is_report;     /* named by a "report" line: a count that, in the body past the
			       lead, gives the class by itself (with its context) */
	char *doc_kind;     /* normalized kind for "@document KIND", NULL for any */
};

struct lex_idlist {
	size_t *ids;
	size_t n;
	/* ids[0..n_match) can match text where they are (title, lead, body, quote), longest
	 * first; ids[n_match..n) are "addressed" phrases and addressees, which only the
	 * addressed-order pass reads: the matching pass, run at every syllable, skips them */
	size_t n_match;
	bool addressed; /* holds a phrase whose WHERE is "addressed" */
};

struct lex_slot {
	const char *key; /* first syllable (points into a phrase), NULL when empty */
	size_t key_len;
	struct lex_idlist list; /* phrases starting with it, longest first */
};

struct classify_lexicon {
	struct lex_phrase *p;
	size_t n, alloc;
	struct lex_slot *slots; /* open addressing, power-of-two size */
	size_t n_slots;
	struct lex_slot *num_slots;  /* phrases "# X ...", by X; n_slots of them */
	struct lex_idlist num_first; /* other phrases starting with "#" ("#", "# # ...") */
	struct lex_idlist docs;      /* @document rules */
	double threshold[CLASSIFY_N];
	double nocontext[CLASSIFY_N]; /* factor on positive evidence when no context phrase
					 of the class occurs (1 = no gate) */
	bool has_context[CLASSIFY_N];
	bool has_reports;            /* a "report" line named a phrase */
	/* a bit per value of a syllable hash's top 16 bits, set for the keys of `slots`:
	 * most syllables of a text start no phrase, and one look here (8 KB, which stays
	 * in cache) says so without probing the table */
	uint64_t first_bits[65536 / 64];
	double mult[CLASSIFY_N][CLASSIFY_WHERE_N]; /* position multipliers */
	struct ngram_model ngrams; /* the "model" and "ngram" lines */
};

/* The hash of a syllable: eight bytes at a time, each block with one multiply (FNV-1a's
 * multiply a byte, chained, was most of a lookup's time); the last block zero-padded.
 * Only this process reads these hashes: nothing stored depends on them. */
static inline uint64_t classify_lex_hash_block(uint64_t h, uint64_t w)
{
	h = (h ^ w) * 0x9E3779B97F4A7C15u;
	return h ^ (h >> 29); /* the tables mask the low bits: give them the high ones */
}

/* The blocks of s[0..*n) before its last (1 to 8 bytes, or none), hashed; *s and *n are
 * left on that last block. */
static inline uint64_t classify_lex_hash_head(const char **s, size_t *n)
{
	uint64_t h = *n, w;

	for (; *n > 8; *s += 8, *n -= 8) {
		memcpy(&w, *s, 8);
		h = classify_lex_hash_block(h, w);
	}
	return h;
}

static inline uint64_t classify_lex_hash(const char *s, size_t n)
{
	unsigned char last[8] = { 0 };
	uint64_t h = classify_lex_hash_head(&s, &n), w;

	memcpy(last, s, n);
	memcpy(&w, last, 8);
	return classify_lex_hash_block(h, w);
}

/* classify_lex_hash() for a syllable of a buffer with at least 8 readable bytes past
 * its end (a normalized text: CLASSIFY_NORM_SLACK): the last block is read whole and
 * masked, which saves the copy and its branches. */
static inline uint64_t classify_lex_hash_padded(const char *s, size_t n)
{
	static const unsigned char keep[16] = { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF };
	uint64_t h = classify_lex_hash_head(&s, &n), w, m;

	memcpy(&w, s, 8);
	memcpy(&m, keep + 8 - n, 8);
	return classify_lex_hash_block(h, w & m);
}

/* Marks a key of `slots`, of hash h, in lex->first_bits (by the hash's top 16 bits). */
static inline void classify_lex_mark_first(struct classify_lexicon *lex, uint64_t h)
{
	size_t b = (size_t)(h >> 48);

	lex->first_bits[b / 64] |= (uint64_t)1 << (b % 64);
}

/* Whether a syllable of hash h may start a phrase of `slots`: false means it starts none. */
static inline bool classify_lex_may_start(const struct classify_lexicon *lex, uint64_t h)
{
	size_t b = (size_t)(h >> 48);

	return (lex->first_bits[b / 64] >> (b % 64)) & 1;
}

/* Whether the n bytes at a and b are equal: syllables are a few bytes long, for which a
 * plain loop beats a call to memcmp. */
static inline bool classify_lex_same(const char *a, const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (a[i] != b[i])
			return false;
	return true;
}
const char *classify_where_name(enum classify_where w);

/* A lexicon field as a number (the whole field, strtod's syntax): 0, or -1. */
int classify_lex_number(const char *s, double *out);

/* Parses lexicon text (`path` only names it in messages). */
int classify_lexicon_parse(const char *data, size_t len, const char *path,
			   struct classify_lexicon **out, char *err, size_t errlen) VN_WUR;

#endif
