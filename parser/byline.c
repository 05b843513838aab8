/* byline.c — a byline as a name, without what pages print around it.
 *
 * A byline element or a meta author often carries more than the name: a label ("By ",
 * "Tác giả:"), then the date and time, a handle, a reading time or a link text
 * ("Chris Davies - Nov 19, 2019, 10:31 pm CST", "Bryan DeArdo @BryanDeArdo Nov 18, 2019 at
 * 9:24 pm ET • 2 min read").  The date is already the record's `published`; the byline
 * keeps the part before the first such tail.  The tails are one ICU regular expression,
 * compiled once a process (as documents.c does); each call works on a clone. */
#include "parser/parser_int.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uregex.h>

#define MONTH                                                                                \
	"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"   \
	"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?"

/* A label before the name. */
static const char label_pattern[] =
	"^\\s*(?:(?:posted |written |reported )?by\\s+|(?:par|por)\\s+|(?-i:di)\\s+|"
	"(?:viết|đăng|gửi) bởi\\s*:?\\s*|"
	"(?:author|tác giả|người viết|bài(?: và ảnh|, ảnh| ảnh)?)\\s*:\\s*)";

/* Where the name ends: a separator (or nothing) and then a date, a time, a handle, an
 * "updated" label, a reading time or a link text.  Two expressions: at the start, and
 * after a separator.  One "(?:^|[separators]+)" expression had no first character for
 * ICU to look for, so it was tried at every byte of every byline (3 % of a crawl). */
#define TAIL                                                                                 \
	"(?:on\\s+)?(?:"                                                                     \
	"(?:updated|published|posted|last updated|cập nhật|đăng lúc|ngày đăng)\\b|"          \
	"nguồn\\s*:|"                                                                        \
	"@\\w|"                                                                              \
	"\\d+\\s*min(?:ute)?s?\\s+read|"                                                     \
	"view (?:more|all)\\b|"                                                              \
	MONTH "\\s+\\d{1,2}(?:st|nd|rd|th)?\\b|"                                             \
	"(?:mon|tues|wednes|thurs|fri|satur|sun)day\\b|"                                     \
	"\\d{1,2}\\s+" MONTH "\\s+\\d{4}|"                                                   \
	"\\d{4}-\\d{2}-\\d{2}|"                                                              \
	"\\d{1,2}[/.\\-]\\d{1,2}[/.\\-]\\d{2,4}|"                                            \
	"\\d{1,2}:\\d{2}|"                                                                   \
	"(?:thứ\\s+(?:hai|ba|tư|năm|sáu|bảy)|chủ nhật)\\b|"                                  \
	"\\d+\\s+(?:days?|hours?|minutes?)\\s+ago|"                                          \
	"\\d+\\s+(?:ngày|giờ|phút)\\s+trước)"
static const char tail_start_pattern[] = "^" TAIL;
static const char tail_sep_pattern[] = "[\\s,|•·/\\-–—]+" TAIL;

static URegularExpression *label_proto, *tail_start_proto, *tail_sep_proto;
static pthread_once_t byline_once = PTHREAD_ONCE_INIT;

static void byline_compile(void)
{
	label_proto = parser_regex_open(label_pattern);
	tail_start_proto = parser_regex_open(tail_start_pattern);
	tail_sep_proto = parser_regex_open(tail_sep_pattern);
}

/* The byte offset where `proto` first matches `s` (its start, or its end when `end`),
 * or -1. */
static int64_t first_match(URegularExpression *proto, const char *s, size_t len, bool end)
{
	UErrorCode err = U_ZERO_ERROR;
	URegularExpression *re = uregex_clone(proto, &err);
	UText *ut = utext_openUTF8(NULL, s, (int64_t)len, &err);
	int64_t at = -1;

	uregex_setUText(re, ut, &err);
	if (U_SUCCESS(err) && uregex_find64(re, 0, &err) && U_SUCCESS(err))
		at = end ? uregex_end64(re, 0, &err) : uregex_start64(re, 0, &err);
	if (U_FAILURE(err))
		at = -1;
	if (re)
		uregex_close(re);
	if (ut)
		utext_close(ut);
	return at;
}

/* Whether the tail expressions can match `s`, told without ICU: each of their
 * alternatives needs a digit, "@", ":", one of the English words below, or "ậ" (cập nhật,
 * chủ nhật), "ă" (đăng) or "ứ" (thứ) in either case.  Most bylines ("Thu Trang - Trung tâm
 * VH-TT-TH") have none, and the expressions cost more than the rest of the byline's work.
 * A character of another script than Latin may be a digit to ICU's \d: the expressions
 * decide then. */
static bool tail_possible(const char *s, size_t len)
{
	static const char *const words[] = { "updated", "published", "posted", "view", "day" };
	static const char *const marks[] = { "ậ", "Ậ", "ă", "Ă", "ứ", "Ứ" };
	const unsigned char *u = (const unsigned char *)s;

	for (size_t i = 0; i < len; i++) {
		unsigned char c = u[i];

		if ((c >= '0' && c <= '9') || c == '@' || c == ':')
			return true;
		if (c <= 0xBF)
			continue; /* ASCII, or a continuation byte */
		if ((c >= 0xC2 && c <= 0xC6) || c == 0xCC || c == 0xCD)
			continue; /* Latin-1, Latin Extended-A/B, combining marks */
		if (c == 0xE1 && i + 1 < len && u[i + 1] >= 0xB8 && u[i + 1] <= 0xBB)
			continue; /* Latin Extended Additional: Vietnamese */
		if (c == 0xE2 && i + 1 < len && u[i + 1] == 0x80)
			continue; /* dashes, bullets, spaces */
		return true;
	}
	for (size_t k = 0; k < sizeof words / sizeof words[0]; k++)
		if (parser_memcasemem(s, len, words[k]))
			return true;
	for (size_t k = 0; k < sizeof marks / sizeof marks[0]; k++)
		if (memmem(s, len, marks[k], strlen(marks[k])))
			return true;
	return false;
}

int parser_byline_tidy(const char *s, char **out)
{
	size_t len = s ? strlen(s) : 0;
	int64_t at;

	*out = NULL;
	if (!len)
		return VN_OK;
	pthread_once(&byline_once, byline_compile);
	if (!label_proto || !tail_start_proto || !tail_sep_proto)
		return VN_EUNSUPPORTED;
	if (len > 512)
		return VN_OK; /* no byline is that long: a description sits in the author field */
	at = first_match(label_proto, s, len, true);
	if (at > 0) {
		s += at;
		len -= (size_t)at;
	}
	if (tail_possible(s, len)) {
		at = first_match(tail_start_proto, s, len, false);
		if (at < 0)
			at = first_match(tail_sep_proto, s, len, false);
		if (at >= 0)
			len = (size_t)at;
	}
	while (len && strchr(" ,|-:/", s[len - 1]))
		len--;
	while (len && s[0] == ' ')
		s++, len--;
	if (!len)
		return VN_OK;
	*out = strndup(s, len);
	return *out ? VN_OK : VN_ENOMEM;
}

size_t parser_byline_label_len(const char *s, size_t len)
{
	int64_t at;

	if (!len || len > 512)
		return 0;
	pthread_once(&byline_once, byline_compile);
	if (!label_proto)
		return 0;
	at = first_match(label_proto, s, len, true);
	return at > 0 ? (size_t)at : 0;
}

void parser_byline_release(void)
{
	if (label_proto)
		uregex_close(label_proto);
	if (tail_start_proto)
		uregex_close(tail_start_proto);
	if (tail_sep_proto)
		uregex_close(tail_sep_proto);
	label_proto = tail_start_proto = tail_sep_proto = NULL;
}
