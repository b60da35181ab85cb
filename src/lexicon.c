/* lexicon.c: case-insensitive lookups in the word lists generated from
 * data/lexicon/ (see tools/gen_lexicon.py for the tables' layout).
 *
 * Words and phrases of at most 16 bytes go through the perfect hashes: the
 * bytes are loaded as two 64-bit words, lower-cased eight at a time, hashed
 * with a few multiplications, and compared with the one slot they can be in,
 * first in the small table of function words, then in the rest.
 * Longer entries (phrases) are in the open-addressing table by FNV-1a. */
#include <string.h>

#include "internal.h"

#define ONES UINT64_C(0x0101010101010101)
#define HIGHS UINT64_C(0x8080808080808080)

/* Must match key_hash(), slot_of() and fingerprint() in
 * tools/gen_lexicon.py. */
#define C1 UINT64_C(0x9E3779B97F4A7C15)
#define C2 UINT64_C(0xC2B2AE3D27D4EB4F)
#define C3 UINT64_C(0xD6E8FEB86659FD93)

/* Loads 8 bytes as a little-endian word (byte k in bits 8k..8k+7). */
static inline uint64_t load8(const unsigned char *p) {
  uint64_t x;
  memcpy(&x, p, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
  x = __builtin_bswap64(x);
#endif
  return x;
}

/* Loads n <= 8 bytes as a little-endian word, zero-padded: reads p[0, 8)
 * when wide is set, else only p[0, n). */
static inline uint64_t load_n(const unsigned char *p, size_t n, bool wide) {
  if (n >= 8)
    return load8(p);
  if (wide)
    return load8(p) & ((UINT64_C(1) << (8 * n)) - 1);
  uint64_t x = 0;
  for (size_t i = n; i-- > 0;)
    x = (x << 8) | p[i];
  return x;
}

/* Lower-cases the ASCII capitals among eight packed bytes. */
static inline uint64_t lower8(uint64_t x) {
  uint64_t t = x & ~HIGHS;
  uint64_t ge_a = t + (0x80 - 'A') * ONES; /* High bit: byte >= 'A'. */
  uint64_t gt_z = t + (0x7F - 'Z') * ONES; /* High bit: byte > 'Z'. */
  return x | ((ge_a & ~gt_z & ~x & HIGHS) >> 2);
}

/* Keeps the first n bytes of a little-endian word: MASK[n] for n <= 8. */
static const uint64_t MASK[9] = {0,
                                 0xFF,
                                 0xFFFF,
                                 0xFFFFFF,
                                 0xFFFFFFFF,
                                 UINT64_C(0xFFFFFFFFFF),
                                 UINT64_C(0xFFFFFFFFFFFF),
                                 UINT64_C(0xFFFFFFFFFFFFFF),
                                 ~UINT64_C(0)};

/* Returns the slot of table t that the key (k0, k1) of len bytes with hash
 * h occupies, or NULL. */
static inline const ws__lex_key *probe(const ws__lex_table *t, uint64_t k0, uint64_t k1,
                                       size_t len, uint64_t h) {
  uint64_t b = ((h >> 32) * t->buckets) >> 32;
  uint64_t g = ((h ^ t->disp[b]) * C3) >> 32;
  uint32_t i = (uint32_t)((g * t->size) >> 32);
  if (t->fp[i] != (uint8_t)g)
    return NULL;
  const ws__lex_key *k = &t->slots[i];
  if (k->len != len || k->k0 != k0 || (len > 8 && t->k1[i] != k1))
    return NULL;
  return k;
}

/* Returns the classes of the key in table t, 0 when it is not there:
 * without branches, so that the tokenizer goes on while the slot loads. */
static inline uint32_t classes_in(const ws__lex_table *t, uint64_t k0, uint64_t k1,
                                  size_t len, uint64_t h) {
  uint64_t b = ((h >> 32) * t->buckets) >> 32;
  uint64_t g = ((h ^ t->disp[b]) * C3) >> 32;
  uint32_t i = (uint32_t)((g * t->size) >> 32);
  const ws__lex_key *k = &t->slots[i];
  uint64_t diff = (k->k0 ^ k0) | (t->k1[i] ^ k1) | (uint64_t)(k->len ^ len);
  return k->classes & ((uint32_t)0 - (uint32_t)(diff == 0));
}

uint32_t ws__lex_classes_key(uint64_t k0, uint64_t k1, size_t len) {
  uint64_t h = (k0 ^ (k1 * C2 + (uint64_t)len)) * C1;
  return classes_in(&ws__lex_hot, k0, k1, len, h) |
         classes_in(&ws__lex_rest, k0, k1, len, h);
}

/* Returns the slot of s[0, len) (1 <= len <= 16) in the perfect hashes, or
 * NULL when it is in no list. With avail >= 16, the loads take no branch on
 * the length. */
static inline const ws__lex_key *perfect_find(const char *s, size_t len, size_t avail) {
  const unsigned char *u = (const unsigned char *)s;
  uint64_t k0, k1;
  if (avail >= 16) {
    k0 = lower8(load8(u) & MASK[len < 8 ? len : 8]);
    k1 = lower8(load8(u + 8) & MASK[len > 8 ? len - 8 : 0]);
  } else {
    k0 = lower8(load_n(u, len, false));
    k1 = len > 8 ? lower8(load_n(u + 8, len - 8, false)) : 0;
  }
  uint64_t h = (k0 ^ (k1 * C2 + (uint64_t)len)) * C1;
  const ws__lex_key *k = probe(&ws__lex_hot, k0, k1, len, h);
  return k ? k : probe(&ws__lex_rest, k0, k1, len, h);
}

/* FNV-1a over the ASCII-lower-cased bytes; must match gen_lexicon.py. */
static uint32_t hash_lower(const char *s, size_t len) {
  uint32_t h = 0x811C9DC5u;
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c >= 'A' && c <= 'Z')
      c += 32;
    h ^= c;
    h *= 0x01000193u;
  }
  return h;
}

/* Compares s with a lower-case key, folding ASCII case in s. */
static bool equal_lower(const char *s, const char *key, size_t len) {
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c >= 'A' && c <= 'Z')
      c += 32;
    if (c != (unsigned char)key[i])
      return false;
  }
  return true;
}

/* Looks up an entry longer than 16 bytes in the FNV-1a table. */
static const ws__lex_entry *long_find(const char *s, size_t len) {
  size_t mask = ws__lex_table_size - 1;
  size_t i = hash_lower(s, len) & mask;
  for (;;) {
    uint16_t n = ws__lex_slots[i];
    if (!n)
      return NULL;
    const ws__lex_entry *e = &ws__lex_entries[n];
    if (e->len == len && equal_lower(s, e->word, len))
      return e;
    i = (i + 1) & mask;
  }
}

const ws__lex_entry *ws__lex_find(const char *s, size_t len) {
  if (len == 0 || len > 255)
    return NULL;
  if (len > 16)
    return long_find(s, len);
  const ws__lex_key *k = perfect_find(s, len, len);
  return k ? &ws__lex_entries[k->entry] : NULL;
}

uint32_t ws__lex_classes_at(const char *s, size_t len, size_t avail) {
  if (len == 0 || len > 255)
    return 0;
  if (len > 16) {
    const ws__lex_entry *e = long_find(s, len);
    return e ? e->classes : 0;
  }
  if (avail >= 16) {
    const unsigned char *u = (const unsigned char *)s;
    return ws__lex_classes_key(lower8(load8(u) & MASK[len < 8 ? len : 8]),
                               lower8(load8(u + 8) & MASK[len > 8 ? len - 8 : 0]), len);
  }
  const ws__lex_key *k = perfect_find(s, len, avail);
  return k ? k->classes : 0;
}

uint32_t ws__lex_classes(const char *s, size_t len) {
  return ws__lex_classes_at(s, len, len);
}
