#!/bin/sh
# test_cli_extract_sites.sh VNNEWS — `vnnews extract --sites FILE --url URL` applies the
# xpath_title/xpath_body/xpath_date overrides of the site whose hosts hold the URL's host;
# with -v an override that gives nothing is named (site, line, key) on stderr and the
# heuristics' answer is printed; a URL of no listed site changes nothing.
set -u
exe=$1
page=${VNNEWS_SRCDIR}/tests/data/parser/figure-caption-vi.html
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

cat >"$tmp/sites.ini" <<'INI'
[vnnews]
contact = https://example.org/vnnews

[Cổng TTĐT tỉnh Ví Dụ]
province = Ví Dụ
start = https://tinh.gov.vn/tin-tuc
xpath_title = //div[@class='date']
xpath_body = //figure[1]
xpath_date = //p[contains(., 'Sáng ngày')]

[Huyện Khác]
start = https://huyen.gov.vn/
xpath_body = //div[@id='khong-co']
INI

"$exe" extract --sites "$tmp/sites.ini" --url https://tinh.gov.vn/tin/3 -v "$page" \
	>"$tmp/out" 2>"$tmp/err" || { echo "overrides: failed"; cat "$tmp/err"; fail=1; }
grep -qx 'Title: Ngày đăng 01/12/2022 | 15:44' "$tmp/out" || { echo "xpath_title not applied"; fail=1; }
grep -qx 'Published: 2022-11-30T00:00:00+07:00' "$tmp/out" || { echo "xpath_date not applied"; fail=1; }
grep -qx 'Đồng chí Chủ tịch UBND tỉnh phát biểu chỉ đạo tại hội nghị.' "$tmp/out" ||
	{ echo "xpath_body not applied"; fail=1; }
grep -q 'Năm 2022, tình hình' "$tmp/out" && { echo "body beyond the xpath_body element"; fail=1; }
[ -s "$tmp/err" ] && { echo "overrides that matched were reported:"; cat "$tmp/err"; fail=1; }

"$exe" extract --sites "$tmp/sites.ini" --url https://huyen.gov.vn/tin/9 -v "$page" \
	>"$tmp/out" 2>"$tmp/err" || { echo "missing override: failed"; fail=1; }
grep -q "site \[Huyện Khác\] (line 11): xpath_body gives nothing usable" "$tmp/err" ||
	{ echo "missing override not reported with site and line:"; cat "$tmp/err"; fail=1; }
grep -q 'Năm 2022, tình hình kinh tế' "$tmp/out" || { echo "no heuristic body after a miss"; fail=1; }
grep -qx 'Title: Tỉnh tổng kết công tác năm 2022' "$tmp/out" || { echo "heuristic title lost"; fail=1; }

"$exe" extract --url https://other.vn/a "$page" >"$tmp/plain" 2>/dev/null
"$exe" extract --sites "$tmp/sites.ini" --url https://other.vn/a "$page" >"$tmp/out" 2>/dev/null
cmp -s "$tmp/plain" "$tmp/out" || { echo "a URL of no listed site changed the record"; fail=1; }

"$exe" extract --sites "$tmp/sites.ini" "$page" >/dev/null 2>"$tmp/err"
[ $? -eq 2 ] && grep -q -- "--url" "$tmp/err" || { echo "--sites without --url accepted"; fail=1; }
printf '[x]\nstart = ftp://a\n' >"$tmp/bad.ini"
"$exe" extract --sites "$tmp/bad.ini" --url https://a.vn/ "$page" >/dev/null 2>"$tmp/err"
[ $? -eq 2 ] && grep -q "bad.ini:" "$tmp/err" || { echo "bad sites file not named"; cat "$tmp/err"; fail=1; }

[ $fail -eq 0 ] && echo "ok" || exit 1
