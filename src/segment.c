/* segment.c: splits a document into tokens, paragraphs and sentences.
 *
 * The scanner works on bytes with a class table, in one pass, in time linear
 * in the input; the common ASCII word is classified sixteen bytes at a time
 * (SSE2 on x86-64; eight at a time elsewhere or with -DWS_NO_SIMD), and on
 * x86-64 the common run of words, spaces, punctuation and curly quotation
 * marks is one loop (plain_words) that tokenize calls at a letter. Tokens
 * are (offset, length) pairs into the input; nothing is copied. Invalid
 * UTF-8 and NUL bytes are skipped as if they were spaces and reported as
 * warnings. Quotation marks are found here and paired by quote.c; sentences
 * are split afterwards so that they never end inside a quotation. A single
 * line break ends a paragraph. */
#include <stddef.h>
#include <string.h>
#if defined(__SSE2__) && defined(__x86_64__) && !defined(WS_NO_SIMD)
#include <emmintrin.h>
#define WS__SSE2_WORDS 1
#endif

#include "internal.h"

/* Keeps a function out of its callers, so that its loop has the
 * registers to itself (GCC and Clang). */
#if defined(__GNUC__)
#define WS__NOINLINE __attribute__((noinline))
#else
#define WS__NOINLINE
#endif

/* Tell GCC and Clang that a condition is rarely (or mostly) true, so that
 * the code for the usual case comes first, without jumps. */
#if defined(__GNUC__)
#define WS__UNLIKELY(x) __builtin_expect(!!(x), 0)
#define WS__LIKELY(x) __builtin_expect(!!(x), 1)
#else
#define WS__UNLIKELY(x) (x)
#define WS__LIKELY(x) (x)
#endif

/* Keeps GCC from packing a token's four 32-bit fields into a vector before
 * storing them, which takes twice the instructions of four stores. */
#if defined(__GNUC__) && !defined(__clang__)
#define WS__SCALAR_STORES __attribute__((optimize("no-tree-slp-vectorize")))
#else
#define WS__SCALAR_STORES
#endif

/* The most warnings of one kind kept per document; the rest are counted. */
enum { WS__MAX_WARNINGS = 20 };

/* Byte classes for the ASCII range. */
enum { C_OTHER = 0, C_SPACE, C_NEWLINE, C_ALPHA, C_DIGIT, C_QUOTE, C_AT, C_HIGH, C_NUL };

/* The 16-byte constants of plain_words: the 0x20 bit, and the bias and
 * the top of the ranges of letters and of digits (see out_of_range16). */
enum { LANE_BIT5, LANE_LETTER_BIAS, LANE_LETTER_TOP, LANE_DIGIT_BIAS, LANE_DIGIT_TOP, LANES };

/* The byte tables, in one object so that a loop reaches them all from one
 * register. */
static struct byte_tables {
  unsigned char cls[256];
  /* 1 for the bytes after an ASCII word that make it more than the plain
   * word of plain_words (or fast_word without SSE2): an apostrophe, a
   * hyphen, a period or a non-ASCII byte. */
  unsigned char goes_on[256];
  /* 1 for the ASCII bytes that are no letter or digit: after "said." or
   * "Smith'" or "pro-" such a byte shows that the ' - . does not join a
   * longer word (scan_word), so the word ends before it. */
  unsigned char ends[256];
  /* 16 bytes of 0xFF, then 16 of 0: the 16 bytes that end at
   * keep + 16 - n keep the first n bytes of a vector. */
  unsigned char keep[32];
  /* The constants of plain_words' loop (LANE_*, each in 16 bytes, and the
   * lexicon's multipliers), in this writable object so that the compiler
   * takes them from memory as operands rather than building them again in
   * registers at every word. */
  _Alignas(16) unsigned char lane[LANES][16];
  uint64_t mul[3];
} bytes = {
    .keep = {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
             0xFF},
#define LANE16(x) {x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x}
    .lane = {LANE16(0x20), LANE16(0x80 - 'a'), LANE16(0x80 + 25), LANE16(0x80 - '0'),
             LANE16(0x80 + 9)},
#undef LANE16
    .mul = {WS__LEX_C1, WS__LEX_C2, WS__LEX_C3},
};
#define byte_class bytes.cls
#define word_goes_on bytes.goes_on
#define word_ends bytes.ends
static bool classes_ready;

/* Fills the byte class table once. Racing threads write identical values. */
static void init_classes(void) {
  if (classes_ready)
    return;
  for (int c = 0; c < 256; c++) {
    unsigned char k = C_OTHER;
    if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v')
      k = C_SPACE;
    else if (c == '\n')
      k = C_NEWLINE;
    else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
      k = C_ALPHA;
    else if (c >= '0' && c <= '9')
      k = C_DIGIT;
    else if (c == '"' || c == '\'' || c == '`')
      k = C_QUOTE;
    else if (c == '@' || c == '#')
      k = C_AT;
    else if (c >= 0x80)
      k = C_HIGH;
    else if (c == 0)
      k = C_NUL;
    byte_class[c] = k;
    word_goes_on[c] = c == '\'' || c == '-' || c == '.' || c >= 0x80;
    word_ends[c] = k != C_ALPHA && k != C_DIGIT && k != C_HIGH;
  }
  classes_ready = true;
}

/* What a multi-byte code point is, for tokenizing. */
enum { U_LETTER, U_SPACE, U_QUOTE, U_PUNCT, U_APOS };

/* Classifies a non-ASCII code point. Letters are everything not listed. */
static int classify_cp(int32_t cp) {
  switch (cp) {
  case 0x00A0: case 0x2000: case 0x2001: case 0x2002: case 0x2003: case 0x2004:
  case 0x2005: case 0x2006: case 0x2007: case 0x2008: case 0x2009: case 0x200A:
  case 0x202F: case 0x205F: case 0x3000: case 0x200B: case 0xFEFF: case 0x2028:
  case 0x2029: case 0x0085:
    return U_SPACE;
  case 0x201C: case 0x201D: case 0x201E: case 0x201F: case 0x2018: case 0x201A:
  case 0x201B: case 0x00AB: case 0x00BB: case 0x2039: case 0x203A:
    return U_QUOTE;
  case 0x2019:
    return U_APOS;
  }
  if ((cp >= 0x2010 && cp <= 0x2027) || (cp >= 0x2030 && cp <= 0x205E) ||
      (cp >= 0x00A1 && cp <= 0x00BF && cp != 0x00AA && cp != 0x00B5 && cp != 0x00BA) ||
      cp == 0x00D7 || cp == 0x00F7 || (cp >= 0x2190 && cp <= 0x2BFF) ||
      (cp >= 0x3001 && cp <= 0x3003) || (cp >= 0xFF01 && cp <= 0xFF0F) ||
      (cp >= 0x1F000 && cp <= 0x1FAFF))
    return U_PUNCT;
  return U_LETTER;
}

/* A growable list of token numbers in the document's arena, cheaper than a
 * ws__vec (no malloc, realloc and free for each document) and handed to
 * the document without a copy. There is always room for one more item
 * after the last (a list's final entry, such as the token count after the
 * paragraph starts). */
typedef struct list {
  uint32_t *items;
  size_t len, cap; /* cap items and the one more. */
} list;

/* Makes l an empty list with room for cap items. Returns false when out of
 * memory. */
static bool list_init(list *l, ws__arena *arena, size_t cap) {
  l->len = 0;
  l->cap = cap;
  l->items = ws__arena_alloc_uninit(arena, (cap + 1) * sizeof(uint32_t));
  return l->items != NULL;
}

/* Doubles the room of l (the old array stays in the arena, unused).
 * Returns false when out of memory. */
static bool list_grow(list *l, ws__arena *arena) {
  if (l->cap > SIZE_MAX / 2 / sizeof(uint32_t) - 1)
    return false;
  uint32_t *items = ws__arena_alloc_uninit(arena, (l->cap * 2 + 1) * sizeof(uint32_t));
  if (!items)
    return false;
  memcpy(items, l->items, l->len * sizeof(uint32_t));
  l->items = items;
  l->cap *= 2;
  return true;
}

/* Appends k to l. Returns false when out of memory. */
static inline bool list_push(list *l, ws__arena *arena, size_t k) {
  if (l->len == l->cap && !list_grow(l, arena))
    return false;
  l->items[l->len++] = (uint32_t)k;
  return true;
}

/* Scanner state for one document. */
typedef struct scanner {
  ws__doc *doc;
  const unsigned char *s;
  size_t len;
  ws__arena *arena;
  ws__token *tok; /* Tokens so far, in the arena; cap + 1 entries. */
  size_t ntok, cap;
  uint16_t pending;      /* Flags for the next token (space, newline). */
  uint32_t para;
  size_t n_bad_utf8, n_nul;
  list para_first;       /* The first token of each paragraph. */
  list marks;            /* The quotation-mark tokens. */
  list stops;            /* The paragraph starts, quotation marks
                          * and sentence terminals, in order (a token may be
                          * there twice): the only tokens where
                          * split_sentences has work. */
  bool oom;              /* A paragraph start could not be recorded. */
} scanner;

static void warn(ws__doc *doc, size_t pos, const char *msg) {
  ws_warning *w = ws__vec_push(&doc->warnings);
  if (w) {
    w->pos = pos;
    w->message = msg;
  }
}

/* Reports a bad byte, keeping only the first few of each kind. */
static void bad_byte(scanner *sc, size_t pos, bool nul) {
  size_t *n = nul ? &sc->n_nul : &sc->n_bad_utf8;
  if (++*n <= WS__MAX_WARNINGS)
    warn(sc->doc, pos, nul ? "NUL byte" : "invalid UTF-8");
}

/* Makes room for cap tokens and a zeroed sentinel in the arena. Returns
 * false when out of memory. */
static bool reserve_tokens(scanner *sc, size_t cap) {
  if (cap > (SIZE_MAX / sizeof(ws__token)) - 1)
    return false;
  ws__token *t = ws__arena_alloc_uninit(sc->arena, (cap + 1) * sizeof(ws__token));
  if (!t)
    return false;
  if (sc->ntok)
    memcpy(t, sc->tok, sc->ntok * sizeof(ws__token));
  sc->tok = t;
  sc->cap = cap;
  return true;
}

/* Appends token index k to a list of uint32_t, or notes that memory ran
 * out. */
static inline void note(scanner *sc, list *l, size_t k) {
  if (!list_push(l, sc->arena, k))
    sc->oom = true;
}

/* Notes that the next token, whoever emits it, starts a paragraph (the
 * tokens' emitters need not check). */
static void note_paragraph(scanner *sc) {
  note(sc, &sc->para_first, sc->ntok);
  note(sc, &sc->stops, sc->ntok);
}

/* Takes back the note of note_paragraph when no token followed it (the
 * text ended in a paragraph break or had no tokens). */
static void drop_last_paragraph(scanner *sc) {
  if (sc->para_first.len && sc->para_first.items[sc->para_first.len - 1] == sc->ntok)
    sc->para_first.len--;
  if (sc->stops.len && sc->stops.items[sc->stops.len - 1] == sc->ntok)
    sc->stops.len--;
}

/* Appends a token with the pending flags and the given ones, and its
 * lexicon classes; returns NULL when out of memory. */
static inline ws__token *emit_full(scanner *sc, size_t start, size_t end, uint8_t type,
                                   uint16_t flags, uint32_t lex) {
  if (sc->ntok == sc->cap && !reserve_tokens(sc, sc->cap * 2 + 64))
    return NULL;
  ws__token *t = &sc->tok[sc->ntok++];
  t->start = (uint32_t)start;
  t->end = (uint32_t)end;
  t->type = type;
  t->punct = type == WS__TOK_PUNCT && end - start == 1 ? sc->s[start] : 0;
  t->flags = sc->pending | flags;
  t->lex = lex;
  t->sent = 0;
  t->para = sc->para;
  t->quote = -1;
  if (type == WS__TOK_QUOTE) { /* For quote.c, which pairs only these. */
    note(sc, &sc->marks, sc->ntok - 1);
    note(sc, &sc->stops, sc->ntok - 1);
  }
  sc->pending = 0;
  return t;
}

/* Appends a token without flags of its own or classes. */
static inline ws__token *emit(scanner *sc, size_t start, size_t end, uint8_t type) {
  return emit_full(sc, start, end, type, 0, 0);
}

/* Appends a punctuation token that ends sentences (is_terminal). */
static inline bool emit_terminal(scanner *sc, size_t start, size_t end) {
  if (!emit(sc, start, end, WS__TOK_PUNCT))
    return false;
  note(sc, &sc->stops, sc->ntok - 1);
  return true;
}

/* Returns the code point class at i and its length (1 for ASCII). */
static int peek(const scanner *sc, size_t i, int32_t *cp, int *n) {
  unsigned char c = sc->s[i];
  if (c < 0x80) {
    *cp = c;
    *n = 1;
    return -1;
  }
  if (c == 0xE2 && i + 2 < sc->len && sc->s[i + 1] == 0x80 && (sc->s[i + 2] & 0xC0) == 0x80) {
    /* U+2000..U+203F (curly quotes, dashes, the ellipsis, spaces), the
     * common non-ASCII characters of news, without a full decode. */
    *cp = 0x2000 | (sc->s[i + 2] & 0x3F);
    *n = 3;
    return classify_cp(*cp);
  }
  *n = ws__utf8_decode(sc->s, sc->len, i, cp);
  return *cp < 0 ? -2 : classify_cp(*cp);
}

/* True when position i starts a letter or digit (a word character). */
static bool word_char_at(const scanner *sc, size_t i) {
  if (i >= sc->len)
    return false;
  unsigned char k = byte_class[sc->s[i]];
  if (k == C_ALPHA || k == C_DIGIT)
    return true;
  if (k != C_HIGH)
    return false;
  int32_t cp;
  int n;
  return peek(sc, i, &cp, &n) == U_LETTER;
}

/* True when an apostrophe of n bytes at i joins letters (it's, don't). */
static bool inner_apostrophe(const scanner *sc, size_t i, int n) {
  return word_char_at(sc, i + (size_t)n);
}

/* ---- Eight bytes at a time ---------------------------------------------- */

#define ONES UINT64_C(0x0101010101010101)
#define HIGHS UINT64_C(0x8080808080808080)

#define load8 ws__load8

/* The high bit of each byte of x that lies in [lo, hi] (ASCII bounds). */
static inline uint64_t in_range8(uint64_t x, unsigned lo, unsigned hi) {
  uint64_t t = x & ~HIGHS;
  uint64_t ge = t + (0x80 - lo) * ONES;
  uint64_t gt = t + (0x7F - hi) * ONES;
  return ge & ~gt & ~x & HIGHS;
}

/* The high bit of each byte that is an ASCII capital, and of each letter. */
static inline uint64_t upper8(uint64_t x) {
  return in_range8(x, 'A', 'Z');
}
static inline uint64_t letters8(uint64_t x) {
  return in_range8(x | (0x20 * ONES), 'a', 'z');
}

/* Counts the bytes whose high bit is set in m (which has no other bits). */
static inline size_t count8(uint64_t m) {
  return (size_t)(((m >> 7) * ONES) >> 56);
}

/* Returns the number of ASCII letters and digits at the start of x. */
static inline unsigned alnum_prefix8(uint64_t x) {
  uint64_t ok = letters8(x) | in_range8(x, '0', '9');
  uint64_t stop = ~ok & HIGHS;
  return stop ? (unsigned)__builtin_ctzll(stop) / 8 : 8;
}

/* True when the character cp at i (U+0080..U+00BF) follows "Ã" or "Â"
 * inside a word, composed (U+00C3, U+00C2) or as "A" and a combining tilde
 * or circumflex (U+0303, U+0302): the second byte of a UTF-8 letter that was
 * read as Latin-1 and encoded again ("protegÃ©s", "FranÃ§ois"), part of
 * the word rather than a symbol or a control character that ends it. */
static bool mojibake_tail(const scanner *sc, size_t i, int32_t cp) {
  if (cp < 0x80 || cp > 0xBF || i < 2 || (sc->s[i - 1] != 0x83 && sc->s[i - 1] != 0x82))
    return false;
  return sc->s[i - 2] == 0xC3 || (sc->s[i - 2] == 0xCC && i >= 3 && sc->s[i - 3] == 'A');
}

/* The length of the top-level domain after the period at i ("com" in
 * "Amazon.com", "info" in "Polygraph.info"), or 0: a few lower-case letters
 * that name a common domain and end the word. */
static size_t domain_suffix(const scanner *sc, size_t i) {
  static const char *const tlds[] = {"com", "org", "net", "gov", "edu", "info", "io",
                                     "co",  "uk",  "us",  "tv",  "news", "biz", "eu"};
  size_t n = 0;
  while (i + 1 + n < sc->len && n < 5 && sc->s[i + 1 + n] >= 'a' && sc->s[i + 1 + n] <= 'z')
    n++;
  if (n < 2 || (i + 1 + n < sc->len && word_char_at(sc, i + 1 + n) && sc->s[i + 1 + n] != '.'))
    return 0;
  for (size_t k = 0; k < sizeof tlds / sizeof tlds[0]; k++)
    if (strlen(tlds[k]) == n && memcmp(sc->s + i + 1, tlds[k], n) == 0)
      return n;
  return 0;
}

/* Scans a word starting at i (a letter or digit) and returns its end. Words
 * keep inner apostrophes (it's), hyphens (well-known), inner periods between
 * letters (U.S., a.m.) and, for numbers, inner commas, periods and colons
 * followed by digits (200,000 3.5 10:30). */
static size_t scan_word(const scanner *sc, size_t i, bool *dotted) {
  bool digit_start = byte_class[sc->s[i]] == C_DIGIT;
  *dotted = false;
  for (;;) {
    /* Runs of ASCII letters and digits, eight bytes at a time. */
    while (i + 8 <= sc->len) {
      unsigned n = alnum_prefix8(load8(sc->s + i));
      i += n;
      if (n < 8)
        break;
    }
    if (i >= sc->len)
      break;
    unsigned char c = sc->s[i];
    unsigned char k = byte_class[c];
    if (k == C_ALPHA || k == C_DIGIT) {
      i++;
      continue;
    }
    if (k == C_HIGH) {
      int32_t cp;
      int n;
      int u = peek(sc, i, &cp, &n);
      if (u == U_LETTER) {
        i += (size_t)n;
        continue;
      }
      if (u == U_APOS && i > 0 && inner_apostrophe(sc, i, n)) {
        i += (size_t)n;
        continue;
      }
      if (mojibake_tail(sc, i, cp)) {
        i += (size_t)n; /* "FranÃ§ois" for "François": UTF-8 read as Latin-1. */
        continue;
      }
      break;
    }
    if ((c == '\'' || c == '-') && inner_apostrophe(sc, i, 1)) {
      i++;
      continue;
    }
    if (digit_start && (c == ',' || c == '.' || c == ':') && i + 1 < sc->len &&
        byte_class[sc->s[i + 1]] == C_DIGIT) {
      i++;
      continue;
    }
    if (!digit_start && c == '.' && i + 1 < sc->len && byte_class[sc->s[i + 1]] == C_ALPHA &&
        (i + 2 >= sc->len || !word_char_at(sc, i + 2) || sc->s[i + 2] == '.')) {
      *dotted = true;
      i++;
      continue;
    }
    size_t tld;
    if (!digit_start && c == '.' && !*dotted && (tld = domain_suffix(sc, i)) != 0) {
      i += 1 + tld; /* "Polygraph.info", "Amazon.com": one word, no sentence end. */
      continue;
    }
    break;
  }
  if (*dotted && i < sc->len && sc->s[i] == '.')
    i++; /* U.S. keeps its final period. */
  return i;
}

/* Sets the word flags and lexicon classes of a word token. */
static void word_flags(const scanner *sc, ws__token *t) {
  const unsigned char *w = sc->s + t->start;
  size_t len = t->end - t->start;
  if (w[0] >= 'A' && w[0] <= 'Z')
    t->flags |= WS__TF_CAP;
  else if (w[0] >= 0xC3 && w[0] <= 0xC3 && len > 1 && w[1] >= 0x80 && w[1] <= 0x9E)
    t->flags |= WS__TF_CAP; /* Latin-1 capitals: À..Þ */
  size_t upper = 0, letters = 0, avail = sc->len - t->start;
  if (len <= 16 && avail >= 16) {
    /* Count in the two words that hold it, masked to its length. */
    uint64_t x0 = load8(w), x1 = load8(w + 8);
    uint64_t m0 = len >= 8 ? ~UINT64_C(0) : (UINT64_C(1) << (8 * len)) - 1;
    uint64_t m1 = len <= 8    ? 0
                  : len >= 16 ? ~UINT64_C(0)
                              : (UINT64_C(1) << (8 * (len - 8))) - 1;
    upper = count8(upper8(x0) & m0) + count8(upper8(x1) & m1);
    letters = count8(letters8(x0) & m0) + count8(letters8(x1) & m1);
  } else {
    for (size_t i = 0; i < len; i++) {
      if (w[i] >= 'A' && w[i] <= 'Z')
        upper++, letters++;
      else if (w[i] >= 'a' && w[i] <= 'z')
        letters++;
    }
  }
  if (letters >= 2 && upper == letters)
    t->flags |= WS__TF_ALLCAPS;
  size_t ll = len;
  if (ll > 1 && w[ll - 1] == '.')
    ll--; /* "U.S." is looked up as "u.s". */
  t->lex = ws__lex_classes_at((const char *)w, ll, avail);
}


/* True when an ASCII word that scan_word might extend over the byte at j
 * (an apostrophe, a hyphen, a period or a non-ASCII byte; see word_goes_on)
 * ends at j after all, as scan_word would decide: a period not followed by
 * a letter ("said. The", "said.\u201d"), an apostrophe or hyphen followed by
 * an ASCII byte that is no letter or digit ("Jones' car"), or punctuation
 * or a quotation mark from U+2010..U+2027 other than the apostrophe U+2019
 * (a closing \u201d, a dash). */
static inline bool ends_before(const scanner *sc, size_t j) {
  unsigned char c = sc->s[j];
  if (c == '.')
    return j + 1 >= sc->len || byte_class[sc->s[j + 1]] != C_ALPHA;
  if (c == 0xE2)
    return j + 2 < sc->len && sc->s[j + 1] == 0x80 && sc->s[j + 2] >= 0x90 &&
           sc->s[j + 2] <= 0xA7 && sc->s[j + 2] != 0x99;
  return c < 0x80 && j + 1 < sc->len && word_ends[sc->s[j + 1]];
}

#ifndef WS__SSE2_WORDS
/* The high bits of the bytes before byte n (n <= 8). */
static inline uint64_t first_highs(unsigned n) {
  static const uint64_t H[9] = {0,
                                UINT64_C(0x80),
                                UINT64_C(0x8080),
                                UINT64_C(0x808080),
                                UINT64_C(0x80808080),
                                UINT64_C(0x8080808080),
                                UINT64_C(0x808080808080),
                                UINT64_C(0x80808080808080),
                                UINT64_C(0x8080808080808080)};
  return H[n];
}

/* The index of the first byte whose high bit is set in m (a mask of high
 * bits), 8 when there is none; without a branch. */
static inline unsigned first_set8(uint64_t m) {
  return ((unsigned)__builtin_ctzll((m >> 7) | (UINT64_C(1) << 63)) + 1) / 8;
}

/* The common word, eight bytes or longer: ASCII letters and digits from i,
 * shorter than 16 bytes, followed by a byte that cannot continue a word
 * (none of ' - . or a non-ASCII byte). Emits it with its flags and classes
 * from the same two loads and returns its end; returns 0 for any other word
 * (and when fewer than 16 bytes are left), which scan_word and word_flags
 * then handle. fast_word takes the words of fewer than eight bytes. */
static size_t fast_word_long(scanner *sc, size_t i, bool *oom) {
  const unsigned char *w = sc->s + i;
  uint64_t x0 = load8(w), x1 = 0;
  uint64_t l0 = letters8(x0), l1 = 0, stop = ~(l0 | in_range8(x0, '0', '9')) & HIGHS;
  unsigned n0 = first_set8(stop), n1 = 0;
  if (n0 == 8) {
    x1 = load8(w + 8);
    l1 = letters8(x1);
    stop = ~(l1 | in_range8(x1, '0', '9')) & HIGHS;
    if (!stop)
      return 0;
    n1 = first_set8(stop);
  }
  unsigned len = n0 + n1;
  if (word_goes_on[w[len]] && !ends_before(sc, i + len))
    return 0;
  ws__token *t = emit(sc, i, i + len, WS__TOK_WORD);
  if (!t)
    return *oom = true, sc->len;
  /* Keep the word's bytes: letters, capitals (letters without the 0x20
   * bit, which << 2 moves to the high bit), the bytes themselves. */
  uint64_t h0 = first_highs(n0), h1 = first_highs(n1);
  l0 &= h0, l1 &= h1;
  uint64_t u0 = l0 & ~(x0 << 2), u1 = l1 & ~(x1 << 2);
  x0 &= h0 | (h0 - (h0 >> 7)), x1 &= h1 | (h1 - (h1 >> 7));
  if (w[0] <= 'Z') { /* A letter: an ASCII capital. */
    t->flags |= WS__TF_CAP;
    if (!(l0 & ~u0) && !(l1 & ~u1) && count8(l0) + count8(l1) >= 2)
      t->flags |= WS__TF_ALLCAPS; /* No lower-case letter, two letters or more. */
  }
  t->lex = ws__lex_key_classes(x0 | (u0 >> 2), x1 | (u1 >> 2), len);
  return i + len;
}

/* The bytes of a little-endian word before byte n (n < 8). */
static const uint64_t BYTES_BEFORE[8] = {0,
                                         UINT64_C(0xFF),
                                         UINT64_C(0xFFFF),
                                         UINT64_C(0xFFFFFF),
                                         UINT64_C(0xFFFFFFFF),
                                         UINT64_C(0xFFFFFFFFFF),
                                         UINT64_C(0xFFFFFFFFFFFF),
                                         UINT64_C(0xFFFFFFFFFFFFFF)};
#endif /* !WS__SSE2_WORDS */

#ifdef WS__SSE2_WORDS
/* A mask that keeps the first n bytes (n <= 16) of a vector. */
static inline __m128i keep16(size_t n) {
  return _mm_loadu_si128((const __m128i *)(bytes.keep + 16 - n));
}

/* The bytes of v in [lo, lo + n) (ASCII bounds, n < 128): one add moves
 * the range to the bottom of the signed bytes, one compare finds it. */
static inline __m128i in_range16(__m128i v, int lo, int n) {
  __m128i t = _mm_add_epi8(v, _mm_set1_epi8((char)(0x80 - lo)));
  return _mm_cmplt_epi8(t, _mm_set1_epi8((char)(0x80 + n)));
}

/* The ASCII letters of v, given folded = v with the 0x20 bit set on every
 * byte (which makes capitals small letters and keeps bytes of 0x80 and
 * more outside the range). */
static inline __m128i letters16(__m128i folded) {
  return in_range16(folded, 'a', 26);
}

/* The 16-byte constant LANE_k. */
static inline __m128i lane(int k) {
  return _mm_load_si128((const __m128i *)bytes.lane[k]);
}

/* The bytes of v outside the range whose bias (0x80 - its first byte) and
 * top (0x80 + its size - 1) are the lanes bias and top: the add moves the
 * range to the bottom of the signed bytes, the compare finds what lies
 * above it. */
static inline __m128i out_of_range16(__m128i v, int bias, int top) {
  return _mm_cmpgt_epi8(_mm_add_epi8(v, lane(bias)), lane(top));
}

/* Bit k set when byte k of v is no ASCII letter or digit (bits 16 and up
 * clear); folded as for letters16. */
static inline uint64_t stops16(__m128i v, __m128i folded) {
  __m128i no_letter = out_of_range16(folded, LANE_LETTER_BIAS, LANE_LETTER_TOP);
  __m128i no_digit = out_of_range16(v, LANE_DIGIT_BIAS, LANE_DIGIT_TOP);
  return (unsigned)_mm_movemask_epi8(_mm_and_si128(no_letter, no_digit));
}

/* The length of the word at s + i (an ASCII letter first) whose ASCII
 * letters and digits end at len, before a byte that goes on to extend it
 * (word_goes_on, and not ends_before), from the stop mask of its 16 bytes:
 * inner apostrophes (' or \u2019) and hyphens between ASCII letters and
 * digits join it, as in scan_word ("it\u2019s", "well-known"), and it ends
 * inside the 16 bytes before a byte that cannot continue it. Returns 0 for
 * any other word, which scan_word and word_flags then handle. */
static unsigned joined_len16(const scanner *sc, size_t i, unsigned stop, unsigned len) {
  const unsigned char *w = sc->s + i;
  do {
    unsigned j = 0;
    if (w[len] == '\'' || w[len] == '-')
      j = len + 1;
    else if (w[len] == 0xE2 && i + len + 2 < sc->len && w[len + 1] == 0x80 && w[len + 2] == 0x99)
      j = len + 3;
    if (j == 0 || j >= 16 || (stop >> j & 1))
      return 0;
    unsigned rest = stop >> j;
    if (!rest)
      return 0; /* The word goes on past the sixteen bytes. */
    len = j + (unsigned)__builtin_ctz(rest);
  } while (word_goes_on[w[len]] && !ends_before(sc, i + len));
  return len;
}

/* The capital flags of the word of len bytes at w (an ASCII capital
 * first), whose 16 bytes are v with the letters letter. */
static inline uint16_t cap_flags16(__m128i v, __m128i letter, size_t len) {
  __m128i bit5 = _mm_set1_epi8(0x20);
  __m128i small = _mm_and_si128(_mm_cmpeq_epi8(_mm_and_si128(v, bit5), bit5), letter);
  unsigned keep = (1u << len) - 1;
  unsigned l = (unsigned)_mm_movemask_epi8(letter) & keep;
  unsigned lower = (unsigned)_mm_movemask_epi8(small) & keep;
  if (!lower && (l & (l - 1)))
    return WS__TF_CAP | WS__TF_ALLCAPS; /* No small letter, two letters or more. */
  return WS__TF_CAP;
}

/* The lexicon classes of a word of len bytes (1 <= len <= 16) without a
 * NUL byte, whose key is the first len bytes of key (lower-cased; the
 * bytes after them are ignored). Without a NUL byte, the key's zero
 * padding tells its length, so the slot's length is not compared. */
static inline uint32_t lex_of16(__m128i key, size_t len) {
  key = _mm_and_si128(key, keep16(len));
  uint64_t k0 = (uint64_t)_mm_cvtsi128_si64(key);
  uint64_t k1 = (uint64_t)_mm_cvtsi128_si64(_mm_unpackhi_epi64(key, key));
  const ws__lex_key *k = ws__lex_slot_mul(bytes.mul, k0, k1, len);
  uint64_t differ = (k->k0 ^ k0) | (k->k1 ^ k1);
  return k->classes * (uint32_t)(differ == 0); /* No branch. */
}

/* The lexicon classes of a joined word (joined_len16) of len bytes whose
 * 16 bytes are v with the letters letter: its key is its bytes with the
 * 0x20 bit set on the letters only, so that an apostrophe \u2019 stays as
 * it is. */
static inline uint32_t joined_lex16(__m128i v, __m128i letter, size_t len) {
  return lex_of16(_mm_or_si128(v, _mm_and_si128(letter, _mm_set1_epi8(0x20))), len);
}

/* put_token writes the type, the punctuation byte and the flags of a token
 * as one 32-bit word, and its second half (sentence, paragraph, quote and
 * the spare field) as one 16-byte vector (x86-64 is little-endian). */
_Static_assert(offsetof(ws__token, punct) == offsetof(ws__token, type) + 1 &&
                   offsetof(ws__token, flags) == offsetof(ws__token, type) + 2 &&
                   offsetof(ws__token, sent) == 16 && offsetof(ws__token, para) == 20 &&
                   offsetof(ws__token, quote) == 24 && sizeof(ws__token) == 32,
               "ws__token layout");

/* The second half of every token that plain_words writes in paragraph
 * para: sentence 0, the paragraph, no quote (-1) and a zero spare field. */
static inline __m128i token_tail(uint32_t para) {
  return _mm_set_epi32(0, -1, (int)para, 0);
}

/* Writes a token [start, end) whose type, punctuation byte and flags are
 * packed in tpf (TPF), with the classes lex and the second half tail
 * (token_tail). */
static inline void put_token(ws__token *t, size_t start, size_t end, uint32_t tpf, uint32_t lex,
                             __m128i tail) {
  t->start = (uint32_t)start;
  t->end = (uint32_t)end;
  memcpy((char *)t + offsetof(ws__token, type), &tpf, 4);
  t->lex = lex;
  _mm_storeu_si128((__m128i *)((char *)t + offsetof(ws__token, sent)), tail);
}

/* The packed type, punctuation byte and flags of put_token. */
#define TPF(type, punct, flags) ((uint32_t)(type) | (uint32_t)(punct) << 8 | (uint32_t)(flags) << 16)

/* The last position from which plain_words may start a round: 16 bytes
 * must be left to load, and the tokens array must have room for what the
 * loop emits from there. The loop emits at most one token per byte it
 * consumes and at most one token in a round, so from i with n tokens
 * written (and room for two more) it may go on up to i + (cap - n) - 2
 * without checking the room again, and still leaves room for one. */
static inline size_t plain_limit(const scanner *sc, size_t i, size_t n) {
  size_t room = sc->cap - n - 2, last = sc->len - 16;
  return room < last - i ? i + room : last;
}

/* The length of the common number at i (a digit, at least 16 bytes
 * before the end): ASCII letters and digits, fewer than 16, followed by a
 * byte that ends it as scan_word would decide (not a , . or : before a
 * digit, nor an apostrophe or hyphen before a word character, nor a
 * non-ASCII letter or apostrophe). Returns 0 for any other number, which
 * scan_word then handles. */
static inline size_t number_len16(const scanner *sc, size_t i) {
  const unsigned char *s = sc->s;
  __m128i v = _mm_loadu_si128((const __m128i *)(s + i));
  uint64_t stop = stops16(v, _mm_or_si128(v, lane(LANE_BIT5)));
  if (!stop)
    return 0;
  size_t len = (size_t)__builtin_ctzll(stop), j = i + len;
  unsigned char c = s[j];
  if (j + 1 >= sc->len)
    return len; /* The text ends after c: no byte joins c to the number. */
  if (c == ',' || c == '.' || c == ':')
    return byte_class[s[j + 1]] != C_DIGIT ? len : 0;
  if (c == '\'' || c == '-')
    return word_ends[s[j + 1]] ? len : 0;
  if (c >= 0x80)
    return j + 2 < sc->len && c == 0xE2 && s[j + 1] == 0x80 && s[j + 2] >= 0x90 && s[j + 2] <= 0xA7 &&
                   s[j + 2] != 0x99
               ? len
               : 0;
  return len;
}

/* The flags of tpf (TPF), the pending flags of the next token. */
#define TPF_FLAGS(tpf) ((tpf) & 0xFFFF0000u)

/* Emits the tokens from i on for as long as they are common, with the
 * scanner's hot state in locals: the hot loop of the tokenizer (a long
 * function on purpose). Common are the plain word (ASCII letters and
 * digits, an ASCII letter first, shorter than 16 bytes, followed by a byte
 * that ends it, see ends_before, or such runs joined by inner apostrophes
 * and hyphens, joined_len16), the plain number (number_len16), white space
 * (a no-break space too), line breaks, one-byte ASCII punctuation,
 * straight quotation marks and the dashes and quotation marks of
 * U+2010..U+201F; the loop stops before anything else (other words and
 * numbers, the apostrophe of '90s, @handles, other non-ASCII text, NUL
 * bytes), which tokenize handles, and when fewer than 16 bytes are left.
 * Each token is what tokenize would make of it. Returns where it stopped. */
static WS__NOINLINE WS__SCALAR_STORES size_t plain_words(scanner *sc, size_t i, bool *oom) {
  if (sc->len < 16 || i > sc->len - 16)
    return i;
  const unsigned char *s = sc->s;
  const size_t len_all = sc->len;
  uint32_t para = sc->para;
  __m128i tail = token_tail(para);
  size_t n = sc->ntok;
  /* The type of a word and the flags of the next token, ready for
   * put_token. */
  uint32_t tpf = TPF(WS__TOK_WORD, 0, sc->pending);
  for (;;) {
    if (sc->cap - n < 2) {
      sc->ntok = n;
      if (!reserve_tokens(sc, sc->cap * 2 + 64))
        return *oom = true, sc->len;
    }
    const size_t limit = plain_limit(sc, i, n);
    ws__token *t = sc->tok + n;
    do {
      unsigned char first = s[i];
      if (WS__UNLIKELY(byte_class[first] != C_ALPHA)) {
        unsigned char k = byte_class[first];
        if (k == C_SPACE) {
          tpf |= TPF(0, 0, WS__TF_SPACE_BEFORE);
          i++;
        } else if (k == C_OTHER) {
          /* ASCII punctuation: a token of its own, which ends sentences
           * when it is . ! or ?. */
          put_token(t++, i, i + 1, TPF_FLAGS(tpf) | TPF(WS__TOK_PUNCT, first, 0), 0, tail);
          if (first == '.' || first == '!' || first == '?')
            note(sc, &sc->stops, (size_t)(t - sc->tok) - 1);
          tpf = TPF(WS__TOK_WORD, 0, 0);
          i++;
        } else if (k == C_NEWLINE) {
          tpf |= TPF(0, 0, WS__TF_SPACE_BEFORE | WS__TF_NEWLINE_BEFORE);
          size_t at = (size_t)(t - sc->tok);
          if (at && !(tpf & TPF(0, 0, WS__TF_PARA_START))) {
            tail = token_tail(++para);
            tpf |= TPF(0, 0, WS__TF_PARA_START);
            note(sc, &sc->para_first, at);
            note(sc, &sc->stops, at);
          }
          i++;
        } else if (k == C_DIGIT) {
          size_t len = number_len16(sc, i);
          if (!len)
            goto done;
          put_token(t++, i, i + len, TPF_FLAGS(tpf) | WS__TOK_NUMBER, 0, tail);
          i += len;
          tpf = TPF(WS__TOK_WORD, 0, 0);
        } else if (first == 0xE2 && s[i + 1] == 0x80 && (s[i + 2] & 0xF0) == 0x90) {
          /* U+2010..U+201F: dashes (punctuation) and quotation marks. */
          size_t at = (size_t)(t - sc->tok);
          uint32_t type = s[i + 2] >= 0x98 ? WS__TOK_QUOTE : WS__TOK_PUNCT;
          put_token(t++, i, i + 3, TPF_FLAGS(tpf) | type, 0, tail);
          if (type == WS__TOK_QUOTE) {
            note(sc, &sc->marks, at);
            note(sc, &sc->stops, at);
          }
          tpf = TPF(WS__TOK_WORD, 0, 0);
          i += 3;
        } else if (k == C_QUOTE && byte_class[s[i + 1]] != C_DIGIT) {
          /* A straight quotation mark (not the apostrophe of '90s). */
          size_t at = (size_t)(t - sc->tok);
          put_token(t++, i, i + 1, TPF_FLAGS(tpf) | WS__TOK_QUOTE, 0, tail);
          note(sc, &sc->marks, at);
          note(sc, &sc->stops, at);
          tpf = TPF(WS__TOK_WORD, 0, 0);
          i++;
        } else if (first == 0xC2 && s[i + 1] == 0xA0) {
          tpf |= TPF(0, 0, WS__TF_SPACE_BEFORE); /* A no-break space. */
          i += 2;
        } else {
          goto done;
        }
        continue;
      }
      __m128i v = _mm_loadu_si128((const __m128i *)(s + i));
      __m128i folded = _mm_or_si128(v, lane(LANE_BIT5));
      uint64_t stop = stops16(v, folded);
      if (!stop)
        goto done; /* Sixteen letters or digits or more. */
      size_t len = (size_t)__builtin_ctzll(stop);
      uint32_t lex, flags = 0;
      if (word_goes_on[s[i + len]] && !ends_before(sc, i + len)) {
        len = joined_len16(sc, i, (unsigned)stop, (unsigned)len);
        if (!len)
          goto done;
        __m128i letter = letters16(folded);
        lex = joined_lex16(v, letter, len);
        if (first <= 'Z')
          flags = cap_flags16(v, letter, len);
      } else {
        lex = lex_of16(folded, len);
        if (first <= 'Z')
          flags = cap_flags16(v, letters16(folded), len);
      }
      put_token(t++, i, i + len, tpf | TPF(0, 0, flags), lex, tail);
      i += len;
      if (WS__LIKELY(s[i] == ' ')) { /* The usual space after a word. */
        tpf = TPF(WS__TOK_WORD, 0, WS__TF_SPACE_BEFORE);
        i++;
      } else {
        tpf = TPF(WS__TOK_WORD, 0, 0);
      }
    } while (i <= limit);
    n = (size_t)(t - sc->tok);
    if (i > len_all - 16)
      break;
    continue;
  done:
    n = (size_t)(t - sc->tok);
    break;
  }
  sc->ntok = n;
  sc->para = para;
  sc->pending = (uint16_t)(tpf >> 16);
  return i;
}
#else
/* The common word (see fast_word_long): the hot path for the words of fewer
 * than eight bytes, from one load. Returns the word's end, or 0. */
static inline size_t fast_word(scanner *sc, size_t i, bool *oom) {
  if (i + 16 > sc->len)
    return 0;
  const unsigned char *w = sc->s + i;
  uint64_t x = load8(w), l = letters8(x);
  uint64_t stop = ~(l | in_range8(x, '0', '9')) & HIGHS;
  if (!stop)
    return fast_word_long(sc, i, oom);
  unsigned len = (unsigned)__builtin_ctzll(stop) >> 3;
  if (word_goes_on[w[len]] && !ends_before(sc, i + len))
    return 0;
  ws__token *t = emit(sc, i, i + len, WS__TOK_WORD);
  if (!t)
    return *oom = true, sc->len;
  uint64_t keep = BYTES_BEFORE[len];
  l &= keep, x &= keep;
  uint64_t upper = l & ~(x << 2); /* Letters without the 0x20 bit. */
  if (w[0] <= 'Z') { /* A letter: an ASCII capital. */
    t->flags |= WS__TF_CAP;
    if (!(l & ~upper) && (l & (l - 1)))
      t->flags |= WS__TF_ALLCAPS; /* No lower-case letter, two letters or more. */
  }
  t->lex = ws__lex_key_classes(x | (upper >> 2), 0, len);
  return i + len;
}

/* Emits the common word at i (see fast_word_long) and the usual space after
 * it; returns where it stopped (i itself when the word is not common). */
static size_t plain_words(scanner *sc, size_t i, bool *oom) {
  size_t end = fast_word(sc, i, oom);
  if (!end)
    return i;
  if (end < sc->len && sc->s[end] == ' ') { /* The usual space after it. */
    sc->pending |= WS__TF_SPACE_BEFORE;
    end++;
  }
  return end;
}
#endif /* WS__SSE2_WORDS */

/* Handles one non-ASCII character at i; returns the next position. */
static size_t scan_high(scanner *sc, size_t i, bool *oom) {
  int32_t cp;
  int n;
  int u = peek(sc, i, &cp, &n);
  if (u == -2) {
    bad_byte(sc, i, false);
    sc->pending |= WS__TF_SPACE_BEFORE;
    return i + 1;
  }
  if (u == U_SPACE) {
    sc->pending |= WS__TF_SPACE_BEFORE;
    return i + (size_t)n;
  }
  if (u == U_LETTER) {
    bool dotted;
    size_t end = scan_word(sc, i, &dotted);
    ws__token *t = emit(sc, i, end, WS__TOK_WORD);
    if (!t)
      return *oom = true, sc->len;
    word_flags(sc, t);
    if (dotted && sc->s[end - 1] == '.')
      note(sc, &sc->stops, sc->ntok - 1); /* "U.S." may end a sentence (sentence_step). */
    return end;
  }
  bool ok = cp == 0x2026 ? emit_terminal(sc, i, i + (size_t)n) /* An ellipsis. */
                         : emit(sc, i, i + (size_t)n,
                                (u == U_QUOTE || u == U_APOS) ? WS__TOK_QUOTE
                                                              : WS__TOK_PUNCT) != NULL;
  if (!ok)
    return *oom = true, sc->len;
  return i + (size_t)n;
}

/* Handles an @handle or #hashtag, or a lone @/# as punctuation. */
static size_t scan_handle(scanner *sc, size_t i, bool *oom) {
  size_t j = i + 1;
  while (j < sc->len && (byte_class[sc->s[j]] == C_ALPHA || byte_class[sc->s[j]] == C_DIGIT ||
                         sc->s[j] == '_'))
    j++;
  ws__token *t = emit(sc, i, j > i + 1 ? j : i + 1, j > i + 1 ? WS__TOK_WORD : WS__TOK_PUNCT);
  if (!t)
    return *oom = true, sc->len;
  if (j > i + 1)
    t->flags |= WS__TF_HANDLE;
  return j > i + 1 ? j : i + 1;
}

/* Tokenizes the whole input. */
static ws_status tokenize(scanner *sc) {
  bool oom = false;
  size_t i = 0;
  sc->pending = WS__TF_PARA_START;
  note_paragraph(sc);
  while (i < sc->len && !oom) {
    unsigned char c = sc->s[i];
    unsigned char k = byte_class[c];
    /* Spaces and plain words first, with predictable branches. */
    if (k == C_SPACE) {
      sc->pending |= WS__TF_SPACE_BEFORE;
      i++;
      continue;
    }
    if (k == C_ALPHA) {
      size_t end = plain_words(sc, i, &oom);
      if (end != i) {
        i = end;
        continue;
      }
    }
    switch (k) {
    case C_SPACE:
      sc->pending |= WS__TF_SPACE_BEFORE;
      i++;
      break;
    case C_NEWLINE:
      sc->pending |= WS__TF_SPACE_BEFORE | WS__TF_NEWLINE_BEFORE;
      if (sc->ntok && !(sc->pending & WS__TF_PARA_START)) {
        sc->para++;
        sc->pending |= WS__TF_PARA_START;
        note_paragraph(sc);
      }
      i++;
      break;
    case C_NUL:
      bad_byte(sc, i, true);
      sc->pending |= WS__TF_SPACE_BEFORE;
      i++;
      break;
    case C_ALPHA:
    case C_DIGIT: {
      bool dotted;
      size_t end = scan_word(sc, i, &dotted);
      ws__token *t = emit(sc, i, end, c <= '9' ? WS__TOK_NUMBER : WS__TOK_WORD);
      if (!t)
        return WS_ERR_NOMEM;
      if (t->type == WS__TOK_WORD)
        word_flags(sc, t);
      if (dotted && sc->s[end - 1] == '.')
        note(sc, &sc->stops, sc->ntok - 1); /* "U.S." may end a sentence (sentence_step). */
      i = end;
      break;
    }
    case C_QUOTE:
      if (c == '\'' && i + 1 < sc->len && byte_class[sc->s[i + 1]] == C_DIGIT &&
          i + 3 < sc->len && sc->s[i + 3] == 's') {
        /* '90s: an apostrophe starting a decade. */
        bool dotted;
        size_t end = scan_word(sc, i + 1, &dotted);
        if (!emit(sc, i, end, WS__TOK_NUMBER))
          return WS_ERR_NOMEM;
        i = end;
        break;
      }
      if (!emit(sc, i, i + 1, WS__TOK_QUOTE))
        return WS_ERR_NOMEM;
      i++;
      break;
    case C_AT:
      i = scan_handle(sc, i, &oom);
      break;
    case C_HIGH:
      i = scan_high(sc, i, &oom);
      break;
    default:
      if (!((c == '.' || c == '!' || c == '?') ? emit_terminal(sc, i, i + 1)
                                               : emit(sc, i, i + 1, WS__TOK_PUNCT) != NULL))
        return WS_ERR_NOMEM;
      i++;
    }
  }
  drop_last_paragraph(sc);
  return oom ? WS_ERR_NOMEM : WS_OK;
}

/* True when token t is a period, '!' or '?' (or an ellipsis). */
static bool is_terminal(const ws__doc *doc, const ws__token *t) {
  if (t->type != WS__TOK_PUNCT)
    return false;
  unsigned char c = (unsigned char)doc->text[t->start];
  if (c == '.' || c == '!' || c == '?')
    return true;
  return t->end - t->start == 3 && memcmp(doc->text + t->start, "\xE2\x80\xA6", 3) == 0;
}

/* True when the period at token i follows an abbreviation or an initial. */
static bool after_abbreviation(const ws__doc *doc, size_t i) {
  if (i == 0 || doc->text[doc->tok[i].start] != '.')
    return false;
  const ws__token *p = &doc->tok[i - 1];
  if (p->end != doc->tok[i].start || p->type != WS__TOK_WORD)
    return false;
  if (p->end - p->start == 1 && (p->flags & WS__TF_CAP))
    return true; /* Donald J. Trump */
  /* Only abbreviations: a title written out ("the president.", "the
   * father.") ends its sentence like any word. */
  return (p->lex & WS__LEX_ABBREVIATIONS) != 0;
}

/* True for a dotted abbreviation that often ends a sentence ("… in the
 * U.S.", "… at 5 p.m."), at token i; the token holds its final period. */
static bool final_abbreviation(const ws__doc *doc, size_t i) {
  static const char *const words[] = {"u.s.", "u.k.", "u.n.", "d.c.", "a.m.", "p.m.", "e.u."};
  for (size_t k = 0; k < sizeof words / sizeof words[0]; k++)
    if (ws__tok_is(doc, (uint32_t)i, words[k], strlen(words[k])))
      return true;
  return false;
}

/* True when the word after the terminal at token i is a capitalised
 * pronoun or function word ("He", "The", "But"): a new sentence, since no
 * name follows. */
static bool pronoun_next(const ws__doc *doc, size_t i) {
  size_t j = i + 1;
  if (j >= doc->ntok || !(doc->tok[j].flags & WS__TF_SPACE_BEFORE))
    return false;
  const ws__token *t = &doc->tok[j];
  return t->type == WS__TOK_WORD && (t->flags & WS__TF_CAP) &&
         (t->lex & (WS__LEX_FUNCTION_WORDS | WS__LEX_PRONOUNS_MALE | WS__LEX_PRONOUNS_FEMALE |
                    WS__LEX_PRONOUNS_PLURAL | WS__LEX_PRONOUNS_NEUTER));
}

/* True when token i can start a new sentence after a terminal. */
static bool can_start_sentence(const ws__doc *doc, size_t i) {
  const ws__token *t = &doc->tok[i];
  if (t->flags & WS__TF_CAP)
    return true;
  if (t->type == WS__TOK_NUMBER || (t->flags & WS__TF_QOPEN))
    return true;
  unsigned char c = (unsigned char)doc->text[t->start];
  return c == '(' || c == '[' || c == '@';
}

/* Decides whether a sentence ends after token i (a terminal outside quotes),
 * and returns the index of the next sentence's first token, or 0 if none. */
static size_t sentence_break_after(const ws__doc *doc, size_t i) {
  if (after_abbreviation(doc, i))
    return 0;
  size_t j = i + 1;
  while (j < doc->ntok && is_terminal(doc, &doc->tok[j]))
    j++;
  while (j < doc->ntok && (doc->tok[j].flags & WS__TF_QCLOSE))
    j++;
  while (j < doc->ntok && doc->tok[j].type == WS__TOK_PUNCT &&
         (doc->text[doc->tok[j].start] == ')' || doc->text[doc->tok[j].start] == ']'))
    j++;
  if (j >= doc->ntok || (doc->tok[j].flags & WS__TF_PARA_START))
    return 0; /* The paragraph break ends it anyway. */
  if (!(doc->tok[j].flags & WS__TF_SPACE_BEFORE))
    return 0;
  return can_start_sentence(doc, j) ? j : 0;
}

/* The work of split_sentences at token i: starts a sentence there when it
 * must, and sets *next_start when a terminal at i ends one. */
static bool sentence_step(ws__doc *doc, size_t i, uint32_t *sent, size_t *next_start,
                          list *firsts) {
  ws__token *t = &doc->tok[i];
  bool starts = i == 0 || (t->flags & WS__TF_PARA_START) || i == *next_start;
  if (starts) {
    if (i > 0)
      ++*sent;
    if (!list_push(firsts, doc->arena, i))
      return false;
    t->flags |= WS__TF_SENT_START;
  }
  t->sent = *sent;
  if (t->type == WS__TOK_WORD && doc->text[t->end - 1] == '.' && t->quote < 0 &&
      final_abbreviation(doc, i) && pronoun_next(doc, i)) {
    *next_start = i + 1; /* "… in the U.S. He says …" */
    return true;
  }
  if (t->type != WS__TOK_PUNCT && !(t->flags & WS__TF_QCLOSE))
    return true; /* Only punctuation and closing marks can end a sentence. */
  bool closes_sentence = (t->flags & WS__TF_QCLOSE) && i > 0 &&
                         doc->tok[i - 1].type == WS__TOK_PUNCT &&
                         doc->text[doc->tok[i - 1].start] == '.' && t->quote < 0;
  if (closes_sentence || (t->quote < 0 && !(t->flags & (WS__TF_QOPEN | WS__TF_QCLOSE)) &&
                          is_terminal(doc, t))) {
    size_t j = sentence_break_after(doc, i);
    if (j)
      *next_start = j;
  }
  return true;
}

/* Gives the tokens [i, e) the sentence number sent, four at a time. */
static inline void fill_sentence(ws__token *tok, size_t i, size_t e, uint32_t sent) {
  for (; i + 4 <= e; i += 4) {
    tok[i].sent = sent;
    tok[i + 1].sent = sent;
    tok[i + 2].sent = sent;
    tok[i + 3].sent = sent;
  }
  for (; i < e; i++)
    tok[i].sent = sent;
}

/* Splits sentences: at paragraph starts and after terminals outside quotes.
 * Only the tokens in stops (paragraph starts, quotation marks and
 * terminals, in order) and the start a terminal asked for need
 * sentence_step; every other token just takes the current sentence number,
 * so those runs are filled without looking at them. stops[nstops] must be
 * writable (the end mark goes there). */
static ws_status split_sentences(ws__doc *doc, uint32_t *stops, size_t nstops) {
  list firsts;
  if (!list_init(&firsts, doc->arena, doc->ntok / 16 + 16))
    return WS_ERR_NOMEM;
  uint32_t sent = 0;
  size_t next_start = 0, k = 0, i = 0, ntok = doc->ntok;
  stops[nstops] = (uint32_t)ntok; /* After the last stop (a list has room for it). */
  while (i < ntok) {
    while (stops[k] < i)
      k++;
    size_t e = stops[k]; /* stops[0] is 0, a paragraph start. */
    if (next_start >= i && next_start < e)
      e = next_start;
    fill_sentence(doc->tok, i, e, sent);
    if (e == ntok)
      break;
    if (!sentence_step(doc, e, &sent, &next_start, &firsts))
      return WS_ERR_NOMEM;
    i = e + 1;
  }
  doc->nsent = doc->ntok ? sent + 1 : 0;
  doc->sent_first = firsts.items;
  doc->sent_first[firsts.len] = (uint32_t)doc->ntok;
  return WS_OK;
}

/* Stores the first token of each paragraph, as noted at the paragraph
 * breaks (note_paragraph and plain_words). */
static ws_status index_paragraphs(ws__doc *doc, const list *firsts) {
  doc->npara = doc->ntok ? doc->tok[doc->ntok - 1].para + 1 : 0;
  if (firsts->len == doc->npara) {
    doc->para_first = firsts->items;
  } else {
    doc->para_first =
        ws__arena_alloc_uninit(doc->arena, (doc->npara + 1) * sizeof(uint32_t));
    if (!doc->para_first)
      return WS_ERR_NOMEM;
    for (size_t i = doc->ntok; i-- > 0;) /* Not expected: scan the tokens. */
      doc->para_first[doc->tok[i].para] = (uint32_t)i;
  }
  doc->para_first[doc->npara] = (uint32_t)doc->ntok;
  return WS_OK;
}

ws_status ws__segment(ws__doc *doc, ws__arena *arena, const char *text, size_t len) {
  init_classes();
  memset(doc, 0, sizeof *doc);
  doc->text = text;
  doc->len = len;
  doc->arena = arena;
  ws__vec_init(&doc->warnings, sizeof(ws_warning));
  scanner sc = {.doc = doc, .s = (const unsigned char *)text, .len = len, .arena = arena};
  /* News text has about one token in five bytes: room for one in four
   * usually avoids growing (and copying) the array; the lists get room
   * for what a usual text needs. */
  bool ready = reserve_tokens(&sc, len / 4 + 64) && list_init(&sc.para_first, arena, len / 256 + 16) &&
               list_init(&sc.marks, arena, len / 128 + 16) &&
               list_init(&sc.stops, arena, len / 32 + 16);
  ws_status st = ready ? tokenize(&sc) : WS_ERR_NOMEM;
  if (st == WS_OK && sc.oom)
    st = WS_ERR_NOMEM;
  if (st == WS_OK) {
    doc->ntok = sc.ntok;
    doc->tok = sc.tok;
    memset(&doc->tok[doc->ntok], 0, sizeof(ws__token)); /* The sentinel. */
    doc->nmarks = sc.marks.len;
    doc->marks = sc.marks.items;
  }
  if (sc.n_bad_utf8 > WS__MAX_WARNINGS)
    warn(doc, len, "more invalid UTF-8 sequences not reported");
  if (sc.n_nul > WS__MAX_WARNINGS)
    warn(doc, len, "more NUL bytes not reported");
  if (st == WS_OK)
    st = index_paragraphs(doc, &sc.para_first);
  if (st == WS_OK)
    st = ws__find_quotes(doc);
  if (st == WS_OK)
    st = split_sentences(doc, sc.stops.items, sc.stops.len);
  return st;
}

void ws__doc_free(ws__doc *doc) {
  ws__vec_free(&doc->warnings);
}
