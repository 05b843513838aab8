/* warc_fixture.c — writes the test fetches into a WARC file in the directory argv[1] and
 * prints the file's path, for the independent readers run by warc_readers.sh. */
#include <stdio.h>

#include "warc_fixture.h"

int main(int argc, char **argv)
{
	struct crawler_warc_writer *w = NULL;
	struct crawler_warc_loc loc = { 0 };
	char gz[4096];
	int i, rc;

	if (argc != 2) {
		fprintf(stderr, "usage: warc_fixture DIR\n");
		return 2;
	}
	if ((rc = crawler_warc_writer_open(argv[1], "fixture", 0, &w)))
		goto out;
	for (i = 0; i < FX_N; i++) {
		struct crawler_warc_fetch f;

		fx_fetch(i, &f, gz);
		crawler_warc_loc_release(&loc);
		if ((rc = crawler_warc_write_fetch(w, &f, &loc)))
			goto out;
	}
	rc = crawler_warc_writer_close(w);
	w = NULL;
	if (!rc)
		printf("%s\n", loc.file);
out:
	crawler_warc_writer_free(w);
	crawler_warc_loc_release(&loc);
	if (rc)
		fprintf(stderr, "warc_fixture: %s: %s\n", argv[1], vn_strerror(rc));
	return rc ? 1 : 0;
}
