#!/usr/bin/env python3
"""boot_matrix.py — LevitateOS boots on every QEMU configuration the
foundation supports and runs a program there exactly as Linux runs it.

For each configuration (CPU model, GIC version, memory size, CPUs, entry at
EL1 or EL2) LevitateOS boots once and runs the glibc and musl hello tests;
their output and status must equal Linux's run of the same binaries (one
Linux boot in the default configuration, the oracle). Ends with
"N passed, N failed".
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lvharness as lv  # noqa: E402

PROGRAMS = ["glibc/hello", "musl/hello", "glibc/exit_code_3"]

CONFIGS = [
    # name, qemu options
    ("cortex-a72 gicv3 1G", dict(cpu="cortex-a72", gic=3, mem="1G")),
    ("cortex-a72 gicv2 1G", dict(cpu="cortex-a72", gic=2, mem="1G")),
    ("max gicv3 1G", dict(cpu="max", gic=3, mem="1G")),
    ("max gicv2 512M", dict(cpu="max", gic=2, mem="512M")),
    ("cortex-a72 64M", dict(cpu="cortex-a72", gic=3, mem="64M")),
    ("cortex-a72 4G", dict(cpu="cortex-a72", gic=3, mem="4G")),
    ("cortex-a72 smp 2", dict(cpu="cortex-a72", gic=3, mem="1G", smp=2)),
    # every CPU is started by default, which then run tasks (kernel/core/sched.c); maxcpus=N limits them
    ("max smp 4", dict(cpu="max", gic=3, mem="1G", smp=4)),
    ("cortex-a72 gicv2 smp 2", dict(cpu="cortex-a72", gic=2, mem="1G", smp=2)),
    ("max smp 4 maxcpus=2", dict(cpu="max", gic=3, mem="1G", smp=4, append_extra="maxcpus=2")),
    ("EL2 entry gicv3", dict(cpu="cortex-a72", gic=3, mem="1G", el2=True)),
    ("EL2 entry gicv2 max", dict(cpu="max", gic=2, mem="1G", el2=True)),
]


def run(kernel, opts):
    """Boots once; returns {program index: (stdout, stderr, status)}."""
    abi = os.path.join(lv.BUILD, "abi")
    programs = [(os.path.join(abi, p), ["/t/" + p]) for p in PROGRAMS]
    results, outputs = {}, {}
    with lv.Session(kernel, programs, program_timeout=30, boot_timeout=60, qemu_opts=opts) as s:
        for ev in s.events():
            if ev.kind in ("output", "stderr") and ev.index is not None:
                key = (ev.index, ev.kind)
                outputs[key] = outputs.get(key, b"") + ev.data
            elif ev.kind == "end":
                results[ev.index] = (outputs.get((ev.index, "output"), b""),
                                     outputs.get((ev.index, "stderr"), b""), ev.status())
    return results


def boot_levitate(config):
    """One configuration's run, or the harness's complaint about it."""
    name, opts = config
    try:
        return run("levitate", opts), None
    except lv.HarnessError as e:
        return {}, "  %s: %s" % (name, e)


def main():
    passed = failed = 0
    # The oracle and the configurations are independent boots: JOBS at a time.
    runs = list(lv.in_parallel(lambda job: run("linux", {}) if job is None else boot_levitate(job),
                               [None] + CONFIGS))
    oracle = runs[0]
    for i, p in enumerate(PROGRAMS):
        out, _, status = oracle.get(i, (b"", b"", None))
        if not out.endswith(b"done\n"):
            print("BROKEN oracle for %s: Linux output %r status %r" % (p, out, status))
            print("0 passed, 1 failed")
            return 1
    for (name, _), (got, problem) in zip(CONFIGS, runs[1:]):
        if problem:
            print(problem)
        ok = all(got.get(i) == oracle[i] for i in range(len(PROGRAMS)))
        if ok:
            passed += 1
            print("PASS boot: %s" % name)
        else:
            failed += 1
            print("FAIL boot: %s: got %r, want %r" % (name, got, oracle))
    print("%d passed, %d failed" % (passed, failed))
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
