/* classify.h — the public face of classify/: ICU normalization and keyword tagging.
 *
 * Normalization (used by the classifier and by the corpus's full-text index and grep):
 * NFC, case folding, Vietnamese tone-placement normalization ("hoà" = "hòa"), and an
 * accent-free form (đ -> d) for what users type.  Tagging is multi-label over the three
 * classes below, with a score per class and the evidence that fired. */
#ifndef CLASSIFY_H
#define CLASSIFY_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "common/vn_error.h"
#include "parser/parser.h"

enum classify_norm_mode {
	CLASSIFY_NORM_ACCENTED = 0, /* NFC + case fold + tone placement: what tagging matches on */
	CLASSIFY_NORM_ASCII = 1,    /* the above without diacritics, đ -> d: what grep matches on */
};

/* A normalized text with a map back to the bytes it came from. */
struct classify_norm {
	char *text;      /* NUL-terminated UTF-8 */
	size_t len;
	size_t *offsets; /* len + 1 entries: offsets[i] is the byte offset in the original text
			    of the character that produced normalized byte i; offsets[len] is
			    the original length */
};

/* Normalizes `len` bytes of UTF-8 `s`.  Invalid UTF-8 is replaced, never fatal.  The caller
 * releases `*out` with classify_norm_release(). */
int classify_norm_text(const char *s, size_t len, enum classify_norm_mode mode,
		       struct classify_norm *out) VN_WUR;
void classify_norm_release(struct classify_norm *n);

/* A syllable (word) of a normalized text: byte range [start, end). */
struct classify_token {
	size_t start;
	size_t end;
};

/* Splits normalized text into syllables with ICU's word BreakIterator, dropping
 * punctuation and spaces.  The caller frees `*toks` with free(). */
int classify_tokenize(const char *text, size_t len,
		      struct classify_token **toks, size_t *n_out) VN_WUR;

enum classify_class {
	CLASSIFY_DIRECTIVE = 0,
	CLASSIFY_CASE_REPORT,
	CLASSIFY_MEETING,
	CLASSIFY_N
};

/* "directive", "case_report", "meeting"; NULL for an out-of-range value. */
const char *classify_class_name(enum classify_class c);
/* The class named `name`, or -1. */
/* Frees the calling thread's word break iterator now (threads that end free theirs). */
void classify_thread_release(void);
/* Frees what the tokenizer builds once per process, and the calling thread's iterator; call
 * at exit, when no thread tokenizes any more. */
void classify_global_release(void);
int classify_class_from_name(const char *name);

struct classify_lexicon;

/* Loads a lexicon file.  On a syntax error returns VN_EPARSE and writes
 * "FILE:LINE: what is wrong" into `err` (size `errlen`).  The caller frees `*out`
 * with classify_lexicon_free(). */
int classify_lexicon_load(const char *path, struct classify_lexicon **out,
			  char *err, size_t errlen) VN_WUR;
/* Loads the lexicon shipped with the program (installed data dir, or the source tree's
 * data/ when run from a build directory). */
int classify_lexicon_default(struct classify_lexicon **out, char *err, size_t errlen) VN_WUR;
void classify_lexicon_free(struct classify_lexicon *lex);

struct classify_evidence {
	enum classify_class cls;
	char *phrase;   /* the lexicon phrase or feature that fired, as written in the lexicon */
	unsigned count;
	char *where;    /* "title", "lead", "body", "documents", "addressed" or "quote" */
	double score;   /* what it added to the class's score (negative: counter-evidence) */
};

struct classify_result {
	bool labels[CLASSIFY_N];
	/* a class with an n-gram model (lexicon.tsv's "model" lines): the model's
	 * probability; without: the phrases' score, given from the class's threshold */
	double scores[CLASSIFY_N];
	double phrase_scores[CLASSIFY_N]; /* the phrases' score in either case */
	struct classify_evidence *evidence;
	size_t n_evidence;
	/* with classify_features_set(true): the syllables the n-gram model read, numbers as
	 * "#", space-separated (for tests/classify/fit_ngrams.py) */
	char *features_title, *features_lead;
};

/* Whether results carry the n-gram model's input (features_title/features_lead) and
 * classify_result_to_json writes it, with the phrase scores, as "features". */
void classify_features_set(bool on);

/* What is tagged: title and body as UTF-8 (either may be NULL), plus the cited documents. */
struct classify_input {
	const char *title;
	const char *body;
	const struct parser_document_ref *documents;
	size_t n_documents;
};

/* Tags one article.  The caller releases `*out` with classify_result_release(). */
int classify_article(const struct classify_lexicon *lex, const struct classify_input *in,
		     struct classify_result *out) VN_WUR;
void classify_result_release(struct classify_result *r);

/* Tags a plain UTF-8 text: its first non-empty line is the title, the rest the body, and
 * the documents it cites are found with parser_text_documents().  The caller releases
 * `*out` with classify_result_release(). */
int classify_plain_text(const struct classify_lexicon *lex, const char *text, size_t len,
			struct classify_result *out) VN_WUR;

/* Adds "labels", "scores" and "evidence" to the record object `obj`. */
int classify_result_to_json(const struct classify_result *r, json_t *obj) VN_WUR;

#endif
