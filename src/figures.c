/* figures.c: finds the numbers in a span of text ("nearly 200,000",
 * "$4.5 billion", "40 percent", "two dozen") for ws_statement.figures.
 *
 * How it works. A small lexer cuts text[start, end) into tokens: words of
 * ASCII letters, numbers with their thousands separators and decimals,
 * single punctuation marks, currency signs, dashes and quotation marks, each
 * remembering the white space before it. Tokens live in a ring of RING
 * entries, so the finder can look a few tokens back (modifiers, month names,
 * "aged") and a bounded number ahead (scale words, "percent", "p.m.") while
 * every byte is lexed once. The scan is linear, reads no byte outside
 * [start, end) and allocates nothing but the output items.
 *
 * Decisions. Precision comes first: a number we are unsure of is left out.
 * - A figure's span is [modifier] [currency] [-] number [scale] [percent]:
 *   "nearly 200,000", "$4.5 billion", "more than 40 percent". The unit
 *   ("people", "hours", "dollars", "points") is not part of it.
 * - Years: a bare 4-digit integer 1900-2099 without a comma is a year and is
 *   skipped, whatever precedes it ("in 2018", "since 1990", "June 2020",
 *   "2,000" is never a year). It is a figure only with a currency sign, a
 *   scale word, a percent, a minus sign or a quantity modifier such as "more
 *   than", "nearly" or "some"; "about", "around", "over", "under" and "up to"
 *   do not count, since "around 2000" is as often a year.
 * - Not quantities, skipped: times ("10:30", "3 p.m.", "five o'clock"); day
 *   numbers next to a capitalised month ("June 11", "11 June", "June 11-12");
 *   ages ("20-year-old", "45 years old", "aged 45", "Smith, 45,"); numbers
 *   glued to letters or handles ("1st", "1990s", "5G", "COVID-19", "F-35",
 *   "@user42", "#1"); labels ("No. 1", "Section 230", "Game 7"); street
 *   numbers ("10 Downing Street"); phone-like strings ("555-1234",
 *   "1-800-555-0199", "+1 555 123 4567", "(555) 123-4567"); versions and
 *   other digit runs joined by '.', ',' or ':' ("1.2.3", "3:1", "3,5");
 *   leading zeros ("007"); more than 15 significant digits; integers of 8
 *   or more digits without separators; and, unless a modifier, currency
 *   sign, scale or percent shows a quantity, integers of 5 to 7 digits
 *   without separators ("741741", "90210") and digits between capitalised
 *   words ("Boeing 737 Max").
 * - Thousands separators: ',' and, between digit groups, the no-break,
 *   narrow no-break and thin spaces ("10 000"). Vulgar fractions ("3½")
 *   are not read: the digits glued to them are skipped.
 * - Number words: "one" to "ninety", "hundred", "thousand", "million",
 *   "billion", "trillion", "dozen", in compounds ("twenty-five", "two hundred
 *   and ten", "a dozen", "half a million"). A lone word from "two" to
 *   "ninety" counts only before a lower-case noun-like word and not after a
 *   determiner or a capitalised word ("the two of them", "which two",
 *   "Maroon Five"); a lone "one" never counts ("which one of these") except
 *   in "one in five" and "one percent". Plurals ("dozens", "millions") are
 *   vague and never count.
 * - Ratios "one in five", "1 in 3": one figure, value 0.2, 0.333...
 * - Fractions "1/3" (numerator below denominator, denominator at most 10):
 *   value 0.333...; other slashed digits ("9/11", "24/7", "6/11/2020") are
 *   skipped.
 * - Ranges "10-20" and "10–20" give two figures; a year range none.
 * - start and end are hard edges: a number at start is taken as preceded by
 *   white space, one at end as followed by it.
 */
#if defined(__SSE2__) && defined(__x86_64__) && !defined(WS_NO_SIMD)
#include <emmintrin.h>
#define WS__SSE2_FIGURES 1
#endif
#include <string.h>

#include "internal.h"

/* ---- Tokens ------------------------------------------------------------- */

enum {
  K_NONE = 0, /* Outside the range (before start, after end). */
  K_WORD,     /* ASCII letters. */
  K_NUM,      /* Digits, ",ddd" groups, ".d+" decimals. */
  K_PUNCT,    /* One punctuation mark; cp holds it ('-' for U+2010/2011). */
  K_QUOTE,    /* A curly quotation mark or guillemet; cp holds it. */
  K_DASH,     /* En or em dash. */
  K_MINUS,    /* U+2212 MINUS SIGN. */
  K_CUR,      /* A currency sign: $ £ € ¥ ₹ ... */
  K_OTHER     /* Anything else: non-ASCII letters, invalid bytes, controls. */
};

enum { GAP_NONE = 0, GAP_SPACE, GAP_PARA }; /* White space before a token. */

enum {
  NF_COMMA = 1u << 0, /* Has thousands separators. */
  NF_LONG = 1u << 1,  /* More than MAX_DIGITS digits: mant is unusable. */
  NF_LEAD0 = 1u << 2  /* Integer part starts with 0 and has more digits. */
};

#define MAX_DIGITS 15
#define RING 128 /* Power of two; well above the look-back plus look-ahead. */

typedef struct ftok {
  size_t start, end; /* Byte offsets into the text. */
  uint64_t mant;     /* K_NUM: the digits as an integer (decimals included). */
  int32_t cp;        /* K_PUNCT, K_QUOTE: the code point. */
  uint8_t kind;      /* K_*. */
  uint8_t gap;       /* GAP_*. */
  uint8_t frac;      /* K_NUM: digits after the decimal point. */
  uint8_t idigits;   /* K_NUM: digits before it (capped at 255). */
  uint8_t nflags;    /* K_NUM: NF_*. */
} ftok;

/* A lexer over text[pos, end) with the last RING tokens it produced. */
typedef struct scan {
  const char *s;
  size_t pos, end;
  size_t count; /* Tokens lexed so far; token k lives in ring[k % RING]. */
  bool done;    /* The end of the range was reached. */
  ftok ring[RING];
} scan;

static const ftok NONE_TOK = {0, 0, 0, 0, K_NONE, GAP_PARA, 0, 0, 0};

static bool is_digit(unsigned char c) {
  return c >= '0' && c <= '9';
}
static bool is_alpha(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
static bool is_upper(unsigned char c) {
  return c >= 'A' && c <= 'Z';
}

/* True for the non-ASCII code points taken as white space. */
static bool is_uspace(int32_t cp) {
  return cp == 0xA0 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x202F || cp == 0x205F ||
         cp == 0x3000 || cp == 0x2028 || cp == 0x2029;
}

/* True for the lead bytes of every code point that is not K_OTHER or is
 * white space: U+00A0-00BB (0xC2), U+2000-2212 (0xE2), U+3000 (0xE3). */
static bool is_special_lead(unsigned char c) {
  return c == 0xC2 || c == 0xE2 || c == 0xE3;
}

/* Returns the token kind of a non-ASCII code point (or -1 for an invalid
 * byte); sets *cp_out to the code point to remember. */
static uint8_t classify_cp(int32_t cp, int32_t *cp_out) {
  *cp_out = cp;
  switch (cp) {
  case 0x2010:
  case 0x2011:
    *cp_out = '-';
    return K_PUNCT;
  case 0x2026:
    return K_PUNCT;
  case 0x2012:
  case 0x2013:
  case 0x2014:
  case 0x2015:
    return K_DASH;
  case 0x2212:
    return K_MINUS;
  case 0x2018:
  case 0x2019:
  case 0x201A:
  case 0x201B:
  case 0x201C:
  case 0x201D:
  case 0x201E:
  case 0x201F:
  case 0xAB:
  case 0xBB:
  case 0x2039:
  case 0x203A:
    return K_QUOTE;
  case 0xA3:
  case 0xA5:
  case 0x20AC:
  case 0x20B9:
  case 0x20A9:
  case 0x20BD:
    return K_CUR;
  default:
    return K_OTHER;
  }
}

/* Adds one decimal digit to a number token; past MAX_DIGITS digits the token
 * is marked NF_LONG and mant stops changing. */
static void add_digit(ftok *t, unsigned *ndigits, unsigned char c) {
  if (++*ndigits > MAX_DIGITS) {
    t->nflags |= NF_LONG;
    return;
  }
  t->mant = t->mant * 10 + (uint64_t)(c - '0');
}

/* Returns the length of a thousands separator at s[i] that is followed by
 * exactly three digits: ',' or a no-break, narrow no-break or thin space
 * ("10 000"); 0 when there is none. */
static size_t group_sep(const unsigned char *s, size_t i, size_t end) {
  size_t n = 0;
  if (s[i] == ',')
    n = 1;
  else if (i + 1 < end && s[i] == 0xC2 && s[i + 1] == 0xA0)
    n = 2;
  else if (i + 2 < end && s[i] == 0xE2 && s[i + 1] == 0x80 &&
           (s[i + 2] == 0xAF || s[i + 2] == 0x89))
    n = 3;
  i += n;
  if (n == 0 || i + 3 > end || !is_digit(s[i]) || !is_digit(s[i + 1]) ||
      !is_digit(s[i + 2]))
    return 0;
  return i + 3 == end || !is_digit(s[i + 3]) ? n : 0;
}

/* Lexes the number at s[i] (a digit) into t: digits, then thousands groups
 * when the first group has 1-3 digits, then a decimal part ".d+". Returns
 * the end. Hot path: linear in the digits, no allocation. */
static size_t lex_number(const unsigned char *s, size_t i, size_t end, ftok *t) {
  size_t start = i, idig, sep;
  unsigned nd = 0;
  while (i < end && is_digit(s[i]))
    add_digit(t, &nd, s[i++]);
  idig = i - start;
  if (idig > 1 && s[start] == '0')
    t->nflags |= NF_LEAD0;
  bool grouped = idig <= 3; /* "1234,567" has no thousands separator. */
  while (grouped && i < end && (sep = group_sep(s, i, end)) > 0) {
    i += sep;
    add_digit(t, &nd, s[i]), add_digit(t, &nd, s[i + 1]);
    add_digit(t, &nd, s[i + 2]);
    t->nflags |= NF_COMMA;
    i += 3;
    idig += 3;
  }
  t->idigits = (uint8_t)(idig > 255 ? 255 : idig);
  if (i + 1 < end && s[i] == '.' && is_digit(s[i + 1])) {
    unsigned frac = 0;
    for (i++; i < end && is_digit(s[i]); i++, frac++)
      add_digit(t, &nd, s[i]);
    t->frac = (uint8_t)(frac > 255 ? 255 : frac);
  }
  return i;
}

/* Skips white space at sc->pos and returns its GAP_* class. */
static uint8_t skip_space(scan *sc) {
  const unsigned char *s = (const unsigned char *)sc->s;
  size_t i = sc->pos;
  unsigned newlines = 0;
  bool space = false;
  while (i < sc->end) {
    unsigned char c = s[i];
    int32_t cp = c < 0x80 ? c : -1;
    int n = is_special_lead(c) ? ws__utf8_decode(s, sc->end, i, &cp) : 1;
    if (c == '\n' || cp == 0x2028)
      newlines++;
    else if (cp == 0x2029)
      newlines += 2;
    else if (!(c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') &&
             !is_uspace(cp))
      break;
    i += (size_t)n;
    space = true;
  }
  sc->pos = i;
  return newlines >= 2 ? GAP_PARA : space ? GAP_SPACE : GAP_NONE;
}

/* Returns the end of a run of K_OTHER code points starting at s[i], so
 * that a run of foreign letters or invalid bytes is one token. Bytes that
 * cannot start a special code point are skipped one at a time. */
static size_t skip_other(const unsigned char *s, size_t i, size_t end) {
  while (i < end && s[i] >= 0x80) {
    int32_t cp, keep;
    if (!is_special_lead(s[i])) {
      i++;
      continue;
    }
    int n = ws__utf8_decode(s, end, i, &cp);
    if (is_uspace(cp) || classify_cp(cp, &keep) != K_OTHER)
      break;
    i += (size_t)n;
  }
  return i;
}

#define ONES UINT64_C(0x0101010101010101)
#define HIGHS UINT64_C(0x8080808080808080)

/* Returns how many of the 8 bytes at p, from the first, are ASCII
 * letters. */
static inline unsigned letter_prefix8(const unsigned char *p) {
  uint64_t x = ws__load8(p);
  uint64_t y = x | 0x20 * ONES, t = y & ~HIGHS;
  uint64_t letter = (t + (0x80 - 'a') * ONES) & ~(t + (0x7F - 'z') * ONES) & ~y & HIGHS;
  uint64_t stop = ~letter & HIGHS;
  return stop ? (unsigned)__builtin_ctzll(stop) / 8 : 8;
}

/* Lexes the next token into t; t->kind is K_NONE at the end of the range.
 * Hot path: one pass over the bytes. */
static void lex_next(scan *sc, ftok *t) {
  const unsigned char *s = (const unsigned char *)sc->s;
  memset(t, 0, sizeof *t);
  size_t p = sc->pos;
  if (p + 1 < sc->end && s[p] == ' ' && is_alpha(s[p + 1])) {
    t->gap = GAP_SPACE, sc->pos = p + 1; /* The common case of skip_space. */
  } else if (p < sc->end && is_alpha(s[p])) {
    t->gap = GAP_NONE;
  } else {
    t->gap = skip_space(sc);
  }
  size_t i = t->start = sc->pos;
  if (i >= sc->end) {
    t->kind = K_NONE;
    t->end = i;
    return;
  }
  unsigned char c = s[i];
  if (is_alpha(c)) {
    for (unsigned n = 8; n == 8 && i + 8 <= sc->end; i += n)
      n = letter_prefix8(s + i);
    while (i < sc->end && is_alpha(s[i]))
      i++;
    t->kind = K_WORD;
  } else if (is_digit(c)) {
    i = lex_number(s, i, sc->end, t);
    t->kind = K_NUM;
  } else if (c < 0x80) {
    t->kind = c == '$' ? K_CUR : (c < 0x20 || c == 0x7F) ? K_OTHER : K_PUNCT;
    t->cp = c;
    i++;
  } else {
    int32_t cp;
    i += (size_t)ws__utf8_decode(s, sc->end, i, &cp);
    t->kind = classify_cp(cp, &t->cp);
    if (t->kind == K_OTHER)
      i = skip_other(s, i, sc->end);
  }
  t->end = sc->pos = i;
}

/* Lexes tokens until token k exists; returns it, or K_NONE past the end. */
static const ftok *tok_slow(scan *sc, size_t k) {
  while (k >= sc->count) {
    if (sc->done)
      return &NONE_TOK;
    ftok *t = &sc->ring[sc->count & (RING - 1)];
    lex_next(sc, t);
    if (t->kind == K_NONE) {
      sc->done = true;
      return &NONE_TOK;
    }
    sc->count++;
  }
  return &sc->ring[k & (RING - 1)];
}

/* Returns token k (0 = the first in the range), lexing as far as needed.
 * Tokens before 0, past the end, or more than RING behind the furthest one
 * lexed come back as a K_NONE token. Hot path: the common case is inline. */
static inline const ftok *tok(scan *sc, ptrdiff_t k) {
  if (k < 0 || (size_t)k + RING < sc->count)
    return &NONE_TOK;
  if ((size_t)k < sc->count)
    return &sc->ring[(size_t)k & (RING - 1)];
  return tok_slow(sc, (size_t)k);
}

/* ---- Token predicates ------------------------------------------------- */

/* True when token t is the word w (lower-case ASCII), ignoring case. */
static bool word_is(const scan *sc, const ftok *t, const char *w) {
  if (t->kind != K_WORD)
    return false;
  const unsigned char *p = (const unsigned char *)sc->s + t->start;
  size_t n = t->end - t->start, i = 0;
  for (; i < n; i++)
    if ((p[i] | 0x20) != (unsigned char)w[i]) /* also stops at w's NUL */
      return false;
  return w[i] == '\0';
}

/* True when t is a word in the NULL-terminated list. */
static bool word_in(const scan *sc, const ftok *t, const char *const *list) {
  if (t->kind != K_WORD)
    return false;
  for (; *list; list++)
    if (word_is(sc, t, *list))
      return true;
  return false;
}

static bool is_cap_word(const scan *sc, const ftok *t) {
  return t->kind == K_WORD && is_upper((unsigned char)sc->s[t->start]);
}

static bool is_punct(const ftok *t, int32_t cp) {
  return t->kind == K_PUNCT && t->cp == cp;
}

static bool is_apostrophe(const ftok *t) {
  return is_punct(t, '\'') || (t->kind == K_QUOTE && t->cp == 0x2019);
}

/* True for a hyphen or dash joining two digit groups in a range or chain. */
static bool is_joiner(const ftok *t) {
  return t->gap == GAP_NONE && (is_punct(t, '-') || t->kind == K_DASH);
}

/* True for an integer number token usable as a plain value. */
static bool is_plain_int(const ftok *t) {
  return t->kind == K_NUM && t->frac == 0 && !(t->nflags & (NF_LONG | NF_LEAD0));
}

/* True for a 4-digit integer 1900-2099 written without a comma. */
static bool is_year_like(const ftok *t) {
  return is_plain_int(t) && !(t->nflags & NF_COMMA) && t->idigits == 4 &&
         t->mant >= 1900 && t->mant <= 2099;
}

/* ---- Word lists (small and closed; kept here so the finder does not
 * depend on data/lexicon/) ---------------------------------------------- */

enum { NW_UNIT = 1, NW_TEEN, NW_TENS, NW_HUNDRED, NW_BIG, NW_DOZEN };

typedef struct numword {
  const char *w;
  uint8_t len;
  uint8_t kind;
  uint8_t v; /* Value, or the power of ten for NW_BIG. */
} numword;

static const numword NUMWORDS[] = {
    {"one", 3, NW_UNIT, 1},        {"two", 3, NW_UNIT, 2},
    {"three", 5, NW_UNIT, 3},      {"four", 4, NW_UNIT, 4},
    {"five", 4, NW_UNIT, 5},       {"six", 3, NW_UNIT, 6},
    {"seven", 5, NW_UNIT, 7},      {"eight", 5, NW_UNIT, 8},
    {"nine", 4, NW_UNIT, 9},       {"ten", 3, NW_TEEN, 10},
    {"eleven", 6, NW_TEEN, 11},    {"twelve", 6, NW_TEEN, 12},
    {"thirteen", 8, NW_TEEN, 13},  {"fourteen", 8, NW_TEEN, 14},
    {"fifteen", 7, NW_TEEN, 15},   {"sixteen", 7, NW_TEEN, 16},
    {"seventeen", 9, NW_TEEN, 17}, {"eighteen", 8, NW_TEEN, 18},
    {"nineteen", 8, NW_TEEN, 19},  {"twenty", 6, NW_TENS, 20},
    {"thirty", 6, NW_TENS, 30},    {"forty", 5, NW_TENS, 40},
    {"fifty", 5, NW_TENS, 50},     {"sixty", 5, NW_TENS, 60},
    {"seventy", 7, NW_TENS, 70},   {"eighty", 6, NW_TENS, 80},
    {"ninety", 6, NW_TENS, 90},    {"hundred", 7, NW_HUNDRED, 2},
    {"thousand", 8, NW_BIG, 3},    {"million", 7, NW_BIG, 6},
    {"billion", 7, NW_BIG, 9},     {"trillion", 8, NW_BIG, 12},
    {"dozen", 5, NW_DOZEN, 12},
};

/* For a first letter and a length 3-9, the last letters of the NUMWORDS
 * with them: a filter that rejects almost every other word at once. */
#define L(c) (1u << ((c) - 'a'))
static const uint32_t NUMWORD_ENDS[26][7] = {
    ['b' - 'a'][7 - 3] = L('n'),          /* billion */
    ['d' - 'a'][5 - 3] = L('n'),          /* dozen */
    ['e' - 'a'][5 - 3] = L('t'),          /* eight */
    ['e' - 'a'][6 - 3] = L('n') | L('y'), /* eleven, eighty */
    ['e' - 'a'][8 - 3] = L('n'),          /* eighteen */
    ['f' - 'a'][4 - 3] = L('e') | L('r'), /* four, five */
    ['f' - 'a'][5 - 3] = L('y'),          /* forty, fifty */
    ['f' - 'a'][7 - 3] = L('n'),          /* fifteen */
    ['f' - 'a'][8 - 3] = L('n'),          /* fourteen */
    ['h' - 'a'][7 - 3] = L('d'),          /* hundred */
    ['m' - 'a'][7 - 3] = L('n'),          /* million */
    ['n' - 'a'][4 - 3] = L('e'),          /* nine */
    ['n' - 'a'][6 - 3] = L('y'),          /* ninety */
    ['n' - 'a'][8 - 3] = L('n'),          /* nineteen */
    ['o' - 'a'][3 - 3] = L('e'),          /* one */
    ['s' - 'a'][3 - 3] = L('x'),          /* six */
    ['s' - 'a'][5 - 3] = L('n') | L('y'), /* seven, sixty */
    ['s' - 'a'][7 - 3] = L('n') | L('y'), /* sixteen, seventy */
    ['s' - 'a'][9 - 3] = L('n'),          /* seventeen */
    ['t' - 'a'][3 - 3] = L('n') | L('o'), /* two, ten */
    ['t' - 'a'][5 - 3] = L('e'),          /* three */
    ['t' - 'a'][6 - 3] = L('e') | L('y'), /* twelve, twenty, thirty */
    ['t' - 'a'][8 - 3] = L('d') | L('n'), /* thirteen, thousand, trillion */
};
#undef L

/* False when the ASCII letters s[0, n) cannot spell a number word: the
 * length, first and last letters tell almost every other word. */
static inline bool may_be_numword(const unsigned char *s, size_t n) {
  if (n < 3 || n > 9)
    return false;
  unsigned first = (s[0] | 0x20u) - 'a', last = (s[n - 1] | 0x20u) - 'a';
  return first < 26 && last < 26 && (NUMWORD_ENDS[first][n - 3] >> last & 1);
}

/* may_be_numword for a run of 3 to 9 ASCII letters: the table alone. */
static inline bool ends_numword(const unsigned char *s, size_t n) {
  return NUMWORD_ENDS[(s[0] | 0x20u) - 'a'][n - 3] >> ((s[n - 1] | 0x20u) - 'a') & 1;
}

/* For each first letter, the NUMWORDS that start with it: indices plus
 * one, ended by 0. Kept in step with NUMWORDS by hand: a word left out here
 * is never found. */
static const uint8_t NUMWORDS_BY_FIRST[26][10] = {
    ['b' - 'a'] = {31},
    ['d' - 'a'] = {33},
    ['e' - 'a'] = {8, 11, 18, 26},
    ['f' - 'a'] = {4, 5, 14, 15, 22, 23},
    ['h' - 'a'] = {28},
    ['m' - 'a'] = {30},
    ['n' - 'a'] = {9, 19, 27},
    ['o' - 'a'] = {1},
    ['s' - 'a'] = {6, 7, 16, 17, 24, 25},
    ['t' - 'a'] = {2, 3, 10, 12, 13, 20, 21, 29, 32},
};

/* Returns the number word that the ASCII letters s[0, n) spell (any
 * case), or NULL. */
static const numword *numword_bytes(const unsigned char *s, size_t n) {
  if (!may_be_numword(s, n))
    return NULL;
  for (const uint8_t *k = NUMWORDS_BY_FIRST[(s[0] | 0x20) - 'a']; *k; k++) {
    const numword *nw = &NUMWORDS[*k - 1];
    if (nw->len != n)
      continue;
    size_t j = 1;
    while (j < n && (s[j] | 0x20) == (unsigned char)nw->w[j])
      j++;
    if (j == n)
      return nw;
  }
  return NULL;
}

/* Returns the number word token t spells, or NULL. */
static const numword *numword_of(const scan *sc, const ftok *t) {
  if (t->kind != K_WORD)
    return NULL;
  return numword_bytes((const unsigned char *)sc->s + t->start, t->end - t->start);
}

/* Scale words written after digits, with their power of ten. */
static const struct {
  const char *w;
  uint8_t exp;
  uint8_t glued; /* 1: only glued to the digits ("$5m"); 2: only after a
                    currency sign and glued ("$50k"). */
} SCALES[] = {
    {"hundred", 2, 0},   {"thousand", 3, 0}, {"million", 6, 0}, {"billion", 9, 0},
    {"trillion", 12, 0}, {"mn", 6, 0},       {"mln", 6, 0},     {"bn", 9, 0},
    {"bln", 9, 0},       {"tn", 12, 0},      {"trn", 12, 0},    {"m", 6, 2},
    {"k", 3, 2},         {"b", 9, 2},
};

/* Returns the power of ten of a scale word after digits, or 0. glued says
 * whether it touches the digits, cur whether a currency sign came first. */
static int scale_exp(const scan *sc, const ftok *t, bool glued, bool cur) {
  for (size_t i = 0; i < sizeof SCALES / sizeof SCALES[0]; i++) {
    if (!word_is(sc, t, SCALES[i].w))
      continue;
    if (SCALES[i].glued == 2 && !(glued && cur))
      return 0;
    return SCALES[i].exp;
  }
  return 0;
}

typedef struct modifier {
  const char *w[3];
  uint8_t n;
  bool strong; /* Marks a quantity: makes "nearly 2000" a figure, not a year. */
} modifier;

static const modifier MODIFIERS[] = {
    {{"nearly"}, 1, true},
    {{"almost"}, 1, true},
    {{"about"}, 1, false},
    {{"around"}, 1, false},
    {{"approximately"}, 1, true},
    {{"roughly"}, 1, true},
    {{"some"}, 1, true},
    {{"over"}, 1, false},
    {{"under"}, 1, false},
    {{"above"}, 1, false},
    {{"below"}, 1, false},
    {{"estimated"}, 1, true},
    {{"an", "estimated"}, 2, true},
    {{"more", "than"}, 2, true},
    {{"less", "than"}, 2, true},
    {{"fewer", "than"}, 2, true},
    {{"at", "least"}, 2, true},
    {{"at", "most"}, 2, true},
    {{"up", "to"}, 2, false},
    {{"close", "to"}, 2, false},
    {{"upwards", "of"}, 2, true},
    {{"just", "over"}, 2, false},
    {{"just", "under"}, 2, false},
    {{"well", "over"}, 2, false},
    {{"well", "under"}, 2, false},
    {{"as", "many", "as"}, 3, true},
    {{"as", "much", "as"}, 3, true},
    {{"as", "few", "as"}, 3, true},
    {{"as", "little", "as"}, 3, true},
    {{"no", "more", "than"}, 3, true},
    {{"no", "fewer", "than"}, 3, true},
    {{"no", "less", "than"}, 3, true},
};

/* For each first letter, a bit for each length (below 32) of the last
 * words of MODIFIERS that start with it: a filter in front of the list.
 * Kept in step with MODIFIERS by hand: a word left out here is never
 * taken. */
static const uint32_t MODIFIER_LAST_LENGTHS[26] = {
    ['a' - 'a'] = 0x2064, /* about, above, almost, approximately, around, as */
    ['b' - 'a'] = 0x20, /* below */
    ['e' - 'a'] = 0x200, /* estimated */
    ['l' - 'a'] = 0x20, /* least */
    ['m' - 'a'] = 0x10, /* most */
    ['n' - 'a'] = 0x40, /* nearly */
    ['o' - 'a'] = 0x14, /* of, over */
    ['r' - 'a'] = 0x80, /* roughly */
    ['s' - 'a'] = 0x10, /* some */
    ['t' - 'a'] = 0x14, /* than, to */
    ['u' - 'a'] = 0x20, /* under */
};

static const char *const MONTHS[] = {
    "january", "february",  "march",   "april",    "may",      "june", "july",
    "august",  "september", "october", "november", "december", "jan",  "feb",
    "mar",     "apr",       "jun",     "jul",      "aug",      "sep",  "sept",
    "oct",     "nov",       "dec",     NULL};

/* Words before a number that make it a label, in any case: "page 5". */
static const char *const LABELS_ANY[] = {
    "page",   "section",   "chapter", "article",   "episode",  "season",   "room",
    "flight", "route",     "exit",    "gate",      "level",    "stage",    "phase",
    "grade",  "category",  "version", "volume",    "platform", "terminal", "suite",
    "verse",  "paragraph", "clause",  "apartment", NULL};

/* Words before a number that make it a label when capitalised: "Game 7". */
static const char *const LABELS_CAP[] = {
    "number", "title",    "proposition", "prop",    "amendment",  "district",
    "ward",   "precinct", "game",        "week",    "class",      "act",
    "part",   "model",    "series",      "apollo",  "windows",    "figure",
    "table",  "channel",  "building",    "highway", "interstate", "pier",
    "unit",   "division", "local",       "formula", "mark",       "band",
    "day",    NULL};

/* Abbreviations that, with a period, make the number after them a label. */
static const char *const LABELS_DOT[] = {"no",  "nos", "vol", "p",  "pp", "art",
                                         "sec", "ch",  "fig", "op", "ed", "para",
                                         "apt", "rev", "ver", "v",  NULL};

static const char *const STREETS[] = {
    "street", "st", "avenue", "ave",   "road", "rd",    "boulevard", "blvd",
    "lane",   "ln", "drive",  "place", "way",  "court", "square",    NULL};

static const char *const AGE_BEFORE[] = {"aged", "age", "ages", NULL};

/* Words after which a lone number word is a reference, not a count. */
static const char *const LONE_BLOCK_BEFORE[] = {
    "which", "the",       "this", "that",    "these",  "those", "no",  "any",
    "each",  "every",     "my",   "your",    "his",    "her",   "its", "our",
    "their", "whichever", "what", "another", "number", NULL};

/* Words that, following a lone number word, show it is no count. */
static const char *const LONE_BLOCK_AFTER[] = {
    "of",    "and",   "or",     "nor",   "but",   "to",      "in",    "on",     "at",
    "for",   "with",  "by",     "from",  "as",    "than",    "that",  "which",  "who",
    "whom",  "whose", "what",   "when",  "where", "is",      "was",   "are",    "were",
    "be",    "been",  "being",  "am",    "has",   "have",    "had",   "do",     "does",
    "did",   "will",  "would",  "can",   "could", "should",  "may",   "might",  "must",
    "shall", "the",   "a",      "an",    "this",  "these",   "those", "it",     "its",
    "they",  "them",  "their",  "he",    "she",   "him",     "her",   "his",    "we",
    "us",    "our",   "you",    "your",  "i",     "me",      "my",    "not",    "no",
    "so",    "if",    "then",   "too",   "also",  "another", "each",  "apiece", "more",
    "less",  "after", "before", "again", "said",  "says",    NULL};

static const char *const CUR_PREFIXES[] = {"us", "c", "a", "nz", "hk", "s", "r", NULL};

/* ---- Figures ------------------------------------------------------------ */

/* A figure being built: tokens [first, last], the number at num. */
typedef struct fig {
  ptrdiff_t first, num, last;
  ptrdiff_t mod; /* First token of the modifier, or -1. */
  uint64_t mant; /* value = mant * 10^exp, unless has_value. */
  int exp;
  double value;
  bool has_value; /* value was set directly (ratio, fraction). */
  bool cur, neg, scaled, pct, words, strong;
} fig;

/* Returns mant * 10^exp with one rounding for |exp| <= 22. */
static double pow10_value(uint64_t mant, int exp) {
  static const double P[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                             1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                             1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
  double v = (double)mant;
  for (; exp > 22; exp -= 22)
    v *= 1e22;
  for (; exp < -22; exp += 22)
    v /= 1e22;
  return exp >= 0 ? v * P[exp] : v / P[-exp];
}

static double fig_value(const fig *f) {
  double v = f->has_value ? f->value : pow10_value(f->mant, f->exp);
  return f->neg ? -v : v;
}

/* True when the figure is a plain integer: no scale, percent, sign... */
static bool fig_is_bare(const fig *f) {
  return !f->cur && !f->neg && !f->scaled && !f->pct && !f->has_value && f->exp == 0;
}

/* True when token k may start a figure given what touches it on the left:
 * white space, the range start, an opening bracket or quotation mark, a
 * dash, or a hyphen after digits (the second number of a range "10-20"). */
static bool left_edge_ok(scan *sc, ptrdiff_t k) {
  const ftok *p = tok(sc, k - 1);
  if (tok(sc, k)->gap != GAP_NONE || p->kind == K_NONE)
    return true;
  switch (p->kind) {
  case K_DASH:
    return true;
  case K_QUOTE:
    return p->cp != 0x2019; /* ’90: an abbreviated year. */
  case K_PUNCT:
    if (p->cp == '-')
      return tok(sc, k - 2)->kind == K_NUM && p->gap == GAP_NONE;
    return p->cp == '(' || p->cp == '[' || p->cp == '{' || p->cp == '"' || p->cp == '~';
  default:
    return false;
  }
}

/* True when what touches token k on the right lets it end a number: white
 * space, the range end, closing punctuation, '%', an em dash. Rejects "1st",
 * "5G", "20-year", "1.2.3", "10:30", "3,5", "1990's", "@", "_". */
static bool right_edge_ok(scan *sc, ptrdiff_t k) {
  const ftok *n = tok(sc, k + 1), *n2 = tok(sc, k + 2);
  if (n->gap != GAP_NONE || n->kind == K_NONE)
    return true;
  bool n2_glued = n2->gap == GAP_NONE;
  switch (n->kind) {
  case K_DASH:
    return true;
  case K_QUOTE:
    return !(n->cp == 0x2019 && n2_glued && n2->kind == K_WORD);
  case K_PUNCT:
    switch (n->cp) {
    case '-':
      return !(n2_glued && (n2->kind == K_WORD || n2->kind == K_OTHER));
    case ':':
    case '.':
    case ',':
      return !(n2_glued && n2->kind == K_NUM);
    case '\'':
      return !(n2_glued && n2->kind == K_WORD);
    case ')':
    case ']':
    case '}':
    case '"':
    case '!':
    case '?':
    case ';':
    case '%':
    case '+':
    case '*':
    case 0x2026:
      return true;
    default:
      return false;
    }
  default:
    return false;
  }
}

/* True when the NUM at k belongs to a hyphen chain that is not a plain
 * range: three or more groups ("1-800-555-0199"), a phone number
 * ("555-1234"), or a year range ("1990-91", "2019-2020"). */
static bool bad_chain(scan *sc, ptrdiff_t k) {
  ptrdiff_t left = k, right = k;
  int groups = 1;
  while (groups < 4 && is_joiner(tok(sc, left - 1)) && tok(sc, left - 2)->kind == K_NUM &&
         tok(sc, left)->gap == GAP_NONE)
    left -= 2, groups++;
  while (groups < 4 && is_joiner(tok(sc, right + 1)) &&
         tok(sc, right + 2)->kind == K_NUM && tok(sc, right + 2)->gap == GAP_NONE)
    right += 2, groups++;
  if (groups == 1)
    return false;
  if (groups >= 3)
    return true;
  const ftok *a = tok(sc, left), *b = tok(sc, left + 2);
  if (is_year_like(a))
    return true;
  return is_plain_int(a) && is_plain_int(b) && !((a->nflags | b->nflags) & NF_COMMA) &&
         a->idigits >= 3 && b->idigits >= 4;
}

/* Looks for a fraction "a/b" at NUM k: 1 <= a < b <= 10, nothing glued
 * after. Returns 1 and fills f when found, 0 when k is not followed by '/',
 * -1 when it is but the slashed digits are no fraction ("9/11", "24/7"). */
static int try_fraction(scan *sc, ptrdiff_t k, fig *f) {
  const ftok *a = tok(sc, k), *sl = tok(sc, k + 1), *b = tok(sc, k + 2);
  if (!is_punct(sl, '/') || sl->gap != GAP_NONE)
    return 0;
  if (b->kind != K_NUM || b->gap != GAP_NONE || !is_plain_int(a) || !is_plain_int(b) ||
      a->mant < 1 || a->mant >= b->mant || b->mant > 10 || f->cur || f->neg)
    return -1;
  if (is_punct(tok(sc, k + 3), '/') || !right_edge_ok(sc, k + 2))
    return -1;
  f->value = (double)a->mant / (double)b->mant;
  f->has_value = true;
  f->last = k + 2;
  return 1;
}

/* Extends f over spaced scale words after its last token ("3.5 million",
 * "5 hundred thousand", "3 dozen"): at most two, each larger than the one
 * before. */
static void take_scales(scan *sc, fig *f) {
  int prev = 0;
  for (int n = 0; n < 2; n++) {
    const ftok *t = tok(sc, f->last + 1);
    if (t->gap != GAP_SPACE)
      return;
    if (n == 0 && word_is(sc, t, "dozen")) {
      f->mant *= 12, f->last++, f->scaled = true;
      return;
    }
    int e = scale_exp(sc, t, false, f->cur);
    if (e <= prev)
      return;
    f->exp += e, prev = e, f->last++, f->scaled = true;
  }
}

/* Extends f over a percent sign or word after its last token: "40%",
 * "40 %", "40 percent", "40 per cent", "40 pct". */
static void take_percent(scan *sc, fig *f) {
  const ftok *t = tok(sc, f->last + 1);
  if (is_punct(t, '%') && t->gap != GAP_PARA) {
    f->last++, f->pct = true;
  } else if (t->gap == GAP_SPACE &&
             (word_is(sc, t, "percent") || word_is(sc, t, "pct"))) {
    f->last++, f->pct = true;
  } else if (t->gap == GAP_SPACE && word_is(sc, t, "per") &&
             tok(sc, f->last + 2)->gap == GAP_SPACE &&
             word_is(sc, tok(sc, f->last + 2), "cent")) {
    f->last += 2, f->pct = true;
  }
}

/* Builds a figure from digits: first is where its text starts (a currency
 * sign, a minus sign, or the NUM itself), num the NUM token. Returns false
 * when the digits are not a quantity by their own shape or touching
 * characters (context words are judged later, in context_rejects). */
static bool try_digits(scan *sc, ptrdiff_t first, ptrdiff_t num, fig *f) {
  const ftok *t = tok(sc, num);
  f->first = first, f->num = num, f->last = num;
  if ((t->nflags & (NF_LONG | NF_LEAD0)) ||
      (!(t->nflags & NF_COMMA) && t->frac == 0 && t->idigits >= 8))
    return false;
  if (!left_edge_ok(sc, first) || bad_chain(sc, num))
    return false;
  int fr = try_fraction(sc, num, f);
  if (fr != 0)
    return fr > 0;
  f->mant = t->mant, f->exp = -(int)t->frac;
  const ftok *n = tok(sc, num + 1);
  int e = n->gap == GAP_NONE ? scale_exp(sc, n, true, f->cur) : 0;
  if (e > 0) {
    f->exp += e, f->last++, f->scaled = true;
  } else {
    if (!right_edge_ok(sc, num))
      return false;
    take_scales(sc, f);
  }
  take_percent(sc, f);
  return f->last == num || right_edge_ok(sc, f->last);
}

/* The state of a number-word phrase being read. */
typedef struct wstate {
  uint64_t total, cur;
  int kind;       /* NW_* of the last word, or 0 after "a"/"an". */
  int last_big;   /* Power of ten of the last big scale word (99 = none). */
  int nvals;      /* Words from "one" to "ninety". */
  bool scale;     /* A hundred/thousand/.../dozen was seen. */
  bool after_and; /* The word being added came after "and". */
  bool dangling;  /* A group began after a big scale word without "and":
                     "two million three" may not end there. */
} wstate;

/* True when number word nw may follow the phrase state w. */
static bool nw_follows(const wstate *w, const numword *nw) {
  int k = nw->kind;
  bool scale = k == NW_HUNDRED || k == NW_BIG || k == NW_DOZEN;
  switch (w->kind) {
  case 0:
  case NW_UNIT:
  case NW_TEEN:
    return scale;
  case NW_TENS:
    return k == NW_UNIT || k == NW_BIG || k == NW_DOZEN;
  case NW_HUNDRED:
  case NW_BIG:
    return k <= NW_TENS || k == NW_BIG;
  default:
    return false;
  }
}

/* Adds number word nw to the phrase state. Returns false when a big scale
 * word is not smaller than the one before ("thousand million" stops). */
static bool nw_apply(wstate *w, const numword *nw) {
  if (nw->kind <= NW_TENS) {
    if (w->kind == NW_BIG && !w->after_and)
      w->dangling = true;
    w->cur += nw->v, w->nvals++;
  } else if (nw->kind == NW_BIG) {
    if (nw->v >= w->last_big)
      return false;
    uint64_t p = 1;
    for (int i = 0; i < nw->v; i++)
      p *= 10;
    w->total += (w->cur ? w->cur : 1) * p;
    w->cur = 0, w->last_big = nw->v, w->scale = true, w->dangling = false;
  } else {
    w->cur = (w->cur ? w->cur : 1) * (nw->kind == NW_HUNDRED ? 100 : 12);
    w->scale = true, w->dangling = false;
  }
  w->kind = nw->kind;
  return true;
}

/* Reads the word after the phrase's last token j into *nw and returns its
 * index, or -1 when no number word follows. Allows "twenty-five" (a hyphen
 * only between tens and units) and "hundred and ten". */
static ptrdiff_t nw_next(scan *sc, ptrdiff_t j, wstate *w, const numword **nw) {
  const ftok *t = tok(sc, j + 1), *t2 = tok(sc, j + 2);
  w->after_and = false;
  if (is_punct(t, '-') && t->gap == GAP_NONE && t2->gap == GAP_NONE) {
    *nw = numword_of(sc, t2);
    return w->kind == NW_TENS && *nw && (*nw)->kind == NW_UNIT ? j + 2 : -1;
  }
  if (t->gap != GAP_SPACE)
    return -1;
  if (word_is(sc, t, "and") && (w->kind == NW_HUNDRED || w->kind == NW_BIG) &&
      t2->gap == GAP_SPACE) {
    *nw = numword_of(sc, t2);
    w->after_and = *nw && (*nw)->kind <= NW_TENS;
    return w->after_and ? j + 2 : -1;
  }
  *nw = numword_of(sc, t);
  return *nw ? j + 1 : -1;
}

/* Starts a number-word phrase at token k: a value word, "a"/"an", or "half
 * a"/"half an". Returns the phrase's current last token, or -1. */
static ptrdiff_t nw_start(scan *sc, ptrdiff_t k, wstate *w, bool *half) {
  const ftok *t = tok(sc, k), *n = tok(sc, k + 1);
  const numword *nw;
  *half = word_is(sc, t, "half");
  if (*half)
    return n->gap == GAP_SPACE && (word_is(sc, n, "a") || word_is(sc, n, "an")) ? k + 1
                                                                                : -1;
  if (word_is(sc, t, "a") || word_is(sc, t, "an"))
    return k;
  if ((nw = numword_of(sc, t)) && nw->kind <= NW_TENS) {
    nw_apply(w, nw);
    return k;
  }
  return -1;
}

/* Reads a number-word phrase starting at k ("two", "twenty-five", "a
 * dozen", "half a million", "two hundred and ten thousand") into f, keeping
 * the longest prefix that may end a phrase. Returns the number of value
 * words (one..ninety) read, or -1 when there is no phrase. f->scaled says
 * a scale word was read. */
static int read_words(scan *sc, ptrdiff_t k, fig *f) {
  wstate w = {0, 0, 0, 99, 0, false, false, false}, at_end = w;
  const numword *nw = NULL;
  bool half;
  ptrdiff_t j = nw_start(sc, k, &w, &half), end = -1;
  if (j < 0)
    return -1;
  for (int steps = 0; steps < 12; steps++) {
    if (w.kind != 0 && !w.dangling)
      end = j, at_end = w;
    if (half && w.scale)
      break;
    ptrdiff_t nj = nw_next(sc, j, &w, &nw);
    if (nj < 0 || !nw_follows(&w, nw) || !nw_apply(&w, nw))
      break;
    j = nj;
  }
  if (end < 0)
    return -1;
  f->first = f->num = k, f->last = end, f->words = true;
  f->mant = at_end.total + at_end.cur, f->exp = 0, f->scaled = at_end.scale;
  if (half)
    f->mant *= 5, f->exp = -1;
  return at_end.nvals;
}

/* Looks for "in" and a denominator after an integer figure ("one in five",
 * "1 in 3"); on success turns f into the ratio. */
static void take_ratio(scan *sc, fig *f) {
  const ftok *in = tok(sc, f->last + 1), *b = tok(sc, f->last + 2);
  double den = 0;
  if (!fig_is_bare(f) || in->gap != GAP_SPACE || !word_is(sc, in, "in") ||
      b->gap != GAP_SPACE)
    return;
  if (b->kind == K_NUM) {
    if (!is_plain_int(b) || is_year_like(b) || !right_edge_ok(sc, f->last + 2) ||
        is_punct(tok(sc, f->last + 3), '/'))
      return;
    den = (double)b->mant;
  } else {
    const numword *nw = numword_of(sc, b);
    const ftok *after = tok(sc, f->last + 3);
    if (!nw || nw->kind > NW_TENS || (is_punct(after, '-') && after->gap == GAP_NONE))
      return;
    den = nw->v;
  }
  if (den <= (double)f->mant)
    return;
  f->value = (double)f->mant / den;
  f->has_value = true;
  f->last += 2;
}

/* Finds the longest modifier ending just before token first, not reaching
 * before token floor. Sets f->mod (or -1) and f->strong. */
static void take_modifier(scan *sc, ptrdiff_t floor, fig *f) {
  f->mod = -1;
  if (tok(sc, f->first)->gap != GAP_SPACE || f->first - 1 < floor)
    return;
  /* Every modifier ends with a word just before the figure: its first
   * letter, in either case, passes over most of them at once. */
  const ftok *before = tok(sc, f->first - 1);
  if (before->kind != K_WORD || before->end == before->start)
    return;
  unsigned char first = (unsigned char)(sc->s[before->start] | 0x20);
  size_t n = before->end - before->start;
  if (first < 'a' || first > 'z' || n >= 32 || !(MODIFIER_LAST_LENGTHS[first - 'a'] >> n & 1))
    return; /* No modifier ends with such a word: "the", "and", "in". */
  for (size_t m = 0; m < sizeof MODIFIERS / sizeof MODIFIERS[0]; m++) {
    const modifier *md = &MODIFIERS[m];
    if ((unsigned char)md->w[md->n - 1][0] != first)
      continue;
    ptrdiff_t j = f->first - 1;
    int w = md->n - 1;
    for (; w >= 0 && j >= floor; w--, j--) {
      const ftok *t = tok(sc, j);
      if (!word_is(sc, t, md->w[w]) || (w > 0 && t->gap != GAP_SPACE))
        break;
    }
    if (w < 0 && (f->mod < 0 || j + 1 < f->mod))
      f->mod = j + 1, f->strong = md->strong;
  }
}

/* True when a time-of-day marker follows token k: "a.m.", "p.m.", "am",
 * "pm", "o'clock". */
static bool time_follows(scan *sc, ptrdiff_t k) {
  const ftok *a = tok(sc, k + 1), *b = tok(sc, k + 2), *c = tok(sc, k + 3);
  if (a->gap != GAP_SPACE)
    return false;
  if (word_is(sc, a, "am") || word_is(sc, a, "pm"))
    return true;
  if ((word_is(sc, a, "a") || word_is(sc, a, "p")) && is_punct(b, '.') &&
      b->gap == GAP_NONE && word_is(sc, c, "m") && c->gap == GAP_NONE)
    return true;
  return word_is(sc, a, "o") && is_apostrophe(b) && b->gap == GAP_NONE &&
         word_is(sc, c, "clock") && c->gap == GAP_NONE;
}

/* True when token k - 1 (with a space before k) is a capitalised month, or
 * k - 2 is one and k - 1 its abbreviation period ("Jan. 5"). */
static bool month_before(scan *sc, ptrdiff_t k) {
  const ftok *p = tok(sc, k - 1), *p2 = tok(sc, k - 2);
  if (tok(sc, k)->gap == GAP_NONE)
    return false;
  if (is_cap_word(sc, p) && word_in(sc, p, MONTHS))
    return true;
  return is_punct(p, '.') && p->gap == GAP_NONE && is_cap_word(sc, p2) &&
         word_in(sc, p2, MONTHS);
}

/* True when a bare number at [first, last] is a day of the month: "June
 * 11", "Jan. 5", "11 June", or the second day in "June 11-12". */
static bool is_day(scan *sc, const fig *f) {
  const ftok *n = tok(sc, f->last + 1);
  if (!fig_is_bare(f) || f->words || f->mant < 1 || f->mant > 31)
    return false;
  if (month_before(sc, f->first) ||
      (n->gap == GAP_SPACE && is_cap_word(sc, n) && word_in(sc, n, MONTHS)))
    return true;
  return is_joiner(tok(sc, f->first - 1)) && tok(sc, f->first - 2)->kind == K_NUM &&
         month_before(sc, f->first - 2);
}

/* True when the word before token k makes it a label: "No. 1", "page 5",
 * "Section 230". */
static bool is_label(scan *sc, ptrdiff_t k) {
  const ftok *p = tok(sc, k - 1), *p2 = tok(sc, k - 2);
  if (is_punct(p, '.') && p->gap == GAP_NONE && word_in(sc, p2, LABELS_DOT))
    return true;
  if (tok(sc, k)->gap != GAP_SPACE)
    return false;
  return word_in(sc, p, LABELS_ANY) || (is_cap_word(sc, p) && word_in(sc, p, LABELS_CAP));
}

/* True when the figure reads as an age: "aged 45", "45 years old", or the
 * apposition "Smith, 45,". */
static bool is_age(scan *sc, const fig *f) {
  const ftok *p = tok(sc, f->first - 1), *n1 = tok(sc, f->last + 1);
  const ftok *n2 = tok(sc, f->last + 2), *n3 = tok(sc, f->last + 3);
  if (!fig_is_bare(f) || f->mod >= 0)
    return false;
  if (tok(sc, f->first)->gap == GAP_SPACE && word_in(sc, p, AGE_BEFORE))
    return true;
  if ((word_is(sc, n1, "years") || word_is(sc, n1, "year")) && n1->gap == GAP_SPACE &&
      n2->gap == GAP_SPACE &&
      (word_is(sc, n2, "old") || (word_is(sc, n2, "of") && word_is(sc, n3, "age"))))
    return true;
  return !f->words && f->mant >= 1 && f->mant <= 120 && is_punct(p, ',') &&
         p->gap == GAP_NONE && is_cap_word(sc, tok(sc, f->first - 2)) &&
         is_punct(n1, ',') && n1->gap == GAP_NONE;
}

/* True when a bare number is a street number: "10 Downing Street". */
static bool is_street_number(scan *sc, const fig *f) {
  const ftok *a = tok(sc, f->last + 1), *b = tok(sc, f->last + 2);
  return fig_is_bare(f) && !f->words && a->gap == GAP_SPACE && is_cap_word(sc, a) &&
         b->gap == GAP_SPACE && is_cap_word(sc, b) && word_in(sc, b, STREETS);
}

/* True when a bare number without a modifier reads as a code or a name:
 * five or more digits without separators ("741741", "90210"), or digits
 * between capitalised words ("Boeing 737 Max"). */
static bool is_code(scan *sc, const fig *f) {
  const ftok *t = tok(sc, f->num), *p = tok(sc, f->first - 1), *n = tok(sc, f->last + 1);
  if (f->words || !fig_is_bare(f) || f->mod >= 0)
    return false;
  if (!(t->nflags & NF_COMMA) && t->idigits >= 5)
    return true;
  return tok(sc, f->first)->gap == GAP_SPACE && is_cap_word(sc, p) &&
         n->gap == GAP_SPACE && is_cap_word(sc, n);
}

/* True when a built figure is not a quantity in its context: a year, a
 * time, a day of the month, a label, an age, a street number or a code. */
static bool context_rejects(scan *sc, const fig *f) {
  const ftok *t = tok(sc, f->num);
  if (!f->words && is_year_like(t) && !f->cur && !f->neg && !f->scaled && !f->pct &&
      !f->has_value && !f->strong)
    return true;
  if (!f->cur && !f->scaled && !f->pct && !f->has_value && time_follows(sc, f->last))
    return true;
  if (f->mod < 0 && !f->cur && is_label(sc, f->first))
    return true;
  return is_day(sc, f) || is_age(sc, f) || is_street_number(sc, f) || is_code(sc, f);
}

/* Judges a phrase of number words with no scale word and nvals value
 * words: a lone "one" is never a count; another lone word counts only
 * before a lower-case noun-like word, and not after a determiner or a
 * capitalised word that is not its modifier. */
static bool lone_word_ok(scan *sc, const fig *f, int nvals) {
  const ftok *p = tok(sc, f->first - 1), *n = tok(sc, f->last + 1);
  if (f->scaled || f->pct || f->has_value || nvals > 1)
    return true;
  if (f->mant == 1)
    return false;
  if (tok(sc, f->first)->gap != GAP_NONE && word_in(sc, p, LONE_BLOCK_BEFORE))
    return false;
  if (f->mod < 0 && tok(sc, f->first)->gap == GAP_SPACE && is_cap_word(sc, p))
    return false;
  return n->kind == K_WORD && n->gap == GAP_SPACE &&
         !is_upper((unsigned char)sc->s[n->start]) && !numword_of(sc, n) &&
         !word_in(sc, n, LONE_BLOCK_AFTER);
}

/* Builds a figure from number words at k. */
static bool try_words(scan *sc, ptrdiff_t k, ptrdiff_t floor, fig *f) {
  int nvals = read_words(sc, k, f);
  if (nvals < 0 || !left_edge_ok(sc, k) || !right_edge_ok(sc, f->last))
    return false;
  take_percent(sc, f);
  take_ratio(sc, f);
  take_modifier(sc, floor, f);
  return lone_word_ok(sc, f, nvals) && !context_rejects(sc, f);
}

/* Skips a telephone number that starts at token k: "+1 555 123 4567" or
 * "(555) 123-4567". Returns the index of its last token, or -1. */
static ptrdiff_t phone_end(scan *sc, ptrdiff_t k) {
  const ftok *t = tok(sc, k), *a = tok(sc, k + 1), *b = tok(sc, k + 2);
  ptrdiff_t j;
  if (is_punct(t, '+') && a->kind == K_NUM && a->gap == GAP_NONE && left_edge_ok(sc, k))
    j = k + 1;
  else if (is_punct(t, '(') && a->kind == K_NUM && a->gap == GAP_NONE &&
           a->idigits == 3 && is_punct(b, ')') && b->gap == GAP_NONE &&
           tok(sc, k + 3)->kind == K_NUM && tok(sc, k + 3)->gap == GAP_SPACE)
    j = k + 2;
  else
    return -1;
  for (int n = 0; n < 12; n++) {
    const ftok *x = tok(sc, j + 1), *y = tok(sc, j + 2);
    if (x->kind == K_NUM && x->gap != GAP_PARA)
      j += 1;
    else if ((is_punct(x, '-') || is_punct(x, '.') || is_punct(x, ')') ||
              is_punct(x, '(')) &&
             y->kind == K_NUM && y->gap != GAP_PARA)
      j += 2;
    else
      break;
  }
  return j;
}

enum { TRY_NONE, TRY_FIGURE, TRY_SKIP };

/* True when a figure can start at the word t: only a number word (nw_start),
 * "half", "a" or "an", or a currency prefix before a currency sign ("US$",
 * CUR_PREFIXES, all of one or two letters) can. */
static bool word_may_start(const scan *sc, const ftok *t) {
  const unsigned char *s = (const unsigned char *)sc->s + t->start;
  size_t n = t->end - t->start;
  return n <= 2 || (n == 4 && (s[0] | 0x20) == 'h') || may_be_numword(s, n);
}

/* A cheap filter: false when no figure or phone number can start at t. */
static bool may_start(const scan *sc, const ftok *t) {
  switch (t->kind) {
  case K_NUM:
  case K_CUR:
  case K_MINUS:
    return true;
  case K_PUNCT:
    return t->cp == '-' || t->cp == '+' || t->cp == '(';
  case K_WORD:
    return t->end - t->start <= 9 && word_may_start(sc, t);
  default:
    return false;
  }
}

/* Tries to build a figure whose text starts at token k. Returns TRY_FIGURE
 * with f filled, TRY_SKIP with f->last set past a phone number, or
 * TRY_NONE. */
static int try_at(scan *sc, ptrdiff_t k, ptrdiff_t floor, fig *f) {
  const ftok *t = tok(sc, k), *n = tok(sc, k + 1);
  bool num_next = n->kind == K_NUM && n->gap == GAP_NONE;
  bool ok = false;
  memset(f, 0, sizeof *f);
  f->mod = -1;
  if ((f->last = phone_end(sc, k)) >= 0)
    return TRY_SKIP;
  if (t->kind == K_NUM) {
    ok = try_digits(sc, k, k, f);
  } else if (t->kind == K_CUR && num_next) {
    f->cur = true;
    ok = try_digits(sc, k, k + 1, f);
  } else if ((t->kind == K_MINUS || is_punct(t, '-')) && num_next) {
    f->neg = true;
    ok = try_digits(sc, k, k + 1, f);
  } else if (n->kind == K_CUR && n->gap == GAP_NONE && word_in(sc, t, CUR_PREFIXES) &&
             tok(sc, k + 2)->kind == K_NUM && tok(sc, k + 2)->gap == GAP_NONE) {
    f->cur = true;
    ok = try_digits(sc, k, k + 2, f);
  } else if (t->kind == K_WORD) {
    return try_words(sc, k, floor, f) ? TRY_FIGURE : TRY_NONE;
  }
  if (!ok)
    return TRY_NONE;
  take_ratio(sc, f);
  take_modifier(sc, floor, f);
  return context_rejects(sc, f) ? TRY_NONE : TRY_FIGURE;
}

/* Appends the figure f to out. */
static ws_status emit(scan *sc, const fig *f, ws__vec *out) {
  ws_figure *g = ws__vec_push(out);
  if (!g)
    return WS_ERR_NOMEM;
  size_t s = tok(sc, f->mod >= 0 ? f->mod : f->first)->start;
  size_t e = tok(sc, f->last)->end;
  g->span.text.ptr = sc->s + s;
  g->span.text.len = e - s;
  g->span.start = s;
  g->span.end = e;
  g->value = fig_value(f);
  return WS_OK;
}

/* Returns the first byte at or after i that is an ASCII digit or starts
 * a number word, or end when there is none: a figure needs one or the
 * other. Without digits the lexer's words are exactly the maximal runs of
 * ASCII letters (a run that begins before i counts from i), so a number
 * word starts a run, and every digit found from a token's start starts a
 * number token. */
static size_t next_trigger_from(const unsigned char *s, size_t i, size_t end) {
  while (i < end) {
    unsigned char c = s[i];
    if (c >= '0' && c <= '9')
      return i;
    if (!is_alpha(c)) {
      i++;
      continue;
    }
    size_t j = i + 1;
    for (unsigned n = 8; n == 8 && j + 8 <= end; j += n)
      n = letter_prefix8(s + j);
    while (j < end && is_alpha(s[j]))
      j++;
    if (may_be_numword(s + i, j - i) && numword_bytes(s + i, j - i))
      return i;
    i = j;
  }
  return end;
}

#ifdef WS__SSE2_FIGURES
/* Sets the masks of the 16 bytes at p: ASCII digits, ASCII letters, and
 * letters that may begin a number word (b d e f h m n o s t, any case). */
static inline void block_masks(const unsigned char *p, unsigned *digits, unsigned *letters,
                               unsigned *firsts) {
  const __m128i below_a = _mm_set1_epi8('a' - 1), above_z = _mm_set1_epi8('z' + 1);
  const __m128i below_0 = _mm_set1_epi8('0' - 1), above_9 = _mm_set1_epi8('9' + 1);
  __m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
  *digits = (unsigned)_mm_movemask_epi8(
      _mm_and_si128(_mm_cmpgt_epi8(v, below_0), _mm_cmplt_epi8(v, above_9)));
  __m128i y = _mm_or_si128(v, _mm_set1_epi8(0x20)); /* Bytes >= 0x80 stay negative. */
  *letters = (unsigned)_mm_movemask_epi8(
      _mm_and_si128(_mm_cmpgt_epi8(y, below_a), _mm_cmplt_epi8(y, above_z)));
  /* The first letters are three ranges (d-f, m-o, s-t) and two letters: a
   * byte is in [lo, lo + w] when its distance from lo, as an unsigned
   * byte, is at most w (its minimum with w is itself). */
  __m128i def = _mm_sub_epi8(y, _mm_set1_epi8('d')), mno = _mm_sub_epi8(y, _mm_set1_epi8('m'));
  __m128i st = _mm_sub_epi8(y, _mm_set1_epi8('s'));
  __m128i first = _mm_or_si128(_mm_cmpeq_epi8(_mm_min_epu8(def, _mm_set1_epi8(2)), def),
                               _mm_cmpeq_epi8(_mm_min_epu8(mno, _mm_set1_epi8(2)), mno));
  first = _mm_or_si128(first, _mm_cmpeq_epi8(_mm_min_epu8(st, _mm_set1_epi8(1)), st));
  first = _mm_or_si128(first, _mm_or_si128(_mm_cmpeq_epi8(y, _mm_set1_epi8('b')),
                                           _mm_cmpeq_epi8(y, _mm_set1_epi8('h'))));
  *firsts = (unsigned)_mm_movemask_epi8(first);
}

/* The same search 16 bytes at a time: the first digit of a block bounds
 * it; before that, only the runs that start with a number word's first
 * letter are measured (from the letter mask, unless they reach the
 * block's end) and looked up. The last bytes of a range of 16 or more are
 * one block that ends at end, its bits shifted to start at i (the bytes
 * before i, read but dropped, are in the text); a shorter range goes to
 * the scalar search. */
static size_t next_trigger(const unsigned char *s, size_t start, size_t end) {
  size_t i = start;
  unsigned carry = 0; /* 1 when the byte before block i is a letter in range. */
  while (i < end) {
    unsigned digits, letters, firsts;
    if (end - i >= 16) {
      block_masks(s + i, &digits, &letters, &firsts);
    } else if (end >= 16) {
      unsigned shift = 16 - (unsigned)(end - i);
      block_masks(s + end - 16, &digits, &letters, &firsts);
      digits >>= shift, letters >>= shift, firsts >>= shift;
    } else {
      return next_trigger_from(s, i, end); /* No block before: no carry. */
    }
    /* Runs of three letters or more: a letter two bytes on (the last two
     * bytes of a block stay in, their runs may go on). */
    unsigned starts = firsts & ~((letters << 1) | carry) & ((letters >> 2) | 0xC000u);
    carry = letters >> 15 & 1;
    if (digits)
      starts &= (digits & (0u - digits)) - 1; /* Only the runs before the first digit. */
    while (starts) {
      unsigned b = (unsigned)__builtin_ctz(starts);
      starts &= starts - 1;
      size_t p = i + b, n = (unsigned)__builtin_ctz(~(letters >> b));
      if (b + n == 16) { /* The run goes on into the next block. */
        while (p + n < end && n <= 9 && is_alpha(s[p + n]))
          n++;
      }
      if (n - 3 <= 9 - 3 && ends_numword(s + p, n) && numword_bytes(s + p, n))
        return p;
    }
    if (digits)
      return i + (unsigned)__builtin_ctz(digits);
    i += 16;
  }
  return end;
}
#else
static size_t next_trigger(const unsigned char *s, size_t start, size_t end) {
  return next_trigger_from(s, start, end);
}
#endif

/* Tokens the lexer must give before a trigger (a digit or number word) for
 * every figure near it to read the same tokens as from the range's start:
 * a figure starts at most two tokens before its trigger ("US$ 5", "half a
 * million") and its tests look at most four tokens further back (a
 * modifier "as many as", "June 11-12"). Two to spare. */
enum { RESTART_TOKENS = 8, RESTART_GAIN = 16 };

static bool is_ascii_space(unsigned char c) {
  return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}
static bool is_ascii_graph(unsigned char c) {
  return c > ' ' && c < 0x7F;
}

/* Returns a byte in (lo, c) at which the lexer may start over and give the
 * same tokens as a lexer that came from lo, with RESTART_TOKENS tokens
 * before the trigger at c; or lo when there is none at least RESTART_GAIN
 * bytes after lo. Such a byte starts a run of ASCII white space after a
 * printable ASCII character: a token ends there (no token holds ASCII
 * white space) and the run's gap is counted from its first byte. Tokens
 * are counted where a printable ASCII character follows white space: each
 * such character starts a token of its own. */
static size_t restart_before(const unsigned char *s, size_t lo, size_t c) {
  unsigned tokens = 0;
  for (size_t j = c; j > lo + RESTART_GAIN; j--) {
    if (!is_ascii_space(s[j - 1]) || !is_ascii_graph(s[j]) || ++tokens < RESTART_TOKENS)
      continue;
    size_t r = j - 1;
    while (r > lo && is_ascii_space(s[r - 1]))
      r--;
    if (r <= lo + RESTART_GAIN)
      return lo;
    if (is_ascii_graph(s[r - 1]))
      return r;
    j = r + 1; /* A run after some other character: look further back. */
  }
  return lo;
}

/* Finds the figures of text[start, end). The lexer runs only where a
 * figure may be: it starts a few tokens before the first trigger (a digit
 * or number word) and, each time it has passed the last trigger found and
 * every token it gave has been tried, goes on a few tokens before the next
 * one, or stops when there is none. No figure starts in a stretch without
 * triggers (every kind needs one within its first three tokens) and none
 * looks further back than RESTART_TOKENS, so the figures are those of a
 * lexer that reads every byte. */
ws_status ws__find_figures(const char *text, size_t start, size_t end, ws__vec *out) {
  if (!out)
    return WS_ERR_INVALID_ARG;
  if (!text || start >= end)
    return WS_OK;
  const unsigned char *s = (const unsigned char *)text;
  size_t trigger = next_trigger(s, start, end);
  if (trigger == end)
    return WS_OK;
  scan sc; /* The ring is not cleared: lex_next writes each token it hands out. */
  sc.s = text, sc.pos = restart_before(s, start, trigger), sc.end = end, sc.count = 0;
  sc.done = false;
  ptrdiff_t k = 0, floor = 0;
  for (;;) {
    if ((size_t)k == sc.count && sc.pos > trigger && !sc.done) {
      trigger = next_trigger(s, sc.pos, end);
      if (trigger == end)
        break;
      sc.pos = restart_before(s, sc.pos, trigger);
    }
    const ftok *t = tok(&sc, k);
    if (t->kind == K_NONE)
      break;
    fig f;
    int r = may_start(&sc, t) ? try_at(&sc, k, floor, &f) : TRY_NONE;
    if (r == TRY_FIGURE) {
      ws_status st = emit(&sc, &f, out);
      if (st != WS_OK)
        return st;
    }
    if (r == TRY_NONE) {
      k++;
    } else {
      k = floor = f.last + 1;
    }
  }
  return WS_OK;
}
