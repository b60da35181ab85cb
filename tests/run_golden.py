#!/usr/bin/python3
"""run_golden.py: runs whosaid on golden articles and compares its statements
with the expected ones, printing a readable diff for each case that fails.

Usage:
  tests/run_golden.py [--whosaid PATH] [--skip-missing] [--show [--raw]]
                      [PATH...]

PATH is a case (an article NAME.txt with NAME.expected.jsonl beside it, or
its .expected.jsonl or .src) or a folder searched recursively for cases;
the default is tests/golden. A folder holding a file INPUTS takes its
articles from the folder named in it (tests/golden/examples/INPUTS names
examples/, the demo articles), and each article there needs an expected
file. Each case runs
  whosaid extract --format jsonl NAME.txt
and compares statement by statement on every field except "confidence"
("doc" by base name; statements in order of start offset). An article with
no expected file beside it is an error: expectations are written on purpose
(tools/mkgolden.py), never recorded from the engine's output.

Options:
  --whosaid PATH   the tool to run (default: $WHOSAID, else build/whosaid)
  --skip-missing   if a PATH does not exist, print "skipped: DIR not found"
                   and exit 77 (for tests that read ../shared)
  --show           print what whosaid says for each case (one field a line)
                   instead of comparing; with --raw, its JSONL as it is
Exit status: 0 all cases pass, 1 a case failed, 2 usage error, 77 skipped.
"""

import difflib
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ORDER = ("kind", "text", "start", "end", "group", "speaker", "speaker_role",
         "speaker_mention", "cue", "channel", "date", "addressee", "figures",
         "doc")
SKIP = 77


class CaseError(Exception):
    pass


def folder_inputs(folder):
    """The folder holding the articles of the cases in folder: the path
    written in folder/INPUTS (relative to folder) if there is one, else
    None (articles sit beside their expected files)."""
    marker = os.path.join(folder, "INPUTS")
    if not os.path.isfile(marker):
        return None
    with open(marker, encoding="utf-8") as f:
        return os.path.normpath(os.path.join(folder, f.read().strip()))


def case_of(exp):
    """The (article, expected) pair for an expected file."""
    folder = os.path.dirname(exp) or "."
    base = os.path.basename(exp)[:-len(".expected.jsonl")] + ".txt"
    inputs = folder_inputs(folder)
    return (os.path.join(inputs, base) if inputs
            else os.path.join(folder, base)), exp


def expected_of(path):
    """The expected file for a case named by its article, its .src or its
    expected file."""
    if path.endswith(".expected.jsonl"):
        return path
    return os.path.splitext(path)[0] + ".expected.jsonl"


def find_cases(path):
    """Returns ([(article, expected)], [error messages]) for a path."""
    if not os.path.isdir(path):
        exp = expected_of(path)
        if os.path.exists(exp):
            return [case_of(exp)], []
        return [], ["%s: no expected file %s (write one with "
                    "tools/mkgolden.py)" % (path, exp)]
    cases, errors = [], []
    for root, dirs, files in os.walk(path):
        dirs.sort()
        here = [case_of(os.path.join(root, f)) for f in sorted(files)
                if f.endswith(".expected.jsonl")]
        cases += here
        inputs = folder_inputs(root)
        have = {os.path.basename(a) for a, _ in here}
        articles = (os.listdir(inputs) if inputs and os.path.isdir(inputs)
                    else [] if inputs else files)
        for f in sorted(articles):
            if f.endswith(".txt") and f not in have:
                errors.append("%s: no expected file for it in %s"
                              % (os.path.join(inputs or root, f), root))
        for art, _ in here:
            if not os.path.exists(art):
                errors.append("%s: article missing" % art)
    return cases, errors


def parse_jsonl(data, what):
    out = []
    for n, line in enumerate(data.splitlines(), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except ValueError as e:
            raise CaseError("%s line %d is not JSON (%s): %s"
                            % (what, n, e, line[:200]))
        if not isinstance(obj, dict):
            raise CaseError("%s line %d is not a JSON object" % (what, n))
        out.append(obj)
    return out


def number(v):
    if isinstance(v, float) and v.is_integer() and abs(v) < 1e18:
        return int(v)
    return v


def normalise(st):
    """Drops confidence, reduces doc to its base name, figures to text and
    value."""
    st = dict(st)
    st.pop("confidence", None)
    if isinstance(st.get("doc"), str):
        st["doc"] = os.path.basename(st["doc"])
    if isinstance(st.get("figures"), list):
        st["figures"] = [
            {"text": f.get("text"), "value": number(f.get("value"))}
            if isinstance(f, dict) else f for f in st["figures"]]
    return st


def sort_key(st):
    def num(v):
        return v if isinstance(v, (int, float)) else -1
    return (num(st.get("start")), num(st.get("end")), str(st.get("kind")))


def render(st):
    """A statement as lines: a header, then one field a line."""
    lines = ["statement: bytes %s-%s, group %s"
             % (st.get("start"), st.get("end"), st.get("group"))]
    keys = [k for k in ORDER if k in st] + sorted(set(st) - set(ORDER))
    for k in keys:
        lines.append("  %s: %s" % (k, json.dumps(st[k], ensure_ascii=False)))
    return lines


def keyed(stmts):
    """Maps (start, end, n) to the n-th statement with that span."""
    out = {}
    for st in stmts:
        k = (st.get("start"), st.get("end"))
        n = sum(1 for x in out if x[:2] == k)
        out[k + (n,)] = st
    return out


def diff(exp, act):
    """A unified diff of the two sorted lists of statements, paired by their
    byte span: a statement found at the same span shows only if a field
    differs (with the whole statement as context); a missing one shows as
    '-' lines, an unexpected one as '+' lines. Returns (summary, diff)."""
    a_by, e_by = keyed(act), keyed(exp)
    keys = sorted(set(a_by) | set(e_by),
                  key=lambda k: tuple(v if isinstance(v, int) else -1
                                      for v in k))
    summ, lines = [], []
    for k in keys:
        e, a = e_by.get(k), a_by.get(k)
        if e == a:
            continue
        if a is None:
            summ.append("missing    %s-%s %s" % (k[0], k[1], short(e)))
            lines += ["-" + l for l in render(e)]
        elif e is None:
            summ.append("unexpected %s-%s %s" % (k[0], k[1], short(a)))
            lines += ["+" + l for l in render(a)]
        else:
            fields = sorted(f for f in set(e) | set(a) if e.get(f) != a.get(f))
            summ.append("differs    %s-%s %s: %s" % (k[0], k[1], short(e),
                                                    ", ".join(fields)))
            d = list(difflib.unified_diff(render(e), render(a), n=99,
                                          lineterm=""))
            lines += d[3:]
    return summ, lines


def short(st):
    t = str(st.get("text"))
    return json.dumps(t if len(t) <= 50 else t[:47] + "...",
                      ensure_ascii=False)


def run_whosaid(whosaid, art):
    try:
        p = subprocess.run([whosaid, "extract", "--format", "jsonl", art],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           timeout=120)
    except OSError as e:
        raise CaseError("cannot run %s: %s" % (whosaid, e))
    except subprocess.TimeoutExpired:
        raise CaseError("whosaid took more than 120 s")
    if p.returncode != 0:
        raise CaseError("whosaid exited with status %d; stderr:\n%s"
                        % (p.returncode, p.stderr.decode("utf-8", "replace")))
    try:
        out = p.stdout.decode("utf-8")
    except UnicodeDecodeError as e:
        raise CaseError("whosaid wrote invalid UTF-8: %s" % e)
    return out


def check_case(whosaid, art, exp_path):
    """Returns a list of lines describing the failure, or [] on success."""
    with open(exp_path, encoding="utf-8") as f:
        expected = [normalise(s) for s in parse_jsonl(f.read(), exp_path)]
    actual = [normalise(s)
              for s in parse_jsonl(run_whosaid(whosaid, art), "output")]
    expected.sort(key=sort_key)
    actual.sort(key=sort_key)
    if expected == actual:
        return []
    summ, lines = diff(expected, actual)
    out = ["%d statements expected, %d found:" % (len(expected), len(actual))]
    out += ["  " + l for l in summ]
    out += ["--- expected " + rel(exp_path), "+++ actual (whosaid)"] + lines
    out.append("reproduce: %s extract --format jsonl %s" % (whosaid, rel(art)))
    return out


def rel(p):
    r = os.path.relpath(p)
    return r if not r.startswith("../..") else p


KNOWN_FILE = "tests/golden/KNOWN_FAILURES"


def load_known_failures():
    """Returns the cases listed as known engine gaps, one path a line
    (relative to the repository, '#' starts a comment). A listed case that
    fails is reported as XFAIL; one that passes fails the run, so the list
    only shrinks."""
    path = os.path.join(ROOT, KNOWN_FILE)
    known = set()
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            for line in f:
                line = line.split("#", 1)[0].strip()
                if line:
                    known.add(line)
    return known


def main(argv):
    whosaid = os.environ.get("WHOSAID") or os.path.join(ROOT, "build",
                                                        "whosaid")
    show = raw = skip_missing = False
    paths = []
    i = 0
    while i < len(argv):
        a = argv[i]
        if a == "--whosaid":
            if i + 1 >= len(argv):
                sys.stderr.write("run_golden: --whosaid needs a value\n")
                return 2
            whosaid = argv[i + 1]
            i += 2
            continue
        if a == "--show":
            show = True
        elif a == "--raw":
            raw = True
        elif a == "--skip-missing":
            skip_missing = True
        elif a in ("-h", "--help"):
            sys.stdout.write(__doc__)
            return 0
        elif a.startswith("-"):
            sys.stderr.write("run_golden: unknown option %s\n" % a)
            return 2
        else:
            paths.append(a)
        i += 1
    if not paths:
        paths = [os.path.join(ROOT, "tests", "golden")]
    missing = [p for p in paths if not os.path.exists(p)
               and not os.path.exists(expected_of(p))]
    if missing:
        if skip_missing:
            d = os.path.dirname(os.path.abspath(missing[0]))
            if not os.path.isfile(missing[0]) and not missing[0].endswith(
                    (".txt", ".jsonl")):
                d = os.path.abspath(missing[0])
            print("skipped: %s not found" % os.path.relpath(d, ROOT))
            return SKIP
        sys.stderr.write("run_golden: %s: no such file or folder\n"
                         % missing[0])
        return 2

    cases, errors = [], []
    for p in paths:
        c, e = find_cases(p)
        cases += c
        errors += e
    if show:
        for art, _ in cases or [(p, None) for p in paths if
                                os.path.isfile(p)]:
            print("== %s" % rel(art))
            try:
                out = run_whosaid(whosaid, art)
            except CaseError as e:
                print("error: %s" % e)
                continue
            if raw:
                sys.stdout.write(out)
            else:
                stmts = sorted((normalise(s) for s in
                                parse_jsonl(out, "output")), key=sort_key)
                for st in stmts:
                    print("\n".join(render(st)))
                if not stmts:
                    print("(no statements)")
        return 0

    failed = len(errors)
    known = load_known_failures()
    xfail = 0
    for e in errors:
        print("ERROR " + e)
    for art, exp in cases:
        try:
            problems = check_case(whosaid, art, exp)
        except CaseError as e:
            problems = [str(e)]
        if os.path.relpath(os.path.abspath(art), ROOT) in known:
            if problems:
                xfail += 1
                print("XFAIL %s (listed in %s)" % (rel(art), KNOWN_FILE))
                print("\n".join(problems))
            else:
                failed += 1
                print("XPASS %s: it passes now; remove it from %s"
                      % (rel(art), KNOWN_FILE))
        elif problems:
            failed += 1
            print("FAIL %s" % rel(art))
            print("\n".join(problems))
        else:
            print("ok   %s" % rel(art))
    if xfail:
        print("%d known failures (engine gaps listed in %s)" % (xfail, KNOWN_FILE))
    if not cases and not errors:
        print("no cases in %s" % ", ".join(rel(p) for p in paths))
    print("%d of %d golden cases passed" % (len(cases) - (failed - len(errors)),
                                          len(cases)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
