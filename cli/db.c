/* db.c: opening the statement database. Checks that a file is a whosaid
 * database of a schema this code can read before anything is written,
 * creates or migrates it for writing, sets WAL mode and foreign keys, and
 * turns SQLite's failures into messages that name the file. */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "db_internal.h"

/* Milliseconds a writer waits for another writer's lock, and a reader for a
 * checkpoint, before giving up with WS_DB_ERR_BUSY. */
#define BUSY_TIMEOUT_MS 15000

/* Returns the constant name of a status. */
const char *ws_db_strerror(ws_db_status status) {
  switch (status) {
  case WS_DB_OK: return "success";
  case WS_DB_ERR_MISSING: return "no such database";
  case WS_DB_ERR_NOT_DB: return "not a whosaid database";
  case WS_DB_ERR_NEWER: return "made by a newer whosaid";
  case WS_DB_ERR_CORRUPT: return "the database is corrupt";
  case WS_DB_ERR_READONLY: return "the database cannot be written";
  case WS_DB_ERR_FULL: return "the disk is full";
  case WS_DB_ERR_BUSY: return "the database is locked";
  case WS_DB_ERR_NOMEM: return "out of memory";
  case WS_DB_ERR_INVALID: return "invalid argument";
  case WS_DB_ERR_NOT_FOUND: return "not found";
  case WS_DB_ERR_IO: return "input/output error";
  case WS_DB_STOPPED: return "stopped";
  case WS_DB_ERR_OLDER: return "made by an older whosaid";
  }
  return "unknown status";
}

/* Sets the handle's message and returns code. */
ws_db_status ws__db_fail(ws_db *db, ws_db_status code, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(db->err, sizeof db->err, fmt, ap);
  va_end(ap);
  return code;
}

/* Maps an SQLite result code to a status. */
static ws_db_status map_rc(int rc) {
  switch (rc & 0xff) {
  case SQLITE_FULL: return WS_DB_ERR_FULL;
  case SQLITE_READONLY: return WS_DB_ERR_READONLY;
  case SQLITE_PERM: return WS_DB_ERR_READONLY;
  case SQLITE_CORRUPT: return WS_DB_ERR_CORRUPT;
  case SQLITE_NOTADB: return WS_DB_ERR_NOT_DB;
  case SQLITE_BUSY:
  case SQLITE_LOCKED: return WS_DB_ERR_BUSY;
  case SQLITE_NOMEM: return WS_DB_ERR_NOMEM;
  case SQLITE_CANTOPEN: return WS_DB_ERR_READONLY;
  default: return WS_DB_ERR_IO;
  }
}

/* Sets the message for SQLite code rc while doing what. */
ws_db_status ws__db_sqlite_fail(ws_db *db, int rc, const char *what) {
  ws_db_status st = map_rc(rc);
  const char *detail = db->h ? sqlite3_errmsg(db->h) : sqlite3_errstr(rc);
  switch (st) {
  case WS_DB_ERR_FULL:
    return ws__db_fail(db, st, "%s: the disk is full (%s); nothing of the "
                       "unfinished batch was written", db->path, what);
  case WS_DB_ERR_CORRUPT:
    return ws__db_fail(db, st, "%s: the database is corrupt (%s: %s)", db->path,
                       what, detail);
  case WS_DB_ERR_NOT_DB:
    return ws__db_fail(db, st, "%s: not a whosaid database (%s)", db->path, detail);
  default:
    return ws__db_fail(db, st, "%s: %s: %s", db->path, what, detail);
  }
}

/* Runs sql, which returns no rows. */
ws_db_status ws__db_exec(ws_db *db, const char *sql) {
  int rc = sqlite3_exec(db->h, sql, NULL, NULL, NULL);
  return rc == SQLITE_OK ? WS_DB_OK : ws__db_sqlite_fail(db, rc, "cannot run SQL");
}

/* Prepares sql. */
ws_db_status ws__db_prepare(ws_db *db, const char *sql, sqlite3_stmt **st) {
  int rc = sqlite3_prepare_v2(db->h, sql, -1, st, NULL);
  return rc == SQLITE_OK ? WS_DB_OK : ws__db_sqlite_fail(db, rc, "cannot prepare a query");
}

/* Runs a query that returns one integer into *v. */
static ws_db_status query_int(ws_db *db, const char *sql, int64_t *v) {
  sqlite3_stmt *st;
  ws_db_status s = ws__db_prepare(db, sql, &st);
  if (s)
    return s;
  int rc = sqlite3_step(st);
  if (rc == SQLITE_ROW)
    *v = sqlite3_column_int64(st, 0);
  else if (rc == SQLITE_DONE)
    *v = 0;
  else
    s = ws__db_sqlite_fail(db, rc, "cannot read the schema");
  sqlite3_finalize(st);
  return s;
}

/* Reads a big-endian 32-bit value. */
static uint32_t be32(const unsigned char *p) {
  return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* What the first 100 bytes of a file say. */
typedef enum file_kind { FILE_NEW, FILE_SQLITE, FILE_OTHER } file_kind;

/* Classifies path from its header without SQLite: missing or empty files
 * are new; *app_id and *version come from the SQLite header. Returns
 * WS_DB_OK or a failure with the message set. */
static ws_db_status probe(ws_db *db, file_kind *kind, uint32_t *app_id, uint32_t *version) {
  struct stat sb;
  *kind = FILE_NEW;
  *app_id = *version = 0;
  if (stat(db->path, &sb) != 0) {
    if (errno == ENOENT)
      return WS_DB_OK;
    return ws__db_fail(db, WS_DB_ERR_IO, "%s: %s", db->path, strerror(errno));
  }
  if (S_ISDIR(sb.st_mode))
    return ws__db_fail(db, WS_DB_ERR_NOT_DB, "%s: is a directory, not a whosaid database",
                       db->path);
  if (sb.st_size == 0)
    return WS_DB_OK;
  int fd = open(db->path, O_RDONLY);
  if (fd < 0)
    return ws__db_fail(db, errno == EACCES ? WS_DB_ERR_READONLY : WS_DB_ERR_IO,
                       "%s: cannot open: %s", db->path, strerror(errno));
  unsigned char hdr[100];
  ssize_t got = read(fd, hdr, sizeof hdr);
  close(fd);
  if (got < (ssize_t)sizeof hdr || memcmp(hdr, "SQLite format 3", 16) != 0) {
    *kind = FILE_OTHER;
    return ws__db_fail(db, WS_DB_ERR_NOT_DB,
                       "%s: not a whosaid database (not an SQLite file); "
                       "choose another file with --db", db->path);
  }
  *kind = FILE_SQLITE;
  *app_id = be32(hdr + 68);
  *version = be32(hdr + 60);
  return WS_DB_OK;
}

/* Checks that the folder of path can hold a new file and WAL files. */
static ws_db_status check_folder(ws_db *db) {
  char *dir = strdup(db->path);
  if (!dir)
    return ws__db_fail(db, WS_DB_ERR_NOMEM, "out of memory");
  char *slash = strrchr(dir, '/');
  const char *d = ".";
  if (slash) {
    slash[slash == dir ? 1 : 0] = '\0';
    d = dir;
  }
  ws_db_status s = WS_DB_OK;
  if (access(d, W_OK) != 0)
    s = ws__db_fail(db, WS_DB_ERR_READONLY, "%s: cannot write in the folder %s: %s",
                    db->path, d, strerror(errno));
  free(dir);
  return s;
}

/* Checks the header: whosaid's application id (or none on an empty
 * database) and a schema no newer than this code's. */
static ws_db_status check_header(ws_db *db, uint32_t app_id, uint32_t version) {
  if (app_id != WS_DB_APPLICATION_ID && app_id != 0)
    return ws__db_fail(db, WS_DB_ERR_NOT_DB,
                       "%s: an SQLite database of another program, not a whosaid "
                       "database; choose another file with --db", db->path);
  if (version > WS_DB_SCHEMA_VERSION)
    return ws__db_fail(db, WS_DB_ERR_NEWER,
                       "%s: made by a newer whosaid (schema version %u; this whosaid "
                       "reads up to %d); upgrade whosaid", db->path, (unsigned)version,
                       WS_DB_SCHEMA_VERSION);
  return WS_DB_OK;
}

/* After opening: an SQLite file without whosaid's id must be empty, and
 * the whole schema must be readable (a corrupt file fails here). */
static ws_db_status check_contents(ws_db *db, uint32_t app_id) {
  int64_t n = 0;
  ws_db_status s = query_int(db, "SELECT count(*) FROM sqlite_master", &n);
  if (s)
    return s;
  if (app_id == 0 && n > 0)
    return ws__db_fail(db, WS_DB_ERR_NOT_DB,
                       "%s: an SQLite database with tables of its own, not a whosaid "
                       "database; choose another file with --db", db->path);
  return WS_DB_OK;
}

/* Brings the schema from its version to WS_DB_SCHEMA_VERSION in one
 * transaction. */
static ws_db_status migrate(ws_db *db) {
  ws_db_status s = ws__db_exec(db, "BEGIN IMMEDIATE");
  if (s)
    return s;
  int64_t v = 0;
  s = query_int(db, "PRAGMA user_version", &v);
  for (int64_t i = v + 1; !s && i <= ws__db_migration_count(); i++)
    s = ws__db_exec(db, ws__db_migration((int)i));
  if (!s && v < ws__db_migration_count()) {
    char sql[160];
    snprintf(sql, sizeof sql, "PRAGMA application_id=%d; PRAGMA user_version=%d",
             (int)WS_DB_APPLICATION_ID, WS_DB_SCHEMA_VERSION);
    s = ws__db_exec(db, sql);
  }
  if (s) {
    sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
    return s;
  }
  return ws__db_exec(db, "COMMIT");
}

/* Opens the SQLite connection: read-write (creating), read-only, or, for a
 * file this process cannot write, immutable (WAL needs a writable -shm). */
static ws_db_status connect(ws_db *db, unsigned flags) {
  int rc;
  if (flags & WS_DB_WRITE) {
    rc = sqlite3_open_v2(db->path, &db->h,
                         SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                         NULL);
  } else if (access(db->path, W_OK) == 0) {
    rc = sqlite3_open_v2(db->path, &db->h, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL);
  } else {
    char *uri = sqlite3_mprintf("file:%s?immutable=1", db->path);
    if (!uri)
      return ws__db_fail(db, WS_DB_ERR_NOMEM, "out of memory");
    rc = sqlite3_open_v2(uri, &db->h,
                         SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, NULL);
    sqlite3_free(uri);
  }
  if (rc != SQLITE_OK)
    return ws__db_sqlite_fail(db, rc, "cannot open");
  sqlite3_busy_timeout(db->h, BUSY_TIMEOUT_MS);
  sqlite3_extended_result_codes(db->h, 0);
  return WS_DB_OK;
}

/* Settings for a writing connection, then the schema. For bulk loads: a
 * page cache of 256 MiB (the indexes a statement goes into are written at
 * random places; a smaller cache reads their pages back again and again),
 * a checkpoint every 64 MiB of WAL rather than every 4 MiB (a page changed
 * by several batches is copied into the file once), temporary tables in
 * memory. WAL with synchronous=NORMAL keeps every committed batch across a
 * crash or kill -9. The file's size in pages may be capped with
 * WHOSAID_DB_MAX_PAGES (a test simulating a full disk). */
static ws_db_status setup_writer(ws_db *db) {
  ws_db_status s = ws__db_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
                                   "PRAGMA foreign_keys=ON; PRAGMA cache_size=-262144;"
                                   "PRAGMA wal_autocheckpoint=16384; PRAGMA temp_store=MEMORY");
  const char *cap = getenv("WHOSAID_DB_MAX_PAGES");
  if (!s && cap && *cap) {
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA max_page_count=%ld", strtol(cap, NULL, 10));
    s = ws__db_exec(db, sql);
  }
  return s ? s : migrate(db);
}

/* Turns off SQLite's memory statistics, which take a global mutex on every
 * allocation (a few per cent of indexing time). Run once, by the first
 * ws_db_open(); it has no effect once SQLite is in use elsewhere. */
static void configure_sqlite(void) { sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); }

/* Opens path; see db.h. */
ws_db_status ws_db_open(const char *path, unsigned flags, ws_db **out, char **errmsg) {
  static pthread_once_t once = PTHREAD_ONCE_INIT;
  pthread_once(&once, configure_sqlite);
  *out = NULL;
  if (errmsg)
    *errmsg = NULL;
  ws_db *db = calloc(1, sizeof *db);
  if (!db || !(db->path = strdup(path ? path : ""))) {
    free(db);
    if (errmsg)
      *errmsg = strdup("out of memory");
    return WS_DB_ERR_NOMEM;
  }
  db->writable = (flags & WS_DB_WRITE) != 0;
  file_kind kind;
  uint32_t app_id, version;
  ws_db_status s = probe(db, &kind, &app_id, &version);
  if (!s && kind == FILE_NEW && !db->writable)
    s = ws__db_fail(db, WS_DB_ERR_MISSING,
                    "%s: no such database (make one with 'whosaid index --db %s FILE...')",
                    db->path, db->path);
  if (!s && kind == FILE_SQLITE)
    s = check_header(db, app_id, version);
  if (!s && db->writable && kind == FILE_SQLITE && access(db->path, W_OK) != 0)
    s = ws__db_fail(db, WS_DB_ERR_READONLY, "%s: cannot write the database: %s",
                    db->path, strerror(errno));
  if (!s && db->writable)
    s = check_folder(db);
  if (!s)
    s = connect(db, flags);
  if (!s)
    s = check_contents(db, app_id);
  if (!s && db->writable)
    s = setup_writer(db);
  if (!s && !db->writable && kind == FILE_SQLITE && version < WS_DB_SCHEMA_VERSION)
    s = ws__db_fail(db, WS_DB_ERR_OLDER,
                    "%s: made by an older whosaid (schema version %u); bring it up to date "
                    "with 'whosaid index --db %s'", db->path, (unsigned)version, db->path);
  if (!s && !db->writable)
    s = ws__db_exec(db, "PRAGMA query_only=1");
  if (s) {
    if (errmsg)
      *errmsg = strdup(db->err);
    ws_db_close(db);
    return s;
  }
  *out = db;
  return WS_DB_OK;
}

/* Closes a handle; a writer checkpoints the WAL into the file first and
 * refreshes the planner's statistics where they are stale (PRAGMA
 * optimize), from a sample of each index (analysis_limit: a full ANALYZE
 * of a million statements took about a second at the end of every run). */
void ws_db_close(ws_db *db) {
  if (!db)
    return;
  ws__db_stmt_cache_free(db);
  if (db->h) {
    if (db->writable)
      sqlite3_exec(db->h, "PRAGMA analysis_limit=1000; PRAGMA optimize", NULL, NULL, NULL);
    sqlite3_close_v2(db->h);
  }
  free(db->path);
  free(db);
}

const char *ws_db_errmsg(const ws_db *db) { return db ? db->err : "no database"; }

const char *ws_db_path(const ws_db *db) { return db->path; }

void *ws_db_sqlite(ws_db *db) { return db->h; }

/* Binds s as text, or NULL when s is NULL. */
int ws__db_bind_text(sqlite3_stmt *st, int i, const char *s) {
  return s ? sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT) : sqlite3_bind_null(st, i);
}

/* Column i as a C string, or NULL. */
const char *ws__db_col(sqlite3_stmt *st, int i) {
  return (const char *)sqlite3_column_text(st, i);
}
