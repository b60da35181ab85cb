#!/usr/bin/env python3
"""polnear_agreement.py: how far PolNeAR's annotators agree, by whosaid's own scorer.

PolNeAR ships, in data/annotator-training, a few articles that each of its
annotators annotated right after training (one .ann file per annotator:
NAME_XXXX.ann, XXXX naming the annotator). This tool scores every annotator
against every other one exactly as `whosaid eval` scores whosaid: for each
ordered pair (A, B) it builds a PolNeAR-shaped folder whose only annotation
is A's, writes B's annotation as predictions (`polnear_eval.py gold-pred`),
and runs `whosaid eval --polnear FOLDER --pred B.jsonl`. It prints the exact
and overlap F1 of source, cue and content and the linked F1, pooled over the
pairs (the counts are summed, then F1 computed), and the mean over pairs.

    tools/polnear_agreement.py --whosaid build/whosaid \
        --polnear ../shared/data/polnear/data/annotator-training

The figure bounds what a model trained on one annotator per article can be
expected to reach: the targets of issue 3 are compared with it in
docs/model.md.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))


def annotators(att_dir):
    """Maps each annotator code to {text name: .ann path}."""
    out = {}
    for name in sorted(os.listdir(att_dir)):
        if not name.endswith('.ann') or '_' not in name:
            continue
        stem, code = name[:-4].rsplit('_', 1)
        out.setdefault(code, {})[stem] = os.path.join(att_dir, name)
    return out


def folder(root, text_dir, anns):
    """Makes root/text and root/attributions holding the texts of anns."""
    os.makedirs(os.path.join(root, 'text'))
    os.makedirs(os.path.join(root, 'attributions'))
    for stem, path in anns.items():
        shutil.copy(os.path.join(text_dir, stem + '.txt'), os.path.join(root, 'text'))
        shutil.copy(path, os.path.join(root, 'attributions', stem + '_gold.ann'))


def score(whosaid, gold_dir, pred_path):
    """Runs whosaid eval and returns its JSON report."""
    r = subprocess.run([whosaid, 'eval', '--polnear', gold_dir, '--pred', pred_path,
                        '--format', 'json'], capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit('polnear_agreement: whosaid eval failed: ' + r.stderr.strip())
    return json.loads(r.stdout)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--whosaid', required=True)
    ap.add_argument('--polnear', required=True, help='PolNeAR data/annotator-training')
    args = ap.parse_args()
    text_dir = os.path.join(args.polnear, 'text')
    coders = annotators(os.path.join(args.polnear, 'attributions'))
    if len(coders) < 2:
        sys.exit('polnear_agreement: fewer than two annotators in ' + args.polnear)
    totals, per_pair = {}, []
    with tempfile.TemporaryDirectory() as tmp:
        for a in sorted(coders):
            for b in sorted(coders):
                common = sorted(set(coders[a]) & set(coders[b]))
                if a == b or not common:
                    continue
                ga = os.path.join(tmp, a + '-' + b, 'gold')
                gb = os.path.join(tmp, a + '-' + b, 'pred')
                folder(ga, text_dir, {s: coders[a][s] for s in common})
                folder(gb, text_dir, {s: coders[b][s] for s in common})
                pred = os.path.join(tmp, a + '-' + b, 'pred.jsonl')
                with open(pred, 'w') as f:
                    subprocess.run([sys.executable, os.path.join(HERE, 'polnear_eval.py'),
                                    'gold-pred', '--polnear', gb], stdout=f, check=True)
                rows = score(args.whosaid, ga, pred)
                per_pair.append(rows)
                for role, row in rows['all'].items():
                    t = totals.setdefault(role, [0, 0, 0, 0])
                    t[0] += row['gold']
                    t[1] += row['pred']
                    t[2] += row['exact']['matched'] if 'exact' in row else 0
                    t[3] += row['overlap']['matched'] if 'overlap' in row else row['matched']
    print('annotators: %d (%s); ordered pairs: %d; articles: %d'
          % (len(coders), ' '.join(sorted(coders)), len(per_pair),
             len(os.listdir(text_dir))))
    print('role      gold   pred  exact F1  overlap F1  (pooled)  exact F1 (mean of pairs)')
    for role in ('source', 'cue', 'content', 'linked'):
        if role not in totals:
            continue
        g, p, e, o = totals[role]
        f = lambda m: 2 * m / (g + p) if g + p else 0.0
        ex = '%8.3f' % f(e) if role != 'linked' else '       -'
        key = 'exact' if role != 'linked' else None
        pairs = [r['all'][role][key]['f1'] if key else r['all'][role]['f1'] for r in per_pair]
        print('%-8s %5d  %5d  %s  %10.3f  %10.3f'
              % (role, g, p, ex, f(o), sum(pairs) / len(pairs)))
    return 0


if __name__ == '__main__':
    sys.exit(main())
