/*
 * clone3_cgroup_ignored.c — clone3(2)'s cgroup field only counts with
 * CLONE_INTO_CGROUP (Linux kernel/fork.c copy_clone_args_from_user): a
 * nonzero cgroup without the flag is ignored and the fork works.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdint.h>
#include <sys/wait.h>

#include "lvtest.h"

struct clone_args_v2 {
	uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls;
	uint64_t set_tid, set_tid_size, cgroup;
};

int main(void)
{
	struct clone_args_v2 args = {.exit_signal = SIGCHLD, .cgroup = 12345};
	long pid = syscall(SYS_clone3, &args, sizeof(args));
	if (pid == 0)
		syscall(SYS_exit_group, 7);
	say("clone3 with cgroup 12345 and no CLONE_INTO_CGROUP: %s\n", pid > 0 ? "child" : errname(errno));
	if (pid > 0) {
		int status = 0;
		waitpid((pid_t)pid, &status, 0);
		say("child exit: %d\n", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	}
	done();
	return 0;
}
