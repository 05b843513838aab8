/* lexicon_fuzzer.c — fuzzes the lexicon loader (classify/lexicon.c and the n-gram model
 * lines of classify/ngram.c), the file `vnnews classify --lexicon FILE` and `reprocess
 * --lexicon` take from the user.
 *
 * A refused lexicon must come with a message naming the file; an accepted one must tag a
 * text with scores that are numbers and evidence that names its phrase. */
#include "fuzz.h"

#include <math.h>

#include "classify/classify_lex.h"

static const char text[] =
	"Hội nghị trực tuyến chỉ đạo phòng, chống dịch COVID-19\n"
	"Sáng 12/3, UBND tỉnh chủ trì hội nghị, yêu cầu các sở, ngành triển khai ngay Kế hoạch "
	"số 288/KH-UBND; toàn tỉnh ghi nhận 393 ca mắc mới, 2 ổ dịch.\n"
	"Các đại biểu cho ý kiến vào dự thảo.";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct classify_lexicon *lex = NULL;
	struct classify_result r;
	char err[512];

	err[0] = '\0';
	if (classify_lexicon_parse((const char *)data, size, "fuzz.tsv", &lex, err, sizeof err) !=
	    VN_OK) {
		if (strncmp(err, "fuzz.tsv", 8) != 0)
			fuzz_fail("lexicon refused without a message naming it: '%s'", err);
		return 0;
	}
	if (classify_plain_text(lex, text, sizeof text - 1, &r) == VN_OK) {
		for (int c = 0; c < CLASSIFY_N; c++)
			if (isnan(r.scores[c]))
				fuzz_fail("class %d: score is NaN", c);
		for (size_t i = 0; i < r.n_evidence; i++)
			if (!r.evidence[i].phrase || !r.evidence[i].where)
				fuzz_fail("evidence %zu without phrase or where", i);
		classify_result_release(&r);
	}
	classify_lexicon_free(lex);
	return 0;
}
