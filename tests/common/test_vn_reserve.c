/* The emergency reserve gives blocks when malloc fails, keeps their bytes through realloc,
 * and starts over once every block is back.  malloc is made to fail for real: the address
 * space is capped just above what the process already maps. */
#include "harness.h"
#include "common/vn_reserve.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <unistd.h>

#define MB ((size_t)1 << 20)

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#endif

static struct rlimit saved;

/* Caps the address space 1 MB above its present size; false when that cannot be done. */
static bool cap_address_space(void)
{
	unsigned long pages = 0;
	struct rlimit r;
	FILE *f = fopen("/proc/self/statm", "r");

	if (!f)
		return false;
	if (fscanf(f, "%lu", &pages) != 1)
		pages = 0;
	fclose(f);
	if (!pages || getrlimit(RLIMIT_AS, &saved) != 0)
		return false;
	r = saved;
	r.rlim_cur = (rlim_t)pages * (rlim_t)sysconf(_SC_PAGESIZE) + MB;
	return setrlimit(RLIMIT_AS, &r) == 0;
}

static void uncap_address_space(void)
{
	setrlimit(RLIMIT_AS, &saved);
}

static void test_reserve_serves_when_malloc_fails(void)
{
	bool fell_back = false;
	unsigned char *a, *b, *c;
	void *probe;

	CHECK(cap_address_space());
	probe = malloc(3 * MB);
	CHECK(probe == NULL); /* the cap works: malloc itself fails */
	free(probe);

	a = vn_reserve_malloc(3 * MB, &fell_back);
	CHECK(a != NULL);
	CHECK(fell_back);
	if (!a) {
		uncap_address_space();
		return;
	}
	CHECK((uintptr_t)a % 16 == 0);
	for (size_t i = 0; i < 3 * MB; i++)
		a[i] = (unsigned char)(i * 7);
	CHECK(vn_reserve_usable_size(a) == 3 * MB);

	/* grows into a new reserve block with the old bytes */
	fell_back = false;
	b = vn_reserve_realloc(a, 4 * MB, &fell_back);
	CHECK(b != NULL);
	CHECK(fell_back);
	if (b) {
		size_t bad = 0;

		for (size_t i = 0; i < 3 * MB; i++)
			bad += b[i] != (unsigned char)(i * 7);
		CHECK(bad == 0);
	}
	/* 3 + 4 MB are taken (the first block is only given back when all are): 2 more
	 * do not fit, and a failed realloc leaves the block as it was */
	CHECK(vn_reserve_malloc(2 * MB, NULL) == NULL);
	CHECK(vn_reserve_realloc(b, 6 * MB, NULL) == NULL);
	CHECK(b && b[1] == 7);
	vn_reserve_free(b);

	/* every block is back: the whole reserve is there again */
	c = vn_reserve_malloc(7 * MB, NULL);
	CHECK(c != NULL);
	vn_reserve_free(c);
	CHECK(vn_reserve_malloc(9 * MB, NULL) == NULL); /* more than the reserve holds */
	uncap_address_space();
}

static void test_plain_blocks_pass_through(void)
{
	bool fell_back = false;
	char *p = vn_reserve_malloc(100, &fell_back), *q;

	CHECK(p != NULL);
	CHECK(!fell_back);
	if (!p)
		return;
	memcpy(p, "vnnews", 7);
	q = vn_reserve_realloc(p, 1000, &fell_back);
	CHECK(q != NULL);
	CHECK(!fell_back);
	CHECK_STR(q, "vnnews");
	CHECK(vn_reserve_realloc(q, 0, NULL) == NULL); /* frees, as realloc(p, 0) does */
	vn_reserve_free(NULL);
}

int main(void)
{
#ifdef UNDER_ASAN
	/* AddressSanitizer maps terabytes of shadow memory: no cap fits */
	TEST_RUN(test_plain_blocks_pass_through);
#else
	TEST_RUN(test_reserve_serves_when_malloc_fails);
	TEST_RUN(test_plain_blocks_pass_through);
#endif
	return test_done();
}
