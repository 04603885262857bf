/* mlock_membarrier: mlock, mlock2, munlock, mlockall, munlockall (Linux
 * mm/mlock.c): ENOMEM for a hole, EINVAL for bad flags, RLIMIT_MEMLOCK
 * for an unprivileged process (ENOMEM over it, EPERM at 0), locked pages
 * resident (mincore); membarrier (kernel/sched/membarrier.c): QUERY's
 * mask, the commands, EPERM before registering, EINVAL for bad ones. */
#include "lvtest.h"
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>

#ifndef MLOCK_ONFAULT
#define MLOCK_ONFAULT 1
#endif
#ifndef MCL_ONFAULT
#define MCL_ONFAULT 4
#endif

static int run_child(int (*fn)(void))
{
	pid_t pid = fork();
	if (pid == 0)
		_exit(fn());
	int st;
	waitpid(pid, &st, 0);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 100 + WTERMSIG(st);
}

/* unprivileged, RLIMIT_MEMLOCK 2 pages: 1 page ok, 3 pages ENOMEM, limit 0 EPERM */
static int unprivileged(void)
{
	long pg = sysconf(_SC_PAGESIZE);
	char *p = mmap(NULL, 4 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	struct rlimit rl = {2 * pg, 2 * pg};
	setrlimit(RLIMIT_MEMLOCK, &rl);
	if (setuid(1000))
		return 99;
	int code = 0;
	if (syscall(SYS_mlock, p, pg) != 0)
		code |= 1;
	if (!(syscall(SYS_mlock, p, 3 * pg) == -1 && errno == ENOMEM))
		code |= 2;
	if (!(syscall(SYS_mlockall, MCL_CURRENT) == -1 && errno == ENOMEM))
		code |= 4;
	if (syscall(SYS_mlockall, MCL_FUTURE) != 0)
		code |= 8;
	rl.rlim_cur = 0;
	setrlimit(RLIMIT_MEMLOCK, &rl);
	if (!(syscall(SYS_mlock, p, pg) == -1 && errno == EPERM))
		code |= 16;
	if (!(syscall(SYS_mlockall, MCL_CURRENT) == -1 && errno == EPERM))
		code |= 32;
	if (syscall(SYS_munlock, p, pg) != 0)
		code |= 64;
	return code;
}

int main(void)
{
	long pg = sysconf(_SC_PAGESIZE);
	char *p = mmap(NULL, 8 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	unsigned char vec[8];
	mincore(p, 8 * pg, vec);
	say("resident before: %d%d%d%d\n", vec[0] & 1, vec[1] & 1, vec[2] & 1, vec[3] & 1);
	show_ret("mlock 4 pages", syscall(SYS_mlock, p, 4 * pg), 0);
	mincore(p, 8 * pg, vec);
	say("resident after: %d%d%d%d %d\n", vec[0] & 1, vec[1] & 1, vec[2] & 1, vec[3] & 1, vec[4] & 1);
	show_ret("mlock unaligned", syscall(SYS_mlock, p + 5 * pg + 10, 100), 0);
	show_ret("mlock len 0", syscall(SYS_mlock, p, 0), 0);
	show_ret("mlock2 onfault", syscall(SYS_mlock2, p + 6 * pg, pg, MLOCK_ONFAULT), 0);
	mincore(p, 8 * pg, vec);
	say("onfault page resident: %d\n", vec[6] & 1);
	errno = 0;
	expect_err("mlock2 flags 2", syscall(SYS_mlock2, p, pg, 2), errno, EINVAL);
	show_ret("munlock", syscall(SYS_munlock, p, 8 * pg), 0);
	munmap(p + 2 * pg, pg);
	errno = 0;
	expect_err("mlock over a hole", syscall(SYS_mlock, p, 4 * pg), errno, ENOMEM);
	errno = 0;
	expect_err("munlock over a hole", syscall(SYS_munlock, p, 4 * pg), errno, ENOMEM);
	errno = 0;
	expect_err("mlock unmapped", syscall(SYS_mlock, (void *)pg, pg), errno, ENOMEM);
	errno = 0;
	expect_err("mlockall 0", syscall(SYS_mlockall, 0), errno, EINVAL);
	errno = 0;
	expect_err("mlockall ONFAULT alone", syscall(SYS_mlockall, MCL_ONFAULT), errno, EINVAL);
	errno = 0;
	expect_err("mlockall 8", syscall(SYS_mlockall, 8), errno, EINVAL);
	show_ret("mlockall current|future", syscall(SYS_mlockall, MCL_CURRENT | MCL_FUTURE), 0);
	show_ret("munlockall", syscall(SYS_munlockall), 0);
	say("unprivileged: %d\n", run_child(unprivileged));

	/* membarrier */
	long q = syscall(SYS_membarrier, 0, 0, 0);
	say("query: %#lx\n", q);
	show_ret("global", syscall(SYS_membarrier, 1, 0, 0), 0);
	errno = 0;
	expect_err("private expedited unregistered", syscall(SYS_membarrier, 8, 0, 0), errno, EPERM);
	errno = 0;
	expect_err("sync core unregistered", syscall(SYS_membarrier, 32, 0, 0), errno, EPERM);
	show_ret("register private expedited", syscall(SYS_membarrier, 16, 0, 0), 0);
	show_ret("private expedited", syscall(SYS_membarrier, 8, 0, 0), 0);
	errno = 0;
	expect_err("sync core still unregistered", syscall(SYS_membarrier, 32, 0, 0), errno, EPERM);
	show_ret("register sync core", syscall(SYS_membarrier, 64, 0, 0), 0);
	show_ret("sync core", syscall(SYS_membarrier, 32, 0, 0), 0);
	show_ret("register global expedited", syscall(SYS_membarrier, 4, 0, 0), 0);
	show_ret("global expedited", syscall(SYS_membarrier, 2, 0, 0), 0);
	errno = 0;
	expect_err("cmd 3", syscall(SYS_membarrier, 3, 0, 0), errno, EINVAL);
	errno = 0;
	expect_err("query flags 1", syscall(SYS_membarrier, 0, 1, 0), errno, EINVAL);
	errno = 0;
	expect_err("cmd 1<<10", syscall(SYS_membarrier, 1 << 10, 0, 0), errno, EINVAL);
	done();
	return 0;
}
