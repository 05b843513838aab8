/* store_articles.c — stores extracted article records in a corpus, one transaction per
 * article, as the crawler does: the corpus side of the allocation-failure test
 * (alloc_fail.py corpus), which runs it with allocations failing and then checks that the
 * database holds exactly the articles reported stored, each one whole.
 *
 *     store_articles DB RECORDS.jsonl
 *
 * Prints "stored URL" after each commit; exits 1 at the first error, after rolling back. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "corpus/corpus.h"

static int store_one(struct corpus_db *db, const char *line, size_t lineno)
{
	json_error_t jerr;
	json_t *obj = json_loads(line, 0, &jerr);
	struct parser_article a;
	bool in_tx = false, have_a = false;
	int rc;

	if (!obj) {
		fprintf(stderr, "records:%zu: %s\n", lineno, jerr.text);
		return VN_EPARSE;
	}
	if ((rc = parser_article_from_json(obj, &a)))
		goto out;
	have_a = true;
	if ((rc = corpus_db_begin(db)))
		goto out;
	in_tx = true;
	if ((rc = corpus_article_put(db, &a, "test", "Điện Biên", NULL, NULL, NULL, NULL)))
		goto out;
	if ((rc = corpus_db_commit(db)))
		goto out;
	in_tx = false;
	printf("stored %s\n", a.url ? a.url : "?");
	fflush(stdout);
out:
	if (rc)
		fprintf(stderr, "records:%zu: %s (%s)\n", lineno, vn_strerror(rc),
			corpus_db_errmsg(db));
	if (in_tx)
		corpus_db_rollback(db);
	if (have_a)
		parser_article_release(&a);
	json_decref(obj);
	return rc;
}

int main(int argc, char **argv)
{
	struct corpus_db *db = NULL;
	char err[512], *line = NULL;
	size_t cap = 0, lineno = 0;
	FILE *f = NULL;
	int rc = 1;

	if (argc != 3) {
		fprintf(stderr, "usage: store_articles DB RECORDS.jsonl\n");
		return 2;
	}
	if (!(f = fopen(argv[2], "r"))) {
		perror(argv[2]);
		goto out;
	}
	if (corpus_db_open(argv[1], CORPUS_OPEN_CREATE | CORPUS_OPEN_LOCK, &db, err, sizeof err)) {
		fprintf(stderr, "%s\n", err);
		goto out;
	}
	while (getline(&line, &cap, f) > 0) {
		lineno++;
		if (store_one(db, line, lineno))
			goto out;
	}
	rc = 0;
out:
	free(line);
	corpus_db_free(db);
	if (f)
		fclose(f);
	return rc;
}
