/* normalize_fuzzer.c — fuzzes the classifier's ICU normalization and syllable tokenizer
 * (classify/norm.c, tone.c, tokenize.c), which every article body and every grep pattern
 * goes through.
 *
 * Checks the contract of classify.h on any bytes: the output is valid UTF-8, the offset map
 * has len + 1 non-decreasing entries ending at the input length and never pointing past
 * it, and tokens are ordered, non-empty and inside the text, and the same as ICU's
 * BreakIterator finds (the rules' path, whole or a run at a time, is only a faster way). */
#include "fuzz.h"

#include "classify/classify.h"
#include "classify/classify_int.h"

/* The rules' path, whole or a run at a time, gives what ICU's BreakIterator gives. */
static void check_same_as_icu(const struct classify_norm *n, const struct classify_token *toks,
			      size_t n_toks)
{
	struct classify_token *ref = NULL;
	size_t n_ref = 0;

	if (classify_tokenize_icu(n->text, n->len, &ref, &n_ref) != VN_OK)
		return;
	if (n_ref != n_toks)
		fuzz_fail("%zu tokens, ICU finds %zu", n_toks, n_ref);
	for (size_t i = 0; i < n_toks; i++)
		if (toks[i].start != ref[i].start || toks[i].end != ref[i].end)
			fuzz_fail("token %zu is [%zu, %zu), ICU's [%zu, %zu)", i, toks[i].start,
				  toks[i].end, ref[i].start, ref[i].end);
	free(ref);
}

static void check_norm(const char *in, size_t len, enum classify_norm_mode mode)
{
	struct classify_norm n = {0};
	struct classify_token *toks = NULL;
	size_t n_toks = 0;

	if (classify_norm_text(in, len, mode, &n) != VN_OK)
		return;
	if (!n.text || !n.offsets)
		fuzz_fail("normalization succeeded without text or offsets");
	if (n.text[n.len] != '\0')
		fuzz_fail("normalized text not NUL-terminated");
	if (!fuzz_utf8_valid(n.text, n.len))
		fuzz_fail("normalized text (mode %d) is not valid UTF-8", (int)mode);
	if (n.offsets[n.len] != len)
		fuzz_fail("offsets[len] = %zu, input length %zu", n.offsets[n.len], len);
	for (size_t i = 0; i < n.len; i++) {
		if (n.offsets[i] > len)
			fuzz_fail("offsets[%zu] = %zu past the input (%zu)", i, n.offsets[i], len);
		if (n.offsets[i] > n.offsets[i + 1])
			fuzz_fail("offsets decrease at %zu: %zu > %zu", i, n.offsets[i],
				  n.offsets[i + 1]);
	}
	if (classify_tokenize(n.text, n.len, &toks, &n_toks) == VN_OK) {
		for (size_t i = 0; i < n_toks; i++) {
			if (toks[i].start >= toks[i].end || toks[i].end > n.len)
				fuzz_fail("token %zu [%zu, %zu) outside the text (%zu)", i,
					  toks[i].start, toks[i].end, n.len);
			if (i && toks[i].start < toks[i - 1].end)
				fuzz_fail("token %zu overlaps the one before", i);
		}
		if (mode == CLASSIFY_NORM_ACCENTED)
			check_same_as_icu(&n, toks, n_toks);
		free(toks);
	}
	classify_norm_release(&n);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	check_norm((const char *)data, size, CLASSIFY_NORM_ACCENTED);
	check_norm((const char *)data, size, CLASSIFY_NORM_ASCII);
	return 0;
}
