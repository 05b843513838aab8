#!/bin/sh
# import_test.sh VNNEWS — `vnnews import` of a WARC written by another tool: Debian's wget
# crawls the offline sample portal (scripts/serve-sample, started here on 127.0.0.1) with
# --warc-file, and importing that file must yield exactly the articles of
# data/sample-site/truth.jsonl (URL, title, date).  A second import changes nothing; then
# `vnnews reprocess` with a lexicon that can no longer tag "meeting" drops that tag and
# keeps every article, and reprocess with the shipped lexicon brings the tags back, twice
# over with the same result.  Skips (77) only when wget is absent.
set -eu
vnnews=$1
src=${VNNEWS_SRCDIR:?}
if ! command -v wget >/dev/null 2>&1; then
	echo "SKIP: wget not installed (scripts/install-deps --test installs it)"
	exit 77
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/vnnews-import-XXXXXX")
. "$src/tests/sample_server.sh"
sample_server_start

# wget as an archivist would run it: recursive, robots.txt obeyed, the endless calendar
# left out, gzip asked for so the WARC holds content-encoded bodies.
(cd "$tmp" && wget --quiet --recursive --level=6 --no-parent --compression=gzip \
	--reject-regex 'lich-cong-tac|tim-kiem' --warc-file="$tmp/wget" \
	--directory-prefix="$tmp/mirror" "$base") || [ $? -eq 8 ] || fail "wget failed"
[ -s "$tmp/wget.warc.gz" ] || fail "wget wrote no WARC"

# The same sites file as the crawl test of the sample portal (tests/crawler/crawl_test.py):
# the site's article and listing patterns decide what is kept.
cat > "$tmp/sample.ini" <<INI
[Cổng TTĐT tỉnh Sơn Hà]
province = Sơn Hà
start = $base
listing = /tin-tuc/*/\$
listing = /tin-tuc/*/page-
article = /tin-tuc/*/*.html\$
INI
"$vnnews" import --db "$tmp/a.db" --sites "$tmp/sample.ini" "$tmp/wget.warc.gz" 2> "$tmp/import1.err" ||
	fail "import exited $?: $(cat "$tmp/import1.err")"
cat "$tmp/import1.err"

dump() {
	python3 - "$1" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
for row in db.execute("SELECT a.url, a.title, a.published, a.content_hash, a.first_seen,"
                      " a.last_seen, (SELECT group_concat(class || '=' || label, ',') FROM"
                      " (SELECT class, label FROM tags t WHERE t.article_id = a.id ORDER BY class))"
                      " FROM articles a ORDER BY a.url"):
    print("\t".join("" if v is None else str(v) for v in row))
print("raw rows", db.execute("SELECT count(*) FROM raw").fetchone()[0])
PY
}

python3 - "$tmp/a.db" "$src/data/sample-site/truth.jsonl" <<'PY'
import json, sqlite3, sys, urllib.parse
db = sqlite3.connect(sys.argv[1])
rows = db.execute("SELECT a.url, a.title, a.published, r.warc_file, a.province FROM articles a"
                  " LEFT JOIN raw r ON r.id = a.raw_id").fetchall()
got = {urllib.parse.urlsplit(u).path: (t, p, w) for u, t, p, w, _ in rows}
assert all(r[4] == "Sơn Hà" for r in rows), "province from the sites file"
truth = {}
for line in open(sys.argv[2], encoding="utf-8"):
    r = json.loads(line)
    truth[r["path"]] = (r["title"], r["published"])
missing = sorted(set(truth) - set(got))
extra = sorted(set(got) - set(truth))
assert not missing, f"articles not imported: {missing}"
assert not extra, f"pages imported as articles that are not: {extra}"
bad = [(p, got[p][:2], truth[p]) for p in truth if got[p][:2] != truth[p]]
assert not bad, f"title/date differ: {bad[:3]}"
assert all(w and w.endswith("wget.warc.gz") for (_, _, w) in got.values()), \
    "articles must point into the WARC (wget writes one gzip member per record)"
print(f"{len(got)} articles imported, all {len(truth)} of truth.jsonl with their titles and dates")
PY

dump "$tmp/a.db" > "$tmp/dump1"
"$vnnews" import --db "$tmp/a.db" --sites "$tmp/sample.ini" "$tmp/wget.warc.gz" 2> "$tmp/import2.err" ||
	fail "second import exited $?"
grep -q "articles: 0 new, 0 updated, " "$tmp/import2.err" ||
	fail "second import changed something: $(cat "$tmp/import2.err")"
dump "$tmp/a.db" > "$tmp/dump2"
cmp -s "$tmp/dump1" "$tmp/dump2" || fail "second import changed the corpus: $(diff "$tmp/dump1" "$tmp/dump2" | head)"
echo "second import: nothing changed"

# reprocess: a lexicon without the meeting model, whose meeting threshold no score reaches
meetings=$(grep -c 'meeting=1' "$tmp/dump1" || true)
[ "$meetings" -gt 0 ] || fail "no article tagged meeting to begin with"
sed -e 's/^threshold\tmeeting\t.*/threshold\tmeeting\t100000/' -e '/^model\tmeeting\t/d' "$src/data/lexicon.tsv" > "$tmp/lexicon.tsv"
cmp -s "$src/data/lexicon.tsv" "$tmp/lexicon.tsv" && fail "could not write the changed lexicon"
"$vnnews" reprocess --db "$tmp/a.db" --lexicon "$tmp/lexicon.tsv" 2> "$tmp/re1.err" ||
	fail "reprocess exited $?: $(cat "$tmp/re1.err")"
cat "$tmp/re1.err"
dump "$tmp/a.db" > "$tmp/dump3"
[ "$(grep -c 'meeting=1' "$tmp/dump3" || true)" -eq 0 ] || fail "meeting tags survived the lexicon change"
[ "$(wc -l < "$tmp/dump3")" -eq "$(wc -l < "$tmp/dump1")" ] || fail "reprocess changed the article count"
# everything but the tags is as before
cut -f1-6 "$tmp/dump1" > "$tmp/c1"; cut -f1-6 "$tmp/dump3" > "$tmp/c3"
cmp -s "$tmp/c1" "$tmp/c3" || fail "reprocess changed more than tags: $(diff "$tmp/c1" "$tmp/c3" | head)"
echo "reprocess with the changed lexicon: $meetings meeting tags gone, nothing else changed"
"$vnnews" reprocess --db "$tmp/a.db" 2> /dev/null || fail "reprocess (shipped lexicon) failed"
dump "$tmp/a.db" > "$tmp/dump4"
cmp -s "$tmp/dump1" "$tmp/dump4" || fail "reprocess did not restore the tags: $(diff "$tmp/dump1" "$tmp/dump4" | head)"
"$vnnews" reprocess --db "$tmp/a.db" 2> /dev/null || fail "second reprocess failed"
dump "$tmp/a.db" > "$tmp/dump5"
cmp -s "$tmp/dump4" "$tmp/dump5" || fail "reprocess is not idempotent"
echo "reprocess with the shipped lexicon: tags back, and a second run changes nothing"

# A WARC gzip'd as one whole member (as some tools write it): its records cannot be read
# alone, so the corpus keeps the bytes, and reprocess works from those without the file.
zcat "$tmp/wget.warc.gz" | gzip -c > "$tmp/whole.warc.gz"
"$vnnews" import -q --db "$tmp/b.db" --sites "$tmp/sample.ini" "$tmp/whole.warc.gz" ||
	fail "import of the whole-file gzip WARC exited $?"
rm "$tmp/whole.warc.gz"
"$vnnews" reprocess -q --db "$tmp/b.db" --lexicon "$tmp/lexicon.tsv" ||
	fail "reprocess from stored bytes exited $?"
python3 - "$tmp/b.db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
n = db.execute("SELECT count(*) FROM articles").fetchone()[0]
inline = db.execute("SELECT count(*) FROM articles a JOIN raw r ON r.id = a.raw_id"
                    " WHERE r.warc_file IS NULL AND r.data IS NOT NULL").fetchone()[0]
meet = db.execute("SELECT count(*) FROM tags WHERE class = 'meeting' AND label = 1").fetchone()[0]
assert n == 45 and inline == 45, (n, inline)
assert meet == 0, meet
print("whole-file gzip WARC: 45 articles with their bytes in the corpus; reprocess from them works")
PY

# Two captures of one page in one WARC, in either order: the newer one is kept, and a
# second import of the file changes nothing.
python3 - "$src/data/sample-site" "$tmp" <<'PY'
import gzip, os, sys
site, tmp = sys.argv[1], sys.argv[2]
path = "/tin-tuc/hoat-dong/hoi-nghi-so-ket-cong-tac-cai-cach-hanh-chinh-nam-2021-1002.html"
old = open(site + path, "rb").read()
new = old.replace("Chiều ngày 04/06/2021".encode(), "Sáng ngày 04/06/2021".encode())
assert new != old
def record(date, body, n):
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + body
    head = ("WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:0000000%d-0000-4000-8000-000000000000>\r\n"
            "WARC-Date: %s\r\nWARC-Target-URI: http://127.0.0.1:8000%s\r\n"
            "Content-Type: application/http;msgtype=response\r\nContent-Length: %d\r\n\r\n"
            % (n, date, path, len(http))).encode()
    return gzip.compress(head + http + b"\r\n\r\n")
old_rec = record("2025-01-01T00:00:00Z", old, 1)
new_rec = record("2025-02-01T00:00:00Z", new, 2)
open(os.path.join(tmp, "newer-first.warc.gz"), "wb").write(new_rec + old_rec)
open(os.path.join(tmp, "older-first.warc.gz"), "wb").write(old_rec + new_rec)
PY
for order in newer-first older-first; do
	"$vnnews" import -q --db "$tmp/$order.db" --sites "$tmp/sample.ini" "$tmp/$order.warc.gz" ||
		fail "import of $order exited $?"
	"$vnnews" import --db "$tmp/$order.db" --sites "$tmp/sample.ini" "$tmp/$order.warc.gz" 2> "$tmp/$order.err" ||
		fail "second import of $order exited $?"
	grep -q "articles: 0 new, 0 updated, 2 unchanged" "$tmp/$order.err" ||
		fail "$order: second import: $(cat "$tmp/$order.err")"
	python3 - "$tmp/$order.db" <<'PY' || fail "$order: the newer capture is not the one stored"
import sqlite3, sys
body, n = sqlite3.connect(sys.argv[1]).execute("SELECT body, count(*) FROM articles").fetchone()
assert n == 1 and "Sáng ngày 04/06/2021" in body, (n, body[:80])
PY
done
echo "two captures of a page, either order: the newer kept, re-import a no-op"
