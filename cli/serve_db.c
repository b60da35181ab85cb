/* serve_db.c: the database endpoints of `whosaid serve`: statements
 * (search with filters and cursor pagination), speakers, one speaker, one
 * document with its statements, exchanges, and the database's part of
 * /healthz. The database is opened read-only through cli/db.h, one handle
 * a thread of the pool (a handle serves one thread at a time), made on a
 * thread's first request and closed when the server stops. Every query is
 * the db layer's, parameterised; a bad FTS5 query or cursor is a 400. */
#define _POSIX_C_SOURCE 200809L

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>
#include <sqlite3.h>

#include "db.h"
#include "serve.h"

/* Bytes of the database file a handle maps into memory (SQLite caps it
 * at its own limit, 2 GB on Linux); beyond them it reads. */
#define WS_SERVE_MMAP_SIZE "2147418112"

/* Statements of one document returned at most by /api/documents/{id}. */
#define DOC_MAX_STATEMENTS 20000

/* The path served and every handle opened, to close them at the end. */
static char *g_path;
static pthread_mutex_t g_lock = PTHREAD_MUTEX_INITIALIZER;
static ws_db **g_handles;
static size_t g_n_handles, g_cap_handles;
/* This thread's handle. */
static _Thread_local ws_db *t_db;
/* Longest time a request may spend in the database, in seconds (0: no
 * limit), this thread's deadline for the request in progress (monotonic
 * seconds), and whether it was passed. */
static double g_query_timeout;
static _Thread_local double t_deadline;
static _Thread_local int t_timed_out;

/* A monotonic clock in seconds. */
static double mono_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* SQLite's progress handler: interrupts the statement running once the
 * request's deadline has passed. */
static int on_progress(void *arg) {
  (void)arg;
  if (t_deadline > 0 && mono_now() > t_deadline) {
    t_timed_out = 1;
    return 1;
  }
  return 0;
}

/* Sets the longest time a request may spend in the database. */
void ws_db_set_query_timeout(double seconds) {
  g_query_timeout = seconds;
}
/* A handle that watches for commits of other connections, its PRAGMA
 * data_version statement, the version last seen and the generation. */
static pthread_mutex_t g_watch_lock = PTHREAD_MUTEX_INITIALIZER;
static ws_db *g_watch;
static sqlite3_stmt *g_watch_version;
static int64_t g_last_version = -1;
static uint64_t g_generation;

/* Remembers a handle so that ws_db_fini() closes it. Returns 0 or -1. */
static int register_handle(ws_db *db) {
  pthread_mutex_lock(&g_lock);
  int rc = 0;
  if (g_n_handles == g_cap_handles) {
    size_t cap = g_cap_handles ? g_cap_handles * 2 : 16;
    ws_db **p = realloc(g_handles, cap * sizeof *p);
    if (p) {
      g_handles = p;
      g_cap_handles = cap;
    } else {
      rc = -1;
    }
  }
  if (rc == 0)
    g_handles[g_n_handles++] = db;
  pthread_mutex_unlock(&g_lock);
  return rc;
}

/* Opens the database once to check it. Returns 0, or -1 after printing. */
int ws_db_init(const char *path) {
  ws_db *db = NULL;
  char *msg = NULL;
  ws_db_status st = ws_db_open(path, WS_DB_READ, &db, &msg);
  if (st != WS_DB_OK) {
    fprintf(stderr, "whosaid: %s\n", msg ? msg : ws_db_strerror(st));
    free(msg);
    return -1;
  }
  g_watch = db;
  sqlite3_prepare_v2(ws_db_sqlite(db), "PRAGMA data_version", -1, &g_watch_version, NULL);
  g_path = strdup(path);
  if (!g_path) {
    fputs("whosaid: out of memory\n", stderr);
    return -1;
  }
  return 0;
}

/* The generation: bumped whenever the watching handle's data_version has
 * changed since the last call, that is after a commit by another
 * connection. Without a working watch every call is a new generation
 * (nothing is served from the cache). */
uint64_t ws_db_generation(void) {
  pthread_mutex_lock(&g_watch_lock);
  int64_t v = -1;
  if (g_watch_version && sqlite3_step(g_watch_version) == SQLITE_ROW)
    v = sqlite3_column_int64(g_watch_version, 0);
  if (g_watch_version)
    sqlite3_reset(g_watch_version);
  if (v < 0 || v != g_last_version)
    g_generation++;
  g_last_version = v;
  uint64_t gen = g_generation;
  pthread_mutex_unlock(&g_watch_lock);
  return gen;
}

/* Closes every handle. Called once the server's threads have stopped. */
void ws_db_fini(void) {
  sqlite3_finalize(g_watch_version);
  g_watch_version = NULL;
  ws_db_close(g_watch);
  g_watch = NULL;
  for (size_t i = 0; i < g_n_handles; i++)
    ws_db_close(g_handles[i]);
  free(g_handles);
  g_handles = NULL;
  g_n_handles = g_cap_handles = 0;
  free(g_path);
  g_path = NULL;
}

/* Whether a database is served. */
int ws_db_enabled(void) {
  return g_path != NULL;
}

/* Returns msg without the database's path where it names it (a client
 * need not learn where the file is): "whosaid.db: ..." for "/srv/whosaid.db: ...". */
static const char *without_path(const char *msg, char *buf, size_t size) {
  const char *at = g_path ? strstr(msg, g_path) : NULL;
  if (!at)
    return msg;
  const char *base = strrchr(g_path, '/');
  snprintf(buf, size, "%.*s%s%s", (int)(at - msg), msg, base ? base + 1 : g_path,
           at + strlen(g_path));
  return buf;
}

/* Returns this thread's handle, opening it on first use; NULL on failure
 * (reply set to a 500). */
static ws_db *thread_db(ws_reply *reply) {
  t_timed_out = 0;
  t_deadline = g_query_timeout > 0 ? mono_now() + g_query_timeout : 0;
  if (t_db)
    return t_db;
  ws_db *db = NULL;
  char *msg = NULL;
  ws_db_status st = ws_db_open(g_path, WS_DB_READ, &db, &msg);
  if (st != WS_DB_OK || register_handle(db) != 0) {
    char buf[512];
    ws_reply_error(reply, 500, "database_error", "cannot open the database: %s",
                   msg ? without_path(msg, buf, sizeof buf) : ws_db_strerror(st));
    free(msg);
    ws_db_close(db);
    return NULL;
  }
  /* The file is read through a memory map instead of read() calls into
   * a private page cache of 2 MB: a search touches pages all over a file
   * of hundreds of megabytes, and every page not in that cache cost a
   * system call and a copy (a third of a search's CPU time). The mapped
   * pages are the kernel's page cache, shared by the threads, not memory
   * of the process (RssFile, not RssAnon, in /proc/PID/status). WAL
   * frames written by an index run meanwhile are still read from the WAL. */
  sqlite3_exec(ws_db_sqlite(db), "PRAGMA mmap_size=" WS_SERVE_MMAP_SIZE, NULL, NULL, NULL);
  sqlite3_progress_handler(ws_db_sqlite(db), 100, on_progress, NULL);
  return t_db = db;
}

/* Turns a failed db call into an error reply with a fitting status. */
static int db_error(ws_reply *reply, ws_db *db, ws_db_status st) {
  char buf[512];
  const char *msg = without_path(db ? ws_db_errmsg(db) : ws_db_strerror(st), buf, sizeof buf);
  if (t_timed_out)
    return ws_reply_error(reply, 503, "query_timeout",
                          "the query took longer than %g s; narrow it with more filters",
                          g_query_timeout);
  switch (st) {
  case WS_DB_ERR_INVALID:
    return ws_reply_error(reply, 400, "bad_query", "%s", msg);
  case WS_DB_ERR_NOT_FOUND:
    return ws_reply_error(reply, 404, "not_found", "%s", msg);
  case WS_DB_ERR_BUSY:
    reply->retry_after = 1;
    return ws_reply_error(reply, 503, "busy", "%s", msg);
  default:
    return ws_reply_error(reply, 500, "database_error", "%s", msg);
  }
}

/* Whether query is a valid FTS5 query for the statements' index: runs it
 * alone (own SQL on the documented schema). Fills msg with SQLite's
 * complaint when it is not. Used to tell a bad query (400) from a failure
 * of the database (500) when a search fails. */
static int fts_query_ok(ws_db *db, const char *query, char *msg, size_t msg_size) {
  sqlite3 *h = ws_db_sqlite(db);
  sqlite3_stmt *st = NULL;
  int rc = sqlite3_prepare_v2(h,
                              "SELECT rowid FROM statements_fts WHERE statements_fts MATCH ?1 "
                              "LIMIT 1",
                              -1, &st, NULL);
  if (rc == SQLITE_OK) {
    sqlite3_bind_text(st, 1, query, -1, SQLITE_STATIC);
    rc = sqlite3_step(st);
  }
  int ok = rc == SQLITE_ROW || rc == SQLITE_DONE;
  if (!ok)
    snprintf(msg, msg_size, "%s", sqlite3_errmsg(h));
  sqlite3_finalize(st);
  return ok;
}

/* Turns a failed search into an error reply: a 400 when the text query is
 * what SQLite refuses (while a plain one works), else as db_error(). */
static int search_error(ws_reply *reply, ws_db *db, ws_db_status st, const char *query) {
  char msg[256], other[256];
  if (st != WS_DB_ERR_INVALID && query && !t_timed_out && !fts_query_ok(db, query, msg, sizeof msg) &&
      fts_query_ok(db, "\"whosaid\"", other, sizeof other))
    return ws_reply_error(reply, 400, "bad_query",
                          "the text query is not valid (%s); quote words with special "
                          "characters, as in \"U.S.\"",
                          msg);
  return db_error(reply, db, st);
}

/* ---- Parameters --------------------------------------------------------- */

/* Reads ?name= as a whole number in [lo, hi] into *out (def when absent).
 * Values above hi are capped when cap is set, else refused. Returns 0, or
 * -1 with a 400 reply. */
static int arg_int(const ws_req *req, ws_reply *reply, const char *name, long long lo,
                   long long hi, int cap, long long def, long long *out) {
  const char *s = ws_req_arg(req, name);
  *out = def;
  if (!s)
    return 0;
  char *end;
  errno = 0;
  long long v = strtoll(s, &end, 10);
  int range = errno == ERANGE;
  if (!*s || *end || (range && !(cap && v > 0))) {
    ws_reply_error(reply, 400, "bad_parameter", "'%s' must be a whole number", name);
    return -1;
  }
  if (v > hi && cap)
    v = hi;
  if (v < lo || v > hi) {
    ws_reply_error(reply, 400, "bad_parameter", "'%s' must be between %lld and %lld",
                   name, lo, hi);
    return -1;
  }
  *out = v;
  return 0;
}

/* Reads a date parameter: an ISO 8601 prefix YYYY, YYYY-MM or YYYY-MM-DD.
 * Returns 0 (*out NULL when absent), or -1 with a 400 reply. */
static int arg_date(const ws_req *req, ws_reply *reply, const char *name,
                    const char **out) {
  const char *s = ws_req_arg(req, name);
  *out = NULL;
  if (!s || !*s)
    return 0;
  size_t n = strlen(s);
  int ok = n == 4 || n == 7 || n == 10;
  for (size_t i = 0; ok && i < n; i++)
    ok = (i == 4 || i == 7) ? s[i] == '-' : isdigit((unsigned char)s[i]) != 0;
  if (!ok) {
    ws_reply_error(reply, 400, "bad_parameter",
                   "'%s' must be a date: YYYY, YYYY-MM or YYYY-MM-DD", name);
    return -1;
  }
  *out = s;
  return 0;
}

/* Reads a parameter that must be one of the NULL-terminated values.
 * Returns 0 (*out NULL when absent or empty), or -1 with a 400 reply. */
static int arg_enum(const ws_req *req, ws_reply *reply, const char *name,
                    const char *const *values, const char **out) {
  const char *s = ws_req_arg(req, name);
  *out = NULL;
  if (!s || !*s)
    return 0;
  for (size_t i = 0; values[i]; i++)
    if (strcmp(s, values[i]) == 0) {
      *out = s;
      return 0;
    }
  ws_sbuf list = {0};
  for (size_t i = 0; values[i]; i++)
    ws_sb_printf(&list, "%s%s", i ? ", " : "", values[i]);
  ws_reply_error(reply, 400, "bad_parameter", "'%s' must be one of: %.*s", name,
                 (int)list.len, list.data ? list.data : "");
  ws_sb_free(&list);
  return -1;
}

/* A non-empty text parameter, or NULL. */
static const char *arg_text(const ws_req *req, const char *name) {
  const char *s = ws_req_arg(req, name);
  return s && *s ? s : NULL;
}

static const char *const KINDS[] = {"direct", "indirect", "mixed", NULL};
static const char *const GENDERS[] = {"female", "male", "unknown", NULL};
static const char *const SPEAKER_KINDS[] = {"person", "organisation", "unknown", NULL};

/* ---- JSON of the records ------------------------------------------------ */

/* Appends ,"key":"value" (or null). */
static void field_str(ws_sbuf *b, const char *key, const char *v) {
  ws_sb_put(b, ",", 1);
  ws_sb_key(b, key);
  ws_sb_json_cstr(b, v);
}

/* Appends ,"key":n. */
static void field_int(ws_sbuf *b, const char *key, int64_t v) {
  ws_sb_printf(b, ",\"%s\":%" PRId64, key, v);
}

/* Appends ,"key":n, or null when v is 0 (an id that is absent). */
static void field_id(ws_sbuf *b, const char *key, int64_t v) {
  if (v)
    field_int(b, key, v);
  else
    ws_sb_printf(b, ",\"%s\":null", key);
}

/* Appends ,"key":{"text":…,"start":…,"end":…}, or null when text is NULL. */
static void field_span(ws_sbuf *b, const char *key, const char *text, int64_t start,
                       int64_t end) {
  ws_sb_put(b, ",", 1);
  ws_sb_key(b, key);
  if (!text) {
    ws_sb_puts(b, "null");
    return;
  }
  ws_sb_puts(b, "{\"text\":");
  ws_sb_json_cstr(b, text);
  ws_sb_printf(b, ",\"start\":%" PRId64 ",\"end\":%" PRId64 "}", start, end);
}

/* Appends the figures, JSON text from the database, after checking that it
 * is a JSON array (else []), so a damaged row cannot break the reply. */
static void field_figures(ws_sbuf *b, const char *figures) {
  ws_sb_puts(b, ",\"figures\":");
  if (!figures || strcmp(figures, "[]") == 0) {
    ws_sb_puts(b, "[]");
    return;
  }
  json_t *j = json_loads(figures, JSON_REJECT_DUPLICATES, NULL);
  if (j && json_is_array(j))
    ws_sb_puts(b, figures);
  else
    ws_sb_puts(b, "[]");
  json_decref(j);
}

/* Appends one statement as a JSON object. */
static void write_statement(ws_sbuf *b, const ws_db_statement *s) {
  ws_sb_printf(b, "{\"id\":%" PRId64 ",\"document_id\":%" PRId64, s->id, s->document_id);
  field_id(b, "speaker_id", s->speaker_id);
  ws_sb_printf(b, ",\"seq\":%d", s->seq);
  field_str(b, "kind", s->kind);
  field_str(b, "text", s->text);
  if (s->snippet)
    field_str(b, "highlight", s->snippet);
  ws_sb_printf(b, ",\"start\":%" PRId64 ",\"end\":%" PRId64 ",\"group\":%d", s->start,
               s->end, s->group);
  field_str(b, "speaker", s->speaker);
  field_str(b, "speaker_name", s->speaker_name);
  field_str(b, "speaker_role", s->speaker_role);
  field_span(b, "speaker_mention", s->mention, s->mention_start, s->mention_end);
  field_span(b, "cue", s->cue, s->cue_start, s->cue_end);
  field_str(b, "channel", s->channel);
  field_str(b, "date", s->date);
  field_str(b, "addressee", s->addressee);
  field_figures(b, s->figures);
  ws_sb_printf(b, ",\"confidence\":%.3g,\"document\":{\"doc\":", s->confidence);
  ws_sb_json_cstr(b, s->doc);
  field_str(b, "url", s->url);
  field_str(b, "title", s->title);
  field_str(b, "date", s->doc_date);
  field_str(b, "outlet", s->outlet);
  ws_sb_puts(b, "}}");
}

/* A list being written: the buffer and the number of items so far. */
typedef struct list_out {
  ws_sbuf *b;
  size_t n;
  size_t max; /* Stop after this many (0: no cap). */
  int more;   /* An item past max was offered: a next page exists. */
} list_out;

/* Called before an item is written: returns 1 (and sets more) when the
 * list is full, else writes the separator and counts the item. */
static int list_full(list_out *l) {
  if (l->max && l->n >= l->max) {
    l->more = 1;
    return 1;
  }
  if (l->n++)
    ws_sb_put(l->b, ",", 1);
  return 0;
}

/* ws_db_statement_fn: appends a statement to the list. */
static int on_statement(void *userdata, const ws_db_statement *s) {
  list_out *l = userdata;
  if (list_full(l))
    return 1;
  write_statement(l->b, s);
  return l->b->oom;
}

/* ---- GET /api/statements ------------------------------------------------ */

/* Reads the filters of a statement search. Returns 0, or -1 with a 400. */
static int read_filter(const ws_req *req, ws_reply *reply, unsigned max_limit,
                       ws_db_filter *f) {
  long long limit, speaker_id, doc_id;
  memset(f, 0, sizeof *f);
  if (arg_int(req, reply, "limit", 1, max_limit, 1, 20, &limit) ||
      arg_int(req, reply, "speaker_id", 1, INT64_MAX, 0, 0, &speaker_id) ||
      arg_int(req, reply, "document", 1, INT64_MAX, 0, 0, &doc_id) ||
      arg_date(req, reply, "since", &f->since) || arg_date(req, reply, "until", &f->until) ||
      arg_enum(req, reply, "kind", KINDS, &f->kind) ||
      arg_enum(req, reply, "gender", GENDERS, &f->gender) ||
      arg_enum(req, reply, "speaker_kind", SPEAKER_KINDS, &f->speaker_kind))
    return -1;
  f->limit = (int)limit;
  f->speaker_id = speaker_id;
  f->document_id = doc_id;
  f->query = arg_text(req, "q");
  f->speaker = arg_text(req, "speaker");
  f->channel = arg_text(req, "channel");
  f->outlet = arg_text(req, "outlet");
  f->cursor = arg_text(req, "cursor");
  if (f->cursor && strlen(f->cursor) >= WS_DB_CURSOR_MAX)
    return ws_reply_error(reply, 400, "bad_cursor", "the cursor is not one this server gave"),
           -1;
  if (f->query && strlen(f->query) > 1000)
    return ws_reply_error(reply, 400, "bad_query", "the query is longer than 1000 bytes"),
           -1;
  return 0;
}

/* GET /api/statements?q=&speaker=&speaker_id=&channel=&kind=&outlet=
 * &gender=&speaker_kind=&since=&until=&document=&cursor=&limit=&count=1 */
int ws_api_statements(ws_server *srv, const ws_req *req, ws_reply *reply) {
  ws_db_filter f;
  if (read_filter(req, reply, ws_server_config(srv)->max_limit, &f) != 0)
    return 0;
  ws_db *db = thread_db(reply);
  if (!db)
    return 0;
  ws_sbuf *b = &reply->body;
  char next[WS_DB_CURSOR_MAX] = "";
  list_out l = {b, 0, 0, 0};
  ws_sb_puts(b, "{\"statements\":[");
  ws_db_status st = ws_db_search(db, &f, on_statement, &l, next);
  if (st != WS_DB_OK && st != WS_DB_STOPPED)
    return search_error(reply, db, st, f.query);
  /* A search runs as several short queries (the page's ids, then each
   * statement), which may each end before SQLite's progress handler is
   * first called: the deadline is checked once more at the end. */
  if (!t_timed_out && t_deadline > 0 && mono_now() > t_deadline)
    t_timed_out = 1;
  if (t_timed_out)
    return db_error(reply, db, WS_DB_ERR_IO);
  ws_sb_puts(b, "],\"next_cursor\":");
  ws_sb_json_cstr(b, next[0] ? next : NULL);
  const char *count = ws_req_arg(req, "count");
  if (count && strcmp(count, "1") == 0) {
    int64_t n = 0;
    st = ws_db_count(db, &f, &n);
    if (st == WS_DB_OK)
      field_int(b, "total", n);
    else if (!t_timed_out) /* A count that takes too long is left out. */
      return search_error(reply, db, st, f.query);
  }
  ws_sb_puts(b, "}\n");
  return 0;
}

/* ---- Speakers ----------------------------------------------------------- */

/* Appends one speaker's fields (without the closing brace). */
static void write_speaker_fields(ws_sbuf *b, const ws_db_speaker_rec *s) {
  ws_sb_printf(b, "{\"id\":%" PRId64, s->id);
  field_str(b, "name", s->name);
  field_str(b, "kind", s->kind);
  field_str(b, "gender", s->gender);
  field_str(b, "role", s->role);
  field_int(b, "statements", s->n_statements);
  field_int(b, "documents", s->n_documents);
  field_str(b, "first_date", s->first_date);
  field_str(b, "last_date", s->last_date);
  field_str(b, "top_channel", s->top_channel);
}

/* ws_db_speaker_fn: appends a speaker to the list. */
static int on_speaker(void *userdata, const ws_db_speaker_rec *s) {
  list_out *l = userdata;
  if (list_full(l))
    return 1;
  write_speaker_fields(l->b, s);
  ws_sb_put(l->b, "}", 1);
  return l->b->oom;
}

/* GET /api/speakers?q=&kind=&gender=&channel=&since=&until=&limit=&offset= */
int ws_api_speakers(ws_server *srv, const ws_req *req, ws_reply *reply) {
  ws_db_speaker_filter f = {0};
  long long limit, offset;
  if (arg_int(req, reply, "limit", 1, ws_server_config(srv)->max_limit, 1, 20, &limit) ||
      arg_int(req, reply, "offset", 0, 1000000, 0, 0, &offset) ||
      arg_enum(req, reply, "kind", SPEAKER_KINDS, &f.kind) ||
      arg_enum(req, reply, "gender", GENDERS, &f.gender) ||
      arg_date(req, reply, "since", &f.since) || arg_date(req, reply, "until", &f.until))
    return 0;
  f.name = arg_text(req, "q");
  f.channel = arg_text(req, "channel");
  f.limit = (int)limit + 1; /* One more tells whether a next page exists. */
  f.offset = (int)offset;
  ws_db *db = thread_db(reply);
  if (!db)
    return 0;
  ws_sbuf *b = &reply->body;
  list_out l = {b, 0, (size_t)limit, 0};
  ws_sb_puts(b, "{\"speakers\":[");
  ws_db_status st = ws_db_speakers(db, &f, on_speaker, &l);
  if (st != WS_DB_OK && st != WS_DB_STOPPED)
    return db_error(reply, db, st);
  ws_sb_puts(b, "],\"next_offset\":");
  if (l.more)
    ws_sb_printf(b, "%lld}\n", offset + limit);
  else
    ws_sb_puts(b, "null}\n");
  return 0;
}

/* ws_db_count_fn: appends {"key":…,"n":…} to a list. */
static int on_count(void *userdata, const char *key, int64_t n) {
  list_out *l = userdata;
  if (list_full(l))
    return 1;
  ws_sb_puts(l->b, "{\"key\":");
  ws_sb_json_cstr(l->b, key);
  ws_sb_printf(l->b, ",\"n\":%" PRId64 "}", n);
  return l->b->oom;
}

/* ws_db_count_fn for month x channel keys "MONTH\x1fCHANNEL". */
static int on_month_channel(void *userdata, const char *key, int64_t n) {
  list_out *l = userdata;
  const char *sep = strchr(key, '\x1f');
  if (list_full(l))
    return 1;
  ws_sb_puts(l->b, "{\"month\":");
  ws_sb_json_str(l->b, key, sep ? (size_t)(sep - key) : strlen(key));
  ws_sb_puts(l->b, ",\"channel\":");
  ws_sb_json_cstr(l->b, sep ? sep + 1 : NULL);
  ws_sb_printf(l->b, ",\"n\":%" PRId64 "}", n);
  return l->b->oom;
}

/* ws_db_speaker_fn for one speaker: writes its fields. */
static int on_one_speaker(void *userdata, const ws_db_speaker_rec *s) {
  write_speaker_fields(userdata, s);
  return 0;
}

/* Finds the speaker an {id} path part names: a number, else a name.
 * Returns 0 with *id set, or -1 with a reply. */
static int speaker_id_of(ws_db *db, const ws_req *req, ws_reply *reply, int64_t *id) {
  const char *t = req->tail;
  char *end;
  errno = 0;
  long long v = strtoll(t, &end, 10);
  if (*t && isdigit((unsigned char)*t) && !*end && !errno && v > 0) {
    *id = v;
    return 0;
  }
  ws_db_status st = ws_db_speaker_find(db, t, id);
  if (st == WS_DB_ERR_NOT_FOUND)
    return ws_reply_error(reply, 404, "not_found", "no speaker called '%s'", t), -1;
  if (st != WS_DB_OK)
    return db_error(reply, db, st), -1;
  return 0;
}

/* Appends ,"name":[facet list] of speaker id. Returns the db status. */
static ws_db_status write_facet(ws_sbuf *b, ws_db *db, int64_t id, const char *name,
                                ws_db_facet facet, size_t max) {
  list_out l = {b, 0, max, 0};
  ws_sb_put(b, ",", 1);
  ws_sb_key(b, name);
  ws_sb_put(b, "[", 1);
  ws_db_status st = ws_db_speaker_facet(db, id, facet, on_count, &l);
  ws_sb_put(b, "]", 1);
  return st == WS_DB_STOPPED ? WS_DB_OK : st;
}

/* GET /api/speakers/{id or name}: the speaker, aliases, roles, channels,
 * outlets, statements by month and by month and channel. */
int ws_api_speaker(ws_server *srv, const ws_req *req, ws_reply *reply) {
  (void)srv;
  ws_db *db = thread_db(reply);
  int64_t id;
  if (!db || speaker_id_of(db, req, reply, &id) != 0)
    return 0;
  ws_sbuf *b = &reply->body;
  ws_db_status st = ws_db_speaker_get(db, id, on_one_speaker, b);
  if (st != WS_DB_OK)
    return db_error(reply, db, st);
  static const struct {
    const char *name;
    ws_db_facet facet;
    size_t max;
  } FACETS[] = {{"aliases", WS_DB_FACET_ALIASES, 100},
                {"roles", WS_DB_FACET_ROLES, 50},
                {"channels", WS_DB_FACET_CHANNELS, 100},
                {"outlets", WS_DB_FACET_OUTLETS, 100},
                {"months", WS_DB_FACET_MONTHS, 0}};
  for (size_t i = 0; i < sizeof FACETS / sizeof FACETS[0]; i++)
    if ((st = write_facet(b, db, id, FACETS[i].name, FACETS[i].facet, FACETS[i].max)))
      return db_error(reply, db, st);
  ws_db_filter f = {0};
  f.speaker_id = id;
  list_out l = {b, 0, 0, 0};
  ws_sb_puts(b, ",\"by_month_channel\":[");
  st = ws_db_breakdown(db, &f, WS_DB_DIM_MONTH, WS_DB_DIM_CHANNEL, 0, on_month_channel, &l);
  if (st != WS_DB_OK && st != WS_DB_STOPPED)
    return db_error(reply, db, st);
  ws_sb_puts(b, "]}\n");
  return 0;
}

/* ---- GET /api/documents/{id} ------------------------------------------- */

/* ws_db_document_fn: writes the document's fields (without closing). */
static int on_document(void *userdata, const ws_db_document *d) {
  ws_sbuf *b = userdata;
  ws_sb_printf(b, "{\"id\":%" PRId64, d->id);
  field_str(b, "doc", d->doc);
  field_str(b, "url", d->url);
  field_str(b, "title", d->title);
  field_str(b, "date", d->date);
  field_str(b, "byline", d->byline);
  field_str(b, "source", d->source);
  field_str(b, "outlet", d->outlet);
  field_int(b, "n_statements", d->n_statements);
  field_str(b, "text", d->text);
  return 0;
}

/* GET /api/documents/{id}: the document, its text (when the database has
 * it) and all its statements in document order, with their offsets. */
int ws_api_document(ws_server *srv, const ws_req *req, ws_reply *reply) {
  (void)srv;
  char *end;
  errno = 0;
  long long id = strtoll(req->tail, &end, 10);
  if (!isdigit((unsigned char)req->tail[0]) || *end || errno || id <= 0)
    return ws_reply_error(reply, 404, "not_found", "no document '%s': ids are numbers",
                          req->tail);
  ws_db *db = thread_db(reply);
  if (!db)
    return 0;
  ws_sbuf *b = &reply->body;
  ws_db_status st = ws_db_document_get(db, id, on_document, b);
  if (st != WS_DB_OK)
    return db_error(reply, db, st);
  ws_sb_puts(b, ",\"statements\":[");
  ws_db_filter f = {0};
  f.document_id = id;
  f.limit = 1000;
  char cursor[WS_DB_CURSOR_MAX] = "";
  list_out l = {b, 0, DOC_MAX_STATEMENTS, 0};
  do {
    f.cursor = cursor[0] ? cursor : NULL;
    char next[WS_DB_CURSOR_MAX] = "";
    st = ws_db_search(db, &f, on_statement, &l, next);
    if (st != WS_DB_OK && st != WS_DB_STOPPED)
      return db_error(reply, db, st);
    memcpy(cursor, next, sizeof cursor);
  } while (st == WS_DB_OK && cursor[0]);
  ws_sb_puts(b, "]}\n");
  return 0;
}

/* ---- GET /api/exchanges ------------------------------------------------- */

/* A list of exchanges being written, with a statement that finds the
 * document of each exchange's statement (the db layer's record lacks it). */
typedef struct exchange_out {
  list_out l;
  sqlite3_stmt *doc_of;
} exchange_out;

/* Returns the document id of statement id, or 0 when unknown. */
static int64_t document_of(sqlite3_stmt *st, int64_t id) {
  int64_t doc = 0;
  if (!st)
    return 0;
  sqlite3_bind_int64(st, 1, id);
  if (sqlite3_step(st) == SQLITE_ROW)
    doc = sqlite3_column_int64(st, 0);
  sqlite3_reset(st);
  return doc;
}

/* ws_db_exchange_fn: appends an exchange to the list. */
static int on_exchange(void *userdata, const ws_db_exchange *e) {
  exchange_out *x = userdata;
  list_out *l = &x->l;
  ws_sbuf *b = l->b;
  if (list_full(l))
    return 1;
  ws_sb_printf(b, "{\"statement_id\":%" PRId64, e->statement_id);
  field_id(b, "document_id", document_of(x->doc_of, e->statement_id));
  field_id(b, "from_id", e->from_id);
  field_str(b, "from_name", e->from_name);
  field_id(b, "to_id", e->to_id);
  field_str(b, "to_name", e->to_name);
  field_str(b, "via", e->via);
  field_str(b, "date", e->doc_date);
  field_str(b, "channel", e->channel);
  field_str(b, "text", e->text);
  field_str(b, "url", e->url);
  field_str(b, "title", e->title);
  ws_sb_put(b, "}", 1);
  return b->oom;
}

/* GET /api/exchanges?speaker=&speaker_id=&since=&until=&limit=&offset= */
int ws_api_exchanges(ws_server *srv, const ws_req *req, ws_reply *reply) {
  long long limit, offset, speaker_id;
  const char *since, *until;
  if (arg_int(req, reply, "limit", 1, ws_server_config(srv)->max_limit, 1, 50, &limit) ||
      arg_int(req, reply, "offset", 0, 1000000, 0, 0, &offset) ||
      arg_int(req, reply, "speaker_id", 1, INT64_MAX, 0, 0, &speaker_id) ||
      arg_date(req, reply, "since", &since) || arg_date(req, reply, "until", &until))
    return 0;
  ws_db *db = thread_db(reply);
  if (!db)
    return 0;
  const char *name = arg_text(req, "speaker");
  int64_t sid = speaker_id;
  ws_db_status st;
  if (!sid && name && (st = ws_db_speaker_find(db, name, &sid)) != WS_DB_OK)
    return st == WS_DB_ERR_NOT_FOUND
               ? ws_reply_error(reply, 404, "not_found", "no speaker called '%s'", name)
               : db_error(reply, db, st);
  ws_sbuf *b = &reply->body;
  exchange_out x = {{b, 0, (size_t)limit, 0}, NULL};
  sqlite3_prepare_v2(ws_db_sqlite(db), "SELECT document_id FROM statements WHERE id = ?",
                     -1, &x.doc_of, NULL);
  ws_sb_puts(b, "{\"exchanges\":[");
  st = ws_db_exchanges(db, sid, since, until, (int)limit + 1, (int)offset, on_exchange, &x);
  sqlite3_finalize(x.doc_of);
  if (st != WS_DB_OK && st != WS_DB_STOPPED)
    return db_error(reply, db, st);
  ws_sb_puts(b, "],\"next_offset\":");
  if (x.l.more)
    ws_sb_printf(b, "%lld", offset + limit);
  else
    ws_sb_puts(b, "null");
  ws_sb_puts(b, "}\n");
  return 0;
}

/* ---- /healthz ----------------------------------------------------------- */

/* This thread's totals of the database and the data version they were
 * counted at: counting a million rows takes milliseconds, so /healthz
 * counts again only after another connection has committed. */
static _Thread_local struct {
  int valid;
  int64_t version;
  ws_db_totals t;
} t_totals;

/* Returns PRAGMA data_version of the handle, or -1. */
static int64_t data_version(ws_db *db) {
  sqlite3_stmt *st = NULL;
  int64_t v = -1;
  if (sqlite3_prepare_v2(ws_db_sqlite(db), "PRAGMA data_version", -1, &st, NULL) ==
          SQLITE_OK &&
      sqlite3_step(st) == SQLITE_ROW)
    v = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  return v;
}

/* Appends the database's part of /healthz: its path and totals. Returns
 * 0, -1 when the database cannot be read, -2 when counting took longer
 * than the query timeout. */
int ws_api_health_db(ws_sbuf *b) {
  ws_reply tmp = {0};
  ws_db *db = thread_db(&tmp);
  ws_sb_free(&tmp.body);
  if (!db)
    return -1;
  int64_t v = data_version(db);
  if (!t_totals.valid || v < 0 || v != t_totals.version) {
    if (ws_db_get_totals(db, &t_totals.t) != WS_DB_OK) {
      t_totals.valid = 0;
      return t_timed_out ? -2 : -1;
    }
    t_totals.valid = 1;
    t_totals.version = v;
  }
  const ws_db_totals *t = &t_totals.t;
  ws_sb_puts(b, "{\"path\":");
  ws_sb_json_cstr(b, g_path);
  ws_sb_printf(b,
               ",\"schema_version\":%d,\"documents\":%" PRId64 ",\"statements\":%" PRId64
               ",\"speakers\":%" PRId64 ",\"exchanges\":%" PRId64 "}",
               t->schema_version, t->documents, t->statements, t->speakers, t->exchanges);
  return 0;
}
