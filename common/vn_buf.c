/* vn_buf.c — capped growable buffer; invariants are stated in vn_buf.h. */
#include "common/vn_buf.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char vn_buf_empty[1];

void vn_buf_init(struct vn_buf *b, size_t cap)
{
	b->data = vn_buf_empty;
	b->len = 0;
	b->alloc = 0;
	b->cap = cap;
}

void vn_buf_release(struct vn_buf *b)
{
	if (b->alloc)
		free(b->data);
	vn_buf_init(b, b->cap);
}

void vn_buf_reset(struct vn_buf *b)
{
	b->len = 0;
	b->data[0] = '\0';
}

int vn_buf_grow(struct vn_buf *b, size_t extra)
{
	size_t need, n;
	char *p;

	if (extra > b->cap - b->len)
		return VN_ETOOBIG;
	need = b->len + extra + 1;
	if (need <= b->alloc)
		return VN_OK;
	n = b->alloc ? b->alloc : 64;
	while (n < need)
		n = n > SIZE_MAX / 2 ? need : n * 2;
	if (n > b->cap + 1)
		n = b->cap + 1;
	if (n < need)
		n = need;
	p = realloc(b->alloc ? b->data : NULL, n);
	if (!p)
		return VN_ENOMEM;
	if (!b->alloc)
		p[0] = '\0';
	b->data = p;
	b->alloc = n;
	return VN_OK;
}

int vn_buf_add(struct vn_buf *b, const void *p, size_t n)
{
	int rc = vn_buf_grow(b, n);

	if (rc)
		return rc;
	if (n)
		memmove(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	return VN_OK;
}

int vn_buf_adds(struct vn_buf *b, const char *s)
{
	return vn_buf_add(b, s, strlen(s));
}

int vn_buf_addc(struct vn_buf *b, char c)
{
	return vn_buf_add(b, &c, 1);
}

int vn_buf_vaddf(struct vn_buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	int n, rc;

	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		return VN_EINVAL;
	rc = vn_buf_grow(b, (size_t)n);
	if (rc)
		return rc;
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
	return VN_OK;
}

int vn_buf_addf(struct vn_buf *b, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = vn_buf_vaddf(b, fmt, ap);
	va_end(ap);
	return rc;
}

void vn_buf_truncate(struct vn_buf *b, size_t len)
{
	if (len < b->len) {
		b->len = len;
		b->data[len] = '\0';
	}
}

char *vn_buf_detach(struct vn_buf *b, size_t *len_out)
{
	char *p;

	if (len_out)
		*len_out = b->len;
	if (b->alloc) {
		p = b->data;
	} else {
		p = malloc(1);
		if (!p)
			return NULL;
		p[0] = '\0';
	}
	vn_buf_init(b, b->cap);
	return p;
}

int vn_buf_read_fd(struct vn_buf *b, int fd)
{
	int rc;

	for (;;) {
		ssize_t n;
		size_t want = 65536;

		if (b->cap - b->len < want)
			want = b->cap - b->len;
		if (want == 0) {
			char probe;

			n = read(fd, &probe, 1);
			if (n == 0)
				return VN_OK;
			return n < 0 ? VN_EIO : VN_ETOOBIG;
		}
		rc = vn_buf_grow(b, want);
		if (rc)
			return rc;
		n = read(fd, b->data + b->len, want);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return VN_EIO;
		}
		if (n == 0)
			return VN_OK;
		b->len += (size_t)n;
		b->data[b->len] = '\0';
	}
}

int vn_buf_read_file(struct vn_buf *b, const char *path)
{
	int fd, rc, saved;

	if (strcmp(path, "-") == 0)
		return vn_buf_read_fd(b, 0);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT ? VN_ENOTFOUND : VN_EIO;
	rc = vn_buf_read_fd(b, fd);
	saved = errno;
	close(fd);
	errno = saved;
	return rc;
}
