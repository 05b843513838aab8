/* import.c — one page into the corpus (the pipeline shared by crawl, import and
 * reprocess), `vnnews import` of WARC files and `vnnews reprocess` of stored responses.
 *
 * Standard: WARC 1.0/1.1 (ISO 28500) as any archiver writes it; only `response` records
 * holding an HTTP 200 HTML page become candidates, the parser decides which are articles.
 * Design: pages are committed in batches of IMPORT_BATCH inside one transaction (a crash
 * loses at most one batch, which the next import redoes: it is idempotent), and the import
 * skips an article whose URL and content hash are already stored, so a second run writes
 * nothing.  Reprocess rewrites each article from its raw bytes and then restores last_seen,
 * so only what the parser and classifier derive can change. */
#include "crawler/warc.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "crawler/crawler.h"

#define IMPORT_BATCH 256

static bool page_any_match(char *const *pats, size_t n, const char *path)
{
	for (size_t i = 0; i < n; i++)
		if (crawler_pattern_match(pats[i], path))
			return true;
	return false;
}

int crawler_page_analyse(const struct classify_lexicon *lex, const struct crawler_page *p,
			 struct crawler_page_result *out)
{
	struct parser_input in = {
		.data = p->data, .len = p->len, .url = p->url, .content_type = p->content_type,
		.xpath_title = p->xpath_title, .xpath_body = p->xpath_body,
		.xpath_date = p->xpath_date,
		.link_seen = p->link_seen, .link_seen_ctx = p->link_seen_ctx,
	};
	struct parser_article *a = &out->article;
	const char *path;
	int rc;

	memset(out, 0, sizeof *out);
	if ((rc = parser_article_extract(&in, a)))
		goto out;
	out->parsed = true;
	/* The stored URL is the one fetched: the corpus key must not move under reprocess. */
	if (p->url && (!a->url || strcmp(a->url, p->url) != 0)) {
		free(a->url);
		if (!(a->url = strdup(p->url))) {
			rc = VN_ENOMEM;
			goto out;
		}
	}
	path = crawler_url_path(p->url);
	out->is_article = a->kind == PARSER_PAGE_ARTICLE;
	out->is_listing = a->kind == PARSER_PAGE_LISTING;
	if (p->n_listing && page_any_match(p->listing, p->n_listing, path)) {
		/* The sites file knows its portal better than any heuristic. */
		out->is_article = false;
		out->is_listing = true;
	} else if (p->n_article) {
		out->is_article = page_any_match(p->article, p->n_article, path);
		if (out->is_article)
			out->is_listing = false;
	}
	if (!a->title && !a->body)
		out->is_article = false;
	if (p->force_article && (a->title || a->body))
		out->is_article = true;
	if (lex && out->is_article)
		rc = crawler_page_classify(lex, out);
out:
	return rc;
}

int crawler_page_classify(const struct classify_lexicon *lex, struct crawler_page_result *res)
{
	struct classify_input ci = {
		.title = res->article.title, .body = res->article.body,
		.documents = res->article.documents, .n_documents = res->article.n_documents,
	};
	int rc;

	if (res->tagged)
		return VN_OK;
	memset(&res->tags, 0, sizeof res->tags);
	if ((rc = classify_article(lex, &ci, &res->tags)))
		return rc;
	res->tagged = true;
	return VN_OK;
}

void crawler_page_result_release(struct crawler_page_result *res)
{
	if (res->tagged)
		classify_result_release(&res->tags);
	if (res->parsed)
		parser_article_release(&res->article);
	memset(res, 0, sizeof *res);
}

int crawler_page_write(struct corpus_db *db, const struct classify_lexicon *lex,
		       const struct crawler_page *p, const struct corpus_raw *raw,
		       struct crawler_page_result *res, enum crawler_page_outcome *outcome,
		       bool *labels)
{
	char *old_hash = NULL;
	int64_t old_id = 0, old_seen = 0;
	bool is_new = false;
	int rc = VN_OK;

	*outcome = CRAWLER_PAGE_NOT_ARTICLE;
	if (labels)
		memset(labels, 0, CLASSIFY_N * sizeof *labels);
	if (!res->parsed)
		return VN_EINVAL;
	if (p->on_parsed &&
	    (rc = p->on_parsed(p->ctx, &res->article, res->is_article, res->is_listing)))
		goto out;
	if (!res->is_article)
		goto out;
	if (p->skip_unchanged) {
		const struct parser_article *a = &res->article;

		if ((rc = corpus_article_lookup(db, p->url, &old_id, &old_hash, &old_seen)))
			goto out;
		if (old_id && old_hash && a->content_hash && !strcmp(old_hash, a->content_hash)) {
			*outcome = CRAWLER_PAGE_UNCHANGED;
			goto out;
		}
		/* An older capture (a WARC holding the page twice, or an archive older than the
		 * last crawl) never overwrites a newer one: that keeps a second import a no-op. */
		if (old_id && p->seen_at && old_seen >= p->seen_at) {
			*outcome = CRAWLER_PAGE_UNCHANGED;
			goto out;
		}
	}
	if ((rc = crawler_page_classify(lex, res)))
		goto out;
	if ((rc = corpus_article_put(db, &res->article, p->site, p->province, &res->tags, raw,
				     NULL, &is_new)))
		goto out;
	*outcome = is_new ? CRAWLER_PAGE_NEW : CRAWLER_PAGE_UPDATED;
	if (labels)
		memcpy(labels, res->tags.labels, CLASSIFY_N * sizeof *labels);
out:
	free(old_hash);
	return rc;
}

int crawler_page_store(struct corpus_db *db, const struct classify_lexicon *lex,
		       const struct crawler_page *p, const struct corpus_raw *raw,
		       enum crawler_page_outcome *outcome, bool *labels)
{
	struct crawler_page_result res;
	int rc;

	*outcome = CRAWLER_PAGE_NOT_ARTICLE;
	if (labels)
		memset(labels, 0, CLASSIFY_N * sizeof *labels);
	/* Classified only once the unchanged-article check has passed (import re-runs). */
	if ((rc = crawler_page_analyse(NULL, p, &res)) == VN_OK)
		rc = crawler_page_write(db, lex, p, raw, &res, outcome, labels);
	crawler_page_result_release(&res);
	return rc;
}

/* ---- shared run state ---- */

struct import_run {
	const struct crawler_import_options *o;
	struct crawler_import_stats *st;
	struct corpus_db *db;
	struct classify_lexicon *lex;
	FILE *log;
	int in_batch;            /* pages written in the open transaction */
	bool tx_open;
	/* reprocess: the WARC file read last, kept open for the next pointer into it */
	struct crawler_warc_reader *reader;
	char *reader_path;
};

static double import_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int import_tx_begin(struct import_run *r, char *err, size_t errlen)
{
	int rc;

	if (r->tx_open)
		return VN_OK;
	if ((rc = corpus_db_begin(r->db))) {
		snprintf(err, errlen, "%s", corpus_db_errmsg(r->db));
		return rc;
	}
	r->tx_open = true;
	r->in_batch = 0;
	return VN_OK;
}

static int import_tx_commit(struct import_run *r, char *err, size_t errlen)
{
	int rc;

	if (!r->tx_open)
		return VN_OK;
	r->tx_open = false;
	if ((rc = corpus_db_commit(r->db)))
		snprintf(err, errlen, "%s", corpus_db_errmsg(r->db));
	return rc;
}

static int import_open(struct import_run *r, const struct crawler_import_options *o,
		       struct crawler_import_stats *st, FILE *log, char *err, size_t errlen)
{
	int rc;

	memset(r, 0, sizeof *r);
	memset(st, 0, sizeof *st);
	r->o = o;
	r->st = st;
	r->log = log;
	rc = o->lexicon ? classify_lexicon_load(o->lexicon, &r->lex, err, errlen)
			: classify_lexicon_default(&r->lex, err, errlen);
	if (rc)
		return rc;
	return corpus_db_open(o->db_path, CORPUS_OPEN_CREATE | CORPUS_OPEN_LOCK, &r->db, err,
			      errlen);
}

static int import_close(struct import_run *r, int rc, char *err, size_t errlen)
{
	if (r->tx_open) {
		if (rc)
			corpus_db_rollback(r->db);
		else
			rc = import_tx_commit(r, err, errlen);
		r->tx_open = false;
	}
	if (!rc && r->db && corpus_db_merge_index(r->db) != VN_OK)
		fprintf(r->log, "vnnews: %s\n", corpus_db_errmsg(r->db));
	crawler_warc_reader_free(r->reader);
	free(r->reader_path);
	corpus_db_free(r->db);
	classify_lexicon_free(r->lex);
	return rc;
}

static void import_count(struct import_run *r, enum crawler_page_outcome oc, const bool *labels)
{
	switch (oc) {
	case CRAWLER_PAGE_NEW:
		r->st->articles_new++;
		break;
	case CRAWLER_PAGE_UPDATED:
		r->st->articles_updated++;
		break;
	case CRAWLER_PAGE_UNCHANGED:
		r->st->unchanged++;
		return;
	default:
		return;
	}
	for (int c = 0; c < CLASSIFY_N; c++)
		if (labels[c])
			r->st->tags[c]++;
}

static bool import_host_matches(const char *a, const char *b, size_t blen)
{
	if (strlen(a) == blen && !strncasecmp(a, b, blen))
		return true;
	if (!strncasecmp(a, "www.", 4) && strlen(a + 4) == blen && !strncasecmp(a + 4, b, blen))
		return true;
	return blen > 4 && !strncasecmp(b, "www.", 4) && strlen(a) == blen - 4 &&
	       !strncasecmp(b + 4, a, blen - 4);
}

/* The site of a canonical URL from the sites file, or NULL. */
static const struct crawler_site *import_site(const struct crawler_sites *s, const char *url,
					      const char **host, size_t *hlen)
{
	const char *h = strstr(url, "://");

	h = h ? h + 3 : url;
	*host = h;
	*hlen = strcspn(h, ":/?#");
	for (size_t i = 0; s && i < s->n; i++)
		for (size_t j = 0; j < s->sites[i].n_hosts; j++)
			if (import_host_matches(s->sites[i].hosts[j], h, *hlen))
				return &s->sites[i];
	return NULL;
}

/* "2023-11-14T22:13:20Z" (fraction and offset tolerated) as unix seconds, or 0. */
static int64_t import_warc_date(const char *d)
{
	struct tm tm;
	const char *end;

	if (!d)
		return 0;
	memset(&tm, 0, sizeof tm);
	end = strptime(d, "%Y-%m-%dT%H:%M:%S", &tm);
	if (!end)
		end = strptime(d, "%Y-%m-%d", &tm);
	if (!end)
		return 0;
	return (int64_t)timegm(&tm);
}

static bool import_is_html(const char *ct)
{
	if (!ct || !*ct)
		return true; /* the parser sniffs */
	while (*ct == ' ')
		ct++;
	return !strncasecmp(ct, "text/html", 9) || !strncasecmp(ct, "application/xhtml", 17);
}

/* One response record. */
static int import_record(struct import_run *r, const char *file, const char *abs_file,
			 const struct crawler_warc_record *rec, char *err, size_t errlen)
{
	struct crawler_http_response h;
	struct crawler_page p;
	struct corpus_raw raw;
	const struct crawler_site *site;
	const char *host;
	char *canon = NULL, *site_name = NULL, perr[256] = "";
	size_t hlen;
	enum crawler_page_outcome oc;
	bool labels[CLASSIFY_N];
	int rc = VN_OK, prc;

	crawler_http_response_init(&h);
	if (!rec->target_uri ||
	    crawler_url_canon(rec->target_uri, NULL, 0, &canon) != VN_OK) {
		r->st->skipped++;
		goto out;
	}
	r->st->responses++;
	prc = crawler_http_response_parse(rec->block.data, rec->block.len,
					  r->o->body_cap ? r->o->body_cap
							 : CRAWLER_WARC_BLOCK_CAP_DEFAULT,
					  &h, perr, sizeof perr);
	if (prc) {
		if (prc == VN_ENOMEM) {
			rc = prc;
			goto out;
		}
		r->st->errors++;
		fprintf(r->log, "vnnews: %s: offset %lld: %s: %s\n", file, (long long)rec->offset,
			rec->target_uri, perr);
		goto out;
	}
	if (h.status != 200 || !import_is_html(h.content_type)) {
		r->st->skipped++;
		goto out;
	}
	site = import_site(r->o->sites, canon, &host, &hlen);
	if (!site && !(site_name = strndup(host, hlen))) {
		rc = VN_ENOMEM;
		goto out;
	}
	memset(&p, 0, sizeof p);
	p.url = canon;
	p.data = h.body.data;
	p.len = h.body.len;
	p.content_type = h.content_type;
	p.site = site ? site->name : site_name;
	p.province = site ? site->province : NULL;
	if (site) {
		p.article = site->article;
		p.n_article = site->n_article;
		p.listing = site->listing;
		p.n_listing = site->n_listing;
	}
	p.skip_unchanged = true;
	p.seen_at = import_warc_date(rec->date);
	memset(&raw, 0, sizeof raw);
	raw.content_type = h.content_type;
	raw.fetched_at = p.seen_at;
	if (rec->own_member && rec->length > 0) {
		raw.warc_file = abs_file;
		raw.warc_offset = rec->offset;
		raw.warc_length = rec->length;
	} else {
		raw.data = h.body.data;
		raw.len = h.body.len;
	}
	if ((rc = import_tx_begin(r, err, errlen)))
		goto out;
	prc = crawler_page_store(r->db, r->lex, &p, &raw, &oc, labels);
	if (prc == VN_ENOMEM || prc == VN_EDB) {
		rc = prc;
		if (prc == VN_EDB)
			snprintf(err, errlen, "%s", corpus_db_errmsg(r->db));
		goto out;
	}
	if (prc) {
		r->st->errors++;
		fprintf(r->log, "vnnews: %s: offset %lld: %s: cannot extract the page: %s\n", file,
			(long long)rec->offset, canon, vn_strerror(prc));
		goto out;
	}
	r->st->pages++;
	import_count(r, oc, labels);
	if (r->o->verbose)
		fprintf(r->log, "%s %s\n",
			oc == CRAWLER_PAGE_NEW ? "new" : oc == CRAWLER_PAGE_UPDATED ? "updated" :
			oc == CRAWLER_PAGE_UNCHANGED ? "unchanged" : "page", canon);
	if (++r->in_batch >= IMPORT_BATCH)
		rc = import_tx_commit(r, err, errlen);
out:
	free(canon);
	free(site_name);
	crawler_http_response_release(&h);
	return rc;
}

static int import_file(struct import_run *r, const char *file, char *err, size_t errlen)
{
	struct crawler_warc_reader *rd = NULL;
	struct crawler_warc_record rec;
	char ferr[768] = "", *abs_file = NULL;
	bool eof = false;
	int rc = VN_OK, frc;

	crawler_warc_record_init(&rec);
	r->st->files++;
	if (!(abs_file = realpath(file, NULL)) && errno == ENOMEM) {
		rc = VN_ENOMEM;
		goto out;
	}
	frc = crawler_warc_reader_open(file, r->o->body_cap, &rd, ferr, sizeof ferr);
	while (!frc) {
		if (r->o->stop && *r->o->stop) {
			r->st->interrupted = true;
			break;
		}
		frc = crawler_warc_reader_next(rd, true, &rec, &eof, ferr, sizeof ferr);
		if (frc || eof)
			break;
		r->st->records++;
		if (strcmp(rec.type, "response") != 0 || !rec.block_kept) {
			if (!strcmp(rec.type, "response"))
				r->st->skipped++; /* bigger than the cap */
			continue;
		}
		if ((rc = import_record(r, file, abs_file ? abs_file : file, &rec, err, errlen)))
			goto out;
	}
	if (frc) {
		if (frc == VN_ENOMEM) {
			rc = frc;
			goto out;
		}
		r->st->files_failed++;
		fprintf(r->log, "vnnews: %s\n", ferr);
	}
out:
	crawler_warc_record_release(&rec);
	crawler_warc_reader_free(rd);
	free(abs_file);
	return rc;
}

int crawler_import_run(const struct crawler_import_options *o, const char *const *files,
		       size_t n_files, struct crawler_import_stats *st, FILE *log,
		       char *err, size_t errlen)
{
	struct import_run r;
	double t0 = import_now();
	int rc;

	if ((rc = import_open(&r, o, st, log, err, errlen)))
		goto out;
	for (size_t i = 0; i < n_files && !rc && !st->interrupted; i++)
		rc = import_file(&r, files[i], err, errlen);
out:
	rc = import_close(&r, rc, err, errlen);
	st->elapsed = import_now() - t0;
	return rc;
}

/* ---- reprocess ---- */

/* The body of a response record at (file, offset) into `body`, content type in `*ct`. */
static int reprocess_warc(struct import_run *r, const char *file, int64_t offset,
			  struct vn_buf *body, char **ct, char *why, size_t whylen)
{
	struct crawler_warc_record rec;
	struct crawler_http_response h;
	bool eof = false;
	int rc;

	crawler_warc_record_init(&rec);
	crawler_http_response_init(&h);
	if (!r->reader_path || strcmp(r->reader_path, file) != 0) {
		crawler_warc_reader_free(r->reader);
		r->reader = NULL;
		free(r->reader_path);
		if (!(r->reader_path = strdup(file)))
			return VN_ENOMEM;
		rc = crawler_warc_reader_open(file, r->o->body_cap, &r->reader, why, whylen);
		if (rc == VN_ENOTFOUND) {
			/* A crawl killed before it closed the file left it under ".open". */
			char open_name[4096];

			snprintf(open_name, sizeof open_name, "%s.open", file);
			if (!crawler_warc_reader_open(open_name, r->o->body_cap, &r->reader, NULL, 0))
				rc = VN_OK;
		}
		if (rc) {
			free(r->reader_path);
			r->reader_path = NULL;
			return rc;
		}
	}
	if ((rc = crawler_warc_reader_seek(r->reader, offset))) {
		snprintf(why, whylen, "%s: cannot seek to offset %lld", file, (long long)offset);
		goto out;
	}
	if ((rc = crawler_warc_reader_next(r->reader, true, &rec, &eof, why, whylen)))
		goto out;
	if (eof || !rec.block_kept) {
		snprintf(why, whylen, "%s: offset %lld: no response record there", file,
			 (long long)offset);
		rc = VN_ENOTFOUND;
		goto out;
	}
	if ((rc = crawler_http_response_parse(rec.block.data, rec.block.len, body->cap, &h, why,
					      whylen)))
		goto out;
	if ((rc = vn_buf_add(body, h.body.data, h.body.len)))
		goto out;
	*ct = h.content_type;
	h.content_type = NULL;
out:
	crawler_http_response_release(&h);
	crawler_warc_record_release(&rec);
	return rc;
}

struct reprocess_ctx {
	struct import_run *r;
	char *err;
	size_t errlen;
};

static int reprocess_one(void *ctx, int64_t id)
{
	struct reprocess_ctx *c = ctx;
	struct import_run *r = c->r;
	struct parser_article old;
	struct crawler_page p;
	struct vn_buf body;
	char *ct = NULL, *warc = NULL, *province = NULL, *url = NULL, *site = NULL, why[768] = "";
	int64_t off = 0, len = 0, seen = 0, same_id = 0;
	enum crawler_page_outcome oc;
	bool labels[CLASSIFY_N], loaded = false;
	int rc = VN_OK, prc;

	vn_buf_init(&body, r->o->body_cap ? r->o->body_cap : CRAWLER_WARC_BLOCK_CAP_DEFAULT);
	if (r->o->stop && *r->o->stop) {
		r->st->interrupted = true;
		rc = VN_EINTERRUPTED;
		goto out;
	}
	r->st->records++;
	if ((rc = corpus_article_load(r->db, id, &old, NULL, &province)))
		goto dberr;
	loaded = true;
	if (!(url = strdup(old.url ? old.url : "")) || (old.site && !(site = strdup(old.site)))) {
		rc = VN_ENOMEM;
		goto out;
	}
	if ((rc = corpus_article_lookup(r->db, url, &same_id, NULL, &seen)))
		goto dberr;
	prc = corpus_article_raw(r->db, id, &body, &ct, &warc, &off, &len);
	if (prc == VN_ENOMEM) {
		rc = prc;
		goto out;
	}
	if (!prc && warc) {
		free(ct);
		ct = NULL;
		vn_buf_reset(&body);
		prc = reprocess_warc(r, warc, off, &body, &ct, why, sizeof why);
	} else if (prc) {
		snprintf(why, sizeof why, "%s", corpus_db_errmsg(r->db));
	}
	if (prc) {
		if (prc == VN_ENOMEM) {
			rc = prc;
			goto out;
		}
		r->st->errors++;
		fprintf(r->log, "vnnews: %s: article %lld: %s\n", url, (long long)id, why);
		goto out;
	}
	r->st->responses++;
	memset(&p, 0, sizeof p);
	p.url = url;
	p.data = body.data;
	p.len = body.len;
	p.content_type = ct;
	p.site = site;
	p.province = province;
	p.force_article = true;
	if ((rc = import_tx_begin(r, c->err, c->errlen)))
		goto out;
	prc = crawler_page_store(r->db, r->lex, &p, NULL, &oc, labels);
	if (prc == VN_ENOMEM || prc == VN_EDB) {
		rc = prc;
		goto dberr;
	}
	if (prc) {
		r->st->errors++;
		fprintf(r->log, "vnnews: %s: article %lld: cannot extract the page: %s\n", url,
			(long long)id, vn_strerror(prc));
		goto out;
	}
	r->st->pages++;
	if (oc == CRAWLER_PAGE_NEW || oc == CRAWLER_PAGE_UPDATED) {
		/* A rewrite is not a sighting: keep when the page was really seen. */
		if (seen && (rc = corpus_article_set_last_seen(r->db, id, seen)))
			goto dberr;
	}
	import_count(r, oc, labels);
	if (r->o->verbose)
		fprintf(r->log, "reprocessed %s\n", url);
	if (++r->in_batch >= IMPORT_BATCH)
		rc = import_tx_commit(r, c->err, c->errlen);
	goto out;
dberr:
	if (rc == VN_EDB)
		snprintf(c->err, c->errlen, "%s", corpus_db_errmsg(r->db));
out:
	if (loaded)
		parser_article_release(&old);
	vn_buf_release(&body);
	free(ct);
	free(warc);
	free(province);
	free(url);
	free(site);
	return rc;
}

int crawler_reprocess_run(const struct crawler_import_options *o,
			  struct crawler_import_stats *st, FILE *log, char *err, size_t errlen)
{
	struct import_run r;
	struct reprocess_ctx c = { &r, err, errlen };
	double t0 = import_now();
	int rc;

	if ((rc = import_open(&r, o, st, log, err, errlen)))
		goto out;
	rc = corpus_raw_iter(r.db, reprocess_one, &c);
	if (rc == VN_EINTERRUPTED)
		rc = VN_OK;
	else if (rc == VN_EDB && !err[0])
		snprintf(err, errlen, "%s", corpus_db_errmsg(r.db));
out:
	rc = import_close(&r, rc, err, errlen);
	st->elapsed = import_now() - t0;
	return rc;
}

void crawler_import_stats_print(const struct crawler_import_stats *st, FILE *out)
{
	if (st->files)
		fprintf(out, "%ld file%s, %ld records, %ld HTML responses, ", st->files,
			st->files == 1 ? "" : "s", st->records, st->responses);
	else
		fprintf(out, "%ld stored articles, %ld raw responses read, ", st->records,
			st->responses);
	fprintf(out, "%ld pages parsed in %.1f s (%.0f pages/s)\n", st->pages, st->elapsed,
		st->elapsed > 0 ? (double)st->pages / st->elapsed : 0.0);
	fprintf(out, "articles: %ld new, %ld updated, %ld unchanged; %ld skipped, %ld errors",
		st->articles_new, st->articles_updated, st->unchanged, st->skipped, st->errors);
	if (st->files_failed)
		fprintf(out, ", %ld unreadable file%s", st->files_failed,
			st->files_failed == 1 ? "" : "s");
	fputc('\n', out);
	fprintf(out, "tags:");
	for (int c = 0; c < CLASSIFY_N; c++)
		fprintf(out, " %s %ld", classify_class_name((enum classify_class)c), st->tags[c]);
	fputc('\n', out);
	if (st->interrupted)
		fprintf(out, "interrupted: the rest was not processed\n");
}
