/*
 * kill_self.c — a process signalling itself (kernel/signal.c): signal 0
 * checks, a pid or tid that does not exist is ESRCH, a bad signal number
 * EINVAL; ignored signals (SIG_IGN, or default-ignored like SIGCHLD) are
 * dropped; a blocked signal stays pending (sigpending) until unblocked.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "lvtest.h"

int main(void)
{
	pid_t pid = getpid();
	show_ret("kill(self, 0)", kill(pid, 0), errno);
	expect_err("kill(999999, 0)", kill(999999, 0), errno, ESRCH);
	expect_err("kill(self, 65)", kill(pid, 65), errno, EINVAL);
	show_ret("tgkill(self, self, 0)", syscall(SYS_tgkill, pid, syscall(SYS_gettid), 0), errno);
	expect_err("tgkill(0, tid, 0)", syscall(SYS_tgkill, 0, syscall(SYS_gettid), 0), errno, EINVAL);
	expect_err("tkill(-5, 0)", syscall(SYS_tkill, -5, 0), errno, EINVAL);

	raise(SIGCHLD);
	say("survived SIGCHLD (default: ignore)\n");
	signal(SIGUSR1, SIG_IGN);
	raise(SIGUSR1);
	say("survived ignored SIGUSR1\n");

	sigset_t block, pending;
	sigemptyset(&block);
	sigaddset(&block, SIGUSR2);
	sigprocmask(SIG_BLOCK, &block, 0);
	raise(SIGUSR2);
	sigpending(&pending);
	say("SIGUSR2 pending while blocked: %d\n", sigismember(&pending, SIGUSR2));
	signal(SIGUSR2, SIG_IGN); /* ignoring discards the pending one on Linux */
	sigpending(&pending);
	say("still pending after SIG_IGN: %d\n", sigismember(&pending, SIGUSR2));
	sigprocmask(SIG_UNBLOCK, &block, 0);
	say("survived unblocking\n");
	done();
	return 0;
}
