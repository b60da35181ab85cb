/* quote.c: pairs quotation marks into quotations.
 *
 * One pass over the quotation-mark tokens of each paragraph with a small
 * stack, in linear time. Directed marks (“ ” ‘ ’ « » „ ‹ ›) open or close by
 * their shape; straight marks (" ') by their neighbours, as cmark's flanking
 * rules do. A closing mark pairs with the nearest open mark of its family
 * (double, single, guillemet). A straight mark that can only open, met while
 * a mark of its family is open, means the earlier one was stray: it is
 * dropped, so one stray mark never swallows the rest of the paragraph.
 * A quotation still open at the end of a paragraph continues when the next
 * paragraph starts with an opening mark of the same family (a multi-paragraph
 * quote); otherwise it is dropped with a warning. ’ and ' between letters,
 * before a decade ('90s) or in rock 'n' roll are apostrophes. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

enum { FAM_NONE, FAM_DOUBLE, FAM_SINGLE, FAM_GUILL, FAM_SGUILL };
enum { MAX_DEPTH = 16 };

/* The family and the possible directions of a quotation-mark token. */
typedef struct mark {
  int family;
  bool can_open, can_close;
} mark;

/* True when the byte before/after position is white space, punctuation or
 * the edge of the text (used for flanking). */
static bool space_or_punct_before(const ws__doc *doc, size_t ti) {
  if (ti == 0 || (doc->tok[ti].flags & (WS__TF_SPACE_BEFORE | WS__TF_PARA_START)))
    return true;
  return doc->tok[ti - 1].type != WS__TOK_WORD && doc->tok[ti - 1].type != WS__TOK_NUMBER;
}

static bool space_or_punct_after(const ws__doc *doc, size_t ti) {
  if (ti + 1 >= doc->ntok)
    return true;
  const ws__token *n = &doc->tok[ti + 1];
  if ((n->flags & (WS__TF_SPACE_BEFORE | WS__TF_PARA_START)) || n->para != doc->tok[ti].para)
    return true;
  return n->type != WS__TOK_WORD && n->type != WS__TOK_NUMBER;
}

/* True when token ti holds only invisible format characters (U+200B to
 * U+200F, U+202A to U+202E, U+2060 to U+2064, U+FEFF), which some pages put
 * before a paragraph's first mark. */
static bool invisible(const ws__doc *doc, size_t ti) {
  const unsigned char *s = (const unsigned char *)doc->text + doc->tok[ti].start;
  size_t n = doc->tok[ti].end - doc->tok[ti].start;
  if (n == 0 || n % 3 != 0)
    return false;
  for (size_t i = 0; i < n; i += 3) {
    uint32_t cp = (uint32_t)(s[i] & 0x0F) << 12 | (uint32_t)(s[i + 1] & 0x3F) << 6 | (s[i + 2] & 0x3F);
    if ((s[i] & 0xF0) != 0xE0 ||
        !((cp >= 0x200B && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E) ||
          (cp >= 0x2060 && cp <= 0x2064) || cp == 0xFEFF))
      return false;
  }
  return true;
}

/* True when an opening bracket follows the mark at token ti directly and a
 * word follows the bracket: the editor's insertion at a quotation's start
 * ("[Trump] doesn't …", "(He) said …"). */
static bool bracket_after(const ws__doc *doc, size_t ti) {
  if (ti + 2 >= doc->ntok)
    return false;
  const ws__token *b = &doc->tok[ti + 1], *w = &doc->tok[ti + 2];
  return b->type == WS__TOK_PUNCT && !(b->flags & WS__TF_SPACE_BEFORE) && b->end - b->start == 1 &&
         (doc->text[b->start] == '[' || doc->text[b->start] == '(') && w->type == WS__TOK_WORD &&
         !(w->flags & WS__TF_SPACE_BEFORE);
}

/* Classifies the mark at token ti. */
static mark classify(const ws__doc *doc, size_t ti) {
  const ws__token *t = &doc->tok[ti];
  const unsigned char *s = (const unsigned char *)doc->text + t->start;
  size_t n = t->end - t->start;
  mark m = {FAM_NONE, false, false};
  bool left = !space_or_punct_after(doc, ti) || (ti + 1 < doc->ntok &&
               doc->tok[ti + 1].type == WS__TOK_QUOTE && !(doc->tok[ti + 1].flags & WS__TF_SPACE_BEFORE)) ||
              bracket_after(doc, ti); /* "[Trump] doesn't speak for …" */
  bool right = !space_or_punct_before(doc, ti) ||
               (ti > 0 && (doc->tok[ti - 1].type == WS__TOK_PUNCT ||
                           doc->tok[ti - 1].type == WS__TOK_QUOTE) &&
                !(t->flags & WS__TF_SPACE_BEFORE)); /* ,"  and  '" close */
  if (n == 1) {
    m.family = s[0] == '"' ? FAM_DOUBLE : s[0] == '\'' ? FAM_SINGLE : FAM_NONE;
    m.can_open = left && !(right && !space_or_punct_before(doc, ti));
    m.can_close = right;
    if (m.can_open && m.can_close)
      m.can_close = !space_or_punct_before(doc, ti) || space_or_punct_after(doc, ti);
    /* A straight double mark after a comma or a period and a stray space,
     * with a space after it too, closes: `… doing this, " Trump said.` */
    if (!left && !right && s[0] == '"' && ti > 0 && (t->flags & WS__TF_SPACE_BEFORE) &&
        doc->tok[ti - 1].end - doc->tok[ti - 1].start == 1 &&
        ((doc->tok[ti - 1].type == WS__TOK_PUNCT &&
          (doc->text[doc->tok[ti - 1].start] == ',' || doc->text[doc->tok[ti - 1].start] == '.' ||
           doc->text[doc->tok[ti - 1].start] == '?' || doc->text[doc->tok[ti - 1].start] == '!')) ||
         (doc->tok[ti - 1].type == WS__TOK_QUOTE && doc->text[doc->tok[ti - 1].start] == '\'')))
      m.can_close = true; /* and after a closing single mark: `… primary,' " she said.` */
    return m;
  }
  uint32_t cp = n == 2 ? ((uint32_t)(s[0] & 0x1F) << 6 | (s[1] & 0x3F))
                       : ((uint32_t)(s[0] & 0x0F) << 12 | (uint32_t)(s[1] & 0x3F) << 6 | (s[2] & 0x3F));
  switch (cp) {
  case 0x201C: case 0x201E: case 0x201F:
    /* A “ written for ” after a word or a comma, before a space, may close:
     * `“It's unusual,“ said Larry Noble`. */
    m.family = FAM_DOUBLE, m.can_open = true;
    m.can_close = cp == 0x201C && right && !left && !(t->flags & WS__TF_SPACE_BEFORE);
    break;
  case 0x201D: /* A ” opening a paragraph before a word opens: a smart-quote slip. */
    m.family = FAM_DOUBLE;
    m.can_open = left && (ti == 0 || (t->flags & WS__TF_PARA_START) ||
                          ((doc->tok[ti - 1].flags & WS__TF_PARA_START) && invisible(doc, ti - 1)));
    m.can_close = !m.can_open;
    break;
  case 0x2018: case 0x201A: case 0x201B: m.family = FAM_SINGLE, m.can_open = true; break;
  case 0x2019: m.family = FAM_SINGLE, m.can_close = right; break;
  case 0x00AB: m.family = FAM_GUILL, m.can_open = true; break;
  case 0x00BB: m.family = FAM_GUILL, m.can_close = true; break;
  case 0x2039: m.family = FAM_SGUILL, m.can_open = true; break;
  case 0x203A: m.family = FAM_SGUILL, m.can_close = true; break;
  }
  return m;
}

/* True when the word token at ti is a possessive or plural ending in s/S. */
static bool ends_in_s(const ws__doc *doc, size_t ti) {
  const ws__token *t = &doc->tok[ti];
  if (t->type != WS__TOK_WORD)
    return false;
  char c = doc->text[t->end - 1];
  return c == 's' || c == 'S';
}

/* True when the single mark at ti is an apostrophe, not a quotation mark:
 * 'n' in rock 'n' roll, ‘90s, or a possessive s’ when no single quote is
 * open. */
static bool is_apostrophe(const ws__doc *doc, size_t ti, bool single_open) {
  const ws__token *t = &doc->tok[ti];
  if (ti + 2 < doc->ntok && doc->tok[ti + 2].type == WS__TOK_QUOTE &&
      doc->tok[ti + 1].end - doc->tok[ti + 1].start == 1 &&
      (doc->text[doc->tok[ti + 1].start] == 'n' || doc->text[doc->tok[ti + 1].start] == 'N') &&
      doc->tok[ti + 1].start == t->end)
    return true; /* 'n' */
  if (ti > 1 && doc->tok[ti - 2].type == WS__TOK_QUOTE && doc->tok[ti - 1].end == t->start &&
      doc->tok[ti - 1].end - doc->tok[ti - 1].start == 1 &&
      (doc->text[doc->tok[ti - 1].start] == 'n' || doc->text[doc->tok[ti - 1].start] == 'N'))
    return true;
  if (ti + 1 < doc->ntok && doc->tok[ti + 1].type == WS__TOK_NUMBER &&
      doc->tok[ti + 1].start == t->end)
    return true; /* ’90s */
  if (!single_open && ti > 0 && ends_in_s(doc, ti - 1) && doc->tok[ti - 1].end == t->start)
    return true; /* Jones’ */
  return false;
}

/* True when the single mark at ti, inside an open single quotation, is the
 * apostrophe of a plural possessive: "‘… the owners’ view is that …’". It
 * ends a word in s and a lower-case word follows, and a later mark in the
 * paragraph (looked for over a bounded stretch) can close the quotation. */
static bool possessive_inside(const ws__doc *doc, size_t ti, size_t para_end) {
  if (ti == 0 || !ends_in_s(doc, ti - 1) || doc->tok[ti - 1].end != doc->tok[ti].start ||
      ti + 1 >= para_end || doc->tok[ti + 1].type != WS__TOK_WORD ||
      (doc->tok[ti + 1].flags & WS__TF_CAP))
    return false;
  size_t limit = ti + 200 < para_end ? ti + 200 : para_end;
  for (size_t k = ti + 1; k < limit; k++) {
    if (doc->tok[k].type != WS__TOK_QUOTE)
      continue;
    mark m = classify(doc, k);
    if (m.family == FAM_SINGLE && m.can_close &&
        !(k + 1 < para_end && doc->tok[k + 1].type == WS__TOK_WORD &&
          !(doc->tok[k + 1].flags & WS__TF_CAP) && ends_in_s(doc, k - 1)))
      return true;
  }
  return false;
}

/* A quotation under construction on the stack. */
typedef struct open_mark {
  size_t tok;
  int family;
} open_mark;

/* Pairing state for one document. */
typedef struct pairer {
  ws__doc *doc;
  ws__vec quotes; /* ws__quote, in closing order. */
  open_mark stack[MAX_DEPTH];
  int depth;
  int32_t pending_prev; /* A part that continues into this paragraph, or -1. */
  int pending_family;
  size_t n_unclosed;
} pairer;

/* Records a quotation from the opening mark at token o to the closing mark
 * at token c (c == SIZE_MAX: to the end of the paragraph). */
static ws_status add_quote(pairer *p, size_t o, size_t c, size_t para_end) {
  ws__doc *doc = p->doc;
  ws__quote *q = WS__VEC_PUSH(&p->quotes, ws__quote);
  if (!q)
    return WS_ERR_NOMEM;
  q->open = (int32_t)o;
  q->close = c == SIZE_MAX ? -1 : (int32_t)c;
  q->closed = c != SIZE_MAX;
  size_t last = c == SIZE_MAX ? para_end : c;
  q->start = doc->tok[o].end;
  q->end = c == SIZE_MAX ? doc->tok[para_end - 1].end : doc->tok[c].start;
  if (c != SIZE_MAX && c > o + 1 && (doc->tok[c].flags & WS__TF_SPACE_BEFORE))
    q->end = doc->tok[c - 1].end; /* `… this, " Trump said`: no white space in the words. */
  q->first = (uint32_t)(o + 1);
  q->last = (uint32_t)(last - 1);
  q->next_part = -1;
  q->prev_part = -1;
  return WS_OK;
}

/* Finds the topmost open mark of a family on the stack, or -1. */
static int find_open(const pairer *p, int family) {
  for (int k = p->depth - 1; k >= 0; k--)
    if (p->stack[k].family == family)
      return k;
  return -1;
}

/* The typographic style of a quotation-mark token: 0 for a straight mark
 * (" or '), 1 for a doubled apostrophe (''), 2 for a directed mark. */
static int mark_style(const ws__doc *doc, size_t ti) {
  const ws__token *t = &doc->tok[ti];
  unsigned char c = (unsigned char)doc->text[t->start];
  if (c == '"' || (c == '\'' && t->end - t->start == 1))
    return 0;
  return c == '\'' ? 1 : 2;
}

/* True when an opening mark at token ti, met while a mark of its family is
 * open, starts a quotation inside that one rather than showing it stray:
 * writers who nest “ inside “ do so with directed marks, and the inner
 * quotation closes before the outer one. */
static bool nests(const ws__doc *doc, size_t ti, int family) {
  return family == FAM_DOUBLE && mark_style(doc, ti) == 2;
}

/* Handles one quotation-mark token. */
static ws_status on_mark(pairer *p, size_t ti, size_t para_end) {
  mark m = classify(p->doc, ti);
  if (m.family == FAM_NONE)
    return WS_OK;
  if (m.family == FAM_SINGLE && is_apostrophe(p->doc, ti, find_open(p, FAM_SINGLE) >= 0))
    return WS_OK;
  if (m.family == FAM_SINGLE && find_open(p, FAM_SINGLE) >= 0 &&
      possessive_inside(p->doc, ti, para_end))
    return WS_OK;
  int k = find_open(p, m.family);
  if (m.can_close && k >= 0) {
    ws_status st = add_quote(p, p->stack[k].tok, ti, para_end);
    p->depth = k;
    return st;
  }
  if (!m.can_open)
    return WS_OK;
  if (k >= 0 && !nests(p->doc, ti, m.family))
    p->depth = k; /* The earlier mark of this family was stray. */
  if (p->depth == MAX_DEPTH)
    return WS_OK;
  p->stack[p->depth].tok = ti;
  p->stack[p->depth].family = m.family;
  p->depth++;
  return WS_OK;
}

/* True when tokens ti and ti + 1 are two straight single marks written
 * together: the '' that some newspapers use as a double quotation mark. */
static bool double_apostrophe(const ws__doc *doc, size_t ti) {
  if (ti + 1 >= doc->ntok || doc->tok[ti + 1].type != WS__TOK_QUOTE ||
      doc->tok[ti + 1].start != doc->tok[ti].end)
    return false;
  return doc->tok[ti].end - doc->tok[ti].start == 1 && doc->text[doc->tok[ti].start] == '\'' &&
         doc->tok[ti + 1].end - doc->tok[ti + 1].start == 1 &&
         doc->text[doc->tok[ti + 1].start] == '\'';
}

/* Handles '' at tokens ti, ti + 1 as one straight double mark: it closes an
 * open double quotation when a word or punctuation comes right before it,
 * else it opens one when a word follows. The quotation's opening mark is
 * the second ' and its closing mark the first. */
static ws_status on_pair(pairer *p, size_t ti, size_t para_end) {
  const ws__doc *doc = p->doc;
  bool right = !space_or_punct_before(doc, ti) ||
               (ti > 0 && (doc->tok[ti - 1].type == WS__TOK_PUNCT ||
                           doc->tok[ti - 1].type == WS__TOK_QUOTE) &&
                !(doc->tok[ti].flags & WS__TF_SPACE_BEFORE));
  bool left = !space_or_punct_after(doc, ti + 1);
  int k = find_open(p, FAM_DOUBLE);
  if (right && k >= 0) {
    ws_status st = add_quote(p, p->stack[k].tok, ti, para_end);
    p->depth = k;
    return st;
  }
  if (!left)
    return WS_OK;
  if (k >= 0)
    p->depth = k;
  if (p->depth == MAX_DEPTH)
    return WS_OK;
  p->stack[p->depth].tok = ti + 1;
  p->stack[p->depth].family = FAM_DOUBLE;
  p->depth++;
  return WS_OK;
}

/* True when the paragraph starting at token first opens with a mark of the
 * same family and style as the opening mark at token open: a quotation
 * opened with a straight mark goes on after a paragraph break with a
 * straight one, a curly one with a curly one. */
static bool para_opens_with(const ws__doc *doc, size_t first, size_t open, int family) {
  if (first >= doc->ntok || doc->tok[first].type != WS__TOK_QUOTE)
    return false;
  mark m = classify(doc, first);
  return m.family == family && m.can_open && mark_style(doc, first) == mark_style(doc, open);
}

/* True when the only mark still open at the end of a paragraph most likely
 * lost its closing mark: a double mark that opens a sentence after a
 * closed quotation of the same paragraph, and four words or more up to a
 * paragraph that ends a sentence ("“…,” said Baron. “His candidacy …
 * depth." then a new paragraph). Such a quotation is taken to the
 * paragraph's end; the warning stays. */
static bool missing_close(const pairer *p, open_mark m, size_t para_end) {
  const ws__doc *doc = p->doc;
  size_t o = m.tok;
  if (m.family == FAM_SINGLE || p->quotes.len == 0 || o < 2 || para_end < o + 5)
    return false;
  const ws__quote *prev = &WS__VEC_AT(&p->quotes, ws__quote, p->quotes.len - 1);
  if (!prev->closed || doc->tok[prev->open].para != doc->tok[o].para ||
      (size_t)prev->close >= o)
    return false;
  const ws__token *before = &doc->tok[o - 1], *end = &doc->tok[para_end - 1];
  char b = doc->text[before->start], e = doc->text[end->start];
  if (before->type != WS__TOK_PUNCT || !(b == '.' || b == '!' || b == '?') ||
      end->type != WS__TOK_PUNCT || !(e == '.' || e == '!' || e == '?'))
    return false;
  size_t words = 0;
  for (size_t k = o + 1; k < para_end && words < 4; k++)
    words += doc->tok[k].type == WS__TOK_WORD;
  return words >= 4;
}

/* Closes a paragraph: the outermost still-open quotation continues into the
 * next paragraph when that one opens with the same family; the others are
 * dropped with a warning. */
static ws_status end_paragraph(pairer *p, size_t para_end) {
  ws__doc *doc = p->doc;
  p->pending_prev = -1;
  if (p->depth == 0)
    return WS_OK;
  open_mark bottom = p->stack[0];
  p->depth = 0;
  if (bottom.family != FAM_SINGLE && para_opens_with(doc, para_end, bottom.tok, bottom.family) &&
      para_end > bottom.tok + 1) {
    ws_status st = add_quote(p, bottom.tok, SIZE_MAX, para_end);
    if (st == WS_OK) {
      p->pending_prev = (int32_t)(p->quotes.len - 1);
      p->pending_family = bottom.family;
    }
    return st;
  }
  if (p->depth == 0 && missing_close(p, bottom, para_end)) {
    ws_status st = add_quote(p, bottom.tok, SIZE_MAX, para_end);
    if (st != WS_OK)
      return st;
  }
  if (++p->n_unclosed <= 20) {
    ws_warning *w = ws__vec_push(&doc->warnings);
    if (!w)
      return WS_ERR_NOMEM;
    w->pos = doc->tok[bottom.tok].start;
    w->message = "unclosed quotation mark";
  }
  return WS_OK;
}

static int cmp_quote(const void *a, const void *b) {
  const ws__quote *x = a, *y = b;
  return (x->open > y->open) - (x->open < y->open);
}

/* Links multi-paragraph parts: a quotation whose opening mark is the first
 * token of the paragraph right after an open-ended part continues it. */
static void link_parts(ws__doc *doc) {
  for (size_t i = 0; i + 1 < doc->nquotes; i++) {
    ws__quote *q = &doc->quotes[i];
    if (q->closed)
      continue;
    uint32_t para = doc->tok[q->open].para;
    size_t first = doc->para_first[para + 1 <= doc->npara ? para + 1 : para];
    for (size_t j = i + 1; j < doc->nquotes && doc->quotes[j].open <= (int32_t)first; j++) {
      if (doc->quotes[j].open == (int32_t)first) {
        q->next_part = (int32_t)j;
        doc->quotes[j].prev_part = (int32_t)i;
        break;
      }
    }
  }
}

/* Marks tokens first to last (or to the end) as inside quotation q and
 * returns how many of them are words or numbers. */
static size_t mark_inside(ws__doc *doc, uint32_t first, uint32_t last, int32_t q) {
  size_t end = last < doc->ntok ? (size_t)last + 1 : doc->ntok, words = 0;
  for (size_t t = first; t < end; t++) {
    ws__token *k = &doc->tok[t];
    k->quote = q;
    k->flags |= WS__TF_IN_QUOTE;
    /* WS__TOK_WORD and WS__TOK_NUMBER are 1 and 2. */
    words += (unsigned)(k->type - WS__TOK_WORD) <= WS__TOK_NUMBER - WS__TOK_WORD;
  }
  return words;
}

/* Computes depths and marks the tokens of each outermost quotation. */
static void mark_tokens(ws__doc *doc) {
  int32_t outer = -1;
  for (size_t i = 0; i < doc->nquotes; i++) {
    ws__quote *q = &doc->quotes[i];
    if (outer >= 0 && q->open > doc->quotes[outer].open &&
        q->last < doc->quotes[outer].last + 1 && q->first > doc->quotes[outer].first) {
      q->depth = 1;
      continue;
    }
    outer = (int32_t)i;
    q->depth = 0;
    size_t words = mark_inside(doc, q->first, q->last, (int32_t)i);
    q->n_words = (uint16_t)(words < UINT16_MAX ? words : UINT16_MAX);
    doc->tok[q->open].flags |= WS__TF_QOPEN;
    if (q->close >= 0)
      doc->tok[q->close].flags |= WS__TF_QCLOSE;
    if (q->open > 0 && double_apostrophe(doc, (size_t)q->open - 1))
      doc->tok[q->open - 1].flags |= WS__TF_QOPEN; /* The first ' of ''. */
    if (q->close >= 0 && double_apostrophe(doc, (size_t)q->close))
      doc->tok[q->close + 1].flags |= WS__TF_QCLOSE;
  }
}

ws_status ws__find_quotes(ws__doc *doc) {
  pairer p = {.doc = doc, .pending_prev = -1};
  ws__vec_init(&p.quotes, sizeof(ws__quote));
  ws_status st = WS_OK;
  size_t m = 0; /* The next quotation-mark token, in doc->marks. */
  for (uint32_t para = 0; para < doc->npara && st == WS_OK; para++) {
    size_t end = doc->para_first[para + 1];
    for (; m < doc->nmarks && doc->marks[m] < end && st == WS_OK; m++) {
      size_t ti = doc->marks[m];
      /* ''' closing a single quotation inside a double one: ' then ''. */
      bool triple = ti + 2 < end && double_apostrophe(doc, ti + 1) &&
                    doc->tok[ti + 1].start == doc->tok[ti].end && find_open(&p, FAM_SINGLE) >= 0;
      if (ti + 1 < end && double_apostrophe(doc, ti) && !triple)
        st = on_pair(&p, ti, end), m++; /* ti + 1 is the next mark. */
      else
        st = on_mark(&p, ti, end);
    }
    if (st == WS_OK)
      st = end_paragraph(&p, end);
  }
  if (st != WS_OK) {
    ws__vec_free(&p.quotes);
    return st;
  }
  doc->nquotes = p.quotes.len;
  doc->quotes = ws__arena_alloc(doc->arena, (doc->nquotes + 1) * sizeof(ws__quote));
  if (!doc->quotes) {
    ws__vec_free(&p.quotes);
    return WS_ERR_NOMEM;
  }
  if (doc->nquotes)
    memcpy(doc->quotes, p.quotes.items, doc->nquotes * sizeof(ws__quote));
  ws__vec_free(&p.quotes);
  /* Quotations are recorded as they close, so an inner one comes before its
   * outer one; most documents hold none and need no sorting. Only strictly
   * increasing opening marks skip qsort, so its order is kept in every case. */
  bool sorted = true;
  for (size_t i = 1; i < doc->nquotes && sorted; i++)
    sorted = doc->quotes[i - 1].open < doc->quotes[i].open;
  if (!sorted)
    qsort(doc->quotes, doc->nquotes, sizeof(ws__quote), cmp_quote);
  link_parts(doc);
  mark_tokens(doc);
  return WS_OK;
}
