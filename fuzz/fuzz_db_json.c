/* fuzz_db_json.c: a differential libFuzzer target for the parser of
 * whosaid's JSONL records (cli/db_json.c) against jansson.
 *
 * The input is one line. When jansson reads it as a JSON object (nesting
 * within 64 levels), the parser must read it too, and every field it keeps
 * must equal jansson's value: strings byte for byte (those without U+0000,
 * which the parser reads as U+FFFD), integers as integers, the spans'
 * parts likewise. When the parser rejects a line, jansson must reject it
 * (or find it nested deeper than 64). The parser may accept what jansson
 * rejects for other reasons (invalid UTF-8, integers beyond 64 bits); a
 * line with a raw NUL byte is only checked not to crash. */
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../cli/db_json.c"

#define CHECK(cond)                                                                      \
  do {                                                                                   \
    if (!(cond)) {                                                                       \
      fprintf(stderr, "fuzz_db_json.c:%d: invariant failed: %s\n", __LINE__, #cond);     \
      abort();                                                                           \
    }                                                                                    \
  } while (0)

/* Depth of nesting of a jansson value. */
static int depth(json_t *v) {
  int d = 0;
  if (json_is_object(v)) {
    const char *k;
    json_t *x;
    json_object_foreach(v, k, x) {
      int e = depth(x);
      d = e > d ? e : d;
    }
    return d + 1;
  }
  if (json_is_array(v)) {
    size_t i;
    json_t *x;
    json_array_foreach(v, i, x) {
      int e = depth(x);
      d = e > d ? e : d;
    }
    return d + 1;
  }
  return 0;
}

/* A string value equals the parser's (NULL when not a string). */
static void same_str(json_t *j, const char *mine) {
  if (!json_is_string(j)) {
    CHECK(mine == NULL);
    return;
  }
  const char *v = json_string_value(j);
  size_t n = json_string_length(j);
  if (memchr(v, 0, n))
    return; /* U+0000 is read as U+FFFD. */
  CHECK(mine && strlen(mine) == n && memcmp(mine, v, n) == 0);
}

/* An integer value equals the parser's (-1 when not an integer). */
static void same_int(json_t *j, int64_t mine) {
  if (json_is_integer(j) && json_integer_value(j) >= -999999999999999LL &&
      json_integer_value(j) <= 999999999999999LL)
    CHECK(mine == json_integer_value(j));
  else if (!json_is_integer(j))
    CHECK(mine == -1);
}

/* A span object equals the parser's. */
static void same_span(json_t *j, const ws_dbj_span *s) {
  if (!json_is_object(j)) {
    CHECK(!s->text && s->start == -1 && s->end == -1);
    return;
  }
  same_str(json_object_get(j, "text"), s->text);
  same_int(json_object_get(j, "start"), s->start);
  same_int(json_object_get(j, "end"), s->end);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  ws_dbj_arena a = {0};
  ws_dbj_rec r;
  const char *err;
  size_t pos;
  int ok = ws_dbj_parse((const char *)data, size, &a, &r, &err, &pos) == 0;
  json_error_t je;
  json_t *j = json_loadb((const char *)data, size, JSON_ALLOW_NUL | JSON_DECODE_ANY, &je);
  int deep = j && depth(j) > 64;
  /* jansson reads a raw NUL byte after a number as the end of it; JSON
   * allows none outside strings, and the parser rejects it. */
  int raw_nul = memchr(data, 0, size) != NULL;
  if (!ok && !raw_nul)
    CHECK(!j || !json_is_object(j) || deep || strcmp(err, "nesting too deep") == 0);
  if (j && json_is_object(j) && !deep && !raw_nul) {
    CHECK(ok);
    const char *names[] = {"type", "doc", "url", "doc_date", "date", "title", "byline",
                           "source", "kind", "speaker", "speaker_role", "channel",
                           "addressee", "text"};
    const char *mine[] = {r.type, r.doc, r.url, r.doc_date, r.date, r.title, r.byline,
                          r.source, r.kind, r.speaker, r.speaker_role, r.channel,
                          r.addressee, r.text};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
      same_str(json_object_get(j, names[i]), mine[i]);
    same_int(json_object_get(j, "start"), r.start);
    same_int(json_object_get(j, "end"), r.end);
    same_int(json_object_get(j, "group"), r.group);
    same_span(json_object_get(j, "speaker_mention"), &r.mention);
    same_span(json_object_get(j, "cue"), &r.cue);
    json_t *f = json_object_get(j, "figures");
    CHECK(json_is_array(f) ? r.figures != NULL : r.figures == NULL);
    if (r.figures) {
      json_t *g = json_loads(r.figures, JSON_ALLOW_NUL, NULL);
      CHECK(g && json_equal(f, g));
      json_decref(g);
    }
  }
  json_decref(j);
  ws_dbj_arena_free(&a);
  return 0;
}
