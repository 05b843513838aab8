#!/usr/bin/env python3
"""Select the candidate items for the hand-labeled classify sets (dev / holdout).

Reads ../shared/data/corpus-vi/baomoi-2018.jsonl.gz, draws candidates from keyword pools
(likely positives), hard-negative pools (look-alikes that must NOT be tagged) and a random
sample stratified by category, with a fixed seed, and splits every pool 2:1 between dev and
holdout so both sets have the same mix (three stages, see LABELING.md; stage 3 tops up
the holdout's case_report items). Prints TSV: set, pool, id, category, text.
dev.jsonl = the five seeds + the "dev" rows, holdout.jsonl = the "holdout" rows, in order.
The labels are NOT produced here: every candidate was read and labeled by hand
(see LABELING.md). Python 3 stdlib only.

usage: python3 select.py [CORPUS.jsonl.gz] > candidates.tsv
"""
import gzip
import json
import os
import random
import re
import sys

SEED = 20181123

# Pools whose items are likely relevant to one class (about 60% of the candidates).
RELEVANT = [
    # outbreak vocabulary AND a digit somewhere (case_report is about numbers or cases)
    ("case", 80, r"ca mắc|ổ dịch|ca bệnh|sốt xuất huyết|cúm a|h5n1|h7n9|h1n1|bệnh sởi|"
                 r"tay chân miệng|bạch hầu|lở mồm long móng|dịch tả|tai xanh|mắc cúm|"
                 r"trường hợp mắc|bệnh dại|whitmore|zika|cúm gia cầm|dịch cúm|dịch bệnh|"
                 r"ca tử vong|vùng dịch|dập dịch|công bố dịch"),
    ("meeting", 50, r"họp|hội nghị|hội thảo|làm việc với|buổi làm việc|chủ trì|đại hội|"
                    r"tọa đàm|toạ đàm|điểm cầu|trực tuyến"),
    ("directive", 50, r"chỉ đạo|yêu cầu|công văn|chỉ thị|quyết định|đề nghị|kế hoạch|"
                      r"thông báo kết luận|hỏa tốc|ubnd|giao cho|ban hành"),
]
# Hard negatives: words that collide with the class vocabulary (about 20%).
HARD_NEGATIVE = [
    ("neg-hop", 10, r"hợp tác|phối hợp|hợp đồng|hợp lý"),
    ("neg-ca", 10, r"cá|ca sĩ|ca khúc"),
    ("neg-sport", 10, r"trận đấu|đội tuyển|bàn thắng"),
    ("neg-court", 10, r"xét xử|tuyên án|phạt tù|tòa án|bị cáo"),
    ("neg-law", 10, r"(?<!\w)luật(?!\w)|nghị định|thông tư"),
    ("neg-health", 10, r"bệnh nhân|bác sĩ|phòng bệnh|điều trị|phỏng vấn"),
]
# Second stage, added after the first 300 candidates gave too few positives (about 20 per
# class in dev: the category round-robin above draws many weak hits): stricter pools that
# need an outbreak word / an authority word as well, drawn uniformly (not per category).
# The first-stage candidates keep their place; these are appended after them.
AUTH = (r"bộ|ubnd|ủy ban|uỷ ban|tỉnh|thành phố|tp|sở|thủ tướng|chính phủ|quốc hội|"
        r"ban chỉ đạo|bí thư|chủ tịch|thứ trưởng|bộ trưởng|cục|huyện|tỉnh ủy|thành ủy")
DISEASE = (r"dịch|sốt xuất huyết|cúm|sởi|tay chân miệng|bạch hầu|lở mồm|tả|dại|zika|"
           r"viêm não|liên cầu|whitmore|thủy đậu|quai bị|rubella|hiv|lao")
FOCUSED = [
    ("case2", 50, r"ca mắc|ổ dịch|trường hợp mắc|ca nhiễm|người mắc|bệnh nhân|ca tử vong|"
                  r"trường hợp tử vong|nhập viện|con gia cầm|con lợn|con bò|ca bệnh", DISEASE),
    ("meeting2", 50, r"chủ trì|hội nghị|cuộc họp|phiên họp|kỳ họp|buổi làm việc|làm việc với|"
                     r"hội thảo|tọa đàm|toạ đàm|điểm cầu|giao ban|phiên chất vấn", AUTH),
    ("directive2", 50, r"công văn|chỉ thị|công điện|ban hành quyết định|ban hành kế hoạch|"
                       r"yêu cầu các|chỉ đạo các|đề nghị các|giao các|giao cho|quyết định số|"
                       r"đã ký quyết định|thông báo kết luận", AUTH),
]
RANDOM2 = 30
# Third stage: the holdout had only 16 case_report items after stage 2, so 15 more items
# from the case2 criteria go to the holdout only (dev already had 42).
HOLDOUT_CASE = 15

RANDOM_PER_CATEGORY = 2   # plus a few more random items below (about 20% in all)
RANDOM_EXTRA = 10


def load(path):
    items = []
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            items.append(json.loads(line))
    return items


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    default = os.path.join(here, "..", "..", "..", "..", "shared", "data", "corpus-vi",
                           "baomoi-2018.jsonl.gz")
    path = sys.argv[1] if len(sys.argv) > 1 else os.environ.get(
        "VNNEWS_CORPUS", os.path.normpath(default))
    items = load(path)
    rng = random.Random(SEED)
    taken = set()
    out = []
    counter = [0]   # global 2:1 dev/holdout alternation, so every pool is split alike

    def take(pool, cands, k, spread=True, only=None):
        cands = [it for it in cands if it["id"] not in taken]
        rng.shuffle(cands)
        if not spread:
            bycat = {"": cands}
        else:
            # spread over categories: round-robin over the categories the pool hits
            bycat = {}
            for it in cands:
                bycat.setdefault(it["category"], []).append(it)
        cats = sorted(bycat)
        picked = []
        while len(picked) < k and any(bycat.values()):
            for c in cats:
                if bycat[c] and len(picked) < k:
                    picked.append(bycat[c].pop())
        for it in picked:
            taken.add(it["id"])
            if only:
                out.append((only, pool, it))
                continue
            out.append(("holdout" if counter[0] % 3 == 2 else "dev", pool, it))
            counter[0] += 1

    digit = re.compile(r"\d")
    for pool, k, rx in RELEVANT + HARD_NEGATIVE:
        # whole words only: "mers" must not match "Emerson"
        r = re.compile(r"(?<!\w)(?:" + rx + r")(?!\w)")
        take(pool, [it for it in items if r.search(it["text"].lower())
                    and (pool != "case" or digit.search(it["text"]))], k)
    cats = sorted({it["category"] for it in items})
    for c in cats:
        take("random", [it for it in items if it["category"] == c], RANDOM_PER_CATEGORY)
    take("random", list(items), RANDOM_EXTRA)

    def word(rx):
        return re.compile(r"(?<!\w)(?:" + rx + r")(?!\w)")
    def focused(rx, also, need_digit):
        r, a = word(rx), word(also)
        return [it for it in items if r.search(it["text"].lower())
                and a.search(it["text"].lower())
                and (not need_digit or digit.search(it["text"]))]
    for pool, k, rx, also in FOCUSED:
        take(pool, focused(rx, also, pool == "case2"), k, spread=False)
    take("random2", list(items), RANDOM2, spread=False)
    _, _, rx, also = FOCUSED[0]
    take("case3", focused(rx, also, True), HOLDOUT_CASE, spread=False, only="holdout")

    for s, pool, it in out:
        text = it["text"].replace("\t", " ").replace("\n", "\\n")
        print("\t".join((s, pool, it["id"], it["category"], text)))


if __name__ == "__main__":
    main()
