/* document.c: ws_document, the UTF-8 text of one record and its metadata.
 * A text record is converted to UTF-8 (src/charset.c); an HTML record is
 * converted, then its article is extracted (src/html.c), whose title,
 * byline, date and canonical URL fill the metadata the record lacks. The
 * document owns copies of everything, so the record may go at once. */
#include <stdlib.h>
#include <string.h>

#include "html.h"

struct ws_document {
  ws__buf text;     /* The UTF-8 text (NUL-terminated, not counted). */
  ws_doc_meta meta; /* Strings in arena. */
  ws__arena arena;
};

/* Fills err (when not NULL) and returns code. */
static ws_status fail(ws_error *err, ws_status code, const char *message) {
  if (err) {
    err->code = code;
    err->message = message;
    err->pos = 0;
  }
  return code;
}

/* Copies a string of the record into the document's arena; an absent
 * string stays absent. Returns false when memory runs out. */
static bool copy_str(ws__arena *a, ws_str *dst, ws_str src) {
  dst->ptr = NULL;
  dst->len = 0;
  if (!src.ptr)
    return true;
  char *p = ws__arena_strdup(a, src.ptr, src.len);
  if (!p)
    return false;
  dst->ptr = p;
  dst->len = src.len;
  return true;
}

/* Copies the record's metadata into doc. */
static bool copy_meta(ws_document *doc, const ws_doc_meta *m) {
  ws_doc_meta *d = &doc->meta;
  d->offset = m->offset;
  return copy_str(&doc->arena, &d->id, m->id) && copy_str(&doc->arena, &d->url, m->url) &&
         copy_str(&doc->arena, &d->date, m->date) &&
         copy_str(&doc->arena, &d->title, m->title) &&
         copy_str(&doc->arena, &d->byline, m->byline) &&
         copy_str(&doc->arena, &d->source, m->source);
}

/* Sets *dst to src when dst is absent or empty. */
static void fill(ws_str *dst, ws_str src) {
  if ((!dst->ptr || !dst->len) && src.ptr && src.len)
    *dst = src;
}

/* Extracts the article of the UTF-8 page in utf8 into doc. */
static ws_status extract_html(ws_document *doc, ws__buf *utf8) {
  ws__html_out h;
  memset(&h, 0, sizeof h);
  ws__buf_init(&h.text, SIZE_MAX);
  ws_status st = ws__html_extract(utf8->data, utf8->data ? utf8->len : 0, &doc->arena, &h);
  if (st) {
    ws__buf_free(&h.text);
    return st;
  }
  doc->text = h.text;
  fill(&doc->meta.title, h.title);
  fill(&doc->meta.byline, h.byline);
  fill(&doc->meta.date, h.date);
  fill(&doc->meta.url, h.url);
  return WS_OK;
}

/* Converts the record's body and, for HTML, extracts the article. */
static ws_status build(ws_document *doc, const ws_record *rec) {
  bool html = rec->format == WS_FORMAT_HTML;
  ws__buf utf8;
  ws__buf_init(&utf8, SIZE_MAX);
  const char *body = rec->body.ptr ? rec->body.ptr : "";
  size_t len = rec->body.ptr ? rec->body.len : 0;
  if (html && len > WS__MAX_HTML_BYTES)
    len = WS__MAX_HTML_BYTES; /* Only the start of a huge page is read. */
  ws_status st = ws__to_utf8(body, len, rec->charset.ptr,
                             rec->charset.ptr ? rec->charset.len : 0, html, &utf8, NULL, NULL);
  if (!st && !html) {
    doc->text = utf8;
    return WS_OK;
  }
  if (!st)
    st = extract_html(doc, &utf8);
  ws__buf_free(&utf8);
  return st;
}

ws_status ws_document_new(const ws_record *rec, ws_document **out, ws_error *err) {
  if (!out)
    return fail(err, WS_ERR_INVALID_ARG, "ws_document_new: out is NULL");
  *out = NULL;
  if (!rec)
    return fail(err, WS_ERR_INVALID_ARG, "ws_document_new: record is NULL");
  ws_document *doc = calloc(1, sizeof *doc);
  if (!doc)
    return fail(err, WS_ERR_NOMEM, "out of memory");
  ws__arena_init(&doc->arena);
  ws__buf_init(&doc->text, SIZE_MAX);
  ws_status st = copy_meta(doc, &rec->meta) ? build(doc, rec) : WS_ERR_NOMEM;
  if (st) {
    ws_document_free(doc);
    return fail(err, st, st == WS_ERR_NOMEM ? "out of memory" : ws_strerror(st));
  }
  *out = doc;
  return WS_OK;
}

ws_str ws_document_text(const ws_document *doc) {
  ws_str s = {NULL, 0};
  if (doc) {
    s.ptr = doc->text.data ? doc->text.data : "";
    s.len = doc->text.len;
  }
  return s;
}

const ws_doc_meta *ws_document_meta(const ws_document *doc) {
  return doc ? &doc->meta : NULL;
}

void ws_document_free(ws_document *doc) {
  if (!doc)
    return;
  ws__buf_free(&doc->text);
  ws__arena_free(&doc->arena);
  free(doc);
}
