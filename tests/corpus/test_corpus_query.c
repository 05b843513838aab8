/* test_corpus_query.c — grep semantics over a small corpus: accent/case-insensitive and
 * exact matching (đ, tone placement, decomposed input), -w, -E, AND/NOT/-v, filters, match
 * offsets on the original text, counts, stats, migration from schema v1, and a reader's
 * snapshot while a writer commits. */
#include <sqlite3.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "corpus/corpus.h"
#include "corpus/corpus_int.h"

static char tmpdir[256];
static char dbpath[512];

struct doc {
	const char *url, *site, *province, *title, *published, *body;
	int tag; /* class index labelled, -1 none */
	const char *cites;
};

static const struct doc docs[] = {
	{ "https://dienbien.gov.vn/1", "dienbien", "Điện Biên",
	  "Điện Biên triển khai tiêm vắc xin", "2021-06-15T08:00:00+07:00",
	  "UBND tỉnh Điện Biên ban hành Công văn số 4588/UBND-VX. Các huyện tổ chức tiêm "
	  "chủng.\n\nNgười dân được tiêm miễn phí.", 0, "4588/UBND-VX" },
	{ "https://dongnai.gov.vn/2", "dongnai", "Đồng Nai",
	  "Biên Hòa họp bàn phòng chống dịch", "2021-07-02T10:00:00+07:00",
	  "Thành phố Biên Hòa tổ chức cuộc họp. Hoà bình và ổn định.", 2, NULL },
	{ "https://danang.gov.vn/3", "danang", "Đà Nẵng",
	  "ĐÀ NẴNG ghi nhận ca mắc mới", "2022-01-10T09:00:00+07:00",
	  "Sở Y tế Đà Nẵng thông báo 3 ca mắc COVID-19 mới tại quận Hải Châu.", 1, NULL },
	{ "https://dienbien.gov.vn/4", "dienbien", "Điện Biên",
	  "Hội nghị tổng kết năm", NULL,
	  "Tại Điện Biên Phủ, hội nghị tổng kết công tác năm 2021.", 2, NULL },
	/* decomposed (NFD) input: the e with circumflex and dot below written as marks */
	{ "https://laichau.gov.vn/5", "laichau", "Lai Châu",
	  "Lai Châu gia\xcc\x81o du\xcc\xa3" "c", "2022-03-01T00:00:00+07:00",
	  "\xc4\x90ie\xcc\x82\xcc\xa3n Bie\xcc\x82n la\xcc\x80 ti\xcc\x89nh la\xcc\x81ng "
	  "gie\xcc\x82\xcc\x80ng.", -1, NULL },
};
#define N_DOCS (sizeof docs / sizeof docs[0])

static void build_corpus(unsigned target)
{
	struct corpus_db *db = NULL;
	char err[512];

	unlink(dbpath);
	CHECK_INT(corpus_db_open_version(dbpath, CORPUS_OPEN_CREATE | CORPUS_OPEN_LOCK,
					 (int)target, &db, err, sizeof err), VN_OK);
	if (!db) {
		fprintf(stderr, "%s\n", err);
		return;
	}
	CHECK_INT(corpus_db_begin(db), VN_OK);
	for (size_t i = 0; i < N_DOCS; i++) {
		struct parser_article a;
		struct classify_result r;
		struct parser_document_ref ref = { .kind = (char *)"công văn",
						   .number = (char *)docs[i].cites };

		memset(&a, 0, sizeof a);
		memset(&r, 0, sizeof r);
		a.url = (char *)docs[i].url;
		a.title = (char *)docs[i].title;
		a.published = (char *)docs[i].published;
		a.body = (char *)docs[i].body;
		if (docs[i].cites) {
			a.documents = &ref;
			a.n_documents = 1;
		}
		if (docs[i].tag >= 0) {
			r.labels[docs[i].tag] = true;
			r.scores[docs[i].tag] = 1.5;
		}
		CHECK_INT(corpus_article_put(db, &a, docs[i].site, docs[i].province, &r, NULL,
					     NULL, NULL), VN_OK);
	}
	CHECK_INT(corpus_db_commit(db), VN_OK);
	corpus_db_free(db);
}

struct collect {
	char urls[16][64];
	int n;
	char first_match[256];
	int n_matches;
};

static int collect_hit(void *ctx, const struct corpus_hit *h)
{
	struct collect *c = ctx;

	if (c->n < 16)
		snprintf(c->urls[c->n], sizeof c->urls[0], "%s", h->url);
	c->n++;
	c->n_matches += (int)h->n_matches;
	if (h->n_matches && !c->first_match[0]) {
		const struct corpus_match *m = &h->matches[0];
		const char *src = m->field == CORPUS_FIELD_TITLE ? h->title : h->body;

		snprintf(c->first_match, sizeof c->first_match, "%.*s", (int)(m->end - m->start),
			 src + m->start);
	}
	return 0;
}

/* Runs a query and returns the selected URLs' last path segments joined, e.g. "1,4". */
static const char *run(struct corpus_query *q, struct collect *c)
{
	static char out[1024];
	struct corpus_db *db = NULL;
	char err[512];
	int64_t count = -1;
	int rc;

	memset(c, 0, sizeof *c);
	out[0] = '\0';
	if (corpus_db_open(dbpath, CORPUS_OPEN_READONLY, &db, err, sizeof err)) {
		fprintf(stderr, "%s\n", err);
		return "open failed";
	}
	q->want_matches = true;
	rc = corpus_query_run(db, q, collect_hit, c, err, sizeof err);
	if (rc) {
		snprintf(out, sizeof out, "error: %s", err);
		corpus_db_free(db);
		return out;
	}
	/* -c must agree with the listing whatever path it takes */
	CHECK_INT(corpus_query_count(db, q, &count, err, sizeof err), VN_OK);
	if (q->limit == 0)
		CHECK_INT(count, c->n);
	corpus_db_free(db);
	for (int i = 0; i < c->n && i < 16; i++) {
		const char *slash = strrchr(c->urls[i], '/');
		size_t l = strlen(out);

		snprintf(out + l, sizeof out - l, "%s%s", i ? "," : "", slash ? slash + 1 : "?");
	}
	return out;
}

static const char *grep1(const char *pat, bool exact, bool word, bool regex,
			 struct collect *c)
{
	struct corpus_pattern p = { pat, CORPUS_PAT_ANY };
	struct corpus_query q = { .patterns = &p, .n_patterns = 1, .exact = exact, .word = word,
				  .regex = regex, .sort = CORPUS_SORT_ID };

	return run(&q, c);
}

static void test_accents_and_case_do_not_matter_by_default(void)
{
	struct collect c;

	CHECK_STR(grep1("dien bien", false, false, false, &c), "1,4,5");
	CHECK_STR(grep1("Điện Biên", false, false, false, &c), "1,4,5");
	CHECK_STR(grep1("ĐIỆN BIÊN", false, false, false, &c), "1,4,5");
	/* the pattern typed with combining marks (NFD) */
	CHECK_STR(grep1("\xc4\x90ie\xcc\x82\xcc\xa3n bie\xcc\x82n", false, false, false, &c),
		  "1,4,5");
	CHECK_STR(grep1("da nang", false, false, false, &c), "3");
	CHECK_STR(grep1("bien hoa", false, false, false, &c), "2");
}

static void test_match_offsets_point_at_the_original_text(void)
{
	struct collect c;

	grep1("dien bien", false, false, false, &c);
	CHECK_STR(c.first_match, "Điện Biên");
	grep1("DA NANG", false, false, false, &c);
	CHECK_STR(c.first_match, "ĐÀ NẴNG");
	/* in the decomposed article the match covers the combining marks too */
	CHECK_STR(grep1("lang gieng", false, false, false, &c), "5");
	CHECK_STR(c.first_match, "la\xcc\x81ng gie\xcc\x82\xcc\x80ng");
}

static void test_exact_makes_diacritics_count(void)
{
	struct collect c;

	CHECK_STR(grep1("Điện Biên", true, false, false, &c), "1,4,5");
	CHECK_STR(grep1("dien bien", true, false, false, &c), "");
	/* đ is not d with --exact */
	CHECK_STR(grep1("Da Nẵng", true, false, false, &c), "");
	CHECK_STR(grep1("đà nẵng", true, false, false, &c), "3");
	/* another tone on the same letters */
	CHECK_STR(grep1("Điền Biên", true, false, false, &c), "");
	/* tone placement: the article has "Hòa" twice and "Hoà" once; both spellings find
	 * all three */
	CHECK_STR(grep1("hòa", true, true, false, &c), "2");
	CHECK_INT(c.n_matches, 3);
	CHECK_STR(grep1("hoà", true, true, false, &c), "2");
	CHECK_INT(c.n_matches, 3);
	CHECK_STR(grep1("hoá", true, true, false, &c), "");
}

static void test_word_option_requires_whole_syllables(void)
{
	struct collect c;

	CHECK_STR(grep1("dien bi", false, false, false, &c), "1,4,5");
	CHECK_STR(c.first_match, "Điện Bi");
	CHECK_STR(grep1("dien bi", false, true, false, &c), "");
	CHECK_STR(grep1("dien bien phu", false, true, false, &c), "4");
}

/* The index answers a prefix with exact phrases for the few longer terms it holds, or
 * with FTS5's prefix query when there are many; either way the articles are those a
 * regex over the accent-free text selects, which reads every article instead. */
static void test_prefix_syllable_finds_what_a_regex_finds(void)
{
	static const char *const pats[] = { "tin", "t", "h", "dien b", "bien", "ho", "c", "hoi ng",
					    "ha noi" };
	struct collect c;
	char want[1024], re[64];

	for (size_t i = 0; i < sizeof pats / sizeof pats[0]; i++) {
		size_t n = (size_t)snprintf(re, sizeof re, "\\b");

		for (const char *p = pats[i]; *p; p++)
			n += (size_t)snprintf(re + n, sizeof re - n, *p == ' ' ? "\\s+" : "%c", *p);
		snprintf(want, sizeof want, "%s", grep1(re, false, false, true, &c));
		CHECK_STR(grep1(pats[i], false, false, false, &c), want);
	}
	/* "tỉnh" (tinh) in 1 and 5 begins with "tin"; no syllable is "tin" itself */
	CHECK_STR(grep1("tin", false, false, false, &c), "1,5");
	CHECK_STR(c.first_match, "tỉn");
	CHECK_STR(grep1("tin", false, true, false, &c), "");
}

static void test_regex_is_icu_on_accent_free_text(void)
{
	struct collect c;

	CHECK_STR(grep1("ca mac (moi|cu)", false, false, true, &c), "3");
	CHECK_STR(c.first_match, "ca mắc mới");
	CHECK_INT(c.n_matches, 1);
	CHECK_STR(grep1("covid-[0-9]+", false, false, true, &c), "3");
	CHECK_STR(grep1("\\d{4}/UBND", false, false, true, &c), "1");
	/* non-ASCII letters in the pattern are folded too */
	CHECK_STR(grep1("Hải Châu", false, false, true, &c), "3");
	/* with --exact the regex sees the original text */
	CHECK_STR(grep1("hai chau", true, false, true, &c), "");
	CHECK_STR(grep1("hải châu", true, false, true, &c), "3");
	/* the literal prefilter must never lose a match: literals starting inside a
	 * syllable, after a group, before an optional character, alternations */
	CHECK_STR(grep1("[0-9]+ ca mắc", false, false, true, &c), "3");
	CHECK_STR(grep1("a mắc", false, false, true, &c), "3");
	CHECK_STR(grep1("(ca|cá) mắc", false, false, true, &c), "3");
	CHECK_STR(grep1("ca mắcx?", false, false, true, &c), "3");
	CHECK_STR(grep1("hoi ngh|ca mac", false, false, true, &c), "3,4");
	CHECK_STR(grep1("bi\\.?en h", false, false, true, &c), "2");
	CHECK_STR(grep1("ien bien", true, false, true, &c), "");
	CHECK_STR(grep1("iện biên", true, false, true, &c), "1,4,5");
	CHECK_CONTAINS(grep1("tiem (vac", false, false, true, &c), "error: ");
	CHECK_CONTAINS(grep1("tiem (vac", false, false, true, &c), "tiem (vac");
}

static void test_and_not_and_invert(void)
{
	struct collect c;
	struct corpus_pattern p[3] = {
		{ "dien bien", CORPUS_PAT_ANY }, { "tiem", CORPUS_PAT_ALL },
		{ "hoi nghi", CORPUS_PAT_NONE },
	};
	struct corpus_query q = { .patterns = p, .n_patterns = 2, .sort = CORPUS_SORT_ID };

	CHECK_STR(run(&q, &c), "1");
	p[1].role = CORPUS_PAT_ANY; /* -e A -e B: either */
	CHECK_STR(run(&q, &c), "1,4,5");
	p[1].text = "ca mac";
	CHECK_STR(run(&q, &c), "1,3,4,5");
	q.n_patterns = 3;
	CHECK_STR(run(&q, &c), "1,3,5");
	/* --not alone: everything but */
	q.patterns = &p[2];
	q.n_patterns = 1;
	CHECK_STR(run(&q, &c), "1,2,3,5");
	/* -v dien bien */
	q.patterns = p;
	q.invert = true;
	CHECK_STR(run(&q, &c), "2,3");
	CHECK_INT(c.n_matches, 0);
}

static void test_filters_tag_site_province_dates_cites(void)
{
	struct collect c;
	const char *tags[] = { "meeting" };
	struct corpus_query q = { .sort = CORPUS_SORT_ID };

	q.filter.tags = tags;
	q.filter.n_tags = 1;
	CHECK_STR(run(&q, &c), "2,4");
	q.filter.n_tags = 0;
	q.filter.site = "dienbien";
	CHECK_STR(run(&q, &c), "1,4");
	q.filter.site = NULL;
	q.filter.province = "dong nai";
	CHECK_STR(run(&q, &c), "2");
	q.filter.province = NULL;
	q.filter.since = "2021-07";
	CHECK_STR(run(&q, &c), "2,3,5");
	q.filter.until = "2022-01";
	CHECK_STR(run(&q, &c), "2,3");
	q.filter.since = "2021";
	q.filter.until = "2021";
	CHECK_STR(run(&q, &c), "1,2");
	q.filter.since = "2021-06-15";
	q.filter.until = "2021-06-15";
	CHECK_STR(run(&q, &c), "1");
	q.filter.since = q.filter.until = NULL;
	q.filter.cites = "4588/ubnd-vx";
	CHECK_STR(run(&q, &c), "1");
	q.filter.cites = NULL;
	/* newest first by default; undated last */
	q.sort = CORPUS_SORT_DATE;
	CHECK_STR(run(&q, &c), "5,3,2,1,4");
	q.limit = 2;
	CHECK_STR(run(&q, &c), "5,3");
}

/* A pattern with filters goes through the index's ids (intersected with the tag index,
 * then the other filters by key): the same articles, order and counts as a plain scan. */
static void test_pattern_with_filters_keeps_order_limit_and_count(void)
{
	struct collect c;
	const char *tags[] = { "meeting" };
	const char *both[] = { "meeting", "directive" };
	struct corpus_pattern p = { "dien bien", CORPUS_PAT_ANY };
	struct corpus_query q = { .patterns = &p, .n_patterns = 1, .sort = CORPUS_SORT_ID };

	CHECK_STR(run(&q, &c), "1,4,5");
	q.filter.tags = tags;
	q.filter.n_tags = 1;
	CHECK_STR(run(&q, &c), "4");
	q.filter.tags = both;
	q.filter.n_tags = 2;
	CHECK_STR(run(&q, &c), "1,4");
	q.filter.n_tags = 0;
	q.sort = CORPUS_SORT_DATE;
	q.filter.site = "dienbien";
	CHECK_STR(run(&q, &c), "1,4");       /* undated last */
	q.filter.site = NULL;
	q.filter.since = "2021";
	CHECK_STR(run(&q, &c), "5,1");       /* newest first; the undated one is out */
	q.limit = 1;
	CHECK_STR(run(&q, &c), "5");
	q.limit = 0;
	q.filter.until = "2021-12";
	CHECK_STR(run(&q, &c), "1");
	CHECK(c.n_matches > 0);              /* offsets still come with the hit */
	q.exact = true;                      /* checked in C after the index */
	CHECK_STR(run(&q, &c), "");
	p.text = "Điện Biên";
	CHECK_STR(run(&q, &c), "1");
}

static void test_bad_dates_and_tags_name_the_bad_part(void)
{
	char err[256];
	struct corpus_filter f = { 0 };
	const char *bad_tag[] = { "directives" };

	CHECK_INT(corpus_date_check("2021-13", err, sizeof err), VN_EPARSE);
	CHECK_CONTAINS(err, "month 13");
	CHECK_INT(corpus_date_check("2021-02-30", err, sizeof err), VN_EPARSE);
	CHECK_CONTAINS(err, "day 30");
	CHECK_INT(corpus_date_check("2024-02-29", err, sizeof err), VN_OK);
	CHECK_INT(corpus_date_check("2023-02-29", err, sizeof err), VN_EPARSE);
	CHECK_INT(corpus_date_check("21-06", err, sizeof err), VN_EPARSE);
	CHECK_CONTAINS(err, "'21-06'");
	CHECK_INT(corpus_date_check("2021/06", err, sizeof err), VN_EPARSE);
	f.until = "2021-6";
	CHECK_INT(corpus_filter_check(&f, err, sizeof err), VN_EPARSE);
	CHECK_CONTAINS(err, "--until");
	f.until = NULL;
	f.tags = bad_tag;
	f.n_tags = 1;
	CHECK(corpus_filter_check(&f, err, sizeof err) != VN_OK);
	CHECK_CONTAINS(err, "directives");
}

static void test_pattern_without_letters_is_an_error(void)
{
	struct collect c;

	CHECK_CONTAINS(grep1("...", false, false, false, &c), "error: ");
	CHECK_CONTAINS(grep1("...", false, false, false, &c), "'...'");
}

struct stat_acc {
	char text[512];
};

static int stat_cb(void *ctx, const char *k, const char *k2, int64_t n)
{
	struct stat_acc *s = ctx;
	size_t l = strlen(s->text);

	snprintf(s->text + l, sizeof s->text - l, "%s%s%s=%lld;", k, k2 ? "/" : "", k2 ? k2 : "",
		 (long long)n);
	return 0;
}

static void test_stats_group_counts(void)
{
	struct corpus_db *db = NULL;
	char err[512];
	struct stat_acc s = { "" };
	struct corpus_filter f = { 0 };

	CHECK_INT(corpus_db_open(dbpath, CORPUS_OPEN_READONLY, &db, err, sizeof err), VN_OK);
	if (!db)
		return;
	CHECK_INT(corpus_stats_count(db, &f, CORPUS_STAT_TAG, stat_cb, &s), VN_OK);
	CHECK_STR(s.text, "case_report=1;directive=1;meeting=2;none=1;");
	s.text[0] = '\0';
	CHECK_INT(corpus_stats_count(db, &f, CORPUS_STAT_MONTH_TAG, stat_cb, &s), VN_OK);
	CHECK_STR(s.text, "2021-06/directive=1;2021-07/meeting=1;2022-01/case_report=1;"
			  "2022-03/none=1;unknown/meeting=1;");
	s.text[0] = '\0';
	f.since = "2022";
	CHECK_INT(corpus_stats_count(db, &f, CORPUS_STAT_SITE, stat_cb, &s), VN_OK);
	CHECK_STR(s.text, "danang=1;laichau=1;");
	corpus_db_free(db);
}

static void test_article_load_gives_back_what_was_stored(void)
{
	struct corpus_db *db = NULL;
	char err[512];
	struct parser_article a;
	struct classify_result r;
	char *province = NULL;

	CHECK_INT(corpus_db_open(dbpath, CORPUS_OPEN_READONLY, &db, err, sizeof err), VN_OK);
	if (!db)
		return;
	CHECK_INT(corpus_article_load(db, 1, &a, &r, &province), VN_OK);
	CHECK_STR(a.url, docs[0].url);
	CHECK_STR(a.title, docs[0].title);
	CHECK_STR(a.body, docs[0].body);
	CHECK_STR(a.published, docs[0].published);
	CHECK_STR(a.site, "dienbien");
	CHECK_STR(province, "Điện Biên");
	CHECK_INT(a.n_documents, 1);
	if (a.n_documents)
		CHECK_STR(a.documents[0].number, "4588/UBND-VX");
	CHECK(r.labels[0] && !r.labels[1] && !r.labels[2]);
	CHECK(r.scores[0] == 1.5);
	free(province);
	free(r.evidence);
	for (size_t i = 0; i < a.n_documents; i++) {
		free(a.documents[i].kind);
		free(a.documents[i].number);
	}
	free(a.documents);
	free(a.url);
	free(a.title);
	free(a.body);
	free(a.published);
	free(a.site);
	CHECK_INT(corpus_article_load(db, 999, &a, NULL, NULL), VN_ENOTFOUND);
	corpus_db_free(db);
}

static void test_schema_v1_corpus_is_migrated_and_indexed(void)
{
	struct collect c;
	struct corpus_db *db = NULL;
	char err[512];

	build_corpus(1);
	/* the first writing open migrates; articles stored before are searchable */
	CHECK_INT(corpus_db_open(dbpath, CORPUS_OPEN_LOCK, &db, err, sizeof err), VN_OK);
	CHECK_INT(corpus_db_upgraded_from(db), 0);
	corpus_db_free(db);
	CHECK_STR(grep1("dien bien", false, false, false, &c), "1,4,5");
	CHECK_STR(grep1("hoi nghi", false, false, false, &c), "4");
}

static int schema_version(void)
{
	sqlite3 *s = NULL;
	sqlite3_stmt *st = NULL;
	int v = -1;

	if (sqlite3_open_v2(dbpath, &s, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
	    sqlite3_prepare_v2(s, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(s);
	return v;
}

static void test_reader_upgrades_an_older_writable_corpus_then_reads(void)
{
	struct collect c;
	struct corpus_db *db = NULL;
	char err[1024];

	build_corpus(1);
	CHECK_INT(schema_version(), 1);
	CHECK_INT(corpus_db_open(dbpath, CORPUS_OPEN_READONLY, &db, err, sizeof err), VN_OK);
	if (!db) {
		fprintf(stderr, "%s\n", err);
		return;
	}
	CHECK_INT(corpus_db_upgraded_from(db), 1);
	CHECK_INT(schema_version(), CORPUS_SCHEMA_VERSION);
	/* the connection it hands back is the reader's: it refuses to write */
	CHECK_INT(corpus_db_begin(db), VN_EDB);
	corpus_db_free(db);
	/* the index the migration built answers; a second open migrates nothing */
	CHECK_STR(grep1("dien bien", false, false, false, &c), "1,4,5");
	CHECK_INT(corpus_db_open(dbpath, CORPUS_OPEN_READONLY, &db, err, sizeof err), VN_OK);
	CHECK_INT(corpus_db_upgraded_from(db), 0);
	corpus_db_free(db);
}

static void test_reader_of_older_corpus_in_use_names_the_upgrade_command(void)
{
	struct corpus_db *writer = NULL, *db = NULL;
	char err[1024], cmd[700];

	build_corpus(3);
	/* a writer of an older vnnews holds the lock: the reader cannot upgrade now */
	CHECK_INT(corpus_db_open_version(dbpath, CORPUS_OPEN_LOCK, 3, &writer, err, sizeof err),
		  VN_OK);
	CHECK_INT(corpus_db_open(dbpath, CORPUS_OPEN_READONLY, &db, err, sizeof err),
		  VN_ELOCKED);
	CHECK(db == NULL);
	CHECK_CONTAINS(err, dbpath);
	CHECK_CONTAINS(err, "older");
	CHECK_CONTAINS(err, "in use");
	snprintf(cmd, sizeof cmd, "'vnnews add --db %s /dev/null'", dbpath);
	CHECK_CONTAINS(err, cmd);
	corpus_db_free(writer);
	CHECK_INT(schema_version(), 3);
}

struct snap {
	struct corpus_db *writer;
	int seen;
	int wrote;
};

static int snapshot_hit(void *ctx, const struct corpus_hit *h)
{
	struct snap *s = ctx;

	(void)h;
	s->seen++;
	if (!s->wrote) {
		/* a crawl commits new matching articles while grep is reading */
		for (int i = 0; i < 20; i++) {
			struct parser_article a;
			char url[64];

			memset(&a, 0, sizeof a);
			snprintf(url, sizeof url, "https://new.gov.vn/%d", i);
			a.url = url;
			a.title = (char *)"Điện Biên mới";
			a.published = (char *)"2030-01-01T00:00:00+07:00";
			CHECK_INT(corpus_article_put(s->writer, &a, "new", NULL, NULL, NULL, NULL,
						     NULL), VN_OK);
		}
		s->wrote = 1;
	}
	return 0;
}

static void test_reader_sees_a_snapshot_while_writer_commits(void)
{
	struct corpus_db *reader = NULL;
	struct snap s = { 0 };
	char err[512];
	struct corpus_pattern p = { "dien bien", CORPUS_PAT_ANY };
	struct corpus_query q = { .patterns = &p, .n_patterns = 1, .sort = CORPUS_SORT_ID };
	int64_t n = 0;

	build_corpus(CORPUS_SCHEMA_VERSION);
	CHECK_INT(corpus_db_open(dbpath, CORPUS_OPEN_LOCK, &s.writer, err, sizeof err), VN_OK);
	CHECK_INT(corpus_db_open(dbpath, CORPUS_OPEN_READONLY, &reader, err, sizeof err), VN_OK);
	if (!reader || !s.writer)
		goto out;
	CHECK_INT(corpus_query_run(reader, &q, snapshot_hit, &s, err, sizeof err), VN_OK);
	CHECK_INT(s.wrote, 1);
	CHECK_INT(s.seen, 3);
	/* the next query sees the committed articles */
	CHECK_INT(corpus_query_count(reader, &q, &n, err, sizeof err), VN_OK);
	CHECK_INT(n, 23);
out:
	corpus_db_free(reader);
	corpus_db_free(s.writer);
}

static void test_long_single_line_body_is_indexed_to_its_end(void)
{
	struct corpus_db *db = NULL;
	char err[512];
	struct parser_article a;
	struct collect c;
	size_t n = 4u << 20;
	char *body = malloc(n + 64);
	static const char tail[] = " Điện Biên cuối.";

	if (!body)
		return;
	for (size_t i = 0; i < n; i += 4)
		memcpy(body + i, "ab, ", 4);
	memcpy(body + n, tail, sizeof tail);
	unlink(dbpath);
	CHECK_INT(corpus_db_open(dbpath, CORPUS_OPEN_CREATE | CORPUS_OPEN_LOCK, &db, err,
				 sizeof err), VN_OK);
	memset(&a, 0, sizeof a);
	a.url = (char *)"https://x.gov.vn/long";
	a.title = (char *)"dài";
	a.body = body;
	if (db)
		CHECK_INT(corpus_article_put(db, &a, "x", NULL, NULL, NULL, NULL, NULL), VN_OK);
	corpus_db_free(db);
	CHECK_STR(grep1("dien bien cuoi", false, true, false, &c), "long");
	CHECK_STR(c.first_match, "Điện Biên cuối");
	free(body);
}

/* The full-text index follows every write, on a version 4 file upgraded on open: new
 * articles; the same URL stored again with another body, in a later transaction and in the
 * same one (its old words leave the index); a nested page rolled back; an article stored
 * outside a transaction.  FTS5's own integrity-check, which compares the index with the
 * articles table, passes. */
static void put_one(struct corpus_db *db, const char *url, const char *title, const char *body)
{
	struct parser_article a;

	memset(&a, 0, sizeof a);
	a.url = (char *)url;
	a.title = (char *)title;
	a.body = (char *)body;
	CHECK_INT(corpus_article_put(db, &a, "x", NULL, NULL, NULL, NULL, NULL), VN_OK);
}

static void check_index_integrity(void)
{
	struct corpus_db *db = NULL;
	char err[512];

	CHECK_INT(corpus_db_open(dbpath, CORPUS_OPEN_LOCK, &db, err, sizeof err), VN_OK);
	if (!db)
		return;
	if (sqlite3_exec(db->sql, "INSERT INTO articles_fts(articles_fts, rank)"
			 " VALUES('integrity-check', 1)", NULL, NULL, NULL) != SQLITE_OK) {
		fprintf(stderr, "integrity-check: %s\n", sqlite3_errmsg(db->sql));
		CHECK(0);
	}
	corpus_db_free(db);
}

static void test_index_follows_new_updated_and_upgraded_articles(void)
{
	struct corpus_db *db = NULL;
	struct collect c;
	char err[512];

	build_corpus(4);
	CHECK_INT(corpus_db_open(dbpath, CORPUS_OPEN_LOCK, &db, err, sizeof err), VN_OK);
	if (!db)
		return;
	CHECK_INT(corpus_db_begin(db), VN_OK);
	put_one(db, "https://x.gov.vn/6", "Mường Nhé mở đường", "Huyện Mường Nhé làm đường mới.");
	put_one(db, "https://x.gov.vn/7", "Sìn Hồ trồng chè", "Xã Sìn Hồ trồng thêm chè.");
	CHECK_INT(corpus_db_commit(db), VN_OK);
	CHECK_INT(corpus_db_begin(db), VN_OK);
	put_one(db, "https://x.gov.vn/6", "Nậm Pồ mở đường", "Huyện Nậm Pồ làm đường mới.");
	/* new, then changed, in one transaction; a page rolled back on its own */
	put_one(db, "https://x.gov.vn/8", "Tủa Chùa trồng lúa", "Xã Tủa Chùa trồng lúa.");
	put_one(db, "https://x.gov.vn/8", "Tủa Chùa trồng ngô", "Xã Tủa Chùa trồng ngô.");
	CHECK_INT(corpus_db_begin(db), VN_OK);
	put_one(db, "https://x.gov.vn/9", "Tuần Giáo nuôi cá", "Xã Tuần Giáo nuôi cá.");
	corpus_db_rollback(db);
	put_one(db, "https://x.gov.vn/10", "Mường Chà làm cầu", "Xã Mường Chà làm cầu.");
	CHECK_INT(corpus_db_commit(db), VN_OK);
	/* outside a transaction: an article is its own transaction, indexed at once */
	put_one(db, "https://x.gov.vn/11", "Mường Ảng trồng cà phê", "Mường Ảng trồng cà phê.");
	corpus_db_free(db);
	check_index_integrity();
	CHECK_STR(grep1("muong nhe", false, false, false, &c), "");
	CHECK_STR(grep1("nam po", false, false, false, &c), "6");
	CHECK_STR(grep1("sin ho", false, false, false, &c), "7");
	CHECK_STR(grep1("lua", false, true, false, &c), "");
	CHECK_STR(grep1("ngo", false, true, false, &c), "8");
	CHECK_STR(grep1("tuan giao", false, false, false, &c), "");
	CHECK_STR(grep1("muong cha", false, false, false, &c), "10");
	CHECK_STR(grep1("ca phe", false, false, false, &c), "11");
	CHECK_STR(grep1("dien bien", false, false, false, &c), "1,4,5");
	build_corpus(CORPUS_SCHEMA_VERSION);
}

/* An article carrying two of the tags asked for is one hit, also counted once. */
static void test_article_with_two_requested_tags_is_found_once(void)
{
	struct corpus_db *db = NULL;
	char err[512];
	struct parser_article a;
	struct classify_result r;
	struct collect c;
	const char *both[] = { "meeting", "directive" };
	struct corpus_pattern p = { "dien bien", CORPUS_PAT_ANY };
	struct corpus_query q = { .patterns = &p, .n_patterns = 1, .sort = CORPUS_SORT_ID };
	int64_t n = -1;

	build_corpus(CORPUS_SCHEMA_VERSION);
	CHECK_INT(corpus_db_open(dbpath, CORPUS_OPEN_LOCK, &db, err, sizeof err), VN_OK);
	memset(&a, 0, sizeof a);
	memset(&r, 0, sizeof r);
	a.url = (char *)"https://dienbien.gov.vn/6";
	a.title = (char *)"Hội nghị triển khai chỉ thị của tỉnh Điện Biên";
	a.published = (char *)"2021-08-01T08:00:00+07:00";
	a.body = (char *)"Hội nghị quán triệt Chỉ thị số 15/CT-UBND của tỉnh Điện Biên.";
	r.labels[0] = r.labels[2] = true; /* directive and meeting */
	r.scores[0] = r.scores[2] = 1.5;
	if (db)
		CHECK_INT(corpus_article_put(db, &a, "dienbien", "Điện Biên", &r, NULL, NULL, NULL),
			  VN_OK);
	corpus_db_free(db);
	q.filter.tags = both;
	q.filter.n_tags = 2;
	CHECK_STR(run(&q, &c), "1,4,6");
	CHECK_INT(c.n, 3);
	if (corpus_db_open(dbpath, CORPUS_OPEN_READONLY, &db, err, sizeof err) == VN_OK) {
		CHECK_INT(corpus_query_count(db, &q, &n, err, sizeof err), VN_OK);
		CHECK_INT(n, 3);
		corpus_db_free(db);
	}
}

/* "TP.Hà Nội" holds the syllables "hà nội" (classify/tokenize.c); a version 5 file, whose
 * index the older tokenizer wrote, gets its index built again by the upgrade to 6.  The
 * old index is stood in for by an empty one, which finds nothing until the rebuild. */
static void test_city_written_with_full_stop_is_found_and_upgrade_reindexes(void)
{
	struct corpus_db *db = NULL;
	char err[512];
	struct parser_article a;
	struct collect c;
	sqlite3 *s = NULL;

	build_corpus(5);
	CHECK_INT(corpus_db_open_version(dbpath, CORPUS_OPEN_LOCK, 5, &db, err, sizeof err), VN_OK);
	memset(&a, 0, sizeof a);
	a.url = (char *)"https://hanoi.gov.vn/6";
	a.title = (char *)"Công bố danh sách nợ thuế";
	a.published = (char *)"2021-08-01T08:00:00+07:00";
	a.body = (char *)"Cục Thuế TP.Hà Nội vừa công bố danh sách.Sáng nay, UBND TP.HCM họp.";
	if (db)
		CHECK_INT(corpus_article_put(db, &a, "hanoi", "Hà Nội", NULL, NULL, NULL, NULL),
			  VN_OK);
	corpus_db_free(db);
	CHECK_INT(sqlite3_open(dbpath, &s), SQLITE_OK);
	CHECK_INT(corpus_fts_register(s), VN_OK);
	CHECK_INT(sqlite3_exec(s, "INSERT INTO articles_fts(articles_fts) VALUES('delete-all')",
			       NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(s);
	CHECK_INT(schema_version(), 5);
	CHECK_STR(grep1("ha noi", false, false, false, &c), "6");
	CHECK_INT(schema_version(), CORPUS_SCHEMA_VERSION);
	CHECK_STR(c.first_match, "Hà Nội");
	CHECK_STR(grep1("Hà Nội", true, true, false, &c), "6");
	CHECK_STR(grep1("sang nay", false, false, false, &c), "6");
	CHECK_STR(grep1("hcm", false, true, false, &c), "6");
	CHECK_STR(grep1("dien bien", false, false, false, &c), "1,4,5");
	build_corpus(CORPUS_SCHEMA_VERSION);
}

int main(void)
{
	snprintf(tmpdir, sizeof tmpdir, "/tmp/vnnews-query-test-XXXXXX");
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return 1;
	}
	snprintf(dbpath, sizeof dbpath, "%s/q.db", tmpdir);
	build_corpus(CORPUS_SCHEMA_VERSION);
	TEST_RUN(test_accents_and_case_do_not_matter_by_default);
	TEST_RUN(test_match_offsets_point_at_the_original_text);
	TEST_RUN(test_exact_makes_diacritics_count);
	TEST_RUN(test_word_option_requires_whole_syllables);
	TEST_RUN(test_prefix_syllable_finds_what_a_regex_finds);
	TEST_RUN(test_regex_is_icu_on_accent_free_text);
	TEST_RUN(test_and_not_and_invert);
	TEST_RUN(test_filters_tag_site_province_dates_cites);
	TEST_RUN(test_pattern_with_filters_keeps_order_limit_and_count);
	TEST_RUN(test_bad_dates_and_tags_name_the_bad_part);
	TEST_RUN(test_pattern_without_letters_is_an_error);
	TEST_RUN(test_stats_group_counts);
	TEST_RUN(test_article_load_gives_back_what_was_stored);
	TEST_RUN(test_schema_v1_corpus_is_migrated_and_indexed);
	TEST_RUN(test_reader_upgrades_an_older_writable_corpus_then_reads);
	TEST_RUN(test_reader_of_older_corpus_in_use_names_the_upgrade_command);
	TEST_RUN(test_reader_sees_a_snapshot_while_writer_commits);
	TEST_RUN(test_long_single_line_body_is_indexed_to_its_end);
	TEST_RUN(test_article_with_two_requested_tags_is_found_once);
	TEST_RUN(test_index_follows_new_updated_and_upgraded_articles);
	TEST_RUN(test_city_written_with_full_stop_is_found_and_upgrade_reindexes);
	{
		char cmd[300];

		snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
		if (system(cmd) != 0)
			fprintf(stderr, "could not remove %s\n", tmpdir);
	}
	return test_done();
}
