#!/usr/bin/env python3
"""Mines PolNeAR *train* for the word lists in data/lexicon/.

Usage: mine_polnear.py [POLNEAR_TRAIN_DIR] [--top N] [--section NAME ...]

POLNEAR_TRAIN_DIR defaults to /work/shared/data/polnear/data/train. Only the
train compartment may be mined: dev and test are held out for measurement,
so this script refuses any directory whose last component is not "train".

It prints counts, most frequent first, for these sections:

  cues          whole Cue spans, lower-cased (speech-verbs, belief-verbs,
                multi-word cues such as "according to")
  cue-words     single words inside Cue spans
  cue-lastword  the last word of each Cue span (often the verb or particle)
  source-heads  a head-noun guess for each Source span: the last word before
                the first comma, parenthesis, relative pronoun or preposition
                (titles, group-nouns)
  source-words  lower-case words inside Source spans (titles, group-nouns)
  addressees    text between a tell/told/... cue and its content (audiences,
                addressee-verbs): "told reporters", "told POLITICO"
  channels      the noun after in/at/during/on a(n)/the inside cue spans or
                right after them ("said in a statement")
  on-platform   the capitalised word(s) after "on" in or after a cue
                ("wrote on Twitter")
  sent-initial  capitalised sentence-initial words whose lower-case form is
                also common in mid-sentence lower case (function-words)
  uncovered     cues with no word or phrase in data/lexicon/speech-verbs.txt
                or belief-verbs.txt (what the verb lists still miss); the
                header line gives the share of cues covered

One annotator is used per article (the first .ann file in sorted order), as
in TECHNIQUES.md. The counts justify the lists; the lists themselves are
edited by hand and also cover general news beyond this 2015-16 corpus.
"""
import collections
import os
import re
import sys

DEFAULT = "/work/shared/data/polnear/data/train"
WORD = re.compile(r"[A-Za-z][A-Za-z'’\-\.]*[A-Za-z]|[A-Za-z]")
STOP_HEAD = re.compile(
    r",|\(|—|–| -- | who | whose | which | that | of | from | at | for | in |"
    r" with | on | to | and | or | under | during | since | after | before ",
    re.I)
ADDR_CUES = {"told", "tell", "tells", "telling", "assured", "informed",
             "reminded", "warned", "urged", "asked", "advised", "promised",
             "showed", "convinced", "persuaded", "briefed", "notified",
             "wrote", "emailed", "texted", "reassured"}


LEXDIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data",
                      "lexicon")


def load_lex(names):
    out = set()
    for name in names:
        path = os.path.join(LEXDIR, name)
        if not os.path.exists(path):
            continue
        with open(path, encoding="utf-8") as f:
            for line in f:
                line = line.split("#", 1)[0].rstrip()
                if line.strip():
                    out.add(" ".join(line.split("\t")[0].split()).lower())
    return out


def covered(words, lex):
    for i in range(len(words)):
        for j in range(i + 1, min(len(words), i + 4) + 1):
            if " ".join(words[i:j]) in lex:
                return True
    return False


def read_ann(path):
    spans, events = {}, []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            parts = line.split("\t")
            if not parts or not parts[0]:
                continue
            if parts[0].startswith("T") and len(parts) >= 2:
                head = parts[1].split(" ", 1)
                if len(head) != 2:
                    continue
                kind, offs = head
                frags = []
                try:
                    for fr in offs.split(";"):
                        a, b = fr.split()
                        frags.append((int(a), int(b)))
                except ValueError:
                    continue
                spans[parts[0]] = (kind, frags)
            elif parts[0].startswith("E") and len(parts) >= 2:
                roles = {}
                for item in parts[1].split():
                    if ":" in item:
                        role, tid = item.split(":", 1)
                        roles[role] = tid
                events.append(roles)
    return spans, events


def span_text(text, frags):
    return " ".join(text[a:b] for a, b in frags)


def norm(s):
    return " ".join(s.replace("’", "'").split())


def sentences(text):
    # Naive: split at . ? ! followed by space(s) and a capital or quote, and
    # at line breaks.
    for para in text.split("\n"):
        for s in re.split(r"(?:(?<=[.?!])|(?<=[.?!][\"”’)]))\s+(?=[\"“A-Z])",
                          para):
            s = s.strip()
            if s:
                yield s


def main(argv):
    top = 150
    want = set()
    root = DEFAULT
    i = 1
    while i < len(argv):
        if argv[i] == "--top":
            top = int(argv[i + 1])
            i += 2
        elif argv[i] == "--section":
            want.add(argv[i + 1])
            i += 2
        else:
            root = argv[i]
            i += 1
    if os.path.basename(os.path.normpath(root)) != "train":
        sys.exit("mine_polnear.py: only PolNeAR train may be mined")
    adir, tdir = os.path.join(root, "attributions"), os.path.join(root, "text")
    per_article = {}
    for name in sorted(os.listdir(adir)):
        if not name.endswith(".ann"):
            continue
        art = name[:-4].rsplit("_", 1)[0]
        per_article.setdefault(art, name)

    c = {k: collections.Counter() for k in (
        "cues", "cue-words", "cue-lastword", "source-heads", "source-words",
        "addressees", "channels", "on-platform", "sent-initial",
        "uncovered")}
    verbs = load_lex(["speech-verbs.txt", "belief-verbs.txt"])
    n_covered = 0
    lower_mid = collections.Counter()
    cap_init = collections.Counter()
    n_events = 0
    for art, name in sorted(per_article.items()):
        tpath = os.path.join(tdir, art + ".txt")
        if not os.path.exists(tpath):
            continue
        with open(tpath, encoding="utf-8") as f:
            text = f.read()
        spans, events = read_ann(os.path.join(adir, name))
        for ev in events:
            cue = spans.get(ev.get("Cue", ""))
            src = spans.get(ev.get("Source", ""))
            con = spans.get(ev.get("Content", ""))
            if not cue:
                continue
            n_events += 1
            ctext = norm(span_text(text, cue[1]))
            lc = ctext.lower()
            c["cues"][lc] += 1
            words = [w.lower() for w in WORD.findall(ctext)]
            for w in words:
                c["cue-words"][w] += 1
            if words:
                c["cue-lastword"][words[-1]] += 1
            if covered(words, verbs):
                n_covered += 1
            else:
                c["uncovered"][lc] += 1
            cue_end = max(b for a, b in cue[1])
            # Channels: in/at/during/on a(n)/the NOUN, inside or just after.
            window = norm(text[min(a for a, b in cue[1]):cue_end + 60])
            for m in re.finditer(
                    r"\b(?:in|at|during|on|via|through)\s+(?:a|an|the|his|her|their|its)\s+"
                    r"((?:[a-z\-]+\s){0,2}?[a-z\-]+?)(?=[\s,.;:])", window):
                c["channels"][m.group(1)] += 1
            for m in re.finditer(r"\bon\s+((?:[A-Z][\w\-]*\s?){1,3})", window):
                c["on-platform"][m.group(1).strip()] += 1
            if con and words and (set(words) & ADDR_CUES):
                con_start = min(a for a, b in con[1])
                if cue_end <= con_start and con_start - cue_end < 60:
                    gap = norm(text[cue_end:con_start]).strip(" ,:")
                    if gap:
                        c["addressees"][gap.lower() if not gap[:1].isupper()
                                        else gap] += 1
            if src:
                stext = norm(span_text(text, src[1]))
                for w in WORD.findall(stext):
                    if w.islower():
                        c["source-words"][w] += 1
                headpart = STOP_HEAD.split(" " + stext + " ")[0].strip()
                hw = WORD.findall(headpart)
                if hw:
                    c["source-heads"][hw[-1] if hw[-1][:1].isupper()
                                      and len(hw) == 1 else hw[-1].lower()] += 1
        for s in sentences(text):
            toks = WORD.findall(s)
            if not toks:
                continue
            if toks[0][:1].isupper():
                cap_init[toks[0]] += 1
            for w in toks[1:]:
                if w.islower():
                    lower_mid[w] += 1
    for w, n in cap_init.items():
        lw = w.lower()
        if lower_mid[lw] >= 3 and lower_mid[lw] >= n / 4:
            c["sent-initial"][lw] += n

    print("# PolNeAR train: %d articles, %d events with a cue" %
          (len(per_article), n_events))
    if verbs:
        print("# cues with a speech/belief verb from data/lexicon: %d (%.1f%%)" %
              (n_covered, 100.0 * n_covered / max(1, n_events)))
    for sec, cnt in c.items():
        if want and sec not in want:
            continue
        print("\n## %s (%d distinct, %d total)" %
              (sec, len(cnt), sum(cnt.values())))
        for k, n in cnt.most_common(top):
            print("%6d\t%s" % (n, k))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
