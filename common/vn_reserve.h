/* vn_reserve.h — an emergency memory reserve for libraries that mishandle a failed allocation.
 *
 * libxml2 2.9.14 and ICU 72 do not survive every NULL from malloc: libxml2's HTML parser
 * can spin forever or crash after a failed push onto one of its stacks, ICU's regex
 * compiler frees a half-built pattern through a NULL pointer.  Their allocator hooks
 * (xmlMemSetup, u_setMemoryFunctions) go through these functions instead, so that when
 * malloc fails the library gets a block from a static reserve and never sees the failure;
 * the caller learns of it (`fell_back`) and ends its work with an out-of-memory error.
 *
 * The reserve is a bump allocator: its blocks are never reused one by one, and it starts
 * again from the beginning when none of its blocks is still in use.  Thread-safe. */
#ifndef VN_RESERVE_H
#define VN_RESERVE_H

#include <stdbool.h>
#include <stddef.h>

/* malloc(n), else a block of the reserve (then *fell_back is set, when not NULL); NULL
 * only when the reserve is used up too. */
void *vn_reserve_malloc(size_t n, bool *fell_back);
/* realloc(p, n) for a block of malloc or of the reserve, with the same fallback. */
void *vn_reserve_realloc(void *p, size_t n, bool *fell_back);
/* malloc_usable_size() for a block of malloc or of the reserve. */
size_t vn_reserve_usable_size(void *p);
/* free() for a block of malloc or of the reserve; NULL is allowed. */
void vn_reserve_free(void *p);
/* Installs vn_reserve_* as ICU's allocator.  Call it first thing in main(), before any ICU
 * call; an ICU whose heap is already in use keeps the C library's. */
void vn_reserve_icu_install(void);

#endif
