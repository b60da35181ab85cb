/* db.h: the statement database, an SQLite file that keeps the statements
 * of a corpus with their documents and speakers, joined across documents.
 *
 * This is the interface between the database code (cli/db*.c) and its
 * clients: the query commands (search, speakers, speaker, exchanges,
 * report), the indexer (index) and the HTTP server. docs/db.md describes the
 * schema, for clients that prefer to run SQL of their own (read-only).
 *
 * Conventions.
 * - Functions return a ws_db_status; WS_DB_OK is 0. On failure
 *   ws_db_errmsg() says what happened, in a sentence naming the file.
 * - Strings handed to callbacks are NUL-terminated UTF-8, owned by the
 *   database and valid only during the callback; NULL means absent.
 * - A callback returns 0 to go on, non-zero to stop (the call then returns
 *   WS_DB_STOPPED).
 * - A handle is used by one thread at a time; open one handle per thread.
 *   Any number of read-only handles (in any processes) may read while one
 *   read-write handle writes: the file is in WAL mode. */
#ifndef WS_CLI_DB_H
#define WS_CLI_DB_H

#include <stddef.h>
#include <stdint.h>

/* The schema version this code writes (PRAGMA user_version). Older
 * databases are migrated forward by ws_db_open() with WS_DB_WRITE; newer
 * ones are refused. */
#define WS_DB_SCHEMA_VERSION 7

/* PRAGMA application_id of a whosaid database: "WSDB" in ASCII. */
#define WS_DB_APPLICATION_ID 0x57534442

/* Outcomes. */
typedef enum ws_db_status {
  WS_DB_OK = 0,
  WS_DB_ERR_MISSING,  /* No database at that path (read-only open). */
  WS_DB_ERR_NOT_DB,   /* The file is not a whosaid database. */
  WS_DB_ERR_NEWER,    /* Made by a newer whosaid: a schema this code cannot read. */
  WS_DB_ERR_CORRUPT,  /* SQLite reports the file as malformed. */
  WS_DB_ERR_READONLY, /* The file or its folder cannot be written. */
  WS_DB_ERR_FULL,     /* The disk (or the size limit) is full. */
  WS_DB_ERR_BUSY,     /* Another process holds the write lock too long. */
  WS_DB_ERR_NOMEM,    /* Out of memory. */
  WS_DB_ERR_INVALID,  /* A bad argument: an invalid query, cursor or date. */
  WS_DB_ERR_NOT_FOUND,/* No such speaker, document or statement. */
  WS_DB_ERR_IO,       /* Any other SQLite or system failure. */
  WS_DB_STOPPED,      /* Not an error: a callback asked to stop. */
  WS_DB_ERR_OLDER     /* Read-only open of an older schema: 'whosaid index
                         --db FILE' (no input needed) migrates it. */
} ws_db_status;

/* Returns a constant English name for a status ("not a whosaid database"). */
const char *ws_db_strerror(ws_db_status status);

typedef struct ws_db ws_db;

/* Flags for ws_db_open(). */
enum {
  WS_DB_READ = 0,        /* Read-only: the database must exist. */
  WS_DB_WRITE = 1u << 0, /* Read-write: create the file when missing and
                            migrate an older schema forward. */
};

/* Opens the database at path. On success *out is a new handle to close with
 * ws_db_close(). On failure *out is NULL and, when errmsg is not NULL,
 * *errmsg is a message naming the file, which the caller frees with free().
 * Checks, before anything is written: the file is an SQLite database with
 * whosaid's application id (or a new, empty file), its schema is not newer
 * than WS_DB_SCHEMA_VERSION, and (WS_DB_WRITE) the file and its folder are
 * writable. A read-only open of a file that cannot be written (permissions,
 * read-only medium) still works. */
ws_db_status ws_db_open(const char *path, unsigned flags, ws_db **out, char **errmsg);

/* Closes a handle. Passing NULL does nothing. */
void ws_db_close(ws_db *db);

/* The message of the last failure on this handle (never NULL). */
const char *ws_db_errmsg(const ws_db *db);

/* The path the handle was opened with. */
const char *ws_db_path(const ws_db *db);

/* The underlying sqlite3 handle (type sqlite3 *), for clients that run SQL
 * of their own. Do not close it; do not write through a read-only handle. */
void *ws_db_sqlite(ws_db *db);

/* ---- Search ------------------------------------------------------------ */

/* Filters of a statement search. Zero-initialise, then set what you need;
 * NULL or 0 means "no filter". Dates are ISO 8601 prefixes ("2025",
 * "2025-06", "2025-06-01"); since is inclusive, until inclusive of the
 * whole period named ("2025-06" runs to the end of June). */
typedef struct ws_db_filter {
  const char *query;    /* Words of the statement: an FTS5 query ("deport*",
                           "\"border wall\"", "tariff OR tariffs"); plain
                           words are ANDed. */
  const char *speaker;  /* A name or alias ("McLaughlin", "DHS"): every
                           speaker whose aliases match it. */
  int64_t speaker_id;   /* One speaker (from ws_db_speaker_rec.id); 0 = any. */
  const char *channel;  /* Channel, case-insensitive ("X", "Instagram"). */
  const char *kind;     /* "direct", "indirect" or "mixed". */
  const char *outlet;   /* Host name of the document's URL ("nytimes.com"). */
  const char *gender;   /* Speaker's gender: "female", "male", "unknown". */
  const char *speaker_kind; /* "person", "organisation" or "unknown". */
  const char *since;    /* Document date, inclusive. */
  const char *until;    /* Document date, inclusive. */
  int64_t document_id;  /* Statements of one document; 0 = any. */
  const char *cursor;   /* Where the previous page ended (next_cursor), or
                           NULL for the first page. */
  int limit;            /* Statements a page; 0 = 20; at most 1000. */
} ws_db_filter;

/* Order of search results: newest document first, then document order.
 * With document_id set: document order. */

/* A statement as search returns it. */
typedef struct ws_db_statement {
  int64_t id;            /* statements.id */
  int64_t document_id;
  int64_t speaker_id;    /* Joined speaker, 0 when none. */
  int seq;               /* Position in its document, from 0. */
  const char *kind;      /* "direct", "indirect", "mixed". */
  const char *text;      /* The words. */
  const char *snippet;   /* With a text query: the words with matches
                            between "\x02" and "\x03" (start and end of
                            highlight), else NULL. */
  int64_t start, end;    /* Byte offsets of text in the document. */
  int group;
  const char *speaker;   /* The name the document gives (JSONL speaker). */
  const char *speaker_name; /* The joined speaker's canonical name. */
  const char *speaker_role;
  const char *mention;   /* speaker_mention text; offsets below, -1 if none. */
  int64_t mention_start, mention_end;
  const char *cue;
  int64_t cue_start, cue_end;
  const char *channel;
  const char *date;      /* The statement's date as written. */
  const char *addressee;
  const char *figures;   /* JSON array as in the JSONL contract ("[]"). */
  double confidence;
  const char *doc;       /* Document: its "doc" name, URL, title, date
                            (ISO 8601 when known), outlet (URL host). */
  const char *url;
  const char *title;
  const char *doc_date;
  const char *outlet;
} ws_db_statement;

typedef int (*ws_db_statement_fn)(void *userdata, const ws_db_statement *s);

/* Size of a cursor buffer, NUL included. */
#define WS_DB_CURSOR_MAX 96

/* Calls fn for each statement of one page matching f, in the order above.
 * When more statements follow, next_cursor (WS_DB_CURSOR_MAX bytes, may be
 * NULL) receives the cursor of the next page, else an empty string.
 * Returns WS_DB_ERR_INVALID for a bad FTS5 query or cursor (ws_db_errmsg
 * says which). */
ws_db_status ws_db_search(ws_db *db, const ws_db_filter *f, ws_db_statement_fn fn,
                          void *userdata, char *next_cursor);

/* Counts the statements matching f (cursor and limit ignored). */
ws_db_status ws_db_count(ws_db *db, const ws_db_filter *f, int64_t *count);

/* Calls fn for statement id alone. WS_DB_ERR_NOT_FOUND when missing. */
ws_db_status ws_db_statement_get(ws_db *db, int64_t id, ws_db_statement_fn fn,
                                 void *userdata);

/* ---- Speakers ---------------------------------------------------------- */

/* A speaker: one person or organisation, joined across documents. */
typedef struct ws_db_speaker_rec {
  int64_t id;
  const char *name;      /* Canonical name: the fullest name used. */
  const char *kind;      /* "person", "organisation" or "unknown". */
  const char *gender;    /* "female", "male" (as the texts give it) or "unknown". */
  const char *role;      /* The role given most often, or NULL. */
  int64_t n_statements;
  int64_t n_documents;
  const char *first_date; /* Earliest and latest document dates, or NULL. */
  const char *last_date;
  const char *top_channel; /* The channel used most often, or NULL. */
} ws_db_speaker_rec;

typedef int (*ws_db_speaker_fn)(void *userdata, const ws_db_speaker_rec *s);

/* Filters of a speaker list. Zero-initialise; NULL/0 = no filter. Counts
 * (n_statements...) are over the statements that pass the filter. */
typedef struct ws_db_speaker_filter {
  const char *name;     /* Speakers with an alias containing this text. */
  const char *kind;     /* "person", "organisation", "unknown". */
  const char *gender;
  const char *channel;
  const char *since;
  const char *until;
  int limit;            /* 0 = 20; at most 10000. */
  int offset;
} ws_db_speaker_filter;

/* Calls fn for speakers in decreasing order of statements (then name). */
ws_db_status ws_db_speakers(ws_db *db, const ws_db_speaker_filter *f,
                            ws_db_speaker_fn fn, void *userdata);

/* Finds the speaker a name means: an exact alias first (the one with most
 * statements), else the speaker whose alias contains the name. Sets *id, or
 * returns WS_DB_ERR_NOT_FOUND. */
ws_db_status ws_db_speaker_find(ws_db *db, const char *name, int64_t *id);

/* Calls fn once with speaker id (counts over all statements). */
ws_db_status ws_db_speaker_get(ws_db *db, int64_t id, ws_db_speaker_fn fn,
                               void *userdata);

/* A key and a count: an alias, a role, a channel, a month, a gender... */
typedef int (*ws_db_count_fn)(void *userdata, const char *key, int64_t n);

/* What ws_db_speaker_facet() lists about one speaker. */
typedef enum ws_db_facet {
  WS_DB_FACET_ALIASES = 0, /* Names and mentions used for the speaker. */
  WS_DB_FACET_ROLES,       /* Roles the texts give. */
  WS_DB_FACET_CHANNELS,    /* Channels of the statements. */
  WS_DB_FACET_OUTLETS,     /* Outlets (URL hosts) of the documents. */
  WS_DB_FACET_MONTHS,      /* Statements a month ("2025-06"), in date order;
                              "unknown" for undated documents, last. */
} ws_db_facet;

/* Calls fn for each value of a facet of speaker id, most frequent first
 * (months: in date order). */
ws_db_status ws_db_speaker_facet(ws_db *db, int64_t id, ws_db_facet facet,
                                 ws_db_count_fn fn, void *userdata);

/* ---- Documents --------------------------------------------------------- */

typedef struct ws_db_document {
  int64_t id;
  const char *key;      /* "id:…", "url:…" or "hash:…": what makes it unique. */
  const char *doc;      /* Its name in the JSONL ("doc"). */
  const char *url;
  const char *title;
  const char *date;     /* ISO 8601 when known, else as written, or NULL. */
  const char *byline;
  const char *source;   /* The input file it was read from. */
  const char *outlet;   /* Host of the URL, without "www.". */
  const char *text;     /* The document's text when it was indexed from the
                           text itself or a document record, else NULL. */
  int64_t n_statements;
} ws_db_document;

typedef int (*ws_db_document_fn)(void *userdata, const ws_db_document *d);

/* Calls fn once with document id; its statements come from ws_db_search()
 * with document_id set. */
ws_db_status ws_db_document_get(ws_db *db, int64_t id, ws_db_document_fn fn,
                                void *userdata);

/* ---- Exchanges --------------------------------------------------------- */

/* A statement addressed to, or answering, another speaker. */
typedef struct ws_db_exchange {
  int64_t statement_id;
  int64_t from_id;        /* Speaker of the statement (0 when unjoined). */
  const char *from_name;
  int64_t to_id;          /* The speaker addressed (0 when not in the
                             database: to_name still says who). */
  const char *to_name;    /* As the text gives it ("@KimKardashian"). */
  const char *via;        /* "addressee" (the statement's addressee field)
                             or "words" (named in the words: "@handle",
                             "responding to X"). */
  const char *doc_date;
  const char *channel;
  const char *text;
  const char *url;
  const char *title;
  const char *to_speaker; /* Canonical name of the speaker addressed, or
                             NULL when to_id is 0. */
} ws_db_exchange;

typedef int (*ws_db_exchange_fn)(void *userdata, const ws_db_exchange *e);

/* Exchanges involving a speaker (as sender or addressee; 0 = all), in date
 * order (oldest first), filtered by since/until (NULL = none); limit 0 =
 * 100, at most 10000. */
ws_db_status ws_db_exchanges(ws_db *db, int64_t speaker_id, const char *since,
                             const char *until, int limit, int offset,
                             ws_db_exchange_fn fn, void *userdata);

/* ---- Breakdowns (for reports) ----------------------------------------- */

/* Dimensions of ws_db_breakdown(). */
typedef enum ws_db_dim {
  WS_DB_DIM_GENDER = 0,   /* "female", "male", "unknown" */
  WS_DB_DIM_SPEAKER_KIND, /* "person", "organisation", "unknown" */
  WS_DB_DIM_CHANNEL,      /* the channel, "none" when absent */
  WS_DB_DIM_OUTLET,       /* URL host, "unknown" when no URL */
  WS_DB_DIM_MONTH,        /* "2025-06", "unknown" */
  WS_DB_DIM_KIND,         /* "direct", "indirect", "mixed" */
  WS_DB_DIM_SPEAKER       /* canonical name of the joined speaker, "none" */
} ws_db_dim;

/* Counts the statements passing f (query, speaker, channel, since, until...;
 * cursor and limit ignored) by one dimension, or by two when dim2 >= 0
 * (then fn is called with key "A\x1fB", the two values joined by a unit
 * separator). Results in decreasing count, except months in date order. At
 * most max keys (0 = all). */
ws_db_status ws_db_breakdown(ws_db *db, const ws_db_filter *f, ws_db_dim dim,
                             int dim2, int max, ws_db_count_fn fn, void *userdata);

/* Totals of the database. */
typedef struct ws_db_totals {
  int64_t documents, statements, speakers, exchanges;
  int64_t attributed;  /* Statements with a joined speaker. */
  int schema_version;
} ws_db_totals;

ws_db_status ws_db_get_totals(ws_db *db, ws_db_totals *t);

/* ---- Writing (the indexer) -------------------------------------------- */

/* Counters of one indexing run. */
typedef struct ws_db_index_stats {
  uint64_t documents_added;    /* New documents. */
  uint64_t documents_replaced; /* Known key, new content: statements replaced. */
  uint64_t documents_same;     /* Known key and content: nothing to do. */
  uint64_t statements;         /* Statements written. */
  uint64_t errors;             /* Input records that could not be used. */
} ws_db_index_stats;

/* A batch writer over a read-write handle. Documents go in one at a time;
 * every batch_size documents (and at ws_db_writer_finish) the batch is
 * committed in one transaction, so an interrupted run loses at most the
 * batch in progress and a rerun completes it. */
typedef struct ws_db_writer ws_db_writer;

/* The metadata of one document, as the input gives it (NULL = absent). */
typedef struct ws_db_doc_in {
  const char *id;      /* A stable identifier (JSONL id, WARC-Record-ID). */
  const char *url;
  const char *title;
  const char *date;
  const char *byline;
  const char *source;
  const char *doc;     /* The name shown for it ("doc" in the JSONL). */
  const char *text;    /* The text, when known (may be NULL). */
  size_t text_len;
} ws_db_doc_in;

/* One statement, as in the JSONL contract. Strings NUL-terminated or NULL;
 * offsets -1 when absent. */
typedef struct ws_db_stmt_in {
  const char *kind;
  const char *text;
  int64_t start, end;
  int group;
  const char *speaker, *speaker_role;
  const char *mention;
  int64_t mention_start, mention_end;
  const char *cue;
  int64_t cue_start, cue_end;
  const char *channel, *date, *addressee;
  const char *figures; /* JSON text of the figures array, or NULL for "[]". */
  double confidence;
} ws_db_stmt_in;

ws_db_status ws_db_writer_new(ws_db *db, int batch_size, ws_db_writer **out);

/* Adds one document with its n statements. Documents are keyed by id, else
 * url, else a hash of the text (or, without text, of the statements): a
 * known key with the same content is left alone; with new content its
 * statements are replaced. */
ws_db_status ws_db_writer_add(ws_db_writer *w, const ws_db_doc_in *doc,
                              const ws_db_stmt_in *stmts, size_t n);

/* Commits the last batch and joins speakers across documents (rebuilding
 * the speakers, aliases and exchanges tables), in one transaction. */
ws_db_status ws_db_writer_finish(ws_db_writer *w, ws_db_index_stats *stats);

/* Frees a writer; an unfinished batch is rolled back. */
void ws_db_writer_free(ws_db_writer *w);

/* Rebuilds the speakers, aliases and exchanges tables from the statements
 * (what ws_db_writer_finish does last), in one transaction. */
ws_db_status ws_db_merge_speakers(ws_db *db);

#endif
