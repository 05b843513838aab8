/* test_url.c — canonical URLs (what the frontier deduplicates on), origins, patterns and
 * the spider-trap guard. */
#include "crawler/crawler.h"
#include "harness.h"

static void canon_is(const char *in, const char *base, const char *want)
{
	char *out = NULL;
	int rc = crawler_url_canon(in, base, 0, &out);

	if (rc != VN_OK)
		fprintf(stderr, "canon(%s): %s\n", in, vn_strerror(rc));
	CHECK_STR(out, want);
	free(out);
}

static void test_canon_host_port_fragment(void)
{
	canon_is("HTTP://WWW.Example.GOV.VN:80/Tin-Tuc/a.html#top", NULL,
		 "http://www.example.gov.vn/Tin-Tuc/a.html");
	canon_is("https://example.gov.vn:443", NULL, "https://example.gov.vn/");
	canon_is("https://example.gov.vn.:8443/x", NULL, "https://example.gov.vn:8443/x");
	canon_is("http://user:pw@example.gov.vn/", NULL, "http://example.gov.vn/");
}

static void test_canon_relative(void)
{
	canon_is("../b/c.html?x=1#f", "http://example.gov.vn/a/d/e.html",
		 "http://example.gov.vn/a/b/c.html?x=1");
	canon_is("//cdn.example.gov.vn/p", "https://example.gov.vn/", "https://cdn.example.gov.vn/p");
	canon_is("?page=2", "http://example.gov.vn/tin-tuc?page=1", "http://example.gov.vn/tin-tuc?page=2");
}

static void test_canon_session_tracking_liferay(void)
{
	canon_is("http://example.gov.vn/web/guest/tin;jsessionid=ABC123?b=2&a=1", NULL,
		 "http://example.gov.vn/web/guest/tin?a=1&b=2");
	canon_is("http://example.gov.vn/x.aspx?ASP.NET_SessionId=zz&id=5&utm_source=fb&UTM_Medium=x",
		 NULL, "http://example.gov.vn/x.aspx?id=5");
	canon_is("http://example.gov.vn/web/guest/tin-tuc/-/asset_publisher/abc/content/slug"
		 "?p_p_lifecycle=0&p_p_state=normal&p_p_mode=view&p_p_id=101",
		 NULL, "http://example.gov.vn/web/guest/tin-tuc/-/asset_publisher/abc/content/slug"
		 "?p_p_id=101");
	canon_is("http://example.gov.vn/p?utm_campaign=a&fbclid=b", NULL, "http://example.gov.vn/p");
	/* a Liferay article linked from a listing carries that listing in its _redirect */
	canon_is("http://example.gov.vn/web/guest/tin-tuc/-/asset_publisher/abc/content/slug"
		 "?p_p_auth=x1&_101_INSTANCE_abc_redirect=http%3A%2F%2Fexample.gov.vn%2Fweb%2Fguest"
		 "%2Ftin-tuc%3Fpage%3D2&_com_liferay_x_backURL=%2Fa&redirect=%2Fkeep", NULL,
		 "http://example.gov.vn/web/guest/tin-tuc/-/asset_publisher/abc/content/slug"
		 "?p_p_auth=x1&redirect=%2fkeep");
	/* ASP.NET cookieless sessions, wherever the application root puts them */
	canon_is("http://example.gov.vn/(S(lit3py55t21z5v55vlm25s55))/tin/a.aspx?id=5", NULL,
		 "http://example.gov.vn/tin/a.aspx?id=5");
	canon_is("http://example.gov.vn/portal/(X(1)S(abc))/default.aspx", NULL,
		 "http://example.gov.vn/portal/default.aspx");
	canon_is("http://example.gov.vn/a/(S(abc))", NULL, "http://example.gov.vn/a");
	canon_is("http://example.gov.vn/(ghi-chu)/b.html", NULL,
		 "http://example.gov.vn/(ghi-chu)/b.html");
	/* one that only the jsessionid's cut makes a segment goes too (a fixed point) */
	canon_is("http://example.gov.vn/(S(abc));jsessionid=1/a.aspx", NULL,
		 "http://example.gov.vn/a.aspx");
	/* permutations collapse */
	canon_is("http://example.gov.vn/s?b=1&a=2", NULL, "http://example.gov.vn/s?a=2&b=1");
}

/* One page, however its link spells the escapes: a link's "Hội nghị", a sitemap's
 * upper-case escapes and an escaped letter are one URL; a reserved character stays
 * escaped, "." too (decoded it could make a dot segment). */
static void test_canon_percent_encoding(void)
{
	const char *want = "http://example.gov.vn/tin/H%e1%bb%99i%20ngh%e1%bb%8b.html?q=%c4%91";

	canon_is("http://example.gov.vn/tin/Hội nghị.html?q=đ", NULL, want);
	canon_is("http://example.gov.vn/tin/H%e1%bb%99i%20ngh%e1%bb%8b.html?q=%c4%91", NULL, want);
	canon_is("http://example.gov.vn/tin/%48%E1%BB%99i%20ngh%E1%BB%8B.html?%71=%C4%91", NULL, want);
	canon_is("http://example.gov.vn/a%2fb%2E%7e?x=%26%3d&utm%5Fsource=fb", NULL,
		 "http://example.gov.vn/a%2fb%2e~?x=%26%3d");
	/* a decoded digit never makes a new escape after a lone "%": canon(canon(x)) = canon(x) */
	canon_is("http://example.gov.vn/%%41%42", NULL, "http://example.gov.vn/%%41B");
	canon_is("http://example.gov.vn/%%41B", NULL, "http://example.gov.vn/%%41B");
}

static void test_canon_rejects(void)
{
	char *out = (char *)"x";
	char longurl[3000];

	CHECK_INT(crawler_url_canon("mailto:a@b.vn", NULL, 0, &out), VN_EDENIED);
	CHECK(out == NULL);
	CHECK_INT(crawler_url_canon("javascript:void(0)", NULL, 0, &out), VN_EDENIED);
	CHECK_INT(crawler_url_canon("ftp://example.gov.vn/a", NULL, 0, &out), VN_EDENIED);
	CHECK(crawler_url_canon("http://", NULL, 0, &out) != VN_OK);
	CHECK(crawler_url_canon("", NULL, 0, &out) != VN_OK);
	memcpy(longurl, "http://example.gov.vn/", 22);
	memset(longurl + 22, 'a', sizeof longurl - 23);
	longurl[sizeof longurl - 1] = '\0';
	CHECK_INT(crawler_url_canon(longurl, NULL, 0, &out), VN_ETOOBIG);
	CHECK_INT(crawler_url_canon("http://example.gov.vn/abcdef", NULL, 20, &out), VN_ETOOBIG);
}

static void test_origin(void)
{
	char *o = NULL;
	const char *path = NULL;

	CHECK_INT(crawler_url_origin("https://a.gov.vn:8080/x/y?z=1", &o, &path), VN_OK);
	CHECK_STR(o, "https://a.gov.vn:8080");
	CHECK_STR(path, "/x/y?z=1");
	free(o);
	CHECK_INT(crawler_url_origin("https://a.gov.vn?q", &o, &path), VN_OK);
	CHECK_STR(path, "?q");
	free(o);
}

static void test_patterns(void)
{
	CHECK(crawler_pattern_match("/tin-tuc/", "/tin-tuc/a.html"));
	CHECK(!crawler_pattern_match("/tin-tuc/", "/tin/a.html"));
	CHECK(crawler_pattern_match("/*.html$", "/a/b.html"));
	CHECK(!crawler_pattern_match("/*.html$", "/a/b.html?x"));
	CHECK(crawler_pattern_match("*", "/"));
	CHECK(crawler_pattern_match("/a*b*c", "/axxbyyc/z"));
	CHECK(!crawler_pattern_match("/a*b*c", "/axxbyy"));
}

static void test_traps(void)
{
	CHECK(crawler_url_trap("http://a.gov.vn/tin-tuc/2021/05/a.html", 2026) == NULL);
	CHECK(crawler_url_trap("http://a.gov.vn/tin-tuc/12345.html", 2026) == NULL);
	CHECK(crawler_url_trap("http://a.gov.vn/tin/3456/slug.html", 2026) == NULL);
	CHECK(crawler_url_trap("http://a.gov.vn/lich/2099/12/", 2026) != NULL);
	CHECK(crawler_url_trap("http://a.gov.vn/lich/1850-01-01", 2026) != NULL);
	CHECK(crawler_url_trap("http://a.gov.vn/lich?month=2031-02", 2026) != NULL);
	CHECK(crawler_url_trap("http://a.gov.vn/lich?month=2026-02", 2026) == NULL);
	CHECK(crawler_url_trap("http://a.gov.vn/list?id=20990", 2026) == NULL);
	CHECK(crawler_url_trap("http://a.gov.vn/a/b/a/b/a/b/x", 2026) != NULL);
	CHECK(crawler_url_trap("http://a.gov.vn/a/b/a/c", 2026) == NULL);
	CHECK(crawler_url_trap("http://a.gov.vn/1/2/3/4/5/6/7/8/9/10/11/12/13/14/15/16/17/18/"
			       "19/20/21/22/23/24/25/26", 2026) != NULL);
	CHECK(crawler_url_trap("http://a.gov.vn/s?a=1&b=1&c=1&d=1&e=1&f=1&g=1&h=1&i=1&j=1&k=1"
			       "&l=1&m=1", 2026) != NULL);
}

int main(void)
{
	TEST_RUN(test_canon_host_port_fragment);
	TEST_RUN(test_canon_relative);
	TEST_RUN(test_canon_session_tracking_liferay);
	TEST_RUN(test_canon_percent_encoding);
	TEST_RUN(test_canon_rejects);
	TEST_RUN(test_origin);
	TEST_RUN(test_patterns);
	TEST_RUN(test_traps);
	return test_done();
}
