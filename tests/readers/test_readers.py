#!/usr/bin/python3
"""test_readers.py: tests of the input readers through reader_dump.

    test_readers.py READER_DUMP own [BROTLI_PACK]  # generated archives and inputs
    test_readers.py READER_DUMP samples DIR   # ../shared/data/warc-samples

`own` reads the archives made by make_data.py (tests/readers/data/) and
inputs built here at test time: WARC records with each quirk, truncated,
bit-flipped and wrong-Content-Length variants, gzip members that cross
records, zstd frames, a gzip bomb, JSON lines and text/HTML files.
`samples` reads the real files of the shared warc-samples folder and exits
77 (skipped) when it is absent. Each reader_dump run has a time limit, so a
hang fails the test. Prints one line a failed check; exits 1 on failure.
"""
import gzip
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
DUMP = sys.argv[1]
FAILS = []
CHECKS = [0]
TMP = tempfile.mkdtemp(prefix="ws-readers-")


def check(cond, what):
    CHECKS[0] += 1
    if not cond:
        FAILS.append(what)
        print("FAIL:", what)


def dump(path, *opts, stdin=None, timeout=60):
    """Runs reader_dump; returns (docs, errors, stats, events in order)."""
    args = [DUMP] + list(opts) + [path]
    p = subprocess.run(args, input=stdin, capture_output=True, timeout=timeout)
    if p.returncode not in (0, 1):
        raise RuntimeError("%s exited with %d: %s" % (args, p.returncode, p.stderr[-500:]))
    events = [json.loads(l) for l in p.stdout.decode("utf-8", "replace").splitlines() if l]
    docs = [e for e in events if "format" in e and "stats" not in e]
    errors = [e for e in events if "error" in e]
    stats = next((e["stats"] for e in events if "stats" in e), None)
    opened = next((e for e in events if "open_error" in e), None)
    return docs, errors, stats if stats else {"open_error": opened}, events


def write(name, data):
    path = os.path.join(TMP, name)
    with open(path, "wb") as f:
        f.write(data)
    return path


def hashes(docs):
    return [d["hash"] for d in docs]


# ---- WARC records built here --------------------------------------------------

def record(rtype, block, uri="http://example.org/", ctype=None, eol=b"\r\n",
           version=b"WARC/1.0", length=None, extra=()):
    """One WARC record with its trailer."""
    h = [version, b"WARC-Type: " + rtype.encode(),
         b"WARC-Record-ID: <urn:uuid:%08d-0000-0000-0000-000000000000>" % random.randrange(10**8),
         b"WARC-Date: 2024-05-01T12:00:00Z"]
    if uri is not None:
        h.append(b"WARC-Target-URI: " + uri.encode())
    if ctype is None and rtype in ("response", "request"):
        ctype = "application/http; msgtype=" + rtype
    if ctype:
        h.append(b"Content-Type: " + ctype.encode())
    h += [x.encode() for x in extra]
    h.append(b"Content-Length: %d" % (len(block) if length is None else length))
    return eol.join(h) + eol + eol + block + b"\r\n\r\n"


def http(body, status=b"200 OK", ctype=b"text/html; charset=utf-8", headers=(), eol=b"\r\n"):
    h = [b"HTTP/1.1 " + status, b"Content-Type: " + ctype] + list(headers)
    return eol.join(h) + eol + eol + body


PAGE = b"<!doctype html><html><head><title>T</title></head><body><p>\"Yes,\" she said.</p></body></html>"


def chunk(body, size=17):
    out = b""
    for i in range(0, len(body), size):
        out += b"%x\r\n%s\r\n" % (len(body[i:i + size]), body[i:i + size])
    return out + b"0\r\n\r\n"


def test_quirks():
    """Synthetic records: one quirk each, each in a known order."""
    random.seed(1)
    zpage = zlib.compress(PAGE)
    rawdeflate = zlib.compressobj(9, zlib.DEFLATED, -15)
    rawdeflate = rawdeflate.compress(PAGE) + rawdeflate.flush()
    recs = [
        (record("warcinfo", b"software: test\r\n", uri=None, ctype="application/warc-fields"), None),
        (record("response", http(PAGE)), PAGE),
        (record("request", b"GET / HTTP/1.1\r\nHost: example.org\r\n\r\n"), None),
        (record("response", http(PAGE), uri="<http://wrapped.example/>", eol=b"\n",
                version=b"WARC/0.18"), PAGE),
        (record("response", http(chunk(PAGE), headers=[b"Transfer-Encoding: chunked"])), PAGE),
        (record("response", http(b"zz\r\nnot chunked at all" + PAGE,
                                 headers=[b"Transfer-Encoding: chunked"])),
         b"zz\r\nnot chunked at all" + PAGE),
        (record("response", http(gzip.compress(PAGE), headers=[b"Content-Encoding: gzip"])), PAGE),
        (record("response", http(zpage, headers=[b"Content-Encoding: deflate"])), PAGE),
        (record("response", http(rawdeflate, headers=[b"Content-Encoding: deflate"])), PAGE),
        (record("response", http(chunk(gzip.compress(PAGE)), headers=[
            b"Transfer-Encoding: chunked", b"Content-Encoding: gzip"])), PAGE),
        (record("response", http(PAGE, headers=[b"X-Crawler-Content-Encoding: gzip",
                                                 b"X-Crawler-Transfer-Encoding: chunked"])), PAGE),
        (record("response", http(PAGE, headers=[b"Content-Encoding: gzip"])), PAGE),
        (record("response", http(PAGE, eol=b"\n")), PAGE),
        (record("response", http(PAGE, headers=[b"Content-Encoding: br"])), PAGE),
        (record("response", http(b"Not here", status=b"404 Not Found")), None),
        (record("response", http(b"", status=b"301 Moved", ctype=b"text/html")), None),
        (record("response", http(b"\x89PNG....", ctype=b"image/png")), None),
        (record("response", http(b"%PDF-1.4", ctype=b"application/pdf")), None),
        (record("revisit", http(b"")), None),
        (record("metadata", b"via: x\r\n", ctype="application/warc-fields"), None),
        (record("resource", b"Plain words, said nobody.\n", ctype="text/plain"), b"Plain words, said nobody.\n"),
        (record("conversion", b"Converted text.\n", ctype="text/plain"), b"Converted text.\n"),
        (record("resource", PAGE, ctype=None), PAGE),
        (record("response", http(b"   \r\n")), None),
        (record("response", b"HTTP/1.1 100 Continue\r\n\r\n" + http(PAGE)), PAGE),
        (record("response", http(PAGE, ctype=b"text/html; charset=\"ISO-8859-1\"")), PAGE),
    ]
    if len(sys.argv) > 3 and sys.argv[2] == "own":  # brotli_pack was built
        br = subprocess.run([sys.argv[3]], input=PAGE, capture_output=True, check=True).stdout
        recs.insert(3, (record("response", http(br, headers=[b"Content-Encoding: br"])), PAGE))
        bomb = subprocess.run([sys.argv[3]], input=b"\0" * (8 << 20), capture_output=True).stdout
        recs.insert(3, (record("response", http(bomb, headers=[b"Content-Encoding: br"])), None))
    data = b"".join(r for r, _ in recs)
    path = write("quirks.warc", data)
    cap = ("--max-document", str(4 << 20))
    docs, errors, stats, _ = dump(path, "--body", *cap)
    want = [b for _, b in recs if b is not None]
    too_big = len(sys.argv) > 3
    check([e["error"] for e in errors] == (["too_big"] if too_big else []),
          "quirks: no errors but a brotli bomb, got %s" % errors)
    check([d["body"].encode("utf-8", "surrogateescape") for d in docs] == want,
          "quirks: bodies decoded as expected, got %s" % [d["body"][:40] for d in docs])
    check(any(d.get("url") == "http://wrapped.example/" for d in docs), "quirks: <...> URI unwrapped")
    check(docs[-1].get("charset") == "ISO-8859-1", "quirks: quoted charset")
    check(docs[0].get("charset") == "utf-8", "quirks: charset from Content-Type")
    check(all(d["id"].startswith("urn:uuid:") for d in docs), "quirks: ids without brackets")
    sk = stats["skips"]
    for reason, n in [("warcinfo record", 1), ("request record", 1), ("revisit record", 1),
                      ("metadata record", 1), ("HTTP client error (4xx)", 1),
                      ("HTTP redirect or not modified (3xx)", 1), ("not a document: image/png", 1),
                      ("not a document: application/pdf", 1), ("empty payload", 1)]:
        check(sk.get(reason) == n, "quirks: skip %r counted %s, got %s" % (reason, n, sk.get(reason)))
    formats = [d["format"] for d in docs]
    check(formats.count("text") == 2, "quirks: two text documents, got %s" % formats)

    # The same records, gzip-compressed in every way: one member a record,
    # one member for all, members cut at random places.
    members = b"".join(gzip.compress(r) for r, _ in recs)
    d1, e1, _, _ = dump(write("quirks-members.warc.gz", members), *cap)
    check(hashes(d1) == hashes(docs) and [e["error"] for e in e1] == [e["error"] for e in errors],
          "quirks: one gzip member a record")
    starts = [0]
    for r, _ in recs[:-1]:
        starts.append(starts[-1] + len(gzip.compress(r)))
    check(all(d["offset"] in starts for d in d1), "quirks: offsets are gzip member offsets")
    d2, e2, _, _ = dump(write("quirks-one.warc.gz", gzip.compress(data)), *cap)
    check(hashes(d2) == hashes(docs) and e2 == errors, "quirks: one gzip member for all")
    rnd = random.Random(7)
    cuts = sorted(rnd.sample(range(1, len(data)), 25))
    parts = [data[a:b] for a, b in zip([0] + cuts, cuts + [len(data)])]
    d3, e3, _, _ = dump(write("quirks-cut.warc.gz", b"".join(gzip.compress(p) for p in parts)), *cap)
    check(hashes(d3) == hashes(docs) and e3 == errors, "quirks: gzip members crossing records")
    if shutil.which("zstd"):
        zpath = write("quirks-frames.warc", data)
        subprocess.run(["zstd", "-q", "-f", zpath, "-o", zpath + ".zst"], check=True)
        d4, e4, _, _ = dump(zpath + ".zst", *cap)
        check(hashes(d4) == hashes(docs) and e4 == errors, "quirks: zstd")
        frames = b""
        for p in parts:
            f = write("part", p)
            subprocess.run(["zstd", "-q", "-f", f, "-o", f + ".zst"], check=True)
            frames += open(f + ".zst", "rb").read()
        d5, e5, _, _ = dump(write("quirks-frames.warc.zst", frames), *cap)
        check(hashes(d5) == hashes(docs) and e5 == errors, "quirks: zstd frames crossing records")
    if shutil.which("lz4"):
        frames = b""
        for p in parts:
            f = write("part", p)
            subprocess.run(["lz4", "-q", "-f", f, f + ".lz4"], check=True)
            frames += open(f + ".lz4", "rb").read()
        d6, e6, _, _ = dump(write("quirks-frames.warc.lz4", frames), *cap)
        check(hashes(d6) == hashes(docs) and e6 == errors, "quirks: LZ4 frames crossing records")
        cut = dump(write("quirks-cut.warc.lz4", frames[:len(frames) // 2]), *cap)
        check(cut[1] and cut[1][-1]["error"] == "io" and set(hashes(cut[0])) <= set(hashes(docs)),
              "quirks: LZ4 cut in half")
    return recs


def test_arc():
    """ARC version 1 and 2 files written here, one plain and one gzip."""
    body = http(PAGE)
    for version, fields in ((1, b"%s %d"), (2, b"%s 200 ABCDEF - 0 x.arc %d")):
        head = b"%d 0 Test\nURL IP-address Archive-date Content-type Archive-length\n" % version
        data = (b"filedesc://x.arc 0.0.0.0 20240101000000 text/plain %d\n" % len(head) + head + b"\n"
                + b"http://example.org/a b 1.2.3.4 20240102030405 " + fields % (b"text/html", len(body))
                + b"\n" + body + b"\n"
                + b"http://example.org/img 1.2.3.4 20240102030405 " + fields % (b"image/png", 4)
                + b"\n\x89PNG\n")
        for name, raw in (("v%d.arc" % version, data), ("v%d.arc.gz" % version, gzip.compress(data))):
            docs, errors, stats, _ = dump(write(name, raw), "--body")
            check(len(docs) == 1 and not errors and docs[0]["body"].encode() == PAGE
                  and docs[0]["url"] == "http://example.org/a b",
                  "ARC %s: one document, got %s %s" % (name, docs, errors))
            check(stats["skips"].get("not a document: image/png") == 1, "ARC %s: image skipped" % name)


def test_bomb():
    """A gzip bomb stops at max_document, and the next record is read."""
    bomb = gzip.compress(b"\0" * (80 << 20), compresslevel=1)
    data = (record("response", http(bomb, headers=[b"Content-Encoding: gzip"]))
            + record("response", http(PAGE)))
    path = write("bomb.warc", data)
    docs, errors, stats, _ = dump(path)
    check(len(docs) == 1 and [e["error"] for e in errors] == ["too_big"],
          "bomb: too_big then the next record, got %d docs %s" % (len(docs), errors))
    check(stats["skips"].get("larger than max_document") == 1, "bomb: counted as a skip")
    docs, errors, _, _ = dump(path, "--max-document", "100000")
    check(len(docs) == 1 and errors and errors[0]["error"] == "too_big",
          "bomb: small max_document")
    # A record larger than max_document is skipped without being held.
    big = record("resource", b"x" * 300000, ctype="text/plain") + record("response", http(PAGE))
    docs, errors, _, _ = dump(write("big.warc", big), "--max-document", "100000")
    check(len(docs) == 1 and errors and errors[0]["error"] == "too_big", "big record skipped")


def max_rss_kb(args):
    """Runs a command; returns its peak resident memory in KiB."""
    p = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(p.pid, 0)
    return usage.ru_maxrss


def test_memory():
    """A 300 MB record (gzip) and a 300 MB JSON line are passed over in
    bounded memory: far less than their size (the line is held up to
    max_document, here 8 MiB, to know that it is too long)."""
    size = 300 << 20
    z = zlib.compressobj(1, zlib.DEFLATED, 31)
    head = b"WARC/1.0\r\nWARC-Type: resource\r\nContent-Type: text/html\r\nContent-Length: %d\r\n\r\n"
    parts = [z.compress(head % size)]
    block = b"<p>" + b"a" * ((1 << 20) - 3)
    for _ in range(size >> 20):
        parts.append(z.compress(block))
    parts.append(z.compress(b"\r\n\r\n" + record("response", http(PAGE))))
    parts.append(z.flush())
    path = write("huge-record.warc.gz", b"".join(parts))
    docs, errors, _, _ = dump(path)
    check(len(docs) == 1 and [e["error"] for e in errors] == ["too_big"], "huge record skipped")
    rss = max_rss_kb([DUMP, path])
    check(rss < 100 * 1024, "huge record: peak memory %d KiB" % rss)
    z = zlib.compressobj(1, zlib.DEFLATED, 31)
    parts = [z.compress(b'{"text": "')]
    for _ in range(size >> 20):
        parts.append(z.compress(b"b" * (1 << 20)))
    parts.append(z.compress(b'"}\n{"text": "next"}\n'))
    parts.append(z.flush())
    path = write("huge-line.jsonl.gz", b"".join(parts))
    docs, errors, _, _ = dump(path, "--max-document", str(8 << 20))
    check(len(docs) == 1 and [e["error"] for e in errors] == ["too_big"], "huge JSON line skipped")
    rss = max_rss_kb([DUMP, "--max-document", str(8 << 20), path])
    check(rss < 100 * 1024, "huge JSON line: peak memory %d KiB" % rss)


def test_wrong_length(plain):
    """Wrong Content-Length: one error, resynchronised, the rest read."""
    full, _, _, _ = dump(plain)
    data = open(plain, "rb").read()
    i = data.index(b"WARC-Type: response")
    i = data.index(b"WARC-Type: response", i + 1)  # article.html
    j = data.index(b"Content-Length: ", i) + len(b"Content-Length: ")
    k = data.index(b"\r\n", j)
    n = int(data[j:k])
    for delta, name in [(7, "longer"), (-7, "shorter"), (10**11, "huge")]:
        bad = data[:j] + str(n + delta).encode() + data[k:]
        docs, errors, _, _ = dump(write("cl-%s.warc" % name, bad))
        check(len(errors) == 1 and errors[0]["error"] in ("format", "too_big"),
              "Content-Length %s: one error, got %s" % (name, errors))
        check(len(docs) == len(full) - 1 and set(hashes(docs)) <= set(hashes(full)),
              "Content-Length %s: every other document, got %d of %d" % (name, len(docs), len(full)))
    docs, errors, _, _ = dump(write("garbage.warc", b"garbage line\n" + data))
    check(hashes(docs) == hashes(full) and len(errors) == 1, "garbage before the first record")


def test_truncated(path, compressed):
    """Cut anywhere: every whole record before the cut, then an I/O error."""
    full, _, _, _ = dump(path)
    data = open(path, "rb").read()
    rnd = random.Random(3)
    cuts = sorted(set(rnd.randrange(1, len(data)) for _ in range(40)))
    bad = 0
    for cut in cuts:
        docs, errors, _, events = dump(write("cut", data[:cut]))
        ok = hashes(docs) == hashes(full)[:len(docs)]
        ok = ok and all(e["error"] == "io" for e in errors) and len(errors) <= 1
        ok = ok and (not errors or "error" in events[-2])
        if not ok:
            bad += 1
            print("  cut at", cut, "docs", len(docs), "errors", errors)
    check(bad == 0, "truncated %s: %d of %d cuts wrong" % (os.path.basename(path), bad, len(cuts)))
    # The last cut inside a record must give the I/O error with an offset.
    docs, errors, _, _ = dump(write("cut", data[:len(data) - 100]))
    check(errors and errors[-1]["error"] == "io" and errors[-1]["pos"] > 0,
          "truncated %s: I/O error with an offset, got %s" % (os.path.basename(path), errors))


def test_bitflips(path, expect_min_fraction):
    """Flipped bytes: no crash, no hang, most documents still read."""
    full, _, _, _ = dump(path)
    data = bytearray(open(path, "rb").read())
    rnd = random.Random(5)
    worst = len(full)
    for i in range(30):
        d = bytearray(data)
        for _ in range(rnd.randint(1, 3)):
            d[rnd.randrange(len(d))] ^= 1 << rnd.randrange(8)
        docs, errors, stats, _ = dump(write("flip", bytes(d)), "--format", "warc")
        worst = min(worst, len(docs))
        for e in errors:
            check("pos" in e and isinstance(e["message"], str), "bit flip: error with a position")
    check(worst >= int(len(full) * expect_min_fraction),
          "bit flips in %s: at worst %d of %d documents" % (os.path.basename(path), worst, len(full)))


def test_own_archives():
    data = os.path.join(HERE, "data")
    gz, plain = os.path.join(data, "site.warc.gz"), os.path.join(data, "site-plain.warc")
    for path in (gz, plain):
        docs, errors, stats, _ = dump(path, "--body")
        name = os.path.basename(path)
        urls = sorted(d["url"].split("/", 3)[3] for d in docs)
        check(urls == ["", "article.html", "chunked.html", "gz.html", "latin1.html", "notes.txt",
                       "section/"], "%s: documents %s" % (name, urls))
        check(not errors, "%s: no errors %s" % (name, errors))
        by = {d["url"].split("/", 3)[3]: d for d in docs}
        check("Compression saves bandwidth" in by["gz.html"]["body"], "%s: gzip body" % name)
        check("Every piece arrived" in by["chunked.html"]["body"]
              and "ext=1" not in by["chunked.html"]["body"], "%s: chunked body" % name)
        check(by["notes.txt"]["format"] == "text", "%s: text/plain is text" % name)
        check(by["notes.txt"].get("date", "").startswith("20") and
              all("date" not in d for d in docs if d["format"] == "html"),
              "%s: WARC-Date on text records only" % name)
        sk = stats["skips"]
        for reason in ("HTTP client error (4xx)", "HTTP redirect or not modified (3xx)",
                       "not a document: image/png", "not a document: application/json"):
            check(sk.get(reason) == 1, "%s: skip %s" % (name, reason))
    g, _, _, _ = dump(gz)
    p, _, _, _ = dump(plain)
    check(hashes(g) == hashes(p), "site: same bodies compressed or not")
    # Cut in the last member's gzip trailer: every record is whole.
    docs, errors, _, events = dump(write("trailer.warc.gz", open(gz, "rb").read()[:-4]))
    check(hashes(docs) == hashes(g) and [e["error"] for e in errors] == ["io"]
          and "error" in events[-2], "site.warc.gz cut in the gzip trailer: all records, then io")
    test_truncated(plain, False)
    test_truncated(gz, True)
    test_bitflips(gz, 0.4)
    test_bitflips(plain, 0.4)
    test_wrong_length(plain)
    same_in_all_modes(gz)
    same_in_all_modes(plain)


def same_in_all_modes(path):
    """File, memory and standard input give the same records."""
    a = dump(path)[3]
    b = dump(path, "--memory")[3]
    c = dump("-", stdin=open(path, "rb").read())[3]
    strip = lambda ev: [dict(e, stats=None) if "stats" in e else e for e in ev]
    check(strip(a) == strip(b), "%s: memory input differs" % os.path.basename(path))
    strip_src = lambda ev: [e for e in strip(ev)]
    check(strip_src(a) == strip_src(c), "%s: standard input differs" % os.path.basename(path))


def test_jsonl():
    lines = [b'{"text": "First, she said.", "id": 7, "url": "http://a/", "title": "One"}',
             b'',
             b'{"text": "broken',
             b'{"body": "no text field"}',
             b'["not", "an object"]',
             b'{"text": "' + b"y" * 5000 + b'"}',
             b'{"text": "Caf\\u00e9 \\"quoted\\"", "meta": {"url": "http://nested/"}}\r',
             b'{"html": "<p>Hi</p>", "text": "fallback"}',
             b'{"text": "last line without newline", "date": "2024-01-02"}']
    data = b"\n".join(lines)
    path = write("in.jsonl", data)
    docs, errors, stats, _ = dump(path, "--body", "--max-document", "4000")
    check([d["body"] for d in docs] == ["First, she said.", "Caf\u00e9 \"quoted\"", "fallback",
                                        "last line without newline"],
          "jsonl: bodies %s" % [d["body"][:20] for d in docs])
    off = data.index(b'{"text": "broken')
    check([(e["error"], e["pos"]) for e in errors] ==
          [("format", off), ("format", data.index(b'["not"')), ("too_big", data.index(b'{"text": "yyy'))],
          "jsonl: errors with line offsets, got %s" % errors)
    check(docs[0].get("id") == "7" and docs[0].get("title") == "One", "jsonl: number id, title")
    check(stats["skips"].get("no text field") == 1, "jsonl: missing text field counted")
    docs, _, _, _ = dump(path, "--html-field", "html", "--body", "--max-document", "4000")
    check(docs[2]["format"] == "html" and docs[2]["body"] == "<p>Hi</p>", "jsonl: html field")
    docs, _, _, _ = dump(path, "--text-field", "meta.url", "--body")
    check([d["body"] for d in docs] == ["http://nested/"], "jsonl: dotted field path")
    d1, e1, _, _ = dump(write("in.jsonl.gz", gzip.compress(data)), "--max-document", "4000")
    d0, e0, _, _ = dump(path, "--max-document", "4000")
    check(hashes(d1) == hashes(d0) and e1 == e0, "jsonl: gzip gives the same")
    # The fast path and jansson (forced by a dotted field name) agree.
    rnd = random.Random(11)
    words = [r"said", r"caf\u00e9", r"\u201cquoted\u201d", r"\"x\"", r"\\", r"\n",
             r"\ud83d\ude00", r"\u00e9t\u00e9", r"\t", r"na\u00efve", "plain"]
    more = [b'{"text": "%s", "id": %d, "title": "%s", "n": [1, {"a": null}], "r": 1.5}' % (
        " ".join(rnd.choice(words) for _ in range(rnd.randint(1, 30))).encode(), i,
        rnd.choice(words).encode()) for i in range(300)]
    more.append('{"text": "raw \u00e9\u4e2d UTF-8"}'.encode("utf-8"))
    more.append(b'{"text": "bad \xff byte"}')
    mpath = write("more.jsonl", b"\n".join(lines + more) + b"\n")
    fast = dump(mpath, "--body", "--max-document", "4000")
    slow = dump(mpath, "--body", "--max-document", "4000", "--id-field", "no.such")
    strip_id = lambda docs: [{k: v for k, v in d.items() if k != "id"} for d in docs]
    check(strip_id(fast[0]) == strip_id(slow[0]) and fast[1] == slow[1] and len(fast[0]) > 300,
          "jsonl: fast path and jansson give the same records")
    docs, errors, _, _ = dump(write("bom.jsonl", b'\xef\xbb\xbf{"text": "a"}\n{"text": "b"}\n'))
    check(len(docs) == 2 and not errors, "jsonl: byte-order mark before the first line")
    # One huge line is skipped without holding it, the next one is read.
    huge = b'{"text": "' + b"z" * (3 << 20) + b'"}\n{"text": "after"}\n'
    docs, errors, _, _ = dump(write("huge.jsonl", huge), "--max-document", "65536", "--body")
    check([d["body"] for d in docs] == ["after"] and errors[0]["error"] == "too_big",
          "jsonl: huge line skipped")


def test_whole():
    docs, _, stats, _ = dump(write("a.txt", b"He said \"hi\".\n"))
    check(len(docs) == 1 and docs[0]["format"] == "text" and stats["format"] == "text", "text file")
    docs, _, stats, _ = dump(write("page.bin", b"\n\n<!DOCTYPE html><p>x"))
    check(docs[0]["format"] == "html", "html detected from content")
    docs, _, stats, _ = dump(write("page.htm", b"<p>no markers</p>"))
    check(docs[0]["format"] == "html", "html detected from the extension")
    docs, _, stats, _ = dump(write("p.html.gz", gzip.compress(b"<html><body>x</body></html>")))
    check(docs[0]["format"] == "html" and docs[0]["len"] == 27, "gzip html")
    docs, _, stats, _ = dump(write("x.warc", b"<html>"), "--format", "text")
    check(docs[0]["format"] == "text", "format forced")
    docs, errors, stats, _ = dump(write("big.txt", b"a" * 5000), "--max-document", "4096")
    check(not docs and errors[0]["error"] == "too_big", "text larger than max_document")
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
    docs, errors, stats, _ = dump(write("picture", png))
    check(not docs and not errors and stats["skips"].get("not a document: binary data") == 1,
          "binary file without a name that says text: skipped")
    docs, _, _, _ = dump(write("utf16.txt", "\ufeffHe said hi.".encode("utf-16-le")))
    check(len(docs) == 1, "UTF-16 text with a byte-order mark is text")
    docs, _, _, _ = dump(write("picture.bin", png), "--format", "text")
    check(len(docs) == 1, "binary data forced to text is read")
    docs, errors, stats, _ = dump(write("empty.txt", b""))
    check(not docs and not errors and stats["skips"].get("empty input") == 1, "empty file")
    docs, errors, stats, _ = dump(write("t.gz", gzip.compress(b"words " * 1000)[:-30]))
    check(not docs and errors and errors[0]["error"] == "io", "truncated gzip text")
    # A corrupt member among three: an error, then the text of the others.
    parts = [gzip.compress(b"first part. "), gzip.compress(b"second part. " * 50),
             gzip.compress(b"third part.")]
    bad = bytearray(parts[1])
    bad[15:25] = b"\xff" * 10
    docs, errors, stats, _ = dump(write("c.txt.gz", parts[0] + bytes(bad) + parts[2]), "--body")
    check([e["error"] for e in errors] == ["format"] and errors[0]["pos"] >= len(parts[0])
          and len(docs) == 1 and docs[0]["body"].startswith("first part. ")
          and docs[0]["body"].endswith("third part."),
          "corrupt gzip member in a text file: error, then the rest, got %s %s" % (errors, docs))
    _, _, stats, _ = dump(write("x.xz", b"\xfd7zXZ\x00rest"))
    check(stats.get("open_error") is not None, "xz refused at open")
    docs, errors, _, _ = dump(write("x.lz4", b"\x04\x22\x4d\x18rest of it"))
    check(not docs and errors and errors[0]["error"] in ("format", "io"), "corrupt LZ4 reported")
    _, _, stats, _ = dump(os.path.join(TMP, "does-not-exist"))
    check(stats.get("open_error") is not None, "missing file refused at open")


# ---- Real samples -----------------------------------------------------------------

# name: (documents, errors as codes, skips that must be counted)
SAMPLES = {
    "chatnoir-eu_chatnoir-resiliparse/block-sized-records.warc": (0, [], {"unknown record type: unknown": 3}),
    "chatnoir-eu_chatnoir-resiliparse/block-sized-records.warc.gz": (0, [], {"unknown record type: unknown": 3}),
    "chatnoir-eu_chatnoir-resiliparse/block-sized-records.warc.lz4": (0, [], {"unknown record type: unknown": 3}),
    "chatnoir-eu_chatnoir-resiliparse/warcfile.warc.lz4": (16, [], {"request record": 17, "metadata record": 16}),
    "chatnoir-eu_chatnoir-resiliparse/clipped.warc.gz": (0, ["io"], {}),
    "chatnoir-eu_chatnoir-resiliparse/clueweb-quirk.warc.gz": (29, [], {"warcinfo record": 1}),
    "chatnoir-eu_chatnoir-resiliparse/warcfile.warc": (16, [], {"request record": 17, "metadata record": 16}),
    "chatnoir-eu_chatnoir-resiliparse/warcfile.warc.gz": (16, [], {"request record": 17, "metadata record": 16}),
    "iipc_jwarc/cc.warc.gz": (1, [], {}),
    "iipc_jwarc/gzip_extra_sl.warc.gz": (0, [], {"warcinfo record": 1}),
    "iipc_warc-specifications/20130729-heritrix-original.warc.gz": (1, [], {}),
    "iipc_warc-specifications/20130729-heritrix-revisit-with-http-headers.warc.gz": (0, [], {"revisit record": 1}),
    "iipc_warc-specifications/20141124-heritrix-server-not-modified.warc.gz": (0, [], {"revisit record": 1}),
    "iipc_warc-specifications/20141129-heritrix-original.warc.gz": (1, [], {}),
    "iipc_warc-specifications/20141129-heritrix-revisit-with-http-headers-and-new-warc-headers.warc.gz": (0, [], {"revisit record": 1}),
    "iipc_warc-specifications/hello-world.warc": (1, [], {"request record": 1}),
    "iipc_warc-specifications/hello-world.warc.gz": (1, [], {"request record": 1}),
    "webrecorder_warcio/bad.arc": (0, ["format", "format"], {}),
    "webrecorder_warcio/example-bad-non-chunked.warc.gz": (1, [], {"revisit record": 1}),
    "webrecorder_warcio/example-digest.warc": (0, [], {"request record": 4}),
    "webrecorder_warcio/example-iana.org-chunked.warc": (1, [], {"request record": 1}),
    "webrecorder_warcio/example-resource.warc.gz": (1, [], {"warcinfo record": 2}),
    "webrecorder_warcio/example-space-in-target-uri.warc.gz": (0, [], {"not a document: image/png": 1}),
    "webrecorder_warcio/example-space-in-url.arc": (0, ["io"], {"ARC file header": 1}),
    "webrecorder_warcio/example-trunc.warc": (0, ["format"], {"request record": 1}),
    "webrecorder_warcio/example-wget-bad-target-uri.warc.gz": (1, [], {}),
    "webrecorder_warcio/example-wrong-chunks.warc.gz": (1, [], {"request record": 1}),
    "webrecorder_warcio/example.arc": (1, [], {"ARC file header": 1}),
    "webrecorder_warcio/example.arc.gz": (1, [], {"ARC file header": 1}),
    "webrecorder_warcio/example.warc": (1, [], {"revisit record": 1}),
    "webrecorder_warcio/example.warc.gz": (1, [], {"revisit record": 1}),
    "webrecorder_warcio/post-test.warc.gz": (0, [], {"not a document: application/json": 3}),
}


def damage_every_sample(root):
    """Every sample cut at 8 places and with 8 sets of flipped bits: each
    run must end normally (dump raises on a crash or a hang), and a cut
    one must give no document that the whole file does not give."""
    rnd = random.Random(13)
    for name in sorted(SAMPLES):
        data = open(os.path.join(root, name), "rb").read()
        full = set(hashes(dump(os.path.join(root, name))[0]))
        for k in range(8):
            cut = data[:rnd.randrange(1, len(data))]
            docs, errors, _, _ = dump(write("cut-" + os.path.basename(name), cut))
            check(set(hashes(docs)) <= full, "%s cut: documents not in the whole file" % name)
            flipped = bytearray(data)
            for _ in range(rnd.randint(1, 4)):
                flipped[rnd.randrange(len(data))] ^= 1 << rnd.randrange(8)
            dump(write("flip-" + os.path.basename(name), bytes(flipped)))


def test_samples(root):
    for name, (ndocs, codes, skips) in SAMPLES.items():
        path = os.path.join(root, name)
        docs, errors, stats, _ = dump(path, "--body")
        check(len(docs) == ndocs, "%s: %d documents, want %d" % (name, len(docs), ndocs))
        check([e["error"] for e in errors] == codes, "%s: errors %s, want %s" % (name, errors, codes))
        for reason, n in skips.items():
            check(stats["skips"].get(reason) == n, "%s: skip %r %s, want %d" % (
                name, reason, stats["skips"].get(reason), n))
        check(all(d["body"].lstrip("\ufeff \r\n\t").startswith("<") or d["format"] == "text" for d in docs),
              "%s: bodies decoded" % name)
        same_in_all_modes(path)
    lz4, _, _, _ = dump(os.path.join(root, "chatnoir-eu_chatnoir-resiliparse/warcfile.warc.lz4"))
    plain, _, _, _ = dump(os.path.join(root, "chatnoir-eu_chatnoir-resiliparse/warcfile.warc"))
    check(hashes(lz4) == hashes(plain), "warcfile.warc.lz4: the same records as the .warc")
    # The same records from the WARC and its gzip; gzip offsets open a member
    # that starts with the record.
    plain = os.path.join(root, "chatnoir-eu_chatnoir-resiliparse/warcfile.warc")
    a, _, _, _ = dump(plain)
    b, _, _, _ = dump(plain + ".gz")
    check(hashes(a) == hashes(b), "warcfile: same bodies from .warc and .warc.gz")
    raw = open(plain + ".gz", "rb").read()
    ok = all(zlib.decompressobj(31).decompress(raw[d["offset"]:], 64).startswith(b"WARC/") for d in b)
    check(ok, "warcfile.warc.gz: offsets point at gzip members starting the record")
    body = open(plain, "rb").read()
    check(all(body[d["offset"]:].startswith(b"WARC/") for d in a), "warcfile.warc: offsets")
    cc, _, _, _ = dump(os.path.join(root, "iipc_jwarc/cc.warc.gz"), "--body")
    check(cc[0]["body"].lstrip().startswith("<!DOCTYPE html>"), "cc.warc.gz: X-Crawler encodings kept")
    cw, _, _, _ = dump(os.path.join(root, "chatnoir-eu_chatnoir-resiliparse/clueweb-quirk.warc.gz"))
    check(all(d.get("charset") == "EUC-JP" for d in cw), "clueweb: EUC-JP charset")
    damage_every_sample(root)
    test_truncated(os.path.join(root, "chatnoir-eu_chatnoir-resiliparse/warcfile.warc.gz"), True)
    test_bitflips(os.path.join(root, "chatnoir-eu_chatnoir-resiliparse/warcfile.warc.gz"), 0.5)


def main():
    mode = sys.argv[2]
    try:
        if mode == "samples":
            root = sys.argv[3]
            if not os.path.isdir(root):
                print("SKIP: no warc samples at", root)
                return 77
            test_samples(root)
        else:
            test_whole()
            test_jsonl()
            test_quirks()
            test_arc()
            test_bomb()
            test_memory()
            test_own_archives()
    finally:
        shutil.rmtree(TMP, ignore_errors=True)
    print("%d checks, %d failed" % (CHECKS[0], len(FAILS)))
    return 1 if FAILS else 0


if __name__ == "__main__":
    sys.exit(main())
