/*
 * pty_test.h — helpers for the pseudo-terminal tests: a pty pair with
 * devpts mounted on /dev/pts, and reading what the master receives.
 *
 * On Linux, bytes written to one end of a pty reach the other end through
 * a work queue, so a test never assumes they are there at once: it reads
 * until a marker. echo_of() makes the slave write MARK after the input has
 * been seen by a reader of the slave, so everything the master reads before
 * MARK is what the line discipline echoed (the flip buffer keeps order).
 */
#ifndef PTY_TEST_H
#define PTY_TEST_H

#include "lvtest.h" /* first: it defines _GNU_SOURCE */

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#define MARK '~'

/* devpts on /dev/pts, once per boot (later programs find it mounted). */
static inline void mount_devpts(void)
{
	struct stat st;
	if (stat("/dev/pts/ptmx", &st) == 0)
		return;
	mkdir("/dev/pts", 0755);
	if (mount("devpts", "/dev/pts", "devpts", 0, NULL) != 0)
		say("mount devpts: %s\n", errname(errno));
}

/* Runs fn in a forked child (its own session if fn calls setsid), then says how it ended. */
static inline void in_child(void (*fn)(void))
{
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		fn();
		fflush(stdout);
		_exit(0);
	}
	int status;
	waitpid(pid, &status, 0);
	say("child: %s %d\n", WIFEXITED(status) ? "exit" : "signal",
	    WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
}

/* A new pair: *master from posix_openpt, *slave opened with slave_flags. */
static inline int open_pty(int *master, int *slave, int slave_flags)
{
	mount_devpts();
	*master = posix_openpt(O_RDWR | O_NOCTTY);
	if (*master < 0 || grantpt(*master) || unlockpt(*master)) {
		say("openpt: %s\n", errname(errno));
		return -1;
	}
	const char *name = ptsname(*master);
	*slave = name ? open(name, slave_flags) : -1;
	if (*slave < 0) {
		say("open slave: %s\n", errname(errno));
		return -1;
	}
	return 0;
}

/* Bytes as C escapes on one line: LABEL: "..." */
static inline void show_bytes(const char *label, const char *buf, long n)
{
	char out[1024];
	size_t o = 0;
	for (long i = 0; i < n && o < sizeof(out) - 8; i++) {
		unsigned char c = (unsigned char)buf[i];
		if (c == '\n')
			o += (size_t)snprintf(out + o, sizeof(out) - o, "\\n");
		else if (c == '\r')
			o += (size_t)snprintf(out + o, sizeof(out) - o, "\\r");
		else if (c == '\b')
			o += (size_t)snprintf(out + o, sizeof(out) - o, "\\b");
		else if (c < 32 || c >= 127)
			o += (size_t)snprintf(out + o, sizeof(out) - o, "\\x%02x", c);
		else
			out[o++] = (char)c;
	}
	out[o] = 0;
	say("%s (%ld): \"%s\"\n", label, n, out);
}

/* Reads fd until MARK (dropped); returns the bytes before it. */
static inline long read_until_mark(int fd, char *buf, size_t size)
{
	size_t n = 0;
	while (n < size) {
		char c;
		ssize_t r = read(fd, &c, 1);
		if (r <= 0)
			return r < 0 ? -1 : (long)n;
		if (c == MARK)
			return (long)n;
		buf[n++] = c;
	}
	return (long)n;
}

/* The echo so far: the slave writes MARK, the master reads up to it. */
static inline void show_echo(const char *label, int master, int slave)
{
	char buf[512], mark = MARK;
	if (write(slave, &mark, 1) != 1)
		say("write mark: %s\n", errname(errno));
	long n = read_until_mark(master, buf, sizeof(buf));
	show_bytes(label, buf, n);
}

/* One read(2) of the slave, shown. */
static inline void show_read(const char *label, int fd)
{
	char buf[512];
	ssize_t n = read(fd, buf, sizeof(buf));
	if (n < 0)
		say("%s: ret=-1 errno=%s\n", label, errname(errno));
	else
		show_bytes(label, buf, n);
}

static inline void type_in(int master, const char *s)
{
	size_t len = strlen(s);
	if (write(master, s, len) != (ssize_t)len)
		say("write master: %s\n", errname(errno));
}

#endif
