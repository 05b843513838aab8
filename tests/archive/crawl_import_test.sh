#!/bin/sh
# crawl_import_test.sh VNNEWS — the WARC round trip: `vnnews crawl --warc DIR` of the
# offline sample portal (scripts/serve-sample on 127.0.0.1, started here), then
# `vnnews import` of those WARC files into a fresh corpus gives the same articles (URL,
# title, date, content hash, tags) as the crawl stored; `vnnews reprocess` of the crawl's
# corpus, whose articles point into the WARC files, changes nothing; and npm warcio (when
# node is there) indexes every record of the crawl's files.
set -eu
vnnews=$1
src=${VNNEWS_SRCDIR:?}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/vnnews-roundtrip-XXXXXX")
. "$src/tests/sample_server.sh"
sample_server_start
cat > "$tmp/sample.ini" <<INI
[Cổng TTĐT tỉnh Sơn Hà]
province = Sơn Hà
start = $base
listing = /tin-tuc/*/\$
listing = /tin-tuc/*/page-
article = /tin-tuc/*/*.html\$
INI
# A WARC folder that cannot be made (under a regular file) is a clear error at once, not a
# crawl that hangs or runs without its archive.
rc=0
timeout 60 "$vnnews" crawl -q --db "$tmp/bad.db" --sites "$tmp/sample.ini" --delay 0 \
	--warc "$tmp/port/warc" 2> "$tmp/bad.err" || rc=$?
[ "$rc" -ne 0 ] && [ "$rc" -ne 124 ] || fail "--warc under a regular file: exit $rc (124 = hung)"
grep -q "$tmp/port/warc" "$tmp/bad.err" || fail "the error does not name the WARC folder: $(cat "$tmp/bad.err")"
# The WARC folder does not exist yet: the crawl makes it (and its parent), like mkdir -p.
"$vnnews" crawl -q --db "$tmp/crawl.db" --sites "$tmp/sample.ini" --delay 0 \
	--crawl-delay-cap 0.02 --max-per-pattern 20 --warc "$tmp/archive/warc" 2> "$tmp/crawl.err" ||
	fail "crawl exited $?: $(cat "$tmp/crawl.err")"
warc="$tmp/archive/warc"
ls "$warc"/*.warc.gz > /dev/null 2>&1 || fail "the crawl wrote no WARC file"
ls "$warc"/*.open > /dev/null 2>&1 && fail "a WARC file was left .open"
"$vnnews" import --db "$tmp/import.db" --sites "$tmp/sample.ini" "$warc"/*.warc.gz \
	2> "$tmp/import.err" || fail "import exited $?: $(cat "$tmp/import.err")"
cat "$tmp/import.err"

dump() {
	python3 - "$1" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
for row in db.execute("SELECT a.url, a.title, a.published, a.content_hash, (SELECT"
                      " group_concat(class || '=' || label, ',') FROM (SELECT class, label"
                      " FROM tags t WHERE t.article_id = a.id ORDER BY class))"
                      " FROM articles a ORDER BY a.url"):
    print("\t".join("" if v is None else str(v) for v in row))
PY
}
dump "$tmp/crawl.db" > "$tmp/crawl.dump"
dump "$tmp/import.db" > "$tmp/import.dump"
n=$(wc -l < "$tmp/crawl.dump")
[ "$n" -ge 40 ] || fail "the crawl stored only $n articles"
cmp -s "$tmp/crawl.dump" "$tmp/import.dump" ||
	fail "import differs from the crawl: $(diff "$tmp/crawl.dump" "$tmp/import.dump" | head -5)"
echo "import of the crawl's WARC files: the same $n articles, titles, dates, hashes and tags"

python3 - "$tmp/crawl.db" <<'PY' || fail "the crawl's articles do not point into its WARC files"
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
n, w = db.execute("SELECT count(*), count(r.warc_file) FROM articles a JOIN raw r"
                  " ON r.id = a.raw_id").fetchone()
assert n > 0 and n == w, (n, w)
PY
"$vnnews" reprocess --db "$tmp/crawl.db" 2> "$tmp/re.err" || fail "reprocess exited $?: $(cat "$tmp/re.err")"
dump "$tmp/crawl.db" > "$tmp/re.dump"
cmp -s "$tmp/crawl.dump" "$tmp/re.dump" ||
	fail "reprocess of the crawl changed it: $(diff "$tmp/crawl.dump" "$tmp/re.dump" | head -5)"
echo "reprocess from the crawl's WARC pointers: nothing changed"

node_dir=$src/tests/archive/node
if command -v node >/dev/null 2>&1 && [ -d "$node_dir/node_modules/warcio" ]; then
	for f in "$warc"/*.warc.gz; do
		ours=$(python3 - "$f" <<'PY'
import sys, zlib
data = open(sys.argv[1], "rb").read()
n = pos = 0
while pos < len(data):
    d = zlib.decompressobj(16 + zlib.MAX_WBITS)
    d.decompress(data[pos:])
    pos = len(data) - len(d.unused_data)
    n += 1
print(n)
PY
)
		theirs=$(cd "$node_dir" && node node_modules/warcio/dist/cli.js cdx-index --all "$f" | wc -l)
		[ "$ours" -eq "$theirs" ] || fail "warcio indexed $theirs of the $ours records of $f"
	done
	echo "warcio cdx-index: every record of the crawl's WARC files"
fi
