#!/usr/bin/env bash
# extraction.sh: speed (and accuracy) of whosaid's HTML main-text extraction
# against Readability.js, side by side in one run, on the 181 news pages of
# ../shared/data/article-extraction-benchmark.
#
# Measures, each on one core, as CPU time (user + system; the best of RUNS
# rounds, interleaved, which is the least disturbed on a shared machine):
#   - `whosaid text -j 1 -q` over the decompressed pages (REPEAT copies of
#     the list on one command line, so start-up weighs little): reading,
#     charset conversion, parsing, extraction and printing;
#   - `whosaid eval --extraction`: ws_document_new() alone on
#     pages already in memory (and the benchmark's F1);
#   - Readability.js (npm @mozilla/readability 0.6 on linkedom, bench/
#     readability.js --repeat 2): linkedom parsing + Readability.parse()
#     on pages already in memory, best of two passes (its F1 is computed
#     with tests/html/shingle_f1.py on its textContent).
# Prints pages/s of each, the ratios, and the F1 of both as Markdown.
#
# Environment: BUILD (build dir, default build), WHOSAID (the binary),
# ARTICLES (the benchmark folder), RUNS (3), REPEAT (5).
# Needs node and bench/node_modules (scripts/install-deps.sh runs npm install).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
BUILD=${BUILD:-build}
WHOSAID=${WHOSAID:-$root/$BUILD/whosaid}
ARTICLES=${ARTICLES:-$root/../shared/data/article-extraction-benchmark}
RUNS=${RUNS:-3}
REPEAT=${REPEAT:-5}
out=$here/out/extraction

[ -x "$WHOSAID" ] || { echo "extraction.sh: no binary at $WHOSAID (set BUILD or WHOSAID)" >&2; exit 2; }
[ -d "$ARTICLES/html" ] || { echo "extraction.sh: no benchmark at $ARTICLES" >&2; exit 2; }
[ -d "$here/node_modules/@mozilla/readability" ] || {
  echo "extraction.sh: run 'npm install' in bench/ first" >&2; exit 2; }

mkdir -p "$out/pages" "$out/readability"
for f in "$ARTICLES"/html/*.html.gz; do
  page=$out/pages/$(basename "$f" .gz)
  [ -s "$page" ] || gzip -dc "$f" > "$page"
done
pages=("$out"/pages/*.html)
n=${#pages[@]}
list=()
for ((i = 0; i < REPEAT; i++)); do list+=("${pages[@]}"); done

# Prints the CPU seconds (user + system) of the command given.
cpu_of() {
  /usr/bin/time -f '%U %S' -o "$out/time.txt" "$@" > /dev/null
  awk '{ printf "%.3f\n", $1 + $2 }' "$out/time.txt"
}

# The three measures are interleaved, RUNS rounds of one each, so that the
# load of a shared machine falls on all alike; each keeps its best round.
best_min() { awk -v a="$1" -v b="$2" 'BEGIN { print (b == "" || a < b) ? a : b }'; }
text_cpu=""
lib_pps=""
rd_pps=""
for ((r = 0; r < RUNS; r++)); do
  t=$(cpu_of "$WHOSAID" text -j 1 -q "${list[@]}")
  text_cpu=$(best_min "$t" "$text_cpu")
  ev=$("$WHOSAID" eval --extraction "$ARTICLES")
  p=$(echo "$ev" | awk '/^time/ { for (i = 1; i <= NF; i++) if ($i == "pages/s,") print $(i - 1) }')
  lib_pps=$(awk -v a="$p" -v b="$lib_pps" 'BEGIN { print (b == "" || a > b) ? a : b }')
  # Two passes in one process: the first warms the JIT up, the best counts.
  dump=()
  [ "$r" -eq 0 ] && dump=(--dump "$out/readability")
  rd=$(cd "$here" && node readability.js "$ARTICLES/html" --repeat 2 "${dump[@]}")
  p=$(echo "$rd" | awk '{ print $NF }')
  rd_pps=$(awk -v a="$p" -v b="$rd_pps" 'BEGIN { print (b == "" || a > b) ? a : b }')
done
text_pps=$(awk -v n="$n" -v k="$REPEAT" -v t="$text_cpu" 'BEGIN { printf "%.1f", n * k / t }')
ws_f1=$(echo "$ev" | awk '/^f1/ { print $2 }')
ws_p=$(echo "$ev" | awk '/^precision/ { print $2 }')
ws_r=$(echo "$ev" | awk '/^recall/ { print $2 }')

rd_eval=$(/usr/bin/python3 "$root/tests/html/shingle_f1.py" "$ARTICLES/ground-truth.json" "$out/readability")
rd_f1=$(echo "$rd_eval" | awk '/^f1/ { print $2 }')
rd_p=$(echo "$rd_eval" | awk '/^precision/ { print $2 }')
rd_r=$(echo "$rd_eval" | awk '/^recall/ { print $2 }')

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", a / b }'; }
commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)
cat <<EOF
### Extraction benchmark ($(date -u +%Y-%m-%d), commit $commit, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg))

\`bench/extraction.sh\` (RUNS=$RUNS, REPEAT=$REPEAT), $n pages, CPU time on one core, best of $RUNS interleaved rounds:

| | pages/s | vs Readability.js | precision | recall | F1 |
|---|---:|---:|---:|---:|---:|
| whosaid text -j 1 (whole command) | $text_pps | $(ratio "$text_pps" "$rd_pps")x | | | |
| ws_document_new (eval --extraction) | $lib_pps | $(ratio "$lib_pps" "$rd_pps")x | $ws_p | $ws_r | $ws_f1 |
| Readability.js 0.6 + linkedom | $rd_pps | 1.0x | $rd_p | $rd_r | $rd_f1 |
EOF
