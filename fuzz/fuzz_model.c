/* fuzz_model.c: the libFuzzer target for model files (ws_model_load(), what
 * `whosaid train --predict … --model FILE` and the bindings read).
 *
 * Every input is one file. A model the loader accepts must save
 * (ws_model_save()) to bytes that load again and save to the same bytes; a
 * file it refuses must be refused with WS_ERR_FORMAT, never a crash or a
 * read outside the input. Any broken invariant aborts.
 *
 * The file uses only the public header, so it fuzzes what clients see. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "whosaid.h"

#define CHECK(cond)                                                                      \
  do {                                                                                   \
    if (!(cond)) {                                                                       \
      fprintf(stderr, "fuzz_model.c:%d: invariant failed: %s\n", __LINE__, #cond);       \
      abort();                                                                           \
    }                                                                                    \
  } while (0)

/* A growing buffer that ws_model_save() writes into. */
typedef struct sink {
  char *data;
  size_t len, cap;
} sink;

static int put(void *userdata, const char *data, size_t len) {
  sink *s = userdata;
  if (s->len + len > s->cap) {
    size_t cap = s->cap ? s->cap : 4096;
    while (cap < s->len + len)
      cap *= 2;
    char *p = realloc(s->data, cap);
    if (!p)
      return -1;
    s->data = p, s->cap = cap;
  }
  memcpy(s->data + s->len, data, len);
  s->len += len;
  return 0;
}

/* Saves a model; aborts when saving fails. */
static sink save(const ws_model *m) {
  sink s = {0};
  CHECK(ws_model_save(m, put, &s) == WS_OK);
  return s;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  ws_model *m = NULL;
  ws_status st = ws_model_load(data, size, &m);
  if (st != WS_OK) {
    CHECK(st == WS_ERR_FORMAT && m == NULL);
    return 0;
  }
  sink a = save(m);
  ws_model *again = NULL;
  CHECK(ws_model_load(a.data, a.len, &again) == WS_OK);
  sink b = save(again);
  CHECK(a.len == b.len && memcmp(a.data, b.data, a.len) == 0);
  ws_model_free(again);
  ws_model_free(m);
  free(a.data);
  free(b.data);
  return 0;
}
