/* cmd_sites.c — `vnnews sites list|check [FILE|DIR…]`: the portal list a researcher starts
 * from (the .ini files of data/sites/, in the sites-file format of `vnnews crawl --sites`).
 *
 * list prints one line per site (or JSON via jansson); check asks each portal's start page
 * once (crawler_sites_check) and says which answer.  With no FILE, the shipped list: the
 * source tree's data/sites when run from a build, else the installed one. */
#include <dirent.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <jansson.h>

#include "cli/cli.h"
#include "crawler/crawler.h"
#include "vn_config.h"

struct sites_opts {
	const char *period;
	const char *kind;
	bool json;
	long timeout;
	int parallel;
	json_t *arr;
	long n_ok, n_bad, n_listed;
};

static void sites_usage(FILE *out)
{
	fprintf(out,
		"usage: vnnews sites list [--period P] [--kind K] [--json] [FILE|DIR...]\n"
		"       vnnews sites check [--period P] [--kind K] [--timeout S] [--parallel N]\n"
		"                          [FILE|DIR...]\n"
		"\n"
		"The portal list: provincial portals of the 63 provinces and cities of 2021-2025\n"
		"(period 2021-2025) and of the 34 from 1 July 2025 (period 2025-), plus provincial\n"
		"departments where known, as sites files for `vnnews crawl --sites FILE`.  With no\n"
		"FILE or DIR, the shipped list (%s/sites).\n"
		"\n"
		"list    one line per site: period, kind, province, verified, sourced (the entry\n"
		"        names public evidence for its addresses: source = in the file), first\n"
		"        start URL, name; --json adds start pages, feeds and sources\n"
		"check   GET each site's first start URL and print ok/FAIL, the HTTP status or the\n"
		"        error, and the time taken\n"
		"\n"
		"Options:\n"
		"      --period P     only sites whose period is P (2021-2025 or 2025-)\n"
		"      --kind K       only sites of kind K (portal, health, ict, science)\n"
		"      --json         list: a JSON array of site objects\n"
		"      --timeout S    check: seconds per site (default 20)\n"
		"      --parallel N   check: sites asked at once (default 8)\n"
		"  -h, --help         this text\n"
		"\n"
		"Exit status: 0; check: 3 when some site did not answer; 2 on errors.\n"
		"\n"
		"Examples:\n"
		"  vnnews sites list --period 2025-\n"
		"  vnnews sites check data/sites/provinces-2025.ini\n",
		VN_SRCDATADIR);
}

static bool period_has(const char *period, const char *want)
{
	size_t n = strlen(want);
	const char *p = period;

	while (p && (p = strstr(p, want))) {
		if ((p == period || p[-1] == ' ') && (p[n] == '\0' || p[n] == ' '))
			return true;
		p += n;
	}
	return false;
}

static bool sites_keep(const struct sites_opts *o, const struct crawler_site *s)
{
	if (o->period && !period_has(s->period, o->period))
		return false;
	return !o->kind || (s->kind && !strcmp(s->kind, o->kind));
}

static int sites_list_file(struct sites_opts *o, const char *path, const struct crawler_sites *ss)
{
	for (size_t i = 0; i < ss->n; i++) {
		const struct crawler_site *s = &ss->sites[i];

		if (!sites_keep(o, s))
			continue;
		o->n_listed++;
		if (o->json) {
			json_t *obj = json_object(), *start = json_array(), *feeds = json_array();
			json_t *sources = json_array();

			if (!obj || !start || !feeds || !sources) {
				json_decref(obj);
				json_decref(start);
				json_decref(feeds);
				json_decref(sources);
				return VN_ENOMEM;
			}
			for (size_t j = 0; j < s->n_start; j++)
				json_array_append_new(start, json_string(s->start[j]));
			for (size_t j = 0; j < s->n_feeds; j++)
				json_array_append_new(feeds, json_string(s->feeds[j]));
			for (size_t j = 0; j < s->n_sources; j++)
				json_array_append_new(sources, json_string(s->sources[j]));
			json_object_set_new(obj, "name", json_string(s->name));
			json_object_set_new(obj, "province", s->province ? json_string(s->province)
									 : json_null());
			json_object_set_new(obj, "period", s->period ? json_string(s->period)
								     : json_null());
			json_object_set_new(obj, "kind", s->kind ? json_string(s->kind) : json_null());
			json_object_set_new(obj, "verified", json_boolean(s->verified));
			json_object_set_new(obj, "start", start);
			json_object_set_new(obj, "feeds", feeds);
			json_object_set_new(obj, "sources", sources);
			json_object_set_new(obj, "file", json_string(path));
			json_object_set_new(obj, "line", json_integer(s->line));
			if (json_array_append_new(o->arr, obj))
				return VN_ENOMEM;
		} else {
			printf("%s\t%s\t%s\t%s\t%s\t%s\t%s\n", s->period ? s->period : "-",
			       s->kind ? s->kind : "-", s->province ? s->province : "-",
			       s->verified ? "verified" : "unverified",
			       s->n_sources ? "sourced" : "unsourced",
			       s->n_start ? s->start[0] : "-", s->name);
		}
	}
	return VN_OK;
}

static void sites_on_check(void *ctx, const struct crawler_site *s, const char *url,
			   const struct crawler_site_check *r)
{
	struct sites_opts *o = ctx;

	if (r->ok) {
		o->n_ok++;
		printf("ok\t%d\t%.1fs\t%s\t%s", r->status, r->seconds, url, s->name);
		if (r->final_url[0] && url && strcmp(r->final_url, url) != 0)
			printf("\t-> %s", r->final_url);
	} else {
		o->n_bad++;
		printf("FAIL\t%d\t%.1fs\t%s\t%s\t%s", r->status, r->seconds, url ? url : "-",
		       s->name, r->error[0] ? r->error : "HTTP error status");
	}
	putchar('\n');
}

static int sites_check_file(struct sites_opts *o, const char *path, struct crawler_sites *ss)
{
	struct crawler_sites sub = *ss;
	struct crawler_site *keep;
	char ua[256];
	size_t n = 0;
	int rc;

	(void)path;
	if (!(keep = calloc(ss->n ? ss->n : 1, sizeof *keep)))
		return VN_ENOMEM;
	for (size_t i = 0; i < ss->n; i++)
		if (sites_keep(o, &ss->sites[i]))
			keep[n++] = ss->sites[i]; /* shallow: `ss` still owns the strings */
	sub.sites = keep;
	sub.n = n;
	snprintf(ua, sizeof ua, "vnnews/%s (+%s)", VN_VERSION,
		 ss->contact ? ss->contact : "https://github.com/vnnews");
	rc = crawler_sites_check(&sub, ua, o->timeout, o->parallel, sites_on_check, o);
	free(keep);
	return rc;
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Runs `check` or `list` on one file. */
static int sites_file(struct sites_opts *o, const char *path, bool check)
{
	struct crawler_sites ss;
	char err[1024];
	int rc;

	memset(&ss, 0, sizeof ss);
	if ((rc = crawler_sites_load(path, &ss, err, sizeof err))) {
		cli_error("%s", err);
		return rc;
	}
	rc = check ? sites_check_file(o, path, &ss) : sites_list_file(o, path, &ss);
	if (rc)
		cli_error("%s: %s", path, vn_strerror(rc));
	crawler_sites_release(&ss);
	return rc;
}

/* A file, or every *.ini of a directory in name order. */
static int sites_path(struct sites_opts *o, const char *path, bool check)
{
	struct stat st;
	struct dirent *e;
	char **names = NULL, full[4096];
	size_t n = 0, cap = 0;
	DIR *d;
	int rc = VN_OK;

	if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode))
		return sites_file(o, path, check);
	if (!(d = opendir(path))) {
		cli_error("%s: cannot read the directory", path);
		return VN_EIO;
	}
	while ((e = readdir(d))) {
		size_t l = strlen(e->d_name);

		if (l < 5 || strcmp(e->d_name + l - 4, ".ini") != 0)
			continue;
		if (n == cap) {
			char **p = realloc(names, (cap = cap ? cap * 2 : 8) * sizeof *p);

			if (!p) {
				rc = VN_ENOMEM;
				goto out;
			}
			names = p;
		}
		if (!(names[n] = strdup(e->d_name))) {
			rc = VN_ENOMEM;
			goto out;
		}
		n++;
	}
	if (n > 1)
		qsort(names, n, sizeof *names, name_cmp);
	for (size_t i = 0; i < n && !rc; i++) {
		snprintf(full, sizeof full, "%s/%s", path, names[i]);
		rc = sites_file(o, full, check);
	}
out:
	closedir(d);
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return rc;
}

int cmd_sites(int argc, char **argv)
{
	enum { OPT_PERIOD = 1, OPT_KIND, OPT_JSON, OPT_TIMEOUT, OPT_PARALLEL };
	static const struct option opts[] = {
		{ "period", required_argument, NULL, OPT_PERIOD },
		{ "kind", required_argument, NULL, OPT_KIND },
		{ "json", no_argument, NULL, OPT_JSON },
		{ "timeout", required_argument, NULL, OPT_TIMEOUT },
		{ "parallel", required_argument, NULL, OPT_PARALLEL },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct sites_opts o;
	const char *action, *def = VN_SRCDATADIR "/sites";
	struct stat st;
	bool check;
	int c, rc = VN_OK, ret = CLI_EXIT_ERROR;
	char *end;

	memset(&o, 0, sizeof o);
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case OPT_PERIOD:
			o.period = optarg;
			break;
		case OPT_KIND:
			o.kind = optarg;
			break;
		case OPT_JSON:
			o.json = true;
			break;
		case OPT_TIMEOUT:
			o.timeout = strtol(optarg, &end, 10);
			if (*end || o.timeout < 1 || o.timeout > 600) {
				ret = cli_usage_error("sites", "--timeout must be 1 to 600 seconds, "
						      "not '%s'", optarg);
				goto out;
			}
			break;
		case OPT_PARALLEL:
			o.parallel = (int)strtol(optarg, &end, 10);
			if (*end || o.parallel < 1 || o.parallel > 64) {
				ret = cli_usage_error("sites", "--parallel must be 1 to 64, not '%s'",
						      optarg);
				goto out;
			}
			break;
		case 'h':
			sites_usage(stdout);
			ret = CLI_EXIT_OK;
			goto out;
		default:
			ret = cli_usage_error("sites", "unknown option");
			goto out;
		}
	}
	if (optind >= argc) {
		ret = cli_usage_error("sites", "need an action: list or check");
		goto out;
	}
	action = argv[optind++];
	if (!strcmp(action, "list")) {
		check = false;
	} else if (!strcmp(action, "check")) {
		check = true;
	} else {
		ret = cli_usage_error("sites", "unknown action '%s' (list or check)", action);
		goto out;
	}
	if (o.json && check) {
		ret = cli_usage_error("sites", "--json goes with list");
		goto out;
	}
	if (o.json && !(o.arr = json_array()))
		goto out;
	if (stat(def, &st) != 0)
		def = VN_DATADIR "/sites";
	if (optind >= argc)
		rc = sites_path(&o, def, check);
	for (int i = optind; i < argc && !rc; i++)
		rc = sites_path(&o, argv[i], check);
	if (rc)
		goto out;
	if (o.json) {
		if (json_dumpf(o.arr, stdout, JSON_INDENT(2)) ||
		    fputc('\n', stdout) == EOF)
			goto out;
	}
	if (check)
		fprintf(stderr, "%ld site%s answered, %ld did not\n", o.n_ok, o.n_ok == 1 ? "" : "s",
			o.n_bad);
	ret = check && o.n_bad ? CLI_EXIT_PARTIAL : CLI_EXIT_OK;
out:
	json_decref(o.arr);
	return ret;
}
