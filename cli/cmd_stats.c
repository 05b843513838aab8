/* cmd_stats.c — `vnnews stats`: article counts by site, province, tag and month.
 *
 * A plain table (or --json through jansson) from corpus_stats_count, and --plot FILE.svg:
 * articles per month per tag as a line chart a researcher can put in a paper — axes with
 * ticks, month labels, one coloured line per class with a legend.  The SVG is written by
 * hand (it is a few dozen elements; SVG 1.1, no script, no external font). */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli/cli.h"
#include "common/vn_array.h"

enum { OPT_JSON = CLI_OPT_FIRST_FREE, OPT_PLOT, OPT_BY };

static const char *const key_names[] = { "site", "province", "tag", "month" };
#define N_KEYS 4

struct row {
	char *key;
	char *key2;
	long long n;
};

struct rows {
	struct row *v;
	size_t n, alloc;
};

static void usage(FILE *f)
{
	fputs("usage: vnnews stats [OPTIONS]\n"
	      "\n"
	      "Counts the corpus's articles by site, province, tag and month.\n"
	      "\n"
	      "Options:\n"
	      "      --by KEY          only this table: site, province, tag or month\n"
	      "      --json            one JSON object {\"total\":N, \"near_duplicates\":N,\n"
	      "                        \"site\":{...}, ...}\n"
	      "      --plot FILE.svg   also draw articles per month per tag as an SVG chart\n"
	      CLI_FILTER_HELP
	      "  -h, --help            this help\n"
	      "\n"
	      "An article with several tags counts once under each; \"none\" holds the\n"
	      "untagged ones, \"unknown\" the undated ones.  \"near-duplicates\" counts the\n"
	      "articles that nearly repeat an earlier one (export shows near_duplicate_of).\n"
	      "\n"
	      "Examples:\n"
	      "  vnnews stats --since 2021\n"
	      "  vnnews stats --by month --tag directive --json\n"
	      "  vnnews stats --plot tags.svg\n", f);
}

static int add_row(void *ctx, const char *key, const char *key2, int64_t n)
{
	struct rows *r = ctx;
	struct row *nv = vn_array_room(r->v, &r->alloc, r->n, sizeof *nv, 32);

	if (!nv)
		return VN_ENOMEM;
	r->v = nv;
	r->v[r->n].key = strdup(key ? key : "");
	r->v[r->n].key2 = key2 ? strdup(key2) : NULL;
	r->v[r->n].n = (long long)n;
	if (!r->v[r->n].key || (key2 && !r->v[r->n].key2)) {
		free(r->v[r->n].key);
		free(r->v[r->n].key2);
		return VN_ENOMEM;
	}
	r->n++;
	return VN_OK;
}

/* One table row, the key padded to `width` columns: printf pads by bytes, and a name like
 * "Sơn Hà" has more bytes than letters.  A column is a code point (the corpus is NFC). */
static void print_row(const char *key, int width, long long n)
{
	int cols = 0;

	for (const char *p = key; *p; p++)
		cols += ((unsigned char)*p & 0xC0) != 0x80;
	printf("%s%*s %10lld\n", key, cols < width ? width - cols : 0, "", n);
}

static void rows_release(struct rows *r)
{
	for (size_t i = 0; i < r->n; i++) {
		free(r->v[i].key);
		free(r->v[i].key2);
	}
	free(r->v);
	memset(r, 0, sizeof *r);
}

/* ---- the SVG chart ---- */

static const char *const palette[] = { "#1b6ca8", "#d1495b", "#2e933c", "#edae49",
				       "#6d597a", "#00798c" };

static void xml_text(FILE *f, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '&': fputs("&amp;", f); break;
		case '"': fputs("&quot;", f); break;
		default: fputc(*s, f);
		}
	}
}

static int month_index(const char *m)
{
	/* "YYYY-MM" -> months since year 0; -1 for "unknown" */
	if (strlen(m) != 7 || m[4] != '-')
		return -1;
	return ((m[0] - '0') * 1000 + (m[1] - '0') * 100 + (m[2] - '0') * 10 + (m[3] - '0')) * 12 +
	       (m[5] - '0') * 10 + (m[6] - '0') - 1;
}

/* 1, 2, 5, 10, 20, 50 ...: the smallest giving at most 8 grid lines */
static long long nice_step(long long max)
{
	long long step = 1;

	for (;;) {
		if (max / step <= 8)
			return step;
		if (max / (step * 2) <= 8)
			return step * 2;
		if (max / (step * 5) <= 8)
			return step * 5;
		step *= 10;
	}
}

static int plot_svg(const char *path, const struct rows *r, const char *title)
{
	enum { W = 960, H = 560, L = 80, R = 190, T = 60, B = 110 };
	int m0 = -1, m1 = -1;
	long long maxn = 1, step;
	const char *classes[8];
	size_t n_classes = 0;
	long long *grid = NULL;
	int n_months;
	FILE *f;
	int rc = CLI_EXIT_ERROR;

	for (size_t i = 0; i < r->n; i++) {
		int m = month_index(r->v[i].key);
		bool known = false;

		if (m < 0)
			continue;
		if (m0 < 0 || m < m0)
			m0 = m;
		if (m > m1)
			m1 = m;
		for (size_t c = 0; c < n_classes; c++)
			known |= strcmp(classes[c], r->v[i].key2) == 0;
		if (!known && n_classes < 8)
			classes[n_classes++] = r->v[i].key2;
	}
	/* the untagged bulk goes last, in grey, so the classes keep the strong colours */
	for (size_t c = 0; c + 1 < n_classes; c++)
		if (strcmp(classes[c], "none") == 0) {
			const char *none = classes[c];

			memmove(&classes[c], &classes[c + 1], (n_classes - c - 1) * sizeof *classes);
			classes[n_classes - 1] = none;
			break;
		}
	f = fopen(path, "w");
	if (!f) {
		cli_error("stats: %s: cannot write the chart: %s", path, strerror(errno));
		return CLI_EXIT_ERROR;
	}
	fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
		"viewBox=\"0 0 %d %d\" font-family=\"DejaVu Sans, Arial, sans-serif\" "
		"font-size=\"13\">\n<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n",
		W, H, W, H);
	fprintf(f, "<text x=\"%d\" y=\"30\" font-size=\"18\" font-weight=\"bold\">", L);
	xml_text(f, title);
	fputs("</text>\n", f);
	if (m0 < 0) {
		fprintf(f, "<text x=\"%d\" y=\"%d\">no dated articles to plot</text>\n", L, H / 2);
		goto close;
	}
	n_months = m1 - m0 + 1;
	grid = calloc((size_t)n_months * (n_classes ? n_classes : 1), sizeof *grid);
	if (!grid)
		goto close;
	for (size_t i = 0; i < r->n; i++) {
		int m = month_index(r->v[i].key);

		for (size_t c = 0; m >= 0 && c < n_classes; c++)
			if (strcmp(classes[c], r->v[i].key2) == 0) {
				grid[c * (size_t)n_months + (size_t)(m - m0)] = r->v[i].n;
				if (r->v[i].n > maxn)
					maxn = r->v[i].n;
			}
	}
	step = nice_step(maxn);
	maxn = (maxn + step - 1) / step * step;
	/* axes, horizontal grid lines and y labels */
	fprintf(f, "<g stroke=\"#cccccc\" stroke-width=\"1\">\n");
	for (long long y = 0; y <= maxn; y += step) {
		double py = T + (H - T - B) * (1.0 - (double)y / (double)maxn);

		fprintf(f, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\"/>\n", L, py, W - R, py);
	}
	fputs("</g>\n<g text-anchor=\"end\">\n", f);
	for (long long y = 0; y <= maxn; y += step) {
		double py = T + (H - T - B) * (1.0 - (double)y / (double)maxn);

		fprintf(f, "<text x=\"%d\" y=\"%.1f\">%lld</text>\n", L - 8, py + 4, y);
	}
	fputs("</g>\n", f);
	fprintf(f, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>\n"
		"<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>\n",
		L, T, L, H - B, L, H - B, W - R, H - B);
	fprintf(f, "<text transform=\"translate(20,%d) rotate(-90)\" text-anchor=\"middle\">"
		"articles per month</text>\n", (T + H - B) / 2);
	/* x ticks: every month when few, else every 3, 6 or 12 */
	{
		int every = n_months <= 18 ? 1 : n_months <= 48 ? 3 : n_months <= 96 ? 6 : 12;

		for (int m = 0; m < n_months; m++) {
			double px = L + (n_months == 1 ? 0.5 : (double)m / (n_months - 1)) *
					       (W - L - R);
			int abs_m = m0 + m;

			if ((abs_m % 12) % every)
				continue;
			fprintf(f, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" "
				"stroke=\"black\"/>\n", px, H - B, px, H - B + 5);
			fprintf(f, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"end\" "
				"transform=\"rotate(-45 %.1f %d)\">%04d-%02d</text>\n",
				px, H - B + 18, px, H - B + 18, abs_m / 12, abs_m % 12 + 1);
		}
	}
	fprintf(f, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">month of publication"
		"</text>\n", (L + W - R) / 2, H - 14);
	/* one line (and dots) per class, legend on the right */
	for (size_t c = 0; c < n_classes; c++) {
		const char *col = strcmp(classes[c], "none") == 0
					  ? "#9a9a9a" : palette[c % (sizeof palette / sizeof palette[0])];

		fprintf(f, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"",
			col);
		for (int m = 0; m < n_months; m++) {
			double px = L + (n_months == 1 ? 0.5 : (double)m / (n_months - 1)) *
					       (W - L - R);
			double py = T + (H - T - B) *
					(1.0 - (double)grid[c * (size_t)n_months + (size_t)m] /
						       (double)maxn);

			fprintf(f, "%s%.1f,%.1f", m ? " " : "", px, py);
		}
		fputs("\"/>\n", f);
		fprintf(f, "<rect x=\"%d\" y=\"%zu\" width=\"14\" height=\"14\" fill=\"%s\"/>\n"
			"<text x=\"%d\" y=\"%zu\">", W - R + 20, T + 10 + c * 24, col, W - R + 40,
			T + 22 + c * 24);
		xml_text(f, classes[c]);
		fputs("</text>\n", f);
	}
close:
	fputs("</svg>\n", f);
	if (fclose(f) != 0) {
		cli_error("stats: %s: cannot write the chart", path);
		rc = CLI_EXIT_ERROR;
	} else {
		rc = grid || m0 < 0 ? CLI_EXIT_OK : CLI_EXIT_ERROR;
	}
	free(grid);
	return rc;
}

int cmd_stats(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, OPT_JSON },
		{ "plot", required_argument, NULL, OPT_PLOT },
		{ "by", required_argument, NULL, OPT_BY },
		{ "help", no_argument, NULL, 'h' },
		CLI_DB_OPTION,
		CLI_FILTER_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	struct cli_filter cf;
	struct corpus_db *db = NULL;
	struct rows tables[N_KEYS];
	struct rows mt = { 0 };
	const char *plot = NULL;
	bool json = false;
	int by = -1;
	int c, rc;
	int64_t total = 0, near = 0;
	char err[512];

	memset(&cf, 0, sizeof cf);
	memset(tables, 0, sizeof tables);
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		int f = cli_filter_option(&cf, c, optarg, "stats");

		if (f < 0)
			return CLI_EXIT_ERROR;
		if (f > 0)
			continue;
		switch (c) {
		case OPT_JSON: json = true; break;
		case OPT_PLOT: plot = optarg; break;
		case OPT_BY:
			for (int k = 0; k < N_KEYS; k++)
				if (strcmp(optarg, key_names[k]) == 0)
					by = k;
			if (by < 0)
				return cli_usage_error("stats", "--by '%s': use site, province, tag "
						       "or month", optarg);
			break;
		case 'h':
			usage(stdout);
			return CLI_EXIT_OK;
		case ':':
			return cli_usage_error("stats", "option '%s' needs a value",
					       argv[optind - 1]);
		default:
			return cli_usage_error("stats", "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage_error("stats", "unexpected argument '%s'", argv[optind]);
	if (cli_filter_check(&cf, "stats"))
		return CLI_EXIT_ERROR;
	rc = cli_corpus_open("stats", cf.db, CORPUS_OPEN_READONLY, &db);
	if (rc)
		return rc;
	{
		struct corpus_query q = { .filter = cf.filter };

		rc = corpus_query_count(db, &q, &total, err, sizeof err);
	}
	if (!rc)
		rc = corpus_stats_near_duplicates(db, &cf.filter, &near);
	for (int k = 0; !rc && k < N_KEYS; k++)
		if (by < 0 || by == k)
			rc = corpus_stats_count(db, &cf.filter, (enum corpus_stat_key)k, add_row,
						&tables[k]);
	if (!rc && plot)
		rc = corpus_stats_count(db, &cf.filter, CORPUS_STAT_MONTH_TAG, add_row, &mt);
	if (rc) {
		fprintf(stderr, "vnnews stats: %s\n", corpus_db_errmsg(db));
		rc = CLI_EXIT_ERROR;
		goto out;
	}
	if (json) {
		json_t *o = json_pack("{s:I, s:I}", "total", (json_int_t)total,
				      "near_duplicates", (json_int_t)near);
		char *s;

		for (int k = 0; o && k < N_KEYS; k++) {
			json_t *t;

			if (by >= 0 && by != k)
				continue;
			t = json_object();
			for (size_t i = 0; t && i < tables[k].n; i++)
				json_object_set_new(t, tables[k].v[i].key,
						    json_integer(tables[k].v[i].n));
			json_object_set_new(o, key_names[k], t);
		}
		s = o ? json_dumps(o, JSON_INDENT(2)) : NULL;
		json_decref(o);
		if (!s) {
			rc = CLI_EXIT_ERROR;
			goto out;
		}
		puts(s);
		free(s);
	} else {
		print_row("articles", 28, (long long)total);
		print_row("near-duplicates", 28, (long long)near);
		for (int k = 0; k < N_KEYS; k++) {
			if (by >= 0 && by != k)
				continue;
			printf("\nby %s\n", key_names[k]);
			for (size_t i = 0; i < tables[k].n; i++) {
				fputs("  ", stdout);
				print_row(tables[k].v[i].key, 26, tables[k].v[i].n);
			}
		}
	}
	if (plot) {
		char title[256];

		snprintf(title, sizeof title, "Articles per month by tag (%s)",
			 corpus_db_path(db));
		rc = plot_svg(plot, &mt, title);
		if (!rc)
			fprintf(stderr, "vnnews stats: chart written to %s\n", plot);
	}
out:
	for (int k = 0; k < N_KEYS; k++)
		rows_release(&tables[k]);
	rows_release(&mt);
	corpus_db_free(db);
	return rc;
}
