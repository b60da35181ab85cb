/* db_write.c: the batch writer of the statement database. Documents are
 * keyed by id, else URL, else a hash of their content; a document whose key
 * is known is skipped when its content hash is the same and has its
 * statements replaced when not. Documents are written in batches, one
 * transaction each, so that an interrupted run leaves every earlier batch
 * whole and nothing of the one in progress; the run's last transaction also
 * joins speakers across documents (db_merge.c). */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_internal.h"

/* Statement count of one per-document speaker being built. */
typedef struct ds_build {
  const char *name;
  size_t first; /* Index of its first statement in the sorted order. */
  size_t count;
} ds_build;

/* Prepared statements of the writer, by purpose. */
enum {
  Q_FIND_DOC, Q_INSERT_DOC, Q_UPDATE_DOC, Q_DELETE_STMTS, Q_DELETE_DS,
  Q_INSERT_DS, Q_INSERT_STMT, Q_INSERT_FTS, Q_INSERT_CUE, Q_COUNT
};

static const char *const SQL[Q_COUNT] = {
    "SELECT id, content_hash FROM documents WHERE key = ?",
    "INSERT INTO documents(key, doc, url, title, date, byline, source, outlet,"
    " content_hash, text, n_statements) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
    "UPDATE documents SET doc=?2, url=?3, title=?4, date=?5, byline=?6, source=?7,"
    " outlet=?8, content_hash=?9, text=?10, n_statements=?11 WHERE id=?1",
    "DELETE FROM statements WHERE document_id = ?",
    "DELETE FROM doc_speakers WHERE document_id = ?",
    "INSERT INTO doc_speakers(document_id, name, role, kind_hint, gender_hint,"
    " mentions, n, speaker_id, channels) VALUES (?,?,?,?,?,?,?,?,?)",
    "INSERT INTO statements(document_id, seq, doc_speaker_id, kind, text, start, end,"
    " grp, speaker, speaker_role, mention, mention_start, mention_end, cue, cue_start,"
    " cue_end, channel, date, addressee, figures, confidence, doc_date, speaker_id)"
    " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
    "INSERT INTO statements_fts(rowid, text, speaker) VALUES (?,?,?)",
    "INSERT INTO exchange_cues(statement_id, target, via) VALUES (?,?,?)",
};

struct ws_db_writer {
  ws_db *db;
  /* The joined speaker of each normalised alias as the run starts (the
   * aliases change only in the merge at the end of a run), so that a
   * per-document speaker is linked without a query. */
  ws__db_smap aliases;
  int batch_size;
  int in_txn;
  int batch;             /* Documents written in the open transaction. */
  sqlite3_stmt *q[Q_COUNT];
  ws_db_index_stats stats;
  size_t *order;         /* Statement indices sorted by speaker. */
  size_t order_cap;
};

/* Loads every alias with its most quoted speaker (the first of the order
 * n_statements DESC, id for one alias) into the writer's map. */
static ws_db_status load_aliases(ws_db_writer *w) {
  sqlite3_stmt *st;
  ws_db_status s = ws__db_prepare(w->db,
                                  "SELECT a.norm, a.speaker_id FROM aliases a JOIN speakers s"
                                  " ON s.id = a.speaker_id ORDER BY s.n_statements DESC, s.id",
                                  &st);
  if (s)
    return s;
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    const char *norm = ws__db_col(st, 0);
    if (!norm || ws__db_smap_get(&w->aliases, norm) >= 0)
      continue; /* A more quoted speaker has it. */
    if (ws__db_smap_put(&w->aliases, norm, sqlite3_column_int64(st, 1)) < 0) {
      sqlite3_finalize(st);
      return ws__db_fail(w->db, WS_DB_ERR_NOMEM, "out of memory");
    }
  }
  sqlite3_finalize(st);
  if (rc != SQLITE_DONE)
    return ws__db_sqlite_fail(w->db, rc, "cannot read the aliases");
  return WS_DB_OK;
}

/* Creates a writer; see db.h. */
ws_db_status ws_db_writer_new(ws_db *db, int batch_size, ws_db_writer **out) {
  *out = NULL;
  if (!db->writable)
    return ws__db_fail(db, WS_DB_ERR_INVALID, "%s: opened read-only", db->path);
  ws_db_writer *w = calloc(1, sizeof *w);
  if (!w)
    return ws__db_fail(db, WS_DB_ERR_NOMEM, "out of memory");
  w->db = db;
  w->batch_size = batch_size > 0 ? batch_size : 2000;
  for (int i = 0; i < Q_COUNT; i++) {
    ws_db_status s = ws__db_prepare(db, SQL[i], &w->q[i]);
    if (s) {
      ws_db_writer_free(w);
      return s;
    }
  }
  ws_db_status s = load_aliases(w);
  if (s) {
    ws_db_writer_free(w);
    return s;
  }
  *out = w;
  return WS_DB_OK;
}

/* Frees a writer, rolling back an unfinished batch. */
void ws_db_writer_free(ws_db_writer *w) {
  if (!w)
    return;
  if (w->in_txn)
    sqlite3_exec(w->db->h, "ROLLBACK", NULL, NULL, NULL);
  for (int i = 0; i < Q_COUNT; i++)
    sqlite3_finalize(w->q[i]);
  free(w->order);
  ws__db_smap_free(&w->aliases);
  free(w);
}

/* 128-bit FNV-1a style hash of a document's content, as two 64-bit lanes. */
typedef struct hash128 {
  uint64_t a, b;
} hash128;

/* Adds len bytes, then a separator byte, to the hash. */
static void hash_add(hash128 *h, const void *data, size_t len) {
  const unsigned char *p = data;
  for (size_t i = 0; i < len; i++) {
    h->a = (h->a ^ p[i]) * 0x100000001b3ULL;
    h->b = (h->b ^ p[i]) * 0x100000001b3ULL + 0x9e3779b97f4a7c15ULL;
  }
  h->a = (h->a ^ 0x1f) * 0x100000001b3ULL;
  h->b = (h->b ^ 0x1f) * 0x100000001b3ULL + 1;
}

/* Adds a string (absent differs from empty). */
static void hash_str(hash128 *h, const char *s) {
  if (s)
    hash_add(h, s, strlen(s));
  else
    hash_add(h, "\x1e", 1);
}

/* Adds an integer, as its decimal digits (the bytes "%lld" gives, without
 * printf's cost: eight numbers a statement). */
static void hash_int(hash128 *h, int64_t v) {
  char buf[24];
  char *p = buf + sizeof buf;
  uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
  do {
    *--p = (char)('0' + u % 10);
    u /= 10;
  } while (u);
  if (v < 0)
    *--p = '-';
  hash_add(h, p, (size_t)(buf + sizeof buf - p));
}

/* Hashes a statement's fields. */
static void hash_stmt(hash128 *h, const ws_db_stmt_in *s) {
  const char *strs[] = {s->kind, s->text, s->speaker, s->speaker_role, s->mention,
                        s->cue, s->channel, s->date, s->addressee, s->figures};
  for (size_t i = 0; i < sizeof strs / sizeof strs[0]; i++)
    hash_str(h, strs[i]);
  int64_t ints[] = {s->start, s->end, s->group, s->mention_start, s->mention_end,
                    s->cue_start, s->cue_end, (int64_t)(s->confidence * 1e6)};
  for (size_t i = 0; i < sizeof ints / sizeof ints[0]; i++)
    hash_int(h, ints[i]);
}

/* Hex of the content hash of a document (text and metadata, or statements
 * when there is no text) into out[33]; with text_only, of the text alone
 * (the key of a document with neither id nor URL). */
static void content_hash(const ws_db_doc_in *d, const ws_db_stmt_in *s, size_t n,
                         int text_only, char out[33]) {
  hash128 h = {0xcbf29ce484222325ULL, 0x84222325cbf29ce4ULL};
  if (d->text)
    hash_add(&h, d->text, d->text_len);
  if (!text_only || !d->text)
    for (size_t i = 0; i < n; i++)
      hash_stmt(&h, &s[i]);
  if (!text_only) {
    const char *meta[] = {d->id, d->url, d->title, d->date, d->byline, d->doc};
    for (size_t i = 0; i < sizeof meta / sizeof meta[0]; i++)
      hash_str(&h, meta[i]);
  }
  snprintf(out, 33, "%016llx%016llx", (unsigned long long)h.a, (unsigned long long)h.b);
}

/* Makes the key of a document into a new string (free()), or NULL. */
static char *doc_key(const ws_db_doc_in *d, const ws_db_stmt_in *s, size_t n) {
  const char *prefix = "hash:", *v;
  char hex[33];
  if (d->id && *d->id) {
    prefix = "id:";
    v = d->id;
  } else if (d->url && *d->url) {
    prefix = "url:";
    v = d->url;
  } else {
    content_hash(d, s, n, 1, hex);
    v = hex;
  }
  size_t len = strlen(prefix) + strlen(v) + 1;
  char *key = malloc(len);
  if (key)
    snprintf(key, len, "%s%s", prefix, v);
  return key;
}

/* Opens the batch's transaction if none is open. */
static ws_db_status begin(ws_db_writer *w) {
  if (w->in_txn)
    return WS_DB_OK;
  ws_db_status s = ws__db_exec(w->db, "BEGIN IMMEDIATE");
  if (!s)
    w->in_txn = 1;
  return s;
}

/* Commits the open transaction. */
static ws_db_status commit(ws_db_writer *w) {
  if (!w->in_txn)
    return WS_DB_OK;
  ws_db_status s = ws__db_exec(w->db, "COMMIT");
  if (s)
    return s;
  w->in_txn = 0;
  w->batch = 0;
  return WS_DB_OK;
}

/* Binds s as text without a copy (the writer's strings outlive the step
 * that follows, and every parameter is bound again before the next), or
 * NULL when s is NULL. */
static void bind_str(sqlite3_stmt *st, int i, const char *s) {
  if (s)
    sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null(st, i);
}

/* Steps a prepared statement that returns no row, then resets it. Every
 * statement of the writer binds all its parameters each time, so the
 * bindings are not cleared. */
static ws_db_status run(ws_db_writer *w, sqlite3_stmt *st, const char *what) {
  int rc = sqlite3_step(st);
  sqlite3_reset(st);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    return ws__db_sqlite_fail(w->db, rc, what);
  return WS_DB_OK;
}

/* Looks up a key: *id (0 when new) and whether the content hash matches. */
static ws_db_status find_doc(ws_db_writer *w, const char *key, const char *hash,
                             int64_t *id, int *same) {
  sqlite3_stmt *st = w->q[Q_FIND_DOC];
  sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
  int rc = sqlite3_step(st);
  *id = 0;
  *same = 0;
  if (rc == SQLITE_ROW) {
    *id = sqlite3_column_int64(st, 0);
    const char *h = ws__db_col(st, 1);
    *same = h && strcmp(h, hash) == 0;
  }
  sqlite3_reset(st);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return ws__db_sqlite_fail(w->db, rc, "cannot look up a document");
  return WS_DB_OK;
}

/* Writes the document row (insert, or update of *id). */
static ws_db_status put_doc(ws_db_writer *w, const ws_db_doc_in *d, const char *key,
                            const char *hash, size_t n, int64_t *id) {
  char outlet[256];
  ws__db_outlet(d->url, outlet, sizeof outlet);
  sqlite3_stmt *st = w->q[*id ? Q_UPDATE_DOC : Q_INSERT_DOC];
  if (*id)
    sqlite3_bind_int64(st, 1, *id);
  else
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
  bind_str(st, 2, d->doc);
  bind_str(st, 3, d->url);
  bind_str(st, 4, d->title);
  bind_str(st, 5, d->date);
  bind_str(st, 6, d->byline);
  bind_str(st, 7, d->source);
  bind_str(st, 8, outlet[0] ? outlet : NULL);
  sqlite3_bind_text(st, 9, hash, -1, SQLITE_STATIC);
  if (d->text)
    sqlite3_bind_text(st, 10, d->text, (int)d->text_len, SQLITE_STATIC);
  else
    sqlite3_bind_null(st, 10);
  sqlite3_bind_int64(st, 11, (int64_t)n);
  ws_db_status s = run(w, st, "cannot write a document");
  if (!s && !*id)
    *id = sqlite3_last_insert_rowid(w->db->h);
  return s;
}

/* Removes the statements and speakers of document id (before a replace). */
static ws_db_status clear_doc(ws_db_writer *w, int64_t id) {
  sqlite3_bind_int64(w->q[Q_DELETE_STMTS], 1, id);
  ws_db_status s = run(w, w->q[Q_DELETE_STMTS], "cannot remove old statements");
  if (s)
    return s;
  sqlite3_bind_int64(w->q[Q_DELETE_DS], 1, id);
  return run(w, w->q[Q_DELETE_DS], "cannot remove old speakers");
}

/* Statements sorted by speaker name, then position: the qsort context. */
static const ws_db_stmt_in *sort_stmts;

/* Orders statement indices by speaker name, then index. */
static int by_speaker(const void *a, const void *b) {
  size_t i = *(const size_t *)a, j = *(const size_t *)b;
  int c = strcmp(sort_stmts[i].speaker, sort_stmts[j].speaker);
  return c ? c : (i > j) - (i < j);
}

/* The most frequent non-empty role among statements order[0..n), the first
 * given on ties. */
static const char *top_role(const ws_db_stmt_in *s, const size_t *order, size_t n) {
  const char *best = NULL;
  size_t best_n = 0;
  for (size_t i = 0; i < n; i++) {
    const char *r = s[order[i]].speaker_role;
    if (!r || !*r)
      continue;
    size_t c = 0;
    for (size_t j = 0; j < n; j++)
      c += s[order[j]].speaker_role && strcmp(s[order[j]].speaker_role, r) == 0;
    if (c > best_n) {
      best = r;
      best_n = c;
    }
  }
  return best;
}

/* True when role is the bare noun of an unnamed spokesperson, which the
 * contract gives to an organisation speaker. */
static int spokes_role(const char *role) {
  return role && strncmp(role, "spokes", 6) == 0 && !strchr(role, ' ');
}

/* Kind and gender clues of one speaker from its mentions and roles. */
static void hints(const char *name, const ws_db_stmt_in *s, const size_t *order, size_t n,
                  const char **kind, const char **gender) {
  int female = 0, male = 0, org = 0;
  for (size_t i = 0; i < n; i++) {
    const ws_db_stmt_in *st = &s[order[i]];
    const char *g = ws__db_gender_hint(st->mention);
    female += g && g[0] == 'f';
    male += g && g[0] == 'm';
    if (st->mention && (strcmp(st->mention, "it") == 0 || strcmp(st->mention, "It") == 0))
      org++;
    if (spokes_role(st->speaker_role))
      org++;
  }
  *gender = female > male ? "female" : male > female ? "male" : NULL;
  if (org && !female && !male)
    *kind = "organisation";
  else if (female || male)
    *kind = "person";
  else
    *kind = ws__db_is_org_name(name) ? "organisation" : NULL;
}

/* JSON list of the distinct mention texts of a speaker, at most 16, into a
 * new sqlite3 string (sqlite3_free), or NULL. */
static char *mention_list(const ws_db_stmt_in *s, const size_t *order, size_t n) {
  sqlite3_str *b = sqlite3_str_new(NULL);
  sqlite3_str_appendchar(b, 1, '[');
  int k = 0;
  for (size_t i = 0; i < n && k < 16; i++) {
    const char *m = s[order[i]].mention;
    int seen = !m;
    for (size_t j = 0; j < i && !seen; j++)
      seen = s[order[j]].mention && strcmp(s[order[j]].mention, m) == 0;
    if (seen)
      continue;
    sqlite3_str_appendf(b, "%s\"", k++ ? "," : "");
    for (const char *p = m; *p; p++) {
      if (*p == '"' || *p == '\\')
        sqlite3_str_appendf(b, "\\%c", *p);
      else if ((unsigned char)*p < 0x20)
        sqlite3_str_appendchar(b, 1, ' ');
      else
        sqlite3_str_appendchar(b, 1, *p);
    }
    sqlite3_str_appendchar(b, 1, '"');
  }
  sqlite3_str_appendchar(b, 1, ']');
  return sqlite3_str_finish(b);
}

/* The channels of statements order[0..n) with their counts, as
 * "X" 0x1f "3" 0x1e "Instagram" 0x1f "1", in order of first use, into a new
 * sqlite3 string, or NULL when none has a channel. */
static char *channel_list(const ws_db_stmt_in *s, const size_t *order, size_t n) {
  sqlite3_str *b = NULL;
  for (size_t i = 0; i < n; i++) {
    const char *c = s[order[i]].channel;
    int seen = !c || !*c;
    for (size_t j = 0; j < i && !seen; j++)
      seen = s[order[j]].channel && strcmp(s[order[j]].channel, c) == 0;
    if (seen)
      continue;
    size_t count = 0;
    for (size_t j = i; j < n; j++)
      count += s[order[j]].channel && strcmp(s[order[j]].channel, c) == 0;
    if (!b)
      b = sqlite3_str_new(NULL);
    else
      sqlite3_str_appendchar(b, 1, 0x1e);
    sqlite3_str_appendf(b, "%s\x1f%lld", c, (long long)count);
  }
  return b ? sqlite3_str_finish(b) : NULL;
}

/* The speaker already joined under name's alias, for readers of a run in
 * progress (the merge at the end decides), or 0: from the map of the
 * aliases as the run started. */
static int64_t known_speaker(ws_db_writer *w, const char *name) {
  if (!w->aliases.n)
    return 0;
  char norm[256];
  ws__db_norm(name, 0, norm, sizeof norm);
  int64_t id = ws__db_smap_get(&w->aliases, norm);
  return id < 0 ? 0 : id;
}

/* Writes one per-document speaker for statements order[0..n); *id gets its
 * row id. */
static ws_db_status put_speaker(ws_db_writer *w, int64_t doc_id, const ws_db_stmt_in *s,
                                const size_t *order, size_t n, int64_t *id,
                                int64_t *speaker) {
  const char *name = s[order[0]].speaker, *kind, *gender;
  hints(name, s, order, n, &kind, &gender);
  char *mentions = mention_list(s, order, n);
  char *channels = channel_list(s, order, n);
  int64_t known = known_speaker(w, name);
  *speaker = known;
  sqlite3_stmt *st = w->q[Q_INSERT_DS];
  sqlite3_bind_int64(st, 1, doc_id);
  sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
  bind_str(st, 3, top_role(s, order, n));
  bind_str(st, 4, kind);
  bind_str(st, 5, gender);
  bind_str(st, 6, mentions);
  sqlite3_bind_int64(st, 7, (int64_t)n);
  if (known)
    sqlite3_bind_int64(st, 8, known);
  else
    sqlite3_bind_null(st, 8);
  bind_str(st, 9, channels);
  ws_db_status r = run(w, st, "cannot write a speaker");
  sqlite3_free(mentions);
  sqlite3_free(channels);
  *id = sqlite3_last_insert_rowid(w->db->h);
  return r;
}

/* Binds an offset, NULL when negative. */
static void bind_off(sqlite3_stmt *st, int i, int64_t v) {
  if (v >= 0)
    sqlite3_bind_int64(st, i, v);
  else
    sqlite3_bind_null(st, i);
}

/* Writes one exchange cue of statement id. */
static ws_db_status put_cue(ws_db_writer *w, int64_t id, const char *target, const char *via) {
  sqlite3_stmt *st = w->q[Q_INSERT_CUE];
  sqlite3_bind_int64(st, 1, id);
  sqlite3_bind_text(st, 2, target, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 3, via, -1, SQLITE_STATIC);
  return run(w, st, "cannot write an exchange cue");
}

/* Writes the exchange cues of statement id: its addressee, and the
 * @handles and answered names of its words (the merge resolves them). */
static ws_db_status put_cues(ws_db_writer *w, int64_t id, const ws_db_stmt_in *s) {
  ws_db_status r = WS_DB_OK;
  if (s->addressee && *s->addressee)
    r = put_cue(w, id, s->addressee, "addressee");
  if (!s->text || !(strchr(s->text, '@') || strstr(s->text, "espon") ||
                    strstr(s->text, "epl") || strstr(s->text, "ddressing")))
    return r;
  char *t[8];
  int n = ws__db_text_targets(s->text, t, 8);
  for (int i = 0; i < n; i++) {
    if (!r && !(s->addressee && strcmp(s->addressee, t[i]) == 0))
      r = put_cue(w, id, t[i], "words");
    free(t[i]);
  }
  return r;
}

/* Writes statement seq of document doc_id. */
static ws_db_status put_stmt(ws_db_writer *w, int64_t doc_id, size_t seq, int64_t ds_id,
                             int64_t speaker, const ws_db_stmt_in *s, const char *doc_date) {
  sqlite3_stmt *st = w->q[Q_INSERT_STMT];
  sqlite3_bind_int64(st, 1, doc_id);
  sqlite3_bind_int64(st, 2, (int64_t)seq);
  if (ds_id)
    sqlite3_bind_int64(st, 3, ds_id);
  else
    sqlite3_bind_null(st, 3);
  sqlite3_bind_text(st, 4, s->kind ? s->kind : "direct", -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 5, s->text ? s->text : "", -1, SQLITE_STATIC);
  bind_off(st, 6, s->start);
  bind_off(st, 7, s->end);
  sqlite3_bind_int(st, 8, s->group);
  bind_str(st, 9, s->speaker);
  bind_str(st, 10, s->speaker_role);
  bind_str(st, 11, s->mention);
  bind_off(st, 12, s->mention_start);
  bind_off(st, 13, s->mention_end);
  bind_str(st, 14, s->cue);
  bind_off(st, 15, s->cue_start);
  bind_off(st, 16, s->cue_end);
  bind_str(st, 17, s->channel);
  bind_str(st, 18, s->date);
  bind_str(st, 19, s->addressee);
  sqlite3_bind_text(st, 20, s->figures ? s->figures : "[]", -1, SQLITE_STATIC);
  sqlite3_bind_double(st, 21, s->confidence);
  sqlite3_bind_text(st, 22, doc_date, -1, SQLITE_STATIC);
  if (speaker)
    sqlite3_bind_int64(st, 23, speaker);
  else
    sqlite3_bind_null(st, 23);
  ws_db_status r = run(w, st, "cannot write a statement");
  if (r)
    return r;
  int64_t id = sqlite3_last_insert_rowid(w->db->h);
  sqlite3_stmt *fts = w->q[Q_INSERT_FTS];
  sqlite3_bind_int64(fts, 1, id);
  sqlite3_bind_text(fts, 2, s->text ? s->text : "", -1, SQLITE_STATIC);
  bind_str(fts, 3, s->speaker);
  r = run(w, fts, "cannot index a statement's words");
  return r ? r : put_cues(w, id, s);
}

/* Writes the speakers and statements of a document. */
static ws_db_status put_stmts(ws_db_writer *w, int64_t doc_id, const ws_db_doc_in *d,
                              const ws_db_stmt_in *s, size_t n) {
  if (n > w->order_cap) {
    size_t *o = realloc(w->order, n * sizeof *o);
    if (!o)
      return ws__db_fail(w->db, WS_DB_ERR_NOMEM, "out of memory");
    w->order = o;
    w->order_cap = n;
  }
  size_t k = 0;
  for (size_t i = 0; i < n; i++)
    if (s[i].speaker && *s[i].speaker)
      w->order[k++] = i;
  sort_stmts = s;
  qsort(w->order, k, sizeof *w->order, by_speaker);
  /* ds[i]: the per-document speaker of statement i. */
  int64_t *ds = calloc(n ? 2 * n : 1, sizeof *ds), *sp = ds + n;
  if (!ds)
    return ws__db_fail(w->db, WS_DB_ERR_NOMEM, "out of memory");
  ws_db_status r = WS_DB_OK;
  for (size_t i = 0; i < k && !r;) {
    size_t j = i + 1;
    while (j < k && strcmp(s[w->order[j]].speaker, s[w->order[i]].speaker) == 0)
      j++;
    int64_t id = 0, speaker = 0;
    r = put_speaker(w, doc_id, s, w->order + i, j - i, &id, &speaker);
    for (size_t m = i; m < j; m++) {
      ds[w->order[m]] = id;
      sp[w->order[m]] = speaker;
    }
    i = j;
  }
  char iso[16];
  ws__db_iso_date(d->date, iso, sizeof iso);
  for (size_t i = 0; i < n && !r; i++)
    r = put_stmt(w, doc_id, i, ds[i], sp[i], &s[i], iso);
  free(ds);
  return r;
}

/* Adds or replaces one document; see db.h. */
ws_db_status ws_db_writer_add(ws_db_writer *w, const ws_db_doc_in *d,
                              const ws_db_stmt_in *s, size_t n) {
  char hash[33];
  content_hash(d, s, n, 0, hash);
  char *key = doc_key(d, s, n);
  if (!key)
    return ws__db_fail(w->db, WS_DB_ERR_NOMEM, "out of memory");
  ws_db_status r = begin(w);
  int64_t id = 0;
  int same = 0;
  if (!r)
    r = find_doc(w, key, hash, &id, &same);
  if (!r && same) {
    w->stats.documents_same++;
    free(key);
    return WS_DB_OK;
  }
  int replaced = id != 0;
  if (!r && replaced)
    r = clear_doc(w, id);
  if (!r)
    r = put_doc(w, d, key, hash, n, &id);
  if (!r)
    r = put_stmts(w, id, d, s, n);
  free(key);
  if (!r) {
    w->stats.statements += n;
    if (replaced)
      w->stats.documents_replaced++;
    else
      w->stats.documents_added++;
    if (++w->batch >= w->batch_size)
      r = commit(w);
  }
  if (r && w->in_txn) {
    sqlite3_exec(w->db->h, "ROLLBACK", NULL, NULL, NULL);
    w->in_txn = 0;
  }
  return r;
}

/* Counts one input record that could not be used. */
void ws__db_writer_error(ws_db_writer *w) { w->stats.errors++; }

/* Commits the last batch with the merge of speakers; see db.h. */
ws_db_status ws_db_writer_finish(ws_db_writer *w, ws_db_index_stats *stats) {
  ws_db_status r = begin(w);
  if (!r)
    r = ws__db_merge(w->db);
  if (!r)
    r = commit(w);
  if (r && w->in_txn) {
    sqlite3_exec(w->db->h, "ROLLBACK", NULL, NULL, NULL);
    w->in_txn = 0;
  }
  if (stats)
    *stats = w->stats;
  return r;
}
