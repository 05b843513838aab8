#!/usr/bin/env python3
"""site_gen.py -- writes a static provincial-portal-shaped site for the crawl benchmark.

The same directory is served by nginx to vnnews crawl, wget2 and wget, so every crawler
fetches the same pages.  Shape (depth 3, so no crawler's depth limit decides the result):
  /index.html                   menu of 10 categories + the 20 latest articles
  /c/<k>/index.html, p<n>.html  category listings, 20 articles each, a numbered pager
  /a/<k>/<id>.html              articles: menu, headline, "Ngày đăng" date line, byline,
                                body from real corpus-vi text, "Tin liên quan", counters,
                                footer with address/phone (the boilerplate of issue #3)
  /robots.txt                   allows everything
  /pages.txt                    "<total html pages> <articles>" for bench/run
Deterministic: the same --pages and corpus give the same bytes.
usage: site_gen.py --pages N --corpus baomoi-2018.jsonl.gz --out DIR
"""
import argparse
import gzip
import html
import json
import os
import shutil

CATEGORIES = ["Tin tức - Sự kiện", "Chỉ đạo điều hành", "Y tế", "Giáo dục", "Kinh tế",
              "Văn hóa - Xã hội", "Nông nghiệp", "Quốc phòng - An ninh", "Khoa học - Công nghệ",
              "Thông báo"]
PER_PAGE = 20


def menu():
    items = "".join(f'<li><a href="/c/{k}/index.html">{html.escape(c)}</a></li>'
                    for k, c in enumerate(CATEGORIES))
    return (f'<div class="header"><a href="/index.html">CỔNG THÔNG TIN ĐIỆN TỬ TỈNH MẪU</a>'
            f'<form action="/search"><input name="q"></form></div><ul class="menu">{items}</ul>')


FOOTER = ('<div class="footer">Thống kê truy cập: Đang truy cập 123 | Tổng 4.567.890<br>'
          'Cơ quan chủ quản: Ủy ban nhân dân tỉnh Mẫu. Địa chỉ: Số 1 đường Trần Phú, thành phố Mẫu. '
          'Điện thoại: 0200 3 123 456. Email: banbientap@mau.gov.vn</div>')


def page(title, body):
    return (f'<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>{html.escape(title)}'
            f' - Cổng thông tin điện tử tỉnh Mẫu</title></head><body>{menu()}'
            f'<div class="main">{body}</div>{FOOTER}</body></html>\n')


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, required=True, help="number of article pages")
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()

    texts = []
    with gzip.open(args.corpus, "rt", encoding="utf-8") as f:
        for line in f:
            texts.append(json.loads(line)["text"])
            if len(texts) >= max(4 * args.pages, 1000):
                break
    tmp = args.out + ".tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    os.makedirs(tmp)
    ncat = len(CATEGORIES)
    arts = [[] for _ in range(ncat)]  # (id, title)
    for i in range(args.pages):
        k = i % ncat
        parts = [texts[(i * 3 + j) % len(texts)] for j in range(3)]
        title = parts[0].split("\n", 1)[0][:200]
        paras = [p for t in parts for p in t.split("\n") if p.strip()][1:]
        day, month = 1 + i % 28, 1 + (i // 28) % 12
        related = "".join(
            f'<li><a href="/a/{(i + d) % ncat}/{(i + d) % args.pages}.html">Tin {(i + d) % args.pages}</a></li>'
            for d in (1, 2, 3, 11, 23))
        body = (f'<h1 class="title">{html.escape(title)}</h1>'
                f'<div class="date">Ngày đăng {day:02d}/{month:02d}/2021 | {8 + i % 10}:{i % 60:02d}</div>'
                + "".join(f"<p>{html.escape(p)}</p>" for p in paras)
                + f'<p class="author">PV - Trung tâm VH-TT-TH</p>'
                f'<div class="share">Chia sẻ: Facebook Zalo In bài</div>'
                f'<div class="related"><h3>Tin liên quan</h3><ul>{related}</ul></div>')
        d = os.path.join(tmp, "a", str(k))
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, f"{i}.html"), "w", encoding="utf-8") as o:
            o.write(page(title, body))
        arts[k].append((i, title))
    listings = 0
    for k in range(ncat):
        d = os.path.join(tmp, "c", str(k))
        os.makedirs(d, exist_ok=True)
        npages = max(1, (len(arts[k]) + PER_PAGE - 1) // PER_PAGE)
        pager = " ".join(f'<a href="/c/{k}/{"index" if n == 1 else "p%d" % n}.html">{n}</a>'
                         for n in range(1, npages + 1))
        for n in range(1, npages + 1):
            chunk = arts[k][(n - 1) * PER_PAGE:n * PER_PAGE]
            lst = "".join(f'<li><a href="/a/{k}/{i}.html">{html.escape(t)}</a></li>' for i, t in chunk)
            name = "index.html" if n == 1 else f"p{n}.html"
            with open(os.path.join(d, name), "w", encoding="utf-8") as o:
                o.write(page(CATEGORIES[k], f'<h2>{html.escape(CATEGORIES[k])}</h2><ul>{lst}</ul>'
                             f'<div class="pager">{pager}</div>'))
            listings += 1
    latest = "".join(f'<li><a href="/a/{i % ncat}/{i}.html">Tin {i}</a></li>'
                     for i in range(min(20, args.pages)))
    with open(os.path.join(tmp, "index.html"), "w", encoding="utf-8") as o:
        o.write(page("Trang chủ", f"<h2>Tin mới</h2><ul>{latest}</ul>"))
    with open(os.path.join(tmp, "robots.txt"), "w") as o:
        o.write("User-agent: *\nAllow: /\n")
    total = 1 + listings + args.pages
    with open(os.path.join(tmp, "pages.txt"), "w") as o:
        o.write(f"{total} {args.pages}\n")
    shutil.rmtree(args.out, ignore_errors=True)
    os.rename(tmp, args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
