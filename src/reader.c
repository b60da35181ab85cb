/* reader.c: the public reader API (ws_reader_*). It opens a byte source
 * (src/source.c), detects the input format from the content and then the
 * file name, reads plain text and HTML inputs as one document each, hands
 * JSON lines and WARC/ARC inputs to src/jsonl.c and src/warc.c, and keeps
 * the counters: documents, errors, and records skipped by reason. */
#define _POSIX_C_SOURCE 200809L
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "reader.h"

enum { DETECT_BYTES = 8192, HEADER_SLACK = 1024 * 1024 };
#define DEFAULT_MAX_DOCUMENT ((size_t)64 << 20)

static const char *const format_names[] = {"auto", "text", "html", "jsonl", "warc"};

const char *ws_format_name(ws_format format) {
  if ((unsigned)format >= sizeof format_names / sizeof *format_names)
    return "unknown";
  return format_names[format];
}

ws_status ws_format_parse(const char *name, size_t len, ws_format *out) {
  if (!name || !out)
    return WS_ERR_INVALID_ARG;
  for (size_t i = 0; i < sizeof format_names / sizeof *format_names; i++)
    if (ws__ieq(name, len, format_names[i])) {
      *out = (ws_format)i;
      return WS_OK;
    }
  return WS_ERR_INVALID_ARG;
}

bool ws__ieq(const char *p, size_t len, const char *w) {
  size_t n = strlen(w);
  if (n != len)
    return false;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)p[i];
    if (c >= 'A' && c <= 'Z')
      c += 32;
    if (c != (unsigned char)w[i])
      return false;
  }
  return true;
}

/* ---- Counters ------------------------------------------------------------ */

/* Returns the slot counting reason, adding it when new; the last slot
 * counts every reason that finds no room. */
static ws_skip *skip_slot(ws_reader *r, const char *reason, bool *added) {
  *added = false;
  for (size_t i = 0; i < r->n_skips; i++)
    if (r->skips[i].reason == reason || strcmp(r->skips[i].reason, reason) == 0)
      return &r->skips[i];
  if (r->n_skips + 1 < WS__MAX_SKIP_REASONS) {
    *added = true;
    r->skips[r->n_skips] = (ws_skip){reason, 0};
    return &r->skips[r->n_skips++];
  }
  for (size_t i = 0; i < r->n_skips; i++)
    if (strcmp(r->skips[i].reason, "other reasons") == 0)
      return &r->skips[i];
  r->skips[r->n_skips] = (ws_skip){"other reasons", 0};
  return &r->skips[r->n_skips++];
}

void ws__reader_skip(ws_reader *r, const char *reason) {
  bool added;
  skip_slot(r, reason, &added)->count++;
}

void ws__reader_skip_dyn(ws_reader *r, const char *prefix, const char *s, size_t len) {
  char tmp[128];
  size_t n = strlen(prefix);
  if (n > 64)
    n = 64;
  memcpy(tmp, prefix, n);
  for (size_t i = 0; i < len && i < 48; i++) {
    unsigned char c = (unsigned char)s[i];
    tmp[n++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : (c < 0x20 || c > 0x7e) ? '?' : c);
  }
  tmp[n] = 0;
  bool added;
  ws_skip *slot = skip_slot(r, tmp, &added);
  if (added) {
    char *copy = strdup(tmp);
    size_t i = (size_t)(slot - r->skips);
    if (!copy) {
      r->n_skips--;
      ws__reader_skip(r, "other reasons");
      return;
    }
    r->owned_reasons[i] = copy;
    slot->reason = copy;
  }
  slot->count++;
}

ws_status ws__reader_fail(ws_reader *r, ws_error *err, ws_status code,
                          const char *message, uint64_t pos) {
  r->errors++;
  if (code == WS_ERR_IO || code == WS_ERR_NOMEM)
    r->done = true;
  if (err)
    *err = (ws_error){code, message, (size_t)pos};
  return code;
}

ws_status ws__reader_too_big(ws_reader *r, ws_error *err, const char *message,
                             uint64_t pos) {
  ws__reader_skip(r, "larger than max_document");
  if (err)
    *err = (ws_error){WS_ERR_TOO_BIG, message, (size_t)pos};
  return WS_ERR_TOO_BIG;
}

ws_status ws__reader_src_fail(ws_reader *r, ws_error *err) {
  const ws__src_error *e = ws__src_error_before(&r->src, UINT64_MAX);
  ws__src_error copy = *e;
  ws__src_error_pop(&r->src);
  return ws__reader_fail(r, err, copy.code, copy.message, copy.raw);
}

/* ---- Format detection ---------------------------------------------------- */

bool ws__looks_html(const char *p, size_t len) {
  static const char *const markers[] = {"<!doctype html", "<html",  "<head",
                                        "<body",          "<meta ", "<title>"};
  if (len > DETECT_BYTES)
    len = DETECT_BYTES;
  /* One pass over the '<' of the bytes, each tried against every marker
   * (each marker starts with '<'), instead of one pass a marker. */
  const char *end = p + len;
  for (const char *q = p; (q = memchr(q, '<', (size_t)(end - q))) != NULL; q++)
    for (size_t i = 0; i < sizeof markers / sizeof *markers; i++) {
      size_t n = strlen(markers[i]);
      if ((size_t)(end - q) >= n && strncasecmp(q, markers[i], n) == 0)
        return true;
    }
  return false;
}

/* Returns the index of the first byte that is not a byte-order mark or
 * white space. */
static size_t skip_blank(const char *p, size_t len) {
  size_t i = 0;
  if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
    i = 3;
  while (i < len && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' || p[i] == '\n'))
    i++;
  return i;
}

/* Returns the length of the extension that ends name[0, len): from its
 * last '.' on, 0 when there is no '.' among the last max bytes. Every
 * suffix looked for below starts with its only '.', so a name ends with
 * one exactly when its extension is that suffix. */
static size_t ext_len(const char *name, size_t len, size_t max) {
  for (size_t n = 1; n <= len && n <= max; n++)
    if (name[len - n] == '.')
      return n;
  return 0;
}

/* Returns true when the n bytes at ext are the suffix, ignoring ASCII
 * case. */
static bool is_ext(const char *ext, size_t n, const char *suffix) {
  return strlen(suffix) == n && strncasecmp(ext, suffix, n) == 0;
}

/* Detects the format from the file name's extension, past a compression
 * suffix (.gz, .zst). Sets *arc for an .arc name. */
static ws_format format_from_name(const char *name, bool *arc) {
  static const char *const zext[] = {".gz", ".gzip", ".zst", ".zstd"};
  size_t len = strlen(name);
  size_t n = ext_len(name, len, 11); /* ".jsonlines" is the longest. */
  for (size_t i = 0; n && i < sizeof zext / sizeof *zext; i++)
    if (is_ext(name + len - n, n, zext[i])) {
      len -= n;
      n = ext_len(name, len, 11);
      break;
    }
  static const struct {
    const char *ext;
    ws_format format;
  } exts[] = {{".warc", WS_FORMAT_WARC},       {".arc", WS_FORMAT_WARC},
              {".jsonl", WS_FORMAT_JSONL},     {".ndjson", WS_FORMAT_JSONL},
              {".jsonlines", WS_FORMAT_JSONL}, {".json", WS_FORMAT_JSONL},
              {".html", WS_FORMAT_HTML},       {".htm", WS_FORMAT_HTML},
              {".xhtml", WS_FORMAT_HTML},      {".shtml", WS_FORMAT_HTML},
              {".txt", WS_FORMAT_TEXT},        {".text", WS_FORMAT_TEXT}};
  for (size_t i = 0; n && i < sizeof exts / sizeof *exts; i++)
    if (is_ext(name + len - n, n, exts[i].ext)) {
      *arc = strcmp(exts[i].ext, ".arc") == 0;
      return exts[i].format;
    }
  return WS_FORMAT_AUTO;
}

/* Chooses the format and the container reader: the options' format, else
 * a WARC, ARC or JSON start in the first bytes, else a .warc, .arc or .jsonl
 * file name, else HTML markers in the first bytes, else an .html or .txt
 * file name, else text. */
static void detect(ws_reader *r, ws_format forced) {
  size_t n = ws__src_fill(&r->src, DETECT_BYTES);
  const char *p = ws__src_data(&r->src);
  size_t i = skip_blank(p, n);
  bool warc = n - i >= 5 && memcmp(p + i, "WARC/", 5) == 0;
  bool arc = n - i >= 11 && memcmp(p + i, "filedesc://", 11) == 0;
  bool name_arc = false;
  ws_format by_name = format_from_name(r->name, &name_arc);
  ws_format f = forced;
  if (f != WS_FORMAT_AUTO)
    arc = arc || (f == WS_FORMAT_WARC && !warc && name_arc);
  else if (warc || arc)
    f = WS_FORMAT_WARC;
  else if (i < n && p[i] == '{')
    f = WS_FORMAT_JSONL;
  else if (by_name == WS_FORMAT_WARC || by_name == WS_FORMAT_JSONL) {
    /* A container named so, with something else first (damage, say). */
    f = by_name;
    arc = name_arc;
  } else if (ws__looks_html(p, n))
    f = WS_FORMAT_HTML;
  else {
    f = by_name != WS_FORMAT_AUTO ? by_name : WS_FORMAT_TEXT;
    r->guessed_text = by_name == WS_FORMAT_AUTO;
  }
  r->format = f;
  r->kind = f == WS_FORMAT_JSONL  ? WS__KIND_JSONL
            : f == WS_FORMAT_WARC ? (arc && !warc ? WS__KIND_ARC : WS__KIND_WARC)
                                  : WS__KIND_WHOLE;
}

/* ---- Opening and closing ------------------------------------------------- */

/* Copies the options into a new reader named name. */
static ws_status reader_new(const char *name, const ws_reader_options *opts,
                            ws_reader **out) {
  static const char *const defaults[6] = {"text", NULL, "id", "url", "date", "title"};
  ws_reader *r = calloc(1, sizeof *r);
  *out = r;
  if (!r)
    return WS_ERR_NOMEM;
  r->src.fd = -1;
  r->name = strdup(name ? name : "");
  r->max_document =
      opts && opts->max_document ? opts->max_document : DEFAULT_MAX_DOCUMENT;
  const char *given[6] = {NULL};
  if (opts) {
    const char *g[6] = {opts->text_field, opts->html_field, opts->id_field,
                        opts->url_field,  opts->date_field, opts->title_field};
    memcpy(given, g, sizeof g);
  }
  bool ok = r->name != NULL;
  for (int i = 0; i < 6 && ok; i++) {
    /* The defaults are used in place: a file's reader copies nothing. */
    r->fields[i] = given[i] ? strdup(given[i]) : defaults[i];
    if (given[i])
      r->owned_fields |= 1u << i;
    ok = r->fields[i] || !given[i];
  }
  ws__buf_init(&r->body, r->max_document);
  ws__buf_init(&r->body2, r->max_document);
  r->json_fast = ok;
  for (int i = 0; i < 6 && ok; i++)
    if (r->fields[i] && strchr(r->fields[i], '.'))
      r->json_fast = false;
  return ok ? WS_OK : WS_ERR_NOMEM;
}

/* Checks the options. */
static bool options_valid(const ws_reader_options *opts) {
  if (!opts)
    return true;
  if (opts->abi_version > WS_READER_OPTIONS_VERSION)
    return false;
  return (unsigned)opts->format <= WS_FORMAT_WARC;
}

/* Opens the source of a new reader and detects its format. */
static ws_status reader_start(ws_reader *r, int fd, bool close_fd, const struct stat *sb,
                              const void *mem, size_t len, const ws_reader_options *opts,
                              ws_error *err) {
  size_t limit = r->max_document + HEADER_SLACK;
  if (limit < r->max_document)
    limit = SIZE_MAX;
  ws_status st = ws__src_open_stat(&r->src, fd, close_fd, sb, mem, len, limit, err);
  if (st != WS_OK)
    return st;
  detect(r, opts ? opts->format : WS_FORMAT_AUTO);
  return WS_OK;
}

/* Fails an open: frees the reader and fills err. */
static ws_status open_fail(ws_reader *r, ws_status st, const char *message, ws_error *err,
                           ws_reader **out) {
  if (err && message)
    *err = (ws_error){st, message, 0};
  ws_reader_free(r);
  *out = NULL;
  return st;
}

ws_status ws_reader_open(const char *path, const ws_reader_options *opts, ws_reader **out,
                         ws_error *err) {
  if (!out)
    return WS_ERR_INVALID_ARG;
  *out = NULL;
  if (!path || !options_valid(opts)) {
    if (err)
      *err = (ws_error){WS_ERR_INVALID_ARG, "invalid argument", 0};
    return WS_ERR_INVALID_ARG;
  }
  ws_reader *r;
  if (reader_new(path, opts, &r) != WS_OK)
    return open_fail(r, WS_ERR_NOMEM, "out of memory", err, out);
  bool is_stdin = strcmp(path, "-") == 0;
  int fd = is_stdin ? 0 : open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return open_fail(r, WS_ERR_IO, "cannot open the file", err, out);
  struct stat st;
  bool known = fstat(fd, &st) == 0;
  if (known && S_ISDIR(st.st_mode)) {
    if (!is_stdin)
      close(fd);
    return open_fail(r, WS_ERR_IO, "is a directory", err, out);
  }
  ws_status s = reader_start(r, fd, !is_stdin, known ? &st : NULL, NULL, 0, opts, err);
  if (s != WS_OK) {
    if (!is_stdin && r->src.fd < 0)
      close(fd);
    return open_fail(r, s, NULL, err, out);
  }
  *out = r;
  return WS_OK;
}

ws_status ws_reader_open_memory(const void *data, size_t len, const char *name,
                                const ws_reader_options *opts, ws_reader **out,
                                ws_error *err) {
  if (!out)
    return WS_ERR_INVALID_ARG;
  *out = NULL;
  if ((!data && len) || !options_valid(opts)) {
    if (err)
      *err = (ws_error){WS_ERR_INVALID_ARG, "invalid argument", 0};
    return WS_ERR_INVALID_ARG;
  }
  ws_reader *r;
  if (reader_new(name ? name : "<memory>", opts, &r) != WS_OK)
    return open_fail(r, WS_ERR_NOMEM, "out of memory", err, out);
  ws_status s = reader_start(r, -1, false, NULL, data ? data : "", len, opts, err);
  if (s != WS_OK)
    return open_fail(r, s, NULL, err, out);
  *out = r;
  return WS_OK;
}

void ws_reader_free(ws_reader *r) {
  if (!r)
    return;
  ws__jsonl_free(r);
  ws__src_close(&r->src);
  for (size_t i = 0; i < WS__MAX_SKIP_REASONS; i++)
    if (r->owned_reasons[i]) /* Most are unused: free(NULL) still costs a call. */
      free(r->owned_reasons[i]);
  for (int i = 0; i < 6; i++)
    if (r->owned_fields >> i & 1)
      free((char *)r->fields[i]);
  ws__buf_free(&r->body);
  ws__buf_free(&r->body2);
  free(r->name);
  free(r);
}

/* ---- Reading ------------------------------------------------------------- */

/* Returns true when the first bytes of p hold a NUL byte and no UTF-16
 * byte-order mark: an image, an archive, not text. */
static bool binary(const char *p, size_t len) {
  if (len >= 2 &&
      ((p[0] == '\xFF' && p[1] == '\xFE') || (p[0] == '\xFE' && p[1] == '\xFF')))
    return false;
  return memchr(p, 0, len < DETECT_BYTES ? len : DETECT_BYTES) != NULL;
}

/* Reads a text or HTML input: the whole of it is one document. Corrupt
 * compressed data is reported first (one error a call), then the document
 * made of what could be decoded; a truncated input gives only WS_ERR_IO. */
static ws_status whole_next(ws_reader *r, ws_record *rec, ws_error *err) {
  size_t n = ws__src_fill(&r->src, r->max_document + 1);
  if (n > r->max_document) {
    r->done = true;
    return ws__reader_too_big(r, err, "document larger than max_document", 0);
  }
  if (ws__src_error_before(&r->src, UINT64_MAX))
    return ws__reader_src_fail(r, err);
  r->done = true;
  if (n == 0) {
    ws__reader_skip(r, "empty input");
    return WS_END;
  }
  if (r->guessed_text && binary(ws__src_data(&r->src), n)) {
    ws__reader_skip(r, "not a document: binary data");
    return WS_END;
  }
  rec->format = r->format == WS_FORMAT_HTML ? WS_FORMAT_HTML : WS_FORMAT_TEXT;
  rec->body = (ws_str){ws__src_data(&r->src), n};
  r->documents++;
  return WS_OK;
}

ws_status ws_reader_next(ws_reader *r, ws_record *rec, ws_error *err) {
  if (!r || !rec)
    return WS_ERR_INVALID_ARG;
  memset(rec, 0, sizeof *rec);
  if (r->consume) {
    ws__src_consume(&r->src, r->consume);
    r->consume = 0;
  }
  if (r->done)
    return WS_END;
  rec->meta.source = (ws_str){r->name, strlen(r->name)};
  switch (r->kind) {
  case WS__KIND_JSONL:
    return ws__jsonl_next(r, rec, err);
  case WS__KIND_WARC:
  case WS__KIND_ARC:
    return ws__warc_next(r, rec, err);
  default:
    return whole_next(r, rec, err);
  }
}

ws_format ws_reader_format(const ws_reader *r) {
  return r ? r->format : WS_FORMAT_AUTO;
}

void ws_reader_get_stats(const ws_reader *r, ws_reader_stats *stats) {
  if (!stats)
    return;
  memset(stats, 0, sizeof *stats);
  if (!r)
    return;
  stats->bytes_read = r->src.bytes_read;
  stats->bytes_decoded = ws__src_decoded(&r->src);
  stats->documents = r->documents;
  stats->errors = r->errors;
  stats->skips = r->skips;
  stats->n_skips = r->n_skips;
}
