/* output.c: writes the statements of a result for `whosaid extract` as JSONL
 * (through the library's ws_write_json), as TSV or as an aligned table, and
 * prints a result's warnings. Every byte goes through a ws_cli_out, which
 * stops at the first failed write (a closed pipe, a full disk). */
#define _POSIX_C_SOURCE 200809L

#include "output.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* U+FFFD REPLACEMENT CHARACTER, shown for invalid UTF-8. */
#define REPLACEMENT "\xEF\xBF\xBD"
/* U+2026 HORIZONTAL ELLIPSIS, ending a truncated table cell. */
#define ELLIPSIS "\xE2\x80\xA6"

/* ---- The checked stream ------------------------------------------------- */

/* Appends len bytes to a memory stream, growing its buffer by doubling.
 * Returns 0, or 1 with err set to ENOMEM. */
static int mem_write(ws_cli_out *out, const char *data, size_t len) {
  if (len > out->cap - out->len) {
    size_t want = out->cap ? out->cap : 4096;
    while (want - out->len < len) {
      if (want > SIZE_MAX / 2) {
        out->err = ENOMEM;
        return 1;
      }
      want *= 2;
    }
    char *p = realloc(out->buf, want);
    if (!p) {
      out->err = ENOMEM;
      return 1;
    }
    out->buf = p;
    out->cap = want;
  }
  memcpy(out->buf + out->len, data, len);
  out->len += len;
  return 0;
}

void ws_cli_out_release(ws_cli_out *out) {
  free(out->buf);
  out->buf = NULL;
  out->len = out->cap = 0;
  out->err = 0;
}

int ws_cli_out_write(void *userdata, const char *data, size_t len) {
  ws_cli_out *out = userdata;
  if (out->err)
    return 1;
  if (!out->fp)
    return len ? mem_write(out, data, len) : 0;
  errno = 0;
  if (len && fwrite(data, 1, len, out->fp) != len) {
    out->err = errno ? errno : EIO;
    return 1;
  }
  return 0;
}

int ws_cli_out_flush(ws_cli_out *out) {
  if (out->err)
    return -1;
  if (!out->fp)
    return 0;
  errno = 0;
  if (fflush(out->fp) != 0 || ferror(out->fp)) {
    out->err = errno ? errno : EIO;
    return -1;
  }
  return 0;
}

/* Writes len bytes; returns 0 or -1. */
static int put(ws_cli_out *out, const char *s, size_t len) {
  return ws_cli_out_write(out, s, len) ? -1 : 0;
}

/* Writes a NUL-terminated string; returns 0 or -1. */
static int put_str(ws_cli_out *out, const char *s) {
  return put(out, s, strlen(s));
}

/* ---- UTF-8 -------------------------------------------------------------- */

/* Decodes the sequence starting at s[i] (i < len): returns its length and
 * sets *cp to the code point, or returns 1 and sets *cp to -1 when s[i] does
 * not start a well-formed sequence (overlong forms, surrogates and values
 * past U+10FFFF are not well-formed). */
static size_t utf8_decode(const unsigned char *s, size_t len, size_t i, int32_t *cp) {
  unsigned c = s[i];
  size_t n;
  int32_t v, min;
  if (c < 0x80) {
    *cp = (int32_t)c;
    return 1;
  }
  if (c >= 0xC2 && c <= 0xDF)
    n = 2, v = c & 0x1F, min = 0x80;
  else if (c >= 0xE0 && c <= 0xEF)
    n = 3, v = c & 0x0F, min = 0x800;
  else if (c >= 0xF0 && c <= 0xF4)
    n = 4, v = c & 0x07, min = 0x10000;
  else
    n = 0, v = 0, min = 0;
  for (size_t k = 1; n && k < n; k++) {
    if (i + k >= len || (s[i + k] & 0xC0) != 0x80)
      n = 0;
    else
      v = (v << 6) | (s[i + k] & 0x3F);
  }
  if (!n || v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) {
    *cp = -1;
    return 1;
  }
  *cp = v;
  return n;
}

/* True for the code points a table or TSV field must not show as they are:
 * C0 and C1 controls, DEL, and the line and paragraph separators. */
static int is_control(int32_t cp) {
  return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029;
}

/* ---- JSONL -------------------------------------------------------------- */

int ws_cli_write_jsonl(ws_cli_out *out, const ws_result *r, const char *doc) {
  size_t n = ws_result_count(r), doc_len = strlen(doc);
  for (size_t i = 0; i < n; i++)
    if (ws_write_json(r, i, doc, doc_len, ws_cli_out_write, out) != WS_OK)
      return -1;
  return 0;
}

/* ---- TSV ---------------------------------------------------------------- */

static const char TSV_HEADER[] = "doc\tkind\tstart\tend\tgroup\tspeaker\t"
                                 "speaker_role\tcue\tchannel\tdate\taddressee\ttext\n";

int ws_cli_write_tsv_header(ws_cli_out *out) {
  return put_str(out, TSV_HEADER);
}

/* Returns what the TSV form shows instead of the code point cp (-1 for an
 * invalid byte) that starts with byte c. */
static const char *tsv_escape(unsigned char c, int32_t cp) {
  if (cp < 0)
    return REPLACEMENT;
  switch (c) {
  case '\t':
    return "\\t";
  case '\n':
    return "\\n";
  case '\r':
    return "\\r";
  case '\\':
    return "\\\\";
  default:
    return " ";
  }
}

/* Writes s (len bytes, or nothing when s is NULL) as one TSV field, escaped
 * as ws_cli_write_tsv() says. Returns 0 or -1. */
static int tsv_field(ws_cli_out *out, const char *s, size_t len) {
  const unsigned char *u = (const unsigned char *)s;
  size_t run = 0, i = 0; /* run: start of bytes still to copy as they are. */
  if (!s)
    return 0;
  while (i < len) {
    if (u[i] >= 0x20 && u[i] < 0x7F && u[i] != '\\') {
      i++;
      continue;
    }
    int32_t cp;
    size_t n = utf8_decode(u, len, i, &cp);
    if (cp > 0x7F && !is_control(cp)) {
      i += n;
      continue;
    }
    if (put(out, s + run, i - run) || put_str(out, tsv_escape(u[i], cp)))
      return -1;
    i += n;
    run = i;
  }
  return put(out, s + run, len - run);
}

/* Writes statement st of document doc as one TSV line. Returns 0 or -1. */
static int tsv_row(ws_cli_out *out, const ws_statement *st, const char *doc) {
  char nums[96];
  int n = snprintf(nums, sizeof nums, "\t%zu\t%zu\t%u", st->text.start, st->text.end,
                   st->group);
  const ws_str tail[] = {st->speaker, st->speaker_role, st->cue.text, st->channel,
                         st->date,    st->addressee,    st->text.text};
  if (tsv_field(out, doc, strlen(doc)) || put(out, "\t", 1) ||
      put_str(out, ws_kind_name(st->kind)) || put(out, nums, (size_t)n))
    return -1;
  for (size_t k = 0; k < sizeof tail / sizeof tail[0]; k++)
    if (put(out, "\t", 1) || tsv_field(out, tail[k].ptr, tail[k].len))
      return -1;
  return put(out, "\n", 1);
}

int ws_cli_write_tsv(ws_cli_out *out, const ws_result *r, const char *doc) {
  size_t n = ws_result_count(r);
  for (size_t i = 0; i < n; i++)
    if (tsv_row(out, ws_result_get(r, i), doc))
      return -1;
  return 0;
}

/* ---- Table -------------------------------------------------------------- */

enum { COL_SPEAKER, COL_KIND, COL_CHANNEL, COL_CUE, COL_TEXT, N_COLS };
static const char *const COL_NAMES[N_COLS] = {"SPEAKER", "KIND", "CHANNEL", "CUE",
                                              "TEXT"};
/* Space between columns, and the narrowest text column. */
#define COL_GAP 2
#define TEXT_MIN 16

/* Reads a string as the glyphs (code points) a table cell shows: white space
 * and control characters as one space a run, none at the start; invalid
 * UTF-8 as U+FFFD; everything else as it is. */
typedef struct glyphs {
  const unsigned char *s;
  size_t len, i;
  int space; /* The last glyph shown was a space (or none was shown yet). */
} glyphs;

static glyphs glyphs_of(ws_str s) {
  glyphs g = {(const unsigned char *)s.ptr, s.ptr ? s.len : 0, 0, 1};
  return g;
}

/* Sets *bytes and *n to the next glyph's UTF-8 form and returns 1, or
 * returns 0 at the end of the string. */
static int next_glyph(glyphs *g, const char **bytes, size_t *n) {
  while (g->i < g->len) {
    int32_t cp;
    size_t k = utf8_decode(g->s, g->len, g->i, &cp);
    const char *p = (const char *)g->s + g->i;
    g->i += k;
    int blank = cp == ' ' || (cp >= 0 && is_control(cp)) || cp == 0xA0;
    if (blank && g->space)
      continue;
    g->space = blank;
    *bytes = blank ? " " : cp < 0 ? REPLACEMENT : p;
    *n = blank ? 1 : cp < 0 ? 3 : k;
    return 1;
  }
  return 0;
}

/* Returns how many glyphs the cell for s shows ("-" when s is absent),
 * counting no further than limit. */
static size_t cell_width(ws_str s, size_t limit) {
  if (!s.ptr)
    return 1;
  glyphs g = glyphs_of(s);
  const char *b;
  size_t n, w = 0;
  while (w < limit && next_glyph(&g, &b, &n))
    w++;
  return w;
}

/* Writes the cell for s in width glyphs: "-" when absent; truncated with an
 * ellipsis when longer; padded with spaces when pad is set. Returns 0 or -1. */
static int cell_put(ws_cli_out *out, ws_str s, size_t width, int pad) {
  size_t total = cell_width(s, width + 1), shown = 0;
  const char *b;
  size_t n;
  glyphs g = glyphs_of(s);
  if (!s.ptr && put(out, "-", 1) == 0)
    shown = 1;
  while (shown + (total > width) < width && next_glyph(&g, &b, &n) && put(out, b, n) == 0)
    shown++;
  if (total > width && width > 0 && put_str(out, ELLIPSIS) == 0)
    shown++;
  while (pad && shown < width && put(out, " ", 1) == 0)
    shown++;
  return out->err ? -1 : 0;
}

static ws_str str_of(const char *s) {
  ws_str r = {s, strlen(s)};
  return r;
}

/* Fills v with the cells of statement st, in column order. */
static void row_values(const ws_statement *st, ws_str v[N_COLS]) {
  v[COL_SPEAKER] = st->speaker;
  v[COL_KIND] = str_of(ws_kind_name(st->kind));
  v[COL_CHANNEL] = st->channel;
  v[COL_CUE] = st->cue.text;
  v[COL_TEXT] = st->text.text;
}

/* Chooses the column widths w for r in a table width columns wide: each
 * column but the last is as wide as its widest cell or header, up to a share
 * of width; the text column takes the rest, at least TEXT_MIN. For width at
 * least WS_CLI_TABLE_MIN_WIDTH a line never exceeds width. */
static void table_widths(const ws_result *r, size_t width, size_t w[N_COLS]) {
  const size_t caps[N_COLS - 1] = {width / 5, 8, width / 8, width / 8};
  ws_str v[N_COLS];
  for (int c = 0; c < N_COLS - 1; c++)
    w[c] = strlen(COL_NAMES[c]);
  for (size_t i = 0; i < ws_result_count(r); i++) {
    row_values(ws_result_get(r, i), v);
    for (int c = 0; c < N_COLS - 1; c++) {
      size_t k = cell_width(v[c], caps[c]);
      w[c] = k > w[c] ? k : w[c];
    }
  }
  size_t used = COL_GAP * (N_COLS - 1);
  for (int c = 0; c < N_COLS - 1; c++)
    used += w[c];
  w[COL_TEXT] = used + TEXT_MIN <= width ? width - used : TEXT_MIN;
}

/* Writes one table line of cells v in widths w. Returns 0 or -1. */
static int table_row(ws_cli_out *out, const ws_str v[N_COLS], const size_t w[N_COLS]) {
  for (int c = 0; c < N_COLS; c++) {
    int last = c == N_COLS - 1;
    if (cell_put(out, v[c], w[c], !last) || (!last && put(out, "  ", COL_GAP)))
      return -1;
  }
  return put(out, "\n", 1);
}

int ws_cli_write_table(ws_cli_out *out, const ws_result *r, int width) {
  size_t w[N_COLS];
  ws_str v[N_COLS];
  if (width < WS_CLI_TABLE_MIN_WIDTH)
    width = WS_CLI_TABLE_MIN_WIDTH;
  if (width > WS_CLI_TABLE_MAX_WIDTH)
    width = WS_CLI_TABLE_MAX_WIDTH;
  table_widths(r, (size_t)width, w);
  for (int c = 0; c < N_COLS; c++)
    v[c] = str_of(COL_NAMES[c]);
  if (table_row(out, v, w))
    return -1;
  for (size_t i = 0; i < ws_result_count(r); i++) {
    row_values(ws_result_get(r, i), v);
    if (table_row(out, v, w))
      return -1;
  }
  return 0;
}

/* ---- Warnings ----------------------------------------------------------- */

int ws_cli_write_warnings(ws_cli_out *out, const char *doc, const ws_result *r,
                          size_t max) {
  size_t n = ws_result_warning_count(r);
  char line[512];
  for (size_t i = 0; i < n && i < max; i++) {
    const ws_warning *w = ws_result_warning(r, i);
    int k = snprintf(line, sizeof line, ": byte %zu: %s\n", w->pos,
                     w->message ? w->message : "problem in the input");
    if (put_str(out, "whosaid: ") || put_str(out, doc) ||
        put(out, line, k < (int)sizeof line ? (size_t)k : sizeof line - 1))
      return -1;
  }
  if (n > max) {
    int k = snprintf(line, sizeof line, ": %zu more warning%s\n", n - max,
                     n - max == 1 ? "" : "s");
    if (put_str(out, "whosaid: ") || put_str(out, doc) || put(out, line, (size_t)k))
      return -1;
  }
  return 0;
}

void ws_cli_print_warnings(FILE *fp, const char *doc, const ws_result *r, size_t max) {
  size_t n = ws_result_warning_count(r);
  for (size_t i = 0; i < n && i < max; i++) {
    const ws_warning *w = ws_result_warning(r, i);
    fprintf(fp, "whosaid: %s: byte %zu: %s\n", doc, w->pos,
            w->message ? w->message : "problem in the input");
  }
  if (n > max)
    fprintf(fp, "whosaid: %s: %zu more warning%s\n", doc, n - max,
            n - max == 1 ? "" : "s");
}
