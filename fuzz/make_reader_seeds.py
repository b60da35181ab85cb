#!/usr/bin/python3
"""Writes the seed corpora of the reader fuzz targets: fuzz/corpus/warc/ and
fuzz/corpus/jsonl/. The seeds are small inputs written here (records with
each quirk the readers handle, compressed and damaged variants) and the
records of tests/readers/data/site-plain.warc, an archive this project made
(tests/readers/make_data.py). They are committed; this script documents
how they were made. Files the fuzzer adds later are left alone.

Usage: fuzz/make_reader_seeds.py
"""
import gzip
import os
import shutil
import subprocess
import zlib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PAGE = b"<html><head><title>T</title></head><body><p>\"Yes,\" she said.</p></body></html>"


def record(rtype, block, ctype=b"application/http; msgtype=response", eol=b"\r\n",
           version=b"WARC/1.0", uri=b"<http://example.org/>", length=None):
    h = [version, b"WARC-Type: " + rtype, b"WARC-Record-ID: <urn:uuid:1>",
         b"WARC-Date: 2024-05-01T12:00:00Z", b"WARC-Target-URI: " + uri, b"Content-Type: " + ctype,
         b"Content-Length: %d" % (len(block) if length is None else length)]
    return eol.join(h) + eol + eol + block + b"\r\n\r\n"


def http(body, headers=(), status=b"200 OK", ctype=b"text/html; charset=utf-8"):
    return b"\r\n".join([b"HTTP/1.1 " + status, b"Content-Type: " + ctype] + list(headers)) + \
        b"\r\n\r\n" + body


def chunk(body, size=9):
    return b"".join(b"%x\r\n%s\r\n" % (len(body[i:i + size]), body[i:i + size])
                    for i in range(0, len(body), size)) + b"0\r\n\r\n"


def warc_seeds():
    s = {
        "plain.warc": record(b"response", http(PAGE)),
        "lf-only-018.warc": record(b"response", http(PAGE), eol=b"\n", version=b"WARC/0.18"),
        "chunked.warc": record(b"response", http(chunk(PAGE), [b"Transfer-Encoding: chunked"])),
        "bad-chunked.warc": record(b"response", http(b"zz\r\n" + PAGE, [b"Transfer-Encoding: chunked"])),
        "gzip-body.warc": record(b"response", http(gzip.compress(PAGE, mtime=0), [b"Content-Encoding: gzip"])),
        "deflate-body.warc": record(b"response", http(zlib.compress(PAGE), [b"Content-Encoding: deflate"])),
        "crawler-enc.warc": record(b"response", http(PAGE, [b"X-Crawler-Content-Encoding: gzip"])),
        "status-404.warc": record(b"response", http(b"no", status=b"404 Not Found")),
        "image.warc": record(b"response", http(b"\x89PNG", ctype=b"image/png")),
        "revisit.warc": record(b"revisit", http(b"")),
        "resource.warc": record(b"resource", b"Plain words.\n", ctype=b"text/plain"),
        "wrong-length.warc": record(b"response", http(PAGE), length=20) + record(b"response", http(PAGE)),
        "truncated.warc": record(b"response", http(PAGE))[:150],
        "no-length.warc": b"WARC/1.0\r\nWARC-Type: response\r\n\r\n" + PAGE,
        "arc.arc": b"filedesc://x.arc 0.0.0.0 20240101000000 text/plain 11\n1 0 Seeds\n\n\n"
                   b"http://example.org/ 1.2.3.4 20240101000000 text/html %d\n" % len(http(PAGE))
                   + http(PAGE) + b"\n",
    }
    s["members.warc.gz"] = b"".join(gzip.compress(v, mtime=0) for v in
                                    (s["plain.warc"], s["chunked.warc"], s["revisit.warc"]))
    both = s["plain.warc"] + s["gzip-body.warc"]
    s["crossing.warc.gz"] = gzip.compress(both[:100], mtime=0) + gzip.compress(both[100:], mtime=0)
    s["cut.warc.gz"] = s["members.warc.gz"][:-40]
    # zstd and LZ4 frames, one a record, with the command-line tools.
    for tool, ext in (("zstd", "zst"), ("lz4", "lz4")):
        if shutil.which(tool):
            frames = [subprocess.run([tool, "-q", "-c"], input=s[k], capture_output=True,
                                     check=True).stdout
                      for k in ("plain.warc", "chunked.warc", "revisit.warc")]
            s["frames.warc." + ext] = b"".join(frames)
            s["cut-frames.warc." + ext] = b"".join(frames)[:-30]
    site = open(os.path.join(ROOT, "tests/readers/data/site-plain.warc"), "rb").read()
    for i, part in enumerate(site.split(b"WARC/1.0\r\n")[1:]):
        if len(part) < 4000:
            s["site-%02d.warc" % i] = b"WARC/1.0\r\n" + part
    return s


def jsonl_seeds():
    return {
        "basic.jsonl": b'{"text": "She said yes.", "id": 1, "url": "http://a/"}\n',
        "nested.jsonl": b'{"text": "x", "meta": {"id": "n1"}}\n{"html": "<p>h</p>"}\n',
        "mixed.jsonl": b'{"text": "ok"}\n\nnot json\n["array"]\n{"body": "no text"}\n{"text": ""}\r\n'
                       b'{"text": "esc \\u00e9 \\ud83d\\ude00 \\u0000"}',
        "long.jsonl": b'{"text": "' + b"a" * 5000 + b'"}\n{"text": "after"}\n',
        "numbers.jsonl": b'{"text": "n", "id": 1.5e300, "date": -7, "title": true}\n',
        "deep.jsonl": b'{"text": "d", "a": ' + b"[" * 200 + b"]" * 200 + b"}\n",
        "gz.jsonl.gz": gzip.compress(b'{"text": "zipped"}\n{"text": "two"}\n', mtime=0),
    }


def main():
    for name, seeds in (("warc", warc_seeds()), ("jsonl", jsonl_seeds())):
        d = os.path.join(ROOT, "fuzz", "corpus", name)
        os.makedirs(d, exist_ok=True)
        for f, data in seeds.items():
            with open(os.path.join(d, f), "wb") as out:
                out.write(data)


if __name__ == "__main__":
    main()
