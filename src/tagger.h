/* tagger.h: the learned attribution tagger, private to the library.
 *
 * Two heads, each a first-order structured perceptron over BIO tags with
 * Viterbi decoding, share one table of hashed features (2^bits rows of
 * eight 8-bit weights; nothing is allocated per token). Besides words,
 * shapes and lexicon classes, features use word clusters that training
 * learns from the training texts (stored in the model):
 * - the first head tags the cues of each paragraph (cut into windows of at
 *   most WS__WINDOW tokens at sentence ends);
 * - the second head is run once per cue found, on the cue's sentence and
 *   the sentences on either side, with features relative to the cue (side,
 *   distance, what lies between), and tags that cue's source and content.
 * A cue that lies inside the content of another cue of its window is
 * dropped: the corpus annotates the outermost attribution only.
 *
 * Files: src/tagger.c (features, decoding, model files), src/tagger_train.c
 * (training), and the built-in model, data/model.bin, compiled in by
 * cmake/model.cmake (tools/gen_model.py). */
#ifndef WS_TAGGER_H
#define WS_TAGGER_H

#include "internal.h"

/* Tags. WS__TAG_O is 0; I-x always directly follows B-x in the enum. */
enum {
  WS__TAG_O = 0,
  WS__TAG_B_SRC,
  WS__TAG_I_SRC,
  WS__TAG_B_CUE,
  WS__TAG_I_CUE,
  WS__TAG_B_CON,
  WS__TAG_I_CON,
  WS__NTAGS
};

enum {
  WS__TAG_STRIDE = 8, /* Weights per feature row (WS__NTAGS, padded). */
  WS__WINDOW = 256,   /* Most tokens tagged as one sequence. */
  WS__MAX_FEATS = 64, /* Most features of one token. */
  WS__MAX_PIECES = 4, /* Most content pieces of one triple. */
  WS__CUE_BITS = 17,  /* The learned cue-word set has 2^WS__CUE_BITS bits. */
  WS__CLUS_BITS = 17, /* The word-cluster table has 2^WS__CLUS_BITS slots. */
  WS__NCLS = 64       /* Token classes: transitions depend on the class of
                         the token they lead to. */
};

/* A model: transition weights and a hashed feature table. The weights are
 * 8-bit codes on a logarithmic scale: code c stands for lut[(uint8_t)c]
 * (lut[0] is 0, lut[-c] is -lut[c]). They may point into memory the model
 * does not own (the built-in model). */
typedef struct ws__model {
  unsigned bits;  /* The table has 2^bits rows. */
  unsigned flags; /* WS__MF_* feature switches. */
  float scale;    /* Weight = lut value / scale. */
  /* Transitions of the two heads (0: cues; 1: the arguments of one cue),
   * [head][class][prev or start][tag]. */
  int32_t trans[2][WS__NCLS][WS__NTAGS + 1][WS__NTAGS];
  int32_t lut[256];     /* Value of each weight code. */
  const int8_t *w;      /* 2^bits * WS__TAG_STRIDE weight codes. */
  char version[48];     /* NUL-terminated name of the model. */
  float conf_a, conf_b; /* Confidence = 1 / (1 + exp(-(conf_a * margin + conf_b))),
                           fitted on development data. */
  int8_t *owned;        /* w when the model owns it, else NULL. */
  const uint8_t *cues;  /* Learned cue words: a set of word hashes,
                           2^WS__CUE_BITS bits. */
  uint8_t *owned_cues;  /* cues when the model owns it. */
  const uint8_t *clus;  /* Word clusters learned from the training texts:
                           2^WS__CLUS_BITS slots of two bytes (fine and
                           coarse cluster, each 1 + its number; 0 for none),
                           indexed by ws__clus_slot of the word hash. */
  uint8_t *owned_clus;  /* clus when the model owns it. */
} ws__model;

/* Feature switches stored with the model (for experiments). */
enum { WS__MF_DEFAULT = 0 };

/* The weight code for value v (already scaled), and the table of values. */
int8_t ws__weight_code(double v);
void ws__weight_lut(int32_t lut[256]);

/* A token range [first, last], inclusive. */
typedef struct ws__range {
  uint32_t first, last;
} ws__range;

/* An attribution found by the tagger, in tokens. The content's pieces are
 * in document order; source is absent when has_source is false.
 * content_that is true when the first piece starts with "that" (PolNeAR
 * keeps it in the content; whosaid's contract leaves it out). */
typedef struct ws__triple {
  ws__range cue;
  ws__range source;
  bool has_source;
  bool content_that;
  uint8_t n_pieces;
  ws__range piece[WS__MAX_PIECES];
  uint32_t cue_head; /* The cue's main word: its last cue word ("argued" in
                        "has argued", "said" in "said in a statement"). */
  float score;       /* Mean margin of the first head's tags on the cue. */
  float confidence;  /* In [0, 1]: the chance that the cue is right. */
} ws__triple;

/* Returns the built-in model (compiled into the library), or NULL when the
 * library was built without one. */
const ws__model *ws__model_builtin(void);

/* Reads a model file (data/model.bin format) of len bytes. The model keeps
 * pointers into data unless copy is true. Returns WS_OK, WS_ERR_FORMAT or
 * WS_ERR_NOMEM. */
ws_status ws__model_read(ws__model *m, const void *data, size_t len, bool copy);

/* Frees what ws__model_read() allocated (not the struct itself). */
void ws__model_release(ws__model *m);

/* Writes the model file to write(). */
ws_status ws__model_write(const ws__model *m, ws_write_fn write, void *userdata);

/* Tags doc with model m and appends ws__triple items to out, in document
 * order of their cues. Returns WS_OK or WS_ERR_NOMEM. Cheap enough to run
 * on every document: windows without a cue word or a quotation mark are
 * skipped, and features are hashed without allocation. */
ws_status ws__tagger_find(const ws__model *m, const ws__doc *doc, ws__vec *out);

/* The same, on the paragraphs p of doc with paras[p] != 0 only (paras has
 * doc->npara entries; NULL tags them all): the engine may skip paragraphs
 * its rules have settled, to save time. */
ws_status ws__tagger_find_in(const ws__model *m, const ws__doc *doc, const uint8_t *paras,
                             ws__vec *out);

/* ---- Shared by tagger.c and tagger_train.c ------------------------------ */

/* Wraps a copy of m (which keeps its weights) as a public model, or NULL
 * when memory runs out. */
ws_model *ws__model_wrap(const ws__model *m);

/* The hash of a token's words as features see them (lower case, folded
 * quotation marks and digits). */
uint64_t ws__word_hash(const ws__doc *doc, const ws__token *t);

/* The same hash of n bytes of a word's text (for word lists). */
uint64_t ws__text_hash(const char *text, size_t n);

/* The bit of the cue-word set for a word hash. */
static inline uint32_t ws__cue_bit(uint64_t h) {
  h ^= h >> 29;
  h *= 0xBF58476D1CE4E5B9ull;
  h ^= h >> 32;
  return (uint32_t)(h >> (64 - WS__CUE_BITS));
}

/* The slot of the word-cluster table for a word hash. */
static inline uint32_t ws__clus_slot(uint64_t h) {
  h |= 1; /* The trainer's tables keep hashes with the low bit set. */
  h ^= h >> 31;
  h *= 0x94D049BB133111EBull;
  h ^= h >> 29;
  return (uint32_t)(h >> (64 - WS__CLUS_BITS));
}

/* Per-window state of the features: ws__feat_prepare fills it, ws__feats
 * reads it. */
typedef struct ws__feat_scratch {
  uint64_t word[WS__WINDOW + 4]; /* Lower-cased word hashes, 2 pads each side. */
  uint64_t shape[WS__WINDOW + 4];
  uint32_t lex[WS__WINDOW + 4];
  uint16_t cl[WS__WINDOW + 4];   /* Clusters: fine | coarse << 8 (0: none). */
  int16_t cue_left[WS__WINDOW]; /* Nearest cue word to the left in the
                                   sentence (window index), or -1. */
  int16_t cue_right[WS__WINDOW];
  uint8_t between[WS__WINDOW];   /* Punctuation between token and left cue. */
  uint8_t between_r[WS__WINDOW]; /* ... and between token and right cue. */
  uint8_t cue[WS__WINDOW];       /* 1 for a cue word (lexicon or learned). */
  uint8_t cls[WS__WINDOW];       /* Token class, for the transitions. */
  uint8_t busy[WS__WINDOW];      /* Punctuation, a quotation mark or a cue word is
                                    at or next to the token (bit 2: at it). */
  bool any;                      /* A cue word or a quotation mark is there. */
} ws__feat_scratch;

/* Fills s for window [first, end) of doc; m gives the learned cue words. */
void ws__feat_prepare(const ws__model *m, const ws__doc *doc, uint32_t first,
                      uint32_t end, ws__feat_scratch *s);

/* The features of token i of doc, inside window [first, end), as table rows
 * of m (reduced to m->bits), for head 0 or 1. Returns how many (at most
 * WS__MAX_FEATS). */
size_t ws__feats(const ws__model *m, const ws__doc *doc, uint32_t first, uint32_t end,
                 uint32_t i, const ws__feat_scratch *s, int head, uint32_t *out);

/* The tokens the second head tags for a cue: the sentence of its first
 * token and the sentences on each side, within window [first, end). */
void ws__arg_window(const ws__model *m, const ws__doc *doc, uint32_t first, uint32_t end,
                    ws__range cue, uint32_t *af, uint32_t *ae);

/* For each token of [af, ae), what lies between it and the cue (bits). */
typedef struct ws__rel_scratch {
  uint8_t between[WS__WINDOW];
} ws__rel_scratch;

void ws__rel_prepare(const ws__doc *doc, uint32_t first, uint32_t af, uint32_t ae,
                     ws__range cue, const ws__feat_scratch *s, ws__rel_scratch *r);

/* The features of token i (in [af, ae)) relative to the cue: side,
 * distance, what lies between, the cue's words. Returns how many. */
size_t ws__rel_feats(const ws__model *m, const ws__doc *doc, uint32_t first, uint32_t af,
                     uint32_t i, ws__range cue, const ws__feat_scratch *s,
                     const ws__rel_scratch *r, uint32_t *out);

/* Forces the tags of the second head on [af, ae): the cue's tokens are the
 * cue, no other token is. em holds ae - af rows. */
void ws__constrain(int32_t *em, uint32_t af, uint32_t ae, ws__range cue);

/* Makes the triple of a cue from the second head's tags over [af, ae).
 * Returns false when they hold no content. */
bool ws__arg_triple(const ws__doc *doc, uint32_t af, uint32_t ae, ws__range cue,
                    const uint8_t *tags, ws__triple *out);

/* Cuts the tokens of paragraph p into windows: calls fn(first, end) for
 * each, ends at sentence ends when possible. Returns the first non-WS_OK. */
typedef ws_status (*ws__window_fn)(void *ud, uint32_t first, uint32_t end);
ws_status ws__windows(const ws__doc *doc, ws__window_fn fn, void *ud);

/* Viterbi over n tokens with emission scores em[n][WS__NTAGS] and
 * transitions trans[class][prev][tag] chosen by each token's class cls[i];
 * writes the best tags into tags. */
typedef int32_t ws__trans[WS__NCLS][WS__NTAGS + 1][WS__NTAGS];
void ws__viterbi(const ws__trans *trans, const uint8_t *cls, const int32_t *em, size_t n,
                 uint8_t *tags);

/* True when tag b may follow tag a (a == WS__NTAGS for the start). */
bool ws__tag_allowed(int a, int b);

#endif /* WS_TAGGER_H */
