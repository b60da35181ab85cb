/* serve_http.c: the HTTP layer of `whosaid serve`, on libmicrohttpd with a
 * thread pool. It routes requests to the endpoints (a fixed table; the web
 * page's files come from the table compiled in from web/, so no request
 * path ever reaches the file system), enforces the limits (request body
 * size, rate per client address, extractions at once, idle timeout,
 * connections), adds the security headers to every response and turns
 * every failure into a JSON error with a status code that fits. */
#define _POSIX_C_SOURCE 200809L

#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include <microhttpd.h>

#include "serve.h"
#include "serve_mhd.h"
#include "whosaid.h"

/* The Content-Security-Policy of every response: the page loads only its
 * own script, style and data; no inline script, no framing. */
#define CSP                                                                          \
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " \
  "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

/* Slots of the rate limiter's table of client addresses. */
#define RATE_SLOTS 4096

/* A token bucket for one client address. */
typedef struct rate_slot {
  unsigned char addr[16];
  double tokens;
  double stamp; /* Seconds, monotonic, of the last refill. */
  int used;
} rate_slot;

struct ws_server {
  ws_serve_config cfg;
  struct MHD_Daemon *daemon;
  struct MHD_Response **assets;     /* One prepared response an asset. */
  struct MHD_Response **not_modified; /* 304 with the asset's ETag. */
  atomic_uint extracting;           /* Extractions running now. */
  pthread_mutex_t rate_lock;
  rate_slot *rate;                  /* RATE_SLOTS of them, or NULL when off. */
};

/* What a request accumulates between libmicrohttpd's calls. */
typedef struct req_ctx {
  ws_sbuf body;
  unsigned status; /* The status of an API reply, for the access log. */
  char *path;      /* "METHOD /path", for the access log. */
  size_t seen;   /* Body bytes received, kept or not. */
  int too_big;   /* The body passed the limit: answer 413 at its end. */
  double start;  /* When the headers were in: the body must follow within
                    the timeout, however it trickles. */
} req_ctx;

/* Returns a monotonic clock in seconds. */
static double now_seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- Replies ------------------------------------------------------------ */

/* Makes reply an error with a JSON body. Returns 0. */
int ws_reply_error(ws_reply *reply, unsigned status, const char *code, const char *fmt,
                   ...) {
  ws_sb_free(&reply->body);
  reply->status = status;
  reply->type = NULL;
  ws_sbuf msg = {0};
  va_list ap;
  va_start(ap, fmt);
  ws_sb_vprintf(&msg, fmt, ap);
  va_end(ap);
  ws_sb_printf(&reply->body, "{\"error\":{\"status\":%u,\"code\":", status);
  ws_sb_json_cstr(&reply->body, code);
  ws_sb_puts(&reply->body, ",\"message\":");
  ws_sb_json_str(&reply->body, msg.data ? msg.data : "", msg.len);
  ws_sb_puts(&reply->body, "}}\n");
  ws_sb_free(&msg);
  return 0;
}

/* Adds the headers every response carries. */
static void add_common_headers(struct MHD_Response *resp) {
  MHD_add_response_header(resp, "Content-Security-Policy", CSP);
  MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
  MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
  MHD_add_response_header(resp, "X-Frame-Options", "DENY");
}

/* Queues reply on the connection; the body's memory passes to
 * libmicrohttpd. A reply whose body ran out of memory becomes a 500. */
static enum MHD_Result send_reply(struct MHD_Connection *c, ws_reply *reply) {
  if (reply->body.oom)
    ws_reply_error(reply, 500, "out_of_memory", "the server ran out of memory");
  if (reply->body.oom) { /* Even the error could not be written. */
    ws_sb_free(&reply->body);
    return MHD_NO;
  }
  struct MHD_Response *resp = MHD_create_response_from_buffer_with_free_callback(
      reply->body.len, reply->body.data, free);
  if (!resp) {
    ws_sb_free(&reply->body);
    return MHD_NO;
  }
  reply->body.data = NULL;
  add_common_headers(resp);
  MHD_add_response_header(resp, "Content-Type",
                          reply->type ? reply->type : "application/json; charset=utf-8");
  MHD_add_response_header(resp, "Cache-Control", "no-store");
  if (reply->allow)
    MHD_add_response_header(resp, "Allow", reply->allow);
  if (reply->cache)
    MHD_add_response_header(resp, "X-Cache", reply->cache);
  if (reply->retry_after > 0) {
    char s[16];
    snprintf(s, sizeof s, "%d", reply->retry_after);
    MHD_add_response_header(resp, "Retry-After", s);
  }
  enum MHD_Result r = MHD_queue_response(c, reply->status, resp);
  MHD_destroy_response(resp);
  return r;
}

/* Queues a JSON error right away. */
static enum MHD_Result send_error(struct MHD_Connection *c, unsigned status,
                                  const char *code, const char *message, int retry) {
  ws_reply reply = {0};
  ws_reply_error(&reply, status, code, "%s", message);
  reply.retry_after = retry;
  return send_reply(c, &reply);
}

/* ---- Requests ----------------------------------------------------------- */

/* Returns the query-string argument called name, or NULL. */
const char *ws_req_arg(const ws_req *req, const char *name) {
  return MHD_lookup_connection_value(req->conn, MHD_GET_ARGUMENT_KIND, name);
}

/* GET /healthz: the server is up; says which database it serves. */
static int api_health(ws_server *srv, const ws_req *req, ws_reply *reply) {
  (void)req;
  int rc;
  ws_sbuf *b = &reply->body;
  ws_sb_puts(b, "{\"status\":\"ok\",\"version\":");
  ws_sb_json_cstr(b, ws_version());
  ws_sb_printf(b, ",\"threads\":%u,\"database\":", srv->cfg.threads);
  if (!ws_db_enabled())
    ws_sb_puts(b, "null");
  else if ((rc = ws_api_health_db(b)) == -2)
    return ws_reply_error(reply, 503, "query_timeout", "counting took too long");
  else if (rc != 0)
    return ws_reply_error(reply, 500, "database_error", "the database cannot be read");
  ws_sb_puts(b, "}\n");
  return 0;
}

/* A handler of one kind of request. */
typedef int (*handler_fn)(ws_server *srv, const ws_req *req, ws_reply *reply);

/* A route: a path (with_tail: a prefix followed by an id), the method it
 * takes ("GET" also takes HEAD), whether it needs the database. */
typedef struct route {
  const char *path;
  int with_tail;
  const char *method;
  int needs_db;
  handler_fn fn;
} route;

static const route ROUTES[] = {
    {"/api/statements", 0, "GET", 1, ws_api_statements},
    {"/api/speakers", 0, "GET", 1, ws_api_speakers},
    {"/api/speakers/", 1, "GET", 1, ws_api_speaker},
    {"/api/documents/", 1, "GET", 1, ws_api_document},
    {"/api/exchanges", 0, "GET", 1, ws_api_exchanges},
    {"/api/extract", 0, "POST", 0, ws_api_extract},
    {"/healthz", 0, "GET", 0, api_health},
};

/* Returns the route of path, setting *tail for routes with an id, or NULL. */
static const route *find_route(const char *path, const char **tail) {
  for (size_t i = 0; i < sizeof ROUTES / sizeof ROUTES[0]; i++) {
    const route *r = &ROUTES[i];
    size_t n = strlen(r->path);
    if (r->with_tail ? strncmp(path, r->path, n) == 0 && path[n] && !strchr(path + n, '/')
                     : strcmp(path, r->path) == 0) {
      *tail = r->with_tail ? path + n : NULL;
      return r;
    }
  }
  return NULL;
}

/* True when method is allowed on route r. */
static int method_ok(const route *r, const char *method) {
  if (strcmp(method, r->method) == 0)
    return 1;
  return strcmp(r->method, "GET") == 0 && strcmp(method, "HEAD") == 0;
}

/* libmicrohttpd's iterator over the query arguments: appends each to the
 * cache key, name and value after separators no decoded text holds. */
static enum MHD_Result key_arg(void *cls, enum MHD_ValueKind kind, const char *key,
                               const char *value) {
  (void)kind;
  ws_sbuf *b = cls;
  ws_sb_put(b, "\x01", 1);
  ws_sb_puts(b, key);
  ws_sb_put(b, "\x02", 1);
  if (value)
    ws_sb_puts(b, value);
  return MHD_YES;
}

/* Runs a database handler through the reply cache: a reply kept for the
 * same path and arguments at the database's current generation is used,
 * else the handler runs and a 200 is kept. */
static void run_cached(ws_server *srv, const route *r, ws_req *req, ws_reply *reply) {
  ws_sbuf key = {0};
  ws_sb_puts(&key, req->path);
  MHD_get_connection_values(req->conn, MHD_GET_ARGUMENT_KIND, key_arg, &key);
  uint64_t gen = ws_db_generation();
  unsigned status = key.oom ? 0 : ws_cache_get(key.data, key.len, gen, &reply->body);
  if (status) {
    reply->status = status;
    reply->cache = "hit";
  } else {
    ws_sb_free(&reply->body);
    r->fn(srv, req, reply);
    reply->cache = "miss";
    if (reply->status == 200 && !reply->body.oom && !key.oom)
      ws_cache_put(key.data, key.len, gen, reply->status, reply->body.data, reply->body.len);
  }
  ws_sb_free(&key);
}

/* Runs the route's handler, or answers 405 or 503. */
static enum MHD_Result run_route(ws_server *srv, const route *r, ws_req *req,
                                 unsigned *status) {
  ws_reply reply = {.status = 200};
  if (!method_ok(r, req->method)) {
    ws_reply_error(&reply, 405, "method_not_allowed", "%s is not allowed on %s; use %s",
                   req->method, req->path, r->method);
    reply.allow = strcmp(r->method, "GET") == 0 ? "GET, HEAD" : r->method;
  } else if (r->needs_db && !ws_db_enabled()) {
    ws_reply_error(&reply, 503, "no_database",
                   "the server runs without a database (start it with --db FILE)");
  } else if (r->needs_db && ws_cache_enabled()) {
    run_cached(srv, r, req, &reply);
  } else {
    r->fn(srv, req, &reply);
    if (reply.status == 429 && !reply.retry_after)
      reply.retry_after = 1;
  }
  *status = reply.status;
  return send_reply(req->conn, &reply);
}

/* Serves a compiled-in asset, or answers 404 when path names none. */
static enum MHD_Result serve_asset(ws_server *srv, struct MHD_Connection *c,
                                   const char *method, const char *path, unsigned *status) {
  if (strcmp(path, "/") == 0)
    path = "/index.html";
  for (size_t i = 0; i < ws_web_asset_count; i++) {
    if (strcmp(ws_web_assets[i].path, path) != 0)
      continue;
    if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0) {
      ws_reply reply = {0};
      *status = 405;
      ws_reply_error(&reply, 405, "method_not_allowed", "use GET on %s", path);
      reply.allow = "GET, HEAD";
      return send_reply(c, &reply);
    }
    const char *inm = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "If-None-Match");
    *status = inm && strcmp(inm, ws_web_assets[i].etag) == 0 ? 304 : 200;
    if (*status == 304)
      return MHD_queue_response(c, MHD_HTTP_NOT_MODIFIED, srv->not_modified[i]);
    return MHD_queue_response(c, MHD_HTTP_OK, srv->assets[i]);
  }
  *status = 404;
  return send_error(c, 404, "not_found", "no such page or endpoint", 0);
}

/* Answers 413: the body is over the limit. */
static enum MHD_Result send_too_big(ws_server *srv, struct MHD_Connection *c) {
  char msg[96];
  snprintf(msg, sizeof msg, "the request body is larger than the limit of %zu bytes",
           srv->cfg.max_body);
  return send_error(c, 413, "payload_too_large", msg, 0);
}

/* Takes one token from the bucket of the connection's client address.
 * Returns 1 when the request may go on, 0 when the client is over its
 * rate. The table is lossy: two addresses in one slot share a bucket
 * reset, which only ever lets more requests through. */
static int rate_ok(ws_server *srv, struct MHD_Connection *c) {
  if (!srv->rate)
    return 1;
  const union MHD_ConnectionInfo *ci =
      MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
  unsigned char addr[16] = {0};
  if (ci && ci->client_addr) {
    const struct sockaddr *sa = ci->client_addr;
    if (sa->sa_family == AF_INET)
      memcpy(addr, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, 4);
    else if (sa->sa_family == AF_INET6)
      memcpy(addr, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, 16);
  }
  uint32_t h = 2166136261u;
  for (int i = 0; i < 16; i++)
    h = (h ^ addr[i]) * 16777619u;
  double rate = srv->cfg.rate_limit, burst = rate * 2 > 1 ? rate * 2 : 1, t = now_seconds();
  pthread_mutex_lock(&srv->rate_lock);
  rate_slot *s = &srv->rate[h % RATE_SLOTS];
  if (!s->used || memcmp(s->addr, addr, 16) != 0) {
    memcpy(s->addr, addr, 16);
    s->used = 1;
    s->tokens = burst;
    s->stamp = t;
  }
  s->tokens += (t - s->stamp) * rate;
  if (s->tokens > burst)
    s->tokens = burst;
  s->stamp = t;
  int ok = s->tokens >= 1;
  if (ok)
    s->tokens -= 1;
  pthread_mutex_unlock(&srv->rate_lock);
  return ok;
}

/* The first call for a request: checks the rate and the announced body
 * size, which may be answered at once (429, 413) without reading the body.
 * Returns MHD_YES to go on reading. */
static enum MHD_Result first_call(ws_server *srv, struct MHD_Connection *c,
                                  const char *method, const char *url, req_ctx **out) {
  req_ctx *ctx = calloc(1, sizeof *ctx);
  if (!ctx)
    return MHD_NO;
  *out = ctx;
  ctx->start = now_seconds();
  if (srv->cfg.access_log) {
    size_t n = strlen(method) + strlen(url) + 2;
    if ((ctx->path = malloc(n)))
      snprintf(ctx->path, n, "%s %s", method, url);
  }
  if (!rate_ok(srv, c) && (ctx->status = 429))
    return send_error(c, 429, "too_many_requests",
                      "too many requests from this address; slow down", 1);
  const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
  if (cl) {
    char *end;
    errno = 0;
    unsigned long long n = strtoull(cl, &end, 10);
    if (errno || end == cl || n > srv->cfg.max_body) {
      /* A client that waits for "100 Continue", or that announces far more
       * than the limit, is answered at once and the connection closed.
       * Others are read to the end (discarding) and then answered, so
       * that a simple client sees the 413 rather than a broken pipe. */
      ctx->too_big = 1;
      const char *expect = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Expect");
      if (errno || end == cl || n / 4 > srv->cfg.max_body || expect)
        return ctx->status = 413, send_too_big(srv, c);
    }
  }
  return MHD_YES;
}

/* Takes one piece of the body: keeps it while under the limit. Returns
 * MHD_NO to drop a connection that keeps sending far past the limit, or
 * whose body takes longer than the timeout to arrive (a client trickling a
 * byte at a time is never idle long enough for the idle timeout). */
static enum MHD_Result take_body(ws_server *srv, req_ctx *ctx, const char *data,
                                 size_t *size) {
  if (now_seconds() - ctx->start > srv->cfg.timeout)
    return MHD_NO;
  ctx->seen += *size;
  if (!ctx->too_big && ctx->body.len + *size <= srv->cfg.max_body)
    ws_sb_put(&ctx->body, data, *size);
  else
    ctx->too_big = 1;
  *size = 0;
  return ctx->seen / 4 > srv->cfg.max_body ? MHD_NO : MHD_YES;
}

/* libmicrohttpd's access handler: called once when the headers are in,
 * once a piece of body, and once at the end, when the reply is made. */
static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version,
                                  const char *upload_data, size_t *upload_size,
                                  void **con_cls) {
  (void)version;
  ws_server *srv = cls;
  req_ctx *ctx = *con_cls;
  if (!ctx)
    return first_call(srv, c, method, url, (req_ctx **)con_cls);
  if (*upload_size)
    return take_body(srv, ctx, upload_data, upload_size);
  if (ctx->too_big)
    return ctx->status = 413, send_too_big(srv, c);
  if (ctx->body.oom && (ctx->status = 500))
    return send_error(c, 500, "out_of_memory", "the server ran out of memory", 0);
  const char *tail = NULL;
  const route *r = find_route(url, &tail);
  if (!r)
    return serve_asset(srv, c, method, url, &ctx->status);
  ws_req req = {method, url, tail, c, ctx->body.data, ctx->body.len,
                MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Type")};
  return run_route(srv, r, &req, &ctx->status);
}

/* Called when a request is over: frees its context, logs it if asked. */
static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode toe) {
  ws_server *srv = cls;
  req_ctx *ctx = *con_cls;
  (void)c;
  if (!ctx)
    return;
  if (srv->cfg.access_log) {
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    char addr[64] = "?";
    if (ci && ci->client_addr && ci->client_addr->sa_family == AF_INET)
      inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)ci->client_addr)->sin_addr,
                addr, sizeof addr);
    else if (ci && ci->client_addr && ci->client_addr->sa_family == AF_INET6)
      inet_ntop(AF_INET6,
                &((const struct sockaddr_in6 *)(const void *)ci->client_addr)->sin6_addr, addr,
                sizeof addr);
    fprintf(stderr, "whosaid serve: %s %s %u %.2f ms%s\n", addr, ctx->path ? ctx->path : "-",
            ctx->status, (now_seconds() - ctx->start) * 1e3,
            toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" : " (not completed)");
  }
  free(ctx->path);
  ws_sb_free(&ctx->body);
  free(ctx);
  *con_cls = NULL;
}

/* ---- Extraction slots --------------------------------------------------- */

/* Takes one of the cfg.max_extract extraction slots; returns 0 when none
 * is free (the caller answers 429). */
int ws_server_take_extract(ws_server *srv) {
  unsigned n = atomic_fetch_add(&srv->extracting, 1);
  if (n >= srv->cfg.max_extract) {
    atomic_fetch_sub(&srv->extracting, 1);
    return 0;
  }
  return 1;
}

/* Gives back an extraction slot. */
void ws_server_give_extract(ws_server *srv) {
  atomic_fetch_sub(&srv->extracting, 1);
}

/* ---- Start and stop ----------------------------------------------------- */

/* Prepares one response per asset, and one 304 per asset. Returns 0 or -1. */
static int prepare_assets(ws_server *srv) {
  size_t n = ws_web_asset_count;
  srv->assets = calloc(n ? n : 1, sizeof *srv->assets);
  srv->not_modified = calloc(n ? n : 1, sizeof *srv->not_modified);
  if (!srv->assets || !srv->not_modified)
    return -1;
  for (size_t i = 0; i < n; i++) {
    const ws_web_asset *a = &ws_web_assets[i];
    srv->assets[i] = MHD_create_response_from_buffer(a->len, (void *)a->data,
                                                     MHD_RESPMEM_PERSISTENT);
    srv->not_modified[i] = MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
    if (!srv->assets[i] || !srv->not_modified[i])
      return -1;
    for (int k = 0; k < 2; k++) {
      struct MHD_Response *r = k ? srv->not_modified[i] : srv->assets[i];
      add_common_headers(r);
      MHD_add_response_header(r, "ETag", a->etag);
      MHD_add_response_header(r, "Cache-Control", "no-cache");
    }
    MHD_add_response_header(srv->assets[i], "Content-Type", a->type);
  }
  return 0;
}

/* Frees what prepare_assets made. */
static void free_assets(ws_server *srv) {
  for (size_t i = 0; i < ws_web_asset_count; i++) {
    if (srv->assets && srv->assets[i])
      MHD_destroy_response(srv->assets[i]);
    if (srv->not_modified && srv->not_modified[i])
      MHD_destroy_response(srv->not_modified[i]);
  }
  free(srv->assets);
  free(srv->not_modified);
}

/* Resolves host and port into *ss. Returns 0, or -1 after printing why. */
static int resolve(const char *host, unsigned port, struct sockaddr_storage *ss,
                   socklen_t *len) {
  struct addrinfo hints = {0}, *res = NULL;
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE;
  char ps[8];
  snprintf(ps, sizeof ps, "%u", port);
  int rc = getaddrinfo(host, ps, &hints, &res);
  if (rc != 0 || !res) {
    fprintf(stderr, "whosaid: cannot listen on '%s': %s\n", host, gai_strerror(rc));
    return -1;
  }
  memcpy(ss, res->ai_addr, res->ai_addrlen);
  *len = res->ai_addrlen;
  freeaddrinfo(res);
  return 0;
}

/* Starts libmicrohttpd with the configuration. */
static int start_daemon(ws_server *srv) {
  struct sockaddr_storage ss;
  socklen_t sslen;
  if (resolve(srv->cfg.host, srv->cfg.port, &ss, &sslen) != 0)
    return -1;
  unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG;
  if (ss.ss_family == AF_INET6)
    flags |= MHD_USE_IPv6;
  srv->daemon = MHD_start_daemon(
      flags, (uint16_t)srv->cfg.port, NULL, NULL, on_request, srv,
      MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
      MHD_OPTION_THREAD_POOL_SIZE, (unsigned int)srv->cfg.threads,
      MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)srv->cfg.timeout,
      MHD_OPTION_CONNECTION_LIMIT, (unsigned int)srv->cfg.max_connections,
      MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)64 * 1024,
      MHD_OPTION_LISTENING_ADDRESS_REUSE, (unsigned int)1,
      MHD_OPTION_NOTIFY_COMPLETED, on_completed, srv, MHD_OPTION_END);
  if (!srv->daemon) {
    fprintf(stderr, "whosaid: cannot listen on %s port %u: %s\n", srv->cfg.host,
            srv->cfg.port, errno ? strerror(errno) : "libmicrohttpd refused to start");
    return -1;
  }
  return 0;
}

/* Starts serving; returns NULL after printing why. */
ws_server *ws_server_start(const ws_serve_config *cfg, unsigned *port) {
  if (ws_mhd_load() != 0)
    return NULL;
  ws_server *srv = calloc(1, sizeof *srv);
  if (!srv) {
    fprintf(stderr, "whosaid: out of memory\n");
    return NULL;
  }
  srv->cfg = *cfg;
  atomic_init(&srv->extracting, 0);
  pthread_mutex_init(&srv->rate_lock, NULL);
  if (cfg->rate_limit > 0 && !(srv->rate = calloc(RATE_SLOTS, sizeof *srv->rate))) {
    fprintf(stderr, "whosaid: out of memory\n");
    ws_server_stop(srv);
    return NULL;
  }
  if (prepare_assets(srv) != 0) {
    fprintf(stderr, "whosaid: out of memory\n");
    ws_server_stop(srv);
    return NULL;
  }
  if (start_daemon(srv) != 0) {
    ws_server_stop(srv);
    return NULL;
  }
  const union MHD_DaemonInfo *di = MHD_get_daemon_info(srv->daemon,
                                                       MHD_DAEMON_INFO_BIND_PORT);
  *port = di ? di->port : cfg->port;
  return srv;
}

/* Stops the server (waiting for requests in progress) and frees it. */
void ws_server_stop(ws_server *srv) {
  if (!srv)
    return;
  if (srv->daemon)
    MHD_stop_daemon(srv->daemon);
  free_assets(srv);
  free(srv->rate);
  pthread_mutex_destroy(&srv->rate_lock);
  free(srv);
}

/* The configuration the server runs with. */
const ws_serve_config *ws_server_config(const ws_server *srv) {
  return &srv->cfg;
}
