#!/usr/bin/python3
"""pipeline_sim.py: the speed-up -j N would have on N idle cores, from a
trace of a -j 1 run.

    WHOSAID_PIPELINE_TRACE=trace.txt build/whosaid extract -q -j 1 FILE > /dev/null
    bench/pipeline_sim.py trace.txt [-j 2,4,8] [--serial-scale F]

The trace has one line a record: the CPU seconds of reading it (gzip,
WARC, HTTP, copying it into a job: the serial part, one worker at a time),
of working on it (document and statements, in parallel) and of writing it.
The simulation follows cli/pipeline.c: each of N workers takes the reading
lock in turn (first come, first served), reads, releases it, works, and
writes; a record can be read only when the ring of 4N+4 jobs has room, that
is when the record 4N+4 places before it has been written; records are
written in input order. (The byte budget of the ring is left out: it binds
only for records of megabytes.) The figures depend on the CPU time of each
part, not on the machine's load, so they say what the pipeline's design
costs, apart from what two busy cores cost each other (shared caches,
memory, the hypervisor), which only a run on idle cores shows.

--serial-scale F keeps only the fraction F of each record's reading
serial and moves the rest to its work: what moving decompression out of
the lock would give.
"""
import argparse


def simulate(trace, n):
    """Returns the time -j n takes on n idle cores for the trace."""
    cap = 4 * n + 4
    ready = [0.0] * n  # When each worker next wants the reading lock.
    lock_free = 0.0
    written = []  # When each record has been written (in order).
    end = 0.0
    for k, (read, work, write) in enumerate(trace):
        i = min(range(n), key=lambda w: ready[w])
        start = max(ready[i], lock_free)
        if k >= cap:
            start = max(start, written[k - cap])
        lock_free = start + read
        done = lock_free + work
        written.append(max(done, written[-1] if written else 0.0) + write)
        ready[i] = done + write
        end = max(end, ready[i])
    return end


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("trace")
    ap.add_argument("-j", default="2,4,8", help="worker counts, comma-separated")
    ap.add_argument("--serial-scale", type=float, default=1.0)
    a = ap.parse_args()
    trace = []
    with open(a.trace) as f:
        for line in f:
            r, w, c = map(float, line.split()[:3])
            s = r * a.serial_scale
            trace.append((s, w + r - s, c))
    total = sum(r + w + c for r, w, c in trace)
    serial = sum(r for r, _, _ in trace)
    print("%d records, %.3f CPU s, serial (reading) %.3f s = %.1f%%"
          % (len(trace), total, serial, 100 * serial / total))
    for n in (int(x) for x in a.j.split(",")):
        t = simulate(trace, n)
        print("-j %d: %.3f s on %d idle cores, %.3fx -j 1 (%.2fx if reading overlapped no work)"
              % (n, t, n, total / t, 1 / (serial / total + (1 - serial / total) / n)))


if __name__ == "__main__":
    main()
