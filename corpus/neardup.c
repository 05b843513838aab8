/* neardup.c — linking an article to an earlier one whose body is nearly the same.
 *
 * The same press release republished with another date line, byline or footer is not the
 * same content hash (that makes an alias, article.c) but should not count twice either.
 * Method: MinHash (Broder, "On the resemblance and containment of documents", 1997) over
 * shingles of NEAR_SHINGLE consecutive syllables of the accent-free normalized body (the
 * classifier's normalizer and tokenizer, as the full-text index uses), estimating their
 * Jaccard similarity; locality-sensitive hashing in NEAR_BANDS bands of NEAR_ROWS hashes
 * finds the candidates through one indexed table, so storing stays a few index probes
 * whatever the corpus size.  A candidate is linked when the estimate over all NEAR_K
 * hashes reaches NEAR_THRESHOLD; the best one wins, the earliest on a tie.  Only articles
 * stored before (smaller id) are candidates, so links never form a cycle and re-storing
 * an URL never links it to itself.  Everything runs inside the caller's savepoint.
 * Signatures keep 16 bits of each hash ("b-bit minwise hashing", Li & König 2010): two
 * different values agree by chance once in 65 536, too rarely to move the estimate. */
#include "corpus/corpus_int.h"

#include <stdlib.h>
#include <string.h>

#define NEAR_SHINGLE 3          /* syllables per shingle */
#define NEAR_MIN_SHINGLES 8     /* shorter bodies are not compared: too little to tell */
#define NEAR_BANDS 4            /* LSH bands ... */
#define NEAR_ROWS 4             /* ... of this many hashes: P(candidate) = 1-(1-J^4)^4 */
#define NEAR_CANDIDATES 16      /* at most this many earlier articles per band key */
#define STR_(x) #x
#define STR(x) STR_(x)

_Static_assert(NEAR_BANDS * NEAR_ROWS <= NEAR_K, "bands use the signature's hashes");
_Static_assert(NEAR_SHINGLE == 3, "corpus_near_signature hashes three syllables a shingle");

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

/* The stored form: 16 bits of each hash, little-endian. */
static void sig_pack(const uint32_t sig[NEAR_K], unsigned char out[NEAR_K * 2])
{
	for (int k = 0; k < NEAR_K; k++) {
		out[2 * k] = (unsigned char)(sig[k] >> 16);
		out[2 * k + 1] = (unsigned char)(sig[k] >> 24);
	}
}

double corpus_near_similarity(const unsigned char *a, const unsigned char *b)
{
	int same = 0;

	for (int k = 0; k < NEAR_K; k++)
		same += a[2 * k] == b[2 * k] && a[2 * k + 1] == b[2 * k + 1];
	return (double)same / NEAR_K;
}

/* Band `b`'s key: its NEAR_ROWS hashes and its number, in 31 bits so SQLite stores it in
 * four bytes (a chance collision only costs one signature comparison). */
static int64_t band_key(const uint32_t sig[NEAR_K], int b)
{
	uint64_t h = (uint64_t)b;

	for (int r = 0; r < NEAR_ROWS; r++)
		h = mix64(h ^ sig[b * NEAR_ROWS + r]);
	return (int64_t)(h >> 33);
}

static int step_done(struct corpus_db *db, sqlite3_stmt *st, const char *what)
{
	int rc = sqlite3_step(st) == SQLITE_DONE ? VN_OK : corpus_db_fail(db, what);

	sqlite3_reset(st);
	return rc;
}

static void put32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
	p[2] = (unsigned char)(v >> 16);
	p[3] = (unsigned char)(v >> 24);
}

static int64_t get32(const unsigned char *p)
{
	return (int64_t)p[0] | (int64_t)p[1] << 8 | (int64_t)p[2] << 16 | (int64_t)p[3] << 24;
}

/* Forgets what an earlier store of article `id` recorded: its band rows (found through
 * the keys kept beside its signature), its signature and its link. */
static int near_forget(struct corpus_db *db, int64_t id)
{
	sqlite3_stmt *st;
	unsigned char keys[NEAR_BANDS * 4];
	int n_keys = 0, rc;

	rc = corpus_stmt(db, ST_NEAR_SIG_KEYS, "SELECT keys FROM near_sigs WHERE article_id = ?1",
			 &st);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_bytes(st, 0) == (int)sizeof keys) {
		memcpy(keys, sqlite3_column_blob(st, 0), sizeof keys);
		n_keys = NEAR_BANDS;
	}
	sqlite3_reset(st);
	for (int b = 0; !rc && b < n_keys; b++) {
		rc = corpus_stmt(db, ST_NEAR_BAND_DELETE, "DELETE FROM near_bands WHERE key = ?1"
				 " AND article_id = ?2", &st);
		if (rc)
			return rc;
		sqlite3_bind_int64(st, 1, get32(keys + 4 * b));
		sqlite3_bind_int64(st, 2, id);
		rc = step_done(db, st, "forgetting a near-duplicate band");
	}
	if (!rc)
		rc = corpus_stmt(db, ST_NEAR_SIG_DELETE, "DELETE FROM near_sigs WHERE article_id = ?1",
				 &st);
	if (!rc) {
		sqlite3_bind_int64(st, 1, id);
		rc = step_done(db, st, "forgetting a near-duplicate signature");
	}
	if (!rc)
		rc = corpus_stmt(db, ST_NEAR_DUP_DELETE, "DELETE FROM near_dups WHERE article_id = ?1",
				 &st);
	if (!rc) {
		sqlite3_bind_int64(st, 1, id);
		rc = step_done(db, st, "forgetting a near-duplicate link");
	}
	return rc;
}

/* The best earlier article sharing a band with `sig` and at least NEAR_THRESHOLD similar:
 * `*best` (0 when none) and its similarity. */
static int near_find(struct corpus_db *db, int64_t id, const int64_t keys[NEAR_BANDS],
		     const unsigned char packed[NEAR_K * 2], int64_t *best, double *best_sim)
{
	int64_t seen[NEAR_BANDS * NEAR_CANDIDATES];
	size_t n_seen = 0;
	sqlite3_stmt *st, *sg;
	int rc = VN_OK, step;

	*best = 0;
	*best_sim = 0;
	for (int b = 0; !rc && b < NEAR_BANDS; b++) {
		/* one band's candidates, earliest first (the key's rows are in article order) */
		rc = corpus_stmt(db, ST_NEAR_BAND_FIND, "SELECT article_id FROM near_bands"
				 " WHERE key = ?1 AND article_id < ?2 LIMIT " STR(NEAR_CANDIDATES),
				 &st);
		if (rc)
			return rc;
		sqlite3_bind_int64(st, 1, keys[b]);
		sqlite3_bind_int64(st, 2, id);
		while ((step = sqlite3_step(st)) == SQLITE_ROW && n_seen < sizeof seen / sizeof *seen)
			seen[n_seen++] = sqlite3_column_int64(st, 0);
		sqlite3_reset(st);
		if (step != SQLITE_ROW && step != SQLITE_DONE)
			return corpus_db_fail(db, "looking for near-duplicates");
	}
	for (size_t i = 0; !rc && i < n_seen; i++) {
		bool dup = false;
		double sim;

		for (size_t j = 0; j < i && !dup; j++)
			dup = seen[j] == seen[i];
		if (dup)
			continue;
		rc = corpus_stmt(db, ST_NEAR_SIG_GET, "SELECT sig FROM near_sigs WHERE article_id = ?1",
				 &sg);
		if (rc)
			return rc;
		sqlite3_bind_int64(sg, 1, seen[i]);
		step = sqlite3_step(sg);
		if (step == SQLITE_ROW && sqlite3_column_bytes(sg, 0) == NEAR_K * 2) {
			sim = corpus_near_similarity(packed, sqlite3_column_blob(sg, 0));
			if (sim >= NEAR_THRESHOLD &&
			    (sim > *best_sim || (sim == *best_sim && seen[i] < *best))) {
				*best = seen[i];
				*best_sim = sim;
			}
		} else if (step != SQLITE_ROW && step != SQLITE_DONE) {
			rc = corpus_db_fail(db, "reading a near-duplicate signature");
		}
		sqlite3_reset(sg);
	}
	return rc;
}

int corpus_near_store(struct corpus_db *db, int64_t id, const char *body, bool replace)
{
	uint32_t sig[NEAR_K];
	unsigned char packed[NEAR_K * 2], key_blob[NEAR_BANDS * 4];
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
	for (int b = 0; b < NEAR_BANDS; b++) {
		keys[b] = band_key(sig, b);
		put32(key_blob + 4 * b, (uint32_t)keys[b]);
	}
	rc = near_find(db, id, keys, packed, &best, &best_sim);
	if (rc)
		return rc;
	rc = corpus_stmt(db, ST_NEAR_SIG_INSERT, "INSERT INTO near_sigs(article_id, sig, keys)"
			 " VALUES(?1, ?2, ?3)", &st);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_blob(st, 2, packed, sizeof packed, SQLITE_STATIC);
	sqlite3_bind_blob(st, 3, key_blob, sizeof key_blob, SQLITE_STATIC);
	rc = step_done(db, st, "storing a near-duplicate signature");
	for (int b = 0; !rc && b < NEAR_BANDS; b++) {
		rc = corpus_stmt(db, ST_NEAR_BAND_INSERT, "INSERT OR IGNORE INTO near_bands(key,"
				 " article_id) VALUES(?1, ?2)", &st);
		if (rc)
			return rc;
		sqlite3_bind_int64(st, 1, keys[b]);
		sqlite3_bind_int64(st, 2, id);
		rc = step_done(db, st, "storing a near-duplicate band");
	}
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
