/* sigprocmask_basic: rt_sigprocmask(2) SIG_BLOCK / SIG_UNBLOCK / SIG_SETMASK
 * update the blocked set and return the previous one; SIGKILL and SIGSTOP
 * are silently not blocked; an invalid "how" or sigsetsize != 8 is EINVAL
 * (kernel/signal.c sigprocmask, SYSCALL(rt_sigprocmask)). Raw syscalls, so
 * libc's internal signals (glibc hides 32/33) do not interfere. */
#include "lvtest.h"
#include <signal.h>

#define BIT(s) (1UL << ((s)-1))

static unsigned long cur(void)
{
	unsigned long m = 0x5a5a;
	syscall(SYS_rt_sigprocmask, SIG_BLOCK, NULL, &m, 8);
	return m;
}

int main(void)
{
	say("initial mask: %#lx\n", cur());
	unsigned long set = BIT(SIGUSR1) | BIT(SIGUSR2) | BIT(SIGKILL) | BIT(SIGSTOP), old = 1;
	long r = syscall(SYS_rt_sigprocmask, SIG_BLOCK, &set, &old, 8);
	say("block ret: %ld old: %#lx\n", r, old);
	say("mask: %#lx (want %#lx)\n", cur(), BIT(SIGUSR1) | BIT(SIGUSR2));
	set = BIT(SIGUSR1);
	r = syscall(SYS_rt_sigprocmask, SIG_UNBLOCK, &set, &old, 8);
	say("unblock ret: %ld old: %#lx\n", r, old);
	say("mask: %#lx\n", cur());
	set = BIT(SIGHUP) | BIT(64) /* kernel SIGRTMAX */;
	r = syscall(SYS_rt_sigprocmask, SIG_SETMASK, &set, NULL, 8);
	say("setmask ret: %ld mask: %#lx\n", r, cur());
	errno = 0;
	r = syscall(SYS_rt_sigprocmask, 7, &set, NULL, 8);
	expect_err("how 7", r, errno, EINVAL);
	errno = 0;
	r = syscall(SYS_rt_sigprocmask, SIG_BLOCK, &set, NULL, 4);
	expect_err("sigsetsize 4", r, errno, EINVAL);
	errno = 0;
	r = syscall(SYS_rt_sigprocmask, SIG_BLOCK, (void *)8, NULL, 8);
	expect_err("bad set pointer", r, errno, EFAULT);
	set = 0;
	syscall(SYS_rt_sigprocmask, SIG_SETMASK, &set, NULL, 8);
	say("final mask: %#lx\n", cur());
	done();
	return 0;
}
