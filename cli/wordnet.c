/* wordnet.c: reads the WordNet 3.0 database files (Debian's wordnet-base,
 * /usr/share/wordnet) for `whosaid train` and gives the trainer the
 * lexical classes of words: for verbs, the lexicographer file of the first
 * sense, the lexicographer files and sentence frames of the first senses and
 * the inflection; for nouns, the lexicographer file of the first sense. The
 * words are the single-word lemmas, their regular inflections (spelled every
 * way the usual rules allow, so some forms are not words) and the inflected
 * forms of the exception lists. Everything runs in file order, so the same
 * files give the same table. Only training reads WordNet: the classes are
 * stored in the model. */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "io.h"
#include "wordnet.h"

enum { MAX_WN_FILE = 64 << 20, MAX_LEMMA = 64 };

/* Class code fields; see WS__WN_* in src/tagger.h. */
#define V1(lexfile) ((uint32_t)((lexfile)-28))
#define N1(lexfile) ((uint32_t)((lexfile)-2) << 4)
#define VMASK(lexfile) (1u << (9 + (lexfile)-29))
#define FRAMES(f) ((uint32_t)(f) << 24)
#define FORM(f) ((uint32_t)(f) << 28)
enum { FR_THAT = 1, FR_TO = 2, FR_OBJTO = 4, FR_WHETHER = 8 };
enum { FORM_S = 1, FORM_ED = 2, FORM_ING = 3 };

/* A lemma and its class code. */
typedef struct lemma {
  char w[MAX_LEMMA];
  uint32_t code;
} lemma;

typedef struct lemmas {
  lemma *v;
  size_t n, cap;
} lemmas;

/* The state of one load. */
typedef struct wn {
  const char *dir;
  ws_trainer *t;
  unsigned senses;     /* Senses of a word that count (the first ones). */
  int all_nouns;       /* Nouns of every lexicographer file, not a few. */
  char *dverb, *dnoun; /* data.verb, data.noun */
  size_t ldverb, ldnoun;
  lemmas verbs, nouns;
  size_t added;
  const char *bad; /* The file that could not be read. */
} wn;

static int read_file(wn *w, const char *name, char **out, size_t *len) {
  char *path = ws_cli_path_join(w->dir, name);
  if (!path)
    return ENOMEM;
  ws_cli_input in;
  int err = 0;
  ws_cli_read_status st = ws_cli_read(path, MAX_WN_FILE, &in, &err);
  free(path);
  if (st != WS_CLI_READ_OK) {
    w->bad = name;
    return st == WS_CLI_READ_ERRNO     ? (err ? err : EIO)
           : st == WS_CLI_READ_TOO_BIG ? EFBIG
                                       : ENOMEM;
  }
  *out = in.data, *len = in.len;
  return 0;
}

/* The synset line at byte offset off of a data file, or NULL. */
static const char *synset(const char *data, size_t len, unsigned long off) {
  if (off >= len || (off && data[off - 1] != '\n'))
    return NULL;
  return data + off;
}

/* Skips n space-separated fields of s. */
static const char *skip(const char *s, int n) {
  for (int k = 0; k < n && s; k++) {
    s = strchr(s, ' ');
    s = s ? s + 1 : NULL;
  }
  return s;
}

/* The frames of synset line s (a verb) that hold for its word of number
 * idx (from 1), as FR_* bits; and its lexicographer file in *lexfile. */
static unsigned verb_synset(const char *s, const char *lemma, unsigned *lexfile) {
  char *end;
  *lexfile = (unsigned)strtoul(skip(s, 1), NULL, 10);
  const char *p = skip(s, 3);
  unsigned nw = p ? (unsigned)strtoul(p, &end, 16) : 0, idx = 0;
  for (unsigned k = 1; p && k <= nw; k++) {
    p = skip(p, 1);
    size_t l = strlen(lemma);
    if (p && strncasecmp(p, lemma, l) == 0 && p[l] == ' ' && !idx)
      idx = k;
    p = skip(p, 1);
  }
  p = p ? skip(p, 1) : NULL;
  unsigned np = p ? (unsigned)strtoul(p, NULL, 10) : 0;
  p = p ? skip(p, 1 + 4 * (int)np) : NULL;
  if (!p || *p == '|')
    return 0;
  unsigned nf = (unsigned)strtoul(p, NULL, 10), fr = 0;
  p = skip(p, 1);
  for (unsigned k = 0; p && k < nf; k++) { /* "+ f_num w_num" */
    unsigned f = (unsigned)strtoul(skip(p, 1), NULL, 10);
    unsigned wnum = (unsigned)strtoul(skip(p, 2), NULL, 16);
    p = skip(p, 3);
    if (wnum && wnum != idx)
      continue;
    fr |= f == 26 || f == 34              ? FR_THAT
          : f == 28 || f == 32 || f == 35 ? FR_TO
          : f == 24 || f == 25            ? FR_OBJTO
          : f == 29                       ? FR_WHETHER
                                          : 0;
  }
  return fr;
}

/* True for a lemma made of lower-case letters and inner hyphens only. */
static int plain(const char *s, size_t n) {
  if (n < 2 || n >= MAX_LEMMA - 4)
    return 0;
  for (size_t k = 0; k < n; k++)
    if (!((s[k] >= 'a' && s[k] <= 'z') || (s[k] == '-' && k && k + 1 < n)))
      return 0;
  return 1;
}

static int push(lemmas *l, const char *s, size_t n, uint32_t code) {
  if (l->n == l->cap) {
    size_t c = l->cap ? l->cap * 2 : 4096;
    lemma *p = realloc(l->v, c * sizeof *p);
    if (!p)
      return ENOMEM;
    l->v = p, l->cap = c;
  }
  memcpy(l->v[l->n].w, s, n);
  l->v[l->n].w[n] = '\0';
  l->v[l->n++].code = code;
  return 0;
}

/* Reads index.POS: the class code of each plain lemma from its first
 * senses in data (verbs) or by lexicographer file (nouns). */
static int read_index(wn *w, const char *name, int verb, lemmas *out) {
  char *buf = NULL;
  size_t len = 0;
  int rc = read_file(w, name, &buf, &len);
  for (char *line = buf, *nl; !rc && line < buf + len; line = nl + 1) {
    nl = memchr(line, '\n', (size_t)(buf + len - line));
    if (!nl)
      nl = buf + len;
    *nl = '\0';
    if (line[0] == ' ')
      continue; /* The licence. */
    char *sp = strchr(line, ' ');
    if (!sp || !plain(line, (size_t)(sp - line)))
      continue;
    *sp = '\0';
    const char *p = skip(sp + 1, 1);
    unsigned nsyn = p ? (unsigned)strtoul(p, NULL, 10) : 0;
    unsigned nptr = p ? (unsigned)strtoul(skip(p, 1), NULL, 10) : 0;
    p = p ? skip(p, 2 + (int)nptr + 2) : NULL; /* the offsets */
    uint32_t code = 0;
    int keep = verb || w->all_nouns;
    for (unsigned k = 0; p && k < nsyn && k < w->senses; k++, p = skip(p, 1)) {
      unsigned long off = strtoul(p, NULL, 10);
      const char *s =
          synset(verb ? w->dverb : w->dnoun, verb ? w->ldverb : w->ldnoun, off);
      if (!s)
        continue;
      unsigned lex;
      if (verb) {
        unsigned fr = verb_synset(s, line, &lex);
        if (lex < 29 || lex > 43)
          continue;
        code |= (k == 0 ? V1(lex) : 0) | VMASK(lex) | FRAMES(fr);
      } else {
        lex = (unsigned)strtoul(skip(s, 1), NULL, 10);
        if (lex < 3 || lex > 28)
          continue;
        code |= k == 0 ? N1(lex) : 0;
        keep |= lex == 9 || lex == 10 || lex == 14 || lex == 18; /* cognition,
                             communication, group, person */
      }
    }
    if (code && keep)
      rc = push(out, line, strlen(line), code);
  }
  free(buf);
  return rc;
}

static int add(wn *w, const char *s, size_t n, uint32_t code) {
  ws_status st = ws_trainer_add_word_class(w->t, s, n, code);
  if (st != WS_OK)
    return ENOMEM;
  w->added++;
  return 0;
}

static int vowel(char c) {
  return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

/* True when a final consonant may double before -ed and -ing ("admit"). */
static int cvc(const char *s, size_t n) {
  return n >= 3 && !vowel(s[n - 1]) && s[n - 1] != 'w' && s[n - 1] != 'x' &&
         s[n - 1] != 'y' && vowel(s[n - 2]) && !vowel(s[n - 3]);
}

/* Adds lemma s (n bytes) + suffix, after dropping drop bytes. */
static int form(wn *w, const char *s, size_t n, size_t drop, const char *suffix,
                uint32_t code) {
  char b[MAX_LEMMA + 8];
  size_t l = strlen(suffix);
  memcpy(b, s, n - drop);
  memcpy(b + n - drop, suffix, l);
  return add(w, b, n - drop + l, code);
}

/* Adds the -s form of s (and -es where both are possible). */
static int plural(wn *w, const char *s, size_t n, uint32_t code) {
  char a = s[n - 1], b = s[n - 2];
  if (a == 's' || a == 'x' || a == 'z' || ((a == 'h') && (b == 'c' || b == 's')))
    return form(w, s, n, 0, "es", code);
  if (a == 'y' && !vowel(b))
    return form(w, s, n, 1, "ies", code);
  if (a == 'o' && form(w, s, n, 0, "es", code))
    return ENOMEM;
  return form(w, s, n, 0, "s", code);
}

/* Adds the regular inflections of verb lemma s. */
static int inflect(wn *w, const char *s, size_t n, uint32_t code) {
  uint32_t c = code & ~FORM(3);
  char a = s[n - 1], b = s[n - 2];
  int rc = plural(w, s, n, c | FORM(FORM_S));
  if (!rc)
    rc = a == 'e'                ? form(w, s, n, 0, "d", c | FORM(FORM_ED))
         : a == 'y' && !vowel(b) ? form(w, s, n, 1, "ied", c | FORM(FORM_ED))
                                 : form(w, s, n, 0, "ed", c | FORM(FORM_ED));
  if (!rc)
    rc = a == 'e' && b == 'i' ? form(w, s, n, 2, "ying", c | FORM(FORM_ING))
         : a == 'e' && b != 'e' && b != 'o' && b != 'y'
             ? form(w, s, n, 1, "ing", c | FORM(FORM_ING))
             : form(w, s, n, 0, "ing", c | FORM(FORM_ING));
  if (!rc && cvc(s, n)) {
    char ed[4] = {a, 'e', 'd', 0}, ing[5] = {a, 'i', 'n', 'g', 0};
    rc = form(w, s, n, 0, ed, c | FORM(FORM_ED));
    if (!rc)
      rc = form(w, s, n, 0, ing, c | FORM(FORM_ING));
  }
  return rc;
}

static int cmp_lemma(const void *a, const void *b) {
  return strcmp(((const lemma *)a)->w, ((const lemma *)b)->w);
}

static const lemma *find(const lemmas *l, const char *s) {
  lemma k;
  size_t n = strlen(s);
  if (n >= MAX_LEMMA)
    return NULL;
  memcpy(k.w, s, n + 1);
  return bsearch(&k, l->v, l->n, sizeof *l->v, cmp_lemma);
}

/* Reads an exception list ("inflected base ..."): each inflected form gets
 * the classes of its bases. */
static int read_exc(wn *w, const char *name, const lemmas *l, int verb) {
  char *buf = NULL;
  size_t len = 0;
  int rc = read_file(w, name, &buf, &len);
  for (char *line = buf, *nl; !rc && line < buf + len; line = nl + 1) {
    nl = memchr(line, '\n', (size_t)(buf + len - line));
    if (!nl)
      nl = buf + len;
    *nl = '\0';
    char *sp = strchr(line, ' ');
    if (!sp || !plain(line, (size_t)(sp - line)))
      continue;
    *sp = '\0';
    size_t n = strlen(line);
    for (char *base = sp + 1, *e; !rc && *base; base = e + (*e != 0)) {
      e = strchr(base, ' ');
      if (!e)
        e = base + strlen(base);
      char save = *e;
      *e = '\0';
      const lemma *m = find(l, base);
      *e = save;
      if (!m)
        continue;
      uint32_t f = !verb                                       ? 0
                   : n > 4 && strcmp(line + n - 3, "ing") == 0 ? FORM_ING
                                                               : FORM_ED;
      rc = add(w, line, n, (m->code & ~FORM(3)) | FORM(f));
    }
  }
  free(buf);
  return rc;
}

int ws_cli_wordnet(const char *dir, ws_trainer *t, size_t *nwords, const char **bad) {
  wn w = {0};
  w.dir = dir, w.t = t;
  const char *e = getenv("WS_WN_SENSES"); /* Experiment switches. */
  w.senses = e ? (unsigned)strtoul(e, NULL, 10) : 3;
  w.senses = w.senses ? w.senses : 1;
  e = getenv("WS_WN_NOUNS");
  w.all_nouns = e && strcmp(e, "all") == 0;
  int no_nouns = e && strcmp(e, "none") == 0;
  int rc = read_file(&w, "data.verb", &w.dverb, &w.ldverb);
  if (!rc)
    rc = read_file(&w, "data.noun", &w.dnoun, &w.ldnoun);
  if (!rc)
    rc = read_index(&w, "index.verb", 1, &w.verbs);
  if (!rc && !no_nouns)
    rc = read_index(&w, "index.noun", 0, &w.nouns);
  for (size_t k = 0; !rc && k < w.verbs.n; k++)
    rc = add(&w, w.verbs.v[k].w, strlen(w.verbs.v[k].w), w.verbs.v[k].code);
  for (size_t k = 0; !rc && k < w.nouns.n; k++)
    rc = add(&w, w.nouns.v[k].w, strlen(w.nouns.v[k].w), w.nouns.v[k].code);
  for (size_t k = 0; !rc && k < w.verbs.n; k++)
    rc = inflect(&w, w.verbs.v[k].w, strlen(w.verbs.v[k].w), w.verbs.v[k].code);
  for (size_t k = 0; !rc && k < w.nouns.n; k++)
    rc = plural(&w, w.nouns.v[k].w, strlen(w.nouns.v[k].w), w.nouns.v[k].code);
  qsort(w.verbs.v, w.verbs.n, sizeof *w.verbs.v, cmp_lemma);
  qsort(w.nouns.v, w.nouns.n, sizeof *w.nouns.v, cmp_lemma);
  if (!rc)
    rc = read_exc(&w, "verb.exc", &w.verbs, 1);
  if (!rc && !no_nouns)
    rc = read_exc(&w, "noun.exc", &w.nouns, 0);
  free(w.dverb), free(w.dnoun), free(w.verbs.v), free(w.nouns.v);
  *nwords = w.added;
  *bad = w.bad;
  return rc;
}
