/* process_madvise_pidfd: process_madvise(2) gives madvise hints about the
 * memory of the process a pidfd names (Linux 6.1 mm/madvise.c): flags other
 * than 0 and more than UIO_MAXIOV iovecs are EINVAL, a bad iovec array
 * EFAULT, a descriptor that is no pidfd EBADF, advice other than
 * MADV_COLD, MADV_PAGEOUT and MADV_WILLNEED EINVAL, a reaped process ESRCH,
 * a process the caller may not read EACCES, a caller without CAP_SYS_NICE
 * EPERM; otherwise the bytes of the ranges advised before the first one
 * madvise refuses (an unmapped range: ENOMEM, an unaligned one: EINVAL, if
 * it is the first). The hints keep the memory's contents. Prints only
 * facts. */
#include "lvtest.h"
#include <signal.h>
#include <sys/mman.h>
#include <sys/uio.h>
#include <sys/wait.h>

#ifndef MADV_COLD
#define MADV_COLD 20
#endif
#ifndef MADV_PAGEOUT
#define MADV_PAGEOUT 21
#endif
#define NR_PROCESS_MADVISE 440
#define NR_PIDFD_OPEN 434

static long pmadvise(int pidfd, const struct iovec *v, size_t n, int advice, unsigned flags)
{
	return syscall(NR_PROCESS_MADVISE, pidfd, v, n, advice, flags);
}

static int pidfd_of(pid_t pid)
{
	return (int)syscall(NR_PIDFD_OPEN, pid, 0);
}

int main(void)
{
	long page = sysconf(_SC_PAGESIZE);
	char *mem = mmap(NULL, 4 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	memset(mem, 'x', 4 * page);
	munmap(mem + 3 * page, page); /* a hole after three pages */
	int self = pidfd_of(getpid());
	struct iovec two[2] = {{mem, 2 * page}, {mem + 2 * page, page}};

	show_ret("flags 1", pmadvise(self, two, 2, MADV_COLD, 1), errno);
	show_ret("1025 iovecs", pmadvise(self, two, 1025, MADV_COLD, 0), errno);
	show_ret("iovecs at NULL", pmadvise(self, NULL, 1, MADV_COLD, 0), errno);
	show_ret("fd -1", pmadvise(-1, two, 2, MADV_COLD, 0), errno);
	show_ret("fd 0 (not a pidfd)", pmadvise(0, two, 2, MADV_COLD, 0), errno);
	show_ret("MADV_DONTNEED", pmadvise(self, two, 2, MADV_DONTNEED, 0), errno);
	show_ret("MADV_NORMAL", pmadvise(self, two, 2, MADV_NORMAL, 0), errno);
	show_ret("no iovecs", pmadvise(self, two, 0, MADV_COLD, 0), errno);

	say("page size multiple: %s\n", page == 4096 ? "4096" : "other");
	show_ret("MADV_COLD, 2 + 1 pages", pmadvise(self, two, 2, MADV_COLD, 0), errno);
	show_ret("MADV_PAGEOUT, 2 + 1 pages", pmadvise(self, two, 2, MADV_PAGEOUT, 0), errno);
	show_ret("MADV_WILLNEED, 2 + 1 pages", pmadvise(self, two, 2, MADV_WILLNEED, 0), errno);
	struct iovec then_hole[2] = {{mem, page}, {mem + 3 * page, page}};
	show_ret("a page, then the hole", pmadvise(self, then_hole, 2, MADV_COLD, 0), errno);
	show_ret("the hole first", pmadvise(self, then_hole + 1, 1, MADV_COLD, 0), errno);
	struct iovec odd = {mem + 1, page};
	show_ret("unaligned", pmadvise(self, &odd, 1, MADV_COLD, 0), errno);
	/* import_iovec caps the total at MAX_RW_COUNT, shortening the ranges */
	size_t half = 3UL << 29; /* 1.5 GiB */
	char *big = mmap(NULL, 2 * half, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	struct iovec huge[2] = {{big, half}, {big + half, half}};
	long advised = pmadvise(self, huge, 2, MADV_COLD, 0);
	say("3 GiB in two ranges: %#lx\n", advised);
	struct iovec negative[1] = {{big, (size_t)-4096}};
	show_ret("a negative length", pmadvise(self, negative, 1, MADV_COLD, 0), errno);
	struct iovec beyond[1] = {{(void *)(1UL << 62), 4096}};
	show_ret("a range outside user space", pmadvise(self, beyond, 1, MADV_COLD, 0), errno);
	munmap(big, 2 * half);
	int same = 1;
	for (long i = 0; i < 3 * page; i++)
		same &= mem[i] == 'x';
	yesno("contents kept after the hints", same);

	/* another process: its memory at the same address after fork */
	int to_child[2], from_child[2];
	if (pipe(to_child) || pipe(from_child))
		say("pipe: %s\n", errname(errno));
	pid_t child = fork();
	if (child == 0) {
		char c = 'r';
		(void)!write(from_child[1], &c, 1);
		(void)!read(to_child[0], &c, 1);
		_exit(mem[0] == 'x' && mem[2 * page] == 'x' ? 0 : 1);
	}
	char c;
	(void)!read(from_child[0], &c, 1);
	int cfd = pidfd_of(child);
	show_ret("child, MADV_PAGEOUT, 2 + 1 pages", pmadvise(cfd, two, 2, MADV_PAGEOUT, 0), errno);
	pid_t nobody = fork();
	if (nobody == 0) {
		if (setresuid(65534, 65534, 65534))
			say("setresuid: %s\n", errname(errno));
		show_ret("nobody, root's child", pmadvise(cfd, two, 2, MADV_COLD, 0), errno);
		int own = pidfd_of(getpid());
		show_ret("nobody, itself", pmadvise(own, two, 2, MADV_COLD, 0), errno);
		_exit(0);
	}
	waitpid(nobody, NULL, 0);
	(void)!write(to_child[1], "g", 1);
	int status;
	waitpid(child, &status, 0);
	say("child exit status %d\n", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	show_ret("reaped child", pmadvise(cfd, two, 2, MADV_COLD, 0), errno);
	done();
	return 0;
}
