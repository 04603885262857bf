/* msync_basic: msync(2) on a private anonymous mapping with MS_SYNC returns
 * 0 (nothing to write back). "EINVAL addr is not a multiple of PAGESIZE; or
 * any bit other than MS_ASYNC | MS_INVALIDATE | MS_SYNC is set in flags; or
 * both MS_SYNC and MS_ASYNC are set in flags." "ENOMEM The indicated memory
 * (or part of it) was not mapped." */
#include "lvtest.h"
#include <sys/mman.h>

int main(void)
{
	long a = syscall(SYS_mmap, 0, 2 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	yesno("setup mmap ok", a != -1);
	((volatile char *)a)[0] = 1;
	errno = 0;
	long r = syscall(SYS_msync, a, 2 * 4096, MS_SYNC);
	show_ret("MS_SYNC", r, errno);
	errno = 0;
	r = syscall(SYS_msync, a, 2 * 4096, MS_ASYNC);
	show_ret("MS_ASYNC", r, errno);
	errno = 0;
	r = syscall(SYS_msync, a, 2 * 4096, MS_SYNC | MS_ASYNC);
	expect_err("MS_SYNC|MS_ASYNC", r, errno, EINVAL);
	errno = 0;
	r = syscall(SYS_msync, a + 1, 4096, MS_SYNC);
	expect_err("unaligned addr", r, errno, EINVAL);
	errno = 0;
	r = syscall(SYS_msync, a, 4096, 0x40);
	expect_err("unknown flag 0x40", r, errno, EINVAL);
	syscall(SYS_munmap, a, 2 * 4096);
	errno = 0;
	r = syscall(SYS_msync, a, 4096, MS_SYNC);
	expect_err("unmapped", r, errno, ENOMEM);
	done();
	return 0;
}
