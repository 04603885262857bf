#!/usr/bin/env python3
"""test_loglevel.py — the `quiet` and `loglevel=N` kernel command-line words
filter the console as Linux reads them, on both kernels.

Linux (init/main.c, kernel/printk/printk.c): the console log level starts at
7 (CONFIG_CONSOLE_LOGLEVEL_DEFAULT); `quiet` makes it 4
(CONFIG_CONSOLE_LOGLEVEL_QUIET), `debug` 10, `loglevel=N` N, each an early
parameter applied in command-line order, so the last one wins; a record is
printed on the console when its level is below that number
(suppress_message_printing), and every record goes to the ring buffer
(dmesg) whatever its level.

Each case boots a kernel with the words and tests/loglevel/pid1.c as PID 1
(rdinit=; Linux with console=ttyAMA0 so its messages are on the serial port
as LevitateOS's are). PID 1 changes no log setting: it writes one record of
each level 0-7 to /dev/kmsg, prints the console log level
(/proc/sys/kernel/printk) and the whole ring (syslog READ_ALL), and powers
off. The checks, on each kernel: the level printed is the one Linux's rules
give; the eight records are in the ring; every line of the ring (the
kernel's own boot messages and the eight) is on the console when its level
is below that number and is not there otherwise.

    python3 tests/harness/test_loglevel.py [--kernel both|levitate|linux]

Results are named loglevel/KERNEL_words; the last line is "N passed, N failed".
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lvharness as lv  # noqa: E402

SRC = os.path.join(lv.TOP, "tests", "loglevel", "pid1.c")
BIN = os.path.join(lv.BUILD, "loglevel", "pid1")

# (command-line words, the console log level Linux's rules give)
CASES = [("", 7), ("quiet", 4), ("loglevel=0", 0), ("loglevel=1", 1), ("loglevel=3", 3),
         ("loglevel=8", 8), ("quiet loglevel=6", 6), ("loglevel=6 quiet", 4), ("debug", 10)]


def build():
    if os.path.exists(BIN) and os.path.getmtime(BIN) >= os.path.getmtime(SRC):
        return
    os.makedirs(os.path.dirname(BIN), exist_ok=True)
    subprocess.run([lv.CROSS_CC, "-static", "-O2", "-Wall", "-Wextra", "-Werror", "-o", BIN, SRC], check=True)


def boot(kernel, words):
    """The console bytes of one boot with words on the command line."""
    with tempfile.TemporaryDirectory() as tmp:
        initrd = os.path.join(tmp, "initrd.cpio")
        cpio = lv.Cpio()
        cpio.add_file("pid1", lv.read_host(BIN), 0o755)
        with open(initrd, "wb") as f:
            f.write(cpio.getvalue())
        cmd = lv.qemu_command(kernel, initrd)
        append = {"levitate": "rdinit=/pid1", "linux": "console=ttyAMA0 rdinit=/pid1"}[kernel]
        cmd[cmd.index("-append") + 1] = (append + " " + words).strip()
        try:
            p = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, timeout=180)
            return p.stdout
        except subprocess.TimeoutExpired as e:
            return e.stdout or b""


def console_lines(kernel, out):
    """The kernel log lines the console showed, "[ sec.usec] text" each:
    LevitateOS frames each in STX .. ETX, Linux writes them as lines."""
    text = out.decode(errors="replace").replace("\r", "")
    if kernel == "levitate":
        return [span.strip("\n") for span in re.findall(r"\x02([^\x03]*)\x03", text)]
    return [line for line in text.split("\n") if re.match(r"^\[ *\d+\.\d{6}\] ", line)]


def check(kernel, words, want):
    """(ok, why) for one boot."""
    out = boot(kernel, words)
    text = re.sub(r"\x02[^\x03]*\x03", "", out.decode(errors="replace").replace("\r", ""))
    if "\nDONE\n" not in "\n" + text:
        return False, "PID 1 did not end its report; console %r" % text[-600:]
    level = re.search(r"^PRINTK (-?\d+)$", text, re.M)
    ring = []  # (level, "[ sec.usec] text")
    for m in re.finditer(r"^RING <(\d+)>(\[ *\d+\.\d{6}\] .*)$", text, re.M):
        ring.append((int(m.group(1)) & 7, m.group(2)))
    shown = set(console_lines(kernel, out))
    problems = []
    if not level or int(level.group(1)) != want:
        problems.append("console log level %s, Linux's rules give %d" % (level and level.group(1), want))
    mine = [line for _, line in ring if re.search(r"\] pid1: level \d$", line)]
    if len(mine) != 8:
        problems.append("%d of the 8 records written to /dev/kmsg in the ring" % len(mine))
    for lvl, line in ring:
        if (lvl < want) != (line in shown):
            problems.append("level %d %s the console: %r" % (lvl, "missing on" if lvl < want else "on", line))
    return not problems, "; ".join(problems[:6]) + (" (%d problems)" % len(problems) if len(problems) > 6 else "")


def main():
    p = argparse.ArgumentParser(description="quiet and loglevel= on the console")
    p.add_argument("--kernel", choices=("both", "levitate", "linux"), default="both")
    args = p.parse_args()
    build()
    kernels = ["linux", "levitate"] if args.kernel == "both" else [args.kernel]
    runs = [(k, words, want) for k in kernels for words, want in CASES]
    passed = failed = 0
    for (k, words, want), (ok, why) in zip(runs, lv.in_parallel(lambda r: check(*r), runs)):
        name = "loglevel/%s_%s" % (k, re.sub(r"[^A-Za-z0-9=]+", "_", words) or "no_word")
        if ok:
            passed += 1
            print("PASS %s" % name)
        else:
            failed += 1
            print("FAIL %s: %s" % (name, why))
        sys.stdout.flush()
    print("%d passed, %d failed" % (passed, failed))
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
