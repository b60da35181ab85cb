/* json_scan.c: the fast path of the JSON lines reader. It validates one
 * line as a JSON object and finds the values of a few top-level fields
 * without building the object: strings are scanned eight bytes at a time,
 * and a string that needs no unescaping is handed out in place. It accepts
 * only what jansson accepts; whenever it is unsure (escaped keys, numbers
 * that jansson might reject, deep nesting, anything invalid) it says so
 * and src/jsonl.c parses the line with jansson instead, which also makes
 * the error messages. */
#include <string.h>

#include "reader.h"

enum { MAX_DEPTH = 64 };

/* A scanner over one line. */
typedef struct scan {
  const unsigned char *p;
  size_t len, i;
} scan;

/* Skips JSON white space. */
static void skip_ws(scan *s) {
  while (s->i < s->len && (s->p[s->i] == ' ' || s->p[s->i] == '\t' ||
                           s->p[s->i] == '\n' || s->p[s->i] == '\r'))
    s->i++;
}

/* Returns the length of the valid UTF-8 sequence at p (n bytes left), or 0
 * (overlong forms, surrogates and code points past U+10FFFF are invalid,
 * as for jansson). */
static size_t utf8_seq(const unsigned char *p, size_t n) {
  unsigned c = p[0];
  if (c < 0xC2 || c > 0xF4)
    return 0;
  size_t k = c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
  if (n < k)
    return 0;
  for (size_t j = 1; j < k; j++)
    if ((p[j] & 0xC0) != 0x80)
      return 0;
  if (k == 3 && ((c == 0xE0 && p[1] < 0xA0) || (c == 0xED && p[1] > 0x9F)))
    return 0;
  if (k == 4 && ((c == 0xF0 && p[1] < 0x90) || (c == 0xF4 && p[1] > 0x8F)))
    return 0;
  return k;
}

/* Returns the value of four hexadecimal digits, or -1. */
static long hex4(const unsigned char *p) {
  long v = 0;
  for (int j = 0; j < 4; j++) {
    unsigned c = p[j];
    v <<= 4;
    if (c >= '0' && c <= '9')
      v |= c - '0';
    else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
      v |= (c | 0x20) - 'a' + 10;
    else
      return -1;
  }
  return v;
}

/* Checks the escape at s->i (after the backslash). Returns false when it
 * is invalid or a \u escape that is not a whole code point. */
static bool escape_ok(scan *s) {
  if (s->i >= s->len)
    return false;
  unsigned c = s->p[s->i];
  if (c != 'u') {
    s->i++;
    return c == '"' || c == '\\' || c == '/' || c == 'b' || c == 'f' || c == 'n' ||
           c == 'r' || c == 't';
  }
  if (s->len - s->i < 5)
    return false;
  long v = hex4(s->p + s->i + 1);
  s->i += 5;
  if (v < 0 || (v >= 0xDC00 && v <= 0xDFFF))
    return false;
  if (v >= 0xD800 && v <= 0xDBFF) {
    if (s->len - s->i < 6 || s->p[s->i] != '\\' || s->p[s->i + 1] != 'u')
      return false;
    long lo = hex4(s->p + s->i + 2);
    s->i += 6;
    return lo >= 0xDC00 && lo <= 0xDFFF;
  }
  return true;
}

/* Returns a mask of the bytes of x that end or complicate a string: '"',
 * '\\', control characters and non-ASCII bytes. */
static inline uint64_t special_bytes(uint64_t x) {
  const uint64_t ones = 0x0101010101010101ULL, high = 0x8080808080808080ULL;
  uint64_t q = x ^ (ones * '"'), b = x ^ (ones * '\\');
  return ((q - ones) & ~q) | ((b - ones) & ~b) | ((x - ones * 0x20) & ~x) | (x & high);
}

/* Scans the string whose opening quote is at s->i. On success sets the
 * span between the quotes and whether it holds escapes. */
static bool scan_string(scan *s, ws__jval *v) {
  size_t start = ++s->i;
  bool esc = false;
  for (;;) {
    while (s->len - s->i >= 8 &&
           !(special_bytes(ws__load8(s->p + s->i)) & 0x8080808080808080ULL))
      s->i += 8;
    if (s->i >= s->len)
      return false;
    unsigned c = s->p[s->i];
    if (c == '"')
      break;
    if (c == '\\') {
      s->i++;
      esc = true;
      if (!escape_ok(s))
        return false;
    } else if (c < 0x20) {
      return false;
    } else if (c >= 0x80) {
      size_t k = utf8_seq(s->p + s->i, s->len - s->i);
      if (!k)
        return false;
      s->i += k;
    } else {
      s->i++;
    }
  }
  v->kind = WS__JSTRING;
  v->ptr = (const char *)s->p + start;
  v->len = s->i - start;
  v->escaped = esc;
  s->i++;
  return true;
}

/* Scans a number; only those jansson surely accepts (at most 15 digits,
 * no exponent) pass. Integers are marked as such. */
static bool scan_number(scan *s, ws__jval *v) {
  size_t start = s->i, digits = 0;
  bool integer = true;
  if (s->p[s->i] == '-')
    s->i++;
  if (s->i < s->len && s->p[s->i] == '0') {
    s->i++;
    digits++;
  } else {
    while (s->i < s->len && s->p[s->i] >= '0' && s->p[s->i] <= '9') {
      s->i++;
      digits++;
    }
  }
  if (digits == 0)
    return false;
  if (s->i < s->len && s->p[s->i] == '.') {
    integer = false;
    size_t before = ++s->i;
    while (s->i < s->len && s->p[s->i] >= '0' && s->p[s->i] <= '9')
      s->i++;
    if (s->i == before)
      return false;
    digits += s->i - before;
  }
  if (s->i < s->len && (s->p[s->i] | 0x20) == 'e')
    return false;
  if (digits > 15)
    return false;
  v->kind = integer ? WS__JINT : WS__JREAL;
  v->ptr = (const char *)s->p + start;
  v->len = s->i - start;
  /* jansson writes -0 as 0: let it. */
  return !(integer && v->len == 2 && v->ptr[0] == '-');
}

static bool scan_value(scan *s, ws__jval *v, int depth);

/* Scans the rest of an array or object whose opening bracket is at s->i. */
static bool scan_container(scan *s, int depth) {
  bool object = s->p[s->i] == '{';
  unsigned char close = object ? '}' : ']';
  ws__jval v;
  s->i++;
  skip_ws(s);
  if (s->i < s->len && s->p[s->i] == close) {
    s->i++;
    return true;
  }
  for (;;) {
    skip_ws(s);
    if (object) {
      if (s->i >= s->len || s->p[s->i] != '"' || !scan_string(s, &v) || v.escaped)
        return false;
      skip_ws(s);
      if (s->i >= s->len || s->p[s->i++] != ':')
        return false;
    }
    if (!scan_value(s, &v, depth + 1))
      return false;
    skip_ws(s);
    if (s->i >= s->len)
      return false;
    unsigned char c = s->p[s->i++];
    if (c == close)
      return true;
    if (c != ',')
      return false;
  }
}

/* Scans any value at s->i (after white space). */
static bool scan_value(scan *s, ws__jval *v, int depth) {
  skip_ws(s);
  if (s->i >= s->len || depth > MAX_DEPTH)
    return false;
  unsigned char c = s->p[s->i];
  v->kind = WS__JOTHER;
  if (c == '"')
    return scan_string(s, v);
  if (c == '{' || c == '[')
    return scan_container(s, depth);
  if (c == '-' || (c >= '0' && c <= '9'))
    return scan_number(s, v);
  static const char *const words[] = {"true", "false", "null"};
  for (int k = 0; k < 3; k++) {
    size_t n = strlen(words[k]);
    if (s->len - s->i >= n && memcmp(s->p + s->i, words[k], n) == 0) {
      s->i += n;
      return true;
    }
  }
  return false;
}

bool ws__json_scan(const char *line, size_t len, const char *const names[], size_t n,
                   ws__jval out[]) {
  scan s = {(const unsigned char *)line, len, 0};
  for (size_t k = 0; k < n; k++)
    out[k].kind = WS__JABSENT;
  skip_ws(&s);
  if (s.i >= s.len || s.p[s.i] != '{')
    return false;
  s.i++;
  skip_ws(&s);
  bool empty = s.i < s.len && s.p[s.i] == '}';
  if (empty)
    s.i++;
  while (!empty) {
    ws__jval key, v;
    skip_ws(&s);
    if (s.i >= s.len || s.p[s.i] != '"' || !scan_string(&s, &key) || key.escaped)
      return false;
    skip_ws(&s);
    if (s.i >= s.len || s.p[s.i++] != ':' || !scan_value(&s, &v, 1))
      return false;
    for (size_t k = 0; k < n; k++)
      if (names[k] && strlen(names[k]) == key.len &&
          memcmp(names[k], key.ptr, key.len) == 0)
        out[k] = v;
    skip_ws(&s);
    if (s.i >= s.len)
      return false;
    unsigned char c = s.p[s.i++];
    if (c == '}')
      break;
    if (c != ',')
      return false;
  }
  skip_ws(&s);
  return s.i == s.len;
}

/* Appends code point cp as UTF-8 at out; returns the bytes written. */
static size_t put_utf8(char *out, unsigned long cp) {
  if (cp < 0x80) {
    out[0] = (char)cp;
    return 1;
  }
  if (cp < 0x800) {
    out[0] = (char)(0xC0 | cp >> 6);
    out[1] = (char)(0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp < 0x10000) {
    out[0] = (char)(0xE0 | cp >> 12);
    out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[2] = (char)(0x80 | (cp & 0x3F));
    return 3;
  }
  out[0] = (char)(0xF0 | cp >> 18);
  out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
  out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
  out[3] = (char)(0x80 | (cp & 0x3F));
  return 4;
}

size_t ws__json_unescape(const char *p, size_t len, char *out) {
  size_t o = 0;
  for (size_t i = 0; i < len;) {
    const char *bs = memchr(p + i, '\\', len - i);
    size_t run = bs ? (size_t)(bs - (p + i)) : len - i;
    memcpy(out + o, p + i, run);
    o += run;
    i += run;
    if (i >= len)
      break;
    char c = p[i + 1];
    i += 2;
    static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
    const char *f = c != 'u' ? strchr(from, c) : NULL;
    if (f) {
      out[o++] = to[f - from];
      continue;
    }
    unsigned long cp = (unsigned long)hex4((const unsigned char *)p + i);
    i += 4;
    if (cp >= 0xD800 && cp <= 0xDBFF) {
      cp = 0x10000 + ((cp - 0xD800) << 10) +
           ((unsigned long)hex4((const unsigned char *)p + i + 2) - 0xDC00);
      i += 6;
    }
    o += put_utf8(out + o, cp);
  }
  return o;
}
