/* pipeline.c: reads many inputs and writes their statements (or texts) in
 * input order with several threads.
 *
 * With -j N, N worker threads share the work and there is no other busy
 * thread, so that N workers keep N cores busy and no core is shared by a
 * reader, a writer and the workers. Each worker loops:
 *
 *  1. Reading. Under the reading lock it takes the next record of the
 *     inputs, in order (opening the next input when one ends), and copies
 *     it into a job, numbered in input order. An input that cannot be
 *     opened or a record that cannot be read becomes a message job, which
 *     has nothing to do but be written in its place. The job enters a ring
 *     of a fixed number of slots; the worker waits there while the ring is
 *     full or the bodies in flight (read, not yet written) exceed a byte
 *     budget, unless nothing is in flight: memory is about the budget plus
 *     the largest document, whatever the size of the input.
 *  2. Working, with no lock held: it makes the document (ws_document_new),
 *     finds its statements (ws_extract, with the engine shared read-only)
 *     and formats everything the document writes, statements and messages
 *     alike, into memory buffers of the job.
 *  3. Writing. The job is marked done. Jobs are written strictly by number:
 *     whichever worker finds the oldest job done while no other worker is
 *     writing becomes the writer and writes every job done in order from
 *     there, to standard output and standard error. Because every byte of
 *     output is made inside one job and written in job order, the output
 *     does not depend on the number of workers.
 *
 * Reading is cheap next to the work (decompression and WARC parsing take
 * 11% of the CPU time of news pages with libdeflate, 20% with zlib), and
 * one worker reads while the others work, so the workers seldom wait for
 * the reading lock (bench/pipeline_sim.py puts -j 2 on two idle cores at
 * 1.98 times -j 1 for news pages, docs/bench.md), and the record is worked
 * on by the thread that copied it,
 * while its bytes are still in that core's cache. Written jobs go back to a
 * short free list with their buffers, so that a run does not allocate and
 * free the record copy and the output buffers for every document (and the
 * buffers are freed by the thread whose allocator arena made them, mostly).
 * The calling thread only waits, redrawing the progress line when asked.
 *
 * With one worker everything runs in the calling thread, one record at a
 * time, through the same functions, with two shortcuts: a record is not
 * copied into its job (job_borrow_record), and JSON lines go straight to
 * standard output (direct_output). */
#define _POSIX_C_SOURCE 200809L

#include "pipeline.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

/* Bytes of record bodies in flight per worker before the reader waits. */
#define BUDGET_PER_JOB ((size_t)8 << 20)
/* Seconds between two redraws of the progress line. */
#define PROGRESS_PERIOD 0.25
/* Buffers of a written job larger than this are freed rather than kept for
 * the next document, so that one huge document does not keep its memory
 * for the rest of the run. */
#define KEEP_BYTES ((size_t)1 << 20)

/* ---- Jobs --------------------------------------------------------------- */

/* One record on its way through the pipeline, or a message from the reader
 * (an input that cannot be opened, a record that cannot be read), which has
 * nothing to do but be written in its place. */
typedef struct job {
  ws_record rec;     /* Its strings point into store. */
  char *store;       /* The copied bytes of the record (kept for reuse). */
  size_t store_cap;  /* Bytes allocated at store. */
  size_t bytes;      /* Counted against the budget until committed. */
  int multi;         /* The input holds many documents: title it. */
  int done;          /* Ready to be committed. */
  int code;          /* Exit code this job calls for. */
  int failed;        /* The document could not be made or analysed. */
  int shown;         /* It wrote a titled or tabled section to out. */
  uint64_t statements;
  ws_cli_out out;    /* What goes to standard output. */
  ws_cli_out *sink;  /* Where JSON lines of statements go: NULL for out;
                        with one thread, standard output itself. */
  ws_cli_out err;    /* Errors, for standard error. */
  ws_cli_out warn;   /* Warnings about the input, for standard error. */
  size_t file;       /* Index of its input in the file list. */
  struct job *next;  /* In the free list. */
} job;

/* Returns a new empty job, or NULL when memory runs out. */
static job *job_new(void) {
  return calloc(1, sizeof(job));
}

/* Frees a job and everything it holds. */
static void job_free(job *j) {
  if (!j)
    return;
  free(j->store);
  ws_cli_out_release(&j->out);
  ws_cli_out_release(&j->err);
  ws_cli_out_release(&j->warn);
  free(j);
}

/* Empties a memory stream for reuse, keeping its buffer unless it grew
 * beyond KEEP_BYTES. */
static void out_reset(ws_cli_out *o) {
  if (o->cap > KEEP_BYTES) {
    ws_cli_out_release(o);
    return;
  }
  o->len = 0;
  o->err = 0;
}

/* Makes a written job empty again for the next record, keeping its
 * buffers (unless they are large). */
static void job_reset(job *j) {
  if (j->store_cap > KEEP_BYTES) {
    free(j->store);
    j->store = NULL;
    j->store_cap = 0;
  }
  out_reset(&j->out);
  out_reset(&j->err);
  out_reset(&j->warn);
  memset(&j->rec, 0, sizeof j->rec);
  j->bytes = 0;
  j->multi = j->done = j->code = j->failed = j->shown = 0;
  j->statements = 0;
  j->file = 0;
  j->sink = NULL;
  j->next = NULL;
}

/* Appends a formatted message to a job's standard error. */
static void job_say(job *j, const char *fmt, ...) {
  char line[1024];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(line, sizeof line, fmt, ap);
  va_end(ap);
  if (n < 0)
    return;
  ws_cli_out_write(&j->err, line, (size_t)n < sizeof line ? (size_t)n : sizeof line - 1);
}

/* Adds the length of s to *total. */
static void add_len(size_t *total, ws_str s) {
  if (s.ptr)
    *total += s.len;
}

/* Copies s to *at and points *s there. */
static void copy_str(ws_str *s, char **at) {
  if (!s->ptr)
    return;
  if (s->len)
    memcpy(*at, s->ptr, s->len);
  s->ptr = *at;
  *at += s->len;
}

/* True when s holds the NUL-terminated string t. */
static int str_is(ws_str s, const char *t) {
  return s.ptr && s.len == strlen(t) && memcmp(s.ptr, t, s.len) == 0;
}

/* Copies a record (whose bytes the reader owns until its next call) into
 * j, reusing j's store when it is large enough. Returns 0, or -1 when
 * memory runs out. */
static int job_copy_record(job *j, const ws_record *rec) {
  size_t total = 1;
  ws_record r = *rec;
  ws_str *strs[] = {&r.body,      &r.charset,    &r.meta.id,     &r.meta.url,
                    &r.meta.date, &r.meta.title, &r.meta.byline, &r.meta.source};
  for (size_t i = 0; i < sizeof strs / sizeof strs[0]; i++)
    add_len(&total, *strs[i]);
  if (total > j->store_cap) {
    /* Nothing in the old store is needed: no realloc, no copy. */
    free(j->store);
    j->store_cap = 0;
    if ((j->store = malloc(total)) == NULL)
      return -1;
    j->store_cap = total;
  }
  char *at = j->store;
  for (size_t i = 0; i < sizeof strs / sizeof strs[0]; i++)
    copy_str(strs[i], &at);
  if (str_is(r.meta.source, "-")) { /* Standard input goes by "stdin". */
    r.meta.source.ptr = "stdin";
    r.meta.source.len = 5;
  }
  j->rec = r;
  j->bytes = total;
  return 0;
}

/* Points j at a record without copying it, for one thread (-j 1): the
 * record's bytes stay the reader's until its next call, and the record is
 * made into a document before the reader is called again. */
static void job_borrow_record(job *j, const ws_record *rec) {
  j->rec = *rec;
  if (str_is(j->rec.meta.source, "-")) { /* Standard input goes by "stdin". */
    j->rec.meta.source.ptr = "stdin";
    j->rec.meta.source.len = 5;
  }
  j->bytes = 0;
}

/* ---- Naming documents --------------------------------------------------- */

/* The source as shown: "stdin" for standard input. */
static ws_str shown_source(ws_str source) {
  if (!source.ptr || str_is(source, "-")) {
    ws_str s = {"stdin", 5};
    return s;
  }
  return source;
}

char *ws_cli_doc_name(const ws_doc_meta *meta) {
  ws_str s = meta->id.ptr ? meta->id : shown_source(meta->source);
  char *name = malloc(s.len + 1);
  if (name) {
    memcpy(name, s.ptr, s.len);
    name[s.len] = '\0';
    /* A NUL inside an id would cut the name short: show it as a space. */
    for (size_t i = 0; i < s.len; i++)
      if (name[i] == '\0')
        name[i] = ' ';
  }
  return name;
}

/* Prints the source of a record for a message, as "%.*s". */
#define SOURCE_ARGS(src) (int)shown_source(src).len, shown_source(src).ptr

/* ---- The work of one document ------------------------------------------- */

/* Writes "==> NAME <==" and a newline. Returns 0 or -1. */
static int write_title(ws_cli_out *out, const char *name) {
  return ws_cli_out_write(out, "==> ", 4) || ws_cli_out_write(out, name, strlen(name)) ||
                 ws_cli_out_write(out, " <==\n", 5)
             ? -1
             : 0;
}

/* Writes the text of a document (whosaid text), titled when asked, ending
 * in a newline. */
static void work_text(const ws_cli_pipeline *p, job *j, ws_str text, const char *name) {
  if (j->multi)
    write_title(&j->out, name);
  ws_cli_out_write(&j->out, text.ptr, text.len);
  if (text.len == 0 || text.ptr[text.len - 1] != '\n')
    ws_cli_out_write(&j->out, "\n", 1);
  j->shown = 1;
}

/* Writes the statements of r, found in the document with metadata meta and
 * name, in the run's format. */
static void work_write(const ws_cli_pipeline *p, job *j, const ws_result *r,
                       const ws_doc_meta *meta, const char *name) {
  switch (p->format) {
  case WS_CLI_TSV:
    ws_cli_write_tsv(&j->out, r, name);
    break;
  case WS_CLI_TABLE:
    if (j->multi)
      write_title(&j->out, name);
    ws_cli_write_table(&j->out, r, p->width);
    j->shown = 1;
    break;
  default:
    for (size_t i = 0; i < ws_result_count(r); i++)
      if (ws_write_json_meta(r, i, meta, ws_cli_out_write, j->sink ? j->sink : &j->out) !=
          WS_OK)
        break;
    break;
  }
}

/* Finds and writes the statements of doc. */
static void work_statements(const ws_cli_pipeline *p, job *j, const ws_document *doc,
                            const char *name) {
  ws_doc_meta meta = *ws_document_meta(doc);
  ws_str text = ws_document_text(doc);
  meta.source = shown_source(meta.source);
  if (p->emit_documents)
    ws_write_document_json(doc, ws_cli_out_write, &j->out);
  ws_result *r = NULL;
  ws_error e = {WS_OK, NULL, 0};
  ws_status st = ws_extract(p->engine, text.ptr, text.len, &r, &e);
  if (st != WS_OK) {
    ws_cli_out_release(&j->out); /* No document record without statements. */
    job_say(j, "whosaid: %s: %s\n", name, e.message ? e.message : ws_strerror(st));
    j->code = 1;
    j->failed = 1;
    return;
  }
  if (p->warnings)
    ws_cli_write_warnings(&j->warn, name, r, WS_CLI_MAX_WARNINGS);
  work_write(p, j, r, &meta, name);
  j->statements = ws_result_count(r);
  ws_result_free(r);
}

/* Does the work of one record job: makes the document, then its text or
 * statements, into the job's buffers. */
static void work(const ws_cli_pipeline *p, job *j) {
  ws_document *doc = NULL;
  ws_error e = {WS_OK, NULL, 0};
  ws_status st = ws_document_new(&j->rec, &doc, &e);
  if (st != WS_OK) {
    job_say(j, "whosaid: %.*s: byte %llu: %s\n", SOURCE_ARGS(j->rec.meta.source),
            (unsigned long long)j->rec.meta.offset,
            e.message ? e.message : ws_strerror(st));
    j->code = 1;
    j->failed = 1;
  }
  /* The document holds copies of what it needs; a large store is freed
   * now rather than held until the job is written. */
  if (j->store_cap > KEEP_BYTES) {
    free(j->store);
    j->store = NULL;
    j->store_cap = 0;
  }
  memset(&j->rec, 0, sizeof j->rec);
  if (!doc)
    return;
  char *name = ws_cli_doc_name(ws_document_meta(doc));
  if (!name) {
    job_say(j, "whosaid: out of memory\n");
    j->code = 1;
    j->failed = 1;
  } else if (p->mode == WS_CLI_MODE_TEXT) {
    work_text(p, j, ws_document_text(doc), name);
  } else {
    work_statements(p, j, doc, name);
  }
  if (j->out.err == ENOMEM || j->err.err == ENOMEM || j->warn.err == ENOMEM) {
    ws_cli_out_release(&j->out);
    job_say(j, "whosaid: %s: out of memory\n", name ? name : "document");
    j->code = 1;
    j->failed = 1;
    j->shown = 0;
  }
  free(name);
  ws_document_free(doc);
}

/* ---- Run state ---------------------------------------------------------- */

/* What the workers share. Fields under "locked" are read and written with
 * mu held; fields under "reading" with rmu held (in the calling thread
 * alone with one worker); fields under "writing" by the writer of the
 * moment (the thread that set committing). */
typedef struct run {
  const ws_cli_pipeline *p;
  int clocks; /* Read the CPU clocks: for the summary (p->cpu_times) or a trace. */
  const ws_cli_file_list *files;
  ws_cli_summary *sum;  /* Reading: files, documents, bytes, errors, skips;
                           writing: statements, failed; cpu_* at the end. */
  struct timespec start;
  /* Locked. */
  pthread_mutex_t mu;
  pthread_cond_t space;    /* A job was written: the ring has room. */
  pthread_cond_t finished; /* A worker ended. */
  job **ring;
  size_t cap;          /* Slots in ring. */
  size_t budget;       /* Bytes of jobs in flight before the reader waits. */
  size_t inflight;     /* Bytes of jobs read and not yet committed. */
  uint64_t n_read, n_committed;
  int committing;      /* A thread is writing jobs (or the progress line). */
  int abort;           /* The output failed: stop. */
  unsigned running;    /* Workers not ended. */
  job *free_jobs;      /* Written jobs kept for reuse. */
  size_t n_free;
  size_t max_free;
  uint64_t files_opened;   /* Progress: inputs opened so far. */
  uint64_t bytes_read;     /* Progress: bytes read (as stored) so far. */
  uint64_t bytes_decoded;
  uint64_t documents;
  double cpu_read, cpu_work, cpu_write; /* Summed as workers end. */
  /* Reading. */
  pthread_mutex_t rmu;
  ws_reader *rd;           /* The input being read, or NULL. */
  int rd_close;            /* Close rd before reading on (it cannot go on). */
  size_t next_file;        /* Index of the next input to open. */
  size_t cur_file;         /* Index of the input being read. */
  uint64_t base_read, base_decoded; /* Bytes of the inputs before rd. */
  int reader_done;         /* Every input was read, or reading stopped. */
  int reader_code;         /* -1 when memory ran out while reading. */
  /* Writing. */
  int code;
  uint64_t n_shown;        /* Sections written (for the blank line between). */
  size_t warn_file;        /* Input whose documents' warnings are counted. */
  uint64_t warned_docs;    /* Its documents whose warnings were printed. */
  uint64_t unwarned_docs;  /* Its documents whose warnings were not. */
  int progress_shown;
  double last_draw;
} run;

/* Seconds since the run started. */
static double elapsed(const run *r) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return (double)(now.tv_sec - r->start.tv_sec) +
         (double)(now.tv_nsec - r->start.tv_nsec) / 1e9;
}

/* CPU seconds the calling thread has used, or 0 when the run does not
 * measure them. */
static double thread_cpu(const run *r) {
  struct timespec t;
  if (!r->clocks || clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t) != 0)
    return 0;
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Whether the run has several threads (and the locks are needed). */
static int threaded(const run *r) {
  return r->p->jobs > 1;
}

/* ---- Progress ----------------------------------------------------------- */

/* Formats n seconds as H:MM:SS or M:SS into buf. */
static void format_duration(char *buf, size_t size, double n) {
  unsigned long s = n > 0 && n < 1e9 ? (unsigned long)(n + 0.5) : 0;
  if (s >= 3600)
    snprintf(buf, size, "%lu:%02lu:%02lu", s / 3600, s / 60 % 60, s % 60);
  else
    snprintf(buf, size, "%lu:%02lu", s / 60, s % 60);
}

/* Redraws the progress line on p->err. The caller is the writer of the
 * moment and holds no lock; the reading counters are read under mu. */
static void draw_progress(run *r) {
  double t = elapsed(r);
  if (threaded(r))
    pthread_mutex_lock(&r->mu);
  uint64_t files = r->files_opened, docs = r->documents, bytes = r->bytes_read,
           decoded = r->bytes_decoded;
  if (threaded(r))
    pthread_mutex_unlock(&r->mu);
  double mbs = t > 0 ? (double)decoded / 1e6 / t : 0;
  char eta[48] = "";
  const ws_cli_file_list *f = r->files;
  if (!f->unsized && bytes > 0 && f->total_size >= bytes && t > 0.5) {
    char d[24];
    format_duration(d, sizeof d, (double)(f->total_size - bytes) * t / (double)bytes);
    snprintf(eta, sizeof eta, ", ETA %s", d);
  }
  char line[256];
  int n = snprintf(line, sizeof line,
                   "whosaid: %llu/%zu files, %llu documents, %.1f MB/s, %llu statements%s",
                   (unsigned long long)files, f->n, (unsigned long long)docs, mbs,
                   (unsigned long long)r->sum->statements, eta);
  /* A line wider than the terminal would wrap, and "\r" could not redraw it. */
  struct winsize ws;
  if (ioctl(fileno(r->p->err), TIOCGWINSZ, &ws) == 0 && ws.ws_col > 1 && n >= ws.ws_col)
    n = ws.ws_col - 1;
  if (n < 0)
    n = 0;
  if ((size_t)n >= sizeof line)
    n = sizeof line - 1;
  fprintf(r->p->err, "\r%.*s\033[K", n, line);
  fflush(r->p->err);
  r->progress_shown = 1;
  r->last_draw = t;
}

/* Redraws the progress line when it is due. */
static void maybe_progress(run *r) {
  if (r->p->progress && elapsed(r) - r->last_draw >= PROGRESS_PERIOD)
    draw_progress(r);
}

/* Erases the progress line, before other messages or at the end. */
static void clear_progress(run *r) {
  if (r->progress_shown) {
    fputs("\r\033[K", r->p->err);
    fflush(r->p->err);
    r->progress_shown = 0;
  }
}

/* ---- Committing --------------------------------------------------------- */

/* Says how many documents of the input whose warnings are being counted
 * had warnings that were not printed. */
static void warn_note(run *r) {
  if (r->unwarned_docs && r->warn_file < r->files->n) {
    const char *path = r->files->items[r->warn_file].path;
    clear_progress(r);
    fprintf(r->p->err, "whosaid: %s: warnings about %llu more document%s not shown\n",
            strcmp(path, "-") == 0 ? "stdin" : path, (unsigned long long)r->unwarned_docs,
            r->unwarned_docs == 1 ? "" : "s");
    fflush(r->p->err);
  }
  r->warned_docs = r->unwarned_docs = 0;
}

/* Writes a job's warnings, for at most WS_CLI_MAX_WARNED_DOCS documents an
 * input (a WARC of thousands of pages would bury everything else). */
static void commit_warnings(run *r, job *j) {
  if (j->file != r->warn_file) {
    warn_note(r);
    r->warn_file = j->file;
  }
  if (!j->warn.len)
    return;
  if (r->warned_docs++ >= WS_CLI_MAX_WARNED_DOCS) {
    r->unwarned_docs++;
    return;
  }
  clear_progress(r);
  fwrite(j->warn.buf, 1, j->warn.len, r->p->err);
  fflush(r->p->err);
}

/* Writes a finished job to standard output and standard error and counts
 * it. Returns 0, or -1 when standard output failed (the run stops). */
static int commit(run *r, job *j) {
  const ws_cli_pipeline *p = r->p;
  commit_warnings(r, j);
  if (j->err.len) {
    clear_progress(r);
    fwrite(j->err.buf, 1, j->err.len, p->err);
    fflush(p->err);
  }
  if (j->shown && r->n_shown++ > 0)
    ws_cli_out_write(p->out, "\n", 1);
  if (j->out.len)
    ws_cli_out_write(p->out, j->out.buf, j->out.len);
  r->sum->statements += j->statements;
  r->sum->failed += (uint64_t)j->failed;
  if (j->code > r->code)
    r->code = j->code;
  maybe_progress(r);
  return p->out->err ? -1 : 0;
}

/* A job to fill: a written one from the free list, or a new one. Takes mu
 * when threaded. Returns NULL when memory runs out. */
static job *job_get(run *r) {
  job *j = NULL;
  if (threaded(r))
    pthread_mutex_lock(&r->mu);
  if (r->free_jobs) {
    j = r->free_jobs;
    r->free_jobs = j->next;
    r->n_free--;
    j->next = NULL;
  }
  if (threaded(r))
    pthread_mutex_unlock(&r->mu);
  return j ? j : job_new();
}

/* Keeps a written (or unused) job for reuse, or frees it when enough are
 * kept. With mu held when threaded. */
static void job_put_locked(run *r, job *j) {
  if (r->n_free >= r->max_free) {
    job_free(j);
    return;
  }
  job_reset(j);
  j->next = r->free_jobs;
  r->free_jobs = j;
  r->n_free++;
}

/* Writes, in number order, every job that is done from the oldest one
 * not yet written, unless another thread is doing so (it will write them
 * then). Called with mu held; returns with mu held. */
static void drain(run *r) {
  while (!r->committing && !r->abort && r->n_committed < r->n_read &&
         r->ring[r->n_committed % r->cap]->done) {
    job *j = r->ring[r->n_committed % r->cap];
    r->committing = 1;
    pthread_mutex_unlock(&r->mu);
    int rc = commit(r, j);
    pthread_mutex_lock(&r->mu);
    r->committing = 0;
    r->ring[r->n_committed % r->cap] = NULL;
    r->n_committed++;
    r->inflight -= j->bytes;
    job_put_locked(r, j);
    pthread_cond_signal(&r->space);
    if (rc != 0) {
      r->abort = 1;
      pthread_cond_broadcast(&r->space);
    }
  }
}

/* ---- Reading ------------------------------------------------------------ */

/* Adds a reader's skip counts to the summary. Returns 0 or -1. */
static int add_skips(ws_cli_summary *sum, const ws_reader_stats *st) {
  for (size_t i = 0; i < st->n_skips; i++) {
    const ws_skip *s = &st->skips[i];
    size_t k = 0;
    while (k < sum->n_skips && strcmp(sum->skips[k].reason, s->reason) != 0)
      k++;
    if (k == sum->n_skips) {
      ws_cli_skip *v = realloc(sum->skips, (k + 1) * sizeof *v);
      if (!v)
        return -1;
      sum->skips = v;
      /* Reasons may be owned by the reader ("not a document: image/png"). */
      if ((v[k].reason = strdup(s->reason)) == NULL)
        return -1;
      v[k].count = 0;
      sum->n_skips++;
    }
    sum->skips[k].count += s->count;
  }
  return 0;
}

/* Makes j a message job holding one line, calling for exit code code. */
static void make_message(run *r, job *j, int code, const char *fmt, ...) {
  char line[1024];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(line, sizeof line, fmt, ap);
  va_end(ap);
  if (n > 0)
    ws_cli_out_write(&j->err, line, (size_t)n < sizeof line ? (size_t)n : sizeof line - 1);
  j->code = code;
  j->done = 1;
  j->file = r->cur_file;
}

/* Publishes the reading counters for the progress line. */
static void note_progress(run *r) {
  if (!r->p->progress)
    return;
  uint64_t read = r->base_read, decoded = r->base_decoded;
  if (r->rd) {
    ws_reader_stats st;
    ws_reader_get_stats(r->rd, &st);
    read += st.bytes_read;
    decoded += st.bytes_decoded;
  }
  if (threaded(r))
    pthread_mutex_lock(&r->mu);
  r->files_opened = r->sum->files;
  r->documents = r->sum->documents;
  r->bytes_read = read;
  r->bytes_decoded = decoded;
  if (threaded(r))
    pthread_mutex_unlock(&r->mu);
}

/* Closes the input being read and adds its counts to the summary. Returns
 * 0, or -1 when memory ran out. */
static int close_input(run *r) {
  ws_reader_stats stats;
  ws_reader_get_stats(r->rd, &stats);
  r->sum->bytes_read += stats.bytes_read;
  r->sum->bytes_decoded += stats.bytes_decoded;
  int rc = add_skips(r->sum, &stats);
  ws_reader_free(r->rd);
  r->rd = NULL;
  r->rd_close = 0;
  return rc;
}

/* The errno of opening path for reading, or 0 when it opens. The walk does
 * not check that named files can be read (open_checks), so that a file the
 * reader could not open is reported as the system says why, as the walk
 * would have: the open is tried again here, for its errno. */
static int open_errno(const char *path) {
  if (strcmp(path, "-") == 0)
    return 0;
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return errno;
  close(fd);
  return 0;
}

/* Opens the next input into r->rd, or makes j a message job when it cannot
 * be opened. Returns 1 when j is a message, 0 when the input is open. */
static int open_next(run *r, job *j) {
  size_t i = r->next_file++;
  const ws_cli_input_file *f = &r->files->items[i];
  const char *shown = strcmp(f->path, "-") == 0 ? "stdin" : f->path;
  r->cur_file = i;
  if (f->err_no) {
    r->sum->files_failed++;
    make_message(r, j, 2, "whosaid: %s: %s\n", shown, strerror(f->err_no));
    return 1;
  }
  ws_error e = {WS_OK, NULL, 0};
  ws_status st = ws_reader_open(f->path, r->p->reader, &r->rd, &e);
  if (st != WS_OK) {
    r->rd = NULL;
    r->sum->files_failed++;
    int err_no = st == WS_ERR_IO ? open_errno(f->path) : 0;
    if (err_no)
      make_message(r, j, 2, "whosaid: %s: %s\n", shown, strerror(err_no));
    else
      make_message(r, j, st == WS_ERR_NOMEM ? 1 : 2, "whosaid: %s: %s\n", shown,
                   e.message ? e.message : ws_strerror(st));
    return 1;
  }
  r->sum->files++;
  r->base_read = r->sum->bytes_read;
  r->base_decoded = r->sum->bytes_decoded;
  return 0;
}

/* Fills j with the next record of the inputs, in order, or with a message
 * in its place. Returns 1 when j was filled, 0 when every input is read,
 * -1 when memory ran out (reader_code is then -1). With rmu held when
 * threaded. */
static int pull(run *r, job *j) {
  for (;;) {
    if (r->rd && r->rd_close && close_input(r) != 0)
      return r->reader_code = -1;
    if (!r->rd) {
      if (r->next_file >= r->files->n)
        return 0;
      if (open_next(r, j))
        return 1;
      note_progress(r);
    }
    ws_record rec;
    ws_error e = {WS_OK, NULL, 0};
    ws_status st = ws_reader_next(r->rd, &rec, &e);
    if (st == WS_OK) {
      if (!threaded(r))
        job_borrow_record(j, &rec);
      else if (job_copy_record(j, &rec) != 0)
        return r->reader_code = -1;
      ws_format f = ws_reader_format(r->rd);
      j->file = r->cur_file;
      j->multi = r->p->titled || f == WS_FORMAT_JSONL || f == WS_FORMAT_WARC;
      r->sum->documents++;
      note_progress(r);
      return 1;
    }
    if (st == WS_END) {
      r->rd_close = 1;
      continue;
    }
    const char *path = r->files->items[r->cur_file].path;
    const char *shown = strcmp(path, "-") == 0 ? "stdin" : path;
    make_message(r, j, 1, "whosaid: %s: byte %zu: %s\n", shown, e.pos,
                 e.message ? e.message : ws_strerror(st));
    r->sum->record_errors++;
    /* A malformed or oversized record is passed over; anything else ends
     * the input. */
    if (st != WS_ERR_FORMAT && st != WS_ERR_TOO_BIG)
      r->rd_close = 1;
    return 1;
  }
}

/* Closes what reading left open after an early stop, counting its bytes
 * and skips like those of the inputs read to their end. */
static void reading_end(run *r) {
  if (r->rd && close_input(r) != 0)
    r->reader_code = -1;
}

/* ---- One thread --------------------------------------------------------- */

/* Opens the file named by the environment variable WHOSAID_PIPELINE_TRACE
 * for run_alone to write, per record, the CPU seconds of reading, working
 * and writing it ("R W C", one line a record). bench/pipeline_sim.py turns
 * such a trace of -j 1 into the speed-up that -j N would have on N idle
 * cores. Returns NULL when the variable is unset (the usual case) or the
 * file cannot be opened. */
static FILE *trace_open(void) {
  const char *path = getenv("WHOSAID_PIPELINE_TRACE");
  return path && *path ? fopen(path, "w") : NULL;
}

/* Whether the JSON lines of a record's statements may go straight to
 * standard output as they are made, rather than into the job's buffer and
 * then out (a copy of every byte and a buffer fewer; 0.6% of the
 * instructions of `whosaid extract -j 1`). With one thread a job is written
 * as soon as it is worked on, so standard output gets the same bytes; only
 * their order against standard error's may differ where both go to one
 * file, as buffering already makes it. Not with document records, which
 * are taken back when extraction fails. */
static int direct_output(const run *r) {
  const ws_cli_pipeline *p = r->p;
  return p->mode == WS_CLI_MODE_STATEMENTS && p->format == WS_CLI_JSONL &&
         !p->emit_documents;
}

/* Runs everything in the calling thread (-j 1): each record is read,
 * worked on and written before the next is read. */
static void run_alone(run *r) {
  int direct = direct_output(r);
  job *j = NULL;
  FILE *trace = trace_open();
  if (trace)
    r->clocks = 1; /* The trace needs the clocks even with no summary. */
  double t0 = thread_cpu(r);
  for (;;) {
    if (!j && (j = job_new()) == NULL) {
      r->reader_code = -1;
      break;
    }
    if (pull(r, j) <= 0)
      break;
    double t1 = thread_cpu(r), read_s = t1 - t0;
    r->cpu_read += read_s;
    if (direct)
      j->sink = r->p->out;
    if (!j->done)
      work(r->p, j);
    double t2 = thread_cpu(r);
    int rc = commit(r, j);
    job_reset(j);
    t0 = thread_cpu(r);
    r->cpu_work += t2 - t1;
    r->cpu_write += t0 - t2;
    if (trace)
      fprintf(trace, "%.9f %.9f %.9f\n", read_s, t2 - t1, t0 - t2);
    if (rc != 0)
      break;
  }
  r->cpu_read += thread_cpu(r) - t0;
  job_free(j);
  reading_end(r);
  if (trace)
    fclose(trace);
}

/* ---- Threads ------------------------------------------------------------ */

/* Takes the next record into j and enters it in the ring, in number order
 * (waiting for room). Returns 1 when j is in the ring, 0 when there is
 * nothing more to do (every input read, or the run stops). Sets *ready when
 * the record needs no work (a message job, done by pull): such a job may
 * be written and recycled by another worker as soon as it is in the ring,
 * so the caller must not touch it again. */
static int take(run *r, job *j, int *ready) {
  pthread_mutex_lock(&r->rmu);
  int got = r->reader_done ? 0 : pull(r, j);
  if (got <= 0) {
    r->reader_done = 1;
    pthread_mutex_unlock(&r->rmu);
    return 0;
  }
  /* Still under rmu, so that jobs enter the ring in the order read. */
  pthread_mutex_lock(&r->mu);
  while (!r->abort && (r->n_read - r->n_committed >= r->cap ||
                       (r->n_read > r->n_committed && r->inflight + j->bytes > r->budget)))
    pthread_cond_wait(&r->space, &r->mu);
  if (r->abort) {
    pthread_mutex_unlock(&r->mu);
    r->reader_done = 1;
    pthread_mutex_unlock(&r->rmu);
    return 0;
  }
  *ready = j->done;
  r->ring[r->n_read % r->cap] = j;
  r->n_read++;
  r->inflight += j->bytes;
  pthread_mutex_unlock(&r->mu);
  pthread_mutex_unlock(&r->rmu);
  return 1;
}

/* A worker thread: reads a record, works on it, marks it done and writes
 * what is ready to be written, until the inputs are read or the run
 * stops. */
static void *worker_main(void *arg) {
  run *r = arg;
  double cpu_read = 0, cpu_work = 0, cpu_write = 0;
  double t0 = thread_cpu(r);
  for (;;) {
    job *j = job_get(r);
    if (!j) {
      pthread_mutex_lock(&r->rmu);
      r->reader_code = -1;
      r->reader_done = 1;
      pthread_mutex_unlock(&r->rmu);
      break;
    }
    int ready = 0;
    if (!take(r, j, &ready)) {
      pthread_mutex_lock(&r->mu);
      job_put_locked(r, j);
      pthread_mutex_unlock(&r->mu);
      break;
    }
    double t1 = thread_cpu(r);
    cpu_read += t1 - t0;
    if (!ready)
      work(r->p, j);
    double t2 = thread_cpu(r);
    cpu_work += t2 - t1;
    pthread_mutex_lock(&r->mu);
    if (!ready)
      j->done = 1; /* A ready job is another worker's to write from now on. */
    drain(r);
    pthread_mutex_unlock(&r->mu);
    t0 = thread_cpu(r);
    cpu_write += t0 - t2;
  }
  cpu_read += thread_cpu(r) - t0;
  pthread_mutex_lock(&r->mu);
  r->cpu_read += cpu_read;
  r->cpu_work += cpu_work;
  r->cpu_write += cpu_write;
  r->running--;
  pthread_cond_signal(&r->finished);
  pthread_mutex_unlock(&r->mu);
  return NULL;
}

/* In the calling thread while the workers run: waits for them to end and,
 * when the progress line is on, redraws it every PROGRESS_PERIOD seconds
 * when no worker is writing (a long document would otherwise freeze it). */
static void wait_workers(run *r) {
  pthread_mutex_lock(&r->mu);
  while (r->running > 0) {
    if (!r->p->progress) {
      pthread_cond_wait(&r->finished, &r->mu);
      continue;
    }
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_nsec += (long)(PROGRESS_PERIOD * 1e9);
    if (until.tv_nsec >= 1000000000L) {
      until.tv_sec++;
      until.tv_nsec -= 1000000000L;
    }
    if (pthread_cond_timedwait(&r->finished, &r->mu, &until) == ETIMEDOUT &&
        !r->committing && r->running > 0) {
      r->committing = 1; /* The progress line is the writer's. */
      pthread_mutex_unlock(&r->mu);
      maybe_progress(r);
      pthread_mutex_lock(&r->mu);
      r->committing = 0;
      drain(r); /* Jobs that became done meanwhile. */
    }
  }
  pthread_mutex_unlock(&r->mu);
}

/* Makes one small HTML document and analyses its text in the calling
 * thread before any worker starts, so that whatever the library sets up on
 * first use (libxml2's parser globals, which one thread must initialise
 * before others parse; the segmenter's byte tables) is done once, here,
 * rather than raced by the workers. */
static void warm_up(const ws_engine *engine) {
  static const char page[] = "<html><head><title>t</title></head><body><p>x</p></body></html>";
  ws_record rec;
  memset(&rec, 0, sizeof rec);
  rec.format = WS_FORMAT_HTML;
  rec.body.ptr = page;
  rec.body.len = sizeof page - 1;
  ws_document *doc = NULL;
  if (ws_document_new(&rec, &doc, NULL) == WS_OK)
    ws_document_free(doc);
  static const char text[] = "\"We are ready,\" she said.\n";
  ws_result *r = NULL;
  if (engine && ws_extract(engine, text, sizeof text - 1, &r, NULL) == WS_OK)
    ws_result_free(r);
}

/* Runs the workers and waits for them; frees the jobs left over after an
 * early stop. Returns 0, or -1 when no thread could be started (nothing
 * was read then). */
static int run_threads(run *r) {
  unsigned n = r->p->jobs;
  pthread_t *workers = calloc(n, sizeof *workers);
  r->cap = 4 * (size_t)n + 4;
  r->budget = BUDGET_PER_JOB * n;
  r->max_free = (size_t)n + 2;
  r->ring = calloc(r->cap, sizeof *r->ring);
  if (!workers || !r->ring) {
    free(workers);
    free(r->ring);
    return -1;
  }
  warm_up(r->p->mode == WS_CLI_MODE_STATEMENTS ? r->p->engine : NULL);
  unsigned started = 0;
  pthread_mutex_lock(&r->mu);
  while (started < n && pthread_create(&workers[started], NULL, worker_main, r) == 0) {
    started++;
    r->running++;
  }
  pthread_mutex_unlock(&r->mu);
  if (started > 0)
    wait_workers(r);
  for (unsigned i = 0; i < started; i++)
    pthread_join(workers[i], NULL);
  for (uint64_t s = r->n_committed; s < r->n_read; s++)
    job_free(r->ring[s % r->cap]);
  free(r->ring);
  free(workers);
  reading_end(r);
  return started > 0 ? 0 : -1;
}

/* ---- The run ------------------------------------------------------------ */

int ws_cli_pipeline_run(const ws_cli_pipeline *p, const ws_cli_file_list *files,
                        ws_cli_summary *sum) {
  run r;
  memset(&r, 0, sizeof r);
  memset(sum, 0, sizeof *sum);
  r.p = p;
  r.clocks = p->cpu_times;
  r.files = files;
  r.sum = sum;
  r.last_draw = -1;
  clock_gettime(CLOCK_MONOTONIC, &r.start);
  pthread_mutex_init(&r.mu, NULL);
  pthread_mutex_init(&r.rmu, NULL);
  pthread_cond_init(&r.space, NULL);
  pthread_cond_init(&r.finished, NULL);
  int started = 0;
  if (p->jobs <= 1)
    run_alone(&r);
  else
    started = run_threads(&r);
  while (r.free_jobs) {
    job *j = r.free_jobs;
    r.free_jobs = j->next;
    job_free(j);
  }
  sum->cpu_read = r.cpu_read;
  sum->cpu_work = r.cpu_work;
  sum->cpu_write = r.cpu_write;
  warn_note(&r);
  clear_progress(&r);
  if (started != 0 || r.reader_code < 0) {
    fprintf(p->err, "whosaid: out of memory\n");
    r.code = 1;
  }
  sum->seconds = elapsed(&r);
  pthread_cond_destroy(&r.finished);
  pthread_cond_destroy(&r.space);
  pthread_mutex_destroy(&r.rmu);
  pthread_mutex_destroy(&r.mu);
  return r.code;
}

/* ---- Summary ------------------------------------------------------------ */

/* Prints ", N WHAT" (or "N WHAT" first) when n is not 0; plural adds "s". */
static void count_item(FILE *fp, int *first, uint64_t n, const char *what) {
  if (!n)
    return;
  fprintf(fp, "%s%llu %s", *first ? "" : ", ", (unsigned long long)n, what);
  *first = 0;
}

void ws_cli_summary_print(FILE *fp, const ws_cli_summary *sum,
                          const ws_cli_file_list *files) {
  double mb = (double)sum->bytes_decoded / 1e6;
  fprintf(fp,
          "whosaid: %llu file%s, %llu document%s, %llu statement%s; "
          "%.1f MB in %.1f s (%.1f MB/s)\n",
          (unsigned long long)sum->files, sum->files == 1 ? "" : "s",
          (unsigned long long)sum->documents, sum->documents == 1 ? "" : "s",
          (unsigned long long)sum->statements, sum->statements == 1 ? "" : "s", mb,
          sum->seconds, sum->seconds > 0 ? mb / sum->seconds : 0.0);
  fprintf(fp, "whosaid: CPU seconds: reading %.2f, documents and statements %.2f, "
          "writing %.2f\n", sum->cpu_read, sum->cpu_work, sum->cpu_write);
  int first = 1;
  uint64_t skipped = files->skipped_binary + files->skipped_hidden + files->skipped_other;
  for (size_t i = 0; i < sum->n_skips; i++)
    skipped += sum->skips[i].count;
  if (skipped) {
    fputs("whosaid: skipped: ", fp);
    for (size_t i = 0; i < sum->n_skips; i++)
      count_item(fp, &first, sum->skips[i].count, sum->skips[i].reason);
    count_item(fp, &first, files->skipped_binary, "binary files");
    count_item(fp, &first, files->skipped_hidden, "hidden files");
    count_item(fp, &first, files->skipped_other, "other files (links, devices)");
    fputc('\n', fp);
  }
  if (sum->files_failed || sum->record_errors || sum->failed) {
    first = 1;
    fputs("whosaid: failed: ", fp);
    count_item(fp, &first, sum->files_failed, "unreadable inputs");
    count_item(fp, &first, sum->record_errors, "unreadable records");
    count_item(fp, &first, sum->failed, "documents");
    fputc('\n', fp);
  }
  fflush(fp);
}

void ws_cli_summary_free(ws_cli_summary *sum) {
  for (size_t i = 0; i < sum->n_skips; i++)
    free(sum->skips[i].reason);
  free(sum->skips);
  sum->skips = NULL;
  sum->n_skips = 0;
}
