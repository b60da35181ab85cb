/* reader_dump.c: a test and benchmark driver for the readers. It reads one
 * input with ws_reader_* and prints one JSON line a record (metadata, body
 * length and an FNV-1a hash of the body, or the error), then one line of
 * counters. tests/readers/test_readers.py runs it on sample archives and on
 * damaged variants of them.
 *
 * Usage: reader_dump [--format F] [--text-field F] [--html-field F]
 *                    [--id-field F] [--max-document N] [--memory] [--body]
 *                    [--bench N] FILE
 * --memory reads the file into memory and uses ws_reader_open_memory;
 * --body prints the body itself; --bench N reads the input N times and
 * prints the throughput instead of the records. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "whosaid.h"

/* Prints len bytes at p as a JSON string. */
static void put_json(const char *p, size_t len) {
  putchar('"');
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)p[i];
    if (c == '"' || c == '\\')
      printf("\\%c", c);
    else if (c == '\n')
      fputs("\\n", stdout);
    else if (c < 0x20 || c == 0x7f)
      printf("\\u%04x", c);
    else
      putchar(c);
  }
  putchar('"');
}

/* Prints "name":value for a field that is present. */
static void put_field(const char *name, ws_str s) {
  if (!s.ptr)
    return;
  printf(",\"%s\":", name);
  put_json(s.ptr, s.len);
}

/* Reads a whole file into memory; returns NULL on failure. */
static char *slurp(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  size_t cap = 1 << 16, n = 0;
  char *buf = malloc(cap);
  size_t k;
  while (buf && (k = fread(buf + n, 1, cap - n, f)) > 0) {
    n += k;
    if (n == cap) {
      char *p = realloc(buf, cap *= 2);
      if (!p) {
        free(buf);
        buf = NULL;
      }
      buf = p;
    }
  }
  fclose(f);
  *len = n;
  return buf;
}

/* FNV-1a over the body, to compare bodies without printing them. */
static unsigned long long fnv(const char *p, size_t len) {
  unsigned long long h = 1469598103934665603ULL;
  for (size_t i = 0; i < len; i++)
    h = (h ^ (unsigned char)p[i]) * 1099511628211ULL;
  return h;
}

static const char *code_name(ws_status st) {
  switch (st) {
  case WS_ERR_FORMAT:
    return "format";
  case WS_ERR_TOO_BIG:
    return "too_big";
  case WS_ERR_IO:
    return "io";
  case WS_ERR_NOMEM:
    return "nomem";
  default:
    return "other";
  }
}

/* Opens the reader on path, from memory when mem is not NULL. */
static ws_status open_reader(const char *path, const char *mem, size_t len,
                             const ws_reader_options *o, ws_reader **r, ws_error *e) {
  if (mem)
    return ws_reader_open_memory(mem, len, path, o, r, e);
  return ws_reader_open(path, o, r, e);
}

/* Reads every record; prints them unless quiet. Returns the body bytes. */
static unsigned long long run(ws_reader *r, int quiet, int body) {
  ws_record rec;
  ws_error e;
  ws_status st;
  unsigned long long bytes = 0;
  while ((st = ws_reader_next(r, &rec, &e)) != WS_END) {
    if (st == WS_OK)
      bytes += rec.body.len;
    if (quiet)
      continue;
    if (st != WS_OK) {
      printf("{\"error\":\"%s\",\"message\":", code_name(st));
      put_json(e.message, strlen(e.message));
      printf(",\"pos\":%zu}\n", e.pos);
      continue;
    }
    printf("{\"format\":\"%s\",\"offset\":%llu", ws_format_name(rec.format),
           (unsigned long long)rec.meta.offset);
    put_field("id", rec.meta.id);
    put_field("url", rec.meta.url);
    put_field("date", rec.meta.date);
    put_field("title", rec.meta.title);
    put_field("charset", rec.charset);
    printf(",\"len\":%zu,\"hash\":\"%016llx\"", rec.body.len,
           fnv(rec.body.ptr, rec.body.len));
    if (body)
      put_field("body", rec.body);
    printf("}\n");
  }
  return bytes;
}

int main(int argc, char **argv) {
  ws_reader_options o = {0};
  int memory = 0, body = 0, bench = 0;
  const char *path = NULL;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
    if (strcmp(a, "--memory") == 0)
      memory = 1;
    else if (strcmp(a, "--body") == 0)
      body = 1;
    else if (!v)
      path = a;
    else if (strcmp(a, "--format") == 0 && ++i) {
      if (ws_format_parse(v, strlen(v), &o.format) != WS_OK)
        return 2;
    } else if (strcmp(a, "--text-field") == 0 && ++i)
      o.text_field = v;
    else if (strcmp(a, "--html-field") == 0 && ++i)
      o.html_field = v;
    else if (strcmp(a, "--id-field") == 0 && ++i)
      o.id_field = v;
    else if (strcmp(a, "--max-document") == 0 && ++i)
      o.max_document = strtoull(v, NULL, 10);
    else if (strcmp(a, "--bench") == 0 && ++i)
      bench = atoi(v);
    else
      path = a;
  }
  if (!path) {
    fprintf(stderr, "usage: reader_dump [options] FILE\n");
    return 2;
  }
  size_t len = 0;
  char *mem = memory ? slurp(path, &len) : NULL;
  if (memory && !mem) {
    fprintf(stderr, "cannot read %s\n", path);
    return 1;
  }
  ws_reader *r;
  ws_error e;
  struct timespec t0, t1, c0, c1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c0);
  unsigned long long decoded = 0;
  for (int pass = 0; pass < (bench ? bench : 1); pass++) {
    ws_status st = open_reader(path, mem, len, &o, &r, &e);
    if (st != WS_OK) {
      printf("{\"open_error\":\"%s\",\"message\":", code_name(st));
      put_json(e.message, strlen(e.message));
      printf("}\n");
      free(mem);
      return 1;
    }
    run(r, bench, body);
    ws_reader_stats s;
    ws_reader_get_stats(r, &s);
    decoded += s.bytes_decoded;
    if (!bench || pass + 1 == bench) {
      printf("{\"stats\":{\"format\":\"%s\",\"read\":%llu,\"decoded\":%llu,\"documents\":"
             "%llu,"
             "\"errors\":%llu,\"skips\":{",
             ws_format_name(ws_reader_format(r)), (unsigned long long)s.bytes_read,
             (unsigned long long)s.bytes_decoded, (unsigned long long)s.documents,
             (unsigned long long)s.errors);
      for (size_t i = 0; i < s.n_skips; i++) {
        printf(i ? "," : "");
        put_json(s.skips[i].reason, strlen(s.skips[i].reason));
        printf(":%llu", (unsigned long long)s.skips[i].count);
      }
      printf("}}}\n");
    }
    ws_reader_free(r);
  }
  clock_gettime(CLOCK_MONOTONIC, &t1);
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c1);
  if (bench) {
    double sec =
        (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    double cpu =
        (double)(c1.tv_sec - c0.tv_sec) + (double)(c1.tv_nsec - c0.tv_nsec) / 1e9;
    printf("{\"bench\":{\"passes\":%d,\"seconds\":%.3f,\"cpu_seconds\":%.3f,"
           "\"decoded_mb_per_s\":%.1f,\"decoded_mb_per_cpu_s\":%.1f}}\n",
           bench, sec, cpu, (double)decoded / sec / 1e6, (double)decoded / cpu / 1e6);
  }
  free(mem);
  return 0;
}
