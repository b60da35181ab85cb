/* html_meta.c: what a news page says about itself: its headline, author
 * line, publication date and canonical URL, from <meta> tags (Open Graph,
 * article:*, Dublin Core, parse.ly and others), JSON-LD (schema.org
 * NewsArticle and its kin, also inside @graph), <link rel=canonical>,
 * rel=author links, byline classes, <time datetime>, <h1> and <title>. The
 * JSON-LD articleBody is handed back too, for html.c's cross-check. One
 * pass over the tree, without recursion. */
#define _GNU_SOURCE
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "html_int.h"

/* Longest text kept for a metadata field, in bytes. */
#define MAX_FIELD 1024
/* Deepest JSON-LD nesting searched for an article. */
#define MAX_LD_DEPTH 8

/* The candidates seen, by source; each a NUL-terminated string owned by
 * the tree, by scratch buffers or by the JSON values (NULL when absent). */
typedef enum field {
  F_OG_TITLE, F_LD_HEADLINE, F_H1, F_TITLE, F_SITE_NAME,
  F_META_AUTHOR, F_LD_AUTHOR, F_REL_AUTHOR, F_BYLINE_CLASS,
  F_PUB_META, F_LD_DATE, F_OTHER_DATE, F_TIME,
  F_CANONICAL, F_OG_URL, F_COUNT
} field;

typedef struct found {
  char *v[F_COUNT]; /* malloc'd copies. */
  json_t *ld_body;  /* A reference to the articleBody string. */
} found;

/* Keeps the first value of a field: a copy of s, at most MAX_FIELD bytes. */
static void keep(found *f, field k, const char *s) {
  if (f->v[k] || !s || !*s)
    return;
  size_t n = strnlen(s, MAX_FIELD);
  char *p = malloc(n + 1);
  if (!p)
    return; /* Metadata is best effort. */
  memcpy(p, s, n);
  p[n] = 0;
  f->v[k] = p;
}

/* Collects the text of the subtree of n (at most MAX_FIELD bytes) into buf,
 * which has room for MAX_FIELD + 1. */
static void subtree_text(const xmlNode *root, char *buf) {
  size_t k = 0;
  const xmlNode *n = root->children;
  while (n && k < MAX_FIELD) {
    if ((n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) && n->content) {
      size_t l = strnlen((const char *)n->content, MAX_FIELD - k);
      memcpy(buf + k, n->content, l);
      k += l;
      if (k < MAX_FIELD)
        buf[k++] = ' ';
    }
    if (n->type == XML_ELEMENT_NODE && n->children && strcmp((const char *)n->name, "script") &&
        strcmp((const char *)n->name, "style")) {
      n = n->children;
      continue;
    }
    while (n && n != root && !n->next)
      n = n->parent;
    if (!n || n == root)
      break;
    n = n->next;
  }
  buf[k] = 0;
}

/* Keeps the text of element n as field k. */
static void keep_text(found *f, field k, const xmlNode *n) {
  if (f->v[k])
    return;
  char buf[MAX_FIELD + 1];
  subtree_text(n, buf);
  const char *s = buf;
  while (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r')
    s++;
  if (*s)
    keep(f, k, s);
}

/* ---- <meta> tags ---------------------------------------------------------- */

/* Meta names of publication dates other than article:published_time. */
static const char *const DATE_NAMES[] = {
    "og:article:published_time", "datepublished", "date", "pubdate", "publishdate",
    "publish-date", "publish_date", "dc.date", "dc.date.issued", "dcterms.created",
    "dcterms.date", "sailthru.date", "parsely-pub-date", "article.published",
    "article_date_original", "original-publish-date", "citation_publication_date",
    "displaydate", "dc.date.created", NULL};
/* Meta names of authors. */
static const char *const AUTHOR_NAMES[] = {"author", "article:author", "byl", "parsely-author",
                                           "dc.creator", "sailthru.author", "citation_author",
                                           "dcterms.creator", "og:article:author", NULL};

/* Returns true when name equals one of list, ignoring case. */
static bool in_list(const char *name, const char *const *list) {
  for (; *list; list++)
    if (!strcasecmp(name, *list))
      return true;
  return false;
}

/* Reads one <meta> element. */
static void read_meta(found *f, const xmlNode *n) {
  const char *content = ws__html_attr(n, "content");
  if (!content || !*content)
    return;
  const char *keys[3] = {ws__html_attr(n, "property"), ws__html_attr(n, "name"),
                         ws__html_attr(n, "itemprop")};
  for (int i = 0; i < 3; i++) {
    const char *k = keys[i];
    if (!k)
      continue;
    if (!strcasecmp(k, "og:title"))
      keep(f, F_OG_TITLE, content);
    else if (!strcasecmp(k, "og:site_name"))
      keep(f, F_SITE_NAME, content);
    else if (!strcasecmp(k, "og:url"))
      keep(f, F_OG_URL, content);
    else if (!strcasecmp(k, "article:published_time"))
      keep(f, F_PUB_META, content);
    else if (in_list(k, DATE_NAMES))
      keep(f, F_OTHER_DATE, content);
    else if (in_list(k, AUTHOR_NAMES) && strncmp(content, "http", 4) != 0)
      keep(f, F_META_AUTHOR, content);
  }
}

/* ---- JSON-LD -------------------------------------------------------------- */

/* Returns true when a schema.org type names an article. */
static bool article_type(const char *t) {
  size_t l = strlen(t);
  return (l >= 7 && !strcmp(t + l - 7, "Article")) || strstr(t, "BlogPosting") ||
         !strcmp(t, "Report") || !strcmp(t, "LiveBlogPosting");
}

/* Returns true when a JSON-LD object's @type is an article type. */
static bool is_article(json_t *o) {
  json_t *t = json_object_get(o, "@type");
  if (json_is_string(t))
    return article_type(json_string_value(t));
  size_t i;
  json_t *v;
  json_array_foreach(t, i, v) if (json_is_string(v) && article_type(json_string_value(v))) return true;
  return false;
}

/* Appends the names of a JSON-LD author value (string, object or array of
 * them) to buf (MAX_FIELD + 1 bytes), comma-separated. */
static void author_names(json_t *a, char *buf, int depth) {
  if (depth > 2)
    return;
  const char *name = NULL;
  if (json_is_string(a))
    name = json_string_value(a);
  else if (json_is_object(a))
    name = json_string_value(json_object_get(a, "name"));
  if (name && *name && strncmp(name, "http", 4) != 0) {
    size_t k = strlen(buf);
    snprintf(buf + k, MAX_FIELD + 1 - k, "%s%s", k ? ", " : "", name);
  }
  size_t i;
  json_t *v;
  if (json_is_array(a))
    json_array_foreach(a, i, v) author_names(v, buf, depth + 1);
}

/* Takes the fields of one JSON-LD article object. */
static void read_ld_article(found *f, json_t *o) {
  keep(f, F_LD_HEADLINE, json_string_value(json_object_get(o, "headline")));
  const char *d = json_string_value(json_object_get(o, "datePublished"));
  keep(f, F_LD_DATE, d ? d : json_string_value(json_object_get(o, "dateCreated")));
  char names[MAX_FIELD + 1] = "";
  author_names(json_object_get(o, "author"), names, 0);
  keep(f, F_LD_AUTHOR, names);
  json_t *body = json_object_get(o, "articleBody");
  if (json_is_string(body) && !f->ld_body)
    f->ld_body = json_incref(body);
}

/* Searches a JSON-LD value for article objects (in arrays, @graph and
 * mainEntity), down to MAX_LD_DEPTH. */
static void read_ld_value(found *f, json_t *v, int depth) {
  if (depth > MAX_LD_DEPTH)
    return;
  size_t i;
  json_t *item;
  if (json_is_array(v)) {
    json_array_foreach(v, i, item) read_ld_value(f, item, depth + 1);
    return;
  }
  if (!json_is_object(v))
    return;
  if (is_article(v))
    read_ld_article(f, v);
  read_ld_value(f, json_object_get(v, "@graph"), depth + 1);
  read_ld_value(f, json_object_get(v, "mainEntity"), depth + 1);
}

/* Parses the JSON-LD in a <script type="application/ld+json">. */
static void read_ld_script(found *f, const xmlNode *n) {
  const xmlNode *t = n->children;
  if (!t || !t->content)
    return;
  json_error_t e;
  const char *s = (const char *)t->content;
  json_t *v = json_loadb(s, strlen(s), JSON_DECODE_ANY | JSON_ALLOW_NUL, &e);
  if (!v)
    return;
  read_ld_value(f, v, 0);
  json_decref(v);
}

/* ---- The pass ------------------------------------------------------------- */

/* Returns true when the class or id of n names a byline. */
static bool byline_class(const xmlNode *n) {
  const char *s[2] = {ws__html_attr(n, "class"), ws__html_attr(n, "id")};
  for (int i = 0; i < 2; i++)
    if (s[i] && (strcasestr(s[i], "byline") || strcasestr(s[i], "author-name") ||
                 strcasestr(s[i], "article-author")))
      return true;
  const char *ip = ws__html_attr(n, "itemprop");
  return ip && !strcasecmp(ip, "author");
}

/* Reads one element for metadata. */
static void read_element(found *f, const xmlNode *n) {
  const char *name = (const char *)n->name;
  /* Most elements are none of these: a first-letter test is enough. */
  switch (name[0]) {
  case 'm': case 'l': case 's': case 't': case 'h': case 'a': break;
  default:
    if (f->v[F_BYLINE_CLASS] || !n->properties || !byline_class(n))
      return;
    keep_text(f, F_BYLINE_CLASS, n);
    return;
  }
  if (!strcmp(name, "meta")) {
    read_meta(f, n);
  } else if (!strcmp(name, "link")) {
    const char *rel = ws__html_attr(n, "rel");
    if (rel && !strcasecmp(rel, "canonical"))
      keep(f, F_CANONICAL, ws__html_attr(n, "href"));
  } else if (!strcmp(name, "script")) {
    const char *type = ws__html_attr(n, "type");
    if (type && strcasestr(type, "ld+json"))
      read_ld_script(f, n);
  } else if (!strcmp(name, "title")) {
    keep_text(f, F_TITLE, n);
  } else if (!strcmp(name, "h1")) {
    keep_text(f, F_H1, n);
  } else if (!strcmp(name, "time")) {
    keep(f, F_TIME, ws__html_attr(n, "datetime"));
  } else if (!strcmp(name, "a") && ws__html_attr(n, "rel") &&
             !strcasecmp(ws__html_attr(n, "rel"), "author")) {
    keep_text(f, F_REL_AUTHOR, n);
  } else if (!f->v[F_BYLINE_CLASS] && n->properties && byline_class(n)) {
    keep_text(f, F_BYLINE_CLASS, n);
  }
}

/* Visits every element of the document once. */
static void walk(found *f, xmlNode *root) {
  for (xmlNode *n = root; n; n = ws__html_next(root, n, n->type == XML_ELEMENT_NODE))
    if (n->type == XML_ELEMENT_NODE)
      read_element(f, n);
}

/* ---- Cleaning and choosing ------------------------------------------------ */

/* Returns the length of s[0, n) without a multi-byte character cut at its
 * end (fields are cut at MAX_FIELD bytes, possibly inside one). */
static size_t whole_chars(const char *s, size_t n) {
  size_t i = n, back = 0;
  while (i > 0 && back < 4 && ((unsigned char)s[i - 1] & 0xC0) == 0x80) {
    i--;
    back++;
  }
  if (i == 0 || (unsigned char)s[i - 1] < 0xC0)
    return n; /* Ends with ASCII or stray continuation bytes: leave it. */
  unsigned char lead = (unsigned char)s[i - 1];
  size_t need = lead >= 0xF0 ? 3 : lead >= 0xE0 ? 2 : 1;
  return back >= need ? n : i - 1;
}

/* Copies s into the arena with white space collapsed and trimmed; sets
 * *dst. Returns false when out of memory. */
static bool store(ws__arena *a, ws_str *dst, const char *s) {
  size_t n = strlen(s);
  char *p = ws__arena_alloc_uninit(a, n + 1);
  if (!p)
    return false;
  size_t k = 0;
  bool space = false;
  for (size_t i = 0; i < n; i++) {
    char c = s[i];
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f') {
      space = k > 0;
      continue;
    }
    if (space)
      p[k++] = ' ';
    space = false;
    p[k++] = c;
  }
  k = whole_chars(p, k);
  p[k] = 0;
  if (k) {
    dst->ptr = p;
    dst->len = k;
  }
  return true;
}

/* Cuts a site name off a <title>: "Headline - Site" gives "Headline" when
 * the headline keeps at least three words. */
static void cut_site_name(char *t) {
  static const char *const SEPS[] = {" | ", " - ", " \xE2\x80\x93 ", " \xE2\x80\x94 ", " :: ",
                                     " \xC2\xB7 ", " \xC2\xAB ", " \xC2\xBB ", " / ", NULL};
  char *cut = NULL;
  for (const char *const *s = SEPS; *s; s++) {
    char *p = t, *q;
    while ((q = strstr(p, *s))) {
      if (!cut || q > cut)
        cut = q;
      p = q + 1;
    }
  }
  if (!cut)
    return;
  size_t words = 0;
  bool in = false;
  for (char *p = t; p < cut; p++) {
    bool sp = *p == ' ';
    words += !sp && !in;
    in = !sp;
  }
  if (words >= 3)
    *cut = 0;
}

/* Returns the first present value among fields ks (n of them). */
static char *first(found *f, const field *ks, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (f->v[ks[i]])
      return f->v[ks[i]];
  return NULL;
}

/* Chooses each field from its candidates and stores it in out. */
static bool choose(found *f, ws__arena *a, ws__html_out *out) {
  if (f->v[F_TITLE])
    cut_site_name(f->v[F_TITLE]);
  static const field TITLE[] = {F_OG_TITLE, F_LD_HEADLINE, F_H1, F_TITLE};
  static const field BYLINE[] = {F_META_AUTHOR, F_LD_AUTHOR, F_REL_AUTHOR, F_BYLINE_CLASS};
  static const field DATE[] = {F_PUB_META, F_LD_DATE, F_OTHER_DATE, F_TIME};
  static const field URL[] = {F_CANONICAL, F_OG_URL};
  const char *s;
  if ((s = first(f, TITLE, 4)) && !store(a, &out->title, s))
    return false;
  if ((s = first(f, BYLINE, 4)) && !store(a, &out->byline, s))
    return false;
  if ((s = first(f, DATE, 4)) && !store(a, &out->date, s))
    return false;
  if ((s = first(f, URL, 2)) && !store(a, &out->url, s))
    return false;
  static const field REPEATS[WS__REPEATS] = {F_OG_TITLE, F_LD_HEADLINE, F_H1, F_TITLE};
  for (int i = 0; i < WS__REPEATS; i++)
    if (f->v[REPEATS[i]] && !store(a, &out->repeats[i], f->v[REPEATS[i]]))
      return false;
  return true;
}

/* Copies the JSON-LD articleBody into ld_body, one paragraph a line. */
static ws_status copy_body(json_t *body, ws__buf *ld_body) {
  const char *s = json_string_value(body);
  size_t n = json_string_length(body);
  ws_status st = ws__buf_reserve(ld_body, n);
  if (st)
    return st;
  bool space = false, line = false;
  for (size_t i = 0; i < n; i++) {
    char c = s[i];
    if (c == '\n' || c == '\r') {
      line = ld_body->len > 0;
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\f' || c == 0) {
      space = ld_body->len > 0;
      continue;
    }
    if (line || space)
      ws__buf_put(ld_body, line ? '\n' : ' ');
    line = space = false;
    ws__buf_put(ld_body, c);
  }
  ld_body->data[ld_body->len] = 0;
  return WS_OK;
}

ws_status ws__html_meta(xmlDoc *doc, ws__arena *arena, ws__html_out *out, ws__buf *ld_body) {
  found f;
  memset(&f, 0, sizeof f);
  xmlNode *root = xmlDocGetRootElement(doc);
  if (root)
    walk(&f, root);
  ws_status st = choose(&f, arena, out) ? WS_OK : WS_ERR_NOMEM;
  if (!st && f.ld_body)
    st = copy_body(f.ld_body, ld_body);
  for (int i = 0; i < F_COUNT; i++)
    free(f.v[i]);
  json_decref(f.ld_body);
  return st;
}
