/* test_html.c: tests of ws_document_new() (src/document.c, src/charset.c,
 * src/html.c, src/html_meta.c), registered by tests/html.cmake.
 *
 *   test_html golden DIR      each DIR/NAME.html (an HTML record) or
 *                             DIR/NAME.text (a text record), with an
 *                             optional declared charset in NAME.charset,
 *                             must give the text in NAME.expected and, when
 *                             NAME.meta exists, its "field: value" lines
 *                             (title, byline, date, url). A failure prints
 *                             both texts line by line.
 *   test_html charset         character-set cases built in memory: BOMs,
 *                             declared, <meta>, mislabelled, detection
 *                             (HTML), plain text kept byte for byte.
 *   test_html pathological [--slow]
 *                             deep nesting (10^5 levels, closed and not), a
 *                             large page, many attributes, unclosed script
 *                             and comment, NUL bytes: each must finish
 *                             within its time limit without a crash.
 *   test_html mangle FILE...  truncated and bit-flipped variants of HTML
 *                             files (gzip files are read decompressed): no
 *                             crash, bounded time.
 * Exit status 0 when every case passes, 1 otherwise. */
#define _POSIX_C_SOURCE 200809L

#include <dirent.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zlib.h>

#include "whosaid.h"

static int failures;
static double time_scale = 1.0; /* Raised by --slow (sanitizer builds). */

/* ---- Helpers -------------------------------------------------------------- */

/* Reads a whole file (decompressing gzip) into a new NUL-terminated buffer;
 * returns NULL when it cannot. */
static char *read_all(const char *path, size_t *len) {
  gzFile g = gzopen(path, "rb");
  if (!g)
    return NULL;
  size_t cap = 1 << 16, n = 0;
  char *b = malloc(cap + 1);
  int r;
  while (b && (r = gzread(g, b + n, (unsigned)(cap - n))) > 0) {
    n += (size_t)r;
    if (n == cap) {
      char *p = realloc(b, cap * 2 + 1);
      if (!p) {
        free(b);
        b = NULL;
        break;
      }
      b = p;
      cap *= 2;
    }
  }
  gzclose(g);
  if (b) {
    b[n] = 0;
    *len = n;
  }
  return b;
}

/* Seconds of CPU time of this process: limits hold on a loaded machine
 * too (a real hang still ends at CTest's timeout). */
static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Makes the document of a record of the given format, body and declared
 * charset (NULL for none). Returns NULL (and counts a failure) on error. */
static ws_document *make(ws_format format, const char *body, size_t len, const char *charset,
                         const char *name) {
  ws_record rec;
  memset(&rec, 0, sizeof rec);
  rec.format = format;
  rec.body.ptr = body;
  rec.body.len = len;
  if (charset) {
    rec.charset.ptr = charset;
    rec.charset.len = strlen(charset);
  }
  ws_document *doc = NULL;
  ws_error err = {0};
  ws_status st = ws_document_new(&rec, &doc, &err);
  if (st != WS_OK) {
    printf("FAIL %s: ws_document_new returned %d (%s)\n", name, (int)st,
           err.message ? err.message : "");
    failures++;
    return NULL;
  }
  return doc;
}

/* Returns true when the n bytes at s are valid UTF-8. */
static bool valid_utf8(const unsigned char *s, size_t n) {
  for (size_t i = 0; i < n;) {
    unsigned c = s[i];
    size_t k = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (!k || i + k > n || (k > 1 && c < 0xC2))
      return false;
    for (size_t j = 1; j < k; j++)
      if ((s[i + j] & 0xC0) != 0x80)
        return false;
    i += k;
  }
  return true;
}

/* Checks what holds for any document: valid UTF-8 text. */
static void check_invariants(const ws_document *doc, const char *name) {
  ws_str t = ws_document_text(doc);
  if (!t.ptr || !valid_utf8((const unsigned char *)t.ptr, t.len)) {
    printf("FAIL %s: text is not valid UTF-8\n", name);
    failures++;
  }
}

/* ---- Golden cases --------------------------------------------------------- */

/* Prints expected and actual texts line by line, marking the differences. */
static void print_diff(const char *want, size_t wl, const char *got, size_t gl) {
  const char *a = want, *b = got, *ae = want + wl, *be = got + gl;
  while (a < ae || b < be) {
    const char *an = a < ae ? memchr(a, '\n', (size_t)(ae - a)) : NULL;
    const char *bn = b < be ? memchr(b, '\n', (size_t)(be - b)) : NULL;
    size_t al = a < ae ? (size_t)((an ? an : ae) - a) : 0;
    size_t bl = b < be ? (size_t)((bn ? bn : be) - b) : 0;
    bool same = a < ae && b < be && al == bl && !memcmp(a, b, al);
    if (same) {
      printf("    %.*s\n", (int)al, a);
    } else {
      if (a < ae)
        printf("  - %.*s\n", (int)al, a);
      if (b < be)
        printf("  + %.*s\n", (int)bl, b);
    }
    a = a < ae ? (an ? an + 1 : ae) : ae;
    b = b < be ? (bn ? bn + 1 : be) : be;
  }
}

/* Trims one trailing newline of a file's text. */
static size_t trim_newline(const char *s, size_t n) {
  return n && s[n - 1] == '\n' ? n - 1 : n;
}

/* Compares the metadata of doc with the "field: value" lines of meta. */
static bool check_meta(const ws_document *doc, const char *meta, const char *name) {
  const ws_doc_meta *m = ws_document_meta(doc);
  bool ok = true;
  for (const char *line = meta; *line;) {
    const char *nl = strchr(line, '\n');
    size_t len = nl ? (size_t)(nl - line) : strlen(line);
    const char *colon = memchr(line, ':', len);
    if (colon && colon[1] == ' ') {
      size_t kl = (size_t)(colon - line);
      const char *v = colon + 2;
      size_t vl = len - kl - 2;
      const ws_str *f = !strncmp(line, "title", kl) && kl == 5    ? &m->title
                        : !strncmp(line, "byline", kl) && kl == 6 ? &m->byline
                        : !strncmp(line, "date", kl) && kl == 4   ? &m->date
                        : !strncmp(line, "url", kl) && kl == 3    ? &m->url
                                                                  : NULL;
      if (!f) {
        printf("FAIL %s: unknown meta field %.*s\n", name, (int)kl, line);
        ok = false;
      } else if (!f->ptr || f->len != vl || memcmp(f->ptr, v, vl) != 0) {
        printf("FAIL %s: %.*s is \"%.*s\", expected \"%.*s\"\n", name, (int)kl, line,
               f->ptr ? (int)f->len : 6, f->ptr ? f->ptr : "(none)", (int)vl, v);
        ok = false;
      }
    }
    line = nl ? nl + 1 : line + len;
  }
  return ok;
}

/* Joins dir, "/", stem and ext into a new string. */
static char *path3(const char *dir, const char *stem, const char *ext) {
  size_t n = strlen(dir) + strlen(stem) + strlen(ext) + 2;
  char *p = malloc(n);
  if (p)
    snprintf(p, n, "%s/%s%s", dir, stem, ext);
  return p;
}

/* Runs one golden case: the input file dir/file. */
static void golden_case(const char *dir, const char *file) {
  const char *dot = strrchr(file, '.');
  bool html = !strcmp(dot, ".html");
  char stem[256];
  snprintf(stem, sizeof stem, "%.*s", (int)(dot - file), file);
  char *in_path = path3(dir, file, ""), *exp_path = path3(dir, stem, ".expected");
  char *cs_path = path3(dir, stem, ".charset"), *meta_path = path3(dir, stem, ".meta");
  size_t in_len = 0, exp_len = 0, cs_len = 0, meta_len = 0;
  char *in = read_all(in_path, &in_len), *exp = read_all(exp_path, &exp_len);
  char *cs = read_all(cs_path, &cs_len), *meta = read_all(meta_path, &meta_len);
  if (!in || !exp) {
    printf("FAIL %s: cannot read %s or %s\n", stem, in_path, exp_path);
    failures++;
  } else {
    if (cs)
      cs[trim_newline(cs, cs_len)] = 0;
    ws_document *doc = make(html ? WS_FORMAT_HTML : WS_FORMAT_TEXT, in, in_len, cs, stem);
    if (doc) {
      if (html || cs)
        check_invariants(doc, stem); /* Plain text is kept byte for byte. */
      ws_str t = ws_document_text(doc);
      /* The files end with a newline; a text record may keep its own. */
      exp_len = trim_newline(exp, exp_len);
      size_t got_len = trim_newline(t.ptr, t.len);
      bool ok = got_len == exp_len && !memcmp(t.ptr, exp, exp_len);
      if (!ok) {
        printf("FAIL %s: text differs (- expected, + got)\n", stem);
        print_diff(exp, exp_len, t.ptr, t.len);
      }
      if (meta && !check_meta(doc, meta, stem))
        ok = false;
      failures += !ok;
      printf("%s %s\n", ok ? "ok  " : "FAIL", stem);
      ws_document_free(doc);
    }
  }
  free(in);
  free(exp);
  free(cs);
  free(meta);
  free(in_path);
  free(exp_path);
  free(cs_path);
  free(meta_path);
}

/* Compares names for qsort. */
static int cmp_names(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Runs every case of a folder, in name order. */
static void run_golden(const char *dir) {
  DIR *d = opendir(dir);
  if (!d) {
    printf("FAIL cannot open %s\n", dir);
    failures++;
    return;
  }
  char *names[1024];
  size_t n = 0;
  struct dirent *e;
  while ((e = readdir(d)) && n < 1024) {
    const char *dot = strrchr(e->d_name, '.');
    if (dot && (!strcmp(dot, ".html") || !strcmp(dot, ".text")))
      names[n++] = strdup(e->d_name);
  }
  closedir(d);
  qsort(names, n, sizeof *names, cmp_names);
  if (n == 0) {
    printf("FAIL no cases in %s\n", dir);
    failures++;
  }
  for (size_t i = 0; i < n; i++) {
    golden_case(dir, names[i]);
    free(names[i]);
  }
}

/* ---- Character sets ------------------------------------------------------- */

typedef struct cs_case {
  const char *name;
  ws_format format;
  const char *declared; /* NULL: none. */
  const char *body;
  size_t len;           /* 0: strlen(body). */
  const char *expected; /* The whole text (text records) or a part of it (HTML). */
} cs_case;

#define NUL_PAGE                                                                          \
  "<html><body><p>A paragraph\0 with a NUL byte in it, which must not end the text.</p>"      \
  "</body></html>"

static const cs_case CS_CASES[] = {
    {"utf8 plain", WS_FORMAT_TEXT, NULL, "caf\xC3\xA9 \xE2\x80\x9Cquote\xE2\x80\x9D", 0,
     "caf\xC3\xA9 \xE2\x80\x9Cquote\xE2\x80\x9D"},
    {"utf8 bom stripped", WS_FORMAT_TEXT, NULL, "\xEF\xBB\xBFhello", 0, "hello"},
    {"utf16le bom", WS_FORMAT_TEXT, NULL, "\xFF\xFEh\0\xE9\0", 6, "h\xC3\xA9"},
    {"utf16be bom", WS_FORMAT_TEXT, NULL, "\xFE\xFF\0h\0\xE9", 6, "h\xC3\xA9"},
    {"text without charset kept byte for byte", WS_FORMAT_TEXT, NULL, "caf\xE9 \x93", 0,
     "caf\xE9 \x93"},
    {"latin1 detected (html)", WS_FORMAT_HTML, NULL,
     "<p>Le caf\xE9 \xE9tait ferm\xE9 ce jour-l\xE0, et personne ne savait pourquoi.</p>", 0,
     "Le caf\xC3\xA9 \xC3\xA9tait"},
    {"cp1252 quotes detected (html)", WS_FORMAT_HTML, NULL,
     "<p>\x93" "Everything costs 5\x80 now,\x94 she said, and nobody in the room disagreed.</p>", 0,
     "\xE2\x80\x9C" "Everything costs 5\xE2\x82\xAC now,\xE2\x80\x9D"},
    {"declared latin1", WS_FORMAT_TEXT, "ISO-8859-1", "\xE9t\xE9", 0, "\xC3\xA9t\xC3\xA9"},
    {"declared latin1 but utf8", WS_FORMAT_TEXT, "iso-8859-1", "\xC3\xA9t\xC3\xA9", 0,
     "\xC3\xA9t\xC3\xA9"},
    {"declared utf8 but latin1 bytes", WS_FORMAT_TEXT, "utf-8", "na\xEFve caf\xC3\xA9", 0,
     "na\xC3\xAFve caf\xC3\xA9"},
    {"declared koi8-r", WS_FORMAT_TEXT, "KOI8-R", "\xF0\xD2\xC9\xD7\xC5\xD4", 0,
     "\xD0\x9F\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82"},
    {"declared shift_jis", WS_FORMAT_TEXT, "Shift_JIS", "\x93\xfa\x96\x7b", 0,
     "\xE6\x97\xA5\xE6\x9C\xAC"},
    {"unknown charset name (text kept)", WS_FORMAT_TEXT, "x-no-such-charset", "caf\xE9", 0,
     "caf\xE9"},
    {"unknown charset name (html detected)", WS_FORMAT_HTML, "x-no-such-charset",
     "<p>Le caf\xE9 \xE9tait ferm\xE9 ce jour-l\xE0, et personne ne savait pourquoi.</p>", 0,
     "Le caf\xC3\xA9"},
    {"quoted declared name", WS_FORMAT_TEXT, "\"windows-1252\"", "\x93x\x94", 0,
     "\xE2\x80\x9Cx\xE2\x80\x9D"},
    {"invalid in shift_jis", WS_FORMAT_TEXT, "shift_jis", "a\x82", 0, "a\xEF\xBF\xBD"},
    {"meta charset latin1", WS_FORMAT_HTML, NULL,
     "<html><head><meta charset=\"iso-8859-1\"><title>t</title></head><body><p>Le caf\xE9 "
     "\xE9tait ferm\xE9 ce jour-l\xE0, et personne ne savait pourquoi, dit-il.</p></body></html>",
     0, "Le caf\xC3\xA9 \xC3\xA9tait ferm\xC3\xA9"},
    {"meta http-equiv windows-1251", WS_FORMAT_HTML, NULL,
     "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1251\">"
     "</head><body><p>\xCF\xF0\xE8\xE2\xE5\xF2, \xEC\xE8\xF0! \xCF\xF0\xE8\xE2\xE5\xF2, "
     "\xEC\xE8\xF0! \xCF\xF0\xE8\xE2\xE5\xF2, \xEC\xE8\xF0!</p></body></html>",
     0, "\xD0\x9F\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82"},
    {"declared beats meta", WS_FORMAT_HTML, "windows-1252",
     "<html><head><meta charset=\"koi8-r\"></head><body><p>\x93Quoted text that is long "
     "enough to be a paragraph of its own,\x94 she said.</p></body></html>",
     0, "\xE2\x80\x9CQuoted"},
    {"meta utf-16 read as utf-8", WS_FORMAT_HTML, NULL,
     "<html><head><meta charset=\"utf-16\"></head><body><p>Caf\xC3\xA9 society was the talk of "
     "the town, according to the reporters who were there.</p></body></html>",
     0, "Caf\xC3\xA9 society"},
    {"html nul bytes dropped", WS_FORMAT_HTML, NULL, NUL_PAGE, sizeof NUL_PAGE - 1,
     "A paragraph with a NUL byte"},
};

/* Runs the character-set cases. */
static void run_charset(void) {
  for (size_t i = 0; i < sizeof CS_CASES / sizeof *CS_CASES; i++) {
    const cs_case *c = &CS_CASES[i];
    size_t len = c->len ? c->len : strlen(c->body);
    ws_document *doc = make(c->format, c->body, len, c->declared, c->name);
    if (!doc)
      continue;
    if (c->format == WS_FORMAT_HTML)
      check_invariants(doc, c->name); /* Text may be kept byte for byte. */
    ws_str t = ws_document_text(doc);
    bool ok = c->format == WS_FORMAT_TEXT
                  ? t.len == strlen(c->expected) && !memcmp(t.ptr, c->expected, t.len)
                  : strstr(t.ptr, c->expected) != NULL;
    if (!ok) {
      printf("FAIL charset %s: got \"%.*s\", expected \"%s\"\n", c->name, (int)t.len, t.ptr,
             c->expected);
      failures++;
    } else {
      printf("ok   charset %s\n", c->name);
    }
    ws_document_free(doc);
  }
}

/* ---- Pathological inputs -------------------------------------------------- */

/* A growable string for generated inputs. */
typedef struct gen {
  char *s;
  size_t n, cap;
} gen;

/* Appends len bytes of s, n times. */
static void gen_add(gen *g, const char *s, size_t n_times) {
  size_t l = strlen(s);
  while (g->n + l * n_times + 1 > g->cap) {
    g->cap = g->cap ? g->cap * 2 : 4096;
    g->s = realloc(g->s, g->cap);
    if (!g->s) {
      fprintf(stderr, "out of memory\n");
      exit(1);
    }
  }
  for (size_t i = 0; i < n_times; i++) {
    memcpy(g->s + g->n, s, l);
    g->n += l;
  }
  g->s[g->n] = 0;
}

/* Runs ws_document_new on a generated HTML page with a time limit, and
 * checks that the text contains want (when not NULL). */
static void timed(const char *name, const gen *g, double limit, const char *want) {
  double t0 = now();
  ws_document *doc = make(WS_FORMAT_HTML, g->s, g->n, NULL, name);
  double t = now() - t0;
  if (!doc)
    return;
  check_invariants(doc, name);
  ws_str text = ws_document_text(doc);
  bool ok = t <= limit * time_scale;
  if (!ok)
    printf("FAIL %s: %.2f s of CPU, over the limit of %.2f s\n", name, t, limit * time_scale);
  if (want && !strstr(text.ptr, want)) {
    printf("FAIL %s: text lacks \"%s\"\n", name, want);
    ok = false;
  }
  failures += !ok;
  if (ok)
    printf("ok   %s (%.3f s, %zu bytes in, %zu out)\n", name, t, g->n, text.len);
  ws_document_free(doc);
}

#define PARA "<p>The minister said on Tuesday that the plan, which had been delayed, would go ahead.</p>\n"

/* Generates and runs the pathological cases; slow shrinks the largest. */
static void run_pathological(bool slow) {
  size_t deep = 100000;
  gen g = {0};
  gen_add(&g, "<html><body>", 1);
  gen_add(&g, "<div>", deep);
  gen_add(&g, PARA, 1);
  gen_add(&g, "</div>", deep);
  gen_add(&g, "</body></html>", 1);
  timed("deep nesting closed (10^5 divs)", &g, 10, "the plan");
  g.n = 0;
  gen_add(&g, "<html><body>", 1);
  gen_add(&g, "<div><span><b>", deep);
  gen_add(&g, PARA, 1);
  timed("deep nesting unclosed (3x10^5 elements)", &g, 10, NULL);
  g.n = 0;
  gen_add(&g, "<p>", deep);
  gen_add(&g, "text, ", 10);
  timed("10^5 open paragraphs", &g, 10, NULL);
  g.n = 0;
  gen_add(&g, "<table><tr><td>", deep / 10);
  gen_add(&g, "cell text, with commas, ", 1);
  timed("nested tables (10^4)", &g, 10, NULL);
  g.n = 0;
  gen_add(&g, "<html><head><title>Big</title></head><body><article>", 1);
  size_t paras = slow ? 100000 : 500000; /* About 46 MB, or 9 MB. */
  gen_add(&g, PARA, paras);
  gen_add(&g, "</article></body></html>", 1);
  timed("large page", &g, 30, "the plan");
  g.n = 0;
  gen_add(&g, "<html><body><div", 1);
  gen_add(&g, " class=\"a\"", deep);
  gen_add(&g, ">", 1);
  gen_add(&g, PARA, 3);
  timed("10^5 attributes", &g, 10, NULL);
  g.n = 0;
  gen_add(&g, "<html><body>" PARA "<script>", 1);
  gen_add(&g, "var x = '<p>not text</p>';\n", deep);
  timed("unclosed script", &g, 10, NULL);
  g.n = 0;
  gen_add(&g, "<html><body>" PARA "<!--", 1);
  gen_add(&g, "<p>commented out</p>", deep);
  timed("unclosed comment", &g, 10, NULL);
  g.n = 0;
  gen_add(&g, "<html><body>", 1);
  gen_add(&g, "<a href=x>link</a> ", deep);
  timed("10^5 links", &g, 10, NULL);
  g.n = 0;
  gen_add(&g, "<script type=\"application/ld+json\">", 1);
  gen_add(&g, "[", deep);
  gen_add(&g, "</script>" PARA, 1);
  timed("deep JSON-LD", &g, 10, NULL);
  free(g.s);
}

/* ---- Mangled pages -------------------------------------------------------- */

/* Runs truncated and bit-flipped variants of one page. */
static void mangle_file(const char *path) {
  size_t len;
  char *page = read_all(path, &len);
  if (!page) {
    printf("FAIL cannot read %s\n", path);
    failures++;
    return;
  }
  char *copy = malloc(len + 1);
  uint64_t seed = 88172645463325252ull ^ len;
  for (int v = 0; v < 8 && copy; v++) {
    size_t n = v < 4 ? len * (size_t)(v + 1) / 5 : len;
    memcpy(copy, page, len);
    if (v >= 4)
      for (size_t k = 0; k < 64 && len; k++) {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        copy[seed % len] ^= (char)(1u << (seed >> 32) % 8);
      }
    char name[600];
    snprintf(name, sizeof name, "%s variant %d", path, v);
    gen g = {copy, n, len + 1};
    timed(name, &g, 5, NULL);
  }
  free(copy);
  free(page);
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: test_html golden DIR | charset | pathological [--slow] | "
                    "mangle FILE...\n");
    return 2;
  }
  for (int i = 2; i < argc; i++)
    if (!strcmp(argv[i], "--slow"))
      time_scale = 10;
  if (!strcmp(argv[1], "golden") && argc > 2)
    run_golden(argv[2]);
  else if (!strcmp(argv[1], "charset"))
    run_charset();
  else if (!strcmp(argv[1], "pathological"))
    run_pathological(time_scale > 1);
  else if (!strcmp(argv[1], "mangle"))
    for (int i = 2; i < argc; i++) {
      if (strcmp(argv[i], "--slow") != 0)
        mangle_file(argv[i]);
    }
  else {
    fprintf(stderr, "test_html: unknown mode %s\n", argv[1]);
    return 2;
  }
  printf("%d failure%s\n", failures, failures == 1 ? "" : "s");
  return failures ? 1 : 0;
}
