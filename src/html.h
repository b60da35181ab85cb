/* html.h: internals of the document stage shared by src/document.c,
 * src/charset.c, src/html.c and src/html_meta.c: converting a record's body
 * to UTF-8 and extracting the main text and metadata of an HTML page.
 * Nothing here is public; names start with ws__. */
#ifndef WS_HTML_H
#define WS_HTML_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "internal.h"
#include "whosaid.h"

/* ---- Byte buffers --------------------------------------------------------- */

/* Makes room for n more bytes (plus a NUL) in b. */
ws_status ws__buf_reserve(ws__buf *b, size_t n);

/* Appends one byte; the caller has reserved room. */
static inline void ws__buf_put(ws__buf *b, char c) { b->data[b->len++] = c; }

/* ---- Character sets (src/charset.c) --------------------------------------- */

/* Where the character set of a body was found. */
typedef enum ws__charset_source {
  WS__CS_DECLARED, /* The record's declared charset. */
  WS__CS_BOM,      /* A byte-order mark. */
  WS__CS_META,     /* An HTML <meta charset> or http-equiv. */
  WS__CS_DETECTED  /* Valid UTF-8, else windows-1252. */
} ws__charset_source;

/* Converts len bytes of data to UTF-8 into out (which it appends to). The
 * character set is chosen as described for ws_document_new(): a byte-order
 * mark (stripped), the declared charset (declared may be NULL or empty), an
 * HTML <meta> in the first bytes when html is true, then detection. A
 * declared single-byte Latin charset on bytes that are valid UTF-8 with
 * multi-byte sequences is taken as mislabelled (UTF-8 is used). Invalid
 * sequences become U+FFFD (UTF-8 sources: the stray byte is read as
 * windows-1252); NUL bytes are dropped when html is true. Plain text
 * (html false) with no byte-order mark and no declared charset is copied
 * unchanged: it is taken as UTF-8, and the engine reports invalid bytes at
 * their offsets in the input. *name (when not
 * NULL) receives a constant or static name of the charset used, and
 * *source where it was found. Fails only when out of memory or over
 * out->max. */
ws_status ws__to_utf8(const char *data, size_t len, const char *declared,
                      size_t declared_len, bool html, ws__buf *out,
                      const char **name, ws__charset_source *source);

/* Returns true when the len bytes at s are valid UTF-8. */
bool ws__utf8_valid(const char *s, size_t len);

/* ---- HTML extraction (src/html.c, src/html_meta.c) ------------------------ */

/* Bytes of an HTML body that are converted and looked at; a larger page is
 * cut there (html.c then parses at most 64 MiB of it once its scripts and
 * styles are removed), which bounds memory on a 1 GB page. */
#define WS__MAX_HTML_BYTES ((size_t)256 << 20)

/* Strings a line of the main text must not repeat (see ws__html_out). */
#define WS__REPEATS 4

/* What ws__html_extract finds. Strings are owned by the caller-provided
 * buffers or arena; absent fields have ptr == NULL. */
typedef struct ws__html_out {
  ws__buf text;  /* Main text: one paragraph a line, no trailing newline. */
  ws_str title;  /* In arena. */
  ws_str byline; /* In arena. */
  ws_str date;   /* In arena. */
  ws_str url;    /* Canonical URL, in arena. */
  /* Headlines (Open Graph, JSON-LD, <h1>, <title>): lines of the text
   * that repeat one are not the article. In arena; absent ones have
   * ptr == NULL. */
  ws_str repeats[WS__REPEATS];
} ws__html_out;

/* Extracts the article of len bytes of UTF-8 HTML, which it may modify
 * (script and style bodies are cut out before parsing): out->text must be
 * an initialised buffer; strings of the metadata go into arena. Never fails
 * on malformed input (the worst case is an empty text); returns
 * WS_ERR_NOMEM when memory runs out. */
ws_status ws__html_extract(char *html, size_t len, ws__arena *arena, ws__html_out *out);

#endif
