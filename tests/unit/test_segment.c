/* test_segment.c: unit tests of the tokenizer, quote pairing and sentence
 * splitting (src/segment.c, src/quote.c). */
#include <stdlib.h>

#include "harness.h"
#include "internal.h"

/* Segments a C string into doc; the caller frees the arena. */
static void seg(ws__doc *doc, ws__arena *a, const char *s) {
  ws__arena_init(a);
  ws_status st = ws__segment(doc, a, s, strlen(s));
  CHECK(st == WS_OK);
}

/* Returns the content of quote i as a C string in a static buffer. */
static const char *qtext(const ws__doc *doc, size_t i) {
  static char buf[512];
  size_t n = doc->quotes[i].end - doc->quotes[i].start;
  if (n > sizeof buf - 1)
    n = sizeof buf - 1;
  memcpy(buf, doc->text + doc->quotes[i].start, n);
  buf[n] = 0;
  return buf;
}

static void test_curly_and_nested(void) {
  ws__doc d;
  ws__arena a;
  seg(&d, &a, "“In the news you hear, ‘Oh, it’s about crimes.’ But then,” she said.");
  CHECK_EQ_INT(d.nquotes, 2);
  CHECK(strcmp(qtext(&d, 0), "In the news you hear, ‘Oh, it’s about crimes.’ But then,") == 0);
  CHECK(strcmp(qtext(&d, 1), "Oh, it’s about crimes.") == 0);
  CHECK_EQ_INT(d.quotes[1].depth, 1);
  CHECK_EQ_INT(d.nsent, 1);
  ws__doc_free(&d);
  ws__arena_free(&a);
}

static void test_apostrophes(void) {
  ws__doc d;
  ws__arena a;
  seg(&d, &a, "It's the '90s and rock 'n' roll at Jones' place, isn’t it? The ’80s too.");
  CHECK_EQ_INT(d.nquotes, 0);
  CHECK_EQ_INT(d.warnings.len, 0);
  ws__doc_free(&d);
  ws__arena_free(&a);
}

static void test_straight_and_stray(void) {
  ws__doc d;
  ws__arena a;
  seg(&d, &a, "A stray \" mark. Later \"we will win,\" he said, and 'single quotes' too.");
  CHECK_EQ_INT(d.nquotes, 2);
  CHECK(strcmp(qtext(&d, 0), "we will win,") == 0);
  CHECK(strcmp(qtext(&d, 1), "single quotes") == 0);
  ws__doc_free(&d);
  ws__arena_free(&a);
}

static void test_double_apostrophe(void) {
  ws__doc d;
  ws__arena a;
  seg(&d, &a, "''We are ready,'' she said, and it's ''done.''");
  CHECK_EQ_INT(d.nquotes, 2);
  CHECK(strcmp(qtext(&d, 0), "We are ready,") == 0);
  CHECK(strcmp(qtext(&d, 1), "done.") == 0);
  ws__doc_free(&d);
  ws__arena_free(&a);
}

static void test_multi_paragraph(void) {
  ws__doc d;
  ws__arena a;
  seg(&d, &a, "He said: “First part.\n“Second part,” he added.\nNext “unclosed here.\nDone.");
  CHECK_EQ_INT(d.npara, 4);
  CHECK_EQ_INT(d.nquotes, 2);
  CHECK_EQ_INT(d.quotes[0].next_part, 1);
  CHECK_EQ_INT(d.quotes[1].prev_part, 0);
  CHECK(strcmp(qtext(&d, 0), "First part.") == 0);
  CHECK_EQ_INT(d.warnings.len, 1);
  ws__doc_free(&d);
  ws__arena_free(&a);
}

static void test_sentences(void) {
  ws__doc d;
  ws__arena a;
  seg(&d, &a, "Sen. Smith met Mr. J. Doe in the U.S. on Jan. 5. He left. “Go. Now,” she said.");
  CHECK_EQ_INT(d.nsent, 3);
  ws__doc_free(&d);
  ws__arena_free(&a);
}

/* A web address is one word and ends no sentence; a period before a space
 * still does. */
static void test_domains(void) {
  ws__doc d;
  ws__arena a;
  const char *s = "He told Polygraph.info that it failed. Amazon.com said. The end. See bbc.co.uk now.";
  seg(&d, &a, s);
  CHECK_EQ_INT(d.tok[2].end - d.tok[2].start, 14); /* Polygraph.info */
  CHECK(memcmp(s + d.tok[7].start, "Amazon.com", 10) == 0 && d.tok[7].end - d.tok[7].start == 10);
  CHECK(memcmp(s + d.tok[14].start, "bbc.co.uk", 9) == 0 && d.tok[14].end - d.tok[14].start == 9);
  CHECK_EQ_INT(d.nsent, 4);
  ws__doc_free(&d);
  ws__arena_free(&a);
}

static void test_bad_bytes(void) {
  ws__doc d;
  ws__arena a;
  const char s[] = "ok \xff\xfe bad \0 nul";
  ws__arena_init(&a);
  CHECK(ws__segment(&d, &a, s, sizeof s - 1) == WS_OK);
  CHECK_EQ_INT(d.warnings.len, 3);
  CHECK_EQ_INT(WS__VEC_AT(&d.warnings, ws_warning, 0).pos, 3);
  CHECK_EQ_INT(d.ntok, 3);
  ws__doc_free(&d);
  ws__arena_free(&a);
}

int main(void) {
  RUN(test_curly_and_nested);
  RUN(test_domains);
  RUN(test_apostrophes);
  RUN(test_straight_and_stray);
  RUN(test_double_apostrophe);
  RUN(test_multi_paragraph);
  RUN(test_sentences);
  RUN(test_bad_bytes);
  return TEST_RESULT();
}
