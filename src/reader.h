/* reader.h: internals of the input readers shared by src/source.c (bytes
 * from a file, standard input or memory, decompressed on the fly),
 * src/reader.c (the public ws_reader_* API, format detection, text and
 * HTML inputs), src/jsonl.c, src/warc.c (WARC and ARC records) and
 * src/http.c (HTTP responses inside WARC records). Nothing here is public;
 * names start with ws__. docs/inputs.md describes the behaviour. */
#ifndef WS_READER_H
#define WS_READER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "internal.h"
#include "whosaid.h"

/* ---- Byte source (src/source.c) ------------------------------------------ */

/* Compression of the stored bytes, detected from their first bytes. */
typedef enum ws__codec {
  WS__CODEC_NONE = 0,
  WS__CODEC_GZIP,
  WS__CODEC_ZSTD,
  WS__CODEC_LZ4
} ws__codec;

/* Where a gzip member or zstd frame starts: in the decoded stream and in
 * the stored bytes. */
typedef struct ws__member {
  uint64_t dec;
  uint64_t raw;
} ws__member;

/* A problem met while decoding, kept until the reader reaches it. */
typedef struct ws__src_error {
  ws_status code;      /* WS_ERR_FORMAT (corrupt data) or WS_ERR_IO. */
  const char *message; /* A constant string. */
  uint64_t raw;        /* Offset in the stored bytes. */
  uint64_t dec;        /* Decoded bytes before the problem. */
} ws__src_error;

/* A stream of decoded bytes with a window that can be looked at before it
 * is consumed: buf[start, end) holds the decoded bytes from offset pos on.
 * The window grows up to limit bytes; memory is bounded by it. */
typedef struct ws__src {
  int fd;        /* -1 for memory input. */
  bool close_fd; /* The source opened fd and closes it. */
  ws__codec codec;
  /* Stored bytes not decoded yet: in[in_pos, in_len), in[0] being at
   * offset raw_base of the input. */
  const unsigned char *in;
  unsigned char *inbuf; /* Owned buffer behind in for file input. */
  size_t in_cap, in_pos, in_len;
  uint64_t raw_base;
  bool raw_eof;
  /* Decoders. */
  void *zlib;          /* z_stream *, when codec is gzip. */
  void *zstd;          /* ZSTD_DStream *, when codec is zstd. */
  void *lz4;           /* LZ4F_dctx *, when codec is LZ4. */
  void *fast;          /* libdeflate's decompressor for whole gzip members,
                          or NULL (zlib alone). */
  unsigned fast_fails; /* Members it left to zlib. */
  bool regular;        /* fd is a regular file (reads do not wait). */
  bool in_member;      /* Inside a gzip member or zstd frame. */
  uint64_t member_raw; /* Stored offset of the current member. */
  /* The window. */
  char *buf;
  bool borrowed; /* buf is the caller's memory (uncompressed memory input). */
  size_t cap, start, end, limit;
  size_t first_cap; /* First size of the window (small for a small file). */
  uint64_t file_size; /* For an uncompressed regular file: its size at open, */
  bool sized;         /* ... valid when sized (cleared if it grows). */
  uint64_t pos;    /* Decoded offset of buf[start]. */
  bool eof;        /* No more decoded bytes will come. */
  ws__vec members; /* ws__member, oldest first from members_head. */
  size_t members_head;
  ws__vec errors; /* ws__src_error, oldest first from errors_head. */
  size_t errors_head;
  uint64_t bytes_read;
} ws__src;

/* Opens a source over a file descriptor (close_fd: the source closes it)
 * or over len bytes of memory (fd < 0), detecting compression from the
 * first bytes. limit bounds the window. On failure err says why. */
ws_status ws__src_open(ws__src *s, int fd, bool close_fd, const void *mem, size_t len,
                       size_t limit, ws_error *err);

struct stat;
/* ws__src_open for a file whose fstat() the caller made: sb, or NULL when
 * it failed (saves the source its own). */
ws_status ws__src_open_stat(ws__src *s, int fd, bool close_fd, const struct stat *sb,
                            const void *mem, size_t len, size_t limit, ws_error *err);

/* Frees what a source holds. */
void ws__src_close(ws__src *s);

/* Tries to have at least want bytes (at most limit) in the window, reading
 * and decoding as needed; fewer only at the end of the stream or on
 * out-of-memory. Returns the bytes available. May move the window: pointers
 * into it are invalid afterwards. */
size_t ws__src_fill(ws__src *s, size_t want);

/* The window: ws__src_data(s)[0, ws__src_avail(s)). */
static inline const char *ws__src_data(const ws__src *s) {
  return s->buf + s->start;
}
static inline size_t ws__src_avail(const ws__src *s) {
  return s->end - s->start;
}

/* Consumes n bytes (n <= ws__src_avail(s)). */
void ws__src_consume(ws__src *s, size_t n);

/* Discards n bytes, decoding through them without keeping them. Returns
 * the bytes skipped (fewer at the end of the stream). */
uint64_t ws__src_skip(ws__src *s, uint64_t n);

/* Returns true, with the stored offset in *raw, when a gzip member or zstd
 * frame starts at decoded offset dec. Forgets members before dec. */
bool ws__src_member_at(ws__src *s, uint64_t dec, uint64_t *raw);

/* Returns the oldest pending decoding problem met at or before decoded
 * offset dec, or NULL. */
const ws__src_error *ws__src_error_before(const ws__src *s, uint64_t dec);

/* Forgets the oldest pending problem. */
void ws__src_error_pop(ws__src *s);

/* Decoded bytes produced so far. */
static inline uint64_t ws__src_decoded(const ws__src *s) {
  return s->pos + (s->end - s->start);
}

/* ---- The reader (src/reader.c) ------------------------------------------- */

#define WS__MAX_SKIP_REASONS 48

/* Which container reader runs. */
typedef enum ws__kind {
  WS__KIND_WHOLE = 0, /* Text or HTML: the whole input is one document. */
  WS__KIND_JSONL,
  WS__KIND_WARC,
  WS__KIND_ARC
} ws__kind;

struct ws_reader {
  ws__src src;
  ws_format format;
  ws__kind kind;
  char *name;
  size_t max_document;
  const char *fields[6]; /* text, html, id, url, date, title. */
  unsigned owned_fields;  /* Bit i: fields[i] is a copy to free (a name the
                             caller gave); else a built-in default. */
  bool started;    /* The first record has been looked for. */
  bool done;       /* WS_END from now on. */
  size_t consume;  /* Bytes of the last record to consume first. */
  uint64_t documents, errors;
  ws_skip skips[WS__MAX_SKIP_REASONS];
  size_t n_skips;
  char *owned_reasons[WS__MAX_SKIP_REASONS]; /* Reasons made at run time. */
  /* Per-format state. */
  void *json;          /* json_t * of the last JSONL record. */
  char numtext[6][32]; /* JSONL: numbers turned into text; ARC: dates. */
  char arc_version;    /* ARC: '1' or '2', from the file's header record. */
  bool arc_resync;     /* ARC: bad header lines are being skipped. */
  bool json_fast;      /* JSONL: no dotted field names, the fast path runs. */
  bool guessed_text;   /* Text only because nothing else matched. */
  ws__buf body;        /* WARC: decoded bodies. */
  ws__buf body2;
};

enum { WS__F_TEXT, WS__F_HTML, WS__F_ID, WS__F_URL, WS__F_DATE, WS__F_TITLE };

/* Counts one record passed over for reason, a constant string. */
void ws__reader_skip(ws_reader *r, const char *reason);

/* Counts one record passed over for a reason made of prefix and the len
 * bytes at s (lower-cased, cut at 48 bytes), such as "not a document:
 * image/jpeg". */
void ws__reader_skip_dyn(ws_reader *r, const char *prefix, const char *s, size_t len);

/* Fills err and counts an error; returns code. */
ws_status ws__reader_fail(ws_reader *r, ws_error *err, ws_status code,
                          const char *message, uint64_t pos);

/* Counts a record larger than max_document as skipped (not as an error)
 * and returns WS_ERR_TOO_BIG with err filled. */
ws_status ws__reader_too_big(ws_reader *r, ws_error *err, const char *message,
                             uint64_t pos);

/* Reports the oldest pending decoding problem of the source as an error;
 * IO problems end the reader. */
ws_status ws__reader_src_fail(ws_reader *r, ws_error *err);

/* Returns true when the len bytes at p look like HTML (markers such as
 * <!doctype html, <html, <head in them). */
bool ws__looks_html(const char *p, size_t len);

/* ---- The fast JSON path (src/json_scan.c) ------------------------------- */

typedef enum ws__jkind {
  WS__JABSENT = 0,
  WS__JSTRING, /* ptr, len: the bytes between the quotes. */
  WS__JINT,    /* ptr, len: the digits, as jansson would write them. */
  WS__JREAL,   /* A number with a fraction. */
  WS__JOTHER   /* true, false, null, an object or an array. */
} ws__jkind;

/* A value found by ws__json_scan. */
typedef struct ws__jval {
  ws__jkind kind;
  const char *ptr;
  size_t len;
  bool escaped; /* A string with backslash escapes. */
} ws__jval;

/* Validates the len bytes at line as one JSON object and finds the values
 * of its top-level fields names[0, n) (NULL names are ignored; the last of
 * duplicate keys wins). Returns false when the line is not valid JSON or
 * is beyond what the fast path is sure of; jansson decides then. */
bool ws__json_scan(const char *line, size_t len, const char *const names[], size_t n,
                   ws__jval out[]);

/* Unescapes the len bytes of a string found by ws__json_scan into out (at
 * least len bytes). Returns the bytes written. */
size_t ws__json_unescape(const char *p, size_t len, char *out);

/* ---- Containers ---------------------------------------------------------- */

/* Each reads the next record of its format at the source's position, as
 * ws_reader_next() describes. */
ws_status ws__jsonl_next(ws_reader *r, ws_record *rec, ws_error *err);
ws_status ws__warc_next(ws_reader *r, ws_record *rec, ws_error *err);
void ws__jsonl_free(ws_reader *r);

/* ---- HTTP payloads (src/http.c) ------------------------------------------ */

/* Trims spaces and tabs at both ends of a header value, and a carriage
 * return at its end (WARC and HTTP header lines). */
ws_str ws__trim_header(const char *p, size_t len);

/* What an HTTP response header says about its body. */
typedef struct ws__http {
  int status;          /* 0 when there is no status line. */
  ws_str content_type; /* Media type without parameters, or absent. */
  ws_str charset;      /* The charset parameter, or absent. */
  bool chunked;        /* Transfer-Encoding: chunked. */
  ws_str encoding;     /* Content-Encoding (not identity), or absent. */
  size_t header_len;   /* Bytes of the status line and headers. */
} ws__http;

/* Parses the status line and headers at the start of the len bytes at p.
 * Returns false when they are not an HTTP response header. Common Crawl's
 * X-Crawler-Transfer-Encoding and X-Crawler-Content-Encoding headers are
 * not read: they name encodings already undone. */
bool ws__http_parse(const char *p, size_t len, ws__http *h);

/* Splits a Content-Type value into its media type and charset. */
void ws__content_type(const char *p, size_t len, ws_str *type, ws_str *charset);

/* Decodes a chunked body into out (reset first). Returns false when the
 * chunking is invalid (the caller then uses the raw bytes); a body cut in
 * its last chunk is decoded as far as it goes. */
bool ws__http_unchunk(const char *p, size_t len, ws__buf *out);

/* Decodes a body with the Content-Encoding enc (gzip, x-gzip, deflate, br,
 * zstd) into out (reset first), at most out->max bytes. Returns WS_OK,
 * WS_ERR_TOO_BIG past out->max, WS_ERR_FORMAT for corrupt data or an
 * encoding not supported (message in *why), WS_ERR_NOMEM. A body cut short
 * gives what was decoded. */
ws_status ws__http_decode(const char *p, size_t len, ws_str enc, ws__buf *out,
                          const char **why);

/* Case-insensitive comparison of the len bytes at p with the NUL-terminated
 * lower-case word w. */
bool ws__ieq(const char *p, size_t len, const char *w);

#endif
