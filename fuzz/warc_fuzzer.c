/* warc_fuzzer.c — libFuzzer target for the WARC reader and the HTTP response decoder
 * (crawler/warc_read.c), the code that reads files other tools wrote.
 *
 * The input goes through a memfd so the reader runs its real file path (gzip detection,
 * member-by-member inflate, seeks); every kept response block is then parsed as HTTP with a
 * small body cap.  tests/archive replays fuzz/corpus/warc/ through this function. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

#include "crawler/warc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct crawler_warc_reader *r = NULL;
	struct crawler_warc_record rec;
	char path[64], err[256];
	int fd = memfd_create("warc", 0), n = 0;
	bool eof = false;

	if (fd < 0)
		return 0;
	if (write(fd, data, size) != (ssize_t)size)
		goto out;
	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	crawler_warc_record_init(&rec);
	if (crawler_warc_reader_open(path, 1 << 20, &r, err, sizeof err))
		goto out;
	while (n++ < 1000 && !crawler_warc_reader_next(r, true, &rec, &eof, err, sizeof err) &&
	       !eof) {
		struct crawler_http_response h;

		if (rec.block_kept && !crawler_http_response_parse(rec.block.data, rec.block.len,
								   1 << 20, &h, err, sizeof err))
			crawler_http_response_release(&h);
		if (rec.own_member && rec.length > 0 && n == 2) {
			/* A pointer the reader handed out must read back. */
			if (crawler_warc_reader_seek(r, rec.offset) ||
			    crawler_warc_reader_next(r, false, &rec, &eof, err, sizeof err))
				break;
		}
	}
	crawler_warc_record_release(&rec);
out:
	crawler_warc_reader_free(r);
	close(fd);
	return 0;
}
