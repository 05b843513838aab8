/* fuzz.h — what every fuzz target in fuzz/ shares (after wget2's fuzz/fuzzer.h).
 *
 * A target defines LLVMFuzzerTestOneInput().  The same source is linked two ways: with
 * libFuzzer (-fsanitize=fuzzer, build-fuzz/, driven by fuzz/run) and with the plain replay
 * driver tests/fuzz/replay.c, which feeds every committed seed and crash reproducer through
 * the target in the normal and sanitizer test builds.  So a target must be deterministic,
 * free everything it allocates, and report a broken invariant with fuzz_fail() (abort),
 * which both drivers treat as a crash. */
#ifndef FUZZ_H
#define FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Reports a broken invariant and aborts, so libFuzzer saves the input as a crash. */
#define fuzz_fail(...) do { \
	fprintf(stderr, "%s:%d: invariant broken: ", __FILE__, __LINE__); \
	fprintf(stderr, __VA_ARGS__); \
	fputc('\n', stderr); \
	abort(); \
} while (0)

/* A NUL-terminated copy of `size` bytes (NULs inside are kept), or NULL when out of memory:
 * the public APIs take C strings. */
static inline char *fuzz_strndup(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (s) {
		if (size)
			memcpy(s, data, size);
		s[size] = '\0';
	}
	return s;
}

/* Splits the input at the first '\n' into a head (NUL-terminated copy) and a tail: one
 * input carries two arguments (a base URL and a URL, an agent and a robots.txt). */
static inline char *fuzz_split_line(const uint8_t *data, size_t size,
				    const uint8_t **tail, size_t *tail_len)
{
	const uint8_t *nl = size ? memchr(data, '\n', size) : NULL;
	size_t head = nl ? (size_t)(nl - data) : size;

	*tail = nl ? nl + 1 : data + size;
	*tail_len = nl ? size - head - 1 : 0;
	return fuzz_strndup(data, head);
}

/* Whether `s[0..len)` is well-formed UTF-8 (no overlongs, surrogates or values past
 * U+10FFFF): the parser and the classifier promise it for everything they hand out. */
static inline int fuzz_utf8_valid(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + len;

	while (p < end) {
		unsigned c = *p++;
		size_t n;
		unsigned cp, min;

		if (c < 0x80)
			continue;
		if (c >= 0xC2 && c <= 0xDF) { n = 1; cp = c & 0x1F; min = 0x80; }
		else if (c >= 0xE0 && c <= 0xEF) { n = 2; cp = c & 0x0F; min = 0x800; }
		else if (c >= 0xF0 && c <= 0xF4) { n = 3; cp = c & 0x07; min = 0x10000; }
		else return 0;
		if ((size_t)(end - p) < n)
			return 0;
		for (size_t i = 0; i < n; i++) {
			if ((p[i] & 0xC0) != 0x80)
				return 0;
			cp = (cp << 6) | (p[i] & 0x3F);
		}
		p += n;
		if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			return 0;
	}
	return 1;
}

#endif
