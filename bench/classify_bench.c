/* classify_bench.c — throughput of normalization and tagging over a JSONL(.gz) corpus
 * (run by bench/classify, which builds it against a release build).
 *
 * Reads every line {"text": ...} of the file given (gzip or plain, via zlib's gzread),
 * keeps the texts in memory, then times, on one core, each stage separately so the
 * figures exclude I/O and JSON parsing:
 *   floor     a plain ICU pass: UTF-8 -> UTF-16, unorm2 NFC, u_strFoldCase (no offsets)
 *   accented  classify_norm_text(CLASSIFY_NORM_ACCENTED) (what tagging matches on)
 *   ascii     classify_norm_text(CLASSIFY_NORM_ASCII) (what the corpus index stores)
 *   tag       classify_article() with the default lexicon, title = first line, no
 *             document lookup: normalization, tokenization, matching, scoring
 *   classify  classify_plain_text(): the same plus the parser's search for cited
 *             documents (when the text may cite one): what `vnnews classify` does per item
 * and prints items/s and MB/s of input text for each, the peak RSS, and last a JSON line
 * with every figure (bench/run reads it). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include <jansson.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <zlib.h>

#include "classify/classify.h"
#include "common/vn_buf.h"

struct texts {
	char **s;
	size_t *len;
	size_t n, alloc, bytes;
};

static double now(void)
{
	struct timespec ts;

	/* CPU time of this thread: the machine may be shared, and the figure wanted is what
	 * one core does */
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int load(const char *path, struct texts *t, size_t limit)
{
	gzFile f = gzopen(path, "rb");
	char line[1 << 16];

	if (!f) {
		fprintf(stderr, "bench_classify: %s: cannot open\n", path);
		return -1;
	}
	while (t->n < limit && gzgets(f, line, sizeof line)) {
		json_error_t err;
		json_t *o = json_loads(line, 0, &err);
		const char *s = o ? json_string_value(json_object_get(o, "text")) : NULL;

		if (s) {
			if (t->n == t->alloc) {
				t->alloc = t->alloc ? t->alloc * 2 : 1024;
				t->s = realloc(t->s, t->alloc * sizeof *t->s);
				t->len = realloc(t->len, t->alloc * sizeof *t->len);
				if (!t->s || !t->len)
					return -1;
			}
			t->len[t->n] = strlen(s);
			t->s[t->n] = strdup(s);
			t->bytes += t->len[t->n];
			t->n++;
		}
		json_decref(o);
	}
	gzclose(f);
	return 0;
}

static double report(const char *what, const struct texts *t, double secs)
{
	printf("%-9s %9.0f items/s %8.1f MB/s  (%.3f s)\n", what, (double)t->n / secs,
	       (double)t->bytes / 1e6 / secs, secs);
	return secs;
}

static size_t icu_floor(const struct texts *t)
{
	const UNormalizer2 *nfc;
	UErrorCode st = U_ZERO_ERROR;
	size_t cap = 1 << 16, sink = 0;
	UChar *a = malloc(cap * sizeof *a), *b = malloc(cap * sizeof *b);

	nfc = unorm2_getNFCInstance(&st);
	for (size_t i = 0; i < t->n && a && b; i++) {
		int32_t na, nb;

		st = U_ZERO_ERROR;
		u_strFromUTF8(a, (int32_t)cap, &na, t->s[i], (int32_t)t->len[i], &st);
		nb = unorm2_normalize(nfc, a, na, b, (int32_t)cap, &st);
		na = u_strFoldCase(a, (int32_t)cap, b, nb, U_FOLD_CASE_DEFAULT, &st);
		sink += (size_t)na;
	}
	free(a);
	free(b);
	return sink;
}

int main(int argc, char **argv)
{
	struct texts t = { 0 };
	struct classify_lexicon *lex = NULL;
	char err[512];
	size_t sink = 0, labeled = 0, limit = argc > 2 ? strtoul(argv[2], NULL, 10) : (size_t)-1;
	struct rusage ru;
	double t0, secs[5] = { 0 }, mb;
	json_t *js;
	char *line;
	int rc = 1;

	if (argc < 2) {
		fprintf(stderr, "usage: bench_classify CORPUS.jsonl[.gz] [MAX_ITEMS]\n");
		return 2;
	}
	if (load(argv[1], &t, limit) != 0)
		goto out;
	printf("%zu items, %.1f MB of text\n", t.n, (double)t.bytes / 1e6);

	t0 = now();
	sink += icu_floor(&t);
	secs[0] = report("floor", &t, now() - t0);

	for (int mode = 0; mode < 2; mode++) {
		t0 = now();
		for (size_t i = 0; i < t.n; i++) {
			struct classify_norm n;

			if (classify_norm_text(t.s[i], t.len[i], (enum classify_norm_mode)mode, &n))
				goto out;
			sink += n.len;
			classify_norm_release(&n);
		}
		secs[1 + mode] = report(mode ? "ascii" : "accented", &t, now() - t0);
	}

	if (classify_lexicon_default(&lex, err, sizeof err) != VN_OK) {
		fprintf(stderr, "bench_classify: %s\n", err);
		goto out;
	}
	t0 = now();
	for (size_t i = 0; i < t.n; i++) {
		struct classify_input in = { 0 };
		struct classify_result r;
		char *nl = memchr(t.s[i], '\n', t.len[i]);

		/* the corpus items are "title\nlead" */
		if (nl)
			*nl = '\0';
		in.title = nl ? t.s[i] : NULL;
		in.body = nl ? nl + 1 : t.s[i];
		if (classify_article(lex, &in, &r))
			goto out;
		if (nl)
			*nl = '\n';
		sink += r.n_evidence;
		classify_result_release(&r);
	}
	secs[4] = report("tag", &t, now() - t0);

	t0 = now();
	for (size_t i = 0; i < t.n; i++) {
		struct classify_result r;

		if (classify_plain_text(lex, t.s[i], t.len[i], &r))
			goto out;
		labeled += r.labels[0] || r.labels[1] || r.labels[2];
		classify_result_release(&r);
	}
	secs[3] = report("classify", &t, now() - t0);
	getrusage(RUSAGE_SELF, &ru);
	printf("peak RSS  %ld MB (texts held in memory: %.1f MB)\n", ru.ru_maxrss / 1024,
	       (double)t.bytes / 1e6);
	mb = (double)t.bytes / 1e6;
	js = json_pack("{s:I, s:I, s:f, s:f, s:f, s:f, s:f, s:f, s:f, s:f, s:I}",
		       "items", (json_int_t)t.n, "bytes", (json_int_t)t.bytes,
		       "seconds", secs[3], "items_per_s", (double)t.n / secs[3],
		       "mb_per_s", mb / secs[3], "tag_only_mb_per_s", mb / secs[4],
		       "norm_accented_mb_per_s", mb / secs[1],
		       "norm_ascii_mb_per_s", mb / secs[2], "icu_floor_mb_per_s", mb / secs[0],
		       "labeled_share", (double)labeled / (double)t.n,
		       "peak_rss_mb", (json_int_t)(ru.ru_maxrss / 1024));
	line = js ? json_dumps(js, JSON_COMPACT | JSON_REAL_PRECISION(6)) : NULL;
	if (line)
		puts(line);
	free(line);
	json_decref(js);
	rc = sink == 0;
out:
	classify_lexicon_free(lex);
	for (size_t i = 0; i < t.n; i++)
		free(t.s[i]);
	free(t.s);
	free(t.len);
	return rc;
}
