/* tagger_train.c: trains the attribution tagger and implements the public
 * ws_trainer interface.
 *
 * Both heads are averaged structured perceptrons (Collins 2002) sharing one
 * hashed weight table. The first head tags every window (source, cue,
 * content); the second is trained on each gold cue in turn and tags the
 * source and content of that cue, with features relative to it.
 *
 * Documents are segmented once; gold spans become BIO tags and each
 * token's feature rows are computed once and kept. Each pass visits the
 * training windows and cue instances in an order drawn from a fixed-seed
 * generator, tags each with the current weights (Viterbi) and, when the tags
 * differ from the gold, adds the gold path's features and subtracts the
 * predicted path's. All weights are integers, so training is exactly
 * reproducible; each run's model is the average of the weights over all
 * its steps, the model the mean of RUNS runs in different orders, coded in
 * 8 bits on a logarithmic scale. Before the features, the words of the
 * training texts are clustered by their neighbours (learn_clusters). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tagger.h"

enum { MAX_GOLD_PIECES = 8 };

/* A gold attribution, in tokens. */
typedef struct gold_attr {
  ws__range src, cue;
  bool has_src, has_cue;
  uint8_t n;
  ws__range piece[MAX_GOLD_PIECES];
} gold_attr;

/* A document: training documents are kept until training starts,
 * development documents until the trainer is freed. */
typedef struct tdoc {
  char *text;
  ws__arena arena;
  ws__doc doc;
  uint8_t *tags; /* Gold tag of each token for the first head. */
  ws__vec gold;  /* gold_attr */
  bool dev;
  uint32_t win_first, win_n;
} tdoc;

/* A window of tokens [first, end) of a document. Its tokens' gold tags and
 * classes start at entry tok of the token arrays; their first-head feature
 * offsets at entry fo of foff (n + 1 entries); their second-head feature
 * offsets at entry fo2 of foff2, when has2. */
typedef struct twin {
  uint32_t tok, fo, fo2;
  uint32_t first, end;
  bool dev, has2;
} twin;

/* A cue of the gold for the second head: its window, its tokens, the
 * tokens [af, ae) tagged, their gold tags (at entry gold of gold2) and
 * their relative feature offsets (at entry ro of roff, n + 1 entries). */
typedef struct tinst {
  uint32_t win;
  ws__range cue;
  uint32_t af, ae;
  uint32_t gold, ro;
} tinst;

/* A growable array of n items (size bytes each) with room for cap. */
typedef struct arr {
  void *p;
  size_t n, cap, size;
} arr;

struct ws_trainer {
  ws_train_options o;
  arr docs;                /* tdoc *: training documents, until training starts */
  arr devs;                /* tdoc * */
  arr wins;                /* twin */
  arr insts;               /* tinst */
  arr gold, cls;           /* uint8_t per window token */
  arr foff, feats;         /* first head: uint32_t offsets, rows */
  arr foff2, feats2;       /* second head, without the cue */
  arr gold2, roff, rfeats; /* second head: per instance token */
  uint32_t ntrain;
  ws__model proto; /* Hash bits and learned cue words of the features. */
  uint8_t *cues;
  uint8_t *clus; /* Word-cluster table (ws__model.clus). */
  /* Clusters given by ws_trainer_set_clusters(): per word, its hash and
   * its fine and coarse cluster (1 + number), in the order given. */
  uint64_t *xh;
  uint8_t *xc;
  size_t xn;
  ws_cluster_use xuse;
  int32_t *w; /* Current weights, 2^bits * WS__TAG_STRIDE. */
  int64_t *u; /* Sums of step * change, for averaging. */
  /* Transitions of each head: per token class, and (at WS__NCLS) shared. */
  int32_t tw[2][WS__NCLS + 1][WS__NTAGS + 1][WS__NTAGS];
  int64_t tu[2][WS__NCLS + 1][WS__NTAGS + 1][WS__NTAGS];
  ws__trans eff[2]; /* tw[class] + tw[WS__NCLS]: what Viterbi uses. */
  int64_t steps;
  /* Sums of the averaged weights of the runs done (see RUNS). */
  double *acc;
  double acc_t[2][WS__NCLS][WS__NTAGS + 1][WS__NTAGS];
  unsigned runs_done;
};

/* Training makes RUNS models from the same data, each visiting it in its
 * own order, and averages them: the result varies less with the order
 * (about +0.003 exact F1 on dev, and a third of the spread between seeds). */
enum { RUNS = 3 };

/* ---- Arrays -------------------------------------------------------------- */

static bool arr_reserve(arr *a, size_t need) {
  if (need <= a->cap)
    return true;
  size_t cap = a->cap ? a->cap : 1024;
  while (cap < need)
    cap *= 2;
  void *p = realloc(a->p, cap * a->size);
  if (!p)
    return false;
  a->p = p;
  a->cap = cap;
  return true;
}

static bool arr_add(arr *a, const void *item, size_t n) {
  if (!arr_reserve(a, a->n + n))
    return false;
  memcpy((char *)a->p + a->n * a->size, item, n * a->size);
  a->n += n;
  return true;
}

/* Appends the current size of rows to off (an offset array). */
static bool arr_mark(arr *off, const arr *rows) {
  uint32_t v = (uint32_t)rows->n;
  return rows->n < UINT32_MAX && arr_add(off, &v, 1);
}

#define ARR(type) ((arr){NULL, 0, 0, sizeof(type)})
#define A(a, type) ((type *)(a).p)

/* ---- Random order -------------------------------------------------------- */

static uint64_t next_rand(uint64_t *s) {
  uint64_t x = *s;
  x ^= x << 13, x ^= x >> 7, x ^= x << 17;
  return *s = x;
}

/* Shuffles n indices with the generator state *s (Fisher-Yates). */
static void shuffle(uint32_t *v, size_t n, uint64_t *s) {
  for (size_t i = n; i > 1; i--) {
    size_t j = (size_t)(next_rand(s) % i);
    uint32_t t = v[i - 1];
    v[i - 1] = v[j], v[j] = t;
  }
}

/* ---- Creating and adding ------------------------------------------------- */

ws_trainer *ws_trainer_new(const ws_train_options *opts) {
  ws_train_options o = {0};
  if (opts)
    o = *opts;
  if (o.abi_version > WS_TRAIN_OPTIONS_VERSION || o.fraction < 0 || o.fraction > 1 ||
      (o.hash_bits && (o.hash_bits < 8 || o.hash_bits > 24)))
    return NULL;
  o.epochs = o.epochs ? o.epochs : 10;
  o.hash_bits = o.hash_bits ? o.hash_bits : 20;
  o.seed = o.seed ? o.seed : 1;
  o.fraction = o.fraction > 0 ? o.fraction : 1;
  ws_trainer *t = calloc(1, sizeof *t);
  if (!t)
    return NULL;
  t->o = o;
  t->docs = ARR(tdoc *), t->devs = ARR(tdoc *), t->wins = ARR(twin),
  t->insts = ARR(tinst);
  t->gold = ARR(uint8_t), t->cls = ARR(uint8_t);
  t->foff = ARR(uint32_t), t->feats = ARR(uint32_t);
  t->foff2 = ARR(uint32_t), t->feats2 = ARR(uint32_t);
  t->gold2 = ARR(uint8_t), t->roff = ARR(uint32_t), t->rfeats = ARR(uint32_t);
  t->proto.bits = o.hash_bits;
  t->cues = calloc(1u << (WS__CUE_BITS - 3), 1);
  t->proto.cues = t->cues;
  t->clus = calloc((size_t)2 << WS__CLUS_BITS, 1);
  t->proto.clus = t->clus;
  size_t nw = ((size_t)1 << o.hash_bits) * WS__TAG_STRIDE;
  t->w = calloc(nw, sizeof *t->w);
  t->u = calloc(nw, sizeof *t->u);
  if (!t->w || !t->u || !t->cues || !t->clus) {
    ws_trainer_free(t);
    return NULL;
  }
  return t;
}

/* The tokens [*first, *last] overlapping bytes [start, end); false if none. */
static bool tokens_of(const ws__doc *doc, size_t start, size_t end, uint32_t *first,
                      uint32_t *last) {
  size_t lo = 0, hi = doc->ntok;
  while (lo < hi) { /* first token ending after start */
    size_t mid = lo + (hi - lo) / 2;
    if (doc->tok[mid].end <= start)
      lo = mid + 1;
    else
      hi = mid;
  }
  if (lo >= doc->ntok || doc->tok[lo].start >= end)
    return false;
  size_t k = lo;
  while (k + 1 < doc->ntok && doc->tok[k + 1].start < end)
    k++;
  *first = (uint32_t)lo, *last = (uint32_t)k;
  return true;
}

/* Sets the first head's gold tags of doc: the cue spans, in BIO. (Training
 * it on cues alone finds more of them than training it on all roles.) */
static void gold_tags(const ws__doc *doc, const ws_gold_span *spans, size_t n,
                      uint8_t *tags) {
  for (size_t k = 0; k < n; k++) {
    uint32_t f, l;
    if (spans[k].role != WS_ROLE_CUE ||
        !tokens_of(doc, spans[k].start, spans[k].end, &f, &l))
      continue;
    bool inside = false;
    for (uint32_t i = f; i <= l; i++) {
      if (tags[i] == WS__TAG_O)
        tags[i] = (uint8_t)(inside ? WS__TAG_I_CUE : WS__TAG_B_CUE), inside = true;
      else
        inside = false;
    }
  }
}

static int cmp_gold_span(const void *a, const void *b) {
  const ws_gold_span *x = a, *y = b;
  if (x->attribution != y->attribution)
    return x->attribution < y->attribution ? -1 : 1;
  if (x->start != y->start)
    return x->start < y->start ? -1 : 1;
  return (int)x->role - (int)y->role;
}

/* Builds the gold attributions of a development document. */
static ws_status gold_attrs(tdoc *d, const ws_gold_span *spans, size_t n) {
  ws_gold_span *s = malloc((n ? n : 1) * sizeof *s);
  if (!s)
    return WS_ERR_NOMEM;
  memcpy(s, spans, n * sizeof *s);
  qsort(s, n, sizeof *s, cmp_gold_span);
  for (size_t i = 0, j; i < n; i = j) {
    gold_attr g;
    memset(&g, 0, sizeof g);
    for (j = i; j < n && s[j].attribution == s[i].attribution; j++) {
      uint32_t f, l;
      if (!tokens_of(&d->doc, s[j].start, s[j].end, &f, &l))
        continue;
      if (s[j].role == WS_ROLE_SOURCE && !g.has_src)
        g.src = (ws__range){f, l}, g.has_src = true;
      else if (s[j].role == WS_ROLE_CUE && !g.has_cue)
        g.cue = (ws__range){f, l}, g.has_cue = true;
      else if (s[j].role == WS_ROLE_CONTENT && g.n < MAX_GOLD_PIECES)
        g.piece[g.n++] = (ws__range){f, l};
    }
    gold_attr *slot = ws__vec_push(&d->gold);
    if (!slot) {
      free(s);
      return WS_ERR_NOMEM;
    }
    *slot = g;
  }
  free(s);
  return WS_OK;
}

/* Frees a document. */
static void tdoc_free(tdoc *d) {
  if (!d)
    return;
  ws__vec_free(&d->gold);
  free(d->tags);
  ws__doc_free(&d->doc);
  ws__arena_free(&d->arena);
  free(d->text);
  free(d);
}

ws_status ws_trainer_add(ws_trainer *t, const char *text, size_t len,
                         const ws_gold_span *spans, size_t n, int dev) {
  if (!t || (!text && len) || (!spans && n) || len > UINT32_MAX - 16 || t->wins.n)
    return WS_ERR_INVALID_ARG;
  tdoc *d = calloc(1, sizeof *d);
  if (!d || !(d->text = malloc(len + 1))) {
    free(d);
    return WS_ERR_NOMEM;
  }
  if (len)
    memcpy(d->text, text, len);
  d->dev = dev != 0;
  ws__arena_init(&d->arena);
  ws__vec_init(&d->gold, sizeof(gold_attr));
  ws_status st = ws__segment(&d->doc, &d->arena, d->text, len);
  if (st == WS_OK && !(d->tags = calloc(d->doc.ntok + 1, 1)))
    st = WS_ERR_NOMEM;
  if (st == WS_OK)
    gold_tags(&d->doc, spans, n, d->tags);
  if (st == WS_OK)
    st = gold_attrs(d, spans, n);
  if (st == WS_OK && !arr_add(dev ? &t->devs : &t->docs, &d, 1))
    st = WS_ERR_NOMEM;
  if (st != WS_OK)
    tdoc_free(d);
  else if (!dev)
    t->ntrain++;
  return st;
}

/* ---- Features ------------------------------------------------------------ */

/* What feature computation hands to each window. */
typedef struct add_ctx {
  ws_trainer *t;
  const tdoc *d;
  ws__feat_scratch s;
  ws__rel_scratch r;
} add_ctx;

/* Appends the gold tags of the second head for gold attribution g over
 * [af, ae) to gold2. */
static bool inst_gold(ws_trainer *t, const gold_attr *g, ws__range cue, uint32_t af,
                      uint32_t ae) {
  uint8_t tags[WS__WINDOW];
  memset(tags, WS__TAG_O, ae - af);
  for (uint32_t i = cue.first; i <= cue.last; i++)
    tags[i - af] = i == cue.first ? WS__TAG_B_CUE : WS__TAG_I_CUE;
  for (size_t k = 0; k <= g->n; k++) {
    ws__range r = k < g->n ? g->piece[k] : g->src;
    if (k == g->n && !g->has_src)
      break;
    int b = k < g->n ? WS__TAG_B_CON : WS__TAG_B_SRC;
    bool inside = false;
    for (uint32_t i = r.first; i <= r.last; i++) {
      if (i < af || i >= ae || tags[i - af] != WS__TAG_O) {
        inside = false;
        continue;
      }
      tags[i - af] = (uint8_t)(inside ? b + 1 : b);
      inside = true;
    }
  }
  return arr_add(&t->gold2, tags, ae - af);
}

/* Computes the second head's own features of window w, once. */
static ws_status window_feats2(add_ctx *c, twin *w) {
  ws_trainer *t = c->t;
  uint32_t f[WS__MAX_FEATS];
  if (w->has2)
    return WS_OK;
  w->has2 = true;
  w->fo2 = (uint32_t)t->foff2.n;
  for (uint32_t i = w->first; i < w->end; i++) {
    size_t nf = ws__feats(&t->proto, &c->d->doc, w->first, w->end, i, &c->s, 1, f);
    if (!arr_mark(&t->foff2, &t->feats2) || !arr_add(&t->feats2, f, nf))
      return WS_ERR_NOMEM;
  }
  return arr_mark(&t->foff2, &t->feats2) ? WS_OK : WS_ERR_NOMEM;
}

/* Adds one second-head instance: cue in window w (index wi), with the
 * source and content of gold attribution g. */
static ws_status add_instance(add_ctx *c, twin *w, uint32_t wi, ws__range cue,
                              const gold_attr *g) {
  ws_trainer *t = c->t;
  uint32_t f[WS__MAX_FEATS];
  ws_status st = window_feats2(c, w);
  if (st != WS_OK)
    return st;
  tinst in = {wi, cue, 0, 0, (uint32_t)t->gold2.n, (uint32_t)t->roff.n};
  ws__arg_window(&t->proto, &c->d->doc, w->first, w->end, cue, &in.af, &in.ae);
  ws__rel_prepare(&c->d->doc, w->first, in.af, in.ae, cue, &c->s, &c->r);
  for (uint32_t i = in.af; i < in.ae; i++) {
    size_t nf =
        ws__rel_feats(&t->proto, &c->d->doc, w->first, in.af, i, cue, &c->s, &c->r, f);
    if (!arr_mark(&t->roff, &t->rfeats) || !arr_add(&t->rfeats, f, nf))
      return WS_ERR_NOMEM;
  }
  if (!arr_mark(&t->roff, &t->rfeats) || !inst_gold(t, g, cue, in.af, in.ae) ||
      !arr_add(&t->insts, &in, 1))
    return WS_ERR_NOMEM;
  return WS_OK;
}

/* Adds the second-head instances of window w (index wi): one per gold cue. */
static ws_status add_instances(add_ctx *c, twin *w, uint32_t wi) {
  const gold_attr *g = c->d->gold.items;
  ws_status st = WS_OK;
  for (size_t k = 0; k < c->d->gold.len && st == WS_OK; k++) {
    if (!g[k].has_cue || g[k].cue.first < w->first || g[k].cue.first >= w->end)
      continue;
    ws__range cue = g[k].cue;
    if (cue.last >= w->end)
      cue.last = w->end - 1;
    st = add_instance(c, w, wi, cue, &g[k]);
  }
  return st;
}

/* Computes and stores the features and gold tags of one window, and the
 * second-head instances of a training document's cues in it. */
static ws_status add_window(void *ud, uint32_t first, uint32_t end) {
  add_ctx *c = ud;
  ws_trainer *t = c->t;
  twin w = {(uint32_t)t->gold.n, (uint32_t)t->foff.n, 0, first, end, c->d->dev, false};
  if (!arr_add(&t->gold, c->d->tags + first, end - first))
    return WS_ERR_NOMEM;
  ws__feat_prepare(&t->proto, &c->d->doc, first, end, &c->s);
  if (!arr_add(&t->cls, c->s.cls, end - first))
    return WS_ERR_NOMEM;
  uint32_t f[WS__MAX_FEATS];
  for (uint32_t i = first; i < end; i++) {
    size_t nf = ws__feats(&t->proto, &c->d->doc, first, end, i, &c->s, 0, f);
    if (!arr_mark(&t->foff, &t->feats) || !arr_add(&t->feats, f, nf))
      return WS_ERR_NOMEM;
  }
  if (!arr_mark(&t->foff, &t->feats))
    return WS_ERR_NOMEM;
  ws_status st = c->d->dev ? WS_OK : add_instances(c, &w, (uint32_t)t->wins.n);
  if (st == WS_OK && !arr_add(&t->wins, &w, 1))
    st = WS_ERR_NOMEM;
  return st;
}

/* Computes the windows, features and gold tags of document d. */
static ws_status add_features(ws_trainer *t, tdoc *d) {
  add_ctx *c = malloc(sizeof *c);
  if (!c)
    return WS_ERR_NOMEM;
  c->t = t, c->d = d;
  d->win_first = (uint32_t)t->wins.n;
  ws_status st = ws__windows(&d->doc, add_window, c);
  d->win_n = (uint32_t)t->wins.n - d->win_first;
  free(c);
  return st;
}

/* Learns the cue-word set from the gold cues of the chosen documents: words
 * that are part of a cue at least MIN_CUE times and in at least CUE_SHARE of
 * their uses. */
enum { COUNT_BITS = 20, MIN_CUE = 3 };
#define CUE_SHARE 0.05
static ws_status learn_cues(ws_trainer *t, const uint8_t *keep) {
  uint32_t *cue = calloc((size_t)1 << COUNT_BITS, sizeof *cue);
  uint32_t *all = calloc((size_t)1 << COUNT_BITS, sizeof *all);
  if (!cue || !all) {
    free(cue), free(all);
    return WS_ERR_NOMEM;
  }
  for (size_t k = 0; k < t->docs.n; k++) {
    const tdoc *d = A(t->docs, tdoc *)[k];
    for (size_t i = 0; keep[k] && i < d->doc.ntok; i++) {
      uint64_t h = ws__word_hash(&d->doc, &d->doc.tok[i]);
      uint32_t b = (uint32_t)((h * 0x9E3779B97F4A7C15ull) >> (64 - COUNT_BITS));
      all[b]++;
      cue[b] += d->tags[i] == WS__TAG_B_CUE || d->tags[i] == WS__TAG_I_CUE;
    }
  }
  for (size_t k = 0; k < t->docs.n; k++) {
    const tdoc *d = A(t->docs, tdoc *)[k];
    for (size_t i = 0; keep[k] && i < d->doc.ntok; i++) {
      const ws__token *tk = &d->doc.tok[i];
      if (tk->type != WS__TOK_WORD)
        continue;
      uint64_t h = ws__word_hash(&d->doc, tk);
      uint32_t b = (uint32_t)((h * 0x9E3779B97F4A7C15ull) >> (64 - COUNT_BITS));
      if (cue[b] >= MIN_CUE && (double)cue[b] >= CUE_SHARE * all[b]) {
        uint32_t c = ws__cue_bit(h);
        t->cues[c >> 3] |= (uint8_t)(1u << (c & 7));
      }
    }
  }
  free(cue), free(all);
  return WS_OK;
}


/* ---- Word clusters -------------------------------------------------------- */

/* Words of the training texts are clustered by their neighbours (no
 * annotation is used): each word seen at least CL_MINC times (the CL_MAXV
 * most frequent) is a vector of positive pointwise mutual information with
 * the CL_CTX most frequent words as left and as right neighbour, normalised;
 * spherical k-means groups the vectors into CL_FINE and, separately,
 * CL_COARSE clusters. Everything is in a fixed order, so the clusters are
 * the same on every run. */
enum { CL_MINC = 3, CL_MAXV = 40000, CL_CTX = 1000, CL_FINE = 250, CL_COARSE = 30,
       CL_ITERS = 12, CL_TAB_BITS = 21 };

/* A word of the clustering vocabulary. */
typedef struct cl_word {
  uint64_t h;
  uint32_t n;
} cl_word;

static int cmp_cl_word(const void *a, const void *b) {
  const cl_word *x = a, *y = b;
  if (x->n != y->n)
    return x->n > y->n ? -1 : 1;
  return (x->h > y->h) - (x->h < y->h);
}

static int cmp_u64(const void *a, const void *b) {
  uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
  return (x > y) - (x < y);
}

/* An open-addressing table from word hash to a value (count, then index). */
typedef struct cl_tab {
  uint64_t *key;
  uint32_t *val;
  size_t mask;
} cl_tab;

static uint32_t *cl_find(cl_tab *tb, uint64_t h, bool add) {
  uint64_t k = h | 1; /* 0 marks an empty slot. */
  size_t i = (size_t)((k * 0x9E3779B97F4A7C15ull) >> (64 - CL_TAB_BITS)) & tb->mask;
  while (tb->key[i] && tb->key[i] != k)
    i = (i + 1) & tb->mask;
  if (!tb->key[i]) {
    if (!add)
      return NULL;
    tb->key[i] = k;
  }
  return &tb->val[i];
}

/* Assigns each of the nv sparse vectors (CSR: rows off, dims dim, values
 * val) to one of k clusters by spherical k-means over dims nd; writes the
 * cluster of each to out. */
static bool kmeans(size_t nv, const uint32_t *off, const uint32_t *dim, const double *val,
                   size_t nd, unsigned k, uint8_t *out) {
  double *c = calloc(nd * k, sizeof *c), *sc = malloc(k * sizeof *sc);
  if (!c || !sc) {
    free(c), free(sc);
    return false;
  }
  for (unsigned j = 0; j < k; j++) { /* Seeds spread over the frequency ranks. */
    size_t v = (size_t)j * nv / k;
    for (uint32_t x = off[v]; x < off[v + 1]; x++)
      c[(size_t)dim[x] * k + j] = val[x];
  }
  memset(out, 0, nv);
  for (int it = 0; it < CL_ITERS; it++) {
    for (size_t v = 0; v < nv; v++) {
      memset(sc, 0, k * sizeof *sc);
      for (uint32_t x = off[v]; x < off[v + 1]; x++) {
        const double *cd = c + (size_t)dim[x] * k;
        for (unsigned j = 0; j < k; j++)
          sc[j] += val[x] * cd[j];
      }
      unsigned best = 0;
      for (unsigned j = 1; j < k; j++)
        if (sc[j] > sc[best])
          best = j;
      out[v] = (uint8_t)best;
    }
    double *norm = sc;
    memset(c, 0, nd * k * sizeof *c);
    for (size_t v = 0; v < nv; v++)
      for (uint32_t x = off[v]; x < off[v + 1]; x++)
        c[(size_t)dim[x] * k + out[v]] += val[x];
    memset(norm, 0, k * sizeof *norm);
    for (size_t d = 0; d < nd; d++)
      for (unsigned j = 0; j < k; j++)
        norm[j] += c[d * k + j] * c[d * k + j];
    for (unsigned j = 0; j < k; j++)
      norm[j] = norm[j] > 0 ? 1 / sqrt(norm[j]) : 0;
    for (size_t d = 0; d < nd; d++)
      for (unsigned j = 0; j < k; j++)
        c[d * k + j] *= norm[j];
  }
  free(c), free(sc);
  return true;
}

static ws_status learn_clusters(ws_trainer *t, const uint8_t *keep) {
  size_t tn = (size_t)1 << CL_TAB_BITS;
  cl_tab tb = {calloc(tn, sizeof(uint64_t)), calloc(tn, sizeof(uint32_t)), tn - 1};
  cl_word *vw = NULL;
  uint64_t *pairs = NULL;
  uint32_t *off = NULL, *dim = NULL;
  double *val = NULL, *rsum = NULL, *csum = NULL;
  uint8_t *fine = NULL, *coarse = NULL;
  size_t nw = 0, np = 0, cap = 0, nv = 0, nz = 0;
  ws_status st = tb.key && tb.val ? WS_OK : WS_ERR_NOMEM;
  /* Counts. */
  for (size_t k = 0; k < t->docs.n && st == WS_OK; k++) {
    const tdoc *d = A(t->docs, tdoc *)[k];
    for (size_t i = 0; keep[k] && i < d->doc.ntok; i++) {
      uint32_t *c = cl_find(&tb, ws__word_hash(&d->doc, &d->doc.tok[i]), true);
      if (!*c)
        nw++;
      (*c)++;
      if (nw * 2 > tn)
        st = WS_ERR_NOMEM; /* Too many distinct words for the table. */
    }
  }
  if (st == WS_OK && !(vw = malloc((nw + 1) * sizeof *vw)))
    st = WS_ERR_NOMEM;
  for (size_t i = 0; st == WS_OK && i < tn; i++)
    if (tb.key[i] && tb.val[i] >= CL_MINC)
      vw[nv++] = (cl_word){tb.key[i], tb.val[i]};
  if (st == WS_OK) {
    qsort(vw, nv, sizeof *vw, cmp_cl_word);
    nv = nv < CL_MAXV ? nv : CL_MAXV;
    for (size_t i = 0; i < tn; i++)
      tb.val[i] = UINT32_MAX; /* Now: index in the vocabulary, or none. */
    for (size_t v = 0; v < nv; v++)
      *cl_find(&tb, vw[v].h, false) = (uint32_t)v;
  }
  /* Pairs (word, context dimension), sorted. */
  for (size_t k = 0; k < t->docs.n && st == WS_OK; k++) {
    const tdoc *d = A(t->docs, tdoc *)[k];
    uint32_t prev = UINT32_MAX;
    for (size_t i = 0; keep[k] && i < d->doc.ntok && st == WS_OK; i++) {
      uint32_t *p = cl_find(&tb, ws__word_hash(&d->doc, &d->doc.tok[i]), false);
      uint32_t cur = p ? *p : UINT32_MAX;
      if (np + 2 > cap) {
        size_t nc = cap ? cap * 2 : 1 << 20;
        uint64_t *q = realloc(pairs, nc * sizeof *q);
        if (!q) {
          st = WS_ERR_NOMEM;
          break;
        }
        pairs = q, cap = nc;
      }
      if (cur != UINT32_MAX && prev < CL_CTX) /* prev as left context of cur */
        pairs[np++] = (uint64_t)cur << 32 | prev;
      if (prev != UINT32_MAX && cur < CL_CTX) /* cur as right context of prev */
        pairs[np++] = (uint64_t)prev << 32 | (CL_CTX + cur);
      prev = cur;
    }
  }
  if (st == WS_OK) {
    if (np)
      qsort(pairs, np, sizeof *pairs, cmp_u64);
    off = calloc(nv + 1, sizeof *off), dim = malloc((np + 1) * sizeof *dim);
    val = malloc((np + 1) * sizeof *val), rsum = calloc(nv + 1, sizeof *rsum);
    csum = calloc(2 * CL_CTX, sizeof *csum);
    fine = calloc(nv + 1, 1), coarse = calloc(nv + 1, 1);
    if (!off || !dim || !val || !rsum || !csum || !fine || !coarse)
      st = WS_ERR_NOMEM;
  }
  if (st == WS_OK) {
    double total = 0;
    for (size_t i = 0, j; i < np; i = j) {
      for (j = i; j < np && pairs[j] == pairs[i]; j++)
        ;
      uint32_t v = (uint32_t)(pairs[i] >> 32), d0 = (uint32_t)pairs[i];
      dim[nz] = d0, val[nz] = (double)(j - i);
      off[v + 1] = (uint32_t)++nz;
      rsum[v] += (double)(j - i), csum[d0] += (double)(j - i), total += (double)(j - i);
    }
    for (size_t v = 1; v <= nv; v++)
      if (off[v] < off[v - 1])
        off[v] = off[v - 1];
    for (size_t v = 0; v < nv; v++) {
      double norm = 0;
      for (uint32_t x = off[v]; x < off[v + 1]; x++) {
        double p = log(val[x] * total / (rsum[v] * csum[dim[x]]));
        val[x] = p > 0 ? p : 0;
        norm += val[x] * val[x];
      }
      norm = norm > 0 ? 1 / sqrt(norm) : 0;
      for (uint32_t x = off[v]; x < off[v + 1]; x++)
        val[x] *= norm;
    }
    if (nv && (!kmeans(nv, off, dim, val, 2 * CL_CTX, CL_FINE, fine) ||
                !kmeans(nv, off, dim, val, 2 * CL_CTX, CL_COARSE, coarse)))
      st = WS_ERR_NOMEM;
  }
  for (size_t v = 0; st == WS_OK && v < nv; v++) {
    uint8_t *slot = t->clus + 2 * (size_t)ws__clus_slot(vw[v].h);
    if (!slot[0])
      slot[0] = (uint8_t)(fine[v] + 1), slot[1] = (uint8_t)(coarse[v] + 1);
  }
  free(tb.key), free(tb.val), free(vw), free(pairs), free(off), free(dim), free(val);
  free(rsum), free(csum), free(fine), free(coarse);
  return st;
}

/* Reads a cluster number (0 to 254) from [*p, end) up to a TAB or the end
 * of the line; *v is 1 + the number. */
static bool cluster_number(const char **p, const char *end, uint8_t *v) {
  unsigned n = 0, digits = 0;
  for (; *p < end && **p >= '0' && **p <= '9' && digits < 4; (*p)++, digits++)
    n = n * 10 + (unsigned)(**p - '0');
  if (!digits || n > 254)
    return false;
  *v = (uint8_t)(n + 1);
  return true;
}

ws_status ws_trainer_set_clusters(ws_trainer *t, const char *text, size_t len,
                                  ws_cluster_use use) {
  if (!t || (!text && len) || t->wins.n ||
      (unsigned)use > WS_CLUSTERS_EXTEND_BESIDE)
    return WS_ERR_INVALID_ARG;
  size_t lines = 0;
  for (size_t i = 0; i < len; i++)
    lines += text[i] == '\n';
  lines++;
  uint64_t *h = malloc(lines * sizeof *h);
  uint8_t *c = malloc(lines * 2);
  if (!h || !c) {
    free(h), free(c);
    return WS_ERR_NOMEM;
  }
  size_t n = 0;
  const char *p = text, *end = text + len;
  while (p < end) {
    const char *eol = memchr(p, '\n', (size_t)(end - p));
    eol = eol ? eol : end;
    const char *tab = memchr(p, '\t', (size_t)(eol - p));
    const char *q = tab ? tab + 1 : NULL;
    bool ok = tab && tab > p && cluster_number(&q, eol, &c[2 * n]) && q < eol &&
              *q++ == '\t' && cluster_number(&q, eol, &c[2 * n + 1]) &&
              (q == eol || (*q == '\r' && q + 1 == eol));
    if (!ok) {
      free(h), free(c);
      return WS_ERR_FORMAT;
    }
    h[n++] = ws__text_hash(p, (size_t)(tab - p));
    p = eol < end ? eol + 1 : end;
  }
  free(t->xh), free(t->xc);
  t->xh = h, t->xc = c, t->xn = n, t->xuse = use;
  return WS_OK;
}

/* The index of the largest of the n counts (the first of equals), or -1
 * when all are 0. */
static int most(const uint32_t *c, int n) {
  int best = -1;
  for (int k = 0; k < n; k++)
    if (c[k] && (best < 0 || c[k] > c[best]))
      best = k;
  return best;
}

/* WS_CLUSTERS_EXTEND: each word of the list without learned clusters gets
 * the learned fine and coarse clusters most words of its given fine cluster
 * have. */
static ws_status extend_clusters(ws_trainer *t) {
  uint32_t(*vf)[256] = calloc(256, sizeof *vf), (*vc)[256] = calloc(256, sizeof *vc);
  if (!vf || !vc) {
    free(vf), free(vc);
    return WS_ERR_NOMEM;
  }
  for (size_t k = 0; k < t->xn; k++) { /* Votes of the words with clusters. */
    const uint8_t *slot = t->clus + 2 * (size_t)ws__clus_slot(t->xh[k]);
    if (slot[0])
      vf[t->xc[2 * k]][slot[0]]++, vc[t->xc[2 * k]][slot[1]]++;
  }
  for (size_t k = 0; k < t->xn; k++) {
    uint8_t *slot = t->clus + 2 * (size_t)ws__clus_slot(t->xh[k]);
    int f = most(vf[t->xc[2 * k]], 256), c = most(vc[t->xc[2 * k]], 256);
    if (!slot[0] && f > 0 && c > 0)
      slot[0] = (uint8_t)f, slot[1] = (uint8_t)c;
  }
  free(vf), free(vc);
  return WS_OK;
}

/* Puts the given clusters into the cluster table: all of the table
 * (WS_CLUSTERS_REPLACE), or the coarse byte of each slot, filled with the
 * given fine cluster (WS_CLUSTERS_BESIDE; the learned fine clusters stay),
 * after extending the learned ones (WS_CLUSTERS_EXTEND_BESIDE), or only
 * that (WS_CLUSTERS_EXTEND). A slot keeps the first word's clusters. */
static ws_status given_clusters(ws_trainer *t) {
  ws_status st = WS_OK;
  if (t->xuse == WS_CLUSTERS_EXTEND || t->xuse == WS_CLUSTERS_EXTEND_BESIDE)
    st = extend_clusters(t);
  if (st != WS_OK || t->xuse == WS_CLUSTERS_EXTEND)
    return st;
  uint8_t *taken = calloc((size_t)1 << (WS__CLUS_BITS - 3), 1);
  if (!taken)
    return WS_ERR_NOMEM;
  for (size_t k = 0; k < t->xn; k++) {
    uint32_t s = ws__clus_slot(t->xh[k]);
    if (taken[s >> 3] & (1u << (s & 7)))
      continue;
    taken[s >> 3] |= (uint8_t)(1u << (s & 7));
    uint8_t *slot = t->clus + 2 * (size_t)s;
    if (t->xuse == WS_CLUSTERS_REPLACE)
      slot[0] = t->xc[2 * k], slot[1] = t->xc[2 * k + 1];
    else
      slot[1] = t->xc[2 * k];
  }
  if (t->xuse != WS_CLUSTERS_REPLACE) /* Learned coarse clusters of other words go. */
    for (uint32_t s = 0; s < (1u << WS__CLUS_BITS); s++)
      if (!(taken[s >> 3] & (1u << (s & 7))))
        t->clus[2 * (size_t)s + 1] = 0;
  free(taken);
  return WS_OK;
}

/* ---- Perceptron steps ---------------------------------------------------- */

/* Rows [off[k], off[k + 1]) of feats. */
static const uint32_t *rows(const arr *off, const arr *feats, size_t k, size_t *n) {
  uint32_t a = A(*off, uint32_t)[k], b = A(*off, uint32_t)[k + 1];
  *n = b - a;
  return A(*feats, uint32_t) + a;
}

/* Adds the 32-bit weights of the rows to em[0..WS__NTAGS). */
static void add_rows(const int32_t *w, const uint32_t *f, size_t nf, int32_t *em) {
  int32_t acc[WS__TAG_STRIDE] = {0};
  for (size_t k = 0; k < nf; k++) {
    const int32_t *r = w + (size_t)f[k] * WS__TAG_STRIDE;
    for (int g = 0; g < WS__TAG_STRIDE; g++)
      acc[g] += r[g];
  }
  for (int g = 0; g < WS__NTAGS; g++)
    em[g] += acc[g];
}

/* Adds d to the weights of tag g of the rows. */
static void update_rows(ws_trainer *t, const uint32_t *f, size_t nf, int g, int32_t d) {
  for (size_t i = 0; i < nf; i++) {
    size_t r = (size_t)f[i] * WS__TAG_STRIDE + (size_t)g;
    t->w[r] += d;
    t->u[r] += t->steps * d;
  }
}

/* Adds d to head h's transition a -> b into a token of class c. */
static void update_trans(ws_trainer *t, int h, int c, int a, int b, int32_t d) {
  t->tw[h][c][a][b] += d;
  t->tu[h][c][a][b] += t->steps * d;
  t->tw[h][WS__NCLS][a][b] += d;
  t->tu[h][WS__NCLS][a][b] += t->steps * d;
  for (int k = 0; k < WS__NCLS; k++)
    t->eff[h][k][a][b] += d;
  t->eff[h][c][a][b] += d;
}

/* The score of a tag path. */
static int64_t path_score(const ws__trans *tr, const uint8_t *cls, const int32_t *em,
                          const uint8_t *tags, size_t n) {
  int64_t s = 0;
  for (size_t j = 0; j < n; j++)
    s +=
        em[j * WS__NTAGS + tags[j]] + (*tr)[cls[j]][j ? tags[j - 1] : WS__NTAGS][tags[j]];
  return s;
}

/* One sequence to learn: n tokens, their gold tags and classes, and where
 * each token's rows are (up to two lists). */
typedef struct seq {
  int head;
  size_t n;
  const uint8_t *gold, *cls;
  const arr *off[2], *feats[2];
  size_t at[2]; /* Offset index of the first token in each list. */
  int lists;
} seq;

/* Emission scores of a sequence from the current weights. */
static void seq_emit(const ws_trainer *t, const seq *q, int32_t *em) {
  memset(em, 0, q->n * WS__NTAGS * sizeof *em);
  for (size_t j = 0; j < q->n; j++)
    for (int l = 0; l < q->lists; l++) {
      size_t nf;
      const uint32_t *f = rows(q->off[l], q->feats[l], q->at[l] + j, &nf);
      add_rows(t->w, f, nf, em + j * WS__NTAGS);
    }
}

/* Adds d to tag g of the rows of token j of q. */
static void seq_update(ws_trainer *t, const seq *q, size_t j, int g, int32_t d) {
  for (int l = 0; l < q->lists; l++) {
    size_t nf;
    const uint32_t *f = rows(q->off[l], q->feats[l], q->at[l] + j, &nf);
    update_rows(t, f, nf, g, d);
  }
}

/* One perceptron step on q, whose emissions em are computed (and
 * constrained). Returns the number of wrong tags; adds the loss
 * (predicted minus gold path score) to *loss. */
static size_t learn(ws_trainer *t, const seq *q, const int32_t *em, uint8_t *pred,
                    double *loss) {
  ws__viterbi(&t->eff[q->head], q->cls, em, q->n, pred);
  t->steps++;
  size_t wrong = 0;
  for (size_t j = 0; j < q->n; j++)
    wrong += pred[j] != q->gold[j];
  if (!wrong)
    return 0;
  *loss += (double)(path_score(&t->eff[q->head], q->cls, em, pred, q->n) -
                    path_score(&t->eff[q->head], q->cls, em, q->gold, q->n));
  for (size_t j = 0; j < q->n; j++) {
    int pa = j ? pred[j - 1] : WS__NTAGS, ga = j ? q->gold[j - 1] : WS__NTAGS;
    if (pred[j] != q->gold[j]) {
      seq_update(t, q, j, q->gold[j], 1);
      seq_update(t, q, j, pred[j], -1);
    }
    if (pred[j] != q->gold[j] || pa != ga) {
      update_trans(t, q->head, q->cls[j], ga, q->gold[j], 1);
      update_trans(t, q->head, q->cls[j], pa, pred[j], -1);
    }
  }
  return wrong;
}

/* The first head's sequence of window w. */
static seq window_seq(const ws_trainer *t, const twin *w) {
  seq q = {0,
           w->end - w->first,
           A(t->gold, uint8_t) + w->tok,
           A(t->cls, uint8_t) + w->tok,
           {&t->foff, NULL},
           {&t->feats, NULL},
           {w->fo, 0},
           1};
  return q;
}

/* The second head's sequence of instance in. */
static seq inst_seq(const ws_trainer *t, const tinst *in) {
  const twin *w = &A(t->wins, twin)[in->win];
  seq q = {1,
           in->ae - in->af,
           A(t->gold2, uint8_t) + in->gold,
           A(t->cls, uint8_t) + w->tok + (in->af - w->first),
           {&t->foff2, &t->roff},
           {&t->feats2, &t->rfeats},
           {w->fo2 + (in->af - w->first), in->ro},
           2};
  return q;
}

/* One step on training item k: a window (k < wins) or an instance. */
static size_t train_item(ws_trainer *t, uint32_t k, int32_t *em, uint8_t *pred,
                         double *loss, size_t *tokens) {
  seq q;
  if (k < t->wins.n) {
    q = window_seq(t, &A(t->wins, twin)[k]);
    seq_emit(t, &q, em);
  } else {
    const tinst *in = &A(t->insts, tinst)[k - t->wins.n];
    q = inst_seq(t, in);
    seq_emit(t, &q, em);
    ws__constrain(em, in->af, in->ae, in->cue);
  }
  *tokens += q.n;
  return learn(t, &q, em, pred, loss);
}

static ws__range trim(const ws__doc *doc, ws__range r);
static int cmp_range(const void *a, const void *b);

/* ---- The averaged, 8-bit model ------------------------------------------- */

/* The averaged transition of head h, a -> b into a token of class k, after
 * c steps of the current run, averaged with the runs done. */
static double avg_trans(const ws_trainer *t, int h, int k, int a, int b, double c) {
  double v = (double)t->tw[h][k][a][b] - (double)t->tu[h][k][a][b] / c +
             (double)t->tw[h][WS__NCLS][a][b] - (double)t->tu[h][WS__NCLS][a][b] / c;
  return (t->acc_t[h][k][a][b] + v) / (t->runs_done + 1);
}

/* Weight i averaged over the c steps of the current run and the runs done. */
static double avg_w(const ws_trainer *t, size_t i, double c) {
  double v = (double)t->w[i] - (double)t->u[i] / c;
  return ((t->acc ? t->acc[i] : 0) + v) / (t->runs_done + 1);
}

/* Fills m (allocating its weights) with the averaged weights of t. */
static ws_status average(const ws_trainer *t, ws__model *m) {
  size_t nw = ((size_t)1 << t->o.hash_bits) * WS__TAG_STRIDE;
  double c = (double)(t->steps ? t->steps : 1), big = 1e-9;
  for (size_t i = 0; i < nw; i++) {
    double v = fabs(avg_w(t, i, c));
    big = v > big ? v : big;
  }
  for (int h = 0; h < 2; h++)
    for (int k = 0; k < WS__NCLS; k++)
      for (int a = 0; a <= WS__NTAGS; a++)
        for (int b = 0; b < WS__NTAGS; b++) {
          double v = fabs(avg_trans(t, h, k, a, b, c));
          big = v > big ? v : big;
        }
  memset(m, 0, sizeof *m);
  m->bits = t->o.hash_bits;
  m->flags = t->proto.flags;
  m->scale = (float)(32000.0 / big);
  m->conf_a = 0.05f;
  m->owned = malloc(nw);
  m->owned_cues = malloc(1u << (WS__CUE_BITS - 3));
  m->owned_clus = malloc((size_t)2 << WS__CLUS_BITS);
  if (!m->owned || !m->owned_cues || !m->owned_clus) {
    ws__model_release(m);
    return WS_ERR_NOMEM;
  }
  ws__weight_lut(m->lut);
  for (size_t i = 0; i < nw; i++)
    m->owned[i] = ws__weight_code(avg_w(t, i, c) * m->scale);
  for (int h = 0; h < 2; h++)
    for (int k = 0; k < WS__NCLS; k++)
      for (int a = 0; a <= WS__NTAGS; a++)
        for (int b = 0; b < WS__NTAGS; b++)
          m->trans[h][k][a][b] = (int32_t)lround(avg_trans(t, h, k, a, b, c) * m->scale);
  m->w = m->owned;
  memcpy(m->owned_cues, t->cues, 1u << (WS__CUE_BITS - 3));
  m->cues = m->owned_cues;
  memcpy(m->owned_clus, t->clus, (size_t)2 << WS__CLUS_BITS);
  m->clus = m->owned_clus;
  const char *v = t->o.version ? t->o.version : "whosaid-tagger";
  strncpy(m->version, v, sizeof m->version - 1);
  return WS_OK;
}

/* Fits the model's confidence, p = 1 / (1 + exp(-(a * margin + b))), to
 * whether each cue it finds in the development documents is a gold cue
 * (logistic regression by Newton's method, slightly regularised). Without
 * development documents, a and b keep defaults. */
static ws_status calibrate(const ws_trainer *t, ws__model *m) {
  m->conf_a = 0.05f, m->conf_b = 0;
  ws__vec triples;
  ws__vec_init(&triples, sizeof(ws__triple));
  double a = 0.05, b = 0;
  arr xs = ARR(double), ys = ARR(double);
  ws_status st = WS_OK;
  for (size_t k = 0; k < t->devs.n && st == WS_OK; k++) {
    const tdoc *d = A(t->devs, tdoc *)[k];
    triples.len = 0;
    st = ws__tagger_find(m, &d->doc, &triples);
    const ws__triple *p = triples.items;
    const gold_attr *g = d->gold.items;
    for (size_t i = 0; i < triples.len && st == WS_OK; i++) {
      ws__range pc = trim(&d->doc, p[i].cue);
      double x = p[i].score, y = 0;
      for (size_t j = 0; j < d->gold.len && !y; j++)
        if (g[j].has_cue && !cmp_range(&pc, &(ws__range){trim(&d->doc, g[j].cue).first,
                                                         trim(&d->doc, g[j].cue).last}))
          y = 1;
      if (!arr_add(&xs, &x, 1) || !arr_add(&ys, &y, 1))
        st = WS_ERR_NOMEM;
    }
  }
  for (int it = 0; it < 25 && st == WS_OK && xs.n >= 20; it++) {
    double ga = 1e-3 * a, gb = 0, haa = 1e-3, hab = 0, hbb = 1e-9;
    for (size_t i = 0; i < xs.n; i++) {
      double x = A(xs, double)[i], p = 1 / (1 + exp(-(a * x + b))),
             r = p - A(ys, double)[i];
      double w = p * (1 - p);
      ga += r * x, gb += r, haa += w * x * x, hab += w * x, hbb += w;
    }
    double det = haa * hbb - hab * hab;
    if (!(det > 0))
      break;
    a -= (hbb * ga - hab * gb) / det;
    b -= (haa * gb - hab * ga) / det;
  }
  if (st == WS_OK && xs.n >= 20 && isfinite(a) && isfinite(b))
    m->conf_a = (float)a, m->conf_b = (float)b;
  free(xs.p), free(ys.p);
  ws__vec_free(&triples);
  return st;
}

ws_status ws_trainer_model(const ws_trainer *t, ws_model **out) {
  if (!t || !out)
    return WS_ERR_INVALID_ARG;
  *out = NULL;
  ws__model m;
  ws_status st = average(t, &m);
  if (st == WS_OK)
    st = calibrate(t, &m);
  if (st == WS_OK && !(*out = ws__model_wrap(&m)))
    st = WS_ERR_NOMEM;
  if (st != WS_OK)
    ws__model_release(&m);
  return st;
}

/* ---- Measuring on development documents ---------------------------------- */

/* Role counts: gold items, predicted items, exact matches. */
typedef struct counts {
  size_t gold[3], pred[3], exact[3];
  size_t linked, gold_attrs, pred_attrs;
  size_t tokens, right;
} counts;

static bool trim_tok(const ws__doc *doc, uint32_t i) {
  uint8_t ty = doc->tok[i].type;
  return ty == WS__TOK_PUNCT || ty == WS__TOK_QUOTE;
}

/* Trims punctuation and quotation marks from both ends of r (unless all). */
static ws__range trim(const ws__doc *doc, ws__range r) {
  ws__range t = r;
  while (t.first < t.last && trim_tok(doc, t.first))
    t.first++;
  while (t.last > t.first && trim_tok(doc, t.last))
    t.last--;
  return trim_tok(doc, t.first) ? r : t;
}

static int cmp_range(const void *a, const void *b) {
  const ws__range *x = a, *y = b;
  if (x->first != y->first)
    return x->first < y->first ? -1 : 1;
  return (x->last > y->last) - (x->last < y->last);
}

/* A content in canonical form: trimmed pieces, sorted, merged when only
 * punctuation lies between them. */
typedef struct canon {
  uint8_t n;
  ws__range p[MAX_GOLD_PIECES];
} canon;

static canon canonical(const ws__doc *doc, const ws__range *pieces, size_t n) {
  canon c = {0};
  ws__range tmp[MAX_GOLD_PIECES];
  n = n > MAX_GOLD_PIECES ? MAX_GOLD_PIECES : n;
  for (size_t k = 0; k < n; k++)
    tmp[k] = trim(doc, pieces[k]);
  qsort(tmp, n, sizeof tmp[0], cmp_range);
  for (size_t k = 0; k < n; k++) {
    if (c.n) {
      ws__range *l = &c.p[c.n - 1];
      uint32_t g = l->last + 1;
      while (g < tmp[k].first && trim_tok(doc, g))
        g++;
      if (g >= tmp[k].first) {
        if (tmp[k].last > l->last)
          l->last = tmp[k].last;
        continue;
      }
    }
    c.p[c.n++] = tmp[k];
  }
  return c;
}

static bool canon_eq(const canon *a, const canon *b) {
  if (a->n != b->n)
    return false;
  for (size_t k = 0; k < a->n; k++)
    if (a->p[k].first != b->p[k].first || a->p[k].last != b->p[k].last)
      return false;
  return true;
}

/* Tokens shared by two canonical contents, and the size of each. */
static double jaccard(const canon *a, const canon *b) {
  size_t inter = 0, na = 0, nb = 0;
  for (size_t i = 0; i < a->n; i++) {
    na += a->p[i].last - a->p[i].first + 1;
    for (size_t j = 0; j < b->n; j++) {
      uint32_t lo = a->p[i].first > b->p[j].first ? a->p[i].first : b->p[j].first;
      uint32_t hi = a->p[i].last < b->p[j].last ? a->p[i].last : b->p[j].last;
      if (lo <= hi)
        inter += hi - lo + 1;
    }
  }
  for (size_t j = 0; j < b->n; j++)
    nb += b->p[j].last - b->p[j].first + 1;
  return na + nb > inter ? (double)inter / (double)(na + nb - inter) : 0;
}

static bool overlaps(ws__range a, ws__range b) {
  return a.first <= b.last && b.first <= a.last;
}

/* Counts distinct ranges of one role that are equal in gold and pred. */
static void count_ranges(const ws__doc *doc, ws__range *g, size_t ng, ws__range *p,
                         size_t np, counts *c, int role) {
  for (size_t k = 0; k < ng; k++)
    g[k] = trim(doc, g[k]);
  for (size_t k = 0; k < np; k++)
    p[k] = trim(doc, p[k]);
  qsort(g, ng, sizeof *g, cmp_range);
  qsort(p, np, sizeof *p, cmp_range);
  size_t ug = 0, up = 0;
  for (size_t k = 0; k < ng; k++)
    if (!ug || cmp_range(&g[ug - 1], &g[k]))
      g[ug++] = g[k];
  for (size_t k = 0; k < np; k++)
    if (!up || cmp_range(&p[up - 1], &p[k]))
      p[up++] = p[k];
  c->gold[role] += ug, c->pred[role] += up;
  for (size_t i = 0, j = 0; i < ug && j < up;) {
    int d = cmp_range(&g[i], &p[j]);
    if (d == 0)
      c->exact[role]++, i++, j++;
    else if (d < 0)
      i++;
    else
      j++;
  }
}

/* Scores the triples predicted for development document d. */
static ws_status score_doc(const tdoc *d, const ws__vec *triples, counts *c) {
  size_t ng = d->gold.len, np = triples->len;
  const gold_attr *g = d->gold.items;
  const ws__triple *p = triples->items;
  ws__range *ga = malloc((ng + 1) * sizeof *ga), *pa = malloc((np + 1) * sizeof *pa);
  canon *gc = malloc((ng + 1) * sizeof *gc), *pc = malloc((np + 1) * sizeof *pc);
  bool *used = calloc(np + 1, 1);
  ws_status st = ga && pa && gc && pc && used ? WS_OK : WS_ERR_NOMEM;
  for (int role = 0; st == WS_OK && role < 2; role++) {
    size_t a = 0, b = 0;
    for (size_t k = 0; k < ng; k++)
      if (role == 0 ? g[k].has_src : g[k].has_cue)
        ga[a++] = role == 0 ? g[k].src : g[k].cue;
    for (size_t k = 0; k < np; k++)
      if (role == 1 || p[k].has_source)
        pa[b++] = role == 0 ? p[k].source : p[k].cue;
    count_ranges(&d->doc, ga, a, pa, b, c, role);
  }
  for (size_t k = 0; st == WS_OK && k < np; k++)
    pc[k] = canonical(&d->doc, p[k].piece, p[k].n_pieces);
  size_t ngc = 0;
  for (size_t k = 0; st == WS_OK && k < ng; k++) {
    if (!g[k].n)
      continue;
    gc[ngc] = canonical(&d->doc, g[k].piece, g[k].n);
    ngc++;
    c->gold_attrs++;
    for (size_t j = 0; j < np; j++)
      if (!used[j] && canon_eq(&gc[ngc - 1], &pc[j])) {
        used[j] = true, c->exact[2]++;
        break;
      }
  }
  memset(used, 0, np + 1);
  for (size_t k = 0, m = 0; st == WS_OK && k < ng; k++) {
    if (!g[k].n)
      continue;
    const canon *gk = &gc[m++];
    for (size_t j = 0; j < np; j++) {
      bool src = g[k].has_src && p[j].has_source
                     ? overlaps(trim(&d->doc, g[k].src), trim(&d->doc, p[j].source))
                     : g[k].has_src == p[j].has_source;
      if (!used[j] && src && jaccard(gk, &pc[j]) >= 0.5) {
        used[j] = true, c->linked++;
        break;
      }
    }
  }
  c->gold[2] += ngc, c->pred[2] += np, c->pred_attrs += np;
  free(ga), free(pa), free(gc), free(pc), free(used);
  return st;
}

static double f1(size_t m, size_t g, size_t p) {
  return g + p ? 2.0 * (double)m / (double)(g + p) : 0;
}

/* Tags the development documents with model m (as ws__tagger_find does)
 * and fills the report. */
static ws_status measure(const ws_trainer *t, const ws__model *m, ws_epoch_report *r) {
  counts c;
  memset(&c, 0, sizeof c);
  int32_t *em = malloc(WS__WINDOW * WS__NTAGS * sizeof *em);
  uint8_t tags[WS__WINDOW];
  ws__vec triples;
  ws__vec_init(&triples, sizeof(ws__triple));
  ws_status st = em ? WS_OK : WS_ERR_NOMEM;
  for (size_t k = 0; st == WS_OK && k < t->devs.n; k++) {
    const tdoc *d = A(t->devs, tdoc *)[k];
    for (uint32_t i = 0; i < d->win_n; i++) { /* Tag accuracy of the first head. */
      const twin *w = &A(t->wins, twin)[d->win_first + i];
      seq q = window_seq(t, w);
      memset(em, 0, q.n * WS__NTAGS * sizeof *em);
      for (size_t j = 0; j < q.n; j++) {
        size_t nf;
        const uint32_t *f = rows(&t->foff, &t->feats, w->fo + j, &nf);
        for (size_t x = 0; x < nf; x++)
          for (int g = 0; g < WS__NTAGS; g++)
            em[j * WS__NTAGS + g] +=
                m->lut[(uint8_t)m->w[(size_t)f[x] * WS__TAG_STRIDE + g]];
      }
      ws__viterbi(&m->trans[0], q.cls, em, q.n, tags);
      for (size_t j = 0; j < q.n; j++)
        c.right += tags[j] == q.gold[j];
      c.tokens += q.n;
    }
    triples.len = 0;
    st = ws__tagger_find(m, &d->doc, &triples);
    if (st == WS_OK)
      st = score_doc(d, &triples, &c);
  }
  ws__vec_free(&triples);
  free(em);
  if (st != WS_OK)
    return st;
  r->dev_accuracy = c.tokens ? (double)c.right / (double)c.tokens : 0;
  for (int k = 0; k < 3; k++)
    r->dev_f1[k] = f1(c.exact[k], c.gold[k], c.pred[k]);
  r->dev_linked_f1 = f1(c.linked, c.gold_attrs, c.pred_attrs);
  return WS_OK;
}

/* ---- Training ------------------------------------------------------------ */

/* Chooses the training documents (the fraction, with the seed), learns the
 * cue words from them, computes the features of their windows and cues and
 * of the development documents, and lists the training items in out
 * (windows, then instances after the windows). The training documents are
 * freed. */
static ws_status prepare(ws_trainer *t, arr *out) {
  uint32_t *docs = malloc((t->ntrain + 1) * sizeof *docs);
  uint8_t *keep = calloc(t->ntrain + 1, 1);
  if (!docs || !keep) {
    free(docs), free(keep);
    return WS_ERR_NOMEM;
  }
  for (uint32_t k = 0; k < t->ntrain; k++)
    docs[k] = k;
  uint64_t s = t->o.seed * 0x9E3779B97F4A7C15ull | 1;
  shuffle(docs, t->ntrain, &s);
  size_t n = (size_t)ceil(t->o.fraction * t->ntrain);
  for (size_t k = 0; k < n && k < t->ntrain; k++)
    keep[docs[k]] = 1;
  ws_status st = learn_cues(t, keep);
  if (st == WS_OK && (!t->xn || t->xuse != WS_CLUSTERS_REPLACE))
    st = learn_clusters(t, keep);
  if (st == WS_OK && t->xn)
    st = given_clusters(t);
  for (uint32_t k = 0; k < t->docs.n && st == WS_OK; k++)
    if (keep[k])
      st = add_features(t, A(t->docs, tdoc *)[k]);
  for (uint32_t k = 0; k < t->devs.n && st == WS_OK; k++)
    st = add_features(t, A(t->devs, tdoc *)[k]);
  for (uint32_t k = 0; k < t->wins.n && st == WS_OK; k++)
    if (!A(t->wins, twin)[k].dev && !arr_add(out, &k, 1))
      st = WS_ERR_NOMEM;
  for (size_t k = 0; k < t->insts.n && st == WS_OK; k++) {
    uint32_t v = (uint32_t)(t->wins.n + k);
    if (!arr_add(out, &v, 1))
      st = WS_ERR_NOMEM;
  }
  for (size_t k = 0; k < t->docs.n; k++)
    tdoc_free(A(t->docs, tdoc *)[k]);
  t->docs.n = 0;
  free(docs), free(keep);
  return st;
}

/* Documents the fraction keeps. */
static size_t chosen_docs(const ws_trainer *t) {
  size_t n = (size_t)ceil(t->o.fraction * t->ntrain);
  return n < t->ntrain ? n : t->ntrain;
}

static double seconds(void) {
  struct timespec ts;
  timespec_get(&ts, TIME_UTC);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* One pass over the training items in a new order (generator state *s),
 * then the report of epoch number e. */
static ws_status epoch(ws_trainer *t, const arr *order, uint64_t *s, unsigned e, int32_t *em,
                       uint8_t *pred, void (*report)(void *, const ws_epoch_report *),
                       void *ud) {
  double t0 = seconds(), loss = 0;
  size_t tokens = 0, wrong = 0;
  ws_status st = WS_OK;
  shuffle(A(*order, uint32_t), order->n, s);
  for (size_t k = 0; k < order->n; k++)
    wrong += train_item(t, A(*order, uint32_t)[k], em, pred, &loss, &tokens);
  ws_epoch_report r = {e,
                       chosen_docs(t),
                       tokens,
                       tokens ? loss / (double)tokens : 0,
                       tokens ? 1 - (double)wrong / (double)tokens : 0,
                       -1,
                       {-1, -1, -1},
                       -1,
                       0};
  if (t->devs.n) {
    ws__model m;
    st = average(t, &m);
    if (st == WS_OK)
      st = measure(t, &m, &r);
    ws__model_release(&m);
  }
  r.seconds = seconds() - t0;
  if (st == WS_OK && report)
    report(ud, &r);
  return st;
}

/* Adds the averaged weights of the run just done to the sums and starts
 * the next run from zero. */
static ws_status next_run(ws_trainer *t) {
  size_t nw = ((size_t)1 << t->o.hash_bits) * WS__TAG_STRIDE;
  double c = (double)(t->steps ? t->steps : 1);
  if (!t->acc && !(t->acc = calloc(nw, sizeof *t->acc)))
    return WS_ERR_NOMEM;
  for (size_t i = 0; i < nw; i++)
    t->acc[i] += (double)t->w[i] - (double)t->u[i] / c;
  for (int h = 0; h < 2; h++)
    for (int k = 0; k < WS__NCLS; k++)
      for (int a = 0; a <= WS__NTAGS; a++)
        for (int b = 0; b < WS__NTAGS; b++)
          t->acc_t[h][k][a][b] +=
              (double)t->tw[h][k][a][b] - (double)t->tu[h][k][a][b] / c +
              (double)t->tw[h][WS__NCLS][a][b] - (double)t->tu[h][WS__NCLS][a][b] / c;
  t->runs_done++;
  memset(t->w, 0, nw * sizeof *t->w);
  memset(t->u, 0, nw * sizeof *t->u);
  memset(t->tw, 0, sizeof t->tw);
  memset(t->tu, 0, sizeof t->tu);
  memset(t->eff, 0, sizeof t->eff);
  t->steps = 0;
  return WS_OK;
}

ws_status ws_trainer_run(ws_trainer *t, void (*report)(void *, const ws_epoch_report *),
                         void *ud) {
  if (!t)
    return WS_ERR_INVALID_ARG;
  if (t->wins.n)
    return WS_ERR_INVALID_ARG; /* Trained already. */
  arr order = ARR(uint32_t);
  int32_t *em = malloc(WS__WINDOW * WS__NTAGS * sizeof *em);
  uint8_t pred[WS__WINDOW];
  ws_status st = em ? prepare(t, &order) : WS_ERR_NOMEM;
  uint64_t s = t->o.seed * 0xD1B54A32D192ED03ull | 1;
  unsigned runs = RUNS;
  for (unsigned run = 0; st == WS_OK && run < runs; run++) {
    if (run)
      st = next_run(t);
    for (unsigned e = 1; st == WS_OK && e <= t->o.epochs; e++)
      st = epoch(t, &order, &s, run * t->o.epochs + e, em, pred, report, ud);
  }
  free(order.p);
  free(em);
  return st;
}

void ws_trainer_free(ws_trainer *t) {
  if (!t)
    return;
  for (size_t k = 0; k < t->devs.n; k++)
    tdoc_free(A(t->devs, tdoc *)[k]);
  for (size_t k = 0; k < t->docs.n; k++)
    tdoc_free(A(t->docs, tdoc *)[k]);
  arr *all[] = {&t->docs,  &t->devs, &t->wins,  &t->insts, &t->gold,
                &t->cls,   &t->foff, &t->feats, &t->foff2, &t->feats2,
                &t->gold2, &t->roff, &t->rfeats};
  for (size_t k = 0; k < sizeof all / sizeof *all; k++)
    free(all[k]->p);
  free(t->cues), free(t->clus), free(t->w), free(t->u), free(t->acc);
  free(t->xh), free(t->xc);
  free(t);
}
