#!/usr/bin/python3
"""Measures the statement database's speaker merge on PolNeAR.

The test set: every Source span of the PolNeAR attributions (train and dev)
that is a name ("Trump", "Mr. Trump", "Hillary Clinton", "DHS"), taken as
written in its document, with honorifics stripped. Each document-name gets
a gold identity from evidence in its own document that the merge never
sees:
  - a name of two words or more is itself ("Donald J. Trump" = "Donald
    Trump": case, punctuation, honorifics and middle initials ignored);
  - a one-word name ("Trump", "Clinton") is the one full name in the same
    document's text that ends with that word ("Eric Trump" in an article
    about Eric Trump); an acronym is the name written before it in
    parentheses ("Department of Homeland Security (DHS)");
  - a one-word name whose document gives no such full name, or several
    (an article with both Bill and Hillary Clinton), gets no gold identity
    and is left out of the scores.
The merge is then fed these names UNRESOLVED (each document's "Trump" as
"Trump", with the mention as written, "Mr. Trump", for the honorific's
gender), as whosaid JSONL through `whosaid index`, so it has to join them
across documents by itself. Scores are over pairs of document-names from
different documents: a pair is positive when the gold identities are equal;
the merge says positive when it gave both the same speaker. Also reported:
the share of one-word names joined to the right full name.

Usage: polnear_merge.py WHOSAID POLNEAR_DATA_DIR [--min-precision P --min-recall R]
Exit 77 when the data folder is missing.
"""
import json
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict

HONORIFICS = {"mr", "mrs", "ms", "miss", "dr", "prof", "sen", "rep", "gov", "sgt", "rev",
              "lt", "gen", "col", "capt", "president", "senator", "governor", "judge",
              "secretary", "speaker", "mayor", "former", "candidate", "sir"}
NOT_NAMES = {"i", "he", "she", "it", "they", "we", "you", "who", "which", "that", "his", "her",
             "its", "their", "our", "my", "your", "some", "many", "others", "q", "a", "both",
             "all", "most", "one", "this", "these", "those", "there", "what", "democrats",
             "republicans", "americans", "officials", "critics", "experts", "voters",
             "supporters", "conservatives", "liberals", "people", "polls", "reports"}
CONNECT = {"of", "the", "and", "for", "de", "&"}


def words(s):
    return re.findall(r"[A-Za-z0-9][A-Za-z0-9'\-]*\.?", s)


def key(name):
    """Normalised identity: lower case, no honorifics, no middle initials."""
    w = [x.lower().rstrip(".").replace("'", "").replace("-", "") for x in words(name)]
    while len(w) > 1 and w[0] in HONORIFICS:
        w = w[1:]
    while len(w) > 1 and w[-1] in {"jr", "sr", "ii", "iii"}:
        w = w[:-1]
    w = [x for i, x in enumerate(w) if not (0 < i < len(w) - 1 and len(x) == 1)]
    return " ".join(w)


def bare(span):
    """The name in a source span, or None: every word capitalised (joining
    words aside), a leading "the" and honorifics dropped."""
    s = span.strip().replace("\u2019", "'")
    s = re.sub(r"'s$", "", s)
    s = re.sub(r"^(the|The)\s+", "", s)
    ws = s.split()
    if not ws or len(ws) > 5:
        return None
    while len(ws) > 1 and ws[0].lower().rstrip(".") in HONORIFICS:
        ws = ws[1:]
    # "Majority Leader Mitch McConnell", "Vermont Sen. Bernie Sanders": the
    # name is what follows the last title word.
    titles = [i for i, w in enumerate(ws) if w.lower().rstrip(".") in TITLE_WORDS | HONORIFICS]
    if titles and len(ws) - titles[-1] - 1 >= 2:
        ws = ws[titles[-1] + 1:]
    if any(not (w[0].isupper() or w.lower() in CONNECT) for w in ws):
        return None
    if not re.match(r"^[A-Z]", ws[0]) or ws[0].lower().rstrip(".") in NOT_NAMES:
        return None
    if len(ws) == 1 and ws[0].lower() in NOT_NAMES:
        return None
    return " ".join(ws)


STOP_FIRST = {"The", "In", "On", "At", "But", "And", "Mr", "Mr.", "Mrs", "Mrs.", "Ms", "Ms.",
              "Dr.", "Sen.", "Rep.", "Gov.", "President", "Senator", "Governor", "Former",
              "Secretary", "Speaker", "Vice", "Candidate", "Judge", "When", "While", "If",
              "As", "After", "Before", "For", "With", "Though", "Although", "So", "Then",
              "Republican", "Democratic", "Democrat", "GOP", "Presidential", "Sens.",
              "Reps.", "Rev.", "Gen.", "Lt.", "Chief", "Justice", "Attorney", "General",
              "Florida", "Texas", "Ohio", "New", "Gov", "Sen", "Rep", "Dr", "Mayor",
              "According", "That", "This", "It", "Says", "Said", "Told", "Asked"}


TITLE_WORDS = {"chairman", "chairwoman", "director", "secretary", "speaker", "minister",
               "commissioner", "spokesman", "spokeswoman", "adviser", "advisor", "aide",
               "strategist", "pollster", "leader", "sheriff", "chief", "justice", "attorney",
               "general", "state", "house", "senate", "committee", "campaign", "manager",
               "executive", "officer", "president", "vice", "deputy", "agent", "professor",
               "coach", "founder", "host", "anchor", "analyst", "economist", "ambassador",
               "congressman", "congresswoman", "councilman", "councilwoman", "lawmaker",
               "candidate", "nominee", "challenger", "rival", "senator", "governor", "mayor",
               "judge", "sen", "rep", "gov", "pastor", "bishop", "pope", "king", "queen",
               "prince", "princess", "lord", "lady", "reverend", "rev", "dr", "mr", "mrs", "ms"}


def gold_one_word(word, text):
    """The one full name in text ending in word, or the name before
    "(word)" for an acronym; None when none or several."""
    if word.isupper() and len(word) >= 2:
        m = re.search(r"((?:[A-Z][A-Za-z]+\s+(?:of\s+|the\s+|and\s+|for\s+)*){1,6})\(%s\)"
                      % re.escape(word), text)
        return key(m.group(1)) if m else None
    found = set()
    for m in re.finditer(r"\b([A-Z][a-z]+)\s+(?:[A-Z]\.\s+)?%s\b" % re.escape(word), text):
        first = m.group(1)
        if first not in STOP_FIRST and first.lower() not in HONORIFICS and \
                first.lower() not in TITLE_WORDS:
            found.add(key(first + " " + word))
    found = {f for f in found if len(f.split()) >= 2}
    return found.pop() if len(found) == 1 else None


def read_ann(path):
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            p = line.rstrip("\n").split("\t")
            if len(p) == 3 and p[1].startswith("Source "):
                out.append(p[2])
    return out


def build(data):
    """Returns (records for whosaid, gold identity by (doc, name))."""
    records, gold = [], {}
    for part in ("train", "dev"):
        adir, tdir = os.path.join(data, part, "attributions"), os.path.join(data, part, "text")
        if not os.path.isdir(adir):
            continue
        for ann in sorted(os.listdir(adir)):
            base = ann.rsplit("_", 1)[0]  # annotator suffix
            doc = "%s/%s" % (part, ann)
            tpath = os.path.join(tdir, base + ".txt")
            if not os.path.exists(tpath):
                continue
            text = open(tpath, encoding="utf-8").read()
            for i, span in enumerate(read_ann(os.path.join(adir, ann))):
                name = bare(span)
                if not name:
                    continue
                k = key(name)
                if not k:
                    continue
                g = k if len(k.split()) >= 2 else gold_one_word(name, text)
                if (doc, name) not in gold:
                    gold[(doc, name)] = g
                records.append({"doc": doc, "kind": "direct", "text": "statement %d" % i,
                                "start": i, "end": i + 1, "group": i + 1, "speaker": name,
                                "speaker_role": None,
                                "speaker_mention": {"text": span, "start": 0, "end": len(span)},
                                "cue": None, "channel": None, "date": None, "addressee": None,
                                "figures": [], "confidence": 1.0})
    return records, gold


def pairs(groups):
    return sum(n * (n - 1) // 2 for n in groups.values())


def cross_doc_pairs(items, label):
    """Positive pairs across documents: pairs of items sharing label(item),
    minus those within one document."""
    by = Counter(label(i) for i in items if label(i) is not None)
    within = Counter((label(i), i[0]) for i in items if label(i) is not None)
    return pairs(by) - pairs(within)


def main():
    whosaid, data = sys.argv[1], sys.argv[2]
    args = dict(zip(sys.argv[3::2], sys.argv[4::2]))
    if not os.path.isdir(data):
        print("SKIP: no PolNeAR data at %s" % data)
        sys.exit(77)
    records, gold = build(data)
    tmp = tempfile.mkdtemp(prefix="ws-merge-")
    src, db = os.path.join(tmp, "polnear.jsonl"), os.path.join(tmp, "polnear.db")
    with open(src, "w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r) + "\n")
    subprocess.run([whosaid, "index", "--db", db, "-q", src], check=True)
    c = sqlite3.connect(db)
    pred = {}
    names = dict(c.execute("SELECT id, key FROM speakers"))
    for doc, name, sid in c.execute("SELECT d.doc, ds.name, ds.speaker_id FROM doc_speakers ds"
                                    " JOIN documents d ON d.id = ds.document_id"):
        pred[(doc, name)] = sid
    items = [k for k in gold if gold[k] is not None and k in pred]
    g = lambda i: gold[i]
    p = lambda i: pred[i]
    both = lambda i: (gold[i], pred[i])
    tp = cross_doc_pairs(items, both)
    gold_pos = cross_doc_pairs(items, g)
    pred_pos = cross_doc_pairs(items, p)
    precision = tp / pred_pos if pred_pos else 1.0
    recall = tp / gold_pos if gold_pos else 1.0
    one = [i for i in items if len(key(i[1]).split()) == 1]
    # Right: joined to the gold full name, or kept apart when no speaker has
    # that full name (the document named the person only outside sources).
    keys = set(names.values())
    right = sum(1 for i in one if names.get(pred[i]) == gold[i] or
                (gold[i] not in keys and names.get(pred[i]) == key(i[1])))
    multi = [i for i in items if len(key(i[1]).split()) >= 2]
    # Pairs of different full names that share a surname must stay apart.
    sur = defaultdict(set)
    for i in multi:
        sur[gold[i].split()[-1]].add(gold[i])
    clash = [(a, b) for s in sur.values() for a in s for b in s if a < b]
    apart = 0
    full_pred = defaultdict(set)
    for i in multi:
        full_pred[gold[i]].add(pred[i])
    for a, b in clash:
        apart += not (full_pred[a] & full_pred[b])
    unlabelled = sum(1 for k in gold if gold[k] is None)
    print("document-names: %d labelled (%d one-word), %d left out (no or several full names)"
          % (len(items), len(one), unlabelled))
    print("cross-document pairs: %d gold positive, %d predicted positive, %d both"
          % (gold_pos, pred_pos, tp))
    print("precision %.3f recall %.3f F1 %.3f" % (precision, recall,
          2 * precision * recall / (precision + recall) if precision + recall else 0))
    print("one-word names joined to the right full name: %d of %d (%.1f%%)"
          % (right, len(one), 100.0 * right / max(1, len(one))))
    print("full names sharing a surname kept apart: %d of %d pairs" % (apart, len(clash)))
    wrong = Counter((i[1], names.get(pred[i]), gold[i]) for i in one
                    if names.get(pred[i]) != gold[i] and
                    not (gold[i] not in keys and names.get(pred[i]) == key(i[1])))
    for (n, got, want), k in wrong.most_common(int(args.get("--show", "10"))):
        print("  %dx %r joined as %r, gold %r" % (k, n, got, want))
    ok = precision >= float(args.get("--min-precision", "0")) and \
        recall >= float(args.get("--min-recall", "0"))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
