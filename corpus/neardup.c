/* neardup.c — linking an article to an earlier one whose body is nearly the same.
 *
 * The same press release republished with another date line, byline or footer is not the
 * same content hash (that makes an alias, article.c) but should not count twice either.
 * Method: MinHash (Broder, "On the resemblance and containment of documents", 1997) over
 * shingles of NEAR_SHINGLE consecutive syllables of the accent-free normalized body (the
 * classifier's normalizer and tokenizer, as the full-text index uses), estimating their
 * Jaccard similarity; locality-sensitive hashing in NEAR_BANDS bands of NEAR_ROWS hashes
 * finds the candidates through four indexed key columns of the signature's own row, so
 * storing is one lookup and one insert whatever the corpus size.  A candidate is linked when the estimate over all NEAR_K
 * hashes reaches NEAR_THRESHOLD; the best one wins, the earliest on a tie.  Only articles
 * stored before (smaller id) are candidates, so links never form a cycle and re-storing
 * an URL never links it to itself.  Everything runs inside the caller's savepoint.
 * Signatures keep 8 bits of each hash ("b-bit minwise hashing", Li & König 2010): 32
 * bytes an article; two different values agree by chance once in 256, which the estimate
 * takes back out.  The band keys are the signature's own bytes. */
#include "corpus/corpus_int.h"

#include <stdlib.h>
#include <string.h>

#define NEAR_SHINGLE 3          /* syllables per shingle */
#define NEAR_MIN_SHINGLES 8     /* shorter bodies are not compared: too little to tell */
#define NEAR_BANDS 4            /* LSH bands ... */
#define NEAR_ROWS 4             /* ... of this many hashes: P(candidate) = 1-(1-J^4)^4 */
#define NEAR_CANDIDATES 64      /* at most this many earlier articles compared */
#define STR_(x) #x
#define STR(x) STR_(x)

_Static_assert(NEAR_BANDS * NEAR_ROWS <= NEAR_K, "bands use the signature's hashes");
_Static_assert(NEAR_SHINGLE == 3, "corpus_near_signature hashes three syllables a shingle");
_Static_assert(NEAR_BANDS == 4, "near_sigs has four key columns, k0 to k3");

static uint64_t mix64(uint64_t x)
{
	/* splitmix64's finalizer: every input bit reaches every output bit */
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebULL;
	x ^= x >> 31;
	return x;
}

static uint64_t syllable_hash(const char *s, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ULL; /* FNV-1a */

	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

int corpus_near_signature(const char *body, size_t len, uint32_t sig[NEAR_K], bool *ok)
{
	struct classify_norm norm = { 0 };
	struct classify_token *toks = NULL;
	uint64_t *syl = NULL, mul[NEAR_K], add[NEAR_K];
	size_t n = 0;
	int rc;

	*ok = false;
	if (!body || !len)
		return VN_OK;
	rc = classify_norm_text(body, len, CLASSIFY_NORM_ASCII, &norm);
	if (!rc)
		rc = classify_tokenize(norm.text, norm.len, &toks, &n);
	if (rc || n < NEAR_SHINGLE + NEAR_MIN_SHINGLES - 1)
		goto out;
	syl = malloc(n * sizeof *syl);
	if (!syl) {
		rc = VN_ENOMEM;
		goto out;
	}
	for (size_t i = 0; i < n; i++)
		syl[i] = syllable_hash(norm.text + toks[i].start, toks[i].end - toks[i].start);
	/* NEAR_K hash functions h_k(x) = high 32 bits of (mul_k * x + add_k), mul_k odd: one
	 * multiply-add per shingle and hash, on shingle hashes already mixed */
	for (int k = 0; k < NEAR_K; k++) {
		mul[k] = mix64(0x9e3779b97f4a7c15ULL * (uint64_t)(2 * k + 1)) | 1;
		add[k] = mix64(0x632be59bd9b4e019ULL + (uint64_t)k);
		sig[k] = UINT32_MAX;
	}
	for (size_t i = 0; i + NEAR_SHINGLE <= n; i++) {
		uint64_t x = mix64(syl[i] ^ mix64(syl[i + 1] ^ mix64(syl[i + 2])));

		for (int k = 0; k < NEAR_K; k++) {
			uint32_t v = (uint32_t)((mul[k] * x + add[k]) >> 32);

			if (v < sig[k])
				sig[k] = v;
		}
	}
	*ok = true;
out:
	free(syl);
	free(toks);
	classify_norm_release(&norm);
	return rc;
}

/* The stored form: the low 8 bits of each minimum (its high bits are mostly zero: the
 * least of n hashes is about 2^32 / n). */
static void sig_pack(const uint32_t sig[NEAR_K], unsigned char out[NEAR_K])
{
	for (int k = 0; k < NEAR_K; k++)
		out[k] = (unsigned char)sig[k];
}

double corpus_near_similarity(const unsigned char *a, const unsigned char *b)
{
	/* two different hashes agree in 8 bits once in 256: the share of agreeing bytes is
	 * J + (1 - J) / 256, turned back into J */
	const double chance = 1.0 / 256;
	double same = 0, j;

	for (int k = 0; k < NEAR_K; k++)
		same += a[k] == b[k];
	j = (same / NEAR_K - chance) / (1 - chance);
	return j < 0 ? 0 : j;
}

/* Band `b`'s key: its NEAR_ROWS stored bytes, salted with the band number so that equal
 * bytes in two bands rarely meet, as a signed 32-bit value (SQLite stores it in four
 * bytes; a chance collision only costs one signature comparison). */
static int64_t band_key(const unsigned char packed[NEAR_K], int b)
{
	static const uint32_t salt[NEAR_BANDS] = { 0x00000000u, 0x9e3779b9u, 0x7f4a7c15u,
						   0xf39cc060u };
	uint32_t v = 0;

	for (int r = 0; r < NEAR_ROWS; r++)
		v |= (uint32_t)packed[b * NEAR_ROWS + r] << (8 * r);
	return (int64_t)(int32_t)(v ^ salt[b]);
}

static void band_keys(const unsigned char packed[NEAR_K], int64_t keys[NEAR_BANDS])
{
	for (int b = 0; b < NEAR_BANDS; b++)
		keys[b] = band_key(packed, b);
}

static int step_done(struct corpus_db *db, sqlite3_stmt *st, const char *what)
{
	int rc = sqlite3_step(st) == SQLITE_DONE ? VN_OK : corpus_db_fail(db, what);

	sqlite3_reset(st);
	return rc;
}

/* Forgets what an earlier store of article `id` recorded: its signature (with its band
 * keys) and its link. */
static int near_forget(struct corpus_db *db, int64_t id)
{
	int rc = corpus_stmt_exec_id(db, ST_NEAR_SIG_DELETE,
				     "DELETE FROM near_sigs WHERE article_id = ?1", id,
				     "forgetting a near-duplicate signature");

	if (!rc)
		rc = corpus_stmt_exec_id(db, ST_NEAR_DUP_DELETE,
					 "DELETE FROM near_dups WHERE article_id = ?1", id,
					 "forgetting a near-duplicate link");
	return rc;
}

/* The best earlier article sharing a band key with `packed` and at least NEAR_THRESHOLD
 * similar: `*best` (0 when none) and its similarity.  One statement probes the four key
 * indexes; a key shared by very many articles (a boilerplate body) is cut at
 * NEAR_CANDIDATES rows. */
static int near_find(struct corpus_db *db, int64_t id, const int64_t keys[NEAR_BANDS],
		     const unsigned char packed[NEAR_K], int64_t *best, double *best_sim)
{
	sqlite3_stmt *st;
	int rc, step;

	*best = 0;
	*best_sim = 0;
	rc = corpus_stmt(db, ST_NEAR_BAND_FIND, "SELECT article_id, sig FROM near_sigs"
			 " WHERE (k0 = ?1 OR k1 = ?2 OR k2 = ?3 OR k3 = ?4) AND article_id < ?5"
			 " LIMIT " STR(NEAR_CANDIDATES), &st);
	if (rc)
		return rc;
	for (int b = 0; b < NEAR_BANDS; b++)
		sqlite3_bind_int64(st, 1 + b, keys[b]);
	sqlite3_bind_int64(st, 5, id);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t cand = sqlite3_column_int64(st, 0);
		double sim;

		if (sqlite3_column_bytes(st, 1) != NEAR_K)
			continue;
		sim = corpus_near_similarity(packed, sqlite3_column_blob(st, 1));
		if (sim >= NEAR_THRESHOLD && (sim > *best_sim || (sim == *best_sim && cand < *best))) {
			*best = cand;
			*best_sim = sim;
		}
	}
	sqlite3_reset(st);
	if (step != SQLITE_DONE)
		return corpus_db_fail(db, "looking for near-duplicates");
	return VN_OK;
}

int corpus_near_store(struct corpus_db *db, int64_t id, const char *body, bool replace)
{
	uint32_t sig[NEAR_K];
	unsigned char packed[NEAR_K];
	int64_t keys[NEAR_BANDS], best = 0;
	double best_sim = 0;
	sqlite3_stmt *st;
	bool ok = false;
	int rc = VN_OK;

	if (replace)
		rc = near_forget(db, id);
	if (!rc)
		rc = corpus_near_signature(body, body ? strlen(body) : 0, sig, &ok);
	if (rc || !ok)
		return rc;
	sig_pack(sig, packed);
	band_keys(packed, keys);
	rc = near_find(db, id, keys, packed, &best, &best_sim);
	if (!rc)
		rc = corpus_stmt(db, ST_NEAR_SIG_INSERT, "INSERT INTO near_sigs(article_id, sig, k0,"
				 " k1, k2, k3) VALUES(?1, ?2, ?3, ?4, ?5, ?6)", &st);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_blob(st, 2, packed, sizeof packed, SQLITE_STATIC);
	for (int b = 0; b < NEAR_BANDS; b++)
		sqlite3_bind_int64(st, 3 + b, keys[b]);
	rc = step_done(db, st, "storing a near-duplicate signature");
	if (!rc && best) {
		rc = corpus_stmt(db, ST_NEAR_DUP_INSERT, "INSERT INTO near_dups(article_id, of_id,"
				 " similarity) VALUES(?1, ?2, ?3)", &st);
		if (rc)
			return rc;
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int64(st, 2, best);
		sqlite3_bind_double(st, 3, best_sim);
		rc = step_done(db, st, "storing a near-duplicate link");
	}
	return rc;
}

int corpus_article_near_duplicate(struct corpus_db *db, int64_t id, int64_t *of_id,
				  char **of_url, double *similarity)
{
	sqlite3_stmt *st = NULL;
	int rc = VN_OK, step;

	*of_id = 0;
	*similarity = 0;
	if (of_url)
		*of_url = NULL;
	if (sqlite3_prepare_v2(db->sql, "SELECT n.of_id, a.url, n.similarity FROM near_dups n"
			       " JOIN articles a ON a.id = n.of_id WHERE n.article_id = ?1", -1,
			       &st, NULL) != SQLITE_OK)
		return corpus_db_fail(db, "reading a near-duplicate link");
	sqlite3_bind_int64(st, 1, id);
	step = sqlite3_step(st);
	if (step == SQLITE_ROW) {
		*of_id = sqlite3_column_int64(st, 0);
		*similarity = sqlite3_column_double(st, 2);
		if (of_url)
			*of_url = corpus_col_strdup(st, 1, &rc);
	} else if (step != SQLITE_DONE) {
		rc = corpus_db_fail(db, "reading a near-duplicate link");
	}
	sqlite3_finalize(st);
	return rc;
}
