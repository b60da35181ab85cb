/* report.c: `whosaid report`, one self-contained HTML page about the
 * statements of the database: who is quoted, persons against
 * organisations, gender as the texts give it, channels, outlets and months,
 * as inline SVG bar charts (no script, no external file). */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "db.h"

enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2 };

const char WS_CLI_REPORT_HELP[] =
    "Usage: whosaid report [OPTION]... > report.html\n"
    "Write one self-contained HTML page about the statements in the database:\n"
    "the speakers quoted most, persons and organisations, gender as the texts\n"
    "give it, channels, outlets and months, with charts (inline SVG).\n"
    "\n"
    "Options:\n"
    "      --db FILE         the database (default: whosaid.db)\n"
    "      --since DATE      documents dated DATE or later\n"
    "      --until DATE      documents dated up to the end of DATE\n"
    "      --channel C, --outlet HOST, --speaker NAME  narrow the statements\n"
    "  -n, --top N           bars in each ranking (default: 15)\n"
    "  -o, --output FILE     write to FILE instead of standard output\n"
    "  -h, --help            show this help and exit\n";

/* Keys and counts gathered for one chart. */
typedef struct series {
  char **keys;
  int64_t *n;
  size_t len, cap;
  int64_t total;
} series;

/* Adds a key and count (a ws_db_count_fn). */
static int collect(void *ud, const char *key, int64_t n) {
  series *s = ud;
  if (s->len == s->cap) {
    size_t cap = s->cap ? s->cap * 2 : 32;
    char **k = realloc(s->keys, cap * sizeof *k);
    if (!k)
      return 1;
    s->keys = k;
    int64_t *c = realloc(s->n, cap * sizeof *c);
    if (!c)
      return 1;
    s->n = c;
    s->cap = cap;
  }
  if (!(s->keys[s->len] = strdup(key)))
    return 1;
  s->n[s->len++] = n;
  s->total += n;
  return 0;
}

/* Frees a series. */
static void series_free(series *s) {
  for (size_t i = 0; i < s->len; i++)
    free(s->keys[i]);
  free(s->keys);
  free(s->n);
  memset(s, 0, sizeof *s);
}

/* Writes s with HTML's special characters escaped. */
static void html(FILE *fp, const char *s) {
  for (; s && *s; s++) {
    switch (*s) {
    case '<': fputs("&lt;", fp); break;
    case '>': fputs("&gt;", fp); break;
    case '&': fputs("&amp;", fp); break;
    case '"': fputs("&quot;", fp); break;
    case '\x1f': fputs(" / ", fp); break;
    default: fputc(*s, fp);
    }
  }
}

/* Colours of the charts, by position. */
static const char *const COLOURS[] = {"#3b6ea5", "#d1495b", "#edae49", "#66a182",
                                      "#8d6a9f", "#00798c", "#999999"};

/* Colour of a category key: fixed for genders and kinds of speaker. */
static const char *colour_of(const char *key, size_t i) {
  if (strcmp(key, "female") == 0 || strcmp(key, "organisation") == 0)
    return COLOURS[1];
  if (strcmp(key, "male") == 0 || strcmp(key, "person") == 0)
    return COLOURS[0];
  if (strcmp(key, "unknown") == 0 || strcmp(key, "none") == 0)
    return COLOURS[6];
  return COLOURS[i % 6];
}

/* A horizontal bar chart of a series: one labelled bar a key. */
static void bar_chart(FILE *fp, const char *title, const series *s) {
  fprintf(fp, "<section><h2>");
  html(fp, title);
  fprintf(fp, "</h2>\n");
  if (!s->len) {
    fputs("<p>No statements.</p></section>\n", fp);
    return;
  }
  int64_t max = 1;
  for (size_t i = 0; i < s->len; i++)
    if (s->n[i] > max)
      max = s->n[i];
  int h = 22, w = 640, label = 220;
  fprintf(fp, "<svg width=\"%d\" height=\"%d\" role=\"img\" aria-label=\"", w,
          (int)s->len * h + 4);
  html(fp, title);
  fputs("\">\n", fp);
  for (size_t i = 0; i < s->len; i++) {
    double bw = (double)(w - label - 90) * (double)s->n[i] / (double)max;
    fprintf(fp, "<text x=\"%d\" y=\"%zu\" text-anchor=\"end\">", label - 6, i * h + 15);
    html(fp, s->keys[i]);
    fprintf(fp, "</text><rect x=\"%d\" y=\"%zu\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>",
            label, i * h + 3, bw, h - 6, colour_of(s->keys[i], 0));
    fprintf(fp, "<text x=\"%.1f\" y=\"%zu\">%lld (%.1f%%)</text>\n", label + bw + 4,
            i * h + 15, (long long)s->n[i],
            s->total ? 100.0 * (double)s->n[i] / (double)s->total : 0.0);
  }
  fputs("</svg></section>\n", fp);
}

/* A stacked bar of shares (gender, kind of speaker) with a legend. */
static void share_bar(FILE *fp, const char *title, const series *s) {
  fprintf(fp, "<section><h2>");
  html(fp, title);
  fputs("</h2>\n<svg width=\"640\" height=\"60\" role=\"img\">\n", fp);
  double x = 0;
  for (size_t i = 0; i < s->len && s->total; i++) {
    double bw = 640.0 * (double)s->n[i] / (double)s->total;
    fprintf(fp, "<rect x=\"%.1f\" y=\"0\" width=\"%.1f\" height=\"28\" fill=\"%s\"/>", x, bw,
            colour_of(s->keys[i], i));
    fprintf(fp, "<text x=\"%.1f\" y=\"46\">", x + 2);
    html(fp, s->keys[i]);
    fprintf(fp, " %.1f%%</text>\n", 100.0 * (double)s->n[i] / (double)s->total);
    x += bw;
  }
  fputs("</svg></section>\n", fp);
}

/* Statements a month as vertical bars, each split by the second key of a
 * month x category series ("2025-06\x1f" "female"). */
static void month_chart(FILE *fp, const char *title, const series *months, const series *mx) {
  fprintf(fp, "<section><h2>");
  html(fp, title);
  fputs("</h2>\n", fp);
  if (!months->len) {
    fputs("<p>No statements.</p></section>\n", fp);
    return;
  }
  int64_t max = 1;
  for (size_t i = 0; i < months->len; i++)
    if (months->n[i] > max)
      max = months->n[i];
  size_t n = months->len;
  double bw = n > 40 ? 600.0 / (double)n : 15;
  int H = 180;
  fprintf(fp, "<svg width=\"%.0f\" height=\"%d\" role=\"img\">\n", bw * (double)n + 80, H + 60);
  for (size_t i = 0; i < n; i++) {
    double x = 40 + (double)i * bw, y = H;
    const char *m = months->keys[i];
    for (size_t j = 0; j < mx->len; j++) {
      const char *sep = strchr(mx->keys[j], '\x1f');
      if (!sep || strncmp(mx->keys[j], m, (size_t)(sep - mx->keys[j])) != 0 ||
          m[sep - mx->keys[j]] != '\0')
        continue;
      double bh = (double)H * (double)mx->n[j] / (double)max;
      y -= bh;
      fprintf(fp, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\">"
                  "<title>", x, y, bw * 0.85, bh, colour_of(sep + 1, j));
      html(fp, mx->keys[j]);
      fprintf(fp, ": %lld</title></rect>\n", (long long)mx->n[j]);
    }
    if (n <= 24 || i % (n / 12 + 1) == 0) {
      fprintf(fp, "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" transform=\"rotate(45 %.1f %d)\">",
              x, H + 14, x, H + 14);
      html(fp, m);
      fputs("</text>\n", fp);
    }
  }
  fprintf(fp, "<text x=\"0\" y=\"12\" font-size=\"10\">%lld</text>", (long long)max);
  fputs("</svg>\n<p class=\"legend\">", fp);
  const char *leg[] = {"female", "male", "unknown"};
  for (int i = 0; i < 3; i++)
    fprintf(fp, "<span style=\"color:%s\">&#9632;</span> %s ", colour_of(leg[i], 0), leg[i]);
  fputs("</p></section>\n", fp);
}

/* Writes the page. Returns the first failing status, or WS_DB_OK. */
static ws_db_status write_report(FILE *fp, ws_db *db, const ws_db_filter *f, int top) {
  series s[9];
  memset(s, 0, sizeof s);
  ws_db_status st = WS_DB_OK;
  struct {
    int dim, dim2, max;
  } q[9] = {{WS_DB_DIM_SPEAKER, -1, top + 1}, {WS_DB_DIM_SPEAKER_KIND, -1, 0},
            {WS_DB_DIM_GENDER, -1, 0},        {WS_DB_DIM_CHANNEL, -1, top},
            {WS_DB_DIM_OUTLET, -1, top},      {WS_DB_DIM_MONTH, -1, 0},
            {WS_DB_DIM_MONTH, WS_DB_DIM_GENDER, 0}, {WS_DB_DIM_KIND, -1, 0},
            {WS_DB_DIM_GENDER, -1, 0}};
  ws_db_filter persons = *f;
  persons.speaker_kind = "person";
  for (int i = 0; i < 9 && !st; i++)
    st = ws_db_breakdown(db, i == 8 ? &persons : f, (ws_db_dim)q[i].dim, q[i].dim2,
                         q[i].max, collect, &s[i]);
  if (!st) {
    /* The speakers chart leaves out statements with no joined speaker. */
    series named = {0};
    for (size_t i = 0; i < s[0].len && named.len < (size_t)top; i++)
      if (strcmp(s[0].keys[i], "none") != 0)
        collect(&named, s[0].keys[i], s[0].n[i]);
    ws_db_totals t;
    ws_db_get_totals(db, &t);
    fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
          "<title>whosaid report</title>\n<style>body{font:14px/1.4 sans-serif;"
          "max-width:760px;margin:2em auto;color:#222}h1{font-size:22px}h2{font-size:16px;"
          "margin-top:2em}svg text{font-size:12px;fill:#222}table{border-collapse:collapse}"
          "td,th{padding:2px 8px;text-align:right}.legend{font-size:12px}</style></head>"
          "<body>\n<h1>Who is quoted</h1>\n<p>", fp);
    fprintf(fp, "%lld statements", (long long)s[7].total);
    if (f->since || f->until) {
      fputs(" in documents dated ", fp);
      html(fp, f->since ? f->since : "any time");
      fputs(" to ", fp);
      html(fp, f->until ? f->until : "now");
    }
    fprintf(fp, "; the database holds %lld documents, %lld statements and %lld speakers. "
                "Gender is what the texts say (pronouns, honorifics), never guessed from "
                "a name; unknown otherwise.</p>\n",
            (long long)t.documents, (long long)t.statements, (long long)t.speakers);
    bar_chart(fp, "Speakers quoted most", &named);
    share_bar(fp, "Persons and organisations (share of statements)", &s[1]);
    share_bar(fp, "Gender of speakers, all statements", &s[2]);
    share_bar(fp, "Gender of speakers, statements by persons", &s[8]);
    month_chart(fp, "Statements by month, by gender of the speaker", &s[5], &s[6]);
    bar_chart(fp, "Channels", &s[3]);
    bar_chart(fp, "Outlets", &s[4]);
    bar_chart(fp, "Kinds of statement", &s[7]);
    fputs("<p>Made by whosaid report.</p>\n</body></html>\n", fp);
    series_free(&named);
  }
  for (int i = 0; i < 9; i++)
    series_free(&s[i]);
  return st;
}

/* `whosaid report`. */
int ws_cli_report(int argc, char **argv) {
  const char *dbpath = "whosaid.db", *out = NULL;
  ws_db_filter f = {0};
  int top = 15;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    const char **slot = NULL;
    if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0)
      return fputs(WS_CLI_REPORT_HELP, stdout) == EOF ? EXIT_FAIL : EXIT_OK;
    if (strcmp(a, "--db") == 0) slot = &dbpath;
    else if (strcmp(a, "--since") == 0) slot = &f.since;
    else if (strcmp(a, "--until") == 0) slot = &f.until;
    else if (strcmp(a, "--channel") == 0) slot = &f.channel;
    else if (strcmp(a, "--outlet") == 0) slot = &f.outlet;
    else if (strcmp(a, "--speaker") == 0) slot = &f.speaker;
    else if (strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0) slot = &out;
    else if ((strcmp(a, "-n") == 0 || strcmp(a, "--top") == 0) && i + 1 < argc) {
      top = atoi(argv[++i]);
      if (top <= 0)
        top = 15;
      continue;
    }
    if (!slot || i + 1 >= argc) {
      fprintf(stderr, "whosaid: report: unknown option or missing value '%s' (see 'whosaid "
                      "help report')\n", a);
      return EXIT_USAGE;
    }
    *slot = argv[++i];
  }
  char *msg = NULL;
  ws_db *db;
  ws_db_status s = ws_db_open(dbpath, WS_DB_READ, &db, &msg);
  if (s) {
    fprintf(stderr, "whosaid: %s\n", msg ? msg : ws_db_strerror(s));
    free(msg);
    return s == WS_DB_ERR_MISSING || s == WS_DB_ERR_NOT_DB || s == WS_DB_ERR_NEWER ||
                   s == WS_DB_ERR_OLDER
               ? EXIT_USAGE
                                                                                 : EXIT_FAIL;
  }
  FILE *fp = out ? fopen(out, "w") : stdout;
  int code = EXIT_OK;
  if (!fp) {
    perror(out);
    code = EXIT_USAGE;
  } else {
    s = write_report(fp, db, &f, top);
    if (s) {
      fprintf(stderr, "whosaid: %s\n", ws_db_errmsg(db));
      code = EXIT_FAIL;
    }
    if ((fp != stdout ? fclose(fp) : fflush(fp)) != 0) {
      fprintf(stderr, "whosaid: cannot write the report\n");
      code = EXIT_FAIL;
    }
  }
  ws_db_close(db);
  return code;
}
