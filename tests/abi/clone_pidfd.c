/*
 * clone_pidfd.c — CLONE_PIDFD (Linux kernel/fork.c kernel_clone,
 * copy_process, clone3_args_valid; clone(2)): the caller gets a pidfd for
 * the new process, close-on-exec and O_RDWR, its number written to
 * args.pidfd (clone3) or to parent_tid (clone). A bad pidfd pointer is
 * EFAULT and no child is made; CLONE_PIDFD with CLONE_THREAD or
 * CLONE_DETACHED is EINVAL, as is clone() with CLONE_PIDFD and
 * CLONE_PARENT_SETTID (clone3: only when both point at the same place);
 * clone3 refuses CLONE_DETACHED and signal bits in flags (EINVAL).
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/wait.h>

#include "lvtest.h"

#ifndef CLONE_PIDFD
#define CLONE_PIDFD 0x00001000
#endif
#define CLONE_DETACHED_ 0x00400000
#define P_PIDFD_ 3

struct clone_args_v0 {
	uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls;
};

/* The call is made before these read errno (an argument is evaluated first). */
static void want(const char *label, long ret, int err)
{
	expect_err(label, ret, errno, err);
}

/* Waits for the pidfd's process to exit (poll), then reaps it through the pidfd. */
static void reap(const char *label, int pidfd)
{
	struct pollfd p = {.fd = pidfd, .events = POLLIN};
	int n = poll(&p, 1, -1);
	say("%s: poll %d revents %s\n", label, n, (p.revents & POLLIN) ? "POLLIN" : "none");
	siginfo_t si;
	memset(&si, 0, sizeof(si));
	long r = syscall(SYS_waitid, P_PIDFD_, pidfd, &si, WEXITED, NULL);
	say("%s: waitid %ld, code %s, status %d\n", label, r, si.si_code == CLD_EXITED ? "CLD_EXITED" : "other",
	    si.si_status);
}

static long clone3(struct clone_args_v0 *a)
{
	return syscall(SYS_clone3, a, sizeof(*a));
}

int main(void)
{
	/* clone3 with CLONE_PIDFD */
	int pidfd = -1;
	struct clone_args_v0 a = {.flags = CLONE_PIDFD, .pidfd = (uintptr_t)&pidfd, .exit_signal = SIGCHLD};
	long pid = clone3(&a);
	if (pid == 0)
		syscall(SYS_exit_group, 5);
	say("clone3 CLONE_PIDFD: %s, pidfd %d\n", pid > 0 ? "child" : errname(errno), pidfd);
	say("FD_CLOEXEC %d, access mode O_RDWR %d\n", fcntl(pidfd, F_GETFD),
	    (fcntl(pidfd, F_GETFL) & O_ACCMODE) == O_RDWR);
	reap("clone3 child", pidfd);
	close(pidfd);

	/* a bad pointer: EFAULT, no child, no descriptor left behind */
	void *bad = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	a.pidfd = (uintptr_t)bad;
	pid = clone3(&a);
	if (pid == 0)
		syscall(SYS_exit_group, 6);
	want("clone3 CLONE_PIDFD, pidfd pointer PROT_NONE", pid, EFAULT);
	a.pidfd = 8;
	pid = clone3(&a);
	if (pid == 0)
		syscall(SYS_exit_group, 6);
	want("clone3 CLONE_PIDFD, pidfd pointer 8", pid, EFAULT);
	want("no child left", syscall(SYS_wait4, -1, NULL, WNOHANG, NULL), ECHILD);
	int fd = open("/", O_RDONLY);
	say("next descriptor %d\n", fd);
	close(fd);

	/* flag rules */
	a.pidfd = (uintptr_t)&pidfd;
	a.flags = CLONE_PIDFD | CLONE_THREAD | CLONE_SIGHAND | CLONE_VM;
	want("clone3 CLONE_PIDFD|CLONE_THREAD", clone3(&a), EINVAL);
	a.flags = CLONE_PIDFD | CLONE_DETACHED_;
	want("clone3 CLONE_PIDFD|CLONE_DETACHED", clone3(&a), EINVAL);
	a.flags = CLONE_DETACHED_;
	want("clone3 CLONE_DETACHED", clone3(&a), EINVAL);
	a.flags = SIGCHLD;
	want("clone3 SIGCHLD in flags", clone3(&a), EINVAL);
	a.flags = CLONE_PIDFD | CLONE_PARENT_SETTID;
	a.parent_tid = a.pidfd;
	want("clone3 CLONE_PIDFD|CLONE_PARENT_SETTID, one pointer", clone3(&a), EINVAL);

	/* clone3 with both, two pointers: both written */
	int tid = 0;
	pidfd = -1;
	a.parent_tid = (uintptr_t)&tid;
	pid = clone3(&a);
	if (pid == 0)
		syscall(SYS_exit_group, 7);
	say("clone3 CLONE_PIDFD|CLONE_PARENT_SETTID, two pointers: tid is the pid %d, pidfd %d\n", tid == pid, pidfd);
	reap("clone3 child 2", pidfd);
	close(pidfd);

	/* clone() writes the pidfd to parent_tid */
	pidfd = -1;
	pid = syscall(SYS_clone, CLONE_PIDFD | SIGCHLD, 0, &pidfd, 0, 0);
	if (pid == 0)
		syscall(SYS_exit_group, 8);
	say("clone CLONE_PIDFD: %s, pidfd %d\n", pid > 0 ? "child" : errname(errno), pidfd);
	reap("clone child", pidfd);
	close(pidfd);
	want("clone CLONE_PIDFD|CLONE_PARENT_SETTID",
	     syscall(SYS_clone, CLONE_PIDFD | CLONE_PARENT_SETTID | SIGCHLD, 0, &pidfd, 0, 0), EINVAL);
	want("clone CLONE_PIDFD|CLONE_DETACHED",
	     syscall(SYS_clone, CLONE_PIDFD | CLONE_DETACHED_ | SIGCHLD, 0, &pidfd, 0, 0), EINVAL);
	want("clone CLONE_PIDFD, pidfd pointer 8", syscall(SYS_clone, CLONE_PIDFD | SIGCHLD, 0, 8, 0, 0), EFAULT);
	want("no child left", syscall(SYS_wait4, -1, NULL, WNOHANG, NULL), ECHILD);
	done();
	return 0;
}
