#!/usr/bin/python3
"""fit_ngrams.py -- fits the lexicon's n-gram model on the hand-labeled dev sets.

    tests/classify/fit_ngrams.py [--vnnews build/cli/vnnews] [--lexicon data/lexicon.tsv]
                                 [--write] GOLD.jsonl...

For each class, a logistic regression (L2, classes balanced) over
  - the syllable n-grams (1 to N syllables, present or not) of the title ("title") and of
    the title and the lead ("text"), as `vnnews classify --features` reads them,
  - the class's phrase score s from the lexicon's phrases, as s and ln(1 + max(s, 0));
an item whose phrase scores are all 0 or less gets no class, as in classify/tag.c.
N, the least number of items an n-gram must occur in, and each class's regularization C
are chosen by 5-fold cross-validation over GOLD (never over a test set); the CV F1 of the
choice is printed.  --write replaces the model section at the end of the lexicon (the
"model" and "ngram" lines, see classify/ngram.h); the phrases above it are not touched,
but the model reads their scores, so fit again after editing them.
Use it on tests/data/classify/dev.jsonl .. dev11.jsonl only; dev12.jsonl, holdout.jsonl
and holdout-b.jsonl are for reporting.  Needs Debian's python3-sklearn.
"""
import argparse
import json
import math
import subprocess
import sys

try:
    import numpy as np
    from scipy.sparse import csr_matrix, hstack
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import f1_score
    from sklearn.model_selection import StratifiedKFold
except ImportError:
    sys.exit("fit_ngrams.py: needs python3-sklearn (apt-get install python3-sklearn)")

CLASSES = ["directive", "case_report", "meeting"]
MARK = "# ---- n-gram model: written by tests/classify/fit_ngrams.py --write; do not edit ----"
PRUNE = 0.01  # an n-gram whose weights are all smaller than this is left out


def features(vnnews, lexicon, items):
    recs = []
    for it in items:
        title, _, body = it["text"].lstrip("\n\r \t").partition("\n")
        recs.append(json.dumps({"title": title, "body": body}, ensure_ascii=False))
    out = subprocess.run([vnnews, "classify", "--features", "--lexicon", lexicon, "-"],
                         input="\n".join(recs), capture_output=True, text=True)
    res = [json.loads(x)["features"] for x in out.stdout.splitlines()]
    if len(res) != len(items):
        sys.exit("vnnews classify failed: " + out.stderr)
    return res


def grams(words, n_max):
    for i in range(len(words)):
        for n in range(1, n_max + 1):
            if i + n <= len(words):
                yield " ".join(words[i:i + n])


def item_grams(f, n_max):
    t = f["title"].split()
    lead = f["lead"].split()
    out = {"title\t" + g for g in grams(t, n_max)}
    out |= {"text\t" + g for g in grams(t, n_max)}
    out |= {"text\t" + g for g in grams(lead, n_max)}
    return out


def matrix(sets, vocab, scores, k):
    rows, cols = [], []
    for r, s in enumerate(sets):
        for g in s:
            j = vocab.get(g)
            if j is not None:
                rows.append(r)
                cols.append(j)
    x = csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(sets), len(vocab)))
    sc = np.array([[s[k], math.log1p(max(s[k], 0.0))] for s in scores])
    return hstack([x, csr_matrix(sc)]).tocsr()


def vocabulary(sets, min_df):
    df = {}
    for s in sets:
        for g in s:
            df[g] = df.get(g, 0) + 1
    kept = sorted(g for g, n in df.items() if n >= min_df)
    return {g: i for i, g in enumerate(kept)}


def fit(sets, scores, y, k, c, min_df):
    vocab = vocabulary(sets, min_df)
    m = LogisticRegression(C=c, max_iter=10000, class_weight="balanced")
    m.fit(matrix(sets, vocab, scores, k), y)
    return vocab, m


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("gold", nargs="+")
    ap.add_argument("--vnnews", default="build/cli/vnnews")
    ap.add_argument("--lexicon", default="data/lexicon.tsv")
    ap.add_argument("--write", action="store_true")
    a = ap.parse_args()

    items = [json.loads(x) for g in a.gold for x in open(g, encoding="utf-8") if x.strip()]
    feats = features(a.vnnews, a.lexicon, items)
    scores = [f["phrase_scores"] for f in feats]
    ys = {c: np.array([c in it["labels"] for it in items]) for c in CLASSES}
    folds = list(StratifiedKFold(5, shuffle=True, random_state=1).split(
        items, [sum(1 << k for k, c in enumerate(CLASSES) if c in it["labels"])
                for it in items]))
    best = None
    for n_max in (2, 3):
        sets = [item_grams(f, n_max) for f in feats]
        for min_df in (2, 3):
            choice = {}
            for k, c in enumerate(CLASSES):
                for reg in (0.1, 0.3, 1.0):
                    f1s = []
                    for tr, te in folds:
                        vocab, m = fit([sets[i] for i in tr], [scores[i] for i in tr],
                                       ys[c][tr], k, reg, min_df)
                        pred = m.predict(matrix([sets[i] for i in te],
                                                vocab, [scores[i] for i in te], k))
                        # as tag.c does: no phrase evidence for any class, no class
                        pred = pred & np.array([max(scores[i]) > 0 for i in te])
                        f1s.append(f1_score(ys[c][te], pred))
                    f1 = sum(f1s) / len(f1s)
                    if c not in choice or f1 > choice[c][0]:
                        choice[c] = (f1, reg)
            macro = sum(v[0] for v in choice.values()) / len(CLASSES)
            print("N %d, min_df %d: CV macro-F1 %.3f (%s)" % (
                n_max, min_df, macro, ", ".join("%s %.3f at C %.1f" % (c, choice[c][0], choice[c][1])
                                                for c in CLASSES)))
            if best is None or macro > best[0]:
                best = (macro, n_max, min_df, choice)
    macro, n_max, min_df, choice = best
    print("chosen: N %d, min_df %d, CV macro-F1 %.3f" % (n_max, min_df, macro))
    if not a.write:
        return 0
    sets = [item_grams(f, n_max) for f in feats]
    vocab = vocabulary(sets, min_df)
    weights, heads = {}, []
    for k, c in enumerate(CLASSES):
        _, m = fit(sets, scores, ys[c], k, choice[c][1], min_df)
        coef = m.coef_[0]
        heads.append("model\t%s\t%.4f\t%.4f\t%.4f" % (c, m.intercept_[0], coef[-2], coef[-1]))
        for g, j in vocab.items():
            weights.setdefault(g, [0.0] * len(CLASSES))[k] = coef[j]
    lines = ["%s\t%s" % (g, "\t".join("%.4f" % w for w in ws))
             for g, ws in sorted(weights.items()) if max(abs(w) for w in ws) >= PRUNE]
    with open(a.lexicon, encoding="utf-8") as f:
        text = f.read()
    text = text.split(MARK)[0].rstrip("\n") + "\n\n"
    text += MARK + "\n"
    text += ("# fitted on %d items (%s); N %d, min_df %d, C %s; CV macro-F1 %.3f\n" % (
        len(items), " ".join(g.split("/")[-1] for g in a.gold), n_max, min_df,
        "/".join("%.1f" % choice[c][1] for c in CLASSES), macro))
    text += "\n".join(heads) + "\n"
    text += "\n".join("ngram\t" + x for x in lines) + "\n"
    with open(a.lexicon, "w", encoding="utf-8") as f:
        f.write(text)
    print("wrote %d model lines and %d n-grams to %s" % (len(heads), len(lines), a.lexicon))
    return 0


if __name__ == "__main__":
    sys.exit(main())
