/* reader_check.h: the invariants every reader's fuzz target checks, shared
 * by fuzz_warc.c and fuzz_jsonl.c (included once by each; all static).
 *
 * read_all() reads every record of an input with the options given and
 * checks what must hold whatever the input: each call makes progress (the
 * number of calls is bounded by the input's size, decoded), a document's
 * body is readable to its end and is HTML or text, errors carry a message,
 * and the counters add up. It returns a hash of what came out, so that a
 * target can check that reading the same bytes twice gives the same
 * records. Any broken invariant aborts. */
#ifndef WS_FUZZ_READER_CHECK_H
#define WS_FUZZ_READER_CHECK_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "whosaid.h"

#define CHECK(cond)                                                                      \
  do {                                                                                   \
    if (!(cond)) {                                                                       \
      fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, #cond);       \
      abort();                                                                           \
    }                                                                                    \
  } while (0)

/* Reads every record of size bytes at data, opened as name with options o;
 * returns a hash of the records and errors. */
static uint64_t read_all_with(const uint8_t *data, size_t size, const char *name,
                              const ws_reader_options *o) {
  ws_reader *r;
  ws_error e;
  if (ws_reader_open_memory(data, size, name, o, &r, &e) != WS_OK) {
    CHECK(e.message != NULL);
    return 1;
  }
  uint64_t h = 1469598103934665603ULL, calls = 0, docs = 0, errors = 0;
  ws_record rec;
  ws_status st;
  while ((st = ws_reader_next(r, &rec, &e)) != WS_END) {
    if (++calls > 2 * (uint64_t)size + 16) {
      /* Compressed input may expand: bound the calls by decoded bytes. */
      ws_reader_stats now;
      ws_reader_get_stats(r, &now);
      CHECK(calls <= 2 * (now.bytes_decoded + size) + 16);
    }
    if (st != WS_OK) {
      CHECK(e.message != NULL && e.code == st);
      errors += st != WS_ERR_TOO_BIG;
      h = (h ^ (uint64_t)st ^ e.pos) * 1099511628211ULL;
      continue;
    }
    docs++;
    CHECK(rec.format == WS_FORMAT_HTML || rec.format == WS_FORMAT_TEXT);
    CHECK(rec.body.len > 0 && rec.body.ptr != NULL && rec.body.len <= o->max_document);
    for (size_t i = 0; i < rec.body.len; i++)
      h = (h ^ (unsigned char)rec.body.ptr[i]) * 1099511628211ULL;
    if (rec.meta.url.ptr)
      h ^= rec.meta.url.len;
  }
  ws_reader_stats s;
  ws_reader_get_stats(r, &s);
  CHECK(s.documents == docs && s.errors == errors);
  for (size_t i = 0; i < s.n_skips; i++)
    CHECK(s.skips[i].reason != NULL && s.skips[i].count > 0);
  CHECK(ws_reader_next(r, &rec, &e) == WS_END);
  ws_reader_free(r);
  return h;
}

#endif
