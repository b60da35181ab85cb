/* fuzz_warc.c: the libFuzzer target for the WARC and ARC reader (and, under
 * it, the byte source's gzip and zstd decoding and the HTTP decoding).
 *
 * Every input is one archive, read from memory with the format forced to
 * WARC (an input starting with "filedesc://" is read as ARC). The target
 * reads every record and checks what must hold whatever the input: each
 * call makes progress (the number of calls is bounded by the input's
 * size, decoded), a document's body is readable to its end and is HTML or text,
 * errors carry a message, the counters add up, and reading the same bytes
 * twice gives the same records. Any broken invariant aborts. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "whosaid.h"

#define CHECK(cond)                                                                      \
  do {                                                                                   \
    if (!(cond)) {                                                                       \
      fprintf(stderr, "fuzz_warc.c:%d: invariant failed: %s\n", __LINE__, #cond);        \
      abort();                                                                           \
    }                                                                                    \
  } while (0)

/* Reads every record; returns a hash of what came out. */
static uint64_t read_all(const uint8_t *data, size_t size) {
  ws_reader_options o = {0};
  o.format = WS_FORMAT_WARC;
  o.max_document = 1 << 20;
  ws_reader *r;
  ws_error e;
  if (ws_reader_open_memory(data, size, "fuzz.warc", &o, &r, &e) != WS_OK) {
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
    CHECK(rec.body.len > 0 && rec.body.ptr != NULL && rec.body.len <= o.max_document);
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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  CHECK(read_all(data, size) == read_all(data, size));
  return 0;
}
