#!/usr/bin/env python3
"""test_cli.py: tests of the whosaid command-line tool, run as a user runs it.

Usage: test_cli.py WHOSAID CASE        run one case (CTest runs each one)
       test_cli.py WHOSAID all         run every case
       test_cli.py WHOSAID --check-registered CASE...
                                       fail unless every case is in the list

The cases check what holds whatever the engine finds: exit codes, one-line
errors, help texts, the shape of each output format, and that the formats
agree with each other on the same input. Where they depend on the engine's
findings (warnings, statements) they check the form of what is there.
"""

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
SAMPLE = HERE / "sample.txt"
SEED = ROOT.parent / "shared" / "examples" / "seed-article.txt"
MAN_PAGE = ROOT / "docs" / "whosaid.1"

INPUT_OPTIONS = ["--input-format", "--text-field", "--html-field", "--id-field",
                 "--url-field", "--date-field", "--title-field",
                 "--max-document", "--jobs", "-j", "--quiet", "-q", "--stats",
                 "--help"]
EXTRACT_OPTIONS = ["--format", "-f", "jsonl", "table", "tsv", "--no-indirect",
                   "--no-model", "--keep-unattributed", "--emit-documents",
                   "--model", "--all-attributions"] + INPUT_OPTIONS
EVAL_OPTIONS = ["--polnear", "--pred", "--no-model", "--format", "--errors",
                "--verbose", "-v", "--help"]
TSV_FIELDS = ["doc", "kind", "start", "end", "group", "speaker", "speaker_role",
              "cue", "channel", "date", "addressee", "text"]
TABLE_HEADER = ["SPEAKER", "KIND", "CHANNEL", "CUE", "TEXT"]

WHOSAID = None
CASES = {}


class Failure(Exception):
    """A check that did not hold."""


class Skip(Exception):
    """The case cannot run here (data absent); exit code 77."""


def case(fn):
    """Registers a test case under its function's name."""
    CASES[fn.__name__] = fn
    return fn


def check(cond, message):
    if not cond:
        raise Failure(message)


def run(*args, stdin=None, data=None, env=None):
    """Runs whosaid with args; returns the CompletedProcess (bytes). Fails if
    the tool was killed by a signal."""
    full_env = dict(os.environ)
    full_env.pop("COLUMNS", None)
    full_env.update(env or {})
    p = subprocess.run([WHOSAID, *map(str, args)], input=data,
                       stdin=stdin if data is None else None,
                       capture_output=True, env=full_env, timeout=100)
    check(p.returncode >= 0, f"whosaid {' '.join(map(str, args))}: killed by "
          f"signal {-p.returncode}\n{p.stderr.decode(errors='replace')}")
    return p


def show(p):
    return (f"exit {p.returncode}\nstdout: {p.stdout[:2000]!r}\n"
            f"stderr: {p.stderr[:2000]!r}")


def expect(p, code, what):
    check(p.returncode == code, f"{what}: expected exit {code}\n{show(p)}")


def stderr_lines(p):
    return p.stderr.decode("utf-8", errors="replace").splitlines()


def one_line_error(p, *needles):
    """Checks a usage error: exit 2, nothing on stdout, one line on stderr
    starting with 'whosaid: ' and holding each needle."""
    expect(p, 2, "usage error")
    check(p.stdout == b"", f"usage error wrote to stdout\n{show(p)}")
    lines = stderr_lines(p)
    check(len(lines) == 1, f"expected one line on stderr\n{show(p)}")
    check(lines[0].startswith("whosaid: "), f"error not prefixed\n{show(p)}")
    for n in needles:
        check(n in lines[0], f"error does not mention {n!r}\n{show(p)}")


def jsonl(p, doc=None):
    """Parses stdout as JSONL; checks each line is a JSON object with the
    contract's fields (and doc when given). Returns the objects."""
    text = p.stdout.decode("utf-8")  # Invalid UTF-8 fails here.
    check(text == "" or text.endswith("\n"), "JSONL output lacks a final newline")
    objs = []
    for line in text.splitlines():
        try:
            o = json.loads(line)
        except ValueError as e:
            raise Failure(f"not JSON: {line!r}: {e}")
        check(isinstance(o, dict), f"not a JSON object: {line!r}")
        for field in TSV_FIELDS + ["speaker_mention", "figures"]:
            check(field in o, f"field {field!r} missing: {line!r}")
        if doc is not None:
            check(o["doc"] == doc, f"doc is {o['doc']!r}, expected {doc!r}")
        objs.append(o)
    return objs


def warning_lines_ok(lines, name, size):
    """Checks every line (of stderr) is a warning about file name, with a
    byte offset inside the file: at most 10 of them, then 'N more warnings'."""
    pat = re.compile(r"^whosaid: " + re.escape(str(name)) +
                     r": (byte (\d+): .+|(\d+) more warnings?)$")
    for i, line in enumerate(lines):
        m = pat.match(line)
        check(m, f"not a warning line about {name}: {line!r}")
        if m.group(2):
            check(int(m.group(2)) <= size, f"offset past the end: {line!r}")
            check(i < 10, f"more than 10 warnings printed: {lines!r}")
        else:
            check(i == 10 and i == len(lines) - 1,
                  f"'more warnings' line out of place: {lines!r}")
            check(int(m.group(3)) >= 1, f"bad count: {line!r}")


def write(tmp, name, data):
    path = Path(tmp) / name
    path.write_bytes(data)
    return path


def articles():
    """The articles the format tests read: the sample, and the seed article
    when ../shared is there."""
    found = [SAMPLE]
    if SEED.exists():
        found.append(SEED)
    else:
        print(f"note: {SEED} absent; seed article checks skipped")
    return found


def code_points(line):
    return len(line.decode("utf-8"))


def tsv_unescape(field):
    return re.sub(r"\\(.)", lambda m: {"t": "\t", "n": "\n", "r": "\r",
                                       "\\": "\\"}[m.group(1)], field)


def as_shown_in_tsv(value):
    """A JSON string value as the TSV form shows it once unescaped: other
    control characters become spaces."""
    if value is None:
        return ""
    return re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]", " ",
                  str(value))


# ---- Usage errors ---------------------------------------------------------

@case
def usage_no_command():
    one_line_error(run(), "whosaid --help")


@case
def unknown_option():
    one_line_error(run("extract", "--foo", SAMPLE), "'--foo'",
                   "whosaid help extract")
    one_line_error(run("extract", "--foo=1"), "'--foo'")
    one_line_error(run("extract", "-x", SAMPLE), "'-x'")
    one_line_error(run("--foo"), "'--foo'")
    one_line_error(run("extract", "--quiet=yes", SAMPLE), "--quiet")


@case
def unknown_command():
    one_line_error(run("frobnicate"), "'frobnicate'")
    one_line_error(run("help", "frobnicate"), "'frobnicate'")
    one_line_error(run("help", "extract", "eval"))


@case
def missing_value():
    one_line_error(run("extract", "--format"), "--format")
    one_line_error(run("extract", "-f"), "-f")


@case
def bad_format():
    one_line_error(run("extract", "--format", "xml", SAMPLE), "'xml'")
    one_line_error(run("extract", "--format=", SAMPLE), "''")


@case
def missing_file():
    with tempfile.TemporaryDirectory() as tmp:
        missing = Path(tmp) / "no-such-article.txt"
        p = run("extract", missing, SAMPLE)
        expect(p, 2, "missing file")
        check(stderr_lines(p) == [f"whosaid: {missing}: No such file or directory"],
              f"unexpected message\n{show(p)}")
        alone = run("extract", SAMPLE)
        expect(alone, 0, "sample")
        check(p.stdout == alone.stdout, "the other file was not processed")
        p = run("extract", SAMPLE, missing)
        expect(p, 2, "missing file last")
        check(p.stdout == alone.stdout, "the other file was not processed")


@case
def directory_file():
    """A folder is read recursively: files in byte order of their paths,
    hidden names and binary files passed over (and counted with --stats),
    the output the same as naming the files one by one."""
    with tempfile.TemporaryDirectory() as tmp:
        p = run("extract", tmp)
        expect(p, 0, "empty folder")
        check(p.stdout == b"" and p.stderr == b"", f"output on empty folder\n{show(p)}")
        text = SAMPLE.read_bytes()
        write(tmp, "b.txt", text)
        os.makedirs(Path(tmp) / "a" / "deep")
        write(tmp, "a/deep/z.txt", text.replace(b"Ana Ruiz", b"Ana Lopez"))
        write(tmp, "a/y.txt", text)
        write(tmp, ".hidden.txt", text)
        os.makedirs(Path(tmp) / ".git")
        write(tmp, ".git/c.txt", text)
        write(tmp, "picture.png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
        write(tmp, "data.bin", b"abc\x00def" * 100)
        order = [Path(tmp) / n for n in ("a/deep/z.txt", "a/y.txt", "b.txt")]
        one_by_one = run("extract", "-j", "1", *order)
        expect(one_by_one, 0, "the files")
        p = run("extract", "--stats", tmp)
        expect(p, 0, "folder")
        check(p.stdout == one_by_one.stdout,
              f"folder output differs from its files in order\n{show(p)}")
        docs = [o["doc"] for o in jsonl(p)]
        check(sorted(set(docs)) == sorted(map(str, order)), f"docs {set(docs)}")
        err = p.stderr.decode()
        check("2 binary files" in err and "2 hidden files" in err,
              f"summary does not count what was skipped\n{show(p)}")
        check("3 files, 3 documents" in err, f"summary counts\n{show(p)}")
        # A named binary file is read as the user asked, not skipped.
        q = run("extract", Path(tmp) / "data.bin")
        expect(q, 0, "named binary file")


# ---- Help and version -----------------------------------------------------

def help_text(*args):
    p = run(*args)
    expect(p, 0, " ".join(map(str, args)))
    check(p.stderr == b"", f"help wrote to stderr\n{show(p)}")
    check(p.stdout.startswith(b"Usage: whosaid"), f"no usage line\n{show(p)}")
    return p.stdout.decode()


@case
def help_main():
    texts = {help_text(*a) for a in (["--help"], ["-h"], ["help"])}
    check(len(texts) == 1, "--help, -h and help differ")
    text = texts.pop()
    for word in ["extract", "eval", "train", "help", "--version", "--help"]:
        check(word in text, f"main help does not mention {word}")


@case
def help_extract():
    texts = {help_text(*a) for a in (["help", "extract"], ["extract", "--help"],
                                     ["extract", "-h"], ["extract", SAMPLE, "-h"])}
    check(len(texts) == 1, "the forms of extract's help differ")
    text = texts.pop()
    for opt in EXTRACT_OPTIONS:
        check(re.search(r"(?<![\w-])" + re.escape(opt) + r"(?![\w-])", text),
              f"extract help does not mention {opt}")


@case
def help_eval():
    texts = {help_text(*a) for a in (["help", "eval"], ["eval", "--help"],
                                     ["eval", "-h"])}
    check(len(texts) == 1, "the forms of eval's help differ")
    text = texts.pop()
    for opt in EVAL_OPTIONS:
        check(opt in text, f"eval help does not mention {opt}")


@case
def help_help():
    text = help_text("help", "help")
    check("COMMAND" in text, "help help says nothing about COMMAND")


@case
def version():
    p = run("--version")
    expect(p, 0, "--version")
    header = (ROOT / "include" / "whosaid.h").read_text()
    v = re.search(r'#define WS_VERSION_STRING "([^"]+)"', header).group(1)
    lines = p.stdout.decode().splitlines()
    check(lines[:1] == [f"whosaid {v}"], f"unexpected version\n{show(p)}")
    # The built-in model, when the library has one, is named on the next line.
    check(all(l.startswith("model ") for l in lines[1:]) and len(lines) <= 2,
          f"unexpected version lines\n{show(p)}")


# ---- Inputs ---------------------------------------------------------------

@case
def empty_file():
    with tempfile.TemporaryDirectory() as tmp:
        empty = write(tmp, "empty.txt", b"")
        for args in (["extract", empty], ["extract", "--format", "jsonl", empty]):
            p = run(*args)
            expect(p, 0, "empty file")
            check(p.stdout == b"" and p.stderr == b"", f"output on empty\n{show(p)}")
        p = run("extract", data=b"")
        expect(p, 0, "empty stdin")
        check(p.stdout == b"", f"output on empty stdin\n{show(p)}")


BAD_BYTES = (b"Bad \xff\xfe bytes \xc3\x28 and \x00 NULs \x00\x00 here.\n\n"
             b"\"A quote with \xe2\x82 a broken \x00 sequence,\" the mayor said.\n\n"
             b"\xf0\x9f\x98 \"An unclosed quote that runs on \xed\xa0\x80 and on.\n"
             + b"\x80" * 3 + b"\n")


@case
def bad_bytes():
    with tempfile.TemporaryDirectory() as tmp:
        bad = write(tmp, "bad.txt", BAD_BYTES)
        p = run("extract", bad)
        expect(p, 0, "invalid UTF-8 and NUL bytes")
        jsonl(p, doc=str(bad))
        if p.stderr:
            warning_lines_ok(stderr_lines(p), bad, len(BAD_BYTES))
        else:
            print("note: the engine gave no warnings for invalid UTF-8 / NUL")
        for fmt in ("tsv", "table"):
            q = run("extract", "--format", fmt, bad)
            expect(q, 0, f"bad bytes, {fmt}")
            q.stdout.decode("utf-8")  # Output is valid UTF-8.
            check(b"\x00" not in q.stdout, f"NUL byte in {fmt} output")


@case
def quiet():
    with tempfile.TemporaryDirectory() as tmp:
        bad = write(tmp, "bad.txt", BAD_BYTES)
        loud = run("extract", bad)
        for flag in ("-q", "--quiet"):
            p = run("extract", flag, bad)
            expect(p, 0, flag)
            check(p.stderr == b"", f"{flag} still printed\n{show(p)}")
            check(p.stdout == loud.stdout, f"{flag} changed the output")


@case
def warning_cap():
    with tempfile.TemporaryDirectory() as tmp:
        data = b"".join(b"word \xff word \x00 " for _ in range(200))
        bad = write(tmp, "many.txt", data)
        p = run("extract", bad, bad)
        expect(p, 0, "many warnings")
        jsonl(p)
        lines = stderr_lines(p)
        half = len(lines) // 2
        check(len(lines) % 2 == 0 and lines[:half] == lines[half:],
              f"the two files' warnings differ\n{show(p)}")
        check(half <= 11, f"more than 11 warning lines for one file\n{show(p)}")
        if half:
            warning_lines_ok(lines[:half], bad, len(data))
        else:
            print("note: the engine gave no warnings")


@case
def warned_documents_cap():
    """Warnings are printed for at most 10 documents an input, then one line
    counts the rest; the next input starts afresh."""
    line = json.dumps({"text": "Intro.\n\nThe mayor said \"we will win and go "
                               "on.\n\nAnother paragraph here.\n"})
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for k, n in (("a", 15), ("b", 3)):
            data = "".join(line.replace('{"text"', f'{{"id": "{k}{i}", "text"')
                           + "\n" for i in range(n))
            paths.append(write(tmp, f"{k}.jsonl", data.encode()))
        p = run("extract", *paths)
        expect(p, 0, "warnings")
        lines = stderr_lines(p)
        if not lines:
            raise Skip("the engine gives no warning for an unclosed quotation mark")
        a = [l for l in lines if l.startswith("whosaid: a")]
        b = [l for l in lines if l.startswith("whosaid: b")]
        check(len(a) == 10 and a == [f"whosaid: a{i}: " + a[i].split(": ", 2)[2]
                                     for i in range(10)], f"first input: {a}")
        check(lines[10] == f"whosaid: {paths[0]}: warnings about 5 more documents "
              "not shown", f"no count of the rest: {lines[10]!r}")
        check(len(b) == 3 and lines[11:] == b, f"second input: {lines[11:]}")
        check(run("extract", "-q", *paths).stderr == b"", "--quiet printed warnings")


@case
def stdin_input():
    for article in articles():
        from_file = jsonl(run("extract", article), doc=str(article))
        with open(article, "rb") as f:
            redirected = run("extract", stdin=f)
        with open(article, "rb") as f:
            dash = run("extract", "-", stdin=f)
        for o in from_file:
            del o["doc"]
        for p in (redirected, dash):
            expect(p, 0, "stdin")
            got = jsonl(p, doc="stdin")
            for o in got:
                del o["doc"]
            check(got == from_file, "stdin gives other statements than the file")


@case
def multiple_files():
    for fmt in ("jsonl", "tsv"):
        a = run("extract", "--format", fmt, SAMPLE)
        b = run("extract", "--format", fmt, SAMPLE, SAMPLE)
        expect(b, 0, "two files")
        if fmt == "jsonl":
            check(b.stdout == a.stdout * 2, "jsonl of two files is not the sum")
        else:
            header, _, body = a.stdout.partition(b"\n")
            check(b.stdout == header + b"\n" + body * 2,
                  "tsv of two files is not one header and both bodies")


# ---- Formats --------------------------------------------------------------

@case
def format_tsv():
    with tempfile.TemporaryDirectory() as tmp:
        empty = write(tmp, "empty.txt", b"")
        p = run("extract", "--format", "tsv", empty)
        expect(p, 0, "tsv")
        check(p.stdout == ("\t".join(TSV_FIELDS) + "\n").encode(),
              f"unexpected tsv header\n{show(p)}")
    for article in articles():
        p = run("extract", "-f", "tsv", article)
        expect(p, 0, "tsv")
        for line in p.stdout.decode("utf-8").split("\n")[:-1]:
            check(line.count("\t") == len(TSV_FIELDS) - 1,
                  f"tsv line without {len(TSV_FIELDS)} fields: {line!r}")


@case
def format_table():
    with tempfile.TemporaryDirectory() as tmp:
        plain = write(tmp, "plain.txt", b"Nothing was said here.\n")
        p = run("extract", "--format", "table", plain)
        expect(p, 0, "table")
        lines = p.stdout.decode().splitlines()
        check(len(lines) == 1 and lines[0].split() == TABLE_HEADER,
              f"unexpected table\n{show(p)}")
        p = run("extract", "--format=table", plain, plain)
        lines = p.stdout.decode().splitlines()
        check(lines[0] == f"==> {plain} <==" and lines[2] == "" and
              lines[3] == f"==> {plain} <==", f"no titles for two files\n{show(p)}")
        # An empty file holds no document: nothing to tabulate.
        empty = write(tmp, "empty.txt", b"")
        p = run("extract", "--format", "table", empty)
        expect(p, 0, "empty table")
        check(p.stdout == b"", f"table of an empty file\n{show(p)}")


@case
def table_width():
    for article in articles():
        for columns, width in (("60", 60), ("80", 80), ("200", 200), ("10", 60),
                               ("junk", 120), ("", 120)):
            p = run("extract", "--format", "table", article,
                    env={"COLUMNS": columns})
            expect(p, 0, "table")
            for line in p.stdout.split(b"\n"):
                check(code_points(line) <= width,
                      f"COLUMNS={columns}: line wider than {width}: {line!r}")


@case
def formats_agree():
    for article in articles():
        objs = jsonl(run("extract", "--format", "jsonl", article), doc=str(article))
        tsv = run("extract", "--format", "tsv", article).stdout.decode()
        table = run("extract", "--format", "table", article).stdout.decode()
        rows = tsv.split("\n")[1:-1]
        check(len(rows) == len(objs), f"{len(rows)} tsv rows, {len(objs)} JSON")
        check(len(table.splitlines()) == len(objs) + 1, "table rows != JSON lines")
        for o, row in zip(objs, rows):
            fields = [tsv_unescape(f) for f in row.split("\t")]
            cue = o["cue"]["text"] if o["cue"] else None
            want = [o["doc"], o["kind"], o["start"], o["end"], o["group"],
                    o["speaker"], o["speaker_role"], cue, o["channel"],
                    o["date"], o["addressee"], o["text"]]
            want = [as_shown_in_tsv(w) for w in want]
            check(fields == want, f"tsv row {row!r} differs from {o!r}")


@case
def no_indirect():
    for article in articles():
        p = run("extract", "--no-indirect", article)
        expect(p, 0, "--no-indirect")
        for o in jsonl(p):
            check(o["kind"] == "direct", f"--no-indirect gave {o!r}")
        for flag in ("--no-model", "--keep-unattributed"):
            p = run("extract", flag, article)
            expect(p, 0, flag)
            jsonl(p)


def run_on_tty(args, columns):
    """Runs whosaid with standard output on a pseudo-terminal of the given
    width; returns (exit code, bytes written to the terminal)."""
    import fcntl
    import pty
    import struct
    import termios
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, columns, 0, 0))
    attrs = termios.tcgetattr(slave)
    attrs[1] &= ~termios.OPOST  # No "\r\n" for "\n".
    termios.tcsetattr(slave, termios.TCSANOW, attrs)
    env = dict(os.environ)
    env.pop("COLUMNS", None)
    p = subprocess.Popen([WHOSAID, *map(str, args)], stdout=slave,
                         stderr=subprocess.DEVNULL, env=env)
    os.close(slave)
    out = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the terminal's other side is closed.
            break
        if not chunk:
            break
        out += chunk
    os.close(master)
    return p.wait(timeout=100), out


@case
def tty_default():
    """On a terminal the default format is the table, as wide as the
    terminal; elsewhere it is JSONL."""
    for article in articles():
        for columns in (70, 100):
            code, out = run_on_tty(["extract", article], columns)
            check(code == 0, f"exit {code} on a terminal")
            lines = out.split(b"\n")
            check(lines[0].split() == [h.encode() for h in TABLE_HEADER],
                  f"no table on a terminal: {out[:300]!r}")
            for line in lines:
                check(code_points(line) <= columns,
                      f"line wider than the terminal ({columns}): {line!r}")
        p = run("extract", article)
        check(p.stdout == run("extract", "-f", "jsonl", article).stdout,
              "the default off a terminal is not JSONL")


# ---- Closed output --------------------------------------------------------

@case
def closed_pipe():
    """The reader is gone before whosaid writes: exit 1, quietly."""
    for fmt in ("table", "tsv"):
        r, w = os.pipe()
        os.close(r)
        try:
            p = subprocess.run([WHOSAID, "extract", "--format", fmt, SAMPLE],
                               stdout=w, stderr=subprocess.PIPE, timeout=100)
        finally:
            os.close(w)
        check(p.returncode == 1, f"closed pipe ({fmt}): exit {p.returncode}, "
              f"stderr {p.stderr!r}")
        check(p.stderr == b"", f"closed pipe ({fmt}) printed {p.stderr!r}")


@case
def broken_pipe():
    """The reader goes away after one byte: no crash, exit 0 or 1."""
    with tempfile.TemporaryDirectory() as tmp:
        big = write(tmp, "big.txt", SAMPLE.read_bytes() * 2000)
        for fmt in ("table", "jsonl", "tsv"):
            p = subprocess.Popen([WHOSAID, "extract", "-q", "--format", fmt]
                                 + [str(big)] * 50, stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE)
            p.stdout.read(1)
            p.stdout.close()
            _, err = p.communicate(timeout=100)
            check(p.returncode in (0, 1), f"{fmt}: exit {p.returncode}, {err!r}")
            check(b"write error" not in err, f"{fmt}: EPIPE reported: {err!r}")


# ---- Real inputs: JSONL, HTML, WARC, threads, progress ---------------------

def sample_jsonl(n=6, bad_at=None):
    """JSON lines of the sample article with custom field names; the line
    bad_at (0-based), if given, is not JSON. Returns (bytes, byte offset of
    each line)."""
    text = SAMPLE.read_text()
    lines, offsets, pos = [], [], 0
    for i in range(n):
        if i == bad_at:
            line = b'{"guid": "broken", "body": \n'
        else:
            body = text.replace("Ana Ruiz", f"Ana Ruiz{i}")
            line = (json.dumps({"guid": f"g{i}", "body": body,
                                "link": f"https://example.org/{i}",
                                "when": f"2024-05-0{i + 1}",
                                "headline": f"Pier {i}"}) + "\n").encode()
        offsets.append(pos)
        pos += len(line)
        lines.append(line)
    return b"".join(lines), offsets


JSONL_FIELDS = ["--text-field", "body", "--id-field", "guid", "--url-field",
                "link", "--date-field", "when", "--title-field", "headline"]


@case
def jsonl_fields():
    """JSONL with custom field names: every statement carries its document's
    id, url, date and title; offsets index the text field."""
    data, _ = sample_jsonl()
    text = SAMPLE.read_text()
    with tempfile.TemporaryDirectory() as tmp:
        path = write(tmp, "export.jsonl", data)
        p = run("extract", *JSONL_FIELDS, path)
        expect(p, 0, "jsonl")
        objs = jsonl(p)
        check(objs, "no statements from the JSONL documents")
        seen = []
        for o in objs:
            i = int(o["doc"][1:])
            check(o["url"] == f"https://example.org/{i}" and
                  o["doc_date"] == f"2024-05-0{i + 1}" and
                  o["title"] == f"Pier {i}" and o["source"] == str(path),
                  f"metadata missing from {o!r}")
            body = text.replace("Ana Ruiz", f"Ana Ruiz{i}").encode()
            check(body[o["start"]:o["end"]].decode() == o["text"],
                  f"offsets do not index the text field: {o!r}")
            if i not in seen:
                seen.append(i)
        check(seen == list(range(6)), f"documents out of order: {seen}")
        # Without the field options the text field is missing: no statements.
        q = run("extract", "--stats", path)
        check(q.stdout == b"", f"statements without --text-field\n{show(q)}")


@case
def stdin_jsonl():
    """JSON lines on standard input, detected from their content."""
    data, _ = sample_jsonl(3)
    p = run("extract", *JSONL_FIELDS, "-", data=data)
    expect(p, 0, "jsonl on stdin")
    objs = jsonl(p)
    check({o["doc"] for o in objs} == {"g0", "g1", "g2"}, "documents missing")
    check(all(o.get("source") == "stdin" for o in objs), "source is not stdin")


@case
def bad_record():
    """An invalid line in the middle is reported with file and byte offset;
    the records after it are still processed; exit status 1."""
    data, offsets = sample_jsonl(5, bad_at=2)
    with tempfile.TemporaryDirectory() as tmp:
        path = write(tmp, "export.jsonl", data)
        for jobs in ("1", "3"):
            p = run("extract", "-j", jobs, *JSONL_FIELDS, path)
            expect(p, 1, "bad record")
            docs = []
            for o in jsonl(p):
                if o["doc"] not in docs:
                    docs.append(o["doc"])
            check(docs == ["g0", "g1", "g3", "g4"], f"documents {docs}")
            lines = stderr_lines(p)
            check(len(lines) == 1 and re.match(
                r"^whosaid: " + re.escape(str(path)) + r": byte (\d+): .+$", lines[0]),
                f"no error line naming file and offset\n{show(p)}")
            off = int(re.search(r"byte (\d+)", lines[0]).group(1))
            check(offsets[2] <= off < offsets[3],
                  f"offset {off} not in the bad line {offsets[2]}..{offsets[3]}")


def page(i):
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>Pier {i}"
            f"</title></head><body><nav><a href='/'>Home</a> <a href='/news'>News"
            f"</a></nav><article><h1>Pier {i}</h1>"
            + "".join(f"<p>{para}</p>" for para in
                      SAMPLE.read_text().split("\n\n")[1:]) +
            "</article><footer>Copyright the Harbour Gazette</footer></body></html>")


@case
def html_input():
    """An HTML page: statements index the text `whosaid text` prints, and
    carry the page's title."""
    with tempfile.TemporaryDirectory() as tmp:
        path = write(tmp, "page.html", page(1).encode())
        t = run("text", path)
        expect(t, 0, "text of a page")
        text = t.stdout
        check(b"<p>" not in text and b"Copyright" not in text and
              b"Ana Ruiz" in text, f"not the article text\n{show(t)}")
        p = run("extract", path)
        expect(p, 0, "page")
        objs = jsonl(p, doc=str(path))
        check(objs, "no statements in the page")
        for o in objs:
            check(text[o["start"]:o["end"]].decode() == o["text"],
                  f"offsets do not index the printed text: {o!r}")
            check(o.get("title") == "Pier 1", f"no title in {o!r}")


@case
def emit_documents():
    """--emit-documents: one document record before each document's
    statements, holding the text the offsets refer to."""
    data, _ = sample_jsonl(3)
    with tempfile.TemporaryDirectory() as tmp:
        path = write(tmp, "export.jsonl", data)
        html = write(tmp, "page.html", page(2).encode())
        p = run("extract", "--emit-documents", *JSONL_FIELDS, path, html)
        expect(p, 0, "--emit-documents")
        current = None
        n_docs = 0
        for line in p.stdout.decode().splitlines():
            o = json.loads(line)
            if o.get("type") == "document":
                for k in ("doc", "url", "date", "title", "byline", "source",
                          "offset", "text"):
                    check(k in o, f"document record lacks {k}: {line[:200]}")
                current = o
                n_docs += 1
                continue
            check(current is not None and o["doc"] == current["doc"],
                  f"statement before its document record: {line[:200]}")
            t = current["text"].encode()
            check(t[o["start"]:o["end"]].decode() == o["text"],
                  "offsets do not index the document record's text")
        check(n_docs == 4, f"{n_docs} document records, expected 4")
        q = run("text", html)
        check(current["text"].encode() == q.stdout.rstrip(b"\n") or
              current["text"].encode() == q.stdout, "text differs from whosaid text")
        one_line_error(run("extract", "--emit-documents", "-f", "tsv", path),
                       "--emit-documents")


@case
def jobs_identical():
    """-j 1 and -j 4 write the same bytes, on stdout and stderr, over many
    files of several formats and a bad record."""
    data, _ = sample_jsonl(8, bad_at=5)
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(40):
            write(tmp, f"t{i:02}.txt", SAMPLE.read_bytes() * (1 + i % 5) + BAD_BYTES)
        for i in range(10):
            write(tmp, f"p{i:02}.html", page(i).encode())
        write(tmp, "x.jsonl", data)
        for fmt in ("jsonl", "tsv", "table"):
            outs = []
            for jobs in ("1", "2", "4"):
                p = run("extract", "-f", fmt, "-j", jobs, *JSONL_FIELDS, tmp)
                expect(p, 1, f"-j {jobs}")
                outs.append((p.stdout, p.stderr))
            check(outs[0][0] and all(o == outs[0] for o in outs),
                  f"{fmt}: output differs with -j")
        t = [run("text", "-j", j, *JSONL_FIELDS, tmp).stdout for j in ("1", "4")]
        check(t[0] and t[0] == t[1], "whosaid text differs with -j")


@case
def text_command():
    """whosaid text: one document as it is; several, each under a title,
    separated by blank lines."""
    p = run("text", SAMPLE)
    expect(p, 0, "text")
    check(p.stdout == SAMPLE.read_bytes(), "text of a plain file is not the file")
    with open(SAMPLE, "rb") as f:
        q = run("text", stdin=f)
    check(q.stdout == p.stdout, "text from stdin differs")
    data, _ = sample_jsonl(2)
    p = run("text", *JSONL_FIELDS, "-", data=data)
    expect(p, 0, "text of JSONL")
    body = SAMPLE.read_text()
    want = "".join(("\n" if i else "") + f"==> g{i} <==\n" +
                   body.replace("Ana Ruiz", f"Ana Ruiz{i}") for i in range(2))
    check(p.stdout.decode() == want, f"unexpected text of two documents\n{show(p)}")
    help_text("help", "text")
    one_line_error(run("text", "--format", "jsonl", SAMPLE), "'--format'")


@case
def bad_option_values():
    one_line_error(run("extract", "-j", "0", SAMPLE), "--jobs")
    one_line_error(run("extract", "--jobs=many", SAMPLE), "'many'")
    one_line_error(run("extract", "--max-document", "10X", SAMPLE), "'10X'")
    one_line_error(run("extract", "--input-format", "pdf", SAMPLE), "'pdf'")
    one_line_error(run("text", "--max-document=0", SAMPLE), "'0'")


def run_stderr_tty(args, data=None):
    """Runs whosaid with standard error on a pseudo-terminal and standard
    output on a pipe; returns (exit code, stdout bytes, terminal bytes)."""
    import pty
    master, slave = pty.openpty()
    env = dict(os.environ)
    env.pop("COLUMNS", None)
    p = subprocess.Popen([WHOSAID, *map(str, args)], stdout=subprocess.PIPE,
                         stderr=slave, stdin=subprocess.DEVNULL, env=env)
    os.close(slave)
    out = p.stdout.read()
    err = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        err += chunk
    os.close(master)
    return p.wait(timeout=100), out, err


@case
def progress_line():
    """The progress line and summary appear on a terminal only; --quiet
    silences them; off a terminal stderr holds neither."""
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(20):
            write(tmp, f"t{i:02}.txt", SAMPLE.read_bytes())
        p = run("extract", tmp)
        expect(p, 0, "off a terminal")
        check(p.stderr == b"", f"progress or summary off a terminal\n{show(p)}")
        code, out, err = run_stderr_tty(["extract", tmp])
        check(code == 0 and out == p.stdout, "output differs on a terminal")
        text = err.decode().replace("\r\n", "\n")
        check(re.search(r"\rwhosaid: \d+/20 files, \d+ documents, [\d.]+ MB/s, "
                        r"\d+ statements", text), f"no progress line: {text!r}")
        check("whosaid: 20 files, 20 documents" in text, f"no summary: {text!r}")
        code, out, err = run_stderr_tty(["extract", "--quiet", tmp])
        check(code == 0 and err == b"", f"--quiet printed {err!r}")
        p = run("extract", "--stats", "-q", tmp)
        check(b"20 documents" in p.stderr and b"\r" not in p.stderr,
              f"--stats without a terminal\n{show(p)}")


WARC_DIR = ROOT.parent / "shared" / "data" / "warc-samples"


@case
def warc_input():
    """WARC samples: documents come out with their URLs, and the run is the
    same with one thread and with four."""
    if not WARC_DIR.exists():
        raise Skip(f"{WARC_DIR} absent")
    path = WARC_DIR / "chatnoir-eu_chatnoir-resiliparse" / "warcfile.warc.gz"
    probe = run("text", "-j", "1", path)
    if b"not supported yet" in probe.stderr:
        raise Skip("the WARC reader is not there yet")
    runs = [run("extract", "--emit-documents", "--stats", "-j", j, path)
            for j in ("1", "4")]
    check(runs[0].stdout == runs[1].stdout, "-j 1 and -j 4 differ on a WARC")
    docs = [json.loads(l) for l in runs[0].stdout.decode().splitlines()]
    docs = [d for d in docs if d.get("type") == "document"]
    check(len(docs) >= 5, f"{len(docs)} documents from {path}\n{show(runs[0])}")
    check(all(d["url"] and d["url"].startswith("http") for d in docs),
          "a WARC document without its target URI")
    check(all(d["source"] == str(path) for d in docs), "source is not the file")
    trunc = WARC_DIR / "webrecorder_warcio" / "example-trunc.warc"
    p = run("extract", "-q", trunc, SAMPLE)
    check(p.returncode in (0, 1), f"truncated WARC\n{show(p)}")
    check(str(SAMPLE).encode() in p.stdout, "the file after a truncated WARC was lost")
    # A folder of every sample: no crash, every message names a file.
    p = run("extract", "-q", WARC_DIR)
    check(p.returncode in (0, 1), f"WARC folder\n{show(p)}")
    for line in stderr_lines(p):
        check(line.startswith("whosaid: " + str(WARC_DIR)), f"message {line!r}")


# ---- Man page -------------------------------------------------------------

@case
def man_page():
    check(MAN_PAGE.exists(), f"{MAN_PAGE} missing")
    groff = shutil.which("groff")
    if groff:
        p = subprocess.run([groff, "-man", "-Tutf8", "-ww", "-z", MAN_PAGE],
                           capture_output=True)
        check(p.returncode == 0 and p.stderr == b"",
              f"groff warnings: {p.stderr.decode(errors='replace')}")
    else:
        print("note: groff absent; man page rendering not checked")
    text = MAN_PAGE.read_text().replace("\\-", "-").replace("\\fB", "") \
        .replace("\\fR", "").replace("\\fI", "")
    documented = set()
    for cmd in ("extract", "text", "eval"):
        help_opts = re.findall(r"(?<![\w-])--?[a-z][\w-]*", help_text("help", cmd))
        documented.update(help_opts)
    documented.update(["--version", "COLUMNS", "jsonl", "table", "tsv"])
    documented.update(TSV_FIELDS + ["speaker_mention", "figures", "confidence"])
    for word in sorted(documented):
        check(re.search(r"(?<![\w-])" + re.escape(word) + r"(?![\w-])", text),
              f"man page does not mention {word}")
    for section in ("NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS", "EXIT STATUS",
                    "EXAMPLES"):
        check(f".SH {section}" in text or f'.SH "{section}"' in text,
              f"man page lacks section {section}")


def main(argv):
    global WHOSAID
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    WHOSAID = argv[1]
    if argv[2] == "--check-registered":
        missing = sorted(set(CASES) - set(argv[3:]))
        unknown = sorted(set(argv[3:]) - set(CASES))
        for name in missing:
            print(f"FAIL: case {name} is not registered in tests/cli.cmake")
        for name in unknown:
            print(f"FAIL: tests/cli.cmake names unknown case {name}")
        return 1 if missing or unknown else 0
    names = list(CASES) if argv[2] == "all" else argv[2:]
    failed = skipped = 0
    for name in names:
        if name not in CASES:
            print(f"FAIL: no case {name}")
            failed += 1
            continue
        try:
            CASES[name]()
            print(f"ok: {name}")
        except Failure as e:
            print(f"FAIL: {name}: {e}")
            failed += 1
        except Skip as e:
            print(f"skipped: {name}: {e}")
            skipped += 1
        except Exception:  # A broken test is a failure too, with its trace.
            print(f"FAIL: {name}: {traceback.format_exc()}")
            failed += 1
    return 1 if failed else 77 if skipped == len(names) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
