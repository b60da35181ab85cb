/* harness.h: a tiny test harness for the unit tests. Each test file defines
 * test functions, lists them in main() with RUN(), and returns
 * TEST_RESULT(). A failed CHECK prints file, line and expression. */
#ifndef WS_TEST_HARNESS_H
#define WS_TEST_HARNESS_H

#include <stdio.h>
#include <string.h>

static int ws_test_failures;
static int ws_test_checks;

#define CHECK(cond)                                                          \
  do {                                                                       \
    ws_test_checks++;                                                        \
    if (!(cond)) {                                                           \
      ws_test_failures++;                                                    \
      fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
    }                                                                        \
  } while (0)

#define CHECK_EQ_INT(a, b)                                                   \
  do {                                                                       \
    long long ws_a_ = (long long)(a), ws_b_ = (long long)(b);                \
    ws_test_checks++;                                                        \
    if (ws_a_ != ws_b_) {                                                    \
      ws_test_failures++;                                                    \
      fprintf(stderr, "%s:%d: %s == %lld, expected %lld\n", __FILE__,        \
              __LINE__, #a, ws_a_, ws_b_);                                   \
    }                                                                        \
  } while (0)

/* Compares a (pointer, length) string with a C string literal. */
#define CHECK_STR(ptr, len, lit)                                             \
  do {                                                                       \
    ws_test_checks++;                                                        \
    if ((len) != strlen(lit) || memcmp((ptr), (lit), (len)) != 0) {          \
      ws_test_failures++;                                                    \
      fprintf(stderr, "%s:%d: got \"%.*s\", expected \"%s\"\n", __FILE__,    \
              __LINE__, (int)(len), (ptr) ? (const char *)(ptr) : "", lit);  \
    }                                                                        \
  } while (0)

#define RUN(fn)                                                              \
  do {                                                                       \
    int ws_before_ = ws_test_failures;                                       \
    fn();                                                                    \
    fprintf(stderr, "%s %s\n", ws_test_failures == ws_before_ ? "ok  " : "FAIL", #fn); \
  } while (0)

#define TEST_RESULT()                                                        \
  (fprintf(stderr, "%d checks, %d failures\n", ws_test_checks, ws_test_failures), \
   ws_test_failures ? 1 : 0)

#endif
