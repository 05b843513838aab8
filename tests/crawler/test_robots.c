/* test_robots.c — RFC 9309 behaviour: agent groups, longest match, `*` and `$`, Allow wins
 * ties, Crawl-delay, Sitemap lines.  The cases are the examples of RFC 9309 sections 2.2.2
 * and 5.1. */
#include "crawler/crawler.h"
#include "harness.h"

static struct crawler_robots *parse(const char *txt, const char *agent)
{
	struct crawler_robots *r = NULL;

	CHECK_INT(crawler_robots_parse(txt, strlen(txt), agent, &r), VN_OK);
	return r;
}

static const char rfc_5_1[] =
	"User-Agent: *\n"
	"Disallow: *.gif$\n"
	"Disallow: /example/\n"
	"Allow: /publications/\n"
	"\n"
	"User-Agent: foobot\n"
	"Disallow:/\n"
	"Allow:/example/page.html\n"
	"Allow:/example/allowed.gif\n"
	"\n"
	"User-Agent: barbot\n"
	"User-Agent: bazbot\n"
	"Disallow: /example/page.html\n"
	"\n"
	"User-Agent: quxbot\n"
	"\n"
	"EOF\n";

static void test_rfc_example_groups(void)
{
	struct crawler_robots *r;

	r = parse(rfc_5_1, "FooBot/2.1 (+https://example.com)");
	CHECK(crawler_robots_allowed(r, "/example/page.html", NULL, NULL));
	CHECK(crawler_robots_allowed(r, "/example/allowed.gif", NULL, NULL));
	CHECK(!crawler_robots_allowed(r, "/publications/", NULL, NULL));
	CHECK(!crawler_robots_allowed(r, "/", NULL, NULL));
	CHECK_STR(crawler_robots_group(r), "foobot"); /* as the file writes it */
	crawler_robots_free(r);

	r = parse(rfc_5_1, "bazbot");
	CHECK(!crawler_robots_allowed(r, "/example/page.html", NULL, NULL));
	CHECK(crawler_robots_allowed(r, "/example/other.html", NULL, NULL));
	crawler_robots_free(r);

	r = parse(rfc_5_1, "quxbot");
	CHECK(crawler_robots_allowed(r, "/example/page.html", NULL, NULL));
	CHECK(crawler_robots_allowed(r, "/a.gif", NULL, NULL));
	crawler_robots_free(r);

	r = parse(rfc_5_1, "vnnews/0.1");
	CHECK_STR(crawler_robots_group(r), "*");
	CHECK(!crawler_robots_allowed(r, "/images/logo.gif", NULL, NULL));
	CHECK(crawler_robots_allowed(r, "/images/logo.gif?x=1", NULL, NULL));
	CHECK(!crawler_robots_allowed(r, "/example/x", NULL, NULL));
	CHECK(crawler_robots_allowed(r, "/publications/a", NULL, NULL));
	CHECK(crawler_robots_allowed(r, "https://example.com/robots.txt", NULL, NULL));
	crawler_robots_free(r);
}

static void test_longest_match_and_ties(void)
{
	struct crawler_robots *r;
	const char *rule = NULL;
	int line = 0;

	r = parse("user-agent: *\nallow: /p\ndisallow: /\n", "vnnews");
	CHECK(crawler_robots_allowed(r, "/page", NULL, NULL));
	CHECK(!crawler_robots_allowed(r, "/other", &rule, &line));
	CHECK_STR(rule, "Disallow: /");
	CHECK_INT(line, 3);
	crawler_robots_free(r);

	r = parse("user-agent: *\nallow: /folder\ndisallow: /folder\n", "vnnews");
	CHECK(crawler_robots_allowed(r, "/folder/page", NULL, NULL));
	crawler_robots_free(r);

	r = parse("user-agent: *\nallow: /page\ndisallow: /*.htm\n", "vnnews");
	CHECK(!crawler_robots_allowed(r, "/page.htm", NULL, NULL));
	crawler_robots_free(r);

	r = parse("user-agent: *\nallow: /$\ndisallow: /\n", "vnnews");
	CHECK(crawler_robots_allowed(r, "/", NULL, NULL));
	CHECK(!crawler_robots_allowed(r, "/page.htm", NULL, NULL));
	crawler_robots_free(r);
}

static void test_wildcards_and_encoding(void)
{
	struct crawler_robots *r = parse(
		"User-agent: *\n"
		"Disallow: /tim-kiem\n"
		"Disallow: /*?*sort=\n"
		"Disallow: /*/print$\n"
		"Disallow: /tin%2Dtuc/an\n"
		"Disallow: /v\xC4\x83n-b\xE1\xBA\xA3n/\n", "vnnews");

	CHECK(!crawler_robots_allowed(r, "/tim-kiem?q=covid", NULL, NULL));
	CHECK(!crawler_robots_allowed(r, "/tin?page=2&sort=date", NULL, NULL));
	CHECK(crawler_robots_allowed(r, "/tin?page=2", NULL, NULL));
	CHECK(!crawler_robots_allowed(r, "/tin/abc/print", NULL, NULL));
	CHECK(crawler_robots_allowed(r, "/tin/abc/print.html", NULL, NULL));
	/* %2D is '-', unreserved: the same path as written plainly */
	CHECK(!crawler_robots_allowed(r, "/tin-tuc/an-ninh", NULL, NULL));
	/* a UTF-8 pattern matches the percent-encoded path a URL carries */
	CHECK(!crawler_robots_allowed(r, "/v%C4%83n-b%e1%ba%a3n/1", NULL, NULL));
	crawler_robots_free(r);
}

static void test_groups_merge_and_comments(void)
{
	struct crawler_robots *r = parse(
		"\xEF\xBB\xBF# comment\r\n"
		"User-agent: VNNEWS # ours\r\n"
		"Disallow: /a\r\n"
		"Sitemap: https://example.gov.vn/sitemap.xml\r\n"
		"User-agent: other\r\n"
		"Disallow: /b\r\n"
		"User-agent: vnnews\r\n"
		"Disallow: /c\r\n"
		"Crawl-delay: 7\r\n", "vnnews/0.1");
	const char *const *sm;

	CHECK(!crawler_robots_allowed(r, "/a", NULL, NULL));
	CHECK(crawler_robots_allowed(r, "/b", NULL, NULL));
	CHECK(!crawler_robots_allowed(r, "/c", NULL, NULL));
	CHECK(crawler_robots_crawl_delay(r) == 7.0);
	CHECK_INT(crawler_robots_sitemaps(r, &sm), 1);
	CHECK_STR(sm[0], "https://example.gov.vn/sitemap.xml");
	crawler_robots_free(r);

	/* rules before any user-agent line, and groups for other agents, do not apply */
	r = parse("Disallow: /\nUser-agent: googlebot\nDisallow: /\n", "vnnews");
	CHECK(crawler_robots_allowed(r, "/x", NULL, NULL));
	CHECK(crawler_robots_crawl_delay(r) < 0);
	crawler_robots_free(r);
}

static void test_pathological(void)
{
	/* many stars against a long path must answer (no exponential backtracking) */
	char pat[400], txt[512], path[20000];
	struct crawler_robots *r;
	size_t n = 0;

	for (int i = 0; i < 100; i++) {
		pat[n++] = '*';
		pat[n++] = 'a';
	}
	pat[n++] = 'b';
	pat[n] = '\0';
	snprintf(txt, sizeof txt, "User-agent: *\nDisallow: /%s\n", pat);
	r = parse(txt, "vnnews");
	memset(path, 'a', sizeof path - 1);
	path[0] = '/';
	path[sizeof path - 1] = '\0';
	CHECK(crawler_robots_allowed(r, path, NULL, NULL));
	crawler_robots_free(r);

	/* NUL bytes and binary junk are not fatal */
	r = NULL;
	CHECK_INT(crawler_robots_parse("User-agent: *\0\nDisallow: /x\n\xff\xfe", 27, "vnnews", &r),
		  VN_OK);
	CHECK(r != NULL);
	crawler_robots_free(r);
}

int main(void)
{
	TEST_RUN(test_rfc_example_groups);
	TEST_RUN(test_longest_match_and_ties);
	TEST_RUN(test_wildcards_and_encoding);
	TEST_RUN(test_groups_merge_and_comments);
	TEST_RUN(test_pathological);
	return test_done();
}
