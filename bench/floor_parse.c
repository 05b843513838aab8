/* floor_parse.c — the floor of extraction speed: libxml2's bare HTML parse of the same
 * bytes vnnews extract reads, nothing else (no charset work beyond libxml2's own, no tree
 * walk, no output).  bench/run compares vnnews's pages/s with this figure.
 * Parser options are the ones an extractor must use on hostile input: recover mode, no
 * network, no error output.  Each file is read whole and parsed from memory, as vnnews does.
 * usage: floor_parse FILE...   prints {"pages":N,"bytes":N,"failed":N} on stdout. */
#include <stdio.h>
#include <stdlib.h>

#include <libxml/HTMLparser.h>

static int read_file(const char *path, char **out, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n = 0;
	int rc = -1;

	if (!f)
		goto out;
	for (;;) {
		size_t got;

		if (n == cap) {
			char *grown;

			cap = cap ? cap * 2 : 65536;
			grown = realloc(buf, cap);
			if (!grown)
				goto out;
			buf = grown;
		}
		got = fread(buf + n, 1, cap - n, f);
		n += got;
		if (got == 0)
			break;
	}
	if (ferror(f))
		goto out;
	*out = buf;
	*len = n;
	buf = NULL;
	rc = 0;
out:
	free(buf);
	if (f)
		fclose(f);
	return rc;
}

int main(int argc, char **argv)
{
	const int opts = HTML_PARSE_RECOVER | HTML_PARSE_NONET | HTML_PARSE_NOERROR |
			 HTML_PARSE_NOWARNING | HTML_PARSE_COMPACT;
	unsigned long long bytes = 0;
	int failed = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: floor_parse FILE...\n");
		return 2;
	}
	xmlInitParser();
	for (int i = 1; i < argc; i++) {
		char *buf = NULL;
		size_t len = 0;
		htmlDocPtr doc;

		if (read_file(argv[i], &buf, &len) != 0 || len > (size_t)0x7fffffff) {
			fprintf(stderr, "floor_parse: %s: cannot read\n", argv[i]);
			free(buf);
			failed++;
			continue;
		}
		bytes += len;
		doc = htmlReadMemory(buf, (int)len, NULL, NULL, opts);
		if (!doc)
			failed++;
		xmlFreeDoc(doc);
		free(buf);
	}
	xmlCleanupParser();
	printf("{\"pages\":%d,\"bytes\":%llu,\"failed\":%d}\n", argc - 1, bytes, failed);
	return 0;
}
