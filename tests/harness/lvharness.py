"""lvharness — host side of the LevitateOS test protocol (docs/testing.md).

Shared by tools/lvrun, tests/harness/run_abi.py and bench/run.py:

  * Cpio            — writes an initramfs in the cpio "newc" format;
  * Program         — one program to run: argv, environment, cwd, stdin;
  * build_initramfs — packs /lvrun/init, the programs and their /lvrun/i/ files;
  * qemu_command    — the one QEMU command line both kernels boot with;
  * StreamParser    — turns raw serial bytes into Events (kernel log spans,
                      per-program stdout and stderr, begin/end markers, done,
                      error);
  * Session         — runs QEMU and yields Events with timeouts applied;
  * in_parallel     — runs independent boots JOBS at a time (the suites'
                      one way to use both cores);
  * make_console_root, spawn_console — `make run`'s system (tools/mkroot's
                      tree, tools/run-shell) under pexpect on a
                      pseudo-terminal, for test_console.py and
                      bench/boot_prompt.py.

The protocol in one breath: the same /lvrun/init (tests/linux-init/init.c)
runs as PID 1 on both kernels and writes "\\x1eLVBEGIN i\\n" before program
i, "\\x1eLVERR i BASE64\\n" for its stderr, "\\x1eLVEND i exit CODE\\n" or
"\\x1eLVEND i signal SIGNO\\n" after it, "\\x1eLVDONE\\n" at the end,
"\\x1eLVERROR ...\\n" if it fails itself; other bytes are the program's
stdout. LevitateOS wraps its own log lines in STX (\\x02) ... ETX (\\x03).
The tty turns "\\n" into "\\r\\n". When you change any of that, change
init.c too and bump PROTOCOL_VERSION, which keys the Linux result cache.
"""

import base64
import binascii
import concurrent.futures
import hashlib
import json
import os
import select
import subprocess
import tempfile
import threading
import time

PROTOCOL_VERSION = "lvrun-protocol-3"

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BUILD = os.path.join(TOP, "build")
KERNELS = {
    # LV_LEVITATE_KERNEL: another LevitateOS image (one built with make B=DIR)
    "levitate": os.environ.get("LV_LEVITATE_KERNEL") or os.path.join(BUILD, "levitate.bin"),
    "linux": os.path.join(BUILD, "ext", "linux", "vmlinuz"),
}
INIT_GUEST = "/lvrun/init"  # where the protocol's PID 1 is packed
APPEND = {
    # ignore_loglevel: every kernel log record on the serial port, whatever
    # its level (the harness separates them; the panic, strace and leak
    # checks read them), as Linux's own messages go to the unseen tty0
    "levitate": "quiet ignore_loglevel rdinit=" + INIT_GUEST,
    "linux": "console=tty0 quiet rdinit=" + INIT_GUEST,
}
KERNEL_NAMES = {"levitate": "LevitateOS", "linux": "Linux"}
INIT_SRC = os.path.join(TOP, "tests", "linux-init", "init.c")
INIT_BIN = os.path.join(BUILD, "linux-init", "init")
CROSS_CC = "aarch64-linux-gnu-gcc"

# The environment a guest program gets unless the caller gives one, in order.
PROGRAM_ENV = ["HOME=/", "PATH=/bin:/usr/bin", "TERM=linux", "LVTEST=1"]

RS, STX, ETX = 0x1E, 0x02, 0x03

# Exit statuses of tools/lvrun besides the program's own.
EXIT_TIMEOUT = 124
EXIT_HARNESS = 125

# QEMUs a suite runs at once: TCG keeps one host core busy per single-CPU
# guest, and `make test` runs on two cores (LV_JOBS=1 runs one at a time).
JOBS = max(1, int(os.environ.get("LV_JOBS", "2")))


class HarnessError(Exception):
    """The harness, QEMU or the kernel failed before a program could report."""


# --------------------------------------------------------------------------
# make run's system on a pseudo-terminal (pexpect)


def make_console_root(out):
    """tools/mkroot's tree (BusyBox, tools/init/init.c as /sbin/init) at out."""
    subprocess.run([os.path.join(TOP, "tools", "mkroot"), "--out", out], check=True,
                   stdout=subprocess.DEVNULL)


def spawn_console(kernel, root, timeout, smp=None):
    """tools/run-shell booting kernel with the tree root, its serial port a
    24x80 pseudo-terminal driven by pexpect (the caller types and expects;
    `timeout` is pexpect's default per expect), with smp CPUs (None:
    run-shell's default). Returns the pexpect child."""
    import pexpect  # Debian's python3-pexpect: only the console users need it
    cmd = [os.path.join(TOP, "tools", "run-shell"), "--kernel", kernel, "--root", root]
    if smp:
        cmd += ["--smp", str(smp)]
    return pexpect.spawn(cmd[0], cmd[1:], timeout=timeout, dimensions=(24, 80))


# --------------------------------------------------------------------------
# Files and build steps


def sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


_init_lock = threading.Lock()  # one build of init at a time among in_parallel's threads


def in_parallel(fn, items, jobs=None, waits=None):
    """fn(item) for every item, up to `jobs` (default JOBS) at once, each in
    a thread of its own (fn mostly waits for a QEMU). Yields the results in
    the order of items, each as soon as it and all before it are done, so a
    suite prints the same lines in the same order whatever finished first.
    An exception in fn is raised here.

    waits(item), if given, tells the items whose QEMU mostly sleeps (a run
    that must time out, a halted machine): they run one at a time on a
    thread beside the `jobs` ones, as a sleeping guest leaves its core idle."""
    items = list(items)
    waits = waits or (lambda item: False)
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs or JOBS) as pool, \
            concurrent.futures.ThreadPoolExecutor(max_workers=1) as beside:
        futures = [(beside if waits(item) else pool).submit(fn, item) for item in items]
        try:
            for f in futures:
                yield f.result()
        finally:  # as pool.map: what has not started does not, if the caller stops
            for f in futures:
                f.cancel()


def ensure_init():
    """Build the Linux-side /init if it is missing or older than init.c."""
    with _init_lock:
        return _ensure_init_locked()


def _ensure_init_locked():
    if (os.path.exists(INIT_BIN)
            and os.path.getmtime(INIT_BIN) >= os.path.getmtime(INIT_SRC)):
        return INIT_BIN
    os.makedirs(os.path.dirname(INIT_BIN), exist_ok=True)
    tmp = "%s.tmp%d" % (INIT_BIN, os.getpid())  # parallel runs may race here
    cmd = [CROSS_CC, "-static", "-O2", "-Wall", "-Werror", "-o", tmp, INIT_SRC]
    try:
        subprocess.run(cmd, check=True)
    except (OSError, subprocess.CalledProcessError) as e:
        raise HarnessError("cannot build %s: %s" % (INIT_BIN, e))
    os.replace(tmp, INIT_BIN)
    return INIT_BIN


def kernel_path(kernel):
    path = KERNELS[kernel]
    if not os.path.isfile(path):
        raise HarnessError("%s kernel %s is missing"
                           % (KERNEL_NAMES[kernel], os.path.relpath(path, TOP)))
    return path


# --------------------------------------------------------------------------
# cpio "newc" (see the kernel's Documentation/driver-api/early-userspace/
# buffer-format.rst): a 110-byte ASCII header, the NUL-terminated name padded
# to 4 bytes (counting the header), the data padded to 4 bytes.

S_IFMT, S_IFDIR, S_IFREG, S_IFLNK = 0o170000, 0o040000, 0o100000, 0o120000


class Cpio:
    """An in-memory newc archive; parent directories are added on demand.
    Every entry belongs to root (uid/gid 0) and has mtime 0."""

    def __init__(self):
        self.parts = []
        self.names = set()
        self.ino = 1

    @staticmethod
    def _pad(n):
        return b"\0" * (-n % 4)

    def _entry(self, name, mode, data=b"", ino=None, rdev=0):
        name_b = (name.encode() if isinstance(name, str) else name) + b"\0"
        # ino mode uid gid nlink mtime filesize devmajor devminor
        # rdevmajor rdevminor namesize check
        fields = [self.ino if ino is None else ino, mode, 0, 0,
                  2 if mode & S_IFMT == S_IFDIR else 1, 0, len(data), 0, 0,
                  os.major(rdev), os.minor(rdev), len(name_b), 0]
        header = b"070701" + b"".join(b"%08X" % f for f in fields)
        self.ino += 1
        self.parts += [header, name_b, self._pad(len(header) + len(name_b)),
                       data, self._pad(len(data))]

    def _claim(self, path):
        path = path.strip("/")
        if path in self.names:
            raise HarnessError("initramfs: %s added twice" % path)
        self.add_dir(os.path.dirname(path))
        self.names.add(path)
        return path

    def add_dir(self, path, mode=0o755):
        path = path.strip("/")
        if not path or path in self.names:
            return
        self.add_dir(os.path.dirname(path))
        self.names.add(path)
        self._entry(path, S_IFDIR | mode)

    def add_file(self, path, data, mode=0o644):
        if isinstance(data, str):
            data = data.encode()
        self._entry(self._claim(path), S_IFREG | mode, data)

    def add_symlink(self, path, target):
        self._entry(self._claim(path), S_IFLNK | 0o777, os.fsencode(target))

    def add_node(self, path, mode, rdev):
        """A device node, FIFO or socket (mode holds the type)."""
        self._entry(self._claim(path), mode, rdev=rdev)

    def add_tree(self, host_dir, guest_dir="/"):
        """A host directory tree: files, directories, symlinks and device
        nodes with their permission bits; owners become root."""
        for root, dirs, files in os.walk(host_dir):
            dirs.sort()
            rel = os.path.relpath(root, host_dir)
            base = guest_dir if rel == "." else os.path.join(guest_dir, rel)
            for name in dirs + sorted(files):
                host = os.path.join(root, name)
                guest = os.path.join(base, name).strip("/")
                st = os.lstat(host)
                kind, perm = st.st_mode & S_IFMT, st.st_mode & 0o7777
                if kind == S_IFDIR:
                    if os.path.islink(host):
                        self.add_symlink(guest, os.readlink(host))
                    else:
                        self.add_dir(guest, perm)
                elif kind == S_IFLNK:
                    self.add_symlink(guest, os.readlink(host))
                elif kind == S_IFREG:
                    self.add_file(guest, read_host(host), perm)
                else:
                    self.add_node(guest, st.st_mode, st.st_rdev)

    def getvalue(self):
        trailer = Cpio()
        trailer._entry("TRAILER!!!", 0, ino=0)
        return b"".join(self.parts + trailer.parts)


class Program:
    """One program of a boot. host: the binary to pack at argv[0] (None: it
    is already in the image, e.g. in a --root tree); argv: any bytes but
    NUL, argv[0] the guest path; env: list of "NAME=VALUE" (None: the
    default PROGRAM_ENV); cwd: guest directory; stdin: bytes for fd 0
    (None: /dev/null)."""

    def __init__(self, host, argv, env=None, cwd="/", stdin=None):
        self.host, self.argv = host, list(argv)
        self.env = list(PROGRAM_ENV if env is None else env)
        self.cwd, self.stdin = cwd, stdin

    @classmethod
    def of(cls, p):
        """Accepts a Program or the older (hostpath, argv) pair."""
        return p if isinstance(p, Program) else cls(p[0], p[1])

    def spec_files(self):
        """{name: bytes} of its /lvrun/i/ directory (docs/testing.md)."""
        def strings(items):
            out = b""
            for item in items:
                b = os.fsencode(item) if isinstance(item, str) else bytes(item)
                if b"\0" in b:
                    raise HarnessError("%r contains a NUL byte" % item)
                out += b + b"\0"
            return out
        if not self.argv or not self.argv[0]:
            raise HarnessError("a program needs a non-empty argv[0]")
        files = {"argv": strings(self.argv), "env": strings(self.env),
                 "cwd": os.fsencode(self.cwd)}
        if self.stdin is not None:
            files["stdin"] = bytes(self.stdin)
        return files

    def key_parts(self):
        """What about it can change the guest's answer (for result caches)."""
        return [json.dumps([os.fsdecode(a) if isinstance(a, bytes) else a for a in self.argv]),
                json.dumps(self.env), self.cwd,
                hashlib.sha256(self.stdin).hexdigest() if self.stdin is not None else "no stdin"]


def build_initramfs(programs, files=(), root=None):
    """Return initramfs bytes.

    programs: Programs (or (hostpath, argv) pairs) run in order.
    files:    list of (hostpath, guestpath) packed but not run.
    root:     a host directory whose tree becomes the root file system.
    """
    cpio = Cpio()
    if root:
        cpio.add_tree(root)
    for d in ("bin", "dev", "proc", "tmp"):
        cpio.add_dir(d)
    cpio.add_file(INIT_GUEST, open(ensure_init(), "rb").read(), 0o755)
    for i, p in enumerate(Program.of(p) for p in programs):
        for name, data in p.spec_files().items():
            cpio.add_file("lvrun/%d/%s" % (i, name), data)
        guest = os.fsdecode(p.argv[0]).strip("/")
        if p.host is not None and guest not in cpio.names:
            cpio.add_file(guest, read_host(p.host), 0o755)
    for host, guest in files:
        mode = 0o755 if os.access(host, os.X_OK) else 0o644
        cpio.add_file(guest, read_host(host), mode)
    return cpio.getvalue()


def read_host(path):
    try:
        with open(path, "rb") as f:
            return f.read()
    except OSError as e:
        raise HarnessError("cannot read %s: %s" % (path, e.strerror))


# --------------------------------------------------------------------------
# QEMU


def qemu_command(kernel, initrd, cpu="cortex-a72", mem="1G", smp=1, gic=3, el2=False, append_extra="",
                 strace=False):
    """el2: start the CPU at EL2 (virtualization=on), as a hypervisor-capable
    boot loader would; LevitateOS drops to EL1 itself. append_extra: more
    kernel command-line words (e.g. "levitate.log_reaps"); LevitateOS also
    gets the words of $LV_APPEND (e.g. "levitate.kstack_check" to log the
    deepest kernel stack use of a whole suite). strace: LevitateOS traces
    the program's system calls (see trace_line)."""
    if kernel == "levitate":
        append_extra = (append_extra + " " + os.environ.get("LV_APPEND", "")).strip()
    machine = "virt,gic-version=%s" % gic + (",virtualization=on" if el2 else "")
    return ["qemu-system-aarch64",
            "-M", machine, "-cpu", cpu, "-m", str(mem),
            "-smp", str(smp), "-nographic", "-no-reboot", "-monitor", "none",
            "-serial", "stdio", "-nic", "none", "-device", "virtio-rng-device",
            "-kernel", kernel_path(kernel), "-initrd", initrd,
            "-append", (APPEND[kernel] + " " + append_extra).strip() + (STRACE_APPEND if strace else "")]


def terminal_qemu_command(kernel, initrd, append):
    """A QEMU command for a person at this terminal (make run, lvrun on a
    terminal): the serial port on stdio multiplexed with QEMU's monitor
    (^A x quits, ^A c the monitor), signal=off so the terminal's ^C, ^Z and
    ^\\ are bytes for the guest; the kernel command line is append alone."""
    cmd = qemu_command(kernel, initrd)
    i = cmd.index("-monitor")
    del cmd[i:i + 2]
    i = cmd.index("-serial")
    cmd[i:i + 2] = ["-chardev", "stdio,id=console,mux=on,signal=off", "-serial", "chardev:console",
                    "-mon", "chardev=console,mode=readline"]
    cmd[cmd.index("-append") + 1] = append
    return cmd


# --------------------------------------------------------------------------
# The built-in system-call tracer (docs/strace.md). With STRACE_APPEND on
# its command line LevitateOS writes one trace line per kernel log record,
# "\x02LVTRACE <line>\r\n\x03"; StreamParser hands it over as a "log"
# event like any record, and trace_line() tells the two apart.

STRACE_APPEND = " levitate.strace=1"
TRACE_TAG = b"LVTRACE "


def trace_line(event):
    """For a "log" event holding a trace record: the strace line (bytes,
    without newline); None for any other event."""
    if event.kind == "log" and event.data.startswith(TRACE_TAG):
        return event.data[len(TRACE_TAG):]
    return None


_qemu_version = None


def qemu_version():
    """`qemu-system-aarch64 --version`'s first line (part of cache keys)."""
    global _qemu_version
    if _qemu_version is None:
        try:
            out = subprocess.run(["qemu-system-aarch64", "--version"], stdout=subprocess.PIPE,
                                 stderr=subprocess.DEVNULL, check=True).stdout
        except (OSError, subprocess.CalledProcessError) as e:
            raise HarnessError("cannot run qemu-system-aarch64 --version: %s" % e)
        _qemu_version = out.decode(errors="replace").splitlines()[0]
    return _qemu_version


def boot_key_parts(kernel, qemu_opts=None):
    """What about a boot can change a program's result besides the program
    itself: the guest init, the kernel, the QEMU command line and version."""
    cmd = qemu_command(kernel, "INITRD", **(qemu_opts or {}))
    cmd[cmd.index("-kernel") + 1] = "KERNEL"  # its hash counts, not where the checkout is
    return [PROTOCOL_VERSION, sha256_file(ensure_init()), sha256_file(kernel_path(kernel)),
            json.dumps(cmd), qemu_version()]


# --------------------------------------------------------------------------
# Stream parsing


class Event:
    """One thing seen on the serial port.

    kind: "log"    data = kernel log bytes (an STX..ETX span, unwrapped)
          "output" data = program stdout bytes (index = program, or None
                          for stray bytes outside any program)
          "stderr" index, data = program stderr bytes (an LVERR line)
          "begin"  index
          "end"    index, how ("exit" or "signal"), code
          "done"
          "error"  data = message (bytes) from an LVERROR line
          "junk"   data = a marker line that did not parse
          "timeout" index (None: before the first program), data = the
                    LevitateOS task dump taken before QEMU was killed (its
                    kernel log lines, b"" if none came) — from Session
          "exit"   code = QEMU's exit status — from Session, always last
    """

    def __init__(self, kind, index=None, data=b"", how=None, code=None):
        self.kind, self.index, self.data = kind, index, data
        self.how, self.code = how, code
        self.time = time.monotonic()

    def status(self):
        """For an "end" event: a shell-style status (128+signal if killed)."""
        return self.code if self.how == "exit" else 128 + self.code

    def __repr__(self):
        return "Event(%s, %r, %r, %r, %r)" % (self.kind, self.index, self.data,
                                              self.how, self.code)


class StreamParser:
    """Incremental parser: feed() raw serial bytes, get a list of Events.

    Order of work, each stage stateful across chunks:
      1. STX..ETX spans are cut out wherever they are (kernel log);
      2. "\\r\\n" becomes "\\n" (the tty's ONLCR);
      3. RS starts a marker line that runs to "\\n"; other bytes are output
         of the current program.
    """

    def __init__(self):
        self.in_log = False
        self.log = bytearray()
        self.cr = False          # a "\r" held back in case "\n" follows
        self.marker = None       # bytearray while inside a marker line
        self.current = None      # index of the running program

    def feed(self, data):
        events = []
        pos = 0
        while pos < len(data):  # stage 1; events stay in stream order
            stop = data.find(ETX if self.in_log else STX, pos)
            end = len(data) if stop < 0 else stop
            if self.in_log:
                self.log.extend(data[pos:end])
            else:
                self._text(self._crlf(bytearray(data[pos:end])), events)
            if stop < 0:
                break
            if self.in_log:
                events.append(Event("log", data=bytes(self.log).rstrip(b"\r\n")))
                self.log.clear()
            self.in_log = not self.in_log
            pos = stop + 1
        return self._merge(events)

    def finish(self):
        """Flush what is held back at the end of the stream."""
        events = []
        tail = bytearray(b"\r") if self.cr else bytearray()
        self.cr = False
        self._text(tail, events)
        if self.marker is not None:
            events.append(Event("junk", data=bytes(self.marker)))
            self.marker = None
        if self.in_log and self.log:
            events.append(Event("log", data=bytes(self.log).rstrip(b"\r\n")))
        return self._merge(events)

    def _crlf(self, text):  # stage 2
        if self.cr:
            text[0:0] = b"\r"
            self.cr = False
        if text.endswith(b"\r"):
            self.cr = True
            del text[-1]
        return bytearray(bytes(text).replace(b"\r\n", b"\n"))

    def _text(self, text, events):  # stage 3
        pos = 0
        while pos < len(text):
            if self.marker is not None:
                nl = text.find(b"\n", pos)
                end = len(text) if nl < 0 else nl
                self.marker += text[pos:end]
                pos = end
                if nl >= 0:
                    events.append(self._parse_marker(bytes(self.marker)))
                    self.marker = None
                    pos += 1
                continue
            rs = text.find(bytes([RS]), pos)
            end = len(text) if rs < 0 else rs
            if end > pos:
                events.append(Event("output", self.current, bytes(text[pos:end])))
            pos = end
            if rs >= 0:
                self.marker = bytearray()
                pos += 1

    def _parse_marker(self, line):
        words = line.split()
        try:
            if words[0] == b"LVBEGIN" and len(words) == 2:
                self.current = int(words[1])
                return Event("begin", self.current)
            if (words[0] == b"LVEND" and len(words) == 4
                    and words[2] in (b"exit", b"signal")):
                self.current = None
                return Event("end", int(words[1]), how=words[2].decode(),
                             code=int(words[3]))
            if words[0] == b"LVERR" and len(words) == 3:
                return Event("stderr", int(words[1]),
                             data=base64.b64decode(words[2], validate=True))
            if words == [b"LVDONE"]:
                return Event("done")
            if words[0] == b"LVERROR":
                return Event("error", data=line[len(b"LVERROR"):].strip())
        except (IndexError, ValueError, binascii.Error):
            pass
        return Event("junk", data=line)

    @staticmethod
    def _merge(events):
        """Join neighbouring output (or stderr) events of one program."""
        out = []
        for e in events:
            if (out and e.kind in ("output", "stderr") and out[-1].kind == e.kind
                    and out[-1].index == e.index):
                out[-1].data += e.data
            else:
                out.append(e)
        return out


# --------------------------------------------------------------------------
# Running a session


# Before it kills a LevitateOS run that timed out, Session asks the kernel
# for a task dump on the serial port (docs/testing.md): the serial SysRq
# sequence (^_ three times) then the key t, as tty/serial.c reads them; the
# dump ends with the record "sysrq: end of t". Linux's serial port ignores
# the bytes (its console is not the serial port and nothing reads it).
SYSRQ_TASK_DUMP = b"\x1f\x1f\x1ft"
SYSRQ_DUMP_END = b"sysrq: end of t"
SYSRQ_DUMP_WAIT = 10  # seconds for the dump to arrive
SYSRQ_DUMP_QUIET = 3  # ... but no more once the serial port was silent this long (a halted machine)
SYSRQ_DUMP_LINES = 400  # at most this many of its lines are kept
# A LevitateOS panic on one CPU can leave another spinning with interrupts
# off (on a lock the dead CPU held), so the dump never comes: the panic's
# own records (the first PANIC_LINES from a "KERNEL PANIC" line) are kept
# and put before the dump in the timeout event.
PANIC_MARK = b"KERNEL PANIC"
PANIC_LINES = 60


class Session:
    """Boot one kernel with one initramfs and yield Events until it ends.

    Timeouts: boot_timeout runs from QEMU's start to the first LVBEGIN;
    program_timeout from each LVBEGIN to its LVEND; after the last LVEND
    (or LVDONE) the guest gets grace seconds to power off; silence_timeout,
    if given, also ends a program that prints and logs nothing for that long
    (a fuzz soak's hang detector). A "timeout" event
    is yielded when one expires, then QEMU is killed (LevitateOS is first
    asked for a task dump, the timeout event's data). The last event is
    always "exit" with QEMU's status (negative if killed by us).

    programs are Programs or (hostpath, argv) pairs; root is a host
    directory tree to use as the root file system (build_initramfs).
    Use as a context manager so QEMU is killed if the caller stops early.
    """

    def __init__(self, kernel, programs, files=(), program_timeout=60,
                 boot_timeout=120, grace=10, qemu_opts=None, log=None, root=None, silence_timeout=None):
        self.kernel = kernel
        self.programs, self.files, self.root = programs, files, root
        self.program_timeout, self.boot_timeout = program_timeout, boot_timeout
        self.silence_timeout = silence_timeout
        self.grace = grace
        self.qemu_opts = qemu_opts or {}
        self.log = log            # file object for the raw stream, or None
        self.proc = None
        self.start_time = None
        self._finished = False  # every program reported, or init gave up
        self._tmpdir = None

    def __enter__(self):
        self._tmpdir = tempfile.TemporaryDirectory(prefix="lvrun-")
        self._errfile = open(os.path.join(self._tmpdir.name, "qemu.err"), "w+b")
        try:
            self._start()
        except BaseException:
            self.__exit__()
            raise
        return self

    def _start(self):
        initrd = os.path.join(self._tmpdir.name, "initramfs.cpio")
        with open(initrd, "wb") as f:
            f.write(build_initramfs(self.programs, self.files, self.root))
        cmd = qemu_command(self.kernel, initrd, **self.qemu_opts)
        self.start_time = time.monotonic()
        try:
            # LevitateOS's serial input carries the task-dump request
            stdin = subprocess.PIPE if self.kernel == "levitate" else subprocess.DEVNULL
            self.proc = subprocess.Popen(cmd, stdin=stdin,
                                         stdout=subprocess.PIPE,
                                         stderr=self._errfile)
        except OSError as e:
            raise HarnessError("cannot start QEMU: %s" % e)

    def __exit__(self, *exc):
        self.kill()
        if self.proc:
            self.proc.stdout.close()
        self._errfile.close()
        self._tmpdir.cleanup()

    def kill(self):
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        if self.proc and self.proc.stdin:
            self.proc.stdin.close()
            self.proc.stdin = None

    def _task_dump(self, parser, fd):
        """Asks LevitateOS for a task dump (SysRq t on the serial port) and
        reads until it ends or SYSRQ_DUMP_WAIT passes. Returns the events
        seen meanwhile (its log records among them) and the dump's text."""
        events, lines = [], []
        if not self.proc.stdin:
            return events, b""
        try:
            self.proc.stdin.write(SYSRQ_TASK_DUMP)
            self.proc.stdin.flush()
        except OSError:
            return events, b""
        end = time.monotonic() + SYSRQ_DUMP_WAIT
        while time.monotonic() < end:
            wait = min(SYSRQ_DUMP_QUIET, max(0.0, end - time.monotonic()))
            ready, _, _ = select.select([fd], [], [], wait)
            data = os.read(fd, 65536) if ready else b""
            if not data:
                break
            if self.log:
                self.log.write(data)
                self.log.flush()
            new = parser.feed(data)
            events += new
            lines += [e.data for e in new if e.kind == "log"]
            if any(e.kind == "log" and e.data.endswith(SYSRQ_DUMP_END) for e in new):
                break
        start = next((i for i, l in enumerate(lines) if l.endswith(b"sysrq: Show State")), None)
        dump = lines[start:] if start is not None else []
        if len(dump) > SYSRQ_DUMP_LINES:
            dump = dump[:SYSRQ_DUMP_LINES] + [b"... (%d more lines)" % (len(dump) - SYSRQ_DUMP_LINES)]
        return events, b"\n".join(dump)

    def qemu_stderr(self):
        self._errfile.seek(0)
        return self._errfile.read().decode(errors="replace").strip()

    def events(self):
        parser = StreamParser()
        fd = self.proc.stdout.fileno()
        deadline = self.start_time + self.boot_timeout
        running = None  # index of the program between BEGIN and END
        program_deadline = None  # its program_timeout's end
        panic = []  # the kernel's panic records, if it panicked (PANIC_MARK)
        while True:
            wait = max(0.0, deadline - time.monotonic())
            ready, _, _ = select.select([fd], [], [], wait)
            if not ready:
                if self._finished:
                    break  # the grace period to power off is over
                seen, dump = self._task_dump(parser, fd)
                for e in seen:
                    yield e
                if panic:
                    dump = b"\n".join(panic + ([b"", dump] if dump else []))
                yield Event("timeout", running, data=dump)
                self.kill()
                break
            data = os.read(fd, 65536)
            if not data:
                break
            if self.log:
                self.log.write(data)
                self.log.flush()
            if running is not None and self.silence_timeout:
                deadline = min(program_deadline, time.monotonic() + self.silence_timeout)
            for e in parser.feed(data):
                if e.kind == "log" and (panic or PANIC_MARK in e.data) and len(panic) < PANIC_LINES:
                    panic.append(e.data)
                if e.kind == "begin":
                    running = e.index
                    deadline = program_deadline = time.monotonic() + self.program_timeout
                    if self.silence_timeout:
                        deadline = min(deadline, time.monotonic() + self.silence_timeout)
                elif e.kind == "end":
                    running = None
                    deadline = time.monotonic() + self.boot_timeout
                    self._finished = e.index + 1 >= len(self.programs)
                    if self._finished:
                        deadline = time.monotonic() + self.grace
                elif e.kind in ("done", "error"):
                    self._finished = True
                    deadline = time.monotonic() + self.grace
                yield e
        for e in parser.finish():
            yield e
        try:  # EOF can come before QEMU has quite exited; do not kill it then
            self.proc.wait(timeout=self.grace)
        except subprocess.TimeoutExpired:
            self.kill()
        yield Event("exit", code=self.proc.returncode)
