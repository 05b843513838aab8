/* test_sample_site.c — every page of the offline sample portal (data/sample-site, with its
 * truth.jsonl written by the generator): each of the 45 articles (UTF-8 and windows-1258,
 * four portal shapes) gives its title, date, inferred flag, byline, cited documents,
 * charset and first body sentence, and is an article; the home, category listings, pagers
 * and service pages are not articles. */
#include "harness.h"
#include "test_util.h"

static char root[4096];

static void collapse(char *s)
{
	char *r = s, *w = s;
	bool sp = false;

	while (*r) {
		bool ws = *r == ' ' || *r == '\n' || *r == '\t';

		if (ws) {
			sp = w != s;
			r++;
			continue;
		}
		if (sp)
			*w++ = ' ';
		sp = false;
		*w++ = *r++;
	}
	*w = '\0';
}

static int mismatch(const char *path, const char *what, const char *got, const char *want)
{
	if ((got == NULL) != (want == NULL) || (got && strcmp(got, want) != 0)) {
		fprintf(stderr, "%s: %s: got \"%s\", want \"%s\"\n", path, what, got ? got : "(null)",
			want ? want : "(null)");
		return 1;
	}
	return 0;
}

static void test_articles_match_truth(void)
{
	char tpath[4200];
	json_t *line;
	json_error_t jerr;
	FILE *f;
	char buf[65536];
	int n = 0;

	snprintf(tpath, sizeof tpath, "%s/truth.jsonl", root);
	f = fopen(tpath, "r");
	CHECK(f != NULL);
	if (!f)
		return;
	while (fgets(buf, sizeof buf, f)) {
		struct parser_article a;
		const char *path;
		json_t *docs, *d;
		size_t k;
		int bad = 0;

		line = json_loads(buf, 0, &jerr);
		if (!line)
			continue;
		path = json_string_value(json_object_get(line, "path"));
		if (test_extract_file(root, path, NULL, &a) != VN_OK) {
			fprintf(stderr, "%s: extraction failed\n", path);
			CHECK(0);
			json_decref(line);
			continue;
		}
		n++;
		bad += mismatch(path, "title", a.title, json_string_value(json_object_get(line, "title")));
		bad += mismatch(path, "published", a.published,
				json_string_value(json_object_get(line, "published")));
		bad += a.published_inferred != json_is_true(json_object_get(line, "published_inferred"));
		bad += mismatch(path, "author", a.author,
				json_string_value(json_object_get(line, "author")));
		bad += strcasecmp(a.charset, json_string_value(json_object_get(line, "charset"))) != 0;
		bad += mismatch(path, "kind", parser_page_kind_name(a.kind), "article");
		docs = json_object_get(line, "documents");
		bad += a.n_documents != json_array_size(docs);
		json_array_foreach(docs, k, d) {
			if (k >= a.n_documents)
				break;
			bad += mismatch(path, "document number", a.documents[k].number,
					json_string_value(json_object_get(d, "number")));
			bad += mismatch(path, "document issuer", a.documents[k].issuer,
					json_string_value(json_object_get(d, "issuer")));
			bad += mismatch(path, "document date", a.documents[k].date,
					json_string_value(json_object_get(d, "date")));
		}
		if (a.body) {
			char *first = strdup(json_string_value(json_object_get(line, "body_first")));

			collapse(a.body);
			collapse(first);
			if (strncmp(a.body, first, strlen(first)) != 0) {
				fprintf(stderr, "%s: body starts \"%.120s\"\n", path, a.body);
				bad++;
			}
			free(first);
		} else {
			bad++;
		}
		if (bad) {
			fprintf(stderr, "%s: %d field(s) differ\n", path, bad);
			CHECK(0);
		}
		parser_article_release(&a);
		json_decref(line);
	}
	fclose(f);
	CHECK_INT(n, 45);
}

static void test_other_pages_are_not_articles(void)
{
	static const char *const pages[] = {
		"index.html", "gioi-thieu.html", "so-do-cong.html", "dang-nhap.html", "404.html",
		"tin-tuc/index.html", "tin-tuc/hoat-dong/index.html", "tin-tuc/hoat-dong/page-2.html",
		"tin-tuc/phong-chong-dich/page-3.html", "tin-tuc/kinh-te-xa-hoi/page-2.html",
	};
	for (size_t i = 0; i < sizeof pages / sizeof pages[0]; i++) {
		struct parser_article a;

		CHECK_INT(test_extract_file(root, pages[i], NULL, &a), VN_OK);
		if (a.kind == PARSER_PAGE_ARTICLE)
			fprintf(stderr, "%s: taken for an article\n", pages[i]);
		CHECK(a.kind != PARSER_PAGE_ARTICLE);
		parser_article_release(&a);
	}
}

int main(void)
{
	const char *src = getenv("VNNEWS_SRCDIR");

	snprintf(root, sizeof root, "%s/data/sample-site", src ? src : ".");
	TEST_RUN(test_articles_match_truth);
	TEST_RUN(test_other_pages_are_not_articles);
	return test_done();
}
