"""whosaid over a Dask distributed cluster: one task per input file.

    python -m whosaid.dask --local 2 --out out/ corpus/
    python -m whosaid.dask --scheduler tcp://HOST:8786 --out out/ CC-NEWS-*.warc.gz

Each input file (a folder stands for the files under it) is one task: a
worker runs the library over the file's documents (any input format) and
writes their statements as one JSONL shard, out/<hash>-<name>.jsonl, whose
lines are those `whosaid extract --format jsonl FILE` prints for the file.
A shard is written to a temporary file and renamed into place, so a shard
that exists is whole. The driver (this process) appends a line to
out/manifest.jsonl for each finished shard, with the input's size,
modification time and SHA-256 and the options; a rerun skips the inputs
whose entry still matches. A task that fails (an exception, a crash of the
library, no answer within --timeout seconds) is retried --retries times by
Dask, then reported in the summary and in out/failures.jsonl while the other
files go on. Before the first task every worker loads the library, so that
a worker that cannot is named at once. The exit status is 0 when every file
was done, 1 when some failed, 2 for a usage error or workers (or this
process) that cannot load the library.

Each attempt runs in a child process forked by the worker, so that a crash
(a signal) or a hang inside the C library costs that attempt only: the
worker kills the child at the timeout and stays up. A worker that dies
outright (killed, out of memory) has its tasks moved to other workers by
the scheduler.

Paths are handed to the workers as given: on several machines give paths
every worker can open (a shared file system), and start the workers with
PYTHONPATH (and WHOSAID_LIBRARY) set so that they can import whosaid.
"""
import argparse
import errno
import hashlib
import json
import os
import select
import signal
import stat
import sys
import time

import whosaid

MANIFEST = "manifest.jsonl"
FAILURES = "failures.jsonl"
TMP_MARK = ".tmp."
# Record errors kept per file for the report.
MAX_ERRORS_KEPT = 10

# ---- What a worker runs -------------------------------------------------------


def shard_name(path):
    """The deterministic shard name of an input path: a hash of its absolute
    path (so that equal base names in different folders differ) and its base
    name (so that a person can tell which shard is which)."""
    absolute = os.path.abspath(path)
    digest = hashlib.sha1(os.fsencode(absolute)).hexdigest()[:16]
    base = "".join(c if c.isalnum() or c in "-_." else "_" for c in os.path.basename(absolute))
    return "%s-%s.jsonl" % (digest, base[:80] or "input")


def sha256_file(path):
    """The SHA-256 of a file's bytes, in hex."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def process_file(path, out_dir, shard, engine_options, reader_options):
    """Writes the shard of one input file and returns what the manifest
    records about it. Raises on failure (the input cannot be opened, read or
    written; it changed while being read), leaving no partial shard."""
    t0, cpu0 = time.monotonic(), time.process_time()
    before = os.stat(path)
    digest = sha256_file(path)
    final = os.path.join(out_dir, shard)
    tmp = os.path.join(out_dir, ".%s%s%d" % (shard, TMP_MARK, os.getpid()))
    stats, errors = {}, []
    keep = lambda e: len(errors) < MAX_ERRORS_KEPT and errors.append(str(e))
    try:
        with open(tmp, "wb") as out:
            for blob in whosaid.iter_jsonl(path, on_error=keep, engine_options=engine_options,
                                           stats=stats, **reader_options):
                out.write(blob)
            out.flush()
            os.fsync(out.fileno())
            size = out.tell()
        after = os.stat(path)
        if (after.st_size, after.st_mtime_ns) != (before.st_size, before.st_mtime_ns):
            raise RuntimeError("%s changed while it was read" % path)
        os.replace(tmp, final)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    reader = stats.get("reader", {})
    return {"input": path, "shard": shard,
            "size": before.st_size, "mtime_ns": before.st_mtime_ns, "sha256": digest,
            "documents": stats["documents"], "statements": stats["statements"],
            "errors": stats["errors"], "error_messages": errors,
            "skips": reader.get("skips", {}), "bytes_decoded": reader.get("bytes_decoded", 0),
            "shard_bytes": size, "seconds": round(time.monotonic() - t0, 3),
            "cpu_seconds": round(time.process_time() - cpu0, 3)}


def _die_with_parent():
    """Asks Linux to kill this process when the thread that forked it dies
    (a killed worker), so that no orphan keeps working."""
    try:
        import ctypes
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except Exception:
        pass


def _child(fn, args, w):
    """In the forked child: runs fn(*args), writes its result (or the error)
    as JSON to the pipe w, exits."""
    code = 0
    try:
        _die_with_parent()
        payload = {"ok": fn(*args)}
    except BaseException as e:  # Everything is reported to the parent.
        payload, code = {"error": "%s: %s" % (type(e).__name__, e)}, 1
    try:
        data = json.dumps(payload).encode()
        while data:
            data = data[os.write(w, data):]
    finally:
        os._exit(code)


class WorkersBroken(Exception):
    """Workers cannot load the binding or the library."""


class TaskTimeout(Exception):
    """A file gave no result within the time limit."""


class TaskFailed(Exception):
    """A file's task failed; the message says why."""


def _collect(pid, r, timeout, what):
    """Reads the child's answer from pipe r within timeout seconds (None:
    no limit) and reaps it. Returns the result or raises."""
    deadline = None if not timeout else time.monotonic() + timeout
    chunks = []
    while True:
        left = None if deadline is None else max(0.0, deadline - time.monotonic())
        ready, _, _ = select.select([r], [], [], left)
        if not ready:
            raise TaskTimeout("%s: no result after %g s" % (what, timeout))
        data = os.read(r, 1 << 16)
        if not data:
            break
        chunks.append(data)
    _, status = os.waitpid(pid, 0)
    if os.WIFSIGNALED(status):
        raise TaskFailed("%s: the process crashed (signal %d)" % (what, os.WTERMSIG(status)))
    try:
        payload = json.loads(b"".join(chunks))
    except ValueError:
        raise TaskFailed("%s: the process exited with status %d and no result"
                         % (what, os.WEXITSTATUS(status)))
    if "error" in payload:
        raise TaskFailed(payload["error"])
    return payload["ok"]


def run_isolated(fn, args, timeout, what):
    """Runs fn(*args) in a forked child process and returns its result
    (JSON-able); raises TaskTimeout after timeout seconds (the child is
    killed), TaskFailed when it raised or crashed."""
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(r)
        _child(fn, args, w)
    os.close(w)
    reaped = False
    try:
        result = _collect(pid, r, timeout, what)
        reaped = True
        return result
    except TaskFailed:
        reaped = True
        raise
    finally:
        os.close(r)
        if not reaped:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)


def warm_up(engine_options):
    """Run on every worker before the first task: loads the library and
    makes the engine, so that a worker that cannot is reported at once (as
    "version" or an error message) and the tasks do not pay for it."""
    try:
        whosaid.engine(**engine_options)
        return "whosaid %s (%s)" % (whosaid.version(), whosaid.library_path())
    except Exception as e:  # Reported by the driver, worker by worker.
        return "error: %s: %s" % (type(e).__name__, e)


def run_file(path, out_dir, shard, engine_options, reader_options, timeout):
    """The Dask task of one input file: process_file() in a child process."""
    whosaid.engine(**engine_options)  # Made once per worker, before forking.
    return run_isolated(process_file, (path, out_dir, shard, engine_options, reader_options),
                        timeout, path)


# ---- The driver ------------------------------------------------------------------


# Signatures of binary files a folder walk passes over, as `whosaid extract
# DIR` does (cli/walk.c): images, PDF, archives, executables, fonts, media.
_BINARY_SIGNATURES = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"%PDF", b"PK\x03\x04",
                      b"\x7fELF", b"\x04\x22\x4d\x18", b"BZh", b"\xfd7zXZ",
                      b"7z\xbc\xaf", b"RIFF", b"OggS", b"wOFF", b"wOF2",
                      b"SQLite format 3", b"ID3", b"\x1a\x45\xdf\xa3", b"\xca\xfe\xba\xbe")
# Deepest folder nesting walked, as the CLI's.
_MAX_DEPTH = 128


def looks_binary(head):
    """True when the first bytes of a file say it is not text, HTML, JSON
    lines or a (compressed) WARC: the CLI's test, so that a folder gives the
    runner the files it gives `whosaid extract`."""
    if head.startswith(_BINARY_SIGNATURES):
        return True
    if head.startswith((b"\x1f\x8b", b"\x28\xb5\x2f\xfd", b"\xff\xfe", b"\xfe\xff")):
        return False  # gzip, zstd (the reader looks inside); UTF-16 text.
    if len(head) >= 12 and head[4:8] == b"ftyp":
        return True  # MP4, QuickTime, HEIF.
    return b"\0" in head


def _walk(folder, ancestors, files, skipped):
    """Appends the files under folder to files, in byte order of their
    names, subfolders in their place; counts what is passed over (hidden
    names, binary files, and other: links that lead nowhere or back up,
    devices, FIFOs) in skipped."""
    try:
        names = sorted(os.listdir(folder), key=os.fsencode)
    except OSError:
        files.append(folder)  # The task will say why it cannot be read.
        return
    for name in names:
        if name.startswith("."):
            skipped["hidden"] += 1
            continue
        path = os.path.join(folder, name)
        try:
            st = os.stat(path)
        except OSError as e:
            if e.errno in (errno.ENOENT, errno.ELOOP):  # A dangling or looping link.
                skipped["other"] += 1
            else:
                files.append(path)  # The task will say why it cannot be read.
            continue
        if stat.S_ISDIR(st.st_mode):
            key = (st.st_dev, st.st_ino)
            if key in ancestors or len(ancestors) >= _MAX_DEPTH:
                skipped["other"] += 1
            else:
                _walk(path, ancestors + [key], files, skipped)
        elif not stat.S_ISREG(st.st_mode):
            skipped["other"] += 1
        else:
            try:
                with open(path, "rb") as f:
                    binary = looks_binary(f.read(4096))
            except OSError:
                binary = False
            if binary:
                skipped["binary"] += 1
            else:
                files.append(path)


def expand_inputs(args, skipped=None):
    """The input files of the command line in order, each once: a folder
    stands for the files under it as `whosaid extract DIR` reads them
    (recursively, in byte order of names, without hidden names, binary
    files, FIFOs and dangling links, which are counted in skipped); a file
    named on the command line is an input whatever it is."""
    skipped = skipped if skipped is not None else {}
    for k in ("hidden", "binary", "other"):
        skipped.setdefault(k, 0)
    seen, files = set(), []
    for arg in args:
        found = []
        if os.path.isdir(arg):
            st = os.stat(arg)
            _walk(arg, [(st.st_dev, st.st_ino)], found, skipped)
        else:
            found = [arg]
        for f in found:
            key = os.path.abspath(f)
            if key not in seen:
                seen.add(key)
                files.append(f)
    return files


def read_manifest(out_dir):
    """The manifest's entries by absolute input path (the last one wins); a
    torn last line (a driver killed while writing) is ignored."""
    entries = {}
    try:
        with open(os.path.join(out_dir, MANIFEST), "rb") as f:
            for line in f:
                try:
                    e = json.loads(line)
                    entries[e["abspath"]] = e
                except (ValueError, KeyError, TypeError):
                    continue
    except FileNotFoundError:
        pass
    return entries


def is_finished(entry, path, out_dir, options, verify):
    """True when the manifest entry still describes path and its shard:
    same size, modification time (and SHA-256 with verify) and options,
    and the shard is there with its recorded size."""
    if not entry or entry.get("options") != options:
        return False
    try:
        st = os.stat(path)
        shard = os.stat(os.path.join(out_dir, entry["shard"]))
    except OSError:
        return False
    if (st.st_size, st.st_mtime_ns) != (entry["size"], entry["mtime_ns"]):
        return False
    if shard.st_size != entry.get("shard_bytes"):
        return False
    return not verify or sha256_file(path) == entry["sha256"]


def remove_stale_temporaries(out_dir):
    """Removes temporary shards left by attempts that were killed."""
    for name in os.listdir(out_dir):
        if name.startswith(".") and TMP_MARK in name:
            try:
                os.unlink(os.path.join(out_dir, name))
            except OSError:
                pass


def human(n):
    """1234567 -> "1.2M"."""
    for unit in ("", "k", "M", "G", "T"):
        if abs(n) < 1000 or unit == "T":
            return ("%d%s" if unit == "" else "%.1f%s") % (n, unit)
        n /= 1000.0


class Progress:
    """A one-line progress bar on standard error, redrawn at most ten times
    a second; silent when disabled."""

    def __init__(self, total, enabled):
        self.total, self.enabled = total, enabled
        self.done = self.failed = self.documents = self.statements = self.bytes = 0
        self.start = time.monotonic()
        self.last = 0.0

    def update(self, force=False):
        """Redraws the bar (at most every 0.1 s unless force)."""
        now = time.monotonic()
        if not self.enabled or (not force and now - self.last < 0.1):
            return
        self.last = now
        finished = self.done + self.failed
        frac = finished / self.total if self.total else 1.0
        width = 24
        bar = "#" * int(frac * width) + "." * (width - int(frac * width))
        secs = max(now - self.start, 1e-9)
        rate = self.bytes / secs / (1 << 20)
        eta = ""
        if 0 < frac < 1:
            eta = "  ETA %ds" % (secs / frac - secs)
        sys.stderr.write("\r[%s] %d/%d files  %s docs  %s statements  %.1f MiB/s%s%s\x1b[K"
                         % (bar, finished, self.total, human(self.documents),
                            human(self.statements), rate,
                            "  %d failed" % self.failed if self.failed else "", eta))
        sys.stderr.flush()

    def close(self):
        """Draws the bar a last time and ends its line."""
        if self.enabled:
            self.update(force=True)
            sys.stderr.write("\n")


def size_arg(text):
    """A size such as 512K, 64M or 1G (1024s), for argparse."""
    units = {"": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30}
    t = text.strip().upper()
    unit = t[-1:] if t[-1:] in units and t[-1:] else ""
    try:
        n = int(t[:-1] if unit else t)
    except ValueError:
        raise argparse.ArgumentTypeError("not a size: %r (use a number, K, M or G)" % text)
    if n < 0:
        raise argparse.ArgumentTypeError("a size cannot be negative: %r" % text)
    return n * units[unit]


def parse_args(argv):
    """The command line's options; exits with status 2 on a usage error."""
    p = argparse.ArgumentParser(
        prog="python -m whosaid.dask",
        description="Run whosaid over input files on a Dask cluster: one task and one "
        "JSONL shard per file, a manifest that makes a rerun skip finished files, "
        "retries, a progress bar and a summary.")
    where = p.add_mutually_exclusive_group(required=True)
    where.add_argument("--scheduler", metavar="ADDR", help="a running scheduler, "
                       "such as tcp://HOST:8786")
    where.add_argument("--scheduler-file", metavar="FILE",
                       help="the file `dask scheduler --scheduler-file` wrote")
    where.add_argument("--local", metavar="N", type=int,
                       help="start a local cluster of N worker processes")
    p.add_argument("--threads", type=int, default=1, metavar="N",
                   help="threads per worker of --local (default 1)")
    p.add_argument("--out", required=True, metavar="DIR", help="folder of the shards")
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="files or folders")
    p.add_argument("--format", default="auto", choices=sorted(whosaid.FORMATS),
                   help="input format (default: detected)")
    for f in ("text", "html", "id", "url", "date", "title"):
        p.add_argument("--%s-field" % f, metavar="NAME", help="JSONL field of the %s" % f)
    p.add_argument("--max-document", type=size_arg, default=0, metavar="SIZE",
                   help="skip documents larger than SIZE once decompressed (K, M, G count "
                   "1024s; default: the library's 64M)")
    p.add_argument("--no-indirect", action="store_true", help="direct quotes only")
    p.add_argument("--model", action="store_true", help="add the learned tagger")
    p.add_argument("--no-model", action="store_true", help="never use the learned tagger")
    p.add_argument("--all-attributions", action="store_true")
    p.add_argument("--keep-unattributed", action="store_true")
    p.add_argument("--retries", type=int, default=2,
                   help="attempts after the first for a failing file (default 2)")
    p.add_argument("--timeout", type=float, default=3600, metavar="SECONDS",
                   help="time limit of one attempt at one file (default 3600; 0: none)")
    p.add_argument("--wait-workers", type=float, default=600, metavar="SECONDS",
                   help="how long to wait for a first worker (default 600)")
    p.add_argument("--force", action="store_true", help="ignore the manifest: redo all")
    p.add_argument("--verify", action="store_true",
                   help="skip a finished file only when its SHA-256 still matches")
    p.add_argument("--progress", dest="progress", action="store_true", default=None,
                   help="draw the progress bar (default: when stderr is a terminal)")
    p.add_argument("--no-progress", dest="progress", action="store_false")
    p.add_argument("--summary-json", metavar="FILE", help="also write the summary as JSON")
    args = p.parse_args(argv)
    if args.model and args.no_model:
        p.error("--model and --no-model contradict each other")
    if args.local is not None and args.local < 1:
        p.error("--local needs at least 1 worker")
    return args


def options_of(args):
    """(engine options, reader options) of the command line."""
    model = True if args.model else False if args.no_model else None
    engine = {"indirect": not args.no_indirect, "model": model,
              "all_attributions": args.all_attributions,
              "keep_unattributed": args.keep_unattributed}
    reader = {"format": args.format}
    if args.max_document:
        reader["max_document"] = args.max_document
    for f in ("text", "html", "id", "url", "date", "title"):
        v = getattr(args, "%s_field" % f)
        if v is not None:
            reader["%s_field" % f] = v
    return engine, reader


def connect(args):
    """A distributed Client for the command line's cluster (and the local
    cluster to close, or None)."""
    from distributed import Client, LocalCluster
    import logging
    if args.local:
        cluster = LocalCluster(n_workers=args.local, threads_per_worker=args.threads,
                               processes=True, dashboard_address=None,
                               silence_logs=logging.ERROR)
        return Client(cluster), cluster
    if args.scheduler_file:
        return Client(scheduler_file=args.scheduler_file), None
    return Client(args.scheduler), None


def append_line(f, obj):
    """Appends one JSON line to an open file and pushes it to the disk."""
    f.write(json.dumps(obj, sort_keys=True) + "\n")
    f.flush()
    os.fsync(f.fileno())


def submit_all(client, todo, args, engine, reader):
    """Submits one task per file, biggest first (their order of start),
    and returns {future: path}."""
    futures = {}
    ranked = sorted(todo, key=lambda f: -_size(f))
    for rank, path in enumerate(ranked):
        shard = shard_name(path)
        fut = client.submit(run_file, path, args.out, shard, engine, reader, args.timeout,
                            key="whosaid-%s" % shard, retries=args.retries, pure=False,
                            priority=len(ranked) - rank)
        futures[fut] = path
    return futures


def _size(path):
    """A file's size, 0 when it cannot be told (the task will say why)."""
    try:
        return os.stat(path).st_size
    except OSError:
        return 0


def run(args):
    """The whole job; returns the summary dict."""
    from distributed import as_completed
    engine, reader = options_of(args)
    options = {"engine": engine, "reader": reader}
    os.makedirs(args.out, exist_ok=True)
    remove_stale_temporaries(args.out)
    passed_over = {}
    files = expand_inputs(args.inputs, passed_over)
    manifest = {} if args.force else read_manifest(args.out)
    todo = [f for f in files
            if not is_finished(manifest.get(os.path.abspath(f)), f, args.out, options,
                               args.verify)]
    summary = {"files": len(files), "skipped": len(files) - len(todo), "done": 0,
               "failed": 0, "documents": 0, "statements": 0, "record_errors": 0,
               "bytes": 0, "bytes_decoded": 0, "task_seconds": 0.0, "cpu_seconds": 0.0,
               "shard_bytes": 0, "passed_over": passed_over,
               "failures": [], "errors": []}
    show = sys.stderr.isatty() if args.progress is None else args.progress
    progress = Progress(len(todo), show and bool(todo))
    t_start = time.monotonic()
    client, cluster = connect(args) if todo else (None, None)
    try:
        if todo:
            client.wait_for_workers(1, timeout=args.wait_workers)
            summary["workers_start"] = len(client.scheduler_info()["workers"])
            broken = {w: r for w, r in client.run(warm_up, engine).items()
                      if r.startswith("error")}
            if broken:
                raise WorkersBroken("whosaid.dask: workers cannot run whosaid (set PYTHONPATH and "
                                 "WHOSAID_LIBRARY for them):\n" +
                                 "\n".join("  %s: %s" % kv for kv in sorted(broken.items())))
        t0 = time.monotonic()
        progress.start = t0
        with open(os.path.join(args.out, MANIFEST), "a") as man, \
                open(os.path.join(args.out, FAILURES), "w") as fail:
            futures = submit_all(client, todo, args, engine, reader) if todo else {}
            for fut in as_completed(list(futures)) if futures else ():
                path = futures[fut]
                if fut.status == "finished":
                    # The driver's absolute path: the manifest's key on rerun.
                    entry = dict(fut.result(), options=options, abspath=os.path.abspath(path))
                    append_line(man, entry)
                    summary["done"] += 1
                    for k in ("documents", "statements"):
                        summary[k] += entry[k]
                    summary["record_errors"] += entry["errors"]
                    summary["errors"] += ["%s" % m for m in entry["error_messages"]]
                    summary["bytes"] += entry["size"]
                    summary["bytes_decoded"] += entry["bytes_decoded"]
                    summary["task_seconds"] += entry["seconds"]
                    summary["cpu_seconds"] += entry["cpu_seconds"]
                    summary["shard_bytes"] += entry["shard_bytes"]
                    progress.done += 1
                    progress.documents += entry["documents"]
                    progress.statements += entry["statements"]
                    progress.bytes += entry["size"]
                else:
                    exc = fut.exception()
                    failure = {"input": path, "error": "%s: %s" % (type(exc).__name__, exc),
                               "attempts": args.retries + 1}
                    if type(exc).__name__ == "KilledWorker":
                        # Not retries: the workers running it died (Dask's
                        # distributed.scheduler.allowed-failures times).
                        failure["attempts"] = None
                    append_line(fail, failure)
                    summary["failures"].append(failure)
                    summary["failed"] += 1
                    progress.failed += 1
                fut.release()
                progress.update()
        summary["seconds"] = round(time.monotonic() - t0, 3)
        if client is not None:
            summary["workers"] = len(client.scheduler_info()["workers"])  # At the end.
    finally:
        progress.close()
        if client is not None:
            client.close()
        if cluster is not None:
            cluster.close()
    remove_stale_temporaries(args.out)
    summary["total_seconds"] = round(time.monotonic() - t_start, 3)
    return summary


def print_summary(s, out=sys.stderr):
    """Prints the summary of a run, a line a fact, failures last."""
    secs = s.get("seconds") or 0
    mib = s["bytes"] / (1 << 20)
    w = lambda msg: out.write("whosaid.dask: " + msg + "\n")
    w("%d files: %d done, %d skipped (finished before), %d failed"
      % (s["files"], s["done"], s["skipped"], s["failed"]))
    over = s.get("passed_over", {})
    if any(over.values()):
        w("passed over in folders: %s" % ", ".join("%d %s" % (v, k) for k, v in
                                                   sorted(over.items()) if v))
    w("%d documents, %d statements, %d unreadable records"
      % (s["documents"], s["statements"], s["record_errors"]))
    if secs:
        w("%.1f MiB in %.2f s on %d workers (%d at the end): %.2f MiB/s, %.0f documents/s "
          "(%.2f s with cluster start)" % (mib, secs, s.get("workers_start", 0),
                                           s.get("workers", 0), mib / secs,
                              s["documents"] / secs, s["total_seconds"]))
    for e in s["errors"][:20]:
        w("record error: %s" % e)
    for f in s["failures"]:
        tries = "%d attempts" % f["attempts"] if f["attempts"] else "its workers died"
        w("FAILED %s after %s: %s" % (f["input"], tries, f["error"]))


def main(argv=None):
    """The command; returns the exit status (0 all done, 1 some failed, 2
    usage or no library, 130 interrupted)."""
    args = parse_args(sys.argv[1:] if argv is None else argv)
    try:
        whosaid.version()  # A clear error now rather than on every worker.
    except whosaid.LibraryNotFound as e:
        sys.stderr.write("%s\n" % e)
        return 2
    try:
        summary = run(args)
    except WorkersBroken as e:
        sys.stderr.write("%s\n" % e)
        return 2
    except KeyboardInterrupt:
        sys.stderr.write("\nwhosaid.dask: interrupted; finished shards are in the manifest\n")
        return 130
    print_summary(summary)
    if args.summary_json:
        with open(args.summary_json, "w") as f:
            json.dump(summary, f, indent=1, sort_keys=True)
            f.write("\n")
    return 1 if summary["failed"] else 0


if __name__ == "__main__":
    # Run the module as whosaid.dask, not __main__, so that the tasks it
    # submits are found by name on the workers.
    import whosaid.dask as _self
    sys.exit(_self.main())
