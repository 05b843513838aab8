#!/bin/sh
# test_cli_extract.sh VNNEWS — `vnnews extract` as a user runs it: several files give one
# JSON record per line in one process, a missing file is named on stderr with exit 2 while
# the others are still printed, gzip-compressed pages read as plain ones, and --help documents
# the options.
set -u
exe=$1
pages=${VNNEWS_SHARED}/data/vi-pages
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

"$exe" extract --format json "$pages/dantri1.html" "$pages/nld1.html" >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc -eq 0 ] || { echo "two files: exit $rc"; fail=1; }
[ "$(wc -l <"$tmp/out")" -eq 2 ] || { echo "two files: not two lines"; fail=1; }
grep -q '"title":"Chốt lịch nghỉ lễ Tết 2013 của công chức, viên chức"' "$tmp/out" ||
	{ echo "dantri record missing"; fail=1; }

"$exe" extract "$pages/dantri1.html" "$tmp/nope.html" "$pages/nld1.html" >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc -eq 2 ] || { echo "missing file: exit $rc, want 2"; fail=1; }
grep -q "vnnews extract: $tmp/nope.html: No such file" "$tmp/err" ||
	{ echo "missing file not named:"; cat "$tmp/err"; fail=1; }
[ "$(wc -l <"$tmp/out")" -eq 2 ] || { echo "missing file: the other two not printed"; fail=1; }

mkdir "$tmp/d" && cp "$pages/dantri1.html" "$pages/soha1.html" "$tmp/d/"
"$exe" extract "$tmp/d" >"$tmp/out" 2>"$tmp/err" || { echo "directory: failed"; fail=1; }
[ "$(wc -l <"$tmp/out")" -eq 2 ] || { echo "directory: not one line per file"; fail=1; }

"$exe" extract - <"$pages/nld1.html" >"$tmp/out" 2>"$tmp/err" || { echo "stdin: failed"; fail=1; }
grep -q '^Title: Thiếu tiền hụi' "$tmp/out" || { echo "stdin: no title line"; fail=1; }

: >"$tmp/empty.html"
"$exe" extract "$tmp/empty.html" >"$tmp/out" 2>"$tmp/err"
[ $? -eq 2 ] && grep -q "empty.html" "$tmp/err" || { echo "empty file: no clear error"; fail=1; }

# a gzip-compressed page (as the shared benchmark keeps its pages) extracts as the plain one,
# from a file and from standard input; damaged gzip data is an error naming the file
nosource() { sed 's/,*"source":"[^"]*"//' "$1"; }
"$exe" extract --format json "$pages/nld1.html" >"$tmp/out" 2>/dev/null
nosource "$tmp/out" >"$tmp/plain.json"
grep -q '"title":"Thiếu tiền hụi' "$tmp/plain.json" || { echo "plain page: no title"; fail=1; }
gzip -c "$pages/nld1.html" >"$tmp/nld1.html.gz"
"$exe" extract --format json "$tmp/nld1.html.gz" >"$tmp/out" 2>"$tmp/err" ||
	{ echo "gzip page: failed"; cat "$tmp/err"; fail=1; }
nosource "$tmp/out" | cmp -s "$tmp/plain.json" - ||
	{ echo "gzip page: not the plain page's record"; fail=1; }
"$exe" extract --format json - <"$tmp/nld1.html.gz" >"$tmp/out" 2>"$tmp/err" ||
	{ echo "gzip stdin: failed"; fail=1; }
nosource "$tmp/out" | cmp -s "$tmp/plain.json" - ||
	{ echo "gzip stdin: not the plain page's record"; fail=1; }
head -c 2000 "$tmp/nld1.html.gz" >"$tmp/cut.html.gz"
"$exe" extract "$tmp/cut.html.gz" >"$tmp/out" 2>"$tmp/err"
[ $? -eq 2 ] && grep -q "cut.html.gz: damaged or truncated gzip data" "$tmp/err" ||
	{ echo "truncated gzip: no clear error"; cat "$tmp/err"; fail=1; }

"$exe" extract --help >"$tmp/out" || { echo "--help failed"; fail=1; }
grep -q -- "--format" "$tmp/out" || { echo "--help lacks --format"; fail=1; }
"$exe" extract --format xml x.html 2>"$tmp/err"
[ $? -eq 2 ] || { echo "bad --format accepted"; fail=1; }

[ $fail -eq 0 ] && echo "ok" || exit 1
