#!/usr/bin/env python3
"""test_lvrun.py — tools/lvrun and the boot do what they promise, on both kernels.

lvrun: the program's stdout to stdout and its stderr to stderr; its exit
status (0 and 3), 128+signal when a signal kills it, 124 when it runs past
--timeout; arguments with any bytes (spaces, newlines, empty ones); stdin
piped in (or end of file without one); --env, --cwd and --root. Expected
results come from the program's own definition, and each case is checked on
Linux too, so a broken expectation shows up as a Linux failure.

The protocol's init: a child a program leaves behind cannot print into the
next program of the same boot.

reboot(2) from a program powers off, restarts (QEMU ends) or halts (QEMU
stays, silent).

The boot (LevitateOS): /init by default, rdinit=, init= and the /bin/sh
fallback choose PID 1, whose argv and environment come from the command
line as on Linux; when PID 1 exits the kernel reports Linux's
"Attempted to kill init!" panic and powers off.

Cases listed in tests/known-failures under the name this prints
(lvrun/KERNEL_what_it_checks) are XFAIL/XPASS as in run_abi.py. Ends with "N passed, N failed[, N skipped]".
`--smp N` boots every case with N CPUs (default one).
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lvharness as lv  # noqa: E402
from run_abi import load_known_failures  # noqa: E402

TOP = lv.TOP
LVRUN = os.path.join(TOP, "tools", "lvrun")
ABI = os.path.join(TOP, "build", "abi")
EXTRA = os.path.join(TOP, "build", "lvrun")  # programs of tests/lvrun/
BUSYBOX = os.path.join(TOP, "build", "ext", "busybox", "bin", "busybox")
SMP_OPTS = []  # ["--smp", N] with --smp N: the CPUs of every boot (default one)


def smp_count():
    return int(SMP_OPTS[1]) if SMP_OPTS else 1

SIGNAL_CASES = [
    # program, expected status, expected stdout (None: don't check)[, extra lvrun options]
    ("glibc/hello", 0, b"hello, world\ndone\n"),
    ("musl/hello", 0, b"hello, world\ndone\n"),
    ("glibc/exit_code_3", 3, None),
    ("musl/exit_code_3", 3, None),
    ("glibc/sigsegv_null_store", 128 + 11, b"about to fault\n"),
    ("musl/sigsegv_null_store", 128 + 11, b"about to fault\n"),
    ("glibc/prot_none_guard_segv", 128 + 11, b"about to touch guard page\n"),
    ("musl/prot_none_guard_segv", 128 + 11, b"about to touch guard page\n"),
    ("glibc/oom_touch", 128 + 9, None, ["--mem", "256M", "--timeout", "120"]),
    ("musl/oom_touch", 128 + 9, None, ["--mem", "256M", "--timeout", "120"]),
    ("glibc/exec_nx_segv", 128 + 11, b"jumping into a non-executable page\n"),
    ("musl/exec_nx_segv", 128 + 11, b"jumping into a non-executable page\n"),
    ("glibc/printf_then_segv", 128 + 11, b"printed before the crash\n"),
    ("musl/printf_then_segv", 128 + 11, b"printed before the crash\n"),
    ("glibc/abort_sigabrt", 128 + 6, b"about to abort\n"),
    ("musl/abort_sigabrt", 128 + 6, b"about to abort\n"),
    ("glibc/blocked_signal_unblocked", 128 + 15, b"still alive while blocked\n"),
    ("musl/blocked_signal_unblocked", 128 + 15, b"still alive while blocked\n"),
    ("glibc/thread_segv", 128 + 11, b"thread about to fault\n"),
    ("musl/thread_segv", 128 + 11, b"thread about to fault\n"),
    ("glibc/sigpipe_default", 128 + 13, b"writing to a closed pipe\n"),
    ("musl/sigpipe_default", 128 + 13, b"writing to a closed pipe\n"),
    ("glibc/stack_overflow_segv", 128 + 11, b"recursing\n"),
    ("musl/stack_overflow_segv", 128 + 11, b"recursing\n"),
]


class Case:
    """One lvrun run and what it must give. argv: PROGRAM [ARG...] (a
    program name like "glibc/hello" is looked up in build/abi and
    build/lvrun); out/err: expected stdout/stderr bytes (None: not checked)."""

    def __init__(self, label, argv, status=0, out=None, err=None, opts=(), stdin=None,
                 timeout=60):
        self.label, self.argv, self.status = label, argv, status
        self.out, self.err, self.opts, self.stdin = out, err, list(opts), stdin
        self.timeout = timeout


def program_path(name):
    for d in (ABI, EXTRA):
        if os.path.exists(os.path.join(d, name)):
            return os.path.join(d, name)
    return name


def make_root(tmp):
    """A small root tree: busybox, a symlink to it, a private file, a directory."""
    root = os.path.join(tmp, "root")
    os.makedirs(os.path.join(root, "bin"))
    os.makedirs(os.path.join(root, "etc", "app"))
    shutil.copy(BUSYBOX, os.path.join(root, "bin", "busybox"))
    os.symlink("busybox", os.path.join(root, "bin", "sh"))
    with open(os.path.join(root, "etc", "greeting"), "w") as f:
        f.write("hello from the root tree\n")
    os.chmod(os.path.join(root, "etc", "greeting"), 0o640)
    return root


def feature_cases(root):
    bb = BUSYBOX
    big = b"".join(b"line %06d\n" % i for i in range(20000))  # 240 000 bytes
    return [
        Case("busybox sh -c 'echo hi there'", [bb, "sh", "-c", "echo hi there"], 0, b"hi there\n", b""),
        Case("arguments with spaces, newlines, empty ones",
             [bb, "sh", "-c", 'printf "[%s]" "$@"', "x", "a b", "", "c\nd", " ", "\t*"],
             0, b"[a b][][c\nd][ ][\t*]", b""),
        Case("stderr apart from stdout", [bb, "sh", "-c", "echo out; echo err >&2; echo out2; exit 4"],
             4, b"out\nout2\n", b"err\n"),
        Case("a lot of stderr", [bb, "sh", "-c", "cat >&2"], 0, b"", big, stdin=big),
        Case("stdin piped in", [bb, "cat"], 0, b"hi\n", b"", stdin=b"hi\n"),
        Case("a lot of stdin", [bb, "wc", "-c"], 0, b"240000\n", b"", stdin=big),
        Case("no stdin: end of file", [bb, "cat"], 0, b"", b""),
        Case("--env", [bb, "sh", "-c", 'echo "$FOO|$HOME|$LVTEST"'], 0, b"x  y|/tmp|1\n", b"",
             opts=["--env", "FOO=x  y", "--env", "HOME=/tmp"]),
        Case("--cwd", [bb, "pwd"], 0, b"/tmp\n", b"", opts=["--cwd", "/tmp"]),
        Case("--cwd missing directory", [bb, "pwd"], 127, b"", None, opts=["--cwd", "/nonexistent"]),
        Case("missing program in the guest", ["/bin/nonexistent"], 127, b"", None, opts=["--root", root]),
        Case("--root: a file with its mode", ["/bin/busybox", "stat", "-c", "%a %u %s", "/etc/greeting"],
             0, b"640 0 25\n", b"", opts=["--root", root]),
        Case("--root: cat a file", ["/bin/busybox", "cat", "/etc/greeting"], 0,
             b"hello from the root tree\n", b"", opts=["--root", root]),
        Case("--root: run through a symlink", ["/bin/sh", "-c", "echo via symlink"], 0,
             b"via symlink\n", b"", opts=["--root", root]),
        Case("--root: append to a file", ["/bin/busybox", "sh", "-c", "echo more >> /etc/greeting && cat /etc/greeting"], 0,
             b"hello from the root tree\nmore\n", b"", opts=["--root", root]),
        Case("--root: list a directory", ["/bin/busybox", "ls", "-1", "/etc"], 0, b"app\ngreeting\n", b"",
             opts=["--root", root]),
        # issue #13 divergence 11: a name longer than NAME_MAX in the archive is skipped at
        # boot (Linux: the create fails with ENAMETOOLONG); it once overflowed a kernel buffer
        Case("a 300-byte name in the initramfs is skipped", [bb, "sh", "-c", "ls /long | wc -l"], 0, b"0\n", b"",
             opts=["--file", "%s:/long/%s" % (bb, "n" * 300)]),
    ]


def lvrun(kernel, case):
    cmd = ([LVRUN, "--kernel", kernel, "--timeout", str(case.timeout)] + SMP_OPTS + case.opts
           + [program_path(case.argv[0])] + case.argv[1:])
    if case.stdin is None:  # never our own stdin: it may be a pipe nobody closes
        p = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    else:
        p = subprocess.run(cmd, input=case.stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    return p.returncode, p.stdout, p.stderr


class Tally:
    def __init__(self):
        self.passed = self.failed = self.skipped = 0
        self.known = load_known_failures()

    def result(self, label, ok, why):
        """label: "KERNEL what"; reported (and listed in tests/known-failures)
        as lvrun/KERNEL_what, every run of other characters made one "_"."""
        name = "lvrun/" + re.sub(r"[^A-Za-z0-9.=+-]+", "_", label).strip("_")
        issue = self.known.get(name)
        if issue is not None:
            if ok:
                self.failed += 1
                print("XPASS %s (remove from tests/known-failures)" % name)
            else:
                self.skipped += 1
                print("XFAIL %s: %s [%s]" % (name, why, issue))
        elif ok:
            self.passed += 1
            print("PASS %s" % name)
        else:
            self.failed += 1
            print("FAIL %s: %s" % (name, why))

    def summary(self):
        line = "%d passed, %d failed" % (self.passed, self.failed)
        if self.skipped:
            line += ", %d skipped" % self.skipped
        print(line)
        return 0 if self.failed == 0 else 1


def check_case(tally, kernel, case):
    status, out, err = lvrun(kernel, case)
    problems = []
    if status != case.status:
        problems.append("status %d, want %d" % (status, case.status))
    if case.out is not None and out != case.out:
        problems.append("stdout %r, want %r" % (out[:200], case.out[:200]))
    if case.err is not None and err != case.err:
        problems.append("stderr %r, want %r" % (err[-300:], case.err[:200]))
    if problems and case.err is None:
        problems.append("stderr %r" % err[-300:])
    tally.result("%s %s" % (kernel, case.label), not problems, "; ".join(problems))


def run_session(kernel, programs, append_extra="", timeout=60):
    """Boots once (up to 60 s to the first program, then timeout seconds
    each); returns (per-program {kind: bytes}, statuses, log, QEMU status,
    timed out)."""
    got, statuses, log = {}, {}, []
    qemu, timed_out = None, False
    with lv.Session(kernel, programs, program_timeout=timeout, boot_timeout=60,
                    qemu_opts=dict(append_extra=append_extra, smp=smp_count())) as s:
        for e in s.events():
            if e.kind in ("output", "stderr"):
                got.setdefault(e.index, {}).setdefault(e.kind, b"")
                got[e.index][e.kind] += e.data
            elif e.kind == "end":
                statuses[e.index] = e.status()
            elif e.kind == "log":
                log.append(e.data)
            elif e.kind == "timeout":
                timed_out = True
            elif e.kind == "exit":
                qemu = e.code
    return got, statuses, b"\n".join(log), qemu, timed_out


def check_leftover(tally, kernel):
    """A child left behind by program 0 must not print into program 1: on
    stdout and stderr (init kills it), or on stderr alone (init also closes
    the stderr pipe behind each program)."""
    for args, what in (([], "the next program"), (["stderr"], "the next program's stderr")):
        programs = [(program_path("glibc/leftover_child_prints"), ["/t/leftover_child_prints"] + args),
                    (program_path("glibc/hello"), ["/t/hello"])]
        got, statuses, _, _, timed_out = run_session(kernel, programs)
        second = got.get(1, {})
        ok = (not timed_out and statuses.get(1) == 0 and second.get("output", b"") == b"hello, world\ndone\n"
              and second.get("stderr", b"") == b"")
        tally.result("%s leftover child cannot print into %s" % (kernel, what), ok,
                     "next program: status %r, stdout %r, stderr %r" % (
                         statuses.get(1), second.get("output", b"")[:120], second.get("stderr", b"")[:120]))


def check_task_dump(tally):
    """LevitateOS only: a run that times out is first asked for a task dump
    (SysRq t on the serial port, lvharness.Session), which lvrun prints:
    the program's task asleep in nanosleep, and the dump's end."""
    case = Case("timeout", ["glibc/sleep_forever"], 124, timeout=8)
    status, _, err = lvrun("levitate", case)
    want = [b"sysrq: Show State", b"task sleep_forever", b"wchan ", b"sysrq: end of t"]
    missing = [w.decode() for w in want if w not in err]
    ok = status == 124 and not missing
    tally.result("levitate timeout prints a task dump", ok,
                 "status %d, missing %s in stderr %r" % (status, missing, err[-600:]))


def check_panic_report(tally):
    """LevitateOS only: a run that times out after a kernel panic prints the
    panic's report first (lvharness keeps it: a CPU left spinning on a lock
    the dead one held may keep the task dump from coming). The panic is the
    deliberate one of levitate.selftest=panic, at boot."""
    cmd = [LVRUN, "--kernel", "levitate", "--timeout", "8"] + SMP_OPTS + [program_path("glibc/hello")]
    env = dict(os.environ, LV_APPEND="levitate.selftest=panic")
    p = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    want = [b"KERNEL PANIC: exception in the kernel", b"selftest_fault+0x"]
    missing = [w.decode() for w in want if w not in p.stderr]
    tally.result("levitate timeout after a panic prints the panic", p.returncode == 124 and not missing,
                 "status %d, missing %s in stderr %r" % (p.returncode, missing, p.stderr[-600:]))


def check_reboot(tally, kernel):
    """reboot(2) from a program: power off and restart end QEMU at once (it
    runs with -no-reboot), halt stops the machine for good (the host's
    timeout ends it); none returns to report the program's end."""
    prog = program_path("glibc/reboot_cmd")
    for cmd, stops in (("power-off", True), ("restart", True), ("halt", False)):
        programs = [(prog, ["/t/reboot_cmd", cmd])]
        got, statuses, log, qemu, timed_out = run_session(kernel, programs, timeout=10 if stops else 5)
        ok = (got.get(0, {}).get("output") == b"rebooting\n" and 0 not in statuses
              and (qemu == 0 and not timed_out if stops else timed_out))
        if kernel == "levitate":  # Linux's own messages go to tty0, unseen
            want = {"power-off": b"reboot: Power down", "restart": b"reboot: Restarting system",
                    "halt": b"reboot: System halted"}[cmd]
            ok = ok and want in log
        tally.result("%s reboot(2) %s" % (kernel, cmd), ok,
                     "output %r, statuses %r, QEMU %r, timed out %r" % (got, statuses, qemu, timed_out))


def boot_levitate(files, append):
    """Boots LevitateOS with no test init and only append (plus "quiet") on
    the command line; returns (console bytes, QEMU status or "timeout")."""
    with tempfile.TemporaryDirectory() as tmp:
        initrd = os.path.join(tmp, "initrd.cpio")
        with open(initrd, "wb") as f:
            f.write(lv.build_initramfs([], files))
        cmd = lv.qemu_command("levitate", initrd, smp=smp_count())
        cmd[cmd.index("-append") + 1] = "quiet " + append
        try:
            p = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, timeout=60)
            return p.stdout, p.returncode
        except subprocess.TimeoutExpired as e:
            return e.stdout or b"", "timeout"


def check_init_args(tally):
    """PID 1's argv and environment come from the command line as Linux
    builds them: unknown words to argv, unknown NAME=VALUE to the
    environment after HOME=/ TERM=linux, dotted words dropped, all after "--"
    to argv."""
    cases = [("argv", "/bin/echo", "single FOO=bar levitate.x=1 -- a.b FOO2=x", b"single a.b FOO2=x\r\n"),
             ("environment", "/bin/env", "FOO=bar levitate.y=2 LANG=C", b"HOME=/\r\nTERM=linux\r\nFOO=bar\r\nLANG=C\r\n")]
    for label, path, words, want in cases:
        out, qemu = boot_levitate([(BUSYBOX, path)], "rdinit=%s %s" % (path, words))
        text = re.sub(rb"\x02[^\x03]*\x03", b"", out)  # drop the kernel log
        tally.result("levitate PID 1's %s from the command line" % label, qemu == 0 and text == want,
                     "QEMU %r, console %r" % (qemu, text[-300:]))


def check_init_exit(tally):
    """PID 1 chosen by default, rdinit=, init= or the fallbacks runs; its exit
    is Linux's panic, then power off."""
    hello = program_path("glibc/hello")
    exit3 = program_path("glibc/exit_code_3")
    both = [(hello, "/t/hello"), (exit3, "/t/exit_code_3")]
    cases = [("rdinit=", "rdinit=/t/hello", both, 0x0),
             ("init= (rdinit= missing)", "rdinit=/missing init=/t/hello", both, 0x0),
             ("the /bin/sh fallback", "rdinit=/missing", [(hello, "/bin/sh")], 0x0),
             ("exit status 3", "rdinit=/t/exit_code_3", both, 0x300),
             ("the default /init", "", [(hello, "/init")], 0x0)]
    for label, append, files, code in cases:
        out, qemu = boot_levitate(files, append)
        want = "Attempted to kill init! exitcode=0x%08x" % code
        ok = qemu == 0 and want.encode() in out and (code != 0 or b"hello, world\r\ndone\r\n" in out)
        tally.result("levitate PID 1 by %s: panic message, power off" % label, ok,
                     "QEMU %r, console tail %r" % (qemu, out[-400:]))


class Recorder:
    """Collects one job's results, so that jobs can run at once and still be
    reported in a fixed order (Tally.replay)."""

    def __init__(self):
        self.results = []

    def result(self, label, ok, why):
        self.results.append((label, ok, why))


def main():
    if sys.argv[1:2] == ["--smp"] and len(sys.argv) == 3:
        SMP_OPTS[:] = ["--smp", sys.argv[2]]
    elif sys.argv[1:]:
        sys.exit("usage: test_lvrun.py [--smp N]")
    tally = Tally()
    with tempfile.TemporaryDirectory() as tmp:
        root = make_root(tmp)
        cases = [Case("%s -> %d" % (c[0], c[1]), [c[0]], c[1], c[2], opts=c[3] if len(c) > 3 else ())
                 for c in SIGNAL_CASES]
        cases.append(Case("rust/rust_stack_overflow -> 134", ["rust/rust_stack_overflow"], 128 + 6,
                          b"recursing\n", b"\nthread 'main' has overflowed its stack\n"
                          b"fatal runtime error: stack overflow\n"))
        cases += feature_cases(root)
        cases.append(Case("timeout -> 124", ["glibc/sleep_forever"], 124, timeout=8))
        # Every job boots on its own: they run JOBS at a time (lv.in_parallel)
        # and their results are reported in this order. Each is (check,
        # waits): waits if the check mostly sleeps (a run that must time
        # out, the halted machine of check_reboot), so it runs beside them.
        jobs = []
        for kernel in ("linux", "levitate"):
            jobs += [(lambda rec, k=kernel, c=case: check_case(rec, k, c), case.status == lv.EXIT_TIMEOUT)
                     for case in cases]
            jobs.append((lambda rec, k=kernel: check_leftover(rec, k), False))
            jobs.append((lambda rec, k=kernel: check_reboot(rec, k), True))
        jobs.append((check_task_dump, True))
        jobs.append((check_panic_report, True))
        jobs.append((check_init_exit, False))
        jobs.append((check_init_args, False))

        def run_job(job):
            rec = Recorder()
            job[0](rec)
            return rec.results

        for results in lv.in_parallel(run_job, jobs, waits=lambda job: job[1]):
            for label, ok, why in results:
                tally.result(label, ok, why)
    return tally.summary()


if __name__ == "__main__":
    sys.exit(main())
