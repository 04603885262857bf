#!/usr/bin/env python3
"""fuzz.py — run the system-call fuzzer (tests/fuzz/sysfuzz.c) on LevitateOS.

    python3 tests/harness/fuzz.py [--quick] [--seeds 1,2,3] [--calls N]
                                  [--threads T] [--smp N] [--timeout S] [--log FILE]
                                  [--verbose]

One boot runs `sysfuzz -s SEED -n CALLS` for each seed, then the first seed
again; with --threads T each seed's calls are made from T threads at once
(sysfuzz -t T), and the repeat of the first seed, which the leak check
compares, stays single-threaded (threads interleave differently each time).
It checks, each as a PASS/FAIL line:

- every run ends with status 0 and "done" (no unkillable child, the health
  probe after the run passed);
- the kernel log has no panic, failed CHECK, oops, BUG or WARNING line;
- the kernel does not hang: a run that prints nothing for --timeout seconds
  fails (QEMU is killed), naming the last batch the fuzzer logged;
- no memory leaks: with levitate.log_reaps the kernel logs its free page
  count (free + kernel caches) each time PID 1 reaps a child; the repeat
  of the first seed must end with the count the first run of it ended with
  (the first run warms the caches up), within --slack pages.

The fuzzer writes "sysfuzz: seed S batch from call I (replay: ...)" to
/dev/kmsg before each batch, so a failure names the command that replays it
(tools/lvrun build/fuzz/sysfuzz -s S -f I -n N -v prints each call).
--quick is what `make test` runs: fixed seeds, a bounded number of calls,
the replays in REGRESSIONS (the batches that once crashed the kernel) and
one run from four threads (QUICK_THREADED).
Ends with "N passed, N failed".
"""
import argparse
import os
import re
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lvharness as lv  # noqa: E402

FUZZER = os.path.join(lv.BUILD, "fuzz", "sysfuzz")
FREE_RE = re.compile(rb"init: reaped \d+, (\d+) pages free, (\d+) in kernel caches")
BAD_RE = re.compile(rb"KERNEL PANIC|CHECK failed|Oops|\bBUG\b|WARNING")
BATCH_RE = re.compile(rb"sysfuzz: seed \d+ batch from call \d+ \(replay: [^)]*\)")
# Batches that found a kernel bug, replayed by --quick after the seeds:
# (seed, first call, calls, what it found).
REGRESSIONS = [
    (12, 121180, 200, "execveat AT_EMPTY_PATH of a nameless file followed its empty path "
     "(tests/abi/execveat_empty_path_anon.c)"),
    (21, 422084, 3, "a timerfd with a 1 ns period re-armed itself from the timer interrupt and the CPU "
     "never left it (tests/abi/timerfd_tiny_interval.c)"),
    (11, 245285, 200, "madvise(0, ~0 & PAGE_MASK, MADV_DONTNEED) walked the range 2 MiB at a time, 2^43 "
     "steps (tests/abi/madvise_whole_space.c)"),
    (3, 90700, 184, "closing a ring cancelled an armed READ whose hard link queued the next request, "
     "left on the task list with the context and its ring pages: 2 pages a run (the leak check)"),
]
# --quick's run from several threads at once: (seed, first call, calls, threads).
QUICK_THREADED = (5, 0, 3000, 4)
SUMMARY_RE = re.compile(r"sysfuzz: (\d+) calls in ([\d.]+) s \((\d+) per second\)")


def parse_args():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="the bounded set make test runs")
    ap.add_argument("--seeds", default=None, help="comma-separated seeds (default 1,2,3)")
    ap.add_argument("--calls", type=int, default=None, help="calls per seed (default 100000, quick 6000)")
    ap.add_argument("--batch", type=int, default=200)
    ap.add_argument("--threads", type=int, default=1, help="threads per batch (sysfuzz -t)")
    ap.add_argument("--smp", type=int, default=1, help="CPUs the guest boots with")
    ap.add_argument("--timeout", type=int, default=None, help="seconds without output that mean a hang")
    ap.add_argument("--slack", type=int, default=0, help="pages a repeat may end below the first run")
    ap.add_argument("--mem", default="1G")
    ap.add_argument("--log", default=None, help="save the raw console stream here")
    ap.add_argument("--verbose", action="store_true")
    return ap.parse_args()


def main():
    args = parse_args()
    seeds = [int(s) for s in (args.seeds or "1,2,3").split(",")]
    calls = args.calls or (6000 if args.quick else 100000)
    if not os.path.exists(FUZZER):
        print("FAIL fuzz: %s missing (make fuzz builds it)" % FUZZER)
        print("0 passed, 1 failed")
        return 1
    # (seed, first call, calls, threads): the seeds, the regressions, the first seed again
    runs = [(s, 0, calls, args.threads) for s in seeds]
    if args.quick:
        runs += [(s, first, n, 1) for s, first, n, _ in REGRESSIONS]
        runs.append(QUICK_THREADED)
    runs.append((seeds[0], 0, calls, 1))
    if args.threads > 1:  # the leak check's pair: the first seed single-threaded twice
        runs.insert(len(runs) - 1, (seeds[0], 0, calls, 1))
    programs = [(FUZZER, ["/t/sysfuzz", "-s", str(s), "-f", str(first), "-n", str(n), "-b", str(args.batch),
                          "-t", str(t)]) for s, first, n, t in runs]
    # A run must finish in its share of time (the per-program timeout), and
    # print or log something every `silence` seconds: that is the
    # hang detector (a calm TCG guest makes a few hundred calls per second).
    timeout = max(120, calls // 50)
    silence = args.timeout or 300  # the fuzzer logs each batch of 200 calls: minutes of nothing is a hang
    log = open(args.log, "wb") if args.log else None
    out = {i: b"" for i in range(len(runs))}
    status, free, bad_lines = {}, {}, []
    last_free, last_batch, timed_out = None, None, None
    started = time.monotonic()
    with lv.Session("levitate", programs, program_timeout=timeout, silence_timeout=silence, boot_timeout=120, log=log,
                    qemu_opts=dict(mem=args.mem, smp=args.smp, append_extra="levitate.log_reaps")) as s:
        for ev in s.events():
            if ev.kind == "log":
                if args.verbose:
                    sys.stderr.buffer.write(ev.data + b"\n")
                m = FREE_RE.search(ev.data)
                if m:
                    last_free = int(m.group(1)) + int(m.group(2))
                b = BATCH_RE.search(ev.data)
                if b:
                    last_batch = b.group(0).decode()
                if BAD_RE.search(ev.data):
                    bad_lines.append((last_batch, ev.data.decode(errors="replace")))
                    if b"KERNEL PANIC" in ev.data:  # it halts: keep its backtrace, then stop
                        threading.Timer(5, s.kill).start()
            elif ev.kind == "output":
                out[ev.index] += ev.data
            elif ev.kind == "end":
                status[ev.index] = ev.status()
                free[ev.index] = last_free
            elif ev.kind == "timeout":
                timed_out = ev.index
    passed = failed = 0

    def result(ok, text):
        nonlocal passed, failed
        print(("PASS " if ok else "FAIL ") + text)
        if ok:
            passed += 1
        else:
            failed += 1

    for i, (seed, first_call, _, threads) in enumerate(runs):
        name = "fuzz/seed_%d%s%s%s" % (seed, "_from_%d" % first_call if first_call else "",
                                       "_threads_%d" % threads if threads > 1 else "",
                                       "_repeat" if i == len(runs) - 1 else "")
        text = out[i].decode(errors="replace")
        m = SUMMARY_RE.search(text)
        if i == timed_out:
            result(False, "%s: no end within %d s or nothing for %d s: hung kernel or fuzzer; last batch logged: %s" %
                   (name, timeout, silence, last_batch))
        elif i not in status:
            result(False, "%s: did not end (the kernel died?); last batch logged: %s" % (name, last_batch))
        elif status[i] != 0 or not text.endswith("done\n"):
            tail = "\n".join(text.splitlines()[-5:])
            result(False, "%s: status %s; last batch logged: %s\n%s" % (name, status[i], last_batch, tail))
        else:
            result(True, "%s: %s calls, %s per second" % (name, m.group(1) if m else "?", m.group(3) if m else "?"))
    if bad_lines:
        for batch, line in bad_lines[:10]:
            print("  kernel log: %s (after: %s)" % (line.strip(), batch))
    result(not bad_lines, "fuzz/kernel_log: %d panic, CHECK, oops, BUG or WARNING lines" % len(bad_lines))
    base = len(runs) - 2 if args.threads > 1 else 0  # the single-threaded run the repeat repeats
    first, last = free.get(base), free.get(len(runs) - 1)
    if first is None or last is None:
        result(False, "fuzz/no_leak: free page counts missing (first %s, repeat %s)" % (first, last))
    else:
        result(last + args.slack >= first,
               "fuzz/no_leak: seed %d ended with %d pages free or cached, its repeat with %d (%+d)" %
               (runs[0][0], first, last, last - first))
    print("fuzz: %d runs in %.0f s" % (len(runs), time.monotonic() - started))
    print("%d passed, %d failed" % (passed, failed))
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
