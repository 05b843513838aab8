/* fts.c — the "vnnews" FTS5 tokenizer, registered on every connection through fts5_api.
 *
 * SQLite's unicode61 tokenizer with remove_diacritics keeps đ, so "dien bien" would never
 * find "Điện Biên".  This tokenizer indexes what grep matches on: the classifier's
 * accent-free, case-folded, tone-normalized form (classify_norm_text, CLASSIFY_NORM_ASCII)
 * split into syllables by ICU's word break iterator (classify_tokenize).  Each token
 * reports its byte range in the ORIGINAL text (through classify_norm's offset map), so
 * FTS5's highlight() and our match offsets point at what the user sees.  Queries go
 * through the same function, so "dien bien", "Điện Biên" and "ĐIỆN BIÊN" are one phrase.
 * See https://sqlite.org/fts5.html#custom_tokenizers. */
#include "corpus/corpus_int.h"

#include <stdlib.h>

/* FTS5 needs a non-NULL tokenizer object; ours keeps no state. */
static int vn_tok_dummy;

static int tok_create(void *ctx, const char **argv, int argc, Fts5Tokenizer **out)
{
	(void)ctx;
	(void)argv;
	(void)argc;
	*out = (Fts5Tokenizer *)&vn_tok_dummy;
	return SQLITE_OK;
}

static void tok_delete(Fts5Tokenizer *t)
{
	(void)t;
}

static int tok_tokenize(Fts5Tokenizer *t, void *ctx, int flags, const char *text, int n,
			int (*emit)(void *, int, const char *, int, int, int))
{
	struct classify_norm norm = { 0 };
	struct classify_token *toks = NULL;
	size_t n_toks = 0;
	int rc = SQLITE_OK;

	(void)t;
	(void)flags;
	if (n <= 0 || !text)
		return SQLITE_OK;
	if (classify_norm_text(text, (size_t)n, CLASSIFY_NORM_ASCII, &norm) != VN_OK)
		return SQLITE_NOMEM;
	if (classify_tokenize(norm.text, norm.len, &toks, &n_toks) != VN_OK) {
		rc = SQLITE_NOMEM;
		goto out;
	}
	for (size_t i = 0; i < n_toks && rc == SQLITE_OK; i++) {
		size_t s = toks[i].start, e = toks[i].end;

		rc = emit(ctx, 0, norm.text + s, (int)(e - s), (int)norm.offsets[s],
			  (int)norm.offsets[e]);
	}
out:
	free(toks);
	classify_norm_release(&norm);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* vn_fold(text): the accent-free, case-folded form, so --province "dien bien" selects
 * "Điện Biên". */
static void sql_fold(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const char *s = (const char *)sqlite3_value_text(argv[0]);
	struct classify_norm norm = { 0 };

	(void)argc;
	if (!s) {
		sqlite3_result_null(ctx);
		return;
	}
	if (classify_norm_text(s, (size_t)sqlite3_value_bytes(argv[0]), CLASSIFY_NORM_ASCII,
			       &norm) != VN_OK) {
		sqlite3_result_error_nomem(ctx);
		return;
	}
	sqlite3_result_text(ctx, norm.text, (int)norm.len, SQLITE_TRANSIENT);
	classify_norm_release(&norm);
}

static fts5_api *fts5_api_get(sqlite3 *sql)
{
	fts5_api *api = NULL;
	sqlite3_stmt *st = NULL;

	if (sqlite3_prepare_v2(sql, "SELECT fts5(?1)", -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
		sqlite3_step(st);
	}
	sqlite3_finalize(st);
	return api;
}

int corpus_fts_register(sqlite3 *sql)
{
	static fts5_tokenizer tok = { tok_create, tok_delete, tok_tokenize };
	fts5_api *api = fts5_api_get(sql);

	if (!api || api->iVersion < 2)
		return VN_EUNSUPPORTED;
	if (api->xCreateTokenizer(api, "vnnews", NULL, &tok, NULL) != SQLITE_OK)
		return VN_EDB;
	if (sqlite3_create_function(sql, "vn_fold", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC |
				    SQLITE_INNOCUOUS, NULL, sql_fold, NULL, NULL) != SQLITE_OK)
		return VN_EDB;
	return VN_OK;
}
