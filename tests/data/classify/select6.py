#!/usr/bin/env python3
"""Select the candidates of dev6.jsonl: a third fresh sample like dev4.jsonl, kept for testing.

Stage 8 of the classify gold data (see LABELING.md).  Drawn after the lexicon had been
tuned on dev .. dev5, to score the lexicon before and after that tuning on articles
articles neither was tuned on; the same pools as select4.py, another seed: three keyword pools, one per class (a disease or outbreak word and a digit; a meeting word
and an authority; an order or document word and an authority), and random items from all
categories.  Never an item of dev .. dev5 or holdout.
Prints TSV: pool, id, category, text.
The labels are NOT produced here: every candidate was read and labeled by hand, before the
classifier was run on it.
Python 3 stdlib only.

usage: python3 select6.py [CORPUS.jsonl.gz] > candidates.tsv
"""
import gzip
import json
import os
import random
import re
import sys

SEED = 20261206

AUTH = (r"bộ|ubnd|ủy ban|uỷ ban|tỉnh|thành phố|tp|sở|thủ tướng|chính phủ|quốc hội|"
        r"ban chỉ đạo|bí thư|chủ tịch|thứ trưởng|bộ trưởng|cục|huyện|tỉnh ủy|thành ủy")
POOLS = [
    # (pool, how many, pattern, second pattern that must also match or None, needs a digit)
    # (bare "dịch" is left out: it is mostly "giao dịch", "dịch vụ", "chiến dịch")
    ("outbreak", 40, r"dịch bệnh|ổ dịch|vùng dịch|bệnh dịch|sốt xuất huyết|cúm|sởi|"
     r"tay chân miệng|bạch hầu|lở mồm|dịch tả|bệnh dại|zika|viêm não|liên cầu|thủy đậu|"
     r"quai bị|rubella|sốt rét|h5n1|h7n9|h1n1|ca mắc|ổ dịch", None, True),
    ("meet", 30, r"họp|hội nghị|hội thảo|tọa đàm|chủ trì|làm việc với|buổi làm việc|"
     r"đại hội|điểm cầu", AUTH, False),
    ("order", 30, r"yêu cầu|đề nghị|chỉ đạo|giao|quyết định|kế hoạch|công văn|chỉ thị|"
     r"công điện|ban hành|thông báo", AUTH, False),
    ("random", 30, r".", None, False),
]


def word(rx):
    return re.compile(r"(?<!\w)(?:" + rx + r")(?!\w)")


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    default = os.path.join(here, "..", "..", "..", "..", "shared", "data", "corpus-vi",
                           "baomoi-2018.jsonl.gz")
    path = sys.argv[1] if len(sys.argv) > 1 else os.path.normpath(default)
    seen = set()
    for name in ("dev.jsonl", "dev2.jsonl", "dev3.jsonl", "dev4.jsonl", "dev5.jsonl", "holdout.jsonl"):
        with open(os.path.join(here, name), encoding="utf-8") as f:
            for line in f:
                seen.add(json.loads(line)["id"].replace("baomoi-", "", 1))
    with gzip.open(path, "rt", encoding="utf-8") as f:
        items = [json.loads(line) for line in f]
    rng = random.Random(SEED)
    out = []

    def take(pool, cands, k):
        cands = [it for it in cands if it["id"] not in seen]
        rng.shuffle(cands)
        for it in cands[:k]:
            seen.add(it["id"])
            out.append((pool, it))

    digit = re.compile(r"[0-9]")
    for pool, k, rx, also, need_digit in POOLS:
        r, a = word(rx), word(also) if also else None
        take(pool, [it for it in items if r.search(it["text"].lower())
                    and (not a or a.search(it["text"].lower()))
                    and (not need_digit or digit.search(it["text"]))], k)
    for pool, it in out:
        text = it["text"].replace("\t", " ").replace("\n", "\\n")
        print("\t".join((pool, it["id"], it["category"], text)))


if __name__ == "__main__":
    main()
