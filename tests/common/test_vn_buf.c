/* The buffer keeps its invariants: never NULL, NUL-terminated, never past its cap. */
#include <fcntl.h>
#include <unistd.h>

#include "harness.h"
#include "common/vn_buf.h"

static void test_empty_buffer_is_empty_string(void)
{
	struct vn_buf b;

	vn_buf_init(&b, 100);
	CHECK(b.data != NULL);
	CHECK_STR(b.data, "");
	CHECK_INT(b.len, 0);
	vn_buf_release(&b);
	CHECK(b.data != NULL);
}

static void test_add_keeps_nul_terminated(void)
{
	struct vn_buf b;

	vn_buf_init(&b, 1000);
	CHECK_INT(vn_buf_adds(&b, "Điện "), VN_OK);
	CHECK_INT(vn_buf_adds(&b, "Biên"), VN_OK);
	CHECK_STR(b.data, "Điện Biên");
	CHECK_INT(b.len, strlen("Điện Biên"));
	CHECK_INT(vn_buf_addf(&b, " %d/%s", 4588, "UBND-VX"), VN_OK);
	CHECK_STR(b.data, "Điện Biên 4588/UBND-VX");
	CHECK_INT(b.data[b.len], '\0');
	vn_buf_release(&b);
}

static void test_cap_is_respected_and_contents_kept(void)
{
	struct vn_buf b;

	vn_buf_init(&b, 8);
	CHECK_INT(vn_buf_adds(&b, "12345678"), VN_OK);
	CHECK_INT(vn_buf_addc(&b, '9'), VN_ETOOBIG);
	CHECK_STR(b.data, "12345678");
	CHECK_INT(vn_buf_addf(&b, "%s", "more"), VN_ETOOBIG);
	CHECK_INT(b.len, 8);
	vn_buf_reset(&b);
	CHECK_INT(vn_buf_adds(&b, "123456789"), VN_ETOOBIG);
	CHECK_STR(b.data, "");
	vn_buf_release(&b);
}

static void test_detach_hands_over_ownership(void)
{
	struct vn_buf b;
	size_t len = 0;
	char *s;

	vn_buf_init(&b, 100);
	CHECK_INT(vn_buf_adds(&b, "họp"), VN_OK);
	s = vn_buf_detach(&b, &len);
	CHECK_STR(s, "họp");
	CHECK_INT(len, strlen("họp"));
	CHECK_STR(b.data, "");
	CHECK_INT(b.len, 0);
	free(s);
	s = vn_buf_detach(&b, &len);
	CHECK_STR(s, "");
	CHECK_INT(len, 0);
	free(s);
}

static void test_read_file_respects_cap(void)
{
	struct vn_buf b;
	char path[] = "/tmp/vnbufXXXXXX";
	int fd = mkstemp(path);

	CHECK(fd >= 0);
	CHECK_INT(write(fd, "0123456789", 10), 10);
	close(fd);
	vn_buf_init(&b, 10);
	CHECK_INT(vn_buf_read_file(&b, path), VN_OK);
	CHECK_STR(b.data, "0123456789");
	vn_buf_release(&b);
	vn_buf_init(&b, 9);
	CHECK_INT(vn_buf_read_file(&b, path), VN_ETOOBIG);
	vn_buf_release(&b);
	unlink(path);
	CHECK_INT(vn_buf_read_file(&b, "/nonexistent/vnnews"), VN_ENOTFOUND);
}

int main(void)
{
	TEST_RUN(test_empty_buffer_is_empty_string);
	TEST_RUN(test_add_keeps_nul_terminated);
	TEST_RUN(test_cap_is_respected_and_contents_kept);
	TEST_RUN(test_detach_hands_over_ownership);
	TEST_RUN(test_read_file_respects_cap);
	return test_done();
}
