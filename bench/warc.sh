#!/usr/bin/env bash
# warc.sh: end-to-end speed of `whosaid extract` on gzip-compressed WARC
# archives, the way CC-NEWS is read: WARC.gz in, statements (JSONL) out.
#
# Builds two corpora in bench/out/warc/ (not committed), each replicated
# until it holds at least WARC_MB MiB of uncompressed WARC:
#   - samples: the well-formed archives of ../shared/data/warc-samples
#     (web pages of many kinds, request, metadata and revisit records,
#     EUC-JP pages), their gzip members concatenated;
#   - news: the 181 news pages of ../shared/data/article-extraction-benchmark
#     wrapped as WARC/1.1 response records, one gzip member each, as in
#     CC-NEWS (skipped when that folder is absent);
# then measures in one run, for each corpus, `whosaid extract -q -j 1` and
# `-j 2` (RUNS runs each, alternating; median wall-clock time): MiB/s of uncompressed
# WARC, CPU time (user + system), peak RSS, the speed-up of -j 2 over -j 1,
# and the SHA-256 of the output, which must be the same for every run and
# every -j (else the benchmark fails). `whosaid text -j 1` on the same
# corpus tells reading and HTML extraction from the statement engine.
# A control, "2 x extract -j 1", runs two `-j 1` processes at once on the
# same file: its speed-up (twice the -j 1 time over the time both take)
# is what the machine gives two busy cores, whatever the pipeline does, so
# -j 2 can be judged against it. The CPU time reading takes with -j 1 (the
# serial part: one worker reads at a time) is given as a share of the
# whole, and bench/pipeline_sim.py turns the trace of one -j 1 run
# (WHOSAID_PIPELINE_TRACE) into the -j 2 speed-up on two idle cores.
# Finally, unless WARC_BIG_MB is 0, one archive of WARC_BIG_MB MiB (default
# 1024) is read with -j 2 to show that peak RSS does not grow with the input.
# Prints a Markdown section and appends it, with the command, date, machine,
# load and commit, to docs/bench.md.
#
# Environment: BUILD (build dir, default build), WHOSAID (the binary),
# WARC_SAMPLES, ARTICLES (the data folders), WARC_MB (256), RUNS (3),
# WARC_BIG_MB (1024; 0 skips), BENCH_REPORT (docs/bench.md; "-" writes
# none), BENCH_COMMIT (the commit to report for a binary built elsewhere).
# MiB is 2^20 bytes.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
BUILD=${BUILD:-build}
WHOSAID=${WHOSAID:-$root/$BUILD/whosaid}
WARC_SAMPLES=${WARC_SAMPLES:-$root/../shared/data/warc-samples}
ARTICLES=${ARTICLES:-$root/../shared/data/article-extraction-benchmark}
WARC_MB=${WARC_MB:-256}
RUNS=${RUNS:-3}
WARC_BIG_MB=${WARC_BIG_MB:-1024}
BENCH_REPORT=${BENCH_REPORT:-$root/docs/bench.md}
OUT=$here/out/warc
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3

die() { echo "warc.sh: $*" >&2; exit 1; }

[ -x "$WHOSAID" ] || die "no $WHOSAID: build first (or set BUILD / WHOSAID)"
[ -x /usr/bin/time ] || die "/usr/bin/time is missing: run scripts/install-deps.sh"
[ -d "$WARC_SAMPLES" ] || die "no WARC samples in $WARC_SAMPLES (set WARC_SAMPLES)"
WHOSAID=$(cd "$(dirname "$WHOSAID")" && pwd)/$(basename "$WHOSAID")
mkdir -p "$OUT"
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)

# The well-formed sample archives (the truncated, clipped and deliberately
# broken ones are left to the tests).
SAMPLE_FILES="chatnoir-eu_chatnoir-resiliparse/warcfile.warc.gz
chatnoir-eu_chatnoir-resiliparse/clueweb-quirk.warc.gz
iipc_jwarc/cc.warc.gz
iipc_warc-specifications/20130729-heritrix-original.warc.gz
iipc_warc-specifications/20130729-heritrix-revisit-with-http-headers.warc.gz
iipc_warc-specifications/20141129-heritrix-original.warc.gz
iipc_warc-specifications/hello-world.warc.gz
webrecorder_warcio/example.warc.gz
webrecorder_warcio/example-resource.warc.gz"

# Writes the news corpus unit: every page of $ARTICLES/html as a WARC/1.1
# response record, one gzip member each, to $1.
make_news_unit() {
  "$PY" - "$ARTICLES/html" "$1" <<'EOF'
import gzip, hashlib, os, sys, uuid
src, dst = sys.argv[1], sys.argv[2]
with open(dst, "wb") as out:
    for name in sorted(os.listdir(src)):
        path = os.path.join(src, name)
        raw = open(path, "rb").read()
        html = gzip.decompress(raw) if name.endswith(".gz") else raw
        key = name.split(".")[0]
        http = (b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
                b"Content-Length: %d\r\n\r\n" % len(html)) + html
        rid = uuid.UUID(hashlib.md5(key.encode()).hexdigest())
        head = ("WARC/1.1\r\nWARC-Type: response\r\n"
                f"WARC-Record-ID: <urn:uuid:{rid}>\r\n"
                "WARC-Date: 2024-01-01T00:00:00Z\r\n"
                f"WARC-Target-URI: https://news.example/{key}\r\n"
                "Content-Type: application/http; msgtype=response\r\n"
                f"Content-Length: {len(http)}\r\n\r\n").encode()
        out.write(gzip.compress(head + http + b"\r\n\r\n", 6))
EOF
}

# Concatenates copies of the unit $1 into $2 until it holds at least $3 MiB
# uncompressed; prints the uncompressed size in bytes.
replicate() {
  local unit=$1 dst=$2 mb=$3
  local unit_bytes copies
  unit_bytes=$(gzip -dc "$unit" | wc -c)
  copies=$(( (mb * 1048576 + unit_bytes - 1) / unit_bytes ))
  : > "$dst"
  for _ in $(seq "$copies"); do cat "$unit" >> "$dst"; done
  echo $(( unit_bytes * copies ))
}

# Runs "$@" under /usr/bin/time with stdout to $OUT/run.out; prints
# "wall user sys maxrss_kb sha256".
measure() {
  /usr/bin/time -f "%e %U %S %M" -o "$OUT/time.txt" "$@" > "$OUT/run.out" 2> "$OUT/run.err" ||
    [ $? -eq 1 ] || { cat "$OUT/run.err" >&2; die "failed: $*"; }
  local sum
  sum=$(sha256sum < "$OUT/run.out" | cut -c1-16)
  echo "$(cat "$OUT/time.txt") $sum"
}

# Runs two copies of "$@" at once, each under /usr/bin/time, outputs to
# $OUT/run.out and $OUT/run2.out; prints "wall cpu_per_copy maxrss_kb
# sha256" (wall: the later of the two to end; the hashes must agree).
measure_pair() {
  /usr/bin/time -f "%e %U %S %M" -o "$OUT/time2.txt" "$@" > "$OUT/run2.out" 2> "$OUT/run2.err" &
  local pid=$! rc=0
  /usr/bin/time -f "%e %U %S %M" -o "$OUT/time.txt" "$@" > "$OUT/run.out" 2> "$OUT/run.err" || rc=$?
  wait "$pid" || [ $? -eq 1 ] || die "failed: $*"
  [ "$rc" -le 1 ] || { cat "$OUT/run.err" >&2; die "failed: $*"; }
  local a b
  a=$(sha256sum < "$OUT/run.out" | cut -c1-16)
  b=$(sha256sum < "$OUT/run2.out" | cut -c1-16)
  [ "$a" = "$b" ] || die "two copies of $* wrote different output"
  awk -v s="$a" '{w = $1 > w ? $1 : w; c += $2 + $3; m = $4 > m ? $4 : m}
    END {printf "%s %s 0 %s %s\n", w, c / 2, m, s}' "$OUT/time.txt" "$OUT/time2.txt"
}

# Median of the numbers on stdin.
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

ROWS=""
MODES="extract:1 extract:2 pair:1 text:1"
# Benchmarks one corpus: $1 name, $2 file, $3 uncompressed bytes. The runs
# of the modes alternate (run 1 of each, then run 2 of each...), so that a
# change in the machine's load touches every mode alike.
bench_corpus() {
  local name=$1 file=$2 bytes=$3 mib hash="" j1="" line mode run
  mib=$(awk -v b="$bytes" 'BEGIN {printf "%.1f", b / 1048576}')
  declare -A walls cpus rss sums stmts stages
  for run in $(seq "$RUNS"); do
    for mode in $MODES; do
      local cmd=${mode%:*} jobs=${mode#*:}
      if [ "$cmd" = pair ]; then
        read -r wall user sys maxrss sum <<< "$(measure_pair "$WHOSAID" extract -q -j 1 "$file")"
      elif [ "$mode" = extract:1 ] && [ "$run" = 1 ]; then
        # Run 1 of -j 1 also writes the trace for bench/pipeline_sim.py.
        read -r wall user sys maxrss sum <<< "$(measure env WHOSAID_PIPELINE_TRACE="$OUT/trace.txt" "$WHOSAID" "$cmd" -q --stats -j "$jobs" "$file")"
      else
        read -r wall user sys maxrss sum <<< "$(measure "$WHOSAID" "$cmd" -q --stats -j "$jobs" "$file")"
      fi
      [ -n "${sum:-}" ] || die "$name: whosaid $cmd -j $jobs failed"
      if [ "$cmd" = extract ]; then
        stages[$run:$jobs]=$(sed -n 's/^whosaid: CPU seconds: reading \([0-9.]*\), documents and statements \([0-9.]*\), writing \([0-9.]*\)$/\1 \2 \3/p' "$OUT/run.err")
      fi
      walls[$mode]+="$wall"$'\n'
      cpus[$mode]+="$(awk -v u="$user" -v s="$sys" 'BEGIN {print u + s}')"$'\n'
      [ "$maxrss" -gt "${rss[$mode]:-0}" ] && rss[$mode]=$maxrss
      [ -z "${sums[$mode]:-}" ] || [ "${sums[$mode]}" = "$sum" ] ||
        die "$name $cmd -j $jobs: output differs between runs"
      sums[$mode]=$sum
      stmts[$mode]=$([ "$cmd" != text ] && wc -l < "$OUT/run.out" || echo "-")
    done
  done
  [ "${sums[extract:1]}" = "${sums[extract:2]}" ] || die "$name: -j 2 output differs from -j 1"
  for mode in $MODES; do
    local cmd=${mode%:*} jobs=${mode#*:} wall cpu speed per_cpu scale="-"
    wall=$(printf '%s' "${walls[$mode]}" | median)
    cpu=$(printf '%s' "${cpus[$mode]}" | median)
    speed=$(awk -v b="$bytes" -v w="$wall" 'BEGIN {printf "%.1f", b / 1048576 / w}')
    per_cpu=$(awk -v b="$bytes" -v c="$cpu" 'BEGIN {printf "%.1f", b / 1048576 / c}')
    [ "$mode" = extract:1 ] && j1=$wall
    [ "$mode" = extract:2 ] && scale=$(awk -v a="$j1" -v b="$wall" 'BEGIN {printf "%.2fx", a / b}')
    local what="whosaid $cmd -j $jobs"
    if [ "$mode" = pair:1 ]; then
      # Two copies: twice the bytes in the wall time; CPU per copy.
      what="2 x whosaid extract -j 1 (control)"
      speed=$(awk -v b="$bytes" -v w="$wall" 'BEGIN {printf "%.1f", 2 * b / 1048576 / w}')
      scale=$(awk -v a="$j1" -v b="$wall" 'BEGIN {printf "%.2fx", 2 * a / b}')
    fi
    line="| $name ($mib MiB) | $what | $wall | $speed | $cpu | $per_cpu | $scale | $((${rss[$mode]} / 1024)) | ${stmts[$mode]} | ${sums[$mode]} |"
    echo "$line"
    ROWS+="$line"$'\n'
  done
  # The CPU time of each stage at -j 1 and -j 2 (from --stats, run 1):
  # reading is done by one worker at a time, so -j 2 on two idle cores can
  # be at most total / max(reading, total / 2) faster; and at most 2 / (the
  # CPU ratio of -j 2 to -j 1) faster.
  read -r r_cpu w_cpu o_cpu <<< "${stages[1:1]}"
  read -r r2_cpu w2_cpu o2_cpu <<< "${stages[1:2]}"
  local c1 c2
  c1=$(printf '%s' "${cpus[extract:1]}" | median)
  c2=$(printf '%s' "${cpus[extract:2]}" | median)
  local cp sim
  cp=$(printf '%s' "${cpus[pair:1]}" | median)
  sim=$("$PY" "$here/pipeline_sim.py" "$OUT/trace.txt" -j 2 | sed -n 's/^-j 2: .* cores, \([0-9.]*x\) -j 1.*/\1/p')
  NOTES+="- $name, CPU seconds by stage (whosaid --stats, run 1): -j 1 reading (gzip, WARC, HTTP) $r_cpu, documents and statements $w_cpu, writing $o_cpu (reading, the serial part, is $(awk -v r="$r_cpu" -v w="$w_cpu" -v o="$o_cpu" 'BEGIN {printf "%.1f%%", 100 * r / (r + w + o)}') of the CPU time); -j 2 reading $r2_cpu, documents and statements $w2_cpu, writing $o2_cpu. The reading share bounds the -j 2 speed-up on two idle cores at $(awk -v r="$r_cpu" -v w="$w_cpu" -v o="$o_cpu" 'BEGIN {t = r + w + o; m = r > t / 2 ? r : t / 2; printf "%.2fx", t / m}'); -j 2 used $(awk -v a="$c1" -v b="$c2" 'BEGIN {printf "%.3f", b / a}') times the CPU seconds of -j 1 (medians), which bounds it at $(awk -v a="$c1" -v b="$c2" 'BEGIN {printf "%.2fx", 2 * a / b}'); each of two -j 1 processes at once used $(awk -v a="$c1" -v b="$cp" 'BEGIN {printf "%.3f", b / a}') times the CPU seconds of -j 1 alone. bench/pipeline_sim.py on the trace of run 1 of -j 1 (the pipeline's scheme on two idle cores, whatever the load): -j 2 at ${sim:-?} -j 1."$'\n'
}
NOTES=""

echo "building corpora in $OUT ..." >&2
units=""
for f in $SAMPLE_FILES; do units+=" $WARC_SAMPLES/$f"; done
# shellcheck disable=SC2086
cat $units > "$OUT/samples-unit.warc.gz"
SAMPLES_BYTES=$(replicate "$OUT/samples-unit.warc.gz" "$OUT/samples.warc.gz" "$WARC_MB")
NEWS_BYTES=""
if [ -d "$ARTICLES/html" ]; then
  make_news_unit "$OUT/news-unit.warc.gz"
  NEWS_BYTES=$(replicate "$OUT/news-unit.warc.gz" "$OUT/news.warc.gz" "$WARC_MB")
fi

HEADER="| corpus | command | wall s (median of $RUNS) | MiB/s | CPU s | MiB per CPU s | -j 2 speed-up | peak RSS MiB | statements | output SHA-256 |
|---|---|---|---|---|---|---|---|---|---|"
echo "$HEADER"
bench_corpus samples "$OUT/samples.warc.gz" "$SAMPLES_BYTES"
[ -z "$NEWS_BYTES" ] || bench_corpus news "$OUT/news.warc.gz" "$NEWS_BYTES"

BIG_LINE=""
if [ "$WARC_BIG_MB" != 0 ]; then
  big_unit="$OUT/samples-unit.warc.gz"
  [ -z "$NEWS_BYTES" ] || big_unit="$OUT/news-unit.warc.gz"
  BIG_BYTES=$(replicate "$big_unit" "$OUT/big.warc.gz" "$WARC_BIG_MB")
  read -r wall user sys maxrss sum <<< "$(measure "$WHOSAID" extract -q -j 2 "$OUT/big.warc.gz")"
  BIG_LINE="One archive of $(awk -v b="$BIG_BYTES" 'BEGIN {printf "%.0f", b / 1048576}') MiB uncompressed ($(du -m "$OUT/big.warc.gz" | cut -f1) MiB gzip, $(basename "$big_unit" -unit.warc.gz) pages), \`whosaid extract -q -j 2\`: $wall s, $(awk -v b="$BIG_BYTES" -v w="$wall" 'BEGIN {printf "%.1f", b / 1048576 / w}') MiB/s, peak RSS $((maxrss / 1024)) MiB."
  echo "$BIG_LINE"
  rm -f "$OUT/big.warc.gz"
fi
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

[ "$BENCH_REPORT" = "-" ] && exit 0
commit=${BENCH_COMMIT:-$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)}
dirty=""
[ -n "${BENCH_COMMIT:-}" ] || git -C "$root" diff --quiet HEAD -- src cli include 2>/dev/null ||
  dirty=" (with uncommitted changes in src/, cli/ or include/)"
cpu=$(grep -m1 "model name" /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')
{
  echo
  echo "## WARC end to end (bench/warc.sh), $(date -u +%Y-%m-%d) at $commit$dirty"
  echo
  echo "Command: \`WARC_MB=$WARC_MB RUNS=$RUNS WARC_BIG_MB=$WARC_BIG_MB bench/warc.sh\`;"
  echo "machine: $cpu, $(nproc) cores; load average $LOAD_BEFORE before, $LOAD_AFTER after"
  echo "(other work shared the machine, so wall-clock figures are noisy; CPU"
  echo "seconds are steadier). MiB/s counts uncompressed WARC bytes per second of"
  echo "wall-clock time; MiB per CPU s per second of user + system time (the"
  echo "per-core figure). -j 1 runs in one thread; -j N runs N worker threads"
  echo "that take turns reading and writing. The output hash is the same for"
  echo "-j 1 and -j 2."
  echo
  echo "$HEADER"
  printf '%s' "$ROWS"
  echo
  printf '%s' "$NOTES"
  if [ -n "$BIG_LINE" ]; then echo; echo "$BIG_LINE"; fi
} >> "$BENCH_REPORT"
echo "appended to $BENCH_REPORT" >&2
