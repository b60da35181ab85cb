/* test_output.c: tests of the tool's writers (cli/output.c) on statements
 * made up here, so that the TSV escaping, the table's truncation and
 * alignment, and the handling of failed writes are checked whatever the
 * engine finds. The test links cli/output.c alone and stands in for the few
 * library functions it calls (a link seam): results are plain arrays. */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "output.h"

/* ---- Stand-ins for the library ------------------------------------------ */

struct ws_result {
  const ws_statement *st;
  size_t n;
  const ws_warning *warn;
  size_t n_warn;
};

size_t ws_result_count(const ws_result *r) {
  return r->n;
}

const ws_statement *ws_result_get(const ws_result *r, size_t i) {
  return i < r->n ? &r->st[i] : NULL;
}

size_t ws_result_warning_count(const ws_result *r) {
  return r->n_warn;
}

const ws_warning *ws_result_warning(const ws_result *r, size_t i) {
  return i < r->n_warn ? &r->warn[i] : NULL;
}

const char *ws_kind_name(ws_kind kind) {
  return kind == WS_KIND_DIRECT     ? "direct"
         : kind == WS_KIND_INDIRECT ? "indirect"
                                    : "mixed";
}

/* Writes "json DOC START\n" for statement i, through the callback. */
ws_status ws_write_json(const ws_result *r, size_t i, const char *doc, size_t doc_len,
                        ws_write_fn write, void *userdata) {
  char line[128];
  int n = snprintf(line, sizeof line, "json %.*s %zu\n", (int)doc_len, doc,
                   r->st[i].text.start);
  return write(userdata, line, (size_t)n) ? WS_ERR_WRITE : WS_OK;
}

/* ---- Helpers ------------------------------------------------------------ */

static ws_str str(const char *s) {
  ws_str r = {s, s ? strlen(s) : 0};
  return r;
}

static ws_span span(const char *s, size_t start) {
  ws_span r = {str(s), start, start + (s ? strlen(s) : 0)};
  return r;
}

/* A stream into memory; its text is in *buf after capture_end(). */
typedef struct capture {
  char *buf;
  size_t len;
  ws_cli_out out;
} capture;

static void capture_begin(capture *c) {
  c->buf = NULL;
  c->len = 0;
  c->out.fp = open_memstream(&c->buf, &c->len);
  c->out.err = 0;
}

static void capture_end(capture *c) {
  fclose(c->out.fp);
}

/* Returns the number of code points in s[0..len), or -1 for invalid UTF-8. */
static long code_points(const char *s, size_t len) {
  long n = 0;
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)s[i];
    if ((c & 0xC0) != 0x80)
      n++;
    else if (i == 0)
      return -1;
  }
  return n;
}

/* A line of output, NUL-terminated. */
typedef struct line {
  char text[4096];
} line;

/* Returns line k (from 0) of s, or an empty line past the end. */
static line line_of(const char *s, int k) {
  line out = {""};
  for (; k > 0 && s; k--) {
    s = strchr(s, '\n');
    s = s ? s + 1 : NULL;
  }
  if (!s)
    return out;
  size_t n = strcspn(s, "\n");
  n = n < sizeof out.text - 1 ? n : sizeof out.text - 1;
  memcpy(out.text, s, n);
  out.text[n] = '\0';
  return out;
}

/* Returns the code-point column at which needle starts in line, or -1. */
static long column_of(const char *line, const char *needle) {
  const char *p = strstr(line, needle);
  return p ? code_points(line, (size_t)(p - line)) : -1;
}

/* ---- Statements --------------------------------------------------------- */

static const char LONG_TEXT[] =
    "We have waited long enough,\nand the pier\t is how this town earns its living "
    "\xe2\x80\x94 every boat, every net, every caf\xc3\xa9 on the quay depends on it.";

static ws_statement direct_statement(void) {
  ws_statement st = {0};
  st.kind = WS_KIND_DIRECT;
  st.text = span(LONG_TEXT, 120);
  st.group = 1;
  st.speaker = str("Ana Ruiz");
  st.speaker_role = str("Mayor");
  st.cue = span("said", 200);
  st.date = str("Tuesday");
  return st;
}

static ws_statement odd_statement(void) {
  ws_statement st = {0};
  st.kind = WS_KIND_INDIRECT;
  st.text = span("tab\there, back\\slash, bad \xff byte, nul \x01 and \xc3\xa9", 7);
  st.group = 12;
  st.speaker = str("Tom\xc3\xa1s \xc3\x98"
                   "degaard of the Very Long Cooperative Name");
  st.channel = str("a news\nconference");
  st.addressee = str("@reporters");
  return st;
}

/* ---- Tests -------------------------------------------------------------- */

static void test_tsv(void) {
  ws_statement st[2] = {direct_statement(), odd_statement()};
  ws_result r = {st, 2, NULL, 0};
  capture c;
  capture_begin(&c);
  CHECK(ws_cli_write_tsv_header(&c.out) == 0);
  CHECK(ws_cli_write_tsv(&c.out, &r, "a\tb.txt") == 0);
  capture_end(&c);
  CHECK(strcmp(line_of(c.buf, 0).text,
               "doc\tkind\tstart\tend\tgroup\tspeaker\tspeaker_role\t"
               "cue\tchannel\tdate\taddressee\ttext") == 0);
  line row1_line = line_of(c.buf, 1);
  const char *row1 = row1_line.text;
  CHECK(strncmp(row1, "a\\tb.txt\tdirect\t120\t", 19) == 0);
  CHECK(strstr(row1, "\t1\tAna Ruiz\tMayor\tsaid\t\tTuesday\t\tWe have waited long "
                     "enough,\\nand the pier\\t is how") != NULL);
  CHECK(strcmp(line_of(c.buf, 2).text,
               "a\\tb.txt\tindirect\t7\t53\t12\tTom\xc3\xa1s \xc3\x98"
               "degaard of the Very Long Cooperative Name\t\t\ta news\\nconference\t\t"
               "@reporters\ttab\\there, back\\\\slash, bad \xef\xbf\xbd byte, nul   and "
               "\xc3\xa9") == 0);
  CHECK(strcmp(line_of(c.buf, 3).text, "") == 0);
  free(c.buf);
}

static void test_table(void) {
  ws_statement st[2] = {direct_statement(), odd_statement()};
  ws_result r = {st, 2, NULL, 0};
  capture c;
  capture_begin(&c);
  CHECK(ws_cli_write_table(&c.out, &r, 80) == 0);
  capture_end(&c);
  line head_line = line_of(c.buf, 0);
  const char *head = head_line.text;
  long text_col = column_of(head, "TEXT");
  CHECK(strncmp(head, "SPEAKER ", 8) == 0);
  CHECK(text_col > 0);
  for (int k = 0; k < 3; k++) {
    line l = line_of(c.buf, k);
    const char *text = l.text;
    CHECK(code_points(text, strlen(text)) >= 0);
    CHECK(code_points(text, strlen(text)) <= 80);
    for (const char *p = text; *p; p++)
      CHECK((unsigned char)*p >= 0x20 && *p != 0x7F);
  }
  line row1_line = line_of(c.buf, 1);
  const char *row1 = row1_line.text;
  CHECK(column_of(row1, "We have waited long enough, and t\xe2\x80\xa6") == text_col);
  CHECK(code_points(row1, strlen(row1)) == 80);
  CHECK(strcmp(row1 + strlen(row1) - 3, "\xe2\x80\xa6") == 0); /* Truncated. */
  CHECK(column_of(row1, "direct") == column_of(head, "KIND"));
  CHECK(column_of(row1, "-") == column_of(head, "CHANNEL"));
  CHECK(column_of(row1, "said") == column_of(head, "CUE"));
  line row2_line = line_of(c.buf, 2);
  const char *row2 = row2_line.text;
  const char *speaker = "Tom\xc3\xa1s \xc3\x98"
                        "degaard \xe2\x80\xa6"; /* 16 wide. */
  CHECK(strncmp(row2, speaker, strlen(speaker)) == 0);
  CHECK(column_of(row2, "indirect") == column_of(head, "KIND"));
  CHECK(column_of(row2, "a news co\xe2\x80\xa6") == column_of(head, "CHANNEL"));
  CHECK(column_of(row2, "tab here, back\\slash, bad \xef\xbf\xbd byte,\xe2\x80\xa6") ==
        text_col);
  free(c.buf);
}

static void test_table_widths(void) {
  ws_statement st[2] = {direct_statement(), odd_statement()};
  ws_result r = {st, 2, NULL, 0};
  const int widths[] = {1, 60, 61, 100, 200, 5000};
  for (size_t w = 0; w < sizeof widths / sizeof widths[0]; w++) {
    capture c;
    capture_begin(&c);
    CHECK(ws_cli_write_table(&c.out, &r, widths[w]) == 0);
    capture_end(&c);
    long limit = widths[w] < WS_CLI_TABLE_MIN_WIDTH   ? WS_CLI_TABLE_MIN_WIDTH
                 : widths[w] > WS_CLI_TABLE_MAX_WIDTH ? WS_CLI_TABLE_MAX_WIDTH
                                                      : widths[w];
    for (int k = 0; k < 3; k++) {
      line l = line_of(c.buf, k);
      const char *text = l.text;
      CHECK(code_points(text, strlen(text)) <= limit);
    }
    free(c.buf);
  }
}

static void test_table_empty(void) {
  ws_result r = {NULL, 0, NULL, 0};
  capture c;
  capture_begin(&c);
  CHECK(ws_cli_write_table(&c.out, &r, 120) == 0);
  capture_end(&c);
  CHECK(strcmp(c.buf, "SPEAKER  KIND  CHANNEL  CUE  TEXT\n") == 0);
  free(c.buf);
}

static void test_jsonl(void) {
  ws_statement st[2] = {direct_statement(), odd_statement()};
  ws_result r = {st, 2, NULL, 0};
  capture c;
  capture_begin(&c);
  CHECK(ws_cli_write_jsonl(&c.out, &r, "x.txt") == 0);
  capture_end(&c);
  CHECK(strcmp(c.buf, "json x.txt 120\njson x.txt 7\n") == 0);
  free(c.buf);
}

/* A stream that cannot be written: every writer fails and err stays set. */
static void test_write_failure(void) {
  ws_statement st[1] = {direct_statement()};
  ws_result r = {st, 1, NULL, 0};
  ws_cli_out out = {fopen("/dev/null", "r"), 0, NULL, 0, 0};
  CHECK(out.fp != NULL);
  if (!out.fp)
    return;
  setvbuf(out.fp, NULL, _IONBF, 0);
  CHECK(ws_cli_write_jsonl(&out, &r, "x") == -1);
  CHECK(out.err != 0);
  int err = out.err;
  CHECK(ws_cli_write_tsv(&out, &r, "x") == -1);
  CHECK(ws_cli_write_table(&out, &r, 80) == -1);
  CHECK(ws_cli_out_write(&out, "a", 1) != 0);
  CHECK(ws_cli_out_flush(&out) == -1);
  CHECK(out.err == err);
  fclose(out.fp);
}

static void test_warnings(void) {
  ws_warning w[12];
  for (size_t i = 0; i < 12; i++)
    w[i] = (ws_warning){i * 10, i % 2 ? "NUL byte" : "invalid UTF-8"};
  char *buf = NULL;
  size_t len = 0;
  FILE *fp = open_memstream(&buf, &len);
  ws_result r = {NULL, 0, w, 12};
  ws_cli_print_warnings(fp, "f.txt", &r, 10);
  r.n_warn = 11;
  ws_cli_print_warnings(fp, "g", &r, 10);
  r.n_warn = 2;
  ws_cli_print_warnings(fp, "h", &r, 10);
  fclose(fp);
  CHECK(strcmp(line_of(buf, 0).text, "whosaid: f.txt: byte 0: invalid UTF-8") == 0);
  CHECK(strcmp(line_of(buf, 9).text, "whosaid: f.txt: byte 90: NUL byte") == 0);
  CHECK(strcmp(line_of(buf, 10).text, "whosaid: f.txt: 2 more warnings") == 0);
  CHECK(strcmp(line_of(buf, 21).text, "whosaid: g: 1 more warning") == 0);
  CHECK(strcmp(line_of(buf, 23).text, "whosaid: h: byte 10: NUL byte") == 0);
  CHECK(strcmp(line_of(buf, 24).text, "") == 0);
  free(buf);
}

int main(void) {
  RUN(test_tsv);
  RUN(test_table);
  RUN(test_table_widths);
  RUN(test_table_empty);
  RUN(test_jsonl);
  RUN(test_write_failure);
  RUN(test_warnings);
  return TEST_RESULT();
}
