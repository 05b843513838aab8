/* cli_input.c — input files that may be gzip-compressed (page.html.gz, baomoi-2018.jsonl.gz).
 *
 * Researchers keep pages and corpora compressed, and the shared data ships that way; a .gz
 * read as HTML gave an empty article and exit 0, and `add` warned on every line.  zlib's
 * gzread reads a gzip stream and passes any other bytes through unchanged, so every input
 * goes through it and plain files cost one extra copy.  `add` reads lines with getline(), so
 * its stream is a stdio FILE over the gzFile (glibc's fopencookie). */
#include "cli/cli.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zlib.h>

/* A gzFile over `path` ("-": a duplicate of standard input, so closing it leaves fd 0). */
static gzFile input_gzopen(const char *path)
{
	int fd = strcmp(path, "-") == 0 ? dup(0) : open(path, O_RDONLY | O_CLOEXEC);
	gzFile gz;
	int saved;

	if (fd < 0)
		return NULL;
	gz = gzdopen(fd, "rb");
	if (!gz) {
		saved = errno;
		close(fd);
		errno = saved ? saved : ENOMEM;
		return NULL;
	}
	gzbuffer(gz, 1 << 16);
	return gz;
}

/* VN_ECORRUPT when zlib found the stream damaged or cut short, else VN_EIO (errno set). */
static int input_gzfail(gzFile gz)
{
	int zerr = Z_OK;

	gzerror(gz, &zerr);
	return zerr == Z_ERRNO ? VN_EIO : VN_ECORRUPT;
}

int cli_input_read(const char *path, struct vn_buf *b)
{
	gzFile gz = input_gzopen(path);
	int rc = VN_OK;

	if (!gz)
		return errno == ENOENT ? VN_ENOTFOUND : VN_EIO;
	for (;;) {
		size_t want = 1 << 16;
		int n;

		if (b->cap - b->len < want)
			want = b->cap - b->len;
		if (want == 0) {
			char probe;

			n = gzread(gz, &probe, 1);
			rc = n == 0 ? VN_OK : n < 0 ? input_gzfail(gz) : VN_ETOOBIG;
			break;
		}
		if ((rc = vn_buf_grow(b, want)))
			break;
		n = gzread(gz, b->data + b->len, (unsigned)want);
		if (n < 0) {
			rc = input_gzfail(gz);
			break;
		}
		if (n == 0) {
			/* gzread ends quietly at a gzip stream cut short; gzerror tells */
			int zerr = Z_OK;

			gzerror(gz, &zerr);
			if (zerr != Z_OK)
				rc = VN_ECORRUPT;
			break;
		}
		b->len += (size_t)n;
		b->data[b->len] = '\0';
	}
	gzclose_r(gz);
	return rc;
}

struct input_cookie {
	gzFile gz;
	bool damaged; /* zlib found the gzip data damaged or cut short */
};

static ssize_t cookie_read(void *c, char *buf, size_t size)
{
	struct input_cookie *ic = c;
	int n = gzread(ic->gz, buf, size > (1u << 30) ? 1u << 30 : (unsigned)size);
	int zerr = Z_OK;

	if (n == 0)
		gzerror(ic->gz, &zerr);
	if (n < 0 || zerr != Z_OK) {
		ic->damaged = input_gzfail(ic->gz) == VN_ECORRUPT;
		if (ic->damaged)
			errno = EILSEQ;
		return -1;
	}
	return n;
}

static int cookie_close(void *c)
{
	struct input_cookie *ic = c;
	bool damaged = ic->damaged;
	int zrc = gzclose_r(ic->gz);

	free(ic);
	if (damaged)
		errno = EILSEQ;
	return damaged || zrc != Z_OK ? EOF : 0;
}

FILE *cli_input_open(const char *path)
{
	static const cookie_io_functions_t io = { .read = cookie_read, .close = cookie_close };
	struct input_cookie *ic = calloc(1, sizeof *ic);
	FILE *f = NULL;

	if (!ic) {
		errno = ENOMEM;
		return NULL;
	}
	ic->gz = input_gzopen(path);
	if (ic->gz)
		f = fopencookie(ic, "r", io);
	if (!f) {
		if (ic->gz) {
			gzclose_r(ic->gz);
			errno = ENOMEM;
		}
		free(ic);
	}
	return f;
}
