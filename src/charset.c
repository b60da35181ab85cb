/* charset.c: turns a document's bytes, in whatever character set, into
 * UTF-8. The character set comes from a byte-order mark, the container's
 * declaration, an HTML <meta> near the top, or detection (valid UTF-8, else
 * windows-1252), in that order. Conversion never fails on bad bytes: they
 * become U+FFFD (or, in text that is mostly UTF-8, the windows-1252
 * character of the stray byte). Legacy character sets go through glibc's
 * iconv; UTF-8 and windows-1252 are decoded here, which is faster. */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "html.h"

/* How far into an HTML page a <meta> charset declaration is looked for. */
#define META_SCAN_BYTES 4096
/* Longest charset name kept. */
#define MAX_NAME 40

/* The characters of windows-1252 bytes 0x80..0x9F (WHATWG's mapping, where
 * the five unassigned bytes map to the C1 controls of the same value). */
static const uint16_t CP1252_HIGH[32] = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
    0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};

ws_status ws__buf_reserve(ws__buf *b, size_t n) {
  if (n > b->max - b->len)
    return WS_ERR_TOO_BIG;
  if (b->len + n + 1 <= b->cap)
    return WS_OK;
  size_t cap = b->cap ? b->cap : 256;
  while (cap < b->len + n + 1)
    cap = cap * 2 > cap ? cap * 2 : b->len + n + 1;
  char *p = realloc(b->data, cap);
  if (!p)
    return WS_ERR_NOMEM;
  b->data = p;
  b->cap = cap;
  return WS_OK;
}

/* Appends code point cp as UTF-8; the caller has reserved 4 bytes. */
static void put_cp(ws__buf *b, uint32_t cp) {
  char *p = b->data + b->len;
  if (cp < 0x80) {
    p[0] = (char)cp;
    b->len += 1;
  } else if (cp < 0x800) {
    p[0] = (char)(0xC0 | (cp >> 6));
    p[1] = (char)(0x80 | (cp & 0x3F));
    b->len += 2;
  } else if (cp < 0x10000) {
    p[0] = (char)(0xE0 | (cp >> 12));
    p[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    p[2] = (char)(0x80 | (cp & 0x3F));
    b->len += 3;
  } else {
    p[0] = (char)(0xF0 | (cp >> 18));
    p[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    p[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    p[3] = (char)(0x80 | (cp & 0x3F));
    b->len += 4;
  }
  b->data[b->len] = 0;
}

/* Returns the length of the valid UTF-8 sequence at s (at most n bytes
 * available), or 0 when the bytes there are not one. */
static size_t utf8_seq(const unsigned char *s, size_t n) {
  unsigned c = s[0];
  if (c < 0x80)
    return 1;
  if (c < 0xC2 || c > 0xF4)
    return 0;
  if (c < 0xE0)
    return n >= 2 && (s[1] & 0xC0) == 0x80 ? 2 : 0;
  if (c < 0xF0) {
    if (n < 3 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80)
      return 0;
    if ((c == 0xE0 && s[1] < 0xA0) || (c == 0xED && s[1] > 0x9F))
      return 0;
    return 3;
  }
  if (n < 4 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 ||
      (s[3] & 0xC0) != 0x80)
    return 0;
  if ((c == 0xF0 && s[1] < 0x90) || (c == 0xF4 && s[1] > 0x8F))
    return 0;
  return 4;
}

/* Returns the number of leading ASCII bytes of s, reading 8 at a time. */
static size_t ascii_prefix(const unsigned char *s, size_t len) {
  size_t i = 0;
  while (i + 8 <= len) {
    uint64_t w;
    memcpy(&w, s + i, 8);
    if (w & 0x8080808080808080ull)
      break;
    i += 8;
  }
  while (i < len && s[i] < 0x80)
    i++;
  return i;
}

bool ws__utf8_valid(const char *data, size_t len) {
  const unsigned char *s = (const unsigned char *)data;
  size_t i = 0;
  while (i < len) {
    i += ascii_prefix(s + i, len - i);
    if (i >= len)
      break;
    size_t k = utf8_seq(s + i, len - i);
    if (!k)
      return false;
    i += k;
  }
  return true;
}

/* Appends one windows-1252 byte as UTF-8; 4 bytes are reserved. */
static void put_cp1252(ws__buf *b, unsigned char c) {
  put_cp(b, c >= 0x80 && c < 0xA0 ? CP1252_HIGH[c - 0x80] : c);
}

/* Copies bytes [0, n) of s, leaving NULs out when drop_nul. */
static void put_ascii(ws__buf *b, const unsigned char *s, size_t n, bool drop_nul) {
  if (!drop_nul || !memchr(s, 0, n)) {
    memcpy(b->data + b->len, s, n);
    b->len += n;
    return;
  }
  for (size_t i = 0; i < n; i++)
    if (s[i])
      b->data[b->len++] = (char)s[i];
}

/* Decodes UTF-8, reading each byte that starts no valid sequence as
 * windows-1252 (text in two encodings, or mislabelled, stays readable). */
static ws_status from_utf8(const unsigned char *s, size_t len, bool drop_nul,
                           ws__buf *out) {
  if (ws__utf8_valid((const char *)s, len)) {
    /* The common case: a copy, the same size. */
    ws_status st = ws__buf_reserve(out, len);
    if (st)
      return st;
    put_ascii(out, s, len, drop_nul);
    out->data[out->len] = 0;
    return WS_OK;
  }
  /* Each input byte gives at most 3 output bytes (0x80..0x9F). */
  if (len > SIZE_MAX / 3)
    return WS_ERR_TOO_BIG;
  ws_status st = ws__buf_reserve(out, len * 3);
  if (st)
    return st;
  size_t i = 0;
  while (i < len) {
    size_t a = ascii_prefix(s + i, len - i);
    put_ascii(out, s + i, a, drop_nul);
    i += a;
    if (i >= len)
      break;
    size_t k = utf8_seq(s + i, len - i);
    if (k) {
      memcpy(out->data + out->len, s + i, k);
      out->len += k;
      i += k;
    } else {
      put_cp1252(out, s[i]);
      i++;
    }
  }
  out->data[out->len] = 0;
  return WS_OK;
}

/* Decodes windows-1252 (also used for ISO-8859-1 and US-ASCII). */
static ws_status from_cp1252(const unsigned char *s, size_t len, bool drop_nul,
                             ws__buf *out) {
  if (len > SIZE_MAX / 3)
    return WS_ERR_TOO_BIG;
  ws_status st = ws__buf_reserve(out, len * 3);
  if (st)
    return st;
  size_t i = 0;
  while (i < len) {
    size_t a = ascii_prefix(s + i, len - i);
    put_ascii(out, s + i, a, drop_nul);
    i += a;
    if (i < len)
      put_cp1252(out, s[i++]);
  }
  out->data[out->len] = 0;
  return WS_OK;
}

/* Appends U+FFFD; reserves room itself. */
static ws_status put_replacement(ws__buf *out) {
  ws_status st = ws__buf_reserve(out, 4);
  if (!st)
    put_cp(out, 0xFFFD);
  return st;
}

/* Removes the NUL bytes that an iconv conversion appended after start. */
static void drop_nuls(ws__buf *out, size_t start) {
  size_t w = start;
  for (size_t r = start; r < out->len; r++)
    if (out->data[r])
      out->data[w++] = out->data[r];
  out->len = w;
  out->data[w] = 0;
}

/* Converts with an open iconv descriptor; bad bytes become U+FFFD. */
static ws_status run_iconv(iconv_t cd, const char *s, size_t len, bool drop_nul,
                           ws__buf *out) {
  size_t start = out->len;
  char *in = (char *)s;
  size_t left = len;
  ws_status st0 = ws__buf_reserve(out, 0); /* An empty input still gets a buffer. */
  if (st0)
    return st0;
  while (left > 0) {
    ws_status st = ws__buf_reserve(out, left * 2 + 16);
    if (st)
      return st;
    char *o = out->data + out->len;
    size_t room = out->cap - out->len - 1;
    size_t r = iconv(cd, &in, &left, &o, &room);
    out->len = (size_t)(o - out->data);
    if (r != (size_t)-1)
      break;
    if (errno == E2BIG)
      continue;
    /* EILSEQ or EINVAL: one bad byte (or a cut sequence at the end). */
    if ((st = put_replacement(out)))
      return st;
    in++;
    left--;
    iconv(cd, NULL, NULL, NULL, NULL);
  }
  out->data[out->len] = 0;
  if (drop_nul)
    drop_nuls(out, start);
  return WS_OK;
}

/* The charsets this file knows by name. */
typedef enum cs_kind { CS_UNKNOWN, CS_UTF8, CS_CP1252, CS_UTF16LE, CS_UTF16BE, CS_OTHER } cs_kind;

/* Lower-cases and trims a charset name into buf (MAX_NAME bytes). */
static size_t clean_name(const char *s, size_t len, char *buf) {
  while (len && (*s == ' ' || *s == '"' || *s == '\'' || *s == '\t')) {
    s++;
    len--;
  }
  size_t n = 0;
  for (size_t i = 0; i < len && n + 1 < MAX_NAME; i++) {
    char c = s[i];
    if (c == ' ' || c == '"' || c == '\'' || c == ';' || c == '\t' || c == ',')
      break;
    buf[n++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
  }
  buf[n] = 0;
  return n;
}

/* A name the WHATWG encoding standard maps to another charset. */
typedef struct cs_alias {
  const char *name;
  const char *iconv_name;
} cs_alias;

static const cs_alias ALIASES[] = {
    {"gb2312", "GB18030"},      {"gbk", "GB18030"},       {"x-gbk", "GB18030"},
    {"euc-kr", "CP949"},        {"ks_c_5601-1987", "CP949"}, {"tis-620", "CP874"},
    {"iso-8859-9", "CP1254"},   {"latin5", "CP1254"},     {"iso-8859-11", "CP874"},
    {"x-sjis", "SHIFT_JIS"},    {"sjis", "SHIFT_JIS"},    {"windows-31j", "CP932"},
    {"big5", "BIG5-HKSCS"},     {"x-mac-roman", "MACINTOSH"}};

/* Classifies a cleaned charset name; for CS_OTHER, *iconv_name is the name
 * to give iconv (name itself or an alias). */
static cs_kind classify(const char *name, const char **iconv_name) {
  static const char *const UTF8[] = {"utf-8", "utf8", "unicode-1-1-utf-8", "x-unicode20utf8"};
  static const char *const LATIN[] = {"windows-1252", "cp1252", "x-cp1252", "iso-8859-1",
                                      "iso8859-1", "iso_8859-1", "latin1", "l1",
                                      "us-ascii", "ascii", "ansi_x3.4-1968", "iso-ir-100",
                                      "cp819", "ibm819", "iso_8859-1:1987"};
  *iconv_name = name;
  if (!name[0])
    return CS_UNKNOWN;
  for (size_t i = 0; i < sizeof UTF8 / sizeof *UTF8; i++)
    if (!strcmp(name, UTF8[i]))
      return CS_UTF8;
  for (size_t i = 0; i < sizeof LATIN / sizeof *LATIN; i++)
    if (!strcmp(name, LATIN[i]))
      return CS_CP1252;
  if (!strcmp(name, "utf-16le"))
    return CS_UTF16LE;
  if (!strcmp(name, "utf-16be"))
    return CS_UTF16BE;
  for (size_t i = 0; i < sizeof ALIASES / sizeof *ALIASES; i++)
    if (!strcmp(name, ALIASES[i].name))
      *iconv_name = ALIASES[i].iconv_name;
  return CS_OTHER;
}

/* Finds a charset declared by a <meta> tag in the first bytes of an HTML
 * page; writes its cleaned name to buf and returns its length, or 0. */
static size_t meta_charset(const char *s, size_t len, char *buf) {
  size_t n = len < META_SCAN_BYTES ? len : META_SCAN_BYTES;
  for (size_t i = 0; i + 5 < n; i++) {
    if (s[i] != '<' || strncasecmp(s + i + 1, "meta", 4) != 0)
      continue;
    size_t end = i + 5;
    while (end < n && s[end] != '>')
      end++;
    for (size_t j = i + 5; j + 7 < end; j++) {
      if (strncasecmp(s + j, "charset", 7) != 0)
        continue;
      size_t k = j + 7;
      while (k < end && (s[k] == ' ' || s[k] == '\t'))
        k++;
      if (k >= end || s[k] != '=')
        continue;
      k++;
      size_t got = clean_name(s + k, end - k, buf);
      if (got)
        return got;
    }
    i = end;
  }
  return 0;
}

/* Returns true when s holds a byte >= 0x80 and is valid UTF-8. */
static bool utf8_with_multibyte(const char *s, size_t len) {
  size_t a = ascii_prefix((const unsigned char *)s, len);
  return a < len && ws__utf8_valid(s + a, len - a);
}

/* Converts s from a known charset kind into out. */
static ws_status convert(cs_kind kind, const char *iname, const char *s, size_t len,
                         bool html, ws__buf *out) {
  const unsigned char *u = (const unsigned char *)s;
  if (kind == CS_UTF8)
    return from_utf8(u, len, html, out);
  if (kind == CS_CP1252)
    return from_cp1252(u, len, html, out);
  const char *from = kind == CS_UTF16LE ? "UTF-16LE" : kind == CS_UTF16BE ? "UTF-16BE" : iname;
  iconv_t cd = iconv_open("UTF-8", from);
  if (cd == (iconv_t)-1)
    return from_utf8(u, len, html, out); /* Not reached: checked by caller. */
  ws_status st = run_iconv(cd, s, len, html, out);
  iconv_close(cd);
  return st;
}

/* Returns true when iconv can convert from the charset called name. */
static bool iconv_knows(const char *name) {
  iconv_t cd = iconv_open("UTF-8", name);
  if (cd == (iconv_t)-1)
    return false;
  iconv_close(cd);
  return true;
}

/* Returns the kind of a byte-order mark at s and its length in *bom. */
static cs_kind bom_kind(const unsigned char *s, size_t len, size_t *bom) {
  if (len >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF) {
    *bom = 3;
    return CS_UTF8;
  }
  if (len >= 2 && s[0] == 0xFF && s[1] == 0xFE) {
    *bom = 2;
    return CS_UTF16LE;
  }
  if (len >= 2 && s[0] == 0xFE && s[1] == 0xFF) {
    *bom = 2;
    return CS_UTF16BE;
  }
  *bom = 0;
  return CS_UNKNOWN;
}

/* Picks the charset of a body from a declared or meta name: a usable name
 * gives its kind (UTF-16 in a <meta> means UTF-8, as browsers read it); an
 * unusable one gives CS_UNKNOWN. Legacy names on valid multi-byte UTF-8 are
 * taken as mislabelled. */
static cs_kind from_name(const char *name, bool meta, const char *s, size_t len,
                         const char **iname) {
  cs_kind k = classify(name, iname);
  if (k == CS_UNKNOWN || k == CS_UTF8)
    return k;
  if (meta && (k == CS_UTF16LE || k == CS_UTF16BE || !strncmp(name, "utf-16", 6)))
    return CS_UTF8;
  if (k == CS_OTHER && !iconv_knows(*iname))
    return CS_UNKNOWN;
  if (k != CS_UTF16LE && k != CS_UTF16BE && utf8_with_multibyte(s, len))
    return CS_UTF8;
  return k;
}

/* Names reported for each kind. */
static const char *kind_name(cs_kind k, const char *iname) {
  switch (k) {
  case CS_UTF8: return "UTF-8";
  case CS_CP1252: return "windows-1252";
  case CS_UTF16LE: return "UTF-16LE";
  case CS_UTF16BE: return "UTF-16BE";
  default: return iname;
  }
}

/* Copies len bytes unchanged into out. */
static ws_status copy_raw(const char *s, size_t len, ws__buf *out) {
  ws_status st = ws__buf_reserve(out, len);
  if (st)
    return st;
  if (len)
    memcpy(out->data + out->len, s, len);
  out->len += len;
  out->data[out->len] = 0;
  return WS_OK;
}

ws_status ws__to_utf8(const char *data, size_t len, const char *declared,
                      size_t declared_len, bool html, ws__buf *out,
                      const char **name, ws__charset_source *source) {
  static _Thread_local char last_name[MAX_NAME];
  char buf[MAX_NAME];
  const char *iname = "";
  size_t bom;
  ws__charset_source src = WS__CS_BOM;
  cs_kind k = bom_kind((const unsigned char *)data, len, &bom);
  data += bom;
  len -= bom;
  if (k == CS_UNKNOWN && declared && declared_len) {
    clean_name(declared, declared_len, buf);
    k = from_name(buf, false, data, len, &iname);
    src = WS__CS_DECLARED;
  }
  if (k == CS_UNKNOWN && html && meta_charset(data, len, buf)) {
    k = from_name(buf, true, data, len, &iname);
    src = WS__CS_META;
  }
  if (k == CS_UNKNOWN && !html) {
    /* Plain text with no charset of its own is taken as UTF-8 byte for
     * byte: offsets stay those of the input, and the engine reports any
     * invalid byte at its offset instead of the text being re-read as
     * windows-1252. */
    k = CS_UTF8;
    src = WS__CS_DETECTED;
    if (name)
      *name = kind_name(k, iname);
    if (source)
      *source = src;
    return copy_raw(data, len, out);
  }
  if (k == CS_UNKNOWN) {
    k = ws__utf8_valid(data, len) ? CS_UTF8 : CS_CP1252;
    src = WS__CS_DETECTED;
  }
  if (k == CS_OTHER) {
    snprintf(last_name, sizeof last_name, "%s", iname);
    iname = last_name;
  }
  if (name)
    *name = kind_name(k, iname);
  if (source)
    *source = src;
  return convert(k, iname, data, len, html, out);
}
