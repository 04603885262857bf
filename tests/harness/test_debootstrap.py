#!/usr/bin/env python3
"""test_debootstrap.py — debootstrap's second stage on both kernels (make test-debootstrap).

    python3 tests/harness/test_debootstrap.py [--prepare] [--suite SUITE] [--mirror URL]
                                              [--include PKG,...] [--kernel both|linux|levitate]
                                              [-j N] [--timeout S] [--no-cache] [--verbose]

The first stage runs on the host: Debian's debootstrap (tools/setup installs
it) with `--foreign --arch=arm64 --variant=minbase SUITE DIR MIRROR`, which
downloads and unpacks the base system's packages but runs none of their
scripts. Its tree is cached in build/rootfs/debootstrap/KEY/, KEY a hash of
the suite, variant, --include list, mirror and debootstrap's version (a
tree is made in a temporary directory and renamed when complete, so a
cached one is whole; its package versions are listed in KEY.packages). The
tree's /proc, a symbolic link the host's debootstrap leaves pointing at
/proc, becomes an empty directory, as the second stage itself would make it.

The second stage then runs in the guest on each kernel with the tree as the
root file system (2 GiB of memory): tests/debootstrap/second_stage.sh runs
`/debootstrap/debootstrap --second-stage` (dpkg unpacks and configures every
package, maintainer scripts included; the tree the host keeps is never
changed: each boot gets a copy in its initramfs) and then looks at the
result (dpkg's list, audit and verify, apt-config, bash, perl). Its stdout,
stderr and status are compared as run_abi.py compares, the Linux result
cached (keyed by the script and KEY.packages). --prepare makes the tree
only. See docs/exec.md.
"""

import argparse
import hashlib
import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lvharness as lv  # noqa: E402
import run_abi  # noqa: E402

SCRIPT = os.path.join(lv.TOP, "tests", "debootstrap", "second_stage.sh")
CACHE = os.path.join(lv.BUILD, "rootfs", "debootstrap")  # build/rootfs is shared: never delete entries
LAYOUT_VERSION = "debootstrap-1"  # bump when first_stage() changes the tree
ARCH = "arm64"
VARIANT = "minbase"
SECONDS = 3600  # the second stage takes about 5 minutes of TCG time on an idle host, far more under load


def debootstrap_version():
    r = subprocess.run(["dpkg-query", "-W", "-f=${Version}", "debootstrap"],
                       capture_output=True, text=True)
    if r.returncode != 0 or not shutil.which("debootstrap"):
        raise SystemExit("test_debootstrap: debootstrap is not installed (run tools/setup)")
    return r.stdout.strip()


def first_stage(suite, mirror, include):
    """The cached first-stage tree for these inputs: (its path, its KEY.packages file)."""
    parts = [LAYOUT_VERSION, suite, VARIANT, ARCH, mirror, ",".join(include), debootstrap_version()]
    key = hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]
    tree, packages = os.path.join(CACHE, key), os.path.join(CACHE, key + ".packages")
    if os.path.isdir(tree) and os.path.exists(packages):
        return tree, packages
    os.makedirs(CACHE, exist_ok=True)
    tmp = "%s.tmp%d" % (tree, os.getpid())
    cmd = ["debootstrap", "--foreign", "--arch=" + ARCH, "--variant=" + VARIANT]
    if include:
        cmd.append("--include=" + ",".join(include))
    print("test_debootstrap: first stage: %s" % " ".join(cmd + [suite, tmp, mirror]), file=sys.stderr)
    r = subprocess.run(cmd + [suite, tmp, mirror], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                       text=True)
    if r.returncode != 0:
        log = os.path.join(tmp, "debootstrap", "debootstrap.log")
        tail = open(log, errors="replace").read()[-2000:] if os.path.exists(log) else ""
        shutil.rmtree(tmp, ignore_errors=True)
        raise SystemExit("test_debootstrap: the first stage failed (%d): %s\n%s"
                         % (r.returncode, r.stderr.strip(), tail))
    proc = os.path.join(tmp, "proc")
    if os.path.islink(proc):  # functions' setup_proc does the same in the second stage
        os.unlink(proc)
        os.mkdir(proc)
    with open(os.path.join(tmp, "debootstrap", "debpaths")) as f:
        debs = sorted(os.path.basename(line.split()[1]) for line in f if line.strip())
    os.rename(tmp, tree)
    with open(packages + ".tmp", "w") as f:
        f.write("\n".join(parts + debs) + "\n")
    os.replace(packages + ".tmp", packages)
    return tree, packages


class SecondStage(run_abi.Test):
    """debootstrap/second_stage: tests/debootstrap/second_stage.sh by the tree's /bin/sh."""

    def __init__(self, tree, packages):
        super().__init__("debootstrap/second_stage", SCRIPT)
        guest = "/t/debootstrap/second_stage.sh"
        self.program = lv.Program(None, ["/bin/sh", guest], cwd="/")
        self.files = [(SCRIPT, guest)]
        self.key_files = [SCRIPT, packages]
        self.root = tree
        self.qemu_opts = {"mem": "2G"}


def main():
    own = argparse.ArgumentParser(add_help=False)
    own.add_argument("--prepare", action="store_true")
    own.add_argument("--suite", default="bookworm")
    own.add_argument("--mirror", default="http://deb.debian.org/debian")
    own.add_argument("--include", default="", help="more packages, comma-separated")
    mine, rest = own.parse_known_args()
    sys.argv[1:] = rest  # the rest are run_abi.py's options
    args = run_abi.parse_args(__doc__, os.path.dirname(SCRIPT))
    include = [p for p in mine.include.split(",") if p]
    tree, packages = first_stage(mine.suite, mine.mirror, include)
    if mine.prepare:
        print("test_debootstrap: first-stage tree: %s" % tree)
        return 0
    args.timeout = max(args.timeout, SECONDS)
    args.batch = 1
    return run_abi.run_tests([SecondStage(tree, packages)], args)


if __name__ == "__main__":
    sys.exit(main())
