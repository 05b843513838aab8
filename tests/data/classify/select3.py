#!/usr/bin/env python3
"""Select the candidates of dev3.jsonl: items likely to be HARD for the `directive` class.

Stage 5 of the classify gold data (see LABELING.md): directive was the weakest class on
dev + dev2 and on the holdout, so this draws items, never one already in dev, dev2 or
holdout, from pools where an order is easy to confuse with something that is not one:
order verbs with an authority ("yêu cầu", "đề nghị", "chỉ đạo", "giao"), document words
("quyết định", "kế hoạch", "công văn", "chỉ thị", "nghị định", "thông tư", "ban hành"),
court and police news ("xét xử", "bị cáo", "khởi tố", "tạm giam", "tòa án"), and
meetings of authorities ("họp", "hội nghị", "chủ trì", "làm việc với").
Prints TSV: pool, id, category, text.
The labels are NOT produced here: every candidate was read and labeled by hand.
Python 3 stdlib only.

usage: python3 select3.py [CORPUS.jsonl.gz] > candidates.tsv
"""
import gzip
import json
import os
import random
import re
import sys

SEED = 20261124

AUTH = (r"bộ|ubnd|ủy ban|uỷ ban|tỉnh|thành phố|tp|sở|thủ tướng|chính phủ|quốc hội|"
        r"ban chỉ đạo|bí thư|chủ tịch|thứ trưởng|bộ trưởng|cục|huyện|tỉnh ủy|thành ủy")
POOLS = [
    # (pool, how many, pattern, second pattern that must also match or None)
    ("order", 35, r"yêu cầu|đề nghị|chỉ đạo|giao", AUTH),
    ("document", 30, r"quyết định|kế hoạch|công văn|chỉ thị|nghị định|thông tư|ban hành|"
     r"thông báo", AUTH),
    ("court", 20, r"xét xử|bị cáo|khởi tố|tạm giam|tòa án|tuyên án", None),
    ("meet", 25, r"họp|hội nghị|chủ trì|làm việc với|buổi làm việc", AUTH),
]


def word(rx):
    return re.compile(r"(?<!\w)(?:" + rx + r")(?!\w)")


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    default = os.path.join(here, "..", "..", "..", "..", "shared", "data", "corpus-vi",
                           "baomoi-2018.jsonl.gz")
    path = sys.argv[1] if len(sys.argv) > 1 else os.path.normpath(default)
    seen = set()
    for name in ("dev.jsonl", "dev2.jsonl", "holdout.jsonl"):
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

    for pool, k, rx, also in POOLS:
        r, a = word(rx), word(also) if also else None
        take(pool, [it for it in items if r.search(it["text"].lower())
                    and (not a or a.search(it["text"].lower()))], k)
    for pool, it in out:
        text = it["text"].replace("\t", " ").replace("\n", "\\n")
        print("\t".join((pool, it["id"], it["category"], text)))


if __name__ == "__main__":
    main()
