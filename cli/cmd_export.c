/* cmd_export.c — `vnnews export`: the filtered corpus as JSONL, CSV or plain text.
 *
 * JSONL is the one record shape of vnnews (corpus_article_record: parser_article_to_json +
 * classify_result_to_json), so an export reads back with `vnnews add`.  CSV follows
 * RFC 4180: comma-separated, every field quoted, quotes doubled, CRLF line ends, UTF-8
 * (--bom adds the byte-order mark some spreadsheet programs want); multi-valued fields
 * (labels, documents) are joined with "; ".  Text is one block per article, for reading and
 * for plain-text tools. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli/cli.h"

enum { OPT_FORMAT = CLI_OPT_FIRST_FREE, OPT_BOM, OPT_LIMIT };
enum fmt { FMT_JSONL, FMT_CSV, FMT_TEXT };

struct export_ctx {
	struct corpus_db *db;
	FILE *out;
	enum fmt fmt;
	long long n;
	int rc;
};

static void usage(FILE *f)
{
	fputs("usage: vnnews export [OPTIONS]\n"
	      "\n"
	      "Writes the corpus's articles (all, or those the filters select) in insertion\n"
	      "order.\n"
	      "\n"
	      "Options:\n"
	      "      --format FMT      jsonl (default): one record a line, the shape of\n"
	      "                        `vnnews extract --format json` plus labels, scores,\n"
	      "                        evidence and province;\n"
	      "                        csv: RFC 4180, UTF-8, columns url, site, province,\n"
	      "                        published, published_inferred, title, author, labels,\n"
	      "                        score_directive, score_case_report, score_meeting,\n"
	      "                        documents, body;\n"
	      "                        text: title, a line with site, date and URL, the body\n"
	      "  -o, --output FILE     write to FILE instead of standard output\n"
	      "      --bom             start CSV with a UTF-8 byte-order mark (for Excel)\n"
	      "      --limit N         at most N articles\n"
	      CLI_FILTER_HELP
	      "  -h, --help            this help\n"
	      "\n"
	      "Examples:\n"
	      "  vnnews export --format csv --tag directive -o directives.csv\n"
	      "  vnnews export --since 2021-06 --until 2021-12 > h2-2021.jsonl\n", f);
}

static void csv_field(FILE *out, const char *s, bool last)
{
	fputc('"', out);
	for (; s && *s; s++) {
		if (*s == '"')
			fputc('"', out);
		fputc(*s, out);
	}
	fputs(last ? "\"\r\n" : "\",", out);
}

static int write_csv(struct export_ctx *ec, int64_t id)
{
	struct parser_article a;
	struct classify_result r;
	char *province = NULL;
	char num[3][32];
	char labels[128] = "";
	struct vn_buf docs;
	int rc;

	rc = corpus_article_load(ec->db, id, &a, &r, &province);
	if (rc) {
		cli_error("export: %s", corpus_db_errmsg(ec->db));
		return CLI_EXIT_ERROR;
	}
	vn_buf_init(&docs, 1 << 20);
	for (int c = 0; c < CLASSIFY_N; c++) {
		snprintf(num[c], sizeof num[c], "%.4g", r.scores[c]);
		if (r.labels[c]) {
			size_t l = strlen(labels);

			snprintf(labels + l, sizeof labels - l, "%s%s", l ? "; " : "",
				 classify_class_name((enum classify_class)c));
		}
	}
	for (size_t i = 0; !rc && i < a.n_documents; i++)
		rc = vn_buf_addf(&docs, "%s%s", i ? "; " : "", a.documents[i].number);
	csv_field(ec->out, a.url, false);
	csv_field(ec->out, a.site, false);
	csv_field(ec->out, province, false);
	csv_field(ec->out, a.published, false);
	csv_field(ec->out, a.published_inferred ? "true" : "false", false);
	csv_field(ec->out, a.title, false);
	csv_field(ec->out, a.author, false);
	csv_field(ec->out, labels, false);
	for (int c = 0; c < CLASSIFY_N; c++)
		csv_field(ec->out, num[c], false);
	csv_field(ec->out, docs.data, false);
	csv_field(ec->out, a.body, true);
	vn_buf_release(&docs);
	free(province);
	parser_article_release(&a);
	classify_result_release(&r);
	return rc ? CLI_EXIT_ERROR : 0;
}

static int write_jsonl(struct export_ctx *ec, int64_t id)
{
	json_t *rec = NULL;
	int rc = corpus_article_record(ec->db, id, &rec);

	if (rc) {
		cli_error("export: %s: article %lld: %s", corpus_db_path(ec->db), (long long)id,
			  vn_strerror(rc));
		return CLI_EXIT_ERROR;
	}
	rc = json_dumpf(rec, ec->out, JSON_COMPACT | JSON_REAL_PRECISION(6));
	json_decref(rec);
	fputc('\n', ec->out);
	return rc ? CLI_EXIT_ERROR : 0;
}

static int on_article(void *ctx, const struct corpus_hit *h)
{
	struct export_ctx *ec = ctx;

	switch (ec->fmt) {
	case FMT_JSONL:
		ec->rc = write_jsonl(ec, h->id);
		break;
	case FMT_CSV:
		ec->rc = write_csv(ec, h->id);
		break;
	case FMT_TEXT:
		fprintf(ec->out, "%s\n%s  %.10s  %s\n\n%s\n\n\f\n", h->title ? h->title : "",
			h->site ? h->site : "", h->published ? h->published : "undated", h->url,
			h->body ? h->body : "");
		break;
	}
	if (!ec->rc && ferror(ec->out)) {
		cli_error("export: cannot write the output: %s", strerror(errno));
		ec->rc = CLI_EXIT_ERROR;
	}
	ec->n++;
	return ec->rc;
}

int cmd_export(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "output", required_argument, NULL, 'o' },
		{ "bom", no_argument, NULL, OPT_BOM },
		{ "limit", required_argument, NULL, OPT_LIMIT },
		{ "help", no_argument, NULL, 'h' },
		CLI_DB_OPTION,
		CLI_FILTER_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	struct cli_filter cf;
	struct export_ctx ec;
	struct corpus_query q;
	const char *output = NULL;
	bool bom = false;
	char err[1024];
	int c, rc;

	memset(&cf, 0, sizeof cf);
	memset(&ec, 0, sizeof ec);
	memset(&q, 0, sizeof q);
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":o:h", opts, NULL)) != -1) {
		int f = cli_filter_option(&cf, c, optarg, "export");

		if (f < 0)
			return CLI_EXIT_ERROR;
		if (f > 0)
			continue;
		switch (c) {
		case OPT_FORMAT:
			if (strcmp(optarg, "jsonl") == 0 || strcmp(optarg, "json") == 0)
				ec.fmt = FMT_JSONL;
			else if (strcmp(optarg, "csv") == 0)
				ec.fmt = FMT_CSV;
			else if (strcmp(optarg, "text") == 0)
				ec.fmt = FMT_TEXT;
			else
				return cli_usage_error("export", "--format '%s': use jsonl, csv or "
						       "text", optarg);
			break;
		case 'o': output = optarg; break;
		case OPT_BOM: bom = true; break;
		case OPT_LIMIT: {
			char *end = NULL;

			q.limit = strtoll(optarg, &end, 10);
			if (!*optarg || *end || q.limit < 0)
				return cli_usage_error("export", "--limit '%s' is not a number",
						       optarg);
			break;
		}
		case 'h':
			usage(stdout);
			return CLI_EXIT_OK;
		case ':':
			return cli_usage_error("export", "option '%s' needs a value",
					       argv[optind - 1]);
		default:
			return cli_usage_error("export", "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage_error("export", "unexpected argument '%s' (write to a file with "
				       "-o FILE)", argv[optind]);
	if (cli_filter_check(&cf, "export"))
		return CLI_EXIT_ERROR;
	rc = cli_corpus_open("export", cf.db, CORPUS_OPEN_READONLY, &ec.db);
	if (rc)
		return rc;
	ec.out = stdout;
	if (output && !(ec.out = fopen(output, "w"))) {
		cli_error("export: %s: %s", output, strerror(errno));
		corpus_db_free(ec.db);
		return CLI_EXIT_ERROR;
	}
	if (ec.fmt == FMT_CSV) {
		static const char *const cols[] = {
			"url", "site", "province", "published", "published_inferred", "title",
			"author", "labels", "score_directive", "score_case_report",
			"score_meeting", "documents", "body" };

		if (bom)
			fputs("\xef\xbb\xbf", ec.out);
		for (size_t i = 0; i < sizeof cols / sizeof cols[0]; i++)
			csv_field(ec.out, cols[i], i + 1 == sizeof cols / sizeof cols[0]);
	}
	q.filter = cf.filter;
	q.sort = CORPUS_SORT_ID;
	rc = corpus_query_run(ec.db, &q, on_article, &ec, err, sizeof err);
	if (rc < 0) {
		fprintf(stderr, "vnnews export: %s\n", err);
		rc = CLI_EXIT_ERROR;
	} else if (rc > 0) {
		rc = CLI_EXIT_ERROR;
	}
	if (ec.out != stdout && fclose(ec.out) != 0 && !rc) {
		cli_error("export: %s: %s", output, strerror(errno));
		rc = CLI_EXIT_ERROR;
	} else if (ec.out == stdout && fflush(stdout) != 0) {
		rc = CLI_EXIT_ERROR;
	}
	if (!rc && output)
		fprintf(stderr, "vnnews export: %lld articles written to %s\n", ec.n, output);
	corpus_db_free(ec.db);
	return rc;
}
