/* serve.h: the internal interface between the files of `whosaid serve`:
 * serve.c (command line, start and stop), serve_http.c (libmicrohttpd,
 * routing, limits, headers, errors), serve_buf.c (growable buffers and
 * JSON), serve_extract.c (POST /api/extract), serve_db.c (the read-only
 * database and its endpoints) and the web assets compiled in from web/ by
 * tools/gen_web.py. */
#ifndef WS_SERVE_H
#define WS_SERVE_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

/* One file of the web page, compiled into the tool from web/. */
typedef struct ws_web_asset {
  const char *path;          /* URL path, such as "/app.js". */
  const char *type;          /* Content-Type. */
  const unsigned char *data; /* The bytes (followed by a NUL not counted). */
  size_t len;
  const char *etag;          /* A quoted ETag made from a hash of the bytes. */
} ws_web_asset;

/* The assets, ws_web_asset_count of them, then an entry of NULLs. */
extern const ws_web_asset ws_web_assets[];
extern const size_t ws_web_asset_count;

/* ---- Buffers and JSON (serve_buf.c) ------------------------------------ */

/* A growable byte buffer. After an allocation fails, oom is set and further
 * writes are ignored; the owner checks oom once at the end. */
typedef struct ws_sbuf {
  char *data;
  size_t len, cap;
  int oom;
} ws_sbuf;

/* Appends len bytes. */
void ws_sb_put(ws_sbuf *b, const void *data, size_t len);
/* Appends a NUL-terminated string. */
void ws_sb_puts(ws_sbuf *b, const char *s);
/* Appends formatted text (printf). */
void ws_sb_printf(ws_sbuf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void ws_sb_vprintf(ws_sbuf *b, const char *fmt, va_list ap);
/* Appends s (len bytes) as a JSON string literal; invalid UTF-8 becomes
 * U+FFFD. s == NULL appends null. */
void ws_sb_json_str(ws_sbuf *b, const char *s, size_t len);
/* The same for a NUL-terminated string (NULL appends null). */
void ws_sb_json_cstr(ws_sbuf *b, const char *s);
/* Appends "\"key\":" (key is a plain ASCII literal). */
void ws_sb_key(ws_sbuf *b, const char *key);
/* Frees the buffer's memory and empties it. */
void ws_sb_free(ws_sbuf *b);
/* A ws_write_fn that appends to the ws_sbuf in userdata. */
int ws_sb_write_fn(void *userdata, const char *data, size_t len);

/* ---- Requests and replies (serve_http.c) -------------------------------- */

/* What a handler sees of a request. */
typedef struct ws_req {
  const char *method;   /* "GET", "POST"... */
  const char *path;     /* The URL path, without the query string. */
  const char *tail;     /* For routes with an id: the part after the prefix. */
  void *conn;           /* The struct MHD_Connection. */
  const char *body;     /* POST body (NULL for none), body_len bytes. */
  size_t body_len;
  const char *content_type; /* The Content-Type header, or NULL. */
} ws_req;

/* A handler's answer: a status, a body and its type. The body buffer is
 * handed to libmicrohttpd, which frees it. */
typedef struct ws_reply {
  unsigned status;
  ws_sbuf body;
  const char *type;  /* Content-Type; NULL means JSON. */
  const char *allow; /* Allow header for 405, or NULL. */
  int retry_after;   /* Retry-After seconds for 429/503, or 0. */
  const char *cache; /* X-Cache header: "hit" or "miss", or NULL. */
} ws_reply;

/* Returns the query-string argument called name, or NULL when absent. */
const char *ws_req_arg(const ws_req *req, const char *name);

/* Makes reply an error: status, a short machine-readable code such as
 * "bad_request", and a formatted message, as
 * {"error":{"status":…,"code":…,"message":…}}. Returns 0, so handlers can
 * `return ws_reply_error(...)`. */
int ws_reply_error(ws_reply *reply, unsigned status, const char *code, const char *fmt,
                   ...) __attribute__((format(printf, 4, 5)));

/* ---- The server (serve.c, serve_http.c) --------------------------------- */

/* The server's settings, from the command line. */
typedef struct ws_serve_config {
  const char *db_path;     /* The database, or NULL for none (extract only). */
  const char *host;        /* Address to listen on (default 127.0.0.1). */
  unsigned port;           /* Port; 0 picks a free one. */
  unsigned threads;        /* Thread pool size. */
  size_t max_body;         /* Largest request body, bytes. */
  unsigned timeout;        /* Idle connection timeout, seconds. */
  unsigned max_limit;      /* Largest `limit` of a list request. */
  unsigned max_extract;    /* Extractions at once before 429. */
  double rate_limit;       /* Requests a second per client address; 0 = off. */
  unsigned max_connections; /* Open connections at once. */
  int access_log;          /* Print one line a request on stderr. */
  size_t cache_size;       /* Bytes of replies kept; 0 = no cache. */
  double query_timeout;    /* Seconds a request may spend in the database. */
} ws_serve_config;

/* The running server's state shared by handlers. */
typedef struct ws_server ws_server;

/* Starts serving with cfg; returns NULL after printing why on stderr. On
 * success *port holds the port listened on. */
ws_server *ws_server_start(const ws_serve_config *cfg, unsigned *port);
/* Stops the server and frees it. */
void ws_server_stop(ws_server *srv);
/* The configuration the server runs with. */
const ws_serve_config *ws_server_config(const ws_server *srv);
/* Takes one of the max_extract extraction slots: 1, or 0 when none is free
 * (the caller answers 429). A slot taken is given back with
 * ws_server_give_extract(). */
int ws_server_take_extract(ws_server *srv);
void ws_server_give_extract(ws_server *srv);

/* ---- The reply cache (serve_cache.c) ------------------------------------ */

/* Sets up a cache of at most max_bytes of replies (0: none); 0 or -1. */
int ws_cache_init(size_t max_bytes);
void ws_cache_fini(void);
int ws_cache_enabled(void);
/* On a hit for key (n bytes) made at generation gen, appends the body to
 * out and returns its status; else returns 0. */
unsigned ws_cache_get(const char *key, size_t n, uint64_t gen, ws_sbuf *out);
/* Keeps a reply for key at generation gen (evicting the least recently
 * used past the size). */
void ws_cache_put(const char *key, size_t n, uint64_t gen, unsigned status,
                  const char *body, size_t len);

/* ---- Endpoints ---------------------------------------------------------- */

/* POST /api/extract (serve_extract.c). */
int ws_api_extract(ws_server *srv, const ws_req *req, ws_reply *reply);
/* Sets up and frees what the extract endpoint shares (the engine). */
int ws_extract_init(void);
void ws_extract_fini(void);

/* The database (serve_db.c): opened read-only, one connection a thread. */
int ws_db_init(const char *path);          /* 0, or -1 after printing why. */
void ws_db_fini(void);                     /* Closes every connection. */
int ws_db_enabled(void);                   /* Whether a database is open. */
/* The longest time a request may spend in the database (0: no limit);
 * past it the query is interrupted and the reply is a 503. */
void ws_db_set_query_timeout(double seconds);
/* The database's generation: a number that changes after another
 * connection (an `index` run) has committed, for the reply cache. */
uint64_t ws_db_generation(void);
int ws_api_health_db(ws_sbuf *out);        /* Appends the database's part of
                                              /healthz; 0 or -1. */
int ws_api_statements(ws_server *srv, const ws_req *req, ws_reply *reply);
int ws_api_speakers(ws_server *srv, const ws_req *req, ws_reply *reply);
int ws_api_speaker(ws_server *srv, const ws_req *req, ws_reply *reply);
int ws_api_document(ws_server *srv, const ws_req *req, ws_reply *reply);
int ws_api_exchanges(ws_server *srv, const ws_req *req, ws_reply *reply);

#endif
