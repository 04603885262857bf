#!/usr/bin/env python3
"""test_lvrun.py — tools/lvrun relays what the program did, on both kernels:
its stdout, its exit status (0 and 3), 128+signal when a signal kills it,
and 124 when it runs past --timeout. Expected statuses come from the
program's own definition, and each is checked on Linux too, so a broken
expectation shows up as a Linux failure. Ends with "N passed, N failed".
"""
import os
import subprocess
import sys

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
LVRUN = os.path.join(TOP, "tools", "lvrun")
ABI = os.path.join(TOP, "build", "abi")
EXTRA = os.path.join(TOP, "build", "lvrun")  # programs of tests/lvrun/

CASES = [
    # program, extra args, expected status, expected stdout (None: don't check)
    # [, extra lvrun options]
    ("glibc/hello", [], 0, b"hello, world\ndone\n"),
    ("musl/hello", [], 0, b"hello, world\ndone\n"),
    ("glibc/exit_code_3", [], 3, None),
    ("musl/exit_code_3", [], 3, None),
    ("glibc/sigsegv_null_store", [], 128 + 11, b"about to fault\n"),
    ("musl/sigsegv_null_store", [], 128 + 11, b"about to fault\n"),
    ("glibc/prot_none_guard_segv", [], 128 + 11, b"about to touch guard page\n"),
    ("musl/prot_none_guard_segv", [], 128 + 11, b"about to touch guard page\n"),
    ("glibc/oom_touch", [], 128 + 9, None, ["--mem", "256M", "--timeout", "120"]),
    ("musl/oom_touch", [], 128 + 9, None, ["--mem", "256M", "--timeout", "120"]),
    ("glibc/exec_nx_segv", [], 128 + 11, b"jumping into a non-executable page\n"),
    ("musl/exec_nx_segv", [], 128 + 11, b"jumping into a non-executable page\n"),
    ("glibc/printf_then_segv", [], 128 + 11, b"printed before the crash\n"),
    ("musl/printf_then_segv", [], 128 + 11, b"printed before the crash\n"),
    ("glibc/abort_sigabrt", [], 128 + 6, b"about to abort\n"),
    ("musl/abort_sigabrt", [], 128 + 6, b"about to abort\n"),
    ("glibc/blocked_signal_unblocked", [], 128 + 15, b"still alive while blocked\n"),
    ("musl/blocked_signal_unblocked", [], 128 + 15, b"still alive while blocked\n"),
    ("glibc/thread_segv", [], 128 + 11, b"thread about to fault\n"),
    ("musl/thread_segv", [], 128 + 11, b"thread about to fault\n"),
    ("rust/rust_stack_overflow", [], 128 + 6,
     b"recursing\n\nthread 'main' has overflowed its stack\nfatal runtime error: stack overflow\n"),
    ("glibc/sigpipe_default", [], 128 + 13, b"writing to a closed pipe\n"),
    ("musl/sigpipe_default", [], 128 + 13, b"writing to a closed pipe\n"),
    ("glibc/stack_overflow_segv", [], 128 + 11, b"recursing\n"),
    ("musl/stack_overflow_segv", [], 128 + 11, b"recursing\n"),
]


def lvrun(kernel, prog, args, timeout=60, opts=()):
    path = os.path.join(ABI, prog)
    if not os.path.exists(path):
        path = os.path.join(EXTRA, prog)
    cmd = [LVRUN, "--kernel", kernel, "--timeout", str(timeout)] + list(opts) + [path] + args
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    return p.returncode, p.stdout, p.stderr


def main():
    passed = failed = 0
    for kernel in ("linux", "levitate"):
        for prog, args, want_status, want_out, *opts in CASES:
            status, out, err = lvrun(kernel, prog, args, opts=opts[0] if opts else ())
            ok = status == want_status and (want_out is None or out == want_out)
            label = "%s %s -> %d" % (kernel, prog, want_status)
            if ok:
                passed += 1
                print("PASS lvrun %s" % label)
            else:
                failed += 1
                print("FAIL lvrun %s: got status %d, stdout %r, stderr %r" % (label, status, out[:200], err[-300:]))
        # a program that never ends: lvrun must give up with 124
        status, out, err = lvrun(kernel, "glibc/sleep_forever", [], timeout=8)
        if status == 124:
            passed += 1
            print("PASS lvrun %s timeout -> 124" % kernel)
        else:
            failed += 1
            print("FAIL lvrun %s timeout: got %d, stderr %r" % (kernel, status, err[-300:]))
    print("%d passed, %d failed" % (passed, failed))
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
