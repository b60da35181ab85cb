#!/usr/bin/env python3
"""shingle_f1.py: an independent Python implementation of the article
extraction benchmark's metric (scrapinghub/article-extraction-benchmark,
evaluate.py: F1 over 4-gram shingles of \\w+ tokens, per-page counts
normalised to sum to 1, precision and recall averaged over pages), used to
cross-check `whosaid eval --extraction`.

Usage: shingle_f1.py GROUND_TRUTH.json DUMP_DIR [--verbose]
DUMP_DIR holds ID.txt, the extracted text of each page (as written by
`whosaid eval --extraction DIR --dump DUMP_DIR`); a missing file is an empty
extraction. Prints precision, recall and f1 like the C command."""
import json
import os
import re
import sys
from collections import Counter

TOKEN = re.compile(r'\w+', re.UNICODE | re.MULTILINE | re.IGNORECASE | re.DOTALL)


def shingles(text, n=4):
    tokens = TOKEN.findall(text or '')
    out = []
    for i in range(0, max(1, len(tokens) - n + 1)):
        s = tuple(tokens[i:i + n])
        if s:
            out.append(s)
    return Counter(out)


def match(true, pred):
    a, b = shingles(true), shingles(pred)
    tp = fp = fn = 0.0
    for k in set(a) | set(b):
        x, y = a.get(k, 0), b.get(k, 0)
        tp += min(x, y)
        fp += max(0, y - x)
        fn += max(0, x - y)
    s = tp + fp + fn
    if s > 0:
        tp, fp, fn = tp / s, fp / s, fn / s
    return tp, fp, fn


def precision(tp, fp, fn):
    if fp == fn == 0:
        return 1.0
    if tp == fp == 0:
        return 0.0
    return tp / (tp + fp)


def recall(tp, fp, fn):
    if fp == fn == 0:
        return 1.0
    if tp == fn == 0:
        return 0.0
    return tp / (tp + fn)


def main():
    truth = json.load(open(sys.argv[1], encoding='utf8'))
    dump = sys.argv[2]
    verbose = '--verbose' in sys.argv
    rows = []
    for key in sorted(truth):
        path = os.path.join(dump, key + '.txt')
        pred = open(path, encoding='utf8', errors='replace').read() if os.path.exists(path) else ''
        rows.append((key, match(truth[key].get('articleBody', ''), pred)))
    ps = [precision(*r) for _, r in rows if r[0] + r[1] > 0]
    rs = [recall(*r) for _, r in rows if r[0] + r[2] > 0]
    p = sum(ps) / len(ps) if ps else 0.0
    r = sum(rs) / len(rs) if rs else 0.0
    f = 2 * p * r / (p + r) if p + r > 0 else 0.0
    if verbose:
        for key, t in rows:
            print('%s\tP=%.3f\tR=%.3f' % (key, precision(*t), recall(*t)))
    print('pages      %d\nprecision  %.4f\nrecall     %.4f\nf1         %.4f' % (len(rows), p, r, f))


if __name__ == '__main__':
    main()
