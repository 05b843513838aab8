/* test_sites.c — the sites file: a full example loads field by field, and every kind of
 * mistake is reported as "FILE:LINE: …" pointing at the offending line. */
#include <stdio.h>
#include <unistd.h>

#include "crawler/crawler.h"
#include "harness.h"

static char path[256];

static void write_file(const char *text)
{
	FILE *f = fopen(path, "w");

	fputs(text, f);
	fclose(f);
}

static void test_full_example(void)
{
	struct crawler_sites s;
	char err[512] = "";

	write_file("; portals\n"
		   "[vnnews]\n"
		   "contact = https://example.org/vnnews\n"
		   "delay = 2.5\n"
		   "\n"
		   "[Cổng TTĐT tỉnh Ví Dụ]\n"
		   "province = Ví Dụ\n"
		   "start = https://VIDU.gov.vn/tin-tuc#x https://vidu.gov.vn/rss\n"
		   "start = http://www.vidu.gov.vn:80/thong-bao\n"
		   "allow = /tin-tuc/*\n"
		   "deny = /tim-kiem\n"
		   "deny = /*?print=1\n"
		   "article = /tin-tuc/*.html$\n"
		   "listing = /tin-tuc/$\n"
		   "xpath_title = //h1\n"
		   "delay = 0.5\n"
		   "insecure = yes\n"
		   "ca_bundle = /etc/ssl/extra.pem\n"
		   "feed = https://vidu.gov.vn/rss/tin-tuc.rss#x\n"
		   "\n"
		   "[Sở Y tế]\n"
		   "start = https://syt.vidu.gov.vn/\n"
		   "hosts = SYT.vidu.gov.vn\n");
	CHECK_INT(crawler_sites_load(path, &s, err, sizeof err), VN_OK);
	CHECK_STR(err, "");
	CHECK_INT(s.n, 2);
	CHECK_STR(s.contact, "https://example.org/vnnews");
	CHECK(s.delay == 2.5);
	if (s.n == 2) {
		const struct crawler_site *a = &s.sites[0], *b = &s.sites[1];

		CHECK_STR(a->name, "Cổng TTĐT tỉnh Ví Dụ");
		CHECK_STR(a->province, "Ví Dụ");
		CHECK_INT(a->n_start, 3);
		CHECK_STR(a->start[0], "https://vidu.gov.vn/tin-tuc");
		CHECK_STR(a->start[2], "http://www.vidu.gov.vn/thong-bao");
		CHECK_INT(a->n_hosts, 2);
		CHECK_STR(a->hosts[0], "vidu.gov.vn");
		CHECK_STR(a->hosts[1], "www.vidu.gov.vn");
		CHECK_INT(a->n_deny, 2);
		CHECK_STR(a->article[0], "/tin-tuc/*.html$");
		CHECK_STR(a->xpath_title, "//h1");
		CHECK(a->delay == 0.5);
		CHECK(a->insecure);
		CHECK_STR(a->ca_bundle, "/etc/ssl/extra.pem");
		CHECK_INT(a->line, 6);
		CHECK_INT(a->n_feeds, 1);
		CHECK_STR(a->feeds[0], "https://vidu.gov.vn/rss/tin-tuc.rss");
		CHECK_INT(b->n_hosts, 1);
		CHECK_STR(b->hosts[0], "syt.vidu.gov.vn");
		CHECK(b->delay < 0);
		CHECK(!b->insecure);
	}
	crawler_sites_release(&s);
}

static void error_is(const char *text, const char *want)
{
	struct crawler_sites s;
	char err[512] = "";
	char full[600];

	write_file(text);
	CHECK(crawler_sites_load(path, &s, err, sizeof err) != VN_OK);
	snprintf(full, sizeof full, "%s:%s", path, want);
	CHECK_CONTAINS(err, full);
	CHECK_INT(s.n, 0);
}

static void test_errors_name_file_and_line(void)
{
	error_is("[a]\nstart = http://a.vn/\nbogus = 1\n", "3: unknown key 'bogus' in [a]");
	error_is("[a]\nstart = http://a.vn/\ndelay = soon\n", "3: delay must be seconds");
	error_is("[a]\nstart = http://a.vn/\ninsecure = maybe\n", "3: insecure must be yes or no");
	error_is("[a]\nstart = http://a.vn/\nallow = tin-tuc\n", "3: allow pattern 'tin-tuc'");
	error_is("[a]\nstart = http://a.vn/\n[b]\nprovince = X\n", "3: site [b] has no start URL");
	error_is("[a]\nstart = ftp://a.vn/\n", "1: site [a]: start URL 'ftp://a.vn/'");
	error_is("start = http://a.vn/\n", "1: 'start' before the first [site] section");
	error_is("[a]\nstart = http://a.vn/\n[a]\nstart = http://b.vn/\n", "3: site [a] is defined twice");
	error_is("[a]\nstart http://a.vn/\n", "2: unknown key 'start http' in [a]");
	error_is("[a]\nstart = http://a.vn/\njust words\n", "3: not 'key = value'");
}

static void test_missing_file(void)
{
	struct crawler_sites s;
	char err[512] = "";

	CHECK_INT(crawler_sites_load("/nonexistent/sites.ini", &s, err, sizeof err), VN_ENOTFOUND);
	CHECK_CONTAINS(err, "/nonexistent/sites.ini");
}

int main(void)
{
	snprintf(path, sizeof path, "/tmp/vnnews-test-sites-%ld.ini", (long)getpid());
	TEST_RUN(test_full_example);
	TEST_RUN(test_errors_name_file_and_line);
	TEST_RUN(test_missing_file);
	unlink(path);
	return test_done();
}
