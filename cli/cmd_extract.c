/* cmd_extract.c — `vnnews extract`: HTML files -> article records (title, date, byline,
 * body, cited documents), as text or as JSON lines.
 *
 * Several files or a directory are handled in one process, one JSON record per line, so
 * batch extraction pays no process start per page.  A file that cannot be read or parsed
 * is reported on stderr, naming it, and the others still go through; the exit code is then
 * CLI_EXIT_ERROR. */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "common/vn_buf.h"
#include "crawler/crawler.h"
#include "parser/parser.h"

#define EXTRACT_MAX_FILE ((size_t)64 << 20)

enum extract_format { FORMAT_TEXT, FORMAT_JSON };

struct extract_opts {
	enum extract_format format;
	const char *url;
	bool links;
	bool verbose;
	size_t n_inputs;
	const struct crawler_site *site; /* --sites: the site of --url, or NULL */
};

static void extract_usage(FILE *out)
{
	fputs("usage: vnnews extract [--format text|json] [--url URL] [--sites FILE] [-v]\n"
	      "                      [--links] FILE...|DIR|-\n"
	      "\n"
	      "Extract the article of each HTML page: headline, publication date, byline,\n"
	      "site, language, the main text (paragraphs separated by a blank line) and the\n"
	      "legal documents it cites.  Boilerplate (menus, related-news lists, counters,\n"
	      "footers) is left out.  The charset is detected (UTF-8, windows-1258, TCVN3,\n"
	      "VNI, ...) and all output is NFC UTF-8.\n"
	      "\n"
	      "Options:\n"
	      "  -f, --format FMT  text (default for one input) or json; with several inputs or\n"
	      "                    a directory the default is json, one record per line\n"
	      "  -u, --url URL     the page's URL: resolves links, names the site (one input only)\n"
	      "      --links       add the page's links and feeds to the JSON record\n"
	      "      --sites FILE  apply the xpath_title/xpath_body/xpath_date overrides of the\n"
	      "                    site of --url in this sites file (as `vnnews crawl` does)\n"
	      "  -v, --verbose     say when an override selects nothing (the heuristics decide)\n"
	      "  -h, --help        show this help\n"
	      "\n"
	      "A DIR argument means every regular file in it (sorted by name, not recursive).\n"
	      "'-' reads standard input.  A gzip-compressed input (page.html.gz) is read as the\n"
	      "page it holds.  Exit status: 0 when every input was extracted, 2 when\n"
	      "any could not be read or parsed (the others are still printed).\n"
	      "\n"
	      "Examples:\n"
	      "  vnnews extract page.html\n"
	      "  vnnews extract --format json --url https://tuachua.dienbien.gov.vn/tin/1846 page.html\n"
	      "  vnnews extract --sites sites.ini --url https://vidu.gov.vn/tin/1 -v page.html\n"
	      "  vnnews extract pages/ > records.jsonl\n",
	      out);
}

static void print_text(const struct parser_article *a, const char *name, bool header)
{
	if (header)
		printf("==> %s <==\n", name);
	printf("Title: %s\n", a->title ? a->title : "");
	if (a->published)
		printf("Published: %s%s\n", a->published,
		       a->published_inferred ? " (inferred from the text)" : "");
	if (a->author)
		printf("Author: %s\n", a->author);
	if (a->site)
		printf("Site: %s\n", a->site);
	if (a->lang)
		printf("Language: %s\n", a->lang);
	printf("Kind: %s\n", parser_page_kind_name(a->kind));
	for (size_t i = 0; i < a->n_documents; i++) {
		const struct parser_document_ref *d = &a->documents[i];

		printf("Document: %s %s", d->kind, d->number);
		if (d->issuer)
			printf(" (issuer %s)", d->issuer);
		if (d->date)
			printf(" of %s", d->date);
		putchar('\n');
	}
	printf("\n%s\n", a->body ? a->body : "");
	if (header)
		putchar('\n');
}

/* -v: the overrides that selected nothing on this page. */
static void extract_report_overrides(const struct crawler_site *site, const char *name,
				     unsigned missed)
{
	static const struct {
		unsigned bit;
		const char *key;
	} keys[] = {
		{ PARSER_OVERRIDE_TITLE, "xpath_title" },
		{ PARSER_OVERRIDE_BODY, "xpath_body" },
		{ PARSER_OVERRIDE_DATE, "xpath_date" },
	};

	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
		if (missed & keys[i].bit)
			fprintf(stderr, "vnnews extract: %s: site [%s] (line %d): %s gives nothing "
				"usable on this page (no match, no text or no date); the heuristics "
				"decided\n", name, site->name, site->line, keys[i].key);
}

/* The site of the sites file whose hosts include the host of `url`, or NULL. */
static const struct crawler_site *extract_site_of(const struct crawler_sites *sites,
						  const char *url)
{
	const struct crawler_site *found = NULL;
	char *canon = NULL, *origin = NULL;
	const char *host;
	size_t hl;

	if (crawler_url_canon(url, NULL, 0, &canon) || crawler_url_origin(canon, &origin, NULL))
		goto out;
	host = strstr(origin, "://");
	host = host ? host + 3 : origin;
	hl = strcspn(host, ":");
	for (size_t i = 0; i < sites->n && !found; i++)
		for (size_t j = 0; j < sites->sites[i].n_hosts && !found; j++)
			if (strlen(sites->sites[i].hosts[j]) == hl &&
			    strncasecmp(sites->sites[i].hosts[j], host, hl) == 0)
				found = &sites->sites[i];
out:
	free(canon);
	free(origin);
	return found;
}

/* The page's bytes, freed as soon as the parser has read them: a 10 MB page would
 * otherwise sit beside its whole tree and analysis (issue #3). */
static void extract_data_done(void *ctx)
{
	vn_buf_release(ctx);
}

/* Extracts one input and prints it; returns CLI_EXIT_OK or CLI_EXIT_ERROR. */
static int extract_one(const char *path, const struct extract_opts *o)
{
	struct vn_buf buf;
	struct parser_input in;
	struct parser_article a;
	json_t *rec = NULL;
	char *line = NULL;
	const char *name = strcmp(path, "-") == 0 ? "(standard input)" : path;
	int rc, status = CLI_EXIT_ERROR;

	vn_buf_init(&buf, EXTRACT_MAX_FILE);
	rc = cli_input_read(path, &buf);
	if (rc == VN_ENOTFOUND || rc == VN_EIO) {
		fprintf(stderr, "vnnews extract: %s: %s\n", name, strerror(errno));
		goto out;
	}
	if (rc == VN_ECORRUPT) {
		fprintf(stderr, "vnnews extract: %s: damaged or truncated gzip data\n", name);
		goto out;
	}
	if (rc == VN_ETOOBIG) {
		fprintf(stderr, "vnnews extract: %s: larger than %zu MiB, skipped\n", name,
			EXTRACT_MAX_FILE >> 20);
		goto out;
	}
	if (rc) {
		fprintf(stderr, "vnnews extract: %s: %s\n", name, vn_strerror(rc));
		goto out;
	}
	memset(&in, 0, sizeof in);
	in.data = buf.data;
	in.len = buf.len;
	in.url = o->url;
	in.data_done = extract_data_done;
	in.data_done_ctx = &buf;
	if (o->site) {
		in.xpath_title = o->site->xpath_title;
		in.xpath_body = o->site->xpath_body;
		in.xpath_date = o->site->xpath_date;
	}
	rc = parser_article_extract(&in, &a);
	if (rc == VN_EPARSE) {
		fprintf(stderr, "vnnews extract: %s: no HTML page in it (empty or unparsable)\n", name);
		goto out;
	}
	if (rc) {
		fprintf(stderr, "vnnews extract: %s: %s\n", name, vn_strerror(rc));
		goto out;
	}
	if (o->verbose && o->site)
		extract_report_overrides(o->site, name, a.overrides_missed);
	if (o->format == FORMAT_JSON) {
		rc = parser_article_to_json(&a, o->links, &rec);
		if (!rc && strcmp(path, "-") != 0 &&
		    json_object_set_new(rec, "source", json_string(path)))
			rc = VN_ENOMEM;
		parser_article_release(&a); /* the record holds its own copies now */
		vn_buf_release(&buf);
		if (!rc)
			line = json_dumps(rec, JSON_COMPACT | JSON_REAL_PRECISION(6));
		if (rc || !line) {
			fprintf(stderr, "vnnews extract: %s: %s\n", name, vn_strerror(VN_ENOMEM));
		} else {
			puts(line);
			status = CLI_EXIT_OK;
		}
	} else {
		print_text(&a, name, o->n_inputs > 1);
		status = CLI_EXIT_OK;
	}
	free(line);
	json_decref(rec);
	parser_article_release(&a);
out:
	vn_buf_release(&buf);
	return status;
}

static int name_cmp(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

static int extract_dir(const char *dir, const struct extract_opts *o)
{
	struct dirent **ents = NULL;
	int n = scandir(dir, &ents, NULL, name_cmp), status = CLI_EXIT_OK;
	struct vn_buf path;

	if (n < 0) {
		fprintf(stderr, "vnnews extract: %s: %s\n", dir, strerror(errno));
		return CLI_EXIT_ERROR;
	}
	vn_buf_init(&path, 4096);
	for (int i = 0; i < n; i++) {
		struct stat st;

		if (ents[i]->d_name[0] == '.')
			continue;
		vn_buf_reset(&path);
		if (vn_buf_addf(&path, "%s/%s", dir, ents[i]->d_name)) {
			fprintf(stderr, "vnnews extract: %s/%s: path too long\n", dir, ents[i]->d_name);
			status = CLI_EXIT_ERROR;
			continue;
		}
		if (stat(path.data, &st) != 0 || !S_ISREG(st.st_mode))
			continue;
		if (extract_one(path.data, o) != CLI_EXIT_OK)
			status = CLI_EXIT_ERROR;
	}
	for (int i = 0; i < n; i++)
		free(ents[i]);
	free(ents);
	vn_buf_release(&path);
	return status;
}

int cmd_extract(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "url", required_argument, NULL, 'u' },
		{ "links", no_argument, NULL, 'L' },
		{ "sites", required_argument, NULL, 'S' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct extract_opts o = { .format = FORMAT_TEXT };
	struct crawler_sites sites = { 0 };
	const char *sites_path = NULL;
	char err[512];
	bool format_set = false;
	int c, status = CLI_EXIT_OK;

#ifdef __GLIBC__
	/* Blocks of 1 MiB and more (a big page, its text, the scoring arrays) are mapped on
	 * their own, so they go back to the system when freed and grow by remapping.  glibc
	 * would raise this threshold to the size of the first such block freed, after which
	 * they come from the heap, where growing by copying leaves holes that stay resident:
	 * freeing a 10 MB page's bytes once parsed then raised the peak instead of lowering
	 * it (issue #3).  Setting it fixes it, and the heap's top is then given back past
	 * 32 MiB free, as the raised threshold had it (trimming at glibc's fixed 128 KiB made
	 * a batch of pages 10 % slower).  Only extract frees a page once parsed; the other
	 * commands keep glibc's own policy, which their figures were measured with. */
	mallopt(M_MMAP_THRESHOLD, 1 << 20);
	mallopt(M_TRIM_THRESHOLD, 32 << 20);
#endif
	optind = 1;
	while ((c = getopt_long(argc, argv, "f:u:vh", longopts, NULL)) != -1) {
		switch (c) {
		case 'f':
			if (strcmp(optarg, "text") == 0)
				o.format = FORMAT_TEXT;
			else if (strcmp(optarg, "json") == 0)
				o.format = FORMAT_JSON;
			else
				return cli_usage_error("extract", "unknown format '%s' (text or json)",
						       optarg);
			format_set = true;
			break;
		case 'u':
			o.url = optarg;
			break;
		case 'L':
			o.links = true;
			break;
		case 'S':
			sites_path = optarg;
			break;
		case 'v':
			o.verbose = true;
			break;
		case 'h':
			extract_usage(stdout);
			return CLI_EXIT_OK;
		default:
			return cli_usage_error("extract", "unknown option");
		}
	}
	if (optind >= argc)
		return cli_usage_error("extract", "no input: give HTML files, a directory or '-'");
	o.n_inputs = (size_t)(argc - optind);
	if (o.url && o.n_inputs > 1)
		return cli_usage_error("extract", "--url applies to one input, %zu given", o.n_inputs);
	for (int i = optind; i < argc; i++) {
		struct stat st;

		if (strcmp(argv[i], "-") != 0 && stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode))
			o.n_inputs = 2; /* a directory is several inputs */
	}
	if (!format_set && o.n_inputs > 1)
		o.format = FORMAT_JSON;
	if (sites_path) {
		if (!o.url)
			return cli_usage_error("extract", "--sites needs --url: the page's host names "
					       "its site");
		if (crawler_sites_load(sites_path, &sites, err, sizeof err)) {
			fprintf(stderr, "vnnews extract: %s\n", err);
			return CLI_EXIT_ERROR;
		}
		o.site = extract_site_of(&sites, o.url);
		if (!o.site && o.verbose)
			fprintf(stderr, "vnnews extract: %s: no site's hosts include the host of %s; "
				"the heuristics decide\n", sites_path, o.url);
	}
	for (int i = optind; i < argc; i++) {
		struct stat st;
		int r;

		if (strcmp(argv[i], "-") != 0 && stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode)) {
			if (o.url) {
				cli_usage_error("extract", "--url applies to one file, not directory %s",
						argv[i]);
				status = CLI_EXIT_ERROR;
				continue;
			}
			r = extract_dir(argv[i], &o);
		} else {
			r = extract_one(argv[i], &o);
		}
		if (r != CLI_EXIT_OK)
			status = CLI_EXIT_ERROR;
	}
	fflush(stdout);
	crawler_sites_release(&sites);
	return status;
}
