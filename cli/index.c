/* index.c: `whosaid index`, which puts statements into the database. Its
 * inputs are whosaid's own JSONL output (statement records, and document
 * records from --emit-documents), recognised by their fields, and every
 * other input whosaid reads (text, HTML, JSONL corpora, WARC, folders of
 * them), whose statements it extracts on the way. */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "db.h"
#include "db_internal.h"
#include "db_json.h"
#include "walk.h"
#include "whosaid.h"

enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2 };

const char WS_CLI_INDEX_HELP[] =
    "Usage: whosaid index [OPTION]... [INPUT]...\n"
    "Put the statements of each INPUT into the statement database. An INPUT is\n"
    "whosaid's own JSONL output (from 'whosaid extract --format jsonl', with or\n"
    "without --emit-documents), or anything 'whosaid extract' reads: text, HTML,\n"
    "JSONL corpora, WARC archives (gzip or zstd too), folders of them, or - for\n"
    "standard input. Documents are keyed by id, else URL, else a hash of their\n"
    "content: indexing the same input again changes nothing, and a document whose\n"
    "content changed has its statements replaced. Speakers are joined across\n"
    "documents at the end of the run. With no INPUT, brings the database up to\n"
    "date (a database made by an older whosaid) and joins its speakers again.\n"
    "\n"
    "Options:\n"
    "      --db FILE         the database (default: whosaid.db); created when\n"
    "                        missing, migrated when older\n"
    "      --batch N         documents a transaction (default: 2000)\n"
    "      --model           extract with the learned tagger too (slower)\n"
    "  -q, --quiet           print no summary\n"
    "  -h, --help            show this help and exit\n"
    "\n"
    "An interrupted run keeps every batch it committed; running it again\n"
    "completes it. Exit status: 0 success; 1 a failure (a full disk, a record\n"
    "that could not be read: the others are indexed); 2 a usage error, an input\n"
    "that cannot be opened, or a file that is not a whosaid database.\n";

/* A run of the indexer. */
typedef struct run {
  ws_db *db;
  ws_db_writer *w;
  ws_engine *engine;
  int failed;            /* Exit code so far. */
  ws_db_status fatal;    /* A database failure that stops the run. */
  uint64_t records;
} run;

/* ---- whosaid JSONL ----------------------------------------------------- */

/* A document being gathered from JSONL lines; the strings of its records
 * live in its arena. */
typedef struct gather {
  ws_dbj_rec doc_rec;  /* The document record, when has_doc. */
  int has_doc;
  ws_dbj_rec *recs;    /* Statement records. */
  size_t n, cap;
  ws_dbj_arena arena;
  char *key;           /* "doc\x1furl" of the statements gathered. */
} gather;

/* True when r is one of whosaid's statement records. */
static int is_statement(const ws_dbj_rec *r) {
  return r->kind && r->text && r->has_start && r->doc;
}

/* True when r is one of whosaid's document records. */
static int is_document(const ws_dbj_rec *r) {
  return r->type && strcmp(r->type, "document") == 0 && r->doc;
}

/* The grouping key of a statement record: its doc and url. */
static char *stmt_key(const ws_dbj_rec *r) {
  size_t n = strlen(r->doc ? r->doc : "") + strlen(r->url ? r->url : "") + 2;
  char *k = malloc(n);
  if (k)
    snprintf(k, n, "%s\x1f%s", r->doc ? r->doc : "", r->url ? r->url : "");
  return k;
}

/* Copies a string into the arena (NULL stays NULL); sets *fail on OOM. */
static const char *keep(ws_dbj_arena *a, const char *s, size_t len, int *fail) {
  if (!s)
    return NULL;
  char *o = ws_dbj_arena_alloc(a, len + 1);
  if (!o) {
    *fail = 1;
    return NULL;
  }
  memcpy(o, s, len);
  o[len] = '\0';
  return o;
}

/* Copies the strings of r, parsed into a line's scratch arena, into a. */
static int keep_rec(ws_dbj_arena *a, ws_dbj_rec *r) {
  int fail = 0;
  const char **strs[] = {&r->type, &r->doc, &r->url, &r->doc_date, &r->date, &r->title,
                         &r->byline, &r->source, &r->kind, &r->speaker, &r->speaker_role,
                         &r->channel, &r->addressee, &r->mention.text, &r->cue.text,
                         &r->figures};
  for (size_t i = 0; i < sizeof strs / sizeof strs[0]; i++)
    if (*strs[i])
      *strs[i] = keep(a, *strs[i], strlen(*strs[i]), &fail);
  r->text = keep(a, r->text, r->text_len, &fail);
  return fail ? -1 : 0;
}

/* Fills a statement from a record. */
static void stmt_from_rec(const ws_dbj_rec *r, ws_db_stmt_in *s) {
  memset(s, 0, sizeof *s);
  s->kind = r->kind;
  s->text = r->text;
  s->start = r->start;
  s->end = r->end;
  s->group = (int)r->group;
  s->speaker = r->speaker;
  s->speaker_role = r->speaker_role;
  s->mention = r->mention.text;
  s->mention_start = r->mention.start;
  s->mention_end = r->mention.end;
  s->cue = r->cue.text;
  s->cue_start = r->cue.start;
  s->cue_end = r->cue.end;
  s->channel = r->channel;
  s->date = r->date;
  s->addressee = r->addressee;
  s->figures = r->figures;
  s->confidence = r->confidence;
}

/* One document ready for the writer, with the arena its strings live in.
 * The parser thread makes jobs, the writer (the calling thread) writes
 * and frees them. */
typedef struct job {
  ws_db_doc_in d;
  ws_db_stmt_in *s;
  size_t n;
  ws_dbj_arena arena;
} job;

/* Frees a job. */
static void job_free(job *j) {
  if (!j)
    return;
  ws_dbj_arena_free(&j->arena);
  free(j->s);
  free(j);
}

/* Jobs between the parser thread and the writer. */
#define QUEUE_CAP 256
typedef struct queue {
  pthread_mutex_t mu;
  pthread_cond_t not_empty, not_full;
  job *items[QUEUE_CAP];
  size_t head, n;
  int done;  /* The parser has finished. */
  int stop;  /* The writer failed: the parser stops. */
} queue;

/* Hands a job to the writer, waiting while the queue is full. Returns -1
 * (and frees the job) when the writer has stopped. */
static int queue_push(queue *q, job *j) {
  pthread_mutex_lock(&q->mu);
  while (q->n == QUEUE_CAP && !q->stop)
    pthread_cond_wait(&q->not_full, &q->mu);
  int stopped = q->stop;
  if (!stopped) {
    q->items[(q->head + q->n++) % QUEUE_CAP] = j;
    pthread_cond_signal(&q->not_empty);
  }
  pthread_mutex_unlock(&q->mu);
  if (stopped)
    job_free(j);
  return stopped ? -1 : 0;
}

/* Takes the next job, waiting for one; NULL when the parser is done. */
static job *queue_pop(queue *q) {
  pthread_mutex_lock(&q->mu);
  while (q->n == 0 && !q->done)
    pthread_cond_wait(&q->not_empty, &q->mu);
  job *j = NULL;
  if (q->n) {
    j = q->items[q->head];
    q->head = (q->head + 1) % QUEUE_CAP;
    q->n--;
    pthread_cond_signal(&q->not_full);
  }
  pthread_mutex_unlock(&q->mu);
  return j;
}

/* The parser thread's state. */
typedef struct parser {
  FILE *fp;
  const char *path;
  queue *q;
  gather g;
  uint64_t errors; /* Lines that are not whosaid records. */
  int failed;      /* Exit code for what the parser saw. */
  int nomem;
  int stopped;     /* The writer stopped. */
} parser;

/* Makes the job of the gathered document and hands it over, then empties
 * the gathering (its arena goes with the job). */
static void flush_gather(parser *p) {
  gather *g = &p->g;
  if (!g->has_doc && g->n == 0)
    return;
  job *j = calloc(1, sizeof *j);
  if (j)
    j->s = calloc(g->n ? g->n : 1, sizeof *j->s);
  if (!j || !j->s) {
    p->nomem = 1;
    job_free(j);
    return;
  }
  j->arena = g->arena;
  memset(&g->arena, 0, sizeof g->arena);
  j->n = g->n;
  const ws_dbj_rec *meta = g->has_doc ? &g->doc_rec : &g->recs[0];
  ws_db_doc_in *d = &j->d;
  d->doc = meta->doc;
  d->source = meta->source ? meta->source : meta->doc;
  /* "doc" is the document's id when it differs from its source. */
  if (meta->doc && meta->source && strcmp(meta->doc, meta->source) != 0)
    d->id = meta->doc;
  d->url = meta->url;
  d->title = meta->title;
  d->date = g->has_doc ? meta->date : meta->doc_date;
  d->byline = meta->byline;
  if (g->has_doc && g->doc_rec.text) {
    d->text = g->doc_rec.text;
    d->text_len = g->doc_rec.text_len;
  }
  for (size_t i = 0; i < g->n; i++)
    stmt_from_rec(&g->recs[i], &j->s[i]);
  g->n = 0;
  g->has_doc = 0;
  free(g->key);
  g->key = NULL;
  if (queue_push(p->q, j) < 0)
    p->stopped = 1;
}

/* Adds one parsed record (its strings in the line's scratch arena) to the
 * gathering, flushing a finished document first. */
static void gather_rec(parser *p, ws_dbj_rec *r) {
  gather *g = &p->g;
  if (is_document(r)) {
    flush_gather(p);
    if (keep_rec(&g->arena, r) < 0) {
      p->nomem = 1;
      return;
    }
    g->doc_rec = *r;
    g->has_doc = 1;
    return;
  }
  char *k = stmt_key(r);
  int first_of_record = g->has_doc && g->n == 0 && g->doc_rec.doc && r->doc &&
                        strcmp(g->doc_rec.doc, r->doc) == 0;
  int same = g->key && k && strcmp(g->key, k) == 0;
  if (!first_of_record && !same)
    flush_gather(p);
  if (!g->key)
    g->key = k;
  else
    free(k);
  if (g->n == g->cap) {
    size_t cap = g->cap ? g->cap * 2 : 16;
    ws_dbj_rec *l = realloc(g->recs, cap * sizeof *l);
    if (!l) {
      p->nomem = 1;
      return;
    }
    g->recs = l;
    g->cap = cap;
  }
  if (keep_rec(&g->arena, r) < 0) {
    p->nomem = 1;
    return;
  }
  g->recs[g->n++] = *r;
}

/* The parser thread: reads whosaid JSONL line by line into jobs. */
static void *parse_lines(void *arg) {
  parser *p = arg;
  char *line = NULL;
  size_t cap = 0;
  ssize_t len;
  uint64_t offset = 0;
  ws_dbj_arena scratch = {0};
  while (!p->stopped && !p->nomem && (len = getline(&line, &cap, p->fp)) >= 0) {
    uint64_t here = offset;
    offset += (uint64_t)len;
    size_t n = (size_t)len;
    while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
      n--;
    if (n == 0)
      continue;
    ws_dbj_arena_reset(&scratch);
    ws_dbj_rec r;
    const char *err = NULL;
    size_t pos = 0;
    int bad = ws_dbj_parse(line, n, &scratch, &r, &err, &pos) < 0;
    if (bad || !(is_statement(&r) || is_document(&r))) {
      fprintf(stderr, "whosaid: %s: byte %llu: %s\n", p->path,
              (unsigned long long)(here + (bad ? pos : 0)),
              bad ? err : "not a whosaid statement or document record");
      p->errors++;
      p->failed = EXIT_FAIL;
      continue;
    }
    gather_rec(p, &r);
  }
  if (ferror(p->fp)) {
    fprintf(stderr, "whosaid: %s: read error: %s\n", p->path, strerror(errno));
    p->failed = EXIT_FAIL;
  }
  if (!p->stopped && !p->nomem)
    flush_gather(p);
  ws_dbj_arena_free(&scratch);
  ws_dbj_arena_free(&p->g.arena);
  free(p->g.recs);
  free(p->g.key);
  free(line);
  pthread_mutex_lock(&p->q->mu);
  p->q->done = 1;
  pthread_cond_signal(&p->q->not_empty);
  pthread_mutex_unlock(&p->q->mu);
  return NULL;
}

/* Indexes a whosaid JSONL file: a thread parses lines into documents while
 * this one writes them, in input order. */
static void index_jsonl(run *r, const char *path, FILE *fp) {
  queue q = {.mu = PTHREAD_MUTEX_INITIALIZER,
             .not_empty = PTHREAD_COND_INITIALIZER,
             .not_full = PTHREAD_COND_INITIALIZER};
  parser p = {.fp = fp, .path = path, .q = &q};
  pthread_t t;
  if (pthread_create(&t, NULL, parse_lines, &p) != 0) {
    r->fatal = WS_DB_ERR_NOMEM;
    return;
  }
  job *j;
  while ((j = queue_pop(&q))) {
    if (!r->fatal)
      r->fatal = ws_db_writer_add(r->w, &j->d, j->s, j->n);
    r->records++;
    job_free(j);
    if (r->fatal) {
      pthread_mutex_lock(&q.mu);
      q.stop = 1;
      pthread_cond_signal(&q.not_full);
      pthread_mutex_unlock(&q.mu);
    }
  }
  pthread_join(t, NULL);
  for (uint64_t i = 0; i < p.errors; i++)
    ws__db_writer_error(r->w);
  if (p.failed && !r->failed)
    r->failed = p.failed;
  if (p.nomem && !r->fatal)
    r->fatal = WS_DB_ERR_NOMEM;
}

/* True when the first line of fp is one of whosaid's records; rewinds. */
static int looks_like_whosaid(FILE *fp) {
  char *line = NULL;
  size_t cap = 0;
  ssize_t len;
  int yes = 0;
  ws_dbj_arena a = {0};
  while ((len = getline(&line, &cap, fp)) >= 0) {
    if (len <= 1)
      continue;
    ws_dbj_rec r;
    const char *err;
    size_t pos;
    size_t n = (size_t)len;
    while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
      n--;
    yes = ws_dbj_parse(line, n, &a, &r, &err, &pos) == 0 &&
          (is_statement(&r) || is_document(&r));
    break;
  }
  ws_dbj_arena_free(&a);
  free(line);
  rewind(fp);
  return yes;
}

/* ---- Other inputs: extraction ------------------------------------------ */

/* Copies a ws_str into a new NUL-terminated string, or NULL when absent. */
static char *cstr(ws_str s) {
  if (!s.ptr)
    return NULL;
  char *p = malloc(s.len + 1);
  if (p) {
    memcpy(p, s.ptr, s.len);
    p[s.len] = '\0';
  }
  return p;
}

/* Strings of one extracted statement, kept until the document is written. */
typedef struct owned {
  char *v[10];
} owned;

/* Fills s from statement st of text; o keeps the copies. */
static void stmt_from_result(const ws_statement *st, ws_db_stmt_in *s, owned *o) {
  memset(s, 0, sizeof *s);
  memset(o, 0, sizeof *o);
  s->kind = ws_kind_name(st->kind);
  s->text = o->v[0] = cstr(st->text.text);
  s->start = (int64_t)st->text.start;
  s->end = (int64_t)st->text.end;
  s->group = (int)st->group;
  s->speaker = o->v[1] = cstr(st->speaker);
  s->speaker_role = o->v[2] = cstr(st->speaker_role);
  s->mention = o->v[3] = cstr(st->speaker_mention.text);
  s->mention_start = st->speaker_mention.text.ptr ? (int64_t)st->speaker_mention.start : -1;
  s->mention_end = st->speaker_mention.text.ptr ? (int64_t)st->speaker_mention.end : -1;
  s->cue = o->v[4] = cstr(st->cue.text);
  s->cue_start = st->cue.text.ptr ? (int64_t)st->cue.start : -1;
  s->cue_end = st->cue.text.ptr ? (int64_t)st->cue.end : -1;
  s->channel = o->v[5] = cstr(st->channel);
  s->date = o->v[6] = cstr(st->date);
  s->addressee = o->v[7] = cstr(st->addressee);
  json_t *figs = json_array();
  for (size_t i = 0; figs && i < st->n_figures; i++) {
    json_t *f = json_object();
    json_object_set_new(f, "text", json_stringn(st->figures[i].span.text.ptr,
                                                st->figures[i].span.text.len));
    json_object_set_new(f, "value", json_real(st->figures[i].value));
    json_array_append_new(figs, f);
  }
  s->figures = o->v[8] = figs ? json_dumps(figs, JSON_COMPACT | JSON_ENSURE_ASCII) : NULL;
  json_decref(figs);
  s->confidence = st->confidence;
}

/* Extracts and writes one document. */
static void index_document(run *r, const ws_document *doc) {
  ws_str text = ws_document_text(doc);
  const ws_doc_meta *m = ws_document_meta(doc);
  ws_result *res = NULL;
  ws_error err = {0};
  if (ws_extract(r->engine, text.ptr, text.len, &res, &err) != WS_OK) {
    fprintf(stderr, "whosaid: %.*s: %s\n", (int)m->source.len, m->source.ptr,
            ws_strerror(err.code));
    ws__db_writer_error(r->w);
    r->failed = EXIT_FAIL;
    return;
  }
  size_t n = ws_result_count(res);
  ws_db_stmt_in *s = calloc(n ? n : 1, sizeof *s);
  owned *o = calloc(n ? n : 1, sizeof *o);
  char *meta[7] = {cstr(m->id), cstr(m->url), cstr(m->title), cstr(m->date),
                   cstr(m->byline), cstr(m->source), NULL};
  if (!s || !o) {
    r->fatal = WS_DB_ERR_NOMEM;
  } else {
    for (size_t i = 0; i < n; i++)
      stmt_from_result(ws_result_get(res, i), &s[i], &o[i]);
    ws_db_doc_in d = {meta[0], meta[1], meta[2], meta[3], meta[4], meta[5],
                      meta[0] ? meta[0] : meta[5], text.ptr, text.len};
    r->fatal = ws_db_writer_add(r->w, &d, s, n);
    r->records++;
    for (size_t i = 0; i < n; i++)
      for (int k = 0; k < 10; k++)
        free(o[i].v[k]);
  }
  for (int k = 0; k < 7; k++)
    free(meta[k]);
  free(s);
  free(o);
  ws_result_free(res);
}

/* Indexes one input through a reader. */
static void index_corpus(run *r, const char *path) {
  ws_reader *rd = NULL;
  ws_error err = {0};
  if (ws_reader_open(path, NULL, &rd, &err) != WS_OK) {
    fprintf(stderr, "whosaid: %s: %s\n", path, err.message ? err.message : "cannot open");
    r->failed = EXIT_USAGE;
    return;
  }
  ws_record rec;
  ws_status st;
  while (!r->fatal && (st = ws_reader_next(rd, &rec, &err)) != WS_END) {
    if (st != WS_OK) {
      fprintf(stderr, "whosaid: %s: byte %zu: %s\n", path, err.pos,
              err.message ? err.message : ws_strerror(st));
      ws__db_writer_error(r->w);
      r->failed = EXIT_FAIL;
      if (st == WS_ERR_IO)
        break;
      continue;
    }
    ws_document *doc = NULL;
    if (ws_document_new(&rec, &doc, &err) != WS_OK) {
      fprintf(stderr, "whosaid: %s: byte %llu: %s\n", path,
              (unsigned long long)rec.meta.offset,
              err.message ? err.message : "cannot read the document");
      ws__db_writer_error(r->w);
      r->failed = EXIT_FAIL;
      continue;
    }
    index_document(r, doc);
    ws_document_free(doc);
  }
  ws_reader_free(rd);
}

/* Indexes one input file, whichever kind it is. */
static void index_input(run *r, const char *path) {
  FILE *fp = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
  if (!fp) {
    fprintf(stderr, "whosaid: %s: %s\n", path, strerror(errno));
    r->failed = EXIT_USAGE;
    return;
  }
  if (fp == stdin) {
    index_jsonl(r, "stdin", fp); /* Standard input: whosaid JSONL only. */
    return;
  }
  if (looks_like_whosaid(fp)) {
    index_jsonl(r, path, fp);
    fclose(fp);
    return;
  }
  fclose(fp);
  if (!r->engine) {
    r->engine = ws_engine_new(NULL);
    if (!r->engine) {
      r->fatal = WS_DB_ERR_NOMEM;
      return;
    }
  }
  index_corpus(r, path);
}

/* ---- The command ------------------------------------------------------- */

/* Seconds since an arbitrary start. */
static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Prints the run's summary. */
static void summary(const ws_db_index_stats *st, double secs, const char *db) {
  fprintf(stderr,
          "whosaid: %s: %llu new, %llu replaced, %llu unchanged documents; %llu statements"
          " in %.2f s (%.0f statements/s)%s%llu records not indexed\n",
          db, (unsigned long long)st->documents_added,
          (unsigned long long)st->documents_replaced, (unsigned long long)st->documents_same,
          (unsigned long long)st->statements, secs,
          secs > 0 ? (double)st->statements / secs : 0.0, "; ",
          (unsigned long long)st->errors);
}

/* Parses the options, which may come before or after the inputs (all
 * arguments after "--" are inputs); the inputs go to ops[0..*n_ops).
 * Returns -1 after a usage message. */
static int parse_args(int argc, char **argv, const char **db, int *batch, int *quiet,
                      int *model, char **ops, int *n_ops) {
  int only_inputs = 0;
  *n_ops = 0;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (only_inputs || a[0] != '-' || strcmp(a, "-") == 0) {
      ops[(*n_ops)++] = argv[i];
      continue;
    }
    if (strcmp(a, "--") == 0)
      only_inputs = 1;
    else if (strcmp(a, "--db") == 0 && i + 1 < argc)
      *db = argv[++i];
    else if (strncmp(a, "--db=", 5) == 0)
      *db = a + 5;
    else if (strcmp(a, "--batch") == 0 && i + 1 < argc && atoi(argv[i + 1]) > 0)
      *batch = atoi(argv[++i]);
    else if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0)
      *quiet = 1;
    else if (strcmp(a, "--model") == 0)
      *model = 1;
    else {
      fprintf(stderr, "whosaid: unknown option or missing value '%s' (see 'whosaid help "
                      "index')\n", a);
      return -1;
    }
  }
  return 0;
}

/* `whosaid index`. */
int ws_cli_index(int argc, char **argv) {
  const char *dbpath = "whosaid.db";
  int batch = 2000, quiet = 0, model = 0, n_ops = 0;
  for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++)
    if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0)
      return fputs(WS_CLI_INDEX_HELP, stdout) == EOF ? EXIT_FAIL : EXIT_OK;
  char **ops = malloc((size_t)(argc > 0 ? argc : 1) * sizeof *ops);
  if (!ops) {
    fprintf(stderr, "whosaid: out of memory\n");
    return EXIT_FAIL;
  }
  if (parse_args(argc, argv, &dbpath, &batch, &quiet, &model, ops, &n_ops) < 0) {
    free(ops);
    return EXIT_USAGE;
  }
  ws_cli_file_list files = {0};
  for (int i = 0; i < n_ops; i++)
    if (ws_cli_walk(&files, ops[i]) < 0) {
      fprintf(stderr, "whosaid: out of memory\n");
      free(ops);
      ws_cli_file_list_free(&files);
      return EXIT_FAIL;
    }
  free(ops);
  char *msg = NULL;
  run r = {0};
  ws_db_status s = ws_db_open(dbpath, WS_DB_WRITE, &r.db, &msg);
  if (s) {
    fprintf(stderr, "whosaid: %s\n", msg ? msg : ws_db_strerror(s));
    free(msg);
    ws_cli_file_list_free(&files);
    return s == WS_DB_ERR_FULL || s == WS_DB_ERR_IO || s == WS_DB_ERR_BUSY ? EXIT_FAIL
                                                                             : EXIT_USAGE;
  }
  if (model) {
    ws_options o = {WS_OPTIONS_VERSION, WS_FLAG_MODEL, 0};
    r.engine = ws_engine_new(&o);
  }
  double t0 = now();
  s = ws_db_writer_new(r.db, batch, &r.w);
  for (size_t i = 0; !s && i < files.n && !r.fatal; i++) {
    if (files.items[i].err_no) {
      fprintf(stderr, "whosaid: %s: %s\n", files.items[i].path,
              strerror(files.items[i].err_no));
      r.failed = EXIT_USAGE;
      continue;
    }
    index_input(&r, files.items[i].path);
  }
  ws_db_index_stats st = {0};
  if (!s && !r.fatal)
    s = ws_db_writer_finish(r.w, &st);
  if (!s)
    s = r.fatal;
  if (s) {
    fprintf(stderr, "whosaid: %s\n", ws_db_errmsg(r.db));
    r.failed = EXIT_FAIL;
  } else if (!quiet) {
    summary(&st, now() - t0, dbpath);
  }
  ws_db_writer_free(r.w);
  ws_db_close(r.db);
  ws_engine_free(r.engine);
  ws_cli_file_list_free(&files);
  return r.failed;
}
