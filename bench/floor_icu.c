/* floor_icu.c — the floor of classification speed: one plain ICU pass over the same text
 * vnnews classify reads: UTF-8 -> UTF-16, NFC (UAX #15), full case folding, back to UTF-8.
 * No tokenization, no matching: what any ICU-based tagger must at least pay.
 * Input: a text file with one item per line (bench/run writes it from corpus-vi).
 * usage: floor_icu FILE   prints {"items":N,"bytes":N,"failed":N} on stdout. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/unorm2.h>
#include <unicode/ustring.h>

/* Converts one line; the buffers grow to the longest line and are reused. */
static int norm_line(const UNormalizer2 *nfc, const char *s, int32_t len,
		     UChar **u, int32_t *ucap, UChar **v, int32_t *vcap, char **o, int32_t *ocap)
{
	UErrorCode err;
	int32_t n, m, k;

	if (*ucap < len + 1) {
		*ucap = 2 * (len + 1);
		*u = realloc(*u, sizeof **u * (size_t)*ucap);
		*vcap = 2 * *ucap;
		*v = realloc(*v, sizeof **v * (size_t)*vcap);
		*ocap = 4 * *vcap;
		*o = realloc(*o, (size_t)*ocap);
		if (!*u || !*v || !*o)
			return -1;
	}
	err = U_ZERO_ERROR;
	u_strFromUTF8WithSub(*u, *ucap, &n, s, len, 0xFFFD, NULL, &err);
	if (U_FAILURE(err))
		return -1;
	m = unorm2_normalize(nfc, *u, n, *v, *vcap, &err);
	if (U_FAILURE(err))
		return -1;
	n = u_strFoldCase(*u, *ucap, *v, m, U_FOLD_CASE_DEFAULT, &err);
	if (U_FAILURE(err))
		return -1;
	u_strToUTF8(*o, *ocap, &k, *u, n, &err);
	return U_FAILURE(err) ? -1 : 0;
}

int main(int argc, char **argv)
{
	UErrorCode err = U_ZERO_ERROR;
	const UNormalizer2 *nfc = unorm2_getNFCInstance(&err);
	UChar *u = NULL, *v = NULL;
	char *o = NULL, *line = NULL;
	int32_t ucap = 0, vcap = 0, ocap = 0;
	size_t lcap = 0;
	ssize_t got;
	unsigned long long bytes = 0, items = 0, failed = 0;
	FILE *f;
	int rc = 2;

	if (argc != 2 || U_FAILURE(err)) {
		fprintf(stderr, "usage: floor_icu FILE\n");
		return 2;
	}
	f = fopen(argv[1], "rb");
	if (!f) {
		fprintf(stderr, "floor_icu: %s: cannot open\n", argv[1]);
		return 2;
	}
	while ((got = getline(&line, &lcap, f)) > 0) {
		if (got > 0x3fffffff)
			got = 0x3fffffff;
		items++;
		bytes += (unsigned long long)got;
		if (norm_line(nfc, line, (int32_t)got, &u, &ucap, &v, &vcap, &o, &ocap) != 0)
			failed++;
	}
	printf("{\"items\":%llu,\"bytes\":%llu,\"failed\":%llu}\n", items, bytes, failed);
	rc = 0;
	free(line);
	free(u);
	free(v);
	free(o);
	fclose(f);
	return rc;
}
