/* warc_recover.c — finishing the WARC files a killed run left behind.
 *
 * The writer names a file "NAME.warc.gz.open" until it closes it (crawler/warc.c), and the
 * corpus already points committed articles at "NAME.warc.gz".  After a SIGKILL the next run
 * (holding the corpus lock, so no other vnnews writes here) cuts each leftover ".open" file
 * back to its last complete gzip member — a record is one member, so a reader never trips
 * on half a record — and renames it to its final name. */
#include "crawler/crawler_int.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <zlib.h>

#define CHUNK (64u << 10)

/* The end offset of the last complete gzip member of `fd`. */
static int last_member_end(int fd, off_t *end_out)
{
	unsigned char *in = malloc(CHUNK), *out = malloc(CHUNK);
	z_stream z;
	off_t pos = 0, good = 0;
	bool started = false;
	int rc = VN_OK;

	*end_out = 0;
	memset(&z, 0, sizeof z);
	if (!in || !out || inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) {
		rc = VN_ENOMEM;
		goto out;
	}
	started = true;
	for (;;) {
		ssize_t n = pread(fd, in, CHUNK, pos);
		int zr = Z_OK;

		if (n <= 0)
			break;
		z.next_in = in;
		z.avail_in = (uInt)n;
		while (z.avail_in > 0) {
			z.next_out = out;
			z.avail_out = CHUNK;
			zr = inflate(&z, Z_NO_FLUSH);
			if (zr == Z_STREAM_END) {
				good = pos + (off_t)(n - (ssize_t)z.avail_in);
				if (inflateReset(&z) != Z_OK)
					goto done;
			} else if (zr != Z_OK && zr != Z_BUF_ERROR) {
				goto done; /* a torn member: everything before `good` is sound */
			} else if (zr == Z_BUF_ERROR && z.avail_in == 0) {
				break;
			}
		}
		pos += n;
	}
done:
	*end_out = good;
out:
	if (started)
		inflateEnd(&z);
	free(in);
	free(out);
	return rc;
}

int crawler_warc_recover(const char *dir, int *n_out)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int rc = VN_OK;

	*n_out = 0;
	if (!d)
		return errno == ENOENT ? VN_ENOTFOUND : VN_EIO;
	while ((de = readdir(d))) {
		size_t l = strlen(de->d_name);
		char path[4096], final[4096];
		off_t end = 0;
		int fd;

		if (l < 13 || strcmp(de->d_name + l - 13, ".warc.gz.open") != 0)
			continue;
		if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, de->d_name) >= sizeof path)
			continue;
		memcpy(final, path, strlen(path) - 5);
		final[strlen(path) - 5] = '\0';
		if ((fd = open(path, O_RDWR | O_CLOEXEC)) < 0)
			continue;
		rc = last_member_end(fd, &end);
		if (rc == VN_OK && ftruncate(fd, end) != 0)
			rc = VN_EIO;
		close(fd);
		if (rc)
			break;
		if (access(final, F_OK) == 0)
			continue; /* never overwrite a finished file; leave it for a person */
		if (rename(path, final) != 0) {
			rc = VN_EIO;
			break;
		}
		(*n_out)++;
	}
	closedir(d);
	return rc;
}
