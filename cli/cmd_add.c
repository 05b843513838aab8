/* cmd_add.c — `vnnews add`: load JSON Lines records into the corpus without crawling.
 *
 * Accepts the record shape of `vnnews extract --format json` / `vnnews classify --json`
 * (read by parser_article_from_json; labels/scores/evidence kept when present) and the
 * shared corpus-vi items {"id", "category", "text"} (first line the title, the rest the
 * body).  Records without labels are tagged with the shipped lexicon.  Writes go in
 * batched transactions (one fsync per batch, not per record) under the writer lock; a
 * malformed line is reported as FILE:LINE and skipped, and the exit status says so. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli/cli.h"
#include "common/vn_buf.h"

enum { OPT_SITE = CLI_OPT_FIRST_FREE, OPT_PROVINCE, OPT_NO_CLASSIFY, OPT_BATCH, OPT_OPTIMIZE };

#define LINE_CAP ((size_t)64 << 20)

struct add_ctx {
	struct corpus_db *db;
	struct classify_lexicon *lex;
	const char *site;
	const char *province;
	long batch;
	long in_batch;
	long long records, added, updated, bad;
};

static void usage(FILE *f)
{
	fputs("usage: vnnews add [OPTIONS] FILE.jsonl|- ...\n"
	      "\n"
	      "Loads records into the corpus (created if missing), one JSON object a line:\n"
	      "  - extract/classify records: {\"url\", \"title\", \"published\", \"body\",\n"
	      "    \"documents\", \"labels\", ...} as `vnnews extract --format json` prints them;\n"
	      "  - corpus-vi items: {\"id\", \"category\", \"text\"}, the text's first line being\n"
	      "    the title and the rest the body; stored under the URL urn:vnnews:id:ID.\n"
	      "Records without \"labels\" are classified with the shipped lexicon.  A record\n"
	      "whose URL is already stored updates it; the same content hash under another URL\n"
	      "becomes an alias.  A FILE (or standard input) may be gzip-compressed.  Prints\n"
	      "how many records were read and stored.\n"
	      "\n"
	      "Options:\n"
	      "      --db PATH         the corpus (default $VNNEWS_DB, else ./vnnews.db)\n"
	      "      --site NAME       site for records that name none (default: FILE's name)\n"
	      "      --province NAME   province for records that name none\n"
	      "      --no-classify     store records without labels untagged\n"
	      "      --batch N         records per transaction (default 2000)\n"
	      "      --optimize        after loading, merge the full-text index into one\n"
	      "                        segment (slower load, faster queries); without it,\n"
	      "                        the index is merged once it has more than 8\n"
	      "                        segments\n"
	      "  -h, --help            this help\n"
	      "\n"
	      "Exit status: 0 all stored, 3 some lines were malformed (each is reported),\n"
	      "2 error, 4 another vnnews run holds the corpus.\n"
	      "\n"
	      "Examples:\n"
	      "  vnnews extract --format json pages/*.html | vnnews add --db c.db -\n"
	      "  vnnews add --site baomoi ../shared/data/corpus-vi/baomoi-2018.jsonl.gz\n",
	      f);
}

/* "dir/baomoi-2018.jsonl.gz" -> "baomoi-2018" */
static void file_stem(const char *path, char *out, size_t outlen)
{
	const char *base = strrchr(path, '/');
	size_t n;

	base = base ? base + 1 : path;
	n = strcspn(base, ".");
	if (n == 0 || strcmp(path, "-") == 0) {
		snprintf(out, outlen, "stdin");
		return;
	}
	snprintf(out, outlen, "%.*s", (int)n, base);
}

static int labels_from_json(const json_t *obj, struct classify_result *r)
{
	const json_t *labels = json_object_get(obj, "labels");
	const json_t *scores = json_object_get(obj, "scores");
	const json_t *ev = json_object_get(obj, "evidence");
	size_t i;
	json_t *v;

	memset(r, 0, sizeof *r);
	json_array_foreach(labels, i, v) {
		int c = json_is_string(v) ? classify_class_from_name(json_string_value(v)) : -1;

		if (c >= 0)
			r->labels[c] = true;
	}
	for (int c = 0; c < CLASSIFY_N; c++) {
		json_t *s = json_object_get(scores, classify_class_name((enum classify_class)c));

		if (json_is_number(s))
			r->scores[c] = json_number_value(s);
	}
	if (json_is_array(ev) && json_array_size(ev)) {
		r->evidence = calloc(json_array_size(ev), sizeof *r->evidence);
		if (!r->evidence)
			return VN_ENOMEM;
		json_array_foreach(ev, i, v) {
			struct classify_evidence *e = &r->evidence[r->n_evidence];
			const char *cls = json_string_value(json_object_get(v, "class"));
			const char *phrase = json_string_value(json_object_get(v, "phrase"));
			const char *where = json_string_value(json_object_get(v, "where"));
			int c = cls ? classify_class_from_name(cls) : -1;

			if (c < 0 || !phrase)
				continue;
			e->cls = (enum classify_class)c;
			e->phrase = strdup(phrase);
			e->where = where ? strdup(where) : NULL;
			e->count = (unsigned)json_integer_value(json_object_get(v, "count"));
			r->n_evidence++;
			if (!e->phrase || (where && !e->where))
				return VN_ENOMEM;
		}
	}
	return VN_OK;
}

/* Fills `a` from a corpus-vi item; the strings are the caller's to free. */
static int corpus_vi_item(const json_t *obj, struct parser_article *a, const char **why)
{
	const char *text = json_string_value(json_object_get(obj, "text"));
	const json_t *id = json_object_get(obj, "id");
	const char *nl;
	char idbuf[64];

	memset(a, 0, sizeof *a);
	if (json_is_string(id))
		snprintf(idbuf, sizeof idbuf, "%.40s", json_string_value(id));
	else if (json_is_integer(id))
		snprintf(idbuf, sizeof idbuf, "%lld", (long long)json_integer_value(id));
	else {
		*why = "an item with \"text\" needs an \"id\" (string or number)";
		return VN_EPARSE;
	}
	nl = strchr(text, '\n');
	a->title = nl ? strndup(text, (size_t)(nl - text)) : strdup(text);
	a->body = strdup(nl ? nl + 1 : "");
	if (asprintf(&a->url, "urn:vnnews:id:%s", idbuf) < 0)
		a->url = NULL;
	a->lang = strdup("vi");
	a->kind = PARSER_PAGE_ARTICLE;
	if (!a->title || !a->body || !a->url || !a->lang)
		return VN_ENOMEM;
	return VN_OK;
}

static void article_free_vi(struct parser_article *a)
{
	free(a->title);
	free(a->body);
	free(a->url);
	free(a->lang);
	memset(a, 0, sizeof *a);
}

/* One line; returns VN_EPARSE for a malformed record (already reported). */
static int add_line(struct add_ctx *ac, const char *file, long long lineno, const char *line,
		    size_t len, const char *stem)
{
	json_error_t jerr;
	json_t *obj = json_loadb(line, len, 0, &jerr);
	struct parser_article a;
	struct classify_result r;
	bool vi = false, have_r = false, is_new = false;
	const char *why = NULL;
	const char *province = ac->province;
	int rc;

	memset(&a, 0, sizeof a);
	memset(&r, 0, sizeof r);
	if (!obj) {
		cli_warn("%s:%lld: not JSON: %s (column %d); line skipped", file, lineno, jerr.text,
			 jerr.column);
		return VN_EPARSE;
	}
	if (!json_is_object(obj)) {
		why = "not a JSON object";
		rc = VN_EPARSE;
		goto out;
	}
	vi = json_is_string(json_object_get(obj, "text")) && !json_object_get(obj, "body");
	if (vi) {
		rc = corpus_vi_item(obj, &a, &why);
	} else {
		rc = parser_article_from_json(obj, &a);
		if (rc == VN_OK && !a.url && !a.canonical_url) {
			const json_t *id = json_object_get(obj, "id");

			if (json_is_string(id) || json_is_integer(id)) {
				if (json_is_string(id))
					rc = asprintf(&a.url, "urn:vnnews:id:%s",
						      json_string_value(id)) < 0 ? VN_ENOMEM : VN_OK;
				else
					rc = asprintf(&a.url, "urn:vnnews:id:%lld",
						      (long long)json_integer_value(id)) < 0
						     ? VN_ENOMEM : VN_OK;
			} else {
				why = "the record has no \"url\" (nor \"id\")";
				rc = VN_EPARSE;
			}
		} else if (rc == VN_EPARSE || rc == VN_EINVAL) {
			why = "not a record of the extract shape";
			rc = VN_EPARSE;
		}
	}
	if (rc)
		goto out;
	if (!province)
		province = json_string_value(json_object_get(obj, "province"));
	if (json_is_array(json_object_get(obj, "labels"))) {
		rc = labels_from_json(obj, &r);
		have_r = true;
	} else if (ac->lex) {
		struct classify_input in = { a.title, a.body, a.documents, a.n_documents };

		rc = classify_article(ac->lex, &in, &r);
		have_r = rc == VN_OK;
	}
	if (rc)
		goto out;
	if (ac->in_batch == 0 && (rc = corpus_db_begin(ac->db)))
		goto db_error;
	rc = corpus_article_put(ac->db, &a, ac->site ? ac->site : a.site ? a.site : stem, province,
				have_r ? &r : NULL, NULL, NULL, &is_new);
	if (rc)
		goto db_error;
	if (is_new)
		ac->added++;
	else
		ac->updated++;
	if (++ac->in_batch >= ac->batch) {
		ac->in_batch = 0;
		if ((rc = corpus_db_commit(ac->db)))
			goto db_error;
	}
	goto out;
db_error:
	cli_error("add: %s:%lld: %s", file, lineno, corpus_db_errmsg(ac->db));
out:
	if (why)
		cli_warn("%s:%lld: %s; line skipped", file, lineno, why);
	if (vi)
		article_free_vi(&a);
	else
		parser_article_release(&a);
	classify_result_release(&r);
	json_decref(obj);
	return rc;
}

static int add_file(struct add_ctx *ac, const char *path)
{
	FILE *f = cli_input_open(path);
	const char *name = strcmp(path, "-") == 0 ? "(stdin)" : path;
	char stem[128];
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	long long lineno = 0;
	int rc = VN_OK, read_err;

	if (!f) {
		cli_error("add: %s: %s", path, strerror(errno));
		return VN_EIO;
	}
	file_stem(path, stem, sizeof stem);
	while ((n = getline(&line, &cap, f)) >= 0) {
		int lr;

		lineno++;
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		if (n == 0)
			continue;
		ac->records++;
		if ((size_t)n > LINE_CAP) {
			cli_warn("%s:%lld: line longer than %zu bytes; skipped", name, lineno,
				 LINE_CAP);
			ac->bad++;
			continue;
		}
		lr = add_line(ac, name, lineno, line, (size_t)n, stem);
		if (lr == VN_EPARSE) {
			ac->bad++;
		} else if (lr) {
			rc = lr;
			break;
		}
	}
	read_err = ferror(f) ? errno : 0;
	if (fclose(f) == EOF) /* a cli_input stream says here what went wrong */
		read_err = errno;
	if (!rc && read_err) {
		cli_error("add: %s: read error: %s", name, read_err == EILSEQ ?
			  "damaged or truncated gzip data" : strerror(read_err));
		rc = VN_EIO;
	}
	free(line);
	return rc;
}

int cmd_add(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "site", required_argument, NULL, OPT_SITE },
		{ "province", required_argument, NULL, OPT_PROVINCE },
		{ "no-classify", no_argument, NULL, OPT_NO_CLASSIFY },
		{ "batch", required_argument, NULL, OPT_BATCH },
		{ "optimize", no_argument, NULL, OPT_OPTIMIZE },
		{ "help", no_argument, NULL, 'h' },
		CLI_DB_OPTION,
		{ NULL, 0, NULL, 0 },
	};
	struct add_ctx ac;
	const char *db_opt = NULL;
	bool classify = true;
	bool optimize = false;
	char err[1024];
	int c, rc = VN_OK, exit_code;

	memset(&ac, 0, sizeof ac);
	ac.batch = 2000;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case CLI_OPT_DB: db_opt = optarg; break;
		case OPT_SITE: ac.site = optarg; break;
		case OPT_PROVINCE: ac.province = optarg; break;
		case OPT_NO_CLASSIFY: classify = false; break;
		case OPT_OPTIMIZE: optimize = true; break;
		case OPT_BATCH: {
			char *end = NULL;

			ac.batch = strtol(optarg, &end, 10);
			if (!*optarg || *end || ac.batch < 1 || ac.batch > 1000000)
				return cli_usage_error("add", "--batch '%s' is not a number from 1 "
						       "to 1000000", optarg);
			break;
		}
		case 'h':
			usage(stdout);
			return CLI_EXIT_OK;
		case ':':
			return cli_usage_error("add", "option '%s' needs a value", argv[optind - 1]);
		default:
			return cli_usage_error("add", "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind >= argc)
		return cli_usage_error("add", "no FILE given (use - for standard input)");
	if (classify && classify_lexicon_default(&ac.lex, err, sizeof err) != VN_OK) {
		cli_error("add: cannot load the lexicon: %s", err);
		return CLI_EXIT_ERROR;
	}
	exit_code = cli_corpus_open("add", db_opt, CORPUS_OPEN_CREATE | CORPUS_OPEN_LOCK, &ac.db);
	if (exit_code) {
		classify_lexicon_free(ac.lex);
		return exit_code;
	}
	for (int i = optind; i < argc && !rc; i++)
		rc = add_file(&ac, argv[i]);
	if (ac.in_batch > 0) {
		if (rc)
			corpus_db_rollback(ac.db);
		else if (corpus_db_commit(ac.db)) {
			cli_error("add: %s", corpus_db_errmsg(ac.db));
			rc = VN_EDB;
		}
	}
	/* a bulk load leaves many index segments; merging them makes later queries faster */
	if (!rc && (optimize ? corpus_db_optimize(ac.db) : corpus_db_merge_index(ac.db)) != VN_OK)
		cli_warn("add: %s", corpus_db_errmsg(ac.db));
	printf("%lld records read: %lld new articles, %lld updated or aliased, %lld skipped\n",
	       ac.records, ac.added, ac.updated, ac.bad);
	corpus_db_free(ac.db);
	classify_lexicon_free(ac.lex);
	if (rc)
		return CLI_EXIT_ERROR;
	return ac.bad ? CLI_EXIT_PARTIAL : CLI_EXIT_OK;
}
