/* api.c: the public entry points: engines, results, statements and their
 * JSON form. The work itself is done by segment.c and attrib.c. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#if defined(__SSE2__) && defined(__x86_64__) && !defined(WS_NO_SIMD)
#include <emmintrin.h>
#define WS__SSE2_JSON 1
#endif

#include "internal.h"

struct ws_result {
  ws__arena arena;  /* Owns canonical names, roles, figures, tokens. */
  ws__vec stmts;    /* ws_statement items. */
  ws__vec warnings; /* ws_warning items. */
  const char *text; /* The caller's input (not owned). */
  size_t len;
};

const char *ws_version(void) {
  return WS_VERSION_STRING;
}

const char *ws_strerror(ws_status status) {
  switch (status) {
  case WS_OK: return "success";
  case WS_ERR_NOMEM: return "out of memory";
  case WS_ERR_INVALID_ARG: return "invalid argument";
  case WS_ERR_TOO_BIG: return "input too large";
  case WS_ERR_IO: return "input/output error";
  case WS_ERR_FORMAT: return "malformed data";
  case WS_ERR_WRITE: return "write failed";
  case WS_END: return "no more documents";
  }
  return "unknown error";
}

const char *ws_kind_name(ws_kind kind) {
  switch (kind) {
  case WS_KIND_DIRECT: return "direct";
  case WS_KIND_INDIRECT: return "indirect";
  case WS_KIND_MIXED: return "mixed";
  }
  return "direct";
}

ws_engine *ws_engine_new(const ws_options *opts) {
  if (opts && opts->abi_version > WS_OPTIONS_VERSION)
    return NULL;
  ws_engine *e = calloc(1, sizeof *e);
  if (!e)
    return NULL;
  if (opts)
    e->opts = *opts;
  e->opts.abi_version = WS_OPTIONS_VERSION;
  if (e->opts.max_input == 0)
    e->opts.max_input = (size_t)256 << 20;
  return e;
}

void ws_engine_free(ws_engine *engine) {
  free(engine);
}

/* Fills *err when the caller asked for it. */
static ws_status fail(ws_error *err, ws_status code, size_t pos) {
  if (err) {
    err->code = code;
    err->message = ws_strerror(code);
    err->pos = pos;
  }
  return code;
}

ws_status ws_extract(const ws_engine *engine, const char *text, size_t len,
                     ws_result **out, ws_error *err) {
  if (!out)
    return fail(err, WS_ERR_INVALID_ARG, 0);
  *out = NULL;
  if (!engine || (!text && len))
    return fail(err, WS_ERR_INVALID_ARG, 0);
  if (len > engine->opts.max_input || len > UINT32_MAX - 16)
    return fail(err, WS_ERR_TOO_BIG, engine->opts.max_input);
  ws_result *r = calloc(1, sizeof *r);
  if (!r)
    return fail(err, WS_ERR_NOMEM, 0);
  ws__arena_init(&r->arena);
  ws__vec_init(&r->stmts, sizeof(ws_statement));
  r->text = text ? text : "";
  r->len = len;
  ws__doc doc;
  ws_status st = ws__segment(&doc, &r->arena, r->text, len);
  if (st == WS_OK)
    st = ws__attribute(engine, &doc, &r->arena, &r->stmts);
  r->warnings = doc.warnings;
  ws__vec_init(&doc.warnings, sizeof(ws_warning));
  ws__doc_free(&doc);
  if (st != WS_OK) {
    ws_result_free(r);
    return fail(err, st, 0);
  }
  *out = r;
  return WS_OK;
}

void ws_result_free(ws_result *result) {
  if (!result)
    return;
  ws__vec_free(&result->stmts);
  ws__vec_free(&result->warnings);
  ws__arena_free(&result->arena);
  free(result);
}

size_t ws_result_count(const ws_result *result) {
  return result ? result->stmts.len : 0;
}

const ws_statement *ws_result_get(const ws_result *result, size_t i) {
  if (!result || i >= result->stmts.len)
    return NULL;
  return &WS__VEC_AT(&result->stmts, ws_statement, i);
}

size_t ws_result_warning_count(const ws_result *result) {
  return result ? result->warnings.len : 0;
}

const ws_warning *ws_result_warning(const ws_result *result, size_t i) {
  if (!result || i >= result->warnings.len)
    return NULL;
  return &WS__VEC_AT(&result->warnings, ws_warning, i);
}

/* ---- JSON ---------------------------------------------------------------- */

/* A small output buffer in front of the caller's write callback. */
typedef struct jw {
  ws_write_fn write;
  void *ud;
  char buf[4096];
  size_t n;
  int failed;
} jw;

/* Sets up w without clearing its buffer. */
static void jw_init(jw *w, ws_write_fn write, void *ud) {
  w->write = write;
  w->ud = ud;
  w->n = 0;
  w->failed = 0;
}

static void jw_flush(jw *w) {
  if (w->n && !w->failed && w->write(w->ud, w->buf, w->n) != 0)
    w->failed = 1;
  w->n = 0;
}

/* Copies what does not fit, in pieces. */
static void jw_put_slow(jw *w, const char *s, size_t len) {
  while (len) {
    if (w->n == sizeof w->buf)
      jw_flush(w);
    size_t k = sizeof w->buf - w->n;
    if (k > len)
      k = len;
    memcpy(w->buf + w->n, s, k);
    w->n += k;
    s += k;
    len -= k;
  }
}

static inline void jw_put(jw *w, const char *s, size_t len) {
  if (len <= sizeof w->buf - w->n) {
    memcpy(w->buf + w->n, s, len);
    w->n += len;
  } else {
    jw_put_slow(w, s, len);
  }
}

static inline void jw_lit(jw *w, const char *s) {
  jw_put(w, s, strlen(s));
}

/* Makes room for k bytes (at most the buffer's size) and returns where
 * they go; the caller sets w->n past what it wrote (jw_done). */
static inline char *jw_room(jw *w, size_t k) {
  if (sizeof w->buf - w->n < k)
    jw_flush(w);
  return w->buf + w->n;
}

/* Ends a write that jw_room began at p. */
static inline void jw_done(jw *w, const char *p) {
  w->n = (size_t)(p - w->buf);
}

#define ONES UINT64_C(0x0101010101010101)
#define HIGHS UINT64_C(0x8080808080808080)

/* The high bit of each byte of the 8 at p that a JSON string cannot hold
 * as it is: controls, '"', '\\' and every non-ASCII byte (checked one by
 * one). */
static inline uint64_t unsafe8(const unsigned char *p) {
  uint64_t x;
  memcpy(&x, p, 8); /* Byte order does not matter: only "any" is used. */
  uint64_t ctl = (x - 0x20 * ONES) & ~x; /* Bytes < 0x20 (or >= 0x80). */
  uint64_t q = x ^ (0x22 * ONES), b = x ^ (0x5C * ONES);
  uint64_t quote = (q - ONES) & ~q, slash = (b - ONES) & ~b; /* == 0 */
  return (ctl | quote | slash | x) & HIGHS;
}

/* unsafe8 for the 4 bytes at p. */
static inline uint32_t unsafe4(const unsigned char *p) {
  uint32_t x;
  memcpy(&x, p, 4);
  const uint32_t ones = 0x01010101u, highs = 0x80808080u;
  uint32_t ctl = (x - 0x20 * ones) & ~x;
  uint32_t q = x ^ (0x22 * ones), b = x ^ (0x5C * ones);
  uint32_t quote = (q - ones) & ~q, slash = (b - ones) & ~b;
  return (ctl | quote | slash | x) & highs;
}

/* Returns the index of the first byte from i that a JSON string cannot hold
 * as it is (see unsafe8), or len when there is none. */
static inline size_t skip_safe(const unsigned char *u, size_t i, size_t len) {
#ifdef WS__SSE2_JSON
  for (; i + 16 <= len; i += 16) {
    __m128i v = _mm_loadu_si128((const __m128i *)(u + i));
    __m128i bad = _mm_or_si128(_mm_cmplt_epi8(v, _mm_set1_epi8(0x20)), /* and >= 0x80 */
                               _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')),
                                            _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'))));
    unsigned m = (unsigned)_mm_movemask_epi8(bad);
    if (m)
      return i + (unsigned)__builtin_ctz(m);
  }
  if (len >= 16 && i < len) {
    /* The last bytes, from a load that ends at len, without the bytes
     * before i that the loop above has checked. */
    __m128i v = _mm_loadu_si128((const __m128i *)(u + len - 16));
    __m128i bad = _mm_or_si128(_mm_cmplt_epi8(v, _mm_set1_epi8(0x20)),
                               _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')),
                                            _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'))));
    unsigned m = (unsigned)_mm_movemask_epi8(bad) >> (16 - (len - i));
    return m ? i + (unsigned)__builtin_ctz(m) : len;
  }
#endif
  if (len - i < 16) {
    /* A short string (a name, a cue) or the tail of one without SSE2: two
     * loads that may overlap cover it, and clean bytes need no loop. */
    size_t n = len - i;
    if (n >= 8 && !(unsafe8(u + i) | unsafe8(u + len - 8)))
      return len;
    if (n >= 4 && n < 8 && !(unsafe4(u + i) | unsafe4(u + len - 4)))
      return len;
  }
  for (; i + 8 <= len; i += 8) {
    if (unsafe8(u + i))
      break; /* The byte loop below finds which. */
  }
  while (i < len && u[i] >= 0x20 && u[i] < 0x80 && u[i] != '"' && u[i] != '\\')
    i++;
  return i;
}

/* True when the three bytes at i are a character of U+2000..U+203F (curly
 * quotes, dashes) other than U+2028 and U+2029: valid, and written as they
 * are. */
static inline bool kept_punctuation(const unsigned char *u, size_t i, size_t len) {
  return u[i] == 0xE2 && i + 2 < len && u[i + 1] == 0x80 && (u[i + 2] & 0xC0) == 0x80 &&
         u[i + 2] != 0xA8 && u[i + 2] != 0xA9;
}

/* Returns the index of the first byte from i that must be escaped or
 * replaced in a JSON string (a control, '"', '\\', invalid UTF-8, U+2028
 * or U+2029), or len when there is none. Valid UTF-8 is skipped. */
static size_t skip_verbatim(const unsigned char *u, size_t i, size_t len) {
  while ((i = skip_safe(u, i, len)) < len) {
    unsigned char c = u[i];
    if (kept_punctuation(u, i, len)) {
      i += 3;
      continue;
    }
    int32_t cp;
    if (c < 0x80)
      return i;
    int n = ws__utf8_decode(u, len, i, &cp);
    if (cp < 0 || cp == 0x2028 || cp == 0x2029)
      return i;
    i += (size_t)n;
  }
  return len;
}

static void jw_string_escaped(jw *w, const char *s, size_t len, size_t i);

/* True when the len bytes at u, 4 to 15 of them, need no escape: two loads
 * that may overlap cover them. */
static inline bool short_safe(const unsigned char *u, size_t len) {
  if (len >= 8)
    return !(unsafe8(u) | unsafe8(u + len - 8));
  return !(unsafe4(u) | unsafe4(u + len - 4));
}

/* Copies the len bytes at s, 4 to 15 of them, to p with two fixed-size
 * copies that may overlap. */
static inline void short_copy(char *p, const char *s, size_t len) {
  if (len >= 8) {
    memcpy(p, s, 8);
    memcpy(p + len - 8, s + len - 8, 8);
  } else {
    memcpy(p, s, 4);
    memcpy(p + len - 4, s + len - 4, 4);
  }
}

/* Writes a JSON string literal; invalid UTF-8 becomes U+FFFD. A string of
 * 4 to 15 bytes without a byte to escape (a name, a cue) is told and copied
 * inline. */
static void jw_string(jw *w, const char *s, size_t len) {
  const unsigned char *u = (const unsigned char *)s;
  if (len - 4 < 12 && short_safe(u, len)) {
    char *p = jw_room(w, len + 2);
    *p = '"';
    short_copy(p + 1, s, len);
    p[len + 1] = '"';
    jw_done(w, p + len + 2);
    return;
  }
  size_t i = skip_safe(u, 0, len); /* Inline: most strings are ASCII. */
  if (i < len)
    i = skip_verbatim(u, i, len);
  if (i == len && len <= sizeof w->buf - 2) { /* Nothing to escape: the common case. */
    char *p = jw_room(w, len + 2);
    *p = '"';
    memcpy(p + 1, s, len);
    p[len + 1] = '"';
    jw_done(w, p + len + 2);
    return;
  }
  jw_string_escaped(w, s, len, i);
}

/* jw_string for a string whose first byte to escape or replace is at i. */
static void jw_string_escaped(jw *w, const char *s, size_t len, size_t i) {
  const unsigned char *u = (const unsigned char *)s;
  jw_put(w, "\"", 1);
  size_t run = 0; /* Start of a run of bytes copied as they are. */
  while ((i = skip_verbatim(u, i, len)) < len) {
    unsigned char c = u[i]; /* A byte to escape, or a character to replace. */
    int32_t cp = 0;
    int n = c < 0x80 ? 1 : ws__utf8_decode(u, len, i, &cp);
    jw_put(w, s + run, i - run);
    char esc[8];
    if (c >= 0x80 && cp < 0)
      jw_put(w, "\xEF\xBF\xBD", 3);
    else if (c >= 0x80)
      jw_lit(w, cp == 0x2028 ? "\\u2028" : "\\u2029");
    else if (c == '"' || c == '\\') {
      esc[0] = '\\', esc[1] = (char)c;
      jw_put(w, esc, 2);
    } else if (c == '\n')
      jw_lit(w, "\\n");
    else if (c == '\t')
      jw_lit(w, "\\t");
    else if (c == '\r')
      jw_lit(w, "\\r");
    else {
      snprintf(esc, sizeof esc, "\\u%04x", c);
      jw_lit(w, esc);
    }
    i += (size_t)n;
    run = i;
  }
  jw_put(w, s + run, len - run);
  jw_put(w, "\"", 1);
}

static void jw_opt_string(jw *w, ws_str s) {
  if (s.ptr)
    jw_string(w, s.ptr, s.len);
  else
    jw_lit(w, "null");
}

/* Two decimal digits for each value below 100. */
static const char PAIRS[201] = "000102030405060708091011121314151617181920212223242526272829"
                               "303132333435363738394041424344454647484950515253545556575859"
                               "606162636465666768697071727374757677787980818283848586878889"
                               "90919293949596979899";

/* Writes v in decimal at p, as "%zu" would (two digits a step), and returns
 * the end: at most 20 bytes. */
static inline char *put_size(char *p, size_t v) {
  if (v < 10) {
    *p = (char)('0' + v);
    return p + 1;
  }
  /* Offsets and counts have at most five digits but in huge inputs. */
  size_t digits = 2 + (v >= 100) + (v >= 1000) + (v >= 10000);
  for (uint64_t x = 100000; digits < 20 && v >= x; x *= 10)
    digits++;
  char *end = p + digits;
  p = end; /* Written from its end. */
  while (v >= 100) {
    size_t r = v % 100;
    v /= 100;
    p -= 2;
    memcpy(p, PAIRS + 2 * r, 2);
  }
  if (v >= 10)
    memcpy(p - 2, PAIRS + 2 * v, 2);
  else
    p[-1] = (char)('0' + v);
  return end;
}

/* Copies the literal lit (a string constant) to p and returns its end. */
#define PUT_LIT(p, lit) (memcpy((p), (lit), sizeof(lit) - 1), (p) + sizeof(lit) - 1)

/* Writes v in decimal, as "%zu" would. */
static void jw_size(jw *w, size_t v) {
  jw_done(w, put_size(jw_room(w, 20), v));
}

/* Writes v as "%.2f" would. Values in [0, 1e9) whose hundredths are not
 * near a tie are rounded here; the rest go through snprintf. */
static void jw_fixed2(jw *w, double v) {
  if (v >= 0 && v < 1e9) {
    double x = v * 100, f = floor(x), frac = x - f;
    if (fabs(frac - 0.5) > 1e-6) {
      uint64_t r = (uint64_t)f + (frac > 0.5);
      char num[24];
      jw_size(w, (size_t)(r / 100));
      num[0] = '.', num[1] = (char)('0' + r / 10 % 10), num[2] = (char)('0' + r % 10);
      jw_put(w, num, 3);
      return;
    }
  }
  char num[64];
  snprintf(num, sizeof num, "%.2f", v);
  jw_lit(w, num);
}

/* Writes a number: integers without a fraction, others with up to 15
 * significant digits. */
static void jw_double(jw *w, double v) {
  char num[64];
  if (v == (double)(long long)v && v < 1e18 && v > -1e18) {
    long long x = (long long)v; /* As "%lld" would write it. */
    char *p = jw_room(w, 21);
    if (x < 0)
      *p++ = '-';
    jw_done(w, put_size(p, x < 0 ? (size_t)0 - (size_t)x : (size_t)x));
    return;
  }
  snprintf(num, sizeof num, "%.15g", v);
  jw_lit(w, num);
}

static void jw_span(jw *w, ws_span s) {
  if (!s.text.ptr) {
    jw_lit(w, "null");
    return;
  }
  jw_lit(w, "{\"text\":");
  jw_string(w, s.text.ptr, s.text.len);
  char *p = jw_room(w, 64);
  p = PUT_LIT(p, ",\"start\":");
  p = put_size(p, s.start);
  p = PUT_LIT(p, ",\"end\":");
  p = put_size(p, s.end);
  *p++ = '}';
  jw_done(w, p);
}

/* Writes ,"key":"value" when s is present. */
static void jw_opt_field(jw *w, const char *key, ws_str s) {
  if (!s.ptr)
    return;
  jw_lit(w, ",\"");
  jw_lit(w, key);
  jw_lit(w, "\":");
  jw_string(w, s.ptr, s.len);
}

/* True when a and b hold the same bytes. */
static int str_same(ws_str a, ws_str b) {
  return a.len == b.len && (a.len == 0 || memcmp(a.ptr, b.ptr, a.len) == 0);
}

/* Writes the fields a statement takes from its document's metadata (none
 * when meta is NULL): url, doc_date, title, and source when it is not
 * already the doc field. */
static void jw_meta(jw *w, const ws_doc_meta *meta) {
  if (!meta)
    return;
  jw_opt_field(w, "url", meta->url);
  jw_opt_field(w, "doc_date", meta->date);
  jw_opt_field(w, "title", meta->title);
  if (meta->id.ptr && meta->source.ptr && !str_same(meta->id, meta->source))
    jw_opt_field(w, "source", meta->source);
}

/* Writes the key (a string literal such as ",\"date\":") and the string s,
 * or the key and null in one piece when s is absent (most are). */
#define JW_KEY_OPT(w, key, s)                                                                     \
  do {                                                                                            \
    ws_str s_ = (s);                                                                              \
    if (s_.ptr) {                                                                                 \
      jw_lit((w), key);                                                                           \
      jw_string((w), s_.ptr, s_.len);                                                             \
    } else {                                                                                      \
      jw_lit((w), key "null");                                                                    \
    }                                                                                             \
  } while (0)

static void jw_statement(jw *w, const ws_statement *st, const char *doc, size_t doc_len,
                         const ws_doc_meta *meta) {
  jw_lit(w, "{\"doc\":");
  jw_string(w, doc ? doc : "", doc ? doc_len : 0);
  jw_meta(w, meta);
  switch (st->kind) { /* The names of ws_kind_name. */
  case WS_KIND_INDIRECT: jw_lit(w, ",\"kind\":\"indirect\",\"text\":"); break;
  case WS_KIND_MIXED: jw_lit(w, ",\"kind\":\"mixed\",\"text\":"); break;
  default: jw_lit(w, ",\"kind\":\"direct\",\"text\":"); break;
  }
  jw_string(w, st->text.text.ptr, st->text.text.len);
  char *p = jw_room(w, 128);
  p = PUT_LIT(p, ",\"start\":");
  p = put_size(p, st->text.start);
  p = PUT_LIT(p, ",\"end\":");
  p = put_size(p, st->text.end);
  p = PUT_LIT(p, ",\"group\":");
  p = put_size(p, st->group);
  p = PUT_LIT(p, ",\"speaker\":");
  jw_done(w, p);
  jw_opt_string(w, st->speaker);
  JW_KEY_OPT(w, ",\"speaker_role\":", st->speaker_role);
  jw_lit(w, ",\"speaker_mention\":");
  jw_span(w, st->speaker_mention);
  jw_lit(w, ",\"cue\":");
  jw_span(w, st->cue);
  JW_KEY_OPT(w, ",\"channel\":", st->channel);
  JW_KEY_OPT(w, ",\"date\":", st->date);
  JW_KEY_OPT(w, ",\"addressee\":", st->addressee);
  jw_lit(w, ",\"figures\":[");
  for (size_t i = 0; i < st->n_figures; i++) {
    if (i)
      jw_lit(w, ",");
    jw_lit(w, "{\"text\":");
    jw_string(w, st->figures[i].span.text.ptr, st->figures[i].span.text.len);
    jw_lit(w, ",\"value\":");
    jw_double(w, st->figures[i].value);
    jw_lit(w, "}");
  }
  jw_lit(w, "],\"confidence\":");
  jw_fixed2(w, st->confidence);
  jw_lit(w, "}\n");
}

ws_status ws_write_json(const ws_result *result, size_t i, const char *doc,
                        size_t doc_len, ws_write_fn write, void *userdata) {
  const ws_statement *st = ws_result_get(result, i);
  if (!st || !write)
    return WS_ERR_INVALID_ARG;
  jw w;
  jw_init(&w, write, userdata);
  jw_statement(&w, st, doc, doc_len, NULL);
  jw_flush(&w);
  return w.failed ? WS_ERR_WRITE : WS_OK;
}

ws_status ws_write_json_string(const char *s, size_t len, ws_write_fn write,
                               void *userdata) {
  if (!write || (!s && len))
    return WS_ERR_INVALID_ARG;
  jw w;
  jw_init(&w, write, userdata);
  jw_string(&w, s ? s : "", len);
  jw_flush(&w);
  return w.failed ? WS_ERR_WRITE : WS_OK;
}

ws_status ws_write_json_meta(const ws_result *result, size_t i, const ws_doc_meta *meta,
                             ws_write_fn write, void *userdata) {
  const ws_statement *st = ws_result_get(result, i);
  if (!st || !write || !meta)
    return WS_ERR_INVALID_ARG;
  ws_str doc = meta->id.ptr ? meta->id : meta->source;
  jw w;
  jw_init(&w, write, userdata);
  jw_statement(&w, st, doc.ptr, doc.len, meta);
  jw_flush(&w);
  return w.failed ? WS_ERR_WRITE : WS_OK;
}

/* Writes ,"key": and the string s, or null when it is absent. */
static void jw_key_string(jw *w, const char *key, ws_str s) {
  jw_lit(w, ",\"");
  jw_lit(w, key);
  jw_lit(w, "\":");
  jw_opt_string(w, s);
}

ws_status ws_write_document_json(const ws_document *doc, ws_write_fn write,
                                 void *userdata) {
  if (!doc || !write)
    return WS_ERR_INVALID_ARG;
  const ws_doc_meta *m = ws_document_meta(doc);
  ws_str text = ws_document_text(doc);
  jw w;
  jw_init(&w, write, userdata);
  jw_lit(&w, "{\"type\":\"document\",\"doc\":");
  jw_opt_string(&w, m->id.ptr ? m->id : m->source);
  jw_key_string(&w, "url", m->url);
  jw_key_string(&w, "date", m->date);
  jw_key_string(&w, "title", m->title);
  jw_key_string(&w, "byline", m->byline);
  jw_key_string(&w, "source", m->source);
  jw_lit(&w, ",\"offset\":");
  jw_size(&w, (size_t)m->offset);
  jw_lit(&w, ",\"text\":");
  jw_string(&w, text.ptr ? text.ptr : "", text.ptr ? text.len : 0);
  jw_lit(&w, "}\n");
  jw_flush(&w);
  return w.failed ? WS_ERR_WRITE : WS_OK;
}
