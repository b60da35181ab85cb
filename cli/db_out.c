/* db_out.c: rows of the query commands written as an aligned table, CSV or
 * JSON lines. Table widths count code points; control characters and runs
 * of white space show as one space; absent values as "-". */
#define _POSIX_C_SOURCE 200809L

#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "db_out.h"
#include "whosaid.h"

/* Starts an empty list. */
void ws_rows_init(ws_rows *r, int ncols, const char *const *names, const char *types) {
  memset(r, 0, sizeof *r);
  r->ncols = ncols;
  r->names = names;
  r->types = types;
}

/* Appends a row, copying its cells. */
void ws_rows_add(ws_rows *r, const char *const *values) {
  if (r->nrows == r->cap) {
    size_t cap = r->cap ? r->cap * 2 : 64;
    char **p = realloc(r->cells, cap * (size_t)r->ncols * sizeof *p);
    if (!p) {
      r->oom = 1;
      return;
    }
    r->cells = p;
    r->cap = cap;
  }
  char **row = r->cells + r->nrows * (size_t)r->ncols;
  for (int c = 0; c < r->ncols; c++) {
    row[c] = values[c] ? strdup(values[c]) : NULL;
    if (values[c] && !row[c])
      r->oom = 1;
  }
  r->nrows++;
}

/* Frees the cells. */
void ws_rows_free(ws_rows *r) {
  for (size_t i = 0; i < r->nrows * (size_t)r->ncols; i++)
    free(r->cells[i]);
  free(r->cells);
  r->cells = NULL;
  r->nrows = r->cap = 0;
}

/* Code points of s as shown in a table (white space runs count one). */
static size_t shown_width(const char *s) {
  size_t w = 0;
  int space = 0;
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    if ((*p & 0xc0) == 0x80)
      continue;
    int sp = *p < 0x20 || *p == ' ';
    if (sp && space)
      continue;
    space = sp;
    w++;
  }
  return w;
}

/* Writes s in exactly width columns: cut with "…" or padded (last column
 * is not padded). */
static void put_cell(FILE *fp, const char *s, size_t width, int pad) {
  size_t total = shown_width(s), w = 0;
  size_t limit = total > width ? width - 1 : width;
  int space = 0;
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    int cont = (*p & 0xc0) == 0x80;
    if (!cont) {
      int sp = *p < 0x20 || *p == ' ';
      if (sp && space)
        continue;
      space = sp;
      if (w == limit)
        break;
      w++;
      if (sp) {
        fputc(' ', fp);
        continue;
      }
    } else if (w > limit) {
      break;
    }
    fputc(*p, fp);
  }
  if (total > width && width > 0)
    fputs("\xe2\x80\xa6", fp), w++;
  if (pad)
    for (; w < width; w++)
      fputc(' ', fp);
}

/* The table: column widths from the contents, the widest shrunk in turn
 * until the line fits. */
static void print_table(const ws_rows *r, FILE *fp, int width) {
  size_t *w = calloc((size_t)r->ncols, sizeof *w);
  if (!w)
    return;
  for (int c = 0; c < r->ncols; c++) {
    w[c] = shown_width(r->names[c]);
    for (size_t i = 0; i < r->nrows; i++) {
      const char *v = r->cells[i * (size_t)r->ncols + (size_t)c];
      size_t n = shown_width(v ? v : "-");
      if (n > w[c])
        w[c] = n;
    }
  }
  /* Too wide: the columns before the last give up what is beyond a fifth
   * of the width first, then the widest shrinks in turn. */
  size_t sum = 0;
  for (int c = 0; c < r->ncols; c++)
    sum += w[c] + (c ? 2 : 0);
  size_t cap = (size_t)width / 5 < 12 ? 12 : (size_t)width / 5;
  for (int c = 0; sum > (size_t)width && c + 1 < r->ncols; c++)
    if (w[c] > cap) {
      sum -= w[c] - cap;
      w[c] = cap;
    }
  for (;;) {
    size_t total = 0, widest = 0;
    for (int c = 0; c < r->ncols; c++) {
      total += w[c] + (c ? 2 : 0);
      if (w[c] > w[widest])
        widest = (size_t)c;
    }
    if (total <= (size_t)width || w[widest] <= 8)
      break;
    w[widest]--;
  }
  for (int c = 0; c < r->ncols; c++) {
    fputs(c ? "  " : "", fp);
    put_cell(fp, r->names[c], w[c], c + 1 < r->ncols);
  }
  fputc('\n', fp);
  for (size_t i = 0; i < r->nrows; i++) {
    for (int c = 0; c < r->ncols; c++) {
      const char *v = r->cells[i * (size_t)r->ncols + (size_t)c];
      fputs(c ? "  " : "", fp);
      put_cell(fp, v ? v : "-", w[c], c + 1 < r->ncols);
    }
    fputc('\n', fp);
  }
  free(w);
}

/* A CSV field, quoted when it holds a comma, quote or line break. */
static void csv_field(FILE *fp, const char *s) {
  if (!s)
    return;
  if (!strpbrk(s, ",\"\r\n")) {
    fputs(s, fp);
    return;
  }
  fputc('"', fp);
  for (; *s; s++) {
    if (*s == '"')
      fputc('"', fp);
    fputc(*s, fp);
  }
  fputc('"', fp);
}

/* Writes bytes to a FILE (a ws_write_fn). */
static int to_file(void *fp, const char *data, size_t len) {
  return fwrite(data, 1, len, fp) == len ? 0 : -1;
}

/* True when s is a JSON number as SQLite prints numbers. */
static int is_number(const char *s) {
  char *end;
  if (!*s)
    return 0;
  strtod(s, &end);
  return *end == '\0';
}

/* One JSON object a row. */
static void print_jsonl(const ws_rows *r, FILE *fp) {
  for (size_t i = 0; i < r->nrows; i++) {
    for (int c = 0; c < r->ncols; c++) {
      const char *v = r->cells[i * (size_t)r->ncols + (size_t)c];
      fputs(c ? "," : "{", fp);
      ws_write_json_string(r->names[c], strlen(r->names[c]), to_file, fp);
      fputc(':', fp);
      if (!v)
        fputs("null", fp);
      else if ((r->types[c] == 'n' && is_number(v)) || r->types[c] == 'j')
        fputs(v, fp);
      else
        ws_write_json_string(v, strlen(v), to_file, fp);
    }
    fputs("}\n", fp);
  }
}

/* Writes the rows; see db_out.h. */
int ws_rows_print(const ws_rows *r, ws_rows_format format, FILE *fp, int width) {
  if (format == WS_ROWS_TABLE) {
    print_table(r, fp, width);
  } else if (format == WS_ROWS_CSV) {
    for (int c = 0; c < r->ncols; c++) {
      fputs(c ? "," : "", fp);
      csv_field(fp, r->names[c]);
    }
    fputs("\r\n", fp);
    for (size_t i = 0; i < r->nrows; i++) {
      for (int c = 0; c < r->ncols; c++) {
        fputs(c ? "," : "", fp);
        csv_field(fp, r->cells[i * (size_t)r->ncols + (size_t)c]);
      }
      fputs("\r\n", fp);
    }
  } else {
    print_jsonl(r, fp);
  }
  return fflush(fp) == 0 && !ferror(fp) ? 0 : -1;
}

/* Parses a format name. */
int ws_rows_parse_format(const char *s) {
  if (strcmp(s, "table") == 0)
    return WS_ROWS_TABLE;
  if (strcmp(s, "csv") == 0)
    return WS_ROWS_CSV;
  if (strcmp(s, "jsonl") == 0 || strcmp(s, "json") == 0)
    return WS_ROWS_JSONL;
  return -1;
}

/* Table on a terminal, else JSONL. */
ws_rows_format ws_rows_default_format(FILE *fp) {
  return isatty(fileno(fp)) ? WS_ROWS_TABLE : WS_ROWS_JSONL;
}

/* Width for tables. */
int ws_rows_width(FILE *fp) {
  const char *cols = getenv("COLUMNS");
  if (cols && atoi(cols) > 0)
    return atoi(cols) < 40 ? 40 : atoi(cols);
  struct winsize ws;
  if (ioctl(fileno(fp), TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
    return ws.ws_col < 40 ? 40 : ws.ws_col;
  return 120;
}
