/* sigaction_einval: rt_sigaction(2) rejects signal 0, signals > 64, and
 * changing SIGKILL/SIGSTOP with EINVAL; a sigsetsize other than 8 is EINVAL
 * (kernel/signal.c SYSCALL(rt_sigaction), do_sigaction). Querying SIGKILL
 * without changing it is allowed. */
#include "lvtest.h"
#include <signal.h>

struct ksa {
	void *handler;
	unsigned long flags;
	void *restorer;
	unsigned long mask;
};

int main(void)
{
	struct ksa act = {SIG_IGN, 0, NULL, 0}, old;
	errno = 0;
	long r = syscall(SYS_rt_sigaction, 0, &act, NULL, 8);
	expect_err("signal 0", r, errno, EINVAL);
	errno = 0;
	r = syscall(SYS_rt_sigaction, 65, &act, NULL, 8);
	expect_err("signal 65", r, errno, EINVAL);
	errno = 0;
	r = syscall(SYS_rt_sigaction, SIGKILL, &act, NULL, 8);
	expect_err("set SIGKILL", r, errno, EINVAL);
	errno = 0;
	r = syscall(SYS_rt_sigaction, SIGSTOP, &act, NULL, 8);
	expect_err("set SIGSTOP", r, errno, EINVAL);
	errno = 0;
	r = syscall(SYS_rt_sigaction, SIGUSR1, &act, NULL, 4);
	expect_err("sigsetsize 4", r, errno, EINVAL);
	errno = 0;
	r = syscall(SYS_rt_sigaction, SIGKILL, NULL, &old, 8);
	show_ret("query SIGKILL", r, errno);
	errno = 0;
	r = syscall(SYS_rt_sigaction, SIGUSR1, (void *)8, NULL, 8);
	expect_err("bad act pointer", r, errno, EFAULT);
	done();
	return 0;
}
