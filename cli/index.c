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
    "      --batch N         documents a transaction (default: 500)\n"
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

/* A document being gathered from JSONL lines. */
typedef struct gather {
  json_t *doc_rec;       /* The document record, or NULL. */
  json_t **lines;        /* Statement records, owned. */
  size_t n, cap;
  char *key;             /* "doc\x1furl" of the statements gathered. */
} gather;

/* A string field of o, or NULL. */
static const char *jstr(json_t *o, const char *k) {
  return json_string_value(json_object_get(o, k));
}

/* An integer field, -1 when absent. */
static int64_t jint(json_t *o, const char *k) {
  json_t *v = json_object_get(o, k);
  return json_is_integer(v) ? (int64_t)json_integer_value(v) : -1;
}

/* True when o is one of whosaid's statement records. */
static int is_statement(json_t *o) {
  return json_is_object(o) && jstr(o, "kind") && json_is_string(json_object_get(o, "text")) &&
         json_is_integer(json_object_get(o, "start")) && json_object_get(o, "doc");
}

/* True when o is one of whosaid's document records. */
static int is_document(json_t *o) {
  const char *t = jstr(o, "type");
  return json_is_object(o) && t && strcmp(t, "document") == 0 && json_object_get(o, "doc");
}

/* The grouping key of a statement record: its doc and url. */
static char *stmt_key(json_t *o) {
  const char *d = jstr(o, "doc"), *u = jstr(o, "url");
  size_t n = strlen(d ? d : "") + strlen(u ? u : "") + 2;
  char *k = malloc(n);
  if (k)
    snprintf(k, n, "%s\x1f%s", d ? d : "", u ? u : "");
  return k;
}

/* Fills a statement from a record; *figures gets a new string to free. */
static void stmt_from_json(json_t *o, ws_db_stmt_in *s, char **figures) {
  memset(s, 0, sizeof *s);
  s->kind = jstr(o, "kind");
  s->text = jstr(o, "text");
  s->start = jint(o, "start");
  s->end = jint(o, "end");
  s->group = (int)jint(o, "group");
  s->speaker = jstr(o, "speaker");
  s->speaker_role = jstr(o, "speaker_role");
  json_t *m = json_object_get(o, "speaker_mention"), *c = json_object_get(o, "cue");
  s->mention = jstr(m, "text");
  s->mention_start = jint(m, "start");
  s->mention_end = jint(m, "end");
  s->cue = jstr(c, "text");
  s->cue_start = jint(c, "start");
  s->cue_end = jint(c, "end");
  s->channel = jstr(o, "channel");
  s->date = jstr(o, "date");
  s->addressee = jstr(o, "addressee");
  json_t *f = json_object_get(o, "figures");
  *figures = json_is_array(f) ? json_dumps(f, JSON_COMPACT | JSON_ENSURE_ASCII) : NULL;
  s->figures = *figures;
  s->confidence = json_number_value(json_object_get(o, "confidence"));
}

/* One document ready for the writer: its records and what points into
 * them. The parser thread makes jobs, the writer (the calling thread)
 * writes and frees them. */
typedef struct job {
  ws_db_doc_in d;
  ws_db_stmt_in *s;
  char **figs;     /* Figures of each statement as JSON text, owned. */
  json_t **lines;  /* The statement records, owned. */
  size_t n;
  json_t *doc_rec; /* The document record, owned, or NULL. */
} job;

/* Frees a job. */
static void job_free(job *j) {
  if (!j)
    return;
  for (size_t i = 0; i < j->n; i++) {
    json_decref(j->lines[i]);
    if (j->figs)
      free(j->figs[i]);
  }
  json_decref(j->doc_rec);
  free(j->lines);
  free(j->figs);
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
 * the gathering (its lines go with the job). */
static void flush_gather(parser *p) {
  gather *g = &p->g;
  if (!g->doc_rec && g->n == 0)
    return;
  job *j = calloc(1, sizeof *j);
  if (j) {
    j->s = calloc(g->n ? g->n : 1, sizeof *j->s);
    j->figs = calloc(g->n ? g->n : 1, sizeof *j->figs);
  }
  if (!j || !j->s || !j->figs) {
    p->nomem = 1;
    job_free(j);
    return;
  }
  j->lines = g->lines;
  j->n = g->n;
  j->doc_rec = g->doc_rec;
  json_t *meta = g->doc_rec ? g->doc_rec : g->lines[0];
  ws_db_doc_in *d = &j->d;
  const char *doc = jstr(meta, "doc"), *source = jstr(meta, "source");
  d->doc = doc;
  d->source = source ? source : doc;
  /* "doc" is the document's id when it differs from its source. */
  if (doc && source && strcmp(doc, source) != 0)
    d->id = doc;
  d->url = jstr(meta, "url");
  d->title = jstr(meta, "title");
  d->date = g->doc_rec ? jstr(meta, "date") : jstr(meta, "doc_date");
  d->byline = jstr(meta, "byline");
  json_t *text = g->doc_rec ? json_object_get(g->doc_rec, "text") : NULL;
  if (json_is_string(text)) {
    d->text = json_string_value(text);
    d->text_len = json_string_length(text);
  }
  for (size_t i = 0; i < g->n; i++)
    stmt_from_json(g->lines[i], &j->s[i], &j->figs[i]);
  g->lines = NULL;
  g->n = g->cap = 0;
  g->doc_rec = NULL;
  free(g->key);
  g->key = NULL;
  if (queue_push(p->q, j) < 0)
    p->stopped = 1;
}

/* Adds one parsed line to the gathering, flushing a finished document. */
static void gather_line(parser *p, json_t *o) {
  gather *g = &p->g;
  if (is_document(o)) {
    flush_gather(p);
    g->doc_rec = o;
    return;
  }
  char *k = stmt_key(o);
  const char *dd = g->doc_rec ? jstr(g->doc_rec, "doc") : NULL;
  const char *sd = jstr(o, "doc");
  int first_of_record = g->doc_rec && g->n == 0 && dd && sd && strcmp(dd, sd) == 0;
  int same = g->key && k && strcmp(g->key, k) == 0;
  if (!first_of_record && !same)
    flush_gather(p);
  if (!g->key)
    g->key = k;
  else
    free(k);
  if (g->n == g->cap) {
    size_t cap = g->cap ? g->cap * 2 : 16;
    json_t **l = realloc(g->lines, cap * sizeof *l);
    if (!l) {
      p->nomem = 1;
      json_decref(o);
      return;
    }
    g->lines = l;
    g->cap = cap;
  }
  g->lines[g->n++] = o;
}

/* The parser thread: reads whosaid JSONL line by line into jobs. */
static void *parse_lines(void *arg) {
  parser *p = arg;
  char *line = NULL;
  size_t cap = 0;
  ssize_t len;
  uint64_t offset = 0;
  while (!p->stopped && !p->nomem && (len = getline(&line, &cap, p->fp)) >= 0) {
    uint64_t here = offset;
    offset += (uint64_t)len;
    size_t n = (size_t)len;
    while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
      n--;
    if (n == 0)
      continue;
    json_error_t je;
    json_t *o = json_loadb(line, n, JSON_ALLOW_NUL, &je);
    if (!o || !(is_statement(o) || is_document(o))) {
      fprintf(stderr, "whosaid: %s: byte %llu: %s\n", p->path, (unsigned long long)here,
              o ? "not a whosaid statement or document record" : je.text);
      json_decref(o);
      p->errors++;
      p->failed = EXIT_FAIL;
      continue;
    }
    gather_line(p, o);
  }
  if (ferror(p->fp)) {
    fprintf(stderr, "whosaid: %s: read error: %s\n", p->path, strerror(errno));
    p->failed = EXIT_FAIL;
  }
  if (!p->stopped && !p->nomem)
    flush_gather(p);
  for (size_t i = 0; i < p->g.n; i++)
    json_decref(p->g.lines[i]);
  json_decref(p->g.doc_rec);
  free(p->g.lines);
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
  while ((len = getline(&line, &cap, fp)) >= 0) {
    if (len <= 1)
      continue;
    json_t *o = json_loadb(line, (size_t)len, JSON_DISABLE_EOF_CHECK, NULL);
    yes = o && (is_statement(o) || is_document(o));
    json_decref(o);
    break;
  }
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

/* Parses the options; returns -1 after a usage message. */
static int parse_args(int argc, char **argv, const char **db, int *batch, int *quiet,
                      int *model, int *first) {
  int i = 1;
  for (; i < argc; i++) {
    const char *a = argv[i];
    if (strcmp(a, "--") == 0) {
      i++;
      break;
    }
    if (a[0] != '-' || strcmp(a, "-") == 0)
      break;
    if (strcmp(a, "--db") == 0 && i + 1 < argc)
      *db = argv[++i];
    else if (strncmp(a, "--db=", 5) == 0)
      *db = a + 5;
    else if (strcmp(a, "--batch") == 0 && i + 1 < argc)
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
  *first = i;
  return 0;
}

/* `whosaid index`. */
int ws_cli_index(int argc, char **argv) {
  const char *dbpath = "whosaid.db";
  int batch = 500, quiet = 0, model = 0, first;
  for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++)
    if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0)
      return fputs(WS_CLI_INDEX_HELP, stdout) == EOF ? EXIT_FAIL : EXIT_OK;
  if (parse_args(argc, argv, &dbpath, &batch, &quiet, &model, &first) < 0)
    return EXIT_USAGE;
  ws_cli_file_list files = {0};
  for (int i = first; i < argc; i++)
    if (ws_cli_walk(&files, argv[i]) < 0) {
      fprintf(stderr, "whosaid: out of memory\n");
      return EXIT_FAIL;
    }
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
