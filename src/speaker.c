/* speaker.c: who a speaker noun phrase is.
 *
 * Three jobs, all over the token array of one document:
 * - names: runs of capitalised words outside quotations become mentions of
 *   entities; "Kardashian", "Kim Kardashian" and "Ms. Kardashian" are one
 *   person, "Department of Homeland Security (DHS)" and "DHS" one
 *   organisation, and the fullest name is the canonical one;
 * - noun phrases: the speaker phrase before or after a cue is parsed into
 *   determiner, role words ("White House spokeswoman"), name and apposition
 *   (", a spokesperson at DHS,");
 * - coreference: pronouns go to the most salient agreeing entity (subjects
 *   and recent speakers first), nominals ("the spokeswoman", "the company")
 *   to the latest entity with that role or kind. */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"


/* Limits that keep time linear on hostile input: how far back a name, a
 * pronoun or a nominal is matched (news articles name far fewer). */
enum {
  MAX_NP = 14,
  PRONOUN_WINDOW_SENTS = 6,
  MENTION_SCAN = 128,
  BUCKETS = 256, /* Least entity hash buckets per document (a power of two). */
  MAX_BUCKETS = 1 << 20, /* Most buckets: 8 MiB of heads for both tables. */
  CHAIN_MAX = 64, /* Entities compared per bucket at most. */
  ORG_SCAN = 64   /* Recent entities tried for initials (DHS). */
};

/* ---- Token predicates ---------------------------------------------------- */

static const ws__token *tk(const ws__people *p, uint32_t i) {
  return &p->view.tok[i];
}

/* True when the token is outside any quotation and is not a mark. */
static bool outside(const ws__token *t) {
  return t->quote < 0 && !(t->flags & (WS__TF_QOPEN | WS__TF_QCLOSE));
}

/* Compares a token with a lower-case ASCII literal, ignoring case. */
#define is_word(p, i, w) ws__tok_is(&(p)->view, (i), (w), sizeof(w) - 1)

static bool is_punct(const ws__people *p, uint32_t i, char c) {
  return ws__tok_punct(&p->view, i, c);
}

static const uint32_t TITLE_LEX = WS__LEX_TITLES | WS__LEX_HONORIFICS |
                                  WS__LEX_HONORIFICS_MALE | WS__LEX_HONORIFICS_FEMALE;
static const uint32_t HONORIFIC_LEX = WS__LEX_HONORIFICS | WS__LEX_HONORIFICS_MALE |
                                      WS__LEX_HONORIFICS_FEMALE;
static const uint32_t PRONOUN_LEX = WS__LEX_PRONOUNS_MALE | WS__LEX_PRONOUNS_FEMALE |
                                    WS__LEX_PRONOUNS_PLURAL | WS__LEX_PRONOUNS_NEUTER;

/* True for a word that makes the month after it a date: "in", "late",
 * "early", "since", "last", "next", "this", "until", "by", "mid". */
static bool month_context(const ws__people *p, uint32_t i) {
  static const char *const words[] = {"in", "late", "early", "since", "last", "next",
                                      "this", "until", "by", "mid", "from", "through"};
  const ws__token *t = &p->view.tok[i];
  size_t n = t->end - t->start;
  if (t->type != WS__TOK_WORD)
    return false;
  for (size_t k = 0; k < sizeof words / sizeof words[0]; k++)
    if (strlen(words[k]) == n && ws__tok_is(&p->view, i, words[k], n))
      return true;
  return false;
}

/* True when token t of d holds a hyphen. A word of at most 16 bytes is
 * tested eight bytes at a time (a zero byte of the word XOR "--------"
 * marks a hyphen; the borrow of that test can only mark bytes above a real
 * hyphen, so shifting out the bytes after the word leaves the answer
 * exact); longer words and words at the very end of the text use memchr. */
static inline bool has_hyphen(const ws__doc *d, const ws__token *t) {
  const uint64_t ones = UINT64_C(0x0101010101010101), high = UINT64_C(0x8080808080808080);
  const uint64_t dash = ones * '-';
  size_t n = t->end - t->start;
  const unsigned char *s = (const unsigned char *)d->text + t->start;
  if (n - 1 < 8 && t->start + 8 <= d->len) { /* 1 to 8 bytes. */
    uint64_t v = ws__load8(s) ^ dash; /* The shift drops the bytes after the word. */
    return (((v - ones) & ~v & high) << (64 - 8 * n)) != 0;
  }
  if (n > 8 && n <= 16) { /* Two loads inside the word, overlapping. */
    uint64_t a = ws__load8(s) ^ dash, b = ws__load8(s + n - 8) ^ dash;
    return ((((a - ones) & ~a) | ((b - ones) & ~b)) & high) != 0;
  }
  return memchr(s, '-', n) != NULL;
}

/* True for a hyphenated word whose last part is a lower-case participle or
 * modifier word ("Facebook-owned", "Saudi-led", "NBA-leading",
 * "Australian-born", "Bush-era", "state-run"): a modifier, never part of a
 * name, whereas "Ocasio-Cortez", "Cheuk Hau-yip" and "Kim Jong-un" are
 * names. */
static bool hyphen_compound(const ws__people *p, uint32_t i) {
  static const char *const tails[] = {"born", "era", "run", "style", "wide", "time", "made",
                                      "like", "type", "level", "class", "year", "old", "free"};
  const ws__token *t = tk(p, i);
  const char *x = p->view.text;
  uint32_t k = t->end;
  while (k > t->start && x[k - 1] >= 'a' && x[k - 1] <= 'z')
    k--;
  size_t n = t->end - k;
  if (n < 2 || k < t->start + 2 || x[k - 1] != '-')
    return false;
  if ((n >= 3 && x[t->end - 2] == 'e' && x[t->end - 1] == 'd') ||
      (n >= 4 && memcmp(x + t->end - 3, "ing", 3) == 0))
    return true;
  for (size_t w = 0; w < sizeof tails / sizeof tails[0]; w++)
    if (strlen(tails[w]) == n && memcmp(x + k, tails[w], n) == 0)
      return true;
  return false;
}

/* hyphen_compound for any word: most names hold no hyphen, and are told
 * so inline, without a call or a walk back over their letters. */
static inline bool lower_compound(const ws__people *p, uint32_t i) {
  return has_hyphen(&p->view, tk(p, i)) && hyphen_compound(p, i);
}

/* True for a capitalised word that can be part of a name. */
static inline bool name_word(const ws__people *p, uint32_t i) {
  const ws__token *t = tk(p, i);
  if (t->type != WS__TOK_WORD || !(t->flags & (WS__TF_CAP | WS__TF_HANDLE)) || !outside(t))
    return false;
  if (t->lex & (WS__LEX_FUNCTION_WORDS | PRONOUN_LEX | WS__LEX_WEEKDAYS))
    return false;
  if (lower_compound(p, i))
    return false; /* "the Facebook-owned company", "Texas-based": a modifier. */
  if ((t->lex & WS__LEX_MONTHS) && i + 1 < p->view.ntok &&
      (tk(p, i + 1)->type == WS__TOK_NUMBER ||
       (i + 2 < p->view.ntok && tk(p, i + 1)->punct == '.' && tk(p, i + 2)->type == WS__TOK_NUMBER)))
    return false; /* "Nov. 15": a date. */
  if ((t->lex & WS__LEX_MONTHS) && i > 0 && month_context(p, i - 1))
    return false; /* "released in late August found": a date, not a speaker. */
  return true;
}

/* Name particles that may sit inside a run: von, de, al, of (for orgs). */
static bool connector(const ws__people *p, uint32_t i) {
  return (tk(p, i)->lex & WS__LEX_CONNECTORS) || is_word(p, i, "&");
}

/* The bytes of a token without a possessive ending ('s, ’s, s'). */
static inline size_t name_len(const ws__people *p, uint32_t i) {
  return p->view.tok[i].end - p->view.tok[i].start - ws__possessive_len(&p->view, i);
}

static bool possessive_s(const ws__people *p, uint32_t i) {
  return ws__possessive_len(&p->view, i) != 0 || ws__plural_possessive(&p->view, i);
}

/* True for a possessive ('s, ’s, or s before a lone apostrophe). Both
 * end in s or S: any other word is told so inline, without the call. */
static inline bool possessive(const ws__people *p, uint32_t i) {
  const ws__token *t = tk(p, i);
  return t->end > t->start && (p->view.text[t->end - 1] | 0x20) == 's' && possessive_s(p, i);
}

static bool person_noun(const ws__people *p, uint32_t i);
static bool determiner(const ws__people *p, uint32_t i);

/* True when tokens a and b spell the same name (without possessives). */
static inline bool same_word(const ws__people *p, uint32_t a, uint32_t b) {
  const ws__token *ta = tk(p, a), *tb = tk(p, b);
  size_t ra = ta->end - ta->start, rb = tb->end - tb->start;
  if (p->view.text[ta->start] != p->view.text[tb->start] || ra > rb + 4 || rb > ra + 4)
    return false; /* Cheap rejection before the possessive check. */
  if (ra == rb && ra - 1 < 8 && ta->start + 8 <= p->view.len && tb->start + 8 <= p->view.len) {
    /* Most pairs are the same word written the same way: equal bytes are
     * equal names, possessive or not, and need no look at the endings. */
    uint64_t x = ws__load8((const unsigned char *)p->view.text + ta->start) ^
                 ws__load8((const unsigned char *)p->view.text + tb->start);
    if ((x << (64 - 8 * ra)) == 0)
      return true;
  }
  size_t na = name_len(p, a), nb = name_len(p, b);
  if (na != nb)
    return false;
  if (na - 1 < 8 && ta->start + 8 <= p->view.len && tb->start + 8 <= p->view.len) {
    /* Eight bytes from each, the bytes after the names shifted out. */
    uint64_t x = ws__load8((const unsigned char *)p->view.text + ta->start) ^
                 ws__load8((const unsigned char *)p->view.text + tb->start);
    return (x << (64 - 8 * na)) == 0;
  }
  return memcmp(p->view.text + ta->start, p->view.text + tb->start, na) == 0;
}

/* ---- Entities ------------------------------------------------------------ */

static ws__entity *ent(ws__people *p, int32_t e) {
  return &WS__VEC_AT(&p->entities, ws__entity, e);
}

/* True when two token ranges spell the same words. */
static bool same_range(const ws__people *p, uint32_t a0, uint32_t a1, uint32_t b0, uint32_t b1) {
  if (a1 - a0 != b1 - b0)
    return false;
  for (uint32_t k = 0; k <= a1 - a0; k++)
    if (!same_word(p, a0 + k, b0 + k))
      return false;
  return true;
}

/* True when the single token acro spells the initials of the range's
 * capitalised words (DHS for Department of Homeland Security). */
static bool initials_match(const ws__people *p, uint32_t acro, uint32_t f, uint32_t l) {
  const ws__token *a = tk(p, acro);
  if (!(a->flags & WS__TF_ALLCAPS))
    return false;
  size_t k = 0, n = a->end - a->start;
  for (uint32_t i = f; i <= l; i++) {
    if (!(tk(p, i)->flags & WS__TF_CAP))
      continue;
    if (k >= n || p->view.text[tk(p, i)->start] != p->view.text[a->start + k])
      return false;
    k++;
  }
  return k == n && n >= 2;
}

/* Hashes n bytes (a multiply-mix over eight bytes at a time, reading none
 * outside b[0, n)). */
static inline uint32_t bytes_hash(const unsigned char *b, size_t n) {
  uint64_t h = (uint64_t)n * UINT64_C(0x9E3779B97F4A7C15);
  for (; n > 8; b += 8, n -= 8)
    h = (h ^ ws__load8(b)) * UINT64_C(0xC2B2AE3D27D4EB4F);
  uint64_t x;
  if (n >= 4) {
    uint32_t lo, hi;
    memcpy(&lo, b, 4);
    memcpy(&hi, b + n - 4, 4);
    x = (uint64_t)lo | (uint64_t)hi << 32;
  } else {
    x = n ? (uint64_t)b[0] | (uint64_t)b[n / 2] << 8 | (uint64_t)b[n - 1] << 16 : 0;
  }
  h = (h ^ x) * UINT64_C(0xD6E8FEB86659FD93);
  return (uint32_t)(h >> 32);
}

/* Hashes a token's bytes without a possessive ending. */
static uint32_t word_hash(const ws__people *p, uint32_t i) {
  const unsigned char *b = (const unsigned char *)p->view.text + tk(p, i)->start;
  return bytes_hash(b, name_len(p, i)) & (p->nbuckets - 1);
}

/* True when n bytes of a and b are equal ignoring ASCII case. */
static bool same_fold(const unsigned char *a, const unsigned char *b, size_t n) {
  for (size_t k = 0; k < n; k++) {
    unsigned char x = a[k], y = b[k];
    if (x >= 'A' && x <= 'Z')
      x = (unsigned char)(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z')
      y = (unsigned char)(y - 'A' + 'a');
    if (x != y)
      return false;
  }
  return true;
}

/* Finds the person whose last name is the capitals-only token i ("PENCE" in
 * a transcript), comparing without case; -1 when there is none. Names are
 * hashed as written, so the token is hashed as its title-case form. */
int32_t ws__entity_by_caps(ws__people *p, uint32_t i) {
  const unsigned char *b = (const unsigned char *)p->view.text + tk(p, i)->start;
  size_t n = name_len(p, i);
  unsigned char small[64], *title = n <= sizeof small ? small : malloc(n);
  if (!title)
    return -1;
  for (size_t k = 0; k < n; k++) {
    unsigned char ch = b[k];
    title[k] = k > 0 && ch >= 'A' && ch <= 'Z' ? (unsigned char)(ch - 'A' + 'a') : ch;
  }
  uint32_t h = bytes_hash(title, n);
  if (title != small)
    free(title);
  size_t steps = 0;
  for (int32_t e = p->by_last[h & (p->nbuckets - 1)]; e >= 0 && steps++ < CHAIN_MAX;
       e = ent(p, e)->next_last) {
    const ws__token *t = tk(p, ent(p, e)->name_last);
    if (name_len(p, ent(p, e)->name_last) == n && ent(p, e)->type != WS__ENT_ORG &&
        same_fold((const unsigned char *)p->view.text + t->start, b, n))
      return e;
  }
  return -1;
}

int32_t ws__entity_by_first(ws__people *p, uint32_t i) {
  int32_t found = -1;
  size_t n = name_len(p, i);
  const unsigned char *b = (const unsigned char *)p->view.text + tk(p, i)->start;
  for (size_t e = 0; e < p->entities.len; e++) {
    const ws__entity *x = ent(p, (int32_t)e);
    if (x->type == WS__ENT_ORG || x->name_first == x->name_last || x->name_first == i ||
        name_len(p, x->name_first) != n ||
        !same_fold((const unsigned char *)p->view.text + tk(p, x->name_first)->start, b, n))
      continue;
    if (found >= 0)
      return -1; /* Two people share the first name: neither is meant. */
    found = (int32_t)e;
  }
  return found;
}

/* Tries the entities with an acronym or initials equal to the token f. */
static int32_t match_acronym(ws__people *p, uint32_t f) {
  size_t steps = 0;
  for (int32_t e = p->n_acro ? p->by_acro[word_hash(p, f)] : -1; e >= 0 && steps++ < CHAIN_MAX;
       e = ent(p, e)->next_acro)
    if (same_word(p, f, ent(p, e)->acro_tok))
      return e;
  if (!(tk(p, f)->flags & WS__TF_ALLCAPS))
    return -1;
  for (size_t k = p->entities.len, n = 0; k-- > 0 && n++ < ORG_SCAN;) {
    ws__entity *x = ent(p, (int32_t)k);
    if (x->type == WS__ENT_ORG && initials_match(p, f, x->name_first, x->name_last))
      return (int32_t)k;
  }
  return -1;
}

/* A filter key for a name word, in [0, 256): a hash of its length and
 * first two bytes (same_word compares them all; a word of one byte has no
 * second). Mixed by a multiplication: first bytes are capitals, and a key
 * of their sum with the length passed one lookup in six. */
static inline unsigned head_key(const ws__people *p, uint32_t i) {
  const unsigned char *b = (const unsigned char *)p->view.text + tk(p, i)->start;
  uint32_t n = (uint32_t)name_len(p, i);
  uint32_t x = b[0] | (uint32_t)(n > 1 ? b[1] : 0) << 8 | (n & 0xFF) << 16;
  return (x * UINT32_C(0x9E3779B1)) >> 24;
}

/* Notes that an entity's name now starts with token f and has more words. */
static inline void note_head(ws__people *p, uint32_t f) {
  unsigned k = head_key(p, f);
  p->head_keys[k >> 6] |= UINT64_C(1) << (k & 63);
}

/* "Northline" for "Northline Services": a single word naming the first word
 * of a recent organisation whose other words are organisation words. */
static int32_t match_org_head(ws__people *p, uint32_t f) {
  unsigned key = head_key(p, f);
  if (!(p->head_keys[key >> 6] >> (key & 63) & 1))
    return -1; /* No multi-word name starts with such a word. */
  char first = p->view.text[tk(p, f)->start]; /* same_word's first test, inline. */
  for (size_t k = p->entities.len, n = 0; k-- > 0 && n++ < ORG_SCAN;) {
    ws__entity *x = ent(p, (int32_t)k);
    if (x->type == WS__ENT_PERSON || x->name_first == x->name_last || x->name_first == f ||
        p->view.text[tk(p, x->name_first)->start] != first || !same_word(p, f, x->name_first))
      continue;
    bool generic = x->type == WS__ENT_UNKNOWN; /* "Ferrand" for "Ferrand Steel" */
    for (uint32_t i = x->name_first + 1; i <= x->name_last && !generic; i++)
      generic = (tk(p, i)->lex & WS__LEX_ORG_WORDS) != 0;
    if (generic)
      return (int32_t)k;
  }
  return -1;
}

/* True when an entity's name joins two names with "and": "Pierre-Hugues
 * Herbert and Nicolas Mahut", "Vindman and Williams". */
static bool pair_name(const ws__people *p, const ws__entity *x) {
  for (uint32_t k = x->name_first + 1; k < x->name_last; k++)
    if (is_word(p, k, "and"))
      return true;
  return false;
}

/* Finds the entity a run of name tokens [f, l] refers to, or -1: the same
 * name, else an acronym, else a surname of a fuller name (or the reverse).
 * Entities are found through hash buckets of their last word. */
/* The gender an honorific right before token f gives ("Mr. Bush", "Mrs
 * Bush"), or WS__GENDER_UNKNOWN. */
/* Token b, or the gendered honorific before it when b is that honorific's
 * period ("Mr." is two tokens): the word whose classes tell a gender. */
static uint32_t past_honorific_period(const ws__people *p, uint32_t b) {
  if (b > 0 && is_punct(p, b, '.') && tk(p, b)->start == tk(p, b - 1)->end &&
      (tk(p, b - 1)->lex & (WS__LEX_HONORIFICS_MALE | WS__LEX_HONORIFICS_FEMALE)))
    return b - 1;
  return b; /* Not "Lt." of "Lt. Cmdr.": no gender there. */
}

static int honorific_gender(const ws__people *p, uint32_t f) {
  if (f == 0)
    return WS__GENDER_UNKNOWN;
  uint32_t b = past_honorific_period(p, f - 1);
  uint32_t lex = tk(p, b)->lex;
  if (tk(p, b)->type != WS__TOK_WORD || !(lex & (WS__LEX_HONORIFICS_MALE | WS__LEX_HONORIFICS_FEMALE)))
    return WS__GENDER_UNKNOWN;
  return lex & WS__LEX_HONORIFICS_MALE ? WS__GENDER_MALE : WS__GENDER_FEMALE;
}

/* The gender an honorific before token f gives, as honorific_gender, or -1
 * while not yet asked: match_entity_in needs it only for a surname. */
static int gender_of(const ws__people *p, uint32_t f, int *gender) {
  if (*gender < 0)
    *gender = honorific_gender(p, f);
  return *gender;
}

static int32_t match_entity_in(ws__people *p, uint32_t f, uint32_t l, uint32_t h) {
  int gender = -1; /* honorific_gender(p, f), asked when needed. */
  int32_t exact = -1, surname = -1, earlier = -1;
  size_t steps = 0;
  for (int32_t e = p->by_last[h]; e >= 0 && steps++ < CHAIN_MAX;
       e = ent(p, e)->next_last) {
    ws__entity *x = ent(p, e);
    if (same_range(p, f, l, x->name_first, x->name_last))
      exact = e; /* Buckets run newest first: the oldest exact match wins. */
    else if (x->type != WS__ENT_ORG && same_word(p, l, x->name_last) &&
             (f == l || x->name_first == x->name_last) && !pair_name(p, x) &&
             !(x->gender != WS__GENDER_UNKNOWN && gender_of(p, f, &gender) != WS__GENDER_UNKNOWN &&
               x->gender != gender)) {
      if (surname < 0)
        surname = e; /* Not "Herbert and Nicolas Mahut" for "Mahut": a pair is two people;
                      * not Laura Bush for "Mr. Bush". */
      if (x->name_first < f)
        earlier = e; /* The first one named before: Donald Trump, not Ivanka Trump named later. */
    }
  }
  if (earlier >= 0)
    surname = earlier;
  if (exact < 0 && surname < 0 && f == l)
    surname = match_org_head(p, f);
  if (exact >= 0)
    return exact;
  if (f == l) {
    int32_t a = match_acronym(p, f);
    if (a >= 0)
      return a;
  }
  return surname;
}

/* match_entity_in with the bucket of the last word, word_hash(p, l). */
static int32_t match_entity(ws__people *p, uint32_t f, uint32_t l) {
  return match_entity_in(p, f, l, word_hash(p, l));
}

/* Guesses an entity's type and gender from its words and the word before. */
static void type_entity(ws__people *p, ws__entity *x, uint32_t before) {
  for (uint32_t i = x->name_first; i <= x->name_last; i++)
    if (tk(p, i)->lex & (WS__LEX_ORG_WORDS | WS__LEX_OUTLETS | WS__LEX_PLATFORMS))
      x->type = WS__ENT_ORG;
  if (x->name_first == x->name_last && (tk(p, x->name_first)->flags & WS__TF_ALLCAPS))
    x->type = WS__ENT_ORG;
  if (x->type == WS__ENT_ORG)
    return;
  uint32_t first = tk(p, x->name_first)->lex;
  if (before != UINT32_MAX)
    before = past_honorific_period(p, before); /* "Mr. Smith" */
  uint32_t prev = before != UINT32_MAX ? tk(p, before)->lex : 0;
  bool m = (first & WS__LEX_FIRST_NAMES_MALE) || (prev & WS__LEX_HONORIFICS_MALE);
  bool f = (first & WS__LEX_FIRST_NAMES_FEMALE) || (prev & WS__LEX_HONORIFICS_FEMALE);
  if (prev & (WS__LEX_HONORIFICS_MALE | WS__LEX_HONORIFICS_FEMALE))
    m = prev & WS__LEX_HONORIFICS_MALE, f = !m;
  if (m != f)
    x->gender = m ? WS__GENDER_MALE : WS__GENDER_FEMALE;
  if (m || f || (prev & TITLE_LEX))
    x->type = WS__ENT_PERSON; /* "Harlow Foods" stays unknown: no first name. */
}

/* Adds or updates the entity for the run [f, l]; returns its index. */
static int32_t add_entity(ws__people *p, uint32_t f, uint32_t l, uint32_t before) {
  uint32_t h = word_hash(p, l); /* Once, for the lookup and the insertion. */
  int32_t e = match_entity_in(p, f, l, h);
  if (e >= 0) {
    ws__entity *x = ent(p, e);
    if (l - f > x->name_last - x->name_first && !(f == l)) {
      x->name_first = f, x->name_last = l; /* A fuller name. */
      note_head(p, f);
      type_entity(p, x, before);
    }
    return e;
  }
  ws__entity *x = WS__VEC_PUSH(&p->entities, ws__entity);
  if (!x)
    return -2;
  x->name_first = f, x->name_last = l;
  if (l != f)
    note_head(p, f);
  type_entity(p, x, before);
  e = (int32_t)(p->entities.len - 1);
  x->next_last = p->by_last[h];
  x->next_acro = -1;
  p->by_last[h] = e;
  return e;
}

/* True when the words [f, l] are a news outlet of the lexicon ("Washington
 * Post"), which ends a run of names. */
static bool outlet_run(const ws__people *p, uint32_t f, uint32_t l) {
  if (!(tk(p, f)->lex & WS__LEX_PHRASE_HEAD) || l - f > 3)
    return false;
  const ws__lex_entry *e =
      ws__lex_find(p->view.text + tk(p, f)->start, tk(p, l)->end - tk(p, f)->start);
  return e && (e->classes & WS__LEX_OUTLETS);
}

/* True when the word after token l, in the run that starts at i, joins
 * two people rather than the parts of one name: "and", "&", "of", "for" or
 * "on" after a run that starts with a first name ("Senator Bernie Sanders
 * of Vermont"). */
static bool joins_people(const ws__people *p, uint32_t i, uint32_t l) {
  const uint32_t fn = WS__LEX_FIRST_NAMES_MALE | WS__LEX_FIRST_NAMES_FEMALE;
  bool first_name = ((tk(p, i)->lex & fn) && !(tk(p, i)->lex & WS__LEX_ORG_WORDS)) ||
                    /* Not "Bank of America", although "Bank" is a first name. */
                    (i < l && (tk(p, i)->lex & (HONORIFIC_LEX | TITLE_LEX)) && (tk(p, i + 1)->lex & fn));
  return first_name && (is_word(p, l + 1, "and") || is_word(p, l + 1, "&") ||
                        is_word(p, l + 1, "of") || is_word(p, l + 1, "for") ||
                        is_word(p, l + 1, "on"));
}

/* Returns the end (inclusive) of the name run starting at i, or i - 1. */
static uint32_t run_end(const ws__people *p, uint32_t i) {
  uint32_t l = i;
  if (!name_word(p, i))
    return i - 1;
  while (l + 1 < p->view.ntok) {
    const ws__token *next = tk(p, l + 1);
    /* The usual end, told at once: a lower-case word of two bytes or more
     * that is no connector ("said") is no name word, no connector, no
     * initial and no initial's period. */
    if (next->type == WS__TOK_WORD && !(next->flags & (WS__TF_CAP | WS__TF_HANDLE)) &&
        !(next->lex & WS__LEX_CONNECTORS) && next->end - next->start > 1)
      break;
    if (next->sent != tk(p, i)->sent || possessive(p, l))
      break;
    if (name_word(p, l + 1) && !(tk(p, l + 1)->flags & WS__TF_NEWLINE_BEFORE)) {
      if (l > i && outlet_run(p, i, l))
        break; /* "the Washington Post Trump said": an outlet, then a name. */
      if ((tk(p, l + 1)->lex & (WS__LEX_SPEECH_VERBS | WS__LEX_BELIEF_VERBS)) &&
          !(tk(p, l + 1)->lex & (WS__LEX_FIRST_NAMES_MALE | WS__LEX_FIRST_NAMES_FEMALE)))
        break; /* A headline's verb ends a name: "Ted Cruz Says …", "Obama Sees …". */
      if ((tk(p, l + 1)->lex & HONORIFIC_LEX) && l + 3 < p->view.ntok && is_punct(p, l + 2, '.') &&
          name_word(p, l + 3) && tk(p, l + 3)->sent == tk(p, i)->sent)
        break; /* "Ohio Gov. John Kasich": a place, then a titled name. */
      l++;
      continue;
    }
    if (l + 2 < p->view.ntok && connector(p, l + 1) && name_word(p, l + 2) &&
        !joins_people(p, i, l) && tk(p, l + 2)->sent == tk(p, i)->sent) {
      l += 2;
      continue;
    }
    if (l + 2 < p->view.ntok && tk(p, l)->end - tk(p, l)->start == 1 && is_punct(p, l + 1, '.') &&
        name_word(p, l + 2) && tk(p, l + 1)->start == tk(p, l)->end) {
      l += 2; /* An initial: "Elijah E. Cummings", "George W. Bush". */
      continue;
    }
    if (l + 3 < p->view.ntok && tk(p, l + 1)->end - tk(p, l + 1)->start == 1 &&
        (tk(p, l + 1)->flags & WS__TF_CAP) && is_punct(p, l + 2, '.') &&
        tk(p, l + 2)->start == tk(p, l + 1)->end && name_word(p, l + 3) &&
        tk(p, l + 3)->sent == tk(p, i)->sent) {
      l += 3; /* An initial that is also a word: "Jill A. Martin", "Harry S. Truman". */
      continue;
    }
    break;
  }
  return l;
}

/* "Secretary of State Mike Pompeo": after a title, a connector or
 * preposition at n and the title's complement are no part of the name that
 * ends at l, which starts at its first name, or else at the last two words
 * ("… Kirstjen Nielsen") or the last one. Returns the name's first token.
 * skip_title_complement() does so only when n is a connector. */
static uint32_t name_after_complement(const ws__people *p, uint32_t n, uint32_t l) {
  uint32_t k = n + 1;
  while (k < l && !(tk(p, k)->lex & (WS__LEX_FIRST_NAMES_MALE | WS__LEX_FIRST_NAMES_FEMALE)))
    k++;
  return k < l ? k : l - n >= 3 ? l - 1 : l;
}

static uint32_t skip_title_complement(const ws__people *p, uint32_t n, uint32_t l) {
  return n < l && connector(p, n) ? name_after_complement(p, n, l) : n;
}

/* Strips leading titles and honorifics (with their periods) from a run. */
static uint32_t strip_titles(const ws__people *p, uint32_t f, uint32_t l) {
  uint32_t n = f;
  for (uint32_t i = f; i < l; i++)
    if ((tk(p, i)->lex & TITLE_LEX) && !(tk(p, i)->lex & WS__LEX_ORG_WORDS))
      n = i + 1; /* "Assistant District Attorney Julia Brandt" */
  return n > f ? skip_title_complement(p, n, l) : n;
}

/* True when a run is a sentence-initial single word: "Enforcement" or
 * "Kardashian" at the start of a sentence is a name only if known. */
static bool weak_run(const ws__people *p, uint32_t f, uint32_t l) {
  if (f != l || !(tk(p, f)->flags & WS__TF_SENT_START))
    return false;
  /* "Tessaro, the electric scooter maker, will …": a name with an
   * apposition is a name even at the start of a sentence. */
  if (tk(p, f)->lex & (WS__LEX_FUNCTION_WORDS | WS__LEX_AUX_ADVERBS | WS__LEX_GROUP_NOUNS |
                       WS__LEX_TITLES | WS__LEX_SPEECH_VERBS))
    return true;
  /* "Fischer said …": a capitalised word right before a speech verb names
   * someone even at the start of a sentence. */
  if (l + 1 < p->view.ntok && (tk(p, l + 1)->lex & WS__LEX_SPEECH_VERBS) &&
      !(tk(p, l + 1)->flags & WS__TF_CAP) && outside(tk(p, l + 1)))
    return false;
  return !(l + 2 < p->view.ntok && is_punct(p, l + 1, ',') &&
           (is_word(p, l + 2, "the") || is_word(p, l + 2, "a") || is_word(p, l + 2, "an") ||
            is_word(p, l + 2, "who") || is_word(p, l + 2, "whose")));
}

/* True when token i follows a short opening phrase and its comma: "On
 * Sunday, Mensah posted …", "Later, Okafor said …". */
static bool after_opener(const ws__people *p, uint32_t i) {
  if (i < 2 || !is_punct(p, i - 1, ','))
    return false;
  for (uint32_t k = i - 1; k-- > 0 && i - 1 - k <= 4;) {
    const ws__token *t = tk(p, k);
    if (!outside(t) || (t->type != WS__TOK_WORD && t->type != WS__TOK_NUMBER))
      return false;
    if (t->flags & WS__TF_SENT_START)
      return (t->lex & (WS__LEX_FUNCTION_WORDS | WS__LEX_AUX_ADVERBS)) != 0;
  }
  return false;
}

/* True when the name [start, l] stands between commas after a short role
 * phrase that opens its sentence: "The harbour master, Owen Bakare, has
 * …", "Southmoor's managing director, Kieran Walsh, said". The name is then
 * the sentence's subject. */
static bool role_apposition(const ws__people *p, uint32_t start, uint32_t l) {
  if (start < 3 || !is_punct(p, start - 1, ',') || l + 1 >= p->view.ntok || !is_punct(p, l + 1, ','))
    return false;
  for (uint32_t k = start - 1; k-- > 0 && start - 1 - k <= 5;) {
    const ws__token *t = tk(p, k);
    if (!outside(t) || t->type != WS__TOK_WORD ||
        (t->lex & (WS__LEX_SPEECH_VERBS | WS__LEX_BELIEF_VERBS | PRONOUN_LEX)))
      return false;
    if (t->flags & WS__TF_SENT_START)
      return determiner(p, k) || possessive(p, k);
  }
  return false;
}

/* Records a mention of entity e over [f, l]. */
static ws_status add_mention(ws__people *p, uint32_t f, uint32_t l, int32_t e, uint32_t start) {
  ws__mention *m = WS__VEC_PUSH(&p->mentions, ws__mention);
  if (!m)
    return WS_ERR_NOMEM;
  m->first = f, m->last = l, m->entity = e;
  const ws__token *s = tk(p, start);
  /* "Southmoor's managing director, Kieran Walsh, said": a possessive
   * name opens the sentence but is not its subject. */
  m->subject = ((s->flags & WS__TF_SENT_START) ||
                (start > 0 && (tk(p, start - 1)->flags & WS__TF_SENT_START) &&
                 (tk(p, start - 1)->lex & WS__LEX_FUNCTION_WORDS)) ||
                after_opener(p, start) || role_apposition(p, start, l)) &&
               !possessive(p, l);
  return WS_OK;
}

/* Records the role in an apposition after a name: "Anna Lindqvist, the
 * crew's coach, …" gives the entity the role "the crew's coach". */
/* True when the mention ending at token l sits in a phrase that opens its
 * sentence with a preposition and no comma yet: "According to the
 * Pentagon", "In Washington". */
static bool opening_phrase(const ws__people *p, uint32_t l) {
  uint32_t s = l;
  while (s > 0 && !(tk(p, s)->flags & WS__TF_SENT_START)) {
    s--;
    if (is_punct(p, s, ','))
      return false;
    if (s > 0 && is_word(p, s, "to") && is_word(p, s - 1, "according") &&
        (tk(p, s - 1)->flags & WS__TF_CAP))
      return true; /* "According to": also where the splitter missed the start. */
  }
  return s < l && (tk(p, s)->lex & WS__LEX_FUNCTION_WORDS) && !determiner(p, s) &&
         !(tk(p, s)->lex & PRONOUN_LEX);
}

static void apposition_role(ws__people *p, int32_t e, uint32_t l) {
  ws__entity *x = ent(p, e);
  uint32_t a = l + 2;
  if (x->has_role || a >= p->view.ntok || !is_punct(p, l + 1, ','))
    return;
  if (!(is_word(p, a, "a") || is_word(p, a, "an") || is_word(p, a, "the") ||
        (tk(p, a)->lex & WS__LEX_TITLES) || possessive(p, a)))
    return;
  if (opening_phrase(p, l))
    return; /* "According to the Pentagon, the base serves …": the main clause. */
  bool titled = false;
  uint32_t i = a;
  for (; i < p->view.ntok && i - a < MAX_NP; i++) {
    const ws__token *t = tk(p, i);
    if (!outside(t) || t->sent != tk(p, l)->sent || t->type == WS__TOK_PUNCT)
      break;
    if (is_word(p, i, "is") || is_word(p, i, "was") || is_word(p, i, "are") ||
        is_word(p, i, "were") || is_word(p, i, "has") || is_word(p, i, "have") ||
        is_word(p, i, "had") || is_word(p, i, "will") || is_word(p, i, "would"))
      return; /* A verb: a clause, not an apposition. */
    titled = titled || (t->lex & (WS__LEX_TITLES | WS__LEX_ORG_WORDS | WS__LEX_GROUP_NOUNS));
  }
  if (x->type != WS__ENT_PERSON && ((tk(p, a)->lex & WS__LEX_DETERMINERS) || possessive(p, a)))
    titled = true; /* "Ferrand Steel, the country's third-largest steelmaker," */
  if (!titled || i >= p->view.ntok || i == a ||
      !(is_punct(p, i, ',') || is_punct(p, i, '.') || is_punct(p, i, ';')))
    return;
  x->has_role = true;
  x->role_first = a, x->role_last = i - 1;
  /* "Tessaro, the electric scooter maker," is a company. */
  if (x->type == WS__ENT_UNKNOWN && (tk(p, i - 1)->lex & WS__LEX_ORG_WORDS) &&
      !(tk(p, i - 1)->lex & TITLE_LEX))
    x->type = WS__ENT_ORG;
}

/* True for an abbreviated or gendered honorific ("Sen.", "Mr"), which is
 * neither a name nor a role. */
static bool bare_honorific(const ws__people *p, uint32_t i) {
  if (i + 1 < p->view.ntok && is_punct(p, i + 1, '.') && tk(p, i + 1)->start == tk(p, i)->end)
    return true;
  return (tk(p, i)->lex & (WS__LEX_HONORIFICS_MALE | WS__LEX_HONORIFICS_FEMALE)) &&
         !(tk(p, i)->lex & WS__LEX_TITLES);
}

/* Records the role written before a name: "Sheriff Wanda Pruitt" (titles
 * in the run [f, nf)), "County administrator Felix Oyelaran" (a title word
 * just before the run) or "The agency's director, Harriet Cole". */
static void prefix_role(ws__people *p, int32_t e, uint32_t f, uint32_t nf) {
  ws__entity *x = ent(p, e);
  if (x->has_role || (x->type == WS__ENT_ORG && !(f >= 2 && is_punct(p, f - 1, ',')) &&
                      !(f >= 1 && (tk(p, f - 1)->lex & WS__LEX_ORG_WORDS) &&
                        !(tk(p, f - 1)->flags & WS__TF_CAP))))
    return;
  uint32_t last = nf, first = nf;
  if (nf > f) {
    last = nf - 1;
    while (last > f && is_punct(p, last, '.'))
      last--;
    if (last == f && bare_honorific(p, f))
      return;
    first = f;
  } else if (f >= 1 && outside(tk(p, f - 1)) && !(tk(p, f - 1)->flags & WS__TF_CAP) &&
             ((tk(p, f - 1)->lex & WS__LEX_TITLES) ||
              (x->type != WS__ENT_ORG && person_noun(p, f - 1)) ||
              (x->type != WS__ENT_PERSON && (tk(p, f - 1)->lex & WS__LEX_ORG_WORDS)))) {
    last = f - 1; /* "Olympic sprinter Jade Mensah", "the streaming service Vireo" */
    if (x->type == WS__ENT_UNKNOWN && (tk(p, f - 1)->lex & WS__LEX_ORG_WORDS))
      x->type = WS__ENT_ORG;
  } else if (f >= 2 && is_punct(p, f - 1, ',') && (tk(p, f - 2)->lex & WS__LEX_TITLES) &&
             outside(tk(p, f - 2))) {
    last = f - 2;
  } else {
    return;
  }
  if (nf == f) {
    first = last;
    while (first > 0 && last - first < 5 && !(tk(p, first)->flags & WS__TF_SENT_START) &&
           tk(p, first - 1)->type == WS__TOK_WORD && outside(tk(p, first - 1)) &&
           !(tk(p, first - 1)->lex & (WS__LEX_SPEECH_VERBS | WS__LEX_AUX_ADVERBS)) &&
           !(is_word(p, first - 1, "and") || is_word(p, first - 1, "of") ||
             is_word(p, first - 1, "by") || is_word(p, first - 1, "with") ||
             is_word(p, first - 1, "to") || is_word(p, first - 1, "according") ||
             is_word(p, first - 1, "from") || is_word(p, first - 1, "for") ||
             is_word(p, first - 1, "at") || is_word(p, first - 1, "in") ||
             is_word(p, first - 1, "on"))) {
      if (is_word(p, first - 1, "week") || is_word(p, first - 1, "month") ||
          is_word(p, first - 1, "year") || (tk(p, first - 1)->lex & WS__LEX_WEEKDAYS) ||
          is_word(p, first - 1, "when") || is_word(p, first - 1, "while") ||
          is_word(p, first - 1, "after") || is_word(p, first - 1, "before") ||
          is_word(p, first - 1, "as") || is_word(p, first - 1, "if") ||
          is_word(p, first - 1, "because") || is_word(p, first - 1, "since") ||
          is_word(p, first - 1, "although") || is_word(p, first - 1, "though") ||
          is_word(p, first - 1, "that") || is_word(p, first - 1, "which") ||
          is_word(p, first - 1, "who"))
        break; /* "Last week State Department official David Holmes", "While White
                * House press secretary Stephanie Grisham": neither the week nor "While". */
      first--;
      if (is_word(p, first, "his") || is_word(p, first, "her") || is_word(p, first, "their") ||
          is_word(p, first, "its") || is_word(p, first, "our") || is_word(p, first, "my"))
        break; /* "When Ford visited his editor Teresa …": the role is "his editor". */
    }
    if (first < last && (tk(p, first)->lex & WS__LEX_DETERMINERS) &&
        !is_punct(p, f - 1, ','))
      first++; /* "the county administrator Felix …": no determiner. */
  }
  x->has_role = true;
  x->role_first = first, x->role_last = last;
}

/* True for the name of a US party used as an adjective or a noun:
 * "Republican", "Democrat", "Democratic", "GOP", "Libertarian". */
static bool party_word(const ws__people *p, uint32_t i) {
  return is_word(p, i, "republican") || is_word(p, i, "democrat") ||
         is_word(p, i, "democratic") || is_word(p, i, "gop") || is_word(p, i, "libertarian");
}

/* Handles one run [f, l] found at token start (start <= f); sets *weak_out
 * (when not NULL) to whether it is weak, left for the second pass. */
static ws_status take_run(ws__people *p, uint32_t start, uint32_t f, uint32_t l, bool second,
                          bool *weak_out) {
  if (weak_out)
    *weak_out = false; /* Also when the run is dropped below. */
  if (l > f && f > 0 && is_word(p, f - 1, "the") && party_word(p, l))
    return WS_OK; /* "The Arizona Republican says": a description, not a name. */
  if (l == f && (is_word(p, f, "democrat") || is_word(p, f, "republican")) && f > 0 &&
      (is_word(p, f - 1, "one") || is_word(p, f - 1, "a") || is_word(p, f - 1, "another") ||
       is_word(p, f - 1, "every") || is_word(p, f - 1, "no")))
    return WS_OK; /* "one Democrat familiar with the talks": a member, not a name. */
  uint32_t nf = strip_titles(p, f, l);
  if (nf != f && f + 1 <= l && is_punct(p, nf, '.'))
    nf++;
  if (nf == f && f + 2 <= l &&
      (tk(p, f + 1)->lex & (WS__LEX_FIRST_NAMES_MALE | WS__LEX_FIRST_NAMES_FEMALE)) &&
      party_word(p, f))
    nf = f + 1; /* "Republican Donald Trump": the party is a role, not part of the name. */
  if (nf == f && f >= 2 && l >= f + 2 && (tk(p, f - 2)->lex & TITLE_LEX) &&
      (is_word(p, f - 1, "to") || is_word(p, f - 1, "of") || is_word(p, f - 1, "for")))
    nf = name_after_complement(p, f - 1, l); /* "ambassador to Britain Liu Xiaoming" */
  bool weak = weak_run(p, nf, l);
  if (weak_out)
    *weak_out = weak;
  if (weak != second)
    return WS_OK;
  int32_t e = weak ? match_entity(p, nf, l) : add_entity(p, nf, l, nf > 0 ? nf - 1 : UINT32_MAX);
  if (e == -2)
    return WS_ERR_NOMEM;
  if (e < 0)
    return WS_OK;
  /* "Name (ABC)": the acronym is an alias. */
  if (l + 3 < p->view.ntok && is_punct(p, l + 1, '(') && is_punct(p, l + 3, ')') &&
      (tk(p, l + 2)->flags & WS__TF_ALLCAPS) && !ent(p, e)->acro_tok) {
    uint32_t h = word_hash(p, l + 2);
    ent(p, e)->acro_tok = l + 2;
    ent(p, e)->next_acro = p->by_acro[h];
    p->by_acro[h] = e;
    p->n_acro++;
  }
  /* When the text gives both, the apposition is the role (docs/output.md):
   * "Councillor Niamh Doherty, the chair of the housing committee". */
  apposition_role(p, e, l);
  prefix_role(p, e, f, nf);
  return add_mention(p, nf, l, e, start);
}

/* A run of name words found by the first pass, for the second. */
typedef struct run {
  uint32_t start, f, l;
} run;

/* The first pass over the runs: takes the strong ones and lists the weak
 * ones in runs, so that the second pass need not scan again. Only a
 * capitalised word, a handle or an honorific can start a run. */
/* True for a capitalised word ending in "ing" that opens its sentence and
 * is no first name: "Hosting", "Speaking", not "Ming" or "Sterling". */
static bool sentence_gerund(const ws__people *p, uint32_t i) {
  const ws__token *t = tk(p, i);
  size_t n = t->end - t->start;
  const char *w = p->view.text + t->end;
  return (t->flags & WS__TF_SENT_START) && t->type == WS__TOK_WORD && n > 5 &&
         w[-3] == 'i' && w[-2] == 'n' && w[-1] == 'g' &&
         !(t->lex & (WS__LEX_FIRST_NAMES_MALE | WS__LEX_FIRST_NAMES_FEMALE | TITLE_LEX));
}

/* True for a capitalised adverb that opens its sentence and is no name:
 * "Mostly", "Only", "Also" (a word in -ly or of the function or adverb
 * lists, not a first name). */
static bool sentence_adverb(const ws__people *p, uint32_t i) {
  const ws__token *t = tk(p, i);
  size_t n = t->end - t->start;
  const char *w = p->view.text + t->end;
  if (!(t->flags & WS__TF_SENT_START) || t->type != WS__TOK_WORD ||
      (t->lex & (WS__LEX_FIRST_NAMES_MALE | WS__LEX_FIRST_NAMES_FEMALE | TITLE_LEX)))
    return false;
  return (t->lex & (WS__LEX_FUNCTION_WORDS | WS__LEX_AUX_ADVERBS)) ||
         (n > 4 && w[-2] == 'l' && w[-1] == 'y');
}

static bool associate_noun(const ws__people *p, uint32_t i);
static bool rare_word(const ws__people *p, uint32_t i, unsigned r);

/* True for an adjective of nationality at i before a lower-case noun
 * phrase that ends in a title, an organisation or a group: "German" in "the
 * German automaker", "French" in "the French foreign ministry" and "French
 * police said", not "Cuban" in "Cuban also complained". */
bool ws__demonym_modifier(const ws__people *p, uint32_t i) {
  const uint32_t head = TITLE_LEX | WS__LEX_ORG_WORDS | WS__LEX_GROUP_NOUNS | WS__LEX_INSTITUTION_WORDS;
  const uint32_t stop = WS__LEX_FUNCTION_WORDS | WS__LEX_AUX_ADVERBS | WS__LEX_SPEECH_VERBS |
                        WS__LEX_BELIEF_VERBS | PRONOUN_LEX;
  /* The words after it first, from the tokens alone; the word list last. */
  for (uint32_t k = i + 1; k < p->view.ntok && k <= i + 3; k++) {
    const ws__token *n = tk(p, k);
    if (n->type != WS__TOK_WORD || (n->flags & (WS__TF_CAP | WS__TF_SENT_START)) ||
        n->sent != tk(p, i)->sent || outside(n) != outside(tk(p, i)) || (n->lex & stop))
      return false;
    if (n->lex & head)
      return rare_word(p, i, WS__LEXR_DEMONYMS);
  }
  return false;
}

/* True for a group or kin noun that opens its sentence and is no name:
 * "Relatives", "Friends", "Aides", "Members" (of the group or kin nouns,
 * not an organisation word or a first name). */
static bool sentence_group(const ws__people *p, uint32_t i) {
  const ws__token *t = tk(p, i);
  if (!(t->flags & WS__TF_SENT_START) || t->type != WS__TOK_WORD ||
      (t->lex & (WS__LEX_FIRST_NAMES_MALE | WS__LEX_FIRST_NAMES_FEMALE | WS__LEX_ORG_WORDS)))
    return false;
  return (t->lex & WS__LEX_GROUP_NOUNS) || associate_noun(p, i);
}

/* Bits of a token's bytes 8 to 15 (type, punct, flags, classes) read as
 * one little-endian word: the honorific classes, the capital and handle
 * flags, and the classes that keep a word out of every name (name_word). */
#define TOKEN_WORD_BITS(flag_bits, lex_bits)                                      \
  ((uint64_t)(flag_bits) << (8 * (offsetof(ws__token, flags) - 8)) |              \
   (uint64_t)(lex_bits) << (8 * (offsetof(ws__token, lex) - 8)))
#define HONORIFIC_BITS                                                            \
  TOKEN_WORD_BITS(0, WS__LEX_HONORIFICS | WS__LEX_HONORIFICS_MALE | WS__LEX_HONORIFICS_FEMALE)
#define CAP_BITS TOKEN_WORD_BITS(WS__TF_CAP | WS__TF_HANDLE, 0)
#define NO_NAME_BITS                                                              \
  TOKEN_WORD_BITS(0, WS__LEX_FUNCTION_WORDS | WS__LEX_PRONOUNS_MALE | WS__LEX_PRONOUNS_FEMALE | \
                         WS__LEX_PRONOUNS_PLURAL | WS__LEX_PRONOUNS_NEUTER | WS__LEX_WEEKDAYS)
#define TYPE_BITS TOKEN_WORD_BITS(0, 0) | 0xFFu /* The type, byte 8. */

/* A token's bytes 8 to 15 (type, punct, flags and classes) as one word,
 * little-endian: the bits named above. */
static inline uint64_t token_word(const ws__token *t) {
  uint64_t w;
  memcpy(&w, (const char *)t + 8, 8);
  return w;
}

/* True when token t can start a run: an honorific, or a word that passes
 * name_word's tests of the token alone (capitalised or a handle, outside
 * quotations, in no list that keeps it from names). scan_runs does nothing
 * at any other token (a capitalised "The" or "He" is no name), so they are
 * passed over here, without its calls. w is token_word(t). */
static inline bool may_start_run_word(const ws__token *t, uint64_t w) {
  return (w & HONORIFIC_BITS) ||
         ((w & CAP_BITS) && (w & (TYPE_BITS | NO_NAME_BITS)) == WS__TOK_WORD && t->quote < 0);
}

/* may_start_run_word, loading the word. */
static inline bool may_start_run(const ws__token *t) {
  return may_start_run_word(t, token_word(t));
}

/* The first token at or after i that can start a run, or ntok. Four
 * tokens a step: one test of their four words together passes over most
 * steps (measured: fewer instructions than four tokens compared at once
 * with SSE2, or a test a token). On a big-endian machine the bits differ:
 * there the plain loop runs. */
static inline uint32_t next_run_start(const ws__people *p, uint32_t i) {
  const ws__doc *d = &p->view;
  const ws__token *t = d->tok;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  _Static_assert(offsetof(ws__token, type) == 8 && offsetof(ws__token, flags) >= 8 &&
                     offsetof(ws__token, flags) + 2 <= 16 && offsetof(ws__token, lex) >= 8 &&
                     offsetof(ws__token, lex) + 4 <= 16,
                 "ws__token layout: type, flags and classes in bytes 8 to 15");
  /* A pointer, not a 32-bit index: the index's wrap-around kept the
   * compiler from plain address arithmetic. */
  const ws__token *q = t + i, *end = t + d->ntok;
  for (; end - q >= 4; q += 4) {
    uint64_t w[4] = {token_word(q), token_word(q + 1), token_word(q + 2), token_word(q + 3)};
    if (!((w[0] | w[1] | w[2] | w[3]) & (HONORIFIC_BITS | CAP_BITS)))
      continue;
    for (int k = 0; k < 4; k++) /* The words loaded above, not loaded again. */
      if ((w[k] & (HONORIFIC_BITS | CAP_BITS)) && may_start_run_word(q + k, w[k]))
        return (uint32_t)(q + k - t);
  }
  while (q < end && !may_start_run(q))
    q++;
  return (uint32_t)(q - t);
#else
  while (i < d->ntok &&
         !((t[i].lex & HONORIFIC_LEX) ||
           ((t[i].flags & (WS__TF_CAP | WS__TF_HANDLE)) && t[i].type == WS__TOK_WORD &&
            !(t[i].lex & (WS__LEX_FUNCTION_WORDS | PRONOUN_LEX | WS__LEX_WEEKDAYS)) &&
            t[i].quote < 0)))
    i++;
  return i;
#endif
}

static ws_status scan_runs(ws__people *p, ws__vec *runs) {
  const ws__doc *d = &p->view;
  for (uint32_t i = next_run_start(p, 0); i < d->ntok; i = next_run_start(p, i + 1)) {
    uint32_t start = i;
    if (i + 1 < d->ntok && (tk(p, i)->lex & HONORIFIC_LEX) && is_punct(p, i + 1, '.') &&
        name_word(p, i + 2 < d->ntok ? i + 2 : i))
      i += 2; /* Sen. Smith */
    else if (i + 1 < d->ntok && sentence_gerund(p, i) && (tk(p, i + 1)->flags & WS__TF_CAP))
      continue; /* "Hosting Cook at Dreamforce": the name starts after the gerund. */
    else if (i + 2 < d->ntok && sentence_adverb(p, i) && connector(p, i + 1))
      continue; /* "Mostly for Trump, though, …": no name "Mostly for Trump". */
    else if (i + 2 < d->ntok && (is_word(p, i + 1, "of") || is_word(p, i + 1, "to")) &&
             sentence_group(p, i) && name_word(p, i + 2))
      continue; /* "Relatives of Maria Lopez said": the name starts after "of". */
    uint32_t l = run_end(p, i);
    if (l + 1 == i || l < i || (l == i && ws__demonym_modifier(p, i))) {
      i = start; /* "the German automaker", "French police": no one named "German". */
      continue;
    }
    if (l + 1 < d->ntok &&
        (tk(p, l + 1)->flags & (WS__TF_CAP | WS__TF_SPACE_BEFORE)) ==
            (WS__TF_CAP | WS__TF_SPACE_BEFORE) &&
        lower_compound(p, l + 1)) { /* The flags first: they are cheaper to test. */
      i = l + 1; /* "Los Angeles-based attorney": the run is part of a modifier. */
      continue;
    }
    bool weak;
    ws_status st = take_run(p, start, i, l, false, &weak);
    if (st != WS_OK)
      return st;
    if (weak) {
      run *r = WS__VEC_PUSH(runs, run);
      if (!r)
        return WS_ERR_NOMEM;
      r->start = start, r->f = i, r->l = l;
    }
    i = l;
  }
  return WS_OK;
}

/* Merges the mentions [0, mid) and [mid, len), each in token order. */
static ws_status merge_mentions(ws__people *p, size_t mid) {
  size_t n = p->mentions.len;
  if (mid == 0 || mid == n)
    return WS_OK;
  ws__mention *m = p->mentions.items, *tmp = malloc(n * sizeof *tmp);
  if (!tmp)
    return WS_ERR_NOMEM;
  size_t a = 0, b = mid, k = 0;
  while (a < mid && b < n)
    tmp[k++] = m[b].first < m[a].first ? m[b++] : m[a++];
  while (a < mid)
    tmp[k++] = m[a++];
  while (b < n)
    tmp[k++] = m[b++];
  memcpy(m, tmp, n * sizeof *tmp);
  free(tmp);
  return WS_OK;
}

ws_status ws__people_build(ws__people *p, ws__doc *doc) {
  p->doc = doc;
  p->view = *doc;
  p->last_speaker = -1;
  p->last_speaker_tok = 0;
  p->edits = 0;
  memset(p->head_keys, 0, sizeof p->head_keys);
  p->n_acro = 0;
  ws__vec_init(&p->entities, sizeof(ws__entity));
  ws__vec_init(&p->mentions, sizeof(ws__mention));
  /* Buckets grow with the document, so that chains stay short however many
   * names a long document holds (a fixed table made lookups slow down as
   * documents grew: time more than linear in the input). */
  p->nbuckets = BUCKETS;
  while (p->nbuckets < MAX_BUCKETS && p->nbuckets < doc->ntok / 8)
    p->nbuckets *= 2;
  p->by_last = malloc(2 * p->nbuckets * sizeof(int32_t));
  if (!p->by_last)
    return WS_ERR_NOMEM;
  p->by_acro = p->by_last + p->nbuckets;
  for (size_t k = 0; k < 2 * p->nbuckets; k++)
    p->by_last[k] = -1;
  ws__vec runs;
  ws__vec_init(&runs, sizeof(run));
  ws_status st = scan_runs(p, &runs);
  size_t strong = p->mentions.len;
  for (size_t k = 0; st == WS_OK && k < runs.len; k++) {
    const run *r = &WS__VEC_AT(&runs, run, k);
    st = take_run(p, r->start, r->f, r->l, true, NULL);
  }
  ws__vec_free(&runs);
  if (st == WS_OK)
    st = merge_mentions(p, strong);
  return st;
}

void ws__people_free(ws__people *p) {
  free(p->by_last);
  p->by_last = p->by_acro = NULL;
  ws__vec_free(&p->entities);
  ws__vec_free(&p->mentions);
}

ws_str ws__entity_name(const ws__people *p, int32_t e) {
  ws_str s = {NULL, 0};
  if (e < 0 || (size_t)e >= p->entities.len)
    return s;
  const ws__entity *x = &WS__VEC_AT(&p->entities, ws__entity, e);
  s.ptr = p->view.text + tk(p, x->name_first)->start;
  s.len = tk(p, x->name_last)->start + name_len(p, x->name_last) - tk(p, x->name_first)->start;
  return s;
}

/* The mention covering token i, or NULL. Binary search. */
static const ws__mention *mention_at(const ws__people *p, uint32_t i) {
  size_t lo = 0, hi = p->mentions.len;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    const ws__mention *m = &WS__VEC_AT(&p->mentions, ws__mention, mid);
    if (m->last < i)
      lo = mid + 1;
    else if (m->first > i)
      hi = mid;
    else
      return m;
  }
  return NULL;
}

/* ---- Coreference --------------------------------------------------------- */

void ws__people_note_speaker(ws__people *p, int32_t e, uint32_t t) {
  p->last_speaker = e;
  p->last_speaker_tok = t;
  p->edits++;
}

/* Index of the first mention at or after token i. */
static size_t mention_lower_bound(const ws__people *p, uint32_t i) {
  size_t lo = 0, hi = p->mentions.len;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (WS__VEC_AT(&p->mentions, ws__mention, mid).first < i)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

/* True when an entity can be called by a pronoun of these classes. */
static bool agrees(const ws__entity *x, uint32_t lex) {
  if (lex & (WS__LEX_PRONOUNS_MALE | WS__LEX_PRONOUNS_FEMALE)) {
    if (x->type == WS__ENT_ORG)
      return false;
    int want = (lex & WS__LEX_PRONOUNS_MALE) ? WS__GENDER_MALE : WS__GENDER_FEMALE;
    return x->gender == WS__GENDER_UNKNOWN || x->gender == want;
  }
  if (lex & WS__LEX_PRONOUNS_NEUTER)
    return x->type == WS__ENT_ORG;
  return true; /* they, we */
}

/* Resolves the pronoun at token i to an entity, or -1. Prefers subjects of
 * recent sentences and the latest speaker; gender must agree. */
static int32_t resolve_pronoun(ws__people *p, uint32_t i) {
  uint32_t lex = tk(p, i)->lex;
  uint32_t sent = tk(p, i)->sent;
  int32_t best = -1;
  double best_score = -1e9;
  size_t end = mention_lower_bound(p, i), seen = 0;
  for (size_t k = end; k-- > 0 && seen++ < MENTION_SCAN;) {
    const ws__mention *m = &WS__VEC_AT(&p->mentions, ws__mention, k);
    uint32_t dist = sent - tk(p, m->first)->sent;
    if (dist > PRONOUN_WINDOW_SENTS)
      break;
    ws__entity *x = ent(p, m->entity);
    if (!agrees(x, lex))
      continue;
    double score = -0.6 * dist + (m->subject ? (dist == 0 ? 3.5 : 2.0) : 0) +
                   (m->entity == p->last_speaker ? 1.5 : 0) +
                   (x->gender != WS__GENDER_UNKNOWN ? 0.5 : 0) +
                   (x->type == WS__ENT_PERSON ? 0.5 : 0);
    if (x->type != WS__ENT_PERSON && x->gender == WS__GENDER_UNKNOWN && m->first > 0 &&
        (lex & (WS__LEX_PRONOUNS_MALE | WS__LEX_PRONOUNS_FEMALE)) &&
        (is_word(p, m->first - 1, "in") || is_word(p, m->first - 1, "at") ||
         is_word(p, m->first - 1, "from") || is_word(p, m->first - 1, "near")))
      score -= 2.0; /* "a speech in Salt Lake City in which he pledged": a place, no "he". */
    if (score > best_score)
      best_score = score, best = m->entity;
  }
  if (best < 0 && p->last_speaker >= 0 && (size_t)p->last_speaker < p->entities.len &&
      agrees(ent(p, p->last_speaker), lex) && i - p->last_speaker_tok < 400)
    best = p->last_speaker;
  if (best >= 0 && ent(p, best)->gender == WS__GENDER_UNKNOWN &&
      (lex & (WS__LEX_PRONOUNS_MALE | WS__LEX_PRONOUNS_FEMALE)))
    ent(p, best)->gender = (lex & WS__LEX_PRONOUNS_MALE) ? WS__GENDER_MALE : WS__GENDER_FEMALE,
    p->edits++;
  return best;
}

/* True when the role words of entity x hold the word at token w. */
static bool role_has(ws__people *p, const ws__entity *x, uint32_t w) {
  if (!x->has_role)
    return false;
  const ws__token *tw = tk(p, w);
  for (uint32_t i = x->role_first; i <= x->role_last; i++) {
    const ws__token *t = tk(p, i);
    if (t->end - t->start != tw->end - tw->start)
      continue;
    size_t k = 0, n = t->end - t->start;
    while (k < n && ((p->view.text[t->start + k] | 0x20) == (p->view.text[tw->start + k] | 0x20)))
      k++;
    if (k == n)
      return true; /* "the mayor" for "Mayor Grace Whitfield". */
  }
  return false;
}

/* Resolves a nominal ("the spokeswoman", "the company") headed by token h
 * to the latest entity with that role, or the latest organisation. */
static int32_t resolve_nominal(ws__people *p, uint32_t h) {
  bool org = (tk(p, h)->lex & WS__LEX_ORG_WORDS) != 0;
  bool business = org && !(tk(p, h)->lex & WS__LEX_INSTITUTION_WORDS);
  size_t seen = 0;
  int32_t fallback = -1;
  for (size_t k = mention_lower_bound(p, h); k-- > 0 && seen++ < MENTION_SCAN;) {
    const ws__mention *m = &WS__VEC_AT(&p->mentions, ws__mention, k);
    ws__entity *x = ent(p, m->entity);
    if (!org) {
      if (role_has(p, x, h))
        return m->entity;
      continue;
    }
    uint32_t last_lex = tk(p, x->name_last)->lex;
    if (business && (last_lex & WS__LEX_INSTITUTION_WORDS))
      continue; /* "the company" is not the union. */
    if (x->type == WS__ENT_ORG)
      return m->entity;
    if (fallback < 0 && x->type == WS__ENT_UNKNOWN && business && m->subject)
      fallback = m->entity; /* "Tessaro": a one-word name that is no person. */
  }
  return fallback;
}

/* Resolves "the Wisconsin Republican" (party word at h) to the latest
 * person whose role holds the party word, else to the latest person named
 * as the subject of a sentence: such descriptions stand in for the person
 * the story is about. Returns -1 when there is none. */
static int32_t resolve_party_nominal(ws__people *p, uint32_t h) {
  size_t seen = 0;
  int32_t subject = -1;
  for (size_t k = mention_lower_bound(p, h); k-- > 0 && seen++ < MENTION_SCAN;) {
    const ws__mention *m = &WS__VEC_AT(&p->mentions, ws__mention, k);
    ws__entity *x = ent(p, m->entity);
    if (x->type != WS__ENT_PERSON)
      continue;
    if (role_has(p, x, h))
      return m->entity;
    if (subject < 0 && m->subject)
      subject = m->entity;
  }
  return subject;
}

/* ---- Noun phrases -------------------------------------------------------- */

/* True when token i is a period closing a title ("Sen.") or an initial
 * ("John D. Podesta") glued to the word before it. */
static bool name_period_of(const ws__people *p, uint32_t i) {
  if (i == 0 || tk(p, i - 1)->end != tk(p, i)->start)
    return false;
  const ws__token *w = tk(p, i - 1);
  if (i + 1 < p->view.ntok && (ws__tok_is(&p->view, i - 1, "jr", 2) || ws__tok_is(&p->view, i - 1, "sr", 2)) &&
      (is_punct(p, i + 1, ',') || is_punct(p, i + 1, '(')))
    return true; /* "Robert P. Casey Jr. (D-Pa.)", "… Jr., a Clinton backer" */
  if (i + 1 >= p->view.ntok || tk(p, i + 1)->sent != w->sent ||
      !(tk(p, i + 1)->flags & WS__TF_CAP))
    return false; /* The period ends the sentence. */
  return (w->lex & (HONORIFIC_LEX | WS__LEX_ABBREVIATIONS)) ||
         (w->type == WS__TOK_WORD && w->end - w->start == 1 && (w->flags & WS__TF_CAP));
}

/* name_period_of for a period only, tested inline: most tokens are none. */
static inline bool name_period(const ws__people *p, uint32_t i) {
  return is_punct(p, i, '.') && name_period_of(p, i);
}

/* True for tokens that can be inside a speaker phrase's head (see np_word). */
static bool np_word_of(const ws__people *p, uint32_t i) {
  const ws__token *t = tk(p, i);
  if (!outside(t) || t->type != WS__TOK_WORD)
    return false;
  if (t->lex & (PRONOUN_LEX | WS__LEX_SPEECH_VERBS))
    return name_word(p, i) && !(t->lex & PRONOUN_LEX);
  return name_word(p, i) || (t->lex & (TITLE_LEX | WS__LEX_ORG_WORDS | WS__LEX_GROUP_NOUNS));
}

/* True for tokens that can be inside a speaker phrase's head. A word
 * neither capitalised nor a handle is no name word, so only its classes
 * can make it one: that much is tested inline. */
static inline bool np_word(const ws__people *p, uint32_t i) {
  const ws__token *t = tk(p, i);
  return ((t->flags & (WS__TF_CAP | WS__TF_HANDLE)) ||
          (t->lex & (TITLE_LEX | WS__LEX_ORG_WORDS | WS__LEX_GROUP_NOUNS))) &&
         np_word_of(p, i);
}

static bool determiner(const ws__people *p, uint32_t i) {
  return (tk(p, i)->lex & WS__LEX_DETERMINERS) != 0;
}

/* True for "spokesperson", "spokeswoman", "spokesman", "spokespeople". */
static bool spokesperson_word(const ws__people *p, uint32_t i) {
  return ws__tok_is(&p->view, i, "spokesperson", 12) || ws__tok_is(&p->view, i, "spokeswoman", 11) ||
         ws__tok_is(&p->view, i, "spokesman", 9) || ws__tok_is(&p->view, i, "spokespeople", 12);
}

/* True when a title word at i, the last of a phrase, is a surname after a
 * first name: "Charlie King", "Tom Marshall" (h is the first token that may
 * be a name). */
static bool title_surname(const ws__people *p, uint32_t i, uint32_t h) {
  const uint32_t first = WS__LEX_FIRST_NAMES_MALE | WS__LEX_FIRST_NAMES_FEMALE;
  return i > h && (tk(p, i)->flags & WS__TF_CAP) && name_word(p, i - 1) &&
         (tk(p, i - 1)->lex & first) && !(tk(p, i - 1)->lex & TITLE_LEX);
}

/* True when a capitalised title word at i is the surname of a person the
 * text has named: "Dean" after "Howard Dean", "Judge" after "Ann Judge". */
static bool known_surname(ws__people *p, uint32_t i) {
  if (!(tk(p, i)->flags & WS__TF_CAP) ||
      (tk(p, i)->lex & (WS__LEX_HONORIFICS_MALE | WS__LEX_HONORIFICS_FEMALE)))
    return false;
  int32_t e = match_entity(p, i, i);
  return e >= 0 && ent(p, e)->type == WS__ENT_PERSON && ent(p, e)->name_first != ent(p, e)->name_last;
}

/* Splits the phrase [f, l] into role words and a name and resolves it. */
/* True when a word in (f, l) is a possessive: "the city's budget office". */
static bool owned_phrase(const ws__people *p, uint32_t f, uint32_t l) {
  for (uint32_t k = f + 1; k < l; k++)
    if (tk(p, k)->type == WS__TOK_WORD && possessive(p, k))
      return true;
  return false;
}

/* True when the name words [n, l] that end a phrase starting at h are only
 * the complement of a title before "of" or "for" ("State" in "The Secretary
 * of State", "Human Rights" in "High Commissioner for Human Rights"): at
 * most three words, none a first name or a person's mention. n may be the
 * connector itself. */
static bool title_complement_only(const ws__people *p, uint32_t h, uint32_t n, uint32_t l) {
  uint32_t c = connector(p, n) ? n : n - 1;
  if (c < h + 1 || c >= l || l - c > 3 || !(is_word(p, c, "of") || is_word(p, c, "for")) ||
      !(tk(p, c - 1)->lex & TITLE_LEX) || !(tk(p, c - 1)->flags & WS__TF_CAP))
    return false;
  for (uint32_t k = c + 1; k <= l; k++) {
    int32_t e = ws__mention_entity_at(p, k);
    if ((tk(p, k)->lex & (WS__LEX_FIRST_NAMES_MALE | WS__LEX_FIRST_NAMES_FEMALE)) ||
        (e >= 0 && ws__entity_type(p, e) == WS__ENT_PERSON))
      return false;
  }
  return true;
}

static void resolve_np(ws__people *p, uint32_t f, uint32_t l, ws__np *np) {
  np->entity = -1;
  uint32_t h = f;
  if (determiner(p, h) && h < l)
    h++;
  /* The name is the final run of name words that are not titles. */
  uint32_t n = l + 1;
  while (n > h && name_word(p, n - 1) &&
         (!(tk(p, n - 1)->lex & TITLE_LEX) ||
          (n - 1 == l && (title_surname(p, n - 1, h) || known_surname(p, n - 1))))) {
    n--;
    if (n >= h + 2 && is_punct(p, n - 1, '.') && (tk(p, n - 2)->flags & WS__TF_CAP) &&
        tk(p, n - 2)->type == WS__TOK_WORD && tk(p, n - 2)->end - tk(p, n - 2)->start == 1 &&
        (n == h + 2 || name_word(p, n - 3)))
      n -= 2; /* An initial: "Paul D. Ryan", "T. Ruben Okonkwo" */
    if (n > h + 1 && connector(p, n - 1) && name_word(p, n - 2) && !is_word(p, n - 1, "for"))
      n--; /* "Department of Homeland Security" */
  }
  if (n <= l && title_complement_only(p, h, n, l))
    n = l + 1; /* "The Secretary of State", "the High Commissioner for Human Rights": no name. */
  const ws__mention *m = n <= l ? mention_at(p, l) : NULL;
  if (m && m->first > n && m->last == l && m->entity >= 0 &&
      !(n > h && connector(p, n) && (tk(p, n - 1)->lex & TITLE_LEX)))
    np->first = h = n = m->first; /* An outlet first: "the Washington Post Trump". */
  if (n <= l) {
    if (n > h && (tk(p, n - 1)->lex & TITLE_LEX))
      n = skip_title_complement(p, n, l);
    np->entity = match_entity(p, n, l);
    if (np->entity < 0 && l > f && is_word(p, f, "the") && party_word(p, l)) {
      np->has_role = true; /* "The Wisconsin Republican": a description of someone named before. */
      np->role_first = f, np->role_last = l;
      np->entity = resolve_party_nominal(p, l);
      return;
    }
    if (np->entity < 0 && (tk(p, l)->lex & (WS__LEX_GROUP_NOUNS | WS__LEX_TITLES))) {
      np->has_role = true; /* "Opponents said": a group, not a name. */
      np->role_first = f, np->role_last = l;
      return;
    }
    uint32_t prep = n > h + 1 && is_word(p, n - 1, "the") ? n - 2 : n - 1;
    if (n > h && prep > h && (is_word(p, prep, "at") || is_word(p, prep, "for"))) {
      np->has_role = true; /* "a spokesperson at DHS" speaks for DHS. */
      np->role_first = h, np->role_last = prep - 1;
      return;
    }
    if (n > h) {
      np->has_role = true;
      np->role_first = h, np->role_last = n - 1;
      while (np->role_last > h && is_punct(p, np->role_last, '.'))
        np->role_last--;
      if (np->role_first == np->role_last && bare_honorific(p, np->role_first))
        np->has_role = false;
      else if (np->role_last + 1 < n && is_punct(p, np->role_last + 1, '.') &&
               (tk(p, np->role_last)->lex & (WS__LEX_ABBREVIATIONS | HONORIFIC_LEX)))
        np->role_last++; /* "Ohio Gov." keeps the period of its abbreviation. */
    }
    return;
  }
  /* No name: a role phrase. "a Lumenfold spokesperson" speaks for Lumenfold. */
  uint32_t o = h;
  while (o <= l && name_word(p, o) && !(tk(p, o)->lex & TITLE_LEX))
    o++;
  if (o > h && o < l && tk(p, o)->type != WS__TOK_WORD && possessive(p, o - 1))
    o++; /* The lone apostrophe of "Sanders' campaign". */
  np->has_role = true;
  np->role_first = f, np->role_last = l;
  /* "The Republican nominee", "a Democratic senator": a party member, not
   * the party (its spokesperson speaks for it). */
  bool member = o == h + 1 && party_word(p, h) && !spokesperson_word(p, l);
  /* A platform, a person or a place before a head that is no spokesperson
   * and no body names no speaker: "one Weibo commenter", "one Trump
   * supporter", "The Texas senator" are people the text does not name (a
   * possessive keeps its owner; before a title only an organisation
   * speaks through it). */
  /* "a Chinese official", "the French foreign ministry": a nationality
   * names no one (not "Chinese Communist Party" named before). */
  bool demonym = o == h + 1 && ws__demonym_modifier(p, h);
  bool speaks_for = !demonym;
  if (speaks_for && o > h && o <= l && !member && !spokesperson_word(p, l) && !is_word(p, l, "representative") &&
      !(tk(p, l)->lex & (WS__LEX_ORG_WORDS | WS__LEX_INSTITUTION_WORDS)) && !possessive(p, o - 1)) {
    int32_t e = match_entity(p, h, o - 1);
    speaks_for = !(tk(p, o - 1)->lex & WS__LEX_PLATFORMS) &&
                 !(e >= 0 && ent(p, e)->type == WS__ENT_PERSON) &&
                 !((tk(p, l)->lex & (WS__LEX_TITLES | WS__LEX_GROUP_NOUNS)) &&
                   (e < 0 || ent(p, e)->type != WS__ENT_ORG));
  }
  if (o > h && o <= l && !member && speaks_for) {
    np->entity = match_entity(p, h, o - 1);
    np->role_first = o;
    /* Something with a spokesperson of its own is an organisation, so "he"
     * and "she" do not point back to it. */
    if (np->entity >= 0 && ent(p, np->entity)->type == WS__ENT_UNKNOWN &&
        spokesperson_word(p, l))
      ent(p, np->entity)->type = WS__ENT_ORG, p->edits++;
  } else if (l > h && spokesperson_word(p, l) && (tk(p, l - 1)->lex & WS__LEX_ORG_WORDS) &&
             !(tk(p, l - 1)->flags & WS__TF_CAP) && resolve_nominal(p, l - 1) >= 0) {
    np->entity = resolve_nominal(p, l - 1); /* "a district spokesperson" */
    np->role_first = l;
  } else if (is_word(p, f, "the") && (tk(p, l)->lex & (TITLE_LEX | WS__LEX_ORG_WORDS)) &&
             !demonym && ((tk(p, l)->lex & TITLE_LEX) || !owned_phrase(p, f, l))) {
    /* Not "the Jordanian government" nor "the city's budget office": whose,
     * the nominal does not tell from the organisations named before ("the
     * congressman's spokesman" is still the spokesman named before). */
    np->entity = resolve_nominal(p, l);
    if (np->entity >= 0)
      np->has_role = false; /* "the mayor" speaks with the role given before. */
  }
}

/* The first token from k, before ceil and not after last, that is no
 * lower-case content word outside quotation marks (a function word, speech
 * verb or auxiliary also stops it): the end of a run of role words. */
static uint32_t lower_words_end(const ws__people *p, uint32_t k, uint32_t ceil, uint32_t last) {
  while (k < ceil && k <= last && tk(p, k)->type == WS__TOK_WORD && outside(tk(p, k)) &&
         !(tk(p, k)->flags & WS__TF_CAP) &&
         !(tk(p, k)->lex & (WS__LEX_FUNCTION_WORDS | WS__LEX_SPEECH_VERBS | WS__LEX_AUX_ADVERBS)))
    k++;
  return k;
}

/* Extends an unnamed speaker's phrase ending at its head l with "for" or
 * "of", a determiner and up to three lower-case words that end the clause
 * at ceil: "said a lawyer for the family", "said a friend of the couple".
 * Returns the new last token, or l. */
static uint32_t lower_complement_end(const ws__people *p, uint32_t l, uint32_t ceil) {
  if (l + 3 >= ceil + 1 || !(is_word(p, l + 1, "for") || is_word(p, l + 1, "of")) ||
      !determiner(p, l + 2) || !outside(tk(p, l + 2)))
    return l;
  if (tk(p, l + 3)->flags & WS__TF_QOPEN) {
    /* A quoted name: "said the organizers of the “March for Our Lives” rally". */
    uint32_t q = l + 4;
    while (q < ceil && q - l < 16 && !(tk(p, q)->flags & (WS__TF_QCLOSE | WS__TF_QOPEN)))
      q++;
    if (q >= ceil || q == l + 4 || !(tk(p, q)->flags & WS__TF_QCLOSE))
      return l;
    uint32_t e = lower_words_end(p, q + 1, ceil, q + 2);
    return e == ceil || tk(p, e)->type == WS__TOK_PUNCT ? e - 1 : l;
  }
  uint32_t k = lower_words_end(p, l + 3, ceil, l + 5);
  return k > l + 3 && (k == ceil || tk(p, k)->type == WS__TOK_PUNCT) ? k - 1 : l;
}

/* Extends a role phrase [.., l] with "at/for/of ORG" after it, up to ceil.
 * Returns the new last token. */
static uint32_t extend_affiliation(ws__people *p, uint32_t l, uint32_t ceil, int32_t *org) {
  if (l + 3 < ceil && ((is_word(p, l + 1, "close") && is_word(p, l + 2, "to")) ||
                       (is_word(p, l + 1, "familiar") && is_word(p, l + 2, "with")))) {
    /* "a source close to the campaign", "people familiar with the talks" */
    uint32_t e = l + 3;
    if (!(tk(p, e)->flags & WS__TF_CAP) && !(tk(p, e)->lex & WS__LEX_DETERMINERS) &&
        !possessive(p, e))
      return l;
    while (e + 1 < ceil && e - l < 8 && tk(p, e + 1)->type == WS__TOK_WORD && outside(tk(p, e + 1)) &&
           !(tk(p, e + 1)->lex & (WS__LEX_SPEECH_VERBS | WS__LEX_FUNCTION_WORDS | PRONOUN_LEX |
                                  WS__LEX_AUX_ADVERBS)))
      e++;
    *org = -1;
    return e;
  }
  if (l + 2 >= ceil || !(is_word(p, l + 1, "at") || is_word(p, l + 1, "for") ||
                         is_word(p, l + 1, "of") || is_word(p, l + 1, "with") ||
                         is_word(p, l + 1, "in") || is_word(p, l + 1, "from") ||
                         (is_word(p, l + 1, "to") && (tk(p, l)->lex & TITLE_LEX) &&
                          (tk(p, l + 2)->flags & WS__TF_CAP)))) /* "a top aide to Gov. NAME" */
    return l;
  uint32_t s = l + 2;
  if (is_word(p, s, "the") && s + 1 < ceil)
    s++;
  uint32_t e = run_end(p, s);
  if (e >= s && e + 1 < ceil && !(tk(p, e + 1)->flags & WS__TF_CAP) && outside(tk(p, e + 1)) &&
      (tk(p, e + 1)->lex & WS__LEX_ORG_WORDS) && !is_word(p, l + 1, "of")) {
    *org = -1; /* "in the Dublin office": a place of work, not a name. */
    return e + 1;
  }
  if (e < s || e >= ceil) {
    if (is_word(p, l + 2, "the") && (tk(p, s)->lex & WS__LEX_ORG_WORDS)) {
      *org = resolve_nominal(p, s);
      return s;
    }
    return l;
  }
  *org = is_word(p, l + 1, "to") ? -1 : match_entity(p, s, e); /* An aide to NAME is not NAME. */
  return e;
}

/* Collects the head of a phrase ending at end, leftwards to floor. */
static uint32_t head_start(ws__people *p, uint32_t end, uint32_t floor) {
  uint32_t f = end + 1;
  while (f > floor && end + 1 - f < MAX_NP) {
    uint32_t c = f - 1;
    bool word = np_word(p, c); /* Asked once: the test below needs it again. */
    if (word || (c > floor && name_period(p, c))) {
      f = c;
      if (!word && c - 1 >= floor && tk(p, c - 1)->end - tk(p, c - 1)->start == 1)
        f = c - 1; /* The initial with its period, even "A." in "Jill A. Martin". */
      continue;
    }
    if (c > floor && f <= end && connector(p, c) && np_word(p, c - 1)) {
      f = c;
      continue;
    }
    if (c > floor && f <= end && (tk(p, f)->lex & WS__LEX_TITLES) && np_word(p, c - 1) &&
        tk(p, c)->type == WS__TOK_WORD && outside(tk(p, c)) &&
        !(tk(p, c)->lex & (WS__LEX_FUNCTION_WORDS | WS__LEX_SPEECH_VERBS |
                           WS__LEX_STATEMENT_NOUNS | WS__LEX_DOCUMENT_NOUNS))) {
      f = c; /* "Shadow transport secretary" */
      continue;
    }
    break;
  }
  if (f > end)
    return f;
  /* Adjectives and a determiner: "a former employee", "the company". A
   * statement or document noun before a name is no adjective: "in a
   * Bloomberg interview Trump said" starts at Trump. */
  for (uint32_t k = f, adj = 0; k > floor && adj < 3; k--, adj++) {
    if (determiner(p, k - 1))
      return k - 1;
    const ws__token *t = tk(p, k - 1);
    if (t->type != WS__TOK_WORD || !outside(t) ||
        (t->lex & (WS__LEX_SPEECH_VERBS | WS__LEX_FUNCTION_WORDS)) ||
        ((t->lex & (WS__LEX_STATEMENT_NOUNS | WS__LEX_DOCUMENT_NOUNS)) &&
         (tk(p, f)->flags & WS__TF_CAP) && !(t->flags & WS__TF_CAP)))
      break; /* But "the editorial board" is one phrase. */
  }
  return f;
}

/* Handles "The firm's managing partner, Fiona Rowe," ending at the comma at
 * end, where the name [c, end) follows a role phrase ending in a title. */
/* The first token of a short description ending at token t that opens its
 * clause: a determiner ("another", "a", "the", "one", "his") and up to two
 * lower-case words ("Another critic", "a longtime friend"), or UINT32_MAX. */
static uint32_t person_noun_phrase(const ws__people *p, uint32_t t, uint32_t floor) {
  const ws__token *h = tk(p, t);
  if (h->type != WS__TOK_WORD || (h->flags & WS__TF_CAP) || !outside(h) ||
      (h->lex & (WS__LEX_FUNCTION_WORDS | WS__LEX_SPEECH_VERBS | WS__LEX_AUX_ADVERBS)))
    return UINT32_MAX;
  for (uint32_t k = t; k > floor && t - k < 3; k--) {
    uint32_t d = k - 1;
    if (determiner(p, d) || is_word(p, d, "another") || is_word(p, d, "his") ||
        is_word(p, d, "her") || is_word(p, d, "their"))
      return d == floor || (tk(p, d)->flags & WS__TF_SENT_START) || is_punct(p, d - 1, ',')
                 ? d
                 : UINT32_MAX; /* The phrase opens the sentence or follows a comma. */
    const ws__token *w = tk(p, d);
    if (w->type != WS__TOK_WORD || !outside(w) || (w->flags & WS__TF_CAP) ||
        (w->lex & (WS__LEX_FUNCTION_WORDS | WS__LEX_SPEECH_VERBS | WS__LEX_AUX_ADVERBS)))
      return UINT32_MAX;
  }
  return UINT32_MAX;
}

static bool role_then_name(ws__people *p, uint32_t c, uint32_t end, uint32_t floor,
                           ws__np *np) {
  int32_t e = ws__mention_entity_at(p, end - 1);
  if (e >= 0 && c >= floor + 2 && ws__mention_entity_at(p, c) >= 0 &&
      ws__mention_entity_at(p, c) != e && person_noun_phrase(p, c - 2, floor) != UINT32_MAX) {
    uint32_t k = c; /* "The biographers, David and Jeanne Heidler,": two people speak together. */
    while (k < end && (ws__mention_entity_at(p, k) >= 0 || is_word(p, k, "and")))
      k++;
    if (k == end && k > c + 2) {
      memset(np, 0, sizeof *np);
      np->entity = -1;
      np->first = person_noun_phrase(p, c - 2, floor), np->last = end - 1;
      np->has_role = true;
      np->role_first = c, np->role_last = end - 1;
      return true;
    }
  }
  if (e < 0 || ws__mention_entity_at(p, c) != e || c < floor + 2)
    return false;
  uint32_t t = c - 2;
  if (!(tk(p, t)->lex & WS__LEX_TITLES) && person_noun_phrase(p, t, floor) != UINT32_MAX &&
      ent(p, e)->type == WS__ENT_PERSON) {
    uint32_t r = person_noun_phrase(p, t, floor); /* "Another critic, Laurence H. Tribe," */
    memset(np, 0, sizeof *np);
    np->first = r, np->last = end - 1;
    np->entity = e;
    np->has_role = true;
    np->role_first = r, np->role_last = t;
    return true;
  }
  if (!(tk(p, t)->lex & WS__LEX_TITLES)) {
    /* "A lawyer for the news outlets, David Schulz,": the title, then a phrase. */
    uint32_t k = t;
    int32_t org = ws__mention_entity_at(p, k);
    if (org >= 0 && org != e) { /* "the director of the Federal Bureau of Investigation, NAME," */
      while (k > floor + 1 && ws__mention_entity_at(p, k - 1) == org)
        k--;
      if (k > floor + 1)
        k--;
    }
    uint32_t t0 = k;
    while (k > floor + 1 && t0 - k < 6 && tk(p, k)->type == WS__TOK_WORD && outside(tk(p, k)) &&
           !(is_word(p, k, "for") || is_word(p, k, "of") || is_word(p, k, "at") || is_word(p, k, "on")))
      k--; /* "Another delegate on the Cruz slate, NAME," */
    if (!(is_word(p, k, "for") || is_word(p, k, "of") || is_word(p, k, "at") || is_word(p, k, "on")) ||
        !(tk(p, k - 1)->lex & WS__LEX_TITLES) || k - 1 < floor + 1 ||
        !determiner(p, k - 2))
      return false;
    t = k - 1;
  }
  uint32_t r = t;
  while (r > floor && t - r < 6 && tk(p, r - 1)->type == WS__TOK_WORD &&
         outside(tk(p, r - 1)) && !(tk(p, r)->flags & WS__TF_SENT_START) &&
         !(tk(p, r - 1)->lex & (WS__LEX_SPEECH_VERBS | WS__LEX_AUX_ADVERBS)))
    r--;
  memset(np, 0, sizeof *np);
  np->first = r, np->last = end - 1;
  np->entity = e;
  np->has_role = true;
  np->role_first = r, np->role_last = c - 2;
  return true;
}

/* True when the tokens [c, end) are titles followed by one person's name
 * and nothing else but a party tag: "Gov. John Kasich (R-OH)". Such a phrase after a comma is the
 * speaker itself, not an apposition to what comes before the comma. */
static bool titled_name(ws__people *p, uint32_t c, uint32_t end) {
  if (end >= c + 4 && is_punct(p, end - 1, ')') && is_punct(p, end - 3, '('))
    end -= 3; /* "Gov. John Kasich (R-OH)" */
  uint32_t k = c;
  while (k < end && (((tk(p, k)->lex & TITLE_LEX) && ws__mention_entity_at(p, k) < 0) ||
                     is_punct(p, k, '.')))
    k++;
  if (k == c || k >= end)
    return false;
  int32_t e = ws__mention_entity_at(p, k);
  if (e < 0 || ent(p, e)->type != WS__ENT_PERSON)
    return false;
  for (uint32_t j = k + 1; j < end; j++)
    if (ws__mention_entity_at(p, j) != e)
      return false;
  return true;
}

/* When the phrase np is a role set after a person's name and a comma
 * ("Michael Mulgrew, president of the United Federation of Teachers",
 * "Jean-Marc Ayrault, the foreign minister of France"), makes np that
 * person, with the role [np->first, role_last], and returns true. */
static bool name_before_role(ws__people *p, ws__np *np, uint32_t floor, uint32_t role_last) {
  uint32_t f = np->first;
  if (f < floor + 2 || !is_punct(p, f - 1, ',') ||
      (np->entity >= 0 && ent(p, np->entity)->type == WS__ENT_PERSON &&
       ws__mention_entity_at(p, f) == np->entity))
    return false; /* A name already: "Ada Quist, the chair, …" is found the other way. */
  if (!(tk(p, f)->lex & TITLE_LEX) && !determiner(p, f) &&
      !(f + 1 <= role_last && (tk(p, f + 1)->lex & TITLE_LEX)))
    return false; /* Only a role: "president of …", "the foreign minister of …". */
  int32_t who = ws__mention_entity_at(p, f - 2);
  if (who < 0 || ent(p, who)->type == WS__ENT_ORG ||
      (ent(p, who)->type == WS__ENT_UNKNOWN && ent(p, who)->name_last == ent(p, who)->name_first))
    return false; /* A person, or a name of two words the lists do not know: "Ivo Lind". */
  ws__np person;
  if (!ws__np_before(p, f - 2, floor, &person) || person.entity != who)
    return false;
  person.has_role = true;
  person.role_first = f, person.role_last = role_last;
  *np = person;
  ws__entity *x = ent(p, who);
  if (!x->has_role)
    x->has_role = true, x->role_first = f, x->role_last = role_last, p->edits++;
  return true;
}

static bool entourage_of_person(ws__people *p, uint32_t f, uint32_t end, uint32_t floor,
                                ws__np *np);

/* Handles "Name, a spokesperson at DHS," ending at the comma at end. */
static bool appositive_before(ws__people *p, uint32_t end, uint32_t floor, ws__np *np) {
  uint32_t c = end;
  while (c > floor && end - c < MAX_NP && !is_punct(p, c - 1, ',') && outside(tk(p, c - 1)) &&
         !(tk(p, c - 1)->flags & WS__TF_SENT_START))
    c--;
  if (c <= floor + 1 || !is_punct(p, c - 1, ',') || c == end)
    return false;
  if (c + 1 == end && tk(p, c)->type == WS__TOK_NUMBER && c >= floor + 2) {
    /* "Melissa Roloson, 32, said": the age goes with the name. */
    if (!ws__np_before(p, c - 2, floor, np) || np->entity < 0)
      return false;
    np->last = end - 1;
    return true;
  }
  bool relative = is_word(p, c, "who") || is_word(p, c, "which");
  bool titled = (tk(p, c)->lex & TITLE_LEX) ||
                (c + 1 < end && !(tk(p, c)->flags & WS__TF_CAP) && (tk(p, c + 1)->lex & TITLE_LEX));
  if (!relative && !determiner(p, c) && !titled && !possessive(p, c))
    return role_then_name(p, c, end, floor, np); /* "vice president and counsel" is titled. */
  if (titled && titled_name(p, c, end))
    return ws__np_before(p, end - 1, c, np); /* "After winning Ohio, Gov. John Kasich, said" */
  uint32_t before = c - 2; /* The name's end, before an age: "Gavin Hamilton, 23, a student," */
  if (before >= floor + 2 && tk(p, before)->type == WS__TOK_NUMBER && is_punct(p, before - 1, ','))
    before -= 2;
  if (entourage_of_person(p, head_start(p, before, floor), before, floor, np)) {
    np->last = end - 1; /* "Relatives of Maria Lopez, the ferry captain, said" */
    return true;
  }
  if (!ws__np_before(p, before, floor, np) || np->pronoun ||
      (np->entity < 0 && !(relative && np->has_role)))
    return false; /* "The senator, who spoke in Miami, said": a nominal may lead a relative. */
  if (name_before_role(p, np, floor, relative ? before : end - 1)) {
    np->last = end - 1; /* "Michael Mulgrew, president of the union, which represents …, said" */
    return true;
  }
  if (relative) {
    np->last = end - 1; /* "Joseph, who has four children, said" */
    return true;
  }
  np->last = end - 1;
  np->has_role = true;
  np->role_first = c, np->role_last = end - 1;
  ws__entity *x = ent(p, np->entity);
  if (!x->has_role)
    x->has_role = true, x->role_first = c, x->role_last = end - 1, p->edits++;
  return true;
}

/* Fills np for a pronoun at token i. */
static bool pronoun_np(ws__people *p, uint32_t i, ws__np *np) {
  memset(np, 0, sizeof *np);
  np->first = np->last = i;
  np->pronoun = true;
  np->entity = resolve_pronoun(p, i);
  return true;
}

/* Gives an entity the role its phrase carries, when it has none yet. */
static void remember_role(ws__people *p, ws__np *np) {
  if (np->entity < 0 || !np->has_role)
    return;
  ws__entity *x = ent(p, np->entity);
  if (!x->has_role && x->type != WS__ENT_ORG)
    x->has_role = true, x->role_first = np->role_first, x->role_last = np->role_last, p->edits++;
}

/* True for a lower-case word that names a person by what they do, by its
 * ending: recruiter, organizer, economist, consultant, resident, librarian.
 * Used only after a determiner and before a speech verb or an affiliation. */
static bool person_noun(const ws__people *p, uint32_t i) {
  const ws__token *t = tk(p, i);
  size_t n = t->end - t->start;
  if (t->type != WS__TOK_WORD || n < 5 || (t->flags & WS__TF_CAP) ||
      (t->lex & (WS__LEX_FUNCTION_WORDS | WS__LEX_SPEECH_VERBS)))
    return false;
  const char *w = p->view.text + t->end;
  static const char *const ends[] = {"er", "or", "ist", "ant", "ent", "ian"};
  for (size_t k = 0; k < sizeof ends / sizeof ends[0]; k++) {
    size_t m = strlen(ends[k]);
    if (memcmp(w - m, ends[k], m) == 0)
      return true;
  }
  return false;
}

/* The start of "a former recruiter" ending at the person noun at h: up to
 * two adjectives and a determiner, which must be there. Returns fallback
 * when there is no determiner. */
static uint32_t person_phrase_start(const ws__people *p, uint32_t h, uint32_t floor,
                                    uint32_t fallback) {
  for (uint32_t g = h; g > floor && h - g < 3; g--) {
    const ws__token *t = tk(p, g - 1);
    if (determiner(p, g - 1) && outside(t))
      return g - 1;
    if (t->type != WS__TOK_WORD || !outside(t) || (t->flags & WS__TF_CAP) ||
        (t->lex & (WS__LEX_FUNCTION_WORDS | WS__LEX_SPEECH_VERBS)))
      break;
  }
  return fallback;
}

/* True when the word before token k is a preposition, so that a phrase at
 * k is its object: "supporters of the report said" is not the report. */
static bool preposition_before(const ws__people *p, uint32_t k) {
  static const char *const preps[] = {"of", "for", "about", "on", "to", "with", "in", "against"};
  for (size_t i = 0; i < sizeof preps / sizeof preps[0]; i++)
    if (ws__tok_is(&p->view, k - 1, preps[i], strlen(preps[i])))
      return true;
  return false;
}

/* The start of a phrase naming a written source that ends at the noun at h:
 * "the report", "a new Homeland Security memo", "Ivana Trump's brief". Up to
 * four modifiers (names, adjectives) after a determiner or a possessive,
 * which must be there. Returns fallback when there is none. */
static uint32_t document_phrase_start(const ws__people *p, uint32_t h, uint32_t floor,
                                      uint32_t fallback) {
  for (uint32_t g = h; g > floor && h - g < 5; g--) {
    uint32_t k = g - 1;
    const ws__token *t = tk(p, k);
    if (t->type == WS__TOK_NUMBER && outside(t) && t->end - t->start == 4)
      continue; /* A year: "a 2017 review". */
    if (t->type != WS__TOK_WORD || !outside(t))
      break;
    if (determiner(p, k))
      return k > floor && preposition_before(p, k) ? fallback : k;
    if (possessive(p, k)) {
      while (k > floor && (tk(p, k - 1)->flags & WS__TF_CAP) && outside(tk(p, k - 1)) &&
             tk(p, k - 1)->type == WS__TOK_WORD && !(tk(p, k)->flags & WS__TF_SENT_START))
        k--; /* The possessor's whole name: "Ivana Trump's". */
      return (tk(p, k)->flags & WS__TF_CAP) ? k : fallback;
    }
    if (t->lex & (WS__LEX_FUNCTION_WORDS | WS__LEX_SPEECH_VERBS | WS__LEX_AUX_ADVERBS |
                  WS__LEX_BELIEF_VERBS | PRONOUN_LEX))
      break;
  }
  return fallback;
}

/* Resolves a written source [f, h]: the organisation or person named in it
 * speaks through it ("a yearly Gallup poll": Gallup; "Ivana Trump's brief":
 * Ivana Trump, whose role the document does not change); with no name, the
 * phrase is the role of an unnamed source ("the report"). */
static void document_np(ws__people *p, uint32_t f, uint32_t h, ws__np *np) {
  resolve_np(p, f, h, np);
  for (uint32_t k = h; np->entity < 0 && k > f; k--)
    if (tk(p, k - 1)->flags & WS__TF_CAP)
      np->entity = ws__mention_entity_at(p, k - 1);
  np->has_role = np->entity < 0;
  np->role_first = f, np->role_last = h;
}

/* "David French of the National Retail Federation": when the phrase np
 * found is an organisation after "of" and a person's name, the person is
 * the speaker and the organisation part of the mention and the role. */
static void person_of_org(ws__people *p, uint32_t floor, ws__np *np) {
  uint32_t f = np->first;
  if (np->entity < 0 || ent(p, np->entity)->type == WS__ENT_PERSON)
    return; /* An organisation or a place: "Gov. Earl Ray Tomblin of West Virginia". */
  if (f < floor + 2)
    return;
  uint32_t of = f - 1;
  if (is_word(p, of, "the") && of > floor + 1)
    of--;
  if (!is_word(p, of, "of"))
    return;
  int32_t e = ws__mention_entity_at(p, of - 1);
  const ws__token *r = tk(p, of - 1);
  if (e < 0 && r->type == WS__TOK_WORD && outside(r) && !(r->flags & WS__TF_CAP) &&
      ent(p, np->entity)->type == WS__ENT_ORG &&
      (r->lex & (TITLE_LEX | WS__LEX_GROUP_NOUNS | WS__LEX_ORG_WORDS))) {
    /* "The editorial board of the Harbour Gazette": the organisation speaks
     * through the group or the office before "of", which is the role. */
    uint32_t g = person_phrase_start(p, of - 1, floor, of - 1);
    np->has_role = true;
    np->role_first = g, np->role_last = of - 1;
    np->first = g;
    return;
  }
  if (e < 0 || ent(p, e)->type != WS__ENT_PERSON)
    return;
  uint32_t g = of - 1;
  while (g > floor && ws__mention_entity_at(p, g - 1) == e)
    g--;
  uint32_t t = g; /* The person's titles: "Gov." */
  while (t > floor && (tk(p, t - 1)->lex & TITLE_LEX) && outside(tk(p, t - 1)))
    t--;
  while (t > floor + 1 && is_punct(p, t - 1, '.') && (tk(p, t - 2)->lex & TITLE_LEX) &&
         tk(p, t - 2)->end == tk(p, t - 1)->start)
    t -= 2;
  if (ent(p, np->entity)->type == WS__ENT_ORG)
    np->has_role = true, np->role_first = of + 1, np->role_last = np->last;
  else /* A place is no role; the titles are. */
    np->has_role = t < g, np->role_first = t, np->role_last = g - 1;
  np->first = t;
  np->entity = e;
}

/* "China's ambassador to Britain Liu Xiaoming": when a person's phrase np
 * starts with a title's complement after "to", "of" or "for", the title and
 * what leads it belong to the mention and the role. */
static void title_before_complement(ws__people *p, uint32_t floor, ws__np *np) {
  uint32_t j = np->first;
  while (j > floor && np->first - j < 3 && (tk(p, j - 1)->flags & WS__TF_CAP) &&
         name_word(p, j - 1) && ws__mention_entity_at(p, j - 1) != np->entity)
    j--; /* The complement may lie before the mention: "to Britain". */
  if (np->entity < 0 || j < floor + 2 || !(tk(p, j - 2)->lex & TITLE_LEX) ||
      !(is_word(p, j - 1, "to") || is_word(p, j - 1, "of") || is_word(p, j - 1, "for")))
    return;
  uint32_t g = head_start(p, j - 2, floor);
  if (g > j - 2)
    g = j - 2;
  if (g > floor && possessive(p, g - 1)) {
    g--; /* "China's ambassador" */
    while (g > floor && (tk(p, g - 1)->flags & WS__TF_CAP) && name_word(p, g - 1))
      g--;
  }
  uint32_t rl = j;
  for (uint32_t k = j; k <= np->last; k++)
    if (ws__mention_entity_at(p, k) == np->entity) {
      rl = k - 1; /* The role runs up to the name. */
      break;
    }
  np->has_role = true;
  np->role_first = g, np->role_last = rl;
  np->first = g;
}

/* True when tokens i - 1 and i are "close to" or "familiar with". */
static bool near_phrase(const ws__people *p, uint32_t i) {
  return (is_word(p, i, "to") && is_word(p, i - 1, "close")) ||
         (is_word(p, i, "with") && is_word(p, i - 1, "familiar"));
}

/* "A source close to Trump", "people familiar with the talks": an unnamed
 * source described by whom it is near, ending at token end. Sets the whole
 * phrase as mention and role, with no entity, and returns true; false when
 * the words before end are not so. */
static bool close_to_phrase(ws__people *p, uint32_t end, uint32_t floor, ws__np *np) {
  uint32_t k = end;
  while (k > floor + 2 && end - k < 6 && tk(p, k)->type == WS__TOK_WORD && outside(tk(p, k)) &&
         !near_phrase(p, k - 1))
    k--;
  if (k <= floor + 2 || !near_phrase(p, k - 1))
    return false;
  uint32_t h = k - 3; /* The head noun: "source", "people", "officials". */
  const ws__token *t = tk(p, h);
  if (t->type != WS__TOK_WORD || !outside(t) || (t->lex & (WS__LEX_FUNCTION_WORDS | PRONOUN_LEX)))
    return false;
  uint32_t f = h;
  while (f > floor && h - f < 3 && tk(p, f - 1)->type == WS__TOK_WORD && outside(tk(p, f - 1)) &&
         !(tk(p, f - 1)->lex & (WS__LEX_FUNCTION_WORDS | WS__LEX_SPEECH_VERBS | PRONOUN_LEX)) &&
         !determiner(p, f))
    f--;
  if (f > floor && determiner(p, f - 1) && !determiner(p, f))
    f--;
  np->first = f, np->last = end;
  np->entity = -1;
  np->has_role = true;
  np->role_first = f, np->role_last = end;
  return true;
}

/* True when the word at i is in the rare word class r (WS__LEXR_*, the
 * lists of data/lexicon/rare/). */
static bool rare_word(const ws__people *p, uint32_t i, unsigned r) {
  const ws__token *t = tk(p, i);
  if (t->type != WS__TOK_WORD)
    return false;
  const ws__lex_entry *e = ws__lex_find(p->view.text + t->start, t->end - t->start);
  return e && (e->rare & r);
}

/* True for a noun of kinship or association at i, singular or plural:
 * "friends", "an adviser", "relatives", "China's ambassador", "members".
 * Whom such a noun names with "of" or "to" is not who speaks, a person or
 * an organisation alike ("members of Congress", "the wife of Sen. Jones"). */
static bool associate_noun(const ws__people *p, uint32_t i) {
  return rare_word(p, i, WS__LEXR_ASSOCIATE_NOUNS);
}

/* "Aides to Clinton", "allies of Trump", "supporters of Sanders", "a
 * senior adviser to Gov. Holt", "members of Congress": a group before "to"
 * or "of" and a name [f, end] speaks for itself, not for the name. Fills np
 * as an unnamed role over the whole phrase. Any other group of an
 * organisation ("officials of the Treasury") is left to the caller: they
 * speak for it. */
static bool entourage_of_person(ws__people *p, uint32_t f, uint32_t end, uint32_t floor,
                                ws__np *np) {
  int32_t e = ws__mention_entity_at(p, end);
  if (e < 0)
    return false;
  uint32_t k = end; /* Back over the name and its titles to "of" or "to". */
  while (k > floor && k + 1 > f && ws__mention_entity_at(p, k) == e)
    k--;
  while (k > floor && k + 1 > f && outside(tk(p, k)) &&
         ((tk(p, k)->lex & (TITLE_LEX | HONORIFIC_LEX)) ||
          (is_punct(p, k, '.') && (tk(p, k - 1)->lex & HONORIFIC_LEX))))
    k--; /* "Gov.", "Governor" */
  if (k < floor + 1 || k + 1 < f || !(is_word(p, k, "to") || is_word(p, k, "of")))
    return false;
  const ws__token *g = tk(p, k - 1);
  size_t n = g->end - g->start;
  if (!outside(g))
    return false;
  bool group = (g->lex & WS__LEX_GROUP_NOUNS) && n >= 4 && p->view.text[g->end - 1] == 's' &&
               ent(p, e)->type != WS__ENT_ORG && k == f - 1;
  if (!group && (!associate_noun(p, k - 1) ||
                 ((g->flags & WS__TF_CAP) && !(g->flags & WS__TF_SENT_START))))
    return false;
  uint32_t h = f < k - 1 ? f : person_phrase_start(p, k - 1, floor, k - 1);
  np->first = h, np->last = end;
  np->entity = -1;
  np->has_role = true;
  np->role_first = h, np->role_last = end;
  return true;
}

static bool role_word(const ws__people *p, uint32_t k);
static bool person_at(const ws__people *p, uint32_t i);

/* True when a phrase starting at token b opens its clause: at the floor,
 * a sentence start, or after a comma, colon, dash or parenthesis. */
static bool clause_opens(const ws__people *p, uint32_t b, uint32_t floor) {
  if (b > floor && !(tk(p, b)->flags & WS__TF_SENT_START) && is_word(p, b - 1, "as"))
    b--; /* "As the Post's NAME wrote": one "as" at most. */
  if (b == floor || (tk(p, b)->flags & WS__TF_SENT_START))
    return true;
  const ws__token *t = tk(p, b - 1);
  if (t->type == WS__TOK_PUNCT)
    return !is_punct(p, b - 1, '.') && !is_punct(p, b - 1, ')');
  return false;
}

/* The start of the words that lead the head [f, ..] of a speaker phrase
 * and describe it, when they open their clause: lower-case role words
 * before a person's name ("chief rival NAME", "County freeholder NAME"),
 * and a possessive with its modifiers ("Trump's
 * potential running mate", "Sanders' campaign", "The British capital's new
 * mayor"). Returns f when there are none. */
static uint32_t leading_role_start(const ws__people *p, uint32_t f, uint32_t floor,
                                   uint32_t *owner_at) {
  *owner_at = UINT32_MAX;
  if (f <= floor)
    return f;
  bool person = person_at(p, f);
  uint32_t b = f, low = 0, caps = 0;
  while (b > floor && low < 3 && role_word(p, b - 1) && !possessive(p, b - 1))
    b--, low++;
  if (person && low > 0 && !(tk(p, f - 1)->lex & TITLE_LEX) && !person_noun(p, f - 1) &&
      !is_word(p, f - 1, "hopeful") && !is_word(p, f - 1, "rival"))
    return f; /* The word before the name heads no role. */
  while (b > floor && caps < 3 && name_word(p, b - 1) && !possessive(p, b - 1) &&
         !(tk(p, b)->flags & WS__TF_SENT_START))
    b--, caps++;
  bool owner = false;
  uint32_t q = b;
  if (q > floor + 1 && tk(p, q - 1)->type != WS__TOK_WORD && tk(p, q - 1)->start == tk(p, q - 2)->end &&
      possessive(p, q - 2))
    q--; /* The lone apostrophe of "Sanders' campaign". */
  if (q > floor && possessive(p, q - 1) && outside(tk(p, q - 1)) &&
      !(tk(p, q)->flags & WS__TF_SENT_START)) {
    b = q - 1, owner = true; /* "Trump's", "capital's" */
    *owner_at = b;
    while (b > floor && caps < 4 && name_word(p, b - 1) && !(tk(p, b)->flags & WS__TF_SENT_START))
      b--, caps++;
  }
  if (b > floor && determiner(p, b - 1) && !(tk(p, b)->flags & WS__TF_SENT_START))
    b--;
  if (!(person ? low > 0 || owner : owner) || !clause_opens(p, b, floor)) {
    *owner_at = UINT32_MAX;
    return f;
  }
  return b;
}

/* True when the phrase [f, end] is a possessive name followed by a noun of
 * kinship or association that is no mention of entity e: "Rudolph's
 * supporters", "Ford's father", "Mayor Ortiz's friends" (the name may be a
 * mention of e or of an entity merged into it). */
static bool owned_associate(const ws__people *p, uint32_t f, uint32_t end, int32_t e) {
  const ws__token *t = tk(p, end);
  if (end <= f || !outside(t) || (t->flags & WS__TF_CAP) || ws__mention_entity_at(p, end) == e ||
      !associate_noun(p, end))
    return false;
  return ws__owned_by_name(p, f, end);
}

bool ws__owned_by_name(const ws__people *p, uint32_t f, uint32_t head) {
  if (head <= f)
    return false;
  uint32_t k = head - 1; /* The lone apostrophe of "Sanders' friends" is a token. */
  if (k > f && tk(p, k)->type != WS__TOK_WORD)
    k--;
  return possessive(p, k) && ws__mention_entity_at(p, k) >= 0;
}

/* The document noun that a phrase starting at f qualifies through "in",
 * "of", "among", "involving" or "with" ("study" in "a study in 50 people
 * with the disorder", "survey" in "a survey of 1,000 voters"), looking back
 * at most eight tokens; UINT32_MAX when there is none. */
static uint32_t study_before(const ws__people *p, uint32_t f, uint32_t floor) {
  for (uint32_t k = f; k > floor + 1 && f - k < 8; k--) {
    const ws__token *t = tk(p, k - 1);
    if (!outside(t) || (t->type != WS__TOK_WORD && t->type != WS__TOK_NUMBER) ||
        (t->lex & (WS__LEX_SPEECH_VERBS | WS__LEX_AUX_ADVERBS | WS__LEX_BELIEF_VERBS | PRONOUN_LEX)))
      return UINT32_MAX;
    bool prep = is_word(p, k - 1, "in") || is_word(p, k - 1, "of") || is_word(p, k - 1, "among") ||
                is_word(p, k - 1, "involving") || is_word(p, k - 1, "with");
    if (!prep)
      continue;
    const ws__token *d = tk(p, k - 2);
    if (d->type == WS__TOK_WORD && outside(d) && !(d->flags & WS__TF_CAP) &&
        (d->lex & WS__LEX_DOCUMENT_NOUNS))
      return k - 2;
  }
  return UINT32_MAX;
}

bool ws__np_before(ws__people *p, uint32_t end, uint32_t floor, ws__np *np) {
  if (end < floor || end >= p->view.ntok)
    return false;
  memset(np, 0, sizeof *np);
  np->entity = -1;
  const ws__token *t = tk(p, end);
  if (t->type == WS__TOK_WORD && (is_word(p, end, "i") || is_word(p, end, "we")) && outside(t) &&
      ws__mention_entity_at(p, end) < 0) {
    /* "I told Megyn Kelly that …", "We also found that …": the writer or the
     * publication, unnamed. */
    np->first = np->last = end;
    np->pronoun = true;
    return true;
  }
  if (t->type == WS__TOK_WORD && (t->lex & PRONOUN_LEX) && outside(t) &&
      !is_word(p, end, "her") && !is_word(p, end, "his") && !is_word(p, end, "its") &&
      !is_word(p, end, "their") && !is_word(p, end, "him") && !is_word(p, end, "them") &&
      !is_word(p, end, "us") && !(t->flags & WS__TF_ALLCAPS))
    return pronoun_np(p, end, np); /* "US" is the country. */
  if (is_punct(p, end, ','))
    return appositive_before(p, end, floor, np);
  uint32_t last = end;
  if (is_punct(p, end, ')') && end >= floor + 3 && is_punct(p, end - 2, '(') &&
      (tk(p, end - 1)->flags & WS__TF_ALLCAPS))
    end -= 3; /* "(DHS)" */
  uint32_t f = head_start(p, end, floor);
  if (f > end && outside(tk(p, end)) && person_noun(p, end) &&
      !(tk(p, end)->lex & WS__LEX_DOCUMENT_NOUNS))
    f = person_phrase_start(p, end, floor, f); /* "a former recruiter" */
  else if (f > end && outside(tk(p, end)) && (tk(p, end)->lex & WS__LEX_DOCUMENT_NOUNS) &&
           !(tk(p, end)->flags & WS__TF_CAP)) {
    f = document_phrase_start(p, end, floor, f); /* "the report", "a Pentagon memo" */
    if (f <= end) {
      np->first = f, np->last = last;
      document_np(p, f, end, np);
      return true;
    }
  }
  uint32_t study = study_before(p, f <= end ? f : end, floor);
  if (study != UINT32_MAX && ws__mention_entity_at(p, end) >= 0 && f <= end && study + 3 >= f)
    study = UINT32_MAX; /* "a report in the Des Moines Register" is the paper's. */
  uint32_t g = study != UINT32_MAX ? document_phrase_start(p, study, floor, study) : 0;
  if (study != UINT32_MAX &&
      (g == floor || (tk(p, g)->flags & WS__TF_SENT_START) || tk(p, g - 1)->type != WS__TOK_WORD)) {
    /* "One small study in 50 people with the disorder found", "A survey of
     * voters found": the study speaks, not the people it looked at (when
     * the phrase opens its clause: not "which obtained a video of …"). */
    document_np(p, g, study, np);
    np->first = g, np->last = last;
    np->role_first = g, np->role_last = end;
    return true;
  }
  if (f > end || (f >= floor + 3 && near_phrase(p, f - 1)))
    return close_to_phrase(p, end, floor, np); /* "people familiar with the talks" */
  if (f >= floor + 2 && (is_word(p, f - 1, "at") || is_word(p, f - 1, "for")) &&
      (tk(p, f - 2)->lex & TITLE_LEX) && outside(tk(p, f - 2)))
    f = head_start(p, f - 2, floor); /* "a spokesperson at DHS" */
  else if (f >= floor + 3 && (is_word(p, f - 1, "in") || is_word(p, f - 1, "at") ||
                              is_word(p, f - 1, "from") || is_word(p, f - 1, "with")) &&
           outside(tk(p, f - 2)) && person_noun(p, f - 2))
    f = person_phrase_start(p, f - 2, floor, f); /* "a former recruiter in the Dublin office" */
  if (entourage_of_person(p, f, end, floor, np))
    return true; /* "Aides to Clinton say": not Clinton. */
  uint32_t owner;
  f = leading_role_start(p, f, floor, &owner);
  np->first = f, np->last = last;
  resolve_np(p, f, end, np);
  if (owner != UINT32_MAX && np->entity >= 0 && ws__mention_entity_at(p, end) != np->entity &&
      !(tk(p, end)->lex & WS__LEX_ORG_WORDS) && !spokesperson_word(p, end)) {
    np->entity = -1; /* "Ford's late father" is not Ford; "China's ministry" speaks for China. */
    np->has_role = true, np->role_first = f, np->role_last = end;
  }
  if (np->entity >= 0 && owned_associate(p, f, end, np->entity)) {
    np->entity = -1; /* "Rudolph's supporters", "Ford's father": not Rudolph, not Ford. */
    np->has_role = true, np->role_first = f, np->role_last = end;
  }
  person_of_org(p, floor, np);
  title_before_complement(p, floor, np);
  if (np->entity < 0 || ws__mention_entity_at(p, end) == np->entity)
    remember_role(p, np); /* Not "lawyer" for Brennan from "Brennan's lawyer". */
  return true;
}

/* True when the words at i can open an apposition: not a relative pronoun,
 * a verb or a pronoun. */
static bool appositive_start(const ws__people *p, uint32_t i) {
  const ws__token *t = tk(p, i);
  if (t->type != WS__TOK_WORD || !outside(t))
    return false;
  if (determiner(p, i) || (t->lex & TITLE_LEX) || possessive(p, i) || (t->flags & WS__TF_CAP))
    return true;
  /* "now a consultant on Burma", "of Mayfield Memorial Church". */
  if (i + 1 < p->view.ntok && outside(tk(p, i + 1)) &&
      (((is_word(p, i, "now") || is_word(p, i, "then")) &&
        (determiner(p, i + 1) || (tk(p, i + 1)->lex & TITLE_LEX))) ||
       ((is_word(p, i, "of") || is_word(p, i, "from")) && (tk(p, i + 1)->flags & WS__TF_CAP))))
    return true;
  if (t->lex & (WS__LEX_FUNCTION_WORDS | WS__LEX_SPEECH_VERBS | PRONOUN_LEX | WS__LEX_AUX_ADVERBS))
    return false;
  if ((t->lex & (WS__LEX_GROUP_NOUNS | WS__LEX_ORG_WORDS)) || is_word(p, i, "head") ||
      is_word(p, i, "chief") || is_word(p, i, "member") || is_word(p, i, "author"))
    return true;
  /* A title after a few modifiers: "vice chairwoman for …", "senior
   * counsel in …", "former economic adviser to …", "co-director of …". */
  for (uint32_t j = i; j < p->view.ntok && j - i < 5; j++) {
    const ws__token *u = tk(p, j);
    if (u->type != WS__TOK_WORD || !outside(u) || (j == i && (u->flags & WS__TF_CAP)))
      return false;
    if ((u->lex & TITLE_LEX) || (j > i && person_noun(p, j)))
      return true;
    if (j == i && person_noun(p, j) && j + 1 < p->view.ntok &&
        (is_word(p, j + 1, "of") || is_word(p, j + 1, "at") || is_word(p, j + 1, "for")))
      return true; /* "co-director of …", "co-founder of …" */
    if (j > i && is_word(p, j, "and"))
      continue; /* "research and policy director of …" */
    if (u->flags & WS__TF_CAP)
      continue; /* "former White House press secretary" */
    if (u->lex & (WS__LEX_FUNCTION_WORDS | WS__LEX_SPEECH_VERBS | WS__LEX_BELIEF_VERBS |
                  PRONOUN_LEX | WS__LEX_AUX_ADVERBS))
      return false;
    if (j + 1 < p->view.ntok && is_punct(p, j + 1, '-'))
      j++; /* "co-director": the hyphen joins two words. */
  }
  return false;
}

/* The state after a city and the comma at token c ("Tampa, Fla.,",
 * "Brownsville, Texas,"): its last token, with an abbreviation's period,
 * when a comma or the end of the clause follows it; else 0. */
static uint32_t state_after_city(const ws__people *p, uint32_t c, uint32_t ceil) {
  if (c == 0 || !name_word(p, c - 1) || c + 1 >= ceil)
    return 0;
  uint32_t k = c + 1;
  int32_t e = ws__mention_entity_at(p, k);
  if (!name_word(p, k) || possessive(p, k) || (e >= 0 && ws__entity_type(p, e) == WS__ENT_PERSON))
    return 0; /* "Tampa, Fla.", not "Tampa, Ana Ruiz" */
  if (k + 1 < ceil && name_word(p, k + 1) && !possessive(p, k + 1))
    k++; /* "New Mexico" */
  if (k + 1 < ceil && is_punct(p, k + 1, '.') && tk(p, k + 1)->start == tk(p, k)->end &&
      (tk(p, k)->lex & WS__LEX_ABBREVIATIONS))
    k++; /* "Fla." */
  if (k + 2 < ceil && (is_word(p, k + 2, "and") || is_word(p, k + 2, "or")))
    return 0; /* A list: "Boeing Defense, Space, and Security". */
  return k + 1 >= ceil || is_punct(p, k + 1, ',') ? k : 0;
}

/* The last token of a phrase that follows the comma at a: up to the next
 * comma, semicolon or sentence end, a quotation, or ceil. A state after a
 * city stays in: "a broker based in Tampa, Fla.". */
static uint32_t phrase_end(const ws__people *p, uint32_t a, uint32_t ceil) {
  uint32_t e = a + 1;
  int depth = 0; /* A ')' with no '(' in the phrase closes a parenthesis around it. */
  for (;;) {
    while (e + 1 < ceil && e - a < MAX_NP + 10 && !is_punct(p, e + 1, ',') &&
           !(is_punct(p, e + 1, '.') && !name_period(p, e + 1)) && !is_punct(p, e + 1, ';') &&
           !(is_punct(p, e + 1, ')') && depth == 0) && outside(tk(p, e + 1))) {
      e++;
      depth += is_punct(p, e, '(') - is_punct(p, e, ')');
    }
    uint32_t st = e + 1 < ceil && is_punct(p, e + 1, ',') && e > a + 1 ? state_after_city(p, e + 1, ceil) : 0;
    if (!st || st - a >= MAX_NP + 10)
      return e;
    e = st;
  }
}

/* The last token of a short parenthetical right after token l, such as a
 * party tag "(D-N.C.)" or "(R)", or l when there is none. */
static uint32_t party_tag_end(const ws__people *p, uint32_t l, uint32_t ceil) {
  if (l + 3 >= ceil || !is_punct(p, l + 1, '('))
    return l;
  for (uint32_t j = l + 2; j < ceil && j - l < 9; j++) {
    if (!outside(tk(p, j)) || is_punct(p, j, '('))
      return l;
    if (is_punct(p, j, ')'))
      return j > l + 2 && (tk(p, l + 2)->flags & WS__TF_CAP) ? j : l;
  }
  return l;
}

/* The age after a name ending at token l, ", 32", when a comma follows it
 * ("Melissa Roloson, 32, of Sodus"): its last token, or l when there is
 * none. */
static uint32_t age_end(const ws__people *p, uint32_t l, uint32_t ceil) {
  if (l + 3 < ceil && is_punct(p, l + 1, ',') && tk(p, l + 2)->type == WS__TOK_NUMBER &&
      outside(tk(p, l + 2)) && tk(p, l + 2)->end - tk(p, l + 2)->start <= 3 &&
      is_punct(p, l + 3, ','))
    return l + 2;
  return l;
}

static bool lower_title_name(ws__people *p, uint32_t start, uint32_t ceil, ws__np *np);
static bool person_at(const ws__people *p, uint32_t i);

/* True for a lower-case word outside quotations that can modify or head a
 * role: no function word, verb, pronoun or adverb. */
static bool role_word(const ws__people *p, uint32_t k) {
  const ws__token *t = tk(p, k);
  return t->type == WS__TOK_WORD && outside(t) && !(t->flags & WS__TF_CAP) &&
         !(t->lex & (WS__LEX_FUNCTION_WORDS | WS__LEX_SPEECH_VERBS | WS__LEX_BELIEF_VERBS |
                     PRONOUN_LEX | WS__LEX_AUX_ADVERBS));
}

/* "one former GOP leadership aide": the capitalised words [.., l] and the
 * lower-case words up to the title at k make one role phrase [start, k]
 * when no name follows. Resolves it (a spokesperson of a named body
 * speaks for it); before ", NAME" the name is left to the caller. */
static bool modifier_role(ws__people *p, uint32_t start, uint32_t k, uint32_t ceil, ws__np *np) {
  bool end = k + 1 >= ceil || tk(p, k + 1)->type == WS__TOK_PUNCT;
  bool named = k + 2 < ceil && is_punct(p, k + 1, ',') && person_at(p, k + 2);
  if (!end && !(tk(p, k + 1)->lex & (WS__LEX_FUNCTION_WORDS | WS__LEX_SPEECH_VERBS)))
    return false;
  if (!(tk(p, k)->lex & (TITLE_LEX | WS__LEX_GROUP_NOUNS)) && !named &&
      !(end && person_noun(p, k)))
    return false; /* "said Ruiz earlier": no role. */
  for (uint32_t j = start; j < k; j++) {
    const ws__token *t = tk(p, j);
    if (t->end - t->start > 4 && !(t->flags & WS__TF_CAP) && !has_hyphen(&p->view, t) &&
        memcmp(p->view.text + t->end - 2, "ed", 2) == 0 && j > start)
      return false; /* A verb: "said the Ruiz family deserved better". */
  }
  memset(np, 0, sizeof *np);
  np->first = start, np->last = k;
  resolve_np(p, start, k, np);
  if (named) {
    np->entity = -1; /* "another Twitter user, Ana Ruiz": the name speaks, with the whole role. */
    np->has_role = true, np->role_first = start, np->role_last = k;
  }
  return true;
}

/* After the capitalised words [start, l]: up to three lower-case words that
 * end in a title, then a person's name: "Republican presidential hopeful
 * Donald Trump", "Cruz constituent Dan Golvach", "Idaho supplement
 * executive NAME", "Air Force 1st Lt. NAME". Makes the name the speaker and
 * the words before it the role; with no name after the title, the whole
 * phrase is a role (modifier_role). Returns false when the text is not so. */
static bool modifier_title_name(ws__people *p, uint32_t start, uint32_t l, uint32_t ceil,
                                ws__np *np) {
  uint32_t k0 = l + 1;
  if (k0 + 1 < ceil && is_punct(p, k0, '.') && tk(p, k0)->start == tk(p, l)->end)
    k0++; /* "a former U.S. law enforcement official" */
  ws__np low;
  memset(&low, 0, sizeof low); /* lower_title_name sets only what it finds. */
  if (k0 < ceil && (tk(p, k0)->type == WS__TOK_NUMBER || role_word(p, k0)) &&
      lower_title_name(p, k0, ceil, &low)) {
    *np = low; /* "Air Force 1st Lt. NAME", "Idaho nutritional-supplement executive NAME" */
    np->first = np->role_first = start;
    return true;
  }
  for (uint32_t k = k0; k + 1 < ceil && k - l <= 4; k++) {
    const ws__token *t = tk(p, k);
    if (!role_word(p, k))
      return false;
    bool named = k + 2 < ceil && is_punct(p, k + 1, ',') && person_at(p, k + 2);
    if (!(t->lex & TITLE_LEX) && !person_noun(p, k) && !is_word(p, k, "hopeful") && !named)
      continue; /* But "another Twitter user, NAME" */
    int32_t e = ws__mention_entity_at(p, k + 1);
    if (e < 0 && role_word(p, k + 1))
      continue; /* "supplement executive": the first was a modifier. */
    if (e < 0)
      return modifier_role(p, start, k, ceil, np);
    if (ent(p, e)->type == WS__ENT_ORG)
      return false;
    uint32_t last = k + 1;
    while (last + 1 < ceil && ws__mention_entity_at(p, last + 1) == e)
      last++;
    np->entity = e;
    np->last = last;
    np->has_role = true;
    np->role_first = start, np->role_last = k;
    return true;
  }
  return false;
}

/* From token start, a lower-case word: up to three more words (lower-case
 * modifiers or capitalised places) that end in a title, then a person's
 * name: "former Utah governor Michael Leavitt", "senior adviser Jane Roe".
 * Makes the name the speaker and the words before it the role; returns
 * false when the text is not so. */
static bool lower_title_name(ws__people *p, uint32_t start, uint32_t ceil, ws__np *np) {
  if (((tk(p, start)->flags & WS__TF_CAP) && !lower_compound(p, start) && !party_word(p, start) &&
       !(start + 1 < ceil && lower_compound(p, start + 1))) ||
      determiner(p, start))
    return false; /* "said Australian-born chief executive NAME", "said Republican party boss NAME" */
  for (uint32_t k = start; k + 1 < ceil && k - start < 8; k++) {
    const ws__token *t = tk(p, k);
    bool number = t->type == WS__TOK_NUMBER && outside(t) && k < start + 3;
    if (number && ws__mention_entity_at(p, k + 1) >= 0 &&
        ent(p, ws__mention_entity_at(p, k + 1))->type == WS__ENT_PERSON && t->end - t->start > 4)
      ; /* "said 43-year-old Martin Taylor": the age is the role. */
    else if (number || (k < start + 3 && (is_punct(p, k, '/') || is_punct(p, k, '-')) &&
                        k > start && tk(p, k - 1)->type == WS__TOK_NUMBER))
      continue; /* "said 9/11 widow Terry Strada" */
    else if (k > start && k + 1 < ceil && (is_word(p, k, "of") || is_word(p, k, "for")) &&
             tk(p, k + 1)->type == WS__TOK_WORD &&
             (((tk(p, k - 1)->lex & TITLE_LEX) && k > start + 1) ||
              !(tk(p, k + 1)->flags & WS__TF_CAP)))
      continue; /* "former secretary of state NAME", "master of ceremonies NAME" */
    else if (k > start && ((is_punct(p, k, '.') && tk(p, k - 1)->end == t->start &&
                            (tk(p, k - 1)->flags & WS__TF_CAP)) ||
                           ((t->flags & WS__TF_CAP) && (t->lex & TITLE_LEX))))
      ; /* "said retired Gen. Mick Bednarek", "former Sen. Ada Quist": a title. */
    else if (t->type != WS__TOK_WORD || !outside(t) ||
             (t->lex & (WS__LEX_FUNCTION_WORDS | WS__LEX_SPEECH_VERBS | WS__LEX_BELIEF_VERBS |
                        PRONOUN_LEX | WS__LEX_AUX_ADVERBS)))
      return false;
    /* Any lower-case noun right before a person's name heads the role:
     * "widow", "voter", "governor", "secretary of state" (not "Martin" in
     * "43-year-old Martin Taylor"). */
    if ((t->flags & WS__TF_CAP) && !(t->lex & TITLE_LEX) && !party_word(p, k))
      continue; /* But "ranking Democrat NAME" */
    int32_t e = ws__mention_entity_at(p, k + 1);
    if (e < 0 || ent(p, e)->type == WS__ENT_ORG ||
        (ent(p, e)->type == WS__ENT_UNKNOWN && ent(p, e)->name_last == ent(p, e)->name_first))
      continue; /* "former" is a title word too, and "Utah" no person ("Anne-Marie Slaughter" is). */
    uint32_t last = k + 1;
    while (last + 1 < ceil && ws__mention_entity_at(p, last + 1) == e)
      last++;
    if (last + 1 < ceil && (tk(p, last + 1)->flags & WS__TF_CAP) &&
        (tk(p, last + 1)->lex & TITLE_LEX))
      continue; /* A place before a title: "former South Carolina Gov. NAME". */
    uint32_t j = last + 1;
    while (j < ceil && j - last <= 3 && role_word(p, j) &&
           ((tk(p, j)->lex & TITLE_LEX) || person_noun(p, j) || j == last + 1))
      j++;
    if (j > last + 1 && j < ceil && person_at(p, j) &&
        ((tk(p, j - 1)->lex & TITLE_LEX) || person_noun(p, j - 1)))
      continue; /* A person before a title: "former Obama adviser NAME". */
    np->entity = e;
    np->first = start, np->last = last;
    np->has_role = true;
    np->role_first = start, np->role_last = k;
    return true;
  }
  return false;
}

/* True when token i is part of a mention of a person. */
static bool person_at(const ws__people *p, uint32_t i) {
  int32_t e = ws__mention_entity_at(p, i);
  return e >= 0 && ws__entity_type(p, e) == WS__ENT_PERSON;
}

/* After a cue, a possessive name, lower-case title words and a person's
 * name: "said Clinton’s top foreign policy aide Jake Sullivan". The person
 * is the speaker and the words before the name the role. */
static bool possessive_title_name(ws__people *p, uint32_t start, uint32_t ceil, ws__np *np) {
  if (start + 2 >= ceil || !possessive(p, start) || ws__mention_entity_at(p, start) < 0)
    return false;
  uint32_t k = lower_words_end(p, start + 1, ceil, start + 5);
  int32_t e = k < ceil ? ws__mention_entity_at(p, k) : -1;
  if (k == start + 1 || e < 0 || ent(p, e)->type != WS__ENT_PERSON)
    return false;
  uint32_t last = k;
  while (last + 1 < ceil && ws__mention_entity_at(p, last + 1) == e)
    last++;
  memset(np, 0, sizeof *np);
  np->first = start, np->last = last;
  np->entity = e;
  np->has_role = true;
  np->role_first = start, np->role_last = k - 1;
  return true;
}

/* True when np is an unnamed source after a cue: a determiner and a
 * description, no person's name at its end ("a source", "one Republican",
 * "a longtime GOP data expert"). */
static bool unnamed_head(const ws__people *p, const ws__np *np) {
  if (np->pronoun || !np->has_role || !(determiner(p, np->first) || is_word(p, np->first, "one")))
    return false;
  return !person_at(p, np->last);
}

/* True when the words at token a go on describing an unnamed source: a
 * relative clause ("who was not authorized to speak"), a participle and
 * its preposition ("involved in the planning", "speaking on condition of
 * anonymity") or "with knowledge of", "inside Trump Tower", "from
 * Hanover". A past tense with an object ("said the agency returned the
 * gun") is a reported clause, not a description. */
static bool describes_source(const ws__people *p, uint32_t a, uint32_t ceil) {
  const ws__token *t = tk(p, a);
  if (t->type != WS__TOK_WORD || !outside(t) || (t->flags & WS__TF_CAP) || a + 1 >= ceil)
    return false;
  if (is_word(p, a, "who") || is_word(p, a, "inside") || is_word(p, a, "with") ||
      is_word(p, a, "from"))
    return true;
  static const char *const preps[] = {"in", "on", "by", "with", "at", "for", "from", "about"};
  bool prep = false;
  for (size_t i = 0; i < sizeof preps / sizeof preps[0]; i++)
    prep |= ws__tok_is(&p->view, a + 1, preps[i], strlen(preps[i]));
  size_t n = t->end - t->start;
  const char *w = p->view.text + t->end;
  return prep && n > 5 && (memcmp(w - 2, "ed", 2) == 0 || memcmp(w - 3, "ing", 3) == 0) &&
         !(t->lex & (WS__LEX_FUNCTION_WORDS | WS__LEX_SPEECH_VERBS | WS__LEX_AUX_ADVERBS));
}

bool ws__np_after(ws__people *p, uint32_t start, uint32_t ceil, ws__np *np) {
  if (start >= ceil)
    return false;
  if (possessive_title_name(p, start, ceil, np))
    return true;
  if (start + 2 < ceil && is_word(p, start + 1, "of") &&
      (is_word(p, start, "one") || is_word(p, start, "some") || is_word(p, start, "two") ||
       is_word(p, start, "several") || is_word(p, start, "many") || is_word(p, start, "most")) &&
      ws__np_after(p, start + 2, ceil, np) && !np->pronoun) {
    np->first = start; /* "said one of those advisers" */
    if (np->entity < 0 || np->has_role)
      np->has_role = true, np->role_first = start;
    return true;
  }
  memset(np, 0, sizeof *np);
  np->entity = -1;
  const ws__token *t = tk(p, start);
  if ((is_word(p, start, "his") || is_word(p, start, "her") || is_word(p, start, "their")) &&
      start + 2 < ceil && !(tk(p, start + 1)->flags & WS__TF_CAP) &&
      lower_title_name(p, start + 1, ceil, np)) {
    np->first = np->role_first = start; /* "said his cousin Karim el Soheil" */
    return true;
  }
  if (t->type == WS__TOK_WORD && (t->lex & PRONOUN_LEX) && outside(t))
    return pronoun_np(p, start, np);
  uint32_t h = start;
  if (determiner(p, h))
    h++;
  while (h < ceil && h - start < 3 && !np_word(p, h) && tk(p, h)->type == WS__TOK_WORD &&
         outside(tk(p, h)) && determiner(p, start) &&
         !(tk(p, h)->lex & (WS__LEX_FUNCTION_WORDS | WS__LEX_SPEECH_VERBS)))
    h++; /* Adjectives after a determiner. */
  uint32_t l = h;
  while (l < ceil && l - start < MAX_NP &&
         ((np_word(p, l) && !(l + 1 < ceil && lower_compound(p, l + 1))) || /* "Los Angeles-based" */
          (l > h && name_period(p, l)) ||
          (l > h && l + 2 < ceil && tk(p, l)->end - tk(p, l)->start == 1 &&
           (tk(p, l)->flags & WS__TF_CAP) && is_punct(p, l + 1, '.') &&
           tk(p, l + 1)->start == tk(p, l)->end && name_word(p, l + 2)) || /* "Odile A. Marchetti" */
          (connector(p, l) && l + 1 < ceil && np_word(p, l + 1) && l > h &&
           !(is_word(p, l, "of") && person_at(p, l - 1)))))
    l++; /* Not across "of" after a person: "Senator Bernie Sanders of Vermont". */
  bool lower_title = false;
  if (l == h && h > start + 1 && determiner(p, start) && person_noun(p, h - 1))
    l = h; /* "a former recruiter": the last word read as an adjective is the head. */
  else if (l == h && h == start && lower_title_name(p, start, ceil, np))
    lower_title = true; /* "said former Utah governor Michael Leavitt" */
  else if (l == h)
    return false;
  if (lower_title)
    l = np->last;
  else {
    l--;
    if (is_punct(p, l, '.'))
      l--;
    np->first = start, np->last = l;
    resolve_np(p, start, l, np);
  }
  if (lower_title)
    ;
  else if (modifier_title_name(p, start, l, ceil, np))
    l = np->last;
  else if (np->entity >= 0 && l + 2 < ceil && is_word(p, l + 1, "of")) {
    /* "said David French of the National Retail Federation" */
    uint32_t k = l + 2 + (is_word(p, l + 2, "the") && l + 3 < ceil);
    int32_t org = ws__mention_entity_at(p, k);
    if (org >= 0 && org != np->entity && ent(p, org)->type == WS__ENT_ORG) {
      while (k + 1 < ceil && ws__mention_entity_at(p, k + 1) == org)
        k++;
      np->has_role = true; /* The role is the organisation: "the National Retail Federation". */
      np->role_first = l + 2, np->role_last = k;
      np->last = l = k;
    } else if (org >= 0 && org != np->entity && person_at(p, l)) {
      while (k + 1 < ceil && ws__mention_entity_at(p, k + 1) == org)
        k++;
      np->last = l = k; /* A place: "said Senator Bernie Sanders of Vermont". */
    }
  }
  int32_t org = -1;
  uint32_t ext = np->entity < 0 ? extend_affiliation(p, l, ceil, &org) : l;
  if (ext != l) {
    np->last = ext;
    np->role_last = ext;
    np->entity = org;
  } else if (np->entity < 0 && !np->pronoun && np->has_role && np->role_last == l &&
             (ext = lower_complement_end(p, l, ceil)) != l) {
    np->last = np->role_last = l = ext; /* "said a lawyer for the family" */
  }
  /* "the company's founder, Ravi Menon": a role, then the name. */
  uint32_t nm = np->last + 2;
  if (np->entity < 0 && !np->pronoun && nm < ceil && is_punct(p, np->last + 1, ',') &&
      ws__mention_entity_at(p, nm) >= 0) {
    int32_t e = ws__mention_entity_at(p, nm);
    while (nm + 1 < ceil && ws__mention_entity_at(p, nm + 1) == e)
      nm++;
    if (!np->has_role)
      np->has_role = true, np->role_first = np->first, np->role_last = np->last;
    np->last = nm;
    np->entity = e;
    remember_role(p, np);
    return true;
  }
  /* A party tag after a name stays in the mention: "Rep. G.K. Butterfield
   * (D-N.C.), head of the Congressional Black Caucus". */
  if (np->entity >= 0 && np->last + 2 < ceil && name_period(p, np->last + 1))
    np->last++; /* "Casey Jr." before its party tag or apposition */
  if (np->entity >= 0)
    np->last = age_end(p, party_tag_end(p, np->last, ceil), ceil);
  /* ", the mayor" after a name; any noun phrase that runs to the end of the
   * clause ("said Len Burman, head of the Tax Policy Center."). */
  uint32_t a = np->last + 1;
  if (np->entity >= 0 && a + 1 < ceil && is_punct(p, a, ',') && appositive_start(p, a + 1)) {
    uint32_t e = phrase_end(p, a, ceil);
    if (e + 1 < ceil && !outside(tk(p, e + 1))) {
      /* Cut short by a quotation: "a plaintiff who waited in an “extraordinarily
       * long line”" keeps the words before its relative pronoun. */
      uint32_t r = a + 2;
      while (r <= e && !is_word(p, r, "who") && !is_word(p, r, "that") && !is_word(p, r, "which"))
        r++;
      e = r <= e ? r - 1 : a;
    }
    if (e > a) {
      np->last = e;
      np->has_role = true;
      np->role_first = a + 1 + is_word(p, a + 1, "of"), np->role_last = e; /* ", of ORG": ORG */
    }
  }
  /* ", who heads the center," after a name belongs to the mention (not to
   * the role): "said Luis Rubio, who heads the Center of Research". */
  a = np->last + 1;
  if (np->entity >= 0 && a + 2 < ceil && is_punct(p, a, ',') &&
      (is_word(p, a + 1, "who") || is_word(p, a + 1, "whose")))
    np->last = phrase_end(p, a, ceil);
  else if (unnamed_head(p, np) && a + 2 < ceil &&
           (describes_source(p, a, ceil) ||
            (is_punct(p, a, ',') && is_word(p, a + 1, "who") &&
             !(tk(p, a + 2)->lex & WS__LEX_SPEECH_VERBS)))) { /* Not ", who said he …" */
    uint32_t e = phrase_end(p, a - !is_punct(p, a, ','), ceil); /* Up to the end of the clause only. */
    bool anonymous = false; /* "who spoke on condition of anonymity" says why, not who. */
    for (uint32_t k = a; k <= e && !anonymous; k++)
      anonymous = is_word(p, k, "anonymity") || is_word(p, k, "anonymously") || is_word(p, k, "named");
    if (!anonymous && (e + 1 >= ceil || (is_punct(p, e + 1, '.') && !name_period(p, e + 1)) ||
                       !outside(tk(p, e + 1))))
      np->last = np->role_last = e;
  }
  remember_role(p, np);
  return true;
}

bool ws__apposition_role(const ws__people *p, uint32_t m, uint32_t ceil, uint32_t *first,
                         uint32_t *last) {
  uint32_t a = age_end(p, party_tag_end(p, m, ceil), ceil) + 1;
  if (a + 1 >= ceil || !is_punct(p, a, ',') || (tk(p, a + 1)->flags & WS__TF_CAP) ||
      !appositive_start(p, a + 1))
    return false; /* A capital may start a list of names: "Lund, Hobbs and Roy said". */
  *first = a + 1 + is_word(p, a + 1, "of"); /* ", of First Valley Church": the church */
  *last = phrase_end(p, a, ceil);
  return true;
}

int ws__entity_type(const ws__people *p, int32_t e) {
  return WS__VEC_AT(&p->entities, ws__entity, e).type;
}

uint32_t ws__entity_words(const ws__people *p, int32_t e) {
  const ws__entity *x = &WS__VEC_AT(&p->entities, ws__entity, e);
  return x->name_last - x->name_first + 1;
}

int32_t ws__mention_entity_at(const ws__people *p, uint32_t i) {
  const ws__mention *m = mention_at(p, i);
  return m ? m->entity : -1;
}
