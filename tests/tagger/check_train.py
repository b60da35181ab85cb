#!/usr/bin/env python3
"""check_train.py: tests of `whosaid train` as a user runs it.

Usage: check_train.py WHOSAID FIXTURE_DIR

FIXTURE_DIR is a small corpus in PolNeAR's layout (tests/eval/fixture). The
checks: training twice gives the same bytes; development data changes the
printed figures but not the model (it is never trained on); --pred writes
JSON lines that `whosaid eval --pred` scores; --predict with the saved model
writes the same lines; usage errors exit with 2 and one line on stderr."""
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


def run(*args):
    return subprocess.run([WHOSAID, *map(str, args)], capture_output=True, timeout=120)


def main(argv):
    global WHOSAID
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    WHOSAID, fixture = argv[1], argv[2]
    small = ["--epochs", "3", "--bits", "12"]
    with tempfile.TemporaryDirectory() as tmp:
        a, b, c = (os.path.join(tmp, n) for n in ("a.bin", "b.bin", "c.bin"))
        pred, pred2 = os.path.join(tmp, "p.jsonl"), os.path.join(tmp, "q.jsonl")
        p = run("train", "--polnear", fixture, "--out", a, *small)
        check(p.returncode == 0, f"train: exit {p.returncode} {p.stderr!r}")
        lines = p.stdout.decode().splitlines()
        # Three runs (each from zero, in its own order) of 3 passes each,
        # numbered on: one line per pass.
        check(len(lines) == 2 + 9 and lines[1].startswith("epoch") and
              [int(l.split()[0]) for l in lines[2:]] == list(range(1, 10)),
              f"train: one line per pass expected\n{p.stdout.decode()}")
        p = run("train", "--polnear", fixture, "--out", b, "-q", *small)
        check(p.returncode == 0 and p.stdout == b"", "train -q: output or failure")
        same = open(a, "rb").read() == open(b, "rb").read()
        check(same, "two trainings gave different model files")
        p = run("train", "--polnear", fixture, "--dev", fixture, "--out", c,
                "--pred", pred, *small)
        check(p.returncode == 0, f"train --dev: exit {p.returncode} {p.stderr!r}")
        check("linked" in p.stdout.decode(), "train --dev prints no dev figures")
        check(open(a, "rb").read() == open(c, "rb").read(),
              "development data changed the model")
        rows = [json.loads(l) for l in open(pred)]
        check(all({"doc", "start", "end", "group", "cue"} <= r.keys() for r in rows),
              "prediction lines lack fields")
        p = run("eval", "--polnear", fixture, "--pred", pred)
        check(p.returncode == 0 and b"linked" in p.stdout, f"eval --pred: {p.stderr!r}")
        p = run("train", "--predict", fixture, "--model", a, "--pred", pred2)
        check(p.returncode == 0, f"--predict: exit {p.returncode} {p.stderr!r}")
        check(open(pred).read() == open(pred2).read(), "--predict differs from --pred")
        # Word clusters from a file (--clusters): a reproducible model that
        # differs from the one with learned clusters; malformed files are
        # usage errors.
        clus, bad = os.path.join(tmp, "clus.tsv"), os.path.join(tmp, "bad.tsv")
        words = sorted({w.lower() for name in os.listdir(os.path.join(fixture, "text"))
                        for w in open(os.path.join(fixture, "text", name),
                                      encoding="utf-8").read().split() if w.isalpha()})
        with open(clus, "w") as f:
            for k, w in enumerate(words):
                f.write(f"{w}\t{k % 7}\t{k % 3}\n")
        open(bad, "w").write("said\t3\nvowed\t300\t1\n")
        d, e, g = (os.path.join(tmp, n) for n in ("d.bin", "e.bin", "g.bin"))
        for out in (d, e):
            p = run("train", "--polnear", fixture, "--out", out, "-q", "--clusters", clus,
                    *small)
            check(p.returncode == 0, f"train --clusters: exit {p.returncode} {p.stderr!r}")
        check(open(d, "rb").read() == open(e, "rb").read(),
              "two trainings with --clusters gave different model files")
        check(open(d, "rb").read() != open(a, "rb").read(),
              "--clusters did not change the model")
        p = run("train", "--polnear", fixture, "--out", g, "-q", "--clusters", clus,
                "--clusters-use", "beside", *small)
        check(p.returncode == 0 and open(g, "rb").read() not in (open(a, "rb").read(),
                                                              open(d, "rb").read()),
              f"--clusters-use beside: exit {p.returncode}, or the same model")
        for args in (["--polnear", fixture, "--out", a, "--clusters", bad],
                     ["--polnear", fixture, "--out", a, "--clusters",
                      os.path.join(tmp, "none")],
                     ["--polnear", fixture, "--out", a, "--clusters", clus,
                      "--clusters-use", "both"]):
            p = run("train", *args)
            err = p.stderr.decode()
            check(p.returncode == 2 and err.count("\n") == 1 and err.startswith("whosaid"),
                  f"train {' '.join(args)}: exit {p.returncode}, stderr {err!r}")
        for args in (["--polnear", fixture],
                     ["--out", a],
                     ["--polnear", fixture, "--out", a, "--fraction", "0"],
                     ["--polnear", fixture, "--out", a, "--bits", "99"],
                     ["--polnear", fixture, "--out", a, "--bogus"],
                     ["--polnear", os.path.join(tmp, "none"), "--out", a],
                     ["--predict", fixture],
                     ["--predict", fixture, "--model", os.path.join(tmp, "none"),
                      "--pred", pred2]):
            p = run("train", *args)
            err = p.stderr.decode()
            check(p.returncode == 2 and err.count("\n") == 1 and err.startswith("whosaid"),
                  f"train {' '.join(args)}: exit {p.returncode}, stderr {err!r}")
        junk = os.path.join(tmp, "junk.bin")
        open(junk, "wb").write(b"not a model")
        p = run("train", "--predict", fixture, "--model", junk, "--pred", pred2)
        check(p.returncode == 1 and b"malformed" in p.stderr, f"junk model: {p.stderr!r}")
        for args in (["help", "train"], ["train", "--help"], ["train", "-h"]):
            p = run(*args)
            text = p.stdout.decode()
            check(p.returncode == 0 and text.startswith("Usage: whosaid train"),
                  f"{' '.join(args)}: no help")
            for opt in ("--polnear", "--out", "--dev", "--pred", "--epochs", "--fraction",
                        "--bits", "--seed", "--name", "--predict", "--model", "--quiet",
                        "--clusters", "--clusters-use"):
                check(opt in text, f"train help does not mention {opt}")
    print("ok" if not FAILED else f"{len(FAILED)} failures")
    return 1 if FAILED else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
