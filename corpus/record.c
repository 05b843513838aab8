/* record.c — an article as the one JSON record shape of vnnews (README "Record"), built by
 * the parser's and classifier's own serializers so grep --json, export and extract agree.
 *
 * Kept in its own file: a static library links per object file, so programs that never
 * print records (the corpus tests) need no parser or classifier object code. */
#include "corpus/corpus_int.h"

#include <stdlib.h>

/* "near_duplicate_of": {"url", "similarity"} when article `id` nearly repeats an earlier
 * one; absent otherwise. */
static int near_json(struct corpus_db *db, int64_t id, json_t *obj)
{
	int64_t of_id = 0;
	char *url = NULL;
	double sim = 0;
	int rc = corpus_article_near_duplicate(db, id, &of_id, &url, &sim);

	if (!rc && of_id && json_object_set_new(obj, "near_duplicate_of",
					       json_pack("{s:s?, s:f}", "url", url,
							 "similarity", sim)))
		rc = VN_ENOMEM;
	free(url);
	return rc;
}

int corpus_article_record(struct corpus_db *db, int64_t id, json_t **out)
{
	struct parser_article a;
	struct classify_result r;
	char *province = NULL;
	json_t *obj = NULL;
	sqlite3_stmt *st = NULL;
	bool tagged = false;
	int rc;

	*out = NULL;
	rc = corpus_article_load(db, id, &a, &r, &province);
	if (rc)
		return rc;
	if (sqlite3_prepare_v2(db->sql, "SELECT 1 FROM tags WHERE article_id = ?1 LIMIT 1", -1,
			       &st, NULL) != SQLITE_OK) {
		rc = corpus_db_fail(db, "reading tags");
		goto out;
	}
	sqlite3_bind_int64(st, 1, id);
	tagged = sqlite3_step(st) == SQLITE_ROW;
	rc = parser_article_to_json(&a, false, &obj);
	/* an article never classified has no labels: absent, not faked as all-false */
	if (!rc && tagged)
		rc = classify_result_to_json(&r, obj);
	if (!rc && province && json_object_set_new(obj, "province", json_string(province)))
		rc = VN_ENOMEM;
	if (!rc)
		rc = near_json(db, id, obj);
	if (!rc)
		*out = obj;
	else
		json_decref(obj);
out:
	sqlite3_finalize(st);
	free(province);
	parser_article_release(&a);
	classify_result_release(&r);
	return rc;
}
