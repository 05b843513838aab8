#!/usr/bin/env python3
"""Select the candidates of dev2.jsonl: items likely to be HARD for the classifier.

Stage 4 of the classify gold data (see LABELING.md): the first three stages (select.py)
gave dev.jsonl and holdout.jsonl; this draws further items, never one already in either
set, from pools where the classes are easy to confuse: orders and requests ("yêu cầu",
"đề nghị", "chỉ đạo", "giao" with an authority word), meeting words ("họp", "hội nghị",
"làm việc với"), case words next to a number ("ca", "trường hợp", "bệnh nhân", "tử
vong"), and items of the health and politics/law categories drawn at random.
Prints TSV: pool, id, category, text.
The labels are NOT produced here: every candidate was read and labeled by hand.
Python 3 stdlib only.

usage: python3 select2.py [CORPUS.jsonl.gz] > candidates.tsv
"""
import gzip
import json
import os
import random
import re
import sys

SEED = 20261123

AUTH = (r"bộ|ubnd|ủy ban|uỷ ban|tỉnh|thành phố|tp|sở|thủ tướng|chính phủ|quốc hội|"
        r"ban chỉ đạo|bí thư|chủ tịch|thứ trưởng|bộ trưởng|cục|huyện|tỉnh ủy|thành ủy")
POOLS = [
    # (pool, how many, pattern, second pattern that must also match or None, need a digit)
    ("order", 40, r"yêu cầu|đề nghị|chỉ đạo|giao", AUTH, False),
    ("meet", 35, r"họp|hội nghị|làm việc với|chủ trì|hội thảo|buổi làm việc", None, False),
    ("case", 35, r"ca|trường hợp|bệnh nhân|tử vong|mắc|nhiễm",
     r"dịch|bệnh|sốt|cúm|virus|vi rút|y tế|bệnh viện|viện", True),
]
# drawn after the pools above, which gave only 3 case_report items among 35: an outbreak
# word and a digit (epidemics vs. clinical stories, advice, vaccines, animal diseases)
# (bare "dịch" is left out: it is mostly "giao dịch", "chiến dịch")
OUTBREAK = ("outbreak", 30, r"dịch bệnh|ổ dịch|vùng dịch|bệnh dịch|sốt xuất huyết|cúm|sởi|tay chân miệng|bạch hầu|lở mồm|"
            r"dịch tả|bệnh dại|zika|viêm não|liên cầu|thủy đậu|quai bị|rubella|whitmore|"
            r"sốt rét|h5n1|h7n9|h1n1", None, True)
RANDOM_CATS = [("health", 25, ("Sức khoẻ", "Làm đẹp và Thể hình - Sức khỏe")),
               ("politics", 25, ("Chính trị và Pháp luật",))]


def word(rx):
    return re.compile(r"(?<!\w)(?:" + rx + r")(?!\w)")


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    default = os.path.join(here, "..", "..", "..", "..", "shared", "data", "corpus-vi",
                           "baomoi-2018.jsonl.gz")
    path = sys.argv[1] if len(sys.argv) > 1 else os.path.normpath(default)
    seen = set()
    for name in ("dev.jsonl", "holdout.jsonl"):
        with open(os.path.join(here, name), encoding="utf-8") as f:
            for line in f:
                seen.add(json.loads(line)["id"].replace("baomoi-", "", 1))
    with gzip.open(path, "rt", encoding="utf-8") as f:
        items = [json.loads(line) for line in f]
    rng = random.Random(SEED)
    digit = re.compile(r"\d")
    out = []

    def take(pool, cands, k):
        cands = [it for it in cands if it["id"] not in seen]
        rng.shuffle(cands)
        for it in cands[:k]:
            seen.add(it["id"])
            out.append((pool, it))

    for pool, k, rx, also, need_digit in POOLS:
        r, a = word(rx), word(also) if also else None
        take(pool, [it for it in items if r.search(it["text"].lower())
                    and (not a or a.search(it["text"].lower()))
                    and (not need_digit or digit.search(it["text"]))], k)
    for pool, k, cats in RANDOM_CATS:
        take(pool, [it for it in items if it["category"] in cats], k)
    pool, k, rx, _, _ = OUTBREAK
    r = word(rx)
    take(pool, [it for it in items if r.search(it["text"].lower())
                and digit.search(it["text"])], k)
    for pool, it in out:
        text = it["text"].replace("\t", " ").replace("\n", "\\n")
        print("\t".join((pool, it["id"], it["category"], text)))


if __name__ == "__main__":
    main()
