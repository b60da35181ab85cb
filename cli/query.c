/* query.c: the query commands over the statement database: `whosaid
 * search`, `speakers`, `speaker` and `exchanges`. Each reads the database
 * read-only (an index run may be writing at the same time) and prints
 * rows as a table on a terminal, or as CSV or JSON lines. */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "db.h"
#include "db_out.h"

enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2 };

/* Options shared by the query commands. */
#define COMMON_HELP                                                              \
  "      --db FILE         the database (default: whosaid.db)\n"                  \
  "  -f, --format FORMAT   table, csv or jsonl (default: table on a terminal,\n" \
  "                        else jsonl)\n"                                        \
  "  -h, --help            show this help and exit\n"

#define FILTER_HELP                                                              \
  "      --speaker NAME    statements of the speakers NAME or an alias means\n"  \
  "      --channel C       said on channel C (\"X\", \"Instagram\"...)\n"          \
  "      --kind K          direct, indirect or mixed\n"                          \
  "      --outlet HOST     documents from one site (\"nytimes.com\")\n"            \
  "      --gender G        speakers the texts call female, male; or unknown\n"   \
  "      --since DATE      documents dated DATE or later (2025, 2025-06, ...)\n" \
  "      --until DATE      documents dated up to the end of DATE\n"

const char WS_CLI_SEARCH_HELP[] =
    "Usage: whosaid search [OPTION]... [QUERY]\n"
    "Find statements in the database, newest first. QUERY is matched against\n"
    "the words of statements: plain words must all occur; \"a phrase\", deport*\n"
    "(prefix), OR, NOT and NEAR work as in SQLite FTS5.\n"
    "\n"
    "Options:\n" FILTER_HELP
    "  -n, --limit N         statements a page (default: 20, at most 1000)\n"
    "      --cursor C        the page after the one that printed cursor C\n"
    "      --count           print the number of matching statements only\n" COMMON_HELP
    "\n"
    "When more statements match, the cursor of the next page is printed on\n"
    "standard error. Exit status: 0 success (even with no match); 1 a failure;\n"
    "2 a usage error or a file that is not a whosaid database.\n";

const char WS_CLI_SPEAKERS_HELP[] =
    "Usage: whosaid speakers [OPTION]...\n"
    "List the speakers joined across documents, most quoted first, with their\n"
    "kind (person or organisation), gender as the texts give it, counts, the\n"
    "channel they use most and their usual role.\n"
    "\n"
    "Options:\n"
    "  -n, --top N           how many (default: 20)\n"
    "      --name TEXT       speakers with a name or alias containing TEXT\n"
    "      --kind K          person, organisation or unknown\n"
    "      --gender G        female, male or unknown\n"
    "      --channel C       count only statements on channel C\n"
    "      --since DATE, --until DATE  count only statements in these dates\n"
    "      --share DIM       instead, the share of statements by DIM: gender,\n"
    "                        kind (person or organisation), channel, outlet,\n"
    "                        month or speaker\n"
    "      --monthly         with --share: by month too\n" COMMON_HELP;

const char WS_CLI_SPEAKER_HELP[] =
    "Usage: whosaid speaker [OPTION]... NAME\n"
    "Show one speaker: names and aliases used across documents, roles,\n"
    "channels, outlets, statements by month, and the latest statements.\n"
    "NAME is a name or alias (\"Kardashian\", \"DHS\") or #ID.\n"
    "\n"
    "Options:\n"
    "  -n, --limit N         sample statements (default: 5)\n" COMMON_HELP;

const char WS_CLI_EXCHANGES_HELP[] =
    "Usage: whosaid exchanges [OPTION]...\n"
    "List statements addressed to or answering another speaker (an addressee,\n"
    "an @handle or \"responding to X\" in the words), oldest first.\n"
    "\n"
    "Options:\n"
    "      --speaker NAME    exchanges NAME sent or received\n"
    "      --since DATE, --until DATE  documents in these dates\n"
    "  -n, --limit N         how many (default: 100)\n" COMMON_HELP;

/* Parsed options of a query command. */
typedef struct qopts {
  const char *db;
  int format;
  int limit;
  int count_only, monthly;
  const char *share;
  ws_db_filter f;
  const char *name;
  const char *operand;
} qopts;

/* Matches option name (with "=" value or the next argument). */
static int opt_value(int argc, char **argv, int *i, const char *name, const char **v) {
  size_t n = strlen(name);
  const char *a = argv[*i];
  if (strncmp(a, name, n) != 0)
    return 0;
  if (a[n] == '=') {
    *v = a + n + 1;
    return 1;
  }
  if (a[n] == '\0' && *i + 1 < argc) {
    *v = argv[++*i];
    return 1;
  }
  return 0;
}

/* Parses options common to the query commands; returns -1 after a usage
 * message. help is printed for -h. */
static int parse(int argc, char **argv, qopts *o, const char *help, int *exit_code) {
  memset(o, 0, sizeof *o);
  o->db = "whosaid.db";
  o->format = -1;
  const char *v;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
      *exit_code = fputs(help, stdout) == EOF ? EXIT_FAIL : EXIT_OK;
      return -1;
    }
    if (a[0] != '-' || strcmp(a, "-") == 0) {
      if (o->operand) {
        fprintf(stderr, "whosaid: %s: too many arguments ('%s')\n", argv[0], a);
        *exit_code = EXIT_USAGE;
        return -1;
      }
      o->operand = a;
    } else if (opt_value(argc, argv, &i, "--db", &v)) {
      o->db = v;
    } else if (opt_value(argc, argv, &i, "--format", &v) || opt_value(argc, argv, &i, "-f", &v)) {
      if ((o->format = ws_rows_parse_format(v)) < 0) {
        fprintf(stderr, "whosaid: unknown format '%s' (table, csv or jsonl)\n", v);
        *exit_code = EXIT_USAGE;
        return -1;
      }
    } else if (opt_value(argc, argv, &i, "--limit", &v) || opt_value(argc, argv, &i, "-n", &v) ||
               opt_value(argc, argv, &i, "--top", &v)) {
      o->limit = atoi(v);
      if (o->limit <= 0) {
        fprintf(stderr, "whosaid: invalid number '%s'\n", v);
        *exit_code = EXIT_USAGE;
        return -1;
      }
    } else if (opt_value(argc, argv, &i, "--speaker", &v)) {
      o->f.speaker = v;
    } else if (opt_value(argc, argv, &i, "--channel", &v)) {
      o->f.channel = v;
    } else if (opt_value(argc, argv, &i, "--kind", &v)) {
      o->f.kind = v;
    } else if (opt_value(argc, argv, &i, "--outlet", &v)) {
      o->f.outlet = v;
    } else if (opt_value(argc, argv, &i, "--gender", &v)) {
      o->f.gender = v;
    } else if (opt_value(argc, argv, &i, "--since", &v)) {
      o->f.since = v;
    } else if (opt_value(argc, argv, &i, "--until", &v)) {
      o->f.until = v;
    } else if (opt_value(argc, argv, &i, "--cursor", &v)) {
      o->f.cursor = v;
    } else if (opt_value(argc, argv, &i, "--name", &v)) {
      o->name = v;
    } else if (opt_value(argc, argv, &i, "--share", &v)) {
      o->share = v;
    } else if (strcmp(a, "--count") == 0) {
      o->count_only = 1;
    } else if (strcmp(a, "--monthly") == 0) {
      o->monthly = 1;
    } else {
      fprintf(stderr, "whosaid: %s: unknown option or missing value '%s' (see 'whosaid help "
                      "%s')\n", argv[0], a, argv[0]);
      *exit_code = EXIT_USAGE;
      return -1;
    }
  }
  if (o->format < 0)
    o->format = ws_rows_default_format(stdout);
  return 0;
}

/* Exit code for a failed open or query, after printing its message. */
static int db_failure(ws_db *db, ws_db_status s, const char *msg) {
  fprintf(stderr, "whosaid: %s\n", msg ? msg : db ? ws_db_errmsg(db) : ws_db_strerror(s));
  switch (s) {
  case WS_DB_ERR_MISSING:
  case WS_DB_ERR_NOT_DB:
  case WS_DB_ERR_NEWER:
  case WS_DB_ERR_OLDER:
  case WS_DB_ERR_INVALID:
    return EXIT_USAGE;
  default:
    return EXIT_FAIL;
  }
}

/* Opens the database read-only; returns 0 or an exit code. */
static int open_db(const qopts *o, ws_db **db) {
  char *msg = NULL;
  ws_db_status s = ws_db_open(o->db, WS_DB_READ, db, &msg);
  if (!s)
    return 0;
  int code = db_failure(NULL, s, msg);
  free(msg);
  return code;
}

/* Prints rows; returns an exit code. */
static int emit(ws_rows *r, const qopts *o) {
  int bad = r->oom || ws_rows_print(r, (ws_rows_format)o->format, stdout, ws_rows_width(stdout));
  ws_rows_free(r);
  if (bad)
    fprintf(stderr, "whosaid: cannot write the output\n");
  return bad ? EXIT_FAIL : EXIT_OK;
}

/* Formats an integer into buf. */
static const char *num(char *buf, size_t cap, int64_t v) {
  snprintf(buf, cap, "%lld", (long long)v);
  return buf;
}

/* ---- search ------------------------------------------------------------ */

static const char *const SEARCH_COLS[] = {
    "date", "speaker", "channel", "kind", "text", "doc", "id", "speaker_id", "speaker_doc",
    "speaker_role", "cue", "addressee", "statement_date", "url", "title", "outlet", "start",
    "end", "snippet", "figures", "confidence"};
static const char SEARCH_TYPES[] = "ssssssnnssssssssnnsjn";

/* Converts the highlight marks \x02 \x03 to <mark> and </mark>. */
static char *marked(const char *s) {
  if (!s)
    return NULL;
  size_t n = 0;
  for (const char *p = s; *p; p++)
    n += *p == 2 ? 6 : *p == 3 ? 7 : 1;
  char *out = malloc(n + 1), *o = out;
  if (!out)
    return NULL;
  for (const char *p = s; *p; p++) {
    if (*p == 2)
      o += sprintf(o, "<mark>");
    else if (*p == 3)
      o += sprintf(o, "</mark>");
    else
      *o++ = *p;
  }
  *o = '\0';
  return out;
}

/* Adds one statement to the rows (a ws_db_statement_fn). */
static int add_statement(void *ud, const ws_db_statement *s) {
  ws_rows *r = ud;
  char id[24], sid[24], st[24], en[24], conf[32];
  char *snip = marked(s->snippet);
  snprintf(conf, sizeof conf, "%.3g", s->confidence);
  const char *v[] = {s->doc_date, s->speaker_name ? s->speaker_name : s->speaker, s->channel,
                     s->kind, s->text, s->doc, num(id, sizeof id, s->id),
                     s->speaker_id ? num(sid, sizeof sid, s->speaker_id) : NULL, s->speaker,
                     s->speaker_role, s->cue, s->addressee, s->date, s->url, s->title,
                     s->outlet, num(st, sizeof st, s->start), num(en, sizeof en, s->end), snip,
                     s->figures, conf};
  ws_rows_add(r, v);
  free(snip);
  return 0;
}

/* `whosaid search`. */
int ws_cli_search(int argc, char **argv) {
  qopts o;
  int code = EXIT_OK;
  if (parse(argc, argv, &o, WS_CLI_SEARCH_HELP, &code) < 0)
    return code;
  ws_db *db;
  if ((code = open_db(&o, &db)))
    return code;
  o.f.query = o.operand;
  o.f.limit = o.limit;
  ws_db_status s;
  if (o.count_only) {
    int64_t n = 0;
    s = ws_db_count(db, &o.f, &n);
    if (!s)
      printf("%lld\n", (long long)n);
  } else {
    ws_rows r;
    int ncols = o.format == WS_ROWS_TABLE ? 5 : (int)(sizeof SEARCH_COLS / sizeof *SEARCH_COLS);
    ws_rows_init(&r, ncols, SEARCH_COLS, SEARCH_TYPES);
    char cursor[WS_DB_CURSOR_MAX];
    s = ws_db_search(db, &o.f, add_statement, &r, cursor);
    if (!s) {
      code = emit(&r, &o);
      if (cursor[0])
        fprintf(stderr, "whosaid: more statements: --cursor '%s'\n", cursor);
    } else {
      ws_rows_free(&r);
    }
  }
  if (s)
    code = db_failure(db, s, NULL);
  ws_db_close(db);
  return code;
}

/* ---- speakers ---------------------------------------------------------- */

static const char *const SPEAKERS_COLS[] = {"speaker", "kind", "gender", "statements",
                                            "documents", "channel", "role", "first", "last",
                                            "id"};
static const char SPEAKERS_TYPES[] = "sssnnssssn";

/* Adds one speaker to the rows. */
static int add_speaker(void *ud, const ws_db_speaker_rec *s) {
  char n1[24], n2[24], id[24];
  const char *v[] = {s->name, s->kind, s->gender, num(n1, sizeof n1, s->n_statements),
                     num(n2, sizeof n2, s->n_documents), s->top_channel, s->role,
                     s->first_date, s->last_date, num(id, sizeof id, s->id)};
  ws_rows_add(ud, v);
  return 0;
}

/* A share breakdown's state. */
typedef struct share {
  ws_rows *rows;
  int64_t total;
  int monthly;
} share;

/* Adds one key with its count and share to the rows. */
static int add_share(void *ud, const char *key, int64_t n) {
  share *sh = ud;
  char cnt[24], pct[32], k1[256] = "";
  const char *k2 = key;
  const char *sep = strchr(key, '\x1f');
  if (sh->monthly && sep) {
    snprintf(k1, sizeof k1, "%.*s", (int)(sep - key), key);
    k2 = sep + 1;
  }
  snprintf(pct, sizeof pct, "%.1f", sh->total ? 100.0 * (double)n / (double)sh->total : 0.0);
  const char *v[] = {sh->monthly ? k1 : k2, sh->monthly ? k2 : num(cnt, sizeof cnt, n),
                     sh->monthly ? num(cnt, sizeof cnt, n) : pct, pct};
  ws_rows_add(sh->rows, v);
  return 0;
}

/* Totals by month, for shares within a month. */
static int month_total(void *ud, const char *key, int64_t n) {
  (void)key;
  *(int64_t *)ud += n;
  return 0;
}

/* Parses a --share dimension name; -1 when unknown. */
static int parse_dim(const char *s) {
  static const char *const names[] = {"gender", "kind", "channel", "outlet", "month",
                                      "statement-kind", "speaker"};
  for (int i = 0; i < 7; i++)
    if (strcmp(s, names[i]) == 0)
      return i;
  return -1;
}

/* `whosaid speakers --share DIM [--monthly]`. */
static int speakers_share(ws_db *db, qopts *o) {
  int dim = parse_dim(o->share);
  if (dim < 0) {
    fprintf(stderr, "whosaid: unknown --share '%s' (gender, kind, channel, outlet, month, "
                    "speaker)\n", o->share);
    return EXIT_USAGE;
  }
  static const char *const cols1[] = {"value", "statements", "percent"};
  static const char *const cols2[] = {"month", "value", "statements", "percent_of_all"};
  ws_rows r;
  ws_rows_init(&r, o->monthly ? 4 : 3, o->monthly ? cols2 : cols1, o->monthly ? "ssnn" : "snn");
  share sh = {&r, 0, o->monthly};
  ws_db_status s = ws_db_breakdown(db, &o->f, WS_DB_DIM_MONTH, -1, 0, month_total, &sh.total);
  if (!s)
    s = o->monthly ? ws_db_breakdown(db, &o->f, WS_DB_DIM_MONTH, dim, 0, add_share, &sh)
                   : ws_db_breakdown(db, &o->f, (ws_db_dim)dim, -1, o->limit, add_share, &sh);
  if (s) {
    ws_rows_free(&r);
    return db_failure(db, s, NULL);
  }
  return emit(&r, o);
}

/* `whosaid speakers`. */
int ws_cli_speakers(int argc, char **argv) {
  qopts o;
  int code = EXIT_OK;
  if (parse(argc, argv, &o, WS_CLI_SPEAKERS_HELP, &code) < 0)
    return code;
  if (o.operand) {
    fprintf(stderr, "whosaid: speakers: unexpected argument '%s' (see 'whosaid help "
                    "speakers')\n", o.operand);
    return EXIT_USAGE;
  }
  ws_db *db;
  if ((code = open_db(&o, &db)))
    return code;
  if (o.share) {
    code = speakers_share(db, &o);
  } else {
    ws_db_speaker_filter f = {o.name, o.f.kind, o.f.gender, o.f.channel, o.f.since,
                              o.f.until, o.limit, 0};
    ws_rows r;
    ws_rows_init(&r, 10, SPEAKERS_COLS, SPEAKERS_TYPES);
    ws_db_status s = ws_db_speakers(db, &f, add_speaker, &r);
    if (s) {
      ws_rows_free(&r);
      code = db_failure(db, s, NULL);
    } else {
      code = emit(&r, &o);
    }
  }
  ws_db_close(db);
  return code;
}

/* ---- speaker ----------------------------------------------------------- */

/* Adds a (section, key, count) row. */
typedef struct facet_ctx {
  ws_rows *rows;
  const char *section;
} facet_ctx;

static int add_facet(void *ud, const char *key, int64_t n) {
  facet_ctx *c = ud;
  char cnt[24];
  const char *v[] = {c->section, key, num(cnt, sizeof cnt, n)};
  ws_rows_add(c->rows, v);
  return 0;
}

/* Copies the speaker record's fields into rows of (field, value). */
static int add_profile(void *ud, const ws_db_speaker_rec *s) {
  facet_ctx c = {ud, "speaker"};
  char b[24];
  const char *pairs[][2] = {{"name", s->name}, {"id", num(b, sizeof b, s->id)},
                            {"kind", s->kind}, {"gender", s->gender}, {"role", s->role},
                            {"first", s->first_date}, {"last", s->last_date},
                            {"channel", s->top_channel}};
  for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
    const char *v[] = {c.section, pairs[i][0], pairs[i][1] ? pairs[i][1] : "-"};
    ws_rows_add(c.rows, v);
  }
  add_facet(&c, "statements", s->n_statements);
  add_facet(&c, "documents", s->n_documents);
  return 0;
}

/* A statement as a (section, key, value) row. */
static int add_sample(void *ud, const ws_db_statement *s) {
  char line[700];
  snprintf(line, sizeof line, "%s: %.600s", s->doc_date ? s->doc_date : "undated", s->text);
  const char *v[] = {"statement", s->channel ? s->channel : "-", line};
  ws_rows_add(ud, v);
  return 0;
}

/* `whosaid speaker NAME`. */
int ws_cli_speaker(int argc, char **argv) {
  qopts o;
  int code = EXIT_OK;
  if (parse(argc, argv, &o, WS_CLI_SPEAKER_HELP, &code) < 0)
    return code;
  if (!o.operand) {
    fprintf(stderr, "whosaid: speaker: no NAME given (see 'whosaid help speaker')\n");
    return EXIT_USAGE;
  }
  ws_db *db;
  if ((code = open_db(&o, &db)))
    return code;
  int64_t id = 0;
  ws_db_status s = o.operand[0] == '#' ? (id = atoll(o.operand + 1), WS_DB_OK)
                                       : ws_db_speaker_find(db, o.operand, &id);
  static const char *const cols[] = {"section", "key", "value"};
  ws_rows r;
  ws_rows_init(&r, 3, cols, "ssn");
  if (!s)
    s = ws_db_speaker_get(db, id, add_profile, &r);
  static const char *const sections[] = {"alias", "role", "channel", "outlet", "month"};
  for (int f = 0; !s && f < 5; f++) {
    facet_ctx c = {&r, sections[f]};
    s = ws_db_speaker_facet(db, id, (ws_db_facet)f, add_facet, &c);
  }
  if (!s) {
    ws_db_filter f = {0};
    f.speaker_id = id;
    f.limit = o.limit ? o.limit : 5;
    s = ws_db_search(db, &f, add_sample, &r, NULL);
  }
  if (s) {
    ws_rows_free(&r);
    code = db_failure(db, s, NULL);
  } else {
    code = emit(&r, &o);
  }
  ws_db_close(db);
  return code;
}

/* ---- exchanges --------------------------------------------------------- */

static const char *const EXCHANGE_COLS[] = {"date", "from", "to", "via", "channel", "text",
                                            "statement_id", "from_id", "to_id", "url",
                                            "to_as_written"};

/* Adds one exchange to the rows. */
static int add_exchange(void *ud, const ws_db_exchange *e) {
  char a[24], b[24], c[24];
  const char *v[] = {e->doc_date, e->from_name, e->to_speaker ? e->to_speaker : e->to_name,
                     e->via, e->channel, e->text,
                     num(a, sizeof a, e->statement_id),
                     e->from_id ? num(b, sizeof b, e->from_id) : NULL,
                     e->to_id ? num(c, sizeof c, e->to_id) : NULL, e->url, e->to_name};
  ws_rows_add(ud, v);
  return 0;
}

/* `whosaid exchanges`. */
int ws_cli_exchanges(int argc, char **argv) {
  qopts o;
  int code = EXIT_OK;
  if (parse(argc, argv, &o, WS_CLI_EXCHANGES_HELP, &code) < 0)
    return code;
  ws_db *db;
  if ((code = open_db(&o, &db)))
    return code;
  int64_t id = 0;
  ws_db_status s = WS_DB_OK;
  if (o.f.speaker)
    s = ws_db_speaker_find(db, o.f.speaker, &id);
  ws_rows r;
  ws_rows_init(&r, o.format == WS_ROWS_TABLE ? 6 : 11, EXCHANGE_COLS, "ssssssnnnss");
  if (!s)
    s = ws_db_exchanges(db, id, o.f.since, o.f.until, o.limit, 0, add_exchange, &r);
  if (s) {
    ws_rows_free(&r);
    code = db_failure(db, s, NULL);
  } else {
    code = emit(&r, &o);
  }
  ws_db_close(db);
  return code;
}
