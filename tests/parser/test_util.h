/* test_util.h — reading whole files and extracting pages for the parser tests. */
#ifndef TEST_PARSER_UTIL_H
#define TEST_PARSER_UTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parser/parser.h"

/* The file's bytes (NUL-terminated, caller frees) or NULL; `*len` gets the size. */
static inline char *test_read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long n;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0) {
		buf = malloc((size_t)n + 1);
		if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
			free(buf);
			buf = NULL;
		}
		if (buf) {
			buf[n] = '\0';
			*len = (size_t)n;
		}
	}
	fclose(f);
	return buf;
}

/* Extracts `dir`/`name`; returns the parser's code (VN_EIO when the file is missing). */
static inline int test_extract_file(const char *dir, const char *name, const char *url,
				    struct parser_article *a)
{
	char path[4096];
	size_t len = 0;
	char *data;
	struct parser_input in = { 0 };
	int rc;

	memset(a, 0, sizeof *a);
	if (snprintf(path, sizeof path, "%s/%s", dir, name) >= (int)sizeof path)
		return VN_ETOOBIG;
	data = test_read_file(path, &len);
	if (!data) {
		fprintf(stderr, "cannot read %s\n", path);
		return VN_EIO;
	}
	in.data = data;
	in.len = len;
	in.url = url;
	rc = parser_article_extract(&in, a);
	free(data);
	return rc;
}

#endif
