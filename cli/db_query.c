/* db_query.c: the read side of the statement database: statement search
 * with filters and cursor pagination, speakers and their facets, documents,
 * exchanges and breakdowns for reports. Every query is built from fixed SQL
 * pieces with bound values; user text is never pasted into SQL. */
#define _POSIX_C_SOURCE 200809L

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "db_internal.h"

/* Most values bound in one query. */
#define MAX_BINDS 48
/* Most speakers a --speaker name expands to. */
#define MAX_SPEAKERS 50

/* ---- Kept queries -------------------------------------------------------- */

/* FNV-1a hash of SQL text. */
static uint64_t sql_hash(const char *sql) {
  uint64_t h = 1469598103934665603ull;
  for (const unsigned char *p = (const unsigned char *)sql; *p; p++)
    h = (h ^ *p) * 1099511628211ull;
  return h;
}

/* Prepares sql into *st, reusing the handle's kept query of the same text
 * when one is free (a search's queries are prepared once, not on every
 * call). A query prepared here is given back with stmt_done(). When every
 * slot is held, the query is prepared for this use only. */
static ws_db_status stmt_get(ws_db *db, const char *sql, sqlite3_stmt **st) {
  uint64_t h = sql_hash(sql);
  int slot = -1;
  for (int i = 0; i < WS_DB_STMT_CACHE; i++) {
    if (db->stmts[i].st && !db->stmts[i].busy && db->stmts[i].hash == h &&
        strcmp(sqlite3_sql(db->stmts[i].st), sql) == 0) {
      db->stmts[i].busy = 1;
      db->stmts[i].used = ++db->stmt_clock;
      *st = db->stmts[i].st;
      return WS_DB_OK;
    }
    if (!db->stmts[i].busy &&
        (slot < 0 || !db->stmts[i].st ||
         (db->stmts[slot].st && db->stmts[i].used < db->stmts[slot].used)))
      slot = i;
  }
  int rc = sqlite3_prepare_v3(db->h, sql, -1, slot >= 0 ? SQLITE_PREPARE_PERSISTENT : 0, st,
                              NULL);
  if (rc != SQLITE_OK) {
    *st = NULL;
    return ws__db_sqlite_fail(db, rc, "cannot prepare a query");
  }
  if (slot >= 0) {
    sqlite3_finalize(db->stmts[slot].st);
    db->stmts[slot].st = *st;
    db->stmts[slot].hash = h;
    db->stmts[slot].busy = 1;
    db->stmts[slot].used = ++db->stmt_clock;
  }
  return WS_DB_OK;
}

/* Gives back a query from stmt_get(): a kept one is reset (which ends its
 * read of the database) and its values cleared; any other is finalized. */
static void stmt_done(ws_db *db, sqlite3_stmt *st) {
  if (!st)
    return;
  for (int i = 0; i < WS_DB_STMT_CACHE; i++) {
    if (db->stmts[i].st == st) {
      sqlite3_reset(st);
      sqlite3_clear_bindings(st);
      db->stmts[i].busy = 0;
      return;
    }
  }
  sqlite3_finalize(st);
}

/* Finalizes the kept queries and closes the scratch database. */
void ws__db_stmt_cache_free(ws_db *db) {
  for (int i = 0; i < WS_DB_STMT_CACHE; i++) {
    sqlite3_finalize(db->stmts[i].st);
    db->stmts[i].st = NULL;
    db->stmts[i].busy = 0;
  }
  if (db->scratch)
    sqlite3_close(db->scratch);
  db->scratch = NULL;
  if (db->tok)
    db->tok_fns.xDelete(db->tok);
  db->tok = NULL;
}

/* A query under construction: SQL text and the values to bind in order. */
typedef struct qb {
  sqlite3_str *sql;
  int n;
  struct {
    int is_int;
    int64_t i;
    char *s;
  } v[MAX_BINDS];
} qb;

/* Appends text to the SQL. */
static void qb_sql(qb *q, const char *s) { sqlite3_str_appendall(q->sql, s); }

/* Appends "?" and remembers a text value. */
static void qb_text(qb *q, const char *s) {
  if (q->n >= MAX_BINDS)
    return;
  sqlite3_str_appendall(q->sql, "?");
  q->v[q->n].is_int = 0;
  q->v[q->n++].s = sqlite3_mprintf("%s", s);
}

/* Appends "?" and remembers an integer. */
static void qb_int(qb *q, int64_t i) {
  if (q->n >= MAX_BINDS)
    return;
  sqlite3_str_appendall(q->sql, "?");
  q->v[q->n].is_int = 1;
  q->v[q->n++].i = i;
}

/* Frees the query's values (the SQL is finished by qb_prepare). */
static void qb_free(qb *q) {
  for (int i = 0; i < q->n; i++)
    if (!q->v[i].is_int)
      sqlite3_free(q->v[i].s);
  q->n = 0;
}

/* Prepares the built SQL and binds its values; frees the builder. */
static ws_db_status qb_prepare(ws_db *db, qb *q, sqlite3_stmt **st) {
  char *sql = sqlite3_str_finish(q->sql);
  q->sql = NULL;
  ws_db_status s = sql ? WS_DB_OK : ws__db_fail(db, WS_DB_ERR_NOMEM, "out of memory");
  if (!s) {
    s = stmt_get(db, sql, st);
  }
  for (int i = 0; !s && i < q->n; i++) {
    if (q->v[i].is_int)
      sqlite3_bind_int64(*st, i + 1, q->v[i].i);
    else
      sqlite3_bind_text(*st, i + 1, q->v[i].s, -1, SQLITE_TRANSIENT);
  }
  sqlite3_free(sql);
  qb_free(q);
  return s;
}

/* The speakers one name means, looked up once by ws_db_search() for the
 * queries of one search (set and cleared around them, like restrict_to). */
typedef struct name_memo {
  const char *name;
  int64_t ids[MAX_SPEAKERS];
  int n;
} name_memo;
static _Thread_local const name_memo *named_memo;

/* A speaker a name may mean, and its number of statements. */
typedef struct named {
  int64_t id, n;
} named;

/* Most statements first, then the lower id. */
static int by_statements(const void *x, const void *y) {
  const named *a = x, *b = y;
  if (a->n != b->n)
    return a->n < b->n ? 1 : -1;
  return (a->id > b->id) - (a->id < b->id);
}

/* Speaker ids a name means: every speaker with that alias exactly (with
 * and without honorifics), else those whose alias contains it as words;
 * the most quoted first. Returns the count (0 when none), at most max.
 * The speakers of the exact aliases are sorted here: DISTINCT and ORDER BY
 * in SQL built two temporary tables a call (half the CPU time of a search
 * by speaker and channel). */
static int speakers_named(ws_db *db, const char *name, int64_t *ids, int max) {
  if (named_memo && named_memo->name && strcmp(named_memo->name, name) == 0) {
    int n = named_memo->n < max ? named_memo->n : max;
    memcpy(ids, named_memo->ids, (size_t)n * sizeof *ids);
    return n;
  }
  char a[256], b[256];
  ws__db_norm(name, 0, a, sizeof a);
  ws__db_norm(name, 1, b, sizeof b);
  int n = 0;
  sqlite3_stmt *st;
  if (!a[0] || stmt_get(db,
                       "SELECT a.speaker_id, s.n_statements FROM aliases a JOIN speakers s"
                       " ON s.id = a.speaker_id WHERE a.norm IN (?1, ?2)",
                       &st) != WS_DB_OK)
    return 0;
  sqlite3_bind_text(st, 1, a, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 2, b, -1, SQLITE_STATIC);
  named *all = NULL;
  size_t count = 0, cap = 0;
  while (sqlite3_step(st) == SQLITE_ROW) {
    if (count == cap) {
      size_t c2 = cap ? 2 * cap : 16;
      named *p = realloc(all, c2 * sizeof *p);
      if (!p)
        break;
      all = p;
      cap = c2;
    }
    all[count].id = sqlite3_column_int64(st, 0);
    all[count++].n = sqlite3_column_int64(st, 1);
  }
  stmt_done(db, st);
  if (count)
    qsort(all, count, sizeof *all, by_statements);
  for (size_t i = 0; i < count && n < max; i++)
    if (i == 0 || all[i].id != all[i - 1].id) /* The same speaker by both norms. */
      ids[n++] = all[i].id;
  free(all);
  if (n || !b[0])
    return n;
  /* Else the speakers with every word of the name in one of their aliases
   * (alias_words), at most 8 words. */
  sqlite3_str *sql = sqlite3_str_new(NULL);
  sqlite3_str_appendall(sql, "SELECT w.speaker_id FROM (");
  int words = 0;
  for (const char *w = b; *w && words < 8; words++) {
    const char *e = strchr(w, ' ');
    sqlite3_str_appendf(sql, "%sSELECT speaker_id FROM alias_words WHERE word = ?%d",
                        words ? " INTERSECT " : "", words + 1);
    if (!e)
      break;
    w = e + 1;
  }
  sqlite3_str_appendf(sql, ") w JOIN speakers s ON s.id = w.speaker_id"
                           " ORDER BY s.n_statements DESC LIMIT %d", max);
  char *q = sqlite3_str_finish(sql);
  if (!q || stmt_get(db, q, &st) != WS_DB_OK) {
    sqlite3_free(q);
    return 0;
  }
  sqlite3_free(q);
  int k = 1;
  for (const char *w = b; *w && k <= 8; k++) {
    const char *e = strchr(w, ' ');
    size_t len = e ? (size_t)(e - w) : strlen(w);
    sqlite3_bind_text(st, k, w, (int)len, SQLITE_TRANSIENT);
    if (!e)
      break;
    w = e + 1;
  }
  while (n < max && sqlite3_step(st) == SQLITE_ROW)
    ids[n++] = sqlite3_column_int64(st, 0);
  stmt_done(db, st);
  return n;
}

/* Appends "(id, id, ...)". */
static void qb_id_list(qb *q, const int64_t *ids, int n) {
  qb_sql(q, "(");
  for (int i = 0; i < n; i++) {
    if (i)
      qb_sql(q, ",");
    qb_int(q, ids[i]);
  }
  qb_sql(q, ")");
}

/* Appends to an FTS5 query a pre-filter on the speaker column: one of the
 * last words of the names the documents give the speakers ids ("smith" for
 * "Anna Smith"), so that FTS5 intersects the words' lists with a short one
 * instead of the statements being filtered one by one afterwards. Single
 * words, not phrases: FTS5 checks no positions for them. The words come
 * from the speakers' aliases, which hold every name a document gave them
 * (normalised: lower case, as FTS5 compares) and a few more (name-like
 * mentions, the surname): a wider filter, never a narrower one, read from
 * a few rows instead of every document of the speaker. The speaker ids are
 * checked too; the pre-filter is left out when the names have more than 40
 * different last words. */
static void speaker_hint(ws_db *db, sqlite3_str *fts, const int64_t *ids, int n) {
  char words[40][64];
  int count = 0, overflow = 0;
  sqlite3_stmt *st;
  if (stmt_get(db, "SELECT norm FROM aliases WHERE speaker_id = ?", &st) != WS_DB_OK)
    return;
  for (int i = 0; i < n && !overflow; i++) {
    sqlite3_bind_int64(st, 1, ids[i]);
    while (!overflow && sqlite3_step(st) == SQLITE_ROW) {
      const unsigned char *nm = sqlite3_column_text(st, 0), *e = nm + strlen((const char *)nm);
      while (e > nm && !(isalnum(e[-1]) || e[-1] >= 0x80))
        e--;
      const unsigned char *b = e;
      while (b > nm && (isalnum(b[-1]) || b[-1] >= 0x80))
        b--;
      if (e == b || e - b >= 64)
        continue;
      char w[64];
      snprintf(w, sizeof w, "%.*s", (int)(e - b), b);
      int seen = 0;
      for (int k = 0; k < count && !seen; k++)
        seen = strcasecmp(words[k], w) == 0;
      if (seen)
        continue;
      if (count == 40)
        overflow = 1;
      else
        memcpy(words[count++], w, sizeof w);
    }
    sqlite3_reset(st);
  }
  stmt_done(db, st);
  if (overflow || count == 0)
    return;
  sqlite3_str_appendall(fts, " AND speaker:(");
  for (int k = 0; k < count; k++)
    sqlite3_str_appendf(fts, "%s\"%s\"", k ? " OR " : "", words[k]);
  sqlite3_str_appendall(fts, ")");
}

/* Rewrites a free-text query into FTS5 syntax: each word a quoted phrase,
 * a trailing * kept as a prefix search. */
static char *sanitize_query(const char *q) {
  sqlite3_str *b = sqlite3_str_new(NULL);
  const unsigned char *p = (const unsigned char *)q;
  int words = 0;
  while (*p) {
    while (*p && !(isalnum(*p) || *p >= 0x80))
      p++;
    const unsigned char *w = p;
    while (*p && (isalnum(*p) || *p >= 0x80 || *p == '\''))
      p++;
    if (p > w) {
      sqlite3_str_appendf(b, "%s\"%.*s\"%s", words++ ? " " : "", (int)(p - w), w,
                          *p == '*' ? "*" : "");
    }
  }
  return sqlite3_str_finish(b);
}

/* Statement ids a search is restricted to (the second step of
 * search_speakers), or NULL. Set and cleared around one query only. */
typedef struct only_ids {
  const int64_t *ids;
  int n;
} only_ids;
static _Thread_local const only_ids *restrict_to;

/* How search_where() reaches the statements of a text query. */
typedef enum from_mode {
  FROM_FTS,   /* FTS5 gives the matches, which are then filtered and sorted
                 (with documents and speakers joined for the columns). */
  FROM_IDS,   /* The same, for statement ids and dates only: documents and
                 speakers are joined only when a filter needs them. */
  FROM_WALK   /* An index of the statements in date order is walked (the
                 planner picks one for the filters) and each statement is
                 tested against the FTS5 match set, which SQLite makes once:
                 a page of a frequent word is found after a few hundred
                 steps instead of every match being read and sorted. Ids
                 and dates only, like FROM_IDS. */
} from_mode;

/* Writes the text query of a search (with the speaker pre-filter) into a
 * new sqlite3 string, or NULL without words. ids are the speakers the
 * filter means (n of them). */
static char *fts_match(ws_db *db, const ws_db_filter *f, const char *fts_query,
                       const int64_t *ids, int n_ids) {
  if (!fts_query)
    return NULL;
  sqlite3_str *fts = sqlite3_str_new(NULL);
  sqlite3_str_appendf(fts, "text:(%s)", fts_query);
  if (n_ids && !(f->speaker && f->speaker_id))
    speaker_hint(db, fts, ids, n_ids);
  return sqlite3_str_finish(fts);
}

/* The speakers a filter means, into ids (MAX_SPEAKERS); returns the count
 * (0: no speaker filter; a name that means nobody gives one id, -1). */
static int filter_speakers(ws_db *db, const ws_db_filter *f, int64_t *ids) {
  int n_ids = 0;
  if (f->speaker && *f->speaker) {
    n_ids = speakers_named(db, f->speaker, ids, MAX_SPEAKERS);
    if (n_ids == 0)
      ids[n_ids++] = -1; /* Matches nothing. */
  }
  if (f->speaker_id && n_ids < MAX_SPEAKERS)
    ids[n_ids++] = f->speaker_id;
  return n_ids;
}

/* The speakers of a filter and the FTS5 query made of its words, worked
 * out once for the queries of one search. */
typedef struct resolved {
  int64_t ids[MAX_SPEAKERS];
  int n_ids;
  char *match; /* sqlite3 string, or NULL without words. */
} resolved;

/* Fills r for filter f and text query fts (or NULL). */
static void resolve(ws_db *db, const ws_db_filter *f, const char *fts, resolved *r) {
  r->n_ids = filter_speakers(db, f, r->ids);
  r->match = fts_match(db, f, fts, r->ids, r->n_ids);
}

static ws_db_status search_where_mode(ws_db *db, const ws_db_filter *f,
                                      const char *fts_query, from_mode mode,
                                      const resolved *pre, qb *q);

/* The FROM clause and WHERE conditions shared by search, count and
 * breakdown. fts_query is the FTS5 query to use (or NULL). */
static ws_db_status search_where(ws_db *db, const ws_db_filter *f, const char *fts_query,
                                 qb *q) {
  return search_where_mode(db, f, fts_query, FROM_FTS, NULL, q);
}

/* Adds the end of a date range: dates up to UNTIL and any date in it
 * (a month "2026-11" holds "2026-11-30"), never an empty date. */
static void qb_until(qb *q, const char *until_day) {
  char until[64];
  snprintf(until, sizeof until, "%s~", until_day);
  qb_sql(q, " AND s.doc_date < ");
  qb_text(q, until);
  qb_sql(q, " AND s.doc_date <> ''");
}

/* search_where() with the way a text query reaches its statements, and
 * the speakers and FTS5 query when they are already known (pre). */
static ws_db_status search_where_mode(ws_db *db, const ws_db_filter *f,
                                      const char *fts_query, from_mode mode,
                                      const resolved *pre, qb *q) {
  resolved own;
  if (!pre) {
    resolve(db, f, fts_query, &own);
    pre = &own;
  }
  const int64_t *ids = pre->ids;
  int n_ids = pre->n_ids;
  /* Documents and speakers, joined for the columns or for a filter. */
  int need_d = mode == FROM_FTS || (f->outlet && *f->outlet);
  int need_sp = mode == FROM_FTS || (f->gender && *f->gender) ||
                (f->speaker_kind && *f->speaker_kind);
  const char *join_d = need_d ? " JOIN documents d ON d.id = s.document_id" : "";
  const char *join_sp = need_sp ? " LEFT JOIN speakers sp ON sp.id = s.speaker_id" : "";
  if (fts_query) {
    const char *m = pre->match;
    if (mode == FROM_WALK) {
      sqlite3_str_appendf(q->sql, " FROM statements s%s%s WHERE +s.id IN (SELECT rowid"
                                  " FROM statements_fts WHERE statements_fts MATCH ",
                          join_d, join_sp);
      qb_text(q, m ? m : "");
      qb_sql(q, ")");
    } else {
      sqlite3_str_appendf(q->sql, " FROM statements_fts JOIN statements s"
                                  " ON s.id = statements_fts.rowid%s%s"
                                  " WHERE statements_fts MATCH ", join_d, join_sp);
      qb_text(q, m ? m : "");
    }
  } else {
    qb_sql(q, " FROM statements s JOIN documents d ON d.id = s.document_id"
              " LEFT JOIN speakers sp ON sp.id = s.speaker_id WHERE 1");
  }
  if (n_ids) {
    if (f->speaker && f->speaker_id) {
      /* Both: the speaker id must also be one the name means. */
      qb_sql(q, " AND s.speaker_id = ");
      qb_int(q, f->speaker_id);
      n_ids--;
    }
    qb_sql(q, " AND s.speaker_id IN ");
    qb_id_list(q, ids, n_ids);
  }
  struct {
    const char *v, *sql;
  } eq[] = {{f->channel, " AND s.channel = ? COLLATE NOCASE"},
            {f->kind, " AND s.kind = ?"},
            {f->outlet, " AND d.outlet = ? COLLATE NOCASE"},
            {f->gender, " AND coalesce(sp.gender, 'unknown') = ?"},
            {f->speaker_kind, " AND coalesce(sp.kind, 'unknown') = ?"},
            {f->since, " AND s.doc_date >= ?"}};
  for (size_t i = 0; i < sizeof eq / sizeof eq[0]; i++) {
    if (!eq[i].v || !*eq[i].v)
      continue;
    const char *mark = strchr(eq[i].sql, '?');
    sqlite3_str_append(q->sql, eq[i].sql, (int)(mark - eq[i].sql));
    qb_text(q, eq[i].v);
    qb_sql(q, mark + 1);
  }
  if (f->until && *f->until)
    qb_until(q, f->until);
  if (f->document_id) {
    qb_sql(q, " AND s.document_id = ");
    qb_int(q, f->document_id);
  }
  if (restrict_to) {
    qb_sql(q, " AND s.id IN ");
    qb_id_list(q, restrict_to->ids, restrict_to->n);
  }
  if (pre == &own)
    sqlite3_free(own.match);
  return WS_DB_OK;
}

/* Columns of a statement row, in the order read_statement expects. */
static const char STMT_COLS[] =
    "SELECT s.id, s.document_id, s.speaker_id, s.seq, s.kind, s.text, %s, s.start,"
    " s.end, s.grp, s.speaker, sp.name, s.speaker_role, s.mention, s.mention_start,"
    " s.mention_end, s.cue, s.cue_start, s.cue_end, s.channel, s.date, s.addressee,"
    " s.figures, s.confidence, d.doc, d.url, d.title, s.doc_date, d.outlet";

/* An integer column, -1 when NULL. */
static int64_t col_off(sqlite3_stmt *st, int i) {
  return sqlite3_column_type(st, i) == SQLITE_NULL ? -1 : sqlite3_column_int64(st, i);
}

/* Fills r from the current row. */
static void read_statement(sqlite3_stmt *st, ws_db_statement *r) {
  r->id = sqlite3_column_int64(st, 0);
  r->document_id = sqlite3_column_int64(st, 1);
  r->speaker_id = sqlite3_column_int64(st, 2);
  r->seq = sqlite3_column_int(st, 3);
  r->kind = ws__db_col(st, 4);
  r->text = ws__db_col(st, 5);
  r->snippet = ws__db_col(st, 6);
  r->start = col_off(st, 7);
  r->end = col_off(st, 8);
  r->group = sqlite3_column_int(st, 9);
  r->speaker = ws__db_col(st, 10);
  r->speaker_name = ws__db_col(st, 11);
  r->speaker_role = ws__db_col(st, 12);
  r->mention = ws__db_col(st, 13);
  r->mention_start = col_off(st, 14);
  r->mention_end = col_off(st, 15);
  r->cue = ws__db_col(st, 16);
  r->cue_start = col_off(st, 17);
  r->cue_end = col_off(st, 18);
  r->channel = ws__db_col(st, 19);
  r->date = ws__db_col(st, 20);
  r->addressee = ws__db_col(st, 21);
  r->figures = ws__db_col(st, 22);
  r->confidence = sqlite3_column_double(st, 23);
  r->doc = ws__db_col(st, 24);
  r->url = ws__db_col(st, 25);
  r->title = ws__db_col(st, 26);
  r->doc_date = ws__db_col(st, 27);
  if (r->doc_date && !*r->doc_date)
    r->doc_date = NULL;
  r->outlet = ws__db_col(st, 28);
}

/* Parses a cursor "DATE|ID" (or "SEQ" for one document's statements). */
static int parse_cursor(const char *c, int by_seq, char *date, size_t cap, int64_t *id) {
  if (by_seq) {
    char *end;
    *id = strtoll(c, &end, 10);
    return end != c && *end == '\0';
  }
  const char *bar = strrchr(c, '|');
  if (!bar || (size_t)(bar - c) >= cap)
    return 0;
  memcpy(date, c, (size_t)(bar - c));
  date[bar - c] = '\0';
  char *end;
  *id = strtoll(bar + 1, &end, 10);
  return end != bar + 1 && *end == '\0';
}

/* Builds and prepares a search with the given FTS5 query text. */
static ws_db_status prepare_search_mode(ws_db *db, const ws_db_filter *f, const char *fts,
                                        from_mode mode, const resolved *pre, int limit,
                                        sqlite3_stmt **st) {
  qb q = {sqlite3_str_new(db->h), 0, {{0}}};
  if (mode == FROM_FTS)
    sqlite3_str_appendf(q.sql, STMT_COLS,
                        fts ? "highlight(statements_fts, 0, char(2), char(3))" : "NULL");
  else
    qb_sql(&q, "SELECT s.id, s.doc_date");
  search_where_mode(db, f, fts, mode, pre, &q);
  int by_seq = f->document_id != 0;
  if (f->cursor && *f->cursor) {
    char date[64];
    int64_t id;
    if (!parse_cursor(f->cursor, by_seq, date, sizeof date, &id)) {
      qb_free(&q);
      sqlite3_free(sqlite3_str_finish(q.sql));
      return ws__db_fail(db, WS_DB_ERR_INVALID, "invalid cursor '%s'", f->cursor);
    }
    if (by_seq) {
      qb_sql(&q, " AND s.seq > ");
      qb_int(&q, id);
    } else {
      /* A row value, which an index in date order seeks to. */
      qb_sql(&q, " AND (s.doc_date, s.id) < (");
      qb_text(&q, date);
      qb_sql(&q, ", ");
      qb_int(&q, id);
      qb_sql(&q, ")");
    }
  }
  qb_sql(&q, by_seq ? " ORDER BY s.seq" : " ORDER BY s.doc_date DESC, s.id DESC");
  qb_sql(&q, " LIMIT ");
  qb_int(&q, limit + 1);
  return qb_prepare(db, &q, st);
}

/* Builds and prepares a search with its statements' columns. */
static ws_db_status prepare_search(ws_db *db, const ws_db_filter *f, const char *fts,
                                   int limit, sqlite3_stmt **st) {
  return prepare_search_mode(db, f, fts, FROM_FTS, NULL, limit, st);
}

/* Runs a prepared search: calls fn for up to limit rows, sets the cursor. */
static ws_db_status run_search(ws_db *db, sqlite3_stmt *st, int limit, int by_seq,
                               ws_db_statement_fn fn, void *userdata, char *next_cursor,
                               int *first_rc) {
  int rc, n = 0;
  ws_db_statement r;
  ws_db_status s = WS_DB_OK;
  char cursor[WS_DB_CURSOR_MAX] = "";
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    if (n == limit) {
      break;
    }
    read_statement(st, &r);
    if (by_seq)
      snprintf(cursor, sizeof cursor, "%d", r.seq);
    else
      snprintf(cursor, sizeof cursor, "%.60s|%lld", r.doc_date ? r.doc_date : "",
               (long long)r.id);
    n++;
    if (fn(userdata, &r)) {
      s = WS_DB_STOPPED;
      break;
    }
  }
  *first_rc = n == 0 ? rc : SQLITE_ROW;
  if (!s && rc != SQLITE_ROW && rc != SQLITE_DONE)
    s = ws__db_sqlite_fail(db, rc, "search failed");
  if (next_cursor)
    snprintf(next_cursor, WS_DB_CURSOR_MAX, "%s", rc == SQLITE_ROW && !s ? cursor : "");
  return s;
}

/* True when the handle's last error is an FTS5 query syntax error. */
static int fts_syntax_error(ws_db *db) {
  const char *m = sqlite3_errmsg(db->h);
  return strstr(m, "fts5") || strstr(m, "syntax error") || strstr(m, "no such column");
}

/* A statement's place in the order of results. */
typedef struct place {
  char date[16];
  int64_t id;
} place;

/* Newest first, then higher ids first. */
static int by_place(const void *a, const void *b) {
  const place *x = a, *y = b;
  int c = strcmp(y->date, x->date);
  return c ? c : (y->id > x->id) - (y->id < x->id);
}

/* Collects the places of rows (a ws_db_statement_fn). */
typedef struct places {
  place *p;
  size_t n, cap;
} places;
static int collect_place(void *ud, const ws_db_statement *s) {
  places *ps = ud;
  if (ps->n == ps->cap) {
    size_t cap = ps->cap ? 2 * ps->cap : 64;
    place *p = realloc(ps->p, cap * sizeof *p);
    if (!p)
      return 1;
    ps->p = p;
    ps->cap = cap;
  }
  snprintf(ps->p[ps->n].date, sizeof ps->p[0].date, "%s", s->doc_date ? s->doc_date : "");
  ps->p[ps->n++].id = s->id;
  return 0;
}

static ws_db_status search_once(ws_db *db, const ws_db_filter *f, int limit,
                                ws_db_statement_fn fn, void *userdata, char *next_cursor);

/* A search without words for a name that means several speakers ("Kelly"):
 * SQLite would gather every statement of every one of them to sort them,
 * so each speaker's newest page comes from the index alone, the pages are
 * merged here, and the chosen statements are read in one last query. */
static ws_db_status search_speakers(ws_db *db, const ws_db_filter *f, const int64_t *ids,
                                    int n, int limit, ws_db_statement_fn fn, void *userdata,
                                    char *next_cursor) {
  places ps = {0};
  ws_db_status s = WS_DB_OK;
  for (int i = 0; i < n && !s; i++) {
    ws_db_filter one = *f;
    one.speaker = NULL;
    one.speaker_id = ids[i];
    s = search_once(db, &one, limit, collect_place, &ps, NULL);
  }
  if (s == WS_DB_STOPPED)
    s = ws__db_fail(db, WS_DB_ERR_NOMEM, "out of memory");
  if (!s) {
    if (ps.n)
      qsort(ps.p, ps.n, sizeof *ps.p, by_place);
    size_t keep = ps.n < (size_t)limit + 1 ? ps.n : (size_t)limit + 1;
    int64_t *chosen = malloc((keep ? keep : 1) * sizeof *chosen);
    if (!chosen) {
      s = ws__db_fail(db, WS_DB_ERR_NOMEM, "out of memory");
    } else {
      for (size_t i = 0; i < keep; i++)
        chosen[i] = ps.p[i].id;
      only_ids only = {chosen, keep ? (int)keep : 1};
      if (!keep)
        chosen[0] = -1; /* Matches nothing. */
      ws_db_filter rest = *f;
      rest.speaker = NULL;
      rest.speaker_id = 0;
      restrict_to = &only;
      s = search_once(db, &rest, limit, fn, userdata, next_cursor);
      restrict_to = NULL;
      free(chosen);
    }
  }
  free(ps.p);
  return s;
}

/* Searches; see db.h. A query FTS5 cannot parse is retried as plain words. */
ws_db_status ws_db_search(ws_db *db, const ws_db_filter *f, ws_db_statement_fn fn,
                          void *userdata, char *next_cursor) {
  int limit = f->limit <= 0 ? 20 : f->limit > 1000 ? 1000 : f->limit;
  /* One read transaction for the search's queries: each query on its own
   * began and ended one (a tenth of the CPU time of a short search), and
   * the queries now read one state of the database. Not inside a
   * transaction the caller holds (a writer's). */
  int own = sqlite3_get_autocommit(db->h);
  sqlite3_stmt *tx = NULL;
  if (own && stmt_get(db, "BEGIN", &tx) == WS_DB_OK) {
    sqlite3_step(tx);
    stmt_done(db, tx);
  }
  ws_db_status s;
  name_memo memo = {f->speaker, {0}, 0};
  if (f->speaker && *f->speaker && !f->document_id) {
    /* The speakers the name means, looked up once for the whole search. */
    memo.n = speakers_named(db, f->speaker, memo.ids, MAX_SPEAKERS);
    named_memo = &memo;
  }
  if (memo.n > 1 && !f->speaker_id && !(f->query && *f->query))
    s = search_speakers(db, f, memo.ids, memo.n, limit, fn, userdata, next_cursor);
  else
    s = search_once(db, f, limit, fn, userdata, next_cursor);
  named_memo = NULL;
  if (own && !sqlite3_get_autocommit(db->h) && stmt_get(db, "COMMIT", &tx) == WS_DB_OK) {
    sqlite3_step(tx);
    stmt_done(db, tx);
  }
  return s;
}

/* Matches of a text query counted up to this many choose the plan: fewer
 * are read and sorted (FROM_IDS), more are tested while an index in date
 * order is walked (FROM_WALK), where the filters allow it. */
#define WALK_MIN_MATCHES 2000

/* The matches of an FTS5 query, up to max: their ids into *out (max of
 * them, to free()) and their number into *n. */
static ws_db_status collect_matches(ws_db *db, const char *match, int max, int64_t **out,
                                    int *n) {
  sqlite3_stmt *st;
  *n = 0;
  *out = malloc((size_t)max * sizeof **out);
  if (!*out)
    return ws__db_fail(db, WS_DB_ERR_NOMEM, "out of memory");
  ws_db_status s = stmt_get(db,
                            "SELECT rowid FROM statements_fts WHERE statements_fts MATCH ?1"
                            " LIMIT ?2", &st);
  if (s)
    return s;
  sqlite3_bind_text(st, 1, match, -1, SQLITE_STATIC);
  sqlite3_bind_int(st, 2, max);
  int rc;
  while (*n < max && (rc = sqlite3_step(st)) == SQLITE_ROW)
    (*out)[(*n)++] = sqlite3_column_int64(st, 0);
  if (*n < max && rc != SQLITE_DONE)
    s = ws__db_sqlite_fail(db, rc, "search failed");
  stmt_done(db, st);
  return s;
}

/* True when the filters of f can be tested on an index in date order:
 * the date index, the channel index or the index of one speaker (not a
 * name that means several); no kind, outlet, gender, document or id list. */
static int walkable(const ws_db_filter *f, const resolved *r) {
  const char *other[] = {f->kind, f->outlet, f->gender, f->speaker_kind};
  for (size_t i = 0; i < sizeof other / sizeof other[0]; i++)
    if (other[i] && *other[i])
      return 0;
  return r->n_ids <= 1 && !f->document_id && !restrict_to;
}

/* Reads one statement by id (rows), gives it its highlight (hl, or NULL)
 * and hands it to fn. */
static ws_db_status emit_row(ws_db *db, sqlite3_stmt *rows, int64_t id, const char *hl,
                             ws_db_statement_fn fn, void *userdata) {
  sqlite3_bind_int64(rows, 1, id);
  int rc = sqlite3_step(rows);
  ws_db_status s = WS_DB_OK;
  if (rc == SQLITE_ROW) {
    ws_db_statement r;
    read_statement(rows, &r);
    r.snippet = hl;
    if (fn(userdata, &r))
      s = WS_DB_STOPPED;
  } else if (rc != SQLITE_DONE) {
    s = ws__db_sqlite_fail(db, rc, "search failed");
  }
  sqlite3_reset(rows);
  return s;
}

/* The scratch database of a handle: in memory, with a full-text table
 * made like statements_fts (the same columns and tokenizer, migration 1 of
 * db_schema.c) but holding its own text. NULL when it cannot be made. */
static sqlite3 *scratch_db(ws_db *db) {
  if (db->scratch)
    return db->scratch;
  sqlite3 *h = NULL;
  if (sqlite3_open_v2(":memory:", &h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
                                          SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK ||
      sqlite3_exec(h,
                   "CREATE VIRTUAL TABLE hl USING fts5(text, speaker,"
                   " tokenize='unicode61 remove_diacritics 2')",
                   NULL, NULL, NULL) != SQLITE_OK) {
    sqlite3_close(h);
    return NULL;
  }
  return db->scratch = h;
}

/* Makes the highlights of statements ids[0..n) for the FTS5 query match
 * into hl[i] (sqlite3 strings; NULL when none). FTS5's highlight() depends
 * only on the query and the row's words, so it is made in the scratch
 * database: the page's rows are copied into its full-text table (row i for
 * ids[i]) in a transaction, highlighted there and rolled back. On the
 * database's own index the query would be run again, and a prefix query
 * such as deport* merges the lists of all its terms (tens of thousands of
 * entries for a frequent one) on every run: milliseconds, against tens of
 * microseconds for 20 short rows. */
static ws_db_status highlights(ws_db *db, const char *match, const int64_t *ids, int n,
                               char **hl) {
  sqlite3 *h = scratch_db(db);
  if (!h)
    return ws__db_fail(db, WS_DB_ERR_NOMEM, "cannot make highlights");
  sqlite3_stmt *get = NULL, *put = NULL, *mark = NULL;
  ws_db_status s = stmt_get(db, "SELECT text, speaker FROM statements WHERE id = ?", &get);
  int rc = SQLITE_OK;
  if (!s && sqlite3_exec(h, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
    s = ws__db_fail(db, WS_DB_ERR_IO, "cannot make highlights: %s", sqlite3_errmsg(h));
  if (!s && (sqlite3_prepare_v2(h, "INSERT INTO hl(rowid, text, speaker) VALUES (?, ?, ?)", -1,
                                &put, NULL) != SQLITE_OK ||
             sqlite3_prepare_v2(h, "SELECT rowid, highlight(hl, 0, char(2), char(3)) FROM hl"
                                   " WHERE hl MATCH ?", -1, &mark, NULL) != SQLITE_OK))
    s = ws__db_fail(db, WS_DB_ERR_IO, "cannot make highlights: %s", sqlite3_errmsg(h));
  for (int i = 0; !s && i < n; i++) {
    sqlite3_bind_int64(get, 1, ids[i]);
    rc = sqlite3_step(get);
    if (rc == SQLITE_ROW) {
      sqlite3_bind_int(put, 1, i);
      sqlite3_bind_text(put, 2, ws__db_col(get, 0), -1, SQLITE_STATIC);
      sqlite3_bind_text(put, 3, ws__db_col(get, 1), -1, SQLITE_STATIC);
      if (sqlite3_step(put) != SQLITE_DONE)
        s = ws__db_fail(db, WS_DB_ERR_IO, "cannot make highlights: %s", sqlite3_errmsg(h));
      sqlite3_reset(put);
    } else if (rc != SQLITE_DONE) {
      s = ws__db_sqlite_fail(db, rc, "search failed");
    }
    sqlite3_reset(get);
  }
  if (!s) {
    sqlite3_bind_text(mark, 1, match, -1, SQLITE_STATIC);
    while ((rc = sqlite3_step(mark)) == SQLITE_ROW) {
      int64_t i = sqlite3_column_int64(mark, 0);
      const char *t = ws__db_col(mark, 1);
      if (i >= 0 && i < n && !hl[i])
        hl[i] = sqlite3_mprintf("%s", t ? t : "");
    }
    if (rc != SQLITE_DONE)
      s = ws__db_fail(db, WS_DB_ERR_IO, "cannot make highlights: %s", sqlite3_errmsg(h));
  }
  sqlite3_finalize(put);
  sqlite3_finalize(mark);
  if (!sqlite3_get_autocommit(h))
    sqlite3_exec(h, "ROLLBACK", NULL, NULL, NULL);
  stmt_done(db, get);
  return s;
}

/* ---- Plain word queries matched on a statement's text ----------------- */

/* Terms of a plain word query, at most. */
#define SIMPLE_MAX_TERMS 8

/* A query of plain words, each a term that the text must hold (FTS5 ANDs
 * them): the term as FTS5's tokenizer folds it, and whether it is a prefix
 * (deport*). */
typedef struct simple_query {
  int n;
  struct {
    char tok[64];
    int len;
    int prefix;
  } t[SIMPLE_MAX_TERMS];
} simple_query;

/* The handle's tokenizer: FTS5's unicode61 with remove_diacritics 2, as
 * statements_fts is made (migration 1 of db_schema.c), so that a text is
 * cut into the very terms the index holds. NULL when it cannot be had. */
static Fts5Tokenizer *word_tokenizer(ws_db *db) {
  if (db->tok || db->tok_failed)
    return db->tok;
  db->tok_failed = 1;
  fts5_api *api = NULL;
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db->h, "SELECT fts5(?1)", -1, &st, NULL) != SQLITE_OK)
    return NULL;
  sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
  sqlite3_step(st);
  sqlite3_finalize(st);
  void *ud = NULL;
  const char *args[] = {"remove_diacritics", "2"};
  Fts5Tokenizer *t = NULL;
  if (api && api->xFindTokenizer(api, "unicode61", &ud, &db->tok_fns) == SQLITE_OK &&
      db->tok_fns.xCreate(ud, args, 2, &t) == SQLITE_OK) {
    db->tok = t;
    db->tok_failed = 0;
  }
  return db->tok;
}

/* The tokens of one query word: the first one kept, all counted. */
typedef struct one_token {
  char *out;
  int len, count;
} one_token;
static int on_query_token(void *ctx, int tflags, const char *tok, int n, int start, int end) {
  one_token *o = ctx;
  (void)tflags, (void)start, (void)end;
  if (o->count++ == 0 && n > 0 && n < 64) {
    memcpy(o->out, tok, (size_t)n);
    o->len = n;
  }
  return SQLITE_OK;
}

/* True when word w (len bytes) is one of FTS5's operators. */
static int fts_operator(const unsigned char *w, size_t len) {
  return (len == 3 && (memcmp(w, "AND", 3) == 0 || memcmp(w, "NOT", 3) == 0)) ||
         (len == 2 && memcmp(w, "OR", 2) == 0) || (len == 4 && memcmp(w, "NEAR", 4) == 0);
}

/* Reads q into sq when it is a query of plain words: words of letters and
 * digits (or bytes of UTF-8 sequences), bare or each in double quotes,
 * each ending in * or not, between spaces, none an operator (AND, OR, NOT,
 * NEAR), each one term for the tokenizer. FTS5 matches such a query on a
 * statement whose text holds every term (a prefix: a term that starts with
 * it). Returns 0 for any other query (phrases, OR, columns...). */
static int simple_parse(ws_db *db, const char *q, simple_query *sq) {
  Fts5Tokenizer *tk = word_tokenizer(db);
  sq->n = 0;
  if (!tk)
    return 0;
  const unsigned char *p = (const unsigned char *)q;
  while (*p) {
    if (*p == ' ') {
      p++;
      continue;
    }
    int quoted = *p == '"';
    p += quoted;
    const unsigned char *w = p;
    while (isalnum(*p) || *p >= 0x80)
      p++;
    size_t len = (size_t)(p - w);
    if (quoted && *p++ != '"')
      return 0;
    int prefix = *p == '*';
    p += prefix;
    if (len == 0 || len >= 64 || (*p && *p != ' ') || sq->n == SIMPLE_MAX_TERMS ||
        (!quoted && fts_operator(w, len)))
      return 0;
    one_token o = {sq->t[sq->n].tok, 0, 0};
    int flags = FTS5_TOKENIZE_QUERY | (prefix ? FTS5_TOKENIZE_PREFIX : 0);
    if (db->tok_fns.xTokenize(tk, &o, flags, (const char *)w, (int)len, on_query_token) !=
            SQLITE_OK ||
        o.count != 1 || o.len == 0)
      return 0;
    sq->t[sq->n].len = o.len;
    sq->t[sq->n].prefix = prefix;
    sq->n++;
  }
  return sq->n > 0;
}

/* Matching one text: the terms found (a bit each) and, when out is set,
 * the text with each token that is a term between U+0002 and U+0003, as
 * FTS5's highlight() writes it for such a query (each term is a phrase of
 * one token, so every instance is marked alone). */
typedef struct simple_match {
  const simple_query *q;
  unsigned found, all;
  const char *text;
  sqlite3_str *out;
  int off;
} simple_match;

static int on_text_token(void *ctx, int tflags, const char *tok, int n, int start, int end) {
  simple_match *m = ctx;
  if (tflags & FTS5_TOKEN_COLOCATED)
    return SQLITE_OK;
  unsigned hit = 0;
  for (int i = 0; i < m->q->n; i++) {
    int len = m->q->t[i].len;
    if ((m->q->t[i].prefix ? n >= len : n == len) && memcmp(tok, m->q->t[i].tok, (size_t)len) == 0)
      hit |= 1u << i;
  }
  m->found |= hit;
  if (hit && m->out) {
    sqlite3_str_append(m->out, m->text + m->off, start - m->off);
    sqlite3_str_appendchar(m->out, 1, '\x02');
    sqlite3_str_append(m->out, m->text + start, end - start);
    sqlite3_str_appendchar(m->out, 1, '\x03');
    m->off = end;
  }
  /* Without a highlight to write, stop once every term is found. */
  return !m->out && m->found == m->all ? SQLITE_DONE : SQLITE_OK;
}

/* Whether text (len bytes) holds every term of sq; with hl, *hl is then
 * its highlight (an sqlite3 string). */
static int simple_match_text(ws_db *db, const simple_query *sq, const char *text, int len,
                             char **hl) {
  simple_match m = {sq, 0, (1u << sq->n) - 1, text, NULL, 0};
  int rc = db->tok_fns.xTokenize(db->tok, &m, FTS5_TOKENIZE_DOCUMENT, text, len, on_text_token);
  if ((rc != SQLITE_OK && rc != SQLITE_DONE) || m.found != m.all)
    return 0;
  if (hl) {
    m.found = 0;
    m.out = sqlite3_str_new(NULL);
    db->tok_fns.xTokenize(db->tok, &m, FTS5_TOKENIZE_DOCUMENT, text, len, on_text_token);
    sqlite3_str_append(m.out, text + m.off, len - m.off);
    *hl = sqlite3_str_finish(m.out);
  }
  return 1;
}

/* Statements of one speaker a text search tests one by one, at most: a
 * speaker's page (with a channel and dates, if given) is found among so
 * few without the full-text index. A query of plain words is matched on
 * each statement's text by the tokenizer alone (about 2 us a statement),
 * any other query in the scratch full-text table (about 10 us). The caps
 * were set with callgrind on the benchmark's searches (bench/serve.sh). */
#define SIMPLE_CANDIDATES 500
#define FEW_CANDIDATES 400
/* The same for plain words with a prefix (deport*): FTS5 merges the lists
 * of every term of a prefix on each query, which costs as much as testing
 * a few thousand statements, where one word's list is read with skips. */
#define PREFIX_CANDIDATES 4000

/* Steps through the statements of scan (id, date, text), newest first,
 * and keeps those whose text holds every term of sq, until limit + 1:
 * their ids, highlights (hl, for the first limit), count (*n) and the date
 * of the limit-th (last_date). */
static ws_db_status walk_simple(ws_db *db, sqlite3_stmt *scan, const simple_query *sq,
                                int limit, int64_t *ids, char **hl, int *n, char *last_date,
                                size_t date_cap) {
  int rc;
  while (*n <= limit && (rc = sqlite3_step(scan)) == SQLITE_ROW) {
    const char *text = ws__db_col(scan, 2);
    char *h = NULL;
    if (!text ||
        !simple_match_text(db, sq, text, sqlite3_column_bytes(scan, 2), *n < limit ? &h : NULL))
      continue;
    ids[*n] = sqlite3_column_int64(scan, 0);
    hl[*n] = h;
    if (*n < limit) {
      const char *d = ws__db_col(scan, 1);
      snprintf(last_date, date_cap, "%.60s", d ? d : "");
    }
    ++*n;
  }
  if (*n <= limit && rc != SQLITE_DONE)
    return ws__db_sqlite_fail(db, rc, "search failed");
  return WS_DB_OK;
}

/* The FROM clause and conditions of a walkable search's filters (one
 * speaker or none, a channel, dates, the cursor) on the statements alone:
 * " FROM statements s WHERE ..." into *where (an sqlite3 string), its
 * values in q (freed with qb_free). */
static ws_db_status walk_where(ws_db *db, const ws_db_filter *f, const resolved *r, qb *q,
                               char **where) {
  *where = NULL;
  q->sql = sqlite3_str_new(db->h);
  q->n = 0;
  qb_sql(q, " FROM statements s WHERE 1");
  if (r->n_ids == 1) {
    qb_sql(q, " AND s.speaker_id = ");
    qb_int(q, r->ids[0]);
  }
  if (f->channel && *f->channel) {
    qb_sql(q, " AND s.channel = ");
    qb_text(q, f->channel);
    qb_sql(q, " COLLATE NOCASE");
  }
  if (f->since && *f->since) {
    qb_sql(q, " AND s.doc_date >= ");
    qb_text(q, f->since);
  }
  if (f->until && *f->until)
    qb_until(q, f->until);
  if (f->cursor && *f->cursor) {
    char date[64];
    int64_t id;
    if (!parse_cursor(f->cursor, 0, date, sizeof date, &id)) {
      qb_free(q);
      sqlite3_free(sqlite3_str_finish(q->sql));
      q->sql = NULL;
      return ws__db_fail(db, WS_DB_ERR_INVALID, "invalid cursor '%s'", f->cursor);
    }
    qb_sql(q, " AND (s.doc_date, s.id) < (");
    qb_text(q, date);
    qb_sql(q, ", ");
    qb_int(q, id);
    qb_sql(q, ")");
  }
  *where = sqlite3_str_finish(q->sql);
  q->sql = NULL;
  if (!*where) {
    qb_free(q);
    return ws__db_fail(db, WS_DB_ERR_NOMEM, "out of memory");
  }
  return WS_DB_OK;
}

/* Binds the values of q to st from the first parameter on. */
static void qb_bind(const qb *q, sqlite3_stmt *st) {
  for (int i = 0; i < q->n; i++) {
    if (q->v[i].is_int)
      sqlite3_bind_int64(st, i + 1, q->v[i].i);
    else
      sqlite3_bind_text(st, i + 1, q->v[i].s, -1, SQLITE_STATIC);
  }
}

/* The page of a walkable search whose FTS5 query has fewer than
 * WALK_MIN_MATCHES matches, all in matches[0..m): each is tested against
 * the filters and given its date by one lookup, and the places are sorted
 * here, newest first. The index was read once, by the count of the
 * matches that chose this plan; a query joining the index with the
 * statements would read it again. Fills ids (limit + 1), *n and last_date
 * (the date of the limit-th). */
static ws_db_status search_listed(ws_db *db, const ws_db_filter *f, const resolved *r,
                                  const int64_t *matches, int m, int limit, int64_t *ids,
                                  int *n, char *last_date, size_t date_cap) {
  qb q = {NULL, 0, {{0}}};
  char *where = NULL;
  ws_db_status s = walk_where(db, f, r, &q, &where);
  if (s)
    return s;
  char *sql = sqlite3_mprintf("SELECT s.doc_date%s AND s.id = ?", where);
  sqlite3_free(where);
  sqlite3_stmt *st = NULL;
  s = sql ? stmt_get(db, sql, &st) : ws__db_fail(db, WS_DB_ERR_NOMEM, "out of memory");
  sqlite3_free(sql);
  places ps = {0};
  if (!s)
    qb_bind(&q, st);
  for (int i = 0; !s && i < m; i++) {
    sqlite3_bind_int64(st, q.n + 1, matches[i]);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
      ws_db_statement one = {0};
      one.id = matches[i];
      one.doc_date = ws__db_col(st, 0);
      if (collect_place(&ps, &one))
        s = ws__db_fail(db, WS_DB_ERR_NOMEM, "out of memory");
    } else if (rc != SQLITE_DONE) {
      s = ws__db_sqlite_fail(db, rc, "search failed");
    }
    sqlite3_reset(st);
  }
  stmt_done(db, st);
  qb_free(&q);
  if (!s) {
    if (ps.n)
      qsort(ps.p, ps.n, sizeof *ps.p, by_place);
    *n = 0;
    for (size_t i = 0; i < ps.n && *n <= limit; i++) {
      ids[*n] = ps.p[i].id;
      if (*n < limit)
        snprintf(last_date, date_cap, "%s", ps.p[i].date);
      ++*n;
    }
  }
  free(ps.p);
  return s;
}

/* The scratch plan of search_few(): the statements of scan (id, date,
 * text, speaker; many at most), newest first, copied into the scratch
 * full-text table h (row i for the i-th) in a transaction rolled back at
 * the end, and the words fts matched there. Sets *done when the page is
 * made; a query the scratch table refuses (FTS5 syntax) is left undone,
 * to the usual search, which reports it. */
static ws_db_status few_in_scratch(ws_db *db, sqlite3 *h, sqlite3_stmt *scan, int many,
                                   const char *fts, int limit, int64_t *ids, char **hl,
                                   int *n, char *last_date, size_t date_cap, int *done) {
  ws_db_status s = WS_DB_OK;
  int64_t *cand = malloc((size_t)(many ? many : 1) * sizeof *cand);
  char(*dates)[64] = malloc((size_t)(many ? many : 1) * sizeof *dates);
  sqlite3_stmt *put = NULL, *mark = NULL;
  char *match = sqlite3_mprintf("text:(%s)", fts);
  if (!cand || !dates || !match)
    s = ws__db_fail(db, WS_DB_ERR_NOMEM, "out of memory");
  int ok = !s && sqlite3_exec(h, "BEGIN", NULL, NULL, NULL) == SQLITE_OK &&
           sqlite3_prepare_v2(h, "INSERT INTO hl(rowid, text, speaker) VALUES (?, ?, ?)", -1,
                              &put, NULL) == SQLITE_OK &&
           sqlite3_prepare_v2(h, "SELECT rowid, highlight(hl, 0, char(2), char(3)) FROM hl"
                                 " WHERE hl MATCH ? ORDER BY rowid LIMIT ?", -1, &mark,
                              NULL) == SQLITE_OK;
  int k = 0, rc = SQLITE_DONE;
  while (ok && k < many && (rc = sqlite3_step(scan)) == SQLITE_ROW) {
    cand[k] = sqlite3_column_int64(scan, 0);
    const char *d = ws__db_col(scan, 1);
    snprintf(dates[k], sizeof dates[k], "%.60s", d ? d : "");
    sqlite3_bind_int(put, 1, k);
    sqlite3_bind_text(put, 2, ws__db_col(scan, 2), -1, SQLITE_STATIC);
    sqlite3_bind_text(put, 3, ws__db_col(scan, 3), -1, SQLITE_STATIC);
    ok = sqlite3_step(put) == SQLITE_DONE;
    sqlite3_reset(put);
    k++;
  }
  if (ok && k < many && rc != SQLITE_DONE && rc != SQLITE_ROW)
    s = ws__db_sqlite_fail(db, rc, "search failed");
  /* The matches, in the order of the rows. */
  if (ok && !s) {
    sqlite3_bind_text(mark, 1, match, -1, SQLITE_STATIC);
    sqlite3_bind_int(mark, 2, limit + 1);
    while ((rc = sqlite3_step(mark)) == SQLITE_ROW) {
      int64_t i = sqlite3_column_int64(mark, 0);
      if (i < 0 || i >= k || *n > limit)
        continue;
      const char *t = ws__db_col(mark, 1);
      ids[*n] = cand[i];
      hl[*n] = sqlite3_mprintf("%s", t ? t : "");
      if (*n < limit)
        snprintf(last_date, date_cap, "%s", dates[i]);
      ++*n;
    }
    ok = rc == SQLITE_DONE;
  }
  if (!ok && !s) { /* Undo a partial page: the usual search makes it. */
    for (int i = 0; i < *n; i++) {
      sqlite3_free(hl[i]);
      hl[i] = NULL;
    }
    *n = 0;
  }
  *done = ok && !s;
  sqlite3_finalize(put);
  sqlite3_finalize(mark);
  if (!sqlite3_get_autocommit(h))
    sqlite3_exec(h, "ROLLBACK", NULL, NULL, NULL);
  sqlite3_free(match);
  free(cand);
  free(dates);
  return s;
}

/* A text search's page among few statements, or not done (*done 0): when
 * the filters are one speaker (by name or id), with a channel and dates or
 * not, and that speaker has at most SIMPLE_CANDIDATES (a query of plain
 * words), PREFIX_CANDIDATES (plain words with a prefix) or FEW_CANDIDATES
 * (any other query) statements that pass them (counted
 * on the index of the speaker and channel): they are tested newest first,
 * by the tokenizer (walk_simple) or, copied into the scratch full-text
 * table (row i for the i-th), by FTS5 there; the first limit + 1 that
 * match are the page and the next one, with their highlights. The
 * database's index would merge the full lists of the words (tens of
 * thousands of entries for a frequent word or a prefix) to find the same
 * few. Fills ids, hl (sqlite3 strings), *n and last_date (the date of the
 * limit-th, for the cursor). */
static ws_db_status search_few(ws_db *db, const ws_db_filter *f, const resolved *r,
                               const char *fts, int limit, int64_t *ids, char **hl, int *n,
                               char *last_date, size_t date_cap, int *done) {
  *done = 0;
  *n = 0;
  if (r->n_ids != 1 || !walkable(f, r))
    return WS_DB_OK;
  qb q = {NULL, 0, {{0}}};
  char *where = NULL;
  ws_db_status s0 = walk_where(db, f, r, &q, &where);
  if (s0)
    return s0;
  /* How many, up to one more than the cap (on the index alone). */
  simple_query sq;
  int simple = simple_parse(db, fts, &sq);
  int prefix = 0;
  for (int i = 0; simple && i < sq.n; i++)
    prefix |= sq.t[i].prefix;
  int cap = !simple ? FEW_CANDIDATES : prefix ? PREFIX_CANDIDATES : SIMPLE_CANDIDATES;
  char *count_sql = sqlite3_mprintf("SELECT count(*) FROM (SELECT 1%s LIMIT %d)", where,
                                    cap + 1);
  sqlite3_stmt *st = NULL;
  ws_db_status s = count_sql ? stmt_get(db, count_sql, &st)
                             : ws__db_fail(db, WS_DB_ERR_NOMEM, "out of memory");
  sqlite3_free(count_sql);
  if (!s)
    qb_bind(&q, st);
  int rc = s ? SQLITE_ERROR : sqlite3_step(st);
  int many = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
  if (!s && rc != SQLITE_ROW)
    s = ws__db_sqlite_fail(db, rc, "search failed");
  stmt_done(db, st);
  st = NULL;
  sqlite3 *h = s || many > cap || simple ? NULL : scratch_db(db);
  if (s || many > cap || (!simple && !h)) {
    sqlite3_free(where);
    qb_free(&q);
    return s;
  }
  char *scan_sql = sqlite3_mprintf("SELECT s.id, s.doc_date, s.text, s.speaker%s"
                                   " ORDER BY s.doc_date DESC, s.id DESC", where);
  sqlite3_free(where);
  s = scan_sql ? stmt_get(db, scan_sql, &st) : ws__db_fail(db, WS_DB_ERR_NOMEM, "out of memory");
  sqlite3_free(scan_sql);
  if (!s)
    qb_bind(&q, st);
  if (simple) { /* Each text matched by the tokenizer, newest first. */
    if (!s)
      s = walk_simple(db, st, &sq, limit, ids, hl, n, last_date, date_cap);
    stmt_done(db, st);
    qb_free(&q);
    *done = !s;
    return s;
  }
  /* Else each of them into the scratch table. */
  if (!s)
    s = few_in_scratch(db, h, st, many, fts, limit, ids, hl, n, last_date, date_cap, done);
  stmt_done(db, st);
  qb_free(&q);
  return s;
}

/* A text search in two steps: the ids and dates of the page (and the next
 * statement's), by the plan the matches' number chooses; then each
 * statement of the page with its columns and highlight. The columns and
 * highlights of statements that are not shown are never made (a query that
 * sorted whole rows made them for every match). */
static ws_db_status search_text(ws_db *db, const ws_db_filter *f, const char *fts, int limit,
                                ws_db_statement_fn fn, void *userdata, char *next_cursor) {
  from_mode mode = FROM_IDS;
  resolved r;
  resolve(db, f, fts, &r);
  ws_db_status s = r.match ? WS_DB_OK : ws__db_fail(db, WS_DB_ERR_NOMEM, "out of memory");
  int64_t *ids = s ? NULL : malloc(((size_t)limit + 1) * sizeof *ids);
  char **hl = s ? NULL : calloc((size_t)limit + 1, sizeof *hl);
  char last_date[64] = "";
  int n = 0, rc = SQLITE_DONE, few = 0;
  if (!s && (!ids || !hl))
    s = ws__db_fail(db, WS_DB_ERR_NOMEM, "out of memory");
  if (!s)
    s = search_few(db, f, &r, fts, limit, ids, hl, &n, last_date, sizeof last_date, &few);
  int listed = 0; /* The page came from the matches collected. */
  if (!s && !few && walkable(f, &r)) {
    int m = 0;
    int64_t *matches = NULL;
    s = collect_matches(db, r.match, WALK_MIN_MATCHES, &matches, &m);
    if (!s && m >= WALK_MIN_MATCHES)
      mode = FROM_WALK;
    else if (!s)
      s = search_listed(db, f, &r, matches, m, limit, ids, &n, last_date, sizeof last_date),
      listed = 1;
    free(matches);
  }
  sqlite3_stmt *st = NULL, *rows = NULL;
  if (!s && !few && !listed)
    s = prepare_search_mode(db, f, fts, mode, &r, limit, &st);
  while (!s && !few && !listed && n <= limit && (rc = sqlite3_step(st)) == SQLITE_ROW) {
    ids[n] = sqlite3_column_int64(st, 0);
    if (n < limit) {
      const char *d = ws__db_col(st, 1);
      snprintf(last_date, sizeof last_date, "%.60s", d ? d : "");
    }
    n++;
  }
  if (!s && rc != SQLITE_ROW && rc != SQLITE_DONE)
    s = ws__db_sqlite_fail(db, rc, "search failed");
  stmt_done(db, st);
  if (!s && n) {
    qb q = {sqlite3_str_new(db->h), 0, {{0}}};
    sqlite3_str_appendf(q.sql, STMT_COLS, "NULL");
    qb_sql(&q, " FROM statements s JOIN documents d ON d.id = s.document_id"
               " LEFT JOIN speakers sp ON sp.id = s.speaker_id WHERE s.id = ?");
    s = qb_prepare(db, &q, &rows);
    if (!s && !few)
      s = highlights(db, r.match, ids, n < limit ? n : limit, hl);
  }
  for (int i = 0; !s && i < n && i < limit; i++)
    s = emit_row(db, rows, ids[i], hl[i], fn, userdata);
  if (next_cursor)
    snprintf(next_cursor, WS_DB_CURSOR_MAX, "%s", "");
  if (next_cursor && !s && n > limit)
    snprintf(next_cursor, WS_DB_CURSOR_MAX, "%s|%lld", last_date, (long long)ids[limit - 1]);
  stmt_done(db, rows);
  for (int i = 0; hl && i <= limit; i++)
    sqlite3_free(hl[i]);
  free(hl);
  sqlite3_free(r.match);
  free(ids);
  return s;
}

/* One search query (with its retry as plain words). */
static ws_db_status search_once(ws_db *db, const ws_db_filter *f, int limit,
                                ws_db_statement_fn fn, void *userdata, char *next_cursor) {
  const char *fts = f->query && *f->query ? f->query : NULL;
  char *plain = NULL;
  ws_db_status s;
  for (int attempt = 0;; attempt++) {
    sqlite3_stmt *st = NULL;
    const char *words = attempt ? plain : fts;
    int rc = SQLITE_OK;
    if (words && !f->document_id) {
      s = search_text(db, f, words, limit, fn, userdata, next_cursor);
    } else {
      s = prepare_search(db, f, words, limit, &st);
      if (!s)
        s = run_search(db, st, limit, f->document_id != 0, fn, userdata, next_cursor, &rc);
    }
    int retry = s && fts && attempt == 0 && (s == WS_DB_ERR_IO) && fts_syntax_error(db);
    stmt_done(db, st);
    if (!retry)
      break;
    plain = sanitize_query(fts);
    if (!plain || !*plain) {
      s = ws__db_fail(db, WS_DB_ERR_INVALID, "invalid search query '%s'", fts);
      break;
    }
  }
  sqlite3_free(plain);
  if (s == WS_DB_ERR_IO && fts && fts_syntax_error(db))
    s = ws__db_fail(db, WS_DB_ERR_INVALID, "invalid search query '%s'", fts);
  return s;
}

/* Counts; see db.h. */
ws_db_status ws_db_count(ws_db *db, const ws_db_filter *f, int64_t *count) {
  qb q = {sqlite3_str_new(db->h), 0, {{0}}};
  qb_sql(&q, "SELECT count(*)");
  const char *fts = f->query && *f->query ? f->query : NULL;
  char *plain = fts ? sanitize_query(fts) : NULL;
  search_where(db, f, plain, &q);
  sqlite3_stmt *st;
  ws_db_status s = qb_prepare(db, &q, &st);
  sqlite3_free(plain);
  if (s)
    return s;
  int rc = sqlite3_step(st);
  *count = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
  if (rc != SQLITE_ROW)
    s = ws__db_sqlite_fail(db, rc, "count failed");
  stmt_done(db, st);
  return s;
}

/* One statement by id; see db.h. */
ws_db_status ws_db_statement_get(ws_db *db, int64_t id, ws_db_statement_fn fn,
                                 void *userdata) {
  qb q = {sqlite3_str_new(db->h), 0, {{0}}};
  sqlite3_str_appendf(q.sql, STMT_COLS, "NULL");
  qb_sql(&q, " FROM statements s JOIN documents d ON d.id = s.document_id"
             " LEFT JOIN speakers sp ON sp.id = s.speaker_id WHERE s.id = ");
  qb_int(&q, id);
  sqlite3_stmt *st;
  ws_db_status s = qb_prepare(db, &q, &st);
  if (s)
    return s;
  int rc = sqlite3_step(st);
  if (rc == SQLITE_ROW) {
    ws_db_statement r;
    read_statement(st, &r);
    if (fn(userdata, &r))
      s = WS_DB_STOPPED;
  } else {
    s = rc == SQLITE_DONE ? ws__db_fail(db, WS_DB_ERR_NOT_FOUND, "no statement %lld",
                                        (long long)id)
                          : ws__db_sqlite_fail(db, rc, "cannot read a statement");
  }
  stmt_done(db, st);
  return s;
}

/* ---- Speakers ---------------------------------------------------------- */

/* Columns of a speaker row; with aggregated counts, %s are the count
 * expressions. */
static void read_speaker(sqlite3_stmt *st, ws_db_speaker_rec *r) {
  r->id = sqlite3_column_int64(st, 0);
  r->name = ws__db_col(st, 1);
  r->kind = ws__db_col(st, 2);
  r->gender = ws__db_col(st, 3);
  r->role = ws__db_col(st, 4);
  r->n_statements = sqlite3_column_int64(st, 5);
  r->n_documents = sqlite3_column_int64(st, 6);
  r->first_date = ws__db_col(st, 7);
  r->last_date = ws__db_col(st, 8);
  r->top_channel = ws__db_col(st, 9);
}

/* Calls fn for each row of a prepared speaker query. */
static ws_db_status each_speaker(ws_db *db, sqlite3_stmt *st, ws_db_speaker_fn fn,
                                 void *userdata, int *rows) {
  int rc;
  ws_db_status s = WS_DB_OK;
  *rows = 0;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    ws_db_speaker_rec r;
    read_speaker(st, &r);
    ++*rows;
    if (fn(userdata, &r)) {
      s = WS_DB_STOPPED;
      break;
    }
  }
  if (!s && rc != SQLITE_DONE)
    s = ws__db_sqlite_fail(db, rc, "cannot list speakers");
  stmt_done(db, st);
  return s;
}

/* Lists speakers; see db.h. With channel or dates, counts are over the
 * statements that pass them. */
ws_db_status ws_db_speakers(ws_db *db, const ws_db_speaker_filter *f, ws_db_speaker_fn fn,
                            void *userdata) {
  int limit = f->limit <= 0 ? 20 : f->limit > 10000 ? 10000 : f->limit;
  int scoped = (f->channel && *f->channel) || (f->since && *f->since) ||
               (f->until && *f->until);
  qb q = {sqlite3_str_new(db->h), 0, {{0}}};
  if (scoped) {
    ws_db_filter sf = {0};
    sf.channel = f->channel;
    sf.since = f->since;
    sf.until = f->until;
    qb_sql(&q, "SELECT sp.id, sp.name, sp.kind, sp.gender, sp.role, count(*),"
               " count(DISTINCT s.document_id), min(nullif(s.doc_date, '')),"
               " max(nullif(s.doc_date, '')), sp.top_channel");
    search_where(db, &sf, NULL, &q);
    qb_sql(&q, " AND sp.id IS NOT NULL");
  } else {
    qb_sql(&q, "SELECT sp.id, sp.name, sp.kind, sp.gender, sp.role, sp.n_statements,"
               " sp.n_documents, sp.first_date, sp.last_date, sp.top_channel"
               " FROM speakers sp WHERE 1");
  }
  if (f->kind && *f->kind) {
    qb_sql(&q, " AND sp.kind = ");
    qb_text(&q, f->kind);
  }
  if (f->gender && *f->gender) {
    qb_sql(&q, " AND sp.gender = ");
    qb_text(&q, f->gender);
  }
  if (f->name && *f->name) {
    char norm[256], like[300];
    ws__db_norm(f->name, 1, norm, sizeof norm);
    snprintf(like, sizeof like, "%%%s%%", norm);
    qb_sql(&q, " AND sp.id IN (SELECT speaker_id FROM aliases WHERE norm LIKE ");
    qb_text(&q, like);
    qb_sql(&q, ")");
  }
  if (scoped)
    qb_sql(&q, " GROUP BY sp.id ORDER BY count(*) DESC, sp.name LIMIT ");
  else
    qb_sql(&q, " ORDER BY sp.n_statements DESC, sp.name LIMIT ");
  qb_int(&q, limit);
  qb_sql(&q, " OFFSET ");
  qb_int(&q, f->offset > 0 ? f->offset : 0);
  sqlite3_stmt *st;
  ws_db_status s = qb_prepare(db, &q, &st);
  int rows;
  return s ? s : each_speaker(db, st, fn, userdata, &rows);
}

/* Finds a speaker by name; see db.h. */
ws_db_status ws_db_speaker_find(ws_db *db, const char *name, int64_t *id) {
  int64_t ids[1];
  if (speakers_named(db, name, ids, 1) == 0)
    return ws__db_fail(db, WS_DB_ERR_NOT_FOUND, "no speaker named '%s'", name);
  *id = ids[0];
  return WS_DB_OK;
}

/* One speaker; see db.h. */
ws_db_status ws_db_speaker_get(ws_db *db, int64_t id, ws_db_speaker_fn fn, void *userdata) {
  sqlite3_stmt *st;
  ws_db_status s = stmt_get(
      db,
      "SELECT id, name, kind, gender, role, n_statements, n_documents, first_date,"
      " last_date, top_channel FROM speakers WHERE id = ?",
      &st);
  if (s)
    return s;
  sqlite3_bind_int64(st, 1, id);
  int rows;
  s = each_speaker(db, st, fn, userdata, &rows);
  if (!s && rows == 0)
    s = ws__db_fail(db, WS_DB_ERR_NOT_FOUND, "no speaker %lld", (long long)id);
  return s;
}

/* Calls fn for each (key, count) row of a prepared query. */
static ws_db_status each_count(ws_db *db, sqlite3_stmt *st, ws_db_count_fn fn,
                               void *userdata) {
  int rc;
  ws_db_status s = WS_DB_OK;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    const char *k = ws__db_col(st, 0);
    if (fn(userdata, k ? k : "", sqlite3_column_int64(st, 1))) {
      s = WS_DB_STOPPED;
      break;
    }
  }
  if (!s && rc != SQLITE_DONE)
    s = ws__db_sqlite_fail(db, rc, "cannot count");
  stmt_done(db, st);
  return s;
}

/* A speaker's facet; see db.h. */
ws_db_status ws_db_speaker_facet(ws_db *db, int64_t id, ws_db_facet facet, ws_db_count_fn fn,
                                 void *userdata) {
  static const char *const sql[] = {
      "SELECT alias, n FROM aliases WHERE speaker_id = ?1 ORDER BY n DESC, alias",
      "SELECT role, n FROM speaker_roles WHERE speaker_id = ?1 ORDER BY n DESC, role",
      "SELECT s.channel, count(*) FROM statements s"
      " WHERE s.speaker_id = ?1 AND s.channel IS NOT NULL"
      " GROUP BY 1 ORDER BY 2 DESC, 1",
      "SELECT d.outlet, sum(ds.n) FROM doc_speakers ds JOIN documents d"
      " ON d.id = ds.document_id WHERE ds.speaker_id = ?1 AND d.outlet IS NOT NULL"
      " GROUP BY 1 ORDER BY 2 DESC, 1",
      "SELECT CASE WHEN length(s.doc_date) >= 7 THEN substr(s.doc_date, 1, 7)"
      " ELSE 'unknown' END AS m, count(*) FROM statements s"
      " WHERE s.speaker_id = ?1 GROUP BY 1"
      " ORDER BY m = 'unknown', m"};
  if ((unsigned)facet >= sizeof sql / sizeof sql[0])
    return ws__db_fail(db, WS_DB_ERR_INVALID, "unknown facet %d", (int)facet);
  sqlite3_stmt *st;
  ws_db_status s = stmt_get(db, sql[facet], &st);
  if (s)
    return s;
  sqlite3_bind_int64(st, 1, id);
  return each_count(db, st, fn, userdata);
}

/* ---- Documents, exchanges, breakdowns, totals -------------------------- */

/* One document; see db.h. */
ws_db_status ws_db_document_get(ws_db *db, int64_t id, ws_db_document_fn fn, void *userdata) {
  sqlite3_stmt *st;
  ws_db_status s = stmt_get(db,
                                  "SELECT id, key, doc, url, title, date, byline, source,"
                                  " outlet, text, n_statements FROM documents WHERE id = ?",
                                  &st);
  if (s)
    return s;
  sqlite3_bind_int64(st, 1, id);
  int rc = sqlite3_step(st);
  if (rc == SQLITE_ROW) {
    ws_db_document d = {sqlite3_column_int64(st, 0), ws__db_col(st, 1), ws__db_col(st, 2),
                        ws__db_col(st, 3), ws__db_col(st, 4), ws__db_col(st, 5),
                        ws__db_col(st, 6), ws__db_col(st, 7), ws__db_col(st, 8),
                        ws__db_col(st, 9), sqlite3_column_int64(st, 10)};
    if (fn(userdata, &d))
      s = WS_DB_STOPPED;
  } else {
    s = rc == SQLITE_DONE
            ? ws__db_fail(db, WS_DB_ERR_NOT_FOUND, "no document %lld", (long long)id)
            : ws__db_sqlite_fail(db, rc, "cannot read a document");
  }
  stmt_done(db, st);
  return s;
}

/* Exchanges; see db.h. */
ws_db_status ws_db_exchanges(ws_db *db, int64_t speaker_id, const char *since,
                             const char *until, int limit, int offset,
                             ws_db_exchange_fn fn, void *userdata) {
  qb q = {sqlite3_str_new(db->h), 0, {{0}}};
  qb_sql(&q, "SELECT e.statement_id, e.from_speaker_id, f.name, e.to_speaker_id,"
             " e.to_name, e.via, nullif(s.doc_date, ''), s.channel, s.text, d.url, d.title,"
             " t.name FROM exchanges e JOIN statements s ON s.id = e.statement_id"
             " JOIN documents d ON d.id = s.document_id"
             " LEFT JOIN speakers f ON f.id = e.from_speaker_id"
             " LEFT JOIN speakers t ON t.id = e.to_speaker_id WHERE 1");
  if (speaker_id) {
    qb_sql(&q, " AND (e.from_speaker_id = ");
    qb_int(&q, speaker_id);
    qb_sql(&q, " OR e.to_speaker_id = ");
    qb_int(&q, speaker_id);
    qb_sql(&q, ")");
  }
  if (since && *since) {
    qb_sql(&q, " AND s.doc_date >= ");
    qb_text(&q, since);
  }
  if (until && *until) {
    char u[64];
    snprintf(u, sizeof u, "%s~", until);
    qb_sql(&q, " AND s.doc_date <> '' AND s.doc_date < ");
    qb_text(&q, u);
  }
  qb_sql(&q, " ORDER BY s.doc_date, s.id, e.id LIMIT ");
  qb_int(&q, limit <= 0 ? 100 : limit > 10000 ? 10000 : limit);
  qb_sql(&q, " OFFSET ");
  qb_int(&q, offset > 0 ? offset : 0);
  sqlite3_stmt *st;
  ws_db_status s = qb_prepare(db, &q, &st);
  if (s)
    return s;
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    ws_db_exchange e = {sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1),
                        ws__db_col(st, 2), sqlite3_column_int64(st, 3), ws__db_col(st, 4),
                        ws__db_col(st, 5), ws__db_col(st, 6), ws__db_col(st, 7),
                        ws__db_col(st, 8), ws__db_col(st, 9), ws__db_col(st, 10),
                        ws__db_col(st, 11)};
    if (fn(userdata, &e)) {
      s = WS_DB_STOPPED;
      break;
    }
  }
  if (!s && rc != SQLITE_DONE)
    s = ws__db_sqlite_fail(db, rc, "cannot list exchanges");
  stmt_done(db, st);
  return s;
}

/* SQL expression of a breakdown dimension. */
static const char *dim_sql(int dim) {
  switch (dim) {
  case WS_DB_DIM_GENDER: return "coalesce(sp.gender, 'unknown')";
  case WS_DB_DIM_SPEAKER_KIND: return "coalesce(sp.kind, 'unknown')";
  case WS_DB_DIM_CHANNEL: return "coalesce(s.channel, 'none')";
  case WS_DB_DIM_OUTLET: return "coalesce(d.outlet, 'unknown')";
  case WS_DB_DIM_MONTH:
    return "(CASE WHEN length(s.doc_date) >= 7 THEN substr(s.doc_date, 1, 7)"
           " ELSE 'unknown' END)";
  case WS_DB_DIM_KIND: return "s.kind";
  case WS_DB_DIM_SPEAKER: return "coalesce(sp.name, 'none')";
  default: return NULL;
  }
}

/* Breakdown; see db.h. */
ws_db_status ws_db_breakdown(ws_db *db, const ws_db_filter *f, ws_db_dim dim, int dim2,
                             int max, ws_db_count_fn fn, void *userdata) {
  const char *a = dim_sql(dim), *b = dim2 >= 0 ? dim_sql(dim2) : NULL;
  if (!a || (dim2 >= 0 && !b))
    return ws__db_fail(db, WS_DB_ERR_INVALID, "unknown dimension");
  qb q = {sqlite3_str_new(db->h), 0, {{0}}};
  if (b)
    sqlite3_str_appendf(q.sql, "SELECT %s || char(31) || %s AS k, count(*) AS c", a, b);
  else
    sqlite3_str_appendf(q.sql, "SELECT %s AS k, count(*) AS c", a);
  const char *fts = f && f->query && *f->query ? f->query : NULL;
  char *plain = fts ? sanitize_query(fts) : NULL;
  ws_db_filter none = {0};
  search_where(db, f ? f : &none, plain, &q);
  sqlite3_free(plain);
  int months = dim == WS_DB_DIM_MONTH;
  qb_sql(&q, months ? " GROUP BY k ORDER BY k LIKE 'unknown%', k"
                    : " GROUP BY k ORDER BY c DESC, k");
  if (max > 0) {
    qb_sql(&q, " LIMIT ");
    qb_int(&q, max);
  }
  sqlite3_stmt *st;
  ws_db_status s = qb_prepare(db, &q, &st);
  return s ? s : each_count(db, st, fn, userdata);
}

/* Totals; see db.h. */
ws_db_status ws_db_get_totals(ws_db *db, ws_db_totals *t) {
  memset(t, 0, sizeof *t);
  sqlite3_stmt *st;
  ws_db_status s = stmt_get(
      db,
      "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM statements),"
      " (SELECT count(*) FROM speakers), (SELECT count(*) FROM exchanges),"
      " (SELECT coalesce(sum(n), 0) FROM doc_speakers WHERE speaker_id IS NOT NULL),"
      " (SELECT user_version FROM pragma_user_version)",
      &st);
  if (s)
    return s;
  int rc = sqlite3_step(st);
  if (rc == SQLITE_ROW) {
    t->documents = sqlite3_column_int64(st, 0);
    t->statements = sqlite3_column_int64(st, 1);
    t->speakers = sqlite3_column_int64(st, 2);
    t->exchanges = sqlite3_column_int64(st, 3);
    t->attributed = sqlite3_column_int64(st, 4);
    t->schema_version = sqlite3_column_int(st, 5);
  } else {
    s = ws__db_sqlite_fail(db, rc, "cannot count");
  }
  stmt_done(db, st);
  return s;
}
