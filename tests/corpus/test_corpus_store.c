/* test_corpus_store.c — the corpus database: opening, locking, refusing damaged files,
 * the frontier and storing articles with aliases, tags, documents and raw bytes. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"
#include "corpus/corpus.h"

static char tmpdir[256];

static const char *tmp_path(const char *name)
{
	static char buf[8][512];
	static int i;
	char *p = buf[i++ % 8];

	snprintf(p, 512, "%s/%s", tmpdir, name);
	return p;
}

static int64_t sql_count(const char *path, const char *sql)
{
	sqlite3 *s = NULL;
	sqlite3_stmt *st = NULL;
	int64_t n = -1;

	if (sqlite3_open_v2(path, &s, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
	    sqlite3_prepare_v2(s, sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(s);
	return n;
}

static void test_default_path_prefers_option_then_env(void)
{
	unsetenv("VNNEWS_DB");
	CHECK_STR(corpus_db_default_path(NULL), "./vnnews.db");
	setenv("VNNEWS_DB", "/tmp/env.db", 1);
	CHECK_STR(corpus_db_default_path(NULL), "/tmp/env.db");
	CHECK_STR(corpus_db_default_path("given.db"), "given.db");
	unsetenv("VNNEWS_DB");
}

static void test_create_uses_wal_and_current_schema(void)
{
	const char *path = tmp_path("wal.db");
	struct corpus_db *db = NULL;
	char err[512];
	sqlite3 *s = NULL;
	sqlite3_stmt *st = NULL;

	CHECK_INT(corpus_db_open(path, CORPUS_OPEN_CREATE, &db, err, sizeof err), VN_OK);
	corpus_db_free(db);
	CHECK(sqlite3_open_v2(path, &s, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK);
	CHECK(sqlite3_prepare_v2(s, "PRAGMA journal_mode", -1, &st, NULL) == SQLITE_OK);
	CHECK(sqlite3_step(st) == SQLITE_ROW);
	CHECK_STR((const char *)sqlite3_column_text(st, 0), "wal");
	sqlite3_finalize(st);
	sqlite3_close(s);
	CHECK(sql_count(path, "PRAGMA user_version") >= 1);
	/* A second open of the same file migrates nothing and keeps the data. */
	CHECK_INT(corpus_db_open(path, 0, &db, err, sizeof err), VN_OK);
	corpus_db_free(db);
}

static void test_missing_file_without_create_names_it(void)
{
	struct corpus_db *db = NULL;
	char err[512];
	const char *path = tmp_path("absent.db");

	CHECK_INT(corpus_db_open(path, CORPUS_OPEN_READONLY, &db, err, sizeof err),
		  VN_ENOTFOUND);
	CHECK(db == NULL);
	CHECK_CONTAINS(err, path);
	CHECK(access(path, F_OK) != 0);
}

static void test_second_writer_gets_elocked(void)
{
	const char *path = tmp_path("lock.db");
	struct corpus_db *a = NULL, *b = NULL, *r = NULL;
	char err[512];

	CHECK_INT(corpus_db_open(path, CORPUS_OPEN_CREATE | CORPUS_OPEN_LOCK, &a, err,
				 sizeof err), VN_OK);
	CHECK_INT(corpus_db_open(path, CORPUS_OPEN_CREATE | CORPUS_OPEN_LOCK, &b, err,
				 sizeof err), VN_ELOCKED);
	CHECK(b == NULL);
	CHECK_CONTAINS(err, path);
	/* Readers never wait for the writer lock. */
	CHECK_INT(corpus_db_open(path, CORPUS_OPEN_READONLY, &r, err, sizeof err), VN_OK);
	corpus_db_free(r);
	corpus_db_free(a);
	CHECK_INT(corpus_db_open(path, CORPUS_OPEN_LOCK, &b, err, sizeof err), VN_OK);
	corpus_db_free(b);
}

static void test_lock_is_released_when_holder_is_killed(void)
{
	const char *path = tmp_path("killed.db");
	struct corpus_db *db = NULL;
	char err[512];
	int fds[2];
	char c = 0;
	pid_t pid;
	int status;

	CHECK(pipe(fds) == 0);
	pid = fork();
	if (pid == 0) {
		struct corpus_db *child = NULL;

		close(fds[0]);
		if (corpus_db_open(path, CORPUS_OPEN_CREATE | CORPUS_OPEN_LOCK, &child, NULL, 0))
			_exit(1);
		if (write(fds[1], "x", 1) != 1)
			_exit(1);
		pause();
		_exit(0);
	}
	close(fds[1]);
	CHECK(read(fds[0], &c, 1) == 1);
	close(fds[0]);
	CHECK_INT(corpus_db_open(path, CORPUS_OPEN_LOCK, &db, err, sizeof err), VN_ELOCKED);
	CHECK_CONTAINS(err, "pid");
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	CHECK_INT(corpus_db_open(path, CORPUS_OPEN_LOCK, &db, err, sizeof err), VN_OK);
	corpus_db_free(db);
}

static void write_file(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	CHECK(f != NULL);
	if (!f)
		return;
	CHECK(fwrite(data, 1, len, f) == len);
	fclose(f);
}

static void test_garbage_file_is_refused_and_left_alone(void)
{
	const char *path = tmp_path("garbage.db");
	const char *wal = tmp_path("garbage.db-wal");
	static const char junk[] = "this is not a database, just some bytes that a user "
				   "pointed --db at by mistake.................................."
				   "..............................................................";
	struct corpus_db *db = NULL;
	char err[512];
	char back[sizeof junk];
	FILE *f;

	write_file(path, junk, sizeof junk - 1);
	for (int mode = 0; mode < 2; mode++) {
		unsigned flags = mode ? CORPUS_OPEN_READONLY : CORPUS_OPEN_CREATE | CORPUS_OPEN_LOCK;

		CHECK_INT(corpus_db_open(path, flags, &db, err, sizeof err), VN_ECORRUPT);
		CHECK(db == NULL);
		CHECK_CONTAINS(err, path);
		CHECK_CONTAINS(err, "not a vnnews corpus");
	}
	f = fopen(path, "rb");
	CHECK(f && fread(back, 1, sizeof back, f) == sizeof junk - 1);
	if (f)
		fclose(f);
	CHECK(memcmp(back, junk, sizeof junk - 1) == 0);
	CHECK(access(wal, F_OK) != 0);
}

static void test_foreign_sqlite_file_is_refused(void)
{
	const char *path = tmp_path("foreign.db");
	sqlite3 *s = NULL;
	struct corpus_db *db = NULL;
	char err[512];

	CHECK(sqlite3_open(path, &s) == SQLITE_OK);
	CHECK(sqlite3_exec(s, "CREATE TABLE t(x)", NULL, NULL, NULL) == SQLITE_OK);
	sqlite3_close(s);
	CHECK_INT(corpus_db_open(path, 0, &db, err, sizeof err), VN_ECORRUPT);
	CHECK_CONTAINS(err, path);
	CHECK_INT(sql_count(path, "SELECT count(*) FROM sqlite_schema"), 1);
}

static void test_read_only_file_gives_clear_error(void)
{
	const char *path = tmp_path("ro.db");
	struct corpus_db *db = NULL;
	char err[512];
	struct stat before, after;
	int rc;

	CHECK_INT(corpus_db_open(path, CORPUS_OPEN_CREATE, &db, err, sizeof err), VN_OK);
	corpus_db_free(db);
	CHECK(chmod(path, 0444) == 0);
	CHECK(stat(path, &before) == 0);
	rc = corpus_db_open(path, 0, &db, err, sizeof err);
	if (geteuid() != 0) {
		/* root writes through permission bits, so only others see the refusal */
		CHECK(rc != VN_OK);
		CHECK_CONTAINS(err, path);
		CHECK_CONTAINS(err, "read-only");
	} else {
		corpus_db_free(db);
	}
	/* A read-only open works and does not modify the file. */
	CHECK_INT(corpus_db_open(path, CORPUS_OPEN_READONLY, &db, err, sizeof err), VN_OK);
	if (db) {
		struct parser_article a = { .url = (char *)"https://x.gov.vn/a", .title = (char *)"t" };

		CHECK(corpus_article_put(db, &a, NULL, NULL, NULL, NULL, NULL, NULL) != VN_OK);
	}
	corpus_db_free(db);
	CHECK(stat(path, &after) == 0);
	CHECK(before.st_size == after.st_size);
	CHECK(before.st_mtime == after.st_mtime);
	CHECK(chmod(path, 0644) == 0);
}

static struct corpus_db *open_new(const char *name)
{
	struct corpus_db *db = NULL;
	char err[512];
	const char *path = tmp_path(name);

	unlink(path);
	CHECK_INT(corpus_db_open(path, CORPUS_OPEN_CREATE | CORPUS_OPEN_LOCK, &db, err,
				 sizeof err), VN_OK);
	if (!db)
		fprintf(stderr, "%s\n", err);
	return db;
}

static void test_frontier_orders_by_priority_and_persists_marks(void)
{
	struct corpus_db *db = open_new("frontier.db");
	struct corpus_url *v = NULL;
	size_t n = 0;
	bool added = false;
	int64_t count = 0;

	if (!db)
		return;
	CHECK_INT(corpus_frontier_add(db, "https://a.gov.vn/deep/1", "a", 3, 5, false, false,
				      &added), VN_OK);
	CHECK(added);
	CHECK_INT(corpus_frontier_add(db, "https://a.gov.vn/", "a", 0, 0, true, false, &added),
		  VN_OK);
	CHECK(added);
	CHECK_INT(corpus_frontier_add(db, "https://a.gov.vn/", "a", 0, 0, true, false, &added),
		  VN_OK);
	CHECK(!added);
	CHECK_INT(corpus_frontier_next(db, 1000, 10, &v, &n), VN_OK);
	CHECK_INT(n, 2);
	if (n == 2) {
		CHECK_STR(v[0].url, "https://a.gov.vn/");
		CHECK(v[0].is_listing);
		CHECK_STR(v[1].url, "https://a.gov.vn/deep/1");
		CHECK_INT(v[1].depth, 3);
		CHECK_STR(v[1].site, "a");
		CHECK_INT(corpus_frontier_mark(db, v[0].id, CORPUS_URL_DONE, 0, "\"e1\"",
					       "Mon, 01 Jan 2024 00:00:00 GMT", NULL), VN_OK);
		CHECK_INT(corpus_frontier_mark(db, v[1].id, CORPUS_URL_QUEUED, 5000, NULL, NULL,
					       "HTTP 503"), VN_OK);
	}
	for (size_t i = 0; i < n; i++)
		corpus_url_release(&v[i]);
	free(v);
	/* The deep URL is postponed to t=5000, the listing is done. */
	CHECK_INT(corpus_frontier_next(db, 1000, 10, &v, &n), VN_OK);
	CHECK_INT(n, 0);
	free(v);
	CHECK_INT(corpus_frontier_next(db, 6000, 10, &v, &n), VN_OK);
	CHECK_INT(n, 1);
	if (n == 1) {
		CHECK_INT(v[0].attempts, 1);
		CHECK_STR(v[0].last_error, "HTTP 503");
		corpus_url_release(&v[0]);
	}
	free(v);
	CHECK_INT(corpus_frontier_count(db, CORPUS_URL_DONE, &count), VN_OK);
	CHECK_INT(count, 1);
	/* An incremental run puts listings back, with their validators. */
	CHECK_INT(corpus_frontier_requeue(db, false), VN_OK);
	CHECK_INT(corpus_frontier_next(db, 0, 10, &v, &n), VN_OK);
	CHECK_INT(n, 1);
	if (n == 1) {
		CHECK_STR(v[0].url, "https://a.gov.vn/");
		CHECK_STR(v[0].etag, "\"e1\"");
		CHECK_STR(v[0].last_modified, "Mon, 01 Jan 2024 00:00:00 GMT");
		corpus_url_release(&v[0]);
	}
	free(v);
	CHECK_INT(corpus_frontier_mark(db, 99999, CORPUS_URL_DONE, 0, NULL, NULL, NULL),
		  VN_ENOTFOUND);
	corpus_db_free(db);
}

static void test_frontier_survives_reopen(void)
{
	struct corpus_db *db = open_new("frontier2.db");
	struct corpus_url *v = NULL;
	size_t n = 0;
	char err[512];

	if (!db)
		return;
	CHECK_INT(corpus_db_begin(db), VN_OK);
	for (int i = 0; i < 5000; i++) {
		char url[64];

		snprintf(url, sizeof url, "https://b.gov.vn/p/%d", i);
		CHECK_INT(corpus_frontier_add(db, url, "b", 1, i % 7, false, false, NULL), VN_OK);
	}
	CHECK_INT(corpus_db_commit(db), VN_OK);
	corpus_db_free(db);
	CHECK_INT(corpus_db_open(tmp_path("frontier2.db"), CORPUS_OPEN_LOCK, &db, err,
				 sizeof err), VN_OK);
	if (!db)
		return;
	CHECK_INT(corpus_frontier_next(db, 0, 5000, &v, &n), VN_OK);
	CHECK_INT(n, 5000);
	if (n == 5000) {
		CHECK_INT(v[0].priority, 0);
		CHECK_INT(v[4999].priority, 6);
	}
	for (size_t i = 0; i < n; i++)
		corpus_url_release(&v[i]);
	free(v);
	corpus_db_free(db);
}

static struct parser_document_ref doc = {
	.kind = (char *)"công văn", .number = (char *)"4588/UBND-VX", .issuer = (char *)"UBND-VX",
	.date = (char *)"2022-12-07",
};

static void fill_article(struct parser_article *a, const char *url, const char *hash)
{
	memset(a, 0, sizeof *a);
	a->url = (char *)url;
	a->title = (char *)"Điện Biên triển khai tiêm vắc xin";
	a->published = (char *)"2022-12-08T09:00:00+07:00";
	a->body = (char *)"UBND tỉnh Điện Biên ban hành Công văn số 4588/UBND-VX.";
	a->content_hash = (char *)hash;
	a->lang = (char *)"vi";
	a->documents = &doc;
	a->n_documents = 1;
}

static void test_article_put_update_alias_and_raw(void)
{
	struct corpus_db *db = open_new("articles.db");
	const char *path = tmp_path("articles.db");
	struct parser_article a;
	struct classify_result tags = { .labels = { true, false, false },
					.scores = { 2.5, 0.0, 0.25 } };
	struct classify_evidence ev = { .cls = CLASSIFY_DIRECTIVE, .phrase = (char *)"công văn",
					.count = 1, .where = (char *)"body" };
	static const char html[] = "<html><body><h1>Điện Biên</h1></body></html>";
	struct corpus_raw raw = { .data = html, .len = sizeof html - 1,
				  .content_type = "text/html; charset=utf-8", .fetched_at = 1700000000 };
	int64_t id1 = 0, id2 = 0, id3 = 0;
	bool is_new = false, exists = false;
	struct vn_buf buf;
	char *ctype = NULL;

	if (!db)
		return;
	tags.evidence = &ev;
	tags.n_evidence = 1;
	fill_article(&a, "https://dienbien.gov.vn/a/1", "h1");
	CHECK_INT(corpus_article_put(db, &a, "dienbien", "Điện Biên", &tags, &raw, &id1, &is_new),
		  VN_OK);
	CHECK(is_new);
	CHECK(id1 > 0);
	/* Same URL again: an update, not a second article. */
	a.title = (char *)"Điện Biên: tiêm vắc xin mũi 3";
	CHECK_INT(corpus_article_put(db, &a, "dienbien", "Điện Biên", &tags, NULL, &id2, &is_new),
		  VN_OK);
	CHECK(!is_new);
	CHECK_INT(id2, id1);
	/* Same body from the print URL: an alias. */
	fill_article(&a, "https://dienbien.gov.vn/print/1", "h1");
	CHECK_INT(corpus_article_put(db, &a, "dienbien", NULL, NULL, NULL, &id3, &is_new), VN_OK);
	CHECK(!is_new);
	CHECK_INT(id3, id1);
	CHECK_INT(corpus_article_exists(db, "https://dienbien.gov.vn/print/1", &exists), VN_OK);
	CHECK(exists);
	CHECK_INT(corpus_article_exists(db, "https://dienbien.gov.vn/a/2", &exists), VN_OK);
	CHECK(!exists);
	vn_buf_init(&buf, 1 << 20);
	CHECK_INT(corpus_article_raw(db, id1, &buf, &ctype, NULL, NULL, NULL), VN_OK);
	CHECK_STR(buf.data, html);
	CHECK_STR(ctype, "text/html; charset=utf-8");
	free(ctype);
	vn_buf_release(&buf);
	corpus_db_free(db);

	CHECK_INT(sql_count(path, "SELECT count(*) FROM articles"), 1);
	CHECK_INT(sql_count(path, "SELECT count(*) FROM aliases"), 1);
	CHECK_INT(sql_count(path, "SELECT count(*) FROM tags WHERE label = 1 AND class = "
				  "'directive'"), 1);
	CHECK_INT(sql_count(path, "SELECT count(*) FROM evidence WHERE phrase = 'công văn'"), 1);
	CHECK_INT(sql_count(path, "SELECT count(*) FROM documents WHERE number = "
				  "'4588/UBND-VX' AND date = '2022-12-07'"), 1);
	CHECK_INT(sql_count(path, "SELECT count(*) FROM articles WHERE title LIKE '%mũi 3'"), 1);
	CHECK_INT(sql_count(path, "SELECT count(*) FROM sites WHERE province = 'Điện Biên'"), 1);
	/* The raw bytes are stored compressed, not as they came. */
	CHECK_INT(sql_count(path, "SELECT count(*) FROM raw WHERE encoding = 'zlib'"), 1);
}

static void test_rolled_back_transaction_leaves_no_half_article(void)
{
	struct corpus_db *db = open_new("rollback.db");
	const char *path = tmp_path("rollback.db");
	struct parser_article a;
	struct corpus_raw raw = { .data = "x", .len = 1 };

	if (!db)
		return;
	fill_article(&a, "https://dienbien.gov.vn/a/9", "h9");
	CHECK_INT(corpus_db_begin(db), VN_OK);
	CHECK_INT(corpus_frontier_add(db, a.url, "dienbien", 1, 1, false, false, NULL), VN_OK);
	CHECK_INT(corpus_article_put(db, &a, "dienbien", NULL, NULL, &raw, NULL, NULL), VN_OK);
	corpus_db_rollback(db);
	corpus_db_free(db);
	CHECK_INT(sql_count(path, "SELECT count(*) FROM articles"), 0);
	CHECK_INT(sql_count(path, "SELECT count(*) FROM raw"), 0);
	CHECK_INT(sql_count(path, "SELECT count(*) FROM documents"), 0);
	CHECK_INT(sql_count(path, "SELECT count(*) FROM urls"), 0);
}

/* The crawler commits pages in batches, each page a nested transaction: undoing one page
 * must keep the pages before it, and only the outer commit makes them durable. */
static void test_nested_rollback_undoes_only_the_inner_page(void)
{
	struct corpus_db *db = open_new("nested.db");
	const char *path = tmp_path("nested.db");
	struct parser_article a;

	if (!db)
		return;
	CHECK_INT(corpus_db_begin(db), VN_OK);
	CHECK_INT(corpus_db_depth(db), 1);
	CHECK_INT(corpus_db_begin(db), VN_OK);
	fill_article(&a, "https://dienbien.gov.vn/a/1", "n1");
	CHECK_INT(corpus_article_put(db, &a, "dienbien", NULL, NULL, NULL, NULL, NULL), VN_OK);
	CHECK_INT(corpus_frontier_add(db, a.url, "dienbien", 1, 1, false, false, NULL), VN_OK);
	CHECK_INT(corpus_db_commit(db), VN_OK);
	CHECK_INT(corpus_db_begin(db), VN_OK);
	CHECK_INT(corpus_db_depth(db), 2);
	fill_article(&a, "https://dienbien.gov.vn/a/2", "n2");
	CHECK_INT(corpus_article_put(db, &a, "dienbien", NULL, NULL, NULL, NULL, NULL), VN_OK);
	CHECK_INT(corpus_frontier_add(db, a.url, "dienbien", 1, 1, false, false, NULL), VN_OK);
	corpus_db_rollback(db);
	CHECK_INT(corpus_db_depth(db), 1);
	/* Nothing is visible to a reader before the outer commit. */
	CHECK_INT(sql_count(path, "SELECT count(*) FROM articles"), 0);
	CHECK_INT(corpus_db_commit(db), VN_OK);
	CHECK_INT(corpus_db_depth(db), 0);
	corpus_db_free(db);
	CHECK_INT(sql_count(path, "SELECT count(*) FROM articles"), 1);
	CHECK_INT(sql_count(path, "SELECT count(*) FROM articles WHERE url LIKE '%/a/1'"), 1);
	CHECK_INT(sql_count(path, "SELECT count(*) FROM urls"), 1);
	CHECK_INT(sql_count(path, "SELECT count(*) FROM documents"), 1);
}

static void test_article_killed_mid_transaction_is_absent_after_reopen(void)
{
	const char *path = tmp_path("crash.db");
	struct corpus_db *db = NULL;
	char err[512];
	pid_t pid;
	int status;

	unlink(path);
	pid = fork();
	if (pid == 0) {
		struct parser_article a;

		if (corpus_db_open(path, CORPUS_OPEN_CREATE | CORPUS_OPEN_LOCK, &db, NULL, 0))
			_exit(1);
		fill_article(&a, "https://dienbien.gov.vn/a/1", "h1");
		if (corpus_article_put(db, &a, "s", NULL, NULL, NULL, NULL, NULL))
			_exit(1);
		if (corpus_db_begin(db))
			_exit(1);
		fill_article(&a, "https://dienbien.gov.vn/a/2", "h2");
		if (corpus_article_put(db, &a, "s", NULL, NULL, NULL, NULL, NULL))
			_exit(1);
		raise(SIGKILL); /* dies holding an open transaction */
		_exit(0);
	}
	waitpid(pid, &status, 0);
	CHECK(WIFSIGNALED(status));
	CHECK_INT(corpus_db_open(path, CORPUS_OPEN_LOCK, &db, err, sizeof err), VN_OK);
	corpus_db_free(db);
	CHECK_INT(sql_count(path, "SELECT count(*) FROM articles"), 1);
	CHECK_INT(sql_count(path, "SELECT count(*) FROM documents"), 1);
	CHECK_INT(sql_count(path, "SELECT count(*) FROM pragma_integrity_check"
				  " WHERE integrity_check = 'ok'"), 1);
}

int main(void)
{
	snprintf(tmpdir, sizeof tmpdir, "/tmp/vnnews-corpus-test-XXXXXX");
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return 1;
	}
	TEST_RUN(test_default_path_prefers_option_then_env);
	TEST_RUN(test_create_uses_wal_and_current_schema);
	TEST_RUN(test_missing_file_without_create_names_it);
	TEST_RUN(test_second_writer_gets_elocked);
	TEST_RUN(test_lock_is_released_when_holder_is_killed);
	TEST_RUN(test_garbage_file_is_refused_and_left_alone);
	TEST_RUN(test_foreign_sqlite_file_is_refused);
	TEST_RUN(test_read_only_file_gives_clear_error);
	TEST_RUN(test_frontier_orders_by_priority_and_persists_marks);
	TEST_RUN(test_frontier_survives_reopen);
	TEST_RUN(test_article_put_update_alias_and_raw);
	TEST_RUN(test_rolled_back_transaction_leaves_no_half_article);
	TEST_RUN(test_nested_rollback_undoes_only_the_inner_page);
	TEST_RUN(test_article_killed_mid_transaction_is_absent_after_reopen);
	{
		char cmd[300];

		snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
		if (system(cmd) != 0)
			fprintf(stderr, "could not remove %s\n", tmpdir);
	}
	return test_done();
}
