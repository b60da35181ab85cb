/* internal.h: declarations shared by the library's source files and its unit
 * tests. Nothing here is public; names start with ws__. */
#ifndef WS_INTERNAL_H
#define WS_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "whosaid.h"

/* ---- Memory: an arena per document (src/arena.c) ---------------------- */

/* A bump allocator: many small allocations, freed all at once. */
typedef struct ws__arena_block ws__arena_block;
typedef struct ws__arena {
  ws__arena_block *head;
  size_t used;  /* Bytes used in head. */
  size_t total; /* Bytes allocated in all blocks. */
} ws__arena;

void ws__arena_init(ws__arena *a);
/* Returns zeroed memory aligned for any type, or NULL when out of memory. */
void *ws__arena_alloc(ws__arena *a, size_t size);
/* Like ws__arena_alloc, but the memory is not zeroed. */
void *ws__arena_alloc_uninit(ws__arena *a, size_t size);
/* Copies len bytes into the arena. */
char *ws__arena_strdup(ws__arena *a, const char *s, size_t len);
void ws__arena_free(ws__arena *a);

/* A growable array of fixed-size items, allocated with malloc. */
typedef struct ws__vec {
  void *items;
  size_t len;
  size_t cap;
  size_t item_size;
} ws__vec;

void ws__vec_init(ws__vec *v, size_t item_size);
/* Grows the array and appends one zeroed item (ws__vec_push's slow path). */
void *ws__vec_grow_push(ws__vec *v);
/* Appends one zeroed item and returns it, or NULL when out of memory. Inline:
 * most pushes find room and only clear the item. */
static inline void *ws__vec_push(ws__vec *v) {
  if (v->len == v->cap)
    return ws__vec_grow_push(v);
  void *item = (char *)v->items + v->len * v->item_size;
  memset(item, 0, v->item_size);
  v->len++;
  return item;
}
/* ws__vec_push for a vector of items of size bytes, a constant where it is
 * called (see WS__VEC_PUSH): the item is cleared by a few stores instead of
 * a call to memset. */
static inline void *ws__vec_push_sized(ws__vec *v, size_t size) {
  if (v->len == v->cap)
    return ws__vec_grow_push(v);
  void *item = (char *)v->items + v->len * size;
  memset(item, 0, size);
  v->len++;
  return item;
}
/* Appends one zeroed item to v, a vector of items of type type. */
#define WS__VEC_PUSH(v, type) ((type *)ws__vec_push_sized((v), sizeof(type)))
/* Appends the uint32_t x to a vector of uint32_t items. Returns false when
 * out of memory. */
static inline bool ws__vec_push_u32(ws__vec *v, uint32_t x) {
  if (v->len == v->cap) {
    uint32_t *m = ws__vec_grow_push(v);
    if (!m)
      return false;
    *m = x;
    return true;
  }
  ((uint32_t *)v->items)[v->len++] = x;
  return true;
}
void ws__vec_free(ws__vec *v);
#define WS__VEC_AT(v, type, i) (((type *)(v)->items)[i])

/* A growable byte buffer with a maximum size (curl's dynbuf). */
typedef struct ws__buf {
  char *data;
  size_t len;
  size_t cap;
  size_t max;
} ws__buf;

void ws__buf_init(ws__buf *b, size_t max);
ws_status ws__buf_add(ws__buf *b, const char *data, size_t len);
void ws__buf_free(ws__buf *b);

/* ---- Word lists (generated into lexicon_data.c by tools/gen_lexicon.py) --- */

/* One bit per file in data/lexicon/; a file foo-bar.txt is WS__LEX_FOO_BAR. */
enum {
  WS__LEX_SPEECH_VERBS = 1u << 0,     /* said, says, told, wrote, added ... */
  WS__LEX_ADDRESSEE_VERBS = 1u << 1,  /* told, tell: take a listener object. */
  WS__LEX_BELIEF_VERBS = 1u << 2,     /* believes, thinks, wants ... */
  WS__LEX_TITLES = 1u << 3,           /* spokeswoman, senator, director ... */
  WS__LEX_HONORIFICS_MALE = 1u << 4,  /* Mr, Sir ... */
  WS__LEX_HONORIFICS_FEMALE = 1u << 5,/* Mrs, Ms, Miss ... */
  WS__LEX_HONORIFICS = 1u << 6,       /* Dr, Sen, Rep, Gov, Prof ... */
  WS__LEX_ABBREVIATIONS = 1u << 7,    /* Words whose period ends no sentence. */
  WS__LEX_PRONOUNS_MALE = 1u << 8,
  WS__LEX_PRONOUNS_FEMALE = 1u << 9,
  WS__LEX_PRONOUNS_PLURAL = 1u << 10,
  WS__LEX_PRONOUNS_NEUTER = 1u << 11,
  WS__LEX_PLATFORMS = 1u << 12,       /* Instagram, X, Twitter, Facebook ... */
  WS__LEX_OUTLETS = 1u << 13,         /* Newsweek, CNN, Reuters ... */
  WS__LEX_AUDIENCES = 1u << 14,       /* reporters, journalists, the press ... */
  WS__LEX_MONTHS = 1u << 15,
  WS__LEX_WEEKDAYS = 1u << 16,
  WS__LEX_FIRST_NAMES_MALE = 1u << 17,
  WS__LEX_FIRST_NAMES_FEMALE = 1u << 18,
  WS__LEX_ORG_WORDS = 1u << 19,       /* Department, Agency, Inc, Party ... */
  WS__LEX_GROUP_NOUNS = 1u << 20,     /* officials, analysts, sources ... */
  WS__LEX_NUMBER_WORDS = 1u << 21,    /* one, two, dozen, million ... */
  WS__LEX_FUNCTION_WORDS = 1u << 22,  /* the, a, but, in: never part of a name. */
  WS__LEX_STATEMENT_NOUNS = 1u << 23, /* statement, interview, post, tweet ... */
  WS__LEX_SOCIAL_VERBS = 1u << 24,    /* tweeted, posted: cues that imply a channel. */
  WS__LEX_CONNECTORS = 1u << 25,      /* von, de, of: inside names. */
  WS__LEX_DETERMINERS = 1u << 26,     /* the, a, two: open a speaker phrase. */
  WS__LEX_AUX_ADVERBS = 1u << 27,     /* has, also, later: between speaker and cue. */
  WS__LEX_CLAUSE_VERBS = 1u << 28,    /* said, claimed: take a clause without "that". */
  WS__LEX_PHRASE_HEAD = 1u << 29,     /* First word of a multi-word entry (generated). */
  WS__LEX_INSTITUTION_WORDS = 1u << 30 /* union, ministry: organisations that are no company. */
};
/* report, memo, letter, brief: written sources ("the report said"). The
 * last bit is outside the range of an int enumerator, hence a macro. */
#define WS__LEX_DOCUMENT_NOUNS (1u << 31)

/* One bit per file in data/lexicon/rare/: single words that only a few
 * rules ask about, through ws__lex_find() (a token's 32 class bits are all
 * taken). A file foo-bar.txt is WS__LEXR_FOO_BAR. */
enum {
  WS__LEXR_ASSOCIATE_NOUNS = 1u << 0, /* friend, adviser, relatives, ambassador ... */
  WS__LEXR_DEMONYMS = 1u << 1         /* German, French, Jordanian ... */
};

typedef struct ws__lex_entry {
  const char *word; /* Lower-cased; NULL in an empty slot. */
  uint8_t len;
  uint32_t classes;
  uint16_t lemma; /* Index into ws__lex_lemmas; 0 = none. */
  uint16_t rare;  /* WS__LEXR_* classes. */
} ws__lex_entry;

extern const ws__lex_entry ws__lex_entries[];
extern const uint16_t ws__lex_slots[];
extern const size_t ws__lex_table_size;
/* A filter in front of that table for keys longer than 16 bytes (few
 * entries are; most such lookups, of phrases tried token by token, find
 * nothing): the bit long_filter_bit() of every entry longer than 16 bytes
 * is set, so a clear bit answers "none" without the two cache misses of a
 * probe. WS__LEX_LONG_FILTER_BITS must match LONG_FILTER_BITS in
 * tools/gen_lexicon.py. */
enum { WS__LEX_LONG_FILTER_BITS = 12 };
extern const uint64_t ws__lex_long_filter[(1 << WS__LEX_LONG_FILTER_BITS) / 64];
extern const char *const ws__lex_lemmas[];
extern const size_t ws__lex_lemma_count;

/* Looks up a word or phrase case-insensitively (ASCII). Returns the entry or
 * NULL. (src/lexicon.c) */
const ws__lex_entry *ws__lex_find(const char *s, size_t len);
/* Returns the classes of a word, 0 when it is in no list. */
uint32_t ws__lex_classes(const char *s, size_t len);

/* The tokenizer's table (tools/gen_lexicon.py): a perfect hash over the
 * entries of at most 16 bytes, one 32-byte slot each. */
typedef struct ws__lex_key {
  uint64_t k0, k1;  /* Lower-cased bytes 0-7 and 8-15, little-endian, zero-padded. */
  uint32_t classes;
  uint16_t entry;   /* Index into ws__lex_entries. */
  uint8_t len;      /* 0 in an empty slot. */
  uint8_t unused[9];
} ws__lex_key;

/* The perfect hash has 2^WS__LEX_BUCKET_BITS buckets and 2^WS__LEX_SLOT_BITS
 * slots; both must match BUCKET_BITS and SLOT_BITS in tools/gen_lexicon.py. */
enum { WS__LEX_BUCKET_BITS = 12, WS__LEX_SLOT_BITS = 14 };

extern const ws__lex_key ws__lex_perfect_slots[1 << WS__LEX_SLOT_BITS];
extern const uint16_t ws__lex_perfect_disp[1 << WS__LEX_BUCKET_BITS];

/* The perfect hash's multipliers; must match key_hash() and slot_of() in
 * tools/gen_lexicon.py. */
#define WS__LEX_C1 UINT64_C(0x9E3779B97F4A7C15)
#define WS__LEX_C2 UINT64_C(0xC2B2AE3D27D4EB4F)
#define WS__LEX_C3 UINT64_C(0xD6E8FEB86659FD93)

/* ws__lex_slot with the multipliers WS__LEX_C1, C2 and C3 read from mul[0],
 * mul[1] and mul[2]: for the tokenizer's loop, which keeps them in memory
 * of its own so that the compiler multiplies by them there instead of
 * building each 64-bit constant again at every word. */
static inline const ws__lex_key *ws__lex_slot_mul(const uint64_t mul[3], uint64_t k0, uint64_t k1,
                                                  size_t len) {
  uint64_t h = (k0 ^ (k1 * mul[1] + (uint64_t)len)) * mul[0];
  uint64_t d = ws__lex_perfect_disp[h >> (64 - WS__LEX_BUCKET_BITS)];
  return &ws__lex_perfect_slots[((h ^ d) * mul[2]) >> (64 - WS__LEX_SLOT_BITS)];
}

/* Returns the slot of the perfect hash that the key (k0, k1) of len bytes
 * (1 <= len <= 16) would occupy; the caller compares. The bucket is the top
 * bits of the hash, the slot the top bits of the displaced hash's product:
 * shifts, no division and no table sizes to load. */
static inline const ws__lex_key *ws__lex_slot(uint64_t k0, uint64_t k1, size_t len) {
  static const uint64_t mul[3] = {WS__LEX_C1, WS__LEX_C2, WS__LEX_C3};
  return ws__lex_slot_mul(mul, k0, k1, len);
}

/* ws__lex_classes_key, inline, for the tokenizer: the classes of the key,
 * 0 when the slot holds another (compared without a branch). */
static inline uint32_t ws__lex_key_classes(uint64_t k0, uint64_t k1, size_t len) {
  const ws__lex_key *k = ws__lex_slot(k0, k1, len);
  uint64_t differ = (k->k0 ^ k0) | (k->k1 ^ k1) | (uint64_t)(k->len ^ len);
  return k->classes & ((uint32_t)0 - (uint32_t)(differ == 0));
}

/* Returns the classes of s[0, len) like ws__lex_classes, where avail >= len
 * bytes may be read from s (16 or more make it faster). */
uint32_t ws__lex_classes_at(const char *s, size_t len, size_t avail);
/* The same for a word of len <= 16 bytes given as two little-endian words
 * of its ASCII-lower-cased bytes, zero-padded (bytes 0-7 and 8-15). */
uint32_t ws__lex_classes_key(uint64_t k0, uint64_t k1, size_t len);

/* ---- Tokens (src/segment.c) -------------------------------------------- */

enum {
  WS__TOK_WORD = 1,  /* Letters, digits, inner apostrophes and hyphens. */
  WS__TOK_NUMBER,    /* Starts with a digit: 200,000  3.5  72  '90s. */
  WS__TOK_PUNCT,     /* Any other single character (or "..." / "--"). */
  WS__TOK_QUOTE      /* A quotation mark that is not an apostrophe. */
};

/* Token flags. */
enum {
  WS__TF_CAP = 1u << 0,         /* Starts with an upper-case letter. */
  WS__TF_ALLCAPS = 1u << 1,     /* Two or more letters, all upper case. */
  WS__TF_PARA_START = 1u << 2,  /* First token of a paragraph. */
  WS__TF_SENT_START = 1u << 3,  /* First token of a sentence. */
  WS__TF_SPACE_BEFORE = 1u << 4,/* White space precedes the token. */
  WS__TF_IN_QUOTE = 1u << 5,    /* Inside a paired quotation (not the marks). */
  WS__TF_QOPEN = 1u << 6,       /* A quotation mark that opens a quote. */
  WS__TF_QCLOSE = 1u << 7,      /* A quotation mark that closes a quote. */
  WS__TF_HANDLE = 1u << 8,      /* An @handle or #hashtag. */
  WS__TF_NEWLINE_BEFORE = 1u << 9 /* A line break precedes the token. */
};

typedef struct ws__token {
  uint32_t start, end; /* Byte offsets into the document. */
  uint8_t type;        /* WS__TOK_*. */
  uint8_t punct;       /* The byte of a one-byte WS__TOK_PUNCT token, else 0. */
  uint16_t flags;      /* WS__TF_*. */
  uint32_t lex;        /* WS__LEX_* classes of the word (0 for punctuation). */
  uint32_t sent;       /* Sentence number. */
  uint32_t para;       /* Paragraph number. */
  int32_t quote;       /* Index of the quote holding this token, or -1. */
  uint32_t spare;      /* Unused: pads the token to 32 bytes, so that the address of
                          tok[i] is a shift and an add (measured: 1.7% fewer
                          instructions than at 28 bytes). */
} ws__token;

/* A paired quotation: marks at tokens open and close (close == -1 when the
 * quote runs to a paragraph end), content bytes [start, end). */
typedef struct ws__quote {
  int32_t open, close;       /* Token indices of the marks. */
  uint32_t start, end;       /* Content byte range, without the marks. */
  uint32_t first, last;      /* Token indices of the first and last inner tokens
                                (first > last when empty). */
  int32_t next_part;         /* Continuation in the next paragraph, or -1. */
  int32_t prev_part;         /* Previous paragraph's part, or -1. */
  uint16_t n_words;
  uint8_t depth;             /* 0 for outermost. */
  uint8_t closed;            /* 1 when a closing mark was found. */
} ws__quote;

/* A segmented document. Arrays live in the document's arena. */
typedef struct ws__doc {
  const char *text;
  size_t len;
  ws__token *tok;
  size_t ntok;
  ws__quote *quotes;
  size_t nquotes;
  uint32_t nsent, npara;
  uint32_t *sent_first; /* First token of each sentence (nsent + 1 entries). */
  uint32_t *para_first; /* First token of each paragraph (npara + 1 entries). */
  ws__arena *arena;
  ws__vec warnings; /* ws_warning items. */
  uint32_t *marks;  /* The WS__TOK_QUOTE tokens, in order (nmarks of them). */
  size_t nmarks;
} ws__doc;

/* Splits text into tokens, paragraphs, quotations and sentences, in that
 * order. Returns WS_OK or WS_ERR_NOMEM. The doc's arrays are allocated in
 * arena; warnings (invalid UTF-8, NUL, unclosed quotes) are appended. */
ws_status ws__segment(ws__doc *doc, ws__arena *arena, const char *text, size_t len);
void ws__doc_free(ws__doc *doc);

/* Asks the compiler to inline a small, hot helper whatever its size
 * heuristics say (GCC and Clang); other compilers just see "inline". */
#if defined(__GNUC__)
#define WS__ALWAYS_INLINE __attribute__((always_inline))
#else
#define WS__ALWAYS_INLINE
#endif

/* True when token i of doc (i may be out of range) spells the lower-case
 * ASCII word w of n bytes, ignoring ASCII case. */
static inline WS__ALWAYS_INLINE bool ws__tok_is(const ws__doc *doc, uint32_t i, const char *w, size_t n) {
  if (i >= doc->ntok || doc->tok[i].end - doc->tok[i].start != n)
    return false;
  const char *t = doc->text + doc->tok[i].start;
  for (size_t k = 0; k < n; k++) {
    char c = t[k];
    if (c >= 'A' && c <= 'Z')
      c = (char)(c + 32);
    if (c != w[k])
      return false;
  }
  return true;
}

/* The length in bytes of the possessive ending of token i of doc: 2 for
 * "'s", 4 for "\u2019s" (either case of the s), else 0. */
static inline size_t ws__possessive_len(const ws__doc *doc, uint32_t i) {
  const ws__token *t = &doc->tok[i];
  const char *s = doc->text + t->start;
  size_t n = t->end - t->start;
  if (n <= 2 || (s[n - 1] != 's' && s[n - 1] != 'S'))
    return 0;
  if (s[n - 2] == '\'')
    return 2;
  if (n > 4 && (unsigned char)s[n - 2] == 0x99 && (unsigned char)s[n - 3] == 0x80 &&
      (unsigned char)s[n - 4] == 0xE2)
    return 4;
  return 0;
}

/* True when token i of doc is a word in s followed by the lone apostrophe
 * of a plural possessive ("Sanders’ campaign manager"): a single mark that
 * touches the word and that the quotation pass left unpaired. */
static inline bool ws__plural_possessive(const ws__doc *doc, uint32_t i) {
  if (i + 2 >= doc->ntok)
    return false;
  const ws__token *t = &doc->tok[i], *a = &doc->tok[i + 1];
  const char *s = doc->text;
  if (a->type != WS__TOK_QUOTE || a->start != t->end || t->type != WS__TOK_WORD ||
      (s[t->end - 1] != 's' && s[t->end - 1] != 'S') || a->quote >= 0 ||
      (a->flags & (WS__TF_QOPEN | WS__TF_QCLOSE)) || doc->tok[i + 2].type != WS__TOK_WORD)
    return false;
  size_t n = a->end - a->start;
  return (n == 1 && s[a->start] == '\'') ||
         (n == 3 && (unsigned char)s[a->start] == 0xE2 && (unsigned char)s[a->start + 1] == 0x80 &&
          (unsigned char)s[a->start + 2] == 0x99);
}

/* True when token i of doc is the one-byte punctuation mark ch (one
 * compare: the tokenizer keeps that byte in the token; a NUL mark, never
 * asked for in practice, takes the long way). */
static inline bool ws__tok_punct(const ws__doc *doc, uint32_t i, char ch) {
  return i < doc->ntok && doc->tok[i].punct == (unsigned char)ch &&
         (ch != 0 || (doc->tok[i].type == WS__TOK_PUNCT && doc->tok[i].end - doc->tok[i].start == 1));
}

/* Loads 8 bytes as a little-endian word (byte k in bits 8k..8k+7). */
static inline uint64_t ws__load8(const unsigned char *p) {
  uint64_t x;
  memcpy(&x, p, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
  x = __builtin_bswap64(x);
#endif
  return x;
}

/* Pairs quotation marks among the tokens (src/quote.c); called by
 * ws__segment before sentence splitting. */
ws_status ws__find_quotes(ws__doc *doc);

/* ---- Figures (src/figures.c) -------------------------------------------- */

/* Finds the numbers in text[start, end): "nearly 200,000" (200000), "72",
 * "3.5 million" (3500000), "40 percent" (40), "two dozen" (24). Each figure's
 * span holds its modifiers ("nearly", "more than", "about") and scale words
 * ("million") but not its unit. Years (1900-2099 used as a year), times of
 * day, ages in "20-year-old", ordinals and phone-like strings are skipped.
 * Appends ws_figure items to out (spans point into text). Returns WS_OK or
 * WS_ERR_NOMEM. */
ws_status ws__find_figures(const char *text, size_t start, size_t end, ws__vec *out);

/* ---- UTF-8 helpers (src/utf8.c) ----------------------------------------- */

/* Decodes one code point at s[i] (i < len). Returns its length (1-4) and sets
 * *cp; for invalid bytes returns 1 and sets *cp to -1. */
int ws__utf8_decode(const unsigned char *s, size_t len, size_t i, int32_t *cp);

/* ---- Speakers: noun phrases, entities, coreference (src/speaker.c) ------- */

enum { WS__GENDER_UNKNOWN = 0, WS__GENDER_MALE, WS__GENDER_FEMALE };
enum { WS__ENT_UNKNOWN = 0, WS__ENT_PERSON, WS__ENT_ORG };

/* A person or organisation named in the document. */
typedef struct ws__entity {
  uint32_t name_first, name_last; /* Tokens of the fullest name seen. */
  uint32_t acro_tok;              /* Token of an acronym alias, or 0. */
  uint32_t role_first, role_last; /* Tokens of the first role given; */
  bool has_role;                  /* ... valid when has_role. */
  uint8_t type;                   /* WS__ENT_*. */
  uint8_t gender;                 /* WS__GENDER_*. */
  int32_t next_last;              /* Next entity with the same last word. */
  int32_t next_acro;              /* Next entity with the same acronym. */
} ws__entity;

/* A place where the text names or points to an entity. */
typedef struct ws__mention {
  uint32_t first, last; /* Token range, inclusive. */
  int32_t entity;       /* Index in the entity table, or -1. */
  bool subject;         /* Starts its sentence or clause. */
} ws__mention;

/* What a speaker noun phrase resolved to. */
typedef struct ws__np {
  uint32_t first, last;           /* The whole mention, inclusive. */
  uint32_t role_first, role_last; /* The role words, when has_role. */
  bool has_role;
  bool pronoun;
  int32_t entity;                 /* The speaker, or -1 when unnamed. */
} ws__np;

/* The entity table and mention list of one document. */
typedef struct ws__people {
  ws__doc *doc;
  ws__doc view;     /* A copy of *doc made by ws__people_build, through which
                       speaker.c reads tokens and text: one load nearer than
                       through doc (the arrays are shared, and nothing changes
                       a document's fields after segmentation). */
  ws__vec entities; /* ws__entity */
  ws__vec mentions; /* ws__mention, in token order. */
  int32_t *by_last;          /* Hash buckets: entities by last name word. */
  int32_t *by_acro;          /* Hash buckets: entities by acronym. */
  size_t n_acro;             /* Entities entered in by_acro. */
  size_t nbuckets;           /* Buckets in each table (a power of two). */
  uint64_t head_keys[4];     /* Bits of head_key() of every multi-word
                                name's first word (speaker.c). */
  int32_t last_speaker;      /* The entity that spoke last, or -1. */
  uint32_t last_speaker_tok; /* Where it spoke. */
  uint32_t edits;            /* Counts the changes to an entity (role, gender, type)
                                or to the last speaker after ws__people_build, so
                                that a caller may keep what it found from the table
                                while the count stays (attrib.c). Every such change
                                must count. */
} ws__people;

/* Finds the names in the document and builds the entity table: full names,
 * surnames and acronyms of one person or organisation are one entity. */
ws_status ws__people_build(ws__people *p, ws__doc *doc);
void ws__people_free(ws__people *p);

/* Finds the person whose last name is the capitals-only token i ("PENCE"),
 * ignoring case; -1 when there is none. */
int32_t ws__entity_by_caps(ws__people *p, uint32_t i);

/* Finds the one person of several name words whose first name is token i
 * ("Hillary" in a headline for Hillary Clinton), ignoring case; -1 when
 * there is none or more than one. */
int32_t ws__entity_by_first(ws__people *p, uint32_t i);

/* Parses the speaker noun phrase that ends at token end (inclusive), looking
 * left no further than token floor; resolves it to an entity. Returns false
 * when no noun phrase ends there. */
bool ws__np_before(ws__people *p, uint32_t end, uint32_t floor, ws__np *np);

/* Parses the speaker noun phrase that starts at token start, looking right
 * no further than token ceil (exclusive). */
bool ws__np_after(ws__people *p, uint32_t start, uint32_t ceil, ws__np *np);

/* Returns the canonical name of an entity as a span of the document. */
ws_str ws__entity_name(const ws__people *p, int32_t entity);

/* Records that entity spoke at token tok, for pronoun resolution. */
void ws__people_note_speaker(ws__people *p, int32_t entity, uint32_t tok);

/* Returns the entity mentioned at token i, or -1. */
int32_t ws__mention_entity_at(const ws__people *p, uint32_t i);

/* True when token i is an adjective of nationality before a lower-case noun
 * phrase that ends in a title, an organisation or a group ("the German
 * automaker", "French police"): it names no one. */
bool ws__demonym_modifier(const ws__people *p, uint32_t i);

/* True when the word before token head, past a lone apostrophe and not
 * before token f, is the possessive of a name: "Rudolph's supporters",
 * "Sanders' lawyer". */
bool ws__owned_by_name(const ws__people *p, uint32_t f, uint32_t head);

/* Returns the type of entity e (WS__ENT_*). */
int ws__entity_type(const ws__people *p, int32_t e);

/* Returns the number of tokens in entity e's fullest name. */
uint32_t ws__entity_words(const ws__people *p, int32_t e);

/* Finds the role an apposition gives after a name mention that ends at token
 * m, within tokens before ceil: ", chair of the committee," or, after a
 * party tag, "(D-Ore.), chair of the committee,". Sets *first and *last to
 * the role's tokens and returns true, or returns false. */
bool ws__apposition_role(const ws__people *p, uint32_t m, uint32_t ceil, uint32_t *first,
                         uint32_t *last);

/* ---- Engine and attribution (src/api.c, src/attrib.c) ------------------- */

struct ws_engine {
  ws_options opts;
};

/* Finds the statements of a segmented document and appends ws_statement
 * items to out, in document order. Strings the statements own (canonical
 * names, roles) are allocated in arena. (src/attrib.c) */
ws_status ws__attribute(const ws_engine *engine, ws__doc *doc, ws__arena *arena,
                        ws__vec *out);

#endif /* WS_INTERNAL_H */
