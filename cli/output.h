/* output.h: the command-line tool's writers of statements (JSONL, an aligned
 * table, TSV) and of warnings, over a checked output stream. */
#ifndef WS_CLI_OUTPUT_H
#define WS_CLI_OUTPUT_H

#include <stddef.h>
#include <stdio.h>

#include "whosaid.h"

/* The output formats of `whosaid extract`. */
typedef enum ws_cli_format {
  WS_CLI_JSONL = 0, /* One JSON object a line (ws_write_json). */
  WS_CLI_TABLE,     /* Aligned columns for a person at a terminal. */
  WS_CLI_TSV        /* A header line, then tab-separated fields. */
} ws_cli_format;

/* Narrowest and widest table accepted, in columns; others are clamped. */
#define WS_CLI_TABLE_MIN_WIDTH 60
#define WS_CLI_TABLE_MAX_WIDTH 1000

/* An output stream that remembers its first failure. Once err is non-zero,
 * every later write is refused, so a closed pipe stops the output at once.
 * With fp NULL the stream is a memory buffer: bytes are appended to buf
 * (len of them, cap allocated), which ws_cli_out_release() frees; the
 * worker threads of the pipeline format each document into one. */
typedef struct ws_cli_out {
  FILE *fp;
  int err; /* errno of the first failed write or flush; 0 while all is well. */
  char *buf; /* Memory streams only: the bytes written, not NUL-terminated. */
  size_t len, cap;
} ws_cli_out;

/* Frees a memory stream's buffer and makes it empty again (err cleared). */
void ws_cli_out_release(ws_cli_out *out);

/* A ws_write_fn over a ws_cli_out (the userdata). Returns 0 when all bytes
 * were handed to the stream, non-zero (and sets err) otherwise. */
int ws_cli_out_write(void *userdata, const char *data, size_t len);

/* Flushes the stream. Returns 0, or -1 with err set. */
int ws_cli_out_flush(ws_cli_out *out);

/* Each writer below writes every statement of r and returns 0, or -1 as
 * soon as a write fails (out->err then says why). doc is the document's
 * name as shown to the user, a NUL-terminated string. */

/* JSONL: one ws_write_json() object a line. */
int ws_cli_write_jsonl(ws_cli_out *out, const ws_result *r, const char *doc);

/* TSV: the header line, written once before any document's lines. */
int ws_cli_write_tsv_header(ws_cli_out *out);

/* TSV: one line a statement with the fields named by the header. Absent
 * values are empty; tab, newline, carriage return and backslash are written
 * \t \n \r \\, other control characters as spaces and invalid UTF-8 as
 * U+FFFD. */
int ws_cli_write_tsv(ws_cli_out *out, const ws_result *r, const char *doc);

/* Table: a header line and one line a statement, in columns sized to their
 * contents and fitted into width columns (clamped to the limits above);
 * widths are counted in code points. Values too long for their column end in
 * "…"; white space runs and control characters show as one space; absent
 * values show as "-". The header is written even when r has no statements. */
int ws_cli_write_table(ws_cli_out *out, const ws_result *r, int width);

/* Writes the warnings of r to out like ws_cli_print_warnings(). Returns 0
 * or -1. */
int ws_cli_write_warnings(ws_cli_out *out, const char *doc, const ws_result *r,
                          size_t max);

/* Prints the warnings of r to fp, one a line as
 * "whosaid: DOC: byte OFFSET: MESSAGE", at most max of them, then a line
 * saying how many more there were. */
void ws_cli_print_warnings(FILE *fp, const char *doc, const ws_result *r, size_t max);

#endif
