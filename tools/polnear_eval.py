#!/usr/bin/env python3
"""polnear_eval.py: an independent re-implementation of `whosaid eval` scoring.

It scores predicted statements (whosaid's JSONL contract) against PolNeAR
gold attributions exactly as cli/eval.c does, so a test can cross-check the C
numbers. It also writes prediction files made from the gold itself, exact or
perturbed, for those tests.

    polnear_eval.py score --polnear DIR --pred FILE.jsonl [--format json|table]
    polnear_eval.py gold-pred --polnear DIR [--perturb SEED] > pred.jsonl
    polnear_eval.py random-pred --polnear DIR [--seed SEED] > pred.jsonl
    polnear_eval.py compare A.json B.json

Scoring rules (the same text is in cli/eval.c; keep the two in step):

Offsets. BRAT offsets count Unicode code points; whosaid offsets count UTF-8
bytes. Everything is compared in code points. A byte offset b becomes the
number of characters that start before b. Texts are read as UTF-8 with
surrogateescape, so an invalid byte counts as one character (cli/eval.c
decodes the same way).

Gold. For each text DIR/text/NAME.txt the gold is the first file, in byte
order of names, among DIR/attributions/NAME_XXXX.ann (XXXX holds no "_").
A text without an .ann file is skipped with a warning. Every relation line
("E..") whose type starts with "Attribution" and that has at least one
argument is one gold attribution; its Content, Content2, ... arguments
(any role starting with "Content") form its content, its Cue arguments its
cue and its Source arguments its source, each a set of character pieces
(discontinuous BRAT spans give several pieces). Other lines are ignored.

Predictions. Each statement gives a content piece (start, end), a cue piece
and a source piece (speaker_mention), converted to characters. Statements of
one document sharing a "group" form one predicted attribution: its content is
the union of its statements' pieces, its source the speaker_mention of its
first statement (in order of start) that has one, its cue likewise.

Canonical form. A set of pieces is canonicalised before any comparison: each
piece is trimmed at both ends of white space, ASCII punctuation, Unicode
quotation marks, dashes and the ellipsis (TRIM below); empty pieces are
dropped (if every piece would vanish, the untrimmed pieces are used instead);
pieces are sorted and merged when they overlap, touch, or are separated only
by TRIM characters. A set left empty is "absent".

Measures. Jaccard(A, B) = |A & B| / |A | B| over the characters the
canonical pieces cover. Exact match: Jaccard = 1 (the same canonical pieces).
Overlap match: Jaccard >= 0.5 (2 * |A & B| >= |A | B|).

Per role, per document: gold items are the canonical content of each gold
attribution that has one, and the distinct canonical cue and source spans of
the gold attributions (a source shared by two attributions counts once);
predicted items are the canonical content of each group, and the distinct
canonical cue and speaker_mention spans of all statements. Items of a role
are sorted by their pieces (content items keep duplicates, ordered by
attribution order); then candidate pairs with Jaccard > 0 are taken greedily
by decreasing Jaccard (ties: lower gold index, then lower predicted index),
one to one. The matched pairs with Jaccard = 1 are the exact matches; those
with Jaccard >= 0.5 are the overlap matches. Counts are summed over
documents (micro average); P = matched / predicted, R = matched / gold,
F1 = 2PR / (P + R), each 0 when its denominator is 0.

Linked: the gold attributions that have a content, and the predicted groups.
A pair is a candidate when the contents overlap-match and the sources match:
both absent, or both present with Jaccard >= 0.5. Candidates are taken
greedily, one to one, by decreasing content Jaccard (same tie rule). Linked
P = matched / groups, R = matched / gold attributions with a content.

Quoted subset: gold attributions one of whose raw content pieces holds a
quotation mark (QUOTED below); predicted groups one of whose statements is of
kind "direct" or "mixed" or has raw text holding a quotation mark. All the
figures above are computed again on these two subsets alone.
"""

import argparse
import bisect
import functools
import json
import os
import random
import re
import sys
import time

# ---------------------------------------------------------------- characters

DOUBLE_QUOTES = set('"\u201c\u201d\u201e\u201f\u00ab\u00bb\u2039\u203a')
OPEN_SINGLE = set("'\u2018")
CLOSE_SINGLE = set("'\u2019")


def is_space(c):
    o = ord(c)
    return (0x09 <= o <= 0x0D or o in (0x20, 0x85, 0xA0, 0x1680, 0x2028, 0x2029,
                                       0x202F, 0x205F, 0x3000, 0xFEFF)
            or 0x2000 <= o <= 0x200B)


def is_trim(c):
    """White space, ASCII punctuation, quotation marks, dashes, ellipsis."""
    o = ord(c)
    if is_space(c):
        return True
    if 0x21 <= o <= 0x2F or 0x3A <= o <= 0x40 or 0x5B <= o <= 0x60 or 0x7B <= o <= 0x7E:
        return True
    return (o in (0xAB, 0xBB, 0x2026, 0x2039, 0x203A, 0x2212)
            or 0x2010 <= o <= 0x2015 or 0x2018 <= o <= 0x201F)


def is_word(c):
    """ASCII letters and digits, and non-ASCII characters from U+00C0 that
    are not TRIM characters."""
    o = ord(c)
    if o < 0x80:
        return c.isascii() and c.isalnum()
    return o >= 0xC0 and not is_trim(c)


def holds_quote(text, s, e):
    """True when text[s:e] holds a double quotation mark or guillemet, or an
    opening single mark (' or U+2018 not after a word character, followed by
    a non-space) with a closing single mark (' or U+2019 after a non-space,
    not followed by a word character) after it. Apostrophes inside words
    (Clinton's, it's) are thus not quotation marks."""
    opened = False
    for i in range(s, e):
        c = text[i]
        if c in DOUBLE_QUOTES:
            return True
        prev_word = i > s and is_word(text[i - 1])
        next_space = i + 1 >= e or is_space(text[i + 1])
        if opened and c in CLOSE_SINGLE and i > s and not is_space(text[i - 1]) \
                and not (i + 1 < e and is_word(text[i + 1])):
            return True
        if c in OPEN_SINGLE and not prev_word and not next_space:
            opened = True
    return False


# ------------------------------------------------------------------- spans

def canonical(text, pieces):
    """Canonical form (a tuple of (start, end) character pieces) of a set of
    raw pieces of text; see the module comment."""
    raw = sorted((s, e) for s, e in pieces if s < e)
    trimmed = []
    for s, e in raw:
        while s < e and is_trim(text[s]):
            s += 1
        while e > s and is_trim(text[e - 1]):
            e -= 1
        if s < e:
            trimmed.append((s, e))
    use = sorted(trimmed) if trimmed else raw
    out = []
    for s, e in use:
        if out:
            ps, pe = out[-1]
            if s <= pe or all(is_trim(text[k]) for k in range(pe, s)):
                out[-1] = (ps, max(pe, e))
                continue
        out.append((s, e))
    return tuple(out)


def size(a):
    return sum(e - s for s, e in a)


def intersection(a, b):
    i = j = n = 0
    while i < len(a) and j < len(b):
        lo, hi = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        if lo < hi:
            n += hi - lo
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return n


def jaccard(a, b):
    """(intersection, union) character counts of two canonical sets."""
    inter = intersection(a, b)
    return inter, size(a) + size(b) - inter


def greedy(pairs):
    """Takes candidate pairs (inter, union, gi, pi) one to one, best Jaccard
    first (ties: lower gi, then lower pi). Returns the taken pairs."""
    def cmp(x, y):
        lhs, rhs = x[0] * y[1], y[0] * x[1]
        if lhs != rhs:
            return -1 if lhs > rhs else 1
        return -1 if (x[2], x[3]) < (y[2], y[3]) else (1 if (x[2], x[3]) > (y[2], y[3]) else 0)

    used_g, used_p, taken = set(), set(), []
    for p in sorted(pairs, key=functools.cmp_to_key(cmp)):
        if p[2] in used_g or p[3] in used_p:
            continue
        used_g.add(p[2])
        used_p.add(p[3])
        taken.append(p)
    return taken


# ---------------------------------------------------------------- reading

class Doc:
    def __init__(self, name, text):
        self.name = name
        self.text = text
        data = text.encode('utf-8', 'surrogateescape')
        self.cbyte = []  # byte offset of each character
        pos = 0
        for c in text:
            self.cbyte.append(pos)
            pos += len(c.encode('utf-8', 'surrogateescape'))
        self.nbytes = len(data)
        self.gold = []   # dicts: content, cue, source (canonical), quoted, raw
        self.stmts = []  # dicts: group, content, cue, source, quoted

    def char_of(self, b):
        """Number of characters starting before byte offset b (clamped)."""
        b = max(0, min(b, self.nbytes))
        return bisect.bisect_left(self.cbyte, b)


def pick_ann(names, base):
    """First .ann name (in code-point order) whose name minus its last
    "_XXXX" suffix is base."""
    hits = sorted(n for n in names if n.endswith('.ann') and '_' in n
                  and n[:-4].rsplit('_', 1)[0] == base)
    return hits[0] if hits else None


RANGE = re.compile(r'([0-9]+) ([0-9]+)\Z')


def parse_ranges(field):
    """Pieces of "TYPE a b;c d", or None when malformed."""
    if ' ' not in field:
        return None
    pieces = []
    for seg in field.split(' ', 1)[1].split(';'):
        m = RANGE.match(seg)
        if not m or int(m.group(1)) > 0xFFFFFFFF or int(m.group(2)) > 0xFFFFFFFF:
            return None
        pieces.append((int(m.group(1)), int(m.group(2))))
    return pieces


def parse_ann(doc, path):
    """Adds the gold attributions of the .ann file at path to doc."""
    spans = {}
    rels = []
    with open(path, encoding='utf-8', newline='') as f:
        lines = f.read().split('\n')
    for line in lines:
        if line.endswith('\r'):
            line = line[:-1]
        cols = line.split('\t')
        if len(cols) < 2:
            continue
        if cols[0].startswith('T'):
            pieces = parse_ranges(cols[1])
            if pieces is not None:
                spans[cols[0]] = pieces
        elif cols[0].startswith('E') and cols[1].startswith('Attribution'):
            if ' ' not in cols[1]:
                continue
            args = cols[1].split(' ', 1)[1].split(' ')
            roles = [a.split(':', 1) for a in args if ':' in a]
            if roles:
                rels.append(roles)
    n = len(doc.text)
    for roles in rels:
        got = {'content': [], 'cue': [], 'source': []}
        for role, ref in roles:
            key = ('content' if role.startswith('Content') else
                   'cue' if role == 'Cue' else 'source' if role == 'Source' else None)
            if key and ref in spans:
                got[key].extend((min(s, n), min(e, n)) for s, e in spans[ref])
        quoted = any(holds_quote(doc.text, s, e) for s, e in got['content'])
        doc.gold.append({
            'content': canonical(doc.text, got['content']),
            'cue': canonical(doc.text, got['cue']),
            'source': canonical(doc.text, got['source']),
            'quoted': quoted,
            'raw': sorted(got['content']),
        })


def load_corpus(root):
    tdir, adir = os.path.join(root, 'text'), os.path.join(root, 'attributions')
    texts = sorted(n for n in os.listdir(tdir) if n.endswith('.txt') and len(n) > 4)
    anns = os.listdir(adir) if os.path.isdir(adir) else []
    docs = []
    for t in texts:
        base = t[:-4]
        ann = pick_ann(anns, base)
        if ann is None:
            print('polnear_eval: %s: no annotation, skipped' % t, file=sys.stderr)
            continue
        with open(os.path.join(tdir, t), encoding='utf-8', errors='surrogateescape',
                  newline='') as f:
            doc = Doc(base, f.read())
        parse_ann(doc, os.path.join(adir, ann))
        docs.append(doc)
    return docs


def doc_key(name):
    name = name.replace('\\', '/').rsplit('/', 1)[-1]
    return name[:-4] if name.endswith('.txt') else name


def piece_of(doc, obj):
    """Character piece of a {"start","end"} object, or None."""
    if not isinstance(obj, dict) or 'start' not in obj or 'end' not in obj:
        return None
    s, e = doc.char_of(int(obj['start'])), doc.char_of(int(obj['end']))
    return (s, e) if s < e else None


def load_pred(docs, path):
    by_name = {d.name: d for d in docs}
    unknown = 0
    with open(path, encoding='utf-8') as f:
        for line in f:
            if not line.strip():
                continue
            st = json.loads(line)
            doc = by_name.get(doc_key(str(st.get('doc', ''))))
            if doc is None:
                unknown += 1
                continue
            s = doc.char_of(int(st['start']))
            e = doc.char_of(int(st['end']))
            kind = st.get('kind')
            doc.stmts.append({
                'group': int(st.get('group', 0)),
                'raw': (s, e),
                'cue': piece_of(doc, st.get('cue')),
                'source': piece_of(doc, st.get('speaker_mention')),
                'quoted': kind in ('direct', 'mixed') or holds_quote(doc.text, s, e),
            })
    if unknown:
        print('polnear_eval: statements naming no annotated document: %d' % unknown,
              file=sys.stderr)


# ---------------------------------------------------------------- scoring

def groups_of(doc):
    """Predicted attributions of a document, in group order."""
    by = {}
    for st in sorted(doc.stmts, key=lambda s: (s['raw'][0], s['raw'][1])):
        by.setdefault(st['group'], []).append(st)
    out = []
    for g in sorted(by):
        sts = by[g]
        content = canonical(doc.text, [s['raw'] for s in sts])
        if not content:
            continue
        src = next((s['source'] for s in sts if s['source']), None)
        cue = next((s['cue'] for s in sts if s['cue']), None)
        out.append({
            'content': content,
            'source': canonical(doc.text, [src]) if src else (),
            'cue': canonical(doc.text, [cue]) if cue else (),
            'quoted': any(s['quoted'] for s in sts),
            'stmts': sts,
        })
    return out


def new_counts():
    c = {r: {'gold': 0, 'pred': 0, 'exact': 0, 'overlap': 0}
         for r in ('source', 'cue', 'content')}
    c['linked'] = {'gold': 0, 'pred': 0, 'matched': 0}
    return c


def match_role(gold, pred, counts):
    """Scores one role of one document: gold and pred are lists of canonical
    sets, already in item order."""
    pairs = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            inter, union = jaccard(g, p)
            if inter > 0:
                pairs.append((inter, union, gi, pi))
    taken = greedy(pairs)
    counts['gold'] += len(gold)
    counts['pred'] += len(pred)
    counts['exact'] += sum(1 for t in taken if t[0] == t[1])
    counts['overlap'] += sum(1 for t in taken if 2 * t[0] >= t[1])
    return taken


def distinct(sets):
    return sorted(set(s for s in sets if s))


def source_ok(g, p):
    if not g and not p:
        return True
    if not g or not p:
        return False
    inter, union = jaccard(g, p)
    return 2 * inter >= union


def score_doc(doc, gold, groups, stmts, counts):
    """Adds one document's counts for one subset. Sorting is stable, so
    content items with equal pieces keep attribution (group) order."""
    gl = sorted([g for g in gold if g['content']], key=lambda g: g['content'])
    pl = sorted(groups, key=lambda p: p['content'])
    match_role([g['content'] for g in gl], [p['content'] for p in pl], counts['content'])
    for role, key in (('cue', 'cue'), ('source', 'source')):
        gset = distinct(g[key] for g in gold)
        pset = distinct(canonical(doc.text, [s[key]]) for s in stmts if s[key])
        match_role(gset, pset, counts[role])
    pairs = []
    for gi, g in enumerate(gl):
        for pi, p in enumerate(pl):
            inter, union = jaccard(g['content'], p['content'])
            if inter > 0 and 2 * inter >= union and source_ok(g['source'], p['source']):
                pairs.append((inter, union, gi, pi))
    linked = greedy(pairs)
    counts['linked']['gold'] += len(gl)
    counts['linked']['pred'] += len(pl)
    counts['linked']['matched'] += len(linked)


def ratio(a, b):
    return a / b if b else 0.0


def prf(matched, gold, pred):
    p, r = ratio(matched, pred), ratio(matched, gold)
    f = 2 * p * r / (p + r) if p + r > 0 else 0.0
    return {'matched': matched, 'precision': p, 'recall': r, 'f1': f}


def report(counts):
    out = {}
    for role in ('source', 'cue', 'content'):
        c = counts[role]
        out[role] = {'gold': c['gold'], 'pred': c['pred'],
                     'exact': prf(c['exact'], c['gold'], c['pred']),
                     'overlap': prf(c['overlap'], c['gold'], c['pred'])}
    c = counts['linked']
    out['linked'] = dict({'gold': c['gold'], 'pred': c['pred']},
                         **prf(c['matched'], c['gold'], c['pred']))
    return out


def score(docs):
    counts = {'all': new_counts(), 'quoted': new_counts()}
    for doc in docs:
        groups = groups_of(doc)
        score_doc(doc, doc.gold, groups, doc.stmts, counts['all'])
        qstmts = [s for p in groups if p['quoted'] for s in p['stmts']]
        score_doc(doc, [g for g in doc.gold if g['quoted']],
                  [p for p in groups if p['quoted']], qstmts, counts['quoted'])
    return {'documents': len(docs), 'all': report(counts['all']),
            'quoted': report(counts['quoted'])}


def print_table(res, out):
    out.write('%-7s %-8s %6s %6s | %6s %6s %6s %6s | %6s %6s %6s %6s\n' % (
        'subset', 'role', 'gold', 'pred', 'exact', 'P', 'R', 'F1',
        'ovlp', 'P', 'R', 'F1'))
    for sub in ('all', 'quoted'):
        for role in ('source', 'cue', 'content'):
            r = res[sub][role]
            out.write('%-7s %-8s %6d %6d | %6d %6.3f %6.3f %6.3f | %6d %6.3f %6.3f %6.3f\n' % (
                sub, role, r['gold'], r['pred'],
                r['exact']['matched'], r['exact']['precision'], r['exact']['recall'],
                r['exact']['f1'], r['overlap']['matched'], r['overlap']['precision'],
                r['overlap']['recall'], r['overlap']['f1']))
        r = res[sub]['linked']
        out.write('%-7s %-8s %6d %6d | %6s %6s %6s %6s | %6d %6.3f %6.3f %6.3f\n' % (
            sub, 'linked', r['gold'], r['pred'], '-', '-', '-', '-',
            r['matched'], r['precision'], r['recall'], r['f1']))


# ------------------------------------------------------ predictions from gold

def gold_pred(docs, seed, out):
    """Writes the gold attributions as whosaid statements, one group each.
    With a seed, perturbs them reproducibly: drops some attributions, moves
    some boundaries, drops or moves some sources and cues, splits some
    contents and adds spurious statements."""
    rng = random.Random(seed) if seed is not None else None
    for doc in docs:
        group = 0
        for g in doc.gold:
            if not g['content']:
                continue
            pieces = [list(p) for p in g['raw'] if p[0] < p[1]]
            src = list(g['source'][0]) if g['source'] else None
            cue = list(g['cue'][0]) if g['cue'] else None
            if rng:
                roll = rng.random()
                if roll < 0.1:
                    continue
                if roll < 0.3:
                    pieces[0][0] = min(pieces[0][0] + rng.randint(1, 12), pieces[0][1])
                elif roll < 0.4:
                    pieces[-1][1] = max(pieces[-1][1] - rng.randint(1, 40), pieces[-1][0])
                elif roll < 0.5 and pieces[0][1] - pieces[0][0] > 20:
                    mid = (pieces[0][0] + pieces[0][1]) // 2
                    pieces[0:1] = [[pieces[0][0], mid - 3], [mid + 2, pieces[0][1]]]
                if src and rng.random() < 0.15:
                    src = None if rng.random() < 0.5 else [src[0], src[0] + 1]
                if cue and rng.random() < 0.15:
                    cue = [cue[0], cue[1] + rng.randint(1, 8)]
            group += 1
            kind = 'direct' if g['quoted'] else 'indirect'
            for s, e in pieces:
                write_stmt(doc, out, kind, s, e, group, src, cue)
            if rng and rng.random() < 0.1:
                group += 1
                s = rng.randrange(max(1, len(doc.text) - 60))
                write_stmt(doc, out, 'indirect', s, s + 50, group, None, None)


def random_pred(docs, seed, out):
    """Writes random statements for a differential test of two scorers: byte
    offsets near gold boundaries or anywhere (even inside a UTF-8 sequence),
    groups shared at random, random kinds, cues and speaker mentions, and a
    few statements naming documents in other ways or no known document."""
    rng = random.Random(seed)

    def near(chars, doc):
        b = byte_of(doc, min(chars, len(doc.text)))
        return max(0, b + rng.choice((0, 0, 0, -1, 1, -2, 2, rng.randint(-9, 9))))

    def span(doc, anchors):
        if anchors and rng.random() < 0.7:
            a = rng.choice(anchors)
            return near(a[0], doc), near(a[-1] if len(a) == 1 else a[1], doc)
        s = rng.randrange(doc.nbytes + 1)
        return s, s + rng.randint(-3, 80)

    for doc in docs:
        golds = [g for g in doc.gold if g['content']]
        pieces = [p for g in golds for p in g['content']]
        cues = [c for g in golds for c in g['cue']]
        srcs = [c for g in golds for c in g['source']]
        n = rng.randint(0, 2 * len(golds) + 3)
        for _ in range(n):
            s, e = span(doc, pieces)
            rec = {'doc': rng.choice((doc.name + '.txt', doc.name, 'x/' + doc.name + '.txt')),
                   'kind': rng.choice(('direct', 'indirect', 'mixed')),
                   'text': '', 'start': s, 'end': e,
                   'group': rng.randint(1, max(1, n // 2))}
            for key, anchors in (('cue', cues), ('speaker_mention', srcs)):
                if rng.random() < 0.8:
                    a, b = span(doc, anchors)
                    rec[key] = {'text': '', 'start': a, 'end': b}
                else:
                    rec[key] = None
            out.write(json.dumps(rec) + '\n')
    out.write(json.dumps({'doc': 'no-such-doc.txt', 'kind': 'direct', 'start': 0,
                          'end': 5, 'group': 1, 'cue': None,
                          'speaker_mention': None}) + '\n')


def write_stmt(doc, out, kind, s, e, group, src, cue):
    n = len(doc.text)

    def span(p):
        if not p:
            return None
        a, b = min(p[0], n), min(p[1], n)
        return {'text': doc.text[a:b], 'start': byte_of(doc, a), 'end': byte_of(doc, b)}

    s, e = min(s, n), min(e, n)
    rec = {'doc': doc.name + '.txt', 'kind': kind, 'text': doc.text[s:e],
           'start': byte_of(doc, s), 'end': byte_of(doc, e), 'group': group,
           'speaker': None, 'speaker_role': None, 'speaker_mention': span(src),
           'cue': span(cue), 'channel': None, 'date': None, 'addressee': None,
           'figures': [], 'confidence': 1.0}
    out.write(json.dumps(rec, ensure_ascii=False, default=str) + '\n')


def byte_of(doc, c):
    return doc.cbyte[c] if c < len(doc.cbyte) else doc.nbytes


# ----------------------------------------------------------------- compare

def leaves(obj, path=''):
    if isinstance(obj, dict):
        for k, v in obj.items():
            yield from leaves(v, path + '/' + k)
    else:
        yield path, obj


def compare(a_path, b_path):
    """Compares the scores of two JSON reports (ignoring timing and mode);
    counts must be equal, ratios within 1e-6. Returns a process exit code."""
    with open(a_path) as f:
        a = dict(leaves(json.load(f)))
    with open(b_path) as f:
        b = dict(leaves(json.load(f)))
    skip = ('/seconds', '/engine_seconds', '/mode')
    bad = 0
    for k in sorted(set(a) | set(b)):
        if k in skip:
            continue
        if k not in a or k not in b:
            print('compare: %s only in %s' % (k, a_path if k in a else b_path))
            bad += 1
        elif isinstance(a[k], float) or isinstance(b[k], float):
            if abs(a[k] - b[k]) > 1e-6:
                print('compare: %s: %r != %r' % (k, a[k], b[k]))
                bad += 1
        elif a[k] != b[k]:
            print('compare: %s: %r != %r' % (k, a[k], b[k]))
            bad += 1
    return 1 if bad else 0


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    sub = ap.add_subparsers(dest='cmd', required=True)
    s = sub.add_parser('score')
    s.add_argument('--polnear', required=True)
    s.add_argument('--pred', required=True)
    s.add_argument('--format', choices=('json', 'table'), default='json')
    g = sub.add_parser('gold-pred')
    g.add_argument('--polnear', required=True)
    g.add_argument('--perturb', type=int)
    r = sub.add_parser('random-pred')
    r.add_argument('--polnear', required=True)
    r.add_argument('--seed', type=int, default=1)
    c = sub.add_parser('compare')
    c.add_argument('a')
    c.add_argument('b')
    args = ap.parse_args(argv)
    if args.cmd == 'compare':
        return compare(args.a, args.b)
    t0 = time.time()
    docs = load_corpus(args.polnear)
    if args.cmd == 'gold-pred':
        gold_pred(docs, args.perturb, sys.stdout)
        return 0
    if args.cmd == 'random-pred':
        random_pred(docs, args.seed, sys.stdout)
        return 0
    load_pred(docs, args.pred)
    res = score(docs)
    res['seconds'] = time.time() - t0
    if args.format == 'json':
        json.dump(res, sys.stdout, indent=1, sort_keys=True)
        sys.stdout.write('\n')
    else:
        print_table(res, sys.stdout)
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
