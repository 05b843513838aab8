#!/usr/bin/env python3
"""bench/bigpage.py -- writes a big HTML page for the extraction memory figure (issue #3:
"peak RSS for a 10 MB page under 10x the page size").

Three shapes, each generated at run time (nothing big is committed):
  article   a real Vietnamese news page (../shared/data/vi-pages/nld1.html) whose article
            container (<div class="content">) has its paragraphs repeated until the page
            reaches the size: the menus, scripts and sidebars of the real page stay
  line      one line of Vietnamese text, no markup and no newline (the article's words)
  elements  many small elements: link lists (<ul><li><a>) and short <p>s, as a listing
            page or a sitemap-like dump would have
  table     one table of documents, a row each (number, title, date, a download link), as
            a portal's "Văn bản" page lists them
  comments  a short article under readers' comments (a name and a one-sentence <p> each)
--indent puts a newline and two spaces between every two tags, as a pretty-printer or a
template writes them (white space between elements is text to libxml2).

usage: bench/bigpage.py [--kind article|line|elements|table|comments] [--indent] [--size BYTES] OUT
Python 3 standard library only.
"""
import argparse
import html
import os
import re
import sys

BENCH = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(BENCH)
SHARED = os.environ.get("VNNEWS_SHARED", os.path.join(ROOT, "..", "shared"))
if not os.path.isdir(SHARED):
    SHARED = "/work/shared"
PAGE = os.path.join(SHARED, "data", "vi-pages", "nld1.html")
MARK = '<div class="content">'


def article_parts():
    """(head, inner, tail): the page before the article container's content, the
    content itself (real markup), and the rest of the page."""
    with open(PAGE, encoding="utf-8") as f:
        page = f.read()
    start = page.index(MARK) + len(MARK)
    depth, pos = 1, start
    for m in re.finditer(r"<(/?)div\b", page[start:], re.I):
        depth += -1 if m.group(1) else 1
        if depth == 0:
            pos = start + m.start()
            break
    else:
        sys.exit(f"bigpage: {PAGE}: no end of {MARK}")
    return page[:start], page[start:pos], page[pos:]


def article_words(inner):
    text = html.unescape(re.sub(r"<[^>]*>", " ", inner))
    return " ".join(text.split())


def gen_article(size):
    head, inner, tail = article_parts()
    fixed = len(head.encode()) + len(tail.encode())
    unit = inner.encode()
    n = max(1, (size - fixed) // len(unit))
    return head.encode() + unit * n + tail.encode()


def gen_line(size):
    words = (article_words(article_parts()[1]) + " ").encode()
    return (words * (size // len(words) + 1))[:size].decode("utf-8", "ignore").encode()


def gen_elements(size):
    return repeat_units(
        size, "<!DOCTYPE html><html><head><meta charset=utf-8><title>Danh sách tin</title>"
        "</head><body>",
        lambda i: ("<ul>" + "".join(f'<li><a href="/tin/{i * 20 + k}.htm">Tin số {i * 20 + k}'
                                    "</a></li>" for k in range(20)) +
                   "</ul>" + "".join(f"<p>Mục {i * 10 + k}</p>" for k in range(10))),
        "</body></html>\n")


def repeat_units(size, head, unit, tail):
    """`head`, then unit(0), unit(1), ... until the page reaches `size` bytes, then `tail`."""
    out, total, i = [head.encode()], len(head.encode()), 0
    while total < size:
        piece = unit(i).encode()
        out.append(piece)
        total += len(piece)
        i += 1
    out.append(tail.encode())
    return b"".join(out)


def gen_table(size):
    return repeat_units(
        size, "<!DOCTYPE html><html><head><meta charset=utf-8><title>Danh sách văn bản</title>"
        "</head><body><h1>Danh sách văn bản</h1><table>",
        lambda i: (f"<tr><td>{i}</td><td>Quyết định số {i}/QĐ-UBND về việc phê duyệt kế hoạch"
                   f"</td><td>0{i % 9 + 1}/0{i % 9 + 1}/2021</td><td><a href=\"/vb/{i}.pdf\">"
                   "Tải về</a></td></tr>\n"),
        "</table></body></html>\n")


def gen_comments(size):
    return repeat_units(
        size, "<!DOCTYPE html><html><head><meta charset=utf-8><title>Bình luận</title></head>"
        "<body><div class=\"content\"><p>Bài viết chính về vấn đề giao thông đô thị của "
        "thành phố trong năm nay.</p></div><div class=\"comments\">",
        lambda i: (f"<div class=\"comment\"><span class=\"name\">Bạn đọc {i}</span><p>Tôi "
                   "đồng ý với ý kiến này, cần xử lý nghiêm.</p></div>\n"),
        "</div></body></html>\n")


def indent(data, size):
    """`data` with a newline and two spaces between every two tags, cut back to `size`
    bytes at a tag (the page's end is lost: libxml2 closes what is open)."""
    data = data.replace(b"><", b">\n  <")
    if len(data) > size:
        data = data[:data.rindex(b"<", 0, size)]
    return data


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--kind", choices=("article", "line", "elements", "table", "comments"), default="article")
    ap.add_argument("--size", type=int, default=10 * 1000 * 1000, help="bytes (10 MB)")
    ap.add_argument("--indent", action="store_true",
                    help="a newline and two spaces between every two tags")
    ap.add_argument("out")
    a = ap.parse_args()
    data = {"article": gen_article, "line": gen_line, "elements": gen_elements,
            "table": gen_table, "comments": gen_comments}[a.kind](a.size)
    if a.indent:
        data = indent(data, a.size)
    with open(a.out, "wb") as f:
        f.write(data)
    return 0


if __name__ == "__main__":
    sys.exit(main())
