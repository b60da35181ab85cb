/* serve_extract.c: POST /api/extract. The request body (plain text, an
 * HTML page or JSON lines, one document a line) goes through the library's
 * reader and document steps, then ws_extract(); the statements come back
 * as JSON, document by document. Nothing is stored. One engine, made at
 * start-up, serves every thread (the library allows it); extractions at
 * once are capped (429 past the cap) so that a burst of large bodies
 * cannot starve the API's other requests. */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "serve.h"
#include "whosaid.h"

/* The engine shared by every request. */
static ws_engine *g_engine;
/* The same engine's options without reported speech (?indirect=0). */
static ws_engine *g_engine_direct;

/* Makes the engines. Returns 0, or -1 after printing why. */
int ws_extract_init(void) {
  ws_options o = {WS_OPTIONS_VERSION, 0, 0};
  g_engine = ws_engine_new(&o);
  o.flags = WS_FLAG_NO_INDIRECT;
  g_engine_direct = ws_engine_new(&o);
  if (!g_engine || !g_engine_direct) {
    fputs("whosaid: cannot start the engine: out of memory\n", stderr);
    ws_extract_fini();
    return -1;
  }
  return 0;
}

/* Frees the engines. */
void ws_extract_fini(void) {
  ws_engine_free(g_engine);
  ws_engine_free(g_engine_direct);
  g_engine = g_engine_direct = NULL;
}

/* True when the media type of content_type (before any ';') is t. */
static int media_is(const char *content_type, const char *t) {
  size_t n = strlen(t);
  return strncasecmp(content_type, t, n) == 0 &&
         (content_type[n] == '\0' || content_type[n] == ';' || content_type[n] == ' ');
}

/* Picks the input format: ?format= first, else the Content-Type. Returns
 * 0, or -1 for an unknown ?format= (the reply is then a 400). */
static int pick_format(const ws_req *req, ws_reply *reply, ws_format *fmt) {
  const char *f = ws_req_arg(req, "format");
  *fmt = WS_FORMAT_AUTO;
  if (f) {
    if (ws_format_parse(f, strlen(f), fmt) != WS_OK || *fmt == WS_FORMAT_WARC) {
      ws_reply_error(reply, 400, "bad_format",
                     "unknown format '%s': use auto, text, html or jsonl", f);
      return -1;
    }
    return 0;
  }
  const char *ct = req->content_type;
  if (!ct)
    return 0;
  if (media_is(ct, "text/html") || media_is(ct, "application/xhtml+xml"))
    *fmt = WS_FORMAT_HTML;
  else if (media_is(ct, "application/x-ndjson") || media_is(ct, "application/jsonl") ||
           media_is(ct, "application/x-jsonlines") || media_is(ct, "application/json"))
    *fmt = WS_FORMAT_JSONL;
  else if (media_is(ct, "text/plain"))
    *fmt = WS_FORMAT_TEXT;
  return 0;
}

/* Appends a string field "key":value of a document's metadata. */
static void meta_field(ws_sbuf *b, const char *key, ws_str s) {
  ws_sb_put(b, ",", 1);
  ws_sb_key(b, key);
  ws_sb_json_str(b, s.ptr, s.len);
}

/* Appends the statements of r (as the JSONL contract writes them, with
 * the document's metadata) and its warnings. */
static void write_statements(ws_sbuf *b, const ws_result *r, const ws_doc_meta *meta) {
  ws_sb_puts(b, ",\"statements\":[");
  for (size_t i = 0; i < ws_result_count(r); i++) {
    if (i)
      ws_sb_put(b, ",", 1);
    size_t mark = b->len;
    if (ws_write_json_meta(r, i, meta, ws_sb_write_fn, b) != WS_OK)
      b->oom = 1;
    else if (b->len > mark && b->data[b->len - 1] == '\n')
      b->len--;
  }
  ws_sb_puts(b, "],\"warnings\":[");
  for (size_t i = 0; i < ws_result_warning_count(r); i++) {
    const ws_warning *w = ws_result_warning(r, i);
    ws_sb_printf(b, "%s{\"pos\":%zu,\"message\":", i ? "," : "", w->pos);
    ws_sb_json_cstr(b, w->message);
    ws_sb_put(b, "}", 1);
  }
  ws_sb_put(b, "]", 1);
}

/* Appends one document: its metadata, optionally its text, its statements.
 * Returns the number of statements, or -1 when extraction failed. */
static long write_document(ws_sbuf *b, const ws_engine *engine, const ws_document *doc,
                           int with_text, size_t n_done) {
  ws_str text = ws_document_text(doc);
  const ws_doc_meta *m = ws_document_meta(doc);
  ws_result *r = NULL;
  if (ws_extract(engine, text.ptr, text.len, &r, NULL) != WS_OK)
    return -1;
  ws_sb_printf(b, "%s{\"index\":%zu", n_done ? "," : "", n_done);
  meta_field(b, "id", m->id);
  meta_field(b, "url", m->url);
  meta_field(b, "title", m->title);
  meta_field(b, "date", m->date);
  meta_field(b, "byline", m->byline);
  ws_sb_printf(b, ",\"offset\":%llu,\"length\":%zu", (unsigned long long)m->offset,
               text.len);
  if (with_text)
    meta_field(b, "text", text);
  write_statements(b, r, m);
  ws_sb_put(b, "}", 1);
  long n = (long)ws_result_count(r);
  ws_result_free(r);
  return n;
}

/* Appends an error of one record to the errors list (in its own buffer). */
static void record_error(ws_sbuf *errs, const ws_error *err, ws_status st) {
  ws_sb_printf(errs, "%s{\"offset\":%zu,\"message\":", errs->len ? "," : "",
               err->pos);
  ws_sb_json_cstr(errs, err->message ? err->message : ws_strerror(st));
  ws_sb_put(errs, "}", 1);
}

/* Reads every record of the body and extracts each. Returns 0, or -1 when
 * the reader could not start (reply set). */
static int extract_all(const ws_req *req, ws_reply *reply, ws_format fmt,
                       const ws_engine *engine, int with_text, size_t max_doc) {
  ws_reader_options ro = {WS_READER_OPTIONS_VERSION, fmt, 0, 0, 0, 0, 0, 0, max_doc};
  ws_reader *rd = NULL;
  ws_error err = {0};
  if (ws_reader_open_memory(req->body, req->body_len, "request", &ro, &rd, &err) != WS_OK)
    return ws_reply_error(reply, 500, "reader_error", "cannot read the body: %s",
                          err.message ? err.message : "out of memory"), -1;
  ws_sbuf *b = &reply->body, errs = {0};
  size_t n_docs = 0, n_stmts = 0;
  ws_sb_puts(b, "{\"documents\":[");
  for (;;) {
    ws_record rec;
    ws_document *doc = NULL;
    memset(&err, 0, sizeof err);
    ws_status st = ws_reader_next(rd, &rec, &err);
    if (st == WS_END)
      break;
    if (st == WS_OK)
      st = ws_document_new(&rec, &doc, &err);
    long n = st == WS_OK ? write_document(b, engine, doc, with_text, n_docs) : -1;
    ws_document_free(doc);
    if (n < 0) {
      record_error(&errs, &err, st == WS_OK ? WS_ERR_NOMEM : st);
      if (st == WS_ERR_IO || st == WS_ERR_NOMEM || st == WS_OK)
        break;
      continue;
    }
    n_docs++;
    n_stmts += (size_t)n;
  }
  ws_sb_printf(b, "],\"format\":\"%s\",\"count\":%zu,\"errors\":[",
               ws_format_name(ws_reader_format(rd)), n_stmts);
  ws_sb_put(b, errs.data, errs.len);
  ws_sb_puts(b, "]}\n");
  b->oom |= errs.oom;
  ws_sb_free(&errs);
  ws_reader_free(rd);
  return 0;
}

/* POST /api/extract[?format=auto|text|html|jsonl][&indirect=0][&text=1]. */
int ws_api_extract(ws_server *srv, const ws_req *req, ws_reply *reply) {
  ws_format fmt;
  if (pick_format(req, reply, &fmt) != 0)
    return 0;
  if (!req->body || req->body_len == 0)
    return ws_reply_error(reply, 400, "empty_body",
                          "send the text, HTML page or JSON lines in the request body");
  const char *ind = ws_req_arg(req, "indirect"), *txt = ws_req_arg(req, "text");
  const ws_engine *engine = ind && strcmp(ind, "0") == 0 ? g_engine_direct : g_engine;
  int with_text = txt && strcmp(txt, "1") == 0;
  if (!ws_server_take_extract(srv))
    return ws_reply_error(reply, 429, "busy",
                          "too many extractions at once; retry in a moment");
  extract_all(req, reply, fmt, engine, with_text, ws_server_config(srv)->max_body);
  ws_server_give_extract(srv);
  return 0;
}
