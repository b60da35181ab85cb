/* db_out.h: the query commands' output of rows: an aligned table for a
 * person at a terminal, CSV, or JSON lines, from one list of rows. */
#ifndef WS_CLI_DB_OUT_H
#define WS_CLI_DB_OUT_H

#include <stddef.h>
#include <stdio.h>

/* Output formats of the query commands. */
typedef enum ws_rows_format { WS_ROWS_TABLE = 0, WS_ROWS_CSV, WS_ROWS_JSONL } ws_rows_format;

/* Rows of ncols columns; each column has a name and a type: 's' string,
 * 'n' number (written bare in JSON). Cells are copied. */
typedef struct ws_rows {
  int ncols;
  const char *const *names;
  const char *types;
  char **cells; /* Row-major; NULL cells are absent values. */
  size_t nrows, cap;
  int oom;      /* Memory ran out: rows were lost. */
} ws_rows;

/* Starts an empty list of rows over names and types (borrowed). */
void ws_rows_init(ws_rows *r, int ncols, const char *const *names, const char *types);

/* Appends one row of ncols values (NULL = absent). */
void ws_rows_add(ws_rows *r, const char *const *values);

/* Writes the rows in format to fp: the table fits in width columns (long
 * cells end in "…"); CSV has a header line (RFC 4180 quoting); JSONL is one
 * object a row. Returns 0, or -1 when writing failed. */
int ws_rows_print(const ws_rows *r, ws_rows_format format, FILE *fp, int width);

/* Frees the cells. */
void ws_rows_free(ws_rows *r);

/* Parses "table", "csv" or "jsonl"; returns -1 for anything else. */
int ws_rows_parse_format(const char *s);

/* The default format: a table on a terminal, else JSONL. */
ws_rows_format ws_rows_default_format(FILE *fp);

/* Width of the terminal of fp (COLUMNS, else the terminal, else 120). */
int ws_rows_width(FILE *fp);

#endif
