#!/usr/bin/env bash
# callgrind.sh: the instruction count of libwhosaid on a fixed set of
# articles, a measure that other work on the machine does not disturb (wall
# clock and even CPU time do on a shared machine).
#
#   bench/callgrind.sh [N]
#
# Takes the first N articles (default 400) of the 25 MiB benchmark corpus
# (bench/make_corpus.py, the same texts as bench/run.sh), builds bench/bench.c
# against the static library of the build (BUILD, default build; or LIB,
# another libwhosaid_static.a, to compare builds), runs it once under
# `valgrind --tool=callgrind`, and prints the instructions
# executed by the whole program, by ws_extract() and by ws_write_json(), per
# input byte, then the 25 functions with the most instructions of their own.
# Loading the files and the benchmark's output hash are counted in the first
# figure only. The callgrind file is bench/out/callgrind.out.
#
# Note: callgrind counts each byte that a `rep stosb`/`rep movsb` moves as
# one instruction, so large memset/memcpy calls look dearer than they are.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
BUILD=${BUILD:-build}
POLNEAR=${POLNEAR:-$here/../../shared/data/polnear}
N=${1:-400}
OUT=$here/out
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3

die() { echo "callgrind: $*" >&2; exit 1; }
command -v valgrind > /dev/null || die "valgrind is missing"
lib=${LIB:-$root/$BUILD/libwhosaid_static.a}
[ -f "$lib" ] || die "no $lib: run make first"

mkdir -p "$OUT"
"$PY" "$here/make_corpus.py" "$POLNEAR/data/train/text" "$OUT/corpus-25" 25 > /dev/null
"$PY" - "$OUT/corpus-25/files.lst" "$N" > "$OUT/callgrind.lst" <<'EOF'
import sys
names = [n for n in open(sys.argv[1], "rb").read().split(b"\0") if n][: int(sys.argv[2])]
sys.stdout.buffer.write(b"".join(n + b"\0" for n in names))
EOF
${CC:-cc} -std=c11 -O2 -g -Wall -Wextra -Werror -I"$root/include" "$here/bench.c" "$lib" \
  $(pkg-config --libs libxml-2.0 zlib libzstd libbrotlidec jansson liblz4) -lpthread -lm \
  -o "$OUT/bench-callgrind" || die "cannot build bench/bench.c"
rm -f "$OUT/callgrind.out"
valgrind --tool=callgrind --dump-instr=no --callgrind-out-file="$OUT/callgrind.out" \
  "$OUT/bench-callgrind" "$OUT/corpus-25/articles" "$OUT/callgrind.lst" 1 \
  > "$OUT/callgrind.json" 2> "$OUT/callgrind.err" || die "valgrind failed: $OUT/callgrind.err"
bytes=$("$PY" -c 'import json, sys; print(json.load(open(sys.argv[1]))["bytes"])' "$OUT/callgrind.json")
total=$(awk '/Collected :/ {print $NF}' "$OUT/callgrind.err")
inclusive() {
  callgrind_annotate --inclusive=yes "$OUT/callgrind.out" 2> /dev/null |
    awk -v f="$1" '!done && index($0, f) {gsub(",", "", $1); print $1; done = 1}'
}
extract=$(inclusive "api.c:ws_extract ")
json=$(inclusive "api.c:ws_write_json ")
echo "articles: $N, bytes: $bytes, commit $(git -C "$root" rev-parse --short HEAD 2> /dev/null || echo unknown)"
awk -v t="$total" -v x="${extract:-0}" -v j="${json:-0}" -v b="$bytes" 'BEGIN {
  printf "instructions: %d in all (%.1f per byte)\n", t, t / b
  printf "  ws_extract: %d (%.1f per byte)\n", x, x / b
  printf "  ws_write_json: %d (%.1f per byte, the benchmark sink included)\n", j, j / b
}'
echo "top functions (instructions of their own):"
callgrind_annotate "$OUT/callgrind.out" 2> /dev/null |
  awk '/file:function/ {on = 1; next} on && NF && n < 25 {print; n++}'
