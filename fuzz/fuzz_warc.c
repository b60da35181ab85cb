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
#include "reader_check.h"

/* Reads every record with this target's options; returns their hash. */
static uint64_t read_all(const uint8_t *data, size_t size) {
  ws_reader_options o = {0};
  o.format = WS_FORMAT_WARC;
  o.max_document = 1 << 20;
  return read_all_with(data, size, "fuzz.warc", &o);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  CHECK(read_all(data, size) == read_all(data, size));
  return 0;
}
