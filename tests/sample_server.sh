# sample_server.sh — sourced by the shell tests that crawl the offline sample portal.
# With $src (the source tree) and $tmp (a fresh temporary folder) set, it defines fail(),
# removes $tmp on exit (kept when KEEP is set) and sample_server_start, which serves the
# portal with scripts/serve-sample on 127.0.0.1 (a free port) and sets $base to its URL.
server=
sample_server_cleanup() {
	if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
	[ -n "${KEEP:-}" ] || rm -rf "$tmp"
}
trap sample_server_cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

sample_server_start() {
	python3 "$src/scripts/serve-sample" --port 0 --port-file "$tmp/port" > "$tmp/server.out" 2>&1 &
	server=$!
	for _ in $(seq 100); do [ -s "$tmp/port" ] && break; sleep 0.1; done
	[ -s "$tmp/port" ] || fail "serve-sample did not start: $(cat "$tmp/server.out")"
	base="http://127.0.0.1:$(cat "$tmp/port")/"
}
