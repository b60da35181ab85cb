/* serve.c: `whosaid serve`, an HTTP API and a web page over the statement
 * database. This file reads the command line, opens the database
 * read-only, starts the server (serve_http.c) and waits for SIGINT or
 * SIGTERM to stop it cleanly. The endpoints are in serve_db.c and
 * serve_extract.c; docs/api.md documents them. */
#define _GNU_SOURCE

#include <errno.h>
#include <limits.h>
#include <malloc.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "cli.h"
#include "serve.h"

enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2 };

const char ws_cli_serve_help[] =
    "Usage: whosaid serve [--db FILE] [OPTION]...\n"
    "Serve the statement database FILE (made by 'whosaid index') over HTTP: a\n"
    "JSON API (docs/api.md) and a web page to search statements, read articles\n"
    "with their statements highlighted, follow speakers and exchanges. The\n"
    "database is opened read-only; 'whosaid index' may add to it meanwhile.\n"
    "Without --db, ./whosaid.db is served when it exists; else only\n"
    "POST /api/extract and /healthz answer.\n"
    "\n"
    "Options:\n"
    "      --db=FILE            the database to serve\n"
    "      --listen=ADDR        the address to listen on, or ADDR:PORT\n"
    "                           (default 127.0.0.1: this machine only)\n"
    "  -p, --port=N             the port (default 8080; 0 picks a free one)\n"
    "      --threads=N          worker threads (default: the number of cores)\n"
    "      --max-body=SIZE      largest request body, as 10M, 512k or bytes\n"
    "                           (default 10M); larger bodies get 413\n"
    "      --timeout=SECONDS    close connections idle this long (default 30)\n"
    "      --max-limit=N        largest 'limit' a list request may ask\n"
    "                           (default 200; larger values are capped)\n"
    "      --max-extract=N      extractions running at once before 429\n"
    "                           (default: the number of threads)\n"
    "      --rate-limit=N       requests a second per client address before\n"
    "                           429 (bursts of 2N; default 0: no limit)\n"
    "      --max-connections=N  open connections at once (default 1000)\n"
    "      --cache=SIZE         memory for a cache of API replies, kept until the\n"
    "                           database changes (default 64M; 0: no cache)\n"
    "      --query-timeout=SECONDS  interrupt a request that spends longer in the\n"
    "                           database, with 503 (default 10; 0: no limit)\n"
    "      --access-log         print a line on standard error per request\n"
    "  -h, --help               show this help and exit\n"
    "\n"
    "The address served is printed on standard error once listening. Stop\n"
    "the server with Ctrl-C (SIGINT) or SIGTERM.\n";

/* Prints a usage error and returns EXIT_USAGE. */
static int serve_usage(const char *what, const char *value) {
  fprintf(stderr, "whosaid: %s '%s' (see 'whosaid help serve')\n", what, value);
  return EXIT_USAGE;
}

/* Parses a whole decimal number in [lo, hi] into *out. Returns 0 or -1. */
static int parse_uint(const char *s, unsigned long lo, unsigned long hi,
                      unsigned long *out) {
  char *end;
  errno = 0;
  if (!*s || *s == '-' || *s == '+')
    return -1;
  unsigned long v = strtoul(s, &end, 10);
  if (errno || *end || v < lo || v > hi)
    return -1;
  *out = v;
  return 0;
}

/* Parses a size such as "10M", "512k" or "1000" into *out. Returns 0 or -1. */
static int parse_size(const char *s, size_t *out) {
  char *end;
  errno = 0;
  if (!*s || *s == '-' || *s == '+')
    return -1;
  unsigned long long v = strtoull(s, &end, 10);
  unsigned long long mul = 1;
  if (*end == 'k' || *end == 'K')
    mul = 1024, end++;
  else if (*end == 'M' || *end == 'm')
    mul = 1024 * 1024, end++;
  else if (*end == 'G' || *end == 'g')
    mul = 1024ULL * 1024 * 1024, end++;
  if (errno || *end || v == 0 || v > (1ULL << 40) / mul)
    return -1;
  *out = (size_t)(v * mul);
  return 0;
}

/* Splits "ADDR:PORT" (or "[ADDR6]:PORT") into cfg->host and cfg->port
 * when a port is given; a bare address is kept whole. Returns 0 or -1. */
static int parse_listen(char *arg, ws_serve_config *cfg) {
  char *colon = strrchr(arg, ':');
  if (arg[0] == '[') { /* [::1]:8080 or [::1] */
    char *close = strchr(arg, ']');
    if (!close)
      return -1;
    *close = '\0';
    cfg->host = arg + 1;
    if (close[1] == '\0')
      return 0;
    if (close[1] != ':')
      return -1;
    colon = close + 1;
  } else if (!colon || strchr(arg, ':') != colon) { /* none, or a bare IPv6 */
    cfg->host = arg;
    return 0;
  } else {
    *colon = '\0';
    cfg->host = arg;
  }
  unsigned long port;
  if (parse_uint(colon + 1, 0, 65535, &port) != 0)
    return -1;
  cfg->port = (unsigned)port;
  return 0;
}

/* An option of serve: its long name, its short letter, whether it takes a
 * value. */
typedef struct serve_opt {
  const char *name;
  char letter;
  int has_value;
} serve_opt;

static const serve_opt SERVE_OPTS[] = {
    {"db", 0, 1},          {"listen", 0, 1},      {"port", 'p', 1},
    {"threads", 0, 1},     {"max-body", 0, 1},    {"timeout", 0, 1},
    {"max-limit", 0, 1},   {"max-extract", 0, 1}, {"rate-limit", 0, 1},
    {"max-connections", 0, 1}, {"access-log", 0, 0}, {"help", 'h', 0},
    {"cache", 0, 1},           {"query-timeout", 0, 1},
};

/* Applies option o with value v to cfg. Returns 0, 1 for --help, or
 * EXIT_USAGE after printing why. */
static int apply_opt(const serve_opt *o, char *v, ws_serve_config *cfg) {
  unsigned long n;
  const char *name = o->name;
  if (strcmp(name, "help") == 0)
    return 1;
  if (strcmp(name, "access-log") == 0) {
    cfg->access_log = 1;
    return 0;
  }
  if (strcmp(name, "db") == 0) {
    cfg->db_path = v;
    return 0;
  }
  if (strcmp(name, "listen") == 0) {
    char given[300];
    snprintf(given, sizeof given, "%s", v);
    return parse_listen(v, cfg) ? serve_usage("invalid address for --listen:", given) : 0;
  }
  if (strcmp(name, "max-body") == 0)
    return parse_size(v, &cfg->max_body) ? serve_usage("invalid size for --max-body:", v)
                                         : 0;
  if (strcmp(name, "cache") == 0) {
    if (strcmp(v, "0") == 0)
      cfg->cache_size = 0;
    else if (parse_size(v, &cfg->cache_size))
      return serve_usage("invalid size for --cache:", v);
    return 0;
  }
  if (strcmp(name, "query-timeout") == 0) {
    char *end;
    double t = strtod(v, &end);
    if (*end || !(t >= 0 && t <= 86400))
      return serve_usage("invalid time for --query-timeout:", v);
    cfg->query_timeout = t;
    return 0;
  }
  if (strcmp(name, "rate-limit") == 0) {
    char *end;
    double r = strtod(v, &end);
    if (*end || !(r >= 0 && r <= 1e9))
      return serve_usage("invalid rate for --rate-limit:", v);
    cfg->rate_limit = r;
    return 0;
  }
  unsigned long hi = strcmp(name, "port") == 0 ? 65535 : 1000000;
  unsigned long lo = strcmp(name, "port") == 0 ? 0 : 1;
  if (parse_uint(v, lo, hi, &n) != 0) {
    fprintf(stderr, "whosaid: invalid number '%s' for --%s (see 'whosaid help serve')\n",
            v, name);
    return EXIT_USAGE;
  }
  unsigned u = (unsigned)n;
  if (strcmp(name, "port") == 0)
    cfg->port = u;
  else if (strcmp(name, "threads") == 0)
    cfg->threads = u > 256 ? 256 : u;
  else if (strcmp(name, "timeout") == 0)
    cfg->timeout = u;
  else if (strcmp(name, "max-limit") == 0)
    cfg->max_limit = u;
  else if (strcmp(name, "max-extract") == 0)
    cfg->max_extract = u;
  else
    cfg->max_connections = u;
  return 0;
}

/* Finds the option named by argument a (len bytes of a long name, or a
 * letter). Returns NULL when there is none. */
static const serve_opt *find_opt(const char *name, size_t len, char letter) {
  for (size_t i = 0; i < sizeof SERVE_OPTS / sizeof SERVE_OPTS[0]; i++) {
    const serve_opt *o = &SERVE_OPTS[i];
    if (name ? strlen(o->name) == len && strncmp(o->name, name, len) == 0
             : o->letter && o->letter == letter)
      return o;
  }
  return NULL;
}

/* Parses the command line into cfg. Returns 0, 1 for --help, or
 * EXIT_USAGE after printing why. */
static int parse_serve_args(int argc, char **argv, ws_serve_config *cfg) {
  for (int i = 1; i < argc; i++) {
    char *a = argv[i], *value = NULL;
    const serve_opt *o;
    if (a[0] != '-' || a[1] == '\0')
      return serve_usage("unexpected argument", a);
    if (a[1] == '-') {
      char *eq = strchr(a + 2, '=');
      o = find_opt(a + 2, eq ? (size_t)(eq - a - 2) : strlen(a + 2), 0);
      if (o && eq)
        value = eq + 1;
      if (o && eq && !o->has_value)
        return serve_usage("option takes no value:", a);
    } else {
      o = a[2] == '\0' ? find_opt(NULL, 0, a[1]) : NULL;
    }
    if (!o)
      return serve_usage("unknown option", a);
    if (o->has_value && !value) {
      if (i + 1 >= argc)
        return serve_usage("option needs a value:", a);
      value = argv[++i];
    }
    int rc = apply_opt(o, value, cfg);
    if (rc)
      return rc;
  }
  return 0;
}

/* Fills cfg with the defaults. */
static void default_config(ws_serve_config *cfg) {
  long cores = sysconf(_SC_NPROCESSORS_ONLN);
  memset(cfg, 0, sizeof *cfg);
  cfg->host = "127.0.0.1";
  cfg->port = 8080;
  cfg->threads = cores > 0 ? (unsigned)(cores > 64 ? 64 : cores) : 2;
  cfg->max_body = (size_t)10 * 1024 * 1024;
  cfg->timeout = 30;
  cfg->max_limit = 200;
  cfg->max_connections = 1000;
  cfg->cache_size = (size_t)64 * 1024 * 1024;
  cfg->query_timeout = 10;
}

/* Picks the database: --db, else ./whosaid.db when it exists. */
static void pick_database(ws_serve_config *cfg) {
  if (!cfg->db_path && access("whosaid.db", F_OK) == 0)
    cfg->db_path = "whosaid.db";
}

/* Settings for many threads allocating at once, made before SQLite starts:
 * no global count of SQLite's memory (a lock taken on every allocation),
 * and freed memory kept by malloc rather than given back to the system and
 * faulted in again on the next request. */
static void tune_memory(void) {
  sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
  mallopt(M_MMAP_THRESHOLD, 4 * 1024 * 1024);
  mallopt(M_TRIM_THRESHOLD, 64 * 1024 * 1024);
}

/* `whosaid serve [OPTION]...`. */
int ws_cli_serve(int argc, char **argv) {
  ws_serve_config cfg;
  default_config(&cfg);
  int rc = parse_serve_args(argc, argv, &cfg);
  if (rc == 1) {
    fputs(ws_cli_serve_help, stdout);
    return fflush(stdout) == 0 ? EXIT_OK : EXIT_FAIL;
  }
  if (rc)
    return rc;
  if (!cfg.max_extract)
    cfg.max_extract = cfg.threads;
  pick_database(&cfg);
  tune_memory();
  ws_db_set_query_timeout(cfg.query_timeout);
  if (cfg.db_path && ws_db_init(cfg.db_path) != 0)
    return EXIT_USAGE;
  /* The pool's threads inherit this mask: the signals come to sigwait. */
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &set, NULL);
  unsigned port = 0;
  ws_server *srv = NULL;
  if (ws_cache_init(cfg.db_path ? cfg.cache_size : 0) != 0) {
    fputs("whosaid: out of memory\n", stderr);
    ws_db_fini();
    return EXIT_FAIL;
  }
  if (ws_extract_init() != 0 || !(srv = ws_server_start(&cfg, &port))) {
    ws_extract_fini();
    ws_cache_fini();
    ws_db_fini();
    return EXIT_FAIL;
  }
  int v6 = strchr(cfg.host, ':') != NULL;
  fprintf(stderr, "whosaid: serving http://%s%s%s:%u/ (%s%s, %u threads)\n",
          v6 ? "[" : "", cfg.host, v6 ? "]" : "", port,
          cfg.db_path ? "database " : "no database", cfg.db_path ? cfg.db_path : "",
          cfg.threads);
  fflush(stderr);
  int sig = 0;
  sigwait(&set, &sig);
  fprintf(stderr, "whosaid: stopping (signal %d)\n", sig);
  ws_server_stop(srv);
  ws_extract_fini();
  ws_cache_fini();
  ws_db_fini();
  return EXIT_OK;
}
