#!/usr/bin/python3
"""pyextract.py -- the Python peers of vnnews extract, many pages in ONE process:
  readability   readability-lxml (Debian python3-readability): Document(html).summary(),
                turned into text with html_text, as the published benchmark runner does;
  wholepage     the whole-page text baseline: html_text.extract_text of the full page
                (the published "html-text" row, F1 0.665).
usage: /usr/bin/python3 pyextract.py readability|wholepage [--out DIR] FILE...
Prints one JSON line {"pages", "bytes", "failed", "seconds"}; seconds covers the loop only.
Run with Debian's /usr/bin/python3: the modules are Debian packages.
"""
import json
import os
import sys
import time

import html_text


def main():
    if len(sys.argv) < 3 or sys.argv[1] not in ("readability", "wholepage"):
        print(__doc__.strip(), file=sys.stderr)
        return 2
    mode, rest = sys.argv[1], sys.argv[2:]
    out = None
    if rest[:1] == ["--out"]:
        out, rest = rest[1], rest[2:]
    if mode == "readability":
        from readability import Document

        def extract(html):
            return html_text.extract_text(Document(html).summary(html_partial=True))
    else:
        extract = html_text.extract_text

    nbytes = failed = 0
    t0 = time.perf_counter()
    for path in rest:
        with open(path, "rb") as f:
            raw = f.read()
        nbytes += len(raw)
        try:
            text = extract(raw.decode("utf-8", errors="replace"))
        except Exception as e:  # a peer failing on a page scores it empty, and says so
            failed += 1
            text = ""
            print(f"pyextract {mode}: {path}: {e}", file=sys.stderr)
        if out:
            name = os.path.basename(path).split(".")[0] + ".txt"
            with open(os.path.join(out, name), "w", encoding="utf-8") as f:
                f.write(text)
    secs = time.perf_counter() - t0
    print(json.dumps({"pages": len(rest), "bytes": nbytes, "failed": failed, "seconds": secs}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
