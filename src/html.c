/* html.c: the main text of a news page. The page (already UTF-8) loses
 * its script and style bodies and comments (a prefilter, in place), then is
 * parsed with libxml2's HTML parser into a tree; one pass over the tree, without
 * recursion, gives each element its statistics (text length, link text,
 * commas, paragraphs, images, list items, class/id hints), leaving out
 * boilerplate by tag, role, visibility and class/id. A readability-style
 * scorer then credits each paragraph's ancestors, picks the best container
 * with its related siblings, and the text of that container is written out
 * one paragraph a line, dropping link lists, forms, share widgets and other
 * clutter inside it. When that fails (too little text), the walk is rerun
 * with fewer exclusions. Lines that repeat the headline, bylines, dates,
 * credits and calls to click are then removed, and the JSON-LD articleBody
 * of the page is a fallback and a cross-check. WS_HTML_DEBUG (a compile-
 * time macro) prints the candidates and the decisions to stderr while
 * tuning. docs/extraction.md describes the method and its measured
 * accuracy. */
#define _GNU_SOURCE /* memmem */
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <pthread.h>
#ifdef WS_HTML_DEBUG
#include <stdio.h>
#endif
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "html.h"
#include "html_int.h"

/* ---- Tags ----------------------------------------------------------------- */

/* Properties of a tag. */
enum {
  TP_DROP = 1u << 0,     /* Never content: scripts, forms' fields, navigation. */
  TP_BLOCK = 1u << 1,    /* Starts a new line in the output. */
  TP_DIVTOP = 1u << 2,   /* A child like this keeps a div from being a paragraph. */
  TP_SCORE = 1u << 3,    /* Scored as a paragraph. */
  TP_CLEAN = 1u << 4,    /* Removed from the article when it looks like clutter. */
  TP_HEADING = 1u << 5,  /* h1..h6. */
  TP_LIST = 1u << 6      /* ul, ol. */
};

typedef struct tag_def {
  const char *name;
  uint8_t id;
  uint16_t props;
  int8_t prior; /* Readability's initial score of a candidate of this tag. */
} tag_def;

/* Tag numbers; T_OTHER is any tag not listed. */
enum {
  T_OTHER, T_A, T_P, T_DIV, T_BR, T_H1, T_H2, T_H3, T_H4, T_H5, T_H6, T_LI, T_UL, T_OL,
  T_DL, T_DT, T_DD, T_TABLE, T_TR, T_TD, T_TH, T_BLOCKQUOTE, T_PRE, T_ARTICLE,
  T_SECTION, T_MAIN, T_HEADER, T_FOOTER, T_NAV, T_ASIDE, T_FORM, T_FIELDSET, T_IMG,
  T_FIGURE, T_FIGCAPTION, T_BODY, T_HTML, T_ADDRESS, T_HR, T_SCRIPT, T_INPUT,
  T_EMBED, T_IFRAME, T_OBJECT, T_VIDEO, T_CENTER, T_CAPTION, T_TBODY, T_OTHERDROP,
  T_COUNT
};

static const tag_def TAGS[] = {
    {"a", T_A, 0, 0},
    {"p", T_P, TP_BLOCK | TP_DIVTOP | TP_SCORE, 0},
    {"div", T_DIV, TP_BLOCK | TP_DIVTOP | TP_CLEAN, 5},
    {"br", T_BR, 0, 0},
    {"h1", T_H1, TP_BLOCK | TP_HEADING, -5},
    {"h2", T_H2, TP_BLOCK | TP_HEADING | TP_SCORE, -5},
    {"h3", T_H3, TP_BLOCK | TP_HEADING | TP_SCORE, -5},
    {"h4", T_H4, TP_BLOCK | TP_HEADING | TP_SCORE, -5},
    {"h5", T_H5, TP_BLOCK | TP_HEADING | TP_SCORE, -5},
    {"h6", T_H6, TP_BLOCK | TP_HEADING | TP_SCORE, -5},
    {"li", T_LI, TP_BLOCK, -3},
    {"ul", T_UL, TP_BLOCK | TP_DIVTOP | TP_CLEAN | TP_LIST, -3},
    {"ol", T_OL, TP_BLOCK | TP_DIVTOP | TP_CLEAN | TP_LIST, -3},
    {"dl", T_DL, TP_BLOCK | TP_DIVTOP, -3},
    {"dt", T_DT, TP_BLOCK, -3},
    {"dd", T_DD, TP_BLOCK, -3},
    {"table", T_TABLE, TP_BLOCK | TP_DIVTOP | TP_CLEAN, 0},
    {"tr", T_TR, TP_BLOCK, 0},
    {"td", T_TD, TP_BLOCK | TP_SCORE, 3},
    {"th", T_TH, TP_BLOCK, -5},
    {"blockquote", T_BLOCKQUOTE, TP_BLOCK | TP_DIVTOP, 3},
    {"pre", T_PRE, TP_BLOCK | TP_DIVTOP | TP_SCORE, 3},
    {"article", T_ARTICLE, TP_BLOCK, 0},
    {"section", T_SECTION, TP_BLOCK | TP_CLEAN, 0},
    {"main", T_MAIN, TP_BLOCK, 0},
    {"header", T_HEADER, TP_BLOCK | TP_CLEAN, 0},
    {"footer", T_FOOTER, TP_BLOCK | TP_DROP, 0},
    {"nav", T_NAV, TP_BLOCK | TP_DROP, 0},
    {"aside", T_ASIDE, TP_BLOCK | TP_DROP, 0},
    {"form", T_FORM, TP_BLOCK | TP_CLEAN, -3},
    {"fieldset", T_FIELDSET, TP_BLOCK | TP_CLEAN, 0},
    {"img", T_IMG, TP_DIVTOP, 0},
    {"figure", T_FIGURE, TP_BLOCK, 0},
    {"figcaption", T_FIGCAPTION, TP_BLOCK | TP_DROP, 0},
    {"body", T_BODY, TP_BLOCK, 0},
    {"html", T_HTML, TP_BLOCK, 0},
    {"address", T_ADDRESS, TP_BLOCK, -3},
    {"hr", T_HR, TP_BLOCK, 0},
    {"script", T_SCRIPT, TP_DROP, 0},
    {"input", T_INPUT, TP_DROP, 0},
    {"embed", T_EMBED, TP_DROP, 0},
    {"iframe", T_IFRAME, TP_DROP, 0},
    {"object", T_OBJECT, TP_DROP, 0},
    {"video", T_VIDEO, TP_DROP, 0},
    {"center", T_CENTER, TP_BLOCK, 0},
    {"caption", T_CAPTION, TP_BLOCK | TP_DROP, 0},
    {"tbody", T_TBODY, TP_BLOCK, 0},
    {"style", T_OTHERDROP, TP_DROP, 0},
    {"noscript", T_OTHERDROP, TP_DROP, 0},
    {"svg", T_OTHERDROP, TP_DROP, 0},
    {"canvas", T_OTHERDROP, TP_DROP, 0},
    {"template", T_OTHERDROP, TP_DROP, 0},
    {"head", T_OTHERDROP, TP_DROP, 0},
    {"button", T_OTHERDROP, TP_DROP, 0},
    {"select", T_OTHERDROP, TP_DROP, 0},
    {"textarea", T_OTHERDROP, TP_DROP, 0},
    {"option", T_OTHERDROP, TP_DROP, 0},
    {"audio", T_OTHERDROP, TP_DROP, 0},
    {"menu", T_OTHERDROP, TP_DROP, 0},
    {"dialog", T_OTHERDROP, TP_DROP, 0},
    {"math", T_OTHERDROP, TP_DROP, 0},
    {"map", T_OTHERDROP, TP_DROP, 0},
    {"label", T_OTHERDROP, TP_DROP, 0},
    {"title", T_OTHERDROP, TP_DROP, 0},
    {"picture", T_OTHERDROP, TP_DROP, 0},
    {"thead", T_OTHER, TP_BLOCK, 0},
    {"tfoot", T_OTHER, TP_BLOCK, 0},
    {"details", T_OTHER, TP_BLOCK, 0},
    {"summary", T_OTHER, TP_BLOCK, 0},
};

/* Looks up a tag by name: libxml2 interns names, so a small cache keyed by
 * the name's pointer answers most lookups without comparing strings. */
static const tag_def *tag_of(ws__html_ctx *c, const xmlChar *name) {
  static const tag_def other = {"", T_OTHER, 0, 0};
  size_t h = ((uintptr_t)name >> 4) & (WS__TAG_CACHE - 1);
  if (c->tag_cache[h].name == name)
    return c->tag_cache[h].def;
  const tag_def *d = &other;
  for (size_t i = 0; i < sizeof TAGS / sizeof *TAGS; i++)
    if (!strcmp((const char *)name, TAGS[i].name)) {
      d = &TAGS[i];
      break;
    }
  c->tag_cache[h].name = name;
  c->tag_cache[h].def = d;
  return d;
}

/* ---- Attributes and class/id hints ---------------------------------------- */

const char *ws__html_attr(const xmlNode *n, const char *name) {
  for (const xmlAttr *a = n->properties; a; a = a->next) {
    if (strcmp((const char *)a->name, name) != 0)
      continue;
    if (a->children && a->children->type == XML_TEXT_NODE && !a->children->next)
      return (const char *)a->children->content;
    return "";
  }
  return NULL;
}

/* Kinds of class and id words. */
enum {
  K_UNLIKELY = 1, /* Clutter (Readability's "unlikely candidates", with
                     trafilatura's additions): the element is left out. */
  K_MAYBE = 2,    /* Saves an element from K_UNLIKELY. */
  K_NEGATIVE = 4, /* Class weight -25. */
  K_POSITIVE = 8, /* Class weight +25. */
  K_EMBED = 16    /* An embedded post (tweet, Instagram): kept, with no
                     negative weight, as what people said. */
};

typedef struct hint {
  const char *word;
  uint8_t kinds;
} hint;

/* The words, matched anywhere in the lower-cased class and id. */
static const hint HINTS[] = {
    {"-ad-", K_UNLIKELY | K_NEGATIVE}, {"ai2html", K_UNLIKELY}, {"banner", K_UNLIKELY | K_NEGATIVE},
    {"breadcrumb", K_UNLIKELY}, {"combx", K_UNLIKELY | K_NEGATIVE},
    {"comment", K_UNLIKELY | K_NEGATIVE}, {"community", K_UNLIKELY}, {"cover-wrap", K_UNLIKELY},
    {"disqus", K_UNLIKELY}, {"extra", K_UNLIKELY}, {"footer", K_UNLIKELY | K_NEGATIVE},
    {"gdpr", K_UNLIKELY | K_NEGATIVE}, {"legends", K_UNLIKELY}, {"menu", K_UNLIKELY},
    {"related", K_UNLIKELY | K_NEGATIVE}, {"remark", K_UNLIKELY}, {"replies", K_UNLIKELY},
    {"rss", K_UNLIKELY}, {"shoutbox", K_UNLIKELY | K_NEGATIVE},
    {"sidebar", K_UNLIKELY | K_NEGATIVE}, {"skyscraper", K_UNLIKELY | K_NEGATIVE},
    {"social", K_UNLIKELY}, {"sponsor", K_UNLIKELY | K_NEGATIVE}, {"supplemental", K_UNLIKELY},
    {"ad-break", K_UNLIKELY}, {"agegate", K_UNLIKELY}, {"pagination", K_UNLIKELY | K_POSITIVE},
    {"pager", K_UNLIKELY}, {"popup", K_UNLIKELY}, {"yom-remote", K_UNLIKELY},
    {"newsletter", K_UNLIKELY | K_NEGATIVE}, {"subscribe", K_UNLIKELY}, {"signup", K_UNLIKELY},
    {"sign-up", K_UNLIKELY}, {"cookie", K_UNLIKELY}, {"consent", K_UNLIKELY},
    {"share", K_UNLIKELY | K_NEGATIVE}, {"sharing", K_UNLIKELY}, {"outbrain", K_UNLIKELY | K_NEGATIVE},
    {"taboola", K_UNLIKELY}, {"recommend", K_UNLIKELY}, {"promo", K_UNLIKELY | K_NEGATIVE},
    {"caption", K_UNLIKELY | K_NEGATIVE}, {"credit", K_UNLIKELY | K_NEGATIVE},
    {"trending", K_UNLIKELY}, {"most-popular", K_UNLIKELY}, {"mostpopular", K_UNLIKELY},
    {"modal", K_UNLIKELY}, {"toolbar", K_UNLIKELY},
    {"masthead", K_UNLIKELY | K_NEGATIVE}, {"breaking-news", K_UNLIKELY},
    {"author-bio", K_UNLIKELY}, {"bio-", K_UNLIKELY}, {"tags", K_UNLIKELY | K_NEGATIVE},
    {"tag-list", K_UNLIKELY}, {"topics", K_UNLIKELY}, {"keywords", K_UNLIKELY},
    {"read-more", K_UNLIKELY}, {"readmore", K_UNLIKELY}, {"more-from", K_UNLIKELY},
    {"next-article", K_UNLIKELY}, {"print-", K_UNLIKELY}, {"skip", K_UNLIKELY},
    {"widget", K_UNLIKELY | K_NEGATIVE}, {"teaser", K_UNLIKELY}, {"byline", K_UNLIKELY | K_NEGATIVE},
    {"dateline", K_UNLIKELY}, {"timestamp", K_UNLIKELY}, {"published", K_UNLIKELY},
    {"and", K_MAYBE}, {"article", K_MAYBE | K_POSITIVE}, {"body", K_MAYBE | K_POSITIVE},
    {"column", K_MAYBE}, {"content", K_MAYBE | K_POSITIVE}, {"main", K_MAYBE | K_POSITIVE},
    {"shadow", K_MAYBE}, {"story", K_MAYBE | K_POSITIVE}, {"entry", K_MAYBE | K_POSITIVE},
    {"post-text", K_MAYBE}, {"hidden", K_NEGATIVE}, {"com-", K_NEGATIVE},
    {"contact", K_NEGATIVE}, {"media", K_NEGATIVE}, {"meta", K_NEGATIVE},
    {"scroll", K_NEGATIVE}, {"shopping", K_NEGATIVE}, {"author", K_NEGATIVE},
    {"hentry", K_POSITIVE}, {"h-entry", K_POSITIVE}, {"page", K_POSITIVE},
    {"post", K_POSITIVE}, {"text", K_POSITIVE}, {"blog", K_POSITIVE},
    {"tooltip", K_UNLIKELY}, {"popover", K_UNLIKELY}, {"hovercard", K_UNLIKELY},
    {"rollover-block", K_UNLIKELY}, {"tweet", K_EMBED}, {"instagram-media", K_EMBED}, {"embed", K_EMBED}};

/* HINTS indexes by first letter: the hints starting with byte c are
 * HINTS[hint_idx[c] ...] as listed in hint_next chains (built once). */
static int16_t hint_first[256];
static int16_t hint_next[sizeof HINTS / sizeof *HINTS];
static pthread_once_t hint_once = PTHREAD_ONCE_INIT;

/* Builds the first-letter chains of HINTS. */
static void build_hints(void) {
  for (size_t i = 0; i < 256; i++)
    hint_first[i] = -1;
  for (size_t i = sizeof HINTS / sizeof *HINTS; i-- > 0;) {
    unsigned char c = (unsigned char)HINTS[i].word[0];
    hint_next[i] = hint_first[c];
    hint_first[c] = (int16_t)i;
  }
}

/* Returns the kinds of all hint words found in the len bytes of ci (lower
 * case), in one scan. */
static unsigned hint_kinds(const char *ci, size_t len) {
  unsigned k = 0;
  for (size_t i = 0; i < len; i++)
    for (int16_t h = hint_first[(unsigned char)ci[i]]; h >= 0; h = hint_next[h]) {
      const char *w = HINTS[h].word;
      size_t wl = strlen(w);
      if (wl <= len - i && !memcmp(ci + i, w, wl))
        k |= HINTS[h].kinds;
    }
  return k;
}

/* The attributes of an element that decide whether it is kept. */
typedef struct attrs {
  const char *cls, *id, *style, *aria_hidden, *role;
  bool hidden;
} attrs;

/* Reads the attributes of n that matter here, in one pass. */
static void read_attrs(const xmlNode *n, attrs *a) {
  memset(a, 0, sizeof *a);
  for (const xmlAttr *p = n->properties; p; p = p->next) {
    const char *name = (const char *)p->name, *v = "";
    if (p->children && p->children->type == XML_TEXT_NODE && !p->children->next &&
        p->children->content)
      v = (const char *)p->children->content;
    switch (name[0]) {
    case 'c': if (!strcmp(name, "class")) a->cls = v; break;
    case 'i': if (!strcmp(name, "id")) a->id = v; break;
    case 's': if (!strcmp(name, "style")) a->style = v; break;
    case 'h': if (!strcmp(name, "hidden")) a->hidden = true; break;
    case 'a': if (!strcmp(name, "aria-hidden")) a->aria_hidden = v; break;
    case 'r': if (!strcmp(name, "role")) a->role = v; break;
    default: break;
    }
  }
}

/* Lower-cases the class and id into buf (of size cap), separated by a
 * space; returns the length. */
static size_t class_id(const attrs *a, char *buf, size_t cap) {
  size_t k = 0;
  for (int pass = 0; pass < 2; pass++) {
    const char *s = pass ? a->id : a->cls;
    if (!s)
      continue;
    for (; *s && k + 2 < cap; s++)
      buf[k++] = (char)(*s >= 'A' && *s <= 'Z' ? *s + 32 : *s);
    if (k + 1 < cap)
      buf[k++] = ' ';
  }
  buf[k] = 0; /* k < cap: the loops leave room. */
  return k;
}

/* Returns true when the element is hidden (hidden attribute, display:none,
 * aria-hidden) or has a role of page furniture. */
static bool hidden_or_furniture(const attrs *a) {
  if (a->hidden)
    return true;
  const char *s = a->style;
  if (s && (strstr(s, "display:none") || strstr(s, "display: none") ||
            strstr(s, "visibility:hidden") || strstr(s, "visibility: hidden")))
    return true;
  if (a->aria_hidden && !strcmp(a->aria_hidden, "true"))
    return true;
  if (a->role) {
    static const char *const ROLES[] = {"navigation", "complementary", "banner", "contentinfo",
                                        "menu", "menubar", "dialog", "alert", "alertdialog",
                                        "search", NULL};
    for (const char *const *r = ROLES; *r; r++)
      if (!strcmp(a->role, *r))
        return true;
  }
  return false;
}

/* ---- Text statistics ------------------------------------------------------ */

/* Counts the characters of text as it will be written (a run of white
 * space is one character; leading space is not counted) and its commas. */
static void count_text(const char *s, uint32_t *chars, uint32_t *commas) {
  uint32_t n = 0, k = 0;
  bool space = true;
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    unsigned c = *p;
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f') {
      if (!space)
        n++;
      space = true;
    } else if ((c & 0xC0) != 0x80) {
      n++;
      space = false;
      if (c == ',')
        k++;
    }
  }
  *chars += n;
  *commas += k;
}

/* ---- Pass over the tree --------------------------------------------------- */

/* Pushes the information record of element n (whose parent record is
 * parent) and returns its index, or -1 when out of memory. */
static int32_t add_node(ws__html_ctx *c, xmlNode *n, int32_t parent, const tag_def *t) {
  if (c->n == c->cap) {
    size_t cap = c->cap ? c->cap * 2 : 1024;
    ws__hnode *p = realloc(c->nodes, cap * sizeof *p);
    if (!p)
      return -1;
    c->nodes = p;
    c->cap = cap;
  }
  ws__hnode *h = &c->nodes[c->n];
  memset(h, 0, sizeof *h);
  h->node = n;
  h->parent = parent;
  h->tag = t->id;
  h->props = t->props;
  h->prior = t->prior;
  n->_private = (void *)(uintptr_t)(c->n + 1);
  return (int32_t)c->n++;
}

/* Decides whether element n, of tag t, is left out altogether in this
 * attempt, and sets its class weight in h. */
static bool drop_element(ws__html_ctx *c, const xmlNode *n, const tag_def *t, ws__hnode *h) {
  if (t->props & TP_DROP)
    return true;
  if (t->id == T_BODY || t->id == T_HTML || !n->properties)
    return false;
  attrs a;
  read_attrs(n, &a);
  if (hidden_or_furniture(&a))
    return true;
  if (!a.cls && !a.id)
    return false;
  char ci[256];
  unsigned k = hint_kinds(ci, class_id(&a, ci, sizeof ci));
  if (k & K_EMBED) {
    k &= ~(unsigned)(K_UNLIKELY | K_NEGATIVE);
    h->embed = 1;
  }
  if (c->use_weights)
    h->weight = (int16_t)((k & K_NEGATIVE ? -25 : 0) + (k & K_POSITIVE ? 25 : 0));
  if (c->strip_unlikely && t->id != T_A && t->id != T_ARTICLE && t->id != T_MAIN &&
      (k & K_UNLIKELY) && !(k & K_MAYBE))
    return true;
  return false;
}

/* Records a text node's characters on its element and, inside a link, as
 * link text. */
static void add_text(ws__html_ctx *c, const xmlNode *t, int32_t parent, int in_link) {
  if (parent < 0 || !t->content)
    return;
  ws__hnode *h = &c->nodes[parent];
  uint32_t chars = 0, commas = 0;
  count_text((const char *)t->content, &chars, &commas);
  h->own_text += chars;
  h->own_commas += commas;
  if (in_link)
    h->link += chars;
}

/* The first pass: numbers the elements that are not left out, in document
 * order, and gathers their own statistics; sums over subtrees follow in
 * sum_up(). Iterative, so nesting depth costs no stack. */
static ws_status collect(ws__html_ctx *c, xmlNode *root) {
  c->n = 0;
  int32_t cur = -1; /* Record of the element being visited. */
  int in_link = 0;
  xmlNode *n = root;
  while (n) {
    bool descend = false;
    if (n->type == XML_ELEMENT_NODE) {
      const tag_def *t = tag_of(c, n->name);
      ws__hnode tmp = {0};
      if (!drop_element(c, n, t, &tmp)) {
        int32_t idx = add_node(c, n, cur, t);
        if (idx < 0)
          return WS_ERR_NOMEM;
        c->nodes[idx].weight = tmp.weight;
        c->nodes[idx].embed = tmp.embed;
        cur = idx;
        in_link += t->id == T_A;
        descend = true;
      } else {
        n->_private = NULL;
      }
    } else if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
      add_text(c, n, cur, in_link);
    }
    if (descend && n->children) {
      n = n->children;
      continue;
    }
    /* Leave n and every ancestor that has no next sibling. */
    for (;;) {
      if (n->type == XML_ELEMENT_NODE && n->_private && n != root) {
        ws__hnode *h = &c->nodes[cur];
        in_link -= h->tag == T_A;
        cur = h->parent;
      } else if (n == root && n->_private) {
        cur = -1;
      }
      if (n == root)
        return WS_OK;
      if (n->next) {
        n = n->next;
        break;
      }
      n = n->parent;
      if (!n)
        return WS_OK;
    }
  }
  return WS_OK;
}

/* Adds each element's statistics to its parent's, in reverse document
 * order, so each record then covers its whole subtree. */
static void sum_up(ws__html_ctx *c) {
  for (size_t i = 0; i < c->n; i++) {
    c->nodes[i].text = c->nodes[i].own_text;
    c->nodes[i].commas = c->nodes[i].own_commas;
  }
  for (size_t i = c->n; i-- > 0;) {
    ws__hnode *h = &c->nodes[i];
    switch (h->tag) {
    case T_P: h->n_p++; break;
    case T_IMG: h->n_img++; break;
    case T_LI: h->n_li++; break;
    case T_TD: case T_TH: h->n_cell++; break;
    case T_BLOCKQUOTE: h->n_quote++; break;
    case T_INPUT: h->n_input++; break;
    case T_EMBED: case T_IFRAME: case T_OBJECT: case T_VIDEO: h->n_embed++; break;
    default: break;
    }
    if (h->props & TP_HEADING)
      h->head_text += h->text;
    if (h->tag == T_LI)
      h->list_text += h->text;
    if (h->parent < 0)
      continue;
    ws__hnode *p = &c->nodes[h->parent];
    p->text += h->text;
    p->link += h->link;
    p->commas += h->commas;
    p->n_p += h->n_p;
    p->n_img += h->n_img;
    p->n_li += h->n_li;
    p->n_input += h->n_input;
    p->n_embed += h->n_embed;
    p->n_cell += h->n_cell;
    p->n_quote += h->n_quote;
    p->head_text += h->head_text;
    p->list_text += h->list_text;
    if (h->props & TP_DIVTOP)
      p->has_block = 1;
  }
}

/* ---- Scoring -------------------------------------------------------------- */

/* Returns the share of an element's text that is link text. */
static double link_density(const ws__hnode *h) {
  return h->text ? (double)h->link / h->text : 0.0;
}

/* Gives element i its initial candidate score when it has none yet. */
static void init_candidate(ws__html_ctx *c, int32_t i) {
  ws__hnode *h = &c->nodes[i];
  if (h->scored)
    return;
  h->scored = 1;
  h->score = (float)(h->prior + h->weight);
}

/* Returns true when element h is scored as a paragraph, with the length and
 * commas of its text in *len and *commas, and in *self whether its own
 * ancestors start with itself: a div without block children is a
 * paragraph (its parent is credited first); the text directly in one with
 * block children is a paragraph of its own inside it (Readability wraps it
 * in a <p>), so the div itself is credited first. */
static bool paragraph_of(const ws__hnode *h, uint32_t *len, uint32_t *commas, bool *self) {
  *commas = h->commas;
  *self = false;
  if (h->props & TP_SCORE) {
    *len = h->text;
    return true;
  }
  if (h->tag != T_DIV && h->tag != T_SECTION && h->tag != T_ARTICLE)
    return false;
  if (!h->has_block) {
    *len = h->text;
    return true;
  }
  *len = h->own_text;
  *commas = h->own_commas;
  *self = true;
  return true;
}

/* Credits each paragraph's ancestors, up to five levels (Readability). */
static void score_paragraphs(ws__html_ctx *c) {
  for (size_t i = 0; i < c->n; i++) {
    ws__hnode *h = &c->nodes[i];
    uint32_t len, commas;
    bool self;
    if (h->parent < 0 || !paragraph_of(h, &len, &commas, &self) || len < 25)
      continue;
    double s = 1.0 + commas + (len / 100 < 3 ? len / 100 : 3);
    int32_t a = self ? (int32_t)i : h->parent;
    for (int level = 0; a >= 0 && level < 5; level++, a = c->nodes[a].parent) {
      if (c->nodes[a].tag == T_HTML)
        break;
      init_candidate(c, a);
      double div = level == 0 ? 1.0 : level == 1 ? 2.0 : level * 3.0;
      c->nodes[a].score += (float)(s / div);
    }
  }
}

/* Picks the best candidate after the link-density penalty; fills top[] with
 * the best WS__TOP of them, in decreasing order. Returns how many. */
static size_t top_candidates(ws__html_ctx *c, int32_t *top) {
  size_t nt = 0;
  for (size_t i = 0; i < c->n; i++) {
    ws__hnode *h = &c->nodes[i];
    if (!h->scored)
      continue;
    double keep = 1.0 - link_density(h); /* Squared: link lists lose more. */
    h->score *= (float)(keep * keep);
    size_t k = nt < WS__TOP ? nt++ : WS__TOP;
    if (k == WS__TOP && c->nodes[top[WS__TOP - 1]].score >= h->score)
      continue;
    if (k == WS__TOP)
      k--;
    while (k > 0 && c->nodes[top[k - 1]].score < h->score) {
      top[k] = top[k - 1];
      k--;
    }
    top[k] = (int32_t)i;
  }
  return nt;
}

/* Moves the choice up to a common ancestor when several near-best
 * candidates share it, then up while the parents score well (Readability). */
static int32_t refine_top(ws__html_ctx *c, const int32_t *top, size_t nt) {
  int32_t best = top[0];
  float best_score = c->nodes[best].score;
  size_t close = 0;
  for (size_t i = 1; i < nt; i++)
    close += c->nodes[top[i]].score / best_score >= 0.75f;
  if (close >= 3) {
    /* Count, on each ancestor, the near-best candidates below it: one walk
     * up from each, so deep trees cost linear time. */
    for (size_t i = 1; i < nt; i++)
      if (c->nodes[top[i]].score / best_score >= 0.75f)
        for (int32_t a = top[i]; a >= 0; a = c->nodes[a].parent)
          c->nodes[a].below++;
    for (int32_t p = c->nodes[best].parent; p >= 0 && c->nodes[p].tag != T_BODY;
         p = c->nodes[p].parent) {
      if (c->nodes[p].below >= 3) {
        best = p;
        break;
      }
    }
  }
  init_candidate(c, best);
  float last = c->nodes[best].score, threshold = last / 3;
  for (int32_t p = c->nodes[best].parent; p >= 0 && c->nodes[p].tag != T_BODY;
       p = c->nodes[p].parent) {
    if (!c->nodes[p].scored)
      continue;
    float ps = c->nodes[p].score;
    if (ps < threshold)
      break;
    if (ps > last) {
      best = p;
      break;
    }
    last = ps;
  }
  return best;
}

/* Returns the number of element children of record i (elements left out
 * do not count). */
static size_t element_children(const ws__html_ctx *c, int32_t i) {
  size_t k = 0;
  for (const xmlNode *n = c->nodes[i].node->children; n; n = n->next)
    k += n->type == XML_ELEMENT_NODE && n->_private;
  return k;
}

/* Returns the record index of element n, or -1 when it was left out. */
static int32_t rec_of(const xmlNode *n) {
  return n->type == XML_ELEMENT_NODE && n->_private ? (int32_t)((uintptr_t)n->_private - 1) : -1;
}

/* Returns true when the paragraph text of h ends a sentence. */
static bool ends_sentence(const xmlNode *n) {
  const xmlNode *last = n->last;
  while (last && last->type != XML_TEXT_NODE)
    last = last->last ? last->last : last->prev;
  if (!last || !last->content)
    return false;
  const char *s = (const char *)last->content;
  size_t l = strlen(s);
  while (l && (s[l - 1] == ' ' || s[l - 1] == '\n' || s[l - 1] == '\t'))
    l--;
  return l && s[l - 1] == '.';
}

/* Marks the chosen element and the siblings that belong with it (related
 * by score, class, or as link-light paragraphs) as the article. */
static void choose_siblings(ws__html_ctx *c, int32_t top) {
  ws__hnode *t = &c->nodes[top];
  int32_t parent = t->parent;
  t->chosen = 1;
  if (parent < 0 || t->tag == T_BODY)
    return;
  float threshold = t->score * 0.2f > 10 ? t->score * 0.2f : 10;
  const char *tcls = ws__html_attr(t->node, "class");
  for (xmlNode *n = c->nodes[parent].node->children; n; n = n->next) {
    int32_t s = rec_of(n);
    if (s < 0 || s == top)
      continue;
    ws__hnode *h = &c->nodes[s];
    float bonus = 0;
    const char *cls = ws__html_attr(n, "class");
    if (tcls && cls && *tcls && !strcmp(tcls, cls))
      bonus = t->score * 0.2f;
    if (h->scored && h->score + bonus >= threshold) {
      h->chosen = 1;
    } else if (h->tag == T_P || (h->tag == T_DIV && !h->has_block)) {
      double ld = link_density(h);
      if (h->text > 80 && ld < 0.25)
        h->chosen = 1;
      else if (h->text < 80 && h->text > 0 && ld == 0 && ends_sentence(n))
        h->chosen = 1;
    }
  }
}

/* ---- Writing the article -------------------------------------------------- */

/* Returns true when element h, inside the article, looks like clutter:
 * Readability's conditional cleaning of tables, lists and divs. */
static bool is_clutter(const ws__html_ctx *c, const ws__hnode *h) {
  if (!c->clean || h->embed)
    return false;
  if (h->tag == T_FIGURE)
    return h->n_quote == 0; /* Images and captions; embeds are quotes. */
  if ((h->tag == T_P || h->tag == T_LI || (h->props & TP_HEADING) || h->tag == T_DD ||
       (h->tag == T_DIV && !h->has_block)) &&
      h->text > 0 && h->link * 10 > h->text * 9)
    return true; /* A link on its own: related articles, tags, share. */
  if (!(h->props & TP_CLEAN))
    return false;
  double score = h->scored ? h->score : 0;
  if (h->weight + score < 0)
    return true;
  if (h->commas >= 10)
    return false;
  bool list = (h->props & TP_LIST) || (h->text && (double)h->list_text / h->text > 0.9);
  double p = h->n_p, img = h->n_img, li = (double)h->n_li - 100;
  double ld = link_density(h), heading = h->text ? (double)h->head_text / h->text : 0;
  uint32_t len = h->text;
  if (img > 1 && p / img < 0.5)
    return true;
  if (!list && li > p)
    return true;
  if (h->n_input > h->n_p / 3)
    return true;
  if (!list && heading < 0.9 && len < 25 && (img == 0 || img > 2))
    return true;
  if (!list && h->weight < 25 && ld > 0.2)
    return true;
  if (h->weight >= 25 && ld > 0.5)
    return true;
  if ((h->n_embed == 1 && len < 75) || h->n_embed > 1)
    return true;
  return false;
}

/* The output being written: whole lines go to out; *space says a space is
 * pending before the next word. */
typedef struct writer {
  ws__buf *out;
  size_t line_start;
  bool space;
  ws_status st;
} writer;

/* Ends the current line, if it has any text. */
static void end_line(writer *w) {
  if (w->out->len > w->line_start) {
    if (w->st || (w->st = ws__buf_reserve(w->out, 1)))
      return;
    ws__buf_put(w->out, '\n');
    w->line_start = w->out->len;
  }
  w->space = false;
}

/* Appends text with white space collapsed (no-break spaces included). */
static void put_text(writer *w, const char *s) {
  size_t len = strlen(s);
  if (w->st || (w->st = ws__buf_reserve(w->out, len + 1)))
    return;
  for (size_t i = 0; i < len; i++) {
    unsigned char ch = (unsigned char)s[i];
    bool sp = ch == ' ' || ch == '\n' || ch == '\t' || ch == '\r' || ch == '\f';
    if (ch == 0xC2 && i + 1 < len && (unsigned char)s[i + 1] == 0xA0) {
      sp = true;
      i++;
    }
    if (sp) {
      w->space = w->out->len > w->line_start;
      continue;
    }
    if (w->space) {
      ws__buf_put(w->out, ' ');
      w->space = false;
    }
    ws__buf_put(w->out, (char)ch);
  }
  w->out->data[w->out->len] = 0;
}

/* Writes the text of the subtree of root, leaving out elements left out by
 * the pass and clutter. Iterative, like collect(). */
static void write_subtree(ws__html_ctx *c, xmlNode *root, writer *w) {
  xmlNode *n = root;
  while (n && !w->st) {
    bool descend = false;
    int32_t r = rec_of(n);
    if (r >= 0) {
      const ws__hnode *h = &c->nodes[r];
      bool clutter = n != root && is_clutter(c, h);
#ifdef WS_HTML_DEBUG
      if (clutter)
        fprintf(stderr, "clutter: <%s> text %u\n", n->name, h->text);
#endif
      if (!clutter) {
        descend = true;
        if (h->props & TP_BLOCK)
          end_line(w);
        if (h->tag == T_BR)
          end_line(w);
      }
    } else if ((n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) && n->content) {
      put_text(w, (const char *)n->content);
    }
    if (descend && n->children) {
      n = n->children;
      continue;
    }
    for (;;) {
      if (rec_of(n) >= 0 && (c->nodes[rec_of(n)].props & TP_BLOCK))
        end_line(w);
      if (n == root)
        return;
      if (n->next) {
        n = n->next;
        break;
      }
      n = n->parent;
      if (!n)
        return;
    }
  }
}

/* Writes every chosen element in document order. */
static ws_status write_article(ws__html_ctx *c, ws__buf *out) {
  writer w = {out, out->len, false, WS_OK};
  for (size_t i = 0; i < c->n && !w.st; i++)
    if (c->nodes[i].chosen)
      write_subtree(c, c->nodes[i].node, &w);
  end_line(&w);
  if (out->len && out->data[out->len - 1] == '\n')
    out->data[--out->len] = 0;
  return w.st;
}

/* ---- One attempt and the whole extraction --------------------------------- */

/* Runs one attempt over the tree from root with the flags set in c, writing
 * the article text into out (emptied first). */
static ws_status attempt(ws__html_ctx *c, xmlNode *root, ws__buf *out) {
  out->len = 0;
  ws_status st = collect(c, root);
  if (st || c->n == 0)
    return st;
  sum_up(c);
  score_paragraphs(c);
  int32_t top[WS__TOP];
  size_t nt = top_candidates(c, top);
  int32_t best = 0; /* The root: <html> or <body>. */
  if (nt > 0)
    best = refine_top(c, top, nt);
#ifdef WS_HTML_DEBUG
  for (size_t i = 0; i < nt; i++) {
    const ws__hnode *h = &c->nodes[top[i]];
    const char *cl = ws__html_attr(h->node, "class");
    fprintf(stderr, "top %zu: <%s class=%s> score %.1f text %u link %u\n", i, h->node->name,
            cl ? cl : "", h->score, h->text, h->link);
  }
  fprintf(stderr, "best: <%s class=%s>\n", c->nodes[best].node->name,
          ws__html_attr(c->nodes[best].node, "class") ? ws__html_attr(c->nodes[best].node, "class") : "");
#endif
  while (c->nodes[best].parent >= 0 && c->nodes[c->nodes[best].parent].tag != T_BODY &&
         c->nodes[c->nodes[best].parent].tag != T_HTML &&
         element_children(c, c->nodes[best].parent) == 1)
    best = c->nodes[best].parent;
  choose_siblings(c, best);
  return write_article(c, out);
}

/* Returns the body element of the document, or its root. */
static xmlNode *body_of(xmlDoc *doc) {
  xmlNode *root = xmlDocGetRootElement(doc);
  if (!root)
    return NULL;
  for (xmlNode *n = root->children; n; n = n->next)
    if (n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, "body"))
      return n;
  return root;
}

/* Counts the characters of a UTF-8 buffer. */
static size_t utf8_chars(const char *s, size_t len) {
  size_t k = 0;
  for (size_t i = 0; i < len; i++)
    k += ((unsigned char)s[i] & 0xC0) != 0x80;
  return k;
}

/* Clears the record pointers left on the tree by an attempt. */
static void clear_private(xmlNode *root) {
  for (xmlNode *n = root; n; n = ws__html_next(root, n, n->type == XML_ELEMENT_NODE))
    if (n->type == XML_ELEMENT_NODE)
      n->_private = NULL;
}

/* Runs the attempts, from strictest to loosest, until one gives enough
 * text; keeps the longest. */
static ws_status extract_body(ws__html_ctx *c, xmlNode *body, ws__buf *out) {
  static const struct { bool strip, weights, clean; } TRIES[] = {
      {true, true, true}, {false, true, true}, {false, false, false}};
  ws__buf tmp;
  ws__buf_init(&tmp, out->max);
  size_t best_len = 0;
  ws_status st = WS_OK;
  for (size_t i = 0; i < sizeof TRIES / sizeof *TRIES && !st; i++) {
    c->strip_unlikely = TRIES[i].strip;
    c->use_weights = TRIES[i].weights;
    c->clean = TRIES[i].clean;
    if (i > 0)
      clear_private(body);
    st = attempt(c, body, &tmp);
    size_t chars = utf8_chars(tmp.data ? tmp.data : "", tmp.len);
    if (!st && (chars > best_len || i == 0)) {
      best_len = chars;
      out->len = 0;
      st = ws__buf_add(out, tmp.data ? tmp.data : "", tmp.len);
    }
    if (chars >= WS__MIN_ARTICLE)
      break;
  }
  ws__buf_free(&tmp);
  return st;
}

/* ---- Lines that are not the article --------------------------------------- */

/* Writes into buf (cap bytes) the lower-cased letters and digits of s[0,
 * n) (bytes >= 0x80 kept as they are); returns the length. */
static size_t squeeze(const char *s, size_t n, char *buf, size_t cap) {
  size_t k = 0;
  for (size_t i = 0; i < n && k < cap; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c >= 'A' && c <= 'Z')
      buf[k++] = (char)(c + 32);
    else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80)
      buf[k++] = (char)c;
  }
  return k;
}

/* Returns true when a line repeats the headline (the same letters and
 * digits, or nearly: one holds the other and is at most a fifth longer). */
static bool is_headline(const char *s, size_t n, ws_str title) {
  enum { CAP = 512 };
  if (!title.ptr || !title.len || n > 2 * title.len + 16)
    return false;
  char a[CAP], b[CAP];
  size_t la = squeeze(s, n, a, CAP), lb = squeeze(title.ptr, title.len, b, CAP);
  if (la < 8 || lb < 8)
    return false;
  const char *big = la >= lb ? a : b, *small = la >= lb ? b : a;
  size_t lbig = la >= lb ? la : lb, lsmall = la >= lb ? lb : la;
  if (lbig * 5 > lsmall * 6)
    return false;
  return memmem(big, lbig, small, lsmall) != NULL;
}

/* Returns true when the line has no letter or digit (rules, bullets,
 * zero-width spaces). Bytes of two-byte sequences and of CJK count as
 * letters; the three-byte punctuation of U+2000..U+2BFF does not. */
static bool no_words(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if ((c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z'))
      return false;
    if ((c >= 0xC3 && c <= 0xDF) || c >= 0xE3)
      return false;
  }
  return true;
}

/* Returns true when s[0, n) starts with prefix, ignoring ASCII case. */
static bool starts_with(const char *s, size_t n, const char *prefix) {
  size_t l = strlen(prefix);
  return n >= l && !strncasecmp(s, prefix, l);
}

/* Short lines that invite to click, subscribe, follow or share, or credit
 * an image, rather than tell the story. */
static const char *const CALLS[] = {
    "click here", "subscribe to", "sign up for", "follow us", "follow @",
    "read more:", "read more about", "related:", "related coverage", "see more:",
    "see also:", "don't miss", "more:", "also read", "read also", "leggi anche",
    "popular on", "image copyright", "image caption", "media caption",
    "sharing is caring", "share this", "tags:", "leave a comment", "advertisement",
    "you may also like", "recommended:", "listen:", "download:", "this slideshow requires",
    "follow ", "reporting by", "(reporting by", "additional reporting", "like this story",
    "have a tip", "get the latest", "sign up", "join our", "listen to", "reach the reporter",
    "copyright", "\xC2\xA9", "get access to", "related post", "[related", "also:",
    "filed under", "see more", "more from", "reading time", "tempo de leitura", NULL};
/* Words that mark a short line as a credit or notice wherever they are. */
static const char *const NOTICES[] = {
    "contributed to this report", "contributed reporting", "all rights reserved",
    "may earn an affiliate commission", "may earn a commission", "getty images", "ap photo",
    "photo credit", "image source", "photograph:", " min read", NULL};

/* Returns true when the line is a byline ("By Jane Doe") or a date line
 * ("Nov. 19, 2019, 8:41 AM UTC"): short and not a sentence. */
static bool byline_or_date(const char *s, size_t n) {
  if (n >= 80 || (n && s[n - 1] == '.'))
    return false;
  if (starts_with(s, n, "by ") || starts_with(s, n, "posted by ") ||
      starts_with(s, n, "updated") || starts_with(s, n, "published"))
    return true;
  if (n >= 60)
    return false;
  int digits = 0, letters = 0;
  bool clock = false, month = false;
  static const char *const MONTHS[] = {
      "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
      "dec", "january", "february", "march", "april", "june", "july", "august",
      "september", "october", "november", "december", NULL};
  if (n && (s[0] == '(' || s[n - 1] == '?' || s[n - 1] == ')' || starts_with(s, n, "\xE2\x80\x94")))
    return false; /* An aside, a question, the signature of an embedded post. */
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    digits += c >= '0' && c <= '9';
    letters += (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
    if (c == ':' && i > 0 && i + 2 < n && s[i - 1] >= '0' && s[i - 1] <= '9' &&
        s[i + 1] >= '0' && s[i + 1] <= '9')
      clock = true;
    bool word_start = i == 0 || !(((unsigned char)s[i - 1] | 0x20) >= 'a' &&
                                  ((unsigned char)s[i - 1] | 0x20) <= 'z');
    for (const char *const *m = MONTHS; word_start && *m && !month; m++) {
      size_t l = strlen(*m);
      month = i + l <= n && !strncasecmp(s + i, *m, l) &&
              (i + l == n || !(((unsigned char)s[i + l] | 0x20) >= 'a' &&
                               ((unsigned char)s[i + l] | 0x20) <= 'z'));
    }
  }
  if (letters > 30)
    return false;
  return (month && digits >= 3) || (clock && digits >= 3 && letters <= 12);
}

/* Returns true when a line repeats one of the page's headlines. (The
 * description, a standfirst, is often part of the expected article: it is
 * kept.) */
static bool is_repeat(const char *s, size_t n, const ws__html_out *out) {
  for (int i = 0; i < WS__REPEATS; i++)
    if (is_headline(s, n, out->repeats[i]))
      return true;
  return false;
}

/* Whole lines that are page furniture (compared ignoring ASCII case). */
static const char *const FURNITURE[] = {"comments", "tags", "share", "related", "advertisement",
                                        "tell us what you think...", "read more", NULL};

/* Decides whether a line of the text is kept. */
static bool keep_line(const char *s, size_t n, const ws__html_out *out) {
  ws_str title = out->title;
  for (const char *const *p = FURNITURE; *p; p++)
    if (n == strlen(*p) && !strncasecmp(s, *p, n))
      return false;
  if (is_repeat(s, n, out))
    return false;
  if (no_words(s, n) || is_headline(s, n, title) || byline_or_date(s, n)) {
#ifdef WS_HTML_DEBUG
    fprintf(stderr, "DROPLINE %d%d%d %.*s\n", no_words(s, n), is_headline(s, n, title),
            byline_or_date(s, n), (int)n, s);
#endif
    return false;
  }
  if (n >= 200)
    return true;
  char low[200]; /* The line in ASCII lower case, to compare in bulk. */
  for (size_t i = 0; i < n; i++)
    low[i] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] + 32 : s[i]);
  for (const char *const *p = NOTICES; *p; p++)
    if (memmem(low, n, *p, strlen(*p)))
      return false;
  for (const char *const *p = CALLS; *p; p++) {
    size_t l = strlen(*p);
    if (n >= l && !memcmp(low, *p, l)) {
#ifdef WS_HTML_DEBUG
        fprintf(stderr, "DROPCALL %s: %.*s\n", *p, (int)n, s);
#endif
      return false;
    }
  }
  return true;
}

/* Removes, in place, the lines of text that are not the article: the
 * headline again, bylines and dates, calls to click, empty rules. */
static void filter_lines(ws__buf *text, const ws__html_out *out) {
  size_t r = 0, w = 0;
  char *s = text->data;
  while (s && r < text->len) {
    const char *nl = memchr(s + r, '\n', text->len - r);
    size_t end = nl ? (size_t)(nl - s) : text->len;
    if (keep_line(s + r, end - r, out)) {
      if (w)
        s[w++] = '\n';
      memmove(s + w, s + r, end - r);
      w += end - r;
    }
    r = end + 1;
  }
  text->len = w;
  if (s)
    s[w] = 0;
}

/* Replaces out by the JSON-LD articleBody when the extracted text is much
 * shorter than it (the page hides its text, or extraction went wrong). */
static ws_status cross_check(ws__buf *out, const ws__buf *ld_body) {
  if (!ld_body->len)
    return WS_OK;
  size_t ours = utf8_chars(out->data ? out->data : "", out->len);
  size_t theirs = utf8_chars(ld_body->data, ld_body->len);
  if (theirs < 200 || ours * 2 >= theirs)
    return WS_OK;
  out->len = 0;
  return ws__buf_add(out, ld_body->data, ld_body->len);
}

/* ---- Prefilter ------------------------------------------------------------ */

/* Returns true when the n bytes at s start with the lower-case word w,
 * ignoring the case of s, followed by a byte that ends a tag name. */
static bool tag_word(const char *s, size_t n, const char *w) {
  size_t l = strlen(w);
  if (n <= l)
    return false;
  for (size_t i = 0; i < l; i++)
    if ((s[i] | 0x20) != w[i])
      return false;
  char c = s[l];
  return c == '>' || c == '/' || c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* Finds the closing tag </name in s[from, n); returns its offset or n. */
static size_t find_close(const char *s, size_t from, size_t n, const char *name) {
  for (size_t i = from; i < n;) {
    const char *p = memchr(s + i, '<', n - i);
    if (!p)
      return n;
    i = (size_t)(p - s);
    if (i + 1 < n && s[i + 1] == '/' && tag_word(s + i + 2, n - i - 2, name))
      return i;
    i++;
  }
  return n;
}

/* Returns true when the start tag s[0, n) (from "<script" to ">") is of a
 * JSON-LD script. */
static bool ld_json_tag(const char *s, size_t n) {
  for (size_t i = 0; i + 7 <= n; i++)
    if ((s[i] | 0x20) == 'l' && (s[i + 1] | 0x20) == 'd' && s[i + 2] == '+' &&
        !strncasecmp(s + i + 3, "json", 4))
      return true;
  return false;
}

/* Removes, in place, what the extraction never reads but libxml2 would
 * parse character by character: the bodies of <script> (but JSON-LD),
 * <style>, <svg>, <noscript> and <template> elements (never part of the
 * text), and comments. The elements themselves stay.
 * An element or comment that is not closed is kept as it is, and ends the
 * filtering. Returns the new length. */
static size_t prefilter(char *s, size_t n) {
  static const char *const RAW[] = {"script", "style", "svg", "noscript", "template"};
  size_t r = 0, w = 0;
  while (r < n) {
    const char *p = memchr(s + r, '<', n - r);
    size_t lt = p ? (size_t)(p - s) : n;
    memmove(s + w, s + r, lt - r);
    w += lt - r;
    r = lt;
    if (r >= n)
      break;
    size_t skip_to = 0, keep_to = r + 1;
    if (r + 4 <= n && !memcmp(s + r, "<!--", 4)) {
      const char *e = memmem(s + r + 4, n - r - 4, "-->", 3);
      if (!e)
        break;
      keep_to = r;
      skip_to = (size_t)(e - s) + 3;
    } else {
      for (size_t k = 0; k < sizeof RAW / sizeof *RAW; k++) {
        if (!tag_word(s + r + 1, n - r - 1, RAW[k]))
          continue;
        const char *gt = memchr(s + r, '>', n - r);
        if (!gt)
          break;
        keep_to = (size_t)(gt - s) + 1;
        if (k == 0 && ld_json_tag(s + r, keep_to - r))
          break;
        skip_to = find_close(s, keep_to, n, RAW[k]);
        if (skip_to >= n)
          keep_to = n;
        break;
      }
    }
    memmove(s + w, s + r, keep_to - r);
    w += keep_to - r;
    r = skip_to > keep_to ? skip_to : keep_to;
    if (keep_to >= n)
      break;
  }
  if (r < n) {
    memmove(s + w, s + r, n - r);
    w += n - r;
  }
  return w;
}

ws_status ws__html_extract(char *html, size_t len, ws__arena *arena, ws__html_out *out) {
  pthread_once(&hint_once, build_hints);
  len = prefilter(html, len);
  if (len > WS__MAX_HTML)
    len = WS__MAX_HTML; /* The tree takes about ten times the page. */
  htmlParserCtxtPtr ctx = htmlNewParserCtxt();
  if (!ctx)
    return WS_ERR_NOMEM;
  int opts = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
             HTML_PARSE_NONET | HTML_PARSE_COMPACT | HTML_PARSE_IGNORE_ENC | HTML_PARSE_NODEFDTD |
             XML_PARSE_HUGE;
  xmlDoc *doc = htmlCtxtReadMemory(ctx, html, (int)len, NULL, "UTF-8", opts);
  htmlFreeParserCtxt(ctx);
  if (!doc)
    return WS_OK; /* Nothing parseable: an empty text. */
  ws__html_ctx *c = calloc(1, sizeof *c);
  ws_status st = c ? WS_OK : WS_ERR_NOMEM;
  ws__buf ld_body;
  ws__buf_init(&ld_body, SIZE_MAX);
  if (!st)
    st = ws__html_meta(doc, arena, out, &ld_body);
  xmlNode *body = body_of(doc);
  if (!st && body)
    st = extract_body(c, body, &out->text);
#ifdef WS_HTML_DEBUG
  fprintf(stderr, "before filter:\n%.*s\n", (int)out->text.len, out->text.data ? out->text.data : "");
#endif
  if (!st)
    filter_lines(&out->text, out);
  if (!st)
    st = cross_check(&out->text, &ld_body);
  ws__buf_free(&ld_body);
  if (c)
    free(c->nodes);
  free(c);
  xmlFreeDoc(doc);
  return st;
}
