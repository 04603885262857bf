#!/usr/bin/env python3
"""bench/run.py — compare LevitateOS with Linux on boot time and benchmarks.

    python3 bench/run.py [--rounds R] [--timeout S] [--json FILE] [BENCH_DIR]

BENCH_DIR (default build/bench) holds static binaries built from
bench/src/*.c; it must contain "hello", which runs first in every boot.
Each round boots Linux and LevitateOS once each (the order alternates
between rounds) with all the programs in one initramfs and measures:

  boot_to_first_output_s  QEMU start until hello's first output byte
  boot_to_poweroff_s      QEMU start until QEMU exits after power-off
  <name>                  every "RESULT <name> <value>" line a program prints

Lower is better for all of them. The table shows medians over the rounds
that succeeded and the ratio LevitateOS/Linux (< 1: LevitateOS is faster).
A run that fails is reported as such, never as a number. See bench/README.md.
"""

import argparse
import json
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "tests", "harness"))
import lvharness as lv  # noqa: E402

KERNELS = ["linux", "levitate"]
BOOT_METRICS = ["boot_to_first_output_s", "boot_to_poweroff_s"]


class Samples:
    """Values and failures of every metric on one kernel."""

    def __init__(self):
        self.values = {}    # metric -> [float]
        self.failures = {}  # metric -> [str]
        self.order = []     # metrics in the order first seen

    def _see(self, metric):
        if metric not in self.order:
            self.order.append(metric)

    def add(self, metric, value):
        self._see(metric)
        self.values.setdefault(metric, []).append(value)

    def fail(self, metric, why):
        self._see(metric)
        self.failures.setdefault(metric, []).append(why)


def parse_results(out):
    """[(name, value)] from "RESULT name value" lines; malformed lines raise."""
    results = []
    for line in out.decode(errors="replace").splitlines():
        if line.startswith("RESULT "):
            _, name, value = line.split()
            results.append((name, float(value)))
    return results


def program_failure(out, end):
    if end is None:
        return "did not finish"
    if end.how != "exit" or end.code != 0:
        return "ended with %s %d" % (end.how, end.code)
    if not out.endswith(b"done\n"):
        return "output does not end with 'done'"
    return None


def boot_once(kernel, programs, names, timeout, samples, known):
    """Boot kernel once, run all programs, add what was measured to samples."""
    outs = [bytearray() for _ in programs]
    ends = [None] * len(programs)
    first_output = qemu_exit = None
    problem = None
    try:
        with lv.Session(kernel, programs, program_timeout=timeout,
                        boot_timeout=timeout) as s:
            for e in s.events():
                if e.kind == "output" and e.index is not None and 0 <= e.index < len(outs):
                    if e.index == 0 and first_output is None:
                        first_output = e.time - s.start_time
                    outs[e.index] += e.data
                elif e.kind == "end" and 0 <= e.index < len(ends):
                    ends[e.index] = e
                elif e.kind == "timeout":
                    problem = "timed out"
                elif e.kind == "error":
                    problem = "runner: " + e.data.decode(errors="replace")
                elif e.kind == "exit":
                    qemu_exit = (e.code, e.time - s.start_time)
            if problem is None and qemu_exit[0] != 0:
                problem = s.qemu_stderr() or "QEMU exited with %d" % qemu_exit[0]
    except lv.HarnessError as e:
        problem = str(e)
    record_boot(samples, first_output, qemu_exit, ends, problem)
    for i, name in enumerate(names):
        record_program(samples, name, bytes(outs[i]), ends[i], problem, known)


def record_boot(samples, first_output, qemu_exit, ends, problem):
    if first_output is None:
        samples.fail(BOOT_METRICS[0], problem or "no output from hello")
    else:
        samples.add(BOOT_METRICS[0], first_output)
    if problem or None in ends:
        samples.fail(BOOT_METRICS[1], problem or "not every program finished")
    else:
        samples.add(BOOT_METRICS[1], qemu_exit[1])


def record_program(samples, name, out, end, problem, known):
    why = program_failure(out, end)
    try:
        results = parse_results(out)
    except ValueError:
        why, results = why or "malformed RESULT line", []
    if why:
        why = "%s: %s" % (name, problem if end is None and problem else why)
        # hello reports nothing; its failure shows in the boot metrics.
        fallback = [] if name == "hello" else [name + " (no results)"]
        for metric in known.get(name, []) or fallback:
            samples.fail(metric, why)
        return
    for metric, value in results:
        samples.add(metric, value)
        if metric not in known.setdefault(name, []):
            known[name].append(metric)


def cell(samples, metric, rounds):
    vals = samples.values.get(metric, [])
    fails = samples.failures.get(metric, [])
    if not vals:
        return "FAILED: %s" % (fails[0] if fails else "not measured"), None
    med = statistics.median(vals)
    text = "%.0f" % med if med >= 1000 else "%.4g" % med
    if fails:
        text += " (%d/%d runs failed: %s)" % (len(fails), rounds, fails[0])
    return text, med


def table(results, rounds):
    order = []
    for k in KERNELS:
        order += [m for m in results[k].order if m not in order]
    rows = [("metric", "Linux median", "LevitateOS median", "LevitateOS/Linux")]
    for m in order:
        lin, lmed = cell(results["linux"], m, rounds)
        lev, vmed = cell(results["levitate"], m, rounds)
        ratio = "%.2f" % (vmed / lmed) if lmed and vmed is not None else "-"
        rows.append((m, lin, lev, ratio))
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    lines = []
    for r in rows:
        lines.append("  ".join(r[i].ljust(widths[i]) for i in range(3)) + "  " + r[3])
    lines.insert(1, "-" * len(max(lines, key=len)))
    return "\n".join(lines)


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("bench_dir", nargs="?", default=os.path.join(lv.BUILD, "bench"))
    p.add_argument("--rounds", type=int, default=5)
    p.add_argument("--timeout", type=float, default=120,
                   help="seconds for the boot and for each program")
    p.add_argument("--json", metavar="FILE", help="also write raw samples here")
    return p.parse_args()


def main():
    args = parse_args()
    hello = os.path.join(args.bench_dir, "hello")
    if not os.path.isfile(hello):
        print("bench: %s is missing (make bench builds it)" % hello, file=sys.stderr)
        return 2
    names = ["hello"] + sorted(n for n in os.listdir(args.bench_dir)
                               if n != "hello" and not n.startswith(".")
                               and os.access(os.path.join(args.bench_dir, n), os.X_OK))
    programs = [(os.path.join(args.bench_dir, n), ["/b/" + n]) for n in names]
    results = {k: Samples() for k in KERNELS}
    known = {}  # program -> metrics it reported on some run
    for r in range(args.rounds):
        for kernel in (KERNELS if r % 2 == 0 else KERNELS[::-1]):
            t0 = time.monotonic()
            boot_once(kernel, programs, names, args.timeout, results[kernel], known)
            print("bench: round %d/%d %s: %.1f s" % (r + 1, args.rounds,
                  lv.KERNEL_NAMES[kernel], time.monotonic() - t0), file=sys.stderr)
    print("Medians over %d rounds (lower is better; QEMU TCG on this host)" % args.rounds)
    print(table(results, args.rounds))
    if args.json:
        with open(args.json, "w") as f:
            json.dump({k: {"values": v.values, "failures": v.failures}
                       for k, v in results.items()}, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
