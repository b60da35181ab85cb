/* main.c: the whosaid command-line tool. Parses the command line, dispatches
 * to a subcommand (extract, here; eval, in eval.c; help) and turns outcomes
 * into exit codes: 0 success, 1 a failure while working, 2 a usage error or
 * an unreadable file. It uses the library only through whosaid.h. */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cli.h"
#include "io.h"
#include "output.h"
#include "whosaid.h"

enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2 };

/* Largest input accepted, in bytes (the library's default limit). */
#define MAX_INPUT ((size_t)256 << 20)
#define MAX_INPUT_TEXT "256 MiB"
/* Warnings printed for one file before "N more warnings". */
#define MAX_WARNINGS 10
/* Table width when neither COLUMNS nor the terminal tells. */
#define DEFAULT_WIDTH 120

/* ---- Help --------------------------------------------------------------- */

static const char MAIN_HELP[] =
    "Usage: whosaid COMMAND [OPTION]... [ARG]...\n"
    "Find who said what in news text: quotations and reported speech, with\n"
    "their speakers, speech cues, channels, dates and addressees.\n"
    "\n"
    "Commands:\n"
    "  extract [OPTION]... [FILE]...  print the statements found in each FILE\n"
    "  eval --polnear DIR [OPTION]... measure accuracy on the PolNeAR corpus\n"
    "  train --polnear DIR --out FILE train the learned tagger's model\n"
    "  help [COMMAND]                 show this help, or the help of COMMAND\n"
    "\n"
    "Options:\n"
    "  -h, --help     show this help and exit\n"
    "      --version  print the version and exit\n"
    "\n"
    "Run 'whosaid help COMMAND' for the options of a command; see whosaid(1).\n";

static const char EXTRACT_HELP[] =
    "Usage: whosaid extract [OPTION]... [FILE]...\n"
    "Print the statements found in each FILE: quoted and reported speech, with\n"
    "speaker, speaker role, cue, channel, date and addressee. With no FILE, or\n"
    "when FILE is -, read standard input (named \"stdin\" in the output).\n"
    "\n"
    "Options:\n"
    "  -f, --format=FORMAT      jsonl (one JSON object a line), table or tsv;\n"
    "                           default: table on a terminal, else jsonl\n"
    "      --no-indirect        report direct quotes only, no reported speech\n"
    "      --model              also use the learned tagger for reported speech\n"
    "                           (finds more, runs much slower)\n"
    "      --no-model           never use the learned tagger\n"
    "      --all-attributions   also report beliefs, intentions and stances\n"
    "                           (\"X believes ...\"), as PolNeAR annotates them\n"
    "      --keep-unattributed  also report quotes that have no speech cue\n"
    "  -q, --quiet              do not print warnings about the input\n"
    "  -h, --help               show this help and exit\n"
    "\n"
    "Problems in the input (invalid UTF-8, NUL bytes, an unclosed quotation\n"
    "mark) do not stop extraction: they are printed on standard error as\n"
    "'whosaid: FILE: byte OFFSET: MESSAGE', at most 10 a file. The table is as\n"
    "wide as the COLUMNS variable or the terminal says (else 120 columns).\n"
    "Files larger than " MAX_INPUT_TEXT " are refused.\n"
    "\n"
    "Exit status: 0 success; 1 a failure while working (an input too large,\n"
    "an output that cannot be written); 2 a usage error or a FILE that cannot\n"
    "be read (the other files are still processed).\n";

static const char EVAL_HELP[] =
    "Usage: whosaid eval --polnear DIR [OPTION]...\n"
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
    "                        boundaries, wrong source) in FILE\n"
    "  -v, --verbose         list the content errors on standard error\n"
    "  -h, --help            show this help and exit\n";

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
    "      --predict=DIR     tag the texts of DIR instead of training\n"
    "      --model=FILE      the model for --predict (default: built in)\n"
    "  -q, --quiet           print nothing while training\n"
    "  -h, --help            show this help and exit\n";

static const char HELP_HELP[] =
    "Usage: whosaid help [COMMAND]\n"
    "Show the help of whosaid, or of COMMAND (extract, eval, train or help).\n";

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

/* ---- whosaid extract ---------------------------------------------------- */

enum { OPT_FORMAT, OPT_NO_INDIRECT, OPT_NO_MODEL, OPT_KEEP, OPT_QUIET, OPT_HELP, OPT_ALL, OPT_MODEL };

static const opt_spec EXTRACT_OPTS[] = {
    {"format", 'f', 1, OPT_FORMAT},   {"no-indirect", 0, 0, OPT_NO_INDIRECT},
    {"no-model", 0, 0, OPT_NO_MODEL}, {"keep-unattributed", 0, 0, OPT_KEEP},
    {"quiet", 'q', 0, OPT_QUIET},     {"help", 'h', 0, OPT_HELP},
    {"all-attributions", 0, 0, OPT_ALL}, {"model", 0, 0, OPT_MODEL},
};

/* The options of one run of `whosaid extract`. */
typedef struct extract_opts {
  ws_cli_format format;
  int format_given;
  unsigned flags; /* WS_FLAG_* */
  int quiet;
  int help;
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

/* opt_parser.apply for extract: records one option in the extract_opts. */
static int apply_extract_opt(void *ctx, int id, const char *name, const char *value) {
  extract_opts *o = ctx;
  switch (id) {
  case OPT_FORMAT:
    if (parse_format(value, &o->format) != 0)
      return usage_error("unknown format '%s' for --%s (use jsonl, table or tsv)", value,
                         name);
    o->format_given = 1;
    break;
  case OPT_NO_INDIRECT:
    o->flags |= WS_FLAG_NO_INDIRECT;
    break;
  case OPT_NO_MODEL:
    o->flags |= WS_FLAG_NO_MODEL;
    break;
  case OPT_ALL:
    o->flags |= WS_FLAG_ALL_ATTRIBUTIONS;
    break;
  case OPT_MODEL:
    o->flags |= WS_FLAG_MODEL;
    break;
  case OPT_KEEP:
    o->flags |= WS_FLAG_KEEP_UNATTRIBUTED;
    break;
  case OPT_QUIET:
    o->quiet = 1;
    break;
  default:
    o->help = 1;
    break;
  }
  return 0;
}

/* What one run of extract shares between its files. */
typedef struct extract_run {
  const extract_opts *opts;
  ws_engine *engine;
  ws_cli_out out;
  int width;        /* Table width in columns. */
  int titled;       /* Tables carry the file's name (more than one file). */
  size_t n_written; /* Documents written so far. */
} extract_run;

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

/* Prints a one-line error for an input that could not be read and returns
 * the exit code it calls for. */
static int read_error(const char *doc, ws_cli_read_status st, int err_no) {
  switch (st) {
  case WS_CLI_READ_TOO_BIG:
    fprintf(stderr, "whosaid: %s: input too large (more than %s)\n", doc, MAX_INPUT_TEXT);
    return EXIT_FAIL;
  case WS_CLI_READ_NOMEM:
    fprintf(stderr, "whosaid: %s: out of memory\n", doc);
    return EXIT_FAIL;
  default:
    fprintf(stderr, "whosaid: %s: %s\n", doc, strerror(err_no));
    return EXIT_USAGE;
  }
}

/* Writes the start of a document's table: a blank line after the previous
 * document, and "==> DOC <==" when the run has several files. Returns 0, or
 * -1 when the output failed. */
static int table_title(extract_run *run, const char *doc) {
  ws_cli_out *out = &run->out;
  if (run->n_written > 0 && ws_cli_out_write(out, "\n", 1))
    return -1;
  if (run->titled &&
      (ws_cli_out_write(out, "==> ", 4) || ws_cli_out_write(out, doc, strlen(doc)) ||
       ws_cli_out_write(out, " <==\n", 5)))
    return -1;
  return 0;
}

/* Writes the statements of r, found in document doc, in the run's format.
 * Returns 0, or -1 when the output failed. */
static int write_result(extract_run *run, const ws_result *r, const char *doc) {
  ws_cli_out *out = &run->out;
  int rc;
  switch (run->opts->format) {
  case WS_CLI_TSV:
    rc = ws_cli_write_tsv(out, r, doc);
    break;
  case WS_CLI_TABLE:
    rc = table_title(run, doc) ? -1 : ws_cli_write_table(out, r, run->width);
    break;
  default:
    rc = ws_cli_write_jsonl(out, r, doc);
    break;
  }
  run->n_written++;
  return rc;
}

/* Extracts the statements of the file at path ("-" for standard input) and
 * writes them; prints the file's warnings (unless quiet) and any error on
 * standard error. Returns the exit code this file calls for. */
static int extract_file(extract_run *run, const char *path) {
  const char *doc = strcmp(path, "-") == 0 ? "stdin" : path;
  ws_cli_input in;
  int err_no;
  ws_cli_read_status rs = ws_cli_read(path, MAX_INPUT, &in, &err_no);
  if (rs != WS_CLI_READ_OK)
    return read_error(doc, rs, err_no);
  ws_result *r = NULL;
  int rc = EXIT_OK;
  ws_status st = ws_extract(run->engine, in.data, in.len, &r, NULL);
  if (st != WS_OK) {
    fprintf(stderr, "whosaid: %s: %s\n", doc, ws_strerror(st));
    rc = EXIT_FAIL;
  } else {
    if (!run->opts->quiet)
      ws_cli_print_warnings(stderr, doc, r, MAX_WARNINGS);
    if (write_result(run, r, doc) != 0)
      rc = EXIT_FAIL;
  }
  ws_result_free(r);
  free(in.data);
  return rc;
}

/* Returns the more serious of two exit codes. */
static int worse(int a, int b) {
  return a > b ? a : b;
}

/* Runs extract over the n files; stops early when the output fails. Returns
 * the exit code. A closed pipe (EPIPE) ends the run without a message. */
static int extract_files(extract_run *run, char **files, int n) {
  int rc = EXIT_OK;
  if (run->opts->format == WS_CLI_TSV)
    ws_cli_write_tsv_header(&run->out);
  for (int i = 0; i < n && !run->out.err; i++)
    rc = worse(rc, extract_file(run, files[i]));
  if (ws_cli_out_flush(&run->out) != 0) {
    if (run->out.err != EPIPE)
      fprintf(stderr, "whosaid: write error: %s\n", strerror(run->out.err));
    rc = worse(rc, EXIT_FAIL);
  }
  return rc;
}

/* `whosaid extract [OPTION]... [FILE]...`. */
static int cmd_extract(int argc, char **argv) {
  extract_opts o = {0};
  opt_parser p = {"extract", EXTRACT_OPTS, sizeof EXTRACT_OPTS / sizeof EXTRACT_OPTS[0],
                  apply_extract_opt, &o};
  int n_files;
  if (parse_args(&p, argc, argv, &n_files) != 0)
    return EXIT_USAGE;
  if (o.help)
    return print_help(EXTRACT_HELP);
  int tty = isatty(STDOUT_FILENO);
  if (!o.format_given)
    o.format = tty ? WS_CLI_TABLE : WS_CLI_JSONL;
  static char stdout_buf[1 << 16];
  if (!tty)
    setvbuf(stdout, stdout_buf, _IOFBF, sizeof stdout_buf);
  ws_options wo = {WS_OPTIONS_VERSION, o.flags, MAX_INPUT};
  extract_run run = {&o, ws_engine_new(&wo), {stdout, 0}, table_width(), n_files > 1, 0};
  if (!run.engine) {
    fprintf(stderr, "whosaid: cannot start the engine: out of memory\n");
    return EXIT_FAIL;
  }
  static char *from_stdin[] = {"-"};
  int rc = n_files ? extract_files(&run, argv + 1, n_files)
                   : extract_files(&run, from_stdin, 1);
  ws_engine_free(run.engine);
  return rc;
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
    {"eval", ws_cli_eval, EVAL_HELP},
    {"train", ws_cli_train, TRAIN_HELP},
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
  /* extract and help read their own options; eval's and train's help live
   * here too. */
  if ((c->run == ws_cli_eval || c->run == ws_cli_train) && asks_help(argc - 1, argv + 1))
    return print_help(c->help);
  return c->run(argc - 1, argv + 1);
}
