/* db_merge.c: joins speakers across documents. Each document names its
 * speakers once (the engine resolves "she", "Kardashian" and "Ms.
 * Kardashian" to "Kim Kardashian" within a document); this file decides
 * which of those per-document names are one person or organisation across
 * the corpus, and rebuilds the speakers, aliases, speaker_roles and
 * exchanges tables from scratch, so the result depends only on what the
 * database holds, never on the order documents came in.
 *
 * The rules (docs/db.md measures them on PolNeAR):
 * - names are compared normalised (case, punctuation, honorifics, "Jr.",
 *   single-letter middle initials dropped): "Donald J. Trump" is "Donald
 *   Trump";
 * - a name of two or more words is a speaker of its own; two people who
 *   share a surname but not a first name stay apart;
 * - a one-word name ("Kelly") joins the full name ending in that word when
 *   only one such person exists, or when the document's other speakers,
 *   the role and the gender the text gives single one out (co-occurrence),
 *   or when one such person has at least four times the statements of the
 *   next; otherwise it stays a speaker of its own;
 * - an acronym ("DHS") joins the organisation whose mentions give it ("the
 *   Department of Homeland Security (DHS)") or, failing that, the one
 *   organisation whose initials it is;
 * - gender is what the texts' pronouns and honorifics say, unknown when
 *   they say nothing or disagree. */
#define _POSIX_C_SOURCE 200809L

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_internal.h"

/* ---- What the merge works on ------------------------------------------ */

/* A per-document speaker (a doc_speakers row). */
typedef struct row {
  int64_t id, doc, old_speaker;
  char *name, *role, *mentions, *date, *channels;
  int female, male, org, person; /* Clues of this document. */
  int64_t n;
  int name_ix;                   /* Its normalised name in names[]. */
  int cluster;                   /* Decided speaker, index in clusters[]. */
} row;

/* A distinct normalised name. */
typedef struct name {
  char *key;       /* Normalised, middle initials dropped. */
  char *last;      /* Last word. */
  char *acronym;   /* Initials of an organisation's name ("dhs"), or NULL. */
  int words;
  int is_acronym;  /* Written in capitals as an acronym somewhere. */
  int kind;        /* 'p', 'o' or 0. */
  int female, male;
  int64_t n;
  int cluster;     /* For a full name: its cluster; else -1. */
  char *roles;     /* " word word " of its roles, normalised, bounded. */
} name;

/* A speaker being built. */
typedef struct cluster {
  int head;        /* Its name in names[]. */
  int64_t id;      /* speakers.id once written. */
} cluster;

typedef struct merge {
  ws_db *db;
  row *rows;
  size_t n_rows, cap_rows;
  name *names;
  size_t n_names, cap_names;
  cluster *clusters;
  size_t n_clusters;
  ws__db_smap by_key;     /* Normalised name -> names[]. */
  ws__db_smap by_last;    /* Last word -> first full person name with it; a list
                      via next_last. */
  int *next_last;
  ws__db_smap by_acronym; /* Initials -> organisation name, or -2 when several. */
  ws__db_smap links;      /* Acronym given in mentions -> organisation name. */
  ws__db_smap pairs;      /* "i j" for names found in one document. */
} merge;

/* Copies s (NULL stays NULL). */
static char *dup(const char *s) { return s ? strdup(s) : NULL; }

/* Key of a name: normalised, honorifics and suffixes stripped, middle
 * single letters dropped ("donald j trump" -> "donald trump"). */
static void name_key(const char *s, char *out, size_t cap) {
  char tmp[512];
  size_t n = ws__db_norm(s, 1, tmp, sizeof tmp);
  size_t o = 0;
  const char *last = strrchr(tmp, ' ');
  for (char *w = tmp; w < tmp + n;) {
    char *e = strchr(w, ' ');
    size_t len = e ? (size_t)(e - w) : strlen(w);
    int middle = w != tmp && (!last || w < last + 1);
    if (!(middle && len == 1) && o + len + 2 < cap) {
      if (o)
        out[o++] = ' ';
      memcpy(out + o, w, len);
      o += len;
    }
    w += len + 1;
  }
  out[o] = '\0';
}

/* Words that initials skip ("Department of Homeland Security" -> DHS). */
static int skip_word(const char *w, size_t n) {
  static const char *const stop[] = {"of", "the", "and", "for", "on", "in", "at", "to", "de", NULL};
  for (size_t i = 0; stop[i]; i++)
    if (strlen(stop[i]) == n && memcmp(stop[i], w, n) == 0)
      return 1;
  return 0;
}

/* Initials of a normalised name of two or more words, into out. */
static void initials(const char *key, char *out, size_t cap) {
  size_t o = 0;
  for (const char *w = key; *w && o + 1 < cap;) {
    const char *e = strchr(w, ' ');
    size_t len = e ? (size_t)(e - w) : strlen(w);
    if (!skip_word(w, len))
      out[o++] = w[0];
    if (!e)
      break;
    w = e + 1;
  }
  out[o] = '\0';
}

/* Index of the name with key, added when new. -1 on out of memory. */
static int add_name(merge *m, const char *key) {
  int ix = ws__db_smap_get(&m->by_key, key);
  if (ix >= 0)
    return ix;
  if (m->n_names == m->cap_names) {
    size_t cap = m->cap_names ? m->cap_names * 2 : 256;
    name *p = realloc(m->names, cap * sizeof *p);
    if (!p)
      return -1;
    m->names = p;
    m->cap_names = cap;
  }
  name *nm = &m->names[m->n_names];
  memset(nm, 0, sizeof *nm);
  nm->cluster = -1;
  nm->key = strdup(key);
  const char *sp = strrchr(key, ' ');
  nm->last = strdup(sp ? sp + 1 : key);
  nm->words = 1;
  for (const char *p = key; *p; p++)
    nm->words += *p == ' ';
  if (!nm->key || !nm->last || ws__db_smap_put(&m->by_key, key, (int)m->n_names) < 0)
    return -1;
  return (int)m->n_names++;
}

/* Counts the clues a row's kind_hint and gender_hint give. */
static void row_clues(row *r, const char *kind, const char *gender) {
  r->org = kind && kind[0] == 'o';
  r->person = kind && kind[0] == 'p';
  r->female = gender && gender[0] == 'f';
  r->male = gender && gender[0] == 'm';
}

/* Loads the doc_speakers rows with their documents' dates. */
static ws_db_status load_rows(merge *m) {
  sqlite3_stmt *st;
  ws_db_status s = ws__db_prepare(
      m->db,
      "SELECT ds.id, ds.document_id, ds.name, ds.role, ds.kind_hint, ds.gender_hint,"
      " ds.mentions, ds.n, ds.speaker_id, d.date, ds.channels FROM doc_speakers ds"
      " JOIN documents d ON d.id = ds.document_id ORDER BY ds.id",
      &st);
  if (s)
    return s;
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    if (m->n_rows == m->cap_rows) {
      size_t cap = m->cap_rows ? m->cap_rows * 2 : 1024;
      row *p = realloc(m->rows, cap * sizeof *p);
      if (!p)
        break;
      m->rows = p;
      m->cap_rows = cap;
    }
    row *r = &m->rows[m->n_rows++];
    memset(r, 0, sizeof *r);
    r->id = sqlite3_column_int64(st, 0);
    r->doc = sqlite3_column_int64(st, 1);
    r->name = dup(ws__db_col(st, 2));
    r->role = dup(ws__db_col(st, 3));
    row_clues(r, ws__db_col(st, 4), ws__db_col(st, 5));
    r->mentions = dup(ws__db_col(st, 6));
    r->n = sqlite3_column_int64(st, 7);
    r->old_speaker = sqlite3_column_int64(st, 8);
    char iso[16];
    ws__db_iso_date(ws__db_col(st, 9), iso, sizeof iso);
    r->date = iso[0] ? strdup(iso) : NULL;
    r->channels = dup(ws__db_col(st, 10));
    r->cluster = -1;
  }
  sqlite3_finalize(st);
  if (rc != SQLITE_DONE)
    return rc == SQLITE_ROW ? ws__db_fail(m->db, WS_DB_ERR_NOMEM, "out of memory")
                            : ws__db_sqlite_fail(m->db, rc, "cannot read speakers");
  return WS_DB_OK;
}

/* Groups rows by normalised name and sums each name's clues. */
static ws_db_status group_names(merge *m) {
  char key[512];
  for (size_t i = 0; i < m->n_rows; i++) {
    row *r = &m->rows[i];
    name_key(r->name ? r->name : "", key, sizeof key);
    int ix = add_name(m, key);
    if (ix < 0)
      return ws__db_fail(m->db, WS_DB_ERR_NOMEM, "out of memory");
    r->name_ix = ix;
    name *nm = &m->names[ix];
    nm->n += r->n;
    nm->female += r->female;
    nm->male += r->male;
    if (r->role && (!nm->roles || strlen(nm->roles) < 400)) {
      char rn[256];
      ws__db_norm(r->role, 0, rn, sizeof rn);
      size_t old = nm->roles ? strlen(nm->roles) : 0;
      char *p = realloc(nm->roles, old + strlen(rn) + 3);
      if (!p)
        return ws__db_fail(m->db, WS_DB_ERR_NOMEM, "out of memory");
      snprintf(p + old, strlen(rn) + 3, "%s%s ", old ? "" : " ", rn);
      nm->roles = p;
    }
    nm->is_acronym |= r->name && ws__db_is_acronym(r->name);
    /* Votes kept in kind as a sign: organisation minus person clues. */
    nm->kind += r->org - r->person;
  }
  for (size_t i = 0; i < m->n_names; i++) {
    name *nm = &m->names[i];
    int vote = nm->kind;
    if (vote > 0 || (vote == 0 && nm->is_acronym))
      nm->kind = 'o';
    else if (vote < 0 || nm->female || nm->male)
      nm->kind = 'p';
    else
      nm->kind = 0;
  }
  /* Names without clues: an organisation's word makes one; two words or
   * more make a person. */
  for (size_t i = 0; i < m->n_rows; i++) {
    name *nm = &m->names[m->rows[i].name_ix];
    if (nm->kind == 0 && m->rows[i].name && ws__db_is_org_name(m->rows[i].name))
      nm->kind = 'o';
  }
  for (size_t i = 0; i < m->n_names; i++)
    if (m->names[i].kind == 0 && m->names[i].words >= 2)
      m->names[i].kind = 'p';
  return WS_DB_OK;
}

/* Records acronyms the mentions of an organisation's rows give: a mention
 * in capitals ("DHS"), or in parentheses ("… Security (DHS)"). */
static int mention_links(merge *m) {
  for (size_t i = 0; i < m->n_rows; i++) {
    row *r = &m->rows[i];
    name *nm = &m->names[r->name_ix];
    if (nm->words < 2 || !r->mentions)
      continue;
    const char *p = r->mentions;
    while ((p = strchr(p, '"'))) {
      const char *e = strchr(++p, '"');
      if (!e)
        break;
      char buf[128];
      size_t len = (size_t)(e - p) < sizeof buf - 1 ? (size_t)(e - p) : sizeof buf - 1;
      memcpy(buf, p, len);
      buf[len] = '\0';
      char *open = strrchr(buf, '(');
      char *cand = buf;
      if (open && strchr(open, ')')) {
        cand = open + 1;
        *strchr(cand, ')') = '\0';
      }
      /* "the DHS", "a DHS spokesperson": any word in capitals. */
      for (char *w = strtok(cand, " "); w; w = strtok(NULL, " ")) {
        if (ws__db_is_acronym(w)) {
          char k[64];
          ws__db_norm(w, 0, k, sizeof k);
          if (ws__db_smap_get(&m->links, k) < 0 && ws__db_smap_put(&m->links, k, r->name_ix) < 0)
            return -1;
        }
      }
      p = e + 1;
    }
  }
  return 0;
}

/* Builds the indexes of full names: by last word (persons) and by initials
 * (organisations), and makes each a cluster. */
static ws_db_status index_full_names(merge *m) {
  m->next_last = malloc((m->n_names ? m->n_names : 1) * sizeof *m->next_last);
  m->clusters = malloc((m->n_names ? m->n_names : 1) * sizeof *m->clusters);
  if (!m->next_last || !m->clusters)
    return ws__db_fail(m->db, WS_DB_ERR_NOMEM, "out of memory");
  for (size_t i = 0; i < m->n_names; i++) {
    name *nm = &m->names[i];
    m->next_last[i] = -1;
    if (nm->words < 2)
      continue;
    nm->cluster = (int)m->n_clusters;
    m->clusters[m->n_clusters++] = (cluster){(int)i, 0};
    if (nm->kind == 'o') {
      char ini[64];
      initials(nm->key, ini, sizeof ini);
      if (strlen(ini) >= 2) {
        int old = ws__db_smap_get(&m->by_acronym, ini);
        if (ws__db_smap_put(&m->by_acronym, ini, old == -1 ? (int)i : -2) < 0)
          return ws__db_fail(m->db, WS_DB_ERR_NOMEM, "out of memory");
      }
    } else if (!strstr(nm->key, " and ")) { /* "Clinton and Sanders" is two. */
      m->next_last[i] = ws__db_smap_get(&m->by_last, nm->last);
      if (ws__db_smap_put(&m->by_last, nm->last, (int)i) < 0)
        return ws__db_fail(m->db, WS_DB_ERR_NOMEM, "out of memory");
    }
  }
  return WS_DB_OK;
}

/* Remembers that names a and b speak in one document. */
static int add_pair(merge *m, int a, int b) {
  char k[32];
  snprintf(k, sizeof k, "%d %d", a < b ? a : b, a < b ? b : a);
  return ws__db_smap_put(&m->pairs, k, 1);
}

/* True when names a and b speak in one document somewhere. */
static int has_pair(const merge *m, int a, int b) {
  char k[32];
  snprintf(k, sizeof k, "%d %d", a < b ? a : b, a < b ? b : a);
  return ws__db_smap_get(&m->pairs, k) >= 0;
}

/* Records co-occurrences of full names within each document (rows come
 * ordered by id, so a document's rows are adjacent). At most 40 names a
 * document are paired, to keep the work linear. */
static ws_db_status cooccurrences(merge *m) {
  for (size_t i = 0; i < m->n_rows;) {
    size_t j = i;
    while (j < m->n_rows && m->rows[j].doc == m->rows[i].doc)
      j++;
    for (size_t a = i; a < j && a < i + 40; a++)
      for (size_t b = a + 1; b < j && b < i + 40; b++)
        if (add_pair(m, m->rows[a].name_ix, m->rows[b].name_ix) < 0)
          return ws__db_fail(m->db, WS_DB_ERR_NOMEM, "out of memory");
    i = j;
  }
  return WS_DB_OK;
}

/* Score of candidate full name c for one-word row r (index i): 1000 when
 * c speaks in r's document too (the engine joins those; a document indexed
 * from other tools' JSONL may not have), plus one for each other name of
 * r's document that speaks with c elsewhere. -1 when the genders the texts
 * give disagree. */
static int score(const merge *m, size_t i, int c) {
  const row *r = &m->rows[i];
  const name *cn = &m->names[c];
  if ((r->female && cn->male > cn->female) || (r->male && cn->female > cn->male))
    return -1;
  int s = 0;
  for (size_t j = i; j > 0 && m->rows[j - 1].doc == r->doc; j--)
    s += m->rows[j - 1].name_ix == c ? 1000 : has_pair(m, m->rows[j - 1].name_ix, c);
  for (size_t j = i + 1; j < m->n_rows && m->rows[j].doc == r->doc; j++)
    s += m->rows[j].name_ix == c ? 1000 : has_pair(m, m->rows[j].name_ix, c);
  return s;
}

/* Words of four letters or more that a role shares with the roles of
 * name c (collected in group_names). */
static int role_overlap(const merge *m, const char *role, int c) {
  const char *roles = m->names[c].roles;
  if (!role || !roles)
    return 0;
  char a[256];
  ws__db_norm(role, 0, a, sizeof a);
  int s = 0;
  for (char *w = a; *w;) {
    char *e = strchr(w, ' ');
    size_t len = e ? (size_t)(e - w) : strlen(w);
    if (len >= 4) {
      char word[80];
      snprintf(word, sizeof word, " %.*s ", (int)len, w);
      s += strstr(roles, word) != NULL;
    }
    if (!e)
      break;
    w = e + 1;
  }
  return s;
}

/* Chooses the full person name a one-word row means, or -1. */
static int resolve_surname(merge *m, size_t i) {
  const name *nm = &m->names[m->rows[i].name_ix];
  int best = -1, second = -1, best_s = -1, tie = 0, count = 0;
  int64_t best_n = 0, second_n = 0;
  int top = -1;
  for (int c = ws__db_smap_get(&m->by_last, nm->key); c >= 0; c = m->next_last[c]) {
    int s = score(m, i, c);
    if (s < 0)
      continue;
    count++;
    if (!m->rows[i].role || s > 0)
      ;
    else
      s += role_overlap(m, m->rows[i].role, c);
    if (s > best_s) {
      best_s = s;
      best = c;
      tie = 0;
    } else if (s == best_s) {
      tie = 1;
    }
    int64_t n = m->names[c].n;
    if (n > best_n) {
      second_n = best_n;
      second = top;
      best_n = n;
      top = c;
    } else if (n > second_n) {
      second_n = n;
      second = c;
    }
  }
  (void)second;
  if (count == 1)
    return best;
  if (best >= 0 && best_s > 0 && !tie)
    return best;
  if (top >= 0 && best_n >= 2 * second_n)
    return top;
  return -1;
}

/* Chooses the organisation an acronym row means, or -1. */
static int resolve_acronym(merge *m, size_t i) {
  const name *nm = &m->names[m->rows[i].name_ix];
  int c = ws__db_smap_get(&m->links, nm->key);
  if (c >= 0)
    return c;
  c = ws__db_smap_get(&m->by_acronym, nm->key);
  return c >= 0 ? c : -1;
}

/* Decides the cluster of every row; one-word names that join no full name
 * become clusters of their own. */
static ws_db_status assign(merge *m) {
  for (size_t i = 0; i < m->n_rows; i++) {
    row *r = &m->rows[i];
    name *nm = &m->names[r->name_ix];
    if (nm->words >= 2) {
      r->cluster = nm->cluster;
      continue;
    }
    int c = nm->is_acronym || nm->kind == 'o' ? resolve_acronym(m, i) : -1;
    if (c < 0 && nm->kind != 'o')
      c = resolve_surname(m, i);
    if (c < 0) {
      if (nm->cluster < 0) {
        nm->cluster = (int)m->n_clusters;
        m->clusters[m->n_clusters++] = (cluster){r->name_ix, 0};
      }
      r->cluster = nm->cluster;
    } else {
      r->cluster = m->names[c].cluster;
    }
  }
  return WS_DB_OK;
}

/* ---- Writing the result ------------------------------------------------ */

/* The figures of one cluster, summed over its rows. */
typedef struct cstats {
  int64_t n, docs;
  int female, male, org, person;
  const char *first, *last;
  const char *name;     /* Most frequent spelling of the head name. */
  int64_t name_n;
  const char *role;     /* Most frequent role. */
  int64_t role_n;
  char top_channel[128];/* Channel of most statements, "" when none. */
} cstats;

/* Orders row indices by cluster, then row id. */
static const merge *sort_m;
static int by_cluster(const void *a, const void *b) {
  const row *x = &sort_m->rows[*(const size_t *)a], *y = &sort_m->rows[*(const size_t *)b];
  if (x->cluster != y->cluster)
    return x->cluster < y->cluster ? -1 : 1;
  return (x->id > y->id) - (x->id < y->id);
}

/* Orders cluster indices by their key. */
static int by_key(const void *a, const void *b) {
  const cluster *x = &sort_m->clusters[*(const int *)a], *y = &sort_m->clusters[*(const int *)b];
  return strcmp(sort_m->names[x->head].key, sort_m->names[y->head].key);
}

/* The channel of most statements among rows ix[0..n), from their
 * channels lists ("X" 0x1f count 0x1e ...), into out ("" when none). */
static void top_channel(const merge *m, const size_t *ix, size_t n, char *out, size_t cap) {
  ws__db_smap counts = {0};
  int64_t *tally = NULL;
  size_t nt = 0, best = (size_t)-1;
  out[0] = '\0';
  for (size_t k = 0; k < n; k++) {
    for (const char *p = m->rows[ix[k]].channels; p && *p;) {
      const char *us = strchr(p, 0x1f), *rs = strchr(p, 0x1e);
      if (!us || (rs && rs < us))
        break;
      char name[128];
      snprintf(name, sizeof name, "%.*s", (int)(us - p), p);
      int64_t c = strtoll(us + 1, NULL, 10);
      int slot = ws__db_smap_get(&counts, name);
      if (slot < 0) {
        int64_t *t = realloc(tally, (nt + 1) * sizeof *t);
        if (!t || ws__db_smap_put(&counts, name, (int)nt) < 0) {
          free(t ? t : tally);
          ws__db_smap_free(&counts);
          return;
        }
        tally = t;
        tally[nt] = 0;
        slot = (int)nt++;
      }
      tally[slot] += c;
      p = rs ? rs + 1 : us + strlen(us);
    }
  }
  for (size_t i = 0; i < counts.cap; i++) {
    if (!counts.keys[i])
      continue;
    int v = counts.vals[i];
    if (best == (size_t)-1 || tally[v] > tally[best] ||
        (tally[v] == tally[best] && strcmp(counts.keys[i], out) < 0)) {
      best = (size_t)v;
      snprintf(out, cap, "%s", counts.keys[i]);
    }
  }
  free(tally);
  ws__db_smap_free(&counts);
}

/* The value of rows ix[0..n) with most statements: field 0 the name (of
 * rows whose normalised name is head), field 1 the role; the first seen
 * wins ties. NULL when no row has one; *count gets its statements. */
static const char *most_frequent(const merge *m, const size_t *ix, size_t n, int field,
                                 int head, int64_t *count) {
  ws__db_smap seen = {0};
  int64_t *tally = malloc((n ? n : 1) * sizeof *tally);
  const char **value = malloc((n ? n : 1) * sizeof *value);
  const char *best = NULL;
  size_t nv = 0;
  *count = 0;
  for (size_t k = 0; tally && value && k < n; k++) {
    const row *r = &m->rows[ix[k]];
    const char *v = field == 0 ? r->name : r->role;
    if (!v || (field == 0 && r->name_ix != head))
      continue;
    int slot = ws__db_smap_get(&seen, v);
    if (slot < 0) {
      if (ws__db_smap_put(&seen, v, (int)nv) < 0)
        break;
      value[nv] = v;
      tally[nv] = 0;
      slot = (int)nv++;
    }
    tally[slot] += r->n;
  }
  for (size_t i = 0; tally && value && i < nv; i++)
    if (tally[i] > *count) {
      *count = tally[i];
      best = value[i];
    }
  free(tally);
  free(value);
  ws__db_smap_free(&seen);
  return best;
}

/* Sums rows ix[0..n) of one cluster. */
static void sum_cluster(const merge *m, const size_t *ix, size_t n, cstats *c) {
  memset(c, 0, sizeof *c);
  int head = m->clusters[m->rows[ix[0]].cluster].head;
  int64_t prev_doc = -1;
  for (size_t k = 0; k < n; k++) {
    const row *r = &m->rows[ix[k]];
    c->n += r->n;
    c->female += r->female;
    c->male += r->male;
    c->org += r->org;
    c->person += r->person;
    if (r->doc != prev_doc)
      c->docs++; /* Rows of one document are adjacent (ordered by id). */
    prev_doc = r->doc;
    if (r->date && (!c->first || strcmp(r->date, c->first) < 0))
      c->first = r->date;
    if (r->date && (!c->last || strcmp(r->date, c->last) > 0))
      c->last = r->date;
  }
  c->name = most_frequent(m, ix, n, 0, head, &c->name_n);
  c->role = most_frequent(m, ix, n, 1, -1, &c->role_n);
  if (!c->name)
    c->name = m->rows[ix[0]].name;
  top_channel(m, ix, n, c->top_channel, sizeof c->top_channel);
}

/* Gender a cluster's clues give: one side only, or three quarters. */
static const char *gender_of(const cstats *c, int kind) {
  if (kind == 'o')
    return "unknown";
  if (c->female > 0 && c->female >= 3 * c->male)
    return "female";
  if (c->male > 0 && c->male >= 3 * c->female)
    return "male";
  return "unknown";
}

/* Kind of a cluster: its head name's, or the rows' clues. */
static const char *kind_of(const merge *m, int head, const cstats *c) {
  int k = m->names[head].kind;
  if (c->org > c->person && c->org > 0)
    k = 'o';
  else if (c->person > c->org)
    k = 'p';
  return k == 'o' ? "organisation" : k == 'p' ? "person" : "unknown";
}

/* Runs st (bound), then resets it. */
static ws_db_status step(merge *m, sqlite3_stmt *st, const char *what) {
  int rc = sqlite3_step(st);
  sqlite3_reset(st);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    return ws__db_sqlite_fail(m->db, rc, what);
  return WS_DB_OK;
}

/* Writes or updates one speaker row; sets the cluster's id. */
static ws_db_status put_speaker(merge *m, sqlite3_stmt *find, sqlite3_stmt *ins,
                                sqlite3_stmt *upd, int ci, const cstats *c) {
  cluster *cl = &m->clusters[ci];
  const char *key = m->names[cl->head].key;
  const char *kind = kind_of(m, cl->head, c);
  sqlite3_bind_text(find, 1, key, -1, SQLITE_STATIC);
  int64_t id = sqlite3_step(find) == SQLITE_ROW ? sqlite3_column_int64(find, 0) : 0;
  sqlite3_reset(find);
  sqlite3_stmt *st = id ? upd : ins;
  if (id)
    sqlite3_bind_int64(st, 1, id);
  else
    sqlite3_bind_null(st, 1);
  sqlite3_bind_text(st, 2, key, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 3, c->name ? c->name : key, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 4, kind, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 5, gender_of(c, kind[0]), -1, SQLITE_STATIC);
  ws__db_bind_text(st, 6, c->role);
  sqlite3_bind_int64(st, 7, c->n);
  sqlite3_bind_int64(st, 8, c->docs);
  ws__db_bind_text(st, 9, c->first);
  ws__db_bind_text(st, 10, c->last);
  ws__db_bind_text(st, 11, c->top_channel[0] ? c->top_channel : NULL);
  ws_db_status s = step(m, st, "cannot write a speaker");
  cl->id = id ? id : sqlite3_last_insert_rowid(m->db->h);
  return s;
}

/* Adds alias text (count n) of speaker id, keeping the counts summed. */
static ws_db_status put_alias(merge *m, sqlite3_stmt *st, int64_t id, const char *alias,
                              int64_t n) {
  char norm[256];
  ws__db_norm(alias, 0, norm, sizeof norm);
  if (!norm[0])
    return WS_DB_OK;
  sqlite3_bind_int64(st, 1, id);
  sqlite3_bind_text(st, 2, alias, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 3, norm, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64(st, 4, n);
  return step(m, st, "cannot write an alias");
}

/* True when a mention is a name of the cluster (its key, last word or an
 * acronym), not a pronoun or a description. */
static int mention_is_alias(const merge *m, int head, const char *mention) {
  char k[256];
  name_key(mention, k, sizeof k);
  const name *h = &m->names[head];
  if (!k[0] || !isupper((unsigned char)mention[0]))
    return 0;
  return strcmp(k, h->key) == 0 || strcmp(k, h->last) == 0 ||
         (ws__db_is_acronym(mention) && h->kind == 'o');
}

/* Writes the aliases and roles of the cluster of rows ix[0..n), whose
 * canonical name is canon: the names and name-like mentions the documents
 * use, and for a person the surname alone (count 0 when no document used
 * it), so that "Kelly" finds every Kelly. */
static ws_db_status put_names(merge *m, sqlite3_stmt *alias, sqlite3_stmt *role,
                              const size_t *ix, size_t n, const char *canon) {
  const cluster *cl = &m->clusters[m->rows[ix[0]].cluster];
  ws_db_status s = WS_DB_OK;
  for (size_t k = 0; k < n && !s; k++) {
    const row *r = &m->rows[ix[k]];
    if (r->name)
      s = put_alias(m, alias, cl->id, r->name, r->n);
    if (!s && r->role) {
      sqlite3_bind_int64(role, 1, cl->id);
      sqlite3_bind_text(role, 2, r->role, -1, SQLITE_STATIC);
      sqlite3_bind_int64(role, 3, r->n);
      s = step(m, role, "cannot write a role");
    }
    for (const char *p = r->mentions; p && !s && (p = strchr(p, '"'));) {
      const char *e = strchr(++p, '"');
      if (!e)
        break;
      char buf[160];
      snprintf(buf, sizeof buf, "%.*s", (int)(e - p), p);
      if (mention_is_alias(m, cl->head, buf))
        s = put_alias(m, alias, cl->id, buf, 1);
      p = e + 1;
    }
  }
  const name *h = &m->names[cl->head];
  const char *sp = canon ? strrchr(canon, ' ') : NULL;
  if (!s && h->kind == 'p' && h->words >= 2 && sp && sp[1])
    s = put_alias(m, alias, cl->id, sp + 1, 0);
  return s;
}

/* Writes speakers, aliases, roles and the doc_speakers links. */
static ws_db_status write_speakers(merge *m) {
  size_t *ix = malloc((m->n_rows ? m->n_rows : 1) * sizeof *ix);
  int *order = malloc((m->n_clusters ? m->n_clusters : 1) * sizeof *order);
  size_t *start = malloc((m->n_clusters + 1) * sizeof *start);
  if (!ix || !order || !start) {
    free(ix), free(order), free(start);
    return ws__db_fail(m->db, WS_DB_ERR_NOMEM, "out of memory");
  }
  for (size_t i = 0; i < m->n_rows; i++)
    ix[i] = i;
  sort_m = m;
  qsort(ix, m->n_rows, sizeof *ix, by_cluster);
  for (size_t c = 0, i = 0; c <= m->n_clusters; c++) {
    while (i < m->n_rows && m->rows[ix[i]].cluster < (int)c)
      i++;
    start[c] = i;
  }
  for (size_t c = 0; c < m->n_clusters; c++)
    order[c] = (int)c;
  qsort(order, m->n_clusters, sizeof *order, by_key);
  sqlite3_stmt *q[7] = {0};
  static const char *const sql[7] = {
      "SELECT id FROM speakers WHERE key = ?",
      "INSERT INTO speakers(id, key, name, kind, gender, role, n_statements, n_documents,"
      " first_date, last_date, top_channel) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
      "UPDATE speakers SET key=?2, name=?3, kind=?4, gender=?5, role=?6, n_statements=?7,"
      " n_documents=?8, first_date=?9, last_date=?10, top_channel=?11 WHERE id=?1",
      "INSERT INTO aliases(speaker_id, alias, norm, n) VALUES (?,?,?,?)"
      " ON CONFLICT(speaker_id, norm) DO UPDATE SET n = n + excluded.n,"
      " alias = CASE WHEN excluded.n > n THEN excluded.alias ELSE alias END",
      "INSERT INTO speaker_roles(speaker_id, role, n) VALUES (?,?,?)"
      " ON CONFLICT(speaker_id, role) DO UPDATE SET n = n + excluded.n",
      "UPDATE doc_speakers SET speaker_id = ? WHERE id = ?",
      "UPDATE statements SET speaker_id = ? WHERE doc_speaker_id = ?"};
  ws_db_status s = ws__db_exec(m->db, "DELETE FROM aliases; DELETE FROM speaker_roles;"
                                      "DELETE FROM exchanges;"
                                      "CREATE TEMP TABLE IF NOT EXISTS live(key TEXT PRIMARY KEY);"
                                      "DELETE FROM live");
  for (int i = 0; i < 7 && !s; i++)
    s = ws__db_prepare(m->db, sql[i], &q[i]);
  sqlite3_stmt *live = NULL;
  if (!s)
    s = ws__db_prepare(m->db, "INSERT OR IGNORE INTO live(key) VALUES (?)", &live);
  for (size_t k = 0; k < m->n_clusters && !s; k++) {
    int c = order[k];
    size_t n = start[c + 1] - start[c];
    if (!n)
      continue;
    cstats cs;
    sum_cluster(m, ix + start[c], n, &cs);
    s = put_speaker(m, q[0], q[1], q[2], c, &cs);
    if (!s) {
      sqlite3_bind_text(live, 1, m->names[m->clusters[c].head].key, -1, SQLITE_STATIC);
      s = step(m, live, "cannot write a speaker");
    }
    if (!s)
      s = put_names(m, q[3], q[4], ix + start[c], n, cs.name);
  }
  for (size_t i = 0; i < m->n_rows && !s; i++) {
    row *r = &m->rows[i];
    int64_t id = m->clusters[r->cluster].id;
    if (id == r->old_speaker)
      continue;
    sqlite3_bind_int64(q[5], 1, id);
    sqlite3_bind_int64(q[5], 2, r->id);
    s = step(m, q[5], "cannot link a speaker");
    if (!s) {
      sqlite3_bind_int64(q[6], 1, id);
      sqlite3_bind_int64(q[6], 2, r->id);
      s = step(m, q[6], "cannot link a speaker's statements");
    }
  }
  if (!s)
    s = ws__db_exec(m->db, "DELETE FROM speakers WHERE key NOT IN (SELECT key FROM live)");
  for (int i = 0; i < 7; i++)
    sqlite3_finalize(q[i]);
  sqlite3_finalize(live);
  free(ix), free(order), free(start);
  return s;
}

/* Rebuilds alias_words: every word of every alias, with its speaker. */
static ws_db_status write_alias_words(merge *m) {
  sqlite3_stmt *sel = NULL, *ins = NULL;
  ws_db_status s = ws__db_exec(m->db, "DELETE FROM alias_words");
  if (!s)
    s = ws__db_prepare(m->db, "SELECT speaker_id, norm FROM aliases", &sel);
  if (!s)
    s = ws__db_prepare(m->db, "INSERT OR IGNORE INTO alias_words(word, speaker_id)"
                              " VALUES (?,?)", &ins);
  int rc = SQLITE_DONE;
  while (!s && (rc = sqlite3_step(sel)) == SQLITE_ROW) {
    int64_t id = sqlite3_column_int64(sel, 0);
    const char *norm = ws__db_col(sel, 1);
    for (const char *w = norm; w && *w && !s;) {
      const char *e = strchr(w, ' ');
      size_t len = e ? (size_t)(e - w) : strlen(w);
      sqlite3_bind_text(ins, 1, w, (int)len, SQLITE_TRANSIENT);
      sqlite3_bind_int64(ins, 2, id);
      s = step(m, ins, "cannot write an alias word");
      w = e ? e + 1 : w + len;
    }
  }
  if (!s && rc != SQLITE_DONE)
    s = ws__db_sqlite_fail(m->db, rc, "cannot read aliases");
  sqlite3_finalize(sel);
  sqlite3_finalize(ins);
  return s;
}

/* ---- Exchanges --------------------------------------------------------- */

/* Lower-case letters and digits of s, into out. */
static void compact(const char *s, char *out, size_t cap) {
  size_t o = 0;
  for (; *s && o + 1 < cap; s++)
    if (isalnum((unsigned char)*s))
      out[o++] = (char)tolower((unsigned char)*s);
  out[o] = '\0';
}

/* The speaker (id) a name or @handle in the text means, or 0. */
static int64_t resolve_target(merge *m, ws__db_smap *handles, const char *target) {
  char k[256];
  if (target[0] == '@') {
    compact(target + 1, k, sizeof k);
    int c = ws__db_smap_get(handles, k);
    static const char *const tails[] = {"gov", "official", "hq", "news", "us", "potus", NULL};
    for (int t = 0; c < 0 && tails[t]; t++) {
      size_t len = strlen(k), tl = strlen(tails[t]);
      if (len > tl + 2 && strcmp(k + len - tl, tails[t]) == 0) {
        char cut[256];
        snprintf(cut, sizeof cut, "%.*s", (int)(len - tl), k);
        c = ws__db_smap_get(handles, cut);
      }
    }
    return c >= 0 ? m->clusters[c].id : 0;
  }
  name_key(target, k, sizeof k);
  int ix = ws__db_smap_get(&m->by_key, k);
  if (ix >= 0 && m->names[ix].cluster >= 0)
    return m->clusters[m->names[ix].cluster].id;
  int c = ws__db_smap_get(&m->by_last, k), found = -1;
  for (; c >= 0; c = m->next_last[c]) {
    if (found >= 0)
      return 0; /* Several people with that surname. */
    found = c;
  }
  return found >= 0 ? m->clusters[m->names[found].cluster].id : 0;
}

/* Cues in the words that name whom a statement answers. */
static const char *const REPLY_CUES[] = {"responding to ", "responded to ", "replying to ",
                                         "replied to ", "in response to ", "reply to ",
                                         "response to ", "addressing ", NULL};

/* Collects targets named in a statement's words into t (at most max):
 * @handles and the capitalised words after a reply cue. Each target is a
 * new string. Returns the count. */
static int text_targets(const char *text, char **t, int max) {
  int n = 0;
  if (!text)
    return 0;
  for (const char *p = text; *p && n < max; p++) {
    if (*p == '@' && (p == text || !isalnum((unsigned char)p[-1])) &&
        (isalnum((unsigned char)p[1]) || p[1] == '_')) {
      size_t len = 1;
      while (isalnum((unsigned char)p[len]) || p[len] == '_')
        len++;
      t[n] = strndup(p, len);
      n += t[n] != NULL;
      p += len - 1;
    }
  }
  /* The cues are looked up in a lower-case copy: "Responding to X". */
  char *low = strdup(text);
  if (!low)
    return n;
  for (char *q = low; *q; q++)
    *q = (char)tolower((unsigned char)*q);
  for (int c = 0; REPLY_CUES[c] && n < max; c++) {
    for (const char *lp = low; (lp = strstr(lp, REPLY_CUES[c])) && n < max;) {
      lp += strlen(REPLY_CUES[c]);
      const char *p = text + (lp - low);
      const char *e = p;
      int words = 0;
      while (isupper((unsigned char)*e) && words < 4) {
        while (isalnum((unsigned char)*e) || *e == '.' || *e == '-')
          e++;
        words++;
        if (*e == ' ' && isupper((unsigned char)e[1]))
          e++;
        else
          break;
      }
      if (e > p) {
        size_t len = (size_t)(e - p);
        if (len > 2 && e[-2] == '\'' && e[-1] == 's')
          len -= 2;
        t[n] = strndup(p, len);
        n += t[n] != NULL;
      }
    }
  }
  free(low);
  return n;
}

/* Targets without repeats; see db_internal.h. */
int ws__db_text_targets(const char *text, char **t, int max) {
  int n = text_targets(text, t, max), k = 0;
  for (int i = 0; i < n; i++) {
    int seen = 0;
    for (int j = 0; j < k && !seen; j++)
      seen = strcmp(t[j], t[i]) == 0;
    if (seen)
      free(t[i]);
    else
      t[k++] = t[i];
  }
  return k;
}

/* Index of handles: each speaker's name and aliases without spaces
 * ("kimkardashian"), and the names of Twitter-style handles seen. */
static ws_db_status build_handles(merge *m, ws__db_smap *h) {
  for (size_t c = 0; c < m->n_clusters; c++) {
    char k[256];
    compact(m->names[m->clusters[c].head].key, k, sizeof k);
    if (k[0] && ws__db_smap_get(h, k) < 0 && ws__db_smap_put(h, k, (int)c) < 0)
      return ws__db_fail(m->db, WS_DB_ERR_NOMEM, "out of memory");
  }
  return WS_DB_OK;
}

/* Writes one exchange. */
static ws_db_status put_exchange(merge *m, sqlite3_stmt *ins, int64_t stmt, int64_t from,
                                 int64_t to, const char *to_name, const char *via) {
  if (from && to == from)
    return WS_DB_OK;
  sqlite3_bind_int64(ins, 1, stmt);
  if (from)
    sqlite3_bind_int64(ins, 2, from);
  else
    sqlite3_bind_null(ins, 2);
  if (to)
    sqlite3_bind_int64(ins, 3, to);
  else
    sqlite3_bind_null(ins, 3);
  sqlite3_bind_text(ins, 4, to_name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(ins, 5, via, -1, SQLITE_STATIC);
  return step(m, ins, "cannot write an exchange");
}

/* Finds the exchange cues of statements written before schema 3, once. */
static ws_db_status backfill_cues(merge *m) {
  sqlite3_stmt *flag = NULL, *sel = NULL, *ins = NULL;
  ws_db_status s = ws__db_prepare(
      m->db, "SELECT 1 FROM meta WHERE key = 'exchange_cues_backfill'", &flag);
  int todo = !s && sqlite3_step(flag) == SQLITE_ROW;
  sqlite3_finalize(flag);
  if (s || !todo)
    return s;
  /* All statements, those of this run too: the cues start afresh. */
  s = ws__db_exec(m->db, "DELETE FROM exchange_cues");
  if (!s)
    s = ws__db_prepare(m->db, "SELECT id, addressee, text FROM statements ORDER BY id", &sel);
  if (!s)
    s = ws__db_prepare(m->db, "INSERT INTO exchange_cues(statement_id, target, via)"
                              " VALUES (?,?,?)", &ins);
  int rc = SQLITE_DONE;
  while (!s && (rc = sqlite3_step(sel)) == SQLITE_ROW) {
    int64_t id = sqlite3_column_int64(sel, 0);
    const char *addressee = ws__db_col(sel, 1);
    char *t[9];
    int n = ws__db_text_targets(ws__db_col(sel, 2), t, 8);
    for (int i = -1; i < n && !s; i++) {
      const char *target = i < 0 ? addressee : t[i];
      if (!target || !*target || (i >= 0 && addressee && strcmp(addressee, target) == 0))
        continue;
      sqlite3_bind_int64(ins, 1, id);
      sqlite3_bind_text(ins, 2, target, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text(ins, 3, i < 0 ? "addressee" : "words", -1, SQLITE_STATIC);
      s = step(m, ins, "cannot write an exchange cue");
    }
    for (int i = 0; i < n; i++)
      free(t[i]);
  }
  if (!s && rc != SQLITE_DONE)
    s = ws__db_sqlite_fail(m->db, rc, "cannot read statements");
  sqlite3_finalize(sel);
  sqlite3_finalize(ins);
  return s ? s : ws__db_exec(m->db, "DELETE FROM meta WHERE key = 'exchange_cues_backfill'");
}

/* Rebuilds the exchanges table from the exchange cues the writer found:
 * each cue resolved to a speaker when one matches. */
static ws_db_status write_exchanges(merge *m) {
  ws__db_smap handles = {0};
  ws_db_status s = backfill_cues(m);
  if (!s)
    s = build_handles(m, &handles);
  sqlite3_stmt *sel = NULL, *ins = NULL;
  if (!s)
    s = ws__db_prepare(
        m->db,
        "SELECT ec.statement_id, ds.speaker_id, ec.target, ec.via FROM exchange_cues ec"
        " JOIN statements s ON s.id = ec.statement_id"
        " LEFT JOIN doc_speakers ds ON ds.id = s.doc_speaker_id"
        " ORDER BY ec.statement_id, ec.rowid",
        &sel);
  if (!s)
    s = ws__db_prepare(m->db,
                       "INSERT INTO exchanges(statement_id, from_speaker_id, to_speaker_id,"
                       " to_name, via) VALUES (?,?,?,?,?)",
                       &ins);
  int rc = SQLITE_DONE;
  while (!s && (rc = sqlite3_step(sel)) == SQLITE_ROW) {
    const char *target = ws__db_col(sel, 2), *via = ws__db_col(sel, 3);
    s = put_exchange(m, ins, sqlite3_column_int64(sel, 0), sqlite3_column_int64(sel, 1),
                     resolve_target(m, &handles, target), target,
                     strcmp(via, "addressee") == 0 ? "addressee" : "words");
  }
  if (!s && rc != SQLITE_DONE)
    s = ws__db_sqlite_fail(m->db, rc, "cannot read exchange cues");
  sqlite3_finalize(sel);
  sqlite3_finalize(ins);
  ws__db_smap_free(&handles);
  return s;
}

/* Frees what a merge holds. */
static void merge_free(merge *m) {
  for (size_t i = 0; i < m->n_rows; i++) {
    free(m->rows[i].name), free(m->rows[i].role), free(m->rows[i].mentions);
    free(m->rows[i].date), free(m->rows[i].channels);
  }
  for (size_t i = 0; i < m->n_names; i++)
    free(m->names[i].key), free(m->names[i].last), free(m->names[i].acronym),
        free(m->names[i].roles);
  free(m->rows), free(m->names), free(m->clusters), free(m->next_last);
  ws__db_smap_free(&m->by_key), ws__db_smap_free(&m->by_last), ws__db_smap_free(&m->by_acronym);
  ws__db_smap_free(&m->links), ws__db_smap_free(&m->pairs);
}

/* Joins speakers; see db_internal.h. */
ws_db_status ws__db_merge(ws_db *db) {
  merge m = {0};
  m.db = db;
  ws_db_status s = load_rows(&m);
  if (!s)
    s = group_names(&m);
  if (!s && mention_links(&m) < 0)
    s = ws__db_fail(db, WS_DB_ERR_NOMEM, "out of memory");
  if (!s)
    s = index_full_names(&m);
  if (!s)
    s = cooccurrences(&m);
  if (!s)
    s = assign(&m);
  if (!s)
    s = write_speakers(&m);
  if (!s)
    s = write_alias_words(&m);
  if (!s)
    s = write_exchanges(&m);
  merge_free(&m);
  return s;
}

/* Rebuilds speakers in a transaction of its own; see db.h. */
ws_db_status ws_db_merge_speakers(ws_db *db) {
  ws_db_status s = ws__db_exec(db, "BEGIN IMMEDIATE");
  if (s)
    return s;
  s = ws__db_merge(db);
  if (s) {
    sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
    return s;
  }
  return ws__db_exec(db, "COMMIT");
}
