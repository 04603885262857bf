#!/usr/bin/env python3
"""bench/run.py — compare LevitateOS with Linux on boot time and benchmarks.

    python3 bench/run.py [--rounds R] [--timeout S] [--json FILE]
                         [--report DIR] [BENCH_DIR]

BENCH_DIR (default build/bench) holds static binaries built from
bench/src/*.c; it must contain "hello", which runs first in every boot, and
may hold data/, packed as /b/data/ (programs the benchmarks execute).
Each round boots Linux and LevitateOS (the order alternates between rounds)
with all the programs in one initramfs, plus one boot of its own for each
program in OWN_BOOT (one that may bring a kernel down), and measures:

  boot_to_first_output_s  QEMU start until hello's first output byte
  boot_to_poweroff_s      QEMU start until QEMU exits after power-off
  <name>                  every "RESULT <name> <value>" line a program prints

A program may print "NA <name> <reason>" instead: the metric does not exist
on that kernel yet (shown as "n/a (reason)"). Lower is better except for
metrics in HIGHER_IS_BETTER (bandwidths). The table shows medians over the
rounds that succeeded, the spread, the ratio LevitateOS/Linux and whether
the goal (GOAL_TIME / GOAL_BANDWIDTH) is met. A run that fails is reported
as such, never as a number. The report (report.md, report.json, and a
chart, report.png) goes to --report DIR (default: BENCH_DIR). See
bench/README.md.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "tests", "harness"))
import lvharness as lv  # noqa: E402

KERNELS = ["linux", "levitate"]
BOOT_METRICS = ["boot_to_first_output_s", "boot_to_poweroff_s"]
MEM = "1G"                     # QEMU -m for every boot
FIRST = ["hello", "memory"]    # run first, in this order (memory: right after boot)
ARGS = {"memory": ["1024"]}    # extra arguments (memory: the -m in MiB)
OWN_BOOT = ["procs_1000",       # each in a boot of its own: may bring a kernel down,
            "mem_per_process", "mem_per_thread",  # or needs cold kernel caches,
            "cpu_scaling", "smp_fork_wait", "smp_pingpong",  # or several CPUs (SMP below)
            "thread_create_join"]
SMP = {"cpu_scaling": 4, "smp_fork_wait": 4, "smp_pingpong": 2,  # QEMU -smp of a program's own boot (default 1)
       "thread_create_join": 4}
# The Debian boot (bench/debian/, issue #17): its programs run with a
# tools/mkrootfs tree of these packages as the root file system, in more memory.
DEBIAN_DIR = os.path.join(lv.BUILD, "bench-debian")
DEBIAN_PACKAGES = ["python3", "gcc", "libc6-dev", "git"]
DEBIAN_MEM = "2G"
GOAL_TIME = 0.5                # LevitateOS/Linux at or below this for times
GOAL_BANDWIDTH = 2.0           # ... at or above this for bandwidths


def higher_is_better(metric):
    return metric.endswith("_mbps") or metric.endswith("_x") or metric == "boot_mem_available_kib"


def informational(metric):
    """Rows shown without a goal: MemAvailable is bounded by the RAM given;
    a speed-up (_x) is compared with Linux's by its ratio alone."""
    return metric == "boot_mem_available_kib" or metric.endswith("_x")


class Samples:
    """Values and failures of every metric on one kernel."""

    def __init__(self):
        self.values = {}    # metric -> [float]
        self.failures = {}  # metric -> [str]
        self.na = {}        # metric -> [str]: not available on this kernel
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

    def not_available(self, metric, why):
        self._see(metric)
        self.na.setdefault(metric, []).append(why)


def parse_results(out):
    """[(name, value)] from "RESULT name value" lines, value a float, or a
    str (the reason) from "NA name reason..."; malformed lines raise."""
    results = []
    for line in out.decode(errors="replace").splitlines():
        if line.startswith("RESULT "):
            _, name, value = line.split()
            results.append((name, float(value)))
        elif line.startswith("NA "):
            _, name, why = line.split(None, 2)
            results.append((name, why.strip()))
    return results


def program_failure(out, end):
    if end is None:
        return "did not finish"
    if end.how != "exit" or end.code != 0:
        return "ended with %s %d" % (end.how, end.code)
    if not out.endswith(b"done\n"):
        return "output does not end with 'done'"
    return None


def boot_once(kernel, programs, names, files, timeout, samples, known, main, root=None, mem=MEM, smp=1):
    """Boot kernel once, run all programs, add what was measured to samples
    (the boot metrics only when main: the boot with hello first); root: a
    host tree as the root file system."""
    outs = [bytearray() for _ in programs]
    ends = [None] * len(programs)
    first_output = qemu_exit = None
    problem = None
    try:
        with lv.Session(kernel, programs, files=files, program_timeout=timeout,
                        boot_timeout=timeout, qemu_opts={"mem": mem, "smp": smp}, root=root) as s:
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
    if main:
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
        if isinstance(value, str):
            samples.not_available(metric, value)
        else:
            samples.add(metric, value)
        if metric not in known.setdefault(name, []):
            known[name].append(metric)


def fmt(v):
    return "%.0f" % v if abs(v) >= 1000 else "%.4g" % v


class Row:
    """One metric on both kernels: the cells people read and the numbers."""

    def __init__(self, metric, results, rounds):
        self.metric = metric
        self.text, self.med, self.spread = {}, {}, {}
        for k in KERNELS:
            self.text[k], self.med[k], self.spread[k] = cell(results[k], metric, rounds)
        lin, lev = self.med["linux"], self.med["levitate"]
        self.ratio = lev / lin if lin and lev is not None else None
        if self.ratio is None or informational(metric):
            self.goal = "-"
        elif higher_is_better(metric):
            self.goal = "yes" if self.ratio >= GOAL_BANDWIDTH else "no"
        else:
            self.goal = "yes" if self.ratio <= GOAL_TIME else "no"

    def cells(self):
        return (self.metric, self.text["linux"], self.spread["linux"] or "",
                self.text["levitate"], self.spread["levitate"] or "",
                "%.2f" % self.ratio if self.ratio is not None else "-", self.goal)


def cell(samples, metric, rounds):
    """(text, median or None, spread text or None) of metric on one kernel."""
    vals = samples.values.get(metric, [])
    fails = samples.failures.get(metric, [])
    na = samples.na.get(metric, [])
    if not vals:
        if na and not fails:
            return "n/a (%s)" % na[0], None, None
        why = fails[0] if fails else na[0] if na else "not measured"
        return "FAILED: %s" % why, None, None
    med = statistics.median(vals)
    text = fmt(med)
    if fails or na:
        bad = len(fails) + len(na)
        text += " (%d/%d runs failed: %s)" % (bad, rounds, (fails or na)[0])
    spread = None
    if len(vals) > 1 and med:
        spread = "±%.0f%%" % (50.0 * (max(vals) - min(vals)) / abs(med))
    return text, med, spread


HEADER = ("metric", "Linux median", "spread", "LevitateOS median", "spread",
          "LevitateOS/Linux", "goal met")


def rows_of(results, rounds):
    order = []
    for k in KERNELS:
        order += [m for m in results[k].order if m not in order]
    return [Row(m, results, rounds) for m in order]


def table(rows):
    """The plain-text table for the terminal."""
    cells = [HEADER] + [r.cells() for r in rows]
    widths = [max(len(c[i]) for c in cells) for i in range(len(HEADER))]
    lines = ["  ".join(c[i].ljust(widths[i]) for i in range(len(HEADER))).rstrip()
             for c in cells]
    lines.insert(1, "-" * max(len(line) for line in lines))
    return "\n".join(lines)


def load_average():
    try:
        return "%.1f / %.1f / %.1f (1 / 5 / 15 min)" % os.getloadavg()
    except OSError:
        return "unknown"


def markdown(rows, rounds, chart_name):
    met = sum(r.goal == "yes" for r in rows)
    scored = sum(r.goal in ("yes", "no") for r in rows)
    out = ["# LevitateOS vs Linux: benchmark report", "",
           "Medians over %d rounds, each kernel booted alternately under the same "
           "QEMU (TCG, `-m %s`, one CPU) on a host shared with other work, so the "
           "numbers are noisy: spread is half the range of the rounds as a "
           "percentage of the median. Ratio = LevitateOS / Linux. Goal: ratio "
           "<= %.1f for times and sizes (lower is better), >= %.1f for bandwidths "
           "(`_mbps`). n/a: the kernel does not have the feature yet (the reason "
           "it gave). Rows are described in bench/README.md."
           % (rounds, MEM, GOAL_TIME, GOAL_BANDWIDTH), "",
           "Goal met on %d of %d rows with a ratio. Host load average when the "
           "report was written: %s (2 host cores)." % (met, scored, load_average()), "",
           "![ratios](%s)" % chart_name, "",
           "| " + " | ".join(HEADER) + " |",
           "|" + "---|" * len(HEADER)]
    for r in rows:
        out.append("| " + " | ".join(c.replace("|", "\\|") for c in r.cells()) + " |")
    return "\n".join(out) + "\n"


def write_report(rows, results, rounds, outdir):
    """report.md, report.json and the chart (bench/chart.py) in outdir."""
    os.makedirs(outdir, exist_ok=True)
    data = {"rounds": rounds, "mem": MEM,
            "rows": [{"metric": r.metric, "linux": r.med["linux"],
                      "levitate": r.med["levitate"], "ratio": r.ratio,
                      "goal": r.goal, "higher_is_better": higher_is_better(r.metric),
                      "linux_text": r.text["linux"], "levitate_text": r.text["levitate"]}
                     for r in rows],
            "samples": {k: {"values": v.values, "failures": v.failures, "na": v.na}
                        for k, v in results.items()}}
    jpath = os.path.join(outdir, "report.json")
    with open(jpath, "w") as f:
        json.dump(data, f, indent=1)
    chart = os.path.join(outdir, "report.png")
    made = draw_chart(jpath, chart)
    with open(os.path.join(outdir, "report.md"), "w") as f:
        f.write(markdown(rows, rounds, os.path.basename(chart) if made else "(no chart)"))
    return made


def draw_chart(jpath, png):
    """Runs bench/chart.py with a Python that has matplotlib (Debian's
    python3-matplotlib lives in /usr/bin/python3's path)."""
    script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "chart.py")
    for py in (sys.executable, "/usr/bin/python3"):
        if not os.path.exists(py):
            continue
        r = subprocess.run([py, script, jpath, png], stderr=subprocess.PIPE)
        if r.returncode == 0:
            return True
        err = r.stderr.decode(errors="replace").strip().splitlines()
    print("bench: no chart: %s" % (err[-1] if err else "no python3"), file=sys.stderr)
    return False


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("bench_dir", nargs="?", default=os.path.join(lv.BUILD, "bench"))
    p.add_argument("--rounds", type=int, default=5)
    p.add_argument("--timeout", type=float, default=120,
                   help="seconds for the boot and for each program")
    p.add_argument("--json", metavar="FILE", help="also write raw samples here")
    p.add_argument("--report", metavar="DIR", help="where report.md/.json/.png go "
                   "(default: BENCH_DIR)")
    p.add_argument("--only", metavar="NAME", action="append",
                   help="run only these programs (and hello); repeatable")
    p.add_argument("--no-debian", action="store_true",
                   help="leave out the Debian boot (bench/debian/: python3, gcc, git)")
    return p.parse_args()


def programs_in(bench_dir, only):
    """The programs, FIRST ones first, then by name; data/ is not one."""
    names = sorted(n for n in os.listdir(bench_dir)
                   if not n.startswith(".") and os.path.isfile(os.path.join(bench_dir, n))
                   and os.access(os.path.join(bench_dir, n), os.X_OK))
    if only:
        names = [n for n in names if n in only or n == "hello"]
    return [n for n in FIRST if n in names] + [n for n in names if n not in FIRST]


def data_files(bench_dir):
    d = os.path.join(bench_dir, "data")
    if not os.path.isdir(d):
        return []
    return [(os.path.join(d, n), "/b/data/" + n) for n in sorted(os.listdir(d))]


def debian_boot(args):
    """The Debian boot's programs and root tree: ([], None) when left out
    (--no-debian, --only without them, not built) or the tree cannot be made."""
    if args.no_debian or not os.path.isdir(DEBIAN_DIR):
        return [], None
    names = sorted(n for n in os.listdir(DEBIAN_DIR) if not args.only or n in args.only)
    if not names:
        return [], None
    r = subprocess.run([os.path.join(lv.TOP, "tools", "mkrootfs")] + DEBIAN_PACKAGES,
                       capture_output=True, text=True)
    if r.returncode != 0:
        print("bench: no Debian boot: tools/mkrootfs failed: %s" % r.stderr.strip(), file=sys.stderr)
        return [], None
    return names, r.stdout.strip()


def main():
    args = parse_args()
    hello = os.path.join(args.bench_dir, "hello")
    if not os.path.isfile(hello):
        print("bench: %s is missing (make bench builds it)" % hello, file=sys.stderr)
        return 2
    names = programs_in(args.bench_dir, args.only)
    # boots of one round: the main one (hello first), then one per OWN_BOOT program
    boots = [[n for n in names if n not in OWN_BOOT]] + [[n] for n in names if n in OWN_BOOT]
    files = data_files(args.bench_dir)
    debian, debian_root = debian_boot(args)
    results = {k: Samples() for k in KERNELS}
    known = {}  # program -> metrics it reported on some run
    for r in range(args.rounds):
        for kernel in (KERNELS if r % 2 == 0 else KERNELS[::-1]):
            for b, boot in enumerate(boots):
                programs = [(os.path.join(args.bench_dir, n), ["/b/" + n] + ARGS.get(n, []))
                            for n in boot]
                t0 = time.monotonic()
                # data only where it is used: Linux frees the initramfs after
                # boot, which would disturb the memory rows of the own boots
                boot_once(kernel, programs, boot, files if b == 0 else [], args.timeout,
                          results[kernel], known, main=b == 0, smp=SMP.get(boot[0], 1) if b else 1)
                print("bench: round %d/%d %s %s: %.1f s" % (
                      r + 1, args.rounds, lv.KERNEL_NAMES[kernel],
                      "main boot" if b == 0 else boot[0], time.monotonic() - t0),
                      file=sys.stderr)
            if debian:
                t0 = time.monotonic()
                programs = [(os.path.join(DEBIAN_DIR, n), ["/b/" + n]) for n in debian]
                boot_once(kernel, programs, debian, [], args.timeout, results[kernel], known,
                          main=False, root=debian_root, mem=DEBIAN_MEM)
                print("bench: round %d/%d %s Debian boot: %.1f s" % (
                      r + 1, args.rounds, lv.KERNEL_NAMES[kernel], time.monotonic() - t0),
                      file=sys.stderr)
    rows = rows_of(results, args.rounds)
    print("Medians over %d rounds (QEMU TCG on a shared host: noisy; ratio = "
          "LevitateOS/Linux)" % args.rounds)
    print(table(rows))
    outdir = args.report or args.bench_dir
    write_report(rows, results, args.rounds, outdir)
    print("bench: report in %s" % os.path.join(outdir, "report.md"), file=sys.stderr)
    if args.json:
        with open(args.json, "w") as f:
            json.dump({k: {"values": v.values, "failures": v.failures, "na": v.na}
                       for k, v in results.items()}, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
