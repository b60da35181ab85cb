/* whosaid.h: the public interface of libwhosaid, an engine that reads news
 * text and tells who said what.
 *
 * This is the only header clients (the command-line tool, the server, the
 * Python binding) include. Everything public starts with ws_ or WS_.
 *
 * Conventions.
 * - Inputs are (pointer, length) pairs and need not be NUL-terminated.
 * - Offsets are UTF-8 byte offsets into the input handed to ws_extract().
 * - Strings handed back are (pointer, length) pairs of type ws_str. They
 *   point either into the caller's input (spans) or into memory owned by the
 *   ws_result they came from; they stay valid until ws_result_free(). They
 *   are not NUL-terminated. A ws_str with ptr == NULL means "not given".
 * - Functions that can fail return a ws_status; 0 (WS_OK) is success.
 * - The library never prints, never aborts on bad input, and reports
 *   out-of-memory as WS_ERR_NOMEM.
 */
#ifndef WHOSAID_H
#define WHOSAID_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define WS_VERSION_MAJOR 0
#define WS_VERSION_MINOR 1
#define WS_VERSION_PATCH 0
#define WS_VERSION_STRING "0.1.0"

/* Returns the library's version string, such as "0.1.0", at run time. */
const char *ws_version(void);

/* Status codes. WS_OK is 0; every other value is an error. */
typedef enum ws_status {
  WS_OK = 0,
  WS_ERR_NOMEM,       /* An allocation failed. */
  WS_ERR_INVALID_ARG, /* A NULL handle or an out-of-range option. */
  WS_ERR_TOO_BIG,     /* The input is larger than ws_options.max_input. */
  WS_ERR_IO,          /* A file could not be read or written. */
  WS_ERR_FORMAT,      /* A data file (model, corpus) is malformed. */
  WS_ERR_WRITE        /* A write callback reported failure. */
} ws_status;

/* Returns a constant English message for a status code. Never NULL. */
const char *ws_strerror(ws_status status);

/* An error report: the code, a constant message and the byte position in the
 * input where the problem was seen (0 when it has none). */
typedef struct ws_error {
  ws_status code;
  const char *message;
  size_t pos;
} ws_error;

/* A string handed back by the library. ptr is NULL when the value is absent.
 * The bytes are not NUL-terminated. */
typedef struct ws_str {
  const char *ptr;
  size_t len;
} ws_str;

/* A span of the input: its bytes and its [start, end) byte offsets.
 * text.ptr is NULL when there is no span. */
typedef struct ws_span {
  ws_str text;
  size_t start;
  size_t end;
} ws_span;

/* Flags for ws_options.flags; 0 gives the default behaviour. */
enum {
  WS_FLAG_NO_INDIRECT = 1u << 0, /* Report direct quotes only. */
  WS_FLAG_NO_MODEL = 1u << 1,    /* Do not use the learned tagger. */
  WS_FLAG_KEEP_UNATTRIBUTED = 1u << 2 /* Also report quotes with no cue. */
};

/* Options for an engine. Zero-initialise, then set what you need.
 * abi_version must be WS_OPTIONS_VERSION (0 is accepted as the same). */
#define WS_OPTIONS_VERSION 1
typedef struct ws_options {
  unsigned abi_version; /* Reserved for versioning; set to WS_OPTIONS_VERSION. */
  unsigned flags;       /* A combination of WS_FLAG_* values. */
  size_t max_input;     /* Largest document accepted, in bytes; 0 = 256 MiB. */
} ws_options;

/* An engine holds the read-only tables (lexicons, model) shared by every
 * extraction. One engine may be used from several threads at once. */
typedef struct ws_engine ws_engine;

/* Creates an engine. opts may be NULL for the defaults. Returns NULL when
 * memory runs out or the options are invalid. Free with ws_engine_free(). */
ws_engine *ws_engine_new(const ws_options *opts);

/* Frees an engine. Passing NULL does nothing. Results made by the engine must
 * be freed first. */
void ws_engine_free(ws_engine *engine);

/* The kind of a statement. */
typedef enum ws_kind {
  WS_KIND_DIRECT = 0, /* All of the words are in quotation marks. */
  WS_KIND_INDIRECT,   /* Reported speech: a clause without quotation marks. */
  WS_KIND_MIXED       /* A reported clause holding a quoted fragment. */
} ws_kind;

/* Returns "direct", "indirect" or "mixed". */
const char *ws_kind_name(ws_kind kind);

/* A number found in a statement's words: "nearly 200,000" has value 200000. */
typedef struct ws_figure {
  ws_span span;
  double value;
} ws_figure;

/* One statement: a contiguous piece of quoted or reported words and who said
 * it. Pieces of one utterance (a split or multi-paragraph quote) share the
 * same group number; groups count from 1 in document order. */
typedef struct ws_statement {
  ws_kind kind;
  ws_span text;          /* The words, without enclosing quotation marks. */
  unsigned group;        /* Utterance number, from 1. */
  ws_str speaker;        /* Canonical name within the document, or absent. */
  ws_str speaker_role;   /* Title or description the text gives, or absent. */
  ws_span speaker_mention; /* The words naming the speaker here, or none. */
  ws_span cue;           /* The speech verb or phrase, or none. */
  ws_str channel;        /* "Instagram", "X", "Newsweek", "reporters"... */
  ws_str date;           /* "June 11", "Thursday"... as written. */
  ws_str addressee;      /* "@KimKardashian"... */
  const ws_figure *figures; /* Numbers in the words; n_figures of them. */
  size_t n_figures;
  double confidence;     /* In [0, 1]. */
} ws_statement;

/* A problem seen in the input that did not stop extraction (invalid UTF-8,
 * a NUL byte, an unclosed quotation mark). message is a constant string. */
typedef struct ws_warning {
  size_t pos;
  const char *message;
} ws_warning;

/* The statements of one document. Owned by the caller; free with
 * ws_result_free(). Spans point into the input given to ws_extract(), which
 * must outlive the result. */
typedef struct ws_result ws_result;

/* Finds the statements of one document of len bytes. On success *out holds a
 * new result (possibly with no statements). On failure *out is NULL and, if
 * err is not NULL, it is filled in. Invalid UTF-8 and NUL bytes are not
 * failures: they are reported as warnings and skipped over. */
ws_status ws_extract(const ws_engine *engine, const char *text, size_t len,
                     ws_result **out, ws_error *err);

/* Frees a result. Passing NULL does nothing. */
void ws_result_free(ws_result *result);

/* Returns the number of statements in a result. */
size_t ws_result_count(const ws_result *result);

/* Returns statement i (0-based), or NULL when i is out of range. The pointer
 * is owned by the result. */
const ws_statement *ws_result_get(const ws_result *result, size_t i);

/* Returns the number of warnings in a result, and warning i. */
size_t ws_result_warning_count(const ws_result *result);
const ws_warning *ws_result_warning(const ws_result *result, size_t i);

/* A sink for output: called with successive pieces of bytes. Returns 0 on
 * success, non-zero to stop writing (the writer then returns WS_ERR_WRITE). */
typedef int (*ws_write_fn)(void *userdata, const char *data, size_t len);

/* Writes statement i of a result as one JSON object and a newline, following
 * the JSONL contract (docs/output.md). doc names the document ("doc" field).
 * Invalid UTF-8 in any string is written as U+FFFD. */
ws_status ws_write_json(const ws_result *result, size_t i, const char *doc,
                        size_t doc_len, ws_write_fn write, void *userdata);

/* Writes a string as a JSON string literal (with the quotes), replacing
 * invalid UTF-8 by U+FFFD. Useful for writers of other formats. */
ws_status ws_write_json_string(const char *s, size_t len, ws_write_fn write,
                               void *userdata);

#ifdef __cplusplus
}
#endif
#endif /* WHOSAID_H */
