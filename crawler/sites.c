/* sites.c — the sites file: which portals to crawl and how (INI, parsed by libinih).
 *
 * Format (documented in `vnnews crawl --help` and README.md):
 *   [vnnews]                    optional defaults: contact, delay, ca_bundle
 *   [Cổng TTĐT tỉnh Ví Dụ]      every other section is one site, named by its header
 *   province = Ví Dụ
 *   start    = https://vidu.gov.vn/tin-tuc        (repeatable; several per line allowed)
 *   hosts    = vidu.gov.vn www.vidu.gov.vn        (default: the hosts of the start URLs)
 *   allow, deny, article, listing = robots-style path patterns such as /tin-tuc/<star>.html$
 *   xpath_title / xpath_body / xpath_date, delay, insecure = yes|no, ca_bundle = FILE
 *   feed, period, kind, verified = yes|no, source: what the portal list (data/sites/)
 *   records; source (repeatable) is the public page or repository path that evidences
 *   the entry's addresses, so a reader can tell a found address from a guessed one
 * libinih reports the line of the first error; we keep our message and prefix
 * "FILE:LINE: ", so every complaint points into the file. */
#include "crawler/crawler.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <ini.h>

#include "common/vn_buf.h"

#define SITES_LINE_MAX 8192
#define SITES_LIST_MAX 10000

struct load_ctx {
	struct crawler_sites *s;
	struct crawler_site *cur; /* the site being filled, NULL in [vnnews] */
	char msg[512];
	int rc;
};

static int list_push(char ***arr, size_t *n, const char *v, size_t len)
{
	char **p;

	if (*n >= SITES_LIST_MAX)
		return VN_ETOOBIG;
	if (!(p = realloc(*arr, (*n + 1) * sizeof *p)))
		return VN_ENOMEM;
	*arr = p;
	if (!(p[*n] = strndup(v, len)))
		return VN_ENOMEM;
	(*n)++;
	return VN_OK;
}

/* Appends each whitespace-separated word of `v`. */
static int list_add(struct load_ctx *c, char ***arr, size_t *n, const char *v)
{
	int rc = VN_OK;

	while (*v) {
		size_t len;

		while (isspace((unsigned char)*v))
			v++;
		len = strcspn(v, " \t\r\n");
		if (len && (rc = list_push(arr, n, v, len)))
			break;
		v += len;
	}
	if (rc)
		snprintf(c->msg, sizeof c->msg, "%s", vn_strerror(rc));
	return rc;
}

/* A source names where the evidence lives; "github:" needs owner, repo and a path. */
static bool source_ok(const char *v)
{
	const char *p;
	int slashes = 0;

	if (!strncasecmp(v, "https://", 8) || !strncasecmp(v, "http://", 7)) {
		char *canon = NULL;
		bool ok = crawler_url_canon(v, NULL, 0, &canon) == VN_OK;

		free(canon);
		return ok;
	}
	if (!strncmp(v, "shared:", 7))
		return v[7] != '\0' && v[7] != '/' && !strstr(v, "..");
	if (strncmp(v, "github:", 7))
		return false;
	for (p = v + 7; *p; p++)
		if (*p == '/' && p[-1] != '/' && p[1] && p[1] != '/')
			slashes++;
	return slashes >= 2 && v[7] != '/';
}

static int set_str(char **dst, const char *v)
{
	free(*dst);
	*dst = strdup(v);
	return *dst ? VN_OK : VN_ENOMEM;
}

static int parse_bool(struct load_ctx *c, const char *name, const char *v, bool *out)
{
	if (!strcasecmp(v, "yes") || !strcasecmp(v, "true") || !strcmp(v, "1") || !strcasecmp(v, "on"))
		*out = true;
	else if (!strcasecmp(v, "no") || !strcasecmp(v, "false") || !strcmp(v, "0") ||
		 !strcasecmp(v, "off"))
		*out = false;
	else {
		snprintf(c->msg, sizeof c->msg, "%s must be yes or no, not '%s'", name, v);
		return VN_EPARSE;
	}
	return VN_OK;
}

static int parse_delay(struct load_ctx *c, const char *v, double *out)
{
	char *end;
	double d;

	errno = 0;
	d = strtod(v, &end);
	if (end == v || *end || errno || d < 0 || d > 3600) {
		snprintf(c->msg, sizeof c->msg, "delay must be seconds between 0 and 3600, not '%s'", v);
		return VN_EPARSE;
	}
	*out = d;
	return VN_OK;
}

static int new_site(struct load_ctx *c, const char *section)
{
	struct crawler_site *p;
	struct crawler_sites *s = c->s;

	if (!(p = realloc(s->sites, (s->n + 1) * sizeof *p)))
		return VN_ENOMEM;
	s->sites = p;
	c->cur = &p[s->n];
	memset(c->cur, 0, sizeof *c->cur);
	c->cur->delay = -1;
	s->n++;
	return set_str(&c->cur->name, section);
}

/* A pattern is a path: it must start with '/' or '*' (robots-style). */
static int check_patterns(struct load_ctx *c, const char *name, char **v, size_t n, size_t from)
{
	for (size_t i = from; i < n; i++) {
		if (v[i][0] != '/' && v[i][0] != '*') {
			snprintf(c->msg, sizeof c->msg,
				 "%s pattern '%.200s' must start with '/' or '*' (it matches the path)",
				 name, v[i]);
			return VN_EPARSE;
		}
	}
	return VN_OK;
}

static int handler(void *user, const char *section, const char *name, const char *value)
{
	struct load_ctx *c = user;
	struct crawler_site *st;
	size_t before;
	int rc = VN_OK;

	if (!strcasecmp(section, "vnnews")) {
		c->cur = NULL;
		if (!strcasecmp(name, "contact"))
			rc = set_str(&c->s->contact, value);
		else if (!strcasecmp(name, "delay"))
			rc = parse_delay(c, value, &c->s->delay);
		else if (!strcasecmp(name, "ca_bundle"))
			rc = set_str(&c->s->ca_bundle, value);
		else {
			snprintf(c->msg, sizeof c->msg,
				 "unknown key '%.100s' in [vnnews] (contact, delay, ca_bundle)", name);
			rc = VN_EPARSE;
		}
		goto out;
	}
	if (!*section) {
		snprintf(c->msg, sizeof c->msg, "'%.100s' before the first [site] section", name);
		rc = VN_EPARSE;
		goto out;
	}
	if (!c->cur || strcmp(c->cur->name, section) != 0) {
		for (size_t i = 0; i < c->s->n; i++) {
			if (!strcmp(c->s->sites[i].name, section)) {
				snprintf(c->msg, sizeof c->msg, "site [%.200s] is defined twice", section);
				rc = VN_EPARSE;
				goto out;
			}
		}
		if ((rc = new_site(c, section)))
			goto out;
	}
	st = c->cur;
#define LIST(key, field) \
	if (!strcasecmp(name, key)) { \
		before = st->n_##field; \
		if ((rc = list_add(c, &st->field, &st->n_##field, value))) \
			goto out; \
		if (strcmp(key, "start") && strcmp(key, "hosts") && strcmp(key, "feed") && \
		    strcmp(key, "source")) \
			rc = check_patterns(c, key, st->field, st->n_##field, before); \
		goto out; \
	}
	LIST("start", start)
	LIST("hosts", hosts)
	LIST("allow", allow)
	LIST("deny", deny)
	LIST("article", article)
	LIST("listing", listing)
	LIST("feed", feeds)         /* portal list metadata (data/sites/, vnnews sites) */
	LIST("source", sources)
#undef LIST
	if (!strcasecmp(name, "province"))
		rc = set_str(&st->province, value);
	else if (!strcasecmp(name, "xpath_title"))
		rc = set_str(&st->xpath_title, value);
	else if (!strcasecmp(name, "xpath_body"))
		rc = set_str(&st->xpath_body, value);
	else if (!strcasecmp(name, "xpath_date"))
		rc = set_str(&st->xpath_date, value);
	else if (!strcasecmp(name, "delay"))
		rc = parse_delay(c, value, &st->delay);
	else if (!strcasecmp(name, "insecure"))
		rc = parse_bool(c, name, value, &st->insecure);
	else if (!strcasecmp(name, "ca_bundle"))
		rc = set_str(&st->ca_bundle, value);
	else if (!strcasecmp(name, "period"))
		rc = set_str(&st->period, value);
	else if (!strcasecmp(name, "kind"))
		rc = set_str(&st->kind, value);
	else if (!strcasecmp(name, "verified"))
		rc = parse_bool(c, name, value, &st->verified);
	else {
		snprintf(c->msg, sizeof c->msg,
			 "unknown key '%.100s' in [%.200s] (province, start, hosts, allow, deny, "
			 "article, listing, xpath_title, xpath_body, xpath_date, delay, insecure, "
			 "ca_bundle, feed, period, kind, verified, source)", name, section);
		rc = VN_EPARSE;
	}
out:
	if (rc && !c->msg[0])
		snprintf(c->msg, sizeof c->msg, "%s", vn_strerror(rc));
	if (rc)
		c->rc = rc;
	return rc == VN_OK;
}

/* The line of the `nth` (0-based) header `[name]`, or 0: for the checks made after parsing,
 * since libinih reports neither section lines nor repeated sections. */
static int section_line(const char *text, const char *name, int nth)
{
	int line = 1;
	size_t nl = strlen(name);

	for (const char *p = text; *p; line++) {
		const char *q = p;

		while (*q == ' ' || *q == '\t')
			q++;
		if (*q == '[' && !strncmp(q + 1, name, nl) && q[1 + nl] == ']' && nth-- == 0)
			return line;
		p = strchr(p, '\n');
		if (!p)
			break;
		p++;
	}
	return 0;
}

/* Fills the hosts of a site from its start URLs when the file names none; checks URLs. */
static int site_finish(struct crawler_site *st, const char *path, const char *text,
		       char *err, size_t errlen)
{
	bool file_hosts = st->n_hosts > 0;
	int rc = VN_OK, line;

	st->line = section_line(text, st->name, 0);
	if ((line = section_line(text, st->name, 1)) > 0) {
		snprintf(err, errlen, "%s:%d: site [%s] is defined twice (first on line %d)", path,
			 line, st->name, st->line);
		rc = VN_EPARSE;
		goto out;
	}
	for (size_t i = 0; i < st->n_hosts; i++)
		for (char *h = st->hosts[i]; *h; h++)
			*h = (char)tolower((unsigned char)*h);
	if (!st->n_start) {
		snprintf(err, errlen, "%s:%d: site [%s] has no start URL", path, st->line, st->name);
		rc = VN_EPARSE;
		goto out;
	}
	for (size_t i = 0; i < st->n_feeds; i++) {
		char *canon = NULL;

		if (crawler_url_canon(st->feeds[i], NULL, 0, &canon) != VN_OK) {
			snprintf(err, errlen, "%s:%d: site [%s]: feed URL '%s' is not an http(s) URL",
				 path, st->line, st->name, st->feeds[i]);
			rc = VN_EPARSE;
			goto out;
		}
		free(st->feeds[i]);
		st->feeds[i] = canon;
	}
	for (size_t i = 0; i < st->n_sources; i++) {
		/* evidence is only worth something if a reader can follow it: a web page, a
		 * file of a public repository, or a file of the shared data set */
		const char *v = st->sources[i];

		if (!source_ok(v)) {
			snprintf(err, errlen, "%s:%d: site [%s]: source '%.200s' is not an http(s) "
				 "URL, github:OWNER/REPO/PATH or shared:PATH", path, st->line,
				 st->name, v);
			rc = VN_EPARSE;
			goto out;
		}
	}
	for (size_t i = 0; i < st->n_start; i++) {
		char *canon = NULL, *origin = NULL;
		const char *host;

		if ((rc = crawler_url_canon(st->start[i], NULL, 0, &canon))) {
			snprintf(err, errlen, "%s:%d: site [%s]: start URL '%s' is not an http(s) URL",
				 path, st->line, st->name, st->start[i]);
			rc = VN_EPARSE;
			goto out;
		}
		free(st->start[i]);
		st->start[i] = canon;
		if (file_hosts)
			continue;
		if ((rc = crawler_url_origin(canon, &origin, NULL)))
			goto out;
		host = strstr(origin, "://") + 3;
		bool known = false;

		for (size_t j = 0; j < st->n_hosts; j++)
			known = known || !strcasecmp(st->hosts[j], host);
		if (!known)
			rc = list_push(&st->hosts, &st->n_hosts, host, strcspn(host, ":"));
		free(origin);
		if (rc)
			goto out;
	}
out:
	return rc;
}

int crawler_sites_load(const char *path, struct crawler_sites *out, char *err, size_t errlen)
{
	struct load_ctx c;
	struct vn_buf b;
	int rc, line;

	memset(out, 0, sizeof *out);
	out->delay = -1;
	memset(&c, 0, sizeof c);
	c.s = out;
	vn_buf_init(&b, 16u << 20);
	if ((rc = vn_buf_read_file(&b, path))) {
		snprintf(err, errlen, "%s: %s", path, vn_strerror(rc));
		goto out;
	}
	if (memchr(b.data, '\0', b.len)) {
		snprintf(err, errlen, "%s: not a text file (NUL byte)", path);
		rc = VN_EPARSE;
		goto out;
	}
	/* Long URLs need long lines; the heap buffer grows up to our own line cap. */
	ini_use_stack = false;
	ini_allow_realloc = true;
	ini_max_line = SITES_LINE_MAX;
	ini_stop_on_first_error = true;
	line = ini_parse_string(b.data, handler, &c);
	if (line != 0) {
		if (line < 0) {
			snprintf(err, errlen, "%s: %s", path, vn_strerror(VN_ENOMEM));
			rc = VN_ENOMEM;
		} else {
			snprintf(err, errlen, "%s:%d: %s", path, line,
				 c.msg[0] ? c.msg : "not 'key = value' or '[section]'");
			rc = c.rc ? c.rc : VN_EPARSE;
			if (rc != VN_ENOMEM)
				rc = VN_EPARSE;
		}
		goto out;
	}
	if (!out->n) {
		snprintf(err, errlen, "%s: no [site] section", path);
		rc = VN_EPARSE;
		goto out;
	}
	for (size_t i = 0; i < out->n; i++)
		if ((rc = site_finish(&out->sites[i], path, b.data, err, errlen)))
			goto out;
out:
	vn_buf_release(&b);
	if (rc)
		crawler_sites_release(out);
	return rc;
}

static void list_free(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void crawler_sites_release(struct crawler_sites *s)
{
	for (size_t i = 0; i < s->n; i++) {
		struct crawler_site *st = &s->sites[i];

		free(st->name);
		free(st->province);
		list_free(st->start, st->n_start);
		list_free(st->hosts, st->n_hosts);
		list_free(st->allow, st->n_allow);
		list_free(st->deny, st->n_deny);
		list_free(st->article, st->n_article);
		list_free(st->listing, st->n_listing);
		list_free(st->feeds, st->n_feeds);
		list_free(st->sources, st->n_sources);
		free(st->period);
		free(st->kind);
		free(st->xpath_title);
		free(st->xpath_body);
		free(st->xpath_date);
		free(st->ca_bundle);
	}
	free(s->sites);
	free(s->contact);
	free(s->ca_bundle);
	memset(s, 0, sizeof *s);
	s->delay = -1;
}
