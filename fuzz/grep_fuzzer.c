/* grep_fuzzer.c — fuzzes what `vnnews grep` does with a user's pattern and filters
 * (corpus/query.c): pattern normalization into syllables, FTS5 query building, ICU regular
 * expressions (-E), -w, --exact, -v, --and/--not, --since/--until, match offsets.
 *
 * Input: one flag byte, then up to four lines: patterns, the last one doubling as the
 * --since value.  They run against a small corpus of Vietnamese articles built once in a
 * temporary directory.  A refused query must say why; every reported match must lie inside
 * the title or body it points into. */
#include "fuzz.h"

#include <dirent.h>
#include <unistd.h>

#include "corpus/corpus.h"

static char dir[64];
static char dbpath[128];
static struct corpus_db *db;

static const struct {
	const char *url, *title, *body, *published;
} docs[] = {
	{ "https://dienbien.gov.vn/a/1", "Ban Thường vụ Tỉnh uỷ họp trực tuyến",
	  "Chiều ngày 29/11/2021, Ban Thường vụ Tỉnh uỷ đã họp. Thực hiện Công văn số "
	  "4588/UBND-VX ngày 07/12/2022.\n\nĐIỆN BIÊN phòng chống dịch Covid-19.",
	  "2021-11-30T08:19:06+07:00" },
	{ "https://laichau.gov.vn/b/2", "Hoà bình và thuỷ lợi",
	  "ho\xcc\x80\x61 bình, thủy lợi; đường đi – \"trích dẫn\" (ngoặc) 100% ...",
	  "2022-03-01T00:00:00+07:00" },
	{ "https://x.vn/c", NULL, "", NULL },
	{ "https://x.vn/d", "English title: meeting on 1557/KH-BYT-BGDĐT",
	  "A body with emoji 👍🏽 and invalid-looking text \xef\xbf\xbd.", "2019-01-31" },
};

static void cleanup(void)
{
	DIR *d;
	struct dirent *e;

	corpus_db_free(db);
	db = NULL;
	if (!dir[0] || !(d = opendir(dir)))
		return;
	while ((e = readdir(d))) {
		char p[sizeof dir + 260];

		if (e->d_name[0] == '.')
			continue;
		snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
		unlink(p);
	}
	closedir(d);
	rmdir(dir);
}

static int setup(void)
{
	struct corpus_db *w = NULL;
	char err[512];
	int rc;

	snprintf(dir, sizeof dir, "%s", "/tmp/vnnews-grep-fuzz-XXXXXX");
	if (!mkdtemp(dir))
		fuzz_fail("mkdtemp: cannot make a temporary directory");
	atexit(cleanup);
	snprintf(dbpath, sizeof dbpath, "%s/corpus.db", dir);
	if ((rc = corpus_db_open(dbpath, CORPUS_OPEN_CREATE | CORPUS_OPEN_LOCK, &w, err,
				 sizeof err)))
		fuzz_fail("cannot build the corpus: %s", err);
	if (corpus_db_begin(w))
		fuzz_fail("begin: %s", corpus_db_errmsg(w));
	for (size_t i = 0; i < sizeof docs / sizeof docs[0]; i++) {
		struct parser_article a;
		struct classify_result r;

		memset(&a, 0, sizeof a);
		memset(&r, 0, sizeof r);
		a.url = (char *)docs[i].url;
		a.title = (char *)docs[i].title;
		a.body = (char *)docs[i].body;
		a.published = (char *)docs[i].published;
		r.labels[i % CLASSIFY_N] = true;
		if (corpus_article_put(w, &a, "site", "Điện Biên", &r, NULL, NULL, NULL))
			fuzz_fail("put: %s", corpus_db_errmsg(w));
	}
	if (corpus_db_commit(w))
		fuzz_fail("commit: %s", corpus_db_errmsg(w));
	corpus_db_free(w);
	if (corpus_db_open(dbpath, CORPUS_OPEN_READONLY, &db, err, sizeof err))
		fuzz_fail("cannot open the corpus read-only: %s", err);
	return 0;
}

static int on_hit(void *ctx, const struct corpus_hit *h)
{
	size_t tl = h->title ? strlen(h->title) : 0, bl = h->body ? strlen(h->body) : 0;

	(void)ctx;
	for (size_t i = 0; i < h->n_matches; i++) {
		const struct corpus_match *m = &h->matches[i];
		size_t lim = m->field == CORPUS_FIELD_TITLE ? tl : bl;

		if (m->start > m->end || m->end > lim)
			fuzz_fail("%s: match [%zu, %zu) outside its field (%zu bytes)", h->url,
				  m->start, m->end, lim);
		if (m->field == CORPUS_FIELD_BODY) {
			size_t s = 0, e = 0;

			if (corpus_text_sentence(h->body, bl, m->start, m->end, 1, &s, &e) ==
			    VN_OK && (s > m->start || e < m->end || e > bl))
				fuzz_fail("%s: sentence [%zu, %zu) does not hold match [%zu, %zu)",
					  h->url, s, e, m->start, m->end);
		}
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct corpus_pattern pats[4];
	struct corpus_query q;
	char *lines[4] = {0};
	char err[512];
	size_t n = 0;
	int64_t count = 0;
	unsigned flags;
	const uint8_t *p, *end;

	if (!db)
		setup();
	if (size < 1)
		return 0;
	flags = data[0];
	p = data + 1;
	end = data + size;
	while (n < 4 && p <= end) {
		const uint8_t *nl = memchr(p, '\n', (size_t)(end - p));
		const uint8_t *e = nl ? nl : end;

		lines[n] = fuzz_strndup(p, (size_t)(e - p));
		if (!lines[n])
			goto out;
		pats[n].text = lines[n];
		pats[n].role = n == 0 ? CORPUS_PAT_ANY : (enum corpus_pattern_role)((flags >> (4 + n)) % 3);
		n++;
		if (!nl)
			break;
		p = nl + 1;
	}
	memset(&q, 0, sizeof q);
	q.patterns = pats;
	q.n_patterns = n;
	q.exact = flags & 1;
	q.word = flags & 2;
	q.regex = flags & 4;
	q.invert = flags & 8;
	q.sort = (enum corpus_sort)((flags >> 4) % 3);
	q.limit = 10;
	q.want_matches = true;
	if (n > 1 && (flags & 0x80))
		q.filter.since = lines[n - 1];
	err[0] = '\0';
	if (corpus_query_run(db, &q, on_hit, NULL, err, sizeof err) != VN_OK && !err[0])
		fuzz_fail("query refused without a message");
	err[0] = '\0';
	if (corpus_query_count(db, &q, &count, err, sizeof err) == VN_OK &&
	    (count < 0 || count > (int64_t)(sizeof docs / sizeof docs[0])))
		fuzz_fail("count %lld outside 0..%zu", (long long)count, sizeof docs / sizeof docs[0]);
out:
	for (size_t i = 0; i < n; i++)
		free(lines[i]);
	return 0;
}
