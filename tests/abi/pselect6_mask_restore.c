/*
 * pselect6_mask_restore.c — the temporary signal mask of pselect6 and
 * epoll_pwait (Linux set_user_sigmask, restore_saved_sigmask_unless): a
 * blocked pending signal that the temporary mask unblocks interrupts the
 * call (EINTR) after its handler ran under the temporary mask; the old
 * mask is back afterwards. Without a signal the call returns normally and
 * the old mask is back at once.
 */
#include <signal.h>
#include <sys/epoll.h>
#include <sys/select.h>

#include "lvtest.h"

static volatile int handled, usr2_blocked_in_handler;

static void on_usr1(int sig)
{
	(void)sig;
	sigset_t now;
	sigprocmask(SIG_BLOCK, NULL, &now);
	usr2_blocked_in_handler = sigismember(&now, SIGUSR2);
	handled++;
}

static void report(const char *what, long ret)
{
	sigset_t now;
	sigprocmask(SIG_BLOCK, NULL, &now);
	say("%s: %s, handled %d (usr2 blocked in it %d), now usr1 blocked %d usr2 blocked %d\n", what,
	    ret < 0 ? errname(errno) : "ok", handled, usr2_blocked_in_handler, sigismember(&now, SIGUSR1),
	    sigismember(&now, SIGUSR2));
	handled = 0;
}

int main(void)
{
	struct sigaction sa = {.sa_handler = on_usr1};
	sigaction(SIGUSR1, &sa, NULL);
	sigset_t usr1, temp;
	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	sigprocmask(SIG_BLOCK, &usr1, NULL);
	sigemptyset(&temp);
	sigaddset(&temp, SIGUSR2);
	int p[2];
	pipe(p);
	int ep = epoll_create1(0);
	struct epoll_event ev = {.events = EPOLLIN};
	epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev);
	struct epoll_event out;
	struct timespec zero = {0, 0};

	fd_set rs;
	FD_ZERO(&rs);
	FD_SET(p[0], &rs);
	report("pselect nothing pending", pselect(p[0] + 1, &rs, NULL, NULL, &zero, &temp));
	report("epoll_pwait nothing pending", epoll_pwait(ep, &out, 1, 0, &temp));

	raise(SIGUSR1);
	FD_ZERO(&rs);
	FD_SET(p[0], &rs);
	report("pselect with usr1 pending", pselect(p[0] + 1, &rs, NULL, NULL, NULL, &temp));
	raise(SIGUSR1);
	report("epoll_pwait with usr1 pending", epoll_pwait(ep, &out, 1, -1, &temp));
	raise(SIGUSR1);
	report("epoll_pwait2 with usr1 pending", syscall(SYS_epoll_pwait2, ep, &out, 1, NULL, &temp, 8));
	raise(SIGUSR1);
	report("ppoll-style zero timeout", epoll_pwait(ep, &out, 1, 0, &temp));

	/* ready at once: returns normally, the signal stays pending and blocked */
	write(p[1], "x", 1);
	raise(SIGUSR1);
	long n = epoll_pwait(ep, &out, 1, -1, &usr1);
	report("epoll_pwait ready, mask keeps usr1 blocked", n);
	sigset_t pend;
	sigpending(&pend);
	say("usr1 still pending: %d\n", sigismember(&pend, SIGUSR1));
	say("done\n");
	return 0;
}
