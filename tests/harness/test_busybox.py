#!/usr/bin/env python3
"""test_busybox.py — BusyBox shell scripts on Linux and LevitateOS, compared.

    python3 tests/harness/test_busybox.py [--only PATTERN]... [--kernel both|linux|levitate]
                                          [-j N] [--timeout S] [--batch N] [--no-cache]
                                          [--verbose] [SCRIPT_DIR]

Every tests/busybox/NAME.sh (SCRIPT_DIR) is a test named "busybox/NAME".
It runs as `/bin/busybox sh /t/busybox/NAME.sh` with Debian's unmodified
static BusyBox (build/ext/busybox/bin/busybox), whose shell runs its applets
without any links (a "standalone" shell), in the directory /tmp.
A script prints only what is deterministic on both kernels and ends with
`echo done`.

Everything else is run_abi.py's: batches of scripts in one boot per kernel,
stdout, stderr and exit status compared byte for byte, Linux results cached
in build/oracle-cache (keyed by BusyBox, the script, argv, environment, cwd,
the boot), tests/known-failures for XFAIL/XPASS. See docs/testing.md.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lvharness as lv  # noqa: E402
import run_abi  # noqa: E402

SCRIPT_DIR = os.path.join(lv.TOP, "tests", "busybox")
BUSYBOX = os.path.join(lv.BUILD, "ext", "busybox", "bin", "busybox")
BUSYBOX_GUEST = "/bin/busybox"


class ScriptTest(run_abi.Test):
    """busybox/NAME: /bin/busybox sh /t/busybox/NAME.sh, cwd /tmp."""

    def __init__(self, name, script):
        super().__init__(name, script)
        guest_script = "/t/%s.sh" % name
        self.program = lv.Program(BUSYBOX, [BUSYBOX_GUEST, "sh", guest_script], cwd="/tmp")
        self.files = [(script, guest_script)]
        self.key_files = [BUSYBOX, script]


def find_scripts(script_dir, patterns, smp=1):
    """smp: boot every script with that many CPUs (--smp; default one)."""
    tests = []
    for f in sorted(os.listdir(script_dir)) if os.path.isdir(script_dir) else []:
        name = "busybox/" + f[:-len(".sh")]
        if f.endswith(".sh") and run_abi.matches(name, patterns):
            tests.append(ScriptTest(name, os.path.join(script_dir, f)))
            if smp > 1:
                tests[-1].qemu_opts = {"smp": smp}
    return tests


def main():
    args = run_abi.parse_args(__doc__, SCRIPT_DIR)
    if not os.path.isfile(BUSYBOX):
        print("test_busybox: %s is missing (tools/setup fetches it)"
              % os.path.relpath(BUSYBOX, lv.TOP), file=sys.stderr)
        print("0 passed, 1 failed")
        return 1
    return run_abi.run_tests(find_scripts(args.abi_dir, args.only, args.smp), args)


if __name__ == "__main__":
    sys.exit(main())
