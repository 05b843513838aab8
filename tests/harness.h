/* harness.h — a tiny test harness (after cmark's api_test/harness.h).
 *
 * A test program calls TEST_RUN(fn) for each case; CHECK* macros record failures with the
 * file and line and the values compared; test_done() prints "N passed, N failed" and
 * returns the exit code meson reads (0 only when nothing failed). */
#ifndef TEST_HARNESS_H
#define TEST_HARNESS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int test_failures_;
static int test_checks_failed_in_case_;
static int test_cases_passed_;
static int test_cases_failed_;

#define CHECK(cond) do { \
	if (!(cond)) { \
		fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
		test_failures_++; test_checks_failed_in_case_++; \
	} } while (0)

#define CHECK_INT(a, b) do { \
	long long a_ = (long long)(a), b_ = (long long)(b); \
	if (a_ != b_) { \
		fprintf(stderr, "%s:%d: %s == %s failed: %lld != %lld\n", __FILE__, __LINE__, \
			#a, #b, a_, b_); \
		test_failures_++; test_checks_failed_in_case_++; \
	} } while (0)

#define CHECK_STR(a, b) do { \
	const char *a_ = (a), *b_ = (b); \
	if (!a_ || !b_ || strcmp(a_, b_) != 0) { \
		fprintf(stderr, "%s:%d: %s == %s failed:\n  got:      \"%s\"\n  expected: \"%s\"\n", \
			__FILE__, __LINE__, #a, #b, a_ ? a_ : "(null)", b_ ? b_ : "(null)"); \
		test_failures_++; test_checks_failed_in_case_++; \
	} } while (0)

#define CHECK_CONTAINS(hay, needle) do { \
	const char *h_ = (hay), *n_ = (needle); \
	if (!h_ || !n_ || !strstr(h_, n_)) { \
		fprintf(stderr, "%s:%d: %s does not contain \"%s\"\n", __FILE__, __LINE__, \
			#hay, n_ ? n_ : "(null)"); \
		test_failures_++; test_checks_failed_in_case_++; \
	} } while (0)

#define CHECK_NOT_CONTAINS(hay, needle) do { \
	const char *h_ = (hay), *n_ = (needle); \
	if (h_ && n_ && strstr(h_, n_)) { \
		fprintf(stderr, "%s:%d: %s contains \"%s\", which it must not\n", __FILE__, \
			__LINE__, #hay, n_); \
		test_failures_++; test_checks_failed_in_case_++; \
	} } while (0)

#define TEST_RUN(fn) do { \
	test_checks_failed_in_case_ = 0; \
	fn(); \
	if (test_checks_failed_in_case_) { \
		test_cases_failed_++; fprintf(stderr, "FAIL %s\n", #fn); \
	} else { \
		test_cases_passed_++; fprintf(stderr, "ok   %s\n", #fn); \
	} } while (0)

static inline int test_done(void)
{
	fprintf(stderr, "%d passed, %d failed\n", test_cases_passed_, test_cases_failed_);
	return test_failures_ ? 1 : 0;
}

/* The shared data folder: $VNNEWS_SHARED (set by meson to <source>/../shared). */
static inline const char *test_shared_dir(void)
{
	const char *d = getenv("VNNEWS_SHARED");
	return d ? d : "../shared";
}

#endif
