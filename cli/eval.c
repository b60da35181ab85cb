/* eval.c: `whosaid eval`, which scores whosaid against the gold attributions
 * of the PolNeAR corpus (text/NAME.txt and attributions/NAME_XXXX.ann, BRAT standoff)
 * and prints precision, recall and F1 per role, a linked F1 and the same for
 * quoted attributions. Predictions come from the engine or, with --pred, from
 * a JSONL file in whosaid's output contract. tools/polnear_eval.py is an
 * independent re-implementation of the same rules; keep the two in step.
 *
 * Scoring rules.
 * - Offsets. BRAT counts Unicode code points, whosaid UTF-8 bytes; all
 *   comparisons are in code points. A byte offset b becomes the number of
 *   characters starting before b. An invalid UTF-8 byte is one character.
 * - Gold. For DIR/text/NAME.txt, the first (in byte order) of
 *   DIR/attributions/NAME_XXXX.ann; a text without one is skipped with a
 *   warning. Each relation line whose type starts with "Attribution" and that
 *   has arguments is one attribution: the pieces of its Content* arguments
 *   (Content, Content2 ...) are its content, of its Cue arguments its cue, of
 *   its Source arguments its source. Discontinuous spans give several pieces.
 * - Predictions. A statement gives a content piece (start, end), a cue piece
 *   and a source piece (speaker_mention). Statements of one document sharing
 *   a group form one predicted attribution: its content is the union of their
 *   pieces; its source (cue) is that of its first statement, in order of
 *   start, that has one.
 * - Canonical form, applied before any comparison: each piece is trimmed at
 *   both ends of white space, ASCII punctuation, Unicode quotation marks,
 *   dashes and the ellipsis; empty pieces are dropped (when all would vanish,
 *   the untrimmed pieces are kept); pieces are sorted and merged when they
 *   overlap, touch or are separated only by such characters. An empty set is
 *   "absent". Two sets match exactly when their canonical pieces are equal,
 *   that is Jaccard = 1 over the characters they cover; they overlap when
 *   Jaccard >= 0.5.
 * - Roles, per document. Gold items: the content of each attribution that has
 *   one; the distinct cue and source sets (a source shared by two
 *   attributions counts once). Predicted items: the content of each group;
 *   the distinct cue and speaker_mention sets of all statements. Items are
 *   sorted by their pieces (equal contents in attribution or group order);
 *   pairs with Jaccard > 0 are taken one to one, greedily, by decreasing
 *   Jaccard, ties to the lower gold then predicted index. Taken pairs with
 *   Jaccard = 1 are exact matches, with Jaccard >= 0.5 overlap matches.
 * - Linked: a gold attribution with a content and a group are a candidate
 *   pair when their contents overlap and their sources do too, or both are
 *   absent; candidates are taken greedily, one to one, by content Jaccard.
 *   P = linked / groups, R = linked / gold attributions with a content.
 * - Quoted subset: gold attributions one of whose raw content pieces holds a
 *   quotation mark (holds_quote() below; apostrophes in words do not count),
 *   and groups one of whose statements is of kind direct or mixed or has text
 *   holding one. Every figure is computed again on these alone; the cue and
 *   source items of the subset come from its attributions and statements.
 * - Counts are summed over documents; P = matched / predicted, R = matched /
 *   gold, F1 = 2PR / (P + R), each 0 when its denominator is 0. */
#define _POSIX_C_SOURCE 200809L

#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "io.h"
#include "whosaid.h"

enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2 };
enum { ROLE_SOURCE, ROLE_CUE, ROLE_CONTENT, N_ROLES };
enum { SUB_ALL, SUB_QUOTED, N_SUBSETS };

static const char *const ROLE_NAMES[N_ROLES] = {"source", "cue", "content"};
static const char *const SUBSET_NAMES[N_SUBSETS] = {"all", "quoted"};

/* Largest text, annotation or prediction file read, in bytes. */
#define MAX_FILE ((size_t)1 << 30)
/* Deepest JSON nesting accepted in a prediction line. */
#define MAX_JSON_DEPTH 64

/* ---- Growable arrays ----------------------------------------------------- */

/* An array of n items of size bytes each, with room for cap. */
typedef struct ev_vec {
  char *data;
  size_t n, cap, size;
} ev_vec;

#define VEC(type) ((ev_vec){NULL, 0, 0, sizeof(type)})
#define AT(v, type, i) (((type *)(v).data)[i])

/* Makes room for need items. Returns 0, or -1 when memory runs out (the
 * array is then unchanged). */
static int vec_reserve(ev_vec *v, size_t need) {
  if (need <= v->cap)
    return 0;
  size_t cap = v->cap ? v->cap : 16;
  while (cap < need)
    cap *= 2;
  if (cap > SIZE_MAX / v->size)
    return -1;
  char *p = realloc(v->data, cap * v->size);
  if (!p)
    return -1;
  v->data = p;
  v->cap = cap;
  return 0;
}

/* Appends a zeroed item and returns it, or NULL when memory runs out. The
 * pointer is valid until the array next grows. */
static void *vec_push(ev_vec *v) {
  if (vec_reserve(v, v->n + 1))
    return NULL;
  void *p = v->data + v->n++ * v->size;
  memset(p, 0, v->size);
  return p;
}

/* Sorts the items with cmp (qsort, so not stable: cmp must order fully). */
static void vec_sort(ev_vec *v, int (*cmp)(const void *, const void *)) {
  if (v->n > 1)
    qsort(v->data, v->n, v->size, cmp);
}

static void vec_free(ev_vec *v) {
  free(v->data);
  *v = (ev_vec){NULL, 0, 0, v->size};
}

/* ---- Files --------------------------------------------------------------- */

/* Seconds since an arbitrary origin. */
static double now(void) {
  struct timespec ts;
  timespec_get(&ts, TIME_UTC);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Reads all of path into a new NUL-terminated buffer (*out, *len). Returns
 * 0, or an errno value (EFBIG beyond MAX_FILE); *out is then NULL. */
static int read_file(const char *path, char **out, size_t *len) {
  *out = NULL;
  FILE *f = fopen(path, "rb");
  if (!f)
    return errno ? errno : EIO;
  ev_vec buf = VEC(char);
  int rc = 0;
  for (;;) {
    if (buf.n > MAX_FILE || vec_reserve(&buf, buf.n + 65536 + 1)) {
      rc = buf.n > MAX_FILE ? EFBIG : ENOMEM;
      break;
    }
    size_t got = fread(buf.data + buf.n, 1, buf.cap - buf.n - 1, f);
    buf.n += got;
    if (got == 0) {
      rc = ferror(f) ? EIO : 0;
      break;
    }
  }
  fclose(f);
  if (rc) {
    vec_free(&buf);
    return rc;
  }
  buf.data[buf.n] = '\0';
  *out = buf.data;
  *len = buf.n;
  return 0;
}

#define path_join ws_cli_path_join

static int cmp_str_ptr(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Lists the names in dir ending in suffix, sorted bytewise, into names (an
 * array of char *, each to free). Returns 0, or an errno value. */
static int list_dir(const char *dir, const char *suffix, ev_vec *names) {
  DIR *d = opendir(dir);
  if (!d)
    return errno ? errno : EIO;
  size_t sl = strlen(suffix);
  struct dirent *e;
  int rc = 0;
  while (!rc && (e = readdir(d)) != NULL) {
    size_t n = strlen(e->d_name);
    if (n <= sl || memcmp(e->d_name + n - sl, suffix, sl) != 0)
      continue;
    char **slot = vec_push(names);
    if (!slot || !(*slot = malloc(n + 1)))
      rc = ENOMEM;
    else
      memcpy(*slot, e->d_name, n + 1);
    if (slot && !*slot)
      names->n--;
  }
  closedir(d);
  vec_sort(names, cmp_str_ptr);
  return rc;
}

static void free_names(ev_vec *names) {
  for (size_t i = 0; i < names->n; i++)
    free(AT(*names, char *, i));
  vec_free(names);
}

/* ---- Characters ---------------------------------------------------------- */

/* Decodes the valid UTF-8 sequence at s (n bytes left) into *cp and returns
 * its length, or returns 0 when the bytes there are not one. */
static size_t utf8_seq(const unsigned char *s, size_t n, uint32_t *cp) {
  unsigned c = s[0];
  size_t len;
  uint32_t lo = 0x80, hi = 0xBF, v;
  if (c < 0x80) {
    *cp = c;
    return 1;
  } else if (c >= 0xC2 && c <= 0xDF) {
    len = 2, v = c & 0x1F;
  } else if (c >= 0xE0 && c <= 0xEF) {
    len = 3, v = c & 0x0F;
    lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
  } else if (c >= 0xF0 && c <= 0xF4) {
    len = 4, v = c & 0x07;
    lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
  } else {
    return 0;
  }
  if (n < len || s[1] < lo || s[1] > hi)
    return 0;
  for (size_t i = 1; i < len; i++) {
    if (i > 1 && (s[i] & 0xC0) != 0x80)
      return 0;
    v = v << 6 | (s[i] & 0x3F);
  }
  *cp = v;
  return len;
}

static int is_space(uint32_t c) {
  return (c >= 0x09 && c <= 0x0D) || c == 0x20 || c == 0x85 || c == 0xA0 || c == 0x1680 ||
         (c >= 0x2000 && c <= 0x200B) || c == 0x2028 || c == 0x2029 || c == 0x202F ||
         c == 0x205F || c == 0x3000 || c == 0xFEFF;
}

/* True for the characters trimmed from span ends: white space, ASCII
 * punctuation, quotation marks, dashes, the ellipsis and the minus sign. */
static int is_trim(uint32_t c) {
  if (is_space(c))
    return 1;
  if ((c >= 0x21 && c <= 0x2F) || (c >= 0x3A && c <= 0x40) || (c >= 0x5B && c <= 0x60) ||
      (c >= 0x7B && c <= 0x7E))
    return 1;
  return c == 0xAB || c == 0xBB || c == 0x2026 || c == 0x2039 || c == 0x203A ||
         c == 0x2212 || (c >= 0x2010 && c <= 0x2015) || (c >= 0x2018 && c <= 0x201F);
}

/* True for ASCII letters and digits and for non-trim characters from U+00C0. */
static int is_word(uint32_t c) {
  if (c < 0x80)
    return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
  return c >= 0xC0 && !is_trim(c);
}

static int is_double_quote(uint32_t c) {
  return c == '"' || c == 0x201C || c == 0x201D || c == 0x201E || c == 0x201F ||
         c == 0xAB || c == 0xBB || c == 0x2039 || c == 0x203A;
}

/* True when the characters cp[s, e) hold a double quotation mark or a
 * guillemet, or an opening single mark (' or U+2018, not after a word
 * character, before a non-space) followed later by a closing one (' or
 * U+2019, after a non-space, not before a word character). Apostrophes in
 * words ("Clinton's") are therefore not quotation marks. */
static int holds_quote(const uint32_t *cp, uint32_t s, uint32_t e) {
  int opened = 0;
  for (uint32_t i = s; i < e; i++) {
    uint32_t c = cp[i];
    if (is_double_quote(c))
      return 1;
    int prev_word = i > s && is_word(cp[i - 1]);
    int next_space = i + 1 >= e || is_space(cp[i + 1]);
    if (opened && (c == '\'' || c == 0x2019) && i > s && !is_space(cp[i - 1]) &&
        !(i + 1 < e && is_word(cp[i + 1])))
      return 1;
    if ((c == '\'' || c == 0x2018) && !prev_word && !next_space)
      opened = 1;
  }
  return 0;
}

/* ---- Documents and span sets --------------------------------------------- */

/* A piece [s, e) of a text, in characters. */
typedef struct ev_piece {
  uint32_t s, e;
} ev_piece;

/* A set of pieces: n pieces from index off of the document's piece pool.
 * n == 0 means absent. */
typedef struct ev_set {
  uint32_t off, n;
} ev_set;

/* A gold attribution, or a predicted one (a group of statements). */
typedef struct ev_attr {
  ev_set content, cue, source; /* canonical */
  int quoted;
} ev_attr;

/* A predicted statement, in characters; the flags say which pieces exist. */
typedef struct ev_stmt {
  long long group;
  size_t order; /* position in the input, to keep sorting stable */
  ev_piece raw, cue, src;
  int has_cue, has_src, quoted;
  ev_set cue_set, src_set; /* canonical */
  size_t attr;             /* its group in doc.groups, or SIZE_MAX */
} ev_stmt;

/* One document being scored; the arrays are reused from one to the next. */
typedef struct ev_doc {
  const char *name; /* base name of the text, without ".txt" */
  char *bytes;      /* the text, NUL-terminated, owned */
  size_t nbytes;
  ev_vec cp;                   /* uint32_t: code point of each character */
  ev_vec cbyte;                /* uint32_t: byte offset of each character, then nbytes */
  ev_vec pool;                 /* ev_piece: the pieces of every ev_set */
  ev_vec gold;                 /* ev_attr */
  ev_vec stmts;                /* ev_stmt */
  ev_vec groups;               /* ev_attr */
  ev_vec raw[N_ROLES], tmp[2]; /* ev_piece scratch */
} ev_doc;

static void doc_init(ev_doc *d) {
  memset(d, 0, sizeof *d);
  d->cp = VEC(uint32_t), d->cbyte = VEC(uint32_t), d->pool = VEC(ev_piece);
  d->gold = VEC(ev_attr), d->stmts = VEC(ev_stmt), d->groups = VEC(ev_attr);
  for (int i = 0; i < N_ROLES; i++)
    d->raw[i] = VEC(ev_piece);
  d->tmp[0] = VEC(ev_piece), d->tmp[1] = VEC(ev_piece);
}

/* Frees the text and empties the arrays, keeping their memory. */
static void doc_reset(ev_doc *d) {
  free(d->bytes);
  d->bytes = NULL;
  d->cp.n = d->cbyte.n = d->pool.n = d->gold.n = d->stmts.n = d->groups.n = 0;
}

static void doc_free(ev_doc *d) {
  doc_reset(d);
  ev_vec *all[] = {&d->cp,     &d->cbyte,  &d->pool,   &d->gold,   &d->stmts, &d->groups,
                   &d->raw[0], &d->raw[1], &d->raw[2], &d->tmp[0], &d->tmp[1]};
  for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
    vec_free(all[i]);
}

static uint32_t nchars(const ev_doc *d) {
  return (uint32_t)d->cp.n;
}

static const uint32_t *chars(const ev_doc *d) {
  return (const uint32_t *)d->cp.data;
}

static const ev_piece *pieces(const ev_doc *d, ev_set s) {
  return (const ev_piece *)d->pool.data + s.off;
}

/* Decodes the document's bytes into characters. Returns 0 or -1 (memory). */
static int doc_decode(ev_doc *d) {
  if (d->nbytes >= UINT32_MAX || vec_reserve(&d->cp, d->nbytes + 1) ||
      vec_reserve(&d->cbyte, d->nbytes + 1))
    return -1;
  const unsigned char *s = (const unsigned char *)d->bytes;
  size_t i = 0;
  while (i < d->nbytes) {
    uint32_t c;
    size_t len = utf8_seq(s + i, d->nbytes - i, &c);
    if (len == 0)
      c = 0xDC00 + s[i], len = 1; /* as Python's surrogateescape */
    AT(d->cp, uint32_t, d->cp.n++) = c;
    AT(d->cbyte, uint32_t, d->cbyte.n++) = (uint32_t)i;
    i += len;
  }
  AT(d->cbyte, uint32_t, d->cbyte.n++) = (uint32_t)d->nbytes;
  return 0;
}

/* Returns the number of characters that start before byte offset b. */
static uint32_t char_of(const ev_doc *d, double b) {
  if (!(b > 0))
    return 0;
  size_t off = b >= (double)d->nbytes ? d->nbytes : (size_t)b;
  const uint32_t *cb = (const uint32_t *)d->cbyte.data;
  size_t lo = 0, hi = d->cp.n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (cb[mid] < off)
      lo = mid + 1;
    else
      hi = mid;
  }
  return (uint32_t)lo;
}

static int cmp_piece(const void *a, const void *b) {
  const ev_piece *x = a, *y = b;
  if (x->s != y->s)
    return x->s < y->s ? -1 : 1;
  return x->e < y->e ? -1 : x->e > y->e;
}

/* True when every character in [s, e) is a trim character. */
static int all_trim(const ev_doc *d, uint32_t s, uint32_t e) {
  for (uint32_t k = s; k < e; k++)
    if (!is_trim(chars(d)[k]))
      return 0;
  return 1;
}

/* Appends to the pool the merge of the sorted pieces in, and sets *out to it:
 * a piece joins the previous one when they overlap, touch or only trim
 * characters lie between them. Returns 0 or -1 (memory). */
static int merge_into_pool(ev_doc *d, const ev_vec *in, ev_set *out) {
  if (vec_reserve(&d->pool, d->pool.n + in->n))
    return -1;
  out->off = (uint32_t)d->pool.n;
  out->n = 0;
  ev_piece *pool = (ev_piece *)d->pool.data;
  for (size_t i = 0; i < in->n; i++) {
    ev_piece p = AT(*in, ev_piece, i);
    ev_piece *last = out->n ? &pool[out->off + out->n - 1] : NULL;
    if (last && (p.s <= last->e || all_trim(d, last->e, p.s))) {
      if (p.e > last->e)
        last->e = p.e;
      continue;
    }
    pool[out->off + out->n++] = p;
  }
  d->pool.n += out->n;
  return 0;
}

/* Sets *out to the canonical form of the n raw pieces at raw (which must not
 * point into the pool): see the opening comment. Returns 0 or -1 (memory). */
static int canonical(ev_doc *d, const ev_piece *raw, size_t n, ev_set *out) {
  ev_vec *valid = &d->tmp[0], *trimmed = &d->tmp[1];
  valid->n = trimmed->n = 0;
  if (vec_reserve(valid, n) || vec_reserve(trimmed, n))
    return -1;
  for (size_t i = 0; i < n; i++)
    if (raw[i].s < raw[i].e && raw[i].e <= nchars(d))
      AT(*valid, ev_piece, valid->n++) = raw[i];
  vec_sort(valid, cmp_piece);
  for (size_t i = 0; i < valid->n; i++) {
    ev_piece p = AT(*valid, ev_piece, i);
    while (p.s < p.e && is_trim(chars(d)[p.s]))
      p.s++;
    while (p.e > p.s && is_trim(chars(d)[p.e - 1]))
      p.e--;
    if (p.s < p.e)
      AT(*trimmed, ev_piece, trimmed->n++) = p;
  }
  vec_sort(trimmed, cmp_piece);
  return merge_into_pool(d, trimmed->n ? trimmed : valid, out);
}

/* Canonical form of a single piece; *out is absent when has is 0. */
static int canonical1(ev_doc *d, int has, ev_piece p, ev_set *out) {
  *out = (ev_set){0, 0};
  return has ? canonical(d, &p, 1, out) : 0;
}

/* Orders two sets of pieces lexicographically (a shorter prefix first). */
static int cmp_sets(const ev_piece *a, uint32_t na, const ev_piece *b, uint32_t nb) {
  for (uint32_t i = 0; i < na && i < nb; i++) {
    int c = cmp_piece(&a[i], &b[i]);
    if (c)
      return c;
  }
  return na < nb ? -1 : na > nb;
}

static uint64_t set_size(const ev_piece *a, uint32_t n) {
  uint64_t t = 0;
  for (uint32_t i = 0; i < n; i++)
    t += a[i].e - a[i].s;
  return t;
}

/* Characters common to two canonical sets (sorted, disjoint pieces). */
static uint64_t set_inter(const ev_piece *a, uint32_t na, const ev_piece *b,
                          uint32_t nb) {
  uint64_t t = 0;
  uint32_t i = 0, j = 0;
  while (i < na && j < nb) {
    uint32_t lo = a[i].s > b[j].s ? a[i].s : b[j].s;
    uint32_t hi = a[i].e < b[j].e ? a[i].e : b[j].e;
    if (lo < hi)
      t += hi - lo;
    if (a[i].e < b[j].e)
      i++;
    else
      j++;
  }
  return t;
}

/* ---- Gold: BRAT standoff ------------------------------------------------- */

/* A text-bound annotation: its id (pointing into the .ann buffer), the line
 * it was on and its raw pieces in the pool. */
typedef struct ev_tspan {
  const char *id;
  size_t idlen, line;
  ev_set raw;
} ev_tspan;

/* A field of a line: [p, p + n). */
typedef struct ev_field {
  const char *p;
  size_t n;
} ev_field;

/* Splits line [p, end) at tabs into up to max fields; returns how many. */
static size_t split_tabs(const char *p, const char *end, ev_field *f, size_t max) {
  size_t k = 0;
  while (k < max) {
    const char *t = memchr(p, '\t', (size_t)(end - p));
    f[k].p = p;
    f[k].n = (size_t)((t ? t : end) - p);
    k++;
    if (!t)
      break;
    p = t + 1;
  }
  return k;
}

/* Parses the unsigned decimal number at *p (before end), advancing *p.
 * Returns 0, or -1 when there are no digits or it overflows. */
static int parse_uint(const char **p, const char *end, uint32_t *out) {
  uint64_t v = 0;
  const char *s = *p;
  while (s < end && *s >= '0' && *s <= '9' && v <= UINT32_MAX)
    v = v * 10 + (uint64_t)(*s++ - '0');
  if (s == *p || v > UINT32_MAX)
    return -1;
  *p = s;
  *out = (uint32_t)v;
  return 0;
}

/* Parses "TYPE a b;c d..." (the second field of a T line) into raw pieces
 * clamped to the text, appended to the pool. Returns 0, 1 when malformed
 * (the line is then ignored) or -1 (memory). */
static int parse_tspan(ev_doc *d, ev_field f, ev_set *out) {
  const char *p = memchr(f.p, ' ', f.n), *end = f.p + f.n;
  if (!p)
    return 1;
  size_t start = d->pool.n;
  for (p++;; p++) {
    ev_piece pc;
    if (parse_uint(&p, end, &pc.s) || p >= end || *p++ != ' ' ||
        parse_uint(&p, end, &pc.e)) {
      d->pool.n = start;
      return 1;
    }
    pc.s = pc.s < nchars(d) ? pc.s : nchars(d);
    pc.e = pc.e < nchars(d) ? pc.e : nchars(d);
    ev_piece *slot = vec_push(&d->pool);
    if (!slot)
      return -1;
    *slot = pc;
    if (p == end)
      break;
    if (*p != ';') {
      d->pool.n = start;
      return 1;
    }
  }
  *out = (ev_set){(uint32_t)start, (uint32_t)(d->pool.n - start)};
  return 0;
}

static int cmp_tspan(const void *a, const void *b) {
  const ev_tspan *x = a, *y = b;
  size_t n = x->idlen < y->idlen ? x->idlen : y->idlen;
  int c = memcmp(x->id, y->id, n);
  if (c || x->idlen != y->idlen)
    return c ? c : (x->idlen < y->idlen ? -1 : 1);
  return x->line < y->line ? -1 : x->line > y->line;
}

/* Returns the last-defined text-bound annotation called [id, id + n), or
 * NULL. spans is sorted by cmp_tspan. */
static const ev_tspan *find_tspan(const ev_vec *spans, const char *id, size_t n) {
  ev_tspan key = {id, n, SIZE_MAX, {0, 0}};
  size_t lo = 0, hi = spans->n;
  while (lo < hi) { /* first span ordered after key: past every equal id */
    size_t mid = lo + (hi - lo) / 2;
    if (cmp_tspan(&AT(*spans, ev_tspan, mid), &key) <= 0)
      lo = mid + 1;
    else
      hi = mid;
  }
  if (lo == 0)
    return NULL;
  const ev_tspan *t = &AT(*spans, ev_tspan, lo - 1);
  return t->idlen == n && memcmp(t->id, id, n) == 0 ? t : NULL;
}

/* Which role an argument name gives: ROLE_*, or -1 for none. */
static int role_of(const char *p, size_t n) {
  if (n >= 7 && memcmp(p, "Content", 7) == 0)
    return ROLE_CONTENT;
  if (n == 3 && memcmp(p, "Cue", 3) == 0)
    return ROLE_CUE;
  if (n == 6 && memcmp(p, "Source", 6) == 0)
    return ROLE_SOURCE;
  return -1;
}

/* Turns the raw role pieces gathered in d->raw into a gold attribution.
 * Returns 0 or -1 (memory). */
static int add_gold(ev_doc *d) {
  ev_attr a;
  memset(&a, 0, sizeof a);
  ev_vec *r = d->raw;
  for (size_t i = 0; i < r[ROLE_CONTENT].n; i++) {
    ev_piece p = AT(r[ROLE_CONTENT], ev_piece, i);
    a.quoted = a.quoted || holds_quote(chars(d), p.s, p.e);
  }
  if (canonical(d, (ev_piece *)r[ROLE_CONTENT].data, r[ROLE_CONTENT].n, &a.content) ||
      canonical(d, (ev_piece *)r[ROLE_CUE].data, r[ROLE_CUE].n, &a.cue) ||
      canonical(d, (ev_piece *)r[ROLE_SOURCE].data, r[ROLE_SOURCE].n, &a.source))
    return -1;
  ev_attr *slot = vec_push(&d->gold);
  if (!slot)
    return -1;
  *slot = a;
  return 0;
}

/* Reads the arguments "Role:Id ..." [p, end) of an attribution relation
 * (after its type) and adds the attribution when it has any. Returns 0 or -1
 * (memory). */
static int parse_relation(ev_doc *d, const ev_vec *spans, const char *p,
                          const char *end) {
  int any = 0;
  for (int i = 0; i < N_ROLES; i++)
    d->raw[i].n = 0;
  while (p < end) {
    const char *sp = memchr(p, ' ', (size_t)(end - p)), *tok_end = sp ? sp : end;
    const char *colon = memchr(p, ':', (size_t)(tok_end - p));
    if (colon) {
      any = 1;
      int role = role_of(p, (size_t)(colon - p));
      const ev_tspan *t = find_tspan(spans, colon + 1, (size_t)(tok_end - colon - 1));
      if (role >= 0 && t) {
        if (vec_reserve(&d->raw[role], d->raw[role].n + t->raw.n))
          return -1;
        memcpy(d->raw[role].data + d->raw[role].n * sizeof(ev_piece), pieces(d, t->raw),
               t->raw.n * sizeof(ev_piece));
        d->raw[role].n += t->raw.n;
      }
    }
    p = tok_end + 1;
  }
  return any ? add_gold(d) : 0;
}

/* Reads the relation lines of an .ann buffer into d->gold, once spans holds
 * its text-bound annotations. Returns 0 or -1 (memory). */
static int parse_relations(ev_doc *d, const ev_vec *spans, const char *buf, size_t len) {
  const char *p = buf, *end = buf + len;
  while (p < end) {
    const char *nl = memchr(p, '\n', (size_t)(end - p)), *le = nl ? nl : end;
    ev_field f[3];
    const char *stop = le > p && le[-1] == '\r' ? le - 1 : le;
    size_t nf = split_tabs(p, stop, f, 3);
    if (nf >= 2 && f[0].n && f[0].p[0] == 'E' && f[1].n >= 11 &&
        memcmp(f[1].p, "Attribution", 11) == 0) {
      const char *args = memchr(f[1].p, ' ', f[1].n);
      if (args && parse_relation(d, spans, args + 1, f[1].p + f[1].n))
        return -1;
    }
    p = le + 1;
  }
  return 0;
}

/* Reads the text-bound annotation lines of an .ann buffer into spans, sorted
 * by id. Returns 0 or -1 (memory). */
static int parse_tspans(ev_doc *d, ev_vec *spans, const char *buf, size_t len) {
  const char *p = buf, *end = buf + len;
  for (size_t line = 0; p < end; line++) {
    const char *nl = memchr(p, '\n', (size_t)(end - p)), *le = nl ? nl : end;
    const char *stop = le > p && le[-1] == '\r' ? le - 1 : le;
    ev_field f[3];
    size_t nf = split_tabs(p, stop, f, 3);
    ev_set raw;
    int rc;
    if (nf >= 2 && f[0].n && f[0].p[0] == 'T' && (rc = parse_tspan(d, f[1], &raw)) <= 0) {
      ev_tspan *t = rc ? NULL : vec_push(spans);
      if (!t)
        return -1;
      *t = (ev_tspan){f[0].p, f[0].n, line, raw};
    }
    p = le + 1;
  }
  vec_sort(spans, cmp_tspan);
  return 0;
}

/* Reads the gold attributions of the document from the .ann file at path.
 * Returns 0, -1 (memory) or an errno value > 0 when the file is unreadable. */
static int load_gold(ev_doc *d, const char *path) {
  char *buf;
  size_t len;
  int rc = read_file(path, &buf, &len);
  if (rc)
    return rc == ENOMEM ? -1 : rc;
  ev_vec spans = VEC(ev_tspan);
  rc = parse_tspans(d, &spans, buf, len);
  if (!rc)
    rc = parse_relations(d, &spans, buf, len);
  vec_free(&spans);
  free(buf);
  return rc;
}

/* ---- Predictions: whosaid JSONL ------------------------------------------ */

/* A statement read from a prediction file, in bytes. */
typedef struct ev_pred {
  char *doc; /* document key (see doc_key()), owned */
  size_t order;
  double group, start, end, cue_s, cue_e, src_s, src_e;
  int has_cue, has_src, quoted_kind;
} ev_pred;

/* A cursor over one JSON line. */
typedef struct ev_json {
  const char *p, *end;
  int depth;
} ev_json;

static void json_ws(ev_json *j) {
  while (j->p < j->end &&
         (*j->p == ' ' || *j->p == '\t' || *j->p == '\r' || *j->p == '\n'))
    j->p++;
}

/* Consumes c (after white space) when it is next; returns whether it was. */
static int json_eat(ev_json *j, char c) {
  json_ws(j);
  if (j->p < j->end && *j->p == c) {
    j->p++;
    return 1;
  }
  return 0;
}

/* Returns the value of hex digit c, or -1. */
static int hex_val(char c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  c = (char)(c | 0x20);
  return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Reads four hex digits; returns the value or -1. */
static long json_hex4(ev_json *j) {
  long v = 0;
  for (int i = 0; i < 4; i++, j->p++) {
    int x = j->p < j->end ? hex_val(*j->p) : -1;
    if (x < 0)
      return -1;
    v = v * 16 + x;
  }
  return v;
}

/* Appends code point c to out in UTF-8 (lone surrogates as U+FFFD). */
static int put_utf8(ev_vec *out, long c) {
  char b[4];
  size_t n;
  if (c >= 0xD800 && c <= 0xDFFF)
    c = 0xFFFD;
  if (c < 0x80)
    b[0] = (char)c, n = 1;
  else if (c < 0x800)
    b[0] = (char)(0xC0 | c >> 6), b[1] = (char)(0x80 | (c & 0x3F)), n = 2;
  else if (c < 0x10000)
    b[0] = (char)(0xE0 | c >> 12), b[1] = (char)(0x80 | ((c >> 6) & 0x3F)),
    b[2] = (char)(0x80 | (c & 0x3F)), n = 3;
  else
    b[0] = (char)(0xF0 | c >> 18), b[1] = (char)(0x80 | ((c >> 12) & 0x3F)),
    b[2] = (char)(0x80 | ((c >> 6) & 0x3F)), b[3] = (char)(0x80 | (c & 0x3F)), n = 4;
  if (vec_reserve(out, out->n + n))
    return -1;
  memcpy(out->data + out->n, b, n);
  out->n += n;
  return 0;
}

/* Decodes the escape after a backslash into out. Returns 0, 1 (malformed)
 * or -1 (memory). */
static int json_escape(ev_json *j, ev_vec *out) {
  static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
  if (j->p >= j->end)
    return 1;
  char c = *j->p++;
  const char *k = c ? strchr(from, c) : NULL;
  if (k)
    return put_utf8(out, to[k - from]);
  if (c != 'u')
    return 1;
  long v = json_hex4(j);
  if (v >= 0xD800 && v <= 0xDBFF && j->end - j->p >= 6 && j->p[0] == '\\' &&
      j->p[1] == 'u') {
    const char *save = j->p;
    j->p += 2;
    long lo = json_hex4(j);
    if (lo >= 0xDC00 && lo <= 0xDFFF)
      v = 0x10000 + ((v - 0xD800) << 10) + (lo - 0xDC00);
    else
      j->p = save;
  }
  return v < 0 ? 1 : put_utf8(out, v);
}

/* Appends byte c to out. Returns 0 or -1 (memory). */
static int put_byte(ev_vec *out, char c) {
  char *slot = vec_push(out);
  return slot ? (*slot = c, 0) : -1;
}

/* Reads a JSON string into out (NUL-terminated, n excluding the NUL) or,
 * when out is NULL, skips it. Returns 0, 1 (malformed) or -1 (memory). */
static int json_string(ev_json *j, ev_vec *out) {
  if (!json_eat(j, '"'))
    return 1;
  if (out)
    out->n = 0;
  for (;;) {
    if (j->p >= j->end)
      return 1;
    char c = *j->p++;
    if (c == '"')
      break;
    int rc = 0;
    if (c == '\\' && out)
      rc = json_escape(j, out);
    else if (c == '\\')
      rc = j->p < j->end ? (j->p++, 0) : 1;
    else if (out)
      rc = put_byte(out, c);
    if (rc)
      return rc;
  }
  if (out && put_byte(out, '\0'))
    return -1;
  if (out)
    out->n--;
  return 0;
}

static int json_skip(ev_json *j);

/* Consumes the literal word (true, false, null) when it is next; returns
 * whether it was. */
static int json_word(ev_json *j, const char *word) {
  size_t n = strlen(word);
  json_ws(j);
  if ((size_t)(j->end - j->p) < n || memcmp(j->p, word, n) != 0)
    return 0;
  j->p += n;
  return 1;
}

/* Reads a JSON number into *v. Returns 0 or 1 (malformed). */
static int json_number(ev_json *j, double *v) {
  char buf[64];
  size_t n = 0;
  json_ws(j);
  while (j->p < j->end && n < sizeof buf - 1 && *j->p && strchr("+-0123456789.eE", *j->p))
    buf[n++] = *j->p++;
  buf[n] = '\0';
  char *stop;
  *v = strtod(buf, &stop);
  return n == 0 || *stop ? 1 : 0;
}

/* Skips an object or array; the cursor is on its opening bracket. Returns 0,
 * 1 (malformed or too deep) or -1 (memory). */
static int json_skip_container(ev_json *j) {
  char close = *j->p == '{' ? '}' : ']';
  if (++j->depth > MAX_JSON_DEPTH)
    return 1;
  j->p++;
  if (!json_eat(j, close)) {
    do {
      int rc = close == '}' && (json_string(j, NULL) || !json_eat(j, ':')) ? 1 : 0;
      if (rc || (rc = json_skip(j)))
        return rc;
    } while (json_eat(j, ','));
    if (!json_eat(j, close))
      return 1;
  }
  j->depth--;
  return 0;
}

/* Skips any JSON value. Returns 0, 1 (malformed) or -1 (memory). */
static int json_skip(ev_json *j) {
  double v;
  json_ws(j);
  if (j->p >= j->end)
    return 1;
  if (*j->p == '"')
    return json_string(j, NULL);
  if (*j->p == '{' || *j->p == '[')
    return json_skip_container(j);
  if (json_word(j, "true") || json_word(j, "false") || json_word(j, "null"))
    return 0;
  return json_number(j, &v);
}

/* Reads a span object {"start": S, "end": E, ...} or null. *has tells
 * whether both offsets were there. Returns 0, 1 (malformed) or -1. */
static int json_span(ev_json *j, ev_vec *key, int *has, double *s, double *e) {
  int got = 0;
  *has = 0;
  if (json_word(j, "null"))
    return 0;
  if (!json_eat(j, '{'))
    return 1;
  if (!json_eat(j, '}')) {
    do {
      int rc = json_string(j, key);
      if (!rc && !json_eat(j, ':'))
        rc = 1;
      if (!rc && strcmp(key->data, "start") == 0)
        rc = json_number(j, s), got |= 1;
      else if (!rc && strcmp(key->data, "end") == 0)
        rc = json_number(j, e), got |= 2;
      else if (!rc)
        rc = json_skip(j);
      if (rc)
        return rc;
    } while (json_eat(j, ','));
    if (!json_eat(j, '}'))
      return 1;
  }
  *has = got == 3;
  return 0;
}

/* Returns a new string: the document key of a "doc" value, that is its last
 * path component without a ".txt" ending; NULL when memory runs out. */
static char *doc_key(const char *doc) {
  const char *slash = strrchr(doc, '/'), *bslash = strrchr(doc, '\\');
  if (bslash && (!slash || bslash > slash))
    slash = bslash;
  const char *b = slash ? slash + 1 : doc;
  size_t n = strlen(b);
  if (n >= 4 && strcmp(b + n - 4, ".txt") == 0)
    n -= 4;
  char *k = malloc(n + 1);
  if (k) {
    memcpy(k, b, n);
    k[n] = '\0';
  }
  return k;
}

/* Reads the value of member key of a statement into *st. Returns 0, 1
 * (malformed) or -1 (memory). */
static int pred_member(ev_json *j, const char *key, ev_vec *str, ev_pred *st, int *got) {
  int rc;
  if (strcmp(key, "doc") == 0) {
    if ((rc = json_string(j, str)))
      return rc;
    free(st->doc);
    *got |= 1;
    return (st->doc = doc_key(str->data)) ? 0 : -1;
  }
  if (strcmp(key, "kind") == 0) {
    if (json_word(j, "null"))
      return 0;
    if ((rc = json_string(j, str)))
      return rc;
    st->quoted_kind = strcmp(str->data, "direct") == 0 || strcmp(str->data, "mixed") == 0;
    return 0;
  }
  if (strcmp(key, "start") == 0)
    return *got |= 2, json_number(j, &st->start);
  if (strcmp(key, "end") == 0)
    return *got |= 4, json_number(j, &st->end);
  if (strcmp(key, "group") == 0)
    return json_number(j, &st->group);
  if (strcmp(key, "speaker_mention") == 0)
    return json_span(j, str, &st->has_src, &st->src_s, &st->src_e);
  if (strcmp(key, "cue") == 0)
    return json_span(j, str, &st->has_cue, &st->cue_s, &st->cue_e);
  return json_skip(j);
}

/* Parses one JSONL line into *st (st->doc is then owned by the caller).
 * Returns 0, 1 (not a statement: malformed, or no doc, start or end) or -1
 * (memory). */
static int parse_pred(const char *p, const char *end, ev_vec *key, ev_vec *str,
                      ev_pred *st) {
  ev_json j = {p, end, 0};
  int got = 0, rc = json_eat(&j, '{') ? 0 : 1;
  memset(st, 0, sizeof *st);
  if (!rc && !json_eat(&j, '}')) {
    do {
      rc = json_string(&j, key);
      if (!rc)
        rc = json_eat(&j, ':') ? pred_member(&j, key->data, str, st, &got) : 1;
    } while (!rc && json_eat(&j, ','));
    if (!rc && !json_eat(&j, '}'))
      rc = 1;
  }
  json_ws(&j);
  if (!rc && (j.p != j.end || got != 7))
    rc = 1;
  if (rc) {
    free(st->doc);
    st->doc = NULL;
  }
  return rc;
}

static int cmp_pred(const void *a, const void *b) {
  const ev_pred *x = a, *y = b;
  int c = strcmp(x->doc, y->doc);
  return c ? c : (x->order < y->order ? -1 : x->order > y->order);
}

static void free_preds(ev_vec *preds) {
  for (size_t i = 0; i < preds->n; i++)
    free(AT(*preds, ev_pred, i).doc);
  vec_free(preds);
}

/* True when [p, end) holds only white space. */
static int blank(const char *p, const char *end) {
  for (; p < end; p++)
    if (!(*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
      return 0;
  return 1;
}

/* Reads the statements of a JSONL file into preds, sorted by document then
 * input order. Returns EXIT_OK, or an exit code after printing why. */
static int load_preds(const char *path, ev_vec *preds) {
  char *buf;
  size_t len;
  int err = read_file(path, &buf, &len);
  if (err) {
    fprintf(stderr, "whosaid eval: %s: %s\n", path, strerror(err));
    return err == ENOMEM ? EXIT_FAIL : EXIT_USAGE;
  }
  ev_vec key = VEC(char), str = VEC(char);
  const char *p = buf, *end = buf + len;
  int rc = 0;
  for (size_t line = 1; p < end && !rc; line++) {
    const char *nl = memchr(p, '\n', (size_t)(end - p)), *le = nl ? nl : end;
    ev_pred st;
    if (!blank(p, le) && !(rc = parse_pred(p, le, &key, &str, &st))) {
      st.order = preds->n;
      ev_pred *slot = vec_push(preds);
      rc = slot ? (*slot = st, 0) : (free(st.doc), -1);
    }
    if (rc > 0)
      fprintf(stderr, "whosaid eval: %s:%zu: not a whosaid statement\n", path, line);
    p = le + 1;
  }
  if (rc < 0)
    fprintf(stderr, "whosaid eval: out of memory\n");
  vec_free(&key);
  vec_free(&str);
  free(buf);
  if (!rc)
    vec_sort(preds, cmp_pred);
  return rc ? EXIT_FAIL : EXIT_OK;
}

/* Returns the first statement of preds (sorted) for document name; *n gets
 * how many there are. */
static const ev_pred *preds_of(const ev_vec *preds, const char *name, size_t *n) {
  size_t lo = 0, hi = preds->n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (strcmp(AT(*preds, ev_pred, mid).doc, name) < 0)
      lo = mid + 1;
    else
      hi = mid;
  }
  size_t k = lo;
  while (k < preds->n && strcmp(AT(*preds, ev_pred, k).doc, name) == 0)
    k++;
  *n = k - lo;
  return preds->n ? &AT(*preds, ev_pred, lo) : NULL;
}

/* ---- Predicted attributions ---------------------------------------------- */

/* Converts a byte-offset statement into a document statement. Returns 0 or
 * -1 (memory). */
static int add_stmt(ev_doc *d, const ev_pred *p) {
  ev_stmt *s = vec_push(&d->stmts);
  if (!s)
    return -1;
  s->group = p->group > -1e18 && p->group < 1e18 ? (long long)p->group : 0;
  s->order = d->stmts.n - 1;
  s->raw = (ev_piece){char_of(d, p->start), char_of(d, p->end)};
  s->cue = (ev_piece){char_of(d, p->cue_s), char_of(d, p->cue_e)};
  s->src = (ev_piece){char_of(d, p->src_s), char_of(d, p->src_e)};
  s->has_cue = p->has_cue && s->cue.s < s->cue.e;
  s->has_src = p->has_src && s->src.s < s->src.e;
  s->quoted = p->quoted_kind ||
              (s->raw.s < s->raw.e && holds_quote(chars(d), s->raw.s, s->raw.e));
  s->attr = SIZE_MAX;
  return 0;
}

/* Runs the engine on the document and adds its statements; *secs grows by
 * the time spent in the engine. Returns 0, -1 (memory) or 1 (the engine
 * failed; a message has been printed). */
static int engine_stmts(ev_doc *d, const ws_engine *eng, double *secs) {
  ws_result *res = NULL;
  ws_error err;
  double t0 = now();
  ws_status st = ws_extract(eng, d->bytes, d->nbytes, &res, &err);
  *secs += now() - t0;
  if (st != WS_OK) {
    fprintf(stderr, "whosaid eval: %s.txt: %s\n", d->name, ws_strerror(st));
    return st == WS_ERR_NOMEM ? -1 : 1;
  }
  int rc = 0;
  for (size_t i = 0; i < ws_result_count(res) && !rc; i++) {
    const ws_statement *s = ws_result_get(res, i);
    ev_pred p = {.order = i,
                 .group = s->group,
                 .start = (double)s->text.start,
                 .end = (double)s->text.end,
                 .cue_s = (double)s->cue.start,
                 .cue_e = (double)s->cue.end,
                 .src_s = (double)s->speaker_mention.start,
                 .src_e = (double)s->speaker_mention.end,
                 .has_cue = s->cue.text.ptr != NULL,
                 .has_src = s->speaker_mention.text.ptr != NULL,
                 .quoted_kind = s->kind == WS_KIND_DIRECT || s->kind == WS_KIND_MIXED};
    rc = add_stmt(d, &p);
  }
  ws_result_free(res);
  return rc;
}

static int cmp_stmt(const void *a, const void *b) {
  const ev_stmt *x = a, *y = b;
  if (x->group != y->group)
    return x->group < y->group ? -1 : 1;
  int c = cmp_piece(&x->raw, &y->raw);
  return c ? c : (x->order < y->order ? -1 : x->order > y->order);
}

/* Adds the group of the n statements from index first (which share a group)
 * to d->groups, unless its content is empty. Returns 0 or -1 (memory). */
static int add_group(ev_doc *d, size_t first, size_t n) {
  ev_vec *raw = &d->raw[0];
  raw->n = 0;
  if (vec_reserve(raw, n))
    return -1;
  ev_attr g;
  memset(&g, 0, sizeof g);
  for (size_t i = first; i < first + n; i++) {
    const ev_stmt *s = &AT(d->stmts, ev_stmt, i);
    AT(*raw, ev_piece, raw->n++) = s->raw;
    g.quoted = g.quoted || s->quoted;
    if (!g.source.n && s->has_src)
      g.source = s->src_set;
    if (!g.cue.n && s->has_cue)
      g.cue = s->cue_set;
  }
  if (canonical(d, (const ev_piece *)raw->data, raw->n, &g.content))
    return -1;
  if (!g.content.n)
    return 0;
  for (size_t i = first; i < first + n; i++)
    AT(d->stmts, ev_stmt, i).attr = d->groups.n;
  ev_attr *slot = vec_push(&d->groups);
  return slot ? (*slot = g, 0) : -1;
}

/* Makes the canonical cue and source of every statement and the predicted
 * attributions (groups) of the document. Returns 0 or -1 (memory). */
static int build_groups(ev_doc *d) {
  for (size_t i = 0; i < d->stmts.n; i++) {
    ev_stmt *s = &AT(d->stmts, ev_stmt, i);
    if (canonical1(d, s->has_cue, s->cue, &s->cue_set) ||
        canonical1(d, s->has_src, s->src, &s->src_set))
      return -1;
  }
  vec_sort(&d->stmts, cmp_stmt);
  for (size_t i = 0, j; i < d->stmts.n; i = j) {
    for (j = i + 1; j < d->stmts.n; j++)
      if (AT(d->stmts, ev_stmt, j).group != AT(d->stmts, ev_stmt, i).group)
        break;
    if (add_group(d, i, j - i))
      return -1;
  }
  return 0;
}

/* ---- Scoring ------------------------------------------------------------- */

/* An item of one role: its canonical pieces, its order among equal pieces
 * and, for contents, its attribution. */
typedef struct ev_item {
  const ev_piece *p;
  uint32_t n;
  size_t ord;
  const ev_attr *attr;
} ev_item;

/* A candidate match: gold item gi and predicted item pi share inter of the
 * uni characters they cover together. */
typedef struct ev_pair {
  uint64_t inter, uni;
  uint32_t gi, pi;
} ev_pair;

/* Sums over documents, for one subset. */
typedef struct ev_counts {
  size_t gold[N_ROLES], pred[N_ROLES], exact[N_ROLES], overlap[N_ROLES];
  size_t lgold, lpred, linked;
} ev_counts;

/* The scorer: the sums and the scratch arrays reused across documents. */
typedef struct ev_score {
  ev_counts counts[N_SUBSETS];
  ev_vec g, p, pairs; /* ev_item, ev_item, ev_pair */
  ev_vec used;        /* char: taken flags, gold items then predicted ones */
  ev_vec gmatch;      /* size_t: per gold item, its overlap match or SIZE_MAX */
  FILE *errors;       /* where to list errors, or NULL */
} ev_score;

static int cmp_item(const void *a, const void *b) {
  const ev_item *x = a, *y = b;
  int c = cmp_sets(x->p, x->n, y->p, y->n);
  return c ? c : (x->ord < y->ord ? -1 : x->ord > y->ord);
}

/* Orders pairs by decreasing Jaccard, then increasing gold, predicted index. */
static int cmp_pair(const void *a, const void *b) {
  const ev_pair *x = a, *y = b;
  uint64_t l = x->inter * y->uni, r = y->inter * x->uni;
  if (l != r)
    return l > r ? -1 : 1;
  if (x->gi != y->gi)
    return x->gi < y->gi ? -1 : 1;
  return x->pi < y->pi ? -1 : x->pi > y->pi;
}

/* Appends an item for set s (when present) to items. Returns 0 or -1. */
static int push_item(const ev_doc *d, ev_vec *items, ev_set s, size_t ord,
                     const ev_attr *attr) {
  if (!s.n)
    return 0;
  ev_item *it = vec_push(items);
  if (!it)
    return -1;
  *it = (ev_item){pieces(d, s), s.n, ord, attr};
  return 0;
}

/* Sorts items and, when dedupe is set, keeps one of each set of pieces. */
static void sort_items(ev_vec *items, int dedupe) {
  vec_sort(items, cmp_item);
  if (!dedupe || items->n == 0)
    return;
  size_t k = 1;
  for (size_t i = 1; i < items->n; i++) {
    const ev_item *a = &AT(*items, ev_item, k - 1), *b = &AT(*items, ev_item, i);
    if (cmp_sets(a->p, a->n, b->p, b->n) != 0)
      AT(*items, ev_item, k++) = *b;
  }
  items->n = k;
}

static void jaccard(const ev_item *a, const ev_item *b, uint64_t *inter, uint64_t *uni) {
  *inter = set_inter(a->p, a->n, b->p, b->n);
  *uni = set_size(a->p, a->n) + set_size(b->p, b->n) - *inter;
}

/* True when two sources both are absent, or both present and overlapping. */
static int source_ok(const ev_doc *d, ev_set a, ev_set b) {
  if (!a.n || !b.n)
    return !a.n && !b.n;
  ev_item x = {pieces(d, a), a.n, 0, NULL}, y = {pieces(d, b), b.n, 0, NULL};
  uint64_t inter, uni;
  jaccard(&x, &y, &inter, &uni);
  return 2 * inter >= uni;
}

/* Matches sc->g against sc->p one to one, greedily by Jaccard. With linked
 * set, only pairs whose items overlap and whose attributions' sources agree
 * are candidates; otherwise every pair sharing a character is. The taken
 * pairs end up first in sc->pairs; *taken gets their number. Returns 0 or
 * -1 (memory). */
static int match(ev_score *sc, const ev_doc *d, int linked, size_t *taken) {
  size_t ng = sc->g.n, np = sc->p.n;
  sc->pairs.n = 0;
  for (size_t i = 0; i < ng; i++)
    for (size_t k = 0; k < np; k++) {
      const ev_item *g = &AT(sc->g, ev_item, i), *p = &AT(sc->p, ev_item, k);
      uint64_t inter, uni;
      jaccard(g, p, &inter, &uni);
      if (inter == 0 || (linked && (2 * inter < uni ||
                                    !source_ok(d, g->attr->source, p->attr->source))))
        continue;
      ev_pair *pr = vec_push(&sc->pairs);
      if (!pr)
        return -1;
      *pr = (ev_pair){inter, uni, (uint32_t)i, (uint32_t)k};
    }
  vec_sort(&sc->pairs, cmp_pair);
  sc->used.n = 0;
  if (vec_reserve(&sc->used, ng + np + 1))
    return -1;
  memset(sc->used.data, 0, ng + np);
  *taken = 0;
  for (size_t i = 0; i < sc->pairs.n; i++) {
    ev_pair pr = AT(sc->pairs, ev_pair, i);
    if (sc->used.data[pr.gi] || sc->used.data[ng + pr.pi])
      continue;
    sc->used.data[pr.gi] = sc->used.data[ng + pr.pi] = 1;
    AT(sc->pairs, ev_pair, (*taken)++) = pr;
  }
  return 0;
}

/* Adds the matches of sc->g and sc->p to the counts of role in c; the taken
 * pairs are left first in sc->pairs, *taken of them. Returns 0 or -1. */
static int score_role(ev_score *sc, const ev_doc *d, ev_counts *c, int role,
                      size_t *ntaken) {
  size_t taken;
  if (match(sc, d, 0, &taken))
    return -1;
  *ntaken = taken;
  c->gold[role] += sc->g.n;
  c->pred[role] += sc->p.n;
  for (size_t i = 0; i < taken; i++) {
    ev_pair pr = AT(sc->pairs, ev_pair, i);
    c->exact[role] += pr.inter == pr.uni;
    c->overlap[role] += 2 * pr.inter >= pr.uni;
  }
  return 0;
}

/* True when gold attribution a belongs to subset sub. */
static int in_subset(const ev_attr *a, int sub) {
  return sub == SUB_ALL || a->quoted;
}

/* True when statement s belongs to subset sub (for the quoted subset: when
 * its group does). */
static int stmt_in_subset(const ev_doc *d, const ev_stmt *s, int sub) {
  if (sub == SUB_ALL)
    return 1;
  return s->attr != SIZE_MAX && AT(d->groups, ev_attr, s->attr).quoted;
}

/* Fills sc->g and sc->p with the cue or source items of subset sub. Returns
 * 0 or -1 (memory). */
static int span_items(ev_score *sc, const ev_doc *d, int sub, int role) {
  sc->g.n = sc->p.n = 0;
  for (size_t i = 0; i < d->gold.n; i++) {
    const ev_attr *a = &AT(d->gold, ev_attr, i);
    if (in_subset(a, sub) &&
        push_item(d, &sc->g, role == ROLE_CUE ? a->cue : a->source, 0, NULL))
      return -1;
  }
  for (size_t i = 0; i < d->stmts.n; i++) {
    const ev_stmt *s = &AT(d->stmts, ev_stmt, i);
    if (stmt_in_subset(d, s, sub) &&
        push_item(d, &sc->p, role == ROLE_CUE ? s->cue_set : s->src_set, 0, NULL))
      return -1;
  }
  sort_items(&sc->g, 1);
  sort_items(&sc->p, 1);
  return 0;
}

/* Fills sc->g and sc->p with the content items of subset sub. Returns 0 or
 * -1 (memory). */
static int content_items(ev_score *sc, const ev_doc *d, int sub) {
  sc->g.n = sc->p.n = 0;
  for (size_t i = 0; i < d->gold.n; i++) {
    const ev_attr *a = &AT(d->gold, ev_attr, i);
    if (in_subset(a, sub) && push_item(d, &sc->g, a->content, i, a))
      return -1;
  }
  for (size_t i = 0; i < d->groups.n; i++) {
    const ev_attr *a = &AT(d->groups, ev_attr, i);
    if (in_subset(a, sub) && push_item(d, &sc->p, a->content, i, a))
      return -1;
  }
  sort_items(&sc->g, 0);
  sort_items(&sc->p, 0);
  return 0;
}

/* ---- Error listing ------------------------------------------------------- */

/* Prints the text of bytes [a, b) on one line: tabs and line breaks become
 * spaces. */
static void print_bytes(FILE *f, const char *a, const char *b) {
  for (; a < b; a++)
    fputc(*a == '\n' || *a == '\r' || *a == '\t' ? ' ' : *a, f);
}

/* Prints a set as `[start-end] "text"` in byte offsets, pieces joined by
 * " ... ", or "none". */
static void print_set(FILE *f, const ev_doc *d, const ev_piece *p, uint32_t n) {
  if (!n) {
    fputs("none", f);
    return;
  }
  const uint32_t *cb = (const uint32_t *)d->cbyte.data;
  fprintf(f, "[%u-%u] \"", (unsigned)cb[p[0].s], (unsigned)cb[p[n - 1].e]);
  for (uint32_t i = 0; i < n; i++) {
    if (i)
      fputs(" ... ", f);
    print_bytes(f, d->bytes + cb[p[i].s], d->bytes + cb[p[i].e]);
  }
  fputc('"', f);
}

/* Ends an error line, marking the gold attributions of the quoted subset so
 * that their errors can be picked out of the listing. */
static void end_line(FILE *f, const ev_attr *gold) {
  fputs(gold && gold->quoted ? " | quoted\n" : "\n", f);
}

/* Prints one content item with its source and cue; gold is its attribution
 * when the item is a gold one, or NULL. */
static void print_attr(FILE *f, const ev_doc *d, const ev_item *it, const ev_attr *gold) {
  const ev_attr *a = it->attr;
  print_set(f, d, it->p, it->n);
  fputs(" | source ", f);
  print_set(f, d, pieces(d, a->source), a->source.n);
  fputs(" | cue ", f);
  print_set(f, d, pieces(d, a->cue), a->cue.n);
  end_line(f, gold);
}

/* Prints what is wrong with a gold content g matched (overlapping) to a
 * predicted one p: inexact boundaries, a source that does not match. */
static void print_match_errors(FILE *f, const ev_doc *d, const ev_item *g,
                               const ev_item *p) {
  if (cmp_sets(g->p, g->n, p->p, p->n) != 0) {
    fprintf(f, "%s: boundary gold ", d->name);
    print_set(f, d, g->p, g->n);
    end_line(f, g->attr);
    fprintf(f, "%s:          pred ", d->name);
    print_set(f, d, p->p, p->n);
    fputc('\n', f);
  }
  if (!source_ok(d, g->attr->source, p->attr->source)) {
    fprintf(f, "%s: source   ", d->name);
    print_set(f, d, g->p, g->n);
    fputs(" | gold ", f);
    print_set(f, d, pieces(d, g->attr->source), g->attr->source.n);
    fputs(" | pred ", f);
    print_set(f, d, pieces(d, p->attr->source), p->attr->source.n);
    end_line(f, g->attr);
  }
}

/* Lists the content errors of a document after its content matching (the
 * taken pairs first in sc->pairs): missed gold contents, spurious predicted
 * ones, inexact boundaries and wrong sources. Returns 0 or -1 (memory). */
static int list_errors(ev_score *sc, const ev_doc *d, size_t taken) {
  size_t ng = sc->g.n, np = sc->p.n;
  FILE *f = sc->errors;
  sc->gmatch.n = 0;
  if (vec_reserve(&sc->gmatch, ng) || vec_reserve(&sc->used, np + 1))
    return -1;
  for (size_t i = 0; i < ng; i++)
    AT(sc->gmatch, size_t, i) = SIZE_MAX;
  memset(sc->used.data, 0, np + 1);
  for (size_t i = 0; i < taken; i++) {
    ev_pair pr = AT(sc->pairs, ev_pair, i);
    if (2 * pr.inter >= pr.uni)
      AT(sc->gmatch, size_t, pr.gi) = pr.pi, sc->used.data[pr.pi] = 1;
  }
  for (size_t i = 0; i < ng; i++) {
    const ev_item *g = &AT(sc->g, ev_item, i);
    size_t m = AT(sc->gmatch, size_t, i);
    if (m != SIZE_MAX) {
      print_match_errors(f, d, g, &AT(sc->p, ev_item, m));
      continue;
    }
    fprintf(f, "%s: missed   ", d->name);
    print_attr(f, d, g, g->attr);
  }
  for (size_t k = 0; k < np; k++)
    if (!sc->used.data[k]) {
      fprintf(f, "%s: spurious ", d->name);
      print_attr(f, d, &AT(sc->p, ev_item, k), NULL);
    }
  return 0;
}

/* Adds one document's counts to every subset (and lists its errors when
 * asked). Returns 0 or -1 (memory). */
static int score_doc(ev_score *sc, const ev_doc *d) {
  for (int sub = 0; sub < N_SUBSETS; sub++) {
    ev_counts *c = &sc->counts[sub];
    size_t taken;
    if (content_items(sc, d, sub) || score_role(sc, d, c, ROLE_CONTENT, &taken))
      return -1;
    if (sub == SUB_ALL && sc->errors && list_errors(sc, d, taken))
      return -1;
    if (match(sc, d, 1, &taken))
      return -1;
    c->lgold += sc->g.n, c->lpred += sc->p.n, c->linked += taken;
    for (int role = ROLE_SOURCE; role <= ROLE_CUE; role++)
      if (span_items(sc, d, sub, role) || score_role(sc, d, c, role, &taken))
        return -1;
  }
  return 0;
}

/* ---- Output -------------------------------------------------------------- */

/* Precision, recall and F1 of matched items among gold and predicted ones. */
typedef struct ev_prf {
  double p, r, f;
} ev_prf;

static ev_prf prf(size_t matched, size_t gold, size_t pred) {
  ev_prf x = {pred ? (double)matched / (double)pred : 0,
              gold ? (double)matched / (double)gold : 0, 0};
  x.f = x.p + x.r > 0 ? 2 * x.p * x.r / (x.p + x.r) : 0;
  return x;
}

/* What a run was: the figures and how they were made. */
typedef struct ev_summary {
  size_t documents;
  double seconds, engine_seconds;
  const char *mode;
} ev_summary;

static void print_table(FILE *f, const ev_score *sc, const ev_summary *s) {
  fprintf(f, "whosaid eval: %zu documents in %.2f s (engine %.2f s), predictions: %s\n",
          s->documents, s->seconds, s->engine_seconds, s->mode);
  fprintf(f, "exact: same trimmed spans; overlap: Jaccard >= 0.5; linked: content "
             "overlaps and source overlaps (or both absent)\n\n");
  fprintf(f, "%-7s %-8s %6s %6s | %6s %6s %6s %6s | %7s %6s %6s %6s\n", "subset", "role",
          "gold", "pred", "exact", "P", "R", "F1", "overlap", "P", "R", "F1");
  for (int sub = 0; sub < N_SUBSETS; sub++) {
    const ev_counts *c = &sc->counts[sub];
    for (int role = 0; role < N_ROLES; role++) {
      ev_prf e = prf(c->exact[role], c->gold[role], c->pred[role]);
      ev_prf o = prf(c->overlap[role], c->gold[role], c->pred[role]);
      fprintf(f,
              "%-7s %-8s %6zu %6zu | %6zu %6.3f %6.3f %6.3f | %7zu %6.3f %6.3f %6.3f\n",
              SUBSET_NAMES[sub], ROLE_NAMES[role], c->gold[role], c->pred[role],
              c->exact[role], e.p, e.r, e.f, c->overlap[role], o.p, o.r, o.f);
    }
    ev_prf l = prf(c->linked, c->lgold, c->lpred);
    fprintf(f, "%-7s %-8s %6zu %6zu | %6s %6s %6s %6s | %7zu %6.3f %6.3f %6.3f\n",
            SUBSET_NAMES[sub], "linked", c->lgold, c->lpred, "", "", "", "", c->linked,
            l.p, l.r, l.f);
  }
}

static void print_json_prf(FILE *f, size_t matched, size_t gold, size_t pred) {
  ev_prf x = prf(matched, gold, pred);
  fprintf(f, "\"matched\": %zu, \"precision\": %.6f, \"recall\": %.6f, \"f1\": %.6f",
          matched, x.p, x.r, x.f);
}

static void print_json(FILE *f, const ev_score *sc, const ev_summary *s) {
  fprintf(f,
          "{\"documents\": %zu, \"seconds\": %.6f, \"engine_seconds\": %.6f, "
          "\"mode\": \"%s\"",
          s->documents, s->seconds, s->engine_seconds, s->mode);
  for (int sub = 0; sub < N_SUBSETS; sub++) {
    const ev_counts *c = &sc->counts[sub];
    fprintf(f, ",\n \"%s\": {", SUBSET_NAMES[sub]);
    for (int role = 0; role < N_ROLES; role++) {
      fprintf(f, "\n  \"%s\": {\"gold\": %zu, \"pred\": %zu,\n   \"exact\": {",
              ROLE_NAMES[role], c->gold[role], c->pred[role]);
      print_json_prf(f, c->exact[role], c->gold[role], c->pred[role]);
      fputs("},\n   \"overlap\": {", f);
      print_json_prf(f, c->overlap[role], c->gold[role], c->pred[role]);
      fputs("}},", f);
    }
    fprintf(f, "\n  \"linked\": {\"gold\": %zu, \"pred\": %zu, ", c->lgold, c->lpred);
    print_json_prf(f, c->linked, c->lgold, c->lpred);
    fputs("}}", f);
  }
  fputs("}\n", f);
}

/* ---- The command ---------------------------------------------------------- */

/* The command line. */
typedef struct ev_opts {
  const char *polnear, *pred, *errors, *format;
  int no_model, verbose, all_attributions, model;
} ev_opts;

/* An annotation file and the text name it belongs to. */
typedef struct ev_ann {
  char *base; /* owned */
  const char *name;
} ev_ann;

/* A run over a corpus. */
typedef struct ev_run {
  const ev_opts *o;
  char *text_dir, *ann_dir;
  ev_vec texts, anns, annidx; /* char *, char *, ev_ann */
  ev_vec preds;               /* ev_pred */
  size_t preds_used;
  ws_engine *engine;
  ev_doc doc;
  ev_score sc;
  ev_summary sum;
} ev_run;

static int usage(const char *fmt, const char *arg) {
  fputs("whosaid eval: ", stderr);
  fprintf(stderr, fmt, arg);
  fputs(" (see 'whosaid help eval')\n", stderr);
  return EXIT_USAGE;
}

/* Matches argv[*i] against option name taking a value ("--name VALUE" or
 * "--name=VALUE"). Returns 1 and sets *val when it matches, 0 when it does
 * not, -1 when the value is missing (a message has been printed). */
static int opt_value(int argc, char **argv, int *i, const char *name, const char **val) {
  size_t n = strlen(name);
  const char *a = argv[*i];
  if (strncmp(a, name, n) != 0 || (a[n] != '\0' && a[n] != '='))
    return 0;
  if (a[n] == '=') {
    *val = a + n + 1;
    return 1;
  }
  if (*i + 1 >= argc) {
    usage("option '%s' needs a value", name);
    return -1;
  }
  *val = argv[++*i];
  return 1;
}

/* Reads the command line into *o. Returns -1 to go on, or an exit code. */
static int parse_opts(int argc, char **argv, ev_opts *o) {
  memset(o, 0, sizeof *o);
  o->format = "table";
  static const char *const names[] = {"--polnear", "--pred", "--errors", "--format"};
  for (int i = 1; i < argc; i++) {
    const char **vals[] = {&o->polnear, &o->pred, &o->errors, &o->format};
    int hit = 0;
    for (size_t k = 0; k < 4 && !hit; k++)
      if ((hit = opt_value(argc, argv, &i, names[k], vals[k])) < 0)
        return EXIT_USAGE;
    if (hit)
      continue;
    if (strcmp(argv[i], "--no-model") == 0)
      o->no_model = 1;
    else if (strcmp(argv[i], "--all-attributions") == 0)
      o->all_attributions = 1;
    else if (strcmp(argv[i], "--model") == 0)
      o->model = 1;
    else if (strcmp(argv[i], "--verbose") == 0 || strcmp(argv[i], "-v") == 0)
      o->verbose = 1;
    else if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0)
      return puts("Usage: whosaid eval --polnear DIR [--pred FILE.jsonl] [--no-model]\n"
                  "       [--model] [--all-attributions]\n"
                  "       [--format table|json] [--verbose] [--errors FILE]\n"
                  "       whosaid eval --extraction DIR [--verbose] [--dump OUTDIR] [--repeat N]") < 0;
    else if (argv[i][0] == '-')
      return usage("unknown option '%s'", argv[i]);
    else
      return usage("unexpected argument '%s'", argv[i]);
  }
  if (!o->polnear)
    return usage("%s", "--polnear DIR is required");
  if (strcmp(o->format, "table") != 0 && strcmp(o->format, "json") != 0)
    return usage("unknown format '%s' (table or json)", o->format);
  return -1;
}

static int cmp_ann(const void *a, const void *b) {
  const ev_ann *x = a, *y = b;
  int c = strcmp(x->base, y->base);
  return c ? c : strcmp(x->name, y->name);
}

/* Indexes r->anns by text name: NAME_XXXX.ann belongs to NAME.txt. Returns
 * 0 or -1 (memory). */
static int index_anns(ev_run *r) {
  for (size_t i = 0; i < r->anns.n; i++) {
    const char *name = AT(r->anns, char *, i);
    size_t n = strlen(name) - 4; /* without ".ann" */
    const char *us = NULL;
    for (size_t k = 0; k < n; k++)
      if (name[k] == '_')
        us = name + k;
    if (!us)
      continue;
    ev_ann *a = vec_push(&r->annidx);
    if (!a || !(a->base = malloc((size_t)(us - name) + 1)))
      return a ? (r->annidx.n--, -1) : -1;
    memcpy(a->base, name, (size_t)(us - name));
    a->base[us - name] = '\0';
    a->name = name;
  }
  vec_sort(&r->annidx, cmp_ann);
  return 0;
}

/* Returns the first annotation file of text base, or NULL. */
static const char *find_ann(const ev_run *r, const char *base) {
  size_t lo = 0, hi = r->annidx.n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (strcmp(AT(r->annidx, ev_ann, mid).base, base) < 0)
      lo = mid + 1;
    else
      hi = mid;
  }
  if (lo < r->annidx.n && strcmp(AT(r->annidx, ev_ann, lo).base, base) == 0)
    return AT(r->annidx, ev_ann, lo).name;
  return NULL;
}

/* Reads and decodes the text of the document (d->name set) from path.
 * Returns EXIT_OK or an exit code after printing why. */
static int load_text(ev_doc *d, const char *path) {
  int err = read_file(path, &d->bytes, &d->nbytes);
  if (err) {
    fprintf(stderr, "whosaid eval: %s: %s\n", path, strerror(err));
    return err == ENOENT || err == EACCES ? EXIT_USAGE : EXIT_FAIL;
  }
  if (doc_decode(d)) {
    fprintf(stderr, "whosaid eval: %s: too large or out of memory\n", path);
    return EXIT_FAIL;
  }
  return EXIT_OK;
}

/* Adds the predicted statements of the document, from the file or the
 * engine. Returns 0, -1 (memory) or 1 (engine failure, reported). */
static int load_stmts(ev_run *r) {
  ev_doc *d = &r->doc;
  if (!r->engine) {
    size_t n;
    const ev_pred *p = preds_of(&r->preds, d->name, &n);
    r->preds_used += n;
    for (size_t i = 0; i < n; i++)
      if (add_stmt(d, &p[i]))
        return -1;
    return 0;
  }
  return engine_stmts(d, r->engine, &r->sum.engine_seconds);
}

/* Scores text file name (in r->text_dir). Returns EXIT_OK or an exit code. */
static int eval_text(ev_run *r, const char *name, char *base) {
  ev_doc *d = &r->doc;
  const char *ann = find_ann(r, base);
  if (!ann) {
    fprintf(stderr, "whosaid eval: %s: no annotation in %s, skipped\n", name, r->ann_dir);
    return EXIT_OK;
  }
  char *tpath = path_join(r->text_dir, name), *apath = path_join(r->ann_dir, ann);
  int rc = tpath && apath ? EXIT_OK : -1;
  d->name = base;
  if (rc == EXIT_OK)
    rc = load_text(d, tpath);
  if (rc == EXIT_OK && (rc = load_gold(d, apath)) > 0) {
    fprintf(stderr, "whosaid eval: %s: %s\n", apath, strerror(rc));
    rc = EXIT_USAGE;
  }
  if (rc == EXIT_OK && (rc = load_stmts(r)) > 0)
    rc = EXIT_FAIL;
  if (rc == EXIT_OK && (build_groups(d) || score_doc(&r->sc, d)))
    rc = -1;
  if (rc == EXIT_OK)
    r->sum.documents++;
  free(tpath);
  free(apath);
  doc_reset(d);
  return rc;
}

/* Lists the corpus directories into r. Returns EXIT_OK or an exit code
 * after printing why. */
static int list_corpus(ev_run *r) {
  r->text_dir = path_join(r->o->polnear, "text");
  r->ann_dir = path_join(r->o->polnear, "attributions");
  if (!r->text_dir || !r->ann_dir)
    return -1;
  int err = list_dir(r->text_dir, ".txt", &r->texts);
  const char *dir = r->text_dir;
  if (!err && r->texts.n == 0) {
    fprintf(stderr, "whosaid eval: no .txt files in %s\n", r->text_dir);
    return EXIT_USAGE;
  }
  if (!err)
    err = list_dir(dir = r->ann_dir, ".ann", &r->anns);
  if (err) {
    fprintf(stderr, "whosaid eval: %s: %s\n", dir, strerror(err));
    return err == ENOMEM ? -1 : EXIT_USAGE;
  }
  return index_anns(r) ? -1 : EXIT_OK;
}

/* Prepares the source of predictions: the file or the engine. Returns
 * EXIT_OK or an exit code after printing why. */
static int open_preds(ev_run *r) {
  if (r->o->pred) {
    r->sum.mode = "pred";
    return load_preds(r->o->pred, &r->preds);
  }
  ws_options opts = {WS_OPTIONS_VERSION,
                     (r->o->no_model ? WS_FLAG_NO_MODEL : 0u) |
                         (r->o->all_attributions ? WS_FLAG_ALL_ATTRIBUTIONS : 0u) |
                         (r->o->model ? WS_FLAG_MODEL : 0u),
                     0};
  r->sum.mode = r->o->no_model ? "engine-no-model" : "engine";
  double t0 = now();
  r->engine = ws_engine_new(&opts);
  r->sum.engine_seconds += now() - t0;
  if (!r->engine) {
    fprintf(stderr, "whosaid eval: cannot create the engine\n");
    return EXIT_FAIL;
  }
  return EXIT_OK;
}

/* Scores every annotated text. Returns EXIT_OK or an exit code. */
static int eval_corpus(ev_run *r) {
  int rc = list_corpus(r);
  if (rc == EXIT_OK)
    rc = open_preds(r);
  for (size_t i = 0; rc == EXIT_OK && i < r->texts.n; i++) {
    const char *name = AT(r->texts, char *, i);
    char *base = malloc(strlen(name) - 3);
    if (!base)
      return -1;
    memcpy(base, name, strlen(name) - 4);
    base[strlen(name) - 4] = '\0';
    rc = eval_text(r, name, base);
    free(base);
  }
  if (rc == EXIT_OK && r->sum.documents == 0) {
    fprintf(stderr, "whosaid eval: no text of %s has an annotation in %s\n", r->text_dir,
            r->ann_dir);
    rc = EXIT_USAGE;
  }
  if (rc == EXIT_OK && r->preds_used < r->preds.n)
    fprintf(stderr, "whosaid eval: statements naming no annotated document: %zu\n",
            r->preds.n - r->preds_used);
  return rc;
}

static void run_init(ev_run *r, const ev_opts *o) {
  memset(r, 0, sizeof *r);
  r->o = o;
  r->texts = VEC(char *), r->anns = VEC(char *), r->annidx = VEC(ev_ann);
  r->preds = VEC(ev_pred);
  doc_init(&r->doc);
  ev_score *sc = &r->sc;
  sc->g = VEC(ev_item), sc->p = VEC(ev_item), sc->pairs = VEC(ev_pair);
  sc->used = VEC(char), sc->gmatch = VEC(size_t);
}

static void run_free(ev_run *r) {
  for (size_t i = 0; i < r->annidx.n; i++)
    free(AT(r->annidx, ev_ann, i).base);
  vec_free(&r->annidx);
  free_names(&r->texts);
  free_names(&r->anns);
  free_preds(&r->preds);
  ws_engine_free(r->engine);
  doc_free(&r->doc);
  ev_score *sc = &r->sc;
  vec_free(&sc->g), vec_free(&sc->p), vec_free(&sc->pairs);
  vec_free(&sc->used), vec_free(&sc->gmatch);
  free(r->text_dir);
  free(r->ann_dir);
}

/* Opens where errors are listed: --errors FILE, or stderr with --verbose.
 * Returns EXIT_OK or an exit code after printing why. */
static int open_errors(ev_run *r) {
  if (r->o->errors) {
    r->sc.errors = fopen(r->o->errors, "w");
    if (!r->sc.errors) {
      fprintf(stderr, "whosaid eval: %s: %s\n", r->o->errors, strerror(errno));
      return EXIT_USAGE;
    }
  } else if (r->o->verbose) {
    r->sc.errors = stderr;
  }
  return EXIT_OK;
}

/* Closes the error listing; returns EXIT_OK or EXIT_FAIL on a write error. */
static int close_errors(ev_run *r) {
  FILE *f = r->sc.errors;
  if (!f)
    return EXIT_OK;
  int bad = f == stderr ? fflush(f) != 0 : (ferror(f) | fclose(f)) != 0;
  if (bad)
    fprintf(stderr, "whosaid eval: cannot write %s\n",
            r->o->errors ? r->o->errors : "the error listing");
  return bad ? EXIT_FAIL : EXIT_OK;
}

int ws_cli_eval(int argc, char **argv) {
  for (int i = 1; i < argc; i++)
    if (strcmp(argv[i], "--extraction") == 0)
      return ws_cli_eval_extraction(argc, argv); /* cli/eval_extraction.c */
  ev_opts o;
  int rc = parse_opts(argc, argv, &o);
  if (rc >= 0)
    return rc;
  double t0 = now();
  ev_run r;
  run_init(&r, &o);
  rc = open_errors(&r);
  if (rc == EXIT_OK)
    rc = eval_corpus(&r);
  if (rc < 0) {
    fprintf(stderr, "whosaid eval: out of memory\n");
    rc = EXIT_FAIL;
  }
  int rc2 = close_errors(&r);
  rc = rc ? rc : rc2;
  r.sum.seconds = now() - t0;
  if (rc == EXIT_OK) {
    if (strcmp(o.format, "json") == 0)
      print_json(stdout, &r.sc, &r.sum);
    else
      print_table(stdout, &r.sc, &r.sum);
    if (fflush(stdout) != 0 || ferror(stdout)) {
      fprintf(stderr, "whosaid eval: cannot write the output: %s\n", strerror(errno));
      rc = EXIT_FAIL;
    }
  }
  run_free(&r);
  return rc;
}
