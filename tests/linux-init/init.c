/*
 * init.c — the test runner that plays /init under the reference Linux kernel.
 *
 * LevitateOS runs the programs of /lvrun.list itself; under Linux this small
 * static program does the same job so both kernels speak one protocol to the
 * host (docs/testing.md is the authority; when you change the markers, the
 * environment or the list format here, change tests/harness/lvharness.py,
 * the kernel's runner and bump PROTOCOL_VERSION in lvharness.py).
 *
 *   1. mount proc on /proc, devtmpfs on /dev, tmpfs on /tmp;
 *   2. open /dev/ttyAMA0 (the PL011 the host reads) as fds 0, 1, 2 and make
 *      it our controlling tty, since Linux is booted with console=tty0 so
 *      that its own log never reaches the serial port;
 *   3. for each line "GUESTPATH [ARG...]" of /lvrun.list: print
 *      "\x1eLVBEGIN i\n", fork + execve with the fixed environment, reap it,
 *      print "\x1eLVEND i exit CODE\n" or "\x1eLVEND i signal SIGNO\n";
 *      then kill whatever the program left running and restore the tty's
 *      settings, so that no program can change what the next one sees;
 *   4. print "\x1eLVDONE\n", sync() and power off.
 *
 * Any failure of init itself prints a line starting "\x1eLVERROR" and powers
 * off: pid 1 must never exit, since that panics Linux and hangs the host until
 * its timeout.
 *
 * Markers are written with write(2) on fd 1 straight after waitpid(), so they
 * can never overtake output the child wrote to the same tty. The tty's ONLCR
 * turns every "\n" into "\r\n"; the host undoes that.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#define CONSOLE_PATH "/dev/ttyAMA0"
#define LIST_PATH "/lvrun.list"
#define LIST_MAX (1 << 20) /* bytes; the host writes a few hundred */
#define ARGV_MAX 64	   /* arguments per line, argv[0] included */

/* The exact environment of every program, in this order (docs/testing.md). */
static char *const program_env[] = {
	"HOME=/", "PATH=/bin:/usr/bin", "TERM=linux", "LVTEST=1", NULL,
};

/* The console's settings at start, restored after every program. */
static struct termios console_termios;
static int have_termios;

/* Write all of buf to fd 1, retrying short writes and EINTR. */
static void write_all(const char *buf, size_t len)
{
	while (len > 0) {
		ssize_t n = write(STDOUT_FILENO, buf, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return; /* nowhere left to report to */
		buf += n;
		len -= (size_t)n;
	}
}

/* printf-style marker line; fmt must start with "\x1e" and end with "\n". */
static void marker(const char *fmt, ...)
{
	char line[512];
	va_list ap;
	int len;

	va_start(ap, fmt);
	len = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (len < 0)
		return;
	if ((size_t)len >= sizeof(line))
		len = sizeof(line) - 1;
	write_all(line, (size_t)len);
}

static __attribute__((noreturn)) void power_off(void)
{
	sync();
	reboot(RB_POWER_OFF);
	/* Only reached if reboot() failed; pid 1 must not exit. */
	for (;;)
		pause();
}

/* Report a failure of init itself (what + errno) and power off. */
static __attribute__((noreturn)) void die(const char *what)
{
	marker("\x1eLVERROR init: %s: %s\n", what, strerror(errno));
	power_off();
}

/*
 * Create target (one level) and mount a fresh filesystem on it. Returns 0 or
 * the errno; an already-mounted target counts as success.
 */
static int mount_at(const char *source, const char *target, const char *type)
{
	if (mkdir(target, 0755) < 0 && errno != EEXIST)
		return errno;
	if (mount(source, target, type, 0, NULL) < 0 && errno != EBUSY)
		return errno;
	return 0;
}

/* Report a mount that failed before the console was open. */
static void check_mount(const char *target, int err)
{
	if (err) {
		errno = err;
		die(target);
	}
}

/*
 * Make the serial port fds 0, 1 and 2 and our controlling tty. Before this
 * there is nowhere to print, so a failure here can only power off.
 */
static void open_console(void)
{
	int fd = open(CONSOLE_PATH, O_RDWR | O_NOCTTY);

	if (fd < 0)
		power_off();
	setsid(); /* fails harmlessly if we already lead a session */
	for (int i = 0; i < 3; i++)
		if (fd != i && dup2(fd, i) < 0)
			power_off();
	if (fd > 2)
		close(fd);
	/* Not fatal: programs see a tty either way, only job control differs. */
	ioctl(STDIN_FILENO, TIOCSCTTY, 0);
	have_termios = tcgetattr(STDIN_FILENO, &console_termios) == 0;
}

/*
 * Undo what a finished program may have left behind: processes it started
 * (kill(-1) reaches every process but us) and changed tty settings.
 */
static void clean_up_after_program(void)
{
	if (kill(-1, SIGKILL) == 0)
		while (waitpid(-1, NULL, 0) > 0 || errno == EINTR)
			;
	if (have_termios)
		tcsetattr(STDIN_FILENO, TCSADRAIN, &console_termios);
}

/* Read the whole list into a NUL-terminated heap buffer. */
static char *read_list(void)
{
	char *buf = malloc(LIST_MAX + 1);
	size_t len = 0;
	int fd;

	if (!buf)
		die("malloc");
	fd = open(LIST_PATH, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		die("open " LIST_PATH);
	while (len < LIST_MAX) {
		ssize_t n = read(fd, buf + len, LIST_MAX - len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			die("read " LIST_PATH);
		if (n == 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	buf[len] = '\0';
	return buf;
}

/*
 * Split one line in place at single spaces into argv (NULL-terminated).
 * Returns the argument count, or -1 if the line has too many fields.
 */
static int split_line(char *line, char **argv)
{
	int argc = 0;

	for (char *field = line; field; argc++) {
		if (argc == ARGV_MAX - 1)
			return -1;
		argv[argc] = field;
		field = strchr(field, ' ');
		if (field)
			*field++ = '\0';
	}
	argv[argc] = NULL;
	return argc;
}

/* The child side of fork: exec, or report why not and exit 127 like a shell. */
static __attribute__((noreturn)) void exec_program(char **argv)
{
	execve(argv[0], argv, program_env);
	dprintf(STDERR_FILENO, "init: execve %s: %s\n", argv[0], strerror(errno));
	_exit(127);
}

/*
 * Reap children until pid is among them and return its wait status.
 * Orphans the program left behind are re-parented to us and reaped here too.
 */
static int wait_for(pid_t pid)
{
	int status;

	for (;;) {
		pid_t got = waitpid(-1, &status, 0);

		if (got == pid)
			return status;
		if (got < 0 && errno != EINTR)
			die("waitpid");
	}
}

/* Run program number index with the given argv, framed by its markers. */
static void run_one(int index, char **argv)
{
	pid_t pid;
	int status;

	marker("\x1eLVBEGIN %d\n", index);
	pid = fork();
	if (pid < 0)
		die("fork");
	if (pid == 0)
		exec_program(argv);
	status = wait_for(pid);
	clean_up_after_program();
	if (WIFSIGNALED(status))
		marker("\x1eLVEND %d signal %d\n", index, WTERMSIG(status));
	else
		marker("\x1eLVEND %d exit %d\n", index, WEXITSTATUS(status));
}

/* Run every non-empty line of the list in order; empty lines are not counted. */
static void run_list(char *list)
{
	char *argv[ARGV_MAX];
	int index = 0;
	char *next;

	for (char *line = list; *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		else
			next = line + strlen(line);
		if (*line == '\0')
			continue;
		if (split_line(line, argv) < 0) {
			marker("\x1eLVERROR init: line %d has too many arguments\n", index);
			power_off();
		}
		run_one(index++, argv);
	}
}

int main(void)
{
	/* Mount failures are reported once the console is open. */
	int proc_err = mount_at("proc", "/proc", "proc");
	int dev_err = mount_at("devtmpfs", "/dev", "devtmpfs");
	int tmp_err = mount_at("tmpfs", "/tmp", "tmpfs");

	open_console();
	check_mount("mount /proc", proc_err);
	check_mount("mount /dev", dev_err);
	check_mount("mount /tmp", tmp_err);
	if (chdir("/") < 0)
		die("chdir /");
	run_list(read_list());
	marker("\x1eLVDONE\n");
	power_off();
}
