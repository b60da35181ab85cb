/* fuzz_json_scan.c: a differential libFuzzer target for the fast path of
 * the JSON lines reader (src/json_scan.c) against jansson.
 *
 * Every input is one line. Whenever the fast path accepts it, jansson must
 * accept it too, as an object, and every field the fast path found must
 * have the same value in jansson's object (strings byte for byte after
 * unescaping, integers as jansson writes them); whenever jansson rejects a
 * line, the fast path must have rejected it. Any difference aborts. The
 * fast path is internal, so this target includes src/reader.h. */
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../src/reader.h"

#define CHECK(cond)                                                                      \
  do {                                                                                   \
    if (!(cond)) {                                                                       \
      fprintf(stderr, "fuzz_json_scan.c:%d: invariant failed: %s\n", __LINE__, #cond);   \
      abort();                                                                           \
    }                                                                                    \
  } while (0)

/* Checks one field found by the fast path against jansson's value. */
static void same_value(const ws__jval *v, json_t *j) {
  if (v->kind == WS__JABSENT) {
    CHECK(j == NULL);
    return;
  }
  CHECK(j != NULL);
  if (v->kind == WS__JSTRING) {
    CHECK(json_is_string(j));
    char *buf = malloc(v->len + 1);
    size_t n = ws__json_unescape(v->ptr, v->len, buf);
    CHECK(n == json_string_length(j) && memcmp(buf, json_string_value(j), n) == 0);
    free(buf);
  } else if (v->kind == WS__JINT) {
    char text[32];
    CHECK(json_is_integer(j));
    int n = snprintf(text, sizeof text, "%lld", (long long)json_integer_value(j));
    CHECK((size_t)n == v->len && memcmp(text, v->ptr, v->len) == 0);
  } else if (v->kind == WS__JREAL) {
    CHECK(json_is_real(j));
  } else {
    CHECK(json_is_object(j) || json_is_array(j) || json_is_boolean(j) || json_is_null(j));
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static const char *const names[] = {"text", "html", "id", "url", "", "a"};
  ws__jval v[6];
  bool fast = ws__json_scan((const char *)data, size, names, 6, v);
  json_error_t e;
  json_t *obj = json_loadb((const char *)data, size, JSON_ALLOW_NUL, &e);
  if (fast) {
    CHECK(obj != NULL && json_is_object(obj));
    for (int i = 0; i < 6; i++)
      same_value(&v[i], json_object_get(obj, names[i]));
  }
  json_decref(obj);
  return 0;
}
