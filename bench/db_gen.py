#!/usr/bin/python3
"""Generates whosaid JSONL (document and statement records, as
`whosaid extract --format jsonl --emit-documents` writes them) for the
statement database benchmark: N statements in documents of 1 to 20
statements, by speakers drawn from a Zipf-like distribution over made-up
names (persons with shared surnames, organisations with acronyms), words
drawn from a Zipf-like vocabulary, dates over two years, a few channels
and outlets. Deterministic for a given seed.

Usage: db_gen.py N [SEED] > statements.jsonl
"""
import json
import random
import sys

FIRST_F = ["Anna", "Maria", "Laura", "Kim", "Tricia", "Elena", "Sofia", "Helen", "Grace",
           "Nadia", "Olivia", "Priya", "Ruth", "Sara", "Yuki", "Zoe", "Ines", "Clara"]
FIRST_M = ["Mark", "John", "David", "Tomasz", "Ravi", "Peter", "Luis", "Omar", "Karl",
           "Ivan", "Felix", "Hugo", "Jonas", "Milan", "Noah", "Paul", "Sean", "Wade"]
SURNAMES = ["Kelly", "Smith", "Varga", "Brenner", "McLaughlin", "Kardashian", "Achebe",
            "Lindqvist", "Doherty", "Hughes", "Walsh", "Keane", "Okafor", "Nakamura",
            "Rossi", "Novak", "Silva", "Haddad", "Kowalski", "Jensen", "Moreau", "Schmidt",
            "Tanaka", "Garcia", "Ivanova", "Costa", "Murphy", "Dubois", "Fischer", "Larsen"]
ORG_WORDS = ["Department", "Ministry", "Agency", "Council", "Bureau", "Commission"]
ORG_TOPICS = ["Homeland Security", "Water Resources", "Public Health", "Transport",
              "Energy", "Housing", "Trade", "Education", "Justice", "Finance",
              "Agriculture", "Labour", "Defence", "Culture", "Environment"]
CHANNELS = ["X", "Instagram", "a statement", "reporters", "a news conference", "CNN",
            "Facebook", "a podcast", None, None, None]
OUTLETS = ["herald.example", "dailynews.example", "wire.example", "times.example",
           "post.example", "gazette.example"]
VOCAB_CORE = ["deport", "deportation", "border", "tariff", "tariffs", "budget", "water",
              "housing", "election", "vote", "court", "ruling", "strike", "union", "school",
              "hospital", "police", "fire", "climate", "energy", "price", "prices", "jobs"]
FILLER = ["the", "we", "will", "not", "a", "to", "of", "and", "is", "that", "this", "our",
          "people", "they", "have", "be", "are", "it", "for", "on", "with", "as", "was",
          "were", "said", "plan", "time", "year", "week", "city", "state", "country",
          "government", "policy", "law", "money", "families", "workers", "children",
          "community", "public", "safety", "support", "need", "must", "can", "should"]


def speakers(rng, n):
    """Makes n speakers: (full name, kind, gender, acronym or None)."""
    out, seen = [], set()
    while len(out) < n:
        r = rng.random()
        if r < 0.12:
            w, t = rng.choice(ORG_WORDS), rng.choice(ORG_TOPICS)
            name = f"{w} of {t}"
            acro = "".join(x[0] for x in name.split() if x[0].isupper())
            item = (name, "organisation", None, acro)
        else:
            female = rng.random() < 0.45
            first = rng.choice(FIRST_F if female else FIRST_M)
            sur = rng.choice(SURNAMES) + ("" if rng.random() < 0.3 else str(rng.randint(1, 900)))
            item = (f"{first} {sur}", "person", "female" if female else "male", None)
        if item[0] not in seen:
            seen.add(item[0])
            out.append(item)
    return out


def zipf_index(rng, n, s=1.1):
    """An index in [0, n) drawn with probability ~ 1/(i+1)^s (by inversion
    on a precomputed table is overkill; rejection is fine here)."""
    while True:
        i = int(n ** rng.random()) - 1
        if 0 <= i < n and rng.random() < 1.0 / (1 + i) ** (s - 1.0):
            return i


def vocabulary(rng, size=20000):
    """A vocabulary in order of frequency: the filler words first, made-up
    words after, and the topic words of the benchmark's queries spread over
    ranks 100 to 2000, so each is in roughly 0.05% to 1% of statements, as
    topical words are in news."""
    syll = ["ba", "ko", "ri", "ten", "lo", "mar", "vi", "den", "sa", "tor", "ul", "pe",
            "gan", "mi", "ros", "cha", "el", "fu", "nor", "qua"]
    words, seen = list(FILLER), set(FILLER) | set(VOCAB_CORE)
    while len(words) < size:
        w = "".join(rng.choice(syll) for _ in range(rng.randint(2, 4)))
        if w not in seen:
            seen.add(w)
            words.append(w)
    for i, w in enumerate(VOCAB_CORE):
        words.insert(100 + i * 80, w)
    return words


def make_sentence(rng, words, cum):
    """A statement's words, drawn with Zipf frequencies (s = 1)."""
    import bisect
    n = rng.randint(8, 30)
    out = [words[bisect.bisect_left(cum, rng.random() * cum[-1])] for _ in range(n)]
    out[0] = out[0].capitalize()
    return " ".join(out) + "."


def main():
    n = int(sys.argv[1])
    rng = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 1)
    people = speakers(rng, max(50, n // 20))
    words = vocabulary(rng)
    cum, total = [], 0.0
    for i in range(len(words)):
        total += 1.0 / (i + 1)
        cum.append(total)
    out = sys.stdout
    written, doc_no = 0, 0
    while written < n:
        doc_no += 1
        k = min(n - written, rng.randint(1, 20))
        date = f"{rng.choice([2024, 2025])}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        outlet = rng.choice(OUTLETS)
        url = f"https://{outlet}/news/{doc_no}"
        doc = f"doc-{doc_no}"
        who = [people[zipf_index(rng, len(people))] for _ in range(rng.randint(1, 4))]
        texts, pos = [], 0
        stmts = []
        for i in range(k):
            name, kind, gender, acro = rng.choice(who)
            words_ = make_sentence(rng, words, cum)
            start = pos + 1
            pos = start + len(words_.encode()) + 12
            first_use = all(s["speaker"] != name for s in stmts)
            if kind == "organisation":
                mention = name if first_use else (acro if rng.random() < 0.5 else "it")
            elif first_use:
                mention = name
            else:
                mention = rng.choice(["she" if gender == "female" else "he",
                                      name.split()[-1],
                                      ("Ms. " if gender == "female" else "Mr. ") + name.split()[-1]])
            channel = rng.choice(CHANNELS)
            addressee = None
            if channel == "X" and rng.random() < 0.2:
                other = people[zipf_index(rng, len(people))][0]
                addressee = "@" + other.replace(" ", "")
            stmts.append({"doc": doc, "url": url, "doc_date": date, "title": f"Story {doc_no}",
                          "kind": rng.choice(["direct", "direct", "indirect", "mixed"]),
                          "text": words_, "start": start,
                          "end": start + len(words_.encode()),
                          "group": i + 1, "speaker": name,
                          "speaker_role": rng.choice([None, "spokesperson", "minister",
                                                      "the mayor", None]),
                          "speaker_mention": {"text": mention, "start": 0, "end": len(mention)},
                          "cue": {"text": "said", "start": 0, "end": 4}, "channel": channel,
                          "date": None, "addressee": addressee, "figures": [],
                          "confidence": 0.9})
            texts.append(words_)
        for s in stmts:
            out.write(json.dumps(s, separators=(",", ":")) + "\n")
        written += k


if __name__ == "__main__":
    main()
