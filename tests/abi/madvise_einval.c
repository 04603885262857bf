/* madvise_einval: "EINVAL addr is not page-aligned or length is negative"
 * and "EINVAL advice is not valid". Unknown advice 999 and an unaligned
 * address both give EINVAL; a valid call on the same mapping returns 0. */
#include "lvtest.h"
#include <sys/mman.h>

int main(void)
{
	long a = syscall(SYS_mmap, 0, 2 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	yesno("setup mmap ok", a != -1);
	errno = 0;
	long r = syscall(SYS_madvise, a, 4096, 999);
	expect_err("advice 999", r, errno, EINVAL);
	errno = 0;
	r = syscall(SYS_madvise, a + 1, 4096, MADV_NORMAL);
	expect_err("unaligned addr NORMAL", r, errno, EINVAL);
	errno = 0;
	r = syscall(SYS_madvise, a + 100, 4096, MADV_DONTNEED);
	expect_err("unaligned addr DONTNEED", r, errno, EINVAL);
	errno = 0;
	r = syscall(SYS_madvise, a, 4096, MADV_NORMAL);
	show_ret("valid MADV_NORMAL", r, errno);
	syscall(SYS_munmap, a, 2 * 4096);
	done();
	return 0;
}
