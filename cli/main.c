/* main.c: the whosaid command-line tool. Parses the command line, dispatches
 * to a subcommand (extract, here; eval, in eval.c; help) and turns outcomes
 * into exit codes: 0 success, 1 a failure while working, 2 a usage error or
 * an unreadable file. It uses the library only through whosaid.h. */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cli.h"
#include "io.h"
#include "output.h"
#include "pipeline.h"
#include "walk.h"
#include "whosaid.h"

enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2 };

/* Largest document text the engine takes, at the default --max-document. */
#define MAX_INPUT ((size_t)256 << 20)
/* Table width when neither COLUMNS nor the terminal tells. */
#define DEFAULT_WIDTH 120

/* ---- Help --------------------------------------------------------------- */

/* The options of extract and text about their inputs. */
#define INPUT_HELP                                                                  \
  "      --input-format=FMT   read every input as auto (detect; the default),\n"    \
  "                           text, html, jsonl or warc\n"                          \
  "      --text-field=NAME    JSONL: the field holding the text (default text)\n"   \
  "      --html-field=NAME    JSONL: a field holding HTML, used instead\n"          \
  "      --id-field=NAME      JSONL: the document's id (default id)\n"              \
  "      --url-field=NAME     JSONL: its URL (default url)\n"                       \
  "      --date-field=NAME    JSONL: its date (default date)\n"                     \
  "      --title-field=NAME   JSONL: its title (default title)\n"                   \
  "      --max-document=SIZE  skip documents larger than SIZE once decompressed\n"  \
  "                           (default 64M; K, M, G count 1024s)\n"                 \
  "  -j, --jobs=N             analyse with N threads (default: one per core)\n"     \
  "  -q, --quiet              print no warnings about the input and no progress\n"  \
  "      --stats              print the summary even when standard error is not\n"  \
  "                           a terminal\n"                                         \
  "  -h, --help               show this help and exit\n"

/* The end of the help of extract and text: progress, summary, exit status. */
#define EXIT_HELP                                                                   \
  "While reading, a progress line (files, documents, MB/s, statements, ETA) is\n"   \
  "redrawn on standard error when it is a terminal and standard output is not;\n"  \
  "at the end a summary (documents read, statements, speed, CPU time of each\n"    \
  "stage, what was skipped and why, what failed) is printed when standard\n"       \
  "error is a terminal, or with --stats.\n"                                        \
  "\n"                                                                              \
  "Exit status: 0 success (records skipped on purpose, such as WARC revisit\n"     \
  "records, images or binary files in a folder, do not count); 1 a record or\n"    \
  "document that could not be read or analysed (the others are processed), or\n"  \
  "an output that cannot be written; 2 a usage error or an input that cannot\n"    \
  "be opened (the other inputs are still processed).\n"

static const char MAIN_HELP[] =
    "Usage: whosaid COMMAND [OPTION]... [ARG]...\n"
    "Find who said what in news text: quotations and reported speech, with\n"
    "their speakers, speech cues, channels, dates and addressees.\n"
    "\n"
    "Commands:\n"
    "  extract [OPTION]... [FILE]...  print the statements found in each FILE\n"
    "  text [OPTION]... [FILE]...     print the text analysed in each FILE\n"
    "  eval --polnear DIR [OPTION]... measure accuracy on the PolNeAR corpus\n"
    "  train --polnear DIR --out FILE train the learned tagger's model\n"
    "  index [--db FILE] INPUT...     put statements into a database (whosaid.db)\n"
    "  search [QUERY] [OPTION]...     find statements in the database\n"
    "  speakers [OPTION]...           list speakers, most quoted first\n"
    "  speaker NAME                   one speaker: aliases, roles, timeline\n"
    "  exchanges [--speaker NAME]     who addressed or answered whom\n"
    "  report [OPTION]... > FILE      an HTML report with charts\n"
    "  serve [--db FILE] [OPTION]...  serve the database over HTTP: API and web page\n"
    "  help [COMMAND]                 show this help, or the help of COMMAND\n"
    "\n"
    "Options:\n"
    "  -h, --help     show this help and exit\n"
    "      --version  print the version and exit\n"
    "\n"
    "Run 'whosaid help COMMAND' for the options of a command; see whosaid(1).\n";

static const char EXTRACT_HELP[] =
    "Usage: whosaid extract [OPTION]... [FILE|DIR|-]...\n"
    "Print the statements found in each document of each input: quoted and\n"
    "reported speech, with speaker, speaker role, cue, channel, date and\n"
    "addressee. An input is plain text, an HTML page (its article text is\n"
    "analysed), JSON lines (one document a line) or a WARC or ARC archive (one\n"
    "document a record), each possibly compressed with gzip, zstd or LZ4; the\n"
    "format is detected from the content. A DIR is read recursively, files in\n"
    "name order, without hidden and binary files. With no input, or for -,\n"
    "read standard input (named \"stdin\" in the output).\n"
    "\n"
    "Options:\n"
    "  -f, --format=FORMAT      jsonl (one JSON object a line), table or tsv;\n"
    "                           default: table on a terminal, else jsonl\n"
    "      --emit-documents     jsonl: before the statements of each document,\n"
    "                           a document record with its id, url, date, title,\n"
    "                           byline, source, offset and analysed text\n"
    "      --no-indirect        report direct quotes only, no reported speech\n"
    "      --model              also use the learned tagger for reported speech\n"
    "                           (finds more, runs much slower)\n"
    "      --no-model           never use the learned tagger\n"
    "      --all-attributions   also report beliefs, intentions and stances\n"
    "                           (\"X believes ...\"), as PolNeAR annotates them\n"
    "      --keep-unattributed  also report quotes that have no speech cue\n"
    INPUT_HELP
    "\n"
    "Each statement names its document (doc: the id, else the file) and\n"
    "carries the document's url, doc_date, title and source when known\n"
    "(docs/output.md). Offsets count bytes of the analysed text, which\n"
    "'whosaid text' prints. Output is in input order whatever -j is.\n"
    "Problems in the input (invalid UTF-8, NUL bytes, an unclosed quotation\n"
    "mark) do not stop extraction: they are printed on standard error as\n"
    "'whosaid: DOC: byte OFFSET: MESSAGE', at most 10 a document, for at most\n"
    "10 documents an input (one more line counts the others). A record\n"
    "that cannot be read is reported as 'whosaid: FILE: byte OFFSET: MESSAGE'\n"
    "(the offset in the file) and the run goes on. The table is as wide as\n"
    "the COLUMNS variable or the terminal says (else 120 columns).\n"
    EXIT_HELP;

static const char TEXT_HELP[] =
    "Usage: whosaid text [OPTION]... [FILE|DIR|-]...\n"
    "Print the text whosaid analyses in each document of each input: for an\n"
    "HTML page, the article's main text as paragraphs, one a line; for other\n"
    "inputs, the document converted to UTF-8. Statement offsets from\n"
    "'whosaid extract' count bytes of this text. A single document is printed\n"
    "as it is (with a final newline added when it lacks one); when an input\n"
    "holds several documents (JSONL, WARC) or several files are read, each\n"
    "document starts with a line '==> DOC <==' (DOC: its id, else its file)\n"
    "and documents are separated by a blank line. Inputs are read as by\n"
    "'whosaid extract'.\n"
    "\n"
    "Options:\n"
    INPUT_HELP
    "\n"
    EXIT_HELP;
static const char EVAL_HELP[] =
    "Usage: whosaid eval --polnear DIR [OPTION]...\n"
    "   or: whosaid eval --extraction DIR [--verbose] [--dump OUTDIR] [--repeat N]\n"
    "Measure extraction against the PolNeAR corpus in DIR (its text/*.txt and\n"
    "attributions/*.ann; for an article with several annotators, the first .ann\n"
    "in name order). Prints precision, recall and F1 for each role (source,\n"
    "cue, content) with exact matching and with overlap matching (Jaccard >=\n"
    "0.5, span ends trimmed of white space, punctuation and quotation marks),\n"
    "a linked F1 (content and source found together), and the same figures for\n"
    "the attributions whose content holds a quotation mark.\n"
    "\n"
    "Options:\n"
    "      --polnear=DIR     the PolNeAR data directory, such as data/dev\n"
    "      --pred=FILE       score the statements in FILE (JSONL from 'whosaid\n"
    "                        extract'; doc names the text file) instead of\n"
    "                        running the engine\n"
    "      --model           also use the learned tagger\n"
    "      --no-model        never use the learned tagger\n"
    "      --all-attributions  score with beliefs, intentions and stances too\n"
    "      --format=FORMAT   table (the default) or json\n"
    "      --errors=FILE     list the content errors (missed, spurious, wrong\n"
    "                        boundaries, wrong source) in FILE; errors on\n"
    "                        quoted attributions end in \"| quoted\"\n"
    "  -v, --verbose         list the content errors on standard error\n"
    "  -h, --help            show this help and exit\n"
    "\n"
    "The second form measures article extraction (main text of HTML pages) on\n"
    "the article extraction benchmark in DIR: F1 over 4-gram shingles of words,\n"
    "precision and recall averaged over pages (docs/extraction.md); --verbose\n"
    "lists each page, --dump writes the extracted texts to OUTDIR, --repeat\n"
    "times N passes.\n";

static const char TRAIN_HELP[] =
    "Usage: whosaid train --polnear DIR --out FILE [OPTION]...\n"
    "   or: whosaid train --predict DIR [--model FILE] --pred FILE\n"
    "Train the learned attribution tagger on the PolNeAR corpus in DIR (its\n"
    "text/*.txt and, per text, the first attributions/*.ann in name order) and\n"
    "write the model to FILE. Training is reproducible: the same data and\n"
    "options give the same bytes. One line is printed per pass over the data:\n"
    "the perceptron loss and tag accuracy on the training data and, with\n"
    "--dev, tag accuracy and approximate exact F1 per role and linked F1 on\n"
    "the development data. The second form runs a model alone (no rules) over\n"
    "the texts of DIR and writes its attributions as JSONL for\n"
    "'whosaid eval --pred'.\n"
    "\n"
    "Options:\n"
    "      --polnear=DIR     the training data, such as data/train\n"
    "      --out=FILE        where to write the model\n"
    "      --dev=DIR         development data measured after each pass (never\n"
    "                        trained on)\n"
    "      --pred=FILE       write the final model's attributions on the --dev\n"
    "                        (or --predict) texts to FILE as JSONL\n"
    "      --epochs=N        passes over the training data (default 10)\n"
    "      --fraction=F      train on this share of the documents, chosen with\n"
    "                        the seed (default 1), for learning curves\n"
    "      --bits=N          the feature table has 2^N rows (default 20)\n"
    "      --seed=N          the order of the training data (default 1)\n"
    "      --name=NAME       the model's name and version, stored in it\n"
    "      --clusters=FILE   word clusters made elsewhere (lines\n"
    "                        word<TAB>fine<TAB>coarse, numbers 0 to 254, such as\n"
    "                        tools/glove_clusters.py writes) instead of those\n"
    "                        learned from the training texts\n"
    "      --clusters-use=HOW  replace (default): FILE's clusters only; beside:\n"
    "                        the learned fine clusters and FILE's fine ones;\n"
    "                        extend: the learned ones, and for a word without\n"
    "                        them those most words of its FILE cluster have;\n"
    "                        extend-beside: both\n"
    "      --predict=DIR     tag the texts of DIR instead of training\n"
    "      --model=FILE      the model for --predict (default: built in)\n"
    "  -q, --quiet           print nothing while training\n"
    "  -h, --help            show this help and exit\n";

static const char HELP_HELP[] =
    "Usage: whosaid help [COMMAND]\n"
    "Show the help of whosaid, or of COMMAND (extract, text, eval, train or\n"
    "help).\n";

/* Prints text on standard output. Returns EXIT_OK, or EXIT_FAIL when the
 * output could not be written. */
static int print_help(const char *text) {
  fputs(text, stdout);
  return fflush(stdout) == 0 && !ferror(stdout) ? EXIT_OK : EXIT_FAIL;
}

/* Prints "whosaid: " and a formatted message as one line on standard error
 * and returns EXIT_USAGE. */
static int usage_error(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fputs("whosaid: ", stderr);
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
  va_end(ap);
  return EXIT_USAGE;
}

/* ---- Option parsing ----------------------------------------------------- */

/* One option of a command: its long name (without "--"), its short letter
 * (0 for none), whether it takes a value, and an id handed to the command. */
typedef struct opt_spec {
  const char *name;
  char letter;
  int has_value;
  int id;
} opt_spec;

/* A command's options and what to do with each one found. apply() returns 0,
 * or prints a one-line error and returns EXIT_USAGE for a bad value. */
typedef struct opt_parser {
  const char *command; /* For "see 'whosaid help COMMAND'". */
  const opt_spec *specs;
  size_t n_specs;
  int (*apply)(void *ctx, int id, const char *name, const char *value);
  void *ctx;
} opt_parser;

/* Returns the spec with the long name (len bytes) or the letter, or NULL. */
static const opt_spec *find_opt(const opt_parser *p, const char *name, size_t len,
                                char letter) {
  for (size_t i = 0; i < p->n_specs; i++) {
    const opt_spec *s = &p->specs[i];
    if (name ? strlen(s->name) == len && strncmp(s->name, name, len) == 0
             : letter && s->letter == letter)
      return s;
  }
  return NULL;
}

/* Handles argv[*i], a long option "--name" or "--name=value"; may take the
 * next argument as its value (advancing *i). Returns 0 or EXIT_USAGE. */
static int parse_long(const opt_parser *p, int argc, char **argv, int *i) {
  const char *arg = argv[*i] + 2, *eq = strchr(arg, '=');
  size_t len = eq ? (size_t)(eq - arg) : strlen(arg);
  const opt_spec *s = find_opt(p, arg, len, 0);
  if (!s)
    return usage_error("unknown option '--%.*s' (see 'whosaid help %s')", (int)len, arg,
                       p->command);
  if (!s->has_value && eq)
    return usage_error("option '--%s' takes no value (see 'whosaid help %s')", s->name,
                       p->command);
  const char *value = eq ? eq + 1 : NULL;
  if (s->has_value && !value) {
    if (*i + 1 >= argc)
      return usage_error("option '--%s' needs a value (see 'whosaid help %s')", s->name,
                         p->command);
    value = argv[++*i];
  }
  return p->apply(p->ctx, s->id, s->name, value);
}

/* Handles argv[*i], a cluster of short options "-qf jsonl" or "-fjsonl"; may
 * take the next argument as a value (advancing *i). Returns 0 or EXIT_USAGE. */
static int parse_short(const opt_parser *p, int argc, char **argv, int *i) {
  for (const char *c = argv[*i] + 1; *c; c++) {
    const opt_spec *s = find_opt(p, NULL, 0, *c);
    if (!s)
      return usage_error("unknown option '-%c' (see 'whosaid help %s')", *c, p->command);
    const char *value = NULL;
    if (s->has_value) {
      if (c[1])
        value = c + 1;
      else if (*i + 1 < argc)
        value = argv[++*i];
      else
        return usage_error("option '-%c' needs a value (see 'whosaid help %s')", *c,
                           p->command);
    }
    int rc = p->apply(p->ctx, s->id, s->name, value);
    if (rc || value)
      return rc;
  }
  return 0;
}

/* Parses argv[1..argc-1] (argv[0] is the command's name). Options and
 * operands may be mixed; "--" ends the options and "-" is an operand. The
 * operands are moved, in order, to argv[1..*n_operands]. Returns 0, or
 * EXIT_USAGE after printing a one-line error. */
static int parse_args(const opt_parser *p, int argc, char **argv, int *n_operands) {
  int n = 0, options_done = 0;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    int rc = 0;
    if (options_done || a[0] != '-' || a[1] == '\0')
      argv[++n] = argv[i];
    else if (strcmp(a, "--") == 0)
      options_done = 1;
    else if (a[1] == '-')
      rc = parse_long(p, argc, argv, &i);
    else
      rc = parse_short(p, argc, argv, &i);
    if (rc)
      return rc;
  }
  *n_operands = n;
  return 0;
}

/* ---- whosaid extract and whosaid text ----------------------------------- */

enum {
  OPT_FORMAT, OPT_NO_INDIRECT, OPT_NO_MODEL, OPT_KEEP, OPT_QUIET, OPT_HELP, OPT_ALL,
  OPT_MODEL, OPT_INPUT_FORMAT, OPT_TEXT_FIELD, OPT_HTML_FIELD, OPT_ID_FIELD,
  OPT_URL_FIELD, OPT_DATE_FIELD, OPT_TITLE_FIELD, OPT_MAX_DOCUMENT, OPT_EMIT_DOCUMENTS,
  OPT_JOBS, OPT_STATS
};

/* The options that choose and read the inputs, shared by extract and text. */
#define INPUT_OPTS                                                                     \
  {"input-format", 0, 1, OPT_INPUT_FORMAT}, {"text-field", 0, 1, OPT_TEXT_FIELD},      \
      {"html-field", 0, 1, OPT_HTML_FIELD}, {"id-field", 0, 1, OPT_ID_FIELD},          \
      {"url-field", 0, 1, OPT_URL_FIELD},   {"date-field", 0, 1, OPT_DATE_FIELD},      \
      {"title-field", 0, 1, OPT_TITLE_FIELD}, {"max-document", 0, 1, OPT_MAX_DOCUMENT}, \
      {"jobs", 'j', 1, OPT_JOBS}, {"quiet", 'q', 0, OPT_QUIET},                        \
      {"stats", 0, 0, OPT_STATS}, {"help", 'h', 0, OPT_HELP}

static const opt_spec EXTRACT_OPTS[] = {
    {"format", 'f', 1, OPT_FORMAT},   {"no-indirect", 0, 0, OPT_NO_INDIRECT},
    {"no-model", 0, 0, OPT_NO_MODEL}, {"keep-unattributed", 0, 0, OPT_KEEP},
    {"all-attributions", 0, 0, OPT_ALL}, {"model", 0, 0, OPT_MODEL},
    {"emit-documents", 0, 0, OPT_EMIT_DOCUMENTS}, INPUT_OPTS,
};

static const opt_spec TEXT_OPTS[] = {INPUT_OPTS};

/* The options of one run of `whosaid extract` or `whosaid text`. */
typedef struct extract_opts {
  ws_cli_format format;
  int format_given;
  unsigned flags; /* WS_FLAG_* */
  int quiet;
  int help;
  int stats;
  int emit_documents;
  unsigned jobs; /* 0: one per core. */
  ws_reader_options reader;
} extract_opts;

/* Sets *format from its name. Returns 0, or -1 for an unknown name. */
static int parse_format(const char *name, ws_cli_format *format) {
  static const char *const names[] = {"jsonl", "table", "tsv"};
  static const ws_cli_format values[] = {WS_CLI_JSONL, WS_CLI_TABLE, WS_CLI_TSV};
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
    if (strcmp(name, names[i]) == 0) {
      *format = values[i];
      return 0;
    }
  return -1;
}

/* Parses a size such as 512, 64K, 64M or 1G (suffixes count 1024s) into
 * *out. Returns 0, or -1 when it is not a positive size. */
static int parse_size(const char *s, size_t *out) {
  char *end;
  if (*s < '0' || *s > '9')
    return -1;
  errno = 0;
  unsigned long long v = strtoull(s, &end, 10);
  unsigned shift = 0;
  switch (*end) {
  case 'k': case 'K': shift = 10, end++; break;
  case 'm': case 'M': shift = 20, end++; break;
  case 'g': case 'G': shift = 30, end++; break;
  default: break;
  }
  if (errno || *end || v == 0 || v > (SIZE_MAX >> shift))
    return -1;
  *out = (size_t)(v << shift);
  return 0;
}

/* Parses a number of jobs (1 to 1024) into *out. Returns 0 or -1. */
static int parse_jobs(const char *s, unsigned *out) {
  char *end;
  if (*s < '0' || *s > '9')
    return -1;
  errno = 0;
  unsigned long v = strtoul(s, &end, 10);
  if (errno || *end || v < 1 || v > 1024)
    return -1;
  *out = (unsigned)v;
  return 0;
}

/* Records an option about the inputs. Returns 0 or EXIT_USAGE. */
static int apply_input_opt(extract_opts *o, int id, const char *name, const char *value) {
  ws_reader_options *r = &o->reader;
  switch (id) {
  case OPT_INPUT_FORMAT:
    if (ws_format_parse(value, strlen(value), &r->format) != WS_OK)
      return usage_error("unknown input format '%s' for --%s (use auto, text, html, "
                         "jsonl or warc)", value, name);
    break;
  case OPT_TEXT_FIELD: r->text_field = value; break;
  case OPT_HTML_FIELD: r->html_field = value; break;
  case OPT_ID_FIELD: r->id_field = value; break;
  case OPT_URL_FIELD: r->url_field = value; break;
  case OPT_DATE_FIELD: r->date_field = value; break;
  case OPT_TITLE_FIELD: r->title_field = value; break;
  case OPT_MAX_DOCUMENT:
    if (parse_size(value, &r->max_document) != 0)
      return usage_error("bad size '%s' for --%s (use a number, with K, M or G)", value,
                         name);
    break;
  case OPT_JOBS:
    if (parse_jobs(value, &o->jobs) != 0)
      return usage_error("bad number '%s' for --%s (use 1 to 1024)", value, name);
    break;
  case OPT_QUIET: o->quiet = 1; break;
  case OPT_STATS: o->stats = 1; break;
  default: o->help = 1; break;
  }
  return 0;
}

/* opt_parser.apply for extract and text: records one option. */
static int apply_extract_opt(void *ctx, int id, const char *name, const char *value) {
  extract_opts *o = ctx;
  switch (id) {
  case OPT_FORMAT:
    if (parse_format(value, &o->format) != 0)
      return usage_error("unknown format '%s' for --%s (use jsonl, table or tsv)", value,
                         name);
    o->format_given = 1;
    break;
  case OPT_NO_INDIRECT: o->flags |= WS_FLAG_NO_INDIRECT; break;
  case OPT_NO_MODEL: o->flags |= WS_FLAG_NO_MODEL; break;
  case OPT_ALL: o->flags |= WS_FLAG_ALL_ATTRIBUTIONS; break;
  case OPT_MODEL: o->flags |= WS_FLAG_MODEL; break;
  case OPT_KEEP: o->flags |= WS_FLAG_KEEP_UNATTRIBUTED; break;
  case OPT_EMIT_DOCUMENTS: o->emit_documents = 1; break;
  default: return apply_input_opt(o, id, name, value);
  }
  return 0;
}

/* Returns the table width: $COLUMNS when it is a positive number, else the
 * terminal's width when standard output is one, else DEFAULT_WIDTH. */
static int table_width(void) {
  const char *env = getenv("COLUMNS");
  if (env && *env) {
    char *end;
    long v = strtol(env, &end, 10);
    if (*end == '\0' && v > 0 && v < 100000)
      return (int)v;
  }
  struct winsize ws;
  if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 &&
      ws.ws_col > 0)
    return ws.ws_col;
  return DEFAULT_WIDTH;
}

/* Returns the number of processors online, at least 1. */
static unsigned cores(void) {
  long n = sysconf(_SC_NPROCESSORS_ONLN);
  return n < 1 ? 1 : n > 1024 ? 1024 : (unsigned)n;
}

/* Returns the more serious of two exit codes. */
static int worse(int a, int b) {
  return a > b ? a : b;
}

/* Expands the n operands (files, folders, "-"; none means standard input)
 * into *list. Returns 0, or EXIT_FAIL after a message when memory ran out. */
static int walk_operands(char **operands, int n, ws_cli_file_list *list) {
  static char *from_stdin[] = {"-"};
  if (n == 0) {
    operands = from_stdin;
    n = 1;
  }
  list->open_checks = 1; /* The pipeline reports files it cannot open. */
  for (int i = 0; i < n; i++)
    if (ws_cli_walk(list, operands[i]) != 0) {
      fprintf(stderr, "whosaid: out of memory\n");
      return EXIT_FAIL;
    }
  return EXIT_OK;
}

/* Runs the pipeline in mode over the operands with the options o, then
 * prints the summary when asked. Returns the exit code. */
static int run_pipeline(ws_cli_mode mode, const extract_opts *o, char **operands, int n) {
  ws_cli_file_list files = {0};
  int rc = walk_operands(operands, n, &files);
  size_t max_doc = o->reader.max_document ? o->reader.max_document : (size_t)64 << 20;
  /* Converted text may outgrow its body (Latin-1 doubles, UTF-16 grows by half). */
  size_t max_input = max_doc > MAX_INPUT / 3 ? 3 * max_doc : MAX_INPUT;
  ws_options wo = {WS_OPTIONS_VERSION, o->flags, max_input > 0xFFFFFF00u ? 0xFFFFFF00u : max_input};
  ws_engine *engine = rc ? NULL : ws_engine_new(&wo);
  if (!rc && !engine) {
    fprintf(stderr, "whosaid: cannot start the engine: out of memory\n");
    rc = EXIT_FAIL;
  }
  if (rc) {
    ws_cli_file_list_free(&files);
    return rc;
  }
  int out_tty = isatty(STDOUT_FILENO), err_tty = isatty(STDERR_FILENO);
  ws_cli_out out = {stdout, 0, NULL, 0, 0};
  ws_cli_pipeline p = {mode, o->format, table_width(), files.n > 1, o->emit_documents,
                       !o->quiet, err_tty && !out_tty && !o->quiet,
                       o->jobs ? o->jobs : cores(), engine, &o->reader, &out, stderr,
                       o->stats || (err_tty && !o->quiet)};
  if (mode == WS_CLI_MODE_STATEMENTS && o->format == WS_CLI_TSV)
    ws_cli_write_tsv_header(&out);
  ws_cli_summary sum;
  rc = ws_cli_pipeline_run(&p, &files, &sum);
  if (ws_cli_out_flush(&out) != 0) {
    if (out.err != EPIPE)
      fprintf(stderr, "whosaid: write error: %s\n", strerror(out.err));
    rc = worse(rc, EXIT_FAIL);
  }
  if (o->stats || (err_tty && !o->quiet && out.err != EPIPE))
    ws_cli_summary_print(stderr, &sum, &files);
  ws_cli_summary_free(&sum);
  ws_cli_file_list_free(&files);
  ws_engine_free(engine);
  return rc;
}

/* Gives stdout a large buffer when it is not a terminal. */
static void buffer_stdout(void) {
  static char stdout_buf[1 << 16];
  if (!isatty(STDOUT_FILENO))
    setvbuf(stdout, stdout_buf, _IOFBF, sizeof stdout_buf);
}

/* `whosaid extract [OPTION]... [FILE|DIR|-]...`. */
static int cmd_extract(int argc, char **argv) {
  extract_opts o = {0};
  o.reader.abi_version = WS_READER_OPTIONS_VERSION;
  opt_parser p = {"extract", EXTRACT_OPTS, sizeof EXTRACT_OPTS / sizeof EXTRACT_OPTS[0],
                  apply_extract_opt, &o};
  int n_files;
  if (parse_args(&p, argc, argv, &n_files) != 0)
    return EXIT_USAGE;
  if (o.help)
    return print_help(EXTRACT_HELP);
  if (!o.format_given)
    o.format = o.emit_documents || !isatty(STDOUT_FILENO) ? WS_CLI_JSONL : WS_CLI_TABLE;
  if (o.emit_documents && o.format != WS_CLI_JSONL)
    return usage_error("--emit-documents needs the jsonl format (see 'whosaid help "
                       "extract')");
  buffer_stdout();
  return run_pipeline(WS_CLI_MODE_STATEMENTS, &o, argv + 1, n_files);
}

/* `whosaid text [OPTION]... [FILE|DIR|-]...`. */
static int cmd_text(int argc, char **argv) {
  extract_opts o = {0};
  o.reader.abi_version = WS_READER_OPTIONS_VERSION;
  opt_parser p = {"text", TEXT_OPTS, sizeof TEXT_OPTS / sizeof TEXT_OPTS[0],
                  apply_extract_opt, &o};
  int n_files;
  if (parse_args(&p, argc, argv, &n_files) != 0)
    return EXIT_USAGE;
  if (o.help)
    return print_help(TEXT_HELP);
  buffer_stdout();
  return run_pipeline(WS_CLI_MODE_TEXT, &o, argv + 1, n_files);
}

/* ---- Dispatch ----------------------------------------------------------- */

static int cmd_help(int argc, char **argv);

/* A subcommand: its name, its entry point and its help text. */
typedef struct command {
  const char *name;
  int (*run)(int argc, char **argv);
  const char *help;
} command;

static const command COMMANDS[] = {
    {"extract", cmd_extract, EXTRACT_HELP},
    {"text", cmd_text, TEXT_HELP},
    {"eval", ws_cli_eval, EVAL_HELP},
    {"train", ws_cli_train, TRAIN_HELP},
    {"index", ws_cli_index, WS_CLI_INDEX_HELP},
    {"search", ws_cli_search, WS_CLI_SEARCH_HELP},
    {"speakers", ws_cli_speakers, WS_CLI_SPEAKERS_HELP},
    {"speaker", ws_cli_speaker, WS_CLI_SPEAKER_HELP},
    {"exchanges", ws_cli_exchanges, WS_CLI_EXCHANGES_HELP},
    {"report", ws_cli_report, WS_CLI_REPORT_HELP},
    {"serve", ws_cli_serve, ws_cli_serve_help},
    {"help", cmd_help, HELP_HELP},
};

/* Returns the command called name, or NULL. */
static const command *find_command(const char *name) {
  for (size_t i = 0; i < sizeof COMMANDS / sizeof COMMANDS[0]; i++)
    if (strcmp(COMMANDS[i].name, name) == 0)
      return &COMMANDS[i];
  return NULL;
}

/* True when a is -h or --help. */
static int is_help(const char *a) {
  return strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0;
}

/* True when argv[1..argc-1] asks for help before any "--". */
static int asks_help(int argc, char **argv) {
  for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++)
    if (is_help(argv[i]))
      return 1;
  return 0;
}

/* `whosaid help [COMMAND]`. */
static int cmd_help(int argc, char **argv) {
  if (argc > 2)
    return usage_error("too many arguments to 'help' (see 'whosaid help help')");
  if (argc < 2)
    return print_help(MAIN_HELP);
  if (is_help(argv[1]))
    return print_help(HELP_HELP);
  const command *c = find_command(argv[1]);
  if (!c)
    return usage_error("unknown command '%s' (see 'whosaid --help')", argv[1]);
  return print_help(c->help);
}

int main(int argc, char **argv) {
  /* A closed output then shows as a write error (EPIPE), handled quietly. */
  signal(SIGPIPE, SIG_IGN);
  if (argc < 2)
    return usage_error("no command given (see 'whosaid --help')");
  const char *a = argv[1];
  if (is_help(a))
    return print_help(MAIN_HELP);
  if (strcmp(a, "--version") == 0) {
    const ws_model *model = ws_model_builtin();
    printf("whosaid %s\n", ws_version());
    if (model)
      printf("model %s\n", ws_model_version(model));
    return fflush(stdout) == 0 ? EXIT_OK : EXIT_FAIL;
  }
  if (a[0] == '-')
    return usage_error("unknown option '%s' (see 'whosaid --help')", a);
  const command *c = find_command(a);
  if (!c)
    return usage_error("unknown command '%s' (see 'whosaid --help')", a);
  /* extract, text and help read their own options; eval's and train's help live
   * here too. */
  if ((c->run == ws_cli_eval || c->run == ws_cli_train) && asks_help(argc - 1, argv + 1))
    return print_help(c->help);
  return c->run(argc - 1, argv + 1);
}
