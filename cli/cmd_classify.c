/* cmd_classify.c — `vnnews classify`: tag plain text, HTML or extract records, or evaluate
 * the tagger against a hand-labeled set.
 *
 * The input kind is detected from its first bytes: "{" is a record (one JSON object, or
 * JSON Lines of them, as `vnnews extract --format json` writes), markup is HTML (extracted
 * with the parser first), anything else is plain text whose first non-empty line is the
 * title.  --eval reads {"id","text","labels"} lines and prints per-class precision, recall,
 * F1, macro-F1 and every disagreement, so a lexicon change can be judged in one run. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "classify/classify.h"
#include "cli/cli.h"
#include "common/vn_buf.h"
#include "parser/parser.h"

#define INPUT_CAP ((size_t)64 << 20)

struct classify_opts {
	bool json;
	const char *lexicon;
	const char *eval;
};

static void usage(FILE *out)
{
	fprintf(out,
		"usage: vnnews classify [--json|--features] [--lexicon FILE] FILE|-\n"
		"       vnnews classify --eval GOLD.jsonl [--lexicon FILE]\n"
		"\n"
		"Tag an article as directive, case_report and/or meeting (any number of them),\n"
		"with a score per class and the evidence that fired (phrase, count, where).\n"
		"The lexicon's phrases give each class a score; its n-gram model (fitted on\n"
		"hand-labeled articles) turns that score and the title's and lead's syllable\n"
		"n-grams into a probability, and a class is given above 0.5.  A count of\n"
		"cases stated further down the body (\"ghi nhận 147 ca mắc\") gives\n"
		"case_report by itself when a disease is named (evidence \"count in the\n"
		"body: ...\", score at least 0.5): a meeting that reports case counts is\n"
		"both meeting and case_report.\n"
		"\n"
		"Input (FILE, or - for standard input) is detected from its first bytes:\n"
		"  an extract record    a JSON object (or JSON Lines of them) with title/body,\n"
		"                       as 'vnnews extract --format json' writes\n"
		"  HTML                 a page; the article is extracted first\n"
		"  plain text           UTF-8; the first non-empty line is the title\n"
		"\n"
		"Options:\n"
		"  --json               print the record with \"labels\", \"scores\" and\n"
		"                       \"evidence\" added (one JSON object a line)\n"
		"  --lexicon FILE       use FILE instead of the shipped lexicon.tsv (found in\n"
		"                       $VNNEWS_DATADIR, else the installed data directory)\n"
		"  --eval GOLD.jsonl    compare with hand labels: lines {\"id\",\"text\",\"labels\"};\n"
		"                       prints per-class precision, recall, F1, macro-F1 and\n"
		"                       the items tagged differently\n"
		"  --features           --json, plus what the n-gram model reads (\"features\":\n"
		"                       title and lead syllables, the phrase scores), to fit it\n"
		"                       again with tests/classify/fit_ngrams.py\n"
		"  -h, --help           show this help\n"
		"\n"
		"Exit status: 0 success, 2 unreadable input, bad lexicon or usage error.\n"
		"\n"
		"Examples:\n"
		"  vnnews classify article.txt\n"
		"  vnnews extract --format json page.html | vnnews classify --json -\n"
		"  vnnews classify --eval tests/data/classify/dev.jsonl\n");
}

/* Tags title + body (+ the documents cited, found in the text when not given). */
static int tag(const struct classify_lexicon *lex, const char *title, const char *body,
	       const struct parser_document_ref *docs, size_t n_docs, struct classify_result *r)
{
	struct classify_input in = { title, body, docs, n_docs };
	struct parser_document_ref *found = NULL;
	size_t n_found = 0;
	int rc;

	if (!docs && body && parser_text_documents(body, strlen(body), &found, &n_found) == VN_OK) {
		in.documents = found;
		in.n_documents = n_found;
	}
	rc = classify_article(lex, &in, r);
	parser_documents_free(found, n_found);
	return rc;
}

static void print_result(const char *name, const struct classify_result *r)
{
	bool any = false;

	printf("%s:", name);
	for (int c = 0; c < CLASSIFY_N; c++)
		if (r->labels[c]) {
			printf("%s %s", any ? "," : "", classify_class_name((enum classify_class)c));
			any = true;
		}
	printf("%s\n  scores:", any ? "" : " (no label)");
	for (int c = 0; c < CLASSIFY_N; c++)
		printf(" %s=%.3f", classify_class_name((enum classify_class)c), r->scores[c]);
	printf("\n");
	for (size_t i = 0; i < r->n_evidence; i++) {
		const struct classify_evidence *e = &r->evidence[i];

		printf("  %-11s %+7.3f  %-9s x%-3u %s\n", classify_class_name(e->cls), e->score,
		       e->where, e->count, e->phrase);
	}
}

static int emit(const char *name, json_t *obj, const struct classify_result *r,
		const struct classify_lexicon *lex, bool json)
{
	char *s;

	if (!json) {
		print_result(name, r);
		return VN_OK;
	}
	if (classify_result_to_json(r, obj) != VN_OK)
		return VN_ENOMEM;
	s = json_dumps(obj, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6));
	if (!s)
		return VN_ENOMEM;
	puts(s);
	free(s);
	return VN_OK;
}

static int classify_record(const struct classify_lexicon *lex, const char *name, json_t *obj,
			   bool json)
{
	struct parser_article a;
	struct classify_result r;
	int rc;

	rc = parser_article_from_json(obj, &a);
	if (rc) {
		cli_error("%s: not an extract record: %s", name, vn_strerror(rc));
		return rc;
	}
	rc = tag(lex, a.title, a.body, a.documents, a.n_documents, &r);
	if (!rc) {
		rc = emit(a.url ? a.url : name, obj, &r, lex, json);
		classify_result_release(&r);
	}
	parser_article_release(&a);
	if (rc)
		cli_error("%s: %s", name, vn_strerror(rc));
	return rc;
}

static bool looks_like_html(const char *s, size_t len)
{
	static const char *const marks[] = { "<!doctype", "<html", "<head", "<body", "<meta",
					     "<div", "<p>", "<title" };
	size_t n = len < 1024 ? len : 1024;

	for (size_t i = 0; i < sizeof marks / sizeof marks[0]; i++) {
		size_t ml = strlen(marks[i]);

		for (size_t k = 0; k + ml <= n; k++)
			if (strncasecmp(s + k, marks[i], ml) == 0)
				return true;
	}
	return false;
}

static int classify_input(const struct classify_lexicon *lex, const char *name,
			  struct vn_buf *b, bool json)
{
	const char *p = b->data;
	struct classify_result r;
	int rc = VN_OK;

	while (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t')
		p++;
	if (strncmp(p, "\xef\xbb\xbf", 3) == 0)
		p += 3;
	if (*p == '{') {
		size_t line = 0;
		const char *q = p;

		/* one object, or JSON Lines: each line is tagged on its own */
		while (*q) {
			const char *nl = strchr(q, '\n');
			size_t l = nl ? (size_t)(nl - q) : strlen(q);
			json_error_t err;
			json_t *obj;

			line++;
			if (strspn(q, " \t\r") >= l) {
				q += l + (nl ? 1 : 0);
				continue;
			}
			obj = json_loadb(q, l, 0, &err);
			if (!obj && line == 1) { /* one pretty-printed object */
				obj = json_loads(p, 0, &err);
				l = strlen(q);
				nl = NULL;
			}
			if (!json_is_object(obj)) {
				cli_error("%s:%zu: not a JSON object: %s", name, line, err.text);
				json_decref(obj);
				return VN_EPARSE;
			}
			rc = classify_record(lex, name, obj, json);
			json_decref(obj);
			if (rc)
				return rc;
			q += l + (nl ? 1 : 0);
		}
		return VN_OK;
	}
	if (looks_like_html(p, strlen(p))) {
		struct parser_input in = { .data = b->data, .len = b->len };
		struct parser_article a;
		json_t *obj = NULL;

		rc = parser_article_extract(&in, &a);
		if (rc) {
			cli_error("%s: cannot extract the article: %s", name, vn_strerror(rc));
			return rc;
		}
		rc = tag(lex, a.title, a.body, a.documents, a.n_documents, &r);
		if (!rc && json && parser_article_to_json(&a, false, &obj) != VN_OK)
			rc = VN_ENOMEM;
		if (!rc) {
			if (obj && json_object_set_new(obj, "file", json_string(name)))
				rc = VN_ENOMEM;
			if (!rc)
				rc = emit(name, obj, &r, lex, json);
			classify_result_release(&r);
		}
		json_decref(obj);
		parser_article_release(&a);
	} else {
		json_t *obj = json ? json_pack("{s:s}", "file", name) : NULL;

		rc = classify_plain_text(lex, b->data, b->len, &r);
		if (!rc) {
			rc = json && !obj ? VN_ENOMEM : emit(name, obj, &r, lex, json);
			classify_result_release(&r);
		}
		json_decref(obj);
	}
	if (rc)
		cli_error("%s: %s", name, vn_strerror(rc));
	return rc;
}

struct eval_counts {
	unsigned tp[CLASSIFY_N], fp[CLASSIFY_N], fn[CLASSIFY_N];
	unsigned items, exact;
};

static void labels_str(const bool *l, char *buf, size_t n)
{
	size_t pos = 0;

	buf[0] = '\0';
	for (int c = 0; c < CLASSIFY_N; c++)
		if (l[c]) {
			int w = snprintf(buf + pos, n - pos, "%s%s", pos ? "," : "",
					 classify_class_name((enum classify_class)c));
			if (w < 0 || (size_t)w >= n - pos)
				break;
			pos += (size_t)w;
		}
	if (!pos)
		snprintf(buf, n, "-");
}

static double ratio(unsigned a, unsigned b)
{
	return b ? (double)a / (double)b : 0.0;
}

static int run_eval(const struct classify_lexicon *lex, const char *path)
{
	struct vn_buf b;
	struct eval_counts ec = { 0 };
	unsigned conf[1 << CLASSIFY_N][1 << CLASSIFY_N] = { { 0 } };
	const char *q;
	size_t line = 0;
	double macro = 0;
	int rc;

	vn_buf_init(&b, INPUT_CAP);
	rc = cli_input_read(path, &b);
	if (rc) {
		cli_error("%s: cannot read: %s", path, vn_strerror(rc));
		goto out;
	}
	printf("%-12s %-12s %-12s %s\n", "id", "gold", "tagged", "scores d/c/m");
	for (q = b.data; *q;) {
		const char *nl = strchr(q, '\n');
		size_t l = nl ? (size_t)(nl - q) : strlen(q);
		json_error_t err;
		json_t *obj, *labels, *v;
		const char *id, *text;
		bool gold[CLASSIFY_N] = { false };
		struct classify_result r;
		size_t k;

		line++;
		if (strspn(q, " \t\r") >= l) {
			q += l + (nl ? 1 : 0);
			continue;
		}
		obj = json_loadb(q, l, 0, &err);
		id = json_string_value(json_object_get(obj, "id"));
		text = json_string_value(json_object_get(obj, "text"));
		labels = json_object_get(obj, "labels");
		if (!id || !text || !json_is_array(labels)) {
			cli_error("%s:%zu: expected {\"id\", \"text\", \"labels\": [...]}%s%s", path,
				  line, obj ? "" : ": ", obj ? "" : err.text);
			json_decref(obj);
			rc = VN_EPARSE;
			goto out;
		}
		json_array_foreach(labels, k, v) {
			int c = classify_class_from_name(json_string_value(v));

			if (c < 0) {
				cli_error("%s:%zu: unknown label %s", path, line,
					  json_string_value(v) ? json_string_value(v) : "(not a string)");
				json_decref(obj);
				rc = VN_EPARSE;
				goto out;
			}
			gold[c] = true;
		}
		rc = classify_plain_text(lex, text, strlen(text), &r);
		if (rc) {
			cli_error("%s:%zu: %s", path, line, vn_strerror(rc));
			json_decref(obj);
			goto out;
		}
		ec.items++;
		{
			unsigned g = 0, t = 0;
			bool same = true;

			for (int c = 0; c < CLASSIFY_N; c++) {
				ec.tp[c] += gold[c] && r.labels[c];
				ec.fp[c] += !gold[c] && r.labels[c];
				ec.fn[c] += gold[c] && !r.labels[c];
				same = same && gold[c] == r.labels[c];
				g |= (unsigned)gold[c] << c;
				t |= (unsigned)r.labels[c] << c;
			}
			conf[g][t]++;
			ec.exact += same;
			if (!same) {
				char gs[64], ts[64];

				labels_str(gold, gs, sizeof gs);
				labels_str(r.labels, ts, sizeof ts);
				printf("%-12s %-12s %-12s %.2f/%.2f/%.2f\n", id, gs, ts, r.scores[0],
				       r.scores[1], r.scores[2]);
			}
		}
		classify_result_release(&r);
		json_decref(obj);
		q += l + (nl ? 1 : 0);
	}
	printf("\n%-12s %9s %9s %9s %5s %5s %5s\n", "class", "precision", "recall", "F1", "tp",
	       "fp", "fn");
	for (int c = 0; c < CLASSIFY_N; c++) {
		double p = ratio(ec.tp[c], ec.tp[c] + ec.fp[c]);
		double rr = ratio(ec.tp[c], ec.tp[c] + ec.fn[c]);
		double f = p + rr > 0 ? 2 * p * rr / (p + rr) : 0;

		macro += f / CLASSIFY_N;
		printf("%-12s %9.3f %9.3f %9.3f %5u %5u %5u\n",
		       classify_class_name((enum classify_class)c), p, rr, f, ec.tp[c], ec.fp[c],
		       ec.fn[c]);
	}
	printf("macro-F1 %.3f over %u items, %u tagged exactly as labeled\n", macro, ec.items,
	       ec.exact);
	printf("\nconfusions (gold label set -> tagged label set, count):\n");
	for (unsigned g = 0; g < (1u << CLASSIFY_N); g++)
		for (unsigned t = 0; t < (1u << CLASSIFY_N); t++)
			if (g != t && conf[g][t]) {
				bool gl[CLASSIFY_N], tl[CLASSIFY_N];
				char gs[64], ts[64];

				for (int c = 0; c < CLASSIFY_N; c++) {
					gl[c] = (g >> c) & 1;
					tl[c] = (t >> c) & 1;
				}
				labels_str(gl, gs, sizeof gs);
				labels_str(tl, ts, sizeof ts);
				printf("  %-30s -> %-30s %u\n", gs, ts, conf[g][t]);
			}
out:
	vn_buf_release(&b);
	return rc;
}

int cmd_classify(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "lexicon", required_argument, NULL, 'l' },
		{ "eval", required_argument, NULL, 'e' },
		{ "features", no_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct classify_opts o = { 0 };
	struct classify_lexicon *lex = NULL;
	struct vn_buf b;
	char err[1024];
	int c, rc, status = CLI_EXIT_ERROR;

	vn_buf_init(&b, INPUT_CAP);
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'j':
			o.json = true;
			break;
		case 'l':
			o.lexicon = optarg;
			break;
		case 'e':
			o.eval = optarg;
			break;
		case 'f':
			o.json = true;
			classify_features_set(true);
			break;
		case 'h':
			usage(stdout);
			return CLI_EXIT_OK;
		default:
			return cli_usage_error("classify", "unknown option");
		}
	}
	if (o.eval ? optind != argc : optind != argc - 1)
		return cli_usage_error("classify", o.eval ? "--eval takes no input file" :
					"expected one input FILE (or - for standard input)");
	rc = o.lexicon ? classify_lexicon_load(o.lexicon, &lex, err, sizeof err)
		       : classify_lexicon_default(&lex, err, sizeof err);
	if (rc) {
		cli_error("%s", err);
		goto out;
	}
	if (o.eval) {
		if (run_eval(lex, o.eval) == VN_OK)
			status = CLI_EXIT_OK;
		goto out;
	}
	rc = cli_input_read(argv[optind], &b);
	if (rc) {
		cli_error("%s: cannot read: %s", argv[optind], vn_strerror(rc));
		goto out;
	}
	if (classify_input(lex, strcmp(argv[optind], "-") ? argv[optind] : "(stdin)", &b,
			   o.json) == VN_OK)
		status = CLI_EXIT_OK;
out:
	vn_buf_release(&b);
	classify_lexicon_free(lex);
	return status;
}
