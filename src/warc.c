/* warc.c: the WARC reader (WARC/1.0, 1.1 and 0.18) and the older ARC
 * format (versions 1 and 2). A record's header block is parsed in the
 * source's window; its payload is handed out in place when it needs no
 * decoding, so a body is copied at most once (chunked transfer coding and
 * content codings decode into the reader's buffers).
 *
 * Response, resource and conversion records give documents when their
 * payload is HTML or text; other record types, HTTP statuses other than
 * 2xx and other media types are skipped and counted by reason. A record
 * whose Content-Length does not match is an error, and reading
 * resynchronises on the next line that starts with "WARC/". A file cut in
 * a record gives every whole record before it, then WS_ERR_IO.
 * docs/inputs.md describes the choices. */
#include <stdlib.h>
#include <string.h>

#include "reader.h"

enum {
  HEAD_FIRST = 16 * 1024, /* First look at a record's header. */
  HEAD_MAX = 1024 * 1024, /* Longest header block accepted. */
  RESYNC_STEP = 256 * 1024,
  SNIFF = 512
};

/* What a WARC header block says. */
typedef struct warc_head {
  ws_str type, id, uri, date, content_type, payload_type;
  uint64_t length;
  bool has_length;
} warc_head;

/* ---- Helpers --------------------------------------------------------------- */

/* Returns true when p (with at least 6 bytes) starts a WARC record. */
static bool warc_start(const char *p) {
  return memcmp(p, "WARC/", 5) == 0 && p[5] >= '0' && p[5] <= '9';
}

/* The offset to report for a record at decoded offset off: its gzip
 * member's offset in the file when it starts one. */
static uint64_t record_pos(ws__src *s, uint64_t off) {
  uint64_t raw;
  return ws__src_member_at(s, off, &raw) ? raw : off;
}

/* Drops white space and blank lines before a record. Returns false at the
 * end of the input. */
static bool skip_blank_lines(ws__src *s) {
  for (;;) {
    size_t avail = ws__src_fill(s, HEAD_FIRST);
    if (avail == 0)
      return false;
    const char *p = ws__src_data(s);
    size_t i = 0;
    while (i < avail && (p[i] == '\n' || p[i] == '\r' || p[i] == ' ' || p[i] == '\t'))
      i++;
    ws__src_consume(s, i);
    if (i < avail)
      return true;
  }
}

/* Discards bytes up to the next line that starts with "WARC/" and a digit,
 * looking at most max bytes ahead. Returns true when one was found. The
 * line at the current position is never taken. */
static bool warc_resync(ws__src *s, uint64_t max) {
  uint64_t seen = 0;
  for (;;) {
    size_t avail = ws__src_fill(s, RESYNC_STEP);
    if (avail == 0)
      return false;
    const char *p = ws__src_data(s);
    size_t keep = avail, i = 0;
    for (;;) {
      const char *q = memchr(p + i, '\n', avail - i);
      if (!q)
        break;
      size_t j = (size_t)(q - p) + 1;
      if (seen + j > max) {
        keep = j - 1;
        break;
      }
      if (avail - j < 6) {
        keep = j - 1;
        break;
      }
      if (warc_start(p + j)) {
        ws__src_consume(s, j);
        return true;
      }
      i = j;
    }
    if (seen + keep > max)
      keep = (size_t)(max - seen);
    if (keep == 0) {
      if (seen >= max)
        return false;
      ws__src_consume(s, avail);
      return false;
    }
    ws__src_consume(s, keep);
    seen += keep;
  }
}

/* Returns the value of a header line's field with angle brackets around it
 * removed ("<urn:uuid:…>" gives "urn:uuid:…"). */
static ws_str unbracket(ws_str v) {
  if (v.len >= 2 && v.ptr[0] == '<' && v.ptr[v.len - 1] == '>') {
    v.ptr++;
    v.len -= 2;
  }
  return v;
}

/* Parses a decimal length; false when it is not one. */
static bool parse_length(ws_str v, uint64_t *out) {
  uint64_t n = 0;
  if (v.len == 0 || v.len > 18)
    return false;
  for (size_t i = 0; i < v.len; i++) {
    if (v.ptr[i] < '0' || v.ptr[i] > '9')
      return false;
    n = n * 10 + (uint64_t)(v.ptr[i] - '0');
  }
  *out = n;
  return true;
}

/* Reads one "Name: value" line of a WARC header into h. */
static void head_field(const char *p, size_t len, warc_head *h) {
  const char *colon = memchr(p, ':', len);
  if (!colon)
    return;
  size_t n = (size_t)(colon - p);
  ws_str v = ws__trim_header(colon + 1, len - n - 1);
  if (n < 9)
    return;
  if (ws__ieq(p, n, "warc-type"))
    h->type = v;
  else if (ws__ieq(p, n, "content-length"))
    h->has_length = parse_length(v, &h->length);
  else if (ws__ieq(p, n, "content-type"))
    h->content_type = v;
  else if (ws__ieq(p, n, "warc-record-id"))
    h->id = unbracket(v);
  else if (ws__ieq(p, n, "warc-target-uri"))
    h->uri = unbracket(v);
  else if (ws__ieq(p, n, "warc-date"))
    h->date = v;
  else if (ws__ieq(p, n, "warc-identified-payload-type"))
    h->payload_type = v;
}

/* Parses a header block of hl bytes (version line to blank line). */
static void parse_head(const char *p, size_t hl, warc_head *h) {
  memset(h, 0, sizeof *h);
  const char *end = p + hl, *q = memchr(p, '\n', hl);
  while (q && q + 1 < end) {
    const char *line = q + 1;
    q = memchr(line, '\n', (size_t)(end - line));
    size_t len = (size_t)((q ? q : end) - line);
    if (len > 1 && line[0] != ' ' && line[0] != '\t')
      head_field(line, len, h);
  }
}

/* Returns the length of the header block at p (through its blank line),
 * or 0 when the len bytes do not hold all of it. */
static size_t head_end(const char *p, size_t len) {
  size_t i = 0;
  for (;;) {
    const char *nl = memchr(p + i, '\n', len - i);
    if (!nl)
      return 0;
    size_t j = (size_t)(nl - p) + 1;
    if (j < len && p[j] == '\n')
      return j + 1;
    if (j + 1 < len && p[j] == '\r' && p[j + 1] == '\n')
      return j + 2;
    if (j >= len)
      return 0;
    i = j;
  }
}

/* Returns true when the first bytes of p have no control characters
 * besides white space and escape: text rather than compressed data. */
static bool looks_text(const char *p, size_t len) {
  if (len > SNIFF)
    len = SNIFF;
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)p[i];
    if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' && c != 0x1b)
      return false;
  }
  return true;
}

/* Returns true when the len bytes at p are all white space. */
static bool blank(const char *p, size_t len) {
  for (size_t i = 0; i < len; i++)
    if (p[i] != ' ' && p[i] != '\n' && p[i] != '\r' && p[i] != '\t')
      return false;
  return true;
}

/* ---- Payloads -------------------------------------------------------------- */

/* What a payload is, from its media type: 1 HTML, 2 text, 0 unknown (to
 * sniff), -1 not a document. */
static int media_kind(ws_str t) {
  if (!t.ptr || t.len == 0 || ws__ieq(t.ptr, t.len, "application/octet-stream") ||
      ws__ieq(t.ptr, t.len, "unknown/unknown"))
    return 0;
  if (ws__ieq(t.ptr, t.len, "text/html") ||
      ws__ieq(t.ptr, t.len, "application/xhtml+xml") ||
      ws__ieq(t.ptr, t.len, "application/xhtml") || ws__ieq(t.ptr, t.len, "text/xhtml"))
    return 1;
  if (ws__ieq(t.ptr, t.len, "text/plain"))
    return 2;
  return -1;
}

/* The skip reason of an HTTP status that is not 2xx. */
static const char *status_reason(int status) {
  if (status < 200)
    return "HTTP status 1xx";
  if (status < 400)
    return "HTTP redirect or not modified (3xx)";
  if (status < 500)
    return "HTTP client error (4xx)";
  return "HTTP server error (5xx)";
}

/* Undoes the transfer and content codings of a payload, updating *body
 * and *len. Returns WS_OK, or an error for a body that cannot be decoded
 * (*why says why). */
static ws_status decode_body(ws_reader *r, const char **body, size_t *len, bool chunked,
                             ws_str enc, const char **why) {
  if (chunked && ws__http_unchunk(*body, *len, &r->body)) {
    *body = r->body.data;
    *len = r->body.len;
  }
  if (!enc.ptr)
    return WS_OK;
  bool gzip = ws__ieq(enc.ptr, enc.len, "gzip") || ws__ieq(enc.ptr, enc.len, "x-gzip");
  /* Crawlers that stored the body decoded but kept the header (ClueWeb). */
  if (gzip && !(*len >= 2 && (unsigned char)(*body)[0] == 0x1f &&
                (unsigned char)(*body)[1] == 0x8b))
    return WS_OK;
  ws__buf *out = *body == r->body.data ? &r->body2 : &r->body;
  ws_status st = ws__http_decode(*body, *len, enc, out, why);
  if (st == WS_ERR_FORMAT && looks_text(*body, *len))
    return WS_OK; /* Not encoded after all: keep the raw bytes. */
  if (st != WS_OK)
    return st;
  *body = out->data;
  *len = out->len;
  return WS_OK;
}

/* The payload of a record as found in its block. */
typedef struct payload {
  const char *body;
  size_t len;
  ws_str type, charset, encoding;
  bool chunked;
  int status;  /* 0 when not an HTTP response. */
  ws_str date; /* When the record was captured (WARC-Date). */
} payload;

/* Makes a document of a payload, or skips it. Returns WS_OK with rec
 * filled, WS_END when skipped (counted), or an error. */
static ws_status make_doc(ws_reader *r, payload *pl, ws_record *rec, uint64_t pos,
                          ws_error *err) {
  if (pl->status && (pl->status < 200 || pl->status > 299)) {
    ws__reader_skip(r, status_reason(pl->status));
    return WS_END;
  }
  int kind = media_kind(pl->type);
  if (kind < 0) {
    ws__reader_skip_dyn(r, "not a document: ", pl->type.ptr, pl->type.len);
    return WS_END;
  }
  const char *why = NULL;
  ws_status st = decode_body(r, &pl->body, &pl->len, pl->chunked, pl->encoding, &why);
  if (st == WS_ERR_TOO_BIG)
    return ws__reader_too_big(r, err, why, pos);
  if (st != WS_OK)
    return ws__reader_fail(r, err, st, why, pos);
  if (blank(pl->body, pl->len)) {
    ws__reader_skip(r, "empty payload");
    return WS_END;
  }
  if (kind == 0) {
    if (ws__looks_html(pl->body, pl->len))
      kind = 1;
    else if (looks_text(pl->body, pl->len))
      kind = 2;
    else {
      ws__reader_skip(r, "not a document: unknown binary type");
      return WS_END;
    }
  }
  rec->format = kind == 1 ? WS_FORMAT_HTML : WS_FORMAT_TEXT;
  /* The capture date stands for the publication date of text only: a
   * page gives its own, which ws_document_new() fills in when absent. */
  if (kind == 2 && pl->date.len)
    rec->meta.date = pl->date;
  rec->body = (ws_str){pl->body, pl->len};
  rec->charset = pl->charset;
  rec->meta.offset = pos;
  r->documents++;
  return WS_OK;
}

/* Finds the payload of an HTTP response block (or of a block that is not
 * HTTP, typed by the record). */
static void http_payload(const char *block, size_t len, payload *pl) {
  ws__http h;
  if (!ws__http_parse(block, len, &h)) {
    pl->type = (ws_str){NULL, 0};
    return;
  }
  /* Interim responses (100 Continue) come before the real one. */
  size_t base = 0;
  while (h.status >= 100 && h.status < 200) {
    size_t next = base + h.header_len;
    ws__http final;
    if (len - next < 5 || memcmp(block + next, "HTTP/", 5) != 0 ||
        !ws__http_parse(block + next, len - next, &final))
      break;
    base = next;
    h = final;
  }
  pl->status = h.status;
  pl->type = h.content_type;
  pl->charset = h.charset;
  pl->encoding = h.encoding;
  pl->chunked = h.chunked;
  pl->body = block + base + h.header_len;
  pl->len = len - base - h.header_len;
}

/* Returns the skip reason for a record type that holds no document, or
 * NULL for response, resource and conversion records. */
static const char *type_skip(ws_str t, bool *unknown) {
  static const char *const skipped[][2] = {{"revisit", "revisit record"},
                                           {"request", "request record"},
                                           {"metadata", "metadata record"},
                                           {"warcinfo", "warcinfo record"},
                                           {"continuation", "continuation record"}};
  *unknown = false;
  if (!t.ptr)
    return "record without WARC-Type";
  if (ws__ieq(t.ptr, t.len, "response") || ws__ieq(t.ptr, t.len, "resource") ||
      ws__ieq(t.ptr, t.len, "conversion"))
    return NULL;
  for (size_t i = 0; i < sizeof skipped / sizeof *skipped; i++)
    if (ws__ieq(t.ptr, t.len, skipped[i][0]))
      return skipped[i][1];
  *unknown = true;
  return "unknown record type: ";
}

/* Returns true for the URIs crawlers give to their own records (wget's
 * arguments and log, DNS lookups), which hold no page. */
static bool crawler_uri(ws_str u) {
  static const char *const schemes[] = {"metadata:", "dns:", "whois:", "urn:"};
  for (size_t i = 0; i < sizeof schemes / sizeof *schemes; i++) {
    size_t n = strlen(schemes[i]);
    if (u.len >= n && ws__ieq(u.ptr, n, schemes[i]))
      return true;
  }
  return false;
}

/* Makes a document of a WARC record's block, or skips it. */
static ws_status warc_doc(ws_reader *r, const warc_head *h, const char *block, size_t len,
                          ws_record *rec, uint64_t pos, ws_error *err) {
  bool unknown;
  const char *skip = type_skip(h->type, &unknown);
  if (skip) {
    if (unknown)
      ws__reader_skip_dyn(r, skip, h->type.ptr, h->type.len);
    else
      ws__reader_skip(r, skip);
    return WS_END;
  }
  if (crawler_uri(h->uri)) {
    ws__reader_skip(r, "crawler record (metadata: or dns: URI)");
    return WS_END;
  }
  payload pl = {block, len, {NULL, 0}, {NULL, 0}, {NULL, 0}, false, 0, h->date};
  if (h->content_type.ptr)
    ws__content_type(h->content_type.ptr, h->content_type.len, &pl.type, &pl.charset);
  if (ws__ieq(h->type.ptr, h->type.len, "response") &&
      (!pl.type.ptr || ws__ieq(pl.type.ptr, pl.type.len, "application/http")))
    http_payload(block, len, &pl);
  if (media_kind(pl.type) == 0 && h->payload_type.ptr)
    ws__content_type(h->payload_type.ptr, h->payload_type.len, &pl.type, &(ws_str){0});
  rec->meta.id = h->id.len ? h->id : (ws_str){NULL, 0};
  rec->meta.url = h->uri.len ? h->uri : (ws_str){NULL, 0};
  return make_doc(r, &pl, rec, pos, err);
}

/* ---- WARC records ---------------------------------------------------------- */

/* Reports an error for the record at off and resynchronises. */
static ws_status warc_bad(ws_reader *r, ws_error *err, const char *message,
                          uint64_t pos) {
  warc_resync(&r->src, UINT64_MAX);
  return ws__reader_fail(r, err, WS_ERR_FORMAT, message, pos);
}

/* Reports a record cut by the end of the input. */
static ws_status warc_truncated(ws_reader *r, ws_error *err, uint64_t pos) {
  if (ws__src_error_before(&r->src, UINT64_MAX))
    return ws__reader_src_fail(r, err);
  ws__src_consume(&r->src, ws__src_avail(&r->src));
  return ws__reader_fail(r, err, WS_ERR_IO, "truncated record", pos);
}

/* Returns the bytes after a record's block that end it (blank lines), or
 * -1 when what follows is neither the end of the input nor a record. */
static long trailer(const char *p, size_t avail, size_t total) {
  size_t t = total;
  while (t < avail && t - total < 4 && (p[t] == '\r' || p[t] == '\n'))
    t++;
  if (t == avail || avail - t < 6)
    return (long)(t - total);
  while (t < avail && (p[t] == '\r' || p[t] == '\n'))
    t++;
  if (avail - t >= 6 && !warc_start(p + t))
    return -1;
  return (long)(t - total);
}

/* Skips a record too large to hold, stopping early at what looks like the
 * next record in case its length is wrong. */
static ws_status warc_skip_big(ws_reader *r, const warc_head *h, size_t hl, uint64_t pos,
                               ws_error *err) {
  bool unknown;
  const char *skip = type_skip(h->type, &unknown);
  ws__src_consume(&r->src, hl);
  warc_resync(&r->src, h->length);
  if (skip) {
    ws__reader_skip(r, unknown ? "unknown record type" : skip);
    return WS_END;
  }
  return ws__reader_too_big(r, err, "record larger than max_document", pos);
}

/* Reads the header block of the record at the window's start. Returns its
 * length, or 0 when it is cut by the end of the input (*cut) or too long. */
static size_t read_head(ws__src *s, bool *cut) {
  size_t avail = ws__src_avail(s);
  size_t hl = head_end(ws__src_data(s), avail);
  while (!hl && avail < HEAD_MAX) {
    size_t more = ws__src_fill(s, avail * 2 < HEAD_MAX ? avail * 2 : HEAD_MAX);
    if (more == avail) {
      *cut = true;
      return 0;
    }
    avail = more;
    hl = head_end(ws__src_data(s), avail);
  }
  return hl;
}

/* Reads one WARC record: WS_OK with a document, WS_END when the record was
 * skipped (the caller reads on) or the input ended (r->done), or an error. */
static ws_status warc_record(ws_reader *r, ws_record *rec, ws_error *err) {
  ws__src *s = &r->src;
  if (!skip_blank_lines(s)) {
    if (ws__src_error_before(s, UINT64_MAX))
      return ws__reader_src_fail(r, err);
    r->done = true;
    return WS_END;
  }
  uint64_t off = s->pos;
  if (ws__src_error_before(s, off))
    return ws__reader_src_fail(r, err);
  uint64_t pos = record_pos(s, off);
  size_t avail = ws__src_avail(s);
  if (avail < 6 || !warc_start(ws__src_data(s))) {
    if (avail < 6 && s->eof)
      return warc_truncated(r, err, pos);
    return warc_bad(r, err, "no WARC record here (skipped to the next one)", pos);
  }
  bool cut = false;
  size_t hl = read_head(s, &cut);
  if (!hl)
    return cut ? warc_truncated(r, err, pos)
               : warc_bad(r, err, "WARC header too long", pos);
  warc_head h;
  parse_head(ws__src_data(s), hl, &h);
  if (!h.has_length)
    return warc_bad(r, err, "WARC record without a valid Content-Length", pos);
  if (h.length > r->max_document)
    return warc_skip_big(r, &h, hl, pos, err);
  size_t total = hl + (size_t)h.length;
  avail = ws__src_fill(s, total + 16);
  if (avail < total)
    return warc_truncated(r, err, pos);
  if (ws__src_error_before(s, off + total - 1)) { /* A problem inside the record. */
    warc_resync(s, UINT64_MAX);
    return ws__reader_src_fail(r, err);
  }
  long t = trailer(ws__src_data(s), avail, total);
  if (t < 0)
    return warc_bad(r, err, "Content-Length does not match the record", pos);
  r->consume = total + (size_t)t;
  parse_head(ws__src_data(s), hl, &h); /* The window may have moved. */
  return warc_doc(r, &h, ws__src_data(s) + hl, (size_t)h.length, rec, pos, err);
}

/* ---- ARC records ----------------------------------------------------------- */

/* Splits an ARC header line into its fields, counted from the right (the
 * URL may hold spaces). Returns false when the line has too few. */
static bool arc_fields(const char *p, size_t len, int version, ws_str *url, ws_str *date,
                       ws_str *type, uint64_t *length) {
  int want = version == 2 ? 9 : 4; /* Fields after the URL. */
  ws_str f[10];
  size_t end = len;
  for (int i = 0; i <= want; i++) {
    while (end && p[end - 1] == ' ')
      end--;
    size_t start = end;
    if (i < want)
      while (start && p[start - 1] != ' ')
        start--;
    else
      start = 0;
    if (start == end)
      return false;
    f[i] = (ws_str){p + start, end - start};
    end = start;
  }
  *url = f[want];
  *date = f[want - 2];
  *type = f[version == 2 ? 6 : 1];
  return parse_length(f[0], length);
}

/* Writes a 14-digit ARC date as ISO 8601 into buf (32 bytes). */
static ws_str arc_date(ws_str d, char *buf) {
  if (d.len < 14)
    return d;
  for (size_t i = 0; i < 14; i++)
    if (d.ptr[i] < '0' || d.ptr[i] > '9')
      return d;
  const char *q = d.ptr;
  memcpy(buf, q, 4);
  buf[4] = '-';
  memcpy(buf + 5, q + 4, 2);
  buf[7] = '-';
  memcpy(buf + 8, q + 6, 2);
  buf[10] = 'T';
  memcpy(buf + 11, q + 8, 2);
  buf[13] = ':';
  memcpy(buf + 14, q + 10, 2);
  buf[16] = ':';
  memcpy(buf + 17, q + 12, 2);
  buf[19] = 'Z';
  return (ws_str){buf, 20};
}

/* Makes a document of an ARC record's body, or skips it. */
static ws_status arc_doc(ws_reader *r, ws_str url, ws_str date, ws_str type,
                         const char *body, size_t len, ws_record *rec, uint64_t pos,
                         ws_error *err) {
  payload pl = {body,      len,   {NULL, 0}, {NULL, 0},
                {NULL, 0}, false, 0,         arc_date(date, r->numtext[0])};
  ws__content_type(type.ptr, type.len, &pl.type, &pl.charset);
  if (len >= 5 && memcmp(body, "HTTP/", 5) == 0)
    http_payload(body, len, &pl);
  rec->meta.url = url;
  return make_doc(r, &pl, rec, pos, err);
}

/* Reads one ARC record, as warc_record() does. */
static ws_status arc_record(ws_reader *r, ws_record *rec, ws_error *err) {
  ws__src *s = &r->src;
  if (!skip_blank_lines(s)) {
    if (ws__src_error_before(s, UINT64_MAX))
      return ws__reader_src_fail(r, err);
    r->done = true;
    return WS_END;
  }
  uint64_t off = s->pos, pos = record_pos(s, off);
  if (ws__src_error_before(s, off))
    return ws__reader_src_fail(r, err);
  size_t avail = ws__src_avail(s);
  const char *p = ws__src_data(s);
  const char *nl = memchr(p, '\n', avail);
  if (!nl) {
    if (s->eof)
      return warc_truncated(r, err, pos);
    ws__src_consume(s, avail);
    if (r->arc_resync)
      return WS_END; /* Still skipping what follows a bad header. */
    r->arc_resync = true;
    return ws__reader_fail(r, err, WS_ERR_FORMAT, "ARC header line too long", pos);
  }
  size_t line = (size_t)(nl - p);
  ws_str url, date, type;
  uint64_t length;
  int version = r->arc_version == '2' ? 2 : 1;
  if (!arc_fields(p, line > 0 && p[line - 1] == '\r' ? line - 1 : line, version, &url,
                  &date, &type, &length)) {
    ws__src_consume(s, line + 1);
    if (r->arc_resync)
      return WS_END; /* Still skipping what follows a bad header. */
    r->arc_resync = true;
    return ws__reader_fail(r, err, WS_ERR_FORMAT, "invalid ARC record header", pos);
  }
  r->arc_resync = false;
  if (length > r->max_document) {
    ws__src_consume(s, line + 1);
    ws__src_skip(s, length);
    return ws__reader_too_big(r, err, "record larger than max_document", pos);
  }
  size_t total = line + 1 + (size_t)length;
  if ((avail = ws__src_fill(s, total)) < total)
    return warc_truncated(r, err, pos);
  if (ws__src_error_before(s, off + total - 1)) {
    ws__src_consume(s, total);
    return ws__reader_src_fail(r, err);
  }
  p = ws__src_data(s);
  r->consume = total;
  if (url.len >= 11 && memcmp(url.ptr, "filedesc://", 11) == 0) {
    /* The file's header record: its body's first digit is the version. */
    r->arc_version = length > 0 ? p[line + 1] : '1';
    ws__reader_skip(r, "ARC file header");
    return WS_END;
  }
  arc_fields(p, line > 0 && p[line - 1] == '\r' ? line - 1 : line, version, &url, &date,
             &type, &length);
  return arc_doc(r, url, date, type, p + line + 1, (size_t)length, rec, pos, err);
}

ws_status ws__warc_next(ws_reader *r, ws_record *rec, ws_error *err) {
  for (;;) {
    ws_status st =
        r->kind == WS__KIND_ARC ? arc_record(r, rec, err) : warc_record(r, rec, err);
    if (st != WS_END || r->done)
      return st;
    /* A skipped record: consume it and read on. */
    if (r->consume) {
      ws__src_consume(&r->src, r->consume);
      r->consume = 0;
    }
    ws_str source = rec->meta.source;
    memset(rec, 0, sizeof *rec);
    rec->meta.source = source;
  }
}
