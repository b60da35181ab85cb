#!/usr/bin/python3
"""test_binding.py: tests of the Python binding (python/whosaid) against the
command-line tool.

Usage: test_binding.py WHOSAID CASE...    run cases (CTest runs each one)
       test_binding.py WHOSAID all        run every case
       test_binding.py WHOSAID --check-registered CASE...
                                          fail unless every case is listed
       test_binding.py --skip REASON ...  print why and exit 77 (skipped)

The library is found through WHOSAID_LIBRARY (tests/python.cmake sets it to
the libwhosaid.so of the build); whosaid is imported from python/.
"""
import gzip
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import warnings
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT / "python"))
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402
import whosaid  # noqa: E402

WHOSAID = None
CASES = {}
SKIP = 77


class Failure(Exception):
    """A check that did not hold."""


def case(fn):
    CASES[fn.__name__] = fn
    return fn


def check(cond, message):
    if not cond:
        raise Failure(message)


def cli_jsonl(*args):
    """The statements `whosaid extract --format jsonl ARGS` prints, as
    dicts."""
    p = subprocess.run([WHOSAID, "extract", "--format", "jsonl", *args],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
    return [json.loads(line) for line in p.stdout.splitlines() if line]


def golden_articles():
    paths = sorted(str(p.relative_to(ROOT)) for p in ROOT.glob("tests/golden/*/*.txt"))
    check(len(paths) > 20, "too few golden articles found: %d" % len(paths))
    return paths


def first_difference(a, b):
    for i, (x, y) in enumerate(zip(a, b)):
        if x != y:
            return "statement %d:\n  binding %s\n  cli     %s" % (i, x, y)
    return "%d statements against %d" % (len(a), len(b))


@case
def golden():
    """extract() gives the CLI's statements on every golden article, with
    the default options and with each option the CLI has."""
    os.chdir(ROOT)
    variants = [({}, []), ({"indirect": False}, ["--no-indirect"]),
                ({"keep_unattributed": True}, ["--keep-unattributed"]),
                ({"model": True}, ["--model"]), ({"model": False}, ["--no-model"])]
    total = 0
    for options, flags in variants:
        for path in golden_articles() if not flags else golden_articles()[::3]:
            ours = whosaid.extract(Path(path).read_bytes(), doc=path, **options)
            theirs = cli_jsonl(*flags, path)
            check(ours == theirs, "%s %s: %s" % (path, flags, first_difference(ours, theirs)))
            total += len(ours)
    check(total > 100, "only %d statements in all golden articles" % total)
    print("%d statements equal" % total)


@case
def str_and_offsets():
    """A str and its UTF-8 bytes give the same statements, and every
    offset is a byte offset of the text given."""
    text = (ROOT / "examples" / "press-briefing.txt").read_text("utf-8")
    a, b = whosaid.extract(text), whosaid.extract(text.encode())
    check(a == b and a, "str and bytes differ or nothing found")
    data = text.encode()
    for st in a:
        check(data[st["start"]:st["end"]].decode() == st["text"], "bad offsets: %s" % st)
        check(st["doc"] == "", "doc should default to the empty string")
    fields = {"doc", "kind", "text", "start", "end", "group", "speaker", "speaker_role",
              "speaker_mention", "cue", "channel", "date", "addressee", "figures",
              "confidence"}
    check(set(a[0]) == fields, "fields %s" % sorted(a[0]))


@case
def bad_input():
    """Invalid UTF-8 and NUL bytes are warnings, not errors; wrong types and
    options are Python errors; an input over max_input is WS_ERR_TOO_BIG."""
    found = []
    sts = whosaid.extract(b'"We will \xff\x00 win," she said.', warnings=found)
    check(found and all(isinstance(p, int) and m for p, m in found), "no warnings: %r" % found)
    check(isinstance(sts, list), "no list")
    for bad in (lambda: whosaid.extract(42), lambda: whosaid.extract("x", colour=True)):
        try:
            bad()
            raise Failure("no TypeError")
        except TypeError:
            pass
    try:
        whosaid.extract("x" * 100, max_input=10)
        raise Failure("no error for an input over max_input")
    except whosaid.WhosaidError as e:
        check(e.status == whosaid.WS_ERR_TOO_BIG, "status %d" % e.status)
    check(whosaid.extract("") == [], "statements in nothing")


@case
def missing_library():
    """Without a library the binding says where it looked and what to do."""
    env = dict(os.environ, WHOSAID_LIBRARY="/nonexistent/libwhosaid.so")
    code = "import whosaid\ntry:\n whosaid.version()\nexcept whosaid.LibraryNotFound as e:\n print(e)"
    p = subprocess.run([sys.executable, "-c", code], env=env, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, cwd=str(ROOT / "python"), timeout=60)
    out = p.stdout.decode()
    check("/nonexistent/libwhosaid.so" in out and "WHOSAID_LIBRARY" in out,
          "unclear message: %r" % out)


@case
def version():
    """version() is the header's version and the tool's."""
    header = (ROOT / "include" / "whosaid.h").read_text()
    v = whosaid.version()
    check('#define WS_VERSION_STRING "%s"' % v in header, "version %s not in header" % v)
    out = subprocess.run([WHOSAID, "--version"], stdout=subprocess.PIPE).stdout.decode()
    check(v in out, "version %s not in %r" % (v, out))


def big_document(mib):
    arts = [t for _, t in corpus.articles()]
    parts, size = [], 0
    while size < mib << 20:
        parts.append(arts[len(parts) % len(arts)])
        size += len(parts[-1]) + 2
    return b"\n\n".join(parts)


@case
def threads():
    """Extraction in 4 threads gives what it gives in one, and the GIL is
    released inside the library: while one thread is in ws_extract on a
    large document, another thread runs Python code."""
    os.chdir(ROOT)
    paths = golden_articles()
    want = {p: whosaid.extract(Path(p).read_bytes(), doc=p) for p in paths}
    got, lock = {}, threading.Lock()

    def work(k):
        for p in paths[k::4]:
            r = whosaid.extract(Path(p).read_bytes(), doc=p)
            with lock:
                got[p] = r
    ts = [threading.Thread(target=work, args=(k,)) for k in range(4)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    check(got == want, "threads gave other statements")

    data = big_document(8)
    eng = whosaid.engine()
    window, stamps, done = [], [], threading.Event()

    def call():
        t0 = time.perf_counter()
        result = eng._extract(data, None)
        window.extend([t0, time.perf_counter()])
        whosaid._load().ws_result_free(result)
        done.set()
    t = threading.Thread(target=call)
    t.start()
    while not done.is_set():
        stamps.append(time.perf_counter())
        time.sleep(0.001)
    t.join()
    t0, t1 = window
    inside = [s for s in stamps if t0 + 0.02 < s < t1 - 0.02]
    check(t1 - t0 > 0.05, "the call was too short to tell (%.3f s)" % (t1 - t0))
    check(len(inside) >= 3, "the main thread did not run during ws_extract "
          "(%d of %d steps in %.3f s): the GIL is held" % (len(inside), len(stamps), t1 - t0))
    print("ws_extract %.3f s; main thread ran %d steps meanwhile" % (t1 - t0, len(inside)))


@case
def formats():
    """extract_file() gives the CLI's statements for a file of every input
    format (text, JSONL, gzipped JSONL, HTML, gzipped WARC), document
    metadata included; documents() gives each document with its metadata;
    text() gives an HTML page's article text."""
    with tempfile.TemporaryDirectory() as tmp:
        paths = corpus.mixed(tmp)
        total = 0
        for path in paths:
            errors = []
            ours = list(whosaid.extract_file(path, on_error=errors.append))
            theirs = cli_jsonl(path)
            check(ours == theirs, "%s: %s" % (path, first_difference(ours, theirs)))
            check(not errors, "%s: %s" % (path, errors))
            total += len(ours)
        jsonl = os.path.join(tmp, "news-1.jsonl")
        docs = list(whosaid.documents(jsonl))
        check(len(docs) == 8, "%d documents in news-1.jsonl" % len(docs))
        first = json.loads(Path(jsonl).read_text().splitlines()[0])
        check(docs[0]["id"] == first["id"] and docs[0]["url"] == first["url"]
              and docs[0]["title"] == first["title"] and docs[0]["text"] == first["text"],
              "metadata of the first document: %r" % {k: docs[0][k] for k in docs[0]
                                                      if k != "text"})
        warc = os.path.join(tmp, "crawl-00000.warc.gz")
        wdocs = list(whosaid.documents(warc))
        check(len(wdocs) == 12, "%d documents in the WARC" % len(wdocs))
        check(all(d["url"].startswith("https://news.example.com/") for d in wdocs),
              "WARC urls %r" % [d["url"] for d in wdocs])
        page = Path(tmp, "page.html").read_bytes()
        text = whosaid.text(page)
        check("Copyright" not in text and "<p>" not in text and len(text) > 100,
              "article text %r" % text[:300])
        page_path = os.path.join(tmp, "page.html")
        same = list(whosaid.extract_file(data=page, name=page_path))
        check(same == cli_jsonl(page_path), "extract_file(data=) differs from the file's")
        print("%d statements equal over %d files" % (total, len(paths)))


@case
def bad_records():
    """A malformed record is reported with file and byte offset and the
    documents after it are still read."""
    with tempfile.TemporaryDirectory() as tmp:
        p = Path(tmp, "broken.jsonl")
        good = json.dumps({"id": "a", "text": '"We will win," the mayor said.'})
        p.write_text(good + "\n{not json\n" + good.replace('"a"', '"b"') + "\n")
        errors = []
        docs = list(whosaid.documents(str(p), on_error=errors.append))
        check([d["id"] for d in docs] == ["a", "b"], "documents %r" % docs)
        check(len(errors) == 1 and "broken.jsonl" in str(errors[0]), "errors %r" % errors)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            list(whosaid.extract_file(str(p)))
        check(len(caught) == 1, "warnings %r" % [str(w.message) for w in caught])
        gz = Path(tmp, "cut.jsonl.gz")
        gz.write_bytes(gzip.compress(((good + "\n") * 50).encode())[:-20])
        errors = []
        docs = list(whosaid.documents(str(gz), on_error=errors.append))
        check(errors and len(docs) < 50, "a truncated gzip: %d documents, %r" % (len(docs), errors))
        try:
            list(whosaid.extract_file(os.path.join(tmp, "missing.txt")))
            raise Failure("no error for a missing file")
        except whosaid.WhosaidError as e:
            check("missing.txt" in str(e), "message %s" % e)


def main(argv):
    global WHOSAID
    if len(argv) >= 2 and argv[1] == "--skip":
        print("skipped: %s" % " ".join(argv[2:]))
        return SKIP
    if len(argv) < 3:
        sys.stderr.write(__doc__)
        return 2
    WHOSAID = os.path.abspath(argv[1])
    if argv[2] == "--check-registered":
        missing = sorted(set(CASES) - set(argv[3:]))
        for name in missing:
            print("FAIL: case %s is not registered in tests/python.cmake" % name)
        for name in sorted(set(argv[3:]) - set(CASES)):
            print("FAIL: tests/python.cmake names unknown case %s" % name)
        return 1 if missing or set(argv[3:]) - set(CASES) else 0
    names = list(CASES) if argv[2] == "all" else argv[2:]
    failed = 0
    for name in names:
        t0 = time.monotonic()
        try:
            CASES[name]()
            print("ok %s (%.1f s)" % (name, time.monotonic() - t0))
        except Exception as e:
            failed += 1
            print("FAIL %s: %s" % (name, e))
            if not isinstance(e, Failure):
                traceback.print_exc()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
