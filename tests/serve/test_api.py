#!/usr/bin/env python3
"""API tests of `whosaid serve`: each case starts the server as a user
would (on a free loopback port, over a test database built with
`whosaid index`) and checks what HTTP clients see: status codes, JSON
bodies, headers, limits, timeouts and the database's answers.

Usage: test_api.py WHOSAID CASE...   (run the named cases)
       test_api.py WHOSAID --list    (print every case)
"""
import concurrent.futures
import json
import os
import shutil
import socket
import stat
import sys
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from serve_util import (PAYLOAD_IMG, PAYLOAD_SCRIPT, ROOT, Server, build_database,  # noqa: E402
                        fail, hostile_article, workdir)

CASES = {}


def case(fn):
    """Registers a test case by its function name."""
    CASES[fn.__name__] = fn
    return fn


def check(cond, msg):
    """Fails the case with msg unless cond holds."""
    if not cond:
        fail(msg)


def q(**params):
    """A query string from keyword parameters."""
    return "?" + urllib.parse.urlencode(params)


def is_error(status, body, code):
    """Checks the shape of a JSON error with the given status."""
    check(isinstance(body, dict) and "error" in body, f"no JSON error in {body!r}")
    e = body["error"]
    check(e.get("status") == code == status, f"status {status}, error {e}, wanted {code}")
    check(isinstance(e.get("message"), str) and e["message"], f"no message in {e}")


# ---- The HTTP layer ----------------------------------------------------------

@case
def health(ctx):
    with Server(ctx.whosaid, "--db", ctx.db) as s:
        status, headers, body = s.request("/healthz")
        check(status == 200, f"/healthz {status}")
        j = json.loads(body)
        check(j["status"] == "ok" and j["database"]["statements"] > 0, f"health {j}")
        check(headers["Content-Type"].startswith("application/json"), "JSON type")


@case
def security_headers(ctx):
    with Server(ctx.whosaid, "--db", ctx.db) as s:
        for path in ["/", "/app.js", "/style.css", "/healthz", "/api/statements", "/nope",
                     "/api/documents/999999"]:
            status, headers, _ = s.request(path)
            csp = headers.get("Content-Security-Policy", "")
            check("default-src 'none'" in csp and "script-src 'self'" in csp,
                  f"{path}: CSP {csp!r}")
            check("unsafe-inline" not in csp and "unsafe-eval" not in csp, f"{path}: weak CSP")
            check(headers.get("X-Content-Type-Options") == "nosniff", f"{path}: nosniff")
            check(headers.get("X-Frame-Options") == "DENY", f"{path}: framing allowed")


@case
def assets(ctx):
    with Server(ctx.whosaid) as s:
        types = {"/": "text/html", "/index.html": "text/html", "/app.js": "text/javascript",
                 "/style.css": "text/css", "/favicon.svg": "image/svg+xml"}
        for path, t in types.items():
            status, headers, body = s.request(path)
            check(status == 200 and headers["Content-Type"].startswith(t),
                  f"{path}: {status} {headers['Content-Type']}")
            with open(os.path.join(ROOT, "web", "index.html" if path == "/" else path[1:]),
                      "rb") as f:
                check(body == f.read(), f"{path}: body differs from web/")
        status, headers, _ = s.request("/app.js")
        etag = headers["ETag"]
        status, _, body = s.request("/app.js", headers={"If-None-Match": etag})
        check(status == 304 and body == b"", f"If-None-Match gave {status}")
        status, _, _ = s.request("/", method="HEAD")
        check(status == 200, f"HEAD / {status}")


@case
def not_found(ctx):
    with Server(ctx.whosaid, "--db", ctx.db) as s:
        for path in ["/nope", "/api", "/api/nope", "/api/statements/", "/api/speakers/1/x",
                     "/index.htm", "/APP.JS"]:
            status, body = s.json(path)
            is_error(status, body, 404)


@case
def no_file_system(ctx):
    secret = "/etc/passwd"
    with Server(ctx.whosaid, "--db", ctx.db) as s:
        paths = ["/../../../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/..%2f..%2fetc%2fpasswd",
                 "//etc/passwd", "/web/index.html", "/web/../CMakeLists.txt", "/cli/serve.c",
                 "/./index.html/..", "/api/documents/..%2f..%2fetc%2fpasswd",
                 "/" + ctx.db, "/test.db"]
        for path in paths:
            raw = s.raw(f"GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
            head = raw.split(b"\r\n", 1)[0]
            check(b" 200 " not in head, f"{path}: {head!r}")
            check(b"root:" not in raw and b"SQLite format" not in raw and b"cmake_minimum" not in raw,
                  f"{path}: file content leaked")
        # A NUL ends the path where the server looks it up: at worst a page
        # of the compiled-in table, never a file.
        raw = s.raw(b"GET /index.html%00/../../etc/passwd HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        check(b"root:" not in raw and os.path.exists(secret), "NUL in the path")


@case
def methods(ctx):
    with Server(ctx.whosaid, "--db", ctx.db) as s:
        for path, method, allow in [("/api/statements", "DELETE", "GET, HEAD"),
                                    ("/api/statements", "POST", "GET, HEAD"),
                                    ("/api/extract", "GET", "POST"),
                                    ("/api/speakers/1", "PUT", "GET, HEAD"),
                                    ("/healthz", "POST", "GET, HEAD"),
                                    ("/app.js", "POST", "GET, HEAD")]:
            status, headers, body = s.request(path, method=method,
                                              body=b"x" if method in ("POST", "PUT") else None)
            is_error(status, json.loads(body), 405)
            check(headers.get("Allow") == allow, f"{method} {path}: Allow {headers.get('Allow')}")


@case
def body_limit(ctx):
    with Server(ctx.whosaid, "--max-body", "1k") as s:
        ok = b"Mayor Jane Doe said: \"Fine.\"\n".ljust(1024, b" ")
        status, _, _ = s.request("/api/extract", method="POST", body=ok)
        check(status == 200, f"1024 bytes: {status}")
        status, _, body = s.request("/api/extract", method="POST", body=ok + b" ")
        is_error(status, json.loads(body), 413)
        # Chunked: no Content-Length, so the limit is seen while reading.
        chunk = b"x" * 600
        raw = (b"POST /api/extract HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
               b"Connection: close\r\n\r\n" + (b"258\r\n" + chunk + b"\r\n") * 3 + b"0\r\n\r\n")
        out = s.raw(raw)
        check(out.startswith(b"HTTP/1.1 413"), f"chunked over the limit: {out[:60]!r}")
    with Server(ctx.whosaid) as s:  # the default limit, 10 MiB
        big = b"a" * (10 * 1024 * 1024 + 1)
        status, _, body = s.request("/api/extract", method="POST", body=big)
        is_error(status, json.loads(body), 413)
        # A huge announced length is refused before any body is read.
        out = s.raw(b"POST /api/extract HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999\r\n\r\n")
        check(out.startswith(b"HTTP/1.1 413"), f"announced length: {out[:60]!r}")


@case
def slow_client(ctx):
    with Server(ctx.whosaid, "--timeout", "2") as s:
        t0 = time.monotonic()
        with socket.create_connection((s.host, s.port), timeout=15) as c:
            c.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")  # never finished
            data = c.recv(1000)
            while data:
                data = c.recv(1000)
        took = time.monotonic() - t0
        check(1.5 <= took <= 8, f"an idle client was dropped after {took:.1f} s, wanted ~2 s")
        status, _, _ = s.request("/healthz")
        check(status == 200, "server still answers after dropping the slow client")
        # A body trickling in a byte every 0.4 s is never idle for 2 s, but
        # must still arrive within the timeout.
        t0 = time.monotonic()
        with socket.create_connection((s.host, s.port), timeout=15) as c:
            c.sendall(b"POST /api/extract HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n")
            try:
                for _ in range(100):
                    c.sendall(b"a")
                    time.sleep(0.4)
                    if time.monotonic() - t0 > 12:
                        break
            except OSError:
                pass
        took = time.monotonic() - t0
        check(took < 8, f"a trickling body held the connection {took:.1f} s")


@case
def rate_limit(ctx):
    # 2 a second with bursts of 4: however slow the machine, 30 requests
    # in a row cannot all pass.
    with Server(ctx.whosaid, "--rate-limit", "2") as s:
        statuses = []
        for _ in range(30):
            status, headers, body = s.request("/healthz")
            statuses.append(status)
            if status == 429:
                is_error(status, json.loads(body), 429)
                check(headers.get("Retry-After") == "1", "Retry-After on 429")
        check(statuses.count(429) >= 10 and statuses[:4] == [200] * 4, f"statuses {statuses}")
        time.sleep(1.5)
        status, _, _ = s.request("/healthz")
        check(status == 200, f"after waiting: {status}")


@case
def extract_busy(ctx):
    text = open(os.path.join(ROOT, "examples", "press-briefing.txt"), "rb").read()
    body = (text + b"\n") * (6 * 1024 * 1024 // (len(text) + 1))
    with Server(ctx.whosaid, "--threads", "4", "--max-extract", "1") as s:
        for _attempt in range(3):
            with concurrent.futures.ThreadPoolExecutor(4) as pool:
                futs = [pool.submit(s.request, "/api/extract", "POST", body) for _ in range(4)]
                res = [f.result() for f in futs]
            codes = sorted(r[0] for r in res)
            check(all(c in (200, 429) for c in codes), f"codes {codes}")
            if 429 in codes and 200 in codes:
                busy = next(r for r in res if r[0] == 429)
                is_error(429, json.loads(busy[2]), 429)
                return
        fail(f"four extractions at once never hit --max-extract 1: {codes}")


@case
def extract(ctx):
    with Server(ctx.whosaid) as s:
        text = open(os.path.join(ROOT, "examples", "press-briefing.txt"), "rb").read()
        status, j = s.json("/api/extract", method="POST", body=text,
                           headers={"Content-Type": "text/plain"})
        check(status == 200 and len(j["documents"]) == 1, f"text: {status} {j}")
        st = j["documents"][0]["statements"]
        check(j["count"] == len(st) > 3, f"count {j['count']}")
        check(any(x["speaker"] == "Elena Varga" for x in st), "Elena Varga speaks")
        check(all(text[x["start"]:x["end"]].decode() == x["text"] for x in st), "offsets")
        html = (b"<html><head><title>Water news</title></head><body><nav>Home</nav><article>"
                b"<p>\xe2\x80\x9cWe will win,\xe2\x80\x9d said Mayor John Smith.</p></article></body></html>")
        status, j = s.json("/api/extract?text=1", method="POST", body=html,
                           headers={"Content-Type": "text/html"})
        d = j["documents"][0]
        check(status == 200 and d["title"] == "Water news" and j["format"] == "html", f"html {j}")
        check("<p>" not in d["text"] and d["statements"][0]["speaker"] == "John Smith", f"html {d}")
        lines = b"\n".join(json.dumps({"id": f"d{i}", "text": f'"Yes," said Anna Berg {i}.'}).encode()
                           for i in range(3))
        status, j = s.json("/api/extract", method="POST", body=lines,
                           headers={"Content-Type": "application/x-ndjson"})
        check(status == 200 and [d["id"] for d in j["documents"]] == ["d0", "d1", "d2"], f"jsonl {j}")
        bad = b'{"id":"ok","text":"\\"Yes,\\" said Anna Berg."}\n{not json\n'
        status, j = s.json("/api/extract?format=jsonl", method="POST", body=bad)
        check(status == 200 and len(j["documents"]) == 1 and len(j["errors"]) == 1, f"bad line {j}")
        status, j = s.json("/api/extract", method="POST", body=b"")
        is_error(status, j, 400)
        status, j = s.json("/api/extract?format=pdf", method="POST", body=b"x")
        is_error(status, j, 400)
        status, j = s.json("/api/extract", method="POST", body=b"\xff\xfe\x00 \"Broken,\" said Al Bo.")
        check(status == 200, f"invalid UTF-8: {status}")


@case
def extract_stores_nothing(ctx):
    with Server(ctx.whosaid, "--db", ctx.db) as s:
        _, before = s.json("/healthz")
        text = b'"Nothing is stored," said Unique Speakername on Tuesday.'
        status, j = s.json("/api/extract", method="POST", body=text)
        check(status == 200 and j["count"] == 1, f"extract {j}")
        _, after = s.json("/healthz")
        check(before["database"] == after["database"], f"{before} -> {after}")
        status, j = s.json("/api/statements" + q(speaker="Speakername"))
        check(status == 200 and j["statements"] == [], "nothing indexed")


@case
def no_database(ctx):
    cwd = workdir()
    try:
        import subprocess
        p = subprocess.Popen([ctx.whosaid, "serve", "--port", "0"], cwd=cwd,
                             stderr=subprocess.PIPE, text=True)
        line = p.stderr.readline()
        check("no database" in line, f"banner: {line}")
        p.terminate()
        p.wait(10)
        r = subprocess.run([ctx.whosaid, "serve", "--db", os.path.join(cwd, "missing.db")],
                           capture_output=True, text=True, timeout=30)
        check(r.returncode == 2 and "missing.db" in r.stderr, f"missing db: {r.returncode} {r.stderr}")
        notdb = os.path.join(cwd, "not.db")
        with open(notdb, "w") as f:
            f.write("hello, I am not a database\n" * 100)
        r = subprocess.run([ctx.whosaid, "serve", "--db", notdb], capture_output=True, text=True,
                           timeout=30)
        check(r.returncode == 2 and "not.db" in r.stderr, f"not a db: {r.returncode} {r.stderr}")
        r = subprocess.run([ctx.whosaid, "serve", "--bogus"], capture_output=True, text=True)
        check(r.returncode == 2 and "bogus" in r.stderr, "unknown option")
        r = subprocess.run([ctx.whosaid, "serve", "--port", "99999"], capture_output=True, text=True)
        check(r.returncode == 2, "port out of range")
        r = subprocess.run([ctx.whosaid, "help", "serve"], capture_output=True, text=True)
        check(r.returncode == 0 and "--max-body" in r.stdout, "help serve")
    finally:
        shutil.rmtree(cwd, ignore_errors=True)
    with Server(ctx.whosaid) as s:
        status, j = s.json("/api/statements")
        is_error(status, j, 503)


# ---- The database endpoints -------------------------------------------------------

def all_pages(s, **params):
    """Follows next_cursor from the first page; returns every statement."""
    out, cursor = [], None
    for _ in range(1000):
        p = dict(params)
        if cursor:
            p["cursor"] = cursor
        status, j = s.json("/api/statements" + q(**p))
        check(status == 200, f"page: {status} {j}")
        out += j["statements"]
        cursor = j["next_cursor"]
        if not cursor:
            return out
    fail("pagination does not end")


@case
def statements(ctx):
    with Server(ctx.whosaid, "--db", ctx.db) as s:
        status, j = s.json("/api/statements" + q(limit=200, count=1))
        check(status == 200 and j["total"] == len(j["statements"]) > 10, f"all: {j.get('total')}")
        every = j["statements"]
        for st in every:
            for k in ["id", "document_id", "kind", "text", "start", "end", "speaker", "cue",
                      "channel", "document", "figures", "confidence"]:
                check(k in st, f"statement lacks {k}: {st}")
        # Text query with highlights.
        status, j = s.json("/api/statements" + q(q="reservoir*"))
        check(status == 200 and j["statements"], f"q: {j}")
        for st in j["statements"]:
            check("\x02" in st["highlight"] and "reservoir" in st["text"].lower(), f"hl {st}")
        # Filters.
        status, j = s.json("/api/statements" + q(speaker="Varga", limit=200))
        check(j["statements"] and all("Varga" in (x["speaker_name"] or x["speaker"])
                                      for x in j["statements"]), f"speaker {j}")
        status, j = s.json("/api/statements" + q(channel="x", limit=200))
        check(j["statements"] and all(x["channel"].lower() == "x" for x in j["statements"]),
              f"channel {j}")
        for kind in ["direct", "indirect"]:
            status, j = s.json("/api/statements" + q(kind=kind, limit=200))
            check(all(x["kind"] == kind for x in j["statements"]), f"kind {kind}")
        status, j = s.json("/api/statements" + q(since="2025-06", until="2025-06", limit=200))
        check(j["statements"] and all(x["document"]["date"].startswith("2025-06")
                                      for x in j["statements"]), f"dates {j}")
        # The limit is capped, not refused.
        status, j = s.json("/api/statements" + q(limit=1000000))
        check(status == 200 and len(j["statements"]) <= 200, "limit capped")


@case
def pagination(ctx):
    with Server(ctx.whosaid, "--db", ctx.db) as s:
        _, j = s.json("/api/statements" + q(limit=200))
        ids = [x["id"] for x in j["statements"]]
        paged = [x["id"] for x in all_pages(s, limit=3)]
        check(paged == ids, f"pages of 3 differ from one page: {paged} vs {ids}")
        status, j = s.json("/api/statements" + q(cursor="garbage!"))
        is_error(status, j, 400)


@case
def bad_parameters(ctx):
    with Server(ctx.whosaid, "--db", ctx.db) as s:
        for params in [{"q": '"unbalanced'}, {"q": "*"}, {"q": 'deport* "border'},
                       {"limit": "0"}, {"limit": "-5"}, {"limit": "abc"}, {"kind": "shouted"},
                       {"since": "June"}, {"until": "2025-13-99x"}, {"speaker_id": "x"},
                       {"document": "1;DROP TABLE statements"}]:
            status, j = s.json("/api/statements" + q(**params))
            is_error(status, j, 400)
        for path in ["/api/speakers?limit=zero", "/api/speakers?kind=alien",
                     "/api/exchanges?since=yesterday", "/api/exchanges?offset=-1"]:
            status, j = s.json(path)
            is_error(status, j, 400)


@case
def injection(ctx):
    with Server(ctx.whosaid, "--db", ctx.db) as s:
        _, before = s.json("/healthz")
        for v in ["' OR 1=1 --", "x'; DROP TABLE statements; --", "\" OR \"\"=\"",
                  "%' UNION SELECT sql FROM sqlite_master --"]:
            for key in ["speaker", "channel", "outlet"]:
                status, j = s.json("/api/statements" + q(**{key: v}))
                check(status == 200 and j["statements"] == [], f"{key}={v!r}: {status} {j}")
            status, j = s.json("/api/speakers" + q(q=v))  # a name filter: any answer is fine
            check(status == 200, f"speakers q={v!r}: {status}")
        _, after = s.json("/healthz")
        check(before == after, "database unchanged")


@case
def speakers(ctx):
    with Server(ctx.whosaid, "--db", ctx.db) as s:
        status, j = s.json("/api/speakers" + q(limit=2))
        check(status == 200 and len(j["speakers"]) == 2 and j["next_offset"] == 2, f"{j}")
        n = [x["statements"] for x in j["speakers"]]
        check(n == sorted(n, reverse=True), "most quoted first")
        status, j2 = s.json("/api/speakers" + q(limit=2, offset=2))
        check({x["id"] for x in j2["speakers"]}.isdisjoint({x["id"] for x in j["speakers"]}),
              "pages overlap")
        status, j = s.json("/api/speakers" + q(q="Varga"))
        check(j["speakers"] and "Varga" in j["speakers"][0]["name"], f"by name {j}")
        sid = j["speakers"][0]["id"]
        status, sp = s.json(f"/api/speakers/{sid}")
        check(status == 200 and sp["id"] == sid, f"speaker {sp}")
        for k in ["aliases", "roles", "channels", "outlets", "months", "by_month_channel"]:
            check(isinstance(sp[k], list), f"speaker lacks {k}")
        check(sum(m["n"] for m in sp["by_month_channel"]) == sp["statements"],
              f"chart counts {sp['by_month_channel']} vs {sp['statements']}")
        check(any("Varga" in a["key"] for a in sp["aliases"]), "aliases")
        status, by_name = s.json("/api/speakers/" + urllib.parse.quote("Elena Varga"))
        check(status == 200 and by_name["id"] == sid, "speaker by name")
        for path in ["/api/speakers/99999999", "/api/speakers/Nobody%20Atall"]:
            status, j = s.json(path)
            is_error(status, j, 404)


@case
def documents(ctx):
    with Server(ctx.whosaid, "--db", ctx.db) as s:
        _, j = s.json("/api/statements" + q(q="reservoirs"))
        doc_id = j["statements"][0]["document_id"]
        status, d = s.json(f"/api/documents/{doc_id}")
        check(status == 200 and d["text"] and d["statements"], f"document {d.keys()}")
        b = d["text"].encode()
        for st in d["statements"]:
            check(b[st["start"]:st["end"]].decode() == st["text"], f"span {st}")
        check([x["seq"] for x in d["statements"]] == sorted(x["seq"] for x in d["statements"]),
              "document order")
        for path in ["/api/documents/99999999", "/api/documents/abc", "/api/documents/-1"]:
            status, j = s.json(path)
            is_error(status, j, 404)


@case
def exchanges(ctx):
    with Server(ctx.whosaid, "--db", ctx.db) as s:
        status, j = s.json("/api/exchanges")
        check(status == 200 and j["exchanges"], f"exchanges {j}")
        e = j["exchanges"][0]
        for k in ["statement_id", "document_id", "from_name", "to_name", "via", "text"]:
            check(k in e, f"exchange lacks {k}")
        status, j = s.json("/api/exchanges" + q(speaker="Brenner"))
        check(status == 200 and all("Brenner" in (x["from_name"] or "") + (x["to_name"] or "")
                                    for x in j["exchanges"]), f"by speaker {j}")
        status, j = s.json("/api/exchanges" + q(speaker="Nobody Atall"))
        is_error(status, j, 404)


@case
def hostile_json(ctx):
    with Server(ctx.whosaid, "--db", ctx.db) as s:
        status, headers, body = s.request("/api/statements" + q(speaker="Hacker"))
        j = json.loads(body)
        check(status == 200 and j["statements"], f"hostile {j}")
        check(headers["Content-Type"].startswith("application/json"), "JSON type")
        check(any(PAYLOAD_SCRIPT in x["text"] for x in j["statements"]), "payload kept as data")
        meta, _ = hostile_article()
        d = j["statements"][0]["document"]
        check(d["title"] == meta["title"] and d["url"] == meta["url"], f"metadata {d}")
        check(PAYLOAD_IMG in d["title"], "title kept as data")


@case
def read_only(ctx):
    d = workdir()
    try:
        db = os.path.join(d, "ro.db")
        shutil.copy(ctx.db, db)
        os.chmod(db, stat.S_IRUSR | stat.S_IRGRP)
        before = open(db, "rb").read()
        with Server(ctx.whosaid, "--db", db) as s:
            status, j = s.json("/api/statements")
            check(status == 200 and j["statements"], f"read-only file: {status}")
            s.json("/api/speakers")
        check(open(db, "rb").read() == before, "the database file changed")
    finally:
        shutil.rmtree(d, ignore_errors=True)


@case
def live_index(ctx):
    d = workdir()
    try:
        db = os.path.join(d, "live.db")
        shutil.copy(ctx.db, db)
        with Server(ctx.whosaid, "--db", db) as s:
            _, before = s.json("/healthz")
            status, j = s.json("/api/statements" + q(q="zeppelins"))
            check(status == 200 and j["statements"] == [], "not there yet")
            new = os.path.join(d, "new.jsonl")
            with open(new, "w") as f:
                f.write(json.dumps({"id": "late-1", "date": "2025-07-01", "text":
                        "\u201cZeppelins will return,\u201d said Mayor Otto Lilienthal."}) + "\n")
            import subprocess
            r = subprocess.run([ctx.whosaid, "index", "--db", db, new], capture_output=True,
                               text=True, timeout=120)
            check(r.returncode == 0, f"index while serving: {r.stderr}")
            _, after = s.json("/healthz")
            check(after["database"]["statements"] == before["database"]["statements"] + 1,
                  f"{before} -> {after}")
            status, j = s.json("/api/statements" + q(q="zeppelins"))
            check(status == 200 and len(j["statements"]) == 1, f"new statement {j}")
    finally:
        shutil.rmtree(d, ignore_errors=True)


@case
def cache(ctx):
    with Server(ctx.whosaid, "--db", ctx.db) as s:
        path = "/api/statements" + q(speaker="Varga", limit=3)
        st1, h1, b1 = s.request(path)
        st2, h2, b2 = s.request(path)
        check(st1 == st2 == 200 and b1 == b2, "same answer twice")
        check(h1["X-Cache"] == "miss" and h2["X-Cache"] == "hit", f"{h1['X-Cache']} {h2['X-Cache']}")
        _, h3, _ = s.request("/api/statements" + q(limit=3, speaker="Varga"))
        check(h3["X-Cache"] == "miss", "arguments in another order are another key")
        st, h, _ = s.request("/api/statements" + q(kind="bogus"))
        st, h, _ = s.request("/api/statements" + q(kind="bogus"))
        check(st == 400 and h["X-Cache"] == "miss", "errors are not kept")
    with Server(ctx.whosaid, "--db", ctx.db, "--cache", "0") as s:
        _, h, _ = s.request("/api/statements")
        check("X-Cache" not in h, "--cache 0 turns the cache off")


@case
def database_failure(ctx):
    d = workdir()
    try:
        db = os.path.join(d, "broken.db")
        shutil.copy(ctx.db, db)
        with Server(ctx.whosaid, "--db", db, "--cache", "0") as s:
            status, _ = s.json("/api/statements")
            check(status == 200, "works before the damage")
            with open(db, "r+b") as f:
                f.truncate(8192)
            for path in ["/api/statements?q=water", "/api/speakers", "/api/documents/2",
                         "/api/exchanges", "/healthz"]:
                status, j = s.json(path)
                is_error(status, j, 500)
                check(d not in j["error"]["message"], f"the path is not told: {j}")
    finally:
        shutil.rmtree(d, ignore_errors=True)


@case
def query_timeout(ctx):
    # A deadline no query can meet: every database request is interrupted
    # with a 503, and the server goes on answering the rest.
    with Server(ctx.whosaid, "--db", ctx.db, "--query-timeout", "0.000001", "--cache", "0") as s:
        for path in ["/api/statements?q=reservoir*", "/api/statements?speaker=Varga",
                     "/api/speakers/4", "/api/speakers", "/api/exchanges", "/api/documents/1"]:
            status, j = s.json(path)
            is_error(status, j, 503)
            check(j["error"]["code"] == "query_timeout", f"{path}: {j}")
        status, _ = s.json("/api/extract", method="POST", body=b'"Yes," said Al Bo.')
        check(status == 200, "extract still works")
    with Server(ctx.whosaid, "--db", ctx.db, "--query-timeout", "0") as s:
        status, _ = s.json("/api/speakers/4")
        check(status == 200, "no limit")


class Ctx:
    """What every case gets: the tool and a test database."""

    def __init__(self, whosaid, need_db):
        self.whosaid = whosaid
        self.dir = workdir()
        self.db = build_database(whosaid, self.dir) if need_db else None


NO_DB = {"assets", "body_limit", "slow_client", "rate_limit", "extract_busy", "extract"}


def main():
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    whosaid, names = sys.argv[1], sys.argv[2:]
    if names == ["--list"]:
        print("\n".join(CASES))
        return 0
    if names[0] == "--check-registered":
        missing = sorted(set(CASES) - set(names[1:]))
        if missing:
            print("cases not registered in tests/serve.cmake:", missing, file=sys.stderr)
            return 1
        print(f"all {len(CASES)} cases registered")
        return 0
    unknown = [n for n in names if n not in CASES]
    if unknown:
        print("unknown cases:", unknown, file=sys.stderr)
        return 2
    ctx = Ctx(whosaid, any(n not in NO_DB for n in names))
    try:
        for n in names:
            t0 = time.monotonic()
            CASES[n](ctx)
            print(f"ok {n} ({time.monotonic() - t0:.2f} s)")
    finally:
        shutil.rmtree(ctx.dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
