/* http.c: HTTP responses inside WARC and ARC records. It parses the status
 * line and the headers the readers need (Content-Type, Transfer-Encoding,
 * Content-Encoding), undoes chunked transfer coding and the gzip, deflate,
 * brotli and zstd content codings, and bounds every decoded body by the
 * output buffer's maximum, so a decompression bomb stops there. */
#include <brotli/decode.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include <zstd.h>

#include "reader.h"

enum { DECODE_STEP = 256 * 1024 };

ws_str ws__trim_header(const char *p, size_t len) {
  while (len && (*p == ' ' || *p == '\t')) {
    p++;
    len--;
  }
  while (len && (p[len - 1] == ' ' || p[len - 1] == '\t' || p[len - 1] == '\r'))
    len--;
  return (ws_str){p, len};
}

void ws__content_type(const char *p, size_t len, ws_str *type, ws_str *charset) {
  const char *semi = memchr(p, ';', len);
  *type = ws__trim_header(p, semi ? (size_t)(semi - p) : len);
  charset->ptr = NULL;
  charset->len = 0;
  while (semi) {
    const char *q = semi + 1, *end = p + len;
    semi = memchr(q, ';', (size_t)(end - q));
    ws_str param = ws__trim_header(q, (size_t)((semi ? semi : end) - q));
    if (param.len > 8 && ws__ieq(param.ptr, 8, "charset=")) {
      ws_str v = ws__trim_header(param.ptr + 8, param.len - 8);
      if (v.len >= 2 && (v.ptr[0] == '"' || v.ptr[0] == '\'') &&
          v.ptr[v.len - 1] == v.ptr[0]) {
        v.ptr++;
        v.len -= 2;
      }
      if (v.len)
        *charset = v;
    }
  }
}

/* Returns true when the len bytes at p contain the lower-case word w,
 * ignoring case. */
static bool has_token(const char *p, size_t len, const char *w) {
  size_t n = strlen(w);
  for (size_t i = 0; i + n <= len; i++)
    if (ws__ieq(p + i, n, w))
      return true;
  return false;
}

/* Reads one header line of an HTTP response into h. */
static void http_header(const char *p, size_t len, ws__http *h) {
  const char *colon = memchr(p, ':', len);
  if (!colon)
    return;
  size_t n = (size_t)(colon - p);
  ws_str v = ws__trim_header(colon + 1, len - n - 1);
  if (ws__ieq(p, n, "content-type"))
    ws__content_type(v.ptr, v.len, &h->content_type, &h->charset);
  else if (ws__ieq(p, n, "transfer-encoding"))
    h->chunked = has_token(v.ptr, v.len, "chunked");
  else if (ws__ieq(p, n, "content-encoding") && v.len &&
           !ws__ieq(v.ptr, v.len, "identity"))
    h->encoding = v;
}

bool ws__http_parse(const char *p, size_t len, ws__http *h) {
  memset(h, 0, sizeof *h);
  if (len < 12 || memcmp(p, "HTTP/", 5) != 0)
    return false;
  const char *nl = memchr(p, '\n', len);
  const char *sp = memchr(p, ' ', nl ? (size_t)(nl - p) : len);
  if (!sp || p + len - sp < 4)
    return false;
  for (int i = 1; i <= 3; i++) {
    if (sp[i] < '0' || sp[i] > '9')
      return false;
    h->status = h->status * 10 + (sp[i] - '0');
  }
  size_t i = nl ? (size_t)(nl - p) + 1 : len;
  while (i < len) {
    const char *end = memchr(p + i, '\n', len - i);
    size_t line = end ? (size_t)(end - (p + i)) : len - i;
    size_t next = end ? i + line + 1 : len;
    if (line == 0 || (line == 1 && p[i] == '\r')) {
      i = next;
      break;
    }
    if (p[i] != ' ' && p[i] != '\t')
      http_header(p + i, line, h);
    i = next;
  }
  h->header_len = i;
  return true;
}

/* Makes room for n more bytes in out. */
static ws_status reserve(ws__buf *out, size_t n) {
  if (n > out->max - out->len)
    return WS_ERR_TOO_BIG;
  if (out->len + n + 1 <= out->cap)
    return WS_OK;
  size_t cap = out->cap ? out->cap : 4096;
  while (cap < out->len + n + 1)
    cap = cap > SIZE_MAX / 2 ? SIZE_MAX : cap * 2;
  if (cap > out->max + 1)
    cap = out->max + 1;
  char *q = realloc(out->data, cap);
  if (!q)
    return WS_ERR_NOMEM;
  out->data = q;
  out->cap = cap;
  return WS_OK;
}

/* Returns the value of a hexadecimal digit, or -1. */
static int hexval(char c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  c |= 0x20;
  return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

bool ws__http_unchunk(const char *p, size_t len, ws__buf *out) {
  out->len = 0;
  if (reserve(out, len) != WS_OK)
    return false;
  size_t i = 0;
  for (;;) {
    size_t n = 0, digits = 0;
    int v;
    while (i < len && (v = hexval(p[i])) >= 0 && digits < 15) {
      n = n * 16 + (size_t)v;
      digits++;
      i++;
    }
    if (digits == 0)
      return i == len && out->len > 0;
    /* Chunk extensions, then the end of the size line. */
    const char *nl = memchr(p + i, '\n', len - i < 1024 ? len - i : 1024);
    if (!nl) {
      if (len - i < 1024)
        return out->len > 0; /* Cut inside a size line. */
      return false;
    }
    if (p + i < nl && p[i] != ';' && p[i] != ' ' && p[i] != '\t' && p[i] != '\r')
      return false;
    i = (size_t)(nl - p) + 1;
    if (n == 0)
      break;
    if (n > len - i)
      n = len - i; /* A body cut in its last chunk. */
    memcpy(out->data + out->len, p + i, n);
    out->len += n;
    i += n;
    if (i == len)
      break;
    if (p[i] == '\r' && i + 1 < len && p[i + 1] == '\n')
      i += 2;
    else if (p[i] == '\n')
      i += 1;
    else
      return false;
  }
  out->data[out->len] = 0;
  return true;
}

/* Inflates gzip or zlib data (windowBits as for inflateInit2) into out. */
static ws_status inflate_into(const char *p, size_t len, int wbits, ws__buf *out) {
  z_stream z;
  memset(&z, 0, sizeof z);
  if (inflateInit2(&z, wbits) != Z_OK)
    return WS_ERR_NOMEM;
  ws_status st = WS_OK;
  z.next_in = (Bytef *)p;
  z.avail_in = (uInt)(len > UINT32_MAX ? UINT32_MAX : len);
  for (;;) {
    if ((st = reserve(out, out->max - out->len < DECODE_STEP ? 1 : DECODE_STEP)) != WS_OK)
      break;
    size_t room = out->cap - 1 - out->len;
    z.next_out = (Bytef *)(out->data + out->len);
    z.avail_out = (uInt)(room > UINT32_MAX ? UINT32_MAX : room);
    int ret = inflate(&z, Z_NO_FLUSH);
    out->len += room - z.avail_out;
    if (ret == Z_STREAM_END) {
      /* Another gzip member may follow. */
      if (wbits > 15 && z.avail_in >= 2 && z.next_in[0] == 0x1f && z.next_in[1] == 0x8b) {
        inflateReset(&z);
        continue;
      }
      break;
    }
    if (ret == Z_BUF_ERROR && z.avail_in == 0)
      break; /* Cut short: keep what was decoded. */
    if (ret != Z_OK && ret != Z_BUF_ERROR) {
      st = ret == Z_MEM_ERROR ? WS_ERR_NOMEM : WS_ERR_FORMAT;
      break;
    }
  }
  inflateEnd(&z);
  return st;
}

/* Decodes brotli data into out. */
static ws_status brotli_into(const char *p, size_t len, ws__buf *out) {
  BrotliDecoderState *b = BrotliDecoderCreateInstance(NULL, NULL, NULL);
  if (!b)
    return WS_ERR_NOMEM;
  ws_status st = WS_OK;
  size_t avail_in = len;
  const uint8_t *next_in = (const uint8_t *)p;
  for (;;) {
    if ((st = reserve(out, out->max - out->len < DECODE_STEP ? 1 : DECODE_STEP)) != WS_OK)
      break;
    size_t avail_out = out->cap - 1 - out->len;
    uint8_t *next_out = (uint8_t *)out->data + out->len;
    BrotliDecoderResult ret = BrotliDecoderDecompressStream(b, &avail_in, &next_in,
                                                            &avail_out, &next_out, NULL);
    out->len = (size_t)((char *)next_out - out->data);
    if (ret == BROTLI_DECODER_RESULT_SUCCESS ||
        ret == BROTLI_DECODER_RESULT_NEEDS_MORE_INPUT)
      break;
    if (ret == BROTLI_DECODER_RESULT_ERROR) {
      st = WS_ERR_FORMAT;
      break;
    }
  }
  BrotliDecoderDestroyInstance(b);
  return st;
}

/* Decodes zstd data into out. */
static ws_status zstd_into(const char *p, size_t len, ws__buf *out) {
  ZSTD_DStream *z = ZSTD_createDStream();
  if (!z)
    return WS_ERR_NOMEM;
  ws_status st = WS_OK;
  ZSTD_inBuffer in = {p, len, 0};
  for (;;) {
    if ((st = reserve(out, out->max - out->len < DECODE_STEP ? 1 : DECODE_STEP)) != WS_OK)
      break;
    ZSTD_outBuffer o = {out->data + out->len, out->cap - 1 - out->len, 0};
    size_t ret = ZSTD_decompressStream(z, &o, &in);
    out->len += o.pos;
    if (ZSTD_isError(ret)) {
      st = WS_ERR_FORMAT;
      break;
    }
    if (in.pos == in.size && o.pos < o.size)
      break;
  }
  ZSTD_freeDStream(z);
  return st;
}

ws_status ws__http_decode(const char *p, size_t len, ws_str enc, ws__buf *out,
                          const char **why) {
  out->len = 0;
  ws_status st;
  *why = "corrupt Content-Encoding data";
  if (ws__ieq(enc.ptr, enc.len, "gzip") || ws__ieq(enc.ptr, enc.len, "x-gzip"))
    st = inflate_into(p, len, 16 + MAX_WBITS, out);
  else if (ws__ieq(enc.ptr, enc.len, "deflate")) {
    st = inflate_into(p, len, MAX_WBITS, out);
    if (st == WS_ERR_FORMAT && out->len == 0)
      st = inflate_into(p, len, -MAX_WBITS, out);
  } else if (ws__ieq(enc.ptr, enc.len, "br"))
    st = brotli_into(p, len, out);
  else if (ws__ieq(enc.ptr, enc.len, "zstd"))
    st = zstd_into(p, len, out);
  else {
    *why = "unsupported Content-Encoding";
    return WS_ERR_FORMAT;
  }
  if (st == WS_ERR_TOO_BIG)
    *why = "decoded body larger than max_document";
  if (out->data)
    out->data[out->len] = 0;
  return st;
}
