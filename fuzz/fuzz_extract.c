/* fuzz_extract.c: the libFuzzer target for the extractor.
 *
 * Every input is one document. The target runs ws_extract() on it, checks the
 * invariants that must hold whatever the input (spans inside the input and
 * pointing at it, groups from 1, warnings inside the input), writes every
 * statement with ws_write_json() into a sink that checks that each one is a
 * single valid JSON object on one line, and checks that a second extraction
 * of the same bytes writes exactly the same output. Any broken invariant
 * aborts, which libFuzzer reports as a crash and the replay test
 * (fuzz/replay.c) as a failure.
 *
 * The file uses only the public header, so it fuzzes what clients see. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "whosaid.h"

/* Aborts with the failed condition and its line when cond is false. */
#define CHECK(cond)                                                                      \
  do {                                                                                   \
    if (!(cond)) {                                                                       \
      fprintf(stderr, "fuzz_extract.c:%d: invariant failed: %s\n", __LINE__, #cond);     \
      abort();                                                                           \
    }                                                                                    \
  } while (0)

/* ---- A minimal JSON validator ------------------------------------------ */

/* The validator walks one JSON value in s[*i, n); nesting deeper than this is
 * an error (the writer never nests more than three levels). */
enum { JSON_MAX_DEPTH = 16 };

static int json_value(const unsigned char *s, size_t n, size_t *i, int depth);

static void json_space(const unsigned char *s, size_t n, size_t *i) {
  while (*i < n && (s[*i] == ' ' || s[*i] == '\t' || s[*i] == '\r'))
    (*i)++;
}

/* Returns the length of the valid UTF-8 sequence at s[i] (2 to 4), or 0 when
 * the bytes there are not one (RFC 3629: no overlongs, no surrogates, nothing
 * above U+10FFFF). */
static size_t utf8_len(const unsigned char *s, size_t n, size_t i) {
  unsigned char c = s[i];
  size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
  if (c < 0xC2 || c > 0xF4 || i + len > n)
    return 0;
  for (size_t k = 1; k < len; k++)
    if ((s[i + k] & 0xC0) != 0x80)
      return 0;
  unsigned char d = s[i + 1];
  if ((c == 0xE0 && d < 0xA0) || (c == 0xED && d > 0x9F) || (c == 0xF0 && d < 0x90) ||
      (c == 0xF4 && d > 0x8F))
    return 0;
  return len;
}

/* Validates a string literal starting at the opening quote: valid UTF-8, no
 * raw control characters, only JSON's escapes. */
static int json_string(const unsigned char *s, size_t n, size_t *i) {
  (*i)++;
  while (*i < n) {
    unsigned char c = s[*i];
    if (c == '"') {
      (*i)++;
      return 1;
    }
    if (c < 0x20)
      return 0;
    if (c == '\\') {
      if (*i + 1 >= n)
        return 0;
      unsigned char e = s[*i + 1];
      if (e == 'u') {
        if (*i + 6 > n)
          return 0;
        for (size_t k = 2; k < 6; k++)
          if (!strchr("0123456789abcdefABCDEF", s[*i + k]) || !s[*i + k])
            return 0;
        *i += 6;
      } else if (e && strchr("\"\\/bfnrt", e)) {
        *i += 2;
      } else {
        return 0;
      }
    } else if (c >= 0x80) {
      size_t len = utf8_len(s, n, *i);
      if (!len)
        return 0;
      *i += len;
    } else {
      (*i)++;
    }
  }
  return 0;
}

/* Validates a number: -?digits(.digits)?([eE][+-]?digits)? */
static int json_number(const unsigned char *s, size_t n, size_t *i) {
  size_t start;
  if (*i < n && s[*i] == '-')
    (*i)++;
  start = *i;
  while (*i < n && s[*i] >= '0' && s[*i] <= '9')
    (*i)++;
  if (*i == start || (s[start] == '0' && *i - start > 1))
    return 0;
  if (*i < n && s[*i] == '.') {
    start = ++*i;
    while (*i < n && s[*i] >= '0' && s[*i] <= '9')
      (*i)++;
    if (*i == start)
      return 0;
  }
  if (*i < n && (s[*i] == 'e' || s[*i] == 'E')) {
    (*i)++;
    if (*i < n && (s[*i] == '+' || s[*i] == '-'))
      (*i)++;
    start = *i;
    while (*i < n && s[*i] >= '0' && s[*i] <= '9')
      (*i)++;
    if (*i == start)
      return 0;
  }
  return 1;
}

/* Validates an object or an array starting at its opening bracket. */
static int json_container(const unsigned char *s, size_t n, size_t *i, int depth) {
  unsigned char close = s[*i] == '{' ? '}' : ']';
  (*i)++;
  json_space(s, n, i);
  if (*i < n && s[*i] == close) {
    (*i)++;
    return 1;
  }
  for (;;) {
    if (close == '}') {
      json_space(s, n, i);
      if (*i >= n || s[*i] != '"' || !json_string(s, n, i))
        return 0;
      json_space(s, n, i);
      if (*i >= n || s[*i] != ':')
        return 0;
      (*i)++;
    }
    if (!json_value(s, n, i, depth + 1))
      return 0;
    json_space(s, n, i);
    if (*i < n && s[*i] == ',') {
      (*i)++;
      continue;
    }
    if (*i < n && s[*i] == close) {
      (*i)++;
      return 1;
    }
    return 0;
  }
}

/* Validates one JSON value at s[*i] and moves *i past it. */
static int json_value(const unsigned char *s, size_t n, size_t *i, int depth) {
  if (depth > JSON_MAX_DEPTH)
    return 0;
  json_space(s, n, i);
  if (*i >= n)
    return 0;
  switch (s[*i]) {
  case '{':
  case '[':
    return json_container(s, n, i, depth);
  case '"':
    return json_string(s, n, i);
  case 't':
  case 'f':
  case 'n': {
    const char *words[] = {"true", "false", "null"};
    for (size_t w = 0; w < 3; w++) {
      size_t len = strlen(words[w]);
      if (n - *i >= len && memcmp(s + *i, words[w], len) == 0) {
        *i += len;
        return 1;
      }
    }
    return 0;
  }
  default:
    return json_number(s, n, i);
  }
}

/* ---- The output sink --------------------------------------------------- */

/* Collects what a writer produces. ws_write_json() output is checked one
 * statement at a time; all of it is also kept to compare two runs. */
typedef struct sink {
  unsigned char *data;
  size_t len, cap;
  size_t mark; /* Where the statement being written starts. */
} sink;

static int sink_write(void *userdata, const char *data, size_t len) {
  sink *s = userdata;
  CHECK(data != NULL || len == 0);
  if (s->len + len > s->cap) {
    size_t cap = s->cap ? s->cap : 4096;
    while (cap < s->len + len)
      cap *= 2;
    unsigned char *p = realloc(s->data, cap);
    CHECK(p != NULL);
    s->data = p;
    s->cap = cap;
  }
  if (len)
    memcpy(s->data + s->len, data, len);
  s->len += len;
  return 0;
}

/* A write callback that always fails, to check that writers report it. */
static int failing_write(void *userdata, const char *data, size_t len) {
  (void)userdata, (void)data, (void)len;
  return 1;
}

/* Checks that the bytes written since s->mark are exactly one JSON object
 * followed by one newline, with no other newline. */
static void check_json_line(const sink *s) {
  const unsigned char *line = s->data + s->mark;
  size_t n = s->len - s->mark;
  CHECK(n >= 3 && line[0] == '{' && line[n - 1] == '\n');
  CHECK(memchr(line, '\n', n - 1) == NULL);
  size_t i = 0;
  CHECK(json_value(line, n - 1, &i, 0));
  CHECK(i == n - 1);
}

/* ---- Invariants -------------------------------------------------------- */

/* A span is either absent (text.ptr NULL) or lies inside the input and
 * points at it. */
static void check_span(ws_span sp, const char *input, size_t len) {
  if (!sp.text.ptr)
    return;
  CHECK(sp.start <= sp.end && sp.end <= len);
  CHECK(sp.text.ptr == input + sp.start);
  CHECK(sp.text.len == sp.end - sp.start);
}

/* A string the result owns: absent, or readable for its whole length (ASan
 * catches a bad pointer or length when the bytes are touched). */
static unsigned check_str(ws_str s) {
  unsigned sum = 0;
  if (!s.ptr) {
    CHECK(s.len == 0);
    return 0;
  }
  for (size_t i = 0; i < s.len; i++)
    sum += (unsigned char)s.ptr[i];
  return sum;
}

static void check_statement(const ws_statement *st, const char *input, size_t len) {
  CHECK(st->kind == WS_KIND_DIRECT || st->kind == WS_KIND_INDIRECT ||
        st->kind == WS_KIND_MIXED);
  CHECK(st->text.text.ptr != NULL);
  check_span(st->text, input, len);
  CHECK(st->group >= 1);
  check_span(st->speaker_mention, input, len);
  check_span(st->cue, input, len);
  CHECK(st->n_figures == 0 || st->figures != NULL);
  for (size_t f = 0; f < st->n_figures; f++) {
    CHECK(st->figures[f].span.text.ptr != NULL);
    check_span(st->figures[f].span, input, len);
    CHECK(st->figures[f].value == st->figures[f].value); /* Not NaN. */
  }
  volatile unsigned sum = check_str(st->speaker) + check_str(st->speaker_role) +
                          check_str(st->channel) + check_str(st->date) +
                          check_str(st->addressee);
  (void)sum;
  CHECK(st->confidence >= 0.0 && st->confidence <= 1.0);
}

/* Extracts input once, checks every statement and warning, and appends the
 * JSONL of all statements to out. */
static void extract_and_check(const ws_engine *engine, const char *input, size_t len,
                              sink *out) {
  ws_result *r = NULL;
  ws_error err = {0};
  ws_status st = ws_extract(engine, input, len, &r, &err);
  if (st != WS_OK)
    fprintf(stderr, "ws_extract: %s at byte %zu\n", ws_strerror(st), err.pos);
  CHECK(st == WS_OK && r != NULL);
  size_t n = ws_result_count(r);
  CHECK(ws_result_get(r, n) == NULL);
  for (size_t i = 0; i < n; i++) {
    const ws_statement *s = ws_result_get(r, i);
    CHECK(s != NULL);
    check_statement(s, input, len);
    out->mark = out->len;
    CHECK(ws_write_json(r, i, "fuzz", 4, sink_write, out) == WS_OK);
    check_json_line(out);
  }
  CHECK(ws_write_json(r, n, "fuzz", 4, sink_write, out) == WS_ERR_INVALID_ARG);
  if (n > 0)
    CHECK(ws_write_json(r, 0, "fuzz", 4, failing_write, NULL) == WS_ERR_WRITE);
  size_t nw = ws_result_warning_count(r);
  CHECK(ws_result_warning(r, nw) == NULL);
  for (size_t i = 0; i < nw; i++) {
    const ws_warning *w = ws_result_warning(r, i);
    CHECK(w != NULL && w->message != NULL && w->pos <= len);
  }
  ws_result_free(r);
}

/* Checks that ws_write_json_string() turns any bytes into one valid JSON
 * string literal. */
static void check_json_string(const char *input, size_t len) {
  sink s = {0};
  CHECK(ws_write_json_string(input, len, sink_write, &s) == WS_OK);
  size_t i = 0;
  CHECK(s.len >= 2 && s.data[0] == '"');
  CHECK(json_string(s.data, s.len, &i) && i == s.len);
  free(s.data);
}

/* ---- The entry point --------------------------------------------------- */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static ws_engine *engine;
  if (!engine) {
    engine = ws_engine_new(NULL);
    CHECK(engine != NULL);
  }
  /* A private copy, so that reading one byte past the input is caught even
   * when the caller's buffer is larger. */
  char *input = malloc(size ? size : 1);
  CHECK(input != NULL);
  if (size)
    memcpy(input, data, size);

  sink first = {0}, second = {0};
  extract_and_check(engine, input, size, &first);
  extract_and_check(engine, input, size, &second);
  CHECK(first.len == second.len);
  CHECK(first.len == 0 || memcmp(first.data, second.data, first.len) == 0);
  check_json_string(input, size);

  free(first.data);
  free(second.data);
  free(input);
  return 0;
}
