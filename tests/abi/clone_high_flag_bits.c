/*
 * clone_high_flag_bits.c — clone(2) looks only at the low 32 bits of its
 * flags (kernel/fork.c SYSCALL_DEFINE5(clone): lower_32_bits(clone_flags)),
 * so clone3's flags above them (CLONE_CLEAR_SIGHAND, bit 32;
 * CLONE_INTO_CGROUP, bit 33) and any other high bit are ignored there: the
 * child is made as if they were not set, and exits with its status seen by
 * the parent.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lvtest.h"

static void try_clone(const char *label, unsigned long flags)
{
	fflush(stdout);
	errno = 0;
	long pid = syscall(SYS_clone, flags, 0, 0, 0, 0);
	if (pid == 0)
		_exit(7);
	if (pid < 0) {
		say("%s: clone failed: %s\n", label, errname(errno));
		return;
	}
	int status = 0;
	pid_t got = waitpid((pid_t)pid, &status, 0);
	say("%s: child reaped: %s, exit status %d\n", label, got == pid ? "yes" : "no",
	    WIFEXITED(status) ? WEXITSTATUS(status) : -1);
}

int main(void)
{
	try_clone("SIGCHLD", SIGCHLD);
	try_clone("SIGCHLD | bit 32 (CLONE_CLEAR_SIGHAND)", SIGCHLD | (1UL << 32));
	try_clone("SIGCHLD | bit 33 (CLONE_INTO_CGROUP)", SIGCHLD | (1UL << 33));
	try_clone("SIGCHLD | bit 63", SIGCHLD | (1UL << 63));
	done();
	return 0;
}
