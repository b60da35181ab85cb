#!/usr/bin/python3
"""compare_builds.py: reader_dump of two builds on the same damaged inputs
must print the same. Used to check that decoding gzip members with
libdeflate (src/source.c) changes nothing against zlib alone:

    cmake -S . -B build-zlib -DWS_LIBDEFLATE=OFF && cmake --build build-zlib --target reader_dump
    tests/readers/compare_builds.py build/tests/reader_dump build-zlib/tests/reader_dump \\
        ../shared/data/warc-samples [NEWS.warc.gz]

Inputs: every .gz file under the samples folder (and the first 400 kB of
NEWS, a WARC.gz of one member a record, such as bench/warc.sh's
news-unit.warc.gz), each whole, cut at 12 random offsets and with 12
random bit flips; a member with the header-CRC flag set; one member of 20
MiB of records; a gzip bomb of 200 MiB; a small --max-document. Each is
read from a file and from memory (--memory). Prints the number of runs
and of differences; exits 1 on any difference (the input is kept in
/tmp as compare-builds-N.gz).
"""
import gzip, os, random, subprocess, sys, tempfile


def main():
    a, b, samples = sys.argv[1:4]
    whole = open(sys.argv[4], "rb").read() if len(sys.argv) > 4 else b""
    news = whole[:400000]
    rng = random.Random(4)
    tmp = tempfile.NamedTemporaryFile(suffix=".gz", delete=False).name
    runs = diffs = 0

    def run(data, extra=()):
        nonlocal runs, diffs
        with open(tmp, "wb") as f:
            f.write(data)
        for mode in ([], ["--memory"]):
            args = list(extra) + mode + [tmp]
            oa = subprocess.run([a] + args, capture_output=True, timeout=300)
            ob = subprocess.run([b] + args, capture_output=True, timeout=300)
            runs += 1
            if (oa.stdout, oa.returncode) != (ob.stdout, ob.returncode):
                diffs += 1
                keep = "/tmp/compare-builds-%d.gz" % diffs
                with open(keep, "wb") as f:
                    f.write(data)
                print("differ:", " ".join(args[:-1]), keep, file=sys.stderr)

    inputs = []
    for d, _, files in sorted(os.walk(samples)):
        inputs += [open(os.path.join(d, f), "rb").read() for f in sorted(files)
                   if f.endswith(".gz")]
    if news:
        inputs.append(news)
    for data in inputs:
        run(data)
        for _ in range(12):
            run(data[:rng.randrange(1, len(data))])
        for _ in range(12):
            d = bytearray(data)
            for _ in range(rng.choice([1, 1, 3])):
                d[rng.randrange(len(d))] ^= 1 << rng.randrange(8)
            run(bytes(d))
    rec = (b"WARC/1.0\r\nWARC-Type: resource\r\nContent-Type: text/plain\r\n"
           b"Content-Length: 5\r\n\r\nhello\r\n\r\n")
    d = bytearray(gzip.compress(rec))
    d[3] |= 2  # FHCRC without a header CRC: zlib refuses it.
    run(bytes(d))
    plain = gzip.decompress(whole) if whole else rec * 200000
    run(gzip.compress((plain * (1 + (20 << 20) // len(plain)))[:20 << 20], 1))
    bomb = (b"WARC/1.0\r\nWARC-Type: resource\r\nContent-Type: text/plain\r\n"
            b"Content-Length: %d\r\n\r\n" % (200 << 20))
    run(gzip.compress(bomb + b"a" * (200 << 20), 9))
    if news:
        run(news[:300000], ["--max-document", "5000"])
    os.unlink(tmp)
    print("runs", runs, "differences", diffs)
    return 1 if diffs else 0


if __name__ == "__main__":
    sys.exit(main())
