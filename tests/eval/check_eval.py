#!/usr/bin/env python3
"""check_eval.py: tests of `whosaid eval` (cli/eval.c), run by CTest.

    check_eval.py fixture WHOSAID TOOL FIXTURE_DIR PRED_JSONL
    check_eval.py usage   WHOSAID FIXTURE_DIR
    check_eval.py engine  WHOSAID FIXTURE_DIR
    check_eval.py polnear WHOSAID TOOL POLNEAR_DEV_DIR

TOOL is tools/polnear_eval.py, the independent Python scorer. Exit 0 on
success, 1 on failure, 77 (CTest's skip code here) when the PolNeAR data is
absent.

The fixture (tests/eval/fixture, predictions in fixture.pred.jsonl) has four
annotated articles and one without annotation (delta, skipped). Its texts
hold multi-byte characters before the spans (é, curly quotes, an emoji,
Cyrillic), so byte and character offsets differ. bravo has two annotator
files; the first, bravo_aaaa.ann, has three attributions, bravo_zzzz.ann
only one, so reading the wrong one changes every count.

Expected figures, worked out by hand (gold | predicted; "J" = Jaccard over
trimmed characters):

alpha   E1 "the budget was “balanced and fair.”" | g1 same words: exact.
        E2 discontinuous "“We will not raise taxes,”" + "“and we will protect
           every school.”" | g2 = two statements of group 2: exact.
        E3 "revenue fell 4% — the first drop in a decade" (44 chars trimmed)
           | g3 "revenue fell 4%" (J 14/44) and g4 "the first drop in a decade"
           (J 26/44): greedy one-to-one gives E3 to g4 (overlap, not exact);
           g3 stays spurious. g5 "Mayor Zoë Vargas said" (direct) is spurious.
bravo   E1 "that the bill “finally … want.”" (50) | g1 without "that" (45): J 0.9.
        E2 Content "It was," + Content2 "a historic day" (20) | g2 "It was, she
           added, a historic day" (33): J 20/33, overlap.
        E3 (no source) "that the plan will pass": missed.
charlie E1, E2 exact; E3 "that the union’s deal was close" (31) | g3 without
        "that" (26): overlap. E2 and E3 share one Source annotation.
echo    E1, a quote over two paragraphs, annotated as two pieces | g1 one
        statement over both: exact, as only ".\n\n“" (trimmed characters)
        lies between the gold pieces, which are therefore merged.

content: gold 10, pred 11, exact 5 (a.E1 a.E2 c.E1 c.E2 e.E1), overlap 9.
cue:     gold 10 (3 a doc, 1 in echo), pred 9 (g2's two statements share one
         cue); "told" vs "told reporters" is J 4/14; "is widely believed"
         missed: exact 8, overlap 8.
source:  gold 8 (charlie's shared source once; bravo E3 has none), pred 8
         (charlie's "Olena Petrenko" said twice, once); "the city’s auditor" vs
         "auditor" J 7/18; "Olena Petrenko, the minister" vs "Olena
         Petrenko" J 14/28 = 0.5 exactly (overlap): exact 6, overlap 7.
linked:  gold 10, pred 11: a.E1, a.E2, b.E1, b.E2, c.E1, c.E2, c.E3, e.E1 = 8
         (a.E3's g4 has no speaker mention).
quoted:  gold a.E1 a.E2 b.E1 c.E2 e.E1 ("union’s" is an apostrophe, not a
         quote); predicted groups of kind direct or mixed: a.g1 a.g2 a.g5 b.g1
         c.g2 e.g1. content 5 | 6, exact 4, overlap 5; cue 5 | 5, exact 4,
         overlap 4; source 5 | 5, exact 4, overlap 5; linked 5 | 6, matched 5.
"""

import json
import os
import subprocess
import sys
import tempfile

SKIP = 77
FAILURES = []

EXPECTED = {
    'documents': 4,
    'all': {
        'content': (10, 11, 5, 9),  # gold, pred, exact, overlap
        'cue': (10, 9, 8, 8),
        'source': (8, 8, 6, 7),
        'linked': (10, 11, 8),      # gold, pred, matched
    },
    'quoted': {
        'content': (5, 6, 4, 5),
        'cue': (5, 5, 4, 4),
        'source': (5, 5, 4, 5),
        'linked': (5, 6, 5),
    },
}


def check(cond, what):
    if not cond:
        FAILURES.append(what)
        print('FAIL: ' + what)


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def eval_json(whosaid, *args):
    """Runs whosaid eval --format json; returns (parsed report, process)."""
    p = run([whosaid, 'eval', '--format', 'json'] + list(args))
    check(p.returncode == 0, 'eval %s exits 0 (got %d: %s)' % (' '.join(args), p.returncode,
                                                                 p.stderr.strip()))
    try:
        return json.loads(p.stdout), p
    except ValueError:
        check(False, 'eval %s prints JSON: %r' % (' '.join(args), p.stdout[:200]))
        return None, p


def prf(matched, gold, pred):
    p = matched / pred if pred else 0.0
    r = matched / gold if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def check_figures(rep, name, matched, gold, pred):
    for key, want in zip(('precision', 'recall', 'f1'), prf(matched, gold, pred)):
        check(abs(rep[key] - want) < 1e-6, '%s %s = %r, expected %.6f' % (name, key,
                                                                          rep[key], want))


def check_expected(rep):
    check(rep['documents'] == EXPECTED['documents'],
          'documents = %r, expected 4' % rep['documents'])
    for sub in ('all', 'quoted'):
        for role in ('content', 'cue', 'source'):
            gold, pred, exact, overlap = EXPECTED[sub][role]
            r = rep[sub][role]
            got = (r['gold'], r['pred'], r['exact']['matched'], r['overlap']['matched'])
            check(got == (gold, pred, exact, overlap),
                  '%s %s (gold, pred, exact, overlap) = %r, expected %r'
                  % (sub, role, got, (gold, pred, exact, overlap)))
            check_figures(r['exact'], '%s %s exact' % (sub, role), exact, gold, pred)
            check_figures(r['overlap'], '%s %s overlap' % (sub, role), overlap, gold, pred)
        gold, pred, matched = EXPECTED[sub]['linked']
        r = rep[sub]['linked']
        got = (r['gold'], r['pred'], r['matched'])
        check(got == (gold, pred, matched), '%s linked = %r, expected %r'
              % (sub, got, (gold, pred, matched)))
        check_figures(r, '%s linked' % sub, matched, gold, pred)


def cross_check(whosaid, tool, corpus, pred, tmp, label):
    """Scores pred with both implementations; they must agree. Returns the
    C report."""
    c_rep, _ = eval_json(whosaid, '--polnear', corpus, '--pred', pred)
    p = run([sys.executable, tool, 'score', '--polnear', corpus, '--pred', pred])
    check(p.returncode == 0, '%s: polnear_eval.py score exits 0: %s' % (label, p.stderr))
    if c_rep is None or p.returncode != 0:
        return c_rep
    a, b = os.path.join(tmp, 'c.json'), os.path.join(tmp, 'py.json')
    with open(a, 'w') as f:
        json.dump(c_rep, f)
    with open(b, 'w') as f:
        f.write(p.stdout)
    cmp = run([sys.executable, tool, 'compare', a, b])
    check(cmp.returncode == 0, '%s: C and Python scores differ:\n%s' % (label, cmp.stdout))
    return c_rep


def escaped_copy(src, dst):
    """Writes the statements of src with every string ASCII-escaped and the
    doc names spelled differently ("\\u0061lpha.txt", a directory prefix, no
    .txt): the scores must not change."""
    with open(src, encoding='utf-8') as f, open(dst, 'w') as out:
        for i, line in enumerate(f):
            st = json.loads(line)
            doc = st['doc']
            doc = ('dir/' + doc) if i % 3 == 1 else doc[:-4] if i % 3 == 2 else doc
            text = json.dumps(dict(st, doc=doc))  # ensure_ascii: \\uXXXX escapes
            out.write(text.replace('"doc": "a', '"doc": "\\u0061', 1) + '\n')


def test_fixture(whosaid, tool, fixture, pred):
    with tempfile.TemporaryDirectory() as tmp:
        rep = cross_check(whosaid, tool, fixture, pred, tmp, 'fixture')
        if rep:
            check(rep['mode'] == 'pred', 'mode is "pred"')
            check_expected(rep)
        esc = os.path.join(tmp, 'escaped.jsonl')
        escaped_copy(pred, esc)
        rep2, _ = eval_json(whosaid, '--polnear', fixture, '--pred', esc)
        if rep and rep2:
            check(rep2['all'] == rep['all'] and rep2['quoted'] == rep['quoted'],
                  'escaped strings and other doc spellings change the scores')
        errs = os.path.join(tmp, 'errors.txt')
        p = run([whosaid, 'eval', '--polnear', fixture, '--pred', pred, '--errors', errs])
        check(p.returncode == 0, 'eval --errors exits 0')
        check('delta.txt: no annotation' in p.stderr, 'warns about delta.txt: ' + p.stderr)
        check('statements naming no annotated document: 1' in p.stderr,
              'warns about the statement for delta: ' + p.stderr)
        for row in ('all     content      10     11 |      5  0.455  0.500  0.476 |'
                    '       9  0.818  0.900  0.857',
                    'quoted  linked        5      6 |'):
            check(row in p.stdout, 'table holds %r:\n%s' % (row, p.stdout))
        with open(errs, encoding='utf-8') as f:
            listing = f.read()
        for line in ('bravo: missed   [145-168] "that the plan will pass" | source none '
                     '| cue [126-144] "is widely believed"',
                     'alpha: spurious [0-22] "Mayor Zoë Vargas said"',
                     'alpha: spurious [184-198] "revenue fell 4" | source [175-182] "auditor"',
                     'alpha: boundary gold [184-230] "revenue fell 4% — the first drop in a '
                     'decade"',
                     'bravo: boundary gold [88-121] "It was ... a historic day"',
                     'alpha: source   [184-230]'):
            check(line in listing, 'error listing holds %r:\n%s' % (line, listing))
        check('charlie: missed' not in listing and 'charlie: source' not in listing,
              'no charlie misses or source errors:\n' + listing)
        check('echo:' not in listing, 'no echo errors:\n' + listing)
        p = run([whosaid, 'eval', '--polnear', fixture, '--pred', pred, '--verbose'])
        check('bravo: missed' in p.stderr, '--verbose lists errors on stderr')


def test_usage(whosaid, fixture):
    cases = [
        (['--polnear', '/nonexistent/polnear'], 2),
        ([], 2),
        (['--polnear'], 2),
        (['--polnear', fixture, '--bogus'], 2),
        (['--polnear', fixture, '--format', 'xml'], 2),
        (['--polnear', fixture, 'extra'], 2),
        (['--polnear', fixture, '--pred', '/nonexistent.jsonl'], 2),
    ]
    with tempfile.TemporaryDirectory() as tmp:
        os.makedirs(os.path.join(tmp, 'empty', 'text'))
        cases.append((['--polnear', os.path.join(tmp, 'empty')], 2))
        bad = os.path.join(tmp, 'bad.jsonl')
        with open(bad, 'w') as f:
            f.write('{"doc": "alpha.txt", "start": 1, "end": 2}\n{"doc": "alpha.txt",\n')
        cases.append((['--polnear', fixture, '--pred', bad], 1))
        for args, code in cases:
            p = run([whosaid, 'eval'] + args)
            lines = p.stderr.strip().split('\n')
            check(p.returncode == code, 'eval %s exits %d (got %d)' % (args, code,
                                                                     p.returncode))
            check(len(lines) == 1 and lines[0].startswith('whosaid eval: '),
                  'eval %s gives a one-line error: %r' % (args, p.stderr))
            check(p.stdout == '', 'eval %s prints nothing on stdout' % args)


def test_engine(whosaid, fixture):
    for extra in ([], ['--no-model']):
        rep, p = eval_json(whosaid, '--polnear', fixture, *extra)
        if rep:
            want = 'engine-no-model' if extra else 'engine'
            check(rep['mode'] == want, 'mode is %r' % want)
            check(rep['documents'] == 4, 'engine run scores 4 documents')
            check(rep['all']['content']['gold'] == 10, 'engine run reads the gold')


def test_polnear(whosaid, tool, dev):
    if not os.path.isdir(os.path.join(dev, 'text')):
        print('skipped: ../shared absent (%s)' % dev)
        return SKIP
    with tempfile.TemporaryDirectory() as tmp:
        runs = [('gold', ['gold-pred']), ('perturbed', ['gold-pred', '--perturb', '7']),
                ('random', ['random-pred', '--seed', '3'])]
        for label, args in runs:
            pred = os.path.join(tmp, label + '.jsonl')
            with open(pred, 'w') as f:
                p = subprocess.run([sys.executable, tool] + args + ['--polnear', dev],
                                   stdout=f, stderr=subprocess.PIPE, text=True)
            check(p.returncode == 0, '%s: polnear_eval.py %s: %s' % (label, args, p.stderr))
            rep = cross_check(whosaid, tool, dev, pred, tmp, label)
            if not rep:
                continue
            figures = [v for k, v in flatten(rep) if k.endswith(('precision', 'recall',
                                                                  'f1'))]
            if label == 'gold':
                check(all(v == 1.0 for v in figures),
                      'gold predictions score 1.0 everywhere: %s' % json.dumps(rep))
                check(rep['all']['content']['gold'] > 2000, 'dev has > 2000 attributions')
            else:
                check(any(v < 0.95 for v in figures), '%s predictions score lower' % label)
    return 0


def flatten(obj, path=''):
    if isinstance(obj, dict):
        for k, v in obj.items():
            yield from flatten(v, path + '/' + k)
    else:
        yield path, obj


def main(argv):
    what = argv[1]
    if what == 'fixture':
        test_fixture(*argv[2:6])
    elif what == 'usage':
        test_usage(*argv[2:4])
    elif what == 'engine':
        test_engine(*argv[2:4])
    elif what == 'polnear':
        if test_polnear(*argv[2:5]) == SKIP:
            return SKIP
    else:
        print('check_eval.py: unknown test %r' % what)
        return 2
    if FAILURES:
        print('%d failure(s)' % len(FAILURES))
        return 1
    print('ok')
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
