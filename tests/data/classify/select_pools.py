#!/usr/bin/env python3
"""Select the candidates of dev2.jsonl .. dev6.jsonl from keyword pools of corpus-vi.

Stage 4 of the classify gold data (see LABELING.md), dev2: items likely to be HARD for the
classifier (never one of dev or holdout), from pools where the classes are easy to
confuse: orders and requests with an authority word, meeting words, case words next to a
number, items of the health and politics/law categories at random, outbreak words.
Stage 5 of the classify gold data (see LABELING.md), dev3: items likely to be HARD for the
`directive` class, from pools where an order is easy to confuse with something that is not
one: order verbs with an authority, document words with an authority, court and police
news, meetings of authorities.
Stages 6 to 11, dev4 .. dev9: fresh samples stratified so each class has positives.
Unlike dev2 and dev3, which were chosen to be hard, these draw items the way a set of real
news is likely to look, so that the CV says how the classifier does on articles it was not
tuned on: three keyword
pools, one per class (a disease or outbreak word and a digit; a meeting word and an
authority; an order or document word and an authority), and random items from all
categories.  Each stage has its own seed and never takes an item of the sets before it or
of holdout.jsonl:
  dev2  seed 20261123; order 40, meet 35, case 35, health 25, politics 25, outbreak 30
  dev3  seed 20261124; order 35, document 30, court 20, meet 25 (never in dev, dev2)
  dev4  seed 20261204; outbreak 30, meet 30, order 30, random 30, then 25 more of the
        outbreak pool (drawn last, after the first 120 gave only 14 case_report items)
  dev5  seed 20261205, drawn after the lexicon was tuned on dev4; outbreak 40, the rest 30
  dev6  seed 20261206, drawn after the tuning on dev .. dev5 and kept as a test set; as dev5
  dev7  seed 20261207, drawn when dev6 had been read for errors (so no longer a test set)
        and labeled by a second annotator before any classifier was run on it; as dev5
  dev8  seed 20261208, drawn with dev7 and labeled the same way, kept as a test set; as
        dev5, but the outbreak pool had only 13 items left: 27 more have an outbreak word
        and no digit
  dev9  seed 20261209, drawn when dev8 had been read for errors and joined the CV pool,
        labeled by the second annotator like dev7, kept as a test set; outbreak_nd 40
        (the outbreak pool with a digit is empty), meet 30, order 30, random 30
  dev10 seed 20261210, drawn when dev9 had been read for errors and joined the CV pool,
        labeled like dev9, kept as a test set; as dev9
  dev11 seed 20261211, drawn when dev10 had been read for errors and joined the CV pool,
        labeled like dev9, kept as a test set; as dev9
  dev12 seed 20261212, drawn when dev11 had been read for errors and joined the fit pool,
        labeled like dev9, kept as a test set; as dev9
  dev13 seed 20261213, drawn with dev12 still unread, to grow the n-gram model's fit pool
        (never a test set); labeled like dev9; as dev9
  dev14 seed 20261214, drawn with dev13 (dev13's items taken out first); as dev13
Prints TSV: pool, id, category, text.
The labels are NOT produced here: every candidate was read and labeled by hand, before the
classifier was run on it.
Python 3 stdlib only.

usage: python3 select_pools.py dev2|dev3|dev4|dev5|dev6|dev7|dev8|dev9|dev10|dev11|dev12|dev13|dev14 [CORPUS.jsonl.gz] > candidates.tsv
"""
import gzip
import json
import os
import random
import re
import sys

AUTH = (r"bộ|ubnd|ủy ban|uỷ ban|tỉnh|thành phố|tp|sở|thủ tướng|chính phủ|quốc hội|"
        r"ban chỉ đạo|bí thư|chủ tịch|thứ trưởng|bộ trưởng|cục|huyện|tỉnh ủy|thành ủy")
# (bare "dịch" is left out: it is mostly "giao dịch", "dịch vụ", "chiến dịch")
OUTBREAK = (r"dịch bệnh|ổ dịch|vùng dịch|bệnh dịch|sốt xuất huyết|cúm|sởi|"
            r"tay chân miệng|bạch hầu|lở mồm|dịch tả|bệnh dại|zika|viêm não|liên cầu|thủy đậu|"
            r"quai bị|rubella|sốt rét|h5n1|h7n9|h1n1|ca mắc|ổ dịch")
# pool: (name printed, pattern (or a tuple of categories to draw from at random), second
# pattern that must also match or None, needs a digit)
POOLS = {
    "outbreak": ("outbreak", OUTBREAK, None, True),
    "outbreak2": ("outbreak2", OUTBREAK, None, True),
    # dev8: the outbreak pool with a digit is used up by dev7; the same words without one
    "outbreak_nd": ("outbreak", OUTBREAK, None, False),
    "meet": ("meet", r"họp|hội nghị|hội thảo|tọa đàm|chủ trì|làm việc với|buổi làm việc|"
             r"đại hội|điểm cầu", AUTH, False),
    "order": ("order", r"yêu cầu|đề nghị|chỉ đạo|giao|quyết định|kế hoạch|công văn|chỉ thị|"
              r"công điện|ban hành|thông báo", AUTH, False),
    "random": ("random", r".", None, False),
    # dev3's pools: where an order is easy to confuse with something that is not one
    "order3": ("order", r"yêu cầu|đề nghị|chỉ đạo|giao", AUTH, False),
    "document": ("document", r"quyết định|kế hoạch|công văn|chỉ thị|nghị định|thông tư|ban hành|"
                 r"thông báo", AUTH, False),
    "court": ("court", r"xét xử|bị cáo|khởi tố|tạm giam|tòa án|tuyên án", None, False),
    "meet3": ("meet", r"họp|hội nghị|chủ trì|làm việc với|buổi làm việc", AUTH, False),
    # dev2's pools: where the classes are easy to confuse, then two categories at random,
    # then an outbreak word and a digit (drawn last, after the first pools gave only 3
    # case_report items among 35)
    "order2": ("order", r"yêu cầu|đề nghị|chỉ đạo|giao", AUTH, False),
    "meet2": ("meet", r"họp|hội nghị|làm việc với|chủ trì|hội thảo|buổi làm việc", None, False),
    "case2": ("case", r"ca|trường hợp|bệnh nhân|tử vong|mắc|nhiễm",
              r"dịch|bệnh|sốt|cúm|virus|vi rút|y tế|bệnh viện|viện", True),
    "health": ("health", ("Sức khoẻ", "Làm đẹp và Thể hình - Sức khỏe"), None, False),
    "politics": ("politics", ("Chính trị và Pháp luật",), None, False),
    "outbreak_w": ("outbreak", r"dịch bệnh|ổ dịch|vùng dịch|bệnh dịch|sốt xuất huyết|cúm|sởi|"
                   r"tay chân miệng|bạch hầu|lở mồm|dịch tả|bệnh dại|zika|viêm não|liên cầu|"
                   r"thủy đậu|quai bị|rubella|whitmore|sốt rét|h5n1|h7n9|h1n1", None, True),
}
BEFORE = ["dev.jsonl", "dev2.jsonl", "dev3.jsonl"]
STAGES = {
    # stage: (seed, [(pool, how many)], the gold sets it never takes an item of)
    "dev2": (20261123, [("order2", 40), ("meet2", 35), ("case2", 35), ("health", 25),
                        ("politics", 25), ("outbreak_w", 30)], ["dev.jsonl"]),
    "dev3": (20261124, [("order3", 35), ("document", 30), ("court", 20), ("meet3", 25)],
             ["dev.jsonl", "dev2.jsonl"]),
    "dev4": (20261204, [("outbreak", 30), ("meet", 30), ("order", 30), ("random", 30),
                        ("outbreak2", 25)], BEFORE),
    "dev5": (20261205, [("outbreak", 40), ("meet", 30), ("order", 30), ("random", 30)],
             BEFORE + ["dev4.jsonl"]),
    "dev6": (20261206, [("outbreak", 40), ("meet", 30), ("order", 30), ("random", 30)],
             BEFORE + ["dev4.jsonl", "dev5.jsonl"]),
    "dev7": (20261207, [("outbreak", 40), ("meet", 30), ("order", 30), ("random", 30)],
             BEFORE + ["dev4.jsonl", "dev5.jsonl", "dev6.jsonl"]),
    "dev8": (20261208, [("outbreak", 40), ("outbreak_nd", 27), ("meet", 30), ("order", 30),
                        ("random", 30)],
             BEFORE + ["dev4.jsonl", "dev5.jsonl", "dev6.jsonl", "dev7.jsonl"]),
    "dev9": (20261209, [("outbreak_nd", 40), ("meet", 30), ("order", 30), ("random", 30)],
             BEFORE + ["dev4.jsonl", "dev5.jsonl", "dev6.jsonl", "dev7.jsonl",
                       "dev8.jsonl"]),
    "dev10": (20261210, [("outbreak_nd", 40), ("meet", 30), ("order", 30), ("random", 30)],
              BEFORE + ["dev4.jsonl", "dev5.jsonl", "dev6.jsonl", "dev7.jsonl",
                        "dev8.jsonl", "dev9.jsonl"]),
    "dev11": (20261211, [("outbreak_nd", 40), ("meet", 30), ("order", 30), ("random", 30)],
              BEFORE + ["dev4.jsonl", "dev5.jsonl", "dev6.jsonl", "dev7.jsonl",
                        "dev8.jsonl", "dev9.jsonl", "dev10.jsonl"]),
    "dev12": (20261212, [("outbreak_nd", 40), ("meet", 30), ("order", 30), ("random", 30)],
              BEFORE + ["dev4.jsonl", "dev5.jsonl", "dev6.jsonl", "dev7.jsonl",
                        "dev8.jsonl", "dev9.jsonl", "dev10.jsonl", "dev11.jsonl"]),
    "dev13": (20261213, [("outbreak_nd", 40), ("meet", 30), ("order", 30), ("random", 30)],
              BEFORE + ["dev4.jsonl", "dev5.jsonl", "dev6.jsonl", "dev7.jsonl",
                        "dev8.jsonl", "dev9.jsonl", "dev10.jsonl", "dev11.jsonl",
                        "dev12.jsonl"]),
    "dev14": (20261214, [("outbreak_nd", 40), ("meet", 30), ("order", 30), ("random", 30)],
              BEFORE + ["dev4.jsonl", "dev5.jsonl", "dev6.jsonl", "dev7.jsonl",
                        "dev8.jsonl", "dev9.jsonl", "dev10.jsonl", "dev11.jsonl",
                        "dev12.jsonl", "dev13.jsonl"]),
}


def word(rx):
    return re.compile(r"(?<!\w)(?:" + rx + r")(?!\w)")


def main():
    if len(sys.argv) < 2 or sys.argv[1] not in STAGES:
        sys.exit("usage: select_pools.py dev2|dev3|dev4|dev5|dev6|dev7|dev8|dev9|dev10|dev11|dev12|dev13|dev14 [CORPUS.jsonl.gz]")
    seed, pools, before = STAGES[sys.argv[1]]
    here = os.path.dirname(os.path.abspath(__file__))
    default = os.path.join(here, "..", "..", "..", "..", "shared", "data", "corpus-vi",
                           "baomoi-2018.jsonl.gz")
    path = sys.argv[2] if len(sys.argv) > 2 else os.path.normpath(default)
    seen = set()
    for name in before + ["holdout.jsonl"]:
        with open(os.path.join(here, name), encoding="utf-8") as f:
            for line in f:
                seen.add(json.loads(line)["id"].replace("baomoi-", "", 1))
    with gzip.open(path, "rt", encoding="utf-8") as f:
        items = [json.loads(line) for line in f]
    rng = random.Random(seed)
    out = []

    def take(pool, cands, k):
        cands = [it for it in cands if it["id"] not in seen]
        rng.shuffle(cands)
        for it in cands[:k]:
            seen.add(it["id"])
            out.append((pool, it))

    # dev2 was drawn with \d (any Unicode digit), the later stages with [0-9]
    digit = re.compile(r"\d" if sys.argv[1] == "dev2" else r"[0-9]")
    for pool, k in pools:
        name, rx, also, need_digit = POOLS[pool]
        if isinstance(rx, tuple):
            take(name, [it for it in items if it["category"] in rx], k)
            continue
        r, a = word(rx), word(also) if also else None
        take(name, [it for it in items if r.search(it["text"].lower())
                    and (not a or a.search(it["text"].lower()))
                    and (not need_digit or digit.search(it["text"]))], k)
    for pool, it in out:
        text = it["text"].replace("\t", " ").replace("\n", "\\n")
        print("\t".join((pool, it["id"], it["category"], text)))


if __name__ == "__main__":
    main()
