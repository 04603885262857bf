/*
 * pidfd_basic.c — pidfds (pidfd_open(2), pidfd_send_signal(2),
 * pidfd_getfd(2)): a pidfd of a running child does not poll readable; a
 * copy of one of the child's descriptors can be taken; the child is
 * signalled through the pidfd; once it has exited the pidfd polls
 * readable, and waitid(P_PIDFD) reaps it (a PIDFD_NONBLOCK pidfd does not
 * wait: EAGAIN). The pidfd is close-on-exec.
 * Errors: unknown pid ESRCH, a thread that is not a leader EINVAL,
 * nonzero flags EINVAL, a descriptor that is not a pidfd EBADF.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lvtest.h"

static int pidfd_open(pid_t pid, unsigned flags)
{
	return (int)syscall(SYS_pidfd_open, pid, flags);
}

static int readable(int fd)
{
	struct pollfd p = {.fd = fd, .events = POLLIN};
	int n = poll(&p, 1, 0);
	return n == 1 && (p.revents & POLLIN);
}

static int tid_pipe[2];

static void *thread_main(void *arg)
{
	pid_t tid = gettid();
	write(tid_pipe[1], &tid, sizeof(tid));
	pause();
	return arg;
}

int main(void)
{
	int msg[2], gate[2];
	if (pipe(msg) || pipe(gate) || pipe(tid_pipe))
		return 1;
	pid_t child = fork();
	if (child == 0) {
		pthread_t th;
		pthread_create(&th, NULL, thread_main, NULL);
		char c;
		read(gate[0], &c, 1);
		pause();
		_exit(0);
	}
	pid_t tid;
	read(tid_pipe[0], &tid, sizeof(tid));
	int fd = pidfd_open(child, 0);
	say("pidfd_open(child): %s\n", fd >= 0 ? "fd" : errname(errno));
	say("close-on-exec: %s\n", (fcntl(fd, F_GETFD) & FD_CLOEXEC) ? "yes" : "no");
	say("readable while it runs: %s\n", readable(fd) ? "yes" : "no");
	expect_err("pidfd_open(thread)", pidfd_open(tid, 0), errno, EINVAL);
	expect_err("pidfd_open(999999)", pidfd_open(999999, 0), errno, ESRCH);
	expect_err("pidfd_open(child, 1)", pidfd_open(child, 1), errno, EINVAL);

	siginfo_t si;
	int copy = (int)syscall(SYS_pidfd_getfd, fd, msg[1], 0);
	say("pidfd_getfd(child's pipe end): %s\n", copy >= 0 ? "fd" : errname(errno));
	write(copy, "via copy", 8);
	char buf[9] = {0};
	read(msg[0], buf, 8);
	say("the copy writes to the same pipe: %s\n", buf);
	expect_err("pidfd_getfd(bad target fd)", syscall(SYS_pidfd_getfd, fd, 999, 0), errno, EBADF);
	expect_err("pidfd_getfd(flags 1)", syscall(SYS_pidfd_getfd, fd, msg[1], 1), errno, EINVAL);

	expect_err("pidfd_send_signal(not a pidfd)", syscall(SYS_pidfd_send_signal, msg[0], 0, NULL, 0), errno, EBADF);
	expect_err("pidfd_send_signal(closed fd)", syscall(SYS_pidfd_send_signal, 999, 0, NULL, 0), errno, EBADF);
	expect_err("pidfd_send_signal(flags 1)", syscall(SYS_pidfd_send_signal, fd, 0, NULL, 1), errno, EINVAL);
	int nb = pidfd_open(child, O_NONBLOCK); /* PIDFD_NONBLOCK */
	say("PIDFD_NONBLOCK pidfd: %s\n", nb >= 0 ? "fd" : errname(errno));
	expect_err("waitid(P_PIDFD, nonblocking, running child)", waitid(P_PIDFD, (id_t)nb, &si, WEXITED), errno,
		   EAGAIN);
	close(nb);
	show_ret("pidfd_send_signal(0)", syscall(SYS_pidfd_send_signal, fd, 0, NULL, 0), errno);
	show_ret("pidfd_send_signal(SIGTERM)", syscall(SYS_pidfd_send_signal, fd, SIGTERM, NULL, 0), errno);
	struct pollfd p = {.fd = fd, .events = POLLIN};
	int n = poll(&p, 1, 10000);
	say("poll after its death: %d, POLLIN: %s\n", n, (p.revents & POLLIN) ? "yes" : "no");
	int r = waitid(P_PIDFD, (id_t)fd, &si, WEXITED);
	say("waitid(P_PIDFD): %d, pid matches: %s, code %s, status %d\n", r, si.si_pid == child ? "yes" : "no",
	    si.si_code == CLD_KILLED ? "CLD_KILLED" : "?", si.si_status);
	expect_err("pidfd_send_signal after reaping", syscall(SYS_pidfd_send_signal, fd, 0, NULL, 0), errno, ESRCH);
	expect_err("waitid(P_PIDFD, not a pidfd)", waitid(P_PIDFD, (id_t)msg[0], &si, WEXITED), errno, EBADF);
	close(fd);
	done();
	return 0;
}
