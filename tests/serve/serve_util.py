"""Helpers of the `whosaid serve` tests: build a test database with
`whosaid index`, start the server on a free loopback port, make requests.

The test database holds the bundled examples (examples/*.txt) and one
hostile article (hostile_article()), indexed from whosaid's own JSONL with
document records, so that articles have their text."""
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

# Markers that must never execute in the browser: each payload, if it ran,
# would set window.__pwned or add an element the browser test looks for.
PAYLOAD_SCRIPT = '<script>window.__pwned=1</script>'
PAYLOAD_IMG = '<img src=x onerror="window.__pwned=2">'
PAYLOAD_JS_URL = 'javascript:window.__pwned=3'
PAYLOAD_SVG = '<svg onload="window.__pwned=4"></svg>'


def hostile_article():
    """Returns (meta, text) of an article whose title, URL and quotes hold
    script, event-handler and javascript: payloads."""
    text = (
        "Mayor Jane Hacker said on Tuesday that the city would act.\n"
        f"\u201cWe will not tolerate {PAYLOAD_SCRIPT} in our town,\u201d Hacker said.\n"
        f"\u201cClick {PAYLOAD_IMG} and {PAYLOAD_SVG} if you dare,\u201d "
        "said council member Bob Tables on X.\n"
        f"Tables later wrote on X: \u201c@JaneHacker, see {PAYLOAD_JS_URL} now.\u201d\n")
    meta = {"id": "hostile-1",
            "url": PAYLOAD_JS_URL,
            "title": f"Hostile {PAYLOAD_SCRIPT} title {PAYLOAD_IMG}",
            "date": "2025-06-12"}
    return meta, text


def run(cmd, **kw):
    """Runs a command, returning the CompletedProcess (text mode)."""
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def build_database(whosaid, workdir):
    """Indexes the examples and the hostile article into workdir/test.db.
    Returns the database's path."""
    db = os.path.join(workdir, "test.db")
    if os.path.exists(db):
        return db
    corpus = os.path.join(workdir, "corpus.jsonl")
    with open(corpus, "w", encoding="utf-8") as f:
        examples = sorted(os.listdir(os.path.join(ROOT, "examples")))
        for i, name in enumerate(n for n in examples if n.endswith(".txt")):
            with open(os.path.join(ROOT, "examples", name), encoding="utf-8") as t:
                text = t.read()
            month = 1 + i % 12
            f.write(json.dumps({"id": name, "url": f"https://news.example.com/{name[:-4]}",
                                "title": name[:-4].replace("-", " ").title(),
                                "date": f"2025-{month:02d}-{10 + i:02d}",
                                "text": text}) + "\n")
        meta, text = hostile_article()
        f.write(json.dumps(dict(meta, text=text)) + "\n")
    r = run([whosaid, "index", "--db", db, corpus])
    if r.returncode != 0:
        raise RuntimeError(f"whosaid index failed ({r.returncode}): {r.stderr}")
    return db


class Server:
    """A `whosaid serve` process on a free loopback port."""

    def __init__(self, whosaid, *args):
        self.proc = subprocess.Popen([whosaid, "serve", "--port", "0", *args],
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     text=True)
        line = self.proc.stderr.readline()
        m = re.search(r"http://([^/]+)/", line)
        if not m:
            rest = self.proc.stderr.read() if self.proc.poll() is not None else ""
            self.proc.kill()
            raise RuntimeError(f"server did not start: {line}{rest}")
        self.hostport = m.group(1)
        self.base = "http://" + self.hostport
        self.host, self.port = self.hostport.rsplit(":", 1)
        self.port = int(self.port)

    def stop(self):
        """Stops the server with SIGTERM; returns its exit code and stderr."""
        self.proc.terminate()
        try:
            _, err = self.proc.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            _, err = self.proc.communicate()
        return self.proc.returncode, err

    def __enter__(self):
        return self

    def __exit__(self, exc_type, *exc):
        rc, err = self.stop()
        # A clean stop exits 0; a sanitizer report (leak, overflow) fails.
        if exc_type is None and (rc != 0 or "Sanitizer" in err):
            raise RuntimeError(f"server exited with {rc}: {err[-3000:]}")

    def request(self, path, method="GET", body=None, headers=None, timeout=30):
        """Makes a request; returns (status, headers, body bytes), errors included."""
        req = urllib.request.Request(self.base + path, data=body, method=method,
                                     headers=headers or {})
        try:
            with urllib.request.urlopen(req, timeout=timeout) as res:
                return res.status, res.headers, res.read()
        except urllib.error.HTTPError as e:
            return e.code, e.headers, e.read()

    def json(self, path, **kw):
        """Makes a request; returns (status, parsed JSON body)."""
        status, _, body = self.request(path, **kw)
        return status, json.loads(body)

    def raw(self, data, timeout=10):
        """Sends raw bytes on a new connection; returns all bytes received
        until the server closes or timeout passes."""
        with socket.create_connection((self.host, self.port), timeout=timeout) as s:
            s.sendall(data)
            chunks = []
            try:
                while True:
                    c = s.recv(65536)
                    if not c:
                        break
                    chunks.append(c)
            except socket.timeout:
                pass
            return b"".join(chunks)


def workdir():
    """A temporary folder for one run, removed at exit by the caller."""
    return tempfile.mkdtemp(prefix="whosaid-serve-")


def fail(msg):
    """Prints a failure and exits 1."""
    print("FAIL:", msg, file=sys.stderr)
    sys.exit(1)
