/* pipeline.c: reads many inputs and writes their statements (or texts) in
 * input order with several threads.
 *
 * One reader thread walks the inputs in order and turns each record into a
 * job: a copy of the record (its body and metadata), numbered. N worker
 * threads take the jobs in number order, make the document
 * (ws_document_new), find its statements (ws_extract, with the engine
 * shared read-only) and format everything the document writes, statements
 * and messages alike, into two memory buffers of the job. The calling
 * thread commits the jobs strictly by number: it writes the buffers to
 * standard output and standard error, then frees the job. Because every
 * byte of output is made inside one job and written in job order, the
 * output does not depend on the number of workers.
 *
 * Jobs live in a ring of a fixed number of slots, and the reader also waits
 * while the bodies in flight (read, not yet committed) exceed a byte
 * budget, unless nothing is in flight: memory is about the budget plus the
 * largest document, whatever the size of the input.
 *
 * With one worker everything runs in the calling thread, one record at a
 * time, through the same functions. */
#define _POSIX_C_SOURCE 200809L

#include "pipeline.h"

#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>

/* Bytes of record bodies in flight per worker before the reader waits. */
#define BUDGET_PER_JOB ((size_t)8 << 20)
/* Seconds between two redraws of the progress line. */
#define PROGRESS_PERIOD 0.25

/* ---- Jobs --------------------------------------------------------------- */

/* One record on its way through the pipeline, or a message from the reader
 * (an input that cannot be opened, a record that cannot be read), which has
 * nothing to do but be written in its place. */
typedef struct job {
  ws_record rec;   /* Its strings point into store. */
  char *store;     /* The copied bytes of the record; freed once used. */
  size_t bytes;    /* Counted against the budget until committed. */
  int multi;       /* The input holds many documents: title it. */
  int done;        /* Ready to be committed. */
  int code;        /* Exit code this job calls for. */
  int failed;      /* The document could not be made or analysed. */
  int shown;       /* It wrote a titled or tabled section to out. */
  uint64_t statements;
  ws_cli_out out;  /* What goes to standard output. */
  ws_cli_out err;  /* Errors, for standard error. */
  ws_cli_out warn; /* Warnings about the input, for standard error. */
  size_t file;     /* Index of its input in the file list. */
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
 * j. Returns 0, or -1 when memory runs out. */
static int job_copy_record(job *j, const ws_record *rec) {
  size_t total = 1;
  ws_record r = *rec;
  ws_str *strs[] = {&r.body,      &r.charset,    &r.meta.id,     &r.meta.url,
                    &r.meta.date, &r.meta.title, &r.meta.byline, &r.meta.source};
  for (size_t i = 0; i < sizeof strs / sizeof strs[0]; i++)
    add_len(&total, *strs[i]);
  char *at = j->store = malloc(total);
  if (!at)
    return -1;
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
      if (ws_write_json_meta(r, i, meta, ws_cli_out_write, &j->out) != WS_OK)
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
  free(j->store); /* The document holds copies of what it needs. */
  j->store = NULL;
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

/* What the reader, the workers and the committer share. Fields under
 * "locked" are read and written with mu held. */
typedef struct run {
  const ws_cli_pipeline *p;
  const ws_cli_file_list *files;
  ws_cli_summary *sum;
  struct timespec start;
  /* Locked. */
  pthread_mutex_t mu;
  pthread_cond_t space, work, done;
  job **ring;
  size_t cap;          /* Slots in ring. */
  size_t budget;       /* Bytes of jobs in flight before the reader waits. */
  size_t inflight;     /* Bytes of jobs read and not yet committed. */
  uint64_t n_read, n_taken, n_committed;
  int reader_done, abort;
  uint64_t files_opened;   /* Progress: inputs opened so far. */
  uint64_t bytes_read;     /* Progress: bytes read (as stored) so far. */
  uint64_t bytes_decoded;
  uint64_t documents;
  /* The reader's own. */
  int reader_code;         /* -1 when memory ran out while reading. */
  size_t cur_file;         /* Index of the input being read. */
  /* The committer's own. */
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

/* CPU seconds the calling thread has used. */
static double thread_cpu(void) {
  struct timespec t;
  if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t) != 0)
    return 0;
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
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

/* Redraws the progress line on p->err (the caller holds no lock; the
 * counters are read under mu). */
static void draw_progress(run *r) {
  double t = elapsed(r);
  pthread_mutex_lock(&r->mu);
  uint64_t files = r->files_opened, docs = r->documents, bytes = r->bytes_read,
           decoded = r->bytes_decoded;
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

/* Hands a job on: into the ring for the workers, or, with one worker, done
 * here and committed at once. Takes ownership of j. Returns 0, or -1 when
 * the run is to stop. */
static int emit(run *r, job *j) {
  if (r->p->jobs <= 1) {
    double t0 = thread_cpu();
    if (!j->done)
      work(r->p, j);
    double t1 = thread_cpu();
    int rc = commit(r, j);
    job_free(j);
    r->sum->cpu_work += t1 - t0;
    r->sum->cpu_write += thread_cpu() - t1;
    return rc;
  }
  pthread_mutex_lock(&r->mu);
  while (!r->abort && (r->n_read - r->n_committed >= r->cap ||
                       (r->n_read > r->n_committed && r->inflight + j->bytes > r->budget)))
    pthread_cond_wait(&r->space, &r->mu);
  if (r->abort) {
    pthread_mutex_unlock(&r->mu);
    job_free(j);
    return -1;
  }
  r->ring[r->n_read % r->cap] = j;
  r->n_read++;
  r->inflight += j->bytes;
  if (j->done)
    pthread_cond_signal(&r->done);
  else
    pthread_cond_signal(&r->work);
  pthread_mutex_unlock(&r->mu);
  return 0;
}

/* Notes that memory ran out in the reader and returns -1. */
static int out_of_memory(run *r) {
  r->reader_code = -1;
  return -1;
}

/* Emits a message job holding one line. Returns 0 or -1. */
static int emit_message(run *r, int code, const char *fmt, ...) {
  job *j = job_new();
  if (!j)
    return out_of_memory(r);
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
  return emit(r, j);
}

/* Updates the progress counters from a reader, whose file started with
 * base_read and base_decoded bytes counted before it. */
static void note_progress(run *r, const ws_reader *rd, uint64_t base_read,
                          uint64_t base_decoded) {
  ws_reader_stats st;
  ws_reader_get_stats(rd, &st);
  int lock = r->p->jobs > 1;
  if (lock)
    pthread_mutex_lock(&r->mu);
  r->bytes_read = base_read + st.bytes_read;
  r->bytes_decoded = base_decoded + st.bytes_decoded;
  if (lock)
    pthread_mutex_unlock(&r->mu);
}

/* Handles one result of ws_reader_next other than WS_OK. Returns 1 to read
 * on, 0 at the end of the input, -1 when the run is to stop. */
static int reader_trouble(run *r, const char *path, ws_status st, const ws_error *e) {
  if (st == WS_END)
    return 0;
  const char *msg = e->message ? e->message : ws_strerror(st);
  const char *shown = strcmp(path, "-") == 0 ? "stdin" : path;
  if (emit_message(r, 1, "whosaid: %s: byte %zu: %s\n", shown, e->pos, msg) != 0)
    return -1;
  r->sum->record_errors++;
  return st == WS_ERR_FORMAT || st == WS_ERR_TOO_BIG ? 1 : 0;
}

/* Reads every record of one opened input and emits its jobs. Returns 0, or
 * -1 when the run is to stop. */
static int read_records(run *r, ws_reader *rd, const char *path) {
  uint64_t base_read = r->sum->bytes_read, base_decoded = r->sum->bytes_decoded;
  int more = 1;
  while (more > 0) {
    ws_record rec;
    ws_error e = {WS_OK, NULL, 0};
    ws_status st = ws_reader_next(rd, &rec, &e);
    if (st != WS_OK) {
      more = reader_trouble(r, path, st, &e);
      continue;
    }
    job *j = job_new();
    if (!j || job_copy_record(j, &rec) != 0) {
      job_free(j);
      return out_of_memory(r);
    }
    ws_format f = ws_reader_format(rd);
    j->file = r->cur_file;
    j->multi = r->p->titled || f == WS_FORMAT_JSONL || f == WS_FORMAT_WARC;
    r->sum->documents++;
    note_progress(r, rd, base_read, base_decoded);
    if (r->p->jobs > 1) {
      pthread_mutex_lock(&r->mu);
      r->documents = r->sum->documents;
      pthread_mutex_unlock(&r->mu);
    } else {
      r->documents = r->sum->documents;
    }
    if (emit(r, j) != 0)
      return -1;
  }
  return more;
}

/* Reads one input of the list. Returns 0, or -1 when the run is to stop. */
static int read_input(run *r, const ws_cli_input_file *f) {
  const char *shown = strcmp(f->path, "-") == 0 ? "stdin" : f->path;
  if (f->err_no) {
    r->sum->files_failed++;
    return emit_message(r, 2, "whosaid: %s: %s\n", shown, strerror(f->err_no));
  }
  ws_reader *rd = NULL;
  ws_error e = {WS_OK, NULL, 0};
  ws_status st = ws_reader_open(f->path, r->p->reader, &rd, &e);
  if (st != WS_OK) {
    r->sum->files_failed++;
    return emit_message(r, st == WS_ERR_NOMEM ? 1 : 2, "whosaid: %s: %s\n", shown,
                        e.message ? e.message : ws_strerror(st));
  }
  r->sum->files++;
  if (r->p->jobs > 1)
    pthread_mutex_lock(&r->mu);
  r->files_opened = r->sum->files;
  if (r->p->jobs > 1)
    pthread_mutex_unlock(&r->mu);
  int rc = read_records(r, rd, f->path);
  ws_reader_stats stats;
  ws_reader_get_stats(rd, &stats);
  r->sum->bytes_read += stats.bytes_read;
  r->sum->bytes_decoded += stats.bytes_decoded;
  if (add_skips(r->sum, &stats) != 0)
    rc = out_of_memory(r);
  ws_reader_free(rd);
  return rc;
}

/* Reads every input in order, until the run stops (the output failed, or
 * memory ran out: then reader_code is -1). */
static void read_all(run *r) {
  for (size_t i = 0; i < r->files->n; i++) {
    r->cur_file = i;
    if (read_input(r, &r->files->items[i]) != 0)
      return;
  }
}

/* ---- Threads ------------------------------------------------------------ */

/* The reader thread: reads everything, then says it is done. */
static void *reader_main(void *arg) {
  run *r = arg;
  double t0 = thread_cpu();
  read_all(r);
  double t = thread_cpu() - t0;
  pthread_mutex_lock(&r->mu);
  r->sum->cpu_read = t;
  r->reader_done = 1;
  pthread_cond_broadcast(&r->work);
  pthread_cond_signal(&r->done);
  pthread_mutex_unlock(&r->mu);
  return NULL;
}

/* A worker thread: takes the jobs in number order and does them, until the
 * reader is done and every job is taken, or the run stops. */
static void *worker_main(void *arg) {
  run *r = arg;
  double t0 = thread_cpu();
  pthread_mutex_lock(&r->mu);
  for (;;) {
    /* Committed jobs (messages need no worker) are gone from the ring. */
    if (r->n_taken < r->n_committed)
      r->n_taken = r->n_committed;
    if (r->abort)
      break;
    if (r->n_taken == r->n_read) {
      if (r->reader_done)
        break;
      pthread_cond_wait(&r->work, &r->mu);
      continue;
    }
    job *j = r->ring[r->n_taken % r->cap];
    r->n_taken++;
    if (j->done)
      continue; /* A message: nothing to do. */
    pthread_mutex_unlock(&r->mu);
    work(r->p, j);
    pthread_mutex_lock(&r->mu);
    j->done = 1;
    pthread_cond_signal(&r->done);
  }
  r->sum->cpu_work += thread_cpu() - t0;
  pthread_mutex_unlock(&r->mu);
  return NULL;
}

/* The committer, in the calling thread: writes the jobs in number order as
 * they are done, redrawing the progress line while it waits. */
static void commit_all(run *r) {
  double t0 = thread_cpu();
  pthread_mutex_lock(&r->mu);
  for (;;) {
    while (!r->abort && ((r->n_committed == r->n_read && !r->reader_done) ||
                         (r->n_committed < r->n_read &&
                          !r->ring[r->n_committed % r->cap]->done))) {
      struct timespec until;
      clock_gettime(CLOCK_REALTIME, &until);
      until.tv_nsec += 250 * 1000000L;
      if (until.tv_nsec >= 1000000000L) {
        until.tv_sec++;
        until.tv_nsec -= 1000000000L;
      }
      if (pthread_cond_timedwait(&r->done, &r->mu, &until) == ETIMEDOUT &&
          r->p->progress) {
        pthread_mutex_unlock(&r->mu);
        maybe_progress(r);
        pthread_mutex_lock(&r->mu);
      }
    }
    if (r->abort || r->n_committed == r->n_read)
      break;
    job *j = r->ring[r->n_committed % r->cap];
    pthread_mutex_unlock(&r->mu);
    int rc = commit(r, j);
    pthread_mutex_lock(&r->mu);
    r->ring[r->n_committed % r->cap] = NULL;
    r->n_committed++;
    r->inflight -= j->bytes;
    job_free(j);
    pthread_cond_signal(&r->space);
    if (rc != 0) {
      r->abort = 1;
      pthread_cond_broadcast(&r->space);
      pthread_cond_broadcast(&r->work);
    }
  }
  pthread_mutex_unlock(&r->mu);
  r->sum->cpu_write = thread_cpu() - t0;
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

/* Runs the reader, the workers and the committer; joins them and frees the
 * jobs left over after an early stop. Returns 0, or -1 when threads could
 * not be started (nothing was read then). */
static int run_threads(run *r) {
  unsigned n = r->p->jobs;
  pthread_t reader, *workers = calloc(n, sizeof *workers);
  r->cap = 4 * (size_t)n + 4;
  r->budget = BUDGET_PER_JOB * n;
  r->ring = calloc(r->cap, sizeof *r->ring);
  if (!workers || !r->ring) {
    free(workers);
    free(r->ring);
    return -1;
  }
  warm_up(r->p->mode == WS_CLI_MODE_STATEMENTS ? r->p->engine : NULL);
  unsigned started = 0;
  while (started < n && pthread_create(&workers[started], NULL, worker_main, r) == 0)
    started++;
  int reader_ok = started > 0 && pthread_create(&reader, NULL, reader_main, r) == 0;
  if (reader_ok) {
    commit_all(r);
  }
  pthread_mutex_lock(&r->mu);
  if (!reader_ok)
    r->reader_done = 1;
  r->abort = r->abort || !reader_ok;
  pthread_cond_broadcast(&r->space);
  pthread_cond_broadcast(&r->work);
  pthread_mutex_unlock(&r->mu);
  if (reader_ok)
    pthread_join(reader, NULL);
  for (unsigned i = 0; i < started; i++)
    pthread_join(workers[i], NULL);
  for (uint64_t s = r->n_committed; s < r->n_read; s++)
    job_free(r->ring[s % r->cap]);
  free(r->ring);
  free(workers);
  return reader_ok ? 0 : -1;
}

/* ---- The run ------------------------------------------------------------ */

int ws_cli_pipeline_run(const ws_cli_pipeline *p, const ws_cli_file_list *files,
                        ws_cli_summary *sum) {
  run r;
  memset(&r, 0, sizeof r);
  memset(sum, 0, sizeof *sum);
  r.p = p;
  r.files = files;
  r.sum = sum;
  r.last_draw = -1;
  clock_gettime(CLOCK_MONOTONIC, &r.start);
  pthread_mutex_init(&r.mu, NULL);
  pthread_cond_init(&r.space, NULL);
  pthread_cond_init(&r.work, NULL);
  pthread_cond_init(&r.done, NULL);
  int started = 0;
  if (p->jobs <= 1) {
    double t0 = thread_cpu();
    read_all(&r);
    sum->cpu_read = thread_cpu() - t0 - sum->cpu_work - sum->cpu_write;
  } else
    started = run_threads(&r);
  warn_note(&r);
  clear_progress(&r);
  if (started != 0 || r.reader_code < 0) {
    fprintf(p->err, "whosaid: out of memory\n");
    r.code = 1;
  }
  sum->seconds = elapsed(&r);
  pthread_cond_destroy(&r.done);
  pthread_cond_destroy(&r.work);
  pthread_cond_destroy(&r.space);
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
