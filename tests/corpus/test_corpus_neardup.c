/* test_corpus_neardup.c — near-duplicate linking when articles are stored.
 *
 * Real text only: the article bodies of the seed pages (cut from the ../shared/seeds texts
 * between the first and last sentence the parser fixtures name) and two corpus-vi items
 * that report the same event in two different write-ups. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include <jansson.h>

#include "harness.h"
#include "common/vn_buf.h"
#include "corpus/corpus.h"

static char tmpdir[256];
static char dbpath[512];

/* The body of seed `n`: the seed text from the fixture's body_first to its body_last. */
static char *seed_body(int n)
{
	char path[1024], *text = NULL, *body = NULL;
	json_t *fix = NULL;
	const char *first, *last, *s, *e;
	FILE *f;
	long size;

	snprintf(path, sizeof path, "%s/tests/data/parser/seed-%03d.json",
		 getenv("VNNEWS_SRCDIR"), n);
	fix = json_load_file(path, 0, NULL);
	CHECK(fix != NULL);
	snprintf(path, sizeof path, "%s/seeds/", test_shared_dir());
	{
		static const char *const names[] = {
			"000_dd4c88a377038f80.txt", "001_44113dabf23c6a9d.txt",
			"002_72e2e27eeebe6d09.txt", "003_a3bec0e4c0598cae.txt",
			"004_ed23d9cacc6bd5b5.txt",
		};
		strncat(path, names[n], sizeof path - strlen(path) - 1);
	}
	f = fopen(path, "rb");
	CHECK(f != NULL);
	if (!f || !fix)
		goto out;
	fseek(f, 0, SEEK_END);
	size = ftell(f);
	rewind(f);
	text = calloc(1, (size_t)size + 1);
	if (text && fread(text, 1, (size_t)size, f) != (size_t)size)
		text[0] = '\0';
	fclose(f);
	first = json_string_value(json_object_get(fix, "body_first"));
	last = json_string_value(json_object_get(fix, "body_last"));
	s = first && text ? strstr(text, first) : NULL;
	e = s && last ? strstr(s, last) : NULL;
	CHECK(s != NULL && e != NULL);
	if (s && e)
		body = strndup(s, (size_t)(e - s) + strlen(last));
out:
	free(text);
	json_decref(fix);
	return body;
}

/* The text (title line dropped) of corpus-vi item `id`. */
static char *corpus_vi_body(const char *id)
{
	char path[1024], needle[64], *line, *body = NULL;
	gzFile gz;

	snprintf(path, sizeof path, "%s/data/corpus-vi/baomoi-2018.jsonl.gz", test_shared_dir());
	snprintf(needle, sizeof needle, "\"id\": \"%s\"", id);
	gz = gzopen(path, "rb");
	CHECK(gz != NULL);
	line = malloc(1 << 20);
	while (gz && line && gzgets(gz, line, 1 << 20)) {
		json_t *item;
		const char *t, *nl;

		if (!strstr(line, needle))
			continue;
		item = json_loads(line, 0, NULL);
		t = json_string_value(json_object_get(item, "text"));
		nl = t ? strchr(t, '\n') : NULL;
		if (t)
			body = strdup(nl ? nl + 1 : t);
		json_decref(item);
		break;
	}
	free(line);
	if (gz)
		gzclose(gz);
	CHECK(body != NULL);
	return body;
}

static int64_t put(struct corpus_db *db, const char *url, const char *body)
{
	struct parser_article a;
	int64_t id = 0;

	memset(&a, 0, sizeof a);
	a.url = (char *)url;
	a.title = (char *)"Tin";
	a.body = (char *)body;
	CHECK_INT(corpus_article_put(db, &a, "test", NULL, NULL, NULL, &id, NULL), VN_OK);
	return id;
}

static int64_t dup_of(struct corpus_db *db, int64_t id, double *sim)
{
	int64_t of = -1;
	double s = -1;

	CHECK_INT(corpus_article_near_duplicate(db, id, &of, NULL, &s), VN_OK);
	if (sim)
		*sim = s;
	return of;
}

static struct corpus_db *fresh_db(void)
{
	struct corpus_db *db = NULL;
	char err[512];

	unlink(dbpath);
	CHECK_INT(corpus_db_open(dbpath, CORPUS_OPEN_CREATE | CORPUS_OPEN_LOCK, &db, err,
				 sizeof err), VN_OK);
	return db;
}

static char *wrap(const char *head, const char *body, const char *foot)
{
	struct vn_buf b;

	vn_buf_init(&b, 1 << 20);
	if (vn_buf_addf(&b, "%s\n\n%s\n\n%s", head, body, foot) != VN_OK)
		return NULL;
	return vn_buf_detach(&b, NULL);
}

static void test_changed_date_line_and_footer_is_linked(void)
{
	struct corpus_db *db = fresh_db();
	char *body = seed_body(2), *orig, *copy, *url = NULL;
	int64_t a, b, of = 0;
	double sim = 0;

	if (!db || !body)
		goto out;
	orig = wrap("Thứ Sáu, 18/06/2021, 18:27 [GMT+7]", body, "BT/DIENBIENTV.VN");
	copy = wrap("Cập nhật lúc 07:05 ngày 19/06/2021", body,
		    "Nguồn: Báo Điện Biên Phủ. Xem thêm các tin khác trên trang chủ.");
	a = put(db, "https://dienbientv.vn/tin/240", orig);
	b = put(db, "https://baodienbienphu.com.vn/tin/240-cv-tu", copy);
	CHECK(a > 0 && b > a);
	CHECK_INT(dup_of(db, a, NULL), 0);
	CHECK_INT(dup_of(db, b, &sim), a);
	CHECK(sim >= 0.75 && sim <= 1.0);
	CHECK_INT(corpus_article_near_duplicate(db, b, &of, &url, &sim), VN_OK);
	CHECK_STR(url, "https://dienbientv.vn/tin/240");
	free(url);
	free(orig);
	free(copy);
out:
	free(body);
	corpus_db_free(db);
}

static void test_different_articles_on_one_topic_are_not_linked(void)
{
	struct corpus_db *db = fresh_db();
	char *s0 = seed_body(0), *s2 = seed_body(2), *s3 = seed_body(3);
	/* one opening of two car showrooms reported by two papers: same day, same firm, many
	 * shared phrases, different articles */
	char *v1 = corpus_vi_body("24572067"), *v2 = corpus_vi_body("24577403");
	int64_t id[5];

	if (!db || !s0 || !s2 || !s3 || !v1 || !v2)
		goto out;
	/* three Covid-19 pieces from provincial portals, two of them from Điện Biên */
	id[0] = put(db, "https://tuachua.dienbien.gov.vn/tin/1", s0);
	id[1] = put(db, "https://dienbientv.vn/tin/2", s2);
	id[2] = put(db, "https://lienhuong.tuyphong.binhthuan.gov.vn/tin/3", s3);
	id[3] = put(db, "https://baomoi.invalid/24572067", v1);
	id[4] = put(db, "https://baomoi.invalid/24577403", v2);
	for (int i = 0; i < 5; i++)
		CHECK_INT(dup_of(db, id[i], NULL), 0);
out:
	free(s0);
	free(s2);
	free(s3);
	free(v1);
	free(v2);
	corpus_db_free(db);
}

static void test_restoring_an_url_never_links_it_to_itself(void)
{
	struct corpus_db *db = fresh_db();
	char *body = seed_body(4), *copy = NULL;
	int64_t a, a2, b, b2;

	if (!db || !body)
		goto out;
	copy = wrap("01/01/2023 12:00:00 SA", body, "Sở Thông tin và Truyền thông tỉnh Lai Châu");
	a = put(db, "https://sotttt.laichau.gov.vn/tin/4588", body);
	a2 = put(db, "https://sotttt.laichau.gov.vn/tin/4588", body);
	CHECK_INT(a2, a);
	CHECK_INT(dup_of(db, a, NULL), 0);
	b = put(db, "https://laichau.gov.vn/tin/4588", copy);
	CHECK_INT(dup_of(db, b, NULL), a);
	/* re-storing either keeps one link, from the later to the earlier */
	b2 = put(db, "https://laichau.gov.vn/tin/4588", copy);
	CHECK_INT(b2, b);
	CHECK_INT(dup_of(db, b, NULL), a);
	CHECK_INT(put(db, "https://sotttt.laichau.gov.vn/tin/4588", body), a);
	CHECK_INT(dup_of(db, a, NULL), 0);
	/* a body rewritten into another article loses its link */
	{
		char *other = seed_body(0);

		CHECK_INT(put(db, "https://laichau.gov.vn/tin/4588", other), b);
		CHECK_INT(dup_of(db, b, NULL), 0);
		free(other);
	}
out:
	free(copy);
	free(body);
	corpus_db_free(db);
}

static void test_short_bodies_are_not_compared(void)
{
	struct corpus_db *db = fresh_db();
	int64_t a, b;

	if (!db)
		return;
	a = put(db, "https://x.gov.vn/1", "Xem video.");
	b = put(db, "https://x.gov.vn/2", "Xem video.");
	CHECK(a > 0 && b > a);
	CHECK_INT(dup_of(db, b, NULL), 0);
	corpus_db_free(db);
}

int main(void)
{
	snprintf(tmpdir, sizeof tmpdir, "/tmp/vnnews-neardup-test-XXXXXX");
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return 1;
	}
	snprintf(dbpath, sizeof dbpath, "%s/near.db", tmpdir);
	TEST_RUN(test_changed_date_line_and_footer_is_linked);
	TEST_RUN(test_different_articles_on_one_topic_are_not_linked);
	TEST_RUN(test_restoring_an_url_never_links_it_to_itself);
	TEST_RUN(test_short_bodies_are_not_compared);
	{
		char cmd[600];

		snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
		if (system(cmd) != 0)
			fprintf(stderr, "could not remove %s\n", tmpdir);
	}
	return test_done();
}
