/* sitemap_fuzzer.c — libFuzzer target for sitemaps and feeds (crawler/sitemap.c): bytes
 * from any portal, gzip'd or not, through the junk/BOM/encoding repair and the streaming
 * XML reader.  Invariant: every delivered entry is an http(s) URL. */
#include "fuzz.h"

#include "crawler/sitemap.h"

static int check_entry(void *ctx, const struct crawler_feed_entry *e)
{
	(void)ctx;
	if (!e->url || (strncmp(e->url, "http://", 7) && strncmp(e->url, "https://", 8)))
		fuzz_fail("entry URL '%s' is not http(s)", e->url ? e->url : "(null)");
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[256];
	long n = 0;

	if (crawler_feed_parse((const char *)data, size, "https://vidu.gov.vn/sitemap.xml",
			       check_entry, NULL, NULL, &n, err, sizeof err) == VN_OK && n < 0)
		fuzz_fail("negative entry count");
	return 0;
}
