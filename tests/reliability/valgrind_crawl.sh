#!/bin/sh
# valgrind_crawl.sh VNNEWS — a whole crawl of the offline sample portal (scripts/serve-sample
# on 127.0.0.1, with WARC output) under valgrind's memcheck: no memory error and no leak of
# any kind but "still reachable" (libraries' own caches).  The sanitizer build runs the same
# crawl under LeakSanitizer; this one checks the plain build, where valgrind can see it.
set -eu
vnnews=$1
src=${VNNEWS_SRCDIR:?}
if ! command -v valgrind > /dev/null; then
	echo "valgrind is not installed (scripts/install-deps --test installs it)" >&2
	exit 77
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/vnnews-valgrind-XXXXXX")
. "$src/tests/sample_server.sh"
sample_server_start
rc=0
valgrind --leak-check=full --show-leak-kinds=definite,indirect,possible \
	--errors-for-leak-kinds=definite,indirect,possible --error-exitcode=99 \
	--log-file="$tmp/valgrind.log" "$vnnews" crawl -q --db "$tmp/c.db" --delay 0 \
	--crawl-delay-cap 0 --warc "$tmp/warc" "$base" \
	2> "$tmp/crawl.err" || rc=$?
[ "$rc" -ne 99 ] || fail "valgrind found errors or leaks: $(grep -A12 'SUMMARY\|lost in loss' "$tmp/valgrind.log" | head -60)"
[ "$rc" -eq 0 ] || fail "crawl under valgrind exited $rc: $(cat "$tmp/crawl.err")"
n=$(sqlite3 "$tmp/c.db" "SELECT count(*) FROM articles")
[ "$n" -ge 40 ] || fail "the crawl under valgrind stored only $n articles"
grep -A6 "LEAK SUMMARY" "$tmp/valgrind.log" | sed 's/^==[0-9]*== //'
grep "ERROR SUMMARY" "$tmp/valgrind.log" | sed 's/^==[0-9]*== //'
echo "crawl of the sample portal under valgrind: $n articles, no memory error, no leak"
