/* test_seed_golden.c — golden tests on the seed fixtures: tests/data/parser/seed-00N.html
 * beside the expected seed-00N.json (see tests/data/parser/README.md).  Title, date,
 * inferred flag, byline, every cited document and the first and last body sentences are
 * compared field by field; the page's boilerplate lines must not reach the body. */
#include "harness.h"
#include "test_util.h"

#include <jansson.h>

/* Collapses every white-space run (U+00A0 included) into one ASCII space, trimmed. */
static char *normalize_ws(const char *s)
{
	size_t n = strlen(s), o = 0;
	char *r = malloc(n + 1);
	bool space = false;

	if (!r)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		bool ws = c == ' ' || c == '\n' || c == '\t' || c == '\r';

		if (c == 0xC2 && (unsigned char)s[i + 1] == 0xA0) {
			ws = true;
			i++;
		}
		if (ws) {
			space = o > 0;
			continue;
		}
		if (space)
			r[o++] = ' ';
		space = false;
		r[o++] = (char)c;
	}
	r[o] = '\0';
	return r;
}

static const char *jstr(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static void check_str_or_null(const char *what, const char *got, const char *want,
			      const char *seed)
{
	if ((got == NULL) != (want == NULL) || (got && strcmp(got, want) != 0)) {
		fprintf(stderr, "%s: %s: got \"%s\", want \"%s\"\n", seed, what,
			got ? got : "(null)", want ? want : "(null)");
		CHECK(0);
	}
}

static void check_seed(const char *dir, int i)
{
	char name[64], jpath[4200];
	json_t *exp, *docs, *d, *bad;
	json_error_t jerr;
	struct parser_article a;
	char *body = NULL, *first = NULL, *last = NULL;
	size_t k;

	snprintf(name, sizeof name, "seed-%03d.html", i);
	snprintf(jpath, sizeof jpath, "%s/seed-%03d.json", dir, i);
	exp = json_load_file(jpath, 0, &jerr);
	CHECK(exp != NULL);
	if (!exp)
		return;
	CHECK_INT(test_extract_file(dir, name, NULL, &a), VN_OK);
	check_str_or_null("title", a.title, jstr(exp, "title"), name);
	check_str_or_null("published", a.published, jstr(exp, "published"), name);
	if (a.published_inferred != json_is_true(json_object_get(exp, "published_inferred"))) {
		fprintf(stderr, "%s: published_inferred differs\n", name);
		CHECK(0);
	}
	check_str_or_null("author", a.author, jstr(exp, "author"), name);
	docs = json_object_get(exp, "documents");
	if (a.n_documents != json_array_size(docs)) {
		fprintf(stderr, "%s: %zu documents, want %zu\n", name, a.n_documents,
			json_array_size(docs));
		CHECK(0);
	}
	json_array_foreach(docs, k, d) {
		if (k >= a.n_documents)
			break;
		check_str_or_null("document kind", a.documents[k].kind, jstr(d, "kind"), name);
		check_str_or_null("document number", a.documents[k].number, jstr(d, "number"), name);
		check_str_or_null("document issuer", a.documents[k].issuer, jstr(d, "issuer"), name);
		check_str_or_null("document date", a.documents[k].date, jstr(d, "date"), name);
	}
	body = normalize_ws(a.body ? a.body : "");
	first = normalize_ws(jstr(exp, "body_first"));
	last = normalize_ws(jstr(exp, "body_last"));
	if (body && first && last) {
		size_t bl = strlen(body), fl = strlen(first), ll = strlen(last);

		/* the body's first sentence is exactly body_first: a prefix ending at a space */
		if (strncmp(body, first, fl) != 0 || (body[fl] != '\0' && body[fl] != ' ')) {
			fprintf(stderr, "%s: body does not start with \"%s\"\n  it starts \"%.200s\"\n",
				name, first, body);
			CHECK(0);
		}
		if (bl < ll || strcmp(body + bl - ll, last) != 0 || (bl > ll && body[bl - ll - 1] != ' ')) {
			fprintf(stderr, "%s: body does not end with \"%s\"\n  it ends \"%s\"\n", name,
				last, bl > 200 ? body + bl - 200 : body);
			CHECK(0);
		}
	}
	bad = json_object_get(exp, "body_must_not_contain");
	json_array_foreach(bad, k, d) {
		if (a.body && strstr(a.body, json_string_value(d))) {
			fprintf(stderr, "%s: body contains boilerplate \"%s\"\n", name,
				json_string_value(d));
			CHECK(0);
		}
	}
	CHECK_STR(parser_page_kind_name(a.kind), "article");
	free(body);
	free(first);
	free(last);
	parser_article_release(&a);
	json_decref(exp);
}

#define SEED_TEST(n) \
	static void test_seed_##n(void) { check_seed(dir, n); }

static char dir[4096];
SEED_TEST(0)
SEED_TEST(1)
SEED_TEST(2)
SEED_TEST(3)
SEED_TEST(4)

int main(void)
{
	const char *src = getenv("VNNEWS_SRCDIR");

	snprintf(dir, sizeof dir, "%s/tests/data/parser", src ? src : ".");
	TEST_RUN(test_seed_0);
	TEST_RUN(test_seed_1);
	TEST_RUN(test_seed_2);
	TEST_RUN(test_seed_3);
	TEST_RUN(test_seed_4);
	return test_done();
}
