/* db_util.c: small text helpers of the statement database: normalised
 * names for comparing aliases, ISO dates from dates as written, outlets
 * from URLs, and the person/organisation and gender clues a mention gives. */
#define _POSIX_C_SOURCE 200809L

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "db_internal.h"

/* Honorifics and ranks dropped before a name when comparing (lower case,
 * without the period). */
static const char *const HONORIFICS[] = {
    "mr", "mrs", "ms", "miss", "dr", "prof", "sen", "rep", "gov", "sgt", "rev",
    "lt", "gen", "col", "capt", "cpl", "maj", "adm", "hon", "sir", "dame", "mx",
    "senator", "representative", "governor", "president", "judge", "justice",
    "mayor", "lord", "lady", "st", NULL};

/* Suffixes dropped after a name. */
static const char *const SUFFIXES[] = {"jr", "sr", "ii", "iii", "iv", NULL};

/* True when the n bytes at w are one of the words of list. */
static int in_list(const char *const *list, const char *w, size_t n) {
  for (size_t i = 0; list[i]; i++)
    if (strlen(list[i]) == n && memcmp(list[i], w, n) == 0)
      return 1;
  return 0;
}

/* Lowers ASCII letters and turns other ASCII (but digits) into single
 * spaces; returns the length written to out. */
static size_t fold(const char *name, char *out, size_t cap) {
  size_t n = 0;
  int space = 1;
  for (const unsigned char *p = (const unsigned char *)name; *p && n + 1 < cap; p++) {
    unsigned c = *p;
    if (c == '\'' || c == '.' || c == '-') /* O'Brien -> obrien, U.S. -> us, */
      continue;                             /* Lopez-Cantera -> lopezcantera */
    if (c >= 0x80 || isalnum(c)) {
      out[n++] = (char)tolower(c);
      space = 0;
    } else if (!space) {
      out[n++] = ' ';
      space = 1;
    }
  }
  while (n > 0 && out[n - 1] == ' ')
    n--;
  out[n] = '\0';
  return n;
}

/* Normalises a name; see db_internal.h. */
size_t ws__db_norm(const char *name, int strip, char *out, size_t cap) {
  if (!cap)
    return 0;
  size_t n = fold(name ? name : "", out, cap);
  if (!strip)
    return n;
  for (;;) { /* Leading honorifics, while another word follows. */
    char *sp = strchr(out, ' ');
    if (!sp || !in_list(HONORIFICS, out, (size_t)(sp - out)))
      break;
    memmove(out, sp + 1, n - (size_t)(sp - out));
    n -= (size_t)(sp - out) + 1;
  }
  for (;;) { /* Trailing suffixes. */
    char *sp = strrchr(out, ' ');
    if (!sp || !in_list(SUFFIXES, sp + 1, n - (size_t)(sp + 1 - out)))
      break;
    *sp = '\0';
    n = (size_t)(sp - out);
  }
  return n;
}

static const char *const MONTHS[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                     "jul", "aug", "sep", "oct", "nov", "dec"};

/* Month number (1-12) of a word starting with a month's name, else 0. */
static int month_of(const char *w, size_t n) {
  if (n < 3)
    return 0;
  for (int i = 0; i < 12; i++)
    if (strncasecmp(w, MONTHS[i], 3) == 0)
      return i + 1;
  return 0;
}

/* ISO 8601 prefix: YYYY, YYYY-MM or YYYY-MM-DD at the start. */
static int iso_prefix(const char *d, char *out, size_t cap) {
  size_t k = 0;
  while (isdigit((unsigned char)d[k]))
    k++;
  if (k != 4)
    return 0;
  size_t len = 4;
  if (d[4] == '-' && isdigit((unsigned char)d[5]) && isdigit((unsigned char)d[6])) {
    len = 7;
    if (d[7] == '-' && isdigit((unsigned char)d[8]) && isdigit((unsigned char)d[9]))
      len = 10;
  } else if (d[4] != '\0' && d[4] != 'T' && d[4] != ' ') {
    return 0;
  }
  if (len + 1 > cap)
    return 0;
  memcpy(out, d, len);
  out[len] = '\0';
  return 1;
}

/* Normalises a date as written; see db_internal.h. Reads ISO prefixes and
 * dates with a month name, a day and a four-digit year in either order. */
int ws__db_iso_date(const char *date, char *out, size_t cap) {
  out[0] = '\0';
  if (!date || cap < 11)
    return 0;
  while (isspace((unsigned char)*date))
    date++;
  if (iso_prefix(date, out, cap))
    return 1;
  int month = 0, day = 0, year = 0;
  const char *p = date;
  while (*p) {
    while (*p && !isalnum((unsigned char)*p))
      p++;
    const char *w = p;
    while (isalnum((unsigned char)*p))
      p++;
    size_t n = (size_t)(p - w);
    if (!n)
      break;
    if (isdigit((unsigned char)*w)) {
      long v = strtol(w, NULL, 10);
      if (n == 4 && v >= 1000)
        year = (int)v;
      else if (n <= 2 && v >= 1 && v <= 31 && !day)
        day = (int)v;
      else if (n <= 4 && isalpha((unsigned char)w[n - 1]) && v >= 1 && v <= 31 && !day)
        day = (int)v; /* 11th */
    } else if (!month) {
      month = month_of(w, n);
    }
  }
  if (!year || !month)
    return 0;
  if (day)
    snprintf(out, cap, "%04d-%02d-%02d", year, month, day);
  else
    snprintf(out, cap, "%04d-%02d", year, month);
  return 1;
}

/* Host of a URL without "www.", lower case; "" when none. */
void ws__db_outlet(const char *url, char *out, size_t cap) {
  out[0] = '\0';
  if (!url || !cap)
    return;
  const char *p = strstr(url, "://");
  if (!p)
    return;
  p += 3;
  const char *at = p;
  while (*at && *at != '/' && *at != '@')
    at++;
  if (*at == '@')
    p = at + 1;
  if (strncasecmp(p, "www.", 4) == 0)
    p += 4;
  size_t n = 0;
  while (p[n] && p[n] != '/' && p[n] != ':' && p[n] != '?' && p[n] != '#' && n + 1 < cap) {
    out[n] = (char)tolower((unsigned char)p[n]);
    n++;
  }
  out[n] = '\0';
}

/* Gender clue of a mention: a pronoun alone, or a leading honorific. */
const char *ws__db_gender_hint(const char *mention) {
  if (!mention)
    return NULL;
  char w[32];
  size_t n = 0;
  while (mention[n] && mention[n] != ' ' && n + 1 < sizeof w) {
    w[n] = (char)tolower((unsigned char)mention[n]);
    n++;
  }
  w[n] = '\0';
  int alone = mention[n] == '\0';
  if (n && w[n - 1] == '.')
    w[--n] = '\0';
  static const char *const female[] = {"she", "her", "herself", NULL};
  static const char *const male[] = {"he", "him", "his", "himself", NULL};
  static const char *const female_h[] = {"ms", "mrs", "miss", NULL};
  if (alone && in_list(female, w, n))
    return "female";
  if (alone && in_list(male, w, n))
    return "male";
  if (!alone && in_list(female_h, w, n))
    return "female";
  if (!alone && n == 2 && strcmp(w, "mr") == 0)
    return "male";
  return NULL;
}

/* Words that make a name an organisation's (lower case). */
static const char *const ORG_WORDS[] = {
    "department", "ministry", "agency", "office", "company", "inc", "corp",
    "corporation", "llc", "ltd", "plc", "group", "university", "college",
    "council", "committee", "party", "police", "association", "union", "bank",
    "court", "commission", "board", "service", "services", "administration",
    "house", "government", "institute", "foundation", "authority",
    "organization", "organisation", "news", "times", "post", "network",
    "league", "federation", "fund", "center", "centre", "hospital", "school",
    "club", "airlines", "airways", "bureau", "senate", "congress", "army",
    "navy", "force", "forces", "county", "city", "council", "coalition",
    "campaign", "society", "trust", "institution", "industries", "holdings",
    "technologies", "systems", "pentagon", "kremlin", "fbi", "cia", "nasa",
    "eu", "nato", "parliament", "cabinet", "embassy", "station",
    "district", "department's", "reuters", "cnn", "bbc", NULL};

/* True when name is an acronym in capitals (2 to 6 letters, "U.S." too). */
int ws__db_is_acronym(const char *name) {
  size_t caps = 0, n = 0;
  for (const char *p = name; *p; p++, n++) {
    if (*p >= 'A' && *p <= 'Z')
      caps++;
    else if (*p != '.' && *p != '&')
      return 0;
  }
  return caps >= 2 && caps <= 6 && n <= 12;
}

/* True when name looks like an organisation's. */
int ws__db_is_org_name(const char *name) {
  if (!name)
    return 0;
  if (ws__db_is_acronym(name))
    return 1;
  char buf[256];
  ws__db_norm(name, 0, buf, sizeof buf);
  for (char *w = buf; *w;) {
    char *e = strchr(w, ' ');
    size_t n = e ? (size_t)(e - w) : strlen(w);
    if (in_list(ORG_WORDS, w, n))
      return 1;
    if (!e)
      break;
    w = e + 1;
  }
  return 0;
}

/* ---- A string-to-integer hash map (see db_internal.h) -------------------- */

/* FNV-1a of a string. */
static uint64_t smap_hash(const char *s) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (; *s; s++)
    h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
  return h;
}

/* Slot of key (empty slot if absent). */
static size_t smap_slot(const ws__db_smap *m, const char *key) {
  size_t i = smap_hash(key) & (m->cap - 1);
  while (m->keys[i] && strcmp(m->keys[i], key) != 0)
    i = (i + 1) & (m->cap - 1);
  return i;
}

int64_t ws__db_smap_get(const ws__db_smap *m, const char *key) {
  if (!m->cap)
    return -1;
  size_t i = smap_slot(m, key);
  return m->keys[i] ? m->vals[i] : -1;
}

int ws__db_smap_put(ws__db_smap *m, const char *key, int64_t val) {
  if ((m->n + 1) * 2 > m->cap) {
    ws__db_smap old = *m;
    m->cap = old.cap ? old.cap * 2 : 64;
    m->keys = calloc(m->cap, sizeof *m->keys);
    m->vals = calloc(m->cap, sizeof *m->vals);
    if (!m->keys || !m->vals) {
      free(m->keys);
      free(m->vals);
      *m = old;
      return -1;
    }
    for (size_t i = 0; i < old.cap; i++)
      if (old.keys[i]) {
        size_t j = smap_slot(m, old.keys[i]);
        m->keys[j] = old.keys[i];
        m->vals[j] = old.vals[i];
      }
    free(old.keys);
    free(old.vals);
  }
  size_t i = smap_slot(m, key);
  if (!m->keys[i]) {
    size_t len = strlen(key) + 1; /* No strdup: fuzz targets include this file. */
    if (!(m->keys[i] = malloc(len)))
      return -1;
    memcpy(m->keys[i], key, len);
    m->n++;
  }
  m->vals[i] = val;
  return 0;
}

void ws__db_smap_free(ws__db_smap *m) {
  for (size_t i = 0; i < m->cap; i++)
    free(m->keys[i]);
  free(m->keys);
  free(m->vals);
  memset(m, 0, sizeof *m);
}
