#!/usr/bin/env python3
"""panic_check.py — what a kernel bug looks like on the console.

Boots LevitateOS with "levitate.selftest=panic" (core/selftest.c makes a
NULL dereference in kernel mode) and checks the panic report: the decoded
ESR (a data abort taken from EL1), FAR, the registers, and a backtrace
whose frames are symbolized with the functions that led there. Then with
"levitate.selftest=stack_overflow" (a kernel thread recursing until its
kernel stack runs into the unmapped guard below it, arch/arm64/kstack.c):
the report names the overflow, the task and the stack, and its backtrace
goes on through the overflow stack into the recursion. Ends with
"N passed, N failed".
"""
import os
import re
import select
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lvharness as lv  # noqa: E402

CHECKS = [
    ("panic banner", rb"KERNEL PANIC: exception in the kernel"),
    ("decoded ESR", rb"ESR [0-9a-f]{8}: EC 0x25 \(data abort from EL1\)"),
    ("fault address", rb"FAR 0000000000000010"),
    ("registers", rb"x0  [0-9a-f]{16}  x1  [0-9a-f]{16}"),
    ("pc register", rb"pc  ffffffff8[0-9a-f]{7}"),
    ("symbolized faulting frame", rb"\] selftest_fault\+0x[0-9a-f]+"),
    # selftest_run tail-calls selftest_fault, so the next frame is its caller

    ("symbolized kernel_main", rb"\] kernel_main\+0x[0-9a-f]+"),
]

OVERFLOW_CHECKS = [
    ("stack overflow named", rb"KERNEL PANIC\s*\n.*kernel stack overflow: sp [0-9a-f]{16}, below the stack "
                             rb"\[[0-9a-f]{16}, [0-9a-f]{16}\) of selftest"),
    ("stack overflow registers", rb"x0  [0-9a-f]{16}  x1  [0-9a-f]{16}"),
    ("stack overflow backtrace into the recursion",
     rb"\] el1h_kstack_overflow\+0x[0-9a-f]+\s*\n.*\] selftest_recurse\+0x[0-9a-f]+"),
]


def read_until_backtrace_ends(cmd, timeout=30, end=b"high_entry"):
    """A panic halts the machine: read until the backtrace's line holding end
    (head.S's high_entry: the bottom of the boot stack) is complete, or the
    time is up (a loaded host may deliver the line in pieces)."""
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    out = b""
    deadline = time.monotonic() + timeout

    def line_with_end_complete():
        at = out.find(end)
        return at >= 0 and b"\n" in out[at:]

    try:
        while time.monotonic() < deadline and not line_with_end_complete():
            ready, _, _ = select.select([proc.stdout], [], [], 0.5)
            if ready:
                chunk = proc.stdout.read1(4096)
                if not chunk:
                    break
                out += chunk
        time.sleep(0.2)
    finally:
        proc.kill()
        proc.wait()
    return out


def check_report(checks, out):
    """Prints a PASS or FAIL line per (name, pattern) in checks; the console
    output's end after any failure. Returns how many passed."""
    ok = 0
    for name, pattern in checks:
        if re.search(pattern, out):
            ok += 1
            print("PASS panic report: %s" % name)
        else:
            print("FAIL panic report: %s: /%s/ not in the console output" % (name, pattern.decode()))
    if ok < len(checks):
        sys.stdout.write(out.decode(errors="replace")[-3000:] + "\n")
    return ok


def main():
    with tempfile.TemporaryDirectory() as tmp:
        initrd = os.path.join(tmp, "initrd.cpio")
        with open(initrd, "wb") as f:
            f.write(lv.build_initramfs([]))
        cmd = lv.qemu_command("levitate", initrd)
        cmd[cmd.index("-append") + 1] = "quiet levitate.selftest=panic"
        out = read_until_backtrace_ends(cmd)
        # With four CPUs started (maxcpus=4), the panic stops the others
        # (stop IPI) and the report is printed once.
        cmd4 = lv.qemu_command("levitate", initrd, smp=4)
        cmd4[cmd4.index("-append") + 1] = "quiet maxcpus=4 levitate.selftest=panic"
        out4 = read_until_backtrace_ends(cmd4)
        cmd[cmd.index("-append") + 1] = "quiet levitate.selftest=stack_overflow"
        out_overflow = read_until_backtrace_ends(cmd, end=b"selftest_recurse+")
    passed = failed = 0
    smp_ok = out4.count(b"KERNEL PANIC") == 1 and re.search(rb"\] selftest_fault\+0x[0-9a-f]+", out4)
    if smp_ok:
        passed += 1
        print("PASS panic report: one report with 4 CPUs up")
    else:
        failed += 1
        print("FAIL panic report: with 4 CPUs up, not exactly one complete report")
        sys.stdout.write(out4.decode(errors="replace")[-3000:] + "\n")
    for checks, output in ((CHECKS, out), (OVERFLOW_CHECKS, out_overflow)):
        ok = check_report(checks, output)
        passed += ok
        failed += len(checks) - ok
    print("%d passed, %d failed" % (passed, failed))
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
