#!/usr/bin/python3
"""Tests of the statement database: `whosaid index` and the query commands,
run as a user runs them, with Python's sqlite3 module to look inside.

Usage: test_db.py WHOSAID CASE      (run one case)
       test_db.py WHOSAID --check-registered CASE...
"""
import csv
import hashlib
import io
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
GEN = os.path.join(HERE, "..", "..", "bench", "db_gen.py")
WHOSAID = None
TMP = None


def fail(msg):
    print("FAIL:", msg)
    sys.exit(1)


def check(cond, msg):
    if not cond:
        fail(msg)


def run(*args, env=None, ok=True, user=None):
    """Runs whosaid with args; returns (code, stdout, stderr)."""
    cmd = [WHOSAID] + list(args)
    if user is not None:
        cmd = ["setpriv", "--reuid=%d" % user, "--regid=%d" % user, "--clear-groups"] + cmd
    e = dict(os.environ)
    e.pop("COLUMNS", None)
    if env:
        e.update(env)
    p = subprocess.run(cmd, capture_output=True, env=e, cwd=TMP, timeout=600)
    out, err = p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")
    if ok and p.returncode != 0:
        fail("%s exited %d: %s" % (" ".join(args), p.returncode, err))
    return p.returncode, out, err


def stmt(doc, text, speaker, start, mention=None, role=None, channel=None, date="2025-06-01",
         url=None, kind="direct", addressee=None, title=None):
    """A whosaid JSONL statement record."""
    return {"doc": doc, "url": url, "doc_date": date, "title": title or doc, "kind": kind,
            "text": text, "start": start, "end": start + len(text.encode()), "group": 1,
            "speaker": speaker, "speaker_role": role,
            "speaker_mention": {"text": mention or speaker, "start": 0,
                                "end": len((mention or speaker or "").encode())}
            if speaker else None,
            "cue": {"text": "said", "start": 0, "end": 4}, "channel": channel, "date": None,
            "addressee": addressee, "figures": [], "confidence": 0.9}


def corpus():
    """A small corpus whose answers are known."""
    s = []
    u = lambda n: "https://news%d.example/a/%d" % (n % 3, n)
    s.append(stmt("d1", "We will deport criminals first", "Tricia McLaughlin", 10,
                  role="a spokesperson at DHS", channel="X", date="2025-06-03", url=u(1)))
    s.append(stmt("d1", "Deportation flights resume Monday", "Tricia McLaughlin", 90,
                  mention="she", channel="X", date="2025-06-03", url=u(1)))
    s.append(stmt("d2", "The deportations are illegal", "Kim Kardashian", 5,
                  channel="Instagram", date="2025-06-10", url=u(2)))
    s.append(stmt("d2", "People I know", "Kim Kardashian", 60, mention="she",
                  channel="Instagram", date="2025-06-10", url=u(2)))
    s.append(stmt("d3", "Kardashian has no idea what she is talking about", "Tricia McLaughlin",
                  7, mention="McLaughlin", channel="X", date="2025-06-11", url=u(3),
                  addressee="@KimKardashian"))
    s.append(stmt("d3", "I stand by every word", "Kardashian", 80, mention="Ms. Kardashian",
                  date="2025-06-11", url=u(3)))
    s.append(stmt("d4", "The border is secure", "Department of Homeland Security", 3,
                  mention="the Department of Homeland Security (DHS)", channel="a statement",
                  date="2025-05-20", url=u(4)))
    s.append(stmt("d5", "Deportation numbers rose", "DHS", 3, mention="DHS",
                  channel="a statement", date="2025-07-02", url=u(5), kind="indirect"))
    s.append(stmt("d6", "Arizona needs water", "Mark Kelly", 3, mention="he",
                  role="Senator", date="2024-12-01", url=u(6)))
    s.append(stmt("d6", "I agree with the governor", "Katie Hobbs", 50,
                  role="Governor", date="2024-12-01", url=u(6)))
    s.append(stmt("d7", "Kansas schools need funding", "Laura Kelly", 3, mention="she",
                  role="Governor of Kansas", date="2025-01-15", url=u(7)))
    s.append(stmt("d7", "We back the plan", "Ty Masterson", 40, date="2025-01-15", url=u(7)))
    s.append(stmt("d8", "Schools come first", "Kelly", 3, mention="Kelly",
                  date="2025-02-01", url=u(8)))
    s.append(stmt("d8", "The budget is wrong", "Ty Masterson", 40, date="2025-02-01", url=u(8)))
    s.append(stmt("d9", "Responding to Kardashian, we stand firm on deportation",
                  "Tricia McLaughlin", 3, channel="X", date="2025-06-12", url=u(9)))
    s.append(stmt("d10", "No comment at this time", None, 3, date=None, url=None,
                  kind="indirect"))
    return s


def write_jsonl(path, records):
    with open(path, "w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")


def build(name="t.db", records=None):
    """Indexes the corpus into TMP/name; returns the path."""
    src = os.path.join(TMP, name + ".jsonl")
    write_jsonl(src, records if records is not None else corpus())
    run("index", "--db", name, "-q", src)
    return os.path.join(TMP, name)


def jsonl(out):
    return [json.loads(l) for l in out.splitlines() if l.strip()]


def search(db, *args):
    return jsonl(run("search", "--db", db, "--format", "jsonl", *args)[1])


def dump(path):
    """Every row of every table and the FTS answers, for comparisons."""
    c = sqlite3.connect(path)
    rows = {}
    for (t,) in c.execute("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE"
                          " 'statements_fts%' AND name NOT LIKE 'sqlite_%' ORDER BY name"):
        rows[t] = c.execute("SELECT * FROM %s ORDER BY 1, 2" % t).fetchall()
    for q in ["deport*", "water", "border OR budget", "schools"]:
        rows["fts:" + q] = c.execute("SELECT rowid FROM statements_fts WHERE statements_fts"
                                     " MATCH ? ORDER BY rowid", (q,)).fetchall()
    c.close()
    return rows


def integrity(path):
    c = sqlite3.connect(path)
    r = c.execute("PRAGMA integrity_check").fetchone()[0]
    c.execute("INSERT INTO statements_fts(statements_fts) VALUES ('integrity-check')")
    fk = c.execute("PRAGMA foreign_key_check").fetchall()
    odd = c.execute("SELECT count(*) FROM statements s LEFT JOIN doc_speakers ds"
                    " ON ds.id = s.doc_speaker_id WHERE s.speaker_id IS NOT ds.speaker_id"
                    ).fetchone()[0]
    check(odd == 0, "%d statements disagree with their speaker's join" % odd)
    c.close()
    check(r == "ok", "integrity_check: %s" % r)
    check(not fk, "foreign_key_check: %s" % fk[:3])


def sha(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


# ---- Cases -----------------------------------------------------------------

def case_search_filters():
    db = build()
    r = search(db, "deport*")
    check(len(r) == 5, "deport* finds 5 statements, got %d" % len(r))
    check(all("<mark>" in x["snippet"] for x in r), "snippets are highlighted")
    dates = [x["date"] or "" for x in r]
    check(dates == sorted(dates, reverse=True), "newest first: %s" % dates)
    r = search(db, "deport*", "--speaker", "McLaughlin")
    check(len(r) == 3 and all(x["speaker"] == "Tricia McLaughlin" for x in r),
          "speaker filter: %s" % [x["speaker"] for x in r])
    r = search(db, "deport*", "--speaker", "McLaughlin", "--channel", "x", "--since",
               "2025-06-04")
    check(len(r) == 1 and r[0]["doc"] == "d9", "channel + since: %s" % r)
    r = search(db, "--since", "2025-05", "--until", "2025-05")
    check([x["doc"] for x in r] == ["d4"], "one month: %s" % [x["doc"] for x in r])
    r = search(db, "--until", "2024")
    check([x["doc"] for x in r] == ["d6", "d6"], "until a year: %s" % [x["doc"] for x in r])
    r = search(db, "--since", "2025-06", "--until", "2025-06")
    check(len(r) == 7, "June 2025 holds 7 statements, got %d" % len(r))
    r = search(db, "--kind", "indirect")
    check(sorted(x["doc"] for x in r) == ["d10", "d5"], "kind filter")
    r = search(db, "--speaker", "DHS")
    check(sorted(x["doc"] for x in r) == ["d4", "d5"], "acronym speaker: %s" % r)
    r = search(db, "--gender", "female", "--speaker", "Kardashian")
    check(len(r) == 3, "gender + speaker: %d" % len(r))
    r = search(db, "--outlet", "news1.example")
    check(sorted(x["doc"] for x in r) == ["d1", "d1", "d4", "d7", "d7"], "outlet: %s" % r)
    r = search(db, "--speaker", "homeland security")
    check(sorted(x["doc"] for x in r) == ["d4", "d5"], "words inside an alias: %s" % r)
    r = search(db, "--speaker", "Kelly")
    check([x["doc"] for x in r] == ["d8", "d7", "d6"],
          "a surname meaning several speakers, newest first: %s" % [x["doc"] for x in r])
    pages, cursor = [], None
    for _ in range(5):
        code, out, err = run("search", "--db", db, "--format", "jsonl", "--speaker", "Kelly",
                             "--limit", "1", *(["--cursor", cursor] if cursor else []))
        pages += [x["doc"] for x in jsonl(out)]
        if "--cursor '" not in err:
            break
        cursor = err.split("--cursor '")[1].split("'")[0]
    check(pages == ["d8", "d7", "d6"], "pages of several speakers: %s" % pages)
    r = search(db, "\"deport criminals\"")
    check(len(r) == 1, "phrase query")
    r = search(db, "deport-criminals (")
    check(len(r) == 1, "a query FTS5 cannot parse is searched as words")
    r = search(db, "nosuchwordanywhere")
    check(r == [], "no match is empty")
    check(run("search", "--db", db, "--count", "deport*")[1].strip() == "5", "--count")
    # Pagination: pages of 2 give every statement once.
    seen, cursor = [], None
    for _ in range(20):
        args = ["--limit", "2"] + (["--cursor", cursor] if cursor else [])
        code, out, err = run("search", "--db", db, "--format", "jsonl", *args)
        seen += [x["id"] for x in jsonl(out)]
        if "--cursor '" not in err:
            break
        cursor = err.split("--cursor '")[1].split("'")[0]
    check(sorted(seen) == list(range(1, 17)), "pages cover all once: %s" % seen)
    code, _, err = run("search", "--db", db, "--cursor", "garbage", ok=False)
    check(code == 2 and "cursor" in err, "bad cursor is a usage error")


def case_formats():
    db = build()
    _, out, _ = run("search", "--db", db, "--format", "csv", "deport*")
    rows = list(csv.reader(io.StringIO(out)))
    check(rows[0][:5] == ["date", "speaker", "channel", "kind", "text"] and len(rows) == 6,
          "csv: %s" % rows[:2])
    _, out, _ = run("search", "--db", db, "--format", "table", "deport*", env={"COLUMNS": "80"})
    lines = out.splitlines()
    check(len(lines) == 6 and lines[0].startswith("date"), "table: %s" % lines)
    check(all(len(l) <= 80 for l in lines), "table fits 80 columns")
    col = lines[0].index("speaker")
    check(all(l[col - 2:col] == "  " and l[col] != " " for l in lines), "columns aligned")
    for cmd in (["speakers"], ["speaker", "DHS"], ["exchanges"]):
        for fmt in ("table", "csv", "jsonl"):
            code, out, _ = run(*cmd, "--db", db, "--format", fmt)
            check(out.strip(), "%s --format %s prints rows" % (cmd, fmt))
            if fmt == "jsonl":
                jsonl(out)
    code, _, err = run("search", "--db", db, "--format", "xml", ok=False)
    check(code == 2 and "format" in err, "unknown format")


def case_speaker_merge():
    db = build()
    c = sqlite3.connect(db)
    sid = lambda name: {r[0] for r in c.execute(
        "SELECT ds.speaker_id FROM doc_speakers ds WHERE ds.name = ?", (name,))}
    check(sid("Kardashian") == sid("Kim Kardashian"), "Kardashian joins Kim Kardashian")
    check(sid("DHS") == sid("Department of Homeland Security"), "DHS joins its full name")
    check(sid("Mark Kelly") != sid("Laura Kelly"), "Mark and Laura Kelly stay apart")
    check(sid("Kelly") == sid("Laura Kelly"),
          "Kelly (with Ty Masterson, who speaks with Laura Kelly) is Laura Kelly")
    g = dict(c.execute("SELECT name, gender FROM speakers"))
    check(g["Kim Kardashian"] == "female" and g["Mark Kelly"] == "male", "gender: %s" % g)
    check(g["Katie Hobbs"] == "unknown", "no clue, no gender (never from the first name)")
    k = dict(c.execute("SELECT name, kind FROM speakers"))
    check(k["Department of Homeland Security"] == "organisation", "DHS is an organisation")
    check(k["Tricia McLaughlin"] == "person", "a person")
    aliases = {r[0] for r in c.execute(
        "SELECT alias FROM aliases a JOIN speakers s ON s.id = a.speaker_id"
        " WHERE s.name = 'Kim Kardashian'")}
    check({"Kim Kardashian", "Kardashian", "Ms. Kardashian"} <= aliases, "aliases: %s" % aliases)
    _, out, _ = run("speaker", "--db", db, "--format", "jsonl", "Kardashian")
    rows = jsonl(out)
    check(any(r["section"] == "speaker" and r["key"] == "statements" and r["value"] == 3
              for r in rows), "speaker shows 3 statements")
    check(any(r["section"] == "month" and r["key"] == "2025-06" for r in rows), "timeline")
    _, out, _ = run("speakers", "--db", db, "--format", "jsonl", "--top", "3")
    top = jsonl(out)
    check(top[0]["speaker"] == "Tricia McLaughlin" and top[0]["statements"] == 4, "top: %s" % top)
    _, out, _ = run("speakers", "--db", db, "--format", "jsonl", "--share", "gender")
    share = {r["value"]: r["statements"] for r in jsonl(out)}
    check(share.get("female") == 9 and share.get("male") == 1, "gender share: %s" % share)


def case_exchanges():
    db = build()
    _, out, _ = run("exchanges", "--db", db, "--format", "jsonl", "--speaker", "Kim Kardashian")
    ex = jsonl(out)
    check(len(ex) == 2, "two exchanges with Kardashian: %s" % ex)
    check(ex[0]["from"] == "Tricia McLaughlin" and ex[0]["via"] == "addressee" and
          ex[0]["to_id"] is not None, "addressee links: %s" % ex[0])
    check(ex[0]["to"] == "Kim Kardashian" and ex[0]["to_as_written"] == "@KimKardashian",
          "the addressee's speaker: %s" % ex[0])
    check(ex[1]["via"] == "words" and ex[1]["to_as_written"] == "Kardashian",
          "responding to: %s" % ex[1])
    dates = [e["date"] for e in ex]
    check(dates == sorted(dates), "in date order")


def case_reindex():
    db = build()
    before = dump(db)
    src = os.path.join(TMP, "t.db.jsonl")
    _, _, err = run("index", "--db", "t.db", src)
    check("0 new, 0 replaced, 10 unchanged" in err, "second run changes nothing: %s" % err)
    check(dump(db) == before, "rows identical after re-indexing")
    recs = corpus()
    recs[0]["text"] = "We will deport the worst criminals first"
    recs = [r for r in recs if not (r["doc"] == "d1" and r["start"] == 90)]
    write_jsonl(src, recs)
    _, _, err = run("index", "--db", "t.db", src)
    check("0 new, 1 replaced, 9 unchanged" in err, "one document replaced: %s" % err)
    c = sqlite3.connect(db)
    texts = [r[0] for r in c.execute("SELECT s.text FROM statements s JOIN documents d"
                                     " ON d.id = s.document_id WHERE d.doc = 'd1'")]
    check(texts == ["We will deport the worst criminals first"], "old statements gone: %s" % texts)
    check(len(search(db, "criminals")) == 1, "search sees the new words only")
    integrity(db)


def gen(n, path):
    with open(path, "w") as f:
        subprocess.run([sys.executable, GEN, str(n)], stdout=f, check=True)


def case_interrupt():
    src = os.path.join(TMP, "big.jsonl")
    gen(30000, src)
    run("index", "--db", "clean.db", "-q", "--batch", "50", src)
    clean = dump(os.path.join(TMP, "clean.db"))
    killed = 0
    total = len(clean["documents"])
    for share in (0.05, 0.35, 0.7):
        db = os.path.join(TMP, "killed%d.db" % killed)
        p = subprocess.Popen([WHOSAID, "index", "--db", db, "-q", "--batch", "50", src],
                             cwd=TMP, stderr=subprocess.DEVNULL)
        # Wait until about that share of the documents is committed (the
        # run's own speed decides when), then kill in the middle of the run.
        for _ in range(3000):
            if p.poll() is not None:
                break
            try:
                c = sqlite3.connect("file:%s?mode=ro" % db, uri=True)
                n = c.execute("SELECT count(*) FROM documents").fetchone()[0]
                c.close()
                if n > 0 and n >= share * total:
                    break
            except sqlite3.Error:
                pass
            time.sleep(0.01)
        if p.poll() is None:
            p.send_signal(signal.SIGKILL)
            p.wait()
            killed += 1
            integrity(db)
            part = dump(db)
            check(len(part["statements"]) < len(clean["statements"]), "killed mid-run")
            run("index", "--db", db, "-q", "--batch", "50", src)
            integrity(db)
            check(dump(db) == clean, "rerun after kill -9 gives the rows of a clean run")
        else:
            p.wait()
    check(killed > 0, "the indexer was killed at least once")


def case_readers_while_writing():
    src = os.path.join(TMP, "big.jsonl")
    gen(20000, src)
    db = build("rw.db")
    p = subprocess.Popen([WHOSAID, "index", "--db", "rw.db", "-q", "--batch", "20", src],
                         cwd=TMP, stderr=subprocess.PIPE)
    n = 0
    while p.poll() is None and n < 200:
        code, out, err = run("search", "--db", "rw.db", "--format", "jsonl", "deport*", ok=False)
        check(code == 0, "search while indexing: %s" % err)
        code, out, err = run("speakers", "--db", "rw.db", "--format", "jsonl", ok=False)
        check(code == 0, "speakers while indexing: %s" % err)
        n += 1
    check(p.wait() == 0, "the index run finished: %s" % p.stderr.read())
    check(n > 0, "searched while indexing")
    integrity(db)


def case_not_a_database():
    bad = os.path.join(TMP, "notes.txt")
    with open(bad, "w") as f:
        f.write("these are my notes, not a database\n" * 10)
    h = sha(bad)
    src = os.path.join(TMP, "c.jsonl")
    write_jsonl(src, corpus())
    for cmd in (["index", "--db", bad, src], ["search", "--db", bad, "x"],
                ["speakers", "--db", bad], ["report", "--db", bad]):
        code, out, err = run(*cmd, ok=False)
        check(code == 2 and "not a whosaid database" in err, "%s: %d %s" % (cmd[0], code, err))
    check(sha(bad) == h, "the file is untouched")
    other = os.path.join(TMP, "other.sqlite")
    c = sqlite3.connect(other)
    c.execute("CREATE TABLE accounts(id, balance)")
    c.execute("INSERT INTO accounts VALUES (1, 100)")
    c.commit()
    c.close()
    h = sha(other)
    code, _, err = run("index", "--db", other, src, ok=False)
    check(code == 2 and "not a whosaid database" in err, "foreign SQLite file: %s" % err)
    check(sha(other) == h and not os.path.exists(other + "-wal"), "foreign file untouched")
    code, _, err = run("search", "--db", os.path.join(TMP, "missing.db"), ok=False)
    check(code == 2 and "no such database" in err, "missing: %s" % err)
    check(not os.path.exists(os.path.join(TMP, "missing.db")), "search creates nothing")


def case_newer_schema():
    db = build()
    c = sqlite3.connect(db)
    c.execute("PRAGMA user_version = 99")
    c.commit()
    c.close()
    h = sha(db)
    for cmd in (["index", "--db", db, os.path.join(TMP, "t.db.jsonl")], ["search", "--db", db]):
        code, _, err = run(*cmd, ok=False)
        check(code == 2 and "newer whosaid" in err, "%s: %s" % (cmd[0], err))
    check(sha(db) == h, "newer database untouched")


def case_migrate():
    """A schema-1 database (an insert trigger fills the FTS index) is brought
    to the current schema by index, with its rows kept."""
    recs = corpus()
    db = build("old.db", recs[:8])
    c = sqlite3.connect(db)
    # Back to schema 1: no exchange cues, no channels column, the trigger.
    c.executescript("DROP TABLE alias_words; DROP VIEW statement_view;"
                    "DROP INDEX statements_speaker; DROP INDEX statements_channel;"
                    "DROP INDEX statements_speaker_channel;"
                    "ALTER TABLE statements DROP COLUMN speaker_id;"
                    "CREATE VIEW statement_view AS SELECT s.*, ds.speaker_id AS speaker_id,"
                    " sp.name AS speaker_name, sp.kind AS speaker_kind,"
                    " sp.gender AS speaker_gender, d.doc AS doc, d.url AS url,"
                    " d.title AS title, d.outlet AS outlet FROM statements s"
                    " JOIN documents d ON d.id = s.document_id"
                    " LEFT JOIN doc_speakers ds ON ds.id = s.doc_speaker_id"
                    " LEFT JOIN speakers sp ON sp.id = ds.speaker_id;"
                    "DROP TABLE exchange_cues; ALTER TABLE doc_speakers DROP COLUMN channels;"
                    "CREATE TRIGGER statements_ai AFTER INSERT ON statements BEGIN"
                    " INSERT INTO statements_fts(rowid, text, speaker)"
                    " VALUES (new.id, new.text, new.speaker); END; PRAGMA user_version = 1;")
    c.close()
    before = dump(db)
    code, out, err = run("search", "--db", db, "--format", "jsonl", "deport*", ok=False)
    check(code == 2 and "older whosaid" in err and "whosaid index --db" in err,
          "an older schema is named as such: %s" % err)
    src = os.path.join(TMP, "rest.jsonl")
    write_jsonl(src, recs)
    run("index", "--db", db, "-q", src)
    c = sqlite3.connect(db)
    check(c.execute("PRAGMA user_version").fetchone()[0] >= 6, "migrated")
    idx = dict(c.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index'"
                         " AND name IN ('statements_speaker', 'statements_channel',"
                         " 'statements_speaker_channel')"))
    check("IS NOT NULL" in idx.get("statements_speaker", "") and
          "NOCASE" in idx.get("statements_channel", "") and
          "NOCASE" in idx.get("statements_speaker_channel", ""),
          "speaker, channel and speaker-channel indexes: %s" % idx)
    bad = c.execute("SELECT count(*) FROM statements s JOIN doc_speakers ds"
                    " ON ds.id = s.doc_speaker_id WHERE s.speaker_id IS NOT ds.speaker_id"
                    ).fetchone()[0]
    check(bad == 0, "statements carry their joined speaker")
    c.execute("SELECT speaker_name, doc FROM statement_view").fetchall()
    check(c.execute("SELECT count(*) FROM sqlite_master WHERE name = 'statements_ai'")
          .fetchone()[0] == 0, "trigger dropped")
    after = dump(db)
    check(after["documents"][:len(before["documents"])] == before["documents"], "old documents kept")
    check(len(search(db, "deport*")) == 5, "old and new statements found once each")
    check(c.execute("SELECT count(*) FROM exchange_cues").fetchone()[0] == 2,
          "exchange cues of the old statements found too")
    _, out, _ = run("speakers", "--db", db, "--format", "jsonl", "--name", "McLaughlin")
    check(jsonl(out)[0]["channel"] == "X", "channels of old statements counted")
    integrity(db)


def case_corrupt():
    db = build()
    size = os.path.getsize(db)
    with open(db, "r+b") as f:
        f.seek(4096)
        f.write(os.urandom(size - 4096))
    code, out, err = run("search", "--db", db, "deport*", ok=False)
    check(code != 0 and ("corrupt" in err or "not a whosaid" in err), "corrupt: %d %s" % (code, err))
    code, out, err = run("index", "--db", db, os.path.join(TMP, "t.db.jsonl"), ok=False)
    check(code != 0 and ("corrupt" in err or "not a whosaid" in err), "index corrupt: %s" % err)
    trunc = os.path.join(TMP, "trunc.db")
    with open(trunc, "wb") as f:
        f.write(b"SQLite format 3\0" + b"\0" * 20)
    code, _, err = run("search", "--db", trunc, ok=False)
    check(code == 2 and "not a whosaid database" in err, "truncated header: %s" % err)


def case_read_only():
    db = build()
    os.chmod(db, 0o444)
    os.chmod(TMP, 0o755)
    user = 65534 if os.geteuid() == 0 else None  # root ignores permissions
    if user is not None and not shutil.which("setpriv"):
        print("SKIP: running as root without setpriv")
        sys.exit(77)
    h = sha(db)
    code, _, err = run("index", "--db", db, os.path.join(TMP, "t.db.jsonl"), ok=False, user=user)
    check(code == 2 and "cannot write" in err, "read-only index: %d %s" % (code, err))
    code, out, err = run("search", "--db", db, "--format", "jsonl", "deport*", ok=False, user=user)
    check(code == 0 and len(jsonl(out)) == 5, "a read-only database can be searched: %s" % err)
    check(sha(db) == h, "read-only file untouched")


def case_disk_full():
    src = os.path.join(TMP, "big.jsonl")
    gen(5000, src)
    code, _, err = run("index", "--db", "full.db", "--batch", "10", src, ok=False,
                       env={"WHOSAID_DB_MAX_PAGES": "300"})
    check(code == 1 and "disk is full" in err, "full: %d %s" % (code, err))
    db = os.path.join(TMP, "full.db")
    integrity(db)
    c = sqlite3.connect(db)
    bad = c.execute("SELECT count(*) FROM documents d WHERE n_statements <>"
                    " (SELECT count(*) FROM statements s WHERE s.document_id = d.id)").fetchone()[0]
    n = c.execute("SELECT count(*) FROM documents").fetchone()[0]
    check(bad == 0 and n > 0, "only whole documents were kept (%d documents)" % n)
    run("index", "--db", "full.db", "-q", src)
    integrity(db)


def case_inputs():
    """Text files are extracted on the way; whosaid JSONL with document
    records keeps the text; the same article both ways is one document
    only when keyed alike."""
    ex = os.path.join(HERE, "..", "..", "examples")
    files = sorted(os.path.join(ex, f) for f in os.listdir(ex) if f.endswith(".txt"))
    run("index", "--db", "x.db", "-q", *files)
    c = sqlite3.connect(os.path.join(TMP, "x.db"))
    n = c.execute("SELECT count(*) FROM statements").fetchone()[0]
    texts = c.execute("SELECT count(*) FROM documents WHERE text IS NOT NULL").fetchone()[0]
    check(n > 10 and texts == len(files), "extracted %d statements from %d files" % (n, texts))
    _, out, _ = run("extract", "--format", "jsonl", files[0])
    p = os.path.join(TMP, "one.jsonl")
    with open(p, "w") as f:
        f.write(out)
    run("index", "--db", "y.db", "-q", p)
    c2 = sqlite3.connect(os.path.join(TMP, "y.db"))
    m = c2.execute("SELECT count(*) FROM statements").fetchone()[0]
    check(m == len(jsonl(out)), "whosaid JSONL indexed as is")
    bad = os.path.join(TMP, "bad.jsonl")
    with open(bad, "w") as f:
        f.write(out.splitlines()[0] + "\n{not json\n" + "\n".join(out.splitlines()[1:]) + "\n")
    code, _, err = run("index", "--db", "z.db", "-q", bad, ok=False)
    check(code == 1 and "bad.jsonl: byte" in err, "bad line named with its offset: %s" % err)
    c3 = sqlite3.connect(os.path.join(TMP, "z.db"))
    check(c3.execute("SELECT count(*) FROM statements").fetchone()[0] == m, "others indexed")


def case_report():
    db = build()
    _, out, _ = run("report", "--db", db, "--since", "2025-01-01")
    check(out.startswith("<!DOCTYPE html>") and out.count("<svg") >= 5, "report has charts")
    check("src=" not in out and "<link" not in out and "<script" not in out, "self-contained")
    check("Tricia McLaughlin" in out and "female" in out, "report content")


def reference(c, query, ids, channel, limit):
    """What FTS5 itself gives for a text search by speakers ids (and a
    channel): the statements newest first, with their highlights."""
    sql = ("SELECT s.id, highlight(statements_fts, 0, '<mark>', '</mark>')"
           " FROM statements_fts JOIN statements s ON s.id = statements_fts.rowid"
           " WHERE statements_fts MATCH ? AND s.speaker_id IN (%s)" % ",".join("?" * len(ids)))
    args = ["text:(%s)" % query] + ids
    if channel:
        sql += " AND s.channel = ? COLLATE NOCASE"
        args.append(channel)
    sql += " ORDER BY s.doc_date DESC, s.id DESC LIMIT ?"
    return [tuple(r) for r in c.execute(sql, args + [limit])]


def case_search_plans():
    """A text search by one speaker is answered by one of several plans
    (each statement's text matched by FTS5's tokenizer, the statements
    copied into an in-memory FTS5 table, the matches listed from the index,
    the index walked in date order), chosen by the numbers of statements
    and matches: each must give what FTS5 gives, the same statements in the
    same order with the same highlights, page after page."""
    p = subprocess.run([sys.executable, GEN, "20000", "7"], capture_output=True, check=True)
    recs = [json.loads(l) for l in p.stdout.decode().splitlines()]
    texts = ["Le café était fermé, dit-elle.", "CAFÉ prices rose 31 percent in Zürich.",
             "We won't deport anyone; deportation is off the table.",
             "The naïve plan for Cafe owners failed.", "Wall of the border, and the border wall.",
             "snake_case and e-mail: THE_WALL, the$wall, 3.5%, x@y.z #tag the(wall)",
             "A " + "w" * 300 + " wall the long word"]
    for i in range(60):
        recs.append(stmt("acc%d" % (i // 3), texts[i % len(texts)], "Élodie Dupré", 10 * i,
                         channel=["X", "CNN", None][i % 3], date="2025-%02d-%02d" % (1 + i % 12, 1 + i % 27)))
    db = build("plans.db", recs)
    c = sqlite3.connect(db)
    speakers = [r[0] for r in c.execute("SELECT name FROM speakers ORDER BY n_statements DESC")]
    top = c.execute("SELECT max(n_statements) FROM speakers").fetchone()[0]
    check(top > 1000, "a speaker with more than 1,000 statements: %d" % top)
    names = [speakers[0], speakers[2], speakers[len(speakers) // 4], "Élodie Dupré"]
    queries = ["the", "the*", "ba*", "water", "deport*", "\"the\"", "caf*", "CAFÉ", "zurich",
               "snake", "case", "wall*", "tag", "www*", "the_wall", "e mail", "5",
               "we the", "\"border wall\"", "the OR water", "NEAR(the we)", "the NOT we",
               "nosuchword"]
    checked = 0
    for name in names:
        norm = " ".join("".join(ch if ord(ch) >= 128 else ch.lower() if ch.isalnum() else " "
                                for ch in name).split())  # as ws__db_norm()
        ids = [r[0] for r in c.execute("SELECT DISTINCT speaker_id FROM aliases WHERE norm = ?",
                                       (norm,))]
        check(ids, "the speaker %s has an alias %s" % (name, norm))
        for q in queries:
            for channel in [None, "x", "CNN"]:
                want = reference(c, q, ids, channel, 12)
                got, cursor = [], None
                for _ in range(4):
                    args = ["search", "--db", db, "--format", "jsonl", "--speaker", name,
                            "--limit", "5"] + (["--channel", channel] if channel else [])
                    args += (["--cursor", cursor] if cursor else []) + [q]
                    code, out, err = run(*args)
                    got += [(x["id"], x["snippet"]) for x in jsonl(out)]
                    if "--cursor '" not in err or len(got) >= 12:
                        break
                    cursor = err.split("--cursor '")[1].split("'")[0]
                check(got[:12] == want, "%s by %s on %s: %s, FTS5 gives %s"
                      % (q, name, channel, got[:12], want))
                checked += len(want)
    check(checked > 500, "enough statements compared: %d" % checked)


CASES = {n[5:]: f for n, f in globals().items() if n.startswith("case_")}


def main():
    global WHOSAID, TMP
    WHOSAID = os.path.abspath(sys.argv[1])
    if sys.argv[2] == "--check-registered":
        missing = set(CASES) - set(sys.argv[3:])
        check(not missing, "cases not registered in tests/db.cmake: %s" % sorted(missing))
        return
    TMP = tempfile.mkdtemp(prefix="ws-db-")
    os.chmod(TMP, 0o755)
    try:
        CASES[sys.argv[2]]()
    finally:
        shutil.rmtree(TMP, ignore_errors=True)
    print("ok", sys.argv[2])


if __name__ == "__main__":
    main()
