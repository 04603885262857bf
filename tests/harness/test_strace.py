#!/usr/bin/env python3
"""test_strace.py — tools/lvrun --strace, the built-in system-call tracer
(docs/strace.md). Ends with "N passed, N failed".

1. On LevitateOS, the traces of a glibc hello and of tests/strace/trace_demo.c
   hold the lines strace would print, in order (patterns below), and the
   trace never mixes with the program's stdout: with --strace on stderr,
   stdout is exactly the program's output.
2. With tracing on, the tracer's per-task state comes back: over three
   rounds of the traced programs in one boot, the free page count (plus
   kmalloc's cached pages) after each program is the same.
3. Differential: single-process programs traced by Debian's real strace
   (build/ext/strace, fetched by tools/setup) under Debian's Linux, and by
   --strace under LevitateOS, give the same lines once what legitimately
   differs is masked (normalise()): addresses, pids, random bytes, the
   console's device numbers, clock readings, and rseq (LevitateOS has none).
   The oracle's result is cached like the ABI tests' (build/oracle-cache).
4. Debian's strace itself (a ptrace tracer, docs/ptrace.md) tracing the same
   programs with -f under LevitateOS gives the oracle's lines, masked the same way.
"""
import hashlib
import json
import os
import re
import subprocess
import sys

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.join(TOP, "tests", "harness"))
import lvharness as lv  # noqa: E402
from leak_check import FREE_RE  # noqa: E402

LVRUN = os.path.join(TOP, "tools", "lvrun")
OUT = os.path.join(TOP, "build", "strace")
STRACE = os.path.join(TOP, "build", "ext", "strace", "usr", "bin", "strace")
CROSS_LIB = "/usr/aarch64-linux-gnu/lib"
CACHE = os.path.join(TOP, "build", "oracle-cache")

PROGRAMS = {  # name -> source, built static with glibc
    "hello": "tests/abi/hello.c",
    "trace_demo": "tests/strace/trace_demo.c",
    "calls_demo": "tests/strace/calls_demo.c",
    "flags_demo": "tests/strace/flags_demo.c",
}
DEMO_FILE = b"first line of the demo file\nsecond\n"  # calls_demo reads /etc/demo.txt

A = r"0x[0-9a-f]+"  # an address
HELLO_LINES = [
    r'execve\("/bin/hello", \["/bin/hello"\], %s /\* 4 vars \*/\) += 0$' % A,
    r'write\(1, "hello, world\\n", 13\) += 13$',
    r'exit_group\(0\) += \?$',
    r'\+\+\+ exited with 0 \+\+\+$',
]
DEMO_LINES = [
    r'execve\("/bin/trace_demo", \["/bin/trace_demo"\], %s /\* 4 vars \*/\) += 0$' % A,
    r'openat\(AT_FDCWD, "/nonexistent", O_RDONLY\|O_CLOEXEC\) += -1 ENOENT '
    r'\(No such file or directory\)$',
    r'pipe2\(\[3, 4\], 0\) += 0$',
    r'clone\(child_stack=NULL, flags=CLONE_CHILD_CLEARTID\|CLONE_CHILD_SETTID\|SIGCHLD, '
    r'child_tidptr=%s\) += (?P<child>\d+)$' % A,
    r'\[pid +(?P=child)\] exit_group\(3\) += \?$',
    r'\[pid +(?P=child)\] \+\+\+ exited with 3 \+\+\+$',
    r'(wait4\((?P=child), |<\.\.\. wait4 resumed>)\[\{WIFEXITED\(s\) && WEXITSTATUS\(s\) == 3\}\], 0, NULL\) += (?P=child)$',
    r'rt_sigaction\(SIGUSR1, \{sa_handler=%s, sa_mask=\[\], sa_flags=0\}, NULL, 8\) += 0$' % A,
    r'tgkill\(\d+, \d+, SIGUSR1\) += 0$',
    r'--- SIGUSR1 \{si_signo=SIGUSR1, si_code=SI_TKILL, si_pid=\d+, si_uid=0\} ---$',
    r'rt_sigreturn\(\{mask=\[\]\}\) += 0$',
    r'write\(1, "child status 3\\n", 15\) += 15$',
    r'--- SIGSEGV \{si_signo=SIGSEGV, si_code=SEGV_MAPERR, si_addr=NULL\} ---$',
    r'\+\+\+ killed by SIGSEGV \+\+\+$',
]
# Anywhere in trace_demo's trace (the order between processes may vary).
DEMO_ANYWHERE = [
    r'--- SIGCHLD \{si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=\d+, si_uid=0\} ---$',
    r'read\(\d+,  <unfinished \.\.\.>$',
    r'<\.\.\. read resumed>"[abc]", 1\) += 1$',
]


def build(name):
    src = os.path.join(TOP, PROGRAMS[name])
    out = os.path.join(OUT, name)
    if not os.path.exists(out) or os.path.getmtime(out) < os.path.getmtime(src):
        os.makedirs(OUT, exist_ok=True)
        subprocess.run([lv.CROSS_CC, "-static", "-O2", "-Wall", "-Werror", "-o", out, src], check=True)
    return out


def lvrun(opts, prog, args=()):
    p = subprocess.run([LVRUN, "--timeout", "60"] + opts + [prog] + list(args),
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    return p.returncode, p.stdout, p.stderr


def in_order(patterns, lines):
    """None if the patterns match lines in this order, else what is missing."""
    groups = {}
    i = 0
    for pat in patterns:
        for k, v in groups.items():  # earlier named groups are back-references
            pat = pat.replace("(?P=%s)" % k, re.escape(v))
        rx = re.compile(pat)
        while i < len(lines) and not rx.search(lines[i]):
            i += 1
        if i == len(lines):
            return "no line matching %r in order" % pat
        groups.update({k: v for k, v in rx.search(lines[i]).groupdict().items() if v})
        i += 1
    return None


def check_levitate(results):
    hello = build("hello")
    status, out, err = lvrun(["--strace"], hello)
    trace = err.decode(errors="replace").splitlines()
    why = in_order(HELLO_LINES, trace)
    if status != 0 or out != b"hello, world\ndone\n" or why:
        results.append((False, "hello --strace: status %d, stdout %r: %s" % (status, out, why)))
    else:
        results.append((True, "hello --strace: trace on stderr, stdout untouched"))

    demo = build("trace_demo")
    path = os.path.join(OUT, "trace_demo.trace")
    status, out, err = lvrun(["--strace=" + path], demo)
    trace = open(path, errors="replace").read().splitlines()
    why = in_order(DEMO_LINES, trace)
    for pat in DEMO_ANYWHERE:
        if not why and not any(re.search(pat, line) for line in trace):
            why = "no line matching %r" % pat
    if status != 128 + 11 or out != b"child status 3\n" or why:
        results.append((False, "trace_demo --strace=FILE: status %d, stdout %r: %s" % (status, out, why)))
    else:
        results.append((True, "trace_demo --strace=FILE: fork, signals, <unfinished ...>, SIGSEGV"))


def check_no_leak(results):
    progs = []
    for _ in range(3):
        for name in ("hello", "trace_demo"):
            progs.append((build(name), ["/bin/" + name]))
    free, lines = [], 0
    with lv.Session("levitate", progs, qemu_opts={"strace": True, "append_extra": "levitate.log_reaps ignore_loglevel"}) as s:
        for e in s.events():
            if lv.trace_line(e) is not None:
                lines += 1
            elif e.kind == "log":
                m = FREE_RE.search(e.data)
                if m:
                    free.append(int(m.group(1)) + int(m.group(2)))
    # the first round warms the caches up; every later program ends where it began
    later = free[len(progs) // 3:]
    if len(free) != len(progs) or lines < 100 or len(set(later)) != 1:
        results.append((False, "leak check with tracing: %d trace lines, free pages %r" % (lines, free)))
    else:
        results.append((True, "leak check with tracing: %d trace lines, %d pages free after each program"
                        % (lines, later[0])))


# --------------------------------------------------------------------------
# The differential test against Debian's strace


def normalise(text):
    """Masks what differs between the kernels for reasons other than the
    tracer: see the docstring at the top."""
    lines = []
    pids = {}
    for line in text.splitlines():
        if line.startswith("strace: ") or line.startswith("/bin/strace: "):
            continue
        line = re.sub(r"\)\s+= ", ") = ", line)          # the result column
        line = re.sub(r"0x[0-9a-f]{5,}", "ADDR", line)
        m = re.match(r"set_tid_address\(.*\) = (\d+)$", line)
        if m:
            pids.setdefault(m.group(1), "PID")
        for pid, name in list(pids.items()) * 2:  # twice: tgkill(PID, PID, ...) overlaps
            line = re.sub(r"(get[pt]id\(\) = |kill\(|si_pid=|tgkill\(|tgkill\(PID, )%s\b" % pid, r"\g<1>" + name, line)
            line = re.sub(r"(set_tid_address\(ADDR\) = )%s$" % pid, r"\g<1>" + name, line)
        line = re.sub(r'^(getrandom\()"[^"]*"', r'\1"RANDOM"', line)
        line = re.sub(r"makedev\([^)]*\)", "makedev(DEV)", line)
        line = re.sub(r'(nodename=)"[^"]*"', r'\1"HOST"', line)
        line = re.sub(r"^(rseq\(.*\) = ).*", r"\1RSEQ", line)
        line = re.sub(r", si_status=.*\}", "}", line)  # SIGCHLD details LevitateOS lacks
        line = re.sub(r"^((clock_get\w+|gettimeofday)\(.*)\{tv_sec=\d+, (tv_\w+)=\d+\}", r"\1{tv_sec=S, \3=N}", line)
        lines.append(line)
    return lines


def oracle_trace(name, prog):
    """Real strace's trace of prog under Linux (the console output is cached,
    keyed by everything that can change it)."""
    demo = os.path.join(OUT, "demo.txt")
    with open(demo, "wb") as f:
        f.write(DEMO_FILE)
    files = strace_files(name, prog)
    key = hashlib.sha256(json.dumps(
        ["strace-oracle-3", lv.sha256_file(prog), lv.sha256_file(STRACE), lv.PROTOCOL_VERSION,
         lv.sha256_file(lv.kernel_path("linux"))] + [lv.sha256_file(h) for h, _ in files]).encode()).hexdigest()
    cached = os.path.join(CACHE, "strace-%s.json" % key)
    if os.path.exists(cached):
        with open(cached) as f:
            return json.load(f)["trace"]
    opts = ["--kernel", "linux"]
    for host, guest in files:
        opts += ["--file", "%s:%s" % (host, guest)]
    status, out, err = lvrun(opts, STRACE, ["-f", "/bin/" + name])
    if status == lv.EXIT_HARNESS or status == lv.EXIT_TIMEOUT:
        raise lv.HarnessError("strace under Linux: status %d: %s" % (status, err.decode(errors="replace")))
    trace = err.decode(errors="replace")  # strace writes to its stderr, which lvrun keeps apart
    os.makedirs(CACHE, exist_ok=True)
    with open(cached + ".tmp", "w") as f:
        json.dump({"trace": trace}, f)
    os.replace(cached + ".tmp", cached)
    return trace


def check_differential(results):
    if not os.path.exists(STRACE):
        results.append((False, "differential: %s missing (run tools/setup)" % os.path.relpath(STRACE, TOP)))
        return
    for name in ("hello", "calls_demo", "flags_demo"):
        prog = build(name)
        try:
            want = normalise(oracle_trace(name, prog))
        except lv.HarnessError as e:
            results.append((False, "differential %s: %s" % (name, e)))
            continue
        path = os.path.join(OUT, name + ".trace")
        lvrun(["--strace=" + path, "--file", os.path.join(OUT, "demo.txt") + ":/etc/demo.txt"], prog)
        got = normalise(open(path, errors="replace").read())
        if len(want) < 10 or not want[0].startswith("execve("):
            results.append((False, "differential %s: the oracle's trace is too short: %r" % (name, want)))
        elif want == got:
            results.append((True, "differential %s: %d lines as Debian's strace prints them" % (name, len(got))))
            continue
        import difflib
        diff = list(difflib.unified_diff(want, got, "strace on Linux", "--strace on LevitateOS", lineterm="", n=1))
        results.append((False, "differential %s:\n  %s" % (name, "\n  ".join(diff[:30]))))


def strace_files(name, prog):
    """What Debian's (dynamically linked) strace and the traced program need."""
    return [(os.path.join(CROSS_LIB, "ld-linux-aarch64.so.1"), "/lib/ld-linux-aarch64.so.1"),
            (os.path.join(CROSS_LIB, "libc.so.6"), "/lib/libc.so.6"),
            (prog, "/bin/" + name), (os.path.join(OUT, "demo.txt"), "/etc/demo.txt")]


def check_real_strace(results):
    """Debian's strace itself, a ptrace tracer, under LevitateOS (docs/ptrace.md):
    `strace -f` of each program gives the trace it gives under Linux."""
    if not os.path.exists(STRACE):
        results.append((False, "real strace: %s missing (run tools/setup)" % os.path.relpath(STRACE, TOP)))
        return
    for name in ("hello", "calls_demo", "flags_demo"):
        prog = build(name)
        want = normalise(oracle_trace(name, prog))
        opts = []
        for host, guest in strace_files(name, prog):
            opts += ["--file", "%s:%s" % (host, guest)]
        status, out, err = lvrun(opts, STRACE, ["-f", "/bin/" + name])
        got = normalise(err.decode(errors="replace"))
        if want == got:  # its status is the program's, whose end the trace shows ("+++ exited with N +++")
            results.append((True, "real strace -f %s under LevitateOS: %d lines as under Linux" % (name, len(got))))
            continue
        import difflib
        diff = list(difflib.unified_diff(want, got, "strace on Linux", "strace on LevitateOS", lineterm="", n=1))
        results.append((False, "real strace -f %s: status %d\n  %s" % (name, status, "\n  ".join(diff[:30]))))


def main():
    results = []
    try:
        check_levitate(results)
        check_no_leak(results)
        check_differential(results)
        check_real_strace(results)
    except (lv.HarnessError, subprocess.CalledProcessError, OSError) as e:
        results.append((False, "harness: %s" % e))
    for ok, what in results:
        print("%s strace %s" % ("PASS" if ok else "FAIL", what))
    passed = sum(1 for ok, _ in results if ok)
    print("%d passed, %d failed" % (passed, len(results) - passed))
    return 0 if passed == len(results) else 1


if __name__ == "__main__":
    sys.exit(main())
