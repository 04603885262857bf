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
  - at 200x60, then at 80x24 (set with stty; stty size gives it): vi, less
    and top drawn on that screen as a terminal shows it (python3-pyte, a
    terminal emulator) fill exactly its rows and columns: vi's lines cut at
    the right edge, less's folded, the status line or prompt on the last
    row; G in vi, a space in less redraw as they should; top -n 1 with
    more processes than rows stops at the last row, its long command lines
    cut at the right edge (fullscreen() below); vi writes its file again;
  - a pty session through script -c (tools/demo/script.c): the command's
    tty is /dev/pts/0 of the console's size, its output reaches the console
    and the file; ^C typed to a cat -n in it ends it through the pty's own
    line discipline;
  - poweroff prints Linux's "reboot: Power down" and ends QEMU; two more
    boots type reboot (QEMU, run with -no-reboot, ends) and halt (the
    machine stops: QEMU runs on, nothing echoes) (shutdown_session below);
and the outputs that do not depend on the kernel (the pipeline, the file vi
wrote, the jobs lines, ^C's status) must equal Linux's.

    python3 tests/harness/test_console.py [--kernel both|levitate|linux] [--verbose] [--only REGEX]
                                          [--smp N]

Results are named console/KERNEL_what (tests/known-failures); the last line
is "N passed, N failed[, N skipped]".
"""
import argparse
import os
import re
import sys
import time

import pexpect

try:
    import pyte  # Debian's python3-pyte (tools/setup): a terminal emulator, to see the screen drawn
except ImportError:  # a Python of its own (pyenv) does not look in Debian's directory
    sys.path.append("/usr/lib/python3/dist-packages")
    import pyte

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
SMP = None  # --smp: the CPUs of every boot (None: tools/run-shell's default, two)


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


class Terminal:
    """What a terminal of rows x cols shows for the console's bytes: pexpect
    hands it every byte it reads (logfile_read), pyte draws them. Kernel log
    spans (STX .. ETX, LevitateOS's framing) are left out, as clean() does."""

    def __init__(self, verbose):
        self.verbose = verbose
        self.in_span = False
        self.screen = None

    def reset(self, rows, cols):
        """A blank screen of rows x cols, the cursor home: what follows is drawn on it."""
        self.screen = pyte.Screen(cols, rows)
        self.stream = pyte.ByteStream(self.screen)

    def write(self, data):
        if self.verbose:
            sys.stderr.buffer.write(data)
        if self.screen is None:
            return
        out = bytearray()
        for b in data:
            if self.in_span:
                self.in_span = b != 0x03
            elif b == 0x02:
                self.in_span = True
            else:
                out.append(b)
        self.stream.feed(bytes(out))

    def flush(self):
        if self.verbose:
            sys.stderr.flush()

    def rows(self):
        """The screen's rows, trailing blanks left out."""
        return [line.rstrip() for line in self.screen.display]


class Console:
    """One boot of make run's system under pexpect."""

    def __init__(self, kernel, verbose):
        self.kernel = kernel
        self.started = time.monotonic()
        self.child = lv.spawn_console(kernel, ROOT, STEP_TIMEOUT, SMP)
        self.term = Terminal(verbose)
        self.child.logfile_read = self.term
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

    def wait_screen(self, good, timeout=STEP_TIMEOUT):
        """Reads the console until good(rows of the terminal) holds: True;
        False when it does not within timeout seconds."""
        end = time.monotonic() + timeout
        while not good(self.term.rows()):
            left = end - time.monotonic()
            if left <= 0:
                return False
            try:
                self.child.expect(rb"(?s).+", timeout=left)  # whatever comes: the terminal saw it
            except pexpect.TIMEOUT:
                return False
        return True

    def poweroff(self, busy=False):
        """Types poweroff: PID 1 calls reboot(2) with LINUX_REBOOT_CMD_POWER_OFF,
        which prints Linux's "reboot: Power down" and powers off through PSCI
        SYSTEM_OFF: QEMU ends, status 0. True when all of that happened."""
        self.child.send(b"poweroff\r")
        try:
            self.child.expect(b"reboot: Power down", timeout=STEP_TIMEOUT + (100 if busy else 0))
            self.child.expect(pexpect.EOF)
        except (pexpect.TIMEOUT, pexpect.EOF):
            return False
        self.child.close()
        return self.child.exitstatus == 0

    def close(self):
        if self.child.isalive():
            self.child.terminate(force=True)


class StepFailed(Exception):
    """A step failed in a session that stops at its first failure."""


def session(kernel, tally, verbose, stop_at_failure=False, only=None):
    """The whole session on one kernel (results to tally, a Recorder);
    returns ({step: output} for comparing, seconds to the first prompt).
    stop_at_failure: end the session at the first failed step (a reference
    run that will be booted again), not wait out every later step.
    only: a regular expression; the steps whose label it does not match
    are left out (for working on one step)."""
    outputs = {}
    con = Console(kernel, verbose)
    k = kernel

    def step(label, fn):
        """Runs fn() -> (ok, why, output); a timeout fails the step and ends nothing else."""
        if only and not re.search(only, label):
            return
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

        def fullscreen(rows, cols):
            """vi, less and top on a terminal of rows x cols (set with stty,
            which the programs read with TIOCGWINSZ), each drawing checked on
            that screen as a terminal shows it (pyte): vi and less fill
            exactly the rows and columns, top's table stops at the last row.
            The file has lines of 30, 120, 250 and 70 columns: at 80 and 200
            columns some fit, some are cut (vi) or folded (less)."""
            step("%dx%d: stty size" % (cols, rows), lambda: stty_size(rows, cols))
            step("%dx%d: vi draws, G goes to the end, :q quits" % (cols, rows), lambda: vi_screen(rows, cols))
            step("%dx%d: less draws, a space pages, q quits" % (cols, rows), lambda: less_screen(rows, cols))
            step("%dx%d: top -n 1 fills the screen" % (cols, rows), lambda: top_screen(rows, cols))

        def stty_size(rows, cols):
            size = con.run("stty rows %d cols %d; stty size" % (rows, cols))
            con.run("awk 'BEGIN { split(\"30 120 250 70\", len, \" \"); for (i = 1; i <= 100; i++) { "
                    "s = sprintf(\"line %03d \", i); while (length(s) < len[(i - 1) % 4 + 1]) "
                    "s = s length(s) % 10; print s } }' > /tmp/screen.txt")
            return size == "%d %d\n" % (rows, cols), "stty size gave %r" % size, size

        def screen_lines():
            """/tmp/screen.txt's lines, as the awk in stty_size writes them."""
            lines = []
            for i in range(1, 101):
                line = "line %03d " % i
                while len(line) < (30, 120, 250, 70)[(i - 1) % 4]:
                    line += str(len(line) % 10)
                lines.append(line)
            return lines

        def show(rows):
            return "; the screen:\n" + "\n".join("%2d|%s" % (i, r if len(r) < 90 else r[:80] + "...(%d)" % len(r))
                                                 for i, r in enumerate(rows))

        def vi_screen(rows, cols):
            """BusyBox vi cuts long lines at the right edge (no folding): the
            file's first rows - 1 lines, each cut to cols, then the status
            line on the last row; G shows line 100 on the row above the
            status line, which says 100/100."""
            text = screen_lines()
            first = [line[:cols] for line in text[:rows - 1]] + ["- /tmp/screen.txt 1/100 1%"]
            con.term.reset(rows, cols)
            con.child.send(b"vi /tmp/screen.txt\r")
            ok = con.wait_screen(lambda shown: shown == first)
            why = "first page" + show(con.term.rows())

            def at_end(shown):
                """line 100 on some row, the lines before it above it, ~ on
                the rows below it down to the status line"""
                if "line 100 " + text[99][9:cols] not in shown:
                    return False
                k = shown.index("line 100 " + text[99][9:cols])
                return shown[:k + 1] == [line[:cols] for line in text[99 - k:]] and \
                    shown[k + 1:] == ["~"] * (rows - 2 - k) + ["- /tmp/screen.txt 100/100 100%"]
            if ok:
                con.child.send(b"G")
                ok = con.wait_screen(at_end)
                why = "after G" + show(con.term.rows())
            con.child.send(b":q!\r")
            con.prompt()
            return ok, why, None

        def less_screen(rows, cols):
            """BusyBox less folds a line longer than cols over the next rows:
            the first rows - 1 rows of the folded file, the file's name on
            the last row; a space pages on to the next rows - 1 rows, with
            ":" on the last row."""
            folded = []
            for line in screen_lines():
                folded += [line[i:i + cols] for i in range(0, len(line), cols)]
            con.term.reset(rows, cols)
            con.child.send(b"less /tmp/screen.txt\r")
            ok = con.wait_screen(lambda shown: shown == folded[:rows - 1] + ["/tmp/screen.txt"])
            why = "first page" + show(con.term.rows())
            if ok:
                con.child.send(b" ")
                ok = con.wait_screen(lambda shown: shown == folded[rows - 1:2 * (rows - 1)] + [":"])
                why = "after a space" + show(con.term.rows())
            con.child.send(b"q")
            con.prompt()
            after = con.run("echo status $?")
            return ok and after == "status 0\n", why + "\nthen %r" % after, None

        def top_screen(rows, cols):
            """top -n 1 with more processes than rows (60 sleeps, each with a
            command line longer than cols: "sleep 1000 0 0 ...", whose
            arguments BusyBox's sleep adds up). What it drew, shown on a
            terminal one row taller (top ends with a newline, which would
            scroll the first row away): the four summary rows from Mem: on,
            then process rows down to row rows and not one more; the long
            command lines are cut at the right edge (a program that took 80
            columns for 200 stops at 80; one that took 200 for 80 folds its
            rows, which then do not start with a PID)."""
            con.run("for i in $(seq 60); do sleep 1000 %s & done" % ("0 " * 150).strip())
            con.child.send(b"top -n 1\r")
            con.prompt()  # top -n 1 ends by itself: before holds all it drew
            screen = pyte.Screen(cols, rows + 1)
            pyte.ByteStream(screen).feed(re.sub(rb"\x02[^\x03]*\x03", b"", con.child.before))
            shown = [line.rstrip() for line in screen.display]
            con.run("kill $(jobs -p); wait")
            proc = re.compile(r"^\s*\d+\s+\d+\s+root\s+[A-Z<N]+\s")  # Linux's kernel threads are I (idle)
            widths = sorted(set(len(r) for r in shown[4:rows] if "sleep 1000 0 0" in r))
            ok = shown[0].startswith("Mem:") and shown[3].split()[:2] == ["PID", "PPID"] and \
                all(proc.match(r) for r in shown[4:rows]) and shown[rows] == "" and \
                len(widths) == 1 and widths[0] >= cols - 1
            return ok, "widths %r of the sleep rows, the screen:%s" % (widths, show(shown)[14:]), \
                "%d rows, sleep rows %r columns wide\n" % (rows, widths)

        fullscreen(60, 200)
        fullscreen(24, 80)
        step("80x24: vi writes a file cat shows", vi)  # the first vi step ran at 200x60
        con.run("stty rows 60 cols 200")

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
        tally.result("%s poweroff ends QEMU" % k, ok, "no \"reboot: Power down\" and QEMU's exit (status 0): %r" % (
            clean(con.child.before or b"")[-300:]))
        return outputs, con.boot_seconds
    except StepFailed:
        return outputs, con.boot_seconds
    finally:
        con.close()


def shutdown_session(kernel, command, tally, verbose, only=None):
    """A boot of its own for reboot or halt typed at the first prompt (the
    session's last step is poweroff). BusyBox's applet signals PID 1
    (tools/init/init.c: SIGTERM for reboot, SIGUSR1 for halt), which ends
    every process, says "Requesting system reboot" (or halt) and calls
    reboot(2), whose messages are Linux's kernel/reboot.c:
      - reboot: LINUX_REBOOT_CMD_RESTART prints "reboot: Restarting system"
        and resets the machine through PSCI SYSTEM_RESET, which QEMU started
        with -no-reboot turns into its own exit, status 0;
      - halt: LINUX_REBOOT_CMD_HALT prints "reboot: System halted" and stops
        every CPU without powering off (arm64's machine_halt): QEMU runs on
        and a line typed then is not even echoed (nothing takes the
        console's interrupt). The test waits 3 s for the echo that must
        not come, then ends QEMU."""
    label = {"reboot": "%s reboot restarts the machine: QEMU ends",
             "halt": "%s halt stops the machine: QEMU runs on, nothing echoes"}[command] % kernel
    if only and not re.search(only, label):
        return
    con = Console(kernel, verbose)
    try:
        con.boot()
        con.child.send(command.encode() + b"\r")
        con.child.expect(b"Requesting system %s" % command.encode())
        con.child.expect({"reboot": b"reboot: Restarting system", "halt": b"reboot: System halted"}[command])
        if command == "reboot":
            con.child.expect(pexpect.EOF)
            con.child.close()
            ok, why = con.child.exitstatus == 0, "QEMU's exit status %r" % con.child.exitstatus
        else:
            con.child.send(b"echo alive\r")
            echoed = con.child.expect([b"alive", pexpect.TIMEOUT, pexpect.EOF], timeout=3)
            ok = echoed == 1 and con.child.isalive()
            why = ("the line was echoed", "", "QEMU ended")[echoed]
    except (pexpect.TIMEOUT, pexpect.EOF) as e:
        ok, why = False, "%s waiting (console %r)" % (type(e).__name__, clean(con.child.before or b"")[-400:])
    finally:
        con.close()
    tally.result(label, ok, why)


def main():
    p = argparse.ArgumentParser(description="the interactive console, driven with pexpect")
    p.add_argument("--kernel", choices=("both", "levitate", "linux"), default="both")
    p.add_argument("--verbose", action="store_true", help="the console on stderr")
    p.add_argument("--only", metavar="REGEX", help="only the steps whose label matches (e.g. '200x60')")
    p.add_argument("--smp", type=int, help="CPUs of every boot (default: run-shell's, two)")
    args = p.parse_args()
    global SMP
    SMP = args.smp
    tally = Tally()
    lv.make_console_root(ROOT)
    kernels = ["linux", "levitate"] if args.kernel == "both" else [args.kernel]

    def run_session(kernel):  # the sessions are independent boots: both at once
        rec = Recorder()
        outputs, seconds = session(kernel, rec, args.verbose, stop_at_failure=True, only=args.only)
        # Each kernel is booted again once when a step failed on it, and the
        # second session (every step run) is the one compared: a failure must
        # repeat on a second boot to count. It was added for the vi step's
        # "lost ESC" on both kernels, which was this script waiting for the
        # typed text in one piece (see vi() above); it stays for steps that
        # time out on a host loaded by eight people's builds. The note below
        # says when it happened.
        if any(not ok for _, ok, _ in rec.results):
            why = [w for _, ok, w in rec.results if not ok][-1]
            print("note: %s: session booted again after %s failed on it (%s)" % (kernel, rec.last_failed, why))
            sys.stdout.flush()
            rec = Recorder()
            outputs, seconds = session(kernel, rec, args.verbose, only=args.only)
        for command in ("reboot", "halt"):
            shutdown_session(kernel, command, rec, args.verbose, args.only)
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
