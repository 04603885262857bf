/*
 * exhaust_pipe_full.c — a pipe filled (pipe(7): 65536 bytes by default,
 * Linux fs/pipe.c 16 buffers of a page). A non-blocking writer gets
 * EAGAIN after exactly 65536 bytes and poll says not writable; a blocking
 * writer (a child) waits until the reader drains a page; a process that
 * exits holding a full pipe and a full socket pair gives their buffers
 * back (the kernel survives and passes the health probe).
 */
#include "exhaust.h"
#include <poll.h>
#include <sys/socket.h>

static char page[4096];

int main(void)
{
	int p[2];
	if (pipe2(p, O_NONBLOCK))
		return 1;
	long total = 0;
	ssize_t w;
	while ((w = write(p[1], page, sizeof(page))) > 0)
		total += w;
	say("filled with %ld bytes, then: %s\n", total, errname(errno));
	struct pollfd pfd = {p[1], POLLOUT, 0};
	say("poll POLLOUT when full: %d\n", poll(&pfd, 1, 0));
	int sync[2];
	if (pipe(sync))
		return 1;
	pid_t pid = fork();
	if (pid == 0) {
		fcntl(p[1], F_SETFL, 0); /* blocking */
		if (write(sync[1], "s", 1) != 1)
			_exit(1);
		_exit(write(p[1], page, sizeof(page)) == sizeof(page) ? 0 : 1);
	}
	char c;
	if (read(sync[0], &c, 1) != 1)
		return 1;
	ssize_t r = read(p[0], page, sizeof(page));
	int status;
	waitpid(pid, &status, 0);
	say("read %zd, blocked writer finished with status %d\n", r, WEXITSTATUS(status));
	pid = fork();
	if (pid == 0) { /* exits holding a full pipe and a full socket */
		int q[2], s[2];
		if (pipe2(q, O_NONBLOCK) || socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, s))
			_exit(1);
		while (write(q[1], page, sizeof(page)) > 0)
			;
		long sent = 0;
		while ((w = write(s[0], page, sizeof(page))) > 0)
			sent += w;
		_exit(errno == EAGAIN && sent > 0 ? 0 : 2);
	}
	waitpid(pid, &status, 0);
	say("child that left both full: status %d\n", WEXITSTATUS(status));
	health_probe();
	done();
	return 0;
}
