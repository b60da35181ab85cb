/* bench.c: the speed of libwhosaid alone, without the command-line tool.
 *
 *   bench DIR LIST [RUNS]
 *
 * Loads every file named in LIST (names each followed by a NUL byte, as
 * bench/make_corpus.py writes them) from DIR into memory, then RUNS times
 * (default 3) runs ws_extract() on each file as one document and writes each
 * statement with ws_write_json() into a sink that only hashes the bytes
 * (see hash_write). Reading files is not timed; extraction and JSON writing
 * are. Prints one line of JSON: bytes, documents, statements, the wall-clock
 * seconds of each run and their median, the CPU seconds of each run (process
 * CPU time, steadier on a busy machine) and their median, and the hash,
 * which must be the same in every run.
 *
 * bench/run.sh builds it against the static library of the build it
 * measures. Exit status: 0 on success, 1 on any error. */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "whosaid.h"

enum { MAX_RUNS = 15 };

typedef struct doc {
  char *data;
  size_t len;
  char *name;
} doc;

/* Reads a whole file; returns NULL on failure. */
static char *slurp(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  char *buf = NULL;
  size_t cap = 0, n = 0;
  for (;;) {
    if (n == cap) {
      cap = cap ? cap * 2 : 1 << 16;
      char *bigger = realloc(buf, cap);
      if (!bigger) {
        free(buf);
        fclose(f);
        return NULL;
      }
      buf = bigger;
    }
    size_t got = fread(buf + n, 1, cap - n, f);
    n += got;
    if (got == 0)
      break;
  }
  int bad = ferror(f);
  fclose(f);
  if (bad) {
    free(buf);
    return NULL;
  }
  *len = n;
  return buf;
}

/* The output sink: bytes are gathered in a block and each full block is
 * hashed eight bytes at a time (see sink_flush; the last partial word is
 * zero-padded), so the hash depends on the bytes only, not
 * on how the library cut them into writes, and costs far less than the
 * library's own work (a byte-at-a-time hash took 7% of the instructions). */
enum { SINK_BLOCK = 1 << 16 };

typedef struct sink {
  uint64_t hash;
  size_t n;
  unsigned char buf[SINK_BLOCK];
} sink;

/* Hashes the first n bytes of the block and empties it: two 64-bit lanes
 * (words at even and odd offsets), each x -> (h ^ x) * prime, so that
 * the two multiplications overlap; the lanes are folded at the end. */
static void sink_flush(sink *k) {
  uint64_t a = k->hash, b = k->hash ^ 0x9E3779B97F4A7C15ULL;
  size_t i = 0;
  for (; i + 16 <= k->n; i += 16) {
    uint64_t x, y;
    memcpy(&x, k->buf + i, 8);
    memcpy(&y, k->buf + i + 8, 8);
    a = (a ^ x) * 0x100000001b3ULL;
    b = (b ^ y) * 0x100000001b3ULL;
  }
  for (; i < k->n; i += 8) {
    uint64_t x = 0;
    memcpy(&x, k->buf + i, k->n - i < 8 ? k->n - i : 8);
    a = (a ^ x) * 0x100000001b3ULL;
  }
  a ^= b * 0xC2B2AE3D27D4EB4FULL;
  k->hash = a ^ (a >> 29) ^ (uint64_t)k->n;
  k->n = 0;
}

static int hash_write(void *userdata, const char *data, size_t len) {
  sink *k = userdata;
  while (len) {
    size_t room = SINK_BLOCK - k->n, take = len < room ? len : room;
    memcpy(k->buf + k->n, data, take);
    k->n += take, data += take, len -= take;
    if (k->n == SINK_BLOCK)
      sink_flush(k);
  }
  return 0;
}

static double cpu_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Extracts every document once; adds statements to *count and output bytes
 * to the sink. Returns 0, or 1 after printing an error. */
static int run_once(const ws_engine *engine, const doc *docs, size_t n, size_t *count,
                    sink *hash) {
  for (size_t d = 0; d < n; d++) {
    ws_result *r = NULL;
    ws_error err;
    ws_status st = ws_extract(engine, docs[d].data, docs[d].len, &r, &err);
    if (st != WS_OK) {
      fprintf(stderr, "bench: %s: %s\n", docs[d].name, ws_strerror(st));
      return 1;
    }
    size_t k = ws_result_count(r);
    for (size_t i = 0; i < k; i++)
      ws_write_json(r, i, docs[d].name, strlen(docs[d].name), hash_write, hash);
    *count += k;
    ws_result_free(r);
  }
  return 0;
}

/* Loads the documents listed in list from dir. Returns the number loaded
 * and sets *total to their size, or returns 0 on failure. */
static size_t load(const char *dir, const char *list, doc **out, size_t *total) {
  size_t list_len = 0;
  char *names = slurp(list, &list_len);
  if (!names)
    return 0;
  size_t n = 0, cap = 0;
  doc *docs = NULL;
  *total = 0;
  for (size_t i = 0; i < list_len; i += strlen(names + i) + 1) {
    if (!names[i])
      continue;
    if (n == cap) {
      cap = cap ? cap * 2 : 1024;
      doc *bigger = realloc(docs, cap * sizeof *docs);
      if (!bigger)
        return 0;
      docs = bigger;
    }
    size_t plen = strlen(dir) + strlen(names + i) + 2;
    char *path = malloc(plen);
    if (!path)
      return 0;
    snprintf(path, plen, "%s/%s", dir, names + i);
    docs[n].data = slurp(path, &docs[n].len);
    free(path);
    if (!docs[n].data) {
      fprintf(stderr, "bench: cannot read %s/%s\n", dir, names + i);
      return 0;
    }
    docs[n].name = names + i;
    *total += docs[n].len;
    n++;
  }
  *out = docs;
  return n; /* names stays allocated: docs point into it. */
}

static int compare_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

int main(int argc, char **argv) {
  if (argc < 3 || argc > 4) {
    fprintf(stderr, "usage: bench DIR LIST [RUNS]\n");
    return 1;
  }
  int runs = argc == 4 ? atoi(argv[3]) : 3;
  if (runs < 1 || runs > MAX_RUNS) {
    fprintf(stderr, "bench: RUNS must be 1 to %d\n", MAX_RUNS);
    return 1;
  }
  doc *docs = NULL;
  size_t total = 0;
  size_t n = load(argv[1], argv[2], &docs, &total);
  ws_engine *engine = ws_engine_new(NULL);
  if (!n || !engine) {
    fprintf(stderr, "bench: nothing loaded, or no engine\n");
    return 1;
  }
  double secs[MAX_RUNS], cpus[MAX_RUNS];
  size_t count = 0;
  uint64_t first_hash = 0;
  sink *hash = malloc(sizeof *hash);
  if (!hash)
    return 1;
  for (int r = 0; r < runs; r++) {
    hash->hash = 0xcbf29ce484222325ULL;
    hash->n = 0;
    count = 0;
    double t0 = now(), c0 = cpu_now();
    if (run_once(engine, docs, n, &count, hash))
      return 1;
    sink_flush(hash);
    secs[r] = now() - t0;
    cpus[r] = cpu_now() - c0;
    if (r > 0 && hash->hash != first_hash) {
      fprintf(stderr, "bench: output differs between runs\n");
      return 1;
    }
    first_hash = hash->hash;
  }
  free(hash);
  printf("{\"bytes\":%zu,\"documents\":%zu,\"statements\":%zu,\"seconds\":[", total, n,
         count);
  for (int r = 0; r < runs; r++)
    printf("%s%.4f", r ? "," : "", secs[r]);
  qsort(secs, (size_t)runs, sizeof secs[0], compare_double);
  printf("],\"median\":%.4f,\"cpu_seconds\":[", secs[runs / 2]);
  for (int r = 0; r < runs; r++)
    printf("%s%.4f", r ? "," : "", cpus[r]);
  qsort(cpus, (size_t)runs, sizeof cpus[0], compare_double);
  printf("],\"cpu_median\":%.4f,\"hash\":\"%016llx\"}\n", cpus[runs / 2],
         (unsigned long long)first_hash);
  ws_engine_free(engine);
  return 0;
}
