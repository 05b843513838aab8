/* date.c — publication dates as Vietnamese portals print them, to ISO 8601.
 *
 * Recognized: "30/11/2021 08:19:06 AM", "Ngày đăng 01/08/2021 | 15:44", "Thứ Sáu,
 * 18/06/2021, 18:27 [GMT+7]", "(Ngày đăng :01/01/2023 12:00:00 SA)" (SA = sáng = AM,
 * CH = chiều = PM), "ngày 30 tháng 11 năm 2021", "30-11-2021", ISO dates in meta tags.
 * A time is taken when it stands within a few characters before or after the date.  The
 * offset is Vietnam's +07:00 unless the page states another.  Where the date comes from
 * matters as much as its format: meta tags, then elements whose class names a date near
 * the main content, then date lines next to it, and only then the lead sentence (flagged
 * as inferred). */
#include "parser/parser_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

struct dt {
	int y, mo, d, h, mi, s;
	bool has_time;
	int off_min; /* offset from UTC in minutes */
};

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Reads 1..maxd digits at s[*i]; returns the number or -1. */
static int read_num(const char *s, size_t len, size_t *i, int maxd)
{
	int v = 0, n = 0;

	while (*i < len && is_digit(s[*i]) && n < maxd) {
		v = v * 10 + (s[*i] - '0');
		(*i)++;
		n++;
	}
	if (n == 0 || (*i < len && is_digit(s[*i])))
		return -1;
	return v;
}

static bool valid_date(int y, int mo, int d)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (y < 1990 || y > 2099 || mo < 1 || mo > 12 || d < 1)
		return false;
	if (d > mdays[mo - 1])
		return false;
	if (mo == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return false;
	return true;
}

static bool match_word(const char *s, size_t len, size_t i, const char *w, size_t *end)
{
	size_t wl = strlen(w);

	if (i + wl > len || strncasecmp(s + i, w, wl) != 0)
		return false;
	*end = i + wl;
	return true;
}

static size_t skip_spaces(const char *s, size_t len, size_t i)
{
	while (i < len && s[i] == ' ')
		i++;
	return i;
}

/* A month written as a word after "tháng" ("Tháng Năm", "tháng Mười Một", as Joomla and
 * other CMSs print Vietnamese month names) at j: 1..12, or 0. */
static int vi_month_word(const char *s, size_t len, size_t j, size_t *end)
{
	/* longest first: "mười một" before "mười", "một" */
	static const struct { const char *w; int m; } words[] = {
		{ "mười một", 11 }, { "mười hai", 12 }, { "mười", 10 }, { "một", 1 },
		{ "giêng", 1 }, { "hai", 2 }, { "ba", 3 }, { "tư", 4 }, { "bốn", 4 },
		{ "năm", 5 }, { "sáu", 6 }, { "bảy", 7 }, { "tám", 8 }, { "chín", 9 },
	};
	size_t e;

	for (size_t k = 0; k < sizeof words / sizeof words[0]; k++) {
		/* case differs only in the first, ASCII, letter of these words as printed */
		if (!match_word(s, len, j, words[k].w, &e))
			continue;
		if (e < len && s[e] != ' ' && s[e] != ',' && s[e] != '/' && s[e] != '-')
			continue; /* "Ba" of "Bảo", "Tư" of "Tường": a longer word */
		*end = e;
		return words[k].m;
	}
	return 0;
}

/* "ngày 30 tháng 11 năm 2021" or "30 tháng 11 năm 2021" at i; also the year without
 * "năm" ("12 Tháng 5 2022", "12 tháng 5, 2022") and the month as a word ("12 Tháng Năm,
 * 2022", "ngày 1 tháng Mười Một năm 2021"). */
static bool parse_vi_long(const char *s, size_t len, size_t i, struct dt *t, size_t *end)
{
	size_t j = i, e;
	int d, mo, y;

	if (match_word(s, len, j, "ngày", &e) || match_word(s, len, j, "Ngày", &e) ||
	    match_word(s, len, j, "NGÀY", &e))
		j = skip_spaces(s, len, e);
	d = read_num(s, len, &j, 2);
	if (d < 0)
		return false;
	j = skip_spaces(s, len, j);
	if (!(match_word(s, len, j, "tháng", &e) || match_word(s, len, j, "Tháng", &e) ||
	      match_word(s, len, j, "THÁNG", &e)))
		return false;
	j = skip_spaces(s, len, e);
	if (j < len && is_digit(s[j])) {
		mo = read_num(s, len, &j, 2);
	} else {
		mo = vi_month_word(s, len, j, &e);
		j = e;
	}
	if (mo <= 0)
		return false;
	j = skip_spaces(s, len, j);
	if (match_word(s, len, j, "năm", &e) || match_word(s, len, j, "Năm", &e) ||
	    match_word(s, len, j, "NĂM", &e)) {
		j = skip_spaces(s, len, e);
		y = read_num(s, len, &j, 4);
	} else {
		size_t k = j;

		if (k < len && (s[k] == ',' || s[k] == '/' || s[k] == '-'))
			k = skip_spaces(s, len, k + 1);
		/* no "năm": only a four-digit year will do ("12 tháng 5 20 người" is none) */
		j = k;
		y = read_num(s, len, &j, 4);
		if (j - k != 4)
			return false;
	}
	if (!valid_date(y, mo, d))
		return false;
	t->y = y;
	t->mo = mo;
	t->d = d;
	*end = j;
	return true;
}

/* "dd/mm/yyyy", "dd-mm-yyyy", "dd.mm.yyyy" or "yyyy-mm-dd" at i (i starts a number). */
static bool parse_numeric(const char *s, size_t len, size_t i, struct dt *t, size_t *end)
{
	size_t j = i;
	int a, b, c;
	char sep;

	if (i > 0 && (is_digit(s[i - 1]) || s[i - 1] == '/' ))
		return false;
	a = read_num(s, len, &j, 4);
	if (a < 0 || j >= len)
		return false;
	sep = s[j];
	if (sep != '/' && sep != '-' && sep != '.')
		return false;
	j++;
	b = read_num(s, len, &j, 2);
	if (b < 0 || j >= len || s[j] != sep)
		return false;
	j++;
	c = read_num(s, len, &j, 4);
	if (c < 0)
		return false;
	if (j < len && (s[j] == '/' || (s[j] == '-' && j + 1 < len && is_digit(s[j + 1]))))
		return false; /* part of a longer code: "15/2021/NĐ-CP" is no date */
	if (a >= 1990 && valid_date(a, b, c)) {
		t->y = a, t->mo = b, t->d = c;
	} else if (valid_date(c, b, a)) {
		t->y = c, t->mo = b, t->d = a;
	} else if (sep == '/' && b > 12 && valid_date(c, a, b)) {
		/* month first, as ASP.NET pages in the en-US culture print it ("6/18/2021
		 * 3:44:00 PM"); only a day over 12 tells, so "6/7/2021" stays the 6th of July */
		t->y = c, t->mo = a, t->d = b;
	} else {
		return false;
	}
	*end = j;
	return true;
}

/* "08:19:06 AM", "15:44", "18h27", "12:00:00 SA" at i. */
static bool parse_time(const char *s, size_t len, size_t i, struct dt *t, size_t *end)
{
	size_t j = i, e;
	int h, mi, sec = 0;

	if (i > 0 && is_digit(s[i - 1]))
		return false;
	h = read_num(s, len, &j, 2);
	if (h < 0 || j >= len || (s[j] != ':' && s[j] != 'h' && s[j] != 'H'))
		return false;
	j++;
	mi = read_num(s, len, &j, 2);
	if (mi < 0)
		return false;
	if (j < len && s[j] == ':') {
		j++;
		sec = read_num(s, len, &j, 2);
		if (sec < 0 || sec > 59)
			return false;
	}
	if (h > 23 || mi > 59)
		return false;
	e = skip_spaces(s, len, j);
	if (e + 2 <= len && (strncasecmp(s + e, "AM", 2) == 0 || strncasecmp(s + e, "SA", 2) == 0) &&
	    (e + 2 == len || !((s[e + 2] | 0x20) >= 'a' && (s[e + 2] | 0x20) <= 'z'))) {
		if (h == 12)
			h = 0;
		j = e + 2;
	} else if (e + 2 <= len &&
		   (strncasecmp(s + e, "PM", 2) == 0 || strncasecmp(s + e, "CH", 2) == 0) &&
		   (e + 2 == len || !((s[e + 2] | 0x20) >= 'a' && (s[e + 2] | 0x20) <= 'z'))) {
		if (h < 12)
			h += 12;
		j = e + 2;
	}
	t->h = h;
	t->mi = mi;
	t->s = sec;
	t->has_time = true;
	*end = j;
	return true;
}

/* "GMT+7", "GMT+07:00", "UTC+7" after the date. */
static void parse_offset(const char *s, size_t len, struct dt *t)
{
	const char *g = parser_memcasemem(s, len, "GMT");

	if (!g)
		g = parser_memcasemem(s, len, "UTC");
	if (g && (size_t)(g - s) + 4 < len && (g[3] == '+' || g[3] == '-')) {
		size_t j = (size_t)(g - s) + 4;
		int h = read_num(s, len, &j, 2), m = 0;

		if (h >= 0 && h <= 14) {
			if (j + 2 < len && s[j] == ':') {
				j++;
				m = read_num(s, len, &j, 2);
				if (m < 0)
					m = 0;
			}
			t->off_min = (g[3] == '-' ? -1 : 1) * (h * 60 + m);
		}
	}
}

static void format_iso(const struct dt *t, char iso[32])
{
	int off = t->off_min < 0 ? -t->off_min : t->off_min;

	snprintf(iso, 32, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d", t->y, t->mo, t->d,
		 t->has_time ? t->h : 0, t->has_time ? t->mi : 0, t->has_time ? t->s : 0,
		 t->off_min < 0 ? '-' : '+', off / 60, off % 60);
}

/* "Nov 19, 2019", "November 19th, 2019" (month first) or "19 November 2019" at i. */
static int month_at(const char *s, size_t len, size_t i, size_t *end)
{
	static const char mon[] = "janfebmaraprmayjunjulaugsepoctnovdec";
	size_t j;
	char c0, c1, c2;

	if (i + 3 > len || (i > 0 && ((s[i - 1] | 0x20) >= 'a' && (s[i - 1] | 0x20) <= 'z')))
		return 0;
	/* this runs at most word starts of every text searched: compare bytes, no calls */
	c0 = (char)(s[i] | 0x20);
	c1 = (char)(s[i + 1] | 0x20);
	c2 = (char)(s[i + 2] | 0x20);
	for (int m = 0; m < 12; m++) {
		if (c0 != mon[3 * m] || c1 != mon[3 * m + 1] || c2 != mon[3 * m + 2])
			continue;
		j = i + 3;
		while (j < len && ((s[j] | 0x20) >= 'a' && (s[j] | 0x20) <= 'z'))
			j++;
		if (j - i > 9 || (j < len && (unsigned char)s[j] >= 0x80))
			return 0; /* a longer word ("março" is foreign_month_at's) */
		if (j < len && s[j] == '.')
			j++;
		*end = j;
		return m + 1;
	}
	return 0;
}

/* A month named in French, German, Spanish, Italian or Portuguese at i, written after the
 * day ("14 février 2024", "19. Januar 2024", "12 de marzo de 2024", "17 ottobre 2023"):
 * 1..12, or 0.  The first letter in any case, the rest as written in lower case. */
static int foreign_month_at(const char *s, size_t len, size_t i, size_t *end)
{
	static const struct { const char *w; int m; } names[] = {
		{ "janvier", 1 }, { "januar", 1 }, { "jänner", 1 }, { "enero", 1 },
		{ "gennaio", 1 }, { "janeiro", 1 }, { "février", 2 }, { "februar", 2 },
		{ "febrero", 2 }, { "febbraio", 2 }, { "fevereiro", 2 }, { "märz", 3 },
		{ "marzo", 3 }, { "março", 3 }, { "avril", 4 }, { "abril", 4 }, { "aprile", 4 },
		{ "mai", 5 }, { "mayo", 5 }, { "maggio", 5 }, { "maio", 5 }, { "juin", 6 },
		{ "juni", 6 }, { "junio", 6 }, { "giugno", 6 }, { "junho", 6 }, { "juillet", 7 },
		{ "juli", 7 }, { "julio", 7 }, { "luglio", 7 }, { "julho", 7 }, { "août", 8 },
		{ "agosto", 8 }, { "septembre", 9 }, { "septiembre", 9 }, { "setiembre", 9 },
		{ "settembre", 9 }, { "setembro", 9 }, { "octobre", 10 }, { "oktober", 10 },
		{ "octubre", 10 }, { "ottobre", 10 }, { "outubro", 10 }, { "novembre", 11 },
		{ "noviembre", 11 }, { "novembro", 11 }, { "décembre", 12 }, { "dezember", 12 },
		{ "diciembre", 12 }, { "dicembre", 12 }, { "dezembro", 12 },
		/* abbreviated, as date lines print them ("27.fev.2024 às 19h15", "12 janv.
		 * 2024", "5 ott 2023"); those English shares are month_at's */
		{ "janv", 1 }, { "ene", 1 }, { "gen", 1 }, { "févr", 2 }, { "fev", 2 },
		{ "mär", 3 }, { "avr", 4 }, { "abr", 4 }, { "mag", 5 }, { "giu", 6 },
		{ "juil", 7 }, { "lug", 7 }, { "ago", 8 }, { "sept", 9 }, { "set", 9 },
		{ "okt", 10 }, { "ott", 10 }, { "out", 10 }, { "déc", 12 }, { "dez", 12 },
		{ "dic", 12 },
	};

	if (i >= len || (s[i] | 0x20) < 'a' || (s[i] | 0x20) > 'z')
		return 0;
	for (size_t k = 0; k < sizeof names / sizeof names[0]; k++) {
		size_t n = strlen(names[k].w);
		unsigned char after;

		if (i + n > len || (s[i] | 0x20) != names[k].w[0] ||
		    memcmp(s + i + 1, names[k].w + 1, n - 1) != 0)
			continue;
		after = i + n < len ? (unsigned char)s[i + n] : ' ';
		if ((after | 0x20) >= 'a' && (after | 0x20) <= 'z')
			continue;
		if (after >= 0x80)
			continue; /* a longer word */
		*end = i + n + (after == '.');
		return names[k].m;
	}
	return 0;
}

static bool parse_english(const char *s, size_t len, size_t i, struct dt *t, size_t *end)
{
	size_t j, e;
	int mo, d, y;

	if ((mo = month_at(s, len, i, &e))) {
		j = skip_spaces(s, len, e);
		d = read_num(s, len, &j, 2);
		if (d < 0)
			return false;
		if (j + 2 <= len && (strncasecmp(s + j, "st", 2) == 0 || strncasecmp(s + j, "nd", 2) == 0 ||
				     strncasecmp(s + j, "rd", 2) == 0 || strncasecmp(s + j, "th", 2) == 0))
			j += 2;
		if (j < len && s[j] == ',')
			j++;
		j = skip_spaces(s, len, j);
		y = read_num(s, len, &j, 4);
	} else if (is_digit(s[i]) && (i == 0 || !is_digit(s[i - 1]))) {
		bool de = false;

		j = i;
		d = read_num(s, len, &j, 2);
		if (d < 0)
			return false;
		if (j < len && s[j] == '.')
			j++; /* "19. Januar 2024" */
		j = skip_spaces(s, len, j);
		if (j + 3 <= len && strncmp(s + j, "de ", 3) == 0) {
			j = skip_spaces(s, len, j + 3); /* "12 de marzo de 2024" */
			de = true;
		}
		if (!(mo = month_at(s, len, j, &e)) && !(mo = foreign_month_at(s, len, j, &e)))
			return false;
		j = skip_spaces(s, len, e);
		if (de && j + 3 <= len && strncmp(s + j, "de ", 3) == 0)
			j = skip_spaces(s, len, j + 3);
		if (j < len && s[j] == ',')
			j = skip_spaces(s, len, j + 1);
		y = read_num(s, len, &j, 4);
	} else {
		return false;
	}
	if (!valid_date(y, mo, d))
		return false;
	t->y = y, t->mo = mo, t->d = d;
	*end = j;
	return true;
}

/* Finds a date starting at or after `from`; sets [*ds, *de). */
static bool find_date(const char *s, size_t len, size_t from, struct dt *t, size_t *ds, size_t *de)
{
	for (size_t i = from; i < len; i++) {
		char c = (char)(s[i] | 0x20);

		/* cheap first-byte filters: this loop sees every byte of the texts searched */
		if (c == 'n' && (i + 1 >= len || ((s[i + 1] | 0x20) != 'g' && (s[i + 1] | 0x20) != 'o')))
			continue; /* neither "ngày" nor "Nov" */
		if (is_digit(s[i]) || c == 'n') {
			if (parse_numeric(s, len, i, t, de) || parse_vi_long(s, len, i, t, de) ||
			    parse_english(s, len, i, t, de)) {
				*ds = i;
				return true;
			}
			while (i + 1 < len && is_digit(s[i + 1]))
				i++;
		} else if ((c == 'j' || c == 'f' || c == 'm' || c == 'a' || c == 's' || c == 'o' ||
			    c == 'd') && parse_english(s, len, i, t, de)) {
			*ds = i;
			return true;
		}
	}
	return false;
}

static bool find_date_time(const char *s, size_t len, struct dt *t)
{
	size_t ds, de, e;

	memset(t, 0, sizeof *t);
	t->off_min = 7 * 60;
	if (!find_date(s, len, 0, t, &ds, &de))
		return false;
	/* a time right after: separators ", | - lúc" allowed */
	for (size_t j = de; j < len && j < de + 24; j++) {
		if (is_digit(s[j])) {
			if (parse_time(s, len, j, t, &e))
				break;
			while (j + 1 < len && is_digit(s[j + 1]))
				j++;
			if (j + 1 < len && (s[j + 1] == '/' || s[j + 1] == '-'))
				break; /* another date: stop */
		}
	}
	/* or right before: "15:44 01/08/2021", "08:19 - 30/11/2021" */
	if (!t->has_time) {
		size_t start = ds > 24 ? ds - 24 : 0;

		for (size_t j = start; j < ds; j++)
			if (is_digit(s[j]) && parse_time(s, len, j, t, &e) && e <= ds)
				break;
			else
				t->has_time = false;
	}
	parse_offset(s + de, len - de < 40 ? len - de : 40, t);
	return true;
}

bool parser_date_find(const char *s, size_t len, char iso[32])
{
	struct dt t;

	if (!find_date_time(s, len, &t))
		return false;
	format_iso(&t, iso);
	return true;
}

bool parser_date_find_day(const char *s, size_t len, size_t window, char day[11])
{
	struct dt t;
	size_t ds, de;

	memset(&t, 0, sizeof t);
	if (!find_date(s, len, 0, &t, &ds, &de) || ds > window)
		return false;
	snprintf(day, 11, "%04d-%02d-%02d", t.y, t.mo, t.d);
	return true;
}

bool parser_date_utc_to_vn(char *iso)
{
	struct tm tm = { 0 };
	time_t at;
	int n = 0;
	char out[64];

	if (strlen(iso) != 25 || strcmp(iso + 19, "+00:00") != 0 ||
	    strcmp(iso + 10, "T00:00:00+00:00") == 0 ||
	    sscanf(iso, "%4d-%2d-%2dT%2d:%2d:%2d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
		   &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &n) != 6 || n != 19)
		return false; /* a day alone says nothing of the hour it began */
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	at = timegm(&tm) + 7 * 3600;
	if (!gmtime_r(&at, &tm))
		return false;
	if (snprintf(out, sizeof out, "%04d-%02d-%02dT%02d:%02d:%02d+07:00", tm.tm_year + 1900,
		     tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec) != 25)
		return false;
	memcpy(iso, out, 26);
	return true;
}

bool parser_date_parse_iso(const char *s, char iso[32])
{
	struct dt t;
	size_t len = strlen(s), j = 0, e;

	memset(&t, 0, sizeof t);
	t.off_min = 7 * 60;
	while (j < len && s[j] == ' ')
		j++;
	t.y = read_num(s, len, &j, 4);
	if (t.y < 0 || j >= len || s[j] != '-')
		return false;
	j++;
	t.mo = read_num(s, len, &j, 2);
	if (t.mo < 0 || j >= len || s[j] != '-')
		return false;
	j++;
	t.d = read_num(s, len, &j, 2);
	if (!valid_date(t.y, t.mo, t.d))
		return false;
	if (j < len && (s[j] == 'T' || s[j] == ' ') && parse_time(s, len, j + 1, &t, &e)) {
		j = e;
		while (j < len && (s[j] == '.' || is_digit(s[j])))
			j++; /* fractions of a second */
		if (j < len && (s[j] == 'Z' || s[j] == 'z')) {
			t.off_min = 0;
		} else if (j < len && (s[j] == '+' || s[j] == '-')) {
			size_t k = j + 1;
			int oh = read_num(s, len, &k, 2), om = 0;

			if (k < len && s[k] == ':')
				k++;
			if (k < len && is_digit(s[k]))
				om = read_num(s, len, &k, 2);
			if (oh >= 0 && oh <= 14 && om >= 0 && om < 60)
				t.off_min = (s[j] == '-' ? -1 : 1) * (oh * 60 + om);
		}
	}
	format_iso(&t, iso);
	return true;
}

#define DATE_HINTS "date|time|ngay|publish|posted|thoigian|thoi-gian|datetime|created|" \
	"postdate|post-date|news-date|dateline|meta"

/* Readers' comments: each carries the time it was posted, which is not the article's. */
#define COMMENT_HINTS "comment|binhluan|binh-luan|binh_luan|disqus"

/* Section labels after which a page lists other articles: their dates are not ours. */
static bool is_related_label(const char *s, size_t len)
{
	static const char *const labels[] = { "Tin liên quan", "Các tin khác", "Tin khác",
					      "Tin cùng chuyên mục", "Bài liên quan",
					      "Tin đã đưa", "Các tin đã đưa", "Xem thêm" };

	while (len > 0 && (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r'))
		s++, len--;
	if (len > 60)
		return false;
	if (parser_line_is_related(s, len))
		return true; /* in capitals too, and the other wordings */
	for (size_t k = 0; k < sizeof labels / sizeof labels[0]; k++) {
		size_t l = strlen(labels[k]);

		if (len >= l && strncasecmp(s, labels[k], l) == 0)
			return true;
	}
	return false;
}

/* An item of a list of links ("<li><a>Other article</a> (02/10/2022)</li>"): a date in it
 * dates the linked article, not this one. */
static bool in_link_item(const xmlNode *n, const xmlNode *root)
{
	for (const xmlNode *p = n; p && p != root && p->type == XML_ELEMENT_NODE; p = p->parent) {
		if (strcmp((const char *)p->name, "a") == 0)
			return true;
		if (strcmp((const char *)p->name, "li") == 0) {
			for (const xmlNode *c = p->children; c; c = c->next)
				if (c->type == XML_ELEMENT_NODE &&
				    (strcmp((const char *)c->name, "a") == 0 ||
				     strcmp((const char *)c->name, "h3") == 0 ||
				     strcmp((const char *)c->name, "h4") == 0))
					return true;
			return false;
		}
	}
	return false;
}

/* A short text that is mostly a date: at most a weekday or a few words around it.  A date
 * without its time must be nearly alone, since a lone day is also how lists and body
 * sentences cite other events. */
static bool bare_date_text(const char *s, size_t len, struct dt *t)
{
	size_t letters = 0;

	if (len > 160 || parser_memcasemem(s, len, "hôm nay") || parser_memcasemem(s, len, "today"))
		return false; /* a page header clock, not a publication date */
	if (!find_date_time(s, len, t))
		return false;
	if (t->has_time)
		return true;
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)s[i] >= 0xC0 || ((s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'z'))
			letters++; /* ASCII letters and UTF-8 lead bytes: one per character */
	return parser_text_count_chars(s, len) <= 80 && letters <= 24;
}

/* A date labeled as an update only ("Cập nhật: 06/12/2026 10:00", "Last updated …"):
 * portals that print both put the publication date beside it, and that one is the
 * article's.  A text naming both kinds of date is read as it comes. */
static bool update_only_label(const char *s, size_t len)
{
	static const char *const upd[] = { "cập nhật", "CẬP NHẬT", "updated", "modified",
					   "sửa đổi", "chỉnh sửa" };
	static const char *const pub[] = { "đăng", "ĐĂNG", "xuất bản", "XUẤT BẢN", "publish",
					   "posted", "ban hành" };
	bool is_upd = false;

	for (size_t k = 0; k < sizeof upd / sizeof upd[0] && !is_upd; k++)
		is_upd = parser_memcasemem(s, len, upd[k]) != NULL;
	for (size_t k = 0; k < sizeof pub / sizeof pub[0] && is_upd; k++)
		if (parser_memcasemem(s, len, pub[k]))
			return false;
	return is_upd;
}

/* Is `n` inside the subtree of `anc`? */
static bool node_within(const xmlNode *n, const xmlNode *anc)
{
	for (; n; n = n->parent)
		if (n == anc)
			return true;
	return false;
}

/* The first h1 in `root`'s subtree, or NULL. */
static xmlNode *first_h1(xmlNode *root)
{
	xmlNode *n = root;

	while (n) {
		if (n->type == XML_ELEMENT_NODE && n->name && strcmp((const char *)n->name, "h1") == 0)
			return n;
		if (n->type == XML_ELEMENT_NODE && n->children) {
			n = n->children;
			continue;
		}
		n = parser_node_after(n, root);
	}
	return NULL;
}

/* A text this long is prose (a lead or a body paragraph), not a page's head. */
#define HEAD_PROSE_CHARS 200

/* Walks the subtree of `root` in document order, outside `skip`, and tries each element
 * whose class/id hints at a date, then (when `any`) each short text that is mostly a date.
 * The walk ends at a related-news label; a bare text must come before `skip` (the body)
 * and, when the region has a headline (also one inside `skip`), after it or beside it, so
 * that a clock in the page header far above the headline does not win.  An update date
 * is held back while the walk looks, up to the prose, for a publication date. */
static bool date_scan(xmlNode *root, const xmlNode *skip, bool any, bool head_only,
		      char iso[32])
{
	xmlNode *n = root;
	xmlNode *h1 = any ? first_h1(root) : NULL;
	bool found = false, past_h1 = false, held = false;
	char held_iso[32];

	while (n && !found) {
		bool descend = n->type == XML_ELEMENT_NODE && n->children && n != skip;

		if (any && n == skip)
			break; /* only what precedes the body */
		if (n == h1)
			past_h1 = true;
		if (n->type == XML_ELEMENT_NODE && n != root && n != skip &&
		    parser_node_attr_matches(n, COMMENT_HINTS) &&
		    !parser_node_attr_matches(n, DATE_HINTS)) {
			/* a comment section; not a header of the article's author, date and
			 * comment count ("article_author_date_comment_container") */
			n = parser_node_after(n, root);
			continue;
		}
		if (n->type == XML_ELEMENT_NODE && n != skip && !any) {
			const char *dtattr = NULL;

			if (n->name && strcmp((const char *)n->name, "time") == 0)
				dtattr = parser_node_attr(n, "datetime");
			if (dtattr && parser_date_parse_iso(dtattr, iso)) {
				found = true;
			} else if (parser_node_attr_matches(n, DATE_HINTS) && !in_link_item(n, root)) {
				char *txt = parser_node_text(n, 1024);

				if (txt && strlen(txt) <= 200 && !parser_memcasemem(txt, strlen(txt), "hôm nay") &&
				    parser_date_find(txt, strlen(txt), iso)) {
					descend = false;
					if (!update_only_label(txt, strlen(txt)))
						found = true;
					else if (!held && (held = true))
						memcpy(held_iso, iso, sizeof held_iso);
				}
				free(txt);
			}
		} else if (n->type == XML_TEXT_NODE && n->content) {
			const char *c = (const char *)n->content;
			size_t l = strlen(c);
			struct dt t;

			if (is_related_label(c, l))
				break;
			if ((head_only || held) && parser_text_count_chars(c, l) > HEAD_PROSE_CHARS)
				break; /* the prose has begun: its dates are events, not ours */
			if (any && (!h1 || past_h1 || node_within(n, h1->parent)) &&
			    !in_link_item(n, root) && bare_date_text(c, l, &t)) {
				format_iso(&t, iso);
				if (!update_only_label(c, l))
					found = true;
				else if (!held && (held = true))
					memcpy(held_iso, iso, sizeof held_iso);
			}
		}
		if (found)
			break;
		if (descend) {
			n = n->children;
			continue;
		}
		n = parser_node_after(n, root);
	}
	if (!found && held) {
		memcpy(iso, held_iso, sizeof held_iso);
		found = true;
	}
	return found;
}

int parser_date_extract(htmlDocPtr doc, xmlNode *main, struct parser_article *a)
{
	char iso[32];
	xmlNode *anc;
	int level;

	(void)doc;
	if (a->published || !main)
		goto lead;
	/* hinted elements inside the main node and around it, nearest first */
	if (date_scan(main, NULL, false, false, iso))
		goto found;
	/* each level skips the subtree the level below already searched */
	anc = main;
	for (level = 0; level < 4 && anc->parent && anc->parent->type == XML_ELEMENT_NODE; level++) {
		xmlNode *below = anc;

		anc = anc->parent;
		if (date_scan(anc, below, false, false, iso))
			goto found;
	}
	anc = main;
	for (level = 0; level < 3 && anc->parent && anc->parent->type == XML_ELEMENT_NODE; level++) {
		xmlNode *below = anc;

		anc = anc->parent;
		if (date_scan(anc, level == 0 ? main : below, true, false, iso))
			goto found;
	}
	/* a main node that holds its own headline ("<span>Thứ Ba, 25/12/2012 - 10:03</span>
	 * <h1>…</h1><h2>lead</h2><div>body</div>"): a bare date line in its head, before any
	 * prose */
	if (first_h1(main) && date_scan(main, NULL, true, true, iso))
		goto found;
lead:
	if (!a->published && a->body) {
		size_t bl = strlen(a->body);
		struct dt t;

		if (find_date_time(a->body, bl < 300 ? bl : 300, &t)) {
			t.has_time = false;
			format_iso(&t, iso);
			a->published_inferred = true;
			goto found;
		}
	}
	return VN_OK;
found:
	a->published = strdup(iso);
	return a->published ? VN_OK : VN_ENOMEM;
}
