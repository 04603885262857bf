/*
 * init.c — PID 1 of `make run`'s system (tools/mkroot installs it as
 * /sbin/init): the start-up BusyBox init did with /etc/inittab and
 * /etc/init.d/rcS, done in one small process without running a shell
 * script or any other program, so the prompt comes sooner (issue #15: each
 * program run for the first time costs QEMU the translation of its code).
 *
 * What it does, in order, as BusyBox init did with the old inittab
 * ("::sysinit:/etc/init.d/rcS", "ttyAMA0::respawn:-/bin/sh",
 * "::ctrlaltdel:/sbin/reboot"; BusyBox's init/init.c):
 *   1. the rcS: mounts proc on /proc, devtmpfs on /dev, a tmpfs on /dev/shm
 *      (mode 1777, nosuid, nodev: shm_open in glibc and musl), devpts on
 *      /dev/pts (Linux's /dev/ptmx opens the devpts mounted at the "pts"
 *      beside it: without one, ENODEV; script(1) needs it), and sets the
 *      console log level to 5 (`dmesg -n 5`: only warnings and worse reach
 *      the console from now on, `dmesg` shows everything);
 *   2. the shell: /bin/sh as a login shell (argv[0] "-/bin/sh", so it reads
 *      /etc/profile) in a new session on /dev/ttyAMA0, which becomes its
 *      controlling terminal (/dev/console never does), with the terminal
 *      settings and environment BusyBox init gives (set_sane_term, TERM=vt102
 *      on a serial line, HOME, PATH, SHELL, USER); started again when it ends;
 *   3. the end: BusyBox's halt, reboot and poweroff signal PID 1 (SIGUSR1,
 *      SIGTERM, SIGUSR2; SIGINT is Ctrl-Alt-Del, which reboots): every other
 *      process gets SIGTERM, then SIGKILL, and reboot(2) halts, restarts or
 *      powers off, with BusyBox init's messages. BusyBox sleeps a second
 *      after SIGTERM and another before reboot(2); this init waits for its
 *      children to end instead (at most a second) and does not pause.
 * Every child is reaped (orphans are re-parented to PID 1).
 *
 * Signals are never handled asynchronously: they stay blocked and the main
 * loop takes them one at a time with sigwaitinfo, so nothing races.
 * It is a static musl program; on Linux it runs the same (the console
 * tests and bench/boot_prompt.py boot both kernels with it).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/klog.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#define SHELL_TTY "/dev/ttyAMA0"
#define SYSLOG_ACTION_CONSOLE_LEVEL 8 /* syslog(2) */

static void message(const char *text)
{
	/* fd 2 is /dev/console (the kernel opens it for PID 1) */
	(void)!write(STDERR_FILENO, text, strlen(text));
	(void)!write(STDERR_FILENO, "\n", 1);
}

static void warn_errno(const char *what)
{
	char line[160];
	snprintf(line, sizeof(line), "init: %s: %s", what, strerror(errno));
	message(line);
}

/* Step 1: what /etc/init.d/rcS did. A failure is reported and start-up goes on. */
static void system_setup(void)
{
	if (mount("proc", "/proc", "proc", 0, NULL))
		warn_errno("mount /proc");
	if (mount("devtmpfs", "/dev", "devtmpfs", 0, NULL))
		warn_errno("mount /dev");
	if (mkdir("/dev/shm", 0755) && errno != EEXIST)
		warn_errno("mkdir /dev/shm");
	if (mount("tmpfs", "/dev/shm", "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777"))
		warn_errno("mount /dev/shm");
	if (mkdir("/dev/pts", 0755) && errno != EEXIST)
		warn_errno("mkdir /dev/pts");
	if (mount("devpts", "/dev/pts", "devpts", MS_NOSUID | MS_NOEXEC, NULL))
		warn_errno("mount /dev/pts");
	if (klogctl(SYSLOG_ACTION_CONSOLE_LEVEL, NULL, 5))
		warn_errno("console log level");
}

/* BusyBox init's set_sane_term: the control characters and modes of a fresh login terminal. */
static void set_sane_term(int fd)
{
	struct termios t;
	if (tcgetattr(fd, &t))
		return;
	t.c_cc[VINTR] = 3;    /* ^C */
	t.c_cc[VQUIT] = 28;   /* ^\ */
	t.c_cc[VERASE] = 127; /* DEL */
	t.c_cc[VKILL] = 21;   /* ^U */
	t.c_cc[VEOF] = 4;     /* ^D */
	t.c_cc[VSTART] = 17;  /* ^Q */
	t.c_cc[VSTOP] = 19;   /* ^S */
	t.c_cc[VSUSP] = 26;   /* ^Z */
	t.c_line = 0;
	t.c_cflag &= CBAUD | CBAUDEX | CSIZE | CSTOPB | PARENB | PARODD;
	t.c_cflag |= CREAD | HUPCL | CLOCAL;
	t.c_iflag = ICRNL | IXON | IXOFF;
	t.c_oflag = OPOST | ONLCR;
	t.c_lflag = ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE | IEXTEN;
	tcsetattr(fd, TCSANOW, &t);
}

/* In the child of fork: the login shell on SHELL_TTY, in a session of its own. */
static void __attribute__((noreturn)) exec_shell(void)
{
	sigset_t none;
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL); /* the main loop's blocked signals */
	setsid();
	close(STDIN_FILENO);
	int fd = open(SHELL_TTY, O_RDWR); /* fd 0; a session leader's first tty becomes its controlling one */
	if (fd != STDIN_FILENO) {
		warn_errno("open " SHELL_TTY);
		_exit(127);
	}
	dup2(STDIN_FILENO, STDOUT_FILENO);
	dup2(STDIN_FILENO, STDERR_FILENO);
	set_sane_term(STDIN_FILENO);
	ioctl(STDIN_FILENO, TIOCSCTTY, 0); /* as BusyBox for a "-" command: only try, never steal */
	char *argv[] = {"-/bin/sh", NULL};
	execv("/bin/sh", argv);
	warn_errno("exec /bin/sh");
	_exit(127);
}

static pid_t start_shell(void)
{
	pid_t pid = fork();
	if (pid == 0)
		exec_shell();
	if (pid < 0)
		warn_errno("fork");
	return pid;
}

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Reaps children until none is left or `seconds` have passed; true if none is left. */
static int reap_all(double seconds)
{
	double end = now_seconds() + seconds;
	for (;;) {
		pid_t pid = waitpid(-1, NULL, WNOHANG);
		if (pid < 0 && errno == ECHILD)
			return 1;
		if (pid > 0)
			continue;
		if (now_seconds() >= end)
			return 0;
		struct timespec tick = {0, 10 * 1000 * 1000};
		nanosleep(&tick, NULL);
	}
}

/* Step 3, BusyBox init's halt_reboot_pwoff: never returns. */
static void __attribute__((noreturn)) shut_down(int sig)
{
	const char *what = "halt";
	int cmd = RB_HALT_SYSTEM;
	if (sig == SIGTERM || sig == SIGINT) {
		what = "reboot";
		cmd = RB_AUTOBOOT;
	} else if (sig == SIGUSR2) {
		what = "poweroff";
		cmd = RB_POWER_OFF;
	}
	message("The system is going down NOW!");
	kill(-1, SIGTERM); /* every process but PID 1 */
	message("Sent SIGTERM to all processes");
	sync();
	reap_all(1.0);
	kill(-1, SIGKILL);
	message("Sent SIGKILL to all processes");
	sync();
	reap_all(1.0);
	char line[64];
	snprintf(line, sizeof(line), "Requesting system %s", what);
	message(line);
	/* In a child, as BusyBox does: Linux's reboot(2) ends the caller after a
	 * halt (do_exit), and PID 1 must not end. */
	if (fork() == 0) {
		reboot(cmd);
		_exit(0);
	}
	for (;;)
		pause();
}

int main(int argc, char **argv)
{
	(void)argc;
	if (getpid() != 1) {
		fprintf(stderr, "init: must run as PID 1\n");
		return 1;
	}
	/* ps shows "init", as for BusyBox init: argv[0] rewritten in place, the rest wiped */
	size_t len = strlen(argv[0]);
	memset(argv[0], 0, len);
	memcpy(argv[0], "init", len < 4 ? len : 4);
	for (char **arg = argv + 1; *arg; arg++)
		memset(*arg, 0, strlen(*arg));

	sigset_t handled;
	sigemptyset(&handled);
	int sigs[] = {SIGCHLD, SIGUSR1, SIGUSR2, SIGTERM, SIGINT};
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		sigaddset(&handled, sigs[i]);
	sigprocmask(SIG_BLOCK, &handled, NULL);
	reboot(RB_DISABLE_CAD); /* Ctrl-Alt-Del sends SIGINT instead of rebooting at once */

	if (chdir("/"))
		warn_errno("chdir /");
	const char *term = getenv("TERM");
	if (!term || strcmp(term, "linux") == 0)
		setenv("TERM", "vt102", 1); /* BusyBox init's console_init on a serial line */
	setenv("HOME", "/", 1);
	setenv("PATH", "/sbin:/usr/sbin:/bin:/usr/bin", 1);
	setenv("SHELL", "/bin/sh", 1);
	setenv("USER", "root", 1);
	system_setup();

	double started = now_seconds();
	pid_t shell = start_shell();
	for (;;) {
		if (shell < 0) { /* fork failed: try again in a second (signals stay pending meanwhile) */
			sleep(1);
			shell = start_shell();
			continue;
		}
		int sig = sigwaitinfo(&handled, NULL);
		if (sig < 0)
			continue; /* EINTR: a signal not in the set (none is handled) */
		if (sig != SIGCHLD)
			shut_down(sig);
		pid_t pid;
		while ((pid = waitpid(-1, NULL, WNOHANG)) > 0) {
			if (pid != shell)
				continue;
			/* a shell that cannot start would be restarted in a tight loop */
			if (now_seconds() - started < 1.0)
				sleep(1);
			started = now_seconds();
			shell = start_shell();
		}
	}
}
