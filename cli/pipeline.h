/* pipeline.h: the engine of `whosaid extract` and `whosaid text` over many
 * inputs: N worker threads take records in input order, make documents and
 * statements, and write each document's output in input order (whichever
 * worker finds the oldest one done writes it), so that the output is the
 * same whatever N is. */
#ifndef WS_CLI_PIPELINE_H
#define WS_CLI_PIPELINE_H

#include <stdint.h>
#include <stdio.h>

#include "output.h"
#include "walk.h"
#include "whosaid.h"

/* What the pipeline writes for each document. */
typedef enum ws_cli_mode {
  WS_CLI_MODE_STATEMENTS = 0, /* The statements (whosaid extract). */
  WS_CLI_MODE_TEXT            /* The analysed text (whosaid text). */
} ws_cli_mode;

/* Warnings printed for one document before "N more warnings". */
#define WS_CLI_MAX_WARNINGS 10
/* Documents of one input whose warnings are printed; the others are
 * counted in one line. */
#define WS_CLI_MAX_WARNED_DOCS 10

/* How to run. Every pointer is borrowed and must outlive the run. */
typedef struct ws_cli_pipeline {
  ws_cli_mode mode;
  ws_cli_format format;   /* Statements: jsonl, table or tsv. */
  int width;              /* Table width in columns. */
  int titled;             /* Title every document (several files were named);
                             documents of JSONL and WARC inputs always are. */
  int emit_documents;     /* JSONL: a document record before the statements. */
  int warnings;           /* Print warnings about the input. */
  int progress;           /* Redraw a progress line on err. */
  unsigned jobs;          /* Worker threads; 1 runs all in the caller. */
  const ws_engine *engine;
  const ws_reader_options *reader;
  ws_cli_out *out;        /* Standard output. */
  FILE *err;              /* Standard error. */
  int cpu_times;          /* Measure the CPU seconds of the summary (three
                             system calls a document; 0 leaves them 0). */
} ws_cli_pipeline;

/* A reason records were passed over, and how many. */
typedef struct ws_cli_skip {
  char *reason;   /* A copy of a reader's reason; the summary owns it. */
  uint64_t count;
} ws_cli_skip;

/* What a run did, for the summary. */
typedef struct ws_cli_summary {
  uint64_t files;          /* Inputs opened. */
  uint64_t files_failed;   /* Inputs that could not be opened or read. */
  uint64_t documents;      /* Records read and handed to the workers. */
  uint64_t statements;     /* Statements written. */
  uint64_t record_errors;  /* Records a reader could not read. */
  uint64_t failed;         /* Documents that could not be made or analysed. */
  uint64_t bytes_read;     /* Bytes read, as stored. */
  uint64_t bytes_decoded;  /* Bytes after decompression. */
  double seconds;          /* Wall-clock time of the run. */
  double cpu_read;         /* CPU seconds reading: decompression, parsing of
                              containers, copying records. */
  double cpu_work;         /* CPU seconds making documents and statements
                              (all workers). */
  double cpu_write;        /* CPU seconds writing the output in order. */
  ws_cli_skip *skips;      /* Owned; ws_cli_summary_free() frees them. */
  size_t n_skips;
} ws_cli_summary;

/* Reads every input of files, in order, and writes what mode asks for to
 * p->out; errors and warnings go to p->err, in input order too, as
 * "whosaid: FILE: byte OFFSET: MESSAGE". Fills *sum. Returns the exit code
 * the run calls for: 0; 1 when a record could not be read, a document
 * failed or the output could not be written (a closed pipe stops the run);
 * 2 when an input could not be opened. */
int ws_cli_pipeline_run(const ws_cli_pipeline *p, const ws_cli_file_list *files,
                        ws_cli_summary *sum);

/* Prints the summary of a run on fp: files, documents, statements, speed,
 * what was skipped and why, and what failed. */
void ws_cli_summary_print(FILE *fp, const ws_cli_summary *sum,
                          const ws_cli_file_list *files);

/* Frees what a summary owns. */
void ws_cli_summary_free(ws_cli_summary *sum);

/* The name a document goes by in the output: its id, else its source, with
 * "stdin" for standard input. Returns a new NUL-terminated string, or NULL
 * when memory runs out. */
char *ws_cli_doc_name(const ws_doc_meta *meta);

#endif
