#!/usr/bin/env python3
"""Compiles the word lists in data/lexicon/ into a C hash table.

Usage: gen_lexicon.py LEXICON_DIR OUTPUT.c

Each file NAME.txt is one word class, WS__LEX_<NAME> in src/internal.h
(upper-cased, '-' becomes '_'). Each file rare/NAME.txt is one rare class,
WS__LEXR_<NAME>: single words that only a few rules ask about, through
ws__lex_find(); they are not in a token's classes (all 32 bits of those are
taken). A line holds one entry: a word or a phrase
of several words separated by single spaces, then optionally a tab and a
lemma (for verbs: the form to report as the cue's lemma). '#' starts a
comment. Lookups are case-insensitive for ASCII letters; the entries are
stored lower-cased. A word in several files gets all their classes.

The output is a compact array of entries and a static open-addressing table
of 16-bit entry numbers keyed by a hash of the lower-cased bytes taken eight
at a time (long_hash):
lookups need no start-up work, and a word in no list usually costs one probe
into a table small enough to stay in cache.

The tokenizer looks words up in a second table, a perfect hash (hash and
displace, as gperf and CHD do) over the entries of at most 16 bytes. An
entry's lower-cased bytes are packed into two little-endian 64-bit words k0
and k1 and hashed (key_hash); the hash picks a bucket, the bucket's
displacement picks the one slot the entry can be in (slot_of). A slot is 32
bytes, the packed key beside the classes, so a lookup reads one displacement
(a small array that stays in cache) and one slot, and compares two words: no
probing, no string compare, no branch. The numbers of buckets and slots are
fixed powers of two (BUCKET_BITS, SLOT_BITS, the same as WS__LEX_BUCKET_BITS
and WS__LEX_SLOT_BITS in src/internal.h), so that the tokenizer finds a slot
with shifts rather than multiplications by a table size; the generator stops
when the entries outgrow them. key_hash, bucket_of and slot_of must match
ws__lex_slot in src/internal.h.
"""
import os
import sys


M64 = (1 << 64) - 1
C1 = 0x9E3779B97F4A7C15
C2 = 0xC2B2AE3D27D4EB4F
C3 = 0xD6E8FEB86659FD93


def long_hash(key: bytes) -> int:
    """The hash of the open-addressing table: eight lower-cased bytes at a
    time (the last zero-padded), multiplied in; must match hash_lower in
    src/lexicon.c."""
    h = (len(key) * C2) & M64
    for i in range(0, len(key), 8):
        h = ((h ^ int.from_bytes(key[i:i + 8].ljust(8, b"\0"), "little")) * C1) & M64
    return h >> 32


def long_filter_bit(key: bytes) -> int:
    """The filter bit of a key longer than 16 bytes: its length and first
    eight bytes, hashed; must match long_filter_bit in src/lexicon.c."""
    k0 = int.from_bytes(key[:8], "little")
    return (((k0 ^ ((len(key) * C2) & M64)) * C1) & M64) >> (64 - LONG_FILTER_BITS)


def long_filter_c(keys):
    """The C array of the filter over the keys longer than 16 bytes."""
    words = [0] * ((1 << LONG_FILTER_BITS) // 64)
    for key in keys:
        if len(key) > 16:
            bit = long_filter_bit(key)
            words[bit >> 6] |= 1 << (bit & 63)
    out = ["/* Keys longer than 16 bytes: the filter in front of ws__lex_slots. */",
           "const uint64_t ws__lex_long_filter[%d] = {" % len(words)]
    for i in range(0, len(words), 4):
        out.append("  " + ", ".join("UINT64_C(0x%016x)" % w for w in words[i:i + 4]) + ",")
    out.append("};")
    return out


def packed(key: bytes):
    """Bytes 0-7 and 8-15 of key as little-endian words, zero-padded."""
    head = key.ljust(16, b"\0")
    return int.from_bytes(head[:8], "little"), int.from_bytes(head[8:16], "little")


def key_hash(key: bytes) -> int:
    k0, k1 = packed(key)
    return ((k0 ^ (((k1 * C2) + len(key)) & M64)) * C1) & M64


# The perfect hash's table sizes: 2^BUCKET_BITS buckets, 2^SLOT_BITS slots.
BUCKET_BITS = 12
SLOT_BITS = 14
# Bits of the filter in front of the open-addressing table for keys longer
# than 16 bytes (WS__LEX_LONG_FILTER_BITS in src/internal.h).
LONG_FILTER_BITS = 12


def bucket_of(h: int) -> int:
    return h >> (64 - BUCKET_BITS)


def slot_of(h: int, disp: int) -> int:
    return (((h ^ disp) * C3) & M64) >> (64 - SLOT_BITS)


def perfect_table(keys):
    """Returns (displacements, slots) for the keys: slots[i] is the index in
    keys of the key in slot i, or -1."""
    size, nbuckets = 1 << SLOT_BITS, 1 << BUCKET_BITS
    if len(keys) > size * 4 // 5:
        sys.exit("gen_lexicon: %d entries of at most 16 bytes are too many for %d slots: "
                 "raise SLOT_BITS here and WS__LEX_SLOT_BITS in src/internal.h" % (len(keys), size))
    hashes = [key_hash(k) for k in keys]
    buckets = [[] for _ in range(nbuckets)]
    for n, h in enumerate(hashes):
        buckets[bucket_of(h)].append(n)
    order = sorted(range(nbuckets), key=lambda b: -len(buckets[b]))
    disp = [0] * nbuckets
    slots = [-1] * size
    for b in order:
        if not buckets[b]:
            break
        for d in range(1 << 16):
            pos = [slot_of(hashes[n], d) for n in buckets[b]]
            if len(set(pos)) == len(pos) and all(slots[p] < 0 for p in pos):
                break
        else:
            sys.exit("gen_lexicon: no perfect hash found")
        disp[b] = d
        for n, p in zip(buckets[b], pos):
            slots[p] = n
    return disp, slots


def perfect_c(keys, entries, number):
    """The C definitions of ws__lex_perfect_slots and ws__lex_perfect_disp,
    a perfect hash of keys."""
    disp, slots = perfect_table(keys)
    out = ["/* The perfect hash: 32-byte slots (two to a cache line), displacements. */"]
    out.append("_Alignas(64) const ws__lex_key ws__lex_perfect_slots[%d] = {" % len(slots))
    for p in slots:
        if p < 0:
            out.append("  {0, 0, 0, 0, 0, {0}},")
            continue
        key = keys[p]
        k0, k1 = packed(key)
        out.append("  {0x%016xu, 0x%016xu, %s, %d, %d, {0}}," %
                   (k0, k1, " | ".join(sorted(entries[key][0])) or "0", number[key], len(key)))
    out.append("};")
    out.append("const uint16_t ws__lex_perfect_disp[%d] = {" % len(disp))
    for i in range(0, len(disp), 16):
        out.append("  " + ", ".join(str(v) for v in disp[i:i + 16]) + ",")
    out.append("};")
    return out


def c_string(b: bytes) -> str:
    out = []
    for ch in b:
        if ch in (0x22, 0x5C):
            out.append("\\" + chr(ch))
        elif 0x20 <= ch < 0x7F:
            out.append(chr(ch))
        else:
            out.append("\\%03o" % ch)
    return '"' + "".join(out) + '"'


def ascii_lower(s: str) -> bytes:
    b = s.encode("utf-8")
    return bytes(c + 32 if 65 <= c <= 90 else c for c in b)


def main() -> int:
    src, dst = sys.argv[1], sys.argv[2]
    entries = {}  # key bytes -> [classes set, lemma]
    rare = {}  # key bytes -> set of rare classes
    lists = [(name, "WS__LEX_") for name in sorted(os.listdir(src)) if name.endswith(".txt")]
    rare_dir = os.path.join(src, "rare")
    if os.path.isdir(rare_dir):
        lists += [(os.path.join("rare", name), "WS__LEXR_")
                  for name in sorted(os.listdir(rare_dir)) if name.endswith(".txt")]
    for name, prefix in lists:
        cls = prefix + os.path.basename(name)[:-4].upper().replace("-", "_")
        with open(os.path.join(src, name), encoding="utf-8") as f:
            for lineno, line in enumerate(f, 1):
                line = line.split("#", 1)[0].rstrip()
                if not line.strip():
                    continue
                parts = line.split("\t")
                word = " ".join(parts[0].split())
                lemma = parts[1].strip() if len(parts) > 1 and parts[1].strip() else None
                key = ascii_lower(word)
                if len(key) > 255:
                    sys.exit(f"{name}:{lineno}: entry too long")
                if prefix == "WS__LEXR_":
                    if b" " in key or lemma:
                        sys.exit(f"{name}:{lineno}: a rare class holds single words, no lemmas")
                    entries.setdefault(key, [set(), None])
                    rare.setdefault(key, set()).add(cls)
                    continue
                e = entries.setdefault(key, [set(), None])
                e[0].add(cls)
                if lemma and not e[1]:
                    e[1] = lemma
    # The first word of every phrase is marked, so that lookups of phrases
    # can be skipped at words that start none.
    for key in list(entries):
        if b" " in key:
            head = key.split(b" ", 1)[0]
            entries.setdefault(head, [set(), None])[0].add("WS__LEX_PHRASE_HEAD")
    # The engine looks up a speech-verb phrase ("points out") only when the
    # word after its head is a function word or "clear" (src/attrib.c,
    # cue_word): every such phrase must keep to that.
    for key, (cls, _) in entries.items():
        words = key.split(b" ")
        if "WS__LEX_SPEECH_VERBS" in cls and len(words) > 1:
            second = entries.get(words[1], [set()])[0]
            if "WS__LEX_FUNCTION_WORDS" not in second and words[1] != b"clear":
                sys.exit("speech-verbs.txt: %r: the word after the first must be a function "
                         "word or 'clear' (see cue_word in src/attrib.c)" % key.decode())
    lemmas = sorted({e[1] for e in entries.values() if e[1]})
    lemma_id = {l: i + 1 for i, l in enumerate(lemmas)}
    size = 1
    while size < 2 * len(entries) + 16:
        size *= 2
    keys = sorted(entries)
    if len(keys) >= 65535:
        sys.exit("too many lexicon entries for 16-bit slots")
    slots = [0] * size
    for n, key in enumerate(keys, 1):
        i = long_hash(key) & (size - 1)
        while slots[i]:
            i = (i + 1) & (size - 1)
        slots[i] = n
    out = []
    out.append("/* Generated by tools/gen_lexicon.py from data/lexicon/; do not edit. */")
    out.append('#include "internal.h"\n')
    out.append("const char *const ws__lex_lemmas[] = {NULL,")
    for l in lemmas:
        out.append("  %s," % c_string(l.encode("utf-8")))
    out.append("};")
    out.append("const size_t ws__lex_lemma_count = %d;\n" % (len(lemmas) + 1))
    out.append("/* Entry 0 is unused: slot value 0 means empty. */")
    out.append("const ws__lex_entry ws__lex_entries[%d] = {" % (len(keys) + 1))
    out.append("  {NULL, 0, 0, 0, 0},")
    for key in keys:
        cls, lemma = entries[key]
        mask = " | ".join(sorted(cls)) or "0"
        rmask = " | ".join(sorted(rare.get(key, ()))) or "0"
        out.append("  {%s, %d, %s, %d, %s}," % (c_string(key), len(key), mask,
                                               lemma_id.get(lemma, 0), rmask))
    out.append("};")
    out.append("/* Open addressing by long_hash of the lower-cased bytes: entry numbers. */")
    out.append("const uint16_t ws__lex_slots[%d] = {" % size)
    for i in range(0, size, 16):
        out.append("  " + ", ".join(str(v) for v in slots[i:i + 16]) + ",")
    out.append("};")
    out.append("const size_t ws__lex_table_size = %d;" % size)
    out.extend(long_filter_c(keys))
    # The perfect hash for the tokenizer (see the module comment).
    number = {k: n for n, k in enumerate(keys, 1)}
    out.extend(perfect_c([k for k in keys if len(k) <= 16], entries, number))
    tmp = dst + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")
    os.replace(tmp, dst)
    return 0


if __name__ == "__main__":
    sys.exit(main())
