/* Every error code has its own message, and unknown codes still get a sentence. */
#include "harness.h"
#include "common/vn_error.h"

static void test_each_code_has_distinct_message(void)
{
	for (int a = VN_ERROR_MIN; a <= 0; a++) {
		CHECK(vn_strerror(a) != NULL);
		CHECK(strcmp(vn_strerror(a), "unknown error") != 0);
		for (int b = VN_ERROR_MIN; b < a; b++)
			CHECK(strcmp(vn_strerror(a), vn_strerror(b)) != 0);
	}
}

static void test_unknown_code_is_named_unknown(void)
{
	CHECK_STR(vn_strerror(-999), "unknown error");
	CHECK_STR(vn_strerror(42), "unknown error");
}

static void test_codes_are_negative(void)
{
	CHECK(VN_ENOMEM < 0);
	CHECK(VN_ELOCKED < 0);
	CHECK_INT(VN_OK, 0);
}

int main(void)
{
	TEST_RUN(test_each_code_has_distinct_message);
	TEST_RUN(test_unknown_code_is_named_unknown);
	TEST_RUN(test_codes_are_negative);
	return test_done();
}
