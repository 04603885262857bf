/* sigaction_store: rt_sigaction(2) stores a handler and reads it back
 * unchanged: handler, flags, restorer and mask (minus SIGKILL/SIGSTOP,
 * which kernel/signal.c do_sigaction removes from sa_mask). Uses the raw
 * kernel struct (arm64: handler, flags, restorer, mask) so no libc
 * rewriting is involved. Also SIGPIPE -> SIG_IGN, and the old action
 * returned for a never-touched signal is SIG_DFL with empty mask/flags. */
#include "lvtest.h"
#include <signal.h>

struct ksa {
	void *handler;
	unsigned long flags;
	void *restorer;
	unsigned long mask;
};

static void h(int s)
{
	(void)s;
}
static void rest(void)
{
}

#define BIT(s) (1UL << ((s)-1))

int main(void)
{
	struct ksa old, act = {(void *)h, SA_RESTART | SA_SIGINFO | 0x04000000UL /* SA_RESTORER */, (void *)rest,
			       BIT(SIGUSR2) | BIT(SIGKILL) | BIT(SIGSTOP)};
	memset(&old, 0x77, sizeof old);
	long r = syscall(SYS_rt_sigaction, SIGURG, NULL, &old, 8);
	say("query SIGURG ret: %ld\n", r);
	yesno("SIGURG default handler", old.handler == SIG_DFL);
	say("SIGURG flags: %#lx mask: %#lx\n", old.flags, old.mask);
	r = syscall(SYS_rt_sigaction, SIGUSR1, &act, NULL, 8);
	say("set SIGUSR1 ret: %ld\n", r);
	memset(&old, 0, sizeof old);
	r = syscall(SYS_rt_sigaction, SIGUSR1, NULL, &old, 8);
	say("get SIGUSR1 ret: %ld\n", r);
	yesno("handler same", old.handler == (void *)h);
	yesno("restorer same", old.restorer == (void *)rest);
	say("flags: %#lx\n", old.flags);
	say("mask: %#lx (SIGUSR2 bit %#lx)\n", old.mask, BIT(SIGUSR2));
	struct ksa ign = {SIG_IGN, 0, NULL, 0};
	r = syscall(SYS_rt_sigaction, SIGPIPE, &ign, &old, 8);
	say("set SIGPIPE ret: %ld, old was SIG_DFL: %s\n", r, old.handler == SIG_DFL ? "yes" : "no");
	r = syscall(SYS_rt_sigaction, SIGPIPE, NULL, &old, 8);
	yesno("SIGPIPE now SIG_IGN", r == 0 && old.handler == SIG_IGN);
	/* the same through libc */
	struct sigaction sa;
	sigaction(SIGPIPE, NULL, &sa);
	yesno("libc sees SIG_IGN", sa.sa_handler == SIG_IGN);
	done();
	return 0;
}
