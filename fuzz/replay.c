/* replay.c — runs a fuzz target over files named on the command line (the seed corpus and
 * crash reproducers), so the normal test suite, under ASan too, replays them without
 * libFuzzer. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "common/vn_buf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int main(int argc, char **argv)
{
	int i, failed = 0;

	for (i = 1; i < argc; i++) {
		struct vn_buf b;

		vn_buf_init(&b, (size_t)16 << 20);
		if (vn_buf_read_file(&b, argv[i])) {
			fprintf(stderr, "replay: %s: cannot read\n", argv[i]);
			failed = 1;
		} else {
			LLVMFuzzerTestOneInput((const uint8_t *)b.data, b.len);
		}
		vn_buf_release(&b);
	}
	fprintf(stderr, "replay: %d inputs\n", argc - 1);
	return failed;
}
