/* db_schema.c: the statement database's schema and its migrations. Version
 * N of the schema is what the migrations 1..N build, in order, from an empty
 * file; PRAGMA user_version records the last one applied, so an older
 * database is brought forward by running the ones after it. A migration is
 * never edited once released: changes are new migrations. */
#define _POSIX_C_SOURCE 200809L

#include "db_internal.h"

/* Migration 1: documents, per-document speakers, statements with their
 * full-text index, joined speakers, aliases, roles and exchanges. */
static const char MIGRATION_1[] =
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;\n"
    "CREATE TABLE documents(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  key TEXT NOT NULL UNIQUE,\n"
    "  doc TEXT, url TEXT, title TEXT, date TEXT, byline TEXT, source TEXT,\n"
    "  outlet TEXT,\n"
    "  content_hash TEXT NOT NULL,\n"
    "  text TEXT,\n"
    "  n_statements INTEGER NOT NULL DEFAULT 0);\n"
    "CREATE INDEX documents_date ON documents(date);\n"
    "CREATE TABLE speakers(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  key TEXT NOT NULL UNIQUE,\n"
    "  name TEXT NOT NULL,\n"
    "  kind TEXT NOT NULL DEFAULT 'unknown',\n"
    "  gender TEXT NOT NULL DEFAULT 'unknown',\n"
    "  role TEXT,\n"
    "  n_statements INTEGER NOT NULL DEFAULT 0,\n"
    "  n_documents INTEGER NOT NULL DEFAULT 0,\n"
    "  first_date TEXT, last_date TEXT, top_channel TEXT);\n"
    "CREATE INDEX speakers_count ON speakers(n_statements DESC, name);\n"
    "CREATE TABLE doc_speakers(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,\n"
    "  name TEXT NOT NULL,\n"
    "  role TEXT,\n"
    "  kind_hint TEXT,\n"
    "  gender_hint TEXT,\n"
    "  mentions TEXT,\n"
    "  n INTEGER NOT NULL DEFAULT 0,\n"
    "  speaker_id INTEGER REFERENCES speakers(id) ON DELETE SET NULL,\n"
    "  UNIQUE(document_id, name));\n"
    "CREATE INDEX doc_speakers_speaker ON doc_speakers(speaker_id);\n"
    "CREATE TABLE statements(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,\n"
    "  seq INTEGER NOT NULL,\n"
    "  doc_speaker_id INTEGER REFERENCES doc_speakers(id) ON DELETE CASCADE,\n"
    "  kind TEXT NOT NULL, text TEXT NOT NULL,\n"
    "  start INTEGER, end INTEGER, grp INTEGER,\n"
    "  speaker TEXT, speaker_role TEXT,\n"
    "  mention TEXT, mention_start INTEGER, mention_end INTEGER,\n"
    "  cue TEXT, cue_start INTEGER, cue_end INTEGER,\n"
    "  channel TEXT, date TEXT, addressee TEXT,\n"
    "  figures TEXT NOT NULL DEFAULT '[]', confidence REAL,\n"
    "  doc_date TEXT,\n"
    "  UNIQUE(document_id, seq));\n"
    "CREATE INDEX statements_doc_speaker ON statements(doc_speaker_id, doc_date);\n"
    "CREATE INDEX statements_date ON statements(doc_date, id);\n"
    "CREATE VIRTUAL TABLE statements_fts USING fts5(text, speaker,\n"
    "  content='statements', content_rowid='id',\n"
    "  tokenize='unicode61 remove_diacritics 2');\n"
    "CREATE TRIGGER statements_ai AFTER INSERT ON statements BEGIN\n"
    "  INSERT INTO statements_fts(rowid, text, speaker)\n"
    "  VALUES (new.id, new.text, new.speaker);\n"
    "END;\n"
    "CREATE TRIGGER statements_ad AFTER DELETE ON statements BEGIN\n"
    "  INSERT INTO statements_fts(statements_fts, rowid, text, speaker)\n"
    "  VALUES ('delete', old.id, old.text, old.speaker);\n"
    "END;\n"
    "CREATE TABLE aliases(\n"
    "  speaker_id INTEGER NOT NULL REFERENCES speakers(id) ON DELETE CASCADE,\n"
    "  alias TEXT NOT NULL,\n"
    "  norm TEXT NOT NULL,\n"
    "  n INTEGER NOT NULL DEFAULT 0,\n"
    "  PRIMARY KEY(speaker_id, norm)) WITHOUT ROWID;\n"
    "CREATE INDEX aliases_norm ON aliases(norm);\n"
    "CREATE TABLE speaker_roles(\n"
    "  speaker_id INTEGER NOT NULL REFERENCES speakers(id) ON DELETE CASCADE,\n"
    "  role TEXT NOT NULL,\n"
    "  n INTEGER NOT NULL DEFAULT 0,\n"
    "  PRIMARY KEY(speaker_id, role)) WITHOUT ROWID;\n"
    "CREATE TABLE exchanges(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  statement_id INTEGER NOT NULL REFERENCES statements(id) ON DELETE CASCADE,\n"
    "  from_speaker_id INTEGER REFERENCES speakers(id) ON DELETE SET NULL,\n"
    "  to_speaker_id INTEGER REFERENCES speakers(id) ON DELETE SET NULL,\n"
    "  to_name TEXT NOT NULL,\n"
    "  via TEXT NOT NULL);\n"
    "CREATE INDEX exchanges_statement ON exchanges(statement_id);\n"
    "CREATE INDEX exchanges_from ON exchanges(from_speaker_id);\n"
    "CREATE INDEX exchanges_to ON exchanges(to_speaker_id);\n"
    "CREATE VIEW statement_view AS\n"
    "  SELECT s.*, ds.speaker_id AS speaker_id, sp.name AS speaker_name,\n"
    "         sp.kind AS speaker_kind, sp.gender AS speaker_gender,\n"
    "         d.doc AS doc, d.url AS url, d.title AS title, d.outlet AS outlet\n"
    "  FROM statements s JOIN documents d ON d.id = s.document_id\n"
    "  LEFT JOIN doc_speakers ds ON ds.id = s.doc_speaker_id\n"
    "  LEFT JOIN speakers sp ON sp.id = ds.speaker_id;\n";

/* Migration 2: the writer adds each statement to statements_fts itself,
 * one row at a time, instead of an insert trigger: a trigger runs inside a
 * statement savepoint, at which FTS5 flushes its pending terms, which made
 * indexing several times slower. The delete trigger stays. */
static const char MIGRATION_2[] = "DROP TRIGGER IF EXISTS statements_ai;\n";

/* Migration 3: what the merge at the end of every index run needs without
 * reading every statement again: the exchange cues of each statement (its
 * addressee, @handles and "responding to X" in its words), found when the
 * statement is written, and the channels of each per-document speaker
 * ("X" char(31) count, char(30) between channels). The cues of statements
 * written before are found once by the next merge (meta key
 * exchange_cues_backfill). */
static const char MIGRATION_3[] =
    "CREATE TABLE exchange_cues(\n"
    "  statement_id INTEGER NOT NULL REFERENCES statements(id) ON DELETE CASCADE,\n"
    "  target TEXT NOT NULL,\n"
    "  via TEXT NOT NULL);\n"
    "CREATE INDEX exchange_cues_statement ON exchange_cues(statement_id);\n"
    "ALTER TABLE doc_speakers ADD COLUMN channels TEXT;\n"
    "UPDATE doc_speakers SET channels = (SELECT group_concat(channel || char(31) || n,\n"
    "  char(30)) FROM (SELECT channel, count(*) AS n FROM statements\n"
    "  WHERE doc_speaker_id = doc_speakers.id AND channel IS NOT NULL\n"
    "  GROUP BY channel ORDER BY channel));\n"
    "INSERT OR REPLACE INTO meta(key, value) SELECT 'exchange_cues_backfill', '1'\n"
    "  WHERE EXISTS (SELECT 1 FROM statements);\n";

/* Migration 4: each statement carries its joined speaker (kept by the
 * writer and the merge, like doc_speakers.speaker_id), indexed with the
 * date, so that a speaker's statements come newest first from the index
 * instead of being gathered document by document and sorted. */
static const char MIGRATION_4[] =
    "ALTER TABLE statements ADD COLUMN speaker_id INTEGER;\n"
    "UPDATE statements SET speaker_id = (SELECT speaker_id FROM doc_speakers\n"
    "  WHERE doc_speakers.id = statements.doc_speaker_id)\n"
    "  WHERE doc_speaker_id IS NOT NULL;\n"
    "CREATE INDEX statements_speaker ON statements(speaker_id, doc_date, id);\n"
    "DROP VIEW statement_view;\n"
    "CREATE VIEW statement_view AS\n"
    "  SELECT s.*, sp.name AS speaker_name, sp.kind AS speaker_kind,\n"
    "         sp.gender AS speaker_gender, d.doc AS doc, d.url AS url,\n"
    "         d.title AS title, d.outlet AS outlet\n"
    "  FROM statements s JOIN documents d ON d.id = s.document_id\n"
    "  LEFT JOIN speakers sp ON sp.id = s.speaker_id;\n";

/* Migration 5: the words of every alias, so that a name found inside
 * aliases ("Culture" for "Ministry of Culture") is looked up in an index
 * rather than by LIKE over every alias. The merge fills it. */
static const char MIGRATION_5[] =
    "CREATE TABLE alias_words(\n"
    "  word TEXT NOT NULL,\n"
    "  speaker_id INTEGER NOT NULL REFERENCES speakers(id) ON DELETE CASCADE,\n"
    "  PRIMARY KEY(word, speaker_id)) WITHOUT ROWID;\n"
    "CREATE INDEX alias_words_speaker ON alias_words(speaker_id);\n";

/* Migration 6: the speaker index holds only statements with a joined
 * speaker. The writer leaves speaker_id NULL for a name no earlier run
 * joined (every name, in a new database) and the merge at the end of the
 * run sets it: a full index took an entry for NULL at every insert and
 * removed it again in the merge. A search by speaker (speaker_id = ? or
 * IN (...)) implies NOT NULL, so it still uses the index. The channel
 * index gives a channel filter its statements newest first (a search by
 * channel, or by words and channel, walks it instead of reading rows). */
static const char MIGRATION_6[] =
    "DROP INDEX IF EXISTS statements_speaker;\n"
    "CREATE INDEX statements_speaker ON statements(speaker_id, doc_date, id)\n"
    "  WHERE speaker_id IS NOT NULL;\n"
    "DROP INDEX IF EXISTS statements_channel;\n"
    "CREATE INDEX statements_channel ON statements(channel COLLATE NOCASE, doc_date, id)\n"
    "  WHERE channel IS NOT NULL;\n";

/* Migration 7: an index of each speaker's statements by channel, newest
 * first, for a search by speaker and channel (the commonest filtered
 * search of the server): the speaker index alone reads every statement of
 * the speaker, newest first, to test its channel (a few hundred rows for a
 * page of 20 on one channel of eleven), this one reads the page. */
static const char MIGRATION_7[] =
    "DROP INDEX IF EXISTS statements_speaker_channel;\n"
    "CREATE INDEX statements_speaker_channel ON statements(speaker_id,\n"
    "  channel COLLATE NOCASE, doc_date, id)\n"
    "  WHERE speaker_id IS NOT NULL AND channel IS NOT NULL;\n";

/* The migrations, in order: MIGRATIONS[i] builds version i + 1. */
static const char *const MIGRATIONS[] = {MIGRATION_1, MIGRATION_2, MIGRATION_3, MIGRATION_4,
                                         MIGRATION_5, MIGRATION_6, MIGRATION_7};

/* Returns the number of migrations, which is WS_DB_SCHEMA_VERSION. */
int ws__db_migration_count(void) {
  return (int)(sizeof MIGRATIONS / sizeof MIGRATIONS[0]);
}

/* Returns the SQL of migration version (1-based), or NULL. */
const char *ws__db_migration(int version) {
  if (version < 1 || version > ws__db_migration_count())
    return NULL;
  return MIGRATIONS[version - 1];
}
