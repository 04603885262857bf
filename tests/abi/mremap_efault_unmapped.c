/* mremap_efault_unmapped: "EFAULT Some address in the range old_address to
 * old_address+old_size is an invalid virtual memory address for this
 * process." When nothing is mapped at old_address, Linux returns EFAULT
 * (mm/mremap.c: vma_lookup fails). */
#include "lvtest.h"
#include <sys/mman.h>

int main(void)
{
	long a = syscall(SYS_mmap, 0, 4 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	yesno("setup mmap ok", a != -1);
	syscall(SYS_munmap, a, 4 * 4096);
	errno = 0;
	long r = syscall(SYS_mremap, a, 4096, 2 * 4096, MREMAP_MAYMOVE);
	expect_err("grow unmapped", r, errno, EFAULT);
	errno = 0;
	r = syscall(SYS_mremap, a, 2 * 4096, 4096, 0);
	expect_err("shrink unmapped", r, errno, EFAULT);
	done();
	return 0;
}
