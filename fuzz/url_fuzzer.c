/* url_fuzzer.c — fuzzes URL canonicalization (crawler/url.c), the gate every link of every
 * fetched page passes before it reaches the frontier.
 *
 * Input: "BASE\nURL".  Besides not crashing, the target checks the promises the frontier's
 * deduplication rests on: a canonical URL is http(s), within the length cap, and a fixed
 * point (canonicalizing it again gives the same string); its origin is a prefix of it. */
#include "fuzz.h"

#include "crawler/crawler.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *tail;
	size_t tail_len;
	char *base = fuzz_split_line(data, size, &tail, &tail_len);
	char *url = fuzz_strndup(tail, tail_len);
	char *canon = NULL, *again = NULL, *origin = NULL;
	const char *path = NULL;
	size_t max_len = 256;

	if (!base || !url)
		goto out;
	/* with and without a base: a link on a page and a start URL on the command line */
	if (crawler_url_canon(url, NULL, max_len, &canon) == VN_OK)
		free(canon);
	canon = NULL;
	if (crawler_url_canon(url, *base ? base : NULL, max_len, &canon) != VN_OK)
		goto patterns;
	if (strncmp(canon, "http://", 7) != 0 && strncmp(canon, "https://", 8) != 0)
		fuzz_fail("canonical URL with another scheme: %s", canon);
	if (strlen(canon) > max_len)
		fuzz_fail("canonical URL longer than the cap: %zu", strlen(canon));
	if (crawler_url_canon(canon, NULL, max_len, &again) != VN_OK)
		fuzz_fail("canonical URL rejected when canonicalized again: %s", canon);
	if (strcmp(canon, again) != 0)
		fuzz_fail("canonicalization is not idempotent:\n  once:  %s\n  twice: %s",
			  canon, again);
	if (crawler_url_origin(canon, &origin, &path) == VN_OK) {
		if (strncmp(canon, origin, strlen(origin)) != 0)
			fuzz_fail("origin %s is not a prefix of %s", origin, canon);
		if (path && (path < canon || path > canon + strlen(canon)))
			fuzz_fail("path pointer outside the URL");
	}
	(void)crawler_url_trap(canon, 2026);
patterns:
	/* the first line doubles as a robots-style pattern, the rest as a path */
	(void)crawler_pattern_match(base, url);
out:
	free(origin);
	free(again);
	free(canon);
	free(url);
	free(base);
	return 0;
}
