/* failmalloc.c — an LD_PRELOAD shim that makes one allocation (or every allocation from
 * one on) fail, to show that vnnews survives running out of memory anywhere: it must
 * return an error and exit, never crash, and never leave half an article in the corpus.
 *
 * Environment:
 *   VNNEWS_FAIL_ALLOC=N   the Nth call to malloc/calloc/realloc (counted from 1, from
 *                         process start) returns NULL with errno ENOMEM; 0 or unset: none
 *   VNNEWS_FAIL_MODE=all  every call from the Nth on fails (a real exhaustion), not only
 *                         the Nth (the default, "once", reaches recovery paths too)
 *   VNNEWS_ALLOC_COUNT=F  at exit, write the number of calls counted to file F, so a
 *                         driver can spread failure points over the whole run
 * Calls with a size of 0 and realloc(p, 0) are not counted.  Only the plain build uses it:
 * ASan replaces malloc itself, so tests skip under sanitizers. */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void *malloc(size_t n);
void *calloc(size_t n, size_t m);
void *realloc(void *p, size_t n);
void free(void *p);

static void *(*real_malloc)(size_t);
static void *(*real_calloc)(size_t, size_t);
static void *(*real_realloc)(void *, size_t);
static void (*real_free)(void *);

static atomic_ulong calls;
static unsigned long fail_at;
static bool fail_all;
static const char *count_file;
static int ready;

/* dlsym() may allocate (calloc) before real_calloc is known: serve it from here. */
static char boot[4096];
static size_t boot_used;

static void *boot_alloc(size_t n)
{
	void *p;

	n = (n + 15) & ~(size_t)15;
	if (boot_used + n > sizeof boot)
		return NULL;
	p = boot + boot_used;
	boot_used += n;
	return p;
}

static void write_count(void)
{
	char buf[32];
	int fd, len;

	if (!count_file)
		return;
	fd = open(count_file, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		return;
	len = snprintf(buf, sizeof buf, "%lu\n", (unsigned long)atomic_load(&calls));
	if (len > 0 && write(fd, buf, (size_t)len) < 0)
		len = -1;
	close(fd);
}

static void init(void)
{
	const char *v;
	void *sym;

	if (ready)
		return;
	ready = -1; /* in progress: allocations now come from boot[] */
	/* memcpy: ISO C has no cast from an object pointer to a function pointer */
	sym = dlsym(RTLD_NEXT, "malloc");
	memcpy(&real_malloc, &sym, sizeof sym);
	sym = dlsym(RTLD_NEXT, "calloc");
	memcpy(&real_calloc, &sym, sizeof sym);
	sym = dlsym(RTLD_NEXT, "realloc");
	memcpy(&real_realloc, &sym, sizeof sym);
	sym = dlsym(RTLD_NEXT, "free");
	memcpy(&real_free, &sym, sizeof sym);
	v = getenv("VNNEWS_FAIL_ALLOC");
	fail_at = v ? strtoul(v, NULL, 10) : 0;
	v = getenv("VNNEWS_FAIL_MODE");
	fail_all = v && strcmp(v, "all") == 0;
	count_file = getenv("VNNEWS_ALLOC_COUNT");
	ready = 1;
	if (count_file)
		atexit(write_count);
}

static bool should_fail(void)
{
	unsigned long n = atomic_fetch_add(&calls, 1) + 1;

	if (!fail_at)
		return false;
	if (n == fail_at || (fail_all && n > fail_at)) {
		errno = ENOMEM;
		return true;
	}
	return false;
}

void *malloc(size_t n)
{
	if (ready <= 0) {
		if (ready < 0)
			return boot_alloc(n);
		init();
	}
	if (n && should_fail())
		return NULL;
	return real_malloc(n);
}

void *calloc(size_t n, size_t m)
{
	if (ready <= 0) {
		if (ready < 0) {
			void *p = boot_alloc(n * m);

			if (p)
				memset(p, 0, n * m);
			return p;
		}
		init();
	}
	if (n && m && should_fail())
		return NULL;
	return real_calloc(n, m);
}

void *realloc(void *p, size_t n)
{
	if (ready <= 0)
		init();
	if (p && (char *)p >= boot && (char *)p < boot + sizeof boot) {
		void *q = malloc(n);

		if (q)
			memcpy(q, p, n < sizeof boot ? n : sizeof boot);
		return q;
	}
	if (n && should_fail())
		return NULL;
	return real_realloc(p, n);
}

void free(void *p)
{
	if (!p || ((char *)p >= boot && (char *)p < boot + sizeof boot))
		return;
	if (ready <= 0)
		init();
	real_free(p);
}
