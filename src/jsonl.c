/* jsonl.c: the JSON lines reader. Each line holds one JSON object, one
 * document; its text (or HTML) and metadata come from configurable fields,
 * which may be dotted paths into nested objects ("meta.url"). Lines go
 * through the fast path of src/json_scan.c first; jansson parses those it
 * is unsure of, and all lines when a field name has a dot. A line that
 * is not valid JSON is an error naming its byte offset, and reading goes
 * on; a line without the text field is skipped and counted; a line longer
 * than max_document is skipped without being held in memory. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reader.h"

enum { LINE_STEP = 64 * 1024 };

void ws__jsonl_free(ws_reader *r) {
  if (r->json) {
    json_decref(r->json);
    r->json = NULL;
  }
}

/* Looks up a field by name, else by its dotted path. */
static json_t *get_field(json_t *obj, const char *name) {
  json_t *v = json_object_get(obj, name);
  if (v || !strchr(name, '.'))
    return v;
  char part[256];
  const char *p = name;
  while (obj && json_is_object(obj)) {
    const char *dot = strchr(p, '.');
    size_t n = dot ? (size_t)(dot - p) : strlen(p);
    if (n >= sizeof part)
      return NULL;
    memcpy(part, p, n);
    part[n] = 0;
    obj = json_object_get(obj, part);
    if (!dot)
      return obj;
    p = dot + 1;
  }
  return NULL;
}

/* Returns a field's value as a string: strings as they are, numbers
 * written out into buf (32 bytes); absent for other values. */
static ws_str field_str(json_t *v, char *buf) {
  if (json_is_string(v))
    return (ws_str){json_string_value(v), json_string_length(v)};
  int n = -1;
  if (json_is_integer(v))
    n = snprintf(buf, 32, "%lld", (long long)json_integer_value(v));
  else if (json_is_real(v))
    n = snprintf(buf, 32, "%.17g", json_real_value(v));
  if (n > 0 && n < 32)
    return (ws_str){buf, (size_t)n};
  return (ws_str){NULL, 0};
}

/* Finds the end of the line at the window's start, filling the window as
 * needed, up to max_document bytes. Returns the line's length (without the
 * newline) and sets *next to the bytes to consume; *too_big when the line
 * is longer than max_document (nothing found then). */
static size_t find_line(ws_reader *r, size_t *next, bool *too_big) {
  ws__src *s = &r->src;
  size_t avail = ws__src_avail(s), scanned = 0;
  *too_big = false;
  for (;;) {
    const char *p = ws__src_data(s);
    const char *nl = avail > scanned ? memchr(p + scanned, '\n', avail - scanned) : NULL;
    if (nl) {
      *next = (size_t)(nl - p) + 1;
      *too_big = (size_t)(nl - p) > r->max_document;
      return (size_t)(nl - p);
    }
    if (avail > r->max_document) {
      *too_big = true;
      return 0;
    }
    scanned = avail;
    size_t want = avail < LINE_STEP ? LINE_STEP : avail * 2;
    if (want > r->max_document + 1)
      want = r->max_document + 1;
    avail = ws__src_fill(s, want);
    if (avail == scanned) {
      *next = avail;
      return avail;
    }
  }
}

/* Skips the rest of a line too long to hold, up to its newline. */
static void skip_long_line(ws__src *s) {
  for (;;) {
    size_t avail = ws__src_avail(s);
    if (avail == 0 && (avail = ws__src_fill(s, LINE_STEP)) == 0)
      return;
    const char *nl = memchr(ws__src_data(s), '\n', avail);
    if (nl) {
      ws__src_consume(s, (size_t)(nl - ws__src_data(s)) + 1);
      return;
    }
    ws__src_consume(s, avail);
  }
}

/* Returns true when the len bytes at p are all white space. */
static bool blank(const char *p, size_t len) {
  for (size_t i = 0; i < len; i++)
    if (p[i] != ' ' && p[i] != '\t' && p[i] != '\r' && p[i] != '\n')
      return false;
  return true;
}

/* Fills rec from the parsed object of one line. Returns false when the
 * line has no usable text (the reason is counted). */
static bool fill_record(ws_reader *r, json_t *obj, ws_record *rec) {
  json_t *body = NULL;
  rec->format = WS_FORMAT_TEXT;
  if (r->fields[WS__F_HTML] && (body = get_field(obj, r->fields[WS__F_HTML])) &&
      json_is_string(body))
    rec->format = WS_FORMAT_HTML;
  else
    body = get_field(obj, r->fields[WS__F_TEXT]);
  if (!json_is_string(body)) {
    ws__reader_skip(r, body ? "text field is not a string" : "no text field");
    return false;
  }
  if (json_string_length(body) == 0) {
    ws__reader_skip(r, "empty text");
    return false;
  }
  rec->body = (ws_str){json_string_value(body), json_string_length(body)};
  rec->charset = (ws_str){"UTF-8", 5};
  ws_str *meta[4] = {&rec->meta.id, &rec->meta.url, &rec->meta.date, &rec->meta.title};
  for (int i = 0; i < 4; i++)
    *meta[i] = field_str(get_field(obj, r->fields[WS__F_ID + i]), r->numtext[i]);
  return true;
}

/* Makes room for n bytes in b; false when memory runs out. */
static bool reserve(ws__buf *b, size_t n) {
  if (b->cap >= n + 1)
    return true;
  char *p = realloc(b->data, n + 1);
  if (!p)
    return false;
  b->data = p;
  b->cap = n + 1;
  return true;
}

/* The text of a value found by the fast path: strings unescaped into
 * r->body when needed (room was reserved), integers as written. */
static ws_str fast_str(ws_reader *r, const ws__jval *v) {
  if (v->kind == WS__JINT || (v->kind == WS__JSTRING && !v->escaped))
    return (ws_str){v->ptr, v->len};
  if (v->kind != WS__JSTRING)
    return (ws_str){NULL, 0};
  char *out = r->body.data + r->body.len;
  size_t n = ws__json_unescape(v->ptr, v->len, out);
  r->body.len += n;
  return (ws_str){out, n};
}

/* Reads one line with the fast path. Returns 1 with rec filled, 0 when
 * the line has no usable text (counted), -1 when jansson must decide. */
static int fast_record(ws_reader *r, const char *p, size_t len, ws_record *rec) {
  ws__jval v[6];
  if (!ws__json_scan(p, len, r->fields, 6, v))
    return -1;
  for (int i = WS__F_ID; i <= WS__F_TITLE; i++)
    if (v[i].kind == WS__JREAL)
      return -1; /* jansson's way of writing reals. */
  if (!reserve(&r->body, len))
    return -1;
  r->body.len = 0;
  const ws__jval *body = &v[WS__F_TEXT];
  rec->format = WS_FORMAT_TEXT;
  if (v[WS__F_HTML].kind == WS__JSTRING) {
    body = &v[WS__F_HTML];
    rec->format = WS_FORMAT_HTML;
  }
  if (body->kind != WS__JSTRING) {
    ws__reader_skip(r, body->kind ? "text field is not a string" : "no text field");
    return 0;
  }
  if (body->len == 0) {
    ws__reader_skip(r, "empty text");
    return 0;
  }
  rec->body = fast_str(r, body);
  rec->charset = (ws_str){"UTF-8", 5};
  ws_str *meta[4] = {&rec->meta.id, &rec->meta.url, &rec->meta.date, &rec->meta.title};
  for (int i = 0; i < 4; i++)
    *meta[i] = fast_str(r, &v[WS__F_ID + i]);
  return 1;
}

ws_status ws__jsonl_next(ws_reader *r, ws_record *rec, ws_error *err) {
  ws__src *s = &r->src;
  ws__jsonl_free(r);
  for (;;) {
    uint64_t off = s->pos;
    size_t next = 0;
    bool too_big;
    size_t len = find_line(r, &next, &too_big);
    /* A decoding problem inside the line (or anywhere, at the end). */
    uint64_t upto = next ? off + next - 1 : too_big ? off + ws__src_avail(s) : UINT64_MAX;
    if (ws__src_error_before(s, upto)) {
      ws__src_consume(s, next ? next : ws__src_avail(s));
      if (!next)
        skip_long_line(s);
      return ws__reader_src_fail(r, err);
    }
    if (too_big) {
      if (next)
        ws__src_consume(s, next);
      else
        skip_long_line(s);
      return ws__reader_too_big(r, err, "JSON line larger than max_document", off);
    }
    if (next == 0) {
      r->done = true;
      return WS_END;
    }
    const char *p = ws__src_data(s);
    if (off == 0 && len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) {
      p += 3; /* A byte-order mark before the first line. */
      len -= 3;
    }
    if (blank(p, len)) {
      ws__src_consume(s, next);
      continue;
    }
    int fast = r->json_fast ? fast_record(r, p, len, rec) : -1;
    if (fast == 0) {
      ws__src_consume(s, next);
      continue;
    }
    if (fast == 1) {
      r->consume = next; /* The record may point into the line. */
      uint64_t raw;
      rec->meta.offset = ws__src_member_at(s, off, &raw) ? raw : off;
      r->documents++;
      return WS_OK;
    }
    json_error_t jerr;
    json_t *obj = json_loadb(p, len, JSON_ALLOW_NUL, &jerr);
    ws__src_consume(s, next);
    if (!obj)
      return ws__reader_fail(r, err, WS_ERR_FORMAT, "invalid JSON line", off);
    r->json = obj;
    if (!json_is_object(obj)) {
      ws__jsonl_free(r);
      return ws__reader_fail(r, err, WS_ERR_FORMAT, "JSON line is not an object", off);
    }
    if (!fill_record(r, obj, rec)) {
      ws__jsonl_free(r);
      continue;
    }
    uint64_t raw;
    rec->meta.offset = ws__src_member_at(s, off, &raw) ? raw : off;
    r->documents++;
    return WS_OK;
  }
}
