/* serve_buf.c: growable byte buffers and JSON writing for `whosaid serve`.
 * Replies are built in one buffer that is then handed to libmicrohttpd;
 * strings go through the library's JSON string writer, which replaces
 * invalid UTF-8, so every reply is valid JSON whatever the database holds. */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "serve.h"
#include "whosaid.h"

/* Largest reply body, in bytes: a guard against runaway output. */
#define SB_MAX ((size_t)1 << 30)

/* Makes room for n more bytes; returns 0, or -1 (and sets oom). */
static int sb_reserve(ws_sbuf *b, size_t n) {
  if (b->oom)
    return -1;
  if (b->len + n <= b->cap)
    return 0;
  size_t cap = b->cap ? b->cap : 4096;
  while (cap < b->len + n && cap < SB_MAX)
    cap *= 2;
  char *p = cap >= b->len + n ? realloc(b->data, cap) : NULL;
  if (!p) {
    b->oom = 1;
    return -1;
  }
  b->data = p;
  b->cap = cap;
  return 0;
}

/* Appends len bytes. */
void ws_sb_put(ws_sbuf *b, const void *data, size_t len) {
  if (len == 0 || sb_reserve(b, len) != 0)
    return;
  memcpy(b->data + b->len, data, len);
  b->len += len;
}

/* Appends a NUL-terminated string. */
void ws_sb_puts(ws_sbuf *b, const char *s) {
  ws_sb_put(b, s, strlen(s));
}

/* Appends formatted text from a va_list. */
void ws_sb_vprintf(ws_sbuf *b, const char *fmt, va_list ap) {
  va_list ap2;
  va_copy(ap2, ap);
  char small[256];
  int n = vsnprintf(small, sizeof small, fmt, ap);
  if (n < 0) {
    va_end(ap2);
    return;
  }
  if ((size_t)n < sizeof small) {
    ws_sb_put(b, small, (size_t)n);
  } else if (sb_reserve(b, (size_t)n + 1) == 0) {
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap2);
    b->len += (size_t)n;
  }
  va_end(ap2);
}

/* Appends formatted text. */
void ws_sb_printf(ws_sbuf *b, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  ws_sb_vprintf(b, fmt, ap);
  va_end(ap);
}

/* A ws_write_fn that appends to the ws_sbuf in userdata. */
int ws_sb_write_fn(void *userdata, const char *data, size_t len) {
  ws_sbuf *b = userdata;
  ws_sb_put(b, data, len);
  return b->oom ? -1 : 0;
}

/* True when s (len bytes) is printable ASCII needing no JSON escape. */
static int plain_ascii(const char *s, size_t len) {
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\')
      return 0;
  }
  return 1;
}

/* Appends s as a JSON string literal, or null for NULL. */
void ws_sb_json_str(ws_sbuf *b, const char *s, size_t len) {
  if (!s) {
    ws_sb_put(b, "null", 4);
  } else if (plain_ascii(s, len) && sb_reserve(b, len + 2) == 0) {
    b->data[b->len++] = '"';
    memcpy(b->data + b->len, s, len);
    b->len += len;
    b->data[b->len++] = '"';
  } else if (ws_write_json_string(s, len, ws_sb_write_fn, b) != WS_OK) {
    b->oom = 1;
  }
}

/* Appends a NUL-terminated string as a JSON string literal (NULL: null). */
void ws_sb_json_cstr(ws_sbuf *b, const char *s) {
  ws_sb_json_str(b, s, s ? strlen(s) : 0);
}

/* Appends "\"key\":". */
void ws_sb_key(ws_sbuf *b, const char *key) {
  ws_sb_put(b, "\"", 1);
  ws_sb_puts(b, key);
  ws_sb_put(b, "\":", 2);
}

/* Frees the buffer's memory and empties it. */
void ws_sb_free(ws_sbuf *b) {
  free(b->data);
  b->data = NULL;
  b->len = b->cap = 0;
  b->oom = 0;
}
