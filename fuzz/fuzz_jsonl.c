/* fuzz_jsonl.c: the libFuzzer target for the JSON lines reader (and the
 * byte source's gzip and zstd decoding under it).
 *
 * Every input is one JSONL file, read from memory with the format forced
 * to JSONL, lines over 4 KiB skipped, the text in "text" (or HTML in
 * "html" when the input's size is odd) and the id in "meta.id". The target
 * reads every record and checks what must hold whatever the input: each
 * call makes progress (the number of calls is bounded by the input's
 * size, decoded), a document's body is readable to its end and is HTML or text,
 * errors carry a message, the counters add up, and reading the same bytes
 * twice gives the same records. Any broken invariant aborts. */
#include "reader_check.h"

/* Reads every record with this target's options; returns their hash. */
static uint64_t read_all(const uint8_t *data, size_t size) {
  ws_reader_options o = {0};
  o.format = WS_FORMAT_JSONL;
  o.max_document = 4096;
  o.html_field = size % 2 ? "html" : NULL;
  o.id_field = "meta.id";
  return read_all_with(data, size, "fuzz.jsonl", &o);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  CHECK(read_all(data, size) == read_all(data, size));
  return 0;
}
