/* db_internal.h: what the files of the statement database (cli/db*.c)
 * share: the handle's layout, error reporting from SQLite status codes,
 * name normalisation and small string helpers. Clients use db.h only. */
#ifndef WS_CLI_DB_INTERNAL_H
#define WS_CLI_DB_INTERNAL_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

#include "db.h"

/* Prepared queries a handle keeps for reuse (db_query.c). */
#define WS_DB_STMT_CACHE 48

/* A database handle. */
struct ws_db {
  sqlite3 *h;
  char *path;
  int writable;
  char err[768]; /* Message of the last failure. */
  /* The read side's prepared queries, kept between calls (a search
   * prepares its queries once, not on every call): each with the hash of
   * its SQL, whether a caller holds it now, and when it was last used. */
  struct {
    sqlite3_stmt *st;
    uint64_t hash;
    uint64_t used;
    int busy;
  } stmts[WS_DB_STMT_CACHE];
  uint64_t stmt_clock;
  sqlite3 *scratch; /* An in-memory database for highlights, or NULL. */
  /* FTS5's unicode61 tokenizer as statements_fts uses it (db_query.c),
   * made on first use: its functions and instance, or NULL; tok_failed
   * after it could not be made. */
  fts5_tokenizer tok_fns;
  Fts5Tokenizer *tok;
  int tok_failed;
};

/* Finalizes the kept queries, closes the scratch database and frees the
 * tokenizer (db_query.c; ws_db_close calls it). */
void ws__db_stmt_cache_free(ws_db *db);

/* Sets the handle's message from printf-style arguments and returns code. */
ws_db_status ws__db_fail(ws_db *db, ws_db_status code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Maps an SQLite result code to a status and sets the message to
 * "PATH: WHAT: SQLite's message". Returns the status. */
ws_db_status ws__db_sqlite_fail(ws_db *db, int rc, const char *what);

/* Runs SQL without results; on failure sets the message. */
ws_db_status ws__db_exec(ws_db *db, const char *sql);

/* Prepares sql into *st; on failure sets the message. */
ws_db_status ws__db_prepare(ws_db *db, const char *sql, sqlite3_stmt **st);

/* The schema's migrations (db_schema.c). */
int ws__db_migration_count(void);
const char *ws__db_migration(int version);

/* Writes into out (size cap, NUL-terminated) the normalised form of a name
 * used to compare aliases: ASCII letters lowered, every other ASCII byte
 * but digits a space, runs of spaces one, none at either end; bytes >= 0x80
 * kept. With strip non-zero, leading honorifics ("Mr.", "Sen.") and
 * trailing "Jr."/"Sr."/"II"/"III" are removed too. Returns the length. */
size_t ws__db_norm(const char *name, int strip, char *out, size_t cap);

/* Normalises a date as written ("2025-06-11T10:00Z", "June 11, 2025",
 * "11 Jun 2025", "Wed, 11 Jun 2025 10:00:00 GMT") into "YYYY-MM-DD" (or
 * "YYYY-MM", "YYYY") in out (cap >= 11). Returns 0 and writes "" when the
 * date cannot be read. */
int ws__db_iso_date(const char *date, char *out, size_t cap);

/* Writes into out the host of url without "www." (lower case), or "" when
 * url has none. */
void ws__db_outlet(const char *url, char *out, size_t cap);

/* Binds text or NULL. */
int ws__db_bind_text(sqlite3_stmt *st, int i, const char *s);

/* Returns sqlite3_column_text as const char * (NULL for NULL). */
const char *ws__db_col(sqlite3_stmt *st, int i);

/* Person/organisation and gender clues from one mention or role:
 * ws__db_gender_hint returns "female", "male" or NULL from a pronoun or an
 * honorific at the start of the mention; ws__db_is_org_name returns 1 when
 * a name looks like an organisation's (a word such as "Department",
 * "Inc", "Police", or an acronym in capitals). */
const char *ws__db_gender_hint(const char *mention);
int ws__db_is_org_name(const char *name);
int ws__db_is_acronym(const char *name);

/* Joins speakers across documents: rebuilds the speakers, aliases,
 * speaker_roles and exchanges tables and doc_speakers.speaker_id from the
 * per-document speakers, inside the caller's transaction (db_merge.c). */
/* A map from strings to integers (open addressing; the map owns copies of
 * its keys). Zero-initialise it; ws__db_smap_get returns -1 for a key that
 * is not there; ws__db_smap_put sets a key's value and returns -1 when
 * memory runs out (the map is unchanged then); ws__db_smap_free frees it. */
typedef struct ws__db_smap {
  char **keys;
  int64_t *vals;
  size_t cap, n;
} ws__db_smap;
int64_t ws__db_smap_get(const ws__db_smap *m, const char *key);
int ws__db_smap_put(ws__db_smap *m, const char *key, int64_t val);
void ws__db_smap_free(ws__db_smap *m);

ws_db_status ws__db_merge(ws_db *db);

/* Collects whom a statement's words address or answer into t (at most
 * max): @handles and the capitalised words after a reply cue ("responding
 * to Kardashian"), each a new string to free(), without repeats. Returns
 * the count (db_merge.c). */
int ws__db_text_targets(const char *text, char **t, int max);

/* Counts an input record the indexer could not use. */
void ws__db_writer_error(ws_db_writer *w);

#endif
