/* fuzz_html.c: the libFuzzer target for the document stage (charset
 * conversion and HTML main-text extraction: src/document.c, src/charset.c,
 * src/html.c, src/html_meta.c).
 *
 * The first byte of an input chooses the record: bit 0 set makes it an
 * HTML record (else text), bits 1-3 choose the declared charset from a
 * short list (none, UTF-8, ISO-8859-1, Shift_JIS, UTF-16LE, KOI8-R, a
 * name iconv does not know, an empty name); the rest is the body. The
 * target runs ws_document_new() and checks what must hold whatever the
 * input: success; a text that is valid UTF-8 (or, for plain text with no
 * usable charset, the body byte for byte); metadata in valid UTF-8; the
 * same result from a second run. Any broken invariant aborts, which libFuzzer
 * reports as a crash and the replay test (fuzz/replay.c) as a failure.
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
      fprintf(stderr, "fuzz_html.c:%d: invariant failed: %s\n", __LINE__, #cond);        \
      abort();                                                                           \
    }                                                                                    \
  } while (0)

static const char *const CHARSETS[8] = {NULL,     "utf-8",  "ISO-8859-1",      "Shift_JIS",
                                        "UTF-16LE", "koi8-r", "x-unknown-charset", ""};

/* Returns 1 when the n bytes at s are valid UTF-8 (NULL with n = 0 too). */
static int valid_utf8(const unsigned char *s, size_t n) {
  for (size_t i = 0; i < n;) {
    unsigned c = s[i];
    size_t k = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (!k || i + k > n || (k > 1 && c < 0xC2))
      return 0;
    for (size_t j = 1; j < k; j++)
      if ((s[i + j] & 0xC0) != 0x80)
        return 0;
    i += k;
  }
  return 1;
}

/* Checks that an optional string is valid UTF-8. */
static void check_str(ws_str s) {
  CHECK(!s.ptr || valid_utf8((const unsigned char *)s.ptr, s.len));
}

/* Makes the document of the record described by data. */
static ws_document *run(const uint8_t *data, size_t size) {
  ws_record rec;
  memset(&rec, 0, sizeof rec);
  rec.format = data[0] & 1 ? WS_FORMAT_HTML : WS_FORMAT_TEXT;
  const char *cs = CHARSETS[(data[0] >> 1) & 7];
  if (cs) {
    rec.charset.ptr = cs;
    rec.charset.len = strlen(cs);
  }
  rec.body.ptr = (const char *)data + 1;
  rec.body.len = size - 1;
  ws_document *doc = NULL;
  ws_error err;
  CHECK(ws_document_new(&rec, &doc, &err) == WS_OK);
  CHECK(doc != NULL);
  return doc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1)
    return 0;
  ws_document *a = run(data, size);
  ws_str t = ws_document_text(a);
  CHECK(t.ptr != NULL);
  /* Plain text with no usable charset is kept byte for byte; everything
   * else is converted to UTF-8. */
  int html = data[0] & 1;
  if (html || valid_utf8(data + 1, size - 1))
    CHECK(valid_utf8((const unsigned char *)t.ptr, t.len));
  else if (t.len == size - 1 && memcmp(t.ptr, data + 1, t.len) == 0)
    ; /* Kept as it is. */
  else
    CHECK(valid_utf8((const unsigned char *)t.ptr, t.len)); /* Converted. */
  const ws_doc_meta *m = ws_document_meta(a);
  check_str(m->title);
  check_str(m->byline);
  check_str(m->date);
  check_str(m->url);
  ws_document *b = run(data, size);
  ws_str u = ws_document_text(b);
  CHECK(u.len == t.len && memcmp(u.ptr, t.ptr, t.len) == 0);
  ws_document_free(a);
  ws_document_free(b);
  return 0;
}
