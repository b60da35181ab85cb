/* fuzz_db_text.c: a libFuzzer target for the statement database's text
 * helpers (cli/db_util.c): name normalisation, dates as written to ISO
 * 8601, outlets from URLs, gender and organisation clues. The input is one
 * string (cut at its first NUL byte). The helpers must not crash or
 * overrun, and their outputs must keep their promises: a normalised name
 * fits its buffer, has no double, leading or trailing space and no ASCII
 * capitals; a date is "", "YYYY", "YYYY-MM" or "YYYY-MM-DD"; an outlet has
 * no '/' or ':'. db_util.c is compiled into the target (it uses no SQLite
 * function, only the header's types). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../cli/db_util.c"

#define CHECK(cond)                                                                      \
  do {                                                                                   \
    if (!(cond)) {                                                                       \
      fprintf(stderr, "fuzz_db_text.c:%d: invariant failed: %s\n", __LINE__, #cond);     \
      abort();                                                                           \
    }                                                                                    \
  } while (0)

/* Checks the promises of a normalised name of length n. */
static void check_norm(const char *s, size_t n, size_t cap) {
  CHECK(n < cap && strlen(s) == n);
  CHECK(n == 0 || (s[0] != ' ' && s[n - 1] != ' '));
  for (size_t i = 0; i < n; i++) {
    CHECK(!(s[i] >= 'A' && s[i] <= 'Z'));
    CHECK(!(s[i] == ' ' && i + 1 < n && s[i + 1] == ' '));
  }
}

/* Checks an ISO date as written by ws__db_iso_date. */
static void check_date(const char *d, int ok) {
  size_t n = strlen(d);
  CHECK(ok ? (n == 4 || n == 7 || n == 10) : n == 0);
  for (size_t i = 0; i < n; i++)
    CHECK((i == 4 || i == 7) ? d[i] == '-' : (d[i] >= '0' && d[i] <= '9'));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char *s = malloc(size + 1);
  if (!s)
    return 0;
  memcpy(s, data, size);
  s[size] = '\0';
  char out[64];
  for (int strip = 0; strip < 2; strip++) {
    size_t n = ws__db_norm(s, strip, out, sizeof out);
    check_norm(out, n, sizeof out);
  }
  char date[16];
  check_date(date, ws__db_iso_date(s, date, sizeof date));
  char host[32];
  ws__db_outlet(s, host, sizeof host);
  CHECK(strlen(host) < sizeof host && !strchr(host, '/') && !strchr(host, ':'));
  const char *g = ws__db_gender_hint(s);
  CHECK(!g || strcmp(g, "female") == 0 || strcmp(g, "male") == 0);
  (void)ws__db_is_org_name(s);
  (void)ws__db_is_acronym(s);
  free(s);
  return 0;
}
