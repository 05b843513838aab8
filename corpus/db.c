/* db.c — opening the corpus: path resolution, the writer lock, pragmas, schema migrations,
 * transactions and the statement cache.
 *
 * One SQLite file in WAL mode (https://sqlite.org/wal.html) so readers (grep, export,
 * stats) see a consistent snapshot while one writer appends.  The schema is versioned with
 * PRAGMA user_version: migrations[i] turns version i into i + 1, each in its own
 * transaction, so any older file is brought forward step by step and a crash in the middle
 * leaves the last complete version.  The writer lock is flock(2) on "<db>.lock": the kernel
 * drops it when the process dies, so a crashed run never blocks the next one.
 * Read-only opens never write (no pragma that changes the file, query_only), with one
 * exception: a file of an older schema is first migrated by a writing open, so that a
 * researcher who upgrades vnnews and runs grep gets answers, not a chore. */
#include "corpus/corpus_int.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

const char *corpus_db_default_path(const char *db_option)
{
	const char *env;

	if (db_option && *db_option)
		return db_option;
	env = getenv("VNNEWS_DB");
	if (env && *env)
		return env;
	return "./vnnews.db";
}

/* Version 1: sites, frontier, raw responses, articles with aliases, tags, evidence,
 * documents.  Dates are ISO 8601 text (they sort), times are unix seconds. */
static const char schema_v1[] =
	"CREATE TABLE sites("
	" id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, province TEXT);"
	"CREATE TABLE urls("
	" id INTEGER PRIMARY KEY, url TEXT NOT NULL UNIQUE, site TEXT,"
	" depth INTEGER NOT NULL DEFAULT 0, priority INTEGER NOT NULL DEFAULT 0,"
	" next_fetch INTEGER NOT NULL DEFAULT 0, status INTEGER NOT NULL DEFAULT 0,"
	" is_listing INTEGER NOT NULL DEFAULT 0, etag TEXT, last_modified TEXT,"
	" attempts INTEGER NOT NULL DEFAULT 0, last_error TEXT, added_at INTEGER);"
	"CREATE INDEX urls_queue ON urls(status, priority, next_fetch);"
	"CREATE TABLE raw("
	" id INTEGER PRIMARY KEY, url TEXT, warc_file TEXT, warc_offset INTEGER,"
	" warc_length INTEGER, data BLOB, data_len INTEGER, encoding TEXT,"
	" content_type TEXT, fetched_at INTEGER);"
	"CREATE TABLE articles("
	" id INTEGER PRIMARY KEY, url TEXT NOT NULL UNIQUE, canonical_url TEXT,"
	" site_id INTEGER REFERENCES sites(id), site TEXT, province TEXT, title TEXT,"
	" published TEXT, date_inferred INTEGER NOT NULL DEFAULT 0, author TEXT, lang TEXT,"
	" body TEXT, content_hash TEXT, charset TEXT, first_seen INTEGER, last_seen INTEGER,"
	" extractor_version TEXT, raw_id INTEGER REFERENCES raw(id) ON DELETE SET NULL);"
	"CREATE INDEX articles_hash ON articles(content_hash);"
	"CREATE INDEX articles_published ON articles(published);"
	"CREATE INDEX articles_site ON articles(site);"
	"CREATE TABLE aliases("
	" url TEXT PRIMARY KEY,"
	" article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,"
	" raw_id INTEGER REFERENCES raw(id) ON DELETE SET NULL, first_seen INTEGER);"
	"CREATE INDEX aliases_article ON aliases(article_id);"
	"CREATE TABLE tags("
	" article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,"
	" class TEXT NOT NULL, label INTEGER NOT NULL, score REAL NOT NULL,"
	" PRIMARY KEY(article_id, class)) WITHOUT ROWID;"
	"CREATE INDEX tags_class ON tags(class, label, article_id);"
	"CREATE TABLE evidence("
	" article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,"
	" class TEXT NOT NULL, phrase TEXT NOT NULL, count INTEGER NOT NULL, place TEXT);"
	"CREATE INDEX evidence_article ON evidence(article_id);"
	"CREATE TABLE documents("
	" article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,"
	" kind TEXT, number TEXT NOT NULL, issuer TEXT, date TEXT);"
	"CREATE INDEX documents_article ON documents(article_id);"
	"CREATE INDEX documents_number ON documents(number COLLATE NOCASE);";

/* Version 2: the full-text index.  External content (the text lives once, in articles),
 * kept in sync by triggers inside the writer's own transaction; 'rebuild' indexes what an
 * older corpus already holds. */
static const char schema_v2[] =
	"CREATE VIRTUAL TABLE articles_fts USING fts5(title, body, content='articles',"
	" content_rowid='id', tokenize='vnnews');"
	"CREATE TRIGGER articles_fts_ai AFTER INSERT ON articles BEGIN"
	" INSERT INTO articles_fts(rowid, title, body) VALUES(new.id, new.title, new.body);"
	" END;"
	"CREATE TRIGGER articles_fts_ad AFTER DELETE ON articles BEGIN"
	" INSERT INTO articles_fts(articles_fts, rowid, title, body)"
	" VALUES('delete', old.id, old.title, old.body);"
	" END;"
	"CREATE TRIGGER articles_fts_au AFTER UPDATE OF title, body ON articles"
	" WHEN old.title IS NOT new.title OR old.body IS NOT new.body BEGIN"
	" INSERT INTO articles_fts(articles_fts, rowid, title, body)"
	" VALUES('delete', old.id, old.title, old.body);"
	" INSERT INTO articles_fts(rowid, title, body) VALUES(new.id, new.title, new.body);"
	" END;"
	"INSERT INTO articles_fts(articles_fts) VALUES('rebuild');";

/* Version 3: near-duplicates (neardup.c), first form: signatures with a separate band
 * table.  Kept as it was so a file at version 3 migrates like any other. */
static const char schema_v3[] =
	"CREATE TABLE near_sigs("
	" article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,"
	" sig BLOB NOT NULL, keys BLOB NOT NULL);"
	"CREATE TABLE near_bands("
	" key INTEGER NOT NULL, article_id INTEGER NOT NULL,"
	" PRIMARY KEY(key, article_id)) WITHOUT ROWID;"
	"CREATE TABLE near_dups("
	" article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,"
	" of_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,"
	" similarity REAL NOT NULL);"
	"CREATE INDEX near_dups_of ON near_dups(of_id);";

/* Version 4: each article's MinHash signature and its four LSH band keys in one row, each
 * key indexed, so storing an article is one insert (neardup.c).  Version 3 signatures
 * are dropped (the links in near_dups stay): articles stored before version 4 are neither
 * linked nor found. */
static const char schema_v4[] =
	"DROP TABLE near_bands;"
	"DROP TABLE near_sigs;"
	"CREATE TABLE near_sigs("
	" article_id INTEGER PRIMARY KEY,"
	" sig BLOB NOT NULL, k0 INTEGER, k1 INTEGER, k2 INTEGER, k3 INTEGER);"
	"CREATE INDEX near_sigs_k0 ON near_sigs(k0);"
	"CREATE INDEX near_sigs_k1 ON near_sigs(k1);"
	"CREATE INDEX near_sigs_k2 ON near_sigs(k2);"
	"CREATE INDEX near_sigs_k3 ON near_sigs(k3);"
	/* a trigger rather than a foreign key: the key's check would cost a lookup on every
	 * store, the trigger only runs when an article goes */
	"CREATE TRIGGER near_sigs_ad AFTER DELETE ON articles BEGIN"
	" DELETE FROM near_sigs WHERE article_id = old.id;"
	" END;";

/* Version 5: the writer keeps the full-text index itself (fts_defer.c): new articles are
 * indexed when their transaction commits, outside the savepoints at which FTS5 writes a
 * segment each time, and updates replace their text in the index.  The delete trigger
 * stays for a row deleted by hand. */
static const char schema_v5[] =
	"DROP TRIGGER IF EXISTS articles_fts_ai;"
	"DROP TRIGGER IF EXISTS articles_fts_au;";

/* Version 6: the tokenizer splits syllables at a full stop between letters ("TP.Hà Nội"
 * holds "hà nội", classify/tokenize.c), so the index is built again with it: an index
 * written by the old tokenizer would neither find those syllables nor delete its rows. */
static const char schema_v6[] =
	"INSERT INTO articles_fts(articles_fts) VALUES('rebuild');";

/* Version 7: each label carries its article's publication date, indexed by class and
 * date, so a grep with --tag and --since/--until takes the ids that pass both from one
 * range of that index instead of a primary-key lookup in articles per tagged hit (four
 * fifths of such a grep's filtering on a 1 000 000-article corpus).  A trigger keeps the
 * copy when an article's date changes.  `label` is in the index only so that SQLite takes
 * it as covering: without it, each entry cost a lookup in tags (43 ms instead of 14). */
static const char schema_v7[] =
	"ALTER TABLE tags ADD COLUMN published TEXT;"
	"UPDATE tags SET published = (SELECT a.published FROM articles a WHERE"
	" a.id = tags.article_id) WHERE label = 1;"
	"CREATE INDEX tags_class_date ON tags(class, published, article_id, label)"
	" WHERE label = 1;"
	"CREATE TRIGGER tags_published_au AFTER UPDATE OF published ON articles"
	" WHEN old.published IS NOT new.published BEGIN"
	" UPDATE tags SET published = new.published WHERE article_id = new.id AND label = 1;"
	" END;";

static const char *const migrations[] = {
	schema_v1,
	schema_v2,
	schema_v3,
	schema_v4,
	schema_v5,
	schema_v6,
	schema_v7,
};

int corpus_db_fail(struct corpus_db *db, const char *what)
{
	snprintf(db->errmsg, sizeof db->errmsg, "%s: %s: %s", db->path, what,
		 db->sql ? sqlite3_errmsg(db->sql) : "cannot open");
	return VN_EDB;
}

const char *corpus_db_errmsg(const struct corpus_db *db)
{
	return db && db->errmsg[0] ? db->errmsg : "no error";
}

const char *corpus_db_path(const struct corpus_db *db)
{
	return db->path;
}

int corpus_db_upgraded_from(const struct corpus_db *db)
{
	return db->upgraded_from;
}

int corpus_stmt(struct corpus_db *db, enum corpus_stmt_id id, const char *sql,
		sqlite3_stmt **out)
{
	sqlite3_stmt *st = db->stmts[id];

	if (!st) {
		if (sqlite3_prepare_v3(db->sql, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) !=
		    SQLITE_OK)
			return corpus_db_fail(db, "preparing a statement");
		db->stmts[id] = st;
	} else {
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
	}
	*out = st;
	return VN_OK;
}

int corpus_stmt_exec_id(struct corpus_db *db, enum corpus_stmt_id id, const char *sql,
			int64_t article_id, const char *what)
{
	sqlite3_stmt *st;
	int rc = corpus_stmt(db, id, sql, &st);

	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, article_id);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = corpus_db_fail(db, what);
	sqlite3_reset(st);
	return rc;
}

int corpus_bind_text(sqlite3_stmt *st, int idx, const char *s)
{
	if (!s)
		return sqlite3_bind_null(st, idx);
	return sqlite3_bind_text(st, idx, s, -1, SQLITE_STATIC);
}

char *corpus_col_strdup(sqlite3_stmt *st, int col, int *err)
{
	const unsigned char *s = sqlite3_column_text(st, col);
	char *copy;

	if (!s)
		return NULL;
	copy = strdup((const char *)s);
	if (!copy)
		*err = VN_ENOMEM;
	return copy;
}

static int exec(struct corpus_db *db, const char *sql, const char *what)
{
	if (sqlite3_exec(db->sql, sql, NULL, NULL, NULL) != SQLITE_OK)
		return corpus_db_fail(db, what);
	return VN_OK;
}

static int pragma_int(struct corpus_db *db, const char *sql, int *out)
{
	sqlite3_stmt *st = NULL;
	int rc = VN_OK;

	if (sqlite3_prepare_v2(db->sql, sql, -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_ROW) {
		rc = VN_EDB;
		goto out;
	}
	*out = sqlite3_column_int(st, 0);
out:
	sqlite3_finalize(st);
	return rc;
}

int corpus_schema_migrate(struct corpus_db *db, int target)
{
	int version = 0;
	int rc;
	char sql[96];

	if (pragma_int(db, "PRAGMA user_version", &version) != VN_OK)
		return corpus_db_fail(db, "reading the schema version");
	for (; version < target; version++) {
		rc = exec(db, "BEGIN IMMEDIATE", "starting a schema migration");
		if (rc)
			return rc;
		snprintf(sql, sizeof sql, "PRAGMA application_id=%d; PRAGMA user_version=%d",
			 CORPUS_APPLICATION_ID, version + 1);
		if (sqlite3_exec(db->sql, migrations[version], NULL, NULL, NULL) != SQLITE_OK ||
		    sqlite3_exec(db->sql, sql, NULL, NULL, NULL) != SQLITE_OK) {
			char what[64];

			snprintf(what, sizeof what, "migrating the schema to version %d",
				 version + 1);
			rc = corpus_db_fail(db, what);
			sqlite3_exec(db->sql, "ROLLBACK", NULL, NULL, NULL);
			return rc;
		}
		rc = exec(db, "COMMIT", "committing a schema migration");
		if (rc)
			return rc;
	}
	return VN_OK;
}

/* The writer lock.  The pid written into the file only serves the error message. */
static int lock_take(struct corpus_db *db, const char *path)
{
	char *lock_path;
	char pid[32];
	int n, rc = VN_OK;
	size_t plen = strlen(path);

	lock_path = malloc(plen + sizeof ".lock");
	if (!lock_path)
		return VN_ENOMEM;
	memcpy(lock_path, path, plen);
	memcpy(lock_path + plen, ".lock", sizeof ".lock");
	db->lock_fd = open(lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (db->lock_fd < 0) {
		snprintf(db->errmsg, sizeof db->errmsg, "%s: cannot create the lock file: %s",
			 lock_path, strerror(errno));
		rc = VN_EIO;
		goto out;
	}
	if (flock(db->lock_fd, LOCK_EX | LOCK_NB) != 0) {
		ssize_t got = pread(db->lock_fd, pid, sizeof pid - 1, 0);

		pid[got > 0 ? got : 0] = '\0';
		pid[strcspn(pid, "\n")] = '\0';
		snprintf(db->errmsg, sizeof db->errmsg,
			 "%s is in use by another vnnews run%s%s%s (lock file %s)", path,
			 pid[0] ? " (pid " : "", pid, pid[0] ? ")" : "", lock_path);
		close(db->lock_fd);
		db->lock_fd = -1;
		rc = VN_ELOCKED;
		goto out;
	}
	n = snprintf(pid, sizeof pid, "%ld\n", (long)getpid());
	if (ftruncate(db->lock_fd, 0) != 0 || pwrite(db->lock_fd, pid, (size_t)n, 0) != n) {
		/* The lock holds without the pid; only the message would lose it. */
	}
out:
	free(lock_path);
	return rc;
}

/* Refuses files that are not SQLite or not ours, and files from a newer vnnews, before
 * anything is written to them. */
static int check_identity(struct corpus_db *db, int *version)
{
	int app_id = 0;
	int n_tables = 0;

	if (pragma_int(db, "PRAGMA application_id", &app_id) != VN_OK ||
	    pragma_int(db, "PRAGMA user_version", version) != VN_OK ||
	    pragma_int(db, "SELECT count(*) FROM sqlite_schema", &n_tables) != VN_OK) {
		snprintf(db->errmsg, sizeof db->errmsg,
			 "%s: not a vnnews corpus or damaged (%s)", db->path,
			 sqlite3_errmsg(db->sql));
		return VN_ECORRUPT;
	}
	if (n_tables > 0 && app_id != CORPUS_APPLICATION_ID) {
		snprintf(db->errmsg, sizeof db->errmsg,
			 "%s: a SQLite database, but not a vnnews corpus", db->path);
		return VN_ECORRUPT;
	}
	if (*version > CORPUS_SCHEMA_VERSION) {
		snprintf(db->errmsg, sizeof db->errmsg,
			 "%s: corpus schema version %d is newer than this vnnews understands "
			 "(%d); upgrade vnnews", db->path, *version, CORPUS_SCHEMA_VERSION);
		return VN_EUNSUPPORTED;
	}
	return VN_OK;
}

/* A reader (grep, export, stats) that meets a corpus written by an older vnnews: the
 * writers' own migration runs once, under the writer lock and in the writers'
 * transactions, and the reader then goes on read-only.  When this user cannot write the
 * file (or a writer of an older vnnews holds it), the message names the file, why, and the
 * one command that upgrades it. */
static int reader_upgrade(struct corpus_db *db, const char *path, int version, int target)
{
	struct corpus_db *w = NULL;
	char why[sizeof db->errmsg / 2];
	int rc;

	rc = corpus_db_open_version(path, CORPUS_OPEN_LOCK, target, &w, why, sizeof why);
	corpus_db_free(w);
	if (rc) {
		snprintf(db->errmsg, sizeof db->errmsg,
			 "%s: corpus schema version %d is older than this vnnews (%d) and "
			 "cannot be upgraded now (%s); run 'vnnews add --db %s /dev/null' once, "
			 "as a user who can write the file, to upgrade it", path, version, target,
			 why, path);
		return rc == VN_ELOCKED || rc == VN_ENOMEM ? rc : VN_EUNSUPPORTED;
	}
	db->upgraded_from = version;
	return VN_OK;
}

/* Whether a reader cannot use the file's WAL: no -wal file and a directory it may not
 * write, so SQLite cannot create the -shm index that WAL readers share (a corpus copied
 * to a read-only place, or another user's). */
static bool wal_unwritable(const char *path)
{
	struct vn_buf wal, dir;
	struct stat sb;
	const char *slash = strrchr(path, '/');
	bool r = false;

	vn_buf_init(&wal, PATH_MAX + 8);
	vn_buf_init(&dir, PATH_MAX);
	if (vn_buf_addf(&wal, "%s-wal", path))
		goto out;
	if (stat(wal.data, &sb) == 0 && sb.st_size > 0)
		goto out; /* committed pages wait there: the file alone is not the corpus */
	if (vn_buf_add(&dir, slash ? path : ".", slash ? (size_t)(slash - path) + (slash == path)
						  : 1))
		goto out;
	r = access(dir.data, W_OK) != 0;
out:
	vn_buf_release(&wal);
	vn_buf_release(&dir);
	return r;
}

/* The file alone as an immutable database (https://sqlite.org/uri.html): with no -wal file
 * it holds every commit, and this user cannot write beside it. */
static int open_immutable(struct corpus_db *db, const char *path)
{
	struct vn_buf uri;
	int rc;

	vn_buf_init(&uri, 3 * PATH_MAX + 32);
	rc = vn_buf_adds(&uri, "file:");
	for (const char *p = path; !rc && *p; p++) {
		if (*p == '%' || *p == '?' || *p == '#')
			rc = vn_buf_addf(&uri, "%%%02X", (unsigned)(unsigned char)*p);
		else
			rc = vn_buf_add(&uri, p, 1);
	}
	if (!rc)
		rc = vn_buf_adds(&uri, "?immutable=1");
	if (!rc && sqlite3_open_v2(uri.data, &db->sql, SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE |
				   SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL) != SQLITE_OK)
		rc = corpus_db_fail(db, "cannot open");
	vn_buf_release(&uri);
	return rc;
}

static int open_target(struct corpus_db *db, const char *path, unsigned flags, int target)
{
	int sflags;
	int version = 0;
	int rc;
	struct stat sb;

	if ((flags & CORPUS_OPEN_LOCK) && !(flags & CORPUS_OPEN_READONLY)) {
		rc = lock_take(db, path);
		if (rc)
			return rc;
	}
	if (stat(path, &sb) != 0) {
		if (errno != ENOENT || (flags & (CORPUS_OPEN_READONLY | CORPUS_OPEN_CREATE)) !=
					       CORPUS_OPEN_CREATE) {
			snprintf(db->errmsg, sizeof db->errmsg, "%s: %s", path,
				 errno == ENOENT ? "no such corpus (vnnews crawl or vnnews add "
						   "creates one)" : strerror(errno));
			return errno == ENOENT ? VN_ENOTFOUND : VN_EIO;
		}
	} else if (!S_ISREG(sb.st_mode)) {
		snprintf(db->errmsg, sizeof db->errmsg, "%s: not a regular file", path);
		return VN_EINVAL;
	}
	sflags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE;
	if (flags & CORPUS_OPEN_READONLY)
		sflags |= SQLITE_OPEN_READONLY;
	else
		sflags |= SQLITE_OPEN_READWRITE | (flags & CORPUS_OPEN_CREATE ? SQLITE_OPEN_CREATE : 0);
	if (sqlite3_open_v2(path, &db->sql, sflags, NULL) != SQLITE_OK) {
		rc = corpus_db_fail(db, "cannot open");
		return rc;
	}
	sqlite3_extended_result_codes(db->sql, 1);
	sqlite3_busy_timeout(db->sql, 10000);
	rc = check_identity(db, &version);
	if (rc && (flags & CORPUS_OPEN_READONLY) && wal_unwritable(path)) {
		sqlite3_close_v2(db->sql);
		db->sql = NULL;
		rc = open_immutable(db, path);
		if (!rc) {
			sqlite3_busy_timeout(db->sql, 10000);
			rc = check_identity(db, &version);
		}
	}
	if (rc)
		return rc;
	rc = corpus_fts_register(db->sql);
	if (rc) {
		snprintf(db->errmsg, sizeof db->errmsg, "%s: cannot register the FTS5 tokenizer",
			 path);
		return rc;
	}
	if (flags & CORPUS_OPEN_READONLY) {
		if (version < target) {
			if (db->upgraded_from) {
				/* migrated a moment ago, yet still old: never loop */
				snprintf(db->errmsg, sizeof db->errmsg,
					 "%s: corpus schema version %d is still older than this "
					 "vnnews (%d) after an upgrade", path, version, target);
				return VN_EUNSUPPORTED;
			}
			sqlite3_close_v2(db->sql);
			db->sql = NULL;
			rc = reader_upgrade(db, path, version, target);
			return rc ? rc : open_target(db, path, flags, target);
		}
		db->schema = version;
		/* a reader maps the file instead of copying each page it reads through pread():
		 * a grep touches thousands of index pages once each, so the copy was a fifth of
		 * its time; WAL content is still read the ordinary way, so snapshots hold */
		return exec(db, "PRAGMA query_only=1; PRAGMA mmap_size=2147418112",
			    "setting read-only mode");
	}
	if (sqlite3_db_readonly(db->sql, "main") == 1) {
		snprintf(db->errmsg, sizeof db->errmsg,
			 "%s: the file is read-only (check its permissions and its directory's)",
			 path);
		return VN_EIO;
	}
	/* WAL is a property of the file: set once here, every later reader uses it. */
	rc = exec(db, "PRAGMA journal_mode=WAL", "switching to WAL mode");
	/* synchronous=NORMAL in WAL: a commit is atomic and survives a process crash (kill -9);
	 * only a power cut or OS crash can take back the last commits before a checkpoint, never
	 * half of one.  temp_store=MEMORY keeps the statement journals of the per-page and
	 * per-article savepoints in memory: on disk they cost ~50 write calls a page.  The
	 * 64 MB page cache keeps a batch's index pages (FTS, frontier) in memory instead of
	 * spilling them to the WAL before the commit.  A checkpoint every 16 384 pages (64 MB
	 * of WAL) instead of SQLite's 1 000: a writer's commit runs the checkpoint, and as the
	 * corpus grew each batch touched more distinct pages, so a 100 000-page crawl slowed
	 * from 2 200 to 1 300 pages/s by its end; index pages rewritten by many batches are
	 * now copied to the file once per checkpoint. */
	if (!rc)
		rc = exec(db, "PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
			  " PRAGMA temp_store=MEMORY; PRAGMA cache_size=-65536;"
			  " PRAGMA wal_autocheckpoint=16384", "setting pragmas");
	if (!rc)
		rc = corpus_schema_migrate(db, target);
	if (!rc)
		db->schema = version > target ? version : target;
	return rc;
}

int corpus_db_open_version(const char *path, unsigned flags, int target,
			   struct corpus_db **out, char *err, size_t errlen)
{
	struct corpus_db *db;
	int rc;

	*out = NULL;
	if (err && errlen)
		err[0] = '\0';
	db = calloc(1, sizeof *db);
	if (!db || !(db->path = strdup(path))) {
		free(db);
		if (err && errlen)
			snprintf(err, errlen, "%s: out of memory", path);
		return VN_ENOMEM;
	}
	db->lock_fd = -1;
	db->flags = flags;
	rc = open_target(db, path, flags, target);
	if (rc) {
		if (err && errlen)
			snprintf(err, errlen, "%s", db->errmsg);
		corpus_db_free(db);
		return rc;
	}
	*out = db;
	return VN_OK;
}

int corpus_db_open(const char *path, unsigned flags, struct corpus_db **out,
		   char *err, size_t errlen)
{
	return corpus_db_open_version(path, flags, CORPUS_SCHEMA_VERSION, out, err, errlen);
}

/* The FTS5 index's segment count: one row per segment and leaf-page run in its %_idx
 * table (https://sqlite.org/fts5.html has no public call for it). */
static int fts_segments(struct corpus_db *db, int *n)
{
	return pragma_int(db, "SELECT count(*) FROM (SELECT segid FROM articles_fts_idx"
			  " GROUP BY segid)", n);
}

int corpus_db_merge_index(struct corpus_db *db)
{
	int n = 0;

	if (db->tx_depth > 0 || (db->flags & CORPUS_OPEN_READONLY) || db->fts_committed == 0)
		return VN_OK;
	if (fts_segments(db, &n) != VN_OK)
		return corpus_db_fail(db, "counting the index's segments");
	if (n <= CORPUS_FTS_SEGMENTS_MAX)
		return VN_OK;
	return corpus_db_optimize(db);
}

void corpus_db_free(struct corpus_db *db)
{
	if (!db)
		return;
	for (int i = 0; i < ST_N; i++)
		sqlite3_finalize(db->stmts[i]);
	if (db->zs_ready)
		deflateEnd(&db->zs);
	free(db->fts_ids);
	if (db->sql) {
		if (db->tx_depth > 0)
			sqlite3_exec(db->sql, "ROLLBACK", NULL, NULL, NULL);
		sqlite3_close_v2(db->sql);
	}
	if (db->lock_fd >= 0)
		close(db->lock_fd); /* releases the flock */
	free(db->path);
	free(db);
}

int corpus_db_optimize(struct corpus_db *db)
{
	if (db->tx_depth > 0 || (db->flags & CORPUS_OPEN_READONLY))
		return VN_EINVAL;
	/* one FTS5 segment answers a phrase with one doclist read per syllable */
	if (sqlite3_exec(db->sql, "INSERT INTO articles_fts(articles_fts) VALUES('optimize');"
			 " PRAGMA optimize; PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL,
			 NULL) != SQLITE_OK)
		return corpus_db_fail(db, "optimizing the index");
	return VN_OK;
}

int corpus_db_vocab(struct corpus_db *db)
{
	bool ro = db->flags & CORPUS_OPEN_READONLY;
	int rc;

	if (db->vocab_ready)
		return VN_OK;
	/* the table lives in the connection's temp schema, never in the file (which a reader
	 * opened read-only anyway): a reader lifts query_only for this one statement */
	rc = ro ? exec(db, "PRAGMA query_only=0", "creating the term list") : VN_OK;
	if (!rc)
		rc = exec(db, "CREATE VIRTUAL TABLE IF NOT EXISTS temp.corpus_vocab USING"
			  " fts5vocab(main, articles_fts, row)", "creating the term list");
	if (ro && sqlite3_exec(db->sql, "PRAGMA query_only=1", NULL, NULL, NULL) != SQLITE_OK &&
	    !rc)
		rc = corpus_db_fail(db, "creating the term list");
	db->vocab_ready = rc == VN_OK;
	return rc;
}

/* Nested begins are SAVEPOINTs, so an inner unit (one page inside the crawler's batch of
 * pages) can be undone alone without losing the work of the units before it. */
int corpus_db_begin(struct corpus_db *db)
{
	const char *sql = db->tx_depth > 0 ? "SAVEPOINT corpus_tx" : "BEGIN IMMEDIATE";

	if (db->tx_depth >= (int)(sizeof db->fts_marks / sizeof db->fts_marks[0])) {
		snprintf(db->errmsg, sizeof db->errmsg, "%s: transactions nested too deep",
			 db->path);
		return VN_EINVAL;
	}
	if (sqlite3_exec(db->sql, sql, NULL, NULL, NULL) != SQLITE_OK) {
		if (db->tx_depth == 0)
			return corpus_db_fail(db, "starting a transaction");
		return corpus_db_fail(db, "starting a nested transaction");
	}
	db->fts_marks[db->tx_depth] = corpus_fts_mark(db);
	db->tx_depth++;
	return VN_OK;
}

int corpus_db_commit(struct corpus_db *db)
{
	size_t n_indexed;

	if (db->tx_depth <= 0)
		return VN_EINVAL;
	if (--db->tx_depth > 0) {
		if (sqlite3_exec(db->sql, "RELEASE corpus_tx", NULL, NULL, NULL) != SQLITE_OK) {
			int rc = corpus_db_fail(db, "releasing a nested transaction");

			db->tx_depth = 0;
			sqlite3_exec(db->sql, "ROLLBACK", NULL, NULL, NULL);
			corpus_fts_cut(db, 0);
			return rc;
		}
		return VN_OK;
	}
	n_indexed = db->fts_n;
	if (corpus_fts_flush(db) != VN_OK ||
	    sqlite3_exec(db->sql, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		int rc = corpus_db_fail(db, "committing");

		sqlite3_exec(db->sql, "ROLLBACK", NULL, NULL, NULL);
		corpus_fts_cut(db, 0);
		return rc;
	}
	db->fts_committed += (int64_t)n_indexed;
	return VN_OK;
}

void corpus_db_rollback(struct corpus_db *db)
{
	if (db->tx_depth <= 0)
		return;
	if (db->tx_depth > 1 &&
	    sqlite3_exec(db->sql, "ROLLBACK TO corpus_tx; RELEASE corpus_tx", NULL, NULL,
			 NULL) == SQLITE_OK) {
		db->tx_depth--;
		corpus_fts_cut(db, db->fts_marks[db->tx_depth]);
		return;
	}
	db->tx_depth = 0;
	sqlite3_exec(db->sql, "ROLLBACK", NULL, NULL, NULL);
	corpus_fts_cut(db, 0);
}

int corpus_db_depth(const struct corpus_db *db)
{
	return db->tx_depth;
}
