#!/usr/bin/env python3
"""make_records.py — turn the shared corpus-vi items into vnnews records for benchmarks.

Usage: make_records.py CORPUS.jsonl.gz N [--repeat-salt]
Writes N records (JSON Lines, the `vnnews add` record shape) to stdout: the 126,659 items
repeated as often as needed, each copy with a new id/URL so nothing is an alias, a
deterministic publication date spread over 2018-01..2025-12, and the site taken from the
item's category.  Deterministic: the same N gives the same file.
"""
import gzip
import json
import sys
import unicodedata
import zlib


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    src, n = sys.argv[1], int(sys.argv[2])
    with gzip.open(src, "rt", encoding="utf-8") as f:
        items = [json.loads(line) for line in f if line.strip()]
    out = sys.stdout
    for i in range(n):
        item = items[i % len(items)]
        rep = i // len(items)
        text = item["text"]
        title, _, body = text.partition("\n")
        h = zlib.crc32(f"{item['id']}/{rep}".encode())
        year = 2018 + h % 8
        month = 1 + (h >> 3) % 12
        day = 1 + (h >> 7) % 28
        site = unicodedata.normalize("NFD", item.get("category", "x").replace("đ", "d").replace("Đ", "D")).encode(
            "ascii", "ignore").decode().lower().replace(" ", "-") or "x"
        rec = {
            "url": f"https://bench.invalid/{site}/{item['id']}-{rep}",
            "title": title,
            "published": f"{year:04d}-{month:02d}-{day:02d}T08:00:00+07:00",
            "published_inferred": False,
            "site": site,
            "lang": "vi",
            "body": body,
        }
        out.write(json.dumps(rec, ensure_ascii=False))
        out.write("\n")


if __name__ == "__main__":
    main()
