/* fuzz_clusters.c: the libFuzzer target for the word-cluster list that
 * `whosaid train --clusters FILE` reads (ws_trainer_set_clusters()).
 *
 * Every input is one list. The target gives it to a fresh trainer with each
 * of the four ways of using it and checks that the answer is WS_OK exactly
 * when a reference reading of the documented format accepts it, and
 * WS_ERR_FORMAT otherwise. The format: lines "word<TAB>fine<TAB>coarse"
 * ending in "\n" (the last one may lack it, any one may end in "\r"), a
 * word of at least one byte and no TAB, two numbers of one to four digits
 * from 0 to 254. Any difference aborts.
 *
 * The file uses only the public header, so it fuzzes what clients see. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "whosaid.h"

#define CHECK(cond)                                                                      \
  do {                                                                                   \
    if (!(cond)) {                                                                       \
      fprintf(stderr, "fuzz_clusters.c:%d: invariant failed: %s\n", __LINE__, #cond);    \
      abort();                                                                           \
    }                                                                                    \
  } while (0)

/* Reads a number of one to four digits, at most 254, from [*p, end). */
static bool ref_number(const char **p, const char *end) {
  unsigned n = 0, digits = 0;
  while (*p < end && **p >= '0' && **p <= '9') {
    if (++digits > 4)
      return false;
    n = n * 10 + (unsigned)(**p - '0');
    (*p)++;
  }
  return digits > 0 && n <= 254;
}

/* True when the line [p, eol) is "word<TAB>fine<TAB>coarse" with an
 * optional final "\r". */
static bool ref_line(const char *p, const char *eol) {
  const char *tab = memchr(p, '\t', (size_t)(eol - p));
  if (!tab || tab == p)
    return false;
  const char *q = tab + 1;
  if (!ref_number(&q, eol) || q >= eol || *q++ != '\t' || !ref_number(&q, eol))
    return false;
  return q == eol || (*q == '\r' && q + 1 == eol);
}

/* The reference reading of a whole list. */
static bool ref_list(const char *text, size_t len) {
  const char *p = text, *end = text + len;
  while (p < end) {
    const char *eol = memchr(p, '\n', (size_t)(end - p));
    if (!eol)
      eol = end;
    if (!ref_line(p, eol))
      return false;
    p = eol < end ? eol + 1 : end;
  }
  return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *text = (const char *)data;
  bool want = ref_list(text, size);
  for (int use = WS_CLUSTERS_REPLACE; use <= WS_CLUSTERS_EXTEND_BESIDE; use++) {
    ws_train_options o;
    memset(&o, 0, sizeof o);
    o.abi_version = WS_TRAIN_OPTIONS_VERSION;
    o.hash_bits = 10; /* A small table: the list is what is fuzzed. */
    ws_trainer *t = ws_trainer_new(&o);
    CHECK(t != NULL);
    ws_status st = ws_trainer_set_clusters(t, text, size, (ws_cluster_use)use);
    CHECK(st == (want ? WS_OK : WS_ERR_FORMAT));
    if (want) /* A second list replaces the first. */
      CHECK(ws_trainer_set_clusters(t, text, size, (ws_cluster_use)use) == WS_OK);
    ws_trainer_free(t);
  }
  return 0;
}
