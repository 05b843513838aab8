/* vn_array_room grows an array geometrically, keeps what it held, and refuses sizes that
 * would overflow without touching the array. */
#include <stdint.h>
#include <stdlib.h>

#include "harness.h"
#include "common/vn_array.h"

static void test_appends_keep_contents(void)
{
	int *v = NULL, *nv;
	size_t n = 0, alloc = 0, grows = 0;

	for (int i = 0; i < 1000; i++) {
		size_t before = alloc;

		nv = vn_array_room(v, &alloc, n, sizeof *v, 4);
		CHECK(nv != NULL);
		if (!nv)
			break;
		v = nv;
		grows += alloc != before;
		v[n++] = i;
	}
	CHECK_INT(n, 1000);
	CHECK(alloc >= 1000);
	CHECK_INT(grows, 9); /* 4, 8, ..., 1024: doubling, not one realloc per element */
	for (size_t i = 0; i < n; i++)
		if (v[i] != (int)i) {
			CHECK_INT(v[i], (int)i);
			break;
		}
	free(v);
}

static void test_room_left_returns_same_array(void)
{
	char *v = malloc(8);
	size_t alloc = 8;

	CHECK(v != NULL);
	CHECK(vn_array_room(v, &alloc, 7, 1, 4) == v);
	CHECK_INT(alloc, 8);
	free(v);
}

static void test_overflow_refused_array_kept(void)
{
	char *v = malloc(16);
	size_t alloc = 16;

	CHECK(v != NULL);
	CHECK(vn_array_room(v, &alloc, 16, SIZE_MAX / 16, 4) == NULL);
	CHECK_INT(alloc, 16);
	v[15] = 'x'; /* still ours: ASan would flag a freed block */
	free(v);
}

int main(void)
{
	TEST_RUN(test_appends_keep_contents);
	TEST_RUN(test_room_left_returns_same_array);
	TEST_RUN(test_overflow_refused_array_kept);
	return test_done();
}
