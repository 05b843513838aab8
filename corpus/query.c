/* query.c — grep, export and stats queries over the corpus.
 *
 * Candidates come from SQLite: the FTS5 index (our "vnnews" tokenizer, fts.c) when the
 * patterns can be expressed as FTS5 phrases, plus the filters as SQL on indexed columns.
 * Each candidate is then checked in C when the index alone cannot decide (--exact, -E,
 * -v, --not alone) or when the caller wants match offsets: the article's title and body
 * are normalized and split into syllables exactly as the index did, so the offsets we
 * report come from classify_norm's map and point into the original text.  Regular
 * expressions are ICU's (uregex) over a UTF-8 UText, so their offsets are bytes too.
 * Date bounds are ISO 8601 text compared as strings: "2021-06" <= published <= "2021-06~"
 * selects all of June whatever the time and offset that follow. */
#include "corpus/corpus_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ubrk.h>
#include <unicode/uregex.h>
#include <unicode/ustring.h>
#include <unicode/utext.h>

#include "common/vn_array.h"

#define FIELD_N 2

static const char *const class_names[CLASSIFY_N] = { "directive", "case_report", "meeting" };

/* ---- dates and filters ---- */

static bool all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

static int num(const char *s, size_t n)
{
	int v = 0;

	for (size_t i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

int corpus_date_check(const char *v, char *err, size_t errlen)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	size_t len = v ? strlen(v) : 0;
	int y, m, d;

	if (len != 4 && len != 7 && len != 10) {
		snprintf(err, errlen, "'%s' is not a date: use YYYY, YYYY-MM or YYYY-MM-DD",
			 v ? v : "");
		return VN_EPARSE;
	}
	if (!all_digits(v, 4)) {
		snprintf(err, errlen, "'%s': the year '%.4s' is not four digits", v, v);
		return VN_EPARSE;
	}
	y = num(v, 4);
	if (len >= 7) {
		if (v[4] != '-' || !all_digits(v + 5, 2)) {
			snprintf(err, errlen, "'%s': expected '-MM' after the year, got '%.3s'", v,
				 v + 4);
			return VN_EPARSE;
		}
		m = num(v + 5, 2);
		if (m < 1 || m > 12) {
			snprintf(err, errlen, "'%s': month %.2s is not between 01 and 12", v, v + 5);
			return VN_EPARSE;
		}
		if (len == 10) {
			if (v[7] != '-' || !all_digits(v + 8, 2)) {
				snprintf(err, errlen, "'%s': expected '-DD' after the month, got "
					 "'%.3s'", v, v + 7);
				return VN_EPARSE;
			}
			d = num(v + 8, 2);
			if (d < 1 || d > mdays[m - 1] ||
			    (m == 2 && d == 29 && !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)))) {
				snprintf(err, errlen, "'%s': day %.2s does not exist in %.7s", v,
					 v + 8, v);
				return VN_EPARSE;
			}
		}
	}
	return VN_OK;
}

int corpus_filter_check(const struct corpus_filter *f, char *err, size_t errlen)
{
	char sub[256];
	int rc;

	if (f->since && (rc = corpus_date_check(f->since, sub, sizeof sub))) {
		snprintf(err, errlen, "--since %s", sub);
		return rc;
	}
	if (f->until && (rc = corpus_date_check(f->until, sub, sizeof sub))) {
		snprintf(err, errlen, "--until %s", sub);
		return rc;
	}
	if (f->since && f->until && strncmp(f->since, f->until, 10) > 0 &&
	    strncmp(f->since, f->until, strlen(f->until)) != 0) {
		snprintf(err, errlen, "--since %s is after --until %s", f->since, f->until);
		return VN_EINVAL;
	}
	for (size_t i = 0; i < f->n_tags; i++) {
		int known = 0;

		for (int c = 0; c < CLASSIFY_N; c++)
			known |= strcmp(f->tags[i], class_names[c]) == 0;
		if (!known) {
			snprintf(err, errlen, "--tag '%s' is not a class (directive, case_report, "
				 "meeting)", f->tags[i]);
			return VN_EINVAL;
		}
	}
	return VN_OK;
}

/* Appends the WHERE conditions of `f` (each starting with " AND ") and binds nothing:
 * bind_filter binds in the same order.  `id` names the article id in the outermost loop:
 * "+f.rowid" when the FTS index drives, so the tag test runs on each index hit before
 * the article row is fetched (the unary + keeps FTS5 from turning it into thousands of
 * rowid seeks into its doclists), "a.id" otherwise. */
static int filter_sql(struct vn_buf *sql, const struct corpus_filter *f, const char *id)
{
	int rc = VN_OK;

	if (f->n_tags) {
		/* IN (subquery) rather than EXISTS lets the planner drive from the tags_class
		 * index when a tag is rarer than the other conditions */
		rc = vn_buf_addf(sql, " AND %s IN (SELECT t.article_id FROM tags t WHERE"
				      " t.label = 1 AND t.class IN (", id);
		for (size_t i = 0; !rc && i < f->n_tags; i++)
			rc = vn_buf_adds(sql, i ? ",?" : "?");
		if (!rc)
			rc = vn_buf_adds(sql, "))");
	}
	if (!rc && f->site)
		rc = vn_buf_adds(sql, " AND a.site = ?");
	if (!rc && f->province)
		rc = vn_buf_adds(sql, " AND vn_fold(a.province) = vn_fold(?)");
	if (!rc && f->since)
		rc = vn_buf_adds(sql, " AND a.published >= ?");
	if (!rc && f->until)
		rc = vn_buf_adds(sql, " AND a.published <= ? || '~'");
	if (!rc && f->cites)
		rc = vn_buf_adds(sql, " AND EXISTS(SELECT 1 FROM documents d WHERE d.article_id ="
				      " a.id AND d.number = ? COLLATE NOCASE)");
	return rc;
}

static int bind_filter(sqlite3_stmt *st, int idx, const struct corpus_filter *f)
{
	for (size_t i = 0; i < f->n_tags; i++)
		corpus_bind_text(st, idx++, f->tags[i]);
	if (f->site)
		corpus_bind_text(st, idx++, f->site);
	if (f->province)
		corpus_bind_text(st, idx++, f->province);
	if (f->since)
		corpus_bind_text(st, idx++, f->since);
	if (f->until)
		corpus_bind_text(st, idx++, f->until);
	if (f->cites)
		corpus_bind_text(st, idx++, f->cites);
	return idx;
}

/* ---- compiled patterns ---- */

struct tokstr {
	char *s;
	size_t n;
};

struct cpat {
	enum corpus_pattern_role role;
	const char *text;
	struct tokstr *ascii; /* syllables, accent-free */
	size_t n_ascii;
	struct tokstr *acc;   /* syllables, with diacritics (--exact) */
	size_t n_acc;
	URegularExpression *re;
	struct tokstr *lit;   /* -E: syllables every match must contain (FTS prefilter) */
	size_t n_lit;
};

struct matcher {
	struct cpat *p;
	size_t n;
	bool exact, word, regex, invert;
	bool prefix_exact; /* prefixes as exact phrases of the index's terms (not for bm25) */
	int64_t *regex_given_up; /* corpus_query.regex_given_up */
};

static void tokstrs_free(struct tokstr *t, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(t[i].s);
	free(t);
}

static void matcher_release(struct matcher *m)
{
	for (size_t i = 0; i < m->n; i++) {
		tokstrs_free(m->p[i].ascii, m->p[i].n_ascii);
		tokstrs_free(m->p[i].acc, m->p[i].n_acc);
		tokstrs_free(m->p[i].lit, m->p[i].n_lit);
		if (m->p[i].re)
			uregex_close(m->p[i].re);
	}
	free(m->p);
	memset(m, 0, sizeof *m);
}

/* The normalized syllables of `s` as separate strings. */
static int syllables(const char *s, enum classify_norm_mode mode, struct tokstr **out,
		     size_t *n_out)
{
	struct classify_norm norm = { 0 };
	struct classify_token *toks = NULL;
	struct tokstr *v = NULL;
	size_t n = 0;
	int rc;

	*out = NULL;
	*n_out = 0;
	rc = classify_norm_text(s, strlen(s), mode, &norm);
	if (!rc)
		rc = classify_tokenize(norm.text, norm.len, &toks, &n);
	if (!rc && n) {
		v = calloc(n, sizeof *v);
		if (!v)
			rc = VN_ENOMEM;
		for (size_t i = 0; !rc && i < n; i++) {
			v[i].n = toks[i].end - toks[i].start;
			v[i].s = strndup(norm.text + toks[i].start, v[i].n);
			if (!v[i].s)
				rc = VN_ENOMEM;
		}
	}
	free(toks);
	classify_norm_release(&norm);
	if (rc) {
		tokstrs_free(v, v ? n : 0);
		return rc;
	}
	*out = v;
	*n_out = n;
	return VN_OK;
}

/* A regex runs on the normalized text (accent-free, or with --exact NFC + case fold + tone
 * placement), so the runs of non-ASCII letters in the pattern (always literals in ICU's
 * syntax) are normalized the same way; ASCII is left alone because folding it would turn
 * \D into \d. */
static int regex_fold(const char *pat, enum classify_norm_mode mode, struct vn_buf *out)
{
	size_t i = 0, len = strlen(pat);
	int rc = VN_OK;

	while (!rc && i < len) {
		size_t j = i;

		if ((unsigned char)pat[i] < 0x80) {
			while (j < len && (unsigned char)pat[j] < 0x80)
				j++;
			rc = vn_buf_add(out, pat + i, j - i);
		} else {
			struct classify_norm n = { 0 };

			while (j < len && (unsigned char)pat[j] >= 0x80)
				j++;
			rc = classify_norm_text(pat + i, j - i, mode, &n);
			if (!rc)
				rc = vn_buf_add(out, n.text, n.len);
			classify_norm_release(&n);
		}
		i = j;
	}
	return rc;
}

/* The longest run of literal characters that every match of the ICU regex `pat` must
 * contain, so the FTS index can narrow the candidates as a grep engine's literal
 * prefilter does.  Conservative: nothing when the pattern has a top-level alternation;
 * runs inside groups or followed by an optional quantifier are not required, so they are
 * cut; escapes of punctuation are literals, other escapes (\d, \w, \b...) end a run. */
static int regex_literal(const char *pat, struct vn_buf *best)
{
	struct vn_buf run;
	size_t i = 0, len = strlen(pat);
	int depth = 0, rc = VN_OK;

	vn_buf_init(&run, 1 << 16);
	vn_buf_reset(best);
	for (size_t k = 0, d = 0; k < len; k++) {
		if (pat[k] == '\\' && k + 1 < len) {
			k++;
		} else if (pat[k] == '[') {
			while (k + 1 < len && pat[k + 1] != ']')
				k += pat[k + 1] == '\\' ? 2 : 1;
		} else if (pat[k] == '(') {
			d++;
		} else if (pat[k] == ')' && d) {
			d--;
		} else if (pat[k] == '|' && d == 0) {
			goto out; /* top-level alternation: no literal is required */
		}
	}
	while (!rc && i <= len) {
		unsigned char c = i < len ? (unsigned char)pat[i] : 0;
		bool literal = c && !strchr("\\^$.|?*+()[]{}", c);
		size_t char_len = 1;

		if (c == '\\' && i + 1 < len && (unsigned char)pat[i + 1] < 0x80 &&
		    !((pat[i + 1] >= 'a' && pat[i + 1] <= 'z') ||
		      (pat[i + 1] >= 'A' && pat[i + 1] <= 'Z') ||
		      (pat[i + 1] >= '0' && pat[i + 1] <= '9'))) {
			/* \. \/ \- ...: the character itself */
			if (depth == 0)
				rc = vn_buf_addc(&run, pat[i + 1]);
			i += 2;
			continue;
		}
		if (literal) {
			while (i + char_len < len && ((unsigned char)pat[i + char_len] & 0xC0) == 0x80)
				char_len++;
			/* a quantifier that may drop this character ends the run before it */
			if (i + char_len < len && strchr("?*{", pat[i + char_len]))
				literal = false;
		}
		if (literal && depth == 0) {
			rc = vn_buf_add(&run, pat + i, char_len);
			i += char_len;
			continue;
		}
		if (run.len > best->len) {
			vn_buf_reset(best);
			rc = vn_buf_add(best, run.data, run.len);
		}
		vn_buf_reset(&run);
		if (c == '[') {
			while (i + 1 < len && pat[i + 1] != ']')
				i += pat[i + 1] == '\\' ? 2 : 1;
			i += 2;
			continue;
		}
		if (c == '\\')
			i++;
		else if (c == '(')
			depth++;
		else if (c == ')' && depth)
			depth--;
		i += char_len;
	}
out:
	vn_buf_release(&run);
	return rc;
}

/* The syllables of the required literal; the first is dropped when the literal may begin
 * inside a syllable (it does not start with a space), the last is used as a prefix. */
static int regex_prefilter(struct cpat *p)
{
	struct vn_buf lit;
	int rc;

	vn_buf_init(&lit, 1 << 16);
	rc = regex_literal(p->text, &lit);
	if (!rc && lit.len)
		rc = syllables(lit.data, CLASSIFY_NORM_ASCII, &p->lit, &p->n_lit);
	if (!rc && p->n_lit && lit.data[0] != ' ') {
		free(p->lit[0].s);
		memmove(p->lit, p->lit + 1, (p->n_lit - 1) * sizeof *p->lit);
		p->n_lit--;
	}
	vn_buf_release(&lit);
	return rc;
}

static int regex_compile(struct cpat *p, bool exact, char *err, size_t errlen)
{
	struct vn_buf src;
	UChar *u = NULL;
	int32_t ulen = 0;
	UErrorCode st = U_ZERO_ERROR;
	UParseError pe;
	int rc;

	vn_buf_init(&src, 1 << 20);
	rc = regex_fold(p->text, exact ? CLASSIFY_NORM_ACCENTED : CLASSIFY_NORM_ASCII, &src);
	if (rc)
		goto out;
	u_strFromUTF8(NULL, 0, &ulen, src.data, (int32_t)src.len, &st);
	if (st != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(st)) {
		snprintf(err, errlen, "pattern '%s' is not valid UTF-8", p->text);
		rc = VN_EPARSE;
		goto out;
	}
	st = U_ZERO_ERROR;
	u = malloc(((size_t)ulen + 1) * sizeof *u);
	if (!u) {
		rc = VN_ENOMEM;
		goto out;
	}
	u_strFromUTF8(u, ulen + 1, NULL, src.data, (int32_t)src.len, &st);
	p->re = uregex_open(u, ulen, UREGEX_CASE_INSENSITIVE | UREGEX_UWORD, &pe, &st);
	if (U_FAILURE(st)) {
		snprintf(err, errlen, "pattern '%s' is not a valid regular expression: %s at "
			 "character %d", p->text, u_errorName(st), (int)pe.offset + 1);
		rc = VN_EPARSE;
		p->re = NULL;
	} else {
		/* a pattern like "(.+)+$" backtracks for ever on some texts: ICU's match-step
		 * limit (about a second) ends such a search as no match instead of a hang */
		uregex_setTimeLimit(p->re, 1000, &st);
	}
out:
	free(u);
	vn_buf_release(&src);
	return rc;
}

static int matcher_init(struct matcher *m, const struct corpus_query *q, char *err,
			size_t errlen)
{
	int rc = VN_OK;

	memset(m, 0, sizeof *m);
	m->exact = q->exact;
	m->word = q->word;
	m->regex = q->regex;
	m->invert = q->invert;
	m->regex_given_up = q->regex_given_up;
	/* bm25 scores a prefix query as one phrase; an OR of phrases would score otherwise */
	m->prefix_exact = q->sort != CORPUS_SORT_SCORE;
	if (!q->n_patterns)
		return VN_OK;
	m->p = calloc(q->n_patterns, sizeof *m->p);
	if (!m->p)
		return VN_ENOMEM;
	m->n = q->n_patterns;
	for (size_t i = 0; !rc && i < m->n; i++) {
		struct cpat *p = &m->p[i];

		p->role = q->patterns[i].role;
		p->text = q->patterns[i].text;
		if (!p->text || !*p->text) {
			snprintf(err, errlen, "an empty pattern matches everything; leave it out");
			rc = VN_EPARSE;
			break;
		}
		if (q->regex) {
			rc = regex_compile(p, q->exact, err, errlen);
			if (!rc)
				rc = regex_prefilter(p);
			continue;
		}
		rc = syllables(p->text, CLASSIFY_NORM_ASCII, &p->ascii, &p->n_ascii);
		if (!rc && p->n_ascii == 0) {
			snprintf(err, errlen, "pattern '%s' has no letters or digits to search for",
				 p->text);
			rc = VN_EPARSE;
		}
		if (!rc && q->exact)
			rc = syllables(p->text, CLASSIFY_NORM_ACCENTED, &p->acc, &p->n_acc);
	}
	if (rc)
		matcher_release(m);
	return rc;
}

/* One quoted FTS5 phrase: t[0..n) with t[n - 1] replaced by `last` when not NULL. */
static int fts_quoted(struct vn_buf *out, const struct tokstr *t, size_t n,
		      const struct tokstr *last)
{
	int rc = vn_buf_addc(out, '"');

	for (size_t k = 0; k < n && !rc; k++) {
		const struct tokstr *w = k + 1 == n && last ? last : &t[k];

		if (k)
			rc = vn_buf_addc(out, ' ');
		for (size_t c = 0; c < w->n && !rc; c++)
			rc = w->s[c] == '"' ? vn_buf_adds(out, "\"\"") : vn_buf_addc(out, w->s[c]);
	}
	if (!rc)
		rc = vn_buf_addc(out, '"');
	return rc;
}

/* At most this many longer terms replace a prefix query by exact phrases. */
#define PREFIX_TERMS_MAX 16

/* The index's terms that are longer than `pre` and begin with it, if there are at most
 * PREFIX_TERMS_MAX of them and each reads back as itself (one token, unchanged, through
 * the tokenizer that will parse the query); `*n_out` = PREFIX_TERMS_MAX + 1 otherwise. */
static int prefix_terms(struct corpus_db *db, const struct tokstr *pre,
			struct tokstr out[PREFIX_TERMS_MAX], size_t *n_out)
{
	sqlite3_stmt *st;
	char lo[256], hi[256];
	size_t n = 0;
	bool usable = true;
	int rc, step = SQLITE_DONE;

	*n_out = PREFIX_TERMS_MAX + 1;
	if (pre->n == 0 || pre->n + 1 > sizeof lo)
		return VN_OK;
	/* [pre "\1", pre with its last byte + 1): every longer term with the prefix (terms
	 * hold no NUL), and not `pre` itself, whose whole doclist the vocabulary would read
	 * to count it; bytes compare as FTS5 orders its terms */
	memcpy(lo, pre->s, pre->n);
	lo[pre->n] = '\1';
	memcpy(hi, pre->s, pre->n);
	if ((unsigned char)hi[pre->n - 1] == 0xFF)
		return VN_OK;
	hi[pre->n - 1]++;
	rc = corpus_db_vocab(db);
	if (!rc)
		rc = corpus_stmt(db, ST_QUERY_PREFIX_TERMS, "SELECT term FROM temp.corpus_vocab"
				 " WHERE term >= ?1 AND term < ?2 LIMIT ?3", &st);
	if (rc)
		return rc;
	sqlite3_bind_text(st, 1, lo, (int)pre->n + 1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, hi, (int)pre->n, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, PREFIX_TERMS_MAX + 1);
	while (!rc && usable && (step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *term = (const char *)sqlite3_column_text(st, 0);
		size_t len = (size_t)sqlite3_column_bytes(st, 0);
		struct tokstr *back = NULL;
		size_t n_back = 0;

		usable = n < PREFIX_TERMS_MAX;
		if (usable)
			rc = syllables(term, CLASSIFY_NORM_ASCII, &back, &n_back);
		/* a term that would not parse back as itself keeps the prefix query */
		if (!rc && usable && n_back == 1 && back[0].n == len && !memcmp(back[0].s, term, len)) {
			out[n++] = back[0];
			n_back = 0;
		} else {
			usable = false;
		}
		tokstrs_free(back, n_back);
	}
	if (!rc && usable && step != SQLITE_DONE)
		rc = corpus_db_fail(db, "listing the index's terms");
	sqlite3_reset(st);
	if (!rc && usable) {
		*n_out = n;
		return VN_OK;
	}
	for (size_t i = 0; i < n; i++)
		free(out[i].s);
	return rc;
}

/* The phrase t[0..n), its last syllable a prefix when `prefix`.  FTS5 answers a prefix
 * query by merging the doclists of every term with that prefix, positions included, into
 * one list in memory before the phrase is matched: for "giao thong" that is every
 * "thong" of the corpus (thông, thống...), three times the time of the exact phrase.  The
 * terms that extend a syllable are few (typos, run-together words), so the phrase is asked
 * exactly, OR-ed with one exact phrase per longer term found in the index; same answer,
 * the index read as for an exact phrase. */
static int fts_phrase(struct corpus_db *db, const struct matcher *m, struct vn_buf *out,
		      const struct tokstr *t, size_t n, bool prefix)
{
	struct tokstr more[PREFIX_TERMS_MAX];
	size_t n_more = PREFIX_TERMS_MAX + 1;
	int rc = VN_OK;

	if (!prefix || n == 0)
		return fts_quoted(out, t, n, NULL);
	if (m->prefix_exact)
		rc = prefix_terms(db, &t[n - 1], more, &n_more);
	if (rc)
		return rc;
	if (n_more > PREFIX_TERMS_MAX) {
		rc = fts_quoted(out, t, n, NULL);
		return rc ? rc : vn_buf_addc(out, '*');
	}
	rc = vn_buf_addc(out, '(');
	if (!rc)
		rc = fts_quoted(out, t, n, NULL);
	for (size_t i = 0; i < n_more; i++) {
		if (!rc)
			rc = vn_buf_adds(out, " OR ");
		if (!rc)
			rc = fts_quoted(out, t, n, &more[i]);
		free(more[i].s);
	}
	if (!rc)
		rc = vn_buf_addc(out, ')');
	return rc;
}

/* The FTS5 expression that selects the candidates, or nothing when the index cannot
 * (invert; only --not patterns; -E patterns without a required literal).  For syllable
 * patterns it decides exactly; for -E it is a superset the regex then checks. */
static int fts_expr(struct corpus_db *db, const struct matcher *m, struct vn_buf *out)
{
	bool any_usable = true;
	size_t n_any = 0;
	int rc = VN_OK;

	if (m->invert)
		return VN_OK;
	for (size_t i = 0; i < m->n; i++)
		if (m->p[i].role == CORPUS_PAT_ANY) {
			n_any++;
			any_usable &= !m->regex || m->p[i].n_lit > 0;
		}
	/* (A OR B) AND C ... NOT D: FTS5 needs a positive term before NOT */
	if (n_any && any_usable) {
		bool first = true;

		for (size_t i = 0; i < m->n && !rc; i++) {
			const struct cpat *p = &m->p[i];

			if (p->role != CORPUS_PAT_ANY)
				continue;
			rc = vn_buf_adds(out, first ? "(" : " OR ");
			first = false;
			if (!rc)
				rc = m->regex ? fts_phrase(db, m, out, p->lit, p->n_lit, true)
					      : fts_phrase(db, m, out, p->ascii, p->n_ascii, !m->word);
		}
		if (!rc)
			rc = vn_buf_addc(out, ')');
	}
	for (size_t i = 0; i < m->n && !rc; i++) {
		const struct cpat *p = &m->p[i];

		if (p->role != CORPUS_PAT_ALL || (m->regex && !p->n_lit))
			continue;
		if (out->len)
			rc = vn_buf_adds(out, " AND ");
		if (!rc)
			rc = m->regex ? fts_phrase(db, m, out, p->lit, p->n_lit, true)
				      : fts_phrase(db, m, out, p->ascii, p->n_ascii, !m->word);
	}
	/* NOT only narrows exactly for syllable patterns; a regex is checked afterwards */
	for (size_t i = 0; i < m->n && !rc && out->len && !m->regex; i++) {
		const struct cpat *p = &m->p[i];

		if (p->role != CORPUS_PAT_NONE)
			continue;
		rc = vn_buf_adds(out, " NOT ");
		if (!rc)
			rc = fts_phrase(db, m, out, p->ascii, p->n_ascii, !m->word);
	}
	return rc;
}

/* ---- checking one article ---- */

struct field_text {
	const char *s;
	size_t len;
	struct classify_norm norm;      /* accent-free */
	struct classify_token *toks;
	size_t n_toks;
	bool ready;
	struct classify_norm acc;       /* with diacritics (-E --exact) */
	bool acc_ready;
	bool regex_given_up; /* ICU's step limit ended a search in this field */
};

struct matches {
	struct corpus_match *v;
	size_t n, alloc;
};

static int matches_add(struct matches *ms, enum corpus_field f, size_t s, size_t e)
{
	struct corpus_match *nv = vn_array_room(ms->v, &ms->alloc, ms->n, sizeof *nv, 16);

	if (!nv)
		return VN_ENOMEM;
	ms->v = nv;
	ms->v[ms->n].field = f;
	ms->v[ms->n].start = s;
	ms->v[ms->n].end = e;
	ms->n++;
	return VN_OK;
}

static int field_prepare(struct field_text *ft)
{
	int rc;

	if (ft->ready)
		return VN_OK;
	rc = classify_norm_text(ft->s, ft->len, CLASSIFY_NORM_ASCII, &ft->norm);
	if (!rc)
		rc = classify_tokenize(ft->norm.text, ft->norm.len, &ft->toks, &ft->n_toks);
	ft->ready = rc == VN_OK;
	return rc;
}

static void field_release(struct field_text *ft)
{
	classify_norm_release(&ft->norm);
	classify_norm_release(&ft->acc);
	free(ft->toks);
	memset(ft, 0, sizeof *ft);
}

static bool tok_eq(const char *t, size_t tn, const struct tokstr *p, bool prefix)
{
	if (prefix ? tn < p->n : tn != p->n)
		return false;
	return memcmp(t, p->s, p->n) == 0;
}

/* With --exact, the original bytes of a syllable match must also agree with diacritics. */
static int exact_ok(const struct cpat *p, const char *s, size_t len, bool word, bool *ok)
{
	struct classify_norm n = { 0 };
	struct classify_token *t = NULL;
	size_t nt = 0;
	int rc;

	*ok = false;
	rc = classify_norm_text(s, len, CLASSIFY_NORM_ACCENTED, &n);
	if (!rc)
		rc = classify_tokenize(n.text, n.len, &t, &nt);
	if (!rc && nt == p->n_acc) {
		*ok = true;
		for (size_t i = 0; i < nt && *ok; i++)
			*ok = tok_eq(n.text + t[i].start, t[i].end - t[i].start, &p->acc[i],
				     !word && i + 1 == nt);
	}
	free(t);
	classify_norm_release(&n);
	return rc;
}

static int find_syllables(const struct matcher *m, const struct cpat *p, struct field_text *ft,
			  enum corpus_field f, struct matches *ms, bool *found)
{
	int rc = field_prepare(ft);
	const char *nt;

	if (rc)
		return rc;
	nt = ft->norm.text;
	for (size_t i = 0; i + p->n_ascii <= ft->n_toks; i++) {
		bool ok = true;
		size_t last, s, e;

		for (size_t k = 0; k < p->n_ascii && ok; k++) {
			const struct classify_token *t = &ft->toks[i + k];

			ok = tok_eq(nt + t->start, t->end - t->start, &p->ascii[k],
				    !m->word && k + 1 == p->n_ascii);
		}
		if (!ok)
			continue;
		last = ft->toks[i + p->n_ascii - 1].start + p->ascii[p->n_ascii - 1].n;
		s = ft->norm.offsets[ft->toks[i].start];
		e = ft->norm.offsets[last];
		/* a prefix that ends inside a character decomposed into several bytes */
		while (e < ft->len && last < ft->norm.len &&
		       ft->norm.offsets[last] == ft->norm.offsets[last - 1])
			e = ft->norm.offsets[++last];
		if (m->exact) {
			bool eok = false;
			size_t we = ft->norm.offsets[ft->toks[i + p->n_ascii - 1].end];

			rc = exact_ok(p, ft->s + s, (m->word ? we : e) - s, m->word, &eok);
			if (rc)
				return rc;
			if (!eok)
				continue;
		}
		*found = true;
		if (!ms)
			return VN_OK;
		rc = matches_add(ms, f, s, e);
		if (rc)
			return rc;
		i += p->n_ascii - 1;
	}
	return VN_OK;
}

static const UChar no_text[1];

static int find_regex(const struct matcher *m, const struct cpat *p, struct field_text *ft,
		      enum corpus_field f, struct matches *ms, bool *found)
{
	UErrorCode st = U_ZERO_ERROR;
	UText ut = UTEXT_INITIALIZER;
	const struct classify_norm *n;
	int rc = VN_OK;

	if (m->exact) {
		if (!ft->acc_ready) {
			rc = classify_norm_text(ft->s, ft->len, CLASSIFY_NORM_ACCENTED, &ft->acc);
			if (rc)
				return rc;
			ft->acc_ready = true;
		}
		n = &ft->acc;
	} else {
		rc = field_prepare(ft);
		if (rc)
			return rc;
		n = &ft->norm;
	}
	utext_openUTF8(&ut, n->text, (int64_t)n->len, &st);
	uregex_setUText(p->re, &ut, &st);
	while (U_SUCCESS(st) && uregex_findNext(p->re, &st)) {
		int64_t s = uregex_start64(p->re, 0, &st), e = uregex_end64(p->re, 0, &st);

		if (U_FAILURE(st))
			break;
		*found = true;
		if (!ms)
			break;
		/* back to the original bytes through the normalization's offset map */
		s = (int64_t)n->offsets[s];
		e = (int64_t)n->offsets[e];
		if (e > s && (rc = matches_add(ms, f, (size_t)s, (size_t)e)))
			break;
	}
	if (st == U_REGEX_TIME_OUT)
		ft->regex_given_up = true;
	uregex_setText(p->re, no_text, 0, &st);
	utext_close(&ut);
	return rc;
}

/* Whether the article matches, and (with `ms`) where. */
static int article_check(const struct matcher *m, struct field_text ft[FIELD_N],
			 struct matches *ms, bool *selected)
{
	bool any_pat = false, any_hit = false, ok = true;
	int rc = VN_OK;

	for (size_t i = 0; i < m->n && !rc; i++) {
		const struct cpat *p = &m->p[i];
		bool found = false;
		struct matches *dst = p->role == CORPUS_PAT_NONE || m->invert ? NULL : ms;

		if (p->role == CORPUS_PAT_ANY) {
			any_pat = true;
			if (any_hit && !dst)
				continue;
		} else if (!ok) {
			break;
		}
		for (int f = 0; f < FIELD_N && !rc; f++) {
			if (!ft[f].s)
				continue;
			if (found && !dst)
				break;
			rc = m->regex ? find_regex(m, p, &ft[f], (enum corpus_field)f, dst, &found)
				      : find_syllables(m, p, &ft[f], (enum corpus_field)f, dst,
						       &found);
		}
		if (p->role == CORPUS_PAT_ANY)
			any_hit |= found;
		else if (p->role == CORPUS_PAT_ALL)
			ok &= found;
		else
			ok &= !found;
	}
	if (any_pat)
		ok &= any_hit;
	if (m->regex_given_up && (ft[0].regex_given_up || ft[1].regex_given_up)) {
		(*m->regex_given_up)++;
		ft[0].regex_given_up = ft[1].regex_given_up = false;
	}
	*selected = m->invert ? !ok : ok;
	if (!*selected && ms)
		ms->n = 0;
	return rc;
}

static int cmp_match(const void *a, const void *b)
{
	const struct corpus_match *x = a, *y = b;

	if (x->field != y->field)
		return (int)x->field - (int)y->field;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return x->end < y->end ? -1 : x->end > y->end;
}

/* ---- running ---- */

static bool filter_any(const struct corpus_filter *f)
{
	return f->n_tags || f->site || f->province || f->since || f->until || f->cites;
}

static int build_sql(const struct corpus_query *q, const char *fts, bool count_only,
		     bool sql_limit, struct vn_buf *sql)
{
	int rc;

	if (count_only)
		rc = vn_buf_adds(sql, "SELECT count(*)");
	else
		rc = vn_buf_adds(sql, "SELECT a.id, a.url, a.site, a.province, a.title,"
				      " a.published, a.body");
	if (!rc && !count_only)
		/* bm25 costs per row: only computed when it orders the output */
		rc = vn_buf_adds(sql, fts && q->sort == CORPUS_SORT_SCORE ? ", f.rank" : ", 0.0");
	if (!rc && fts && count_only && !filter_any(&q->filter))
		/* the index alone: no article row is read */
		return vn_buf_adds(sql, " FROM articles_fts WHERE articles_fts MATCH ?");
	if (!rc)
		rc = vn_buf_adds(sql, fts ? " FROM articles_fts f JOIN articles a ON a.id ="
					    " f.rowid WHERE articles_fts MATCH ?"
					  : " FROM articles a WHERE 1");
	if (!rc)
		rc = filter_sql(sql, &q->filter, fts ? "+f.rowid" : "a.id");
	if (!rc && !count_only) {
		if (q->sort == CORPUS_SORT_SCORE && fts)
			rc = vn_buf_adds(sql, " ORDER BY f.rank");
		else if (q->sort == CORPUS_SORT_ID)
			rc = vn_buf_adds(sql, " ORDER BY a.id");
		else
			rc = vn_buf_adds(sql, " ORDER BY a.published IS NULL, a.published DESC,"
					      " a.id DESC");
	}
	if (!rc && sql_limit && q->limit > 0)
		rc = vn_buf_addf(sql, " LIMIT %lld", (long long)q->limit);
	return rc;
}

/* What one run carries from row to row. */
struct exec_state {
	const struct corpus_query *q;
	const struct matcher *m;
	bool verify;
	bool count;              /* counting rows the C check selects */
	corpus_hit_fn fn;
	void *ctx;
	struct field_text ft[FIELD_N];
	struct matches ms;
	int64_t n_sel;
};

/* Checks and hands on one row of columns (id, url, site, province, title, published, body,
 * rank); `*stop` once the limit is reached. */
static int row_emit(struct exec_state *x, sqlite3_stmt *st, bool *stop)
{
	const struct corpus_query *q = x->q;
	struct corpus_hit hit;
	bool selected = true;
	bool want = q->want_matches && !x->m->invert && x->m->n > 0;
	int rc = VN_OK;

	x->ft[0].s = (const char *)sqlite3_column_text(st, 4);
	x->ft[0].len = (size_t)sqlite3_column_bytes(st, 4);
	x->ft[1].s = (const char *)sqlite3_column_text(st, 6);
	x->ft[1].len = (size_t)sqlite3_column_bytes(st, 6);
	x->ms.n = 0;
	if (x->verify || want)
		rc = article_check(x->m, x->ft, want ? &x->ms : NULL, &selected);
	for (int f = 0; f < FIELD_N; f++)
		field_release(&x->ft[f]);
	if (rc || !selected)
		return rc;
	x->n_sel++;
	if (x->count)
		return VN_OK;
	if (x->ms.n > 1)
		qsort(x->ms.v, x->ms.n, sizeof *x->ms.v, cmp_match);
	memset(&hit, 0, sizeof hit);
	hit.id = sqlite3_column_int64(st, 0);
	hit.url = (const char *)sqlite3_column_text(st, 1);
	hit.site = (const char *)sqlite3_column_text(st, 2);
	hit.province = (const char *)sqlite3_column_text(st, 3);
	hit.title = (const char *)sqlite3_column_text(st, 4);
	hit.published = (const char *)sqlite3_column_text(st, 5);
	hit.body = (const char *)sqlite3_column_text(st, 6);
	hit.score = -sqlite3_column_double(st, 7);
	hit.matches = x->ms.v;
	hit.n_matches = x->ms.n;
	rc = x->fn(x->ctx, &hit);
	if (!rc && q->limit > 0 && x->n_sel >= q->limit)
		*stop = true;
	return rc;
}

/* ---- the candidate path: filters applied to the index's article ids ---- */

struct cand {
	int64_t id;
	char *published; /* NULL when undated */
};

struct cands {
	struct cand *v;
	size_t n, alloc;
};

static int cands_push(struct cands *c, int64_t id)
{
	struct cand *nv = vn_array_room(c->v, &c->alloc, c->n, sizeof *nv, 1024);

	if (!nv)
		return VN_ENOMEM;
	c->v = nv;
	c->v[c->n].id = id;
	c->v[c->n++].published = NULL;
	return VN_OK;
}

static void cands_release(struct cands *c)
{
	for (size_t i = 0; i < c->n; i++)
		free(c->v[i].published);
	free(c->v);
	memset(c, 0, sizeof *c);
}

/* Newest first, undated last, then the larger id first: the SQL path's ORDER BY. */
static int cmp_cand_date(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;
	int c;

	if (!x->published != !y->published)
		return x->published ? -1 : 1;
	if (x->published && (c = strcmp(y->published, x->published)) != 0)
		return c;
	return x->id < y->id ? 1 : x->id > y->id ? -1 : 0;
}

/* The ids a statement returns in its first column, in its order; with `dated`, each with
 * the date of its second column. */
static int ids_collect(struct corpus_db *db, sqlite3_stmt *st, bool dated, struct cands *out)
{
	int step, rc = VN_OK;

	while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
		const unsigned char *p = dated ? sqlite3_column_text(st, 1) : NULL;

		rc = cands_push(out, sqlite3_column_int64(st, 0));
		if (!rc && p && !(out->v[out->n - 1].published = strdup((const char *)p)))
			rc = VN_ENOMEM;
	}
	if (!rc && step != SQLITE_DONE)
		rc = corpus_db_fail(db, "reading candidates");
	return rc;
}

static int cmp_cand_id(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;

	return x->id < y->id ? -1 : x->id > y->id;
}

/* Keeps the ids of `c` (ascending) that carry one of the filter's tags: one pass over the
 * tags_class index, merged with the index hits, instead of a lookup per hit.  With a date
 * filter (schema 7) the tags_class_date index applies the dates too and gives each
 * survivor its date: `*dated` is then set, and no article row is read to filter. */
static int cands_tagged(struct corpus_db *db, const struct corpus_filter *f, struct cands *c,
			bool *dated)
{
	struct vn_buf sql;
	struct cands t = { 0 };
	sqlite3_stmt *st = NULL;
	size_t i = 0, j = 0, n = 0;
	int rc, idx = 1;

	*dated = db->schema >= 7 && (f->since || f->until);
	vn_buf_init(&sql, 1 << 16);
	/* no DISTINCT: it de-duplicates through a temporary table even for one tag, whose ids
	 * the tags_class index yields in order (1.7 ms instead of 0.9 for 14 075 ids); an id
	 * carried by two of the tags comes twice, and the merge below passes over the second */
	rc = vn_buf_adds(&sql, *dated ? "SELECT article_id, published FROM tags INDEXED BY"
				 " tags_class_date WHERE label = 1 AND class IN (" :
				 "SELECT article_id FROM tags WHERE label = 1 AND class IN (");
	for (size_t k = 0; !rc && k < f->n_tags; k++)
		rc = vn_buf_adds(&sql, k ? ",?" : "?");
	if (!rc)
		rc = vn_buf_adds(&sql, !*dated ? ") ORDER BY article_id" : ")");
	/* the same conditions as filter_sql's on a.published */
	if (!rc && *dated && f->since)
		rc = vn_buf_adds(&sql, " AND published >= ?");
	if (!rc && *dated && f->until)
		rc = vn_buf_adds(&sql, " AND published <= ? || '~'");
	if (!rc && sqlite3_prepare_v2(db->sql, sql.data, -1, &st, NULL) != SQLITE_OK)
		rc = corpus_db_fail(db, "preparing the tag filter");
	for (size_t k = 0; !rc && k < f->n_tags; k++)
		corpus_bind_text(st, idx++, f->tags[k]);
	if (!rc && *dated && f->since)
		corpus_bind_text(st, idx++, f->since);
	if (!rc && *dated && f->until)
		corpus_bind_text(st, idx++, f->until);
	if (!rc)
		rc = ids_collect(db, st, *dated, &t);
	/* the date index yields its ids by date */
	if (!rc && *dated && t.n > 1)
		qsort(t.v, t.n, sizeof *t.v, cmp_cand_id);
	while (!rc && i < c->n && j < t.n) {
		if (c->v[i].id < t.v[j].id) {
			i++;
		} else if (c->v[i].id > t.v[j].id) {
			j++;
		} else {
			c->v[n] = c->v[i++];
			c->v[n++].published = t.v[j].published;
			t.v[j++].published = NULL;
		}
	}
	if (!rc)
		c->n = n;
	sqlite3_finalize(st);
	cands_release(&t);
	vn_buf_release(&sql);
	return rc;
}

/* Keeps the candidates that pass the filter's other conditions (one primary-key lookup
 * each) and notes their publication date for the ordering. */
static int cands_filtered(struct corpus_db *db, const struct corpus_filter *f, bool dated,
			  bool need_date, struct cands *c)
{
	struct corpus_filter rest = *f;
	struct vn_buf sql;
	sqlite3_stmt *st = NULL;
	size_t n = 0;
	int rc;

	rest.tags = NULL;
	rest.n_tags = 0;
	if (dated) { /* cands_tagged applied the dates and noted each survivor's */
		rest.since = rest.until = NULL;
		need_date = false;
	}
	if (!filter_any(&rest) && !need_date)
		return VN_OK;
	vn_buf_init(&sql, 1 << 16);
	rc = vn_buf_adds(&sql, "SELECT a.published FROM articles a WHERE a.id = ?1");
	if (!rc)
		rc = filter_sql(&sql, &rest, "a.id");
	if (!rc && sqlite3_prepare_v2(db->sql, sql.data, -1, &st, NULL) != SQLITE_OK)
		rc = corpus_db_fail(db, "preparing the filters");
	if (!rc)
		bind_filter(st, 2, &rest);
	for (size_t i = 0; i < c->n; i++) {
		int step = SQLITE_DONE;

		if (!rc) {
			sqlite3_bind_int64(st, 1, c->v[i].id);
			step = sqlite3_step(st);
		}
		if (!rc && step == SQLITE_ROW) {
			const unsigned char *p = sqlite3_column_text(st, 0);

			c->v[n] = c->v[i];
			if (p && need_date && !(c->v[n].published = strdup((const char *)p)))
				rc = VN_ENOMEM;
			n++;
		} else {
			/* dropped, or past an error: its date (cands_tagged's) goes with it */
			free(c->v[i].published);
			if (!rc && step != SQLITE_DONE)
				rc = corpus_db_fail(db, "applying the filters");
		}
		sqlite3_reset(st);
	}
	c->n = n;
	sqlite3_finalize(st);
	vn_buf_release(&sql);
	return rc;
}

/* A filtered query the index can answer: the index's ids (FTS5 yields them in rowid
 * order without reading any article), intersected with the tag index in one merge, then
 * the remaining filters by primary key on the few survivors, ordered in memory; only the
 * articles shown are read whole.  A join would instead read every hit's article row and
 * sort the survivors with their bodies. */
static int query_cands(struct corpus_db *db, struct exec_state *x, const char *fts,
		       int64_t *count)
{
	const struct corpus_query *q = x->q;
	struct cands c = { 0 };
	sqlite3_stmt *st = NULL;
	bool stop = false, dated = false;
	int rc = VN_OK;

	if (sqlite3_prepare_v2(db->sql, "SELECT rowid FROM articles_fts WHERE articles_fts"
			       " MATCH ?1", -1, &st, NULL) != SQLITE_OK)
		rc = corpus_db_fail(db, "preparing a query");
	if (!rc) {
		sqlite3_bind_text(st, 1, fts, -1, SQLITE_STATIC);
		rc = ids_collect(db, st, false, &c);
	}
	sqlite3_finalize(st);
	st = NULL;
	if (!rc && q->filter.n_tags)
		rc = cands_tagged(db, &q->filter, &c, &dated);
	if (!rc)
		rc = cands_filtered(db, &q->filter, dated, !count && q->sort == CORPUS_SORT_DATE,
				    &c);
	if (rc)
		goto out;
	if (count && !x->verify) {
		*count = (int64_t)c.n;
		goto out;
	}
	if (!count && q->sort == CORPUS_SORT_DATE && c.n > 1) /* c.v is NULL when nothing matched */
		qsort(c.v, c.n, sizeof *c.v, cmp_cand_date);
	if (sqlite3_prepare_v2(db->sql, "SELECT a.id, a.url, a.site, a.province, a.title,"
			       " a.published, a.body, 0.0 FROM articles a WHERE a.id = ?1", -1,
			       &st, NULL) != SQLITE_OK) {
		rc = corpus_db_fail(db, "preparing a query");
		goto out;
	}
	for (size_t i = 0; !rc && !stop && i < c.n; i++) {
		int step;

		sqlite3_bind_int64(st, 1, c.v[i].id);
		step = sqlite3_step(st);
		if (step == SQLITE_ROW)
			rc = row_emit(x, st, &stop);
		else if (step != SQLITE_DONE)
			rc = corpus_db_fail(db, "reading an article");
		sqlite3_reset(st);
	}
	if (!rc && count)
		*count = x->n_sel;
out:
	sqlite3_finalize(st);
	cands_release(&c);
	return rc;
}

static int query_exec(struct corpus_db *db, const struct corpus_query *q, corpus_hit_fn fn,
		      void *ctx, int64_t *count, char *err, size_t errlen)
{
	struct matcher m;
	struct vn_buf fts, sql;
	sqlite3_stmt *st = NULL;
	struct exec_state x;
	bool verify, count_only, stop = false, read_tx = false;
	int rc, step;

	vn_buf_init(&fts, 1 << 20);
	vn_buf_init(&sql, 1 << 20);
	memset(&x, 0, sizeof x);
	rc = corpus_filter_check(&q->filter, err, errlen);
	if (rc)
		return rc;
	rc = matcher_init(&m, q, err, errlen);
	if (rc)
		return rc;
	/* one read transaction: the term lookups, candidates, filters and article reads of
	 * this query all see the same snapshot while a crawl commits */
	if (sqlite3_get_autocommit(db->sql)) {
		if (sqlite3_exec(db->sql, "BEGIN", NULL, NULL, NULL) != SQLITE_OK) {
			rc = corpus_db_fail(db, "starting a read transaction");
			snprintf(err, errlen, "%s", db->errmsg);
			goto out;
		}
		read_tx = true;
	}
	rc = fts_expr(db, &m, &fts);
	if (rc) {
		snprintf(err, errlen, "%s", db->errmsg[0] ? db->errmsg : vn_strerror(rc));
		goto out;
	}
	/* The index decides alone for plain syllable patterns; anything else is checked. */
	verify = m.n > 0 && (m.regex || m.exact || m.invert || !fts.len);
	count_only = count && !verify;
	x.q = q;
	x.m = &m;
	x.verify = verify;
	x.count = count != NULL;
	x.fn = fn;
	x.ctx = ctx;
	/* filtered: the candidate path; unfiltered, the join is as cheap (every hit passes) */
	if (fts.len && filter_any(&q->filter) && q->sort != CORPUS_SORT_SCORE) {
		rc = query_cands(db, &x, fts.data, count);
		if (rc < 0 && !db->errmsg[0])
			snprintf(err, errlen, "%s", vn_strerror(rc));
		else if (rc < 0)
			snprintf(err, errlen, "%s", db->errmsg);
		goto out;
	}
	rc = build_sql(q, fts.len ? fts.data : NULL, count_only,
		       !verify && !count, &sql);
	if (rc)
		goto out;
	if (sqlite3_prepare_v2(db->sql, sql.data, -1, &st, NULL) != SQLITE_OK) {
		rc = corpus_db_fail(db, "preparing a query");
		snprintf(err, errlen, "%s", db->errmsg);
		goto out;
	}
	if (fts.len)
		sqlite3_bind_text(st, 1, fts.data, (int)fts.len, SQLITE_STATIC);
	bind_filter(st, fts.len ? 2 : 1, &q->filter);
	if (count_only) {
		if (sqlite3_step(st) != SQLITE_ROW) {
			rc = corpus_db_fail(db, "counting");
			snprintf(err, errlen, "%s", db->errmsg);
			goto out;
		}
		*count = sqlite3_column_int64(st, 0);
		goto out;
	}
	while (!stop && (step = sqlite3_step(st)) == SQLITE_ROW) {
		rc = row_emit(&x, st, &stop);
		if (rc)
			break;
	}
	if (!rc && !stop && step != SQLITE_ROW && step != SQLITE_DONE) {
		rc = corpus_db_fail(db, "running a query");
		snprintf(err, errlen, "%s", db->errmsg);
	}
	if (count && !rc)
		*count = x.n_sel;
out:
	for (int f = 0; f < FIELD_N; f++)
		field_release(&x.ft[f]);
	free(x.ms.v);
	sqlite3_finalize(st);
	matcher_release(&m);
	vn_buf_release(&fts);
	vn_buf_release(&sql);
	if (read_tx)
		sqlite3_exec(db->sql, "COMMIT", NULL, NULL, NULL); /* it wrote nothing */
	return rc;
}

int corpus_query_run(struct corpus_db *db, const struct corpus_query *q, corpus_hit_fn fn,
		     void *ctx, char *err, size_t errlen)
{
	return query_exec(db, q, fn, ctx, NULL, err, errlen);
}

int corpus_query_count(struct corpus_db *db, const struct corpus_query *q, int64_t *n,
		       char *err, size_t errlen)
{
	*n = 0;
	return query_exec(db, q, NULL, NULL, n, err, errlen);
}

/* ---- sentences ---- */

int corpus_text_sentence(const char *text, size_t len, size_t start, size_t end, int context,
			 size_t *s_out, size_t *e_out)
{
	UErrorCode st = U_ZERO_ERROR;
	UText ut = UTEXT_INITIALIZER;
	UBreakIterator *bi;
	int32_t s, e;

	*s_out = 0;
	*e_out = len;
	if (len > INT32_MAX)
		return VN_ETOOBIG;
	bi = ubrk_open(UBRK_SENTENCE, "vi", NULL, 0, &st);
	utext_openUTF8(&ut, text, (int64_t)len, &st);
	ubrk_setUText(bi, &ut, &st);
	if (U_FAILURE(st)) {
		ubrk_close(bi);
		utext_close(&ut);
		return VN_EUNSUPPORTED;
	}
	/* UAX #29 rule SB4 ends a sentence at every line break, so paragraphs bound it too */
	s = ubrk_isBoundary(bi, (int32_t)start) ? (int32_t)start : ubrk_preceding(bi, (int32_t)start);
	e = ubrk_following(bi, end > start ? (int32_t)end - 1 : (int32_t)end);
	for (int i = 0; i < context && s > 0; i++)
		s = ubrk_preceding(bi, s);
	for (int i = 0; i < context && e != UBRK_DONE && e < (int32_t)len; i++)
		e = ubrk_following(bi, e);
	if (s == UBRK_DONE || s < 0)
		s = 0;
	if (e == UBRK_DONE || e > (int32_t)len)
		e = (int32_t)len;
	ubrk_close(bi);
	utext_close(&ut);
	*s_out = (size_t)s;
	*e_out = (size_t)e;
	return VN_OK;
}

/* ---- statistics ---- */

int corpus_stats_count(struct corpus_db *db, const struct corpus_filter *f,
		       enum corpus_stat_key key, corpus_stat_fn fn, void *ctx)
{
	static const char *const key_sql[] = {
		"coalesce(a.site, 'unknown'), NULL",
		"coalesce(a.province, 'unknown'), NULL",
		"coalesce(t.class, 'none'), NULL",
		"coalesce(substr(a.published, 1, 7), 'unknown'), NULL",
		"coalesce(substr(a.published, 1, 7), 'unknown'), coalesce(t.class, 'none')",
	};
	struct vn_buf sql;
	sqlite3_stmt *st = NULL;
	bool with_tags = key == CORPUS_STAT_TAG || key == CORPUS_STAT_MONTH_TAG;
	int rc, step;

	vn_buf_init(&sql, 1 << 16);
	rc = vn_buf_addf(&sql, "SELECT %s, count(*) FROM articles a%s WHERE 1", key_sql[key],
			 with_tags ? " LEFT JOIN tags t ON t.article_id = a.id AND t.label = 1" : "");
	if (!rc)
		rc = filter_sql(&sql, f, "a.id");
	if (!rc)
		rc = vn_buf_adds(&sql, " GROUP BY 1, 2 ORDER BY 1, 2");
	if (rc)
		goto out;
	if (sqlite3_prepare_v2(db->sql, sql.data, -1, &st, NULL) != SQLITE_OK) {
		rc = corpus_db_fail(db, "preparing statistics");
		goto out;
	}
	bind_filter(st, 1, f);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		rc = fn(ctx, (const char *)sqlite3_column_text(st, 0),
			(const char *)sqlite3_column_text(st, 1), sqlite3_column_int64(st, 2));
		if (rc)
			break;
	}
	if (!rc && step != SQLITE_DONE)
		rc = corpus_db_fail(db, "computing statistics");
out:
	sqlite3_finalize(st);
	vn_buf_release(&sql);
	return rc;
}

int corpus_stats_near_duplicates(struct corpus_db *db, const struct corpus_filter *f, int64_t *n)
{
	struct vn_buf sql;
	sqlite3_stmt *st = NULL;
	int rc;

	*n = 0;
	vn_buf_init(&sql, 1 << 16);
	rc = vn_buf_adds(&sql, "SELECT count(*) FROM near_dups n JOIN articles a ON a.id ="
			       " n.article_id WHERE 1");
	if (!rc)
		rc = filter_sql(&sql, f, "a.id");
	if (rc)
		goto out;
	if (sqlite3_prepare_v2(db->sql, sql.data, -1, &st, NULL) != SQLITE_OK) {
		rc = corpus_db_fail(db, "preparing statistics");
		goto out;
	}
	bind_filter(st, 1, f);
	if (sqlite3_step(st) != SQLITE_ROW)
		rc = corpus_db_fail(db, "counting near-duplicates");
	else
		*n = sqlite3_column_int64(st, 0);
out:
	sqlite3_finalize(st);
	vn_buf_release(&sql);
	return rc;
}
