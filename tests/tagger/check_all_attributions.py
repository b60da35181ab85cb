#!/usr/bin/env python3
"""check_all_attributions.py: the learned tagger inside the engine with
--all-attributions, where spans follow PolNeAR's conventions.

Usage: check_all_attributions.py WHOSAID

The article below is original. The checks: with --all-attributions the
content of "argued that CLAUSE" keeps its "that" (PolNeAR's content does),
without it whosaid's contract leaves "that" out; a stance whose content is
one word ("has not mentioned transit") is reported with --all-attributions;
a stance ("opposes the plan", "supports the plan": cues that no word list
holds, which only the tagger finds) is not reported by default, and at
least one of the two is with --all-attributions (the tagger is a
statistical model: a retrained model may tip either one sentence below
its threshold, so the check asks for one of two). Exits 0 when all hold,
else 1 with one line per failed check."""
import json
import subprocess
import sys
import tempfile

ARTICLE = """The city council met on Tuesday to discuss the new bus routes.

Mayor Ana Ruiz argued that the routes would cut travel times for most commuters.

Her rival, Paul Brandt, has not mentioned transit.

Brandt strongly opposes the plan.

The drivers' union supports the plan because it adds night buses.
"""

FAILED = []


def check(cond, what):
    if not cond:
        FAILED.append(what)
        print("FAIL:", what)


def statements(whosaid, path, *flags):
    p = subprocess.run([whosaid, "extract", "--format", "jsonl", *flags, path],
                       capture_output=True, timeout=60)
    check(p.returncode == 0, "whosaid extract %s exits with 0" % " ".join(flags))
    return [json.loads(line) for line in p.stdout.decode("utf-8").splitlines() if line]


def by_cue(stmts, word):
    return [s for s in stmts if s.get("cue") and word in s["cue"]["text"]]


def main(argv):
    whosaid = argv[1]
    with tempfile.NamedTemporaryFile("w", suffix=".txt", encoding="utf-8") as f:
        f.write(ARTICLE)
        f.flush()
        every = statements(whosaid, f.name, "--all-attributions")
        default = statements(whosaid, f.name)
    argued = by_cue(every, "argued")
    check(len(argued) == 1 and argued[0]["text"].startswith("that the routes"),
          "--all-attributions: the content of 'argued that ...' keeps 'that'")
    argued = by_cue(default, "argued")
    check(len(argued) == 1 and argued[0]["text"].startswith("the routes"),
          "default: the content of 'argued that ...' leaves 'that' out")
    mentioned = by_cue(every, "mentioned")
    check(len(mentioned) == 1 and mentioned[0]["text"] == "transit"
          and "Paul Brandt" in (mentioned[0].get("speaker_mention") or {}).get("text", ""),
          "--all-attributions: a one-word stance content is kept, with its source")
    check(not by_cue(default, "opposes") and not by_cue(default, "supports"),
          "default: no stance is reported")
    check(by_cue(every, "opposes") or by_cue(every, "supports"),
          "--all-attributions: a stance ('opposes' or 'supports') is reported")
    return 1 if FAILED else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
