/* madvise_enomem: "ENOMEM Addresses in the specified range are not
 * currently mapped, or are outside the address space of the process."
 * A freed range and a range with a hole both give ENOMEM. */
#include "lvtest.h"
#include <sys/mman.h>

int main(void)
{
	long a = syscall(SYS_mmap, 0, 3 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	yesno("setup mmap ok", a != -1);
	syscall(SYS_munmap, a + 4096, 4096);
	errno = 0;
	long r = syscall(SYS_madvise, a + 4096, 4096, MADV_NORMAL);
	expect_err("unmapped page NORMAL", r, errno, ENOMEM);
	errno = 0;
	r = syscall(SYS_madvise, a + 4096, 4096, MADV_DONTNEED);
	expect_err("unmapped page DONTNEED", r, errno, ENOMEM);
	errno = 0;
	r = syscall(SYS_madvise, a, 3 * 4096, MADV_WILLNEED);
	expect_err("range with hole WILLNEED", r, errno, ENOMEM);
	syscall(SYS_munmap, a, 3 * 4096);
	done();
	return 0;
}
