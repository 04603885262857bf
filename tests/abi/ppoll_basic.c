/*
 * ppoll_basic.c — ppoll(2) as fs/select.c does it: the tty is writable,
 * has nothing to read (so a timed wait for input times out after at least
 * the timeout), a regular file is always readable, a negative fd is skipped
 * with revents 0, a closed fd reports POLLNVAL, a zero timeout polls once,
 * a bad timeout is EINVAL and a bad sigset size EINVAL.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "lvtest.h"

static long ms_since(const struct timespec *a)
{
	struct timespec b;
	clock_gettime(CLOCK_MONOTONIC, &b);
	return (b.tv_sec - a->tv_sec) * 1000 + (b.tv_nsec - a->tv_nsec) / 1000000;
}

int main(int argc, char **argv)
{
	int file = open(argv[0], O_RDONLY);
	struct pollfd fds[4] = {
		{.fd = 1, .events = POLLOUT | POLLIN},
		{.fd = file, .events = POLLIN | POLLOUT},
		{.fd = -5, .events = POLLIN},
		{.fd = 77, .events = POLLIN},
	};
	struct timespec zero = {0, 0};
	int n = ppoll(fds, 4, &zero, NULL);
	say("ready: %d\n", n);
	say("tty revents POLLOUT %d POLLIN %d\n", !!(fds[0].revents & POLLOUT), !!(fds[0].revents & POLLIN));
	say("file revents POLLIN %d POLLOUT %d\n", !!(fds[1].revents & POLLIN), !!(fds[1].revents & POLLOUT));
	say("negative fd revents %d\n", fds[2].revents);
	say("closed fd revents POLLNVAL %d\n", !!(fds[3].revents & POLLNVAL));

	struct pollfd in = {.fd = 0, .events = POLLIN};
	struct timespec t0, wait = {0, 50 * 1000 * 1000};
	clock_gettime(CLOCK_MONOTONIC, &t0);
	n = ppoll(&in, 1, &wait, NULL);
	long waited = ms_since(&t0);
	say("stdin with 50 ms timeout: %d, waited >= 50 ms: %s\n", n, waited >= 50 ? "yes" : "no");

	sigset_t mask;
	sigemptyset(&mask);
	sigaddset(&mask, SIGUSR1);
	n = ppoll(&in, 1, &zero, &mask);
	say("with a signal mask: %d\n", n);

	struct timespec bad = {0, 1000000000};
	expect_err("tv_nsec 1e9", syscall(SYS_ppoll, &in, 1, &bad, NULL, 8), errno, EINVAL);
	expect_err("sigsetsize 4", syscall(SYS_ppoll, &in, 1, &zero, &mask, 4), errno, EINVAL);
	expect_err("fds bad pointer", syscall(SYS_ppoll, (void *)16, 1, &zero, NULL, 8), errno, EFAULT);
	close(file);
	done();
	return 0;
}
