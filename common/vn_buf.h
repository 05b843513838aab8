/* vn_buf.h — the one growable byte buffer of vnnews (after git's strbuf and curl's dynbuf).
 *
 * Invariants, true after vn_buf_init() and after every call below, even a failed one:
 *   - `data` is never NULL (an empty buffer points at a shared static "");
 *   - `data[len] == '\0'`, so the contents can be used as a C string when they hold no NUL;
 *   - `len <= cap`: every buffer has a size cap, and growth past it fails with VN_ETOOBIG
 *     leaving the contents unchanged.  A buffer that holds outside bytes without a cap is a bug.
 * Ownership: vn_buf_release() frees the contents; vn_buf_detach() hands them to the caller,
 * who frees them with free(). */
#ifndef VN_BUF_H
#define VN_BUF_H

#include <stdarg.h>
#include <stddef.h>

#include "common/vn_error.h"

struct vn_buf {
	char *data;
	size_t len;   /* bytes in use, not counting the terminating NUL */
	size_t alloc; /* bytes allocated, 0 while `data` points at the static "" */
	size_t cap;   /* the most `len` may ever be */
};

#define VN_BUF_CAP_DEFAULT ((size_t)64 << 20)

/* Sets up an empty buffer that may grow to `cap` bytes; allocates nothing. */
void vn_buf_init(struct vn_buf *b, size_t cap);
/* Frees the contents; the buffer is empty and usable again (same cap). */
void vn_buf_release(struct vn_buf *b);
/* Empties the buffer, keeping its memory. */
void vn_buf_reset(struct vn_buf *b);
/* Makes room for `extra` more bytes.  VN_ETOOBIG past the cap, VN_ENOMEM. */
int vn_buf_grow(struct vn_buf *b, size_t extra) VN_WUR;
int vn_buf_add(struct vn_buf *b, const void *p, size_t n) VN_WUR;
int vn_buf_adds(struct vn_buf *b, const char *s) VN_WUR;
int vn_buf_addc(struct vn_buf *b, char c) VN_WUR;
int vn_buf_addf(struct vn_buf *b, const char *fmt, ...) VN_WUR VN_PRINTF(2, 3);
int vn_buf_vaddf(struct vn_buf *b, const char *fmt, va_list ap) VN_WUR VN_PRINTF(2, 0);
/* Shortens the contents to `len` bytes (no-op when already shorter). */
void vn_buf_truncate(struct vn_buf *b, size_t len);
/* Hands the contents to the caller, who frees them with free(); `*len_out` (if not NULL)
 * gets the length.  The buffer is left empty.  Returns NULL only on VN_ENOMEM. */
char *vn_buf_detach(struct vn_buf *b, size_t *len_out) VN_WUR;
/* Appends a whole file ("-" is standard input).  VN_ETOOBIG if it passes the cap,
 * VN_EIO / VN_ENOTFOUND with errno set. */
int vn_buf_read_file(struct vn_buf *b, const char *path) VN_WUR;
int vn_buf_read_fd(struct vn_buf *b, int fd) VN_WUR;

#endif
