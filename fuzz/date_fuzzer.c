/* date_fuzzer.c — fuzzes the date readers: the parser's date finder on page text
 * (parser/date.c: "30/11/2021 08:19:06 AM", "ngày 30 tháng 11 năm 2021", "SA"/"CH"), its
 * ISO-8601 meta reader and day finder, and grep's --since/--until check (corpus).
 *
 * Any text may hold no date, but a date that comes out must be a real calendar date in the
 * promised shape, "YYYY-MM-DDTHH:MM:SS+HH:MM" (25 bytes) or "YYYY-MM-DD" for a day: the
 * corpus sorts and filters on these strings.  (Merged from the parser's and the
 * reliability helper's versions.) */
#include "fuzz.h"

#include "corpus/corpus.h"
#include "parser/parser_int.h"

static int num(const char *s, size_t n)
{
	int v = 0;

	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

static int days_in(int y, int m)
{
	static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 && leap ? 29 : d[m - 1];
}

static void check_day(const char *s, const char *who)
{
	int y = num(s, 4), m = num(s + 5, 2), d = num(s + 8, 2);

	if (strlen(s) < 10 || s[4] != '-' || s[7] != '-' || y < 0 || m < 1 || m > 12 || d < 1)
		fuzz_fail("%s: not a YYYY-MM-DD date: \"%s\"", who, s);
	if (d > days_in(y, m))
		fuzz_fail("%s: no such day: \"%s\"", who, s);
}

static void check_iso(const char *s, const char *who)
{
	size_t n = strnlen(s, 32);

	if (n >= 32)
		fuzz_fail("%s: ISO date not terminated within 32 bytes", who);
	check_day(s, who);
	if (n != 25 || s[10] != 'T' || s[13] != ':' || s[16] != ':' ||
	    (s[19] != '+' && s[19] != '-') || s[22] != ':')
		fuzz_fail("%s: not YYYY-MM-DDTHH:MM:SS+HH:MM: \"%s\"", who, s);
	if (num(s + 11, 2) > 23 || num(s + 14, 2) > 59 || num(s + 17, 2) > 60 ||
	    num(s + 11, 2) < 0 || num(s + 14, 2) < 0 || num(s + 17, 2) < 0 ||
	    num(s + 20, 2) < 0 || num(s + 20, 2) > 14 || num(s + 23, 2) < 0)
		fuzz_fail("%s: time out of range: \"%s\"", who, s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char iso[32], day[11], err[256];
	char *s = fuzz_strndup(data, size);

	if (!s)
		return 0;
	memset(iso, 0, sizeof iso);
	if (parser_date_find(s, size, iso))
		check_iso(iso, "parser_date_find");
	memset(iso, 0, sizeof iso);
	if (parser_date_parse_iso(s, iso))
		check_iso(iso, "parser_date_parse_iso");
	memset(day, 0, sizeof day);
	if (parser_date_find_day(s, size, size < 64 ? size : 64, day)) {
		if (day[10] != '\0')
			fuzz_fail("parser_date_find_day: day not terminated");
		check_day(day, "parser_date_find_day");
	}
	err[0] = '\0';
	if (corpus_date_check(s, err, sizeof err) != VN_OK && !err[0])
		fuzz_fail("corpus_date_check refused \"%.40s\" without saying why", s);
	free(s);
	return 0;
}
