/* sites_fuzzer.c — fuzzes the sites-file loader (crawler/sites.c, INI through libinih),
 * the one configuration file a user hands to every nightly run.
 *
 * The bytes go through a memfd so the loader runs its real file path.  A refused file must
 * come with a message (the user has to find the line); an accepted one must give every
 * site a name and leave no NULL where a count says there are entries. */
#include "fuzz.h"

#include <sys/mman.h>
#include <unistd.h>

#include "crawler/crawler.h"

static void check_list(char **v, size_t n, const char *what, size_t site)
{
	for (size_t i = 0; i < n; i++)
		if (!v || !v[i])
			fuzz_fail("site %zu: %s entry %zu is NULL", site, what, i);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct crawler_sites s;
	char path[64], err[512];
	int fd = memfd_create("sites", 0);

	if (fd < 0)
		return 0;
	if (write(fd, data, size) != (ssize_t)size)
		goto out;
	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	memset(&s, 0, sizeof s);
	err[0] = '\0';
	if (crawler_sites_load(path, &s, err, sizeof err) != VN_OK) {
		if (!err[0])
			fuzz_fail("sites file refused without a message");
		goto out;
	}
	for (size_t i = 0; i < s.n; i++) {
		const struct crawler_site *t = &s.sites[i];

		if (!t->name || !*t->name)
			fuzz_fail("site %zu without a name", i);
		check_list(t->start, t->n_start, "start", i);
		check_list(t->hosts, t->n_hosts, "hosts", i);
		check_list(t->allow, t->n_allow, "allow", i);
		check_list(t->deny, t->n_deny, "deny", i);
		check_list(t->article, t->n_article, "article", i);
		check_list(t->listing, t->n_listing, "listing", i);
	}
	crawler_sites_release(&s);
out:
	close(fd);
	return 0;
}
