/*
 * ppoll_mask_pending.c — ppoll(2)'s temporary signal mask (Linux
 * fs/select.c, set_user_sigmask / restore_saved_sigmask_unless): a signal
 * already pending and blocked, which the temporary mask unblocks, makes
 * ppoll fail with EINTR at once — with or without descriptors, with an
 * infinite or a zero timeout — after its handler ran under the temporary
 * mask; the old mask is back afterwards. When ppoll returns normally the
 * old mask is back too, and the signal stays pending.
 */
#define _GNU_SOURCE
#include <poll.h>
#include <signal.h>
#include <time.h>

#include "lvtest.h"

static volatile int handled;
static volatile int usr2_blocked_in_handler;

static void on_usr1(int sig)
{
	sigset_t now;
	sigprocmask(SIG_BLOCK, NULL, &now);
	usr2_blocked_in_handler = sigismember(&now, SIGUSR2);
	handled++;
}

static void report_mask(const char *when)
{
	sigset_t now;
	sigprocmask(SIG_BLOCK, NULL, &now);
	say("%s: SIGUSR1 blocked %d, SIGUSR2 blocked %d\n", when, sigismember(&now, SIGUSR1),
	    sigismember(&now, SIGUSR2));
}

static long raw_ppoll(struct pollfd *fds, unsigned n, const struct timespec *ts, const sigset_t *mask)
{
	struct timespec copy, *tp = NULL;
	if (ts) {
		copy = *ts;
		tp = &copy;
	}
	return syscall(SYS_ppoll, fds, n, tp, mask, 8);
}

int main(void)
{
	struct sigaction sa = {.sa_handler = on_usr1};
	sigaction(SIGUSR1, &sa, NULL);
	sigset_t block_usr1, temp;
	sigemptyset(&block_usr1);
	sigaddset(&block_usr1, SIGUSR1);
	sigprocmask(SIG_BLOCK, &block_usr1, NULL);
	sigemptyset(&temp);
	sigaddset(&temp, SIGUSR2); /* the temporary mask: SIGUSR2 only */

	int p[2];
	pipe(p);
	struct pollfd pf = {.fd = p[0], .events = POLLIN};
	struct timespec zero = {0, 0};
	static const struct {
		const char *what;
		int nfds;
		int zero_timeout;
	} cases[] = {{"no fds, no timeout", 0, 0},
		     {"no fds, zero timeout", 0, 1},
		     {"empty pipe, no timeout", 1, 0},
		     {"empty pipe, zero timeout", 1, 1}};
	for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		handled = 0;
		usr2_blocked_in_handler = -1;
		raise(SIGUSR1);
		errno = 0;
		long r = raw_ppoll(cases[i].nfds ? &pf : NULL, (unsigned)cases[i].nfds,
				   cases[i].zero_timeout ? &zero : NULL, &temp);
		say("%s: ret %ld %s, handler ran %d time(s), SIGUSR2 blocked in it %d\n", cases[i].what, r,
		    r < 0 ? errname(errno) : "", handled, usr2_blocked_in_handler);
		report_mask("  after");
	}

	/* a ready descriptor: ppoll returns 1 and the old mask is back at once,
	 * so the pending SIGUSR1 stays pending (blocked) */
	write(p[1], "x", 1);
	handled = 0;
	raise(SIGUSR1);
	sigset_t keep_usr1;
	sigemptyset(&keep_usr1);
	sigaddset(&keep_usr1, SIGUSR1);
	long r = raw_ppoll(&pf, 1, NULL, &keep_usr1);
	say("ready pipe, SIGUSR1 kept blocked: ret %ld, handler ran %d time(s)\n", r, handled);
	sigset_t pending;
	sigpending(&pending);
	say("SIGUSR1 still pending: %d\n", sigismember(&pending, SIGUSR1));
	report_mask("after");
	sigprocmask(SIG_UNBLOCK, &block_usr1, NULL);
	say("handler ran after unblocking: %d\n", handled);

	expect_err("bad sigsetsize", syscall(SYS_ppoll, &pf, 1, NULL, &temp, 4), errno, EINVAL);
	expect_err("bad mask pointer", syscall(SYS_ppoll, &pf, 1, NULL, (void *)8, 8), errno, EFAULT);
	done();
	return 0;
}
