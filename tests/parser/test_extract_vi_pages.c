/* test_extract_vi_pages.c — extraction of real Vietnamese news pages from
 * ../shared/data/vi-pages: the headline, the article's first sentence, the end of the
 * story, no sidebar or footer line, and the home page recognized as a listing. */
#include "harness.h"
#include "test_util.h"

static char dir[4096];

static void test_dantri_headline_and_lead(void)
{
	struct parser_article a;

	CHECK_INT(test_extract_file(dir, "dantri1.html", NULL, &a), VN_OK);
	CHECK_STR(a.title, "Chốt lịch nghỉ lễ Tết 2013 của công chức, viên chức");
	CHECK_CONTAINS(a.body, "(Dân trí) - UBND Hà Nội vừa thông báo về việc hoán đổi ngày nghỉ "
			       "hàng tuần vào các dịp nghỉ lễ, Tết năm 2013.");
	/* the last paragraph of the story is kept, the related-news list and footer are not */
	CHECK_CONTAINS(a.body, "phà Bình Khánh (nối huyện Nhà Bè với Cần Giờ)");
	CHECK_NOT_CONTAINS(a.body, "Hà Nội: Cháy gần chợ Đồng Xuân");
	CHECK_NOT_CONTAINS(a.body, "Giấy phép hoạt động báo điện tử Dân trí");
	CHECK_STR(parser_page_kind_name(a.kind), "article");
	CHECK_STR(a.lang, "vi");
	/* its datePublished meta has the day only; the date line above the headline, inside
	 * the article's own block, has the time */
	CHECK_STR(a.published, "2012-12-25T10:03:00+07:00");
	CHECK(!a.published_inferred);
	parser_article_release(&a);
}

static void test_byline_above_share_counters(void)
{
	static const char last[] = "phục vụ suốt 2/24 trong 4 ngày nghỉ Tết Dương lịch.";
	struct parser_article a;
	size_t n;

	/* Dân trí's story ends "Quang Phong - Tùng Nguyên", then the share counters "10 7 1";
	 * its article:author is the Facebook account "baodantridientu", no person */
	CHECK_INT(test_extract_file(dir, "dantri1.html", NULL, &a), VN_OK);
	CHECK_STR(a.author, "Quang Phong - Tùng Nguyên");
	n = a.body ? strlen(a.body) : 0;
	/* the body ends with the story's last sentence */
	CHECK(n >= sizeof last - 1 && strcmp(a.body + n - (sizeof last - 1), last) == 0);
	CHECK_NOT_CONTAINS(a.body, "10 7 1");
	parser_article_release(&a);
}

static void test_nld_headline_lead_and_date(void)
{
	struct parser_article a;

	CHECK_INT(test_extract_file(dir, "nld1.html", NULL, &a), VN_OK);
	CHECK_STR(a.title, "Thiếu tiền hụi, xách dao đi “nói chuyện” với chủ nợ");
	CHECK_CONTAINS(a.body, "Chiều ngày 26-12, Tòa Phúc thẩm TAND Tối cao tại TPHCM đã tuyên "
			       "bác kháng cáo, y án 18 năm tù giam đối với Đặng Văn Trung (SN 1980, "
			       "quê Cà Mau) về tội \"Giết người\".");
	CHECK_CONTAINS(a.body, "Sau khi gây án, Trung thuê xe ôm đến Công an đầu thú.");
	CHECK_NOT_CONTAINS(a.body, "Địa chỉ: 127 Võ Văn Tần");
	CHECK_NOT_CONTAINS(a.body, "Vụ nợ nần ở Ethanol Đại Tân");
	/* "Thứ Tư, 26/12/2012 17:14" under the headline */
	CHECK_STR(a.published, "2012-12-26T17:14:00+07:00");
	CHECK(!a.published_inferred);
	parser_article_release(&a);
}

static void test_byline_before_photo_credit(void)
{
	struct parser_article a;

	/* the story ends "... H.V." then "Ảnh: Misso": the initials are the byline */
	CHECK_INT(test_extract_file(dir, "ngoisao1.html", NULL, &a), VN_OK);
	CHECK_STR(a.author, "H.V.");
	CHECK_NOT_CONTAINS(a.body, "H.V.");
	CHECK_CONTAINS(a.body, "Ảnh: Misso");
	parser_article_release(&a);
	/* a vote counter under the story is furniture */
	CHECK_INT(test_extract_file(dir, "24h1.html", NULL, &a), VN_OK);
	CHECK_STR(a.title, "Đột nhập lò luyện thi công chức Hàn Quốc");
	CHECK_NOT_CONTAINS(a.body, "bình chọn");
	CHECK_NOT_CONTAINS(a.body, "Thứ Hai, 24/12/2012, 03:04 AM");
	parser_article_release(&a);
}

static void test_home_page_is_listing(void)
{
	struct parser_article a;

	CHECK_INT(test_extract_file(dir, "vnexpress.hompage.html", "https://vnexpress.net/", &a),
		  VN_OK);
	CHECK_STR(parser_page_kind_name(a.kind), "listing");
	CHECK(a.n_links > 100);
	parser_article_release(&a);
}

static void test_links_resolved_against_page_url(void)
{
	struct parser_article a;
	bool all_abs = true, found = false;

	CHECK_INT(test_extract_file(dir, "nld1.html", "http://nld.com.vn/20121226051446379p0c1019/x.htm",
				    &a), VN_OK);
	for (size_t i = 0; i < a.n_links; i++) {
		if (strncmp(a.links[i], "http://", 7) != 0 && strncmp(a.links[i], "https://", 8) != 0)
			all_abs = false;
		if (strcmp(a.links[i], "http://nld.com.vn/p0c1019/phap-luat.htm") == 0)
			found = true; /* href="/p0c1019/phap-luat.htm" */
	}
	CHECK(all_abs);
	CHECK(found);
	CHECK_STR(a.site, "nld.com.vn");
	parser_article_release(&a);
}

static void test_json_record_round_trip(void)
{
	struct parser_article a, b;
	json_t *j = NULL, *j2 = NULL;
	char *s1, *s2;

	CHECK_INT(test_extract_file(dir, "dantri1.html", "http://dantri.com.vn/su-kien/x.htm", &a),
		  VN_OK);
	CHECK_INT(parser_article_to_json(&a, false, &j), VN_OK);
	CHECK_STR(json_string_value(json_object_get(j, "title")), a.title);
	CHECK_STR(json_string_value(json_object_get(j, "kind")), "article");
	CHECK(json_is_array(json_object_get(j, "documents")));
	CHECK(json_object_get(j, "labels") == NULL); /* not computed here: absent */
	CHECK_INT(parser_article_from_json(j, &b), VN_OK);
	CHECK_STR(b.body, a.body);
	CHECK_STR(b.published, a.published);
	CHECK_INT(parser_article_to_json(&b, false, &j2), VN_OK);
	s1 = json_dumps(j, JSON_SORT_KEYS);
	s2 = json_dumps(j2, JSON_SORT_KEYS);
	CHECK_STR(s1, s2);
	free(s1);
	free(s2);
	json_decref(j);
	json_decref(j2);
	parser_article_release(&a);
	parser_article_release(&b);
}

int main(void)
{
	snprintf(dir, sizeof dir, "%s/data/vi-pages", test_shared_dir());
	TEST_RUN(test_dantri_headline_and_lead);
	TEST_RUN(test_nld_headline_lead_and_date);
	TEST_RUN(test_byline_before_photo_credit);
	TEST_RUN(test_byline_above_share_counters);
	TEST_RUN(test_home_page_is_listing);
	TEST_RUN(test_links_resolved_against_page_url);
	TEST_RUN(test_json_record_round_trip);
	return test_done();
}
