#!/bin/sh
# warc_readers.sh FIXTURE_EXE — writes the fixture WARC and has independent readers read it:
# `warcio cdx-index --all` must index every record, and node/check.mjs (warcio.js and
# node-warc) checks record types, payload digests and decoding.  Skips (exit 77) only when
# node/npm are absent; installs the pinned readers from node/package-lock.json on first use.
set -eu
fixture=$1
here=$(dirname "$0")
if [ -n "${VNNEWS_SRCDIR:-}" ]; then here=$VNNEWS_SRCDIR/tests/archive; fi
node_dir=$here/node
if ! command -v npm >/dev/null 2>&1 || ! command -v node >/dev/null 2>&1; then
	echo "SKIP: npm/node not installed (scripts/install-deps --test installs them)"
	exit 77
fi
if [ ! -d "$node_dir/node_modules/warcio" ] || [ ! -d "$node_dir/node_modules/node-warc" ]; then
	(cd "$node_dir" && npm ci --no-audit --no-fund --loglevel=error) || {
		echo "FAIL: npm ci in $node_dir could not install warcio and node-warc" >&2
		exit 1
	}
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/vnnews-warcio-XXXXXX")
trap 'rm -rf "$tmp"' EXIT
file=$("$fixture" "$tmp")
records=$(cd "$node_dir" && node node_modules/warcio/dist/cli.js cdx-index --all "$file" | wc -l)
if [ "$records" -ne 9 ]; then
	echo "FAIL: warcio cdx-index --all indexed $records records of $file, want 9" >&2
	(cd "$node_dir" && node node_modules/warcio/dist/cli.js cdx-index --all "$file") >&2 || true
	exit 1
fi
echo "warcio cdx-index: $records records"
(cd "$node_dir" && node check.mjs "$file")
