/* robots.c — robots.txt per RFC 9309 (the Robots Exclusion Protocol).
 *
 * Groups start at one or more user-agent lines; the groups whose token equals our product
 * token (case-insensitive) are merged, else the "*" groups, else everything is allowed.
 * Among the rules of the chosen groups the longest matching pattern (in octets) decides,
 * Allow winning a tie; `*` and a final `$` are the only special characters.  Paths and
 * patterns are compared in one percent-encoded form (unreserved characters decoded,
 * hex upper case, non-ASCII bytes encoded) so "/t%69n" and "/tin" are the same rule.
 * Like wget2's libwget/robots.c we keep only what the one agent needs. */
#include "crawler/crawler.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/vn_array.h"
#include "common/vn_buf.h"

#define ROBOTS_PARSE_MAX (500u * 1024u)
#define ROBOTS_LINE_MAX 4096
#define ROBOTS_AGENT_MAX 128

struct robots_rule {
	char *pattern; /* normalized */
	char *text;    /* "Disallow: /x" as written, for `vnnews robots` */
	bool allow;
	int line;
};

struct crawler_robots {
	struct robots_rule *rules;
	size_t n_rules, alloc_rules;
	char **sitemaps;
	size_t n_sitemaps, alloc_sitemaps;
	double crawl_delay;
	char *group; /* "*" or our token, when a group applies */
};

static int push(void **arr, size_t *n, size_t *alloc, size_t size)
{
	void *p = vn_array_room(*arr, alloc, *n, size, 8);

	if (!p)
		return VN_ENOMEM;
	*arr = p;
	(*n)++;
	return VN_OK;
}

static bool unreserved(int c)
{
	return isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~';
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* The comparison form of a path or pattern (see the file comment). */
static int normalize(const char *s, size_t len, struct vn_buf *out)
{
	static const char hex[] = "0123456789ABCDEF";
	int rc = VN_OK;

	for (size_t i = 0; i < len && rc == VN_OK; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '%' && i + 2 < len && hexval(s[i + 1]) >= 0 && hexval(s[i + 2]) >= 0) {
			int v = hexval(s[i + 1]) * 16 + hexval(s[i + 2]);

			if (unreserved(v)) {
				rc = vn_buf_addc(out, (char)v);
			} else {
				char e[3] = { '%', hex[v >> 4], hex[v & 15] };

				rc = vn_buf_add(out, e, 3);
			}
			i += 2;
		} else if (c >= 0x80 || c <= 0x20) {
			char e[3] = { '%', hex[c >> 4], hex[c & 15] };

			rc = vn_buf_add(out, e, 3);
		} else {
			rc = vn_buf_addc(out, (char)c);
		}
	}
	return rc;
}

static void trim(const char **s, size_t *len)
{
	while (*len && isspace((unsigned char)**s)) {
		(*s)++;
		(*len)--;
	}
	while (*len && isspace((unsigned char)(*s)[*len - 1]))
		(*len)--;
}

static bool key_is(const char *k, size_t klen, const char *name)
{
	return strlen(name) == klen && strncasecmp(k, name, klen) == 0;
}

/* Our product token: the leading run of letters, '-' and '_' of the User-Agent. */
static size_t agent_token(const char *agent, char *tok, size_t cap)
{
	size_t n = 0;

	while (agent && agent[n] && n + 1 < cap &&
	       (isalpha((unsigned char)agent[n]) || agent[n] == '-' || agent[n] == '_'))
		n++;
	memcpy(tok, agent ? agent : "", n);
	tok[n] = '\0';
	return n;
}

void crawler_robots_free(struct crawler_robots *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->n_rules; i++) {
		free(r->rules[i].pattern);
		free(r->rules[i].text);
	}
	free(r->rules);
	for (size_t i = 0; i < r->n_sitemaps; i++)
		free(r->sitemaps[i]);
	free(r->sitemaps);
	free(r->group);
	free(r);
}

int crawler_robots_allow_all(struct crawler_robots **out)
{
	*out = calloc(1, sizeof **out);
	if (!*out)
		return VN_ENOMEM;
	(*out)->crawl_delay = -1;
	return VN_OK;
}

/* One pass over the file collecting the rules of either our groups (`want_star` false) or
 * the "*" groups.  `*matched` says whether any group matched. */
static int parse_pass(struct crawler_robots *r, const char *data, size_t len, const char *tok,
		      bool want_star, bool *matched)
{
	bool in_agents = false; /* the previous line was a user-agent line */
	bool group_ours = false;
	int lineno = 0;
	int rc = VN_OK;
	struct vn_buf nb;

	vn_buf_init(&nb, ROBOTS_LINE_MAX * 3 + 1);
	*matched = false;
	for (size_t pos = 0; pos < len;) {
		const char *line = data + pos, *nl = memchr(line, '\n', len - pos);
		size_t llen = nl ? (size_t)(nl - line) : len - pos;
		const char *hash, *colon, *k, *v;
		size_t klen, vlen;

		pos += llen + (nl ? 1 : 0);
		lineno++;
		if (llen && line[llen - 1] == '\r')
			llen--;
		if (lineno == 1 && llen >= 3 && memcmp(line, "\xEF\xBB\xBF", 3) == 0) {
			line += 3;
			llen -= 3;
		}
		if ((hash = memchr(line, '#', llen)))
			llen = (size_t)(hash - line);
		if (llen > ROBOTS_LINE_MAX || !(colon = memchr(line, ':', llen)))
			continue;
		k = line;
		klen = (size_t)(colon - line);
		v = colon + 1;
		vlen = llen - klen - 1;
		trim(&k, &klen);
		trim(&v, &vlen);
		if (key_is(k, klen, "user-agent")) {
			char a[ROBOTS_AGENT_MAX];
			size_t alen = vlen < sizeof a - 1 ? vlen : sizeof a - 1;
			bool ours;

			memcpy(a, v, alen);
			a[alen] = '\0';
			/* "vnnews/1.0" in the file still names the token "vnnews". */
			alen = strcspn(a, "/ \t");
			a[alen] = '\0';
			ours = want_star ? strcmp(a, "*") == 0 : (*tok && strcasecmp(a, tok) == 0);
			if (!in_agents)
				group_ours = false;
			group_ours = group_ours || ours;
			if (ours && !*matched) {
				*matched = true;
				free(r->group);
				if (!(r->group = strdup(a))) {
					rc = VN_ENOMEM;
					goto out;
				}
			}
			in_agents = true;
			continue;
		}
		if (key_is(k, klen, "sitemap")) {
			/* Sitemaps belong to the file, not a group; collected in the first pass. */
			if (!want_star && vlen) {
				if ((rc = push((void **)&r->sitemaps, &r->n_sitemaps, &r->alloc_sitemaps,
					       sizeof *r->sitemaps)))
					goto out;
				if (!(r->sitemaps[r->n_sitemaps - 1] = strndup(v, vlen))) {
					r->n_sitemaps--;
					rc = VN_ENOMEM;
					goto out;
				}
			}
			continue;
		}
		in_agents = false;
		if (!group_ours)
			continue;
		if (key_is(k, klen, "allow") || key_is(k, klen, "disallow")) {
			struct robots_rule *rule;
			bool allow = key_is(k, klen, "allow");

			if (!vlen)
				continue; /* "Disallow:" with nothing matches nothing */
			vn_buf_reset(&nb);
			if ((rc = normalize(v, vlen, &nb)))
				goto out;
			if ((rc = push((void **)&r->rules, &r->n_rules, &r->alloc_rules,
				       sizeof *r->rules)))
				goto out;
			rule = &r->rules[r->n_rules - 1];
			memset(rule, 0, sizeof *rule);
			rule->allow = allow;
			rule->line = lineno;
			rule->pattern = strndup(nb.data, nb.len);
			rule->text = malloc(vlen + 11);
			if (!rule->pattern || !rule->text) {
				rc = VN_ENOMEM;
				goto out;
			}
			memcpy(rule->text, allow ? "Allow: " : "Disallow: ", allow ? 7 : 10);
			memcpy(rule->text + (allow ? 7 : 10), v, vlen);
			rule->text[(allow ? 7 : 10) + vlen] = '\0';
		} else if (key_is(k, klen, "crawl-delay") && vlen && vlen < 32) {
			char num[32], *end;
			double d;

			memcpy(num, v, vlen);
			num[vlen] = '\0';
			d = strtod(num, &end);
			if (end != num && d >= 0 && (r->crawl_delay < 0 || d > r->crawl_delay))
				r->crawl_delay = d;
		}
	}
out:
	vn_buf_release(&nb);
	return rc;
}

int crawler_robots_parse(const char *data, size_t len, const char *agent,
			 struct crawler_robots **out)
{
	struct crawler_robots *r = NULL;
	char tok[ROBOTS_AGENT_MAX];
	bool matched = false;
	int rc;

	*out = NULL;
	if ((rc = crawler_robots_allow_all(&r)))
		goto out;
	if (len > ROBOTS_PARSE_MAX)
		len = ROBOTS_PARSE_MAX;
	agent_token(agent, tok, sizeof tok);
	if ((rc = parse_pass(r, data, len, tok, false, &matched)))
		goto out;
	if (!matched) {
		/* Keep the sitemaps of the first pass, take the rules of the "*" groups. */
		if ((rc = parse_pass(r, data, len, tok, true, &matched)))
			goto out;
	}
	*out = r;
	r = NULL;
out:
	crawler_robots_free(r);
	return rc;
}

bool crawler_robots_allowed(const struct crawler_robots *r, const char *path,
			    const char **rule_out, int *line_out)
{
	const struct robots_rule *best = NULL;
	size_t best_len = 0;
	struct vn_buf nb;
	const char *p = path;
	bool allowed = true;

	vn_buf_init(&nb, CRAWLER_URL_MAX_DEFAULT * 4);
	if (rule_out)
		*rule_out = NULL;
	if (line_out)
		*line_out = 0;
	if (strstr(p, "://")) {
		p = strstr(p, "://") + 3;
		p += strcspn(p, "/?#");
		if (!*p || *p == '#')
			p = "/";
	}
	if (strncmp(p, "/robots.txt", 11) == 0 && (p[11] == '\0' || p[11] == '?'))
		goto out; /* always allowed, RFC 9309 section 2.2.2 */
	if (normalize(p, strcspn(p, "#"), &nb) != VN_OK)
		goto out;
	for (size_t i = 0; i < r->n_rules; i++) {
		const struct robots_rule *rule = &r->rules[i];
		size_t l = strlen(rule->pattern);

		if (!crawler_pattern_match(rule->pattern, nb.data))
			continue;
		if (!best || l > best_len || (l == best_len && rule->allow && !best->allow)) {
			best = rule;
			best_len = l;
		}
	}
	if (best) {
		allowed = best->allow;
		if (rule_out)
			*rule_out = best->text;
		if (line_out)
			*line_out = best->line;
	}
out:
	vn_buf_release(&nb);
	return allowed;
}

double crawler_robots_crawl_delay(const struct crawler_robots *r)
{
	return r->crawl_delay;
}

size_t crawler_robots_sitemaps(const struct crawler_robots *r, const char *const **out)
{
	*out = (const char *const *)r->sitemaps;
	return r->n_sitemaps;
}

const char *crawler_robots_group(const struct crawler_robots *r)
{
	return r->group;
}
