/* run.c — one crawl: frontier in the corpus, politeness per host, libcurl multi, pages
 * committed in batches, each page a nested transaction.
 *
 * Design: the main thread drives a curl multi handle and owns the database.  URLs come
 * out of the persisted frontier in priority order into per-host queues held in memory; a
 * host may start a transfer when it has robots.txt (RFC 9309), fewer transfers than the
 * per-host limit and its delay has passed.  A fetched page goes to one page worker thread
 * for the CPU half of the pipeline import and reprocess share (crawler_page_analyse:
 * decoding, parser, page kind, classifier; plus its WARC record and the compressed raw
 * copy), at most PIPE_MAX pages at a time; back on the main thread crawler_page_write
 * stores it inside one nested transaction together with the links it adds and its own
 * frontier mark.  Pages are committed a batch at a time (at most BATCH_PAGES or
 * BATCH_SECONDS), so a SIGKILL at any instant leaves each page whole or absent: the next
 * run fetches the absent ones again and nothing is lost or stored twice.  SIGINT/SIGTERM
 * stop new transfers and let those in flight (and in the worker) finish. */
#include "crawler/crawler_int.h"

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <zlib.h>

#include "crawler/sitemap.h"
#include "crawler/warc.h"
#include "vn_config.h"

#define HOLD_LOW 256        /* refill the in-memory queues below this many jobs */
#define REFILL_BATCH 1024
#define ROBOTS_MAX_BODY (500L * 1024)
#define ROBOTS_TRIES 3
#define BACKOFF_BASE 1.0
#define BACKOFF_MAX 120.0
#define RETRY_AFTER_PARK 300.0 /* a longer Retry-After postpones the host to the next run */
#define HEAD_CAP ((size_t)64 << 10)
#define PIPE_MAX 32         /* fetched pages waiting for or inside the page worker */

/* ---- a growable set of int64: the frontier ids held in memory ----
 * A URL stays QUEUED in the database while it waits or is in flight, so the next
 * corpus_frontier_next() returns it again; this set says which of those we already hold.
 * Ids leave the set when their outcome is recorded, so it stays as small as the queues
 * (not the crawl), and refills read O(held) rows. */

#define IDSET_EMPTY 0    /* frontier ids start at 1 */
#define IDSET_GONE (-1)  /* tombstone */

struct idset {
	int64_t *slots;
	size_t cap, n, gone;
};

static uint64_t mix64(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	return x;
}

static size_t idset_find(const struct idset *s, int64_t id)
{
	for (size_t i = mix64((uint64_t)id) & (s->cap - 1);; i = (i + 1) & (s->cap - 1))
		if (s->slots[i] == id || s->slots[i] == IDSET_EMPTY)
			return i;
}

static bool idset_has(const struct idset *s, int64_t id)
{
	return s->cap && s->slots[idset_find(s, id)] == id;
}

static int idset_add(struct idset *s, int64_t id)
{
	size_t i;

	if ((s->n + s->gone + 1) * 2 > s->cap) {
		struct idset ns = { NULL, s->cap ? s->cap : 1024, 0, 0 };

		if ((s->n + 1) * 4 > ns.cap)
			ns.cap *= 2;
		if (!(ns.slots = calloc(ns.cap, sizeof *ns.slots)))
			return VN_ENOMEM;
		for (size_t j = 0; j < s->cap; j++)
			if (s->slots[j] > 0)
				ns.slots[idset_find(&ns, s->slots[j])] = s->slots[j], ns.n++;
		free(s->slots);
		*s = ns;
	}
	i = idset_find(s, id);
	if (s->slots[i] != id) {
		s->slots[i] = id;
		s->n++;
	}
	return VN_OK;
}

static void idset_del(struct idset *s, int64_t id)
{
	size_t i;

	if (!s->cap)
		return;
	i = idset_find(s, id);
	if (s->slots[i] == id) {
		s->slots[i] = IDSET_GONE;
		s->n--;
		s->gone++;
	}
}

/* ---- query-pattern budget (trap guard for query permutations) ---- */

struct budget {
	uint64_t *keys;
	long *counts;
	size_t cap, n;
};

static uint64_t fnv1a(const char *p, size_t n, uint64_t h)
{
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)p[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

/* Whether a query value looks like a date ("2023-01-16", "2023/01", "16/01/2023"):
 * calendars page through dates forever. */
static bool looks_like_date(const char *v, size_t len)
{
	size_t digits = 0, seps = 0;

	for (size_t i = 0; i < len; i++) {
		if (v[i] >= '0' && v[i] <= '9')
			digits++;
		else if (v[i] == '-' || v[i] == '/' || v[i] == '.' || v[i] == '%')
			seps++;
		else
			return false;
	}
	return digits >= 6 && seps >= 1;
}

/* Counts a URL against its pattern "origin/path?sorted-parameter-names"; false once the
 * pattern has used its budget (`max`, or `max_cal` when a value is a date).  URLs without
 * a query are not counted. */
static bool budget_take(struct budget *b, const char *url, long max, long max_cal)
{
	const char *q = strchr(url, '?');
	uint64_t h;
	size_t i;

	if (!q || max <= 0)
		return true;
	for (const char *p = q + 1; *p;) {
		size_t len = strcspn(p, "&");
		const char *eq = memchr(p, '=', len);

		if (eq && looks_like_date(eq + 1, len - (size_t)(eq + 1 - p)) && max_cal < max)
			max = max_cal;
		p += len;
		if (*p)
			p++;
	}
	h = fnv1a(url, (size_t)(q - url), 0xcbf29ce484222325ULL);
	for (const char *p = q + 1; *p;) {
		size_t len = strcspn(p, "&"), nl = strcspn(p, "=&");

		h = fnv1a(p, nl < len ? nl : len, h) * 31;
		p += len;
		if (*p)
			p++;
	}
	if (!h)
		h = 1;
	if ((b->n + 1) * 2 > b->cap) {
		struct budget nb = { NULL, NULL, b->cap ? b->cap * 2 : 1024, 0 };

		nb.keys = calloc(nb.cap, sizeof *nb.keys);
		nb.counts = calloc(nb.cap, sizeof *nb.counts);
		if (!nb.keys || !nb.counts) {
			free(nb.keys);
			free(nb.counts);
			return true; /* out of memory: the depth limit still bounds the crawl */
		}
		for (size_t j = 0; j < b->cap; j++) {
			if (!b->keys[j])
				continue;
			for (i = b->keys[j] & (nb.cap - 1); nb.keys[i]; i = (i + 1) & (nb.cap - 1))
				;
			nb.keys[i] = b->keys[j];
			nb.counts[i] = b->counts[j];
			nb.n++;
		}
		free(b->keys);
		free(b->counts);
		*b = nb;
	}
	for (i = h & (b->cap - 1); b->keys[i] && b->keys[i] != h; i = (i + 1) & (b->cap - 1))
		;
	if (!b->keys[i]) {
		b->keys[i] = h;
		b->n++;
	}
	return ++b->counts[i] <= max;
}

/* ---- hosts ---- */

enum robots_state { ROBOTS_NONE = 0, ROBOTS_PENDING, ROBOTS_READY };

struct crawl_host {
	char *origin;
	enum robots_state robots_state;
	struct crawler_robots *robots;
	int robots_tries;
	double delay;
	double next_ok;      /* monotonic seconds */
	int active;
	int fails;           /* consecutive failures */
	bool parked;         /* no more requests this run */
	bool insecure;
	const char *ca_bundle;
	struct crawl_job *head, *tail;
	size_t queued;
};

#define OWN_HOSTS_MAX 4

/* A site as the run sees it: from the sites file, or one per command-line URL. */
struct run_site {
	const char *name;
	const char *province;
	char **hosts;
	size_t n_hosts;
	const struct crawler_site *cfg; /* NULL for command-line URLs */
	char *own_name;                 /* for command-line URLs */
	/* a command-line URL's host, then the hosts its start page moved to (see
	 * scope_follows_move) */
	char *own_hosts[OWN_HOSTS_MAX];
};

/* ---- the page worker ----
 * One thread runs the CPU half of each page (content decoding, parser, page kind,
 * classifier: no database, no curl handle) while the main thread keeps the transfers
 * going and does all SQL.  Two queues under one mutex; the worker wakes the main thread
 * with curl_multi_wakeup().  At most PIPE_MAX pages are in the pipeline, so memory stays
 * flat however far ahead the network runs. */

struct page_work {
	struct crawl_job *job;          /* owned; its easy handle is already gone */
	long status;
	char *content_type;             /* owned copies of what the easy handle said */
	char *effective_url;
	char *etag;
	char *last_modified;
	char *ip;                       /* the server's address, for the WARC */
	int warc_rc;                    /* of writing the WARC records (by the worker) */
	struct crawler_warc_loc loc;    /* where the response went in the WARC, or empty */
	struct crawler_page page;       /* set by the main thread, body by the worker */
	/* filled in by the worker */
	struct crawler_http_response hr; /* the decoded body with --warc */
	int decode_rc;
	char decode_msg[256];
	bool is_feed;
	char *eff;                       /* canonical effective URL when it differs */
	int rc;                          /* of crawler_page_analyse */
	struct crawler_page_result res;
	struct vn_buf zraw;              /* an article's body zlib-compressed for the corpus */
	struct page_work *next;
};

struct page_queue {
	struct page_work *head, *tail;
};

struct page_worker {
	pthread_t thread;
	bool started;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct page_queue in, out;      /* under `mu` */
	bool quit;                      /* under `mu` */
	CURLM *multi;
	const struct classify_lexicon *lex;
	long max_body;
	size_t max_url_len;
	bool raw;
	struct crawler_warc_writer *warc; /* --warc: pages are archived here, under warc_mu */
	pthread_mutex_t warc_mu;
	z_stream zs;                    /* the worker's: raw copies of articles (no --warc) */
	bool zs_ready;
	struct idset links_seen;        /* keys of the hrefs resolved this run (worker_link_seen) */
};

struct run {
	const struct crawler_options *o;
	struct crawler_stats *st;
	struct corpus_db *db;
	struct classify_lexicon *lex;
	CURLM *multi;
	/* the cookies the run's servers set, for its later requests (as a browser or wget
	 * keeps them for a session); every easy handle lives on the main thread, so the share
	 * needs no lock */
	CURLSH *cookies;
	struct crawler_warc_writer *warc; /* NULL without --warc */
	struct run_site *sites;
	size_t n_sites;
	struct crawl_host **hosts;
	size_t n_hosts;
	struct idset held;
	struct idset seen;    /* hashes of the links already offered to the frontier this run */
	struct idset seen_raw; /* hashes of the resolved links already looked at this run */
	struct budget budget;
	size_t in_memory;     /* jobs queued in host queues */
	int active;           /* transfers in flight */
	int pending;          /* pages handed to the worker and not finished */
	struct page_worker worker;
	long started;         /* page transfers started (max_pages) */
	bool frontier_dirty;  /* links added since the last refill found nothing */
	bool batch_open;      /* the run's outer transaction (a batch of pages) is open */
	int batch_n;          /* transfers finished inside it */
	double batch_t0;
	bool stopping;
	double t0;
	double last_progress;
	int year_now;
	char user_agent[512];
	char *err;
	size_t errlen;
};

static double now_mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void crawler_options_init(struct crawler_options *o)
{
	memset(o, 0, sizeof *o);
	o->max_depth = 10;
	o->max_url_len = CRAWLER_URL_MAX_DEFAULT;
	o->max_per_pattern = 1000;
	o->max_calendar = 50;
	o->max_conns = 16;
	o->max_per_host = 1;
	o->delay = 1.0;
	o->crawl_delay_cap = 30.0;
	o->max_body = 5L << 20;
	o->connect_timeout = 15;
	o->timeout = 120;
	o->low_speed_time = 30;
	o->low_speed_limit = 100;
	o->max_redirects = 5;
	o->max_retries = 3;
	o->park_after = 5;
	o->robots = true;
	o->verbosity = CRAWLER_NORMAL;
}

static const char *const err_kind_names[CRAWLER_ERR_N] = {
	"http_4xx", "http_5xx", "timeout", "connect", "tls", "too_big", "redirect", "network",
	"parse",
};

const char *crawler_err_kind_name(enum crawler_err_kind k)
{
	return (unsigned)k < CRAWLER_ERR_N ? err_kind_names[k] : "unknown";
}

static void logf_line(struct run *r, const char *fmt, ...) VN_PRINTF(2, 3);
static void logf_line(struct run *r, const char *fmt, ...)
{
	va_list ap;

	if (r->o->progress)
		fputs("\r\033[K", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	if (r->o->progress)
		r->last_progress = 0; /* redraw the status line under the message */
}

/* ---- sites and scope ---- */

static bool host_matches(const char *a, const char *b)
{
	if (!strcasecmp(a, b))
		return true;
	if (!strncasecmp(a, "www.", 4) && !strcasecmp(a + 4, b))
		return true;
	return !strncasecmp(b, "www.", 4) && !strcasecmp(b + 4, a);
}

/* The host name (no port) of an origin, copied into `out`. */
static void origin_host(const char *origin, char *out, size_t cap)
{
	const char *h = strstr(origin, "://");
	size_t n;

	h = h ? h + 3 : origin;
	n = strcspn(h, ":/");
	if (n >= cap)
		n = cap - 1;
	memcpy(out, h, n);
	out[n] = '\0';
}

static struct run_site *site_for_host(struct run *r, const char *host)
{
	for (size_t i = 0; i < r->n_sites; i++)
		for (size_t j = 0; j < r->sites[i].n_hosts; j++)
			if (host_matches(r->sites[i].hosts[j], host))
				return &r->sites[i];
	return NULL;
}

static struct run_site *site_by_name(struct run *r, const char *name)
{
	for (size_t i = 0; name && i < r->n_sites; i++)
		if (!strcmp(r->sites[i].name, name))
			return &r->sites[i];
	return NULL;
}

static bool any_match(char **pats, size_t n, const char *path)
{
	for (size_t i = 0; i < n; i++)
		if (crawler_pattern_match(pats[i], path))
			return true;
	return false;
}

/* Which site a canonical URL belongs to, or NULL when it is out of scope. */
static struct run_site *scope_of(struct run *r, const char *url)
{
	char *origin = NULL;
	const char *path = NULL;
	char host[256];
	struct run_site *s = NULL;

	if (crawler_url_origin(url, &origin, &path) != VN_OK)
		goto out;
	origin_host(origin, host, sizeof host);
	s = site_for_host(r, host);
	if (s && s->cfg) {
		if (s->cfg->n_allow && !any_match(s->cfg->allow, s->cfg->n_allow, path))
			s = NULL;
		else if (any_match(s->cfg->deny, s->cfg->n_deny, path))
			s = NULL;
	}
out:
	free(origin);
	return s;
}

/* ---- hosts ---- */

static struct crawl_host *host_get(struct run *r, const char *url, const struct run_site *site)
{
	char *origin = NULL;
	struct crawl_host *h = NULL, **nh;

	if (crawler_url_origin(url, &origin, NULL) != VN_OK)
		goto out;
	for (size_t i = 0; i < r->n_hosts; i++) {
		if (!strcmp(r->hosts[i]->origin, origin)) {
			h = r->hosts[i];
			goto out;
		}
	}
	if (!(nh = realloc(r->hosts, (r->n_hosts + 1) * sizeof *nh)))
		goto out;
	r->hosts = nh;
	if (!(h = calloc(1, sizeof *h)))
		goto out;
	h->origin = origin;
	origin = NULL;
	h->delay = r->o->delay;
	h->ca_bundle = r->o->ca_bundle;
	h->insecure = r->o->insecure;
	if (site && site->cfg) {
		if (site->cfg->delay >= 0)
			h->delay = site->cfg->delay;
		if (site->cfg->ca_bundle)
			h->ca_bundle = site->cfg->ca_bundle;
		h->insecure = h->insecure || site->cfg->insecure;
	}
	if (h->insecure)
		logf_line(r, "vnnews: warning: %s: TLS certificate verification is OFF (insecure)",
			  h->origin);
	if (!r->o->robots)
		h->robots_state = ROBOTS_READY;
	r->hosts[r->n_hosts++] = h;
out:
	free(origin);
	return h;
}

static void host_push(struct crawl_host *h, struct crawl_job *job, bool front)
{
	job->host = h;
	job->next = NULL;
	if (front) {
		job->next = h->head;
		h->head = job;
		if (!h->tail)
			h->tail = job;
	} else {
		if (h->tail)
			h->tail->next = job;
		else
			h->head = job;
		h->tail = job;
	}
	h->queued++;
}

static struct crawl_job *host_pop(struct crawl_host *h)
{
	struct crawl_job *job = h->head;

	if (job) {
		h->head = job->next;
		if (!h->head)
			h->tail = NULL;
		job->next = NULL;
		h->queued--;
	}
	return job;
}

/* Stops a host for this run; its URLs stay queued in the frontier for the next run. */
static void host_park(struct run *r, struct crawl_host *h, const char *why)
{
	struct crawl_job *job;

	if (h->parked)
		return;
	h->parked = true;
	r->st->parked_hosts++;
	logf_line(r, "vnnews: %s: host postponed to the next run: %s", h->origin, why);
	while ((job = host_pop(h))) {
		r->in_memory--;
		r->st->postponed++;
		crawler_job_free(job);
	}
}

static double backoff(int fails)
{
	double d = BACKOFF_BASE * pow(2.0, fails > 10 ? 10 : fails - 1);

	if (d > BACKOFF_MAX)
		d = BACKOFF_MAX;
	return d * (0.5 + (double)rand() / RAND_MAX); /* jitter: hosts do not retry in step */
}

static struct crawl_job *job_new(size_t body_cap)
{
	struct crawl_job *job = calloc(1, sizeof *job);

	if (job) {
		vn_buf_init(&job->body, body_cap);
		vn_buf_init(&job->req_head, HEAD_CAP);
		vn_buf_init(&job->resp_head, HEAD_CAP);
	}
	return job;
}

/* ---- frontier ---- */

static int frontier_mark(struct run *r, int64_t id, enum corpus_url_status status,
			 const char *etag, const char *lm, const char *error)
{
	int rc = corpus_frontier_mark(r->db, id, status, (int64_t)time(NULL), etag, lm, error);

	if (rc)
		snprintf(r->err, r->errlen, "%s", corpus_db_errmsg(r->db));
	return rc;
}

/* A mark outside a page transaction (robots, scope, errors): its own small transaction. */
static int mark_alone(struct run *r, int64_t id, enum corpus_url_status status, const char *error)
{
	int rc;

	if ((rc = corpus_db_begin(r->db))) {
		snprintf(r->err, r->errlen, "%s", corpus_db_errmsg(r->db));
		return rc;
	}
	if ((rc = frontier_mark(r, id, status, NULL, NULL, error))) {
		corpus_db_rollback(r->db);
		return rc;
	}
	if ((rc = corpus_db_commit(r->db)))
		snprintf(r->err, r->errlen, "%s", corpus_db_errmsg(r->db));
	return rc;
}

/* Pages are committed in batches: each page (its article, links and frontier mark) is a
 * nested transaction inside the batch, so it is whole or absent, and a SIGKILL loses only
 * the pages of the open batch, whose frontier marks are lost with them: the next run
 * fetches them again.  One COMMIT per batch instead of per page saves the WAL rewriting the
 * same index pages (frontier, FTS) hundreds of times. */
#define BATCH_PAGES 200
#define BATCH_SECONDS 1.0

static int batch_begin(struct run *r)
{
	int rc;

	if (r->batch_open)
		return VN_OK;
	if ((rc = corpus_db_begin(r->db))) {
		snprintf(r->err, r->errlen, "%s", corpus_db_errmsg(r->db));
		return rc;
	}
	r->batch_open = true;
	r->batch_n = 0;
	r->batch_t0 = now_mono();
	return VN_OK;
}

/* Commits the batch when it is full or old enough (always with `force`). */
static int batch_end(struct run *r, bool force)
{
	int rc;

	if (!r->batch_open)
		return VN_OK;
	if (!force && r->batch_n < BATCH_PAGES && now_mono() - r->batch_t0 < BATCH_SECONDS)
		return VN_OK;
	r->batch_open = false;
	/* A unit left open (only an error path could) is undone; the whole pages stay. */
	while (corpus_db_depth(r->db) > 1)
		corpus_db_rollback(r->db);
	if (corpus_db_depth(r->db) == 0)
		return VN_OK;
	if ((rc = corpus_db_commit(r->db)))
		snprintf(r->err, r->errlen, "%s", corpus_db_errmsg(r->db));
	return rc;
}

static int refill(struct run *r)
{
	struct corpus_url *v = NULL;
	size_t n = 0, fresh = 0;
	int rc;

	if (r->stopping || r->in_memory >= HOLD_LOW || !r->frontier_dirty)
		return VN_OK;
	rc = corpus_frontier_next(r->db, (int64_t)time(NULL), r->held.n + REFILL_BATCH, &v, &n);
	if (rc) {
		snprintf(r->err, r->errlen, "%s", corpus_db_errmsg(r->db));
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		struct corpus_url *u = &v[i];
		struct run_site *site;
		struct crawl_host *h;
		struct crawl_job *job;

		if (idset_has(&r->held, u->id))
			continue;
		if ((rc = idset_add(&r->held, u->id)))
			goto out;
		fresh++;
		site = site_by_name(r, u->site);
		if (!site)
			site = scope_of(r, u->url);
		if (!site) {
			/* Queued by an earlier run with another sites file: not ours now. */
			r->st->skipped_scope++;
			if ((rc = mark_alone(r, u->id, CORPUS_URL_SKIPPED, "out of scope")))
				goto out;
			idset_del(&r->held, u->id);
			continue;
		}
		if (!(h = host_get(r, u->url, site))) {
			rc = VN_ENOMEM;
			goto out;
		}
		if (h->parked) {
			r->st->postponed++;
			continue;
		}
		if (!(job = job_new((size_t)r->o->max_body))) {
			rc = VN_ENOMEM;
			goto out;
		}
		job->id = u->id;
		job->url = u->url;
		job->site = u->site;
		job->etag = u->etag;
		job->last_modified = u->last_modified;
		u->url = u->site = u->etag = u->last_modified = NULL;
		job->depth = u->depth;
		job->is_listing = u->is_listing;
		host_push(h, job, false);
		r->in_memory++;
	}
	if (!fresh)
		r->frontier_dirty = false;
out:
	for (size_t i = 0; i < n; i++)
		corpus_url_release(&v[i]);
	free(v);
	return rc;
}

/* ---- starting transfers ---- */

static int start_job(struct run *r, struct crawl_job *job)
{
	struct fetch_config cfg = {
		.user_agent = r->user_agent,
		.max_body = job->is_robots ? ROBOTS_MAX_BODY : r->o->max_body,
		.connect_timeout = r->o->connect_timeout,
		.timeout = r->o->timeout,
		.low_speed_time = r->o->low_speed_time,
		.low_speed_limit = r->o->low_speed_limit,
		.max_redirects = r->o->max_redirects,
		.insecure = job->host->insecure,
		.ca_bundle = job->host->ca_bundle,
		.raw = r->warc != NULL,
		.cookies = r->cookies,
	};
	int rc = crawler_fetch_start(r->multi, job, &cfg);

	if (rc == VN_OK) {
		double t = now_mono();

		r->active++;
		job->host->active++;
		if (job->host->next_ok < t + job->host->delay)
			job->host->next_ok = t + job->host->delay;
		if (!job->is_robots)
			r->started++;
		if (r->o->verbosity >= CRAWLER_VERBOSE)
			logf_line(r, "GET %s", job->url);
	}
	return rc;
}

static int start_robots(struct run *r, struct crawl_host *h)
{
	struct crawl_job *job = job_new(ROBOTS_MAX_BODY);
	int rc;

	if (!job)
		return VN_ENOMEM;
	job->is_robots = true;
	job->host = h;
	if (!(job->url = malloc(strlen(h->origin) + sizeof "/robots.txt"))) {
		crawler_job_free(job);
		return VN_ENOMEM;
	}
	memcpy(job->url, h->origin, strlen(h->origin));
	memcpy(job->url + strlen(h->origin), "/robots.txt", sizeof "/robots.txt");
	if ((rc = start_job(r, job))) {
		crawler_job_free(job);
		return rc;
	}
	h->robots_state = ROBOTS_PENDING;
	return VN_OK;
}

static bool limits_hit(struct run *r)
{
	if (r->o->max_pages > 0 && r->started >= r->o->max_pages)
		return true;
	return r->o->max_time > 0 && now_mono() - r->t0 >= r->o->max_time;
}

/* Starts what politeness allows; `*wake` gets the earliest time a waiting host may go. */
static int dispatch(struct run *r, double *wake)
{
	double t = now_mono();
	int rc = VN_OK;

	*wake = t + 1.0;
	for (size_t i = 0; i < r->n_hosts; i++) {
		struct crawl_host *h = r->hosts[i];

		while (!h->parked && h->queued && r->active < r->o->max_conns &&
		       h->active < r->o->max_per_host && r->pending < PIPE_MAX && !r->stopping) {
			struct crawl_job *job;
			const char *path;
			bool exists = false;

			if (h->next_ok > t) {
				if (h->next_ok < *wake)
					*wake = h->next_ok;
				break;
			}
			if (h->robots_state == ROBOTS_NONE) {
				if ((rc = start_robots(r, h)))
					goto out;
				continue;
			}
			if (h->robots_state == ROBOTS_PENDING)
				break;
			if (limits_hit(r)) {
				r->stopping = true;
				r->st->limit_hit = true;
				break;
			}
			job = host_pop(h);
			r->in_memory--;
			/* a redirect's target on this origin is asked under the same rules */
			path = crawler_url_path(job->fetch_url ? job->fetch_url : job->url);
			if (h->robots && !crawler_robots_allowed(h->robots, *path ? path : "/", NULL, NULL)) {
				r->st->skipped_robots++;
				if (r->o->verbosity >= CRAWLER_VERBOSE)
					logf_line(r, "robots.txt disallows %s", job->url);
				rc = mark_alone(r, job->id, CORPUS_URL_SKIPPED, "disallowed by robots.txt");
				idset_del(&r->held, job->id);
				crawler_job_free(job);
				if (rc)
					goto out;
				continue;
			}
			if (!job->is_listing && !r->o->refresh) {
				if ((rc = corpus_article_exists(r->db, job->url, &exists))) {
					snprintf(r->err, r->errlen, "%s", corpus_db_errmsg(r->db));
					crawler_job_free(job);
					goto out;
				}
				if (exists) {
					rc = mark_alone(r, job->id, CORPUS_URL_DONE, NULL);
					idset_del(&r->held, job->id);
					crawler_job_free(job);
					if (rc)
						goto out;
					continue;
				}
			}
			if ((rc = start_job(r, job))) {
				crawler_job_free(job);
				goto out;
			}
		}
	}
out:
	return rc;
}

/* ---- finishing transfers ---- */

static int body_decoded(struct run *r, struct crawl_job *job, struct crawler_http_response *hr,
			const char **data, size_t *len);

/* The Sitemap: lines of a robots.txt join the frontier as listings (in scope only). */
static void robots_sitemaps(struct run *r, struct crawl_host *h)
{
	const char *const *sm;
	size_t n = crawler_robots_sitemaps(h->robots, &sm);

	if (!n || corpus_db_begin(r->db) != VN_OK)
		return;
	for (size_t i = 0; i < n; i++) {
		char *canon = NULL;
		struct run_site *site;
		bool added = false;

		if (crawler_url_canon(sm[i], h->origin, r->o->max_url_len, &canon) != VN_OK)
			continue;
		if ((site = scope_of(r, canon)) &&
		    corpus_frontier_add(r->db, canon, site->name, 1, 0, true, false, &added) != VN_OK) {
			free(canon);
			corpus_db_rollback(r->db);
			return;
		}
		if (added)
			r->frontier_dirty = true;
		free(canon);
	}
	if (corpus_db_commit(r->db) != VN_OK)
		corpus_db_rollback(r->db);
}

static void robots_done(struct run *r, struct crawl_job *job, const struct fetch_result *res)
{
	struct crawl_host *h = job->host;
	int rc = VN_OK;

	r->st->robots_fetched++;
	if (res->code == CURLE_OK && res->status >= 200 && res->status < 300) {
		struct crawler_http_response hr;
		const char *data;
		size_t len;

		crawler_http_response_init(&hr);
		rc = body_decoded(r, job, &hr, &data, &len);
		if (rc == VN_OK)
			rc = crawler_robots_parse(data, len, r->user_agent, &h->robots);
		crawler_http_response_release(&hr);
	} else if (res->code == CURLE_OK && res->status >= 400 && res->status < 500) {
		rc = crawler_robots_allow_all(&h->robots); /* RFC 9309 2.3.1.3: unavailable */
	} else if (job->too_big) {
		/* Parse what fits: RFC 9309 lets a crawler stop at 500 KiB. */
		rc = crawler_robots_parse(job->body.data, job->body.len, r->user_agent, &h->robots);
	} else {
		/* 5xx or unreachable: RFC 9309 2.3.1.4 says assume complete disallow; we wait.
		 * A certificate problem will not go away in a few seconds: park at once. */
		enum crawler_err_kind kind = crawler_fetch_err_kind(res->code, res->status, false);
		bool tls = kind == CRAWLER_ERR_TLS;

		/* each failed attempt is an error of its kind in the summary: a run whose hosts
		 * could not even be reached must not read "errors: 0" in the cron mail */
		r->st->errors[kind]++;
		h->robots_tries++;
		if (tls) {
			char why[CURL_ERROR_SIZE + 128];

			snprintf(why, sizeof why, "TLS: %s (an incomplete certificate chain? try "
				 "--ca-bundle, or insecure = yes for the site)",
				 job->errbuf[0] ? job->errbuf : curl_easy_strerror(res->code));
			host_park(r, h, why);
		} else if (h->robots_tries >= ROBOTS_TRIES) {
			char why[CURL_ERROR_SIZE + 32];

			snprintf(why, sizeof why, "robots.txt %s",
				 res->code != CURLE_OK ? (job->errbuf[0] ? job->errbuf
							  : curl_easy_strerror(res->code))
						      : "answered a server error");
			host_park(r, h, why);
		} else {
			h->next_ok = now_mono() + backoff(h->robots_tries);
			h->robots_state = ROBOTS_NONE;
			r->st->retries++;
		}
		return;
	}
	if (rc || !h->robots) {
		host_park(r, h, "robots.txt could not be read");
		return;
	}
	h->robots_state = ROBOTS_READY;
	robots_sitemaps(r, h);
	if (crawler_robots_crawl_delay(h->robots) > h->delay) {
		double d = crawler_robots_crawl_delay(h->robots);

		h->delay = d < r->o->crawl_delay_cap ? d : r->o->crawl_delay_cap;
	}
	if (h->next_ok < now_mono() + h->delay)
		h->next_ok = now_mono() + h->delay;
}

/* Links to files the parser cannot read are not worth a request. */
static bool binary_extension(const char *url)
{
	static const char *const exts[] = { ".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg",
		".bmp", ".ico", ".pdf", ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx", ".zip",
		".rar", ".7z", ".mp3", ".mp4", ".avi", ".wmv", ".flv", ".css", ".js", ".exe", NULL };
	const char *end = url + strcspn(url, "?#");
	const char *dot = end;

	while (dot > url && *dot != '.' && *dot != '/')
		dot--;
	if (*dot != '.')
		return false;
	for (size_t i = 0; exts[i]; i++)
		if ((size_t)(end - dot) == strlen(exts[i]) && !strncasecmp(dot, exts[i], strlen(exts[i])))
			return true;
	return false;
}

/* An idset key (positive, so never IDSET_EMPTY or IDSET_GONE) from a 64-bit hash. */
static int64_t idset_key(uint64_t h)
{
	return (int64_t)(h >> 2) + 1;
}

/* Adds the links of a page to the frontier (inside the page's transaction). */
/* Offers `links` (resolved against `base`) to the frontier at `depth`. */
static int add_links(struct run *r, int depth, char **links, size_t n, const char *base,
		     int priority_boost)
{
	int rc = VN_OK;

	if (depth > r->o->max_depth)
		goto out;
	for (size_t i = 0; i < n; i++) {
		char *canon = NULL;
		struct run_site *site;
		const char *path;
		bool added = false, listing = false, article = false;
		int prio;

		{
			/* Links come resolved, without the hrefs the parser met on earlier pages
			 * (link_seen); another href to a URL met before skips the
			 * canonicalization below. */
			int64_t rkey = idset_key(fnv1a(links[i], strlen(links[i]), 0x9e3779b97f4a7c15ULL));

			if (idset_has(&r->seen_raw, rkey))
				continue;
			if ((rc = idset_add(&r->seen_raw, rkey)))
				goto out;
		}
		if (crawler_url_canon(links[i], base, r->o->max_url_len, &canon) != VN_OK)
			continue;
		{
			/* A link seen before this run went through the checks below already:
			 * skip the SQL (menus and "Tin liên quan" repeat on every page). */
			int64_t key = idset_key(fnv1a(canon, strlen(canon), 0xcbf29ce484222325ULL));

			if (idset_has(&r->seen, key)) {
				free(canon);
				continue;
			}
			if ((rc = idset_add(&r->seen, key))) {
				free(canon);
				goto out;
			}
		}
		if (binary_extension(canon)) {
			r->st->skipped_type++;
			free(canon);
			continue;
		}
		site = scope_of(r, canon);
		if (!site || crawler_url_trap(canon, r->year_now) ||
		    !budget_take(&r->budget, canon, r->o->max_per_pattern, r->o->max_calendar)) {
			if (site)
				r->st->skipped_scope++;
			free(canon);
			continue;
		}
		path = crawler_url_path(canon);
		if (site->cfg) {
			listing = any_match(site->cfg->listing, site->cfg->n_listing, path);
			article = any_match(site->cfg->article, site->cfg->n_article, path);
		}
		prio = listing ? 1 : (article ? 3 : 2 + depth) + priority_boost;
		rc = corpus_frontier_add(r->db, canon, site->name, depth, prio, listing, false,
					 &added);
		free(canon);
		if (rc) {
			snprintf(r->err, r->errlen, "%s", corpus_db_errmsg(r->db));
			goto out;
		}
		if (added)
			r->frontier_dirty = true;
	}
out:
	return rc;
}

/* Appends the fetch to the WARC file (--warc); `loc` gets where the response landed. */
/* Appends one fetch to the WARC file; `loc` gets where the response landed.  The writer
 * is shared with the page worker, which archives the pages it analyses. */
static int warc_write(struct page_worker *w, struct crawler_warc_writer *warc,
		      const struct crawl_job *job, const char *url, const char *ip,
		      struct crawler_warc_loc *loc)
{
	struct crawler_warc_fetch f = {
		.url = url ? url : job->url,
		.date = job->sent_at,
		.req_head = job->req_head.data, .req_head_len = job->req_head.len,
		.resp_head = job->resp_head.data, .resp_head_len = job->resp_head.len,
		.body = job->body.data, .body_len = job->body.len,
		.ip = ip && *ip ? ip : NULL,
	};
	int rc;

	if (!job->resp_head.len)
		return VN_OK; /* nothing came back to archive */
	if (w->started)
		pthread_mutex_lock(&w->warc_mu);
	rc = crawler_warc_write_fetch(warc, &f, loc);
	if (w->started)
		pthread_mutex_unlock(&w->warc_mu);
	return rc;
}

/* Appends the fetch to the WARC file (--warc), from the main thread. */
static int warc_record(struct run *r, struct crawl_job *job, const struct fetch_result *res,
		       struct crawler_warc_loc *loc)
{
	char *ip = NULL;
	int rc;

	curl_easy_getinfo(job->easy, CURLINFO_PRIMARY_IP, &ip);
	if ((rc = warc_write(&r->worker, r->warc, job, res->effective_url, ip, loc)))
		snprintf(r->err, r->errlen, "%s: writing the WARC record: %s", job->url,
			 vn_strerror(rc));
	return rc;
}

/* The body as the parser wants it: with `raw` (--warc) the bytes kept are still
 * content-encoded, so decode them here (gzip, deflate, br) from the header and body as
 * received.  Touches nothing shared: the page worker runs it. */
static int decode_body(bool raw, long max_body, const struct crawl_job *job,
		       struct crawler_http_response *hr, const char **data, size_t *len,
		       char *msg, size_t msglen)
{
	struct vn_buf block;
	int rc;

	*data = job->body.data;
	*len = job->body.len;
	msg[0] = '\0';
	if (!raw)
		return VN_OK;
	vn_buf_init(&block, job->resp_head.len + job->body.len + 1);
	if ((rc = vn_buf_add(&block, job->resp_head.data, job->resp_head.len)) ||
	    (rc = vn_buf_add(&block, job->body.data, job->body.len)))
		goto out;
	rc = crawler_http_response_parse(block.data, block.len, (size_t)max_body * 4, hr, msg,
					 msglen);
	if (rc == VN_OK) {
		*data = hr->body.data;
		*len = hr->body.len;
	}
out:
	vn_buf_release(&block);
	return rc;
}

static int body_decoded(struct run *r, struct crawl_job *job, struct crawler_http_response *hr,
			const char **data, size_t *len)
{
	char msg[256];
	int rc = decode_body(r->warc != NULL, r->o->max_body, job, hr, data, len, msg, sizeof msg);

	if (rc != VN_OK && rc != VN_ENOMEM)
		logf_line(r, "vnnews: %s: cannot decode the body: %s", job->url, msg);
	return rc;
}

/* Whether a response is a sitemap or a feed rather than a page. */
static bool is_feed(const char *ct, const char *data, size_t len)
{
	if (ct && (strstr(ct, "xml") && !strstr(ct, "xhtml")))
		return true;
	if (ct && strstr(ct, "gzip"))
		return true;
	while (len && (*data == ' ' || *data == '\n' || *data == '\r' || *data == '\t')) {
		data++;
		len--;
	}
	if (len >= 3 && (unsigned char)data[0] == 0xEF && (unsigned char)data[1] == 0xBB)
		data += 3, len -= 3;
	return (len >= 5 && !memcmp(data, "<?xml", 5)) ||
	       (len >= 2 && (unsigned char)data[0] == 0x1f && (unsigned char)data[1] == 0x8b);
}

struct feed_ctx {
	struct run *r;
	struct crawl_job *job;
	long added;
	int rc;
};

/* One sitemap or feed entry into the frontier, inside the feed's transaction: child
 * sitemaps are listings (refetched each run), entries are pages one level down. */
static int feed_entry(void *vctx, const struct crawler_feed_entry *e)
{
	struct feed_ctx *c = vctx;
	struct run *r = c->r;
	struct run_site *site;
	bool added = false;
	int rc;

	if (binary_extension(e->url) || !(site = scope_of(r, e->url)) ||
	    crawler_url_trap(e->url, r->year_now))
		return 0;
	rc = corpus_frontier_add(r->db, e->url, site->name, c->job->depth + 1,
				 e->is_sitemap ? 0 : 2, e->is_sitemap, false, &added);
	if (rc) {
		snprintf(r->err, r->errlen, "%s", corpus_db_errmsg(r->db));
		c->rc = rc;
		return 1;
	}
	if (added) {
		c->added++;
		r->frontier_dirty = true;
	}
	return 0;
}

/* A sitemap or feed: its entries feed the frontier; it is kept as a listing. */
static int feed_done(struct run *r, struct crawl_job *job, const struct fetch_result *res,
		     const char *data, size_t len)
{
	struct feed_ctx c = { r, job, 0, VN_OK };
	enum crawler_feed_kind kind = CRAWLER_FEED_UNKNOWN;
	char msg[512] = "";
	long n = 0;
	bool added;
	int rc, prc;

	if ((rc = corpus_db_begin(r->db))) {
		snprintf(r->err, r->errlen, "%s", corpus_db_errmsg(r->db));
		return rc;
	}
	prc = crawler_feed_parse(data, len, job->url, feed_entry, &c, &kind, &n, msg, sizeof msg);
	if (c.rc) {
		rc = c.rc;
		goto rollback;
	}
	if (prc && prc != VN_EPARSE) {
		/* Not a sitemap or feed after all (or too big): recorded, not followed. */
		corpus_db_rollback(r->db);
		r->st->skipped_type++;
		return mark_alone(r, job->id, CORPUS_URL_SKIPPED, msg[0] ? msg : vn_strerror(prc));
	}
	if (prc)
		logf_line(r, "vnnews: %s", msg); /* broken XML: the entries before it count */
	if ((rc = frontier_mark(r, job->id, CORPUS_URL_DONE, res->etag, res->last_modified,
				NULL)))
		goto rollback;
	if (!job->is_listing &&
	    ((rc = corpus_frontier_add(r->db, job->url, job->site, job->depth, 0, true, true,
				       &added)) ||
	     (rc = frontier_mark(r, job->id, CORPUS_URL_DONE, NULL, NULL, NULL)))) {
		snprintf(r->err, r->errlen, "%s", corpus_db_errmsg(r->db));
		goto rollback;
	}
	if ((rc = corpus_db_commit(r->db))) {
		snprintf(r->err, r->errlen, "%s", corpus_db_errmsg(r->db));
		return rc;
	}
	r->st->feeds++;
	if (r->o->verbosity >= CRAWLER_VERBOSE)
		logf_line(r, "%ld %s (%s, %ld entries, %ld new)", res->status, job->url,
			  kind == CRAWLER_FEED_INDEX ? "sitemap index" :
			  kind == CRAWLER_FEED_URLSET ? "sitemap" : "feed", n, c.added);
	return VN_OK;
rollback:
	corpus_db_rollback(r->db);
	return rc;
}

struct page_ctx {
	struct run *r;
	struct crawl_job *job;
	const char *base;
	bool parsed, is_article, is_listing;
};

/* crawler_page_store's hook: the page is parsed, its links join the frontier in the
 * page's own transaction. */
static int page_parsed(void *vctx, const struct parser_article *a, bool is_article,
		       bool is_listing)
{
	struct page_ctx *c = vctx;
	int rc;

	c->parsed = true;
	c->is_article = is_article;
	c->is_listing = is_listing || c->job->is_listing;
	c->r->st->pages++;
	if (a->overrides_missed && c->r->o->verbosity >= CRAWLER_VERBOSE) {
		const struct run_site *site = site_by_name(c->r, c->job->site);

		logf_line(c->r, "vnnews: %s: site [%s] (line %d):%s%s%s gives nothing usable on "
			  "this page; the heuristics decided", c->base, c->job->site,
			  site && site->cfg ? site->cfg->line : 0,
			  a->overrides_missed & PARSER_OVERRIDE_TITLE ? " xpath_title" : "",
			  a->overrides_missed & PARSER_OVERRIDE_BODY ? " xpath_body" : "",
			  a->overrides_missed & PARSER_OVERRIDE_DATE ? " xpath_date" : "");
	}
	if ((rc = add_links(c->r, c->job->depth + 1, a->links, a->n_links, c->base, 0)))
		return rc;
	return add_links(c->r, c->job->depth + 1, a->feeds, a->n_feeds, c->base, -1);
}

/* The raw copy the corpus keeps of an article (no --warc), compressed here rather than on
 * the database thread; on any failure the corpus compresses it itself. */
static void work_compress(struct page_worker *w, struct page_work *pw)
{
	const struct vn_buf *body = &pw->job->body;
	uLong bound;

	if (!body->len || body->len > UINT32_MAX / 2)
		return;
	if (!w->zs_ready) {
		memset(&w->zs, 0, sizeof w->zs);
		if (deflateInit(&w->zs, Z_BEST_SPEED) != Z_OK)
			return;
		w->zs_ready = true;
	} else if (deflateReset(&w->zs) != Z_OK) {
		return;
	}
	bound = deflateBound(&w->zs, (uLong)body->len);
	vn_buf_init(&pw->zraw, (size_t)bound + 1);
	if (vn_buf_grow(&pw->zraw, (size_t)bound) != VN_OK)
		return;
	w->zs.next_in = (Bytef *)body->data;
	w->zs.avail_in = (uInt)body->len;
	w->zs.next_out = (Bytef *)pw->zraw.data;
	w->zs.avail_out = (uInt)bound;
	if (deflate(&w->zs, Z_FINISH) == Z_STREAM_END)
		pw->zraw.len = w->zs.total_out;
}

/* parser_input.link_seen for the page worker: whether an href was resolved and offered
 * to the frontier before in this run (a link repeated on every page, in a menu or a pager,
 * is then resolved once, not once per page). */
static bool worker_link_seen(void *ctx, uint64_t key)
{
	struct idset *s = ctx;
	int64_t k = idset_key(key);

	if (idset_has(s, k))
		return true;
	/* out of memory, the href is only resolved again when it comes back */
	(void)idset_add(s, k);
	return false;
}

/* The CPU half of a page, on the worker thread: decode, then (unless it is a sitemap or a
 * feed, which the main thread reads into the frontier) parse, page kind and classify. */
static void work_analyse(struct page_worker *w, struct page_work *pw)
{
	const char *data;
	size_t len;

	if (w->warc && (pw->warc_rc = warc_write(w, w->warc, pw->job,
						 pw->effective_url, pw->ip, &pw->loc)))
		return;
	pw->decode_rc = decode_body(w->raw, w->max_body, pw->job, &pw->hr, &data, &len,
				    pw->decode_msg, sizeof pw->decode_msg);
	if (pw->decode_rc)
		return;
	pw->page.data = data;
	pw->page.len = len;
	if (is_feed(pw->content_type, data, len)) {
		pw->is_feed = true;
		return;
	}
	if (pw->effective_url && strcmp(pw->effective_url, pw->job->url) != 0 &&
	    crawler_url_canon(pw->effective_url, NULL, w->max_url_len, &pw->eff) == VN_OK)
		pw->page.url = pw->eff;
	pw->rc = crawler_page_analyse(w->lex, &pw->page, &pw->res);
	if (pw->rc == VN_OK && pw->res.is_article && !w->warc)
		work_compress(w, pw);
}

static void queue_push(struct page_queue *q, struct page_work *pw)
{
	pw->next = NULL;
	if (q->tail)
		q->tail->next = pw;
	else
		q->head = pw;
	q->tail = pw;
}

static void *worker_main(void *arg)
{
	struct page_worker *w = arg;

	pthread_mutex_lock(&w->mu);
	for (;;) {
		struct page_work *pw;

		while (!w->in.head && !w->quit)
			pthread_cond_wait(&w->cv, &w->mu);
		if (w->quit)
			break;
		pw = w->in.head;
		w->in.head = pw->next;
		if (!w->in.head)
			w->in.tail = NULL;
		pthread_mutex_unlock(&w->mu);
		work_analyse(w, pw);
		pthread_mutex_lock(&w->mu);
		/* The main thread takes the whole queue at once: wake it (it may sit in
		 * curl_multi_poll) only when the queue was empty. */
		if (!w->out.head)
			curl_multi_wakeup(w->multi);
		queue_push(&w->out, pw);
	}
	pthread_mutex_unlock(&w->mu);
	return NULL;
}

static int worker_start(struct run *r)
{
	struct page_worker *w = &r->worker;
	sigset_t all, old;
	int e;

	w->multi = r->multi;
	w->lex = r->lex;
	w->max_body = r->o->max_body;
	w->max_url_len = r->o->max_url_len;
	w->raw = r->warc != NULL;
	w->warc = r->warc;
	if (pthread_mutex_init(&w->mu, NULL))
		return VN_ENOMEM;
	if (pthread_mutex_init(&w->warc_mu, NULL)) {
		pthread_mutex_destroy(&w->mu);
		return VN_ENOMEM;
	}
	if (pthread_cond_init(&w->cv, NULL)) {
		pthread_mutex_destroy(&w->warc_mu);
		pthread_mutex_destroy(&w->mu);
		return VN_ENOMEM;
	}
	xmlInitParser(); /* once, here: the worker's HTML parsing and our XML reader share it */
	/* SIGINT/SIGTERM go to the main thread, which owns the stop flag's loop. */
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	e = pthread_create(&w->thread, NULL, worker_main, w);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (e) {
		pthread_cond_destroy(&w->cv);
		pthread_mutex_destroy(&w->warc_mu);
		pthread_mutex_destroy(&w->mu);
		snprintf(r->err, r->errlen, "cannot start the page worker thread: %s", strerror(e));
		return VN_ENOMEM;
	}
	w->started = true;
	return VN_OK;
}

static void work_free(struct run *r, struct page_work *pw)
{
	struct crawl_job *job = pw->job;

	if (job) {
		/* Recorded (or, on a parked host, left queued for the next run: keep it held). */
		if (!job->host->parked)
			idset_del(&r->held, job->id);
		crawler_job_free(job);
	}
	free(pw->content_type);
	free(pw->effective_url);
	free(pw->etag);
	free(pw->last_modified);
	free(pw->ip);
	crawler_warc_loc_release(&pw->loc);
	crawler_http_response_release(&pw->hr);
	crawler_page_result_release(&pw->res);
	vn_buf_release(&pw->zraw);
	free(pw->eff);
	free(pw);
}

static void worker_stop(struct run *r)
{
	struct page_worker *w = &r->worker;
	struct page_work *pw;

	if (!w->started)
		return;
	pthread_mutex_lock(&w->mu);
	w->quit = true;
	pthread_cond_signal(&w->cv);
	pthread_mutex_unlock(&w->mu);
	pthread_join(w->thread, NULL);
	w->started = false;
	while ((pw = w->in.head)) {
		w->in.head = pw->next;
		work_free(r, pw);
	}
	while ((pw = w->out.head)) {
		w->out.head = pw->next;
		work_free(r, pw);
	}
	w->in.tail = w->out.tail = NULL;
	if (w->zs_ready)
		deflateEnd(&w->zs);
	w->zs_ready = false;
	pthread_cond_destroy(&w->cv);
	pthread_mutex_destroy(&w->warc_mu);
	pthread_mutex_destroy(&w->mu);
}

static char *dup_or_null(const char *s, bool *fail)
{
	char *d = NULL;

	if (s && !(d = strdup(s)))
		*fail = true;
	return d;
}

/* Hands a fetched 2xx page to the worker: copies what the easy handle holds, frees the
 * handle, moves the job, the validators and the WARC location into the work item.
 * `*handed` says whether the job now belongs to the pipeline. */
static int page_submit(struct run *r, struct crawl_job *job, struct fetch_result *res,
		       struct crawler_warc_loc *loc, bool *handed)
{
	struct page_work *pw = calloc(1, sizeof *pw);
	struct run_site *site = site_by_name(r, job->site);
	bool fail = false;
	char *ip = NULL;

	*handed = false;
	if (!pw)
		return VN_ENOMEM;
	curl_easy_getinfo(job->easy, CURLINFO_PRIMARY_IP, &ip);
	pw->content_type = dup_or_null(res->content_type, &fail);
	pw->effective_url = dup_or_null(res->effective_url, &fail);
	pw->ip = dup_or_null(ip, &fail);
	if (fail) {
		free(pw->content_type);
		free(pw->effective_url);
		free(pw->ip);
		free(pw);
		return VN_ENOMEM;
	}
	pw->status = res->status;
	pw->etag = res->etag;
	pw->last_modified = res->last_modified;
	res->etag = res->last_modified = NULL;
	pw->loc = *loc;
	loc->file = NULL;
	crawler_fetch_finish(r->multi, job);
	res->effective_url = res->content_type = NULL; /* they lived in the easy handle */
	pw->job = job;
	crawler_http_response_init(&pw->hr);
	vn_buf_init(&pw->zraw, 0);
	pw->page.url = job->url;
	pw->page.content_type = pw->content_type;
	pw->page.site = site ? site->name : job->site;
	pw->page.province = site ? site->province : NULL;
	if (site && site->cfg) {
		pw->page.article = site->cfg->article;
		pw->page.n_article = site->cfg->n_article;
		pw->page.listing = site->cfg->listing;
		pw->page.n_listing = site->cfg->n_listing;
		pw->page.xpath_title = site->cfg->xpath_title;
		pw->page.xpath_body = site->cfg->xpath_body;
		pw->page.xpath_date = site->cfg->xpath_date;
	}
	/* a page at the depth limit offers no links (add_links), so it must not mark any */
	if (job->depth + 1 <= r->o->max_depth) {
		pw->page.link_seen = worker_link_seen;
		pw->page.link_seen_ctx = &r->worker.links_seen;
	}
	pthread_mutex_lock(&r->worker.mu);
	if (!r->worker.in.head)
		pthread_cond_signal(&r->worker.cv); /* it waits only on an empty queue */
	queue_push(&r->worker.in, pw);
	pthread_mutex_unlock(&r->worker.mu);
	r->pending++;
	*handed = true;
	return VN_OK;
}

/* The database half of one 200 page (crawler_page_write: links, article, frontier mark)
 * as one unit: a nested transaction inside the run's batch. */
static int page_finish(struct run *r, struct page_work *pw)
{
	struct crawl_job *job = pw->job;
	struct fetch_result res = {
		.code = CURLE_OK, .status = pw->status, .effective_url = pw->effective_url,
		.content_type = pw->content_type, .etag = pw->etag,
		.last_modified = pw->last_modified, .retry_after = -1,
	};
	struct page_ctx c = { r, job, pw->page.url, false, false, false };
	struct corpus_raw raw = {
		.data = job->body.data, .len = job->body.len,
		.content_type = pw->content_type, .fetched_at = job->sent_at,
	};
	enum crawler_page_outcome oc = CRAWLER_PAGE_NOT_ARTICLE;
	bool labels[CLASSIFY_N];
	int rc;

	if ((rc = batch_begin(r)))
		return rc;
	if (pw->warc_rc) {
		snprintf(r->err, r->errlen, "%s: writing the WARC record: %s", job->url,
			 vn_strerror(pw->warc_rc));
		return pw->warc_rc;
	}
	if (pw->decode_rc) {
		if (pw->decode_rc == VN_ENOMEM)
			return pw->decode_rc;
		logf_line(r, "vnnews: %s: cannot decode the body: %s", job->url, pw->decode_msg);
		r->st->errors[CRAWLER_ERR_PARSE]++;
		return mark_alone(r, job->id, CORPUS_URL_FAILED, "cannot decode the body");
	}
	if (pw->is_feed)
		return feed_done(r, job, &res, pw->page.data, pw->page.len);
	if (pw->rc == VN_ENOMEM)
		return pw->rc;
	if (pw->rc && !pw->res.parsed) {
		r->st->errors[CRAWLER_ERR_PARSE]++;
		logf_line(r, "vnnews: %s: cannot extract the page: %s", job->url,
			  vn_strerror(pw->rc));
		return mark_alone(r, job->id, CORPUS_URL_FAILED, vn_strerror(pw->rc));
	}
	if (pw->rc) {
		snprintf(r->err, r->errlen, "%s: classifying the article: %s", job->url,
			 vn_strerror(pw->rc));
		return pw->rc;
	}
	pw->page.on_parsed = page_parsed;
	pw->page.ctx = &c;
	if (pw->zraw.len) {
		raw.zdata = pw->zraw.data;
		raw.zlen = pw->zraw.len;
	}
	if (pw->loc.file) {
		raw.warc_file = pw->loc.file;
		raw.warc_offset = pw->loc.offset;
		raw.warc_length = pw->loc.length;
		raw.data = NULL;
		raw.len = 0;
	}
	if ((rc = corpus_db_begin(r->db))) {
		snprintf(r->err, r->errlen, "%s", corpus_db_errmsg(r->db));
		return rc;
	}
	if ((rc = crawler_page_write(r->db, r->lex, &pw->page, &raw, &pw->res, &oc, labels))) {
		if (!r->err[0])
			snprintf(r->err, r->errlen, "%s: storing the article: %s", job->url,
				 corpus_db_errmsg(r->db));
		goto rollback;
	}
	if ((rc = frontier_mark(r, job->id, CORPUS_URL_DONE, res.etag, res.last_modified, NULL)))
		goto rollback;
	if (c.is_listing && !job->is_listing) {
		/* Remember it as a listing (refetched each run): requeue flags it, mark redoes. */
		bool added;

		if ((rc = corpus_frontier_add(r->db, job->url, job->site, job->depth, 1, true, true,
					      &added)) ||
		    (rc = frontier_mark(r, job->id, CORPUS_URL_DONE, NULL, NULL, NULL))) {
			snprintf(r->err, r->errlen, "%s", corpus_db_errmsg(r->db));
			goto rollback;
		}
	}
	if ((rc = corpus_db_commit(r->db))) {
		snprintf(r->err, r->errlen, "%s", corpus_db_errmsg(r->db));
		return rc;
	}
	if (c.is_listing)
		r->st->listings++;
	if (oc == CRAWLER_PAGE_NEW || oc == CRAWLER_PAGE_UPDATED) {
		if (oc == CRAWLER_PAGE_NEW)
			r->st->articles_new++;
		else
			r->st->articles_updated++;
		for (int k = 0; k < CLASSIFY_N; k++)
			if (labels[k])
				r->st->tags[k]++;
	}
	if (r->o->verbosity >= CRAWLER_VERBOSE)
		logf_line(r, "%ld %s (%s%s, %zu bytes)", res.status, job->url,
			  c.is_article ? "article" : c.is_listing ? "listing" : "page",
			  c.is_article ? (oc == CRAWLER_PAGE_NEW ? ", new" : ", updated") : "",
			  job->body.len);
	return VN_OK;
rollback:
	corpus_db_rollback(r->db);
	return rc;
}

/* Finishes the pages the worker is done with (after a fatal error only frees them). */
static int pages_collect(struct run *r, int rc, bool *any)
{
	struct page_work *pw;

	pthread_mutex_lock(&r->worker.mu);
	pw = r->worker.out.head;
	r->worker.out.head = r->worker.out.tail = NULL;
	pthread_mutex_unlock(&r->worker.mu);
	while (pw) {
		struct page_work *next = pw->next;

		if (rc == VN_OK)
			rc = page_finish(r, pw);
		work_free(r, pw);
		r->pending--;
		*any = true;
		pw = next;
	}
	return rc;
}

static int job_failed(struct run *r, struct crawl_job *job, const struct fetch_result *res,
		      bool *requeue)
{
	struct crawl_host *h = job->host;
	enum crawler_err_kind kind = crawler_fetch_err_kind(res->code, res->status, job->too_big);
	bool transient = false;
	char why[CURL_ERROR_SIZE + 64];
	double t = now_mono();

	*requeue = false;
	r->st->errors[kind]++;
	if (job->too_big)
		snprintf(why, sizeof why, "body larger than %ld bytes, dropped", r->o->max_body);
	else if (res->code != CURLE_OK)
		snprintf(why, sizeof why, "%s", job->errbuf[0] ? job->errbuf
							      : curl_easy_strerror(res->code));
	else
		snprintf(why, sizeof why, "HTTP %ld", res->status);

	if (res->code == CURLE_OK && (res->status == 429 || res->status == 503)) {
		double wait = res->retry_after >= 0 ? res->retry_after : backoff(h->fails + 1);

		if (h->next_ok < t + wait)
			h->next_ok = t + wait;
		transient = true;
		h->fails++;
		if (wait > RETRY_AFTER_PARK) {
			/* Waiting that long would hold the whole run for one host. */
			char msg[96];

			snprintf(msg, sizeof msg, "HTTP %ld with Retry-After %.0f s", res->status, wait);
			logf_line(r, "vnnews: %s: %s", job->url, msg);
			host_park(r, h, msg);
			r->st->postponed++;
			return VN_OK; /* the URL stays queued for the next run */
		}
	} else if ((res->code == CURLE_OK && res->status >= 500) ||
		   (res->code != CURLE_OK && !job->too_big && kind != CRAWLER_ERR_REDIRECT &&
		    kind != CRAWLER_ERR_TLS)) {
		transient = true;
		h->fails++;
		if (h->next_ok < t + backoff(h->fails))
			h->next_ok = t + backoff(h->fails);
	}
	if (r->o->verbosity >= CRAWLER_VERBOSE || !transient)
		logf_line(r, "vnnews: %s: %s", job->url, why);
	if (transient && job->attempts + 1 < r->o->max_retries && !r->stopping) {
		job->attempts++;
		r->st->retries++;
		*requeue = true;
	} else {
		r->st->failed++;
		if (transient && r->o->verbosity < CRAWLER_VERBOSE)
			logf_line(r, "vnnews: %s: %s (giving up after %d attempts)", job->url, why,
				  job->attempts + 1);
		if (mark_alone(r, job->id, CORPUS_URL_FAILED, why))
			return VN_EDB;
	}
	if (h->fails >= r->o->park_after)
		host_park(r, h, why);
	return VN_OK;
}

/* Whether the scope grows to the host a start page moved to: a portal that moved to a new
 * domain (the 2025 provinces' merger moved many) redirects its old address there.  Only
 * for a site named by a command-line URL, whose scope is its host: a sites file's `hosts`
 * are the scope as written, and the log says which host to add. */
static bool scope_follows_move(struct run *r, const struct crawl_job *job, const char *canon)
{
	char *origin = NULL, host[256], from[256];
	struct run_site *s;
	bool grown = false;

	if (job->depth != 0 || crawler_url_origin(canon, &origin, NULL) != VN_OK)
		return false;
	origin_host(origin, host, sizeof host);
	free(origin);
	origin_host(job->host->origin, from, sizeof from);
	if (!(s = site_for_host(r, from)))
		return false;
	if (s->cfg) {
		logf_line(r, "vnnews: %s: start page moved to %s, outside the hosts of site '%s' "
			  "(add it to its hosts to follow)", job->url, host, s->name);
	} else if (s->n_hosts < OWN_HOSTS_MAX && (s->own_hosts[s->n_hosts] = strdup(host))) {
		s->n_hosts++;
		grown = true;
		logf_line(r, "vnnews: %s: start page moved to %s; following it there", job->url,
			  host);
	}
	return grown;
}

/* Gives up a URL whose redirect cannot be followed. */
static int redirect_failed(struct run *r, struct crawl_job *job, const char *why)
{
	r->st->errors[CRAWLER_ERR_REDIRECT]++;
	r->st->failed++;
	logf_line(r, "vnnews: %s: %s", job->url, why);
	return mark_alone(r, job->id, CORPUS_URL_FAILED, why) ? VN_EDB : VN_OK;
}

/* A page's redirect, followed here rather than by curl so that no request leaves the
 * crawl's scope: a target on the same origin is asked next (`*requeue`, the host's delay
 * first), one on another origin in scope joins the frontier at the same depth (its
 * robots.txt and host delay then apply), one out of scope is skipped; a chain ends at
 * --max-redirects. */
static int redirect_done(struct run *r, struct crawl_job *job, const struct fetch_result *res,
			 bool *requeue)
{
	char why[512], *canon = NULL, *origin = NULL;
	int rc = VN_OK;

	*requeue = false;
	if (!res->redirect_url || !*res->redirect_url) {
		snprintf(why, sizeof why, "HTTP %ld without a Location", res->status);
		return redirect_failed(r, job, why);
	}
	if (job->redirects >= r->o->max_redirects) {
		snprintf(why, sizeof why, "Maximum (%d) redirects followed", r->o->max_redirects);
		return redirect_failed(r, job, why);
	}
	if (crawler_url_canon(res->redirect_url, NULL, r->o->max_url_len, &canon) != VN_OK) {
		snprintf(why, sizeof why, "redirect to %.400s refused (not an http(s) URL we keep)",
			 res->redirect_url);
		return redirect_failed(r, job, why);
	}
	if (!scope_of(r, canon) && !scope_follows_move(r, job, canon)) {
		r->st->skipped_scope++;
		snprintf(why, sizeof why, "redirect out of scope: %.400s", canon);
		if (r->o->verbosity >= CRAWLER_VERBOSE)
			logf_line(r, "skip %s (%s)", job->url, why);
		free(canon);
		return mark_alone(r, job->id, CORPUS_URL_SKIPPED, why) ? VN_EDB : VN_OK;
	}
	if (r->o->verbosity >= CRAWLER_VERBOSE)
		logf_line(r, "%ld %s -> %s", res->status, job->url, canon);
	if (crawler_url_origin(canon, &origin, NULL) == VN_OK &&
	    strcmp(origin, job->host->origin) == 0) {
		free(job->fetch_url);
		job->fetch_url = canon;
		job->redirects++;
		*requeue = true;
		free(origin);
		return VN_OK;
	}
	if ((rc = corpus_db_begin(r->db)) == VN_OK &&
	    (rc = add_links(r, job->depth, &canon, 1, NULL, 0)) == VN_OK &&
	    (rc = frontier_mark(r, job->id, CORPUS_URL_DONE, NULL, NULL, NULL)) == VN_OK)
		rc = corpus_db_commit(r->db);
	else
		corpus_db_rollback(r->db);
	free(canon);
	free(origin);
	return rc;
}

static int transfer_done(struct run *r, struct crawl_job *job, CURLcode code)
{
	struct fetch_result res;
	struct crawler_warc_loc loc = { NULL, 0, 0 };
	struct crawl_host *h = job->host;
	bool requeue = false, handed = false, to_worker;
	int rc = VN_OK;
	double t = now_mono();

	crawler_fetch_result(job, code, &res);
	/* Before any exit: drain() waits while r->active > 0, so a transfer that ends in an
	 * error must still stop counting. */
	r->active--;
	h->active--;
	if (h->next_ok < t + h->delay)
		h->next_ok = t + h->delay; /* the delay runs from the end of the last request */
	if ((rc = batch_begin(r)))
		goto out;
	r->batch_n++;
	to_worker = !job->is_robots && code == CURLE_OK && !job->too_big && res.status >= 200 &&
		    res.status < 300;
	if (r->warc && code == CURLE_OK && !job->too_big && !to_worker &&
	    (rc = warc_record(r, job, &res, &loc)))
		goto out;
	r->st->bytes += (int64_t)job->body.len;
	if (job->is_robots) {
		robots_done(r, job, &res);
		goto out;
	}
	r->st->fetched++;
	if (code == CURLE_WRITE_ERROR && job->wrong_type) {
		r->st->skipped_type++;
		h->fails = 0;
		if (r->o->verbosity >= CRAWLER_VERBOSE)
			logf_line(r, "skip %s (%s)", job->url, res.content_type ? res.content_type : "?");
		rc = mark_alone(r, job->id, CORPUS_URL_SKIPPED, "not HTML");
		goto out;
	}
	if (code == CURLE_OK && res.status == 304) {
		r->st->not_modified++;
		h->fails = 0;
		if (r->o->verbosity >= CRAWLER_VERBOSE)
			logf_line(r, "304 %s", job->url);
		if ((rc = corpus_db_begin(r->db)) == VN_OK &&
		    (rc = frontier_mark(r, job->id, CORPUS_URL_DONE, res.etag, res.last_modified,
					NULL)) == VN_OK)
			rc = corpus_db_commit(r->db);
		else
			corpus_db_rollback(r->db);
		goto out;
	}
	if (code == CURLE_OK && !job->too_big && res.status >= 300 && res.status < 400) {
		h->fails = 0;
		rc = redirect_done(r, job, &res, &requeue);
		goto out;
	}
	if (code != CURLE_OK || job->too_big || res.status < 200 || res.status >= 300) {
		if ((rc = job_failed(r, job, &res, &requeue)))
			goto out;
		goto out;
	}
	h->fails = 0;
	rc = page_submit(r, job, &res, &loc, &handed);
out:
	crawler_warc_loc_release(&loc);
	crawler_fetch_result_release(&res);
	if (handed)
		return rc; /* the page worker has it now */
	crawler_fetch_finish(r->multi, job); /* after: `res` points into the easy handle */
	if (requeue && !h->parked) {
		host_push(h, job, true);
		r->in_memory++;
	} else {
		/* Recorded (or, on a parked host, left queued for the next run: keep it held so
		 * this run does not take it again). */
		if (!h->parked && !job->is_robots)
			idset_del(&r->held, job->id);
		crawler_job_free(job);
	}
	return rc;
}

/* ---- progress ---- */

static void progress(struct run *r, bool force)
{
	double t = now_mono();
	double el = t - r->t0;
	long errors = 0;
	char hosts[160] = "";
	size_t hl = 0;

	if (r->o->verbosity < CRAWLER_NORMAL)
		return;
	if (!force && t - r->last_progress < (r->o->progress ? 0.25 : 10.0))
		return;
	r->last_progress = t;
	for (int k = 0; k < CRAWLER_ERR_N; k++)
		errors += r->st->errors[k];
	for (size_t i = 0; i < r->n_hosts && hl + 40 < sizeof hosts; i++) {
		if (!r->hosts[i]->active)
			continue;
		hl += (size_t)snprintf(hosts + hl, sizeof hosts - hl, "%s%s", hl ? " " : "",
				       strstr(r->hosts[i]->origin, "://") + 3);
	}
	fprintf(stderr, "%sfetched %ld, queued %zu, %.1f pages/s, %.1f MB, %ld errors%s%s%s",
		r->o->progress ? "\r\033[K" : "progress: ", r->st->fetched, r->in_memory,
		el > 0 ? (double)r->st->fetched / el : 0.0, (double)r->st->bytes / 1e6, errors,
		hl ? ", hosts: " : "", hosts, r->o->progress ? "" : "\n");
	fflush(stderr);
}

/* ---- the run ---- */

static int seed(struct run *r)
{
	int rc;

	if ((rc = corpus_db_begin(r->db)))
		goto fail;
	if ((rc = corpus_frontier_requeue(r->db, r->o->refresh)))
		goto rollback;
	for (size_t i = 0; i < r->n_sites; i++) {
		const struct run_site *s = &r->sites[i];

		for (size_t j = 0; s->cfg && j < s->cfg->n_start; j++) {
			bool added;

			if ((rc = corpus_frontier_add(r->db, s->cfg->start[j], s->name, 0, 0, true, true,
						      &added)))
				goto rollback;
		}
		for (size_t j = 0; s->cfg && j < s->cfg->n_feeds; j++) {
			bool added;

			if (!scope_of(r, s->cfg->feeds[j]))
				continue; /* a feed on another host must be listed in hosts */
			if ((rc = corpus_frontier_add(r->db, s->cfg->feeds[j], s->name, 0, 0, true, true,
						      &added)))
				goto rollback;
		}
	}
	for (size_t i = 0; i < r->o->n_urls; i++) {
		char *canon = NULL;
		struct run_site *s;
		bool added;

		if (crawler_url_canon(r->o->urls[i], NULL, r->o->max_url_len, &canon) != VN_OK)
			continue; /* checked when the sites were built */
		s = scope_of(r, canon);
		rc = corpus_frontier_add(r->db, canon, s ? s->name : "", 0, 0, true, true, &added);
		free(canon);
		if (rc)
			goto rollback;
	}
	if ((rc = corpus_db_commit(r->db)))
		goto fail;
	r->frontier_dirty = true;
	return VN_OK;
rollback:
	corpus_db_rollback(r->db);
fail:
	snprintf(r->err, r->errlen, "%s", corpus_db_errmsg(r->db));
	return rc;
}

static int build_sites(struct run *r)
{
	const struct crawler_sites *cs = r->o->sites;
	size_t n = (cs ? cs->n : 0) + r->o->n_urls;
	int rc = VN_OK;

	if (!(r->sites = calloc(n ? n : 1, sizeof *r->sites)))
		return VN_ENOMEM;
	for (size_t i = 0; cs && i < cs->n; i++) {
		struct run_site *s = &r->sites[r->n_sites++];

		s->cfg = &cs->sites[i];
		s->name = cs->sites[i].name;
		s->province = cs->sites[i].province;
		s->hosts = cs->sites[i].hosts;
		s->n_hosts = cs->sites[i].n_hosts;
	}
	for (size_t i = 0; i < r->o->n_urls; i++) {
		char *canon = NULL, *origin = NULL;
		char host[256];
		struct run_site *s;

		if ((rc = crawler_url_canon(r->o->urls[i], NULL, r->o->max_url_len, &canon))) {
			snprintf(r->err, r->errlen, "%s: %s", r->o->urls[i],
				 rc == VN_EDENIED ? "only http and https URLs are crawled"
				 : rc == VN_ETOOBIG ? "longer than --max-url-length"
				 : "not a valid URL");
			goto out;
		}
		rc = crawler_url_origin(canon, &origin, NULL);
		free(canon);
		if (rc)
			goto out;
		origin_host(origin, host, sizeof host);
		free(origin);
		if (site_for_host(r, host))
			continue; /* a sites-file site or an earlier URL covers it */
		s = &r->sites[r->n_sites++];
		if (!(s->own_hosts[0] = strdup(host)) || !(s->own_name = strdup(host))) {
			rc = VN_ENOMEM;
			goto out;
		}
		s->name = s->own_name;
		s->hosts = s->own_hosts;
		s->n_hosts = 1;
	}
out:
	return rc;
}

static void run_release(struct run *r)
{
	worker_stop(r); /* before the multi handle and the lexicon it uses go */
	for (size_t i = 0; i < r->n_hosts; i++) {
		struct crawl_host *h = r->hosts[i];
		struct crawl_job *job;

		while ((job = host_pop(h)))
			crawler_job_free(job);
		crawler_robots_free(h->robots);
		free(h->origin);
		free(h);
	}
	free(r->hosts);
	for (size_t i = 0; i < r->n_sites; i++) {
		free(r->sites[i].own_name);
		for (size_t j = 0; j < OWN_HOSTS_MAX; j++)
			free(r->sites[i].own_hosts[j]);
	}
	free(r->sites);
	free(r->held.slots);
	free(r->seen.slots);
	free(r->seen_raw.slots);
	free(r->worker.links_seen.slots);
	free(r->budget.keys);
	free(r->budget.counts);
	if (r->multi)
		curl_multi_cleanup(r->multi);
	if (r->cookies)
		curl_share_cleanup(r->cookies); /* after every easy handle that used it */
	crawler_warc_writer_free(r->warc);
	if (r->lex)
		classify_lexicon_free(r->lex);
	if (r->db)
		corpus_db_free(r->db);
}

/* Lets in-flight transfers and the pages in the worker finish (SIGINT/SIGTERM, limits,
 * fatal errors after a page: then they are only freed). */
static int drain(struct run *r, int rc)
{
	while (r->active > 0 || r->pending > 0) {
		CURLMsg *m;
		int running, left;
		bool any = false;

		curl_multi_perform(r->multi, &running);
		while ((m = curl_multi_info_read(r->multi, &left))) {
			struct crawl_job *job = NULL;

			if (m->msg != CURLMSG_DONE)
				continue;
			curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, (char **)&job);
			if (rc == VN_OK)
				rc = transfer_done(r, job, m->data.result);
			else {
				crawler_fetch_finish(r->multi, job);
				r->active--;
				job->host->active--;
				crawler_job_free(job);
			}
		}
		rc = pages_collect(r, rc, &any);
		if (!any && (r->active > 0 || r->pending > 0))
			curl_multi_poll(r->multi, NULL, 0, 100, NULL);
	}
	return rc;
}

int crawler_run(const struct crawler_options *o, struct crawler_stats *st, char *err,
		size_t errlen)
{
	struct run r;
	int rc;
	time_t tt = time(NULL);
	struct tm tm;

	memset(&r, 0, sizeof r);
	memset(st, 0, sizeof *st);
	r.o = o;
	r.st = st;
	r.err = err;
	r.errlen = errlen;
	r.t0 = now_mono();
	r.last_progress = r.t0; /* the first status line after a while, not at once */
	gmtime_r(&tt, &tm);
	r.year_now = tm.tm_year + 1900;
	srand((unsigned)tt ^ (unsigned)getpid());
	err[0] = '\0';
	snprintf(r.user_agent, sizeof r.user_agent, "vnnews/%s (+%s)", VN_VERSION,
		 o->contact ? o->contact : "https://github.com/vnnews/vnnews");
	if ((rc = build_sites(&r)))
		goto out;
	if (!r.n_sites) {
		snprintf(err, errlen, "nothing to crawl: give start URLs or a sites file");
		rc = VN_EINVAL;
		goto out;
	}
	if ((rc = corpus_db_open(o->db_path, CORPUS_OPEN_CREATE | CORPUS_OPEN_LOCK, &r.db, err,
				 errlen)))
		goto out;
	rc = o->lexicon ? classify_lexicon_load(o->lexicon, &r.lex, err, errlen)
			: classify_lexicon_default(&r.lex, err, errlen);
	if (rc)
		goto out;
	if (o->warc_dir) {
		int recovered = 0;

		/* We hold the corpus lock: any ".open" file here is a killed run's. */
		if (crawler_warc_recover(o->warc_dir, &recovered) == VN_OK && recovered)
			logf_line(&r, "vnnews: %s: finished %d WARC file%s left open by a killed run",
				  o->warc_dir, recovered, recovered == 1 ? "" : "s");
	}
	errno = 0;
	if (o->warc_dir &&
	    (rc = crawler_warc_writer_open(o->warc_dir, NULL, o->warc_max_size, &r.warc))) {
		/* the system's reason (not a directory, permission denied) says what to fix */
		snprintf(err, errlen, "%s: cannot create or write WARC files there: %s",
			 o->warc_dir, rc != VN_ENOMEM && errno ? strerror(errno) : vn_strerror(rc));
		goto out;
	}
	if (!(r.multi = curl_multi_init()) || !(r.cookies = curl_share_init()) ||
	    curl_share_setopt(r.cookies, CURLSHOPT_SHARE, CURL_LOCK_DATA_COOKIE) != CURLSHE_OK) {
		rc = VN_ENOMEM;
		goto out;
	}
	curl_multi_setopt(r.multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, (long)o->max_conns);
	curl_multi_setopt(r.multi, CURLMOPT_MAX_HOST_CONNECTIONS, (long)o->max_per_host);
	curl_multi_setopt(r.multi, CURLMOPT_PIPELINING, (long)CURLPIPE_MULTIPLEX);
	if ((rc = seed(&r)))
		goto out;
	if ((rc = worker_start(&r)))
		goto out;

	for (;;) {
		double wake;
		int running, left, timeout_ms;
		bool done_any;
		CURLMsg *m;

		if (o->stop && *o->stop && !r.stopping) {
			r.stopping = true;
			st->interrupted = true;
			logf_line(&r, "vnnews: stopping: finishing %d transfer%s in flight", r.active,
				  r.active == 1 ? "" : "s");
		}
		if (!r.stopping && limits_hit(&r)) {
			r.stopping = true;
			st->limit_hit = true;
		}
		if ((rc = refill(&r)))
			break;
		if ((rc = dispatch(&r, &wake)))
			break;
		if (r.active == 0 && r.pending == 0 &&
		    (r.stopping || (r.in_memory == 0 && !r.frontier_dirty)))
			break;
		curl_multi_perform(r.multi, &running);
		done_any = false;
		while ((m = curl_multi_info_read(r.multi, &left))) {
			struct crawl_job *job = NULL;

			if (m->msg != CURLMSG_DONE)
				continue;
			curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, (char **)&job);
			done_any = true;
			if ((rc = transfer_done(&r, job, m->data.result)))
				break;
		}
		if (rc || (rc = pages_collect(&r, rc, &done_any)) || (rc = batch_end(&r, false)))
			break;
		progress(&r, false);
		if (done_any)
			continue; /* start the next transfers before waiting */
		timeout_ms = (int)((wake - now_mono()) * 1000.0);
		if (timeout_ms < 1)
			timeout_ms = 1;
		if (timeout_ms > 250)
			timeout_ms = 250; /* notice a signal soon */
		if (r.active > 0 || r.in_memory > 0 || r.pending > 0)
			curl_multi_poll(r.multi, NULL, 0, timeout_ms, NULL);
	}
	{
		int drc;

		rc = drain(&r, rc);
		worker_stop(&r);
		/* The pages finished before an error are whole: keep them. */
		drc = batch_end(&r, true);
		if (rc == VN_OK)
			rc = drc;
	}
	if (o->progress && o->verbosity >= CRAWLER_NORMAL)
		fputs("\r\033[K", stderr);
	if (r.warc) {
		int wrc = crawler_warc_writer_close(r.warc);

		r.warc = NULL;
		if (wrc && rc == VN_OK) {
			snprintf(err, errlen, "%s: closing the WARC file: %s", o->warc_dir,
				 vn_strerror(wrc));
			rc = wrc;
		}
	}
	if (r.db) {
		int64_t left = 0;

		if (corpus_frontier_count(r.db, CORPUS_URL_QUEUED, &left) == VN_OK)
			st->queued_left = left;
		/* not after SIGINT/SIGTERM: the user asked for a prompt exit */
		if (rc == VN_OK && !st->interrupted && corpus_db_merge_index(r.db) != VN_OK)
			logf_line(&r, "vnnews: %s", corpus_db_errmsg(r.db));
	}
out:
	st->elapsed = now_mono() - r.t0;
	run_release(&r);
	return rc;
}
