/* db_json.h: a parser of whosaid's own JSONL records (statements and
 * documents, docs/output.md) for `whosaid index`: one pass over a line, no
 * allocation but an arena the caller owns, unknown fields skipped. It reads
 * any JSON object; the fields it knows are kept, with the types the
 * contract gives them (a field of another type counts as absent). */
#ifndef WS_CLI_DB_JSON_H
#define WS_CLI_DB_JSON_H

#include <stddef.h>
#include <stdint.h>

/* Chunks of memory that the strings of parsed records live in, freed all
 * at once. Zero-initialise. */
typedef struct ws_dbj_arena {
  struct ws_dbj_chunk *head;
} ws_dbj_arena;

/* Frees every chunk of an arena and empties it. */
void ws_dbj_arena_free(ws_dbj_arena *a);

/* Empties an arena, keeping its newest chunk for reuse. */
void ws_dbj_arena_reset(ws_dbj_arena *a);

/* Returns n bytes from the arena, or NULL when memory runs out. */
char *ws_dbj_arena_alloc(ws_dbj_arena *a, size_t n);

/* A span field: {"text":…, "start":…, "end":…}; text NULL when absent. */
typedef struct ws_dbj_span {
  const char *text;
  int64_t start, end; /* -1 when absent. */
} ws_dbj_span;

/* One record. Strings are NUL-terminated UTF-8 in the arena, or NULL when
 * absent, null or not strings; a \u0000 escape is read as U+FFFD. */
typedef struct ws_dbj_rec {
  const char *type;                     /* "document" for a document record. */
  const char *doc, *url, *doc_date, *date, *title, *byline, *source;
  const char *kind, *text;
  size_t text_len;
  int64_t start, end, group;            /* -1 when absent. */
  const char *speaker, *speaker_role, *channel, *addressee;
  ws_dbj_span mention, cue;
  const char *figures;                  /* The figures array as JSON text. */
  double confidence;                    /* 0 when absent. */
  int has_start;                        /* "start" is an integer. */
} ws_dbj_rec;

/* Parses the len bytes of line as one JSON object into *rec. Returns 0, or
 * -1 with *err set to a constant message and *err_pos to the byte where
 * the problem was seen (a syntax error, nesting deeper than 64, an arena
 * that could not grow). */
int ws_dbj_parse(const char *line, size_t len, ws_dbj_arena *arena, ws_dbj_rec *rec,
                 const char **err, size_t *err_pos);

#endif
