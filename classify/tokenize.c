/* tokenize.c — syllables of a normalized text, by ICU's word BreakIterator (UAX #29).
 *
 * Vietnamese separates syllables with spaces, so UAX #29 word boundaries are syllable
 * boundaries; a token is kept when its rule status says letters, numbers or ideographs.
 * Design: the iterator runs on the UTF-8 bytes through a UText (indices are byte offsets,
 * no UTF-16 copy), and each thread keeps one iterator, cloned once from a shared template,
 * because opening one costs far more than tagging a short article. */
#include "classify/classify_int.h"

#include <stdlib.h>
#include <threads.h>

#include <unicode/ubrk.h>
#include <unicode/utext.h>

static UBreakIterator *tok_template;
static once_flag tok_once = ONCE_FLAG_INIT;
static _Thread_local UBreakIterator *tok_iter;
static const UChar tok_empty[1];

static void tok_init(void)
{
	UErrorCode st = U_ZERO_ERROR;

	tok_template = ubrk_open(UBRK_WORD, "vi", NULL, 0, &st);
	if (U_FAILURE(st))
		tok_template = NULL;
}

static UBreakIterator *tok_get(void)
{
	UErrorCode st = U_ZERO_ERROR;

	call_once(&tok_once, tok_init);
	if (!tok_iter && tok_template) {
		tok_iter = ubrk_clone(tok_template, &st);
		if (U_FAILURE(st))
			tok_iter = NULL;
	}
	return tok_iter;
}

int classify_tokenize(const char *text, size_t len, struct classify_token **toks, size_t *n_out)
{
	UErrorCode st = U_ZERO_ERROR;
	UText ut = UTEXT_INITIALIZER;
	UBreakIterator *bi;
	struct classify_token *t = NULL, *nt;
	size_t n = 0, alloc = 0;
	int32_t prev, cur;
	int rc = VN_OK;

	*toks = NULL;
	*n_out = 0;
	if (!text && len)
		return VN_EINVAL;
	if (len > CLASSIFY_NORM_MAX_INPUT * 4 || len > INT32_MAX)
		return VN_ETOOBIG;
	if (len == 0)
		return VN_OK;
	bi = tok_get();
	if (!bi)
		return VN_EUNSUPPORTED;
	utext_openUTF8(&ut, text, (int64_t)len, &st);
	ubrk_setUText(bi, &ut, &st);
	if (U_FAILURE(st)) {
		rc = VN_EUNSUPPORTED;
		goto out;
	}
	prev = ubrk_first(bi);
	while ((cur = ubrk_next(bi)) != UBRK_DONE) {
		if (ubrk_getRuleStatus(bi) >= UBRK_WORD_NUMBER) {
			if (n == alloc) {
				alloc = alloc ? alloc * 2 : 64;
				nt = realloc(t, alloc * sizeof *t);
				if (!nt) {
					rc = VN_ENOMEM;
					goto out;
				}
				t = nt;
			}
			t[n].start = (size_t)prev;
			t[n].end = (size_t)cur;
			n++;
		}
		prev = cur;
	}
	*toks = t;
	*n_out = n;
	t = NULL;
out:
	/* detach the iterator from this text before the UText goes out of scope */
	st = U_ZERO_ERROR;
	ubrk_setText(bi, tok_empty, 0, &st);
	utext_close(&ut);
	free(t);
	return rc;
}
