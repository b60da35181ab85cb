/* lexicon.c: case-insensitive lookups in the word lists generated from
 * data/lexicon/ (see tools/gen_lexicon.py for the table's layout). */
#include <string.h>

#include "internal.h"

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

const ws__lex_entry *ws__lex_find(const char *s, size_t len) {
  if (len == 0 || len > 255)
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

uint32_t ws__lex_classes(const char *s, size_t len) {
  const ws__lex_entry *e = ws__lex_find(s, len);
  return e ? e->classes : 0;
}
