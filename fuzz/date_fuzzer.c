/* date_fuzzer.c — fuzzes the date finder (parser/date.c) on arbitrary text: every date it
 * reports is a real calendar date in the ISO 8601 shape "YYYY-MM-DDThh:mm:ss+hh:mm". */
#include "fuzz.h"

#include "parser/parser_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char iso[32], day[11];
	char *s = fuzz_strndup(data, size);

	if (!s)
		return 0;
	if (parser_date_find(s, size, iso)) {
		if (strlen(iso) != 25 || iso[4] != '-' || iso[7] != '-' || iso[10] != 'T' ||
		    iso[13] != ':' || iso[16] != ':' || (iso[19] != '+' && iso[19] != '-'))
			fuzz_fail("malformed ISO date %s", iso);
	}
	if (parser_date_parse_iso(s, iso) && strlen(iso) != 25)
		fuzz_fail("malformed ISO date from meta %s", iso);
	if (parser_date_find_day(s, size, size, day) && strlen(day) != 10)
		fuzz_fail("malformed day %s", day);
	free(s);
	return 0;
}
