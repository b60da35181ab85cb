#!/usr/bin/env bash
# scale.sh: how whosaid scales out through Python and Dask (docs/scale.md).
#
# Builds a crawl-like corpus in bench/out/scale/: SCALE_FILES gzipped WARC
# files of SCALE_RECORDS real news pages each (default 8 of 400: a task of
# a few seconds, so that the runner's cost per task, a fork, a SHA-256, an
# fsync and a scheduler round trip, is as small a share of it as with
# CC-NEWS's files of about 1 GB, each minutes of work) (the article extraction
# benchmark's pages in ../shared, taken round after round, each behind its
# request record, as CC-NEWS stores them), then measures:
#   1. python -m whosaid.dask --local 1 and --local 2 (one thread a worker)
#      over the corpus, RUNS runs each: the median documents/s and decompressed
#      MiB/s of the compute phase (the runner's summary: from the first task
#      submitted to the last shard written, without the cluster's start),
#      and the ratio of 2 workers to 1; the CPU time of the tasks and of
#      every process of the job (/usr/bin/time over the driver counts the
#      scheduler, the nannies, the workers and the tasks' child processes),
#      from which an estimate of the ratio on two idle cores follows. The
#      concatenated shards of every run
#      must hash to the same SHA-256 as `whosaid extract --format jsonl`
#      over the same files, or the benchmark fails.
#   1b. the same job with GNU parallel over the CLI (docs/scale.md's
#      whosaid-shard recipe) with 1 and 2 jobs at a time (--sshlogin N/:),
#      checking the shards' hash and that --resume reruns nothing;
#   2. the binding's overhead per document against the CLI, on the first
#      WARC file (median of RUNS): the CLI writing JSONL; the binding
#      writing the same JSONL bytes (whosaid.iter_jsonl, the runner's route);
#      the binding giving dicts (whosaid.extract_file); and, on the plain
#      text of the golden articles, whosaid.extract() (ws_write_json + json
#      parsing) against the ws_statement struct route (Engine.extract_direct)
#      and against ws_extract alone.
#   3. threads: whosaid.iter_jsonl() over the corpus's files in a pool of 1
#      and of 2 threads (ctypes releases the GIL), documents/s and the ratio.
# Prints a Markdown report and puts it in docs/scale.md between the
# "scale:begin" and "scale:end" marks (SCALE_REPORT=- writes none).
#
# Environment: BUILD (build dir, default build), RUNS (3), SCALE_FILES (8),
# SCALE_RECORDS (400), PAGES (the pages folder), SCALE_REPORT (docs/scale.md),
# BENCH_COMMIT (the commit to report when BUILD was built from a clean
# export rather than this working tree), SCALE_REPORT_ONLY=1 (measure
# nothing: write the report of the last run again).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
BUILD=${BUILD:-build}
case $BUILD in /*) ;; *) BUILD=$root/$BUILD ;; esac
WHOSAID=$BUILD/whosaid
export WHOSAID_LIBRARY=${WHOSAID_LIBRARY:-$BUILD/libwhosaid.so}
export PYTHONPATH=$root/python${PYTHONPATH:+:$PYTHONPATH}
PY=/usr/bin/python3
RUNS=${RUNS:-3}
SCALE_FILES=${SCALE_FILES:-8}
SCALE_RECORDS=${SCALE_RECORDS:-400}
PAGES=${PAGES:-$root/../shared/data/article-extraction-benchmark/html}
SCALE_REPORT=${SCALE_REPORT:-$root/docs/scale.md}
work=$root/bench/out/scale
corpus=$work/corpus

for f in "$WHOSAID" "$WHOSAID_LIBRARY"; do
  [ -e "$f" ] || { echo "scale.sh: $f not found; build first (make)" >&2; exit 2; }
done
[ -d "$PAGES" ] || { echo "scale.sh: no pages folder $PAGES (../shared absent?)" >&2; exit 2; }

mkdir -p "$work"
stamp="$SCALE_FILES $SCALE_RECORDS $(ls "$PAGES" | wc -l)"
if [ "$(cat "$work/stamp" 2>/dev/null)" != "$stamp" ]; then
  rm -rf "$corpus"
  $PY "$root/tests/python/corpus.py" pages "$corpus" "$SCALE_FILES" "$SCALE_RECORDS" "$PAGES" >&2
  echo "$stamp" >"$work/stamp"
fi
mapfile -t files < <(ls "$corpus"/*.warc.gz)
if [ "${SCALE_REPORT_ONLY:-0}" != 1 ]; then
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

# The reference: the CLI over every file, one process.
want=$("$WHOSAID" extract --quiet --format jsonl "${files[@]}" | sha256sum | cut -d' ' -f1)

# 1. Dask, 1 and 2 workers, runs interleaved.
for r in $(seq "$RUNS"); do
  for n in 1 2; do
    out=$work/out-$n
    rm -rf "$out"
    /usr/bin/time -f "%U %S" -o "$work/time-$n-$r.txt" \
      $PY -m whosaid.dask --local "$n" --no-progress --out "$out" \
        --summary-json "$work/summary-$n-$r.json" "${files[@]}" 2>"$work/log-$n-$r.txt" ||
      { cat "$work/log-$n-$r.txt" >&2; exit 1; }
    got=$($PY - "$out" "${files[@]}" <<'EOF'
import hashlib, sys
from whosaid.dask import shard_name
h = hashlib.sha256()
for f in sys.argv[2:]:
    h.update(open("%s/%s" % (sys.argv[1], shard_name(f)), "rb").read())
print(h.hexdigest())
EOF
)
    if [ "$got" != "$want" ]; then
      echo "scale.sh: the shards of --local $n (run $r) differ from the CLI's output" >&2
      exit 1
    fi
  done
done

# 1b. The same job with GNU parallel over the CLI (docs/scale.md's recipe),
# 1 and 2 jobs at a time on this machine (--sshlogin N/:), when installed.
cat >"$work/whosaid-shard" <<'EOF'
#!/bin/sh
# whosaid-shard IN OUTDIR: the JSONL of IN as OUTDIR/<sha1 of IN>-<name>.jsonl.
name=$(printf %s "$1" | sha1sum | cut -c1-16)-$(basename "$1").jsonl
whosaid extract --quiet --jobs 1 --format jsonl "$1" >"$2/.$name.tmp" 2>"$2/.$name.err"
rc=$?
[ "$rc" -le 1 ] || exit "$rc"   # 2: cannot be opened: a failure, retried
mv "$2/.$name.err" "$2/$name.err" && mv "$2/.$name.tmp" "$2/$name"
EOF
chmod +x "$work/whosaid-shard"
: >"$work/parallel.txt"
if command -v parallel >/dev/null; then
  for r in $(seq "$RUNS"); do
    for n in 1 2; do
      out=$work/pout-$n
      rm -rf "$out" && mkdir -p "$out"
      t0=$(date +%s.%N)
      PATH=$(dirname "$WHOSAID"):$PATH parallel --will-cite --sshlogin "$n/:" \
        --joblog "$out/jobs.log" --resume --retries 3 --timeout 3600 \
        "$work/whosaid-shard" {} "$out" ::: "${files[@]}"
      t1=$(date +%s.%N)
      # --resume: a second run with the same log runs nothing.
      PATH=$(dirname "$WHOSAID"):$PATH parallel --will-cite --sshlogin "$n/:" \
        --joblog "$out/jobs.log" --resume "$work/whosaid-shard" {} "$out" ::: "${files[@]}"
      jobs=$(($(wc -l <"$out/jobs.log") - 1))
      got=$($PY - "$out" "${files[@]}" <<'EOF'
import hashlib, sys
from whosaid.dask import shard_name
h = hashlib.sha256()
for f in sys.argv[2:]:
    h.update(open("%s/%s" % (sys.argv[1], shard_name(f)), "rb").read())
print(h.hexdigest())
EOF
)
      [ "$got" = "$want" ] || { echo "scale.sh: GNU parallel's shards differ" >&2; exit 1; }
      [ "$jobs" = "${#files[@]}" ] || { echo "scale.sh: --resume reran jobs ($jobs)" >&2; exit 1; }
      echo "$n $t0 $t1" >>"$work/parallel.txt"
    done
  done
fi

# 2 and 3. The binding against the CLI, and threads.
$PY - "$WHOSAID" "$RUNS" "$work" "${files[0]}" "$root" "${files[@]}" <<'EOF' >"$work/binding.json"
import glob, json, os, statistics, subprocess, sys, time
from concurrent.futures import ThreadPoolExecutor
import whosaid

whosaid_bin, runs, work, warc, root = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]

def medians(fns):
    """Median seconds of each function, run RUNS rounds interleaved (one of
    each per round), so that a burst of load hits them alike."""
    times = {k: [] for k in fns}
    for _ in range(runs):
        for k, fn in fns.items():
            t = time.perf_counter(); fn(); times[k].append(time.perf_counter() - t)
    return {k: statistics.median(v) for k, v in times.items()}

docs = [d["text"] for d in whosaid.documents(warc)]
n_docs = len(docs)
golden = [open(p, "rb").read() for p in sorted(glob.glob(os.path.join(root, "tests/golden/*/*.txt")))]
golden = golden * max(1, 2000 // len(golden))
eng = whosaid.engine()
lib = whosaid._load()
files = sys.argv[6:]
def threaded(k):
    with ThreadPoolExecutor(k) as ex:
        list(ex.map(lambda f: sum(1 for _ in whosaid.iter_jsonl(f)), files))
empty = os.path.join(work, "empty.txt")
open(empty, "w").close()
m = medians({
    "cli": lambda: subprocess.run([whosaid_bin, "extract", "--quiet", "--jobs", "1",
                                   "--format", "jsonl", warc], stdout=subprocess.DEVNULL, check=True),
    "cli_start": lambda: subprocess.run([whosaid_bin, "extract", "--quiet", "--jobs", "1",
                                         "--format", "jsonl", empty], stdout=subprocess.DEVNULL,
                                        check=True),
    "jsonl": lambda: [b for b in whosaid.iter_jsonl(warc)],
    "dicts": lambda: list(whosaid.extract_file(warc)),
    "raw": lambda: [lib.ws_result_free(eng._extract(t, None)) for t in golden],
    "via_json": lambda: [eng.extract(t) for t in golden],
    "via_structs": lambda: [eng.extract_direct(t) for t in golden],
    "t1": lambda: threaded(1),
    "t2": lambda: threaded(2)})
print(json.dumps(dict(m, warc_docs=n_docs, golden_docs=len(golden),
                      golden_bytes=sum(map(len, golden)), thread_files=len(files))))
EOF
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
echo "$load_before" >"$work/load-before.txt"
echo "$load_after" >"$work/load-after.txt"
fi
load_before=$(cat "$work/load-before.txt")
load_after=$(cat "$work/load-after.txt")

report=$($PY - "$work" "$RUNS" "$load_before" "$load_after" "$root" "${files[@]}" <<'EOF'
import json, os, statistics, subprocess, sys
work, runs, lb, la, root = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
files = sys.argv[6:]
rows = {}
for n in (1, 2):
    ss = [json.load(open("%s/summary-%d-%d.json" % (work, n, r))) for r in range(1, runs + 1)]
    rate = statistics.median(s["documents"] / s["seconds"] for s in ss)
    mib = statistics.median(s["bytes_decoded"] / s["seconds"] / 2**20 for s in ss)
    busy = statistics.median(s["task_seconds"] / (n * s["seconds"]) for s in ss)
    cpu = statistics.median(s["documents"] / s["cpu_seconds"] for s in ss)
    trees = []
    for r in range(1, runs + 1):
        try:
            u, sy = open("%s/time-%d-%d.txt" % (work, n, r)).read().split()[-2:]
            trees.append(float(u) + float(sy))
        except (OSError, ValueError):
            pass
    tree = statistics.median(trees) if trees else float("nan")
    task_cpu = statistics.median(s["cpu_seconds"] for s in ss)
    rows[n] = (rate, mib, statistics.median(s["seconds"] for s in ss),
               statistics.median(s["total_seconds"] for s in ss), ss[0], busy, cpu,
               task_cpu, tree)
b = json.load(open("%s/binding.json" % work))
s = rows[1][4]  # The first run's summary: documents, bytes, statements.
size = sum(os.path.getsize(f) for f in files)
commit = os.environ.get("BENCH_COMMIT") or subprocess.run(
    ["git", "-C", root, "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
per = lambda t, n: 1e3 * t / n
out = []
w = out.append
w("Measured by `bench/scale.sh` (RUNS=%d) at %s, %s, %d cores (`nproc`); load average "
  "%s before, %s after (other work shares this machine)." % (runs, commit,
  subprocess.run(["date", "-u", "+%Y-%m-%d %H:%M UTC"], capture_output=True, text=True).stdout.strip(),
  os.cpu_count(), lb, la))
w("")
w("Corpus: %d gzipped WARC files, %.1f MiB stored, %.1f MiB decompressed, %d documents "
  "(real news pages), %d statements." % (len(files), size / 2**20,
  s["bytes_decoded"] / 2**20, s["documents"], s["statements"]))
w("")
w("| `python -m whosaid.dask` | documents/s | MiB/s decompressed | compute s | with cluster start s "
  "| workers busy | documents per CPU s | tasks CPU s | all processes CPU s |")
w("|---|---|---|---|---|---|---|---|---|")
for n in (1, 2):
    r = rows[n]
    w("| `--local %d` | %.0f | %.1f | %.2f | %.2f | %.0f%% | %.0f | %.2f | %.2f |"
      % (n, r[0], r[1], r[2], r[3], 100 * r[5], r[6], r[7], r[8]))
par = {}
for line in open("%s/parallel.txt" % work):
    n, t0, t1 = line.split()
    par.setdefault(int(n), []).append(float(t1) - float(t0))
for n in sorted(par):
    secs = statistics.median(par[n])
    w("| GNU parallel `--sshlogin %d/:` over the CLI | %.0f | %.1f | %.2f | | | | | |"
      % (n, s["documents"] / secs, s["bytes_decoded"] / secs / 2**20, secs))
w("")
w("2 workers / 1 worker: **%.2f×** (documents/s, median of %d runs). \"Workers busy\" is "
  "the time the tasks took (in their child processes) over workers × compute time: what the "
  "runner loses to scheduling, forking and the manifest; \"documents per CPU s\" counts the "
  "CPU time of the tasks, which other load on the machine does not inflate. Every run's "
  "shards, concatenated, hash to the SHA-256 of `whosaid extract --format jsonl` over the "
  "same files." % (rows[2][0] / rows[1][0], runs))
# What the CPU times say, whatever else runs on the machine: the tasks'
# CPU per document with 2 workers against 1 (two busy processes share the
# caches and the memory bus), the share of the compute time the workers
# spent in tasks, and the CPU of everything else the job runs (scheduler,
# nannies, workers' event loops, the driver, the cluster's start).
cpu_eff = rows[2][6] / rows[1][6]
est_eff = min(cpu_eff, 1.0)  # A cheaper document with 2 workers is noise: not counted.
busy_eff = rows[2][5] / rows[1][5]
w("")
w("From CPU time: a document cost %.1f%% %s CPU in a task with 2 workers than with 1 "
  "(%.0f against %.0f documents per CPU s); the workers were busy %.0f%% and %.0f%% of the "
  "compute time; the processes around the tasks (scheduler, nannies, workers, driver, with the "
  "cluster's start) used %.1f and %.1f CPU s besides the tasks' %.1f and %.1f. On two idle "
  "cores, 2 × the CPU ratio (at most 1) × the busy ratio estimates the speed-up at **%.2f×** "
  "(an estimate from CPU times, not a measured wall-clock ratio)."
  % (abs(100 * (1 / cpu_eff - 1)), "more" if cpu_eff < 1 else "less", rows[2][6], rows[1][6],
     100 * rows[1][5], 100 * rows[2][5], rows[1][8] - rows[1][7], rows[2][8] - rows[2][7],
     rows[1][7], rows[2][7], 2 * est_eff * busy_eff))
busy_load = float(lb.split()[0]) > os.cpu_count()
try:
    autogroup = open("/proc/sys/kernel/sched_autogroup_enabled").read().strip() == "1"
except OSError:
    autogroup = False
if busy_load:
    w("")
    w("**The machine was busy** (load %s on %d cores)%s: the documents/s and the ratio "
      "then measure the share of the CPUs the scheduler gave this benchmark, not the "
      "runner; the busy share and the documents per CPU second do not depend on it. "
      "The ratio needs idle cores: run it on a quiet machine." % (lb.split()[0], os.cpu_count(),
      ", and the kernel groups processes by session (`sched_autogroup_enabled` = 1), so "
      "the benchmark's session gets the same share of the CPUs with 2 workers as with 1"
      if autogroup else ""))
w("")
w("| binding against the CLI | ms/document | overhead ms/document |")
w("|---|---|---|")
d = b["warc_docs"]
cli = b["cli"] - b["cli_start"]
w("| CLI `extract --jobs 1 --format jsonl`, one WARC (%d documents), without its start "
  "(%.0f ms, an empty file) | %.2f | |" % (d, 1e3 * b["cli_start"], per(cli, d)))
w("| `whosaid.iter_jsonl` (same JSONL bytes; the runner's route) | %.2f | %+.2f |"
  % (per(b["jsonl"], d), per(b["jsonl"] - cli, d)))
w("| `whosaid.extract_file` (dicts) | %.2f | %+.2f |" % (per(b["dicts"], d), per(b["dicts"] - cli, d)))
g = b["golden_docs"]
w("| `ws_extract` alone, golden articles (%d documents, %.0f bytes each) | %.3f | |"
  % (g, b["golden_bytes"] / g, per(b["raw"], g)))
w("| `whosaid.extract` (library's JSON writer + `json.loads`) | %.3f | %+.3f |"
  % (per(b["via_json"], g), per(b["via_json"] - b["raw"], g)))
w("| `Engine.extract_direct` (reads the `ws_statement` structs) | %.3f | %+.3f |"
  % (per(b["via_structs"], g), per(b["via_structs"] - b["raw"], g)))
w("")
docs_all = s["documents"]
w("Threads: `whosaid.iter_jsonl` over the corpus's %d files (%d documents) in a pool of 1 "
  "thread: %.0f documents/s; of 2 threads: %.0f documents/s: **%.2f×** (one engine shared; "
  "ctypes releases the GIL during each library call)." % (b["thread_files"], docs_all,
  docs_all / b["t1"], docs_all / b["t2"], b["t1"] / b["t2"]))
# CC-NEWS, from the figures above: documents per CPU second of one worker
# (the task's own CPU time, so other load does not count) and the 2-worker
# efficiency; docs/scale.md states the assumptions.
articles = 1.35e9
cpu_rate = rows[1][6]
eff = rows[2][5]  # The runner's own efficiency: busy share of 2 workers.
core_hours = articles / cpu_rate / 3600
w("")
w("CC-NEWS (assumed %.3g articles, pages like these): %.0f documents per CPU second of a "
  "worker gives **%.0f core-hours**; with the runner's measured efficiency (2 workers busy "
  "%.0f%% of the time) and 16 "
  "worker processes a machine: %s. Input: %.0f KB of gzipped WARC a document, %.0f TB to "
  "read. Output: %.0f bytes of JSONL a document, %.1f TB in all."
  % (articles, cpu_rate, core_hours, 100 * min(eff, 1.0),
     ", ".join("%d machines %.1f h" % (m, core_hours / (16 * m * min(eff, 1.0)))
               for m in (1, 10, 50, 100)),
     size / s["documents"] / 1e3, articles * size / s["documents"] / 1e12,
     s["shard_bytes"] / s["documents"], articles * s["shard_bytes"] / s["documents"] / 1e12))
print("\n".join(out))
EOF
)
echo "$report"
if [ "$SCALE_REPORT" != "-" ] && [ -f "$SCALE_REPORT" ]; then
  $PY - "$SCALE_REPORT" "$report" <<'EOF'
import sys
path, report = sys.argv[1], sys.argv[2]
text = open(path).read()
begin, end = "<!-- scale:begin -->", "<!-- scale:end -->"
if begin in text and end in text:
    head, rest = text.split(begin, 1)
    tail = rest.split(end, 1)[1]
    open(path, "w").write(head + begin + "\n" + report + "\n" + end + tail)
EOF
fi
