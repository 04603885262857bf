/*
 * epoll_ctl_errors.c — epoll_create1, epoll_ctl and epoll_pwait errors as
 * Linux gives them (fs/eventpoll.c do_epoll_ctl, do_epoll_wait): unknown
 * flags; a regular file cannot be watched (EPERM); an epoll fd cannot
 * watch itself and epfd must be an epoll (EINVAL); ADD twice is EEXIST,
 * MOD/DEL of what is not there ENOENT; closed fds EBADF; unknown op
 * EINVAL; EPOLLEXCLUSIVE only with ADD, not on an epoll target, not with
 * EPOLLONESHOT or EPOLLRDNORM (only IN, OUT, ERR, HUP, WAKEUP, ET), and a MOD of an exclusive item is EINVAL; maxevents <= 0
 * is EINVAL; a bad events pointer EFAULT. Then the successful path: an
 * empty epoll times out with 0 events, a ready one reports its data.
 */
#include <signal.h>
#include <sys/epoll.h>
#include <sys/stat.h>

#include "lvtest.h"

static void show(const char *what, int ret)
{
	say("%s: %s\n", what, ret < 0 ? errname(errno) : "ok");
}

int main(void)
{
	show("create1 bad flags", epoll_create1(1));
	int ep = epoll_create1(EPOLL_CLOEXEC);
	say("cloexec: %d\n", !!(fcntl(ep, F_GETFD) & FD_CLOEXEC));
	char link[64] = "", path[64];
	snprintf(path, sizeof path, "/proc/self/fd/%d", ep);
	ssize_t ln = readlink(path, link, sizeof link - 1);
	say("link: %s\n", ln > 0 ? link : errname(errno));
	int p[2];
	pipe(p);
	int reg = open("/tmp/epoll_regular", O_CREAT | O_RDWR, 0600);
	struct epoll_event ev = {.events = EPOLLIN, .data.u64 = 7};
	show("add regular file", epoll_ctl(ep, EPOLL_CTL_ADD, reg, &ev));
	show("add self", epoll_ctl(ep, EPOLL_CTL_ADD, ep, &ev));
	show("epfd not epoll", epoll_ctl(p[1], EPOLL_CTL_ADD, p[0], &ev));
	show("add pipe", epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev));
	show("add again", epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev));
	show("mod missing", epoll_ctl(ep, EPOLL_CTL_MOD, p[1], &ev));
	show("del missing", epoll_ctl(ep, EPOLL_CTL_DEL, p[1], &ev));
	show("bad fd", epoll_ctl(ep, EPOLL_CTL_ADD, 999, &ev));
	show("bad epfd", epoll_ctl(999, EPOLL_CTL_ADD, p[0], &ev));
	show("bad op", epoll_ctl(ep, 42, p[0], &ev));
	show("bad event pointer", epoll_ctl(ep, EPOLL_CTL_MOD, p[0], (struct epoll_event *)8));
	show("del with NULL event", epoll_ctl(ep, EPOLL_CTL_DEL, p[0], NULL));
	struct epoll_event ex = {.events = EPOLLIN | EPOLLEXCLUSIVE};
	show("exclusive mod", epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &ex));
	int ep2 = epoll_create1(0);
	show("exclusive on epoll", epoll_ctl(ep, EPOLL_CTL_ADD, ep2, &ex));
	struct epoll_event exo = {.events = EPOLLIN | EPOLLEXCLUSIVE | EPOLLONESHOT};
	show("exclusive oneshot", epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &exo));
	struct epoll_event exn = {.events = EPOLLIN | EPOLLRDNORM | EPOLLEXCLUSIVE};
	show("exclusive rdnorm", epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &exn));
	show("exclusive add", epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ex));
	struct epoll_event plain = {.events = EPOLLIN};
	show("mod of exclusive", epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &plain));
	show("del of exclusive", epoll_ctl(ep, EPOLL_CTL_DEL, p[0], NULL));
	struct epoll_event wake = {.events = EPOLLIN | EPOLLRDHUP | EPOLLWAKEUP, .data.u64 = 0x1122334455667788ULL};
	show("add rdhup wakeup", epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &wake));

	struct epoll_event out[4];
	show("maxevents 0", syscall(SYS_epoll_pwait, ep, out, 0, 0, NULL, 8));
	show("maxevents -1", syscall(SYS_epoll_pwait, ep, out, -1, 0, NULL, 8));
	show("wait on pipe fd", epoll_wait(p[0], out, 4, 0));
	show("wait bad epfd", epoll_wait(999, out, 4, 0));
	say("empty: %d\n", epoll_wait(ep, out, 4, 10));
	write(p[1], "x", 1);
	show("wait bad buffer", syscall(SYS_epoll_pwait, ep, 8L, 4, 0, NULL, 8));
	int n = epoll_wait(ep, out, 4, -1);
	say("ready: %d events %#x data %#llx\n", n, n > 0 ? out[0].events : 0,
	    n > 0 ? (unsigned long long)out[0].data.u64 : 0ULL);
	sigset_t none;
	sigemptyset(&none);
	n = epoll_pwait(ep, out, 4, 0, &none);
	say("pwait: %d\n", n);
	struct timespec ts = {0, 0};
	n = syscall(SYS_epoll_pwait2, ep, out, 4, &ts, NULL, 8);
	say("pwait2: %d\n", n);
	struct timespec bad = {0, 2000000000};
	show("pwait2 bad timespec", syscall(SYS_epoll_pwait2, ep, out, 4, &bad, NULL, 8));
	show("pwait bad sigsetsize", syscall(SYS_epoll_pwait, ep, out, 4, 0, &none, 4));
	unlink("/tmp/epoll_regular");
	say("done\n");
	return 0;
}
