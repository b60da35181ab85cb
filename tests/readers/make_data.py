#!/usr/bin/python3
"""make_data.py: makes the small WARC archives in tests/readers/data/.

It writes a tiny web site (pages written for this test), serves it on the
loopback interface with Python's http.server (plus a handler that can send
gzip-encoded and chunked responses), and crawls it with
`wget --warc-file`, once with gzip compression (one member a record) and
once without. The archives are committed; run this again to remake them:

    /usr/bin/python3 tests/readers/make_data.py tests/readers/data

The crawl holds: HTML pages in UTF-8 and in ISO-8859-1, a gzip-encoded page,
a chunked page, a plain-text file, a PNG image, a JSON file, a redirect
(301) and a missing page (404). test_readers.py knows what to expect.
"""
import functools
import gzip
import http.server
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import zlib

ARTICLE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Council approves new bridge</title></head>
<body><nav><a href="/">Home</a></nav>
<article><h1>Council approves new bridge</h1>
<p>The city council voted on Tuesday to build a footbridge over the river.</p>
<p>\u201cThis bridge will join two neighbourhoods,\u201d said Mayor Ana Lopes.</p>
<p>Engineer Tom Reyes said the work would start in the spring.</p>
</article><footer>Example Gazette</footer></body></html>
"""

LATIN1 = """<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">
<title>Caf\u00e9 opens</title></head><body>
<p>\u00ab We waited a long time \u00bb, said the owner, Jos\u00e9 Mart\u00edn.</p>
</body></html>
"""

GZ_PAGE = """<!doctype html><html><head><title>Compressed page</title></head>
<body><p>"Compression saves bandwidth," the engineer said.</p></body></html>
"""

CHUNKED_PAGE = """<!doctype html><html><head><title>Chunked page</title></head>
<body><p>The spokeswoman said the report was sent in pieces.</p>
<p>"Every piece arrived," she added.</p></body></html>
"""

INDEX = """<!doctype html><html><head><title>Example Gazette</title></head><body>
<ul><li><a href="article.html">Bridge</a></li><li><a href="latin1.html">Cafe</a></li>
<li><a href="gz.html">Compressed</a></li><li><a href="chunked.html">Chunked</a></li>
<li><a href="notes.txt">Notes</a></li><li><a href="data.json">Data</a></li>
<li><a href="missing.html">Missing</a></li><li><a href="section">Section</a></li></ul>
<img src="logo.png" alt="logo"></body></html>
"""

NOTES = "Minister Kim said on Monday that the budget would be balanced.\n"

# A 1x1 PNG made here (signature, IHDR, IDAT, IEND).
def png():
    def chunk(kind, data):
        c = kind + data
        return len(data).to_bytes(4, "big") + c + zlib.crc32(c).to_bytes(4, "big")
    ihdr = (1).to_bytes(4, "big") * 2 + bytes([8, 2, 0, 0, 0])
    idat = zlib.compress(b"\x00\xff\x00\x00")
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


class Handler(http.server.SimpleHTTPRequestHandler):
    """Serves the site; gz.html gzip-encoded, chunked.html chunked."""
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send_body(self, body, ctype, extra):
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        for k, v in extra:
            self.send_header(k, v)
        if ("Transfer-Encoding", "chunked") not in extra:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if ("Transfer-Encoding", "chunked") in extra:
            for i in range(0, len(body), 40):
                part = body[i:i + 40]
                self.wfile.write(b"%x;ext=1\r\n%s\r\n" % (len(part), part))
            self.wfile.write(b"0\r\n\r\n")
        else:
            self.wfile.write(body)

    def do_GET(self):
        if self.path == "/gz.html":
            body = gzip.compress(GZ_PAGE.encode(), mtime=0)
            return self.send_body(body, "text/html; charset=utf-8",
                                  [("Content-Encoding", "gzip")])
        if self.path == "/chunked.html":
            return self.send_body(CHUNKED_PAGE.encode(), "text/html; charset=\"UTF-8\"",
                                  [("Transfer-Encoding", "chunked")])
        return super().do_GET()


def write_site(root):
    files = {"index.html": INDEX.encode(), "article.html": ARTICLE.encode(),
             "latin1.html": LATIN1.encode("latin-1"), "notes.txt": NOTES.encode(),
             "data.json": b'{"said": "nothing"}\n', "logo.png": png(),
             "section/index.html": b"<html><head><title>Section</title></head>"
                                   b"<body><p>Section page.</p></body></html>\n"}
    for name, data in files.items():
        path = os.path.join(root, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(data)


def crawl(port, out, compress):
    args = ["wget", "-q", "-r", "-l", "2", "-p", "--no-host-directories", "--tries=1",
            "--compression=auto", "--warc-file=" + out, "--warc-header=operator: whosaid tests",
            "-e", "robots=off", "http://127.0.0.1:%d/" % port]
    if not compress:
        args.insert(1, "--no-warc-compression")
    work = tempfile.mkdtemp()
    try:
        subprocess.run(args, cwd=work, check=False)
    finally:
        shutil.rmtree(work)


def main():
    dest = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "tests/readers/data")
    os.makedirs(dest, exist_ok=True)
    site = tempfile.mkdtemp()
    try:
        write_site(site)
        handler = functools.partial(Handler, directory=site)
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        port = server.server_address[1]
        crawl(port, os.path.join(dest, "site"), True)
        crawl(port, os.path.join(dest, "site-plain"), False)
        server.shutdown()
    finally:
        shutil.rmtree(site)


if __name__ == "__main__":
    main()
