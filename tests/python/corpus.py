"""corpus.py: builds sharded test corpora from the golden articles, in every
input format the readers take, for the Python binding's and the Dask
runner's tests and for bench/scale.sh.

    corpus.py mixed OUT_DIR            a small corpus of every format
    corpus.py text OUT_DIR FILES MIB   FILES text files of about MIB MiB each
    corpus.py pages OUT_DIR FILES RECORDS PAGES_DIR
                                       FILES gzipped WARC files of RECORDS real
                                       web pages each, from PAGES_DIR/*.html.gz

The articles are tests/golden/*/*.txt (and examples/*.txt), read in name
order; everything made from them is deterministic, so two builds are the
same bytes.
"""
import gzip
import hashlib
import html
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def articles():
    """(name, text as bytes) of the golden articles, in name order."""
    paths = sorted(ROOT.glob("tests/golden/*/*.txt")) + sorted(ROOT.glob("examples/*.txt"))
    return [("%s-%s" % (p.parent.name, p.stem), p.read_bytes()) for p in paths]


def title_of(text):
    """The first line of an article, as its title."""
    return text.decode("utf-8", "replace").strip().split("\n", 1)[0][:120]


def page(name, text):
    """A small HTML page holding an article: title, navigation, the
    paragraphs in <article>, a footer."""
    t = text.decode("utf-8", "replace")
    paras = [p.strip() for p in t.split("\n") if p.strip()]
    body = "\n".join("<p>%s</p>" % html.escape(p, quote=False) for p in paras[1:])
    head = html.escape(paras[0] if paras else name, quote=False)
    return ("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>%s</title></head>\n"
            "<body><nav><a href=\"/\">Home</a> <a href=\"/news\">News</a></nav>\n"
            "<article><h1>%s</h1>\n%s\n</article>\n"
            "<footer>Copyright The Example Gazette</footer></body></html>\n"
            % (head, head, body)).encode()


def warc_record(kind, uri, payload, content_type, n):
    """One WARC/1.0 record with a deterministic id."""
    rid = hashlib.sha1(("%s %s %d" % (kind, uri, n)).encode()).hexdigest()
    uuid = "%s-%s-%s-%s-%s" % (rid[:8], rid[8:12], rid[12:16], rid[16:20], rid[20:32])
    head = ("WARC/1.0\r\nWARC-Type: %s\r\nWARC-Record-ID: <urn:uuid:%s>\r\n"
            "WARC-Target-URI: %s\r\nWARC-Date: 2024-03-0%dT12:00:00Z\r\n"
            "Content-Type: %s\r\nContent-Length: %d\r\n\r\n"
            % (kind, uuid, uri, 1 + n % 9, content_type, len(payload)))
    return head.encode() + payload + b"\r\n\r\n"


def http_response(body, content_type):
    return (b"HTTP/1.1 200 OK\r\nContent-Type: " + content_type.encode() +
            b"\r\nContent-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body)


def write_warc(path, items):
    """A gzipped WARC (one gzip member a record) of the (name, text)
    articles as HTML responses, each after its request record, with a
    warcinfo record first and an image response in the middle."""
    with open(path, "wb") as f:
        f.write(gzip.compress(warc_record("warcinfo", "", b"software: corpus.py\r\n",
                                          "application/warc-fields", 0), mtime=0))
        for n, (name, text) in enumerate(items, 1):
            uri = "https://news.example.com/%s" % name
            req = ("GET /%s HTTP/1.1\r\nHost: news.example.com\r\n\r\n" % name).encode()
            f.write(gzip.compress(warc_record("request", uri, req,
                                              "application/http; msgtype=request", n), mtime=0))
            resp = http_response(page(name, text), "text/html; charset=utf-8")
            f.write(gzip.compress(warc_record("response", uri, resp,
                                              "application/http; msgtype=response", n), mtime=0))
            if n == len(items) // 2:
                img = http_response(b"\x89PNG\r\n\x1a\n" + bytes(64), "image/png")
                f.write(gzip.compress(warc_record("response", uri + ".png", img,
                                                  "application/http; msgtype=response", n),
                                      mtime=0))


def jsonl_lines(items):
    out = []
    for n, (name, text) in enumerate(items):
        out.append(json.dumps({"id": "doc-%s" % name, "url": "https://example.org/%s" % name,
                               "title": title_of(text), "date": "2024-05-%02d" % (1 + n % 28),
                               "text": text.decode("utf-8", "replace")}) + "\n")
    return "".join(out).encode()


def mixed(out):
    """A small corpus of every format: plain text files (one a folder down),
    JSON lines (one gzipped), an HTML page, a gzipped WARC. Returns the
    paths written."""
    arts = articles()
    out = Path(out)
    (out / "text" / "more").mkdir(parents=True, exist_ok=True)
    written = []

    def put(rel, data):
        p = out / rel
        p.write_bytes(data)
        written.append(str(p))

    for i, (name, text) in enumerate(arts[:12]):
        put("text/%s.txt" % name if i % 3 else "text/more/%s.txt" % name, text)
    rest = arts[12:]
    put("news-1.jsonl", jsonl_lines(rest[0:8]))
    put("news-2.jsonl", jsonl_lines(rest[8:16]))
    put("news-3.jsonl.gz", gzip.compress(jsonl_lines(rest[16:24]), mtime=0))
    put("page.html", page(*rest[24]))
    write_warc(out / "crawl-00000.warc.gz", rest[25:37])
    written.append(str(out / "crawl-00000.warc.gz"))
    # Articles glued into bigger text documents.
    for k in range(3):
        put("text/bundle-%d.txt" % k, b"\n\n".join(t for _, t in rest[37 + k * 6:43 + k * 6]))
    return written


def text_files(out, files, mib):
    """files text files of about mib MiB each, each the golden articles
    (separated by blank lines) repeated, starting at a different article.
    Returns the paths written."""
    arts = [t for _, t in articles()]
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    target = int(mib * (1 << 20))
    written = []
    for k in range(files):
        parts, size, i = [], 0, k
        while size < target:
            t = arts[i % len(arts)]
            parts.append(t)
            size += len(t) + 2
            i += 1
        p = out / ("part-%04d.txt" % k)
        p.write_bytes(b"\n\n".join(parts))
        written.append(str(p))
    return written


def page_files(out, files, records, src):
    """files gzipped WARC files of records real web pages each: the
    *.html.gz pages of src (the article extraction benchmark's) in name
    order, taken round after round, as HTTP responses with their request
    records, as a news crawl stores them. Returns the paths written."""
    pages = sorted(Path(src).glob("*.html.gz"))
    if not pages:
        raise SystemExit("corpus.py: no *.html.gz pages in %s" % src)
    bodies = [gzip.decompress(p.read_bytes()) for p in pages]
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    written, k = [], 0
    for f in range(files):
        path = out / ("CC-NEWS-TEST-%05d.warc.gz" % f)
        with open(path, "wb") as w:
            for r in range(records):
                body, name = bodies[k % len(bodies)], "%s-%d" % (pages[k % len(pages)].stem, k)
                uri = "https://news.example.com/%s" % name
                req = ("GET /%s HTTP/1.1\r\nHost: news.example.com\r\n\r\n" % name).encode()
                w.write(gzip.compress(warc_record("request", uri, req,
                                                  "application/http; msgtype=request", k),
                                      compresslevel=6, mtime=0))
                resp = http_response(body, "text/html")
                w.write(gzip.compress(warc_record("response", uri, resp,
                                                  "application/http; msgtype=response", k),
                                      compresslevel=6, mtime=0))
                k += 1
        written.append(str(path))
    return written


def main(argv):
    if len(argv) >= 3 and argv[1] == "mixed":
        paths = mixed(argv[2])
    elif len(argv) == 5 and argv[1] == "text":
        paths = text_files(argv[2], int(argv[3]), float(argv[4]))
    elif len(argv) == 6 and argv[1] == "pages":
        paths = page_files(argv[2], int(argv[3]), int(argv[4]), argv[5])
    else:
        sys.stderr.write(__doc__)
        return 2
    total = sum(os.path.getsize(p) for p in paths)
    print("%d files, %d bytes" % (len(paths), total))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
