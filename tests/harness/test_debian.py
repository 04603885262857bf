#!/usr/bin/env python3
"""test_debian.py — Debian's own dynamically linked programs on both kernels.

    python3 tests/harness/test_debian.py [--suite base|dev|tools|all] [--prepare] [--only PATTERN]...
                                         [--kernel both|linux|levitate] [-j N] [--timeout S]
                                         [--batch N] [--no-cache] [--verbose]

Three suites, each a root tree of Debian arm64 packages made by tools/mkrootfs
(cached under build/rootfs/) that becomes the root file system of both
kernels:
  base  bash, coreutils, python3, perl-base, bsdutils (script), gcc and libc6-dev (one
        small compile in the guest): the scripts of tests/debian/, named "debian/NAME"
        (make test runs this suite: one boot per kernel);
  dev   the same plus perl, make, gcc, libc6-dev and git (a tree of about
        330 MiB, booted with 2 GiB of memory): tests/debian/dev/, named
        "debian-dev/NAME";
  tools bash, coreutils, sed, grep, diffutils, findutils, tar and gzip: tests/debian/tools/,
        named "debian-tools/NAME" (make test-debian runs all three suites).
Every NAME.sh runs as `/bin/bash /t/debian/NAME.sh`, NAME.py with
/usr/bin/python3 and NAME.pl with /usr/bin/perl, in /tmp. Everything else
is run_abi.py's: stdout, stderr and exit status compared byte for byte,
Linux results cached (keyed by the script and the tree's package versions),
tests/known-failures. See docs/exec.md.
"""

import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lvharness as lv  # noqa: E402
import run_abi  # noqa: E402

SCRIPT_DIR = os.path.join(lv.TOP, "tests", "debian")
MKROOTFS = os.path.join(lv.TOP, "tools", "mkrootfs")
BASE_PACKAGES = ["bash", "coreutils", "python3", "perl-base"]
DEV_PACKAGES = BASE_PACKAGES + ["perl", "make", "gcc", "libc6-dev", "git"]
TOOLS_PACKAGES = ["bash", "coreutils", "sed", "grep", "diffutils", "findutils", "tar", "gzip"]
# suite -> (test-name prefix, script directory, packages, QEMU options, seconds per test)
SUITES = {
    "base": ("debian", SCRIPT_DIR, BASE_PACKAGES + ["bsdutils", "gcc", "libc6-dev"], {}, 30),
    "dev": ("debian-dev", os.path.join(SCRIPT_DIR, "dev"),
            DEV_PACKAGES, {"mem": "2G"}, 300),
    "tools": ("debian-tools", os.path.join(SCRIPT_DIR, "tools"), TOOLS_PACKAGES, {}, 60),
}
INTERPRETERS = {".sh": "/bin/bash", ".py": "/usr/bin/python3", ".pl": "/usr/bin/perl"}


class DebianTest(run_abi.Test):
    """debian/NAME: a script run by Debian's bash, python3 or perl from the tree."""

    def __init__(self, name, script, root, qemu_opts):
        super().__init__(name, script)
        ext = os.path.splitext(script)[1]
        guest_script = "/t/%s%s" % (name, ext)
        self.program = lv.Program(None, [INTERPRETERS[ext], guest_script], cwd="/tmp")
        self.files = [(script, guest_script)]
        self.key_files = [script, os.path.join(root, ".packages"), MKROOTFS]
        self.root = root
        self.qemu_opts = qemu_opts


def find_scripts(prefix, script_dir, patterns, root, qemu_opts):
    tests = []
    for f in sorted(os.listdir(script_dir)) if os.path.isdir(script_dir) else []:
        name, ext = os.path.splitext(f)
        if ext in INTERPRETERS and run_abi.matches(prefix + "/" + name, patterns):
            tests.append(DebianTest(prefix + "/" + name, os.path.join(script_dir, f), root, qemu_opts))
    return tests


def main():
    suite = "base"
    if "--suite" in sys.argv:  # ours; the rest are run_abi.py's options
        i = sys.argv.index("--suite")
        suite = sys.argv[i + 1]
        del sys.argv[i:i + 2]
    if suite not in SUITES and suite != "all":
        sys.exit("test_debian: --suite base, dev, tools or all")
    prepare = "--prepare" in sys.argv  # only make the root trees (tools/test-all, in the background)
    if prepare:
        sys.argv.remove("--prepare")
    args = run_abi.parse_args(__doc__, SCRIPT_DIR)
    status = 0
    for name in SUITES if suite == "all" else (suite,):
        prefix, script_dir, packages, qemu_opts, seconds = SUITES[name]
        r = subprocess.run([MKROOTFS] + packages, capture_output=True, text=True)
        if r.returncode != 0:
            print("test_debian: tools/mkrootfs failed: %s" % r.stderr.strip(), file=sys.stderr)
            print("0 passed, 1 failed")
            return 1
        root = r.stdout.strip()
        if prepare:
            print("test_debian: %s suite's tree: %s" % (name, root))
            continue
        args.timeout = max(args.timeout, seconds)
        if args.smp > 1:  # --smp N: every script boots with N CPUs (default one)
            qemu_opts = dict(qemu_opts, smp=args.smp)
        tests = find_scripts(prefix, script_dir, args.only, root, qemu_opts)
        if tests or suite != "all":
            status |= run_abi.run_tests(tests, args)
    return status


if __name__ == "__main__":
    sys.exit(main())
