#!/usr/bin/python3
"""test_dask.py: tests of the Dask runner (python -m whosaid.dask) on a local
cluster of 2 workers, against the command-line tool.

Usage: test_dask.py WHOSAID CASE...     run cases (CTest runs each one)
       test_dask.py WHOSAID all         run every case
       test_dask.py WHOSAID --check-registered CASE...
                                        fail unless every case is listed
       test_dask.py --skip REASON ...   print why and exit 77 (skipped)

Each case builds a sharded corpus (tests/python/corpus.py) in a temporary
folder, runs the runner, and compares every shard byte for byte with what
`WHOSAID extract --format jsonl FILE` prints for its file, run here.
WHOSAID_LIBRARY (set by tests/python.cmake) names the library.
"""
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT / "python"))
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402
from whosaid.dask import MANIFEST, FAILURES, expand_inputs, shard_name  # noqa: E402

WHOSAID = None
CASES = {}
SKIP = 77


class Failure(Exception):
    """A check that did not hold."""


def case(fn):
    CASES[fn.__name__] = fn
    return fn


def check(cond, message):
    if not cond:
        raise Failure(message)


def env():
    """The environment of the runner and the workers: whosaid importable."""
    path = str(ROOT / "python")
    old = os.environ.get("PYTHONPATH")
    return dict(os.environ, PYTHONPATH=path + (os.pathsep + old if old else ""))


def runner(out, inputs, *options, wait=True):
    """Runs python -m whosaid.dask; returns (CompletedProcess, summary) or,
    with wait=False, the Popen."""
    summary = os.path.join(os.path.dirname(out), "summary.json")
    cmd = [sys.executable, "-m", "whosaid.dask", "--out", out, "--summary-json", summary,
           *options, *inputs]
    if not wait:
        return subprocess.Popen(cmd, env=env(), stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT)
    p = subprocess.run(cmd, env=env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       timeout=110)
    sys.stdout.write(p.stdout.decode("utf-8", "replace"))
    s = json.loads(Path(summary).read_text()) if os.path.exists(summary) else None
    return p, s


def compare_with_cli(out, files):
    """Checks each file's shard against the CLI's output for the file; also
    that the shards hold no other lines. Returns the statement count."""
    total = 0
    for f in files:
        cli = subprocess.run([WHOSAID, "extract", "--format", "jsonl", f],
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, timeout=110)
        shard = Path(out, shard_name(f))
        check(shard.exists(), "%s: no shard %s" % (f, shard.name))
        got = shard.read_bytes()
        if got != cli.stdout:
            a, b = got.splitlines(), cli.stdout.splitlines()
            diff = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
            raise Failure("%s: shard differs from the CLI at statement %d of %d/%d:\n"
                          "  shard %s\n  cli   %s" % (f, diff, len(a), len(b),
                                                      a[diff][:300] if diff < len(a) else "-",
                                                      b[diff][:300] if diff < len(b) else "-"))
        total += got.count(b"\n")
    shards = sorted(n for n in os.listdir(out) if n.endswith(".jsonl") and n not in
                    (MANIFEST, FAILURES))
    check(shards == sorted(shard_name(f) for f in files),
          "shards %s are not one per input" % shards)
    check(not [n for n in os.listdir(out) if ".tmp." in n], "temporary files left in %s" % out)
    return total


def manifest(out):
    lines = Path(out, MANIFEST).read_text().splitlines()
    return [json.loads(line) for line in lines]


@case
def local_equals_cli():
    """With --local 2 over a corpus of every format, each shard equals the
    CLI's output for its file; the manifest lists every file; a rerun skips
    them all; a changed file is done again, alone."""
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "corpus")
        corpus.mixed(src)
        corpus.text_files(os.path.join(src, "big"), 4, 0.25)
        # What a folder walk passes over, as the CLI's does.
        Path(src, "text", "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
        Path(src, ".hidden.txt").write_text('"Hidden," she said.\n')
        files = expand_inputs([src])
        out = os.path.join(tmp, "out")
        p, s = runner(out, [src], "--local", "2")
        check(p.returncode == 0, "exit status %d" % p.returncode)
        n = compare_with_cli(out, files)
        check(s["passed_over"] == {"hidden": 1, "binary": 1, "other": 0},
              "passed over %r" % s["passed_over"])
        # The shards in walk order are what the CLI prints for the folder.
        whole = subprocess.run([WHOSAID, "extract", "--format", "jsonl", src],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL).stdout
        check(b"".join(Path(out, shard_name(f)).read_bytes() for f in files) == whole,
              "the shards, in the runner's order, differ from `whosaid extract %s`" % src)
        check(s["files"] == len(files) and s["done"] == len(files) and s["failed"] == 0,
              "summary %r" % s)
        check(s["statements"] == n and n > 100, "summary says %d statements, shards hold %d"
              % (s["statements"], n))
        check(s["workers"] == 2, "%r workers" % s.get("workers"))
        m = manifest(out)
        check(sorted(e["input"] for e in m) == sorted(files), "manifest inputs")
        check(all(len(e["sha256"]) == 64 for e in m), "manifest without SHA-256")
        stamps = {f: os.stat(os.path.join(out, shard_name(f))).st_mtime_ns for f in files}
        p, s = runner(out, [src], "--local", "2")
        check(p.returncode == 0 and s["skipped"] == len(files) and s["done"] == 0,
              "rerun: %r" % s)
        changed = files[0]
        os.utime(changed, ns=(time.time_ns(), time.time_ns()))
        p, s = runner(out, [src], "--local", "1")  # One file to do: one worker.
        check(p.returncode == 0 and s["done"] == 1 and s["skipped"] == len(files) - 1,
              "rerun after a change: %r" % s)
        for f in files[1:]:
            check(os.stat(os.path.join(out, shard_name(f))).st_mtime_ns == stamps[f],
                  "%s was redone" % f)
        compare_with_cli(out, files)
        print("%d files, %d statements equal to the CLI's" % (len(files), n))


@case
def worker_killed():
    """A cluster started as on several machines (dask scheduler, two dask
    workers without nanny); one worker is killed with SIGKILL in the middle
    of the run; every shard is still whole and equal to the CLI's."""
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "corpus")
        files = corpus.text_files(src, 16, 1.5)
        out = os.path.join(tmp, "out")
        sched_file = os.path.join(tmp, "scheduler.json")
        procs = []
        try:
            procs.append(subprocess.Popen(
                [sys.executable, "-m", "distributed.cli.dask_scheduler", "--host", "127.0.0.1",
                 "--port", "0", "--no-dashboard", "--scheduler-file", sched_file],
                env=env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
            for _ in range(2):
                procs.append(subprocess.Popen(
                    [sys.executable, "-m", "distributed.cli.dask_worker", "--scheduler-file",
                     sched_file, "--nthreads", "1", "--no-nanny", "--no-dashboard",
                     "--local-directory", tmp],
                    env=env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
            run = runner(out, [src], "--scheduler-file", sched_file, wait=False)
            deadline = time.monotonic() + 60
            done_at_kill = None
            while time.monotonic() < deadline and run.poll() is None:
                path = os.path.join(out, MANIFEST)
                done = len(manifest(out)) if os.path.exists(path) else 0
                if done >= 1:
                    procs[1].send_signal(signal.SIGKILL)
                    done_at_kill = done
                    break
                time.sleep(0.02)
            output, _ = run.communicate(timeout=100)
            sys.stdout.write(output.decode("utf-8", "replace"))
            check(done_at_kill is not None and done_at_kill < len(files),
                  "the run ended before the kill (corpus too small?)")
            check(procs[1].wait(10) == -signal.SIGKILL, "the worker was not killed")
            check(run.returncode == 0, "exit status %d" % run.returncode)
            n = compare_with_cli(out, files)
            print("worker killed after %d of %d files; %d statements equal to the CLI's"
                  % (done_at_kill, len(files), n))
        finally:
            for p in procs:
                if p.poll() is None:
                    p.terminate()
            for p in procs:
                try:
                    p.wait(15)
                except subprocess.TimeoutExpired:
                    p.kill()


@case
def poison():
    """Inputs that fail every attempt, a dangling symbolic link (cannot be
    opened) and a FIFO nobody writes to (the attempt hangs until the
    timeout), named on the command line, are retried, then reported in the
    summary and in failures.jsonl, with exit status 1; every other file is
    done."""
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "corpus")
        corpus.mixed(src)
        good = expand_inputs([src])
        # In a folder, a FIFO and a dangling link are passed over, as the
        # CLI does; named on the command line they are inputs, and fail.
        os.mkfifo(os.path.join(src, "in-folder.fifo"))
        os.symlink(os.path.join(tmp, "nowhere"), os.path.join(src, "in-folder-link.txt"))
        dangling, fifo = os.path.join(tmp, "dangling.txt"), os.path.join(tmp, "stuck.txt")
        os.symlink(os.path.join(tmp, "nowhere"), dangling)
        os.mkfifo(fifo)
        out = os.path.join(tmp, "out")
        t0 = time.monotonic()
        p, s = runner(out, [src, dangling, fifo], "--local", "2", "--timeout", "2",
                      "--retries", "1")
        check(p.returncode == 1, "exit status %d, not 1" % p.returncode)
        failed = {f["input"]: f["error"] for f in s["failures"]}
        check(sorted(failed) == sorted([dangling, fifo]), "failures %r" % failed)
        check("FileNotFoundError" in failed[dangling], failed[dangling])
        check("no result after 2 s" in failed[fifo], failed[fifo])
        lines = [json.loads(x) for x in Path(out, FAILURES).read_text().splitlines()]
        check(sorted(x["input"] for x in lines) == sorted(failed), "failures.jsonl %r" % lines)
        text = p.stdout.decode()
        check("FAILED %s" % fifo in text and "FAILED %s" % dangling in text,
              "failures not reported")
        check(s["done"] == len(good) and s["passed_over"]["other"] == 2, "summary %r" % s)
        n = compare_with_cli(out, good)
        # Two attempts at 2 s each for the FIFO, and a cluster to start.
        print("%d statements equal to the CLI's; %d failures reported in %.1f s"
              % (n, len(failed), time.monotonic() - t0))


def main(argv):
    global WHOSAID
    if len(argv) >= 2 and argv[1] == "--skip":
        print("skipped: %s" % " ".join(argv[2:]))
        return SKIP
    if len(argv) < 3:
        sys.stderr.write(__doc__)
        return 2
    WHOSAID = os.path.abspath(argv[1])
    if argv[2] == "--check-registered":
        missing = sorted(set(CASES) - set(argv[3:]))
        for name in missing:
            print("FAIL: case %s is not registered in tests/python.cmake" % name)
        for name in sorted(set(argv[3:]) - set(CASES)):
            print("FAIL: tests/python.cmake names unknown case %s" % name)
        return 1 if missing or set(argv[3:]) - set(CASES) else 0
    names = list(CASES) if argv[2] == "all" else argv[2:]
    failed = 0
    for name in names:
        t0 = time.monotonic()
        try:
            CASES[name]()
            print("ok %s (%.1f s)" % (name, time.monotonic() - t0))
        except Exception as e:
            failed += 1
            print("FAIL %s: %s" % (name, e))
            if not isinstance(e, Failure):
                traceback.print_exc()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
