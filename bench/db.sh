#!/usr/bin/env bash
# db.sh: the statement database benchmark.
#
# Generates N statements of whosaid JSONL with bench/db_gen.py (default one
# million; cached in bench/out/), then measures:
#   - indexing: `whosaid index` of the JSONL into a new database, as
#     statements per second of wall-clock time and of CPU time (user +
#     system; the machine is shared, so both are given), and the size of the
#     database per million statements;
#   - search: SEARCHES runs of `whosaid search WORD --speaker NAME` (a word
#     of the generated vocabulary, a speaker name or surname among the 200
#     most quoted), each a new process as a user runs it: p50, p95 and max
#     of the wall-clock time, with and without the speaker filter;
#   - the same searches in process (bench/db_search.c: ws_db_search(), as
#     the server calls it), without the start of a process;
#   - re-indexing the same input (nothing changes).
# Prints the figures; with DB_REPORT=FILE appends them to FILE.
#
# Environment: BUILD (build dir, default build), WHOSAID (the binary), N
# (1000000), SEARCHES (200), OUT (bench/out), SKIP_INDEX (search an
# existing database only), BASELINE (another whosaid binary: index with
# both at the same time and print both, nothing else; on a shared machine
# the ratio of the two is steadier than either figure).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
WHOSAID=${WHOSAID:-$BUILD/whosaid}
N=${N:-1000000}
SEARCHES=${SEARCHES:-200}
OUT=${OUT:-bench/out}
mkdir -p "$OUT"
# A copy of the binary, so that a rebuild during the run changes nothing.
cp "$WHOSAID" "$OUT/whosaid-db-bench"
WHOSAID="$OUT/whosaid-db-bench"
SRC="$OUT/db-$N.jsonl"
DB="$OUT/db-$N.db"
if [ ! -s "$SRC" ]; then
  echo "generating $N statements into $SRC" >&2
  /usr/bin/python3 bench/db_gen.py "$N" > "$SRC.tmp" && mv "$SRC.tmp" "$SRC"
fi
if [ -n "${BASELINE:-}" ]; then
  # Two binaries at the same time on the same input, so that both see the
  # same load on a shared machine: their ratio is the figure to trust.
  cp "$BASELINE" "$OUT/whosaid-db-baseline"
  rm -f "$OUT"/db-pair-[ab].db*
  echo "== index with both at once ($N statements); load: $(cut -d' ' -f1-3 /proc/loadavg)"
  /usr/bin/time -f "%e %U %S %M" -o "$OUT/db-pair-a.time" \
    "$WHOSAID" index -q --db "$OUT/db-pair-a.db" "$SRC" &
  a=$!
  /usr/bin/time -f "%e %U %S %M" -o "$OUT/db-pair-b.time" \
    "$OUT/whosaid-db-baseline" index -q --db "$OUT/db-pair-b.db" "$SRC" &
  b=$!
  wait $a $b
  for x in a b; do
    read -r wall user sys rss < "$OUT/db-pair-$x.time"
    echo "$([ $x = a ] && echo "$WHOSAID" || echo "$BASELINE"): wall $wall s ($(echo "$N / $wall" | bc) statements/s), CPU $(echo "$user + $sys" | bc) s, peak RSS $((rss / 1024)) MB, $(( $(stat -c %s "$OUT/db-pair-$x.db") / 1000000 )) MB"
  done
  exit 0
fi
if [ -n "${SKIP_INDEX:-}" ] && [ -s "$DB" ]; then
  echo "== using the existing $DB (SKIP_INDEX)"
else
rm -f "$DB" "$DB-wal" "$DB-shm"
echo "== index ($N statements, $(du -m "$SRC" | cut -f1) MB of JSONL); load: $(cut -d' ' -f1-3 /proc/loadavg)"
/usr/bin/time -f "%e %U %S %M" -o "$OUT/db-time" "$WHOSAID" index --db "$DB" "$SRC"
read -r wall user sys rss < "$OUT/db-time"
size=$(stat -c %s "$DB")
/usr/bin/python3 - "$N" "$wall" "$user" "$sys" "$rss" "$size" <<'EOF'
import sys
n, wall, user, sys_, rss, size = sys.argv[1:]
n, wall, cpu = int(n), float(wall), float(user) + float(sys_)
print("indexing: %.0f statements/s wall-clock (%.1f s), %.0f statements/s CPU (%.1f s);"
      " peak RSS %.0f MB" % (n / wall, wall, n / cpu, cpu, int(rss) / 1024))
print("database: %.0f MB, %.0f MB per million statements" % (int(size) / 1e6,
      int(size) / 1e6 * 1e6 / n))
EOF
echo "== re-index the same input"
/usr/bin/time -f "%e s wall, %U s user" "$WHOSAID" index --db "$DB" "$SRC"
fi
echo "== search in process: ws_db_search() ($SEARCHES queries a kind; load: $(cut -d' ' -f1-3 /proc/loadavg))"
cc -O2 -std=c11 -Icli -Iinclude bench/db_search.c cli/db.c cli/db_query.c cli/db_util.c \
  cli/db_schema.c -lsqlite3 -o "$OUT/db_search"
"$OUT/db_search" "$DB" "$SEARCHES"
echo "== search as a command: whosaid search, a process each ($SEARCHES queries a kind; load: $(cut -d' ' -f1-3 /proc/loadavg))"
/usr/bin/python3 - "$WHOSAID" "$DB" "$SEARCHES" <<'EOF'
import random, sqlite3, subprocess, sys, time
whosaid, db, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
c = sqlite3.connect("file:%s?mode=ro" % db, uri=True)
names = [r[0] for r in c.execute("SELECT name FROM speakers ORDER BY n_statements DESC LIMIT 200")]
words = ["deport*", "border", "tariff*", "budget", "water", "housing", "election", "court",
         "strike", "union", "school", "hospital", "police", "climate", "energy", "price*", "jobs"]
rng = random.Random(7)

def timed(args):
    t = time.perf_counter()
    p = subprocess.run([whosaid, "search", "--db", db, "--format", "jsonl"] + args,
                       capture_output=True)
    dt = (time.perf_counter() - t) * 1000
    if p.returncode != 0:
        sys.exit("search failed: %s" % p.stderr.decode())
    return dt, p.stdout.count(b"\n")

def report(label, cases):
    times, hits = [], 0
    for args in cases:
        dt, n = timed(args)
        times.append(dt)
        hits += n
    times.sort()
    p = lambda q: times[min(len(times) - 1, int(q * len(times)))]
    print("%s: p50 %.1f ms, p95 %.1f ms, max %.1f ms (%d runs, %.1f results a run)"
          % (label, p(0.5), p(0.95), times[-1], len(times), hits / len(times)))

def speaker(name):
    return name if rng.random() < 0.5 else name.split()[-1]

report("text + speaker", [[rng.choice(words), "--speaker", speaker(rng.choice(names))]
                          for _ in range(runs)])
report("text only", [[rng.choice(words)] for _ in range(runs)])
report("speaker only", [["--speaker", rng.choice(names)] for _ in range(runs)])
report("no filter (newest 20)", [[] for _ in range(runs // 4)])
EOF
