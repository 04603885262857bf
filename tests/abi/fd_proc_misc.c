/* fd_proc_misc: close_range (fs/file.c: closing, CLOSE_RANGE_CLOEXEC,
 * CLOSE_RANGE_UNSHARE), readahead (mm/readahead.c), kcmp (kernel/kcmp.c),
 * unshare and setns without namespaces (kernel/fork.c: CLONE_FILES and
 * CLONE_FS really unshared), process_vm_readv/writev
 * (mm/process_vm_access.c) on a child: bytes moved, a partial copy
 * stopped by an unmapped page, and the errors. */
#define _GNU_SOURCE
#include "lvtest.h"
#include <sched.h>
#include <sys/mman.h>
#include <sys/uio.h>
#include <sys/wait.h>

#ifndef CLOSE_RANGE_UNSHARE
#define CLOSE_RANGE_UNSHARE 2
#define CLOSE_RANGE_CLOEXEC 4
#endif

static char shared_text[64] = "hello from the child";

int main(void)
{
	/* close_range */
	int base = open("/dev/null", O_RDONLY);
	for (int i = 0; i < 6; i++)
		dup2(base, 40 + i);
	show_ret("close_range 41..43", syscall(SYS_close_range, 41, 43, 0), 0);
	say("open: 40 %d 41 %d 43 %d 44 %d\n", fcntl(40, F_GETFD) >= 0, fcntl(41, F_GETFD) >= 0,
	    fcntl(43, F_GETFD) >= 0, fcntl(44, F_GETFD) >= 0);
	show_ret("close_range cloexec 44..~0", syscall(SYS_close_range, 44, ~0U, CLOSE_RANGE_CLOEXEC), 0);
	say("44 cloexec %d 45 cloexec %d 40 cloexec %d\n", fcntl(44, F_GETFD), fcntl(45, F_GETFD), fcntl(40, F_GETFD));
	errno = 0;
	expect_err("close_range first > last", syscall(SYS_close_range, 5, 4, 0), errno, EINVAL);
	errno = 0;
	expect_err("close_range flags 1", syscall(SYS_close_range, 40, 40, 1), errno, EINVAL);
	show_ret("close_range 1000..2000 (none open)", syscall(SYS_close_range, 1000, 2000, 0), 0);
	/* UNSHARE in a thread-like child sharing our table: our fds stay */
	int probe = dup(base);
	pid_t pid = fork();
	if (pid == 0) {
		long r = syscall(SYS_close_range, 3, ~0U, CLOSE_RANGE_UNSHARE);
		_exit(r == 0 && fcntl(probe, F_GETFD) == -1 ? 0 : 1);
	}
	int st;
	waitpid(pid, &st, 0);
	say("child close_range unshare: %d, ours still open %d\n", WEXITSTATUS(st), fcntl(probe, F_GETFD) >= 0);

	/* readahead */
	int f = open("/tmp/ra", O_RDWR | O_CREAT | O_TRUNC, 0600);
	write(f, "0123456789", 10);
	show_ret("readahead file", syscall(SYS_readahead, f, 0, 4096), 0);
	int wo = open("/tmp/ra", O_WRONLY);
	errno = 0;
	expect_err("readahead write-only", syscall(SYS_readahead, wo, 0, 10), errno, EBADF);
	int pfd[2];
	pipe(pfd);
	errno = 0;
	expect_err("readahead pipe", syscall(SYS_readahead, pfd[0], 0, 10), errno, EINVAL);
	errno = 0;
	expect_err("readahead bad fd", syscall(SYS_readahead, 999, 0, 10), errno, EBADF);
	int dir = open("/tmp", O_RDONLY);
	errno = 0;
	expect_err("readahead directory", syscall(SYS_readahead, dir, 0, 10), errno, EINVAL);

	/* kcmp: 0 same, nonzero different */
	pid_t me = getpid();
	int d = dup(f);
	say("kcmp file dup %ld, other file %d\n", syscall(SYS_kcmp, me, me, 0, f, d),
	    syscall(SYS_kcmp, me, me, 0, f, base) != 0);
	say("kcmp vm self %ld files self %ld fs self %ld sighand self %ld io %ld sysvsem %ld\n",
	    syscall(SYS_kcmp, me, me, 1, 0, 0), syscall(SYS_kcmp, me, me, 2, 0, 0), syscall(SYS_kcmp, me, me, 3, 0, 0),
	    syscall(SYS_kcmp, me, me, 4, 0, 0), syscall(SYS_kcmp, me, me, 5, 0, 0), syscall(SYS_kcmp, me, me, 6, 0, 0));
	int go[2], back[2];
	pipe(go);
	pipe(back);
	pid = fork();
	if (pid == 0) {
		char c;
		strcpy(shared_text, "hello from the child");
		write(back[1], "r", 1);
		read(go[0], &c, 1);
		_exit(0);
	}
	char c;
	read(back[0], &c, 1);
	say("kcmp vm child %d files child %d file inherited %ld\n", syscall(SYS_kcmp, me, pid, 1, 0, 0) != 0,
	    syscall(SYS_kcmp, me, pid, 2, 0, 0) != 0, syscall(SYS_kcmp, me, pid, 0, f, f));
	errno = 0;
	expect_err("kcmp bad fd", syscall(SYS_kcmp, me, pid, 0, f, 999), errno, EBADF);
	errno = 0;
	expect_err("kcmp type 99", syscall(SYS_kcmp, me, pid, 99, 0, 0), errno, EINVAL);
	errno = 0;
	expect_err("kcmp no such pid", syscall(SYS_kcmp, me, 99999, 1, 0, 0), errno, ESRCH);

	/* process_vm_readv / writev on the child */
	char buf[64] = {0};
	struct iovec local = {buf, 20}, remote = {shared_text, 20};
	errno = 0;
	long n = syscall(SYS_process_vm_readv, pid, &local, 1, &remote, 1, 0);
	say("readv: %ld \"%.20s\"\n", n, buf);
	char msg[] = "written by parent";
	struct iovec l2 = {msg, sizeof(msg)}, r2 = {shared_text + 32, sizeof(msg)};
	show_ret("writev", syscall(SYS_process_vm_writev, pid, &l2, 1, &r2, 1, 0), errno);
	memset(buf, 0, sizeof(buf));
	struct iovec l3[2] = {{buf, 5}, {buf + 10, 30}}, r3 = {shared_text + 30, 20};
	n = syscall(SYS_process_vm_readv, pid, l3, 2, &r3, 1, 0);
	say("readv scattered: %ld \"%.5s\" \"%.15s\"\n", n, buf + 2, buf + 10);
	/* a remote range running into an unmapped page: the bytes before it */
	long pg = sysconf(_SC_PAGESIZE);
	char *two = mmap(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	munmap(two + pg, pg);
	/* (our own pages: the child's copy of them is the same layout) */
	struct iovec lbig = {buf, 64}, rbig = {two + pg - 16, 64};
	n = syscall(SYS_process_vm_readv, me, &lbig, 1, &rbig, 1, 0);
	say("readv across a hole: %ld\n", n);
	struct iovec rhole = {two + pg, 16};
	errno = 0;
	expect_err("readv unmapped", syscall(SYS_process_vm_readv, me, &lbig, 1, &rhole, 1, 0), errno, EFAULT);
	errno = 0;
	expect_err("readv flags 1", syscall(SYS_process_vm_readv, pid, &local, 1, &remote, 1, 1), errno, EINVAL);
	errno = 0;
	expect_err("readv iovcnt 1025", syscall(SYS_process_vm_readv, pid, &local, 1025, &remote, 1, 0), errno, EINVAL);
	errno = 0;
	expect_err("readv no such pid", syscall(SYS_process_vm_readv, 99999, &local, 1, &remote, 1, 0), errno, ESRCH);
	errno = 0;
	expect_err("readv bad local iov", syscall(SYS_process_vm_readv, pid, (void *)8, 1, &remote, 1, 0), errno,
		   EFAULT);
	write(go[1], "g", 1);
	waitpid(pid, &st, 0);

	/* unshare */
	show_ret("unshare 0", syscall(SYS_unshare, 0), 0);
	show_ret("unshare FILES|FS|SYSVSEM", syscall(SYS_unshare, CLONE_FILES | CLONE_FS | CLONE_SYSVSEM), 0);
	show_ret("unshare VM|SIGHAND|THREAD single-threaded",
		 syscall(SYS_unshare, CLONE_VM | CLONE_SIGHAND | CLONE_THREAD), 0);
	errno = 0;
	expect_err("unshare bad flag", syscall(SYS_unshare, CLONE_SETTLS), errno, EINVAL);
	pid = fork();
	if (pid == 0) {
		if (setuid(1000))
			_exit(99);
		errno = 0;
		long r = syscall(SYS_unshare, CLONE_NEWUTS);
		_exit(r == -1 && errno == EPERM ? 0 : 1);
	}
	waitpid(pid, &st, 0);
	yesno("unprivileged unshare NEWUTS: EPERM", WIFEXITED(st) && WEXITSTATUS(st) == 0);
	errno = 0;
	expect_err("setns bad fd", syscall(SYS_setns, 999, 0), errno, EBADF);
	errno = 0;
	expect_err("setns regular file", syscall(SYS_setns, f, 0), errno, EINVAL);
	done();
	return 0;
}
