#!/usr/bin/env python3
"""leak_check.py — LevitateOS gives back all memory when a process exits.

One boot runs a sequence of programs that allocate in different ways, each
twice or more. With "levitate.log_reaps" on its command line the kernel logs
its free page count each time PID 1 (the protocol's init) reaps a child
("init: reaped PID, P pages free, C in kernel caches": kmalloc's slabs and
freed kernel stacks kept for reuse); the last such line
before a program's LVEND marker is the count after that program and whatever
it left behind are gone. kmalloc
keeps the pages it carved into small objects for reuse, and how many it
needs depends on how many objects were alive at once (timing), so a page
counts as returned when it is free or in those caches. After a warm-up
round, every later program must end with exactly the count (free + cached)
the program before it left. Ends with
"N passed, N failed".
"""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lvharness as lv  # noqa: E402

ROUND = ["glibc/hello", "glibc/malloc_large", "musl/mmap_anon_basic", "glibc/brk_basic", "glibc/pthread_basic",
         "rust/threads", "glibc/exit_from_thread", "glibc/thread_segv", "glibc/fork_wait", "musl/execve_basic",
         "rust/process_command",
         "glibc/proc_ns_uts_setns", "glibc/sigsegv_null_store", "glibc/fanotify_events", "glibc/fanotify_perm",
         "glibc/aio_ring", "glibc/aio_poll", "glibc/io_uring_rw", "glibc/io_uring_poll",
         # sockets that end at close (no TCP connection: its TIME_WAIT outlives the program)
         "glibc/udp_recverr", "musl/sock_peek_off", "rust/hello"]
ROUNDS = 3
FREE_RE = re.compile(rb"init: reaped \d+, (\d+) pages free, (\d+) in kernel caches")


def program_path(name):
    for d in ("abi", "lvrun"):
        p = os.path.join(lv.BUILD, d, name)
        if os.path.exists(p):
            return p
    raise lv.HarnessError("missing test program %s (make abi builds it; make test does)" % name)


def main():
    order = ROUND * ROUNDS
    programs = [(program_path(n), ["/t/%d/%s" % (i, n)]) for i, n in enumerate(order)]
    free = {}
    ended = 0
    last = None  # the latest logged count
    with lv.Session("levitate", programs, program_timeout=60, boot_timeout=60,
                    qemu_opts=dict(append_extra="levitate.log_reaps ignore_loglevel")) as s:
        for ev in s.events():
            if ev.kind == "log":
                m = FREE_RE.search(ev.data)
                if m:
                    last = int(m.group(1)) + int(m.group(2))
            elif ev.kind == "end":
                ended += 1
                if last is not None:
                    free[ev.index] = last
                last = None
    passed = failed = 0
    if ended != len(order) or len(free) != len(order):
        print("FAIL leak check: %d of %d programs ended, %d free counts logged" % (ended, len(order), len(free)))
        print("0 passed, 1 failed")
        return 1
    for i in range(len(ROUND), len(order)):
        before, now = free[i - 1], free[i]
        name = order[i]
        if now == before:
            passed += 1
            print("PASS leak check: %s run %d: %d pages free, unchanged" % (name, i // len(ROUND) + 1, now))
        else:
            failed += 1
            print("FAIL leak check: %s run %d: %d pages free, %d before it (%+d)" %
                  (name, i // len(ROUND) + 1, now, before, now - before))
    print("%d passed, %d failed" % (passed, failed))
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
