#!/usr/bin/env python3
"""shingle_metric.py -- the extraction accuracy metric of the scrapinghub
article-extraction-benchmark, as described in ../shared/data/README.md.

One implementation for every tool bench/run measures (vnnews and its peers), so the
figures differ only by what the tools extracted:
  - tokens are the runs of Unicode word characters (\\w+);
  - a text is the multiset of its 4-token shingles (a text shorter than 4 tokens is one
    shingle of what it has; an empty text has none);
  - per page tp = shared shingles (min of counts), fp = predicted only, fn = truth only,
    divided by their sum so every page weighs the same;
  - precision = mean over pages with tp+fp > 0 of tp/(tp+fp), recall = mean over pages
    with tp+fn > 0 of tp/(tp+fn) (1 when fp = fn = 0);
    F1 = 2PR/(P+R) of the two means.

Usage: shingle_metric.py --truth ground-truth.json --pred DIR [--per-page]
DIR holds <id>.txt (UTF-8) per page; a missing file counts as an empty prediction.
Prints one JSON object: {"precision", "recall", "f1", "pages", "missing"}.
Python 3 standard library only.
"""
import argparse
import json
import os
import re
import sys
from collections import Counter

NGRAM = 4
TOKEN_RE = re.compile(r"\w+")


def shingles(text):
    tokens = TOKEN_RE.findall(text)
    out = Counter()
    for i in range(max(1, len(tokens) - NGRAM + 1)):
        sh = tuple(tokens[i:i + NGRAM])
        if sh:
            out[sh] += 1
    return out


def page_counts(pred, truth):
    """Normalized (tp, fp, fn) of one page."""
    p, t = shingles(pred), shingles(truth)
    tp = sum(min(n, t[sh]) for sh, n in p.items() if sh in t)
    fp = sum(p.values()) - tp
    fn = sum(t.values()) - tp
    s = tp + fp + fn
    if s == 0:
        return 0.0, 0.0, 0.0
    return tp / s, fp / s, fn / s


def score(counts):
    # As the published evaluate.py: a page enters the precision mean when tp+fp > 0 and
    # the recall mean when tp+fn > 0; fp = fn = 0 scores 1.
    precisions = [1.0 if fp == fn == 0 else tp / (tp + fp)
                  for tp, fp, fn in counts if tp + fp > 0]
    recalls = [1.0 if fp == fn == 0 else tp / (tp + fn)
               for tp, fp, fn in counts if tp + fn > 0]
    p = sum(precisions) / len(precisions) if precisions else 0.0
    r = sum(recalls) / len(recalls) if recalls else 0.0
    f1 = 2 * p * r / (p + r) if p + r > 0 else 0.0
    return p, r, f1


def main():
    ap = argparse.ArgumentParser(description="shingle P/R/F1 of predicted article bodies")
    ap.add_argument("--truth", required=True, help="ground-truth.json ({id: {articleBody}})")
    ap.add_argument("--pred", required=True, help="directory of <id>.txt predictions")
    ap.add_argument("--per-page", action="store_true", help="add per-page P/R under 'pages_detail'")
    args = ap.parse_args()

    try:
        with open(args.truth, encoding="utf-8") as f:
            truth = json.load(f)
    except (OSError, ValueError) as e:
        print(f"shingle_metric: {args.truth}: {e}", file=sys.stderr)
        return 2
    if not os.path.isdir(args.pred):
        print(f"shingle_metric: {args.pred}: not a directory", file=sys.stderr)
        return 2

    counts, detail, missing = [], {}, 0
    for pid in sorted(truth):
        path = os.path.join(args.pred, pid + ".txt")
        try:
            with open(path, encoding="utf-8", errors="replace") as f:
                pred = f.read()
        except FileNotFoundError:
            pred = ""
            missing += 1
        c = page_counts(pred, truth[pid].get("articleBody") or "")
        counts.append(c)
        if args.per_page:
            detail[pid] = dict(zip(("precision", "recall", "f1"), score([c])))
    p, r, f1 = score(counts)
    out = {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f1, 4),
           "pages": len(counts), "missing": missing}
    if args.per_page:
        out["pages_detail"] = detail
    json.dump(out, sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
