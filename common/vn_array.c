/* vn_array.c — see vn_array.h.  Doubling keeps appends amortized O(1). */
#include "common/vn_array.h"

#include <stdint.h>
#include <stdlib.h>

void *vn_array_room(void *v, size_t *alloc, size_t n, size_t size, size_t first)
{
	size_t na;
	void *nv;

	if (n < *alloc)
		return v;
	if (*alloc > SIZE_MAX / 2)
		return NULL;
	na = *alloc ? *alloc * 2 : first;
	if (na <= n)
		na = n + 1;
	if (size && na > SIZE_MAX / size)
		return NULL;
	if (!(nv = realloc(v, na * size)))
		return NULL;
	*alloc = na;
	return nv;
}
