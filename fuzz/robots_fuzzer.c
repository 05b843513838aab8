/* robots_fuzzer.c — fuzzes the robots.txt parser and matcher (crawler/robots.c, RFC 9309),
 * which reads a file from every host the crawler visits.
 *
 * Input: "USER-AGENT\nrobots.txt bytes".  Each input is parsed, then a handful of paths
 * (fixed ones and the last line of the input) are checked, and every accessor is called so
 * a dangling pointer or an unterminated rule shows up under ASan. */
#include "fuzz.h"

#include "crawler/crawler.h"

static void check_path(const struct crawler_robots *r, const char *path)
{
	const char *rule = NULL;
	int line = 0;

	(void)crawler_robots_allowed(r, path, &rule, &line);
	if (rule && strlen(rule) > 600 * 1024)
		fuzz_fail("a rule longer than the file can be");
	if (rule && line <= 0)
		fuzz_fail("rule \"%.80s\" without a line number", rule);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *body;
	size_t body_len;
	char *agent = fuzz_split_line(data, size, &body, &body_len);
	struct crawler_robots *r = NULL;
	const char *const *maps = NULL;
	char *last = NULL;
	size_t n;

	if (!agent)
		return 0;
	if (crawler_robots_parse((const char *)body, body_len, *agent ? agent : "vnnews",
				 &r) != VN_OK)
		goto out;
	check_path(r, "/");
	check_path(r, "/tin-tuc/chi-tiet?id=1&x=%2F");
	check_path(r, "https://example.gov.vn/a/b.gif");
	{
		const uint8_t *nl = body_len ? memrchr(body, '\n', body_len) : NULL;
		const uint8_t *start = nl ? nl + 1 : body;

		last = fuzz_strndup(start, body_len - (size_t)(start - body));
		if (last)
			check_path(r, last);
	}
	(void)crawler_robots_crawl_delay(r);
	n = crawler_robots_sitemaps(r, &maps);
	for (size_t i = 0; i < n; i++)
		if (!maps[i] || strlen(maps[i]) > body_len)
			fuzz_fail("sitemap %zu is longer than the file", i);
	{
		const char *g = crawler_robots_group(r);

		if (g && strlen(g) > body_len + 1)
			fuzz_fail("group name longer than the file");
	}
out:
	free(last);
	crawler_robots_free(r);
	free(agent);
	return 0;
}
