/* test_tagger.c: unit tests of the learned attribution tagger: it learns a
 * toy task, training is reproducible byte for byte, a saved and reloaded
 * model predicts the same, bad model files are refused, odd inputs
 * (empty, one huge sentence) are handled, and the word clusters group
 * words used alike. */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "tagger.h"

/* ---- A toy corpus -------------------------------------------------------- */

static const char *const NAMES[] = {"Alice Moreau", "the mayor",     "Officials",
                                    "Dr. Okafor",   "A spokeswoman", "Ben Ruiz",
                                    "The company",  "Critics"};
static const char *const CUES[] = {"said", "argued", "told reporters", "believes",
                                   "claimed"};
static const char *const CLAUSES[] = {"the bridge would reopen in May",
                                      "the budget was too small",
                                      "nobody had been hurt in the fire",
                                      "prices would keep rising",
                                      "the vote should be delayed",
                                      "the plan had been rushed",
                                      "the river was safe for swimming again",
                                      "the school needed more teachers"};
static const char *const FILLERS[] = {"The council met on Tuesday.",
                                      "Rain fell over the valley all week.",
                                      "Tickets go on sale in June."};

/* A document being built with its gold spans. */
typedef struct toy {
  char text[1024];
  size_t len;
  ws_gold_span spans[8];
  size_t n;
} toy;

static void put(toy *t, const char *s, int role, size_t attr) {
  size_t n = strlen(s);
  if (role >= 0)
    t->spans[t->n++] = (ws_gold_span){t->len, t->len + n, (ws_role)role, attr};
  memcpy(t->text + t->len, s, n);
  t->len += n;
  t->text[t->len] = '\0';
}

/* Makes toy document k: a filler sentence and one attribution, in the order
 * "SOURCE CUE that CONTENT." or "CONTENT, SOURCE CUE." */
static void make_toy(toy *t, unsigned k) {
  memset(t, 0, sizeof *t);
  const char *who = NAMES[k % 8], *cue = CUES[(k / 8) % 5], *what = CLAUSES[(k / 3) % 8];
  put(t, FILLERS[k % 3], -1, 0);
  put(t, " ", -1, 0);
  if (k % 2 == 0) {
    put(t, who, WS_ROLE_SOURCE, 0);
    put(t, " ", -1, 0);
    put(t, cue, WS_ROLE_CUE, 0);
    put(t, " ", -1, 0);
    put(t, what, WS_ROLE_CONTENT, 0);
    put(t, ".", -1, 0);
  } else {
    char cap[128];
    strcpy(cap, what);
    cap[0] = (char)(cap[0] - 32);
    put(t, cap, WS_ROLE_CONTENT, 0);
    put(t, ", ", -1, 0);
    put(t, who, WS_ROLE_SOURCE, 0);
    put(t, " ", -1, 0);
    put(t, cue, WS_ROLE_CUE, 0);
    put(t, ".", -1, 0);
  }
}

/* Trains on toy documents [0, n) (and measures on [n, n + 10) when dev). */
/* Trains on n toy documents (and 10 development ones when dev is set),
 * with the word clusters of list when it is not NULL. */
static ws_model *train_toy_with(unsigned n, unsigned epochs, int dev, const char *list,
                                ws_cluster_use use) {
  ws_train_options o = {WS_TRAIN_OPTIONS_VERSION, epochs, 16, 7, 0, "toy"};
  ws_trainer *tr = ws_trainer_new(&o);
  CHECK(tr != NULL);
  if (!tr)
    return NULL;
  if (list)
    CHECK_EQ_INT(ws_trainer_set_clusters(tr, list, strlen(list), use), WS_OK);
  toy t;
  for (unsigned k = 0; k < n + (dev ? 10 : 0); k++) {
    make_toy(&t, k);
    CHECK_EQ_INT(ws_trainer_add(tr, t.text, t.len, t.spans, t.n, k >= n), WS_OK);
  }
  CHECK_EQ_INT(ws_trainer_run(tr, NULL, NULL), WS_OK);
  ws_model *m = NULL;
  CHECK_EQ_INT(ws_trainer_model(tr, &m), WS_OK);
  ws_trainer_free(tr);
  return m;
}

static ws_model *train_toy(unsigned n, unsigned epochs, int dev) {
  return train_toy_with(n, epochs, dev, NULL, WS_CLUSTERS_REPLACE);
}

/* Collects what a model finds, for comparisons. */
typedef struct found {
  ws_attribution a[16];
  size_t n;
} found;

static int collect(void *ud, const ws_attribution *a) {
  found *f = ud;
  if (f->n < 16)
    f->a[f->n++] = *a;
  return 0;
}

static found tag(const ws_model *m, const char *text) {
  found f;
  memset(&f, 0, sizeof f);
  CHECK_EQ_INT(ws_model_tag(m, text, strlen(text), collect, &f), WS_OK);
  return f;
}

static bool same_span(ws_span a, ws_span b) {
  return (a.text.ptr == NULL) == (b.text.ptr == NULL) && a.start == b.start &&
         a.end == b.end;
}

static bool same_found(const found *x, const found *y) {
  if (x->n != y->n)
    return false;
  for (size_t i = 0; i < x->n; i++) {
    const ws_attribution *a = &x->a[i], *b = &y->a[i];
    if (!same_span(a->source, b->source) || !same_span(a->cue, b->cue) ||
        a->n_content != b->n_content || a->confidence != b->confidence)
      return false;
    for (size_t k = 0; k < a->n_content; k++)
      if (!same_span(a->content[k], b->content[k]))
        return false;
  }
  return true;
}

/* ---- Tests --------------------------------------------------------------- */

static void learns_toy_task(void) {
  ws_model *m = train_toy(120, 6, 0);
  if (!m)
    return;
  /* Held out: names, cues and clauses combined in new ways. */
  const char *text = "Tickets go on sale in June. Ben Ruiz argued the vote should be "
                     "delayed.";
  found f = tag(m, text);
  CHECK_EQ_INT(f.n, 1);
  if (f.n == 1) {
    CHECK_STR(f.a[0].source.text.ptr, f.a[0].source.text.len, "Ben Ruiz");
    CHECK_STR(f.a[0].cue.text.ptr, f.a[0].cue.text.len, "argued");
    CHECK_EQ_INT(f.a[0].n_content, 1);
    CHECK_STR(f.a[0].content[0].text.ptr, f.a[0].content[0].text.len,
              "the vote should be delayed");
    CHECK(f.a[0].confidence > 0 && f.a[0].confidence <= 1);
  }
  const char *before = "The plan had been rushed, the mayor claimed.";
  f = tag(m, before);
  CHECK_EQ_INT(f.n, 1);
  if (f.n == 1) {
    CHECK_STR(f.a[0].cue.text.ptr, f.a[0].cue.text.len, "claimed");
    CHECK_STR(f.a[0].content[0].text.ptr, f.a[0].content[0].text.len,
              "The plan had been rushed");
  }
  f = tag(m, "Rain fell over the valley all week.");
  CHECK_EQ_INT(f.n, 0);
  CHECK_STR(ws_model_version(m), strlen(ws_model_version(m)), "toy");
  ws_model_free(m);
}

/* A growable buffer for ws_model_save. */
typedef struct buf {
  char *p;
  size_t n, cap;
} buf;

static int put_buf(void *ud, const char *data, size_t len) {
  buf *b = ud;
  if (b->n + len > b->cap) {
    size_t cap = (b->cap + len) * 2;
    char *p = realloc(b->p, cap);
    if (!p)
      return -1;
    b->p = p, b->cap = cap;
  }
  memcpy(b->p + b->n, data, len);
  b->n += len;
  return 0;
}

static buf save(const ws_model *m) {
  buf b = {0};
  CHECK_EQ_INT(ws_model_save(m, put_buf, &b), WS_OK);
  return b;
}

static void training_is_reproducible(void) {
  ws_model *a = train_toy(60, 3, 1), *b = train_toy(60, 3, 1);
  if (!a || !b) {
    ws_model_free(a), ws_model_free(b);
    return;
  }
  buf x = save(a), y = save(b);
  CHECK(x.n > 0);
  CHECK_EQ_INT(x.n, y.n);
  CHECK(x.n == y.n && memcmp(x.p, y.p, x.n) == 0);
  free(x.p), free(y.p);
  ws_model_free(a), ws_model_free(b);
}

static void save_and_load_agree(void) {
  ws_model *m = train_toy(80, 4, 0);
  if (!m)
    return;
  buf b = save(m);
  ws_model *l = NULL;
  CHECK_EQ_INT(ws_model_load(b.p, b.n, &l), WS_OK);
  memset(b.p, 0, b.n); /* The loaded model owns a copy. */
  if (l) {
    const char *texts[] = {"Critics believes the budget was too small. The council met.",
                           "Nobody had been hurt in the fire, Officials said.",
                           "Alice Moreau told reporters prices would keep rising."};
    for (size_t k = 0; k < 3; k++) {
      found x = tag(m, texts[k]), y = tag(l, texts[k]);
      CHECK(same_found(&x, &y));
    }
    CHECK_STR(ws_model_version(l), strlen(ws_model_version(l)), "toy");
    buf c = save(l);
    buf d = save(m);
    CHECK(c.n == d.n && memcmp(c.p, d.p, c.n) == 0);
    free(c.p), free(d.p);
  }
  ws_model_free(l);
  free(b.p);
  ws_model_free(m);
}

static void bad_model_files(void) {
  ws_model *m = train_toy(10, 1, 0);
  if (!m)
    return;
  buf b = save(m);
  ws_model *l = NULL;
  CHECK_EQ_INT(ws_model_load(b.p, b.n - 1, &l), WS_ERR_FORMAT);
  CHECK(l == NULL);
  CHECK_EQ_INT(ws_model_load(b.p, 100, &l), WS_ERR_FORMAT);
  b.p[0] ^= 1;
  CHECK_EQ_INT(ws_model_load(b.p, b.n, &l), WS_ERR_FORMAT);
  b.p[0] ^= 1;
  b.p[8] = 40; /* 2^40 rows */
  CHECK_EQ_INT(ws_model_load(b.p, b.n, &l), WS_ERR_FORMAT);
  CHECK_EQ_INT(ws_model_load(NULL, 10, &l), WS_ERR_INVALID_ARG);
  CHECK_EQ_INT(ws_model_load(b.p, b.n, NULL), WS_ERR_INVALID_ARG);
  free(b.p);
  ws_model_free(m);
  ws_model_free(NULL);
}

static void bad_arguments(void) {
  ws_train_options o = {WS_TRAIN_OPTIONS_VERSION + 1, 0, 0, 0, 0, NULL};
  CHECK(ws_trainer_new(&o) == NULL);
  o.abi_version = 0, o.hash_bits = 40;
  CHECK(ws_trainer_new(&o) == NULL);
  o.hash_bits = 0, o.fraction = 2;
  CHECK(ws_trainer_new(&o) == NULL);
  ws_trainer *t = ws_trainer_new(NULL);
  CHECK(t != NULL);
  CHECK_EQ_INT(ws_trainer_add(t, NULL, 5, NULL, 0, 0), WS_ERR_INVALID_ARG);
  ws_trainer_free(t);
  ws_trainer_free(NULL);
  CHECK_EQ_INT(ws_model_tag(NULL, "x", 1, collect, NULL), WS_ERR_INVALID_ARG);
}

static int stop_at_first(void *ud, const ws_attribution *a) {
  (void)a;
  ++*(int *)ud;
  return 1;
}

static void odd_inputs(void) {
  ws_model *m = train_toy(40, 2, 0);
  if (!m)
    return;
  found f = tag(m, "");
  CHECK_EQ_INT(f.n, 0);
  /* One sentence of 20000 words with cue words: windows are cut. */
  size_t n = 20000 * 7;
  char *big = malloc(n + 1);
  for (size_t i = 0; i < n; i += 7)
    memcpy(big + i, i % 70 == 0 ? "said   " : "critic ", 7);
  big[n] = '\0';
  f.n = 0;
  CHECK_EQ_INT(ws_model_tag(m, big, n, collect, &f), WS_OK);
  /* A callback that stops. */
  const char *text = "Officials said the vote should be delayed.";
  int calls = 0;
  ws_status st = ws_model_tag(m, text, strlen(text), stop_at_first, &calls);
  CHECK(st == WS_OK || st == WS_ERR_WRITE);
  CHECK(calls <= 1);
  free(big);
  ws_model_free(m);
}

/* The engine's entry point: triples in tokens, and only the paragraphs
 * asked for. */
static void internal_find(void) {
  ws_model *pm = train_toy(120, 6, 0);
  if (!pm)
    return;
  buf b = save(pm);
  ws__model m;
  CHECK_EQ_INT(ws__model_read(&m, b.p, b.n, false), WS_OK);
  const char *text =
      "Officials said the vote should be delayed.\n\nThe budget was too small, "
      "Ben Ruiz claimed.\n";
  ws__arena arena;
  ws__arena_init(&arena);
  ws__doc doc;
  CHECK_EQ_INT(ws__segment(&doc, &arena, text, strlen(text)), WS_OK);
  ws__vec out;
  ws__vec_init(&out, sizeof(ws__triple));
  CHECK_EQ_INT(ws__tagger_find(&m, &doc, &out), WS_OK);
  CHECK_EQ_INT(out.len, 2);
  if (out.len == 2) {
    const ws__triple *t = out.items;
    CHECK(t[0].has_source && t[0].n_pieces == 1 && !t[0].content_that);
    CHECK(t[0].cue_head == t[0].cue.first);
    CHECK(t[0].confidence > 0 && t[0].confidence < 1);
    CHECK_EQ_INT(doc.tok[t[1].cue.first].para, 1);
    CHECK(t[0].cue.first < t[1].cue.first);
  }
  uint8_t paras[2] = {0, 1};
  out.len = 0;
  CHECK_EQ_INT(doc.npara, 2);
  CHECK_EQ_INT(ws__tagger_find_in(&m, &doc, paras, &out), WS_OK);
  CHECK_EQ_INT(out.len, 1);
  if (out.len == 1)
    CHECK_EQ_INT(doc.tok[((ws__triple *)out.items)[0].cue.first].para, 1);
  ws__vec_free(&out);
  ws__doc_free(&doc);
  ws__arena_free(&arena);
  ws__model_release(&m);
  free(b.p);
  ws_model_free(pm);
}

/* The cluster of a word in model m (fine | coarse << 8), 0 for none. */
static unsigned cluster_of(const ws__model *m, const char *word) {
  ws__arena arena;
  ws__arena_init(&arena);
  ws__doc doc;
  unsigned c = 0;
  if (ws__segment(&doc, &arena, word, strlen(word)) == WS_OK && doc.ntok == 1) {
    const uint8_t *p = m->clus + 2 * (size_t)ws__clus_slot(ws__word_hash(&doc, &doc.tok[0]));
    c = p[0] | (unsigned)p[1] << 8;
    ws__doc_free(&doc);
  }
  ws__arena_free(&arena);
  return c;
}

/* Training clusters the words of the training texts by their neighbours:
 * words used alike share a coarse cluster, a word never seen has none, and
 * a model without training texts has an empty table. */
static void clusters_group_words_used_alike(void) {
  ws_model *pm = train_toy(120, 2, 0);
  if (!pm)
    return;
  buf b = save(pm);
  ws__model m;
  CHECK_EQ_INT(ws__model_read(&m, b.p, b.n, false), WS_OK);
  CHECK(m.clus != NULL);
  unsigned said = cluster_of(&m, "said"), argued = cluster_of(&m, "argued");
  CHECK(said != 0 && argued != 0);
  CHECK_EQ_INT(said >> 8, argued >> 8);
  CHECK_EQ_INT(cluster_of(&m, "xylophone"), 0);
  ws__model_release(&m);
  free(b.p);
  ws_model_free(pm);
  ws_train_options o = {WS_TRAIN_OPTIONS_VERSION, 1, 12, 1, 0, "empty"};
  ws_trainer *t = ws_trainer_new(&o); /* No documents at all. */
  CHECK(t != NULL);
  if (t) {
    ws_model *e = NULL;
    CHECK_EQ_INT(ws_trainer_run(t, NULL, NULL), WS_OK);
    CHECK_EQ_INT(ws_trainer_model(t, &e), WS_OK);
    if (e) {
      buf eb = save(e);
      CHECK_EQ_INT(ws__model_read(&m, eb.p, eb.n, false), WS_OK);
      CHECK_EQ_INT(cluster_of(&m, "said"), 0);
      ws__model_release(&m);
      free(eb.p);
    }
    ws_model_free(e);
    ws_trainer_free(t);
  }
}

/* The model of a trainer without documents given the clusters of text
 * (use: how), or NULL. */
static ws_model *model_with_clusters(const char *text, ws_cluster_use use) {
  ws_train_options o = {WS_TRAIN_OPTIONS_VERSION, 1, 12, 1, 0, "given"};
  ws_trainer *t = ws_trainer_new(&o);
  ws_model *e = NULL;
  CHECK(t != NULL);
  if (t && ws_trainer_set_clusters(t, text, strlen(text), use) == WS_OK &&
      ws_trainer_run(t, NULL, NULL) == WS_OK)
    CHECK_EQ_INT(ws_trainer_model(t, &e), WS_OK);
  ws_trainer_free(t);
  return e;
}

/* Clusters given to the trainer (--clusters) fill the table as given: the
 * first of two spellings that fold alike wins, words not given have none;
 * beside the learned ones, only the coarse byte comes from the list; they
 * extend the learned ones to words without any. Bad lists are refused. */
static void given_clusters(void) {
  const char *list = "Said\t4\t1\nvowed\t4\t2\r\nsaid\t9\t9\n2016\t254\t0";
  ws_model *pm = model_with_clusters(list, WS_CLUSTERS_REPLACE);
  CHECK(pm != NULL);
  ws__model m;
  if (pm) {
    buf b = save(pm);
    CHECK_EQ_INT(ws__model_read(&m, b.p, b.n, false), WS_OK);
    CHECK_EQ_INT(cluster_of(&m, "said"), 5 | 2 << 8);
    CHECK_EQ_INT(cluster_of(&m, "vowed"), 5 | 3 << 8);
    CHECK_EQ_INT(cluster_of(&m, "1999"), 255 | 1 << 8);
    CHECK_EQ_INT(cluster_of(&m, "xylophone"), 0);
    ws__model_release(&m);
    free(b.p);
    ws_model_free(pm);
  }
  pm = model_with_clusters(list, WS_CLUSTERS_BESIDE); /* No texts: no fine clusters. */
  if (pm) {
    buf b = save(pm);
    CHECK_EQ_INT(ws__model_read(&m, b.p, b.n, false), WS_OK);
    CHECK_EQ_INT(cluster_of(&m, "said"), 5 << 8);
    ws__model_release(&m);
    free(b.p);
    ws_model_free(pm);
  }
  /* Extending the learned clusters: a word the texts lack gets those of
   * the words of its given cluster; learned ones stay. */
  pm = train_toy_with(120, 2, 0, "said\t5\t0\nxylophone\t5\t1\nargued\t6\t0\n",
                      WS_CLUSTERS_EXTEND);
  ws_model *plain = train_toy(120, 2, 0);
  if (pm && plain) {
    buf b = save(pm), pb = save(plain);
    ws__model q;
    CHECK_EQ_INT(ws__model_read(&m, b.p, b.n, false), WS_OK);
    CHECK_EQ_INT(ws__model_read(&q, pb.p, pb.n, false), WS_OK);
    CHECK(cluster_of(&q, "said") != 0);
    CHECK_EQ_INT(cluster_of(&m, "said"), cluster_of(&q, "said"));
    CHECK_EQ_INT(cluster_of(&m, "argued"), cluster_of(&q, "argued"));
    CHECK_EQ_INT(cluster_of(&m, "xylophone"), cluster_of(&q, "said"));
    CHECK_EQ_INT(cluster_of(&q, "xylophone"), 0);
    ws__model_release(&m), ws__model_release(&q);
    free(b.p), free(pb.p);
  }
  ws_model_free(pm), ws_model_free(plain);
  ws_trainer *t = ws_trainer_new(NULL);
  CHECK(t != NULL);
  const char *bad[] = {"said\t1", "said\t1\t255\n", "\t1\t2\n", "said\t1\t2x\n",
                       "said 1 2\n", "said\t-1\t2\n", "said\t\t2\n"};
  for (size_t k = 0; k < sizeof bad / sizeof *bad; k++)
    CHECK_EQ_INT(ws_trainer_set_clusters(t, bad[k], strlen(bad[k]), WS_CLUSTERS_REPLACE),
                 WS_ERR_FORMAT);
  CHECK_EQ_INT(ws_trainer_set_clusters(t, NULL, 3, WS_CLUSTERS_REPLACE), WS_ERR_INVALID_ARG);
  CHECK_EQ_INT(ws_trainer_set_clusters(t, "a\t1\t1", 5, (ws_cluster_use)7),
               WS_ERR_INVALID_ARG);
  CHECK_EQ_INT(ws_trainer_set_clusters(NULL, "a\t1\t1", 5, WS_CLUSTERS_REPLACE),
               WS_ERR_INVALID_ARG);
  CHECK_EQ_INT(ws_trainer_set_clusters(t, "", 0, WS_CLUSTERS_REPLACE), WS_OK);
  ws_trainer_free(t);
}

static void builtin_model(void) {
  const ws_model *b = ws_model_builtin();
  if (!b) {
    fprintf(stderr, "note: this build has no built-in model\n");
    CHECK_STR(ws_model_version(NULL), strlen(ws_model_version(NULL)), "none");
    return;
  }
  CHECK(strlen(ws_model_version(b)) > 0);
  CHECK(ws_model_builtin() == b);
  ws_model_free((ws_model *)b); /* Ignored. */
  const char *text = "The senator said on Tuesday that the bill would pass.";
  found f = tag(b, text);
  CHECK(f.n >= 1);
}

int main(void) {
  RUN(learns_toy_task);
  RUN(training_is_reproducible);
  RUN(save_and_load_agree);
  RUN(bad_model_files);
  RUN(bad_arguments);
  RUN(odd_inputs);
  RUN(internal_find);
  RUN(clusters_group_words_used_alike);
  RUN(given_clusters);
  RUN(builtin_model);
  return TEST_RESULT();
}
