/*
 * clone3_cgroup_ignored.c — clone3(2)'s argument checks (Linux
 * kernel/fork.c copy_clone_args_from_user, clone3_args_valid): the cgroup
 * field only counts with CLONE_INTO_CGROUP, so a nonzero cgroup without the
 * flag is ignored and the fork works; a size above a page is E2BIG, below
 * version 0 (64 bytes) EINVAL; a larger struct must have zeros past the
 * fields the kernel knows (else E2BIG); unknown flags above bit 33 are EINVAL.
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
	static unsigned char big[8192];
	memcpy(big, &args, sizeof(args));
	expect_err("size 4097", syscall(SYS_clone3, big, 4097), errno, E2BIG);
	expect_err("size 56", syscall(SYS_clone3, big, 56), errno, EINVAL);
	big[200] = 1;
	expect_err("nonzero byte past the known fields", syscall(SYS_clone3, big, 256), errno, E2BIG);
	struct clone_args_v2 bad_flag = {.flags = 1ULL << 40, .exit_signal = SIGCHLD};
	expect_err("flag bit 40", syscall(SYS_clone3, &bad_flag, sizeof(bad_flag)), errno, EINVAL);
	done();
	return 0;
}
