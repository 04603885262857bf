/*
 * clone_flags_einval.c — clone(2)'s flag rules (kernel/fork.c
 * copy_process): CLONE_THREAD needs CLONE_SIGHAND, CLONE_SIGHAND needs
 * CLONE_VM, CLONE_NEWNS cannot go with CLONE_FS; each is EINVAL before
 * anything is created.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "lvtest.h"

int main(void)
{
	expect_err("CLONE_THREAD without CLONE_SIGHAND", syscall(SYS_clone, CLONE_VM | CLONE_THREAD, 0, 0, 0, 0), errno,
		   EINVAL);
	expect_err("CLONE_SIGHAND without CLONE_VM", syscall(SYS_clone, CLONE_SIGHAND, 0, 0, 0, 0), errno, EINVAL);
	expect_err("CLONE_NEWNS with CLONE_FS", syscall(SYS_clone, CLONE_NEWNS | CLONE_FS, 0, 0, 0, 0), errno, EINVAL);
	done();
	return 0;
}
