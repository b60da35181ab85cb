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
  WS_ERR_WRITE,       /* A write callback reported failure. */
  WS_END              /* Not an error: a reader has no more documents. */
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
  WS_FLAG_NO_MODEL = 1u << 1,    /* Never use the learned tagger. */
  WS_FLAG_KEEP_UNATTRIBUTED = 1u << 2, /* Also report quotes with no cue. */
  /* Also report what PolNeAR counts as attributions besides speech: beliefs,
   * intentions, perceptions and stances ("Trump believes …", "expressed
   * opposition to …"), as the learned tagger finds them. */
  WS_FLAG_ALL_ATTRIBUTIONS = 1u << 3,
  /* Use the learned tagger for reported speech the rules miss. It finds
   * more but is much slower than the rules (see docs/bench.md); implied by
   * WS_FLAG_ALL_ATTRIBUTIONS, overridden by WS_FLAG_NO_MODEL. */
  WS_FLAG_MODEL = 1u << 4
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


/* ---- Inputs: plain text, HTML pages, JSON lines, WARC archives ----------
 *
 * A reader turns a file (or bytes in memory) into a sequence of records:
 * one a document, with what the container says about it (id, URL, date,
 * title). A record's body is still raw: HTML or text in its own character
 * set. ws_document_new() then makes the UTF-8 text that ws_extract()
 * analyses: it converts the character set and, for HTML, extracts the
 * article's main text and its title, byline and date. The two steps are
 * separate so that one thread can read while others extract.
 *
 * Readers stream: memory is bounded by the largest document, never by the
 * size of the input. Compressed inputs (gzip, zstd) are detected from their
 * first bytes and decompressed on the fly. */

/* Input formats. */
typedef enum ws_format {
  WS_FORMAT_AUTO = 0, /* Detect from the content, then from the file name. */
  WS_FORMAT_TEXT,     /* Plain text: the whole input is one document. */
  WS_FORMAT_HTML,     /* One HTML page. */
  WS_FORMAT_JSONL,    /* One JSON object a line, one document each. */
  WS_FORMAT_WARC      /* WARC/1.0, 1.1 or 0.18: one document a record. */
} ws_format;

/* Returns "auto", "text", "html", "jsonl" or "warc". */
const char *ws_format_name(ws_format format);

/* Parses one of the names above into *out. Returns WS_ERR_INVALID_ARG for
 * any other name. */
ws_status ws_format_parse(const char *name, size_t len, ws_format *out);

/* What is known of a document besides its text. Every field may be absent
 * (ptr == NULL). Strings are UTF-8. */
typedef struct ws_doc_meta {
  ws_str id;       /* JSONL id field; WARC-Record-ID. */
  ws_str url;      /* JSONL url field; WARC-Target-URI; the page's canonical URL. */
  ws_str date;     /* Publication date: ISO 8601 when the input gives a
                      machine-readable one, else as written. */
  ws_str title;    /* JSONL title field; the page's headline. */
  ws_str byline;   /* The page's author line. */
  ws_str source;   /* The file the document came from, as named to the reader. */
  uint64_t offset; /* Byte offset of the document's record in the source:
                      in the file as stored for a record that starts a gzip
                      member, else in the decompressed stream. */
} ws_doc_meta;

/* A document as a reader gives it, before its text is extracted. Every
 * pointer is owned by the reader and stays valid until the next call of
 * ws_reader_next() or ws_reader_free(). */
typedef struct ws_record {
  ws_doc_meta meta;
  ws_format format; /* WS_FORMAT_TEXT or WS_FORMAT_HTML: what body holds. */
  ws_str body;      /* The payload, without transfer and content encodings,
                       in its own character set. */
  ws_str charset;   /* The character set the container declares (an HTTP
                       Content-Type header, say), or absent. */
} ws_record;

/* Options for a reader. Zero-initialise, then set what you need. */
#define WS_READER_OPTIONS_VERSION 1
typedef struct ws_reader_options {
  unsigned abi_version;    /* WS_READER_OPTIONS_VERSION (or 0). */
  ws_format format;        /* WS_FORMAT_AUTO to detect. */
  /* JSONL field names; NULL gives the default in brackets. */
  const char *text_field;  /* The document's text ["text"]. */
  const char *html_field;  /* A field holding HTML, used instead of the text
                              field when set [none]. */
  const char *id_field;    /* ["id"] */
  const char *url_field;   /* ["url"] */
  const char *date_field;  /* ["date"] */
  const char *title_field; /* ["title"] */
  size_t max_document;     /* Documents larger than this once decoded are
                              skipped (a decompression bomb stops there);
                              0 = 64 MiB. */
} ws_reader_options;

/* A reader over one input. Not thread-safe: use one reader per thread. */
typedef struct ws_reader ws_reader;

/* Opens the file at path ("-" for standard input) for reading. opts may be
 * NULL for the defaults. On failure *out is NULL and err (when not NULL)
 * says why. */
ws_status ws_reader_open(const char *path, const ws_reader_options *opts,
                         ws_reader **out, ws_error *err);

/* Opens len bytes in memory as an input named name (used as the records'
 * source). The bytes are not copied and must outlive the reader. */
ws_status ws_reader_open_memory(const void *data, size_t len, const char *name,
                                const ws_reader_options *opts, ws_reader **out,
                                ws_error *err);

/* Reads the next document into *rec. Returns
 * - WS_OK: *rec holds the next document;
 * - WS_END: there are no more documents;
 * - WS_ERR_FORMAT, WS_ERR_TOO_BIG: one record could not be read; err says
 *   what and where (err->pos is a byte offset in the source as described
 *   for ws_doc_meta.offset). The reader has moved past it: call again for
 *   the next one;
 * - WS_ERR_IO: the input cannot be read further (a truncated file after its
 *   last whole record, a read error); later calls return WS_END. */
ws_status ws_reader_next(ws_reader *reader, ws_record *rec, ws_error *err);

/* The format of the input, once detected (after the first ws_reader_next). */
ws_format ws_reader_format(const ws_reader *reader);

/* Records passed over on purpose, by reason ("revisit record", "not a
 * document: image/jpeg", "larger than max_document"...). */
typedef struct ws_skip {
  const char *reason; /* A constant string. */
  uint64_t count;
} ws_skip;

/* Counters of a reader. */
typedef struct ws_reader_stats {
  uint64_t bytes_read;    /* Bytes read from the source, as stored. */
  uint64_t bytes_decoded; /* Bytes after decompression. */
  uint64_t documents;     /* Records handed out with WS_OK. */
  uint64_t errors;        /* Records that gave an error. */
  const ws_skip *skips;   /* Owned by the reader, valid until the next call. */
  size_t n_skips;
} ws_reader_stats;

/* Fills *stats with the reader's counters so far. */
void ws_reader_get_stats(const ws_reader *reader, ws_reader_stats *stats);

/* Closes a reader. Passing NULL does nothing. */
void ws_reader_free(ws_reader *reader);

/* The text of one document, ready for ws_extract(), and its metadata. */
typedef struct ws_document ws_document;

/* Makes the document of a record: converts its body to UTF-8 (from the
 * declared charset, else a byte-order mark, else an HTML <meta charset>,
 * else detection; plain text with neither a byte-order mark nor a declared
 * charset is kept byte for byte as UTF-8, so that statement offsets are
 * offsets in the file and invalid bytes are reported by ws_extract() as
 * warnings) and, for HTML, extracts the article: the main text as
 * paragraphs separated by newlines, without navigation, footers, related
 * links, comments, captions and share widgets, and the title, byline and
 * date, which fill the metadata the record lacks. Everything needed is
 * copied: the record may go once this returns. On failure *out is NULL. */
ws_status ws_document_new(const ws_record *rec, ws_document **out, ws_error *err);

/* The document's UTF-8 text, owned by the document. Offsets of statements
 * extracted from it refer to these bytes. */
ws_str ws_document_text(const ws_document *doc);

/* The document's metadata, owned by the document. */
const ws_doc_meta *ws_document_meta(const ws_document *doc);

/* Frees a document. Passing NULL does nothing. */
void ws_document_free(ws_document *doc);

/* Writes statement i of a result like ws_write_json(), with the fields of a
 * document's metadata: "doc" is meta->id, else meta->source; "url",
 * "date", "title" and "source" follow when present (docs/output.md). */
ws_status ws_write_json_meta(const ws_result *result, size_t i,
                             const ws_doc_meta *meta, ws_write_fn write,
                             void *userdata);

/* Writes a document record, one JSON object and a newline:
 * {"type":"document","doc":…,"url":…,"date":…,"title":…,"byline":…,
 *  "source":…,"offset":…,"text":…} (docs/output.md). */
ws_status ws_write_document_json(const ws_document *doc, ws_write_fn write,
                                 void *userdata);


/* ---- The learned tagger: models and training ----------------------------
 *
 * whosaid finds reported speech with a learned tagger (a structured
 * perceptron over hashed word features) besides its rules. The library
 * carries a built-in model; these functions train new ones, save and load
 * them, and run a model alone, which `whosaid train` uses to measure it.
 * Model files are data/model.bin in format; docs/model.md describes them. */

/* A trained model. Opaque; free with ws_model_free() unless it is the
 * built-in model. */
typedef struct ws_model ws_model;

/* Returns the model compiled into the library, or NULL when the library
 * was built without one. It must not be freed. */
const ws_model *ws_model_builtin(void);

/* Returns the name and version of a model ("polnear-train-…"), a constant
 * string owned by the model. */
const char *ws_model_version(const ws_model *model);

/* Reads a model from len bytes of a model file; the bytes are copied, so
 * data may be freed afterwards. On success *out holds a new model. Returns
 * WS_ERR_FORMAT when the bytes are not a model, WS_ERR_NOMEM, or
 * WS_ERR_INVALID_ARG for NULL arguments. */
ws_status ws_model_load(const void *data, size_t len, ws_model **out);

/* Writes a model in the model file format to write(). */
ws_status ws_model_save(const ws_model *model, ws_write_fn write, void *userdata);

/* Frees a model made by ws_model_load() or ws_trainer_model(). NULL and
 * the built-in model are ignored. */
void ws_model_free(ws_model *model);

/* The roles of an attribution's spans. */
typedef enum ws_role { WS_ROLE_SOURCE = 0, WS_ROLE_CUE, WS_ROLE_CONTENT } ws_role;

/* Most content pieces of one attribution found by a model. */
#define WS_MAX_CONTENT_PIECES 4

/* An attribution found by a model alone, without the rules: spans point
 * into the text given to ws_model_tag(). source.text.ptr is NULL when no
 * source was found. The content may be split into pieces ("The deal, she
 * said, would cost jobs"), in document order; it holds a leading "that" and
 * the quotation marks, as in the PolNeAR corpus. */
typedef struct ws_attribution {
  ws_span source;
  ws_span cue;
  ws_span content[WS_MAX_CONTENT_PIECES];
  size_t n_content;
  double confidence; /* In [0, 1]. */
} ws_attribution;

/* Called once per attribution found; returns 0 to go on, non-zero to stop
 * (ws_model_tag then returns WS_ERR_WRITE). */
typedef int (*ws_attribution_fn)(void *userdata, const ws_attribution *a);

/* Runs model on one document of len bytes and calls fn for each attribution
 * found, in document order of their cues. */
ws_status ws_model_tag(const ws_model *model, const char *text, size_t len,
                       ws_attribution_fn fn, void *userdata);

/* A gold span for training: bytes [start, end) of the document, its role
 * and the attribution it belongs to (any number, the same for the spans of
 * one attribution within one document). */
typedef struct ws_gold_span {
  size_t start, end;
  ws_role role;
  size_t attribution;
} ws_gold_span;

/* Options for training. Zero-initialise, then set what you need; 0 means
 * the default given. abi_version must be WS_TRAIN_OPTIONS_VERSION (or 0). */
#define WS_TRAIN_OPTIONS_VERSION 1
typedef struct ws_train_options {
  unsigned abi_version;
  unsigned epochs;      /* Passes over the training documents; 0 = 10. */
  unsigned hash_bits;   /* The feature table has 2^hash_bits rows; 0 = 20. */
  uint64_t seed;        /* Order of the documents in each pass; 0 = 1. */
  double fraction;      /* Share of training documents used; 0 = all. */
  const char *version;  /* Name stored in the model; NULL = "whosaid-tagger". */
} ws_train_options;

/* What one pass of training reports. Figures on the development documents
 * are token-level approximations of `whosaid eval` (exact spans after
 * trimming punctuation); they are -1 when there are no such documents. */
typedef struct ws_epoch_report {
  unsigned epoch;          /* From 1. */
  size_t documents;        /* Training documents used. */
  size_t tokens;           /* Training tokens seen in this pass. */
  double train_loss;       /* Mean perceptron loss per token (score margin). */
  double train_accuracy;   /* Share of training tokens tagged right. */
  double dev_accuracy;     /* Share of development tokens tagged right. */
  double dev_f1[3];        /* Exact F1 of source, cue and content. */
  double dev_linked_f1;    /* Content and source found together. */
  double seconds;          /* Time of this pass. */
} ws_epoch_report;

/* A training run: documents with gold spans go in, a model comes out. */
typedef struct ws_trainer ws_trainer;

/* Creates a trainer; opts may be NULL for the defaults. Returns NULL when
 * memory runs out or the options are invalid. Free with ws_trainer_free(). */
ws_trainer *ws_trainer_new(const ws_train_options *opts);

/* Adds one document of len bytes with its n gold spans. dev non-zero makes
 * it a development document: never trained on, only measured. The text is
 * copied. Returns WS_OK, WS_ERR_NOMEM or WS_ERR_INVALID_ARG. */
ws_status ws_trainer_add(ws_trainer *trainer, const char *text, size_t len,
                         const ws_gold_span *spans, size_t n, int dev);

/* How ws_trainer_set_clusters() uses the clusters of a word list. */
typedef enum ws_cluster_use {
  WS_CLUSTERS_REPLACE = 0, /* Its fine and coarse clusters replace those the
                              trainer learns from the training texts. */
  WS_CLUSTERS_BESIDE = 1,  /* The learned fine clusters stay; its fine
                              clusters take the place of the coarse ones. */
  WS_CLUSTERS_EXTEND = 2,  /* The learned clusters stay; a word without one
                              gets the learned clusters most words of its
                              fine cluster in the list have. */
  WS_CLUSTERS_EXTEND_BESIDE = 3 /* WS_CLUSTERS_EXTEND, then the list's fine
                                   clusters take the place of the coarse
                                   ones, as with WS_CLUSTERS_BESIDE. */
} ws_cluster_use;

/* Gives the trainer word clusters made elsewhere (tools/glove_clusters.py
 * makes them from pretrained word vectors): len bytes of lines
 * "word<TAB>fine<TAB>coarse", the clusters numbers from 0 to 254, the most
 * frequent words first (a word whose slot of the model's cluster table is
 * taken keeps the earlier word's clusters). The text is copied. Call before
 * ws_trainer_run(). Returns WS_OK, WS_ERR_NOMEM, WS_ERR_INVALID_ARG, or
 * WS_ERR_FORMAT when a line is malformed. */
ws_status ws_trainer_set_clusters(ws_trainer *trainer, const char *text, size_t len,
                                  ws_cluster_use use);

/* Trains. After each pass, calls report (when not NULL). The same
 * documents, added in the same order with the same options, give the same
 * model, byte for byte. */
ws_status ws_trainer_run(ws_trainer *trainer,
                         void (*report)(void *userdata, const ws_epoch_report *r),
                         void *userdata);

/* Makes the trained model (averaged weights, 8-bit). On success *out holds
 * a new model to free with ws_model_free(). */
ws_status ws_trainer_model(const ws_trainer *trainer, ws_model **out);

/* Frees a trainer. Passing NULL does nothing. */
void ws_trainer_free(ws_trainer *trainer);

#ifdef __cplusplus
}
#endif
#endif /* WHOSAID_H */
