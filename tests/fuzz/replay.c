/* replay.c — runs fuzz inputs through a fuzz target without libFuzzer.
 *
 * Linked with one fuzz/<name>_fuzzer.c into the normal and sanitizer test builds, it feeds
 * every file of the directories (or files) named on the command line to
 * LLVMFuzzerTestOneInput(), in sorted order so a failure is reproducible.  That replays
 * the committed seed corpora and every fixed crash in fuzz/crashes/<name>/ on each test
 * run: a regression crashes here (under ASan in build-san) instead of in the field.
 * A missing directory is skipped (a target may have no reproducers yet); no input at all
 * is a failure, so a broken path cannot make the test pass vacuously. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "common/vn_buf.h"
#include "fuzz.h"

#define REPLAY_INPUT_MAX ((size_t)16 << 20)

static int replay_file(const char *path, long *count)
{
	struct vn_buf b;
	int rc;

	vn_buf_init(&b, REPLAY_INPUT_MAX);
	rc = vn_buf_read_file(&b, path);
	if (rc != VN_OK) {
		fprintf(stderr, "%s: cannot read: %s\n", path, vn_strerror(rc));
		goto out;
	}
	/* an exact-size heap copy, so ASan sees a read one past the end of the input */
	{
		uint8_t *copy = malloc(b.len ? b.len : 1);

		if (!copy) {
			rc = VN_ENOMEM;
			goto out;
		}
		memcpy(copy, b.data, b.len);
		(void)LLVMFuzzerTestOneInput(copy, b.len);
		free(copy);
	}
	(*count)++;
out:
	vn_buf_release(&b);
	return rc;
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int replay_dir(const char *dir, long *count)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, alloc = 0;
	int rc = VN_OK;

	if (!d) {
		if (errno == ENOENT) {
			fprintf(stderr, "%s: no such directory, skipped\n", dir);
			return VN_OK;
		}
		fprintf(stderr, "%s: %s\n", dir, strerror(errno));
		return VN_EIO;
	}
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		if (n == alloc) {
			size_t na = alloc ? 2 * alloc : 64;
			char **nn = realloc(names, na * sizeof *nn);

			if (!nn) {
				rc = VN_ENOMEM;
				goto out;
			}
			names = nn;
			alloc = na;
		}
		names[n] = malloc(strlen(dir) + strlen(e->d_name) + 2);
		if (!names[n]) {
			rc = VN_ENOMEM;
			goto out;
		}
		snprintf(names[n], strlen(dir) + strlen(e->d_name) + 2, "%s/%s", dir, e->d_name);
		n++;
	}
	qsort(names, n, sizeof *names, name_cmp);
	for (size_t i = 0; i < n && rc == VN_OK; i++) {
		struct stat st;

		if (stat(names[i], &st) != 0 || !S_ISREG(st.st_mode))
			continue;
		rc = replay_file(names[i], count);
	}
out:
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	closedir(d);
	return rc;
}

int main(int argc, char **argv)
{
	long count = 0;
	int rc = VN_OK;

	if (argc < 2) {
		fprintf(stderr, "usage: %s DIR|FILE...\n", argv[0]);
		return 2;
	}
	for (int i = 1; i < argc && rc == VN_OK; i++) {
		struct stat st;

		if (stat(argv[i], &st) == 0 && S_ISREG(st.st_mode))
			rc = replay_file(argv[i], &count);
		else
			rc = replay_dir(argv[i], &count);
	}
	fprintf(stderr, "%ld inputs replayed\n", count);
	if (rc != VN_OK)
		return 1;
	return count > 0 ? 0 : 1;
}
