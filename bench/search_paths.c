/* search_paths.c: the statement searches of a bench/serve.sh paths file
 * (one "/api/statements?q=...&speaker=...&channel=...&since=...&limit=..."
 * a line, as bench/out/serve/paths.txt holds) run in process through
 * ws_db_search(), the call the server makes, without HTTP: CPU time a
 * search, and a steady measure of the database layer under callgrind
 * (instructions do not depend on the load of the machine).
 *
 * Build: cc -O2 -std=c11 -Icli -Iinclude bench/search_paths.c cli/db.c \
 *          cli/db_query.c cli/db_util.c cli/db_schema.c -lsqlite3 -o search_paths
 * Usage: search_paths DB PATHS [N]   (the first N searches, default 100;
 *        the file is read again from the start when it has fewer lines)
 *        valgrind --tool=callgrind search_paths DB PATHS 100
 * The database is read through a memory map, as the server reads it. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "db.h"

/* The value of a hexadecimal digit, or -1. */
static int hex(int c) {
  return c >= '0' && c <= '9' ? c - '0'
         : c >= 'a' && c <= 'f' ? c - 'a' + 10
         : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                : -1;
}

/* Decodes a query-string value in place ("+" and %XX). */
static void url_decode(char *s) {
  char *o = s;
  for (; *s; s++) {
    if (*s == '+') {
      *o++ = ' ';
    } else if (*s == '%' && hex(s[1]) >= 0 && hex(s[2]) >= 0) {
      *o++ = (char)(hex(s[1]) * 16 + hex(s[2]));
      s += 2;
    } else {
      *o++ = *s;
    }
  }
  *o = '\0';
}

/* Fills f from the query string of line (changed in place). */
static void read_filter(char *line, ws_db_filter *f) {
  memset(f, 0, sizeof *f);
  f->limit = 20;
  char *q = strchr(line, '?'), *save = NULL;
  for (char *kv = q ? strtok_r(q + 1, "&", &save) : NULL; kv; kv = strtok_r(NULL, "&", &save)) {
    char *eq = strchr(kv, '=');
    if (!eq)
      continue;
    *eq = '\0';
    char *v = eq + 1;
    url_decode(v);
    if (strcmp(kv, "q") == 0)
      f->query = v;
    else if (strcmp(kv, "speaker") == 0)
      f->speaker = v;
    else if (strcmp(kv, "channel") == 0)
      f->channel = v;
    else if (strcmp(kv, "since") == 0)
      f->since = v;
    else if (strcmp(kv, "until") == 0)
      f->until = v;
    else if (strcmp(kv, "limit") == 0)
      f->limit = atoi(v);
  }
}

/* Counts the statements of a page (a ws_db_statement_fn). */
static int count_row(void *ud, const ws_db_statement *s) {
  (void)s;
  ++*(long *)ud;
  return 0;
}

/* CPU time of this thread, in seconds. */
static double cpu_seconds(void) {
  struct timespec t;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int by_value(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

int main(int argc, char **argv) {
  if (argc < 3) {
    fputs("usage: search_paths DB PATHS [N]\n", stderr);
    return 2;
  }
  ws_db *db = NULL;
  char *msg = NULL;
  if (ws_db_open(argv[1], WS_DB_READ, &db, &msg) != WS_DB_OK) {
    fprintf(stderr, "search_paths: %s\n", msg ? msg : "cannot open");
    return 1;
  }
  sqlite3_exec(ws_db_sqlite(db), "PRAGMA mmap_size=2147418112", NULL, NULL, NULL);
  FILE *in = fopen(argv[2], "r");
  int max = argc > 3 ? atoi(argv[3]) : 100;
  double *t = in && max > 0 ? malloc((size_t)max * sizeof *t) : NULL;
  if (!t) {
    fprintf(stderr, "search_paths: cannot read %s\n", argv[2]);
    return 1;
  }
  char line[4096];
  int n = 0, failed = 0, lines = 0;
  long rows = 0;
  while (n < max) {
    if (!fgets(line, sizeof line, in)) {
      if (lines == 0)
        break;
      rewind(in);
      continue;
    }
    lines++;
    line[strcspn(line, "\n")] = '\0';
    if (!strchr(line, '?'))
      continue;
    ws_db_filter f;
    read_filter(line, &f);
    char next[WS_DB_CURSOR_MAX];
    double a = cpu_seconds();
    failed += ws_db_search(db, &f, count_row, &rows, next) != WS_DB_OK;
    t[n++] = (cpu_seconds() - a) * 1e6;
  }
  fclose(in);
  double sum = 0;
  for (int i = 0; i < n; i++)
    sum += t[i];
  qsort(t, (size_t)n, sizeof *t, by_value);
  if (n)
    printf("%d searches, %ld statements, %d failed; CPU a search: mean %.0f us, p50 %.0f,"
           " p90 %.0f, p99 %.0f, max %.0f\n",
           n, rows, failed, sum / n, t[n / 2], t[n * 9 / 10], t[n * 99 / 100], t[n - 1]);
  free(t);
  ws_db_close(db);
  return 0;
}
