/*
 * clone_exit_signal_invalid.c — clone(2) takes the child's exit signal from
 * the low byte of its flags (CSIGNAL) without checking it, so it may be
 * 65..255; Linux then sends nothing when the child ends (kernel/signal.c
 * do_notify_parent: "if (valid_signal(sig) && sig)") and the child is
 * still waited for with __WALL. clone3(2) refuses such a signal with EINVAL
 * (kernel/fork.c copy_clone_args_from_user: valid_signal). Found by
 * tests/fuzz/sysfuzz: LevitateOS queued signal 225 and corrupted memory.
 */
#include "lvtest.h"
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>

/* include/uapi/linux/sched.h, the first version (CLONE_ARGS_SIZE_VER0) */
struct clone_args_v0 {
	unsigned long long flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls;
};

static void try_clone(int exit_signal)
{
	long pid = syscall(SYS_clone, (long)exit_signal, 0L, 0L, 0L, 0L);
	if (pid == 0)
		_exit(5);
	if (pid < 0) {
		say("clone exit signal %d: %s\n", exit_signal, errname(errno));
		return;
	}
	int status = 0;
	long got = waitpid((pid_t)pid, &status, __WALL);
	say("clone exit signal %d: waited %s, exit %d\n", exit_signal, got == pid ? "ok" : errname(errno),
	    WIFEXITED(status) ? WEXITSTATUS(status) : -1);
}

int main(void)
{
	sigset_t block, pending;
	sigemptyset(&block);
	sigaddset(&block, SIGCHLD);
	sigprocmask(SIG_BLOCK, &block, NULL);
	try_clone(225);
	try_clone(65);
	try_clone(255);
	sigpending(&pending);
	say("SIGCHLD pending after those: %s\n", sigismember(&pending, SIGCHLD) ? "yes" : "no");
	try_clone(SIGCHLD);
	sigpending(&pending);
	say("SIGCHLD pending after a SIGCHLD child: %s\n", sigismember(&pending, SIGCHLD) ? "yes" : "no");
	for (int sig = 65; sig <= 255; sig += 95) {
		struct clone_args_v0 args = {.exit_signal = (unsigned long long)sig};
		long r = syscall(SYS_clone3, &args, sizeof(args));
		if (r == 0)
			_exit(0);
		say("clone3 exit signal %d: %s\n", sig, r < 0 ? errname(errno) : "succeeded");
		if (r > 0)
			waitpid((pid_t)r, NULL, __WALL);
	}
	done();
	return 0;
}
