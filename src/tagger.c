/* tagger.c: the learned attribution tagger at run time: hashed features,
 * Viterbi decoding, grouping of tags into (source, cue, content) triples,
 * and the model file format. Training is in tagger_train.c. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <threads.h>

#include "tagger.h"

/* ---- Hashing ------------------------------------------------------------- */

static inline uint64_t mix(uint64_t h, uint64_t v) {
  h ^= v + 0x9E3779B97F4A7C15ull + (h << 6) + (h >> 2);
  return h;
}

/* Hashes n values into one 64-bit key. */
static inline uint64_t mixn(const uint64_t *v, size_t n) {
  uint64_t h = 0x243F6A8885A308D3ull;
  for (size_t i = 0; i < n; i++)
    h = mix(h, v[i]);
  return h;
}

static inline uint32_t row(uint64_t h, unsigned bits) {
  h ^= h >> 33;
  h *= 0xFF51AFD7ED558CCDull;
  h ^= h >> 33;
  h *= 0xC4CEB9FE1A85EC53ull;
  h ^= h >> 33;
  return (uint32_t)(h >> (64 - bits));
}

/* Hash of a token's text: ASCII lower-cased, curly quotes and apostrophes
 * folded to straight ones, dashes to '-', digits to '0'. */
uint64_t ws__word_hash(const ws__doc *doc, const ws__token *t) {
  if (t->type == WS__TOK_QUOTE)
    return 0x51u; /* Every quotation mark is the same word. */
  return ws__text_hash(doc->text + t->start, t->end - t->start);
}

/* Hash of n bytes of a word's text, folded as ws__word_hash folds a
 * token's. */
uint64_t ws__text_hash(const char *text, size_t n) {
  const unsigned char *s = (const unsigned char *)text;
  uint64_t h = 0xCBF29CE484222325ull;
  for (size_t k = 0; k < n; k++) {
    unsigned c = s[k];
    if (c == 0xE2 && k + 2 < n + 0 && s[k + 1] == 0x80) {
      unsigned d = s[k + 2];
      if (d == 0x98 || d == 0x99)
        c = '\'', k += 2;
      else if (d == 0x9C || d == 0x9D)
        c = '"', k += 2;
      else if (d == 0x93 || d == 0x94)
        c = '-', k += 2;
    } else if (c >= 'A' && c <= 'Z') {
      c += 32;
    } else if (c >= '0' && c <= '9') {
      c = '0';
    }
    h = (h ^ c) * 0x100000001B3ull;
  }
  return h;
}

/* Hash of a token's shape: X for upper case, x lower, 0 digit, other bytes
 * as themselves; runs longer than two collapsed; at most 8 symbols. */
static uint64_t shape_hash(const ws__doc *doc, const ws__token *t) {
  const unsigned char *s = (const unsigned char *)doc->text + t->start;
  size_t n = t->end - t->start;
  uint64_t h = 0x84222325CBF29CE4ull;
  unsigned prev = 0, run = 0, len = 0;
  for (size_t k = 0; k < n && len < 8; k++) {
    unsigned c = s[k];
    if (c >= 'A' && c <= 'Z')
      c = 'X';
    else if (c >= 'a' && c <= 'z')
      c = 'x';
    else if (c >= '0' && c <= '9')
      c = '0';
    else if (c >= 0x80)
      c = 'u';
    run = c == prev ? run + 1 : 1;
    prev = c;
    if (run > 2)
      continue;
    h = (h ^ c) * 0x100000001B3ull;
    len++;
  }
  return h;
}

/* Hash of the last three bytes, lower-cased. */
static uint64_t suffix_hash(const ws__doc *doc, const ws__token *t, size_t k) {
  const unsigned char *s = (const unsigned char *)doc->text + t->start;
  size_t n = t->end - t->start;
  uint64_t h = 0x1234567u + k;
  for (size_t i = n > k ? n - k : 0; i < n; i++)
    h = (h ^ (unsigned)(s[i] | (s[i] >= 'A' && s[i] <= 'Z' ? 32 : 0))) * 0x100000001B3ull;
  return h;
}

/* ---- Token classes ------------------------------------------------------- */

/* The lexicon classes that become features. */
#define FEAT_LEX                                                                         \
  (WS__LEX_SPEECH_VERBS | WS__LEX_ADDRESSEE_VERBS | WS__LEX_BELIEF_VERBS |               \
   WS__LEX_TITLES | WS__LEX_HONORIFICS_MALE | WS__LEX_HONORIFICS_FEMALE |                \
   WS__LEX_HONORIFICS | WS__LEX_PRONOUNS_MALE | WS__LEX_PRONOUNS_FEMALE |                \
   WS__LEX_PRONOUNS_PLURAL | WS__LEX_PRONOUNS_NEUTER | WS__LEX_PLATFORMS |               \
   WS__LEX_OUTLETS | WS__LEX_AUDIENCES | WS__LEX_FIRST_NAMES_MALE |                      \
   WS__LEX_FIRST_NAMES_FEMALE | WS__LEX_ORG_WORDS | WS__LEX_GROUP_NOUNS |                \
   WS__LEX_STATEMENT_NOUNS | WS__LEX_SOCIAL_VERBS | WS__LEX_DETERMINERS |                \
   WS__LEX_AUX_ADVERBS | WS__LEX_CLAUSE_VERBS)

/* A cue word: outside quotation marks, a speech or belief verb of the
 * lexicon or a word the model learned as a frequent cue. */
static bool cue_word(const ws__model *m, const ws__token *t, uint64_t h) {
  if (t->type != WS__TOK_WORD || t->quote >= 0)
    return false;
  if (t->lex & (WS__LEX_SPEECH_VERBS | WS__LEX_BELIEF_VERBS))
    return true;
  uint32_t b = ws__cue_bit(h);
  return m->cues && (m->cues[b >> 3] >> (b & 7) & 1);
}

/* One byte of punctuation, or 0 for other tokens. */
static char punct_of(const ws__doc *doc, const ws__token *t) {
  if (t->type != WS__TOK_PUNCT || t->end - t->start != 1)
    return 0;
  return doc->text[t->start];
}

static bool is_that(const ws__doc *doc, const ws__token *t) {
  const char *s = doc->text + t->start;
  return t->end - t->start == 4 && (s[0] | 32) == 't' && (s[1] | 32) == 'h' &&
         (s[2] | 32) == 'a' && (s[3] | 32) == 't';
}

/* Buckets a distance: 0 1 2 3 4 5-6 7-9 10-14 15+. */
static unsigned dist_bucket(unsigned d) {
  static const unsigned char b[16] = {0, 1, 2, 3, 4, 5, 5, 6, 6, 6, 7, 7, 7, 7, 7, 8};
  return d < 16 ? b[d] : 8;
}

/* The class of token t (whose cue flag is cue) for the transitions:
 * punctuation by kind, a few function words, capitalisation; plus 32 at a
 * sentence start. */
static uint8_t tok_class(const ws__doc *doc, const ws__token *t, bool cue) {
  static const char *const words[] = {
      "that", "and", "but", "to",  "according", "who",  "which",   "the",
      "as",   "in",  "of",  "for", "if",        "when", "because", "about"};
  uint8_t c = 0;
  const char *s = doc->text + t->start;
  size_t n = t->end - t->start;
  if (t->type == WS__TOK_QUOTE)
    c = (t->flags & WS__TF_QOPEN) ? 1 : (t->flags & WS__TF_QCLOSE) ? 2 : 3;
  else if (t->type == WS__TOK_PUNCT) {
    char p = n == 1 ? s[0] : 0;
    c = p == ','               ? 4
        : p == '.'             ? 5
        : p == '!' || p == '?' ? 6
        : p == ':'             ? 7
        : p == ';'             ? 8
        : p == '('             ? 9
        : p == ')'             ? 10
        : p == '-' || n == 3   ? 11
                               : 12;
  } else if (cue) {
    c = 13;
  } else if (t->type == WS__TOK_NUMBER) {
    c = 14;
  } else {
    static const unsigned char lens[] = {4, 3, 3, 2, 9, 3, 5, 3, 2, 2, 2, 3, 2, 4, 7, 5};
    for (size_t k = 0; n <= 9 && k < sizeof words / sizeof *words && !c; k++) {
      size_t l = lens[k];
      if (l == n) {
        size_t i = 0;
        while (i < l && (s[i] | 32) == words[k][i])
          i++;
        if (i == l)
          c = (uint8_t)(15 + k);
      }
    }
    if (!c && (t->lex & (WS__LEX_PRONOUNS_MALE | WS__LEX_PRONOUNS_FEMALE |
                         WS__LEX_PRONOUNS_PLURAL | WS__LEX_PRONOUNS_NEUTER)))
      c = 31;
    if (!c)
      c = (t->flags & WS__TF_CAP) ? 0 : 30;
  }
  return (uint8_t)(c + ((t->flags & WS__TF_SENT_START) ? 32 : 0));
}

/* What token t adds to the summary of the tokens between a token and a cue:
 * a comma, a colon, a quotation mark, "that", a capitalised word. */
static uint8_t between_bits(const ws__doc *doc, const ws__token *t) {
  char p = punct_of(doc, t);
  uint8_t b = p == ',' ? 1 : p == ':' ? 2 : 0;
  b |= t->type == WS__TOK_QUOTE ? 4 : 0;
  b |= is_that(doc, t) ? 8 : 0;
  b |= (t->flags & WS__TF_CAP) ? 16 : 0;
  return b;
}

void ws__feat_prepare(const ws__model *m, const ws__doc *doc, uint32_t first,
                      uint32_t end, ws__feat_scratch *s) {
  uint32_t n = end - first;
  s->any = false;
  for (int k = 0; k < 2; k++) {
    s->word[k] = s->word[n + 2 + k] = 0xABCDEF01u + (uint64_t)k;
    s->shape[k] = s->shape[n + 2 + k] = 0x12345u;
    s->lex[k] = s->lex[n + 2 + k] = 0;
    s->cl[k] = s->cl[n + 2 + k] = 0xFFFF;
  }
  for (uint32_t j = 0; j < n; j++) {
    const ws__token *t = &doc->tok[first + j];
    s->word[j + 2] = ws__word_hash(doc, t);
    s->shape[j + 2] = shape_hash(doc, t);
    s->lex[j + 2] = t->lex & FEAT_LEX;
    s->cl[j + 2] = 0;
    if (m->clus) {
      const uint8_t *c = m->clus + 2 * (size_t)ws__clus_slot(s->word[j + 2]);
      s->cl[j + 2] = (uint16_t)(c[0] | c[1] << 8);
    }
    s->cue[j] = cue_word(m, t, s->word[j + 2]);
    s->cls[j] = tok_class(doc, t, s->cue[j]);
    s->any |= s->cue[j] || t->type == WS__TOK_QUOTE;
  }
  for (uint32_t j = 0; j < n; j++) {
    const ws__token *t = &doc->tok[first + j];
    bool mark = t->type == WS__TOK_PUNCT || t->type == WS__TOK_QUOTE || s->cue[j] ||
                (t->flags & WS__TF_SENT_START);
    bool next =
        j + 1 < n && (doc->tok[first + j + 1].type == WS__TOK_PUNCT ||
                      doc->tok[first + j + 1].type == WS__TOK_QUOTE || s->cue[j + 1] ||
                      (doc->tok[first + j + 1].flags & WS__TF_SENT_START));
    s->busy[j] = mark || next || (j > 0 && s->busy[j - 1] & 2);
    s->busy[j] |= mark ? 2 : 0; /* 2: the token itself */
  }
  /* Nearest cue word on each side within the sentence, and what lies between
   * a token and its left cue. */
  int16_t last = -1;
  uint8_t between = 0;
  for (uint32_t j = 0; j < n; j++) {
    const ws__token *t = &doc->tok[first + j];
    if (t->flags & WS__TF_SENT_START)
      last = -1, between = 0;
    s->cue_left[j] = last;
    s->between[j] = between;
    if (s->cue[j])
      last = (int16_t)j, between = 0;
    else if (last >= 0)
      between |= between_bits(doc, t);
  }
  last = -1, between = 0;
  for (uint32_t j = n; j-- > 0;) {
    const ws__token *t = &doc->tok[first + j];
    s->cue_right[j] = last;
    s->between_r[j] = between;
    if (s->cue[j])
      last = (int16_t)j, between = 0;
    else if (last >= 0)
      between |= between_bits(doc, t);
    if (t->flags & WS__TF_SENT_START)
      last = -1, between = 0;
  }
}

/* Feature template numbers (mixed into each hash). */
enum {
  F_BIAS = 1,
  F_W0,
  F_WM1,
  F_WP1,
  F_WM2,
  F_WP2,
  F_WM1W0,
  F_W0WP1,
  F_SHAPE,
  F_SUF3,
  F_SUF2,
  F_LEX0,
  F_LEXM1,
  F_LEXP1,
  F_QUOTE,
  F_POS,
  F_END,
  F_CUEL,
  F_CUER,
  F_CUELW,
  F_CUERW,
  F_BETWEEN,
  F_W0QUOTE,
  F_SHAPES,
  F_W0CUEL,
  F_W0CUER,
  F_PREVP,
  F_NEXTP,
  F_LEXBITS,
  F_WM2WM1,
  F_WP1WP2,
  F_CUELBETW,
  F_BETWEENR,
  F_CUERBETW,
  F_CUERPREV,
  F_CUELNEXT,
  F_CL0,
  F_CC0,
  F_CLM1,
  F_CLP1,
  F_CCCTX
};

size_t ws__feats(const ws__model *m, const ws__doc *doc, uint32_t first, uint32_t end,
                 uint32_t i, const ws__feat_scratch *s, int head, uint32_t *out) {
  size_t n = 0;
  uint64_t salt = head ? 0x5A170000u : 0;
  unsigned bits = m->bits;
  uint32_t j = i - first, k = j + 2;
  const ws__token *t = &doc->tok[i];
  uint32_t sf = doc->sent_first[t->sent], se = doc->sent_first[t->sent + 1];
  if (se > end)
    se = end;
  if (sf < first)
    sf = first;
  unsigned q = (t->flags & WS__TF_QOPEN)    ? 1
               : (t->flags & WS__TF_QCLOSE) ? 2
               : t->quote >= 0              ? 3
                                            : 0;
  unsigned pos = dist_bucket(i - sf), tail = dist_bucket(se - 1 - i);
  int cl = s->cue_left[j], cr = s->cue_right[j];
  unsigned dl = cl >= 0 ? dist_bucket(j - (unsigned)cl) : 15;
  unsigned dr = cr >= 0 ? dist_bucket((unsigned)cr - j) : 15;
  uint64_t wl = cl >= 0 ? s->word[cl + 2] : 7, wr = cr >= 0 ? s->word[cr + 2] : 7;
  uint64_t w0 = s->word[k];
#define F(id, ...)                                                                       \
  out[n++] = row(mixn((uint64_t[]){(id) + salt, __VA_ARGS__},                            \
                      sizeof((uint64_t[]){(id) + salt, __VA_ARGS__}) / 8),               \
                 bits)
  if (!s->busy[j]) { /* Far from punctuation, quotes and cue words: a few. */
    if (head == 0) {
      F(F_BIAS, 0);
      F(F_W0, w0);
      F(F_SHAPE, s->shape[k]);
    }
    return n;
  }
  /* Word clusters of the token and its neighbours (fine; coarse). */
  F(F_CL0, s->cl[k] & 0xFF);
  F(F_CC0, s->cl[k] >> 8);
  F(F_CLM1, s->cl[k - 1] & 0xFF);
  F(F_CLP1, s->cl[k + 1] & 0xFF);
  F(F_CCCTX, s->cl[k - 1] >> 8, s->cl[k] >> 8, s->cl[k + 1] >> 8);
  F(F_BIAS, 0);
  F(F_W0, w0);
  F(F_WM1, s->word[k - 1]);
  F(F_WP1, s->word[k + 1]);
  F(F_WM2, s->word[k - 2]);
  F(F_WP2, s->word[k + 2]);
  F(F_WM1W0, s->word[k - 1], w0);
  F(F_W0WP1, w0, s->word[k + 1]);
  F(F_WM2WM1, s->word[k - 2], s->word[k - 1]);
  F(F_WP1WP2, s->word[k + 1], s->word[k + 2]);
  F(F_SHAPE, s->shape[k]);
  F(F_SHAPES, s->shape[k - 1], s->shape[k], s->shape[k + 1]);
  F(F_SUF3, suffix_hash(doc, t, 3));
  F(F_SUF2, suffix_hash(doc, t, 2));
  F(F_LEX0, s->lex[k]);
  F(F_LEXM1, s->lex[k - 1]);
  F(F_LEXP1, s->lex[k + 1]);
  for (uint32_t b = 0, m = s->lex[k]; m && n < WS__MAX_FEATS - 24; b++, m >>= 1)
    if (m & 1)
      F(F_LEXBITS, b);
  F(F_QUOTE, q, pos == 0);
  F(F_POS, pos, q);
  F(F_END, tail, q);
  F(F_CUEL, dl, q);
  F(F_CUER, dr, q);
  F(F_CUELW, wl, dl);
  F(F_CUERW, wr, dr);
  F(F_BETWEEN, s->between[j], dl);
  F(F_BETWEENR, s->between_r[j], dr);
  F(F_CUERBETW, s->between_r[j], wr);
  F(F_CUERPREV, cr >= 0 ? s->word[cr + 1] : 3, s->between_r[j]);
  F(F_CUELNEXT, cl >= 0 ? s->word[cl + 3] : 3, dl);
  F(F_CUELBETW, s->between[j], wl);
  F(F_W0QUOTE, w0, q);
  F(F_W0CUEL, w0, dl);
  F(F_W0CUER, w0, dr);
  return n;
}

/* ---- Windows ------------------------------------------------------------- */

/* Cuts paragraph [pf, pe) into windows of at most WS__WINDOW tokens, at
 * sentence starts when one is in reach. */
static ws_status para_windows(const ws__doc *doc, uint32_t pf, uint32_t pe,
                              ws__window_fn fn, void *ud) {
  while (pf < pe) {
    uint32_t e = pe;
    if (e - pf > WS__WINDOW) {
      e = pf + WS__WINDOW;
      uint32_t s = doc->sent_first[doc->tok[e].sent];
      if (s > pf)
        e = s; /* Cut where the sentence holding token e starts. */
    }
    ws_status st = fn(ud, pf, e);
    if (st != WS_OK)
      return st;
    pf = e;
  }
  return WS_OK;
}

ws_status ws__windows(const ws__doc *doc, ws__window_fn fn, void *ud) {
  for (uint32_t p = 0; p < doc->npara; p++) {
    ws_status st = para_windows(doc, doc->para_first[p], doc->para_first[p + 1], fn, ud);
    if (st != WS_OK)
      return st;
  }
  return WS_OK;
}

/* ---- Viterbi ------------------------------------------------------------- */

bool ws__tag_allowed(int a, int b) {
  if (b == WS__TAG_I_SRC || b == WS__TAG_I_CUE || b == WS__TAG_I_CON)
    return a == b || a == b - 1;
  return true;
}

#define NEG_INF (INT32_MIN / 4)

void ws__viterbi(const ws__trans *trans, const uint8_t *cls, const int32_t *em, size_t n,
                 uint8_t *tags) {
  /* The transitions with the forbidden ones (I-x not after B-x or I-x) set
   * to NEG_INF, for the classes seen: filled lazily. */
  int32_t tr[WS__NCLS][WS__NTAGS + 1][WS__NTAGS];
  uint64_t ready = 0;
  uint8_t back[WS__WINDOW][WS__NTAGS];
  int32_t cur[WS__NTAGS], nxt[WS__NTAGS];
  if (n == 0)
    return;
  for (size_t t = 0; t < n; t++) {
    unsigned c = cls[t];
    if (ready >> c & 1)
      continue;
    ready |= 1ull << c;
    for (int a = 0; a <= WS__NTAGS; a++)
      for (int b = 0; b < WS__NTAGS; b++)
        tr[c][a][b] = ws__tag_allowed(a, b) ? (*trans)[c][a][b] : NEG_INF;
  }
  for (int k = 0; k < WS__NTAGS; k++)
    cur[k] = tr[cls[0]][WS__NTAGS][k] + em[k];
  for (size_t t = 1; t < n; t++) {
    const int32_t *e = em + t * WS__NTAGS;
    const int32_t(*r)[WS__NTAGS] = tr[cls[t]];
    for (int k = 0; k < WS__NTAGS; k++) {
      int32_t best = cur[0] + r[0][k];
      uint8_t arg = 0;
      for (int j = 1; j < WS__NTAGS; j++) {
        int32_t v = cur[j] + r[j][k];
        if (v > best)
          best = v, arg = (uint8_t)j;
      }
      back[t][k] = arg;
      nxt[k] = (best < NEG_INF ? NEG_INF : best) + e[k];
    }
    memcpy(cur, nxt, sizeof cur);
  }
  int bk = 0;
  for (int k = 1; k < WS__NTAGS; k++)
    if (cur[k] > cur[bk])
      bk = k;
  for (size_t t = n; t-- > 0;) {
    tags[t] = (uint8_t)bk;
    if (t)
      bk = back[t][bk];
  }
}

/* ---- Arguments of one cue (the second head) ----------------------------- */

void ws__arg_window(const ws__model *m, const ws__doc *doc, uint32_t first, uint32_t end,
                    ws__range cue, uint32_t *af, uint32_t *ae) {
  uint32_t s = doc->tok[cue.first].sent;
  uint32_t f = doc->sent_first[s > 0 ? s - 1 : 0];
  uint32_t e = doc->sent_first[s + 2 < doc->nsent ? s + 2 : doc->nsent];
  *af = f > first ? f : first;
  *ae = e < end ? e : end;
}

enum { B_COMMA = 1, B_OTHER_CUE = 32, B_TERMINAL = 64, B_SENTENCE = 128 };

/* Bits for token t (window index j) on the way from the cue. */
static uint8_t rel_bits(const ws__doc *doc, const ws__token *t, const ws__feat_scratch *s,
                        uint32_t j, uint32_t cue_sent) {
  uint8_t b = between_bits(doc, t);
  char p = punct_of(doc, t);
  b |= s->cue[j] ? B_OTHER_CUE : 0;
  b |= p == '.' || p == '!' || p == '?' || p == ';' ? B_TERMINAL : 0;
  b |= t->sent != cue_sent ? B_SENTENCE : 0;
  return b;
}

void ws__rel_prepare(const ws__doc *doc, uint32_t first, uint32_t af, uint32_t ae,
                     ws__range cue, const ws__feat_scratch *s, ws__rel_scratch *r) {
  uint32_t cs = doc->tok[cue.first].sent;
  uint8_t acc = 0;
  for (uint32_t i = cue.last + 1; i < ae; i++) {
    r->between[i - af] = acc;
    acc |= rel_bits(doc, &doc->tok[i], s, i - first, cs);
  }
  acc = 0;
  for (uint32_t i = cue.first; i-- > af;) {
    r->between[i - af] = acc;
    acc |= rel_bits(doc, &doc->tok[i], s, i - first, cs);
  }
  for (uint32_t i = cue.first; i <= cue.last && i < ae; i++)
    r->between[i - af] = 0;
}

/* Buckets a distance from the cue: exact to 20, then by powers of two. */
static unsigned fine_bucket(uint32_t d) {
  if (d <= 20)
    return d;
  unsigned b = 21;
  for (d -= 20; d > 1 && b < 26; d >>= 1)
    b++;
  return b;
}

static unsigned coarse_bucket(uint32_t d) {
  return d <= 1 ? 0 : d == 2 ? 1 : d <= 5 ? 2 : d <= 10 ? 3 : 4;
}

/* Feature templates of the second head's relative features. */
enum {
  R_D = 101,
  R_DQ,
  R_B,
  R_BD,
  R_CUE,
  R_CUEB,
  R_W0,
  R_W0D,
  R_WM1,
  R_WP1,
  R_SD,
  R_SHAPE,
  R_CUEW0,
  R_LEX,
  R_AFTER,
  R_BEFORE,
  R_CUEPOS,
  R_CUELEN,
  R_CUELAST
};

size_t ws__rel_feats(const ws__model *m, const ws__doc *doc, uint32_t first, uint32_t af,
                     uint32_t i, ws__range cue, const ws__feat_scratch *s,
                     const ws__rel_scratch *r, uint32_t *out) {
  size_t n = 0;
  unsigned bits = m->bits;
  uint64_t salt = 0;
  const ws__token *t = &doc->tok[i];
  unsigned side = i < cue.first ? 0 : i > cue.last ? 1 : 2;
  uint32_t d = side == 0 ? cue.first - i : side == 1 ? i - cue.last : 0;
  unsigned db = fine_bucket(d), dc = coarse_bucket(d);
  uint32_t k = i - first + 2, cf = cue.first - first + 2, cl = cue.last - first + 2;
  int sd = (int)t->sent - (int)doc->tok[cue.first].sent;
  sd = sd < -2 ? -2 : sd > 2 ? 2 : sd;
  unsigned q = (t->flags & WS__TF_QOPEN)    ? 1
               : (t->flags & WS__TF_QCLOSE) ? 2
               : t->quote >= 0              ? 3
                                            : 0;
  uint8_t b = r->between[i - af];
  uint64_t wc = s->word[cf], w0 = s->word[k];
  if (!s->busy[i - first] && d > 3) { /* Inside a clause, away from the cue. */
    F(R_D, side, db);
    F(R_B, side, b);
    F(R_SD, side, (uint64_t)(sd + 2), q);
    return n;
  }
  uint32_t cs = doc->sent_first[doc->tok[cue.first].sent];
  unsigned cpos = coarse_bucket(cue.first - cs + 1);
  unsigned clen = cue.last - cue.first > 2 ? 3 : cue.last - cue.first + 1;
  F(R_D, side, db);
  F(R_DQ, side, db, q);
  F(R_B, side, b);
  F(R_BD, side, b, dc);
  F(R_CUE, wc, side, dc);
  F(R_CUEB, wc, side, b);
  F(R_W0, w0, side);
  F(R_W0D, w0, side, dc);
  F(R_WM1, s->word[k - 1], side, dc);
  F(R_WP1, s->word[k + 1], side, dc);
  F(R_SD, side, (uint64_t)(sd + 2), q);
  F(R_SHAPE, s->shape[k], side, dc);
  F(R_CUEW0, wc, w0, side);
  F(R_LEX, s->lex[k], side, dc);
  F(R_AFTER, s->word[cl + 1], side, dc);
  F(R_BEFORE, s->word[cf - 1], side, dc);
  F(R_CUEPOS, cpos, side, dc);
  F(R_CUELEN, clen, side, dc);
  F(R_CUELAST, s->word[cl], side, db);
  return n;
}
#undef F

#define CONSTRAINT (-(1 << 26))

void ws__constrain(int32_t *em, uint32_t af, uint32_t ae, ws__range cue) {
  for (uint32_t i = af; i < ae; i++) {
    int32_t *e = em + (size_t)(i - af) * WS__NTAGS;
    bool in = i >= cue.first && i <= cue.last;
    for (int k = 0; k < WS__NTAGS; k++) {
      bool ok = in ? k == (i == cue.first ? WS__TAG_B_CUE : WS__TAG_I_CUE)
                   : k != WS__TAG_B_CUE && k != WS__TAG_I_CUE;
      if (!ok)
        e[k] = CONSTRAINT;
    }
  }
}

bool ws__arg_triple(const ws__doc *doc, uint32_t af, uint32_t ae, ws__range cue,
                    const uint8_t *tags, ws__triple *out) {
  memset(out, 0, sizeof *out);
  out->cue = cue;
  uint32_t best = UINT32_MAX;
  for (uint32_t i = af; i < ae; i++) {
    int t = tags[i - af];
    if (t != WS__TAG_B_SRC && t != WS__TAG_B_CON)
      continue;
    uint32_t l = i;
    while (l + 1 < ae && tags[l + 1 - af] == t + 1)
      l++;
    if (t == WS__TAG_B_CON && out->n_pieces < WS__MAX_PIECES)
      out->piece[out->n_pieces++] = (ws__range){i, l};
    if (t == WS__TAG_B_SRC) {
      uint32_t d = l < cue.first ? cue.first - l : i - cue.last;
      if (d < best)
        best = d, out->source = (ws__range){i, l}, out->has_source = true;
    }
    i = l;
  }
  if (!out->n_pieces)
    return false;
  out->content_that = is_that(doc, &doc->tok[out->piece[0].first]);
  return true;
}

/* ---- Tagging ------------------------------------------------------------- */

/* What ws__tagger_find keeps between windows. */
typedef struct find_ctx {
  const ws__model *m;
  const ws__doc *doc;
  const uint8_t *paras; /* Paragraphs to tag (non-zero), or NULL for all. */
  ws__vec *out;
  ws__feat_scratch s;
  ws__rel_scratch r;
  int32_t em[WS__WINDOW * WS__NTAGS];   /* First head. */
  int32_t base[WS__WINDOW * WS__NTAGS]; /* Second head, without the cue. */
  int32_t em2[WS__WINDOW * WS__NTAGS];
  uint8_t has_base[WS__WINDOW];
  uint8_t tags[WS__WINDOW], tags2[WS__WINDOW];
} find_ctx;

/* Sets em[0..WS__NTAGS) to the sum of the weights of the features. */
static void emissions(const ws__model *m, const uint32_t *f, size_t nf, int32_t *em) {
  int32_t acc[WS__TAG_STRIDE] = {0};
  for (size_t k = 0; k < nf; k++) {
    const int8_t *w = m->w + (size_t)f[k] * WS__TAG_STRIDE;
    for (int t = 0; t < WS__TAG_STRIDE; t++)
      acc[t] += m->lut[(uint8_t)w[t]];
  }
  memcpy(em, acc, WS__NTAGS * sizeof(int32_t));
}

/* Tags window [first, end) with the first head into c->tags. */
static void first_head(find_ctx *c, uint32_t first, uint32_t end) {
  uint32_t feats[WS__MAX_FEATS];
  for (uint32_t i = first; i < end; i++) {
    size_t nf = ws__feats(c->m, c->doc, first, end, i, &c->s, 0, feats);
    int32_t *e = c->em + (i - first) * WS__NTAGS;
    emissions(c->m, feats, nf, e);
    c->has_base[i - first] = 0;
  }
  ws__viterbi(&c->m->trans[0], c->s.cls, c->em, end - first, c->tags);
}

/* Finds the arguments of cue with the second head; appends the triple. */
static ws_status second_head(find_ctx *c, uint32_t first, uint32_t end, ws__range cue) {
  uint32_t af, ae, feats[WS__MAX_FEATS];
  ws__arg_window(c->m, c->doc, first, end, cue, &af, &ae);
  ws__rel_prepare(c->doc, first, af, ae, cue, &c->s, &c->r);
  for (uint32_t i = af; i < ae; i++) {
    int32_t *b = c->base + (i - first) * WS__NTAGS, *e = c->em2 + (i - af) * WS__NTAGS,
            rel[WS__NTAGS];
    if (!c->has_base[i - first]) {
      emissions(c->m, feats, ws__feats(c->m, c->doc, first, end, i, &c->s, 1, feats), b);
      c->has_base[i - first] = 1;
    }
    emissions(c->m, feats,
              ws__rel_feats(c->m, c->doc, first, af, i, cue, &c->s, &c->r, feats), rel);
    for (int k = 0; k < WS__NTAGS; k++)
      e[k] = b[k] + rel[k];
  }
  ws__constrain(c->em2, af, ae, cue);
  ws__viterbi(&c->m->trans[1], c->s.cls + (af - first), c->em2, ae - af, c->tags2);
  ws__triple t;
  if (!ws__arg_triple(c->doc, af, ae, cue, c->tags2, &t))
    return WS_OK;
  float m = 0; /* How much more the first head liked the cue than no cue. */
  for (uint32_t i = cue.first; i <= cue.last; i++) {
    const int32_t *e = c->em + (size_t)(i - first) * WS__NTAGS;
    m += (float)(e[c->tags[i - first]] - e[WS__TAG_O]) / c->m->scale;
  }
  t.score = m / (float)(cue.last - cue.first + 1);
  t.confidence = (float)(1 / (1 + exp(-(c->m->conf_a * t.score + c->m->conf_b))));
  t.cue_head = cue.first;
  for (uint32_t i = cue.first; i <= cue.last; i++)
    if (c->s.cue[i - first])
      t.cue_head = i;
  ws__triple *slot = ws__vec_push(c->out);
  if (!slot)
    return WS_ERR_NOMEM;
  *slot = t;
  return WS_OK;
}

/* True when token i lies in a content piece of triple t. */
static bool in_content(const ws__triple *t, uint32_t i) {
  for (size_t k = 0; k < t->n_pieces; k++)
    if (i >= t->piece[k].first && i <= t->piece[k].last)
      return true;
  return false;
}

/* Drops the triples from index from on whose cue lies inside the content of
 * another: PolNeAR annotates the outermost attribution only. */
static void drop_nested(ws__vec *out, size_t from) {
  ws__triple *t = out->items;
  size_t n = out->len, w = from;
  for (size_t a = from; a < n; a++) {
    bool nested = false;
    for (size_t b = from; b < n && !nested; b++)
      nested = b != a && in_content(&t[b], t[a].cue.first);
    if (!nested)
      t[w++] = t[a];
  }
  out->len = w;
}

static ws_status find_window(void *ud, uint32_t first, uint32_t end) {
  find_ctx *c = ud;
  if (c->paras && !c->paras[c->doc->tok[first].para])
    return WS_OK;
  ws__feat_prepare(c->m, c->doc, first, end, &c->s);
  if (!c->s.any)
    return WS_OK; /* No cue word, no quotation mark: nothing to find. */
  first_head(c, first, end);
  size_t before = c->out->len;
  for (uint32_t i = first; i < end; i++) {
    if (c->tags[i - first] != WS__TAG_B_CUE)
      continue;
    ws__range cue = {i, i};
    while (cue.last + 1 < end && c->tags[cue.last + 1 - first] == WS__TAG_I_CUE)
      cue.last++;
    ws_status st = second_head(c, first, end, cue);
    if (st != WS_OK)
      return st;
  }
  drop_nested(c->out, before);
  return WS_OK;
}

ws_status ws__tagger_find(const ws__model *m, const ws__doc *doc, ws__vec *out) {
  return ws__tagger_find_in(m, doc, NULL, out);
}

ws_status ws__tagger_find_in(const ws__model *m, const ws__doc *doc, const uint8_t *paras,
                             ws__vec *out) {
  if (!m || !m->w || !doc)
    return WS_OK;
  find_ctx *c = malloc(sizeof *c);
  if (!c)
    return WS_ERR_NOMEM;
  c->m = m, c->doc = doc, c->out = out, c->paras = paras;
  ws_status st = ws__windows(doc, find_window, c);
  free(c);
  return st;
}

/* ---- Model files --------------------------------------------------------- */

/* Weight codes: 0 is 0; code c in 1..127 is LOG_RATIO^(c - 1), rounded; a
 * negative code is the negative value. Values run from 1 to about 32000. */
#define LOG_RATIO 1.0857

void ws__weight_lut(int32_t lut[256]) {
  lut[0] = 0;
  for (int c = 1; c < 128; c++) {
    int32_t v = (int32_t)lround(pow(LOG_RATIO, c - 1));
    lut[c] = v;
    lut[256 - c] = -v;
  }
  lut[128] = -lut[127];
}

int8_t ws__weight_code(double v) {
  double a = fabs(v);
  if (a < 0.5)
    return 0;
  long c = 1 + lround(log(a) / log(LOG_RATIO));
  c = c < 1 ? 1 : c > 127 ? 127 : c;
  return (int8_t)(v < 0 ? -c : c);
}

/* Layout (little-endian): magic "WSTAGv7\0"; u32 bits; u32 flags; f32 scale;
 * 48 bytes version; f32 conf_a, conf_b; zeros up to HEADER; i32 transitions of both
 * heads, [head][class][prev][tag], TRANS bytes; the cue-word set, CUES bytes; the
 * word-cluster table, CLUS bytes; then the weight codes, 2^bits * WS__TAG_STRIDE
 * bytes. */
#define MAGIC "WSTAGv7"
enum {
  HEADER = 128,
  TRANS = 2 * WS__NCLS * (WS__NTAGS + 1) * WS__NTAGS * 4,
  CUES = 1 << (WS__CUE_BITS - 3),
  CLUS = 2 << WS__CLUS_BITS,
  BODY = HEADER + TRANS + CUES + CLUS,
  MIN_BITS = 8,
  MAX_BITS = 24
};

static uint32_t get32(const unsigned char *p) {
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
         (uint32_t)p[3] << 24;
}

static void put32(unsigned char *p, uint32_t v) {
  p[0] = (unsigned char)v, p[1] = (unsigned char)(v >> 8);
  p[2] = (unsigned char)(v >> 16), p[3] = (unsigned char)(v >> 24);
}

ws_status ws__model_read(ws__model *m, const void *data, size_t len, bool copy) {
  const unsigned char *p = data;
  memset(m, 0, sizeof *m);
  if (!p || len < HEADER || memcmp(p, MAGIC, 8) != 0)
    return WS_ERR_FORMAT;
  m->bits = get32(p + 8);
  m->flags = get32(p + 12);
  uint32_t sc = get32(p + 16);
  memcpy(&m->scale, &sc, 4);
  if (m->bits < MIN_BITS || m->bits > MAX_BITS || !(m->scale > 0) || isinf(m->scale))
    return WS_ERR_FORMAT;
  size_t nw = ((size_t)1 << m->bits) * WS__TAG_STRIDE;
  if (len != BODY + nw)
    return WS_ERR_FORMAT;
  memcpy(m->version, p + 20, sizeof m->version);
  m->version[sizeof m->version - 1] = '\0';
  uint32_t ca = get32(p + 68), cb = get32(p + 72);
  memcpy(&m->conf_a, &ca, 4);
  memcpy(&m->conf_b, &cb, 4);
  if (!isfinite(m->conf_a) || !isfinite(m->conf_b))
    return WS_ERR_FORMAT;
  const unsigned char *t = p + HEADER;
  for (int h = 0; h < 2; h++)
    for (int c = 0; c < WS__NCLS; c++)
      for (int a = 0; a <= WS__NTAGS; a++)
        for (int b = 0; b < WS__NTAGS; b++, t += 4)
          m->trans[h][c][a][b] = (int32_t)get32(t);
  ws__weight_lut(m->lut);
  if (!copy) {
    m->w = (const int8_t *)(p + BODY);
    m->cues = p + HEADER + TRANS;
    m->clus = p + HEADER + TRANS + CUES;
    return WS_OK;
  }
  m->owned = malloc(nw);
  m->owned_cues = malloc(CUES);
  m->owned_clus = malloc(CLUS);
  if (!m->owned || !m->owned_cues || !m->owned_clus) {
    ws__model_release(m);
    return WS_ERR_NOMEM;
  }
  memcpy(m->owned_cues, p + HEADER + TRANS, CUES);
  memcpy(m->owned_clus, p + HEADER + TRANS + CUES, CLUS);
  m->clus = m->owned_clus;
  memcpy(m->owned, p + BODY, nw);
  m->cues = m->owned_cues;
  m->w = m->owned;
  return WS_OK;
}

void ws__model_release(ws__model *m) {
  if (!m)
    return;
  free(m->owned);
  free(m->owned_cues);
  free(m->owned_clus);
  m->owned = NULL;
  m->owned_cues = NULL;
  m->owned_clus = NULL;
  m->clus = NULL;
  m->w = NULL;
  m->cues = NULL;
}

ws_status ws__model_write(const ws__model *m, ws_write_fn write, void *userdata) {
  unsigned char h[HEADER + TRANS];
  memset(h, 0, sizeof h);
  memcpy(h, MAGIC, 8);
  put32(h + 8, m->bits);
  put32(h + 12, m->flags);
  uint32_t sc;
  memcpy(&sc, &m->scale, 4);
  put32(h + 16, sc);
  for (size_t k = 0; k + 1 < sizeof m->version && m->version[k]; k++)
    h[20 + k] = (unsigned char)m->version[k];
  uint32_t ca, cb;
  memcpy(&ca, &m->conf_a, 4);
  memcpy(&cb, &m->conf_b, 4);
  put32(h + 68, ca);
  put32(h + 72, cb);
  unsigned char *t = h + HEADER;
  for (int hd = 0; hd < 2; hd++)
    for (int c = 0; c < WS__NCLS; c++)
      for (int a = 0; a <= WS__NTAGS; a++)
        for (int b = 0; b < WS__NTAGS; b++, t += 4)
          put32(t, (uint32_t)m->trans[hd][c][a][b]);
  static const uint8_t no_cues[CUES], no_clus[CLUS];
  size_t nw = ((size_t)1 << m->bits) * WS__TAG_STRIDE;
  if (write(userdata, (const char *)h, sizeof h) ||
      write(userdata, (const char *)(m->cues ? m->cues : no_cues), CUES) ||
      write(userdata, (const char *)(m->clus ? m->clus : no_clus), CLUS) ||
      write(userdata, (const char *)m->w, nw))
    return WS_ERR_WRITE;
  return WS_OK;
}

/* ---- Public interface: models ------------------------------------------- */

struct ws_model {
  ws__model m;
};

#ifdef WS_HAVE_MODEL
/* The model file compiled in by cmake/model.cmake (tools/gen_model.py). */
extern const unsigned char ws__model_blob[];
extern const size_t ws__model_blob_size;
#endif

static ws_model builtin;
static bool builtin_ok;
static once_flag builtin_once = ONCE_FLAG_INIT;

static void load_builtin(void) {
#ifdef WS_HAVE_MODEL
  builtin_ok =
      ws__model_read(&builtin.m, ws__model_blob, ws__model_blob_size, false) == WS_OK;
#endif
}

const ws__model *ws__model_builtin(void) {
  call_once(&builtin_once, load_builtin);
  return builtin_ok ? &builtin.m : NULL;
}

const ws_model *ws_model_builtin(void) {
  return ws__model_builtin() ? &builtin : NULL;
}

const char *ws_model_version(const ws_model *model) {
  return model ? model->m.version : "none";
}

ws_status ws_model_load(const void *data, size_t len, ws_model **out) {
  if (!out)
    return WS_ERR_INVALID_ARG;
  *out = NULL;
  if (!data)
    return WS_ERR_INVALID_ARG;
  ws_model *m = calloc(1, sizeof *m);
  if (!m)
    return WS_ERR_NOMEM;
  ws_status st = ws__model_read(&m->m, data, len, true);
  if (st != WS_OK) {
    free(m);
    return st;
  }
  *out = m;
  return WS_OK;
}

ws_status ws_model_save(const ws_model *model, ws_write_fn write, void *userdata) {
  if (!model || !write)
    return WS_ERR_INVALID_ARG;
  return ws__model_write(&model->m, write, userdata);
}

void ws_model_free(ws_model *model) {
  if (!model || model == &builtin)
    return;
  ws__model_release(&model->m);
  free(model);
}

/* Wraps a model the library made (tagger_train.c) as a public one. */
ws_model *ws__model_wrap(const ws__model *m) {
  ws_model *p = malloc(sizeof *p);
  if (p)
    p->m = *m;
  return p;
}

static ws_span span_of(const ws__doc *doc, ws__range r) {
  ws_span s;
  s.start = doc->tok[r.first].start;
  s.end = doc->tok[r.last].end;
  s.text.ptr = doc->text + s.start;
  s.text.len = s.end - s.start;
  return s;
}

/* Converts a triple to the public form. */
static void to_public(const ws__doc *doc, const ws__triple *t, ws_attribution *a) {
  memset(a, 0, sizeof *a);
  if (t->has_source)
    a->source = span_of(doc, t->source);
  a->cue = span_of(doc, t->cue);
  for (size_t k = 0; k < t->n_pieces; k++)
    a->content[k] = span_of(doc, t->piece[k]);
  a->n_content = t->n_pieces;
  a->confidence = t->confidence;
}

ws_status ws_model_tag(const ws_model *model, const char *text, size_t len,
                       ws_attribution_fn fn, void *userdata) {
  if (!model || !fn || (!text && len) || len > UINT32_MAX - 16)
    return WS_ERR_INVALID_ARG;
  ws__arena arena;
  ws__arena_init(&arena);
  ws__doc doc;
  ws__vec triples;
  ws__vec_init(&triples, sizeof(ws__triple));
  ws_status st = ws__segment(&doc, &arena, text ? text : "", len);
  if (st == WS_OK)
    st = ws__tagger_find(&model->m, &doc, &triples);
  for (size_t i = 0; st == WS_OK && i < triples.len; i++) {
    ws_attribution a;
    to_public(&doc, &WS__VEC_AT(&triples, ws__triple, i), &a);
    if (fn(userdata, &a))
      st = WS_ERR_WRITE;
  }
  ws__vec_free(&triples);
  ws__doc_free(&doc);
  ws__arena_free(&arena);
  return st;
}
