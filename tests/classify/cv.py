#!/usr/bin/env python3
"""cv.py -- k-fold cross-validation of the classify thresholds on the hand-labeled dev sets.

    tests/classify/cv.py [--vnnews build/cli/vnnews] [--lexicon data/lexicon.tsv]
                         [--errors CLASS] [--write] GOLD.jsonl...

Runs `vnnews classify --features` once over every item of the GOLD files (the lexicon's
weights as they are) and reads the phrases' scores, the n-gram model left out (its own
CV is fit_ngrams.py's), then, repeated 10 times over shuffled 5-fold splits, picks each class's
threshold on four folds (F1-optimal, halfway down to the next lower score, as
fit_lexicon.py does) and scores the fifth: the CV F1 per class and their macro mean say how
a lexicon edit generalizes, without looking at the holdout set.  Prints the threshold that
is F1-optimal on all of GOLD; --write puts it into the lexicon.  --errors CLASS lists the
items that threshold gets wrong for CLASS, with their score.
Use it on tests/data/classify/dev.jsonl .. dev11.jsonl only; dev12.jsonl, holdout.jsonl and
holdout-b.jsonl are for reporting.
"""
import argparse
import json
import random
import re
import subprocess
import sys

CLASSES = ["directive", "case_report", "meeting"]


def f1(scores, ys, t):
    tp = sum(1 for s, y in zip(scores, ys) if s >= t and y)
    fp = sum(1 for s, y in zip(scores, ys) if s >= t and not y)
    fn = sum(1 for s, y in zip(scores, ys) if s < t and y)
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def best_threshold(scores, ys):
    cands = sorted(set(s for s in scores if s > 0))
    best = max(((f1(scores, ys, t), t) for t in cands), default=(0.0, 4.0))
    lower = [s for s in scores if s < best[1]]
    return best[0], max((best[1] + max(lower)) / 2 if lower else best[1], 0.5)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("gold", nargs="+")
    ap.add_argument("--vnnews", default="build/cli/vnnews")
    ap.add_argument("--lexicon", default="data/lexicon.tsv")
    ap.add_argument("--errors", choices=CLASSES)
    ap.add_argument("--write", action="store_true")
    a = ap.parse_args()

    items = [json.loads(x) for g in a.gold for x in open(g, encoding="utf-8") if x.strip()]
    recs = []
    for it in items:
        title, _, body = it["text"].lstrip("\n\r \t").partition("\n")
        recs.append(json.dumps({"title": title, "body": body}, ensure_ascii=False))
    out = subprocess.run([a.vnnews, "classify", "--features", "--lexicon", a.lexicon, "-"],
                         input="\n".join(recs), capture_output=True, text=True)
    res = [json.loads(x) for x in out.stdout.splitlines()]
    if len(res) != len(items):
        sys.exit("vnnews classify failed: " + out.stderr)
    macro, thresholds = 0.0, {}
    for c in CLASSES:
        sc = [r["features"]["phrase_scores"][CLASSES.index(c)] for r in res]
        ys = [c in it["labels"] for it in items]
        cv = []
        for rep in range(10):
            ids = list(range(len(items)))
            random.Random(rep).shuffle(ids)
            folds = [ids[k::5] for k in range(5)]
            for k in range(5):
                tr = [j for f in range(5) if f != k for j in folds[f]]
                t = best_threshold([sc[j] for j in tr], [ys[j] for j in tr])[1]
                cv.append(f1([sc[j] for j in folds[k]], [ys[j] for j in folds[k]], t))
        fb, t = best_threshold(sc, ys)
        thresholds[c] = t
        macro += sum(cv) / len(cv) / len(CLASSES)
        print("%-12s CV F1 %.3f   on all: F1 %.3f at threshold %.2f"
              % (c, sum(cv) / len(cv), fb, t))
        if a.errors == c:
            for it, s, y in zip(items, sc, ys):
                if (s >= t) != y:
                    print("  %s %-16s %6.2f  %s" % ("FN" if y else "FP", it["id"][-16:], s,
                                                    it["text"][:110].replace("\n", " | ")))
    print("macro CV F1 %.3f" % macro)
    if a.write:
        with open(a.lexicon, encoding="utf-8") as f:
            text = f.read()
        for c, t in thresholds.items():
            text = re.sub(r"(?m)^threshold\t%s\t.*$" % c, "threshold\t%s\t%.2f" % (c, t), text)
        with open(a.lexicon, "w", encoding="utf-8") as f:
            f.write(text)


if __name__ == "__main__":
    main()
