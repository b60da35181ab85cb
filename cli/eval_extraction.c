/* eval_extraction.c: `whosaid eval --extraction DIR`, which measures the
 * main-text extraction of ws_document_new() on the article extraction
 * benchmark of Zyte (scrapinghub/article-extraction-benchmark): DIR holds
 * html/ID.html.gz (UTF-8 pages) and ground-truth.json ({ID: {"articleBody":
 * ...}}). The metric is the benchmark's own (its evaluate.py):
 * - tokens are the matches of Python's \w+ (letters, digits and "_" of any
 *   script; case kept), shingles the runs of 4 consecutive tokens (a text of
 *   1 to 3 tokens is one shorter shingle, an empty text none);
 * - per page, over the multisets of shingles of the expected and the
 *   extracted text: tp = sum of min counts, fp and fn the excesses; the
 *   three are divided by their sum;
 * - precision = tp / (tp + fp), 1 when fp = fn = 0, 0 when tp = fp = 0,
 *   averaged over pages with tp + fp > 0; recall likewise with fn, over
 *   pages with tp + fn > 0; F1 from the two averages.
 * tests/html/shingle_f1.py re-implements it in Python for a cross-check.
 * The time of ws_document_new() alone (pages already in memory) is printed
 * too: pages per second on one core. A page of the ground truth that cannot
 * be read is reported and makes the exit status 1. */
#define _POSIX_C_SOURCE 200809L

#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <locale.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <wctype.h>
#include <zlib.h>

#include "cli.h"
#include "whosaid.h"

enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2 };

/* Largest decompressed page read. */
#define MAX_PAGE ((size_t)256 << 20)
/* Shingle length of the benchmark. */
#define NGRAM 4

/* One page of the benchmark. */
typedef struct page {
  char *id;
  char *html;
  size_t len;
  const char *truth; /* Owned by the ground-truth JSON. */
  size_t truth_len;
  double tp, fp, fn; /* Normalised. */
  double p, r;
  int has_p, has_r;
} page;

/* Options. */
typedef struct xopts {
  const char *dir;
  const char *dump; /* Folder for the extracted texts, or NULL. */
  int verbose;
  int repeat; /* Timing passes. */
} xopts;

/* ---- Tokens and shingles ------------------------------------------------- */

static locale_t utf8_locale;

/* Decodes the UTF-8 character at s (n bytes left) into *cp; returns its
 * length (1 for an invalid byte, which gives U+FFFD). */
static size_t decode(const unsigned char *s, size_t n, uint32_t *cp) {
  unsigned c = s[0];
  size_t k = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 0;
  if (k == 0 || k > n) {
    *cp = 0xFFFD;
    return 1;
  }
  uint32_t v = k == 1 ? c : c & (0x7F >> k);
  for (size_t i = 1; i < k; i++) {
    if ((s[i] & 0xC0) != 0x80) {
      *cp = 0xFFFD;
      return 1;
    }
    v = v << 6 | (s[i] & 0x3F);
  }
  *cp = v;
  return k;
}

/* Returns true when code point cp is a \w character. */
static int word_char(uint32_t cp) {
  if (cp < 0x80)
    return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
           (cp >= '0' && cp <= '9') || cp == '_';
  return utf8_locale ? iswalnum_l((wint_t)cp, utf8_locale) != 0 : 0;
}

/* A token: a slice of a text. */
typedef struct token {
  const char *s;
  size_t len;
} token;

/* Splits text into \w+ tokens; returns how many, with *out a new array
 * (NULL when there are none or memory runs out, *oom set then). */
static size_t tokenize(const char *text, size_t len, token **out, int *oom) {
  size_t n = 0, cap = 0;
  token *t = NULL;
  const unsigned char *s = (const unsigned char *)text;
  size_t i = 0;
  while (i < len) {
    uint32_t cp;
    size_t k = decode(s + i, len - i, &cp);
    if (!word_char(cp)) {
      i += k;
      continue;
    }
    size_t start = i;
    while (i < len && (k = decode(s + i, len - i, &cp)) && word_char(cp))
      i += k;
    if (n == cap) {
      cap = cap ? cap * 2 : 256;
      token *p = realloc(t, cap * sizeof *p);
      if (!p) {
        free(t);
        *oom = 1;
        return 0;
      }
      t = p;
    }
    t[n].s = text + start;
    t[n++].len = i - start;
  }
  *out = t;
  return n;
}

/* FNV-1a over the bytes of tokens [i, i+k), with separators. */
static uint64_t shingle_hash(const token *t, size_t i, size_t k) {
  uint64_t h = 1469598103934665603ull;
  for (size_t j = i; j < i + k; j++) {
    for (size_t b = 0; b < t[j].len; b++)
      h = (h ^ (unsigned char)t[j].s[b]) * 1099511628211ull;
    h = (h ^ 0xFFu) * 1099511628211ull; /* 0xFF never occurs in UTF-8. */
  }
  return h ? h : 1;
}

/* A multiset of shingles of two texts: counts of the expected (a) and the
 * extracted (b) text per hash, in an open-addressing table. */
typedef struct bag {
  uint64_t *key;
  uint32_t *a, *b;
  size_t cap;
} bag;

/* Adds one shingle of side (0 expected, 1 extracted). */
static void bag_add(bag *g, uint64_t h, int side) {
  size_t i = (size_t)(h * 0x9E3779B97F4A7C15ull >> 20) & (g->cap - 1);
  while (g->key[i] && g->key[i] != h)
    i = (i + 1) & (g->cap - 1);
  g->key[i] = h;
  (side ? g->b : g->a)[i]++;
}

/* Adds the shingles of n tokens on one side, as evaluate.py's _ngrams. */
static void add_shingles(bag *g, const token *t, size_t n, int side) {
  if (n == 0)
    return;
  size_t count = n >= NGRAM ? n - NGRAM + 1 : 1;
  for (size_t i = 0; i < count; i++)
    bag_add(g, shingle_hash(t, i, n - i < NGRAM ? n - i : NGRAM), side);
}

/* Scores one page: normalised tp, fp and fn of its extracted text. Returns
 * -1 when memory runs out. */
static int score_page(page *pg, const char *pred, size_t pred_len) {
  int oom = 0;
  token *ta = NULL, *tb = NULL;
  size_t na = tokenize(pg->truth, pg->truth_len, &ta, &oom);
  size_t nb = tokenize(pred, pred_len, &tb, &oom);
  bag g = {0};
  g.cap = 64;
  while (g.cap < 2 * (na + nb + 2))
    g.cap *= 2;
  g.key = calloc(g.cap, sizeof *g.key);
  g.a = calloc(g.cap, sizeof *g.a);
  g.b = calloc(g.cap, sizeof *g.b);
  if (oom || !g.key || !g.a || !g.b) {
    oom = 1;
  } else {
    add_shingles(&g, ta, na, 0);
    add_shingles(&g, tb, nb, 1);
    double tp = 0, fp = 0, fn = 0;
    for (size_t i = 0; i < g.cap; i++) {
      if (!g.key[i])
        continue;
      uint32_t a = g.a[i], b = g.b[i];
      tp += a < b ? a : b;
      fp += b > a ? b - a : 0;
      fn += a > b ? a - b : 0;
    }
    double s = tp + fp + fn;
    if (s > 0) {
      tp /= s;
      fp /= s;
      fn /= s;
    }
    pg->tp = tp;
    pg->fp = fp;
    pg->fn = fn;
  }
  free(ta);
  free(tb);
  free(g.key);
  free(g.a);
  free(g.b);
  return oom ? -1 : 0;
}

/* evaluate.py's precision_score and recall_score for one page. */
static void page_pr(page *pg) {
  double tp = pg->tp, fp = pg->fp, fn = pg->fn;
  pg->has_p = tp + fp > 0;
  pg->has_r = tp + fn > 0;
  if (fp == 0 && fn == 0) {
    pg->p = pg->r = 1;
    return;
  }
  pg->p = tp == 0 && fp == 0 ? 0 : tp / (tp + fp);
  pg->r = tp == 0 && fn == 0 ? 0 : tp / (tp + fn);
}

/* ---- Reading the benchmark ------------------------------------------------ */

/* Reads and decompresses a gzip file into *out (malloc'd); returns its
 * length, or (size_t)-1 on failure. */
static size_t read_gz(const char *path, char **out) {
  gzFile g = gzopen(path, "rb");
  if (!g)
    return (size_t)-1;
  size_t cap = 1 << 16, len = 0;
  char *b = malloc(cap);
  int r = 0;
  while (b && (r = gzread(g, b + len, (unsigned)(cap - len))) > 0) {
    len += (size_t)r;
    if (len == cap) {
      char *p = cap < MAX_PAGE ? realloc(b, cap * 2) : NULL;
      if (!p) {
        free(b);
        b = NULL;
        break;
      }
      b = p;
      cap *= 2;
    }
  }
  gzclose(g);
  if (!b || r < 0) {
    free(b);
    return (size_t)-1;
  }
  *out = b;
  return len;
}

/* Compares pages by id, for a stable order. */
static int by_id(const void *a, const void *b) {
  return strcmp(((const page *)a)->id, ((const page *)b)->id);
}

/* Loads every page named in the ground truth. Returns the number of pages
 * (with *pages a new array), or -1 after printing an error. */
static long load_pages(const char *dir, json_t *truth, page **pages, size_t *missing) {
  size_t n = json_object_size(truth), k = 0;
  page *p = calloc(n ? n : 1, sizeof *p);
  if (!p)
    return -1;
  const char *key;
  json_t *v;
  json_object_foreach(truth, key, v) {
    json_t *body = json_object_get(v, "articleBody");
    size_t plen = strlen(dir) + strlen(key) + 32;
    char *path = malloc(plen);
    if (!path)
      break;
    snprintf(path, plen, "%s/html/%s.html.gz", dir, key);
    char *html = NULL;
    size_t len = read_gz(path, &html);
    if (len == (size_t)-1) {
      fprintf(stderr, "whosaid eval: cannot read %s\n", path);
      free(path);
      (*missing)++;
      continue;
    }
    free(path);
    p[k].id = strdup(key);
    p[k].html = html;
    p[k].len = len;
    p[k].truth = json_is_string(body) ? json_string_value(body) : "";
    p[k].truth_len = json_is_string(body) ? json_string_length(body) : 0;
    k++;
  }
  qsort(p, k, sizeof *p, by_id);
  *pages = p;
  return (long)k;
}

/* ---- Running -------------------------------------------------------------- */

/* Seconds of CPU time of this process. */
static double cpu_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Makes the document of one page. */
static ws_status extract(const page *pg, ws_document **doc) {
  ws_record rec;
  memset(&rec, 0, sizeof rec);
  rec.format = WS_FORMAT_HTML;
  rec.body.ptr = pg->html;
  rec.body.len = pg->len;
  rec.meta.id.ptr = pg->id;
  rec.meta.id.len = strlen(pg->id);
  return ws_document_new(&rec, doc, NULL);
}

/* Writes a page's extracted text to DUMP/ID.txt. */
static void dump_text(const char *dir, const page *pg, ws_str t) {
  size_t plen = strlen(dir) + strlen(pg->id) + 8;
  char *path = malloc(plen);
  if (!path)
    return;
  snprintf(path, plen, "%s/%s.txt", dir, pg->id);
  FILE *f = fopen(path, "wb");
  if (f) {
    fwrite(t.ptr, 1, t.len, f);
    fclose(f);
  } else {
    fprintf(stderr, "whosaid eval: cannot write %s: %s\n", path, strerror(errno));
  }
  free(path);
}

/* Extracts and scores every page. Returns 0, or -1 when out of memory. */
static int score_all(page *p, long n, const xopts *o) {
  for (long i = 0; i < n; i++) {
    ws_document *doc = NULL;
    if (extract(&p[i], &doc) != WS_OK)
      return -1;
    ws_str t = ws_document_text(doc);
    if (o->dump)
      dump_text(o->dump, &p[i], t);
    int rc = score_page(&p[i], t.ptr, t.len);
    ws_document_free(doc);
    if (rc)
      return -1;
    page_pr(&p[i]);
  }
  return 0;
}

/* Times ws_document_new() over all pages, repeat times; returns the best
 * pass's CPU seconds. */
static double time_all(const page *p, long n, int repeat, size_t *bytes) {
  double best = -1;
  *bytes = 0;
  for (long i = 0; i < n; i++)
    *bytes += p[i].len;
  for (int r = 0; r < repeat; r++) {
    double t0 = cpu_now();
    for (long i = 0; i < n; i++) {
      ws_document *doc = NULL;
      if (extract(&p[i], &doc) == WS_OK)
        ws_document_free(doc);
    }
    double t = cpu_now() - t0;
    if (best < 0 || t < best)
      best = t;
  }
  return best;
}

/* Prints the figures. */
static void report(const page *p, long n, const xopts *o, double secs, size_t bytes) {
  double ps = 0, rs = 0;
  long np = 0, nr = 0;
  for (long i = 0; i < n; i++) {
    if (p[i].has_p) {
      ps += p[i].p;
      np++;
    }
    if (p[i].has_r) {
      rs += p[i].r;
      nr++;
    }
    if (o->verbose) {
      double f = p[i].p + p[i].r > 0 ? 2 * p[i].p * p[i].r / (p[i].p + p[i].r) : 0;
      printf("%s\tP=%.3f\tR=%.3f\tF1=%.3f\n", p[i].id, p[i].p, p[i].r, f);
    }
  }
  double P = np ? ps / np : 0, R = nr ? rs / nr : 0;
  double F = P + R > 0 ? 2 * P * R / (P + R) : 0;
  printf("pages      %ld\nprecision  %.4f\nrecall     %.4f\nf1         %.4f\n", n, P, R, F);
  if (secs > 0)
    printf("time       %.3f s CPU (best of %d), %.1f pages/s, %.1f MB/s\n", secs, o->repeat,
           n / secs, bytes / secs / 1e6);
}

/* Parses the options; returns -1 to go on, else an exit code. */
static int parse(int argc, char **argv, xopts *o) {
  memset(o, 0, sizeof *o);
  o->repeat = 1;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (!strcmp(a, "--extraction") && i + 1 < argc)
      o->dir = argv[++i];
    else if (!strcmp(a, "--dump") && i + 1 < argc)
      o->dump = argv[++i];
    else if (!strcmp(a, "--repeat") && i + 1 < argc)
      o->repeat = atoi(argv[++i]);
    else if (!strcmp(a, "--verbose") || !strcmp(a, "-v"))
      o->verbose = 1;
    else if (!strcmp(a, "-h") || !strcmp(a, "--help"))
      return puts("Usage: whosaid eval --extraction DIR [--verbose] [--dump OUTDIR] "
                  "[--repeat N]") < 0;
    else if (!strcmp(a, "--extraction") || !strcmp(a, "--dump") || !strcmp(a, "--repeat")) {
      fprintf(stderr, "whosaid eval: option '%s' needs a value\n", a);
      return EXIT_USAGE;
    } else {
      fprintf(stderr, "whosaid eval: unexpected argument '%s' (see --help)\n", a);
      return EXIT_USAGE;
    }
  }
  if (!o->dir) {
    fprintf(stderr, "whosaid eval: --extraction DIR is required\n");
    return EXIT_USAGE;
  }
  if (o->repeat < 1)
    o->repeat = 1;
  return -1;
}

/* Frees the pages. */
static void free_pages(page *p, long n) {
  for (long i = 0; i < n; i++) {
    free(p[i].id);
    free(p[i].html);
  }
  free(p);
}

int ws_cli_eval_extraction(int argc, char **argv) {
  xopts o;
  int rc = parse(argc, argv, &o);
  if (rc >= 0)
    return rc;
  utf8_locale = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
  size_t plen = strlen(o.dir) + 32;
  char *gt = malloc(plen);
  if (!gt)
    return EXIT_FAIL;
  snprintf(gt, plen, "%s/ground-truth.json", o.dir);
  json_error_t e;
  json_t *truth = json_load_file(gt, 0, &e);
  if (!json_is_object(truth)) {
    if (truth)
      fprintf(stderr, "whosaid eval: %s: not a JSON object of pages\n", gt);
    else if (e.line > 0)
      fprintf(stderr, "whosaid eval: %s: line %d: %s\n", gt, e.line, e.text);
    else
      fprintf(stderr, "whosaid eval: cannot read %s: %s\n", gt, e.text);
    free(gt);
    json_decref(truth);
    return EXIT_USAGE;
  }
  free(gt);
  page *p = NULL;
  size_t missing = 0;
  long n = load_pages(o.dir, truth, &p, &missing);
  rc = n < 0 ? EXIT_FAIL : EXIT_OK;
  if (n == 0) {
    fprintf(stderr, "whosaid eval: no page of %s/ground-truth.json could be read\n", o.dir);
    rc = EXIT_FAIL;
  }
  if (n >= 0 && score_all(p, n, &o) < 0) {
    fprintf(stderr, "whosaid eval: out of memory\n");
    rc = EXIT_FAIL;
  }
  if (rc == EXIT_OK) {
    size_t bytes;
    double secs = time_all(p, n, o.repeat, &bytes);
    report(p, n, &o, secs, bytes);
    if (missing) {
      fprintf(stderr, "whosaid eval: %zu page%s missing: the figures cover the others only\n",
              missing, missing == 1 ? "" : "s");
      rc = EXIT_FAIL;
    }
  }
  if (n >= 0)
    free_pages(p, n);
  json_decref(truth);
  if (utf8_locale)
    freelocale(utf8_locale);
  return rc;
}
