#!/usr/bin/python3
"""Builds the benchmark corpus from PolNeAR's training texts, repeated.

  make_corpus.py SRC_DIR OUT_DIR MEGABYTES

writes
  OUT_DIR/articles/  one file per article, r00-NAME.txt, r01-NAME.txt ...:
                     the texts of SRC_DIR/*.txt in name order, copied round
                     after round until the total reaches MEGABYTES MiB (the
                     last round stops there, so the total is MEGABYTES MiB
                     give or take one article);
  OUT_DIR/all.txt    the same articles, in the same order, in one file,
                     separated by blank lines (the one-document stress case,
                     and the file `wc -w` reads);
  OUT_DIR/files.lst  the article file names, each followed by a NUL byte;
  OUT_DIR/stamp      what was built, so that an unchanged request is not
                     built again.

The articles are copied byte for byte, so every round is the same text: the
figures measure the engine, not variety. Prints the article count and bytes.
"""
import os
import sys


def build(src, out, megabytes):
    names = sorted(n for n in os.listdir(src) if n.endswith(".txt"))
    if not names:
        sys.exit("make_corpus: no .txt files in %s" % src)
    texts = []
    for n in names:
        with open(os.path.join(src, n), "rb") as f:
            texts.append((n, f.read()))
    target = megabytes << 20
    art = os.path.join(out, "articles")
    os.makedirs(art, exist_ok=True)
    for old in os.listdir(art):
        os.unlink(os.path.join(art, old))
    files, total, rnd = [], 0, 0
    with open(os.path.join(out, "all.txt"), "wb") as whole:
        while total < target:
            for n, data in texts:
                if total >= target:
                    break
                name = "r%02d-%s" % (rnd, n)
                with open(os.path.join(art, name), "wb") as f:
                    f.write(data)
                if files:
                    whole.write(b"\n\n")
                whole.write(data.rstrip(b"\n"))
                files.append(name)
                total += len(data)
            rnd += 1
    with open(os.path.join(out, "files.lst"), "wb") as f:
        f.write(b"".join(n.encode() + b"\0" for n in files))
    return len(files), total


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    src, out, megabytes = sys.argv[1], sys.argv[2], int(sys.argv[3])
    stamp = "%s %d v1\n" % (os.path.abspath(src), megabytes)
    stamp_path = os.path.join(out, "stamp")
    if os.path.exists(stamp_path) and open(stamp_path).read() == stamp:
        print("make_corpus: %s is up to date" % out)
        return
    os.makedirs(out, exist_ok=True)
    if os.path.exists(stamp_path):
        os.unlink(stamp_path)
    count, total = build(src, out, megabytes)
    with open(stamp_path, "w") as f:
        f.write(stamp)
    print("make_corpus: %d articles, %d bytes in %s" % (count, total, out))


if __name__ == "__main__":
    main()
