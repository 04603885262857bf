/*
 * script.c — a small script(1): runs a command on a new pseudo-terminal and
 * copies everything it prints to the terminal and to a file. Debian's
 * static BusyBox has no `script` applet, and util-linux's needs glibc's
 * shared libraries, so `make run`'s tree carries this one in /usr/bin
 * (issue #15: "a pty session through script -c").
 *
 *     script [-q] [-c COMMAND] [FILE]
 *
 * As util-linux's script with -q: no "Script started" lines, neither on the
 * terminal nor in FILE (default "typescript"), which gets exactly the bytes
 * the pty's master read. COMMAND runs as `$SHELL -c COMMAND` (SHELL unset:
 * /bin/sh); without -c the shell runs interactively. The exit status is the
 * command's (util-linux's -e; 128 + the signal that ended it).
 *
 * How, in the steps glibc's and musl's pty functions and util-linux use:
 *   - posix_openpt(O_RDWR | O_NOCTTY) opens /dev/ptmx; grantpt, unlockpt
 *     (TIOCSPTLCK 0) and ptsname (TIOCGPTN) give the slave /dev/pts/N;
 *   - the child makes a new session, opens the slave (a session leader's
 *     first tty becomes its controlling one on Linux, and TIOCSCTTY says so
 *     explicitly), gives it the terminal's termios and window size, and
 *     execs the shell with the slave as fds 0-2;
 *   - the parent puts its own terminal in raw mode (cfmakeraw: keys such as
 *     ^C and ^Z reach the slave's line discipline, which signals the pty's
 *     foreground group) and copies: its stdin to the master, the master to
 *     its stdout and FILE, until reading the master fails with EIO (every
 *     slave file closed: Linux's pty master then reports EIO) or ends;
 *   - SIGWINCH: the terminal's new size goes to the master (TIOCSWINSZ
 *     there resizes the slave and signals its foreground group);
 *   - when its own input ends (a pipe), the slave gets its EOF character.
 * Signals are blocked except inside ppoll, so a SIGWINCH or SIGCHLD between
 * a check and the wait is not lost.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

static volatile sig_atomic_t resized;

static void on_winch(int sig)
{
	(void)sig;
	resized = 1;
}

static void on_chld(int sig)
{
	(void)sig; /* only ends ppoll */
}

static int write_all(int fd, const char *buf, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, buf, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Our input ended (a pipe or file, not a terminal): as util-linux's script,
 * the slave's EOF character, which ends a canonical read there. */
static void send_eof(int master)
{
	struct termios t;
	if (tcgetattr(master, &t) == 0 && (t.c_lflag & ICANON))
		(void)!write(master, &t.c_cc[VEOF], 1);
}

static void __attribute__((noreturn))
child(const char *slave_name, const char *command, int have_term, const struct termios *term, const struct winsize *ws)
{
	const char *shell = getenv("SHELL");
	if (!shell || !*shell)
		shell = "/bin/sh";
	sigset_t none;
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	if (setsid() < 0) {
		perror("script: setsid");
		_exit(127);
	}
	int slave = open(slave_name, O_RDWR);
	if (slave < 0) {
		perror("script: open slave");
		_exit(127);
	}
	ioctl(slave, TIOCSCTTY, 0);
	if (have_term) {
		tcsetattr(slave, TCSANOW, term);
		ioctl(slave, TIOCSWINSZ, ws);
	}
	dup2(slave, 0);
	dup2(slave, 1);
	dup2(slave, 2);
	if (slave > 2)
		close(slave);
	const char *base = strrchr(shell, '/') ? strrchr(shell, '/') + 1 : shell;
	if (command)
		execl(shell, base, "-c", command, (char *)NULL);
	else
		execl(shell, base, "-i", (char *)NULL);
	perror("script: exec");
	_exit(127);
}

int main(int argc, char **argv)
{
	const char *command = NULL, *file = "typescript";
	int opt;
	while ((opt = getopt(argc, argv, "qc:")) != -1) {
		if (opt == 'c')
			command = optarg;
		else if (opt != 'q') {
			fprintf(stderr, "usage: script [-q] [-c COMMAND] [FILE]\n");
			return 1;
		}
	}
	if (optind < argc)
		file = argv[optind];
	int out = open(file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (out < 0) {
		perror(file);
		return 1;
	}

	int master = posix_openpt(O_RDWR | O_NOCTTY);
	if (master < 0 || grantpt(master) || unlockpt(master)) {
		perror("script: pseudo-terminal");
		return 1;
	}
	const char *name = ptsname(master);
	if (!name) {
		perror("script: ptsname");
		return 1;
	}
	char slave_name[64];
	snprintf(slave_name, sizeof(slave_name), "%s", name);

	struct termios term, raw;
	struct winsize ws = {0};
	int have_term = tcgetattr(STDIN_FILENO, &term) == 0;
	if (have_term)
		ioctl(STDIN_FILENO, TIOCGWINSZ, &ws);

	sigset_t blocked, old;
	sigemptyset(&blocked);
	sigaddset(&blocked, SIGWINCH);
	sigaddset(&blocked, SIGCHLD);
	sigprocmask(SIG_BLOCK, &blocked, &old);
	struct sigaction sa = {0};
	sa.sa_handler = on_winch;
	sigaction(SIGWINCH, &sa, NULL);
	sa.sa_handler = on_chld;
	sigaction(SIGCHLD, &sa, NULL);

	pid_t pid = fork();
	if (pid < 0) {
		perror("script: fork");
		return 1;
	}
	if (pid == 0) {
		close(master);
		close(out);
		child(slave_name, command, have_term, &term, &ws);
	}

	if (have_term) {
		raw = term;
		cfmakeraw(&raw);
		tcsetattr(STDIN_FILENO, TCSANOW, &raw);
	}
	char buf[4096];
	int in_open = 1;
	for (;;) {
		if (resized) {
			resized = 0;
			if (ioctl(STDIN_FILENO, TIOCGWINSZ, &ws) == 0)
				ioctl(master, TIOCSWINSZ, &ws);
		}
		struct pollfd fds[2] = {{.fd = master, .events = POLLIN},
					{.fd = in_open ? STDIN_FILENO : -1, .events = POLLIN}};
		if (ppoll(fds, 2, NULL, &old) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (fds[0].revents) {
			ssize_t n = read(master, buf, sizeof(buf));
			if (n <= 0) /* EIO: no slave file is open any more */
				break;
			if (write_all(STDOUT_FILENO, buf, (size_t)n) || write_all(out, buf, (size_t)n))
				break;
		}
		if (fds[1].revents) {
			ssize_t n = read(STDIN_FILENO, buf, sizeof(buf));
			if (n <= 0) { /* end of our input: the command's terminal gets end of file too */
				in_open = 0;
				send_eof(master);
			} else if (write_all(master, buf, (size_t)n))
				break;
		}
	}
	if (have_term)
		tcsetattr(STDIN_FILENO, TCSADRAIN, &term);
	close(master);
	int status = 0;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	close(out);
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}
