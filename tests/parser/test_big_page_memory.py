#!/usr/bin/env python3
"""Peak memory of `vnnews extract` on a 10 MB page (issue #3: "peak RSS for a 10 MB page
under 10x the page size").

usage: test_big_page_memory.py VNNEWS SHAPE LIMIT
SHAPE is one of bench/bigpage.py's shapes (article, line, elements, comments),
elements-indent (its elements with --indent: white space between all tags) or windows-1258
(the article shape converted with iconv, so the page goes through the non-UTF-8 decoder).
The page is generated at run time; the test extracts it as a user would
(`vnnews extract --format json PAGE`), checks the record, and fails when the process's
peak RSS (getrusage of the child) is LIMIT times the page's size or more.  Sanitizer
builds inflate memory: meson registers this test only in plain builds."""
import json
import os
import resource
import subprocess
import sys
import tempfile

SRC = os.environ.get("VNNEWS_SRCDIR", os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.join(SRC, "bench"))
import bigpage  # noqa: E402  (bench/bigpage.py: the pages the bench measures)

SIZE = 10 * 1000 * 1000


def make_page(shape, path):
    if shape == "elements-indent":
        with open(path, "wb") as f:
            f.write(bigpage.indent(bigpage.gen_elements(SIZE), SIZE))
        return
    if shape != "windows-1258":
        data = {"article": bigpage.gen_article, "line": bigpage.gen_line,
                "elements": bigpage.gen_elements,
                "comments": bigpage.gen_comments}[shape](SIZE)
        with open(path, "wb") as f:
            f.write(data)
        return
    # windows-1258 writes most letters as a base and a tone mark: 7 % fewer bytes
    utf8 = bigpage.gen_article(SIZE * 107 // 100)
    utf8 = utf8.replace(b"charset=utf-8", b"charset=windows-1258", 1)
    with open(path, "wb") as f:
        subprocess.run(["iconv", "-f", "UTF-8", "-t", "WINDOWS-1258"], input=utf8, stdout=f,
                       check=True)


def main():
    vnnews, shape, limit = sys.argv[1], sys.argv[2], float(sys.argv[3])
    with tempfile.TemporaryDirectory(prefix="vnnews-bigpage-") as tmp:
        page = os.path.join(tmp, shape + ".html")
        make_page(shape, page)
        size = os.path.getsize(page)
        p = subprocess.run([vnnews, "extract", "--format", "json", page],
                           capture_output=True, timeout=120)
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    fails = []
    if p.returncode != 0:
        fails.append(f"exit {p.returncode}: {p.stderr.decode(errors='replace')[:300]}")
    else:
        rec = json.loads(p.stdout)
        if shape in ("article", "windows-1258"):
            if rec.get("kind") != "article" or len(rec.get("body", "")) < size // 4:
                fails.append(f"the article was not extracted: kind {rec.get('kind')}, "
                             f"body {len(rec.get('body', ''))} characters")
            want = "UTF-8" if shape == "article" else "windows-1258"
            if rec.get("charset") != want:
                fails.append(f"charset {rec.get('charset')}, not {want}")
        elif shape == "line" and len(rec.get("body", "")) < size // 4:
            fails.append(f"the line's text was not extracted: body "
                         f"{len(rec.get('body', ''))} characters")
        elif shape == "comments" and not rec.get("body", "").startswith("Bài viết chính"):
            fails.append(f"the article above the comments was not extracted: body "
                         f"{rec.get('body', '')[:80]!r}")
        elif shape.startswith("elements") and rec.get("title") != "Danh sách tin":
            fails.append(f"title {rec.get('title')!r}")
    ratio = peak / size
    print(f"{shape}: page {size} bytes, peak RSS {peak // 1024} KiB = {ratio:.2f}x the page "
          f"(limit {limit}x)")
    if ratio >= limit:
        fails.append(f"peak RSS {ratio:.2f}x the page size, limit {limit}x")
    for f in fails:
        print(f"FAIL {shape}: {f}")
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
