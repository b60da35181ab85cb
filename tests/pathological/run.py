#!/usr/bin/python3
"""Pathological inputs for `whosaid extract`, each with a time limit.

Each case generates its input on the fly (nothing large is committed), writes
it to a temporary file and runs `whosaid extract --format jsonl FILE` on it.
A case passes when
  - whosaid exits with status 0 within the time limit (CPU time),
  - every line of stdout is a JSON object with the output contract's fields,
    its start/end inside the input and, for valid UTF-8 input, its text equal
    to the input bytes between start and end,
  - the time is linear: the case is also run on an input about four times
    smaller, and the big run may take at most SLOPE (6) times as long, plus
    0.1 s (measured again before failing, to ride out a busy machine),
  - for input with invalid UTF-8 or NUL bytes, stderr has a warning
    `whosaid: FILE: byte OFFSET: MESSAGE` naming the file and the offset of
    the first bad byte,
  - where the case says how many statements the input holds, whosaid finds
    that many (so that "no crash" cannot come from giving up).

Usage:
  run.py --whosaid PATH [--slow] [--scale F] CASE...   run cases
  run.py --list                                        list the cases

--slow (or WS_PATHOLOGICAL_SLOW=1 in the environment) is for sanitizer and
Debug builds: the largest inputs shrink (the 100 MB line becomes 20 MB) and
time limits grow tenfold. --scale (or WS_PATHOLOGICAL_SCALE) multiplies every
input size, for quick runs while developing.
"""
import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import threading
import time

MB = 1 << 20
SLOPE = 6.0          # Allowed time ratio between inputs of size 4N and N.
SLOPE_FLOOR = 0.25   # Below this many seconds, timing noise dominates.
SLOPE_SLACK = 0.1    # Seconds allowed on top of SLOPE for noise.
RETRIES = 2          # Extra measurements before calling time non-linear.
SLOW_FACTOR = 10.0   # Time limits grow by this much in --slow builds.

WARNING_RE = re.compile(r"^whosaid: (.*): byte (\d+): (.+)$")
FIELDS = ("doc", "kind", "text", "start", "end", "group", "speaker",
          "speaker_role", "speaker_mention", "cue", "channel", "date",
          "addressee", "figures", "confidence")


def time_limit(nbytes, slow):
    """The CPU time allowed for nbytes of input: 2 s plus 0.2 s a MB, so a
    100 MB input has 22 s (the target speed, 50 MB/s, needs 2 s)."""
    limit = 2.0 + 0.2 * nbytes / MB
    return limit * SLOW_FACTOR if slow else limit


# ---- Input generators -----------------------------------------------------
# Each takes a count n (its unit depends on the case) and returns bytes.

WORDS = ("the council voted on the budget for the new bridge and schools "
         "after a long debate about taxes roads and water in the city").split()


def text_words(nbytes, seed):
    """Plain lower-case prose without quotation marks, nbytes long."""
    rnd = random.Random(seed)
    chunk = " ".join(rnd.choice(WORDS) for _ in range(2000)).encode() + b". "
    return (chunk * (nbytes // len(chunk) + 1))[:nbytes]


def gen_quotes_straight(n):
    return b'"' * n


def gen_quotes_curly(n):
    # Alternating opening and closing curly double marks, then single ones.
    half = n // 2
    return ("\u201c\u201d" * (half // 2) + "\u2018\u2019" * (half // 2)).encode()


def gen_quotes_mixed(n):
    rnd = random.Random(1)
    marks = ['"', "'", "\u201c", "\u201d", "\u2018", "\u2019", "\u00ab",
             "\u00bb", "\u201e", "\u201a", "\u2039", "\u203a", "\u300c",
             "\u300d"]
    fill = ["", "", " ", "a", " said ", ", ", ". ", "\n", "\n\n", "it's "]
    parts = []
    for _ in range(n):
        parts.append(rnd.choice(marks))
        parts.append(rnd.choice(fill))
    return "".join(parts).encode()


def gen_quotes_pairs(n):
    # n marks as n/2 short quotes in one paragraph, none attributed.
    return b'"a" ' * (n // 2)


def gen_long_line(n):
    # One line of n bytes: prose with an attributed quote every ~2 KB.
    body = text_words(2000, 2)
    piece = body + b' "We will finish the bridge," said Ana Ruiz, the mayor. '
    return (piece * (n // len(piece) + 1))[:n].replace(b"\n", b" ")


def gen_invalid_utf8(n):
    # Valid prose with a bad sequence every 64 bytes: stray continuation
    # bytes, overlongs, surrogates, code points above U+10FFFF, truncated
    # sequences, 0xFE/0xFF.
    bad = [b"\xff", b"\x80", b"\xc0\xaf", b"\xed\xa0\x80", b"\xf4\x90\x80\x80",
           b"\xe2\x80", b"\xfe", b"\xc3", b"\xf0\x9f\x98"]
    prose = text_words(60, 3)
    out = bytearray(b'"Bad input," she said. ')
    i = 0
    while len(out) < n:
        out += prose + bad[i % len(bad)] + b'"'
        i += 1
    return bytes(out[:n])


def gen_nul_bytes(n):
    prose = text_words(100, 4)
    piece = b'"Hello\x00 there," said\x00 Kim. ' + prose + b"\x00\n"
    return (piece * (n // len(piece) + 1))[:n]


def gen_binary(n):
    return random.Random(5).randbytes(n)


def gen_nested_open(n):
    # n opening marks, each deeper than the last, none closed.
    marks = ["\u201c", "\u2018", "\u00ab", "\u201e", '"', "'"]
    return "".join("%sw%d " % (marks[i % len(marks)], i)
                   for i in range(n)).encode()


def gen_unclosed_long(n):
    # One opening mark, then n bytes of one paragraph that never closes it.
    return b"\xe2\x80\x9c" + text_words(n, 6) + b" said Lee."


def gen_open_each_paragraph(n):
    # n paragraphs, each opening a quote that is never closed: the multi-
    # paragraph quote convention, n times over.
    return b"\xe2\x80\x9cWe go on and on and on.\n\n" * n


def gen_paragraphs(n):
    # n paragraphs, each one attributed quote: n statements.
    return b"".join(b'"Quote number %d is here," said Ana Ruiz.\n\n' % i
                    for i in range(n))


def gen_pronouns(n):
    # n quotes attributed to a pronoun with no antecedent anywhere.
    return b'"Yes," he said.\n\n' * n


def gen_huge_word(n):
    return b"Supercalifragilistic" * (n // 20)


def gen_huge_number(n):
    # A quote holding one number of about n digits with thousands separators.
    groups = b",".join([b"123"] * (n // 4))
    return b'"We counted ' + groups + b' people," she said.\n'


def gen_capitalised(n):
    # n capitalised words in a row before a cue, as if one name had n words.
    return b"Mr. " + b"Ab " * n + b'said, "Yes."\n'


def gen_blank_lines(n):
    return b"\n\r\n \n\t\n" * (n // 4)


def gen_apostrophes(n):
    return b"rock 'n' roll, it's the '90s, the Smiths' ''' " * (n // 7)


# name: (generator, full n, n in --slow builds, flags)
# flags: utf8 = the input is valid UTF-8 (check text against the input);
#        warn = the input has invalid UTF-8 or NUL (a warning is required);
#        count = how many statements whosaid must find, as a function of n.
CASES = {
    "quotes_straight": (gen_quotes_straight, 10**6, 10**6, {"utf8": True}),
    "quotes_curly": (gen_quotes_curly, 10**6, 10**6, {"utf8": True}),
    "quotes_mixed": (gen_quotes_mixed, 10**6, 10**6, {"utf8": True}),
    "quotes_pairs": (gen_quotes_pairs, 10**6, 10**6, {"utf8": True}),
    "long_line": (gen_long_line, 100 * MB, 20 * MB, {"utf8": True}),
    "invalid_utf8": (gen_invalid_utf8, 10 * MB, 4 * MB, {"warn": True}),
    "nul_bytes": (gen_nul_bytes, 10 * MB, 4 * MB, {"warn": True}),
    "binary": (gen_binary, 10 * MB, 4 * MB, {"warn": True}),
    "nested_open": (gen_nested_open, 10**5, 10**5, {"utf8": True}),
    "unclosed_long": (gen_unclosed_long, 20 * MB, 5 * MB, {"utf8": True}),
    "open_each_paragraph": (gen_open_each_paragraph, 10**5, 10**5,
                            {"utf8": True}),
    "paragraphs": (gen_paragraphs, 10**5, 10**5,
                   {"utf8": True, "count": lambda n: n}),
    "pronouns": (gen_pronouns, 10**5, 10**5, {"utf8": True}),
    "huge_word": (gen_huge_word, 20 * MB, 5 * MB, {"utf8": True}),
    "huge_number": (gen_huge_number, 4 * MB, 1 * MB, {"utf8": True}),
    "capitalised": (gen_capitalised, 10**6, 10**6, {"utf8": True}),
    "blank_lines": (gen_blank_lines, 4 * 10**6, 10**6, {"utf8": True}),
    "apostrophes": (gen_apostrophes, 10**6, 10**6, {"utf8": True}),
}


# ---- Running and checking -------------------------------------------------

class Failure(Exception):
    pass


def run_whosaid(whosaid, path, wall_limit):
    """Runs `whosaid extract --format jsonl -j 1 --max-document 1G path`; returns (status, cpu
    seconds, wall seconds, stdout file, stderr bytes). Kills it after
    wall_limit seconds of wall time. (Its peak RSS is not reported: on Linux
    a child's ru_maxrss counts the parent's memory at the fork.)"""
    out = tempfile.TemporaryFile()
    err = tempfile.TemporaryFile()
    start = time.monotonic()
    # The document cap (64 MiB by default) is raised: these cases measure
    # time and robustness on inputs up to 100 MB, not the cap, which the CLI
    # tests cover.
    proc = subprocess.Popen([whosaid, "extract", "--format", "jsonl", "-j", "1",
                             "--max-document", "1G", path],
                            stdin=subprocess.DEVNULL, stdout=out, stderr=err)
    killed = []

    def kill():
        killed.append(True)
        proc.kill()
    timer = threading.Timer(wall_limit, kill)
    timer.start()
    try:
        _, status, usage = os.wait4(proc.pid, 0)
    finally:
        timer.cancel()
    proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.monotonic() - start
    if killed:
        raise Failure("killed after %.1f s of wall time (limit %.1f s)"
                      % (wall, wall_limit))
    err.seek(0)
    stderr = err.read()
    err.close()
    out.seek(0)
    return (proc.returncode, usage.ru_utime + usage.ru_stime, wall, out,
            stderr)


def check_jsonl(out, path, data, flags):
    """Checks every line of stdout; returns the number of statements."""
    count = 0
    for lineno, line in enumerate(out, 1):
        try:
            obj = json.loads(line)
        except ValueError as e:
            raise Failure("stdout line %d is not JSON (%s): %r"
                          % (lineno, e, line[:200]))
        if not isinstance(obj, dict):
            raise Failure("stdout line %d is not an object" % lineno)
        missing = [f for f in FIELDS if f not in obj]
        if missing:
            raise Failure("stdout line %d lacks %s" % (lineno, missing))
        start, end = obj["start"], obj["end"]
        if not (isinstance(start, int) and isinstance(end, int)
                and 0 <= start <= end <= len(data)):
            raise Failure("stdout line %d: span %r-%r outside the input of "
                          "%d bytes" % (lineno, start, end, len(data)))
        if obj["doc"] != path:
            raise Failure("stdout line %d: doc %r, expected %r"
                          % (lineno, obj["doc"], path))
        if flags.get("utf8") and obj["text"] != \
                data[start:end].decode("utf-8"):
            raise Failure("stdout line %d: text is not the input bytes "
                          "%d-%d" % (lineno, start, end))
        count += 1
    return count


def first_bad_offsets(data):
    """The offsets of the first NUL byte and of the first invalid UTF-8
    sequence (either may be None)."""
    nul = data.find(b"\x00")
    try:
        data.decode("utf-8")
        bad = None
    except UnicodeDecodeError as e:
        bad = e.start
    return {o for o in (None if nul < 0 else nul, bad) if o is not None}


def check_warnings(stderr, path, data):
    """Requires a warning naming the file at the first bad byte."""
    expected = first_bad_offsets(data)
    offsets = []
    for line in stderr.decode("utf-8", "replace").splitlines():
        m = WARNING_RE.match(line)
        if m and m.group(1) == path:
            offsets.append(int(m.group(2)))
    if any(o > len(data) for o in offsets):
        raise Failure("a warning's offset is past the end of the input")
    if not expected & set(offsets):
        raise Failure("no warning `whosaid: %s: byte N: ...` at the first "
                      "bad byte (offset %s); saw %d warnings, first offsets "
                      "%s" % (path, sorted(expected), len(offsets),
                              offsets[:5]))
    return len(offsets)


def run_size(whosaid, tmpdir, name, n, flags, slow):
    """Generates the case at size n, runs it and checks it. Returns (cpu
    seconds, bytes)."""
    gen = CASES[name][0]
    data = gen(n)
    path = os.path.join(tmpdir, "%s-%d.txt" % (name, n))
    with open(path, "wb") as f:
        f.write(data)
    limit = time_limit(len(data), slow)
    status, cpu, wall, out, stderr = run_whosaid(whosaid, path,
                                                      limit * 3 + 10)
    try:
        if status != 0:
            tail = stderr[-2000:].decode("utf-8", "replace")
            raise Failure("exit status %d; stderr ends:\n%s" % (status, tail))
        if cpu > limit:
            raise Failure("took %.2f s of CPU time for %d bytes (limit %.1f s)"
                          % (cpu, len(data), limit))
        count = check_jsonl(out, path, data, flags)
    finally:
        out.close()
    nwarn = check_warnings(stderr, path, data) if flags.get("warn") else 0
    want = flags.get("count")
    if want and count != want(n):
        raise Failure("found %d statements, expected %d" % (count, want(n)))
    print("  n=%-9d %7.1f MB  cpu %6.2f s  wall %6.2f s  %d statements, "
          "%d warnings" % (n, len(data) / MB, cpu, wall, count, nwarn))
    os.unlink(path)
    return cpu, len(data)


def linear(small, big):
    """Whether CPU times small (for N/4) and big (for N) look linear."""
    return big <= SLOPE_FLOOR or big <= SLOPE * small + SLOPE_SLACK


def run_case(whosaid, name, slow, scale):
    """Runs one case at N/4 and at N and checks that time is linear. When
    the times do not look linear, both sizes are measured again (RETRIES
    times) and the fastest time of each is used, so that a busy machine does
    not fail the test; a quadratic algorithm fails every time."""
    _, full, slow_n, flags = CASES[name]
    n = max(16, int((slow_n if slow else full) * scale))
    print("%s:" % name)
    with tempfile.TemporaryDirectory(prefix="ws-patho-") as tmpdir:
        small, _ = run_size(whosaid, tmpdir, name, n // 4, flags, slow)
        big, _ = run_size(whosaid, tmpdir, name, n, flags, slow)
        for _ in range(RETRIES):
            if linear(small, big):
                break
            print("  not linear yet (%.2f s, %.2f s): measuring again"
                  % (small, big))
            small = min(small, run_size(whosaid, tmpdir, name, n // 4, flags,
                                        slow)[0])
            big = min(big, run_size(whosaid, tmpdir, name, n, flags, slow)[0])
    if not linear(small, big):
        raise Failure("time is not linear: %.2f s for N/4, %.2f s for N "
                      "(allowed: %.0f times plus %.1f s)"
                      % (small, big, SLOPE, SLOPE_SLACK))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--whosaid", help="path of the whosaid executable")
    ap.add_argument("--slow", action="store_true",
                    help="sanitizer or Debug build: smaller inputs, more time")
    ap.add_argument("--scale", type=float,
                    default=float(os.environ.get("WS_PATHOLOGICAL_SCALE", 1)))
    ap.add_argument("--list", action="store_true", help="list the cases")
    ap.add_argument("cases", nargs="*")
    args = ap.parse_args()
    if args.list:
        print("\n".join(CASES))
        return 0
    slow = args.slow or os.environ.get("WS_PATHOLOGICAL_SLOW") == "1"
    if not args.whosaid or not args.cases:
        ap.error("--whosaid and at least one case are needed")
    unknown = [c for c in args.cases if c not in CASES]
    if unknown:
        ap.error("unknown cases: %s" % ", ".join(unknown))
    failed = 0
    for name in args.cases:
        try:
            run_case(os.path.abspath(args.whosaid), name, slow, args.scale)
            print("  ok")
        except Failure as e:
            print("  FAILED: %s" % e)
            failed += 1
    print("%d passed, %d failed" % (len(args.cases) - failed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
