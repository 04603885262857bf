#!/usr/bin/env python3
"""test_debian.py — Debian's own dynamically linked programs on both kernels.

    python3 tests/harness/test_debian.py [--only PATTERN] [--kernel both|linux|levitate]
                                         [-j N] [--timeout S] [--batch N] [--no-cache]
                                         [--verbose] [SCRIPT_DIR]

A root tree of Debian arm64 packages (bash, coreutils, python3 and what they
depend on) is made by tools/mkrootfs (cached under build/rootfs/) and becomes
the root file system of both kernels. Every tests/debian/NAME.sh runs as
`/bin/bash /t/debian/NAME.sh` and every NAME.py as
`/usr/bin/python3 /t/debian/NAME.py`, in /tmp; each is a test named
"debian/NAME". Everything else is run_abi.py's: stdout, stderr and exit
status compared byte for byte, Linux results cached (keyed by the script
and the tree's package versions), tests/known-failures. `make test-debian`
runs this suite alone. See docs/exec.md.
"""

import fnmatch
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lvharness as lv  # noqa: E402
import run_abi  # noqa: E402

SCRIPT_DIR = os.path.join(lv.TOP, "tests", "debian")
MKROOTFS = os.path.join(lv.TOP, "tools", "mkrootfs")
PACKAGES = ["bash", "coreutils", "python3"]
INTERPRETERS = {".sh": "/bin/bash", ".py": "/usr/bin/python3"}


class DebianTest(run_abi.Test):
    """debian/NAME: a script run by Debian's bash or python3 from the tree."""

    def __init__(self, name, script, root):
        super().__init__(name, script)
        ext = os.path.splitext(script)[1]
        guest_script = "/t/%s%s" % (name, ext)
        self.program = lv.Program(None, [INTERPRETERS[ext], guest_script], cwd="/tmp")
        self.files = [(script, guest_script)]
        self.key_files = [script, os.path.join(root, ".packages"), MKROOTFS]
        self.root = root


def find_scripts(script_dir, pattern, root):
    tests = []
    for f in sorted(os.listdir(script_dir)) if os.path.isdir(script_dir) else []:
        name, ext = os.path.splitext(f)
        if ext in INTERPRETERS and fnmatch.fnmatch("debian/" + name, pattern):
            tests.append(DebianTest("debian/" + name, os.path.join(script_dir, f), root))
    return tests


def main():
    args = run_abi.parse_args(__doc__, SCRIPT_DIR)
    r = subprocess.run([MKROOTFS] + PACKAGES, capture_output=True, text=True)
    if r.returncode != 0:
        print("test_debian: tools/mkrootfs failed: %s" % r.stderr.strip(), file=sys.stderr)
        print("0 passed, 1 failed")
        return 1
    root = r.stdout.strip()
    return run_abi.run_tests(find_scripts(args.abi_dir, args.only, root), args)


if __name__ == "__main__":
    sys.exit(main())
