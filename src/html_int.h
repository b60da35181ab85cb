/* html_int.h: the state shared by src/html.c (main text) and
 * src/html_meta.c (title, byline, date, canonical URL, JSON-LD) while one
 * page is extracted. Internal to those two files. */
#ifndef WS_HTML_INT_H
#define WS_HTML_INT_H

#include <libxml/tree.h>

#include "html.h"

/* The step of every iterative walk of the tree below root: the node after n
 * in document order, entering n's children when descend is true; NULL after
 * the last. Walks never recurse, so that deep pages cannot overflow the
 * stack. */
static inline xmlNode *ws__html_next(const xmlNode *root, xmlNode *n, int descend) {
  if (descend && n->children)
    return n->children;
  while (n != root && !n->next)
    n = n->parent;
  return n == root ? NULL : n->next;
}

/* Candidates kept for Readability's top-candidate rules. */
#define WS__TOP 5
/* An attempt that gives fewer characters than this is retried looser. */
#define WS__MIN_ARTICLE 250
/* Bytes of a page (after script and style bodies are cut out) that are
 * parsed; the rest of a larger page is ignored. libxml2's tree takes about
 * ten times the bytes parsed. */
#define WS__MAX_HTML ((size_t)64 << 20)
/* Slots of the tag-name cache (a power of two). */
#define WS__TAG_CACHE 256

/* What the pass over the tree knows of one element. Text counts are in
 * characters as written (white space collapsed) and cover the subtree once
 * sum_up() has run, except own_text. */
typedef struct ws__hnode {
  xmlNode *node;
  int32_t parent; /* Record of the nearest kept ancestor, or -1. */
  uint8_t tag;
  uint8_t scored : 1, chosen : 1, has_block : 1, embed : 1;
  uint8_t below; /* Near-best candidates in the subtree (refine_top). */
  uint16_t props;
  int8_t prior;
  int16_t weight; /* Class/id weight. */
  float score;
  uint32_t own_text, own_commas, text, link, commas, head_text, list_text;
  uint32_t n_p, n_img, n_li, n_input, n_embed, n_cell, n_quote;
} ws__hnode;

struct tag_def;

/* The state of one extraction. */
typedef struct ws__html_ctx {
  ws__hnode *nodes;
  size_t n, cap;
  bool strip_unlikely, use_weights, clean; /* This attempt's rules. */
  struct {
    const xmlChar *name;
    const struct tag_def *def;
  } tag_cache[WS__TAG_CACHE];
} ws__html_ctx;

/* Returns the value of attribute name of element n, "" when it has a
 * value that is not a single text, or NULL when absent. */
const char *ws__html_attr(const xmlNode *n, const char *name);

/* Finds the page's metadata (title, byline, date, canonical URL) into the
 * fields of out, with strings in arena, and the JSON-LD articleBody, if
 * any, into ld_body. Fails only when out of memory. */
ws_status ws__html_meta(xmlDoc *doc, ws__arena *arena, ws__html_out *out, ws__buf *ld_body);

#endif
