#!/usr/bin/env python3
"""bench/boot_prompt.py — boot-to-prompt: host wall time from starting QEMU to
the shell's first prompt on the serial console, for `make run`'s system
(tools/mkroot's tree, its init (tools/init/init.c), a login shell), on both
kernels under the same QEMU, rounds alternating which kernel goes first.
QEMU is started directly with tools/run-shell's command line (the initramfs
packed before the clock starts), so run-shell's own Python start, about 0.1 s
on a loaded host, is not counted: issue #15 times QEMU start to the prompt.

    python3 bench/boot_prompt.py [--rounds N]

Prints "boot_to_prompt_s LINUX_MEDIAN LEVITATE_MEDIAN RATIO" (the ratio is
LevitateOS/Linux, lower is better; issue #15's goal: under 0.2 s on
LevitateOS). Linux boots with console=ttyAMA0 quiet, so its own messages do
not slow the serial port down more than LevitateOS's.
"""
import argparse
import os
import statistics
import sys
import time

from importlib.machinery import SourceFileLoader

import pexpect

TOP = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
sys.path.insert(0, os.path.join(TOP, "tests", "harness"))
import lvharness as lv  # noqa: E402

run_shell = SourceFileLoader("run_shell", os.path.join(TOP, "tools", "run-shell")).load_module()

ROOT = os.path.join(lv.BUILD, "bench-root")


def boot_once(kernel):
    """Seconds from starting QEMU to the prompt "# ", or None on a timeout."""
    cmd = run_shell.command(kernel, ROOT)  # packs the initramfs if the tree changed
    start = time.monotonic()
    child = pexpect.spawn(cmd[0], cmd[1:], timeout=180, dimensions=(24, 80))
    try:
        child.expect(rb"# ")
        return time.monotonic() - start
    except (pexpect.TIMEOUT, pexpect.EOF):
        return None
    finally:
        child.terminate(force=True)


def main():
    p = argparse.ArgumentParser(description="boot to the shell prompt on both kernels")
    p.add_argument("--rounds", type=int, default=5)
    args = p.parse_args()
    lv.make_console_root(ROOT)
    samples = {"linux": [], "levitate": []}
    for r in range(args.rounds):
        order = ["linux", "levitate"] if r % 2 == 0 else ["levitate", "linux"]
        for kernel in order:
            t = boot_once(kernel)
            print("bench: round %d/%d %s: %s" % (r + 1, args.rounds, kernel, "%.2f s" % t if t else "timeout"),
                  file=sys.stderr)
            if t is not None:
                samples[kernel].append(t)
    if not samples["linux"] or not samples["levitate"]:
        print("boot_to_prompt_s FAILED: a kernel never reached the prompt")
        return 1
    lin, lev = statistics.median(samples["linux"]), statistics.median(samples["levitate"])
    print("metric            Linux median  LevitateOS median  LevitateOS/Linux")
    print("boot_to_prompt_s  %-12.2f  %-17.2f  %.2f" % (lin, lev, lev / lin))
    return 0


if __name__ == "__main__":
    sys.exit(main())
