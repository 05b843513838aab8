/* cmd_grep.c — `vnnews grep`: search the corpus like grep, answer like an index.
 *
 * Options follow grep where grep has an answer (-e, -v, -w, -E, -c, -l, -C, --color), and
 * the corpus library does the matching (corpus_query_run: FTS5 candidates, syllable or ICU
 * regex check, byte offsets into the original text).  This file only prints: one header
 * line per article (site, date, title) and the sentences holding matches, highlighted on
 * the original text with grep's colours; --json prints one record per article (the shape
 * of `vnnews export`) plus "matches" with byte offsets. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli/cli.h"

#define MAX_PATTERNS 64

enum { OPT_AND = CLI_OPT_FIRST_FREE, OPT_NOT, OPT_EXACT, OPT_COLOR, OPT_JSON, OPT_LIMIT,
       OPT_SORT };

/* grep's GREP_COLORS defaults: ms=01;31 fn=35 ln=32 se=36 */
#define C_MATCH "\033[01;31m\033[K"
#define C_SITE "\033[35m\033[K"
#define C_DATE "\033[32m\033[K"
#define C_SEP "\033[36m\033[K"
#define C_END "\033[m\033[K"

struct grep_out {
	struct corpus_db *db;
	FILE *out;
	bool color;
	bool json;
	bool list;
	bool with_score;
	int context;
	int rc;
	long long n_hits;
};

static void usage(FILE *f)
{
	fputs("usage: vnnews grep [OPTIONS] PATTERN\n"
	      "       vnnews grep [OPTIONS] -e PATTERN [-e PATTERN...] [--and P] [--not P]\n"
	      "\n"
	      "Searches the corpus.  A pattern is a run of syllables matched ignoring case and\n"
	      "diacritics (\"dien bien\" finds \"Điện Biên\" and \"ĐIỆN BIÊN\"); its last syllable\n"
	      "may begin a longer one unless -w.  Prints, per article, the site, date and\n"
	      "title, then each sentence holding a match.  Exit status: 0 if something\n"
	      "matched, 1 if nothing did, 2 on error, also when a -E pattern was given up on\n"
	      "some article for backtracking too long (what matched elsewhere is printed).\n"
	      "\n"
	      "Matching:\n"
	      "  -e, --regexp PATTERN    a pattern; repeat for any of several\n"
	      "      --and PATTERN       articles must also match PATTERN\n"
	      "      --not PATTERN       articles must not match PATTERN\n"
	      "  -v, --invert-match      select the articles that do not match\n"
	      "  -w, --word-regexp       whole syllables only\n"
	      "      --exact             diacritics count (\"Điện\" is not \"Điền\" nor \"dien\")\n"
	      "  -E, --extended-regexp   patterns are ICU regular expressions, matched without\n"
	      "                          case and (unless --exact) on the text without diacritics\n"
	      "  -i, --ignore-case       accepted for grep habits; case never counts\n"
	      "Filters:\n"
	      CLI_FILTER_HELP
	      "Output:\n"
	      "  -c, --count             print only the number of matching articles\n"
	      "  -l, --files-with-matches  print only the URLs of matching articles\n"
	      "  -C, --context N         N sentences of context around each match\n"
	      "      --color[=WHEN]      highlight matches: auto (default), always, never\n"
	      "      --json              one JSON record per article, with \"matches\" (byte\n"
	      "                          offsets into title/body; \"score\" with --sort score)\n"
	      "      --limit N           at most N articles\n"
	      "      --sort date|score   newest first (default) or best FTS rank first\n"
	      "  -h, --help              this help\n"
	      "\n"
	      "Examples:\n"
	      "  vnnews grep \"tiem vac xin\" --tag directive --since 2021-06\n"
	      "  vnnews grep -c -w \"covid\" --until 2022\n"
	      "  vnnews grep --exact \"Điện Biên\" --cites 4588/UBND-VX\n"
	      "  vnnews grep -E \"cong van so [0-9]+/UBND\" -l\n", f);
}

static void put_trimmed(FILE *out, const char *s, size_t len)
{
	/* a sentence is printed on one line: its line breaks become spaces */
	for (size_t i = 0; i < len; i++)
		fputc(s[i] == '\n' || s[i] == '\r' || s[i] == '\t' ? ' ' : s[i], out);
}

/* Prints text[s, e) with the matches of `field` inside highlighted. */
static void put_highlighted(const struct grep_out *g, const struct corpus_hit *h,
			    enum corpus_field field, const char *text, size_t s, size_t e)
{
	size_t at = s;

	while (s < e && (text[s] == ' ' || text[s] == '\n'))
		at = ++s;
	while (e > s && (text[e - 1] == ' ' || text[e - 1] == '\n'))
		e--;
	for (size_t i = 0; i < h->n_matches; i++) {
		const struct corpus_match *m = &h->matches[i];
		size_t ms = m->start, me = m->end;

		if (m->field != field || me <= at || ms >= e)
			continue;
		if (ms < at)
			ms = at;
		if (me > e)
			me = e;
		put_trimmed(g->out, text + at, ms - at);
		if (g->color)
			fputs(C_MATCH, g->out);
		put_trimmed(g->out, text + ms, me - ms);
		if (g->color)
			fputs(C_END, g->out);
		at = me;
	}
	if (at < e)
		put_trimmed(g->out, text + at, e - at);
}

static int print_text(struct grep_out *g, const struct corpus_hit *h)
{
	const char *date = h->published ? h->published : "undated";
	size_t done = 0;

	if (g->color)
		fprintf(g->out, C_SITE "%s" C_END C_SEP "  " C_END C_DATE "%.10s" C_END C_SEP "  "
			C_END, h->site ? h->site : "?", date);
	else
		fprintf(g->out, "%s  %.10s  ", h->site ? h->site : "?", date);
	if (h->title)
		put_highlighted(g, h, CORPUS_FIELD_TITLE, h->title, 0, strlen(h->title));
	fputc('\n', g->out);
	for (size_t i = 0; i < h->n_matches && h->body; i++) {
		const struct corpus_match *m = &h->matches[i];
		size_t s, e;

		if (m->field != CORPUS_FIELD_BODY || m->start < done)
			continue;
		if (corpus_text_sentence(h->body, strlen(h->body), m->start, m->end, g->context,
					 &s, &e) != VN_OK)
			return CLI_EXIT_ERROR;
		if (s < done)
			s = done;
		fputs(g->color ? C_SEP "  : " C_END : "  : ", g->out);
		put_highlighted(g, h, CORPUS_FIELD_BODY, h->body, s, e);
		fputc('\n', g->out);
		done = e;
	}
	return 0;
}

static int print_json(struct grep_out *g, const struct corpus_hit *h)
{
	json_t *rec = NULL, *ms;
	char *line;
	int rc;

	rc = corpus_article_record(g->db, h->id, &rec);
	if (rc) {
		cli_error("grep: %s: cannot read article %lld: %s", corpus_db_path(g->db),
			  (long long)h->id, vn_strerror(rc));
		return CLI_EXIT_ERROR;
	}
	ms = json_array();
	for (size_t i = 0; ms && i < h->n_matches; i++) {
		const struct corpus_match *m = &h->matches[i];
		const char *src = m->field == CORPUS_FIELD_TITLE ? h->title : h->body;
		size_t s = m->start, e = m->end;

		if (m->field == CORPUS_FIELD_BODY &&
		    corpus_text_sentence(h->body, strlen(h->body), m->start, m->end, g->context,
					 &s, &e) != VN_OK)
			s = m->start, e = m->end;
		if (m->field == CORPUS_FIELD_TITLE)
			s = 0, e = strlen(h->title);
		json_array_append_new(ms, json_pack("{s:s, s:I, s:I, s:s%, s:s%}",
			"field", m->field == CORPUS_FIELD_TITLE ? "title" : "body",
			"start", (json_int_t)m->start, "end", (json_int_t)m->end,
			"text", src + m->start, m->end - m->start,
			"sentence", src + s, e - s));
	}
	json_object_set_new(rec, "matches", ms ? ms : json_array());
	if (g->with_score)
		json_object_set_new(rec, "score", json_real(h->score));
	line = json_dumps(rec, JSON_COMPACT | JSON_REAL_PRECISION(6));
	json_decref(rec);
	if (!line)
		return CLI_EXIT_ERROR;
	fputs(line, g->out);
	fputc('\n', g->out);
	free(line);
	return 0;
}

static int on_hit(void *ctx, const struct corpus_hit *h)
{
	struct grep_out *g = ctx;

	g->n_hits++;
	if (g->list) {
		fprintf(g->out, "%s\n", h->url);
		return 0;
	}
	g->rc = g->json ? print_json(g, h) : print_text(g, h);
	if (!g->rc && ferror(g->out)) {
		cli_error("grep: cannot write the output");
		g->rc = CLI_EXIT_ERROR;
	}
	return g->rc;
}

static int parse_count(const char *cmd, const char *opt, const char *arg, long max, long *out)
{
	char *end = NULL;
	long v = strtol(arg, &end, 10);

	if (!*arg || *end || v < 0 || v > max)
		return cli_usage_error(cmd, "%s '%s' is not a number from 0 to %ld", opt, arg,
				       max);
	*out = v;
	return 0;
}

int cmd_grep(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "regexp", required_argument, NULL, 'e' },
		{ "and", required_argument, NULL, OPT_AND },
		{ "not", required_argument, NULL, OPT_NOT },
		{ "invert-match", no_argument, NULL, 'v' },
		{ "word-regexp", no_argument, NULL, 'w' },
		{ "exact", no_argument, NULL, OPT_EXACT },
		{ "extended-regexp", no_argument, NULL, 'E' },
		{ "ignore-case", no_argument, NULL, 'i' },
		{ "count", no_argument, NULL, 'c' },
		{ "files-with-matches", no_argument, NULL, 'l' },
		{ "context", required_argument, NULL, 'C' },
		{ "color", optional_argument, NULL, OPT_COLOR },
		{ "colour", optional_argument, NULL, OPT_COLOR },
		{ "json", no_argument, NULL, OPT_JSON },
		{ "limit", required_argument, NULL, OPT_LIMIT },
		{ "sort", required_argument, NULL, OPT_SORT },
		{ "help", no_argument, NULL, 'h' },
		CLI_DB_OPTION,
		CLI_FILTER_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	struct corpus_pattern pats[MAX_PATTERNS];
	struct corpus_query q;
	struct cli_filter cf;
	struct grep_out g;
	struct corpus_db *db = NULL;
	const char *color = "auto";
	bool count = false;
	bool any_e = false;
	long n = 0;
	int64_t given_up = 0;
	char err[1024];
	int c, rc = CLI_EXIT_ERROR;

	memset(&q, 0, sizeof q);
	memset(&cf, 0, sizeof cf);
	memset(&g, 0, sizeof g);
	q.patterns = pats;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":e:vwEiclC:h", opts, NULL)) != -1) {
		int f = cli_filter_option(&cf, c, optarg, "grep");

		if (f < 0)
			return CLI_EXIT_ERROR;
		if (f > 0)
			continue;
		switch (c) {
		case 'e':
		case OPT_AND:
		case OPT_NOT:
			if (q.n_patterns == MAX_PATTERNS)
				return cli_usage_error("grep", "too many patterns (at most %d)",
						       MAX_PATTERNS);
			pats[q.n_patterns].text = optarg;
			pats[q.n_patterns++].role = c == 'e' ? CORPUS_PAT_ANY
						    : c == OPT_AND ? CORPUS_PAT_ALL : CORPUS_PAT_NONE;
			any_e |= c == 'e';
			break;
		case 'v': q.invert = true; break;
		case 'w': q.word = true; break;
		case 'E': q.regex = true; break;
		case 'i': break;
		case OPT_EXACT: q.exact = true; break;
		case 'c': count = true; break;
		case 'l': g.list = true; break;
		case 'C':
			if (parse_count("grep", "-C", optarg, 100, &n))
				return CLI_EXIT_ERROR;
			g.context = (int)n;
			break;
		case OPT_COLOR:
			color = optarg ? optarg : "always";
			if (strcmp(color, "auto") && strcmp(color, "always") && strcmp(color, "never"))
				return cli_usage_error("grep", "--color '%s': use auto, always or "
						       "never", color);
			break;
		case OPT_JSON: g.json = true; break;
		case OPT_LIMIT:
			if (parse_count("grep", "--limit", optarg, 1000000000L, &n))
				return CLI_EXIT_ERROR;
			q.limit = n;
			break;
		case OPT_SORT:
			if (strcmp(optarg, "date") == 0)
				q.sort = CORPUS_SORT_DATE;
			else if (strcmp(optarg, "score") == 0)
				q.sort = CORPUS_SORT_SCORE;
			else
				return cli_usage_error("grep", "--sort '%s': use date or score",
						       optarg);
			break;
		case 'h':
			usage(stdout);
			return CLI_EXIT_OK;
		case ':':
			return cli_usage_error("grep", "option '%s' needs a value", argv[optind - 1]);
		default:
			return cli_usage_error("grep", "unknown option '%s'", argv[optind - 1]);
		}
	}
	/* PATTERN is the first operand unless -e gave the patterns (grep's rule) */
	if (!any_e) {
		if (optind >= argc)
			return cli_usage_error("grep", "no PATTERN given");
		if (q.n_patterns == MAX_PATTERNS)
			return cli_usage_error("grep", "too many patterns");
		memmove(pats + 1, pats, q.n_patterns * sizeof *pats);
		pats[0].text = argv[optind++];
		pats[0].role = CORPUS_PAT_ANY;
		q.n_patterns++;
	}
	if (optind < argc)
		return cli_usage_error("grep", "unexpected argument '%s' (the corpus is given with "
				       "--db; quote a pattern with spaces)", argv[optind]);
	if (g.json && (count || g.list))
		return cli_usage_error("grep", "--json cannot be combined with -c or -l");
	if (cli_filter_check(&cf, "grep"))
		return CLI_EXIT_ERROR;
	rc = cli_corpus_open("grep", cf.db, CORPUS_OPEN_READONLY, &db);
	if (rc)
		return rc;
	q.filter = cf.filter;
	q.want_matches = !count && !g.list;
	q.regex_given_up = &given_up;
	g.db = db;
	g.out = stdout;
	g.with_score = q.sort == CORPUS_SORT_SCORE;
	g.color = strcmp(color, "always") == 0 || (strcmp(color, "auto") == 0 &&
						   cli_color_auto(stdout));
	if (count) {
		int64_t total = 0;

		rc = corpus_query_count(db, &q, &total, err, sizeof err);
		if (rc == VN_OK) {
			printf("%lld\n", (long long)total);
			rc = total ? CLI_EXIT_OK : CLI_EXIT_NOMATCH;
		}
	} else {
		rc = corpus_query_run(db, &q, on_hit, &g, err, sizeof err);
		if (rc == VN_OK)
			rc = g.n_hits ? CLI_EXIT_OK : CLI_EXIT_NOMATCH;
		else if (rc > 0) /* an output error, reported by on_hit */
			rc = CLI_EXIT_ERROR;
	}
	if (rc < 0) {
		fprintf(stderr, "vnnews grep: %s\n", err);
		rc = CLI_EXIT_ERROR;
	}
	if (given_up && rc != CLI_EXIT_ERROR) {
		/* as grep does after a read error: what was found is printed, the exit status
		 * says the answer is incomplete */
		fprintf(stderr, "vnnews grep: the regular expression took too long on %lld "
			"article%s and was given up there (ICU's match-step limit); they count as "
			"not matching: simplify the pattern (nested repeats such as (.+)+ backtrack "
			"without end)\n", (long long)given_up, given_up == 1 ? "" : "s");
		rc = CLI_EXIT_ERROR;
	}
	corpus_db_free(db);
	if (fflush(stdout) != 0)
		rc = CLI_EXIT_ERROR;
	return rc;
}
