#!/usr/bin/env python3
"""test_console.py — `make run`'s system driven through its serial console the
way a person types, with pexpect: boot (tools/run-shell, tools/init/init.c
as PID 1, the shell on the console), wait for the prompt, type commands and control keys,
read what comes back.

Each kernel boots the same root tree (tools/mkroot) with the same init; the
session is the same on both. Checks, on each kernel:
  - a pipeline's output; ps lists init, the shell and itself; dmesg | head
    gives three time-stamped lines; top -n 1 draws its summary and table;
  - vi: typed text written with :wq, cat shows it;
  - job control: sleep 100 & then jobs; ^C ends a foreground cat -n (the
    shell lives on, $? is 130); ^Z stops a foreground cat -n, jobs shows it Stopped,
    fg brings it back reading the terminal; ^Z and bg on a sleep, which jobs
    then shows Running (the shell runs on ttyAMA0, its controlling tty);
  - at 80x24: stty size gives "24 80" and top -n 1 draws within 80
    columns and 24 rows; less shows a file's first page, a space the next,
    q quits, vi writes its file again; at 200x60 less's pages are 59 lines;
  - a pty session through script -c (tools/demo/script.c): the command's
    tty is /dev/pts/0 of the console's size, its output reaches the console
    and the file; ^C typed to a cat -n in it ends it through the pty's own
    line discipline;
  - poweroff ends QEMU;
and the outputs that do not depend on the kernel (the pipeline, the file vi
wrote, the jobs lines, ^C's status) must equal Linux's.

    python3 tests/harness/test_console.py [--kernel both|levitate|linux] [--verbose]

Results are named console/KERNEL_what (tests/known-failures); the last line
is "N passed, N failed[, N skipped]".
"""
import argparse
import os
import re
import sys
import time

import pexpect

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lvharness as lv  # noqa: E402
from run_abi import load_known_failures  # noqa: E402

ROOT = os.path.join(lv.BUILD, "test-root")
PROMPT = b"PROMPT> "
# BusyBox's line editor asks the terminal where the cursor is (ESC [ 6 n) and,
# the first time, reads its input up to the answer ESC [ row ; col R, which a
# terminal sends at once; this one answers that first question.
ASK = rb"\x1b\[6n"
BOOT_TIMEOUT = 120
STEP_TIMEOUT = 30


class Tally:
    """PASS/FAIL/XFAIL lines and the summary, as the other suites print them."""

    def __init__(self):
        self.passed = self.failed = self.skipped = 0
        self.known = load_known_failures()
        self.last_failed = ""  # the name of the last check that did not pass

    def result(self, label, ok, why=""):
        name = result_name(label)
        issue = self.known.get(name)
        if not ok:
            self.last_failed = name
        if issue is not None and ok:
            self.failed += 1
            print("XPASS %s (remove from tests/known-failures)" % name)
        elif issue is not None:
            self.skipped += 1
            print("XFAIL %s: %s [%s]" % (name, why, issue))
        elif ok:
            self.passed += 1
            print("PASS %s" % name)
        else:
            self.failed += 1
            print("FAIL %s: %s" % (name, why))
        sys.stdout.flush()

    def summary(self):
        line = "%d passed, %d failed" % (self.passed, self.failed)
        if self.skipped:
            line += ", %d skipped" % self.skipped
        print(line)
        return 0 if self.failed == 0 else 1


def result_name(label):
    return "console/" + re.sub(r"[^A-Za-z0-9.=+-]+", "_", label).strip("_")


class Recorder:
    """One session's results, kept for the Tally in a fixed order (the two
    kernels' sessions run at once)."""

    def __init__(self):
        self.results = []
        self.last_failed = ""

    def result(self, label, ok, why=""):
        self.results.append((label, ok, why))
        if not ok:
            self.last_failed = result_name(label)


def clean(raw):
    """Console bytes as text: no kernel log spans, no escape sequences, \\n ends lines."""
    raw = re.sub(rb"\x02[^\x03]*\x03", b"", raw)
    raw = re.sub(rb"\x1b\[[0-9;?]*[A-Za-z]", b"", raw)
    raw = re.sub(rb"\x1b[=>78]", b"", raw)
    return raw.replace(b"\r", b"").decode(errors="replace")


class Console:
    """One boot of make run's system under pexpect."""

    def __init__(self, kernel, verbose):
        self.kernel = kernel
        self.started = time.monotonic()
        self.child = lv.spawn_console(kernel, ROOT, STEP_TIMEOUT)
        if verbose:
            self.child.logfile_read = sys.stderr.buffer
        self.boot_seconds = None

    def boot(self):
        """Waits for the first prompt; sets a fixed prompt and the window size."""
        self.child.expect(rb"# " + ASK, timeout=BOOT_TIMEOUT)
        self.boot_seconds = time.monotonic() - self.started
        self.child.send(b"\x1b[1;5R")
        time.sleep(1)  # the answer read alone, as a terminal's would be
        self.child.send(b"PS1='" + PROMPT + b"'; stty rows 60 cols 200\r")
        self.prompt()  # in the echoed line
        self.prompt()

    def prompt(self, timeout=STEP_TIMEOUT):
        """Waits for the prompt."""
        self.child.expect(PROMPT, timeout=timeout)

    def run(self, line, timeout=STEP_TIMEOUT):
        """Types line and Enter; returns the output up to the next prompt
        (the echoed line left out)."""
        self.child.send(line.encode() + b"\r")
        self.prompt(timeout)
        out = clean(self.child.before)
        first, _, rest = out.partition("\n")
        return rest

    def poweroff(self, busy=False):
        self.child.send(b"poweroff\r")
        try:
            self.child.expect(pexpect.EOF, timeout=STEP_TIMEOUT + (100 if busy else 0))
            return True
        except pexpect.TIMEOUT:
            return False

    def close(self):
        if self.child.isalive():
            self.child.terminate(force=True)


class StepFailed(Exception):
    """A step failed in a session that stops at its first failure."""


def session(kernel, tally, verbose, stop_at_failure=False):
    """The whole session on one kernel (results to tally, a Recorder);
    returns ({step: output} for comparing, seconds to the first prompt).
    stop_at_failure: end the session at the first failed step (a reference
    run that will be booted again), not wait out every later step."""
    outputs = {}
    con = Console(kernel, verbose)
    k = kernel

    def step(label, fn):
        """Runs fn() -> (ok, why, output); a timeout fails the step and ends nothing else."""
        try:
            ok, why, out = fn()
        except (pexpect.TIMEOUT, pexpect.EOF) as e:
            ok, why, out = False, "%s waiting (output %r)" % (type(e).__name__, clean(con.child.before or b"")[-300:]), None
            try:  # get the prompt back for the next step
                con.child.send(b"\x03\r")
                con.prompt(timeout=10)
            except (pexpect.TIMEOUT, pexpect.EOF):
                pass
        tally.result("%s %s" % (k, label), ok, why)
        if out is not None:
            outputs[label] = out
        if not ok and stop_at_failure:
            raise StepFailed()

    try:
        try:
            con.boot()
        except (pexpect.TIMEOUT, pexpect.EOF) as e:
            tally.result("%s boot to the prompt" % k, False, "%s (console %r)" % (
                type(e).__name__, clean(con.child.before or b"")[-400:]))
            return outputs, None
        tally.result("%s boot to the prompt" % k, True)

        def pipeline():
            out = con.run("echo one two three four | tr ' ' '\\n' | sort | head -n 3 | wc -l; "
                          "echo one two three | tr ' ' '\\n' | sort -r | head -n 2")
            return out == "3\ntwo\nthree\n", "output %r" % out, out
        step("pipeline", pipeline)

        def ps():
            out = con.run("ps")
            lines = out.splitlines()
            ok = bool(lines) and lines[0].split()[:2] == ["PID", "USER"] and \
                any(re.search(r"^\s*1 root\s+init", ln) for ln in lines) and \
                any("-/bin/sh" in ln for ln in lines)
            return ok, "output %r" % out, None
        step("ps", ps)

        def dmesg():
            out = con.run("dmesg | head -n 3")
            lines = out.splitlines()
            ok = len(lines) == 3 and all(re.match(r"^\[ *\d+\.\d{6}\] \S", ln) for ln in lines)
            return ok, "output %r" % out, None
        step("dmesg | head", dmesg)

        def top():
            out = con.run("top -n 1")
            ok = "Load average:" in out and "COMMAND" in out and "Mem:" in out and re.search(r"\btop\b", out)
            return bool(ok), "output %r" % out[-400:], None
        step("top -n 1", top)

        def vi():
            """Each step waits for vi's status line, not for the typed text:
            vi redraws whenever no key is pending, so keys that come one at a
            time are drawn one at a time between cursor moves, and the text
            never appears in one piece in the output (issue #15: that wait
            timed out with vi still in insert mode, which looked like a lost
            ESC). The mode letter (I, then - after ESC), [Modified] and the
            line count show each key sequence was read."""
            con.run("rm -f /tmp/vi.txt")
            con.child.send(b"vi /tmp/vi.txt\r")
            con.child.expect(rb"- /tmp/vi\.txt 1/1")  # vi's status line: it reads the terminal
            con.child.send(b"ihello from vi")
            con.child.send(b"\x1b")
            con.child.expect(rb"- /tmp/vi\.txt \[Modified\] 1/1")
            con.child.send(b"otwo lines")
            con.child.send(b"\x1b")
            con.child.expect(rb"- /tmp/vi\.txt \[Modified\] 2/2")
            con.child.send(b":wq\r")
            con.prompt()
            out = con.run("cat /tmp/vi.txt")
            return out == "hello from vi\ntwo lines\n", "cat gave %r" % out, out
        step("vi writes a file cat shows", vi)

        def jobs():
            out = con.run("sleep 100 &")
            jobs_out = con.run("jobs")
            ok = out == "" and jobs_out == "[1]+  Running                    sleep 100\n"
            con.run("kill %1; wait")
            return ok, "sleep & gave %r, jobs %r" % (out, jobs_out), jobs_out
        step("sleep 100 & and jobs", jobs)

        def reading_cat(command=b"cat -n"):
            """Starts cat -n (in command) in the foreground and waits until it
            prints a line it read: then it runs and reads the terminal (a
            handshake, no sleeping). The line number tells cat's copy from the
            terminal's echo, which a line typed before the shell turns echo
            back on for its job does not get."""
            con.child.send(command + b"\r")
            con.child.send(b"ping\r")
            con.child.expect(b"1\tping\r*\n")

        def ctrl_c():
            reading_cat()
            con.child.send(b"\x03")
            con.prompt()
            out = con.run("echo status $?")
            return out == "status 130\n", "echo $? gave %r" % out, out
        step("^C kills only the foreground job", ctrl_c)

        def ctrl_z():
            reading_cat()
            con.child.send(b"\x1a")
            con.prompt()
            stopped = con.run("jobs")
            con.child.send(b"fg\r")
            con.child.expect(b"fg\r*\ncat -n\r*\n")
            con.child.send(b"pong\r")
            con.child.expect(b"2\tpong\r*\n")
            con.child.send(b"\x04")  # end of file: cat ends, the prompt returns
            con.prompt()
            after = con.run("jobs; echo status $?")
            out = stopped + after
            ok = stopped == "[1]+  Stopped                    cat -n\n" and after == "status 0\n"
            return ok, "jobs gave %r, then %r" % (stopped, after), out
        step("^Z stops a job, fg continues it", ctrl_z)

        def ctrl_z_bg():
            con.child.send(b"sh -c 'echo sleeping; exec sleep 100'\r")
            con.child.expect(b"\nsleeping\r*\n")
            con.child.send(b"\x1a")
            con.prompt()
            bg = con.run("bg")
            running = con.run("jobs")
            con.run("kill %1; wait")
            ok = bg.startswith("[1] sh -c ") and running.startswith("[1]+  Running ")
            return ok, "bg gave %r, jobs %r" % (bg, running), bg + running
        step("^Z and bg on a sleep", ctrl_z_bg)

        def size_80x24():
            """An 80x24 terminal: the size set with stty is what TIOCGWINSZ
            gives (stty size), and top draws within it."""
            size = con.run("stty rows 24 cols 80; stty size")
            con.child.send(b"top -n 1\r")
            con.prompt()
            drawn = [line for line in clean(con.child.before).split("\n")[1:] if line.strip()]
            fits = drawn and len(drawn) <= 24 and max(len(line) for line in drawn) <= 80
            ok = size == "24 80\n" and fits and "COMMAND" in "".join(drawn)
            return ok, "stty size %r, top drew %d lines, widest %d" % (
                size, len(drawn), max((len(line) for line in drawn), default=0)), size
        step("80x24: stty size and top fit", size_80x24)

        def less(rows):
            """less at rows lines (80x24, then 200x60) draws the first rows - 1
            lines of a 100-line file and its prompt, a space scrolls to the
            next page, q quits."""
            con.run("seq 1 100 | sed 's/^/line /' > /tmp/less.txt")
            con.child.send(b"less /tmp/less.txt\r")
            con.child.expect(b"line %d\r*\n" % (rows - 1))
            con.child.expect(b"less\\.txt|:")  # the prompt on the last row
            first = clean(con.child.before)
            con.child.send(b" ")
            con.child.expect(b"line %d\r*\n" % min(2 * (rows - 1), 100))
            con.child.send(b"q")
            con.prompt()
            after = con.run("echo status $?")
            ok = "line %d\n" % rows not in first and after == "status 0\n"
            return ok, "first page %r, then %r" % (first[-200:], after), after
        step("80x24: vi writes a file cat shows", vi)  # the first vi step ran at 200x60
        step("less draws, scrolls, q quits", lambda: less(24))
        con.run("stty rows 60 cols 200")
        step("200x60: less draws, scrolls, q quits", lambda: less(60))

        def pty_script():
            """A pty session through script -c (tools/demo/script.c, a small
            script(1): /dev/ptmx, grantpt/unlockpt/ptsname through musl, the
            command's session on /dev/pts/N): the command sees a terminal of the
            console's size, its output reaches the console and the file. Then
            a cat -n in the pty reads a typed line (echoed by the pty's line
            discipline) and ^C, which the pty's own line discipline turns into
            SIGINT for its foreground group, ends it and script (status 130)."""
            out = con.run("script -q -c 'tty; stty size; echo one two | wc -w' /tmp/ts; echo status $?; cat /tmp/ts")
            reading_cat(b"script -q -c 'cat -n' /dev/null")
            con.child.send(b"\x03")
            con.prompt()
            after = con.run("echo status $?")
            expect = "/dev/pts/0\n60 200\n2\nstatus 0\n/dev/pts/0\n60 200\n2\n"
            return out == expect and after == "status 130\n", "output %r, then %r" % (out, after), out + after
        step("a pty session through script -c", pty_script)

        # a foreground job ^C could not end keeps the shell busy until it ends
        ok = con.poweroff(tally.last_failed.endswith("C_kills_only_the_foreground_job"))
        tally.result("%s poweroff ends QEMU" % k, ok, "QEMU still running")
        return outputs, con.boot_seconds
    except StepFailed:
        return outputs, con.boot_seconds
    finally:
        con.close()


def main():
    p = argparse.ArgumentParser(description="the interactive console, driven with pexpect")
    p.add_argument("--kernel", choices=("both", "levitate", "linux"), default="both")
    p.add_argument("--verbose", action="store_true", help="the console on stderr")
    args = p.parse_args()
    tally = Tally()
    lv.make_console_root(ROOT)
    kernels = ["linux", "levitate"] if args.kernel == "both" else [args.kernel]

    def run_session(kernel):  # the sessions are independent boots: both at once
        rec = Recorder()
        outputs, seconds = session(kernel, rec, args.verbose, stop_at_failure=True)
        # Each kernel is booted again once when a step failed on it, and the
        # second session (every step run) is the one compared: a failure must
        # repeat on a second boot to count. It was added for the vi step's
        # "lost ESC" on both kernels, which was this script waiting for the
        # typed text in one piece (see vi() above); it stays for steps that
        # time out on a host loaded by eight people's builds. The note below
        # says when it happened.
        if any(not ok for _, ok, _ in rec.results):
            print("note: %s: session booted again after %s failed on it" % (kernel, rec.last_failed))
            sys.stdout.flush()
            rec = Recorder()
            outputs, seconds = session(kernel, rec, args.verbose)
        return rec, outputs, seconds

    results = {}
    for kernel, (rec, outputs, seconds) in zip(kernels, lv.in_parallel(run_session, kernels)):
        for label, ok, why in rec.results:
            tally.result(label, ok, why)
        results[kernel] = outputs
        if seconds is not None:
            print("note: %s: prompt %.2f s after QEMU started" % (kernel, seconds))
    if args.kernel == "both":
        lin, lev = results["linux"], results["levitate"]
        for label in sorted(lin):
            if label in lev:
                tally.result("%s output equals Linux's" % label, lin[label] == lev[label],
                             "Linux %r, LevitateOS %r" % (lin[label], lev[label]))
    return tally.summary()


if __name__ == "__main__":
    sys.exit(main())
