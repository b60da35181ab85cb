/* lexicon.c: case-insensitive lookups in the word lists generated from
 * data/lexicon/ (see tools/gen_lexicon.py for the tables' layout).
 *
 * Words and phrases of at most 16 bytes go through the perfect hash: the
 * bytes are loaded as two 64-bit words, lower-cased eight at a time, hashed
 * with a few multiplications, and compared with the one slot they can be in,
 * without a branch, so that the tokenizer runs on while the slot loads.
 * Longer entries (phrases) are in the open-addressing table, hashed eight
 * bytes at a time. */
#include <string.h>

#include "internal.h"

#define ONES UINT64_C(0x0101010101010101)
#define HIGHS UINT64_C(0x8080808080808080)

#define load8 ws__load8

/* Loads four bytes as a little-endian word. */
static inline uint32_t load4(const unsigned char *p) {
  uint32_t x;
  memcpy(&x, p, 4);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
  x = __builtin_bswap32(x);
#endif
  return x;
}

/* Loads n bytes (1 <= n <= 8) as a little-endian word, zero-padded, reading
 * p[0, n) only: two overlapping loads of four bytes, or three single bytes
 * below four. */
static inline uint64_t load_n(const unsigned char *p, size_t n) {
  if (n >= 4)
    return (uint64_t)load4(p) | ((uint64_t)load4(p + n - 4) << (8 * (n - 4)));
  return (uint64_t)p[0] | ((uint64_t)p[n >> 1] << (8 * (n >> 1))) |
         ((uint64_t)p[n - 1] << (8 * (n - 1)));
}

/* Loads bytes 8 to n - 1 of p (9 <= n <= 16) as a little-endian word,
 * zero-padded, reading p[0, n) only: one load of the last eight bytes. */
static inline uint64_t load_tail(const unsigned char *p, size_t n) {
  return load8(p + n - 8) >> (8 * (16 - n));
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

/* True when slot k holds the key. */
static inline bool holds(const ws__lex_key *k, uint64_t k0, uint64_t k1, size_t len) {
  return ((k->k0 ^ k0) | (k->k1 ^ k1) | (uint64_t)(k->len ^ len)) == 0;
}

uint32_t ws__lex_classes_key(uint64_t k0, uint64_t k1, size_t len) {
  return ws__lex_key_classes(k0, k1, len);
}

/* Packs s[0, len) (1 <= len <= 16) into two lower-cased words; reads 16
 * bytes when avail >= 16, else only len. */
static inline void pack(const char *s, size_t len, size_t avail, uint64_t *k0,
                        uint64_t *k1) {
  const unsigned char *u = (const unsigned char *)s;
  if (avail >= 16) {
    *k0 = lower8(load8(u) & MASK[len < 8 ? len : 8]);
    *k1 = lower8(load8(u + 8) & MASK[len > 8 ? len - 8 : 0]);
  } else if (len > 8) {
    *k0 = lower8(load8(u));
    *k1 = lower8(load_tail(u, len));
  } else {
    *k0 = lower8(load_n(u, len));
    *k1 = 0;
  }
}

/* The eight bytes of s from i on (i + 8 <= len), or the last fewer than
 * eight zero-padded, lower-cased. */
static inline uint64_t chunk_lower(const unsigned char *s, size_t i, size_t len) {
  return lower8(i + 8 <= len ? load8(s + i) : load_n(s + i, len - i));
}

/* The hash of the open-addressing table: the lower-cased bytes eight at a
 * time, multiplied in; must match long_hash in gen_lexicon.py. */
static uint64_t hash_lower(const char *s, size_t len) {
  const unsigned char *u = (const unsigned char *)s;
  uint64_t h = (uint64_t)len * WS__LEX_C2;
  for (size_t i = 0; i < len; i += 8)
    h = (h ^ chunk_lower(u, i, len)) * WS__LEX_C1;
  return h >> 32;
}

/* Compares s with a lower-case key, folding ASCII case in s, eight bytes at
 * a time. */
static bool equal_lower(const char *s, const char *key, size_t len) {
  const unsigned char *u = (const unsigned char *)s, *k = (const unsigned char *)key;
  for (size_t i = 0; i < len; i += 8) {
    size_t n = len - i < 8 ? len - i : 8;
    if (chunk_lower(u, i, len) != (n == 8 ? load8(k + i) : load_n(k + i, n)))
      return false;
  }
  return true;
}

/* The bit of ws__lex_long_filter for a key of len > 16 bytes whose first
 * eight lower-cased bytes are k0; must match long_filter_bit in
 * gen_lexicon.py. */
static inline uint64_t long_filter_bit(uint64_t k0, size_t len) {
  return ((k0 ^ (uint64_t)len * WS__LEX_C2) * WS__LEX_C1) >> (64 - WS__LEX_LONG_FILTER_BITS);
}

/* Looks up an entry longer than 16 bytes in the open-addressing table. */
static const ws__lex_entry *long_find(const char *s, size_t len) {
  uint64_t bit = long_filter_bit(lower8(load8((const unsigned char *)s)), len);
  if (!(ws__lex_long_filter[bit >> 6] >> (bit & 63) & 1))
    return NULL;
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
  uint64_t k0, k1;
  pack(s, len, len, &k0, &k1);
  const ws__lex_key *k = ws__lex_slot(k0, k1, len);
  return holds(k, k0, k1, len) ? &ws__lex_entries[k->entry] : NULL;
}

uint32_t ws__lex_classes_at(const char *s, size_t len, size_t avail) {
  if (len == 0 || len > 255)
    return 0;
  if (len > 16) {
    const ws__lex_entry *e = long_find(s, len);
    return e ? e->classes : 0;
  }
  uint64_t k0, k1;
  pack(s, len, avail, &k0, &k1);
  return ws__lex_classes_key(k0, k1, len);
}

uint32_t ws__lex_classes(const char *s, size_t len) {
  return ws__lex_classes_at(s, len, len);
}
