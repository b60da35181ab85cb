/* db_search.c: the search latency of the statement database, in process:
 * ws_db_search() (what `whosaid search` and the server call) on an existing
 * database, without the start of a process. Built and run by bench/db.sh.
 *
 * Usage: db_search DB RUNS
 * Prints p50, p95 and max in milliseconds (and the CPU time of the
 * searching thread) for: a word and a speaker (a speaker among the 200
 * most quoted, by full name or by surname, half each), a word alone, a
 * speaker alone, no filter; then the shapes bench/serve.sh sends: a
 * speaker's full name and a channel, a word and a full name, a word, a
 * channel and a start month. Same seed, same queries. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db.h"

static char names[200][128];
static int n_names;

/* Keeps a speaker's name (a ws_db_speaker_fn). */
static int keep(void *ud, const ws_db_speaker_rec *s) {
  (void)ud;
  snprintf(names[n_names++], sizeof names[0], "%s", s->name);
  return 0;
}

/* Counts results (a ws_db_statement_fn). */
static int count(void *ud, const ws_db_statement *s) {
  (void)s;
  ++*(long *)ud;
  return 0;
}

static int cmp(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static const char *const WORDS[] = {"deport*", "border", "tariff*", "budget", "water",
                                    "housing", "election", "court", "strike", "union",
                                    "school", "hospital", "police", "climate", "energy",
                                    "price*", "jobs"};

static const char *const CHANNELS[] = {"X", "a statement", "a news conference", "CNN",
                                       "a podcast", "Instagram"};
static const char *const MONTHS[] = {"2024-03", "2024-07", "2024-11",
                                     "2025-02", "2025-06", "2025-09"};

/* Milliseconds between two times. */
static double ms_between(const struct timespec *a, const struct timespec *b) {
  return (double)(b->tv_sec - a->tv_sec) * 1e3 + (double)(b->tv_nsec - a->tv_nsec) / 1e6;
}

/* What one kind of query filters on. */
enum { WORD = 1, SPEAKER = 2, FULL_NAME = 4, CHANNEL = 8, SINCE = 16 };

/* Runs one kind of query runs times and prints its figures: wall-clock
 * time, and the CPU time of this thread (steadier on a shared machine). */
static void measure(ws_db *db, const char *label, int runs, int what) {
  double *ms = malloc((size_t)runs * sizeof *ms), *cpu = malloc((size_t)runs * sizeof *cpu);
  long hits = 0;
  srand(7);
  for (int i = 0; i < runs; i++) {
    ws_db_filter f = {0};
    char surname[128];
    if (what & WORD)
      f.query = WORDS[rand() % (int)(sizeof WORDS / sizeof *WORDS)];
    if ((what & SPEAKER) && n_names) {
      const char *n = names[rand() % n_names];
      const char *sp = strrchr(n, ' ');
      snprintf(surname, sizeof surname, "%s",
               !(what & FULL_NAME) && rand() % 2 && sp ? sp + 1 : n);
      f.speaker = surname;
    }
    if (what & CHANNEL)
      f.channel = CHANNELS[rand() % (int)(sizeof CHANNELS / sizeof *CHANNELS)];
    if (what & SINCE)
      f.since = MONTHS[rand() % (int)(sizeof MONTHS / sizeof *MONTHS)];
    struct timespec a, b, ca, cb;
    clock_gettime(CLOCK_MONOTONIC, &a);
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ca);
    char cursor[WS_DB_CURSOR_MAX];
    if (ws_db_search(db, &f, count, &hits, cursor)) {
      fprintf(stderr, "search failed: %s\n", ws_db_errmsg(db));
      exit(1);
    }
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &cb);
    clock_gettime(CLOCK_MONOTONIC, &b);
    ms[i] = ms_between(&a, &b);
    cpu[i] = ms_between(&ca, &cb);
  }
  double total = 0;
  for (int i = 0; i < runs; i++)
    total += cpu[i];
  qsort(ms, (size_t)runs, sizeof *ms, cmp);
  qsort(cpu, (size_t)runs, sizeof *cpu, cmp);
  printf("%s (in process): p50 %.1f ms, p95 %.1f ms, max %.1f ms; CPU p50 %.2f ms, p95 %.2f "
         "ms, mean %.2f ms (%d runs, %.1f results a run)\n", label, ms[runs / 2],
         ms[(int)(runs * 0.95)], ms[runs - 1], cpu[runs / 2], cpu[(int)(runs * 0.95)],
         total / runs, runs, (double)hits / runs);
  free(ms);
  free(cpu);
}

int main(int argc, char **argv) {
  if (argc < 3)
    return 2;
  ws_db *db;
  char *msg;
  if (ws_db_open(argv[1], WS_DB_READ, &db, &msg)) {
    fprintf(stderr, "%s\n", msg);
    return 1;
  }
  ws_db_speaker_filter sf = {0};
  sf.limit = 200;
  ws_db_speakers(db, &sf, keep, NULL);
  int runs = atoi(argv[2]);
  measure(db, "text + speaker", runs, WORD | SPEAKER);
  measure(db, "text only", runs, WORD);
  measure(db, "speaker only", runs, SPEAKER);
  measure(db, "no filter", runs, 0);
  /* The shapes of bench/serve.sh. */
  measure(db, "speaker (full name) + channel", runs, SPEAKER | FULL_NAME | CHANNEL);
  measure(db, "text + speaker (full name)", runs, WORD | SPEAKER | FULL_NAME);
  measure(db, "text + channel + since", runs, WORD | CHANNEL | SINCE);
  ws_db_close(db);
  return 0;
}
