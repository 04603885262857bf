#!/usr/bin/env python3
"""run_abi.py — run the ABI tests on Linux and LevitateOS and compare them.

    python3 tests/harness/run_abi.py [--only PATTERN]... [--kernel both|linux|levitate]
                                     [-j N] [--timeout S] [--verbose] [ABI_DIR]

ABI_DIR (default build/abi) holds static binaries in subdirectories
(glibc/NAME, musl/NAME, rust/NAME); each is a test named "glibc/NAME".
A test passes when its stdout, its stderr (each compared byte for byte on
its own; how the two interleave is not compared) and its exit status under
LevitateOS equal those under Linux. The Linux run must itself end its stdout
with the line "done", or the test is BROKEN.

Tests run in batches: one boot per kernel per batch, guest paths /t/<name>.
When a test hangs, QEMU is killed, the test is recorded as timed out, and the
batch boots again from the next test. Linux and LevitateOS batches run side
by side, at most -j QEMUs at a time.

Linux results are cached in build/oracle-cache/, keyed by the binary, its
argv, environment, cwd and stdin, the protocol version, the guest init, the
reference kernel, the QEMU command line and QEMU's version; --kernel levitate uses
only the cache. Known failures (tests/known-failures) turn an expected
failure into XFAIL and an unexpected pass into a failure (XPASS), so the
list can only shrink. See docs/testing.md.
"""

import argparse
import base64
import difflib
import fnmatch
import hashlib
import json
import os
import queue
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lvharness as lv  # noqa: E402

CACHE_DIR = os.path.join(lv.BUILD, "oracle-cache")
KNOWN_FAILURES = os.path.join(lv.TOP, "tests", "known-failures")
BATCH_SIZE = 16
# Linux boots in about 2.2 s under TCG (LevitateOS in 0.2 s), and a batch
# costs about 6 s more than its tests, so its batches are larger: a fresh
# clone's oracle runs boot a sixth as often (96 against 48: the whole
# uncached ABI run 260 s, 4 December).
LINUX_BATCH_SIZE = 96
BOOT_TIMEOUT = 120   # seconds from QEMU start to the first program
# Tests that take longer than --timeout on the slower kernel under emulation,
# with the seconds they may take: their whole batch waits that long before it
# calls a test hung (exhaust_threads_10000: about 60 s on Linux at host load 12).
SLOW_TESTS = {"exhaust_threads_10000": 240}
# Tests that spend nearly all their time asleep, waiting out kernel timers
# (TCP keepalive probes, SYN retransmits, TIME-WAIT, lease-break-time, a
# child's sleep): about 30 s of each kernel's run per flavour, during which a
# QEMU leaves its host core idle. They run in batches of their own on one
# more QEMU beside the -j ones (Runner's waiting worker), not in a -j place.
WAITING_TESTS = {"tcp_keepalive", "tcp_syn_timeout", "tcp_timewait_port_reuse",
                 "wall_timeouts_clock_set", "vfork_parent_killable", "fcntl_lease"}
DIFF_LINES = 20


class Result:
    """How one test ended on one kernel.

    how: "exit" or "signal" (code is the number), "timeout", or "error"
    (the harness or kernel failed; note says why). out: stdout bytes,
    err: stderr bytes.
    """

    def __init__(self, how, code=None, out=b"", note="", err=b""):
        self.how, self.code, self.out, self.note = how, code, out, note
        self.err = err

    def status(self):
        return {"exit": self.code, "signal": 128 + (self.code or 0),
                "timeout": lv.EXIT_TIMEOUT}.get(self.how, lv.EXIT_HARNESS)

    def describe(self):
        if self.how == "exit":
            return "exit status %d" % self.code
        if self.how == "signal":
            return "killed by signal %d" % self.code
        return self.note

    def to_json(self):
        return {"how": self.how, "code": self.code,
                "out": base64.b64encode(self.out).decode(),
                "err": base64.b64encode(self.err).decode(), "note": self.note}

    @classmethod
    def from_json(cls, d):
        return cls(d["how"], d["code"], base64.b64decode(d["out"]), d["note"],
                   base64.b64decode(d["err"]))


# The dynamically linked flavours (build/abi/glibc-dyn, musl-dyn): the loader
# and system libraries each needs, from the host's arm64 multiarch
# directories, at the guest paths the loader looks in; the tests' own
# libraries (build/abi-lib/FLAVOUR/*/lib*.so) go to /t/lib/FLAVOUR (rpath).
CROSS_LIB = "/usr/aarch64-linux-gnu/lib"
MUSL_LIBC = "/usr/lib/aarch64-linux-musl/libc.so"
DYN_RUNTIME = {
    "glibc-dyn": [(os.path.join(CROSS_LIB, "ld-linux-aarch64.so.1"), "/lib/ld-linux-aarch64.so.1")] +
                 [(os.path.join(CROSS_LIB, lib), "/lib/aarch64-linux-gnu/" + lib)
                  for lib in ("libc.so.6", "libm.so.6", "libstdc++.so.6", "libgcc_s.so.1")],
    "musl-dyn": [(MUSL_LIBC, "/lib/ld-musl-aarch64.so.1")],
}
DYN_RUNTIME["rust-dyn"] = DYN_RUNTIME["glibc-dyn"]
ABI_LIB_DIR = os.path.join(lv.BUILD, "abi-lib")


def dyn_files(flavour):
    """(hostpath, guestpath) of everything a test of flavour needs at run time."""
    files = list(DYN_RUNTIME.get(flavour, []))
    own = os.path.join(ABI_LIB_DIR, flavour)
    for root, _, names in sorted(os.walk(own)):
        for f in sorted(names):
            if f.endswith(".so"):
                files.append((os.path.join(root, f), "/t/lib/%s/%s" % (flavour, f)))
    return files


class Test:
    """One test: a binary packed at /t/<name> and run alone (with what a
    dynamically linked flavour needs, dyn_files).

    Other kinds of test (test_busybox.py's scripts) set program, files (the
    (hostpath, guestpath) pairs packed besides the program) and key_files
    (the host files whose contents the Linux result depends on)."""

    def __init__(self, name, path):
        self.name, self.path = name, path
        self.guest = "/t/" + name
        self.program = lv.Program(path, [self.guest])
        self.files = dyn_files(name.split("/")[0])
        self.key_files = [path] + [host for host, _ in self.files]
        self.root = None  # a host tree to boot with as the root file system (lvharness.Session)
        self.qemu_opts = {}  # lvharness.qemu_command options for its boots (e.g. mem), part of the key
        self.timeout = SLOW_TESTS.get(name.split("/")[-1])  # None: --timeout
        self.waits = name.split("/")[-1] in WAITING_TESTS  # Runner.add(waiting=True)
        self.results = {}  # kernel -> Result
        self.seconds = {}  # kernel -> wall seconds from its start to its end (--slowest)


# --------------------------------------------------------------------------
# Discovery, known failures, cache


def find_tests(abi_dir, patterns, smp=None):
    """smp: boot every test with that many CPUs (both kernels; --smp 2 and
    more: make test runs 2); 1 (the default) or None: the smp_* tests with two,
    the others with one."""
    tests = []
    for root, _, files in os.walk(abi_dir):
        for f in files:
            path = os.path.join(root, f)
            name = os.path.relpath(path, abi_dir).replace(os.sep, "/")
            if os.access(path, os.X_OK) and matches(name, patterns):
                t = Test(name, path)
                if smp and smp > 1:
                    t.qemu_opts = {"smp": smp}
                elif f.startswith("smp_"):  # several-CPU tests: both kernels boot with two CPUs
                    t.qemu_opts = {"smp": 2}
                tests.append(t)
    return sorted(tests, key=lambda t: t.name)


def load_known_failures(path=None):
    """name -> "#ISSUE reason" from lines "TESTNAME  #ISSUE  reason"."""
    path = path or KNOWN_FAILURES
    known = {}
    if not os.path.exists(path):
        return known
    with open(path) as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            name, _, rest = line.strip().partition(" ")
            known[name] = " ".join(rest.split())
    return known


class OracleCache:
    """Linux results on disk, one JSON file per key. ltp.py keeps
    LevitateOS's the same way (kernel, directory) so a run can resume."""

    def __init__(self, kernel="linux", directory=CACHE_DIR):
        self.boot_parts = None
        self.kernel, self.directory = kernel, directory

    def key(self, test):
        if self.boot_parts is None:
            self.boot_parts = lv.boot_key_parts(self.kernel)
        h = hashlib.sha256()
        hashes = [lv.sha256_file(path) for path in test.key_files]
        opts = [json.dumps(test.qemu_opts, sort_keys=True)] if test.qemu_opts else []
        for part in hashes + test.program.key_parts() + self.boot_parts + opts:
            h.update(part.encode() + b"\0")
        return h.hexdigest()

    def get(self, test):
        try:
            with open(os.path.join(self.directory, self.key(test) + ".json")) as f:
                return Result.from_json(json.load(f))
        except (OSError, ValueError, KeyError):
            return None

    def put(self, test, result):
        if result.how not in ("exit", "signal"):
            return  # timeouts and harness errors may not happen again
        os.makedirs(self.directory, exist_ok=True)
        path = os.path.join(self.directory, self.key(test) + ".json")
        tmp = "%s.tmp%d" % (path, os.getpid())  # concurrent runners may race
        with open(tmp, "w") as f:
            json.dump(dict(result.to_json(), name=test.name), f)
        os.replace(tmp, path)


# --------------------------------------------------------------------------
# Running batches


class Runner:
    """A pool of -j workers that boot one batch each at a time, and one more
    worker for the batches added with waiting=True (tests that mostly
    sleep: WAITING_TESTS). root: a host directory tree every boot gets as
    its root file system (ltp.py), or None."""

    def __init__(self, jobs, timeout, verbose, root=None):
        self.jobs, self.timeout, self.verbose = jobs, timeout, verbose
        self.root = root
        self.queue = queue.Queue()
        self.waiting = queue.Queue()
        self.lock = threading.Lock()

    def say(self, msg):
        if self.verbose:
            with self.lock:
                sys.stderr.write("run_abi: %s\n" % msg)
                sys.stderr.flush()

    def add(self, kernel, tests, waiting=False):
        (self.waiting if waiting else self.queue).put((kernel, tests))

    def run(self):
        workers = [threading.Thread(target=self._worker, args=(self.queue,), daemon=True)
                   for _ in range(self.jobs)]
        workers.append(threading.Thread(target=self._worker, args=(self.waiting,), daemon=True))
        for w in workers:
            w.start()
        self.queue.join()
        self.waiting.join()

    def _worker(self, batches):
        while True:
            kernel, tests = batches.get()
            try:
                rest = self._batch(kernel, tests)
                if rest:
                    batches.put((kernel, rest))  # before task_done: join waits
            except Exception as e:  # never lose a batch to a harness bug
                for t in tests:
                    t.results.setdefault(kernel, Result("error", note="harness: %r" % e))
            finally:
                batches.task_done()

    def _batch(self, kernel, tests):
        """Boot once for tests; return the tests still to run after a hang."""
        t0 = time.monotonic()
        self.say("%s: booting for %d tests from %s" % (kernel, len(tests), tests[0].name))
        outs = [bytearray() for _ in tests]
        errs = [bytearray() for _ in tests]
        began = {}  # index -> when its "begin" came (its time for --slowest)
        timed_out = False
        dump = b""
        qemu_status = None
        programs = [t.program for t in tests]
        files = sorted({f for t in tests for f in t.files})
        timeout = max([self.timeout] + [t.timeout for t in tests if t.timeout])
        with lv.Session(kernel, programs, files=files, program_timeout=timeout,
                        boot_timeout=BOOT_TIMEOUT, root=tests[0].root or self.root,
                        qemu_opts=tests[0].qemu_opts) as s:
            for e in s.events():
                i = e.index
                if e.kind == "begin" and 0 <= i < len(tests):
                    began[i] = time.monotonic()
                elif e.kind == "output" and i is not None and 0 <= i < len(tests):
                    outs[i] += e.data
                elif e.kind == "stderr" and 0 <= i < len(tests):
                    errs[i] += e.data
                elif e.kind == "end" and 0 <= i < len(tests):
                    tests[i].results[kernel] = Result(e.how, e.code, bytes(outs[i]),
                                                      err=bytes(errs[i]))
                    tests[i].seconds[kernel] = time.monotonic() - began.get(i, t0)
                elif e.kind == "log" and self.verbose:
                    self.say("%s log: %s" % (kernel, e.data.decode(errors="replace")))
                elif e.kind == "error":
                    self.say("%s init error: %s" % (kernel, e.data.decode(errors="replace")))
                elif e.kind == "timeout":
                    timed_out = True
                    dump = e.data
                elif e.kind == "exit":
                    qemu_status = e.code
            why = s.qemu_stderr() or "QEMU exited with status %s" % qemu_status
        self.say("%s: batch took %.1f s" % (kernel, time.monotonic() - t0))
        return self._after(kernel, tests, outs, errs, began, timed_out, why, dump)

    def _after(self, kernel, tests, outs, errs, began, timed_out, why, dump=b""):
        """Record the test the session stopped in; return those left to run."""
        left = [i for i, t in enumerate(tests) if kernel not in t.results]
        if not left:
            return []
        if not began:
            note = "boot timed out" if timed_out else "boot failed: %s" % why
            for t in tests:
                t.results[kernel] = Result("error", note=note)
            return []
        i = left[0]
        if timed_out and i in began:
            note = "timed out after %g s" % (tests[i].timeout or self.timeout)
            if dump:  # LevitateOS's task dump: where the test hangs
                note += "; the kernel's task dump (SysRq t; its panic report first if it panicked):\n    " + \
                    dump.decode(errors="replace").replace("\n", "\n    ")
            res = Result("timeout", out=bytes(outs[i]), err=bytes(errs[i]), note=note)
        elif timed_out:
            res = Result("error", note="init never started the test")
        else:
            res = Result("error", out=bytes(outs[i]), err=bytes(errs[i]),
                         note="kernel stopped during the test: %s" % why)
        tests[i].results[kernel] = res
        return tests[i + 1:]


# --------------------------------------------------------------------------
# Verdicts


def broken_reason(res):
    """Why a Linux result is no oracle, or None if it is a good one."""
    if res.how in ("timeout", "error"):
        return res.describe()
    if not res.out.endswith(b"done\n"):
        return "output does not end with 'done' (%s)" % res.describe()
    return None


def short_diff(want, got, stream="stdout"):
    a = want.decode(errors="backslashreplace").splitlines(keepends=True)
    b = got.decode(errors="backslashreplace").splitlines(keepends=True)
    lines = list(difflib.unified_diff(a, b, "Linux " + stream, "LevitateOS " + stream, n=2))
    if len(lines) > DIFF_LINES:
        lines = lines[:DIFF_LINES] + ["... (%d more diff lines)\n" % (len(lines) - DIFF_LINES)]
    return "".join(l if l.endswith("\n") else l + "\n\\ No newline\n" for l in lines)


def compare(test, mode, missing_kernel):
    """Return (ok, why, diff) for one test."""
    linux = test.results.get("linux")
    if linux is None:
        return False, "no cached Linux result (run with --kernel linux or both)", ""
    broken = broken_reason(linux)
    if broken:
        return False, "BROKEN on Linux: " + broken, ""
    if mode == "linux":
        return True, "", ""
    if missing_kernel:
        return False, missing_kernel, ""
    lev = test.results["levitate"]
    if lev.how in ("timeout", "error"):
        diff = short_diff(linux.out, lev.out) if lev.out else ""
        return False, "LevitateOS: " + lev.describe(), diff
    why, diff = [], ""
    if lev.status() != linux.status():
        why.append("%s on LevitateOS, %s on Linux" % (lev.describe(), linux.describe()))
    if lev.out != linux.out:
        why.append("stdout differs")
        diff += short_diff(linux.out, lev.out, "stdout")
    if lev.err != linux.err:
        why.append("stderr differs")
        diff += short_diff(linux.err, lev.err, "stderr")
    if why:
        return False, "; ".join(why), diff
    return True, "", ""


def report(tests, mode, missing_kernel, known):
    passed = failed = skipped = 0
    for t in tests:
        ok, why, diff = compare(t, mode, missing_kernel)
        issue = known.get(t.name) if mode != "linux" else None
        if issue is not None and not why.startswith("BROKEN"):
            if ok:
                print("XPASS %s (remove from tests/known-failures)" % t.name)
                failed += 1
            else:
                print("XFAIL %s: %s [%s]" % (t.name, why, issue))
                skipped += 1
            continue
        if ok:
            print("PASS %s" % t.name)
            passed += 1
        else:
            print("FAIL %s: %s" % (t.name, why))
            sys.stdout.write(diff)
            failed += 1
    summary = "%d passed, %d failed" % (passed, failed)
    if skipped:
        summary += ", %d skipped" % skipped
    print(summary)
    return 1 if failed else 0


# --------------------------------------------------------------------------


def parse_args(doc=__doc__, default_dir=os.path.join(lv.BUILD, "abi")):
    p = argparse.ArgumentParser(description=doc.split("\n")[0])
    p.add_argument("abi_dir", nargs="?", default=default_dir)
    p.add_argument("--only", action="append", metavar="PATTERN",
                   help="fnmatch pattern on test names, e.g. 'musl/*'; repeat it for more")
    p.add_argument("--kernel", choices=["both", "linux", "levitate"], default="both")
    p.add_argument("-j", "--jobs", type=int, default=2, help="QEMUs at once")
    p.add_argument("--timeout", type=float, default=30, help="seconds per test")
    p.add_argument("--batch", type=int, default=BATCH_SIZE, help="tests per LevitateOS boot")
    p.add_argument("--linux-batch", type=int, default=LINUX_BATCH_SIZE, help="tests per Linux boot")
    p.add_argument("--no-cache", action="store_true", help="rerun Linux anyway")
    p.add_argument("--verbose", action="store_true")
    p.add_argument("--slowest", type=int, default=0, metavar="N",
                   help="after the verdicts, the N tests that took longest on each kernel")
    p.add_argument("--smp", type=int, default=1, metavar="N",
                   help="boot every test with N CPUs on both kernels (default 1: the smp_* tests "
                        "with 2, the rest with 1; make test runs --smp 2)")
    args = p.parse_args()
    args.only = args.only or ["*"]
    return args


def matches(name, patterns):
    """Whether name matches any of the --only patterns."""
    return any(fnmatch.fnmatch(name, p) for p in patterns)


def batches(tests, size):
    """Runs of at most size tests that share their boot options (qemu_opts)."""
    out = []
    for t in tests:
        if out and len(out[-1]) < size and out[-1][0].qemu_opts == t.qemu_opts:
            out[-1].append(t)
        else:
            out.append([t])
    return out


def print_slowest(tests, n):
    """The n tests that took longest, from start to end, on each kernel (a
    test whose Linux result came from the cache has no Linux time)."""
    for kernel in ("linux", "levitate") if n else ():
        timed = sorted((t for t in tests if kernel in t.seconds and kernel in t.results),
                       key=lambda t: -t.seconds[kernel])
        total = sum(t.seconds[kernel] for t in timed)
        print("slowest on %s (%.0f s in all %d tests):" % (kernel, total, len(timed)))
        for t in timed[:n]:
            print("  %6.1f s  %s" % (t.seconds[kernel], t.name))


def rerun_failed_oracles(fresh, args):
    """A Linux run that timed out or stopped its kernel gave no answer (the
    reference kernel itself can lose a race under a loaded host: Linux 6.1
    at two CPUs panics "System is deadlocked on memory" now and then in an
    OOM test). Run each such test once more in a boot of its own; if that
    run fails too, the test is BROKEN. LevitateOS's runs are never re-run."""
    again = [t for t in fresh if t.results["linux"].how in ("timeout", "error")]
    if not again:
        return
    runner = Runner(max(1, args.jobs), args.timeout, args.verbose)
    for t in again:
        runner.say("linux: %s %s; running it again" % (t.name, t.results["linux"].describe()))
        del t.results["linux"]
        runner.add("linux", [t])
    runner.run()


def main():
    args = parse_args()
    return run_tests(find_tests(args.abi_dir, args.only, args.smp), args)


def run_tests(tests, args):
    """Run tests as args (parse_args) say, print the verdicts, return the
    exit status. Shared with test_busybox.py."""
    if not tests:
        print("run_abi: no tests in %s match %r" % (args.abi_dir, args.only),
              file=sys.stderr)
        print("0 passed, 0 failed")
        return 1 if not os.path.isdir(args.abi_dir) else 0
    try:
        lv.ensure_init()
        cache = OracleCache()
        for t in tests:
            cached = None if args.no_cache else cache.get(t)
            if cached:
                t.results["linux"] = cached
    except lv.HarnessError as e:
        print("run_abi: %s" % e, file=sys.stderr)
        return 1

    missing = None
    if args.kernel != "linux" and not os.path.isfile(lv.KERNELS["levitate"]):
        missing = "%s is missing" % os.path.relpath(lv.KERNELS["levitate"], lv.TOP)
    run_linux = args.kernel in ("both", "linux")
    run_lev = args.kernel in ("both", "levitate") and not missing

    runner = Runner(max(1, args.jobs), args.timeout, args.verbose)
    fresh = [t for t in tests if "linux" not in t.results] if run_linux else []
    for waiting in (False, True):
        lin = batches([t for t in fresh if t.waits == waiting], getattr(args, "linux_batch", args.batch))
        lev = batches([t for t in tests if t.waits == waiting], args.batch) if run_lev else []
        for i in range(max(len(lin), len(lev))):  # interleave so both kernels run at once
            for kernel, group in (("linux", lin), ("levitate", lev)):
                if i < len(group):
                    runner.add(kernel, group[i], waiting)
    runner.run()
    rerun_failed_oracles(fresh, args)
    for t in fresh:
        cache.put(t, t.results["linux"])
    print_slowest(tests, getattr(args, "slowest", 0))
    return report(tests, args.kernel, missing, load_known_failures())


if __name__ == "__main__":
    sys.exit(main())
