/*
 * init.c — PID 1 of every test boot, on Linux and on LevitateOS alike: the
 * guest side of the test protocol (docs/testing.md is the authority; when you
 * change the markers, the program files or the fd set-up here, change
 * tests/harness/lvharness.py too and bump PROTOCOL_VERSION there).
 *
 * The host packs it as /lvrun/init and boots with rdinit=/lvrun/init.
 *
 *   1. mount proc on /proc, devtmpfs on /dev, tmpfs on /tmp (a kernel
 *      without mount(2) — ENOSYS — is tolerated, any other failure is not);
 *   2. open /dev/ttyAMA0 (the PL011 the host reads) as fds 0, 1, 2, start a
 *      session and make the port its controlling tty: Linux is booted with
 *      console=tty0 so that its own log never reaches the serial port;
 *   3. for program i = 0, 1, ... while /lvrun/i/argv exists: print
 *      "\x1eLVBEGIN i\n", fork + execve with argv, environment and working
 *      directory from /lvrun/i/{argv,env,cwd}, stdin from /lvrun/i/stdin
 *      (or /dev/null), stdout on the serial port and stderr on a pipe whose
 *      bytes init relays as "\x1eLVERR i BASE64\n" lines; reap it (and any
 *      orphan), print "\x1eLVEND i exit CODE\n" or "\x1eLVEND i signal N\n";
 *      in between, kill whatever the program left running (kill(-1)), reap
 *      it, and restore the tty's settings, so no program can change what the
 *      next one sees;
 *   4. print "\x1eLVDONE\n", sync() and power off (reboot(2)).
 *
 * Any failure of init itself prints a line starting "\x1eLVERROR" and powers
 * off: PID 1 must never exit, since that panics the kernel.
 *
 * Markers are written with one write(2) each on fd 1, after the reads and
 * waits that precede them, so they never overtake output the program wrote.
 * The tty's ONLCR turns "\n" into "\r\n" in stdout; the host undoes that.
 * stderr is base64 in its marker lines, so no tty setting can change it.
 *
 * init learns that the program ended from SIGCHLD, through a self-pipe that
 * poll() watches next to the stderr pipe (no signal-mask juggling needed).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
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
#define SPEC_DIR "/lvrun"
#define ERR_CHUNK 768	    /* stderr bytes per LVERR line (1024 in base64) */
#define PIPE_CAPACITY 65536 /* a pipe's default size on Linux (and LevitateOS) */

/* The console's settings at start, restored after every program. */
static struct termios console_termios;
static int have_termios;

/* SIGCHLD writes a byte to chld_pipe[1]; poll() watches chld_pipe[0]. */
static int chld_pipe[2];

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
	/* Only reached if reboot() failed; PID 1 must not exit. */
	for (;;)
		pause();
}

/* Report a failure of init itself (what + errno) and power off. */
static __attribute__((noreturn)) void die(const char *what)
{
	marker("\x1eLVERROR init: %s: %s\n", what, strerror(errno));
	power_off();
}

/* Mount a fresh filesystem: 0, or the errno; ENOSYS and EBUSY count as done. */
static int mount_at(const char *source, const char *target, const char *type)
{
	if (mount(source, target, type, 0, NULL) < 0 && errno != EBUSY && errno != ENOSYS)
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

static void on_sigchld(int sig)
{
	int saved = errno;

	(void)sig;
	if (write(chld_pipe[1], "c", 1) < 0) {
		/* full: poll() wakes up anyway */
	}
	errno = saved;
}

static void watch_children(void)
{
	struct sigaction sa = {.sa_handler = on_sigchld, .sa_flags = SA_RESTART | SA_NOCLDSTOP};

	if (pipe2(chld_pipe, O_CLOEXEC | O_NONBLOCK) < 0)
		die("pipe2");
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGCHLD, &sa, NULL) < 0)
		die("sigaction SIGCHLD");
}

/* One program of the list, read from SPEC_DIR/index/. */
struct program {
	char *argv_buf, *env_buf, *cwd;
	char **argv, **envp;
	char stdin_path[64];
};

/*
 * Read SPEC_DIR/index/name into a NUL-terminated heap buffer (*len bytes
 * before the NUL). Returns NULL if the file is missing.
 */
static char *read_spec(int index, const char *name, size_t *len)
{
	char path[64];
	struct stat st;
	char *buf;
	int fd;

	snprintf(path, sizeof(path), SPEC_DIR "/%d/%s", index, name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ENOENT)
			return NULL;
		die(path);
	}
	if (fstat(fd, &st) < 0)
		die(path);
	buf = malloc((size_t)st.st_size + 1);
	if (!buf)
		die("malloc");
	*len = 0;
	while (*len < (size_t)st.st_size) {
		ssize_t n = read(fd, buf + *len, (size_t)st.st_size - *len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			die(path);
		if (n == 0)
			break;
		*len += (size_t)n;
	}
	close(fd);
	buf[*len] = '\0';
	return buf;
}

/* Turn len bytes of NUL-terminated strings into a NULL-terminated vector. */
static char **split_strings(char *buf, size_t len)
{
	size_t count = 0, i = 0;
	char **vec;

	for (size_t pos = 0; pos < len; pos++)
		count += buf[pos] == '\0';
	vec = calloc(count + 1, sizeof(*vec));
	if (!vec)
		die("calloc");
	for (size_t pos = 0; pos < len; pos += strlen(buf + pos) + 1)
		vec[i++] = buf + pos;
	vec[i] = NULL;
	return vec;
}

/* Load program index; returns 0, or -1 when there is no such program. */
static int load_program(int index, struct program *p)
{
	size_t len;

	p->argv_buf = read_spec(index, "argv", &len);
	if (!p->argv_buf)
		return -1;
	p->argv = split_strings(p->argv_buf, len);
	if (!p->argv[0]) {
		errno = EINVAL;
		die("empty argv");
	}
	p->env_buf = read_spec(index, "env", &len);
	p->envp = split_strings(p->env_buf ? p->env_buf : "", p->env_buf ? len : 0);
	p->cwd = read_spec(index, "cwd", &len);
	snprintf(p->stdin_path, sizeof(p->stdin_path), SPEC_DIR "/%d/stdin", index);
	if (access(p->stdin_path, F_OK) < 0)
		strcpy(p->stdin_path, "/dev/null");
	return 0;
}

static void free_program(struct program *p)
{
	free(p->argv_buf);
	free(p->env_buf);
	free(p->cwd);
	free(p->argv);
	free(p->envp);
}

/*
 * The child side of fork: set up fds 0 and 2 and the directory, then exec.
 * Failures are reported on stderr with status 127, as a shell does.
 */
static __attribute__((noreturn)) void exec_program(struct program *p, int stdin_fd, int err_fd)
{
	struct sigaction dfl = {.sa_handler = SIG_DFL};

	sigaction(SIGCHLD, &dfl, NULL);
	if (dup2(stdin_fd, STDIN_FILENO) < 0 || dup2(err_fd, STDERR_FILENO) < 0)
		_exit(127);
	if (p->cwd && chdir(p->cwd) < 0) {
		dprintf(STDERR_FILENO, "init: chdir %s: %s\n", p->cwd, strerror(errno));
		_exit(127);
	}
	execve(p->argv[0], p->argv, p->envp);
	dprintf(STDERR_FILENO, "init: execve %s: %s\n", p->argv[0], strerror(errno));
	_exit(127);
}

/* Relay len bytes of program index's stderr as one LVERR line. */
static void relay_stderr(int index, const unsigned char *data, size_t len)
{
	static const char digits[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	char line[64 + (ERR_CHUNK + 2) / 3 * 4];
	int pos = snprintf(line, sizeof(line), "\x1eLVERR %d ", index);

	for (size_t i = 0; i < len; i += 3) {
		unsigned v = (unsigned)data[i] << 16;

		if (i + 1 < len)
			v |= (unsigned)data[i + 1] << 8;
		if (i + 2 < len)
			v |= data[i + 2];
		line[pos++] = digits[(v >> 18) & 63];
		line[pos++] = digits[(v >> 12) & 63];
		line[pos++] = i + 1 < len ? digits[(v >> 6) & 63] : '=';
		line[pos++] = i + 2 < len ? digits[v & 63] : '=';
	}
	line[pos++] = '\n';
	write_all(line, (size_t)pos);
}

/*
 * Relay what the stderr pipe holds now, at most PIPE_CAPACITY bytes (so a
 * writer that never stops cannot keep init here). Returns 1 at end of file
 * (every writer has closed it), else 0.
 */
static int drain_stderr(int index, int err_fd)
{
	unsigned char buf[ERR_CHUNK];
	size_t budget = PIPE_CAPACITY;

	while (budget > 0) {
		ssize_t n = read(err_fd, buf, budget < sizeof(buf) ? budget : sizeof(buf));

		if (n > 0) {
			relay_stderr(index, buf, (size_t)n);
			budget -= (size_t)n;
		} else if (n == 0) {
			return 1;
		} else if (errno == EAGAIN) {
			return 0;
		} else if (errno != EINTR) {
			die("read stderr pipe");
		}
	}
	return 0;
}

/* Reap every exited child; returns 1 (with *status) once pid is among them. */
static int reap_exited(pid_t pid, int *status)
{
	int found = 0, st;
	pid_t got;

	while ((got = waitpid(-1, &st, WNOHANG)) > 0)
		if (got == pid) {
			*status = st;
			found = 1;
		}
	if (got < 0 && errno != ECHILD && errno != EINTR)
		die("waitpid");
	return found;
}

/* Relay the program's stderr until it has ended; returns its wait status. */
static int wait_for_program(int index, pid_t pid, int err_fd)
{
	struct pollfd fds[2] = {{.fd = chld_pipe[0], .events = POLLIN}, {.fd = err_fd, .events = POLLIN}};
	char drain[64];
	int status;

	while (!reap_exited(pid, &status)) {
		if (poll(fds, 2, -1) < 0 && errno != EINTR)
			die("poll");
		while (read(chld_pipe[0], drain, sizeof(drain)) > 0)
			;
		if (fds[1].fd >= 0 && (fds[1].revents & (POLLIN | POLLHUP)))
			if (drain_stderr(index, err_fd))
				fds[1].fd = -1; /* end of file: stop watching it */
	}
	return status;
}

/*
 * Undo what a finished program may have left behind: processes it started
 * (kill(-1) reaches every process but us; they are then our children, or
 * gone) and changed tty settings. Then the rest of its stderr is relayed:
 * with every writer gone the pipe ends; if one survived (a kernel without
 * kill(-1)), what the pipe holds is relayed and the pipe closed behind it.
 */
static void clean_up_after_program(int index, int err_fd)
{
	if (kill(-1, SIGKILL) == 0) {
		while (waitpid(-1, NULL, 0) > 0 || errno == EINTR)
			;
	} else {
		while (waitpid(-1, NULL, WNOHANG) > 0)
			;
	}
	drain_stderr(index, err_fd);
	if (have_termios)
		tcsetattr(STDIN_FILENO, TCSADRAIN, &console_termios);
}

/* Run program number index, framed by its markers. */
static void run_one(int index, struct program *p)
{
	int err_pipe[2], stdin_fd, status;
	pid_t pid;

	if (pipe2(err_pipe, O_CLOEXEC) < 0)
		die("pipe2");
	stdin_fd = open(p->stdin_path, O_RDONLY | O_CLOEXEC);
	if (stdin_fd < 0)
		die(p->stdin_path);
	marker("\x1eLVBEGIN %d\n", index);
	pid = fork();
	if (pid < 0)
		die("fork");
	if (pid == 0)
		exec_program(p, stdin_fd, err_pipe[1]);
	close(err_pipe[1]);
	close(stdin_fd);
	if (fcntl(err_pipe[0], F_SETFL, O_NONBLOCK) < 0)
		die("fcntl O_NONBLOCK");
	status = wait_for_program(index, pid, err_pipe[0]);
	clean_up_after_program(index, err_pipe[0]);
	close(err_pipe[0]);
	if (WIFSIGNALED(status))
		marker("\x1eLVEND %d signal %d\n", index, WTERMSIG(status));
	else
		marker("\x1eLVEND %d exit %d\n", index, WEXITSTATUS(status));
}

int main(void)
{
	/* Mount failures are reported once the console is open. */
	int proc_err = mount_at("proc", "/proc", "proc");
	int dev_err = mount_at("devtmpfs", "/dev", "devtmpfs");
	int tmp_err = mount_at("tmpfs", "/tmp", "tmpfs");
	struct program p;

	open_console();
	check_mount("mount /proc", proc_err);
	check_mount("mount /dev", dev_err);
	check_mount("mount /tmp", tmp_err);
	if (chdir("/") < 0)
		die("chdir /");
	watch_children();
	for (int index = 0; load_program(index, &p) == 0; index++) {
		run_one(index, &p);
		free_program(&p);
	}
	marker("\x1eLVDONE\n");
	power_off();
}
