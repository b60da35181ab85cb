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
# SHAPES (which filtered searches: any of speaker, words, dates, comma-
# separated; default all three), URLS (distinct requests, default 240; many
# more, such as 30000, keep the reply cache from answering).
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
stmts=$(sqlite3 -readonly "$DB" "SELECT count(*) FROM statements")
echo "== database $DB: $stmts statements, $(du -m "$DB" | cut -f1) MB"

# The requests: filtered searches over values the database holds, URLS
# distinct paths (one a line) that bench/serve_paths.lua sends in turn. With
# the default 240 the reply cache holds them all after the first pass; with
# many more (URLS=30000) nearly every request is one the cache has not seen.
paths=$OUT/paths.txt
python3 - "$DB" "$SHAPES" "$URLS" > "$paths" <<'EOF'
import random, sqlite3, sys, urllib.parse
shapes = [s for s in ["speaker", "words", "dates"] if s in sys.argv[2].split(",")]
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
rng = random.Random(11)
paths, seen = [], set()
i = 0
while len(paths) < urls and i < urls * 20:
    if many:
        sp, ch = rng.choice(speakers), rng.choice(channels)
        w, m = rng.choice(words), rng.choice(months)
    else:
        sp, ch = speakers[i % len(speakers)], channels[i % len(channels)]
        w, m = words[i % len(words)], months[i % len(months)]
    kind = ["speaker", "words", "dates"].index(shapes[i % len(shapes)])
    i += 1
    if kind == 0:    # speaker and channel
        p = {"speaker": sp, "channel": ch, "limit": 20}
    elif kind == 1:  # words and speaker
        p = {"q": w, "speaker": sp, "limit": 20}
    else:            # words, channel and dates
        p = {"q": w, "channel": ch, "since": m, "limit": 20}
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
for _ in $(seq 100); do
  grep -q "serving http" "$log" && break
  sleep 0.1
done
url=$(grep -o 'http://[^/]*' "$log" | head -1)
[ -n "$url" ] || { cat "$log" >&2; exit 1; }
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

rss() { awk '/VmRSS/ {print $2}' /proc/$pid/status; }
wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" -s "$lua" "$url" -- "$paths" > /dev/null
rss_start=$(rss)
rss_log=$OUT/rss.log
: > "$rss_log"
( while kill -0 $pid 2>/dev/null; do echo "$(date +%s) $(rss)" >> "$rss_log"; sleep 5; done ) &
sampler=$!
echo "== wrk: $WRK_THREADS thread(s), $CONNECTIONS connections, ${DURATION} s"
wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "$lua" "$url" -- "$paths" | tee "$OUT/wrk.txt"
kill $sampler 2>/dev/null || true
rss_end=$(rss)
rss_max=$(awk 'BEGIN{m=0} {if ($2>m) m=$2} END{print m}' "$rss_log")
echo "== RSS of the server: ${rss_start} KB after warm-up, ${rss_end} KB at the end, ${rss_max} KB at most (samples in $rss_log)"
errors=$(grep -E "Non-2xx|Socket errors" "$OUT/wrk.txt" || true)
if [ -n "$errors" ]; then echo "== ERRORS: $errors"; else echo "== errors: none"; fi
echo "== load average after the run: $(cut -d' ' -f1-3 /proc/loadavg)"
