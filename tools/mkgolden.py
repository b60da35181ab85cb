#!/usr/bin/python3
"""mkgolden.py: turns a marked-up golden source (.src) into the article (.txt)
and its expected statements (.expected.jsonl), so that expectations are
decided by hand but byte offsets are computed, never counted.

Usage:
  tools/mkgolden.py [--check] [--list] PATH...

PATH is a .src file or a directory searched recursively for .src files.
Without --check the .txt and .expected.jsonl files are (re)written; with
--check nothing is written and the exit status is 1 if any generated file is
missing or differs from what its source gives (used by the golden_sources
test, so nobody edits an .expected.jsonl by hand). --list prints a readable
table of each source's statements after generating.

The .src format (see tests/golden/README.md for a full example):

  %% input: ../../../examples/press-briefing.txt   (optional directives,
  %% final-newline: no                              before the article)
  %% line-endings: crlf
  Article text, with spans marked inline: [[s1|We are ready,]] [[m1|she]]
  [[c1|said]]. Spans are [[label|...]] and may nest; labels are letters,
  digits, '_' and '-'. The markup is removed from the .txt.
  %% statements
  == s1
  group: 1
  speaker: Ana Reyes
  mention: m1
  cue: c1
  == s2
  like: s1            (copy every field of s1 but the text and figures)
  figures: nearly 200,000 = 200000; 72 = 72

A statement block names a span label; fields: kind (direct, the default;
indirect; mixed), group, speaker, role, mention and cue (span labels),
channel, date, addressee, figures ("TEXT = VALUE" separated by ';'), like.
A missing field, or the word null, means null. Lines starting with '#' are
comments.

The article is everything between the directives and the "%% statements"
line, with trailing blank lines removed and one final newline added (unless
"%% final-newline: no"); "%% line-endings: crlf" writes it with CR LF.
"""

import json
import os
import re
import sys

# "that" as the subject of the reported clause ("said that was a natural
# part …"), which the text keeps, unlike the conjunction "that".
DEMONSTRATIVE_THAT = re.compile(r"(?i)that (was|is|would|will|could|has|had|makes|made|means|meant|should|can|might|must|seems|sounds|does|did)\b")
# A dotted abbreviation keeps its period ("the U.S.", "5 p.m.").
ABBREVIATION_END = re.compile(r"(?:^|\s)(?:[A-Za-z]\.){2,}$")

FIELDS = ("doc", "kind", "text", "start", "end", "group", "speaker",
          "speaker_role", "speaker_mention", "cue", "channel", "date",
          "addressee", "figures")
KEYS = {"kind", "group", "speaker", "role", "mention", "cue", "channel",
        "date", "addressee", "figures", "like"}
OPENERS = "\"'“‘«‹„‚”"  # ” too: it opens a paragraph after a smart-quote slip
CLOSERS = "\"'”’»›“"
LABEL = re.compile(r"[A-Za-z0-9_-]+")


class SrcError(Exception):
    pass


def parse_markup(marked):
    """Strips [[label|...]] markup. Returns (bytes of the plain text,
    {label: (start, end)} in UTF-8 byte offsets)."""
    out = []
    nbytes = 0
    spans = {}
    stack = []
    i = 0
    while i < len(marked):
        if marked.startswith("[[", i):
            m = LABEL.match(marked, i + 2)
            if not m or not marked.startswith("|", m.end()):
                raise SrcError("bad span opener near %r" % marked[i:i + 30])
            label = m.group(0)
            if label in spans or any(l == label for l, _ in stack):
                raise SrcError("span label %s used twice" % label)
            stack.append((label, nbytes))
            i = m.end() + 1
        elif marked.startswith("]]", i):
            if not stack:
                raise SrcError("']]' without an open span near %r"
                               % marked[max(0, i - 30):i])
            label, start = stack.pop()
            spans[label] = (start, nbytes)
            i += 2
        else:
            ch = marked[i]
            out.append(ch)
            nbytes += len(ch.encode("utf-8"))
            i += 1
    if stack:
        raise SrcError("span %s is never closed" % stack[-1][0])
    return "".join(out).encode("utf-8"), spans


def split_src(src):
    """Splits a source into (directives, marked article, statements part)."""
    lines = src.split("\n")
    directives = {}
    while lines and lines[0].startswith("%% ") and ":" in lines[0]:
        key, _, value = lines.pop(0)[3:].partition(":")
        directives[key.strip()] = value.strip()
    try:
        sep = lines.index("%% statements")
    except ValueError:
        raise SrcError("no '%% statements' line")
    article = "\n".join(lines[:sep]).rstrip("\n")
    if directives.get("final-newline", "yes") != "no":
        article += "\n"
    if directives.get("line-endings", "lf") == "crlf":
        article = article.replace("\n", "\r\n")
    return directives, article, lines[sep + 1:]


def parse_blocks(lines):
    """Parses '== label' blocks into {label: {key: value}} in order."""
    blocks = {}
    order = []
    cur = None
    for n, line in enumerate(lines, 1):
        s = line.strip()
        if not s or s.startswith("#"):
            continue
        if s.startswith("=="):
            label = s[2:].strip()
            if not LABEL.fullmatch(label):
                raise SrcError("bad statement label %r" % label)
            if label in blocks:
                raise SrcError("statement %s described twice" % label)
            cur = blocks[label] = {}
            order.append(label)
            continue
        if cur is None:
            raise SrcError("field before any '== label' line: %r" % s)
        key, colon, value = s.partition(":")
        key = key.strip()
        if not colon or key not in KEYS:
            raise SrcError("statement %s: bad field line %r" % (order[-1], s))
        if key in cur:
            raise SrcError("statement %s: field %s given twice"
                           % (order[-1], key))
        cur[key] = value.strip()
    return blocks, order


def null(v):
    return None if v is None or v == "null" or v == "" else v


def parse_number(v, where):
    try:
        f = float(v)
    except ValueError:
        raise SrcError("%s: figure value %r is not a number" % (where, v))
    return int(f) if f == int(f) and abs(f) < 1e18 else f


def order_figures(figures, text, where):
    """Puts figures in the order they occur in the statement text (a text
    listed twice is looked for after its previous occurrence)."""
    placed = []
    after = {}
    for f in figures:
        pos = text.find(f["text"], after.get(f["text"], 0))
        if pos < 0:
            raise SrcError("%s: figure %r is not in the text%s"
                           % (where, f["text"], " again" if f["text"] in after
                              else ""))
        after[f["text"]] = pos + len(f["text"])
        placed.append((pos, f))
    return [f for _, f in sorted(placed, key=lambda x: x[0])]


def span_obj(text, spans, label, where):
    label = null(label)
    if label is None:
        return None
    if label not in spans:
        raise SrcError("%s: no span labelled %s" % (where, label))
    a, b = spans[label]
    if a == b:
        raise SrcError("%s: span %s is empty" % (where, label))
    return {"text": text[a:b].decode("utf-8"), "start": a, "end": b}


def resolve_like(blocks, label, seen=()):
    b = blocks[label]
    if "like" not in b:
        return dict(b)
    base = b["like"]
    if base not in blocks or base in seen:
        raise SrcError("statement %s: bad 'like: %s'" % (label, base))
    merged = resolve_like(blocks, base, seen + (label,))
    merged.pop("figures", None)
    merged.update({k: v for k, v in b.items() if k != "like"})
    return merged


def check_statement(st, text_bytes, article):
    """Sanity checks that catch markup slips. Raises SrcError."""
    where = "statement at %d-%d %r" % (st["start"], st["end"],
                                        st["text"][:40])
    t = st["text"]
    if t != t.strip():
        raise SrcError(where + ": text has leading or trailing white space")
    before = text_bytes[:st["start"]].decode("utf-8")[-1:]
    # A stray space may stand before the closing mark: `this, " Trump said`.
    after = text_bytes[st["end"]:].decode("utf-8").lstrip(" ")[:1]
    if st["kind"] == "direct":
        # An interview answer ("A: "), a transcript turn ("PENCE: ",
        # perhaps after an opening mark) or a headline turn ("Trump: ")
        # needs no quotation marks.
        qa = re.search(r"(^|\n)(A|[\"“]?[A-Z][A-Z.' -]*[A-Z]|[A-Z][A-Za-z.' -]*[a-z]): $",
                       text_bytes[:st["start"]].decode("utf-8"))
        if before not in OPENERS and not qa:
            raise SrcError(where + ": direct text not preceded by a "
                           "quotation mark (or 'A: ' or 'NAME: ')")
        if after not in CLOSERS and after not in ("\n", "") and not qa:
            raise SrcError(where + ": direct text not followed by a closing "
                           "mark or a paragraph end")
    elif st["kind"] == "indirect":
        if t.lower().startswith("that ") and not DEMONSTRATIVE_THAT.match(t):
            raise SrcError(where + ": indirect text must not start with 'that' "
                           "(unless it is the subject: 'that was …')")
        if t.endswith(".") and not ABBREVIATION_END.search(t):
            raise SrcError(where + ": indirect text must not end with '.' "
                           "(unless an abbreviation ends it: 'the U.S.')")
    elif st["kind"] == "mixed":
        if not any(c in t for c in OPENERS + CLOSERS):
            raise SrcError(where + ": mixed text holds no quotation mark")
        if t.lower().startswith("that "):
            raise SrcError(where + ": mixed text must not start with 'that'")
    else:
        raise SrcError(where + ": bad kind %r" % st["kind"])
    for key in ("speaker", "speaker_role", "addressee"):
        if st[key] is not None and st[key] not in article:
            raise SrcError("%s: %s %r does not occur in the article"
                           % (where, key, st[key]))
    for f in st["figures"]:
        if f["text"] not in t:
            raise SrcError("%s: figure %r is not in the text" % (where,
                                                                  f["text"]))


def build(src_path):
    """Returns (txt path, txt bytes, jsonl path, jsonl text, statements)."""
    with open(src_path, encoding="utf-8") as f:
        src = f.read()
    directives, marked, stmt_lines = split_src(src)
    text_bytes, spans = parse_markup(marked)
    article = text_bytes.decode("utf-8")
    blocks, order = parse_blocks(stmt_lines)
    base = src_path[:-len(".src")]
    txt_path = base + ".txt"
    if "input" in directives:
        txt_path = os.path.normpath(os.path.join(os.path.dirname(src_path),
                                                 directives["input"]))
    jsonl_path = base + ".expected.jsonl"
    doc = os.path.basename(txt_path)

    used = set(order)
    stmts = []
    for label in order:
        if label not in spans:
            raise SrcError("statement %s has no [[%s|...]] span" % (label,
                                                                     label))
        b = resolve_like(blocks, label)
        where = "statement " + label
        a, e = spans[label]
        figures = []
        for item in filter(None, (x.strip() for x in
                                  (null(b.get("figures")) or "").split(";"))):
            ftext, eq, fval = item.rpartition("=")
            if not eq:
                raise SrcError("%s: figure %r lacks '= value'" % (where, item))
            figures.append({"text": ftext.strip(),
                            "value": parse_number(fval.strip(), where)})
        figures = order_figures(figures, text_bytes[a:e].decode("utf-8"),
                                where)
        if "group" not in b:
            raise SrcError("%s: no group" % where)
        for k in ("mention", "cue"):
            if null(b.get(k)):
                used.add(b[k])
        st = {
            "doc": doc,
            "kind": b.get("kind", "direct"),
            "text": text_bytes[a:e].decode("utf-8"),
            "start": a,
            "end": e,
            "group": int(b["group"]),
            "speaker": null(b.get("speaker")),
            "speaker_role": null(b.get("role")),
            "speaker_mention": span_obj(text_bytes, spans, b.get("mention"),
                                        where),
            "cue": span_obj(text_bytes, spans, b.get("cue"), where),
            "channel": null(b.get("channel")),
            "date": null(b.get("date")),
            "addressee": null(b.get("addressee")),
            "figures": figures,
        }
        check_statement(st, text_bytes, article)
        stmts.append(st)
    unused = sorted(set(spans) - used)
    if unused:
        raise SrcError("spans never used: " + ", ".join(unused))
    stmts.sort(key=lambda s: (s["start"], s["end"]))
    for x, y in zip(stmts, stmts[1:]):
        if y["start"] < x["end"]:
            raise SrcError("statements overlap: %r and %r" % (x["text"][:30],
                                                              y["text"][:30]))
    seen = []
    for s in stmts:
        if s["group"] not in seen:
            seen.append(s["group"])
    if seen != list(range(1, len(seen) + 1)):
        raise SrcError("groups must count from 1 in document order of their "
                       "first piece; got %s" % seen)
    jsonl = "".join(json.dumps({k: s[k] for k in FIELDS}, ensure_ascii=False)
                    + "\n" for s in stmts)
    return txt_path, text_bytes, jsonl_path, jsonl.encode("utf-8"), stmts


def find_srcs(paths):
    out = []
    for p in paths:
        if os.path.isdir(p):
            for root, dirs, files in os.walk(p):
                dirs.sort()
                out += [os.path.join(root, f) for f in sorted(files)
                        if f.endswith(".src")]
        elif p.endswith(".src"):
            out.append(p)
        else:
            raise SrcError("%s: not a .src file or a directory" % p)
    return out


def show(stmts):
    for s in stmts:
        m = s["speaker_mention"]["text"] if s["speaker_mention"] else None
        c = s["cue"]["text"] if s["cue"] else None
        print("  g%-2d %-8s %-22.22s | %s | %s | %s | ch=%s date=%s to=%s %s"
              % (s["group"], s["kind"], s["text"], s["speaker"],
                 s["speaker_role"], m, s["channel"], s["date"], s["addressee"],
                 c), end="")
        print(" figs=" + ",".join(f["text"] for f in s["figures"])
              if s["figures"] else "")


def main(argv):
    args = [a for a in argv if not a.startswith("--")]
    opts = {a for a in argv if a.startswith("--")}
    if opts - {"--check", "--list"} or not args:
        sys.stderr.write(__doc__)
        return 2
    check = "--check" in opts
    bad = 0
    try:
        srcs = find_srcs(args)
    except SrcError as e:
        sys.stderr.write("mkgolden: %s\n" % e)
        return 2
    for src in srcs:
        try:
            txt_path, txt, jsonl_path, jsonl, stmts = build(src)
        except (SrcError, OSError) as e:
            sys.stderr.write("%s: %s\n" % (src, e))
            bad += 1
            continue
        for path, data in ((txt_path, txt), (jsonl_path, jsonl)):
            old = None
            if os.path.exists(path):
                with open(path, "rb") as f:
                    old = f.read()
            if old == data:
                continue
            if check:
                sys.stderr.write("%s: %s is %s; run tools/mkgolden.py %s\n"
                                 % (src, path, "missing" if old is None
                                    else "out of date", src))
                bad += 1
            else:
                with open(path, "wb") as f:
                    f.write(data)
                print("wrote " + path)
        if "--list" in opts:
            print(src)
            show(stmts)
    if check and not bad:
        print("%d golden sources, all generated files up to date" % len(srcs))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
