/* vn_array.h — room for one more element in a growable array of any type.
 *
 * vnnews keeps typed arrays as (pointer, count, allocated) triples; this is the one place
 * that grows them: geometrically (first `first` elements, then doubling) with the size
 * product checked for overflow. */
#ifndef VN_ARRAY_H
#define VN_ARRAY_H

#include <stddef.h>

/* Returns `v` grown, if needed, so that element `n` fits, and updates `*alloc`; NULL when
 * memory runs out (then `v` is untouched and still the caller's).  Usage:
 *     struct item *nv = vn_array_room(a->v, &a->alloc, a->n, sizeof *nv, 16);
 *     if (!nv) return VN_ENOMEM;
 *     a->v = nv; */
void *vn_array_room(void *v, size_t *alloc, size_t n, size_t size, size_t first);

#endif
