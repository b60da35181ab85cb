/* db_json.c: the parser of whosaid's JSONL records for `whosaid index`
 * (db_json.h). A recursive-descent pass over one line: the known fields'
 * strings are unescaped into the caller's arena, other values are checked
 * and skipped. It replaces a general JSON library on this path because
 * building and freeing a tree for every line was half of the indexer's
 * time. fuzz/fuzz_db_json.c checks it against jansson. */
#define _POSIX_C_SOURCE 200809L

#include <stdlib.h>
#include <string.h>

#include "db_json.h"

/* Deepest nesting of arrays and objects accepted. */
#define MAX_DEPTH 64
/* Bytes of a chunk of the arena, unless a string needs more. */
#define CHUNK 65536

struct ws_dbj_chunk {
  struct ws_dbj_chunk *next;
  size_t used, cap;
  char data[];
};

/* Frees the arena's chunks. */
void ws_dbj_arena_free(ws_dbj_arena *a) {
  while (a->head) {
    struct ws_dbj_chunk *c = a->head;
    a->head = c->next;
    free(c);
  }
}

/* Empties the arena, keeping its newest chunk. */
void ws_dbj_arena_reset(ws_dbj_arena *a) {
  if (!a->head)
    return;
  struct ws_dbj_chunk *keep = a->head;
  a->head = keep->next;
  ws_dbj_arena_free(a);
  keep->next = NULL;
  keep->used = 0;
  a->head = keep;
}

/* Returns n bytes from the arena, or NULL. */
char *ws_dbj_arena_alloc(ws_dbj_arena *a, size_t n) {
  struct ws_dbj_chunk *c = a->head;
  if (!c || c->cap - c->used < n) {
    size_t cap = n > CHUNK ? n : CHUNK;
    c = malloc(sizeof *c + cap);
    if (!c)
      return NULL;
    c->next = a->head;
    c->used = 0;
    c->cap = cap;
    a->head = c;
  }
  char *p = c->data + c->used;
  c->used += n;
  return p;
}

/* The parser's state over one line. */
typedef struct P {
  const char *s;
  size_t n, i;
  ws_dbj_arena *a;
  const char *err;
  int depth;
} P;

/* Fails with message m at the current byte; returns -1. */
static int fail(P *p, const char *m) {
  if (!p->err)
    p->err = m;
  return -1;
}

/* Skips JSON white space. */
static void ws(P *p) {
  while (p->i < p->n && (p->s[p->i] == ' ' || p->s[p->i] == '\t' || p->s[p->i] == '\n' ||
                         p->s[p->i] == '\r'))
    p->i++;
}

/* Value of a hexadecimal digit, or -1. */
static int hexval(char c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

/* Reads the 4 hex digits at s[i..i+4) into *v; returns 0 or -1. */
static int hex4(P *p, size_t i, unsigned *v) {
  if (i + 4 > p->n)
    return -1;
  *v = 0;
  for (size_t k = 0; k < 4; k++) {
    int h = hexval(p->s[i + k]);
    if (h < 0)
      return -1;
    *v = *v << 4 | (unsigned)h;
  }
  return 0;
}

/* Writes code point c as UTF-8 at o; returns the bytes written. */
static size_t put_utf8(char *o, unsigned c) {
  if (c < 0x80) {
    o[0] = (char)c;
    return 1;
  }
  if (c < 0x800) {
    o[0] = (char)(0xc0 | c >> 6);
    o[1] = (char)(0x80 | (c & 0x3f));
    return 2;
  }
  if (c < 0x10000) {
    o[0] = (char)(0xe0 | c >> 12);
    o[1] = (char)(0x80 | (c >> 6 & 0x3f));
    o[2] = (char)(0x80 | (c & 0x3f));
    return 3;
  }
  o[0] = (char)(0xf0 | c >> 18);
  o[1] = (char)(0x80 | (c >> 12 & 0x3f));
  o[2] = (char)(0x80 | (c >> 6 & 0x3f));
  o[3] = (char)(0x80 | (c & 0x3f));
  return 4;
}

/* Decodes the escape at s[i] (after the backslash) into o; sets *used to
 * the bytes of input read and returns the bytes written, or -1. */
static long unescape(P *p, size_t i, char *o, size_t *used) {
  char c = i < p->n ? p->s[i] : '\0';
  static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
  const char *k = c ? strchr(from, c) : NULL;
  if (k) {
    *o = to[k - from];
    *used = 1;
    return 1;
  }
  unsigned u, lo;
  if (c != 'u' || hex4(p, i + 1, &u) < 0)
    return -1;
  *used = 5;
  if (u >= 0xd800 && u < 0xdc00 && i + 11 <= p->n && p->s[i + 5] == '\\' &&
      p->s[i + 6] == 'u' && hex4(p, i + 7, &lo) == 0 && lo >= 0xdc00 && lo < 0xe000) {
    *used = 11;
    u = 0x10000 + ((u - 0xd800) << 10) + (lo - 0xdc00);
  } else if ((u >= 0xd800 && u < 0xe000) || u == 0) {
    u = 0xfffd; /* A lone surrogate, or NUL: the replacement character. */
  }
  return (long)put_utf8(o, u);
}

/* Reads a string at the current byte (a quotation mark). With out, its
 * unescaped bytes go to the arena, NUL-terminated (*out, *len). */
static int string(P *p, const char **out, size_t *len) {
  if (p->i >= p->n || p->s[p->i] != '"')
    return fail(p, "expected a string");
  size_t start = ++p->i, end = start;
  while (end < p->n && p->s[end] != '"') {
    if ((unsigned char)p->s[end] < 0x20)
      return fail(p, "control character in a string");
    end += p->s[end] == '\\' ? 2 : 1;
  }
  if (end >= p->n)
    return fail(p, "unterminated string");
  char *o = out ? ws_dbj_arena_alloc(p->a, end - start + 1) : NULL;
  if (out && !o)
    return fail(p, "out of memory");
  size_t w = 0;
  for (size_t i = start; i < end;) {
    if (p->s[i] != '\\') {
      if (o)
        o[w] = p->s[i];
      w++, i++;
      continue;
    }
    char tmp[4];
    size_t used;
    long k = unescape(p, i + 1, o ? o + w : tmp, &used);
    if (k < 0) {
      p->i = i;
      return fail(p, "invalid escape in a string");
    }
    w += (size_t)k;
    i += 1 + used;
  }
  if (o) {
    o[w] = '\0';
    *out = o;
    if (len)
      *len = w;
  }
  p->i = end + 1;
  return 0;
}

/* Reads a number; *is_int says whether it has no fraction or exponent. */
static int number(P *p, double *v, int64_t *iv, int *is_int) {
  size_t i = p->i, start = i;
  if (i < p->n && p->s[i] == '-')
    i++;
  if (i >= p->n || p->s[i] < '0' || p->s[i] > '9')
    return fail(p, "invalid value");
  if (p->s[i] == '0')
    i++;
  else
    while (i < p->n && p->s[i] >= '0' && p->s[i] <= '9')
      i++;
  *is_int = 1;
  if (i < p->n && p->s[i] == '.') {
    *is_int = 0;
    if (++i >= p->n || p->s[i] < '0' || p->s[i] > '9')
      return fail(p, "invalid number");
    while (i < p->n && p->s[i] >= '0' && p->s[i] <= '9')
      i++;
  }
  if (i < p->n && (p->s[i] == 'e' || p->s[i] == 'E')) {
    *is_int = 0;
    if (++i < p->n && (p->s[i] == '+' || p->s[i] == '-'))
      i++;
    if (i >= p->n || p->s[i] < '0' || p->s[i] > '9')
      return fail(p, "invalid number");
    while (i < p->n && p->s[i] >= '0' && p->s[i] <= '9')
      i++;
  }
  char buf[64];
  size_t len = i - start < sizeof buf - 1 ? i - start : sizeof buf - 1;
  memcpy(buf, p->s + start, len);
  buf[len] = '\0';
  *v = strtod(buf, NULL);
  *iv = *is_int && i - start < 19 ? strtoll(buf, NULL, 10) : -1;
  if (*is_int && i - start >= 19)
    *is_int = 0; /* Too large for the fields that need integers. */
  p->i = i;
  return 0;
}

static int value(P *p);

/* Skips an object or array at the current byte. */
static int container(P *p, char close) {
  if (++p->depth > MAX_DEPTH)
    return fail(p, "nesting too deep");
  p->i++;
  ws(p);
  if (p->i < p->n && p->s[p->i] == close) {
    p->i++;
    p->depth--;
    return 0;
  }
  for (;;) {
    if (close == '}') {
      if (string(p, NULL, NULL) < 0)
        return -1;
      ws(p);
      if (p->i >= p->n || p->s[p->i] != ':')
        return fail(p, "expected ':'");
      p->i++;
    }
    if (value(p) < 0)
      return -1;
    ws(p);
    if (p->i < p->n && p->s[p->i] == ',') {
      p->i++;
      ws(p);
      continue;
    }
    if (p->i < p->n && p->s[p->i] == close) {
      p->i++;
      p->depth--;
      return 0;
    }
    return fail(p, close == '}' ? "expected ',' or '}'" : "expected ',' or ']'");
  }
}

/* Skips any value at the current byte (after white space). */
static int value(P *p) {
  ws(p);
  if (p->i >= p->n)
    return fail(p, "unexpected end of line");
  char c = p->s[p->i];
  if (c == '"')
    return string(p, NULL, NULL);
  if (c == '{')
    return container(p, '}');
  if (c == '[')
    return container(p, ']');
  static const char *const lit[] = {"true", "false", "null"};
  for (int k = 0; k < 3; k++) {
    size_t l = strlen(lit[k]);
    if (p->n - p->i >= l && memcmp(p->s + p->i, lit[k], l) == 0) {
      p->i += l;
      return 0;
    }
  }
  double d;
  int64_t iv;
  int is_int;
  return number(p, &d, &iv, &is_int);
}

/* A string field: the string, or NULL for any other value. */
static int str_field(P *p, const char **out, size_t *len) {
  ws(p);
  *out = NULL;
  if (p->i < p->n && p->s[p->i] == '"')
    return string(p, out, len);
  return value(p);
}

/* An integer field: the integer, or -1 for any other value. */
static int int_field(P *p, int64_t *out, int *present) {
  ws(p);
  *out = -1;
  char c = p->i < p->n ? p->s[p->i] : '\0';
  if (c == '-' || (c >= '0' && c <= '9')) {
    double d;
    int is_int;
    if (number(p, &d, out, &is_int) < 0)
      return -1;
    if (!is_int)
      *out = -1;
    else if (present)
      *present = 1;
    return 0;
  }
  return value(p);
}

/* Compares the key [k, k+n) to a name. */
static int is(const char *k, size_t n, const char *name) {
  return strlen(name) == n && memcmp(k, name, n) == 0;
}

/* A span field: {"text":…, "start":…, "end":…}, or anything else. */
static int span_field(P *p, ws_dbj_span *sp) {
  sp->text = NULL;
  sp->start = sp->end = -1;
  ws(p);
  if (p->i >= p->n || p->s[p->i] != '{')
    return value(p);
  if (++p->depth > MAX_DEPTH)
    return fail(p, "nesting too deep");
  p->i++;
  ws(p);
  if (p->i < p->n && p->s[p->i] == '}') {
    p->i++;
    p->depth--;
    return 0;
  }
  for (;;) {
    const char *k;
    size_t kn;
    if (string(p, &k, &kn) < 0)
      return -1;
    ws(p);
    if (p->i >= p->n || p->s[p->i] != ':')
      return fail(p, "expected ':'");
    p->i++;
    int r = is(k, kn, "text")    ? str_field(p, &sp->text, NULL)
            : is(k, kn, "start") ? int_field(p, &sp->start, NULL)
            : is(k, kn, "end")   ? int_field(p, &sp->end, NULL)
                                 : value(p);
    if (r < 0)
      return -1;
    ws(p);
    if (p->i < p->n && p->s[p->i] == ',') {
      p->i++;
      ws(p);
      continue;
    }
    if (p->i < p->n && p->s[p->i] == '}') {
      p->i++;
      p->depth--;
      return 0;
    }
    return fail(p, "expected ',' or '}'");
  }
}

/* The figures field: an array, kept as its JSON text. */
static int figures_field(P *p, const char **out) {
  ws(p);
  size_t start = p->i;
  int is_array = p->i < p->n && p->s[p->i] == '[';
  if (value(p) < 0)
    return -1;
  *out = NULL;
  if (!is_array)
    return 0;
  char *o = ws_dbj_arena_alloc(p->a, p->i - start + 1);
  if (!o)
    return fail(p, "out of memory");
  memcpy(o, p->s + start, p->i - start);
  o[p->i - start] = '\0';
  *out = o;
  return 0;
}

/* Reads the value of top-level key k into the record. */
static int field(P *p, const char *k, size_t kn, ws_dbj_rec *r) {
  struct {
    const char *name;
    const char **slot;
  } strs[] = {{"type", &r->type},         {"doc", &r->doc},
              {"url", &r->url},           {"doc_date", &r->doc_date},
              {"date", &r->date},         {"title", &r->title},
              {"byline", &r->byline},     {"source", &r->source},
              {"kind", &r->kind},         {"speaker", &r->speaker},
              {"speaker_role", &r->speaker_role}, {"channel", &r->channel},
              {"addressee", &r->addressee}};
  if (is(k, kn, "text"))
    return str_field(p, &r->text, &r->text_len);
  for (size_t i = 0; i < sizeof strs / sizeof strs[0]; i++)
    if (is(k, kn, strs[i].name))
      return str_field(p, strs[i].slot, NULL);
  if (is(k, kn, "start"))
    return int_field(p, &r->start, &r->has_start);
  if (is(k, kn, "end"))
    return int_field(p, &r->end, NULL);
  if (is(k, kn, "group"))
    return int_field(p, &r->group, NULL);
  if (is(k, kn, "speaker_mention"))
    return span_field(p, &r->mention);
  if (is(k, kn, "cue"))
    return span_field(p, &r->cue);
  if (is(k, kn, "figures"))
    return figures_field(p, &r->figures);
  if (is(k, kn, "confidence")) {
    ws(p);
    char c = p->i < p->n ? p->s[p->i] : '\0';
    if (c == '-' || (c >= '0' && c <= '9')) {
      int64_t iv;
      int is_int;
      return number(p, &r->confidence, &iv, &is_int);
    }
    return value(p);
  }
  return value(p);
}

/* Parses one record; see db_json.h. */
int ws_dbj_parse(const char *line, size_t len, ws_dbj_arena *arena, ws_dbj_rec *rec,
                 const char **err, size_t *err_pos) {
  P p = {line, len, 0, arena, NULL, 0};
  memset(rec, 0, sizeof *rec);
  rec->start = rec->end = rec->group = -1;
  rec->mention.start = rec->mention.end = rec->cue.start = rec->cue.end = -1;
  ws(&p);
  int r = 0;
  if (p.i >= p.n || p.s[p.i] != '{') {
    r = fail(&p, "not a JSON object");
  } else {
    p.i++;
    p.depth = 1;
    ws(&p);
    if (p.i < p.n && p.s[p.i] == '}') {
      p.i++;
    } else {
      for (;;) {
        const char *k;
        size_t kn;
        if ((r = string(&p, &k, &kn)) < 0)
          break;
        ws(&p);
        if (p.i >= p.n || p.s[p.i] != ':') {
          r = fail(&p, "expected ':'");
          break;
        }
        p.i++;
        if ((r = field(&p, k, kn, rec)) < 0)
          break;
        ws(&p);
        if (p.i < p.n && p.s[p.i] == ',') {
          p.i++;
          ws(&p);
          continue;
        }
        if (p.i < p.n && p.s[p.i] == '}') {
          p.i++;
          break;
        }
        r = fail(&p, "expected ',' or '}'");
        break;
      }
    }
  }
  if (r == 0) {
    ws(&p);
    if (p.i != p.n)
      r = fail(&p, "text after the object");
  }
  if (r < 0) {
    *err = p.err;
    *err_pos = p.i;
  }
  return r;
}
