#!/bin/sh
# Load test of `whosaid serve`: wrk on loopback against a database of one
# million statements (made once with bench/db_gen.py and `whosaid index`,
# kept in bench/out/serve/), filtered searches rotating over a set of
# speakers, channels, words and dates taken from the database. Reports
# requests a second, latency percentiles, errors, and the server's RSS
# sampled every 5 seconds (it must stay flat).
#
# Usage: bench/serve.sh            (5 minutes)
#        DURATION=30 bench/serve.sh (a quick run)
# Environment: WHOSAID (default build/whosaid), N statements (1000000),
# DB (bench/out/serve/serve-1m.db), DURATION seconds (300), CONNECTIONS
# (64), WRK_THREADS (1), SERVER_THREADS (2), WARMUP seconds (5), CACHE (the
# server's --cache: 64M; 0 measures every request against the database),
# SHAPES (which filtered searches, comma-separated: speaker (speaker and
# channel), words (words and speaker), dates (words, channel and a start
# month), example (the issue's example: a prefix such as deport*, a speaker
# and a channel); default speaker,words,dates), URLS (distinct requests,
# default 240; many more, such as 3000, keep the reply cache from
# answering).
set -eu

here=$(cd "$(dirname "$0")/.." && pwd)
WHOSAID=${WHOSAID:-$here/build/whosaid}
N=${N:-1000000}
OUT=$here/bench/out/serve
DB=${DB:-$OUT/serve-$((N / 1000000))m.db}
DURATION=${DURATION:-300}
CONNECTIONS=${CONNECTIONS:-64}
WRK_THREADS=${WRK_THREADS:-1}
SERVER_THREADS=${SERVER_THREADS:-2}
WARMUP=${WARMUP:-5}
CACHE=${CACHE:-64M}
SHAPES=${SHAPES:-speaker,words,dates}
URLS=${URLS:-240}
mkdir -p "$OUT"

for tool in wrk sqlite3 python3; do
  command -v $tool >/dev/null || { echo "serve.sh: $tool is missing (scripts/install-deps.sh)" >&2; exit 1; }
done
[ -x "$WHOSAID" ] || { echo "serve.sh: no $WHOSAID (build first)" >&2; exit 1; }

# The database, made once.
if [ ! -s "$DB" ]; then
  echo "== making $DB: $N statements (bench/db_gen.py, whosaid index)"
  python3 "$here/bench/db_gen.py" "$N" > "$OUT/stmts.jsonl"
  /usr/bin/time -f "index: %e s, %M KB peak" "$WHOSAID" index --db "$DB.tmp" "$OUT/stmts.jsonl"
  mv "$DB.tmp" "$DB"
  rm -f "$DB.tmp-wal" "$DB.tmp-shm" "$OUT/stmts.jsonl"
fi
# A database made by an older whosaid is brought up to date (its schema's
# migrations, such as a new index) by an index run with nothing to add.
if "$WHOSAID" search --db "$DB" --limit 1 whosaid 2>&1 >/dev/null | grep -q "older whosaid"; then
  echo "== bringing $DB up to date (whosaid index --db, nothing to add)"
  "$WHOSAID" index --db "$DB" < /dev/null
fi
stmts=$(sqlite3 -readonly "$DB" "SELECT count(*) FROM statements")
echo "== database $DB: $stmts statements, $(du -m "$DB" | cut -f1) MB"

# The requests: filtered searches over values the database holds, URLS
# distinct paths (one a line) that bench/serve_paths.lua sends in turn. With
# the default 240 the reply cache holds them all after the first pass; with
# many more (URLS=30000) nearly every request is one the cache has not seen.
paths=$OUT/paths.txt
python3 - "$DB" "$SHAPES" "$URLS" > "$paths" <<'EOF'
import random, sqlite3, sys, urllib.parse
KINDS = ["speaker", "words", "dates", "example"]
shapes = [s for s in KINDS if s in sys.argv[2].split(",")]
urls = int(sys.argv[3])
db = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
many = urls > 240
speakers = [r[0] for r in db.execute(
    "SELECT name FROM speakers ORDER BY n_statements DESC LIMIT ?", (200 if many else 40,))]
channels = [r[0] for r in db.execute(
    "SELECT channel FROM statements WHERE channel IS NOT NULL GROUP BY channel "
    "ORDER BY count(*) DESC LIMIT 6")]
words = ["deport*", "border", "tariff*", "budget", "water", "housing", "election", "court",
         "strike", "school", "hospital", "police", "climate", "energy", "prices", "jobs"]
months = ["2024-03", "2024-07", "2024-11", "2025-02", "2025-06", "2025-09"]
if many:
    # More words: the generated vocabulary's frequent ones (in 0.1% to 3%
    # of the statements, the costly kind for a text search), and every month.
    db.execute("CREATE VIRTUAL TABLE temp.vocab USING fts5vocab(main, statements_fts, row)")
    words += [r[0] for r in db.execute(
        "SELECT term FROM temp.vocab WHERE doc BETWEEN 1000 AND 30000 AND term GLOB '[a-z]*'"
        " ORDER BY doc DESC LIMIT 200")]
    months = ["%d-%02d" % (y, m) for y in (2024, 2025) for m in range(1, 13)]
# Prefixes for the example shape: the words' stems (a word of six letters
# or more without its last letter: "bordeli*" for "bordelin"), as a reader
# types "deport*"; the core words with a star.
prefixes = sorted({w if w.endswith("*") else w + "*" for w in words[:16]} |
                  {w[:-1] + "*" for w in words[16:] if len(w) >= 6})
rng = random.Random(11)
paths, seen = [], set()
i = 0
while len(paths) < urls and i < urls * 20:
    if many:
        sp, ch = rng.choice(speakers), rng.choice(channels)
        w, m, pf = rng.choice(words), rng.choice(months), rng.choice(prefixes)
    else:
        sp, ch = speakers[i % len(speakers)], channels[i % len(channels)]
        w, m, pf = words[i % len(words)], months[i % len(months)], prefixes[i % len(prefixes)]
    kind = KINDS.index(shapes[i % len(shapes)])
    i += 1
    if kind == 0:    # speaker and channel
        p = {"speaker": sp, "channel": ch, "limit": 20}
    elif kind == 1:  # words and speaker
        p = {"q": w, "speaker": sp, "limit": 20}
    elif kind == 2:  # words, channel and dates
        p = {"q": w, "channel": ch, "since": m, "limit": 20}
    else:            # the issue's example: a prefix, a speaker and a channel
        p = {"q": pf, "speaker": sp, "channel": ch, "limit": 20}
    path = "/api/statements?" + urllib.parse.urlencode(p)
    if path not in seen:
        seen.add(path)
        paths.append(path)
print("\n".join(paths))
EOF
echo "== $(wc -l < "$paths") distinct requests ($SHAPES)"
lua="$here/bench/serve_paths.lua"

# The server.
log=$OUT/server.log
"$WHOSAID" serve --db "$DB" --port 0 --threads "$SERVER_THREADS" --max-connections 4096 \
  --cache "$CACHE" 2> "$log" &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT INT TERM
for _ in $(seq 600); do # Up to a minute: the engine loads first.
  grep -q "serving http" "$log" && break
  kill -0 $pid 2>/dev/null || break
  sleep 0.1
done
url=$(grep -o 'http://[^/]*' "$log" | head -1)
[ -n "$url" ] || { echo "serve.sh: the server did not start:" >&2; cat "$log" >&2; exit 1; }
echo "== server $url (pid $pid, $SERVER_THREADS threads, --cache $CACHE); load average $(cut -d' ' -f1-3 /proc/loadavg)"
# Every request of the set answers 200 before the load starts.
# Every request of the set answers 200 before the load starts (this also
# fills the reply cache, as a first visit of each would).
t0=$(date +%s.%N)
bad=$(head -n 240 "$paths" | \
  xargs -P 2 -I{} curl -s -o /dev/null -w "%{http_code} %{time_total} {}\n" "$url{}" | \
  tee "$OUT/first.txt" | grep -v "^200 " || true)
echo "== first pass over the $(wc -l < "$OUT/first.txt") requests (uncached): $(awk -v a="$(date +%s.%N)" -v b="$t0" 'BEGIN {printf "%.1f", a - b}') s;" \
  "median $(sort -k2 -n "$OUT/first.txt" | awk '{a[NR]=$2} END {print a[int((NR+1)/2)]}') s," \
  "max $(sort -k2 -n "$OUT/first.txt" | tail -1 | cut -d' ' -f2) s a request"
[ -z "$bad" ] || { echo "serve.sh: requests failing before the run:"; echo "$bad"; exit 1; }
curl -s "$url/api/statements?speaker=$(sqlite3 -readonly "$DB" "SELECT replace(name,' ','+') FROM speakers ORDER BY n_statements DESC LIMIT 1")&limit=1" | head -c 300; echo

# Memory: VmRSS, and its two parts: RssAnon (the process's own memory:
# heap, stacks, the reply cache) and RssFile (pages of files mapped, mostly
# the database, which the server reads through a memory map: the kernel's
# page cache, shared, growing to the part of the file searches touch).
rss() { awk '/^VmRSS|^RssAnon|^RssFile/ {printf "%s ", $2}' /proc/$pid/status; }
cpu() { awk '{print $14 + $15}' /proc/$pid/stat; }
rss_start=$(rss)
rss_log=$OUT/rss.log
: > "$rss_log"
( while kill -0 $pid 2>/dev/null; do echo "$(date +%s) $(rss)" >> "$rss_log"; sleep 5; done ) &
sampler=$!
echo "== wrk: $WRK_THREADS thread(s), $CONNECTIONS connections, ${DURATION} s"
cpu_start=$(cpu)
wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "$lua" "$url" -- "$paths" | tee "$OUT/wrk.txt"
cpu_end=$(cpu)
kill $sampler 2>/dev/null || true
rss_end=$(rss)
set -- $rss_start; s_rss=$1 s_anon=$2 s_file=$3
set -- $rss_end; e_rss=$1 e_anon=$2 e_file=$3
max() { awk -v c="$1" 'BEGIN{m=0} {if ($c>m) m=$c} END{print m}' "$rss_log"; }
echo "== server memory (KB; VmRSS = RssAnon + RssFile + RssShmem): after warm-up VmRSS $s_rss (RssAnon $s_anon, RssFile $s_file); at the end VmRSS $e_rss (RssAnon $e_anon, RssFile $e_file); at most VmRSS $(max 2), RssAnon $(max 3) (samples every 5 s in $rss_log: time VmRSS RssAnon RssFile)"
requests=$(awk '/requests in/ {print $1}' "$OUT/wrk.txt")
echo "== server CPU: $(awk -v a="$cpu_start" -v b="$cpu_end" -v t="$(getconf CLK_TCK)" -v n="$requests" \
  'BEGIN {printf "%.1f s over the run, %.0f us a request", (b - a) / t, (b - a) / t * 1e6 / n}')"
errors=$(grep -E "Non-2xx|Socket errors" "$OUT/wrk.txt" || true)
if [ -n "$errors" ]; then echo "== ERRORS: $errors"; else echo "== errors: none"; fi
echo "== load average after the run: $(cut -d' ' -f1-3 /proc/loadavg)"
