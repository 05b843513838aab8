/* vn_reserve.c — see vn_reserve.h. */
#include "common/vn_reserve.h"

#include <malloc.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uclean.h>

/* Enough for libxml2 to finish the chunk it is parsing and for ICU to finish one call;
 * untouched pages of it cost no memory. */
#define RESERVE_SIZE ((size_t)8 << 20)
#define ALIGN 16

/* Each block is preceded by its size, in ALIGN bytes so the block stays aligned. */
struct header {
	size_t size;
	char pad[ALIGN - sizeof(size_t)];
};

static _Alignas(ALIGN) unsigned char reserve[RESERVE_SIZE];
static size_t used;
static size_t live;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static bool owned(const void *p)
{
	uintptr_t a = (uintptr_t)p, base = (uintptr_t)reserve;

	return a >= base && a < base + RESERVE_SIZE;
}

static void *reserve_take(size_t n)
{
	size_t need;
	struct header *h = NULL;

	if (n > RESERVE_SIZE)
		return NULL;
	need = sizeof *h + ((n + ALIGN - 1) & ~(size_t)(ALIGN - 1));
	pthread_mutex_lock(&lock);
	if (need <= RESERVE_SIZE - used) {
		h = (struct header *)(reserve + used);
		h->size = n;
		used += need;
		live++;
	}
	pthread_mutex_unlock(&lock);
	return h ? h + 1 : NULL;
}

static void reserve_give_back(void)
{
	pthread_mutex_lock(&lock);
	if (live && --live == 0)
		used = 0;
	pthread_mutex_unlock(&lock);
}

size_t vn_reserve_usable_size(void *p)
{
	return owned(p) ? ((struct header *)p - 1)->size : malloc_usable_size(p);
}

void *vn_reserve_malloc(size_t n, bool *fell_back)
{
	void *p = malloc(n);

	if (p || !n)
		return p;
	if (fell_back)
		*fell_back = true;
	return reserve_take(n);
}

void *vn_reserve_realloc(void *p, size_t n, bool *fell_back)
{
	void *q;
	size_t old;

	if (!p)
		return vn_reserve_malloc(n, fell_back);
	if (!n) {
		vn_reserve_free(p);
		return NULL;
	}
	if (!owned(p)) {
		q = realloc(p, n);
		if (q)
			return q;
	}
	/* a reserve block cannot grow in place; a failed realloc leaves p as it was */
	q = vn_reserve_malloc(n, fell_back);
	if (!q)
		return NULL;
	old = vn_reserve_usable_size(p);
	memcpy(q, p, old < n ? old : n);
	vn_reserve_free(p);
	return q;
}

void vn_reserve_free(void *p)
{
	if (!p)
		return;
	if (owned(p))
		reserve_give_back();
	else
		free(p);
}

static void *U_CALLCONV icu_alloc(const void *context, size_t n)
{
	(void)context;
	return vn_reserve_malloc(n, NULL);
}

static void *U_CALLCONV icu_realloc(const void *context, void *p, size_t n)
{
	(void)context;
	return vn_reserve_realloc(p, n, NULL);
}

static void U_CALLCONV icu_free(const void *context, void *p)
{
	(void)context;
	vn_reserve_free(p);
}

void vn_reserve_icu_install(void)
{
	UErrorCode st = U_ZERO_ERROR;

	u_setMemoryFunctions(NULL, icu_alloc, icu_realloc, icu_free, &st);
}
