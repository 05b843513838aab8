#!/bin/sh
# sites_test.sh VNNEWS — the shipped portal list loads as sites files and has what it claims
# (63 provinces of 2021-2025, 34 from July 2025, every entry unverified, every feed and
# department backed by a source = line whose shared-data files exist), and `sites check`
# tells a portal that answers from one that answers 404 and one that refuses connections,
# against a python3 http.server on 127.0.0.1 that this test starts.
set -eu
vnnews=$1
tmp=$(mktemp -d "${TMPDIR:-/tmp}/vnnews-sites-XXXXXX")
server=
cleanup() {
	if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; fi
	rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

"$vnnews" sites list > "$tmp/all.tsv"
n=$(wc -l < "$tmp/all.tsv")
old=$(awk -F'\t' '$2 == "portal" && $1 == "2021-2025"' "$tmp/all.tsv" | wc -l)
new=$(awk -F'\t' '$2 == "portal" && $1 == "2025-"' "$tmp/all.tsv" | wc -l)
[ "$old" -eq 63 ] || fail "$old portals of 2021-2025 listed, want 63"
[ "$new" -eq 34 ] || fail "$new portals from 2025 listed, want 34"
# one line per province in each period
dups=$(awk -F'\t' '$2 == "portal" {print $1 "|" $3}' "$tmp/all.tsv" | sort | uniq -d)
[ -z "$dups" ] || fail "provinces listed twice: $dups"
grep -q "	verified	" "$tmp/all.tsv" && fail "an entry claims verified = yes without a check"
p25=$("$vnnews" sites list --period 2025- | wc -l)
want25=$(awk -F'\t' '{ for (i = split($1, p, " "); i > 0; i--) if (p[i] == "2025-") { n++; break } } END { print n + 0 }' "$tmp/all.tsv")
[ "$p25" -eq "$want25" ] || fail "--period 2025- listed $p25 sites, want $want25"
"$vnnews" sites list --json > "$tmp/all.json"
python3 - "$tmp/all.json" "$n" "$tmp/all.tsv" "${VNNEWS_SHARED:-}" <<'PY'
import json, os, sys
sites = json.load(open(sys.argv[1]))
assert len(sites) == int(sys.argv[2]), len(sites)
tsv = {l.rstrip("\n").split("\t")[-1]: l.split("\t")[4] for l in open(sys.argv[3], encoding="utf-8")}
shared = sys.argv[4]
sourced = 0
for s in sites:
    name = s["name"]
    assert s["verified"] is False, name
    assert s["start"] and all(u.startswith(("https://", "http://")) for u in s["start"]), name
    assert s["province"] and s["period"], name
    # the text listing says the same as the JSON about the evidence
    assert tsv[name] == ("sourced" if s["sources"] else "unsourced"), (name, tsv[name])
    # nothing beyond a recalled home page without evidence: a feed or a department
    # other than the recalled Sở Y tế needs a source
    if s["feeds"] or s["kind"] not in ("portal", "health"):
        assert s["sources"], f"{name}: feed or department without a source"
    for src in s["sources"]:
        if src.startswith("shared:") and shared:
            path = os.path.join(shared, src[len("shared:"):])
            assert os.path.isfile(path), f"{name}: source {src} is not in the shared data"
    sourced += bool(s["sources"])
assert sourced, "no entry names its evidence"
print(f"{len(sites)} sites in JSON, all unverified, {sourced} with sources")
PY
echo "listed $n sites: $old provinces 2021-2025, $new from 2025"

# check against a local server
mkdir "$tmp/www"
echo '<html><body>Cổng thông tin</body></html>' > "$tmp/www/index.html"
(cd "$tmp/www" && exec python3 -u -m http.server 0 --bind 127.0.0.1) > "$tmp/server.log" 2>&1 &
server=$!
port=
for _ in $(seq 50); do
	port=$(sed -n 's/.*port \([0-9]*\).*/\1/p' "$tmp/server.log" | head -1)
	[ -n "$port" ] && break
	sleep 0.1
done
[ -n "$port" ] || fail "the test server did not start"
cat > "$tmp/local.ini" <<INI
[Cổng thử nghiệm]
province = Sơn Hà
period = 2025-
kind = portal
start = http://127.0.0.1:$port/
verified = no

[Cổng mất trang]
province = Sơn Hà
start = http://127.0.0.1:$port/khong-co.html

[Cổng đóng cửa]
province = Sơn Hà
start = http://127.0.0.1:1/
INI
set +e
"$vnnews" sites check --timeout 5 "$tmp/local.ini" > "$tmp/check.out" 2> "$tmp/check.err"
rc=$?
set -e
cat "$tmp/check.out"
[ "$rc" -eq 3 ] || fail "sites check exited $rc, want 3 (some sites did not answer)"
grep -q "^ok	200	.*	Cổng thử nghiệm" "$tmp/check.out" || fail "the answering site is not ok"
grep -q "^FAIL	404	.*	Cổng mất trang" "$tmp/check.out" || fail "the 404 site is not FAIL 404"
grep -q "^FAIL	0	.*	Cổng đóng cửa	.*onnect" "$tmp/check.out" || fail "the closed port is not a connect failure"
grep -q "1 site answered, 2 did not" "$tmp/check.err" || fail "summary: $(cat "$tmp/check.err")"
# a broken sites file is named with its line
printf '[x]\nstart = https://a.vn/\nbogus = 1\n' > "$tmp/bad.ini"
if "$vnnews" sites list "$tmp/bad.ini" 2> "$tmp/bad.err"; then fail "a bad file was accepted"; fi
grep -q "bad.ini:3: unknown key 'bogus'" "$tmp/bad.err" || fail "error: $(cat "$tmp/bad.err")"
# a source must be something a reader can follow; the error names the site and its line
printf '[y]\nstart = https://a.vn/\n\n[z]\nstart = https://b.vn/\nsource = somewhere\n' > "$tmp/badsrc.ini"
if "$vnnews" sites list "$tmp/badsrc.ini" 2> "$tmp/badsrc.err"; then fail "a bad source was accepted"; fi
grep -q "badsrc.ini:4: site \[z\]: source 'somewhere' is not" "$tmp/badsrc.err" ||
	fail "bad source error: $(cat "$tmp/badsrc.err")"
printf '[z]\nstart = https://b.vn/\nsource = github:o/r/a/b.py\nsource = shared:seeds/README.md https://b.vn/x\n' > "$tmp/src.ini"
"$vnnews" sites list --json "$tmp/src.ini" > "$tmp/src.json"
python3 -c 'import json,sys; s=json.load(open(sys.argv[1]))[0]["sources"]; assert s == ["github:o/r/a/b.py", "shared:seeds/README.md", "https://b.vn/x"], s' "$tmp/src.json" ||
	fail "sources in JSON: $(cat "$tmp/src.json")"
for bad in 'github:owner/repo' 'ftp://b.vn/x' 'shared:../etc/passwd'; do
	printf '[z]\nstart = https://b.vn/\nsource = %s\n' "$bad" > "$tmp/src2.ini"
	if "$vnnews" sites list "$tmp/src2.ini" 2>/dev/null >/dev/null; then fail "source '$bad' accepted"; fi
done
echo "sites check: ok, 404 and refused told apart"
