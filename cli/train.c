/* train.c: `whosaid train`, which trains the learned attribution tagger on
 * the PolNeAR corpus (text/NAME.txt and, per text, the first in name order
 * of attributions/NAME_XXXX.ann, BRAT standoff in code points) and writes
 * the model file; and which runs a model alone over a corpus to write its
 * attributions as JSONL for `whosaid eval --pred`. It uses the library only
 * through whosaid.h. */
#define _POSIX_C_SOURCE 200809L

#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "io.h"
#include "whosaid.h"

enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2 };

#define MAX_FILE ((size_t)1 << 30)

/* The command line. */
typedef struct tr_opts {
  const char *polnear, *dev, *out, *model, *predict, *pred, *name, *clusters;
  unsigned epochs, bits;
  ws_cluster_use clusters_use; /* --clusters-use */
  unsigned long long seed;
  double fraction;
  int quiet;
} tr_opts;

/* ---- Files --------------------------------------------------------------- */

/* Reads a whole file into a new buffer. Returns 0 or an errno value. */
static int slurp(const char *path, char **out, size_t *len) {
  *out = NULL;
  FILE *f = fopen(path, "rb");
  if (!f)
    return errno ? errno : EIO;
  size_t cap = 65536, n = 0;
  char *buf = malloc(cap);
  int rc = buf ? 0 : ENOMEM;
  while (!rc) {
    if (n == cap) {
      char *p = cap < MAX_FILE ? realloc(buf, cap * 2) : NULL;
      if (!p) {
        rc = cap < MAX_FILE ? ENOMEM : EFBIG;
        break;
      }
      buf = p, cap *= 2;
    }
    size_t got = fread(buf + n, 1, cap - n, f);
    n += got;
    if (got == 0)
      rc = ferror(f) ? EIO : -1;
  }
  fclose(f);
  if (rc > 0) {
    free(buf);
    return rc;
  }
  *out = buf;
  *len = n;
  return 0;
}

/* slurp, with the error said on stderr: "whosaid train: PATH: reason".
 * Returns EXIT_OK or EXIT_USAGE. */
static int slurp_or_say(const char *path, char **out, size_t *len) {
  int err = slurp(path, out, len);
  if (err) {
    fprintf(stderr, "whosaid train: %s: %s\n", path, strerror(err));
    return EXIT_USAGE;
  }
  return EXIT_OK;
}

#define join ws_cli_path_join

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A sorted list of the names in a directory ending in suffix. */
typedef struct names {
  char **v;
  size_t n;
} names;

static void names_free(names *l) {
  for (size_t i = 0; i < l->n; i++)
    free(l->v[i]);
  free(l->v);
  l->v = NULL, l->n = 0;
}

static int list_names(const char *dir, const char *suffix, names *out) {
  out->v = NULL, out->n = 0;
  DIR *d = opendir(dir);
  if (!d)
    return errno ? errno : EIO;
  size_t cap = 0, sl = strlen(suffix);
  struct dirent *e;
  int rc = 0;
  while (!rc && (e = readdir(d)) != NULL) {
    size_t n = strlen(e->d_name);
    if (n <= sl || strcmp(e->d_name + n - sl, suffix) != 0)
      continue;
    if (out->n == cap) {
      char **p = realloc(out->v, (cap = cap ? cap * 2 : 64) * sizeof *p);
      if (!p) {
        rc = ENOMEM;
        break;
      }
      out->v = p;
    }
    if (!(out->v[out->n] = strdup(e->d_name)))
      rc = ENOMEM;
    else
      out->n++;
  }
  closedir(d);
  if (out->n > 1)
    qsort(out->v, out->n, sizeof *out->v, cmp_str);
  return rc;
}

/* ---- BRAT standoff ------------------------------------------------------- */

/* Byte offset of each code point of text (one more entry for the end). An
 * invalid byte is one code point, as in `whosaid eval`. */
static size_t *char_bytes(const char *text, size_t len, size_t *nchars) {
  size_t *map = malloc((len + 1) * sizeof *map), n = 0;
  if (!map)
    return NULL;
  for (size_t i = 0; i < len;) {
    unsigned char c = (unsigned char)text[i];
    size_t k = c < 0x80                 ? 1
               : c >= 0xC2 && c <= 0xDF ? 2
               : c >= 0xE0 && c <= 0xEF ? 3
               : c >= 0xF0 && c <= 0xF4 ? 4
                                        : 1;
    if (i + k > len)
      k = 1;
    for (size_t j = 1; j < k; j++)
      if (((unsigned char)text[i + j] & 0xC0) != 0x80)
        k = 1;
    map[n++] = i;
    i += k;
  }
  map[n] = len;
  *nchars = n;
  return map;
}

/* A text-bound annotation: id, role (-1 for other types) and pieces. */
typedef struct tspan {
  char id[16];
  int role;
  size_t first_piece, n_pieces;
} tspan;

/* The gold spans of one document being read. */
typedef struct gold {
  ws_gold_span *v;
  size_t n, cap;
  size_t (*pieces)[2]; /* Character pieces of the text-bound annotations. */
  size_t np, pcap;
  tspan *t;
  size_t nt, tcap;
} gold;

static void gold_free(gold *g) {
  free(g->v), free(g->pieces), free(g->t);
  memset(g, 0, sizeof *g);
}

static int grow(void **p, size_t *cap, size_t need, size_t size) {
  if (need <= *cap)
    return 0;
  size_t c = *cap ? *cap * 2 : 64;
  while (c < need)
    c *= 2;
  void *q = realloc(*p, c * size);
  if (!q)
    return -1;
  *p = q, *cap = c;
  return 0;
}

static int role_of(const char *s, size_t n) {
  if (n >= 7 && memcmp(s, "Content", 7) == 0)
    return WS_ROLE_CONTENT;
  if (n == 3 && memcmp(s, "Cue", 3) == 0)
    return WS_ROLE_CUE;
  if (n == 6 && memcmp(s, "Source", 6) == 0)
    return WS_ROLE_SOURCE;
  return -1;
}

/* Reads a "T" line: "Tn\tTYPE a b;c d\ttext". Returns 0 or -1 (memory). */
static int read_tline(gold *g, char *line) {
  char *tab = strchr(line, '\t');
  if (!tab || tab - line >= 16)
    return 0;
  char *type = tab + 1, *sp = strchr(type, ' ');
  if (!sp)
    return 0;
  if (grow((void **)&g->t, &g->tcap, g->nt + 1, sizeof *g->t))
    return -1;
  tspan *t = &g->t[g->nt];
  memcpy(t->id, line, (size_t)(tab - line));
  t->id[tab - line] = '\0';
  t->role = role_of(type, (size_t)(sp - type));
  t->first_piece = g->np, t->n_pieces = 0;
  char *p = sp + 1;
  for (;;) {
    char *end;
    unsigned long a = strtoul(p, &end, 10);
    if (end == p || *end != ' ')
      break;
    p = end + 1;
    unsigned long b = strtoul(p, &end, 10);
    if (end == p)
      break;
    if (grow((void **)&g->pieces, &g->pcap, g->np + 1, sizeof *g->pieces))
      return -1;
    g->pieces[g->np][0] = a, g->pieces[g->np][1] = b;
    g->np++, t->n_pieces++;
    if (*end != ';')
      break;
    p = end + 1;
  }
  g->nt++;
  return 0;
}

static const tspan *find_t(const gold *g, const char *id, size_t n) {
  for (size_t k = g->nt; k-- > 0;)
    if (strlen(g->t[k].id) == n && memcmp(g->t[k].id, id, n) == 0)
      return &g->t[k];
  return NULL;
}

/* Reads an "E" line of type Attribution into gold spans of attribution a,
 * in bytes. Returns 0 or -1 (memory). */
static int read_eline(gold *g, char *line, size_t a, const size_t *map, size_t nchars) {
  char *tab = strchr(line, '\t');
  if (!tab || strncmp(tab + 1, "Attribution", 11) != 0)
    return 0;
  char *p = strchr(tab + 1, ' ');
  while (p && *p) {
    p++;
    char *end = p + strcspn(p, " \t"), *colon = memchr(p, ':', (size_t)(end - p));
    if (colon) {
      int role = role_of(p, (size_t)(colon - p));
      const tspan *t = find_t(g, colon + 1, (size_t)(end - colon - 1));
      for (size_t k = 0; t && role >= 0 && k < t->n_pieces; k++) {
        size_t s = g->pieces[t->first_piece + k][0], e = g->pieces[t->first_piece + k][1];
        if (s >= e || e > nchars)
          continue;
        if (grow((void **)&g->v, &g->cap, g->n + 1, sizeof *g->v))
          return -1;
        g->v[g->n++] = (ws_gold_span){map[s], map[e], (ws_role)role, a};
      }
    }
    p = *end == ' ' ? end : NULL;
  }
  return 0;
}

/* Reads the gold spans of a text from the .ann file at path. Returns 0, -1
 * (memory) or an errno value. */
static int read_ann(const char *path, const char *text, size_t len, gold *g) {
  char *buf;
  size_t n, nchars;
  int rc = slurp(path, &buf, &n);
  if (rc)
    return rc;
  size_t *map = char_bytes(text, len, &nchars);
  char *copy = malloc(n + 1);
  if (!map || !copy) {
    free(buf), free(map), free(copy);
    return -1;
  }
  for (int pass = 0; pass < 2 && !rc; pass++) {
    memcpy(copy, buf, n);
    copy[n] = '\0';
    size_t a = 0;
    for (char *line = copy, *nl; line && *line && !rc; line = nl ? nl + 1 : NULL) {
      nl = strchr(line, '\n');
      if (nl)
        *nl = '\0';
      size_t ll = strlen(line);
      if (ll && line[ll - 1] == '\r')
        line[ll - 1] = '\0';
      if (pass == 0 && line[0] == 'T')
        rc = read_tline(g, line);
      else if (pass == 1 && line[0] == 'E')
        rc = read_eline(g, line, a++, map, nchars);
    }
  }
  free(buf), free(map), free(copy);
  return rc;
}

/* ---- A corpus ------------------------------------------------------------ */

/* The texts of a PolNeAR directory and their first annotation files. */
typedef struct corpus {
  char *text_dir, *ann_dir;
  names texts, anns;
} corpus;

static void corpus_free(corpus *c) {
  free(c->text_dir), free(c->ann_dir);
  names_free(&c->texts), names_free(&c->anns);
}

static int corpus_open(const char *dir, corpus *c) {
  memset(c, 0, sizeof *c);
  c->text_dir = join(dir, "text");
  c->ann_dir = join(dir, "attributions");
  if (!c->text_dir || !c->ann_dir)
    return ENOMEM;
  int rc = list_names(c->text_dir, ".txt", &c->texts);
  if (!rc)
    rc = list_names(c->ann_dir, ".ann", &c->anns);
  if (!rc && c->texts.n == 0)
    rc = ENOENT;
  return rc;
}

/* The first annotation file of text NAME.txt: NAME_XXXX.ann. */
static const char *first_ann(const corpus *c, const char *text) {
  size_t base = strlen(text) - 4;
  for (size_t k = 0; k < c->anns.n; k++) {
    const char *a = c->anns.v[k], *us = strrchr(a, '_');
    if (us && (size_t)(us - a) == base && memcmp(a, text, base) == 0)
      return a;
  }
  return NULL;
}

/* Calls fn for each annotated text of the corpus with its gold spans. */
typedef int (*doc_fn)(void *ud, const char *name, const char *text, size_t len,
                      const gold *g);

static int each_doc(const char *dir, doc_fn fn, void *ud) {
  corpus c;
  int rc = corpus_open(dir, &c);
  if (rc) {
    fprintf(stderr, "whosaid train: %s: %s\n", dir,
            rc == ENOENT ? "no text/*.txt files" : strerror(rc));
    corpus_free(&c);
    return rc == ENOMEM ? EXIT_FAIL : EXIT_USAGE;
  }
  for (size_t k = 0; k < c.texts.n && rc == 0; k++) {
    const char *ann = first_ann(&c, c.texts.v[k]);
    if (!ann)
      continue;
    char *tp = join(c.text_dir, c.texts.v[k]), *ap = join(c.ann_dir, ann), *text = NULL;
    size_t len = 0;
    gold g;
    memset(&g, 0, sizeof g);
    int err = tp && ap ? slurp(tp, &text, &len) : ENOMEM;
    if (!err)
      err = read_ann(ap, text, len, &g);
    if (err) {
      fprintf(stderr, "whosaid train: %s: %s\n", err > 0 ? tp : ap,
              strerror(err > 0 ? err : ENOMEM));
      rc = EXIT_FAIL;
    } else {
      rc = fn(ud, c.texts.v[k], text, len, &g);
    }
    gold_free(&g);
    free(tp), free(ap), free(text);
  }
  corpus_free(&c);
  return rc;
}

/* ---- Training ------------------------------------------------------------ */

typedef struct add_ctx {
  ws_trainer *t;
  int dev;
  size_t docs;
} add_ctx;

static int add_doc(void *ud, const char *name, const char *text, size_t len,
                   const gold *g) {
  add_ctx *c = ud;
  ws_status st = ws_trainer_add(c->t, text, len, g->v, g->n, c->dev);
  if (st != WS_OK) {
    fprintf(stderr, "whosaid train: %s: %s\n", name, ws_strerror(st));
    return EXIT_FAIL;
  }
  c->docs++;
  return EXIT_OK;
}

static void print_epoch(void *ud, const ws_epoch_report *r) {
  const tr_opts *o = ud;
  if (o->quiet)
    return;
  printf("%5u %6zu %8zu %9.4f %8.4f", r->epoch, r->documents, r->tokens, r->train_loss,
         r->train_accuracy);
  if (r->dev_accuracy >= 0)
    printf(" %8.4f %7.3f %7.3f %7.3f %7.3f", r->dev_accuracy, r->dev_f1[0], r->dev_f1[1],
           r->dev_f1[2], r->dev_linked_f1);
  printf(" %6.1fs\n", r->seconds);
  fflush(stdout);
}

static int write_file(void *ud, const char *data, size_t len) {
  return fwrite(data, 1, len, ud) == len ? 0 : -1;
}

/* Writes the model to path. Returns an exit code. */
static int save_model(const ws_model *m, const char *path) {
  FILE *f = fopen(path, "wb");
  if (!f) {
    fprintf(stderr, "whosaid train: %s: %s\n", path, strerror(errno));
    return EXIT_USAGE;
  }
  ws_status st = ws_model_save(m, write_file, f);
  if ((fclose(f) != 0 || st != WS_OK)) {
    fprintf(stderr, "whosaid train: cannot write %s\n", path);
    return EXIT_FAIL;
  }
  return EXIT_OK;
}

/* ---- Predictions --------------------------------------------------------- */

typedef struct pred_ctx {
  const ws_model *m;
  FILE *out;
  const char *name;
  const char *text;
  size_t group;
} pred_ctx;

static void put_span(FILE *f, const char *key, const ws_span *s) {
  if (s->text.ptr)
    fprintf(f, ",\"%s\":{\"start\":%zu,\"end\":%zu}", key, s->start, s->end);
  else
    fprintf(f, ",\"%s\":null", key);
}

/* Writes one attribution as statements of one group (one per piece). */
static int put_attr(void *ud, const ws_attribution *a) {
  pred_ctx *c = ud;
  c->group++;
  for (size_t k = 0; k < a->n_content; k++) {
    fprintf(
        c->out,
        "{\"doc\":\"%s\",\"kind\":\"indirect\",\"start\":%zu,\"end\":%zu,\"group\":%zu",
        c->name, a->content[k].start, a->content[k].end, c->group);
    put_span(c->out, "cue", &a->cue);
    put_span(c->out, "speaker_mention", &a->source);
    fprintf(c->out, ",\"confidence\":%.3f}\n", a->confidence);
  }
  return ferror(c->out) ? -1 : 0;
}

static int pred_doc(void *ud, const char *name, const char *text, size_t len,
                    const gold *g) {
  pred_ctx *c = ud;
  c->name = name, c->group = 0;
  ws_status st = ws_model_tag(c->m, text, len, put_attr, c);
  if (st != WS_OK) {
    fprintf(stderr, "whosaid train: %s: %s\n", name, ws_strerror(st));
    return EXIT_FAIL;
  }
  return EXIT_OK;
}

/* Writes the attributions model m finds in the texts of dir to path. */
static int predict(const ws_model *m, const char *dir, const char *path) {
  FILE *f = fopen(path, "w");
  if (!f) {
    fprintf(stderr, "whosaid train: %s: %s\n", path, strerror(errno));
    return EXIT_USAGE;
  }
  pred_ctx c = {m, f, NULL, NULL, 0};
  int rc = each_doc(dir, pred_doc, &c);
  if (fclose(f) != 0 && rc == EXIT_OK) {
    fprintf(stderr, "whosaid train: cannot write %s\n", path);
    rc = EXIT_FAIL;
  }
  return rc;
}

/* ---- Command line -------------------------------------------------------- */

static int usage(const char *fmt, const char *arg) {
  fputs("whosaid train: ", stderr);
  fprintf(stderr, fmt, arg);
  fputs(" (see 'whosaid help train')\n", stderr);
  return EXIT_USAGE;
}

/* Parses a number option into *v within [lo, hi]. Returns 0 or EXIT_USAGE. */
static int number(const char *name, const char *s, double lo, double hi, double *v) {
  char *end;
  errno = 0;
  *v = strtod(s, &end);
  if (errno || end == s || *end || !(*v >= lo && *v <= hi))
    return usage(name, s);
  return 0;
}

static int parse_opts(int argc, char **argv, tr_opts *o) {
  memset(o, 0, sizeof *o);
  static const char *const vnames[] = {"--polnear", "--dev",  "--out",     "--model",
                                       "--predict", "--pred", "--name",    "--epochs",
                                       "--bits",    "--seed", "--fraction", "--clusters",
                                       "--clusters-use"};
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i], *val = NULL;
    int k = -1;
    for (int j = 0; j < (int)(sizeof vnames / sizeof *vnames) && k < 0; j++) {
      size_t n = strlen(vnames[j]);
      if (strncmp(a, vnames[j], n) == 0 && (a[n] == '\0' || a[n] == '='))
        k = j, val = a[n] == '=' ? a + n + 1 : NULL;
    }
    if (k < 0) {
      if (strcmp(a, "--quiet") == 0 || strcmp(a, "-q") == 0) {
        o->quiet = 1;
        continue;
      }
      return usage(a[0] == '-' ? "unknown option '%s'" : "unexpected argument '%s'", a);
    }
    if (!val && ++i >= argc)
      return usage("option '%s' needs a value", vnames[k]);
    if (!val)
      val = argv[i];
    double v;
    switch (k) {
    case 0:
      o->polnear = val;
      break;
    case 1:
      o->dev = val;
      break;
    case 2:
      o->out = val;
      break;
    case 3:
      o->model = val;
      break;
    case 4:
      o->predict = val;
      break;
    case 5:
      o->pred = val;
      break;
    case 6:
      o->name = val;
      break;
    case 7:
      if (number("bad --epochs '%s' (1 to 1000)", val, 1, 1000, &v))
        return EXIT_USAGE;
      o->epochs = (unsigned)v;
      break;
    case 8:
      if (number("bad --bits '%s' (8 to 24)", val, 8, 24, &v))
        return EXIT_USAGE;
      o->bits = (unsigned)v;
      break;
    case 9:
      if (number("bad --seed '%s'", val, 1, 1e15, &v))
        return EXIT_USAGE;
      o->seed = (unsigned long long)v;
      break;
    case 10:
      if (number("bad --fraction '%s' (above 0, at most 1)", val, 1e-9, 1, &v))
        return EXIT_USAGE;
      o->fraction = v;
      break;
    case 11:
      o->clusters = val;
      break;
    default:
      if (strcmp(val, "replace") == 0)
        o->clusters_use = WS_CLUSTERS_REPLACE;
      else if (strcmp(val, "beside") == 0)
        o->clusters_use = WS_CLUSTERS_BESIDE;
      else if (strcmp(val, "extend") == 0)
        o->clusters_use = WS_CLUSTERS_EXTEND;
      else if (strcmp(val, "extend-beside") == 0)
        o->clusters_use = WS_CLUSTERS_EXTEND_BESIDE;
      else
        return usage("bad --clusters-use '%s' (replace, beside, extend or extend-beside)",
                     val);
    }
  }
  if (o->predict) {
    if (!o->pred)
      return usage("%s", "--predict DIR needs --pred FILE");
    if (o->polnear)
      return usage("%s", "--predict and --polnear do not go together");
    return -1;
  }
  if (!o->polnear)
    return usage("%s", "--polnear DIR is required");
  if (!o->out)
    return usage("%s", "--out FILE is required");
  if (o->pred && !o->dev)
    return usage("%s", "--pred FILE needs --dev DIR");
  return -1;
}

/* Loads the model named by --model: a file, or "builtin" (the default). */
static int load_model(const char *path, ws_model **owned, const ws_model **m) {
  *owned = NULL;
  if (!path || strcmp(path, "builtin") == 0) {
    *m = ws_model_builtin();
    if (!*m) {
      fprintf(stderr, "whosaid train: this build has no built-in model\n");
      return EXIT_FAIL;
    }
    return EXIT_OK;
  }
  char *buf;
  size_t len;
  if (slurp_or_say(path, &buf, &len) != EXIT_OK)
    return EXIT_USAGE;
  ws_status st = ws_model_load(buf, len, owned);
  free(buf);
  if (st != WS_OK) {
    fprintf(stderr, "whosaid train: %s: %s\n", path, ws_strerror(st));
    return EXIT_FAIL;
  }
  *m = *owned;
  return EXIT_OK;
}

static int run_predict(const tr_opts *o) {
  ws_model *owned;
  const ws_model *m;
  int rc = load_model(o->model, &owned, &m);
  if (rc == EXIT_OK)
    rc = predict(m, o->predict, o->pred);
  ws_model_free(owned);
  return rc;
}

/* Gives the trainer the word clusters of the file at path (--clusters).
 * Returns an exit code. */
static int set_clusters(ws_trainer *t, const char *path, ws_cluster_use use) {
  char *buf;
  size_t len;
  if (slurp_or_say(path, &buf, &len) != EXIT_OK)
    return EXIT_USAGE;
  ws_status st = ws_trainer_set_clusters(t, buf, len, use);
  free(buf);
  if (st != WS_OK) {
    fprintf(stderr, "whosaid train: %s: %s\n", path,
            st == WS_ERR_FORMAT ? "not a cluster file (lines word<TAB>fine<TAB>coarse)"
                                : ws_strerror(st));
    return st == WS_ERR_FORMAT ? EXIT_USAGE : EXIT_FAIL;
  }
  return EXIT_OK;
}

static int run_train(tr_opts *o) {
  ws_train_options to = {
      WS_TRAIN_OPTIONS_VERSION, o->epochs, o->bits, o->seed, o->fraction, o->name};
  ws_trainer *t = ws_trainer_new(&to);
  if (!t) {
    fprintf(stderr, "whosaid train: out of memory\n");
    return EXIT_FAIL;
  }
  add_ctx train = {t, 0, 0}, dev = {t, 1, 0};
  int rc = o->clusters ? set_clusters(t, o->clusters, o->clusters_use) : EXIT_OK;
  if (rc == EXIT_OK)
    rc = each_doc(o->polnear, add_doc, &train);
  if (rc == EXIT_OK && o->dev)
    rc = each_doc(o->dev, add_doc, &dev);
  if (rc == EXIT_OK && !o->quiet) {
    printf("whosaid train: %zu training documents, %zu development documents\n",
           train.docs, dev.docs);
    printf("epoch   docs   tokens  loss/tok train-acc");
    if (o->dev)
      printf("  dev-acc  source     cue content  linked");
    printf("   time\n");
  }
  if (rc == EXIT_OK && ws_trainer_run(t, print_epoch, o) != WS_OK) {
    fprintf(stderr, "whosaid train: out of memory\n");
    rc = EXIT_FAIL;
  }
  ws_model *m = NULL;
  if (rc == EXIT_OK && ws_trainer_model(t, &m) != WS_OK) {
    fprintf(stderr, "whosaid train: out of memory\n");
    rc = EXIT_FAIL;
  }
  ws_trainer_free(t);
  if (rc == EXIT_OK)
    rc = save_model(m, o->out);
  if (rc == EXIT_OK && o->pred)
    rc = predict(m, o->dev, o->pred);
  ws_model_free(m);
  return rc;
}

int ws_cli_train(int argc, char **argv) {
  tr_opts o;
  int rc = parse_opts(argc, argv, &o);
  if (rc >= 0)
    return rc;
  return o.predict ? run_predict(&o) : run_train(&o);
}
