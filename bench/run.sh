#!/usr/bin/env bash
# run.sh: the speed and memory benchmark of `whosaid extract` (make bench).
#
# Builds a corpus of PolNeAR training texts repeated to 100 MiB (and one of
# 25 MiB), one file per article, in bench/out/ (not committed), then measures
# in one run:
#   - whosaid: `whosaid extract -j 1 --format jsonl` over every article file, one
#     document per article, single thread (xargs hands the files to a few
#     whosaid processes, one after another): MB/s as the median of RUNS
#     runs, peak RSS, statement count and the SHA-256 of the JSONL output (the
#     same in every run, or the benchmark fails), for both corpora, so that
#     the two peak RSS figures show whether memory grows with the corpus;
#   - whosaid on the 100 MiB corpus as ONE document (all articles in one file,
#     separated by blank lines): a stress case, not the main figure;
#   - the library alone (bench/bench.c): ws_extract() and ws_write_json() on
#     the same articles held in memory, to tell the engine from the tool;
#   - `wc -w` over the same article files (LC_ALL=C), the floor;
#   - the npm package compromise (bench/compromise.mjs), nlp(text)
#     .quotations() on each of the first COMPROMISE_MB MiB of articles, and
#     whosaid on the same articles: the ratio of whosaid's MB/s (100 MiB
#     corpus) to compromise's.
# Prints a Markdown table and writes it, with the command, date, machine and
# commit, to docs/bench.md.
#
# Environment: BUILD (build dir, default build), WHOSAID (the binary),
# POLNEAR (the PolNeAR folder), BENCH_MB (100), BENCH_SMALL_MB (25), RUNS (3),
# COMPROMISE_MB (2), COMPROMISE_PASSES (1), ONE_DOC_TIMEOUT (120 s, for the
# one-document case), BENCH_REPORT (docs/bench.md; "-" writes none),
# BENCH_COMMIT (the commit to report when WHOSAID was built from a clean
# export rather than this working tree). MB here means MiB, 2^20 bytes.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
BUILD=${BUILD:-build}
WHOSAID=${WHOSAID:-$root/$BUILD/whosaid}
POLNEAR=${POLNEAR:-$here/../../shared/data/polnear}
BENCH_MB=${BENCH_MB:-100}
BENCH_SMALL_MB=${BENCH_SMALL_MB:-25}
RUNS=${RUNS:-3}
COMPROMISE_MB=${COMPROMISE_MB:-2}
COMPROMISE_PASSES=${COMPROMISE_PASSES:-1}
ONE_DOC_TIMEOUT=${ONE_DOC_TIMEOUT:-120}
BENCH_REPORT=${BENCH_REPORT:-$root/docs/bench.md}
OUT=$here/out
# How this run was started, for the report.
if [ -n "${MAKELEVEL:-}" ]; then invoked="make bench"; else invoked="bench/run.sh"; fi
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3

die() { echo "bench: $*" >&2; exit 1; }

[ -x "$WHOSAID" ] || die "no $WHOSAID: run make first"
[ -x /usr/bin/time ] || die "/usr/bin/time is missing: run scripts/install-deps.sh"
src=$POLNEAR/data/train/text
[ -d "$src" ] || die "no PolNeAR texts in $src (set POLNEAR)"
WHOSAID=$(cd "$(dirname "$WHOSAID")" && pwd)/$(basename "$WHOSAID")

mkdir -p "$OUT"
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
"$PY" "$here/make_corpus.py" "$src" "$OUT/corpus-$BENCH_MB" "$BENCH_MB"
"$PY" "$here/make_corpus.py" "$src" "$OUT/corpus-$BENCH_SMALL_MB" "$BENCH_SMALL_MB"

# median N1 N2 ...: prints the median of the numbers.
median() { printf '%s\n' "$@" | sort -g | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }
# mbps BYTES SECONDS: prints MiB/s, unrounded.
mbps() { awk -v b="$1" -v s="$2" 'BEGIN {printf "%.6f", (s > 0 ? b / 1048576 / s : 0)}'; }
# fmt NUMBER: prints a number with three significant digits or more.
fmt() {
  awk -v v="$1" 'BEGIN {printf (v >= 100 ? "%.0f" : v >= 1 ? "%.1f" : "%.3g"), v}'
}
# mib KIB: prints KiB as MiB with one decimal.
mib() { awk -v k="$1" 'BEGIN {printf "%.1f", k / 1024}'; }
# bytes_of DIR LIST: the total size of the files listed in LIST, in DIR.
bytes_of() { (cd "$1" && xargs -0 -a "$2" stat -c %s | awk '{s+=$1} END {print s}'); }

# timed OUTFILE CMD...: runs CMD with stdout to OUTFILE under /usr/bin/time;
# sets T_WALL (s), T_CPU (s) and T_RSS (KiB, the peak of the process tree).
timed() {
  local out=$1; shift
  /usr/bin/time -f '%e %U %S %M' -o "$OUT/time.txt" "$@" > "$out" ||
    die "failed: $*"
  read -r T_WALL u s T_RSS < "$OUT/time.txt"
  T_CPU=$(awk -v u="$u" -v s="$s" 'BEGIN {print u + s}')
}

# bench_whosaid NAME DIR LIST: runs whosaid over the listed article files in
# DIR RUNS times; sets R_BYTES R_WALL and R_CPU (user + system; medians)
# R_RSS (max) R_COUNT R_HASH.
bench_whosaid() {
  local name=$1 dir=$2 list=$3 walls=() cpus=() rss=0 hash=""
  R_BYTES=$(bytes_of "$dir" "$list")
  for ((i = 1; i <= RUNS; i++)); do
    (cd "$dir" && timed "$OUT/$name.jsonl" \
       xargs -0 -a "$list" "$WHOSAID" extract -j 1 --format jsonl 2> "$OUT/$name.stderr")
    read -r T_WALL u s T_RSS < "$OUT/time.txt"
    walls+=("$T_WALL")
    cpus+=("$(awk -v u="$u" -v s="$s" 'BEGIN {print u + s}')")
    [ "$T_RSS" -gt "$rss" ] && rss=$T_RSS
    h=$(sha256sum < "$OUT/$name.jsonl" | cut -c1-64)
    [ -z "$hash" ] || [ "$h" = "$hash" ] ||
      die "$name: output differs between runs ($hash, $h)"
    hash=$h
  done
  R_WALL=$(median "${walls[@]}")
  R_CPU=$(median "${cpus[@]}")
  R_RSS=$rss
  R_COUNT=$(wc -l < "$OUT/$name.jsonl")
  R_HASH=$hash
  R_WARN=$(grep -c '^whosaid: .*: byte [0-9]*: ' "$OUT/$name.stderr" || true)
  echo "bench: $name: $R_BYTES bytes, ${walls[*]} s, peak RSS $R_RSS KiB," \
    "$R_COUNT statements, $R_WARN warnings" >&2
}

big=$OUT/corpus-$BENCH_MB
small=$OUT/corpus-$BENCH_SMALL_MB

bench_whosaid "whosaid-$BENCH_MB" "$big/articles" "$big/files.lst"
B_BYTES=$R_BYTES B_WALL=$R_WALL B_CPU=$R_CPU B_RSS=$R_RSS B_COUNT=$R_COUNT B_HASH=$R_HASH
B_WARN=$R_WARN
bench_whosaid "whosaid-$BENCH_SMALL_MB" "$small/articles" "$small/files.lst"
S_BYTES=$R_BYTES S_WALL=$R_WALL S_RSS=$R_RSS S_COUNT=$R_COUNT S_HASH=$R_HASH

# The whole corpus as one document, stopped after ONE_DOC_TIMEOUT seconds
# (time that grows faster than the input shows here first).
O_BYTES=$(stat -c %s "$big/all.txt")
if /usr/bin/time -f '%e %U %S %M' -o "$OUT/time.txt" \
     timeout "$ONE_DOC_TIMEOUT" "$WHOSAID" extract -j 1 --max-document 1G --format jsonl "$big/all.txt" \
     > "$OUT/whosaid-one.jsonl" 2> "$OUT/whosaid-one.stderr"; then
  read -r O_WALL u s O_RSS < "$OUT/time.txt"
  O_COUNT=$(wc -l < "$OUT/whosaid-one.jsonl")
  O_MBPS=$(mbps "$O_BYTES" "$O_WALL")
  O_MBPS_TEXT=$(fmt "$O_MBPS") O_RSS_TEXT="$(mib "$O_RSS") MB"
else
  O_COUNT="" O_RSS_TEXT=""
  O_MBPS_TEXT="did not finish in $ONE_DOC_TIMEOUT s"
fi
echo "bench: one document: $O_BYTES bytes: $O_MBPS_TEXT MB/s" >&2

# The library alone (bench/bench.c): the same articles, already in memory,
# output hashed instead of written; built against the measured build.
L_STATUS="skipped: no libwhosaid_static.a beside $WHOSAID"
lib=$(dirname "$WHOSAID")/libwhosaid_static.a
if [ -f "$lib" ]; then
  ${CC:-cc} -std=c11 -O2 -Wall -Wextra -Werror -I"$root/include" "$here/bench.c" \
    "$lib" $(pkg-config --libs libxml-2.0 zlib libzstd libbrotlidec jansson liblz4) \
    -lpthread -lm -o "$OUT/bench" || die "cannot build bench/bench.c"
  "$OUT/bench" "$big/articles" "$big/files.lst" "$RUNS" > "$OUT/bench.json"
  read -r L_BYTES L_WALL L_COUNT L_CPU < <("$PY" -c '
import json, sys
r = json.load(open(sys.argv[1]))
print(r["bytes"], r["median"], r["statements"], r["cpu_median"])' "$OUT/bench.json")
  L_STATUS=ok
  echo "bench: library alone: $L_BYTES bytes, $L_WALL s, $L_CPU CPU s" >&2
fi

# The floor: wc -w over the same article files.
walls=()
for ((i = 1; i <= RUNS; i++)); do
  (cd "$big/articles" && LC_ALL=C timed "$OUT/wc.txt" xargs -0 -a "$big/files.lst" wc -w)
  read -r T_WALL u s T_RSS < "$OUT/time.txt"
  walls+=("$T_WALL")
done
W_WALL=$(median "${walls[@]}")
W_WORDS=$(awk '$2 == "total" {s += $1} END {print s}' "$OUT/wc.txt")

# compromise on the first COMPROMISE_MB MiB of articles, and whosaid on the
# same articles.
C_STATUS="skipped: bench/node_modules/compromise is missing (scripts/install-deps.sh installs it)"
if [ -d "$here/node_modules/compromise" ] && command -v node > /dev/null; then
  limit=$((COMPROMISE_MB << 20))
  "$PY" - "$big/files.lst" "$big/articles" "$limit" > "$OUT/sample.lst" <<'EOF'
import os, sys
names, total = [], 0
for n in open(sys.argv[1], "rb").read().split(b"\0"):
    if n and total < int(sys.argv[3]):
        names.append(n)
        total += os.path.getsize(os.path.join(sys.argv[2].encode(), n))
sys.stdout.buffer.write(b"".join(n + b"\0" for n in names))
EOF
  node "$here/compromise.mjs" "$big/articles" "$OUT/sample.lst" "$limit" \
    "$COMPROMISE_PASSES" > "$OUT/compromise.json"
  read -r C_ARTICLES C_BYTES C_QUOTES C_WALL < <("$PY" -c '
import json, sys
r = json.load(open(sys.argv[1]))
print(r["articles"], r["bytes"], r["quotes"], r["median"])' "$OUT/compromise.json")
  bench_whosaid whosaid-sample "$big/articles" "$OUT/sample.lst"
  P_BYTES=$R_BYTES P_WALL=$R_WALL P_COUNT=$R_COUNT
  P_DIRECT=$(grep -c '"kind":"direct"' "$OUT/whosaid-sample.jsonl" || true)
  C_STATUS=ok
fi

# ---- Report ------------------------------------------------------------------
B_MBPS=$(mbps "$B_BYTES" "$B_WALL")
S_MBPS=$(mbps "$S_BYTES" "$S_WALL")
W_MBPS=$(mbps "$B_BYTES" "$W_WALL")
nart() { tr -cd '\0' < "$1" | wc -c; }

cpu=$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)
mem=$(awk '/^MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo)
if [ -n "${BENCH_COMMIT:-}" ]; then
  commit=$BENCH_COMMIT # Set by whoever built WHOSAID elsewhere (a clean export).
else
  commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)
  if ! git -C "$root" diff --quiet HEAD -- src include cli data 2>/dev/null; then
    commit="$commit (with uncommitted changes to the engine)"
  fi
fi
cc=$(awk -F= '/^CMAKE_C_COMPILER:/ {print $2}' "$(dirname "$WHOSAID")/CMakeCache.txt" 2>/dev/null || true)
btype=$(awk -F= '/^CMAKE_BUILD_TYPE:/ {print $2}' "$(dirname "$WHOSAID")/CMakeCache.txt" 2>/dev/null || true)
ccver=$(${cc:-cc} --version 2>/dev/null | head -1 || true)
version=$("$WHOSAID" --version 2>/dev/null | head -1 || true)

report=$OUT/report.md
{
  echo "# Benchmark: speed and memory of \`whosaid extract\`"
  echo
  echo "Written by \`bench/run.sh\` (\`make bench\`); do not edit by hand."
  echo
  echo "- Command: \`$invoked\` (settings: RUNS=$RUNS, BENCH_MB=$BENCH_MB, BENCH_SMALL_MB=$BENCH_SMALL_MB, COMPROMISE_MB=$COMPROMISE_MB, COMPROMISE_PASSES=$COMPROMISE_PASSES; binary ${WHOSAID#"$root"/})"
  echo "- Date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "- Machine: $(nproc) cores ($cpu), $mem, $(uname -sr); load average $LOAD_BEFORE before the run, $(cut -d' ' -f1-3 /proc/loadavg) after (other work on the machine slows the wall-clock figures)"
  echo "- whosaid: ${version:-unknown version}, commit $commit, ${btype:-?} build with ${ccver:-?}"
  echo "- Corpus: PolNeAR training texts (\`data/train/text\`) repeated, one file per article: $(nart "$big/files.lst") articles, $B_BYTES bytes; the small corpus is the first $(nart "$small/files.lst") of them, $S_BYTES bytes."
  echo "- whosaid wrote $B_WARN warnings (unclosed quotation marks and the like) to stderr for the large corpus; they go to bench/out/*.stderr."
  echo "- MB is MiB (2^20 bytes). Times are wall-clock medians of $RUNS runs, single thread, of the whole process (reading files and writing JSONL included). Peak RSS is the largest over the runs (\`/usr/bin/time\`)."
  echo
  echo "| What | Input | MB/s | Peak RSS | Statements | Output SHA-256 |"
  echo "|---|---|---:|---:|---:|---|"
  echo "| whosaid, one document per article | $(mib $((B_BYTES / 1024))) MB | **$(fmt "$B_MBPS")** | $(mib "$B_RSS") MB | $B_COUNT | \`$B_HASH\` |"
  echo "| whosaid, one document per article | $(mib $((S_BYTES / 1024))) MB | $(fmt "$S_MBPS") | $(mib "$S_RSS") MB | $S_COUNT | \`$S_HASH\` |"
  echo "| whosaid, the whole corpus as one document (stress case, 1 run) | $(mib $((O_BYTES / 1024))) MB | $O_MBPS_TEXT | $O_RSS_TEXT | $O_COUNT | |"
  if [ "$L_STATUS" = ok ]; then
    echo "| libwhosaid alone (bench/bench.c: articles in memory, JSON hashed, not written) | $(mib $((L_BYTES / 1024))) MB | $(fmt "$(mbps "$L_BYTES" "$L_WALL")") | | $L_COUNT | |"
  fi
  echo "| \`wc -w\` (LC_ALL=C), the floor: $W_WORDS words | $(mib $((B_BYTES / 1024))) MB | $(fmt "$W_MBPS") | | | |"
  if [ "$C_STATUS" = ok ]; then
    C_MBPS=$(mbps "$C_BYTES" "$C_WALL")
    P_MBPS=$(mbps "$P_BYTES" "$P_WALL")
    echo "| compromise $(cd "$here" && node -p 'require("./node_modules/compromise/package.json").version') \`nlp(text).quotations()\`, per article ($COMPROMISE_PASSES pass, loop only) | $(mib $((C_BYTES / 1024))) MB, $C_ARTICLES articles | $(fmt "$C_MBPS") | | $C_QUOTES quotes | |"
    echo "| whosaid on the same articles (whole process) | $(mib $((P_BYTES / 1024))) MB | $(fmt "$P_MBPS") | | $P_COUNT ($P_DIRECT direct) | |"
  fi
  echo
  echo "Summary:"
  echo
  awk -v v="$B_MBPS" 'BEGIN {printf "- Speed: %.1f MB/s, target at least 50 MB/s: %s.\n", v, (v >= 50 ? "met" : "NOT met")}'
  awk -v v="$(mbps "$B_BYTES" "$B_CPU")" -v c="$B_CPU" 'BEGIN {printf "- Speed on CPU time (user + system, median, %.2f s): %.1f MB/s; the wall-clock figure also counts waiting for other work on the machine.\n", c, v}'
  if [ "$L_STATUS" = ok ]; then
    awk -v v="$(mbps "$L_BYTES" "$L_CPU")" -v c="$L_CPU" 'BEGIN {printf "- The library alone on CPU time (process CPU time of bench/bench.c, median, %.2f s): %.1f MB/s.\n", c, v}'
  fi
  awk -v v="$B_MBPS" -v w="$W_MBPS" 'BEGIN {printf "- Against `wc -w`: whosaid runs at %.2f times the speed of the floor.\n", (w > 0 ? v / w : 0)}'
  if [ "$C_STATUS" = ok ]; then
    awk -v v="$B_MBPS" -v c="$C_MBPS" 'BEGIN {r = (c > 0 ? v / c : 0); printf "- Against compromise: %.0f times faster (whosaid MB/s on the %s corpus over compromise MB/s), target at least 100x: %s.\n", r, "'"$BENCH_MB"' MB", (r >= 100 ? "met" : "NOT met")}'
  else
    echo "- Against compromise: $C_STATUS."
  fi
  prev=""
  if [ "$BENCH_REPORT" != "-" ] && [ -f "$BENCH_REPORT" ]; then
    prev=$(grep -o '`[0-9a-f]\{64\}`' "$BENCH_REPORT" | head -1 | tr -d '`' || true)
  fi
  if [ -z "$prev" ]; then
    echo "- Output: no earlier report to compare the output hash with."
  elif [ "$prev" = "$B_HASH" ]; then
    echo "- Output: the same as in the report this one replaces (same SHA-256)."
  else
    echo "- Output: DIFFERENT from the report this one replaces ($prev): the answers (or the corpus) changed since then."
  fi
  awk -v s="$S_RSS" -v b="$B_RSS" 'BEGIN {printf "- Peak memory: %.1f MB for the small corpus, %.1f MB for the large one (%.2fx for 4x the text): %s.\n", s / 1024, b / 1024, (s > 0 ? b / s : 0), (b <= s * 1.25 + 4096 ? "independent of corpus size" : "GROWS with the corpus")}'
} > "$report"

cat "$report"
if [ "$BENCH_REPORT" != "-" ]; then
  mkdir -p "$(dirname "$BENCH_REPORT")"
  # Sections other benchmarks appended (## headings, such as bench/warc.sh's)
  # are kept after this report.
  if [ -f "$BENCH_REPORT" ] && grep -q '^## ' "$BENCH_REPORT"; then
    { echo; sed -n '/^## /,$p' "$BENCH_REPORT"; } >> "$report"
  fi
  cp "$report" "$BENCH_REPORT"
  echo "bench: wrote $BENCH_REPORT" >&2
fi
