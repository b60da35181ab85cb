/* test_figures.c: unit tests for the figure finder (src/figures.c): what
 * counts as a figure, its span and value, what is skipped, and robustness on
 * arbitrary bytes and large inputs. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "harness.h"
#include "internal.h"

typedef struct want {
  const char *text;
  double value;
} want;

/* True when a and b agree to 1e-9 relative. */
static bool same_value(double a, double b) {
  return fabs(a - b) <= 1e-9 * fmax(1.0, fabs(b));
}

/* Runs the finder over s[start, end) and checks that it yields exactly the
 * n figures in w, in order, with consistent spans. */
static void expect_range(int line, const char *s, size_t start, size_t end, const want *w,
                         size_t n) {
  ws__vec v;
  ws__vec_init(&v, sizeof(ws_figure));
  ws_status st = ws__find_figures(s, start, end, &v);
  bool ok = st == WS_OK && v.len == n;
  for (size_t i = 0; ok && i < n; i++) {
    const ws_figure *g = &WS__VEC_AT(&v, ws_figure, i);
    ok = g->span.text.len == strlen(w[i].text) &&
         memcmp(g->span.text.ptr, w[i].text, g->span.text.len) == 0 &&
         g->span.text.ptr == s + g->span.start &&
         g->span.end == g->span.start + g->span.text.len && g->span.start >= start &&
         g->span.end <= end && same_value(g->value, w[i].value);
  }
  ws_test_checks++;
  if (!ok) {
    ws_test_failures++;
    fprintf(stderr, "%s:%d: in \"%s\": status %d, got %zu figure(s):", __FILE__, line, s,
            (int)st, v.len);
    for (size_t i = 0; i < v.len; i++) {
      const ws_figure *g = &WS__VEC_AT(&v, ws_figure, i);
      fprintf(stderr, " [\"%.*s\" %g]", (int)g->span.text.len, g->span.text.ptr,
              g->value);
    }
    fprintf(stderr, "; expected %zu:", n);
    for (size_t i = 0; i < n; i++)
      fprintf(stderr, " [\"%s\" %g]", w[i].text, w[i].value);
    fprintf(stderr, "\n");
  }
  ws__vec_free(&v);
}

static void expect_figs(int line, const char *s, const want *w, size_t n) {
  expect_range(line, s, 0, strlen(s), w, n);
}

#define EXPECT(s, ...)                                                                   \
  do {                                                                                   \
    const want w_[] = {__VA_ARGS__};                                                     \
    expect_figs(__LINE__, s, w_, sizeof w_ / sizeof w_[0]);                              \
  } while (0)
#define EXPECT_NONE(s) expect_figs(__LINE__, s, NULL, 0)

static void test_seed_cases(void) {
  EXPECT("ICE has deported nearly 200,000 people since President Donald Trump "
         "returned to the White House",
         {"nearly 200,000", 200000});
  EXPECT("@KimKardashian, which one of these convicted child molesters, murderers, "
         "drug traffickers and rapists would you like to stay in the county? These "
         "are just a few of the convicted illegal criminals who have been picked up "
         "in the last 72 hours.",
         {"72", 72});
  EXPECT_NONE("People I know. People my friends know.");
  EXPECT_NONE("Her comments come as a 20-year-old Honduran female student who has "
              "lived in the United States since childhood");
  EXPECT("after spending six months in ICE custody.", {"six", 6});
  EXPECT_NONE("she wrote on Instagram on June 11.");
  EXPECT_NONE("In 2018, she successfully advocated for Alice Marie Johnson");
  EXPECT_NONE("to remove millions of migrants without legal status");
}

static void test_digits(void) {
  EXPECT("we counted 200,000 votes", {"200,000", 200000});
  EXPECT("it grew 3.5 times", {"3.5", 3.5});
  EXPECT("a total of 1,234.5 tons", {"1,234.5", 1234.5});
  EXPECT("1,000,000 visits", {"1,000,000", 1e6});
  EXPECT("in the last 72 hours", {"72", 72});
  EXPECT("0.5 points", {"0.5", 0.5});
  EXPECT_NONE("text HOME to 741741 or write to 90210");
  EXPECT("about 10000 people", {"about 10000", 10000});
  EXPECT("$12500 each", {"$12500", 12500});
  EXPECT("10\xE2\x80\xAF"
         "000 people",
         {"10\xE2\x80\xAF"
          "000",
          10000});
  EXPECT("10\xC2\xA0"
         "000 people",
         {"10\xC2\xA0"
          "000",
          10000});
  EXPECT_NONE("1234,567 and 12,34"); /* malformed groups: skipped */
  EXPECT("(72)", {"72", 72});
  EXPECT("\"72\"", {"72", 72});
  EXPECT("\xE2\x80\x9C"
         "72 hours\xE2\x80\x9D",
         {"72", 72});
  EXPECT("up 100+ places", {"100", 100});
  EXPECT("3 and 4", {"3", 3}, {"4", 4});
}

static void test_money_and_scale(void) {
  EXPECT("spent $4.5 billion on it", {"$4.5 billion", 4.5e9});
  EXPECT("$4.2 billion, or 12.5%,", {"$4.2 billion", 4.2e9}, {"12.5%", 12.5});
  EXPECT("3.5 million people", {"3.5 million", 3.5e6});
  EXPECT("200 thousand", {"200 thousand", 200000});
  EXPECT("1.2 trillion", {"1.2 trillion", 1.2e12});
  EXPECT("5 hundred thousand", {"5 hundred thousand", 500000});
  EXPECT("\xC2\xA3"
         "3.5bn deal",
         {"\xC2\xA3"
          "3.5bn",
          3.5e9});
  EXPECT("a $5m grant", {"$5m", 5e6});
  EXPECT("a $50k salary", {"$50k", 50000});
  EXPECT("\xE2\x82\xAC"
         "20 million",
         {"\xE2\x82\xAC"
          "20 million",
          2e7});
  EXPECT("US$30 million", {"US$30 million", 3e7});
  EXPECT("3 dozen eggs", {"3 dozen", 36});
  EXPECT("$1,999 each", {"$1,999", 1999});
  EXPECT("$2000 each", {"$2000", 2000});
  EXPECT_NONE("ran 5m in time"); /* metres, not millions */
  EXPECT_NONE("5k run");
}

static void test_percent(void) {
  EXPECT("40 percent of voters", {"40 percent", 40});
  EXPECT("40% of voters", {"40%", 40});
  EXPECT("40 % of voters", {"40 %", 40});
  EXPECT("40 per cent of voters", {"40 per cent", 40});
  EXPECT("rose 3 percentage points", {"3", 3});
  EXPECT("nearly 40 percent", {"nearly 40 percent", 40});
}

static void test_negative(void) {
  EXPECT("fell to -3 degrees", {"-3", -3});
  EXPECT("growth of \xE2\x88\x92"
         "2.5%",
         {"\xE2\x88\x92"
          "2.5%",
          -2.5});
  EXPECT("(-3)", {"-3", -3});
  EXPECT("scores of 10-20 points", {"10", 10}, {"20", 20});
  EXPECT("from 10\xE2\x80\x93"
         "20 points",
         {"10", 10}, {"20", 20});
  EXPECT("they won 3 - 1", {"3", 3}, {"1", 1});
}

static void test_fractions_and_ratios(void) {
  EXPECT("1/3 of them", {"1/3", 1.0 / 3});
  EXPECT("about 2/3 of them", {"about 2/3", 2.0 / 3});
  EXPECT_NONE("since 9/11 and 24/7 and 6/11/2020 and 50/50");
  EXPECT("one in five Americans", {"one in five", 0.2});
  EXPECT("1 in 3 adults", {"1 in 3", 1.0 / 3});
  EXPECT("about one in 10 adults", {"about one in 10", 0.1});
}

static void test_modifiers(void) {
  EXPECT("more than 300 people", {"more than 300", 300});
  EXPECT("less than 5 percent", {"less than 5 percent", 5});
  EXPECT("fewer than 20 arrests", {"fewer than 20", 20});
  EXPECT("about 200 people", {"about 200", 200});
  EXPECT("About 200 people", {"About 200", 200});
  EXPECT("around 50 homes", {"around 50", 50});
  EXPECT("almost 1,000 homes", {"almost 1,000", 1000});
  EXPECT("over 100 years", {"over 100", 100});
  EXPECT("above 7 percent", {"above 7 percent", 7});
  EXPECT("below 2,000 feet", {"below 2,000", 2000});
  EXPECT("at least 12 dead", {"at least 12", 12});
  EXPECT("roughly $3 million", {"roughly $3 million", 3e6});
  EXPECT("some 40 students", {"some 40", 40});
  EXPECT("up to 30 days", {"up to 30", 30});
  EXPECT("as many as 500 jobs", {"as many as 500", 500});
  EXPECT("an estimated 2,500 people", {"an estimated 2,500", 2500});
  EXPECT("more than a dozen people", {"more than a dozen", 12});
  EXPECT_NONE("some people left"); /* "some" only modifies a number */
  EXPECT("nearly\n200 people", {"nearly\n200", 200});
  EXPECT("nearly\n\n200 people", {"200", 200}); /* no modifier across paragraphs */
}

static void test_number_words(void) {
  EXPECT("two dozen nurses", {"two dozen", 24});
  EXPECT("a dozen nurses", {"a dozen", 12});
  EXPECT("half a million people", {"half a million", 500000});
  EXPECT("two million people", {"two million", 2e6});
  EXPECT("twenty-five people", {"twenty-five", 25});
  EXPECT("twenty five people", {"twenty five", 25});
  EXPECT("two hundred and ten thousand voters", {"two hundred and ten thousand", 210000});
  EXPECT("two million three hundred thousand",
         {"two million three hundred thousand", 2300000});
  EXPECT("a million reasons", {"a million", 1e6});
  EXPECT("Two people died", {"Two", 2});
  EXPECT("three suspects fled", {"three", 3});
  EXPECT("at three other ports", {"three", 3});
  EXPECT("two others were hurt", {"two", 2});
  EXPECT("five percent", {"five percent", 5});
  EXPECT("one percent", {"one percent", 1});
  EXPECT("nearly two dozen", {"nearly two dozen", 24});
  EXPECT("one hundred days", {"one hundred", 100});
  EXPECT("two million three people", {"two million", 2e6}, {"three", 3});
}

/* Every number word and every modifier is found, in any case. The finder
 * filters words by tables of first letters and lengths that are kept in
 * step with its lists by hand (src/figures.c): a word left out of a table
 * would silently never be found, and this test fails. */
static void test_every_word_of_the_lists(void) {
  static const struct {
    const char *w;
    double v;
  } words[] = {{"one", 1},        {"two", 2},         {"three", 3},       {"four", 4},
               {"five", 5},       {"six", 6},         {"seven", 7},       {"eight", 8},
               {"nine", 9},       {"ten", 10},        {"eleven", 11},     {"twelve", 12},
               {"thirteen", 13},  {"fourteen", 14},   {"fifteen", 15},    {"sixteen", 16},
               {"seventeen", 17}, {"eighteen", 18},   {"nineteen", 19},   {"twenty", 20},
               {"thirty", 30},    {"forty", 40},      {"fifty", 50},      {"sixty", 60},
               {"seventy", 70},   {"eighty", 80},     {"ninety", 90}};
  static const char *const big[] = {"hundred", "thousand", "million", "billion", "trillion"};
  static const double scale[] = {1e2, 1e3, 1e6, 1e9, 1e12};
  static const char *const modifiers[] = {
      "nearly",        "almost",        "about",        "around",      "approximately",
      "roughly",       "some",          "over",         "under",       "above",
      "below",         "estimated",     "an estimated", "more than",   "less than",
      "fewer than",    "at least",      "at most",      "up to",       "close to",
      "upwards of",    "just over",     "just under",   "well over",   "well under",
      "as many as",    "as much as",    "as few as",    "as little as", "no more than",
      "no fewer than", "no less than"};
  char s[96], t[96];
  want one = {"one million", 1e6}; /* A bare "one" is rarely a quantity. */
  expect_figs(__LINE__, "one million nurses were hired", &one, 1);
  for (size_t i = 1; i < sizeof words / sizeof words[0]; i++) {
    snprintf(s, sizeof s, "%s nurses were hired", words[i].w);
    want w = {words[i].w, words[i].v};
    expect_figs(__LINE__, s, &w, 1);
    snprintf(s, sizeof s, "%c%s nurses were hired", words[i].w[0] - 32, words[i].w + 1);
    snprintf(t, sizeof t, "%c%s", words[i].w[0] - 32, words[i].w + 1);
    want u = {t, words[i].v};
    expect_figs(__LINE__, s, &u, 1);
  }
  for (size_t i = 0; i < sizeof big / sizeof big[0]; i++) {
    snprintf(s, sizeof s, "two %s nurses", big[i]);
    snprintf(t, sizeof t, "two %s", big[i]);
    want w = {t, 2 * scale[i]};
    expect_figs(__LINE__, s, &w, 1);
  }
  for (size_t i = 0; i < sizeof modifiers / sizeof modifiers[0]; i++) {
    snprintf(s, sizeof s, "they hired %s 300 nurses", modifiers[i]);
    snprintf(t, sizeof t, "%s 300", modifiers[i]);
    want w = {t, 300};
    expect_figs(__LINE__, s, &w, 1);
  }
}

static void test_number_words_skipped(void) {
  EXPECT_NONE("which one of these convicted child molesters");
  EXPECT_NONE("one of them");
  EXPECT_NONE("no one knows");
  EXPECT_NONE("one day she left");
  EXPECT_NONE("the two of them");
  EXPECT_NONE("the two leaders met");
  EXPECT_NONE("two of them");
  EXPECT_NONE("a few people");
  EXPECT_NONE("dozens of people");
  EXPECT_NONE("hundreds of people and thousands more");
  EXPECT_NONE("a two-year deal");
  EXPECT_NONE("a twenty-five-year-old man");
  EXPECT_NONE("two-thirds of voters");
  EXPECT_NONE("Maroon Five played");
  EXPECT_NONE("at five o'clock");
  EXPECT_NONE("aged five");
  EXPECT_NONE("five years old");
  EXPECT_NONE("we lost two.");
  EXPECT_NONE("a someone");
}

static void test_years(void) {
  EXPECT_NONE("in 2018 and since 1990 and by 2030");
  EXPECT_NONE("June 2020");
  EXPECT_NONE("2018, a bad year");
  EXPECT_NONE("2024 was a bad year");
  EXPECT_NONE("the 1990s and the '90s and the \xE2\x80\x99"
              "90s and 1990's");
  EXPECT_NONE("from 2019-2020 and 1990-91");
  EXPECT("more than 2000 people", {"more than 2000", 2000});
  EXPECT("2,018 people", {"2,018", 2018});
  EXPECT("$2018", {"$2018", 2018});
  EXPECT("In 2024, 1,000 visits.", {"1,000", 1000});
  EXPECT("the year 1850", {"1850", 1850}); /* outside 1900-2099: a figure */
}

static void test_times_and_dates(void) {
  EXPECT_NONE("at 10:30 today");
  EXPECT_NONE("at 3 p.m. today");
  EXPECT_NONE("at 3 pm and 4 AM");
  EXPECT_NONE("at 3pm");
  EXPECT_NONE("on June 11 and Jan. 5 and 11 June");
  EXPECT_NONE("on June 11-12");
  EXPECT_NONE("Monday, June 11, 2020");
  EXPECT_NONE("10.30 pm");
}

static void test_not_quantities(void) {
  EXPECT_NONE("a 20-year-old student");
  EXPECT_NONE("a 72-hour window");
  EXPECT_NONE("the 1st, 2nd, 3rd and 4th place");
  EXPECT_NONE("the third time");
  EXPECT_NONE("call 555-1234 or 555-123-4567 or 1-800-555-0199");
  EXPECT_NONE("call (555) 123-4567");
  EXPECT_NONE("call +1 555 123 4567");
  EXPECT_NONE("version 1.2.3 and v2.0 and 3:1");
  EXPECT_NONE("@user42 and #1 and COVID-19 and F-35 and G7 and 5G");
  EXPECT_NONE("No. 1 and no.5 and Section 230 and Chapter 11 and page 5");
  EXPECT_NONE("Smith, 45, said");
  EXPECT_NONE("aged 45 and 45 years old");
  EXPECT_NONE("10 Downing Street");
  EXPECT_NONE("agent 007");
  EXPECT_NONE("call 5551234567");
  EXPECT_NONE("1e999 and 12345678901234567890");
  EXPECT_NONE("1,2,3 and 3,5");
  EXPECT_NONE("example.com/page/2");
  EXPECT_NONE("5\xC2\xB0"
              "C and 3\xC2\xBD hours");
  EXPECT_NONE("Boeing 737 Max planes");
  EXPECT("gave Ukraine 50 tanks", {"50", 50});
}

static void test_range_edges(void) {
  const char *s = "xx72 hours and 40 yy";
  /* The range begins in the middle of "xx72": start is a hard edge. */
  const want a[] = {{"72", 72}, {"40", 40}};
  expect_range(__LINE__, s, 2, strlen(s), a, 2);
  /* Only "4" of "40" is in range. */
  const want b[] = {{"4", 4}};
  expect_range(__LINE__, s, 15, 16, b, 1);
  expect_range(__LINE__, s, 5, 5, NULL, 0);
  expect_range(__LINE__, s, 9, 2, NULL, 0);
  expect_range(__LINE__, "", 0, 0, NULL, 0);
  /* Bytes outside [start, end) are never read: a buffer of exactly the
   * range (no NUL) must be fine under ASan. */
  char *buf = malloc(9);
  CHECK(buf != NULL);
  if (buf) {
    memcpy(buf, "about 7 ", 8);
    buf[8] = '0';
    const want c[] = {{"about 7", 7}};
    expect_range(__LINE__, buf, 0, 8, c, 1);
    free(buf);
  }
  ws__vec v;
  ws__vec_init(&v, sizeof(ws_figure));
  CHECK(ws__find_figures("7", 0, 1, NULL) == WS_ERR_INVALID_ARG);
  CHECK(ws__find_figures(NULL, 0, 10, &v) == WS_OK && v.len == 0);
  ws__vec_free(&v);
}

static void test_bytes(void) {
  /* Invalid UTF-8 and NUL bytes: no figure glued to them, others found. */
  const char s[] = "\xFF"
                   "72 \x00 40 people \xC3\x28 9\xFF";
  const want w[] = {{"40", 40}};
  expect_range(__LINE__, s, 0, sizeof s - 1, w, 1);
  /* Non-breaking space separates. */
  EXPECT("nearly\xC2\xA0"
         "200 people",
         {"nearly\xC2\xA0"
          "200",
          200});
}

/* Runs the finder over n bytes and returns the seconds taken; counts the
 * figures in *nfig. */
static double time_run(const char *buf, size_t n, size_t *nfig) {
  ws__vec v;
  ws__vec_init(&v, sizeof(ws_figure));
  clock_t t0 = clock();
  ws_status st = ws__find_figures(buf, 0, n, &v);
  clock_t t1 = clock();
  CHECK(st == WS_OK);
  *nfig = v.len;
  for (size_t i = 0; i < v.len; i++) {
    const ws_figure *g = &WS__VEC_AT(&v, ws_figure, i);
    CHECK(g->span.end <= n && g->span.start < g->span.end);
  }
  ws__vec_free(&v);
  return (double)(t1 - t0) / CLOCKS_PER_SEC;
}

static void test_random_bytes(void) {
  size_t n = 10u << 20;
  char *buf = malloc(n);
  CHECK(buf != NULL);
  if (!buf)
    return;
  uint32_t x = 12345;
  for (size_t i = 0; i < n; i++) {
    x = x * 1103515245u + 12345u;
    buf[i] = (char)(x >> 16);
  }
  size_t nf1, nf2;
  double t1 = time_run(buf, n / 10, &nf1);
  double t2 = time_run(buf, n, &nf2);
  CHECK(nf2 >= nf1);
  /* Linear: ten times the input may not take much more than ten times as
   * long (generous bound against noise; quadratic would be ~100x). */
  CHECK(t2 < 40 * t1 + 0.5);
  /* Text-like random input: digits, words, separators. */
  static const char *const parts[] = {
      "200,000", " ", "nearly", "-",  "$",    "3.5", "million", "one", "the", "%",
      ",",       ".", "\n",     "in", "2018", "two", "dozen",   "/",   ":",   "a"};
  size_t used = 0;
  while (used + 16 < n) {
    x = x * 1103515245u + 12345u;
    const char *p = parts[(x >> 16) % (sizeof parts / sizeof parts[0])];
    size_t len = strlen(p);
    memcpy(buf + used, p, len);
    used += len;
  }
  t1 = time_run(buf, used / 10, &nf1);
  t2 = time_run(buf, used, &nf2);
  CHECK(nf2 > 0);
  CHECK(t2 < 40 * t1 + 0.5);
  /* Pathological runs: one 10 MB number, one 10 MB word, 10 MB of spaces. */
  memset(buf, '9', n);
  CHECK(time_run(buf, n, &nf1) < 5 && nf1 == 0);
  memset(buf, 'a', n);
  CHECK(time_run(buf, n, &nf1) < 5 && nf1 == 0);
  memset(buf, ' ', n);
  CHECK(time_run(buf, n, &nf1) < 5 && nf1 == 0);
  for (size_t i = 0; i + 1 < n; i += 2)
    buf[i] = '1', buf[i + 1] = ',';
  CHECK(time_run(buf, n, &nf1) < 5 && nf1 == 0);
  free(buf);
}

int main(void) {
  RUN(test_seed_cases);
  RUN(test_digits);
  RUN(test_money_and_scale);
  RUN(test_percent);
  RUN(test_negative);
  RUN(test_fractions_and_ratios);
  RUN(test_modifiers);
  RUN(test_number_words);
  RUN(test_every_word_of_the_lists);
  RUN(test_number_words_skipped);
  RUN(test_years);
  RUN(test_times_and_dates);
  RUN(test_not_quantities);
  RUN(test_range_edges);
  RUN(test_bytes);
  RUN(test_random_bytes);
  return TEST_RESULT();
}
