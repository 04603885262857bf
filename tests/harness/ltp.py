#!/usr/bin/env python3
"""ltp.py — the Linux Test Project's system-call tests on Linux and LevitateOS.

    python3 tests/harness/ltp.py [--quick] [--runtest R[,R...]] [--group G[,G...]] [--only PATTERN]
                                 [--kernel both|linux|levitate] [-j N] [--timeout S]
                                 [--batch N] [--no-cache] [--resume] [--report FILE]
                                 [--verbose] [--smp N]

LTP itself is built by tools/ltp-build under build/ltp/ (never copied into
the project). Two modes:

  * default (`make ltp`): the whole build; every entry of runtest/syscalls and
    of the other runtest files in SUITES whose metadata (ltp.json) needs no
    block device, mkfs, drivers or kernel-config checks and which is a
    program, not a shell command line. --runtest keeps some runtest files,
    --group some groups (GROUPS below for runtest/syscalls; each other runtest
    file is one group of its name), --only an fnmatch pattern on entry names.
    Writes build/ltp/report.md.
  * --quick (`make test`): only the entries listed in tests/ltp-quick (tests
    that pass on both kernels, of any of the runtest files), built alone
    (tools/ltp-build --subset).

Each entry runs as its runtest command, /ltp/testcases/bin/CMD ARGS, with every
executable of its source directory beside it (helpers it
execs), BusyBox as /bin/sh, /bin/cp, /bin/true..., an /etc/passwd and
/etc/group with root and nobody, TMPDIR=/tmp (a tmpfs), cwd /tmp. Batches,
the per-test timeout, the Linux result cache and the hung-test recovery are
run_abi.py's (one boot per batch; a hang kills QEMU and the batch boots again
from the next entry). Results are kept as each batch ends — Linux's in the
oracle cache, LevitateOS's in build/ltp/resume/ keyed the same way with
LevitateOS's boot (its kernel's hash) — so an interrupted run loses at most
the batches under way; --resume takes the kept LevitateOS results of the same
kernel instead of running those entries again.

Outcome of an entry on one kernel: LTP's exit status — 0 pass, 32 TCONF (not
applicable), else a failure (bit 1 TFAIL, bit 2 TBROK, bit 4 TWARN) — or a
signal, a timeout, a harness error. Verdicts, against
tests/ltp-expectations (TESTNAME #ISSUE reason, as tests/known-failures):
PASS when both kernels pass; FAIL when Linux passes and LevitateOS does not
and the entry is not listed; XFAIL (counted as skipped) when it is listed;
XPASS (a failure: remove the line) when a listed entry passes. An entry that
does not pass on Linux is not judged (LINUX-... in the report), except that a
listed one is an error: the list holds only what Linux passes. See docs/ltp.md.
"""

import argparse
import fnmatch
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lvharness as lv  # noqa: E402
import run_abi  # noqa: E402

LTP_DIR = os.path.join(lv.BUILD, "ltp")
BUILD_TOOL = os.path.join(lv.TOP, "tools", "ltp-build")
EXPECTATIONS = os.path.join(lv.TOP, "tests", "ltp-expectations")
QUICK_LIST = os.path.join(lv.TOP, "tests", "ltp-quick")
RESUME_DIR = os.path.join(LTP_DIR, "resume")


class KeepingRunner(run_abi.Runner):
    """run_abi's Runner that stores each batch's results as the batch ends
    (stores: kernel -> OracleCache), so a long run can be resumed."""

    def __init__(self, *args, stores, **kwargs):
        super().__init__(*args, **kwargs)
        self.stores = stores

    def _batch(self, kernel, tests):
        rest = super()._batch(kernel, tests)
        store = self.stores.get(kernel)
        if store:
            for t in tests:
                if kernel in t.results:
                    store.put(t, t.results[kernel])
        return rest
BUSYBOX = os.path.join(lv.BUILD, "ext", "busybox", "bin", "busybox")
GUEST_BIN = "/ltp/testcases/bin"  # $LTPROOT/testcases/bin, where LTP looks for resource files

# The runtest files besides runtest/syscalls that `make ltp` runs (their test
# directories are tools/ltp-build's SUITE_DIRS): terminals, memory
# management, file-system stress on tmpfs, the scheduler, libm, crashme
# (random code and system calls: the kernel must survive them) and the CVE
# regression tests. An entry whose name an earlier file used already is
# named "RUNTEST:NAME".
SUITES = ["pty", "mm", "fs", "sched", "math", "crashme", "cve"]

# Metadata fields (LTP's struct tst_test) of tests left out until the kernel
# has block devices and modules.
NEEDS_LEFT_OUT = ("needs_device", "format_device", "mount_device", "all_filesystems",
                  "needs_drivers", "needs_kconfigs")

# Groups of runtest/syscalls entries, by name prefix (an entry "fcntl27_64"
# is in the group of the prefix "fcntl"). The longest matching prefix wins.
GROUPS = {
    "memory": "brk mmap munmap mprotect mremap madvise mincore msync mlock munlock mlockall "
              "munlockall mlock2 remap_file_pages process_vm_readv process_vm_writev "
              "mallinfo mallopt memfd_create mseal".split(),
    "threads": "clone clone3 futex set_tid_address gettid tgkill tkill set_robust_list "
               "get_robust_list".split(),
    "descriptors": "dup dup2 dup3 fcntl pipe pipe2 close close_range poll ppoll select "
                   "pselect eventfd".split(),
    "fd": "open openat openat2 creat read write readv writev pread pwrite preadv pwritev "
          "preadv2 pwritev2 lseek llseek fsync fdatasync ftruncate truncate".split(),
    "signals": "kill rt_sigaction rt_sigprocmask rt_sigqueueinfo rt_sigsuspend "
               "rt_sigtimedwait rt_tgsigqueueinfo sigaction sigprocmask sigpending "
               "sigsuspend sigaltstack signal sighold sigrelse sigwait sigwaitinfo "
               "sigtimedwait pause alarm abort".split(),
    "processes": "fork vfork execve execveat execl execle execlp execv execvp exit "
                 "exit_group wait wait4 waitpid waitid getpid getppid setsid getsid "
                 "setpgid getpgid setpgrp getpgrp prctl kcmp getrlimit setrlimit prlimit64 "
                 "getpriority setpriority nice uname getcwd chdir fchdir".split(),
    "time": "clock_gettime clock_getres clock_nanosleep nanosleep gettimeofday time times "
            "getitimer setitimer timer_create timer_delete timer_settime timer_gettime "
            "timer_getoverrun timerfd clock_settime clock_adjtime adjtimex".split(),
    "credentials": "getuid geteuid getgid getegid setuid setgid setreuid setregid setresuid "
                   "setresgid getresuid getresgid setgroups getgroups setfsuid setfsgid "
                   "capget capset umask".split(),
}

# The guest files besides the tests: the password and group files LTP's
# library reads (tst_get_nobody..., SAFE_GETPWNAM), BusyBox for /bin/sh.
PASSWD = ("root:x:0:0:root:/root:/bin/sh\n"
          "daemon:x:1:1:daemon:/usr/sbin:/bin/false\n"
          "bin:x:2:2:bin:/bin:/bin/false\n"
          "nobody:x:65534:65534:nobody:/nonexistent:/bin/false\n")
GROUP = ("root:x:0:\ndaemon:x:1:\nbin:x:2:\nnogroup:x:65534:\nnobody:x:65533:\n")
NSSWITCH = "passwd: files\ngroup: files\n"  # glibc's built-in files backend, no dlopen
BUSYBOX_LINKS = "sh cp true false cat echo ls mkdir rm mv ln sleep chmod kill".split()
ENV = ["PATH=%s:/bin:/usr/bin" % GUEST_BIN, "HOME=/", "TERM=linux", "TMPDIR=/tmp",
       "LTPROOT=/ltp", "LTP_COLORIZE_OUTPUT=0", "LVTEST=1"]


def group_of(name, runtest="syscalls"):
    if runtest != "syscalls":
        return runtest
    best, best_len = "other", 0
    for group, prefixes in GROUPS.items():
        for p in prefixes:
            if name.startswith(p) and len(p) > best_len:
                rest = name[len(p):]
                if not rest or rest[0].isdigit() or rest[0] == "_":
                    best, best_len = group, len(p)
    return best


# --------------------------------------------------------------------------
# The build, the runtest file, the metadata


def build(subset_file=None):
    cmd = ["nice", "-n", "10", BUILD_TOOL] + (["--subset", subset_file] if subset_file else [])
    try:
        out = subprocess.run(cmd, stdout=subprocess.PIPE, check=True).stdout
    except (OSError, subprocess.CalledProcessError) as e:
        raise lv.HarnessError("LTP build failed: %s" % e)
    return os.path.join(out.decode().strip().splitlines()[-1], "src")


def read_runtest(src, runtest="syscalls"):
    """[(name, [cmd, args...])] of runtest/RUNTEST, in file order."""
    entries = []
    with open(os.path.join(src, "runtest", runtest)) as f:
        for line in f:
            words = line.split()
            if words and not words[0].startswith("#") and len(words) >= 2:
                entries.append((words[0], words[1:]))
    return entries


# Words that make a runtest line a shell command line rather than a program
# and its arguments (mm's "mmapstress07 TMPFILE=`mktemp ...`; mmapstress07 $TMPFILE").
# A shell script (NAME.sh, LTP's shell library) is not run either.
SHELL_SYNTAX = ("`", "$", ";", "|", "&", ">", "<")


def is_shell_line(argv):
    return argv[0].endswith(".sh") or any(c in word for word in argv for c in SHELL_SYNTAX)


def index_binaries(src):
    """name -> host path of every ELF executable under the tests built."""
    index = {}
    for root, _, files in os.walk(os.path.join(src, "testcases")):
        for f in files:
            path = os.path.join(root, f)
            if os.access(path, os.X_OK) and not f.endswith((".sh", ".o")):
                with open(path, "rb") as fh:
                    if fh.read(4) == b"\x7fELF":
                        index.setdefault(f, path)
    return index


def read_metadata(src):
    path = os.path.join(src, "metadata", "ltp.json")
    if not os.path.exists(path):
        return {}
    with open(path) as f:
        return json.load(f).get("tests", {})


def left_out_reason(meta):
    """Why an entry's metadata keeps it out, or None."""
    needs = [k for k in NEEDS_LEFT_OUT if meta.get(k) not in (None, "0", 0, [], "")]
    return "needs " + ", ".join(needs) if needs else None


# --------------------------------------------------------------------------
# Tests


def make_root():
    """build/ltp/root: the fixed part of every guest tree (etc, BusyBox)."""
    root = os.path.join(LTP_DIR, "root")
    os.makedirs(os.path.join(root, "etc"), exist_ok=True)
    os.makedirs(os.path.join(root, "bin"), exist_ok=True)
    for name, text in (("passwd", PASSWD), ("group", GROUP), ("nsswitch.conf", NSSWITCH)):
        with open(os.path.join(root, "etc", name), "w") as f:
            f.write(text)
    bb = os.path.join(root, "bin", "busybox")
    if not os.path.exists(bb) or os.path.getmtime(bb) < os.path.getmtime(BUSYBOX):
        with open(BUSYBOX, "rb") as f, open(bb + ".tmp", "wb") as g:
            g.write(f.read())
        os.chmod(bb + ".tmp", 0o755)
        os.replace(bb + ".tmp", bb)
    for link in BUSYBOX_LINKS:
        path = os.path.join(root, "bin", link)
        if not os.path.islink(path):
            os.symlink("busybox", path)
    return root


# LTP runs on machines whose loopback is up, with devpts on /dev/pts and a
# tmpfs on /dev/shm; a test boot has lo down and only devtmpfs on /dev. A
# network test's result on Linux then hung on whether an earlier entry of
# its batch brought lo up (sendto01: connect to 0.0.0.0 is ENETUNREACH with
# lo down, so a batch change turned a pass into "fail 2"), and runtest/pty's
# entries broke on both kernels (no /dev/pts/N). Each entry brings lo up and
# mounts the two where they are not mounted yet, with BusyBox, then exec's
# itself through env, which drops the two variables the shell adds: the
# same pid, argv and environment.
SETUP_THEN = ["/bin/busybox", "sh", "-c",
              "/bin/busybox ifconfig lo up; /bin/busybox mkdir -p /dev/pts /dev/shm; "
              "/bin/busybox grep -q ' /dev/pts ' /proc/mounts || "
              "/bin/busybox mount -t devpts devpts /dev/pts; "
              "/bin/busybox grep -q ' /dev/shm ' /proc/mounts || "
              "/bin/busybox mount -t tmpfs shm /dev/shm; "
              'exec /bin/busybox env -u PWD -u SHLVL "$0" "$@"']


class LtpTest(run_abi.Test):
    """One runtest/syscalls entry: /ltp/testcases/bin/CMD ARGS with its directory's
    executables beside it."""

    def __init__(self, name, argv, binary, root, runtest="syscalls"):
        super().__init__(name, binary)
        self.group = group_of(name, runtest)
        # The binary is packed as one of files (host None: already in the
        # image), so tests of one directory in a batch share their copies.
        self.program = lv.Program(None, SETUP_THEN + [GUEST_BIN + "/" + argv[0]] + argv[1:], env=ENV,
                                  cwd="/tmp")
        directory = os.path.dirname(binary)
        helpers = sorted(os.path.join(directory, f) for f in os.listdir(directory))
        helpers = [h for h in helpers if h != binary and is_elf_executable(h)]
        self.files = [(h, GUEST_BIN + "/" + os.path.basename(h)) for h in [binary] + helpers]
        self.key_files = [binary] + helpers + [
            os.path.join(root, "etc", name) for name in ("passwd", "group", "nsswitch.conf")] + [
            BUSYBOX]
        self.left_out = None  # why it is not run, or None


def is_elf_executable(path):
    if not os.access(path, os.X_OK) or os.path.isdir(path):
        return False
    with open(path, "rb") as f:
        return f.read(4) == b"\x7fELF"


def outcome(res):
    """"pass", "conf", "fail N", "signal N", "timeout", "error" or None."""
    if res is None:
        return None
    if res.how == "exit":
        return {0: "pass", 32: "conf"}.get(res.code, "fail %d" % res.code)
    if res.how == "signal":
        return "signal %d" % res.code
    return res.how


def first_problem(res):
    """The first TFAIL/TBROK line of a result's output, for the report."""
    if res is None:
        return ""
    for line in (res.out + res.err).decode(errors="replace").splitlines():
        if "TFAIL" in line or "TBROK" in line:
            return line.strip()[:160]
    return res.note[:160] if res.note else ""


# --------------------------------------------------------------------------
# Verdicts and the report


def judge(t, mode, expected):
    """(verdict, detail). verdict: PASS FAIL XFAIL XPASS or LINUX-<outcome>."""
    lin = outcome(t.results.get("linux"))
    lev = outcome(t.results.get("levitate"))
    issue = expected.get(t.name)
    if lin is None:
        return "FAIL", "no Linux result"
    if lin != "pass":
        if issue is not None:
            return "FAIL", "listed in tests/ltp-expectations but Linux gives %s" % lin
        return "LINUX-" + lin.split()[0].upper(), ""
    if mode == "linux":
        return "PASS", ""
    if lev == "pass":
        if issue is not None:
            return "XPASS", "passes now: remove it from tests/ltp-expectations"
        return "PASS", ""
    detail = "%s on LevitateOS: %s" % (lev, first_problem(t.results.get("levitate")))
    if issue is not None:
        return "XFAIL", "%s [%s]" % (detail, issue)
    return "FAIL", detail


def write_report(path, tests, left_out, verdicts):
    groups = sorted({t.group for t in tests} | {t.group for t in left_out})
    lines = ["# LTP runtest files on Linux and LevitateOS", "",
             "Generated by tests/harness/ltp.py (docs/ltp.md). Outcomes: pass, conf "
             "(TCONF: not applicable), fail N (LTP's exit status), signal N, timeout, error.", "",
             "## Totals", "",
             "| group | run | Linux pass | LevitateOS pass | both pass | Linux pass, ours not"
             " | left out |",
             "| --- | --- | --- | --- | --- | --- | --- |"]

    def row(name, ts, lo):
        lin = sum(1 for t in ts if outcome(t.results.get("linux")) == "pass")
        lev = sum(1 for t in ts if outcome(t.results.get("levitate")) == "pass")
        both = sum(1 for t in ts if outcome(t.results.get("linux")) == "pass"
                   and outcome(t.results.get("levitate")) == "pass")
        return "| %s | %d | %d | %d | %d | %d | %d |" % (name, len(ts), lin, lev, both,
                                                         lin - both, len(lo))
    for g in groups:
        lines.append(row(g, [t for t in tests if t.group == g],
                         [t for t in left_out if t.group == g]))
    lines.append(row("**all**", tests, left_out))
    lines += ["", "## Per test", "",
              "| test | group | Linux | LevitateOS | verdict | first failure on LevitateOS |",
              "| --- | --- | --- | --- | --- | --- |"]
    for t in tests:
        verdict, detail = verdicts[t.name]
        lines.append("| %s | %s | %s | %s | %s | %s |" % (
            t.name, t.group, outcome(t.results.get("linux")) or "-",
            outcome(t.results.get("levitate")) or "-", verdict,
            first_problem(t.results.get("levitate")).replace("|", "\\|")
            if verdict in ("FAIL", "XFAIL") else ""))
    if left_out:
        lines += ["", "## Left out", "", "| test | why |", "| --- | --- |"]
        lines += ["| %s | %s |" % (t.name, t.left_out) for t in left_out]
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


# --------------------------------------------------------------------------


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--quick", action="store_true", help="only tests/ltp-quick (make test)")
    p.add_argument("--runtest", default=",".join(["syscalls"] + SUITES),
                   help="comma-separated runtest files (default: syscalls and %s)"
                   % ", ".join(SUITES))
    p.add_argument("--group", default="", help="comma-separated groups (%s, other)"
                   % ", ".join(GROUPS))
    p.add_argument("--only", action="append", metavar="PATTERN",
                   help="fnmatch on entry names; repeat it for more")
    p.add_argument("--kernel", choices=["both", "linux", "levitate"], default="both")
    p.add_argument("-j", "--jobs", type=int, default=2, help="QEMUs at once")
    p.add_argument("--timeout", type=float, default=90, help="seconds per test")
    p.add_argument("--batch", type=int, default=12, help="tests per boot")
    p.add_argument("--no-cache", action="store_true", help="rerun Linux anyway")
    p.add_argument("--resume", action="store_true",
                   help="take LevitateOS results kept by an earlier run of the same kernel")
    p.add_argument("--report", default=os.path.join(LTP_DIR, "report.md"))
    p.add_argument("--src", help="an LTP tree built already (skips tools/ltp-build)")
    p.add_argument("--build-only", action="store_true",
                   help="build (or find) the LTP tree and stop (tools/test-all runs this "
                   "in the background while other suites boot)")
    p.add_argument("--verbose", action="store_true")
    p.add_argument("--smp", type=int, default=1, metavar="N",
                   help="boot every batch with N CPUs on both kernels (default one)")
    return p.parse_args()


def read_quick_list():
    """[(directory, entry name)] of tests/ltp-quick ("DIR ENTRY" lines)."""
    out = []
    with open(QUICK_LIST) as f:
        for line in f:
            words = line.split()
            if words and not words[0].startswith("#"):
                out.append((words[0], words[1]))
    return out


def read_entries(src, runtests):
    """[(name, argv, runtest)] of the runtest files in order; a name an earlier
    file used is named RUNTEST:NAME."""
    out, seen = [], set()
    for runtest in runtests:
        for name, argv in read_runtest(src, runtest):
            if name in seen:
                name = "%s:%s" % (runtest, name)
            seen.add(name)
            out.append((name, argv, runtest))
    return out


def select_tests(args, src, root):
    runtests = ["syscalls"] + SUITES if args.quick else [r for r in args.runtest.split(",") if r]
    entries = read_entries(src, runtests)
    binaries = index_binaries(src)
    meta = read_metadata(src)
    wanted_groups = set(g for g in args.group.split(",") if g)
    quick = None
    if args.quick:
        quick = {name for _, name in read_quick_list()}
    tests, left_out = [], []
    for name, argv, runtest in entries:
        if quick is not None and name not in quick:
            continue
        if not any(fnmatch.fnmatch(name, pattern) for pattern in (args.only or ["*"])):
            continue
        if wanted_groups and group_of(name, runtest) not in wanted_groups:
            continue
        binary = None if is_shell_line(argv) else binaries.get(argv[0])
        if binary is None:
            t = run_abi.Test(name, None)
            t.group = group_of(name, runtest)
            t.left_out = "a shell script or command line" if is_shell_line(argv) \
                else "not built for aarch64"
            left_out.append(t)
            continue
        t = LtpTest(name, argv, binary, root, runtest)
        if args.smp > 1:
            t.qemu_opts = {"smp": args.smp}
        t.left_out = left_out_reason(meta.get(argv[0], {}))
        (left_out if t.left_out else tests).append(t)
    return tests, left_out


def main():
    args = parse_args()
    try:
        if args.src:
            src = args.src
        elif args.quick:
            subset = os.path.join(LTP_DIR, "quick-dirs")
            os.makedirs(LTP_DIR, exist_ok=True)
            with open(subset, "w") as f:
                f.write("".join(d + "\n" for d in sorted({d for d, _ in read_quick_list()})))
            src = build(subset)
        else:
            src = build()
        if args.build_only:
            print("ltp: built %s" % src)
            return 0
        root = make_root()
        tests, left_out = select_tests(args, src, root)
    except lv.HarnessError as e:
        print("ltp: %s" % e, file=sys.stderr)
        print("0 passed, 1 failed")
        return 1
    if args.quick:
        missing = set(n for _, n in read_quick_list()) - {t.name for t in tests}
        for name in sorted(missing):
            print("FAIL %s: listed in tests/ltp-quick but not run" % name)
    else:
        missing = set()
    expected = run_abi.load_known_failures(EXPECTATIONS)

    cache = run_abi.OracleCache()
    kept = run_abi.OracleCache("levitate", RESUME_DIR)
    for t in tests:
        cached = None if args.no_cache else cache.get(t)
        if cached:
            t.results["linux"] = cached
        earlier = kept.get(t) if args.resume else None
        if earlier:
            t.results["levitate"] = earlier
    runner = KeepingRunner(max(1, args.jobs), args.timeout, args.verbose, root=root,
                           stores={"linux": cache, "levitate": kept})
    lin = run_abi.batches([t for t in tests if "linux" not in t.results], args.batch) \
        if args.kernel in ("both", "linux") else []
    lev = run_abi.batches([t for t in tests if "levitate" not in t.results], args.batch) \
        if args.kernel in ("both", "levitate") else []
    for i in range(max(len(lin), len(lev))):
        for kernel, group in (("linux", lin), ("levitate", lev)):
            if i < len(group):
                runner.add(kernel, group[i])
    runner.run()

    passed, failed, skipped = 0, len(missing), 0
    verdicts = {}
    for t in tests:
        verdict, detail = judge(t, args.kernel, expected)
        verdicts[t.name] = (verdict, detail)
        if verdict == "PASS":
            passed += 1
        elif verdict in ("FAIL", "XPASS"):
            failed += 1
        else:
            skipped += 1
        if verdict.startswith("LINUX-") and args.quick:
            verdict, failed, skipped = "FAIL", failed + 1, skipped - 1
            detail = "in tests/ltp-quick but Linux gives %s" % outcome(t.results.get("linux"))
        print("%s %s%s" % (verdict, t.name, ": " + detail if detail else ""))
    if not args.quick:
        write_report(args.report, tests, left_out, verdicts)
        print("ltp: report in %s (%d left out)" % (os.path.relpath(args.report, lv.TOP),
                                                   len(left_out)))
    summary = "%d passed, %d failed" % (passed, failed)
    if skipped:
        summary += ", %d skipped" % skipped
    print(summary)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
