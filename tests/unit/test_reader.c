/* test_reader.c: unit tests of the readers' API and internals: format
 * names, argument checks, the byte source (gzip members, their offsets,
 * corrupt members), HTTP helpers (Content-Type, chunked bodies, content
 * codings and their size cap) and that uncompressed WARC bodies are handed
 * out in place, without a copy. tests/readers/test_readers.py covers whole
 * files. */
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "harness.h"
#include "reader.h"

/* Gzip-compresses len bytes into out (cap bytes); returns the size. */
static size_t gz(const char *in, size_t len, unsigned char *out, size_t cap) {
  z_stream z;
  memset(&z, 0, sizeof z);
  deflateInit2(&z, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
  z.next_in = (Bytef *)in;
  z.avail_in = (uInt)len;
  z.next_out = out;
  z.avail_out = (uInt)cap;
  deflate(&z, Z_FINISH);
  size_t n = cap - z.avail_out;
  deflateEnd(&z);
  return n;
}

static void test_format_names(void) {
  ws_format f;
  CHECK(ws_format_parse("WARC", 4, &f) == WS_OK && f == WS_FORMAT_WARC);
  CHECK(ws_format_parse("jsonl", 5, &f) == WS_OK && f == WS_FORMAT_JSONL);
  CHECK(ws_format_parse("htmlx", 4, &f) == WS_OK && f == WS_FORMAT_HTML);
  CHECK(ws_format_parse("pdf", 3, &f) == WS_ERR_INVALID_ARG);
  CHECK(strcmp(ws_format_name(WS_FORMAT_TEXT), "text") == 0);
  CHECK(strcmp(ws_format_name((ws_format)99), "unknown") == 0);
}

static void test_arguments(void) {
  ws_reader *r = (ws_reader *)1;
  ws_error e;
  ws_reader_options o = {0};
  o.abi_version = WS_READER_OPTIONS_VERSION + 1;
  CHECK(ws_reader_open_memory("x", 1, "m", &o, &r, &e) == WS_ERR_INVALID_ARG &&
        r == NULL);
  o.abi_version = 0;
  o.format = (ws_format)42;
  CHECK(ws_reader_open_memory("x", 1, "m", &o, &r, &e) == WS_ERR_INVALID_ARG);
  CHECK(ws_reader_open(NULL, NULL, &r, &e) == WS_ERR_INVALID_ARG);
  CHECK(ws_reader_open("/nonexistent/file", NULL, &r, &e) == WS_ERR_IO && r == NULL);
  CHECK(ws_reader_next(NULL, NULL, NULL) == WS_ERR_INVALID_ARG);
  CHECK(ws_reader_format(NULL) == WS_FORMAT_AUTO);
  ws_reader_free(NULL);
  /* Empty memory input: no document, counted, then WS_END for good. */
  CHECK(ws_reader_open_memory(NULL, 0, NULL, NULL, &r, &e) == WS_OK);
  ws_record rec;
  CHECK(ws_reader_next(r, &rec, &e) == WS_END);
  CHECK(ws_reader_next(r, &rec, &e) == WS_END);
  ws_reader_stats s;
  ws_reader_get_stats(r, &s);
  CHECK(s.n_skips == 1 && strcmp(s.skips[0].reason, "empty input") == 0);
  ws_reader_free(r);
}

static void test_gzip_members(void) {
  static const char *parts[] = {"first member\n", "second\n", "third and last\n"};
  unsigned char buf[512];
  size_t n = 0, starts[3];
  for (int i = 0; i < 3; i++) {
    starts[i] = n;
    n += gz(parts[i], strlen(parts[i]), buf + n, sizeof buf - n);
  }
  ws__src s;
  ws_error e;
  CHECK(ws__src_open(&s, -1, false, buf, n, 1 << 20, &e) == WS_OK);
  CHECK(s.codec == WS__CODEC_GZIP);
  size_t avail = ws__src_fill(&s, 1000);
  CHECK_EQ_INT(avail, strlen(parts[0]) + strlen(parts[1]) + strlen(parts[2]));
  uint64_t raw = 0, dec = 0;
  for (int i = 0; i < 3; i++) {
    CHECK(ws__src_member_at(&s, dec, &raw) && raw == starts[i]);
    dec += strlen(parts[i]);
  }
  CHECK(!ws__src_member_at(&s, 3, &raw));
  CHECK(ws__src_error_before(&s, UINT64_MAX) == NULL);
  ws__src_close(&s);

  /* A corrupt second member: reported, and the third is still decoded. */
  buf[starts[1] + 12] ^= 0xff;
  buf[starts[1] + 13] ^= 0xff;
  CHECK(ws__src_open(&s, -1, false, buf, n, 1 << 20, &e) == WS_OK);
  avail = ws__src_fill(&s, 1000);
  const ws__src_error *err = ws__src_error_before(&s, UINT64_MAX);
  CHECK(err != NULL && err->code == WS_ERR_FORMAT);
  CHECK(avail >= strlen(parts[0]) + strlen(parts[2]));
  CHECK(memcmp(ws__src_data(&s) + avail - strlen(parts[2]), parts[2], strlen(parts[2])) ==
        0);
  ws__src_close(&s);
}

static void test_content_type(void) {
  ws_str t, cs;
  const char *v = "text/html ; Charset=\"ISO-8859-1\"; q=1";
  ws__content_type(v, strlen(v), &t, &cs);
  CHECK_STR(t.ptr, t.len, "text/html");
  CHECK_STR(cs.ptr, cs.len, "ISO-8859-1");
  ws__content_type("image/png", 9, &t, &cs);
  CHECK(cs.ptr == NULL);
  ws__http h;
  const char *resp =
      "HTTP/1.1 404 Not Found\r\nContent-Type: text/plain\r\n"
      "X-Crawler-Content-Encoding: gzip\r\nTransfer-Encoding: Chunked\r\n\r\nbody";
  CHECK(ws__http_parse(resp, strlen(resp), &h));
  CHECK(h.status == 404 && h.chunked && h.encoding.ptr == NULL);
  CHECK_STR(resp + h.header_len, 4, "body");
  CHECK(!ws__http_parse("<html>", 6, &h));
}

static void test_unchunk(void) {
  ws__buf out;
  ws__buf_init(&out, 1 << 20);
  const char *ok = "5;ext=x\r\nhello\r\n1\r\n \r\n5\r\nworld\r\n0\r\n\r\n";
  CHECK(ws__http_unchunk(ok, strlen(ok), &out));
  CHECK_STR(out.data, out.len, "hello world");
  const char *cut = "5\r\nhello\r\n10\r\nshort";
  CHECK(ws__http_unchunk(cut, strlen(cut), &out));
  CHECK_STR(out.data, out.len, "helloshort");
  CHECK(!ws__http_unchunk("<html>", 6, &out));
  CHECK(!ws__http_unchunk("3\r\nabcX", 7, &out) || out.len == 3);
  CHECK(!ws__http_unchunk("3\r\nabcdef\r\n", 11, &out));
  ws__buf_free(&out);
}

static void test_decode_cap(void) {
  size_t big = 1 << 20;
  char *zeros = calloc(1, big);
  unsigned char *packed = malloc(big);
  size_t n = gz(zeros, big, packed, big);
  ws__buf out;
  ws__buf_init(&out, 4096);
  const char *why;
  CHECK(ws__http_decode((char *)packed, n, (ws_str){"gzip", 4}, &out, &why) ==
        WS_ERR_TOO_BIG);
  CHECK(out.len <= 4096);
  ws__buf_free(&out);
  ws__buf_init(&out, 2 * big);
  CHECK(ws__http_decode((char *)packed, n, (ws_str){"x-gzip", 6}, &out, &why) == WS_OK);
  CHECK(out.len == big);
  CHECK(ws__http_decode((char *)packed, n, (ws_str){"compress", 8}, &out, &why) ==
        WS_ERR_FORMAT);
  ws__buf_free(&out);
  free(zeros);
  free(packed);
}

static void test_warc_in_place(void) {
  static const char warc[] =
      "WARC/1.1\r\nWARC-Type: resource\r\nWARC-Target-URI: <file:///a.txt>\r\n"
      "Content-Type: text/plain\r\nContent-Length: 11\r\n\r\nHello world\r\n\r\n";
  ws_reader *r;
  ws_error e;
  ws_record rec;
  CHECK(ws_reader_open_memory(warc, sizeof warc - 1, "mem", NULL, &r, &e) == WS_OK);
  CHECK(ws_reader_next(r, &rec, &e) == WS_OK);
  CHECK(ws_reader_format(r) == WS_FORMAT_WARC);
  CHECK(rec.body.ptr >= warc && rec.body.ptr + rec.body.len <= warc + sizeof warc);
  CHECK_STR(rec.body.ptr, rec.body.len, "Hello world");
  CHECK_STR(rec.meta.url.ptr, rec.meta.url.len, "file:///a.txt");
  CHECK_STR(rec.meta.source.ptr, rec.meta.source.len, "mem");
  CHECK(rec.meta.offset == 0 && rec.format == WS_FORMAT_TEXT);
  CHECK(ws_reader_next(r, &rec, &e) == WS_END);
  ws_reader_stats s;
  ws_reader_get_stats(r, &s);
  CHECK(s.documents == 1 && s.errors == 0 && s.bytes_read == sizeof warc - 1);
  ws_reader_free(r);
}

int main(void) {
  RUN(test_format_names);
  RUN(test_arguments);
  RUN(test_gzip_members);
  RUN(test_content_type);
  RUN(test_unchunk);
  RUN(test_decode_cap);
  RUN(test_warc_in_place);
  return TEST_RESULT();
}
