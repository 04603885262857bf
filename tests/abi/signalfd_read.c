/*
 * signalfd_read.c — signalfd4(2) (Linux fs/signalfd.c): blocked signals
 * of the mask are read as 128-byte struct signalfd_siginfo records, lowest
 * signal first, with the sender's pid and uid and si_code (SI_USER for
 * kill, SI_TKILL for raise, SI_QUEUE with the value for sigqueue); several
 * fit in one read; an empty one is EAGAIN with SFD_NONBLOCK; a buffer
 * smaller than one record, unknown flags or a sigset size other than 8
 * are EINVAL; signalfd4 on an existing one replaces its mask, on another
 * kind of fd it is EINVAL; poll and epoll see it readable; a blocking
 * read waits for a signal sent by a child.
 */
#include <poll.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <sys/wait.h>

#include "anon_fd_test.h"

static pid_t last_child;

static void read_all(int fd, const char *what)
{
	struct signalfd_siginfo si[4];
	ssize_t n = read(fd, si, sizeof si);
	if (n < 0) {
		say("%s: %s\n", what, errname(errno));
		return;
	}
	say("%s: %zd bytes\n", what, n);
	for (ssize_t i = 0; i < n / (ssize_t)sizeof si[0]; i++)
		say("  signo %u code %d sender %s uid %u int %d ptr %llu\n", si[i].ssi_signo, si[i].ssi_code,
		    si[i].ssi_pid == (unsigned)getpid()	    ? "self"
		    : si[i].ssi_pid == (unsigned)last_child ? "child"
							    : "?",
		    si[i].ssi_uid, si[i].ssi_int, (unsigned long long)si[i].ssi_ptr);
}

int main(void)
{
	sigset_t mask;
	sigemptyset(&mask);
	sigaddset(&mask, SIGUSR1);
	sigaddset(&mask, SIGUSR2);
	sigaddset(&mask, SIGRTMIN);
	sigprocmask(SIG_BLOCK, &mask, NULL);
	say("bad flags: %s\n", syscall(SYS_signalfd4, -1, &mask, 8, 1) < 0 ? errname(errno) : "ok");
	say("bad size: %s\n", syscall(SYS_signalfd4, -1, &mask, 4, 0) < 0 ? errname(errno) : "ok");
	int p[2];
	pipe(p);
	say("not a signalfd: %s\n", signalfd(p[0], &mask, 0) < 0 ? errname(errno) : "ok");
	int fd = signalfd(-1, &mask, SFD_NONBLOCK | SFD_CLOEXEC);
	show_anon_fd(fd);
	read_all(fd, "empty");
	char small[64];
	say("small buffer: %s\n", read(fd, small, sizeof small) < 0 ? errname(errno) : "ok");
	struct pollfd pf = {.fd = fd, .events = POLLIN};
	say("poll empty: %d\n", poll(&pf, 1, 0));

	int ep = epoll_create1(0);
	struct epoll_event ev = {.events = EPOLLIN, .data.u64 = 5};
	epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
	kill(getpid(), SIGUSR2);
	raise(SIGUSR1);
	union sigval v = {.sival_int = 77};
	sigqueue(getpid(), SIGRTMIN, v);
	say("poll: %d revents %#x\n", poll(&pf, 1, 0), pf.revents);
	struct epoll_event out;
	say("epoll: %d data %llu\n", epoll_wait(ep, &out, 1, 0), (unsigned long long)out.data.u64);
	read_all(fd, "three");
	say("epoll after: %d\n", epoll_wait(ep, &out, 1, 0));

	/* a new mask: SIGUSR1 no longer read, still pending */
	sigset_t only2;
	sigemptyset(&only2);
	sigaddset(&only2, SIGUSR2);
	say("update: %d\n", signalfd(fd, &only2, 0) == fd);
	raise(SIGUSR1);
	read_all(fd, "usr1 not in mask");
	sigset_t pend;
	sigpending(&pend);
	say("usr1 pending: %d\n", sigismember(&pend, SIGUSR1));

	/* a blocking read waits for a child's kill */
	int blocking = signalfd(-1, &only2, 0); /* SIGUSR1 is still pending: not this one */
	pid_t child = fork();
	if (child == 0) {
		kill(getppid(), SIGUSR2);
		_exit(0);
	}
	last_child = child;
	read_all(blocking, "blocking");
	waitpid(child, NULL, 0);
	say("done\n");
	return 0;
}
