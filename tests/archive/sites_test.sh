#!/bin/sh
# sites_test.sh VNNEWS — the shipped portal list loads as sites files and has what it claims
# (63 provinces of 2021-2025, 34 from July 2025, every entry unverified), and `sites check`
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
[ "$p25" -eq $((n - old)) ] || fail "--period 2025- listed $p25 sites, want $((n - old))"
"$vnnews" sites list --json > "$tmp/all.json"
python3 - "$tmp/all.json" "$n" <<'PY'
import json, sys
sites = json.load(open(sys.argv[1]))
assert len(sites) == int(sys.argv[2]), len(sites)
for s in sites:
    assert s["verified"] is False, s["name"]
    assert s["start"] and all(u.startswith("https://") for u in s["start"]), s["name"]
    assert s["province"] and s["period"], s["name"]
print(f"{len(sites)} sites in JSON, all unverified")
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
echo "sites check: ok, 404 and refused told apart"
